/* The store: schema migrations, blob round trip, dedup rules, atomicity of a
 * failed ingest, and the kv / journal / analysis-cache calls. */
#include "support/sg_test.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes/sha256.h"
#include "strideguard/store.h"
#include "test_store_fixture.h"

static char *db_path(const char *name)
{
    static int seq;
    char *p = malloc(512);
    snprintf(p, 512, "%s/%s-%d/sub/dir/%s.db", sg_test_tmpdir(), name, seq++, name);
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

static long long sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    long long v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static void test_migrations_and_reopen(void **state)
{
    (void)state;
    char *path;
    sg_store *st = open_new("mig", &path);
    assert_int_equal(sg_store_schema_version(st), SG_STORE_SCHEMA_VERSION);
    assert_int_equal(sg_store_kv_put(st, "athlete", "{\"mass_kg\":70}", NULL), SG_OK);
    sg_store_close(st);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), SG_STORE_SCHEMA_VERSION);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM migrations"), SG_STORE_SCHEMA_VERSION);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name='activities'"
                                   " AND sql LIKE '%STRICT%'"),
                     1);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_journal_mode"
                                   " WHERE journal_mode='wal'"),
                     1);
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
    sql_exec(path, "PRAGMA user_version = 99");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrations_and_reopen),
        cmocka_unit_test(test_not_a_database),
        cmocka_unit_test(test_default_path),
        cmocka_unit_test(test_blob_round_trip),
        cmocka_unit_test(test_blob_alloc_failures),
        cmocka_unit_test(test_hash_dedup),
        cmocka_unit_test(test_same_run_boundaries),
        cmocka_unit_test(test_cross_format_ingest),
        cmocka_unit_test(test_failed_ingest_is_atomic),
        cmocka_unit_test(test_list_filter),
        cmocka_unit_test(test_kv_journal_cache),
        cmocka_unit_test(test_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
