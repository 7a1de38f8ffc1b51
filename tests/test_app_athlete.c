/* The athlete use cases the dashboard writes through (src/app/athlete.h):
 * a partial update keeps the members left out, "I don't know" is null, the
 * ranges are those of `athlete set`, course_path and unknown members are
 * refused, and a refused update stores nothing. */
#include "support/sg_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "app_fixture.h"

static sg_store *open_store(void)
{
    sg_store *st = fx_open(sg_test_tmpdir(), "athlete.db");
    assert_non_null(st);
    return st;
}

static void update(sg_store *st, const char *json, int want)
{
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_app_athlete_update_json(st, json, strlen(json), NULL, &err);
    if (rc != want)
        fail_msg("%s: rc %d (%s), expected %d", json, rc, err.msg, want);
}

static void load(sg_store *st, sg_athlete *p)
{
    sg_err err;
    int found = 0;
    sg_athlete_init(p, NULL);
    assert_int_equal(sg_app_athlete_load(st, p, &found, &err), SG_OK);
    assert_true(found);
}

static void partial_updates_and_nulls(void **state)
{
    (void)state;
    sg_store *st = open_store();
    update(st, "{\"sex\":\"female\",\"birth_year\":1988,\"hr_rest\":50,\"hr_max\":186}", SG_OK);
    update(st, "{\"hr_rest\":null,\"race_date\":\"2026-04-19\",\"history\":[\"disc\"]}", SG_OK);
    sg_athlete p;
    load(st, &p);
    assert_int_equal(p.sex, SG_SEX_FEMALE);
    assert_int_equal(p.birth_year, 1988);
    assert_true(isnan(p.hr_rest));
    assert_true(p.hr_max == 186);
    assert_false(isnan(p.race_date));
    assert_int_equal(p.history, SG_HIST_DISC);
    sg_athlete_clear(&p);
    update(st, "{\"sex\":null,\"birth_year\":null,\"race_date\":null}", SG_OK);
    load(st, &p);
    assert_int_equal(p.sex, SG_SEX_UNKNOWN);
    assert_int_equal(p.birth_year, 0);
    assert_true(isnan(p.race_date));
    assert_true(p.hr_max == 186);
    sg_athlete_clear(&p);
    sg_store_close(st);
}

static void refused_updates_change_nothing(void **state)
{
    (void)state;
    sg_store *st = open_store();
    update(st, "{\"hr_rest\":50,\"hr_max\":186}", SG_OK);
    static const char *const bad[] = {
        "{\"hr_max\":241}",          "{\"hr_max\":99}",         "{\"hr_rest\":24}",
        "{\"hr_rest\":190}",         "{\"birth_year\":1899}",   "{\"birth_year\":1988.5}",
        "{\"height_m\":3}",          "{\"mass_kg\":20}",        "{\"sex\":\"other\"}",
        "{\"race_date\":\"2026-02-30\"}", "{\"history\":[\"x\"]}", "{\"hr_max\":\"186\"}",
        "{\"course_path\":\"/etc/passwd\"}", "{\"shoe\":1}",     "{\"hr_rest\":100,\"hr_max\":100}",
        "{\"hr_max\":150,\"hr_rest\":160}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        update(st, bad[i], SG_EUSAGE);
    update(st, "[1]", SG_EFORMAT);
    update(st, "{\"hr_max\":", SG_EFORMAT);
    sg_athlete p;
    load(st, &p);
    assert_true(p.hr_rest == 50 && p.hr_max == 186);
    assert_null(p.course_path);
    sg_athlete_clear(&p);
    sg_store_close(st);
}

static void validate_names_the_field(void **state)
{
    (void)state;
    sg_athlete p;
    sg_athlete_init(&p, NULL);
    sg_err err;
    sg_err_clear(&err);
    assert_int_equal(sg_app_athlete_validate(&p, &err), SG_OK);
    p.hr_max = 300;
    assert_int_equal(sg_app_athlete_validate(&p, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "hr_max"));
    assert_non_null(strstr(err.msg, "100 to 240"));
    p.hr_max = 180;
    p.hr_rest = 181 - 100;
    assert_int_equal(sg_app_athlete_validate(&p, &err), SG_OK);
    sg_athlete_clear(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(partial_updates_and_nulls),
        cmocka_unit_test(refused_updates_change_nothing),
        cmocka_unit_test(validate_names_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
