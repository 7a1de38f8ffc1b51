/* The activity simulator: determinism, physiology directions, session
 * totals, and the training block's planted features (runs per week, long-run
 * build, exactly one large spike, taper, asymmetry trend). The spike and the
 * taper are recomputed here from the activities, not read from `planted`. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strideguard/sim.h"

#define DAY 86400.0

static const sg_channel simulated[] = {
    SG_CH_TIME,        SG_CH_LAT,         SG_CH_LON,           SG_CH_DISTANCE,
    SG_CH_ALTITUDE,    SG_CH_SPEED,       SG_CH_HEART_RATE,    SG_CH_CADENCE,
    SG_CH_VERT_OSC,    SG_CH_STANCE_TIME, SG_CH_STANCE_BALANCE, SG_CH_VERT_RATIO,
    SG_CH_STEP_LENGTH, SG_CH_TEMPERATURE};
#define N_SIM (sizeof simulated / sizeof *simulated)

static sg_activity *run(const sg_sim_run_params *p)
{
    sg_activity *a = NULL;
    sg_err e;
    int rc = sg_sim_run(p, NULL, &a, &e);
    if (rc)
        fail_msg("sg_sim_run: %s", e.msg);
    return a;
}

static double mean_range(const double *v, size_t i0, size_t i1)
{
    double s = 0;
    for (size_t i = i0; i < i1; i++)
        s += v[i];
    return s / (double)(i1 - i0);
}

static void test_rng(void **state)
{
    (void)state;
    sg_rng a, b;
    sg_rng_seed(&a, 7);
    sg_rng_seed(&b, 7);
    for (int i = 0; i < 1000; i++)
        assert_true(sg_rng_next(&a) == sg_rng_next(&b));
    sg_rng_seed(&b, 8);
    assert_true(sg_rng_next(&a) != sg_rng_next(&b));
    double s = 0, s2 = 0;
    int lo = 0, hi = 0;
    for (int i = 0; i < 100000; i++) {
        double u = sg_rng_uniform(&a);
        assert_true(u >= 0 && u < 1);
        double z = sg_rng_normal(&a);
        s += z;
        s2 += z * z;
        int k = sg_rng_range(&a, 3, 5);
        assert_true(k >= 3 && k <= 5);
        lo += k == 3;
        hi += k == 5;
    }
    assert_near(s / 100000, 0, 0.02);
    assert_near(s2 / 100000, 1, 0.02);
    assert_true(lo > 30000 && hi > 30000);
    assert_true(sg_rng_derive(1, 0) != sg_rng_derive(1, 1));
}

/* Same parameters, same bytes in every column; another seed differs. */
static void test_run_determinism(void **state)
{
    (void)state;
    sg_sim_run_params p;
    sg_sim_run_defaults(&p);
    sg_rng r;
    sg_rng_seed(&r, 3);
    sg_sim_terrain_mountain(&p.terrain, &r, 400, 12000);
    p.distance_m = 12000;
    p.auto_pause = true;
    sg_activity *a = run(&p), *b = run(&p);
    assert_int_equal(a->n, b->n);
    for (int c = 0; c < SG_CH_COUNT; c++) {
        assert_true((a->ch[c] == NULL) == (b->ch[c] == NULL));
        if (a->ch[c])
            assert_memory_equal(a->ch[c], b->ch[c], a->n * sizeof(double));
    }
    assert_int_equal(a->n_laps, b->n_laps);
    assert_memory_equal(a->laps, b->laps, a->n_laps * sizeof *a->laps);
    assert_memory_equal(&a->sessions[0], &b->sessions[0], sizeof a->sessions[0]);
    p.seed++;
    sg_activity *c = run(&p);
    assert_true(c->n != a->n ||
                memcmp(c->ch[SG_CH_HEART_RATE], a->ch[SG_CH_HEART_RATE], a->n * 8) != 0);
    sg_activity_free(a);
    sg_activity_free(b);
    sg_activity_free(c);
}

/* Every simulated channel is complete; labels say it is simulated; the
 * derived channels agree with their definitions. */
static void test_run_channels_and_labels(void **state)
{
    (void)state;
    sg_sim_run_params p;
    sg_sim_run_defaults(&p);
    sg_rng r;
    sg_rng_seed(&r, 11);
    sg_sim_terrain_rolling(&p.terrain, &r, 300);
    sg_activity *a = run(&p);
    for (size_t k = 0; k < N_SIM; k++) {
        assert_non_null(a->ch[simulated[k]]);
        for (size_t i = 0; i < a->n; i++)
            if (!isfinite(a->ch[simulated[k]][i]))
                fail_msg("%s[%zu] is not finite", sg_channel_name(simulated[k]), i);
    }
    assert_null(a->ch[SG_CH_POWER]);
    assert_non_null(strstr(a->name, "Simulated"));
    assert_string_equal(a->device.manufacturer, "development");
    assert_string_equal(a->device.product, "strideguard-sim");
    assert_int_equal(a->device.manufacturer_id, 255);
    assert_int_equal(a->sport, SG_SPORT_RUNNING);
    assert_int_equal(a->sub_sport, SG_SUB_ROAD);
    assert_int_equal(a->n_sessions, 1);
    assert_int_equal(a->sessions[0].sport, SG_SPORT_RUNNING);
    const double *v = a->ch[SG_CH_SPEED], *cad = a->ch[SG_CH_CADENCE];
    const double *sl = a->ch[SG_CH_STEP_LENGTH], *vo = a->ch[SG_CH_VERT_OSC];
    const double *vr = a->ch[SG_CH_VERT_RATIO], *t = a->ch[SG_CH_TIME];
    for (size_t i = 0; i < a->n; i++) {
        assert_close(sl[i], v[i] / (cad[i] / 60), 1e-12);
        assert_close(vr[i], 100 * vo[i] / sl[i], 1e-12);
        if (i)
            assert_close(t[i] - t[i - 1], 1, 0);
    }
    /* plausible ranges (Garmin population bands, docs/science.md §5/§11) */
    double mc = mean_range(cad, 60, a->n), mg = mean_range(a->ch[SG_CH_STANCE_TIME], 60, a->n);
    assert_true(mc > 155 && mc < 180);
    assert_true(mg > 0.22 && mg < 0.30);
    assert_true(mean_range(vr, 60, a->n) > 6 && mean_range(vr, 60, a->n) < 10);
    sg_activity_free(a);
}

/* Session and lap totals agree with the samples. */
static void test_totals(void **state)
{
    (void)state;
    sg_sim_run_params p;
    sg_sim_run_defaults(&p);
    sg_rng r;
    sg_rng_seed(&r, 5);
    sg_sim_terrain_mountain(&p.terrain, &r, 500, 15500);
    p.distance_m = 15500;
    p.auto_pause = true;
    sg_activity *a = run(&p);
    const sg_totals *s = &a->sessions[0].totals;
    const double *v = a->ch[SG_CH_SPEED], *d = a->ch[SG_CH_DISTANCE], *t = a->ch[SG_CH_TIME];
    double integ = 0, hr = 0, mx = 0;
    for (size_t i = 1; i < a->n; i++) {
        integ += v[i] * 1.0;
        assert_true(d[i] > d[i - 1]);
    }
    for (size_t i = 0; i < a->n; i++) {
        hr += a->ch[SG_CH_HEART_RATE][i];
        mx = fmax(mx, a->ch[SG_CH_HEART_RATE][i]);
    }
    assert_close(s->distance_m, integ, 0.005);
    assert_true(s->distance_m >= 15500 && s->distance_m < 15510);
    assert_close(s->avg_hr, hr / (double)a->n, 1e-9);
    assert_close(s->max_hr, mx, 0);
    assert_close(s->start_time, p.start_time, 0);
    /* the auto-pause: elapsed covers it, timer does not */
    assert_true(s->elapsed_s - s->timer_s >= 19);
    assert_close(s->elapsed_s, t[a->n - 1] - t[0], 0);
    assert_close(s->avg_speed, s->distance_m / s->timer_s, 1e-12);
    /* the mountain climbs and comes back down */
    assert_true(s->ascent_m > 100);
    assert_near(s->ascent_m, s->descent_m, 40);
    /* 1 km laps, the last one partial, summing to the session */
    assert_int_equal(a->n_laps, 16);
    double lap_d = 0, lap_t = 0;
    for (size_t k = 0; k < a->n_laps; k++) {
        lap_d += a->laps[k].distance_m;
        lap_t += a->laps[k].timer_s;
        if (k + 1 < a->n_laps) /* boundaries fall on samples: +- one step */
            assert_near(a->laps[k].distance_m, 1000, 10);
    }
    assert_close(lap_d, s->distance_m, 1e-9);
    assert_close(lap_t, s->timer_s, 1e-9);
    assert_true(s->calories > 800 && s->calories < 1400);
    sg_activity_free(a);
}

/* At equal pace (constant pacing), heart rate is higher on climbs than on
 * the flat; with effort pacing the runner slows on climbs yet still works
 * harder. */
static void test_hr_on_climbs(void **state)
{
    (void)state;
    for (int pacing = 0; pacing < 2; pacing++) {
        sg_sim_run_params p;
        sg_sim_run_defaults(&p);
        sg_sim_terrain_flat(&p.terrain, 400);
        p.terrain.seg[0] = (sg_sim_segment){5000, 4000, 0.06};
        p.terrain.n_segments = 1;
        p.distance_m = 16000;
        p.pacing = pacing ? SG_SIM_PACE_CONSTANT : SG_SIM_PACE_EFFORT;
        sg_activity *a = run(&p);
        const double *d = a->ch[SG_CH_DISTANCE], *hr = a->ch[SG_CH_HEART_RATE];
        const double *v = a->ch[SG_CH_SPEED];
        double hc = 0, hf = 0, vc = 0, vf = 0;
        int nc = 0, nf = 0;
        for (size_t i = 0; i < a->n; i++) {
            /* skip the first 10 min and 300 m after each grade change (HR lag) */
            if (i < 600)
                continue;
            if (d[i] > 5300 && d[i] < 9000) {
                hc += hr[i], vc += v[i], nc++;
            } else if ((d[i] > 2000 && d[i] < 5000) || (d[i] > 9300 && d[i] < 12300)) {
                hf += hr[i], vf += v[i], nf++;
            }
        }
        hc /= nc, hf /= nf, vc /= nc, vf /= nf;
        print_message("pacing %d: climb HR %.1f at %.2f m/s, flat HR %.1f at %.2f m/s\n", pacing,
                      hc, vc, hf, vf);
        assert_true(hc > hf + 5);
        if (pacing)
            assert_close(vc, vf, 0.03);
        else
            assert_true(vc < 0.9 * vf);
        sg_activity_free(a);
    }
}

/* Effort pacing: slower uphill, faster on a moderate descent, slower than
 * the flat on a steep one. */
static void test_speed_vs_grade(void **state)
{
    (void)state;
    sg_sim_run_params p;
    sg_sim_run_defaults(&p);
    sg_sim_terrain_flat(&p.terrain, 1500);
    p.terrain.seg[0] = (sg_sim_segment){2000, 2000, -0.06};
    p.terrain.seg[1] = (sg_sim_segment){6000, 1000, -0.22};
    p.terrain.seg[2] = (sg_sim_segment){9000, 2000, 0.07};
    p.terrain.n_segments = 3;
    p.distance_m = 12000;
    sg_activity *a = run(&p);
    const double *d = a->ch[SG_CH_DISTANCE], *v = a->ch[SG_CH_SPEED];
    double sum[4] = {0};
    int cnt[4] = {0};
    for (size_t i = 0; i < a->n; i++) {
        int k = d[i] > 500 && d[i] < 2000      ? 0
                : d[i] > 2300 && d[i] < 4000   ? 1
                : d[i] > 6200 && d[i] < 7000   ? 2
                : d[i] > 9200 && d[i] < 11000  ? 3
                                               : -1;
        if (k >= 0)
            sum[k] += v[i], cnt[k]++;
    }
    double flat = sum[0] / cnt[0], mod_down = sum[1] / cnt[1], steep = sum[2] / cnt[2];
    double up = sum[3] / cnt[3];
    print_message("flat %.2f  -6%% %.2f  -22%% %.2f  +7%% %.2f m/s\n", flat, mod_down, steep, up);
    assert_true(mod_down > 1.03 * flat);
    assert_true(steep < flat);
    assert_true(up < 0.85 * flat);
    sg_activity_free(a);
}

/* A 30 km flat long run: cadence over the last 30 min is lower than early on
 * (after the first 10 min), and stance time longer. */
static void test_cadence_late_in_long_run(void **state)
{
    (void)state;
    sg_sim_run_params p;
    sg_sim_run_defaults(&p);
    p.kind = SG_SIM_LONG;
    p.distance_m = 30000;
    sg_activity *a = run(&p);
    size_t n = a->n;
    assert_true(n > 9000);
    double early = mean_range(a->ch[SG_CH_CADENCE], 600, 2400);
    double late = mean_range(a->ch[SG_CH_CADENCE], n - 1800, n);
    double gct_e = mean_range(a->ch[SG_CH_STANCE_TIME], 600, 2400);
    double gct_l = mean_range(a->ch[SG_CH_STANCE_TIME], n - 1800, n);
    double hr_e = mean_range(a->ch[SG_CH_HEART_RATE], 600, 2400);
    double hr_l = mean_range(a->ch[SG_CH_HEART_RATE], n - 1800, n);
    print_message("cadence %.1f -> %.1f, gct %.3f -> %.3f, hr %.1f -> %.1f\n", early, late,
                  gct_e, gct_l, hr_e, hr_l);
    assert_true(late < early - 2);
    assert_true(gct_l > gct_e);
    assert_true(hr_l > hr_e + 5); /* cardiac drift */
    sg_activity_free(a);
}

static void test_bad_params(void **state)
{
    (void)state;
    sg_sim_run_params p;
    sg_sim_run_defaults(&p);
    sg_activity *a = (sg_activity *)1;
    sg_err e;
    p.distance_m = 0;
    assert_int_equal(sg_sim_run(&p, NULL, &a, &e), SG_EUSAGE);
    assert_null(a);
    sg_sim_run_defaults(&p);
    p.sample_interval_s = 0.1;
    assert_int_equal(sg_sim_run(&p, NULL, &a, &e), SG_EUSAGE);
    sg_sim_block_params bp;
    sg_sim_block_defaults(&bp);
    sg_activity **acts = (sg_activity **)1;
    size_t n = 9;
    bp.runs_min = 5;
    bp.runs_max = 4;
    assert_int_equal(sg_sim_block(&bp, NULL, &acts, &n, NULL, &e), SG_EUSAGE);
    assert_null(acts);
    assert_int_equal(n, 0);
    sg_sim_block_defaults(&bp);
    bp.start_date = bp.race_date - 100 * DAY; /* inconsistent with 16 weeks */
    assert_int_equal(sg_sim_block(&bp, NULL, &acts, &n, NULL, &e), SG_EUSAGE);
    sg_sim_block_defaults(&bp);
    bp.spike_week = 16;
    assert_int_equal(sg_sim_block(&bp, NULL, &acts, &n, NULL, &e), SG_EUSAGE);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    sg_sim_run_params p;
    sg_sim_run_defaults(&p);
    p.distance_m = 3000;
    for (long k = 1; k < 200; k++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, k);
        sg_activity *a;
        int rc = sg_sim_run(&p, &fa.base, &a, NULL);
        if (rc == SG_OK) {
            sg_activity_free(a);
            assert_int_equal(fa.live, 0);
            return;
        }
        assert_int_equal(rc, SG_ENOMEM);
        assert_null(a);
        assert_int_equal(fa.live, 0);
    }
    fail_msg("sg_sim_run never succeeded");
}

/* ---- the block -------------------------------------------------------- */

static double dist(const sg_activity *a) { return a->sessions[0].totals.distance_m; }
static double start(const sg_activity *a) { return a->ch[SG_CH_TIME][0]; }

/* Runs whose distance is more than 100 % over the longest run in the 30 days
 * before them (Frandsen 2025 "large" spike); their indices into idx. */
static int large_spikes(sg_activity **acts, size_t n, int *idx, int max)
{
    int found = 0;
    for (size_t j = 0; j < n; j++) {
        double base = 0;
        for (size_t k = 0; k < j; k++)
            if (start(acts[k]) >= start(acts[j]) - 30 * DAY)
                base = fmax(base, dist(acts[k]));
        if (base > 0 && dist(acts[j]) > 2 * base) {
            if (found < max)
                idx[found] = (int)j;
            found++;
        }
    }
    return found;
}

static int week_of(const sg_activity *a, double start_date)
{
    return (int)floor((start(a) - start_date) / (7 * DAY));
}

typedef struct block {
    sg_sim_block_params p;
    sg_sim_planted pl;
    sg_activity **acts;
    size_t n;
} block;

static void make_block(block *b)
{
    sg_err e;
    clock_t c0 = clock();
    if (sg_sim_block(&b->p, NULL, &b->acts, &b->n, &b->pl, &e))
        fail_msg("sg_sim_block: %s", e.msg);
    print_message("block: %zu runs in %.2f s CPU\n", b->n,
                  (double)(clock() - c0) / CLOCKS_PER_SEC);
}

static void test_block_default(void **state)
{
    (void)state;
    block b;
    sg_sim_block_defaults(&b.p);
    make_block(&b);
    const sg_sim_planted *pl = &b.pl;
    assert_close(pl->race_date, 1760832000, 0);
    assert_close(pl->start_date, 1760832000 - 111 * DAY, 0);
    assert_true(b.n >= 16 * 4 - 2 && b.n <= 16 * 6);

    /* runs per week within range (taper weeks may drop one, never below min) */
    int per_week[16] = {0};
    double vol[16] = {0}, longest[16] = {0};
    for (size_t j = 0; j < b.n; j++) {
        int w = week_of(b.acts[j], pl->start_date);
        assert_true(w >= 0 && w < 16);
        per_week[w]++;
        if ((int)j != pl->race_index)
            vol[w] += dist(b.acts[j]);
        if ((int)j != pl->spike_index && (int)j != pl->race_index)
            longest[w] = fmax(longest[w], dist(b.acts[j]));
        if (j)
            assert_true(start(b.acts[j]) > start(b.acts[j - 1]));
    }
    for (int w = 0; w < 16; w++)
        assert_true(per_week[w] >= b.p.runs_min && per_week[w] <= b.p.runs_max);

    /* long runs build from ~16 km to ~32 km */
    double early = (longest[0] + longest[1] + longest[2]) / 3;
    double peak = 0;
    for (int w = 0; w < 16; w++)
        peak = fmax(peak, longest[w]);
    print_message("long runs: early %.1f km, peak %.1f km\n", early / 1000, peak / 1000);
    assert_true(early > 14000 && early < 20000);
    assert_true(peak > 30000 && peak < 34000);
    assert_true((longest[9] + longest[10] + longest[12]) / 3 > early + 6000);

    /* exactly one large spike, the planted one, in the planted week */
    int idx[4];
    assert_int_equal(large_spikes(b.acts, b.n, idx, 4), 1);
    assert_int_equal(idx[0], pl->spike_index);
    assert_int_equal(week_of(b.acts[idx[0]], pl->start_date), b.p.spike_week);
    assert_true(pl->spike_distance_m > 2 * pl->spike_baseline_m);

    /* taper: final two weeks (without the race) 30-80 % below the peak week */
    double vpeak = 0;
    for (int w = 0; w < 16; w++)
        vpeak = fmax(vpeak, vol[w]);
    double final2 = (vol[14] + vol[15]) / 2;
    print_message("volume: peak %.1f km/week, final two weeks %.1f km/week\n", vpeak / 1000,
                  final2 / 1000);
    assert_true(final2 < 0.7 * vpeak && final2 > 0.2 * vpeak);

    /* the race is last, on race day, on the course */
    assert_int_equal(pl->race_index, (int)b.n - 1);
    const sg_activity *race = b.acts[b.n - 1];
    assert_true(start(race) >= pl->race_date && start(race) < pl->race_date + DAY);
    assert_near(dist(race), 42195, 20);
    assert_true(race->sessions[0].totals.ascent_m > 800);

    /* asymmetry: stance balance drifts toward the left */
    double first = 0, last = 0;
    int nf = 0, nl = 0;
    for (size_t j = 0; j < b.n; j++) {
        int w = week_of(b.acts[j], pl->start_date);
        double m = mean_range(b.acts[j]->ch[SG_CH_STANCE_BALANCE], 0, b.acts[j]->n);
        if (w < 4)
            first += m, nf++;
        else if (w >= 12)
            last += m, nl++;
    }
    first /= nf, last /= nl;
    print_message("balance: first 4 weeks %.2f %% L, last 4 weeks %.2f %% L\n", first, last);
    assert_true(last - first > 0.8);
    assert_true(first > 50.0 && last < 52.5);

    /* every activity is labelled and complete */
    for (size_t j = 0; j < b.n; j++) {
        assert_non_null(strstr(b.acts[j]->name, "Simulated"));
        for (size_t k = 0; k < N_SIM; k++)
            assert_non_null(b.acts[j]->ch[simulated[k]]);
    }
    sg_sim_block_free(b.acts, b.n, NULL);
}

/* Variant (a) for the load e2e test: spike, no taper, no race, symmetric. */
static void test_block_no_taper(void **state)
{
    (void)state;
    block b;
    sg_sim_block_defaults(&b.p);
    b.p.seed = 2024;
    b.p.taper = false;
    b.p.race = false;
    b.p.asymmetry = false;
    b.p.spike_week = 8;
    make_block(&b);
    assert_int_equal(b.pl.race_index, -1);
    assert_int_equal(b.pl.taper_from_week, -1);
    int idx[4];
    assert_int_equal(large_spikes(b.acts, b.n, idx, 4), 1);
    assert_int_equal(idx[0], b.pl.spike_index);
    assert_int_equal(week_of(b.acts[idx[0]], b.pl.start_date), 8);
    double vol[16] = {0}, vpeak = 0;
    double bal_first = 0, bal_last = 0;
    for (size_t j = 0; j < b.n; j++) {
        int w = week_of(b.acts[j], b.pl.start_date);
        if ((int)j != b.pl.spike_index)
            vol[w] += dist(b.acts[j]);
        double m = mean_range(b.acts[j]->ch[SG_CH_STANCE_BALANCE], 0, b.acts[j]->n);
        if (j < 10)
            bal_first += m / 10;
        if (j >= b.n - 10)
            bal_last += m / 10;
    }
    for (int w = 0; w < 16; w++)
        vpeak = fmax(vpeak, vol[w]);
    assert_true((vol[14] + vol[15]) / 2 > 0.75 * vpeak);
    assert_near(bal_last, bal_first, 0.3);
    sg_sim_block_free(b.acts, b.n, NULL);
}

/* Determinism of the whole block, column by column. */
static void test_block_determinism(void **state)
{
    (void)state;
    block a, b;
    sg_sim_block_defaults(&a.p);
    a.p.weeks = 5;
    a.p.race = false;
    a.p.spike_week = 4;
    a.p.race_date = NAN;
    a.p.start_date = 1735689600; /* 2025-01-01 */
    b.p = a.p;
    make_block(&a);
    make_block(&b);
    assert_int_equal(a.n, b.n);
    for (size_t j = 0; j < a.n; j++) {
        assert_int_equal(a.acts[j]->n, b.acts[j]->n);
        for (int c = 0; c < SG_CH_COUNT; c++)
            if (a.acts[j]->ch[c])
                assert_memory_equal(a.acts[j]->ch[c], b.acts[j]->ch[c],
                                    a.acts[j]->n * sizeof(double));
    }
    assert_memory_equal(&a.pl, &b.pl, sizeof a.pl);
    sg_sim_block_free(a.acts, a.n, NULL);
    sg_sim_block_free(b.acts, b.n, NULL);
}

typedef struct tally {
    size_t runs, samples;
    double km;
} tally;

static int tally_cb(void *ctx, size_t index, sg_activity *act, sg_err *err)
{
    tally *t = ctx;
    (void)index;
    (void)err;
    t->runs++;
    t->samples += act->n;
    t->km += dist(act) / 1000;
    sg_activity_free(act);
    return SG_OK;
}

/* Variant (b): ten years (~3 000 runs) at one sample per 10 s, streamed. */
static void test_ten_years_streamed(void **state)
{
    (void)state;
    sg_sim_block_params p;
    sg_sim_block_defaults(&p);
    p.weeks = 520;
    p.runs_min = 5;
    p.runs_max = 7;
    p.spike_week = 300;
    p.sample_interval_s = 10;
    tally t = {0};
    sg_sim_planted pl;
    sg_err e;
    clock_t c0 = clock();
    if (sg_sim_block_each(&p, NULL, tally_cb, &t, &pl, &e))
        fail_msg("sg_sim_block_each: %s", e.msg);
    print_message("10 years: %zu runs, %zu samples, %.0f km in %.2f s CPU\n", t.runs, t.samples,
                  t.km, (double)(clock() - c0) / CLOCKS_PER_SEC);
    assert_true(t.runs > 2800 && t.runs < 3400);
    assert_true(pl.spike_index >= 0 && pl.race_index == (int)t.runs - 1);
    assert_close(pl.start_date, p.race_date - (520 * 7 - 1) * DAY, 0);
}

/* A callback error stops the block and comes back unchanged. */
static int stop_cb(void *ctx, size_t index, sg_activity *act, sg_err *err)
{
    (void)ctx;
    sg_activity_free(act);
    return index == 2 ? sg_err_set(err, SG_EIO, -1, "disk full") : SG_OK;
}

static void test_block_callback_error(void **state)
{
    (void)state;
    sg_sim_block_params p;
    sg_sim_block_defaults(&p);
    p.sample_interval_s = 10;
    sg_err e;
    assert_int_equal(sg_sim_block_each(&p, NULL, stop_cb, NULL, NULL, &e), SG_EIO);
    assert_string_equal(e.msg, "disk full");
}

/* The course: 42.195 km, ~900 m up and down, a long steep descent, a loop. */
static void test_course(void **state)
{
    (void)state;
    sg_activity *c;
    assert_int_equal(sg_sim_course(0, NULL, &c, NULL), SG_OK);
    const sg_totals *t = &c->sessions[0].totals;
    assert_near(t->distance_m, 42195, 1e-6);
    print_message("course: ascent %.0f m, descent %.0f m\n", t->ascent_m, t->descent_m);
    assert_true(t->ascent_m > 800 && t->ascent_m < 1000);
    assert_true(t->descent_m > 800 && t->descent_m < 1000);
    assert_null(c->ch[SG_CH_TIME]);
    /* steepest 3 km stretch is a descent of at least 6 % */
    const double *d = c->ch[SG_CH_DISTANCE], *alt = c->ch[SG_CH_ALTITUDE];
    double worst = 0;
    for (size_t i = 0, k = 0; i < c->n; i++) {
        while (k < c->n && d[k] < d[i] + 3000)
            k++;
        if (k < c->n)
            worst = fmin(worst, (alt[k] - alt[i]) / (d[k] - d[i]));
    }
    assert_true(worst < -0.06);
    /* loop: finish within 300 m of the start */
    double dn = (c->ch[SG_CH_LAT][c->n - 1] - c->ch[SG_CH_LAT][0]) * 111195;
    double de = (c->ch[SG_CH_LON][c->n - 1] - c->ch[SG_CH_LON][0]) * 111195 *
                cos(c->ch[SG_CH_LAT][0] * 3.14159265358979 / 180);
    assert_true(sqrt(dn * dn + de * de) < 300);
    /* a race simulated on the course climbs as much */
    sg_sim_run_params p;
    sg_sim_run_defaults(&p);
    sg_sim_run_on_course(&p);
    p.sample_interval_s = 5;
    sg_activity *r = run(&p);
    assert_near(r->sessions[0].totals.ascent_m, t->ascent_m, 60);
    assert_near(r->ch[SG_CH_LAT][r->n - 1], c->ch[SG_CH_LAT][c->n - 1], 0.001);
    sg_activity_free(r);
    sg_activity_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng),
        cmocka_unit_test(test_run_determinism),
        cmocka_unit_test(test_run_channels_and_labels),
        cmocka_unit_test(test_totals),
        cmocka_unit_test(test_hr_on_climbs),
        cmocka_unit_test(test_speed_vs_grade),
        cmocka_unit_test(test_cadence_late_in_long_run),
        cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_block_default),
        cmocka_unit_test(test_block_no_taper),
        cmocka_unit_test(test_block_determinism),
        cmocka_unit_test(test_ten_years_streamed),
        cmocka_unit_test(test_block_callback_error),
        cmocka_unit_test(test_course),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
