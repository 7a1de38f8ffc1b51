#ifndef SG_RENDER_GEAR_RENDER_H
#define SG_RENDER_GEAR_RENDER_H
/* The gear report as JSON (schema: docs/cli.md "gear") and as text. Neither
 * fails on its own: JSON errors are sticky in the writer, text errors in
 * the FILE. */

#include <stdbool.h>
#include <stdio.h>

#include "app/gear.h"
#include "model/jsonw.h"

/* One item: {"id","name","brand","model","sport","since","retire_km",
 * "retired","default"} (the stored item with its id). */
void sg_gear_write_json(sg_jw *w, const sg_gear *g);
/* {"today","caveat","runs_without_shoe","shoes":[item + totals]}. */
void sg_gear_report_write_json(sg_jw *w, const sg_app_gear_result *r);
void sg_gear_report_write_text(FILE *f, const sg_app_gear_result *r, bool miles);

#endif
