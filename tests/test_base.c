/* The base utilities of src/model: order statistics (strideguard/stats.h)
 * against a full sort, the one "YYYY-MM-DD" parser and formatter
 * (strideguard/civil.h) at its edges, and the growth rule of growable arrays
 * (strideguard/alloc.h) at its ceiling and under allocation failure. */
#include <stdlib.h>
#include <string.h>

#include "support/sg_test.h"

#include "strideguard/alloc.h"
#include "strideguard/civil.h"
#include "strideguard/err.h"
#include "strideguard/stats.h"

static uint32_t rnd(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void test_quantile_type7(void **state)
{
    (void)state;
    double v[5] = {3, 1, 4, 1, 5};
    assert_near(sg_quantile(v, 5, 0.5), 3, 0);
    double w[4] = {4, 1, 3, 2};
    assert_near(sg_quantile(w, 4, 0.5), 2.5, 0);
    double x[4] = {4, 1, 3, 2};
    assert_near(sg_quantile(x, 4, 0.9), 3.7, 1e-12); /* h = 2.7: 3 + 0.7 (4 - 3) */
    assert_true(isnan(sg_quantile(x, 0, 0.5)));
    /* against a sort, many sizes and probabilities */
    uint32_t s = 7;
    for (size_t n = 1; n < 60; n++) {
        double a[60], b[60];
        for (size_t i = 0; i < n; i++)
            a[i] = (double)(rnd(&s) % 17);
        memcpy(b, a, n * sizeof *a);
        qsort(b, n, sizeof *b, sg_cmp_double);
        for (int k = 0; k <= 10; k++) {
            double p = k / 10.0, h = p * (double)(n - 1);
            size_t lo = (size_t)h;
            double want = lo + 1 < n ? b[lo] + (h - (double)lo) * (b[lo + 1] - b[lo]) : b[lo];
            double c[60];
            memcpy(c, a, n * sizeof *a);
            assert_near(sg_quantile(c, n, p), want, 1e-12);
            memcpy(c, a, n * sizeof *a);
            assert_near(sg_select_k(c, n, lo), b[lo], 0);
        }
        double q1, med, q3, c[60];
        memcpy(c, a, n * sizeof *a);
        sg_quartiles(c, n, &q1, &med, &q3);
        double d[60];
        memcpy(d, a, n * sizeof *a);
        assert_near(q1, sg_quantile(d, n, 0.25), 0);
        assert_near(med, sg_quantile(d, n, 0.5), 0);
        assert_near(q3, sg_quantile(d, n, 0.75), 0);
    }
}

static void test_median_mean(void **state)
{
    (void)state;
    double v[4] = {4, 1, 3, 2};
    assert_near(sg_median_mean(v, 4), 2.5, 0);
    double w[3] = {9, -1, 2};
    assert_near(sg_median_mean(w, 3), 2, 0);
    assert_true(isnan(sg_median_mean(w, 0)));
}

static void test_date_scan(void **state)
{
    (void)state;
    long long d = -1;
    assert_int_equal(sg_civil_date_scan("1970-01-01", &d), SG_DATE_OK);
    assert_int_equal(d, 0);
    assert_int_equal(sg_civil_date_scan("2024-02-29T06:00Z", &d), SG_DATE_OK); /* caller reads on */
    assert_int_equal(d, sg_days_from_civil(2024, 2, 29));
    assert_int_equal(sg_civil_date_scan("1900-01-01", &d), SG_DATE_OK);
    assert_int_equal(sg_civil_date_scan("2199-12-31", &d), SG_DATE_OK);
    assert_int_equal(sg_civil_date_scan("1899-12-31", &d), SG_DATE_DAY);
    assert_int_equal(sg_civil_date_scan("2200-01-01", &d), SG_DATE_DAY);
    assert_int_equal(sg_civil_date_scan("2025-02-29", &d), SG_DATE_DAY);
    assert_int_equal(sg_civil_date_scan("2025-13-01", &d), SG_DATE_DAY);
    assert_int_equal(sg_civil_date_scan("2025-04-00", &d), SG_DATE_DAY);
    assert_int_equal(sg_civil_date_scan("2025-4-01", &d), SG_DATE_SHAPE);
    assert_int_equal(sg_civil_date_scan("2025-04-0", &d), SG_DATE_SHAPE);
    assert_int_equal(sg_civil_date_scan("+025-04-01", &d), SG_DATE_SHAPE);
    assert_int_equal(sg_civil_date_scan("", &d), SG_DATE_SHAPE);
    assert_int_equal(sg_civil_date_scan(NULL, &d), SG_DATE_SHAPE);
}

static void test_date_format(void **state)
{
    (void)state;
    char b[11];
    assert_string_equal(sg_civil_date_format(0, b), "1970-01-01");
    assert_string_equal(sg_civil_date_format(-1, b), "1969-12-31");
    assert_string_equal(sg_civil_date_format(sg_days_from_civil(2199, 12, 31), b), "2199-12-31");
    assert_string_equal(sg_civil_date_format(sg_days_from_civil(10000, 1, 1), b), "0000-00-00");
    long long sod;
    assert_int_equal(sg_civil_day_of(86399.9, &sod), 0);
    assert_int_equal(sod, 86399);
    assert_int_equal(sg_civil_day_of(-0.5, &sod), -1);
    assert_int_equal(sod, 86399);
    assert_int_equal(sg_civil_day_of(-86400.0, NULL), -1);
    char iso[21];
    assert_string_equal(sg_civil_iso8601_format(1760832000.9, iso), "2025-10-19T00:00:00Z");
    assert_string_equal(sg_civil_iso8601_format(-1, iso), "1969-12-31T23:59:59Z");
    assert_string_equal(sg_civil_iso8601_format(NAN, iso), "");
    assert_string_equal(sg_civil_iso8601_format(253402300800.0, iso), ""); /* year 10000 */
    double back;
    assert_true(sg_civil_iso8601(sg_civil_iso8601_format(1e9, iso), &back));
    assert_true(back == 1e9);
}

/* The append under a ceiling: room while there is some, growth when full,
 * SG_ELIMIT at the ceiling with the list's name, nothing changed then. */
static void test_grow_room(void **state)
{
    (void)state;
    sg_err e;
    sg_err_clear(&e);
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (; n < 5; n++) {
        assert_int_equal(sg_grow_room(&v, n, &cap, sizeof *v, 2, 5, "numbers", &e), SG_OK);
        assert_true(cap > n && cap <= 5);
        v[n] = (int)n;
    }
    int *before = v;
    assert_int_equal(sg_grow_room(&v, n, &cap, sizeof *v, 2, 5, "numbers", &e), SG_ELIMIT);
    assert_string_equal(e.msg, "more than 5 numbers");
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 5);
    assert_int_equal(v[4], 4);
    assert_int_equal(sg_grow_room(&v, n, &cap, sizeof *v, 2, 5, "numbers", NULL), SG_ELIMIT);
    free(v);
}

static void test_grow(void **state)
{
    (void)state;
    assert_int_equal(sg_grow_cap(0, 16, 100, 8), 16);
    assert_int_equal(sg_grow_cap(16, 16, 100, 8), 32);
    assert_int_equal(sg_grow_cap(64, 16, 100, 8), 100); /* the ceiling */
    assert_int_equal(sg_grow_cap(100, 16, 100, 8), 0);  /* full */
    assert_int_equal(sg_grow_cap(0, 16, SIZE_MAX, SIZE_MAX / 4), 4); /* no overflow */
    assert_int_equal(sg_grow_cap(SIZE_MAX / 2 + 1, 1, SIZE_MAX, 1), SIZE_MAX);
    assert_int_equal(sg_grow_cap_to(0, 300, 256, 1001, 1), 512);
    assert_int_equal(sg_grow_cap_to(512, 600, 256, 1001, 1), 1001); /* the ceiling */
    assert_int_equal(sg_grow_cap_to(512, 1002, 256, 1001, 1), 0);   /* never fits */

    sg_failing_alloc fa;
    sg_failing_alloc_init(&fa, 2);
    size_t cap = 0;
    int *v = sg_grow(&fa.base, NULL, &cap, sizeof *v, 4, 6);
    assert_non_null(v);
    assert_int_equal(cap, 4);
    assert_null(sg_grow(&fa.base, v, &cap, sizeof *v, 4, 6)); /* the 2nd call fails */
    assert_int_equal(cap, 4);
    fa.fail_at = 0;
    int *w = sg_grow(&fa.base, v, &cap, sizeof *v, 4, 6);
    assert_non_null(w);
    assert_int_equal(cap, 6);
    assert_null(sg_grow(&fa.base, w, &cap, sizeof *v, 4, 6)); /* at the ceiling */
    assert_int_equal(cap, 6);
    sg_free(&fa.base, w);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantile_type7),
        cmocka_unit_test(test_median_mean),
        cmocka_unit_test(test_date_scan),
        cmocka_unit_test(test_date_format),
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_grow_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
