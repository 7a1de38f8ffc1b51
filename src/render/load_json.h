#ifndef SG_RENDER_LOAD_JSON_H
#define SG_RENDER_LOAD_JSON_H
/* JSON of a load result (schema "strideguard.load/1", docs/cli.md "load").
 * Writes one object into w; errors are the writer's sticky error. */

#include <stdbool.h>

#include "model/jsonw.h"
#include "strideguard/load.h"

/* all_days: every day/week/spike of the history instead of the window of
 * r->out_first_day .. today. */
void sg_load_json(sg_jw *w, const sg_load_result *r, bool all_days);

/* Only the race section (the object written under "race"), for `race --json`. */
void sg_load_json_race(sg_jw *w, const sg_load_result *r);

#endif
