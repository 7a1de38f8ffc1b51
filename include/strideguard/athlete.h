#ifndef STRIDEGUARD_ATHLETE_H
#define STRIDEGUARD_ATHLETE_H
/* The athlete profile: what load, triage and planning need to know about the
 * runner. A plain value type: no pointers except the two strings, which the
 * profile owns (sg_athlete_clear frees them). Unknown numbers are NaN,
 * unknown enums 0. */

#include <stdbool.h>

#include "strideguard/alloc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sg_sex { SG_SEX_UNKNOWN = 0, SG_SEX_FEMALE, SG_SEX_MALE } sg_sex;

/* Injury history items (bit flags), as the athlete reports them. */
enum {
    SG_HIST_DISC = 1 << 0,          /* old disc issues */
    SG_HIST_BACK_STRAIN = 1 << 1,
    SG_HIST_HIP = 1 << 2,
    SG_HIST_ANKLE = 1 << 3,
    SG_HIST_KNEE = 1 << 4,
    SG_HIST_SI_JOINT = 1 << 5,
    SG_HIST_STRESS_FRACTURE = 1 << 6
};

typedef struct sg_athlete {
    sg_sex sex;
    int birth_year;          /* 0 = unknown */
    double height_m;         /* NaN = unknown */
    double mass_kg;
    double hr_rest;          /* bpm */
    double hr_max;           /* bpm; NaN = estimate from data */
    double race_date;        /* s since epoch (00:00 UTC of race day), NaN = none */
    char *race_name;         /* may be NULL */
    char *course_path;       /* race course file (GPX/FIT/TCX), may be NULL */
    unsigned history;        /* SG_HIST_* flags */
    const sg_allocator *alloc;
} sg_athlete;

/* Everything unknown; strings owned through `a` (NULL = default). */
void sg_athlete_init(sg_athlete *p, const sg_allocator *a);
/* Frees the strings and resets to unknown. */
void sg_athlete_clear(sg_athlete *p);
/* Stable names for the history flags ("disc", "back_strain", ...); parse
 * returns 0 for an unknown name. */
const char *sg_athlete_history_name(unsigned flag);
unsigned sg_athlete_history_parse(const char *name);

#ifdef __cplusplus
}
#endif
#endif
