/* The OSTRC-O2 document the dashboard's weekly form and chart draw (GET
 * /api/ostrc, src/render/ostrc_json.h): the questions and options in the
 * questionnaire's order with their published points, the skip logic as data
 * that agrees with the scoring and the journal's validation, and the stored
 * weeks scored per area. */
#include "support/sg_test.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "render/ostrc_json.h"
#include "strideguard/journal.h"
#include "strideguard/ostrc.h"

static json_t *render(const sg_entry *e, size_t n, int today)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_ostrc_write_json(&w, e, n, today);
    char *s = sg_jw_take_buf(&w, NULL);
    assert_non_null(s);
    json_error_t je;
    json_t *o = json_loads(s, 0, &je);
    if (!o)
        fail_msg("not JSON: %s: %s", je.text, s);
    free(s);
    return o;
}

static sg_entry ostrc(long long id, int day, sg_ostrc_area area, int a1, int a2, int a3, int a4)
{
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_OSTRC);
    e.id = id;
    e.u.ostrc.day = day;
    e.u.ostrc.area = area;
    e.u.ostrc.answer[0] = a1;
    e.u.ostrc.answer[1] = a2;
    e.u.ostrc.answer[2] = a3;
    e.u.ostrc.answer[3] = a4;
    return e;
}

static void test_questions(void **state)
{
    (void)state;
    json_t *o = render(NULL, 0, 20000);
    assert_string_equal(json_string_value(json_object_get(o, "instrument")), "OSTRC-O2");
    assert_non_null(strstr(json_string_value(json_object_get(o, "source")), "Clarsen"));
    assert_string_equal(json_string_value(json_object_get(o, "today")), "2024-10-04");
    json_t *qs = json_object_get(o, "questions");
    assert_int_equal(json_array_size(qs), SG_OSTRC_QUESTIONS);
    for (int q = 0; q < SG_OSTRC_QUESTIONS; q++) {
        json_t *jq = json_array_get(qs, (size_t)q);
        assert_int_equal(json_integer_value(json_object_get(jq, "number")), q + 1);
        assert_string_equal(json_string_value(json_object_get(jq, "text")), sg_ostrc_question(q));
        json_t *opts = json_object_get(jq, "options");
        assert_int_equal(json_array_size(opts), (size_t)sg_ostrc_options(q));
        for (int a = 0; a < sg_ostrc_options(q); a++) {
            json_t *jo = json_array_get(opts, (size_t)a);
            assert_int_equal(json_integer_value(json_object_get(jo, "value")), a);
            assert_string_equal(json_string_value(json_object_get(jo, "label")),
                                sg_ostrc_option(q, a));
            assert_int_equal(json_integer_value(json_object_get(jo, "points")),
                             sg_ostrc_points(q, a));
        }
    }
    json_t *areas = json_object_get(o, "areas");
    assert_int_equal(json_array_size(areas), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(areas, 0), "name")),
                        "lower_back");
    assert_string_equal(json_string_value(json_object_get(json_array_get(areas, 1), "words")),
                        "your hips or groin");
    assert_int_equal(json_array_size(json_object_get(json_array_get(areas, 0), "weeks")), 0);
    json_decref(o);
}

/* The skips the form applies are the ones the journal accepts and the score
 * assumes: leaving exactly those questions out is valid and scored; leaving
 * out one more is not. */
static void test_skips_agree(void **state)
{
    (void)state;
    json_t *o = render(NULL, 0, 20000);
    json_t *q1 = json_object_get(json_array_get(json_object_get(o, "questions"), 0), "options");
    int with_skips = 0;
    for (int a = 0; a < sg_ostrc_options(0); a++) {
        json_t *skips = json_object_get(json_array_get(q1, (size_t)a), "skips");
        assert_true(json_is_array(skips));
        int ans[4] = {a, 1, 1, 1};
        size_t i;
        json_t *v;
        json_array_foreach(skips, i, v) {
            int q = (int)json_integer_value(v);   /* 1-based question numbers */
            assert_true(q >= 2 && q <= 4);
            ans[q - 1] = -1;
        }
        with_skips += json_array_size(skips) > 0;
        sg_entry e = ostrc(0, 20000, SG_OSTRC_LOWER_BACK, ans[0], ans[1], ans[2], ans[3]);
        assert_int_equal(sg_entry_validate(&e, 20000, NULL), SG_OK);
        assert_true(sg_ostrc_score_week(&e.u.ostrc).complete);
        for (int q = 1; q < 4; q++) {
            if (ans[q] < 0)
                continue;
            sg_entry f = e;
            f.u.ostrc.answer[q] = -1;   /* one more left out: refused */
            assert_int_not_equal(sg_entry_validate(&f, 20000, NULL), SG_OK);
        }
    }
    assert_int_equal(with_skips, 2);   /* option 0 ends it; option 3 skips Q2-Q3 */
    for (int q = 1; q < SG_OSTRC_QUESTIONS; q++) {
        json_t *opts = json_object_get(json_array_get(json_object_get(o, "questions"), (size_t)q),
                                       "options");
        for (size_t a = 0; a < json_array_size(opts); a++)
            assert_int_equal(json_array_size(json_object_get(json_array_get(opts, a), "skips")), 0);
    }
    json_decref(o);
}

static void test_weeks(void **state)
{
    (void)state;
    sg_entry e[5];
    e[0] = ostrc(7, 20000, SG_OSTRC_HIP_GROIN, 1, 1, 0, 1);     /* 8+6+0+8 = 22 */
    e[1] = ostrc(3, 19993, SG_OSTRC_LOWER_BACK, 2, 2, 1, 2);    /* 17+13+6+17 = 53, substantial */
    e[2] = ostrc(9, 20000, SG_OSTRC_LOWER_BACK, 0, -1, -1, -1); /* 0 */
    sg_entry_init(&e[3], SG_ENTRY_PAIN);                         /* other kinds are ignored */
    e[3].id = 4;
    e[4] = ostrc(11, 20001, SG_OSTRC_LOWER_BACK, 3, -1, -1, 3); /* 25+25+25+25: after today */
    json_t *o = render(e, 5, 20000);
    json_t *areas = json_object_get(o, "areas");
    json_t *lb = json_object_get(json_array_get(areas, 0), "weeks");
    json_t *hg = json_object_get(json_array_get(areas, 1), "weeks");
    assert_int_equal(json_array_size(lb), 2);
    assert_int_equal(json_array_size(hg), 1);
    json_t *w0 = json_array_get(lb, 0), *w1 = json_array_get(lb, 1);
    assert_string_equal(json_string_value(json_object_get(w0, "date")), "2024-09-27");
    assert_int_equal(json_integer_value(json_object_get(w0, "id")), 3);
    assert_int_equal(json_integer_value(json_object_get(w0, "severity")), 53);
    assert_true(json_is_true(json_object_get(w0, "substantial")));
    assert_int_equal(json_array_size(json_object_get(w0, "answers")), 4);
    assert_int_equal(json_integer_value(json_object_get(w1, "severity")), 0);
    assert_true(json_is_false(json_object_get(w1, "substantial")));
    assert_true(json_is_null(json_array_get(json_object_get(w1, "answers"), 1)));
    json_t *h0 = json_array_get(hg, 0);
    assert_int_equal(json_integer_value(json_object_get(h0, "severity")), 22);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_questions),
        cmocka_unit_test(test_skips_agree),
        cmocka_unit_test(test_weeks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
