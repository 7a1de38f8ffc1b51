/* The plan use case over a stored simulated six-week block (sg_sim_block
 * defaults, 2025-09-08 .. 2025-10-19): the week's runs inferred from the
 * pattern, findings from the run analyses, taper from the profile's race
 * date, adherence from the journal, and a request without a profile. */
#include "support/sg_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "app/journal.h"
#include "app/plan.h"
#include "app_fixture.h"

typedef struct fx {
    sg_store *st;
    long long ids[64];
    int n_runs;
} fx;

static int day(int y, int m, int d) { return sg_journal_day_from_civil(y, m, d); }

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->st = fx_open(sg_test_tmpdir(), "plan.db");
    sg_sim_block_params bp;
    sg_sim_block_defaults(&bp);
    bp.weeks = 6;
    bp.race = false;
    bp.taper = false;
    bp.spike_week = -1;
    bp.sample_interval_s = 5;
    f->n_runs = fx_store_block(f->st, &bp, f->ids, 64, NULL);
    if (!f->st || f->n_runs <= 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    sg_store_close(f->st);
    free(f);
    return 0;
}

static void set_profile(fx *f, int race_y, int race_m, int race_d)
{
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    a.sex = SG_SEX_MALE;
    a.birth_year = 1985;
    a.race_date = (double)day(race_y, race_m, race_d) * 86400.0;
    sg_err e;
    assert_int_equal(sg_app_athlete_save(f->st, &a, &e), SG_OK);
    sg_athlete_clear(&a);
}

static int count_cache(void *ctx, const char *name, int version, const char *json)
{
    (void)name;
    (void)version;
    (void)json;
    (*(int *)ctx)++;
    return 0;
}

/* Runs first: the profile does not exist yet. */
static void no_profile_changes_nothing(void **state)
{
    fx *f = *state;
    sg_app_plan *p = calloc(1, sizeof *p);
    sg_app_plan_opts o;
    sg_app_plan_opts_init(&o, day(2025, 10, 5));
    sg_err e;
    assert_int_equal(sg_app_plan_make(f->st, &o, p, &e), SG_ENODATA);
    assert_non_null(strstr(e.msg, "no athlete profile"));
    int n = 0;
    assert_int_equal(sg_store_cache_list(f->st, f->ids[0], count_cache, &n, &e), SG_OK);
    assert_int_equal(n, 0);
    sg_app_plan_free(p);
    free(p);
}

static const sg_plan_session *strength_on(const sg_plan *p, int d)
{
    for (size_t i = 0; i < p->n_sessions; i++)
        if (p->sessions[i].day == d && p->sessions[i].kind == SG_SESSION_STRENGTH)
            return &p->sessions[i];
    return NULL;
}

static bool has_category(const sg_plan *p, sg_ex_category c)
{
    for (size_t i = 0; i < p->n_sessions; i++)
        for (size_t k = 0; k < p->sessions[i].n_items; k++)
            if (p->sessions[i].kind == SG_SESSION_STRENGTH &&
                p->sessions[i].items[k].ex->category == c)
                return true;
    return false;
}

static bool has_bias(const sg_plan *p)
{
    for (size_t i = 0; i < p->n_sessions; i++)
        for (size_t k = 0; k < p->sessions[i].n_items; k++)
            if (p->sessions[i].items[k].bias != SG_SIDE_UNKNOWN)
                return true;
    return false;
}

static void make(fx *f, int today, int week, sg_app_plan *p)
{
    sg_app_plan_opts o;
    sg_app_plan_opts_init(&o, today);
    o.week = week;
    sg_err e;
    sg_err_clear(&e);
    if (sg_app_plan_make(f->st, &o, p, &e))
        fail_msg("plan: %s", e.msg);
}

static void generic_before_any_run(void **state)
{
    fx *f = *state;
    set_profile(f, 2025, 11, 2);
    sg_app_plan *p = calloc(1, sizeof *p);
    make(f, day(2025, 9, 7), day(2025, 9, 8), p);
    assert_int_equal(p->plan.week_start, day(2025, 9, 8));
    assert_int_equal(p->n_runs, 0);
    assert_int_equal(p->plan.findings, 0);
    assert_int_equal(p->plan.n_strength, 3);
    assert_false(p->plan.taper);
    assert_false(has_category(&p->plan, SG_EX_CAT_ECCENTRIC));
    assert_false(has_bias(&p->plan));
    sg_app_plan_free(p);
    /* week 2: one week of mild rolling runs, still generic */
    make(f, day(2025, 9, 14), day(2025, 9, 15), p);
    assert_int_equal(p->plan.findings, 0);
    assert_true(p->finding_runs >= 4);
    sg_app_plan_free(p);
    free(p);
}

static void adapts_after_descents_and_asymmetry(void **state)
{
    fx *f = *state;
    sg_app_plan *p = calloc(1, sizeof *p);
    /* planned on the Sunday evening of week 4 for week 5 (Mon 2025-10-06) */
    make(f, day(2025, 10, 5), day(2025, 10, 6), p);
    assert_true(p->pattern_weeks >= 3);
    assert_true(p->plan.findings & SG_FIND_DESCENT_HEAVY);
    /* the simulated balance drifts from 50.2 % to about 51 % left: inside
     * Garmin's orange band and less than 1.5 points from the runner's own
     * baseline, so not an asymmetry finding any more (issue #13: 0.75
     * points flagged most runners) */
    assert_true(p->balance_left_pct > 50.75);
    assert_true(p->balance_baseline_runs >= 3);
    assert_true(isfinite(p->balance_baseline_pct));
    assert_true(p->balance_left_pct - p->balance_baseline_pct < SG_PLAN_ASYM_CHANGE_PP);
    assert_false(p->plan.findings & SG_FIND_ASYMMETRY);
    assert_int_equal(p->plan.weaker_side, SG_SIDE_UNKNOWN);
    assert_true(has_category(&p->plan, SG_EX_CAT_ECCENTRIC));
    assert_false(has_bias(&p->plan));
    /* the Sunday long run is expected from the pattern; no strength the day
     * before it or on it */
    int long_day = SG_JOURNAL_NO_DAY;
    for (size_t i = 0; i < p->n_runs; i++) {
        assert_int_equal(p->run_source[i], SG_APP_RUN_PATTERN);
        if (p->runs[i].kind == SG_RUN_LONG)
            long_day = p->runs[i].day;
    }
    assert_int_equal(long_day, day(2025, 10, 12));
    assert_null(strength_on(&p->plan, long_day));
    assert_null(strength_on(&p->plan, long_day - 1));
    for (size_t i = 0; i < p->n_runs; i++)
        if (p->runs[i].kind == SG_RUN_HARD)
            assert_null(strength_on(&p->plan, p->runs[i].day - 1));
    assert_true(p->plan.n_strength >= 2);
    sg_app_plan_free(p);
    free(p);
}

static void recorded_runs_and_adherence(void **state)
{
    fx *f = *state;
    sg_app_plan *p = calloc(1, sizeof *p);
    sg_err e;
    sg_prehab_lib *lib = NULL;
    assert_int_equal(sg_app_prehab_lib(NULL, &lib, &e), SG_OK);
    /* a strength exercise logged on Tuesday of week 6 */
    const sg_exercise *strength = NULL;
    for (size_t i = 0; i < lib->n && !strength; i++)
        if (lib->ex[i].kind == SG_EX_STRENGTH)
            strength = &lib->ex[i];
    sg_entry pe;
    sg_entry_init(&pe, SG_ENTRY_PREHAB);
    pe.u.prehab.day = day(2025, 10, 14);
    assert_int_equal(sg_entry_set_exercise(&pe, strength->id, &e), SG_OK);
    assert_int_equal(sg_app_journal_add(f->st, &pe, day(2025, 10, 16), lib, &e), SG_OK);
    /* Thursday of week 6, the 7 days from its Monday: Mon-Thu runs are
     * recorded, the rest expected */
    make(f, day(2025, 10, 16), day(2025, 10, 13), p);
    int recorded = 0, pattern = 0;
    for (size_t i = 0; i < p->n_runs; i++) {
        if (p->run_source[i] == SG_APP_RUN_RECORDED) {
            assert_true(p->runs[i].day <= day(2025, 10, 16));
            recorded++;
        }
        if (p->run_source[i] == SG_APP_RUN_PATTERN) {
            assert_true(p->runs[i].day > day(2025, 10, 16));
            pattern++;
        }
    }
    assert_true(recorded >= 3);
    assert_true(pattern >= 1);
    assert_int_equal(p->plan.adherence.strength_days_done, 1);
    assert_int_equal(p->plan.adherence.entries_this_week, 1);
    sg_app_plan_free(p);
    sg_prehab_lib_free(lib);
    free(p);
}

static void taper_week_is_lighter(void **state)
{
    fx *f = *state;
    sg_app_plan *p = calloc(1, sizeof *p);
    /* race 2025-11-02: the week of 2025-10-20 starts 13 days before it */
    make(f, day(2025, 10, 19), day(2025, 10, 20), p);
    assert_true(p->plan.taper);
    assert_non_null(p->taper_reason);
    assert_true(p->plan.n_strength <= 2);
    sg_app_plan_free(p);
    /* three weeks out while the volume is still building: not a taper */
    make(f, day(2025, 10, 12), day(2025, 10, 13), p);
    assert_false(p->plan.taper);
    sg_app_plan_free(p);
    /* race week: the race comes from the profile, strength never the day before */
    set_profile(f, 2025, 10, 26);
    make(f, day(2025, 10, 19), day(2025, 10, 20), p);
    bool race = false;
    for (size_t i = 0; i < p->n_runs; i++)
        if (p->runs[i].kind == SG_RUN_RACE) {
            race = true;
            assert_int_equal(p->runs[i].day, day(2025, 10, 26));
            assert_int_equal(p->run_source[i], SG_APP_RUN_PROFILE);
        }
    assert_true(race);
    assert_null(strength_on(&p->plan, day(2025, 10, 25)));
    sg_app_plan_free(p);
    set_profile(f, 2025, 11, 2);
    free(p);
}

/* Issue #13: the plan is the 7 days from today, not Monday to Sunday (on a
 * Sunday six of those days were in the past). */
static void rolling_seven_days_from_today(void **state)
{
    fx *f = *state;
    sg_app_plan *p = calloc(1, sizeof *p);
    const int sunday = day(2025, 10, 19);
    make(f, sunday, SG_JOURNAL_NO_DAY, p);
    assert_int_equal(p->plan.week_start, sunday);
    assert_true(p->plan.n_sessions >= 7);
    for (size_t i = 0; i < p->plan.n_sessions; i++) {
        assert_true(p->plan.sessions[i].day >= sunday);
        assert_true(p->plan.sessions[i].day <= sunday + 6);
    }
    /* every one of the 7 days has its mobility session, today included */
    for (int d = 0; d < 7; d++) {
        bool mob = false;
        for (size_t i = 0; i < p->plan.n_sessions; i++)
            mob |= p->plan.sessions[i].day == sunday + d &&
                   p->plan.sessions[i].kind == SG_SESSION_MOBILITY;
        assert_true(mob);
    }
    assert_true(p->plan.n_strength >= 2);
    /* the triage tier the plan was made for: nothing logged, self care */
    assert_int_equal(p->tier, SG_TIER_SELF_CARE);
    assert_int_equal(p->plan.tier, SG_TIER_SELF_CARE);
    sg_app_plan_free(p);
    free(p);
}

static void bad_requests(void **state)
{
    fx *f = *state;
    sg_app_plan *p = calloc(1, sizeof *p);
    sg_app_plan_opts o;
    sg_app_plan_opts_init(&o, day(2025, 10, 5));
    sg_planned_run r = {day(2025, 12, 1), SG_RUN_LONG};
    o.runs = &r;
    o.n_runs = 1;
    sg_err e;
    assert_int_equal(sg_app_plan_make(f->st, &o, p, &e), SG_EUSAGE);
    assert_null(p->lib);
    sg_app_plan_opts_init(&o, day(2025, 10, 5));
    char path[1024];
    snprintf(path, sizeof path, "%s/bad_lib.json", sg_test_tmpdir());
    FILE *fp = fopen(path, "w");
    fputs("{\"version\": 1, \"exercises\": [", fp);
    fclose(fp);
    o.library_path = path;
    assert_int_not_equal(sg_app_plan_make(f->st, &o, p, &e), SG_OK);
    assert_null(p->lib);
    /* an explicit run replaces the inferred ones on that day */
    sg_app_plan_opts_init(&o, day(2025, 10, 5));
    o.week = day(2025, 10, 6);
    r.day = day(2025, 10, 11);
    o.runs = &r;
    o.n_runs = 1;
    assert_int_equal(sg_app_plan_make(f->st, &o, p, &e), SG_OK);
    assert_null(strength_on(&p->plan, day(2025, 10, 10)));
    sg_app_plan_free(p);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_profile_changes_nothing),
        cmocka_unit_test(generic_before_any_run),
        cmocka_unit_test(adapts_after_descents_and_asymmetry),
        cmocka_unit_test(recorded_runs_and_adherence),
        cmocka_unit_test(taper_week_is_lighter),
        cmocka_unit_test(rolling_seven_days_from_today),
        cmocka_unit_test(bad_requests),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
