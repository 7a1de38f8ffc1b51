/* `show FILE`: bytes -> activity -> run analysis. */
#include "app/show.h"

#include <string.h>

#include "bytes/file.h"
#include "strideguard/activity.h"
#include "strideguard/fit.h"

int sg_show_file(const char *path, const sg_allocator *a, const sg_run_baseline *base,
                 sg_run_result *out, size_t *warnings, sg_err *err)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    sg_activity *act = NULL;
    sg_fit_report rep;
    memset(&rep, 0, sizeof rep);
    if (warnings)
        *warnings = 0;
    int rc = sg_file_read(a, path, 0, &buf, &len, err);
    if (rc)
        goto out;
    if (!sg_fit_sniff(buf, len)) {
        rc = sg_err_set(err, SG_EUNSUPPORTED, -1, "not a FIT file (GPX/TCX: not yet)");
        goto out;
    }
    rc = sg_fit_decode(buf, len, a, &act, &rep, err);
    if (rc)
        goto out;
    if (warnings)
        *warnings = rep.errors;
    rc = sg_run_analyze(act, base, out, err);
out:
    sg_activity_free(act);
    sg_free(a, buf);
    return rc;
}
