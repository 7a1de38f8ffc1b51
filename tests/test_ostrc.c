/* OSTRC-O2 severity scoring against the published item values (Clarsen et
 * al. 2013 Table 1, unchanged in OSTRC-O2, 2020; docs/science.md §9.5). */
#include "support/sg_test.h"

#include "strideguard/ostrc.h"

static sg_ostrc_entry week(int a1, int a2, int a3, int a4)
{
    sg_ostrc_entry e = {0, SG_OSTRC_LOWER_BACK, {a1, a2, a3, a4}};
    return e;
}

static void test_item_values(void **state)
{
    (void)state;
    static const int want[4][5] = {
        {0, 8, 17, 25, -1}, {0, 6, 13, 19, 25}, {0, 6, 13, 19, 25}, {0, 8, 17, 25, -1}};
    for (int q = 0; q < 4; q++)
        for (int a = 0; a < 5; a++)
            assert_int_equal(sg_ostrc_points(q, a), want[q][a]);
    assert_int_equal(sg_ostrc_points(4, 0), -1);
    assert_int_equal(sg_ostrc_points(0, -1), -1);
}

static void test_scores(void **state)
{
    (void)state;
    /* full participation without problems: 0, nothing else asked */
    sg_ostrc_entry e = week(0, -1, -1, -1);
    sg_ostrc_score s = sg_ostrc_score_week(&e);
    assert_true(s.complete);
    assert_int_equal(s.severity, 0);
    assert_false(s.problem);
    /* full participation with problems, minor modification, minor effect,
     * mild pain: 8 + 6 + 6 + 8 = 28, not substantial */
    e = week(1, 1, 1, 1);
    s = sg_ostrc_score_week(&e);
    assert_int_equal(s.severity, 28);
    assert_true(s.problem);
    assert_false(s.substantial);
    /* reduced participation, moderate modification: substantial */
    e = week(2, 2, 1, 2);
    s = sg_ostrc_score_week(&e);
    assert_int_equal(s.severity, 17 + 13 + 6 + 17);
    assert_true(s.substantial);
    /* cannot participate: Q2 and Q3 at their maximum; severe pain: 100 */
    e = week(3, -1, -1, 3);
    s = sg_ostrc_score_week(&e);
    assert_int_equal(s.severity, 100);
    assert_true(s.substantial);
    /* a problem with a question left out: no score */
    e = week(1, 1, -1, 1);
    s = sg_ostrc_score_week(&e);
    assert_false(s.complete);
    assert_int_equal(s.severity, -1);
}

static void test_texts(void **state)
{
    (void)state;
    for (int q = 0; q < 4; q++) {
        assert_non_null(sg_ostrc_question(q));
        for (int a = 0; a < sg_ostrc_options(q); a++)
            assert_non_null(sg_ostrc_option(q, a));
        assert_null(sg_ostrc_option(q, sg_ostrc_options(q)));
    }
    assert_string_equal(sg_ostrc_area_words(SG_OSTRC_HIP_GROIN), "your hips or groin");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_item_values),
        cmocka_unit_test(test_scores),
        cmocka_unit_test(test_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
