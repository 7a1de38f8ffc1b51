/* Terrain: hysteresis ascent/descent, median outlier repair, grade over a
 * distance window, grade bands, climbs, descent exposure, the altitude
 * source choice, and the repair of absurd samples, on synthetic runs with
 * known answers. */
#include "support/sg_test.h"

#include "analysis/run_internal.h"
#include "run_synth.h"

static void test_hysteresis(void **state)
{
    (void)state;
    /* GoldenCheetah's rule: gain counts only once the altitude leaves the
     * +-3 m band around the last reference point. */
    double a[] = {100, 101, 102, 104, 103, 110, 109, 106, 105, 100, 101, 99};
    double down;
    double up = sg_terrain_hysteresis(a, sizeof a / sizeof a[0], 3.0, &down);
    /* 100 -> 104 (+4), 104 -> 110 (+6); 110 -> 106 (-4), 106 -> 100? 106-3=103 -> 100 (-6), then 99 within band */
    assert_near(up, 10.0, 1e-12);
    assert_near(down, 10.0, 1e-12);
    /* noise inside the band adds nothing */
    double flat[200];
    uint32_t s = 7;
    for (int i = 0; i < 200; i++)
        flat[i] = 50 + 1.4 * synth_noise(&s);
    up = sg_terrain_hysteresis(flat, 200, 3.0, &down);
    assert_near(up, 0, 1e-12);
    assert_near(down, 0, 1e-12);
}

static void test_median_repair(void **state)
{
    (void)state;
    double in[9] = {10, 10.2, 10.4, 60, 10.8, 11, 11.2, -30, 11.6}, out[9];
    size_t fixed = sg_terrain_median_repair(in, out, 9, 5.0);
    assert_int_equal(fixed, 1); /* index 7 is within 2 of the end: not judged */
    assert_near(out[3], 10.8, 1e-12);
    double ramp[7] = {0, 3, 6, 9, 12, 15, 18}, o2[7];
    assert_int_equal(sg_terrain_median_repair(ramp, o2, 7, 1.0), 0); /* monotone never flagged */
}

static void test_step_repair(void **state)
{
    (void)state;
    /* a 3-sample plateau 87 m up (a real fenix 2 start) and a lasting
     * recalibration of -40 m: both removed, the slow climb kept */
    double a[12] = {55, 142.4, 142.4, 142.4, 56, 56.2, 56.4, 16.6, 16.8, 17, 17.2, 17.4};
    double t[12];
    for (int i = 0; i < 12; i++)
        t[i] = i;
    assert_int_equal(sg_terrain_step_repair(a, t, 12, 5.0, 3.0), 3);
    assert_near(a[3], 55, 1e-9);
    assert_near(a[4], 55, 1e-9);
    assert_near(a[11] - a[4], 17.4 - 16.6 + 0.4, 1e-9);
    double down;
    assert_near(sg_terrain_hysteresis(a, 12, 3.0, &down), 0, 1e-9);
    /* a fast but real descent (2 m/s vertical, 4 m per 2-s sample) is kept */
    double b[5] = {100, 96, 92, 88, 84}, tb[5] = {0, 2, 4, 6, 8};
    assert_int_equal(sg_terrain_step_repair(b, tb, 5, 5.0, 3.0), 0);
}

static void test_grade_window(void **state)
{
    (void)state;
    double d[101], a[101], g[101];
    for (int i = 0; i <= 100; i++) {
        d[i] = 10.0 * i;
        a[i] = 0.07 * d[i];
    }
    sg_terrain_grade(d, a, 101, 50, g);
    for (int i = 0; i <= 100; i++)
        assert_near(g[i], 0.07, 1e-12);
    for (int i = 0; i <= 100; i++)
        a[i] = 0.9 * d[i]; /* 90 %: clamped to Minetti's range */
    sg_terrain_grade(d, a, 101, 50, g);
    assert_near(g[50], 0.45, 1e-12);
}

static void test_bands(void **state)
{
    (void)state;
    assert_int_equal(sg_run_band_of(-20), 0);
    assert_int_equal(sg_run_band_of(-15), 0);
    assert_int_equal(sg_run_band_of(-10), 1);
    assert_int_equal(sg_run_band_of(-3), 2);
    assert_int_equal(sg_run_band_of(-2.99), 3);
    assert_int_equal(sg_run_band_of(2.99), 3);
    assert_int_equal(sg_run_band_of(3), 4);
    assert_int_equal(sg_run_band_of(8), 5);
    assert_int_equal(sg_run_band_of(15), 6);
    assert_int_equal(sg_run_band_of(NAN), SG_RUN_FLAT);
    assert_near(sg_run_band_from_pct(0), -45, 0);
    assert_near(sg_run_band_to_pct(3), 3, 0);
}

/* up 2 km at +5 %, 1 km flat, down 1 km at -10 % */
static double profile(double d, void *ctx)
{
    (void)ctx;
    if (d < 2000)
        return 0.05;
    if (d < 3000)
        return 0;
    if (d < 4000)
        return -0.10;
    return 0;
}

static void test_known_ascent(void **state)
{
    (void)state;
    synth s = synth_default(1800, 2.5); /* 4.5 km */
    s.grade = profile;
    sg_activity *a = synth_build(&s, NULL);
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    const sg_run_terrain *t = &r.terrain;
    assert_near(r.distance_m, 1799 * 2.5, 1e-6);
    assert_near(t->ascent_m, 100, 3.0);   /* within one hysteresis band */
    assert_near(t->descent_m, 100, 3.0);
    assert_near(t->hysteresis_m, 1.0, 0);
    /* bands: ~2 km in +3..8, ~1 km in -15..-8; transitions blur over the 50 m window */
    assert_near(t->band[4].distance_m, 2000, 60);
    assert_near(t->band[1].distance_m, 1000, 60);
    double sum = 0, tsum = 0;
    for (int b = 0; b < SG_RUN_N_BANDS; b++) {
        sum += t->band[b].distance_m;
        tsum += t->band[b].time_s;
    }
    assert_near(sum, r.distance_m, 1e-6);
    assert_near(tsum, r.moving_time_s, 1e-6);
    /* descent exposure: 100 m lost below -8 % and -3 % over ~1 km, 400 s */
    assert_near(t->descent_m_below_8pct, 100, 4);
    assert_near(t->descent_m_below_3pct, 100, 4);
    assert_near(t->descent_dist_m_below_8pct, 1000, 40);
    assert_near(t->descent_time_s_below_8pct, 400, 16);
    /* climbs */
    assert_near(t->longest_climb.distance_m, 2000, 60);
    assert_near(t->longest_climb.elevation_m, 100, 3);
    assert_near(t->longest_climb.start_m, 0, 1);
    assert_near(t->longest_descent.distance_m, 1000, 60);
    assert_near(t->longest_descent.elevation_m, -100, 3);
    assert_near(t->steepest_climb.grade_pct, 5, 0.01);
    assert_near(t->steepest_descent.grade_pct, -10, 0.01);
    assert_near(t->steepest_descent.time_s, 80, 0.5);
    assert_near(t->max_alt_m - t->min_alt_m, 100, 0.01);
    sg_activity_free(a);
}

static void test_absurd_samples(void **state)
{
    (void)state;
    synth s = synth_default(1200, 3.0);
    sg_activity *a = synth_build(&s, NULL);
    double **ch = a->ch;
    ch[SG_CH_ALTITUDE][300] += 80;          /* barometer glitch */
    ch[SG_CH_TIME][500] = ch[SG_CH_TIME][499];      /* duplicate timestamp */
    ch[SG_CH_TIME][600] = ch[SG_CH_TIME][10];       /* time going backwards */
    ch[SG_CH_TIME][700] = NAN;                      /* no time */
    for (size_t i = 800; i < 1200; i++)             /* GPS jump of 900 m in distance */
        ch[SG_CH_DISTANCE][i] += 900;
    ch[SG_CH_SPEED][900] = 250;                     /* speed spike */
    ch[SG_CH_DISTANCE][1000] = 5;                   /* distance backwards */
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_int_equal(r.repaired.duplicate_time, 1);
    assert_int_equal(r.repaired.time_backwards, 1);
    assert_int_equal(r.repaired.no_time, 1);
    assert_int_equal(r.repaired.altitude_steps, 2); /* up and back down */
    assert_true(r.repaired.speed_spikes >= 2);
    assert_true(r.repaired.distance_backwards >= 1);
    assert_int_equal(r.samples_used, 1197);
    assert_near(r.distance_m, 1199 * 3.0, 1199 * 3.0 * 0.01);
    assert_near(r.terrain.ascent_m, 0, 1e-9);
    assert_near(r.terrain.descent_m, 0, 1e-9);
    assert_close(r.pace_s_per_km, 1000 / 3.0, 0.01);
    sg_activity_free(a);
}

static void test_missing_and_treadmill(void **state)
{
    (void)state;
    /* no GPS, distance from a foot pod: recognised as treadmill */
    synth s = synth_default(600, 3.0);
    s.gps = false;
    sg_activity *a = synth_build(&s, NULL);
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_true(r.treadmill);
    assert_true(r.missing & SG_RUN_MISSING_GPS);
    assert_true(r.missing & SG_RUN_MISSING_GRADE);
    assert_true(isnan(r.terrain.ascent_m));
    assert_close(r.distance_m, 599 * 3.0, 1e-9);
    sg_activity_free(a);

    /* treadmill by sub-sport even with a (bogus) position */
    s = synth_default(600, 3.0);
    a = synth_build(&s, NULL);
    a->sub_sport = SG_SUB_TREADMILL;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_true(r.treadmill);
    sg_activity_free(a);

    /* GPS only, no distance channel: distance from positions */
    s = synth_default(600, 3.0);
    s.distance = false;
    a = synth_build(&s, NULL);
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_false(r.treadmill);
    assert_close(r.distance_m, 599 * 3.0, 1e-4);
    sg_activity_free(a);

    /* nothing but time and heart rate: still a result, mostly missing */
    a = sg_activity_new(NULL);
    for (int i = 0; i < 100; i++) {
        size_t idx;
        sg_activity_append(a, &idx, NULL);
        sg_activity_set(a, SG_CH_TIME, idx, 1e9 + i, NULL);
        sg_activity_set(a, SG_CH_HEART_RATE, idx, 140, NULL);
    }
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_true(r.missing & SG_RUN_MISSING_DISTANCE);
    assert_true(isnan(r.distance_m));
    assert_near(r.avg_hr, 140, 1e-9);
    sg_activity_free(a);

    /* no usable time at all */
    a = sg_activity_new(NULL);
    size_t idx;
    sg_activity_append(a, &idx, NULL);
    sg_err e;
    assert_int_equal(sg_run_analyze(a, NULL, &r, &e), SG_ENODATA);
    sg_activity_free(a);
}

static void test_gps_altitude(void **state)
{
    (void)state;
    /* a GPS altitude trace: +-4 m of fix-to-fix noise on a flat course */
    synth s = synth_default(1200, 3.0);
    s.alt_source = SG_ALT_UNKNOWN;
    sg_activity *a = synth_build(&s, NULL);
    uint32_t seed = 11;
    for (size_t i = 0; i < a->n; i++)
        a->ch[SG_CH_ALTITUDE][i] += 4 * synth_noise(&seed);
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_int_equal(r.terrain.alt_source, SG_ALT_GPS);
    assert_near(r.terrain.hysteresis_m, 10, 0);
    assert_near(r.terrain.grade_window_m, 100, 0);
    assert_near(r.terrain.ascent_m, 0, 1e-9);
    sg_activity_free(a);
    /* the same course with a smooth trace is taken as barometric */
    s = synth_default(1200, 3.0);
    s.alt_source = SG_ALT_UNKNOWN;
    a = synth_build(&s, NULL);
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_int_equal(r.terrain.alt_source, SG_ALT_BAROMETRIC);
    sg_activity_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hysteresis),
        cmocka_unit_test(test_median_repair),
        cmocka_unit_test(test_step_repair),
        cmocka_unit_test(test_grade_window),
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_known_ascent),
        cmocka_unit_test(test_absurd_samples),
        cmocka_unit_test(test_missing_and_treadmill),
        cmocka_unit_test(test_gps_altitude),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
