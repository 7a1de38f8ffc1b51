/* Mechanics: quartiles, symmetry index (science §7 conversions), Garmin
 * population bands, flat medians and spreads of a synthetic run with
 * injected asymmetry, the baseline at matched speed and grade, and clean
 * failure when any scratch allocation fails. */
#include <stdlib.h>
#include <string.h>

#include "support/sg_test.h"

#include "analysis/run_internal.h"
#include "strideguard/stats.h"
#include "run_synth.h"

static void test_quartiles(void **state)
{
    (void)state;
    double v[100];
    for (int i = 0; i < 100; i++)
        v[i] = (double)((i * 37) % 100 + 1); /* 1..100 shuffled */
    double q1, med, q3;
    sg_quartiles(v, 100, &q1, &med, &q3);
    assert_near(med, 50.5, 1e-12);
    assert_near(q1, 25.75, 1e-12);
    assert_near(q3, 75.25, 1e-12);
    double w[5] = {5, 5, 5, 5, 5};
    sg_quartiles(w, 5, &q1, &med, &q3);
    assert_near(med, 5, 0);
    sg_quartiles(w, 0, &q1, &med, &q3);
    assert_true(isnan(med));
    /* against a full sort on many sizes */
    uint32_t s = 3;
    for (size_t n = 1; n < 300; n += 7) {
        double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
        for (size_t i = 0; i < n; i++)
            x[i] = y[i] = (double)(int)(20 * synth_noise(&s));
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && y[j] < y[j - 1]; j--) {
                double t = y[j];
                y[j] = y[j - 1];
                y[j - 1] = t;
            }
        double p = 0.5 * (double)(n - 1);
        size_t lo = (size_t)p;
        double want = y[lo] + (p - (double)lo) * (lo + 1 < n ? y[lo + 1] - y[lo] : 0);
        assert_near(sg_quantile(x, n, 0.5), want, 1e-12);
        free(x);
        free(y);
    }
}

static void test_symmetry_index(void **state)
{
    (void)state;
    /* science §7: 50.7 % L -> SI -2.8 %, 50.8 -> -3.2, 52.2 -> -8.8 */
    assert_near(sg_run_symmetry_index(50.7), -2.8, 1e-9);
    assert_near(sg_run_symmetry_index(50.8), -3.2, 1e-9);
    assert_near(sg_run_symmetry_index(52.2), -8.8, 1e-9);
    assert_near(sg_run_symmetry_index(50.0), 0.0, 1e-12);
}

static void test_garmin_bands(void **state)
{
    (void)state;
    assert_string_equal(sg_run_garmin_band(SG_RM_CADENCE, 185), "purple");
    assert_string_equal(sg_run_garmin_band(SG_RM_CADENCE, 174), "blue");
    assert_string_equal(sg_run_garmin_band(SG_RM_CADENCE, 168), "green");
    assert_string_equal(sg_run_garmin_band(SG_RM_CADENCE, 153), "orange");
    assert_string_equal(sg_run_garmin_band(SG_RM_CADENCE, 150), "red");
    assert_string_equal(sg_run_garmin_band(SG_RM_STANCE_TIME, 0.210), "purple");
    assert_string_equal(sg_run_garmin_band(SG_RM_STANCE_TIME, 0.260), "green");
    assert_string_equal(sg_run_garmin_band(SG_RM_STANCE_TIME, 0.320), "red");
    assert_string_equal(sg_run_garmin_band(SG_RM_VERT_OSC, 0.090), "green");
    assert_string_equal(sg_run_garmin_band(SG_RM_VERT_RATIO, 8.0), "green");
    assert_string_equal(sg_run_garmin_band(SG_RM_VERT_RATIO, 10.1), "orange");
    assert_string_equal(sg_run_garmin_band(SG_RM_BALANCE, 50.7), "green");
    assert_string_equal(sg_run_garmin_band(SG_RM_BALANCE, 48.0), "orange");
    assert_string_equal(sg_run_garmin_band(SG_RM_BALANCE, 52.5), "red");
    assert_null(sg_run_garmin_band(SG_RM_STEP_LENGTH, 1.0));
    assert_null(sg_run_garmin_band(SG_RM_CADENCE, NAN));
}

/* A 40-min flat run with mechanics around set values, +-noise. */
static sg_activity *mech_run(double speed, double cad, double gct, double bal, uint32_t seed)
{
    synth s = synth_default(2400, speed);
    sg_activity *a = synth_build(&s, NULL);
    for (size_t i = 0; i < a->n; i++) {
        sg_activity_set(a, SG_CH_CADENCE, i, cad + 2 * synth_noise(&seed), NULL);
        sg_activity_set(a, SG_CH_STANCE_TIME, i, gct + 0.006 * synth_noise(&seed), NULL);
        sg_activity_set(a, SG_CH_VERT_OSC, i, 0.085 + 0.004 * synth_noise(&seed), NULL);
        sg_activity_set(a, SG_CH_STANCE_BALANCE, i, bal + 0.4 * synth_noise(&seed), NULL);
        sg_activity_set(a, SG_CH_HEART_RATE, i, 150, NULL);
    }
    return a;
}

static bool flag_ok(const sg_run_result *r, const char *code)
{
    for (size_t i = 0; i < r->n_flags; i++)
        if (strcmp(r->flags[i].code, code) == 0) {
            const sg_run_flag *f = &r->flags[i];
            assert_true(f->message[0] && f->evidence[0] && f->action[0] && f->source[0]);
            return true;
        }
    return false;
}

static void test_flat_mechanics_and_asymmetry(void **state)
{
    (void)state;
    sg_activity *a = mech_run(3.2, 172, 0.245, 52.8, 5); /* injected: 52.8 % left */
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    const sg_run_stat *f = r.mech.flat;
    assert_near(f[SG_RM_CADENCE].median, 172, 0.2);
    assert_near(f[SG_RM_CADENCE].q3 - f[SG_RM_CADENCE].q1, 2.0, 0.2); /* uniform +-2: IQR 2 */
    assert_near(f[SG_RM_STEP_LENGTH].median, 3.2 / (172 / 60.0), 0.005);
    assert_near(f[SG_RM_STANCE_TIME].median, 0.245, 0.001);
    assert_near(f[SG_RM_VERT_OSC].median, 0.085, 0.0005);
    /* vertical ratio computed from VO and step length when not recorded */
    assert_near(f[SG_RM_VERT_RATIO].median, 0.085 / (3.2 / (172 / 60.0)) * 100, 0.1);
    assert_near(f[SG_RM_BALANCE].median, 52.8, 0.05);
    assert_near(r.mech.symmetry_index_pct, sg_run_symmetry_index(f[SG_RM_BALANCE].median), 1e-12);
    assert_near(r.mech.symmetry_index_pct, -11.2, 0.2);
    assert_true(flag_ok(&r, "asymmetry_persistent"));
    assert_true(r.missing & SG_RUN_MISSING_BASELINE);
    assert_false(r.missing & SG_RUN_MISSING_DYNAMICS);
    /* everything was flat: no other band has data */
    assert_int_equal(r.mech.band[SG_RUN_FLAT][SG_RM_CADENCE].n, f[SG_RM_CADENCE].n);
    assert_int_equal(r.mech.band[0][SG_RM_CADENCE].n, 0);
    sg_activity_free(a);

    /* symmetric runner: no flag */
    a = mech_run(3.2, 172, 0.245, 50.2, 6);
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    assert_false(flag_ok(&r, "asymmetry_persistent"));
    sg_activity_free(a);
}

static void test_baseline_cadence(void **state)
{
    (void)state;
    sg_run_result past[5];
    for (int i = 0; i < 5; i++) {
        sg_activity *a = mech_run(3.2, 172, 0.245, 50.2, 10 + (uint32_t)i);
        assert_int_equal(sg_run_analyze(a, NULL, &past[i], NULL), SG_OK);
        sg_activity_free(a);
    }
    sg_run_baseline b;
    assert_int_equal(sg_run_baseline_build(past, 5, NULL, &b, NULL), SG_OK);
    int sb = sg_run_speed_bin(3.2);
    assert_int_equal(b.cell_runs[sb][SG_RUN_FLAT][SG_RM_CADENCE], 5);
    assert_near(b.cell[sb][SG_RUN_FLAT].median[SG_RM_CADENCE], 172, 0.2);
    assert_near(b.flat_balance_pct, 50.2, 0.1);
    assert_int_equal(b.descent_runs, 5);

    /* same speed, 6 % fewer steps */
    sg_activity *a = mech_run(3.2, 161.7, 0.245, 50.2, 99);
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, &b, &r, NULL), SG_OK);
    assert_near(r.mech.vs_baseline[SG_RM_CADENCE], -6.0, 0.3);
    assert_near(r.mech.vs_baseline_time_s[SG_RM_CADENCE], 2399, 1);
    assert_false(r.missing & SG_RUN_MISSING_BASELINE);
    assert_true(flag_ok(&r, "cadence_below_baseline"));
    /* the baseline step length also moves the impact reference */
    assert_true(r.impact_weighted_km > r.distance_m / 1000);
    sg_activity_free(a);

    /* empty history */
    assert_int_equal(sg_run_baseline_build(NULL, 0, NULL, &b, NULL), SG_OK);
    assert_int_equal(b.runs, 0);
}

/* Every allocation of the analysis may fail: a clean error, nothing leaked. */
static void test_alloc_failures(void **state)
{
    (void)state;
    sg_failing_alloc fa;
    sg_failing_alloc_init(&fa, 0);
    synth s = synth_default(300, 3.0);
    sg_activity *a = synth_build(&s, &fa.base);
    for (size_t i = 0; i < a->n; i++)
        sg_activity_set(a, SG_CH_CADENCE, i, 170, NULL);
    long live = fa.live, base = fa.calls;
    bool failed = false;
    for (long k = 1; k < 20; k++) {
        fa.fail_at = base + k;
        sg_run_result r;
        int rc = sg_run_analyze(a, NULL, &r, NULL);
        assert_true(rc == SG_OK || rc == SG_ENOMEM);
        if (rc == SG_ENOMEM) {
            failed = true;
            assert_int_equal(r.n_flags, 0);
        }
        assert_int_equal(fa.live, live);
        fa.calls = base;
    }
    assert_true(failed);
    fa.fail_at = 0;
    sg_activity_free(a);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quartiles),
        cmocka_unit_test(test_symmetry_index),
        cmocka_unit_test(test_garmin_bands),
        cmocka_unit_test(test_flat_mechanics_and_asymmetry),
        cmocka_unit_test(test_baseline_cadence),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
