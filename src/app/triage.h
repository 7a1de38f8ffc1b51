#ifndef SG_APP_TRIAGE_H
#define SG_APP_TRIAGE_H
/* The `check` use case: the stored journal, the athlete profile and the
 * runner's red-flag answers into the triage (sg_triage_run), plus links
 * between pain and the stored runs (sg_links_analyze, associations only).
 *
 * Also the per-run fact sheet that links and the planner need
 * (sg_app_run_facts): distance, descent, GCT balance and late-run breakdown
 * from sg_run_analyze, cached in the store's analysis cache under
 * SG_APP_RUN_FACTS_CACHE so a second `check` does not decode every run
 * again; the spike category comes from the load analysis over the stored
 * summaries (it depends on the other runs, so it is never cached). */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/links.h"
#include "strideguard/run_analysis.h"
#include "strideguard/store.h"
#include "strideguard/triage.h"

#define SG_APP_RUN_FACTS_CACHE "run_facts"
/* Bumped with the fact format; follows the run analysis's version. */
#define SG_APP_RUN_FACTS_VERSION (SG_RUN_ALGORITHM_VERSION * 100 + 2)
#define SG_APP_RUN_FACTS_MAX 100000
#define SG_APP_LINK_WEEKS 12

/* One stored on-foot run with what the journal and planner use. */
typedef struct sg_app_run {
    sg_run_fact fact;            /* run_id, day, distance, descent, spike, balance, breakdown,
                                    flat distance and time */
    double start;                /* UTC s */
    double moving_time_s;        /* NaN unknown */
    double avg_hr;               /* moving average, bpm; NaN unknown */
    bool analysed;               /* false: the samples could not be analysed (facts from
                                    the summary only) */
} sg_app_run;

/* Facts of every stored running/walking/hiking activity that started on a
 * day in [from_day, to_day], oldest first, in a new malloc()ed array (*out,
 * free with free(); NULL when none). Analyses missing from the cache are
 * computed and stored (the only writes). `athlete` may be NULL. Errors:
 * SG_ESTORE, SG_ENOMEM, SG_ELIMIT (more than SG_APP_RUN_FACTS_MAX runs). A
 * run whose samples fail to decode or analyse is not an error: its facts
 * come from the summary (analysed = false). */
int sg_app_run_facts(sg_store *st, int from_day, int to_day, const sg_athlete *athlete,
                     sg_app_run **out, size_t *n, sg_err *err);

typedef struct sg_app_check_result {
    int today;
    sg_triage_result triage;
    bool has_links;              /* stored runs in the links window */
    sg_links_result links;       /* valid when has_links */
    size_t n_entries;            /* journal entries considered */
    sg_screen_state screen;      /* the stored answers as they count today */
    sg_redflag_answers answers;  /* what the triage used: stored, then `answers` over them */
} sg_app_check_result;

/* Runs triage and links for `today` with the stored screen answers
 * (sg_screen_from_journal) and `answers` (given now; may be NULL) over
 * them. Stores nothing. *out is large (~40 kB): allocate it on the heap.
 * Errors of loading the journal, the profile and the runs. */
int sg_app_check(sg_store *st, const sg_redflag_answers *answers, int today,
                 sg_app_check_result *out, sg_err *err);

/* Stores answers given now as a screen entry dated `today` (*id: its entry
 * id; may be NULL). Answers that answer nothing store nothing (*id = 0).
 * Errors: SG_EUSAGE (a question answered twice), SG_ESTORE, SG_ENOMEM. */
int sg_app_screen_save(sg_store *st, const sg_redflag_answers *answers, int today, long long *id,
                       sg_err *err);

#endif
