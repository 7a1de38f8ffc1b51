#ifndef SG_RENDER_SHARE_JSON_H
#define SG_RENDER_SHARE_JSON_H
/* Sharing as JSON (src/app/share.h's typed results): the clinic's answers to
 * the share routes (docs/cli.md "serve --clinic") and the counts that
 * `share status`/`share stop --json` print. Errors are the writer's
 * (sg_jw_error). */

#include "app/share.h"
#include "model/jsonw.h"

/* "activities", "journal", "imu": N members, into the object open in w. */
void sg_share_counts_json(sg_jw *w, const sg_share_counts *c);
/* {"activities": [sha256...], "journal": [hash...], "imu": [sha256...],
 *  "course": sha256 | null} */
void sg_share_have_json(sg_jw *w, const sg_share_have *h);
/* {"status", "activity_id": N | null, "sha256", "reason": text | null} */
void sg_share_activity_json(sg_jw *w, const sg_share_activity_res *r);
/* {"added", "held", "failed_count", "failed": [{"entry", "error"}...]} */
void sg_share_journal_json(sg_jw *w, const sg_share_journal_res *r);
/* {"status", "next", "imu_id", "linked_activity_id", "reason": text | null} */
void sg_share_imu_json(sg_jw *w, const sg_share_imu_res *r);

#endif
