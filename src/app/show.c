/* `show FILE`: bytes -> activity -> run analysis. */
#include "app/show.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes/file.h"
#include "strideguard/activity.h"
#include "strideguard/decode.h"
#include "strideguard/fit.h"
#include "strideguard/formats.h"

int sg_show_decode(const unsigned char *buf, size_t len, const char *name, const sg_allocator *a,
                   sg_activity **out, size_t *warnings, sg_err *err)
{
    sg_fit_report rep;
    memset(&rep, 0, sizeof rep);
    int rc = sg_decode_one(buf, len, name, a, out, &rep, err);
    if (warnings)
        *warnings = rc ? 0 : rep.errors;
    return rc;
}

int sg_show_file(const char *path, const sg_allocator *a, const sg_run_baseline *base,
                 sg_run_result *out, size_t *warnings, sg_err *err)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    sg_activity *act = NULL;
    int rc = sg_file_read(a, path, 0, &buf, &len, err);
    if (rc)
        goto out;
    rc = sg_show_decode(buf, len, path, a, &act, warnings, err);
    if (rc)
        goto out;
    rc = sg_run_analyze(act, base, out, err);
out:
    sg_activity_free(act);
    sg_free(a, buf);
    return rc;
}

/* ---- show ID: the store ------------------------------------------------ */

void sg_show_ref_of(const sg_store_row *row, sg_show_ref *ref)
{
    memset(ref, 0, sizeof *ref);
    ref->id = row->id;
    ref->updated_at = row->updated_at;
    ref->n_samples = row->s.n_samples;
    ref->start = row->s.start;
    ref->sport = (int)row->s.sport;
    ref->n_channels = row->s.n_channels;
    snprintf(ref->format, sizeof ref->format, "%s", row->s.format);
}

/* FNV-1a, 64 bits: not cryptographic, only a change detector over values the
 * user's own imports produce. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t fnv_i(uint64_t h, long long v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)((unsigned long long)v >> (8 * i));
    return fnv(h, b, 8);
}

static uint64_t fnv_ref(uint64_t h, const sg_show_ref *r)
{
    /* every field that changes when a run is added, replaced by a richer
     * file (more channels, more samples or a better format) or re-imported
     * under a reused id; the start as bits (NaN canonical) */
    double s = isnan(r->start) ? NAN : r->start;
    long long bits;
    memcpy(&bits, &s, sizeof bits);
    h = fnv_i(h, r->id);
    h = fnv_i(h, r->updated_at);
    h = fnv_i(h, r->n_samples);
    h = fnv_i(h, bits);
    h = fnv_i(h, r->sport);
    h = fnv_i(h, r->n_channels);
    return fnv(h, r->format, strnlen(r->format, sizeof r->format) + 1);
}

void sg_show_inputs(const sg_show_ref *self, const sg_show_ref *hist, size_t n,
                    char out[SG_SHOW_INPUTS_LEN])
{
    uint64_t h = 14695981039346656037ULL;
    h = fnv_i(h, SG_SHOW_HISTORY_DAYS);
    h = fnv_i(h, SG_SHOW_MAX_HISTORY);
    h = fnv_ref(h, self);
    h = fnv_i(h, (long long)n);
    for (size_t i = 0; i < n; i++)
        h = fnv_ref(h, &hist[i]);
    snprintf(out, SG_SHOW_INPUTS_LEN, "b1-%zu-%016llx", n, (unsigned long long)h);
}

/* First index whose start is not below x (NaN starts sort last and count as
 * not below anything). */
static size_t lower_bound(const sg_show_ref *runs, size_t n, double x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t m = lo + (hi - lo) / 2;
        if (runs[m].start < x)
            lo = m + 1;
        else
            hi = m;
    }
    return lo;
}

void sg_show_window(const sg_show_ref *runs, size_t n, double start, size_t *lo, size_t *hi)
{
    *lo = *hi = 0;
    if (isnan(start) || !n)
        return;
    /* the same bounds as the store query in sg_show_key_of */
    size_t h = lower_bound(runs, n, start);
    size_t l = lower_bound(runs, n, start - SG_SHOW_HISTORY_DAYS * 86400.0);
    if (h - l > SG_SHOW_MAX_HISTORY)
        l = h - SG_SHOW_MAX_HISTORY;
    *lo = l;
    *hi = h;
}

static int collect(void *ctx, const sg_store_row *row)
{
    sg_show_key *k = ctx;
    if (row->id == k->self.id)
        return 0;
    /* oldest first: keep the most recent SG_SHOW_MAX_HISTORY */
    if (k->n == SG_SHOW_MAX_HISTORY) {
        memmove(k->hist, k->hist + 1, (SG_SHOW_MAX_HISTORY - 1) * sizeof k->hist[0]);
        k->n--;
    }
    sg_show_ref_of(row, &k->hist[k->n++]);
    return 0;
}

int sg_show_key_of(sg_store *st, long long id, sg_show_key *k, sg_err *err)
{
    sg_store_row row;
    memset(k, 0, sizeof *k);
    int rc = sg_store_get(st, id, &row, err);
    if (rc)
        return rc;
    sg_show_ref_of(&row, &k->self);
    if (!isnan(row.s.start)) {
        sg_store_filter f;
        sg_store_filter_init(&f);
        f.sport = SG_SPORT_RUNNING;
        f.until = row.s.start;
        f.since = row.s.start - SG_SHOW_HISTORY_DAYS * 86400.0;
        if ((rc = sg_store_list(st, &f, collect, k, err)))
            return rc;
    }
    sg_show_inputs(&k->self, k->hist, k->n, k->inputs);
    return SG_OK;
}

int sg_show_cache_get(sg_store *st, const sg_show_key *k, const char *name, char **json,
                      sg_err *err)
{
    return sg_store_cache_get_inputs(st, k->self.id, name, SG_RUN_ALGORITHM_VERSION, k->inputs,
                                     json, err);
}

int sg_show_cache_put(sg_store *st, const sg_show_key *k, const char *name, const char *json,
                      sg_err *err)
{
    return sg_store_cache_put_inputs(st, k->self.id, name, SG_RUN_ALGORITHM_VERSION, k->inputs,
                                     json, err);
}

int sg_show_baseline_of(sg_store *st, const sg_show_key *k, const sg_allocator *a,
                        sg_run_baseline *out, sg_err *err)
{
    sg_run_result *past = NULL;
    size_t np = 0;
    if (k->n) {
        past = sg_calloc_array(a, k->n, sizeof *past);
        if (!past)
            return sg_err_set(err, SG_ENOMEM, -1, "baseline: out of memory");
    }
    for (size_t i = 0; i < k->n; i++) {
        sg_activity *act = NULL;
        /* a damaged or unanalysable earlier run just does not count */
        if (sg_store_load(st, k->hist[i].id, a, &act, NULL) == SG_OK &&
            sg_run_analyze(act, NULL, &past[np], NULL) == SG_OK)
            np++;
        sg_activity_free(act);
    }
    int rc = sg_run_baseline_build(past, np, a, out, err);
    sg_free(a, past);
    return rc;
}

int sg_show_baseline(sg_store *st, long long id, const sg_allocator *a, sg_run_baseline *out,
                     sg_err *err)
{
    sg_show_key *k = sg_malloc(a, sizeof *k);
    if (!k)
        return sg_err_set(err, SG_ENOMEM, -1, "baseline: out of memory");
    int rc = sg_show_key_of(st, id, k, err);
    if (!rc)
        rc = sg_show_baseline_of(st, k, a, out, err);
    sg_free(a, k);
    return rc;
}

/* Loads, analyses against k's baseline and caches; *json takes the JSON. */
static int analyse_key(sg_store *st, const sg_app_docs *docs, const sg_show_key *k,
                       const sg_allocator *a, sg_run_result *out, char **json, sg_err *err)
{
    sg_activity *act = NULL;
    sg_run_baseline *base = NULL;
    *json = NULL;
    int rc = sg_store_load(st, k->self.id, a, &act, err);
    if (rc)
        goto out;
    base = sg_malloc(a, sizeof *base);
    if (!base) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "show: out of memory");
        goto out;
    }
    if ((rc = sg_show_baseline_of(st, k, a, base, err)) ||
        (rc = sg_run_analyze(act, base, out, err)) || (rc = sg_app_doc_run(docs, out, json, err)))
        goto out;
    /* the cache is an optimisation: failing to write it is not an error */
    sg_show_cache_put(st, k, SG_SHOW_CACHE_NAME, *json, NULL);
out:
    sg_free(a, base);
    sg_activity_free(act);
    return rc;
}

int sg_show_id(sg_store *st, const sg_app_docs *docs, long long id, const sg_allocator *a,
               sg_run_result *out, char **json, sg_err *err)
{
    char *buf = NULL;
    if (json)
        *json = NULL;
    sg_show_key *k = sg_malloc(a, sizeof *k);
    if (!k)
        return sg_err_set(err, SG_ENOMEM, -1, "show: out of memory");
    int rc = sg_show_key_of(st, id, k, err);
    if (!rc)
        rc = analyse_key(st, docs, k, a, out, &buf, err);
    if (!rc && json) {
        *json = buf;
        buf = NULL;
    }
    free(buf);
    sg_free(a, k);
    return rc;
}

int sg_show_id_json(sg_store *st, const sg_app_docs *docs, long long id, char **json,
                    bool *cached, sg_err *err)
{
    *json = NULL;
    if (cached)
        *cached = false;
    sg_show_key *k = malloc(sizeof *k);
    sg_run_result *r = NULL;
    if (!k)
        return sg_err_set(err, SG_ENOMEM, -1, "show: out of memory");
    int rc = sg_show_key_of(st, id, k, err);
    if (rc)
        goto out;
    if (sg_show_cache_get(st, k, SG_SHOW_CACHE_NAME, json, NULL) == SG_OK) {
        if (cached)
            *cached = true;
        goto out;
    }
    r = malloc(sizeof *r);
    if (!r) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "show: out of memory");
        goto out;
    }
    rc = analyse_key(st, docs, k, NULL, r, json, err);
out:
    free(r);
    free(k);
    return rc;
}
