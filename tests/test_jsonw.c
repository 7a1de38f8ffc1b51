/* The streaming JSON writer: nesting, escaping, numbers, NaN -> null. */
#include "support/sg_test.h"

#include <stdlib.h>
#include <string.h>

#include "model/jsonw.h"

static char *render(void (*fn)(sg_jw *))
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    fn(&w);
    return sg_jw_take_buf(&w, NULL);
}

static void doc(sg_jw *w)
{
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "s", "a\"b\\c\n\x01\xff\xc3\xa9");
    sg_jw_knum(w, "x", 0.1);
    sg_jw_knum(w, "nan", NAN);
    sg_jw_kint(w, "i", -42);
    sg_jw_key(w, "arr");
    sg_jw_arr_begin(w);
    sg_jw_num(w, 1.5);
    sg_jw_bool(w, true);
    sg_jw_null(w);
    sg_jw_arr_begin(w);
    sg_jw_arr_end(w);
    sg_jw_arr_end(w);
    sg_jw_knumf(w, "f", -0.0001, 2);
    sg_jw_obj_end(w);
}

static void test_document(void **state)
{
    (void)state;
    char *s = render(doc);
    assert_string_equal(s, "{\"s\":\"a\\\"b\\\\c\\n\\u0001\xEF\xBF\xBD\xc3\xa9\",\"x\":0.1,"
                           "\"nan\":null,\"i\":-42,\"arr\":[1.5,true,null,[]],\"f\":0.00}");
    free(s);
}

static void lines(sg_jw *w)
{
    for (int i = 0; i < 2; i++) {
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "i", i);
        sg_jw_obj_end(w);
        sg_jw_newline(w);
    }
}

static void test_jsonl(void **state)
{
    (void)state;
    char *s = render(lines);
    assert_string_equal(s, "{\"i\":0}\n{\"i\":1}\n");
    free(s);
}

static void test_roundtrip_numbers(void **state)
{
    (void)state;
    const double v[] = {142.39999999999998, 58.95918281748891, 1e-300, 3.0, -7.25};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        sg_jw w;
        sg_jw_init_buf(&w, 0, 0);
        sg_jw_num(&w, v[i]);
        char *s = sg_jw_take_buf(&w, NULL);
        assert_true(strtod(s, NULL) == v[i]);
        free(s);
    }
}

static void test_ceiling(void **state)
{
    (void)state;
    sg_jw w;
    sg_jw_init_buf(&w, 64, 0);
    sg_jw_arr_begin(&w);
    for (int i = 0; i < 100; i++)
        sg_jw_int(&w, i);
    sg_jw_arr_end(&w);
    assert_true(sg_jw_error(&w));
    assert_null(sg_jw_take_buf(&w, NULL));
}

static void test_add_member(void **state)
{
    (void)state;
    char *a = sg_json_add_member("{\"x\":1}", "s", "[1,2]");
    assert_string_equal(a, "{\"x\":1,\"s\":[1,2]}");
    free(a);
    char *b = sg_json_add_member("{}\n", "k\"", "null");
    assert_string_equal(b, "{\"k\\\"\":null}");
    free(b);
    assert_null(sg_json_add_member("[1]", "k", "1"));
    assert_null(sg_json_add_member("", "k", "1"));
}

/* The fast fixed-point path agrees with printf away from exact ties. */
static void test_numf_matches_printf(void **state)
{
    (void)state;
    const double v[] = {0, -0.0, 0.004, -0.004, 1.5, -2.25, 23743.48, 1e-9, 123456789.987654,
                        -99999.999, 0.5, 9.995001, 3.14159265};
    for (int d = 0; d <= 6; d++)
        for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
            sg_jw w;
            sg_jw_init_buf(&w, 0, 0);
            sg_jw_numf(&w, v[i], d);
            char *got = sg_jw_take_buf(&w, NULL);
            char want[64];
            snprintf(want, sizeof want, "%.*f", d, v[i]);
            if (want[0] == '-' && strspn(want + 1, "0.") == strlen(want + 1))
                memmove(want, want + 1, strlen(want));
            if (strcmp(got, want) != 0)
                fail_msg("numf(%.17g, %d) = %s, printf %s", v[i], d, got, want);
            free(got);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_roundtrip_numbers),
        cmocka_unit_test(test_ceiling),
        cmocka_unit_test(test_add_member),
        cmocka_unit_test(test_numf_matches_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
