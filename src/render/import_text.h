#ifndef SG_RENDER_IMPORT_TEXT_H
#define SG_RENDER_IMPORT_TEXT_H
/* How an import names why a file was damaged, skipped or failed: one
 * wording for `strideguard import` and the dashboard's import
 * (GET /api/import), so the runner reads the same reason in both. */

#include <stddef.h>

#include "strideguard/err.h"

/* "line L:C: cause", "offset N: cause" or "cause" (the code's name when the
 * message is empty), into buf[cap]. Returns buf. */
char *sg_import_reason(const sg_err *e, char *buf, size_t cap);

#endif
