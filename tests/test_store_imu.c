/* IMU recordings in the store: the float32 blob, the migration to schema 3
 * on databases written with the old schemas (1 and 2) and of a full schema-6
 * file to schema 7 (athletes), two athletes in one store (isolation, and
 * deleting one), linking by overlap (and re-linking when the
 * activity arrives later, is replaced or deleted), pins, the cache, and the
 * import of CSV, FIT-motion and real recordings next to a simulated watch
 * activity. Runs against SQLite, and against PostgreSQL when SG_TEST_PG_URL
 * is set (test_store_backend.h; CTest's store_imu_pg; there, migration 7 also
 * on a store taken back to schema 6's shape), except the migrations
 * from frozen SQLite files. */
#include "render/docs.h"
#include "support/sg_test.h"

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/import.h"
#include "app/imu.h"
#include "app/imu_store.h"
#include "formats/fit_profile.h"
#include "model/jsonw.h"
#include "render/trunk_json.h"
#include "strideguard/fit.h"
#include "strideguard/imu.h"
#include "strideguard/sim.h"
#include "store/store_internal.h"
#include "strideguard/store.h"
#include "test_store_backend.h"
#include "test_store_fixture.h"

/* ---- helpers -------------------------------------------------------------- */

static char *tmp_path(const char *name)
{
    char *p = malloc(700);
    snprintf(p, 700, "%s/%s", sg_test_tmpdir(), name);
    return p;
}

/* A new empty store: a SQLite file, or a fresh PostgreSQL schema. */
static sg_store *fresh(const char *name, char **path_out)
{
    char *p = fx_pg_url() ? fx_pg_new(name) : tmp_path(name);
    if (!p)
        fail_msg("cannot create a PostgreSQL schema for %s", name);
    if (!fx_pg_url())
        unlink(p);
    sg_store *st;
    sg_err err;
    if (sg_store_open(p, &st, &err))
        fail_msg("open %s: %s", p, err.msg);
    if (path_out)
        *path_out = p;
    else
        free(p);
    return st;
}

static void write_file(const char *path, const void *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(d, 1, n, f), n);
    fclose(f);
}

static char *mkdir_tmp(const char *name)
{
    char *p = tmp_path(name);
    mkdir(p, 0700);
    return p;
}

/* A recording of n samples at fs with gyroscope, absolute time t0. */
static sg_imu *make_rec(size_t n, double fs, double t0, bool gyro)
{
    sg_imu *r;
    assert_int_equal(sg_imu_new(NULL, n, fs, gyro, &r, NULL), SG_OK);
    r->t0 = t0;
    r->source = "xsens";
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / fs;
        r->acc[0][i] = 0.3 * sin(2 * M_PI * 2.8 * t);
        r->acc[1][i] = 0.1 * cos(2 * M_PI * 1.4 * t) + 1e-9 * (double)i;
        r->acc[2][i] = SG_IMU_G + 4 * sin(2 * M_PI * 2.8 * t);
        if (gyro)
            for (int k = 0; k < 3; k++)
                r->gyr[k][i] = 0.5 * sin(2 * M_PI * 1.4 * t + k);
    }
    return r;
}

/* A stored row for a recording (describe + the fields put needs). */
static void meta_for(const sg_imu *rec, const char *name, char hexdigit, sg_store_imu_row *m)
{
    sg_store_imu_describe(rec, m);
    snprintf(m->file_name, sizeof m->file_name, "%s", name);
    snprintf(m->path, sizeof m->path, "dir/%s", name);
    memset(m->sha256, hexdigit, 64);
    m->sha256[64] = '\0';
    m->created_at = 1700000000;
}

static long long put_rec(sg_store *st, double t0, double dur, char hexdigit, long long link,
                         sg_store_imu_put_result *res)
{
    sg_imu *rec = make_rec((size_t)(dur * 50), 50, t0, false);
    unsigned char *blob;
    size_t len;
    assert_int_equal(sg_store_imu_blob_encode(rec, &blob, &len, NULL), SG_OK);
    sg_store_imu_row *m = malloc(sizeof *m);
    meta_for(rec, "r.csv", hexdigit, m);
    sg_err err;
    int rc = sg_store_imu_put(st, m, blob, len, link, res, &err);
    if (rc)
        fail_msg("put: %s", err.msg);
    free(m);
    free(blob);
    sg_imu_free(rec);
    return res->id;
}

static long long add_activity(sg_store *st, double t0, size_t n, char hexdigit)
{
    sg_activity *a = fx_run(n, t0, 0, 1, "fit");
    sg_store_summary s;
    sg_store_summarize(a, &s);
    unsigned char *blob;
    size_t len;
    assert_int_equal(sg_store_blob_encode(a, &blob, &len, NULL), SG_OK);
    sg_store_source src;
    memset(&src, 0, sizeof src);
    src.file_name = "a.fit";
    src.path = "a.fit";
    memset(src.sha256, hexdigit, 64);
    src.format = "fit";
    src.size = 1;
    src.imported_at = 1700000000;
    sg_ingest_result res;
    sg_err err;
    if (sg_store_ingest(st, &s, blob, len, &src, &res, &err))
        fail_msg("ingest: %s", err.msg);
    free(blob);
    sg_activity_free(a);
    return res.activity_id;
}

static long long link_of(sg_store *st, long long id)
{
    sg_store_imu_row *r = malloc(sizeof *r);
    assert_int_equal(sg_store_imu_get(st, id, r, NULL), SG_OK);
    long long l = r->linked_activity_id;
    free(r);
    return l;
}

/* ---- blob ------------------------------------------------------------------- */

static void test_blob_roundtrip(void **state)
{
    (void)state;
    sg_imu *r = make_rec(5000, 100, 1.7e9 + 0.25, true);
    assert_int_equal(sg_imu_add_gap(r, 1000, 2.5, NULL), SG_OK);
    assert_int_equal(sg_imu_add_gap(r, 4000, 0.125, NULL), SG_OK);
    unsigned char *b;
    size_t n;
    assert_int_equal(sg_store_imu_blob_encode(r, &b, &n, NULL), SG_OK);
    /* float32 and zstd: well under the 6 columns x 8 bytes of doubles */
    assert_true(n < 5000 * 6 * 4);
    sg_imu *d;
    sg_err err;
    if (sg_store_imu_blob_decode(b, n, NULL, &d, &err))
        fail_msg("decode: %s", err.msg);
    assert_int_equal(d->n, r->n);
    assert_true(d->fs == r->fs && d->t0 == r->t0 && !d->time_relative);
    assert_string_equal(d->source, "xsens");
    assert_int_equal(d->n_gaps, 2);
    assert_int_equal(d->gaps[1].index, 4000);
    assert_true(d->gaps[0].duration_s == 2.5);
    assert_non_null(d->gyr[2]);
    for (size_t i = 0; i < r->n; i++)
        for (int k = 0; k < 3; k++) {
            /* float32: relative error below 2^-24 */
            assert_near(d->acc[k][i], r->acc[k][i], 6e-8 * fabs(r->acc[k][i]) + 1e-30);
            assert_near(d->gyr[k][i], r->gyr[k][i], 6e-8 * fabs(r->gyr[k][i]) + 1e-30);
        }
    assert_near(sg_imu_time(d, 4999), sg_imu_time(r, 4999), 1e-9);
    sg_imu_free(d);

    /* every truncation and many single-byte corruptions fail cleanly */
    for (size_t cut = 0; cut < n; cut += (cut < 64 ? 1 : 97)) {
        d = NULL;
        assert_int_not_equal(sg_store_imu_blob_decode(b, cut, NULL, &d, NULL), SG_OK);
        assert_null(d);
    }
    unsigned char *c = malloc(n);
    for (size_t at = 0; at < 40 && at < n; at++) {
        memcpy(c, b, n);
        c[at] ^= 0x5a;
        d = NULL;
        int rc = sg_store_imu_blob_decode(c, n, NULL, &d, NULL);
        if (rc == SG_OK)
            sg_imu_free(d);
        else
            assert_null(d);
    }
    free(c);
    free(b);

    /* relative time, no gyroscope */
    sg_imu *rel = make_rec(300, 512, 0, false);
    rel->time_relative = true;
    rel->source = "shimmer";
    assert_int_equal(sg_store_imu_blob_encode(rel, &b, &n, NULL), SG_OK);
    assert_int_equal(sg_store_imu_blob_decode(b, n, NULL, &d, NULL), SG_OK);
    assert_true(d->time_relative);
    assert_null(d->gyr[0]);
    assert_string_equal(d->source, "shimmer");
    sg_store_imu_row row;
    sg_store_imu_describe(d, &row);
    assert_true(isnan(row.start));
    assert_near(row.duration_s, 300.0 / 512, 1e-12);
    sg_imu_free(d);
    free(b);
    sg_imu_free(rel);
    sg_imu_free(r);
}

/* ---- migration ---------------------------------------------------------------- */

/* Schema 1 exactly as main wrote it before this migration existed (frozen). */
static const char V1_SQL[] =
    "CREATE TABLE activities ("
    " id INTEGER PRIMARY KEY, start_utc REAL, sport TEXT NOT NULL, sub_sport TEXT NOT NULL,"
    " distance_m REAL, duration_s REAL, moving_time_s REAL, ascent_m REAL, device TEXT,"
    " name TEXT, format TEXT NOT NULL, n_samples INTEGER NOT NULL,"
    " n_channels INTEGER NOT NULL, created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL) STRICT;"
    "CREATE INDEX activities_start ON activities(start_utc);"
    "CREATE TABLE activity_samples ("
    " activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,"
    " blob BLOB NOT NULL) STRICT;"
    "CREATE TABLE sources ("
    " id INTEGER PRIMARY KEY,"
    " activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,"
    " file_name TEXT NOT NULL, path TEXT NOT NULL, sha256 TEXT NOT NULL,"
    " format TEXT NOT NULL, size INTEGER NOT NULL, imported_at INTEGER NOT NULL,"
    " UNIQUE (sha256, path)) STRICT;"
    "CREATE INDEX sources_activity ON sources(activity_id);"
    "CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
    " updated_at INTEGER NOT NULL) STRICT;"
    "CREATE TABLE journal (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, date TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, payload TEXT NOT NULL) STRICT;"
    "CREATE INDEX journal_date ON journal(date);"
    "CREATE TABLE analysis_cache ("
    " activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL,"
    " PRIMARY KEY (activity_id, name)) STRICT;"
    "CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL) STRICT;"
    "INSERT INTO migrations VALUES (1, 'activities, sources, samples, kv, journal,"
    " analysis cache', 1700000000);"
    "PRAGMA user_version = 1;";

static long long sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    long long v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Schema 2 (main before the IMU tables): the analysis cache's inputs. */
static const char V2_SQL[] =
    "ALTER TABLE analysis_cache ADD COLUMN inputs TEXT NOT NULL DEFAULT '';"
    "INSERT INTO migrations VALUES (2, 'analysis cache inputs',"
    " 1700000001);"
    "PRAGMA user_version = 2;";

static void migrate_from(int from)
{
    char name[32];
    snprintf(name, sizeof name, "v%d.db", from);
    char *path = tmp_path(name);
    unlink(path);
    /* a v1 database with an activity (summary row + real blob), a source, a
     * kv entry, a journal entry and a cached result */
    sg_activity *a = fx_run(600, 1.7e9, 1, 1, "fit");
    unsigned char *blob;
    size_t len;
    assert_int_equal(sg_store_blob_encode(a, &blob, &len, NULL), SG_OK);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, V1_SQL, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("v1 schema: %s", msg);
    if (from >= 2 && sqlite3_exec(db, V2_SQL, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("v2 schema: %s", msg);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO activities VALUES (7, 1700000000, 'running', 'none', 1797,"
                     " 599, 599, 42, NULL, 'Old run', 'fit', 600, 5, 1700000000, 1700000000);"
                     "INSERT INTO sources VALUES (1, 7, 'old.fit', 'old.fit',"
                     " 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'fit',"
                     " 1234, 1700000000);"
                     "INSERT INTO kv VALUES ('athlete', '{\"mass_kg\":70}', 1700000000);"
                     "INSERT INTO journal VALUES (3, 'pain', '2024-01-01', 1700000000, '{}');"
                     "INSERT INTO analysis_cache(activity_id, name, version, json)"
                     " VALUES (7, 'run', 1, '{\"x\":1}');",
                     NULL, NULL, &msg),
        SQLITE_OK);
    sqlite3_stmt *ins;
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO activity_samples VALUES (7, ?)", -1,
                                        &ins, NULL),
                     SQLITE_OK);
    sqlite3_bind_blob(ins, 1, blob, (int)len, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    free(blob);
    sg_store_summary want;
    sg_store_summarize(a, &want);
    sg_activity_free(a);

    sg_store *st;
    sg_err err;
    if (sg_store_open(path, &st, &err))
        fail_msg("migrate: %s", err.msg);
    /* migrated forward to the newest schema, whatever number that is */
    assert_int_equal(sg_store_schema_version(st), SG_STORE_SCHEMA_VERSION);
    assert_true(SG_STORE_SCHEMA_VERSION >= 3);
    sg_store_row row;
    assert_int_equal(sg_store_get(st, 7, &row, NULL), SG_OK);
    assert_string_equal(row.s.name, "Old run");
    /* the old row's figures (the device's ascent 42 m, moving 599 s, no
     * average HR) were refreshed from its samples on open
     * (SG_STORE_SUMMARY_VERSION); the rest of the row is kept. The fixture
     * has distance but no positions: indoors to the run analysis, so no
     * climb is measured, in the list as in `show`. */
    assert_true(isnan(want.ascent_m) && isnan(row.s.ascent_m));
    assert_true(isnan(row.s.descent_m));
    assert_true(isfinite(want.avg_hr) && row.s.avg_hr == want.avg_hr);
    assert_true(row.s.moving_time_s == want.moving_time_s);
    assert_true(row.s.distance_m == want.distance_m);
    assert_true(row.s.duration_s == 599);
    assert_int_equal(row.s.n_channels, 5);
    sg_activity *back;
    assert_int_equal(sg_store_load(st, 7, NULL, &back, NULL), SG_OK);
    assert_int_equal(back->n, 600);
    sg_activity_free(back);
    char *v;
    assert_int_equal(sg_store_kv_get(st, "athlete", &v, NULL), SG_OK);
    assert_string_equal(v, "{\"mass_kg\":70}");
    free(v);
    /* the refresh rewrote the row, and cached analyses go with a rewrite
     * (they are recomputed on demand) */
    assert_int_equal(sg_store_cache_get(st, 7, "run", 1, &v, NULL), SG_ENOTFOUND);
    /* a second open finds the summaries current and changes nothing */
    sg_store_close(st);
    if (sg_store_open(path, &st, &err))
        fail_msg("reopen: %s", err.msg);
    sg_store_row again;
    assert_int_equal(sg_store_get(st, 7, &again, NULL), SG_OK);
    assert_true(again.updated_at == row.updated_at && again.s.avg_hr == row.s.avg_hr);
    assert_int_equal(sg_store_kv_get(st, "store.summary_version", &v, NULL), SG_OK);
    char want_v[16];
    snprintf(want_v, sizeof want_v, "%d", SG_STORE_SUMMARY_VERSION);
    assert_string_equal(v, want_v);
    free(v);
    assert_int_equal(sg_store_check(st, NULL), SG_OK);
    /* the new table works against the old rows: a recording inside the old
     * run links to it */
    sg_store_imu_put_result res;
    long long id = put_rec(st, 1700000100, 60, 'b', 0, &res);
    assert_false(res.duplicate);
    assert_int_equal(res.linked_activity_id, 7);
    assert_int_equal(link_of(st, id), 7);
    sg_store_close(st);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), SG_STORE_SCHEMA_VERSION);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM migrations"), SG_STORE_SCHEMA_VERSION);
    assert_int_equal(sql_int(path, "SELECT applied_at FROM migrations WHERE version = 1"),
                     1700000000);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM journal"), 1);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name="
                                   "'imu_recordings' AND sql LIKE '%STRICT%'"),
                     1);
    /* reopening does not migrate again */
    assert_int_equal(sg_store_open(path, &st, NULL), SG_OK);
    assert_int_equal(sg_store_schema_version(st), SG_STORE_SCHEMA_VERSION);
    sg_store_close(st);
    free(path);
}

static void test_migration_from_v1(void **state)
{
    (void)state;
    migrate_from(1);
}

static void test_migration_from_v2(void **state)
{
    (void)state;
    migrate_from(2);
}

/* ---- links ---------------------------------------------------------------------- */

static void test_links(void **state)
{
    (void)state;
    sg_store *st = fresh("links.db", NULL);
    const double T = 1.75e9;
    sg_store_imu_put_result r;
    /* recorded before its activity exists: unlinked */
    long long rec1 = put_rec(st, T + 600, 1200, '1', 0, &r);
    assert_int_equal(r.linked_activity_id, 0);
    /* a run [T, T+3599] arrives: the recording links to it */
    long long a1 = add_activity(st, T, 3600, 'a');
    assert_int_equal(link_of(st, rec1), a1);
    /* a second run [T+1500, T+5099] overlaps the recording less (300 s vs
     * 1200 s): the link stays */
    long long a2 = add_activity(st, T + 1500, 3600, 'b');
    assert_int_equal(link_of(st, rec1), a1);
    /* a recording mostly inside the second run links there */
    long long rec2 = put_rec(st, T + 3000, 1200, '2', 0, &r);
    assert_int_equal(r.linked_activity_id, a2);
    /* a recording outside every run, and one with relative time */
    long long rec3 = put_rec(st, T + 86400, 60, '3', 0, &r);
    assert_int_equal(r.linked_activity_id, 0);
    /* duplicate bytes */
    assert_int_equal(put_rec(st, T + 600, 1200, '1', 0, &r), rec1);
    assert_true(r.duplicate);
    assert_int_equal(r.linked_activity_id, a1);
    assert_int_equal(sg_store_imu_find_hash(st, "1111111111111111111111111111111111111111111111111111111111111111", NULL, NULL), SG_OK);

    /* pinning: survives a new overlapping activity; auto recomputes */
    assert_int_equal(sg_store_imu_link(st, rec1, a2, NULL), SG_OK);
    long long a3 = add_activity(st, T + 500, 1400, 'c'); /* covers rec1 entirely */
    assert_int_equal(link_of(st, rec1), a2);
    assert_int_equal(sg_store_imu_link(st, rec1, SG_STORE_IMU_LINK_AUTO, NULL), SG_OK);
    /* a1 and a3 both cover 1200 s: the current link (a2) is not one of them,
     * so the earlier start wins */
    assert_int_equal(link_of(st, rec1), a1);
    assert_int_equal(sg_store_imu_link(st, rec1, 0, NULL), SG_OK); /* pinned: none */
    assert_int_equal(link_of(st, rec1), 0);
    sg_err err;
    assert_int_equal(sg_store_imu_link(st, rec1, 999, &err), SG_ENOTFOUND);
    assert_int_equal(sg_store_imu_link(st, 999, a1, &err), SG_ENOTFOUND);
    assert_int_equal(sg_store_imu_link(st, rec1, SG_STORE_IMU_LINK_AUTO, NULL), SG_OK);
    assert_int_equal(link_of(st, rec1), a1);

    /* deleting the linked activity re-links to the best remaining one */
    assert_int_equal(sg_store_delete(st, a1, NULL), SG_OK);
    assert_int_equal(link_of(st, rec1), a3);
    assert_int_equal(sg_store_delete(st, a3, NULL), SG_OK);
    assert_int_equal(link_of(st, rec1), a2); /* 300 s overlap */
    assert_int_equal(sg_store_delete(st, a2, NULL), SG_OK);
    assert_int_equal(link_of(st, rec1), 0);
    assert_int_equal(link_of(st, rec2), 0);
    (void)rec3;

    /* cache, load, delete */
    assert_int_equal(sg_store_imu_cache_put(st, rec2, "trunk", 1, "{\"a\":1}", NULL), SG_OK);
    char *j;
    assert_int_equal(sg_store_imu_cache_get(st, rec2, "trunk", 1, &j, NULL), SG_OK);
    assert_string_equal(j, "{\"a\":1}");
    free(j);
    assert_int_equal(sg_store_imu_cache_get(st, rec2, "trunk", 2, &j, NULL), SG_ENOTFOUND);
    assert_int_not_equal(sg_store_imu_cache_put(st, 999, "trunk", 1, "{}", NULL), SG_OK);
    sg_imu *rec;
    assert_int_equal(sg_store_imu_load(st, rec2, NULL, &rec, NULL), SG_OK);
    assert_int_equal(rec->n, 1200 * 50);
    assert_near(rec->t0, T + 3000, 0);
    sg_imu_free(rec);
    assert_int_equal(sg_store_imu_delete(st, rec2, NULL), SG_OK);
    assert_int_equal(sg_store_imu_delete(st, rec2, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_imu_load(st, rec2, NULL, &rec, NULL), SG_ENOTFOUND);
    sg_store_imu_row *row = malloc(sizeof *row);
    assert_int_equal(sg_store_imu_get(st, rec2, row, NULL), SG_ENOTFOUND);
    free(row);
    assert_int_equal(sg_store_check(st, NULL), SG_OK);
    sg_store_close(st);
}

/* ---- import ------------------------------------------------------------------------ */

#define SIM_START 1740898800.0 /* 2025-03-02T07:00:00Z, sg_sim_run_defaults */

/* A simulated 20-minute watch run, FIT-encoded. */
static void write_watch_fit(const char *path, unsigned char **extra, size_t extra_len)
{
    sg_sim_run_params p;
    sg_sim_run_defaults(&p);
    p.distance_m = 0;
    p.duration_s = 1200;
    sg_activity *act;
    assert_int_equal(sg_sim_run(&p, NULL, &act, NULL), SG_OK);
    assert_near(act->ch[SG_CH_TIME][0], SIM_START, 1);
    uint8_t *fit;
    size_t len;
    assert_int_equal(sg_fit_encode(act, NULL, NULL, &fit, &len, NULL), SG_OK);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(fit, 1, len, f), len);
    if (extra)
        assert_int_equal(fwrite(*extra, 1, extra_len, f), extra_len);
    fclose(f);
    sg_free(NULL, fit);
    sg_activity_free(act);
}

/* Vertical specific force of running at `cadence` steps/min: a half sine
 * over the contact (62 % of the step) with unit mean, zero in flight, plus a
 * fore-aft and side-to-side component (as tests/test_imu_trunk.c). In g. */
static void running_g(double t, double cadence, double g[3])
{
    double T = 60.0 / cadence, tc = 0.62 * T;
    double tau = fmod(t, T);
    int side = (int)fmod(floor(t / T), 2.0);
    g[0] = g[1] = g[2] = 0;
    if (tau < tc) {
        double s = sin(M_PI * tau / tc);
        g[2] = M_PI * T / (2 * tc) * s;
        g[0] = -0.6 * sin(2 * M_PI * tau / tc);
        g[1] = (side == 0 ? -0.3 : 0.3) * s;
    }
}

/* An ActiGraph-style ISO-time CSV (date_time,x,y,z in g) at 100 Hz from t0 for dur s. */
static void write_trunk_csv(const char *path, double t0, double dur, double cadence)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "date_time,x,y,z\n");
    long n = (long)(dur * 100);
    for (long i = 0; i < n; i++) {
        double t = t0 + (double)i / 100.0;
        time_t s = (time_t)floor(t);
        int ms = (int)lround((t - (double)s) * 1000);
        if (ms >= 1000) {
            s++;
            ms -= 1000;
        }
        struct tm tm;
        gmtime_r(&s, &tm);
        double g[3];
        running_g((double)i / 100.0, cadence, g);
        /* sensor axes: x forward, y left, z up */
        fprintf(f, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ,%.4f,%.4f,%.4f\n", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms, g[0], g[1],
                g[2]);
    }
    fclose(f);
}

/* A FIT section holding only accelerometer_data: calibrated float32 x/y/z
 * (g), 25 samples per message at 100 Hz from the FIT time `fit_t0`. */
static unsigned char *motion_fit(uint32_t fit_t0, int seconds, double cadence, size_t *len)
{
    enum { PER = 25 };
    int msgs = seconds * 100 / PER;
    size_t cap = 14 + 64 + (size_t)msgs * (1 + 4 + 2 + 2 * PER + 3 * 4 * PER) + 2;
    unsigned char *b = malloc(cap);
    size_t n = 14;
#define U8(v) (b[n++] = (unsigned char)(v))
#define U16(v) (U8((v) & 0xff), U8(((v) >> 8) & 0xff))
#define U32(v) (U16((v) & 0xffff), U16(((v) >> 16) & 0xffff))
    /* definition, local 0 -> accelerometer_data */
    U8(0x40);
    U8(0);
    U8(0);
    U16(SG_FIT_MESG_ACCELEROMETER_DATA);
    U8(6);
    U8(253), U8(4), U8(0x86); /* timestamp */
    U8(SG_FIT_MOTION_TIMESTAMP_MS), U8(2), U8(0x84);
    U8(SG_FIT_MOTION_SAMPLE_TIME_OFFSET), U8(2 * PER), U8(0x84);
    U8(SG_FIT_MOTION_CALIBRATED_X), U8(4 * PER), U8(0x88);
    U8(SG_FIT_MOTION_CALIBRATED_Y), U8(4 * PER), U8(0x88);
    U8(SG_FIT_MOTION_CALIBRATED_Z), U8(4 * PER), U8(0x88);
    for (int m = 0; m < msgs; m++) {
        U8(0);
        int ms0 = m * PER * 10; /* ms since fit_t0 */
        U32(fit_t0 + (uint32_t)(ms0 / 1000));
        U16(ms0 % 1000);
        for (int k = 0; k < PER; k++)
            U16(k * 10);
        for (int ax = 0; ax < 3; ax++)
            for (int k = 0; k < PER; k++) {
                double g[3];
                running_g((ms0 + k * 10) / 1000.0, cadence, g);
                float f = (float)g[ax];
                uint32_t u;
                memcpy(&u, &f, 4);
                U32(u);
            }
    }
    size_t data = n - 14;
    b[0] = 14;
    b[1] = 0x20;
    b[2] = 0x34;
    b[3] = 0x08;
    for (int i = 0; i < 4; i++)
        b[4 + i] = (uint8_t)(data >> (8 * i));
    memcpy(b + 8, ".FIT", 4);
    uint16_t hc = sg_fit_crc16(0, b, 12);
    b[12] = (uint8_t)hc;
    b[13] = (uint8_t)(hc >> 8);
    uint16_t crc = sg_fit_crc16(0, b, n);
    U16(crc);
#undef U8
#undef U16
#undef U32
    assert_true(n <= cap);
    *len = n;
    return b;
}

typedef struct evlog {
    int n;
    int status[32];
    long long act[32], imu[32], link[32];
    char msg[32][300];
} evlog;

static void on_event(void *ctx, const sg_import_event *ev)
{
    evlog *l = ctx;
    if (l->n >= 32)
        return;
    l->status[l->n] = (int)ev->status;
    l->act[l->n] = ev->activity_id;
    l->imu[l->n] = ev->imu_id;
    l->link[l->n] = ev->imu_linked_activity_id;
    snprintf(l->msg[l->n], sizeof l->msg[0], "%s: %s", ev->path, ev->err ? ev->err->msg : "");
    l->n++;
}

static void import_paths(sg_store *st, const char *const *paths, size_t n, evlog *l,
                         sg_import_stats *s)
{
    sg_import_opts o;
    sg_import_opts_init(&o);
    o.threads = 2;
    o.on_event = on_event;
    o.ctx = l;
    memset(l, 0, sizeof *l);
    sg_err err;
    if (sg_import_run(st, paths, n, &o, s, &err))
        fail_msg("import: %s", err.msg);
    for (int i = 0; i < l->n; i++)
        print_message("  %d %s\n", l->status[i], l->msg[i]);
}

static char *json_of(sg_store *st, long long id, int list)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_err err;
    int rc;
    if (list) {
        sg_app_imu_list_result l;
        rc = sg_app_imu_list(st, &l, &err);
        sg_imu_list_json(&w, &l);
        sg_app_imu_list_free(&l);
    } else {
        rc = sg_app_imu_view_json(st, sg_render_docs(), id, &w, &err);
    }
    if (rc)
        fail_msg("json: %s", err.msg);
    assert_false(sg_jw_error(&w));
    size_t n;
    return sg_jw_take_buf(&w, &n);
}

static void check_linked_view(sg_store *st, long long imu, long long act)
{
    char *j = json_of(st, 0, 1);
    char want[96];
    snprintf(want, sizeof want, "\"linked_activity_id\":%lld,\"link\":\"auto\",\"activity\":{\"id\":%lld", act, act);
    if (!strstr(j, want))
        fail_msg("list lacks %s: %s", want, j);
    free(j);
    j = json_of(st, imu, 0);
    snprintf(want, sizeof want, "{\"id\":%lld,\"linked_activity_id\":%lld,", imu, act);
    if (strncmp(j, want, strlen(want)) != 0)
        fail_msg("view starts %.120s", j);
    const char *c = strstr(j, "\"cadence_spm\":");
    assert_non_null(c);
    double cad = strtod(c + 14, NULL);
    assert_near(cad, 172, 3);
    assert_non_null(strstr(j, "\"source\":\"iso-time csv\""));
    /* the linked run's speed and grade went into the fatigue comparison */
    assert_non_null(strstr(j, "\"matched\":true"));
    free(j);
    /* the second view comes from the cache and is identical */
    char *a = json_of(st, imu, 0), *b = json_of(st, imu, 0);
    assert_string_equal(a, b);
    /* cached under the link: the linked run's speed and grade shape it */
    char *cached, name[SG_IMU_TRUNK_CACHE_NAME_MAX];
    sg_app_imu_trunk_cache_name(act, name);
    assert_int_equal(sg_store_imu_cache_get(st, imu, name, SG_IMU_TRUNK_CACHE_VERSION, &cached,
                                            NULL),
                     SG_OK);
    free(cached);
    free(a);
    free(b);
}

static void test_import_watch_and_csv(void **state)
{
    (void)state;
    char *dir = mkdir_tmp("both");
    char fit[800], csv[800];
    snprintf(fit, sizeof fit, "%s/watch.fit", dir);
    snprintf(csv, sizeof csv, "%s/trunk.csv", dir);
    write_watch_fit(fit, NULL, 0);
    /* recorded from minute 2 to minute 12 of the run */
    write_trunk_csv(csv, SIM_START + 120, 600, 172);

    /* one folder: the activity and the recording, linked */
    sg_store *st = fresh("both.db", NULL);
    sg_import_stats s;
    evlog l;
    const char *p1[] = {dir};
    import_paths(st, p1, 1, &l, &s);
    assert_int_equal(s.imported, 1);
    assert_int_equal(s.imu, 1);
    assert_int_equal(s.failed + s.skipped, 0);
    long long act = 0, imu = 0;
    for (int i = 0; i < l.n; i++) {
        if (l.status[i] == SG_IMPORT_IMPORTED)
            act = l.act[i];
        if (l.status[i] == SG_IMPORT_IMU)
            imu = l.imu[i];
    }
    assert_true(act > 0 && imu > 0);
    check_linked_view(st, imu, act);
    /* again: everything is a duplicate, nothing changes */
    import_paths(st, p1, 1, &l, &s);
    assert_int_equal(s.duplicates, 2);
    assert_int_equal(s.imu + s.imported, 0);
    assert_int_equal(link_of(st, imu), act);
    sg_store_close(st);

    /* the recording first, the watch file later: linked when it arrives */
    st = fresh("later.db", NULL);
    const char *pc[] = {csv};
    import_paths(st, pc, 1, &l, &s);
    assert_int_equal(s.imu, 1);
    assert_int_equal(l.status[0], SG_IMPORT_IMU);
    imu = l.imu[0];
    assert_int_equal(l.link[0], 0);
    const char *pf[] = {fit};
    import_paths(st, pf, 1, &l, &s);
    assert_int_equal(s.imported, 1);
    act = l.act[0];
    check_linked_view(st, imu, act);
    sg_store_close(st);
    free(dir);
}

static void test_import_fit_motion(void **state)
{
    (void)state;
    char *dir = mkdir_tmp("fitmotion");
    char p[800];
    /* a motion-only FIT (a sensor pod), 3 minutes from minute 5 of the run */
    uint32_t fit_t0 = (uint32_t)(SIM_START - SG_FIT_EPOCH_UNIX) + 300;
    size_t ml;
    unsigned char *m = motion_fit(fit_t0, 180, 172, &ml);
    snprintf(p, sizeof p, "%s/pod.fit", dir);
    write_file(p, m, ml);
    /* and the decoder's own view of it */
    sg_activity *a;
    sg_err err;
    if (sg_fit_decode(m, ml, NULL, &a, NULL, &err))
        fail_msg("motion fit: %s", err.msg);
    assert_int_equal(a->n, 0);
    assert_int_equal(a->accel.n, 18000);
    sg_activity_free(a);

    /* `imu FILE.fit`: the same streams analysed straight from the file */
    sg_imu *frec;
    sg_trunk_result *fres;
    int in_gyro;
    sg_imu_csv_opts o;
    memset(&o, 0, sizeof o);
    if (sg_app_imu_analyze(p, NULL, &o, NULL, &frec, &fres, &in_gyro, &err))
        fail_msg("imu pod.fit: %s", err.msg);
    assert_string_equal(frec->source, "fit");
    assert_near(fres->overall.cadence_spm, 172, 3);
    sg_trunk_result_free(fres);
    sg_imu_free(frec);
    assert_int_equal(sg_app_imu_analyze(p, p, &o, NULL, &frec, &fres, &in_gyro, &err), SG_EUSAGE);

    sg_store *st = fresh("fitmotion.db", NULL);
    sg_import_stats s;
    evlog l;
    const char *p1[] = {p};
    import_paths(st, p1, 1, &l, &s);
    assert_int_equal(s.imu, 1);
    assert_int_equal(s.imported, 0);
    long long pod = l.imu[0];
    sg_store_imu_row *row = malloc(sizeof *row);
    assert_int_equal(sg_store_imu_get(st, pod, row, NULL), SG_OK);
    assert_string_equal(row->reader, "fit");
    assert_near(row->start, SIM_START + 300, 1e-6);
    assert_near(row->sample_rate_hz, 100, 0);
    assert_int_equal(row->linked_activity_id, 0);

    /* a watch FIT that also carries raw accelerometer data (a second,
     * chained section): an activity and a recording linked to it */
    char w[800];
    snprintf(w, sizeof w, "%s/watch_with_motion.fit", dir);
    write_watch_fit(w, &m, ml);
    /* a watch FIT without raw motion has nothing for `imu` */
    char plain[800];
    snprintf(plain, sizeof plain, "%s/plain.fit", dir);
    write_watch_fit(plain, NULL, 0);
    assert_int_equal(sg_app_imu_analyze(plain, NULL, &o, NULL, &frec, &fres, &in_gyro, &err),
                     SG_ENODATA);
    assert_non_null(strstr(err.msg, "no accelerometer data"));
    const char *p2[] = {w};
    import_paths(st, p2, 1, &l, &s);
    assert_int_equal(s.imported, 1);
    assert_int_equal(s.imu, 1);
    assert_int_equal(l.status[0], SG_IMPORT_IMPORTED);
    long long act = l.act[0];
    assert_true(l.imu[0] > 0);
    assert_int_equal(l.link[0], act);
    /* and the pod recording found its run too */
    assert_int_equal(link_of(st, pod), act);
    sg_imu *rec;
    assert_int_equal(sg_store_imu_load(st, l.imu[0], NULL, &rec, NULL), SG_OK);
    assert_int_equal(rec->n, 18000);
    double g[3];
    running_g(0.02, 172, g);
    assert_near(rec->acc[2][2], g[2] * SG_IMU_G, 1e-5); /* g -> m/s^2 through float32 */
    sg_imu_free(rec);
    free(row);
    free(m);
    sg_store_close(st);
    free(dir);
}

static void test_import_real_and_not_imu(void **state)
{
    (void)state;
    const char *f1 = sg_test_shared("recurrent-grf-prediction/Sample_test_data.csv");
    SG_REQUIRE_SHARED(f1);
    const char *f2 = sg_test_shared("adeptdata/acc_running_left_hip.csv");
    const char *f3 = sg_test_shared("ipol-gait-dataset-1/1-1_lb.txt");
    SG_REQUIRE_SHARED(f2);
    SG_REQUIRE_SHARED(f3);
    char *dir = mkdir_tmp("notimu");
    char strava[800], notes[800], gyro[800], linear[800];
    snprintf(strava, sizeof strava, "%s/activities.csv", dir);
    const char *sv =
        "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
        "Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Filename\n"
        "123,\"Mar 2, 2025, 7:00:00 AM\",Morning Run,Run,,3600,10.02,172,45,false,"
        "activities/123.fit.gz\n"
        "124,\"Mar 3, 2025, 7:00:00 AM\",Easy,Run,,1800,5.01,150,12,false,"
        "activities/124.fit.gz\n";
    write_file(strava, sv, strlen(sv));
    snprintf(notes, sizeof notes, "%s/notes.csv", dir);
    write_file(notes, "date,pain\n2024-01-01,3\n2024-01-02,2\n", 36);
    snprintf(gyro, sizeof gyro, "%s/Gyroscope.csv", dir);
    const char *gv = "\"Time (s)\",\"Gyroscope x (rad/s)\",\"Gyroscope y (rad/s)\","
                     "\"Gyroscope z (rad/s)\"\n0.00,0.1,0,0\n0.01,0.1,0,0\n0.02,0.1,0,0\n";
    write_file(gyro, gv, strlen(gv));
    snprintf(linear, sizeof linear, "%s/broken_imu.csv", dir);
    const char *lv = "t,ax,ay,az\n0,0,0,9.8\n0.01,0,0,9.8\n0.02,0,0,9.8\n0.03,NaN,0,9.8\n";
    write_file(linear, lv, strlen(lv));

    sg_store *st = fresh("real.db", NULL);
    sg_import_stats s;
    evlog l;
    const char *paths[] = {f1, f2, f3, strava, notes, gyro, linear};
    import_paths(st, paths, 7, &l, &s);
    assert_int_equal(s.imu, 3);
    assert_int_equal(s.imported, 0);
    assert_int_equal(s.skipped, 3);
    assert_int_equal(s.failed, 1);
    assert_int_equal(l.status[0], SG_IMPORT_IMU);
    assert_int_equal(l.status[1], SG_IMPORT_IMU);
    assert_int_equal(l.status[2], SG_IMPORT_IMU);
    assert_int_equal(l.status[3], SG_IMPORT_SKIPPED); /* Strava activities.csv */
    assert_int_equal(l.status[4], SG_IMPORT_SKIPPED);
    assert_int_equal(l.status[5], SG_IMPORT_SKIPPED);
    assert_non_null(strstr(l.msg[5], "gyroscope file without accelerometer"));
    assert_int_equal(l.status[6], SG_IMPORT_FAILED);
    assert_non_null(strstr(l.msg[6], "NaN"));
    const char *readers[] = {"shimmer", "iso-time csv", "xsens"};
    for (int i = 0; i < 3; i++) {
        sg_store_imu_row *row = malloc(sizeof *row);
        assert_int_equal(sg_store_imu_get(st, l.imu[i], row, NULL), SG_OK);
        assert_string_equal(row->reader, readers[i]);
        free(row);
    }
    /* the analyses of the stored recordings are the files' own, digit for
     * digit (float32 storage changes nothing visible) */
    for (int i = 0; i < 3; i++) {
        sg_imu *rec;
        sg_trunk_result *res;
        int in_gyro;
        sg_imu_csv_opts o;
        memset(&o, 0, sizeof o);
        assert_int_equal(sg_app_imu_analyze(paths[i], NULL, &o, NULL, &rec, &res, &in_gyro, NULL),
                         SG_OK);
        sg_jw w;
        sg_jw_init_buf(&w, 0, 0);
        sg_trunk_json(&w, paths[i], rec, res);
        size_t dn;
        char *direct = sg_jw_take_buf(&w, &dn);
        char *view = json_of(st, l.imu[i], 0);
        const char *tail = strstr(view, ",\"file\":");
        assert_non_null(tail);
        if (strcmp(tail + 1, direct + 1) != 0)
            fail_msg("stored analysis differs:\n%s\n%s", tail + 1, direct + 1);
        free(view);
        free(direct);
        sg_trunk_result_free(res);
        sg_imu_free(rec);
    }
    char *j = json_of(st, l.imu[1], 0);
    assert_non_null(strstr(j, "\"cadence_spm\":157.4"));
    free(j);
    j = json_of(st, l.imu[2], 0);
    assert_non_null(strstr(j, "\"running_s\":0.0"));
    assert_non_null(strstr(j, "\"gyroscope\":true"));
    free(j);
    sg_store_close(st);
    free(dir);
}

/* ---- athletes (schema 7) ------------------------------------------------------ */

/* Every table, for row counts through the backend's rows interface
 * (static: PostgreSQL keys its prepared statements by the table's address). */
static const sg_store_table ALL_TABLES[] = {
    {.name = "athletes"},       {.name = "activities"},      {.name = "activity_samples"},
    {.name = "sources"},        {.name = "analysis_cache"},  {.name = "gear"},
    {.name = "activity_gear"},  {.name = "imu_recordings"},  {.name = "imu_cache"},
    {.name = "kv"},             {.name = "journal"},         {.name = "run_changes"},
    {.name = "trash_activities"}, {.name = "trash_sources"}, {.name = "trash_imu_links"},
};
#define N_ALL ((int)(sizeof ALL_TABLES / sizeof *ALL_TABLES))

static void count_tables(sg_store *st, long long *n)
{
    for (int i = 0; i < N_ALL; i++)
        assert_int_equal(st->rows->count(st->impl, &ALL_TABLES[i], &n[i], NULL), SG_OK);
}

typedef struct athlete_rows {
    long long act, act2, gear, journal, imu;
} athlete_rows;

static int count_cache(void *ctx, const char *name, int version, const char *json)
{
    (void)name, (void)version, (void)json;
    (*(int *)ctx)++;
    return 0;
}

static int count_source(void *ctx, const sg_store_source *s)
{
    (void)s;
    (*(int *)ctx)++;
    return 0;
}

static int count_journal(void *ctx, const sg_journal_row *r)
{
    (void)r;
    (*(int *)ctx)++;
    return 0;
}

/* One of everything for the current athlete: two runs (the second trashed
 * with its IMU link), a cached result, a shoe on the first, a linked
 * recording with a cached result, a setting and a journal entry. The same
 * file content for every athlete. */
static void fill_athlete(sg_store *st, const char *kv, athlete_rows *r)
{
    r->act = add_activity(st, 1.8e9, 1200, 'c');
    r->act2 = add_activity(st, 1.9e9, 600, 'd');
    sg_store_imu_put_result res;
    long long gone_imu = put_rec(st, 1.9e9 + 60, 60, 'e', 0, &res);
    assert_int_equal(res.linked_activity_id, r->act2);
    assert_int_equal(sg_store_trash(st, r->act2, NULL), SG_OK);
    assert_int_equal(link_of(st, gone_imu), 0);
    assert_int_equal(sg_store_cache_put(st, r->act, "run", 1, "{}", NULL), SG_OK);
    assert_int_equal(sg_store_gear_put(st, 0, "{\"name\":\"shoe\"}", &r->gear, NULL), SG_OK);
    assert_int_equal(sg_store_gear_assign(st, r->act, r->gear, NULL), SG_OK);
    r->imu = put_rec(st, 1.8e9 + 60, 120, 'f', 0, &res);
    assert_false(res.duplicate);
    assert_int_equal(res.linked_activity_id, r->act);
    assert_int_equal(sg_store_imu_cache_put(st, r->imu, "trunk", 1, "{}", NULL), SG_OK);
    assert_int_equal(sg_store_kv_put(st, "k", kv, NULL), SG_OK);
    assert_int_equal(sg_store_journal_add(st, "pain", "2027-01-01", "{}", &r->journal, NULL),
                     SG_OK);
}

/* What athlete B may not see or touch of athlete A's rows (a). */
static void check_invisible(sg_store *st, const athlete_rows *a, const athlete_rows *b)
{
    sg_store_row row;
    sg_activity *act;
    char *v = NULL;
    int n = 0;
    assert_int_equal(sg_store_get(st, a->act, &row, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_load(st, a->act, NULL, &act, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_cache_get(st, a->act, "run", 1, &v, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_cache_put(st, a->act, "x", 1, "{}", NULL), SG_ESTORE);
    assert_int_equal(sg_store_cache_list(st, a->act, count_cache, &n, NULL), SG_OK);
    assert_int_equal(sg_store_sources(st, a->act, count_source, &n, NULL), SG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(sg_store_gear_assign(st, a->act, b->gear, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_gear_assign(st, b->act, a->gear, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_gear_put(st, a->gear, "{}", NULL, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_journal_update(st, a->journal, "rpe", "2027-01-02", "{}", NULL),
                     SG_ENOTFOUND);
    assert_int_equal(sg_store_journal_get(st, a->journal, count_journal, &n, NULL),
                     SG_ENOTFOUND);
    sg_store_imu_row *ir = malloc(sizeof *ir);
    assert_int_equal(sg_store_imu_get(st, a->imu, ir, NULL), SG_ENOTFOUND);
    free(ir);
    sg_imu *rec;
    assert_int_equal(sg_store_imu_load(st, a->imu, NULL, &rec, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_imu_cache_get(st, a->imu, "trunk", 1, &v, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_imu_cache_put(st, a->imu, "x", 1, "{}", NULL), SG_ESTORE);
    assert_int_equal(sg_store_imu_link(st, a->imu, b->act, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_imu_link(st, b->imu, a->act, NULL), SG_ENOTFOUND);
    /* the writes that would remove A's rows, last: none of them may */
    assert_int_equal(sg_store_imu_delete(st, a->imu, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_journal_delete(st, a->journal, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_gear_delete(st, a->gear, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_trash(st, a->act, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_delete(st, a->act, NULL), SG_ENOTFOUND);
}

static int athlete_count(void *ctx, const sg_store_athlete_row *r)
{
    (void)r;
    (*(int *)ctx)++;
    return 0;
}

static int change_count(void *ctx, const sg_store_change *c)
{
    (void)c;
    (*(int *)ctx)++;
    return 0;
}

static int row_id(void *ctx, const sg_store_row *r)
{
    char *s = ctx;
    size_t l = strlen(s);
    snprintf(s + l, 4096 - l, "%lld/%s ", r->id, r->s.format);
    return 0;
}

/* The current athlete's runs, sources, shoes and recordings, as text. */
static char *listing(sg_store *st)
{
    char *s = calloc(1, 4096);
    assert_int_equal(sg_store_list(st, NULL, row_id, s, NULL), SG_OK);
    int n = 0;
    assert_int_equal(sg_store_sources(st, 0, count_source, &n, NULL), SG_OK);
    char *j = json_of(st, 0, 1);
    size_t l = strlen(s);
    snprintf(s + l, 4096 - l, "sources %d %.3000s", n, j);
    free(j);
    return s;
}

/* Two athletes in one store: the same files accepted twice, every listing
 * and id of one invisible to the other, and deleting one removes all its
 * rows and nothing of the other's. */
static void test_athletes(void **state)
{
    (void)state;
    sg_store *st = fresh("athletes", NULL);
    assert_int_equal(sg_store_athlete(st), 1);
    sg_store_athlete_row ar;
    assert_int_equal(sg_store_athlete_get(st, 1, &ar, NULL), SG_OK);
    assert_string_equal(ar.name, "runner");
    long long b;
    assert_int_equal(sg_store_athlete_add(st, "", &b, NULL), SG_EUSAGE);
    assert_int_equal(sg_store_athlete_add(st, "Bea", &b, NULL), SG_OK);
    assert_true(b > 1);
    assert_int_equal(sg_store_athlete(st), 1);
    assert_int_equal(sg_store_athlete_get(st, b, &ar, NULL), SG_OK);
    assert_string_equal(ar.name, "Bea");
    assert_int_equal(sg_store_athlete_get(st, b + 1, &ar, NULL), SG_ENOTFOUND);
    int n = 0;
    assert_int_equal(sg_store_athlete_list(st, athlete_count, &n, NULL), SG_OK);
    assert_int_equal(n, 2);

    athlete_rows ra, rb;
    fill_athlete(st, "one", &ra);
    char *list_a = listing(st);
    long long before[N_ALL], with_b[N_ALL], after[N_ALL];
    count_tables(st, before);

    sg_store_use_athlete(st, b);
    assert_int_equal(sg_store_athlete(st), b);
    long long cnt = -1;
    assert_int_equal(sg_store_count(st, &cnt, NULL), SG_OK);
    assert_int_equal(cnt, 0);
    assert_int_equal(sg_store_untrash_last(st, NULL, NULL), SG_ENOTFOUND);
    char *v = NULL;
    assert_int_equal(sg_store_kv_get(st, "k", &v, NULL), SG_ENOTFOUND);
    /* the same files again: new for this athlete, not duplicates */
    fill_athlete(st, "two", &rb);
    assert_true(rb.act != ra.act && rb.imu != ra.imu && rb.gear != ra.gear);
    count_tables(st, with_b);
    for (int i = 1; i < N_ALL; i++) /* [0]: the athletes, B included before */
        if (with_b[i] <= before[i])
            fail_msg("athlete %lld added no row to %s", b, ALL_TABLES[i].name);
    check_invisible(st, &ra, &rb);
    assert_int_equal(sg_store_count(st, &cnt, NULL), SG_OK);
    assert_int_equal(cnt, 1);
    assert_int_equal(sg_store_kv_get(st, "k", &v, NULL), SG_OK);
    assert_string_equal(v, "two");
    free(v);
    n = 0;
    assert_int_equal(sg_store_changes(st, change_count, &n, NULL), SG_OK);
    assert_int_equal(n, 1);
    /* undo restores this athlete's run, not the other's */
    long long back = 0;
    assert_int_equal(sg_store_untrash_last(st, &back, NULL), SG_OK);
    assert_int_equal(back, rb.act2);
    assert_int_equal(sg_store_trash(st, rb.act2, NULL), SG_OK);

    sg_store_use_athlete(st, 1);
    check_invisible(st, &rb, &ra);
    char *again = listing(st);
    assert_string_equal(list_a, again);
    free(again);
    assert_int_equal(sg_store_kv_get(st, "k", &v, NULL), SG_OK);
    assert_string_equal(v, "one");
    free(v);

    /* deleting an athlete: every row of it, nothing of the other */
    assert_int_equal(sg_store_athlete_delete(st, 1, NULL), SG_EUSAGE);
    assert_int_equal(sg_store_athlete_delete(st, b + 1, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_athlete_delete(st, b, NULL), SG_OK);
    count_tables(st, after);
    /* B's own rows were there before B's data: the athletes row and the kv
     * key that says B's (empty) summaries are current */
    for (int i = 0; i < N_ALL; i++)
        if (after[i] != before[i] - (i == 0) - !strcmp(ALL_TABLES[i].name, "kv"))
            fail_msg("%s: %lld rows after the delete, %lld before athlete %lld", ALL_TABLES[i].name,
                     after[i], before[i], b);
    assert_int_equal(sg_store_athlete_get(st, b, &ar, NULL), SG_ENOTFOUND);
    again = listing(st);
    assert_string_equal(list_a, again);
    free(again);
    free(list_a);
    assert_int_equal(sg_store_check(st, NULL), SG_OK);
    sg_store_close(st);
}
/* The summary refresh on open covers every athlete, each by its own
 * store.summary_version key. */
static void test_athletes_refresh(void **state)
{
    (void)state;
    char *path;
    sg_store *st = fresh("athrefresh", &path);
    long long own = add_activity(st, 1.8e9, 600, 'a');
    long long bea;
    assert_int_equal(sg_store_athlete_add(st, "Bea", &bea, NULL), SG_OK);
    assert_int_equal(sg_store_athlete(st), 1); /* adding one does not switch to it */
    sg_store_use_athlete(st, bea);
    /* a new athlete's (empty) summaries are current from the start, so the
     * next open has nothing of theirs to refresh */
    char *v0 = NULL;
    assert_int_equal(sg_store_kv_get(st, "store.summary_version", &v0, NULL), SG_OK);
    assert_int_equal(strtol(v0, NULL, 10), SG_STORE_SUMMARY_VERSION);
    free(v0);
    long long id = add_activity(st, 1.8e9, 600, 'a');
    sg_store_row fresh_row;
    assert_int_equal(sg_store_get(st, id, &fresh_row, NULL), SG_OK);
    assert_int_equal(sg_store_kv_put(st, "store.summary_version", "0", NULL), SG_OK);
    sg_store_close(st);
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE activities SET distance_m = 1 WHERE id IN (%lld, %lld)", own,
             id);
    assert_int_equal(fx_sql_exec(path, sql), 0);
    sg_err err;
    if (sg_store_open(path, &st, &err))
        fail_msg("reopen: %s", err.msg);
    assert_int_equal(sg_store_athlete(st), 1);
    sg_store_row row;
    /* athlete 1's summaries are current: its row is left as it is */
    assert_int_equal(sg_store_get(st, own, &row, NULL), SG_OK);
    assert_true(row.s.distance_m == 1);
    sg_store_use_athlete(st, bea);
    assert_int_equal(sg_store_get(st, id, &row, NULL), SG_OK);
    assert_true(row.s.distance_m == fresh_row.s.distance_m);
    char *v = NULL;
    assert_int_equal(sg_store_kv_get(st, "store.summary_version", &v, NULL), SG_OK);
    assert_int_equal(strtol(v, NULL, 10), SG_STORE_SUMMARY_VERSION);
    free(v);
    sg_store_close(st);
    free(path);
}

/* Schemas 3 to 6 exactly as main wrote them before migration 7 (frozen). */
static const char V3_6_SQL[] =
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
    " PRIMARY KEY (imu_id, name)) STRICT;"
    "INSERT INTO migrations VALUES (3, 'imu recordings, their links to activities"
    " and their analysis cache',"
    " 1700000003);"
    "CREATE TABLE gear ("
    " id INTEGER PRIMARY KEY,"
    " payload TEXT NOT NULL,"
    " created_at INTEGER NOT NULL) STRICT;"
    "CREATE TABLE activity_gear ("
    " activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,"
    " gear_id INTEGER NOT NULL REFERENCES gear(id) ON DELETE CASCADE) STRICT;"
    "CREATE INDEX activity_gear_gear ON activity_gear(gear_id);"
    "INSERT INTO migrations VALUES (4, 'gear and its assignment to activities',"
    " 1700000004);"
    "ALTER TABLE activities ADD COLUMN descent_m REAL;"
    "ALTER TABLE activities ADD COLUMN avg_hr REAL;"
    "INSERT INTO migrations VALUES (5, 'descent and average heart rate in the activity summary',"
    " 1700000005);"
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
    " PRIMARY KEY (imu_id, activity_id)) STRICT;"
    "INSERT INTO migrations VALUES (6, 'trash of deleted activities and the log of run changes',"
    " 1700000006);"
    "PRAGMA user_version = 6;";

/* ---- migration 6 -> 7 ------------------------------------------------------------ */

/* Every row of `table` (columns `cols`, in key order) as text, blobs in hex. */
static char *dump_table(sqlite3 *db, const char *table, const char *cols)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s ORDER BY 1, 2", cols, table);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            char cell[160];
            if (sqlite3_column_type(st, c) == SQLITE_BLOB) {
                const unsigned char *b = sqlite3_column_blob(st, c);
                int n = sqlite3_column_bytes(st, c);
                unsigned sum = 0;
                for (int i = 0; i < n; i++)
                    sum = sum * 31u + b[i];
                snprintf(cell, sizeof cell, "blob:%d:%08x|", n, sum);
            } else {
                const unsigned char *t = sqlite3_column_text(st, c);
                snprintf(cell, sizeof cell, "%.150s|", t ? (const char *)t : "NULL");
            }
            size_t n = strlen(cell);
            assert_true(len + n < cap);
            memcpy(out + len, cell, n + 1);
            len += n;
        }
        assert_true(len + 1 < cap);
        out[len++] = '\n';
    }
    sqlite3_finalize(st);
    return out;
}

static const char *const V6_TABLES[] = {
    "activities", "activity_samples", "sources", "kv", "journal", "analysis_cache",
    "imu_recordings", "imu_cache", "gear", "activity_gear", "run_changes",
    "trash_activities", "trash_sources", "trash_imu_links",
};
#define N_V6 ((int)(sizeof V6_TABLES / sizeof *V6_TABLES))

/* The column list of a table, comma-separated. */
static void columns_of(sqlite3 *db, const char *table, char *out, size_t cap)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT group_concat(name, ', ') FROM pragma_table_info('%s')",
             table);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static void v6_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("v6 fixture: %s", msg);
}

/* A schema-6 file with a row in every table (as main wrote it) migrates to
 * schema 7 with every row, id and value kept, all of them athlete 1's. */
static void test_migration_from_v6(void **state)
{
    (void)state;
    char *path = tmp_path("v6.db");
    unlink(path);
    sg_activity *a = fx_run(600, 1.7e9, 1, 1, "fit");
    unsigned char *blob;
    size_t len;
    assert_int_equal(sg_store_blob_encode(a, &blob, &len, NULL), SG_OK);
    sg_activity_free(a);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    v6_exec(db, V1_SQL);
    v6_exec(db, V2_SQL);
    v6_exec(db, V3_6_SQL);
    char kv[160];
    snprintf(kv, sizeof kv, "INSERT INTO kv VALUES ('store.summary_version', '%d', 1700000000);",
             SG_STORE_SUMMARY_VERSION);
    v6_exec(db, kv);
    v6_exec(db,
            "INSERT INTO activities VALUES (7, 1700000000, 'running', 'none', 1797, 599, 599,"
            " 42, 'fenix', 'Old run', 'fit', 600, 5, 1700000000, 1700000001, 40, 150.5);"
            "INSERT INTO sources VALUES (1, 7, 'old.fit', 'dir/old.fit',"
            " 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'fit', 1234,"
            " 1700000000);"
            "INSERT INTO kv VALUES ('athlete', '{\"mass_kg\":70}', 1700000000);"
            "INSERT INTO journal VALUES (3, 'pain', '2024-01-01', 1700000000, '{\"nrs\":2}');"
            "INSERT INTO analysis_cache VALUES (7, 'run', 1, '{\"x\":1}', 'b1');"
            "INSERT INTO imu_recordings VALUES (4, 1700000100, 60, 50, 3000, 0, 'csv', 'r.csv',"
            " 'dir/r.csv', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',"
            " X'00', 7, 1, 1700000000);"
            "INSERT INTO imu_cache VALUES (4, 'trunk', 1, '{}');"
            "INSERT INTO gear VALUES (2, '{\"name\":\"Pegasus\"}', 1700000000);"
            "INSERT INTO activity_gear VALUES (7, 2);"
            "INSERT INTO run_changes VALUES (5, 1700000500, 'delete', 6, 1600000000, 'running',"
            " 'Gone');"
            "INSERT INTO trash_activities VALUES (6, 5, 1600000000, 'running', 'none', 1000,"
            " 300, 300, NULL, NULL, 'Gone', 'gpx', 300, 3, 1600000000, 1600000000, NULL, NULL,"
            " 2, X'0102');"
            "INSERT INTO trash_sources VALUES (9, 6, 'gone.gpx', 'gone.gpx',"
            " 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', 'gpx', 10,"
            " 1600000000);"
            "INSERT INTO trash_imu_links VALUES (4, 6, 0);");
    sqlite3_stmt *ins;
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO activity_samples VALUES (7, ?)", -1,
                                        &ins, NULL),
                     SQLITE_OK);
    sqlite3_bind_blob(ins, 1, blob, (int)len, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
    sqlite3_finalize(ins);
    free(blob);
    char cols[N_V6][400];
    char *before[N_V6];
    for (int i = 0; i < N_V6; i++) {
        columns_of(db, V6_TABLES[i], cols[i], sizeof cols[i]);
        before[i] = dump_table(db, V6_TABLES[i], cols[i]);
        assert_true(strlen(before[i]) > 0);
    }
    sqlite3_close(db);

    sg_store *st;
    sg_err err;
    if (sg_store_open(path, &st, &err))
        fail_msg("migrate: %s", err.msg);
    assert_int_equal(sg_store_schema_version(st), SG_STORE_SCHEMA_VERSION);
    assert_int_equal(sg_store_check(st, NULL), SG_OK);
    /* the public view: the run, its shoe, the recording's pinned link, the trash */
    sg_store_row row;
    assert_int_equal(sg_store_get(st, 7, &row, NULL), SG_OK);
    assert_string_equal(row.s.name, "Old run");
    assert_int_equal(link_of(st, 4), 7);
    long long dup = 0;
    char aaa[65];
    memset(aaa, 'a', 64);
    aaa[64] = '\0';
    assert_int_equal(sg_store_find_hash(st, aaa, &dup, NULL), SG_OK);
    assert_int_equal(dup, 7);
    /* a new run takes an id after every stored and logged one */
    long long id = add_activity(st, 1.75e9, 300, 'd');
    assert_true(id > 7);
    assert_int_equal(sg_store_delete(st, id, NULL), SG_OK);
    sg_store_close(st);

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    for (int i = 0; i < N_V6; i++) {
        char *now = dump_table(db, V6_TABLES[i], cols[i]);
        if (strcmp(before[i], now) != 0)
            fail_msg("%s changed:\n%s---\n%s", V6_TABLES[i], before[i], now);
        free(now);
        free(before[i]);
    }
    sqlite3_close(db);
    const char *top[] = {"activities", "sources", "kv", "journal", "imu_recordings", "gear",
                         "run_changes", "trash_activities"};
    for (size_t i = 0; i < sizeof top / sizeof *top; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE athlete_id IS NOT 1", top[i]);
        assert_int_equal(sql_int(path, sql), 0);
    }
    assert_int_equal(sql_int(path, "SELECT count(*) FROM athletes"), 1);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND"
                                   " (name LIKE '%\\_7' ESCAPE '\\' OR sql NOT LIKE '%STRICT%')"),
                     0);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                   " AND name IN ('activities_start', 'sources_activity',"
                                   " 'journal_date', 'imu_recordings_start',"
                                   " 'imu_recordings_link', 'run_changes_activity')"),
                     6);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), SG_STORE_SCHEMA_VERSION);
    free(path);
}

/* A PostgreSQL store taken back to schema 6's shape: the reverse of pg.c's
 * migrations 12 to 9 (change counters, the clinician's view), 8 (accounts)
 * and 7 (tables, keys and indexes as migrations 1 to 6 made them). */
static const char PG_DOWN_TO_6[] =
    "DELETE FROM migrations WHERE version = 12;"
    "DROP FUNCTION sg_account_clinics_changed() CASCADE;"
    "DROP FUNCTION sg_athlete_clinics_changed() CASCADE;"
    "DROP FUNCTION sg_clinic_added() CASCADE;"
    "DROP INDEX accounts_athlete;"
    "DROP TABLE clinic_changes;"
    "DELETE FROM migrations WHERE version = 11;"
    "DROP FUNCTION sg_athlete_changed() CASCADE;"
    "DROP FUNCTION sg_athlete_added() CASCADE;"
    "DROP TABLE athlete_changes;"
    "DELETE FROM migrations WHERE version = 10;"
    "DROP TABLE roster_cache, assignments, findings;"
    "DELETE FROM migrations WHERE version = 9;"
    "DROP TABLE audit, codes, sessions, accounts, clinics;"
    "DELETE FROM migrations WHERE version = 8;"
    "ALTER TABLE activities DROP COLUMN athlete_id;"
    "ALTER TABLE sources DROP COLUMN athlete_id;"
    "ALTER TABLE kv DROP COLUMN athlete_id;"
    "ALTER TABLE journal DROP COLUMN athlete_id;"
    "ALTER TABLE imu_recordings DROP COLUMN athlete_id;"
    "ALTER TABLE gear DROP COLUMN athlete_id;"
    "ALTER TABLE run_changes DROP COLUMN athlete_id;"
    "ALTER TABLE trash_activities DROP COLUMN athlete_id;"
    "ALTER TABLE sources ADD UNIQUE (sha256, path);"
    "ALTER TABLE kv ADD PRIMARY KEY (key);"
    "ALTER TABLE imu_recordings ADD UNIQUE (sha256);"
    "CREATE INDEX activities_start ON activities(start_utc);"
    "CREATE INDEX journal_date ON journal(date);"
    "CREATE INDEX imu_recordings_start ON imu_recordings(start_utc);"
    "DROP TABLE athletes;"
    "DELETE FROM migrations WHERE version = 7;";

static const char PG_V6_ROWS[] =
    "INSERT INTO activities VALUES (7, 1700000000, 'running', 'none', 1797, 599, 599,"
    " 42, 'fenix', 'Old run', 'fit', 600, 5, 1700000000, 1700000001, 40, 150.5);"
    "INSERT INTO activity_samples VALUES (7, decode('0102', 'hex'));"
    "INSERT INTO sources VALUES (1, 7, 'old.fit', 'dir/old.fit',"
    " 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'fit', 1234,"
    " 1700000000);"
    "INSERT INTO kv VALUES ('athlete', '{\"mass_kg\":70}', 1700000000);"
    "INSERT INTO journal VALUES (3, 'pain', '2024-01-01', 1700000000, '{\"nrs\":2}');"
    "INSERT INTO analysis_cache VALUES (7, 'run', 1, '{\"x\":1}', 'b1');"
    "INSERT INTO imu_recordings VALUES (4, 1700000100, 60, 50, 3000, 0, 'csv', 'r.csv',"
    " 'dir/r.csv', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',"
    " decode('00', 'hex'), 7, 1, 1700000000);"
    "INSERT INTO imu_cache VALUES (4, 'trunk', 1, '{}');"
    "INSERT INTO gear VALUES (2, '{\"name\":\"Pegasus\"}', 1700000000);"
    "INSERT INTO activity_gear VALUES (7, 2);"
    "INSERT INTO run_changes VALUES (5, 1700000500, 'delete', 6, 1600000000, 'running', 'Gone');"
    "INSERT INTO trash_activities VALUES (6, 5, 1600000000, 'running', 'none', 1000,"
    " 300, 300, NULL, NULL, 'Gone', 'gpx', 300, 3, 1600000000, 1600000000, NULL, NULL,"
    " 2, decode('0102', 'hex'));"
    "INSERT INTO trash_sources VALUES (9, 6, 'gone.gpx', 'gone.gpx',"
    " 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', 'gpx', 10,"
    " 1600000000);"
    "INSERT INTO trash_imu_links VALUES (4, 6, 0);";

/* Every row of a PostgreSQL table (the columns it has now, or `cols`) as text. */
static char *pg_dump_table(const char *path, const char *table, char *cols, size_t cap)
{
    char sql[600];
    if (!cols[0]) {
        snprintf(sql, sizeof sql,
                 "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM"
                 " information_schema.columns WHERE table_schema = current_schema()"
                 " AND table_name = '%s'",
                 table);
        char *c = fx_pg_text(path, sql);
        assert_non_null(c);
        snprintf(cols, cap, "%s", c);
        free(c);
    }
    snprintf(sql, sizeof sql,
             "SELECT coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')"
             " FROM (SELECT %s FROM %s) x",
             cols, table);
    char *d = fx_pg_text(path, sql);
    assert_non_null(d);
    return d;
}

/* pg.c's migration 7 on a schema-6 store holding a row in every table:
 * every row and value kept, all of them athlete 1's. */
static void test_pg_migration_from_v6(void **state)
{
    (void)state;
    char *path;
    sg_store *st = fresh("pgv6", &path);
    sg_store_close(st);
    if (fx_sql_exec(path, PG_DOWN_TO_6) || fx_sql_exec(path, PG_V6_ROWS))
        fail_msg("schema-6 fixture");
    char cols[N_V6][400];
    char *before[N_V6];
    for (int i = 0; i < N_V6; i++) {
        cols[i][0] = '\0';
        before[i] = pg_dump_table(path, V6_TABLES[i], cols[i], sizeof cols[i]);
        assert_true(strlen(before[i]) > 0);
    }
    sg_err err;
    if (sg_store_open(path, &st, &err))
        fail_msg("migrate: %s", err.msg);
    assert_int_equal(sg_store_schema_version(st), SG_STORE_SCHEMA_VERSION);
    assert_int_equal(sg_store_check(st, NULL), SG_OK);
    sg_store_row row;
    assert_int_equal(sg_store_get(st, 7, &row, NULL), SG_OK);
    assert_string_equal(row.s.name, "Old run");
    assert_int_equal(link_of(st, 4), 7);
    sg_store_close(st);
    for (int i = 0; i < N_V6; i++) {
        char *now = pg_dump_table(path, V6_TABLES[i], cols[i], sizeof cols[i]);
        if (strcmp(before[i], now) != 0)
            fail_msg("%s changed:\n%s\n---\n%s", V6_TABLES[i], before[i], now);
        free(now);
        free(before[i]);
    }
    const char *top[] = {"activities", "sources", "kv", "journal", "imu_recordings", "gear",
                         "run_changes", "trash_activities"};
    for (size_t i = 0; i < sizeof top / sizeof *top; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE athlete_id <> 1", top[i]);
        assert_int_equal(fx_sql_int(path, sql), 0);
    }
    /* the next athlete's id follows the migrated one */
    sg_err e2;
    if (sg_store_open(path, &st, &e2))
        fail_msg("reopen: %s", e2.msg);
    long long bea;
    assert_int_equal(sg_store_athlete_add(st, "Bea", &bea, NULL), SG_OK);
    assert_int_equal(bea, 2);
    sg_store_close(st);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blob_roundtrip),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_import_watch_and_csv),
        cmocka_unit_test(test_import_fit_motion),
        cmocka_unit_test(test_import_real_and_not_imu),
        cmocka_unit_test(test_athletes),
        cmocka_unit_test(test_athletes_refresh),
    };
    /* Frozen schema-1, 2 and 6 files exist only for SQLite. */
    const struct CMUnitTest sqlite_tests[] = {
        cmocka_unit_test(test_migration_from_v1),
        cmocka_unit_test(test_migration_from_v2),
        cmocka_unit_test(test_migration_from_v6),
    };
    const struct CMUnitTest pg_tests[] = {
        cmocka_unit_test(test_pg_migration_from_v6),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (!fx_pg_url())
        failed += cmocka_run_group_tests(sqlite_tests, NULL, NULL);
    else
        failed += cmocka_run_group_tests(pg_tests, NULL, NULL);
    return failed;
}
