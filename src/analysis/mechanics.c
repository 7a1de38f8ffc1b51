/* Running mechanics: cadence, step length, vertical oscillation and ratio,
 * ground contact time and its balance; medians and IQR on the flat and per
 * grade band, per (speed, grade) cell for the runner's baseline, and the
 * comparison with that baseline (docs/science.md §5). */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "analysis/run_internal.h"
#include "strideguard/stats.h"

double sg_run_symmetry_index(double left)
{
    /* SI = (R - L) / (0.5 (R + L)) * 100 with R = 100 - L */
    return isnan(left) ? NAN : ((100 - left) - left) / 50.0 * 100.0;
}

const char *sg_run_metric_name(sg_run_metric m)
{
    static const char *const names[SG_RM_COUNT] = {
        "cadence", "step_length", "vertical_oscillation", "vertical_ratio", "stance_time",
        "stance_time_balance"};
    return (unsigned)m < SG_RM_COUNT ? names[m] : "unknown";
}

static const char *band5(double v, const double lim[4], bool lower_is_purple)
{
    static const char *const up[5] = {"red", "orange", "green", "blue", "purple"};
    int i = 0;
    while (i < 4 && v >= lim[i])
        i++;
    return lower_is_purple ? up[4 - i] : up[i];
}

const char *sg_run_garmin_band(sg_run_metric m, double v)
{
    if (isnan(v))
        return NULL;
    static const double cad[4] = {152.5, 163.5, 173.5, 183.5};
    static const double gct[4] = {217.5, 248.5, 277.5, 308.5};   /* ms */
    static const double vo[4] = {6.4, 8.15, 9.75, 11.55};          /* cm, HRM */
    static const double vr[4] = {6.1, 7.45, 8.65, 10.15};          /* %, HRM */
    switch (m) {
    case SG_RM_CADENCE:
        return band5(v, cad, false);
    case SG_RM_STANCE_TIME:
        return band5(v * 1000.0, gct, true);
    case SG_RM_VERT_OSC:
        return band5(v * 100.0, vo, true);
    case SG_RM_VERT_RATIO:
        return band5(v, vr, true);
    case SG_RM_BALANCE: {
        double dev = fabs(v - 50.0);
        return dev <= 0.75 ? "green" : dev <= 2.2 ? "orange" : "red";
    }
    default:
        return NULL;
    }
}

static double in_range(double v, double lo, double hi, size_t *excluded)
{
    if (isnan(v))
        return NAN;
    if (v < lo || v > hi) {
        (*excluded)++;
        return NAN;
    }
    return v;
}

/* Fills c->running and the per-sample metric columns. */
static void per_sample(sg_run_ctx *c, sg_run_result *r)
{
    const sg_activity *a = c->act;
    const double *cad = a->ch[SG_CH_CADENCE], *vo = a->ch[SG_CH_VERT_OSC];
    const double *gct = a->ch[SG_CH_STANCE_TIME], *bal = a->ch[SG_CH_STANCE_BALANCE];
    const double *vr = a->ch[SG_CH_VERT_RATIO], *sl = a->ch[SG_CH_STEP_LENGTH];
    size_t *ex = &r->repaired.mechanics_excluded;
    for (size_t k = 0; k < c->n; k++) {
        size_t i = c->idx[k];
        for (int m = 0; m < SG_RM_COUNT; m++)
            c->metric[m][k] = NAN;
        double v = c->v[k];
        double cd = cad ? cad[i] : NAN;
        if (!isnan(cd) && cd == 0)
            cd = NAN; /* watches write 0 while standing */
        bool run = k > 0 && c->moving[k] && !(isnan(v) && isnan(cd)) &&
                   (isnan(v) || v >= SG_RUN_VRUN) && (isnan(cd) || cd >= SG_RUN_CAD_RUN);
        c->running[k] = run;
        if (!run)
            continue;
        cd = in_range(cd, SG_RUN_CAD_RUN, 260, ex);
        c->metric[SG_RM_CADENCE][k] = cd;
        double step = (!isnan(cd) && !isnan(v)) ? v / (cd / 60.0) : (sl ? sl[i] : NAN);
        step = in_range(step, 0.3, 3.0, ex);
        c->metric[SG_RM_STEP_LENGTH][k] = step;
        double o = in_range(vo ? vo[i] : NAN, 0.02, 0.25, ex);
        c->metric[SG_RM_VERT_OSC][k] = o;
        double ratio = vr ? vr[i] : NAN;
        if (isnan(ratio) && !isnan(o) && !isnan(step))
            ratio = o / step * 100.0;
        c->metric[SG_RM_VERT_RATIO][k] = in_range(ratio, 2, 25, ex);
        c->metric[SG_RM_STANCE_TIME][k] = in_range(gct ? gct[i] : NAN, 0.10, 0.60, ex);
        c->metric[SG_RM_BALANCE][k] = in_range(bal ? bal[i] : NAN, 30, 70, ex);
    }
}

/* Statistics of `val` per group (gid[k] in [0, ng), -1 = none). off must
 * hold ng + 1 entries, buf c->n. Counting sort keeps it O(n). */
static void group_stats(const sg_run_ctx *c, const double *val, const int *gid, int ng,
                        double *buf, size_t *off, sg_run_stat *out, bool quartiles)
{
    memset(off, 0, (size_t)(ng + 1) * sizeof *off);
    for (int g = 0; g < ng; g++) {
        out[g].n = 0;
        out[g].time_s = 0;
    }
    for (size_t k = 0; k < c->n; k++)
        if (gid[k] >= 0 && !isnan(val[k])) {
            off[gid[k] + 1]++;
            out[gid[k]].time_s += sg_runi_w(c, k);
        }
    for (int g = 0; g < ng; g++)
        off[g + 1] += off[g];
    for (int g = 0; g < ng; g++)
        out[g].n = 0;
    for (size_t k = 0; k < c->n; k++)
        if (gid[k] >= 0 && !isnan(val[k])) {
            int g = gid[k];
            buf[off[g] + out[g].n++] = val[k];
        }
    for (int g = 0; g < ng; g++) {
        double *v = buf + off[g];
        if (quartiles) {
            sg_quartiles(v, out[g].n, &out[g].q1, &out[g].median, &out[g].q3);
        } else {
            out[g].q1 = out[g].q3 = NAN;
            out[g].median = out[g].n ? sg_quantile(v, out[g].n, 0.5) : NAN;
        }
    }
}

enum { NCELL = SG_RUN_SPEED_BINS * SG_RUN_N_BANDS };

int sg_runi_mechanics(sg_run_ctx *c, sg_run_result *r)
{
    int rc = SG_OK;
    size_t n = c->n;
    double *buf = NULL;
    int *band = NULL, *cell = NULL;
    per_sample(c, r);

    buf = sg_realloc_array(c->alloc, NULL, n, sizeof *buf);
    band = sg_realloc_array(c->alloc, NULL, n, sizeof *band);
    cell = sg_realloc_array(c->alloc, NULL, n, sizeof *cell);
    if (!buf || !band || !cell) {
        rc = SG_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < n; k++) {
        band[k] = cell[k] = -1;
        if (!c->running[k])
            continue;
        band[k] = sg_run_band_of(c->grade[k] * 100);
        int sb = sg_run_speed_bin(c->v[k]);
        if (sb >= 0)
            cell[k] = sb * SG_RUN_N_BANDS + band[k];
    }

    size_t off[NCELL + 1];
    sg_run_stat st[NCELL];
    for (int m = 0; m < SG_RM_COUNT; m++) {
        group_stats(c, c->metric[m], band, SG_RUN_N_BANDS, buf, off, st, true);
        for (int b = 0; b < SG_RUN_N_BANDS; b++)
            r->mech.band[b][m] = st[b];
        r->mech.flat[m] = st[SG_RUN_FLAT];
        group_stats(c, c->metric[m], cell, NCELL, buf, off, st, false);
        for (int g = 0; g < NCELL; g++) {
            sg_run_cell *cl = &r->cell[g / SG_RUN_N_BANDS][g % SG_RUN_N_BANDS];
            cl->median[m] = st[g].median;
            cl->time_s[m] = st[g].time_s;
        }
    }
    r->mech.symmetry_index_pct = sg_run_symmetry_index(r->mech.flat[SG_RM_BALANCE].median);

    /* Against the baseline: cell by cell, weighted by this run's time there. */
    for (int m = 0; m < SG_RM_COUNT; m++) {
        r->mech.vs_baseline[m] = NAN;
        r->mech.vs_baseline_time_s[m] = 0;
    }
    if (c->base && c->base->runs) {
        for (int m = 0; m < SG_RM_COUNT; m++) {
            double sw = 0, s = 0;
            for (int sb = 0; sb < SG_RUN_SPEED_BINS; sb++)
                for (int b = 0; b < SG_RUN_N_BANDS; b++) {
                    const sg_run_cell *mine = &r->cell[sb][b];
                    double bm = c->base->cell[sb][b].median[m], x = mine->median[m];
                    if (isnan(bm) || isnan(x) || mine->time_s[m] <= 0)
                        continue;
                    double diff = m == SG_RM_BALANCE ? x - bm : (x - bm) / bm * 100.0;
                    s += mine->time_s[m] * diff;
                    sw += mine->time_s[m];
                }
            if (sw > 0) {
                r->mech.vs_baseline[m] = s / sw;
                r->mech.vs_baseline_time_s[m] = sw;
            }
        }
    }

    bool any_cad = false, any_dyn = false, any_bal = false;
    for (size_t k = 0; k < n && !(any_cad && any_dyn && any_bal); k++) {
        any_cad |= !isnan(c->metric[SG_RM_CADENCE][k]);
        any_dyn |= !isnan(c->metric[SG_RM_VERT_OSC][k]) || !isnan(c->metric[SG_RM_STANCE_TIME][k]);
        any_bal |= !isnan(c->metric[SG_RM_BALANCE][k]);
    }
    if (!any_cad)
        r->missing |= SG_RUN_MISSING_CADENCE;
    if (!any_dyn)
        r->missing |= SG_RUN_MISSING_DYNAMICS;
    if (!any_bal)
        r->missing |= SG_RUN_MISSING_BALANCE;
out:
    sg_free(c->alloc, cell);
    sg_free(c->alloc, band);
    sg_free(c->alloc, buf);
    return rc;
}
