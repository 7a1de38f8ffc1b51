/* sg_trunk_analyze: the pipeline (analysis/trunk_analysis.h).
 *
 *   gravity tracking -> vertical signal (trunk_orient.c)
 *   contacts and walking steps        (trunk_steps.c)
 *   running bouts -> windows -> body axes, regularity, sides, strides
 *                                     (trunk_metrics.c)
 *   bouts and overall from windows; fatigue and flags (trunk_fatigue.c)
 *
 * Every pass is linear in the samples; regularity uses bounded lags per
 * window, never an O(n^2) autocorrelation of the whole run. */
#include <math.h>
#include <string.h>

#include "analysis/trunk_internal.h"

void sg_trunk_result_free(sg_trunk_result *r)
{
    if (!r)
        return;
    const sg_allocator *a = r->alloc;
    sg_free(a, r->steps);
    sg_free(a, r->bouts);
    sg_free(a, r->windows);
    sg_free(a, r);
}

static void ctx_free(tk_ctx *c)
{
    const sg_allocator *a = c->a;
    sg_free(a, c->fv);
    sg_free(a, c->fvs);
    for (int d = 0; d < 3; d++)
        sg_free(a, c->up[d]);
    sg_free(a, c->seg_end);
    sg_free(a, c->steps);
    sg_free(a, c->sx);
    sg_free(a, c->scratch);
    sg_free(a, c->wbuf);
}

/* The context's filtered columns, up vectors and segment ends (the
 * recording cut at its gaps). */
static int ctx_buffers(tk_ctx *c, sg_err *err)
{
    const sg_imu *rec = c->rec;
    const sg_allocator *a = c->a;
    c->fv = sg_malloc(a, c->n * sizeof(double));
    c->fvs = sg_malloc(a, c->n * sizeof(double));
    c->gstep = (size_t)lround(c->fs / 25.0);
    if (c->gstep < 1)
        c->gstep = 1;
    for (int d = 0; d < 3; d++)
        c->up[d] = sg_malloc(a, (c->n / c->gstep + 1) * sizeof(double));
    c->seg_end = sg_malloc(a, (rec->n_gaps + 1) * sizeof(size_t));
    if (!c->fv || !c->fvs || !c->up[0] || !c->up[1] || !c->up[2] || !c->seg_end) {
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for %zu samples", c->n);
    }
    for (size_t g = 0; g < rec->n_gaps; g++)
        if (rec->gaps[g].index > 0 && rec->gaps[g].index < rec->n &&
            (c->n_seg == 0 || rec->gaps[g].index > c->seg_end[c->n_seg - 1]))
            c->seg_end[c->n_seg++] = rec->gaps[g].index;
    c->seg_end[c->n_seg++] = rec->n;
    return SG_OK;
}

/* Bout [k0, k1] cut into round(duration / window) equal parts, each part's
 * metrics into windows[*w], its steps into wk0/wk1; *w advances. */
static int bout_windows(tk_ctx *c, size_t k0, size_t k1, double win_s, sg_trunk_metrics *windows,
                        size_t *wk0, size_t *wk1, size_t *w, sg_err *err)
{
    double t0 = c->steps[k0].t_ic, d = c->steps[k1].t_ic - t0;
    size_t k = (size_t)lround(d / win_s);
    if (k == 0)
        k = 1;
    size_t ks = k0;
    for (size_t j = 0; j < k; j++) {
        double tend = t0 + d * (double)(j + 1) / (double)k;
        size_t ke = ks;
        if (j + 1 == k)
            ke = k1;
        else
            while (ke < k1 && c->steps[ke].t_ic < tend)
                ke++;
        if (ke <= ks)
            continue;
        sg_trunk_metrics *m = &windows[*w];
        sg_trunk_metrics_nan(m);
        int rc = sg_trunk_window(c, ks, ke, m, err);
        if (rc)
            return rc;
        wk0[*w] = ks;
        wk1[*w] = ke;
        (*w)++;
        ks = ke;
    }
    return SG_OK;
}

int sg_trunk_analyze(const sg_imu *rec, const sg_trunk_opts *opts, const sg_allocator *a,
                     sg_trunk_result **out, sg_err *err)
{
    *out = NULL;
    if (!a)
        a = sg_alloc_default();
    double win_s = opts && opts->window_s > 0 ? opts->window_s : 30.0;
    size_t min_steps = opts && opts->min_bout_steps > 0 ? (size_t)opts->min_bout_steps : 10;
    if (!rec || rec->n < 2 || (double)rec->n / rec->fs < 2.0)
        return sg_err_set(err, SG_ENODATA, -1, "the recording is shorter than 2 s");

    int rc = SG_OK;
    tk_ctx c;
    memset(&c, 0, sizeof c);
    c.rec = rec;
    c.context = opts && opts->context && opts->context->n && !rec->time_relative ? opts->context
                                                                                   : NULL;
    c.a = a;
    c.fs = rec->fs;
    c.n = rec->n;
    size_t *b0 = NULL, *b1 = NULL, nb = 0, *wk0 = NULL, *wk1 = NULL;
    sg_trunk_result *r = sg_calloc_array(a, 1, sizeof *r);
    if (!r)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    r->alloc = a;
    r->fs = rec->fs;
    r->duration_s = sg_imu_duration(rec);
    r->has_gyro = rec->gyr[0] != NULL;
    sg_trunk_metrics_nan(&r->overall);

    rc = ctx_buffers(&c, err);
    if (rc)
        goto out;

    rc = sg_trunk_orient(&c, err);
    if (rc)
        goto out;
    rc = sg_trunk_detect_steps(&c, err);
    if (rc)
        goto out;
    rc = sg_trunk_find_bouts(&c, min_steps, &b0, &b1, &nb, err);
    if (rc)
        goto out;
    r->walking_s = sg_trunk_walking(&c, &r->walking_steps);

    /* windows: each bout cut into round(duration / window) equal parts */
    size_t nw = 0;
    for (size_t b = 0; b < nb; b++) {
        double d = c.steps[b1[b]].t_ic - c.steps[b0[b]].t_ic;
        size_t k = (size_t)lround(d / win_s);
        nw += k ? k : 1;
    }
    if (nb) {
        r->bouts = sg_calloc_array(a, nb, sizeof *r->bouts);
        r->windows = sg_calloc_array(a, nw, sizeof *r->windows);
        wk0 = sg_calloc_array(a, nw, sizeof *wk0);
        wk1 = sg_calloc_array(a, nw, sizeof *wk1);
        if (!r->bouts || !r->windows || !wk0 || !wk1) {
            rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
            goto out;
        }
    }
    size_t w = 0;
    for (size_t b = 0; b < nb; b++) {
        size_t wstart = w;
        rc = bout_windows(&c, b0[b], b1[b], win_s, r->windows, wk0, wk1, &w, err);
        if (rc)
            goto out;
        /* step-based metrics after all sides of the bout are known */
        for (size_t j = wstart; j < w; j++)
            sg_trunk_aggregate(&c, wk0[j], wk1[j], NULL, 0, &r->windows[j]);
        sg_trunk_metrics_nan(&r->bouts[b]);
        sg_trunk_aggregate(&c, b0[b], b1[b], r->windows + wstart, w - wstart, &r->bouts[b]);
        r->running_s += r->bouts[b].duration_s;
    }
    r->n_windows = w;
    r->n_bouts = nb;
    if (nb) {
        sg_trunk_aggregate(&c, b0[0], b1[nb - 1], r->windows, w, &r->overall);
        r->overall.t_start = r->bouts[0].t_start;
        r->overall.t_end = r->bouts[nb - 1].t_end;
    }
    sg_trunk_fatigue_and_flags(&c, r, wk0, wk1);

    r->steps = c.steps;
    r->n_steps = c.n_steps;
    c.steps = NULL;
out:
    sg_free(a, b0);
    sg_free(a, b1);
    sg_free(a, wk0);
    sg_free(a, wk1);
    ctx_free(&c);
    if (rc) {
        sg_trunk_result_free(r);
        return rc;
    }
    *out = r;
    return SG_OK;
}
