#ifndef SG_RENDER_RUN_JSON_H
#define SG_RENDER_RUN_JSON_H
/* The stable JSON document of one run analysis (schema: docs/cli.md,
 * "show"). Units are in the key names; NaN is null. */
#include "model/jsonw.h"
#include "strideguard/run_analysis.h"

/* Writes the result as one JSON object at the writer's current position.
 * Errors are the writer's (sticky, sg_jw_error). */
void sg_run_json_write(sg_jw *w, const sg_run_result *r);

#endif
