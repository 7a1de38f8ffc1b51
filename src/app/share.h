#ifndef SG_APP_SHARE_H
#define SG_APP_SHARE_H
/* Sharing with a clinic (issue #16; docs/cli.md "share"), owned by the
 * runner. Both ends are here:
 *
 * The runner's side (`strideguard share join|push|status|stop`) talks to a
 * clinic server (`serve --clinic`) through bytes/http_client.h. It keeps the
 * clinic's address and the login in the local store's kv ("share.url",
 * "share.login"), never the password. A push sends, each only when the
 * clinic does not hold it yet (GET /api/share/have), in this order:
 * - every activity as the FIT file the encoder writes (deterministic bytes:
 *   their SHA-256 is the content hash both ends compare; the clinic decodes
 *   and summarises it itself);
 * - every IMU recording as the store's recording blob the encoder writes
 *   (sg_store_imu_blob_encode of the stored recording; its SHA-256 is the
 *   content hash both ends compare), in chunks of SG_SHARE_IMU_CHUNK bytes
 *   (POST /api/share/imu), at most SG_SHARE_IMU_MAX_BYTES. The store keeps
 *   the resampled recording, not the sensor's original file, so the blob is
 *   what there is to send; the clinic decodes it with the store's checked
 *   decoder, describes it (start, duration, rate, samples, gyroscope) and
 *   encodes it again itself: no figure is taken from the client. A
 *   recording linked to a run names that run by the content hash of its FIT
 *   file (exact, where a start time may match two runs or none), and the
 *   clinic links its copy to its copy of that run (pinned when the runner
 *   pinned the link); a run the clinic lacks leaves the recording to the
 *   clinic's automatic linking by overlap, which links it when the run
 *   arrives;
 * - every journal entry, in batches;
 * - the profile (whole), and the race course's file when the clinic's
 *   differs (POST /api/course, the clinic decoding it itself; DELETE
 *   /api/course when the runner has none and the clinic has one).
 * Every item is its own request (an IMU recording a few), so a push cut
 * short is finished by pushing again; an IMU recording cut short is resumed
 * where the clinic's part of it ends.
 *
 * The clinic's side (the routes of docs/cli.md "share"): the handle is
 * already scoped to the caller's athlete (server/auth.c), so every function
 * below sees and writes that athlete's rows only.
 *
 * A journal entry's content hash (sg_share_entry_hash) is the SHA-256 of its
 * storage JSON with its run ids set to 0, a line feed, and its run's key
 * (sg_share_run_key: the run's start time, "" when it names no run): the same
 * entry gets the same hash on both ends although the run's id differs, and
 * whether or not its run reached the clinic first (an older version hashed
 * the run's FIT file, which a run that failed to push did not have; the
 * clinic still recognises those hashes). The clinic keeps the hashes of what
 * it took in its kv ("share.journal.<hash>"), which goes with
 * the athlete. */

#include <stddef.h>
#include <stdint.h>

#include "strideguard/journal.h"
#include "strideguard/store.h"

#define SG_SHARE_JOURNAL_BATCH 200   /* entries per POST /api/share/journal */
#define SG_SHARE_MAX_FAILED 100      /* failures named in a result (the count goes on) */
#define SG_SHARE_HASH_HEX 65         /* 64 hex digits and the NUL */
#define SG_SHARE_RUN_KEY 32          /* sg_share_run_key's buffer */
/* The largest file a runner sends in one request held in memory: an
 * activity a push sends to a clinic (POST /api/share/activity) and a race
 * course (POST /api/course as a file: the push's, the dashboard's). 8 MiB:
 * about 59 hours at one record a second as the FIT encoder writes them (39
 * bytes a record), a GPX course recorded every second for about 10 hours.
 * The server's ordinary body ceiling (1 MiB: 7.4 hours of FIT) would have
 * refused a slow mountain marathon recorded every second; it lets a body
 * this large through only from a runner admitted before the body is read
 * who declared its length, within a server-wide budget (src/server/http.h). */
#define SG_SHARE_FILE_MAX_BYTES ((size_t)8 << 20)
#define SG_SHARE_FILE_BIG ((size_t)1 << 20) /* past this, the budget applies */
/* The largest IMU recording blob a push sends and a clinic takes: 32 MiB,
 * about 5 hours at 100 Hz with a gyroscope (a 20-minute 100 Hz recording is
 * 2.3 MB). The clinic holds a recording's chunks in a file until the last
 * arrives, then decodes the whole in memory: the ceiling bounds both. */
#define SG_SHARE_IMU_MAX_BYTES ((size_t)32 << 20)
/* Unfinished recordings a clinic keeps per runner: starting one more drops
 * the part written least recently (a push sends one recording at a time and
 * resumes the one it was on; a client that starts more only loses its own
 * oldest). With SG_SHARE_IMU_MAX_BYTES this bounds a runner's part files at
 * 128 MiB of the clinic's disk. */
#define SG_SHARE_IMU_PARTS_MAX 4
/* Bytes of a recording per POST /api/share/imu: base64 in JSON stays well
 * under the server's 1 MiB body ceiling (SG_HTTP_MAX_BODY). */
#define SG_SHARE_IMU_CHUNK ((size_t)512 << 10)

/* ---- the runner's side ---- */

/* `share join`: redeems the invitation code (POST /api/accept {code, login,
 * password}), signs in to check, and remembers url and login in st's kv.
 * Errors: SG_EUSAGE (a bad URL, or the clinic refused the request: the
 * server's message), SG_EDENIED (the code or the sign-in was refused),
 * SG_EIO (the clinic could not be reached), SG_ESTORE. */
int sg_share_join(sg_store *st, const char *url, const char *code, const char *login,
                  const char *password, sg_err *err);

/* The remembered clinic (url, login: into the buffers) or SG_ENOTFOUND
 * "not sharing: run `strideguard share join` first". */
int sg_share_where(sg_store *st, char *url, size_t url_cap, char *login, size_t login_cap,
                   sg_err *err);

typedef struct sg_share_failure {
    char what[96];        /* "activity 12", "IMU recording 3", "journal entry 7", "race course" */
    char why[256];        /* the one-line reason */
} sg_share_failure;

typedef struct sg_share_push_opts {
    const char *password;  /* borrowed */
    size_t max_items;      /* 0 = all; else stop after sending this many (an honest
                            * interruption for tests: `share push --max-items N`) */
    /* optional, called after every item: done of total, bytes sent so far */
    void (*on_progress)(void *ctx, size_t done, size_t total, uint64_t bytes);
    void *ctx;
} sg_share_push_opts;

typedef struct sg_share_push_result {
    size_t sent;           /* items the clinic took in this push */
    size_t held;           /* items it held already (not sent, or answered as held) */
    size_t activities, journal, imu; /* of sent: activities, journal entries, IMU
                                      * recordings */
    int course;            /* the race course was sent (1) or removed at the clinic (-1) */
    size_t total;          /* local items considered */
    size_t n_failed;       /* items that failed (named in failed[], up to SG_SHARE_MAX_FAILED) */
    sg_share_failure *failed; /* owned: sg_share_push_result_free */
    int stopped;           /* max_items reached before the end */
    uint64_t bytes;        /* request bodies sent */
    double seconds;
} sg_share_push_result;

/* `share push`. SG_OK when the push ran (items may have failed: n_failed);
 * else SG_ENOTFOUND (not joined), SG_EDENIED (sign-in refused), SG_EIO (the
 * clinic went away: what was sent stays sent), SG_ESTORE, SG_ENOMEM. */
int sg_share_push(sg_store *st, const sg_share_push_opts *o, sg_share_push_result *r,
                  sg_err *err);
void sg_share_push_result_free(sg_share_push_result *r);

/* What the clinic holds for the runner (GET /api/share) beside what is local. */
typedef struct sg_share_counts {
    long long activities, journal, imu;
} sg_share_counts;

typedef struct sg_share_status {
    char url[512];         /* redacted */
    char login[128];
    sg_share_counts clinic, local;
} sg_share_status;

/* `share status`. Errors as sg_share_push. */
int sg_share_status_get(sg_store *st, const char *password, sg_share_status *s, sg_err *err);

/* `share stop`: DELETE /api/share (the clinic deletes its copy and ends the
 * runner's sessions), then forgets the clinic locally. Errors as push. */
int sg_share_stop(sg_store *st, const char *password, sg_share_counts *deleted, sg_err *err);

/* ---- both sides ---- */

/* The run's part of a journal entry's identity (above): "start:<UTC s>" of
 * the run's start rounded to the second, "run" when the run's start is not
 * known (NaN: a file with only relative time). Never fails. */
void sg_share_run_key(double start, char key[SG_SHARE_RUN_KEY]);

/* The content hash of an entry (above). run_key: sg_share_run_key of the run
 * it names, NULL or "" when none. SG_ENOMEM. */
int sg_share_entry_hash(const sg_entry *e, const char *run_key, char hex[SG_SHARE_HASH_HEX],
                        sg_err *err);

/* ---- the clinic's side (st scoped to the caller's athlete) ---- */

/* The content hashes held: activities' sources, shared journal entries and
 * IMU recordings (each array malloc()ed, sorted; free with
 * sg_share_have_free), and the race course's ("" when none). */
typedef struct sg_share_have {
    char (*activities)[SG_SHARE_HASH_HEX];
    size_t n_activities;
    char (*journal)[SG_SHARE_HASH_HEX];
    size_t n_journal;
    char (*imu)[SG_SHARE_HASH_HEX];
    size_t n_imu;
    char course[SG_SHARE_HASH_HEX];
} sg_share_have;

int sg_share_have_get(sg_store *st, sg_share_have *h, sg_err *err);
void sg_share_have_free(sg_share_have *h);

/* One activity file sent by the runner: written to a private temporary
 * folder under tmpdir and imported with the import use case (the clinic
 * decodes it with its own readers). Pain entries that arrived naming this
 * file's hash before it (sg_share_journal_put) are then linked to its run. */
typedef struct sg_share_activity_res {
    const char *status;    /* "imported", "duplicate", "same_run", "skipped",
                            * "failed", "damaged" (static) */
    long long activity_id; /* 0 when none */
    char sha256[SG_SHARE_HASH_HEX];
    char reason[256];      /* why, for skipped, failed, damaged */
} sg_share_activity_res;

/* `today` (civil day, front ends: sg_app_today) is the journal's, for the
 * entries it links. Errors: SG_EUSAGE (a bad name: as POST /api/import's),
 * SG_EIO (the temporary file), the import's own (SG_ENOSPC, SG_ESTORE). A
 * file that is not an activity is SG_OK with status "skipped" or "failed". */
int sg_share_activity_put(sg_store *st, const char *tmpdir, const char *name,
                          const void *data, size_t len, int today,
                          sg_share_activity_res *res, sg_err *err);

/* POST /api/share/journal's body {"entries": [{"entry": {...}, "run_sha256":
 * "hex" | null, "run_start": UTC s | null}, ...]} (at most
 * SG_SHARE_JOURNAL_BATCH): each entry not held yet (its hash from the entry
 * and run_start, or the older one from run_sha256) is validated and added
 * (its run found by run_sha256 among the athlete's sources; a pain entry
 * whose run is not there is taken without it and linked when a file of that
 * hash arrives, sg_share_activity_put; an RPE entry fails, and the next push
 * sends it again). */
typedef struct sg_share_journal_res {
    size_t added, held, n_failed;
    sg_share_failure failed[8]; /* the first failures ("entry N") */
    size_t failed_index[8];     /* their indexes in the batch */
} sg_share_journal_res;

/* Errors: SG_EUSAGE (the body's shape), SG_ESTORE, SG_ENOMEM; one entry's
 * problem is a failure in res, not an error. */
int sg_share_journal_put(sg_store *st, const char *body, size_t len, int today,
                         sg_share_journal_res *res, sg_err *err);

/* POST /api/share/imu: one chunk of an IMU recording's blob. The body:
 * {"sha256": hex of the whole blob, "size": its bytes, "offset": of this
 * chunk, "data_base64": the chunk (at most SG_SHARE_IMU_CHUNK bytes),
 * "file_name": for display, "run_sha256": hex | null (its run's FIT hash),
 * "pinned": bool (the runner pinned the link)}.
 * The chunks are appended to a file of the athlete's own under tmpdir; one
 * whose offset is not where that file ends, or that is empty (a push's first
 * question), is not written and answered "partial" with the offset wanted
 * (how a push resumes); a new part past SG_SHARE_IMU_PARTS_MAX drops the
 * athlete's least recently written one. With the last one
 * the clinic checks the whole blob's SHA-256, decodes it (the store's
 * checked decoder), describes and encodes it again, and stores it under
 * that hash, linked as share.h says. */
typedef struct sg_share_imu_res {
    const char *status;    /* "held", "partial", "imported", "failed" (static) */
    unsigned long long next; /* "partial": the offset the clinic wants next */
    long long imu_id;      /* "held", "imported" */
    long long linked_activity_id; /* "imported": 0 when none */
    char reason[256];      /* "failed": why (the part is dropped: send it again) */
} sg_share_imu_res;

/* Errors: SG_EUSAGE (the body's shape: a bad hash, size over
 * SG_SHARE_IMU_MAX_BYTES, a chunk outside it or over SG_SHARE_IMU_CHUNK, a
 * bad file name), SG_EIO / SG_ENOSPC (the part file), SG_ESTORE, SG_ENOMEM.
 * Bytes that are not a recording are SG_OK with status "failed". */
int sg_share_imu_put(sg_store *st, const char *tmpdir, const char *body, size_t len,
                     sg_share_imu_res *res, sg_err *err);

/* Removes the athlete's unfinished IMU parts under tmpdir (share stop).
 * Never fails: a part that cannot be removed is left. */
void sg_share_imu_parts_drop(const char *tmpdir, long long athlete);

/* GET /api/share: the athlete's counts. */
int sg_share_counts_get(sg_store *st, sg_share_counts *c, sg_err *err);

/* DELETE /api/share: deletes the athlete and every row of it (counts before
 * into *deleted) and ends every session of account_id. The account stays,
 * with no athlete: sharing again takes a new invitation. SG_EUSAGE for the
 * store's own runner (athlete 1), SG_ESTORE. */
int sg_share_clinic_delete(sg_store *st, long long account_id, long long now,
                           sg_share_counts *deleted, sg_err *err);

#endif
