/* Bench: the pure run analysis of 1,000 one-hour runs (1 Hz, every channel
 * a Garmin watch with running dynamics writes, rolling hills, noise), in
 * process. Only sg_run_analyze (and the baseline build) is timed; building
 * the synthetic activities is not. Goal (DESIGN.md §5): under 2 s.
 *
 *   bench/show/run.sh [runs] [--print | --same | --pool]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/run_text.h"
#include "strideguard/run_analysis.h"

static double noise(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return ((double)(*s >> 8) / (double)(1u << 24)) * 2.0 - 1.0;
}

static double clk(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}
static double now(void) { return clk(CLOCK_MONOTONIC); }
/* CPU time of this process: the fair figure on a shared, loaded machine */
static double cpu(void) { return clk(CLOCK_PROCESS_CPUTIME_ID); }

static sg_activity *make_run(int r, size_t seconds)
{
    sg_activity *a = sg_activity_new(NULL);
    uint32_t s = 1234u + (uint32_t)r * 7919u;
    double d = 0, alt = 200, base_v = 2.8 + 0.6 * (r % 5) / 4.0;
    for (size_t i = 0; i < seconds; i++) {
        size_t k;
        if (sg_activity_append(a, &k, NULL))
            exit(1);
        double g = 0.06 * sin(d / 900.0 + r) + 0.03 * sin(d / 170.0);
        double v = base_v * (1 - 2.5 * g) + 0.1 * noise(&s);
        if (v < 1.0)
            v = 1.0;
        if (i) {
            d += v;
            alt += g * v;
        }
        double f = (double)i / (double)seconds;
        sg_activity_set(a, SG_CH_TIME, k, 1.6e9 + r * 86400.0 + (double)i, NULL);
        sg_activity_set(a, SG_CH_DISTANCE, k, d, NULL);
        sg_activity_set(a, SG_CH_SPEED, k, v, NULL);
        sg_activity_set(a, SG_CH_LAT, k, 45 + d / 111195.0, NULL);
        sg_activity_set(a, SG_CH_LON, k, 7, NULL);
        sg_activity_set(a, SG_CH_ALTITUDE, k, round(alt * 5) / 5, NULL);
        sg_activity_set(a, SG_CH_HEART_RATE, k, 140 + 15 * f + 3 * noise(&s), NULL);
        sg_activity_set(a, SG_CH_CADENCE, k, 150 + 7 * v + 10 * g * 10 + 2 * noise(&s), NULL);
        sg_activity_set(a, SG_CH_STANCE_TIME, k, 0.300 - 0.018 * v + 0.01 * f + 0.006 * noise(&s), NULL);
        sg_activity_set(a, SG_CH_VERT_OSC, k, 0.085 + 0.003 * noise(&s), NULL);
        sg_activity_set(a, SG_CH_STANCE_BALANCE, k, 50.4 + 0.4 * noise(&s), NULL);
        sg_activity_set(a, SG_CH_VERT_RATIO, k, 8.0 + 0.3 * noise(&s), NULL);
    }
    a->sport = SG_SPORT_RUNNING;
    a->alt_source = SG_ALT_BAROMETRIC;
    return a;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 1000;
    int print = argc > 2 && strcmp(argv[2], "--print") == 0;
    /* --same: analyse one activity `runs` times (for profiling the analysis alone) */
    int same = argc > 2 && strcmp(argv[2], "--same") == 0;
    sg_activity *one = same ? make_run(0, 3600) : NULL;
    /* --pool: 50 distinct runs built first and analysed in turn, so the
     * data is cache-cold but the harness does not build and free an
     * activity between analyses */
    enum { POOL = 50 };
    int pool = argc > 2 && strcmp(argv[2], "--pool") == 0;
    sg_activity *acts[POOL] = {0};
    for (int i = 0; pool && i < POOL; i++)
        acts[i] = make_run(i, 3600);
    if (runs < 1)
        runs = 1;
    sg_run_result *res = calloc((size_t)runs, sizeof *res);
    if (!res)
        return 1;
    double t_an = 0, t_base = 0, c_an = 0;
    size_t samples = 0, flags = 0;
    sg_run_baseline base;
    int have_base = 0;
    for (int r = 0; r < runs; r++) {
        sg_activity *a = same ? one : pool ? acts[r % POOL] : make_run(r, 3600);
        samples += a->n;
        /* every run after the 20th is compared with a baseline of the
         * previous 20 (rebuilt every 20 runs, as an app caching it would) */
        if (r >= 20 && r % 20 == 0) {
            double t0 = now();
            if (sg_run_baseline_build(res + r - 20, 20, NULL, &base, NULL))
                return 1;
            t_base += now() - t0;
            have_base = 1;
        }
        double t0 = now(), c0 = cpu();
        if (sg_run_analyze(a, have_base ? &base : NULL, &res[r], NULL))
            return 1;
        c_an += cpu() - c0;
        t_an += now() - t0;
        flags += res[r].n_flags;
        if (print && r == runs - 1)
            sg_run_text_write(stdout, &res[r], "bench run", 0);
        if (!same && !pool)
            sg_activity_free(a);
    }
    sg_activity_free(one);
    for (int i = 0; i < POOL; i++)
        sg_activity_free(acts[i]);
    printf("runs %d, samples %zu, flags %zu\n", runs, samples, flags);
    printf("analysis wall %.3f s, cpu %.3f s (%.2f ms/run cpu, %.1f M samples/s), "
           "baselines %.4f s\n",
           t_an, c_an, c_an * 1000 / runs, samples / c_an / 1e6, t_base);
    free(res);
    return 0;
}
