/* Step events from the vertical trunk signal.
 *
 * Running: a foot is on the ground while the vertical specific force at the
 * trunk exceeds TK_CONTACT_G (the threshold approach of sacral-IMU contact
 * detection, Patoz et al. 2022; the value is ours, calibrated against force-
 * plate contacts, docs/science.md §8). Each stretch above the threshold that
 * lasts TK_CONTACT_MIN_S..MAX_S and peaks above TK_CONTACT_PEAK_G is one
 * contact: its rising crossing is the initial contact, its falling crossing
 * the terminal contact (toe-off), the stretch below in between is flight.
 * This needs no cadence guess, so 140 to 220 steps/min come out alike.
 *
 * Walking has no flight: the signal never drops near 0 g. Its steps are the
 * peaks of the 4 Hz low-passed signal, at least TK_WALK_STEP_MIN_S apart, in
 * runs of TK_WALK_MIN_STEPS with walking-like intervals. They are reported
 * (walking_s) and never enter the running metrics. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/trunk_internal.h"

static int push_step(tk_ctx *c, const sg_trunk_step *s, sg_err *err)
{
    if (c->n_steps == c->cap_steps) {
        size_t limit = (size_t)((double)c->n / c->fs * 6.0) + 64;
        if (c->cap_steps >= limit)
            return sg_err_set(err, SG_ELIMIT, -1, "more than %zu steps", limit);
        size_t nc = c->cap_steps ? c->cap_steps * 2 : 256;
        if (nc > limit)
            nc = limit;
        sg_trunk_step *p = sg_realloc_array(c->a, c->steps, nc, sizeof *p);
        if (!p)
            return sg_err_set(err, SG_ENOMEM, -1, "out of memory for steps");
        c->steps = p;
        c->cap_steps = nc;
    }
    c->steps[c->n_steps++] = *s;
    return SG_OK;
}

/* Sub-sample time of the crossing of level th between samples i-1 and i. */
static double cross_time(const tk_ctx *c, size_t i, double th)
{
    double f0 = c->fvs[i - 1], f1 = c->fvs[i];
    double frac = f1 != f0 ? (th - f0) / (f1 - f0) : 0.5;
    if (frac < 0)
        frac = 0;
    if (frac > 1)
        frac = 1;
    return sg_imu_time(c->rec, i - 1) + frac / c->fs;
}

static int running_contacts(tk_ctx *c, size_t s0, size_t s1, sg_err *err)
{
    const double *f = c->fvs;
    size_t merge = (size_t)(TK_CONTACT_MERGE_S * c->fs);
    size_t i = s0 + 1;
    /* skip a contact already under way at the segment start: its start is unknown */
    while (i < s1 && f[i] > TK_CONTACT_G)
        i++;
    while (i < s1) {
        while (i < s1 && f[i] <= TK_CONTACT_G)
            i++;
        if (i >= s1)
            break;
        size_t a = i; /* first sample above */
        size_t b;
        for (;;) {
            while (i < s1 && f[i] > TK_CONTACT_G)
                i++;
            b = i; /* first sample at/below */
            size_t j = i;
            while (j < s1 && f[j] <= TK_CONTACT_G && j - b < merge)
                j++;
            if (j < s1 && j - b < merge && f[j] > TK_CONTACT_G) {
                i = j; /* a short dip: same contact */
                continue;
            }
            break;
        }
        if (b >= s1)
            break; /* contact runs into the end: its end is unknown */
        double dur = (double)(b - a) / c->fs;
        if (dur < TK_CONTACT_MIN_S || dur > TK_CONTACT_MAX_S)
            continue;
        double pk = 0;
        for (size_t k = a; k < b; k++)
            if (f[k] > pk)
                pk = f[k];
        if (pk < TK_CONTACT_PEAK_G)
            continue;
        sg_trunk_step s = {0};
        s.ic = a;
        s.te = b;
        s.t_ic = cross_time(c, a, TK_CONTACT_G);
        s.t_te = cross_time(c, b, TK_CONTACT_G);
        s.peak_g = pk;
        s.side = SG_STEP_SIDE_UNKNOWN;
        s.flight = true;
        int rc = push_step(c, &s, err);
        if (rc)
            return rc;
    }
    return SG_OK;
}

static int walking_peaks(tk_ctx *c, size_t s0, size_t s1, double *tmp, size_t first_run_step,
                         sg_err *err)
{
    /* walking steps are slow: find them on a ~50 Hz copy (block means), then
     * place each at the full-rate maximum nearby */
    size_t q = c->fs >= 100 ? (size_t)(c->fs / 50.0) : 1;
    size_t n = (s1 - s0) / q;
    if (n < 3)
        return SG_OK;
    for (size_t j = 0; j < n; j++) {
        double sum = 0;
        for (size_t k = 0; k < q; k++)
            sum += c->fv[s0 + j * q + k];
        tmp[j] = sum / (double)q;
    }
    sg_trunk_lowpass(tmp, tmp, n, c->fs / (double)q, TK_LP_WALK_HZ);
    size_t mind = (size_t)(TK_WALK_STEP_MIN_S * c->fs / (double)q);
    size_t start = c->n_steps;
    size_t rk = first_run_step; /* running contacts of this segment, in order */
    size_t last = (size_t)-1;
    size_t near = (size_t)(0.3 * c->fs);
    for (size_t i = 1; i + 1 < n; i++) {
        if (!(tmp[i] > tmp[i - 1] && tmp[i] >= tmp[i + 1] && tmp[i] > TK_WALK_PEAK_G))
            continue;
        size_t gi = s0 + i * q + q / 2;
        for (size_t k = s0 + i * q > q ? s0 + i * q - q : s0; k < s0 + i * q + 2 * q && k < s1; k++)
            if (c->fvs[k] > c->fvs[gi])
                gi = k;
        /* not inside or next to a running contact */
        while (rk < start && c->steps[rk].te + near < gi)
            rk++;
        if (rk < start && c->steps[rk].ic < gi + near)
            continue;
        if (last != (size_t)-1 && i - last < mind) {
            if (tmp[i] > tmp[last]) {
                sg_trunk_step *s = &c->steps[c->n_steps - 1];
                s->ic = s->te = gi;
                s->t_ic = s->t_te = sg_imu_time(c->rec, gi);
                s->peak_g = c->fvs[gi];
                last = i;
            }
            continue;
        }
        sg_trunk_step s = {0};
        s.ic = s.te = gi;
        s.t_ic = s.t_te = sg_imu_time(c->rec, gi);
        s.peak_g = c->fvs[gi];
        s.side = SG_STEP_SIDE_UNKNOWN;
        int rc = push_step(c, &s, err);
        if (rc)
            return rc;
        last = i;
    }
    /* keep peaks in runs of walking-like intervals only */
    size_t w = start, k = start;
    while (k < c->n_steps) {
        size_t e = k;
        while (e + 1 < c->n_steps) {
            double d = c->steps[e + 1].t_ic - c->steps[e].t_ic;
            if (d < TK_WALK_STEP_MIN_S || d > TK_WALK_STEP_MAX_S)
                break;
            e++;
        }
        if (e - k + 1 >= TK_WALK_MIN_STEPS)
            for (size_t j = k; j <= e; j++) {
                c->steps[w] = c->steps[j];
                c->steps[w].walking = true;
                w++;
            }
        k = e + 1;
    }
    c->n_steps = w;
    return SG_OK;
}

static int cmp_step(const void *x, const void *y)
{
    const sg_trunk_step *a = x, *b = y;
    return (a->ic > b->ic) - (a->ic < b->ic);
}

int sg_trunk_detect_steps(tk_ctx *c, sg_err *err)
{
    int rc = SG_OK;
    size_t maxseg = 0, s0 = 0;
    for (size_t k = 0; k < c->n_seg; k++) {
        if (c->seg_end[k] - s0 > maxseg)
            maxseg = c->seg_end[k] - s0;
        s0 = c->seg_end[k];
    }
    double *tmp = sg_malloc(c->a, maxseg * sizeof *tmp);
    if (!tmp)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    s0 = 0;
    for (size_t k = 0; k < c->n_seg; k++) {
        size_t s1 = c->seg_end[k];
        size_t first = c->n_steps;
        rc = running_contacts(c, s0, s1, err);
        if (rc)
            goto out;
        rc = walking_peaks(c, s0, s1, tmp, first, err);
        if (rc)
            goto out;
        s0 = s1;
    }
    if (c->n_steps) {
        qsort(c->steps, c->n_steps, sizeof *c->steps, cmp_step);
        c->sx = sg_calloc_array(c->a, c->n_steps, sizeof *c->sx);
        c->scratch = sg_calloc_array(c->a, c->n_steps, sizeof *c->scratch);
        if (!c->sx || !c->scratch) {
            rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < c->n_steps; i++) {
            tk_stepx *x = &c->sx[i];
            x->step_s = x->contact_ms = x->vdisp_m = NAN;
            x->tilt = x->obl = x->rot = x->obl_exc = x->ml_mean = NAN;
        }
    }
out:
    sg_free(c->a, tmp);
    return rc;
}

/* True when steps i and i+1 lie in one gap-free segment. */
static bool same_segment(const tk_ctx *c, size_t i)
{
    size_t a = c->steps[i].ic, b = c->steps[i + 1].ic;
    for (size_t k = 0; k < c->n_seg; k++)
        if (a < c->seg_end[k])
            return b < c->seg_end[k];
    return false;
}

int sg_trunk_find_bouts(tk_ctx *c, size_t min_steps, size_t **b0, size_t **b1, size_t *nb,
                  sg_err *err)
{
    *b0 = *b1 = NULL;
    *nb = 0;
    size_t cap = 0;
    size_t k = 0;
    while (k < c->n_steps) {
        if (!c->steps[k].flight) {
            k++;
            continue;
        }
        size_t e = k;
        while (e + 1 < c->n_steps && c->steps[e + 1].flight && same_segment(c, e)) {
            double d = c->steps[e + 1].t_ic - c->steps[e].t_ic;
            if (d < TK_RUN_STEP_MIN_S || d > TK_RUN_STEP_MAX_S)
                break;
            /* cadence drifts, it does not jump: a step 30 % off the same foot's
             * previous step is a missed or a spurious contact, and ends the
             * bout (same foot: left and right step times may differ) */
            if (e >= k + 2) {
                double prev = c->steps[e - 1].t_ic - c->steps[e - 2].t_ic;
                if (fabs(d - prev) > TK_RUN_STEP_JUMP * prev)
                    break;
            }
            e++;
        }
        if (e - k + 1 >= min_steps) {
            if (*nb == cap) {
                size_t nc = sg_grow_cap(cap, 16, SIZE_MAX, sizeof **b0);
                size_t *p0 = sg_realloc_array(c->a, *b0, nc, sizeof **b0);
                if (p0)
                    *b0 = p0;
                size_t *p1 = p0 ? sg_realloc_array(c->a, *b1, nc, sizeof **b1) : NULL;
                if (!p0 || !p1) {
                    return sg_err_set(err, SG_ENOMEM, -1, "out of memory for bouts");
                }
                *b1 = p1;
                cap = nc;
            }
            (*b0)[*nb] = k;
            (*b1)[*nb] = e;
            (*nb)++;
            for (size_t j = k; j <= e; j++) {
                c->steps[j].running = true;
                if (j < e)
                    c->sx[j].step_s = c->steps[j + 1].t_ic - c->steps[j].t_ic;
                c->sx[j].contact_ms = (c->steps[j].t_te - c->steps[j].t_ic) * 1000.0;
            }
        }
        k = e + 1;
    }
    return SG_OK;
}

double sg_trunk_walking(tk_ctx *c, size_t *walk_steps)
{
    double total = 0;
    size_t cnt = 0;
    for (size_t k = 0; k < c->n_steps; k++) {
        if (!c->steps[k].walking)
            continue;
        cnt++;
        if (k + 1 < c->n_steps && c->steps[k + 1].walking) {
            double d = c->steps[k + 1].t_ic - c->steps[k].t_ic;
            if (d <= TK_WALK_STEP_MAX_S)
                total += d;
        }
    }
    *walk_steps = cnt;
    return total;
}
