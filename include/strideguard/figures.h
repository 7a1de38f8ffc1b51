#ifndef STRIDEGUARD_FIGURES_H
#define STRIDEGUARD_FIGURES_H
/* The headline figures of an activity, computed one way for every view:
 * distance, moving time, ascent and descent, average heart rate.
 *
 * The stored summary (runs list, /api/runs), the run analysis (show, report,
 * /api/runs/ID), the load history and the race course all call these
 * functions, so a run's climb or moving time is one number wherever it is
 * shown. The device's own session totals are a different quantity ("device
 * total") and are never substituted for these. Methods and sources:
 * docs/science.md §2 "Elevation and moving time: one computation".
 *
 * Pure functions over caller-owned arrays; no allocation except in
 * sg_activity_figures (from the activity's allocator). Layer: model. */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/activity.h"
#include "strideguard/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Design choices [D], docs/science.md §2. */
#define SG_ELEV_HYST_BARO 1.0   /* m, after smoothing; calibrated on device totals */
#define SG_ELEV_HYST_GPS 10.0   /* m, Strava's non-barometric threshold [S] */
#define SG_ELEV_SMOOTH_S 5.0    /* s, half-width of the altitude moving average */
#define SG_ELEV_COURSE_MPS 3.0  /* m/s: a course without times is timed at this pace */
#define SG_MOTION_VMOVE 0.5     /* m/s: slower is a stop */
#define SG_MOTION_DT_CAP 10.0   /* s: one sample never stands for more (HR weighting) */

/* ---- sample selection --------------------------------------------------- */

/* Samples a computation keeps: a valid time strictly later than the last kept
 * one; in a multisport file (running and other sessions, all with start and
 * elapsed time) only samples inside the running sessions. */
typedef struct sg_kept {
    size_t n;                   /* kept samples */
    bool spans;                 /* only the running legs of a multisport file */
    size_t no_time, duplicate_time, time_backwards;  /* dropped, by cause */
} sg_kept;

/* Counts the kept samples into *k; when idx/t are non-NULL (k->n entries
 * each, so call once with NULL to size them) fills kept -> sample index and
 * time. legs: keep only the running legs of a multisport file (the run
 * analysis); false keeps the whole file (its listing). Never fails. */
void sg_activity_keep(const sg_activity *act, bool legs, sg_kept *k, size_t *idx, double *t);

/* ---- distance, speed and moving time ------------------------------------ */

/* Cleaned motion of the kept samples. The caller sets n, idx, t, spans and
 * the output columns (n entries each); sg_motion_clean fills them:
 *   d[k]      cumulative distance (m) from the device's distance column, else
 *             great-circle steps, else speed x time; backwards readings are
 *             re-anchored, steps faster than SG_ACTIVITY_VMAX replaced;
 *   v[k]      speed (m/s) at the sample, NaN unknown;
 *   moving[k] interval k-1..k counted as moving (k >= 1);
 *   rdt[k]    seconds of that interval with the timer running, 0 for a pause
 *             (timer stopped, or a recording gap across which nothing moved);
 *   mt[k]     cumulative moving time (s). */
typedef struct sg_motion {
    size_t n;
    const size_t *idx;
    const double *t;
    bool spans;
    double *d, *v, *rdt, *mt;
    unsigned char *moving;
    /* results */
    bool have_distance;         /* d[] is meaningful */
    bool no_gps;                /* fewer than two position fixes */
    size_t distance_backwards, speed_spikes;  /* repairs */
} sg_motion;

void sg_motion_clean(const sg_activity *act, sg_motion *m);

/* Time-weighted mean heart rate over the moving intervals (each weighted by
 * min(rdt, SG_MOTION_DT_CAP)), ignoring values outside 40..230 bpm. NaN when
 * none. */
double sg_motion_avg_hr(const sg_activity *act, const sg_motion *m);

/* True when the run was indoors: the watch says treadmill/indoor, or there is
 * motion but no position. Altitude then measures the building, not a climb. */
bool sg_motion_indoor(const sg_activity *act, const sg_motion *m);

/* ---- elevation ----------------------------------------------------------- */

typedef struct sg_elevation {
    sg_alt_source source;       /* resolved: BAROMETRIC, CORRECTED or GPS */
    double hysteresis_m;
    double ascent_m, descent_m; /* NaN when no altitude */
    double min_m, max_m;
    size_t gaps, steps, outliers;  /* repairs made */
} sg_elevation;

/* The one elevation pipeline: altitude src[idx[k]] (idx NULL = k) at strictly
 * increasing times t[0..n): gaps filled linearly, the source classified when
 * not labelled barometric/corrected (GPS when positions exist and the trace
 * is rough), impossible steps and outliers repaired, a centred
 * +-SG_ELEV_SMOOTH_S moving average, then ascent/descent by a hysteresis of
 * SG_ELEV_HYST_BARO (barometric, corrected) or SG_ELEV_HYST_GPS. alt[] gets
 * the cleaned profile, scratch[] is n doubles of work space. Returns false
 * (e->ascent_m etc. NaN) when fewer than two altitudes are known. */
bool sg_elevation_profile(const double *src, const size_t *idx, const double *t, size_t n,
                          sg_alt_source label, bool has_position, double *alt, double *scratch,
                          sg_elevation *e);

/* Building blocks of the pipeline, exposed for tests. */
/* GoldenCheetah hysteresis, both ways: returns ascent, *descent the loss. */
double sg_elev_hysteresis(const double *alt, size_t n, double h, double *descent);
/* 5-point median outlier repair from in to out; returns the number replaced. */
size_t sg_elev_median_repair(const double *in, double *out, size_t n, double thr);
/* Removes jumps > min_jump (m) and faster than vz (m/s) by shifting the rest. */
size_t sg_elev_step_repair(double *alt, const double *t, size_t n, double min_jump, double vz);
/* Centred moving average over +-half_s seconds of t. */
void sg_elev_smooth(const double *in, const double *t, size_t n, double half_s, double *out);
/* Median absolute second difference (m); scratch n doubles. */
double sg_elev_roughness(const double *alt, size_t n, double *scratch);

/* ---- sessions written too early ------------------------------------------ */

/* docs/formats.md "Late sessions": some watches (Suunto Ambit 3) write the
 * session message before the final lap, so its totals stop short of the
 * records. Tolerance: the session's times are whole seconds and a device may
 * log a few records between the stop and the save; a minute covers that, and
 * a missing final lap is longer. A record more than a day past the session is
 * a corrupt timestamp, not a late session. */
#define SG_LATE_SESSION_TOL_S 60.0
#define SG_LATE_SESSION_MAX_S 86400.0

/* Seconds by which the last record runs past the end of the activity's
 * sessions (the latest start + max(elapsed, timer)) when that is more than
 * SG_LATE_SESSION_TOL_S and at most SG_LATE_SESSION_MAX_S; 0 otherwise, and
 * without sessions. The figures come from the records anyway; the stored
 * summary then also takes its elapsed time from them. Pure. */
double sg_activity_late_session_s(const sg_activity *act);

/* ---- all of it ------------------------------------------------------------ */

typedef struct sg_figures {
    size_t samples;             /* kept samples; < 2 leaves everything NaN */
    double elapsed_s;           /* last kept time - first */
    double distance_m;          /* NaN without distance, positions or speed */
    double moving_time_s;
    double ascent_m, descent_m; /* NaN without altitude, or indoors */
    double avg_hr;
    sg_alt_source alt_source;
    double hysteresis_m;
} sg_figures;

/* Computes the figures as the run analysis does. legs: of a multisport file
 * only the running legs, as the run analysis (false: the whole file, for its
 * listing; the same for any other file). SG_ENOMEM when the work arrays
 * cannot be allocated (then *f is all NaN). */
int sg_activity_figures(const sg_activity *act, bool legs, sg_figures *f, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
