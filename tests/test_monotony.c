/* Foster 1998 monotony and strain on a hand-computed week (science §7.4). */
#include "support/sg_test.h"

#include "analysis/load_internal.h"

static void test_hand_week(void **state)
{
    (void)state;
    /* sRPE loads Mon..Sun with three rest days; mean 32.142857,
     * population SD 32.498, monotony 0.98907, strain 225 x 0.98907 */
    const double w[7] = {60, 0, 45, 0, 90, 30, 0};
    double m, s;
    sg_monotony(w, 7, &m, &s);
    assert_close(m, 0.9890707100936806, 1e-12);
    assert_close(s, 222.54090977107816, 1e-12);
    /* the sample SD (n - 1) would give 0.9157: we use the population SD */
    assert_true(fabs(m - 0.9157015435010397) > 0.05);
}

static void test_undefined(void **state)
{
    (void)state;
    double m, s;
    const double same[7] = {50, 50, 50, 50, 50, 50, 50};
    sg_monotony(same, 7, &m, &s);
    assert_true(isnan(m) && isnan(s));
    const double zero[7] = {0};
    sg_monotony(zero, 7, &m, &s);
    assert_true(isnan(m) && isnan(s));
    const double hole[7] = {10, NAN, 0, 0, 0, 0, 0};
    sg_monotony(hole, 7, &m, &s);
    assert_true(isnan(m));
    sg_monotony(same, 1, &m, &s);
    assert_true(isnan(m));
}

static void test_week_in_result(void **state)
{
    (void)state;
    /* the same week through sg_load_analyze with sRPE loads:
     * Monday 2024-01-01 (day 19723); load = RPE x minutes */
    const double mins[7] = {60, 0, 45, 0, 90, 30, 0};
    sg_run_summary r[7];
    size_t n = 0;
    for (int d = 0; d < 7; d++) {
        if (!mins[d])
            continue;
        sg_run_summary_init(&r[n]);
        r[n].activity_id = d + 1;
        r[n].start = (19723 + d) * 86400.0 + 7 * 3600;
        r[n].sport = SG_SPORT_RUNNING;
        r[n].distance_m = mins[d] * 200;
        r[n].moving_time_s = r[n].duration_s = mins[d] * 60;
        r[n].srpe = 1;
        n++;
    }
    sg_load_opts o;
    sg_load_opts_init(&o, (19723 + 7) * 86400.0 + 3600);   /* the next Monday */
    o.metric = SG_LOAD_SRPE;
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(r, n, &o, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->n_weeks, 2);
    assert_int_equal(res->weeks[0].week_start, 19723);
    assert_false(res->weeks[0].partial);
    assert_close(res->weeks[0].monotony, 0.9890707100936806, 1e-9);
    assert_close(res->weeks[0].strain, 222.54090977107816, 1e-9);
    assert_true(res->weeks[1].partial);           /* the current week */
    assert_true(isnan(res->weeks[1].monotony));
    sg_load_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_week),
        cmocka_unit_test(test_undefined),
        cmocka_unit_test(test_week_in_result),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
