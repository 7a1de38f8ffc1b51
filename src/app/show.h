#ifndef SG_APP_SHOW_H
#define SG_APP_SHOW_H
/* `show FILE`: read an activity file, decode it and analyse the run.
 * (`show ID` reads the stored activity and its cached analysis; it needs
 * the store and lives beside it.) */
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
 * SG_SHOW_MAX_HISTORY, the most recent), each re-analysed without a baseline.
 * The JSON of the result is cached in the store under (id, "run",
 * SG_RUN_ALGORITHM_VERSION); a cache written by another algorithm version is
 * never read. The cache does not notice runs imported later into the
 * baseline window: recompute with sg_show_id. */
#define SG_SHOW_HISTORY_DAYS 90
#define SG_SHOW_MAX_HISTORY 60
#define SG_SHOW_CACHE_NAME "run"

/* Builds the baseline of stored activity `id`. Errors: SG_ENOTFOUND, the
 * store's, SG_ENOMEM. */
int sg_show_baseline(sg_store *st, long long id, const sg_allocator *a, sg_run_baseline *out,
                     sg_err *err);

/* Loads, analyses (with its baseline) and caches stored activity `id`.
 * *json (may be NULL) receives the result's JSON (free()). Errors as
 * sg_store_load, sg_show_baseline, sg_run_analyze. */
int sg_show_id(sg_store *st, long long id, const sg_allocator *a, sg_run_result *out,
               char **json, sg_err *err);

#endif
