/* Simulated lower-back IMU recording (src/app/sim_trunk.h).
 *
 * Body axes: x forward, y left, z up. Each step is a contact (62 % of the
 * step) with a half-sine vertical specific force of unit mean over the step,
 * then flight; a small braking/propulsion wave fore-aft and a push toward
 * the swing side. Obliquity rotates one way in left stance and the other in
 * right stance, tilt twice per step, rotation once per stride. The sensor is
 * pitched forward by mount_pitch_deg (the orientation stage must undo it). */
#include "sim/sim_trunk.h"

#include <math.h>
#include <string.h>

#include "strideguard/sim.h"

void sg_sim_trunk_defaults(sg_sim_trunk_params *p)
{
    static const sg_sim_trunk_params d = {
        .seed = 7, .t0 = 0, .duration_s = 20 * 60, .fs = 100, .cadence_spm = SG_SIM_CADENCE_SPM,
        .asym_ms = 6, .asym_growth_ms = 10, .drop_l_deg = 4.0, .drop_r_deg = 4.6,
        .drop_growth_deg = 1.5, .tilt_deg = 3.0, .rot_deg = 5.0, .mount_pitch_deg = 12,
        .noise = 0.25,
    };
    *p = d;
}

int sg_sim_trunk(const sg_sim_trunk_params *p, const sg_allocator *a, sg_imu **out, sg_err *err)
{
    *out = NULL;
    if (!(p->fs > 0) || !(p->duration_s > 0) || !(p->cadence_spm > 60))
        return sg_err_set(err, SG_EUSAGE, -1, "trunk simulator: bad rate, duration or cadence");
    size_t n = (size_t)(p->duration_s * p->fs);
    sg_imu *rec = NULL;
    int rc = sg_imu_new(a, n, p->fs, true, &rec, err);
    if (rc)
        return rc;
    rec->t0 = p->t0;
    rec->time_relative = false;
    rec->source = "simulated";
    sg_rng r;
    sg_rng_seed(&r, p->seed);
    const double deg = M_PI / 180, pitch = p->mount_pitch_deg * deg;
    const double dt = 1.0 / p->fs;
    double t0 = 0; /* start of the current step, s from the first sample */
    int side = 0;  /* 0: left contact */
    long k = 0;
    size_t i = 0;
    while (i < n) {
        double f = t0 / p->duration_s; /* fatigue fraction 0..1 */
        double T = 60.0 / (p->cadence_spm * (1 - 0.02 * f));
        double asym = (p->asym_ms + p->asym_growth_ms * f) / 1000.0;
        T += side == 1 ? asym / 2 : -asym / 2;
        double tc = 0.62 * T;
        double drop = side == 0 ? p->drop_l_deg : -(p->drop_r_deg + p->drop_growth_deg * f);
        for (; i < n && (double)i * dt < t0 + T; i++) {
            double tau = (double)i * dt - t0, u = tau / T;
            double b[3] = {0, 0, 0}, w[3];
            if (tau < tc) {
                double s = sin(M_PI * tau / tc);
                b[2] = M_PI * T / (2 * tc) * s;
                b[0] = -0.6 * sin(2 * M_PI * tau / tc);
                b[1] = (side == 0 ? -0.3 : 0.3) * s;
            }
            w[0] = drop * deg * M_PI * cos(M_PI * u) / T;
            w[1] = p->tilt_deg * deg * 2 * M_PI * cos(2 * M_PI * u) / T;
            w[2] = p->rot_deg * deg * M_PI * cos(M_PI * ((double)(k % 2) + u)) / T;
            /* sensor pitched forward about y: x' = x cos + z sin, z' = -x sin + z cos */
            double ax = b[0] * cos(pitch) + b[2] * sin(pitch);
            double az = -b[0] * sin(pitch) + b[2] * cos(pitch);
            double gx = w[0] * cos(pitch) + w[2] * sin(pitch);
            double gz = -w[0] * sin(pitch) + w[2] * cos(pitch);
            double acc[3] = {ax, b[1], az}, gyr[3] = {gx, w[1], gz};
            for (int d = 0; d < 3; d++) {
                rec->acc[d][i] = acc[d] * SG_IMU_G + p->noise * sg_rng_normal(&r);
                rec->gyr[d][i] = gyr[d] + 0.02 * p->noise * sg_rng_normal(&r);
            }
        }
        t0 += T;
        side = 1 - side;
        k++;
    }
    *out = rec;
    return SG_OK;
}
