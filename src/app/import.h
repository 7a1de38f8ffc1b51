#ifndef SG_APP_IMPORT_H
#define SG_APP_IMPORT_H
/* The import use case: paths (files, folders, archives) -> decoded
 * activities and IMU recordings -> the store, with dedup.
 *
 * What a file becomes, by content:
 * - an activity (FIT, GPX, TCX, sample blob) -> an activity; when a FIT
 *   activity also carries raw accelerometer data, that motion is stored as
 *   well, as an IMU recording linked to the activity (same transaction);
 * - a FIT file whose only content is raw accelerometer/gyroscope data, or a
 *   text file the IMU CSV reader recognises from its header (phyphox,
 *   Shimmer, Xsens, ISO-time x/y/z, formats/imu_csv.h) -> an IMU recording,
 *   linked to the activity it overlaps longest (store.h);
 * - anything else (Strava's activities.csv, notes, images) is skipped. A
 *   recognised IMU CSV that cannot be read (NaN, wrong units) fails with its
 *   line:col. A phyphox gyroscope-only or gravity-free ("Linear
 *   Acceleration") file is skipped with the reason.
 *
 * Pipeline: one walker thread reads files and archive entries into memory
 * and numbers them; a pool of worker threads hashes (SHA-256), decodes,
 * summarises and encodes each into a sample blob; the calling thread is the
 * only writer and stores results strictly in walk order, one transaction per
 * file. The queue between them is bounded by a job count and by bytes in
 * flight, so memory stays flat however many files there are.
 *
 * Killing the process loses at most the file being written; what was
 * committed stays, and importing again completes the rest without
 * duplicates (content hashes are checked first).
 *
 * Damaged files (a decoder read part of them and then hit damage: a FIT
 * file cut short or with a CRC mismatch) are never taken silently. They are
 * set aside until every whole file of the import is stored, then compared
 * sample by sample with the stored activities that start within a minute:
 * a damaged copy of a stored recording is reported as a damaged duplicate of
 * it and changes nothing in the store (no new activity, no new source).
 * A damaged file that is a copy of nothing is stored with what could be
 * read (it is still the runner's run) and reported as damaged, with the
 * place of the damage -- unless opts.strict, which refuses it.
 *
 * A complete file whose samples equal a stored activity's except that every
 * time is shifted by a whole number of quarter hours (a re-export with a
 * mislabelled time zone) is a duplicate of it, reported with the shift.
 *
 * strideguard's own sample blobs ("SGAB") are the store's internal format
 * and are refused when they arrive as a file. An import stops at the first
 * error that means the store cannot be written (disk full, SG_ENOSPC) and
 * reports how many files were not attempted. */

#include <stdbool.h>
#include <stdint.h>

#include "bytes/archive.h"
#include "strideguard/activity.h"
#include "strideguard/store.h"

/* Turns bytes into an activity. Returns SG_OK with *out (caller of the hook
 * frees it), SG_EUNSUPPORTED or SG_ENODATA when the bytes are not an activity
 * (counted "skipped", with err->msg as the reason), any other code when they
 * are a broken activity (counted "failed"). On SG_OK, a decoder that read
 * only part of the file (damage after usable records) sets damage->code
 * and says where (offset or line); `damage` arrives cleared and is never
 * NULL. Called from worker threads concurrently: it must be thread-safe.
 * `name` is the entry's file name. */
typedef int (*sg_import_decode_fn)(void *ctx, const char *name, const unsigned char *data,
                                   size_t len, sg_activity **out, sg_err *damage, sg_err *err);

/* The decoders built into strideguard: FIT, GPX, TCX (by content, not by
 * file name). A sample blob ("SGAB", the store's own format) is refused with
 * SG_EUNSUPPORTED: it is never user data, and its decoder is not meant for
 * files from outside. */
int sg_import_decode_default(void *ctx, const char *name, const unsigned char *data, size_t len,
                             sg_activity **out, sg_err *damage, sg_err *err);

typedef enum sg_import_status {
    SG_IMPORT_IMPORTED = 1,   /* a new activity */
    SG_IMPORT_DUPLICATE,      /* bytes seen before */
    SG_IMPORT_SAME_RUN,       /* another file of a stored run (FIT and TCX of one recording) */
    SG_IMPORT_SKIPPED,        /* not an activity */
    SG_IMPORT_FAILED,
    SG_IMPORT_IMU,            /* a new IMU recording (and no activity) */
    SG_IMPORT_DAMAGED,        /* read only in part: see duplicate_of / activity_id */
    SG_IMPORT_NOT_ATTEMPTED   /* never reached: the import stopped (disk full) */
} sg_import_status;

/* One file's outcome, reported in walk order. Strings borrowed. */
typedef struct sg_import_event {
    const char *path;         /* "x.zip:a/b.fit" */
    sg_import_status status;
    long long activity_id;    /* for IMPORTED / DUPLICATE / SAME_RUN; 0 for IMU-only files */
    long long imu_id;         /* the file's IMU recording (new or duplicate), else 0 */
    long long imu_linked_activity_id; /* its link after this file, 0 = none */
    const sg_err *err;        /* reason for SKIPPED / FAILED / DAMAGED (where the damage is) */
    /* DAMAGED: the stored activity this file is a damaged copy of (then
     * activity_id is 0 and nothing was stored), or 0 when it is a copy of
     * nothing: then activity_id is the new activity holding what was read,
     * or 0 when it was refused (opts.strict). DUPLICATE of a time-shifted
     * re-export: the activity, with shift_s = this file's start minus the
     * stored start (a non-zero multiple of 900 s); 0 otherwise. */
    long long duplicate_of;
    double shift_s;
    /* > 0: the file's session ends this many seconds before its records
     * (written before the final lap, docs/formats.md "Late sessions"); the
     * stored figures use the records. A warning, whatever the status. */
    double late_session_s;
} sg_import_event;

typedef struct sg_import_progress {
    uint64_t files_done;      /* entries stored or classified */
    uint64_t bytes_done;      /* on-disk bytes consumed by the walker */
    double elapsed_s;
} sg_import_progress;

typedef struct sg_import_stats {
    uint64_t imported, duplicates, same_run, skipped, failed;
    uint64_t imu;             /* new IMU recordings (alone or inside an activity's file) */
    uint64_t damaged;         /* files read only in part (stored or not) */
    uint64_t shifted;         /* of duplicates: time-shifted re-exports */
    uint64_t not_attempted;   /* files never reached after the import stopped */
    uint64_t bytes;           /* decompressed bytes of all entries */
} sg_import_stats;

typedef struct sg_import_opts {
    sg_import_decode_fn decode;   /* NULL = sg_import_decode_default */
    void *decode_ctx;
    int threads;                  /* decode workers; 0 = online cores */
    size_t max_inflight_bytes;    /* 0 = 64 MiB: file bytes, then decoded and encoded
                                   * bytes, of the files between walker and writer */
    bool strict;                  /* refuse damaged files that are copies of nothing */
    const sg_walk_limits *limits; /* NULL = defaults */
    long long now;                /* imported_at, UTC s; 0 = the clock */
    /* Both optional, called on the calling thread. */
    void (*on_event)(void *ctx, const sg_import_event *ev);
    void (*on_progress)(void *ctx, const sg_import_progress *p);
    void *ctx;
} sg_import_opts;

void sg_import_opts_init(sg_import_opts *o);

/* Imports every path. Returns SG_OK when the import ran (individual files may
 * have failed: see stats->failed), or an error when it could not run at all
 * (threads, memory) or had to stop: SG_ENOSPC when the store could not be
 * written (disk full; err says so once, what was committed stays, the file
 * being written and stats->not_attempted files were not imported). `o` may
 * be NULL (defaults). */
int sg_import_run(sg_store *st, const char *const *paths, size_t n_paths,
                  const sg_import_opts *o, sg_import_stats *stats, sg_err *err);

/* The import of the command line: the store at `db` (NULL = the default
 * path) is opened, `before` (optional: e.g. sizing a progress bar, which may
 * set opts->on_progress) is called, the paths are imported as by
 * sg_import_run, and the store is closed. *opened says whether the store
 * could be opened (when not, the error is the store's). */
typedef struct sg_import_req {
    const char *db;
    const char *const *paths;
    size_t n_paths;
    sg_import_opts *opts;
    void (*before)(void *ctx, sg_import_opts *opts);
    void *before_ctx;
} sg_import_req;

int sg_import_into(const sg_import_req *req, sg_import_stats *stats, bool *opened, sg_err *err);

/* Maps a Strava activity type ("Run", "Trail Run", "Ride") to sport and
 * sub-sport; unknown types give SG_SPORT_OTHER / SG_SUB_NONE. */
void sg_import_strava_type(const char *type, sg_sport *sport, sg_sub_sport *sub);

#endif
