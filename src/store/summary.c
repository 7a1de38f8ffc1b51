/* Listing columns of an activity and the cross-format dedup rule.
 *
 * Distance, moving time, ascent, descent and average HR are the model's one
 * computation (strideguard/figures.h), the same the run analysis shows, so
 * the runs list, show, the report and the dashboard agree. The device's own
 * session totals are used only when the samples cannot give a figure (fewer
 * than two timed samples). */
#include "strideguard/geo.h"
#include "strideguard/figures.h"
#include "strideguard/store.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SAME_START_S 60.0
#define SAME_REL 0.02

/* Copies s into dst (cap bytes), cutting at a UTF-8 character boundary. */
static void copy_text(char *dst, size_t cap, const char *s)
{
    dst[0] = '\0';
    if (!s)
        return;
    size_t n = strlen(s);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static double sum_sessions(const sg_activity *act, size_t off)
{
    if (!act->n_sessions)
        return NAN;
    double t = 0;
    for (size_t i = 0; i < act->n_sessions; i++) {
        double v;
        memcpy(&v, (const char *)&act->sessions[i].totals + off, sizeof v);
        if (!isfinite(v))
            return NAN; /* partial totals would understate; recompute instead */
        t += v;
    }
    return t;
}


static double recompute_distance(const sg_activity *act)
{
    const double *d = act->ch[SG_CH_DISTANCE];
    if (d) {
        /* Cumulative distance counts from the start of the recording: a
         * plausible first value is distance covered (docs/formats.md
         * "Start distance"), a larger one a carried-over odometer. */
        const double *T = act->ch[SG_CH_TIME];
        double lo = NAN, hi = NAN, t0 = NAN, t_lo = NAN;
        for (size_t i = 0; i < act->n; i++) {
            if (T && isnan(t0) && !isnan(T[i]))
                t0 = T[i];
            if (isnan(d[i]))
                continue;
            if (isnan(lo)) {
                lo = d[i];
                t_lo = T ? T[i] : NAN;
            }
            hi = d[i];
        }
        if (sg_activity_start_distance_counts(lo, isnan(t_lo - t0) ? 0 : t_lo - t0))
            lo = 0;
        if (!isnan(hi) && hi - lo > 0)
            return hi - lo;
    }
    const double *la = act->ch[SG_CH_LAT], *lo = act->ch[SG_CH_LON];
    if (!la || !lo)
        return NAN;
    double tot = 0, pla = NAN, plo = NAN;
    for (size_t i = 0; i < act->n; i++) {
        if (isnan(la[i]) || isnan(lo[i]))
            continue;
        if (!isnan(pla))
            tot += sg_geo_haversine_m(pla, plo, la[i], lo[i]);
        pla = la[i];
        plo = lo[i];
    }
    return isnan(pla) ? NAN : tot;
}

static bool column_has(const double *v, size_t n)
{
    if (!v)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]))
            return true;
    return false;
}

void sg_store_summarize(const sg_activity *act, sg_store_summary *s)
{
    memset(s, 0, sizeof *s);
    s->sport = act->sport;
    s->sub_sport = act->sub_sport;
    double t0 = sg_activity_start_time(act), t1 = sg_activity_end_time(act);
    s->start = NAN;
    if (!act->time_relative) {
        s->start = act->n_sessions && isfinite(act->sessions[0].totals.start_time)
                       ? act->sessions[0].totals.start_time
                       : t0;
        if (!isnan(t0) && !isnan(s->start) && t0 < s->start)
            s->start = t0;
    }
    s->duration_s = sum_sessions(act, offsetof(sg_totals, elapsed_s));
    if (isnan(s->duration_s) && !isnan(t0))
        s->duration_s = t1 - t0;
    /* a session written before the final lap: the records are the run */
    if (sg_activity_late_session_s(act) > 0 && !isnan(s->start))
        s->duration_s = t1 - s->start;
    sg_figures f;
    /* the whole file: a triathlon's row is the race, not its run leg
     * (the same as the run analysis for every other file) */
    if (sg_activity_figures(act, false, &f, NULL) != SG_OK || f.samples < 2) {
        /* nothing to recompute from (or no memory): the device's totals */
        f.moving_time_s = sum_sessions(act, offsetof(sg_totals, timer_s));
        f.distance_m = sum_sessions(act, offsetof(sg_totals, distance_m));
        if (isnan(f.distance_m))
            f.distance_m = recompute_distance(act);
        f.ascent_m = sum_sessions(act, offsetof(sg_totals, ascent_m));
        f.descent_m = sum_sessions(act, offsetof(sg_totals, descent_m));
    }
    s->moving_time_s = f.moving_time_s;
    s->distance_m = f.distance_m;
    s->ascent_m = f.ascent_m;
    s->descent_m = f.descent_m;
    s->avg_hr = f.avg_hr;
    const char *m = act->device.manufacturer, *p = act->device.product;
    if (m && p)
        snprintf(s->device, sizeof s->device, "%s %s", m, p);
    else
        copy_text(s->device, sizeof s->device, m ? m : p);
    copy_text(s->name, sizeof s->name, act->name);
    copy_text(s->format, sizeof s->format, act->source_format);
    s->n_samples = (long long)act->n;
    for (int c = 0; c < SG_CH_COUNT; c++)
        if (c != SG_CH_TIME && column_has(act->ch[c], act->n))
            s->n_channels++;
    for (size_t i = 0; i < act->n_dev; i++)
        if (column_has(act->dev[i].v, act->n))
            s->n_channels++;
}

static bool within_rel(double a, double b, double rel)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    /* the epsilon keeps "exactly 2 %" on the inside despite rounding */
    return fabs(a - b) <= (rel + 1e-12) * m;
}

bool sg_store_same_run(const sg_store_summary *a, const sg_store_summary *b)
{
    if (!isfinite(a->start) || !isfinite(b->start) || fabs(a->start - b->start) > SAME_START_S)
        return false;
    if (!isfinite(a->duration_s) || !isfinite(b->duration_s) ||
        !within_rel(a->duration_s, b->duration_s, SAME_REL))
        return false;
    bool da = isfinite(a->distance_m) && a->distance_m > 0;
    bool db = isfinite(b->distance_m) && b->distance_m > 0;
    if (da && db && !within_rel(a->distance_m, b->distance_m, SAME_REL))
        return false;
    return true;
}

static int format_rank(const char *f)
{
    if (strcmp(f, "fit") == 0)
        return 3;
    if (strcmp(f, "tcx") == 0)
        return 2;
    if (strcmp(f, "gpx") == 0)
        return 1;
    return 0;
}

int sg_store_richer(const sg_store_summary *a, const sg_store_summary *b)
{
    if (a->n_channels != b->n_channels)
        return a->n_channels > b->n_channels ? 1 : -1;
    if (a->n_samples != b->n_samples)
        return a->n_samples > b->n_samples ? 1 : -1;
    return format_rank(a->format) - format_rank(b->format);
}
