/* Stored IMU recordings: listing, analysis with a cache (app/imu_store.h). */
#include "app/imu_store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/imu.h"
#include "app/runs.h"

/* ---- listing ------------------------------------------------------------ */

typedef struct list_ctx {
    sg_store *st;
    sg_jw *w;
    FILE *f;
    sg_err *err;
} list_ctx;

static void time_or_null(sg_jw *w, const char *k, double t)
{
    char buf[32];
    sg_runs_format_time(t, buf, sizeof buf);
    sg_jw_kstr(w, k, buf[0] ? buf : NULL);
}

static int list_json_fn(void *ctx, const sg_store_imu_row *r)
{
    list_ctx *l = ctx;
    sg_jw *w = l->w;
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "id", r->id);
    time_or_null(w, "start", r->start);
    sg_jw_knumf(w, "duration_s", r->duration_s, 2);
    sg_jw_knum(w, "sample_rate_hz", r->sample_rate_hz);
    sg_jw_kint(w, "samples", r->n_samples);
    sg_jw_kbool(w, "gyroscope", r->has_gyro);
    sg_jw_kstr(w, "reader", r->reader);
    sg_jw_kstr(w, "file", r->file_name);
    sg_jw_kstr(w, "path", r->path);
    sg_jw_kstr(w, "sha256", r->sha256);
    time_or_null(w, "imported", (double)r->created_at);
    if (r->linked_activity_id > 0)
        sg_jw_kint(w, "linked_activity_id", r->linked_activity_id);
    else
        sg_jw_knull(w, "linked_activity_id");
    sg_jw_kstr(w, "link", r->link_pinned ? "pinned" : "auto");
    sg_jw_key(w, "activity");
    sg_store_row a;
    if (r->linked_activity_id > 0 && sg_store_get(l->st, r->linked_activity_id, &a, NULL) == SG_OK) {
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "id", a.id);
        time_or_null(w, "start", a.s.start);
        sg_jw_kstr(w, "sport", sg_sport_name(a.s.sport));
        sg_jw_kstr(w, "name", a.s.name[0] ? a.s.name : NULL);
        sg_jw_knumf(w, "distance_m", a.s.distance_m, 1);
        sg_jw_knumf(w, "duration_s", a.s.duration_s, 1);
        sg_jw_obj_end(w);
    } else {
        sg_jw_null(w);
    }
    sg_jw_obj_end(w);
    return sg_jw_error(w) ? SG_EIO : 0;
}

int sg_app_imu_list_json(sg_store *st, sg_jw *w, sg_err *err)
{
    list_ctx l = {st, w, NULL, err};
    sg_jw_arr_begin(w);
    int rc = sg_store_imu_list(st, list_json_fn, &l, err);
    sg_jw_arr_end(w);
    if (rc == SG_EIO)
        rc = sg_err_set(err, SG_EIO, -1, "cannot write the list");
    return rc;
}

static int list_text_fn(void *ctx, const sg_store_imu_row *r)
{
    list_ctx *l = ctx;
    char start[32], link[96];
    sg_runs_format_time(r->start, start, sizeof start);
    if (!start[0])
        snprintf(start, sizeof start, "(relative time)");
    link[0] = '\0';
    sg_store_row a;
    if (r->linked_activity_id > 0 &&
        sg_store_get(l->st, r->linked_activity_id, &a, NULL) == SG_OK) {
        char as[32];
        sg_runs_format_time(a.s.start, as, sizeof as);
        snprintf(link, sizeof link, "activity %lld (%s)%s", a.id, as,
                 r->link_pinned ? " pinned" : "");
    } else {
        snprintf(link, sizeof link, "-");
    }
    fprintf(l->f, "%5lld  %-20s  %8.1f s  %5.0f Hz  %-4s  %-12s  %-28s  %s\n", r->id, start,
            r->duration_s, r->sample_rate_hz, r->has_gyro ? "gyro" : "-", r->reader,
            r->file_name, link);
    return ferror(l->f) ? SG_EIO : 0;
}

int sg_app_imu_list_text(sg_store *st, FILE *f, sg_err *err)
{
    list_ctx l = {st, NULL, f, err};
    fprintf(f, "%5s  %-20s  %10s  %8s  %-4s  %-12s  %-28s  %s\n", "id", "start (UTC)",
            "duration", "rate", "gyro", "reader", "file", "linked");
    int rc = sg_store_imu_list(st, list_text_fn, &l, err);
    if (rc == SG_EIO)
        rc = sg_err_set(err, SG_EIO, -1, "cannot write the list");
    return rc;
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
    sg_trunk_opts o = {0};
    if (to)
        o = *to;
    if ((rc = sg_app_imu_context_from_store(st, row->linked_activity_id, &cx, err)) == SG_OK) {
        if (!o.context && cx.have)
            o.context = &cx.ctx;
        rc = sg_trunk_analyze(*rec, &o, NULL, res, err);
    }
    sg_app_imu_context_free(&cx);
    if (rc) {
        sg_imu_free(*rec);
        *rec = NULL;
    }
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
