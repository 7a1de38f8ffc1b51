#ifndef SG_APP_ATHLETE_H
#define SG_APP_ATHLETE_H
/* The athlete profile in the store (kv key "athlete", a JSON object), and
 * its JSON form for `athlete show --json` and the API. One definition of the
 * JSON shape serves both. */

#include "render/jsonw.h"
#include "strideguard/athlete.h"
#include "strideguard/store.h"

#define SG_ATHLETE_KEY "athlete"

/* Loads the stored profile into *p (initialised by the caller with
 * sg_athlete_init). *found = 0 and SG_OK when none is stored. SG_EFORMAT when
 * the stored JSON is damaged. */
int sg_app_athlete_load(sg_store *st, sg_athlete *p, int *found, sg_err *err);

/* Stores the profile (replacing the old one) in one transaction. */
int sg_app_athlete_save(sg_store *st, const sg_athlete *p, sg_err *err);

/* Parses the profile JSON into *p (strings copied with p->alloc). */
int sg_app_athlete_from_json(const char *json, sg_athlete *p, sg_err *err);

/* Writes the profile as one JSON object (unknowns as null, race_date as
 * "YYYY-MM-DD", history as a list of names). */
void sg_app_athlete_json(sg_jw *w, const sg_athlete *p);

/* "YYYY-MM-DD" <-> UTC midnight seconds. Parse returns SG_EUSAGE on a bad
 * date (message names it). */
int sg_app_date_parse(const char *s, double *t, sg_err *err);
void sg_app_date_format(double t, char buf[11]);

#endif
