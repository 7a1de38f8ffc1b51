#ifndef SG_APP_EXPORT_H
#define SG_APP_EXPORT_H
/* `export`: an activity file decoded into the model and written again as FIT
 * (normalising a device's file to the fields the model keeps). */

#include <stddef.h>

#include "strideguard/err.h"
#include "strideguard/fit.h"

typedef struct sg_app_export_result {
    size_t records;      /* records written */
    size_t bytes;        /* size of the FIT file written */
    size_t warnings;     /* decode errors in the input: the records before the first are written */
    sg_err first_warning; /* the first of them (code SG_OK when none) */
} sg_app_export_result;

/* Reads the FIT file `in`, decodes it and writes it to `out` atomically with
 * the encoding options o. *r is filled whenever the output was written.
 * Errors: SG_EIO / SG_ELIMIT reading `in`, the decoder's (SG_EFORMAT with
 * an offset) when nothing could be decoded, SG_EIO writing `out`, SG_ENOMEM;
 * *which (may be NULL) is set to the path the error is about. */
int sg_app_export_fit(const char *in, const char *out, const sg_fit_encode_opts *o,
                      sg_app_export_result *r, const char **which, sg_err *err);

#endif
