/* A simulated marathon training block and the demo race course
 * (include/strideguard/sim.h; model in docs/science.md §11).
 *
 * The block is planned first (dates, kinds, distances: cheap), then checked
 * against the single-session spike rule (Frandsen 2025: distance over the
 * longest run in the previous 30 days), so that exactly the planted run is a
 * "large" (>100 %) spike, and only then simulated run by run. Each run gets a
 * seed derived from the block seed and its index, so runs are independent
 * streams and the block is a pure function of its parameters. */
#include "strideguard/sim.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "sim/sim_internal.h"
#include "strideguard/alloc.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define DAY 86400.0
#define WEEK (7 * DAY)
#define CYCLE_WEEKS 16
/* Non-planted runs stay under this multiple of the 30-day longest run, so the
 * planted spike (SPIKE_FACTOR and more) is the only one above 2.0. */
#define GUARD_FACTOR 1.9
#define SPIKE_FACTOR 2.1

typedef struct plan {
    double start;
    double dist;
    sg_sim_kind kind;
    int week;
    int long_no;   /* n-th long run, alternates rolling and mountain */
    int spike;
} plan;

void sg_sim_block_defaults(sg_sim_block_params *p)
{
    memset(p, 0, sizeof *p);
    p->seed = 42;
    p->start_date = NAN;
    p->race_date = 1760832000; /* 2025-10-19, a Sunday */
    p->weeks = 16;
    p->runs_min = 4;
    p->runs_max = 6;
    sg_sim_athlete_default(&p->athlete);
    p->asymmetry = true;
    p->spike_week = 3;
    p->taper = true;
    p->race = true;
    p->sample_interval_s = 1;
    p->long_start_m = 16000;
    p->long_peak_m = 32000;
}

void sg_sim_block_free(sg_activity **acts, size_t n, const sg_allocator *a)
{
    if (!acts)
        return;
    for (size_t i = 0; i < n; i++)
        sg_activity_free(acts[i]);
    sg_free(a, acts);
}

/* Which days of the week (0 = first day of the block's weeks) carry runs, and
 * what they are, for n runs. The long run is always the last day, so race day
 * (the block's last day) replaces it. Q = tempo/intervals, H = hills. */
static const char *const week_templates[8] = {
    "",        "......L", "..Q...L", ".Q.E..L", ".Q.H.EL", "EQ.HE.L", "EQEHE.L", "EQEHEEL"};

/* The block being planned: its dates, cycle shape, plans and the planning
 * random stream (one stream, drawn in the same order as ever). */
typedef struct block {
    const sg_sim_block_params *p;
    double start, race;
    int C, taper_start, build_len;
    plan *pl;
    size_t n;
    sg_rng r;
    double week_vol[1040];
    int spike_index;
    double spike_base;
} block;

/* Checks the parameters and settles the start and race dates. */
static int block_dates(const sg_sim_block_params *p, double *start_out, double *race_out,
                       sg_err *err)
{
    if (p->weeks < 1 || p->weeks > 1040)
        return sg_err_set(err, SG_EUSAGE, -1, "weeks %d outside [1, 1040]", p->weeks);
    if (p->runs_min < 1 || p->runs_max > 7 || p->runs_min > p->runs_max)
        return sg_err_set(err, SG_EUSAGE, -1, "runs per week %d..%d outside 1..7",
                          p->runs_min, p->runs_max);
    if (p->spike_week >= p->weeks || p->spike_week < -1)
        return sg_err_set(err, SG_EUSAGE, -1, "spike week %d outside the block", p->spike_week);
    if (!(p->long_start_m > 0) || !(p->long_peak_m >= p->long_start_m))
        return sg_err_set(err, SG_EUSAGE, -1, "long runs need 0 < start <= peak");
    double span = (7.0 * p->weeks - 1) * DAY;
    double start = p->start_date, race = p->race_date;
    if (isnan(start) && isnan(race))
        return sg_err_set(err, SG_EUSAGE, -1, "give a start date or a race date");
    if (isnan(start))
        start = race - span;
    else if (isnan(race))
        race = start + span;
    else if (fabs(race - start - span) > 1)
        return sg_err_set(err, SG_EUSAGE, -1,
                          "race date must be the block's last day (start + 7*weeks - 1 days)");
    if (!isfinite(start) || !isfinite(race))
        return sg_err_set(err, SG_EUSAGE, -1, "dates must be finite");
    *start_out = start;
    *race_out = race;
    return SG_OK;
}

/* Week w's place in its training cycle (cycles are anchored at the end so
 * the final one ends on race day). */
static int cycle_week(const block *b, int w) { return b->C - 1 - ((b->p->weeks - 1 - w) % b->C); }

/* How far through the cycle's build a cycle week is, 0..1. */
static double build_progress(const block *b, int cw)
{
    return b->build_len > 0 ? fmin(1.0, (double)cw / b->build_len) : 1.0;
}

/* One planned run of kind c ('L', 'Q', 'H', else easy) on day `day` of week w. */
static void plan_run(block *b, plan *q, char c, int w, int day, double prog, double wf,
                     int *long_no, int *spike_planned)
{
    const sg_sim_block_params *p = b->p;
    q->week = w;
    double tod; /* time of day, s */
    switch (c) {
    case 'L':
        q->kind = SG_SIM_LONG;
        q->dist = (p->long_start_m + (p->long_peak_m - p->long_start_m) * prog) * wf *
                  (0.98 + 0.04 * sg_rng_uniform(&b->r));
        q->long_no = (*long_no)++;
        tod = 8 * 3600 + 1800 * sg_rng_uniform(&b->r);
        if (w == p->spike_week) {
            q->spike = 1;
            *spike_planned = 1;
        }
        break;
    case 'Q':
        q->kind = (w % 2) ? SG_SIM_TEMPO : SG_SIM_INTERVALS;
        q->dist = (q->kind == SG_SIM_TEMPO ? 10000 + 4000 * prog : 9000 + 3000 * prog) * wf;
        tod = 17.5 * 3600 + 1800 * sg_rng_uniform(&b->r);
        break;
    case 'H':
        q->kind = (w % 2) ? SG_SIM_EASY : SG_SIM_HILLS;
        q->dist = (9000 + 2000 * prog) * wf;
        tod = 17.5 * 3600 + 1800 * sg_rng_uniform(&b->r);
        break;
    default:
        q->kind = SG_SIM_EASY;
        q->dist = (8000 + 4000 * prog) * wf * (0.85 + 0.3 * sg_rng_uniform(&b->r));
        tod = (sg_rng_uniform(&b->r) < 0.7 ? 6.5 : 18.0) * 3600 + 3600 * sg_rng_uniform(&b->r);
        break;
    }
    q->start = floor(b->start + w * WEEK + day * DAY + tod);
    if (p->race && w == p->weeks - 1 && day == 6) {
        q->kind = SG_SIM_RACE;
        q->dist = SG_SIM_COURSE_M;
        q->start = b->race + 7 * 3600; /* 07:00 UTC gun time */
        q->spike = 0;
    }
}

/* Dates, kinds and distances of every run, week by week. */
static int block_plan(block *b, sg_err *err)
{
    const sg_sim_block_params *p = b->p;
    const int C = b->C, taper_start = b->taper_start;
    int long_no = 0, spike_planned = 0;
    for (int w = 0; w < p->weeks; w++) {
        int cw = cycle_week(b, w);
        double prog = build_progress(b, cw);
        double wf = 1.0;
        if (taper_start >= 0 && cw >= taper_start)
            wf = cw == C - 3 ? 0.75 : cw == C - 2 ? 0.6 : 0.5;
        else if (cw % 4 == 3 && cw < b->build_len)
            wf = 0.8; /* cutback week */
        int nr = sg_rng_range(&b->r, p->runs_min, p->runs_max);
        if (taper_start >= 0 && cw >= C - 2 && nr > p->runs_min)
            nr--;
        const char *tpl = week_templates[nr];
        for (int day = 0; day < 7; day++) {
            if (tpl[day] == '.')
                continue;
            plan_run(b, &b->pl[b->n], tpl[day], w, day, prog, wf, &long_no, &spike_planned);
            b->n++;
        }
    }
    if (p->spike_week >= 0 && !spike_planned)
        return sg_err_set(err, SG_EUSAGE, -1, "spike week %d has no long run", p->spike_week);
    return SG_OK;
}

/* The spike rule pass, chronological (plans are in order by construction):
 * the planted run over SPIKE_FACTOR of the 30-day longest, every other one
 * under GUARD_FACTOR; distances rounded, weekly volumes summed. */
static int block_spikes(block *b, sg_err *err)
{
    plan *pl = b->pl;
    b->spike_index = -1;
    b->spike_base = NAN;
    for (size_t j = 0, lo = 0; j < b->n; j++) {
        while (pl[lo].start < pl[j].start - 30 * DAY)
            lo++;
        double base = 0;
        for (size_t k = lo; k < j; k++)
            base = fmax(base, pl[k].dist);
        if (pl[j].spike) {
            if (!(base > 0))
                return sg_err_set(err, SG_EUSAGE, -1,
                                  "spike week %d has no earlier run within 30 days",
                                  b->p->spike_week);
            pl[j].dist = fmax(pl[j].dist, base * (SPIKE_FACTOR + 0.1 * sg_rng_uniform(&b->r)));
            b->spike_index = (int)j;
            b->spike_base = base;
        } else if (pl[j].kind != SG_SIM_RACE && base > 0 && pl[j].dist > GUARD_FACTOR * base) {
            pl[j].dist = GUARD_FACTOR * base;
        }
        pl[j].dist = round(pl[j].dist);
        b->week_vol[pl[j].week] += pl[j].kind == SG_SIM_RACE ? 0 : pl[j].dist;
    }
    if (b->p->spike_week >= 0 && b->spike_index < 0)
        return sg_err_set(err, SG_EUSAGE, -1, "spike week %d is race week", b->p->spike_week);
    return SG_OK;
}

/* The simulation parameters of planned run j, from its own random stream
 * rr, the training state (atl, ctl) and its place in the block. */
static void run_params(const block *b, size_t j, double atl, double ctl, sg_rng *rr,
                       sg_sim_run_params *rp)
{
    const sg_sim_block_params *p = b->p;
    const plan *q = &b->pl[j];
    double t_first = b->pl[0].start, t_last = b->pl[b->n - 1].start;
    sg_sim_run_defaults(rp);
    rp->seed = sg_rng_next(rr);
    rp->start_time = q->start;
    rp->distance_m = q->dist;
    rp->kind = q->kind;
    rp->athlete = p->athlete;
    rp->sample_interval_s = p->sample_interval_s > 0 ? p->sample_interval_s : 1;
    double prog = build_progress(b, cycle_week(b, q->week));
    rp->fitness = 1 + 0.04 * prog;
    rp->fatigue = fmin(1, fmax(0, (atl - ctl) / (ctl + 3)));
    double frac = t_last > t_first ? (q->start - t_first) / (t_last - t_first) : 0;
    rp->balance_left_pct = (p->asymmetry ? 50.2 + 1.6 * frac : 50.0) + 0.1 * sg_rng_normal(rr);
    double doy = fmod(q->start / DAY, 365.2425);
    double hour = fmod(q->start, DAY) / 3600;
    rp->air_temp_c = 11 + 9 * sin(2 * M_PI * (doy - 105) / 365.2425) +
                     (hour < 10 ? -2 : 2) + 2.5 * sg_rng_normal(rr);
    rp->heading_deg = 360 * sg_rng_uniform(rr);
    rp->loop_m = q->dist;
    rp->auto_pause = q->kind == SG_SIM_EASY && sg_rng_uniform(rr) < 0.25;
    switch (q->kind) {
    case SG_SIM_LONG:
        if (q->long_no % 2)
            sg_sim_terrain_mountain(&rp->terrain, rr, SG_SIM_HOME_ALT, q->dist);
        else
            sg_sim_terrain_rolling(&rp->terrain, rr, SG_SIM_HOME_ALT);
        break;
    case SG_SIM_EASY:
        if (sg_rng_uniform(rr) < 0.7)
            sg_sim_terrain_rolling(&rp->terrain, rr, SG_SIM_HOME_ALT);
        break;
    case SG_SIM_HILLS: {
        int reps = (int)((q->dist - 4500) / 600);
        reps = reps < 4 ? 4 : reps > 10 ? 10 : reps;
        sg_sim_terrain_hill_repeats(&rp->terrain, SG_SIM_HOME_ALT, 2500, reps, 300,
                                    0.06 + 0.02 * sg_rng_uniform(rr));
        rp->distance_m = fmax(q->dist, 2500 + reps * 600 + 1500);
        break;
    }
    case SG_SIM_RACE:
        sg_sim_run_on_course(rp);
        rp->fatigue = 0;
        break;
    default:
        break; /* tempo and intervals on the flat */
    }
}

/* Simulates the planned runs in order, handing each to cb; *spike_dist is
 * the planted spike's simulated distance. */
static int block_simulate(const block *b, const sg_allocator *a, sg_sim_run_cb cb, void *ctx,
                          double *spike_dist, sg_err *err)
{
    /* training state: EWMA of daily distance (7 / 42 days) gives carried-in
     * fatigue; fitness rises through each cycle's build */
    double atl = 0, ctl = 0, last_day = floor(b->start / DAY) - 1;
    double day_load = 0;
    const double la = 1 - exp(-1.0 / 7), lc = 1 - exp(-1.0 / 42);
    for (size_t j = 0; j < b->n; j++) {
        const plan *q = &b->pl[j];
        double today = floor(q->start / DAY);
        while (last_day < today) {
            atl += (day_load - atl) * la;
            ctl += (day_load - ctl) * lc;
            day_load = 0;
            last_day += 1;
        }
        sg_rng rr;
        sg_rng_seed(&rr, sg_rng_derive(b->p->seed, (uint64_t)j + 1));
        sg_sim_run_params rp;
        run_params(b, j, atl, ctl, &rr, &rp);
        sg_activity *act;
        int rc = sg_sim_run(&rp, a, &act, err);
        if (rc)
            return rc;
        if ((int)j == b->spike_index)
            *spike_dist = act->sessions[0].totals.distance_m;
        rc = cb(ctx, j, act, err); /* act is the callback's now */
        if (rc)
            return rc;
        day_load += q->dist / 1000 * (q->kind == SG_SIM_EASY || q->kind == SG_SIM_LONG ? 1 : 1.3);
    }
    return SG_OK;
}

static void block_planted(const block *b, double spike_dist, sg_sim_planted *planted)
{
    const sg_sim_block_params *p = b->p;
    memset(planted, 0, sizeof *planted);
    planted->start_date = b->start;
    planted->race_date = b->race;
    planted->spike_index = b->spike_index;
    planted->spike_start = b->spike_index >= 0 ? b->pl[b->spike_index].start : NAN;
    planted->spike_distance_m = spike_dist;
    planted->spike_baseline_m = b->spike_index >= 0 ? b->spike_base : NAN;
    planted->race_index =
        (p->race && b->pl[b->n - 1].kind == SG_SIM_RACE) ? (int)b->n - 1 : -1;
    int peak = 0;
    for (int w = 1; w < p->weeks; w++)
        if (b->week_vol[w] > b->week_vol[peak])
            peak = w;
    planted->peak_week = peak;
    planted->taper_from_week = b->taper_start >= 0 ? p->weeks - 3 : -1;
    planted->balance_first = p->asymmetry ? 50.2 : 50.0;
    planted->balance_last = p->asymmetry ? 51.8 : 50.0;
}

int sg_sim_block_each(const sg_sim_block_params *p, const sg_allocator *a, sg_sim_run_cb cb,
                      void *ctx, sg_sim_planted *planted, sg_err *err)
{
    block b = {.p = p};
    int rc = block_dates(p, &b.start, &b.race, err);
    if (rc)
        return rc;
    double spike_dist = NAN;
    sg_rng_seed(&b.r, sg_rng_derive(p->seed, 0xB10C));

    b.pl = sg_calloc_array(a, (size_t)p->weeks * 7, sizeof *b.pl);
    if (!b.pl)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory planning the block");
    b.C = p->weeks < CYCLE_WEEKS ? p->weeks : CYCLE_WEEKS;
    b.taper_start = (p->taper && b.C >= 6) ? b.C - 3 : -1;
    b.build_len = (b.taper_start >= 0 ? b.taper_start : b.C) - 1;

    rc = block_plan(&b, err);
    if (!rc)
        rc = block_spikes(&b, err);
    if (!rc)
        rc = block_simulate(&b, a, cb, ctx, &spike_dist, err);
    if (!rc && planted)
        block_planted(&b, spike_dist, planted);
    sg_free(a, b.pl);
    return rc;
}

typedef struct collect {
    const sg_allocator *a;
    sg_activity **acts;
    size_t n, cap;
} collect;

static int collect_cb(void *ctx, size_t index, sg_activity *act, sg_err *err)
{
    collect *c = ctx;
    (void)index;
    if (c->n == c->cap) {
        size_t nc = sg_grow_cap(c->cap, 128, SIZE_MAX, sizeof *c->acts);
        sg_activity **na = nc ? sg_realloc_array(c->a, c->acts, nc, sizeof *na) : NULL;
        if (!na) {
            sg_activity_free(act);
            return sg_err_set(err, SG_ENOMEM, -1, "out of memory for %zu runs", nc);
        }
        c->acts = na;
        c->cap = nc;
    }
    c->acts[c->n++] = act;
    return SG_OK;
}

int sg_sim_block(const sg_sim_block_params *p, const sg_allocator *a, sg_activity ***out,
                 size_t *n_out, sg_sim_planted *planted, sg_err *err)
{
    *out = NULL;
    *n_out = 0;
    collect c = {.a = a};
    int rc = sg_sim_block_each(p, a, collect_cb, &c, planted, err);
    if (rc) {
        sg_sim_block_free(c.acts, c.n, a);
        return rc;
    }
    *out = c.acts;
    *n_out = c.n;
    return SG_OK;
}

int sg_sim_course(double spacing_m, const sg_allocator *a, sg_activity **out, sg_err *err)
{
    *out = NULL;
    if (spacing_m == 0)
        spacing_m = 25;
    if (!(spacing_m >= 1 && spacing_m <= 1000))
        return sg_err_set(err, SG_EUSAGE, -1, "course spacing %g m outside [1, 1000]", spacing_m);
    sg_sim_run_params rp;
    sg_sim_run_defaults(&rp);
    sg_sim_run_on_course(&rp);
    sg_activity *act = sg_activity_new(a);
    if (!act)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for the course");
    int rc = sg_sim_label(act, "Simulated hilly road marathon course (demo)", err);
    if (rc)
        goto out;
    /* the same path as sg_sim_run, without the runner's GPS noise */
    const double R = SG_SIM_EARTH_R;
    double lat = rp.start_lat * M_PI / 180, lon = rp.start_lon * M_PI / 180;
    double h0 = rp.heading_deg * M_PI / 180;
    size_t steps = (size_t)ceil(SG_SIM_COURSE_M / spacing_m);
    double prev_d = 0;
    for (size_t k = 0; k <= steps; k++) {
        double d = fmin(k * spacing_m, SG_SIM_COURSE_M);
        if (k > 0) {
            /* midpoint heading for the step keeps the loop closed at coarse spacing */
            double dm = 0.5 * (prev_d + d);
            double h = sg_sim_path_heading(h0, SG_SIM_COURSE_M, dm);
            lat += (d - prev_d) * cos(h) / R;
            lon += (d - prev_d) * sin(h) / (R * cos(lat));
        }
        prev_d = d;
        size_t i;
        if ((rc = sg_activity_append(act, &i, err)) ||
            (rc = sg_activity_set(act, SG_CH_LAT, i, lat * 180 / M_PI, err)) ||
            (rc = sg_activity_set(act, SG_CH_LON, i, lon * 180 / M_PI, err)) ||
            (rc = sg_activity_set(act, SG_CH_DISTANCE, i, d, err)) ||
            (rc = sg_activity_set(act, SG_CH_ALTITUDE, i,
                                  round(sg_sim_terrain_alt(&rp.terrain, d) * 10) / 10, err)))
            goto out;
    }
    rc = sg_sim_add_road_session(act, 1, NAN, err); /* no calories for the course */
out:
    if (rc) {
        sg_activity_free(act);
        return rc;
    }
    *out = act;
    return SG_OK;
}
