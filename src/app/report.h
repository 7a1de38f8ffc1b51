#ifndef SG_APP_REPORT_H
#define SG_APP_REPORT_H
/* The `report` use case: one self-contained HTML file summarising the last
 * N weeks for a clinician (render/report_html.h draws it).
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

#include <stddef.h>

#include "strideguard/err.h"
#include "strideguard/store.h"

#define SG_APP_REPORT_DEFAULT_WEEKS 8
#define SG_APP_REPORT_MAX_WEEKS 104
#define SG_APP_REPORT_MAX_BYTES ((size_t)32 << 20) /* ceiling on the document */

typedef struct sg_app_report_opts {
    int weeks;               /* 1..SG_APP_REPORT_MAX_WEEKS; 0 = SG_APP_REPORT_DEFAULT_WEEKS */
    double today;            /* s since epoch UTC (required): the last day reported is its day */
    double now;              /* the clock, for the "generated" date; NaN = today */
    const char *version;     /* software version shown; NULL = this build's (SG_VERSION) */
} sg_app_report_opts;

/* weeks 0, now NaN, version NULL. */
void sg_app_report_opts_init(sg_app_report_opts *o, double today);

/* The period of the options as civil days (inclusive). SG_EUSAGE (message
 * names the problem) when weeks is out of range or today is not finite. */
int sg_app_report_period(const sg_app_report_opts *o, int *from_day, int *to_day, sg_err *err);

/* Builds the report. *html is a malloc()ed NUL-terminated document of *len
 * bytes (free with free()). Errors: SG_EUSAGE (NULL argument, weeks out of
 * range, non-finite today), the store's (SG_ESTORE), SG_EFORMAT (a damaged
 * profile or journal entry), SG_ENOMEM, SG_ELIMIT (document over
 * SG_APP_REPORT_MAX_BYTES). A missing athlete profile is not an error (the
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
