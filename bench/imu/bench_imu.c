/* Times the whole trunk analysis of a generated 1-hour, 200 Hz, 6-axis
 * lower-back recording (running at 172 steps/min with 30 s walking breaks
 * every 10 minutes, sensor tilted, noise). Prints samples per second.
 * Built and run by bench/imu/run.sh against build/libstrideguard.a. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/trunk_analysis.h"
#include "strideguard/imu.h"

static double clk(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 3600, fs = 200;
    int reps = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
    size_t n = (size_t)(secs * fs);
    sg_imu *r;
    if (sg_imu_new(NULL, n, fs, true, &r, NULL))
        return 1;
    uint64_t s = 88172645463325252ull;
    double T = 60.0 / 172, tc = 0.62 * T, ct = cos(0.3), st = sin(0.3);
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / fs;
        bool walk = fmod(t, 600) > 570;
        double Ts = walk ? 0.55 : T, tau = fmod(t, Ts), u = tau / Ts;
        int side = (int)(t / Ts) % 2;
        double v, ap, ml;
        if (walk) {
            v = 1 + 0.25 * sin(2 * M_PI * u);
            ap = 0.15 * cos(2 * M_PI * u);
            ml = 0;
        } else {
            v = tau < tc ? M_PI * T / (2 * tc) * sin(M_PI * tau / tc) : 0;
            ap = tau < tc ? -0.6 * sin(2 * M_PI * tau / tc) : 0;
            ml = tau < tc ? (side ? 0.3 : -0.3) * sin(M_PI * tau / tc) : 0;
        }
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        double noise = ((double)(s >> 11) / 9007199254740992.0 - 0.5) * 0.5;
        /* sensor pitched 0.3 rad about the ML axis */
        r->acc[0][i] = (ct * ap - st * v) * SG_IMU_G + noise;
        r->acc[1][i] = ml * SG_IMU_G + noise;
        r->acc[2][i] = (st * ap + ct * v) * SG_IMU_G - noise;
        double w = (side ? 5 : -5) * M_PI / 180 * M_PI * cos(M_PI * u) / Ts;
        r->gyr[0][i] = ct * w;
        r->gyr[1][i] = 0.05 * cos(2 * M_PI * u);
        r->gyr[2][i] = st * w;
    }
    /* wall and CPU time: on a shared machine CPU time is what the code costs */
    double best = 1e9, best_cpu = 1e9;
    sg_trunk_result *res = NULL;
    for (int k = 0; k < reps; k++) {
        double t0 = clk(CLOCK_MONOTONIC), c0 = clk(CLOCK_PROCESS_CPUTIME_ID);
        if (sg_trunk_analyze(r, NULL, NULL, &res, NULL))
            return 1;
        double dt = clk(CLOCK_MONOTONIC) - t0, dc = clk(CLOCK_PROCESS_CPUTIME_ID) - c0;
        if (dt < best)
            best = dt;
        if (dc < best_cpu)
            best_cpu = dc;
        if (k + 1 < reps)
            sg_trunk_result_free(res);
    }
    printf("imu: %.0f s at %.0f Hz (%zu 6-axis samples), best of %d: wall %.3f s = %.2f M "
           "samples/s, cpu %.3f s = %.2f M samples/s (running %.0f s, %zu steps, cadence %.1f)\n",
           secs, fs, n, reps, best, (double)n / best / 1e6, best_cpu, (double)n / best_cpu / 1e6,
           res->running_s, res->n_steps, res->overall.cadence_spm);
    sg_trunk_result_free(res);
    sg_imu_free(r);
    return 0;
}
