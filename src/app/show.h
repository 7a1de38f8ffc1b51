#ifndef SG_APP_SHOW_H
#define SG_APP_SHOW_H
/* `show FILE`: read an activity file, decode it and analyse the run.
 * (`show ID` reads the stored activity and its cached analysis; it needs
 * the store and lives beside it.) */
#include <stdbool.h>
#include <stddef.h>

#include "app/docs.h"
#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/err.h"
#include "strideguard/run_analysis.h"
#include "strideguard/store.h"

/* Decodes an activity file's bytes: FIT, GPX or TCX, detected from the
 * content (name only as a hint; may be NULL). A multisport TCX gives its
 * first running activity. *out belongs to the caller (sg_activity_free);
 * *warnings (may be NULL) counts FIT damage skipped after some records.
 * Errors: the decoders', SG_EUNSUPPORTED for any other content. */
int sg_show_decode(const unsigned char *buf, size_t len, const char *name, const sg_allocator *a,
                   sg_activity **out, size_t *warnings, sg_err *err);

/* Reads and decodes `path` (sg_show_decode) and analyses it against `base` (may be NULL). Decoder damage after
 * some records is not fatal: the records before it are analysed and
 * *warnings (may be NULL) receives the count. Errors: those of
 * sg_file_read, the decoder (SG_EFORMAT, SG_ECRC, SG_ETRUNC, ...) with the
 * byte offset, SG_EUNSUPPORTED for a format without a decoder, and
 * sg_run_analyze's. */
int sg_show_file(const char *path, const sg_allocator *a, const sg_run_baseline *base,
                 sg_run_result *out, size_t *warnings, sg_err *err);

/* ---- show ID ----
 * The baseline of a stored run is built from the runner's running
 * activities in the SG_SHOW_HISTORY_DAYS before it (at most
 * SG_SHOW_MAX_HISTORY, the most recent), each analysed on its own (the
 * members a baseline reads do not depend on a baseline).
 *
 * Cache freshness (docs/internals-store.md "Analysis cache"): the JSON of the
 * result is cached under (id, "run", SG_RUN_ALGORITHM_VERSION) together with
 * a fingerprint of everything else it was computed from: the run itself and
 * the runs of its baseline window (id, updated_at, start, sample and channel
 * counts, format of each) and the window's rules. A cached result is used
 * only when version and fingerprint both match; importing, replacing or
 * deleting a run inside the window changes the fingerprint, so the result is
 * recomputed. Every reader of a run's cached analyses (show ID, show --all,
 * the dashboard's run view) goes through sg_show_key_of + sg_show_cache_get. */
#define SG_SHOW_HISTORY_DAYS 90
#define SG_SHOW_MAX_HISTORY 60
#define SG_SHOW_CACHE_NAME "run"

/* What the fingerprint reads of one stored activity. Plain value. */
typedef struct sg_show_ref {
    long long id, updated_at, n_samples;
    double start;            /* UTC s; NaN unknown */
    int sport;               /* sg_sport */
    int n_channels;
    char format[8];
} sg_show_ref;

void sg_show_ref_of(const sg_store_row *row, sg_show_ref *ref);

/* "b1-<window runs>-<16 hex digits>": the fingerprint of a run (`self`) and
 * its baseline window `hist[0..n)` (oldest first). Pure and deterministic. */
#define SG_SHOW_INPUTS_LEN 48
void sg_show_inputs(const sg_show_ref *self, const sg_show_ref *hist, size_t n,
                    char out[SG_SHOW_INPUTS_LEN]);

/* The baseline window of a run starting at `start` within `runs[0..n)`, the
 * running activities in sg_store_list order (start, then id): [*lo, *hi) are
 * those with start in [start - SG_SHOW_HISTORY_DAYS days, start), the last
 * SG_SHOW_MAX_HISTORY of them. Empty when start is NaN. O(log n). */
void sg_show_window(const sg_show_ref *runs, size_t n, double start, size_t *lo, size_t *hi);

/* A stored run with its baseline window and fingerprint. */
typedef struct sg_show_key {
    sg_show_ref self;
    size_t n;
    sg_show_ref hist[SG_SHOW_MAX_HISTORY];   /* the window, oldest first */
    char inputs[SG_SHOW_INPUTS_LEN];
} sg_show_key;

/* Reads the key of stored activity `id` (one indexed query over the window).
 * Errors: SG_ENOTFOUND, the store's. */
int sg_show_key_of(sg_store *st, long long id, sg_show_key *k, sg_err *err);

/* The cached result `name` (SG_SHOW_CACHE_NAME, or another result computed
 * with the same baseline, e.g. the run view's series) when it is fresh for
 * key k; *json malloc()ed. SG_ENOTFOUND when absent or stale. */
int sg_show_cache_get(sg_store *st, const sg_show_key *k, const char *name, char **json,
                      sg_err *err);
/* Stores result `name` as fresh for key k. */
int sg_show_cache_put(sg_store *st, const sg_show_key *k, const char *name, const char *json,
                      sg_err *err);

/* Builds the baseline of key k: loads and analyses each run of its window (a
 * damaged or unanalysable one does not count). Errors: the store's, SG_ENOMEM. */
int sg_show_baseline_of(sg_store *st, const sg_show_key *k, const sg_allocator *a,
                        sg_run_baseline *out, sg_err *err);

/* sg_show_key_of + sg_show_baseline_of. */
int sg_show_baseline(sg_store *st, long long id, const sg_allocator *a, sg_run_baseline *out,
                     sg_err *err);

/* Loads, analyses (with its baseline) and caches stored activity `id`,
 * whatever the cache holds; the cached document is written by docs->run
 * (render's table, sg_render_docs(); not NULL). *json (may be NULL) receives
 * the result's JSON (free()). Errors as sg_store_load, sg_show_baseline,
 * sg_run_analyze; SG_EUSAGE without docs. */
int sg_show_id(sg_store *st, const sg_app_docs *docs, long long id, const sg_allocator *a,
               sg_run_result *out, char **json, sg_err *err);

/* The JSON document of stored activity `id`: the cached one when fresh
 * (*cached = true), else computed and cached as sg_show_id does. *json
 * malloc()ed. `cached` may be NULL. Errors as sg_show_id. */
int sg_show_id_json(sg_store *st, const sg_app_docs *docs, long long id, char **json,
                    bool *cached, sg_err *err);

#endif
