/* The weekly prehab plan (include/strideguard/prehab.h).
 *
 * Placement [D] (docs/science.md §10): 2-3 strength sessions, never on the
 * day before a long run, hard run or race, never on race day or the day
 * after, not on a long-run day, not in the 3 days before a race in a taper,
 * never on consecutive days; rest days are preferred, then easy-run days, then
 * hard-run days (after the run: hard days stay hard, easy days stay easy).
 * Short hip-mobility every day. Taper weeks: at most 2 sessions with the
 * exercises' taper sets. Findings bias the content: descent-heavy block ->
 * eccentric work; asymmetry -> single-leg work with an extra set on the side
 * assumed weaker; late-run form breakdown -> trunk endurance holds.
 *
 * The plan listens (docs/science.md §10 "The plan listens"): the triage tier
 * holds everything (emergency, urgent) or regresses everything (evaluate,
 * prompt); "skip while" rules leave exercises out during matching pain; the
 * weekly review of the pain-monitoring model (Silbernagel 2007) moves items
 * along their progressions or to their regression. */
#include "strideguard/prehab.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define NO_DAY SG_JOURNAL_NO_DAY

void sg_plan_request_init(sg_plan_request *r, int week_start, const sg_athlete *profile)
{
    memset(r, 0, sizeof *r);
    r->week_start = week_start;
    r->race_day = NO_DAY;
    r->balance_left_pct = NAN;
    r->balance_baseline_pct = NAN;
    r->today = week_start;
    r->tier = SG_TIER_SELF_CARE;
    r->profile = profile;
}

const char *sg_plan_review_name(sg_plan_review r)
{
    switch (r) {
    case SG_REVIEW_NONE: return "none";
    case SG_REVIEW_PROGRESS: return "progress";
    case SG_REVIEW_HOLD: return "hold";
    case SG_REVIEW_REGRESS: return "regress";
    case SG_REVIEW_CLINICIAN: return "regress_until_seen";
    case SG_REVIEW_ON_HOLD: return "on_hold";
    }
    return "none";
}

/* Slack so that a balance of exactly 52.2 % is inside the band although
 * 52.2 - 50 is 2.2000000000000028 in binary. */
#define ASYM_EPS 1e-9

sg_side sg_plan_weaker_side(double bl, double base)
{
    if (!isfinite(bl))
        return SG_SIDE_UNKNOWN;
    /* more contact time on the left -> the right is the side being spared */
    if (fabs(bl - 50.0) > SG_PLAN_ASYM_RED_PP + ASYM_EPS)
        return bl > 50.0 ? SG_SIDE_RIGHT : SG_SIDE_LEFT;
    if (isfinite(base) && fabs(bl - base) >= SG_PLAN_ASYM_CHANGE_PP - ASYM_EPS)
        return bl > base ? SG_SIDE_RIGHT : SG_SIDE_LEFT;
    return SG_SIDE_UNKNOWN;
}

static int race_day_of(const sg_plan_request *req)
{
    if (req->race_day != NO_DAY)
        return req->race_day;
    for (size_t i = 0; req->runs && i < req->n_runs; i++)
        if (req->runs[i].kind == SG_RUN_RACE)
            return req->runs[i].day;
    if (req->profile && isfinite(req->profile->race_date))
        return (int)floor(req->profile->race_date / 86400.0);
    return NO_DAY;
}

static sg_run_kind hardest_run_on(const sg_plan_request *req, int day)
{
    sg_run_kind k = SG_RUN_NONE;
    for (size_t i = 0; req->runs && i < req->n_runs; i++)
        if (req->runs[i].day == day && req->runs[i].kind > k)
            k = req->runs[i].kind;
    return k;
}

unsigned sg_plan_blocked_days(const sg_plan_request *req)
{
    unsigned mask = 0;
    const int race = race_day_of(req);
    for (int i = 0; i < 7; i++) {
        const int d = req->week_start + i;
        const sg_run_kind today = hardest_run_on(req, d);
        const sg_run_kind tomorrow = hardest_run_on(req, d + 1);
        bool blocked = today == SG_RUN_LONG || today == SG_RUN_RACE || tomorrow == SG_RUN_LONG ||
                       tomorrow == SG_RUN_HARD || tomorrow == SG_RUN_RACE;
        if (race != NO_DAY) {
            blocked |= d >= race - 1 && d <= race + 1;
            blocked |= req->taper && d >= race - 3 && d <= race;
        }
        if (blocked)
            mask |= 1u << i;
    }
    return mask;
}

/* ---- choosing days ---- */

static int day_score(const sg_plan_request *req, int i)
{
    switch (hardest_run_on(req, req->week_start + i)) {
    case SG_RUN_NONE: return 3;
    case SG_RUN_EASY: return 2;
    default: return 1;
    }
}

static unsigned choose_days(const sg_plan_request *req, unsigned blocked, int k)
{
    unsigned best = 0;
    int best_score = -1;
    for (unsigned m = 1; m < 128; m++) {
        if ((m & blocked) || __builtin_popcount(m) != k || (m & (m >> 1)))
            continue; /* blocked, wrong count, or two days in a row */
        int score = 0, prev = -10, min_gap = 7;
        for (int i = 0; i < 7; i++)
            if (m & (1u << i)) {
                score += 10 * day_score(req, i);
                if (prev >= 0 && i - prev < min_gap)
                    min_gap = i - prev;
                prev = i;
            }
        score += min_gap; /* spread the sessions */
        if (score > best_score) {
            best_score = score;
            best = m;
        }
    }
    return best;
}

/* ---- choosing exercises ---- */

typedef struct picker {
    const sg_prehab_lib *lib;
    bool taper;
    bool skip[SG_PREHAB_MAX_EXERCISES];   /* left out by a "skip while" rule */
} picker;

/* The rot-th exercise (cyclically) of a category that has all `need` tags,
 * preferring those with all `prefer` tags; skips those already in the
 * session. Relaxes `need` when nothing matches. */
static const sg_exercise *pick(const picker *p, sg_ex_category cat, unsigned need, unsigned prefer,
                               int rot, const sg_plan_session *s)
{
    for (int pass = 0; pass < 3; pass++) {
        unsigned want = pass == 0 ? need | prefer : pass == 1 ? need : 0;
        size_t count = 0;
        for (size_t i = 0; i < p->lib->n; i++) {
            const sg_exercise *e = &p->lib->ex[i];
            bool used = false;
            for (size_t j = 0; j < s->n_items; j++)
                used |= s->items[j].ex == e;
            if (e->category == cat && (e->tags & want) == want && !used && !p->skip[i])
                count++;
        }
        if (!count)
            continue;
        size_t target = (size_t)rot % count;
        for (size_t i = 0; i < p->lib->n; i++) {
            const sg_exercise *e = &p->lib->ex[i];
            bool used = false;
            for (size_t j = 0; j < s->n_items; j++)
                used |= s->items[j].ex == e;
            if (e->category == cat && (e->tags & want) == want && !used && !p->skip[i] &&
                target-- == 0)
                return e;
        }
    }
    return NULL;
}

static void add_item(sg_plan_session *s, const sg_exercise *e, bool taper, sg_side bias,
                     const char *why)
{
    if (!e || s->n_items >= SG_PLAN_MAX_ITEMS)
        return;
    sg_plan_item *it = &s->items[s->n_items++];
    it->ex = e;
    it->sets = taper ? e->taper_sets : e->sets;
    it->bias = (e->tags & SG_TAG_UNILATERAL) ? bias : SG_SIDE_UNKNOWN;
    it->why = why;
    /* time scales with sets; an extra set on one side adds half a set */
    int m = (e->minutes * it->sets + e->sets - 1) / e->sets;
    if (it->bias != SG_SIDE_UNKNOWN)
        m += (e->minutes + 2 * e->sets - 1) / (2 * e->sets);
    s->minutes += m > 0 ? m : 1;
}

static void add_note(sg_plan *p, const char *n)
{
    if (p->n_notes < SG_PLAN_MAX_NOTES)
        p->notes[p->n_notes++] = n;
}

/* ---- adherence ---- */

static const sg_exercise *find_ex(const sg_prehab_lib *lib, const char *id)
{
    for (size_t i = 0; i < lib->n; i++)
        if (strncmp(lib->ex[i].id, id, SG_JOURNAL_EXERCISE_MAX) == 0)
            return &lib->ex[i];
    return NULL;
}

static int days_with(const sg_plan_request *req, const sg_prehab_lib *lib, int from, sg_ex_kind k,
                     int *entries)
{
    unsigned mask = 0;
    for (size_t i = 0; req->log && i < req->n_log; i++) {
        const sg_entry *e = &req->log[i];
        if (e->kind != SG_ENTRY_PREHAB)
            continue;
        int off = e->u.prehab.day - from;
        if (off < 0 || off > 6)
            continue;
        if (entries)
            (*entries)++;
        const sg_exercise *x = find_ex(lib, e->u.prehab.exercise);
        if (x && x->kind == k)
            mask |= 1u << off;
    }
    return __builtin_popcount(mask);
}

/* Days of [from, from + 6] on which exercise `id` was logged. */
static int ex_days(const sg_plan_request *req, const char *id, int from)
{
    unsigned mask = 0;
    for (size_t i = 0; req->log && i < req->n_log; i++) {
        const sg_entry *e = &req->log[i];
        int off = e->u.prehab.day - from;
        if (e->kind == SG_ENTRY_PREHAB && off >= 0 && off <= 6 &&
            strncmp(e->u.prehab.exercise, id, SG_JOURNAL_EXERCISE_MAX) == 0)
            mask |= 1u << off;
    }
    return __builtin_popcount(mask);
}

/* ---- pain: "skip while" and the weekly review ---- */

static int today_of(const sg_plan_request *req)
{
    return req->today == NO_DAY ? req->week_start : req->today;
}

static bool side_matches(sg_side rule, sg_side pain)
{
    return rule == SG_SIDE_UNKNOWN || pain == rule || pain == SG_SIDE_BOTH ||
           pain == SG_SIDE_UNKNOWN;
}

/* Is pain entry i ended by a later 0/10 entry of its region and side? */
static bool pain_ended(const sg_plan_request *req, size_t i, int today)
{
    const sg_pain_entry *p = &req->log[i].u.pain;
    for (size_t j = 0; j < req->n_log; j++) {
        const sg_entry *e = &req->log[j];
        if (e->kind != SG_ENTRY_PAIN || e->u.pain.severity != 0 || e->u.pain.day > today ||
            e->u.pain.region != p->region)
            continue;
        const sg_side s = e->u.pain.side;
        if (s != p->side && s != SG_SIDE_BOTH && s != SG_SIDE_UNKNOWN)
            continue;
        if (e->u.pain.day > p->day || (e->u.pain.day == p->day && j > i))
            return true;
    }
    return false;
}

/* Marks the exercises whose skip_while rules match pain logged in the
 * window up to today, and lists them in p->skipped. */
static void find_skips(const sg_plan_request *req, const sg_prehab_lib *lib, picker *pk,
                       sg_plan *p)
{
    const int today = today_of(req);
    for (size_t x = 0; x < lib->n && x < SG_PREHAB_MAX_EXERCISES; x++) {
        const sg_exercise *ex = &lib->ex[x];
        for (size_t r = 0; r < ex->n_skip_while && !pk->skip[x]; r++) {
            const sg_skip_rule *rule = &ex->skip_while[r];
            size_t hit = SIZE_MAX;
            for (size_t i = 0; req->log && i < req->n_log; i++) {
                const sg_entry *e = &req->log[i];
                if (e->kind != SG_ENTRY_PAIN || e->u.pain.severity < 1 ||
                    e->u.pain.day > today || e->u.pain.day <= today - SG_PLAN_PAIN_WINDOW_DAYS ||
                    e->u.pain.region != rule->region || !side_matches(rule->side, e->u.pain.side) ||
                    pain_ended(req, i, today))
                    continue;
                if (hit == SIZE_MAX || e->u.pain.day >= req->log[hit].u.pain.day)
                    hit = i;
            }
            if (hit == SIZE_MAX)
                continue;
            pk->skip[x] = true;
            if (p->n_skipped < SG_PLAN_MAX_SKIPPED) {
                sg_plan_skip *s = &p->skipped[p->n_skipped++];
                s->ex = ex;
                s->rule = *rule;
                s->pain_day = req->log[hit].u.pain.day;
                s->pain_side = req->log[hit].u.pain.side;
                s->pain_severity = req->log[hit].u.pain.severity;
            }
        }
    }
}

/* Worst pain (any timing) and worst next-morning pain logged on days
 * [from, to] up to today; -1 when none. */
static void pain_max(const sg_plan_request *req, int from, int to, int *any, int *morning)
{
    const int today = today_of(req);
    *any = *morning = -1;
    for (size_t i = 0; req->log && i < req->n_log; i++) {
        const sg_entry *e = &req->log[i];
        if (e->kind != SG_ENTRY_PAIN || e->u.pain.day < from || e->u.pain.day > to ||
            e->u.pain.day > today)
            continue;
        if (e->u.pain.severity > *any)
            *any = e->u.pain.severity;
        if (e->u.pain.timing == SG_TIMING_NEXT_MORNING && e->u.pain.severity > *morning)
            *morning = e->u.pain.severity;
    }
}

/* Review block b: prehab on [ws - 7(b+1), ws - 7b - 1]; its pain on the same
 * days and the morning after the last one. */
static int block_from(const sg_plan_request *req, int b) { return req->week_start - 7 * (b + 1); }

/* Block b was adherent, its pain acceptable, and next-morning pain did not
 * rise from the block before it. */
static bool block_ok(const sg_plan_request *req, const sg_prehab_lib *lib, int b)
{
    const int from = block_from(req, b);
    int any, morning, any1, morning1;
    pain_max(req, from, from + 7, &any, &morning);
    pain_max(req, from - 7, from, &any1, &morning1);
    return days_with(req, lib, from, SG_EX_STRENGTH, NULL) >= SG_PLAN_ADHERENT_DAYS &&
           any <= SG_PLAN_PAIN_MAX && !(morning >= 0 && morning1 >= 0 && morning > morning1);
}

static int progression_level(const sg_plan_request *req, const sg_prehab_lib *lib,
                             const sg_exercise *ex)
{
    int level = 0;
    for (int b = 0; b < (int)ex->n_progressions; b++) {
        if (!block_ok(req, lib, b) || ex_days(req, ex->id, block_from(req, b)) < SG_PLAN_EX_DAYS)
            break;
        level++;
    }
    return level;
}

static void review(const sg_plan_request *req, const sg_prehab_lib *lib, sg_plan *p)
{
    int prev_any;
    p->review_from = block_from(req, 0);
    p->review_to = req->week_start;
    pain_max(req, p->review_from, p->review_to, &p->review_pain_max, &p->review_morning_max);
    pain_max(req, p->review_from - 7, p->review_from, &prev_any, &p->prev_morning_max);
    if (req->tier >= SG_TIER_URGENT)
        p->review = SG_REVIEW_ON_HOLD;
    else if (req->tier >= SG_TIER_EVALUATE)
        p->review = SG_REVIEW_CLINICIAN;
    else if (p->review_pain_max > SG_PLAN_PAIN_MAX)
        p->review = SG_REVIEW_REGRESS;
    else if (days_with(req, lib, p->review_from, SG_EX_STRENGTH, NULL) < SG_PLAN_ADHERENT_DAYS)
        p->review = SG_REVIEW_NONE;
    else if (p->review_morning_max >= 0 && p->prev_morning_max >= 0 &&
             p->review_morning_max > p->prev_morning_max)
        p->review = SG_REVIEW_HOLD;
    else
        p->review = SG_REVIEW_PROGRESS;
}

static void apply_steps(const sg_plan_request *req, const sg_prehab_lib *lib, sg_plan *p)
{
    for (size_t i = 0; i < p->n_sessions; i++)
        for (size_t k = 0; k < p->sessions[i].n_items; k++) {
            sg_plan_item *it = &p->sessions[i].items[k];
            it->step = 0;
            it->variant = NULL;
            if (p->review == SG_REVIEW_REGRESS || p->review == SG_REVIEW_CLINICIAN) {
                it->step = -1;
                it->variant = it->ex->regressions[0];
            } else if (p->review == SG_REVIEW_PROGRESS) {
                int lv = progression_level(req, lib, it->ex);
                if (lv > 0) {
                    it->step = lv;
                    it->variant = it->ex->progressions[lv - 1];
                }
            }
        }
}

static bool logged_before(const sg_plan_request *req, int day)
{
    for (size_t i = 0; req->log && i < req->n_log; i++)
        if (req->log[i].kind == SG_ENTRY_PREHAB && req->log[i].u.prehab.day < day)
            return true;
    return false;
}

/* ---- the walk-run return to running ---- */

/* 30-minute sessions from 1 min running in 5 to 30 min continuous [D],
 * frequency and duration before intensity (Warden, Edwards & Willy 2021) */
static const sg_rtr_stage rtr_stages[SG_RTR_N_STAGES] = {
    {1, 4, 6}, {2, 3, 6}, {3, 2, 6}, {4, 1, 6}, {9, 1, 3}, {14, 1, 2}, {30, 0, 1},
};

const sg_rtr_stage *sg_rtr_stage_of(int stage)
{
    return stage >= 1 && stage <= SG_RTR_N_STAGES ? &rtr_stages[stage - 1] : NULL;
}

const char *sg_rtr_reason_name(sg_rtr_reason r)
{
    switch (r) {
    case SG_RTR_BREAK: return "break";
    case SG_RTR_PAIN_SETTLING: return "pain_settling";
    case SG_RTR_NONE: break;
    }
    return "none";
}

const char *sg_rtr_decision_name(sg_rtr_decision d)
{
    switch (d) {
    case SG_RTR_REPEAT: return "repeat";
    case SG_RTR_ADVANCE: return "advance";
    case SG_RTR_STEP_BACK: return "step_back";
    case SG_RTR_WAIT: return "wait";
    case SG_RTR_FIRST: break;
    }
    return "first";
}

/* Worst pain (any region) logged on day d, or next morning on d + 1; -1 none. */
static int session_pain(const sg_entry *log, size_t n, int d)
{
    int m = -1;
    for (size_t i = 0; log && i < n; i++) {
        if (log[i].kind != SG_ENTRY_PAIN)
            continue;
        const sg_pain_entry *p = &log[i].u.pain;
        if ((p->day == d && p->timing != SG_TIMING_NEXT_MORNING) ||
            (p->day == d + 1 && p->timing == SG_TIMING_NEXT_MORNING))
            m = p->severity > m ? p->severity : m;
    }
    return m;
}

/* Days with a session (an on-foot activity of >= SG_RTR_MIN_SESSION_MIN),
 * sorted, distinct, up to today; at most cap. */
static size_t session_days(const sg_plan_past_run *runs, size_t n, int today, int *days,
                           size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; runs && i < n; i++) {
        const double m = runs[i].moving_min;
        if (runs[i].day > today || (isfinite(m) && m < SG_RTR_MIN_SESSION_MIN))
            continue;
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = days[j] == runs[i].day;
        if (seen)
            continue;
        if (k == cap) {
            /* keep the latest: drop the earliest */
            size_t lo = 0;
            for (size_t j = 1; j < k; j++)
                lo = days[j] < days[lo] ? j : lo;
            if (days[lo] > runs[i].day)
                continue;
            days[lo] = days[--k];
        }
        days[k++] = runs[i].day;
    }
    for (size_t i = 1; i < k; i++) {
        int t = days[i];
        size_t j = i;
        for (; j > 0 && days[j - 1] > t; j--)
            days[j] = days[j - 1];
        days[j] = t;
    }
    return k;
}

#define RTR_MAX_SESSIONS 512

void sg_plan_return_to_run(const sg_plan_past_run *runs, size_t n_runs, const sg_entry *log,
                           size_t n_log, sg_tier tier, int today, sg_plan_rtr *out)
{
    memset(out, 0, sizeof *out);
    out->last_day = NO_DAY;
    out->last_pain_max = -1;
    if (tier >= SG_TIER_PROMPT)
        return; /* get seen first */
    int days[RTR_MAX_SESSIONS];
    const size_t nd = session_days(runs, n_runs, today, days, RTR_MAX_SESSIONS);
    if (!nd)
        return; /* no history: nothing to say a break from */

    /* a break: no session in SG_RTR_BREAK_DAYS before the first one after it,
     * or none since (then the return starts with the next session) */
    int start = NO_DAY;
    sg_rtr_reason reason = SG_RTR_NONE;
    if (today - days[nd - 1] >= SG_RTR_BREAK_DAYS) {
        start = today;
        reason = SG_RTR_BREAK;
    } else {
        for (size_t i = nd - 1; i > 0; i--)
            if (days[i] - days[i - 1] >= SG_RTR_BREAK_DAYS) {
                start = days[i];
                reason = SG_RTR_BREAK;
                break;
            }
    }
    /* tier evaluate with pain settling: pain above the criterion in the last
     * 28 days, none above it in the last 3; sessions count from the day after
     * the last such entry */
    if (reason == SG_RTR_NONE && tier == SG_TIER_EVALUATE) {
        int last_high = NO_DAY;
        bool recent_high = false;
        for (size_t i = 0; log && i < n_log; i++) {
            if (log[i].kind != SG_ENTRY_PAIN || log[i].u.pain.day > today ||
                log[i].u.pain.day <= today - SG_RTR_PAIN_LOOKBACK_DAYS ||
                log[i].u.pain.severity <= SG_RTR_PAIN_MAX)
                continue;
            const int d = log[i].u.pain.day;
            if (last_high == NO_DAY || d > last_high)
                last_high = d;
            recent_high |= d > today - SG_RTR_SETTLING_DAYS;
        }
        if (last_high != NO_DAY && !recent_high) {
            start = last_high + 1;
            reason = SG_RTR_PAIN_SETTLING;
        }
    }
    if (reason == SG_RTR_NONE)
        return;

    int stage = 1, at = 0, total = 0;
    sg_rtr_decision dec = SG_RTR_FIRST;
    int last_day = NO_DAY, last_pain = -1;
    for (size_t i = 0; i < nd; i++) {
        const int d = days[i];
        if (d < start)
            continue;
        last_day = d;
        last_pain = session_pain(log, n_log, d);
        total++;
        if (d >= today) { /* its next morning is still to come */
            dec = SG_RTR_WAIT;
            break;
        }
        if (last_pain > SG_RTR_PAIN_MAX) {
            stage = stage > 1 ? stage - 1 : 1;
            at = 0;
            dec = SG_RTR_STEP_BACK;
        } else if (++at >= SG_RTR_SESSIONS) {
            if (stage == SG_RTR_N_STAGES)
                return; /* the last stage passed: back to usual running */
            stage++;
            at = 0;
            dec = SG_RTR_ADVANCE;
        } else {
            dec = SG_RTR_REPEAT;
        }
    }
    out->reason = reason;
    out->start_day = start;
    out->stage = stage;
    out->sessions_at_stage = at;
    out->sessions_total = total;
    out->decision = dec;
    out->last_day = last_day;
    out->last_pain_max = last_pain;
}

/* ---- the plan ---- */

static const char note_rtr[] =
    "Return to running: run-walk sessions on days apart, easy effort; move to the next stage "
    "only after 2 sessions with pain at most 2/10 during, after and the next morning; pain "
    "above that means one stage back (docs/science.md §10).";
static const char note_placement[] =
    "Strength is never placed on race day or the day after, on a long-run day, or on the day "
    "before a long run, hard run or race; mobility is short and daily.";
static const char note_taper[] =
    "Taper week: at most two lighter strength sessions (fewer sets), none in the last three "
    "days before the race; keep to familiar exercises.";
static const char note_descent[] =
    "Descent-heavy block: eccentric work in every strength session, progressed gradually "
    "(repeated-bout effect, docs/science.md §10).";
static const char note_asym_left[] =
    "Ground-contact balance is off-centre: single-leg work gets one extra set on the LEFT. "
    "Treating the side with shorter contact as weaker is an assumption, not a strength test.";
static const char note_asym_right[] =
    "Ground-contact balance is off-centre: single-leg work gets one extra set on the RIGHT. "
    "Treating the side with shorter contact as weaker is an assumption, not a strength test.";
static const char note_asym_none[] =
    "Asymmetry was reported but the balance is unknown or within the usual band: single-leg "
    "work on both sides equally.";
static const char note_late[] =
    "Form breaks down late in runs: trunk-endurance holds added to each strength session.";
static const char note_adherence[] =
    "Last week few strength days were logged: two sessions planned; a plan that gets done "
    "beats a bigger one.";
static const char note_few[] =
    "This week's key runs leave room for fewer than two strength sessions; keep the daily "
    "mobility.";
static const char note_history[] =
    "With a history of disc or sacroiliac problems, stop any exercise that brings on leg "
    "symptoms and tell your clinician.";
static const char note_claim[] =
    "Prehab builds capacity; it does not treat a diagnosis. Stop an exercise when pain spreads "
    "into the buttock or leg.";

static const char note_hold[] =
    "All prehab is on hold: no exercise is planned until a clinician has seen you. This plan "
    "does not diagnose anything; it only says where to get care.";
static const char note_clinician[] =
    "Until a clinician has seen you, every exercise is at its easier version. Stop an exercise "
    "if pain rises above 5/10, spreads into the buttock or leg, or brings numbness or "
    "tingling; skip the next session if pain is worse the next morning.";
static const char note_progress[] =
    "Strength was logged on 2 or more days last week, with no pain above 5/10 and no rise in "
    "next-morning pain logged: exercises done on 2 or more days move to their next progression "
    "(pain-monitoring model, Silbernagel 2007). Keep logging pain the morning after.";
static const char note_hold_review[] =
    "Next-morning pain was higher last week than the week before: nothing progresses this "
    "week (pain-monitoring model: pain should not rise from week to week).";
static const char note_regress[] =
    "Pain above 5/10 was logged in the last week: every exercise is at its easier version "
    "(pain-monitoring model, Silbernagel 2007). If pain stays above 5/10, get it checked.";
static const char note_skip[] =
    "Some exercises are left out while you log pain where they load (their library entry says "
    "to skip them then); they come back after 7 days without that pain or a 0/10 entry.";

static const char focus_base[] = "Trunk control, single-leg pelvic control, hip strength";
static const char focus_descent[] =
    "Trunk control, single-leg pelvic control, hip strength, eccentric work for descents";
static const char focus_mob[] = "Hip mobility, easy range (no forced stretching)";
static const char focus_mob_race[] = "Race day: a few easy leg swings as part of the warm-up";

/* The request and library a plan needs. */
static int check_request(const sg_plan_request *req, const sg_prehab_lib *lib, sg_err *err)
{
    if (!req || !req->profile)
        return sg_err_set(err, SG_EUSAGE, -1,
                          "no athlete profile: create one first (strideguard athlete set ...); "
                          "the plan needs your race date and history");
    if (req->week_start == NO_DAY)
        return sg_err_set(err, SG_EUSAGE, -1, "the week's start date is missing");
    if (req->n_past_runs && !req->past_runs)
        return sg_err_set(err, SG_EUSAGE, -1, "past runs are missing");
    if (req->n_runs > 1000 || (req->n_runs && !req->runs))
        return sg_err_set(err, SG_EUSAGE, -1, "too many planned runs (at most 1000)");
    for (size_t i = 0; i < req->n_runs; i++)
        if (req->runs[i].kind <= SG_RUN_NONE || req->runs[i].kind > SG_RUN_RACE)
            return sg_err_set(err, SG_EUSAGE, -1,
                              "planned run %zu has an unknown kind (use easy, long, hard or race)",
                              i + 1);
    if (!lib)
        return sg_err_set(err, SG_ENODATA, -1, "no prehab library loaded");
    static const sg_ex_category needed[] = {SG_EX_CAT_CORE, SG_EX_CAT_SINGLE_LEG,
                                            SG_EX_CAT_HIP_STRENGTH, SG_EX_CAT_HIP_MOBILITY,
                                            SG_EX_CAT_ECCENTRIC};
    for (size_t c = 0; c < sizeof needed / sizeof *needed; c++) {
        bool have = false;
        for (size_t i = 0; i < lib->n; i++)
            have |= lib->ex[i].category == needed[c];
        if (!have)
            return sg_err_set(err, SG_ENODATA, -1, "the prehab library has no %s exercise",
                              sg_ex_category_name(needed[c]));
    }

    return SG_OK;
}

/* One strength session on day `day`: trunk control, single-leg pelvic
 * control, hip strength, and what the findings add; j counts the strength
 * sessions so far (it rotates the core exercise). */
static void strength_session(const sg_plan_request *req, sg_plan *p, picker *pk, int day, int j)
{
    static const unsigned core_rot[3] = {SG_TAG_ANTI_EXTENSION, SG_TAG_ANTI_ROTATION,
                                         SG_TAG_ANTI_LATERAL_FLEXION};
    const unsigned lowf = req->taper ? SG_TAG_LOW_FATIGUE : 0;
    sg_plan_session *s = &p->sessions[p->n_sessions++];
    s->day = day;
    s->kind = SG_SESSION_STRENGTH;
    s->focus = (req->findings & SG_FIND_DESCENT_HEAVY) ? focus_descent : focus_base;
    const bool late = req->findings & SG_FIND_LATE_BREAKDOWN;
    add_item(s, pick(pk, SG_EX_CAT_CORE, core_rot[j % 3], lowf, j / 3, s), req->taper,
             SG_SIDE_UNKNOWN, "trunk control");
    const bool asym = p->weaker_side != SG_SIDE_UNKNOWN;
    add_item(s,
             pick(pk, SG_EX_CAT_SINGLE_LEG, asym ? SG_TAG_UNILATERAL : 0,
                  lowf | SG_TAG_PELVIC_CONTROL, j, s),
             req->taper, p->weaker_side,
             asym ? "single-leg control, extra set on the side assumed weaker"
                  : "single-leg pelvic control");
    add_item(s, pick(pk, SG_EX_CAT_HIP_STRENGTH, 0, lowf, j, s), req->taper, p->weaker_side,
             "hip and glute strength");
    if (req->findings & SG_FIND_DESCENT_HEAVY)
        add_item(s, pick(pk, SG_EX_CAT_ECCENTRIC, SG_TAG_DESCENT, lowf, j, s), req->taper,
                 SG_SIDE_UNKNOWN, "eccentric preparation for descents");
    if (late)
        add_item(s, pick(pk, SG_EX_CAT_CORE, SG_TAG_TRUNK_ENDURANCE, lowf, j + 1, s), req->taper,
                 SG_SIDE_UNKNOWN, "trunk endurance for late-run form");
    p->n_strength++;
}

/* The daily mobility session of day i of the week (a short one on race day). */
static void mobility_session(sg_plan *p, picker *pk, int day, int i)
{
    sg_plan_session *m = &p->sessions[p->n_sessions++];
    m->day = day;
    m->kind = SG_SESSION_MOBILITY;
    const bool race_day = p->race_day == day;
    m->focus = race_day ? focus_mob_race : focus_mob;
    add_item(m, pick(pk, SG_EX_CAT_HIP_MOBILITY, race_day ? SG_TAG_LOW_FATIGUE : 0, 0, i, m), true,
             SG_SIDE_UNKNOWN, "hip mobility");
    if (!race_day)
        add_item(m, pick(pk, SG_EX_CAT_HIP_MOBILITY, 0, 0, i + 1, m), true, SG_SIDE_UNKNOWN,
                 "hip mobility");
}

/* Marks the items the journal logs as done on their day. */
static void mark_done(const sg_plan_request *req, sg_plan *p)
{
    for (size_t i = 0; i < p->n_sessions; i++)
        for (size_t k = 0; k < p->sessions[i].n_items; k++)
            for (size_t e = 0; req->log && e < req->n_log; e++)
                if (req->log[e].kind == SG_ENTRY_PREHAB &&
                    req->log[e].u.prehab.day == p->sessions[i].day &&
                    strncmp(req->log[e].u.prehab.exercise, p->sessions[i].items[k].ex->id,
                            SG_JOURNAL_EXERCISE_MAX) == 0)
                    p->sessions[i].items[k].done = true;
}

int sg_plan_week(const sg_plan_request *req, const sg_prehab_lib *lib, sg_plan *out, sg_err *err)
{
    int rc = check_request(req, lib, err);
    if (rc)
        return rc;

    sg_plan p;
    memset(&p, 0, sizeof p);
    p.week_start = req->week_start;
    p.taper = req->taper;
    p.race_day = race_day_of(req);
    p.findings = req->findings;
    p.weaker_side = (req->findings & SG_FIND_ASYMMETRY)
                        ? sg_plan_weaker_side(req->balance_left_pct, req->balance_baseline_pct)
                        : SG_SIDE_UNKNOWN;
    p.tier = req->tier;
    if (req->tier >= SG_TIER_EVALUATE)
        p.care = sg_tier_action(req->tier);

    p.adherence.strength_days_done =
        days_with(req, lib, req->week_start, SG_EX_STRENGTH, &p.adherence.entries_this_week);
    p.adherence.mobility_days_done = days_with(req, lib, req->week_start, SG_EX_MOBILITY, NULL);
    p.adherence.prev_strength_days_done =
        days_with(req, lib, req->week_start - 7, SG_EX_STRENGTH, NULL);
    review(req, lib, &p);
    sg_plan_return_to_run(req->past_runs, req->n_past_runs, req->log, req->n_log, req->tier,
                          req->today == NO_DAY ? req->week_start : req->today, &p.rtr);
    if (p.rtr.reason != SG_RTR_NONE)
        add_note(&p, note_rtr);

    if (req->tier >= SG_TIER_URGENT) {
        /* no training content: only where to get care */
        p.on_hold = true;
        p.findings = 0;
        p.weaker_side = SG_SIDE_UNKNOWN;
        add_note(&p, p.care);
        add_note(&p, note_hold);
        *out = p;
        return SG_OK;
    }
    if (p.care)
        add_note(&p, p.care);
    if (p.review == SG_REVIEW_CLINICIAN)
        add_note(&p, note_clinician);
    else if (p.review == SG_REVIEW_REGRESS)
        add_note(&p, note_regress);
    else if (p.review == SG_REVIEW_HOLD)
        add_note(&p, note_hold_review);
    else if (p.review == SG_REVIEW_PROGRESS)
        add_note(&p, note_progress);

    add_note(&p, note_placement);
    int target = 3;
    if (req->taper) {
        target = 2;
        add_note(&p, note_taper);
    }
    if (target > 2 && logged_before(req, req->week_start) &&
        p.adherence.prev_strength_days_done <= 1) {
        target = 2;
        add_note(&p, note_adherence);
    }
    const unsigned blocked = sg_plan_blocked_days(req);
    unsigned days = 0;
    for (int k = target; k >= 1 && !days; k--)
        days = choose_days(req, blocked, k);
    if (__builtin_popcount(days) < 2)
        add_note(&p, note_few);
    if (req->findings & SG_FIND_DESCENT_HEAVY)
        add_note(&p, note_descent);
    if (req->findings & SG_FIND_ASYMMETRY)
        add_note(&p, p.weaker_side == SG_SIDE_LEFT    ? note_asym_left
                     : p.weaker_side == SG_SIDE_RIGHT ? note_asym_right
                                                      : note_asym_none);
    if (req->findings & SG_FIND_LATE_BREAKDOWN)
        add_note(&p, note_late);
    if (req->profile->history & (SG_HIST_DISC | SG_HIST_SI_JOINT))
        add_note(&p, note_history);
    add_note(&p, note_claim);

    picker pk;
    memset(&pk, 0, sizeof pk);
    pk.lib = lib;
    pk.taper = req->taper;
    find_skips(req, lib, &pk, &p);
    if (p.n_skipped)
        add_note(&p, note_skip);
    int j = 0;
    for (int i = 0; i < 7; i++) {
        const int day = req->week_start + i;
        if (days & (1u << i))
            strength_session(req, &p, &pk, day, j++);
        mobility_session(&p, &pk, day, i);
    }
    mark_done(req, &p);
    apply_steps(req, lib, &p);
    *out = p;
    return SG_OK;
}
