/* Calendar arithmetic (include/strideguard/civil.h). */
#include "strideguard/civil.h"

#include <math.h>
#include <stdio.h>

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
