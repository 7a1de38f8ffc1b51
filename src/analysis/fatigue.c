/* Fatigue drift (docs/science.md §6): the last quarter of moving time
 * against the first, only where grade band and speed match, so that hills
 * and pace changes do not pass for fatigue; and aerobic decoupling.
 *
 * Matching: samples are put in strata of (grade band, 5 %-wide speed bin).
 * In each stratum with enough data in both quarters the change is the
 * difference of medians; strata are pooled with weights t1*t4/(t1+t4).
 *
 * Noise test [D]: consecutive 1-s samples are not independent, so the unit
 * is a 30-s block of moving time. Per stratum the standard error of a
 * difference of medians is 1.2533 * sigma * sqrt(1/b1 + 1/b4) with sigma the
 * mean IQR of the two quarters / 1.349 (robust normal scale) and b the
 * blocks; pooled like the changes. A change counts when it exceeds twice that
 * error and a minimal effect (cadence 2 %, contact time and vertical ratio
 * 3 %, balance and asymmetry 0.5 points). */
#include <math.h>
#include <string.h>

#include "analysis/run_internal.h"

enum { NSB5 = 36, NSTRAT = NSB5 * SG_RUN_N_BANDS };
#define BLOCK_S 30.0
#define MIN_SAMPLES 10

double sg_run_decoupling(double ef1, double ef2)
{
    if (!(ef1 > 0) || !(ef2 > 0))
        return NAN;
    return (ef1 - ef2) / ef1 * 100.0;
}

/* 1.5 * 1.05^k m/s */
static const double edges5[NSB5 + 1] = {
    1.5, 1.5750000000000002, 1.6537500000000001, 1.7364375000000001, 1.8232593750000003,
    1.9144223437500005, 2.0101434609375008, 2.1106506339843758, 2.2161831656835944,
    2.3269923239677741, 2.4433419401661629, 2.5655090371744711, 2.6937844890331952,
    2.828473713484855, 2.9698973991590982, 3.1183922691170531, 3.2743118825729054,
    3.4380274767015511, 3.6099288505366287, 3.7904252930634605, 3.9799465577166333,
    4.1789438856024654, 4.3878910798825892, 4.6072856338767183, 4.8376499155705543,
    5.0795324113490832, 5.3335090319165364, 5.600184483512364, 5.8801937076879822,
    6.1742033930723821, 6.4829135627260017, 6.8070592408623014, 7.147412202905417,
    7.5047828130506877, 7.8800219537032223, 8.2740230513883848, 8.6877242039578029,
};

static int stratum(const sg_run_ctx *c, size_t k)
{
    int sb = sg_runi_bin(edges5, NSB5, c->v[k]);
    if (sb < 0)
        return -1;
    return sb * SG_RUN_N_BANDS + sg_run_band_of(c->grade[k] * 100);
}

typedef struct quarter {
    size_t off[NSTRAT + 1];
    size_t *k;            /* sample indices grouped by stratum, time order */
} quarter;

static void build_quarter(const sg_run_ctx *c, const int *strat, int which, double m_tot,
                          quarter *q)
{
    size_t cnt[NSTRAT];
    memset(q->off, 0, sizeof q->off);
    memset(cnt, 0, sizeof cnt);
    for (size_t k = 0; k < c->n; k++) {
        if (strat[k] < 0)
            continue;
        bool in = which == 0 ? c->mt[k] <= 0.25 * m_tot : c->mt[k] > 0.75 * m_tot;
        if (in)
            q->off[strat[k] + 1]++;
    }
    for (int s = 0; s < NSTRAT; s++)
        q->off[s + 1] += q->off[s];
    for (size_t k = 0; k < c->n; k++) {
        if (strat[k] < 0)
            continue;
        bool in = which == 0 ? c->mt[k] <= 0.25 * m_tot : c->mt[k] > 0.75 * m_tot;
        if (in)
            q->k[q->off[strat[k]] + cnt[strat[k]]++] = k;
    }
}

typedef struct gstat {
    double med, iqr, time;
    size_t n, blocks;
} gstat;

static gstat stat_of(const sg_run_ctx *c, const quarter *q, int s, int m, double *buf)
{
    gstat g = {NAN, NAN, 0, 0, 0};
    long last_block = -1;
    for (size_t i = q->off[s]; i < q->off[s + 1]; i++) {
        size_t k = q->k[i];
        double x = c->metric[m < SG_RM_COUNT ? m : SG_RM_BALANCE][k];
        if (isnan(x))
            continue;
        if (m == SG_RM_COUNT) /* asymmetry */
            x = fabs(x - 50.0);
        buf[g.n++] = x;
        g.time += sg_runi_w(c, k);
        long blk = (long)(c->mt[k] / BLOCK_S);
        if (blk != last_block) {
            g.blocks++;
            last_block = blk;
        }
    }
    if (g.n) {
        double q1, q3;
        sg_run_quartiles(buf, g.n, &q1, &g.med, &q3);
        g.iqr = q3 - q1;
    }
    return g;
}

/* m == SG_RM_COUNT means asymmetry |balance - 50|. */
static sg_run_drift drift(const sg_run_ctx *c, const quarter *q1, const quarter *q4, int m,
                          bool relative, double min_effect, double *buf)
{
    sg_run_drift d = {NAN, NAN, 0, false};
    double sw = 0, s = 0, se2 = 0;
    for (int st = 0; st < NSTRAT; st++) {
        if (q1->off[st + 1] - q1->off[st] < MIN_SAMPLES || q4->off[st + 1] - q4->off[st] < MIN_SAMPLES)
            continue;
        gstat a = stat_of(c, q1, st, m, buf);
        gstat b = stat_of(c, q4, st, m, buf);
        if (a.n < MIN_SAMPLES || b.n < MIN_SAMPLES || a.blocks < 2 || b.blocks < 2)
            continue;
        double diff = b.med - a.med;
        double sigma = 0.5 * (a.iqr + b.iqr) / 1.349;
        double se = 1.2533 * sigma * sqrt(1.0 / (double)a.blocks + 1.0 / (double)b.blocks);
        if (relative) {
            if (!(a.med > 0))
                continue;
            diff = diff / a.med * 100.0;
            se = se / a.med * 100.0;
        }
        double w = a.time * b.time / (a.time + b.time);
        s += w * diff;
        se2 += w * w * se * se;
        sw += w;
        d.matched_s += a.time + b.time;
    }
    if (sw > 0) {
        d.change = s / sw;
        d.noise = sqrt(se2) / sw;
        d.significant = fabs(d.change) > 2 * d.noise && fabs(d.change) >= min_effect;
    }
    return d;
}

static void decoupling(const sg_run_ctx *c, sg_run_result *r)
{
    const double *hr = c->act->ch[SG_CH_HEART_RATE];
    double m_tot = c->mt[c->n - 1];
    double dist[2] = {0, 0}, beats[2] = {0, 0}, tm[2] = {0, 0}, hsum = 0, hts = 0;
    bool any = false;
    for (size_t k = 1; k < c->n && hr; k++) {
        double h = hr[c->idx[k]];
        if (isnan(h) || h < 40 || h > 230 || !c->moving[k])
            continue;
        any = true;
        double dt = sg_runi_w(c, k);
        hsum += h * dt;
        hts += dt;
        if (!c->have_distance)
            continue;
        int half = c->mt[k] > 0.5 * m_tot;
        double dd = sg_runi_dd(c, k);
        dist[half] += c->grade_known ? dd * sg_gap_factor(sg_runi_g(c, k)) : dd;
        beats[half] += h * dt;
        tm[half] += dt;
    }
    if (!any) {
        r->missing |= SG_RUN_MISSING_HEART_RATE;
        return;
    }
    r->avg_hr = hts > 0 ? hsum / hts : NAN;
    if (tm[0] >= 300 && tm[1] >= 300)
        r->fatigue.decoupling_pct = sg_run_decoupling(dist[0] / beats[0], dist[1] / beats[1]);
}

int sg_runi_fatigue(const sg_run_ctx *c, sg_run_result *r)
{
    int rc = SG_OK;
    sg_run_fatigue *f = &r->fatigue;
    sg_run_drift none = {NAN, NAN, 0, false};
    f->cadence_pct = f->stance_time_pct = f->vertical_ratio_pct = none;
    f->balance_pp = f->asymmetry_pp = none;
    f->decoupling_pct = NAN;
    r->avg_hr = NAN;
    if (c->n < 2)
        return SG_OK;
    decoupling(c, r);

    double m_tot = c->mt[c->n - 1];
    int *strat = sg_realloc_array(c->alloc, NULL, c->n, sizeof *strat);
    double *buf = sg_realloc_array(c->alloc, NULL, c->n, sizeof *buf);
    quarter *q = sg_calloc_array(c->alloc, 2, sizeof *q);
    size_t *ks = sg_realloc_array(c->alloc, NULL, 2 * c->n, sizeof *ks);
    if (!strat || !buf || !q || !ks) {
        rc = SG_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < c->n; k++)
        strat[k] = c->running[k] ? stratum(c, k) : -1;
    q[0].k = ks;
    q[1].k = ks + c->n;
    build_quarter(c, strat, 0, m_tot, &q[0]);
    build_quarter(c, strat, 1, m_tot, &q[1]);
    f->cadence_pct = drift(c, &q[0], &q[1], SG_RM_CADENCE, true, 2.0, buf);
    f->stance_time_pct = drift(c, &q[0], &q[1], SG_RM_STANCE_TIME, true, 3.0, buf);
    f->vertical_ratio_pct = drift(c, &q[0], &q[1], SG_RM_VERT_RATIO, true, 3.0, buf);
    f->balance_pp = drift(c, &q[0], &q[1], SG_RM_BALANCE, false, 0.5, buf);
    f->asymmetry_pp = drift(c, &q[0], &q[1], SG_RM_COUNT, false, 0.5, buf);
out:
    sg_free(c->alloc, ks);
    sg_free(c->alloc, q);
    sg_free(c->alloc, buf);
    sg_free(c->alloc, strat);
    return rc;
}
