#ifndef SG_RENDER_OSTRC_JSON_H
#define SG_RENDER_OSTRC_JSON_H
/* The OSTRC-O2 weekly questionnaire as the dashboard draws it (GET
 * /api/ostrc; schema in docs/cli.md "serve"): the question texts and option
 * labels with their published points (strideguard/ostrc.h), which questions
 * an option skips, and the stored questionnaires scored per area. */

#include <stddef.h>

#include "model/jsonw.h"
#include "strideguard/journal.h"
#include "strideguard/ostrc.h"

/* Writes {"instrument","source","today","questions":[{"number","text",
 * "options":[{"value","label","points","skips":[question numbers]}]}],
 * "areas":[{"name","words","weeks":[{"id","date","answers","severity",
 * "substantial","problem"}]}]}. `entries` may hold any kinds (only OSTRC
 * entries dated on or before `today` are written, in the order given, which
 * the journal keeps oldest first); it may be NULL when n is 0. Borrows
 * everything; errors are sticky in w (sg_jw_error). */
void sg_ostrc_write_json(sg_jw *w, const sg_entry *entries, size_t n, int today);

/* The members every view of one stored week writes (the weeks above, the
 * triage document's OSTRC entries): "answers" (null for a question not
 * asked), "severity" (null until the week is complete) and "substantial",
 * scored by sg_ostrc_score_week. Inside an object of w; returns the score. */
sg_ostrc_score sg_ostrc_json_week(sg_jw *w, const sg_ostrc_entry *o);

#endif
