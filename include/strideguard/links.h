#ifndef STRIDEGUARD_LINKS_H
#define STRIDEGUARD_LINKS_H
/* Links between the pain journal and training: which runs came before
 * flare-ups, whether one-sided pain sits on the side of measured asymmetry,
 * and how pain moved with weekly load. ASSOCIATIONS ONLY: a run before a
 * flare-up did not necessarily cause it, and small numbers mislead. Every
 * rendering of this result must say so (result.caveat).
 *
 * Pure: the caller passes a small fact sheet per run (sg_run_fact), so this
 * module calls no other analysis (it shares only load.h's spike categories).
 * No allocation. */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/journal.h"
#include "strideguard/load.h" /* sg_spike_cat: one spike vocabulary project-wide */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sg_run_fact {
    long long run_id;
    int day;                  /* civil day */
    double distance_m;        /* NaN unknown */
    double descent_m;         /* total descent, NaN unknown */
    sg_spike_cat spike;       /* the load analysis's spike category of this run */
    double balance_left_pct;  /* mean GCT balance, % left; NaN unknown */
    bool fatigue_breakdown;   /* late-run form breakdown flagged */
    /* Distance and moving time on near-flat ground (the run analysis's flat
     * band, grade within +-3 %): pace at matched grade for the triage's
     * pace-drop sign. NaN for walks, hikes, treadmill runs (grade unknown)
     * and runs whose samples could not be analysed. */
    double flat_distance_m;
    double flat_time_s;
} sg_run_fact;

typedef enum sg_link_factor {
    SG_LF_DESCENT = 0,  /* descent-heavy run */
    SG_LF_SPIKE,        /* moderate or large distance spike */
    SG_LF_ASYMMETRY,    /* GCT balance beyond 50.7 % either side */
    SG_LF_FATIGUE,      /* late-run form breakdown */
    SG_LF_RETURN,       /* first run after a break (spike category RETURN) */
    SG_LF_COUNT
} sg_link_factor;

const char *sg_link_factor_name(sg_link_factor f); /* "descent", "spike", ... */

/* Thresholds, all [D] (docs/science.md §9 "Links"). */
#define SG_LINK_FLARE_SEVERITY 4      /* a pain entry >= 4/10 is a flare-up */
#define SG_LINK_FLARE_MERGE_DAYS 3    /* same region within 3 days: the same flare-up */
#define SG_LINK_LOOKBACK_DAYS 2       /* runs on the flare day or the 2 days before */
#define SG_LINK_DESCENT_M_PER_KM 20.0 /* descent-heavy: >= 20 m of descent per km */
#define SG_LINK_ASYM_PCT 0.75         /* off-centre above 50.7 % (Garmin "good" <= 50.7) */
#define SG_LINK_MIN_WEEKS 4           /* correlation needs >= 4 weeks */

#define SG_LINK_MAX_FLARES 64
#define SG_LINK_MAX_RUNS_PER_FLARE 6
#define SG_LINK_MAX_WEEKS 104

/* Whether one run has a factor (exposed for tests and renderers). */
bool sg_link_run_has(const sg_run_fact *r, sg_link_factor f);

typedef struct sg_link_flare {
    long long entry_id;
    int day;
    int severity;
    sg_region region;
    sg_side side;
    long long run_ids[SG_LINK_MAX_RUNS_PER_FLARE]; /* runs in the lookback */
    size_t n_runs;
    unsigned factors;         /* bit f set: some preceding run had factor f */
} sg_link_flare;

typedef struct sg_link_factor_stat {
    int flares_with;          /* flare-ups preceded by a run with the factor */
    int flares_with_runs;     /* flare-ups preceded by any run */
    int runs_with;            /* all runs in the period with the factor */
    int runs_total;
    double flare_share;       /* flares_with / flares_with_runs, NaN if 0 */
    double run_share;         /* runs_with / runs_total, NaN if 0 */
} sg_link_factor_stat;

typedef struct sg_link_side {
    int left_entries, right_entries;  /* one-sided pain entries (severity > 0) */
    sg_side pain_side;                /* LEFT/RIGHT when one side has >= 2/3, else UNKNOWN */
    double mean_balance_left;         /* over runs with a balance, NaN none */
    sg_side longer_contact_side;      /* LEFT/RIGHT when off-centre, else UNKNOWN */
    bool comparable;                  /* both sides known */
    bool same_side;                   /* pain on the side with longer contact */
} sg_link_side;

typedef struct sg_link_week {
    int week_start;           /* a Monday */
    double distance_m;        /* sum of known distances */
    int max_severity;         /* highest pain that week; 0 when none logged */
    int n_pain;
} sg_link_week;

typedef struct sg_links_result {
    int from_day, today;
    sg_link_flare flares[SG_LINK_MAX_FLARES];      /* oldest first */
    size_t n_flares;
    size_t n_flares_total;
    sg_link_factor_stat factor[SG_LF_COUNT];
    sg_link_side side;
    sg_link_week weeks[SG_LINK_MAX_WEEKS];         /* oldest first */
    size_t n_weeks;
    double load_pain_r;       /* Pearson r, weekly distance vs weekly max pain; NaN if unknown */
    int n_weeks_paired;       /* weeks used for r */
    const char *caveat;       /* association-not-cause wording (static) */
} sg_links_result;

/* Looks at the n_weeks Monday-based weeks ending with today's week
 * (1..SG_LINK_MAX_WEEKS). Entries and runs outside the period are ignored.
 * Pain weeks before the first pain entry are left out of the correlation
 * (the journal had not started). Never fails; n_weeks is clamped. */
void sg_links_analyze(const sg_entry *entries, size_t n_entries, const sg_run_fact *runs,
                      size_t n_runs, int today, int n_weeks, sg_links_result *out);

#ifdef __cplusplus
}
#endif
#endif
