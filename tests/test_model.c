/* The activity model: lazy columns, growth, NaN defaults, developer fields,
 * and clean failure when any allocation fails. */
#include "support/sg_test.h"

#include <string.h>

#include "strideguard/activity.h"
#include "strideguard/civil.h"

static void test_append_and_lazy_columns(void **state)
{
    (void)state;
    sg_activity *a = sg_activity_new(NULL);
    assert_non_null(a);
    for (int i = 0; i < 5000; i++) {
        size_t idx;
        assert_int_equal(sg_activity_append(a, &idx, NULL), SG_OK);
        assert_int_equal(idx, (size_t)i);
        assert_int_equal(sg_activity_set(a, SG_CH_TIME, idx, 1000.0 + i, NULL), SG_OK);
        if (i == 4000)
            assert_int_equal(sg_activity_set(a, SG_CH_HEART_RATE, idx, 150, NULL), SG_OK);
    }
    assert_int_equal(a->n, 5000);
    assert_null(a->ch[SG_CH_LAT]);
    assert_true(sg_activity_has(a, SG_CH_HEART_RATE));
    assert_false(sg_activity_has(a, SG_CH_LAT));
    assert_true(isnan(sg_activity_get(a, SG_CH_HEART_RATE, 3999)));
    assert_close(sg_activity_get(a, SG_CH_HEART_RATE, 4000), 150, 0);
    assert_true(isnan(sg_activity_get(a, SG_CH_HEART_RATE, 4001)));
    assert_close(sg_activity_start_time(a), 1000, 0);
    assert_close(sg_activity_end_time(a), 5999, 0);
    sg_activity_free(a);
}

static void test_devfields(void **state)
{
    (void)state;
    sg_activity *a = sg_activity_new(NULL);
    size_t idx, f1, f2;
    assert_int_equal(sg_activity_append(a, &idx, NULL), SG_OK);
    assert_int_equal(sg_activity_devfield(a, "Power", "Watts", "abcd", &f1, NULL), SG_OK);
    assert_int_equal(sg_activity_devfield(a, "Power", NULL, NULL, &f2, NULL), SG_OK);
    assert_int_equal(f1, f2);
    assert_true(isnan(a->dev[f1].v[0]));
    a->dev[f1].v[0] = 250;
    assert_int_equal(sg_activity_append(a, &idx, NULL), SG_OK);
    assert_true(isnan(a->dev[f1].v[1]));
    assert_close(a->dev[f1].v[0], 250, 0);
    sg_activity_free(a);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(sg_channel_name(SG_CH_STANCE_BALANCE), "stance_time_balance");
    assert_string_equal(sg_sport_name(SG_SPORT_RUNNING), "running");
    assert_int_equal(sg_sport_parse("cycling"), SG_SPORT_CYCLING);
    assert_int_equal(sg_sport_parse("nonsense"), SG_SPORT_UNKNOWN);
}

/* Fails the n-th allocation for every n: each call either succeeds or reports
 * SG_ENOMEM, and freeing leaves no block behind. */
static void test_alloc_failures(void **state)
{
    (void)state;
    for (long n = 1; n < 200; n++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, n);
        sg_activity *a = sg_activity_new(&fa.base);
        if (a) {
            for (int i = 0; i < 3000; i++) {
                size_t idx, d;
                if (sg_activity_append(a, &idx, NULL) != SG_OK)
                    break;
                if (sg_activity_set(a, SG_CH_SPEED, idx, 3.0, NULL) != SG_OK)
                    break;
                if (i == 10 && sg_activity_devfield(a, "Form Power", "W", NULL, &d, NULL) != SG_OK)
                    break;
                if (i == 20) {
                    sg_totals t;
                    sg_totals_init(&t);
                    if (sg_activity_add_lap(a, &t, NULL) != SG_OK)
                        break;
                }
            }
            sg_activity_free(a);
        }
        assert_int_equal(fa.live, 0);
    }
}

/* The bump arena: aligned blocks, the newest grows in place, older ones are
 * copied, reset reuses the range, allocations past the reserve fail. */
static void test_arena(void **state)
{
    (void)state;
    sg_arena ar;
    assert_int_equal(sg_arena_init(&ar, 1 << 20), SG_OK);
    char *a = sg_malloc(&ar.base, 10);
    char *b = sg_malloc(&ar.base, 100);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal((uintptr_t)a % 16, 0);
    assert_int_equal((uintptr_t)b % 16, 0);
    memset(b, 7, 100);
    char *b2 = sg_realloc_array(&ar.base, b, 1000, 1);
    assert_ptr_equal(b2, b); /* newest: in place */
    memcpy(a, "abcdefghi", 10);
    char *a2 = sg_realloc_array(&ar.base, a, 50, 1);
    assert_ptr_not_equal(a2, a);
    assert_string_equal(a2, "abcdefghi");
    assert_null(sg_malloc(&ar.base, 2 << 20));
    sg_arena_reset(&ar);
    assert_ptr_equal(sg_malloc(&ar.base, 10), a);
    /* an activity lives in it and is "freed" with it */
    sg_activity *act = sg_activity_new(&ar.base);
    for (int i = 0; i < 2000; i++) {
        size_t idx;
        assert_int_equal(sg_activity_append(act, &idx, NULL), SG_OK);
        assert_int_equal(sg_activity_set(act, SG_CH_HEART_RATE, idx, i, NULL), SG_OK);
    }
    assert_close(sg_activity_get(act, SG_CH_HEART_RATE, 1999), 1999, 0);
    sg_activity_free(act);
    sg_arena_destroy(&ar);
}

/* Calendar arithmetic: known dates and a round trip over 800 years. */
static void test_civil(void **state)
{
    (void)state;
    assert_int_equal(sg_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(sg_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(sg_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(sg_days_from_civil(2024, 2, 29), 19782);
    for (long long day = -150000; day < 150000; day += 7) {
        long long y;
        int m, d;
        sg_civil_from_days(day, &y, &m, &d);
        assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
        assert_int_equal(sg_days_from_civil(y, m, d), day);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_and_lazy_columns),
        cmocka_unit_test(test_devfields),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_civil),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
