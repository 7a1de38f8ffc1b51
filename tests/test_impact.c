/* Impact and braking exposure: the Gottschall & Kram 2005 values at +-9 deg,
 * the labelled linear interpolation, the Keller 1996 speed relation, the
 * Willson 2014 step-length values, and the impact-weighted distance of
 * synthetic runs. */
#include "support/sg_test.h"

#include "analysis/run_internal.h"
#include "run_synth.h"

#define G9 0.15838444032453627 /* tan(9 deg) = 15.8 % */

static void test_grade_factor(void **state)
{
    (void)state;
    /* published at -9 deg: impact peak +54 %, braking peak +73 % */
    assert_near(sg_impact_peak_factor(-G9), 1.54, 1e-12);
    assert_near(sg_impact_braking_factor(-G9), 1.73, 1e-12);
    /* published at +9 deg: impact peak absent */
    assert_near(sg_impact_peak_factor(G9), 0.0, 1e-12);
    assert_near(sg_impact_grade_factor(0), 1.0, 1e-12);
    assert_near(sg_impact_grade_factor(-G9), (1.54 + 1.73) / 2, 1e-12);
    /* uphill is held at the flat value: the absent impact peak is not
     * credited as an easier climb (docs/science.md §4) */
    assert_near(sg_impact_grade_factor(G9), 1.0, 1e-12);
    assert_near(sg_impact_grade_factor(G9 / 2), 1.0, 1e-12);
    /* model assumption [D]: linear between, held beyond */
    assert_near(sg_impact_peak_factor(-G9 / 2), 1.27, 1e-12);
    assert_near(sg_impact_peak_factor(-0.40), 1.54, 1e-12);
    assert_near(sg_impact_peak_factor(0.40), 0.0, 1e-12);
}

static void test_speed_step_factor(void **state)
{
    (void)state;
    /* Keller 1996: 1.2 BW at 1.5 m/s rising linearly to 2.5 BW at 6 m/s */
    double f3 = 1.2 + (2.5 - 1.2) / 4.5 * 1.5;
    assert_near(sg_impact_speed_factor(3.0), 1.0, 1e-12);
    assert_near(sg_impact_speed_factor(6.0), 2.5 / f3, 1e-12);
    assert_near(sg_impact_speed_factor(1.5), 1.2 / f3, 1e-12);
    assert_near(sg_impact_speed_factor(9.0), 2.5 / f3, 1e-12);
    /* Willson 2014: step length +10 % -> +14 % per mile, -10 % -> -7.5 % */
    assert_near(sg_impact_step_factor(1.10), 1.14, 1e-12);
    assert_near(sg_impact_step_factor(0.90), 0.925, 1e-12);
    assert_near(sg_impact_step_factor(1.0), 1.0, 1e-12);
    assert_near(sg_impact_step_factor(2.0), 1.28, 1e-12); /* clamped at +-20 % */
}

static void set_cadence(sg_activity *a, double spm)
{
    for (size_t i = 0; i < a->n; i++)
        sg_activity_set(a, SG_CH_CADENCE, i, spm, NULL);
}

static void test_weighted_distance(void **state)
{
    (void)state;
    /* flat, 3 m/s, 170 steps/min: the reference, one km counts one km */
    synth s = synth_default(1001, 3.0);
    sg_activity *a = synth_build(&s, NULL);
    set_cadence(a, 170);
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_near(r.impact_weighted_km, 3.0, 1e-9);
    /* 10 % fewer steps at the same speed, but no baseline of the runner's
     * own: no population cadence stands in, the step factor is 1 */
    set_cadence(a, 153);
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_near(r.impact_weighted_km, 3.0, 1e-9);
    sg_activity_free(a);

    /* steady -9 deg descent at 3 m/s: 1.635 x */
    double g = -G9;
    s = synth_default(1001, 3.0);
    s.grade = grade_const;
    s.grade_ctx = &g;
    a = synth_build(&s, NULL);
    set_cadence(a, 170);
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_near(r.impact_weighted_km, 3.0 * 1.635, 1e-6);
    assert_near(r.terrain.descent_m_below_8pct, 3000 * G9, 1e-6);
    sg_activity_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grade_factor),
        cmocka_unit_test(test_speed_step_factor),
        cmocka_unit_test(test_weighted_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
