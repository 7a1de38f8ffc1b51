#ifndef SG_APP_COURSE_VIEW_H
#define SG_APP_COURSE_VIEW_H
/* A race course's elevation profile for the dashboard's Race page (written
 * by render/load_json.h, sg_course_profile_json). */

#include <stddef.h>

#include "strideguard/err.h"
#include "strideguard/store.h"

typedef struct sg_app_course_profile {
    double *distance_m;      /* n bucket means, m along the course */
    double *altitude_m;      /* n bucket means; NaN: no altitude in the bucket */
    size_t n;
} sg_app_course_profile;

/* Decodes the race course kept in the store (src/app/course.h) and averages
 * it into at most max_points buckets. Distance is the file's own where it
 * has one, else the great-circle path. *out is the caller's
 * (sg_app_course_profile_free), empty on error. Errors: the file's read and
 * decode errors, SG_ENOTFOUND when no course is set, SG_ENODATA when the
 * course has fewer than two points, SG_ENOMEM. */
int sg_app_course_profile_of(sg_store *st, size_t max_points, sg_app_course_profile *out,
                             sg_err *err);
void sg_app_course_profile_free(sg_app_course_profile *p);

#endif
