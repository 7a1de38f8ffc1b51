/* `show FILE`: bytes -> activity -> run analysis. */
#include "app/show.h"

#include <string.h>

#include "bytes/file.h"
#include "strideguard/activity.h"
#include "strideguard/fit.h"
#include "strideguard/formats.h"

int sg_show_decode(const unsigned char *buf, size_t len, const char *name, const sg_allocator *a,
                   sg_activity **out, size_t *warnings, sg_err *err)
{
    *out = NULL;
    if (warnings)
        *warnings = 0;
    sg_format f = sg_format_detect(buf, len, name);
    if (f == SG_FMT_FIT) {
        sg_fit_report rep;
        memset(&rep, 0, sizeof rep);
        int rc = sg_fit_decode(buf, len, a, out, &rep, err);
        if (!rc && warnings)
            *warnings = rep.errors;
        return rc;
    }
    if (f == SG_FMT_GPX)
        return sg_gpx_decode(buf, len, a, out, err);
    if (f == SG_FMT_TCX) {
        sg_activity **acts = NULL;
        size_t n = 0;
        int rc = sg_tcx_decode(buf, len, a, &acts, &n, err);
        if (rc)
            return rc;
        /* a multisport file: the first running activity, else the first */
        size_t pick = 0;
        for (size_t i = 0; i < n; i++)
            if (acts[i]->sport == SG_SPORT_RUNNING) {
                pick = i;
                break;
            }
        for (size_t i = 0; i < n; i++)
            if (i != pick)
                sg_activity_free(acts[i]);
        *out = acts[pick];
        sg_free(a, acts);
        return SG_OK;
    }
    return sg_err_set(err, SG_EUNSUPPORTED, -1, "not a FIT, GPX or TCX activity file");
}

int sg_show_file(const char *path, const sg_allocator *a, const sg_run_baseline *base,
                 sg_run_result *out, size_t *warnings, sg_err *err)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    sg_activity *act = NULL;
    int rc = sg_file_read(a, path, 0, &buf, &len, err);
    if (rc)
        goto out;
    rc = sg_show_decode(buf, len, path, a, &act, warnings, err);
    if (rc)
        goto out;
    rc = sg_run_analyze(act, base, out, err);
out:
    sg_activity_free(act);
    sg_free(a, buf);
    return rc;
}
