/* The activity simulator: random numbers, terrain and one run
 * (include/strideguard/sim.h; the model is documented in docs/science.md §11).
 *
 * One run is a fixed-step simulation at the sample interval dt. Each step:
 *   1. grade at the current distance -> target speed (effort x Minetti-based
 *      grade factor x fatigue) -> speed relaxes toward it (tau 4 s) + AR(1) noise;
 *   2. distance += speed*dt (so the distance column is exactly the integral of
 *      the speed column);
 *   3. metabolic power Cr(grade)*v -> %VO2 reserve -> heart-rate target (+ drift),
 *      heart rate relaxes toward it (tau 25 s up, 40 s down);
 *   4. cadence, stance time, balance, vertical oscillation from speed, grade and
 *      time-on-feet, each with its own AR(1) noise.
 * AR(1) noise with correlation time tau is exact for any dt (rho = e^(-dt/tau)),
 * so the low-rate benchmark mode has the same statistics per sample. */
#include "strideguard/sim.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/sim_internal.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* ---- random numbers --------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void sg_rng_seed(sg_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t sg_rng_next(sg_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double sg_rng_uniform(sg_rng *r) { return (double)(sg_rng_next(r) >> 11) * 0x1.0p-53; }

double sg_rng_normal(sg_rng *r)
{
    for (;;) {
        double u = 2 * sg_rng_uniform(r) - 1, v = 2 * sg_rng_uniform(r) - 1;
        double s = u * u + v * v;
        if (s > 0 && s < 1)
            return u * sqrt(-2 * log(s) / s);
    }
}

int sg_rng_range(sg_rng *r, int lo, int hi)
{
    if (hi <= lo)
        return lo;
    uint64_t span = (uint64_t)((int64_t)hi - lo) + 1;
    return lo + (int)(sg_rng_next(r) % span); /* bias < 2^-50 for small spans */
}

uint64_t sg_rng_derive(uint64_t seed, uint64_t k)
{
    uint64_t x = seed ^ (k * 0xD1B54A32D192ED03ull);
    splitmix64(&x);
    return splitmix64(&x);
}

/* ---- terrain ---------------------------------------------------------- */

void sg_sim_terrain_flat(sg_sim_terrain *t, double base_alt_m)
{
    memset(t, 0, sizeof *t);
    t->base_alt_m = base_alt_m;
}

void sg_sim_terrain_rolling(sg_sim_terrain *t, sg_rng *r, double base_alt_m)
{
    sg_sim_terrain_flat(t, base_alt_m);
    /* amplitude/wavelength pairs keep each wave's peak grade 2*pi*A/L under ~4 % */
    static const double amp[3][2] = {{10, 20}, {5, 10}, {2, 4}};
    static const double len[3][2] = {{2200, 3200}, {1000, 1600}, {400, 700}};
    for (int k = 0; k < 3; k++) {
        sg_sim_wave *w = &t->waves[t->n_waves++];
        w->amp_m = amp[k][0] + (amp[k][1] - amp[k][0]) * sg_rng_uniform(r);
        w->wavelength_m = len[k][0] + (len[k][1] - len[k][0]) * sg_rng_uniform(r);
        w->phase = 2 * M_PI * sg_rng_uniform(r);
    }
}

static void add_segment(sg_sim_terrain *t, double start, double length, double grade)
{
    if (t->n_segments >= SG_SIM_MAX_SEGMENTS || length <= 0)
        return;
    t->seg[t->n_segments++] = (sg_sim_segment){start, length, grade};
}

void sg_sim_terrain_mountain(sg_sim_terrain *t, sg_rng *r, double base_alt_m,
                             double distance_m)
{
    sg_sim_terrain_rolling(t, r, base_alt_m);
    if (distance_m < 6000)
        return;
    double up_grade = 0.04 + 0.06 * sg_rng_uniform(r);
    double down_grade = 0.04 + 0.06 * sg_rng_uniform(r);
    double start = 0.2 * distance_m;
    double top = 500;
    /* climb length: "several km", but climb + top + descent must fit in the
     * remaining 75 % of the run */
    double avail = 0.75 * distance_m - top;
    double up_len = fmin(2000 + 4000 * sg_rng_uniform(r),
                         avail * down_grade / (up_grade + down_grade));
    double rise = up_len * up_grade;
    double down_len = rise / down_grade;
    add_segment(t, start, up_len, up_grade);
    add_segment(t, start + up_len + top, down_len, -down_grade);
}

void sg_sim_terrain_hill_repeats(sg_sim_terrain *t, double base_alt_m, double warmup_m,
                                 int reps, double rep_m, double grade)
{
    sg_sim_terrain_flat(t, base_alt_m);
    if (reps > SG_SIM_MAX_SEGMENTS / 2)
        reps = SG_SIM_MAX_SEGMENTS / 2;
    double d = warmup_m;
    for (int k = 0; k < reps; k++) {
        add_segment(t, d, rep_m, grade);
        add_segment(t, d + rep_m, rep_m, -grade);
        d += 2 * rep_m;
    }
}

void sg_sim_terrain_course(sg_sim_terrain *t)
{
    sg_sim_terrain_flat(t, SG_SIM_HOME_ALT);
    /* Segments sum to zero net rise (a loop course); waves add the small
     * rolling climbs that bring the total to about 900 m. */
    add_segment(t, 5000, 6500, 0.055);   /* first climb, +357 m */
    add_segment(t, 13500, 3000, 0.03);   /* to the high point, +90 m */
    add_segment(t, 17000, 6000, -0.07);  /* the long steep descent, -420 m */
    add_segment(t, 24000, 3500, 0.06);   /* second climb, +210 m */
    add_segment(t, 27500, 3500, -0.065); /* -227.5 m */
    add_segment(t, 32000, 4000, 0.025);  /* late drag, +100 m */
    add_segment(t, 37000, 4000, -0.0275);/* run-in, -110 m */
    t->waves[0] = (sg_sim_wave){12, 2300, 0.3};
    t->waves[1] = (sg_sim_wave){4, 900, 1.1};
    t->n_waves = 2;
}

double sg_sim_terrain_alt(const sg_sim_terrain *t, double d)
{
    double h = t->base_alt_m;
    for (int k = 0; k < t->n_waves; k++) {
        const sg_sim_wave *w = &t->waves[k];
        if (w->wavelength_m > 0)
            h += w->amp_m * sin(2 * M_PI * d / w->wavelength_m + w->phase);
    }
    for (int s = 0; s < t->n_segments; s++) {
        const sg_sim_segment *g = &t->seg[s];
        double x = d - g->start_m;
        if (x > 0)
            h += g->grade * (x < g->length_m ? x : g->length_m);
    }
    return h;
}

double sg_sim_terrain_grade(const sg_sim_terrain *t, double d)
{
    double g = 0;
    for (int k = 0; k < t->n_waves; k++) {
        const sg_sim_wave *w = &t->waves[k];
        if (w->wavelength_m > 0)
            g += w->amp_m * 2 * M_PI / w->wavelength_m *
                 cos(2 * M_PI * d / w->wavelength_m + w->phase);
    }
    for (int s = 0; s < t->n_segments; s++) {
        const sg_sim_segment *seg = &t->seg[s];
        if (d >= seg->start_m && d < seg->start_m + seg->length_m)
            g += seg->grade;
    }
    return g;
}

/* ---- physiology ------------------------------------------------------- */

/* Minetti et al. 2002 running energy cost, J/kg/m, valid for |i| <= 0.45
 * (docs/science.md §3). */
static double minetti_cr(double i)
{
    if (i > 0.45)
        i = 0.45;
    if (i < -0.45)
        i = -0.45;
    return ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6;
}

/* How much of the flat speed a runner keeps on grade g at the same perceived
 * effort [D]: full power matching (exponent 1) would be far too fast downhill
 * and too slow uphill compared with how people pace, so uphill keeps
 * (Cr0/Cr)^0.6 and downhill gains only (Cr0/Cr)^0.25, braked beyond -6 %
 * so that steep descents (< about -15 %) are slower than the flat. */
static double grade_speed_factor(double g)
{
    double ratio = 3.6 / minetti_cr(g);
    if (g >= 0)
        return pow(ratio, 0.6);
    double f = pow(ratio, 0.25);
    double x = -g - 0.06;
    if (x > 0)
        f *= fmax(0.35, 1 - 20 * x * x);
    return f;
}

/* The defaults are data: one table each, copied whole. */
static const sg_sim_athlete default_athlete = {
    .sex = SG_SEX_MALE, .hr_rest = 52, .hr_max = 186, .vo2max = 52, .mass_kg = 72,
    .easy_speed = 2.95, .cadence_base = SG_SIM_CADENCE_SPM,
};

void sg_sim_athlete_default(sg_sim_athlete *a) { *a = default_athlete; }

void sg_sim_run_defaults(sg_sim_run_params *p)
{
    static const sg_sim_run_params d = {
        .seed = 1, .start_time = 1740898800 /* 2025-03-02 07:00 UTC */, .distance_m = 10000,
        .kind = SG_SIM_EASY, .pacing = SG_SIM_PACE_EFFORT, .sample_interval_s = 1,
        .balance_left_pct = 50, .fatigue = 0, .fitness = 1, .air_temp_c = 12,
        .start_lat = SG_SIM_HOME_LAT, .start_lon = SG_SIM_HOME_LON, .heading_deg = 0,
        .loop_m = 10000,
    };
    *p = d;
    p->athlete = default_athlete;
    sg_sim_terrain_flat(&p->terrain, SG_SIM_HOME_ALT);
}

void sg_sim_run_on_course(sg_sim_run_params *p)
{
    sg_sim_terrain_course(&p->terrain);
    p->distance_m = SG_SIM_COURSE_M;
    p->duration_s = 0;
    p->kind = SG_SIM_RACE;
    p->start_lat = SG_SIM_HOME_LAT;
    p->start_lon = SG_SIM_HOME_LON;
    p->heading_deg = SG_SIM_COURSE_HEADING;
    p->loop_m = SG_SIM_COURSE_M;
}

static const char *const kind_names[SG_SIM_KIND_COUNT] = {
    "easy", "long", "tempo", "intervals", "hills", "race"};
static const char *const kind_titles[SG_SIM_KIND_COUNT] = {
    "Simulated easy run (demo)",          "Simulated long run (demo)",
    "Simulated tempo run (demo)",         "Simulated interval session (demo)",
    "Simulated hill repeats (demo)",      "Simulated marathon race (demo)"};

const char *sg_sim_kind_name(sg_sim_kind k)
{
    return (unsigned)k < SG_SIM_KIND_COUNT ? kind_names[k] : "unknown";
}

double sg_sim_path_heading(double heading0_rad, double loop_m, double d)
{
    return heading0_rad + (loop_m > 0 ? 2 * M_PI * d / loop_m : 0) +
           0.35 * sin(2 * M_PI * d / 1700 + 3 * heading0_rad) +
           0.2 * sin(2 * M_PI * d / 530 + 7 * heading0_rad);
}

/* ---- totals ----------------------------------------------------------- */

void sg_sim_totals_range(const sg_activity *act, size_t i0, size_t i1, double dt_s,
                         sg_totals *out)
{
    sg_totals_init(out);
    const double *t = act->ch[SG_CH_TIME], *d = act->ch[SG_CH_DISTANCE];
    const double *alt = act->ch[SG_CH_ALTITUDE], *hr = act->ch[SG_CH_HEART_RATE];
    const double *cad = act->ch[SG_CH_CADENCE];
    if (i1 >= act->n || i0 > i1)
        return;
    if (t) {
        out->start_time = t[i0];
        out->elapsed_s = t[i1] - t[i0];
        double timer = 0;
        for (size_t k = i0 + 1; k <= i1; k++) {
            double gap = t[k] - t[k - 1];
            timer += gap < dt_s ? gap : dt_s;
        }
        out->timer_s = timer;
    }
    if (d)
        out->distance_m = d[i1] - d[i0];
    if (alt) {
        double prev = alt[i0], up = 0, down = 0;
        for (size_t k = i0 + 1; k <= i1; k++) {
            if (alt[k] > prev + SG_SIM_HYSTERESIS_M) {
                up += alt[k] - prev;
                prev = alt[k];
            } else if (alt[k] < prev - SG_SIM_HYSTERESIS_M) {
                down += prev - alt[k];
                prev = alt[k];
            }
        }
        out->ascent_m = up;
        out->descent_m = down;
    }
    if (hr) {
        double s = 0, mx = 0;
        for (size_t k = i0; k <= i1; k++) {
            s += hr[k];
            mx = hr[k] > mx ? hr[k] : mx;
        }
        out->avg_hr = s / (double)(i1 - i0 + 1);
        out->max_hr = mx;
    }
    if (cad) {
        double s = 0;
        for (size_t k = i0; k <= i1; k++)
            s += cad[k];
        out->avg_cadence = s / (double)(i1 - i0 + 1);
    }
    if (d && t && out->timer_s > 0)
        out->avg_speed = out->distance_m / out->timer_s;
}

int sg_sim_add_road_session(sg_activity *act, double dt_s, double calories, sg_err *err)
{
    sg_session s = {0};
    sg_sim_totals_range(act, 0, act->n - 1, dt_s, &s.totals);
    s.totals.calories = calories;
    s.sport = SG_SPORT_RUNNING;
    s.sub_sport = SG_SUB_ROAD;
    s.fit_sport = 1;     /* running */
    s.fit_sub_sport = 2; /* street */
    return sg_activity_add_session(act, &s, err);
}

int sg_sim_label(sg_activity *act, const char *name, sg_err *err)
{
    int rc;
    if ((rc = sg_activity_set_string(act, &act->name, name, err)) ||
        (rc = sg_activity_set_string(act, &act->device.manufacturer, "development", err)) ||
        (rc = sg_activity_set_string(act, &act->device.product, "strideguard-sim", err)) ||
        (rc = sg_activity_set_string(act, &act->device.software, "sim-1", err)) ||
        (rc = sg_activity_set_string(act, &act->source_format, "sim", err)))
        return rc;
    act->device.manufacturer_id = 255; /* FIT "development" */
    act->device.product_id = 0;
    act->sport = SG_SPORT_RUNNING;
    act->sub_sport = SG_SUB_ROAD;
    act->alt_source = SG_ALT_BAROMETRIC;
    return SG_OK;
}

/* ---- one run ---------------------------------------------------------- */

/* Normal deviates in pairs from the polar method: a run draws ~11 per
 * sample, so keeping the spare halves the log/sqrt work. Local to one run
 * (sg_rng itself stays a plain state, see sim.h). */
typedef struct gauss {
    sg_rng *r;
    double spare;
    int has;
} gauss;

static double gauss_next(gauss *g)
{
    if (g->has) {
        g->has = 0;
        return g->spare;
    }
    for (;;) {
        double u = 2 * sg_rng_uniform(g->r) - 1, v = 2 * sg_rng_uniform(g->r) - 1;
        double s = u * u + v * v;
        if (s > 0 && s < 1) {
            double m = sqrt(-2 * log(s) / s);
            g->spare = v * m;
            g->has = 1;
            return u * m;
        }
    }
}

/* AR(1) noise with standard deviation sigma and correlation time tau. */
typedef struct ar1 {
    double x, rho, k;
} ar1;

static void ar1_init(ar1 *n, gauss *g, double sigma, double tau, double dt)
{
    n->rho = exp(-dt / tau);
    n->k = sigma * sqrt(1 - n->rho * n->rho);
    n->x = sigma * gauss_next(g);
}

static double ar1_step(ar1 *n, gauss *g)
{
    n->x = n->rho * n->x + n->k * gauss_next(g);
    return n->x;
}

/* Relative effort (multiplier of the easy flat speed) for the session's
 * structure at distance d / moving time tm [D]. */
static double effort(sg_sim_kind kind, double d, double tm, double total_d, double grade,
                     double *main_start)
{
    switch (kind) {
    case SG_SIM_LONG:
        return 0.97;
    case SG_SIM_RACE:
        return 1.13;
    case SG_SIM_TEMPO:
        if (d < 3000)
            return 1.0;
        return d < total_d - 2000 ? 1.22 : 0.97;
    case SG_SIM_INTERVALS:
        if (d < 3000)
            return 1.0;
        if (total_d > 0 && d >= total_d - 2000)
            return 0.95;
        if (*main_start < 0)
            *main_start = tm;
        return fmod(tm - *main_start, 300) < 180 ? 1.38 : 0.80;
    case SG_SIM_HILLS:
        if (grade > 0.02)
            return 1.25;
        if (grade < -0.02)
            return 0.80;
        return 1.0;
    case SG_SIM_EASY:
    default:
        return 1.0;
    }
}

enum { NCOL = 14 };
static const sg_channel sim_channels[NCOL] = {
    SG_CH_TIME,        SG_CH_LAT,         SG_CH_LON,           SG_CH_DISTANCE,
    SG_CH_ALTITUDE,    SG_CH_SPEED,       SG_CH_HEART_RATE,    SG_CH_CADENCE,
    SG_CH_VERT_OSC,    SG_CH_STANCE_TIME, SG_CH_STANCE_BALANCE, SG_CH_VERT_RATIO,
    SG_CH_STEP_LENGTH, SG_CH_TEMPERATURE};

static int close_lap(sg_activity *act, size_t i0, size_t i1, double dt, double energy_jkg,
                     double mass, sg_err *err)
{
    sg_totals lap;
    sg_sim_totals_range(act, i0, i1, dt, &lap);
    lap.calories = energy_jkg * mass / 4184.0;
    return sg_activity_add_lap(act, &lap, err);
}

/* The run's noise processes, drawn from one Gaussian stream. */
typedef struct noise {
    gauss gs;
    ar1 speed, hr, cad, gct, bal, vo, baro, temp, north, east;
} noise;

/* noise processes (sigma, correlation time) [D], initialised in this order */
static void noise_init(noise *nz, sg_rng *rng, double dt)
{
    nz->gs = (gauss){.r = rng};
    ar1_init(&nz->speed, &nz->gs, 0.025, 20, dt);
    ar1_init(&nz->hr, &nz->gs, 1.2, 15, dt);
    ar1_init(&nz->cad, &nz->gs, 0.8, 10, dt);
    ar1_init(&nz->gct, &nz->gs, 0.003, 10, dt);
    ar1_init(&nz->bal, &nz->gs, 0.3, 60, dt);
    ar1_init(&nz->vo, &nz->gs, 0.0015, 10, dt);
    ar1_init(&nz->baro, &nz->gs, 1.0, 900, dt);
    ar1_init(&nz->temp, &nz->gs, 0.5, 300, dt);
    ar1_init(&nz->north, &nz->gs, 1.5, 30, dt);
    ar1_init(&nz->east, &nz->gs, 1.5, 30, dt);
}

/* The parameters a run needs; *expect_s: its expected length, s. */
static int check_run_params(const sg_sim_run_params *p, double *expect_s, sg_err *err)
{
    const double dt = p->sample_interval_s;
    const sg_sim_athlete *ath = &p->athlete;
    if (!(dt >= 0.5 && dt <= 60))
        return sg_err_set(err, SG_EUSAGE, -1, "sample interval %g s outside [0.5, 60]", dt);
    if (!(p->distance_m > 0) && !(p->duration_s > 0))
        return sg_err_set(err, SG_EUSAGE, -1, "a run needs a distance or a duration");
    if (!(ath->easy_speed > 0.5) || !(ath->hr_max > ath->hr_rest) || !(ath->vo2max > 10))
        return sg_err_set(err, SG_EUSAGE, -1, "athlete needs easy_speed, hr_rest < hr_max, vo2max");
    *expect_s = p->distance_m > 0 ? p->distance_m / (0.5 * ath->easy_speed) : p->duration_s;
    if (*expect_s > 86400)
        return sg_err_set(err, SG_EUSAGE, -1, "simulated run would last more than 24 h");
    if (!isfinite(p->start_time) || !isfinite(p->start_lat) || !isfinite(p->start_lon))
        return sg_err_set(err, SG_EUSAGE, -1, "start time and position must be finite");
    return SG_OK;
}

/* 1. speed: *v moves (by a_speed) toward the target of the run's effort
 *    profile, fitness, time on feet, fatigue and grade g at distance d;
 *    returns the recorded speed (with noise, at least 0.3 m/s). */
static double sample_speed(const sg_sim_run_params *p, noise *nz, sg_sim_kind kind, double *v,
                           double d, double tm, double g, double fitness, double fatigue,
                           double a_speed, double *main_start)
{
    const double th = tm / 3600; /* hours on feet */
    double v_flat = p->athlete.easy_speed * fitness *
                    effort(kind, d, tm, p->distance_m, g, main_start) *
                    (1 - 0.025 * fmax(0, th - 1.25) - 0.03 * fatigue);
    double v_target = p->pacing == SG_SIM_PACE_CONSTANT ? v_flat
                                                        : v_flat * grade_speed_factor(g);
    if (*v < 0)
        *v = 0.75 * v_target; /* the first step is already a jog */
    *v += (v_target - *v) * a_speed;
    double vs = *v * (1 + ar1_step(&nz->speed, &nz->gs));
    if (vs < 0.3)
        vs = 0.3;
    return vs;
}

/* 3. heart rate: %HRR ~ %VO2R (Swain & Leutholtz), net VO2 from power at
 *    cost of running cr and speed v; moves *hr toward it (up with a_up, down
 *    with a_down) and returns the recorded value. */
static double sample_hr(const sg_sim_run_params *p, noise *nz, double *hr, double cr, double v,
                        double tm, double fatigue, double a_up, double a_down)
{
    const sg_sim_athlete *ath = &p->athlete;
    double vo2_net = cr * v * 60 / 20.1; /* ml O2/kg/min at 20.1 J per ml O2 */
    double frac = vo2_net / (ath->vo2max - 3.5);
    if (frac > 1.05)
        frac = 1.05;
    double drift = fmin(15, (5 + 4 * fatigue + 0.4 * fmax(0, p->air_temp_c - 15)) *
                                fmax(0, tm - 900) / 3600);
    double hr_target = ath->hr_rest + frac * (ath->hr_max - ath->hr_rest) + drift + 3 * fatigue;
    if (hr_target > ath->hr_max)
        hr_target = ath->hr_max;
    *hr += (hr_target - *hr) * (hr_target > *hr ? a_up : a_down);
    return round(fmin(*hr + ar1_step(&nz->hr, &nz->gs), ath->hr_max));
}

/* 4. mechanics of one sample into row (cadence, vertical oscillation,
 *    contact time, balance, ratio, step length, temperature), at speed v
 *    (vs with noise), grade g, th hours on feet and tm s of running. */
static void sample_mechanics(const sg_sim_run_params *p, noise *nz, double v, double vs,
                             double g, double th, double tm, double fatigue, double bal0,
                             double row[NCOL])
{
    const sg_sim_athlete *ath = &p->athlete;
    double late = fmax(0, th - 1);
    double cad = ath->cadence_base + 9 * (v - 3.0) + (g > 0 ? 40 * g : 30 * g) - 3 * late -
                 2 * fatigue + ar1_step(&nz->cad, &nz->gs);
    double step = vs / (cad / 60);
    double gct = 0.265 - 0.040 * (v - 3.0) + (g > 0 ? 0.25 * g : 0.10 * g) + 0.008 * late +
                 0.006 * fatigue + ar1_step(&nz->gct, &nz->gs);
    if (gct < 0.15)
        gct = 0.15;
    double bal = bal0 + (bal0 - 50) * 0.2 * th + 0.08 * th + 1.5 * fabs(g) +
                 ar1_step(&nz->bal, &nz->gs);
    double vo = 0.088 + 0.008 * (v - 3.0) - 0.0004 * (cad - ath->cadence_base) -
                0.05 * fmax(g, 0) + 0.03 * fmax(-g, 0) + 0.002 * late +
                ar1_step(&nz->vo, &nz->gs);
    if (vo < 0.03)
        vo = 0.03;
    double temp = round(p->air_temp_c + 5 * (1 - exp(-tm / 600)) + ar1_step(&nz->temp, &nz->gs));
    row[7] = cad;
    row[8] = vo;
    row[9] = gct;
    row[10] = bal;
    row[11] = 100 * vo / step;
    row[12] = step;
    row[13] = temp;
}

int sg_sim_run(const sg_sim_run_params *p, const sg_allocator *a, sg_activity **out,
               sg_err *err)
{
    *out = NULL;
    const double dt = p->sample_interval_s;
    const sg_sim_athlete *ath = &p->athlete;
    double expect_s = 0;
    int rc = check_run_params(p, &expect_s, err);
    if (rc)
        return rc;
    const sg_sim_kind kind = (unsigned)p->kind < SG_SIM_KIND_COUNT ? p->kind : SG_SIM_EASY;

    sg_rng rng;
    sg_rng_seed(&rng, p->seed);
    sg_activity *act = sg_activity_new(a);
    if (!act)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for an activity");
    rc = sg_sim_label(act, p->name ? p->name : kind_titles[kind], err);
    if (rc)
        goto out;

    noise nz;
    noise_init(&nz, &rng, dt);
    const double a_speed = 1 - exp(-dt / 4), a_hr_up = 1 - exp(-dt / 25);
    const double a_hr_down = 1 - exp(-dt / 40);

    double pause_at = INFINITY, pause_len = 0;
    if (p->auto_pause) {
        pause_at = floor((0.25 + 0.45 * sg_rng_uniform(&rng)) * expect_s * 0.5 / dt) * dt;
        pause_len = floor(20 + 40 * sg_rng_uniform(&rng));
    }

    const double R = SG_SIM_EARTH_R;
    const double fatigue = fmin(fmax(p->fatigue, 0), 1);
    const double fitness = p->fitness > 0 ? p->fitness : 1;
    const double bal0 = p->balance_left_pct > 0 ? p->balance_left_pct : 50;
    double lat = p->start_lat * M_PI / 180, lon = p->start_lon * M_PI / 180;
    double heading0 = p->heading_deg * M_PI / 180;
    double t_rel = 0, tm = 0, d = 0, hr = ath->hr_rest + 15, energy = 0, energy_lap0 = 0;
    double v = -1, main_start = -1, lap_next = 1000;
    size_t lap_i0 = 0, i = 0;
    int paused = 0;
    double g = 0; /* grade at the current distance, carried between steps */

    for (;;) {
        rc = sg_activity_append(act, &i, err);
        if (rc)
            goto out;
        if (i == 0) {
            for (int c = 0; c < NCOL; c++)
                if ((rc = sg_activity_set(act, sim_channels[c], 0, 0.0, err)))
                    goto out;
        } else {
            t_rel += dt;
            tm += dt;
            if (!paused && tm >= pause_at) {
                /* a traffic light: the watch auto-pauses, nothing is recorded */
                t_rel += pause_len;
                hr += (ath->hr_rest + 30 - hr) * (1 - exp(-pause_len / 40));
                v *= 0.5;
                paused = 1;
            }
        }
        const double th = tm / 3600; /* hours on feet */

        /* 1. speed */
        if (i == 0)
            g = sg_sim_terrain_grade(&p->terrain, d);
        double vs =
            sample_speed(p, &nz, kind, &v, d, tm, g, fitness, fatigue, a_speed, &main_start);
        /* 2. distance, position, altitude */
        if (i > 0) {
            d += vs * dt;
            double h = sg_sim_path_heading(heading0, p->loop_m, d - 0.5 * vs * dt);
            lat += vs * dt * cos(h) / R;
            lon += vs * dt * sin(h) / (R * cos(lat));
        }
        g = sg_sim_terrain_grade(&p->terrain, d);
        double gc = fmin(fmax(g, -0.45), 0.45);
        double cr = minetti_cr(gc);
        energy += cr * vs * dt;
        double alt = sg_sim_terrain_alt(&p->terrain, d) + ar1_step(&nz.baro, &nz.gs) +
                     0.1 * gauss_next(&nz.gs);
        alt = round(alt * 5) / 5; /* FIT altitude resolution 0.2 m */
        double north = ar1_step(&nz.north, &nz.gs), east = ar1_step(&nz.east, &nz.gs);
        double lat_out = (lat + north / R) * 180 / M_PI;
        double lon_out = (lon + east / (R * cos(lat))) * 180 / M_PI;

        double hr_out = sample_hr(p, &nz, &hr, cr, v, tm, fatigue, a_hr_up, a_hr_down);

        double row[NCOL] = {p->start_time + t_rel, lat_out, lon_out, d, alt, vs, hr_out};
        sample_mechanics(p, &nz, v, vs, g, th, tm, fatigue, bal0, row);
        for (int c = 0; c < NCOL; c++)
            act->ch[sim_channels[c]][i] = row[c];

        int done = p->distance_m > 0 ? d >= p->distance_m : tm >= p->duration_s;
        if (tm > 86400)
            done = 1;
        if (d >= lap_next || (done && i > lap_i0)) {
            if ((rc = close_lap(act, lap_i0, i, dt, energy - energy_lap0, ath->mass_kg, err)))
                goto out;
            lap_i0 = i;
            energy_lap0 = energy;
            while (lap_next <= d)
                lap_next += 1000;
        }
        if (done)
            break;
    }

    rc = sg_sim_add_road_session(act, dt, energy * ath->mass_kg / 4184.0, err);
out:
    if (rc) {
        sg_activity_free(act);
        return rc;
    }
    *out = act;
    return SG_OK;
}
