/* The dashboard's run view (src/app/run_view.h). */
#include "app/run_view.h"

#include <stdlib.h>
#include <string.h>

#include "app/show.h"
#include "model/jsonw.h"
#include "strideguard/run_analysis.h"

/* Analyses the run with its baseline and caches both documents, fresh for k. */
static int compute(sg_store *st, const sg_app_docs *docs, const sg_show_key *k, char **analysis,
                   char **series, sg_err *err)
{
    sg_activity *act = NULL;
    sg_run_baseline *base = NULL;
    sg_run_result *res = NULL;
    sg_run_profile prof;
    memset(&prof, 0, sizeof prof);
    int rc = sg_store_load(st, k->self.id, NULL, &act, err);
    if (rc)
        goto out;
    base = malloc(sizeof *base);
    res = malloc(sizeof *res);
    if (!base || !res) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    if ((rc = sg_show_baseline_of(st, k, NULL, base, err)) ||
        (rc = sg_run_analyze_profile(act, base, res, &prof, SG_RUN_VIEW_POINTS, err)) ||
        (rc = sg_app_doc_run(docs, res, analysis, err)) ||
        (rc = sg_app_doc_run_series(docs, &prof, series, err)))
        goto out;
    /* the cache is an optimisation: failing to write it is not an error */
    sg_show_cache_put(st, k, SG_SHOW_CACHE_NAME, *analysis, NULL);
    sg_show_cache_put(st, k, SG_RUN_SERIES_CACHE, *series, NULL);
out:
    sg_run_profile_free(&prof);
    free(res);
    free(base);
    sg_activity_free(act);
    return rc;
}

int sg_app_run_view(sg_store *st, const sg_app_docs *docs, long long id, char **json, sg_err *err)
{
    *json = NULL;
    char *analysis = NULL, *series = NULL;
    sg_show_key *k = malloc(sizeof *k);
    if (!k)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    int rc = sg_show_key_of(st, id, k, err);
    if (rc)
        goto out;
    if (sg_show_cache_get(st, k, SG_SHOW_CACHE_NAME, &analysis, NULL) ||
        sg_show_cache_get(st, k, SG_RUN_SERIES_CACHE, &series, NULL)) {
        free(analysis);
        free(series);
        analysis = series = NULL;
        if ((rc = compute(st, docs, k, &analysis, &series, err)))
            goto out;
    }
    *json = sg_json_add_member(analysis, "series", series);
    if (!*json)
        rc = sg_err_set(err, SG_EFORMAT, -1, "cached run analysis is damaged (or out of memory)");
out:
    free(k);
    free(analysis);
    free(series);
    return rc;
}
