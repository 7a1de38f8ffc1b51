#ifndef SG_ANALYSIS_TRUNK_INTERNAL_H
#define SG_ANALYSIS_TRUNK_INTERNAL_H
/* Shared between the trunk_*.c files; not part of the API. */

#include "analysis/trunk_analysis.h"

/* Thresholds (docs/science.md §8 gives each one's source). */
#define TK_GRAVITY_WIN_S 2.0     /* moving mean that tracks gravity */
#define TK_LP_EVENTS_HZ 20.0     /* low-pass for contact events and impact */
#define TK_LP_WALK_HZ 4.0        /* low-pass for walking step peaks */
#define TK_CONTACT_G 0.5         /* vertical specific force above this = foot on ground */
#define TK_CONTACT_MERGE_S 0.03  /* dips shorter than this do not end a contact */
#define TK_CONTACT_MIN_S 0.06
#define TK_CONTACT_MAX_S 0.50
#define TK_CONTACT_PEAK_G 1.4    /* a running contact loads the trunk above this */
#define TK_RUN_STEP_MIN_S 0.22   /* 273 steps/min */
#define TK_RUN_STEP_MAX_S 0.55   /* 109 steps/min */
#define TK_RUN_STEP_JUMP 0.30    /* relative change between neighbouring steps */
#define TK_WALK_STEP_MIN_S 0.35
#define TK_WALK_STEP_MAX_S 1.00
#define TK_WALK_PEAK_G 1.08
#define TK_WALK_MIN_STEPS 4

/* Per-step values filled by the window pass, aggregated by sg_trunk_aggregate. */
typedef struct tk_stepx {
    double step_s;       /* to the next contact in the same bout, NaN at a bout's end */
    double contact_ms;   /* NaN without flight */
    double vdisp_m;      /* stride starting here */
    double tilt, obl, rot; /* stride starting here, deg */
    double obl_exc;      /* obliquity excursion during this step's stance, deg */
    double ml_mean;      /* mean ML acceleration over the stance (side evidence) */
} tk_stepx;

typedef struct tk_ctx {
    const sg_imu *rec;
    const sg_trunk_context *context; /* NULL: not matched for speed and grade */
    const sg_allocator *a;
    double fs;
    size_t n;
    double *fv;          /* vertical specific force, g (unfiltered) */
    double *fvs;         /* fv low-passed at TK_LP_EVENTS_HZ */
    double *up[3];       /* unit gravity direction (sensor axes, pointing up) on a coarse
                            grid: sample i uses up[d][i / gstep] */
    size_t gstep;
    size_t *seg_end;     /* for each gap-free segment k: end index; seg_start[k] = prev end */
    size_t n_seg;
    sg_trunk_step *steps;
    tk_stepx *sx;
    size_t n_steps, cap_steps;
    double *scratch;     /* n_steps doubles for medians */
    double *wbuf;        /* window buffers: 3 * max window samples (+ decimated copies) */
    size_t wcap;
} tk_ctx;

/* Up direction at sample i (coarse grid, see tk_ctx.up). */
static inline double tk_up(const tk_ctx *c, int d, size_t i) { return c->up[d][i / c->gstep]; }

/* trunk_orient.c */
int sg_trunk_orient(tk_ctx *c, sg_err *err);
void sg_trunk_lowpass(const double *x, double *y, size_t n, double fs, double fc);

/* trunk_steps.c */
int sg_trunk_detect_steps(tk_ctx *c, sg_err *err);
/* Marks running steps and returns bouts as step index ranges [b0[i], b1[i]]. */
int sg_trunk_find_bouts(tk_ctx *c, size_t min_steps, size_t **b0, size_t **b1, size_t *nb,
                  sg_err *err);
double sg_trunk_walking(tk_ctx *c, size_t *walk_steps);

/* trunk_metrics.c */
/* Window pass over steps [k0, k1] (inclusive) of one bout: fills frame-based
 * metrics into *m (regularity, RMS ratio) and per-step values into c->sx. */
int sg_trunk_window(tk_ctx *c, size_t k0, size_t k1, sg_trunk_metrics *m, sg_err *err);
/* Step-based metrics over steps [k0, k1] plus duration-weighted means of the
 * window metrics wins[0..nw). */
void sg_trunk_aggregate(tk_ctx *c, size_t k0, size_t k1, const sg_trunk_metrics *wins, size_t nw,
                  sg_trunk_metrics *m);
void sg_trunk_metrics_nan(sg_trunk_metrics *m);
double sg_trunk_median(double *v, size_t n);
double sg_trunk_quantile(double *v, size_t n, double q);

/* trunk_fatigue.c */
void sg_trunk_fatigue_and_flags(tk_ctx *c, sg_trunk_result *r, const size_t *wk0, const size_t *wk1);

#endif
