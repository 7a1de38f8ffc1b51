/* Load over a 10-year history: ~3,000 runs (about 6 a week, with a long run,
 * some hills, a few duplicates and clock-wrong files), full analysis plus the
 * JSON of every day. Target (DESIGN.md §5): < 0.5 s.
 *
 * Usage: bench_load [iterations]   (prints best and median wall time) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "render/jsonw.h"
#include "render/load_json.h"
#include "strideguard/load.h"

#define YEARS 10
#define DAY 86400.0

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int iters = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 20;
    if (iters < 1)
        iters = 1;
    const int32_t first = 16071;   /* 2014-01-01 */
    const int days = YEARS * 365 + 2;
    size_t cap = (size_t)days, n = 0;
    sg_run_summary *r = calloc(cap, sizeof *r);
    if (!r)
        return 1;
    unsigned seed = 12345;
    for (int d = 0; d < days && n < cap; d++) {
        int wd = (d + 2) % 7;   /* 2014-01-01 was a Wednesday */
        seed = seed * 1103515245u + 12345u;
        if (wd == 0 || ((seed >> 16) % 10) == 0)   /* Mondays off, plus ~10 % */
            continue;
        sg_run_summary *s = &r[n++];
        sg_run_summary_init(s);
        s->activity_id = (int64_t)n;
        s->start = (first + d) * DAY + 6 * 3600 + (seed >> 8) % 3600;
        s->sport = (seed >> 20) % 12 == 0 ? SG_SPORT_CYCLING : SG_SPORT_RUNNING;
        double km = wd == 6 ? 18 + 8 * sin(d / 40.0) : 8 + (double)((seed >> 12) % 5);
        s->distance_m = km * 1000;
        s->moving_time_s = km * 330;
        s->duration_s = km * 345;
        s->ascent_m = s->descent_m = km * (5 + (seed >> 4) % 20);
        s->impact_weighted_km = km * 1.05;
        s->trimp = km * 9;
        s->hr_peak = 165 + (seed >> 6) % 15;
        if ((seed >> 10) % 7 == 0)
            s->srpe = 5;
    }
    /* a few duplicates and clock-wrong files */
    for (size_t i = 0; i < 20 && n + 2 < cap; i++) {
        r[n] = r[i * 100];
        r[n].activity_id = (int64_t)n + 1;
        r[n].start += 30;
        r[n].trimp = NAN;
        n++;
    }
    r[n] = r[0];
    r[n].activity_id = (int64_t)n + 1;
    r[n].start = 631065600.0;
    n++;

    sg_course c = {0};
    c.has_track = c.has_elevation = true;
    c.distance_m = 42195;
    c.ascent_m = 800;
    c.descent_m = 1400;
    c.max_descent_segment_m = 600;
    c.max_descent_segment_len_m = 7000;
    sg_load_opts o;
    sg_load_opts_init(&o, (first + days - 1) * DAY + 20 * 3600);
    o.race_date = (first + days + 60) * DAY;
    o.course = &c;

    double *t = calloc((size_t)iters, sizeof *t);
    size_t bytes = 0, nd = 0;
    for (int it = 0; it < iters; it++) {
        double t0 = now_s();
        sg_load_result *res = NULL;
        sg_err e;
        if (sg_load_analyze(r, n, &o, NULL, &res, &e) != SG_OK) {
            fprintf(stderr, "bench_load: %s\n", e.msg);
            return 1;
        }
        sg_jw w;
        sg_jw_init_buf(&w, 0, 0);
        sg_load_json(&w, res, true);
        size_t len;
        char *buf = sg_jw_take_buf(&w, &len);
        t[it] = now_s() - t0;
        bytes = len;
        nd = res->n_days;
        free(buf);
        sg_load_result_free(res);
    }
    qsort(t, (size_t)iters, sizeof *t, cmp);
    printf("load: %zu activities, %zu days, JSON %zu bytes; best %.2f ms, median %.2f ms "
           "over %d runs\n", n, nd, bytes, t[0] * 1e3, t[iters / 2] * 1e3, iters);
    free(t);
    free(r);
    return 0;
}
