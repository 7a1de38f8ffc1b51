#ifndef SG_RENDER_TRUNK_JSON_H
#define SG_RENDER_TRUNK_JSON_H
/* Writers for trunk analysis results: the stable JSON document of
 * `strideguard imu --json` (schema in docs/cli.md, "imu") and the human
 * summary. Neither allocates beyond the writer; errors are the writer's
 * (sticky, see jsonw.h) or the FILE's. */

#include <stdio.h>

#include "analysis/trunk_analysis.h"
#include "app/imu_store.h"
#include "model/jsonw.h"
#include "strideguard/imu.h"

/* Writes the document for one recording. `file` may be NULL. */
void sg_trunk_json(sg_jw *w, const char *file, const sg_imu *rec, const sg_trunk_result *r);

/* Human-readable summary (metric units). */
void sg_trunk_text(FILE *f, const char *file, const sg_imu *rec, const sg_trunk_result *r);

/* The stored recordings (app/imu_store.h): the JSON array of `imu --list
 * --json` and GET /api/imu (schema in docs/cli.md, "imu": each with its
 * linked activity's id, start, sport, name, distance and duration, or null),
 * and the text table (id, start, duration, rate, gyro, reader, file, linked
 * activity). */
void sg_imu_list_json(sg_jw *w, const sg_app_imu_list_result *l);
void sg_imu_list_text(FILE *f, const sg_app_imu_list_result *l);

#endif
