#ifndef SG_APP_CLINIC_H
#define SG_APP_CLINIC_H
/* The clinician's view (issue #16): the roster of a clinic's runners sorted
 * by what needs attention, assessment findings, prehab assignments and the
 * visit summary. No permission checks here (the server's sg_authz_decide
 * decides who may call what); no clock ("today" and "now" are parameters);
 * no formatting (render/clinic_*.c writes the typed results).
 *
 * Nothing here makes a diagnosis: a finding is the clinician's own free text
 * under a region and a side; the roster's signals are the project's own
 * composites (the triage's warning signs, the run analyses' flags), labelled
 * as ours by render.
 *
 * Every function returns SG_OK or an sg_code with err filled (may be NULL):
 * SG_EUSAGE bad input (a region, side, date, exercise or text out of range),
 * SG_ENOTFOUND a finding or assignment that is not the athlete's, SG_ENOMEM,
 * and the store's and the triage's codes. Results are owned by the caller
 * and released with the matching _free. */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/accounts_store.h"
#include "strideguard/clinic_store.h"
#include "strideguard/prehab.h"
#include "strideguard/store.h"
#include "strideguard/triage.h"

#define SG_ROSTER_WINDOW_DAYS 28      /* runs the roster's run signals look at */
#define SG_ROSTER_TREND_DAYS 14       /* pain and OSTRC: the last 14 days against the 14 before */
#define SG_ROSTER_MAX_RULES 8         /* warning-sign rule names kept per row */
#define SG_ROSTER_RULE_MAX 48
#define SG_ROSTER_TAPER_DAYS 13       /* a race 0..13 days away: taper time */
#define SG_ROSTER_ASYM_PCT 52.2       /* GCT balance beyond 52.2 % either side (Garmin's red) */
#define SG_ROSTER_CACHE_VERSION 1     /* bumped when the cached row's meaning changes */
#define SG_ROSTER_MAX 10000           /* runners in one clinic */

/* Trends: the recent window against the one before. */
typedef enum sg_trend {
    SG_TREND_UNKNOWN = 0,             /* too little data in either window */
    SG_TREND_BETTER,
    SG_TREND_SAME,
    SG_TREND_WORSE
} sg_trend;
const char *sg_trend_name(sg_trend t); /* "unknown", "better", "same", "worse" (static) */

/* One runner's row of the roster. */
typedef struct sg_roster_row {
    long long athlete_id, account_id;
    char login[SG_LOGIN_MAX + 1];
    char name[256];
    sg_tier tier;                     /* the triage tier of `check` today */
    int n_signs;                      /* the triage's warning signs (its reasons) */
    char rules[SG_ROSTER_MAX_RULES][SG_ROSTER_RULE_MAX]; /* their rule names, most urgent first */
    int n_rules;
    int runs;                         /* on-foot runs in the last SG_ROSTER_WINDOW_DAYS */
    int spike_runs;                   /* of those, moderate or large distance spikes */
    int breakdown_runs;               /* of those, late-run form breakdown flagged */
    double balance_left_pct;          /* mean GCT balance of those runs; NaN unknown */
    bool asymmetric;                  /* beyond SG_ROSTER_ASYM_PCT either side */
    sg_trend asym_trend;              /* distance from 50 %: last 14 days against the 14 before */
    double pain_recent;               /* max pain 0..10 in the last 14 days; NaN none logged */
    sg_trend pain_trend;
    int ostrc_recent;                 /* latest OSTRC severity 0..100 in the last 14 days; -1 */
    sg_trend ostrc_trend;
    int days_to_race;                 /* -1: no race ahead */
    bool taper;                       /* race 0..SG_ROSTER_TAPER_DAYS days away */
    int last_day;                     /* most recent run or journal day; SG_JOURNAL_NO_DAY none */
} sg_roster_row;

typedef struct sg_roster {
    sg_roster_row *rows;              /* sorted: sg_roster_cmp */
    size_t n;
    size_t cached;                    /* rows served from the cache (the rest were recomputed) */
} sg_roster;

/* The order of the roster: higher tier first, then more warning signs, then
 * more of our run signals (spikes, breakdown, asymmetry), then the most
 * recent activity, then athlete id. qsort-compatible. */
int sg_roster_cmp(const void *a, const void *b);

/* The roster of a clinic's runners for `today`. Each row comes from the
 * roster cache when the athlete's data fingerprint (and today) match, else it
 * is recomputed and stored back (the only writes). The store handle's current
 * athlete is restored before return. *out owned: sg_roster_free. */
int sg_app_roster(sg_store *st, long long clinic_id, int today, sg_roster *out, sg_err *err);
/* The same, without computing anything: *out filled (owned: sg_roster_free)
 * only when every row came from the cache; else *out is empty and *missing
 * says how many rows were not cached (the caller computes them with
 * sg_app_roster, one caller at a time: a server's single flight). Nothing
 * is written. SG_ELIMIT, SG_ENOMEM, store errors. */
int sg_app_roster_cached(sg_store *st, long long clinic_id, int today, sg_roster *out,
                         size_t *missing, sg_err *err);
#define SG_ROSTER_KEY_MAX 160
/* A text naming the roster of `clinic_id` on `today` as it stands: equal
 * texts, equal rosters (the runners, their names and their data's change
 * counters; sg_store_clinic_key). Reads one small row per runner. */
int sg_app_roster_key(sg_store *st, long long clinic_id, int today,
                      char out[SG_ROSTER_KEY_MAX], sg_err *err);
/* The roster's audit: one "read" row per runner of the clinic (by whom, when,
 * what: the route). */
int sg_app_roster_audit(sg_store *st, long long now, long long account_id, long long clinic_id,
                        const char *what, sg_err *err);
void sg_roster_free(sg_roster *r);

/* One runner's row, computed (no cache): the roster's unit, for tests. The
 * handle's current athlete must be the runner's. */
int sg_app_roster_row(sg_store *st, int today, sg_roster_row *row, sg_err *err);

/* The clinic of athlete_id (the clinic of the runner account that owns it;
 * 0 when none). */
int sg_app_athlete_clinic(sg_store *st, long long athlete_id, long long *clinic_id,
                          sg_err *err);

/* The audit log's write: a clinician's read or write of a runner's data. */
int sg_app_audit_add(sg_store *st, long long now, long long account_id, long long athlete_id,
                     bool writes, const char *what, sg_err *err);

/* The audit rows about one athlete, oldest first (accounts_store.h). */
int sg_app_audit_list(sg_store *st, long long athlete_id,
                      int (*fn)(void *ctx, const sg_audit_row *row), void *ctx, sg_err *err);

/* Scopes the handle to one athlete: every later store call of the request
 * sees that athlete's rows only (store.h sg_store_use_athlete). */
void sg_app_use_athlete(sg_store *st, long long athlete_id);

/* ---- findings ---- */

typedef struct sg_finding_req {
    long long athlete_id, account_id;
    const char *date;                 /* "YYYY-MM-DD" */
    const char *region, *side;        /* sg_finding_regions / sg_finding_sides */
    const char *text;                 /* 1..SG_FINDING_TEXT_MAX bytes */
    long long now;
} sg_finding_req;

typedef struct sg_finding {
    long long id, account_id;
    char date[11];
    char region[24], side[12];
    char *text;                       /* owned by the list */
    long long created_utc;
} sg_finding;

typedef struct sg_finding_list {
    sg_finding *items;
    size_t n;
} sg_finding_list;

int sg_app_finding_add(sg_store *st, const sg_finding_req *req, long long *id, sg_err *err);
int sg_app_finding_list(sg_store *st, long long athlete_id, sg_finding_list *out, sg_err *err);
int sg_app_finding_delete(sg_store *st, long long athlete_id, long long id, sg_err *err);
void sg_finding_list_free(sg_finding_list *l);

/* ---- assignments ---- */

typedef struct sg_assignment_req {
    long long athlete_id, account_id;
    const char *exercise;             /* an id of the prehab library (embedded data/prehab.json) */
    const char *dose, *notes;         /* 0..SG_ASSIGN_TEXT_MAX bytes each (dose 1..) */
    const char *from_date;            /* "YYYY-MM-DD" */
    const char *to_date;              /* NULL = open-ended; not before from_date */
    long long now;
} sg_assignment_req;

typedef struct sg_assignment {
    long long id, account_id;
    char exercise[64];
    char *exercise_name;              /* the library's name ("" when no longer in it) */
    char *dose, *notes;
    char from_date[11], to_date[11];  /* to_date "" = open-ended */
    long long created_utc;
} sg_assignment;

typedef struct sg_assignment_list {
    sg_assignment *items;
    size_t n;
} sg_assignment_list;

int sg_app_assignment_add(sg_store *st, const sg_assignment_req *req, long long *id,
                          sg_err *err);
/* Every assignment of the athlete (today = SG_JOURNAL_NO_DAY), or those in
 * force on `today` (from_date <= today <= to_date). */
int sg_app_assignment_list(sg_store *st, long long athlete_id, int today,
                           sg_assignment_list *out, sg_err *err);
int sg_app_assignment_delete(sg_store *st, long long athlete_id, long long id, sg_err *err);
void sg_assignment_list_free(sg_assignment_list *l);

/* The exercise library an assignment picks from (the embedded
 * data/prehab.json); *out owned: sg_prehab_lib_free. */
int sg_app_exercise_library(sg_prehab_lib **out, sg_err *err);

/* ---- the visit summary ---- */

typedef struct sg_visit {
    long long athlete_id;
    char name[256];
    int today;
    sg_roster_row row;                /* the roster's signals today */
    sg_finding_list findings;
    sg_assignment_list assignments;   /* every assignment, past ones included */
} sg_visit;

/* The visit summary of one athlete (the handle's current athlete). */
int sg_app_visit(sg_store *st, long long athlete_id, int today, sg_visit *out, sg_err *err);
void sg_visit_free(sg_visit *v);

#endif
