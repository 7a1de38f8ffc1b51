/* Terrain: the cleaned altitude and ascent/descent from the model's one
 * elevation pipeline (strideguard/figures.h), grade over a distance window, time and distance per grade band,
 * climbs and descents, and descent exposure. docs/science.md §2. */
#include <math.h>
#include <string.h>

#include "analysis/run_internal.h"

/* Altitude at distance x, linear between samples; *j is a monotone cursor
 * (largest index with d[j] <= x), so a sweep over increasing x is O(n). */
static double alt_at(const double *d, const double *a, size_t n, size_t *j, double x)
{
    while (*j + 1 < n && d[*j + 1] <= x)
        (*j)++;
    size_t i = *j;
    if (i + 1 < n && d[i + 1] > d[i] && x > d[i])
        return a[i] + (a[i + 1] - a[i]) * (x - d[i]) / (d[i + 1] - d[i]);
    return a[i];
}

static double clampg(double g)
{
    if (g > SG_RUN_GRADE_CLAMP)
        return SG_RUN_GRADE_CLAMP;
    if (g < -SG_RUN_GRADE_CLAMP)
        return -SG_RUN_GRADE_CLAMP;
    return g;
}

void sg_terrain_grade(const double *d, const double *alt, size_t n, double window,
                      double *grade)
{
    if (!n)
        return;
    size_t j0 = 0, j1 = 0;
    double first = d[0], last = d[n - 1];
    for (size_t k = 0; k < n; k++) {
        double x0 = d[k] - window / 2, x1 = d[k] + window / 2;
        if (x0 < first)
            x0 = first;
        if (x1 > last)
            x1 = last;
        double a0 = alt_at(d, alt, n, &j0, x0), a1 = alt_at(d, alt, n, &j1, x1);
        /* near the ends the window shrinks; below a quarter of it the grade
         * is mostly noise, so call it flat */
        grade[k] = (x1 - x0 >= window / 4) ? clampg((a1 - a0) / (x1 - x0)) : 0.0;
    }
}

static void seg_none(sg_run_segment *s)
{
    s->start_m = s->distance_m = s->time_s = s->elevation_m = s->grade_pct = NAN;
}

/* Finds maximal stretches of intervals whose grade has sign `dir` and
 * magnitude >= 3 %, bridging dips shorter than SG_RUN_SEG_GAP, and keeps the
 * longest (at least SG_RUN_SEG_MIN). */
static void longest_segment(const sg_run_ctx *c, int dir, sg_run_segment *best)
{
    seg_none(best);
    size_t n = c->n;
    bool in = false;
    size_t s0 = 0, s1 = 0;  /* first sample, last qualifying sample */
    for (size_t k = 1; k <= n; k++) {
        bool q = k < n && dir * sg_runi_g(c, k) >= 0.03;
        if (q && in && c->d[k - 1] - c->d[s1] <= SG_RUN_SEG_GAP) {
            s1 = k;
            continue;
        }
        if (in && (q || k == n || c->d[k - 1] - c->d[s1] > SG_RUN_SEG_GAP)) {
            double len = c->d[s1] - c->d[s0];
            if (len >= SG_RUN_SEG_MIN && (isnan(best->distance_m) || len > best->distance_m)) {
                best->start_m = c->d[s0] - c->d[0];
                best->distance_m = len;
                best->time_s = c->t[s1] - c->t[s0];
                best->elevation_m = c->alt[s1] - c->alt[s0];
                best->grade_pct = best->elevation_m / len * 100;
            }
            in = false;
        }
        if (q && !in) {
            in = true;
            s0 = k - 1;
            s1 = k;
        }
    }
}

/* The window of SG_RUN_STEEP_WIN metres from sample k at mean grade g; its
 * time is that of the window end, by the same interpolation on (d, t). */
static void steep_window(const sg_run_ctx *c, size_t k, double g, sg_run_segment *s)
{
    size_t jt = 0;
    s->start_m = c->d[k] - c->d[0];
    s->distance_m = SG_RUN_STEEP_WIN;
    s->elevation_m = g * SG_RUN_STEEP_WIN;
    s->grade_pct = g * 100;
    s->time_s = alt_at(c->d, c->t, c->n, &jt, c->d[k] + SG_RUN_STEEP_WIN) - c->t[k];
}

/* Steepest mean grade over any SG_RUN_STEEP_WIN metres, up (dir 1) and down. */
static void steepest(const sg_run_ctx *c, sg_run_segment *up, sg_run_segment *down)
{
    seg_none(up);
    seg_none(down);
    size_t n = c->n, j = 0;
    double last = c->d[n - 1];
    double gmax = -INFINITY, gmin = INFINITY;
    size_t kmax = 0, kmin = 0;
    for (size_t k = 0; k < n && c->d[k] + SG_RUN_STEEP_WIN <= last; k++) {
        double a1 = alt_at(c->d, c->alt, n, &j, c->d[k] + SG_RUN_STEEP_WIN);
        double g = (a1 - c->alt[k]) / SG_RUN_STEEP_WIN;
        if (g > gmax) {
            gmax = g;
            kmax = k;
        }
        if (g < gmin) {
            gmin = g;
            kmin = k;
        }
    }
    if (isinf(gmax))
        return;
    if (gmax >= 0.03)
        steep_window(c, kmax, gmax, up);
    if (gmin <= -0.03)
        steep_window(c, kmin, gmin, down);
}

int sg_runi_terrain(sg_run_ctx *c, sg_run_result *r)
{
    sg_run_terrain *tr = &r->terrain;
    const sg_activity *act = c->act;
    size_t n = c->n;

    tr->alt_source = SG_ALT_UNKNOWN;
    tr->hysteresis_m = tr->grade_window_m = NAN;
    tr->ascent_m = tr->descent_m = tr->min_alt_m = tr->max_alt_m = NAN;
    for (int b = 0; b < SG_RUN_N_BANDS; b++)
        tr->band[b].distance_m = tr->band[b].time_s = NAN;
    seg_none(&tr->longest_climb);
    seg_none(&tr->steepest_climb);
    seg_none(&tr->longest_descent);
    seg_none(&tr->steepest_descent);
    tr->descent_m_below_3pct = tr->descent_m_below_8pct = NAN;
    tr->descent_dist_m_below_3pct = tr->descent_dist_m_below_8pct = NAN;
    tr->descent_time_s_below_3pct = tr->descent_time_s_below_8pct = NAN;
    for (size_t k = 0; k < n; k++)
        c->grade[k] = 0.0;
    c->grade_known = false;
    c->have_alt = false;

    const double *src = act->ch[SG_CH_ALTITUDE];
    size_t finite = 0;
    if (src)
        for (size_t k = 0; k < n && finite < 2; k++)
            finite += !isnan(src[c->idx[k]]);
    if (r->treadmill) {
        /* a barometer indoors measures the building's air, not an incline */
        r->missing |= SG_RUN_MISSING_GRADE;
        return SG_OK;
    }
    if (finite < 2) {
        r->missing |= SG_RUN_MISSING_ALTITUDE;
        return SG_OK;
    }

    /* The model's one elevation pipeline (strideguard/figures.h): the
     * stored summary and the race course get the same ascent. c->grade is
     * borrowed as scratch until the grade is computed. */
    sg_elevation e;
    sg_elevation_profile(src, c->idx, c->t, n, act->alt_source, act->ch[SG_CH_LAT] != NULL,
                         c->alt, c->grade, &e);
    r->repaired.altitude_gaps += e.gaps;
    r->repaired.altitude_steps += e.steps;
    r->repaired.altitude_outliers += e.outliers;
    tr->alt_source = e.source;
    bool gpsalt = e.source == SG_ALT_GPS;
    tr->hysteresis_m = e.hysteresis_m;
    c->have_alt = true;
    tr->ascent_m = e.ascent_m;
    tr->descent_m = e.descent_m;
    tr->min_alt_m = e.min_m;
    tr->max_alt_m = e.max_m;

    if (!c->have_distance) {
        for (size_t k = 0; k < n; k++)
            c->grade[k] = 0.0;
        return SG_OK;
    }
    tr->grade_window_m = gpsalt ? SG_RUN_WIN_GPS : SG_RUN_WIN_BARO;
    sg_terrain_grade(c->d, c->alt, n, tr->grade_window_m, c->grade);
    c->grade_known = true;

    for (int b = 0; b < SG_RUN_N_BANDS; b++)
        tr->band[b].distance_m = tr->band[b].time_s = 0;
    double v3 = 0, v8 = 0, d3 = 0, d8 = 0, t3 = 0, t8 = 0;
    for (size_t k = 1; k < n; k++) {
        double g = sg_runi_g(c, k), dd = sg_runi_dd(c, k);
        double dt = sg_runi_rdt(c, k);
        int b = sg_run_band_of(g * 100);
        tr->band[b].distance_m += dd;
        tr->band[b].time_s += dt;
        if (g < -0.03) {
            v3 += -g * dd;
            d3 += dd;
            t3 += dt;
        }
        if (g < -0.08) {
            v8 += -g * dd;
            d8 += dd;
            t8 += dt;
        }
    }
    tr->descent_m_below_3pct = v3;
    tr->descent_m_below_8pct = v8;
    tr->descent_dist_m_below_3pct = d3;
    tr->descent_dist_m_below_8pct = d8;
    tr->descent_time_s_below_3pct = t3;
    tr->descent_time_s_below_8pct = t8;

    longest_segment(c, 1, &tr->longest_climb);
    longest_segment(c, -1, &tr->longest_descent);
    steepest(c, &tr->steepest_climb, &tr->steepest_descent);
    return SG_OK;
}
