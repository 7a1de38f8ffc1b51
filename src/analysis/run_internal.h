#ifndef SG_ANALYSIS_RUN_INTERNAL_H
#define SG_ANALYSIS_RUN_INTERNAL_H
/* Internals of the run analysis (include/strideguard/run_analysis.h), shared
 * by terrain.c, gap.c, impact.c, mechanics.c, fatigue.c, run_flags.c and
 * run.c, and exposed to the unit tests so each formula is tested alone.
 *
 * The pipeline works on a cleaned copy of the samples (sg_run_ctx): only
 * samples with a valid, strictly increasing time, distance made monotone and
 * spike-free, altitude repaired. "Interval k" is the stretch from sample k-1
 * to sample k (k >= 1). */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/figures.h"
#include "strideguard/run_analysis.h"

/* Thresholds that are design choices [D]; docs/science.md §2-§6 says why. */
#define SG_RUN_VMAX SG_ACTIVITY_VMAX /* m/s: faster is a GPS/sensor spike */
#define SG_RUN_VMOVE SG_MOTION_VMOVE /* m/s: slower is a stop */
#define SG_RUN_VRUN 1.5             /* m/s: mechanics only while running */
#define SG_RUN_CAD_RUN 130.0        /* steps/min: below is walking */
#define SG_RUN_DT_CAP SG_MOTION_DT_CAP /* s: one sample never stands for more */
/* elevation: the model's one pipeline (strideguard/figures.h) */
#define SG_RUN_HYST_BARO SG_ELEV_HYST_BARO
#define SG_RUN_SMOOTH_S SG_ELEV_SMOOTH_S
#define SG_RUN_HYST_GPS SG_ELEV_HYST_GPS
#define SG_RUN_WIN_BARO 50.0        /* m, grade window */
#define SG_RUN_WIN_GPS 100.0
#define SG_RUN_GRADE_CLAMP 0.45     /* Minetti's measured range */
#define SG_RUN_STEEP_WIN 200.0      /* m, "sustained" */
#define SG_RUN_SEG_MIN 100.0        /* m, shortest reported climb/descent */
#define SG_RUN_SEG_GAP 50.0         /* m, dips shorter than this do not end a climb */

typedef struct sg_run_ctx {
    const sg_activity *act;
    const sg_run_baseline *base;   /* may be NULL */
    const sg_allocator *alloc;
    size_t n;                      /* kept samples */
    size_t *idx;                   /* kept sample -> activity sample */
    double *t;                     /* s */
    double *d;                     /* m, cumulative, monotone (when have_distance) */
    double *v;                     /* m/s at the sample, NaN unknown */
    double *alt;                   /* repaired altitude (when have_alt) */
    double *grade;                 /* decimal, per sample (0 when !grade_known) */
    double *mt;                    /* cumulative moving time at the sample */
    double *rdt;                   /* interval k's seconds with the timer running and
                                    * the runner not paused (0 for a pause) */
    unsigned char *moving;         /* interval k is moving (k >= 1) */
    unsigned char *running;        /* sample k is running (mechanics use it) */
    double *metric[SG_RM_COUNT];   /* per-sample mechanics, NaN unusable */
    bool have_distance, have_alt, grade_known;
    bool spans;                    /* only the run legs of a multisport file count */
} sg_run_ctx;

/* Interval helpers. */
static inline double sg_runi_dt(const sg_run_ctx *c, size_t k) { return c->t[k] - c->t[k - 1]; }
static inline double sg_runi_dd(const sg_run_ctx *c, size_t k)
{
    return c->have_distance ? c->d[k] - c->d[k - 1] : 0.0;
}
static inline double sg_runi_g(const sg_run_ctx *c, size_t k)
{
    return 0.5 * (c->grade[k - 1] + c->grade[k]);
}
/* Seconds of interval k that were not a pause (timer stopped, or a
 * recording gap across which nothing moved): what moving time and
 * time-weighted sums use. */
static inline double sg_runi_rdt(const sg_run_ctx *c, size_t k) { return k ? c->rdt[k] : 0.0; }
/* Seconds sample k stands for (a pause never; capped). */
static inline double sg_runi_w(const sg_run_ctx *c, size_t k)
{
    double dt = sg_runi_rdt(c, k);
    return dt < SG_RUN_DT_CAP ? dt : SG_RUN_DT_CAP;
}

/* --- run.c --- */
/* Bin of v among edges[0..nbins] (edges[k] <= v < edges[k+1]), -1 outside. */
int sg_runi_bin(const double *edges, int nbins, double v);

/* --- terrain.c --- */
/* Fills c->alt/grade and r->terrain; sets missing bits. */
int sg_runi_terrain(sg_run_ctx *c, sg_run_result *r);
/* The elevation building blocks live in the model (strideguard/figures.h);
 * these names are kept for the terrain tests. */
static inline double sg_terrain_hysteresis(const double *alt, size_t n, double h, double *descent)
{
    return sg_elev_hysteresis(alt, n, h, descent);
}
static inline size_t sg_terrain_median_repair(const double *in, double *out, size_t n, double thr)
{
    return sg_elev_median_repair(in, out, n, thr);
}
static inline size_t sg_terrain_step_repair(double *alt, const double *t, size_t n,
                                            double min_jump, double vz)
{
    return sg_elev_step_repair(alt, t, n, min_jump, vz);
}
static inline void sg_terrain_smooth(const double *in, const double *t, size_t n, double half_s,
                                     double *out)
{
    sg_elev_smooth(in, t, n, half_s, out);
}
/* Grade (decimal) per sample over a centred distance window on (d, alt),
 * clamped to +-0.45. d must be non-decreasing. */
void sg_terrain_grade(const double *d, const double *alt, size_t n, double window,
                      double *grade);
/* Altitude noise used to classify an unknown altitude source: the median
 * absolute second difference (m). */
static inline double sg_terrain_roughness(const double *alt, size_t n, double *scratch)
{
    return sg_elev_roughness(alt, n, scratch);
}

/* --- gap.c --- */
/* Minetti 2002 running energy cost Cr(i) in J/kg/m, i = grade as a decimal
 * clamped to +-0.45. */
double sg_gap_cr(double i);
/* Cr(i)/Cr(0): the flat-equivalent speed factor. */
double sg_gap_factor(double i);
void sg_runi_gap(const sg_run_ctx *c, sg_run_result *r);

/* --- impact.c --- */
/* Relative normal impact peak and parallel braking peak against level
 * running (Gottschall & Kram 2005, interpolated [D]). */
double sg_impact_peak_factor(double i);
double sg_impact_braking_factor(double i);
/* Their mean: the grade factor of the impact-weighted distance. */
double sg_impact_grade_factor(double i);
/* Peak vertical force against 3 m/s (Keller 1996 linear fit [S]). */
double sg_impact_speed_factor(double v);
/* Per-distance load for step length ratio L/Lref (Willson 2014 [V]). */
double sg_impact_step_factor(double ratio);
void sg_runi_impact(const sg_run_ctx *c, sg_run_result *r);

/* --- mechanics.c --- */
/* Fills c->running and c->metric[] and r->mech, r->cell. */
int sg_runi_mechanics(sg_run_ctx *c, sg_run_result *r);
/* Symmetry index (%) from the left share of contact time. */
double sg_run_symmetry_index(double balance_left_pct);

/* --- fatigue.c --- */
int sg_runi_fatigue(const sg_run_ctx *c, sg_run_result *r);
/* Aerobic decoupling from two halves: EF = distance / sum(HR * dt). */
double sg_run_decoupling(double ef1, double ef2);

/* --- run_flags.c --- */
void sg_runi_flags(const sg_run_ctx *c, sg_run_result *r);

#endif
