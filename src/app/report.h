#ifndef SG_APP_REPORT_H
#define SG_APP_REPORT_H
/* The `report` use case: one self-contained HTML file summarising the last
 * N weeks for a clinician (render/report_html.h draws it, given to
 * sg_app_report as the options' document table, app/docs.h).
 *
 * Everything is gathered through the other use cases, so the report shows
 * exactly what the CLI and the dashboard show: the triage of `check`
 * with the red-flag answers stored in the journal as they count on the
 * report's last day (when they were last answered, the questions still
 * unanswered), the training load of `load`, the cached run analyses of
 * `show --all`, the journal (pain, and the OSTRC-O2 weeks per area), and
 * this week's prehab plan of `plan`. Reads the store and writes
 * only the analysis caches those use cases write. No clock is read here:
 * "today" and "now" are parameters.
 *
 * The period is `weeks` Monday-based weeks ending on today's UTC day: from
 * the Monday (weeks - 1) weeks before this week's Monday, to today. */

#include <stdbool.h>
#include <stddef.h>

#include "app/docs.h"
#include "strideguard/athlete.h"
#include "strideguard/err.h"
#include "strideguard/journal.h"
#include "strideguard/load.h"
#include "strideguard/prehab.h"
#include "strideguard/store.h"
#include "strideguard/triage.h"

/* ---- what the report shows (render/report_html.h draws it) ---- */

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


#define SG_APP_REPORT_DEFAULT_WEEKS 8
#define SG_APP_REPORT_MAX_WEEKS 104
#define SG_APP_REPORT_MAX_BYTES ((size_t)32 << 20) /* ceiling on the document */

typedef struct sg_app_report_opts {
    int weeks;               /* 1..SG_APP_REPORT_MAX_WEEKS; 0 = SG_APP_REPORT_DEFAULT_WEEKS */
    double today;            /* s since epoch UTC (required): the last day reported is its day */
    double now;              /* the clock, for the "generated" date; NaN = today */
    const char *version;     /* software version shown; NULL = this build's (SG_VERSION) */
    const sg_app_docs *docs; /* writes the document: render's (sg_render_docs()) */
} sg_app_report_opts;

/* weeks 0, now NaN, version NULL, docs NULL (the caller sets it). */
void sg_app_report_opts_init(sg_app_report_opts *o, double today);

/* The period of the options as civil days (inclusive). SG_EUSAGE (message
 * names the problem) when weeks is out of range or today is not finite. */
int sg_app_report_period(const sg_app_report_opts *o, int *from_day, int *to_day, sg_err *err);

/* Builds the report. *html is a malloc()ed NUL-terminated document of *len
 * bytes (free with free()). Errors: SG_EUSAGE (NULL argument, weeks out of
 * range, non-finite today), the store's (SG_ESTORE), SG_EFORMAT (a damaged
 * profile or journal entry), SG_ENOMEM, SG_ELIMIT (document over
 * SG_APP_REPORT_MAX_BYTES); SG_EUSAGE also without o->docs. A missing
 * athlete profile is not an error (the
 * sections say what is unknown and the plan is left out). *html is NULL on
 * error. */
int sg_app_report(sg_store *st, const sg_app_report_opts *o, char **html, size_t *len,
                  sg_err *err);

/* sg_app_report, then writes the document to `path` atomically (temporary
 * file + rename): on any error the file at path is untouched. Errors:
 * sg_app_report's, SG_EIO (message has the OS's reason). */
int sg_app_report_write(sg_store *st, const sg_app_report_opts *o, const char *path,
                        sg_err *err);

#endif
