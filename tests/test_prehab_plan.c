/* The plan listens (issue #13): the triage tier (emergency/urgent: no
 * exercise, only where to get care; evaluate: regressions only with the stop
 * rules), "skip while" rules against logged pain by region and side, the
 * weekly progression/regression of the pain-monitoring model, and the
 * asymmetry trigger (Garmin's red band or a change from the runner's own
 * baseline). */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strideguard/prehab.h"

static sg_prehab_lib *LIB;
static int D; /* the plan's first day (a Wednesday: the plan is rolling) */

static int setup(void **state)
{
    (void)state;
    char path[4096];
    const char *src = getenv("SG_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/data/prehab.json", src ? src : ".");
    if (sg_prehab_lib_load(path, NULL, &LIB, NULL))
        return -1;
    assert_int_equal(sg_journal_date_parse("2025-09-03", &D, NULL), SG_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sg_prehab_lib_free(LIB);
    return 0;
}

static sg_entry pain(int day, sg_region r, sg_side s, int severity, sg_timing t)
{
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_PAIN);
    e.u.pain.day = day;
    e.u.pain.region = r;
    e.u.pain.side = s;
    e.u.pain.severity = severity;
    e.u.pain.timing = t;
    return e;
}

static sg_entry done(int day, const char *ex)
{
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_PREHAB);
    e.u.prehab.day = day;
    assert_int_equal(sg_entry_set_exercise(&e, ex, NULL), SG_OK);
    return e;
}

static bool planned(const sg_plan *p, const char *id)
{
    for (size_t i = 0; i < p->n_sessions; i++)
        for (size_t k = 0; k < p->sessions[i].n_items; k++)
            if (strcmp(p->sessions[i].items[k].ex->id, id) == 0)
                return true;
    return false;
}

static bool note_has(const sg_plan *p, const char *needle)
{
    for (size_t i = 0; i < p->n_notes; i++)
        if (strstr(p->notes[i], needle))
            return true;
    return false;
}

static void make(sg_plan_request *req, sg_athlete *a, const sg_entry *log, size_t n)
{
    sg_athlete_init(a, NULL);
    sg_plan_request_init(req, D, a);
    req->log = log;
    req->n_log = n;
}

/* ---- the tier ---- */

static void test_emergency_and_urgent_hold_everything(void **state)
{
    (void)state;
    const sg_tier tiers[] = {SG_TIER_EMERGENCY, SG_TIER_URGENT};
    for (size_t t = 0; t < 2; t++) {
        sg_athlete a;
        sg_plan_request req;
        make(&req, &a, NULL, 0);
        req.tier = tiers[t];
        sg_plan p;
        assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
        assert_int_equal(p.n_sessions, 0);
        assert_int_equal(p.n_strength, 0);
        assert_true(p.on_hold);
        assert_int_equal(p.review, SG_REVIEW_ON_HOLD);
        assert_int_equal(p.tier, tiers[t]);
        assert_non_null(p.care);
        assert_string_equal(p.care, sg_tier_action(tiers[t]));
        assert_true(note_has(&p, "on hold"));
        /* where to get care, no diagnosis, no treatment claim */
        for (size_t i = 0; i < p.n_notes; i++) {
            assert_null(strstr(p.notes[i], "you have"));
            assert_null(strstr(p.notes[i], "will help"));
        }
    }
    /* prompt and below still plan */
    sg_athlete a;
    sg_plan_request req;
    make(&req, &a, NULL, 0);
    req.tier = SG_TIER_PROMPT;
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_false(p.on_hold);
    assert_true(p.n_sessions > 0);
}

static void test_evaluate_regressions_only(void **state)
{
    (void)state;
    sg_athlete a;
    sg_plan_request req;
    make(&req, &a, NULL, 0);
    req.tier = SG_TIER_EVALUATE;
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_true(p.n_strength >= 1);
    assert_int_equal(p.review, SG_REVIEW_CLINICIAN);
    for (size_t i = 0; i < p.n_sessions; i++)
        for (size_t k = 0; k < p.sessions[i].n_items; k++) {
            const sg_plan_item *it = &p.sessions[i].items[k];
            assert_int_equal(it->step, -1);
            assert_ptr_equal(it->variant, it->ex->regressions[0]);
        }
    assert_non_null(p.care);
    assert_true(note_has(&p, "Stop"));
    assert_true(note_has(&p, "5/10"));
}

/* ---- "skip while" ---- */

static void test_groin_pain_skips_groin_exercises(void **state)
{
    (void)state;
    /* without pain, both groin-loading exercises appear in the 7 days */
    sg_athlete a;
    sg_plan_request req;
    make(&req, &a, NULL, 0);
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_true(planned(&p, "adductor_rockback"));
    assert_int_equal(p.n_skipped, 0);

    sg_entry log[] = {pain(D - 2, SG_REGION_GROIN, SG_SIDE_LEFT, 3, SG_TIMING_AFTER)};
    make(&req, &a, log, 1);
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    for (size_t i = 0; i < LIB->n; i++) {
        const sg_exercise *e = &LIB->ex[i];
        for (size_t r = 0; r < e->n_skip_while; r++)
            if (e->skip_while[r].region == SG_REGION_GROIN && planned(&p, e->id))
                fail_msg("%s is planned during groin pain", e->id);
    }
    bool listed = false;
    for (size_t i = 0; i < p.n_skipped; i++)
        if (strcmp(p.skipped[i].ex->id, "adductor_rockback") == 0) {
            listed = true;
            assert_int_equal(p.skipped[i].pain_day, D - 2);
            assert_int_equal(p.skipped[i].rule.region, SG_REGION_GROIN);
        }
    assert_true(listed);
    /* the mobility sessions are still there, with other exercises */
    size_t mob = 0;
    for (size_t i = 0; i < p.n_sessions; i++)
        mob += p.sessions[i].kind == SG_SESSION_MOBILITY && p.sessions[i].n_items > 0;
    assert_int_equal(mob, 7);
}

static void test_skip_window_and_pain_free_entry(void **state)
{
    (void)state;
    sg_athlete a;
    sg_plan_request req;
    sg_plan p;
    /* 7 days ago (outside the window of today-6 .. today) */
    sg_entry old[] = {pain(D - 7, SG_REGION_GROIN, SG_SIDE_RIGHT, 4, SG_TIMING_AFTER)};
    make(&req, &a, old, 1);
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_true(planned(&p, "adductor_rockback"));
    /* 6 days ago: inside */
    old[0].u.pain.day = D - 6;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_false(planned(&p, "adductor_rockback"));
    /* a later 0/10 entry for the same region and side ends it */
    sg_entry ended[] = {pain(D - 3, SG_REGION_GROIN, SG_SIDE_RIGHT, 4, SG_TIMING_AFTER),
                        pain(D - 1, SG_REGION_GROIN, SG_SIDE_RIGHT, 0, SG_TIMING_UNKNOWN)};
    make(&req, &a, ended, 2);
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_true(planned(&p, "adductor_rockback"));
    /* ... but not a 0/10 for the other side */
    ended[1].u.pain.side = SG_SIDE_LEFT;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_false(planned(&p, "adductor_rockback"));
    /* pain logged after `today` is not read */
    sg_entry later[] = {pain(D + 1, SG_REGION_GROIN, SG_SIDE_RIGHT, 4, SG_TIMING_AFTER)};
    make(&req, &a, later, 1);
    req.today = D;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_true(planned(&p, "adductor_rockback"));
}

static void test_skip_by_side(void **state)
{
    (void)state;
    /* a copy of the library's rule table with a left-hip rule on hip_90_90 */
    sg_exercise *e = NULL;
    for (size_t i = 0; i < LIB->n; i++)
        if (strcmp(LIB->ex[i].id, "hip_90_90") == 0)
            e = &LIB->ex[i];
    assert_non_null(e);
    const size_t saved = e->n_skip_while;
    e->skip_while[0].region = SG_REGION_HIP;
    e->skip_while[0].side = SG_SIDE_LEFT;
    e->n_skip_while = 1;
    const sg_side sides[] = {SG_SIDE_RIGHT, SG_SIDE_LEFT, SG_SIDE_BOTH, SG_SIDE_UNKNOWN};
    const bool skip[] = {false, true, true, true};
    for (size_t k = 0; k < 4; k++) {
        sg_entry log[] = {pain(D, SG_REGION_HIP, sides[k], 3, SG_TIMING_BEFORE)};
        sg_athlete a;
        sg_plan_request req;
        make(&req, &a, log, 1);
        sg_plan p;
        assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
        if (planned(&p, "hip_90_90") == skip[k])
            fail_msg("hip pain on side %s: hip_90_90 %s", sg_side_name(sides[k]),
                     skip[k] ? "planned" : "skipped");
    }
    e->n_skip_while = saved;
}

/* ---- progression and regression ---- */

/* Every strength exercise of the library logged on three days of the week
 * starting `from` (so whatever the plan picks was done). */
static size_t full_week(sg_entry *log, size_t n, int from)
{
    const int days[3] = {from, from + 2, from + 4};
    for (int d = 0; d < 3; d++)
        for (size_t i = 0; i < LIB->n; i++)
            if (LIB->ex[i].kind == SG_EX_STRENGTH)
                log[n++] = done(days[d], LIB->ex[i].id);
    return n;
}

static int max_step(const sg_plan *p, int *min_step)
{
    int hi = -100, lo = 100;
    for (size_t i = 0; i < p->n_sessions; i++)
        for (size_t k = 0; k < p->sessions[i].n_items; k++) {
            const sg_plan_item *it = &p->sessions[i].items[k];
            if (it->step > 0)
                assert_ptr_equal(it->variant, it->ex->progressions[it->step - 1]);
            if (it->step < 0)
                assert_ptr_equal(it->variant, it->ex->regressions[0]);
            if (it->step == 0)
                assert_null(it->variant);
            if (it->ex->kind == SG_EX_STRENGTH) {
                hi = it->step > hi ? it->step : hi;
                lo = it->step < lo ? it->step : lo;
            }
        }
    if (min_step)
        *min_step = lo;
    return hi;
}

static void test_full_adherence_low_pain_progresses(void **state)
{
    (void)state;
    static sg_entry log[200];
    size_t n = full_week(log, 0, D - 7);
    /* next-morning pain 2/10 after sessions: within the model's threshold */
    log[n++] = pain(D - 6, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, SG_TIMING_NEXT_MORNING);
    log[n++] = pain(D - 2, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, SG_PLAN_PAIN_MAX,
                    SG_TIMING_NEXT_MORNING);
    sg_athlete a;
    sg_plan_request req;
    make(&req, &a, log, n);
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(p.review, SG_REVIEW_PROGRESS);
    assert_int_equal(p.review_morning_max, SG_PLAN_PAIN_MAX);
    assert_int_equal(p.review_from, D - 7);
    assert_int_equal(max_step(&p, NULL), 1);

    /* two such weeks in a row: the second progression */
    size_t n2 = full_week(log, n, D - 14);
    make(&req, &a, log, n2);
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(max_step(&p, NULL), 2);

    /* without the pain entries it progresses too (no pain logged) */
    size_t m = full_week(log, 0, D - 7);
    make(&req, &a, log, m);
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(max_step(&p, NULL), 1);

    /* one strength day only: not adherent, as written */
    sg_entry one[] = {done(D - 3, "dead_bug"), done(D - 3, "glute_bridge")};
    make(&req, &a, one, 2);
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(p.review, SG_REVIEW_NONE);
    assert_int_equal(max_step(&p, NULL), 0);
}

static void test_pain_above_threshold_regresses(void **state)
{
    (void)state;
    static sg_entry log[200];
    size_t n = full_week(log, 0, D - 7);
    log[n++] = pain(D - 4, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, SG_PLAN_PAIN_MAX + 1,
                    SG_TIMING_NEXT_MORNING);
    sg_athlete a;
    sg_plan_request req;
    make(&req, &a, log, n);
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(p.review, SG_REVIEW_REGRESS);
    int lo;
    assert_int_equal(max_step(&p, &lo), -1);
    assert_int_equal(lo, -1);
    assert_true(note_has(&p, "5/10"));

    /* pain during a run above the threshold counts too */
    log[n - 1].u.pain.timing = SG_TIMING_DURING;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(p.review, SG_REVIEW_REGRESS);
}

static void test_rising_morning_pain_holds(void **state)
{
    (void)state;
    static sg_entry log[300];
    size_t n = full_week(log, 0, D - 7);
    n = full_week(log, n, D - 14);
    log[n++] = pain(D - 12, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, SG_TIMING_NEXT_MORNING);
    log[n++] = pain(D - 5, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 4, SG_TIMING_NEXT_MORNING);
    sg_athlete a;
    sg_plan_request req;
    make(&req, &a, log, n);
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(p.review, SG_REVIEW_HOLD);
    assert_int_equal(p.prev_morning_max, 2);
    assert_int_equal(max_step(&p, NULL), 0);
}

/* ---- asymmetry ---- */

static void test_asymmetry_trigger(void **state)
{
    (void)state;
    /* 51 % left is inside Garmin's orange band: no longer a trigger alone */
    assert_int_equal(sg_plan_weaker_side(51.0, NAN), SG_SIDE_UNKNOWN);
    assert_int_equal(sg_plan_weaker_side(48.9, NAN), SG_SIDE_UNKNOWN);
    /* beyond the red band (> 52.2 % either side) */
    assert_int_equal(sg_plan_weaker_side(52.3, NAN), SG_SIDE_RIGHT);
    assert_int_equal(sg_plan_weaker_side(47.7, NAN), SG_SIDE_LEFT);
    assert_int_equal(sg_plan_weaker_side(52.2, NAN), SG_SIDE_UNKNOWN);
    /* a change of >= 1.5 points from the runner's own baseline */
    assert_int_equal(sg_plan_weaker_side(51.2, 49.6), SG_SIDE_RIGHT);
    assert_int_equal(sg_plan_weaker_side(49.0, 50.6), SG_SIDE_LEFT);
    assert_int_equal(sg_plan_weaker_side(51.2, 50.2), SG_SIDE_UNKNOWN);
    /* a runner who is always at 51.5 has not changed */
    assert_int_equal(sg_plan_weaker_side(51.5, 51.5), SG_SIDE_UNKNOWN);
    assert_int_equal(sg_plan_weaker_side(NAN, 50.0), SG_SIDE_UNKNOWN);
    /* issue #13: a runner stable at 51/49 (either way round) is not flagged,
     * with or without a baseline ... */
    assert_int_equal(sg_plan_weaker_side(51.0, 51.0), SG_SIDE_UNKNOWN);
    assert_int_equal(sg_plan_weaker_side(49.0, 49.0), SG_SIDE_UNKNOWN);
    assert_int_equal(sg_plan_weaker_side(51.0, 50.8), SG_SIDE_UNKNOWN);
    /* ... one shifting from 50.5 to 53 is (red band and change both), and
     * from 50.5 to 52.0 too (the change alone, inside the red band) */
    assert_int_equal(sg_plan_weaker_side(53.0, 50.5), SG_SIDE_RIGHT);
    assert_int_equal(sg_plan_weaker_side(52.0, 50.5), SG_SIDE_RIGHT);
    assert_int_equal(sg_plan_weaker_side(48.0, 49.5), SG_SIDE_LEFT);
}

/* ---- the walk-run return to running ---- */

static sg_plan_past_run ran(int day, double min) { return (sg_plan_past_run){day, min}; }

/* Regular runs from T-90 to T-62 (every other day), then a break. */
static size_t before_break(sg_plan_past_run *r, int T)
{
    size_t n = 0;
    for (int d = T - 90; d <= T - 62; d += 2)
        r[n++] = ran(d, 45);
    return n;
}

static void test_rtr_after_break(void **state)
{
    (void)state;
    const int T = D;
    sg_plan_past_run r[64];
    sg_plan_rtr x;
    /* still on the break (last run 62 days ago): start at stage 1 */
    size_t n = before_break(r, T);
    sg_plan_return_to_run(r, n, NULL, 0, SG_TIER_SELF_CARE, T, &x);
    assert_int_equal(x.reason, SG_RTR_BREAK);
    assert_int_equal(x.stage, 1);
    assert_int_equal(x.decision, SG_RTR_FIRST);
    assert_int_equal(x.start_day, T);
    assert_int_equal(x.sessions_total, 0);
    const sg_rtr_stage *st = sg_rtr_stage_of(1);
    assert_int_equal(st->run_min, 1);
    assert_int_equal(st->walk_min, 4);
    assert_int_equal(st->reps * (st->run_min + st->walk_min), 30);
    assert_null(sg_rtr_stage_of(0));
    assert_null(sg_rtr_stage_of(SG_RTR_N_STAGES + 1));

    /* two sessions after the break with no pain logged: stage 2 */
    r[n++] = ran(T - 4, 30);
    r[n++] = ran(T - 2, 30);
    sg_plan_return_to_run(r, n, NULL, 0, SG_TIER_SELF_CARE, T, &x);
    assert_int_equal(x.reason, SG_RTR_BREAK);
    assert_int_equal(x.start_day, T - 4);
    assert_int_equal(x.stage, 2);
    assert_int_equal(x.sessions_at_stage, 0);
    assert_int_equal(x.decision, SG_RTR_ADVANCE);
    assert_int_equal(x.last_day, T - 2);
    assert_int_equal(x.last_pain_max, -1);

    /* pain of 2/10 during and the next morning meets the criterion */
    sg_entry ok[2] = {pain(T - 2, SG_REGION_LUMBAR, SG_SIDE_UNKNOWN, 2, SG_TIMING_DURING),
                      pain(T - 1, SG_REGION_LUMBAR, SG_SIDE_UNKNOWN, 2, SG_TIMING_NEXT_MORNING)};
    sg_plan_return_to_run(r, n, ok, 2, SG_TIER_SELF_CARE, T, &x);
    assert_int_equal(x.stage, 2);
    assert_int_equal(x.last_pain_max, 2);

    /* 3/10 the next morning: one stage back (and never below 1) */
    ok[1].u.pain.severity = 3;
    sg_plan_return_to_run(r, n, ok, 2, SG_TIER_SELF_CARE, T, &x);
    assert_int_equal(x.stage, 1);
    assert_int_equal(x.decision, SG_RTR_STEP_BACK);
    assert_int_equal(x.last_pain_max, 3);

    /* a session today: its next morning is still to come */
    r[n++] = ran(T, 30);
    sg_plan_return_to_run(r, n, NULL, 0, SG_TIER_SELF_CARE, T, &x);
    assert_int_equal(x.decision, SG_RTR_WAIT);
    assert_int_equal(x.stage, 2);

    /* an activity under 10 min is not a session */
    n--;
    r[n++] = ran(T - 1, 5);
    sg_plan_return_to_run(r, n, NULL, 0, SG_TIER_SELF_CARE, T, &x);
    assert_int_equal(x.sessions_total, 2);

    /* every stage passed twice: the return is over */
    n = before_break(r, T);
    for (int k = 0; k < 2 * SG_RTR_N_STAGES; k++)
        r[n++] = ran(T - 30 + 2 * k, 30);
    sg_plan_return_to_run(r, n, NULL, 0, SG_TIER_SELF_CARE, T, &x);
    assert_int_equal(x.reason, SG_RTR_NONE);
    /* one session short of it: the last stage */
    n--;
    sg_plan_return_to_run(r, n, NULL, 0, SG_TIER_SELF_CARE, T, &x);
    assert_int_equal(x.reason, SG_RTR_BREAK);
    assert_int_equal(x.stage, SG_RTR_N_STAGES);
    assert_int_equal(x.sessions_at_stage, 1);
}

static void test_rtr_pain_settling_and_tiers(void **state)
{
    (void)state;
    const int T = D;
    sg_plan_past_run r[64];
    size_t n = 0;
    for (int d = T - 40; d <= T; d += 2) /* no break */
        r[n++] = ran(d, 40);
    sg_plan_rtr x;
    sg_plan_return_to_run(r, n, NULL, 0, SG_TIER_SELF_CARE, T, &x);
    assert_int_equal(x.reason, SG_RTR_NONE);
    /* tier evaluate: 6/10 ten days ago, 1/10 two days ago: settling; the
     * sessions after the 6/10 count (T-8 .. T-2 = 4 sessions, T is today) */
    sg_entry log[2] = {pain(T - 10, SG_REGION_LUMBAR, SG_SIDE_UNKNOWN, 6, SG_TIMING_AFTER),
                       pain(T - 2, SG_REGION_LUMBAR, SG_SIDE_UNKNOWN, 1, SG_TIMING_AFTER)};
    sg_plan_return_to_run(r, n, log, 2, SG_TIER_EVALUATE, T - 1, &x);
    assert_int_equal(x.reason, SG_RTR_PAIN_SETTLING);
    assert_int_equal(x.start_day, T - 9);
    assert_int_equal(x.sessions_total, 4);
    assert_int_equal(x.stage, 3);
    /* the same at self care: no return needed */
    sg_plan_return_to_run(r, n, log, 2, SG_TIER_SELF_CARE, T - 1, &x);
    assert_int_equal(x.reason, SG_RTR_NONE);
    /* not settling: 4/10 yesterday */
    log[1].u.pain.severity = 4;
    sg_plan_return_to_run(r, n, log, 2, SG_TIER_EVALUATE, T - 1, &x);
    assert_int_equal(x.reason, SG_RTR_NONE);
    /* prompt and above: get seen first, even after a break */
    n = before_break(r, T);
    sg_plan_return_to_run(r, n, NULL, 0, SG_TIER_PROMPT, T, &x);
    assert_int_equal(x.reason, SG_RTR_NONE);
    sg_plan_return_to_run(r, n, NULL, 0, SG_TIER_EMERGENCY, T, &x);
    assert_int_equal(x.reason, SG_RTR_NONE);
}

/* The plan carries it, with its note. */
static void test_rtr_in_plan(void **state)
{
    (void)state;
    sg_plan_past_run r[64];
    size_t n = before_break(r, D);
    r[n++] = ran(D - 3, 30);
    sg_athlete a;
    sg_plan_request req;
    make(&req, &a, NULL, 0);
    req.past_runs = r;
    req.n_past_runs = n;
    sg_plan p;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(p.rtr.reason, SG_RTR_BREAK);
    assert_int_equal(p.rtr.stage, 1);
    assert_int_equal(p.rtr.sessions_at_stage, 1);
    assert_int_equal(p.rtr.decision, SG_RTR_REPEAT);
    assert_true(note_has(&p, "Return to running"));
    /* without past runs: none */
    req.past_runs = NULL;
    req.n_past_runs = 0;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_OK);
    assert_int_equal(p.rtr.reason, SG_RTR_NONE);
    assert_false(note_has(&p, "Return to running"));
    req.n_past_runs = 3;
    assert_int_equal(sg_plan_week(&req, LIB, &p, NULL), SG_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_emergency_and_urgent_hold_everything),
        cmocka_unit_test(test_evaluate_regressions_only),
        cmocka_unit_test(test_groin_pain_skips_groin_exercises),
        cmocka_unit_test(test_skip_window_and_pain_free_entry),
        cmocka_unit_test(test_skip_by_side),
        cmocka_unit_test(test_full_adherence_low_pain_progresses),
        cmocka_unit_test(test_pain_above_threshold_regresses),
        cmocka_unit_test(test_rising_morning_pain_holds),
        cmocka_unit_test(test_asymmetry_trigger),
        cmocka_unit_test(test_rtr_after_break),
        cmocka_unit_test(test_rtr_pain_settling_and_tiers),
        cmocka_unit_test(test_rtr_in_plan),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
