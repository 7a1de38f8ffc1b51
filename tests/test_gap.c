/* Grade-adjusted pace: Minetti et al. 2002 energy cost, the published table
 * as test vectors (../shared/research/science.md §1), and GAP on synthetic
 * runs of constant grade. */
#include "support/sg_test.h"

#include "analysis/run_internal.h"
#include "run_synth.h"

static void test_minetti_table(void **state)
{
    (void)state;
    /* i, Cr(i), Cr(i)/Cr(0) as tabulated (3 decimals) */
    static const double tab[][3] = {
        {-0.45, 4.032, 1.120}, {-0.30, 2.462, 0.684}, {-0.20, 1.800, 0.500},
        {-0.10, 2.152, 0.598}, {-0.05, 2.746, 0.763}, {0.00, 3.600, 1.000},
        {0.05, 4.685, 1.301},  {0.10, 5.968, 1.658},  {0.20, 9.007, 2.502},
        {0.30, 12.579, 3.494}, {0.45, 19.426, 5.396},
    };
    for (size_t k = 0; k < sizeof tab / sizeof tab[0]; k++) {
        assert_near(sg_gap_cr(tab[k][0]), tab[k][1], 0.0006);
        assert_near(sg_gap_factor(tab[k][0]), tab[k][2], 0.0006);
    }
}

static void test_minetti_measured(void **state)
{
    (void)state;
    /* the fit against the paper's measured means +- SD (abstract) */
    assert_near(sg_gap_cr(0.0), 3.40, 0.24);
    assert_near(sg_gap_cr(0.45), 18.93, 1.74);
    assert_near(sg_gap_cr(-0.20), 1.73, 0.36);
    assert_near(sg_gap_cr(-0.45), 3.92, 0.81);
    /* the polynomial's minimum: 1.781 near i = -0.181 */
    double best = 1e9, at = 0;
    for (double i = -0.45; i <= 0.45; i += 0.0005) {
        double c = sg_gap_cr(i);
        if (c < best) {
            best = c;
            at = i;
        }
    }
    assert_near(best, 1.781, 0.001);
    assert_near(at, -0.181, 0.002);
}

static void test_clamp(void **state)
{
    (void)state;
    assert_close(sg_gap_cr(0.8), sg_gap_cr(0.45), 1e-12);
    assert_close(sg_gap_cr(-2), sg_gap_cr(-0.45), 1e-12);
    assert_true(isnan(sg_gap_cr(NAN)));
}

static void run_const(double grade, double speed, sg_run_result *r)
{
    synth s = synth_default(3600, speed);
    s.grade = grade_const;
    s.grade_ctx = &grade;
    sg_activity *a = synth_build(&s, NULL);
    assert_non_null(a);
    assert_int_equal(sg_run_analyze(a, NULL, r, NULL), SG_OK);
    sg_activity_free(a);
}

static void test_gap_constant_grade(void **state)
{
    (void)state;
    sg_run_result r;
    run_const(0.0, 3.0, &r);
    assert_close(r.pace_s_per_km, 1000.0 / 3.0, 1e-6);
    assert_close(r.gap_pace_s_per_km, r.pace_s_per_km, 1e-6);

    /* +5 %: the whole run costs Cr(0.05)/Cr(0) = 1.301 times the flat */
    run_const(0.05, 3.0, &r);
    assert_close(r.gap_pace_s_per_km, r.pace_s_per_km / sg_gap_factor(0.05), 1e-4);
    assert_near(r.gap_pace_s_per_km, 1000.0 / 3.0 / 1.301, 0.3);

    /* -10 %: cheaper than flat, so the GAP is slower than the pace */
    run_const(-0.10, 3.0, &r);
    assert_close(r.gap_pace_s_per_km, r.pace_s_per_km / 0.598, 1e-3);
    sg_run_result_free(&r);
}

static void test_gap_needs_grade(void **state)
{
    (void)state;
    synth s = synth_default(600, 3.0);
    s.altitude = false;
    sg_activity *a = synth_build(&s, NULL);
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_true(isnan(r.gap_pace_s_per_km));
    assert_true(r.missing & SG_RUN_MISSING_ALTITUDE);
    assert_close(r.pace_s_per_km, 1000.0 / 3.0, 1e-6);
    sg_activity_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minetti_table),
        cmocka_unit_test(test_minetti_measured),
        cmocka_unit_test(test_clamp),
        cmocka_unit_test(test_gap_constant_grade),
        cmocka_unit_test(test_gap_needs_grade),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
