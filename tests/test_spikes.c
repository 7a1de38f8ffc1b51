/* Single-session spikes in Frandsen 2025's categories (science §7.7):
 * every boundary exactly and just above, the 30-day window, no baseline. */
#include "support/sg_test.h"

#include "analysis/load_internal.h"

static void test_categorize_boundaries(void **state)
{
    (void)state;
    assert_int_equal(sg_spike_categorize(NAN), SG_SPIKE_NO_BASELINE);
    assert_int_equal(sg_spike_categorize(-50), SG_SPIKE_NONE);
    assert_int_equal(sg_spike_categorize(10), SG_SPIKE_NONE);
    assert_int_equal(sg_spike_categorize(10.01), SG_SPIKE_SMALL);
    assert_int_equal(sg_spike_categorize(30), SG_SPIKE_SMALL);
    assert_int_equal(sg_spike_categorize(30.01), SG_SPIKE_MODERATE);
    assert_int_equal(sg_spike_categorize(100), SG_SPIKE_MODERATE);
    assert_int_equal(sg_spike_categorize(100.01), SG_SPIKE_LARGE);
    assert_string_equal(sg_spike_category_name(SG_SPIKE_NO_BASELINE), "no_baseline");
    assert_string_equal(sg_spike_category_name(SG_SPIKE_MODERATE), "moderate");
    double lo, hi;
    assert_close(sg_spike_hazard_ratio(SG_SPIKE_SMALL, &lo, &hi), 1.64, 0);
    assert_close(lo, 1.31, 0);
    assert_close(hi, 2.05, 0);
    assert_close(sg_spike_hazard_ratio(SG_SPIKE_MODERATE, NULL, NULL), 1.52, 0);
    assert_close(sg_spike_hazard_ratio(SG_SPIKE_LARGE, NULL, NULL), 2.28, 0);
    assert_true(isnan(sg_spike_hazard_ratio(SG_SPIKE_NO_BASELINE, NULL, NULL)));
}

static sg_run_summary run(double start, double dist)
{
    sg_run_summary r;
    sg_run_summary_init(&r);
    r.start = start;
    r.distance_m = dist;
    r.sport = SG_SPORT_RUNNING;
    return r;
}

/* Distances computed from a 10 km baseline, exactly at each boundary (where
 * 11000/10000 - 1 is not exactly 0.1 in binary) and 1 m above it. */
static void test_boundaries_from_distances(void **state)
{
    (void)state;
    const double t0 = 1.7e9, day = 86400;
    const double d[] = {11000, 11001, 13000, 13001, 20000, 20001};
    const sg_spike_cat want[] = {SG_SPIKE_NONE,     SG_SPIKE_SMALL,    SG_SPIKE_SMALL,
                                 SG_SPIKE_MODERATE, SG_SPIKE_MODERATE, SG_SPIKE_LARGE};
    for (size_t k = 0; k < 6; k++) {
        sg_run_summary r[2] = {run(t0, 10000), run(t0 + 3 * day, d[k])};
        sg_load_spike s[2];
        sg_spikes_compute(r, 2, NULL, 0, 0, s);
        assert_int_equal(s[0].category, SG_SPIKE_NO_BASELINE);
        assert_true(isnan(s[0].spike_pct));
        assert_int_equal(s[1].category, want[k]);
        assert_close(s[1].longest30_m, 10000, 0);
    }
}

static void test_window(void **state)
{
    (void)state;
    const double t0 = 1.7e9, day = 86400;
    /* the 20 km run is exactly 30 days before: inside [t - 30 d, t) */
    sg_run_summary r[4] = {run(t0, 20000), run(t0 + 10 * day, 5000), run(t0 + 30 * day, 12000),
                           run(t0 + 30 * day + 1, 12000)};
    sg_load_spike s[4];
    sg_spikes_compute(r, 4, NULL, 0, 0, s);
    assert_close(s[2].longest30_m, 20000, 0);
    assert_int_equal(s[2].category, SG_SPIKE_NONE);
    /* one second later the 20 km run has left the window */
    assert_close(s[3].longest30_m, 12000, 0);
    assert_close(s[3].spike_pct, 0, 1e-12);
    /* a run 31 days after the previous one has no baseline */
    sg_run_summary q[2] = {run(t0, 5000), run(t0 + 31 * day, 5000)};
    sg_spikes_compute(q, 2, NULL, 0, 0, s);
    assert_int_equal(s[1].category, SG_SPIKE_NO_BASELINE);
}

static void test_baseline_gap_marked(void **state)
{
    (void)state;
    const double day = 86400;
    const int32_t d0 = 19723;
    sg_run_summary r[2] = {run(d0 * day, 8000), run((d0 + 20) * day, 16000)};
    uint8_t gap[21] = {0};
    gap[10] = 1;
    sg_load_spike s[2];
    sg_spikes_compute(r, 2, gap, d0, 21, s);
    assert_true(s[1].baseline_gap);
    assert_int_equal(s[1].category, SG_SPIKE_MODERATE);
    assert_close(s[1].spike_pct, 100, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_categorize_boundaries),
        cmocka_unit_test(test_boundaries_from_distances),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_baseline_gap_marked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
