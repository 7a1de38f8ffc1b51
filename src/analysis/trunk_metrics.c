/* Per-window trunk metrics: body axes, Moe-Nilssen regularity, RMS ratios,
 * sides, trunk vertical excursion and pelvis ranges; and their aggregation
 * over bouts and the whole run. Sources in docs/science.md §8. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/trunk_internal.h"
#include "strideguard/stats.h"

#define RAD2DEG (180.0 / M_PI)

void sg_trunk_metrics_nan(sg_trunk_metrics *m)
{
    m->t_start = m->t_end = m->duration_s = NAN;
    m->steps = 0;
    m->cadence_spm = m->step_time_ms[0] = m->step_time_ms[1] = m->step_time_asym_pct = NAN;
    m->contact_time_ms = NAN;
    for (int k = 0; k < 3; k++)
        m->step_reg[k] = m->stride_reg[k] = m->rms_ratio[k] = NAN;
    m->step_symmetry = m->impact_med_g = m->impact_p95_g = m->vdisp_mm = NAN;
    m->pelvis_tilt_deg = m->pelvis_obliquity_deg = m->pelvis_rotation_deg = NAN;
    m->obliquity_lr_diff_deg = NAN;
}

double sg_trunk_quantile(double *v, size_t n, double q)
{
    if (n == 0)
        return NAN;
    double pos = q * (double)(n - 1);
    size_t i = (size_t)pos;
    double f = pos - (double)i;
    double x = sg_select_k(v, n, i);
    if (f == 0 || i + 1 >= n)
        return x;
    /* after selection everything right of i is >= v[i]: the next order
     * statistic is their minimum. The interpolation is x (1 - f) + y f, not
     * sg_quantile's x + f (y - x): the same type-7 definition with other
     * rounding, kept so that the trunk metrics keep their last bits. */
    double y = v[i + 1];
    for (size_t k = i + 2; k < n; k++)
        if (v[k] < y)
            y = v[k];
    return x * (1 - f) + y * f;
}

double sg_trunk_median(double *v, size_t n) { return sg_trunk_quantile(v, n, 0.5); }

/* Unbiased autocovariance at lag m (Moe-Nilssen & Helbostad 2004). */
static double acov(const double *x, size_t n, size_t m)
{
    if (m >= n)
        return NAN;
    size_t len = n - m;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t k = 0;
    /* four partial sums: lets the compiler pipeline without -ffast-math */
    for (; k + 4 <= len; k += 4) {
        s0 += x[k] * x[k + m];
        s1 += x[k + 1] * x[k + 1 + m];
        s2 += x[k + 2] * x[k + 2 + m];
        s3 += x[k + 3] * x[k + 3 + m];
    }
    for (; k < len; k++)
        s0 += x[k] * x[k + m];
    return (s0 + s1 + s2 + s3) / (double)len;
}

/* Best lag in [lo, hi] of Ad on the coarse signal (max, or min when want_min),
 * refined on the full-rate signal within +-q samples. */
static void ad_peak(const double *xd, size_t nd, double c0d, const double *x, size_t n, double c0,
                    size_t q, double lo, double hi, bool want_min, double *lag_out,
                    double *ad_out)
{
    *lag_out = NAN;
    *ad_out = NAN;
    size_t a = lo < 1 ? 1 : (size_t)ceil(lo), b = (size_t)floor(hi);
    if (b + 2 >= nd || a > b || !(c0d > 0) || !(c0 > 0))
        return;
    size_t best = a;
    double bv = want_min ? INFINITY : -INFINITY;
    for (size_t m = a; m <= b; m++) {
        double v = acov(xd, nd, m) / c0d;
        if (want_min ? v < bv : v > bv) {
            bv = v;
            best = m;
        }
    }
    if (q > 1) {
        size_t fa = best * q > q ? best * q - q : 1, fb = best * q + q;
        double fv = want_min ? INFINITY : -INFINITY;
        size_t fbst = best * q;
        for (size_t m = fa; m <= fb && m + 2 < n; m++) {
            double v = acov(x, n, m) / c0;
            if (want_min ? v < fv : v > fv) {
                fv = v;
                fbst = m;
            }
        }
        *lag_out = (double)fbst;
        *ad_out = fv;
    } else {
        *lag_out = (double)best;
        *ad_out = bv;
    }
}

static void decimate(const double *x, size_t n, size_t q, double *y, size_t *nd)
{
    size_t m = n / q;
    for (size_t j = 0; j < m; j++) {
        double s = 0;
        for (size_t k = 0; k < q; k++)
            s += x[j * q + k];
        y[j] = s / (double)q;
    }
    *nd = m;
}

static void remove_mean(double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    s /= (double)n;
    for (size_t i = 0; i < n; i++)
        x[i] -= s;
}

/* Range of the integral of (x - mean) over [a, b), dt per sample; when
 * split > a, also the range within [a, split) into *first_range. Removing the
 * stride mean makes the integral periodic (drift removal). */
static double int_range(const double *x, size_t a, size_t b, double dt, size_t split,
                        double *first_range)
{
    double mean = 0;
    for (size_t i = a; i < b; i++)
        mean += x[i];
    mean /= (double)(b - a);
    double s = 0, lo = 0, hi = 0, flo = 0, fhi = 0;
    for (size_t i = a; i < b; i++) {
        s += (x[i] - mean) * dt;
        if (s < lo)
            lo = s;
        if (s > hi)
            hi = s;
        if (i < split) {
            if (s < flo)
                flo = s;
            if (s > fhi)
                fhi = s;
        }
    }
    if (first_range)
        *first_range = fhi - flo;
    return hi - lo;
}

static int ensure_wbuf(tk_ctx *c, size_t need, sg_err *err)
{
    if (need <= c->wcap)
        return SG_OK;
    double *p = sg_realloc_array(c->a, c->wbuf, need, sizeof *p);
    if (!p)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for window buffers");
    c->wbuf = p;
    c->wcap = need;
    return SG_OK;
}

/* One window's frame and buffers, filled step by step by sg_trunk_window. */
typedef struct win {
    size_t w0, w1, W;
    double dn;                          /* W as a double */
    double *vt, *ml, *ap, *vd, *md, *ad, *work;
    double up[3], e1[3], e2[3];         /* mean up and a horizontal basis */
    double cp, sp;                      /* principal axis in (e1, e2) */
    double L;                           /* step lag, samples */
    double AP3[3], ML3[3];              /* oriented AP and ML unit vectors */
} win;

/* 1. mean up, horizontal basis e1, e2 */
static void win_basis(const tk_ctx *c, win *w)
{
    double *up = w->up, *e1 = w->e1, *e2 = w->e2;
    up[0] = up[1] = up[2] = 0;
    for (size_t i = w->w0; i < w->w1; i++)
        for (int d = 0; d < 3; d++)
            up[d] += tk_up(c, d, i);
    double nu = sqrt(up[0] * up[0] + up[1] * up[1] + up[2] * up[2]);
    for (int d = 0; d < 3; d++)
        up[d] /= nu;
    double ref[3] = {1, 0, 0};
    if (fabs(up[0]) > 0.8) {
        ref[0] = 0;
        ref[1] = 1;
    }
    e1[0] = ref[1] * up[2] - ref[2] * up[1];
    e1[1] = ref[2] * up[0] - ref[0] * up[2];
    e1[2] = ref[0] * up[1] - ref[1] * up[0];
    double n1 = sqrt(e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2]);
    for (int d = 0; d < 3; d++)
        e1[d] /= n1;
    e2[0] = up[1] * e1[2] - up[2] * e1[1];
    e2[1] = up[2] * e1[0] - up[0] * e1[2];
    e2[2] = up[0] * e1[1] - up[1] * e1[0];
}

/* 2. horizontal acceleration (g) in (e1, e2), rotated onto the principal
 *    axes of its covariance */
static void win_principal(const tk_ctx *c, win *w)
{
    const sg_imu *r = c->rec;
    const double *e1 = w->e1, *e2 = w->e2;
    double *ml = w->ml, *ap = w->ap;
    double s1 = 0, s2 = 0, s11 = 0, s22 = 0, s12 = 0;
    for (size_t i = w->w0; i < w->w1; i++) {
        size_t o = i - w->w0;
        double a0 = r->acc[0][i] / SG_IMU_G, a1 = r->acc[1][i] / SG_IMU_G,
               a2 = r->acc[2][i] / SG_IMU_G;
        double v = a0 * tk_up(c, 0, i) + a1 * tk_up(c, 1, i) + a2 * tk_up(c, 2, i);
        double h0 = a0 - v * tk_up(c, 0, i), h1 = a1 - v * tk_up(c, 1, i), h2 = a2 - v * tk_up(c, 2, i);
        double x = h0 * e1[0] + h1 * e1[1] + h2 * e1[2];
        double y = h0 * e2[0] + h1 * e2[1] + h2 * e2[2];
        ml[o] = x;
        ap[o] = y;
        w->vt[o] = c->fv[i];
        s1 += x;
        s2 += y;
        s11 += x * x;
        s22 += y * y;
        s12 += x * y;
    }
    double dn = w->dn;
    double c11 = s11 / dn - (s1 / dn) * (s1 / dn), c22 = s22 / dn - (s2 / dn) * (s2 / dn),
           c12 = s12 / dn - (s1 / dn) * (s2 / dn);
    double phi = 0.5 * atan2(2 * c12, c11 - c22);
    double cp = cos(phi), sp = sin(phi);
    for (size_t o = 0; o < w->W; o++) {
        double x = ml[o], y = ap[o];
        ml[o] = cp * x + sp * y;  /* principal */
        ap[o] = -sp * x + cp * y; /* minor */
    }
    w->cp = cp;
    w->sp = sp;
}

/* 4. which principal axis is AP: AP repeats every step, ML every stride
 *    (Moe-Nilssen & Helbostad 2004), so AP has the higher Ad at the step lag;
 *    then its sign (forward) and ML recomputed on the oriented axis */
static void win_orient(const tk_ctx *c, win *w)
{
    const sg_imu *r = c->rec;
    size_t W = w->W, w0 = w->w0;
    double cp = w->cp, sp = w->sp;
    remove_mean(w->ml, W);
    remove_mean(w->ap, W);
    size_t Li = (size_t)lround(w->L);
    double adp = acov(w->ml, W, Li) / acov(w->ml, W, 0), adq = acov(w->ap, W, Li) / acov(w->ap, W, 0);
    double apv[2], mlv[2]; /* (e1,e2) coordinates of the AP and ML unit vectors */
    if (!(adq > adp)) {
        /* principal axis is AP: swap buffers so ap holds it */
        double *t = w->ml;
        w->ml = w->ap;
        w->ap = t;
        apv[0] = cp;
        apv[1] = sp;
    } else {
        apv[0] = -sp;
        apv[1] = cp;
    }
    double *ml = w->ml, *ap = w->ap;
    /* forward: trunk brakes (AP < 0) while vertical load rises at contact */
    double sgn = 0;
    for (size_t o = 1; o + 1 < W; o++)
        sgn += ap[o] * (c->fvs[w0 + o + 1] - c->fvs[w0 + o - 1]);
    if (sgn > 0) {
        for (size_t o = 0; o < W; o++)
            ap[o] = -ap[o];
        apv[0] = -apv[0];
        apv[1] = -apv[1];
    }
    /* left = up x forward (right-handed sensor axes) */
    mlv[0] = -apv[1];
    mlv[1] = apv[0];
    for (int d = 0; d < 3; d++) {
        w->AP3[d] = apv[0] * w->e1[d] + apv[1] * w->e2[d];
        w->ML3[d] = mlv[0] * w->e1[d] + mlv[1] * w->e2[d];
    }
    /* recompute ml with the oriented axis (the buffer's sign is arbitrary) */
    for (size_t i = w0; i < w->w1; i++) {
        size_t o = i - w0;
        double a0 = r->acc[0][i] / SG_IMU_G, a1 = r->acc[1][i] / SG_IMU_G,
               a2 = r->acc[2][i] / SG_IMU_G;
        ml[o] = a0 * w->ML3[0] + a1 * w->ML3[1] + a2 * w->ML3[2];
    }
    remove_mean(ml, W);
}

/* 5. RMS ratio (Schuette): mean-removed RMS per axis over the resultant
 *    (leaves vt mean-free) */
static void win_rms_ratio(win *w, sg_trunk_metrics *m)
{
    double *vt = w->vt, *ml = w->ml, *ap = w->ap, dn = w->dn;
    double mv = 0;
    for (size_t o = 0; o < w->W; o++)
        mv += vt[o];
    mv /= dn;
    double rv = 0, rm = 0, ra = 0;
    for (size_t o = 0; o < w->W; o++) {
        vt[o] -= mv;
        rv += vt[o] * vt[o];
        rm += ml[o] * ml[o];
        ra += ap[o] * ap[o];
    }
    double res = sqrt((rv + rm + ra) / dn);
    if (res > 0) {
        m->rms_ratio[SG_AX_VT] = sqrt(rv / dn) / res;
        m->rms_ratio[SG_AX_ML] = sqrt(rm / dn) / res;
        m->rms_ratio[SG_AX_AP] = sqrt(ra / dn) / res;
    }
}

/* 6. regularity: bounded lags around one and two steps, on a ~100 Hz copy */
static void win_regularity(const tk_ctx *c, win *w, sg_trunk_metrics *m)
{
    double *vt = w->vt, *ml = w->ml, *ap = w->ap, *vd = w->vd, *md = w->md, *ad = w->ad;
    size_t W = w->W;
    double L = w->L;
    size_t q = c->fs >= 150 ? (size_t)(c->fs / 100.0) : 1;
    size_t nd;
    decimate(vt, W, q, vd, &nd);
    decimate(ml, W, q, md, &nd);
    decimate(ap, W, q, ad, &nd);
    double Ld = L / (double)q;
    double cv = acov(vt, W, 0), cm = acov(ml, W, 0), ca = acov(ap, W, 0);
    double cvd = acov(vd, nd, 0), cmd = acov(md, nd, 0), cad = acov(ad, nd, 0);
    double lag1, lag2, lagx;
    ad_peak(vd, nd, cvd, vt, W, cv, q, 0.6 * Ld, 1.4 * Ld, false, &lag1, &m->step_reg[SG_AX_VT]);
    double l1d = isfinite(lag1) ? lag1 / (double)q : Ld;
    ad_peak(vd, nd, cvd, vt, W, cv, q, 2 * l1d - 0.4 * Ld, 2 * l1d + 0.4 * Ld, false, &lag2,
            &m->stride_reg[SG_AX_VT]);
    ad_peak(ad, nd, cad, ap, W, ca, q, 0.6 * Ld, 1.4 * Ld, false, &lagx, &m->step_reg[SG_AX_AP]);
    ad_peak(ad, nd, cad, ap, W, ca, q, 1.6 * Ld, 2.4 * Ld, false, &lagx,
            &m->stride_reg[SG_AX_AP]);
    /* ML: anti-phase step peak at >= 0.5 x the VT step LAG, stride peak at
     * >= 1.5 x that lag (the lag, not the regularity value: see science.md §4a) */
    double ml_step;
    ad_peak(md, nd, cmd, ml, W, cm, q, 0.5 * l1d, 1.5 * l1d, true, &lagx, &ml_step);
    m->step_reg[SG_AX_ML] = fabs(ml_step);
    ad_peak(md, nd, cmd, ml, W, cm, q, 1.5 * l1d, 2.5 * l1d, false, &lagx,
            &m->stride_reg[SG_AX_ML]);
    m->step_symmetry = m->step_reg[SG_AX_VT] / m->stride_reg[SG_AX_VT];
}

/* 7. sides: the stance foot pushes the trunk medially (toward the other
 *    side), so left stances have a rightward (negative) mean ML */
static void win_sides(tk_ctx *c, const win *w, size_t k0, size_t k1)
{
    double score = 0;
    for (size_t k = k0; k < k1; k++) {
        size_t a = c->steps[k].ic, b = c->steps[k].te > a ? c->steps[k].te : a + 1;
        if (b > w->w1)
            b = w->w1;
        double s = 0;
        for (size_t i = a; i < b; i++)
            s += w->ml[i - w->w0];
        c->sx[k].ml_mean = s / (double)(b - a);
        score += ((k - k0) % 2 ? -1.0 : 1.0) * c->sx[k].ml_mean;
    }
    int even_side = score < 0 ? SG_STEP_SIDE_LEFT : SG_STEP_SIDE_RIGHT;
    for (size_t k = k0; k <= k1; k++)
        c->steps[k].side = (k - k0) % 2 ? 1 - even_side : even_side;
}

/* 8a. per stride: trunk vertical excursion */
static void win_vdisp(tk_ctx *c, const win *w, size_t k0, size_t k1)
{
    double *work = w->work, dt = 1.0 / c->fs;
    size_t w0 = w->w0;
    for (size_t o = 0; o < w->W; o++)
        work[o] = (c->fv[w0 + o] - 1.0) * SG_IMU_G;
    for (size_t k = k0; k + 2 <= k1; k++) {
        size_t a = c->steps[k].ic - w0, b = c->steps[k + 2].ic - w0;
        if (b <= a + 2)
            continue;
        /* velocity: integral of mean-free acceleration; then displacement */
        double mean = 0;
        for (size_t o = a; o < b; o++)
            mean += work[o];
        mean /= (double)(b - a);
        double v = 0, vm = 0;
        for (size_t o = a; o < b; o++) {
            v += (work[o] - mean) * dt;
            vm += v;
        }
        vm /= (double)(b - a);
        double d = 0, lo = 0, hi = 0;
        v = 0;
        for (size_t o = a; o < b; o++) {
            v += (work[o] - mean) * dt;
            d += (v - vm) * dt;
            if (d < lo)
                lo = d;
            if (d > hi)
                hi = d;
        }
        c->sx[k].vdisp_m = hi - lo;
    }
}

/* 8b. per stride: pelvis ranges from the gyroscope (tilt, obliquity,
 *     rotation about the ML, AP and vertical axes) */
static void win_pelvis(tk_ctx *c, const win *w, size_t k0, size_t k1)
{
    const sg_imu *r = c->rec;
    if (!r->gyr[0])
        return;
    double *work = w->work, dt = 1.0 / c->fs;
    size_t w0 = w->w0;
    double axes[3][3];
    for (int d = 0; d < 3; d++) {
        axes[0][d] = w->ML3[d]; /* tilt: about the ML axis */
        axes[1][d] = w->AP3[d]; /* obliquity: about the AP axis */
        axes[2][d] = w->up[d];  /* rotation: about the vertical */
    }
    for (int ax = 0; ax < 3; ax++) {
        for (size_t i = w0; i < w->w1; i++)
            work[i - w0] = r->gyr[0][i] * axes[ax][0] + r->gyr[1][i] * axes[ax][1] +
                           r->gyr[2][i] * axes[ax][2];
        for (size_t k = k0; k + 2 <= k1; k++) {
            size_t a = c->steps[k].ic - w0, b = c->steps[k + 2].ic - w0,
                   sp1 = c->steps[k + 1].ic - w0;
            if (b <= a + 2)
                continue;
            double first;
            double rg = int_range(work, a, b, dt, sp1, &first) * RAD2DEG;
            if (ax == 0)
                c->sx[k].tilt = rg;
            else if (ax == 1) {
                c->sx[k].obl = rg;
                c->sx[k].obl_exc = first * RAD2DEG;
            } else
                c->sx[k].rot = rg;
        }
    }
}

int sg_trunk_window(tk_ctx *c, size_t k0, size_t k1, sg_trunk_metrics *m, sg_err *err)
{
    win w = {.w0 = c->steps[k0].ic, .w1 = c->steps[k1].ic};
    if (w.w1 <= w.w0 + 4)
        return SG_OK;
    w.W = w.w1 - w.w0;
    w.dn = (double)w.W;
    /* vt, ml, ap, their decimated copies, and a work column for integrals */
    int rc = ensure_wbuf(c, 7 * w.W + 16, err);
    if (rc)
        return rc;
    w.vt = c->wbuf;
    w.ml = w.vt + w.W;
    w.ap = w.ml + w.W;
    w.vd = w.ap + w.W;
    w.md = w.vd + w.W;
    w.ad = w.md + w.W;
    w.work = w.ad + w.W;

    win_basis(c, &w);
    win_principal(c, &w);

    /* 3. step lag from the detected steps */
    size_t nv = 0;
    for (size_t k = k0; k < k1; k++)
        if (isfinite(c->sx[k].step_s))
            c->scratch[nv++] = c->sx[k].step_s;
    double step_s = sg_trunk_median(c->scratch, nv);
    w.L = step_s * c->fs;
    if (!(w.L > 2) || w.dn < 3.0 * w.L)
        return SG_OK;

    win_orient(c, &w);
    win_rms_ratio(&w, m);
    win_regularity(c, &w, m);
    win_sides(c, &w, k0, k1);
    win_vdisp(c, &w, k0, k1);
    win_pelvis(c, &w, k0, k1);
    return SG_OK;
}

static double wmean(const sg_trunk_metrics *w, size_t nw, size_t off)
{
    double s = 0, ws = 0;
    for (size_t i = 0; i < nw; i++) {
        double v = *(const double *)((const char *)&w[i] + off);
        double wt = w[i].duration_s;
        if (isfinite(v) && wt > 0) {
            s += v * wt;
            ws += wt;
        }
    }
    return ws > 0 ? s / ws : NAN;
}

static size_t collect(const tk_ctx *c, size_t k0, size_t k1, size_t field_off, int side,
                      double *out)
{
    size_t n = 0;
    for (size_t k = k0; k <= k1; k++) {
        if (!c->steps[k].running)
            continue;
        if (side >= 0 && c->steps[k].side != side)
            continue;
        double v = *(const double *)((const char *)&c->sx[k] + field_off);
        if (isfinite(v))
            out[n++] = v;
    }
    return n;
}

void sg_trunk_aggregate(tk_ctx *c, size_t k0, size_t k1, const sg_trunk_metrics *wins, size_t nw,
                  sg_trunk_metrics *m)
{
    m->t_start = c->steps[k0].t_ic;
    m->t_end = c->steps[k1].t_ic;
    double tot = 0, sl = 0, sr = 0;
    size_t nvalid = 0, nl = 0, nr = 0, nsteps = 0;
    for (size_t k = k0; k <= k1; k++) {
        if (!c->steps[k].running)
            continue;
        nsteps++;
        double s = c->sx[k].step_s;
        if (!isfinite(s) || k + 1 > k1)
            continue;
        tot += s;
        nvalid++;
        /* a step is named by the foot that ends it */
        if (c->steps[k + 1].side == SG_STEP_SIDE_LEFT) {
            sl += s;
            nl++;
        } else if (c->steps[k + 1].side == SG_STEP_SIDE_RIGHT) {
            sr += s;
            nr++;
        }
    }
    m->steps = nsteps;
    m->duration_s = tot;
    if (nvalid > 0)
        m->cadence_spm = 60.0 * (double)nvalid / tot;
    if (nl > 0 && nr > 0) {
        double L = sl / (double)nl, R = sr / (double)nr;
        m->step_time_ms[0] = L * 1000;
        m->step_time_ms[1] = R * 1000;
        m->step_time_asym_pct = 100.0 * fabs(L - R) / ((L + R) / 2);
    }
    double *buf = c->scratch;
    size_t n = collect(c, k0, k1, offsetof(tk_stepx, contact_ms), -1, buf);
    m->contact_time_ms = sg_trunk_median(buf, n);
    n = 0;
    for (size_t k = k0; k <= k1; k++)
        if (c->steps[k].running)
            buf[n++] = c->steps[k].peak_g;
    m->impact_med_g = sg_trunk_median(buf, n);
    m->impact_p95_g = sg_trunk_quantile(buf, n, 0.95);
    n = collect(c, k0, k1, offsetof(tk_stepx, vdisp_m), -1, buf);
    m->vdisp_mm = sg_trunk_median(buf, n) * 1000.0;
    n = collect(c, k0, k1, offsetof(tk_stepx, tilt), -1, buf);
    m->pelvis_tilt_deg = sg_trunk_median(buf, n);
    n = collect(c, k0, k1, offsetof(tk_stepx, obl), -1, buf);
    m->pelvis_obliquity_deg = sg_trunk_median(buf, n);
    n = collect(c, k0, k1, offsetof(tk_stepx, rot), -1, buf);
    m->pelvis_rotation_deg = sg_trunk_median(buf, n);
    n = collect(c, k0, k1, offsetof(tk_stepx, obl_exc), SG_STEP_SIDE_LEFT, buf);
    double ol = sg_trunk_median(buf, n);
    n = collect(c, k0, k1, offsetof(tk_stepx, obl_exc), SG_STEP_SIDE_RIGHT, buf);
    double orr = sg_trunk_median(buf, n);
    m->obliquity_lr_diff_deg = ol - orr;
    if (wins) {
        for (int a = 0; a < 3; a++) {
            m->step_reg[a] = wmean(wins, nw, offsetof(sg_trunk_metrics, step_reg) +
                                                 (size_t)a * sizeof(double));
            m->stride_reg[a] = wmean(wins, nw, offsetof(sg_trunk_metrics, stride_reg) +
                                                   (size_t)a * sizeof(double));
            m->rms_ratio[a] = wmean(wins, nw, offsetof(sg_trunk_metrics, rms_ratio) +
                                                  (size_t)a * sizeof(double));
        }
        m->step_symmetry = wmean(wins, nw, offsetof(sg_trunk_metrics, step_symmetry));
    }
}
