/* The weekly prehab plan: placement rules (never the day before a long or
 * hard run or race, never race day, no back-to-back days), taper weeks
 * lighter, findings bias the content, adherence from logged entries, and a
 * request without a profile fails cleanly. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strideguard/prehab.h"

static sg_prehab_lib *LIB;
static int MON; /* a Monday */

static int setup(void **state)
{
    (void)state;
    char path[4096];
    const char *src = getenv("SG_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/data/prehab.json", src ? src : ".");
    sg_err err;
    if (sg_prehab_lib_load(path, NULL, &LIB, &err))
        return -1;
    assert_int_equal(sg_journal_date_parse("2025-09-01", &MON, NULL), SG_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sg_prehab_lib_free(LIB);
    return 0;
}

static bool strength_on(const sg_plan *p, int day)
{
    for (size_t i = 0; i < p->n_sessions; i++)
        if (p->sessions[i].kind == SG_SESSION_STRENGTH && p->sessions[i].day == day)
            return true;
    return false;
}

static int total_sets(const sg_plan *p, int *minutes)
{
    int sets = 0;
    *minutes = 0;
    for (size_t i = 0; i < p->n_sessions; i++) {
        if (p->sessions[i].kind != SG_SESSION_STRENGTH)
            continue;
        *minutes += p->sessions[i].minutes;
        for (size_t k = 0; k < p->sessions[i].n_items; k++)
            sets += p->sessions[i].items[k].sets;
    }
    return sets;
}

static void check_placement(const sg_plan *p, const sg_planned_run *runs, size_t n, int race)
{
    int last = -100;
    for (size_t i = 0; i < p->n_sessions; i++) {
        const sg_plan_session *s = &p->sessions[i];
        assert_true(s->day >= p->week_start && s->day < p->week_start + 7);
        if (s->kind != SG_SESSION_STRENGTH)
            continue;
        assert_true(s->n_items >= 3);
        assert_true(s->day - last >= 2); /* never on consecutive days */
        last = s->day;
        for (size_t r = 0; r < n; r++) {
            if (runs[r].kind == SG_RUN_LONG || runs[r].kind == SG_RUN_HARD ||
                runs[r].kind == SG_RUN_RACE)
                assert_int_not_equal(s->day, runs[r].day - 1);
            if (runs[r].kind == SG_RUN_LONG || runs[r].kind == SG_RUN_RACE)
                assert_int_not_equal(s->day, runs[r].day);
        }
        if (race != SG_JOURNAL_NO_DAY)
            assert_true(s->day < race - 1 || s->day > race + 1);
    }
    /* daily mobility */
    for (int d = 0; d < 7; d++) {
        bool mob = false;
        for (size_t i = 0; i < p->n_sessions; i++)
            mob |= p->sessions[i].kind == SG_SESSION_MOBILITY && p->sessions[i].day == MON + d &&
                   p->sessions[i].n_items >= 1 && p->sessions[i].minutes <= 10;
        assert_true(mob);
    }
}

static void test_normal_week(void **state)
{
    (void)state;
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    /* Wed hard, Fri easy, Sun long (Tue/Thu/Sat easy would crowd it) */
    sg_planned_run runs[] = {{MON + 2, SG_RUN_HARD}, {MON + 4, SG_RUN_EASY},
                             {MON + 6, SG_RUN_LONG}};
    sg_plan_request req;
    sg_plan_request_init(&req, MON, &a);
    req.runs = runs;
    req.n_runs = 3;
    sg_plan p;
    sg_err err;
    assert_int_equal(sg_plan_week(&req, LIB, &p, &err), SG_OK);
    assert_int_equal(p.n_strength, 3);
    check_placement(&p, runs, 3, SG_JOURNAL_NO_DAY);
    assert_false(strength_on(&p, MON + 1)); /* day before the hard run */
    assert_false(strength_on(&p, MON + 5)); /* day before the long run */
    assert_false(strength_on(&p, MON + 6)); /* long-run day */
    unsigned blocked = sg_plan_blocked_days(&req);
    assert_int_equal(blocked, (1u << 1) | (1u << 5) | (1u << 6));
    /* rest days preferred: Mon, Wed (hard, after the run) or Thu, then Fri */
    assert_true(strength_on(&p, MON + 0));

    /* the same week with Tue/Thu/Sat easy runs added leaves room for two */
    sg_planned_run busy[] = {{MON + 1, SG_RUN_HARD}, {MON + 3, SG_RUN_EASY},
                             {MON + 5, SG_RUN_EASY}, {MON + 6, SG_RUN_LONG}};
    sg_plan_request r2 = req;
    r2.runs = busy;
    r2.n_runs = 4;
    sg_plan p2;
    assert_int_equal(sg_plan_week(&r2, LIB, &p2, &err), SG_OK);
    assert_int_equal(p2.n_strength, 2);
    check_placement(&p2, busy, 4, SG_JOURNAL_NO_DAY);
    /* the three core slots rotate through the three trunk directions */
    unsigned core = 0;
    for (size_t i = 0; i < p.n_sessions; i++)
        if (p.sessions[i].kind == SG_SESSION_STRENGTH)
            core |= p.sessions[i].items[0].ex->tags;
    assert_true(core & SG_TAG_ANTI_EXTENSION);
    assert_true(core & SG_TAG_ANTI_ROTATION);
    assert_true(core & SG_TAG_ANTI_LATERAL_FLEXION);
    sg_athlete_clear(&a);
}

static void test_race_week_and_taper(void **state)
{
    (void)state;
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    const int race = MON + 6; /* Sunday race */
    a.race_date = (double)race * 86400.0;
    sg_planned_run runs[] = {{MON + 1, SG_RUN_EASY}, {MON + 2, SG_RUN_HARD},
                             {MON + 4, SG_RUN_EASY}};
    sg_plan_request req;
    sg_plan_request_init(&req, MON, &a);
    req.runs = runs;
    req.n_runs = 3;
    sg_plan normal, taper;
    assert_int_equal(sg_plan_week(&req, LIB, &normal, NULL), SG_OK);
    assert_int_equal(normal.race_day, race); /* from the profile */
    check_placement(&normal, runs, 3, race);
    assert_false(strength_on(&normal, race - 1));
    assert_false(strength_on(&normal, race));

    req.taper = true;
    assert_int_equal(sg_plan_week(&req, LIB, &taper, NULL), SG_OK);
    check_placement(&taper, runs, 3, race);
    assert_true(taper.n_strength <= 2);
    for (int d = race - 3; d <= race; d++)
        assert_false(strength_on(&taper, d));
    int nm, tm;
    int ns = total_sets(&normal, &nm), ts = total_sets(&taper, &tm);
    assert_true(ts < ns);
    assert_true(tm < nm);
    bool taper_note = false;
    for (size_t i = 0; i < taper.n_notes; i++)
        taper_note |= strstr(taper.notes[i], "Taper week") != NULL;
    assert_true(taper_note);

    /* a taper week well before the race is still lighter than a normal one */
    sg_plan_request far;
    sg_plan_request_init(&far, MON - 14, &a);
    sg_plan f1, f2;
    assert_int_equal(sg_plan_week(&far, LIB, &f1, NULL), SG_OK);
    far.taper = true;
    assert_int_equal(sg_plan_week(&far, LIB, &f2, NULL), SG_OK);
    assert_int_equal(f1.n_strength, 3);
    assert_int_equal(f2.n_strength, 2);
    int m1, m2;
    assert_true(total_sets(&f2, &m2) < total_sets(&f1, &m1));
    sg_athlete_clear(&a);
}

static void test_crowded_week(void **state)
{
    (void)state;
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    /* hard runs every other day: little room */
    sg_planned_run runs[] = {{MON + 1, SG_RUN_HARD}, {MON + 3, SG_RUN_HARD},
                             {MON + 5, SG_RUN_HARD}, {MON + 6, SG_RUN_LONG}};
    sg_plan_request req;
    sg_plan_request_init(&req, MON, &a);
    req.runs = runs;
    req.n_runs = 4;
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    check_placement(&p, runs, 4, SG_JOURNAL_NO_DAY);
    assert_true(p.n_strength >= 1 && p.n_strength <= 2);
    sg_athlete_clear(&a);
}

static bool has_tag_item(const sg_plan *p, unsigned tag)
{
    for (size_t i = 0; i < p->n_sessions; i++)
        for (size_t k = 0; k < p->sessions[i].n_items; k++)
            if (p->sessions[i].kind == SG_SESSION_STRENGTH &&
                (p->sessions[i].items[k].ex->tags & tag))
                return true;
    return false;
}

static void test_findings_bias(void **state)
{
    (void)state;
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    sg_plan_request req;
    sg_plan_request_init(&req, MON, &a);
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_false(has_tag_item(&p, SG_TAG_DESCENT));

    req.findings = SG_FIND_DESCENT_HEAVY;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    for (size_t i = 0; i < p.n_sessions; i++) {
        if (p.sessions[i].kind != SG_SESSION_STRENGTH)
            continue;
        bool ecc = false;
        for (size_t k = 0; k < p.sessions[i].n_items; k++)
            ecc |= p.sessions[i].items[k].ex->category == SG_EX_CAT_ECCENTRIC;
        assert_true(ecc);
    }

    /* more contact on the left than the runner's own baseline (by >= 1.5
     * points) -> right assumed weaker -> extra set right */
    req.findings = SG_FIND_ASYMMETRY;
    req.balance_left_pct = 51.8;
    req.balance_baseline_pct = 50.0;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(p.weaker_side, SG_SIDE_RIGHT);
    bool biased = false;
    for (size_t i = 0; i < p.n_sessions; i++)
        for (size_t k = 0; k < p.sessions[i].n_items; k++)
            if (p.sessions[i].items[k].bias == SG_SIDE_RIGHT) {
                biased = true;
                assert_true(p.sessions[i].items[k].ex->tags & SG_TAG_UNILATERAL);
            }
    assert_true(biased);
    bool assumption = false;
    for (size_t i = 0; i < p.n_notes; i++)
        assumption |= strstr(p.notes[i], "assumption") != NULL;
    assert_true(assumption);
    assert_int_equal(sg_plan_weaker_side(48.9, 50.5), SG_SIDE_LEFT);
    assert_int_equal(sg_plan_weaker_side(50.5, NAN), SG_SIDE_UNKNOWN);
    assert_int_equal(sg_plan_weaker_side(NAN, NAN), SG_SIDE_UNKNOWN);

    req.findings = SG_FIND_LATE_BREAKDOWN;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    for (size_t i = 0; i < p.n_sessions; i++) {
        if (p.sessions[i].kind != SG_SESSION_STRENGTH)
            continue;
        int endurance = 0;
        for (size_t k = 0; k < p.sessions[i].n_items; k++)
            endurance += (p.sessions[i].items[k].ex->tags & SG_TAG_TRUNK_ENDURANCE) != 0;
        assert_true(endurance >= 1);
    }
    sg_athlete_clear(&a);
}

static sg_entry logged(int day, const char *ex)
{
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_PREHAB);
    e.u.prehab.day = day;
    sg_entry_set_exercise(&e, ex, NULL);
    return e;
}

static void test_adherence(void **state)
{
    (void)state;
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    sg_entry log[] = {logged(MON - 6, "dead_bug"),  logged(MON - 6, "glute_bridge"),
                      logged(MON + 1, "side_plank"), logged(MON + 1, "hip_90_90"),
                      logged(MON + 3, "pallof_press"), logged(MON + 4, "leg_swings")};
    sg_plan_request req;
    sg_plan_request_init(&req, MON, &a);
    req.log = log;
    req.n_log = 6;
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(p.adherence.strength_days_done, 2);
    assert_int_equal(p.adherence.mobility_days_done, 2);
    assert_int_equal(p.adherence.prev_strength_days_done, 1);
    assert_int_equal(p.adherence.entries_this_week, 4);
    /* only one strength day logged last week: a smaller plan */
    assert_int_equal(p.n_strength, 2);
    /* items logged on their day are marked done */
    for (size_t i = 0; i < p.n_sessions; i++)
        for (size_t k = 0; k < p.sessions[i].n_items; k++) {
            const sg_plan_item *it = &p.sessions[i].items[k];
            bool logged_here = false;
            for (size_t e = 0; e < 6; e++)
                logged_here |= log[e].u.prehab.day == p.sessions[i].day &&
                               strcmp(log[e].u.prehab.exercise, it->ex->id) == 0;
            assert_int_equal(it->done, logged_here);
        }
    sg_athlete_clear(&a);
}

static void test_bad_requests(void **state)
{
    (void)state;
    sg_plan_request req;
    sg_plan_request_init(&req, MON, NULL);
    sg_plan p;
    memset(&p, 0x5a, sizeof p);
    sg_plan before = p;
    sg_err err;
    assert_int_equal(sg_plan_week(&req, LIB, &p, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "no athlete profile"));
    assert_memory_equal(&p, &before, sizeof p); /* nothing changed */

    sg_athlete a;
    sg_athlete_init(&a, NULL);
    req.profile = &a;
    sg_planned_run bad[] = {{MON, (sg_run_kind)9}};
    req.runs = bad;
    req.n_runs = 1;
    assert_int_equal(sg_plan_week(&req, LIB, &p, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "unknown kind"));
    req.n_runs = 0;
    assert_int_equal(sg_plan_week(&req, NULL, &p, &err), SG_ENODATA);
    sg_athlete_clear(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normal_week),   cmocka_unit_test(test_race_week_and_taper),
        cmocka_unit_test(test_crowded_week),  cmocka_unit_test(test_findings_bias),
        cmocka_unit_test(test_adherence),     cmocka_unit_test(test_bad_requests),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
