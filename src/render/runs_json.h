#ifndef SG_RENDER_RUNS_JSON_H
#define SG_RENDER_RUNS_JSON_H
/* One stored activity as the `runs --json` / GET /api/runs object
 * (docs/cli.md "runs"). */

#include "app/runs.h"
#include "model/jsonw.h"

void sg_runs_json_row(sg_jw *w, const sg_run_row *r);

/* One logged delete or undo, as `runs delete|undo|changes --json` and their
 * API twins write it (docs/cli.md "runs"). */
void sg_runs_json_change(sg_jw *w, const sg_store_change *c);

#endif
