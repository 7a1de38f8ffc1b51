/* Pain-journal triage (include/strideguard/triage.h).
 *
 * Two families of rules, each citing docs/science.md §9:
 *  - red flags, from the runner's explicit answers (and, for bilateral leg
 *    symptoms and new onset by age, also from the journal), mapped to the
 *    tiers of the NHS/NICE/BASS sources;
 *  - runner warning signs from the journal, which no guideline defines, so
 *    they are design rules [D] and all lead to "book an evaluation".
 * The highest tier wins. Nothing here says what the pain *is*. */
#include "strideguard/triage.h"

#include <string.h>

static const struct {
    const char *name;
    sg_tier tier;
    const char *question;
    const char *why;
} flags[SG_RF_COUNT] = {
    [SG_RF_SADDLE_NUMBNESS] = {"saddle_numbness", SG_TIER_EMERGENCY,
        "Do you have numbness, tingling or altered feeling between your legs, around your "
        "genitals or back passage (the area a saddle touches)?",
        "You reported numbness or altered feeling in the saddle area."},
    [SG_RF_BLADDER_DYSFUNCTION] = {"bladder_dysfunction", SG_TIER_EMERGENCY,
        "Since the pain began, have you had new trouble passing urine, starting the flow, "
        "feeling it, or controlling it?",
        "You reported a new change in bladder function."},
    [SG_RF_BOWEL_DYSFUNCTION] = {"bowel_dysfunction", SG_TIER_EMERGENCY,
        "Since the pain began, have you had new loss of bowel control or of feeling in your "
        "back passage?",
        "You reported a new change in bowel control or sensation."},
    [SG_RF_SEXUAL_DYSFUNCTION] = {"sexual_dysfunction", SG_TIER_EMERGENCY,
        "Since the pain began, have you noticed new problems with sexual function or "
        "genital sensation?",
        "You reported a new change in sexual function or genital sensation."},
    [SG_RF_BILATERAL_LEG_SYMPTOMS] = {"bilateral_leg_symptoms", SG_TIER_EMERGENCY,
        "Do you have pain, numbness, tingling or weakness going down BOTH legs, or did "
        "one-sided leg symptoms spread to the other leg?",
        "Leg symptoms on both sides together with back pain."},
    [SG_RF_PROGRESSIVE_WEAKNESS] = {"progressive_weakness", SG_TIER_EMERGENCY,
        "Is there weakness in a leg or foot that is getting worse (tripping, foot slapping, "
        "a changed walk)?",
        "You reported leg weakness that is getting worse."},
    [SG_RF_FEVER] = {"fever", SG_TIER_URGENT,
        "Do you have a fever, chills or shivering, or feel generally unwell, along with the "
        "back pain?",
        "You reported fever or feeling unwell together with back pain."},
    [SG_RF_IMMUNOSUPPRESSION] = {"immunosuppression", SG_TIER_URGENT,
        "Do you take steroid tablets or drugs that weaken the immune system, inject drugs, or "
        "have you had a recent bacterial infection?",
        "You reported a weakened immune system or a recent infection risk together with back "
        "pain."},
    [SG_RF_MAJOR_TRAUMA] = {"major_trauma", SG_TIER_URGENT,
        "Did the pain start after a fall, collision or accident (or a minor one if you have "
        "osteoporosis or take steroids)?",
        "You reported that the pain followed an injury such as a fall or collision."},
    [SG_RF_CANCER_HISTORY] = {"cancer_history", SG_TIER_PROMPT,
        "Have you ever had cancer?",
        "A history of cancer together with new back pain."},
    [SG_RF_UNEXPLAINED_WEIGHT_LOSS] = {"unexplained_weight_loss", SG_TIER_PROMPT,
        "Have you lost weight recently without trying?",
        "You reported weight loss you cannot explain."},
    [SG_RF_NIGHT_PAIN] = {"night_pain", SG_TIER_PROMPT,
        "Is the pain constant at night and not eased by changing position?",
        "You reported constant night pain that does not ease with a change of position."},
    [SG_RF_AGE_ONSET] = {"age_onset", SG_TIER_PROMPT,
        "Is this back pain new for you, a first episode? (Guidelines treat new back pain "
        "starting after 50 or before 20 as a reason to be seen.)",
        "New back pain starting after age 50 or before age 20."},
};

static const char *const tier_names[SG_TIER_COUNT] = {"self_care", "evaluate", "prompt", "urgent",
                                                      "emergency"};

static const char *const tier_actions[SG_TIER_COUNT] = {
    [SG_TIER_SELF_CARE] =
        "No warning sign was found in what you logged and answered. Keep runs at a level that "
        "does not raise the pain, keep moving, keep logging, and run this check again if "
        "anything changes.",
    [SG_TIER_EVALUATE] =
        "Book an evaluation with a physiotherapist or doctor. Until you are seen, stop a run "
        "when pain rises or spreads, and do not run through leg symptoms.",
    [SG_TIER_PROMPT] =
        "See your doctor within the next few days and show them what you logged here. Hold off "
        "long and hard runs until then.",
    [SG_TIER_URGENT] =
        "Stop running and get medical advice today (an urgent same-day appointment or urgent "
        "care).",
    [SG_TIER_EMERGENCY] =
        "Stop and go to an emergency department now (or call your emergency number). Do not "
        "wait for an appointment.",
};

static const char caveat[] =
    "This is not a diagnosis, and a check with no warning sign is not an all-clear: red-flag "
    "questions miss some problems. If in doubt, get checked.";

/* Short citations; the full references are in docs/science.md §9. */
static const char src_ces[] =
    "BASS 2018 / GIRFT suspected cauda equina pathway; NHS G-Care red flags (docs/science.md §9)";
static const char src_urgent[] = "NHS G-Care red flags, after NICE CKS (docs/science.md §9)";
static const char src_prompt[] =
    "NHS G-Care red flags, after NICE CKS; Verhagen 2016 (docs/science.md §9)";
static const char src_runner[] =
    "strideguard rule [D] from the runner warning signs (docs/science.md §9)";
static const char src_radiating[] =
    "UK primary-care sciatica pathways [S]; runner warning signs [D] (docs/science.md §9)";
static const char src_persist[] =
    "G-Care: no improvement after a month; sciatica not settling in 2-6 weeks [S]; threshold "
    "[D] (docs/science.md §9)";

const char *sg_redflag_name(sg_redflag f) { return (f >= 0 && f < SG_RF_COUNT) ? flags[f].name : NULL; }

int sg_redflag_parse(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < SG_RF_COUNT; i++)
        if (strcmp(flags[i].name, name) == 0)
            return i;
    return -1;
}

const char *sg_redflag_question(sg_redflag f)
{
    return (f >= 0 && f < SG_RF_COUNT) ? flags[f].question : NULL;
}

sg_tier sg_redflag_tier(sg_redflag f)
{
    return (f >= 0 && f < SG_RF_COUNT) ? flags[f].tier : SG_TIER_SELF_CARE;
}

const char *sg_tier_name(sg_tier t) { return (t >= 0 && t < SG_TIER_COUNT) ? tier_names[t] : "unknown"; }
const char *sg_tier_action(sg_tier t)
{
    return (t >= 0 && t < SG_TIER_COUNT) ? tier_actions[t] : tier_actions[SG_TIER_EVALUATE];
}

/* ---- reasons ---- */

static sg_triage_reason *add_reason(sg_triage_result *r, const char *rule, sg_tier tier,
                                    const char *why, const char *source, bool from_answer)
{
    for (size_t i = 0; i < r->n_reasons; i++)
        if (strcmp(r->reasons[i].rule, rule) == 0) {
            if (tier > r->reasons[i].tier)
                r->reasons[i].tier = tier;
            r->reasons[i].from_answer |= from_answer;
            return &r->reasons[i];
        }
    if (r->n_reasons >= SG_TRIAGE_MAX_REASONS)
        return NULL;
    sg_triage_reason *x = &r->reasons[r->n_reasons++];
    memset(x, 0, sizeof *x);
    x->rule = rule;
    x->tier = tier;
    x->why = why;
    x->source = source;
    x->from_answer = from_answer;
    return x;
}

static void add_id(sg_triage_reason *x, long long id)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n_entries; i++)
        if (x->entries[i] == id)
            return;
    x->n_entries_total++;
    if (x->n_entries < SG_TRIAGE_MAX_IDS)
        x->entries[x->n_entries++] = id;
}

/* ---- journal helpers ---- */

static const sg_pain_entry *pain_in(const sg_entry *e, int from, int today)
{
    if (e->kind != SG_ENTRY_PAIN)
        return NULL;
    int d = e->u.pain.day;
    return (d >= from && d <= today) ? &e->u.pain : NULL;
}

/* Entries of one run: the run id when given, else the day of the run
 * (a next-morning entry belongs to the day before). */
static bool same_run(const sg_pain_entry *a, const sg_pain_entry *b)
{
    if (a->run_id || b->run_id)
        return a->run_id == b->run_id;
    if (a->timing == SG_TIMING_UNKNOWN || b->timing == SG_TIMING_UNKNOWN)
        return false;
    int da = a->day - (a->timing == SG_TIMING_NEXT_MORNING);
    int db = b->day - (b->timing == SG_TIMING_NEXT_MORNING);
    return da == db;
}

static bool leg_symptom(const sg_pain_entry *p)
{
    return (p->radiates || p->numbness) &&
           (sg_region_is_leg(p->region) || p->region == SG_REGION_BUTTOCK ||
            p->region == SG_REGION_HIP);
}

static void rule_bilateral_from_journal(const sg_entry *es, size_t n, int today,
                                        sg_triage_result *r)
{
    const int from = today - 6;
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], from, today);
        if (!p || !leg_symptom(p))
            continue;
        bool hit = p->side == SG_SIDE_BOTH;
        size_t other = n;
        for (size_t j = 0; !hit && j < n; j++) {
            const sg_pain_entry *q = pain_in(&es[j], from, today);
            if (q && leg_symptom(q) &&
                ((p->side == SG_SIDE_LEFT && q->side == SG_SIDE_RIGHT) ||
                 (p->side == SG_SIDE_RIGHT && q->side == SG_SIDE_LEFT))) {
                hit = true;
                other = j;
            }
        }
        if (!hit)
            continue;
        sg_triage_reason *x = add_reason(
            r, flags[SG_RF_BILATERAL_LEG_SYMPTOMS].name, SG_TIER_EMERGENCY,
            "Your journal shows spreading pain or numbness in both legs within the last week.",
            src_ces, false);
        add_id(x, es[i].id);
        if (other < n)
            add_id(x, es[other].id);
    }
}

static int age_this_year(const sg_athlete *a, int today)
{
    if (!a || a->birth_year <= 0)
        return -1;
    int y;
    sg_journal_civil_from_day(today, &y, NULL, NULL);
    int age = y - a->birth_year;
    return age >= 0 && age < 130 ? age : -1;
}

/* Guidelines say "new onset over 50 or under 20". With only a birth year the
 * age is this-year's-age or one less; we lean towards flagging: over 50 when
 * this year's age is >= 51, under 20 when it is <= 20. */
static bool age_outside(int age) { return age >= 51 || (age >= 0 && age <= 20); }

static void rule_age_onset(const sg_entry *es, size_t n, const sg_athlete *a,
                           const sg_redflag_answers *ans, int today, sg_triage_result *r)
{
    const unsigned bit = SG_RF_BIT(SG_RF_AGE_ONSET);
    int age = age_this_year(a, today);
    if (ans->yes & bit) {
        if (age < 0 || age_outside(age))
            add_reason(r, flags[SG_RF_AGE_ONSET].name, SG_TIER_PROMPT,
                       age < 0 ? "You reported new back pain and your age is not in the "
                                 "profile; new back pain after 50 or before 20 is a reason to "
                                 "be seen."
                               : flags[SG_RF_AGE_ONSET].why,
                       src_prompt, true);
        return;
    }
    if ((ans->asked & bit) || age < 0 || !age_outside(age))
        return; /* an explicit "not new" wins over the journal's short memory */
    const int from = today - (SG_TRIAGE_NEW_ONSET_DAYS - 1);
    bool older = false, recent = false;
    for (size_t i = 0; i < n; i++) {
        if (es[i].kind != SG_ENTRY_PAIN || !sg_region_is_spinal(es[i].u.pain.region) ||
            es[i].u.pain.severity <= 0 || es[i].u.pain.day > today)
            continue;
        if (es[i].u.pain.day < from)
            older = true;
        else
            recent = true;
    }
    if (!recent || older)
        return;
    sg_triage_reason *x = add_reason(
        r, flags[SG_RF_AGE_ONSET].name, SG_TIER_PROMPT,
        "The journal shows back pain that is new in the last six weeks, at an age (over 50 or "
        "under 20) where guidelines advise being seen.",
        src_prompt, false);
    for (size_t i = 0; i < n; i++)
        if (pain_in(&es[i], from, today) && sg_region_is_spinal(es[i].u.pain.region) &&
            es[i].u.pain.severity > 0)
            add_id(x, es[i].id);
}

static void rule_rises_in_run(const sg_entry *es, size_t n, int from, int today,
                              sg_triage_result *r)
{
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *later = pain_in(&es[i], from, today);
        if (!later || later->timing <= SG_TIMING_BEFORE)
            continue;
        for (size_t j = 0; j < n; j++) {
            const sg_pain_entry *earlier = pain_in(&es[j], from, today);
            if (!earlier || j == i || earlier->timing == SG_TIMING_UNKNOWN ||
                earlier->timing >= later->timing || earlier->region != later->region ||
                !same_run(earlier, later) || later->severity <= earlier->severity)
                continue;
            sg_triage_reason *x = add_reason(
                r, "pain_rises_in_run", SG_TIER_EVALUATE,
                "Pain was worse later in a run, after it, or the next morning than earlier in "
                "the same run.",
                src_runner, false);
            add_id(x, es[j].id);
            add_id(x, es[i].id);
        }
    }
}

/* The highest severity logged on a day for a region, or -1. */
static int day_max(const sg_entry *es, size_t n, sg_region reg, int day)
{
    int m = -1;
    for (size_t i = 0; i < n; i++)
        if (es[i].kind == SG_ENTRY_PAIN && es[i].u.pain.region == reg && es[i].u.pain.day == day &&
            es[i].u.pain.severity > m)
            m = es[i].u.pain.severity;
    return m;
}

static void rule_rising_trend(const sg_entry *es, size_t n, int from, int today,
                              sg_triage_result *r)
{
    for (int reg = 1; reg < SG_REGION_COUNT; reg++) {
        /* the last three days with an entry for this region, newest first */
        int days[3], nd = 0;
        for (int d = today; d >= from && nd < 3; d--)
            if (day_max(es, n, (sg_region)reg, d) >= 0)
                days[nd++] = d;
        if (nd < 3)
            continue;
        int s0 = day_max(es, n, (sg_region)reg, days[2]);
        int s1 = day_max(es, n, (sg_region)reg, days[1]);
        int s2 = day_max(es, n, (sg_region)reg, days[0]);
        if (!(s0 <= s1 && s1 <= s2 && s2 - s0 >= SG_TRIAGE_RISE))
            continue;
        sg_triage_reason *x = add_reason(
            r, "pain_rising_across_entries", SG_TIER_EVALUATE,
            "Pain in the same place has risen over your last three logged days.", src_runner,
            false);
        for (size_t i = 0; i < n; i++)
            if (pain_in(&es[i], days[2], today) && es[i].u.pain.region == (sg_region)reg &&
                (es[i].u.pain.day == days[0] || es[i].u.pain.day == days[1] ||
                 es[i].u.pain.day == days[2]))
                add_id(x, es[i].id);
    }
}

static void rule_stiffness(const sg_entry *es, size_t n, int today, sg_triage_result *r)
{
    const int from = today - 13;
    int ndays = 0;
    for (int d = from; d <= today; d++) {
        for (size_t i = 0; i < n; i++) {
            const sg_pain_entry *p = pain_in(&es[i], d, d);
            if (p && p->stiffness_min >= SG_TRIAGE_STIFF_MIN) {
                ndays++;
                break;
            }
        }
    }
    if (ndays < SG_TRIAGE_STIFF_DAYS)
        return;
    sg_triage_reason *x = add_reason(
        r, "stiffness_not_loosening", SG_TIER_EVALUATE,
        "Morning stiffness of 30 minutes or more on three or more days in the last two weeks.",
        src_runner, false);
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], from, today);
        if (p && p->stiffness_min >= SG_TRIAGE_STIFF_MIN)
            add_id(x, es[i].id);
    }
}

static void rule_flag(const sg_entry *es, size_t n, int from, int today, sg_triage_result *r,
                      const char *rule, const char *why, const char *source,
                      bool (*pred)(const sg_pain_entry *))
{
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], from, today);
        if (p && pred(p))
            add_id(add_reason(r, rule, SG_TIER_EVALUATE, why, source, false), es[i].id);
    }
}

static bool p_radiates(const sg_pain_entry *p) { return p->radiates; }
static bool p_numb(const sg_pain_entry *p) { return p->numbness; }
static bool p_changed(const sg_pain_entry *p) { return p->changed_run && p->severity > 0; }
static bool p_severe(const sg_pain_entry *p) { return p->severity >= SG_TRIAGE_SEVERE; }

static void rule_persisting(const sg_entry *es, size_t n, int today, sg_triage_result *r)
{
    const int span = SG_TRIAGE_PERSIST_SPAN_WEEKS * 7;
    const int from = today - (span - 1);
    bool week[SG_TRIAGE_PERSIST_SPAN_WEEKS] = {false};
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], from, today);
        if (p && p->severity > 0)
            week[(today - p->day) / 7] = true;
    }
    int nw = 0;
    for (int w = 0; w < SG_TRIAGE_PERSIST_SPAN_WEEKS; w++)
        nw += week[w];
    if (nw < SG_TRIAGE_PERSIST_WEEKS)
        return;
    sg_triage_reason *x = add_reason(
        r, "symptoms_persisting", SG_TIER_EVALUATE,
        "Pain has been logged in three or more of the last six weeks: it keeps coming back or "
        "is not settling.",
        src_persist, false);
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], from, today);
        if (p && p->severity > 0)
            add_id(x, es[i].id);
    }
}

static void sort_reasons(sg_triage_result *r)
{
    /* insertion sort: stable, at most SG_TRIAGE_MAX_REASONS items */
    for (size_t i = 1; i < r->n_reasons; i++) {
        sg_triage_reason t = r->reasons[i];
        size_t j = i;
        while (j > 0 && r->reasons[j - 1].tier < t.tier) {
            r->reasons[j] = r->reasons[j - 1];
            j--;
        }
        r->reasons[j] = t;
    }
}

void sg_triage_run(const sg_entry *es, size_t n, const sg_athlete *athlete,
                   const sg_redflag_answers *answers, int today, sg_triage_result *out)
{
    memset(out, 0, sizeof *out);
    sg_redflag_answers none = {0, 0};
    const sg_redflag_answers *ans = answers ? answers : &none;
    if (!es)
        n = 0;
    const int from = today - (SG_TRIAGE_WINDOW_DAYS - 1);

    for (int f = 0; f < SG_RF_COUNT; f++) {
        if (f == SG_RF_AGE_ONSET || !(ans->yes & SG_RF_BIT(f)))
            continue;
        const char *src = flags[f].tier == SG_TIER_EMERGENCY ? src_ces
                          : flags[f].tier == SG_TIER_URGENT  ? src_urgent
                                                             : src_prompt;
        add_reason(out, flags[f].name, flags[f].tier, flags[f].why, src, true);
    }
    rule_age_onset(es, n, athlete, ans, today, out);
    rule_bilateral_from_journal(es, n, today, out);

    rule_rises_in_run(es, n, from, today, out);
    rule_rising_trend(es, n, from, today, out);
    rule_stiffness(es, n, today, out);
    rule_flag(es, n, from, today, out, "pain_radiates",
              "Pain spread away from where it started (for example into the hip or leg).",
              src_radiating, p_radiates);
    rule_flag(es, n, from, today, out, "numbness", "You logged numbness or pins and needles.",
              src_radiating, p_numb);
    rule_flag(es, n, from, today, out, "run_changed_by_pain",
              "Pain made you slow down or cut a run short.", src_runner, p_changed);
    rule_flag(es, n, from, today, out, "severe_pain", "You logged pain of 7 out of 10 or more.",
              src_runner, p_severe);
    rule_persisting(es, n, today, out);

    for (size_t i = 0; i < n; i++)
        if (pain_in(&es[i], from, today))
            out->n_pain_considered++;
    sort_reasons(out);
    out->tier = out->n_reasons ? out->reasons[0].tier : SG_TIER_SELF_CARE;
    out->advice = tier_actions[out->tier];
    out->caveat = caveat;
    out->unanswered = SG_RF_ALL & ~ans->asked & ~ans->yes;
    out->screen_incomplete = out->unanswered != 0;
    out->age_years = age_this_year(athlete, today);
}
