#ifndef STRIDEGUARD_PREHAB_H
#define STRIDEGUARD_PREHAB_H
/* Prehab: the exercise library (data/prehab.json, format in docs/formats.md
 * "Prehab library") and the weekly plan that places strength and mobility
 * around the runner's training.
 *
 * Prehab here builds capacity; it does not treat a diagnosis (docs/science.md
 * §10 states what the evidence allows us to claim). */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/alloc.h"
#include "strideguard/athlete.h"
#include "strideguard/err.h"
#include "strideguard/journal.h"
#include "strideguard/triage.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the library ---- */

typedef enum sg_ex_kind { SG_EX_KIND_NONE = 0, SG_EX_STRENGTH, SG_EX_MOBILITY } sg_ex_kind;

typedef enum sg_ex_category {
    SG_EX_CAT_NONE = 0,
    SG_EX_CAT_CORE,          /* trunk: anti-rotation, anti-extension, anti-lateral-flexion */
    SG_EX_CAT_SINGLE_LEG,    /* single-leg pelvic control */
    SG_EX_CAT_HIP_STRENGTH,  /* hip and glute strength */
    SG_EX_CAT_HIP_MOBILITY,  /* hip mobility without end-range stretching */
    SG_EX_CAT_ECCENTRIC,     /* eccentric preparation for descents */
    SG_EX_CAT_COUNT
} sg_ex_category;

/* Tags the planner uses (bit flags). */
enum {
    SG_TAG_ANTI_ROTATION = 1u << 0,
    SG_TAG_ANTI_EXTENSION = 1u << 1,
    SG_TAG_ANTI_LATERAL_FLEXION = 1u << 2,
    SG_TAG_TRUNK_ENDURANCE = 1u << 3,  /* long holds: for late-run form breakdown */
    SG_TAG_SINGLE_LEG = 1u << 4,
    SG_TAG_PELVIC_CONTROL = 1u << 5,
    SG_TAG_GLUTE = 1u << 6,
    SG_TAG_HIP_STRENGTH = 1u << 7,
    SG_TAG_HIP_MOBILITY = 1u << 8,
    SG_TAG_ECCENTRIC = 1u << 9,
    SG_TAG_DESCENT = 1u << 10,         /* prepares for downhill running */
    SG_TAG_UNILATERAL = 1u << 11,      /* done per side: can be biased to one side */
    SG_TAG_LOW_FATIGUE = 1u << 12,     /* fine in taper weeks and near hard runs */
    SG_TAG_COUNT_BITS = 13
};

/* "Skip while" rule, the machine-readable form of a contraindication such as
 * "skip while groin pain is present": the planner leaves the exercise out
 * while pain is logged in `region` on `side` (docs/science.md §10 "The plan
 * listens"). */
typedef struct sg_skip_rule {
    sg_region region;       /* a journal region, never UNKNOWN */
    sg_side side;           /* SG_SIDE_UNKNOWN = any side ("any" in the file) */
} sg_skip_rule;

#define SG_PREHAB_MAX_SKIP 4        /* skip rules per exercise */
#define SG_PREHAB_MAX_EXERCISES 200
#define SG_PREHAB_MAX_LIST 16       /* progressions, regressions, contraindications, tags */
#define SG_PREHAB_MAX_TEXT 1000     /* bytes of any one text field */
#define SG_PREHAB_MAX_FILE (1u << 20)

typedef struct sg_exercise {
    char *id;               /* lower_case_id, unique */
    char *name;
    sg_ex_kind kind;
    sg_ex_category category;
    char *purpose;          /* honest, no treatment claim */
    int sets;               /* normal weeks, 1..10 */
    int taper_sets;         /* taper weeks, 1..sets */
    char *reps;             /* per set, e.g. "8 per side, 3 s lowering" */
    int minutes;            /* time for the whole exercise at `sets`, 1..30 */
    unsigned tags;          /* SG_TAG_* */
    char **progressions;    size_t n_progressions;
    char **regressions;     size_t n_regressions;
    char **contraindications; size_t n_contraindications; /* when to stop or skip */
    sg_skip_rule skip_while[SG_PREHAB_MAX_SKIP];           /* optional "skip_while" */
    size_t n_skip_while;
    int line;               /* line of its id in the file (0 unknown) */
} sg_exercise;

/* The library owns every exercise and string; free with sg_prehab_lib_free. */
typedef struct sg_prehab_lib {
    sg_exercise *ex;
    size_t n;
    int version;
    const sg_allocator *alloc;
} sg_prehab_lib;

const char *sg_ex_kind_name(sg_ex_kind k);
sg_ex_kind sg_ex_kind_parse(const char *name);               /* NONE if unknown */
const char *sg_ex_category_name(sg_ex_category c);
sg_ex_category sg_ex_category_parse(const char *name);       /* NONE if unknown */
const char *sg_prehab_tag_name(unsigned tag_bit);            /* NULL if not one known bit */
unsigned sg_prehab_tag_parse(const char *name);              /* 0 if unknown */

/* Parses and validates a library held in memory. Errors: SG_EFORMAT (bad
 * JSON, with err->line:col; a missing/ill-typed/unknown field, unknown
 * kind/category/tag, duplicate id, out-of-range dosage, an exercise without
 * contraindications, a "skip_while" rule with an unknown region or side:
 * the message names the exercise and err->line is the line of its "id"), SG_EUNSUPPORTED (another version), SG_ELIMIT (too many
 * items or too long text), SG_ENOMEM. The message never repeats the file
 * name: the caller prints it (sg_cli_error). On success *out is a new
 * library; on failure *out is NULL and nothing is left allocated. */
int sg_prehab_lib_parse(const char *buf, size_t len, const sg_allocator *a, sg_prehab_lib **out,
                        sg_err *err);
/* Reads `path` (at most SG_PREHAB_MAX_FILE bytes) and parses it. SG_EIO too. */
int sg_prehab_lib_load(const char *path, const sg_allocator *a, sg_prehab_lib **out,
                       sg_err *err);
void sg_prehab_lib_free(sg_prehab_lib *lib);
/* The exercise with that id, or NULL. Points into lib. */
const sg_exercise *sg_prehab_lib_find(const sg_prehab_lib *lib, const char *id);

/* ---- the weekly plan ---- */

typedef enum sg_run_kind {
    SG_RUN_NONE = 0,
    SG_RUN_EASY,
    SG_RUN_LONG,
    SG_RUN_HARD,
    SG_RUN_RACE
} sg_run_kind;

const char *sg_run_kind_name(sg_run_kind k);
sg_run_kind sg_run_kind_parse(const char *name);   /* NONE if unknown */

typedef struct sg_planned_run {
    int day;                /* civil day */
    sg_run_kind kind;
} sg_planned_run;

/* Findings from the run analyses that bias the plan (bit flags). */
enum {
    SG_FIND_DESCENT_HEAVY = 1u << 0,   /* a descent-heavy block: more eccentric work */
    SG_FIND_ASYMMETRY = 1u << 1,       /* GCT balance off-centre: single-leg work, weaker side */
    SG_FIND_LATE_BREAKDOWN = 1u << 2   /* form breaks down late in runs: trunk endurance */
};

/* Thresholds of the plan's pain monitoring and asymmetry rules; sources and
 * reasons in docs/science.md §10 "The plan listens". */
#define SG_PLAN_PAIN_MAX 5            /* pain-monitoring model (Silbernagel et al. 2007,
                                         after Thomee 1997): pain up to 5/10 during, after
                                         and the morning after is acceptable; above it the
                                         plan regresses */
#define SG_PLAN_ADHERENT_DAYS 2       /* a week with strength logged on >= 2 days is adherent
                                         (the smallest strength plan of a normal week) */
#define SG_PLAN_EX_DAYS 2             /* an exercise logged on >= 2 days of an adherent,
                                         pain-acceptable week moves one progression step */
#define SG_PLAN_PAIN_WINDOW_DAYS 7    /* "skip while" pain: logged in the last 7 days and
                                         not followed by a 0/10 entry for that region */
#define SG_PLAN_ASYM_RED_PP 2.2       /* Garmin's red band: GCT balance beyond 52.2 % */
#define SG_PLAN_ASYM_CHANGE_PP 1.5    /* or this far from the runner's own baseline [D] */

/* ---- The walk-run return to running (docs/science.md §10 "Return to run") ----
 * After a break, or at tier "evaluate" once pain is settling, running comes
 * back as walk-run sessions in stages; a stage is passed only on the
 * pain-monitoring criterion: pain <= SG_RTR_PAIN_MAX/10 during and after the
 * session and the next morning, on SG_RTR_SESSIONS sessions. Pain above it
 * steps back one stage. */
#define SG_RTR_BREAK_DAYS 30        /* no run in 30 days: a break (the load analysis's
                                       return_from_break, §7.7) */
#define SG_RTR_PAIN_MAX 2           /* Thomee 1997's "safe" zone (0-2/10) */
#define SG_RTR_SESSIONS 2           /* sessions at a stage before advancing [D] */
#define SG_RTR_MIN_SESSION_MIN 10.0 /* an on-foot activity of >= 10 min is a session [D] */
#define SG_RTR_SETTLING_DAYS 3      /* pain settling: <= SG_RTR_PAIN_MAX in the last 3 days ... */
#define SG_RTR_PAIN_LOOKBACK_DAYS 28 /* ... after pain above it in the last 28 days */
#define SG_RTR_N_STAGES 7

/* One stage: `reps` x (run run_min, walk walk_min); walk_min 0 = continuous. */
typedef struct sg_rtr_stage {
    int run_min, walk_min, reps;
} sg_rtr_stage;
/* Stage 1..SG_RTR_N_STAGES; NULL outside. Static. */
const sg_rtr_stage *sg_rtr_stage_of(int stage);

/* A recorded on-foot activity, for the return to running. */
typedef struct sg_plan_past_run {
    int day;
    double moving_min;            /* NaN unknown (then counted as a session) */
} sg_plan_past_run;

typedef enum sg_rtr_reason {
    SG_RTR_NONE = 0,              /* not in a return to running */
    SG_RTR_BREAK,                 /* after SG_RTR_BREAK_DAYS or more without a run */
    SG_RTR_PAIN_SETTLING          /* tier evaluate, pain settling */
} sg_rtr_reason;
const char *sg_rtr_reason_name(sg_rtr_reason r);  /* "none", "break", "pain_settling" */

typedef enum sg_rtr_decision {
    SG_RTR_FIRST = 0,             /* no session yet: start at stage 1 */
    SG_RTR_REPEAT,                /* the last session met the criterion; repeat the stage */
    SG_RTR_ADVANCE,               /* SG_RTR_SESSIONS sessions met it: next stage */
    SG_RTR_STEP_BACK,             /* pain above SG_RTR_PAIN_MAX: one stage back */
    SG_RTR_WAIT                   /* the last session's next morning is not known yet */
} sg_rtr_decision;
const char *sg_rtr_decision_name(sg_rtr_decision d); /* "first", "repeat", "advance",
                                                        "step_back", "wait" */

typedef struct sg_plan_rtr {
    sg_rtr_reason reason;         /* NONE: the rest is zero */
    int start_day;                /* sessions counted from this day */
    int stage;                    /* 1..SG_RTR_N_STAGES: the stage of the next session */
    int sessions_at_stage;        /* sessions at this stage that met the criterion */
    int sessions_total;           /* sessions counted since start_day */
    sg_rtr_decision decision;     /* what the last session decided */
    int last_day;                 /* the last session's day; SG_JOURNAL_NO_DAY none */
    int last_pain_max;            /* its worst pain (its day and next morning); -1 none */
} sg_plan_rtr;

/* The return to running for `today`, from the recorded activities `runs`
 * (any order; those after today ignored), the journal's pain entries and the
 * triage tier. Pure; never fails. Tier prompt or above: NONE (get seen
 * first). A run of the last stage that meets the criterion ends it (NONE). */
void sg_plan_return_to_run(const sg_plan_past_run *runs, size_t n_runs, const sg_entry *log,
                           size_t n_log, sg_tier tier, int today, sg_plan_rtr *out);

typedef struct sg_plan_request {
    int week_start;               /* first civil day of the 7 planned (the CLI: today) */
    int today;                    /* the journal is read up to this day; SG_JOURNAL_NO_DAY
                                     = week_start */
    sg_tier tier;                 /* the triage tier (src/app/triage.h); emergency and
                                     urgent put every exercise on hold, evaluate and
                                     prompt give regressions only */
    const sg_planned_run *runs;   /* runs of that week (others ignored); may be NULL */
    size_t n_runs;
    int race_day;                 /* SG_JOURNAL_NO_DAY: take the profile's race date */
    bool taper;                   /* a taper week: lighter */
    unsigned findings;            /* SG_FIND_* */
    double balance_left_pct;      /* GCT balance, % left, for SG_FIND_ASYMMETRY; NaN unknown */
    double balance_baseline_pct;  /* the runner's own usual balance; NaN unknown */
    const sg_entry *log;          /* journal: prehab entries count for adherence, pain entries
                                     drive "skip while" and progression; may be NULL */
    size_t n_log;
    const sg_athlete *profile;    /* required: a plan needs a profile */
    const sg_plan_past_run *past_runs; /* recorded on-foot activities up to today, for the
                                     return to running; may be NULL */
    size_t n_past_runs;
} sg_plan_request;

/* Fills the request with "nothing known": no runs, no race, NaN balance,
 * today = week_start, tier self_care. */
void sg_plan_request_init(sg_plan_request *r, int week_start, const sg_athlete *profile);

typedef enum sg_session_kind { SG_SESSION_STRENGTH = 1, SG_SESSION_MOBILITY } sg_session_kind;

#define SG_PLAN_MAX_ITEMS 6
#define SG_PLAN_MAX_SESSIONS 12   /* <= 3 strength + 7 mobility */
#define SG_PLAN_MAX_NOTES 16

typedef struct sg_plan_item {
    const sg_exercise *ex;        /* points into the library */
    int sets;
    sg_side bias;                 /* LEFT/RIGHT: one extra set on that side; UNKNOWN: none */
    const char *why;              /* why it is in this session (static) */
    bool done;                    /* a prehab entry for this exercise is logged on this day */
    int step;                     /* 0 as written; k > 0: its k-th progression; -1: its first
                                     regression */
    const char *variant;          /* that progression's or regression's text (points into the
                                     library); NULL at step 0 */
} sg_plan_item;

typedef struct sg_plan_session {
    int day;
    sg_session_kind kind;
    int minutes;
    const char *focus;            /* one line (static) */
    sg_plan_item items[SG_PLAN_MAX_ITEMS];
    size_t n_items;
} sg_plan_session;

/* The weekly review of the pain-monitoring model (docs/science.md §10). */
typedef enum sg_plan_review {
    SG_REVIEW_NONE = 0,     /* no adherent week logged: the exercises as written */
    SG_REVIEW_PROGRESS,     /* adherent and pain acceptable: exercises done on >= 2 days
                               move up one progression per such week in a row */
    SG_REVIEW_HOLD,         /* next-morning pain rose on the week before: no progression */
    SG_REVIEW_REGRESS,      /* pain above SG_PLAN_PAIN_MAX: every item at its regression */
    SG_REVIEW_CLINICIAN,    /* tier evaluate/prompt: regressions only until seen */
    SG_REVIEW_ON_HOLD       /* tier urgent/emergency: no exercise at all */
} sg_plan_review;
/* "none", "progress", "hold", "regress", "regress_until_seen", "on_hold".
 * Static. */
const char *sg_plan_review_name(sg_plan_review r);

#define SG_PLAN_MAX_SKIPPED 16

/* An exercise left out because of a "skip while" rule and the pain entry
 * that triggered it. */
typedef struct sg_plan_skip {
    const sg_exercise *ex;        /* points into the library */
    sg_skip_rule rule;
    int pain_day;                 /* the latest matching pain entry */
    sg_side pain_side;
    int pain_severity;
} sg_plan_skip;

typedef struct sg_plan_adherence {
    int strength_days_done;       /* days this week with a logged strength exercise */
    int mobility_days_done;
    int prev_strength_days_done;  /* the 7 days before the plan: the review week */
    int entries_this_week;        /* prehab entries logged this week */
} sg_plan_adherence;

/* The plan is valid while the library it was made from is alive. */
typedef struct sg_plan {
    int week_start;
    bool taper;
    int race_day;                 /* SG_JOURNAL_NO_DAY when none */
    unsigned findings;
    sg_side weaker_side;          /* from balance (an assumption, see docs/science.md §10) */
    int n_strength;
    sg_plan_session sessions[SG_PLAN_MAX_SESSIONS];  /* by day, strength before mobility */
    size_t n_sessions;
    const char *notes[SG_PLAN_MAX_NOTES];            /* static strings */
    size_t n_notes;
    sg_plan_adherence adherence;
    sg_tier tier;                 /* as requested */
    bool on_hold;                 /* emergency/urgent: no session at all */
    const char *care;             /* tier evaluate or higher: where to get care
                                     (sg_tier_action), else NULL */
    sg_plan_review review;
    int review_from, review_to;   /* the review week's days (pain read to review_to) */
    int review_pain_max;          /* worst pain logged there; -1 none */
    int review_morning_max;       /* worst next-morning pain there; -1 none */
    int prev_morning_max;         /* the same for the week before; -1 none */
    sg_plan_skip skipped[SG_PLAN_MAX_SKIPPED];
    size_t n_skipped;
    sg_plan_rtr rtr;              /* the walk-run return to running (reason NONE: none) */
} sg_plan;

/* The side treated as weaker from GCT balance (% of contact time on the
 * left): the side with the SHORTER contact time, on the assumption that a
 * runner offloads the side with less capacity. An assumption, not a
 * measurement of strength. Only when the balance is beyond Garmin's red
 * band (more than SG_PLAN_ASYM_RED_PP points from 50) or has moved at
 * least SG_PLAN_ASYM_CHANGE_PP points from the runner's own baseline (then
 * the side it moved away from); UNKNOWN otherwise, or when balance is NaN
 * (baseline may be NaN: not known). docs/science.md §10. */
sg_side sg_plan_weaker_side(double balance_left_pct, double baseline_left_pct);

/* Days of the week on which strength is never placed (bit i = week_start+i):
 * the race day and the day after, the day before a long run, hard run or race,
 * the long-run day, and in a taper the 3 days before the race. */
unsigned sg_plan_blocked_days(const sg_plan_request *req);

/* Builds the 7 days from req->week_start. The journal and the tier shape it
 * (docs/science.md §10 "The plan listens"): tier emergency or urgent -> no
 * session, only where to get care; evaluate or prompt -> every item at its
 * regression, with the stop rules; an exercise whose skip_while rule matches
 * pain logged in the SG_PLAN_PAIN_WINDOW_DAYS up to req->today is left out
 * (listed in skipped[]); the weekly review moves items up or down their
 * progressions. Errors (nothing written to *out then): SG_EUSAGE "no
 * athlete profile: ..." when req->profile is NULL, or a run/request field out
 * of range; SG_ENODATA when the library lacks a category the plan needs. */
int sg_plan_week(const sg_plan_request *req, const sg_prehab_lib *lib, sg_plan *out,
                 sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
