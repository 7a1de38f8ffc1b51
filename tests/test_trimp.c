/* Banister TRIMP (science §7.3): the per-minute weights for both sexes, the
 * per-sample sum over an activity, pause capping, and the HRmax helpers. */
#include "support/sg_test.h"

#include "strideguard/load.h"

static sg_activity *hr_activity(size_t n, double dt, double hr)
{
    sg_activity *a = sg_activity_new(NULL);
    assert_non_null(a);
    for (size_t i = 0; i < n; i++) {
        size_t idx;
        assert_int_equal(sg_activity_append(a, &idx, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_TIME, idx, 1.7e9 + (double)i * dt, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_HEART_RATE, idx, hr, NULL), SG_OK);
    }
    return a;
}

/* science.md §6: at HRr = 1 the per-minute maximum is 4.365 (men), 4.568 (women) */
static void test_per_minute_published(void **state)
{
    (void)state;
    assert_near(sg_trimp_per_minute(1.0, SG_SEX_MALE), 4.365, 0.0005);
    assert_near(sg_trimp_per_minute(1.0, SG_SEX_FEMALE), 4.568, 0.0005);
    assert_near(sg_trimp_per_minute(1.0, SG_SEX_UNKNOWN), 4.365, 0.0005);
    assert_near(sg_trimp_per_minute(0.0, SG_SEX_FEMALE), 0.0, 0);
    /* hand: 0.5 * 0.64 * e^(0.96) */
    assert_close(sg_trimp_per_minute(0.5, SG_SEX_MALE), 0.8357428714953977, 1e-12);
}

static void test_activity_sum(void **state)
{
    (void)state;
    /* 61 samples 1 s apart at HRmax = 60 s = 1 min at HRr 1 */
    sg_activity *a = hr_activity(61, 1.0, 190);
    assert_close(sg_trimp_activity(a, 60, 190, SG_SEX_MALE), 4.36541342034608, 1e-12);
    assert_close(sg_trimp_activity(a, 60, 190, SG_SEX_FEMALE), 4.568464305575803, 1e-12);
    /* above HRmax is clamped to HRr 1 */
    assert_close(sg_trimp_activity(a, 60, 180, SG_SEX_MALE), 4.36541342034608, 1e-12);
    /* below rest contributes nothing */
    assert_close(sg_trimp_activity(a, 195, 200, SG_SEX_MALE), 0.0, 0);
    sg_activity_free(a);

    /* 10 minutes at HRr 0.5 */
    a = hr_activity(601, 1.0, 125);
    assert_close(sg_trimp_activity(a, 60, 190, SG_SEX_MALE), 10 * 0.8357428714953977, 1e-9);
    sg_activity_free(a);
}

static void test_pause_capped(void **state)
{
    (void)state;
    /* samples 100 s apart: each interval counts 20 s, so 3 intervals = 1 min */
    sg_activity *a = hr_activity(4, 100.0, 190);
    assert_close(sg_trimp_activity(a, 60, 190, SG_SEX_MALE), 4.36541342034608, 1e-12);
    sg_activity_free(a);
}

static void test_histogram(void **state)
{
    (void)state;
    /* the histogram counts what sg_trimp_activity counts: 100 s gaps capped */
    double hs[SG_TRIMP_HR_BINS], hm[SG_TRIMP_HR_BINS];
    sg_activity *a = hr_activity(4, 100.0, 190);
    sg_trimp_hr_histogram(a, hs, hm);
    assert_close(hs[190 - SG_TRIMP_HR_LO], 60.0, 0);
    assert_close(hm[190 - SG_TRIMP_HR_LO], 190.0, 0);
    assert_close(sg_trimp_from_histogram(hs, hm, 60, 190, SG_SEX_MALE),
                 sg_trimp_activity(a, 60, 190, SG_SEX_MALE), 1e-12);
    assert_true(isnan(sg_trimp_from_histogram(hs, hm, 190, 60, SG_SEX_MALE)));
    sg_activity_free(a);
    sg_trimp_hr_histogram(NULL, hs, hm);
    assert_true(isnan(sg_trimp_from_histogram(hs, hm, 60, 190, SG_SEX_MALE)));
}

static void test_on_foot(void **state)
{
    (void)state;
    assert_true(sg_sport_on_foot(SG_SPORT_RUNNING) && sg_sport_on_foot(SG_SPORT_HIKING));
    assert_false(sg_sport_on_foot(SG_SPORT_UNKNOWN) || sg_sport_on_foot(SG_SPORT_CYCLING));
    assert_true(sg_load_on_foot(SG_SPORT_UNKNOWN) && sg_load_on_foot(SG_SPORT_WALKING));
    assert_false(sg_load_on_foot(SG_SPORT_CYCLING));
}

static void test_unusable(void **state)
{
    (void)state;
    sg_activity *a = hr_activity(10, 1.0, 150);
    assert_true(isnan(sg_trimp_activity(a, 190, 60, SG_SEX_MALE)));
    assert_true(isnan(sg_trimp_activity(a, NAN, 190, SG_SEX_MALE)));
    assert_true(isnan(sg_trimp_activity(NULL, 60, 190, SG_SEX_MALE)));
    sg_activity_free(a);
    a = sg_activity_new(NULL);
    size_t idx;
    assert_int_equal(sg_activity_append(a, &idx, NULL), SG_OK);
    assert_int_equal(sg_activity_append(a, &idx, NULL), SG_OK);
    assert_int_equal(sg_activity_set(a, SG_CH_TIME, 0, 1, NULL), SG_OK);
    assert_int_equal(sg_activity_set(a, SG_CH_TIME, 1, 2, NULL), SG_OK);
    assert_true(isnan(sg_trimp_activity(a, 60, 190, SG_SEX_MALE)));   /* no HR column */
    assert_true(isnan(sg_trimp_hr_peak(a)));
    sg_activity_free(a);
}

static void test_hr_peak_ignores_spikes(void **state)
{
    (void)state;
    sg_activity *a = hr_activity(600, 1.0, 150);
    a->ch[SG_CH_HEART_RATE][100] = 225;   /* optical sensor locking onto cadence */
    a->ch[SG_CH_HEART_RATE][101] = 226;
    a->ch[SG_CH_HEART_RATE][300] = 300;   /* implausible, ignored outright */
    assert_close(sg_trimp_hr_peak(a), 150, 0);
    for (size_t i = 500; i < 600; i++)
        a->ch[SG_CH_HEART_RATE][i] = 172;   /* a real finishing kick */
    assert_close(sg_trimp_hr_peak(a), 172, 0);
    sg_activity_free(a);
    a = hr_activity(59, 1.0, 150);
    assert_true(isnan(sg_trimp_hr_peak(a)));
    sg_activity_free(a);
}

static void test_estimate_hr_max(void **state)
{
    (void)state;
    const double today = 1.7e9;
    sg_run_summary r[6];
    for (int i = 0; i < 6; i++) {
        sg_run_summary_init(&r[i]);
        r[i].start = today - (i + 1) * 10 * 86400.0;
    }
    r[0].hr_peak = 170;
    r[1].hr_peak = 183;
    r[2].hr_peak = 176;
    r[3].hr_peak = 250;                   /* implausible */
    r[4].start = today - 800 * 86400.0;   /* old run with a higher peak */
    r[4].hr_peak = 195;
    size_t used = 0;
    assert_close(sg_load_estimate_hr_max(r, 6, today, &used), 183, 0);
    assert_int_equal(used, 3);
    r[2].hr_peak = NAN;                   /* only 2 recent: fall back to all */
    assert_close(sg_load_estimate_hr_max(r, 6, today, &used), 195, 0);
    assert_int_equal(used, 3);
    assert_true(isnan(sg_load_estimate_hr_max(r, 0, today, NULL)));
}

static void test_summary_from_activity(void **state)
{
    (void)state;
    sg_activity *a = hr_activity(601, 1.0, 125);
    a->sport = SG_SPORT_RUNNING;
    for (size_t i = 0; i < a->n; i++)
        assert_int_equal(sg_activity_set(a, SG_CH_DISTANCE, i, 3.0 * (double)i, NULL), SG_OK);
    sg_run_summary s;
    sg_load_summary_from_activity(a, 7, 60, 190, SG_SEX_MALE, &s);
    assert_int_equal(s.activity_id, 7);
    assert_close(s.start, 1.7e9, 0);
    assert_close(s.distance_m, 1800, 0);
    assert_close(s.duration_s, 600, 0);
    assert_true(isnan(s.moving_time_s));
    assert_close(s.trimp, 10 * 0.8357428714953977, 1e-9);
    assert_close(s.hr_peak, 125, 0);
    assert_int_equal(s.sport, SG_SPORT_RUNNING);
    sg_session ses = {0};
    sg_totals_init(&ses.totals);
    ses.totals.start_time = 1.7e9 - 5;
    ses.totals.distance_m = 1805;
    ses.totals.timer_s = 590;
    ses.totals.descent_m = 12;
    assert_int_equal(sg_activity_add_session(a, &ses, NULL), SG_OK);
    sg_load_summary_from_activity(a, 7, 60, 190, SG_SEX_MALE, &s);
    assert_close(s.start, 1.7e9 - 5, 0);
    assert_close(s.distance_m, 1805, 0);
    assert_close(s.moving_time_s, 590, 0);
    assert_close(s.descent_m, 12, 0);
    a->time_relative = true;
    sg_load_summary_from_activity(a, 7, 60, 190, SG_SEX_MALE, &s);
    assert_true(isnan(s.start));
    sg_activity_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_minute_published), cmocka_unit_test(test_activity_sum),
        cmocka_unit_test(test_pause_capped),         cmocka_unit_test(test_unusable),
        cmocka_unit_test(test_hr_peak_ignores_spikes), cmocka_unit_test(test_estimate_hr_max),
        cmocka_unit_test(test_summary_from_activity), cmocka_unit_test(test_histogram),
        cmocka_unit_test(test_on_foot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
