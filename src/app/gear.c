/* The `gear` use case (src/app/gear.h). */
#include "app/gear.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/journal.h"
#include "strideguard/alloc.h"
#include "strideguard/load.h"

static const char *const status_names[] = {"ok", "due_soon", "due", "retired"};

const char *sg_gear_status_name(sg_gear_status s)
{
    return (s >= SG_GEAR_OK && s <= SG_GEAR_RETIRED) ? status_names[s] : "ok";
}

/* ---- loading ---- */

typedef struct items {
    sg_gear *v;
    size_t n, cap;
    sg_err *err;
    int rc;
} items;

static int take_item(void *ctx, long long id, const char *payload)
{
    items *l = ctx;
    sg_gear g;
    sg_err e2;
    sg_err_clear(&e2);
    if (sg_gear_from_json(payload, strlen(payload), &g, &e2)) {
        l->rc = sg_err_set(l->err, SG_EFORMAT, -1, "shoe %lld is damaged: %s", id, e2.msg);
        return l->rc;
    }
    g.id = id;
    if ((l->rc = sg_grow_room(&l->v, l->n, &l->cap, sizeof *l->v, 16, SG_APP_GEAR_MAX, "shoes",
                              l->err)))
        return l->rc;
    l->v[l->n++] = g;
    return 0;
}

static int load_items(sg_store *st, items *l, sg_err *err)
{
    memset(l, 0, sizeof *l);
    l->err = err;
    int rc = sg_store_gear_list(st, take_item, l, err);
    if (l->rc)
        rc = l->rc;
    if (rc) {
        free(l->v);
        l->v = NULL;
        l->n = 0;
    }
    return rc;
}

typedef struct pairs {
    long long (*v)[2];
    size_t n, cap;
    sg_err *err;
    int rc;
} pairs;

static int take_pair(void *ctx, long long run, long long gear)
{
    pairs *p = ctx;
    if (p->n == p->cap) {
        long long(*nv)[2] = sg_grow(NULL, p->v, &p->cap, sizeof *nv, 64, SIZE_MAX);
        if (!nv) {
            p->rc = sg_err_set(p->err, SG_ENOMEM, -1, "out of memory");
            return p->rc;
        }
        p->v = nv;
    }
    p->v[p->n][0] = run;
    p->v[p->n][1] = gear;
    p->n++;
    return 0;
}

/* The assignment of run (pairs are by run id), or 0. */
static long long assigned_to(const pairs *p, long long run)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->v[mid][0] == run)
            return p->v[mid][1];
        if (p->v[mid][0] < run)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

typedef struct walk {
    sg_app_gear_result *r;
    const items *it;
    const pairs *as;
    long long runs_recent;
    long long *recent;           /* per item: runs in the share window */

    const sg_entry *pain;
    size_t n_pain;
    unsigned char *hit;          /* per pain entry x item: counted once */
} walk;

static int take_run(void *ctx, const sg_store_row *row)
{
    walk *w = ctx;
    sg_app_gear_result *r = w->r;
    if (!isfinite(row->s.start))
        return 0;
    const int day = sg_load_day_of(row->s.start);
    if (day > r->today)
        return 0;
    long long gid = assigned_to(w->as, row->id);
    size_t k = r->n;
    bool by_default = false;
    if (gid) {
        for (size_t i = 0; i < r->n; i++)
            if (r->items[i].gear.id == gid)
                k = i;
    } else {
        for (size_t i = 0; i < r->n; i++) {
            const sg_gear *g = &r->items[i].gear;
            if (g->is_default && !g->retired && g->sport == row->s.sport &&
                (g->since_day == SG_GEAR_NO_DAY || day >= g->since_day)) {
                k = i;
                by_default = true;
            }
        }
    }
    const bool recent = sg_sport_on_foot(row->s.sport) && day > r->today - SG_APP_GEAR_SHARE_DAYS;
    w->runs_recent += recent;
    if (k == r->n) {
        r->runs_without += sg_sport_on_foot(row->s.sport);
        return 0;
    }
    sg_app_gear_item *x = &r->items[k];
    x->runs++;
    x->assigned += !by_default;
    if (row->s.distance_m > 0)
        x->distance_m += row->s.distance_m;
    if (row->s.moving_time_s > 0)
        x->moving_time_s += row->s.moving_time_s;
    if (x->first_day == SG_GEAR_NO_DAY || day < x->first_day)
        x->first_day = day;
    if (x->last_day == SG_GEAR_NO_DAY || day > x->last_day)
        x->last_day = day;
    w->recent[k] += recent;
    for (size_t p = 0; p < w->n_pain; p++) {
        const int pd = w->pain[p].u.pain.day;
        if (pd >= day && pd <= day + SG_APP_GEAR_PAIN_DAYS && !w->hit[p * r->n + k]) {
            w->hit[p * r->n + k] = 1;
            x->pain_after++;
        }
    }
    return 0;
}

void sg_app_gear_report_free(sg_app_gear_result *r)
{
    if (!r)
        return;
    free(r->items);
    r->items = NULL;
    r->n = 0;
}

int sg_app_gear_report(sg_store *st, int today, sg_app_gear_result *r, sg_err *err)
{
    memset(r, 0, sizeof *r);
    r->today = today;
    items it;
    pairs as = {NULL, 0, 0, err, SG_OK};
    sg_entry *es = NULL, *pain = NULL;
    size_t n_es = 0, n_pain = 0;
    walk w;
    memset(&w, 0, sizeof w);
    int rc = load_items(st, &it, err);
    if (rc)
        return rc;
    if ((rc = sg_store_gear_assignments(st, take_pair, &as, err)) || (rc = as.rc))
        goto out;
    if ((rc = sg_app_journal_load(st, SG_ENTRY_PAIN, SG_JOURNAL_NO_DAY, today, &es, &n_es, err)))
        goto out;
    pain = es; /* keep only pain above 0 */
    for (size_t i = 0; i < n_es; i++)
        if (es[i].u.pain.severity > 0)
            pain[n_pain++] = es[i];
    r->n = it.n;
    r->items = calloc(it.n ? it.n : 1, sizeof *r->items);
    w.recent = calloc(it.n ? it.n : 1, sizeof *w.recent);
    w.hit = calloc((n_pain ? n_pain : 1) * (it.n ? it.n : 1), 1);
    if (!r->items || !w.recent || !w.hit) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < it.n; i++) {
        sg_app_gear_item *x = &r->items[i];
        x->gear = it.v[i];
        x->first_day = x->last_day = SG_GEAR_NO_DAY;
    }
    w.r = r;
    w.it = &it;
    w.as = &as;
    w.pain = pain;
    w.n_pain = n_pain;
    sg_store_filter f;
    sg_store_filter_init(&f);
    if ((rc = sg_store_list(st, &f, take_run, &w, err)))
        goto out;
    for (size_t i = 0; i < r->n; i++) {
        sg_app_gear_item *x = &r->items[i];
        x->share_pct = w.runs_recent ? 100.0 * (double)w.recent[i] / (double)w.runs_recent : NAN;
        x->retire_default = isnan(x->gear.retire_km);
        x->retire_km = x->retire_default ? SG_GEAR_RETIRE_KM_DEFAULT : x->gear.retire_km;
        const double km = x->distance_m / 1000.0;
        x->status = x->gear.retired                            ? SG_GEAR_RETIRED
                    : km >= x->retire_km                        ? SG_GEAR_DUE
                    : km >= SG_APP_GEAR_SOON_FRAC * x->retire_km ? SG_GEAR_DUE_SOON
                                                                : SG_GEAR_OK;
    }
out:
    free(it.v);
    free(as.v);
    free(es);
    free(w.recent);
    free(w.hit);
    if (rc)
        sg_app_gear_report_free(r);
    return rc;
}

int sg_app_gear_get(sg_store *st, long long id, sg_gear *out, sg_err *err)
{
    items it;
    int rc = load_items(st, &it, err);
    if (rc)
        return rc;
    rc = sg_err_set(err, SG_ENOTFOUND, -1, "no shoe %lld (see 'strideguard gear')", id);
    for (size_t i = 0; i < it.n; i++)
        if (it.v[i].id == id) {
            *out = it.v[i];
            sg_err_clear(err);
            rc = SG_OK;
        }
    free(it.v);
    return rc;
}

static int put(sg_store *st, sg_gear *g, sg_err *err)
{
    char *json = NULL;
    int rc = sg_gear_to_json(g, &json, err);
    if (!rc)
        rc = sg_store_gear_put(st, g->id, json, &g->id, err);
    free(json);
    return rc;
}

int sg_app_gear_save(sg_store *st, sg_gear *g, sg_err *err)
{
    if (g->retired)
        g->is_default = false;
    int rc = sg_gear_validate(g, err);
    if (rc)
        return rc;
    items it;
    if ((rc = load_items(st, &it, err)))
        return rc;
    if (g->id) {
        bool found = false;
        for (size_t i = 0; i < it.n; i++)
            found |= it.v[i].id == g->id;
        if (!found) {
            free(it.v);
            return sg_err_set(err, SG_ENOTFOUND, -1, "no shoe %lld (see 'strideguard gear')",
                              g->id);
        }
    } else if (it.n >= SG_APP_GEAR_MAX) {
        free(it.v);
        return sg_err_set(err, SG_EUSAGE, -1, "at most %d shoes", SG_APP_GEAR_MAX);
    }
    if ((rc = sg_store_begin(st, err))) {
        free(it.v);
        return rc;
    }
    if (g->is_default)
        for (size_t i = 0; !rc && i < it.n; i++)
            if (it.v[i].id != g->id && it.v[i].is_default && it.v[i].sport == g->sport) {
                it.v[i].is_default = false;
                rc = put(st, &it.v[i], err);
            }
    if (!rc)
        rc = put(st, g, err);
    if (!rc)
        rc = sg_store_commit(st, err);
    else
        sg_store_rollback(st, NULL);
    free(it.v);
    return rc;
}

int sg_app_gear_delete(sg_store *st, long long id, sg_err *err)
{
    int rc = sg_store_gear_delete(st, id, err);
    if (rc == SG_ENOTFOUND)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no shoe %lld (see 'strideguard gear')", id);
    return rc;
}

int sg_app_gear_assign(sg_store *st, long long run_id, long long gear_id, sg_err *err)
{
    return sg_store_gear_assign(st, run_id, gear_id, err);
}
