/* The one distance / moving-time / average-HR computation and the figures of
 * an activity (strideguard/figures.h). docs/science.md §2 "Elevation and
 * moving time: one computation"; the pause rule is docs/formats.md
 * "Pauses". */
#include <math.h>
#include <string.h>

#include "strideguard/figures.h"
#include "strideguard/geo.h"

/* ---- sample selection --------------------------------------------------- */

/* A multisport file (triathlon) mixes sessions: only the running ones'
 * time spans are a run. Returns false when every sample counts. */
static bool run_spans(const sg_activity *act)
{
    bool run = false, other = false;
    for (size_t s = 0; s < act->n_sessions; s++) {
        const sg_session *ss = &act->sessions[s];
        if (isnan(ss->totals.start_time) || isnan(ss->totals.elapsed_s))
            return false;
        if (ss->sport == SG_SPORT_RUNNING)
            run = true;
        else
            other = true;
    }
    return run && other;
}

static bool in_run(const sg_activity *act, double t)
{
    for (size_t s = 0; s < act->n_sessions; s++) {
        const sg_totals *tt = &act->sessions[s].totals;
        if (act->sessions[s].sport == SG_SPORT_RUNNING && t >= tt->start_time &&
            t <= tt->start_time + tt->elapsed_s)
            return true;
    }
    return false;
}

void sg_activity_keep(const sg_activity *act, bool legs, sg_kept *k, size_t *idx, double *t)
{
    memset(k, 0, sizeof *k);
    const double *T = act->ch[SG_CH_TIME];
    k->spans = legs && run_spans(act);
    double last = -INFINITY;
    for (size_t i = 0; T && i < act->n; i++) {
        if (k->spans && !isnan(T[i]) && !in_run(act, T[i]))
            continue;
        if (isnan(T[i])) {
            k->no_time++;
        } else if (T[i] == last) {
            k->duplicate_time++;
        } else if (T[i] < last) {
            k->time_backwards++;
        } else {
            if (idx)
                idx[k->n] = i;
            if (t)
                t[k->n] = T[i];
            k->n++;
            last = T[i];
        }
    }
}

/* ---- motion ---------------------------------------------------------------- */


static size_t count_finite(const double *x, const size_t *idx, size_t n)
{
    size_t c = 0;
    for (size_t k = 0; x && k < n; k++)
        c += !isnan(x[idx[k]]);
    return c;
}

enum { DSRC_NONE, DSRC_DEVICE, DSRC_GPS, DSRC_SPEED };

void sg_motion_clean(const sg_activity *a, sg_motion *m)
{
    const double *D = a->ch[SG_CH_DISTANCE], *S = a->ch[SG_CH_SPEED];
    const double *LA = a->ch[SG_CH_LAT], *LO = a->ch[SG_CH_LON];
    const double *CAD = a->ch[SG_CH_CADENCE];
    const size_t *idx = m->idx;
    const double *t = m->t;
    size_t n = m->n;
    m->have_distance = false;
    m->no_gps = false;
    m->distance_backwards = m->speed_spikes = 0;
    if (!n)
        return;
    int src = DSRC_NONE;
    size_t gps_fixes = 0;
    for (size_t k = 0; LA && LO && k < n; k++)
        gps_fixes += !isnan(LA[idx[k]]) && !isnan(LO[idx[k]]);
    m->no_gps = gps_fixes < 2;
    if (count_finite(D, idx, n) >= 2)
        src = DSRC_DEVICE;
    else if (gps_fixes >= 2)
        src = DSRC_GPS;
    else if (count_finite(S, idx, n) >= 2)
        src = DSRC_SPEED;
    m->have_distance = src != DSRC_NONE;

    double anchor = NAN, anchor_t = NAN, la0 = NAN, lo0 = NAN, last_v = NAN;
    m->d[0] = 0;
    m->mt[0] = 0;
    m->moving[0] = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = idx[k];
        double s = S ? S[i] : NAN;
        bool spike = false;
        if (!isnan(s) && (s < 0 || s > SG_ACTIVITY_VMAX)) {
            spike = true;
            s = NAN;
        }
        double inc = 0, span = k ? t[k] - t[k - 1] : 0;
        bool fresh = false;
        if (src == DSRC_DEVICE || src == DSRC_GPS) {
            double x = NAN;
            if (src == DSRC_DEVICE) {
                x = D[i];
            } else if (!isnan(LA[i]) && !isnan(LO[i])) {
                x = isnan(la0) ? 0 : sg_geo_haversine_m(la0, lo0, LA[i], LO[i]);
                la0 = LA[i];
                lo0 = LO[i];
            }
            if (!isnan(x)) {
                fresh = !isnan(anchor_t);
                if (src == DSRC_GPS) {
                    inc = x;
                    span = isnan(anchor_t) ? 0 : t[k] - anchor_t;
                } else if (isnan(anchor)) {
                    /* Cumulative distance counts from the start of the
                     * recording: a first reading of 7 m is 7 m covered
                     * (docs/formats.md "Start distance"). Not inside a
                     * multisport file, where it includes the other legs,
                     * and not when it is faster than a spike. */
                    inc = !m->spans && sg_activity_start_distance_counts(x, t[k] - t[0]) ? x : 0;
                } else if (x < anchor) {
                    m->distance_backwards++;
                    inc = 0; /* re-anchor: a reset must not erase the run so far */
                } else {
                    inc = x - anchor;
                    span = t[k] - anchor_t;
                }
                if (span > 0 && inc / span > SG_ACTIVITY_VMAX) {
                    spike = true;
                    double vv = !isnan(s) ? s : (!isnan(last_v) ? last_v : 0);
                    inc = vv * span;
                }
                anchor = x;
                anchor_t = t[k];
            }
        } else if (src == DSRC_SPEED && k && !isnan(s)) {
            inc = s * span;
        }
        if (spike)
            m->speed_spikes++;
        double dt = k ? t[k] - t[k - 1] : 0;
        m->d[k] = k ? m->d[k - 1] + inc : inc;
        double v = s;
        if (isnan(v) && fresh && span > 0)
            v = inc / span;
        m->v[k] = v;
        if (!isnan(v) && v <= SG_ACTIVITY_VMAX)
            last_v = v;
        m->rdt[k] = 0;
        if (!k)
            continue;
        /* the timer's stopped stretches are a pause whatever the samples say */
        double run_dt = dt - sg_activity_stopped_s(a, t[k - 1], t[k]);
        bool mv;
        if (run_dt <= 0)
            mv = false;
        else if (m->have_distance && dt > SG_PAUSE_GAP_S)
            mv = inc / run_dt >= SG_MOTION_VMOVE; /* a gap: did anything move across it? */
        else if (!isnan(v))
            mv = v >= SG_MOTION_VMOVE;
        else if (m->have_distance)
            mv = inc / run_dt >= SG_MOTION_VMOVE;
        else if (dt > SG_PAUSE_GAP_S)
            mv = false; /* a gap with no motion data: a pause */
        else
            mv = !CAD || (!isnan(CAD[i]) && CAD[i] > 0); /* no motion data: trust the cadence */
        m->moving[k] = mv;
        m->rdt[k] = mv ? run_dt : 0;
        m->mt[k] = m->mt[k - 1] + m->rdt[k];
    }
}

double sg_motion_avg_hr(const sg_activity *act, const sg_motion *m)
{
    const double *hr = act->ch[SG_CH_HEART_RATE];
    double hsum = 0, hts = 0;
    for (size_t k = 1; k < m->n && hr; k++) {
        double h = hr[m->idx[k]];
        if (isnan(h) || h < 40 || h > 230 || !m->moving[k])
            continue;
        double dt = m->rdt[k] < SG_MOTION_DT_CAP ? m->rdt[k] : SG_MOTION_DT_CAP;
        hsum += h * dt;
        hts += dt;
    }
    return hts > 0 ? hsum / hts : NAN;
}

bool sg_motion_indoor(const sg_activity *act, const sg_motion *m)
{
    return act->sub_sport == SG_SUB_TREADMILL || act->sub_sport == SG_SUB_INDOOR ||
           (m->no_gps && m->have_distance);
}

/* ---- sessions written too early ------------------------------------------ */

double sg_activity_late_session_s(const sg_activity *act)
{
    double end = NAN;
    for (size_t s = 0; s < act->n_sessions; s++) {
        const sg_totals *t = &act->sessions[s].totals;
        double len = isnan(t->elapsed_s) ? t->timer_s
                     : isnan(t->timer_s) ? t->elapsed_s
                                         : fmax(t->elapsed_s, t->timer_s);
        double e = t->start_time + len;
        if (isfinite(e) && !(e <= end))
            end = e;
    }
    double past = sg_activity_end_time(act) - end;
    return isfinite(past) && past > SG_LATE_SESSION_TOL_S && past <= SG_LATE_SESSION_MAX_S ? past
                                                                                         : 0;
}

/* ---- all of it ------------------------------------------------------------ */

static void figures_none(sg_figures *f)
{
    memset(f, 0, sizeof *f);
    f->elapsed_s = f->distance_m = f->moving_time_s = NAN;
    f->ascent_m = f->descent_m = f->avg_hr = f->hysteresis_m = NAN;
    f->alt_source = SG_ALT_UNKNOWN;
}

int sg_activity_figures(const sg_activity *act, bool legs, sg_figures *f, sg_err *err)
{
    figures_none(f);
    if (!act)
        return sg_err_set(err, SG_EUSAGE, -1, "figures: NULL activity");
    sg_kept kept;
    sg_activity_keep(act, legs, &kept, NULL, NULL);
    f->samples = kept.n;
    if (kept.n < 2)
        return SG_OK;
    size_t n = kept.n;
    enum { NCOL = 7 };
    size_t *idx = sg_calloc_array(act->alloc, n, sizeof *idx);
    double *block = sg_realloc_array(act->alloc, NULL, n, NCOL * sizeof *block);
    unsigned char *moving = sg_calloc_array(act->alloc, n, 1);
    int rc = SG_OK;
    if (!idx || !block || !moving) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "figures: out of memory for %zu samples", n);
        goto out;
    }
    double *t = block, *d = block + n, *v = block + 2 * n, *rdt = block + 3 * n,
           *mt = block + 4 * n, *alt = block + 5 * n, *scratch = block + 6 * n;
    sg_activity_keep(act, legs, &kept, idx, t);
    sg_motion m = {.n = n, .idx = idx, .t = t, .spans = kept.spans,
                   .d = d, .v = v, .rdt = rdt, .mt = mt, .moving = moving};
    sg_motion_clean(act, &m);
    f->elapsed_s = t[n - 1] - t[0];
    f->moving_time_s = mt[n - 1];
    if (m.have_distance)
        f->distance_m = d[n - 1];
    f->avg_hr = sg_motion_avg_hr(act, &m);
    if (!sg_motion_indoor(act, &m)) {
        sg_elevation e;
        if (sg_elevation_profile(act->ch[SG_CH_ALTITUDE], idx, t, n, act->alt_source,
                                 act->ch[SG_CH_LAT] != NULL, alt, scratch, &e)) {
            f->ascent_m = e.ascent_m;
            f->descent_m = e.descent_m;
            f->alt_source = e.source;
            f->hysteresis_m = e.hysteresis_m;
        }
    }
out:
    sg_free(act->alloc, moving);
    sg_free(act->alloc, block);
    sg_free(act->alloc, idx);
    return rc;
}
