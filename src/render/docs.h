#ifndef SG_RENDER_DOCS_H
#define SG_RENDER_DOCS_H
/* render's writers as the table a use case calls to keep or write a whole
 * document (app/docs.h): the front ends pass sg_render_docs() to show ID,
 * show --all, the run view, the stored IMU view, report and demo. */

#include "app/docs.h"

/* The one table (static storage, const; never NULL, never freed). */
const sg_app_docs *sg_render_docs(void);

#endif
