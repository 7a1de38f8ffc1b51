#ifndef SG_APP_DOCS_H
#define SG_APP_DOCS_H
/* The writers of the documents a use case keeps or writes whole.
 *
 * app never formats text, JSON or HTML: render/ alone does. Yet a few use
 * cases cache a rendered document (a run's analysis and its chart series, a
 * recording's trunk analysis: docs/internals-store.md "Analysis cache") or
 * write one as a step of their own (the demo's clinician report). The front
 * end hands them render's writers as this table (sg_render_docs(),
 * render/docs.h); app calls through it and stores or writes what comes out.
 * A table of function pointers with no state: one const instance serves every
 * thread. */

#include "analysis/trunk_analysis.h"
#include "model/jsonw.h"
#include "model/strbuf.h"
#include "strideguard/err.h"
#include "strideguard/imu.h"
#include "strideguard/run_analysis.h"

struct sg_report;

typedef struct sg_app_docs {
    /* the `show --json` document of a run analysis */
    void (*run)(sg_jw *w, const sg_run_result *r);
    /* the run view's "series" member (the downsampled chart profile) */
    void (*run_series)(sg_jw *w, const sg_run_profile *p);
    /* the `imu --json` document of a recording (`file` may be NULL) */
    void (*trunk)(sg_jw *w, const char *file, const sg_imu *rec, const sg_trunk_result *r);
    /* the clinician report (app/report.h), appended to b */
    void (*report)(sg_sb *b, const struct sg_report *r);
} sg_app_docs;

/* d->run of r into *json (compact, malloc()ed, the caller's to free()).
 * Errors: SG_EUSAGE (no table), SG_ENOMEM. */
int sg_app_doc_run(const sg_app_docs *d, const sg_run_result *r, char **json, sg_err *err);

/* d->run_series of p into *json, as sg_app_doc_run. */
int sg_app_doc_run_series(const sg_app_docs *d, const sg_run_profile *p, char **json,
                          sg_err *err);

/* d->trunk into *json, as sg_app_doc_run. */
int sg_app_doc_trunk(const sg_app_docs *d, const char *file, const sg_imu *rec,
                     const sg_trunk_result *r, char **json, sg_err *err);

#endif
