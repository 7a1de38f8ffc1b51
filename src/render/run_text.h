#ifndef SG_RENDER_RUN_TEXT_H
#define SG_RENDER_RUN_TEXT_H
/* The human report of one run analysis, for a terminal. */
#include <stdbool.h>
#include <stdio.h>

#include "strideguard/run_analysis.h"

/* Writes the report to f; imperial selects miles/feet. `title` (may be
 * NULL) is printed as the first line, e.g. the file name or activity id.
 * Returns 0, or -1 when writing failed (ferror). */
int sg_run_text_write(FILE *f, const sg_run_result *r, const char *title, bool imperial);

#endif
