/* Orientation-independence: gravity tracking and the vertical signal.
 *
 * Gravity in sensor axes is the centred moving mean of the accelerometer over
 * TK_GRAVITY_WIN_S (Moe-Nilssen 1998's tilt correction uses the mean
 * acceleration as the static tilt; tracking it over a moving window follows a
 * belt that shifts during a run). Over whole strides the trunk's own
 * acceleration averages out, gravity does not. The vertical specific force
 * fv = a . up / g0 is then free of how the sensor sits. Each gap-free segment
 * is handled on its own so nothing is averaged across a gap. */
#include <math.h>
#include <string.h>

#include "analysis/trunk_internal.h"

/* Zero-phase 2nd-order Butterworth low-pass (bilinear transform, run forward
 * then backward); states start at the edge value so a step at the edge does
 * not ring. fc is clamped below Nyquist. */
void sg_trunk_lowpass(const double *x, double *y, size_t n, double fs, double fc)
{
    if (n == 0)
        return;
    if (fc > 0.45 * fs)
        fc = 0.45 * fs;
    double k = tan(M_PI * fc / fs), q = M_SQRT2;
    double norm = 1.0 / (1.0 + k * q + k * k);
    double b0 = k * k * norm, b1 = 2 * b0, b2 = b0;
    double a1 = 2.0 * (k * k - 1.0) * norm, a2 = (1.0 - k * q + k * k) * norm;
    double x1 = x[0], x2 = x[0], y1 = x[0], y2 = x[0];
    for (size_t i = 0; i < n; i++) {
        double v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = x[i];
        y2 = y1;
        y1 = v;
        y[i] = v;
    }
    x1 = x2 = y1 = y2 = y[n - 1];
    for (size_t i = n; i-- > 0;) {
        double in = y[i];
        double v = b0 * in + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = in;
        y2 = y1;
        y1 = v;
        y[i] = v;
    }
}

int sg_trunk_orient(tk_ctx *c, sg_err *err)
{
    (void)err;
    const sg_imu *r = c->rec;
    size_t half = (size_t)(TK_GRAVITY_WIN_S * c->fs / 2);
    if (half < 1)
        half = 1;
    size_t s0 = 0;
    for (size_t k = 0; k < c->n_seg; k++) {
        size_t s1 = c->seg_end[k];
        /* running sums over [i-half, i+half] clipped to the segment */
        double sum[3] = {0, 0, 0};
        size_t lo = s0, hi = s0; /* window is [lo, hi) */
        for (size_t i = s0; i < s1; i++) {
            size_t want_hi = i + half + 1 < s1 ? i + half + 1 : s1;
            size_t want_lo = i > s0 + half ? i - half : s0;
            while (hi < want_hi) {
                for (int d = 0; d < 3; d++)
                    sum[d] += r->acc[d][hi];
                hi++;
            }
            while (lo < want_lo) {
                for (int d = 0; d < 3; d++)
                    sum[d] -= r->acc[d][lo];
                lo++;
            }
            /* gravity turns slowly: its direction is renewed on a coarse grid
             * (and at each segment start), which saves a square root and two
             * thirds of the memory traffic per sample */
            size_t ci = i / c->gstep;
            if (i % c->gstep == 0 || i == s0) {
                double gx = sum[0], gy = sum[1], gz = sum[2];
                double norm = sqrt(gx * gx + gy * gy + gz * gz);
                if (!(norm > 0)) {
                    gx = 0;
                    gy = 0;
                    gz = 1;
                    norm = 1;
                }
                c->up[0][ci] = gx / norm;
                c->up[1][ci] = gy / norm;
                c->up[2][ci] = gz / norm;
            }
            c->fv[i] = (r->acc[0][i] * c->up[0][ci] + r->acc[1][i] * c->up[1][ci] +
                        r->acc[2][i] * c->up[2][ci]) /
                       SG_IMU_G;
        }
        sg_trunk_lowpass(c->fv + s0, c->fvs + s0, s1 - s0, c->fs, TK_LP_EVENTS_HZ);
        s0 = s1;
    }
    return SG_OK;
}
