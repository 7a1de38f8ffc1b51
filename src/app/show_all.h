#ifndef SG_APP_SHOW_ALL_H
#define SG_APP_SHOW_ALL_H
/* `show --all`: the run analysis of every stored activity (or those a filter
 * keeps), oldest first, handed out one at a time so the caller can stream.
 *
 * Each result is the one `show ID` gives, with the same cache (app/show.h:
 * version + baseline fingerprint). Fresh cached documents are handed out as
 * they are; the rest are computed with their baseline built incrementally:
 * the walk keeps the last SG_SHOW_MAX_HISTORY running results in a sliding
 * window, so a cold run of N activities costs N loads and N analyses plus a
 * cheap baseline build each, instead of N x window. Earlier runs that a
 * stale run's window needs but that were served from the cache (or lie before
 * the filter's `since`) are loaded and analysed on demand, once. */

#include <stdbool.h>
#include <stddef.h>

#include "app/show.h"
#include "strideguard/err.h"
#include "strideguard/run_analysis.h"
#include "strideguard/store.h"

/* Ceiling on the activities one walk reads (metadata only, 56 B each). */
#define SG_SHOW_ALL_MAX_ROWS 1000000

/* One activity's outcome; everything borrowed for the duration of the call. */
typedef struct sg_show_all_item {
    const sg_show_ref *ref;      /* id, start, sport, ... of the activity */
    int rc;                      /* SG_OK, else why it failed (err) */
    const sg_err *err;
    const char *json;            /* the `show --json` document (no "id"); NULL on failure */
    const sg_run_result *result; /* computed now; NULL when served from the cache */
    bool cached;
} sg_show_all_item;

typedef struct sg_show_all_stats {
    size_t total;      /* activities the filter keeps */
    size_t done;       /* handed out so far */
    size_t cached;     /* served from a fresh cache entry */
    size_t computed;   /* analysed (with baseline) and cached */
    size_t failed;
    size_t window_loads; /* earlier runs analysed only to fill a baseline window */
} sg_show_all_stats;

/* Called after each activity (e.g. for a progress line). */
typedef void (*sg_show_all_progress_fn)(void *ctx, const sg_show_all_stats *s);

/* Walks the activities f keeps (NULL = all), oldest start first, calling
 * fn for each (fn returning non-zero stops the walk and is returned) and
 * progress (may be NULL) after it. *stats (may be NULL) gets the counts.
 * A run that cannot be analysed is an item with rc != SG_OK, not an error of
 * the walk. Cache writes are grouped into transactions of up to 64 results
 * (none when the caller has a transaction open). Errors: the store's,
 * SG_ENOMEM, SG_ELIMIT (more than SG_SHOW_ALL_MAX_ROWS activities). A computed
 * document is written by docs->run (render's table, sg_render_docs(); a run
 * fails with SG_EUSAGE without it). */
int sg_show_all(sg_store *st, const sg_app_docs *docs, const sg_store_filter *f,
                int (*fn)(void *ctx, const sg_show_all_item *it),
                sg_show_all_progress_fn progress, void *ctx, sg_show_all_stats *stats,
                sg_err *err);

/* ---- reading a cached run analysis back ----
 * The one reader of a `show --json` document for those that keep only a few
 * of its numbers (the one-line form below, the report's runs). */

typedef struct sg_show_digest {
    double start_time, distance_m, moving_time_s, ascent_m, descent_m;
    double impact_weighted_km;
    double cadence_spm, balance_left_pct;   /* mechanics: cadence, stance-time balance % left */
    size_t n_flags;
} sg_show_digest;

/* One flag of the document; the strings are borrowed for the call and any may
 * be NULL (absent from the document). */
typedef void (*sg_show_flag_fn)(void *ctx, const char *code, const char *severity,
                                const char *message, const char *source);

/* Reads json into *d (numbers absent or null: NaN), calling on_flag (may be
 * NULL) for each of its flags in order. SG_EFORMAT (the message says why)
 * when it is not a JSON object. */
int sg_show_digest_of_json(const char *json, sg_show_digest *d, sg_show_flag_fn on_flag,
                           void *ctx, sg_err *err);

/* Appends `code` to the list in buf (cap bytes, NUL-terminated), after `sep`
 * when the list is not empty; a code that does not fit whole is left out. */
void sg_show_codes_add(char *buf, size_t cap, const char *sep, const char *code);

/* The few numbers of the one-line text form. */
#define SG_SHOW_LINE_CODES 256
typedef struct sg_show_line {
    double start_time, distance_m, ascent_m, descent_m, impact_weighted_km;   /* NaN unknown */
    size_t n_flags;
    char codes[SG_SHOW_LINE_CODES];  /* flag codes joined by ',' ("" none; cut at a code) */
} sg_show_line;

/* From a computed result. Never fails. */
void sg_show_line_of_result(const sg_run_result *r, sg_show_line *l);
/* From a `show --json` document. SG_EFORMAT when it is not one. */
int sg_show_line_of_json(const char *json, sg_show_line *l, sg_err *err);

#endif
