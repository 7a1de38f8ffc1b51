/* The one elevation computation (strideguard/figures.h): which altitude to
 * trust, repairing it, smoothing it, ascent/descent by hysteresis.
 * docs/science.md §2 "Elevation and moving time: one computation". Used by
 * the stored summary, the run analysis' terrain and the race course. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "strideguard/figures.h"
#include "strideguard/stats.h"

double sg_elev_hysteresis(const double *alt, size_t n, double h, double *descent)
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

size_t sg_elev_median_repair(const double *in, double *out, size_t n, double thr)
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

size_t sg_elev_step_repair(double *alt, const double *t, size_t n, double min_jump, double vz)
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

void sg_elev_smooth(const double *in, const double *t, size_t n, double half_s, double *out)
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

double sg_elev_roughness(const double *alt, size_t n, double *scratch)
{
    if (n < 3)
        return 0;
    size_t m = 0;
    for (size_t i = 1; i + 1 < n; i++)
        scratch[m++] = fabs(alt[i + 1] - 2 * alt[i] + alt[i - 1]);
    return sg_quantile(scratch, m, 0.5);
}

bool sg_elevation_profile(const double *src, const size_t *idx, const double *t, size_t n,
                          sg_alt_source label, bool has_position, double *alt, double *scratch,
                          sg_elevation *e)
{
    memset(e, 0, sizeof *e);
    e->source = SG_ALT_UNKNOWN;
    e->hysteresis_m = e->ascent_m = e->descent_m = e->min_m = e->max_m = NAN;
    size_t finite = 0;
    for (size_t k = 0; src && k < n && finite < 2; k++)
        finite += !isnan(src[idx ? idx[k] : k]);
    if (finite < 2)
        return false;

    /* Gaps: linear in sample index between known neighbours, held at ends. */
    double *raw = scratch;
    size_t prev = (size_t)-1;
    for (size_t k = 0; k < n; k++) {
        double a = src[idx ? idx[k] : k];
        if (isnan(a))
            continue;
        raw[k] = a;
        if (prev == (size_t)-1) {
            for (size_t m = 0; m < k; m++)
                raw[m] = a;
            e->gaps += k;
        } else {
            for (size_t m = prev + 1; m < k; m++)
                raw[m] = raw[prev] + (a - raw[prev]) * (double)(m - prev) / (double)(k - prev);
            e->gaps += k - prev - 1;
        }
        prev = k;
    }
    for (size_t m = prev + 1; m < n; m++)
        raw[m] = raw[prev];
    e->gaps += n - prev - 1;

    sg_alt_source s = label;
    if (s != SG_ALT_BAROMETRIC && s != SG_ALT_CORRECTED) {
        /* Only a barometric or corrected label is trusted: decoders guess
         * "GPS" whenever every altitude comes with a fix, which barometric
         * watches do too. Barometric traces are smooth (second differences
         * at the sensor's 0.2 m resolution); GPS heights jump by metres from
         * fix to fix. */
        bool gps = has_position && sg_elev_roughness(raw, n, alt) > 0.5;
        s = gps ? SG_ALT_GPS : SG_ALT_BAROMETRIC;
    }
    e->source = s;
    bool gpsalt = s == SG_ALT_GPS;
    /* GPS heights are noisy enough that only a much larger jump is a step */
    e->steps = sg_elev_step_repair(raw, t, n, gpsalt ? 25.0 : 5.0, gpsalt ? 5.0 : 3.0);
    e->hysteresis_m = gpsalt ? SG_ELEV_HYST_GPS : SG_ELEV_HYST_BARO;
    e->outliers = sg_elev_median_repair(raw, alt, n, gpsalt ? 20.0 : 5.0);
    sg_elev_smooth(alt, t, n, SG_ELEV_SMOOTH_S, raw);
    memcpy(alt, raw, n * sizeof *raw);

    e->ascent_m = sg_elev_hysteresis(alt, n, e->hysteresis_m, &e->descent_m);
    e->min_m = INFINITY;
    e->max_m = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        if (alt[k] < e->min_m)
            e->min_m = alt[k];
        if (alt[k] > e->max_m)
            e->max_m = alt[k];
    }
    return true;
}
