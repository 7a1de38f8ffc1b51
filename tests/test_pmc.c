/* Fitness/fatigue/form recurrences (science §7.5), hand-computed. */
#include "support/sg_test.h"

#include "analysis/load_internal.h"

static void test_hand_computed(void **state)
{
    (void)state;
    /* alpha = 1 - e^(-1/42) and 1 - e^(-1/7); values from a desk calculation */
    const double load[] = {100, 0, 50};
    double ctl[3], atl[3], tsb[3];
    sg_pmc(load, 3, ctl, atl, tsb);
    assert_close(ctl[0], 2.3528313347756735, 1e-12);
    assert_close(atl[0], 13.312210024981841, 1e-12);
    assert_close(tsb[0], 0.0, 0);
    assert_close(ctl[1], 2.2974731818766507, 1e-12);
    assert_close(atl[1], 11.54006066748957, 1e-12);
    assert_close(tsb[1], -10.959378690206167, 1e-12);   /* form coming into day 1 */
    assert_close(ctl[2], 3.419833180333226, 1e-12);
    assert_close(atl[2], 16.65992856691396, 1e-12);
    assert_close(tsb[2], -9.242587485612919, 1e-12);
}

static void test_steady_state_and_decay(void **state)
{
    (void)state;
    double load[400], ctl[400], atl[400], tsb[400];
    for (int i = 0; i < 400; i++)
        load[i] = i < 300 ? 80 : 0;
    sg_pmc(load, 400, ctl, atl, NULL);
    /* constant load from zero: x_t = L (1 - e^(-(t+1)/tau)) exactly, so after
     * 42 days fitness is 1 - 1/e of the load and both converge to it */
    assert_close(ctl[41], 80 * (1 - exp(-1.0)), 1e-12);
    assert_close(ctl[299], 80 * (1 - exp(-300.0 / 42)), 1e-12);
    assert_close(atl[299], 80 * (1 - exp(-300.0 / 7)), 1e-12);
    /* after load stops, fatigue falls faster than fitness: form turns positive */
    sg_pmc(load, 400, ctl, atl, tsb);
    assert_true(tsb[310] > 0);
    assert_true(atl[310] < ctl[310]);
    /* n = 0 is a no-op */
    sg_pmc(load, 0, NULL, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_computed),
        cmocka_unit_test(test_steady_state_and_decay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
