#ifndef SG_ANALYSIS_TRUNK_ANALYSIS_H
#define SG_ANALYSIS_TRUNK_ANALYSIS_H
/* Pelvis and trunk motion from a sensor at the lower back (issue #7).
 *
 * sg_trunk_analyze() takes an IMU recording (any mounting orientation) and
 * returns: the running bouts (walking and standing excluded), every detected
 * step (initial contact, contact end, side), and per bout, per window and
 * for the whole run: cadence, step time left/right and its asymmetry,
 * Moe-Nilssen regularity and symmetry, RMS ratios, impact, trunk vertical
 * displacement and pelvis ranges (gyroscope only), plus early-vs-late fatigue
 * comparisons and flags. Methods and sources: docs/science.md §8.
 *
 * Pure: no I/O, no clock. Deterministic. O(n) in the samples. */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/alloc.h"
#include "strideguard/err.h"
#include "strideguard/imu.h"

enum { SG_AX_VT = 0, SG_AX_ML = 1, SG_AX_AP = 2 };
enum { SG_STEP_SIDE_UNKNOWN = -1, SG_STEP_SIDE_LEFT = 0, SG_STEP_SIDE_RIGHT = 1 };

/* Speed and grade over time from the run the recording is linked to (the
 * sensor records neither). Borrowed, not copied: the arrays must outlive the
 * sg_trunk_analyze call. Times are UTC s, increasing; NaN = unknown. */
typedef struct sg_trunk_context {
    const double *t;
    const double *speed_mps;
    const double *grade_pct;
    size_t n;
} sg_trunk_context;

typedef struct sg_trunk_opts {
    double window_s;        /* analysis window, s (0 = 30) */
    double min_bout_steps;  /* running steps in a row to make a bout (0 = 10) */
    /* NULL: the early-late comparison is not matched for speed and grade
     * (the flags say so). Given, and the recording's clock is UTC: the
     * comparison uses only windows at matched speed and grade (analysis/
     * matched.h, docs/science.md §8.4). */
    const sg_trunk_context *context;
} sg_trunk_opts;

/* One step: from this initial contact to the next one. Times in s on the
 * recording's clock (sg_imu_time); indices into the recording. */
typedef struct sg_trunk_step {
    size_t ic;              /* initial contact sample */
    size_t te;              /* terminal contact (toe-off) sample; == ic when unknown */
    double t_ic, t_te;      /* s */
    double peak_g;          /* peak vertical acceleration incl. gravity in the step, g */
    int side;               /* SG_SIDE_* of the foot that made this contact */
    bool flight;            /* a flight phase follows the contact (running) */
    bool running;           /* part of a running bout */
    bool walking;           /* a periodic step without flight */
} sg_trunk_step;

/* Metrics over a stretch of running; NaN where not computable. */
typedef struct sg_trunk_metrics {
    double t_start, t_end;       /* s (recording clock) */
    double duration_s;           /* running time covered */
    size_t steps;
    double cadence_spm;
    double step_time_ms[2];      /* left, right: time from the other foot's contact */
    double step_time_asym_pct;   /* 100*|L-R|/mean(L,R) */
    double contact_time_ms;      /* median */
    double step_reg[3];          /* Ad1 per axis (VT, ML, AP) */
    double stride_reg[3];        /* Ad2 per axis */
    double step_symmetry;        /* VT Ad1/Ad2 (Moe-Nilssen; 1 = symmetric) */
    double rms_ratio[3];         /* VT, ML, AP */
    double impact_med_g, impact_p95_g;
    double vdisp_mm;             /* median per-stride trunk vertical excursion */
    double pelvis_tilt_deg;      /* median per-stride range, about the ML axis */
    double pelvis_obliquity_deg; /* about the AP axis (drop) */
    double pelvis_rotation_deg;  /* about the vertical */
    double obliquity_lr_diff_deg;/* median obliquity excursion in left steps minus right */
} sg_trunk_metrics;

typedef struct sg_trunk_flag {
    char code[40];
    const char *severity;        /* "info" | "warn" (static) */
    char message[200];
    char evidence[200];
    const char *source;          /* static: citation or "[D] design choice" */
} sg_trunk_flag;

#define SG_TRUNK_MAX_FLAGS 12
#define SG_TRUNK_N_FATIGUE 6

typedef struct sg_trunk_trend {
    const char *metric;          /* static name ("step_time_asymmetry_pct") */
    double first, last, change;  /* early and late quarter of running windows */
    double slope_per_10min;      /* least-squares over windows */
    double noise;                /* standard error of `change` from the spread of the
                                    quarters' 30-s windows; NaN with < 2 windows each
                                    (matched: none in a common stratum) */
    bool significant;            /* |change| > 2 x noise (docs/science.md §8.4) */
} sg_trunk_trend;

typedef struct sg_trunk_result {
    double fs, duration_s, running_s, walking_s;
    bool has_gyro;
    size_t walking_steps;
    sg_trunk_metrics overall;    /* all running bouts */
    size_t n_steps;
    sg_trunk_step *steps;
    size_t n_bouts;
    sg_trunk_metrics *bouts;
    size_t n_windows;
    sg_trunk_metrics *windows;
    bool fatigue_available;      /* at least 4 running windows */
    /* The comparison was matched for speed and grade from a linked run's
     * context: change, noise and significant then come from the windows of
     * the first and last quarter that share a (speed bin, grade band)
     * stratum (first/last stay the quarters' whole aggregates). */
    bool fatigue_matched;
    double fatigue_matched_s;    /* running time behind the matched comparison, s */
    size_t fatigue_matched_strata;
    sg_trunk_metrics fatigue_first, fatigue_last;
    sg_trunk_trend fatigue[SG_TRUNK_N_FATIGUE];
    size_t n_flags;
    sg_trunk_flag flags[SG_TRUNK_MAX_FLAGS];
    const sg_allocator *alloc;
} sg_trunk_result;

/* Analyses a recording. opts may be NULL (defaults). a may be NULL (malloc).
 * A recording without running is not an error: running_s = 0, no bouts,
 * metrics NaN, flag "no_running". Errors: SG_ENODATA (shorter than 2 s),
 * SG_ENOMEM. *out is freed with sg_trunk_result_free(). */
int sg_trunk_analyze(const sg_imu *rec, const sg_trunk_opts *opts, const sg_allocator *a,
                     sg_trunk_result **out, sg_err *err);

void sg_trunk_result_free(sg_trunk_result *r);

#endif
