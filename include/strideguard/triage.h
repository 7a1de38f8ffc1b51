#ifndef STRIDEGUARD_TRIAGE_H
#define STRIDEGUARD_TRIAGE_H
/* Triage of the pain journal: when to stop and get checked.
 *
 * Pure: journal entries + athlete profile + the runner's explicit answers to
 * red-flag questions + today in, a tier with its reasons out. No I/O, no
 * clock, no allocation (the result is a fixed-size value).
 *
 * The rules and their sources are in docs/science.md §9. The wording never
 * diagnoses and never presents a clear screen as reassurance: red flags
 * screen poorly (Cook 2017), so "self_care" means "no warning sign in what was
 * logged and answered", not "all clear". */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/athlete.h"
#include "strideguard/journal.h"
#include "strideguard/links.h"
#include "strideguard/screen.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Ordered: a higher value is more urgent; the highest tier wins. */
typedef enum sg_tier {
    SG_TIER_SELF_CARE = 0,
    SG_TIER_EVALUATE,   /* book an evaluation with a clinician */
    SG_TIER_PROMPT,     /* see a doctor within days */
    SG_TIER_URGENT,     /* same day */
    SG_TIER_EMERGENCY,  /* emergency department now */
    SG_TIER_COUNT
} sg_tier;

/* The runner's explicit answers. A flag in `yes` was answered yes; a flag in
 * `unsure` was answered "not sure"; a flag in `asked` but in neither was
 * answered no; a flag in none of them was not answered (the result then says
 * the screen is incomplete). "Not sure" errs towards being seen: it raises the
 * flag one tier lower than a yes, never below "evaluate" (docs/science.md
 * §9.3), except for the ASAS items, which only count when answered yes. */
typedef struct sg_redflag_answers {
    unsigned yes;
    unsigned asked;
    unsigned unsure;
} sg_redflag_answers;

/* The group a question belongs to, for grouping it on a screen. */
typedef enum sg_redflag_group {
    SG_RFG_CAUDA_EQUINA = 0,  /* saddle, bladder, bowel, sexual, both legs, weakness */
    SG_RFG_SERIOUS,           /* fever, infection risk, trauma, cancer, weight, night pain, age */
    SG_RFG_BONE_STRESS,       /* hop pain, energy availability, periods, osteoporosis */
    SG_RFG_SPINE_OTHER,       /* thoracic pain */
    SG_RFG_NECK,              /* myelopathy, cervical arteries */
    SG_RFG_INFLAMMATORY,      /* ASAS inflammatory back pain */
    SG_RFG_COUNT
} sg_redflag_group;

sg_redflag_group sg_redflag_group_of(sg_redflag f);
const char *sg_redflag_group_name(sg_redflag_group g); /* "cauda_equina", ... */
/* Short citation of the flag's source (static; details in docs/science.md §9). */
const char *sg_redflag_source(sg_redflag f);

/* The question to ask the runner, in plain words. Static string. */
const char *sg_redflag_question(sg_redflag f);
/* The tier a "yes" to f leads to (docs/science.md §9). */
sg_tier sg_redflag_tier(sg_redflag f);

const char *sg_tier_name(sg_tier t);         /* "emergency", ..., "self_care" */
/* One-sentence action for a tier (static string). */
const char *sg_tier_action(sg_tier t);

/* Windows and thresholds of the warning-sign rules, all [D] in
 * docs/science.md §9. */
#define SG_TRIAGE_WINDOW_DAYS 28        /* warning signs look at the last 4 weeks */
#define SG_TRIAGE_PERSIST_WEEKS 3       /* pain in >= 3 of ... */
#define SG_TRIAGE_PERSIST_SPAN_WEEKS 6  /* ... the last 6 seven-day weeks */
#define SG_TRIAGE_STIFF_MIN 30          /* morning stiffness of >= 30 min ... */
#define SG_TRIAGE_STIFF_DAYS 3          /* ... on >= 3 days */
#define SG_TRIAGE_SEVERE 7              /* severity >= 7/10 */
#define SG_TRIAGE_RISE 2                /* a rise of >= 2 points */
#define SG_TRIAGE_NEW_ONSET_DAYS 42     /* no spinal pain logged before this: "new" */
#define SG_TRIAGE_BILATERAL_DAYS 3      /* both-legs symptoms + back pain within 72 h */
#define SG_TRIAGE_IBP_MIN 4             /* ASAS: 4 of the 5 items */
#define SG_TRIAGE_SCREEN_VALID_DAYS 7   /* answers are re-asked after a week */
#define SG_TRIAGE_DROP_PCT 30           /* last 7 days' distance >= 30 % below ... */
#define SG_TRIAGE_DROP_BASE_WEEKS 4     /* ... the weekly mean of the 4 weeks before */
#define SG_TRIAGE_DROP_MIN_KM 10.0      /* ... when that mean is at least 10 km */
#define SG_TRIAGE_DROP_PAIN_DAYS 14     /* ... and pain was logged in the last 14 days */
#define SG_TRIAGE_PACE_SLOWER_PCT 5.0   /* flat pace of the last 7 days >= 5 % slower ... */
#define SG_TRIAGE_PACE_NOISE_K 2.0      /* ... and > 2 standard errors of the runner's spread */
#define SG_TRIAGE_PACE_MIN_FLAT_M 1000.0 /* a run counts with >= 1 km on near-flat ground */
#define SG_TRIAGE_PACE_BASE_RUNS 4      /* the 4 weeks before need >= 4 such runs */

#define SG_TRIAGE_MAX_IDS 16
#define SG_TRIAGE_MAX_REASONS 32

typedef struct sg_triage_reason {
    const char *rule;      /* stable rule name, e.g. "saddle_numbness", "pain_rises_in_run" */
    sg_tier tier;
    const char *why;       /* one sentence, plain words, no diagnosis (static) */
    const char *source;    /* short citation; details in docs/science.md §9 (static) */
    bool from_answer;      /* triggered by a red-flag answer rather than by entries */
    long long entries[SG_TRIAGE_MAX_IDS]; /* journal entry ids that triggered it */
    size_t n_entries;      /* how many were stored in entries[] */
    size_t n_entries_total;/* how many triggered it (may exceed SG_TRIAGE_MAX_IDS) */
} sg_triage_reason;

typedef struct sg_triage_result {
    sg_tier tier;                      /* the highest tier among the reasons */
    const char *advice;                /* what to do now (static) */
    const char *caveat;                /* never-reassure wording, always present (static) */
    bool screen_incomplete;            /* some red-flag questions were not answered */
    unsigned unanswered;               /* SG_RF_BIT mask of those */
    int age_years;                     /* from birth year, -1 unknown */
    size_t n_pain_considered;          /* pain entries inside the window */
    sg_triage_reason reasons[SG_TRIAGE_MAX_REASONS]; /* most urgent first */
    size_t n_reasons;
    /* The numbers behind "training_dropped_with_pain" (valid when `has_drop`). */
    bool has_drop;
    double drop_last7_km;              /* distance of the last 7 days */
    double drop_base_km;               /* weekly mean of the 4 weeks before */
    double drop_pct;                   /* how much lower, % */
    /* The numbers behind "pace_dropped_with_pain" (valid when `has_pace_drop`):
     * pace on near-flat ground (grade within +-3 %), s/km. */
    bool has_pace_drop;
    double pace_last7_s_per_km;        /* flat time / flat distance, last 7 days */
    double pace_base_s_per_km;         /* median per-run flat pace of the 4 weeks before */
    double pace_slower_pct;            /* how much slower, % */
    double pace_noise_pct;             /* standard error of that comparison, % */
    int pace_runs_last7, pace_runs_base;
    /* Regions (bit 1u << sg_region) with pain > 0 logged in the last
     * SG_TRIAGE_DROP_PAIN_DAYS days, when either drop fired. */
    unsigned drop_pain_regions;
} sg_triage_result;

/* Runs every rule. `entries` may hold any kinds (only pain entries are used;
 * entries after `today` are ignored); `athlete` may be NULL (age unknown);
 * `answers` may be NULL (nothing answered). Never fails. */
void sg_triage_run(const sg_entry *entries, size_t n, const sg_athlete *athlete,
                   const sg_redflag_answers *answers, int today, sg_triage_result *out);

/* The seeds' fourth warning sign ("reduced pace or mileage due to
 * discomfort") checked against the training data, while pain > 0 was logged
 * in the last SG_TRIAGE_DROP_PAIN_DAYS days:
 *  - distance: the last 7 days' running distance at least SG_TRIAGE_DROP_PCT
 *    % below the weekly mean of the SG_TRIAGE_DROP_BASE_WEEKS weeks before (a
 *    mean of at least SG_TRIAGE_DROP_MIN_KM, with runs in 3 of those weeks)
 *    adds "training_dropped_with_pain", numbers in has_drop/drop_*;
 *  - pace at matched grade: the last 7 days' pace on near-flat ground (runs
 *    with >= SG_TRIAGE_PACE_MIN_FLAT_M of it) at least
 *    SG_TRIAGE_PACE_SLOWER_PCT % slower than the median of the runner's own
 *    runs in the 4 weeks before (>= SG_TRIAGE_PACE_BASE_RUNS of them), and
 *    slower by more than SG_TRIAGE_PACE_NOISE_K standard errors of the
 *    run-to-run spread, adds "pace_dropped_with_pain", numbers in
 *    has_pace_drop/pace_*.
 * Both are "evaluate"; the tier and advice of `out` (a result of
 * sg_triage_run) are updated. `runs` are the stored runs (links.h; NaN =
 * unknown, not counted). Never fails. */
void sg_triage_training_drop(const sg_entry *entries, size_t n, const sg_run_fact *runs,
                             size_t n_runs, int today, sg_triage_result *out);

/* Why stored answers were set aside. */
typedef enum sg_screen_stale {
    SG_SCREEN_FRESH = 0,     /* answered within the week, no new pain since */
    SG_SCREEN_NONE,          /* never answered */
    SG_SCREEN_EXPIRED,       /* last answered more than SG_TRIAGE_SCREEN_VALID_DAYS ago */
    SG_SCREEN_NEW_PAIN,      /* pain was logged after the last answers */
} sg_screen_stale;

/* The runner's stored answers (screen entries of the journal) as they count
 * for `today`. For each question the newest answer (by day, then entry id)
 * from the last SG_TRIAGE_SCREEN_VALID_DAYS days counts. A pain entry logged
 * after a screen (a larger entry id) sets aside that screen's "no" answers,
 * so the questions are asked again; its "yes" and "not sure" answers stay
 * (erring towards being seen). */
typedef struct sg_screen_state {
    sg_redflag_answers answers; /* what counts today */
    int last_day;               /* day of the newest screen entry; SG_JOURNAL_NO_DAY none */
    long long last_id;          /* its entry id; 0 none */
    sg_screen_stale stale;      /* why "no" answers were set aside, or FRESH */
    unsigned set_aside;         /* SG_RF_BIT mask of stored answers that no longer count */
} sg_screen_state;

/* Never fails; entries of other kinds and after `today` are ignored. */
void sg_screen_from_journal(const sg_entry *entries, size_t n, int today, sg_screen_state *out);

/* "fresh", "none", "expired", "new_pain". */
const char *sg_screen_stale_name(sg_screen_stale s);

/* Answers given now (CLI options, the dashboard's form) over stored ones: a
 * question answered in `now` takes that answer. */
sg_redflag_answers sg_redflag_answers_merge(const sg_redflag_answers *stored,
                                            const sg_redflag_answers *now);

#ifdef __cplusplus
}
#endif
#endif
