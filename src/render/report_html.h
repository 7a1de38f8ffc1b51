#ifndef SG_RENDER_REPORT_HTML_H
#define SG_RENDER_REPORT_HTML_H
/* The clinician report as one self-contained HTML document: inline <style>
 * (with a print stylesheet for A4), inline SVG charts, no script, no
 * external resource of any kind, so it opens offline and prints to PDF as
 * it is. Pure rendering: everything shown is gathered beforehand into an
 * sg_report (src/app/report.c does that from the store); nothing here reads
 * a clock, a file or the store.
 *
 * Every text that came from the runner or a file (journal notes, race name,
 * flag messages) is HTML-escaped. The wording never diagnoses: it reports
 * what was logged and measured and when the triage says to see someone. */

#include <stdbool.h>
#include <stddef.h>

#include "model/strbuf.h"
#include "strideguard/athlete.h"
#include "strideguard/journal.h"
#include "strideguard/load.h"
#include "strideguard/prehab.h"
#include "strideguard/triage.h"

/* One analysed run of the period (from the cached run analysis). Unknown
 * numbers are NaN. */
typedef struct sg_report_run {
    long long id;
    double start;                /* UTC s */
    double distance_m, moving_time_s, ascent_m, descent_m;
    double impact_weighted_km;
    double cadence_spm;          /* flat median */
    double balance_left_pct;     /* flat median GCT balance, % left */
    bool failed;                 /* could not be analysed: only id and start are known */
    char codes[128];             /* flag codes joined by ", " ("" none) */
} sg_report_run;

/* A run flag raised in the period, deduplicated by code. */
typedef struct sg_report_flag {
    char code[32];
    char severity[16];           /* "info", "caution", "warning" */
    char message[256];           /* of the most recent occurrence */
    char source[192];
    size_t count;
    int last_day;
} sg_report_flag;

/* Prehab logged in one Monday-based week of the period. */
typedef struct sg_report_prehab_week {
    int week_start;
    int entries;                 /* prehab entries (one per exercise done) */
    int days;                    /* distinct days with at least one */
} sg_report_prehab_week;

#define SG_REPORT_MAX_WEEKS 104

/* Everything the report shows. Pointers are borrowed for the render call;
 * any of them may be NULL/0 (the section then says what is missing). */
typedef struct sg_report {
    int weeks;                   /* 1..SG_REPORT_MAX_WEEKS */
    int from_day, to_day;        /* the period, civil days, inclusive */
    int generated_day;           /* the clock's day when generated */
    const char *version;         /* software version, may be NULL */
    bool simulated;              /* some activity came from the demo simulator */

    const sg_athlete *athlete;   /* NULL: no profile stored */
    int age_years;               /* -1 unknown */

    const sg_triage_result *triage; /* NULL: not available */
    const char *triage_error;    /* why not (may be NULL) */
    /* The stored red-flag answers as they counted for the triage (when last
     * answered, why asked again); NULL: not known. */
    const sg_screen_state *screen;

    /* OSTRC-O2 weeks come from `entries` (kind SG_ENTRY_OSTRC). */

    /* Journal entries of every kind, oldest first; may reach before from_day
     * (triage reasons name earlier entries). */
    const sg_entry *entries;
    size_t n_entries;

    const sg_load_result *load;  /* NULL: not available */
    const char *load_error;

    const sg_report_run *runs;   /* on-foot activities of the period, oldest first */
    size_t n_runs;
    const sg_report_flag *flags; /* most frequent first */
    size_t n_flags;

    const sg_report_prehab_week *prehab_weeks; /* the period's weeks, oldest first */
    size_t n_prehab_weeks;
    const sg_plan *plan;         /* the plan of the 7 days from the report's day; NULL with plan_error */
    const char *plan_error;

    /* Lower-back IMU recordings (TODO hook: the store has none yet). */
    size_t n_imu;
    const char *imu_summary;     /* plain text, may be NULL */
} sg_report;

/* The section ids, in document order (each is the id of a <section>):
 * "header", "triage", "journal", "ostrc", "load", "runs", "prehab", "imu",
 * "footer".
 * Returns the count; *names points at a static array. */
size_t sg_report_sections(const char *const **names);

/* Appends the whole document to b. Errors are sticky in b (sg_sb_error). */
void sg_report_html(sg_sb *b, const sg_report *r);

#endif
