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

/* The export's CSV (RFC 4180): header, CRLF, quoting, a formula-looking
 * note shown as text, empty fields for what was not given, never nan. */
static void test_export_csv(void **state)
{
    (void)state;
    sg_entry e[3];
    sg_entry_init(&e[0], SG_ENTRY_PAIN);
    e[0].id = 7;
    e[0].u.pain.day = sg_journal_day_from_civil(2026, 2, 1);
    e[0].u.pain.region = SG_REGION_LUMBAR;
    e[0].u.pain.side = SG_SIDE_LEFT;
    e[0].u.pain.severity = 4;
    assert_int_equal(sg_entry_set_note(&e[0], "sharp, then \"dull\"\nnext day", NULL), 0);
    sg_entry_init(&e[1], SG_ENTRY_PAIN);
    e[1].id = 8;
    e[1].u.pain.day = sg_journal_day_from_civil(2026, 2, 2);
    e[1].u.pain.region = SG_REGION_HIP;
    e[1].u.pain.side = SG_SIDE_RIGHT;
    e[1].u.pain.severity = 2;
    e[1].u.pain.km = 3.5;
    e[1].u.pain.eases = 1;
    assert_int_equal(sg_entry_set_note(&e[1], "-2+3", NULL), 0);
    sg_entry_init(&e[2], SG_ENTRY_RPE);
    e[2].id = 9;
    e[2].u.rpe.day = sg_journal_day_from_civil(2026, 2, 3);
    e[2].u.rpe.run_id = 12;
    e[2].u.rpe.rpe = 6;
    sg_app_journal_export_result x = {SG_JOURNAL_NO_DAY, SG_JOURNAL_NO_DAY, e, 3};
    sg_sb b;
    sg_sb_init(&b, 0);
    sg_journal_export_write_csv(&b, &x);
    char *csv = sg_sb_take(&b, NULL);
    assert_non_null(csv);
    const char *want =
        "id,date,kind,region,side,severity,timing,km,radiates,numbness,stiffness_min,"
        "changed_run,worse_during,eases,run_id,rpe,exercise,ostrc_area,ostrc_answers,"
        "ostrc_severity,screen_yes,screen_no,screen_unsure,note\r\n"
        "7,2026-02-01,pain,lumbar,left,4,,,no,no,,no,no,,,,,,,,,,,"
        "\"sharp, then \"\"dull\"\"\nnext day\"\r\n"
        "8,2026-02-02,pain,hip,right,2,,3.50,no,no,,no,no,yes,,,,,,,,,,'-2+3\r\n"
        "9,2026-02-03,rpe,,,,,,,,,,,,12,6,,,,,,,,\r\n";
    assert_string_equal(csv, want);
    free(csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_triage_and_entries),
        cmocka_unit_test(test_plan_and_links),
        cmocka_unit_test(test_export_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
