/* Stored IMU recordings: listing, analysis with a cache (app/imu_store.h). */
#include "app/imu_store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/imu.h"
#include "strideguard/alloc.h"

/* ---- listing ------------------------------------------------------------ */

#define SG_APP_IMU_LIST_MAX 100000

typedef struct list_ctx {
    sg_store *st;
    sg_app_imu_list_result *out;
    sg_err *err;
} list_ctx;

static int list_fn(void *ctx, const sg_store_imu_row *r)
{
    list_ctx *l = ctx;
    sg_app_imu_list_result *o = l->out;
    int rc = sg_grow_room(&o->v, o->n, &o->cap, sizeof *o->v, 16, SG_APP_IMU_LIST_MAX,
                          "recordings", l->err);
    if (rc)
        return rc;
    sg_app_imu_item *it = &o->v[o->n++];
    it->row = *r;
    it->has_activity = r->linked_activity_id > 0 &&
                       sg_store_get(l->st, r->linked_activity_id, &it->activity, NULL) == SG_OK;
    return 0;
}

int sg_app_imu_list(sg_store *st, sg_app_imu_list_result *out, sg_err *err)
{
    memset(out, 0, sizeof *out);
    list_ctx l = {st, out, err};
    int rc = sg_store_imu_list(st, list_fn, &l, err);
    if (rc)
        sg_app_imu_list_free(out);
    return rc;
}

void sg_app_imu_list_free(sg_app_imu_list_result *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* ---- one recording ------------------------------------------------------ */

int sg_app_imu_analyze_stored(sg_store *st, long long id, const sg_trunk_opts *to,
                              sg_store_imu_row *row, sg_imu **rec, sg_trunk_result **res,
                              sg_err *err)
{
    *rec = NULL;
    *res = NULL;
    int rc = sg_store_imu_get(st, id, row, err);
    if (rc)
        return rc;
    if ((rc = sg_store_imu_load(st, id, NULL, rec, err)))
        return rc;
    /* the linked run's speed and grade match the fatigue comparison */
    sg_app_imu_context cx;
    if ((rc = sg_app_imu_context_from_store(st, row->linked_activity_id, &cx, err)) == SG_OK)
        return sg_app_imu_analyze_in(rec, to, &cx, res, err);
    sg_app_imu_context_free(&cx);
    sg_imu_free(*rec);
    *rec = NULL;
    return rc;
}

void sg_app_imu_trunk_cache_name(long long linked, char buf[SG_IMU_TRUNK_CACHE_NAME_MAX])
{
    if (linked > 0)
        snprintf(buf, SG_IMU_TRUNK_CACHE_NAME_MAX, "%s_run%lld", SG_IMU_TRUNK_CACHE, linked);
    else
        snprintf(buf, SG_IMU_TRUNK_CACHE_NAME_MAX, "%s", SG_IMU_TRUNK_CACHE);
}

/* The cached trunk document (compact JSON), computing it on a miss. */
static int trunk_doc(sg_store *st, const sg_app_docs *docs, long long id, sg_store_imu_row *row, char **doc, sg_err *err)
{
    *doc = NULL;
    int rc = sg_store_imu_get(st, id, row, err);
    if (rc)
        return rc;
    /* the analysis depends on the linked run (speed and grade): one cache
     * entry per link */
    char name[SG_IMU_TRUNK_CACHE_NAME_MAX];
    sg_app_imu_trunk_cache_name(row->linked_activity_id, name);
    if (sg_store_imu_cache_get(st, id, name, SG_IMU_TRUNK_CACHE_VERSION, doc, NULL) == SG_OK)
        return SG_OK;
    sg_imu *rec = NULL;
    sg_trunk_result *res = NULL;
    if ((rc = sg_app_imu_analyze_stored(st, id, NULL, row, &rec, &res, err)))
        return rc;
    rc = sg_app_doc_trunk(docs, row->path, rec, res, doc, err);
    if (!rc) /* a cache that cannot be written only costs time next time */
        sg_store_imu_cache_put(st, id, name, SG_IMU_TRUNK_CACHE_VERSION, *doc, NULL);
    sg_trunk_result_free(res);
    sg_imu_free(rec);
    return rc;
}

int sg_app_imu_view_json(sg_store *st, const sg_app_docs *docs, long long id, sg_jw *w,
                         sg_err *err)
{
    sg_store_imu_row *row = malloc(sizeof *row);
    char *doc = NULL, *out = NULL;
    int rc;
    if (!row)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    if ((rc = trunk_doc(st, docs, id, row, &doc, err)))
        goto out;
    /* The cached document is an object "{...}": prepend the store's keys, which
     * may change (links) while the analysis does not. */
    size_t n = strlen(doc);
    if (n < 2 || doc[0] != '{') {
        rc = sg_err_set(err, SG_EFORMAT, -1, "cached analysis of recording %lld is damaged", id);
        goto out;
    }
    char head[96];
    int hl;
    if (row->linked_activity_id > 0)
        hl = snprintf(head, sizeof head, "{\"id\":%lld,\"linked_activity_id\":%lld%s", id,
                      row->linked_activity_id, doc[1] == '}' ? "" : ",");
    else
        hl = snprintf(head, sizeof head, "{\"id\":%lld,\"linked_activity_id\":null%s", id,
                      doc[1] == '}' ? "" : ",");
    out = malloc((size_t)hl + n);
    if (!out) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    memcpy(out, head, (size_t)hl);
    memcpy(out + hl, doc + 1, n); /* includes the NUL */
    sg_jw_raw(w, out);
out:
    free(out);
    free(doc);
    free(row);
    return rc;
}

int sg_app_imu_link(sg_store *st, long long id, long long activity_id, sg_app_imu_link_res *out,
                    sg_err *err)
{
    memset(out, 0, sizeof *out);
    sg_store_imu_row *row = malloc(sizeof *row);
    int rc = row ? sg_store_imu_link(st, id, activity_id, err)
                 : sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    if (!rc)
        rc = sg_store_imu_get(st, id, row, err);
    if (!rc) {
        out->linked_activity_id = row->linked_activity_id;
        out->pinned = row->link_pinned;
    }
    free(row);
    return rc;
}
