/* The small helpers of the training-load family (strideguard/load.h): days,
 * Mondays, the flag list and what counts as on foot. load.c and the parts it
 * calls (spikes, taper, race) all use them; they live here so that those
 * parts need not reach back into load.c. */
#include "analysis/load_internal.h"
#include "strideguard/civil.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#define DAY_S 86400.0

int32_t sg_load_day_of(double t) { return (int32_t)floor(t / DAY_S); }

int32_t sg_load_monday(int32_t day)
{
    /* 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays */
    int32_t wd = ((day + 3) % 7 + 7) % 7;
    return day - wd;
}

char *sg_load_day_str(int32_t day, char *buf) { return sg_civil_date_format(day, buf); }

void sg_flag_add(sg_load_flag *flags, size_t *n, const char *code, int severity,
                 const char *fmt, ...)
{
    if (*n >= SG_LOAD_MAX_FLAGS)
        return;
    sg_load_flag *f = &flags[(*n)++];
    snprintf(f->code, sizeof f->code, "%s", code);
    f->severity = severity;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->msg, sizeof f->msg, fmt, ap);
    va_end(ap);
}

int sg_load_on_foot(sg_sport s)
{
    /* files without a sport are mostly runs (GPX) */
    return sg_sport_on_foot(s) || s == SG_SPORT_UNKNOWN;
}
