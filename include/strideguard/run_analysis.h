#ifndef STRIDEGUARD_RUN_ANALYSIS_H
#define STRIDEGUARD_RUN_ANALYSIS_H
/* What one run did to the spine and hips: terrain, grade-adjusted pace,
 * impact and braking exposure, running mechanics, fatigue drift and flags.
 *
 * sg_run_analyze() is pure: activity in, result out; no I/O, no clock,
 * deterministic, O(n) time (medians by quickselect, expected O(n)). Scratch
 * memory comes from the activity's allocator and is released before it
 * returns. The science, with sources and status tags, is in docs/science.md
 * §2–§6.
 *
 * Ownership: sg_run_result and sg_run_baseline are plain values with no
 * pointers; copy them freely. sg_run_result_free() exists so a later version
 * may add owned members without changing callers: call it anyway.
 *
 * "Not computable" is NaN everywhere (JSON null). A multisport file
 * (sessions of several sports, e.g. a triathlon) is analysed over its
 * running sessions' time spans only. */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a change alters any number in sg_run_result; cached
 * analyses with another version are recomputed. */
#define SG_RUN_ALGORITHM_VERSION 4

/* Grade bands in percent: <=-15, -15..-8, -8..-3, -3..3, 3..8, 8..15, >=15.
 * Outer edges are inclusive towards the steep side (-15 is band 0, -3 is
 * band 2, +3 is band 4); "flat" is band SG_RUN_FLAT = (-3 %, +3 %). */
enum { SG_RUN_N_BANDS = 7, SG_RUN_FLAT = 3 };

/* Band of a grade in percent (NaN -> flat). */
int sg_run_band_of(double grade_pct);
/* Lower / upper edge of band b in percent; the open ends are reported as the
 * grade clamp, -45 and +45. */
double sg_run_band_from_pct(int b);
double sg_run_band_to_pct(int b);

/* Per-step mechanics the analysis summarises. */
typedef enum sg_run_metric {
    SG_RM_CADENCE = 0,   /* steps/min */
    SG_RM_STEP_LENGTH,   /* m per footfall = speed / (cadence / 60) */
    SG_RM_VERT_OSC,      /* m */
    SG_RM_VERT_RATIO,    /* % */
    SG_RM_STANCE_TIME,   /* s (ground contact time) */
    SG_RM_BALANCE,       /* % of contact time on the left foot */
    SG_RM_COUNT
} sg_run_metric;

/* Stable lower-case name ("cadence", "stance_time_balance"). */
const char *sg_run_metric_name(sg_run_metric m);

/* Median and interquartile range of one metric over a set of samples. */
typedef struct sg_run_stat {
    double median, q1, q3;   /* NaN when n == 0 */
    size_t n;                /* samples */
    double time_s;           /* seconds of moving time they cover */
} sg_run_stat;

/* Speed bins for matching "same speed": geometric, 10 % wide,
 * [1.5 * 1.1^k, 1.5 * 1.1^(k+1)) m/s, k = 0..SG_RUN_SPEED_BINS-1 (1.5-7.6 m/s). */
enum { SG_RUN_SPEED_BINS = 17 };
int sg_run_speed_bin(double speed_mps);          /* -1 when outside */
double sg_run_speed_bin_lo(int k);               /* m/s */

/* One (speed bin, grade band) cell: per-metric medians and the moving time
 * behind each; what a baseline is built from. */
typedef struct sg_run_cell {
    double median[SG_RM_COUNT];   /* NaN when no data */
    double time_s[SG_RM_COUNT];
} sg_run_cell;

/* A stretch of climbing or descending. NaN members when there is none. */
typedef struct sg_run_segment {
    double start_m;          /* distance from the start */
    double distance_m;
    double time_s;
    double elevation_m;      /* gained (>0) or lost (<0) */
    double grade_pct;        /* elevation / distance * 100 */
} sg_run_segment;

typedef struct sg_run_band_total {
    double distance_m;
    double time_s;           /* moving time */
} sg_run_band_total;

typedef struct sg_run_terrain {
    sg_alt_source alt_source;    /* what the analysis treated the altitude as (a
                                  * smooth trace labelled GPS counts as barometric) */
    double hysteresis_m;         /* 1 barometric/corrected, 10 GPS; NaN without altitude */
    double grade_window_m;       /* distance window of the grade */
    double ascent_m, descent_m;
    double min_alt_m, max_alt_m;
    sg_run_band_total band[SG_RUN_N_BANDS];
    sg_run_segment longest_climb, steepest_climb;     /* steepest = over 200 m */
    sg_run_segment longest_descent, steepest_descent;
    /* Descent exposure: vertical metres lost, distance and moving time on
     * grades steeper than -3 % and -8 %. */
    double descent_m_below_3pct, descent_m_below_8pct;
    double descent_dist_m_below_3pct, descent_dist_m_below_8pct;
    double descent_time_s_below_3pct, descent_time_s_below_8pct;
} sg_run_terrain;

typedef struct sg_run_mechanics {
    sg_run_stat flat[SG_RM_COUNT];                  /* |grade| < 3 % */
    sg_run_stat band[SG_RUN_N_BANDS][SG_RM_COUNT];
    double symmetry_index_pct;   /* from the flat balance median: (R-L)/((R+L)/2)*100 */
    /* Against the runner's baseline at matched speed and grade (NaN without
     * one): percent for every metric except balance, which is in points. */
    double vs_baseline[SG_RM_COUNT];
    double vs_baseline_time_s[SG_RM_COUNT];
} sg_run_mechanics;

/* A late-run change: last quarter of moving time minus the first, restricted
 * to samples of matched grade band and speed (+-5 %). */
typedef struct sg_run_drift {
    double change;        /* % (cadence, stance time, vertical ratio) or points (balance) */
    double noise;         /* standard error of `change` (same unit) */
    double matched_s;     /* moving time behind the comparison (both quarters) */
    bool significant;     /* |change| > 2*noise and above the minimal effect */
} sg_run_drift;

typedef struct sg_run_fatigue {
    sg_run_drift cadence_pct, stance_time_pct, vertical_ratio_pct;
    sg_run_drift balance_pp;     /* signed change of the left share */
    sg_run_drift asymmetry_pp;   /* change of |left share - 50| */
    double decoupling_pct;       /* (EF1 - EF2) / EF1 * 100, EF = GAP speed / HR */
} sg_run_fatigue;

typedef enum sg_run_severity {
    SG_SEV_INFO = 0,
    SG_SEV_CAUTION,
    SG_SEV_WARNING
} sg_run_severity;
const char *sg_run_severity_name(sg_run_severity s);   /* "info", "caution", "warning" */

#define SG_RUN_MAX_FLAGS 12
typedef struct sg_run_flag {
    char code[32];           /* stable snake_case id */
    sg_run_severity severity;
    char message[256];       /* plain language; no diagnosis */
    char evidence[256];      /* the numbers behind it */
    char action[256];        /* what to do */
    char source[192];        /* citation (docs/science.md) */
} sg_run_flag;

/* What the data lacked (bit flags). */
enum {
    SG_RUN_MISSING_DISTANCE = 1 << 0,   /* no distance, GPS or speed */
    SG_RUN_MISSING_GPS = 1 << 1,
    SG_RUN_MISSING_ALTITUDE = 1 << 2,
    SG_RUN_MISSING_GRADE = 1 << 3,      /* treadmill: incline unknown */
    SG_RUN_MISSING_HEART_RATE = 1 << 4,
    SG_RUN_MISSING_CADENCE = 1 << 5,
    SG_RUN_MISSING_DYNAMICS = 1 << 6,   /* vertical oscillation / ground contact */
    SG_RUN_MISSING_BALANCE = 1 << 7,
    SG_RUN_MISSING_BASELINE = 1 << 8    /* no usable history to compare with */
};
enum { SG_RUN_N_MISSING = 9 };
const char *sg_run_missing_name(unsigned bit);  /* "altitude"; NULL when unknown */

/* Samples repaired or left out, by cause. */
typedef struct sg_run_repairs {
    size_t time_backwards;        /* excluded: time earlier than the previous sample */
    size_t duplicate_time;        /* excluded: same time as the previous sample */
    size_t no_time;               /* excluded: no timestamp */
    size_t distance_backwards;    /* repaired: cumulative distance decreased */
    size_t speed_spikes;          /* repaired: > 12 m/s */
    size_t altitude_outliers;     /* repaired by the 5-point median */
    size_t altitude_steps;        /* jumps > 5 m faster than 3 m/s removed */
    size_t altitude_gaps;         /* filled by interpolation */
    size_t mechanics_excluded;    /* a dynamics value outside its plausible range */
} sg_run_repairs;

typedef struct sg_run_result {
    int algorithm_version;        /* SG_RUN_ALGORITHM_VERSION */
    sg_sport sport;
    sg_sub_sport sub_sport;
    bool treadmill;
    size_t samples, samples_used;
    double start_time;            /* s since epoch (or device-relative) */
    double elapsed_s, moving_time_s;
    double distance_m;
    double pace_s_per_km;         /* moving time / distance */
    double gap_pace_s_per_km;     /* Minetti 2002 grade-adjusted */
    double gap_distance_m;        /* flat-equivalent distance by energy cost */
    double avg_hr;                /* moving, bpm */
    double impact_weighted_km;    /* flat-equivalent km, see docs/science.md §4 */
    double device_distance_m, device_ascent_m, device_descent_m;   /* session totals */
    sg_run_terrain terrain;
    sg_run_mechanics mech;
    sg_run_fatigue fatigue;
    sg_run_cell cell[SG_RUN_SPEED_BINS][SG_RUN_N_BANDS];
    unsigned missing;             /* SG_RUN_MISSING_* */
    sg_run_repairs repaired;
    size_t n_flags;
    sg_run_flag flags[SG_RUN_MAX_FLAGS];
} sg_run_result;

/* The runner's usual mechanics and descent exposure, from stored history. */
typedef struct sg_run_baseline {
    size_t runs;                  /* results it was built from */
    sg_run_cell cell[SG_RUN_SPEED_BINS][SG_RUN_N_BANDS];  /* median over runs */
    size_t cell_runs[SG_RUN_SPEED_BINS][SG_RUN_N_BANDS][SG_RM_COUNT];
    double flat_balance_pct;      /* median over runs of the flat balance median */
    size_t balance_runs;
    /* Vertical metres lost below -8 % / -3 % per run: median and 90th
     * percentile over runs with altitude. */
    double descent8_median_m, descent8_p90_m;
    double descent3_median_m, descent3_p90_m;
    size_t descent_runs;
} sg_run_baseline;

/* Analyses one run. `base` may be NULL (no history). On success fills *out
 * (every member defined) and returns SG_OK. Errors: SG_EUSAGE (NULL act/out),
 * SG_ENODATA (fewer than two samples with a valid, increasing time),
 * SG_ENOMEM (scratch memory); *out is then zeroed with no flags. */
int sg_run_analyze(const sg_activity *act, const sg_run_baseline *base, sg_run_result *out,
                   sg_err *err);

/* Releases what a result owns (nothing today) and zeroes it. NULL is a no-op. */
void sg_run_result_free(sg_run_result *r);

/* Builds a baseline from past results (the runs before the one being
 * analysed; the caller picks them, e.g. the last 90 days). A cell needs at
 * least 3 runs with 60 s each in it. Scratch memory from `a` (NULL = default).
 * n == 0 gives an empty baseline (runs == 0). Errors: SG_EUSAGE, SG_ENOMEM. */
int sg_run_baseline_build(const sg_run_result *past, size_t n, const sg_allocator *a,
                          sg_run_baseline *out, sg_err *err);

/* Garmin population percentile bands (docs/science.md §5) for context only:
 * never an injury threshold. Returns "purple", "blue", "green", "orange",
 * "red", or NULL when the metric has no band or the value is NaN. Vertical
 * oscillation and ratio use the chest-strap (HRM) column. Balance uses the
 * GCT-balance bands (green <= 50.7 % either side). */
const char *sg_run_garmin_band(sg_run_metric m, double value);

/* A run's profile for charts: the cleaned samples (repaired altitude, the
 * analysis' own grade, moving-filtered mechanics) averaged into at most
 * max_points buckets of equal sample count. NaN where a bucket has no value.
 * Owns one block: release with sg_run_profile_free. */
#define SG_RUN_PROFILE_COLS 8
typedef struct sg_run_profile {
    size_t n;
    double *time_s;            /* since the first sample */
    double *distance_m, *altitude_m, *grade_pct, *speed_mps, *heart_rate;
    double *cadence_spm, *balance_left_pct;
    double *block;
    const sg_allocator *alloc;
} sg_run_profile;

/* sg_run_analyze, also filling *prof (may be NULL) with the chart profile.
 * Errors as sg_run_analyze; on error *prof is empty. */
int sg_run_analyze_profile(const sg_activity *act, const sg_run_baseline *base,
                           sg_run_result *out, sg_run_profile *prof, size_t max_points,
                           sg_err *err);
void sg_run_profile_free(sg_run_profile *p);

#ifdef __cplusplus
}
#endif
#endif
