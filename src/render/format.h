#ifndef SG_RENDER_FORMAT_H
#define SG_RENDER_FORMAT_H
/* The one place where numbers become text for a person: pace, duration,
 * distance, elevation and plain numbers, used by every text and HTML
 * renderer so that the CLI and the report print the same value the same
 * way (the dashboard's twin is web/src/format.js; keep them in step).
 *
 * Every function writes a NUL-terminated string into the caller's buffer
 * b of n bytes (truncated like snprintf; n = 0 writes nothing) and returns
 * b. Nothing is allocated and no error is possible. A value that is not
 * finite (NaN, inf), or that cannot be what it names (a negative pace or
 * duration), is written as SG_FMT_NOT_MEASURED: `nan` never reaches a
 * person. Rounding is done once, on the whole value, so 359.6 s is 6:00,
 * never 5:60. */

#include <stdbool.h>
#include <stddef.h>

#include "model/jsonw.h"

#define SG_FMT_NOT_MEASURED "not measured"
#define SG_FMT_MI_M 1609.344 /* metres per statute mile */
#define SG_FMT_FT_M 0.3048   /* metres per foot */

/* Pace per km (or per mile): "6:00 /km", "1:00:05 /km" at an hour or more. */
char *sg_fmt_pace(char *b, size_t n, double s_per_km, bool miles);
/* Duration: "48:01", "1:02:03". */
char *sg_fmt_duration(char *b, size_t n, double s);
/* Distance with dec decimals: "9.00 km", "5.59 mi". */
char *sg_fmt_distance(char *b, size_t n, double m, bool miles, int dec);
/* Elevation, whole units: "605 m", "1985 ft". */
char *sg_fmt_elevation(char *b, size_t n, double m, bool feet);
/* A number with dec decimals (0-9) and a unit appended exactly as given
 * (NULL for none; pass " m", " %"): "605 m". A value that rounds to zero is
 * printed without a minus sign. */
char *sg_fmt_num(char *b, size_t n, double v, int dec, const char *unit);

/* A JSON member `key`: the day as "YYYY-MM-DD", or null for
 * SG_JOURNAL_NO_DAY (every journal, triage, OSTRC, gear and plan document
 * writes its days so). Errors are the writer's. */
void sg_jw_kday(sg_jw *w, const char *key, int day);

#endif
