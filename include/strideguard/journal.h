#ifndef STRIDEGUARD_JOURNAL_H
#define STRIDEGUARD_JOURNAL_H
/* The pain journal: what the runner logs between runs.
 *
 * Three kinds of entry: a pain report, a prehab session (one exercise done),
 * and a run's perceived exertion (RPE, CR-10). Entries are plain value types:
 * no pointers, fixed-size text, so arrays of them can be copied, sorted and
 * freed with one free(). Dates are civil days (days since 1970-01-01, UTC
 * calendar), which is all the journal needs and keeps "today" a plain int.
 *
 * The names of regions, sides and timings are stable: they are stored in the
 * database and printed in JSON, so never renumber or rename them. */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/err.h"
#include "strideguard/screen.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sg_region {
    SG_REGION_UNKNOWN = 0,
    SG_REGION_UPPER_CERVICAL,
    SG_REGION_CERVICAL,
    SG_REGION_THORACIC,
    SG_REGION_THORACOLUMBAR,
    SG_REGION_LUMBAR,
    SG_REGION_LUMBOSACRAL,
    SG_REGION_SACROILIAC,
    SG_REGION_BUTTOCK,
    SG_REGION_HIP,
    SG_REGION_GROIN,
    SG_REGION_THIGH,
    SG_REGION_LOWER_LEG,
    SG_REGION_FOOT,
    SG_REGION_COUNT
} sg_region;

typedef enum sg_side {
    SG_SIDE_UNKNOWN = 0,
    SG_SIDE_LEFT,
    SG_SIDE_RIGHT,
    SG_SIDE_BOTH,
    SG_SIDE_CENTRAL,
    SG_SIDE_COUNT
} sg_side;

typedef enum sg_timing {
    SG_TIMING_UNKNOWN = 0,
    SG_TIMING_BEFORE,       /* before the run */
    SG_TIMING_DURING,
    SG_TIMING_AFTER,        /* the rest of the run's day */
    SG_TIMING_NEXT_MORNING,
    SG_TIMING_COUNT
} sg_timing;

typedef enum sg_entry_kind {
    SG_ENTRY_NONE = 0,
    SG_ENTRY_PAIN,
    SG_ENTRY_PREHAB,
    SG_ENTRY_RPE,
    SG_ENTRY_SCREEN,    /* answers to the red-flag and warning-sign questions */
    SG_ENTRY_OSTRC,     /* one weekly OSTRC-O2 questionnaire for one body area */
    SG_ENTRY_KIND_COUNT
} sg_entry_kind;

#define SG_JOURNAL_NOTE_MAX 512       /* bytes including the NUL */
#define SG_JOURNAL_EXERCISE_MAX 48    /* prehab exercise id, bytes including NUL */
#define SG_JOURNAL_MAX_STIFFNESS 1440 /* minutes: a day */
#define SG_JOURNAL_MAX_KM 500.0
#define SG_JOURNAL_NO_DAY (-2147483647 - 1) /* "no date" */

typedef struct sg_pain_entry {
    int day;            /* civil day of the pain */
    sg_region region;
    sg_side side;
    int severity;       /* 0..10 numeric rating */
    sg_timing timing;   /* UNKNOWN allowed: not tied to a run */
    double km;          /* km into the run when it started; NaN = not given */
    bool radiates;      /* spreads away from where it started (e.g. into hip or leg) */
    bool numbness;      /* numbness or pins and needles anywhere */
    int stiffness_min;  /* morning stiffness in minutes; -1 = not given */
    bool changed_run;   /* pace or distance was reduced because of it */
    bool worse_during;  /* got worse as the run went on, or after it */
    int eases;          /* stiffness/pain eased with movement: 1 yes, 0 no, -1 not said */
    long long run_id;   /* the run it belongs to; 0 = none */
    char note[SG_JOURNAL_NOTE_MAX];
} sg_pain_entry;

typedef struct sg_prehab_entry {
    int day;
    char exercise[SG_JOURNAL_EXERCISE_MAX]; /* id from the prehab library */
} sg_prehab_entry;

typedef struct sg_rpe_entry {
    int day;            /* day of the run (SG_JOURNAL_NO_DAY when unknown) */
    long long run_id;   /* > 0 */
    int rpe;            /* CR-10: 0..10 */
} sg_rpe_entry;

/* One journal entry. `id` is the store's id (0 = not stored yet). */
typedef struct sg_entry {
    long long id;
    sg_entry_kind kind;
    union {
        sg_pain_entry pain;
        sg_prehab_entry prehab;
        sg_rpe_entry rpe;
        sg_screen_entry screen;
        sg_ostrc_entry ostrc;
    } u;
} sg_entry;

/* ---- names (static strings; parse returns the UNKNOWN/NONE value for an
 * unknown or NULL name) ---- */
const char *sg_region_name(sg_region r);
sg_region sg_region_parse(const char *name);
const char *sg_side_name(sg_side s);
sg_side sg_side_parse(const char *name);
const char *sg_timing_name(sg_timing t);
sg_timing sg_timing_parse(const char *name);
const char *sg_entry_kind_name(sg_entry_kind k);
sg_entry_kind sg_entry_kind_parse(const char *name);
/* Regions of the spine and pelvis (upper_cervical .. sacroiliac), where back
 * pain red flags apply; and the leg regions a symptom can radiate into. */
bool sg_region_is_spinal(sg_region r);
bool sg_region_is_leg(sg_region r);

/* ---- dates ---- */
/* Days since 1970-01-01 of a proleptic Gregorian date (no range check). */
int sg_journal_day_from_civil(int y, int m, int d);
/* The inverse. Any pointer may be NULL. */
void sg_journal_civil_from_day(int day, int *y, int *m, int *d);
/* Parses "YYYY-MM-DD" (exactly, years 1900..2199, real calendar days).
 * SG_EFORMAT with the offending text in the message. */
int sg_journal_date_parse(const char *s, int *day, sg_err *err);
/* Writes "YYYY-MM-DD" into buf (>= 11 bytes). Returns buf. */
char *sg_journal_date_format(int day, char buf[11]);
/* ISO weekday, 1 = Monday .. 7 = Sunday. */
int sg_journal_weekday(int day);

/* ---- construction and validation ---- */
/* Fills *e with an entry of the given kind and "not given" values:
 * day SG_JOURNAL_NO_DAY, km NaN, stiffness -1, severity -1, rpe -1, eases -1,
 * OSTRC answers -1. */
void sg_entry_init(sg_entry *e, sg_entry_kind kind);
/* Copies text into the entry's note/exercise (NULL -> empty). SG_ELIMIT when
 * it does not fit (nothing changes then). */
int sg_entry_set_note(sg_entry *e, const char *note, sg_err *err);
int sg_entry_set_exercise(sg_entry *e, const char *exercise_id, sg_err *err);
/* The entry's date (SG_JOURNAL_NO_DAY when it has none). */
int sg_entry_day(const sg_entry *e);

/* Checks one entry against `today` (civil day): severity/RPE 0..10, known
 * region and side, a date that is given and not after today, stiffness
 * 0..1440 min, km 0..500, a run id for RPE, an exercise id for prehab.
 * Returns SG_OK or SG_EUSAGE with one clear sentence naming the field. */
int sg_entry_validate(const sg_entry *e, int today, sg_err *err);

/* True when a and b record the same thing (ids ignored): same kind and day
 * and, for pain, same region, side, timing and run; for prehab, the same
 * exercise; for RPE, the same run. */
bool sg_entry_same(const sg_entry *a, const sg_entry *b);

/* Validates e and checks it against the entries already stored (those with
 * the same id as e are skipped, so an edit is not its own duplicate).
 * SG_EUSAGE "duplicate: ... (entry N)" when it repeats one. */
int sg_journal_check_new(const sg_entry *e, const sg_entry *existing, size_t n, int today,
                         sg_err *err);

/* ---- JSON, the storage form ----
 * {"kind":"pain","date":"2025-03-01","region":"lumbar","side":"left",
 *  "severity":4,"timing":"during","km":12.5,"radiates":false,"numbness":false,
 *  "stiffness_min":null,"changed_run":false,"run_id":17,"note":"..."}
 * {"kind":"prehab","date":"...","exercise":"side_plank"}
 * {"kind":"rpe","date":"...","run_id":17,"rpe":6}
 * {"kind":"screen","date":"...","yes":["night_pain"],"no":["fever",...],"unsure":[]}
 * {"kind":"ostrc","date":"...","area":"lower_back","answers":[1,2,1,1]}
 * Pain entries also carry "worse_during" (bool) and "eases" (true, false or
 * null); both may be absent in stored JSON written before they existed.
 * The id is not part of the JSON (the store keeps it). */

/* Serialises e (without validating it). *json is a NUL-terminated string
 * allocated with malloc(); free with free(). SG_ENOMEM. */
int sg_entry_to_json(const sg_entry *e, char **json, sg_err *err);
/* Parses one entry. Bad JSON, unknown keys, wrong types and unknown names
 * are SG_EFORMAT with line:col where the parser has one. Ranges and dates are
 * not checked here: call sg_entry_validate. *e is written only on success
 * (its id is set to 0). */
int sg_entry_from_json(const char *json, size_t len, sg_entry *e, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
