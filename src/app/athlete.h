#ifndef SG_APP_ATHLETE_H
#define SG_APP_ATHLETE_H
/* The athlete profile in the store (kv key "athlete", a JSON object), and
 * its JSON form for `athlete show --json` and the API. One definition of the
 * JSON shape serves both. */

#include "model/jsonw.h"
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

/* The ranges a profile's numbers must be in, for every front end (`athlete
 * set` takes the height in cm: 100 to 250). */
#define SG_ATHLETE_BIRTH_YEAR_MIN 1900
#define SG_ATHLETE_BIRTH_YEAR_MAX 2030
#define SG_ATHLETE_HEIGHT_M_MIN 1.0
#define SG_ATHLETE_HEIGHT_M_MAX 2.5
#define SG_ATHLETE_MASS_KG_MIN 25
#define SG_ATHLETE_MASS_KG_MAX 250
#define SG_ATHLETE_HR_REST_MIN 25
#define SG_ATHLETE_HR_REST_MAX 120
#define SG_ATHLETE_HR_MAX_MIN 100
#define SG_ATHLETE_HR_MAX_MAX 240
#define SG_ATHLETE_RACE_NAME_MAX 200

/* Checks the whole profile: every known number in its range and a resting
 * heart rate below the max. SG_EUSAGE with a message naming the field. */
int sg_app_athlete_validate(const sg_athlete *p, sg_err *err);

/* Changes the stored profile by the members of a JSON object (len bytes;
 * the dashboard's POST /api/athlete): sex ("female", "male" or null),
 * birth_year, height_m, mass_kg, hr_rest, hr_max (numbers or null for "I
 * don't know"), race_date ("YYYY-MM-DD" or null), race_name (string or
 * null), history (list of names). Members left out keep their stored value.
 * course_path is refused: a course is stored by its content
 * (sg_app_course_put), and a request must not make this process read a path.
 * Validated as sg_app_athlete_validate, then saved in one transaction; *out
 * (initialised by the caller, may be NULL) receives the new profile.
 * Errors: SG_EUSAGE (a member: unknown, of the wrong type or out of range;
 * the message names it), SG_EFORMAT (not a JSON object), SG_ESTORE. */
int sg_app_athlete_update_json(sg_store *st, const char *json, size_t len, sg_athlete *out,
                               sg_err *err);

/* Writes the profile as one JSON object (unknowns as null, race_date as
 * "YYYY-MM-DD", history as a list of names). */
void sg_app_athlete_json(sg_jw *w, const sg_athlete *p);

/* "YYYY-MM-DD" <-> UTC midnight seconds. Parse returns SG_EUSAGE on a bad
 * date (message names it). */
int sg_app_date_parse(const char *s, double *t, sg_err *err);
void sg_app_date_format(double t, char buf[11]);

#endif
