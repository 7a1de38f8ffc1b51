/* The daily series and its bad inputs (science §7.2): UTC days, rest days
 * zero, Monday weeks, duplicates from two devices, clock-wrong activities,
 * months-long gaps, metric choice, empty input and allocation failure. */
#include "support/sg_test.h"

#include <string.h>

#include "model/jsonw.h"
#include "render/load_json.h"
#include "render/load_text.h"
#include "strideguard/load.h"

#define D0 19723   /* Monday 2024-01-01 */
#define DAY 86400.0

static sg_run_summary mk(int64_t id, double start, double km)
{
    sg_run_summary r;
    sg_run_summary_init(&r);
    r.activity_id = id;
    r.start = start;
    r.sport = SG_SPORT_RUNNING;
    r.distance_m = km * 1000;
    r.moving_time_s = r.duration_s = km * 330;
    return r;
}

static const sg_load_flag *flag(const sg_load_result *r, const char *code)
{
    for (size_t i = 0; i < r->n_flags; i++)
        if (strcmp(r->flags[i].code, code) == 0)
            return &r->flags[i];
    return NULL;
}

static void test_dates(void **state)
{
    (void)state;
    char b[11];
    assert_string_equal(sg_load_day_str(0, b), "1970-01-01");
    assert_string_equal(sg_load_day_str(D0, b), "2024-01-01");
    assert_string_equal(sg_load_day_str(D0 + 59, b), "2024-02-29");
    assert_string_equal(sg_load_day_str(-1, b), "1969-12-31");
    assert_int_equal(sg_load_day_of(D0 * DAY + 86399), D0);
    assert_int_equal(sg_load_day_of(D0 * DAY + 86400), D0 + 1);
    assert_int_equal(sg_load_day_of(-1), -1);
    assert_int_equal(sg_load_monday(D0 + 6), D0);   /* Sunday -> its Monday */
    assert_int_equal(sg_load_monday(D0 + 7), D0 + 7);
    assert_int_equal(sg_load_monday(0), -3);        /* 1970-01-01 was a Thursday */
}

static void test_series_utc_rest_weeks(void **state)
{
    (void)state;
    sg_run_summary r[4] = {
        mk(1, D0 * DAY + 86399, 10),         /* Mon 23:59:59 UTC: Monday */
        mk(2, (D0 + 1) * DAY + 6 * 3600, 5), /* Tuesday */
        mk(3, (D0 + 7) * DAY + 3600, 12),    /* next Monday */
        mk(4, (D0 + 9) * DAY + 3600, 6),
    };
    r[0].ascent_m = 100;
    r[0].descent_m = 120;
    r[0].impact_weighted_km = 11.5;
    r[0].srpe = 4;
    sg_load_opts o;
    sg_load_opts_init(&o, (D0 + 9) * DAY + 7200);
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(r, 4, &o, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->metric, SG_LOAD_DISTANCE);   /* no TRIMP, few sRPE */
    assert_int_equal(res->n_days, 10);
    assert_close(res->days[0].distance_m, 10000, 0);
    assert_close(res->days[0].descent_m, 120, 0);
    assert_close(res->days[0].impact_weighted_km, 11.5, 0);
    assert_close(res->days[0].srpe_load, 4 * 55, 1e-9);
    assert_true(isnan(res->days[1].srpe_load));
    assert_close(res->days[1].distance_m, 5000, 0);
    for (int d = 2; d < 7; d++) {   /* rest days are zero, not gaps */
        assert_close(res->days[d].distance_m, 0, 0);
        assert_close(res->days[d].load, 0, 0);
        assert_false(res->days[d].gap);
    }
    assert_int_equal(res->n_weeks, 2);
    assert_int_equal(res->weeks[0].week_start, D0);
    assert_close(res->weeks[0].distance_m, 15000, 0);
    assert_false(res->weeks[0].partial);
    assert_close(res->weeks[0].longest_run_m, 10000, 0);
    assert_close(res->days[0].longest_run_m, 10000, 0);
    assert_true(res->weeks[1].partial);
    assert_true(isnan(res->weeks[1].change_pct));   /* partial week is not compared */
    assert_true(flag(res, "hr_rest_default") != NULL);
    assert_true(flag(res, "hr_max_unknown") != NULL);
    sg_load_result_free(res);
}

static void test_week_change(void **state)
{
    (void)state;
    sg_run_summary r[3] = {mk(1, D0 * DAY + 3600, 20), mk(2, (D0 + 7) * DAY + 3600, 25),
                           mk(3, (D0 + 14) * DAY + 3600, 5)};
    sg_load_opts o;
    sg_load_opts_init(&o, (D0 + 14) * DAY + 7200);
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(r, 3, &o, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->n_weeks, 3);
    assert_true(isnan(res->weeks[0].change_pct));
    assert_close(res->weeks[1].change_pct, 25, 1e-9);
    assert_true(isnan(res->weeks[2].change_pct));
    sg_load_result_free(res);
}

static void test_duplicates_two_devices(void **state)
{
    (void)state;
    const double t = (D0 + 3) * DAY + 8 * 3600;
    sg_run_summary r[3];
    r[0] = mk(10, t, 10.0);            /* watch: heart rate and terrain */
    r[0].trimp = 80;
    r[0].hr_peak = 175;
    r[0].descent_m = 90;
    r[0].impact_weighted_km = 10.8;
    r[1] = mk(11, t + 40, 10.1);       /* phone, 40 s later, bare */
    r[1].srpe = 6;                     /* the RPE was logged on this copy */
    r[2] = mk(12, t + 2 * 3600, 5);    /* a separate run the same day */
    sg_load_opts o;
    sg_load_opts_init(&o, (D0 + 4) * DAY);
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(r, 3, &o, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->n_used, 2);
    assert_int_equal(res->n_duplicates, 1);
    assert_int_equal(res->duplicates[0].kept_id, 10);
    assert_int_equal(res->duplicates[0].dropped_id, 11);
    assert_close(res->duplicates[0].overlap_s, 3300 - 40, 1e-9);
    assert_close(res->days[0].distance_m, 15000, 0);
    assert_close(res->days[0].srpe_load, 6 * 55, 1e-9);   /* carried over */
    assert_close(res->days[0].trimp, 80, 0);
    assert_int_equal(res->days[0].activities, 2);
    assert_true(flag(res, "duplicates_merged") != NULL);
    /* the phone's copy is first in input order: same result */
    sg_run_summary s[3] = {r[1], r[2], r[0]};
    sg_load_result *res2 = NULL;
    assert_int_equal(sg_load_analyze(s, 3, &o, NULL, &res2, NULL), SG_OK);
    assert_int_equal(res2->duplicates[0].kept_id, 10);
    assert_close(res2->days[0].srpe_load, 6 * 55, 1e-9);
    sg_load_result_free(res);
    sg_load_result_free(res2);
}

static void test_clock_wrong_excluded(void **state)
{
    (void)state;
    sg_run_summary r[5] = {
        mk(1, D0 * DAY + 3600, 8),
        mk(2, 631065600.0 + 100, 8),        /* 1989-12-31: FIT time zero */
        mk(3, (D0 + 400) * DAY, 8),         /* next year */
        mk(4, NAN, 8),
        mk(5, (D0 + 1) * DAY + 3600, -3),   /* negative distance */
    };
    sg_load_opts o;
    sg_load_opts_init(&o, (D0 + 2) * DAY);
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(r, 5, &o, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->n_used, 1);
    assert_int_equal(res->n_excluded, 4);
    assert_int_equal(res->excluded[0].activity_id, 2);
    assert_int_equal(res->excluded[0].reason, SG_EXCL_BEFORE_2000);
    assert_int_equal(res->excluded[1].reason, SG_EXCL_FUTURE);
    assert_int_equal(res->excluded[2].reason, SG_EXCL_INVALID);
    assert_int_equal(res->excluded[3].reason, SG_EXCL_INVALID);
    assert_string_equal(sg_excl_reason_name(SG_EXCL_BEFORE_2000), "clock_before_2000");
    /* the series starts at the real run, not in 1989 */
    assert_int_equal(res->n_days, 3);
    assert_int_equal(res->days[0].day, D0);
    assert_true(flag(res, "activities_excluded") != NULL);
    sg_load_result_free(res);
}

static void test_months_gap(void **state)
{
    (void)state;
    sg_run_summary r[80];
    size_t n = 0;
    for (int d = 0; d < 70; d += 2)          /* every other day */
        r[n] = mk((int64_t)n + 1, (D0 + d) * DAY + 3600, 8), n++;
    for (int d = 160; d < 200; d += 2)       /* back after ~3 months */
        r[n] = mk((int64_t)n + 1, (D0 + d) * DAY + 3600, 8), n++;
    sg_load_opts o;
    sg_load_opts_init(&o, (D0 + 199) * DAY + 7200);
    o.weeks = 40;
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(r, n, &o, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->gap_threshold_days, 14);
    assert_false(res->days[67].gap);   /* a one-day rest */
    assert_true(res->days[69].gap);
    assert_true(res->days[159].gap);
    assert_false(res->days[160].gap);
    assert_true(flag(res, "data_gap") != NULL);
    /* the first run after the gap has no 30-day baseline: a return from a
     * break (issue #13), not a spike of Frandsen's categories */
    for (size_t i = 0; i < res->n_spikes; i++)
        if (res->spikes[i].day == D0 + 160)
            assert_int_equal(res->spikes[i].category, SG_SPIKE_RETURN);
    /* gap weeks: no monotony, no week-over-week change */
    for (size_t w = 0; w < res->n_weeks; w++)
        if (res->weeks[w].gap_days) {
            assert_true(isnan(res->weeks[w].monotony));
            assert_true(isnan(res->weeks[w].change_pct));
            if (w + 1 < res->n_weeks)
                assert_true(isnan(res->weeks[w + 1].change_pct));
        }
    /* a trailing stretch without data is a gap too */
    sg_load_opts_init(&o, (D0 + 240) * DAY);
    sg_load_result *res2 = NULL;
    assert_int_equal(sg_load_analyze(r, n, &o, NULL, &res2, NULL), SG_OK);
    assert_true(res2->days[res2->n_days - 1].gap);
    sg_load_result_free(res);
    sg_load_result_free(res2);
}

static void test_sparse_runner_threshold(void **state)
{
    (void)state;
    /* one run every 8 days: 3 x median = 24 days before an empty stretch
     * counts as missing data */
    sg_run_summary r[20];
    for (int i = 0; i < 20; i++)
        r[i] = mk(i + 1, (D0 + 8 * i) * DAY + 3600, 10);
    sg_load_opts o;
    sg_load_opts_init(&o, (D0 + 8 * 19) * DAY + 7200);
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(r, 20, &o, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->gap_threshold_days, 24);
    for (size_t i = 0; i < res->n_days; i++)
        assert_false(res->days[i].gap);
    sg_load_result_free(res);
}

static void test_metric_auto_and_imputed(void **state)
{
    (void)state;
    sg_run_summary r[10];
    for (int i = 0; i < 10; i++) {
        r[i] = mk(i + 1, (D0 + i) * DAY + 3600, 10);   /* 55 min each */
        r[i].trimp = i < 8 ? 110 : NAN;                /* 2 min/min */
        r[i].hr_peak = 170 + i;
    }
    r[9].moving_time_s = 30 * 60;
    sg_athlete ath;
    sg_athlete_init(&ath, NULL);
    ath.hr_rest = 48;
    sg_load_opts o;
    sg_load_opts_init(&o, (D0 + 9) * DAY + 7200);
    o.athlete = &ath;
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(r, 10, &o, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->metric, SG_LOAD_TRIMP);
    assert_int_equal(res->n_imputed, 2);
    assert_close(res->days[8].load, 110, 1e-9);
    assert_close(res->days[9].load, 60, 1e-9);   /* median 2/min x 30 min */
    assert_true(isnan(res->days[9].trimp));       /* the column itself stays honest */
    assert_true(res->hr_max_estimated);
    assert_close(res->hr_max, 179, 0);
    assert_false(res->hr_rest_default);
    assert_true(flag(res, "load_imputed") != NULL);
    assert_true(flag(res, "hr_max_estimated") != NULL);
    sg_load_result_free(res);
    /* given HRmax: no estimate */
    ath.hr_max = 192;
    assert_int_equal(sg_load_analyze(r, 10, &o, NULL, &res, NULL), SG_OK);
    assert_false(res->hr_max_estimated);
    assert_close(res->hr_max, 192, 0);
    sg_load_result_free(res);
    sg_athlete_clear(&ath);
}

static void test_empty_and_usage(void **state)
{
    (void)state;
    sg_load_opts o;
    sg_load_opts_init(&o, D0 * DAY);
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(NULL, 0, &o, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->n_days, 0);
    assert_true(flag(res, "no_data") != NULL);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_load_json(&w, res, true);
    assert_int_equal(sg_jw_error(&w), 0);
    sg_jw_dispose(&w);
    FILE *f = fopen("/dev/null", "w");
    assert_int_equal(sg_load_text(f, res, true), 0);
    fclose(f);
    sg_load_result_free(res);
    sg_err e;
    sg_load_opts_init(&o, NAN);
    assert_int_equal(sg_load_analyze(NULL, 0, &o, NULL, &res, &e), SG_EUSAGE);
    assert_null(res);
    sg_load_opts_init(&o, 1e300);
    assert_int_equal(sg_load_analyze(NULL, 0, &o, NULL, &res, &e), SG_EUSAGE);
    /* absurd run starts and race dates are reported, not undefined behaviour */
    sg_run_summary r[2] = {mk(1, 1e300, 5), mk(2, -1e300, 5)};
    sg_load_opts_init(&o, D0 * DAY);
    o.race_date = 1e300;
    assert_int_equal(sg_load_analyze(r, 2, &o, NULL, &res, &e), SG_OK);
    assert_int_equal(res->n_excluded, 2);
    assert_false(res->has_race);
    assert_true(flag(res, "race_date_invalid") != NULL);
    sg_load_result_free(res);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    sg_run_summary r[30];
    for (int i = 0; i < 30; i++)
        r[i] = mk(i + 1, (D0 + 2 * i) * DAY + 3600, 8 + i % 3);
    r[5] = mk(99, r[4].start + 10, 8);   /* a duplicate */
    sg_load_opts o;
    sg_load_opts_init(&o, (D0 + 70) * DAY);
    o.race_date = (D0 + 90) * DAY;
    int ok = 0;
    for (long n = 1; n < 60; n++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, n);
        sg_load_result *res = NULL;
        sg_err e;
        int rc = sg_load_analyze(r, 30, &o, &fa.base, &res, &e);
        if (rc == SG_OK) {
            ok++;
            sg_load_result_free(res);
        } else {
            assert_int_equal(rc, SG_ENOMEM);
            assert_null(res);
        }
        assert_int_equal(fa.live, 0);
    }
    assert_true(ok > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_series_utc_rest_weeks),
        cmocka_unit_test(test_week_change),
        cmocka_unit_test(test_duplicates_two_devices),
        cmocka_unit_test(test_clock_wrong_excluded),
        cmocka_unit_test(test_months_gap),
        cmocka_unit_test(test_sparse_runner_threshold),
        cmocka_unit_test(test_metric_auto_and_imputed),
        cmocka_unit_test(test_empty_and_usage),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
