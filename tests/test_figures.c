/* One computation of a run's figures (strideguard/figures.h, docs/science.md
 * §2 "One computation"): sg_activity_figures (the stored summary's source)
 * gives exactly the run analysis' distance, moving time, ascent, descent and
 * average HR, on constructed runs (pauses, GPS-only, indoors, multisport) and
 * on the real files of ../shared/data; and a course paced like a run is
 * measured exactly like it. */
#include "support/sg_test.h"

#include <stdlib.h>
#include <string.h>

#include "bytes/file.h"
#include "strideguard/decode.h"
#include "strideguard/figures.h"
#include "strideguard/load.h"
#include "strideguard/run_analysis.h"
#include "strideguard/store.h"

/* NaN equals NaN; otherwise bit-for-bit the same number. */
static void same(double a, double b, const char *what, const char *name)
{
    if (isnan(a) && isnan(b))
        return;
    if (a != b)
        fail_msg("%s: %s figures %.17g, run analysis %.17g", name, what, a, b);
}

static void check_agree(const sg_activity *act, const char *name)
{
    sg_figures f;
    assert_int_equal(sg_activity_figures(act, true, &f, NULL), SG_OK);
    sg_run_result *r = malloc(sizeof *r);
    assert_non_null(r);
    int rc = sg_run_analyze(act, NULL, r, NULL);
    if (rc == SG_ENODATA) {
        assert_true(f.samples < 2);
        free(r);
        return;
    }
    assert_int_equal(rc, SG_OK);
    same(f.distance_m, r->distance_m, "distance", name);
    same(f.moving_time_s, r->moving_time_s, "moving time", name);
    same(f.elapsed_s, r->elapsed_s, "elapsed", name);
    same(f.ascent_m, r->terrain.ascent_m, "ascent", name);
    same(f.descent_m, r->terrain.descent_m, "descent", name);
    same(f.avg_hr, r->avg_hr, "avg HR", name);
    /* and the stored summary carries them (the whole file: the same unless
     * it is a multisport file) */
    sg_figures whole;
    assert_int_equal(sg_activity_figures(act, false, &whole, NULL), SG_OK);
    sg_kept k;
    sg_activity_keep(act, true, &k, NULL, NULL);
    if (k.spans) {
        assert_true(whole.distance_m > f.distance_m);
        print_message("%s: multisport, whole file %.1f m\n", name, whole.distance_m);
        sg_run_result_free(r);
        free(r);
        return;
    }
    same(whole.distance_m, f.distance_m, "whole distance", name);
    same(whole.ascent_m, f.ascent_m, "whole ascent", name);
    sg_store_summary s;
    sg_store_summarize(act, &s);
    same(s.distance_m, r->distance_m, "summary distance", name);
    same(s.moving_time_s, r->moving_time_s, "summary moving time", name);
    same(s.ascent_m, r->terrain.ascent_m, "summary ascent", name);
    same(s.descent_m, r->terrain.descent_m, "summary descent", name);
    same(s.avg_hr, r->avg_hr, "summary avg HR", name);
    print_message("%s: %.1f m, %.0f s moving, +%.1f/-%.1f m, %.1f bpm\n", name, f.distance_m,
                  f.moving_time_s, f.ascent_m, f.descent_m, f.avg_hr);
    sg_run_result_free(r);
    free(r);
}

/* A 1 Hz run at 3 m/s over hilly ground with barometric-like noise; `gps`
 * adds positions, `pause` stops the timer for 5 minutes in the middle,
 * `dist` writes the device's distance column. */
static sg_activity *hilly_run(int n, int gps, int pause, int dist)
{
    sg_activity *a = sg_activity_new(NULL);
    assert_non_null(a);
    double t = 1.6e9;
    for (int i = 0; i < n; i++) {
        size_t k;
        if (pause && i == n / 2) {
            assert_int_equal(sg_activity_add_timer(a, t, false, NULL), SG_OK);
            t += 300;
            assert_int_equal(sg_activity_add_timer(a, t, true, NULL), SG_OK);
        }
        double x = 3.0 * i;
        assert_int_equal(sg_activity_append(a, &k, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_TIME, k, t, NULL), SG_OK);
        if (dist)
            assert_int_equal(sg_activity_set(a, SG_CH_DISTANCE, k, x, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_ALTITUDE, k,
                                         100 + 30 * sin(x / 700) + 0.3 * ((i * 7919) % 5 - 2),
                                         NULL),
                         SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_HEART_RATE, k, 130 + (i % 30), NULL), SG_OK);
        if (gps) {
            assert_int_equal(sg_activity_set(a, SG_CH_LAT, k, 45 + x / 111195.0, NULL), SG_OK);
            assert_int_equal(sg_activity_set(a, SG_CH_LON, k, 7, NULL), SG_OK);
        }
        t += 1;
    }
    a->sport = SG_SPORT_RUNNING;
    a->alt_source = SG_ALT_BAROMETRIC;
    return a;
}

static void test_constructed(void **state)
{
    (void)state;
    sg_activity *a = hilly_run(3600, 1, 0, 1);
    check_agree(a, "outdoor");
    sg_activity_free(a);
    a = hilly_run(3600, 1, 1, 1);
    check_agree(a, "paused");
    sg_activity_free(a);
    a = hilly_run(3600, 0, 0, 1); /* distance without positions: indoors, no climb */
    check_agree(a, "indoor");
    sg_figures f;
    assert_int_equal(sg_activity_figures(a, true, &f, NULL), SG_OK);
    assert_true(isnan(f.ascent_m));
    sg_activity_free(a);
    /* positions and times only (a GPX), unlabelled altitude */
    a = hilly_run(1800, 1, 0, 0);
    a->alt_source = SG_ALT_UNKNOWN;
    check_agree(a, "gpx-like");
    sg_activity_free(a);
}

/* A course paced at SG_ELEV_COURSE_MPS is a run: the same climb. */
static void test_course_like_runs(void **state)
{
    (void)state;
    sg_activity *a = hilly_run(3600, 1, 0, 1);
    sg_figures f;
    assert_int_equal(sg_activity_figures(a, true, &f, NULL), SG_OK);
    sg_course c;
    assert_int_equal(sg_course_summarize(a, &c, NULL), SG_OK);
    assert_true(f.ascent_m > 100);
    assert_true(c.ascent_m == f.ascent_m);
    assert_true(c.descent_m == f.descent_m);
    assert_true(c.hysteresis_m == f.hysteresis_m);
    sg_activity_free(a);
}

static void test_real_files(void **state)
{
    (void)state;
    static const char *const files[] = {
        "goldencheetah/Fr955v19.28andStryd.fit",
        "goldencheetah/Garmin920_withFirstbeat.fit",
        "python-fitparse/activity-small-fenix2-run.fit",
        "goldencheetah/10kUNLP2014-Garmin15.fit",
        "goldencheetah/Move_2019_03_17_10_24_32_Running.fit",
        "python-fitparse/compressed-speed-distance.fit",
        "python-fitparse/sample_mulitple_header.fit",
        "goldencheetah/Move_2014_01_17_09_33_11.gpx",
        "goldencheetah/10kUNLP2014-Garmin15.tcx",
        "goldencheetah/2009_09_19_09_22_42.tcx",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        const char *p = sg_test_shared(files[i]);
        SG_REQUIRE_SHARED(p);
        unsigned char *buf;
        size_t len;
        sg_err e;
        if (sg_file_read(NULL, p, 0, &buf, &len, &e))
            fail_msg("%s: %s", files[i], e.msg);
        sg_activity *act;
        if (sg_decode_one(buf, len, p, NULL, &act, NULL, &e))
            fail_msg("%s: %s", files[i], e.msg);
        sg_free(NULL, buf);
        check_agree(act, files[i]);
        sg_activity_free(act);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constructed),
        cmocka_unit_test(test_course_like_runs),
        cmocka_unit_test(test_real_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
