/* Format dispatch (include/strideguard/decode.h). */
#include "strideguard/decode.h"

#include "strideguard/formats.h"

static int one_array(const sg_allocator *a, sg_activity *act, sg_activity ***outs, size_t *n_out,
                     sg_err *err)
{
    sg_activity **arr = sg_calloc_array(a, 1, sizeof *arr);
    if (!arr) {
        sg_activity_free(act);
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    }
    arr[0] = act;
    *outs = arr;
    *n_out = 1;
    return SG_OK;
}

int sg_decode_all(const uint8_t *buf, size_t len, const char *name_hint, const sg_allocator *a,
                  sg_activity ***outs, size_t *n_out, sg_fit_report *rep, sg_err *err)
{
    *outs = NULL;
    *n_out = 0;
    sg_activity *act = NULL;
    int rc;
    switch (sg_format_detect(buf, len, name_hint)) {
    case SG_FMT_FIT:
        rc = sg_fit_decode(buf, len, a, &act, rep, err);
        return rc ? rc : one_array(a, act, outs, n_out, err);
    case SG_FMT_GPX:
        rc = sg_gpx_decode(buf, len, a, &act, err);
        return rc ? rc : one_array(a, act, outs, n_out, err);
    case SG_FMT_TCX:
        return sg_tcx_decode(buf, len, a, outs, n_out, err);
    default:
        return sg_err_set(err, SG_EUNSUPPORTED, 0, "not a FIT, GPX or TCX activity file");
    }
}

int sg_decode_one(const uint8_t *buf, size_t len, const char *name_hint, const sg_allocator *a,
                  sg_activity **out, sg_fit_report *rep, sg_err *err)
{
    *out = NULL;
    sg_activity **all = NULL;
    size_t n = 0;
    int rc = sg_decode_all(buf, len, name_hint, a, &all, &n, rep, err);
    if (rc)
        return rc;
    size_t best = 0;
    for (size_t i = 1; i < n; i++) {
        int run_i = all[i]->sport == SG_SPORT_RUNNING, run_b = all[best]->sport == SG_SPORT_RUNNING;
        if (run_i > run_b || (run_i == run_b && all[i]->n > all[best]->n))
            best = i;
    }
    for (size_t i = 0; i < n; i++)
        if (i != best)
            sg_activity_free(all[i]);
    *out = all[best];
    sg_free(a, all);
    return SG_OK;
}
