#ifndef SG_APP_PLAN_H
#define SG_APP_PLAN_H
/* The `plan` use case: the prehab plan for the 7 days from a given day
 * (default today; sg_plan_week) from what is stored.
 *
 * What the planner is told, and where it comes from (docs/science.md §10
 * "The plan from stored data", all [D]):
 *   - the 7 days' runs: runs already recorded on days up to today; for later
 *     days, the weekday pattern of the 4 weeks before (long, hard and easy
 *     weekdays seen in at least half of the weeks with runs); the race day
 *     from the profile; explicit runs from the caller replace a day's runs;
 *   - taper: the race is 0-13 days after the week starts, or 14-20 days and
 *     the last week before was already >= 20 % below the 3 weeks before it;
 *   - findings from the run analyses of the 14 days (28 for breakdown) before
 *     the week or today, whichever is earlier: a descent-heavy block (one run
 *     with >= 400 m of descent at >= 20 m/km, or two runs at >= 20 m/km),
 *     asymmetry (mean GCT balance beyond Garmin's red band, > 52.2 % either
 *     side, or >= 1.5 points from the runner's own median of the 90 days
 *     before: sg_plan_weaker_side), late-run breakdown (>= 2 runs flagged);
 *   - the journal (all kinds) of the 5 weeks before: prehab entries for
 *     adherence and progression, pain entries for "skip while" rules and the
 *     pain-monitoring review;
 *   - the triage tier of `check` on `today` (sg_app_check, with no answers
 *     given here);
 *   - the exercise library embedded in the binary, or a file. */

#include <stdbool.h>
#include <stddef.h>

#include "app/clinic.h"
#include "strideguard/athlete.h"
#include "strideguard/prehab.h"
#include "strideguard/store.h"

#define SG_APP_PLAN_MAX_RUNS 21
#define SG_APP_PLAN_DESCENT_RUN_M 400.0   /* one big descent makes a block descent-heavy */
#define SG_APP_PLAN_FIND_DAYS 14
#define SG_APP_PLAN_BREAKDOWN_DAYS 28
#define SG_APP_PLAN_PATTERN_WEEKS 4
#define SG_APP_PLAN_LONG_RATIO 1.4        /* long: >= 1.4 x the median run distance */
#define SG_APP_PLAN_HARD_SPEED 1.07       /* hard: >= 1.07 x the median speed ... */
#define SG_APP_PLAN_HARD_HR 6.0           /* ... or >= 6 bpm above the median heart rate */
#define SG_APP_PLAN_ASYM_BASELINE_DAYS 90 /* the runner's usual balance: the 90 days ... */
#define SG_APP_PLAN_ASYM_BASELINE_RUNS 3  /* ... before the findings window, >= 3 runs */
#define SG_APP_PLAN_JOURNAL_DAYS 35       /* journal read back: 4 review weeks + 1 */

typedef struct sg_app_plan_opts {
    int today;                      /* civil day (front ends: sg_app_today) */
    int week;                       /* first of the 7 days to plan; SG_JOURNAL_NO_DAY = today */
    const char *library_path;       /* NULL = the embedded data/prehab.json */
    const sg_planned_run *runs;     /* explicit runs (replace that day's); may be NULL */
    size_t n_runs;
    int taper;                      /* -1 decide, 0 no, 1 yes */
} sg_app_plan_opts;

void sg_app_plan_opts_init(sg_app_plan_opts *o, int today);

typedef enum sg_app_run_source {
    SG_APP_RUN_RECORDED = 1,        /* a stored run on that day */
    SG_APP_RUN_PATTERN,             /* expected from the weekday pattern */
    SG_APP_RUN_GIVEN,               /* from the caller */
    SG_APP_RUN_PROFILE              /* the race day of the profile */
} sg_app_run_source;
const char *sg_app_run_source_name(sg_app_run_source s); /* "recorded", ... */

/* The plan with what it was built from. The plan points into `lib`: release
 * both with sg_app_plan_free. */
typedef struct sg_app_plan {
    sg_prehab_lib *lib;
    sg_athlete athlete;
    sg_plan plan;
    sg_planned_run runs[SG_APP_PLAN_MAX_RUNS];
    sg_app_run_source run_source[SG_APP_PLAN_MAX_RUNS];
    size_t n_runs;
    int pattern_weeks;              /* weeks with runs the pattern came from */
    int finding_runs;               /* runs in the findings window */
    int descent_runs;               /* of those, >= 20 m/km */
    double max_descent_m;           /* largest single-run descent there; NaN none */
    double balance_left_pct;        /* mean over the window; NaN unknown */
    double balance_baseline_pct;    /* median of the 90 days before it; NaN: < 3 runs */
    int balance_baseline_runs;      /* runs with a balance in those 90 days */
    sg_tier tier;                   /* the triage tier the plan was made for */
    int breakdown_runs;             /* runs flagged in the breakdown window */
    const char *taper_reason;       /* static, NULL when not a taper week */
    /* the clinician's assignments in force today (clinic server; app/clinic.h),
     * shown beside the plan as the clinician's, never merged into it */
    sg_assignment_list assigned;
} sg_app_plan;

/* Builds the plan. Errors: SG_ENODATA "no athlete profile: ..." (nothing is
 * written then), the library's load/parse errors (the message says which
 * file), SG_EUSAGE for a bad explicit run, store and triage (sg_app_check)
 * errors. On error *out is left empty (safe to sg_app_plan_free). The only
 * store writes are the run-facts cache (src/app/triage.h). */
int sg_app_plan_make(sg_store *st, const sg_app_plan_opts *o, sg_app_plan *out, sg_err *err);

void sg_app_plan_free(sg_app_plan *p);

#endif
