/* Calendar arithmetic (include/strideguard/civil.h). */
#include "strideguard/civil.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

long long sg_days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void sg_civil_from_days(long long days, long long *y, int *m, int *d)
{
    long long z = days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = mm;
    *y = yoe + era * 400 + (mm <= 2);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

sg_date_check sg_civil_date_scan(const char *s, long long *days)
{
    if (!s)
        return SG_DATE_SHAPE;
    for (int i = 0; i < 10; i++) /* stops at a short string's '\0' */
        if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return SG_DATE_SHAPE;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < SG_CIVIL_YEAR_MIN || y > SG_CIVIL_YEAR_MAX || m < 1 || m > 12 || d < 1 || d > 31)
        return SG_DATE_DAY;
    long long v = sg_days_from_civil(y, m, d);
    long long yy;
    int mm, dd;
    sg_civil_from_days(v, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d) /* 2025-02-30 and the like */
        return SG_DATE_DAY;
    *days = v;
    return SG_DATE_OK;
}

char *sg_civil_date_format(long long days, char buf[11])
{
    long long y;
    int m, d;
    sg_civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = m = d = 0; /* outside what a 4-digit date can say */
    snprintf(buf, 11, "%04d-%02d-%02d", (int)y, m, d);
    return buf;
}

long long sg_civil_day_of(double t, long long *sod)
{
    long long s = (long long)floor(t);
    long long days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    if (sod)
        *sod = s - days * 86400;
    return days;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static bool take_digits(const char **p, int n, int *v)
{
    int r = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        r = r * 10 + (c - '0');
    }
    *p += n;
    *v = r;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

bool sg_civil_iso8601(const char *s, double *out)
{
    while (is_space(*s))
        s++;
    int y, mo, d, h, mi, sec = 0;
    double frac = 0;
    if (!take_digits(&s, 4, &y) || *s++ != '-' || !take_digits(&s, 2, &mo) || *s++ != '-' ||
        !take_digits(&s, 2, &d))
        return false;
    if (*s != 'T' && *s != 't' && *s != ' ')
        return false;
    s++;
    if (!take_digits(&s, 2, &h) || *s++ != ':' || !take_digits(&s, 2, &mi))
        return false;
    if (*s == ':') {
        s++;
        if (!take_digits(&s, 2, &sec))
            return false;
        if (*s == '.' || *s == ',') {
            s++;
            if (!(*s >= '0' && *s <= '9'))
                return false;
            double scale = 0.1;
            for (; *s >= '0' && *s <= '9'; s++, scale /= 10)
                frac += (*s - '0') * scale;
        }
    }
    int zone = 0; /* seconds east of UTC */
    if (*s == 'Z' || *s == 'z') {
        s++;
    } else if (*s == '+' || *s == '-') {
        int sign = *s++ == '-' ? -1 : 1, zh, zm = 0;
        if (!take_digits(&s, 2, &zh))
            return false;
        if (*s == ':')
            s++;
        if (*s >= '0' && *s <= '9' && !take_digits(&s, 2, &zm))
            return false;
        if (zh > 23 || zm > 59)
            return false;
        zone = sign * (zh * 3600 + zm * 60);
    }
    while (is_space(*s))
        s++;
    if (*s)
        return false;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || mi > 59 || sec > 60)
        return false;
    if (h > 24 || (h == 24 && (mi || sec || frac > 0)))
        return false;
    long long t = sg_days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + sec - zone;
    *out = (double)t + frac;
    return true;
}

char *sg_civil_iso8601_format(double t, char buf[21])
{
    buf[0] = '\0';
    if (!isfinite(t) || t < -62135596800.0 || t > 253402300799.0)
        return buf;
    long long sod, days = sg_civil_day_of(t, &sod);
    long long y;
    int m, d;
    sg_civil_from_days(days, &y, &m, &d); /* no time-zone lookup, unlike gmtime_r */
    char tmp[64]; /* 20 characters for the years checked above */
    snprintf(tmp, sizeof tmp, "%04lld-%02d-%02dT%02lld:%02lld:%02lldZ", y, m, d, sod / 3600,
             sod / 60 % 60, sod % 60);
    memcpy(buf, tmp, 20);
    buf[20] = '\0';
    return buf;
}
