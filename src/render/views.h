#ifndef SG_RENDER_VIEWS_H
#define SG_RENDER_VIEWS_H
/* The JSON documents of the check and plan use cases, composed once for
 * every front end (`check --json`, `plan --json`, GET /api/check,
 * GET /api/plan). Each returns a malloc'd NUL-terminated document (free()),
 * or NULL when out of memory. */

#include "app/plan.h"
#include "app/triage.h"

/* The triage object with "links" (the associations object, or null). */
char *sg_view_check_json(const sg_app_check_result *r);

/* The plan object with "runs" (the runs the plan assumed: date, kind,
 * source) and "basis" (the counts behind each finding). */
char *sg_view_plan_json(const sg_app_plan *p);

#endif
