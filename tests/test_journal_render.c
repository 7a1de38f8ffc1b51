/* JSON and text renderings of entries, triage, links and plans: valid JSON
 * with the documented keys, and the never-reassure caveat in text. */
#include "support/sg_test.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/journal_render.h"

static json_t *parse(sg_jw *w)
{
    size_t len;
    assert_int_equal(sg_jw_error(w), 0);
    char *s = sg_jw_take_buf(w, &len);
    json_error_t je;
    json_t *j = json_loadb(s, len, 0, &je);
    if (!j)
        fail_msg("invalid JSON (%s): %s", je.text, s);
    free(s);
    return j;
}

static char *text_of(void (*fn)(FILE *, const void *), const void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fn(f, arg);
    fclose(f);
    return buf;
}

static void triage_text(FILE *f, const void *r) { sg_triage_write_text(f, r); }
static void plan_text(FILE *f, const void *p) { sg_plan_write_text(f, p); }
static void links_text(FILE *f, const void *r) { sg_links_write_text(f, r); }

static void test_triage_and_entries(void **state)
{
    (void)state;
    int today;
    sg_journal_date_parse("2025-06-15", &today, NULL);
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_PAIN);
    e.id = 5;
    e.u.pain.day = today;
    e.u.pain.region = SG_REGION_BUTTOCK;
    e.u.pain.side = SG_SIDE_LEFT;
    e.u.pain.severity = 4;
    e.u.pain.radiates = true;
    sg_entry_set_note(&e, "after \"hills\"", NULL);
    sg_redflag_answers a = {0, SG_RF_ALL & ~SG_RF_BIT(SG_RF_NIGHT_PAIN), 0};
    sg_triage_result r;
    sg_triage_run(&e, 1, NULL, &a, today, &r);

    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_triage_write_json(&w, &r, today);
    json_t *j = parse(&w);
    assert_string_equal(json_string_value(json_object_get(j, "tier")), "evaluate");
    assert_string_equal(json_string_value(json_object_get(j, "today")), "2025-06-15");
    json_t *reason = json_array_get(json_object_get(j, "reasons"), 0);
    assert_string_equal(json_string_value(json_object_get(reason, "rule")), "pain_radiates");
    assert_int_equal(json_integer_value(json_array_get(json_object_get(reason, "entries"), 0)), 5);
    assert_string_equal(json_string_value(json_array_get(json_object_get(j, "unanswered"), 0)),
                        "night_pain");
    assert_true(json_is_null(json_object_get(j, "age_years")));
    json_decref(j);

    sg_jw_init_buf(&w, 0, 0);
    sg_entry_write_json(&w, &e);
    j = parse(&w);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), 5);
    assert_string_equal(json_string_value(json_object_get(j, "note")), "after \"hills\"");
    assert_true(json_is_null(json_object_get(j, "km")));
    json_decref(j);

    char *t = text_of(triage_text, &r);
    assert_non_null(strstr(t, "BOOK AN EVALUATION"));
    assert_non_null(strstr(t, "#5"));
    assert_non_null(strstr(t, "night_pain"));
    assert_non_null(strstr(t, "If in doubt, get checked."));
    free(t);
}

static void test_plan_and_links(void **state)
{
    (void)state;
    char path[4096];
    const char *src = getenv("SG_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/data/prehab.json", src ? src : ".");
    sg_prehab_lib *lib = NULL;
    assert_int_equal(sg_prehab_lib_load(path, NULL, &lib, NULL), SG_OK);
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    int mon;
    sg_journal_date_parse("2025-09-01", &mon, NULL);
    sg_plan_request req;
    sg_plan_request_init(&req, mon, &a);
    req.findings = SG_FIND_ASYMMETRY;
    req.balance_left_pct = 52;
    req.balance_baseline_pct = 50; /* 2 points from the runner's own baseline */
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, lib, &p, NULL), SG_OK);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_plan_write_json(&w, &p);
    json_t *j = parse(&w);
    assert_string_equal(json_string_value(json_object_get(j, "assumed_weaker_side")), "right");
    json_t *s0 = json_array_get(json_object_get(j, "sessions"), 0);
    assert_string_equal(json_string_value(json_object_get(s0, "kind")), "strength");
    assert_true(json_array_size(json_object_get(json_array_get(json_object_get(s0, "items"), 0),
                                                "stop_if")) >= 1);
    json_t *days = json_object_get(j, "days");
    assert_int_equal(json_array_size(days), 7);
    json_t *it0 = json_array_get(json_object_get(json_array_get(days, 0), "items"), 0);
    assert_non_null(json_string_value(json_object_get(it0, "exercise_id")));
    assert_non_null(json_string_value(json_object_get(it0, "dose")));
    json_decref(j);
    char *t = text_of(plan_text, &p);
    assert_non_null(strstr(t, "STRENGTH"));
    assert_non_null(strstr(t, "(+1 set right)"));
    free(t);

    sg_links_result lr;
    sg_links_analyze(NULL, 0, NULL, 0, mon, 4, &lr);
    sg_jw_init_buf(&w, 0, 0);
    sg_links_write_json(&w, &lr);
    j = parse(&w);
    assert_true(json_is_null(json_object_get(j, "load_pain_r")));
    assert_int_equal(json_array_size(json_object_get(j, "weeks")), 4);
    json_decref(j);
    t = text_of(links_text, &lr);
    assert_non_null(strstr(t, "not causes"));
    free(t);
    sg_athlete_clear(&a);
    sg_prehab_lib_free(lib);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_triage_and_entries),
        cmocka_unit_test(test_plan_and_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
