#ifndef SG_RENDER_REPORT_HTML_H
#define SG_RENDER_REPORT_HTML_H
/* The clinician report as one self-contained HTML document: inline <style>
 * (with a print stylesheet for A4), inline SVG charts, no script, no
 * external resource of any kind, so it opens offline and prints to PDF as
 * it is. Pure rendering: everything shown is gathered beforehand into an
 * sg_report (app/report.h; src/app/report.c does that from the store); nothing here reads
 * a clock, a file or the store.
 *
 * Every text that came from the runner or a file (journal notes, race name,
 * flag messages) is HTML-escaped. The wording never diagnoses: it reports
 * what was logged and measured and when the triage says to see someone. */


#include <stddef.h>

#include "app/report.h"
#include "model/strbuf.h"

/* The section ids, in document order (each is the id of a <section>):
 * "header", "triage", "journal", "ostrc", "load", "runs", "prehab", "imu",
 * "footer".
 * Returns the count; *names points at a static array. */
size_t sg_report_sections(const char *const **names);

/* Appends the whole document to b. Errors are sticky in b (sg_sb_error). */
void sg_report_html(sg_sb *b, const sg_report *r);

#endif
