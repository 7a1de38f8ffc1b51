/* Numbers as text for a person (format.h). Each value is rounded once, as a
 * whole, before it is split into minutes and seconds. */
#include "render/format.h"

#include <math.h>
#include <stdio.h>

#include "strideguard/journal.h"

static char *not_measured(char *b, size_t n)
{
    if (n)
        snprintf(b, n, "%s", SG_FMT_NOT_MEASURED);
    return b;
}

/* h:mm:ss or m:ss of whole seconds v >= 0 */
static void clock(char *b, size_t n, long long v, const char *suffix)
{
    if (v >= 3600)
        snprintf(b, n, "%lld:%02lld:%02lld%s", v / 3600, v / 60 % 60, v % 60, suffix);
    else
        snprintf(b, n, "%lld:%02lld%s", v / 60, v % 60, suffix);
}

char *sg_fmt_duration(char *b, size_t n, double s)
{
    if (!isfinite(s) || s < 0 || s > 1e12)
        return not_measured(b, n);
    if (n)
        clock(b, n, llround(s), "");
    return b;
}

char *sg_fmt_pace(char *b, size_t n, double s_per_km, bool miles)
{
    double s = miles ? s_per_km * SG_FMT_MI_M / 1000.0 : s_per_km;
    if (!isfinite(s) || s <= 0 || s > 1e12)
        return not_measured(b, n);
    if (n)
        clock(b, n, llround(s), miles ? " /mi" : " /km");
    return b;
}

char *sg_fmt_num(char *b, size_t n, double v, int dec, const char *unit)
{
    if (!isfinite(v))
        return not_measured(b, n);
    if (dec < 0)
        dec = 0;
    if (dec > 9)
        dec = 9;
    if (fabs(v) < 0.5 * pow(10, -dec))
        v = 0.0; /* no "-0" */
    if (n)
        snprintf(b, n, "%.*f%s", dec, v, unit ? unit : "");
    return b;
}

char *sg_fmt_distance(char *b, size_t n, double m, bool miles, int dec)
{
    return sg_fmt_num(b, n, miles ? m / SG_FMT_MI_M : m / 1000.0, dec, miles ? " mi" : " km");
}

char *sg_fmt_elevation(char *b, size_t n, double m, bool feet)
{
    return sg_fmt_num(b, n, feet ? m / SG_FMT_FT_M : m, 0, feet ? " ft" : " m");
}

void sg_jw_kday(sg_jw *w, const char *key, int day)
{
    char b[11];
    if (day == SG_JOURNAL_NO_DAY)
        sg_jw_knull(w, key);
    else
        sg_jw_kstr(w, key, sg_journal_date_format(day, b));
}
