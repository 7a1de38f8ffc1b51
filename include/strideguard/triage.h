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

/* Red-flag questions (bit numbers; use SG_RF_BIT(x) for masks). */
typedef enum sg_redflag {
    SG_RF_SADDLE_NUMBNESS = 0,   /* numbness/altered feeling in the saddle, genital or anal area */
    SG_RF_BLADDER_DYSFUNCTION,   /* new difficulty passing urine, retention, incontinence */
    SG_RF_BOWEL_DYSFUNCTION,     /* new bowel incontinence or loss of rectal sensation */
    SG_RF_SEXUAL_DYSFUNCTION,    /* new sexual dysfunction */
    SG_RF_BILATERAL_LEG_SYMPTOMS,/* leg pain, numbness or tingling in both legs */
    SG_RF_PROGRESSIVE_WEAKNESS,  /* leg weakness that is getting worse, foot drop, gait change */
    SG_RF_FEVER,                 /* fever, chills or feeling unwell with the back pain */
    SG_RF_IMMUNOSUPPRESSION,     /* steroids/immunosuppressants, IV drug use, recent infection */
    SG_RF_MAJOR_TRAUMA,          /* a fall, collision or accident before the pain */
    SG_RF_CANCER_HISTORY,        /* ever had cancer */
    SG_RF_UNEXPLAINED_WEIGHT_LOSS,
    SG_RF_NIGHT_PAIN,            /* constant night pain not eased by changing position */
    SG_RF_AGE_ONSET,             /* this back pain is new (first episode) */
    SG_RF_COUNT
} sg_redflag;

#define SG_RF_BIT(f) (1u << (f))
#define SG_RF_ALL ((1u << SG_RF_COUNT) - 1u)

/* The runner's explicit answers. A flag in `yes` was answered yes; a flag in
 * `asked` but not in `yes` was answered no; a flag not in `asked` was not
 * answered (the result then says the screen is incomplete). */
typedef struct sg_redflag_answers {
    unsigned yes;
    unsigned asked;
} sg_redflag_answers;

const char *sg_redflag_name(sg_redflag f);   /* "saddle_numbness", ...; NULL if out of range */
int sg_redflag_parse(const char *name);      /* -1 for an unknown name */
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
} sg_triage_result;

/* Runs every rule. `entries` may hold any kinds (only pain entries are used;
 * entries after `today` are ignored); `athlete` may be NULL (age unknown);
 * `answers` may be NULL (nothing answered). Never fails. */
void sg_triage_run(const sg_entry *entries, size_t n, const sg_athlete *athlete,
                   const sg_redflag_answers *answers, int today, sg_triage_result *out);

#ifdef __cplusplus
}
#endif
#endif
