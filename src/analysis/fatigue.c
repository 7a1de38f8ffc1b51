/* Fatigue drift (docs/science.md §6): the last quarter of moving time
 * against the first, only where grade band and speed match, so that hills
 * and pace changes do not pass for fatigue; and aerobic decoupling.
 *
 * Matching and the noise test are the shared method of analysis/matched.h
 * (strata of grade band and 5 %-wide speed bin, difference of medians, error
 * from the IQRs and 30-s blocks, pooled by t1*t4/(t1+t4)); the trunk
 * fatigue of the lower-back sensor uses the same. Consecutive 1-s samples
 * are not independent, so the unit of the error is a 30-s block of moving
 * time [D]. A change counts when it exceeds twice its error and a minimal
 * effect (cadence 2 %, contact time and vertical ratio 3 %, balance and
 * asymmetry 0.5 points). */
#include <math.h>
#include <string.h>

#include "analysis/matched.h"
#include "analysis/run_internal.h"
#include "strideguard/stats.h"

enum { NSTRAT = SG_MATCH_STRATA };
#define BLOCK_S 30.0
#define MIN_SAMPLES 10

double sg_run_decoupling(double ef1, double ef2)
{
    if (!(ef1 > 0) || !(ef2 > 0))
        return NAN;
    return (ef1 - ef2) / ef1 * 100.0;
}

static int stratum(const sg_run_ctx *c, size_t k)
{
    return sg_match_stratum(c->v[k], c->grade[k] * 100);
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

static sg_match_group stat_of(const sg_run_ctx *c, const quarter *q, int s, int m, double *buf)
{
    sg_match_group g = {NAN, NAN, 0, 0, 0};
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
        sg_quartiles(buf, g.n, &q1, &g.med, &q3);
        g.iqr = q3 - q1;
    }
    return g;
}

/* m == SG_RM_COUNT means asymmetry |balance - 50|. */
static sg_run_drift drift(const sg_run_ctx *c, const quarter *q1, const quarter *q4, int m,
                          bool relative, double min_effect, double *buf)
{
    sg_run_drift d = {NAN, NAN, 0, false};
    sg_match_pool pool;
    sg_match_pool_init(&pool);
    for (int st = 0; st < NSTRAT; st++) {
        if (q1->off[st + 1] - q1->off[st] < MIN_SAMPLES || q4->off[st + 1] - q4->off[st] < MIN_SAMPLES)
            continue;
        sg_match_group a = stat_of(c, q1, st, m, buf);
        sg_match_group b = stat_of(c, q4, st, m, buf);
        if (a.n < MIN_SAMPLES || b.n < MIN_SAMPLES || a.blocks < 2 || b.blocks < 2)
            continue;
        sg_match_pool_add(&pool, &a, &b, relative);
    }
    d.matched_s = pool.matched_s;
    sg_match_pool_result(&pool, min_effect, &d.change, &d.noise, &d.significant);
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
