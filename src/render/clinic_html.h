#ifndef SG_RENDER_CLINIC_HTML_H
#define SG_RENDER_CLINIC_HTML_H
/* The printable visit summary (GET /api/visit?athlete=ID): one
 * self-contained, print-friendly HTML page of the runner's signals, the
 * clinician's findings and the assigned exercises. Every stored text is
 * HTML-escaped. The wording never diagnoses: the findings are the
 * clinician's own words, the signals are labelled as strideguard's. */

#include "app/clinic.h"

/* A new malloc()ed page (NUL-terminated; *len its length, may be NULL), or
 * NULL when out of memory. */
char *sg_visit_html(const sg_visit *v, size_t *len);

#endif
