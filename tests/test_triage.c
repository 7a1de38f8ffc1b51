/* Triage: every red flag alone gives its tier, every warning sign alone gives
 * "evaluate", nothing gives "self_care", and the highest tier wins. */
#include "support/sg_test.h"

#include <math.h>
#include <string.h>

#include "strideguard/triage.h"

static int D(const char *s)
{
    int d = 0;
    assert_int_equal(sg_journal_date_parse(s, &d, NULL), SG_OK);
    return d;
}

static int TODAY;

static sg_entry pain(long long id, int days_ago, sg_region r, sg_side s, int sev, sg_timing t)
{
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_PAIN);
    e.id = id;
    e.u.pain.day = TODAY - days_ago;
    e.u.pain.region = r;
    e.u.pain.side = s;
    e.u.pain.severity = sev;
    e.u.pain.timing = t;
    return e;
}

static const sg_triage_reason *find(const sg_triage_result *r, const char *rule)
{
    for (size_t i = 0; i < r->n_reasons; i++)
        if (strcmp(r->reasons[i].rule, rule) == 0)
            return &r->reasons[i];
    return NULL;
}

static bool has_id(const sg_triage_reason *x, long long id)
{
    for (size_t i = 0; i < x->n_entries; i++)
        if (x->entries[i] == id)
            return true;
    return false;
}

static int setup(void **state)
{
    (void)state;
    TODAY = D("2025-06-15");
    return 0;
}

static void test_nothing_is_self_care(void **state)
{
    (void)state;
    sg_triage_result r;
    sg_triage_run(NULL, 0, NULL, NULL, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    assert_int_equal(r.n_reasons, 0);
    assert_true(r.screen_incomplete);
    assert_int_equal(r.unanswered, SG_RF_ALL);
    assert_non_null(strstr(r.caveat, "If in doubt, get checked"));
    assert_null(strstr(r.advice, "nothing wrong"));

    /* mild, stable pain, all questions answered no */
    sg_entry es[2] = {pain(1, 3, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, SG_TIMING_BEFORE),
                      pain(2, 3, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, SG_TIMING_AFTER)};
    sg_redflag_answers all_no = {0, SG_RF_ALL, 0};
    sg_triage_run(es, 2, NULL, &all_no, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    assert_false(r.screen_incomplete);
    assert_int_equal(r.n_pain_considered, 2);
    assert_string_equal(sg_tier_name(r.tier), "self_care");
}

static void test_each_red_flag_alone(void **state)
{
    (void)state;
    static const struct { const char *name; sg_tier tier; } want[] = {
        {"saddle_numbness", SG_TIER_EMERGENCY},     {"bladder_dysfunction", SG_TIER_EMERGENCY},
        {"bowel_dysfunction", SG_TIER_EMERGENCY},   {"sexual_dysfunction", SG_TIER_EMERGENCY},
        {"bilateral_leg_symptoms", SG_TIER_EMERGENCY},
        {"progressive_weakness", SG_TIER_EMERGENCY}, {"fever", SG_TIER_URGENT},
        {"immunosuppression", SG_TIER_URGENT},      {"major_trauma", SG_TIER_URGENT},
        {"cancer_history", SG_TIER_PROMPT},         {"unexplained_weight_loss", SG_TIER_PROMPT},
        {"night_pain", SG_TIER_PROMPT},             {"age_onset", SG_TIER_PROMPT},
        {"hop_pain", SG_TIER_URGENT},               {"low_energy_availability", SG_TIER_EVALUATE},
        {"menstrual_disturbance", SG_TIER_EVALUATE}, {"osteoporosis_or_steroids", SG_TIER_PROMPT},
        {"thoracic_constant_pain", SG_TIER_PROMPT}, {"marked_weakness", SG_TIER_URGENT},
        {"myelopathy_signs", SG_TIER_URGENT},       {"cervical_artery_signs", SG_TIER_EMERGENCY},
    };
    /* every flag but the five inflammatory-back-pain items, which count only
     * together (test_inflammatory_back_pain) */
    enum { N = sizeof want / sizeof *want };
    assert_int_equal(N, SG_RF_IBP_ONSET_UNDER_40);
    for (size_t i = 0; i < N; i++) {
        int f = sg_redflag_parse(want[i].name);
        assert_true(f >= 0);
        assert_string_equal(sg_redflag_name((sg_redflag)f), want[i].name);
        assert_non_null(sg_redflag_question((sg_redflag)f));
        sg_redflag_answers a = {SG_RF_BIT(f), SG_RF_ALL, 0};
        sg_triage_result r;
        sg_triage_run(NULL, 0, NULL, &a, TODAY, &r);
        if (r.tier != want[i].tier)
            fail_msg("%s gave %s", want[i].name, sg_tier_name(r.tier));
        assert_int_equal(r.n_reasons, 1);
        assert_string_equal(r.reasons[0].rule, want[i].name);
        assert_true(r.reasons[0].from_answer);
        assert_non_null(strstr(r.reasons[0].source, "science.md"));
        assert_int_equal(sg_redflag_tier((sg_redflag)f), want[i].tier);
    }
    assert_int_equal(sg_redflag_parse("headache"), -1);
}

static void test_age_onset_uses_birth_year(void **state)
{
    (void)state;
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    sg_redflag_answers yes = {SG_RF_BIT(SG_RF_AGE_ONSET), SG_RF_ALL, 0};
    sg_triage_result r;

    a.birth_year = 1985; /* 40 this year: new pain at 40 is not this flag */
    sg_triage_run(NULL, 0, &a, &yes, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    assert_int_equal(r.age_years, 40);
    a.birth_year = 1970; /* 55 */
    sg_triage_run(NULL, 0, &a, &yes, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_PROMPT);
    a.birth_year = 2007; /* 18 */
    sg_triage_run(NULL, 0, &a, &yes, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_PROMPT);

    /* not answered, over 50, and the journal's first back pain is recent */
    a.birth_year = 1960;
    sg_entry es[1] = {pain(7, 5, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 3, SG_TIMING_UNKNOWN)};
    sg_redflag_answers none_on_age = {0, SG_RF_ALL & ~SG_RF_BIT(SG_RF_AGE_ONSET), 0};
    sg_triage_run(es, 1, &a, &none_on_age, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_PROMPT);
    assert_true(has_id(find(&r, "age_onset"), 7));
    assert_false(find(&r, "age_onset")->from_answer);
    /* an explicit "not new" wins */
    sg_redflag_answers no = {0, SG_RF_ALL, 0};
    sg_triage_run(es, 1, &a, &no, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    /* back pain already logged two months ago: not new */
    sg_entry two[2] = {es[0], pain(8, 60, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, 0)};
    sg_triage_run(two, 2, &a, &none_on_age, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    sg_athlete_clear(&a);
}

static void test_bilateral_from_journal(void **state)
{
    (void)state;
    sg_triage_result r;
    /* tight laces: both feet numb on different days, no back pain: evaluate */
    sg_entry laces[2] = {pain(1, 4, SG_REGION_FOOT, SG_SIDE_LEFT, 1, SG_TIMING_DURING),
                         pain(2, 2, SG_REGION_FOOT, SG_SIDE_RIGHT, 1, SG_TIMING_DURING)};
    laces[0].u.pain.numbness = laces[1].u.pain.numbness = true;
    sg_triage_run(laces, 2, NULL, NULL, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EVALUATE);
    assert_null(find(&r, "bilateral_leg_symptoms"));
    const sg_triage_reason *x = find(&r, "bilateral_leg_symptoms_no_back_pain");
    assert_non_null(x);
    assert_true(has_id(x, 1) && has_id(x, 2));

    /* leg symptoms left and right with low back pain within three days: emergency */
    sg_entry es[3] = {pain(1, 2, SG_REGION_THIGH, SG_SIDE_LEFT, 4, SG_TIMING_DURING),
                      pain(2, 1, SG_REGION_LOWER_LEG, SG_SIDE_RIGHT, 3, SG_TIMING_AFTER),
                      pain(3, 1, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 5, SG_TIMING_AFTER)};
    es[0].u.pain.radiates = true;
    es[1].u.pain.numbness = true;
    sg_triage_run(es, 3, NULL, NULL, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EMERGENCY);
    x = find(&r, "bilateral_leg_symptoms");
    assert_non_null(x);
    assert_true(has_id(x, 1) && has_id(x, 2) && has_id(x, 3));
    /* one entry saying both legs, with back pain: emergency too */
    sg_entry one[2] = {pain(4, 0, SG_REGION_THIGH, SG_SIDE_BOTH, 4, SG_TIMING_AFTER), es[2]};
    one[0].u.pain.radiates = true;
    sg_triage_run(one, 2, NULL, NULL, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EMERGENCY);
    /* back pain, but the legs five days apart: not the pathway's picture */
    sg_entry apart[3] = {es[0], es[1], es[2]};
    apart[0].u.pain.day = TODAY - 6;
    sg_triage_run(apart, 3, NULL, NULL, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EVALUATE);
    /* the same two legs without the back pain: evaluate */
    sg_triage_run(es, 2, NULL, NULL, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EVALUATE);
    /* one side only: evaluate, not emergency */
    sg_triage_run(es, 1, NULL, NULL, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EVALUATE);
}

/* Runs one warning sign alone and checks it gives "evaluate" with the
 * expected rule and entry ids. */
static void expect_evaluate(const sg_entry *es, size_t n, const char *rule, long long id)
{
    sg_redflag_answers no = {0, SG_RF_ALL, 0};
    sg_triage_result r;
    sg_triage_run(es, n, NULL, &no, TODAY, &r);
    if (r.tier != SG_TIER_EVALUATE)
        fail_msg("%s: tier %s", rule, sg_tier_name(r.tier));
    const sg_triage_reason *x = find(&r, rule);
    if (!x)
        fail_msg("rule %s did not fire (first: %s)", rule,
                 r.n_reasons ? r.reasons[0].rule : "none");
    assert_true(has_id(x, id));
    assert_false(x->from_answer);
    assert_non_null(strstr(x->source, "§9"));
    assert_non_null(strstr(r.advice, "Book an evaluation"));
}

static void test_each_warning_sign(void **state)
{
    (void)state;
    /* pain worse during a run than before it (same run id) */
    sg_entry a[2] = {pain(1, 2, SG_REGION_LUMBAR, SG_SIDE_LEFT, 2, SG_TIMING_BEFORE),
                     pain(2, 2, SG_REGION_LUMBAR, SG_SIDE_LEFT, 4, SG_TIMING_DURING)};
    a[0].u.pain.run_id = a[1].u.pain.run_id = 30;
    expect_evaluate(a, 2, "pain_rises_in_run", 2);
    /* worse the next morning than after the run (no run id: by day) */
    sg_entry b[2] = {pain(3, 3, SG_REGION_SACROILIAC, SG_SIDE_RIGHT, 2, SG_TIMING_AFTER),
                     pain(4, 2, SG_REGION_SACROILIAC, SG_SIDE_RIGHT, 3, SG_TIMING_NEXT_MORNING)};
    expect_evaluate(b, 2, "pain_rises_in_run", 4);
    /* rising across three logged days */
    sg_entry c[3] = {pain(5, 6, SG_REGION_HIP, SG_SIDE_LEFT, 1, 0),
                     pain(6, 4, SG_REGION_HIP, SG_SIDE_LEFT, 2, 0),
                     pain(7, 1, SG_REGION_HIP, SG_SIDE_LEFT, 3, 0)};
    expect_evaluate(c, 3, "pain_rising_across_entries", 7);
    /* stiffness >= 30 min on three days */
    sg_entry d[3] = {pain(8, 1, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 1, 0),
                     pain(9, 3, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 1, 0),
                     pain(10, 5, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 1, 0)};
    for (int i = 0; i < 3; i++)
        d[i].u.pain.stiffness_min = 30 + 10 * i;
    expect_evaluate(d, 3, "stiffness_not_loosening", 10);
    /* radiating */
    sg_entry e[1] = {pain(11, 0, SG_REGION_BUTTOCK, SG_SIDE_LEFT, 3, SG_TIMING_DURING)};
    e[0].u.pain.radiates = true;
    expect_evaluate(e, 1, "pain_radiates", 11);
    /* numbness */
    sg_entry f[1] = {pain(12, 0, SG_REGION_FOOT, SG_SIDE_RIGHT, 1, SG_TIMING_DURING)};
    f[0].u.pain.numbness = true;
    expect_evaluate(f, 1, "numbness", 12);
    /* run changed by pain */
    sg_entry g[1] = {pain(13, 0, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 3, SG_TIMING_DURING)};
    g[0].u.pain.changed_run = true;
    expect_evaluate(g, 1, "run_changed_by_pain", 13);
    /* severe */
    sg_entry h[1] = {pain(14, 0, SG_REGION_THORACIC, SG_SIDE_CENTRAL, 7, 0)};
    expect_evaluate(h, 1, "severe_pain", 14);
    /* persisting over >= 3 of the last 6 weeks */
    sg_entry p[3] = {pain(15, 2, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, 0),
                     pain(16, 16, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, 0),
                     pain(17, 36, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, 0)};
    expect_evaluate(p, 3, "symptoms_persisting", 17);
}

static void test_warning_sign_boundaries(void **state)
{
    (void)state;
    sg_redflag_answers no = {0, SG_RF_ALL, 0};
    sg_triage_result r;
    /* two stiff days only; stiffness of 29 min */
    sg_entry d[3] = {pain(1, 1, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 1, 0),
                     pain(2, 3, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 1, 0),
                     pain(3, 5, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 1, 0)};
    d[0].u.pain.stiffness_min = 45;
    d[1].u.pain.stiffness_min = 45;
    d[2].u.pain.stiffness_min = 29;
    sg_triage_run(d, 3, NULL, &no, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    /* same severity during as before: no rise; severity 6: not severe */
    sg_entry a[2] = {pain(4, 2, SG_REGION_LUMBAR, SG_SIDE_LEFT, 6, SG_TIMING_BEFORE),
                     pain(5, 2, SG_REGION_LUMBAR, SG_SIDE_LEFT, 6, SG_TIMING_DURING)};
    sg_triage_run(a, 2, NULL, &no, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    /* a radiating entry older than the 4-week window is not counted */
    sg_entry e[1] = {pain(6, 28, SG_REGION_THIGH, SG_SIDE_LEFT, 3, 0)};
    e[0].u.pain.radiates = true;
    sg_triage_run(e, 1, NULL, &no, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    e[0].u.pain.day = TODAY - 27;
    sg_triage_run(e, 1, NULL, &no, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EVALUATE);
    /* entries dated after today are ignored */
    e[0].u.pain.day = TODAY + 1;
    sg_triage_run(e, 1, NULL, &no, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    /* pain in two weeks of six is not "persisting" */
    sg_entry p[2] = {pain(15, 2, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, 0),
                     pain(16, 36, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, 0)};
    sg_triage_run(p, 2, NULL, &no, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
}

static void test_highest_tier_wins(void **state)
{
    (void)state;
    sg_entry e[1] = {pain(1, 0, SG_REGION_BUTTOCK, SG_SIDE_LEFT, 3, SG_TIMING_DURING)};
    e[0].u.pain.radiates = true;
    sg_redflag_answers a = {SG_RF_BIT(SG_RF_NIGHT_PAIN) | SG_RF_BIT(SG_RF_FEVER), SG_RF_ALL, 0};
    sg_triage_result r;
    sg_triage_run(e, 1, NULL, &a, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_URGENT);
    assert_int_equal(r.n_reasons, 3);
    assert_string_equal(r.reasons[0].rule, "fever");
    assert_int_equal(r.reasons[1].tier, SG_TIER_PROMPT);
    assert_int_equal(r.reasons[2].tier, SG_TIER_EVALUATE);
    assert_string_equal(r.advice, sg_tier_action(SG_TIER_URGENT));
    a.yes |= SG_RF_BIT(SG_RF_SADDLE_NUMBNESS);
    sg_triage_run(e, 1, NULL, &a, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EMERGENCY);
    assert_non_null(strstr(r.advice, "emergency department"));
    assert_string_equal(r.reasons[0].rule, "saddle_numbness");
}

static void test_unsure_and_new_flags(void **state)
{
    (void)state;
    sg_triage_result r;
    /* "not sure" on saddle numbness: one tier lower than yes, still urgent */
    sg_redflag_answers a = {0, SG_RF_ALL, SG_RF_BIT(SG_RF_SADDLE_NUMBNESS)};
    sg_triage_run(NULL, 0, NULL, &a, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_URGENT);
    assert_false(r.screen_incomplete);
    /* "not sure" on a prompt flag never falls below evaluate */
    a.unsure = SG_RF_BIT(SG_RF_LOW_ENERGY);
    sg_triage_run(NULL, 0, NULL, &a, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EVALUATE);

    /* ASAS: three of five features is nothing, four is an evaluation */
    sg_redflag_answers ibp = {SG_RF_BIT(SG_RF_IBP_ONSET_UNDER_40) | SG_RF_BIT(SG_RF_IBP_INSIDIOUS) |
                                  SG_RF_BIT(SG_RF_IBP_NIGHT),
                              SG_RF_ALL, SG_RF_BIT(SG_RF_IBP_BETTER_EXERCISE)};
    sg_triage_run(NULL, 0, NULL, &ibp, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    ibp.yes |= SG_RF_BIT(SG_RF_IBP_NOT_BETTER_REST);
    sg_triage_run(NULL, 0, NULL, &ibp, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EVALUATE);
    assert_non_null(find(&r, "inflammatory_back_pain_features"));

    /* a bone stress risk factor alone: evaluate; with groin pain logged: prompt */
    sg_redflag_answers reds = {SG_RF_BIT(SG_RF_MENSTRUAL), SG_RF_ALL, 0};
    sg_triage_run(NULL, 0, NULL, &reds, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EVALUATE);
    sg_entry groin[1] = {pain(9, 1, SG_REGION_GROIN, SG_SIDE_RIGHT, 3, SG_TIMING_AFTER)};
    sg_triage_run(groin, 1, NULL, &reds, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_PROMPT);
    assert_true(has_id(find(&r, "bone_stress_risk_with_pain"), 9));
    /* hop pain is urgent on its own */
    sg_redflag_answers hop = {SG_RF_BIT(SG_RF_HOP_PAIN), SG_RF_ALL, 0};
    sg_triage_run(NULL, 0, NULL, &hop, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_URGENT);
}

static void test_single_entry_warning_signs(void **state)
{
    (void)state;
    /* one entry: "got worse as the run went on" */
    sg_entry w[1] = {pain(1, 1, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 3, SG_TIMING_AFTER)};
    w[0].u.pain.worse_during = true;
    expect_evaluate(w, 1, "pain_rises_in_run", 1);
    /* one entry: stiffness that did not ease with movement */
    sg_entry s[1] = {pain(2, 1, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, SG_TIMING_NEXT_MORNING)};
    s[0].u.pain.stiffness_min = 20;
    s[0].u.pain.eases = 0;
    expect_evaluate(s, 1, "stiffness_not_loosening", 2);
    /* the same stiffness that eased: nothing */
    s[0].u.pain.eases = 1;
    sg_redflag_answers no = {0, SG_RF_ALL, 0};
    sg_triage_result r;
    sg_triage_run(s, 1, NULL, &no, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
}

static sg_entry screen(long long id, int days_ago, unsigned yes, unsigned no, unsigned unsure)
{
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_SCREEN);
    e.id = id;
    e.u.screen.day = TODAY - days_ago;
    e.u.screen.yes = yes;
    e.u.screen.no = no;
    e.u.screen.unsure = unsure;
    return e;
}

static void test_stored_answers(void **state)
{
    (void)state;
    sg_screen_state s;
    sg_screen_from_journal(NULL, 0, TODAY, &s);
    assert_int_equal(s.stale, SG_SCREEN_NONE);
    assert_int_equal(s.answers.asked | s.answers.yes | s.answers.unsure, 0);

    /* all no three days ago, then one question changed to yes yesterday */
    const unsigned sad = SG_RF_BIT(SG_RF_SADDLE_NUMBNESS);
    sg_entry es[3] = {screen(10, 3, 0, SG_RF_ALL, 0), screen(11, 1, sad, 0, 0),
                      pain(12, 5, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 3, SG_TIMING_AFTER)};
    /* the pain's id is larger but... make it older than both screens by id */
    es[2].id = 5;
    sg_screen_from_journal(es, 3, TODAY, &s);
    assert_int_equal(s.stale, SG_SCREEN_FRESH);
    assert_int_equal(s.last_id, 11);
    assert_int_equal(s.answers.yes, sad);
    assert_int_equal(s.answers.asked, SG_RF_ALL);
    sg_triage_result r;
    sg_triage_run(es, 3, NULL, &s.answers, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EMERGENCY);
    assert_false(r.screen_incomplete);

    /* pain logged after the screens: the "no" answers are asked again, the yes stays */
    es[2].id = 20;
    sg_screen_from_journal(es, 3, TODAY, &s);
    assert_int_equal(s.stale, SG_SCREEN_NEW_PAIN);
    assert_int_equal(s.answers.yes, sad);
    assert_int_equal(s.answers.asked, sad);
    assert_int_equal(s.set_aside, SG_RF_ALL & ~sad);
    sg_triage_run(es, 3, NULL, &s.answers, TODAY, &r);
    assert_true(r.screen_incomplete);

    /* eight days later nothing counts any more */
    sg_screen_from_journal(es, 2, TODAY + 8, &s);
    assert_int_equal(s.stale, SG_SCREEN_EXPIRED);
    assert_int_equal(s.answers.asked | s.answers.yes, 0);
    assert_int_equal(s.set_aside, SG_RF_ALL);

    /* answers given now win over stored ones */
    sg_redflag_answers now = {0, sad, 0};
    sg_screen_from_journal(es, 2, TODAY, &s);
    sg_redflag_answers m = sg_redflag_answers_merge(&s.answers, &now);
    assert_int_equal(m.yes, 0);
    assert_int_equal(m.asked, SG_RF_ALL);
}

static void test_training_drop(void **state)
{
    (void)state;
    /* 40 km a week for four weeks (four 10 km runs), then 18 km in the last 7 days */
    sg_run_fact runs[20];
    size_t nr = 0;
    for (int w = 1; w <= 4; w++)
        for (int k = 0; k < 4; k++) {
            memset(&runs[nr], 0, sizeof runs[nr]);
            runs[nr].run_id = (long long)nr + 1;
            runs[nr].day = TODAY - 7 * w - k;
            runs[nr].distance_m = 10000;
            nr++;
        }
    for (int k = 0; k < 2; k++) {
        memset(&runs[nr], 0, sizeof runs[nr]);
        runs[nr].run_id = (long long)nr + 1;
        runs[nr].day = TODAY - 1 - 2 * k;
        runs[nr].distance_m = 9000;
        nr++;
    }
    sg_entry es[1] = {pain(70, 3, SG_REGION_LUMBAR, SG_SIDE_LEFT, 3, SG_TIMING_AFTER)};
    sg_redflag_answers no = {0, SG_RF_ALL, 0};
    sg_triage_result r;
    sg_triage_run(es, 1, NULL, &no, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);
    sg_triage_training_drop(es, 1, runs, nr, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EVALUATE);
    assert_true(r.has_drop);
    assert_true(has_id(find(&r, "training_dropped_with_pain"), 70));
    assert_float_equal(r.drop_last7_km, 18.0, 1e-9);
    assert_float_equal(r.drop_base_km, 40.0, 1e-9);
    assert_float_equal(r.drop_pct, 55.0, 1e-9);
    /* without pain in the last 14 days: nothing */
    es[0].u.pain.day = TODAY - 20;
    sg_triage_run(es, 1, NULL, &no, TODAY, &r);
    sg_triage_training_drop(es, 1, runs, nr, TODAY, &r);
    assert_false(r.has_drop);
    /* a 25 % drop is under the threshold */
    es[0].u.pain.day = TODAY - 3;
    runs[nr - 1].distance_m = 21000;
    sg_triage_run(es, 1, NULL, &no, TODAY, &r);
    sg_triage_training_drop(es, 1, runs, nr, TODAY, &r);
    assert_false(r.has_drop);
}

/* A run of 10 km with `flat_km` of it on near-flat ground at `pace` s/km. */
static sg_run_fact flat_run(long long id, int days_ago, double flat_km, double pace)
{
    sg_run_fact r;
    memset(&r, 0, sizeof r);
    r.run_id = id;
    r.day = TODAY - days_ago;
    r.distance_m = 10000;
    r.flat_distance_m = flat_km * 1000.0;
    r.flat_time_s = flat_km * pace;
    return r;
}

static void test_pace_drop(void **state)
{
    (void)state;
    /* the same distance every week (no distance drop); flat pace around
     * 5:00 /km (295-305 s/km) for four weeks, then 5:30 /km in the last 7 days */
    static const double usual[4] = {295, 300, 305, 300};
    sg_run_fact runs[24];
    size_t nr = 0;
    for (int w = 1; w <= 4; w++)
        for (int k = 0; k < 4; k++)
        {
            runs[nr] = flat_run((long long)nr + 1, 7 * w + k, 8, usual[k]);
            nr++;
        }
    for (int k = 0; k < 4; k++) {
        runs[nr] = flat_run((long long)nr + 1, 1 + k, 8, 330);
        nr++;
    }
    sg_entry es[1] = {pain(71, 2, SG_REGION_LUMBAR, SG_SIDE_UNKNOWN, 3, SG_TIMING_DURING)};
    sg_redflag_answers no = {0, SG_RF_ALL, 0};
    sg_triage_result r;
    sg_triage_run(es, 1, NULL, &no, TODAY, &r);
    sg_triage_training_drop(es, 1, runs, nr, TODAY, &r);
    assert_int_equal(r.tier, SG_TIER_EVALUATE);
    assert_false(r.has_drop);
    assert_true(r.has_pace_drop);
    assert_non_null(find(&r, "pace_dropped_with_pain"));
    assert_null(find(&r, "training_dropped_with_pain"));
    assert_true(has_id(find(&r, "pace_dropped_with_pain"), 71));
    assert_float_equal(r.pace_last7_s_per_km, 330.0, 1e-9);
    assert_float_equal(r.pace_base_s_per_km, 300.0, 1e-9);
    assert_float_equal(r.pace_slower_pct, 10.0, 1e-9);
    assert_int_equal(r.pace_runs_last7, 4);
    assert_int_equal(r.pace_runs_base, 16);
    /* spread: MAD 2.5 s of 300 -> 1.4826 * 2.5 / 300 = 1.24 %; SE for 4 vs 16 runs */
    assert_float_equal(r.pace_noise_pct, 1.4826 * 2.5 / 300 * 100 * sqrt(1.0 / 4 + 1.0 / 16),
                       1e-9);
    assert_int_equal(r.drop_pain_regions, 1u << SG_REGION_LUMBAR);

    /* the usual pace: nothing */
    for (int k = 0; k < 4; k++)
        runs[16 + k].flat_time_s = 8 * 302.0;
    sg_triage_run(es, 1, NULL, &no, TODAY, &r);
    sg_triage_training_drop(es, 1, runs, nr, TODAY, &r);
    assert_false(r.has_pace_drop);
    assert_int_equal(r.tier, SG_TIER_SELF_CARE);

    /* 4 % slower is under the 5 % threshold */
    for (int k = 0; k < 4; k++)
        runs[16 + k].flat_time_s = 8 * 312.0;
    sg_triage_run(es, 1, NULL, &no, TODAY, &r);
    sg_triage_training_drop(es, 1, runs, nr, TODAY, &r);
    assert_false(r.has_pace_drop);

    /* 7 % slower, but the runner's paces spread widely (intervals and easy
     * runs, 250-350 s/km): inside the noise, nothing */
    static const double wide[4] = {250, 300, 350, 300};
    for (size_t i = 0; i < 16; i++)
        runs[i].flat_time_s = 8 * wide[i % 4];
    for (int k = 0; k < 4; k++)
        runs[16 + k].flat_time_s = 8 * 321.0;
    sg_triage_run(es, 1, NULL, &no, TODAY, &r);
    sg_triage_training_drop(es, 1, runs, nr, TODAY, &r);
    assert_false(r.has_pace_drop);

    /* back to a tight baseline and a 10 % slowdown, but runs with under 1 km
     * on the flat (a hilly week) do not count: no recent pace, nothing */
    for (size_t i = 0; i < 16; i++)
        runs[i].flat_time_s = 8 * usual[i % 4];
    for (int k = 0; k < 4; k++) {
        runs[16 + k].flat_distance_m = 900;
        runs[16 + k].flat_time_s = 0.9 * 330;
    }
    sg_triage_run(es, 1, NULL, &no, TODAY, &r);
    sg_triage_training_drop(es, 1, runs, nr, TODAY, &r);
    assert_false(r.has_pace_drop);

    /* the slowdown without pain in the last 14 days: nothing */
    for (int k = 0; k < 4; k++) {
        runs[16 + k].flat_distance_m = 8000;
        runs[16 + k].flat_time_s = 8 * 330.0;
    }
    es[0].u.pain.day = TODAY - 20;
    sg_triage_run(es, 1, NULL, &no, TODAY, &r);
    sg_triage_training_drop(es, 1, runs, nr, TODAY, &r);
    assert_false(r.has_pace_drop);

    /* walks, hikes and treadmill runs carry NaN: never counted */
    es[0].u.pain.day = TODAY - 2;
    for (size_t i = 0; i < 16; i++)
        runs[i].flat_distance_m = NAN;
    sg_triage_run(es, 1, NULL, &no, TODAY, &r);
    sg_triage_training_drop(es, 1, runs, nr, TODAY, &r);
    assert_false(r.has_pace_drop);
}

static void test_wording_never_diagnoses(void **state)
{
    (void)state;
    static const char *banned[] = {"cauda equina", "sciatica", "fracture", "cancer is",
                                   "you have", "nothing wrong", "all clear.", "safe to run"};
    for (int t = 0; t < SG_TIER_COUNT; t++)
        for (size_t b = 0; b < sizeof banned / sizeof *banned; b++)
            assert_null(strstr(sg_tier_action((sg_tier)t), banned[b]));
    sg_triage_result r;
    sg_redflag_answers a = {SG_RF_ALL, SG_RF_ALL, 0};
    sg_triage_run(NULL, 0, NULL, &a, TODAY, &r);
    for (size_t i = 0; i < r.n_reasons; i++)
        for (size_t b = 0; b < sizeof banned / sizeof *banned; b++)
            assert_null(strstr(r.reasons[i].why, banned[b]));
}

static void test_many_ids_are_capped(void **state)
{
    (void)state;
    sg_entry es[40];
    for (int i = 0; i < 40; i++) {
        es[i] = pain(100 + i, i % 20, SG_REGION_LUMBAR, SG_SIDE_LEFT, 2, 0);
        es[i].u.pain.numbness = true;
    }
    sg_triage_result r;
    sg_triage_run(es, 40, NULL, NULL, TODAY, &r);
    const sg_triage_reason *x = find(&r, "numbness");
    assert_int_equal(x->n_entries, SG_TRIAGE_MAX_IDS);
    assert_int_equal(x->n_entries_total, 40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_nothing_is_self_care, setup),
        cmocka_unit_test_setup(test_each_red_flag_alone, setup),
        cmocka_unit_test_setup(test_age_onset_uses_birth_year, setup),
        cmocka_unit_test_setup(test_bilateral_from_journal, setup),
        cmocka_unit_test_setup(test_each_warning_sign, setup),
        cmocka_unit_test_setup(test_warning_sign_boundaries, setup),
        cmocka_unit_test_setup(test_highest_tier_wins, setup),
        cmocka_unit_test_setup(test_unsure_and_new_flags, setup),
        cmocka_unit_test_setup(test_single_entry_warning_signs, setup),
        cmocka_unit_test_setup(test_stored_answers, setup),
        cmocka_unit_test_setup(test_training_drop, setup),
        cmocka_unit_test_setup(test_pace_drop, setup),
        cmocka_unit_test_setup(test_wording_never_diagnoses, setup),
        cmocka_unit_test_setup(test_many_ids_are_capped, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
