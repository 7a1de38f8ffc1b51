/* The store: schema migrations, blob round trip, dedup rules, atomicity of a
 * failed ingest, the kv / journal / analysis-cache calls, and the whole-store
 * copy. Runs against SQLite, and against PostgreSQL when SG_TEST_PG_URL is
 * set (test_store_backend.h; CTest's store_pg), plus the PostgreSQL-only
 * checks: schema parity with SQLite, connection errors without the password. */
#include "support/sg_test.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes/sha256.h"
#include "strideguard/clinic_store.h"
#include "strideguard/store.h"
#include "test_store_backend.h"
#include "test_store_fixture.h"

/* A new store's path: a SQLite file under new folders, or a fresh PostgreSQL schema. */
static char *db_path(const char *name)
{
    static int seq;
    if (fx_pg_url()) {
        char *u = fx_pg_new(name);
        if (!u)
            fail_msg("cannot create a PostgreSQL schema for %s", name);
        return u;
    }
    char *p = malloc(512);
    snprintf(p, 512, "%s/%s-%d/sub/dir/%s.db", sg_test_tmpdir(), name, seq++, name);
    return p;
}

/* Always SQLite (the other side of the parity and copy tests). */
static char *sqlite_path(const char *name)
{
    static int seq;
    char *p = malloc(512);
    snprintf(p, 512, "%s/%s-sq%d.db", sg_test_tmpdir(), name, seq++);
    unlink(p);
    return p;
}

static sg_store *open_new(const char *name, char **path_out)
{
    char *p = db_path(name);
    sg_store *st = NULL;
    sg_err err;
    int rc = sg_store_open(p, &st, &err);
    if (rc)
        fail_msg("open %s: %s", p, err.msg);
    if (path_out)
        *path_out = p;
    else
        free(p);
    return st;
}

static long long sql_int(const char *path, const char *sql) { return fx_sql_int(path, sql); }

static void sql_exec(const char *path, const char *sql)
{
    if (fx_sql_exec(path, sql))
        fail_msg("%s failed", sql);
}

static void test_migrations_and_reopen(void **state)
{
    (void)state;
    char *path;
    sg_store *st = open_new("mig", &path);
    assert_int_equal(sg_store_schema_version(st), SG_STORE_SCHEMA_VERSION);
    assert_int_equal(sg_store_kv_put(st, "athlete", "{\"mass_kg\":70}", NULL), SG_OK);
    sg_store_close(st);
    int pg = fx_is_pg(path);
    assert_int_equal(sql_int(path, pg ? "SELECT max(version) FROM migrations"
                                      : "PRAGMA user_version"),
                     SG_STORE_SCHEMA_VERSION);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM migrations"), SG_STORE_SCHEMA_VERSION);
    if (!pg) {
        assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name='activities'"
                                       " AND sql LIKE '%STRICT%'"),
                         1);
        assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_journal_mode"
                                       " WHERE journal_mode='wal'"),
                         1);
    }
    /* Reopening migrates nothing and keeps the data. */
    for (int i = 0; i < 2; i++) {
        sg_err err;
        assert_int_equal(sg_store_open(path, &st, &err), SG_OK);
        char *v = NULL;
        assert_int_equal(sg_store_kv_get(st, "athlete", &v, NULL), SG_OK);
        assert_string_equal(v, "{\"mass_kg\":70}");
        free(v);
        assert_int_equal(sg_store_check(st, NULL), SG_OK);
        sg_store_close(st);
    }
    assert_int_equal(sql_int(path, "SELECT count(*) FROM migrations"), SG_STORE_SCHEMA_VERSION);
    /* A file from a newer strideguard is refused, not "migrated". */
    sql_exec(path, pg ? "INSERT INTO migrations VALUES (99, 'from the future', 0)"
                      : "PRAGMA user_version = 99");
    sg_err err;
    assert_int_equal(sg_store_open(path, &st, &err), SG_ESTORE);
    assert_non_null(strstr(err.msg, "newer"));
    free(path);
}

static void test_not_a_database(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s/garbage.db", sg_test_tmpdir());
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    for (int i = 0; i < 4096; i++)
        fputc(i * 7, f);
    fclose(f);
    sg_store *st;
    sg_err err;
    assert_int_equal(sg_store_open(p, &st, &err), SG_ESTORE);
    assert_null(st);
}

static void test_default_path(void **state)
{
    (void)state;
    char buf[512];
    char *old_xdg = getenv("XDG_DATA_HOME") ? strdup(getenv("XDG_DATA_HOME")) : NULL;
    setenv("XDG_DATA_HOME", "/x/data", 1);
    assert_int_equal(sg_store_default_path(buf, sizeof buf, NULL), SG_OK);
    assert_string_equal(buf, "/x/data/strideguard/strideguard.db");
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/home/r", 1);
    assert_int_equal(sg_store_default_path(buf, sizeof buf, NULL), SG_OK);
    assert_string_equal(buf, "/home/r/.local/share/strideguard/strideguard.db");
    assert_int_equal(sg_store_default_path(buf, 8, NULL), SG_EUSAGE);
    if (old_xdg) {
        setenv("XDG_DATA_HOME", old_xdg, 1);
        free(old_xdg);
    }
}

static sg_activity *rich_activity(void)
{
    sg_activity *a = fx_run(3000, 1.5e9, 1, 1, "fit");
    assert_non_null(a);
    /* Values no decimal scale reproduces, NaN payloads and -0.0 must survive. */
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(sg_activity_set(a, SG_CH_LAT, i, 45.0 + (double)i * 1.234567e-5 / 3, NULL), 0);
        assert_int_equal(sg_activity_set(a, SG_CH_LON, i, 7.0 + (double)i * 1e-5 / 7, NULL), 0);
    }
    uint64_t odd_nan = 0x7ff8000000000123ull;
    double on;
    memcpy(&on, &odd_nan, 8);
    a->ch[SG_CH_LAT][17] = on;
    a->ch[SG_CH_HEART_RATE][5] = NAN;
    a->ch[SG_CH_HEART_RATE][6] = -0.0;
    a->ch[SG_CH_SPEED] = NULL;
    size_t d2;
    assert_int_equal(sg_activity_devfield(a, "Leg Spring Stiffness", NULL, NULL, &d2, NULL), 0);
    a->dev[d2].v[100] = 11.5;
    assert_int_equal(sg_activity_set_string(a, &a->name, "Tempo \xc3\xa9t\xc3\xa9", NULL), 0);
    assert_int_equal(sg_activity_set_string(a, &a->device.manufacturer, "garmin", NULL), 0);
    assert_int_equal(sg_activity_set_string(a, &a->device.product, "fenix2", NULL), 0);
    a->device.manufacturer_id = 1;
    a->device.product_id = 1765;
    a->alt_source = SG_ALT_BAROMETRIC;
    a->sub_sport = SG_SUB_TRAIL;
    for (int i = 0; i < 500; i++)
        assert_int_equal(sg_activity_add_motion(a, &a->accel, 1.5e9 + i * 0.01, i * 0.1,
                                                -9.81, sin(i), NULL),
                         0);
    return a;
}

static void test_blob_round_trip(void **state)
{
    (void)state;
    sg_activity *a = rich_activity();
    unsigned char *blob;
    size_t len;
    sg_err err;
    assert_int_equal(sg_store_blob_encode(a, &blob, &len, &err), SG_OK);
    /* Compact: far below the 8 bytes per value of the raw columns. */
    assert_true(len < a->n * 8 * 3);
    sg_activity *b;
    assert_int_equal(sg_store_blob_decode(blob, len, NULL, &b, &err), SG_OK);
    const char *d = fx_diff(a, b);
    if (d)
        fail_msg("round trip differs in %s", d);
    /* The decoded activity is an ordinary one: it can grow. */
    size_t k;
    assert_int_equal(sg_activity_append(b, &k, NULL), SG_OK);
    assert_true(isnan(b->dev[0].v[k]));
    sg_activity_free(b);

    /* An empty activity round-trips too. */
    sg_activity *e = sg_activity_new(NULL);
    unsigned char *eb;
    size_t el;
    assert_int_equal(sg_store_blob_encode(e, &eb, &el, NULL), SG_OK);
    assert_int_equal(sg_store_blob_decode(eb, el, NULL, &b, NULL), SG_OK);
    assert_null(fx_diff(e, b));
    sg_activity_free(b);
    sg_activity_free(e);
    free(eb);

    /* Damaged blobs fail cleanly at every truncation and with flipped bytes. */
    for (size_t cut = 0; cut < len; cut += (cut < 64 ? 1 : 97)) {
        assert_int_not_equal(sg_store_blob_decode(blob, cut, NULL, &b, NULL), SG_OK);
        assert_null(b);
    }
    for (size_t i = 0; i < len; i += 13) {
        blob[i] ^= 0x5a;
        if (sg_store_blob_decode(blob, len, NULL, &b, NULL) == SG_OK)
            sg_activity_free(b);
        blob[i] ^= 0x5a;
    }
    free(blob);
    sg_activity_free(a);
}

/* Every allocation of the decode may fail; no leak, clean error. */
static void test_blob_alloc_failures(void **state)
{
    (void)state;
    sg_activity *a = rich_activity();
    unsigned char *blob;
    size_t len;
    assert_int_equal(sg_store_blob_encode(a, &blob, &len, NULL), SG_OK);
    for (long n = 1; n < 40; n++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, n);
        sg_activity *b = NULL;
        int rc = sg_store_blob_decode(blob, len, &fa.base, &b, NULL);
        if (rc == SG_OK) {
            assert_null(fx_diff(a, b));
            sg_activity_free(b);
        } else {
            assert_int_equal(rc, SG_ENOMEM);
        }
        assert_int_equal(fa.live, 0);
    }
    free(blob);
    sg_activity_free(a);
}

static sg_store_source make_src(const char *path, const char *content, const char *fmt)
{
    sg_store_source s;
    memset(&s, 0, sizeof s);
    s.path = path;
    s.file_name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    sg_sha256_hex(content, strlen(content), s.sha256);
    s.format = fmt;
    s.size = (long long)strlen(content);
    s.imported_at = 1700000000;
    return s;
}

static int ingest(sg_store *st, const sg_activity *a, const sg_store_source *src,
                  sg_ingest_result *res)
{
    sg_store_summary sum;
    sg_store_summarize(a, &sum);
    unsigned char *blob;
    size_t len;
    assert_int_equal(sg_store_blob_encode(a, &blob, &len, NULL), SG_OK);
    sg_err err;
    int rc = sg_store_ingest(st, &sum, blob, len, src, res, &err);
    free(blob);
    return rc;
}

static int count_src(void *ctx, const sg_store_source *s)
{
    (void)s;
    (*(int *)ctx)++;
    return 0;
}

static void test_hash_dedup(void **state)
{
    (void)state;
    sg_store *st = open_new("hash", NULL);
    sg_activity *a = fx_run(600, 1.6e9, 0, 1, "fit");
    sg_store_source s1 = make_src("/r/a.fit", "bytes of a", "fit");
    sg_store_source s2 = make_src("/r/a.fit.gz", "bytes of a", "fit");
    sg_ingest_result r;
    assert_int_equal(ingest(st, a, &s1, &r), SG_OK);
    assert_int_equal(r.outcome, SG_INGEST_NEW);
    long long id = r.activity_id;
    assert_int_equal(ingest(st, a, &s1, &r), SG_OK);
    assert_int_equal(r.outcome, SG_INGEST_DUPLICATE);
    assert_int_equal(r.activity_id, id);
    assert_int_equal(ingest(st, a, &s2, &r), SG_OK); /* same bytes, gzipped */
    assert_int_equal(r.outcome, SG_INGEST_DUPLICATE);
    long long n;
    assert_int_equal(sg_store_count(st, &n, NULL), SG_OK);
    assert_int_equal(n, 1);
    int ns = 0;
    assert_int_equal(sg_store_sources(st, id, count_src, &ns, NULL), SG_OK);
    assert_int_equal(ns, 2); /* a.fit and a.fit.gz */
    long long found;
    assert_int_equal(sg_store_find_hash(st, s1.sha256, &found, NULL), SG_OK);
    assert_int_equal(found, id);
    sg_store_source s3 = make_src("/r/b.fit", "other", "fit");
    assert_int_equal(sg_store_find_hash(st, s3.sha256, NULL, NULL), SG_ENOTFOUND);

    sg_activity *back;
    assert_int_equal(sg_store_load(st, id, NULL, &back, NULL), SG_OK);
    assert_null(fx_diff(a, back));
    sg_activity_free(back);
    assert_int_equal(sg_store_load(st, id + 100, NULL, &back, NULL), SG_ENOTFOUND);
    sg_activity_free(a);
    sg_store_close(st);
}

static sg_store_summary base_summary(void)
{
    sg_store_summary s;
    memset(&s, 0, sizeof s);
    s.start = 1.6e9;
    s.duration_s = 3600;
    s.distance_m = 10000;
    s.moving_time_s = 3500;
    s.ascent_m = NAN;
    s.n_samples = 3600;
    s.n_channels = 5;
    snprintf(s.format, sizeof s.format, "fit");
    return s;
}

static void test_same_run_boundaries(void **state)
{
    (void)state;
    sg_store_summary a = base_summary(), b = base_summary();
    assert_true(sg_store_same_run(&a, &b));
    b.start = a.start + 60;
    assert_true(sg_store_same_run(&a, &b));
    b.start = a.start - 60;
    assert_true(sg_store_same_run(&a, &b));
    b.start = a.start + 60.5;
    assert_false(sg_store_same_run(&a, &b));
    b = base_summary();
    b.duration_s = 3600 / 0.98; /* a is exactly 2 % shorter than b */
    assert_true(sg_store_same_run(&a, &b));
    b.duration_s = 3600 / 0.979;
    assert_false(sg_store_same_run(&a, &b));
    b = base_summary();
    b.distance_m = 10000 * 0.98;
    assert_true(sg_store_same_run(&a, &b));
    b.distance_m = 10000 * 0.9799;
    assert_false(sg_store_same_run(&a, &b));
    b.distance_m = NAN; /* GPX without distance: compared on time alone */
    assert_true(sg_store_same_run(&a, &b));
    b.distance_m = 0;
    assert_true(sg_store_same_run(&a, &b));
    b = base_summary();
    b.start = NAN; /* relative time: never merged */
    assert_false(sg_store_same_run(&a, &b));
    b = base_summary();
    b.duration_s = NAN;
    assert_false(sg_store_same_run(&a, &b));

    /* Richness: channels, then samples, then fit > tcx > gpx. */
    b = base_summary();
    assert_int_equal(sg_store_richer(&a, &b), 0);
    b.n_channels = 6;
    assert_true(sg_store_richer(&a, &b) < 0);
    b = base_summary();
    b.n_samples = 3599;
    assert_true(sg_store_richer(&a, &b) > 0);
    b = base_summary();
    snprintf(b.format, sizeof b.format, "tcx");
    assert_true(sg_store_richer(&a, &b) > 0);
    snprintf(a.format, sizeof a.format, "gpx");
    assert_true(sg_store_richer(&a, &b) < 0);
}

static void test_cross_format_ingest(void **state)
{
    (void)state;
    sg_store *st = open_new("cross", NULL);
    sg_activity *tcx = fx_run(3600, 1.6e9, 0, 1, "tcx");
    sg_activity *fit = fx_run(3600, 1.6e9 + 30, 1, 1, "fit");
    sg_activity *gpx = fx_run(3600, 1.6e9 - 20, 0, 0, "gpx");
    sg_activity *other = fx_run(3600, 1.6e9 + 91, 0, 1, "fit"); /* 61 s after the FIT */
    assert_int_equal(sg_activity_set_string(tcx, &tcx->name, "Sunday long run", NULL), 0);
    sg_store_source st_tcx = make_src("run.tcx", "t", "tcx");
    sg_store_source st_fit = make_src("run.fit", "f", "fit");
    sg_store_source st_gpx = make_src("run.gpx", "g", "gpx");
    sg_store_source st_oth = make_src("other.fit", "o", "fit");
    sg_ingest_result r;
    assert_int_equal(ingest(st, tcx, &st_tcx, &r), SG_OK);
    assert_int_equal(r.outcome, SG_INGEST_NEW);
    long long id = r.activity_id;
    assert_int_equal(ingest(st, fit, &st_fit, &r), SG_OK);
    assert_int_equal(r.outcome, SG_INGEST_SAME_RUN_REPLACED);
    assert_int_equal(r.activity_id, id);
    assert_int_equal(ingest(st, gpx, &st_gpx, &r), SG_OK);
    assert_int_equal(r.outcome, SG_INGEST_SAME_RUN_KEPT);
    assert_int_equal(r.activity_id, id);
    assert_int_equal(ingest(st, other, &st_oth, &r), SG_OK);
    assert_int_equal(r.outcome, SG_INGEST_NEW);
    long long n;
    sg_store_count(st, &n, NULL);
    assert_int_equal(n, 2);
    int ns = 0;
    sg_store_sources(st, id, count_src, &ns, NULL);
    assert_int_equal(ns, 3);
    sg_store_row row;
    assert_int_equal(sg_store_get(st, id, &row, NULL), SG_OK);
    assert_string_equal(row.s.format, "fit");
    assert_string_equal(row.s.name, "Sunday long run"); /* the name outlives the samples */
    sg_activity *back;
    assert_int_equal(sg_store_load(st, id, NULL, &back, NULL), SG_OK);
    assert_null(fx_diff(fit, back));
    sg_activity_free(back);
    assert_int_equal(sg_store_check(st, NULL), SG_OK);
    sg_activity_free(tcx);
    sg_activity_free(fit);
    sg_activity_free(gpx);
    sg_activity_free(other);
    sg_store_close(st);
}

/* A write that fails half-way leaves nothing behind: the activity row and
 * blob written before the failing source row are rolled back. */
static void test_failed_ingest_is_atomic(void **state)
{
    (void)state;
    char *path;
    sg_store *st = open_new("atomic", &path);
    sg_activity *a = fx_run(100, 1.7e9, 0, 1, "fit");
    sg_store_source ok = make_src("ok.fit", "ok", "fit");
    sg_ingest_result r;
    assert_int_equal(ingest(st, a, &ok, &r), SG_OK);
    sg_store_close(st);
    if (fx_is_pg(path))
        sql_exec(path, "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$"
                       " BEGIN IF NEW.file_name = 'boom.fit' THEN"
                       " RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;"
                       "CREATE TRIGGER boom BEFORE INSERT ON sources"
                       " FOR EACH ROW EXECUTE FUNCTION boom()");
    else
        sql_exec(path, "CREATE TRIGGER boom BEFORE INSERT ON sources WHEN NEW.file_name = 'boom.fit'"
                       " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    assert_int_equal(sg_store_open(path, &st, NULL), SG_OK);
    sg_activity *b = fx_run(100, 1.8e9, 0, 1, "fit");
    sg_store_source bad = make_src("boom.fit", "boom", "fit");
    assert_int_equal(ingest(st, b, &bad, &r), SG_ESTORE);
    long long n;
    sg_store_count(st, &n, NULL);
    assert_int_equal(n, 1);
    assert_int_equal(sg_store_check(st, NULL), SG_OK);
    /* An explicit transaction rolled back also leaves nothing. */
    sg_store_source s2 = make_src("two.fit", "two", "fit");
    assert_int_equal(sg_store_begin(st, NULL), SG_OK);
    assert_int_equal(sg_store_begin(st, NULL), SG_EUSAGE);
    assert_int_equal(ingest(st, b, &s2, &r), SG_OK);
    assert_int_equal(sg_store_rollback(st, NULL), SG_OK);
    sg_store_count(st, &n, NULL);
    assert_int_equal(n, 1);
    /* The store keeps working after the failure. */
    assert_int_equal(ingest(st, b, &s2, &r), SG_OK);
    sg_store_count(st, &n, NULL);
    assert_int_equal(n, 2);
    sg_store_close(st);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM activity_samples"), 2);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sources"), 2);
    free(path);
    sg_activity_free(a);
    sg_activity_free(b);
}

typedef struct list_ctx {
    int n;
    long long ids[16];
} list_ctx;

static int list_fn(void *ctx, const sg_store_row *row)
{
    list_ctx *l = ctx;
    l->ids[l->n++] = row->id;
    return 0;
}

static void test_list_filter(void **state)
{
    (void)state;
    sg_store *st = open_new("list", NULL);
    const double starts[] = {1.7e9, 1.6e9, 1.8e9};
    for (int i = 0; i < 3; i++) {
        sg_activity *a = fx_run(50, starts[i], 0, 1, "fit");
        if (i == 2)
            a->sport = SG_SPORT_CYCLING;
        char c[8];
        snprintf(c, sizeof c, "c%d", i);
        sg_store_source s = make_src(c, c, "fit");
        sg_ingest_result r;
        assert_int_equal(ingest(st, a, &s, &r), SG_OK);
        sg_activity_free(a);
    }
    list_ctx l = {0};
    assert_int_equal(sg_store_list(st, NULL, list_fn, &l, NULL), SG_OK);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.ids[0], 2); /* oldest first */
    assert_int_equal(l.ids[1], 1);
    sg_store_filter f;
    sg_store_filter_init(&f);
    f.since = 1.65e9;
    f.sport = SG_SPORT_RUNNING;
    memset(&l, 0, sizeof l);
    assert_int_equal(sg_store_list(st, &f, list_fn, &l, NULL), SG_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.ids[0], 1);
    assert_int_equal(sg_store_delete(st, 1, NULL), SG_OK);
    assert_int_equal(sg_store_delete(st, 1, NULL), SG_ENOTFOUND);
    long long n;
    sg_store_count(st, &n, NULL);
    assert_int_equal(n, 2);
    sg_store_close(st);
}

/* ---- trash and change log (schema 6) ---------------------------------- */

typedef struct chg_ctx {
    int n;
    char kinds[8][16];
    long long ids[8];
    bool undoable[8];
} chg_ctx;

static int chg_fn(void *ctx, const sg_store_change *c)
{
    chg_ctx *x = ctx;
    if (x->n < 8) {
        snprintf(x->kinds[x->n], sizeof x->kinds[x->n], "%s", c->kind);
        x->ids[x->n] = c->activity_id;
        x->undoable[x->n] = c->undoable;
    }
    x->n++;
    return 0;
}

static int gear_of(void *ctx, long long aid, long long gid)
{
    long long *want = ctx; /* [activity, found gear] */
    if (aid == want[0])
        want[1] = gid;
    return 0;
}

static void test_trash_undo(void **state)
{
    (void)state;
    sg_store *st = open_new("trash", NULL);
    sg_activity *a = fx_run(600, 1.6e9, 0, 1, "fit");
    sg_activity *b = fx_run(600, 1.7e9, 0, 1, "fit");
    sg_store_source sa = make_src("/r/a.fit", "bytes of a", "fit");
    sg_store_source sa2 = make_src("/r/a.gpx", "other bytes of a", "gpx");
    sg_store_source sb = make_src("/r/b.fit", "bytes of b", "fit");
    sg_ingest_result r;
    assert_int_equal(ingest(st, a, &sa, &r), SG_OK);
    long long ida = r.activity_id;
    assert_int_equal(ingest(st, a, &sa2, &r), SG_OK); /* a second source of the same run */
    assert_int_equal(r.activity_id, ida);
    assert_int_equal(ingest(st, b, &sb, &r), SG_OK);
    long long idb = r.activity_id;
    long long shoe;
    assert_int_equal(sg_store_gear_put(st, 0, "{\"name\":\"s\"}", &shoe, NULL), SG_OK);
    assert_int_equal(sg_store_gear_assign(st, idb, shoe, NULL), SG_OK);
    assert_int_equal(sg_store_cache_put(st, idb, "run", 1, "{}", NULL), SG_OK);

    /* nothing to undo yet; unknown ids are refused */
    sg_err err;
    assert_int_equal(sg_store_untrash_last(st, NULL, &err), SG_ENOTFOUND);
    assert_int_equal(sg_store_trash(st, 999, &err), SG_ENOTFOUND);

    /* delete the newest run: its id is never handed out again */
    assert_int_equal(sg_store_trash(st, idb, NULL), SG_OK);
    sg_store_row row;
    assert_int_equal(sg_store_get(st, idb, &row, NULL), SG_ENOTFOUND);
    long long id_found = 0;
    assert_int_equal(sg_store_find_hash(st, sb.sha256, &id_found, NULL), SG_ENOTFOUND);
    char *json = NULL;
    assert_int_equal(sg_store_cache_get(st, idb, "run", 1, &json, NULL), SG_ENOTFOUND);

    /* undo: same id, samples, sources and shoe; the cache stays gone */
    long long back = 0;
    assert_int_equal(sg_store_untrash_last(st, &back, NULL), SG_OK);
    assert_int_equal(back, idb);
    assert_int_equal(sg_store_get(st, idb, &row, NULL), SG_OK);
    assert_int_equal(row.s.n_samples, 600);
    sg_activity *lb = NULL;
    assert_int_equal(sg_store_load(st, idb, NULL, &lb, NULL), SG_OK);
    assert_int_equal(lb->n, b->n);
    sg_activity_free(lb);
    assert_int_equal(sg_store_find_hash(st, sb.sha256, &id_found, NULL), SG_OK);
    assert_int_equal(id_found, idb);
    long long g[2] = {idb, 0};
    assert_int_equal(sg_store_gear_assignments(st, gear_of, g, NULL), SG_OK);
    assert_int_equal(g[1], shoe);
    assert_int_equal(sg_store_cache_get(st, idb, "run", 1, &json, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_untrash_last(st, NULL, NULL), SG_ENOTFOUND);

    /* delete a run with two sources, re-import one file: undo is refused and
     * the run stays in the trash */
    assert_int_equal(sg_store_trash(st, ida, NULL), SG_OK);
    assert_int_equal(ingest(st, a, &sa2, &r), SG_OK);
    assert_int_equal(r.outcome, SG_INGEST_NEW);
    assert_true(r.activity_id != ida && r.activity_id != idb);
    long long again = r.activity_id;
    assert_int_equal(sg_store_untrash_last(st, &back, &err), SG_EEXISTS);
    assert_int_equal(back, 0);
    assert_non_null(strstr(err.msg, "a.gpx"));
    /* deleting the re-import lets the older deletion come back */
    assert_int_equal(sg_store_trash(st, again, NULL), SG_OK);
    assert_int_equal(sg_store_untrash_last(st, &back, NULL), SG_OK); /* the re-import */
    assert_int_equal(back, again);
    assert_int_equal(sg_store_trash(st, again, NULL), SG_OK);
    /* the newest deletion comes back first; the older one is still refused
     * while its file is stored, and comes back once it is not */
    chg_ctx c = {0};
    assert_int_equal(sg_store_changes(st, chg_fn, &c, NULL), SG_OK);
    assert_int_equal(c.n, 6);
    assert_string_equal(c.kinds[0], "delete");
    assert_int_equal(c.ids[0], idb);
    assert_false(c.undoable[0]);
    assert_string_equal(c.kinds[1], "undo");
    assert_string_equal(c.kinds[2], "delete");
    assert_int_equal(c.ids[2], ida);
    assert_true(c.undoable[2]);
    assert_true(c.undoable[5]);
    assert_int_equal(sg_store_untrash_last(st, &back, NULL), SG_OK);
    assert_int_equal(back, again);
    assert_int_equal(sg_store_trash(st, again, NULL), SG_OK);
    long long n;
    assert_int_equal(sg_store_count(st, &n, NULL), SG_OK);
    assert_int_equal(n, 1);
    sg_store_close(st);
    sg_activity_free(a);
    sg_activity_free(b);
}

static void test_trash_keeps_the_newest(void **state)
{
    (void)state;
    sg_store *st = open_new("trashkeep", NULL);
    long long first = 0;
    for (int i = 0; i < SG_STORE_TRASH_KEEP + 2; i++) {
        sg_activity *a = fx_run(60, 1.6e9 + i * 86400.0, 0, 1, "fit");
        char c[16];
        snprintf(c, sizeof c, "k%d", i);
        sg_store_source s = make_src(c, c, "fit");
        sg_ingest_result r;
        assert_int_equal(ingest(st, a, &s, &r), SG_OK);
        sg_activity_free(a);
        if (!first)
            first = r.activity_id;
        sg_err e;
        if (sg_store_trash(st, r.activity_id, &e))
            fail_msg("trash %d: %s", i, e.msg);
    }
    long long back;
    for (int i = 0; i < SG_STORE_TRASH_KEEP; i++)
        assert_int_equal(sg_store_untrash_last(st, &back, NULL), SG_OK);
    assert_int_equal(back, first + 2);
    assert_int_equal(sg_store_untrash_last(st, &back, NULL), SG_ENOTFOUND);
    sg_store_close(st);
}

static int kv_fn(void *ctx, const char *k, const char *v)
{
    (void)v;
    char *acc = ctx;
    strncat(acc, k, 200 - strlen(acc) - 2);
    strncat(acc, ";", 200 - strlen(acc) - 1);
    return 0;
}

typedef struct jctx {
    int n;
    char kinds[8][16];
    long long ids[8];
    char payload[64];
} jctx;

static int journal_fn(void *ctx, const sg_journal_row *row)
{
    jctx *j = ctx;
    snprintf(j->kinds[j->n], sizeof j->kinds[0], "%s", row->kind);
    snprintf(j->payload, sizeof j->payload, "%s", row->payload);
    j->ids[j->n++] = row->id;
    return 0;
}

static int cache_fn(void *ctx, const char *name, int version, const char *json)
{
    (void)name;
    (void)json;
    *(int *)ctx += version;
    return 0;
}

static void test_kv_journal_cache(void **state)
{
    (void)state;
    sg_store *st = open_new("generic", NULL);
    /* kv */
    assert_int_equal(sg_store_kv_put(st, "athlete", "{}", NULL), SG_OK);
    assert_int_equal(sg_store_kv_put(st, "athlete", "{\"hr_max\":190}", NULL), SG_OK);
    assert_int_equal(sg_store_kv_put(st, "ath%_x", "1", NULL), SG_OK);
    assert_int_equal(sg_store_kv_put(st, "units", "metric", NULL), SG_OK);
    char *v;
    assert_int_equal(sg_store_kv_get(st, "athlete", &v, NULL), SG_OK);
    assert_string_equal(v, "{\"hr_max\":190}");
    free(v);
    assert_int_equal(sg_store_kv_get(st, "nope", &v, NULL), SG_ENOTFOUND);
    assert_null(v);
    char acc[200] = "";
    assert_int_equal(sg_store_kv_list(st, "ath", kv_fn, acc, NULL), SG_OK);
    assert_string_equal(acc, "ath%_x;athlete;");
    acc[0] = '\0';
    assert_int_equal(sg_store_kv_list(st, "ath%", kv_fn, acc, NULL), SG_OK);
    assert_string_equal(acc, "ath%_x;"); /* no LIKE wildcards */
    assert_int_equal(sg_store_kv_delete(st, "units", NULL), SG_OK);
    assert_int_equal(sg_store_kv_delete(st, "units", NULL), SG_ENOTFOUND);

    /* journal */
    long long j1, j2, j3;
    assert_int_equal(sg_store_journal_add(st, "pain", "2024-05-02", "{\"nrs\":3}", &j1, NULL), 0);
    assert_int_equal(sg_store_journal_add(st, "rpe", "2024-05-01", "{\"rpe\":6}", &j2, NULL), 0);
    assert_int_equal(sg_store_journal_add(st, "pain", "2024-05-09", "{\"nrs\":1}", &j3, NULL), 0);
    jctx j = {0};
    assert_int_equal(sg_store_journal_list(st, NULL, NULL, NULL, journal_fn, &j, NULL), SG_OK);
    assert_int_equal(j.n, 3);
    assert_int_equal(j.ids[0], j2); /* by date */
    memset(&j, 0, sizeof j);
    assert_int_equal(sg_store_journal_list(st, "pain", "2024-05-01", "2024-05-08", journal_fn,
                                           &j, NULL),
                     SG_OK);
    assert_int_equal(j.n, 1);
    assert_int_equal(j.ids[0], j1);
    assert_int_equal(sg_store_journal_update(st, j1, "pain", "2024-05-02", "{\"nrs\":5}", NULL), 0);
    memset(&j, 0, sizeof j);
    assert_int_equal(sg_store_journal_get(st, j1, journal_fn, &j, NULL), SG_OK);
    assert_string_equal(j.payload, "{\"nrs\":5}");
    assert_int_equal(sg_store_journal_delete(st, j1, NULL), SG_OK);
    assert_int_equal(sg_store_journal_get(st, j1, journal_fn, &j, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_journal_update(st, j1, "x", "y", "{}", NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_journal_add(st, NULL, "d", "{}", NULL, NULL), SG_EUSAGE);

    /* analysis cache, tied to an activity */
    sg_activity *a = fx_run(10, 1.7e9, 0, 1, "fit");
    sg_store_source s = make_src("c.fit", "c", "fit");
    sg_ingest_result r;
    assert_int_equal(ingest(st, a, &s, &r), SG_OK);
    long long id = r.activity_id;
    assert_int_equal(sg_store_cache_put(st, id, "terrain", 1, "{\"a\":1}", NULL), SG_OK);
    assert_int_equal(sg_store_cache_put(st, id, "terrain", 2, "{\"a\":2}", NULL), SG_OK);
    assert_int_equal(sg_store_cache_put(st, id, "fatigue", 1, "{}", NULL), SG_OK);
    char *json;
    assert_int_equal(sg_store_cache_get(st, id, "terrain", 2, &json, NULL), SG_OK);
    assert_string_equal(json, "{\"a\":2}");
    free(json);
    assert_int_equal(sg_store_cache_get(st, id, "terrain", 1, &json, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_cache_put(st, id + 99, "terrain", 1, "{}", NULL), SG_ESTORE);
    int vs = 0;
    assert_int_equal(sg_store_cache_list(st, id, cache_fn, &vs, NULL), SG_OK);
    assert_int_equal(vs, 3);
    assert_int_equal(sg_store_cache_delete(st, id, "fatigue", NULL), SG_OK);
    vs = 0;
    sg_store_cache_list(st, id, cache_fn, &vs, NULL);
    assert_int_equal(vs, 2);
    /* Deleting the activity takes its cache and sources with it. */
    assert_int_equal(sg_store_delete(st, id, NULL), SG_OK);
    assert_int_equal(sg_store_cache_get(st, id, "terrain", 2, &json, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_find_hash(st, s.sha256, NULL, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_store_check(st, NULL), SG_OK);
    sg_activity_free(a);
    sg_store_close(st);
}

/* The athlete's change counter (schema 10): every kind of write to their
 * rows moves it, reads do not, another athlete's writes do not, and it is
 * kept by the database (triggers), so no write path can forget it. */
static void expect_change(sg_store *st, long long athlete, char before[SG_ROSTER_FP_MAX],
                          bool changed, const char *what)
{
    char now[SG_ROSTER_FP_MAX];
    assert_int_equal(sg_store_athlete_fingerprint(st, athlete, now, NULL), SG_OK);
    if (changed == (strcmp(before, now) == 0))
        fail_msg("%s: fingerprint %s -> %s", what, before, now);
    memcpy(before, now, SG_ROSTER_FP_MAX);
}

static void test_change_counter(void **state)
{
    (void)state;
    sg_store *st = open_new("changes", NULL);
    long long bea;
    assert_int_equal(sg_store_athlete_add(st, "Bea", &bea, NULL), SG_OK);
    char fp[SG_ROSTER_FP_MAX], fb[SG_ROSTER_FP_MAX];
    assert_int_equal(sg_store_athlete_fingerprint(st, 1, fp, NULL), SG_OK);
    assert_int_equal(sg_store_athlete_fingerprint(st, bea, fb, NULL), SG_OK);
    assert_true(strlen(fp) > 1 && strchr(fp, '-') == NULL);
    assert_true(strlen(fb) > 1 && strchr(fb, '-') == NULL);

    sg_activity *a = fx_run(600, 1.7e9, 0, 1, "fit");
    sg_store_source s = make_src("k.fit", "k", "fit");
    sg_ingest_result r;
    assert_int_equal(ingest(st, a, &s, &r), SG_OK);
    expect_change(st, 1, fp, true, "ingest");
    sg_store_row row;
    assert_int_equal(sg_store_get(st, r.activity_id, &row, NULL), SG_OK);
    char *v = NULL;
    assert_int_equal(sg_store_kv_get(st, "athlete", &v, NULL), SG_ENOTFOUND);
    expect_change(st, 1, fp, false, "reads");
    assert_int_equal(sg_store_cache_put(st, r.activity_id, "terrain", 1, "{}", NULL), SG_OK);
    expect_change(st, 1, fp, false, "a derived cache row");
    assert_int_equal(sg_store_kv_put(st, "athlete", "{\"hr_max\":190}", NULL), SG_OK);
    expect_change(st, 1, fp, true, "kv insert");
    assert_int_equal(sg_store_kv_put(st, "athlete", "{\"hr_max\":191}", NULL), SG_OK);
    expect_change(st, 1, fp, true, "kv update");
    long long j, g;
    assert_int_equal(sg_store_journal_add(st, "pain", "2024-05-02", "{\"nrs\":3}", &j, NULL), 0);
    expect_change(st, 1, fp, true, "journal add");
    assert_int_equal(sg_store_journal_update(st, j, "pain", "2024-05-02", "{\"nrs\":4}", NULL), 0);
    expect_change(st, 1, fp, true, "journal update");
    assert_int_equal(sg_store_journal_delete(st, j, NULL), SG_OK);
    expect_change(st, 1, fp, true, "journal delete");
    assert_int_equal(sg_store_gear_put(st, 0, "{\"name\":\"P\"}", &g, NULL), SG_OK);
    expect_change(st, 1, fp, true, "gear");
    assert_int_equal(sg_store_delete(st, r.activity_id, NULL), SG_OK);
    expect_change(st, 1, fp, true, "delete a run");
    assert_int_equal(sg_store_kv_delete(st, "athlete", NULL), SG_OK);
    expect_change(st, 1, fp, true, "kv delete");
    /* many writes in one transaction: the counter moves (on PostgreSQL once
     * per transaction, on SQLite once per row: either way it moves), and the
     * next transaction moves it again */
    assert_int_equal(sg_store_begin(st, NULL), SG_OK);
    for (int i = 0; i < 5; i++) {
        char day[16];
        snprintf(day, sizeof day, "2024-06-0%d", i + 1);
        assert_int_equal(sg_store_journal_add(st, "pain", day, "{}", &j, NULL), 0);
    }
    assert_int_equal(sg_store_commit(st, NULL), SG_OK);
    expect_change(st, 1, fp, true, "a transaction of five entries");
    assert_int_equal(sg_store_journal_delete(st, j, NULL), SG_OK);
    expect_change(st, 1, fp, true, "the next transaction");
    /* none of that was Bea's; her own write is */
    expect_change(st, bea, fb, false, "another athlete's writes");
    sg_store_use_athlete(st, bea);
    assert_int_equal(sg_store_journal_add(st, "rpe", "2024-05-01", "{\"rpe\":6}", &j, NULL), 0);
    sg_store_use_athlete(st, 1);
    expect_change(st, bea, fb, true, "her journal");
    expect_change(st, 1, fp, false, "her journal, for athlete 1");
    /* deleting an athlete takes the counter with it */
    assert_int_equal(sg_store_athlete_delete(st, bea, NULL), SG_OK);
    assert_int_equal(sg_store_athlete_fingerprint(st, bea, fb, NULL), SG_OK);
    assert_string_equal(fb, "c-");
    assert_int_equal(sg_store_check(st, NULL), SG_OK);
    sg_activity_free(a);
    sg_store_close(st);
}

static void test_summary(void **state)
{
    (void)state;
    sg_activity *a = fx_run(3601, 1.6e9, 1, 0, "gpx");
    sg_store_summary s;
    sg_store_summarize(a, &s);
    assert_close(s.start, 1.6e9, 0);
    assert_close(s.duration_s, 3600, 0);
    assert_close(s.distance_m, 10800, 1e-12);
    assert_close(s.moving_time_s, 3600, 0);
    /* distance without positions is a treadmill to the run analysis, whose
     * altitude is the building's: no climb, in the summary as in `show` */
    assert_true(isnan(s.ascent_m) && isnan(s.descent_m));
    assert_near(s.avg_hr, 139.5, 0.1); /* 120..159 bpm, each equally long */
    assert_int_equal(s.n_channels, 6); /* distance, hr, altitude, cadence, power, dev */
    /* outdoors (positions): ~11.5 swings of 20 m, the device's 42 m ignored */
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(sg_activity_set(a, SG_CH_LAT, i, 45 + 1e-5 * (double)i, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_LON, i, 7, NULL), SG_OK);
    }
    sg_store_summarize(a, &s);
    assert_true(s.ascent_m > 200 && s.ascent_m < 240);
    assert_true(s.descent_m > 200 && s.descent_m < 240);
    assert_close(s.distance_m, 10800, 1e-12); /* the device's distance column */
    sg_activity_free(a);
}


/* ---- backends: redaction, connection errors, schema parity, copy ------- */

static void test_redact(void **state)
{
    (void)state;
    char b[256];
    sg_store_redact("postgresql://ann:s3cret@db.example:5432/sg?sslmode=require", b, sizeof b);
    assert_string_equal(b, "postgresql://ann:***@db.example:5432/sg?sslmode=require");
    sg_store_redact("postgres://db/sg?user=ann&password=s3cret&connect_timeout=3", b, sizeof b);
    assert_string_equal(b, "postgres://db/sg?user=ann&password=***&connect_timeout=3");
    sg_store_redact("postgresql://ann@db/sg", b, sizeof b);
    assert_string_equal(b, "postgresql://ann@db/sg");
    sg_store_redact("/home/ann/my:file@x.db", b, sizeof b);
    assert_string_equal(b, "/home/ann/my:file@x.db");
    sg_store_redact("postgresql://ann:s3cret@db/sg", b, 12);
    assert_string_equal(b, "postgresql:");
    assert_null(strstr(b, "s3cret"));
}

/* A server that is not there: SG_ESTORE, quickly, with no password in the message. */
static void test_pg_connect_errors(void **state)
{
    (void)state;
    const char *urls[] = {
        "postgresql://sgtest:pw-Zq81x@127.0.0.1:1/none?connect_timeout=3",
        "postgresql:///none?host=/nonexistent-dir&user=sgtest&password=pw-Zq81x",
    };
    for (size_t i = 0; i < sizeof urls / sizeof *urls; i++) {
        sg_store *st = NULL;
        sg_err err;
        assert_int_equal(sg_store_open(urls[i], &st, &err), SG_ESTORE);
        assert_null(st);
        assert_null(strstr(err.msg, "pw-Zq81x"));
        assert_non_null(strstr(err.msg, "***"));
    }
    sg_store *st = NULL;
    sg_err err;
    assert_int_equal(sg_store_open("postgresql://a:pw-Zq81x@h/db?bogus_key=1", &st, &err),
                     SG_EUSAGE);
    assert_null(strstr(err.msg, "pw-Zq81x"));
}

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void addf(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        assert_true(n >= 0);
        if (t->s && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = (t->cap + (size_t)n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
        t->s[t->len] = '\0';
    }
}

static int describe_fn(void *ctx, const char *table, const char *col, const char *type,
                       bool notnull)
{
    addf(ctx, "%s.%s %s%s\n", table, col, type, notnull ? " not null" : "");
    return 0;
}

/* Both backends, migrated from empty, describe the same tables and columns. */
static void test_schema_parity(void **state)
{
    (void)state;
    char *sq = sqlite_path("parity");
    char *pg = db_path("parity");
    sg_store *a, *b;
    sg_err err;
    assert_int_equal(sg_store_open(sq, &a, &err), SG_OK);
    if (sg_store_open(pg, &b, &err))
        fail_msg("open: %s", err.msg);
    assert_string_equal(sg_store_backend_name(a), "sqlite");
    assert_string_equal(sg_store_backend_name(b), "postgresql");
    assert_int_equal(sg_store_schema_version(a), SG_STORE_SCHEMA_VERSION);
    assert_int_equal(sg_store_schema_version(b), SG_STORE_SCHEMA_VERSION);
    text ta = {0}, tb = {0};
    assert_int_equal(sg_store_describe(a, describe_fn, &ta, NULL), SG_OK);
    assert_int_equal(sg_store_describe(b, describe_fn, &tb, NULL), SG_OK);
    assert_non_null(strstr(ta.s, "activities.id integer not null\n"));
    assert_non_null(strstr(ta.s, "activity_samples.blob blob not null\n"));
    assert_non_null(strstr(ta.s, "analysis_cache.inputs text not null\n"));
    assert_null(strstr(ta.s, " ?"));
    if (strcmp(ta.s, tb.s) != 0)
        fail_msg("schemas differ:\n--- sqlite\n%s--- postgresql\n%s", ta.s, tb.s);
    free(ta.s);
    free(tb.s);
    sg_store_close(a);
    sg_store_close(b);
    free(sq);
    free(pg);
}

static int fp_src(void *ctx, const sg_store_source *s)
{
    addf(ctx, "  src %lld %s %s %s %s %lld %lld\n", s->activity_id, s->file_name, s->path,
         s->sha256, s->format, s->size, s->imported_at);
    return 0;
}

static int fp_cache(void *ctx, const char *name, int version, const char *json)
{
    addf(ctx, "  cache %s %d %s\n", name, version, json);
    return 0;
}

typedef struct fp_ctx {
    sg_store *st;
    text *t;
} fp_ctx;

static int fp_row(void *ctx, const sg_store_row *r)
{
    fp_ctx *f = ctx;
    addf(f->t, "act %lld %a %d %d %a %a %a %a [%s] [%s] %s %lld %d %lld %lld\n", r->id,
         r->s.start, r->s.sport, r->s.sub_sport, r->s.distance_m, r->s.duration_s,
         r->s.moving_time_s, r->s.ascent_m, r->s.device, r->s.name, r->s.format, r->s.n_samples,
         r->s.n_channels, r->created_at, r->updated_at);
    assert_int_equal(sg_store_sources(f->st, r->id, fp_src, f->t, NULL), SG_OK);
    assert_int_equal(sg_store_cache_list(f->st, r->id, fp_cache, f->t, NULL), SG_OK);
    return 0;
}

static int fp_kv(void *ctx, const char *k, const char *v)
{
    addf(ctx, "kv %s=%s\n", k, v);
    return 0;
}

static int fp_journal(void *ctx, const sg_journal_row *j)
{
    addf(ctx, "journal %lld %s %s %lld %s\n", j->id, j->kind, j->date, j->created_at,
         j->payload);
    return 0;
}

static int fp_gear(void *ctx, long long id, const char *payload)
{
    addf(ctx, "gear %lld %s\n", id, payload);
    return 0;
}

static int fp_assign(void *ctx, long long a, long long g)
{
    addf(ctx, "assign %lld %lld\n", a, g);
    return 0;
}

/* Everything the public API shows of a store, as text. */
static char *fingerprint(sg_store *st)
{
    text t = {0};
    fp_ctx f = {st, &t};
    addf(&t, "%s", ""); /* allocates, so an empty store gives "" not NULL */
    assert_int_equal(sg_store_list(st, NULL, fp_row, &f, NULL), SG_OK);
    assert_int_equal(sg_store_kv_list(st, "", fp_kv, &t, NULL), SG_OK);
    assert_int_equal(sg_store_journal_list(st, NULL, NULL, NULL, fp_journal, &t, NULL), SG_OK);
    assert_int_equal(sg_store_gear_list(st, fp_gear, &t, NULL), SG_OK);
    assert_int_equal(sg_store_gear_assignments(st, fp_assign, &t, NULL), SG_OK);
    return t.s;
}

static int count_progress(void *ctx, const char *table, long long done, long long total)
{
    (void)table;
    assert_true(done <= total);
    (*(int *)ctx)++;
    return 0;
}

/* SQLite → the backend under test → SQLite: every row, id and timestamp kept. */
/* How many tables a store describes, its migrations history left out (what
 * a copy moves), so no test names the count each new migration changes. */
typedef struct table_count {
    char last[64];
    int n;
} table_count;

static int count_table(void *ctx, const char *table, const char *col, const char *type,
                       bool notnull)
{
    (void)col;
    (void)type;
    (void)notnull;
    table_count *c = ctx;
    if (strcmp(table, c->last) != 0 && strcmp(table, "migrations") != 0)
        c->n++;
    snprintf(c->last, sizeof c->last, "%s", table);
    return 0;
}

static int described_tables(sg_store *st)
{
    table_count c = {"", 0};
    assert_int_equal(sg_store_describe(st, count_table, &c, NULL), SG_OK);
    return c.n;
}

static void test_copy_round_trip(void **state)
{
    (void)state;
    char *pa = sqlite_path("copy-a"), *pb = db_path("copy-b"), *pc = sqlite_path("copy-c");
    sg_store *a, *b, *c;
    sg_err err;
    assert_int_equal(sg_store_open(pa, &a, &err), SG_OK);
    sg_activity *acts[3] = {rich_activity(), fx_run(900, 1.6e9, 0, 1, "gpx"),
                            fx_run(1200, 1.61e9, 1, 0, "tcx")};
    long long ids[3];
    for (int i = 0; i < 3; i++) {
        char path[32], content[32];
        snprintf(path, sizeof path, "/r/%d.fit", i);
        snprintf(content, sizeof content, "content %d", i);
        sg_store_source s = make_src(path, content, "fit");
        sg_ingest_result r;
        assert_int_equal(ingest(a, acts[i], &s, &r), SG_OK);
        ids[i] = r.activity_id;
    }
    sg_store_source dup = make_src("/other/0.fit.gz", "content 0", "fit");
    sg_ingest_result r;
    assert_int_equal(ingest(a, acts[0], &dup, &r), SG_OK);
    /* A gap in the ids, a cache entry, a profile, journal, gear. */
    assert_int_equal(sg_store_delete(a, ids[1], NULL), SG_OK);
    assert_int_equal(sg_store_cache_put_inputs(a, ids[2], "run", 7, "b1-x", "{\"k\":1.5}", NULL),
                     SG_OK);
    assert_int_equal(sg_store_kv_put(a, "athlete", "{\"hr_max\":190,\"name\":\"\xc3\xa9\"}", NULL),
                     SG_OK);
    long long j, g;
    assert_int_equal(sg_store_journal_add(a, "pain", "2024-05-02", "{\"nrs\":3}", &j, NULL), 0);
    assert_int_equal(sg_store_journal_add(a, "rpe", "2024-05-01", "{\"rpe\":6}", &j, NULL), 0);
    assert_int_equal(sg_store_journal_delete(a, 1, NULL), SG_OK);
    assert_int_equal(sg_store_gear_put(a, 0, "{\"name\":\"Pegasus\"}", &g, NULL), SG_OK);
    assert_int_equal(sg_store_gear_assign(a, ids[2], g, NULL), SG_OK);
    char *fa = fingerprint(a);
    /* a second athlete, with the same file as the first one's */
    long long bea;
    assert_int_equal(sg_store_athlete_add(a, "Bea", &bea, NULL), SG_OK);
    sg_store_use_athlete(a, bea);
    sg_store_source same = make_src("/r/0.fit", "content 0", "fit");
    assert_int_equal(ingest(a, acts[2], &same, &r), SG_OK);
    assert_int_equal(r.outcome, SG_INGEST_NEW);
    assert_int_equal(sg_store_kv_put(a, "athlete", "{\"hr_max\":180}", NULL), SG_OK);
    char *fa2 = fingerprint(a);
    sg_store_use_athlete(a, 1);

    if (sg_store_open(pb, &b, &err))
        fail_msg("open: %s", err.msg);
    sg_store_copy_result res;
    int calls = 0;
    if (sg_store_copy(a, b, false, count_progress, &calls, &res, &err))
        fail_msg("copy: %s", err.msg);
    assert_true(calls >= 2 * res.n_tables);
    assert_int_equal(res.n_tables, described_tables(b));
    assert_string_equal(res.table[0], "athletes");
    assert_string_equal(res.table[1], "activities");
    assert_int_equal(res.rows[0], 2);
    assert_int_equal(res.rows[1], 3);
    assert_true(res.blob_bytes > 1000);
    char *fb = fingerprint(b);
    assert_string_equal(fa, fb);
    for (int i = 0; i < 3; i += 2) {
        sg_activity *x;
        assert_int_equal(sg_store_load(b, ids[i], NULL, &x, NULL), SG_OK);
        assert_null(fx_diff(acts[i], x));
        sg_activity_free(x);
    }
    /* A non-empty target is refused and left as it was, unless replaced. */
    assert_int_equal(sg_store_copy(a, b, false, NULL, NULL, &res, &err), SG_EUSAGE);
    assert_int_equal(res.n_tables, 0);
    assert_int_equal(sg_store_copy(a, b, true, NULL, NULL, &res, &err), SG_OK);
    free(fb);
    fb = fingerprint(b);
    assert_string_equal(fa, fb);

    assert_int_equal(sg_store_open(pc, &c, &err), SG_OK);
    if (sg_store_copy(b, c, false, NULL, NULL, &res, &err))
        fail_msg("copy back: %s", err.msg);
    char *fc = fingerprint(c);
    assert_string_equal(fa, fc);
    /* the change counters are the source's, not what the copy's own
     * inserts made the target's triggers count */
    long long who[2] = {1, bea};
    for (int k = 0; k < 2; k++) {
        char ca[SG_ROSTER_FP_MAX], cb[SG_ROSTER_FP_MAX], cc[SG_ROSTER_FP_MAX];
        assert_int_equal(sg_store_athlete_fingerprint(a, who[k], ca, NULL), SG_OK);
        assert_int_equal(sg_store_athlete_fingerprint(b, who[k], cb, NULL), SG_OK);
        assert_int_equal(sg_store_athlete_fingerprint(c, who[k], cc, NULL), SG_OK);
        assert_string_equal(ca, cb);
        assert_string_equal(ca, cc);
    }
    /* the second athlete's rows came along, under its id */
    for (int i = 0; i < 2; i++) {
        sg_store *x = i ? c : b;
        sg_store_use_athlete(x, bea);
        char *f2 = fingerprint(x);
        assert_string_equal(fa2, f2);
        free(f2);
        sg_store_use_athlete(x, 1);
    }
    free(fa2);
    /* New rows continue after the copied ids on every backend. */
    sg_store *all[3] = {a, b, c};
    for (int i = 0; i < 3; i++) {
        sg_store_source s = make_src("/r/new.fit", "new", "fit");
        assert_int_equal(ingest(all[i], acts[1], &s, &r), SG_OK);
        assert_true(r.activity_id > ids[2]);
        long long j2, g2;
        assert_int_equal(sg_store_journal_add(all[i], "pain", "2024-06-01", "{}", &j2, NULL), 0);
        assert_true(j2 > j);
        assert_int_equal(sg_store_gear_put(all[i], 0, "{}", &g2, NULL), SG_OK);
        assert_true(g2 > g);
        long long a2;
        assert_int_equal(sg_store_athlete_add(all[i], "Cal", &a2, NULL), SG_OK);
        assert_true(a2 > bea);
        assert_int_equal(sg_store_check(all[i], NULL), SG_OK);
    }
    free(fa);
    free(fb);
    free(fc);
    for (int i = 0; i < 3; i++) {
        sg_activity_free(acts[i]);
        sg_store_close(all[i]);
    }
    free(pa);
    free(pb);
    free(pc);
}

static long long count_rows(sg_store *st)
{
    long long n = -1;
    assert_int_equal(sg_store_count(st, &n, NULL), SG_OK);
    return n;
}

/* A copy that cannot be exact is refused, and a failed one leaves the target as it was. */
static void test_copy_refusals(void **state)
{
    (void)state;
    char *pa = sqlite_path("refuse-a"), *pb = db_path("refuse-b");
    sg_store *a, *b;
    sg_err err;
    assert_int_equal(sg_store_open(pa, &a, &err), SG_OK);
    sg_activity *act = fx_run(300, 1.6e9, 0, 1, "fit");
    sg_store_source s = make_src("/r/x.fit", "x", "fit");
    sg_ingest_result r;
    assert_int_equal(ingest(a, act, &s, &r), SG_OK);
    long long j;
    assert_int_equal(sg_store_journal_add(a, "pain", "2024-05-02", "{}", &j, NULL), SG_OK);
    if (sg_store_open(pb, &b, &err))
        fail_msg("open: %s", err.msg);
    sg_store_copy_result res;

    /* The same store twice, or one in a transaction. */
    assert_int_equal(sg_store_copy(a, a, false, NULL, NULL, &res, &err), SG_EUSAGE);

    /* A failure on the last table (the journal) rolls back everything before it. */
    if (fx_is_pg(pb))
        sql_exec(pb, "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$"
                     " BEGIN RAISE EXCEPTION 'injected failure'; END $$;"
                     "CREATE TRIGGER boom BEFORE INSERT ON journal"
                     " FOR EACH ROW EXECUTE FUNCTION boom()");
    else
        sql_exec(pb, "CREATE TRIGGER boom BEFORE INSERT ON journal"
                     " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    sg_store_close(b);
    assert_int_equal(sg_store_open(pb, &b, &err), SG_OK);
    assert_int_equal(sg_store_copy(a, b, false, NULL, NULL, &res, &err), SG_ESTORE);
    assert_int_equal(res.n_tables, 0);
    assert_int_equal(count_rows(b), 0);
    sg_store_close(b);
    sql_exec(pb, fx_is_pg(pb) ? "DROP TRIGGER boom ON journal" : "DROP TRIGGER boom");
    assert_int_equal(sg_store_open(pb, &b, &err), SG_OK);
    assert_int_equal(count_rows(b), 0);

    /* A column the copy does not know would be dropped: refused, nothing written. */
    sg_store_close(a);
    sql_exec(pa, "ALTER TABLE activities ADD COLUMN mood REAL");
    assert_int_equal(sg_store_open(pa, &a, &err), SG_OK);
    assert_int_equal(sg_store_copy(a, b, false, NULL, NULL, &res, &err), SG_EUNSUPPORTED);
    assert_non_null(strstr(err.msg, "activities.mood"));
    assert_int_equal(count_rows(b), 0);
    /* The same column on both sides is still one the copy does not know. */
    sg_store_close(b);
    sql_exec(pb, "ALTER TABLE activities ADD COLUMN mood REAL");
    assert_int_equal(sg_store_open(pb, &b, &err), SG_OK);
    assert_int_equal(sg_store_copy(a, b, false, NULL, NULL, &res, &err), SG_EUNSUPPORTED);
    assert_int_equal(count_rows(b), 0);

    sg_activity_free(act);
    sg_store_close(a);
    sg_store_close(b);
    free(pa);
    free(pb);
}

/* begin takes the store's write lock (as SQLite's BEGIN IMMEDIATE): another
 * writer waits, a reader does not. */
static void test_pg_write_lock(void **state)
{
    (void)state;
    char *path = db_path("lock");
    sg_store *st;
    sg_err err;
    if (sg_store_open(path, &st, &err))
        fail_msg("open: %s", err.msg);
    assert_int_equal(sg_store_begin(st, NULL), SG_OK);
    PGconn *c = fx_pg_connect(path);
    assert_non_null(c);
    PQclear(PQexec(c, "SET lock_timeout = '200ms'"));
    PGresult *r = PQexec(c, "SELECT count(*) FROM activities");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    PQclear(PQexec(c, "BEGIN"));
    r = PQexec(c, "LOCK TABLE migrations IN SHARE ROW EXCLUSIVE MODE");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "55P03"); /* lock_not_available */
    PQclear(r);
    PQclear(PQexec(c, "ROLLBACK"));
    assert_int_equal(sg_store_rollback(st, NULL), SG_OK);
    PQclear(PQexec(c, "BEGIN"));
    r = PQexec(c, "LOCK TABLE migrations IN SHARE ROW EXCLUSIVE MODE");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    PQclear(PQexec(c, "ROLLBACK"));
    PQfinish(c);
    sg_store_close(st);
    free(path);
}

int main(void)
{
    /* Every test that opens a store runs on the backend under test; the
     * file-only ones (not a database, default path) on SQLite, the
     * PostgreSQL-only ones with SG_TEST_PG_URL. */
    const struct CMUnitTest pg_tests[] = {
        cmocka_unit_test(test_schema_parity),
        cmocka_unit_test(test_pg_connect_errors),
        cmocka_unit_test(test_pg_write_lock),
    };
    const struct CMUnitTest sqlite_tests[] = {
        cmocka_unit_test(test_not_a_database),
        cmocka_unit_test(test_default_path),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrations_and_reopen),
        cmocka_unit_test(test_redact),
        cmocka_unit_test(test_change_counter),
        cmocka_unit_test(test_copy_round_trip),
        cmocka_unit_test(test_copy_refusals),
        cmocka_unit_test(test_blob_round_trip),
        cmocka_unit_test(test_blob_alloc_failures),
        cmocka_unit_test(test_hash_dedup),
        cmocka_unit_test(test_same_run_boundaries),
        cmocka_unit_test(test_cross_format_ingest),
        cmocka_unit_test(test_failed_ingest_is_atomic),
        cmocka_unit_test(test_list_filter),
        cmocka_unit_test(test_trash_undo),
        cmocka_unit_test(test_trash_keeps_the_newest),
        cmocka_unit_test(test_kv_journal_cache),
        cmocka_unit_test(test_summary),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (fx_pg_url())
        failed += cmocka_run_group_tests(pg_tests, NULL, NULL);
    else
        failed += cmocka_run_group_tests(sqlite_tests, NULL, NULL);
    return failed;
}
