#ifndef SG_RENDER_CLINIC_JSON_H
#define SG_RENDER_CLINIC_JSON_H
/* The clinician's view as the API sends it (src/app/clinic.h's typed
 * results; docs/cli.md "serve --clinic"). Numbers are rounded here; the
 * roster's signals are labelled as the project's own composites
 * ("source": "strideguard"), never as a diagnosis. Errors are the writer's
 * (sg_jw_error). */

#include "app/clinic.h"
#include "model/jsonw.h"

/* {"today", "runners": [row...], "cached": N, "source", "note"} */
void sg_roster_json(sg_jw *w, const sg_roster *r, int today);
/* One roster row as an object (also the visit summary's "signals"). */
void sg_roster_row_json(sg_jw *w, const sg_roster_row *row);
/* {"findings": [...]} */
void sg_findings_json(sg_jw *w, const sg_finding_list *l);
/* [...] : the assignments, each labelled "by": "clinician" */
void sg_assignments_array_json(sg_jw *w, const sg_assignment_list *l);
/* {"assignments": [...]} */
void sg_assignments_json(sg_jw *w, const sg_assignment_list *l);

/* {"exercises": [{id, name, category, purpose}]}: the library an assignment picks from */
void sg_exercises_json(sg_jw *w, const sg_prehab_lib *lib);

#endif
