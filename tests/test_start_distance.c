/* Start distance: a device's cumulative distance counts from the start of
 * the recording, so a first record at 7 m means 7 m were covered before it
 * (docs/formats.md "Start distance"). Before the fix the run's distance was
 * last minus first cumulative value and lost those metres. */
#include <math.h>

#include "support/sg_test.h"

#include "run_synth.h"
#include "strideguard/run_analysis.h"
#include "strideguard/store.h"

/* 601 s at 3 m/s (1,800 m), the device's distance channel shifted by
 * `offset` metres: the first record reads `offset`. */
static double distance_with_offset_in(double offset, bool summary)
{
    synth s = synth_default(601, 3.0);
    s.gps = false;
    sg_activity *act = synth_build(&s, NULL);
    assert_non_null(act);
    for (size_t i = 0; i < act->n; i++)
        assert_int_equal(sg_activity_set(act, SG_CH_DISTANCE, i,
                                         act->ch[SG_CH_DISTANCE][i] + offset, NULL),
                         SG_OK);
    double d;
    if (summary) { /* the stored summary, no session totals in the file */
        sg_store_summary sm;
        sg_store_summarize(act, &sm);
        d = sm.distance_m;
    } else {
        sg_run_result r;
        assert_int_equal(sg_run_analyze(act, NULL, &r, NULL), SG_OK);
        d = r.distance_m;
        sg_run_result_free(&r);
    }
    sg_activity_free(act);
    return d;
}

static double distance_with_offset(double offset)
{
    double d = distance_with_offset_in(offset, false);
    /* the runs list (stored summary) and the run page agree */
    assert_float_equal(distance_with_offset_in(offset, true), d, 1e-6);
    return d;
}

static void test_first_record_at_7_m_keeps_them(void **state)
{
    (void)state;
    assert_float_equal(distance_with_offset(0), 1800.0, 1e-6);
    assert_float_equal(distance_with_offset(7), 1807.0, 1e-6);
}

static void test_implausible_start_is_not_counted(void **state)
{
    (void)state;
    /* 5 km before the first record: faster than any runner, a device that
     * carried its odometer over; the run is last minus first. */
    assert_float_equal(distance_with_offset(5000), 1800.0, 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_record_at_7_m_keeps_them),
        cmocka_unit_test(test_implausible_start_is_not_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
