#ifndef SG_RENDER_RUNS_JSON_H
#define SG_RENDER_RUNS_JSON_H
/* One stored activity as the `runs --json` / GET /api/runs object
 * (docs/cli.md "runs"). */

#include "app/runs.h"
#include "model/jsonw.h"

void sg_runs_json_row(sg_jw *w, const sg_run_row *r);

#endif
