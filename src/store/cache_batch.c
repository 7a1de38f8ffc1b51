/* Cached analysis results of many activities in one statement
 * (include/strideguard/store.h, "analysis cache"). A use case that needs the
 * same cached result of every run (load's per-run inputs) would otherwise
 * ask once per run: one round trip each on PostgreSQL. Written once for both
 * backends through the generic `sql` primitive (src/store/backend.h), with
 * the current athlete as $1 like every other statement of the store. */
#include "store/store_internal.h"
#include "strideguard/store.h"

typedef struct batch_call {
    int (*fn)(void *ctx, long long activity_id, const char *json);
    void *ctx;
} batch_call;

static int batch_row(void *ctx, const sg_store_value *c, int n)
{
    batch_call *b = ctx;
    if (n < 2 || c[0].null || c[1].null)
        return 0;
    return b->fn(b->ctx, c[0].i, sg_sql_value_text(&c[1]));
}

int sg_store_cache_get_all(sg_store *st, const char *name, int version,
                           int (*fn)(void *ctx, long long activity_id, const char *json),
                           void *ctx, sg_err *err)
{
    if (!st || !name || !fn)
        return sg_err_set(err, SG_EUSAGE, -1, "cache: missing argument");
    sg_store_param p[] = {sg_sql_int(st->athlete), sg_sql_text(name), sg_sql_int(version)};
    batch_call b = {fn, ctx};
    /* one pass over the athlete's activities (activities_start leads with
     * athlete_id), each run's row found by analysis_cache's key (activity_id,
     * name); a run without one gives a NULL, skipped. Written as a scalar
     * subquery, not a join: PostgreSQL planned the join as a scan of every
     * athlete's cached rows (23 ms for a clinic of 33,000 rows, growing with
     * the clinic; this form 4 ms, the athlete's runs only) */
    return sg_sql_run(st,
                      "SELECT a.id, (SELECT c.json FROM analysis_cache c"
                      " WHERE c.activity_id = a.id AND c.name = $2 AND c.version = $3"
                      " AND c.inputs = '') FROM activities a"
                      " WHERE a.athlete_id = $1 ORDER BY a.id",
                      p, 3, batch_row, &b, NULL, err);
}
