#ifndef STRIDEGUARD_STORE_H
#define STRIDEGUARD_STORE_H
/* Persistence of activities, their source files, IMU recordings, the
 * athlete's key/value settings, the journal and cached analysis results.
 *
 * One interface over an opaque handle; SQLite is the embedded backend (the
 * only one today). Everything above this header (app/, cli/, server/) uses
 * these functions and never SQL, so a PostgreSQL backend can be added behind
 * the same calls (see docs/internals-store.md).
 *
 * Conventions:
 * - Every function returns SG_OK or an sg_code and fills `err` (may be NULL).
 *   SG_ENOTFOUND means "no such row"; SG_ESTORE means the database refused
 *   (message carries the backend's words).
 * - Strings passed in are copied; strings handed to callbacks are borrowed and
 *   valid only during the call; strings returned through `char **` belong to
 *   the caller (free with free()).
 * - Times are seconds since 1970-01-01 UTC; unknown numbers are NaN (stored
 *   as NULL).
 * - A handle is used by one thread at a time (distinct handles on one file
 *   are fine: WAL lets readers run beside the one writer).
 * - Every write is atomic: one call is one transaction unless the caller
 *   opened one with sg_store_begin(). A failed call leaves the store as it was. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/err.h"
#include "strideguard/imu.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sg_store sg_store;

/* The schema version this build writes (SQLite: PRAGMA user_version;
 * PostgreSQL: the highest row of its `migrations` table). */
#define SG_STORE_SCHEMA_VERSION 12

/* The version of the stored summaries' figures (sg_store_summarize). A store
 * whose summaries are older is refreshed from the stored samples when it is
 * opened; the version is kept under the key "store.summary_version". */
#define SG_STORE_SUMMARY_VERSION 2

/* ---- opening ---------------------------------------------------------- */

/* Writes the default database path into buf:
 * $XDG_DATA_HOME/strideguard/strideguard.db, or
 * $HOME/.local/share/strideguard/strideguard.db. SG_EUSAGE when neither
 * variable is set or buf is too small. Creates nothing. */
int sg_store_default_path(char *buf, size_t cap, sg_err *err);

/* Opens (creating when absent, with missing parent directories) the store at
 * `path` (NULL = sg_store_default_path) and migrates its schema to
 * SG_STORE_SCHEMA_VERSION, then, when its summaries are older than
 * SG_STORE_SUMMARY_VERSION, recomputes each activity's figures (distance,
 * moving time, ascent, descent, average HR) from its stored samples, keeping
 * everything else of the row (when that cannot be written, the rows keep
 * their older figures until a later open). Fails with SG_ESTORE when the file is not a
 * database or was written by a newer schema. *out belongs to the caller:
 * sg_store_close().
 * A `postgresql://` or `postgres://` URL (libpq's syntax) opens a PostgreSQL
 * store instead: its tables live in the connection's current schema
 * (search_path); SG_ESTORE when the server cannot be reached (connect
 * timeout 10 s unless the URL sets connect_timeout), SG_EUSAGE for a URL
 * libpq cannot parse. No message ever holds the URL's password. */
int sg_store_open(const char *path, sg_store **out, sg_err *err);

/* "sqlite" or "postgresql". */
const char *sg_store_backend_name(const sg_store *st);

/* Writes `path` into buf (cap > 0; truncated, always terminated) with the
 * password of a postgresql:// URL (user:PASSWORD@ or password=PASSWORD)
 * replaced by "***": the only form of a store path to print or log. */
void sg_store_redact(const char *path, char *buf, size_t cap);

/* Calls fn for every column of every table, ordered by table name (bytes)
 * then column position: type normalised to "integer", "real", "text" or
 * "blob", notnull for NOT NULL and primary-key columns. Two backends at the
 * same schema version describe themselves identically. fn's nonzero return
 * stops the walk and is returned. */
int sg_store_describe(sg_store *st,
                      int (*fn)(void *ctx, const char *table, const char *column,
                                const char *type, bool notnull),
                      void *ctx, sg_err *err);

/* ---- whole-store copy (strideguard db copy) ---------------------------- */

#define SG_STORE_COPY_TABLES 32

typedef struct sg_store_copy_result {
    int n_tables;
    const char *table[SG_STORE_COPY_TABLES]; /* static names, in copy order */
    long long rows[SG_STORE_COPY_TABLES];
    long long blob_bytes;                    /* sample and IMU blob bytes copied */
} sg_store_copy_result;

/* Called at the start and end of each table and every 256 rows; a nonzero
 * return stops the copy (rolled back) and is returned. */
typedef int (*sg_store_copy_progress)(void *ctx, const char *table, long long done,
                                      long long total);

/* Copies every row of every table of `from` into `to`: activities with their
 * samples and sources, analysis caches, gear and its assignments, IMU
 * recordings with links and caches, kv (profile, settings) and the journal,
 * keeping ids and timestamps. Not the `migrations` history: each store
 * keeps its own. One transaction on `to` (a failure leaves it unchanged),
 * read under `from`'s write lock (consistent). Refuses (SG_EUSAGE) a target
 * holding any row unless `replace`, which empties it first inside the same
 * transaction; refuses (SG_EUNSUPPORTED) two stores whose schemas differ or
 * a table or column the copy does not know. res is filled on success
 * (zeroed on failure). */
int sg_store_copy(sg_store *from, sg_store *to, bool replace, sg_store_copy_progress progress,
                  void *ctx, sg_store_copy_result *res, sg_err *err);

/* Closes the handle (rolling back an open transaction). NULL is a no-op. */
void sg_store_close(sg_store *st);

/* The schema version found in the file after opening. */
int sg_store_schema_version(const sg_store *st);

/* Explicit transactions (for callers that group several writes). Not
 * nestable: SG_EUSAGE when one is already open / none is open. */
int sg_store_begin(sg_store *st, sg_err *err);
int sg_store_commit(sg_store *st, sg_err *err);
int sg_store_rollback(sg_store *st, sg_err *err);

/* Runs the backend's integrity check; SG_ESTORE with its first complaint. */
int sg_store_check(sg_store *st, sg_err *err);

/* ---- athletes (schema 7; docs/internals-store.md "Athletes") ---------
 * Every stored row belongs to an athlete. A runner's own store is one
 * athlete, id 1 ("runner", made by migration 7 for the rows a store had
 * before it); a clinic's database holds many. A handle works on one
 * athlete at a time, its "current" one: every call below this section
 * (activities, sources, samples, trash and changes, IMU recordings, kv,
 * gear, journal, caches, the dedup and same-run rules, links) sees and
 * writes only that athlete's rows, and an id that belongs to another
 * athlete answers SG_ENOTFOUND exactly like a missing one. Ids stay unique
 * across the whole store. */

typedef struct sg_store_athlete_row {
    long long id;
    char name[256];           /* truncated when longer */
    long long created_utc;    /* Unix seconds */
} sg_store_athlete_row;

/* Makes athlete_id the handle's current athlete (1 after sg_store_open).
 * Never fails and checks nothing: an id that does not exist sees an empty
 * store and its writes fail (SG_ESTORE). Allowed inside a transaction. */
void sg_store_use_athlete(sg_store *st, long long athlete_id);
/* The handle's current athlete. */
long long sg_store_athlete(const sg_store *st);
/* Adds an athlete named `name` (non-empty, at most 255 bytes: SG_EUSAGE);
 * *id (may be NULL) receives its id. Does not change the current athlete. */
int sg_store_athlete_add(sg_store *st, const char *name, long long *id, sg_err *err);
/* Calls fn for every athlete, by id (row borrowed for the call); fn's
 * nonzero return stops and is returned. */
int sg_store_athlete_list(sg_store *st, int (*fn)(void *ctx, const sg_store_athlete_row *row),
                          void *ctx, sg_err *err);
/* One athlete into *row; SG_ENOTFOUND. */
int sg_store_athlete_get(sg_store *st, long long id, sg_store_athlete_row *row, sg_err *err);
/* Deletes an athlete and every row that belongs to it (activities with
 * samples, sources and caches, trash and change log, IMU recordings, kv,
 * gear, journal) in one transaction (or the caller's); nothing of another
 * athlete changes. SG_ENOTFOUND when absent; SG_EUSAGE for athlete 1, the
 * store's own runner (a local store always has it; a clinic keeps it as
 * the owner of rows from before migration 7). Deleting the handle's
 * current athlete leaves the handle on that id (empty; switch with
 * sg_store_use_athlete). */
int sg_store_athlete_delete(sg_store *st, long long id, sg_err *err);

/* ---- activities ------------------------------------------------------- */

/* The listing columns of one activity, computed from the activity at import
 * (sg_store_summarize). Plain value, no pointers. */
typedef struct sg_store_summary {
    double start;             /* UTC s of the first sample/session; NaN when unknown */
    sg_sport sport;
    sg_sub_sport sub_sport;
    /* The figures of strideguard/figures.h (the run analysis' own); the
     * device's session totals only when there are fewer than two timed
     * samples to compute from. NaN = not measured. */
    double distance_m;
    double duration_s;        /* elapsed: the sessions' total, else the samples' span */
    double moving_time_s;
    double ascent_m;
    double descent_m;         /* positive */
    double avg_hr;            /* beats/min */
    char device[96];          /* "garmin fenix2"; empty when unknown */
    char name[256];           /* activity name; empty when none */
    char format[8];           /* "fit", "tcx", "gpx" */
    long long n_samples;
    int n_channels;           /* channels + developer columns holding data */
} sg_store_summary;

/* Fills *s from an activity: distance, moving time, ascent, descent and
 * average HR from sg_activity_figures (strideguard/figures.h), so they equal
 * what the run analysis shows; with fewer than two timed samples, the
 * device's session totals (distance else great-circle steps). Never fails
 * (out of memory leaves the figures NaN). */
void sg_store_summarize(const sg_activity *act, sg_store_summary *s);

/* True when two activities are one recording exported twice: both starts
 * known and at most 60 s apart, durations within 2 % of the longer, and
 * distances within 2 % of the longer (distances are ignored when either is
 * unknown or zero). */
bool sg_store_same_run(const sg_store_summary *a, const sg_store_summary *b);

/* > 0 when a is the richer source than b, < 0 when b is, 0 when equal:
 * more channels, then more samples, then format fit > tcx > gpx. */
int sg_store_richer(const sg_store_summary *a, const sg_store_summary *b);

/* One file an activity came from. */
typedef struct sg_store_source {
    long long activity_id;    /* filled when listing; ignored when storing */
    const char *file_name;    /* "run.fit.gz" or the archive entry's last component */
    const char *path;         /* as given / "export.zip:activities/1.fit.gz" */
    char sha256[65];          /* hex SHA-256 of the decompressed bytes */
    const char *format;       /* "fit", "tcx", "gpx" */
    long long size;           /* decompressed bytes */
    long long imported_at;    /* UTC s */
} sg_store_source;

typedef enum sg_ingest_outcome {
    SG_INGEST_NEW = 1,        /* a new activity */
    SG_INGEST_DUPLICATE,      /* these bytes were imported before */
    SG_INGEST_SAME_RUN_KEPT,  /* same run in another file; the stored samples were richer */
    SG_INGEST_SAME_RUN_REPLACED /* same run; this file is richer and now holds the samples */
} sg_ingest_outcome;

typedef struct sg_ingest_result {
    sg_ingest_outcome outcome;
    long long activity_id;
} sg_ingest_result;

/* Stores one decoded file in one transaction, applying the dedup rules:
 * a known sha256 is a DUPLICATE (the source row is added when the path is
 * new); else an activity for which sg_store_same_run holds gets this file as
 * another source and, when sg_store_richer says this one is richer, its
 * samples and summary; else a new activity. `blob` is the activity encoded
 * with sg_store_blob_encode (ignored for duplicates, may be NULL then only if
 * the hash is known). Nothing is written on failure. */
int sg_store_ingest(sg_store *st, const sg_store_summary *sum, const void *blob,
                    size_t blob_len, const sg_store_source *src, sg_ingest_result *res,
                    sg_err *err);

/* SG_OK with *activity_id when a source with this hash exists, SG_ENOTFOUND
 * otherwise. activity_id may be NULL. */
int sg_store_find_hash(sg_store *st, const char *sha256, long long *activity_id, sg_err *err);

/* Calls fn for every stored source hash (e.g. to skip decoding known files).
 * fn returning non-zero stops the walk and is returned. */
int sg_store_each_hash(sg_store *st, int (*fn)(void *ctx, const char *sha256), void *ctx,
                       sg_err *err);

typedef struct sg_store_filter {
    double since;             /* start >= since (UTC s); NaN = no bound */
    double until;             /* start < until; NaN = no bound */
    int sport;                /* sg_sport, or -1 for any */
} sg_store_filter;

/* A filter that matches everything. */
void sg_store_filter_init(sg_store_filter *f);

typedef struct sg_store_row {
    long long id;
    sg_store_summary s;
    long long created_at, updated_at;
} sg_store_row;

/* Calls fn for each matching activity, oldest start first (unknown starts
 * last). fn returning non-zero stops and is returned. */
int sg_store_list(sg_store *st, const sg_store_filter *f,
                  int (*fn)(void *ctx, const sg_store_row *row), void *ctx, sg_err *err);

/* Number of activities. */
int sg_store_count(sg_store *st, long long *n, sg_err *err);

/* One activity's summary; SG_ENOTFOUND when absent. */
int sg_store_get(sg_store *st, long long id, sg_store_row *row, sg_err *err);

/* Calls fn for each source of an activity, in import order; activity_id 0
 * lists every source of every activity, by activity id then import order
 * (one query instead of one per activity). */
int sg_store_sources(sg_store *st, long long activity_id,
                     int (*fn)(void *ctx, const sg_store_source *src), void *ctx, sg_err *err);

/* Decodes the stored samples of an activity into a new sg_activity (allocator
 * `a`, NULL = default; caller frees with sg_activity_free). SG_ENOTFOUND,
 * SG_EFORMAT when the blob is damaged. */
int sg_store_load(sg_store *st, long long id, const sg_allocator *a, sg_activity **out,
                  sg_err *err);

/* Deletes an activity with its sources and cached results. IMU recordings
 * linked to it automatically are re-linked to the best remaining overlap
 * (or unlinked). SG_ENOTFOUND. */
int sg_store_delete(sg_store *st, long long id, sg_err *err);

/* ---- deleting with undo (schema 6) -----------------------------------
 * docs/internals-store.md "Trash and change log". A deleted activity waits in
 * the trash (row, samples, sources, shoe assignment, IMU links) until it is
 * restored or SG_STORE_TRASH_KEEP later deletions push it out; its analysis
 * caches are dropped (they are recomputed). Ids are never reused, so a
 * restored activity keeps its id and journal entries naming it find it again.
 * Every delete and restore is logged. */

#define SG_STORE_TRASH_KEEP 20

typedef struct sg_store_change {
    long long id;             /* order of the log */
    long long at;             /* Unix seconds */
    char kind[16];            /* "delete" or "undo" */
    long long activity_id;
    double start;             /* the activity's start (Unix seconds, NaN = unknown) */
    sg_sport sport;
    char name[256];           /* its name; empty when none */
    bool undoable;            /* a delete whose activity is still in the trash */
} sg_store_change;

/* Moves an activity to the trash (one transaction unless the caller has one
 * open). Its IMU recordings go back to automatic linking, as with
 * sg_store_delete. SG_ENOTFOUND. */
int sg_store_trash(sg_store *st, long long id, sg_err *err);

/* Restores the most recently deleted activity still in the trash, under its
 * id; *id (may be NULL) receives it. SG_ENOTFOUND when the trash is empty;
 * SG_EEXISTS when one of its source files has been imported again since
 * (the trash entry then stays). */
int sg_store_untrash_last(sg_store *st, long long *id, sg_err *err);

/* Calls fn for every logged change, oldest first (borrowed for the call). */
int sg_store_changes(sg_store *st, int (*fn)(void *ctx, const sg_store_change *c), void *ctx,
                     sg_err *err);

/* ---- the sample blob (docs/formats.md "Store schema") ----------------- */

/* Encodes everything in an activity (samples, developer columns, laps,
 * sessions, device, raw motion, strings) as a compressed columnar blob that
 * sg_store_blob_decode turns back into an identical activity (bit-identical
 * doubles, NaN included). *out is malloc()ed, caller frees with free(). */
int sg_store_blob_encode(const sg_activity *act, unsigned char **out, size_t *len, sg_err *err);

/* Decodes a blob into a new activity (allocator `a`, NULL = default).
 * Untrusted input is fine: bounds and ceilings are checked; SG_EFORMAT /
 * SG_ELIMIT / SG_ENOMEM on failure with *out = NULL. */
int sg_store_blob_decode(const void *blob, size_t len, const sg_allocator *a,
                         sg_activity **out, sg_err *err);

/* ---- IMU recordings (body-worn sensor files; docs/formats.md "Store schema") --
 *
 * A recording is stored once per content hash, with the sg_imu resampled
 * grid compressed as float32 columns (sg_store_imu_blob_encode), and linked
 * to at most one activity:
 * - automatically: the activity whose [start, start + duration_s] overlaps
 *   the recording's [start, start + duration_s] longest (ties keep the
 *   current link, then the earlier start, then the lower id). Recomputed
 *   whenever an activity is ingested (new, or its samples replaced) or
 *   deleted, so importing the watch file after the sensor file links them.
 *   Recordings with only relative time (start NaN) are never linked
 *   automatically; activities longer than 7 days are not considered.
 * - pinned: set with sg_store_imu_link; automatic linking leaves it alone.
 * A deleted activity unlinks its recordings (ON DELETE SET NULL). */

typedef struct sg_store_imu_row {
    long long id;
    double start;             /* UTC s of sample 0; NaN when the file had only relative time */
    double duration_s;        /* first sample to end of the last, gaps included */
    double sample_rate_hz;
    long long n_samples;
    bool has_gyro;
    char reader[24];          /* "phyphox", "shimmer", "xsens", "iso-time csv", "csv", "fit" */
    char file_name[256];      /* last component of the source path */
    char path[4096];          /* as imported: "dir/x.csv", "export.zip:a/b.csv" */
    char sha256[65];          /* hex SHA-256 of the file's (decompressed) bytes */
    long long linked_activity_id; /* 0 = none */
    bool link_pinned;         /* set by hand: automatic linking does not touch it */
    long long created_at;     /* UTC s */
} sg_store_imu_row;

/* Fills the recording's columns of *row (start, duration_s, sample_rate_hz,
 * n_samples, has_gyro, reader) from rec and zeroes the rest. Never fails. */
void sg_store_imu_describe(const sg_imu *rec, sg_store_imu_row *row);

typedef struct sg_store_imu_put_result {
    long long id;
    bool duplicate;           /* this sha256 was stored before: nothing was written */
    long long linked_activity_id; /* 0 = none */
} sg_store_imu_put_result;

/* Stores a recording in one transaction (or the caller's). `meta` gives the
 * described columns plus file_name, path, sha256 (64 hex) and created_at
 * (id, link fields ignored); `blob` is sg_store_imu_blob_encode's output.
 * A known sha256 is a duplicate (res->id = the stored one). link_activity
 * > 0 links to that activity (the recording came inside its file; still an
 * automatic link), 0 links by overlap. Errors: SG_EUSAGE (missing fields or
 * blob), SG_ENOTFOUND (link_activity is not one of the current athlete's
 * activities), SG_ESTORE. Nothing is written on failure. */
int sg_store_imu_put(sg_store *st, const sg_store_imu_row *meta, const void *blob, size_t len,
                     long long link_activity, sg_store_imu_put_result *res, sg_err *err);

/* SG_OK with *id (may be NULL) when a recording has this hash; SG_ENOTFOUND. */
int sg_store_imu_find_hash(sg_store *st, const char *sha256, long long *id, sg_err *err);

/* Calls fn for every recording, oldest start first (unknown starts last),
 * then by id. The row is borrowed for the call. fn's non-zero stops and is
 * returned. */
int sg_store_imu_list(sg_store *st, int (*fn)(void *ctx, const sg_store_imu_row *row),
                      void *ctx, sg_err *err);

/* One recording's row; SG_ENOTFOUND. */
int sg_store_imu_get(sg_store *st, long long id, sg_store_imu_row *row, sg_err *err);

/* Decodes a stored recording into a new sg_imu (allocator a, NULL =
 * malloc; free with sg_imu_free). SG_ENOTFOUND, SG_EFORMAT (damaged blob). */
int sg_store_imu_load(sg_store *st, long long id, const sg_allocator *a, sg_imu **out,
                      sg_err *err);

#define SG_STORE_IMU_LINK_AUTO (-1LL)

/* activity_id > 0: pins the link to that activity (SG_ENOTFOUND when either
 * does not exist). 0: pins "no link". SG_STORE_IMU_LINK_AUTO: back to
 * automatic linking, recomputed now. */
int sg_store_imu_link(sg_store *st, long long id, long long activity_id, sg_err *err);

/* Deletes a recording and its cached results. SG_ENOTFOUND. */
int sg_store_imu_delete(sg_store *st, long long id, sg_err *err);

/* Cached analysis results of a recording, as sg_store_cache_* for
 * activities: put inserts or replaces (SG_ESTORE when the recording does not
 * exist); get gives *json malloc()ed, SG_ENOTFOUND when absent or stored with
 * another version. Deleted with the recording. */
int sg_store_imu_cache_put(sg_store *st, long long id, const char *name, int version,
                           const char *json, sg_err *err);
int sg_store_imu_cache_get(sg_store *st, long long id, const char *name, int version,
                           char **json, sg_err *err);

/* The recording blob: a compressed float32 columnar record (docs/formats.md
 * "Store schema"). float32 keeps about 7 significant digits: 1e-6 m/s^2 at
 * 10 m/s^2, far below any MEMS sensor's noise; times are not stored per
 * sample (uniform grid: t0, fs, gaps as f64). *out is malloc()ed (free()). */
int sg_store_imu_blob_encode(const sg_imu *rec, unsigned char **out, size_t *len, sg_err *err);

/* Decodes a blob into a new recording (allocator a). Untrusted input is
 * fine: every length is checked. SG_EFORMAT / SG_ELIMIT / SG_ENOMEM, *out NULL
 * on failure. */
int sg_store_imu_blob_decode(const void *blob, size_t len, const sg_allocator *a, sg_imu **out,
                             sg_err *err);

/* ---- key/value (athlete profile JSON, settings) ------------------------ */

/* Inserts or replaces. */
int sg_store_kv_put(sg_store *st, const char *key, const char *value, sg_err *err);
/* *value malloc()ed (caller frees); SG_ENOTFOUND when absent. */
int sg_store_kv_get(sg_store *st, const char *key, char **value, sg_err *err);
/* SG_ENOTFOUND when absent. */
int sg_store_kv_delete(sg_store *st, const char *key, sg_err *err);
/* Keys starting with prefix ("" = all), sorted. */
int sg_store_kv_list(sg_store *st, const char *prefix,
                     int (*fn)(void *ctx, const char *key, const char *value), void *ctx,
                     sg_err *err);

/* ---- gear (shoes; payload is sg_gear_to_json's JSON) -------------------- */

/* Inserts (id 0) or replaces item id; *out its id (may be NULL).
 * SG_ENOTFOUND when id does not exist, SG_ESTORE. */
int sg_store_gear_put(sg_store *st, long long id, const char *payload, long long *out,
                      sg_err *err);
/* Deletes an item and its assignments. SG_ENOTFOUND. */
int sg_store_gear_delete(sg_store *st, long long id, sg_err *err);
/* Every item by id; fn's payload is borrowed for the call; a non-zero
 * return stops the listing and is returned. */
int sg_store_gear_list(sg_store *st, int (*fn)(void *ctx, long long id, const char *payload),
                       void *ctx, sg_err *err);
/* Which item an activity used; gear_id 0 clears. SG_ENOTFOUND for an
 * unknown activity or item. Deleting the activity deletes it. */
int sg_store_gear_assign(sg_store *st, long long activity_id, long long gear_id, sg_err *err);
/* Every (activity, item) assignment, by activity id. */
int sg_store_gear_assignments(sg_store *st,
                              int (*fn)(void *ctx, long long activity_id, long long gear_id),
                              void *ctx, sg_err *err);

/* ---- journal (pain, prehab, RPE entries; payload is JSON text) --------- */

typedef struct sg_journal_row {
    long long id;
    const char *kind;         /* "pain", "prehab", "rpe", ... */
    const char *date;         /* ISO 8601 date or date-time, as given */
    long long created_at;
    const char *payload;      /* JSON text */
} sg_journal_row;

int sg_store_journal_add(sg_store *st, const char *kind, const char *date, const char *payload,
                         long long *id, sg_err *err);
/* Replaces kind, date and payload of an entry; SG_ENOTFOUND. */
int sg_store_journal_update(sg_store *st, long long id, const char *kind, const char *date,
                            const char *payload, sg_err *err);
/* SG_ENOTFOUND when absent. */
int sg_store_journal_delete(sg_store *st, long long id, sg_err *err);
/* Calls fn with the entry (borrowed strings); SG_ENOTFOUND. */
int sg_store_journal_get(sg_store *st, long long id,
                         int (*fn)(void *ctx, const sg_journal_row *row), void *ctx, sg_err *err);
/* Entries with kind == kind (NULL = any) and from <= date < to (string
 * comparison of ISO dates; NULL = open), by date then id. */
int sg_store_journal_list(sg_store *st, const char *kind, const char *from, const char *to,
                          int (*fn)(void *ctx, const sg_journal_row *row), void *ctx,
                          sg_err *err);

/* ---- analysis cache (JSON results keyed by activity, name, version) ---- */

/* Inserts or replaces the result `name` of an activity. SG_ESTORE when the
 * activity does not exist (foreign key). Same as sg_store_cache_put_inputs
 * with inputs "". */
int sg_store_cache_put(sg_store *st, long long activity_id, const char *name, int version,
                       const char *json, sg_err *err);
/* *json malloc()ed; SG_ENOTFOUND when absent, stored with another version,
 * or stored with inputs other than "". */
int sg_store_cache_get(sg_store *st, long long activity_id, const char *name, int version,
                       char **json, sg_err *err);
/* As sg_store_cache_put, also recording `inputs` (NULL = ""): the caller's
 * fingerprint of whatever else besides the activity's own samples and the
 * algorithm version the result depends on (app/show.h: the runs in a run's
 * baseline window). */
int sg_store_cache_put_inputs(sg_store *st, long long activity_id, const char *name, int version,
                              const char *inputs, const char *json, sg_err *err);
/* As sg_store_cache_get; SG_ENOTFOUND also when the result was stored with
 * other inputs (a stale result: recompute and put it again). */
int sg_store_cache_get_inputs(sg_store *st, long long activity_id, const char *name, int version,
                              const char *inputs, char **json, sg_err *err);
/* Deletes one result (name) or all of an activity's (name NULL). Deleting
 * nothing is not an error. */
int sg_store_cache_delete(sg_store *st, long long activity_id, const char *name, sg_err *err);
/* Calls fn for each cached result of an activity, by name. */
int sg_store_cache_list(sg_store *st, long long activity_id,
                        int (*fn)(void *ctx, const char *name, int version, const char *json),
                        void *ctx, sg_err *err);
/* Calls fn once for every result `name` of `version` stored with inputs ""
 * (what sg_store_cache_get would return) of the current athlete's
 * activities, by activity id, in ONE statement (src/store/cache_batch.c):
 * for a use case that needs the same result of every run. json is borrowed
 * for the call; fn must not call the store (on SQLite the statement is still
 * running); its nonzero return stops and is returned. Activities without
 * such a result are simply not called for. Errors: SG_EUSAGE (NULL),
 * SG_ESTORE. */
int sg_store_cache_get_all(sg_store *st, const char *name, int version,
                           int (*fn)(void *ctx, long long activity_id, const char *json),
                           void *ctx, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
