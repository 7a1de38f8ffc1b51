/* The login rate limiter (src/server/ratelimit.h): max failures within a
 * window, the wait it tells, a new window after it, forgiving and clearing,
 * and a full table that forgets the oldest key instead of growing. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/ratelimit.h"

static void test_limit_and_window(void **state)
{
    (void)state;
    sg_ratelimit *rl = malloc(sizeof *rl);
    sg_rl_init(rl, 5, 900);
    const long long t = 1000;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(sg_rl_wait(rl, "l:ann", t + i), 0);
        sg_rl_fail(rl, "l:ann", t + i);
    }
    assert_int_equal(sg_rl_wait(rl, "l:ann", t + 5), 895);
    assert_int_equal(sg_rl_wait(rl, "l:bob", t + 5), 0);
    assert_int_equal(sg_rl_wait(rl, "l:ann", t + 899), 1);
    assert_int_equal(sg_rl_wait(rl, "l:ann", t + 900), 0);
    /* a failure after the window starts a new one */
    sg_rl_fail(rl, "l:ann", t + 900);
    assert_int_equal(sg_rl_wait(rl, "l:ann", t + 901), 0);
    /* forgive takes one back, clear forgets */
    for (int i = 0; i < 4; i++)
        sg_rl_fail(rl, "l:ann", t + 901);
    assert_true(sg_rl_wait(rl, "l:ann", t + 902) > 0);
    sg_rl_forgive(rl, "l:ann");
    assert_int_equal(sg_rl_wait(rl, "l:ann", t + 902), 0);
    sg_rl_fail(rl, "l:ann", t + 903);
    sg_rl_clear(rl, "l:ann");
    assert_int_equal(sg_rl_wait(rl, "l:ann", t + 903), 0);
    /* a clock going backwards does not lock anyone out forever */
    for (int i = 0; i < 5; i++)
        sg_rl_fail(rl, "a:1.2.3.4", t + 2000);
    assert_int_equal(sg_rl_wait(rl, "a:1.2.3.4", t + 10), 0);
    free(rl);
}

static void test_bounded_table(void **state)
{
    (void)state;
    sg_ratelimit *rl = malloc(sizeof *rl);
    sg_rl_init(rl, 1, 900);
    char key[32];
    /* the first key fails early, then the table fills with later ones */
    sg_rl_fail(rl, "a:first", 10);
    for (int i = 0; i < SG_RL_CAP - 1; i++) {
        snprintf(key, sizeof key, "a:%d", i);
        sg_rl_fail(rl, key, 20);
    }
    assert_int_equal(rl->n, SG_RL_CAP);
    assert_true(sg_rl_wait(rl, "a:first", 30) > 0);
    /* one more key: the table stays the same size and forgets the oldest */
    sg_rl_fail(rl, "a:new", 30);
    assert_int_equal(rl->n, SG_RL_CAP);
    assert_true(sg_rl_wait(rl, "a:new", 31) > 0);
    assert_int_equal(sg_rl_wait(rl, "a:first", 31), 0);
    assert_true(sg_rl_wait(rl, "a:5", 31) > 0);
    /* long keys are cut, not overflowed */
    char longkey[300];
    memset(longkey, 'x', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = '\0';
    sg_rl_fail(rl, longkey, 40);
    assert_true(sg_rl_wait(rl, longkey, 41) > 0);
    free(rl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limit_and_window),
        cmocka_unit_test(test_bounded_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
