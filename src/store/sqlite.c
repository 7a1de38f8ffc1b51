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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/backend.h"
#include "store/store_internal.h"

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
    long long athlete;        /* ?1 of every cached statement (prepc) */
} sq;

static const sg_store_migration MIGRATIONS[] = {
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
    /* Every stored row belongs to an athlete (issue #16; docs/internals-store.md
     * "Athletes"): the rows so far are athlete 1's. A new NOT NULL column
     * with a foreign key, and uniqueness per athlete, need each top-level
     * table rebuilt (migrate() runs this with foreign keys off and checks
     * them before committing): ids, columns and STRICT kept, athlete_id
     * last (PostgreSQL's ALTER TABLE ADD COLUMN puts it there too). */
    {7, "athletes: every stored row belongs to one",
     "CREATE TABLE athletes ("
     " id INTEGER PRIMARY KEY,"
     " name TEXT NOT NULL,"
     " created_utc INTEGER NOT NULL) STRICT;"
     "INSERT INTO athletes(id, name, created_utc)"
     " VALUES (1, 'runner', CAST(strftime('%s', 'now') AS INTEGER));"},
    /* accounts (issue #16; src/store/accounts.c). Its number follows the
     * array's order; it is asserted nowhere else. */
    {8, "accounts",
     "CREATE TABLE clinics ("
     " id INTEGER PRIMARY KEY,"
     " name TEXT NOT NULL UNIQUE,"
     " created_utc INTEGER NOT NULL) STRICT;"
     "CREATE TABLE accounts ("
     " id INTEGER PRIMARY KEY,"
     " login TEXT NOT NULL UNIQUE,"
     " role TEXT NOT NULL CHECK (role IN ('runner', 'clinician', 'admin')),"
     " clinic_id INTEGER REFERENCES clinics(id),"
     " athlete_id INTEGER REFERENCES athletes(id) ON DELETE SET NULL,"
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
    /* the clinician's view (issue #16; src/store/clinic_store.c): findings
     * recorded by region and side, the prehab assignments, and the roster's
     * per-athlete cached row (recomputed when its fingerprint changes). */
    {9, "clinic findings, assignments and roster cache",
     "CREATE TABLE findings ("
     " id INTEGER PRIMARY KEY,"
     " athlete_id INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,"
     " account_id INTEGER NOT NULL,"
     " date TEXT NOT NULL,"
     " region TEXT NOT NULL CHECK (region IN ('upper_cervical', 'cervical', 'thoracic',"
     " 'thoracolumbar', 'lumbar', 'lumbosacral', 'sacroiliac', 'hip')),"
     " side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both', 'central')),"
     " text TEXT NOT NULL,"
     " created_utc INTEGER NOT NULL,"
     " updated_utc INTEGER NOT NULL) STRICT;"
     "CREATE INDEX findings_athlete ON findings(athlete_id, date);"
     "CREATE TABLE assignments ("
     " id INTEGER PRIMARY KEY,"
     " athlete_id INTEGER NOT NULL REFERENCES athletes(id) ON DELETE CASCADE,"
     " account_id INTEGER NOT NULL,"
     " exercise TEXT NOT NULL,"
     " dose TEXT NOT NULL,"
     " notes TEXT NOT NULL,"
     " from_date TEXT NOT NULL,"
     " to_date TEXT,"
     " created_utc INTEGER NOT NULL,"
     " updated_utc INTEGER NOT NULL) STRICT;"
     "CREATE INDEX assignments_athlete ON assignments(athlete_id, from_date);"
     "CREATE TABLE roster_cache ("
     " athlete_id INTEGER PRIMARY KEY REFERENCES athletes(id) ON DELETE CASCADE,"
     " fingerprint TEXT NOT NULL,"
     " payload TEXT NOT NULL) STRICT;"},
    /* a change counter per athlete (issue #16; src/store/clinic_store.c):
     * every insert, update and delete of an athlete's own rows adds one,
     * kept by triggers so no write path can forget it; the roster's cache
     * key is this one indexed row instead of aggregates over all of them. */
    {10, "athlete change counters",
     "CREATE TABLE athlete_changes ("
     " athlete_id INTEGER PRIMARY KEY REFERENCES athletes(id) ON DELETE CASCADE,"
     " seq INTEGER NOT NULL) STRICT;"
     "INSERT INTO athlete_changes(athlete_id, seq) SELECT id, 0 FROM athletes;"
     "CREATE TRIGGER athletes_insert AFTER INSERT ON athletes BEGIN"
     " INSERT INTO athlete_changes(athlete_id, seq) VALUES (NEW.id, 0); END;"
     "CREATE TRIGGER activities_insert AFTER INSERT ON activities BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER activities_update AFTER UPDATE ON activities BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER activities_delete AFTER DELETE ON activities BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = OLD.athlete_id; END;"
     "CREATE TRIGGER sources_insert AFTER INSERT ON sources BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER sources_update AFTER UPDATE ON sources BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER sources_delete AFTER DELETE ON sources BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = OLD.athlete_id; END;"
     "CREATE TRIGGER kv_insert AFTER INSERT ON kv BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER kv_update AFTER UPDATE ON kv BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER kv_delete AFTER DELETE ON kv BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = OLD.athlete_id; END;"
     "CREATE TRIGGER journal_insert AFTER INSERT ON journal BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER journal_update AFTER UPDATE ON journal BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER journal_delete AFTER DELETE ON journal BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = OLD.athlete_id; END;"
     "CREATE TRIGGER imu_recordings_insert AFTER INSERT ON imu_recordings BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER imu_recordings_update AFTER UPDATE ON imu_recordings BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER imu_recordings_delete AFTER DELETE ON imu_recordings BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = OLD.athlete_id; END;"
     "CREATE TRIGGER gear_insert AFTER INSERT ON gear BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER gear_update AFTER UPDATE ON gear BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER gear_delete AFTER DELETE ON gear BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = OLD.athlete_id; END;"
     "CREATE TRIGGER run_changes_insert AFTER INSERT ON run_changes BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER run_changes_update AFTER UPDATE ON run_changes BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = NEW.athlete_id; END;"
     "CREATE TRIGGER run_changes_delete AFTER DELETE ON run_changes BEGIN"
     " UPDATE athlete_changes SET seq = seq + 1 WHERE athlete_id = OLD.athlete_id; END;"
},
    /* PostgreSQL's 11 makes its counter move once per transaction (its
     * updates leave row versions behind); SQLite updates the row in place,
     * so its triggers stay as they are: the number is kept in step */
    {11, "athlete change counters once per transaction", "SELECT 1;"},
    /* a change counter per clinic (src/store/clinic_store.c): it moves with
     * everything its roster shows, so the roster's cache key is this one
     * indexed row, not a walk over the clinic's runners: an athlete's
     * counter moving, the athlete renamed or removed, and an account of
     * the clinic added, removed or changed in what the roster reads (its
     * login, role, clinic, athlete, enabled flag; not its password) */
    {12, "clinic change counters",
     "CREATE TABLE clinic_changes ("
     " clinic_id INTEGER PRIMARY KEY REFERENCES clinics(id) ON DELETE CASCADE,"
     " seq INTEGER NOT NULL) STRICT;"
     "INSERT INTO clinic_changes(clinic_id, seq) SELECT id, 0 FROM clinics;"
     "CREATE INDEX accounts_athlete ON accounts(athlete_id);"
     "CREATE TRIGGER clinics_insert AFTER INSERT ON clinics BEGIN"
     " INSERT INTO clinic_changes(clinic_id, seq) VALUES (NEW.id, 0); END;"
     "CREATE TRIGGER athlete_changes_clinics AFTER UPDATE ON athlete_changes BEGIN"
     " UPDATE clinic_changes SET seq = seq + 1 WHERE clinic_id IN"
     " (SELECT clinic_id FROM accounts WHERE athlete_id = NEW.athlete_id); END;"
     "CREATE TRIGGER athletes_renamed AFTER UPDATE OF name ON athletes BEGIN"
     " UPDATE clinic_changes SET seq = seq + 1 WHERE clinic_id IN"
     " (SELECT clinic_id FROM accounts WHERE athlete_id = NEW.id); END;"
     "CREATE TRIGGER accounts_insert_clinics AFTER INSERT ON accounts BEGIN"
     " UPDATE clinic_changes SET seq = seq + 1 WHERE clinic_id = NEW.clinic_id; END;"
     "CREATE TRIGGER accounts_update_clinics"
     " AFTER UPDATE OF login, role, clinic_id, athlete_id, disabled ON accounts BEGIN"
     " UPDATE clinic_changes SET seq = seq + 1 WHERE clinic_id IN (OLD.clinic_id, NEW.clinic_id);"
     " END;"
     "CREATE TRIGGER accounts_delete_clinics AFTER DELETE ON accounts BEGIN"
     " UPDATE clinic_changes SET seq = seq + 1 WHERE clinic_id = OLD.clinic_id; END;"},
};
#define N_MIGRATIONS ((int)(sizeof MIGRATIONS / sizeof *MIGRATIONS))

/* Migration 7's table rebuilds (after its SQL above): each top-level table
 * again with its columns and STRICT, plus `athlete_id` (1 for every row so
 * far) last, its uniqueness per athlete, and its indexes. */
typedef struct sq_rebuild {
    const char *table, *cols, *constraint, *indexes;
} sq_rebuild;

static const sq_rebuild REBUILD_7[] = {
    {"activities",
     "id INTEGER PRIMARY KEY, start_utc REAL, sport TEXT NOT NULL, sub_sport TEXT NOT NULL,"
     " distance_m REAL, duration_s REAL, moving_time_s REAL, ascent_m REAL, device TEXT,"
     " name TEXT, format TEXT NOT NULL, n_samples INTEGER NOT NULL,"
     " n_channels INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
     " descent_m REAL, avg_hr REAL",
     "", "CREATE INDEX activities_start ON activities(athlete_id, start_utc);"},
    {"sources",
     "id INTEGER PRIMARY KEY,"
     " activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,"
     " file_name TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,"
     " format TEXT NOT NULL, size INTEGER NOT NULL, imported_at INTEGER NOT NULL",
     ", UNIQUE (athlete_id, sha256, path)",
     "CREATE INDEX sources_activity ON sources(activity_id);"},
    {"kv", "key TEXT NOT NULL, value TEXT NOT NULL, updated_at INTEGER NOT NULL",
     ", PRIMARY KEY (athlete_id, key)", ""},
    {"journal",
     "id INTEGER PRIMARY KEY, kind TEXT NOT NULL, date TEXT NOT NULL,"
     " created_at INTEGER NOT NULL, payload TEXT NOT NULL",
     "", "CREATE INDEX journal_date ON journal(athlete_id, date);"},
    {"imu_recordings",
     "id INTEGER PRIMARY KEY, start_utc REAL, duration_s REAL NOT NULL,"
     " sample_rate_hz REAL NOT NULL, n_samples INTEGER NOT NULL, has_gyro INTEGER NOT NULL,"
     " reader TEXT NOT NULL, file_name TEXT NOT NULL, path TEXT NOT NULL,"
     " sha256 TEXT NOT NULL, blob BLOB NOT NULL,"
     " linked_activity_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,"
     " link_pinned INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL",
     ", UNIQUE (athlete_id, sha256)",
     "CREATE INDEX imu_recordings_start ON imu_recordings(athlete_id, start_utc);"
     "CREATE INDEX imu_recordings_link ON imu_recordings(linked_activity_id);"},
    {"gear", "id INTEGER PRIMARY KEY, payload TEXT NOT NULL, created_at INTEGER NOT NULL", "",
     ""},
    {"run_changes",
     "id INTEGER PRIMARY KEY, changed_at INTEGER NOT NULL, kind TEXT NOT NULL,"
     " activity_id INTEGER NOT NULL, start_utc REAL, sport TEXT NOT NULL, name TEXT",
     "", "CREATE INDEX run_changes_activity ON run_changes(activity_id);"},
    {"trash_activities",
     "id INTEGER PRIMARY KEY, change_id INTEGER NOT NULL, start_utc REAL,"
     " sport TEXT NOT NULL, sub_sport TEXT NOT NULL, distance_m REAL, duration_s REAL,"
     " moving_time_s REAL, ascent_m REAL, device TEXT, name TEXT, format TEXT NOT NULL,"
     " n_samples INTEGER NOT NULL, n_channels INTEGER NOT NULL, created_at INTEGER NOT NULL,"
     " updated_at INTEGER NOT NULL, descent_m REAL, avg_hr REAL, gear_id INTEGER,"
     " blob BLOB NOT NULL",
     "", ""},
};

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

/* The statement of `sql` from the cache (prepared on first use) with ?1
 * bound to the current athlete: the one place that binds it. A statement
 * that has no ?1 ignores it (SQLITE_RANGE). */
static int prepc(sq *s, const char *sql, sqlite3_stmt **st, sg_err *err)
{
    int rc = SG_OK, i;
    for (i = 0; i < s->n_cache && s->cache[i].sql != sql; i++)
        ;
    if (i < s->n_cache && !s->cache[i].busy) {
        s->cache[i].busy = 1;
        *st = s->cache[i].st;
    } else if (!(rc = prep(s->db, sql, st, err)) && i == s->n_cache && s->n_cache < SQ_CACHE) {
        s->cache[s->n_cache++] = (sq_cached){sql, *st, 1};
    }
    if (!rc)
        sqlite3_bind_int64(*st, 1, s->athlete);
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

/* prepc, then ?2, ?3 ... from `types`, one letter per argument: 'i' long
 * long, 'n' long long with <= 0 as NULL, 'r' double (NaN as NULL), 't' text
 * (NULL stays NULL), 'T' text ("" is NULL too), 'b' blob (pointer, size_t).
 * Strings and blobs must outlive the statement's steps. */
static int vq(sq *S, const char *sql, sqlite3_stmt **st, sg_err *err, const char *types,
              va_list ap)
{
    int rc = prepc(S, sql, st, err);
    for (int i = 0; !rc && types[i]; i++) {
        int k = i + 2;
        switch (types[i]) {
        case 'i': sqlite3_bind_int64(*st, k, va_arg(ap, long long)); break;
        case 'n': {
            long long v = va_arg(ap, long long);
            if (v > 0)
                sqlite3_bind_int64(*st, k, v);
            else
                sqlite3_bind_null(*st, k);
            break;
        }
        case 'r': bind_real(*st, k, va_arg(ap, double)); break;
        case 'T': bind_text(*st, k, va_arg(ap, const char *)); break;
        case 'b': {
            const void *b = va_arg(ap, const void *);
            size_t len = va_arg(ap, size_t);
            sqlite3_bind_blob64(*st, k, len ? b : "", len, SQLITE_STATIC);
            break;
        }
        default: {
            const char *t = va_arg(ap, const char *);
            if (t)
                sqlite3_bind_text(*st, k, t, -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(*st, k);
        }
        }
    }
    return rc;
}

static int q(sq *S, const char *sql, sqlite3_stmt **st, sg_err *err, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = vq(S, sql, st, err, types, ap);
    va_end(ap);
    return rc;
}

/* Steps a statement that returns no rows and gives it back. */
static int runc(sq *s, sqlite3_stmt *st, sg_err *err)
{
    int r = sqlite3_step(st);
    int rc = (r == SQLITE_DONE || r == SQLITE_ROW) ? SG_OK : db_err(s->db, err, "write");
    fin(s, st);
    return rc;
}

/* A write (q's arguments); *changed (may be NULL) receives the rows it changed. */
static int qw(sq *S, const char *sql, long long *changed, sg_err *err, const char *types, ...)
{
    sqlite3_stmt *st;
    va_list ap;
    va_start(ap, types);
    int rc = vq(S, sql, &st, err, types, ap);
    va_end(ap);
    if (!rc && !(rc = runc(S, st, err)) && changed)
        *changed = sqlite3_changes64(S->db);
    return rc;
}

/* A write that must change a row: SG_ENOTFOUND ("no such <what>") otherwise. */
static int qone(sq *S, const char *what, const char *sql, sg_err *err, const char *types, ...)
{
    sqlite3_stmt *st;
    va_list ap;
    va_start(ap, types);
    int rc = vq(S, sql, &st, err, types, ap);
    va_end(ap);
    if (!rc && !(rc = runc(S, st, err)) && sqlite3_changes64(S->db) == 0)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such %s", what);
    return rc;
}

/* The integer of the first row's first column; SG_ENOTFOUND ("no <what>")
 * when there is no row. */
static int qint(sq *S, const char *what, const char *sql, long long *out, sg_err *err,
                const char *types, ...)
{
    sqlite3_stmt *st;
    va_list ap;
    va_start(ap, types);
    int rc = vq(S, sql, &st, err, types, ap);
    va_end(ap);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (r == SQLITE_DONE)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no %s", what);
    else
        rc = db_err(S->db, err, what);
    fin(S, st);
    return rc;
}

/* Whether sql (q's arguments) returns a row. */
static int qexists(sq *S, const char *sql, int *yes, sg_err *err, const char *types, ...)
{
    sqlite3_stmt *st;
    va_list ap;
    va_start(ap, types);
    int rc = vq(S, sql, &st, err, types, ap);
    va_end(ap);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    *yes = r == SQLITE_ROW;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = db_err(S->db, err, "look up");
    fin(S, st);
    return rc;
}

/* After the caller's loop over sqlite3_step: the step's error unless fn
 * stopped it (rc), and the statement given back. */
static int done(sq *S, sqlite3_stmt *st, int r, int rc, const char *what, sg_err *err)
{
    if (!rc && r != SQLITE_DONE)
        rc = db_err(S->db, err, what);
    fin(S, st);
    return rc;
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

static sg_sub_sport parse_sub(const char *s)
{
    for (int i = 0; i <= SG_SUB_OTHER; i++)
        if (strcmp(s, sg_sub_sport_name((sg_sub_sport)i)) == 0)
            return (sg_sub_sport)i;
    return SG_SUB_NONE;
}

static void copy_col(char *dst, size_t cap, sqlite3_stmt *st, int i)
{
    snprintf(dst, cap, "%s", col_text(st, i));
}

/* The first column of the one row (copied: *out malloc()ed); SG_ENOTFOUND. */
static int get_text(sq *S, sqlite3_stmt *st, char **out, const char *what, sg_err *err)
{
    int rc = SG_OK;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        const char *s = col_text(st, 0);
        size_t n = strlen(s) + 1;
        if ((*out = malloc(n)) != NULL)
            memcpy(*out, s, n);
        else
            rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    } else if (r == SQLITE_DONE) {
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such %s", what);
    } else {
        rc = db_err(S->db, err, what);
    }
    fin(S, st);
    return rc;
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

/* Whether a migration left a row pointing at a missing parent (foreign keys
 * are off while migrating: a table rebuild drops its old copy). */
static int fk_ok(sqlite3 *db, sg_err *err)
{
    sqlite3_stmt *st;
    int rc = prep(db, "PRAGMA foreign_key_check", &st, err);
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        rc = sg_err_set(err, SG_ESTORE, -1, "migration: orphan row in %s",
                        (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return rc;
}

/* Whether the file has table `name` (a partial file written by hand, as some
 * tests' fixtures are, may lack one; migrations 2 to 6 never needed it). */
static int has_table(sqlite3 *db, const char *name, int *yes, sg_err *err)
{
    sqlite3_stmt *st;
    int rc = prep(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", &st, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    *yes = r == SQLITE_ROW;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = db_err(db, err, "read schema");
    sqlite3_finalize(st);
    return rc;
}

/* Runs REBUILD_7 (inside migration 7's transaction, foreign keys off: the
 * old table's DROP must not cascade; its children's REFERENCES name the new
 * one after the rename). A table the file lacks stays absent. */
static int rebuild_7(sqlite3 *db, sg_err *err)
{
    char sql[4096];
    int rc = SG_OK, yes = 0;
    for (size_t i = 0; i < sizeof REBUILD_7 / sizeof *REBUILD_7 && !rc; i++) {
        const sq_rebuild *t = &REBUILD_7[i];
        if ((rc = has_table(db, t->table, &yes, err)) || !yes)
            continue;
        int n = snprintf(sql, sizeof sql,
                         "CREATE TABLE %s_7 (%s, athlete_id INTEGER NOT NULL REFERENCES"
                         " athletes(id) ON DELETE CASCADE%s) STRICT;"
                         "INSERT INTO %s_7 SELECT *, 1 FROM %s; DROP TABLE %s;"
                         "ALTER TABLE %s_7 RENAME TO %s;%s",
                         t->table, t->cols, t->constraint, t->table, t->table, t->table,
                         t->table, t->table, t->indexes);
        rc = n < 0 || (size_t)n >= sizeof sql
                 ? sg_err_set(err, SG_ELIMIT, -1, "migration of %s too long", t->table)
                 : exec(db, sql, err);
    }
    return rc;
}

/* Applies migration m in its own transaction unless another process has. */
static int apply(sqlite3 *db, const sg_store_migration *m, sg_err *err)
{
    char tail[160];
    int rc, now = 0;
    if ((rc = exec(db, "BEGIN IMMEDIATE", err)))
        return rc;
    /* Re-check under the write lock: another process may have migrated. */
    if ((rc = user_version(db, &now, err)))
        goto fail;
    if (now >= m->version) {
        exec(db, "ROLLBACK", NULL);
        return SG_OK;
    }
    if ((rc = exec(db,
                   "CREATE TABLE IF NOT EXISTS migrations ("
                   " version INTEGER PRIMARY KEY,"
                   " name TEXT NOT NULL,"
                   " applied_at INTEGER NOT NULL) STRICT",
                   err)) ||
        (rc = exec(db, m->sql, err)) || (m->version == 7 && (rc = rebuild_7(db, err))) ||
        (rc = fk_ok(db, err)))
        goto fail;
    sqlite3_stmt *st;
    if ((rc = prep(db, "INSERT INTO migrations(version, name, applied_at) VALUES (?,?,?)", &st,
                   err)))
        goto fail;
    sqlite3_bind_int(st, 1, m->version);
    sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) {
        rc = db_err(db, err, "record migration");
        goto fail;
    }
    snprintf(tail, sizeof tail, "PRAGMA user_version = %d", m->version);
    if ((rc = exec(db, tail, err)) || (rc = exec(db, "COMMIT", err)))
        goto fail;
    return SG_OK;
fail:
    exec(db, "ROLLBACK", NULL);
    return rc;
}

/* Brings the schema to N_MIGRATIONS with foreign keys off (a pragma that
 * cannot change inside a transaction), then turns them on for good. */
static int migrate(sqlite3 *db, int *schema, sg_err *err)
{
    int rc, v = 0;
    if ((rc = user_version(db, &v, err)))
        return rc;
    if (v > N_MIGRATIONS)
        return sg_err_set(err, SG_ESTORE, -1,
                          "database schema %d is newer than this strideguard knows (%d)", v,
                          N_MIGRATIONS);
    if ((rc = exec(db, "PRAGMA foreign_keys = OFF", err)))
        return rc;
    for (int i = v; i < N_MIGRATIONS && !rc; i++)
        rc = apply(db, &MIGRATIONS[i], err);
    if (!rc && !(rc = exec(db, "PRAGMA foreign_keys = ON", err)))
        *schema = N_MIGRATIONS;
    return rc;
}

static int sq_open(const char *path, void **impl, int *schema, sg_err *err)
{
    *impl = NULL;
    sq *s = calloc(1, sizeof *s);
    if (!s)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory opening the store");
    int rc = SG_OK;
    s->athlete = 1;
    /* NOMUTEX: a handle serves one thread at a time (store.h), so the
     * per-call connection mutex is pure cost */
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        rc = sg_err_set(err, SG_ESTORE, -1, "cannot open %s: %s", path,
                        s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto out;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    /* journal_mode answers with a row; exec ignores it. A file that is not a
     * database fails here ("file is not a database"). migrate() turns
     * foreign keys on. */
    if ((rc = exec(s->db, "PRAGMA journal_mode = WAL", err)) ||
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
    sqlite3 *db = ((sq *)impl)->db;
    if (sqlite3_get_autocommit(db))
        return SG_OK; /* SQLite already rolled back (e.g. after SQLITE_FULL) */
    return exec(db, "ROLLBACK", err);
}

static int sq_check(void *impl, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S, "PRAGMA integrity_check", &st, err);
    if (rc)
        return rc;
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = db_err(S->db, err, "integrity check");
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

/* ---- athletes --------------------------------------------------------- */

static void sq_use_athlete(void *impl, long long id) { ((sq *)impl)->athlete = id; }

static int sq_athlete_add(void *impl, const char *name, long long now, long long *id,
                          sg_err *err)
{
    sq *S = impl;
    int rc = qw(S, "INSERT INTO athletes(name, created_utc) VALUES (?2, ?3)", NULL, err, "ti",
                name, now);
    if (!rc)
        *id = sqlite3_last_insert_rowid(S->db);
    return rc;
}

static int sq_athlete_list(void *impl, long long id,
                           int (*fn)(void *, const sg_store_athlete_row *), void *ctx,
                           sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S,
               "SELECT " SG_STORE_ATHLETE_COLS " FROM athletes WHERE ?2 IS NULL OR id = ?2"
               " ORDER BY id",
               &st, err, "n", id);
    if (rc)
        return rc;
    int r;
    sg_store_athlete_row row;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        row.id = sqlite3_column_int64(st, 0);
        copy_col(row.name, sizeof row.name, st, 1);
        row.created_utc = sqlite3_column_int64(st, 2);
        if ((rc = fn(ctx, &row)))
            break;
    }
    return done(S, st, r, rc, "list athletes", err);
}

static int sq_athlete_delete(void *impl, long long id, sg_err *err)
{
    return qone(impl, "athlete", "DELETE FROM athletes WHERE id = ?2", err, "i", id);
}

/* ---- activities ------------------------------------------------------- */

static int sq_find_hash(void *impl, const char *sha, long long *id, sg_err *err)
{
    return qint(impl, "source with this hash",
                "SELECT activity_id FROM sources WHERE athlete_id = ?1 AND sha256 = ?2"
                " ORDER BY id LIMIT 1",
                id, err, "t", sha);
}

static int sq_source_exists(void *impl, const char *sha, const char *path, int *exists,
                            sg_err *err)
{
    return qexists(impl,
                   "SELECT 1 FROM sources WHERE athlete_id = ?1 AND sha256 = ?2 AND path = ?3",
                   exists, err, "tt", sha, path);
}

/* The summary as ?2..?13, ?16, ?17 (?14, ?15 are the caller's). */
static void bind_summary(sqlite3_stmt *st, const sg_store_summary *s)
{
    bind_real(st, 2, s->start);
    sqlite3_bind_text(st, 3, sg_sport_name(s->sport), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, sg_sub_sport_name(s->sub_sport), -1, SQLITE_STATIC);
    bind_real(st, 5, s->distance_m);
    bind_real(st, 6, s->duration_s);
    bind_real(st, 7, s->moving_time_s);
    bind_real(st, 8, s->ascent_m);
    bind_text(st, 9, s->device);
    bind_text(st, 10, s->name);
    sqlite3_bind_text(st, 11, s->format, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 12, s->n_samples);
    sqlite3_bind_int(st, 13, s->n_channels);
    bind_real(st, 16, s->descent_m);
    bind_real(st, 17, s->avg_hr);
}

/* Activity `id` (the caller has checked it is the current athlete's). */
static int put_blob(sq *S, long long id, const void *blob, size_t len, sg_err *err)
{
    return qw(S, "INSERT OR REPLACE INTO activity_samples(activity_id, blob) VALUES (?2, ?3)",
              NULL, err, "ib", id, blob, len);
}

/* An activity's id is one more than any stored or logged one (run_changes),
 * of any athlete: SQLite would otherwise hand a deleted run's id to the next
 * import, and `runs undo` restores a run under its own id. */
static int sq_insert_activity(void *impl, const sg_store_summary *s, const void *blob,
                              size_t len, long long now, long long *id, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                   "INSERT INTO activities(id, athlete_id, " SG_STORE_ACT_COLS ")"
                   " VALUES ((SELECT COALESCE(MAX(m), 0) + 1 FROM (SELECT MAX(id) AS m FROM"
                   " activities UNION ALL SELECT MAX(activity_id) FROM run_changes)),"
                   " ?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
                   &st, err);
    if (rc)
        return rc;
    bind_summary(st, s);
    sqlite3_bind_int64(st, 14, now);
    sqlite3_bind_int64(st, 15, now);
    if ((rc = runc(S, st, err)))
        return rc;
    *id = sqlite3_last_insert_rowid(S->db);
    return put_blob(S, *id, blob, len, err);
}

static int sq_update_activity(void *impl, long long id, const sg_store_summary *s,
                              const void *blob, size_t len, long long now, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = prepc(S,
                   "UPDATE activities SET start_utc=?2, sport=?3, sub_sport=?4, distance_m=?5,"
                   " duration_s=?6, moving_time_s=?7, ascent_m=?8, device=?9, name=?10,"
                   " format=?11, n_samples=?12, n_channels=?13, updated_at=?14, descent_m=?16,"
                   " avg_hr=?17 WHERE id=?15 AND athlete_id=?1",
                   &st, err);
    if (rc)
        return rc;
    bind_summary(st, s);
    sqlite3_bind_int64(st, 14, now);
    sqlite3_bind_int64(st, 15, id);
    if ((rc = runc(S, st, err)))
        return rc;
    if (sqlite3_changes64(S->db) == 0)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no activity %lld", id);
    /* Cached analyses were computed from the old samples. */
    if ((rc = qw(S, "DELETE FROM analysis_cache WHERE activity_id = ?2", NULL, err, "i", id)))
        return rc;
    return put_blob(S, id, blob, len, err);
}

static int sq_insert_source(void *impl, long long aid, const sg_store_source *src, sg_err *err)
{
    return qw(impl,
              "INSERT INTO sources(athlete_id, " SG_STORE_SOURCE_COLS ")"
              " VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
              NULL, err, "ittttii", aid, src->file_name, src->path, src->sha256, src->format,
              src->size, src->imported_at);
}

static int sq_each_hash(void *impl, int (*fn)(void *, const char *), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S, "SELECT DISTINCT sha256 FROM sources WHERE athlete_id = ?1", &st, err, "");
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, col_text(st, 0))))
            break;
    return done(S, st, r, rc, "list hashes", err);
}

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

/* Calls fn for each activity row st returns. */
static int each_row(sq *S, sqlite3_stmt *st, int (*fn)(void *, const sg_store_row *),
                    void *ctx, const char *what, sg_err *err)
{
    int r, rc = SG_OK;
    sg_store_row row;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        read_row(st, &row);
        if ((rc = fn(ctx, &row)))
            break;
    }
    return done(S, st, r, rc, what, err);
}

static int sq_list(void *impl, const sg_store_filter *f,
                   int (*fn)(void *, const sg_store_row *), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    /* NULL parameters switch a condition off; "start IS NULL" sorts last. */
    int rc = q(S,
               "SELECT " SG_STORE_ROW_COLS " FROM activities WHERE athlete_id = ?1"
               " AND (?2 IS NULL OR start_utc >= ?2) AND (?3 IS NULL OR start_utc < ?3)"
               " AND (?4 IS NULL OR sport = ?4)"
               " ORDER BY start_utc IS NULL, start_utc, id",
               &st, err, "rrt", f->since, f->until,
               f->sport >= 0 ? sg_sport_name((sg_sport)f->sport) : NULL);
    return rc ? rc : each_row(S, st, fn, ctx, "list activities", err);
}

static int sq_count(void *impl, long long *n, sg_err *err)
{
    return qint(impl, "count", "SELECT count(*) FROM activities WHERE athlete_id = ?1", n, err,
                "");
}

static int sq_get(void *impl, long long id, sg_store_row *row, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S, "SELECT " SG_STORE_ROW_COLS " FROM activities WHERE id = ?2 AND athlete_id = ?1",
               &st, err, "i", id);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        read_row(st, row);
    else if (r == SQLITE_DONE)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no activity %lld", id);
    else
        rc = db_err(S->db, err, "get activity");
    fin(S, st);
    return rc;
}

static int sq_sources(void *impl, long long id, int (*fn)(void *, const sg_store_source *),
                      void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = id ? q(S,
                    "SELECT " SG_STORE_SOURCE_COLS " FROM sources"
                    " WHERE activity_id = ?2 AND athlete_id = ?1 ORDER BY id",
                    &st, err, "i", id)
                : q(S,
                    "SELECT " SG_STORE_SOURCE_COLS " FROM sources WHERE athlete_id = ?1"
                    " ORDER BY activity_id, id",
                    &st, err, "");
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        sg_store_source s;
        memset(&s, 0, sizeof s);
        s.activity_id = sqlite3_column_int64(st, 0);
        s.file_name = col_text(st, 1);
        s.path = col_text(st, 2);
        copy_col(s.sha256, sizeof s.sha256, st, 3);
        s.format = col_text(st, 4);
        s.size = sqlite3_column_int64(st, 5);
        s.imported_at = sqlite3_column_int64(st, 6);
        if ((rc = fn(ctx, &s)))
            break;
    }
    return done(S, st, r, rc, "list sources", err);
}

/* Hands the blob of row `id` (?2; borrowed) to fn; SG_ENOTFOUND names `what`. */
static int read_blob(sq *S, const char *sql, long long id, const char *what,
                     int (*fn)(void *, const void *, size_t), void *ctx, sg_err *err)
{
    sqlite3_stmt *st;
    int rc = q(S, sql, &st, err, "i", id);
    if (rc)
        return rc;
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
    return read_blob(impl,
                     "SELECT s.blob FROM activity_samples s JOIN activities a"
                     " ON a.id = s.activity_id WHERE s.activity_id = ?2 AND a.athlete_id = ?1",
                     id, "activity", fn, ctx, err);
}

static int sq_remove(void *impl, long long id, sg_err *err)
{
    return qone(impl, "activity", "DELETE FROM activities WHERE id = ?2 AND athlete_id = ?1",
                err, "i", id);
}

/* ---- kv --------------------------------------------------------------- */

static int sq_kv_put(void *impl, const char *k, const char *v, long long now, sg_err *err)
{
    return qw(impl,
              "INSERT INTO kv(athlete_id, key, value, updated_at) VALUES (?1,?2,?3,?4)"
              " ON CONFLICT(athlete_id, key) DO UPDATE SET value = excluded.value,"
              " updated_at = excluded.updated_at",
              NULL, err, "tti", k, v, now);
}

static int sq_kv_get(void *impl, const char *k, char **v, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S, "SELECT value FROM kv WHERE athlete_id = ?1 AND key = ?2", &st, err, "t", k);
    return rc ? rc : get_text(S, st, v, "key", err);
}

static int sq_kv_delete(void *impl, const char *k, sg_err *err)
{
    return qone(impl, "key", "DELETE FROM kv WHERE athlete_id = ?1 AND key = ?2", err, "t", k);
}

static int sq_kv_list(void *impl, const char *prefix,
                      int (*fn)(void *, const char *, const char *), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    /* substr() instead of LIKE: no wildcard escaping, same in PostgreSQL. */
    int rc = q(S,
               "SELECT key, value FROM kv WHERE athlete_id = ?1"
               " AND substr(key, 1, length(?2)) = ?2 ORDER BY key",
               &st, err, "t", prefix);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, col_text(st, 0), col_text(st, 1))))
            break;
    return done(S, st, r, rc, "list keys", err);
}

/* ---- gear ------------------------------------------------------------- */

static int sq_gear_put(void *impl, long long id, const char *payload, long long now,
                       long long *out, sg_err *err)
{
    sq *S = impl;
    int rc;
    if (id > 0) {
        if ((rc = qone(S, "shoe", "UPDATE gear SET payload = ?2 WHERE id = ?3 AND athlete_id = ?1",
                       err, "ti", payload, id)))
            return rc;
        *out = id;
        return SG_OK;
    }
    if ((rc = qw(S, "INSERT INTO gear(athlete_id, payload, created_at) VALUES (?1, ?2, ?3)", NULL,
                 err, "ti", payload, now)))
        return rc;
    *out = sqlite3_last_insert_rowid(S->db);
    return SG_OK;
}

static int sq_gear_delete(void *impl, long long id, sg_err *err)
{
    return qone(impl, "shoe", "DELETE FROM gear WHERE id = ?2 AND athlete_id = ?1", err, "i", id);
}

static int sq_gear_list(void *impl, int (*fn)(void *, long long, const char *), void *ctx,
                        sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S, "SELECT id, payload FROM gear WHERE athlete_id = ?1 ORDER BY id", &st, err, "");
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, sqlite3_column_int64(st, 0), col_text(st, 1))))
            break;
    return done(S, st, r, rc, "list gear", err);
}

/* Whether the current athlete has activity `id`. */
#define SQ_OWN_ACTIVITY "SELECT 1 FROM activities WHERE id = ?2 AND athlete_id = ?1"

static int sq_gear_assign(void *impl, long long activity_id, long long gear_id, sg_err *err)
{
    sq *S = impl;
    int rc, yes = 0;
    if ((rc = qexists(S, SQ_OWN_ACTIVITY, &yes, err, "i", activity_id)))
        return rc;
    if (!yes)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no activity %lld", activity_id);
    if (gear_id <= 0)
        return qw(S, "DELETE FROM activity_gear WHERE activity_id = ?2", NULL, err, "i",
                  activity_id);
    if ((rc = qexists(S, "SELECT 1 FROM gear WHERE id = ?2 AND athlete_id = ?1", &yes, err, "i",
                      gear_id)))
        return rc;
    if (!yes)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no shoe %lld", gear_id);
    return qw(S,
              "INSERT INTO activity_gear(activity_id, gear_id) VALUES (?2, ?3)"
              " ON CONFLICT(activity_id) DO UPDATE SET gear_id = ?3",
              NULL, err, "ii", activity_id, gear_id);
}

static int sq_gear_assignments(void *impl, int (*fn)(void *, long long, long long), void *ctx,
                               sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S,
               "SELECT g.activity_id, g.gear_id FROM activity_gear g JOIN activities a"
               " ON a.id = g.activity_id WHERE a.athlete_id = ?1 ORDER BY g.activity_id",
               &st, err, "");
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1))))
            break;
    return done(S, st, r, rc, "list gear assignments", err);
}

/* ---- trash and change log (schema 6) ---------------------------------- */

/* The writes of a trash or an undo: ?2 = the activity, ?3 = the second value. */
static int run_all(sq *S, const char *const *sql, int n, long long id, long long b, sg_err *err)
{
    int rc = SG_OK;
    for (int i = 0; i < n && !rc; i++)
        rc = qw(S, sql[i], NULL, err, "ii", id, b);
    return rc;
}

static const char *const SQ_TRASH[] = {
    ("INSERT INTO trash_activities(id, change_id, " SG_STORE_ACT_COLS ", gear_id, blob, athlete_id)"
    " SELECT a.id, ?3, a.start_utc, a.sport, a.sub_sport, a.distance_m,"
    " a.duration_s, a.moving_time_s, a.ascent_m, a.device, a.name, a.format,"
    " a.n_samples, a.n_channels, a.created_at, a.updated_at, a.descent_m, a.avg_hr,"
    " (SELECT gear_id FROM activity_gear g WHERE g.activity_id = a.id), s.blob, a.athlete_id"
    " FROM activities a JOIN activity_samples s ON s.activity_id = a.id"
    " WHERE a.id = ?2 AND a.athlete_id = ?1"),
    ("INSERT INTO trash_sources(" SG_STORE_SOURCE_COLS ") SELECT " SG_STORE_SOURCE_COLS
    " FROM sources WHERE activity_id = ?2 ORDER BY id"),
    ("INSERT INTO trash_imu_links(imu_id, activity_id, link_pinned)"
    " SELECT id, linked_activity_id, link_pinned FROM imu_recordings"
    " WHERE linked_activity_id = ?2"),
    ("DELETE FROM activities WHERE id = ?2"),
    /* the athlete's newest SG_STORE_TRASH_KEEP (?3) deletions stay */
    ("DELETE FROM trash_activities WHERE athlete_id = ?1 AND id NOT IN (SELECT id FROM"
    " trash_activities WHERE athlete_id = ?1 ORDER BY change_id DESC LIMIT ?3)"),
};

static int sq_trash(void *impl, long long id, long long now, sg_err *err)
{
    sq *S = impl;
    int rc, yes = 0;
    if ((rc = qexists(S, SQ_OWN_ACTIVITY, &yes, err, "i", id)))
        return rc;
    if (!yes)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no activity %lld", id);
    if ((rc = qw(S,
                 "INSERT INTO run_changes(athlete_id, changed_at, kind, activity_id, start_utc,"
                 " sport, name) SELECT ?1, ?3, 'delete', id, start_utc, sport, name"
                 " FROM activities WHERE id = ?2",
                 NULL, err, "ii", id, now)))
        return rc;
    long long change = sqlite3_last_insert_rowid(S->db);
    if ((rc = run_all(S, SQ_TRASH, 4, id, change, err)))
        return rc;
    return run_all(S, SQ_TRASH + 4, 1, id, SG_STORE_TRASH_KEEP, err);
}

static int sq_trash_last(void *impl, long long *id, sg_err *err)
{
    return qint(impl, "deleted activity to restore",
                "SELECT id FROM trash_activities WHERE athlete_id = ?1"
                " ORDER BY change_id DESC LIMIT 1",
                id, err, "");
}

static const char *const SQ_UNTRASH[] = {
    ("INSERT INTO activities(id, athlete_id, " SG_STORE_ACT_COLS ") SELECT id, athlete_id, "
    SG_STORE_ACT_COLS " FROM trash_activities WHERE id = ?2"),
    ("INSERT INTO activity_samples(activity_id, blob)"
    " SELECT id, blob FROM trash_activities WHERE id = ?2"),
    ("INSERT INTO sources(athlete_id, " SG_STORE_SOURCE_COLS ") SELECT ?1, " SG_STORE_SOURCE_COLS
    " FROM trash_sources WHERE activity_id = ?2 ORDER BY id"),
    ("INSERT INTO activity_gear(activity_id, gear_id) SELECT t.id, t.gear_id"
    " FROM trash_activities t JOIN gear g ON g.id = t.gear_id AND g.athlete_id = ?1"
    " WHERE t.id = ?2"),
    ("UPDATE imu_recordings SET linked_activity_id = ?2, link_pinned ="
    " (SELECT link_pinned FROM trash_imu_links t WHERE t.imu_id = imu_recordings.id"
    " AND t.activity_id = ?2) WHERE link_pinned = 0 AND id IN"
    " (SELECT imu_id FROM trash_imu_links WHERE activity_id = ?2)"),
    ("INSERT INTO run_changes(athlete_id, changed_at, kind, activity_id, start_utc, sport, name)"
    " SELECT ?1, ?3, 'undo', id, start_utc, sport, name FROM trash_activities WHERE id = ?2"),
    ("DELETE FROM trash_activities WHERE id = ?2"),
};

static int sq_untrash(void *impl, long long id, long long now, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc, yes = 0;
    if ((rc = qexists(S, "SELECT 1 FROM trash_activities WHERE id = ?2 AND athlete_id = ?1", &yes,
                      err, "i", id)))
        return rc;
    if (!yes)
        return sg_err_set(err, SG_ENOTFOUND, -1, "activity %lld is not in the trash", id);
    /* ids are unique across athletes */
    if ((rc = qexists(S, "SELECT 1 FROM activities WHERE id = ?2", &yes, err, "i", id)))
        return rc;
    if (yes)
        return sg_err_set(err, SG_EEXISTS, -1, "activity %lld exists", id);
    if ((rc = q(S,
                "SELECT t.file_name FROM trash_sources t JOIN sources s ON s.sha256 = t.sha256"
                " AND s.athlete_id = ?1 WHERE t.activity_id = ?2 ORDER BY t.id LIMIT 1",
                &st, err, "i", id)))
        return rc;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        rc = sg_err_set(err, SG_EEXISTS, -1, "%s has been imported again since", col_text(st, 0));
    else if (r != SQLITE_DONE)
        rc = db_err(S->db, err, "look up sources");
    fin(S, st);
    return rc ? rc : run_all(S, SQ_UNTRASH, 7, id, now, err);
}

static int sq_changes(void *impl, int (*fn)(void *, const sg_store_change *), void *ctx,
                      sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S,
               "SELECT c.id, c.changed_at, c.kind, c.activity_id, c.start_utc, c.sport, c.name,"
               " EXISTS (SELECT 1 FROM trash_activities t WHERE t.change_id = c.id)"
               " FROM run_changes c WHERE c.athlete_id = ?1 ORDER BY c.id",
               &st, err, "");
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
    return done(S, st, r, rc, "list run changes", err);
}

/* ---- journal ---------------------------------------------------------- */

static int sq_journal_add(void *impl, const char *kind, const char *date, const char *payload,
                          long long now, long long *id, sg_err *err)
{
    sq *S = impl;
    int rc = qw(S,
                "INSERT INTO journal(athlete_id, kind, date, created_at, payload)"
                " VALUES (?1,?2,?3,?4,?5)",
                NULL, err, "ttit", kind, date, now, payload);
    if (!rc)
        *id = sqlite3_last_insert_rowid(S->db);
    return rc;
}

static int sq_journal_update(void *impl, long long id, const char *kind, const char *date,
                             const char *payload, sg_err *err)
{
    return qone(impl, "journal entry",
                "UPDATE journal SET kind = ?2, date = ?3, payload = ?4 WHERE id = ?5"
                " AND athlete_id = ?1",
                err, "ttti", kind, date, payload, id);
}

static int sq_journal_delete(void *impl, long long id, sg_err *err)
{
    return qone(impl, "journal entry", "DELETE FROM journal WHERE id = ?2 AND athlete_id = ?1",
                err, "i", id);
}

static int sq_journal_list(void *impl, long long id, const char *kind, const char *from,
                           const char *to, int (*fn)(void *, const sg_journal_row *), void *ctx,
                           sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S,
               "SELECT id, kind, date, created_at, payload FROM journal WHERE athlete_id = ?1"
               " AND (?2 IS NULL OR id = ?2) AND (?3 IS NULL OR kind = ?3)"
               " AND (?4 IS NULL OR date >= ?4) AND (?5 IS NULL OR date < ?5)"
               " ORDER BY date, id",
               &st, err, "nttt", id, kind, from, to);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        sg_journal_row row = {sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2),
                              sqlite3_column_int64(st, 3), col_text(st, 4)};
        if ((rc = fn(ctx, &row)))
            break;
    }
    return done(S, st, r, rc, "list journal", err);
}

/* ---- analysis caches -------------------------------------------------- */

/* A cache put writes only for a parent (?2) of the current athlete: none is
 * SG_ESTORE, as the foreign key's refusal would be. */
static int cache_written(long long changed, long long id, sg_err *err)
{
    return changed ? SG_OK : sg_err_set(err, SG_ESTORE, -1, "no row %lld to cache for", id);
}

static int sq_cache_put(void *impl, long long id, const char *name, int version,
                        const char *inputs, const char *json, sg_err *err)
{
    long long changed = 0;
    int rc = qw(impl,
                "INSERT INTO analysis_cache(activity_id, name, version, json, inputs)"
                " SELECT id, ?3, ?4, ?5, ?6 FROM activities WHERE id = ?2 AND athlete_id = ?1"
                " ON CONFLICT(activity_id, name) DO UPDATE SET version = excluded.version,"
                " json = excluded.json, inputs = excluded.inputs",
                &changed, err, "ititt", id, name, (long long)version, json, inputs);
    return rc ? rc : cache_written(changed, id, err);
}

static int sq_cache_get(void *impl, long long id, const char *name, int version,
                        const char *inputs, char **json, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S,
               "SELECT c.json FROM analysis_cache c JOIN activities a ON a.id = c.activity_id"
               " WHERE c.activity_id = ?2 AND a.athlete_id = ?1 AND c.name = ?3"
               " AND c.version = ?4 AND c.inputs = ?5",
               &st, err, "itit", id, name, (long long)version, inputs);
    return rc ? rc : get_text(S, st, json, "cached result", err);
}

static int sq_cache_delete(void *impl, long long id, const char *name, sg_err *err)
{
    return qw(impl,
              "DELETE FROM analysis_cache WHERE activity_id = ?2 AND (?3 IS NULL OR name = ?3)"
              " AND activity_id IN (SELECT id FROM activities WHERE id = ?2 AND athlete_id = ?1)",
              NULL, err, "it", id, name);
}

static int sq_cache_list(void *impl, long long id,
                         int (*fn)(void *, const char *, int, const char *), void *ctx,
                         sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S,
               "SELECT c.name, c.version, c.json FROM analysis_cache c JOIN activities a"
               " ON a.id = c.activity_id WHERE c.activity_id = ?2 AND a.athlete_id = ?1"
               " ORDER BY c.name",
               &st, err, "i", id);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, col_text(st, 0), sqlite3_column_int(st, 1), col_text(st, 2))))
            break;
    return done(S, st, r, rc, "list cache", err);
}

static int sq_imu_cache_put(void *impl, long long id, const char *name, int version,
                            const char *json, sg_err *err)
{
    long long changed = 0;
    int rc = qw(impl,
                "INSERT INTO imu_cache(imu_id, name, version, json)"
                " SELECT id, ?3, ?4, ?5 FROM imu_recordings WHERE id = ?2 AND athlete_id = ?1"
                " ON CONFLICT(imu_id, name) DO UPDATE SET version = excluded.version,"
                " json = excluded.json",
                &changed, err, "itit", id, name, (long long)version, json);
    return rc ? rc : cache_written(changed, id, err);
}

static int sq_imu_cache_get(void *impl, long long id, const char *name, int version,
                            char **json, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S,
               "SELECT c.json FROM imu_cache c JOIN imu_recordings r ON r.id = c.imu_id"
               " WHERE c.imu_id = ?2 AND r.athlete_id = ?1 AND c.name = ?3 AND c.version = ?4",
               &st, err, "iti", id, name, (long long)version);
    return rc ? rc : get_text(S, st, json, "cached result", err);
}

/* ---- overlap and IMU recordings ---------------------------------------- */

static int sq_overlapping(void *impl, double from, double to,
                          int (*fn)(void *, const sg_store_row *), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    /* The lower bound on start_utc keeps this an index range scan. */
    int rc = q(S,
               "SELECT " SG_STORE_ROW_COLS " FROM activities WHERE athlete_id = ?1"
               " AND start_utc < ?3 AND start_utc >= ?4 AND duration_s IS NOT NULL"
               " AND start_utc + duration_s > ?2 ORDER BY start_utc, id",
               &st, err, "rrr", from, to, from - SG_STORE_LINK_MAX_ACTIVITY_S);
    return rc ? rc : each_row(S, st, fn, ctx, "overlapping activities", err);
}

static int sq_imu_find_hash(void *impl, const char *sha, long long *id, sg_err *err)
{
    return qint(impl, "IMU recording with this hash",
                "SELECT id FROM imu_recordings WHERE athlete_id = ?1 AND sha256 = ?2", id, err,
                "t", sha);
}

static int sq_imu_insert(void *impl, const sg_store_imu_row *r, const void *blob, size_t len,
                         long long *id, sg_err *err)
{
    sq *S = impl;
    int rc = qw(S,
                "INSERT INTO imu_recordings(athlete_id, start_utc, duration_s, sample_rate_hz,"
                " n_samples, has_gyro, reader, file_name, path, sha256, blob, created_at)"
                " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
                NULL, err, "rrriittttbi", r->start,
                isfinite(r->duration_s) ? r->duration_s : 0.0, r->sample_rate_hz, r->n_samples,
                (long long)(r->has_gyro ? 1 : 0), r->reader, r->file_name, r->path, r->sha256,
                blob, len, r->created_at);
    if (!rc)
        *id = sqlite3_last_insert_rowid(S->db);
    return rc;
}

static int sq_imu_list(void *impl, const sg_store_imu_query *qy,
                       int (*fn)(void *, const sg_store_imu_row *), void *ctx, sg_err *err)
{
    sq *S = impl;
    sqlite3_stmt *st;
    int rc = q(S,
               "SELECT " SG_STORE_IMU_COLS " FROM imu_recordings WHERE athlete_id = ?1"
               " AND (?2 IS NULL OR id = ?2)"
               " AND (?3 IS NULL OR start_utc + duration_s > ?3)"
               " AND (?4 IS NULL OR start_utc < ?4)"
               " AND (?5 IS NULL OR linked_activity_id = ?5)"
               " ORDER BY start_utc IS NULL, start_utc, id",
               &st, err, "nrrn", qy->id, qy->from, qy->to, qy->linked_to);
    if (rc)
        return rc;
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
    free(row);
    return done(S, st, r, rc, "list IMU recordings", err);
}

static int sq_imu_blob(void *impl, long long id, int (*fn)(void *, const void *, size_t),
                       void *ctx, sg_err *err)
{
    return read_blob(impl, "SELECT blob FROM imu_recordings WHERE id = ?2 AND athlete_id = ?1",
                     id, "IMU recording", fn, ctx, err);
}

/* Only to an activity of the same athlete (else no row changes: SG_ENOTFOUND). */
static int sq_imu_set_link(void *impl, long long id, long long aid, bool pinned, sg_err *err)
{
    return qone(impl, "IMU recording",
                "UPDATE imu_recordings SET linked_activity_id = ?2, link_pinned = ?3"
                " WHERE id = ?4 AND athlete_id = ?1 AND (?2 IS NULL OR EXISTS"
                " (SELECT 1 FROM activities a WHERE a.id = ?2 AND a.athlete_id = ?1))",
                err, "nii", aid, (long long)(pinned ? 1 : 0), id);
}

static int sq_imu_remove(void *impl, long long id, sg_err *err)
{
    return qone(impl, "IMU recording",
                "DELETE FROM imu_recordings WHERE id = ?2 AND athlete_id = ?1", err, "i", id);
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
    .use_athlete = sq_use_athlete,
    .athlete_add = sq_athlete_add,
    .athlete_list = sq_athlete_list,
    .athlete_delete = sq_athlete_delete,
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
