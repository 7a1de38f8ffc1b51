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

#include <math.h>
#include <string.h>

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
static const char src_bsi[] =
    "Warden, Davis & Fredericson 2014 (bone stress injury in runners) (docs/science.md §9.3)";
static const char src_reds[] =
    "IOC consensus on REDs, Mountjoy 2023; Warden 2014 (docs/science.md §9.3)";
static const char src_spine[] =
    "Finucane 2020 international red-flag framework; NICE CKS (docs/science.md §9.3)";
static const char src_neuro[] =
    "NICE CKS sciatica: severe or progressive neurological deficit (docs/science.md §9.3)";
static const char src_neck[] =
    "IFOMPT cervical framework, Rushton 2023 (docs/science.md §9.3)";
static const char src_ibp[] =
    "ASAS inflammatory back pain criteria, Sieper 2009; NICE NG59 (docs/science.md §9.3)";

static const struct {
    sg_tier tier;
    sg_redflag_group group;
    const char *source;
    const char *question;
    const char *why;
} flags[SG_RF_COUNT] = {
    [SG_RF_SADDLE_NUMBNESS] = {SG_TIER_EMERGENCY, SG_RFG_CAUDA_EQUINA, src_ces,
        "Do you have numbness, tingling or altered feeling between your legs, around your "
        "genitals or back passage (the area a saddle touches)?",
        "You reported numbness or altered feeling in the saddle area."},
    [SG_RF_BLADDER_DYSFUNCTION] = {SG_TIER_EMERGENCY, SG_RFG_CAUDA_EQUINA,
        src_ces,
        "Since the pain began, have you had new trouble passing urine, starting the flow, "
        "feeling it, or controlling it?",
        "You reported a new change in bladder function."},
    [SG_RF_BOWEL_DYSFUNCTION] = {SG_TIER_EMERGENCY, SG_RFG_CAUDA_EQUINA,
        src_ces,
        "Since the pain began, have you had new loss of bowel control or of feeling in your "
        "back passage?",
        "You reported a new change in bowel control or sensation."},
    [SG_RF_SEXUAL_DYSFUNCTION] = {SG_TIER_EMERGENCY, SG_RFG_CAUDA_EQUINA,
        src_ces,
        "Since the pain began, have you noticed new problems with sexual function or "
        "genital sensation?",
        "You reported a new change in sexual function or genital sensation."},
    [SG_RF_BILATERAL_LEG_SYMPTOMS] = {SG_TIER_EMERGENCY,
        SG_RFG_CAUDA_EQUINA, src_ces,
        "Together with back pain, do you have pain, numbness, tingling or weakness going down "
        "BOTH legs, or did one-sided leg symptoms spread to the other leg?",
        "Leg symptoms on both sides together with back pain."},
    [SG_RF_PROGRESSIVE_WEAKNESS] = {SG_TIER_EMERGENCY, SG_RFG_CAUDA_EQUINA,
        src_ces,
        "Is there weakness in a leg or foot that is getting worse (tripping, foot slapping, "
        "a changed walk)?",
        "You reported leg weakness that is getting worse."},
    [SG_RF_FEVER] = {SG_TIER_URGENT, SG_RFG_SERIOUS, src_urgent,
        "Do you have a fever, chills or shivering, or feel generally unwell, along with the "
        "back pain?",
        "You reported fever or feeling unwell together with back pain."},
    [SG_RF_IMMUNOSUPPRESSION] = {SG_TIER_URGENT, SG_RFG_SERIOUS, src_urgent,
        "Do you take steroid tablets or drugs that weaken the immune system, inject drugs, or "
        "have you had a recent bacterial infection?",
        "You reported a weakened immune system or a recent infection risk together with back "
        "pain."},
    [SG_RF_MAJOR_TRAUMA] = {SG_TIER_URGENT, SG_RFG_SERIOUS, src_urgent,
        "Did the pain start after a fall, collision or accident (or a minor one if you have "
        "osteoporosis or take steroids)?",
        "You reported that the pain followed an injury such as a fall or collision."},
    [SG_RF_CANCER_HISTORY] = {SG_TIER_PROMPT, SG_RFG_SERIOUS, src_prompt,
        "Have you ever had cancer?",
        "A history of cancer together with new back pain."},
    [SG_RF_UNEXPLAINED_WEIGHT_LOSS] = {SG_TIER_PROMPT, SG_RFG_SERIOUS,
        src_prompt,
        "Have you lost weight recently without trying?",
        "You reported weight loss you cannot explain."},
    [SG_RF_NIGHT_PAIN] = {SG_TIER_PROMPT, SG_RFG_SERIOUS, src_prompt,
        "Is the pain constant at night and not eased by changing position?",
        "You reported constant night pain that does not ease with a change of position."},
    [SG_RF_AGE_ONSET] = {SG_TIER_PROMPT, SG_RFG_SERIOUS, src_prompt,
        "Is this back pain new for you, a first episode? (Guidelines treat new back pain "
        "starting after 50 or before 20 as a reason to be seen.)",
        "New back pain starting after age 50 or before age 20."},
    [SG_RF_HOP_PAIN] = {SG_TIER_URGENT, SG_RFG_BONE_STRESS, src_bsi,
        "Do you have pain in the groin, hip, buttock, pelvis or low back when you put your "
        "weight on one leg, hop on it, or walk, that you did not have before?",
        "Pain on weight bearing or hopping in the groin, hip, buttock or pelvis can come from "
        "a bone stress injury; in runners the hip and pelvis are high-risk sites. Stop running "
        "until a clinician has checked it."},
    [SG_RF_LOW_ENERGY] = {SG_TIER_EVALUATE, SG_RFG_BONE_STRESS,
        src_reds,
        "Have you been told you have low energy availability or RED-S, had an eating disorder, "
        "or are you often eating less than your training needs?",
        "Low energy availability raises the risk of bone stress injury."},
    [SG_RF_MENSTRUAL] = {SG_TIER_EVALUATE, SG_RFG_BONE_STRESS, src_reds,
        "If you have periods: have they stopped for three months or more, or become irregular, "
        "while you have been training? (Answer no if this does not apply to you.)",
        "Missing or irregular periods while training are a sign of low energy availability, "
        "which raises the risk of bone stress injury."},
    [SG_RF_OSTEOPOROSIS_STEROIDS] = {SG_TIER_PROMPT,
        SG_RFG_BONE_STRESS, src_spine,
        "Do you have osteoporosis, or have you taken steroid tablets for three months or more?",
        "Osteoporosis or long-term steroid use makes bone weaker; guidelines ask for back pain "
        "with either to be checked by a doctor."},
    [SG_RF_THORACIC_NONMECH] = {SG_TIER_PROMPT, SG_RFG_SPINE_OTHER,
        src_spine,
        "Is there pain in your upper or middle back (between or below the shoulder blades, "
        "around the ribs) that is there all the time and does not change with movement or "
        "position?",
        "Constant upper or middle back pain that movement and position do not change."},
    [SG_RF_MARKED_WEAKNESS] = {SG_TIER_URGENT, SG_RFG_CAUDA_EQUINA, src_neuro,
        "Is there clear weakness in a leg or foot, even if it is not getting worse: a foot that "
        "slaps or catches, or you cannot stand on your heels or toes on one side?",
        "You reported clear weakness in a leg or foot."},
    [SG_RF_MYELOPATHY] = {SG_TIER_URGENT, SG_RFG_NECK, src_neck,
        "Have you noticed clumsy hands or trouble with fine tasks (buttons, writing), "
        "unsteady walking, or electric shocks down your spine or limbs when you bend your neck?",
        "You reported signs that guidelines ask to have checked for pressure on the spinal cord "
        "in the neck."},
    [SG_RF_CERVICAL_ARTERY] = {SG_TIER_EMERGENCY, SG_RFG_NECK, src_neck,
        "With neck pain or a headache that came on suddenly and is severe or unlike any before: "
        "any dizziness, double vision, slurred speech, trouble swallowing, sudden falls, "
        "numbness of the face, nausea or unsteadiness?",
        "Sudden severe neck pain or headache with dizziness, vision, speech, swallowing or "
        "balance problems."},
    [SG_RF_IBP_ONSET_UNDER_40] = {SG_TIER_EVALUATE, SG_RFG_INFLAMMATORY,
        src_ibp, "Did this back pain first start before you were 40?",
        "Back pain that began before 40."},
    [SG_RF_IBP_INSIDIOUS] = {SG_TIER_EVALUATE, SG_RFG_INFLAMMATORY, src_ibp,
        "Did the back pain come on gradually, without an injury or strain you can name?",
        "Back pain that came on gradually."},
    [SG_RF_IBP_BETTER_EXERCISE] = {SG_TIER_EVALUATE,
        SG_RFG_INFLAMMATORY, src_ibp, "Does the back pain get better when you exercise?",
        "Back pain that improves with exercise."},
    [SG_RF_IBP_NOT_BETTER_REST] = {SG_TIER_EVALUATE,
        SG_RFG_INFLAMMATORY, src_ibp, "Does the back pain stay the same or get worse with rest?",
        "Back pain that does not improve with rest."},
    [SG_RF_IBP_NIGHT] = {SG_TIER_EVALUATE, SG_RFG_INFLAMMATORY, src_ibp,
        "Does the back pain wake you in the second half of the night and ease once you get up?",
        "Back pain at night that eases on getting up."},
};

static const char *const group_names[SG_RFG_COUNT] = {
    "cauda_equina", "serious_pathology", "bone_stress", "spine_other", "neck", "inflammatory"};

static bool is_ibp(int f) { return f >= SG_RF_IBP_ONSET_UNDER_40 && f <= SG_RF_IBP_NIGHT; }

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

const char *sg_redflag_question(sg_redflag f)
{
    return (f >= 0 && f < SG_RF_COUNT) ? flags[f].question : NULL;
}

sg_tier sg_redflag_tier(sg_redflag f)
{
    return (f >= 0 && f < SG_RF_COUNT) ? flags[f].tier : SG_TIER_SELF_CARE;
}

sg_redflag_group sg_redflag_group_of(sg_redflag f)
{
    return (f >= 0 && f < SG_RF_COUNT) ? flags[f].group : SG_RFG_SERIOUS;
}

const char *sg_redflag_group_name(sg_redflag_group g)
{
    return (g >= 0 && g < SG_RFG_COUNT) ? group_names[g] : "unknown";
}

const char *sg_redflag_source(sg_redflag f)
{
    return (f >= 0 && f < SG_RF_COUNT) ? flags[f].source : NULL;
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

/* Back pain for the cauda equina rule: the lumbar spine and pelvis, where the
 * GIRFT pathway's "back pain with bilateral radicular symptoms" arises. */
static bool back_pain(const sg_pain_entry *p)
{
    return p->severity > 0 &&
           (p->region == SG_REGION_THORACOLUMBAR || p->region == SG_REGION_LUMBAR ||
            p->region == SG_REGION_LUMBOSACRAL || p->region == SG_REGION_SACROILIAC);
}

static bool opposite(sg_side a, sg_side b)
{
    return (a == SG_SIDE_LEFT && b == SG_SIDE_RIGHT) || (a == SG_SIDE_RIGHT && b == SG_SIDE_LEFT);
}

static int iabs(int x) { return x < 0 ? -x : x; }

/* Leg symptoms on both sides: one entry for both legs, or a left and a right
 * entry. With back pain logged within SG_TRIAGE_BILATERAL_DAYS of them it is
 * the GIRFT pathway's picture (emergency); without back pain, or spread over
 * more days, it is still worth an evaluation but not an emergency: both feet
 * numb from tight laces is not cauda equina (docs/science.md §9.3). */
static void rule_bilateral_from_journal(const sg_entry *es, size_t n, int today,
                                        sg_triage_result *r)
{
    const int from = today - 6;
    const int win = SG_TRIAGE_BILATERAL_DAYS - 1; /* days apart, inclusive: 72 h */
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], from, today);
        if (!p || !leg_symptom(p))
            continue;
        size_t other = n;
        bool both = p->side == SG_SIDE_BOTH, close = both;
        for (size_t j = 0; j < n; j++) {
            const sg_pain_entry *q = pain_in(&es[j], from, today);
            if (!q || j == i || !leg_symptom(q) || !opposite(p->side, q->side))
                continue;
            if (other == n || iabs(q->day - p->day) < iabs(es[other].u.pain.day - p->day))
                other = j;
        }
        if (!both && other == n)
            continue;
        int lo = p->day, hi = p->day;
        if (other < n) {
            int d = es[other].u.pain.day;
            close = iabs(d - p->day) <= win;
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
        size_t back = n;
        for (size_t k = 0; close && k < n && back == n; k++) {
            const sg_pain_entry *b = pain_in(&es[k], from, today);
            if (b && back_pain(b) && b->day >= hi - win && b->day <= lo + win)
                back = k;
        }
        sg_triage_reason *x;
        if (close && back < n)
            x = add_reason(r, sg_redflag_name(SG_RF_BILATERAL_LEG_SYMPTOMS), SG_TIER_EMERGENCY,
                           "Your journal shows pain or numbness in both legs together with back "
                           "pain within three days.",
                           src_ces, false);
        else
            x = add_reason(r, "bilateral_leg_symptoms_no_back_pain", SG_TIER_EVALUATE,
                           "Your journal shows symptoms in both legs within a week, without back "
                           "pain logged at the same time. Get it checked; if back pain, saddle "
                           "numbness or bladder changes come with it, go to an emergency "
                           "department.",
                           src_ces, false);
        add_id(x, es[i].id);
        if (other < n)
            add_id(x, es[other].id);
        if (back < n)
            add_id(x, es[back].id);
    }
}

/* Risk factors of bone stress injury (energy availability, periods,
 * osteoporosis/steroids) together with pain in the hip, groin, buttock,
 * pelvis or low back logged in the window: be seen within days. */
static void rule_bone_stress(const sg_entry *es, size_t n, const sg_redflag_answers *ans,
                             int from, int today, sg_triage_result *r)
{
    const unsigned risk = SG_RF_BIT(SG_RF_LOW_ENERGY) | SG_RF_BIT(SG_RF_MENSTRUAL) |
                          SG_RF_BIT(SG_RF_OSTEOPOROSIS_STEROIDS);
    if (!(ans->yes & risk))
        return;
    sg_triage_reason *x = NULL;
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], from, today);
        if (!p || p->severity <= 0)
            continue;
        if (p->region != SG_REGION_HIP && p->region != SG_REGION_GROIN &&
            p->region != SG_REGION_BUTTOCK && p->region != SG_REGION_SACROILIAC &&
            p->region != SG_REGION_LUMBOSACRAL && p->region != SG_REGION_LUMBAR)
            continue;
        if (!x)
            x = add_reason(r, "bone_stress_risk_with_pain", SG_TIER_PROMPT,
                           "Pain in the hip, groin, buttock, pelvis or low back together with a "
                           "risk factor for bone stress injury that you reported. Hold off "
                           "running until a doctor has checked it.",
                           src_bsi, true);
        add_id(x, es[i].id);
    }
}

/* ASAS: 4 of the 5 features; only "yes" answers count. */
static void rule_inflammatory(const sg_redflag_answers *ans, sg_triage_result *r)
{
    int yes = 0;
    for (int f = SG_RF_IBP_ONSET_UNDER_40; f <= SG_RF_IBP_NIGHT; f++)
        yes += (ans->yes & SG_RF_BIT(f)) != 0;
    if (yes >= SG_TRIAGE_IBP_MIN)
        add_reason(r, "inflammatory_back_pain_features", SG_TIER_EVALUATE,
                   "Your answers match at least four of the five features of inflammatory back "
                   "pain (ASAS criteria). Ask a doctor whether a rheumatology assessment is "
                   "needed; this is a reason to be examined, not a diagnosis.",
                   src_ibp, true);
}

/* "Not sure" is one tier below a yes, and never below an evaluation. */
static sg_tier unsure_tier(sg_tier t)
{
    return t > SG_TIER_EVALUATE ? (sg_tier)(t - 1) : SG_TIER_EVALUATE;
}

static void rule_answers(const sg_redflag_answers *ans, sg_triage_result *r)
{
    for (int f = 0; f < SG_RF_COUNT; f++) {
        if (f == SG_RF_AGE_ONSET || is_ibp(f))
            continue;
        if (ans->yes & SG_RF_BIT(f))
            add_reason(r, sg_redflag_name(f), flags[f].tier, flags[f].why, flags[f].source, true);
        else if (ans->unsure & SG_RF_BIT(f))
            add_reason(r, sg_redflag_name(f), unsure_tier(flags[f].tier),
                       "You were not sure how to answer a warning-sign question (see the "
                       "question). When unsure, have it checked.",
                       flags[f].source, true);
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
    if ((ans->yes | ans->unsure) & bit) {
        if (age < 0 || age_outside(age))
            add_reason(r, sg_redflag_name(SG_RF_AGE_ONSET), SG_TIER_PROMPT,
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
        r, sg_redflag_name(SG_RF_AGE_ONSET), SG_TIER_PROMPT,
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
    /* one entry that says so is enough */
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], from, today);
        if (p && p->worse_during && p->severity > 0)
            add_id(add_reason(r, "pain_rises_in_run", SG_TIER_EVALUATE,
                              "Pain was worse later in a run, after it, or the next morning "
                              "than earlier in the same run.",
                              src_runner, false),
                   es[i].id);
    }
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
    /* stiffness the runner says did not ease with movement is the seeds' sign
     * itself ("stiffness that never loosens"): one entry is enough */
    bool never_eased = false;
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], from, today);
        never_eased |= p && p->eases == 0 && (p->stiffness_min > 0 || p->severity > 0);
    }
    if (ndays < SG_TRIAGE_STIFF_DAYS && !never_eased)
        return;
    sg_triage_reason *x = add_reason(
        r, "stiffness_not_loosening", SG_TIER_EVALUATE,
        ndays >= SG_TRIAGE_STIFF_DAYS
            ? "Morning stiffness of 30 minutes or more on three or more days in the last two "
              "weeks."
            : "Stiffness or pain that did not ease with movement.",
        src_runner, false);
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], from, today);
        if (p && (p->stiffness_min >= SG_TRIAGE_STIFF_MIN ||
                  (p->eases == 0 && (p->stiffness_min > 0 || p->severity > 0))))
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

/* Orders the reasons and sets the tier and its advice. */
static void finish(sg_triage_result *r)
{
    sort_reasons(r);
    r->tier = r->n_reasons ? r->reasons[0].tier : SG_TIER_SELF_CARE;
    r->advice = tier_actions[r->tier];
}

/* Median of v[0..n) (sorted in place; n <= a few hundred). */
static double median_sort(double *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double t = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > t; j--)
            v[j] = v[j - 1];
        v[j] = t;
    }
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Pace on near-flat ground of one run, s/km; NaN when it has too little. */
static double flat_pace(const sg_run_fact *r)
{
    if (!(r->flat_distance_m >= SG_TRIAGE_PACE_MIN_FLAT_M) || !(r->flat_time_s > 0))
        return NAN;
    return r->flat_time_s / r->flat_distance_m * 1000.0;
}

/* Distance of the last 7 days against the weekly mean of the weeks before. */
static bool distance_drop(const sg_run_fact *runs, size_t nr, int today, sg_triage_result *out)
{
    double last7 = 0, base[SG_TRIAGE_DROP_BASE_WEEKS] = {0};
    for (size_t i = 0; i < nr; i++) {
        const double d = runs[i].distance_m;
        const int ago = today - runs[i].day; /* 0 = today */
        if (!(d > 0) || ago < 0)
            continue;
        if (ago < 7)
            last7 += d;
        else if (ago < 7 * (SG_TRIAGE_DROP_BASE_WEEKS + 1))
            base[ago / 7 - 1] += d;
    }
    double sum = 0;
    int weeks_run = 0;
    for (int w = 0; w < SG_TRIAGE_DROP_BASE_WEEKS; w++) {
        sum += base[w];
        weeks_run += base[w] > 0;
    }
    const double mean_km = sum / SG_TRIAGE_DROP_BASE_WEEKS / 1000.0, last_km = last7 / 1000.0;
    if (weeks_run < 3 || mean_km < SG_TRIAGE_DROP_MIN_KM)
        return false;
    const double pct = 100.0 * (1.0 - last_km / mean_km);
    if (pct < SG_TRIAGE_DROP_PCT)
        return false;
    out->has_drop = true;
    out->drop_last7_km = last_km;
    out->drop_base_km = mean_km;
    out->drop_pct = pct;
    return true;
}

/* Pace on near-flat ground of the last 7 days against the runner's own runs
 * of the 4 weeks before, with a noise test (docs/science.md §9). */
#define PACE_MAX_RUNS 256
static bool pace_drop(const sg_run_fact *runs, size_t nr, int today, sg_triage_result *out)
{
    double base[PACE_MAX_RUNS], dev[PACE_MAX_RUNS];
    size_t nb = 0;
    int k = 0;
    double t7 = 0, d7 = 0;
    for (size_t i = 0; i < nr; i++) {
        const double p = flat_pace(&runs[i]);
        const int ago = today - runs[i].day;
        if (!isfinite(p) || ago < 0)
            continue;
        if (ago < 7) {
            t7 += runs[i].flat_time_s;
            d7 += runs[i].flat_distance_m;
            k++;
        } else if (ago < 7 * (SG_TRIAGE_DROP_BASE_WEEKS + 1) && nb < PACE_MAX_RUNS) {
            base[nb++] = p;
        }
    }
    if (k == 0 || nb < SG_TRIAGE_PACE_BASE_RUNS)
        return false;
    const double med = median_sort(base, nb);
    for (size_t i = 0; i < nb; i++)
        dev[i] = fabs(base[i] - med);
    /* robust run-to-run spread (1.4826 MAD), as a % of the median; the
     * comparison's standard error for k recent runs against nb before */
    const double spread_pct = 1.4826 * median_sort(dev, nb) / med * 100.0;
    const double se_pct = spread_pct * sqrt(1.0 / k + 1.0 / (double)nb);
    const double last = t7 / d7 * 1000.0;
    const double slower = (last / med - 1.0) * 100.0;
    if (slower < SG_TRIAGE_PACE_SLOWER_PCT || slower <= SG_TRIAGE_PACE_NOISE_K * se_pct)
        return false;
    out->has_pace_drop = true;
    out->pace_last7_s_per_km = last;
    out->pace_base_s_per_km = med;
    out->pace_slower_pct = slower;
    out->pace_noise_pct = se_pct;
    out->pace_runs_last7 = k;
    out->pace_runs_base = (int)nb;
    return true;
}

void sg_triage_training_drop(const sg_entry *es, size_t n, const sg_run_fact *runs, size_t nr,
                             int today, sg_triage_result *out)
{
    if (!es || !runs)
        return;
    const int pain_from = today - (SG_TRIAGE_DROP_PAIN_DAYS - 1);
    unsigned regions = 0;
    for (size_t i = 0; i < n; i++) {
        const sg_pain_entry *p = pain_in(&es[i], pain_from, today);
        if (p && p->severity > 0 && (unsigned)p->region < SG_REGION_COUNT)
            regions |= 1u << p->region;
    }
    if (!regions)
        return;
    sg_triage_reason *x[2] = {NULL, NULL};
    if (distance_drop(runs, nr, today, out))
        x[0] = add_reason(
            out, "training_dropped_with_pain", SG_TIER_EVALUATE,
            "Your running distance dropped while you were logging pain (the numbers are shown "
            "with this reason). If the drop is a planned rest or taper, say so to the clinician; "
            "if pain made you run less, get it checked.",
            src_runner, false);
    if (pace_drop(runs, nr, today, out))
        x[1] = add_reason(
            out, "pace_dropped_with_pain", SG_TIER_EVALUATE,
            "Your pace on flat ground slowed beyond your usual run-to-run spread while you were "
            "logging pain (the numbers are shown with this reason). If you chose to run easier, "
            "say so to the clinician; if pain slowed you down, get it checked.",
            src_runner, false);
    if (!x[0] && !x[1])
        return;
    for (int j = 0; j < 2; j++)
        for (size_t i = 0; x[j] && i < n; i++) {
            const sg_pain_entry *p = pain_in(&es[i], pain_from, today);
            if (p && p->severity > 0)
                add_id(x[j], es[i].id);
        }
    out->drop_pain_regions = regions;
    finish(out);
}

void sg_triage_run(const sg_entry *es, size_t n, const sg_athlete *athlete,
                   const sg_redflag_answers *answers, int today, sg_triage_result *out)
{
    memset(out, 0, sizeof *out);
    sg_redflag_answers none = {0, 0, 0};
    const sg_redflag_answers *ans = answers ? answers : &none;
    if (!es)
        n = 0;
    const int from = today - (SG_TRIAGE_WINDOW_DAYS - 1);

    rule_answers(ans, out);
    rule_age_onset(es, n, athlete, ans, today, out);
    rule_bilateral_from_journal(es, n, today, out);
    rule_bone_stress(es, n, ans, from, today, out);
    rule_inflammatory(ans, out);

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
    finish(out);
    out->caveat = caveat;
    out->unanswered = SG_RF_ALL & ~ans->asked & ~ans->yes & ~ans->unsure;
    out->screen_incomplete = out->unanswered != 0;
    out->age_years = age_this_year(athlete, today);
}

/* ---- stored answers ---- */

static const char *const stale_names[] = {"fresh", "none", "expired", "new_pain"};

const char *sg_screen_stale_name(sg_screen_stale s)
{
    return (s >= 0 && s <= SG_SCREEN_NEW_PAIN) ? stale_names[s] : "none";
}

sg_redflag_answers sg_redflag_answers_merge(const sg_redflag_answers *stored,
                                            const sg_redflag_answers *now)
{
    sg_redflag_answers r = {0, 0, 0};
    if (stored)
        r = *stored;
    if (!now)
        return r;
    const unsigned given = (now->asked | now->yes | now->unsure) & SG_RF_ALL;
    r.yes = (r.yes & ~given) | (now->yes & given);
    r.unsure = (r.unsure & ~given) | (now->unsure & ~now->yes & given);
    r.asked = (r.asked & ~given) | given;
    return r;
}

/* Newer: a later day, or the same day and a later entry. */
static bool screen_newer(const sg_entry *a, const sg_entry *b)
{
    return a->u.screen.day != b->u.screen.day ? a->u.screen.day > b->u.screen.day : a->id > b->id;
}

void sg_screen_from_journal(const sg_entry *es, size_t n, int today, sg_screen_state *out)
{
    memset(out, 0, sizeof *out);
    out->last_day = SG_JOURNAL_NO_DAY;
    out->stale = SG_SCREEN_NONE;
    const int from = today - (SG_TRIAGE_SCREEN_VALID_DAYS - 1);
    long long last_pain = 0;
    const sg_entry *newest = NULL;
    for (size_t i = 0; i < n; i++) {
        const sg_entry *e = &es[i];
        if (e->kind == SG_ENTRY_PAIN && e->u.pain.day <= today && e->u.pain.severity > 0 &&
            e->id > last_pain)
            last_pain = e->id;
        if (e->kind == SG_ENTRY_SCREEN && e->u.screen.day <= today &&
            (!newest || screen_newer(e, newest)))
            newest = e;
    }
    if (!newest)
        return;
    out->last_day = newest->u.screen.day;
    out->last_id = newest->id;
    out->stale = newest->u.screen.day < from ? SG_SCREEN_EXPIRED
                 : last_pain > newest->id      ? SG_SCREEN_NEW_PAIN
                                               : SG_SCREEN_FRESH;
    /* per question, the newest answer that still counts; `seen` marks the
     * questions whose newest stored answer has been decided */
    unsigned seen = 0;
    for (;;) {
        const sg_entry *best = NULL;
        for (size_t i = 0; i < n; i++) {
            const sg_entry *e = &es[i];
            if (e->kind != SG_ENTRY_SCREEN || e->u.screen.day > today)
                continue;
            unsigned m = (e->u.screen.yes | e->u.screen.no | e->u.screen.unsure) & ~seen;
            if (m && (!best || screen_newer(e, best)))
                best = e;
        }
        if (!best)
            break;
        const sg_screen_entry *q = &best->u.screen;
        const unsigned m = (q->yes | q->no | q->unsure) & ~seen & SG_RF_ALL;
        seen |= m;
        if (q->day < from) {
            out->set_aside |= m;
            continue;
        }
        out->answers.yes |= q->yes & m;
        out->answers.unsure |= q->unsure & m;
        if (best->id < last_pain)
            out->set_aside |= q->no & m; /* asked again after new pain */
        else
            out->answers.asked |= (q->yes | q->no | q->unsure) & m;
        out->answers.asked |= (q->yes | q->unsure) & m;
    }
}
