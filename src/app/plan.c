/* The plan use case (src/app/plan.h). The rules that turn stored runs into
 * the planner's request are design choices [D], documented in
 * docs/science.md §10 "The plan from stored data". */
#include "app/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "app/journal.h"
#include "app/triage.h"
#include "strideguard/links.h"
#include "strideguard/load.h"
#include "strideguard/stats.h"

#define NO_DAY SG_JOURNAL_NO_DAY

void sg_app_plan_opts_init(sg_app_plan_opts *o, int today)
{
    memset(o, 0, sizeof *o);
    o->today = today;
    o->week = NO_DAY;
    o->taper = -1;
}

const char *sg_app_run_source_name(sg_app_run_source s)
{
    switch (s) {
    case SG_APP_RUN_RECORDED: return "recorded";
    case SG_APP_RUN_PATTERN: return "pattern";
    case SG_APP_RUN_GIVEN: return "given";
    case SG_APP_RUN_PROFILE: return "profile";
    }
    return "unknown";
}

void sg_app_plan_free(sg_app_plan *p)
{
    if (!p)
        return;
    sg_prehab_lib_free(p->lib);
    p->lib = NULL;
    sg_athlete_clear(&p->athlete);
    sg_assignment_list_free(&p->assigned);
}

/* ---- classifying runs ---- */

/* Median of the finite values among n (scratch has room for n). */
static double median_of(double *v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            v[k++] = v[i];
    return sg_median_mean(v, k);
}

typedef struct norms {
    double dist, speed, hr;
} norms;

static double speed_of(const sg_app_run *r)
{
    return r->moving_time_s > 0 ? r->fact.distance_m / r->moving_time_s : NAN;
}

static int norms_of(const sg_app_run *runs, size_t n, int from, int to, norms *out)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return SG_ENOMEM;
    size_t k;
    double *cols[3] = {&out->dist, &out->speed, &out->hr};
    for (int c = 0; c < 3; c++) {
        k = 0;
        for (size_t i = 0; i < n; i++)
            if (runs[i].fact.day >= from && runs[i].fact.day <= to)
                v[k++] = c == 0 ? runs[i].fact.distance_m : c == 1 ? speed_of(&runs[i])
                                                                   : runs[i].avg_hr;
        *cols[c] = median_of(v, k);
    }
    free(v);
    return SG_OK;
}

static bool is_hard(const sg_app_run *r, const norms *nm)
{
    double v = speed_of(r);
    return (isfinite(v) && isfinite(nm->speed) && v >= SG_APP_PLAN_HARD_SPEED * nm->speed) ||
           (isfinite(r->avg_hr) && isfinite(nm->hr) && r->avg_hr >= nm->hr + SG_APP_PLAN_HARD_HR);
}

/* Kind of one run; `longest` says whether it is the longest of its week. */
static sg_run_kind classify(const sg_app_run *r, const norms *nm, bool longest, int race_day)
{
    if (race_day != NO_DAY && r->fact.day == race_day)
        return SG_RUN_RACE;
    if (longest && isfinite(nm->dist) && r->fact.distance_m >= SG_APP_PLAN_LONG_RATIO * nm->dist)
        return SG_RUN_LONG;
    return is_hard(r, nm) ? SG_RUN_HARD : SG_RUN_EASY;
}

static bool longest_in_week(const sg_app_run *runs, size_t n, size_t i, int limit_day)
{
    int mon = sg_load_monday(runs[i].fact.day);
    for (size_t j = 0; j < n; j++) {
        if (j == i || runs[j].fact.day > limit_day || sg_load_monday(runs[j].fact.day) != mon)
            continue;
        if (runs[j].fact.distance_m > runs[i].fact.distance_m ||
            (runs[j].fact.distance_m == runs[i].fact.distance_m && j < i))
            return false;
    }
    return true;
}

static void add_run(sg_app_plan *p, int day, sg_run_kind k, sg_app_run_source src)
{
    if (p->n_runs >= SG_APP_PLAN_MAX_RUNS)
        return;
    p->runs[p->n_runs].day = day;
    p->runs[p->n_runs].kind = k;
    p->run_source[p->n_runs] = src;
    p->n_runs++;
}

/* ---- the week's runs ---- */

static void infer_runs(sg_app_plan *p, const sg_app_plan_opts *o, const sg_app_run *runs,
                       size_t n, const norms *nm, int ws, int race_day)
{
    /* the weekday pattern of the weeks before */
    int long_c[8] = {0}, hard_c[8] = {0}, any_c[8] = {0};
    for (int w = 1; w <= SG_APP_PLAN_PATTERN_WEEKS; w++) {
        const int mon = ws - 7 * w;
        bool had = false;
        for (size_t i = 0; i < n; i++) {
            const int d = runs[i].fact.day;
            if (d < mon || d > mon + 6 || d > o->today)
                continue;
            had = true;
            const int wd = sg_journal_weekday(d);
            sg_run_kind k = classify(&runs[i], nm, longest_in_week(runs, n, i, o->today), NO_DAY);
            long_c[wd] += k == SG_RUN_LONG;
            hard_c[wd] += k == SG_RUN_HARD;
            any_c[wd]++;
        }
        p->pattern_weeks += had;
    }
    const int thr = p->pattern_weeks ? (p->pattern_weeks + 1) / 2 : 1000;
    int long_wd = 0;
    for (int wd = 1; wd <= 7; wd++)
        if (long_c[wd] >= thr && (!long_wd || long_c[wd] > long_c[long_wd]))
            long_wd = wd;

    bool long_recorded = false;
    for (int i = 0; i < 7; i++) {
        const int d = ws + i;
        bool given = false;
        for (size_t g = 0; g < o->n_runs; g++)
            if (o->runs[g].day == d) {
                add_run(p, d, o->runs[g].kind, SG_APP_RUN_GIVEN);
                given = true;
            }
        if (given)
            continue;
        if (d <= o->today) {
            for (size_t r = 0; r < n; r++)
                if (runs[r].fact.day == d) {
                    sg_run_kind k = classify(&runs[r], nm,
                                             longest_in_week(runs, n, r, o->today), race_day);
                    long_recorded |= k == SG_RUN_LONG;
                    add_run(p, d, k, SG_APP_RUN_RECORDED);
                }
            continue;
        }
        if (d == race_day) {
            add_run(p, d, SG_RUN_RACE, SG_APP_RUN_PROFILE);
            continue;
        }
        const int wd = sg_journal_weekday(d);
        if (wd == long_wd && !long_recorded)
            add_run(p, d, SG_RUN_LONG, SG_APP_RUN_PATTERN);
        else if (hard_c[wd] >= thr)
            add_run(p, d, SG_RUN_HARD, SG_APP_RUN_PATTERN);
        else if (any_c[wd] >= thr || wd == long_wd)
            add_run(p, d, SG_RUN_EASY, SG_APP_RUN_PATTERN);
    }
    /* a race week has no expected long run, and no expected hard run in the
     * three days before the race */
    if (race_day != NO_DAY && race_day >= ws && race_day < ws + 7)
        for (size_t i = p->n_runs; i-- > 0;)
            if (p->run_source[i] == SG_APP_RUN_PATTERN &&
                (p->runs[i].kind == SG_RUN_LONG ||
                 (p->runs[i].kind == SG_RUN_HARD && p->runs[i].day >= race_day - 3)))
                p->runs[i].kind = SG_RUN_EASY;
}

/* ---- findings and taper ---- */

static unsigned findings(sg_app_plan *p, const sg_app_run *runs, size_t n, int end)
{
    unsigned f = 0;
    double bsum = 0;
    int bn = 0;
    p->max_descent_m = NAN;
    /* the runner's own usual balance: the median of the runs in the 90 days
     * before the findings window */
    double *bv = malloc((n ? n : 1) * sizeof *bv);
    size_t nb = 0;
    for (size_t i = 0; bv && i < n; i++) {
        const sg_run_fact *r = &runs[i].fact;
        if (r->day <= end - SG_APP_PLAN_FIND_DAYS &&
            r->day > end - SG_APP_PLAN_FIND_DAYS - SG_APP_PLAN_ASYM_BASELINE_DAYS &&
            isfinite(r->balance_left_pct))
            bv[nb++] = r->balance_left_pct;
    }
    p->balance_baseline_runs = (int)nb;
    p->balance_baseline_pct =
        bv && nb >= SG_APP_PLAN_ASYM_BASELINE_RUNS ? median_of(bv, nb) : NAN;
    free(bv);
    for (size_t i = 0; i < n; i++) {
        const sg_run_fact *r = &runs[i].fact;
        if (r->day > end)
            continue;
        if (r->day > end - SG_APP_PLAN_BREAKDOWN_DAYS && r->fatigue_breakdown)
            p->breakdown_runs++;
        if (r->day <= end - SG_APP_PLAN_FIND_DAYS)
            continue;
        p->finding_runs++;
        if (sg_link_run_has(r, SG_LF_DESCENT)) {
            p->descent_runs++;
            if (!(r->descent_m <= p->max_descent_m))
                p->max_descent_m = r->descent_m;
        }
        if (isfinite(r->balance_left_pct)) {
            bsum += r->balance_left_pct;
            bn++;
        }
    }
    p->balance_left_pct = bn ? bsum / bn : NAN;
    if (p->descent_runs >= 2 ||
        (p->descent_runs == 1 && p->max_descent_m >= SG_APP_PLAN_DESCENT_RUN_M))
        f |= SG_FIND_DESCENT_HEAVY;
    if (bn && sg_plan_weaker_side(p->balance_left_pct, p->balance_baseline_pct) != SG_SIDE_UNKNOWN)
        f |= SG_FIND_ASYMMETRY;
    if (p->breakdown_runs >= 2)
        f |= SG_FIND_LATE_BREAKDOWN;
    return f;
}

static const char taper_two[] = "the race is less than two weeks after the week starts";
static const char taper_three[] =
    "the race is less than three weeks away and last week's distance was already 20 % lower";
static const char taper_given[] = "taper week as requested";

static const char *taper_of(const sg_app_run *runs, size_t n, int ws, int race_day, int today)
{
    if (race_day == NO_DAY || race_day < ws)
        return NULL;
    const int to_race = race_day - ws;
    if (to_race <= 13)
        return taper_two;
    if (to_race > 20)
        return NULL;
    double wk[4] = {0};
    for (size_t i = 0; i < n; i++) {
        int d = runs[i].fact.day;
        if (d > today || d >= ws || d < ws - 28 || !isfinite(runs[i].fact.distance_m))
            continue;
        wk[(ws - 1 - d) / 7] += runs[i].fact.distance_m;
    }
    const double before = (wk[1] + wk[2] + wk[3]) / 3.0;
    return before > 0 && wk[0] <= 0.8 * before ? taper_three : NULL;
}

int sg_app_plan_make(sg_store *st, const sg_app_plan_opts *o, sg_app_plan *out, sg_err *err)
{
    memset(out, 0, sizeof *out);
    sg_athlete_init(&out->athlete, NULL);
    out->balance_left_pct = NAN;
    out->balance_baseline_pct = NAN;
    out->max_descent_m = NAN;
    out->tier = SG_TIER_SELF_CARE;
    sg_app_run *runs = NULL;
    sg_entry *log = NULL;
    sg_app_check_result *chk = NULL;
    sg_plan_past_run *past = NULL;
    size_t nr = 0, nl = 0;
    int found = 0;
    int rc = sg_app_athlete_load(st, &out->athlete, &found, err);
    if (rc)
        goto out;
    if (!found) {
        rc = sg_err_set(err, SG_ENODATA, -1,
                        "no athlete profile: create one first (strideguard athlete set "
                        "--sex ... --race-date ...); the plan needs your race date and history");
        goto out;
    }
    /* a rolling 7 days from the given day (default today), not Monday-Sunday */
    const int ws = o->week != NO_DAY ? o->week : o->today;
    for (size_t i = 0; i < o->n_runs; i++)
        if (o->runs[i].day < ws || o->runs[i].day > ws + 6) {
            char a[11], b[11];
            rc = sg_err_set(err, SG_EUSAGE, -1, "run day %s is outside the 7 days from %s",
                            sg_journal_date_format(o->runs[i].day, a),
                            sg_journal_date_format(ws, b));
            goto out;
        }
    rc = sg_app_prehab_lib(o->library_path, &out->lib, err);
    if (rc)
        goto out;
    const int last = o->today < ws + 6 ? o->today : ws + 6;
    const int end = o->today < ws - 1 ? o->today : ws - 1;
    const int first = (ws - 35 < end - SG_APP_PLAN_FIND_DAYS - SG_APP_PLAN_ASYM_BASELINE_DAYS)
                          ? ws - 35
                          : end - SG_APP_PLAN_FIND_DAYS - SG_APP_PLAN_ASYM_BASELINE_DAYS;
    rc = sg_app_run_facts(st, first, last, &out->athlete, &runs, &nr, err);
    if (rc)
        goto out;
    /* the whole journal of the review weeks: prehab for adherence and
     * progression, pain for "skip while" and the pain-monitoring review */
    const int jfrom = (o->today < ws ? o->today : ws) - SG_APP_PLAN_JOURNAL_DAYS;
    rc = sg_app_journal_load(st, SG_ENTRY_NONE, jfrom, NO_DAY, &log, &nl, err);
    if (rc)
        goto out;
    /* the triage tier, exactly as `check` computes it */
    chk = calloc(1, sizeof *chk);
    if (!chk) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    rc = sg_app_check(st, NULL, o->today, chk, err);
    if (rc)
        goto out;
    out->tier = chk->triage.tier;

    const int race_day = isfinite(out->athlete.race_date)
                             ? (int)floor(out->athlete.race_date / 86400.0)
                             : NO_DAY;
    norms nm;
    if (norms_of(runs, nr, ws - 28, last, &nm)) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    infer_runs(out, o, runs, nr, &nm, ws, race_day);
    sg_plan_request req;
    sg_plan_request_init(&req, ws, &out->athlete);
    req.today = o->today;
    req.tier = out->tier;
    req.runs = out->runs;
    req.n_runs = out->n_runs;
    req.findings = findings(out, runs, nr, end);
    req.balance_left_pct = out->balance_left_pct;
    req.balance_baseline_pct = out->balance_baseline_pct;
    if (o->taper >= 0)
        out->taper_reason = o->taper ? taper_given : NULL;
    else
        out->taper_reason = taper_of(runs, nr, ws, race_day, o->today);
    req.taper = out->taper_reason != NULL;
    req.log = log;
    req.n_log = nl;
    /* recorded on-foot activities for the walk-run return to running */
    past = calloc(nr ? nr : 1, sizeof *past);
    if (!past) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nr; i++) {
        past[i].day = runs[i].fact.day;
        past[i].moving_min = runs[i].moving_time_s / 60.0;
    }
    req.past_runs = past;
    req.n_past_runs = nr;
    rc = sg_plan_week(&req, out->lib, &out->plan, err);
    if (!rc)
        rc = sg_app_assignment_list(st, sg_store_athlete(st), o->today, &out->assigned, err);
out:
    free(past);
    free(runs);
    free(log);
    free(chk);
    if (rc) {
        sg_app_plan_free(out);
        sg_athlete_init(&out->athlete, NULL);
    }
    return rc;
}
