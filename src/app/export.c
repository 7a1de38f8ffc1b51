/* `export` (src/app/export.h). */
#include "app/export.h"

#include <string.h>

#include "bytes/file.h"

int sg_app_export_fit(const char *in, const char *out, const sg_fit_encode_opts *o,
                      sg_app_export_result *r, const char **which, sg_err *err)
{
    memset(r, 0, sizeof *r);
    sg_err_clear(&r->first_warning);
    unsigned char *buf = NULL;
    uint8_t *enc = NULL;
    size_t len = 0, elen = 0;
    sg_activity *act = NULL;
    sg_fit_report rep;
    const char *about = in;
    int rc = sg_file_read(NULL, in, 0, &buf, &len, err);
    if (!rc)
        rc = sg_fit_decode(buf, len, NULL, &act, &rep, err);
    if (!rc) {
        about = out;
        rc = sg_fit_encode(act, o, NULL, &enc, &elen, err);
    }
    if (!rc)
        rc = sg_file_write_atomic(out, enc, elen, err);
    if (!rc) {
        r->records = act->n;
        r->bytes = elen;
        r->warnings = rep.errors;
        if (rep.errors)
            r->first_warning = rep.first_error;
    }
    if (which)
        *which = about;
    sg_free(NULL, enc);
    sg_activity_free(act);
    sg_free(NULL, buf);
    return rc;
}
