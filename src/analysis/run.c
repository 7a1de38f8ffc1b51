/* The run analysis pipeline: clean the samples, then terrain, grade-adjusted
 * pace, mechanics, impact exposure, fatigue and flags (run_analysis.h).
 *
 * Cleaning never propagates an absurd sample: a time that is missing, equal
 * to or earlier than the previous kept one drops the sample; cumulative
 * distance that goes backwards is held; a jump faster than 12 m/s is replaced
 * by the speed sensor's (or the last plausible) speed over the same time.
 * Each repair is counted in sg_run_result.repaired. */
#include <math.h>
#include <string.h>

#include "analysis/run_internal.h"
#include "strideguard/stats.h"

const char *sg_run_severity_name(sg_run_severity s)
{
    switch (s) {
    case SG_SEV_INFO:
        return "info";
    case SG_SEV_CAUTION:
        return "caution";
    case SG_SEV_WARNING:
        return "warning";
    }
    return "info";
}

const char *sg_run_missing_name(unsigned bit)
{
    static const char *const names[SG_RUN_N_MISSING] = {
        "distance", "gps", "altitude", "grade", "heart_rate", "cadence", "running_dynamics",
        "stance_time_balance", "baseline"};
    for (int i = 0; i < SG_RUN_N_MISSING; i++)
        if (bit == 1u << i)
            return names[i];
    return NULL;
}

void sg_run_result_free(sg_run_result *r)
{
    if (r)
        memset(r, 0, sizeof *r);
}

/* Distance, speed, moving flags and moving time of the kept samples: the
 * model's one computation (strideguard/figures.h), so the stored summary and
 * every view show the same distance and moving time. */
static void clean_motion(sg_run_ctx *c, sg_run_result *r)
{
    sg_motion m = {.n = c->n, .idx = c->idx, .t = c->t, .spans = c->spans,
                   .d = c->d, .v = c->v, .rdt = c->rdt, .mt = c->mt, .moving = c->moving};
    sg_motion_clean(c->act, &m);
    c->have_distance = m.have_distance;
    if (m.no_gps)
        r->missing |= SG_RUN_MISSING_GPS;
    if (!m.have_distance)
        r->missing |= SG_RUN_MISSING_DISTANCE;
    r->repaired.distance_backwards += m.distance_backwards;
    r->repaired.speed_spikes += m.speed_spikes;
}

static void device_totals(const sg_activity *a, sg_run_result *r)
{
    bool any_run = false;
    for (size_t s = 0; s < a->n_sessions; s++)
        any_run |= a->sessions[s].sport == SG_SPORT_RUNNING;
    double d = NAN, up = NAN, down = NAN;
    for (size_t s = 0; s < a->n_sessions; s++) {
        const sg_session *ss = &a->sessions[s];
        if (any_run && ss->sport != SG_SPORT_RUNNING)
            continue;
        if (!isnan(ss->totals.distance_m))
            d = (isnan(d) ? 0 : d) + ss->totals.distance_m;
        if (!isnan(ss->totals.ascent_m))
            up = (isnan(up) ? 0 : up) + ss->totals.ascent_m;
        if (!isnan(ss->totals.descent_m))
            down = (isnan(down) ? 0 : down) + ss->totals.descent_m;
    }
    r->device_distance_m = d;
    r->device_ascent_m = up;
    r->device_descent_m = down;
}

static void init_result(sg_run_result *r)
{
    memset(r, 0, sizeof *r);
    r->algorithm_version = SG_RUN_ALGORITHM_VERSION;
    r->start_time = r->elapsed_s = r->moving_time_s = r->distance_m = NAN;
    r->pace_s_per_km = r->gap_pace_s_per_km = r->gap_distance_m = r->avg_hr = NAN;
    r->impact_weighted_km = NAN;
    r->device_distance_m = r->device_ascent_m = r->device_descent_m = NAN;
    sg_run_stat none = {NAN, NAN, NAN, 0, 0};
    for (int m = 0; m < SG_RM_COUNT; m++) {
        r->mech.flat[m] = none;
        for (int b = 0; b < SG_RUN_N_BANDS; b++)
            r->mech.band[b][m] = none;
        r->mech.vs_baseline[m] = NAN;
        for (int sb = 0; sb < SG_RUN_SPEED_BINS; sb++)
            for (int b = 0; b < SG_RUN_N_BANDS; b++)
                r->cell[sb][b].median[m] = NAN;
    }
    r->mech.symmetry_index_pct = NAN;
    sg_run_drift dn = {NAN, NAN, 0, false};
    r->fatigue.cadence_pct = r->fatigue.stance_time_pct = r->fatigue.vertical_ratio_pct = dn;
    r->fatigue.balance_pp = r->fatigue.asymmetry_pp = dn;
    r->fatigue.decoupling_pct = NAN;
}

/* Downsamples the cleaned samples into at most max_points buckets of equal
 * sample count, averaging the non-NaN values of each bucket, for charts. */
static int make_profile(const sg_run_ctx *c, size_t max_points, sg_run_profile *p, sg_err *err)
{
    size_t np = c->n < max_points ? c->n : max_points;
    if (np == 0)
        return SG_OK;
    const sg_allocator *a = c->alloc;
    double *block = sg_realloc_array(a, NULL, np, SG_RUN_PROFILE_COLS * sizeof(double));
    if (!block)
        return sg_err_set(err, SG_ENOMEM, -1, "run profile: out of memory");
    p->alloc = a;
    p->n = np;
    p->block = block;
    double **col[SG_RUN_PROFILE_COLS] = {&p->time_s, &p->distance_m, &p->altitude_m,
                                         &p->grade_pct, &p->speed_mps, &p->heart_rate,
                                         &p->cadence_spm, &p->balance_left_pct};
    for (int j = 0; j < SG_RUN_PROFILE_COLS; j++)
        *col[j] = block + (size_t)j * np;
    const double *hr = c->act->ch[SG_CH_HEART_RATE];
    for (size_t b = 0; b < np; b++) {
        size_t lo = b * c->n / np, hi = (b + 1) * c->n / np;
        double sum[SG_RUN_PROFILE_COLS] = {0};
        size_t cnt[SG_RUN_PROFILE_COLS] = {0};
        for (size_t k = lo; k < hi; k++) {
            double v[SG_RUN_PROFILE_COLS] = {
                c->t[k] - c->t[0],
                c->have_distance ? c->d[k] : NAN,
                c->have_alt ? c->alt[k] : NAN,
                c->grade_known ? 100.0 * c->grade[k] : NAN,
                c->v[k],
                hr ? hr[c->idx[k]] : NAN,
                c->metric[SG_RM_CADENCE][k],
                c->metric[SG_RM_BALANCE][k]};
            for (int j = 0; j < SG_RUN_PROFILE_COLS; j++)
                if (!isnan(v[j])) {
                    sum[j] += v[j];
                    cnt[j]++;
                }
        }
        for (int j = 0; j < SG_RUN_PROFILE_COLS; j++)
            (*col[j])[b] = cnt[j] ? sum[j] / (double)cnt[j] : NAN;
    }
    return SG_OK;
}

void sg_run_profile_free(sg_run_profile *p)
{
    if (!p)
        return;
    sg_free(p->alloc, p->block);
    memset(p, 0, sizeof *p);
}

int sg_run_analyze(const sg_activity *act, const sg_run_baseline *base, sg_run_result *out,
                   sg_err *err)
{
    return sg_run_analyze_profile(act, base, out, NULL, 0, err);
}

int sg_run_analyze_profile(const sg_activity *act, const sg_run_baseline *base,
                           sg_run_result *out, sg_run_profile *prof, size_t max_points,
                           sg_err *err)
{
    if (prof)
        memset(prof, 0, sizeof *prof);
    if (!act || !out)
        return sg_err_set(err, SG_EUSAGE, -1, "run analysis: NULL argument");
    int rc = SG_OK;
    sg_run_ctx c;
    memset(&c, 0, sizeof c);
    double *block = NULL;
    unsigned char *flags = NULL;
    init_result(out);

    sg_kept keep;
    sg_activity_keep(act, true, &keep, NULL, NULL);
    size_t kept = keep.n;
    c.spans = keep.spans;
    out->repaired.no_time += keep.no_time;
    out->repaired.duplicate_time += keep.duplicate_time;
    out->repaired.time_backwards += keep.time_backwards;
    out->samples = act->n;
    if (kept < 2) {
        rc = sg_err_set(err, SG_ENODATA, -1, "run analysis: fewer than two samples with a valid time");
        goto out;
    }
    c.act = act;
    c.base = base;
    c.alloc = act->alloc;
    c.n = kept;
    enum { NCOL = 7 + SG_RM_COUNT };
    c.idx = sg_calloc_array(c.alloc, kept, sizeof *c.idx);
    block = sg_realloc_array(c.alloc, NULL, kept, NCOL * sizeof *block);
    flags = sg_calloc_array(c.alloc, kept, 2);
    if (!c.idx || !block || !flags) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "run analysis: out of memory for %zu samples", kept);
        goto out;
    }
    double *col[NCOL];
    for (int j = 0; j < NCOL; j++)
        col[j] = block + (size_t)j * kept;
    c.t = col[0];
    c.d = col[1];
    c.v = col[2];
    c.alt = col[3];
    c.grade = col[4];
    c.mt = col[5];
    c.rdt = col[6];
    for (int m = 0; m < SG_RM_COUNT; m++)
        c.metric[m] = col[7 + m];
    c.moving = flags;
    c.running = flags + kept;
    sg_activity_keep(act, true, &keep, c.idx, c.t);
    out->samples_used = kept;

    out->sport = keep.spans ? SG_SPORT_RUNNING : act->sport;
    out->sub_sport = act->sub_sport;
    clean_motion(&c, out);
    /* Indoors: the watch says so, or there is motion but no position. */
    sg_motion mo = {.n = c.n, .idx = c.idx, .have_distance = c.have_distance,
                    .no_gps = (out->missing & SG_RUN_MISSING_GPS) != 0};
    out->treadmill = sg_motion_indoor(act, &mo);
    out->start_time = c.t[0];
    out->elapsed_s = c.t[kept - 1] - c.t[0];
    out->moving_time_s = c.mt[kept - 1];
    if (c.have_distance) {
        out->distance_m = c.d[kept - 1];
        if (out->distance_m > 0)
            out->pace_s_per_km = out->moving_time_s / out->distance_m * 1000.0;
    }
    device_totals(act, out);

    if ((rc = sg_runi_terrain(&c, out)) != SG_OK)
        goto nomem;
    sg_runi_gap(&c, out);
    if ((rc = sg_runi_mechanics(&c, out)) != SG_OK)
        goto nomem;
    sg_runi_impact(&c, out);
    if ((rc = sg_runi_fatigue(&c, out)) != SG_OK)
        goto nomem;
    /* the model's figure, the one the stored summary holds (same formula) */
    mo.t = c.t;
    mo.moving = c.moving;
    mo.rdt = c.rdt;
    out->avg_hr = sg_motion_avg_hr(act, &mo);
    if (!base || !base->runs)
        out->missing |= SG_RUN_MISSING_BASELINE;
    sg_runi_flags(&c, out);
    if (prof && (rc = make_profile(&c, max_points, prof, err)) != SG_OK)
        goto out;
    goto out;
nomem:
    rc = sg_err_set(err, SG_ENOMEM, -1, "run analysis: out of memory");
out:
    if (rc != SG_OK) {
        init_result(out);
        out->samples = act->n;
    }
    sg_free(c.alloc, flags);
    sg_free(c.alloc, block);
    sg_free(c.alloc, c.idx);
    return rc;
}

int sg_run_baseline_build(const sg_run_result *past, size_t n, const sg_allocator *a,
                          sg_run_baseline *out, sg_err *err)
{
    if (!out || (n && !past))
        return sg_err_set(err, SG_EUSAGE, -1, "baseline: NULL argument");
    memset(out, 0, sizeof *out);
    for (int sb = 0; sb < SG_RUN_SPEED_BINS; sb++)
        for (int b = 0; b < SG_RUN_N_BANDS; b++)
            for (int m = 0; m < SG_RM_COUNT; m++)
                out->cell[sb][b].median[m] = NAN;
    out->flat_balance_pct = NAN;
    out->descent8_median_m = out->descent8_p90_m = NAN;
    out->descent3_median_m = out->descent3_p90_m = NAN;
    if (!n)
        return SG_OK;
    double *buf = sg_calloc_array(a, n, sizeof *buf);
    double *buf2 = sg_calloc_array(a, n, sizeof *buf2);
    if (!buf || !buf2) {
        sg_free(a, buf);
        sg_free(a, buf2);
        return sg_err_set(err, SG_ENOMEM, -1, "baseline: out of memory");
    }
    out->runs = n;
    /* Gathered run by run (each run's cells are one contiguous block), not
     * cell by cell across runs: the same values in the same order, without a
     * cache miss per (cell, metric, run). */
    enum { NCM = SG_RUN_SPEED_BINS * SG_RUN_N_BANDS * SG_RM_COUNT };
    double *vals = sg_realloc_array(a, NULL, n, NCM * sizeof *vals);
    if (!vals) {
        sg_free(a, buf);
        sg_free(a, buf2);
        return sg_err_set(err, SG_ENOMEM, -1, "baseline: out of memory");
    }
    size_t cnt[NCM] = {0};
    double tsum[NCM] = {0};
    for (size_t r = 0; r < n; r++) {
        const sg_run_cell *cl = &past[r].cell[0][0];
        for (int g = 0; g < SG_RUN_SPEED_BINS * SG_RUN_N_BANDS; g++)
            for (int m = 0; m < SG_RM_COUNT; m++)
                if (cl[g].time_s[m] >= 60 && !isnan(cl[g].median[m])) {
                    size_t i = (size_t)g * SG_RM_COUNT + (size_t)m;
                    vals[i * n + cnt[i]++] = cl[g].median[m];
                    tsum[i] += cl[g].time_s[m];
                }
    }
    for (int g = 0; g < SG_RUN_SPEED_BINS * SG_RUN_N_BANDS; g++)
        for (int m = 0; m < SG_RM_COUNT; m++) {
            size_t i = (size_t)g * SG_RM_COUNT + (size_t)m;
            int sb = g / SG_RUN_N_BANDS, b = g % SG_RUN_N_BANDS;
            out->cell_runs[sb][b][m] = cnt[i];
            if (cnt[i] >= 3) {
                out->cell[sb][b].median[m] = sg_quantile(vals + i * n, cnt[i], 0.5);
                out->cell[sb][b].time_s[m] = tsum[i];
            }
        }
    sg_free(a, vals);
    size_t c = 0;
    for (size_t r = 0; r < n; r++) {
        const sg_run_stat *s = &past[r].mech.flat[SG_RM_BALANCE];
        if (s->time_s >= 300 && !isnan(s->median))
            buf[c++] = s->median;
    }
    out->balance_runs = c;
    if (c >= 3)
        out->flat_balance_pct = sg_quantile(buf, c, 0.5);
    c = 0;
    for (size_t r = 0; r < n; r++) {
        const sg_run_terrain *t = &past[r].terrain;
        if (!isnan(t->descent_m_below_8pct) && !isnan(t->descent_m_below_3pct)) {
            buf[c] = t->descent_m_below_8pct;
            buf2[c++] = t->descent_m_below_3pct;
        }
    }
    out->descent_runs = c;
    if (c) {
        out->descent8_median_m = sg_quantile(buf, c, 0.5);
        out->descent8_p90_m = sg_quantile(buf, c, 0.9);
        out->descent3_median_m = sg_quantile(buf2, c, 0.5);
        out->descent3_p90_m = sg_quantile(buf2, c, 0.9);
    }
    sg_free(a, buf2);
    sg_free(a, buf);
    return SG_OK;
}
