/* The journal entry model: names, dates, validation errors, duplicates and
 * the JSON storage form. */
#include "support/sg_test.h"

#include <stdlib.h>
#include <string.h>

#include "strideguard/journal.h"

static int D(const char *s)
{
    int d = 0;
    assert_int_equal(sg_journal_date_parse(s, &d, NULL), SG_OK);
    return d;
}

static sg_entry pain(const char *date, sg_region r, sg_side s, int sev, sg_timing t)
{
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_PAIN);
    e.u.pain.day = D(date);
    e.u.pain.region = r;
    e.u.pain.side = s;
    e.u.pain.severity = sev;
    e.u.pain.timing = t;
    return e;
}

static void test_names(void **state)
{
    (void)state;
    static const char *regions[] = {"upper_cervical", "cervical", "thoracic", "thoracolumbar",
                                    "lumbar", "lumbosacral", "sacroiliac", "buttock", "hip",
                                    "groin", "thigh", "lower_leg", "foot"};
    for (int i = 0; i < 13; i++) {
        assert_int_equal(sg_region_parse(regions[i]), i + 1);
        assert_string_equal(sg_region_name((sg_region)(i + 1)), regions[i]);
    }
    assert_int_equal(sg_region_parse("knee"), SG_REGION_UNKNOWN);
    assert_int_equal(sg_region_parse(NULL), SG_REGION_UNKNOWN);
    assert_int_equal(sg_side_parse("central"), SG_SIDE_CENTRAL);
    assert_int_equal(sg_side_parse("middle"), SG_SIDE_UNKNOWN);
    assert_int_equal(sg_timing_parse("next_morning"), SG_TIMING_NEXT_MORNING);
    assert_string_equal(sg_timing_name(SG_TIMING_BEFORE), "before");
    assert_int_equal(sg_entry_kind_parse("rpe"), SG_ENTRY_RPE);
    assert_true(sg_region_is_spinal(SG_REGION_SACROILIAC));
    assert_false(sg_region_is_spinal(SG_REGION_BUTTOCK));
    assert_true(sg_region_is_leg(SG_REGION_LOWER_LEG));
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(D("1970-01-01"), 0);
    assert_int_equal(D("2000-03-01"), 11017);
    assert_int_equal(D("2024-02-29") + 1, D("2024-03-01"));
    char b[11];
    assert_string_equal(sg_journal_date_format(D("2025-12-31"), b), "2025-12-31");
    assert_int_equal(sg_journal_weekday(D("2025-03-03")), 1); /* a Monday */
    assert_int_equal(sg_journal_weekday(D("2025-03-09")), 7);
    sg_err err;
    int d;
    assert_int_equal(sg_journal_date_parse("2025-02-29", &d, &err), SG_EFORMAT);
    assert_non_null(strstr(err.msg, "not a real calendar day"));
    assert_int_equal(sg_journal_date_parse("2025-2-1", &d, &err), SG_EFORMAT);
    assert_int_equal(sg_journal_date_parse("yesterday!", &d, &err), SG_EFORMAT);
    assert_int_equal(sg_journal_date_parse(NULL, &d, &err), SG_EFORMAT);
}

static void test_validation_errors(void **state)
{
    (void)state;
    int today = D("2025-03-10");
    sg_err err;
    sg_entry e = pain("2025-03-09", SG_REGION_LUMBAR, SG_SIDE_LEFT, 4, SG_TIMING_DURING);
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_OK);

    e.u.pain.severity = 11;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    assert_string_equal(err.msg, "severity 11 is out of range (0 to 10)");
    e.u.pain.severity = -1;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "severity -1"));
    e.u.pain.severity = 0;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_OK);

    e.u.pain.region = SG_REGION_UNKNOWN;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "unknown region"));
    e.u.pain.region = SG_REGION_COUNT;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    e.u.pain.region = SG_REGION_HIP;

    e.u.pain.side = SG_SIDE_UNKNOWN;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "unknown side"));
    e.u.pain.side = SG_SIDE_BOTH;

    e.u.pain.day = D("2025-03-11");
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    assert_string_equal(err.msg, "date 2025-03-11 is in the future (today is 2025-03-10)");
    e.u.pain.day = today;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_OK);
    e.u.pain.day = SG_JOURNAL_NO_DAY;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "date is missing"));
    e.u.pain.day = today;

    e.u.pain.stiffness_min = 2000;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "stiffness"));
    e.u.pain.stiffness_min = 45;
    e.u.pain.km = -3;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    e.u.pain.km = 12.5;
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_OK);
    memcpy(e.u.pain.note, "bad \xff byte", 11);
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "UTF-8"));

    sg_entry r;
    sg_entry_init(&r, SG_ENTRY_RPE);
    r.u.rpe.rpe = 6;
    assert_int_equal(sg_entry_validate(&r, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "run id"));
    r.u.rpe.run_id = 7;
    assert_int_equal(sg_entry_validate(&r, today, &err), SG_OK); /* date optional */
    r.u.rpe.rpe = 12;
    assert_int_equal(sg_entry_validate(&r, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "RPE 12"));

    sg_entry p;
    sg_entry_init(&p, SG_ENTRY_PREHAB);
    p.u.prehab.day = today;
    assert_int_equal(sg_entry_validate(&p, today, &err), SG_EUSAGE);
    assert_int_equal(sg_entry_set_exercise(&p, "Side Plank", &err), SG_OK);
    assert_int_equal(sg_entry_validate(&p, today, &err), SG_EUSAGE);
    assert_int_equal(sg_entry_set_exercise(&p, "side_plank", &err), SG_OK);
    assert_int_equal(sg_entry_validate(&p, today, &err), SG_OK);

    char longnote[600];
    memset(longnote, 'x', sizeof longnote - 1);
    longnote[sizeof longnote - 1] = 0;
    assert_int_equal(sg_entry_set_note(&e, longnote, &err), SG_ELIMIT);
    assert_int_equal(sg_entry_set_note(&p, "x", &err), SG_EUSAGE);
    /* a terminal escape sequence in a note does not validate; line breaks do */
    assert_int_equal(sg_entry_set_note(&e, "\x1b[2Jgone", &err), SG_OK);
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_EUSAGE);
    assert_int_equal(sg_entry_set_note(&e, "line one\nline\ttwo", &err), SG_OK);
    assert_int_equal(sg_entry_validate(&e, today, &err), SG_OK);
}

static void test_duplicates(void **state)
{
    (void)state;
    int today = D("2025-03-10");
    sg_entry have[3];
    have[0] = pain("2025-03-09", SG_REGION_LUMBAR, SG_SIDE_LEFT, 4, SG_TIMING_DURING);
    have[0].id = 11;
    sg_entry_init(&have[1], SG_ENTRY_RPE);
    have[1].id = 12;
    have[1].u.rpe.run_id = 5;
    have[1].u.rpe.rpe = 4;
    sg_entry_init(&have[2], SG_ENTRY_PREHAB);
    have[2].id = 13;
    have[2].u.prehab.day = today;
    sg_entry_set_exercise(&have[2], "dead_bug", NULL);

    sg_err err;
    sg_entry e = have[0];
    e.id = 0;
    e.u.pain.severity = 6; /* same event, different rating: still a duplicate */
    assert_int_equal(sg_journal_check_new(&e, have, 3, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "duplicate"));
    assert_non_null(strstr(err.msg, "entry 11"));
    e.id = 11; /* editing entry 11 itself is fine */
    assert_int_equal(sg_journal_check_new(&e, have, 3, today, &err), SG_OK);
    e.id = 0;
    e.u.pain.timing = SG_TIMING_AFTER;
    assert_int_equal(sg_journal_check_new(&e, have, 3, today, &err), SG_OK);

    sg_entry r = have[1];
    r.id = 0;
    r.u.rpe.rpe = 8;
    assert_int_equal(sg_journal_check_new(&r, have, 3, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "run 5 already has an RPE"));

    sg_entry p = have[2];
    p.id = 0;
    assert_int_equal(sg_journal_check_new(&p, have, 3, today, &err), SG_EUSAGE);
    p.u.prehab.day = today - 1;
    assert_int_equal(sg_journal_check_new(&p, have, 3, today, &err), SG_OK);

    /* validation comes first */
    e.u.pain.severity = 42;
    assert_int_equal(sg_journal_check_new(&e, have, 3, today, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "severity 42"));
}

static void roundtrip(const sg_entry *e)
{
    char *json = NULL;
    sg_err err;
    assert_int_equal(sg_entry_to_json(e, &json, &err), SG_OK);
    sg_entry back;
    assert_int_equal(sg_entry_from_json(json, strlen(json), &back, &err), SG_OK);
    char *again = NULL;
    assert_int_equal(sg_entry_to_json(&back, &again, &err), SG_OK);
    assert_string_equal(json, again);
    if (e->kind == SG_ENTRY_SCREEN) /* screens are never "the same" entry: compare answers */
        assert_memory_equal(&e->u.screen, &back.u.screen, sizeof e->u.screen);
    else
        assert_true(sg_entry_same(e, &back));
    free(json);
    free(again);
}

static void test_json(void **state)
{
    (void)state;
    sg_entry e = pain("2025-03-09", SG_REGION_SACROILIAC, SG_SIDE_RIGHT, 5, SG_TIMING_AFTER);
    e.u.pain.km = 21.1;
    e.u.pain.radiates = true;
    e.u.pain.stiffness_min = 40;
    e.u.pain.run_id = 99;
    sg_entry_set_note(&e, "after the \"hill\" loop, caf\xc3\xa9", NULL);
    roundtrip(&e);
    char *json = NULL;
    assert_int_equal(sg_entry_to_json(&e, &json, NULL), SG_OK);
    assert_non_null(strstr(json, "\"region\":\"sacroiliac\""));
    assert_non_null(strstr(json, "\"km\":21.1"));
    free(json);

    sg_entry bare = pain("2025-01-01", SG_REGION_FOOT, SG_SIDE_BOTH, 0, SG_TIMING_UNKNOWN);
    roundtrip(&bare);
    sg_entry r;
    sg_entry_init(&r, SG_ENTRY_RPE);
    r.u.rpe.run_id = 3;
    r.u.rpe.rpe = 7;
    roundtrip(&r);
    sg_entry p;
    sg_entry_init(&p, SG_ENTRY_PREHAB);
    p.u.prehab.day = 20000;
    sg_entry_set_exercise(&p, "copenhagen_plank", NULL);
    roundtrip(&p);

    /* the warning signs one entry can carry */
    sg_entry w = pain("2025-03-10", SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 4, SG_TIMING_AFTER);
    w.u.pain.worse_during = true;
    w.u.pain.eases = 0;
    roundtrip(&w);
    assert_int_equal(sg_entry_to_json(&w, &json, NULL), SG_OK);
    assert_non_null(strstr(json, "\"worse_during\":true"));
    assert_non_null(strstr(json, "\"eases\":false"));
    free(json);

    /* a screen: yes, no and "not sure" by name, the rest unanswered */
    sg_entry sc;
    sg_entry_init(&sc, SG_ENTRY_SCREEN);
    sc.u.screen.day = 20100;
    sc.u.screen.yes = SG_RF_BIT(SG_RF_HOP_PAIN);
    sc.u.screen.no = SG_RF_BIT(SG_RF_SADDLE_NUMBNESS) | SG_RF_BIT(SG_RF_FEVER);
    sc.u.screen.unsure = SG_RF_BIT(SG_RF_CERVICAL_ARTERY);
    roundtrip(&sc);
    assert_int_equal(sg_entry_to_json(&sc, &json, NULL), SG_OK);
    assert_non_null(strstr(json, "\"yes\":[\"hop_pain\"]"));
    assert_non_null(strstr(json, "\"unsure\":[\"cervical_artery_signs\"]"));
    free(json);

    /* an OSTRC-O2 week for the lower back */
    sg_entry o;
    sg_entry_init(&o, SG_ENTRY_OSTRC);
    o.u.ostrc.day = 20100;
    o.u.ostrc.area = SG_OSTRC_LOWER_BACK;
    o.u.ostrc.answer[0] = 1;
    o.u.ostrc.answer[1] = 4;
    o.u.ostrc.answer[2] = 0;
    o.u.ostrc.answer[3] = 3;
    roundtrip(&o);
}

static void test_screen_and_ostrc_refused(void **state)
{
    (void)state;
    static const char *bad[] = {
        /* one question in two answers */
        "{\"kind\":\"screen\",\"date\":\"2025-01-01\",\"yes\":[\"fever\"],\"no\":[\"fever\"]}",
        /* an unknown question */
        "{\"kind\":\"screen\",\"date\":\"2025-01-01\",\"yes\":[\"headache\"]}",
        /* nothing answered */
        "{\"kind\":\"screen\",\"date\":\"2025-01-01\"}",
        /* OSTRC: an answer beyond the question's options, an unknown area */
        "{\"kind\":\"ostrc\",\"date\":\"2025-01-01\",\"area\":\"hip_groin\",\"answers\":[0,0,0,4]}",
        "{\"kind\":\"ostrc\",\"date\":\"2025-01-01\",\"area\":\"knee\",\"answers\":[0,0,0,0]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        sg_entry e;
        sg_err err;
        int rc = sg_entry_from_json(bad[i], strlen(bad[i]), &e, &err);
        if (rc == SG_OK)
            rc = sg_entry_validate(&e, 30000, &err);
        if (rc == SG_OK)
            fail_msg("accepted: %s", bad[i]);
    }
}

static void expect_bad(const char *json, const char *needle)
{
    sg_entry e;
    sg_err err;
    sg_entry_init(&e, SG_ENTRY_NONE);
    assert_int_equal(sg_entry_from_json(json, strlen(json), &e, &err), SG_EFORMAT);
    if (!strstr(err.msg, needle))
        fail_msg("'%s': message '%s' lacks '%s'", json, err.msg, needle);
    assert_int_equal(e.kind, SG_ENTRY_NONE); /* untouched */
}

static void test_json_errors(void **state)
{
    (void)state;
    expect_bad("{\"kind\":\"pain\",\"region\":\"knee\"}", "unknown region 'knee'");
    expect_bad("{\"kind\":\"pain\",\"side\":\"middle\"}", "unknown side 'middle'");
    expect_bad("{\"kind\":\"pain\",\"severity\":\"bad\"}", "\"severity\" must be a whole number");
    expect_bad("{\"kind\":\"pain\",\"date\":\"2025-13-01\"}", "not a real calendar day");
    expect_bad("{\"kind\":\"pain\",\"sevrity\":3}", "\"sevrity\" is not a known key");
    expect_bad("{\"kind\":\"walk\"}", "unknown entry kind");
    expect_bad("[1,2]", "must be a JSON object");
    expect_bad("{\"kind\":\"pain\",\"kind\":\"pain\"}", "duplicate");
    sg_entry e;
    sg_err err;
    assert_int_equal(sg_entry_from_json("{\n \"kind\": pain}", 16, &e, &err), SG_EFORMAT);
    assert_int_equal(err.line, 2);
}

/* An incomplete entry (no region or side yet) still round-trips through the
 * storage JSON; validation, not the parser, is what refuses it. */
static void test_unknown_enums_roundtrip(void **state)
{
    (void)state;
    sg_entry e, back;
    sg_entry_init(&e, SG_ENTRY_PAIN);
    e.u.pain.day = 20000;
    e.u.pain.severity = 2;
    char *json = NULL;
    assert_int_equal(sg_entry_to_json(&e, &json, NULL), SG_OK);
    assert_non_null(strstr(json, "\"region\":null"));
    assert_int_equal(sg_entry_from_json(json, strlen(json), &back, NULL), SG_OK);
    assert_int_equal(back.u.pain.region, SG_REGION_UNKNOWN);
    assert_int_equal(back.u.pain.side, SG_SIDE_UNKNOWN);
    assert_true(sg_entry_validate(&back, 30000, NULL) != SG_OK);
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_enums_roundtrip),
        cmocka_unit_test(test_names),        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_validation_errors), cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_json),         cmocka_unit_test(test_screen_and_ostrc_refused),         cmocka_unit_test(test_json_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
