/* Terrain: which altitude to trust, repairing it, ascent/descent by
 * hysteresis, grade over a distance window, time and distance per grade band,
 * climbs and descents, and descent exposure. docs/science.md §2. */
#include <math.h>
#include <string.h>

#include "analysis/run_internal.h"

double sg_terrain_hysteresis(const double *alt, size_t n, double h, double *descent)
{
    /* GoldenCheetah's ElevationGain, mirrored for loss: the reference point
     * moves only when the altitude leaves a +-h band around it, so noise
     * smaller than h never adds up. */
    double gain = 0, loss = 0, prev = NAN;
    for (size_t i = 0; i < n; i++) {
        double a = alt[i];
        if (isnan(a))
            continue;
        if (isnan(prev)) {
            prev = a;
        } else if (a > prev + h) {
            gain += a - prev;
            prev = a;
        } else if (a < prev - h) {
            loss += prev - a;
            prev = a;
        }
    }
    if (descent)
        *descent = loss;
    return gain;
}

static double med5(double a, double b, double c, double d, double e)
{
    double x[5] = {a, b, c, d, e};
    for (int i = 1; i < 5; i++) /* insertion sort of five */
        for (int j = i; j > 0 && x[j] < x[j - 1]; j--) {
            double t = x[j];
            x[j] = x[j - 1];
            x[j - 1] = t;
        }
    return x[2];
}

size_t sg_terrain_median_repair(const double *in, double *out, size_t n, double thr)
{
    size_t fixed = 0;
    if (n)
        memcpy(out, in, n * sizeof *in);
    for (size_t i = 2; i + 2 < n; i++) {
        double m = med5(in[i - 2], in[i - 1], in[i], in[i + 1], in[i + 2]);
        if (fabs(in[i] - m) > thr) {
            out[i] = m;
            fixed++;
        }
    }
    return fixed;
}

size_t sg_terrain_step_repair(double *alt, const double *t, size_t n, double min_jump, double vz)
{
    /* A jump no runner can make (a barometer recalibrating, a glitch of a
     * few samples) is removed by shifting the rest of the trace, so that it
     * adds neither ascent nor grade. O(n), one pass. */
    size_t fixed = 0;
    double offset = 0, prev_raw = n ? alt[0] : 0;
    for (size_t k = 1; k < n; k++) {
        double raw = alt[k], jump = raw - prev_raw, dt = t[k] - t[k - 1];
        if (fabs(jump) > min_jump && fabs(jump) > vz * dt) {
            offset -= jump;
            fixed++;
        }
        prev_raw = raw;
        alt[k] = raw + offset;
    }
    return fixed;
}

void sg_terrain_smooth(const double *in, const double *t, size_t n, double half_s, double *out)
{
    /* Centred moving average over +-h seconds, h shrinking symmetrically
     * near the ends so a steady climb stays unbiased there. Both window
     * edges only move forward: two cursors and a running sum, O(n). */
    if (!n)
        return;
    size_t lo = 0, hi = 0;
    double sum = 0, t0 = t[0], tn = t[n - 1];
    for (size_t k = 0; k < n; k++) {
        double h = half_s;
        if (t[k] - t0 < h)
            h = t[k] - t0;
        if (tn - t[k] < h)
            h = tn - t[k];
        while (hi < n && t[hi] <= t[k] + h)
            sum += in[hi++];
        while (lo < hi && t[lo] < t[k] - h)
            sum -= in[lo++];
        out[k] = sum / (double)(hi - lo);
    }
}

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

double sg_terrain_roughness(const double *alt, size_t n, double *scratch)
{
    if (n < 3)
        return 0;
    size_t m = 0;
    for (size_t i = 1; i + 1 < n; i++)
        scratch[m++] = fabs(alt[i + 1] - 2 * alt[i] + alt[i - 1]);
    double q1, med, q3;
    sg_run_quartiles(scratch, m, &q1, &med, &q3);
    return med;
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
    /* time of the window end, by the same interpolation on (d, t) */
    size_t jt = 0;
    if (gmax >= 0.03) {
        up->start_m = c->d[kmax] - c->d[0];
        up->distance_m = SG_RUN_STEEP_WIN;
        up->elevation_m = gmax * SG_RUN_STEEP_WIN;
        up->grade_pct = gmax * 100;
        jt = 0;
        up->time_s = alt_at(c->d, c->t, n, &jt, c->d[kmax] + SG_RUN_STEEP_WIN) - c->t[kmax];
    }
    if (gmin <= -0.03) {
        down->start_m = c->d[kmin] - c->d[0];
        down->distance_m = SG_RUN_STEEP_WIN;
        down->elevation_m = gmin * SG_RUN_STEEP_WIN;
        down->grade_pct = gmin * 100;
        jt = 0;
        down->time_s = alt_at(c->d, c->t, n, &jt, c->d[kmin] + SG_RUN_STEEP_WIN) - c->t[kmin];
    }
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

    /* Gaps: linear in sample index between known neighbours, held at ends. */
    double *raw = c->grade; /* borrowed as scratch until the grade is computed */
    size_t prev = (size_t)-1;
    for (size_t k = 0; k < n; k++) {
        double a = src[c->idx[k]];
        if (isnan(a))
            continue;
        raw[k] = a;
        if (prev == (size_t)-1) {
            for (size_t m = 0; m < k; m++)
                raw[m] = a;
            r->repaired.altitude_gaps += k;
        } else {
            for (size_t m = prev + 1; m < k; m++)
                raw[m] = raw[prev] + (a - raw[prev]) * (double)(m - prev) / (double)(k - prev);
            r->repaired.altitude_gaps += k - prev - 1;
        }
        prev = k;
    }
    for (size_t m = prev + 1; m < n; m++)
        raw[m] = raw[prev];
    r->repaired.altitude_gaps += n - prev - 1;

    sg_alt_source s = act->alt_source;
    if (s != SG_ALT_BAROMETRIC && s != SG_ALT_CORRECTED) {
        /* Only a barometric or corrected label is trusted: decoders guess
         * "GPS" whenever every altitude comes with a fix, which barometric
         * watches do too. Barometric traces are smooth (second differences
         * at the sensor's 0.2 m resolution); GPS heights jump by metres from
         * fix to fix. */
        bool gps = act->ch[SG_CH_LAT] && sg_terrain_roughness(raw, n, c->alt) > 0.5;
        s = gps ? SG_ALT_GPS : SG_ALT_BAROMETRIC;
    }
    tr->alt_source = s;
    bool gpsalt = s == SG_ALT_GPS;
    /* GPS heights are noisy enough that only a much larger jump is a step */
    r->repaired.altitude_steps +=
        sg_terrain_step_repair(raw, c->t, n, gpsalt ? 25.0 : 5.0, gpsalt ? 5.0 : 3.0);
    tr->hysteresis_m = gpsalt ? SG_RUN_HYST_GPS : SG_RUN_HYST_BARO;
    r->repaired.altitude_outliers += sg_terrain_median_repair(raw, c->alt, n, gpsalt ? 20.0 : 5.0);
    sg_terrain_smooth(c->alt, c->t, n, SG_RUN_SMOOTH_S, raw);
    memcpy(c->alt, raw, n * sizeof *raw);
    c->have_alt = true;

    tr->ascent_m = sg_terrain_hysteresis(c->alt, n, tr->hysteresis_m, &tr->descent_m);
    tr->min_alt_m = INFINITY;
    tr->max_alt_m = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        if (c->alt[k] < tr->min_alt_m)
            tr->min_alt_m = c->alt[k];
        if (c->alt[k] > tr->max_alt_m)
            tr->max_alt_m = c->alt[k];
    }

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
