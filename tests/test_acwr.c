/* Williams et al. 2017 EWMA acute:chronic ratio (science §7.5): the
 * recurrence, a hand-computed example, and the letter's point that the EWMA
 * ratio responds to how recent the load is while rolling averages do not. */
#include "support/sg_test.h"

#include "analysis/load_internal.h"

static void test_lambda(void **state)
{
    (void)state;
    assert_close(sg_ewma_lambda(7), 0.25, 1e-15);
    assert_close(sg_ewma_lambda(28), 2.0 / 29.0, 1e-15);
    assert_near(sg_ewma_lambda(28), 0.0690, 0.00005);   /* as printed in science.md */
}

static void test_hand_computed(void **state)
{
    (void)state;
    const double load[] = {400, 0, 600, 200};
    double a[4], c[4];
    sg_ewma(load, 4, 0.25, a);
    assert_close(a[0], 400, 0);      /* seeded with the first day's load */
    assert_close(a[1], 300, 1e-12);
    assert_close(a[2], 375, 1e-12);
    assert_close(a[3], 331.25, 1e-12);
    sg_ewma(load, 4, 2.0 / 29.0, c);
    assert_close(c[1], 372.41379310344826, 1e-12);
    assert_close(c[2], 388.1093935790725, 1e-12);
    assert_close(c[3], 375.1363319529296, 1e-12);
    assert_close(a[3] / c[3], 331.25 / 375.1363319529296, 1e-12);
}

static double rolling_ratio(const double *l, int t)
{
    double acute = 0, chronic = 0;
    for (int i = t - 6; i <= t; i++)
        acute += l[i];
    for (int i = t - 27; i <= t; i++)
        chronic += l[i];
    return (acute / 7) / (chronic / 28);
}

/* The letter's three fictitious athletes had the same rolling-average ratio
 * (1.43) on day 28 but EWMA ratios of 1.25, 1.41 and 1.55, depending on when
 * in the last week the load fell. Their daily data are only in a figure, so we
 * build three athletes with the same property: identical 28-day and 7-day
 * totals, the acute week's load early, spread, or late. */
static void test_recency_property(void **state)
{
    (void)state;
    double l[3][28];
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < 21; i++)
            l[k][i] = 300;
    const double early[7] = {900, 900, 900, 100, 100, 100, 0};
    const double even[7] = {430, 430, 430, 430, 430, 430, 420};
    const double late[7] = {0, 100, 100, 100, 900, 900, 900};
    for (int i = 0; i < 7; i++) {
        l[0][21 + i] = early[i];
        l[1][21 + i] = even[i];
        l[2][21 + i] = late[i];
    }
    double ratio[3];
    for (int k = 0; k < 3; k++) {
        double a[28], c[28];
        sg_ewma(l[k], 28, sg_ewma_lambda(7), a);
        sg_ewma(l[k], 28, sg_ewma_lambda(28), c);
        ratio[k] = a[27] / c[27];
        assert_close(rolling_ratio(l[k], 27), rolling_ratio(l[0], 27), 1e-12);
    }
    assert_close(rolling_ratio(l[0], 27), 3000.0 / 7 / ((21 * 300 + 3000) / 28.0), 1e-12);
    assert_true(ratio[0] < ratio[1]);
    assert_true(ratio[1] < ratio[2]);
    /* and by a margin like the letter's (1.25 .. 1.55 around 1.43) */
    assert_true(ratio[2] - ratio[0] > 0.2);
}

/* One hard day after steady training moves the EWMA acute load by
 * lambda = 25 % of the jump, a 7-day rolling mean by 1/7 = 14 %. */
static void test_responds_faster_than_rolling(void **state)
{
    (void)state;
    double l[40], a[40];
    for (int i = 0; i < 40; i++)
        l[i] = i == 39 ? 1000 : 200;
    sg_ewma(l, 40, sg_ewma_lambda(7), a);
    double rolling = 0;
    for (int i = 33; i < 40; i++)
        rolling += l[i] / 7;
    assert_close(a[39] - 200, 0.25 * 800, 1e-9);
    assert_close(rolling - 200, 800.0 / 7, 1e-9);
    assert_true(a[39] > rolling);
}

static void add_run(sg_run_summary *r, int64_t id, int32_t day, double km)
{
    sg_run_summary_init(r);
    r->activity_id = id;
    r->start = day * 86400.0 + 8 * 3600;
    r->sport = SG_SPORT_RUNNING;
    r->distance_m = km * 1000;
    r->moving_time_s = r->duration_s = km * 330;
}

/* In the result: null until a 28-day chronic window exists, and null while a
 * data gap lies inside that window. */
static void test_in_result_windows(void **state)
{
    (void)state;
    sg_run_summary r[200];
    size_t n = 0;
    const int32_t d0 = 19723;
    for (int d = 0; d < 60; d += 2)
        add_run(&r[n], (int64_t)n + 1, d0 + d, 8), n++;
    for (int d = 90; d < 130; d += 2)   /* 30 empty days (a gap) before this */
        add_run(&r[n], (int64_t)n + 1, d0 + d, 8), n++;
    sg_load_opts o;
    sg_load_opts_init(&o, (d0 + 129) * 86400.0 + 20 * 3600);
    o.metric = SG_LOAD_DISTANCE;
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(r, n, &o, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->n_days, 130);
    assert_true(isnan(res->days[26].acwr));
    assert_false(isnan(res->days[27].acwr));
    assert_true(res->days[70].gap);
    assert_true(isnan(res->days[100].acwr));   /* gap ended at day 89 */
    assert_true(isnan(res->days[116].acwr));
    assert_false(isnan(res->days[117].acwr));
    /* the ratio is the EWMA quotient; EWMA seeded with the first day */
    assert_close(res->days[0].ewma_acute, 8, 1e-12);
    assert_close(res->days[40].acwr, res->days[40].ewma_acute / res->days[40].ewma_chronic, 1e-12);
    assert_close(res->acwr, res->days[129].acwr, 0);
    sg_load_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lambda),
        cmocka_unit_test(test_hand_computed),
        cmocka_unit_test(test_recency_property),
        cmocka_unit_test(test_responds_faster_than_rolling),
        cmocka_unit_test(test_in_result_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
