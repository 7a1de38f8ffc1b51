#ifndef SG_RENDER_RUN_JSON_H
#define SG_RENDER_RUN_JSON_H
/* The stable JSON document of one run analysis (schema: docs/cli.md,
 * "show"). Units are in the key names; NaN is null. */
#include "model/jsonw.h"
#include "strideguard/run_analysis.h"

/* Writes the result as one JSON object at the writer's current position.
 * Errors are the writer's (sticky, sg_jw_error). */
void sg_run_json_write(sg_jw *w, const sg_run_result *r);

/* Writes the run view's chart profile as one object {time_s, distance_m,
 * altitude_m, grade_pct, speed_mps, heart_rate, cadence_spm,
 * balance_left_pct}: arrays of equal length, null = no value. Errors are the
 * writer's. */
void sg_run_series_json_write(sg_jw *w, const sg_run_profile *p);

#endif
