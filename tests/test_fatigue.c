/* Fatigue drift: an injected late-run change is recovered; pace changes and
 * hills in the last quarter do not pass for fatigue; aerobic decoupling;
 * asymmetry that grows. */
#include <string.h>

#include "support/sg_test.h"

#include "analysis/run_internal.h"
#include "run_synth.h"

static bool has_flag(const sg_run_result *r, const char *code, sg_run_severity *sev)
{
    for (size_t i = 0; i < r->n_flags; i++)
        if (strcmp(r->flags[i].code, code) == 0) {
            const sg_run_flag *f = &r->flags[i];
            assert_true(f->message[0] && f->evidence[0] && f->action[0] && f->source[0]);
            if (sev)
                *sev = f->severity;
            return true;
        }
    return false;
}

/* 60 min flat at 3 m/s; from 45 min on cadence 172 -> 164 (-4.65 %) and
 * ground contact 240 -> 255 ms (+6.25 %), with +-2 spm / +-6 ms noise. */
static void test_injected_drift(void **state)
{
    (void)state;
    synth s = synth_default(3600, 3.0);
    sg_activity *a = synth_build(&s, NULL);
    uint32_t seed = 21;
    for (size_t i = 0; i < a->n; i++) {
        bool late = i >= 2700;
        sg_activity_set(a, SG_CH_CADENCE, i, (late ? 164 : 172) + 2 * synth_noise(&seed), NULL);
        sg_activity_set(a, SG_CH_STANCE_TIME, i, (late ? 0.255 : 0.240) + 0.006 * synth_noise(&seed), NULL);
        sg_activity_set(a, SG_CH_VERT_OSC, i, 0.085 + 0.003 * synth_noise(&seed), NULL);
        sg_activity_set(a, SG_CH_STANCE_BALANCE, i, 50.3 + 0.4 * synth_noise(&seed), NULL);
    }
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    const sg_run_fatigue *f = &r.fatigue;
    assert_near(f->cadence_pct.change, -4.65, 0.3);
    assert_true(f->cadence_pct.significant);
    assert_near(f->stance_time_pct.change, 6.25, 0.6);
    assert_true(f->stance_time_pct.significant);
    assert_near(f->balance_pp.change, 0, 0.2);
    assert_false(f->balance_pp.significant);
    assert_near(f->cadence_pct.matched_s, 1800, 2);
    sg_run_severity sev;
    assert_true(has_flag(&r, "form_breakdown_late", &sev));
    assert_int_equal(sev, SG_SEV_CAUTION);
    assert_true(isnan(f->decoupling_pct)); /* no heart rate */
    assert_true(r.missing & SG_RUN_MISSING_HEART_RATE);
    sg_activity_free(a);
}

/* Speed alternates 3.0 / 3.6 m/s every minute; the last quarter is mostly
 * fast. Cadence depends on speed only: no fatigue to find. */
static void test_pace_change_is_not_fatigue(void **state)
{
    (void)state;
    synth s = synth_default(3600, 3.0);
    sg_activity *a = synth_build(&s, NULL);
    uint32_t seed = 5;
    double d = 0;
    for (size_t i = 0; i < a->n; i++) {
        bool fast = i >= 2700 ? (i / 60) % 4 != 0 : (i / 60) % 4 == 0;
        double v = fast ? 3.6 : 3.0;
        if (i)
            d += v;
        a->ch[SG_CH_SPEED][i] = v;
        a->ch[SG_CH_DISTANCE][i] = d;
        a->ch[SG_CH_LAT][i] = 45.0 + d / 111195.0799;
        sg_activity_set(a, SG_CH_CADENCE, i, (fast ? 180 : 168) + 2 * synth_noise(&seed), NULL);
    }
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    /* unmatched, the last quarter's cadence would be ~5 % higher */
    assert_near(r.fatigue.cadence_pct.change, 0, 0.5);
    assert_false(r.fatigue.cadence_pct.significant);
    assert_false(has_flag(&r, "form_breakdown_late", NULL));
    sg_activity_free(a);
}

/* The last quarter is a +10 % climb with shorter steps and longer contact:
 * matched by grade, there is no flat data late, so no change is claimed. */
static double late_hill(double d, void *ctx)
{
    (void)ctx;
    return d > 0.75 * 3599 * 3.0 ? 0.10 : 0.0;
}

static void test_hill_is_not_fatigue(void **state)
{
    (void)state;
    synth s = synth_default(3600, 3.0);
    s.grade = late_hill;
    sg_activity *a = synth_build(&s, NULL);
    uint32_t seed = 8;
    for (size_t i = 0; i < a->n; i++) {
        bool hill = i > 2700;
        sg_activity_set(a, SG_CH_CADENCE, i, (hill ? 180 : 170) + 2 * synth_noise(&seed), NULL);
        sg_activity_set(a, SG_CH_STANCE_TIME, i, (hill ? 0.270 : 0.240) + 0.006 * synth_noise(&seed), NULL);
    }
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_false(r.fatigue.stance_time_pct.significant);
    assert_false(has_flag(&r, "form_breakdown_late", NULL));
    sg_activity_free(a);
}

static void test_decoupling_and_asymmetry(void **state)
{
    (void)state;
    assert_near(sg_run_decoupling(1.0 / 150, 1.0 / 160), 6.25, 1e-9);
    assert_true(isnan(sg_run_decoupling(0, 1)));

    synth s = synth_default(3600, 3.0);
    sg_activity *a = synth_build(&s, NULL);
    uint32_t seed = 9;
    for (size_t i = 0; i < a->n; i++) {
        sg_activity_set(a, SG_CH_HEART_RATE, i, i < 1800 ? 150 : 160, NULL);
        sg_activity_set(a, SG_CH_CADENCE, i, 172 + 2 * synth_noise(&seed), NULL);
        double bal = i >= 2700 ? 53.0 : 50.5;
        sg_activity_set(a, SG_CH_STANCE_BALANCE, i, bal + 0.4 * synth_noise(&seed), NULL);
    }
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_near(r.fatigue.decoupling_pct, 6.25, 0.05);
    assert_true(has_flag(&r, "cardiac_drift", NULL));
    assert_near(r.fatigue.balance_pp.change, 2.5, 0.15);
    assert_near(r.fatigue.asymmetry_pp.change, 2.5, 0.15);
    assert_true(r.fatigue.asymmetry_pp.significant);
    assert_true(has_flag(&r, "asymmetry_grows", NULL));
    assert_false(r.fatigue.cadence_pct.significant);
    assert_near(r.avg_hr, 155, 0.1);
    sg_activity_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_injected_drift),
        cmocka_unit_test(test_pace_change_is_not_fatigue),
        cmocka_unit_test(test_hill_is_not_fatigue),
        cmocka_unit_test(test_decoupling_and_asymmetry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
