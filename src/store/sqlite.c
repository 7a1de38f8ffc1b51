/* The SQLite backend of the store (src/store/backend.h).
 *
 * Schema changes are numbered migrations applied in order, each in its own
 * transaction, recorded both in PRAGMA user_version (cheap to read) and in
 * the `migrations` table (when and what). Tables are STRICT so a wrong type
 * is an error instead of a silent conversion. WAL journaling: readers never
 * block the one writer, and a killed process loses at most the transaction
 * in flight. synchronous=NORMAL is durable across process crashes (not
 * across power loss of the last commits, which re-importing repairs).
 *
 * The SQL sticks to what PostgreSQL also accepts except for the STRICT
 * keyword, the PRAGMAs and INTEGER PRIMARY KEY rowids (docs/internals-store.md). */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/backend.h"

/* Prepared statements are cached per connection, keyed by their SQL text
 * (string literals, so the pointer is the key): preparing costs more than
 * running most of these queries, and the dashboard runs them thousands of
 * times a second. A statement still in use (a callback that re-enters the
 * store with the same query) gets a fresh, uncached one. */
#define SQ_CACHE 96
typedef struct sq_cached {
    const char *sql;
    sqlite3_stmt *st;
    int busy;
} sq_cached;

typedef struct sq {
    sqlite3 *db;
    sq_cached cache[SQ_CACHE];
    int n_cache;
} sq;

typedef struct migration {
    int version;
    const char *name;
    const char *sql;
} migration;

static const migration MIGRATIONS[] = {
    {1, "activities, sources, samples, kv, journal, analysis cache",
     "CREATE TABLE activities ("
     " id INTEGER PRIMARY KEY,"
     " start_utc REAL,"
     " sport TEXT NOT NULL,"
     " sub_sport TEXT NOT NULL,"
     " distance_m REAL,"
     " duration_s REAL,"
     " moving_time_s REAL,"
     " ascent_m REAL,"
     " device TEXT,"
     " name TEXT,"
     " format TEXT NOT NULL,"
     " n_samples INTEGER NOT NULL,"
     " n_channels INTEGER NOT NULL,"
     " created_at INTEGER NOT NULL,"
     " updated_at INTEGER NOT NULL) STRICT;"
     "CREATE INDEX activities_start ON activities(start_utc);"
     "CREATE TABLE activity_samples ("
     " activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,"
     " blob BLOB NOT NULL) STRICT;"
     "CREATE TABLE sources ("
     " id INTEGER PRIMARY KEY,"
     " activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,"
     " file_name TEXT NOT NULL,"
     " path TEXT NOT NULL,"
     " sha256 TEXT NOT NULL,"
     " format TEXT NOT NULL,"
     " size INTEGER NOT NULL,"
     " imported_at INTEGER NOT NULL,"
     " UNIQUE (sha256, path)) STRICT;"
     "CREATE INDEX sources_activity ON sources(activity_id);"
     "CREATE TABLE kv ("
     " key TEXT PRIMARY KEY,"
     " value TEXT NOT NULL,"
     " updated_at INTEGER NOT NULL) STRICT;"
     "CREATE TABLE journal ("
     " id INTEGER PRIMARY KEY,"
     " kind TEXT NOT NULL,"
     " date TEXT NOT NULL,"
     " created_at INTEGER NOT NULL,"
     " payload TEXT NOT NULL) STRICT;"
     "CREATE INDEX journal_date ON journal(date);"
     "CREATE TABLE analysis_cache ("
     " activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,"
     " name TEXT NOT NULL,"
     " version INTEGER NOT NULL,"
     " json TEXT NOT NULL,"
     " PRIMARY KEY (activity_id, name)) STRICT;"},
    /* What else a cached result was computed from (e.g. the runs in a run
     * analysis' baseline window), as a caller-made fingerprint; '' = nothing. */
    {2, "analysis cache inputs",
     "ALTER TABLE analysis_cache ADD COLUMN inputs TEXT NOT NULL DEFAULT '';"},
    /* Forward-only: new tables, nothing earlier changes, so a v1 or v2 file
     * keeps every row. */
    {3, "imu recordings, their links to activities and their analysis cache",
     "CREATE TABLE imu_recordings ("
     " id INTEGER PRIMARY KEY,"
     " start_utc REAL,"
     " duration_s REAL NOT NULL,"
     " sample_rate_hz REAL NOT NULL,"
     " n_samples INTEGER NOT NULL,"
     " has_gyro INTEGER NOT NULL,"
     " reader TEXT NOT NULL,"
     " file_name TEXT NOT NULL,"
     " path TEXT NOT NULL,"
     " sha256 TEXT NOT NULL UNIQUE,"
     " blob BLOB NOT NULL,"
     " linked_activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,"
     " link_pinned INTEGER NOT NULL DEFAULT 0,"
     " created_at INTEGER NOT NULL) STRICT;"
     "CREATE INDEX imu_recordings_start ON imu_recordings(start_utc);"
     "CREATE INDEX imu_recordings_link ON imu_recordings(linked_activity_id);"
     "CREATE TABLE imu_cache ("
     " imu_id INTEGER NOT NULL REFERENCES imu_recordings(id) ON DELETE CASCADE,"
     " name TEXT NOT NULL,"
     " version INTEGER NOT NULL,"
     " json TEXT NOT NULL,"
     " PRIMARY KEY (imu_id, name)) STRICT;"},
    /* Shoes as JSON items (strideguard/gear.h) and which run used which;
     * forward-only: new tables. */
    {4, "gear and its assignment to activities",
     "CREATE TABLE gear ("
     " id INTEGER PRIMARY KEY,"
     " payload TEXT NOT NULL,"
     " created_at INTEGER NOT NULL) STRICT;"
     "CREATE TABLE activity_gear ("
     " activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,"
     " gear_id INTEGER NOT NULL REFERENCES gear(id) ON DELETE CASCADE) STRICT;"
     "CREATE INDEX activity_gear_gear ON activity_gear(gear_id);"},
    /* The summary's figures are the run analysis' own (strideguard/figures.h);
     * descent and average HR join the listing. Forward-only: new nullable
     * columns; sg_store_open then refreshes every row's figures from its
     * samples (SG_STORE_SUMMARY_VERSION). */
    {5, "descent and average heart rate in the activity summary",
     "ALTER TABLE activities ADD COLUMN descent_m REAL;"
     "ALTER TABLE activities ADD COLUMN avg_hr REAL;"},
    /* Runs you can correct (docs/internals-store.md "Trash and change log"):
     * a deleted activity's row, samples, sources, shoe and IMU links wait in
     * the trash for an undo; every delete and undo is logged. Forward-only:
     * new tables. trash ids are the activity's own. */
    {6, "trash of deleted activities and the log of run changes",
     "CREATE TABLE run_changes ("
     " id INTEGER PRIMARY KEY,"
     " changed_at INTEGER NOT NULL,"
     " kind TEXT NOT NULL,"
     " activity_id INTEGER NOT NULL,"
     " start_utc REAL,"
     " sport TEXT NOT NULL,"
     " name TEXT) STRICT;"
     "CREATE INDEX run_changes_activity ON run_changes(activity_id);"
     "CREATE TABLE trash_activities ("
     " id INTEGER PRIMARY KEY,"
     " change_id INTEGER NOT NULL,"
     " start_utc REAL,"
     " sport TEXT NOT NULL,"
     " sub_sport TEXT NOT NULL,"
     " distance_m REAL,"
     " duration_s REAL,"
     " moving_time_s REAL,"
     " ascent_m REAL,"
     " device TEXT,"
     " name TEXT,"
     " format TEXT NOT NULL,"
     " n_samples INTEGER NOT NULL,"
     " n_channels INTEGER NOT NULL,"
     " created_at INTEGER NOT NULL,"
     " updated_at INTEGER NOT NULL,"
     " descent_m REAL,"
     " avg_hr REAL,"
     " gear_id INTEGER,"
     " blob BLOB NOT NULL) STRICT;"
     "CREATE TABLE trash_sources ("
     " id INTEGER PRIMARY KEY,"
     " activity_id INTEGER NOT NULL REFERENCES trash_activities(id) ON DELETE CASCADE,"
     " file_name TEXT NOT NULL,"
     " path TEXT NOT NULL,"
     " sha256 TEXT NOT NULL,"
     " format TEXT NOT NULL,"
     " size INTEGER NOT NULL,"
     " imported_at INTEGER NOT NULL) STRICT;"
     "CREATE INDEX trash_sources_activity ON trash_sources(activity_id);"
     "CREATE TABLE trash_imu_links ("
     " imu_id INTEGER NOT NULL REFERENCES imu_recordings(id) ON DELETE CASCADE,"
     " activity_id INTEGER NOT NULL REFERENCES trash_activities(id) ON DELETE CASCADE,"
     " link_pinned INTEGER NOT NULL,"
     " PRIMARY KEY (imu_id, activity_id)) STRICT;"},
    /* accounts (issue #16; src/store/accounts.c). Its number follows the
     * array's order; it is asserted nowhere else. */
    {7, "accounts",
     "CREATE TABLE clinics ("
     " id INTEGER PRIMARY KEY,"
     " name TEXT NOT NULL UNIQUE,"
     " created_utc INTEGER NOT NULL) STRICT;"
     "CREATE TABLE accounts ("
     " id INTEGER PRIMARY KEY,"
     " login TEXT NOT NULL UNIQUE,"
     " role TEXT NOT NULL CHECK (role IN ('runner', 'clinician', 'admin')),"
     " clinic_id INTEGER REFERENCES clinics(id),"
     " athlete_id INTEGER,"
     " pwhash TEXT NOT NULL,"
     " created_utc INTEGER NOT NULL,"
     " disabled INTEGER NOT NULL) STRICT;"
     "CREATE TABLE sessions ("
     " id TEXT PRIMARY KEY,"
     " account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
     " csrf TEXT NOT NULL,"
     " created_utc INTEGER NOT NULL,"
     " seen_utc INTEGER NOT NULL,"
     " expires_utc INTEGER NOT NULL,"
     " revoked_utc INTEGER) STRICT;"
     "CREATE INDEX sessions_account ON sessions(account_id);"
     "CREATE TABLE codes ("
     " hash TEXT PRIMARY KEY,"
     " kind TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),"
     " clinic_id INTEGER REFERENCES clinics(id),"
     " role TEXT NOT NULL,"
     " account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,"
     " issued_by INTEGER NOT NULL,"
     " created_utc INTEGER NOT NULL,"
     " expires_utc INTEGER NOT NULL,"
     " used_utc INTEGER) STRICT;"
     "CREATE TABLE audit ("
     " id INTEGER PRIMARY KEY,"
     " at_utc INTEGER NOT NULL,"
     " account_id INTEGER NOT NULL,"
     " athlete_id INTEGER,"
     " action TEXT NOT NULL,"
     " detail TEXT NOT NULL) STRICT;"
     "CREATE INDEX audit_athlete ON audit(athlete_id, at_utc);"},
};
#define N_MIGRATIONS ((int)(sizeof MIGRATIONS / sizeof *MIGRATIONS))

/* SQLITE_FULL (disk full, or the database's max_page_count reached) is the
 * one refusal a caller must tell apart: nothing else can be written. */
static int db_code(sqlite3 *db)
{
    return (sqlite3_errcode(db) & 0xff) == SQLITE_FULL ? SG_ENOSPC : SG_ESTORE;
}

static int db_err(sqlite3 *db, sg_err *err, const char *what)
{
    return sg_err_set(err, db_code(db), -1, "%s: %s", what, sqlite3_errmsg(db));
}

static int exec(sqlite3 *db, const char *sql, sg_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = sg_err_set(err, db_code(db), -1, "%s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return rc;
    }
    return SG_OK;
}

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, sg_err *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return db_err(db, err, "prepare");
    }
    return SG_OK;
}

static int prepc(sq *s, const char *sql, sqlite3_stmt **st, sg_err *err)
{
    for (int i = 0; i < s->n_cache; i++) {
        if (s->cache[i].sql == sql) {
            if (s->cache[i].busy)
                return prep(s->db, sql, st, err);
            s->cache[i].busy = 1;
            *st = s->cache[i].st;
            return SG_OK;
        }
    }
    int rc = prep(s->db, sql, st, err);
    if (!rc && s->n_cache < SQ_CACHE) {
        s->cache[s->n_cache++] = (sq_cached){sql, *st, 1};
    }
    return rc;
}

/* Gives a statement back: cached ones are reset for their next use, others
 * finalized. NULL is a no-op. */
static void fin(sq *s, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (int i = 0; i < s->n_cache; i++) {
        if (s->cache[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            s->cache[i].busy = 0;
            return;
        }
    }
    sqlite3_finalize(st);
}

/* Steps a statement that returns no rows. */
static int run(sqlite3 *db, sqlite3_stmt *st, sg_err *err)
{
    int r = sqlite3_step(st);
    int rc = (r == SQLITE_DONE || r == SQLITE_ROW) ? SG_OK : db_err(db, err, "write");
    sqlite3_finalize(st);
    return rc;
}

/* run() for cached statements. */
static int runc(sq *s, sqlite3_stmt *st, sg_err *err)
{
    int r = sqlite3_step(st);
    int rc = (r == SQLITE_DONE || r == SQLITE_ROW) ? SG_OK : db_err(s->db, err, "write");
    fin(s, st);
    return rc;
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static double col_real(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

static char *dup_text(sqlite3_stmt *st, int i)
{
    const char *s = col_text(st, i);
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static sg_sub_sport parse_sub(const char *s)
{
    for (int i = 0; i <= SG_SUB_OTHER; i++)
        if (strcmp(s, sg_sub_sport_name((sg_sub_sport)i)) == 0)
            return (sg_sub_sport)i;
    return SG_SUB_NONE;
}

static void copy_col(char *dst, size_t cap, sqlite3_stmt *st, int i)
{
    const char *s = col_text(st, i);
    size_t n = strlen(s);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* ---- open / migrate --------------------------------------------------- */

static int user_version(sqlite3 *db, int *v, sg_err *err)
{
    sqlite3_stmt *st;
    int rc = prep(db, "PRAGMA user_version", &st, err);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *v = sqlite3_column_int(st, 0);
    else
        rc = db_err(db, err, "read schema version");
    sqlite3_finalize(st);
    return rc;
}

static int migrate(sqlite3 *db, int *schema, sg_err *err)
{
    int rc, v = 0;
    if ((rc = user_version(db, &v, err)))
        return rc;
    if (v > N_MIGRATIONS)
        return sg_err_set(err, SG_ESTORE, -1,
                          "database schema %d is newer than this strideguard knows (%d)", v,
                          N_MIGRATIONS);
    for (int i = v; i < N_MIGRATIONS; i++) {
        const migration *m = &MIGRATIONS[i];
        char tail[160];
        if ((rc = exec(db, "BEGIN IMMEDIATE", err)))
            return rc;
        /* Re-check under the write lock: another process may have migrated. */
        int now = 0;
        if ((rc = user_version(db, &now, err)))
            goto fail;
        if (now >= m->version) {
            exec(db, "ROLLBACK", NULL);
            continue;
        }
        if ((rc = exec(db,
                       "CREATE TABLE IF NOT EXISTS migrations ("
                       " version INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL,"
                       " applied_at INTEGER NOT NULL) STRICT",
                       err)) ||
            (rc = exec(db, m->sql, err)))
            goto fail;
        sqlite3_stmt *st;
        if ((rc = prep(db, "INSERT INTO migrations(version, name, applied_at) VALUES (?,?,?)",
                       &st, err)))
            goto fail;
        sqlite3_bind_int(st, 1, m->version);
        sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
        if ((rc = run(db, st, err)))
            goto fail;
        snprintf(tail, sizeof tail, "PRAGMA user_version = %d", m->version);
        if ((rc = exec(db, tail, err)) || (rc = exec(db, "COMMIT", err)))
            goto fail;
        continue;
    fail:
        exec(db, "ROLLBACK", NULL);
        return rc;
    }
    *schema = N_MIGRATIONS;
    return SG_OK;
}

static int sq_open(const char *path, void **impl, int *schema, sg_err *err)
{
    *impl = NULL;
    sq *s = calloc(1, sizeof *s);
    if (!s)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory opening the store");
    int rc = SG_OK;
    /* NOMUTEX: a handle serves one thread at a time (store.h), so the
     * per-call connection mutex is pure cost */
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        rc = sg_err_set(err, SG_ESTORE, -1, "cannot open %s: %s", path,
                        s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto out;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    /* journal_mode answers with a row; exec ignores it. A file that is not a
     * database fails here ("file is not a database"). */
    if ((rc = exec(s->db, "PRAGMA journal_mode = WAL", err)) ||
        (rc = exec(s->db, "PRAGMA foreign_keys = ON", err)) ||
        (rc = exec(s->db, "PRAGMA synchronous = NORMAL", err)) ||
        (rc = migrate(s->db, schema, err)))
        goto out;
    *impl = s;
    s = NULL;
out:
    if (s) {
        sqlite3_close(s->db);
        free(s);
    }
    return rc;
}

static void sq_close(void *impl)
{
    sq *s = impl;
    if (!s)
        return;
    for (int i = 0; i < s->n_cache; i++)
        sqlite3_finalize(s->cache[i].st);
    sqlite3_close(s->db);
    free(s);
}

static int sq_begin(void *impl, sg_err *err)
{
    return exec(((sq *)impl)->db, "BEGIN IMMEDIATE", err);
}

static int sq_commit(void *impl, sg_err *err) { return exec(((sq *)impl)->db, "COMMIT", err); }

static int sq_rollback(void *impl, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    if (sqlite3_get_autocommit(db))
        return SG_OK; /* SQLite already rolled back (e.g. after SQLITE_FULL) */
    return exec(db, "ROLLBACK", err);
}

static int sq_check(void *impl, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S, "PRAGMA integrity_check", &st, err);
    if (rc)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = db_err(db, err, "integrity check");
    else if (strcmp(col_text(st, 0), "ok") != 0)
        rc = sg_err_set(err, SG_ESTORE, -1, "integrity check: %s", col_text(st, 0));
    fin(S, st);
    if (rc)
        return rc;
    if ((rc = prepc(S, "PRAGMA foreign_key_check", &st, err)))
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = sg_err_set(err, SG_ESTORE, -1, "foreign key check: orphan row in %s",
                        col_text(st, 0));
    fin(S, st);
    return rc;
}

/* ---- activities ------------------------------------------------------- */

static int sq_find_hash(void *impl, const char *sha, long long *id, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S, "SELECT activity_id FROM sources WHERE sha256 = ? ORDER BY id LIMIT 1",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (r == SQLITE_DONE)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no source with hash %.12s", sha);
    else
        rc = db_err(db, err, "find hash");
    fin(S, st);
    return rc;
}

static int sq_source_exists(void *impl, const char *sha, const char *path, int *exists,
                            sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S, "SELECT 1 FROM sources WHERE sha256 = ? AND path = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW || r == SQLITE_DONE)
        *exists = r == SQLITE_ROW;
    else
        rc = db_err(db, err, "find source");
    fin(S, st);
    return rc;
}

static void bind_summary(sqlite3_stmt *st, const sg_store_summary *s)
{
    bind_real(st, 1, s->start);
    sqlite3_bind_text(st, 2, sg_sport_name(s->sport), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, sg_sub_sport_name(s->sub_sport), -1, SQLITE_STATIC);
    bind_real(st, 4, s->distance_m);
    bind_real(st, 5, s->duration_s);
    bind_real(st, 6, s->moving_time_s);
    bind_real(st, 7, s->ascent_m);
    bind_text(st, 8, s->device);
    bind_text(st, 9, s->name);
    sqlite3_bind_text(st, 10, s->format, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 11, s->n_samples);
    sqlite3_bind_int(st, 12, s->n_channels);
    bind_real(st, 15, s->descent_m);
    bind_real(st, 16, s->avg_hr);
}

static int put_blob(sqlite3 *db, long long id, const void *blob, size_t len, sg_err *err)
{
    sqlite3_stmt *st;
    int rc = prep(db, "INSERT OR REPLACE INTO activity_samples(activity_id, blob) VALUES (?,?)",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_blob64(st, 2, blob, len, SQLITE_STATIC);
    return run(db, st, err);
}

/* An activity's id is one more than any stored or logged one (run_changes):
 * SQLite would otherwise hand a deleted run's id to the next import, and
 * `runs undo` restores a run under its own id. */
static int sq_insert_activity(void *impl, const sg_store_summary *s, const void *blob,
                              size_t len, long long now, long long *id, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "INSERT INTO activities(id, start_utc, sport, sub_sport, distance_m,"
                  " duration_s, moving_time_s, ascent_m, device, name, format, n_samples,"
                  " n_channels, created_at, updated_at, descent_m, avg_hr)"
                  " VALUES ((SELECT COALESCE(MAX(m), 0) + 1 FROM (SELECT MAX(id) AS m FROM"
                  " activities UNION ALL SELECT MAX(activity_id) FROM run_changes)),"
                  " ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  &st, err);
    if (rc)
        return rc;
    bind_summary(st, s);
    sqlite3_bind_int64(st, 13, now);
    sqlite3_bind_int64(st, 14, now);
    if ((rc = runc(S, st, err)))
        return rc;
    *id = sqlite3_last_insert_rowid(db);
    return put_blob(db, *id, blob, len, err);
}

static int sq_update_activity(void *impl, long long id, const sg_store_summary *s,
                              const void *blob, size_t len, long long now, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "UPDATE activities SET start_utc=?, sport=?, sub_sport=?, distance_m=?,"
                  " duration_s=?, moving_time_s=?, ascent_m=?, device=?, name=?, format=?,"
                  " n_samples=?, n_channels=?, updated_at=?, descent_m=?15, avg_hr=?16"
                  " WHERE id=?14",
                  &st, err);
    if (rc)
        return rc;
    bind_summary(st, s);
    sqlite3_bind_int64(st, 13, now);
    sqlite3_bind_int64(st, 14, id);
    if ((rc = runc(S, st, err)))
        return rc;
    /* Cached analyses were computed from the old samples. */
    if ((rc = prepc(S, "DELETE FROM analysis_cache WHERE activity_id = ?", &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = runc(S, st, err)))
        return rc;
    return put_blob(db, id, blob, len, err);
}

static int sq_insert_source(void *impl, long long aid, const sg_store_source *src, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "INSERT INTO sources(activity_id, file_name, path, sha256, format, size,"
                  " imported_at) VALUES (?,?,?,?,?,?,?)",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, aid);
    sqlite3_bind_text(st, 2, src->file_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, src->path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, src->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, src->format, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, src->size);
    sqlite3_bind_int64(st, 7, src->imported_at);
    return runc(S, st, err);
}

static int sq_each_hash(void *impl, int (*fn)(void *, const char *), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S, "SELECT DISTINCT sha256 FROM sources", &st, err);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, col_text(st, 0))))
            break;
    if (!rc && r != SQLITE_DONE)
        rc = db_err(db, err, "list hashes");
    fin(S, st);
    return rc;
}

#define ROW_COLS                                                                               \
    "id, start_utc, sport, sub_sport, distance_m, duration_s, moving_time_s, ascent_m,"       \
    " device, name, format, n_samples, n_channels, created_at, updated_at, descent_m, avg_hr"

static void read_row(sqlite3_stmt *st, sg_store_row *row)
{
    memset(row, 0, sizeof *row);
    row->id = sqlite3_column_int64(st, 0);
    row->s.start = col_real(st, 1);
    row->s.sport = sg_sport_parse(col_text(st, 2));
    row->s.sub_sport = parse_sub(col_text(st, 3));
    row->s.distance_m = col_real(st, 4);
    row->s.duration_s = col_real(st, 5);
    row->s.moving_time_s = col_real(st, 6);
    row->s.ascent_m = col_real(st, 7);
    copy_col(row->s.device, sizeof row->s.device, st, 8);
    copy_col(row->s.name, sizeof row->s.name, st, 9);
    copy_col(row->s.format, sizeof row->s.format, st, 10);
    row->s.n_samples = sqlite3_column_int64(st, 11);
    row->s.n_channels = sqlite3_column_int(st, 12);
    row->created_at = sqlite3_column_int64(st, 13);
    row->updated_at = sqlite3_column_int64(st, 14);
    row->s.descent_m = col_real(st, 15);
    row->s.avg_hr = col_real(st, 16);
}

static int sq_list(void *impl, const sg_store_filter *f,
                   int (*fn)(void *, const sg_store_row *), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    /* NULL parameters switch a condition off; "start IS NULL" sorts last. */
    int rc = prepc(S,
                  "SELECT " ROW_COLS " FROM activities"
                  " WHERE (?1 IS NULL OR start_utc >= ?1) AND (?2 IS NULL OR start_utc < ?2)"
                  " AND (?3 IS NULL OR sport = ?3)"
                  " ORDER BY start_utc IS NULL, start_utc, id",
                  &st, err);
    if (rc)
        return rc;
    bind_real(st, 1, f->since);
    bind_real(st, 2, f->until);
    if (f->sport >= 0)
        sqlite3_bind_text(st, 3, sg_sport_name((sg_sport)f->sport), -1, SQLITE_STATIC);
    int r;
    sg_store_row row;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        read_row(st, &row);
        if ((rc = fn(ctx, &row)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = db_err(db, err, "list activities");
    fin(S, st);
    return rc;
}

static int sq_count(void *impl, long long *n, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S, "SELECT count(*) FROM activities", &st, err);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        rc = db_err(db, err, "count");
    fin(S, st);
    return rc;
}

static int sq_get(void *impl, long long id, sg_store_row *row, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S, "SELECT " ROW_COLS " FROM activities WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        read_row(st, row);
    else if (r == SQLITE_DONE)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no activity %lld", id);
    else
        rc = db_err(db, err, "get activity");
    fin(S, st);
    return rc;
}

static int sq_sources(void *impl, long long id, int (*fn)(void *, const sg_store_source *),
                      void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = id ? prepc(S,
                        "SELECT file_name, path, sha256, format, size, imported_at, activity_id"
                        " FROM sources WHERE activity_id = ? ORDER BY id",
                        &st, err)
                : prepc(S,
                        "SELECT file_name, path, sha256, format, size, imported_at, activity_id"
                        " FROM sources ORDER BY activity_id, id",
                        &st, err);
    if (rc)
        return rc;
    if (id)
        sqlite3_bind_int64(st, 1, id);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        sg_store_source s;
        memset(&s, 0, sizeof s);
        s.activity_id = sqlite3_column_int64(st, 6);
        s.file_name = col_text(st, 0);
        s.path = col_text(st, 1);
        copy_col(s.sha256, sizeof s.sha256, st, 2);
        s.format = col_text(st, 3);
        s.size = sqlite3_column_int64(st, 4);
        s.imported_at = sqlite3_column_int64(st, 5);
        if ((rc = fn(ctx, &s)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = db_err(db, err, "list sources");
    fin(S, st);
    return rc;
}

/* Hands the blob of row `id` (borrowed) to fn; SG_ENOTFOUND names `what`. */
static int read_blob(void *impl, const char *sql, long long id, const char *what,
                     int (*fn)(void *, const void *, size_t), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, sql, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        const void *b = sqlite3_column_blob(st, 0);
        int n = sqlite3_column_bytes(st, 0);
        rc = fn(ctx, b, (size_t)(n > 0 ? n : 0));
    } else if (r == SQLITE_DONE) {
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no %s %lld", what, id);
    } else {
        rc = db_err(S->db, err, what);
    }
    fin(S, st);
    return rc;
}

static int sq_blob(void *impl, long long id, int (*fn)(void *, const void *, size_t), void *ctx,
                   sg_err *err)
{
    return read_blob(impl, "SELECT blob FROM activity_samples WHERE activity_id = ?", id,
                     "activity", fn, ctx, err);
}

/* Runs a one-parameter DELETE/UPDATE and reports SG_ENOTFOUND when no row changed. */
static int change_one(sq *S, sqlite3_stmt *st, const char *what, sg_err *err)
{
    int rc = runc(S, st, err);
    if (!rc && sqlite3_changes(S->db) == 0)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such %s", what);
    return rc;
}

static int sq_remove(void *impl, long long id, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "DELETE FROM activities WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    return change_one(S, st, "activity", err);
}

/* ---- kv --------------------------------------------------------------- */

static int sq_kv_put(void *impl, const char *k, const char *v, long long now, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "INSERT INTO kv(key, value, updated_at) VALUES (?,?,?)"
                  " ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
                  " updated_at = excluded.updated_at",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    return runc(S, st, err);
}

static int get_text(sq *S, sqlite3_stmt *st, char **out, const char *what, sg_err *err)
{
    int rc = SG_OK;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *out = dup_text(st, 0);
        if (!*out)
            rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    } else if (r == SQLITE_DONE) {
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such %s", what);
    } else {
        rc = db_err(S->db, err, what);
    }
    fin(S, st);
    return rc;
}

static int sq_kv_get(void *impl, const char *k, char **v, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "SELECT value FROM kv WHERE key = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
    return get_text(S, st, v, "key", err);
}

static int sq_kv_delete(void *impl, const char *k, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "DELETE FROM kv WHERE key = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
    return change_one(S, st, "key", err);
}

static int sq_kv_list(void *impl, const char *prefix,
                      int (*fn)(void *, const char *, const char *), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    /* substr() instead of LIKE: no wildcard escaping, same in PostgreSQL. */
    int rc = prepc(S,
                  "SELECT key, value FROM kv WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, col_text(st, 0), col_text(st, 1))))
            break;
    if (!rc && r != SQLITE_DONE)
        rc = db_err(db, err, "list keys");
    fin(S, st);
    return rc;
}

/* ---- gear ------------------------------------------------------------- */

static int sq_gear_put(void *impl, long long id, const char *payload, long long now,
                       long long *out, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc;
    if (id > 0) {
        if ((rc = prepc(S, "UPDATE gear SET payload = ? WHERE id = ?", &st, err)))
            return rc;
        sqlite3_bind_text(st, 1, payload, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, id);
        if ((rc = change_one(S, st, "shoe", err)))
            return rc;
        *out = id;
        return SG_OK;
    }
    if ((rc = prepc(S, "INSERT INTO gear(payload, created_at) VALUES (?, ?)", &st, err)))
        return rc;
    sqlite3_bind_text(st, 1, payload, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    if ((rc = runc(S, st, err)))
        return rc;
    *out = sqlite3_last_insert_rowid(S->db);
    return SG_OK;
}

static int sq_gear_delete(void *impl, long long id, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "DELETE FROM gear WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    return change_one(S, st, "shoe", err);
}

static int sq_gear_list(void *impl, int (*fn)(void *, long long, const char *), void *ctx,
                        sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "SELECT id, payload FROM gear ORDER BY id", &st, err);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, sqlite3_column_int64(st, 0), col_text(st, 1))))
            break;
    if (!rc && r != SQLITE_DONE)
        rc = db_err(S->db, err, "list gear");
    fin(S, st);
    return rc;
}

static int exists(sq *S, const char *sql, long long id, int *yes, sg_err *err)
{
    sqlite3_stmt *st;
    int rc = prepc(S, sql, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    *yes = r == SQLITE_ROW;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = db_err(S->db, err, "look up");
    fin(S, st);
    return rc;
}

static int sq_gear_assign(void *impl, long long activity_id, long long gear_id, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc, yes = 0;
    if ((rc = exists(S, "SELECT 1 FROM activities WHERE id = ?", activity_id, &yes, err)))
        return rc;
    if (!yes)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no activity %lld", activity_id);
    if (gear_id <= 0) {
        if ((rc = prepc(S, "DELETE FROM activity_gear WHERE activity_id = ?", &st, err)))
            return rc;
        sqlite3_bind_int64(st, 1, activity_id);
        return runc(S, st, err);
    }
    if ((rc = exists(S, "SELECT 1 FROM gear WHERE id = ?", gear_id, &yes, err)))
        return rc;
    if (!yes)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no shoe %lld", gear_id);
    if ((rc = prepc(S,
                    "INSERT INTO activity_gear(activity_id, gear_id) VALUES (?1, ?2)"
                    " ON CONFLICT(activity_id) DO UPDATE SET gear_id = ?2",
                    &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int64(st, 2, gear_id);
    return runc(S, st, err);
}

static int sq_gear_assignments(void *impl, int (*fn)(void *, long long, long long), void *ctx,
                               sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "SELECT activity_id, gear_id FROM activity_gear ORDER BY activity_id", &st,
                   err);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1))))
            break;
    if (!rc && r != SQLITE_DONE)
        rc = db_err(S->db, err, "list gear assignments");
    fin(S, st);
    return rc;
}

/* ---- trash and change log (schema 6) ---------------------------------- */

#define SQ_ACT_COLS                                                                          \
    "start_utc, sport, sub_sport, distance_m, duration_s, moving_time_s, ascent_m, device,"  \
    " name, format, n_samples, n_channels, created_at, updated_at, descent_m, avg_hr"

/* Runs sql with ?1 = a and, when it has a second parameter, ?2 = b. */
static int run2(sq *S, const char *sql, long long a, long long b, sg_err *err)
{
    sqlite3_stmt *st;
    int rc = prepc(S, sql, &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, a);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int64(st, 2, b);
    return runc(S, st, err);
}

static int sq_trash(void *impl, long long id, long long now, sg_err *err)
{
    sq *S = impl;
    int rc, yes = 0;
    if ((rc = exists(S, "SELECT 1 FROM activities WHERE id = ?", id, &yes, err)))
        return rc;
    if (!yes)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no activity %lld", id);
    if ((rc = run2(S,
                   "INSERT INTO run_changes(changed_at, kind, activity_id, start_utc, sport, name)"
                   " SELECT ?2, 'delete', id, start_utc, sport, name FROM activities WHERE id = ?1",
                   id, now, err)))
        return rc;
    long long change = sqlite3_last_insert_rowid(S->db);
    if ((rc = run2(S,
                   "INSERT INTO trash_activities(id, change_id, " SQ_ACT_COLS ", gear_id, blob)"
                   " SELECT a.id, ?2, a.start_utc, a.sport, a.sub_sport, a.distance_m,"
                   " a.duration_s, a.moving_time_s, a.ascent_m, a.device, a.name, a.format,"
                   " a.n_samples, a.n_channels, a.created_at, a.updated_at, a.descent_m, a.avg_hr,"
                   " (SELECT gear_id FROM activity_gear g WHERE g.activity_id = a.id), s.blob"
                   " FROM activities a JOIN activity_samples s ON s.activity_id = a.id"
                   " WHERE a.id = ?1",
                   id, change, err)) ||
        (rc = run2(S,
                   "INSERT INTO trash_sources(activity_id, file_name, path, sha256, format, size,"
                   " imported_at) SELECT activity_id, file_name, path, sha256, format, size,"
                   " imported_at FROM sources WHERE activity_id = ?1 ORDER BY id",
                   id, 0, err)) ||
        (rc = run2(S,
                   "INSERT INTO trash_imu_links(imu_id, activity_id, link_pinned)"
                   " SELECT id, linked_activity_id, link_pinned FROM imu_recordings"
                   " WHERE linked_activity_id = ?1",
                   id, 0, err)) ||
        (rc = run2(S, "DELETE FROM activities WHERE id = ?1", id, 0, err)))
        return rc;
    return run2(S,
                "DELETE FROM trash_activities WHERE id NOT IN (SELECT id FROM trash_activities"
                " ORDER BY change_id DESC LIMIT ?1)",
                SG_STORE_TRASH_KEEP, 0, err);
}

static int sq_trash_last(void *impl, long long *id, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "SELECT id FROM trash_activities ORDER BY change_id DESC LIMIT 1", &st, err);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (r == SQLITE_DONE)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no deleted activity to restore");
    else
        rc = db_err(S->db, err, "read trash");
    fin(S, st);
    return rc;
}

static int sq_untrash(void *impl, long long id, long long now, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc, yes = 0;
    if ((rc = exists(S, "SELECT 1 FROM trash_activities WHERE id = ?", id, &yes, err)))
        return rc;
    if (!yes)
        return sg_err_set(err, SG_ENOTFOUND, -1, "activity %lld is not in the trash", id);
    if ((rc = exists(S, "SELECT 1 FROM activities WHERE id = ?", id, &yes, err)))
        return rc;
    if (yes)
        return sg_err_set(err, SG_EEXISTS, -1, "activity %lld exists", id);
    if ((rc = prepc(S,
                    "SELECT t.file_name FROM trash_sources t JOIN sources s ON s.sha256 = t.sha256"
                    " WHERE t.activity_id = ? ORDER BY t.id LIMIT 1",
                    &st, err)))
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        rc = sg_err_set(err, SG_EEXISTS, -1, "%s has been imported again since", col_text(st, 0));
    else if (r != SQLITE_DONE)
        rc = db_err(S->db, err, "look up sources");
    fin(S, st);
    if (rc)
        return rc;
    if ((rc = run2(S,
                   "INSERT INTO activities(id, " SQ_ACT_COLS ") SELECT id, " SQ_ACT_COLS
                   " FROM trash_activities WHERE id = ?1",
                   id, 0, err)) ||
        (rc = run2(S,
                   "INSERT INTO activity_samples(activity_id, blob)"
                   " SELECT id, blob FROM trash_activities WHERE id = ?1",
                   id, 0, err)) ||
        (rc = run2(S,
                   "INSERT INTO sources(activity_id, file_name, path, sha256, format, size,"
                   " imported_at) SELECT activity_id, file_name, path, sha256, format, size,"
                   " imported_at FROM trash_sources WHERE activity_id = ?1 ORDER BY id",
                   id, 0, err)) ||
        (rc = run2(S,
                   "INSERT INTO activity_gear(activity_id, gear_id) SELECT t.id, t.gear_id"
                   " FROM trash_activities t JOIN gear g ON g.id = t.gear_id WHERE t.id = ?1",
                   id, 0, err)) ||
        (rc = run2(S,
                   "UPDATE imu_recordings SET linked_activity_id = ?1, link_pinned ="
                   " (SELECT link_pinned FROM trash_imu_links t WHERE t.imu_id = imu_recordings.id"
                   " AND t.activity_id = ?1) WHERE link_pinned = 0 AND id IN"
                   " (SELECT imu_id FROM trash_imu_links WHERE activity_id = ?1)",
                   id, 0, err)) ||
        (rc = run2(S,
                   "INSERT INTO run_changes(changed_at, kind, activity_id, start_utc, sport, name)"
                   " SELECT ?2, 'undo', id, start_utc, sport, name FROM trash_activities"
                   " WHERE id = ?1",
                   id, now, err)))
        return rc;
    return run2(S, "DELETE FROM trash_activities WHERE id = ?1", id, 0, err);
}

static int sq_changes(void *impl, int (*fn)(void *, const sg_store_change *), void *ctx,
                      sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                   "SELECT c.id, c.changed_at, c.kind, c.activity_id, c.start_utc, c.sport, c.name,"
                   " EXISTS (SELECT 1 FROM trash_activities t WHERE t.change_id = c.id)"
                   " FROM run_changes c ORDER BY c.id",
                   &st, err);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        sg_store_change c;
        memset(&c, 0, sizeof c);
        c.id = sqlite3_column_int64(st, 0);
        c.at = sqlite3_column_int64(st, 1);
        copy_col(c.kind, sizeof c.kind, st, 2);
        c.activity_id = sqlite3_column_int64(st, 3);
        c.start = col_real(st, 4);
        c.sport = sg_sport_parse(col_text(st, 5));
        copy_col(c.name, sizeof c.name, st, 6);
        c.undoable = sqlite3_column_int(st, 7) != 0;
        if ((rc = fn(ctx, &c)))
            break;
    }
    if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
        rc = db_err(S->db, err, "list run changes");
    fin(S, st);
    return rc;
}

/* ---- journal ---------------------------------------------------------- */

static int sq_journal_add(void *impl, const char *kind, const char *date, const char *payload,
                          long long now, long long *id, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S, "INSERT INTO journal(kind, date, created_at, payload) VALUES (?,?,?,?)",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_text(st, 4, payload, -1, SQLITE_STATIC);
    if ((rc = runc(S, st, err)))
        return rc;
    *id = sqlite3_last_insert_rowid(db);
    return SG_OK;
}

static int sq_journal_update(void *impl, long long id, const char *kind, const char *date,
                             const char *payload, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "UPDATE journal SET kind = ?, date = ?, payload = ? WHERE id = ?", &st,
                  err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, payload, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, id);
    return change_one(S, st, "journal entry", err);
}

static int sq_journal_delete(void *impl, long long id, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "DELETE FROM journal WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    return change_one(S, st, "journal entry", err);
}

static int sq_journal_list(void *impl, long long id, const char *kind, const char *from,
                           const char *to, int (*fn)(void *, const sg_journal_row *), void *ctx,
                           sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "SELECT id, kind, date, created_at, payload FROM journal"
                  " WHERE (?1 IS NULL OR id = ?1) AND (?2 IS NULL OR kind = ?2)"
                  " AND (?3 IS NULL OR date >= ?3) AND (?4 IS NULL OR date < ?4)"
                  " ORDER BY date, id",
                  &st, err);
    if (rc)
        return rc;
    if (id > 0)
        sqlite3_bind_int64(st, 1, id);
    if (kind)
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    if (from)
        sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
    if (to)
        sqlite3_bind_text(st, 4, to, -1, SQLITE_STATIC);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        sg_journal_row row = {sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2),
                              sqlite3_column_int64(st, 3), col_text(st, 4)};
        if ((rc = fn(ctx, &row)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = db_err(db, err, "list journal");
    fin(S, st);
    return rc;
}

/* ---- analysis cache --------------------------------------------------- */

static int sq_cache_put(void *impl, long long id, const char *name, int version,
                        const char *inputs, const char *json, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "INSERT INTO analysis_cache(activity_id, name, version, json, inputs)"
                  " VALUES (?,?,?,?,?)"
                  " ON CONFLICT(activity_id, name) DO UPDATE SET version = excluded.version,"
                  " json = excluded.json, inputs = excluded.inputs",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, version);
    sqlite3_bind_text(st, 4, json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, inputs, -1, SQLITE_STATIC);
    return runc(S, st, err);
}

static int sq_cache_get(void *impl, long long id, const char *name, int version,
                        const char *inputs, char **json, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "SELECT json FROM analysis_cache WHERE activity_id = ? AND name = ?"
                  " AND version = ? AND inputs = ?",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, version);
    sqlite3_bind_text(st, 4, inputs, -1, SQLITE_STATIC);
    return get_text(S, st, json, "cached result", err);
}

static int sq_cache_delete(void *impl, long long id, const char *name, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "DELETE FROM analysis_cache WHERE activity_id = ?1 AND (?2 IS NULL OR name = ?2)",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if (name)
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    return runc(S, st, err);
}

static int sq_cache_list(void *impl, long long id,
                         int (*fn)(void *, const char *, int, const char *), void *ctx,
                         sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "SELECT name, version, json FROM analysis_cache WHERE activity_id = ?"
                  " ORDER BY name",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, col_text(st, 0), sqlite3_column_int(st, 1), col_text(st, 2))))
            break;
    if (!rc && r != SQLITE_DONE)
        rc = db_err(db, err, "list cache");
    fin(S, st);
    return rc;
}

/* ---- overlap and IMU recordings ---------------------------------------- */

static int sq_overlapping(void *impl, double from, double to,
                          int (*fn)(void *, const sg_store_row *), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    /* The lower bound on start_utc keeps this an index range scan. */
    int rc = prepc(S,
                  "SELECT " ROW_COLS " FROM activities"
                  " WHERE start_utc < ?2 AND start_utc >= ?3 AND duration_s IS NOT NULL"
                  " AND start_utc + duration_s > ?1 ORDER BY start_utc, id",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_double(st, 1, from);
    sqlite3_bind_double(st, 2, to);
    sqlite3_bind_double(st, 3, from - SG_STORE_LINK_MAX_ACTIVITY_S);
    int r;
    sg_store_row row;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        read_row(st, &row);
        if ((rc = fn(ctx, &row)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = db_err(db, err, "overlapping activities");
    fin(S, st);
    return rc;
}

static int sq_imu_find_hash(void *impl, const char *sha, long long *id, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S, "SELECT id FROM imu_recordings WHERE sha256 = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    else if (r == SQLITE_DONE)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no IMU recording with hash %.12s", sha);
    else
        rc = db_err(db, err, "find IMU hash");
    fin(S, st);
    return rc;
}

static int sq_imu_insert(void *impl, const sg_store_imu_row *r, const void *blob, size_t len,
                         long long *id, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "INSERT INTO imu_recordings(start_utc, duration_s, sample_rate_hz, n_samples,"
                  " has_gyro, reader, file_name, path, sha256, blob, created_at)"
                  " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                  &st, err);
    if (rc)
        return rc;
    bind_real(st, 1, r->start);
    sqlite3_bind_double(st, 2, isfinite(r->duration_s) ? r->duration_s : 0.0);
    sqlite3_bind_double(st, 3, r->sample_rate_hz);
    sqlite3_bind_int64(st, 4, r->n_samples);
    sqlite3_bind_int(st, 5, r->has_gyro ? 1 : 0);
    sqlite3_bind_text(st, 6, r->reader, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, r->file_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, r->path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, r->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 10, blob, len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 11, r->created_at);
    if ((rc = runc(S, st, err)))
        return rc;
    *id = sqlite3_last_insert_rowid(db);
    return SG_OK;
}

static int sq_imu_list(void *impl, const sg_store_imu_query *q,
                       int (*fn)(void *, const sg_store_imu_row *), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3 *db = S->db;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "SELECT id, start_utc, duration_s, sample_rate_hz, n_samples, has_gyro,"
                  " reader, file_name, path, sha256, linked_activity_id, link_pinned,"
                  " created_at FROM imu_recordings"
                  " WHERE (?1 IS NULL OR id = ?1)"
                  " AND (?2 IS NULL OR start_utc + duration_s > ?2)"
                  " AND (?3 IS NULL OR start_utc < ?3)"
                  " AND (?4 IS NULL OR linked_activity_id = ?4)"
                  " ORDER BY start_utc IS NULL, start_utc, id",
                  &st, err);
    if (rc)
        return rc;
    if (q->id > 0)
        sqlite3_bind_int64(st, 1, q->id);
    bind_real(st, 2, q->from);
    bind_real(st, 3, q->to);
    if (q->linked_to > 0)
        sqlite3_bind_int64(st, 4, q->linked_to);
    sg_store_imu_row *row = malloc(sizeof *row);
    if (!row) {
        fin(S, st);
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    }
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        memset(row, 0, sizeof *row);
        row->id = sqlite3_column_int64(st, 0);
        row->start = col_real(st, 1);
        row->duration_s = col_real(st, 2);
        row->sample_rate_hz = col_real(st, 3);
        row->n_samples = sqlite3_column_int64(st, 4);
        row->has_gyro = sqlite3_column_int(st, 5) != 0;
        copy_col(row->reader, sizeof row->reader, st, 6);
        copy_col(row->file_name, sizeof row->file_name, st, 7);
        copy_col(row->path, sizeof row->path, st, 8);
        copy_col(row->sha256, sizeof row->sha256, st, 9);
        row->linked_activity_id = sqlite3_column_int64(st, 10); /* NULL reads 0 */
        row->link_pinned = sqlite3_column_int(st, 11) != 0;
        row->created_at = sqlite3_column_int64(st, 12);
        if ((rc = fn(ctx, row)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = db_err(db, err, "list IMU recordings");
    fin(S, st);
    free(row);
    return rc;
}

static int sq_imu_blob(void *impl, long long id, int (*fn)(void *, const void *, size_t),
                       void *ctx, sg_err *err)
{
    return read_blob(impl, "SELECT blob FROM imu_recordings WHERE id = ?", id, "IMU recording",
                     fn, ctx, err);
}

static int sq_imu_set_link(void *impl, long long id, long long aid, bool pinned, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "UPDATE imu_recordings SET linked_activity_id = ?, link_pinned = ?"
                  " WHERE id = ?",
                  &st, err);
    if (rc)
        return rc;
    if (aid > 0)
        sqlite3_bind_int64(st, 1, aid);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_int(st, 2, pinned ? 1 : 0);
    sqlite3_bind_int64(st, 3, id);
    return change_one(S, st, "IMU recording", err);
}

static int sq_imu_remove(void *impl, long long id, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "DELETE FROM imu_recordings WHERE id = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    return change_one(S, st, "IMU recording", err);
}

static int sq_imu_cache_put(void *impl, long long id, const char *name, int version,
                            const char *json, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "INSERT INTO imu_cache(imu_id, name, version, json) VALUES (?,?,?,?)"
                  " ON CONFLICT(imu_id, name) DO UPDATE SET version = excluded.version,"
                  " json = excluded.json",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, version);
    sqlite3_bind_text(st, 4, json, -1, SQLITE_STATIC);
    return runc(S, st, err);
}

static int sq_imu_cache_get(void *impl, long long id, const char *name, int version,
                            char **json, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                  "SELECT json FROM imu_cache WHERE imu_id = ? AND name = ? AND version = ?",
                  &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, version);
    return get_text(S, st, json, "cached result", err);
}

static int sq_sql(void *impl, const char *sql, const sg_store_param *p, int n,
                  int (*fn)(void *, const sg_store_value *, int), void *ctx, long long *changed,
                  sg_err *err);

const sg_store_backend sg_store_sqlite_backend = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .check = sq_check,
    .find_hash = sq_find_hash,
    .source_exists = sq_source_exists,
    .insert_activity = sq_insert_activity,
    .update_activity = sq_update_activity,
    .insert_source = sq_insert_source,
    .each_hash = sq_each_hash,
    .list = sq_list,
    .count = sq_count,
    .get = sq_get,
    .sources = sq_sources,
    .blob = sq_blob,
    .remove = sq_remove,
    .trash = sq_trash,
    .trash_last = sq_trash_last,
    .untrash = sq_untrash,
    .changes = sq_changes,
    .kv_put = sq_kv_put,
    .kv_get = sq_kv_get,
    .kv_delete = sq_kv_delete,
    .kv_list = sq_kv_list,
    .journal_add = sq_journal_add,
    .journal_update = sq_journal_update,
    .journal_delete = sq_journal_delete,
    .journal_list = sq_journal_list,
    .cache_put = sq_cache_put,
    .cache_get = sq_cache_get,
    .cache_delete = sq_cache_delete,
    .cache_list = sq_cache_list,
    .overlapping = sq_overlapping,
    .imu_find_hash = sq_imu_find_hash,
    .imu_insert = sq_imu_insert,
    .imu_list = sq_imu_list,
    .imu_blob = sq_imu_blob,
    .imu_set_link = sq_imu_set_link,
    .imu_remove = sq_imu_remove,
    .imu_cache_put = sq_imu_cache_put,
    .imu_cache_get = sq_imu_cache_get,
    .gear_put = sq_gear_put,
    .gear_delete = sq_gear_delete,
    .gear_list = sq_gear_list,
    .gear_assign = sq_gear_assign,
    .gear_assignments = sq_gear_assignments,
    .sql = sq_sql,
};

/* The one hook src/store/sqlite_rows.c (whole tables, for `db copy`) needs. */
struct sqlite3 *sg_store_sqlite_db(void *impl) { return ((sq *)impl)->db; }

/* ---- the generic statement (accounts, schema 7) --------------------------
 * backend.h's `sql`: SQLite takes the $1..$n placeholders as named
 * parameters, bound by name so their order in the text does not matter. */

#define SQ_SQL_MAX_COLS 16

static int sq_sql(void *impl, const char *sql, const sg_store_param *p, int n,
                  int (*fn)(void *, const sg_store_value *, int), void *ctx, long long *changed,
                  sg_err *err)
{
    sq *S = impl;
    if (n < 0 || n > SG_STORE_SQL_MAX_PARAMS)
        return sg_err_set(err, SG_EUSAGE, -1, "too many statement parameters");
    sqlite3_stmt *st;
    int rc = prepc(S, sql, &st, err);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++) {
        char name[8];
        snprintf(name, sizeof name, "$%d", i + 1);
        int at = sqlite3_bind_parameter_index(st, name);
        if (at <= 0)
            continue;
        if (p[i].kind == SG_PARAM_INT)
            sqlite3_bind_int64(st, at, p[i].i);
        else if (p[i].kind == SG_PARAM_TEXT && p[i].s)
            sqlite3_bind_text(st, at, p[i].s, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, at);
    }
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (!fn)
            continue;
        sg_store_value v[SQ_SQL_MAX_COLS];
        int nc = sqlite3_column_count(st);
        if (nc > SQ_SQL_MAX_COLS)
            nc = SQ_SQL_MAX_COLS;
        for (int c = 0; c < nc; c++) {
            memset(&v[c], 0, sizeof v[c]);
            v[c].null = sqlite3_column_type(st, c) == SQLITE_NULL;
            v[c].i = sqlite3_column_int64(st, c);
            v[c].r = sqlite3_column_double(st, c);
            v[c].s = col_text(st, c);
            v[c].len = strlen(v[c].s);
        }
        if ((rc = fn(ctx, v, nc)) != 0)
            break;
    }
    if (rc == SG_OK && r != SQLITE_DONE)
        rc = db_err(S->db, err, "statement");
    if (rc == SG_OK && changed)
        *changed = sqlite3_changes(S->db);
    fin(S, st);
    return rc;
}
