/* `show --all` (src/app/show_all.h): every stored run's analysis, oldest
 * first, with baselines built from a sliding window of results.
 *
 * Why a ring of 2 x SG_ALL_RING results: sg_run_baseline_build wants the
 * window's results contiguous. Each result is written at j % RING and at
 * j % RING + RING, so any run of at most RING consecutive indices starting
 * at lo is the contiguous slice ring[lo % RING ...]. A tag per slot says
 * which running index it holds; a slot that does not hold the wanted index
 * (never computed, or evicted) is computed on demand, so the tags, not the
 * walk order, guarantee correctness. */
#include "app/show_all.h"

#include "strideguard/alloc.h"
#include "strideguard/alloc.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SG_ALL_RING 64
#define SG_ALL_TX_RESULTS 64
_Static_assert(SG_ALL_RING > SG_SHOW_MAX_HISTORY, "the ring must hold a whole window");

typedef struct walk {
    sg_store *st;
    const sg_app_docs *docs;     /* writes the documents cached */
    sg_show_ref *all;            /* every activity, list order */
    size_t n_all, cap_all;
    sg_show_ref *runs;           /* the running ones, list order */
    size_t n_runs;
    sg_run_result *ring;         /* 2 * SG_ALL_RING */
    size_t tag[SG_ALL_RING];     /* running index + 1 held by the slot; 0 none */
    bool ok[SG_ALL_RING];        /* analysed (else it failed and does not count) */
    sg_run_result *packed;       /* window without failed runs (rarely needed) */
    sg_run_result *cur;
    sg_run_baseline *base;
    sg_show_all_stats stats;
    bool in_tx, no_tx;
    size_t tx_results;
    sg_err row_err;
    sg_blockpool pool;                /* activities and analysis scratch */
} walk;

static int add_row(void *ctx, const sg_store_row *row)
{
    walk *w = ctx;
    int rc = sg_grow_room(&w->all, w->n_all, &w->cap_all, sizeof *w->all, 256,
                          SG_SHOW_ALL_MAX_ROWS, "activities", NULL);
    if (rc)
        return rc;   /* the walk names the limit in its own words */
    sg_show_ref_of(row, &w->all[w->n_all++]);
    return 0;
}

/* The filter test sg_store_list applies in SQL. */
static bool keeps(const sg_store_filter *f, const sg_show_ref *r)
{
    if (!f)
        return true;
    if (!isnan(f->since) && !(r->start >= f->since))
        return false;
    if (!isnan(f->until) && !(r->start < f->until))
        return false;
    return f->sport < 0 || r->sport == f->sport;
}

static void store_slot(walk *w, size_t j, const sg_run_result *r, bool ok)
{
    size_t p = j % SG_ALL_RING;
    if (ok) {
        w->ring[p] = *r;
        w->ring[p + SG_ALL_RING] = *r;
    }
    w->tag[p] = j + 1;
    w->ok[p] = ok;
}

/* Makes sure running index j's result is in its slot. */
static void ensure(walk *w, size_t j)
{
    size_t p = j % SG_ALL_RING;
    if (w->tag[p] == j + 1)
        return;
    sg_activity *act = NULL;
    /* a damaged or unanalysable earlier run just does not count (as in
     * sg_show_baseline_of) */
    bool ok = sg_store_load(w->st, w->runs[j].id, &w->pool.base, &act, NULL) == SG_OK &&
              sg_run_analyze(act, NULL, w->cur, NULL) == SG_OK;
    sg_activity_free(act);
    store_slot(w, j, w->cur, ok);
    w->stats.window_loads++;
}

static int baseline(walk *w, size_t lo, size_t hi, sg_err *err)
{
    size_t n = hi - lo, bad = 0;
    for (size_t j = lo; j < hi; j++) {
        ensure(w, j);
        bad += !w->ok[j % SG_ALL_RING];
    }
    const sg_run_result *past = w->ring + lo % SG_ALL_RING;
    if (bad) {
        size_t k = 0;
        for (size_t j = lo; j < hi; j++)
            if (w->ok[j % SG_ALL_RING])
                w->packed[k++] = w->ring[j % SG_ALL_RING];
        past = w->packed;
        n = k;
    }
    return sg_run_baseline_build(n ? past : NULL, n, &w->pool.base, w->base, err);
}

static void tx_put(walk *w, const sg_show_key *k, const char *json)
{
    if (!w->in_tx && !w->no_tx) {
        if (sg_store_begin(w->st, NULL) == SG_OK)
            w->in_tx = true;
        else
            w->no_tx = true;   /* the caller has one open: write within it */
    }
    /* the cache is an optimisation: failing to write it is not an error */
    sg_show_cache_put(w->st, k, SG_SHOW_CACHE_NAME, json, NULL);
    if (w->in_tx && ++w->tx_results >= SG_ALL_TX_RESULTS) {
        if (sg_store_commit(w->st, NULL) != SG_OK)
            sg_store_rollback(w->st, NULL);
        w->in_tx = false;
        w->tx_results = 0;
    }
}

static void tx_end(walk *w)
{
    if (w->in_tx && sg_store_commit(w->st, NULL) != SG_OK)
        sg_store_rollback(w->st, NULL);
    w->in_tx = false;
}

/* One activity: cached document or analysis against its window. */
static int one(walk *w, size_t i, size_t run_idx, bool running, sg_show_key *k,
               int (*fn)(void *, const sg_show_all_item *), void *ctx, sg_err *err)
{
    const sg_show_ref *self = &w->all[i];
    size_t lo, hi;
    sg_show_window(w->runs, running ? run_idx : w->n_runs, self->start, &lo, &hi);
    /* the key as sg_show_key_of would read it, without a query */
    k->self = *self;
    k->n = hi - lo;
    memcpy(k->hist, w->runs + lo, k->n * sizeof *k->hist);
    sg_show_inputs(&k->self, k->hist, k->n, k->inputs);

    sg_show_all_item it = {.ref = self, .rc = SG_OK, .err = &w->row_err};
    char *json = NULL;
    sg_activity *act = NULL;
    int rc = SG_OK;
    sg_err_clear(&w->row_err);
    if (sg_show_cache_get(w->st, k, SG_SHOW_CACHE_NAME, &json, NULL) == SG_OK) {
        it.json = json;
        it.cached = true;
        w->stats.cached++;
    } else {
        /* allocation failure of the baseline stops the walk; a run that
         * cannot be analysed is that run's failure only */
        if ((rc = baseline(w, lo, hi, err)))
            goto out;
        it.rc = sg_store_load(w->st, self->id, &w->pool.base, &act, &w->row_err);
        if (!it.rc)
            it.rc = sg_run_analyze(act, w->base, w->cur, &w->row_err);
        if (!it.rc)
            it.rc = sg_app_doc_run(w->docs, w->cur, &json, &w->row_err);
        if (running)
            store_slot(w, run_idx, w->cur, it.rc == SG_OK);
        if (it.rc) {
            w->stats.failed++;
        } else {
            tx_put(w, k, json);
            it.json = json;
            it.result = w->cur;
            w->stats.computed++;
        }
    }
    w->stats.done++;
    rc = fn(ctx, &it);
out:
    sg_activity_free(act);
    free(json);
    return rc;
}

int sg_show_all(sg_store *st, const sg_app_docs *docs, const sg_store_filter *f,
                int (*fn)(void *ctx, const sg_show_all_item *it),
                sg_show_all_progress_fn progress, void *ctx, sg_show_all_stats *stats,
                sg_err *err)
{
    walk *w = calloc(1, sizeof *w);
    sg_show_key *k = malloc(sizeof *k);
    int rc = SG_OK;
    if (!w || !k) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "show --all: out of memory");
        goto out;
    }
    w->st = st;
    w->docs = docs;
    sg_blockpool_init(&w->pool);
    rc = sg_store_list(st, NULL, add_row, w, err);
    if (rc == SG_ELIMIT) {
        rc = sg_err_set(err, SG_ELIMIT, -1, "show --all: more than %d activities",
                        SG_SHOW_ALL_MAX_ROWS);
        goto out;
    }
    if (rc == SG_ENOMEM) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "show --all: out of memory listing activities");
        goto out;
    }
    if (rc)
        goto out;
    w->runs = malloc((w->n_all ? w->n_all : 1) * sizeof *w->runs);
    w->ring = malloc(2 * SG_ALL_RING * sizeof *w->ring);
    w->packed = malloc(SG_SHOW_MAX_HISTORY * sizeof *w->packed);
    w->cur = malloc(sizeof *w->cur);
    w->base = malloc(sizeof *w->base);
    if (!w->runs || !w->ring || !w->packed || !w->cur || !w->base) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "show --all: out of memory");
        goto out;
    }
    for (size_t i = 0; i < w->n_all; i++) {
        if (w->all[i].sport == SG_SPORT_RUNNING)
            w->runs[w->n_runs++] = w->all[i];
        w->stats.total += keeps(f, &w->all[i]);
    }
    size_t r = 0;
    for (size_t i = 0; i < w->n_all && !rc; i++) {
        bool running = w->all[i].sport == SG_SPORT_RUNNING;
        if (keeps(f, &w->all[i])) {
            rc = one(w, i, r, running, k, fn, ctx, err);
            if (progress)
                progress(ctx, &w->stats);
        }
        r += running;
    }
out:
    if (w) {
        tx_end(w);
        if (stats)
            *stats = w->stats;
        free(w->base);
        free(w->cur);
        free(w->packed);
        free(w->ring);
        free(w->runs);
        free(w->all);
        sg_blockpool_dispose(&w->pool);
    }
    free(k);
    free(w);
    return rc;
}

/* ---- the one-line form ------------------------------------------------- */

void sg_show_codes_add(char *buf, size_t cap, const char *sep, const char *code)
{
    size_t have = strlen(buf), add = strlen(code) + (have ? strlen(sep) : 0);
    if (have + add + 1 > cap)
        return;   /* cut at a code, never inside one */
    snprintf(buf + have, cap - have, "%s%s", have ? sep : "", code);
}

void sg_show_line_of_result(const sg_run_result *r, sg_show_line *l)
{
    memset(l, 0, sizeof *l);
    l->start_time = r->start_time;
    l->distance_m = r->distance_m;
    l->ascent_m = r->terrain.ascent_m;
    l->descent_m = r->terrain.descent_m;
    l->impact_weighted_km = r->impact_weighted_km;
    l->n_flags = r->n_flags;
    for (size_t i = 0; i < r->n_flags; i++)
        sg_show_codes_add(l->codes, sizeof l->codes, ",", r->flags[i].code);
}

static double num(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

int sg_show_digest_of_json(const char *json, sg_show_digest *d, sg_show_flag_fn on_flag,
                           void *ctx, sg_err *err)
{
    memset(d, 0, sizeof *d);
    json_error_t je;
    json_t *o = json ? json_loads(json, 0, &je) : NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        return sg_err_set(err, SG_EFORMAT, -1, "run analysis JSON: %s",
                          !json ? "none" : o ? "not an object" : je.text);
    }
    d->start_time = num(o, "start_time");
    d->distance_m = num(o, "distance_m");
    d->moving_time_s = num(o, "moving_time_s");
    d->ascent_m = num(o, "ascent_m");
    d->descent_m = num(o, "descent_m");
    d->impact_weighted_km = num(o, "impact_weighted_km");
    const json_t *mech = json_object_get(o, "mechanics");
    d->cadence_spm = num(mech, "cadence_spm");
    d->balance_left_pct = num(mech, "stance_time_balance_left_pct");
    size_t i;
    const json_t *fl;
    json_array_foreach(json_object_get(o, "flags"), i, fl) {
        d->n_flags++;
        if (on_flag)
            on_flag(ctx, str(fl, "code"), str(fl, "severity"), str(fl, "message"),
                    str(fl, "source"));
    }
    json_decref(o);
    return SG_OK;
}

static void line_flag(void *ctx, const char *code, const char *severity, const char *message,
                      const char *source)
{
    (void)severity, (void)message, (void)source;
    sg_show_line *l = ctx;
    if (code)
        sg_show_codes_add(l->codes, sizeof l->codes, ",", code);
}

int sg_show_line_of_json(const char *json, sg_show_line *l, sg_err *err)
{
    memset(l, 0, sizeof *l);
    sg_show_digest d;
    int rc = sg_show_digest_of_json(json, &d, line_flag, l, err);
    if (rc)
        return rc;
    l->start_time = d.start_time;
    l->distance_m = d.distance_m;
    l->ascent_m = d.ascent_m;
    l->descent_m = d.descent_m;
    l->impact_weighted_km = d.impact_weighted_km;
    l->n_flags = d.n_flags;
    return SG_OK;
}
