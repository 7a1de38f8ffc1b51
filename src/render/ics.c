/* iCalendar export of the prehab plan (src/render/ics.h), RFC 5545:
 *  - 3.1  content lines end in CRLF and are folded so no line exceeds 75
 *         octets; a continuation starts with one space;
 *  - 3.3.11 TEXT escapes backslash, semicolon, comma and newline;
 *  - 3.6.1 VEVENT needs UID and DTSTAMP; an all-day event is
 *         DTSTART;VALUE=DATE with DTEND the next day (exclusive). */
#include "render/ics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strideguard/alloc.h"

static int put(sg_ics_buf *b, const char *s, size_t n)
{
    if (b->error)
        return b->error;
    if (b->len + n + 1 > SG_ICS_MAX_BYTES)
        return b->error = SG_ELIMIT;
    if (b->len + n + 1 > b->cap) {
        size_t cap = sg_grow_cap_to(b->cap, b->len + n + 1, 1024, SG_ICS_MAX_BYTES, 1);
        char *p = realloc(b->p, cap);
        if (!p)
            return b->error = SG_ENOMEM;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
    return SG_OK;
}

void sg_ics_buf_dispose(sg_ics_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* Length of the UTF-8 sequence starting with byte c (1 for invalid bytes,
 * which are then copied as they are: our strings are validated upstream). */
static size_t seq_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

int sg_ics_line(sg_ics_buf *b, const char *name, const char *value, int escape)
{
    /* build the unfolded line first, then fold it */
    sg_ics_buf raw = {0};
    put(&raw, name, strlen(name));
    put(&raw, ":", 1);
    for (const char *s = value ? value : ""; *s; s++) {
        if (escape && (*s == '\\' || *s == ';' || *s == ',')) {
            char e[2] = {'\\', *s};
            put(&raw, e, 2);
        } else if (escape && *s == '\n') {
            put(&raw, "\\n", 2);
        } else if (*s == '\r' || (unsigned char)*s < 0x20) {
            if (*s != '\r')
                put(&raw, " ", 1); /* control characters are not allowed in TEXT */
        } else {
            put(&raw, s, 1);
        }
    }
    if (raw.error) {
        int rc = raw.error;
        sg_ics_buf_dispose(&raw);
        return b->error = rc;
    }
    size_t i = 0, col = 0;
    while (i < raw.len) {
        size_t n = seq_len((unsigned char)raw.p[i]);
        if (i + n > raw.len)
            n = raw.len - i;
        if (col + n > 75) {
            put(b, "\r\n ", 3);
            col = 1;
        }
        put(b, raw.p + i, n);
        col += n;
        i += n;
    }
    put(b, "\r\n", 2);
    sg_ics_buf_dispose(&raw);
    return b->error;
}

static void date_value(int day, char out[16])
{
    int y, m, d;
    sg_journal_civil_from_day(day, &y, &m, &d);
    snprintf(out, 16, "%04u%02u%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

static void session_text(sg_ics_buf *t, const sg_plan_session *s)
{
    char line[256];
    put(t, s->focus, strlen(s->focus));
    put(t, "\n", 1);
    for (size_t i = 0; i < s->n_items; i++) {
        const sg_plan_item *it = &s->items[i];
        int n = snprintf(line, sizeof line, "- %s: %d x %s%s\n", it->ex->name, it->sets,
                         it->ex->reps,
                         it->bias == SG_SIDE_LEFT    ? " (one extra set on the left)"
                         : it->bias == SG_SIDE_RIGHT ? " (one extra set on the right)"
                                                     : "");
        put(t, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
        if (it->variant) {
            n = snprintf(line, sizeof line, "  %s: %s\n",
                         it->step > 0 ? "progression" : "easier version", it->variant);
            put(t, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
        }
    }
    static const char stop[] =
        "Stop an exercise if pain spreads into the buttock or leg, or you feel numbness or "
        "tingling. Prehab builds capacity; it is not a treatment.";
    put(t, stop, sizeof stop - 1);
}

int sg_ics_plan(const sg_plan *plan, long long dtstamp, const char *uid_domain, char **out,
                size_t *len, sg_err *err)
{
    *out = NULL;
    if (len)
        *len = 0;
    if (!uid_domain)
        uid_domain = "strideguard.local";
    sg_ics_buf b = {0};
    char stamp[32], v[256];
    {
        long long days = dtstamp >= 0 ? dtstamp / 86400 : (dtstamp - 86399) / 86400;
        long long sec = dtstamp - days * 86400;
        int y, m, d;
        sg_journal_civil_from_day((int)days, &y, &m, &d);
        snprintf(stamp, sizeof stamp, "%04d%02d%02dT%02d%02d%02dZ", y % 10000, m % 100, d % 100,
                 (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
    }
    sg_ics_line(&b, "BEGIN", "VCALENDAR", 0);
    sg_ics_line(&b, "VERSION", "2.0", 0);
    sg_ics_line(&b, "PRODID", "-//strideguard//prehab plan//EN", 0);
    sg_ics_line(&b, "CALSCALE", "GREGORIAN", 0);
    sg_ics_line(&b, "METHOD", "PUBLISH", 0);
    sg_ics_line(&b, "X-WR-CALNAME", "strideguard prehab", 1);
    for (size_t i = 0; i < plan->n_sessions; i++) {
        const sg_plan_session *s = &plan->sessions[i];
        const char *kind = s->kind == SG_SESSION_STRENGTH ? "strength" : "mobility";
        char d0[16], d1[16];
        date_value(s->day, d0);
        date_value(s->day + 1, d1);
        sg_ics_line(&b, "BEGIN", "VEVENT", 0);
        snprintf(v, sizeof v, "sg-prehab-%s-%s@%.100s", d0, kind, uid_domain);
        sg_ics_line(&b, "UID", v, 0);
        sg_ics_line(&b, "DTSTAMP", stamp, 0);
        sg_ics_line(&b, "DTSTART;VALUE=DATE", d0, 0);
        sg_ics_line(&b, "DTEND;VALUE=DATE", d1, 0);
        snprintf(v, sizeof v, "Prehab: %s (%d min)%s", kind, s->minutes,
                 plan->taper && s->kind == SG_SESSION_STRENGTH ? " - taper week" : "");
        sg_ics_line(&b, "SUMMARY", v, 1);
        sg_ics_buf t = {0};
        session_text(&t, s);
        if (t.error) {
            b.error = t.error;
        } else {
            sg_ics_line(&b, "DESCRIPTION", t.p, 1);
        }
        sg_ics_buf_dispose(&t);
        sg_ics_line(&b, "CATEGORIES", "Prehab", 1);
        sg_ics_line(&b, "TRANSP", "TRANSPARENT", 0);
        sg_ics_line(&b, "END", "VEVENT", 0);
    }
    if (plan->on_hold && plan->care) {
        /* no exercise: one all-day note on the first day saying where to get care */
        char d0[16], d1[16];
        date_value(plan->week_start, d0);
        date_value(plan->week_start + 1, d1);
        sg_ics_line(&b, "BEGIN", "VEVENT", 0);
        snprintf(v, sizeof v, "sg-prehab-%s-hold@%.100s", d0, uid_domain);
        sg_ics_line(&b, "UID", v, 0);
        sg_ics_line(&b, "DTSTAMP", stamp, 0);
        sg_ics_line(&b, "DTSTART;VALUE=DATE", d0, 0);
        sg_ics_line(&b, "DTEND;VALUE=DATE", d1, 0);
        sg_ics_line(&b, "SUMMARY", "Prehab on hold: get care first", 1);
        sg_ics_line(&b, "DESCRIPTION", plan->care, 1);
        sg_ics_line(&b, "CATEGORIES", "Prehab", 1);
        sg_ics_line(&b, "TRANSP", "TRANSPARENT", 0);
        sg_ics_line(&b, "END", "VEVENT", 0);
    }
    sg_ics_line(&b, "END", "VCALENDAR", 0);
    if (b.error) {
        int rc = b.error;
        sg_ics_buf_dispose(&b);
        return sg_err_set(err, rc, -1, rc == SG_ENOMEM ? "out of memory" : "calendar too large");
    }
    *out = b.p;
    if (len)
        *len = b.len;
    return SG_OK;
}
