/* Listing stored activities with their source files (src/app/runs.h). */
#include "app/runs.h"

#include "strideguard/alloc.h"
#include "strideguard/civil.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Every source file name, by activity id then import order, gathered in one
 * query before the listing (one query per activity was most of the time of
 * GET /api/runs). The same name twice for one activity is kept once. */
typedef struct src_name {
    long long activity_id;
    char *name;
} src_name;

typedef struct src_all {
    src_name *v;
    size_t n, cap;
} src_all;

static int add_src(void *ctx, const sg_store_source *s)
{
    src_all *a = ctx;
    for (size_t i = a->n; i-- > 0 && a->v[i].activity_id == s->activity_id;)
        if (strcmp(a->v[i].name, s->file_name) == 0)
            return 0;
    if (a->n == a->cap) {
        src_name *nv = sg_grow(NULL, a->v, &a->cap, sizeof *nv, 256, SIZE_MAX);
        if (!nv)
            return SG_ENOMEM;
        a->v = nv;
    }
    a->v[a->n].activity_id = s->activity_id;
    a->v[a->n].name = strdup(s->file_name);
    if (!a->v[a->n].name)
        return SG_ENOMEM;
    a->n++;
    return 0;
}

typedef struct list_ctx {
    const src_all *src;
    int (*fn)(void *, const sg_run_row *);
    void *ctx;
} list_ctx;

static int each(void *ctx, const sg_store_row *row)
{
    list_ctx *l = ctx;
    /* first source of this activity: binary search on the sorted ids */
    size_t lo = 0, hi = l->src->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->src->v[mid].activity_id < row->id)
            lo = mid + 1;
        else
            hi = mid;
    }
    sg_run_row r = {row, 0, {NULL}};
    for (size_t i = lo; i < l->src->n && l->src->v[i].activity_id == row->id; i++, r.n_sources++)
        if (r.n_sources < SG_RUNS_MAX_SOURCES)
            r.sources[r.n_sources] = l->src->v[i].name;
    return l->fn(l->ctx, &r);
}

int sg_runs_list(sg_store *st, const sg_store_filter *f,
                 int (*fn)(void *ctx, const sg_run_row *r), void *ctx, sg_err *err)
{
    src_all all = {NULL, 0, 0};
    int rc = sg_store_sources(st, 0, add_src, &all, err);
    if (rc == SG_ENOMEM)
        sg_err_set(err, SG_ENOMEM, -1, "out of memory listing sources");
    if (!rc) {
        list_ctx l = {&all, fn, ctx};
        rc = sg_store_list(st, f, each, &l, err);
    }
    for (size_t i = 0; i < all.n; i++)
        free(all.v[i].name);
    free(all.v);
    return rc;
}

int sg_runs_parse_date(const char *s, double *out, sg_err *err)
{
    long long days;
    int h = 0, mi = 0, sec = 0;
    if (sg_civil_date_scan(s, &days) != SG_DATE_OK)
        goto bad;
    if (s[10]) {
        int k = 0;
        if ((s[10] != 'T' && s[10] != ' ') ||
            sscanf(s + 11, "%2d:%2d%n", &h, &mi, &k) != 2 || k != 5)
            goto bad;
        const char *p = s + 16;
        if (*p == ':') {
            if (sscanf(p + 1, "%2d%n", &sec, &k) != 1 || k != 2)
                goto bad;
            p += 3;
        }
        if (*p == 'Z')
            p++;
        if (*p)
            goto bad;
    }
    if (h > 23 || mi > 59 || sec > 60)
        goto bad;
    *out = (double)(days * 86400 + h * 3600 + mi * 60 + sec);
    return SG_OK;
bad:
    return sg_err_set(err, SG_EUSAGE, -1,
                      "'%s' is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", s);
}

void sg_runs_format_time(double t, char *buf, size_t cap)
{
    if (!cap)
        return;
    char iso[21];
    snprintf(buf, cap, "%s", sg_civil_iso8601_format(t, iso));
}

/* ---- deleting with undo ------------------------------------------------ */

typedef struct last_ctx {
    sg_store_change last;      /* the newest change */
    sg_store_change undoable;  /* the newest delete still in the trash */
    bool any, any_undoable;
} last_ctx;

static int last_fn(void *ctx, const sg_store_change *c)
{
    last_ctx *l = ctx;
    l->last = *c;
    l->any = true;
    if (c->undoable) {
        l->undoable = *c;
        l->any_undoable = true;
    }
    return 0;
}

static int logged(sg_store *st, sg_store_change *done, sg_err *err)
{
    if (!done)
        return SG_OK;
    last_ctx l;
    memset(&l, 0, sizeof l);
    int rc = sg_store_changes(st, last_fn, &l, err);
    if (!rc)
        *done = l.last;
    return rc;
}

int sg_runs_delete(sg_store *st, long long id, sg_store_change *done, sg_err *err)
{
    sg_err e2;
    int rc = sg_store_trash(st, id, &e2);
    if (rc == SG_ENOTFOUND)
        return sg_err_set(err, rc, -1, "no run with id %lld (see 'strideguard runs')", id);
    if (rc) {
        if (err)
            *err = e2;
        return rc;
    }
    return logged(st, done, err);
}

int sg_runs_undo(sg_store *st, sg_store_change *done, sg_err *err)
{
    sg_err e2;
    long long id = 0;
    int rc = sg_store_untrash_last(st, &id, &e2);
    if (rc == SG_ENOTFOUND)
        return sg_err_set(err, rc, -1, "nothing to undo: no deleted run is kept");
    if (rc == SG_EEXISTS) {
        last_ctx l;
        memset(&l, 0, sizeof l);
        if (sg_store_changes(st, last_fn, &l, NULL) == SG_OK && l.any_undoable)
            return sg_err_set(err, rc, -1,
                              "cannot restore run %lld: %s (delete the re-imported run to undo)",
                              l.undoable.activity_id, e2.msg);
        return sg_err_set(err, rc, -1, "cannot restore the deleted run: %s", e2.msg);
    }
    if (rc) {
        if (err)
            *err = e2;
        return rc;
    }
    return logged(st, done, err);
}

int sg_runs_changes(sg_store *st, int (*fn)(void *ctx, const sg_store_change *c), void *ctx,
                    sg_err *err)
{
    return sg_store_changes(st, fn, ctx, err);
}
