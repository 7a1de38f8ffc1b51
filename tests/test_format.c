/* The one C formatter of numbers for people (src/render/format.c): the same
 * cases as web/src/format.test.mjs, so CLI, report and dashboard agree. */
#include "support/sg_test.h"

#include <math.h>
#include <string.h>

#include "render/format.h"

static void test_pace_rounds_whole_value(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(sg_fmt_pace(b, sizeof b, 359.6, false), "6:00 /km");
    assert_string_equal(sg_fmt_pace(b, sizeof b, 359.5, false), "6:00 /km"); /* 5:59.5 */
    assert_string_equal(sg_fmt_pace(b, sizeof b, 359.4, false), "5:59 /km");
    assert_string_equal(sg_fmt_pace(b, sizeof b, 299.99, false), "5:00 /km");
    assert_string_equal(sg_fmt_pace(b, sizeof b, 3600.2, false), "1:00:00 /km");
    /* 6:00 /km is 9:39.4 /mi */
    assert_string_equal(sg_fmt_pace(b, sizeof b, 360, true), "9:39 /mi");
    assert_string_equal(sg_fmt_pace(b, sizeof b, 372.82, true), "10:00 /mi");
}

static void test_not_measured(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(sg_fmt_pace(b, sizeof b, NAN, false), SG_FMT_NOT_MEASURED);
    assert_string_equal(sg_fmt_pace(b, sizeof b, INFINITY, true), "not measured");
    assert_string_equal(sg_fmt_pace(b, sizeof b, -300, false), "not measured");
    assert_string_equal(sg_fmt_duration(b, sizeof b, NAN), "not measured");
    assert_string_equal(sg_fmt_duration(b, sizeof b, -1), "not measured");
    assert_string_equal(sg_fmt_distance(b, sizeof b, NAN, false, 1), "not measured");
    assert_string_equal(sg_fmt_elevation(b, sizeof b, -INFINITY, false), "not measured");
    assert_string_equal(sg_fmt_num(b, sizeof b, NAN, 2, " deg"), "not measured");
}

static void test_duration(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(sg_fmt_duration(b, sizeof b, 0), "0:00");
    assert_string_equal(sg_fmt_duration(b, sizeof b, 59.6), "1:00");
    assert_string_equal(sg_fmt_duration(b, sizeof b, 2881), "48:01");
    assert_string_equal(sg_fmt_duration(b, sizeof b, 3599.5), "1:00:00");
    assert_string_equal(sg_fmt_duration(b, sizeof b, 15140), "4:12:20");
    assert_string_equal(sg_fmt_duration(b, sizeof b, 36000), "10:00:00");
}

static void test_distance_and_numbers(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(sg_fmt_distance(b, sizeof b, 39934.24, false, 1), "39.9 km");
    assert_string_equal(sg_fmt_distance(b, sizeof b, 9000, false, 2), "9.00 km");
    assert_string_equal(sg_fmt_distance(b, sizeof b, 1609.344, true, 2), "1.00 mi");
    assert_string_equal(sg_fmt_distance(b, sizeof b, 42195, true, 1), "26.2 mi");
    assert_string_equal(sg_fmt_elevation(b, sizeof b, 605.4, false), "605 m");
    assert_string_equal(sg_fmt_elevation(b, sizeof b, 100, true), "328 ft");
    assert_string_equal(sg_fmt_num(b, sizeof b, -1.24, 1, " deg"), "-1.2 deg");
    assert_string_equal(sg_fmt_num(b, sizeof b, -0.04, 1, NULL), "0.0"); /* no "-0.0" */
    assert_string_equal(sg_fmt_num(b, sizeof b, 164.25, 1, " spm"), "164.2 spm");
    assert_string_equal(sg_fmt_num(b, sizeof b, 164.35, 1, NULL), "164.3");
    assert_string_equal(sg_fmt_num(b, sizeof b, 2.5, 0, " %"), "2 %");
    assert_string_equal(sg_fmt_num(b, sizeof b, 3.5, 0, NULL), "4");
    assert_string_equal(sg_fmt_num(b, sizeof b, -2.5, 0, NULL), "-2");
}

static void test_truncates_safely(void **state)
{
    (void)state;
    char b[4];
    assert_string_equal(sg_fmt_pace(b, sizeof b, 359.6, false), "6:0");
    assert_string_equal(sg_fmt_duration(b, sizeof b, NAN), "not");
    char z = 'x';
    sg_fmt_num(&z, 0, 1.0, 0, NULL);
    assert_int_equal(z, 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pace_rounds_whole_value),
        cmocka_unit_test(test_not_measured),
        cmocka_unit_test(test_duration),
        cmocka_unit_test(test_distance_and_numbers),
        cmocka_unit_test(test_truncates_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
