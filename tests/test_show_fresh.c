/* Freshness of cached run analyses (app/show.h): the fingerprint of a run's
 * baseline window, the window's bounds, stale results after an import into
 * the window, and `show --all` (app/show_all.h) giving exactly what `show ID`
 * gives, cold, warm, mixed and filtered. Plus the block pool it runs on and
 * the schema 1 -> 2 migration of the cache. */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/docs.h"
#include "support/sg_test.h"

#include "strideguard/alloc.h"
#include "app/run_view.h"
#include "app/show.h"
#include "app/show_all.h"
#include "run_synth.h"

#define DAY 86400.0

/* ---- pure: fingerprint and window -------------------------------------- */

static sg_show_ref ref(long long id, double start)
{
    sg_show_ref r;
    memset(&r, 0, sizeof r);
    r.id = id;
    r.start = start;
    r.updated_at = 1700000000 + id;
    r.n_samples = 3600;
    r.n_channels = 9;
    r.sport = SG_SPORT_RUNNING;
    snprintf(r.format, sizeof r.format, "fit");
    return r;
}

static void test_inputs(void **state)
{
    (void)state;
    sg_show_ref self = ref(10, 100 * DAY), h[3] = {ref(1, 20 * DAY), ref(2, 30 * DAY),
                                                    ref(3, 40 * DAY)};
    char a[SG_SHOW_INPUTS_LEN], b[SG_SHOW_INPUTS_LEN];
    sg_show_inputs(&self, h, 3, a);
    assert_int_equal(strncmp(a, "b1-3-", 5), 0);
    assert_int_equal(strlen(a), 5 + 16);
    sg_show_inputs(&self, h, 3, b);
    assert_string_equal(a, b);   /* deterministic */

    /* every field of every ref, the count and the order change it */
    for (int field = 0; field < 7; field++)
        for (int who = 0; who < 2; who++) {
            sg_show_ref s2 = self, h2[3] = {h[0], h[1], h[2]};
            sg_show_ref *r = who ? &h2[1] : &s2;
            switch (field) {
            case 0: r->id++; break;
            case 1: r->updated_at++; break;
            case 2: r->n_samples++; break;
            case 3: r->start += 1; break;
            case 4: r->n_channels++; break;
            case 5: r->format[0] = 't'; break;
            default: r->sport = SG_SPORT_CYCLING; break;
            }
            sg_show_inputs(&s2, h2, 3, b);
            if (strcmp(a, b) == 0)
                fail_msg("field %d of %s does not change the fingerprint", field,
                         who ? "a window run" : "the run");
        }
    sg_show_inputs(&self, h, 2, b);
    assert_string_not_equal(a, b);
    sg_show_ref swapped[3] = {h[1], h[0], h[2]};
    sg_show_inputs(&self, swapped, 3, b);
    assert_string_not_equal(a, b);
    sg_show_inputs(&self, NULL, 0, b);
    assert_int_equal(strncmp(b, "b1-0-", 5), 0);

    /* an unknown start: every NaN is the same NaN */
    sg_show_ref n1 = ref(5, NAN), n2 = ref(5, -NAN);
    sg_show_inputs(&n1, NULL, 0, a);
    sg_show_inputs(&n2, NULL, 0, b);
    assert_string_equal(a, b);
}

static void test_window(void **state)
{
    (void)state;
    /* one run a day on days 0..199, then two with unknown starts */
    enum { N = 202 };
    sg_show_ref runs[N];
    for (int i = 0; i < 200; i++)
        runs[i] = ref(i + 1, i * DAY);
    runs[200] = ref(201, NAN);
    runs[201] = ref(202, NAN);
    size_t lo, hi;
    sg_show_window(runs, N, 0, &lo, &hi);
    assert_int_equal(hi - lo, 0);                       /* nothing before the first */
    sg_show_window(runs, N, 10 * DAY, &lo, &hi);
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 10);                           /* the run itself is not in it */
    sg_show_window(runs, N, 150 * DAY, &lo, &hi);
    assert_int_equal(hi, 150);
    assert_int_equal(hi - lo, SG_SHOW_MAX_HISTORY);      /* the 60 most recent */
    /* exactly 90 days before is in, one second more is out */
    sg_show_ref few[2] = {ref(1, 0), ref(2, 5 * DAY)};
    sg_show_window(few, 2, SG_SHOW_HISTORY_DAYS * DAY, &lo, &hi);
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 2);
    sg_show_window(few, 2, SG_SHOW_HISTORY_DAYS * DAY + 1, &lo, &hi);
    assert_int_equal(lo, 1);
    /* same start as the run: not before it */
    sg_show_window(few, 2, 5 * DAY, &lo, &hi);
    assert_int_equal(hi, 1);
    sg_show_window(runs, N, NAN, &lo, &hi);
    assert_int_equal(hi - lo, 0);
    sg_show_window(runs, N, 1000 * DAY, &lo, &hi);
    assert_int_equal(hi, 200);                          /* NaN starts never count */
}

static void test_pool(void **state)
{
    (void)state;
    sg_blockpool p;
    sg_blockpool_init(&p);
    const sg_allocator *a = &p.base;
    char *small = sg_malloc(a, 100);
    double *big = sg_realloc_array(a, NULL, 10000, sizeof *big);
    assert_non_null(small);
    assert_non_null(big);
    for (int i = 0; i < 10000; i++)
        big[i] = i;
    double *grown = sg_realloc_array(a, big, 40000, sizeof *grown);
    assert_non_null(grown);
    assert_true(grown[9999] == 9999);
    sg_free(a, grown);
    double *again = sg_realloc_array(a, NULL, 33000, sizeof *again);
    assert_ptr_equal(again, grown);                     /* the kept block came back */
    sg_free(a, again);
    sg_free(a, small);
    sg_free(a, NULL);
    sg_blockpool_dispose(&p);
}

/* ---- with a store ------------------------------------------------------- */

/* A synthetic run of `secs` seconds on `day`; sport running unless `cycling`. */
static long long put_n(sg_store *st, int day, double cad, bool cycling, size_t secs)
{
    synth s = synth_default(secs, 3.2);
    s.t0 = 0.6e9 + day * DAY; /* synth_build adds 1e9 */
    sg_activity *a = synth_build(&s, NULL);
    uint32_t seed = 100u + (uint32_t)day;
    for (size_t i = 0; i < a->n; i++)
        sg_activity_set(a, SG_CH_CADENCE, i, cad + 2 * synth_noise(&seed), NULL);
    sg_session ses;
    memset(&ses, 0, sizeof ses);
    sg_totals_init(&ses.totals);
    ses.totals.start_time = a->ch[SG_CH_TIME][0];
    ses.totals.elapsed_s = (double)secs - 1;
    ses.sport = cycling ? SG_SPORT_CYCLING : SG_SPORT_RUNNING;
    a->sport = ses.sport;
    ses.fit_sport = ses.fit_sub_sport = -1;
    assert_int_equal(sg_activity_add_session(a, &ses, NULL), SG_OK);
    unsigned char *blob;
    size_t len;
    assert_int_equal(sg_store_blob_encode(a, &blob, &len, NULL), SG_OK);
    sg_store_summary sum;
    sg_store_summarize(a, &sum);
    sum.sport = ses.sport;
    sg_store_source src;
    memset(&src, 0, sizeof src);
    char name[32];
    snprintf(name, sizeof name, "day%d.fit", day);
    src.file_name = src.path = name;
    snprintf(src.sha256, sizeof src.sha256, "%064d", day + 1000);
    src.format = "fit";
    src.size = (long long)len;
    sg_ingest_result res;
    sg_err e;
    if (sg_store_ingest(st, &sum, blob, len, &src, &res, &e))
        fail_msg("ingest: %s", e.msg);
    free(blob);
    sg_activity_free(a);
    return res.activity_id;
}

static long long put(sg_store *st, int day, double cad, bool cycling)
{
    return put_n(st, day, cad, cycling, 1200);
}

static sg_store *open_tmp(const char *tag, char *path, size_t cap)
{
    snprintf(path, cap, "%s/show_fresh_%s_%ld.db", sg_test_tmpdir(), tag, (long)getpid());
    unlink(path);
    sg_store *st;
    sg_err e;
    if (sg_store_open(path, &st, &e))
        fail_msg("open: %s", e.msg);
    return st;
}

static bool fresh_as(sg_store *st, long long id, const char *name)
{
    sg_show_key k;
    assert_int_equal(sg_show_key_of(st, id, &k, NULL), SG_OK);
    char *json = NULL;
    int rc = sg_show_cache_get(st, &k, name, &json, NULL);
    free(json);
    return rc == SG_OK;
}

static bool fresh(sg_store *st, long long id)
{
    return fresh_as(st, id, SG_SHOW_CACHE_NAME);
}

static void test_stale_after_import(void **state)
{
    (void)state;
    char path[512];
    sg_store *st = open_tmp("stale", path, sizeof path);
    long long early = put(st, 0, 170, false);
    long long a = put(st, 10, 170, false);
    long long b = put(st, 20, 170, false);
    long long far = put(st, 200, 170, false);
    char *json;
    sg_run_result r;
    long long ids[4] = {early, a, b, far};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(sg_show_id(st, sg_render_docs(), ids[i], NULL, &r, &json, NULL), SG_OK);
        free(json);
        assert_true(fresh(st, ids[i]));
    }
    /* the window of b is {early, a}; a's is {early} */
    sg_show_key k;
    assert_int_equal(sg_show_key_of(st, b, &k, NULL), SG_OK);
    assert_int_equal(k.n, 2);
    assert_int_equal(k.hist[0].id, early);

    /* a run on day 15 enters b's window only */
    long long mid = put(st, 15, 170, false);
    assert_true(fresh(st, early));
    assert_true(fresh(st, a));
    assert_false(fresh(st, b));
    assert_true(fresh(st, far));
    bool cached = true;
    assert_int_equal(sg_show_id_json(st, sg_render_docs(), b, &json, &cached, NULL), SG_OK);
    assert_false(cached);                  /* recomputed ... */
    free(json);
    assert_true(fresh(st, b));             /* ... and fresh again */
    assert_int_equal(sg_show_id_json(st, sg_render_docs(), b, &json, &cached, NULL), SG_OK);
    assert_true(cached);
    free(json);

    /* a cycling ride in the window is not part of a running baseline */
    put(st, 12, 80, true);
    assert_true(fresh(st, b));
    /* deleting a window run makes the results that used it stale */
    assert_int_equal(sg_store_delete(st, mid, NULL), SG_OK);
    assert_false(fresh(st, b));
    assert_true(fresh(st, a));
    /* the run view's two documents follow the same key */
    assert_int_equal(sg_app_run_view(st, sg_render_docs(), b, &json, NULL), SG_OK);
    assert_non_null(strstr(json, "\"series\""));
    free(json);
    assert_true(fresh(st, b));
    assert_true(fresh_as(st, b, SG_RUN_SERIES_CACHE));
    put(st, 18, 170, false);
    assert_false(fresh(st, b));
    assert_false(fresh_as(st, b, SG_RUN_SERIES_CACHE));
    assert_int_equal(sg_app_run_view(st, sg_render_docs(), b, &json, NULL), SG_OK);
    free(json);
    assert_true(fresh_as(st, b, SG_RUN_SERIES_CACHE));
    (void)far;
    sg_store_close(st);
    unlink(path);
}

typedef struct collected {
    char *json[128];
    long long id[128];
    bool cached[128];
    size_t n, failed;
} collected;

static int collect_item(void *ctx, const sg_show_all_item *it)
{
    collected *c = ctx;
    assert_true(c->n < 128);
    if (it->rc != SG_OK) {
        assert_int_equal(it->rc, SG_ENODATA);
        assert_null(it->json);
        c->failed++;
        return 0;
    }
    c->id[c->n] = it->ref->id;
    c->cached[c->n] = it->cached;
    c->json[c->n] = strdup(it->json);
    assert_true(it->cached == (it->result == NULL));
    c->n++;
    return 0;
}

static void collected_free(collected *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->json[i]);
    c->n = 0;
}

/* Each document equals a from-scratch `show ID` in a copy of the store
 * without any cache. */
static void check_against_show_id(sg_store *st, const collected *c)
{
    for (size_t i = 0; i < c->n; i++) {
        sg_run_result r;
        char *json = NULL;
        sg_err e;
        if (sg_show_id(st, sg_render_docs(), c->id[i], NULL, &r, &json, &e))
            fail_msg("show %lld: %s", c->id[i], e.msg);
        if (strcmp(json, c->json[i]) != 0)
            fail_msg("show --all and show ID differ for %lld", c->id[i]);
        free(json);
    }
}

static void test_show_all(void **state)
{
    (void)state;
    char path[512];
    sg_store *st = open_tmp("all", path, sizeof path);
    /* 70 runs on 140 days, a ride, and a run too short to analyse, which
     * fails itself and does not count in the baselines after it */
    for (int d = 0; d < 70; d++)
        put(st, 2 * d, d % 7 == 6 ? 160 : 172, false);
    put(st, 33, 80, true);
    put_n(st, 51, 172, false, 1);
    long long n_act = 72;

    collected c = {.n = 0};
    sg_show_all_stats s;
    assert_int_equal(sg_show_all(st, sg_render_docs(), NULL, collect_item, NULL, &c, &s, NULL), SG_OK);
    assert_int_equal(s.total, n_act);
    assert_int_equal(c.n, n_act - 1);
    assert_int_equal(c.failed, 1);
    assert_int_equal(s.failed, 1);
    assert_int_equal(s.computed, n_act - 1);
    assert_int_equal(s.cached, 0);
    assert_int_equal(s.window_loads, 0);    /* cold: every window from the walk */
    check_against_show_id(st, &c);           /* (this also rewrites each cache entry) */
    collected_free(&c);

    /* warm: all cached (the failed one is tried again), nothing else loaded */
    assert_int_equal(sg_show_all(st, sg_render_docs(), NULL, collect_item, NULL, &c, &s, NULL), SG_OK);
    assert_int_equal(s.cached, n_act - 1);
    assert_true(c.cached[0] && c.cached[c.n - 1]);
    assert_int_equal(s.computed, 0);
    assert_true(s.window_loads <= SG_SHOW_MAX_HISTORY);
    collected_free(&c);

    /* mixed: a run added on day 101 makes those after it (within 90 days) stale;
     * their windows need cached runs, which are analysed on demand */
    long long late = put(st, 101, 172, false);
    assert_int_equal(sg_show_all(st, sg_render_docs(), NULL, collect_item, NULL, &c, &s, NULL), SG_OK);
    assert_int_equal(s.total, n_act + 1);
    assert_int_equal(s.failed, 1);
    assert_int_equal(s.computed, 1 + 19);   /* itself + runs on days 102..138 */
    assert_true(s.window_loads > 0);
    check_against_show_id(st, &c);
    collected_free(&c);

    /* filtered: runs from day 120 on; windows reach before the filter */
    sg_store_filter f;
    sg_store_filter_init(&f);
    f.since = 1.6e9 + 120 * DAY;
    f.sport = SG_SPORT_RUNNING;
    (void)late;
    /* activity 70 is the run on day 138: forget its result */
    assert_int_equal(sg_store_cache_delete(st, 70, NULL, NULL), SG_OK);
    sg_show_key k;
    assert_int_equal(sg_show_key_of(st, 70, &k, NULL), SG_OK);
    assert_int_equal(sg_show_all(st, sg_render_docs(), &f, collect_item, NULL, &c, &s, NULL), SG_OK);
    assert_int_equal(s.total, 10);
    assert_int_equal(c.n, 10);
    assert_int_equal(s.computed, 1);
    assert_int_equal(s.window_loads, k.n);   /* its whole window, from before the filter too */
    check_against_show_id(st, &c);
    collected_free(&c);
    sg_store_close(st);
    unlink(path);
}

/* A store written by schema 1 (no `inputs` column) migrates; its rows read
 * as results with no inputs. The fixture has every table schema 1 made
 * (later migrations, e.g. 10's triggers, rely on them). */
static void test_migrate_v1(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/show_fresh_v1_%ld.db", sg_test_tmpdir(), (long)getpid());
    unlink(path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    const char *v1 =
        "CREATE TABLE activities (id INTEGER PRIMARY KEY, start_utc REAL, sport TEXT NOT NULL,"
        " sub_sport TEXT NOT NULL, distance_m REAL, duration_s REAL, moving_time_s REAL,"
        " ascent_m REAL, device TEXT, name TEXT, format TEXT NOT NULL,"
        " n_samples INTEGER NOT NULL, n_channels INTEGER NOT NULL, created_at INTEGER NOT NULL,"
        " updated_at INTEGER NOT NULL) STRICT;"
        "CREATE TABLE analysis_cache (activity_id INTEGER NOT NULL REFERENCES activities(id)"
        " ON DELETE CASCADE, name TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL,"
        " PRIMARY KEY (activity_id, name)) STRICT;"
        "CREATE TABLE activity_samples (activity_id INTEGER PRIMARY KEY REFERENCES"
        " activities(id) ON DELETE CASCADE, blob BLOB NOT NULL) STRICT;"
        "CREATE TABLE sources (id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL"
        " REFERENCES activities(id) ON DELETE CASCADE, file_name TEXT NOT NULL,"
        " path TEXT NOT NULL, sha256 TEXT NOT NULL, format TEXT NOT NULL,"
        " size INTEGER NOT NULL, imported_at INTEGER NOT NULL, UNIQUE (sha256, path)) STRICT;"
        "CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
        " updated_at INTEGER NOT NULL) STRICT;"
        "CREATE TABLE journal (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, date TEXT NOT NULL,"
        " created_at INTEGER NOT NULL, payload TEXT NOT NULL) STRICT;"
        "INSERT INTO activities VALUES (1, 0, 'running', 'none', 0, 0, 0, 0, '', '', 'fit',"
        " 0, 0, 0, 0);"
        "INSERT INTO analysis_cache VALUES (1, 'terrain', 1, '{\"old\":1}');"
        "PRAGMA user_version = 1;";
    assert_int_equal(sqlite3_exec(db, v1, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    sg_store *st;
    sg_err e;
    if (sg_store_open(path, &st, &e))
        fail_msg("open: %s", e.msg);
    assert_int_equal(sg_store_schema_version(st), SG_STORE_SCHEMA_VERSION);
    char *json = NULL;
    assert_int_equal(sg_store_cache_get(st, 1, "terrain", 1, &json, NULL), SG_OK);
    assert_string_equal(json, "{\"old\":1}");
    free(json);
    assert_int_equal(sg_store_cache_get_inputs(st, 1, "terrain", 1, "x", &json, NULL),
                     SG_ENOTFOUND);
    assert_int_equal(sg_store_cache_put_inputs(st, 1, "terrain", 1, "x", "{}", NULL), SG_OK);
    assert_int_equal(sg_store_cache_get_inputs(st, 1, "terrain", 1, "x", &json, NULL), SG_OK);
    free(json);
    assert_int_equal(sg_store_cache_get(st, 1, "terrain", 1, &json, NULL), SG_ENOTFOUND);
    sg_store_close(st);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inputs),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_pool),
        cmocka_unit_test(test_stale_after_import),
        cmocka_unit_test(test_show_all),
        cmocka_unit_test(test_migrate_v1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
