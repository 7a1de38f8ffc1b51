#ifndef STRIDEGUARD_CIVIL_H
#define STRIDEGUARD_CIVIL_H
/* Proleptic Gregorian calendar arithmetic on day numbers (days since
 * 1970-01-01), after Howard Hinnant's days_from_civil / civil_from_days:
 * exact for every year, no gmtime(), no time zone. The one place the
 * project converts between dates and day numbers (journal, load, runs,
 * GPX/TCX and IMU timestamps). Pure functions, no errors. */

#ifdef __cplusplus
extern "C" {
#endif

/* Day number of y-m-d (m 1..12, d 1..31; not range-checked). */
long long sg_days_from_civil(long long y, int m, int d);

/* y-m-d of a day number. */
void sg_civil_from_days(long long days, long long *y, int *m, int *d);

#ifdef __cplusplus
}
#endif
#endif
