#ifndef STRIDEGUARD_CIVIL_H
#define STRIDEGUARD_CIVIL_H
/* Proleptic Gregorian calendar arithmetic on day numbers (days since
 * 1970-01-01), after Howard Hinnant's days_from_civil / civil_from_days:
 * exact for every year, no gmtime(), no time zone. The one place the
 * project converts between dates and day numbers (journal, load, runs,
 * GPX/TCX and IMU timestamps), and the one parser and formatter of a
 * "YYYY-MM-DD" date. Pure functions; callers turn a bad date into their own
 * sg_err code and wording. */

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Day number of y-m-d (m 1..12, d 1..31; not range-checked). */
long long sg_days_from_civil(long long y, int m, int d);

/* y-m-d of a day number. */
void sg_civil_from_days(long long days, long long *y, int *m, int *d);

/* Parses an ISO-8601 / XML Schema dateTime into seconds since the epoch
 * (UTC): YYYY-MM-DD[Tt ]hh:mm[:ss[.fff...]][Z|z|+hh:mm|-hh:mm|+hhmm|+hh],
 * spaces around it ignored. Without a zone the time is taken as UTC (what
 * every activity writer means). The one timestamp parser of the decoders
 * (GPX, TCX, IMU CSV). Returns false for anything else, including
 * out-of-range fields (a day the month lacks, 24:00 with minutes). */
bool sg_civil_iso8601(const char *s, double *out);

/* Writes t (s since the epoch) as "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds
 * rounded down) into buf, or "" when t is not finite or outside the years
 * 0001..9999; returns buf. */
char *sg_civil_iso8601_format(double t, char buf[21]);

/* The years a date may have: one range for every date the project reads
 * (journal, athlete profile, --today, run filters). */
#define SG_CIVIL_YEAR_MIN 1900
#define SG_CIVIL_YEAR_MAX 2199

typedef enum sg_date_check {
    SG_DATE_OK = 0,
    SG_DATE_SHAPE, /* not four digits, '-', two digits, '-', two digits */
    SG_DATE_DAY    /* that shape, but no calendar day of SG_CIVIL_YEAR_MIN..MAX */
} sg_date_check;

/* Reads "YYYY-MM-DD" from the first 10 characters of s (NULL: SG_DATE_SHAPE);
 * on SG_DATE_OK *days is its day number and s[10] is the first character not
 * read: the caller decides whether anything may follow. */
sg_date_check sg_civil_date_scan(const char *s, long long *days);

/* Writes "YYYY-MM-DD" of a day number into buf ("0000-00-00" for a year
 * outside 0..9999); returns buf. */
char *sg_civil_date_format(long long days, char buf[11]);

/* The day number of the UTC day holding t seconds since the epoch (t finite,
 * within +-10^15 s), with *sod its second of that day when sod is not NULL. */
long long sg_civil_day_of(double t, long long *sod);

#ifdef __cplusplus
}
#endif
#endif
