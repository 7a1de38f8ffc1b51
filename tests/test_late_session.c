/* Sessions written before the final lap (issue #11 item 4, docs/formats.md
 * "Late sessions"): a Suunto Ambit 3 run whose records span 4,961 s while its
 * session says 4,035 s. The rule (sg_activity_late_session_s), the FIT
 * decoder's report, the stored summary, `decode`'s note and `import`'s
 * warning (text and --json). */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/import.h"
#include "strideguard/figures.h"
#include "strideguard/fit.h"
#include "strideguard/store.h"

#define T0 1.6e9

/* A 1 Hz run of `span` seconds at 3 m/s with positions and HR; one session
 * starting at T0 with elapsed = timer = session_s and the distance of that
 * time (what a watch writes when it saves the session before the last lap). */
static sg_activity *run_with_session(int span, double session_s)
{
    sg_activity *a = sg_activity_new(NULL);
    assert_non_null(a);
    for (int i = 0; i <= span; i++) {
        size_t k;
        assert_int_equal(sg_activity_append(a, &k, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_TIME, k, T0 + i, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_DISTANCE, k, 3.0 * i, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_LAT, k, 45 + 2.7e-5 * i, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_LON, k, 7, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_HEART_RATE, k, 150, NULL), SG_OK);
    }
    sg_session s;
    sg_totals_init(&s.totals);
    s.totals.start_time = T0;
    s.totals.elapsed_s = s.totals.timer_s = session_s;
    s.totals.distance_m = 3.0 * session_s;
    s.sport = SG_SPORT_RUNNING;
    s.sub_sport = SG_SUB_NONE;
    s.fit_sport = 1;
    s.fit_sub_sport = 0;
    assert_int_equal(sg_activity_add_session(a, &s, NULL), SG_OK);
    assert_int_equal(sg_activity_add_lap(a, &s.totals, NULL), SG_OK);
    a->sport = SG_SPORT_RUNNING;
    return a;
}

static void test_rule(void **state)
{
    (void)state;
    sg_activity *a = run_with_session(4961, 4035);
    assert_close(sg_activity_late_session_s(a), 926, 0);
    sg_activity_free(a);
    /* covered, or within the minute a device may log between stop and save */
    a = run_with_session(4961, 4961);
    assert_close(sg_activity_late_session_s(a), 0, 0);
    sg_activity_free(a);
    a = run_with_session(4961, 4961 - 60);
    assert_close(sg_activity_late_session_s(a), 0, 0);
    sg_activity_free(a);
    a = run_with_session(4961, 4961 - 61);
    assert_close(sg_activity_late_session_s(a), 61, 0);
    sg_activity_free(a);
    /* a timer longer than the elapsed time covers the records */
    a = run_with_session(4961, 4035);
    a->sessions[0].totals.timer_s = 4961;
    assert_close(sg_activity_late_session_s(a), 0, 0);
    sg_activity_free(a);
    /* a record a day and more past the session is a corrupt timestamp */
    a = run_with_session(600, 600);
    size_t k;
    assert_int_equal(sg_activity_append(a, &k, NULL), SG_OK);
    assert_int_equal(sg_activity_set(a, SG_CH_TIME, k, T0 + 600 + 86401, NULL), SG_OK);
    assert_close(sg_activity_late_session_s(a), 0, 0);
    sg_activity_free(a);
    /* no session: nothing to be late */
    a = sg_activity_new(NULL);
    assert_close(sg_activity_late_session_s(a), 0, 0);
    sg_activity_free(a);
}

/* Writes the late-session run as a FIT file; returns its path (heap). */
static char *write_fit(const char *name)
{
    sg_activity *a = run_with_session(4961, 4035);
    uint8_t *buf;
    size_t len;
    assert_int_equal(sg_fit_encode(a, NULL, NULL, &buf, &len, NULL), SG_OK);
    sg_activity_free(a);
    char *path = malloc(1024);
    snprintf(path, 1024, "%s/%s", sg_test_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    fclose(f);
    free(buf);
    return path;
}

static void test_fit_decode_and_summary(void **state)
{
    (void)state;
    sg_activity *a = run_with_session(4961, 4035);
    uint8_t *buf;
    size_t len;
    assert_int_equal(sg_fit_encode(a, NULL, NULL, &buf, &len, NULL), SG_OK);
    sg_activity_free(a);
    sg_activity *back;
    sg_fit_report rep;
    assert_int_equal(sg_fit_decode(buf, len, NULL, &back, &rep, NULL), SG_OK);
    free(buf);
    assert_int_equal(rep.errors, 0);
    assert_close(rep.late_session_s, 926, 0);
    /* the device's totals are kept as they are ... */
    assert_int_equal(back->n_sessions, 1);
    assert_close(back->sessions[0].totals.elapsed_s, 4035, 0);
    /* ... and the figures are the records' */
    sg_store_summary s;
    sg_store_summarize(back, &s);
    assert_close(s.duration_s, 4961, 0);
    assert_close(s.moving_time_s, 4961, 0);
    assert_close(s.distance_m, 3.0 * 4961, 1e-9);
    sg_activity_free(back);

    /* a session that covers its records: no report */
    a = run_with_session(600, 600);
    assert_int_equal(sg_fit_encode(a, NULL, NULL, &buf, &len, NULL), SG_OK);
    sg_activity_free(a);
    assert_int_equal(sg_fit_decode(buf, len, NULL, &back, &rep, NULL), SG_OK);
    free(buf);
    assert_close(rep.late_session_s, 0, 0);
    sg_activity_free(back);
}

typedef struct evs {
    int n;
    double late;
    int status;
} evs;

static void on_event(void *ctx, const sg_import_event *ev)
{
    evs *e = ctx;
    e->n++;
    e->late = ev->late_session_s;
    e->status = (int)ev->status;
}

static void test_import_warns(void **state)
{
    (void)state;
    char *path = write_fit("late_session.fit");
    char db[1100];
    snprintf(db, sizeof db, "%s/late_session.db", sg_test_tmpdir());
    unlink(db);
    sg_store *st;
    assert_int_equal(sg_store_open(db, &st, NULL), SG_OK);
    sg_import_opts o;
    sg_import_opts_init(&o);
    o.threads = 1;
    evs e = {0, 0, 0};
    o.on_event = on_event;
    o.ctx = &e;
    sg_import_stats stats;
    const char *paths[] = {path};
    assert_int_equal(sg_import_run(st, paths, 1, &o, &stats, NULL), SG_OK);
    assert_int_equal(stats.imported, 1);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.status, SG_IMPORT_IMPORTED);
    assert_close(e.late, 926, 0);
    sg_store_row row;
    assert_int_equal(sg_store_get(st, 1, &row, NULL), SG_OK);
    assert_close(row.s.duration_s, 4961, 0);
    sg_store_close(st);
    unlink(db);
    free(path);
}

/* Runs cmd through the shell, returns its stdout+stderr (heap). */
static char *run_cmd(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char *out = calloc(1, 65536);
    size_t n = fread(out, 1, 65535, p);
    out[n] = '\0';
    pclose(p);
    return out;
}

static void test_cli_says_so(void **state)
{
    (void)state;
    const char *cli = getenv("SG_CLI");
    if (!cli)
        fail_msg("SG_CLI is not set (CTest sets it)");
    char *path = write_fit("late_cli.fit");
    char cmd[4096], db[1100];
    snprintf(cmd, sizeof cmd, "'%s' decode '%s' 2>&1", cli, path);
    char *out = run_cmd(cmd);
    assert_non_null(strstr(out, "note:      the records run 15:26 past the session's end"));
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' decode --json '%s' 2>&1", cli, path);
    out = run_cmd(cmd);
    assert_non_null(strstr(out, "\"late_session_s\": 926"));
    free(out);

    snprintf(db, sizeof db, "%s/late_cli.db", sg_test_tmpdir());
    unlink(db);
    snprintf(cmd, sizeof cmd, "'%s' --db '%s' import '%s' 2>&1 >/dev/null", cli, db, path);
    out = run_cmd(cmd);
    assert_non_null(strstr(out, "late_cli.fit: warning: the records run 15:26 past the "
                                "session's end (session written before the final lap)"));
    free(out);
    unlink(db);
    snprintf(cmd, sizeof cmd, "'%s' --db '%s' import --json '%s' 2>/dev/null", cli, db, path);
    out = run_cmd(cmd);
    assert_non_null(strstr(out, "\"warnings\":[{\"file\":"));
    assert_non_null(strstr(out, "\"warning\":\"the records run 15:26 past the session's end"));
    free(out);
    unlink(db);
    free(path);
}

/* No FIT file in ../shared/data writes its session early (the Ambit 3 file of
 * the issue was kept back); these two look like it and are not: a session
 * whose timer covers the records, and a corrupt far-future timestamp. */
static void test_real_files_not_late(void **state)
{
    (void)state;
    const char *files[] = {"goldencheetah/14582164182.fit",
                           "python-fitparse/strava-android-app-201.10-b1218918.fit",
                           "goldencheetah/Move_2019_03_17_10_24_32_Running.fit"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const char *p = sg_test_shared(files[i]);
        SG_REQUIRE_SHARED(p);
        FILE *f = fopen(p, "rb");
        assert_non_null(f);
        static uint8_t buf[4 << 20];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        sg_activity *a;
        sg_fit_report rep;
        assert_int_equal(sg_fit_decode(buf, len, NULL, &a, &rep, NULL), SG_OK);
        assert_close(rep.late_session_s, 0, 0);
        sg_activity_free(a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_fit_decode_and_summary),
        cmocka_unit_test(test_import_warns),
        cmocka_unit_test(test_cli_says_so),
        cmocka_unit_test(test_real_files_not_late),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
