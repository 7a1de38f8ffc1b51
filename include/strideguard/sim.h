#ifndef STRIDEGUARD_SIM_H
#define STRIDEGUARD_SIM_H
/* The activity simulator: deterministic, clearly labelled fake runs for
 * `strideguard demo`, benchmarks and end-to-end tests.
 *
 * Everything here is a pure function of its parameters and seed: the same
 * parameters give bit-identical activities on every run and platform with
 * IEEE-754 doubles and the same libm. There is no global state; the random
 * generator lives in an sg_rng the caller (or the simulator) owns.
 *
 * Simulated activities say so: name "Simulated ... (demo)", device
 * manufacturer "development" (FIT manufacturer 255), product
 * "strideguard-sim", source_format "sim". The model behind the numbers
 * (Minetti energy cost, %HRR ~ %VO2R, cardiac drift, cadence and running
 * dynamics) is documented in docs/science.md §11; most of it is a design
 * choice [D], good enough to exercise the analyses, not a physiology model.
 *
 * Ownership: every sg_activity returned belongs to the caller
 * (sg_activity_free); arrays of activities are released with
 * sg_sim_block_free. Memory comes from the allocator passed (NULL = malloc). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/athlete.h"
#include "strideguard/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- random numbers --------------------------------------------------- */

/* xoshiro256** seeded through splitmix64 (Blackman & Vigna). A value type:
 * copy it to fork a stream. */
typedef struct sg_rng {
    uint64_t s[4];
} sg_rng;

void sg_rng_seed(sg_rng *r, uint64_t seed);
uint64_t sg_rng_next(sg_rng *r);
/* Uniform in [0, 1), 53 random bits. */
double sg_rng_uniform(sg_rng *r);
/* Standard normal (Marsaglia polar method; no cached spare, so a copied
 * generator stays in step with the original). */
double sg_rng_normal(sg_rng *r);
/* Uniform integer in [lo, hi] (lo <= hi). */
int sg_rng_range(sg_rng *r, int lo, int hi);
/* A seed for sub-stream `k` of `seed` (splitmix64 mixing), so run k of a
 * block does not depend on how many numbers runs 0..k-1 drew. */
uint64_t sg_rng_derive(uint64_t seed, uint64_t k);

/* ---- terrain ---------------------------------------------------------- */

#define SG_SIM_MAX_WAVES 4
#define SG_SIM_MAX_SEGMENTS 40

/* Altitude as a function of distance along the route:
 *   alt(d) = base + sum_k amp_k sin(2 pi d / wavelength_k + phase_k)
 *                 + sum_s grade_s * clamp(d - start_s, 0, length_s)
 * so a segment is a ramp of constant grade (rise/run) and waves give rolling
 * ground. Grades are derivatives of this function, so altitude and grade never
 * disagree. A plain value type. */
typedef struct sg_sim_wave {
    double amp_m, wavelength_m, phase;
} sg_sim_wave;

typedef struct sg_sim_segment {
    double start_m, length_m, grade;
} sg_sim_segment;

typedef struct sg_sim_terrain {
    double base_alt_m;
    int n_waves;
    sg_sim_wave waves[SG_SIM_MAX_WAVES];
    int n_segments;
    sg_sim_segment seg[SG_SIM_MAX_SEGMENTS];
} sg_sim_terrain;

/* Flat ground at base_alt_m (no waves, no segments). */
void sg_sim_terrain_flat(sg_sim_terrain *t, double base_alt_m);
/* Rolling ground: three waves of 4-20 m amplitude, 0.4-3 km wavelength
 * (grades mostly within +-5 %). */
void sg_sim_terrain_rolling(sg_sim_terrain *t, sg_rng *r, double base_alt_m);
/* Rolling ground plus one mountain: a climb of 4-10 % over several km
 * starting near 20 % of `distance_m`, a short top, and a descent of 4-10 %
 * back to the start level, all inside distance_m (needs >= 6 km; shorter
 * runs get rolling ground only). */
void sg_sim_terrain_mountain(sg_sim_terrain *t, sg_rng *r, double base_alt_m,
                             double distance_m);
/* Hill repeats: warmup_m flat, then `reps` times up rep_m at +grade and back
 * down at -grade, then flat. reps is capped at SG_SIM_MAX_SEGMENTS/2. */
void sg_sim_terrain_hill_repeats(sg_sim_terrain *t, double base_alt_m, double warmup_m,
                                 int reps, double rep_m, double grade);
/* The demo marathon course's profile (see sg_sim_course). */
void sg_sim_terrain_course(sg_sim_terrain *t);

double sg_sim_terrain_alt(const sg_sim_terrain *t, double d_m);
/* d alt / d distance (rise over run, 0.05 = 5 %). */
double sg_sim_terrain_grade(const sg_sim_terrain *t, double d_m);

/* ---- one run ---------------------------------------------------------- */

typedef enum sg_sim_kind {
    SG_SIM_EASY = 0,
    SG_SIM_LONG,
    SG_SIM_TEMPO,      /* 3 km warm-up, threshold to 2 km before the end */
    SG_SIM_INTERVALS,  /* 3 min hard / 2 min jog between warm-up and cool-down */
    SG_SIM_HILLS,      /* hard up, easy down; use sg_sim_terrain_hill_repeats */
    SG_SIM_RACE,       /* marathon effort */
    SG_SIM_KIND_COUNT
} sg_sim_kind;

/* "easy", "long", "tempo", "intervals", "hills", "race". Static string. */
const char *sg_sim_kind_name(sg_sim_kind k);

typedef enum sg_sim_pacing {
    SG_SIM_PACE_EFFORT = 0,  /* speed follows grade (Minetti cost, partly compensated) */
    SG_SIM_PACE_CONSTANT     /* hold the flat speed on every grade (treadmill-style test) */
} sg_sim_pacing;

typedef struct sg_sim_athlete {
    sg_sex sex;
    double hr_rest, hr_max;   /* bpm */
    double vo2max;            /* ml/kg/min */
    double mass_kg;
    double easy_speed;        /* m/s at easy effort on the flat, fresh */
    double cadence_base;      /* steps/min at 3 m/s on the flat, fresh */
} sg_sim_athlete;

/* A recreational marathoner: male, 52/186 bpm, VO2max 52, 72 kg, easy pace
 * 2.95 m/s (5:39 /km), cadence 166 steps/min at 3 m/s. */
void sg_sim_athlete_default(sg_sim_athlete *a);

/* The default athlete's cadence (steps/min at 3 m/s, fresh): the demo's
 * runs and its lower-back recording (sim_trunk) are the same runner's. */
#define SG_SIM_CADENCE_SPM 166

typedef struct sg_sim_run_params {
    uint64_t seed;
    double start_time;         /* s since epoch, UTC */
    double distance_m;         /* stop once covered; 0 = use duration_s */
    double duration_s;         /* stop after this long when distance_m is 0 */
    sg_sim_kind kind;
    sg_sim_pacing pacing;
    sg_sim_terrain terrain;
    sg_sim_athlete athlete;
    double sample_interval_s;  /* 1 = 1 Hz; up to 60 (low-rate mode for benchmarks) */
    double balance_left_pct;   /* stance-time balance baseline, % on the left foot */
    double fatigue;            /* carried-in training fatigue, 0 fresh .. 1 very tired */
    double fitness;            /* speed multiplier from training (1 = as athlete.easy_speed) */
    double air_temp_c;
    double start_lat, start_lon;   /* degrees */
    double heading_deg;        /* initial bearing, degrees clockwise from north */
    double loop_m;             /* path turns through 360 deg every loop_m (0 = no turning) */
    bool auto_pause;           /* one 20-60 s stop (time gap: timer < elapsed) */
    const char *name;          /* copied; NULL = "Simulated <kind> run (demo)" */
} sg_sim_run_params;

/* Fills *p with a 10 km easy run at 1 Hz from 2025-03-02 07:00 UTC on flat
 * ground at 440 m, default athlete, balance 50 %, 12 C, a 10 km loop.
 * Always start from this and change fields: 0 is not "default" everywhere.
 * The import benchmark's 1 000 one-hour runs: for k in 0..999, defaults,
 * seed = sg_rng_derive(S, k), distance_m = 0, duration_s = 3600,
 * start_time += k days (~2.3 s CPU in total). */
void sg_sim_run_defaults(sg_sim_run_params *p);

/* Sets terrain, path, distance (42 195 m) and kind RACE of the demo course,
 * so a simulated race follows sg_sim_course exactly. Other fields are kept. */
void sg_sim_run_on_course(sg_sim_run_params *p);

/* Simulates one run into a new activity (*out, caller frees with
 * sg_activity_free). Channels: time, lat, lon, distance, altitude, speed,
 * heart_rate, cadence, vertical_oscillation, stance_time,
 * stance_time_balance, vertical_ratio, step_length, temperature (no power).
 * Laps every 1 000 m (last one partial), one session; totals computed from
 * the samples (ascent/descent with 3 m hysteresis).
 * Errors: SG_EUSAGE (distance and duration both <= 0, interval outside
 * [0.5, 60], run longer than 24 h), SG_ENOMEM. On error *out is NULL. */
int sg_sim_run(const sg_sim_run_params *p, const sg_allocator *a, sg_activity **out,
               sg_err *err);

/* ---- a training block ------------------------------------------------- */

typedef struct sg_sim_block_params {
    uint64_t seed;
    double start_date;         /* 00:00 UTC of the first day; NaN = from race_date */
    double race_date;          /* 00:00 UTC of race day = the block's last day;
                                  NaN = start_date + (7 weeks - 1) days.
                                  When both are given they must agree. */
    int weeks;                 /* 1 .. 1040; histories > 16 weeks repeat 16-week
                                  cycles anchored at the end */
    int runs_min, runs_max;    /* runs per week, 1 <= min <= max <= 7 */
    sg_sim_athlete athlete;
    bool asymmetry;            /* balance drifts 50.2 -> 51.8 % L over the block */
    int spike_week;            /* 0-based week of the one planted spike, -1 = none */
    bool taper;                /* final 3 weeks of each cycle at 75/60/50 % */
    bool race;                 /* the last run is the marathon on race day */
    double sample_interval_s;  /* 1 = 1 Hz; 10 = fast low-rate mode */
    double long_start_m, long_peak_m;  /* long-run build, default 16 000 -> 32 000 */
} sg_sim_block_params;

/* A 16-week block ending on race day 2025-10-19 (a Sunday), 4-6 runs a week,
 * asymmetry on, spike in week 3, taper on, race on, 1 Hz.
 * The spike run is (2.1-2.2) x the longest run of the previous 30 days
 * (every other run but the race is capped at 1.9 x): in weeks 2-5 that is a
 * careless ~35-42 km; later weeks give ultra distances (2.1 x a 25-30 km
 * long run), so prefer early spike weeks. */
void sg_sim_block_defaults(sg_sim_block_params *p);

/* What the block planted, so tests can check that analyses find it. */
typedef struct sg_sim_planted {
    double start_date, race_date;    /* as resolved */
    int spike_index;                 /* index into the output array, -1 = none */
    double spike_start;              /* s since epoch */
    double spike_distance_m;
    double spike_baseline_m;         /* longest run in the 30 days before it */
    int race_index;                  /* -1 = none */
    int peak_week;                   /* week of the largest planned volume */
    int taper_from_week;             /* first taper week, -1 = none */
    double balance_first, balance_last;  /* planned % L baseline of the first/last run */
} sg_sim_planted;

/* Generates the whole block in chronological order into a new array of
 * *n_out activities (*out). Every run is a sg_sim_run with a derived seed, so
 * the result is a pure function of *p. `planted` may be NULL.
 * Ownership: release with sg_sim_block_free(*out, *n_out, a).
 * Errors: SG_EUSAGE (bad ranges, inconsistent dates, spike_week outside the
 * block, spike week without a long run or without an earlier run within
 * 30 days), SG_ENOMEM; on error *out is NULL,
 * *n_out 0 and nothing is left allocated. */
int sg_sim_block(const sg_sim_block_params *p, const sg_allocator *a, sg_activity ***out,
                 size_t *n_out, sg_sim_planted *planted, sg_err *err);

/* Called once per run, in order, by sg_sim_block_each. The callback owns
 * `act` from the call on (free it with sg_activity_free or keep it), also
 * when it fails. Return SG_OK to go on; any other code stops the block and is
 * returned by sg_sim_block_each (fill err). */
typedef int (*sg_sim_run_cb)(void *ctx, size_t index, sg_activity *act, sg_err *err);

/* Streaming form of sg_sim_block: hands each run to cb as soon as it is
 * simulated, so a 10-year history (p->weeks 520, runs 5..7,
 * sample_interval_s 10: ~3 100 runs) never holds more than one run in
 * memory. Same runs, seeds and `planted` as sg_sim_block. Errors as
 * sg_sim_block, or the callback's code. */
int sg_sim_block_each(const sg_sim_block_params *p, const sg_allocator *a, sg_sim_run_cb cb,
                      void *ctx, sg_sim_planted *planted, sg_err *err);

/* Frees n activities and the array itself (allocated with `a`). NULL ok. */
void sg_sim_block_free(sg_activity **acts, size_t n, const sg_allocator *a);

/* ---- the race course -------------------------------------------------- */

/* The demo hilly road marathon: 42 195 m loop, ~900 m of climb and descent,
 * with a long steep (about -7 %) descent from km 17. Columns lat, lon,
 * distance, altitude every spacing_m (0 = 25 m), no time; one session with
 * distance and ascent/descent. Write it with sg_gpx_write for
 * `athlete set --course FILE`. Caller frees with sg_activity_free.
 * Errors: SG_EUSAGE (spacing outside [1, 1000] m), SG_ENOMEM. */
int sg_sim_course(double spacing_m, const sg_allocator *a, sg_activity **out, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
