#ifndef SG_RENDER_ICS_H
#define SG_RENDER_ICS_H
/* iCalendar (RFC 5545) export of a weekly prehab plan: one VCALENDAR with an
 * all-day VEVENT per session. CRLF line endings, lines folded at 75 octets
 * (never inside a UTF-8 sequence), TEXT values escaped (\\ \; \, \n).
 *
 * UIDs are stable ("sg-prehab-YYYYMMDD-strength@DOMAIN"), so re-importing
 * an updated plan replaces events instead of duplicating them. DTSTAMP is
 * passed in: the renderer never reads the clock. */

#include <stddef.h>

#include "strideguard/err.h"
#include "strideguard/prehab.h"

#define SG_ICS_MAX_BYTES ((size_t)1 << 20)

/* Writes the calendar into a new buffer (NUL-terminated; *len excludes the
 * NUL). dtstamp: seconds since the epoch (UTC). uid_domain: NULL =
 * "strideguard.local". The caller frees *out with free(). Errors: SG_ENOMEM,
 * SG_ELIMIT (over SG_ICS_MAX_BYTES); *out is NULL then. */
int sg_ics_plan(const sg_plan *plan, long long dtstamp, const char *uid_domain, char **out,
                size_t *len, sg_err *err);

/* Appends one content line "name:value" to a growing buffer, escaping the
 * value as TEXT when escape is non-zero and folding at 75 octets. Exposed
 * for tests. Returns SG_OK, SG_ENOMEM or SG_ELIMIT. */
typedef struct sg_ics_buf {
    char *p;
    size_t len, cap;
    int error;
} sg_ics_buf;
int sg_ics_line(sg_ics_buf *b, const char *name, const char *value, int escape);
void sg_ics_buf_dispose(sg_ics_buf *b);

#endif
