#ifndef SG_RENDER_LOAD_JSON_H
#define SG_RENDER_LOAD_JSON_H
/* JSON of a load result (schema "strideguard.load/1", docs/cli.md "load").
 * Writes one object into w; errors are the writer's sticky error. */

#include <stdbool.h>

#include "app/course_view.h"
#include "model/jsonw.h"
#include "strideguard/load.h"

/* all_days: every day/week/spike of the history instead of the window of
 * r->out_first_day .. today. */
void sg_load_json(sg_jw *w, const sg_load_result *r, bool all_days);

/* Only the race section (the object written under "race"), for `race --json`. */
void sg_load_json_race(sg_jw *w, const sg_load_result *r);

/* The Race page's course profile {"distance_m": [...], "altitude_m": [...]}
 * (one decimal, null = no value) as a malloc'd document (free()); NULL when
 * out of memory. */
char *sg_course_profile_json(const sg_app_course_profile *p);

#endif
