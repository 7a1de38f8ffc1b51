#ifndef SG_APP_COURSE_VIEW_H
#define SG_APP_COURSE_VIEW_H
/* A race course's elevation profile for the dashboard's Race page. */

#include <stddef.h>

#include "strideguard/err.h"
#include "strideguard/store.h"

/* Decodes the race course kept in the store (src/app/course.h) and returns
 * {"distance_m": [...], "altitude_m": [...]} averaged into at most
 * max_points buckets (malloc'd, caller frees). Distance is the file's own
 * where it has one, else the great-circle path. Errors: the file's read and
 * decode errors, SG_ENOTFOUND when no course is set, SG_ENODATA when the
 * course has fewer than two points. */
int sg_app_course_profile_json(sg_store *st, size_t max_points, char **json, sg_err *err);

#endif
