#ifndef STRIDEGUARD_ACTIVITY_H
#define STRIDEGUARD_ACTIVITY_H
/* The activity model: what one recorded workout says, in SI units.
 *
 * Samples are columnar: one `double` array per channel, all of length n,
 * NaN where the file had no value. Laps and sessions are the totals the device
 * itself recorded (NaN where absent); analyses recompute their own numbers and
 * compare. Developer fields (Stryd, Connect IQ, ...) are extra columns, by name.
 *
 * Ownership: an sg_activity owns every array and string reachable from it; all
 * of it is released by one sg_activity_free(). Memory comes from the allocator
 * given to sg_activity_new() (NULL = malloc). Growth is bounded by
 * SG_ACTIVITY_MAX_SAMPLES. Not thread-safe; distinct activities are independent. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strideguard/alloc.h"
#include "strideguard/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Channels and their units. */
typedef enum sg_channel {
    SG_CH_TIME = 0,        /* s since 1970-01-01 UTC (see sg_activity.time_relative) */
    SG_CH_LAT,             /* degrees, WGS-84 */
    SG_CH_LON,             /* degrees, WGS-84 */
    SG_CH_DISTANCE,        /* m, cumulative as recorded by the device */
    SG_CH_ALTITUDE,        /* m above sea level (enhanced over legacy) */
    SG_CH_SPEED,           /* m/s (enhanced over legacy) */
    SG_CH_HEART_RATE,      /* beats/min */
    SG_CH_CADENCE,         /* steps/min for running (both feet); rpm for cycling */
    SG_CH_VERT_OSC,        /* m (vertical oscillation) */
    SG_CH_STANCE_TIME,     /* s (ground contact time) */
    SG_CH_STANCE_BALANCE,  /* % of ground contact time on the left foot */
    SG_CH_VERT_RATIO,      /* % (vertical oscillation / step length) */
    SG_CH_STEP_LENGTH,     /* m (one footfall; Garmin's "stride length") */
    SG_CH_POWER,           /* W */
    SG_CH_TEMPERATURE,     /* degrees C */
    SG_CH_COUNT
} sg_channel;

/* Stable lower-case name of a channel ("heart_rate"). Static string. */
const char *sg_channel_name(sg_channel ch);

typedef enum sg_sport {
    SG_SPORT_UNKNOWN = 0,
    SG_SPORT_RUNNING,
    SG_SPORT_CYCLING,
    SG_SPORT_WALKING,
    SG_SPORT_HIKING,
    SG_SPORT_SWIMMING,
    SG_SPORT_OTHER
} sg_sport;

typedef enum sg_sub_sport {
    SG_SUB_NONE = 0,
    SG_SUB_ROAD,
    SG_SUB_TRAIL,
    SG_SUB_TRACK,
    SG_SUB_TREADMILL,
    SG_SUB_INDOOR,
    SG_SUB_VIRTUAL,
    SG_SUB_OTHER
} sg_sub_sport;

/* Stable lower-case names ("running", "treadmill"); parse returns UNKNOWN/NONE
 * for names it does not know. */
const char *sg_sport_name(sg_sport s);
const char *sg_sub_sport_name(sg_sub_sport s);
sg_sport sg_sport_parse(const char *name);
/* Running, walking or hiking: the sports whose distance is covered on foot
 * (the one definition; load also counts a file without a sport, see
 * sg_load_on_foot in strideguard/load.h). */
bool sg_sport_on_foot(sg_sport s);

/* Where the altitude column came from, for the choice of smoothing and
 * hysteresis (barometric 3 m, GPS 10 m; docs/science.md). */
typedef enum sg_alt_source {
    SG_ALT_UNKNOWN = 0,
    SG_ALT_BAROMETRIC,
    SG_ALT_GPS,
    SG_ALT_CORRECTED       /* replaced from an elevation model by a service */
} sg_alt_source;

/* Totals as recorded by the device for one lap or session; NaN when absent. */
typedef struct sg_totals {
    double start_time;       /* s since epoch */
    double elapsed_s;        /* total_elapsed_time */
    double timer_s;          /* total_timer_time (moving/recording time) */
    double distance_m;
    double ascent_m;
    double descent_m;
    double avg_hr, max_hr;   /* bpm */
    double avg_cadence;      /* steps/min for running */
    double avg_speed;        /* m/s */
    double calories;         /* kcal */
} sg_totals;

typedef struct sg_session {
    sg_totals totals;
    sg_sport sport;
    sg_sub_sport sub_sport;
    int fit_sport, fit_sub_sport; /* raw FIT enum values, -1 when unknown */
} sg_session;

typedef struct sg_device {
    char *manufacturer;      /* "garmin"; NULL when unknown */
    char *product;           /* "fenix2" or a number as text; NULL when unknown */
    char *serial;            /* decimal text; NULL when unknown */
    char *software;          /* "12.30"; NULL when unknown */
    int manufacturer_id;     /* FIT manufacturer number, -1 when unknown */
    int product_id;          /* FIT product number, -1 when unknown */
} sg_device;

/* A developer (or other extra) column, by name. */
typedef struct sg_devfield {
    char *name;              /* as the file names it ("Power", "Form Power") */
    char *units;             /* may be NULL */
    char *app_id;            /* developer application id as hex, may be NULL */
    double *v;               /* n values, NaN where absent */
} sg_devfield;

/* A raw sensor stream stored in the file (FIT accelerometer_data /
 * gyroscope_data). Uniform rate not guaranteed; t in s since epoch. */
typedef struct sg_raw_motion {
    size_t n, cap;
    double *t;
    double *x, *y, *z;       /* m/s^2 for accelerometer, rad/s for gyroscope */
} sg_raw_motion;

/* A start or stop of the device's timer (FIT event message, event timer).
 * Between a stop and the next start the device was paused: no time of that
 * stretch is moving time, and no sample stands for it (docs/formats.md
 * "Pauses"). */
typedef struct sg_timer_event {
    double t;                /* s, same clock as SG_CH_TIME */
    bool running;            /* true = start, false = stop / stop_all */
} sg_timer_event;

/* Recording gaps without timer events: a stretch between two samples
 * longer than this is a pause when nothing moved across it (docs/formats.md
 * "Pauses"). */
#define SG_PAUSE_GAP_S 10.0

#define SG_ACTIVITY_MAX_SAMPLES ((size_t)20 * 1000 * 1000)
#define SG_ACTIVITY_MAX_DEVFIELDS 256

typedef struct sg_activity {
    size_t n;                         /* samples */
    size_t cap;                       /* allocated samples per column */
    double *ch[SG_CH_COUNT];          /* columns; NULL when the channel never had a value */

    size_t n_dev;
    sg_devfield *dev;                 /* n_dev extra columns */

    size_t n_laps;
    sg_totals *laps;
    size_t n_sessions;
    sg_session *sessions;

    sg_sport sport;                   /* of the (first) session, or from the file */
    sg_sub_sport sub_sport;
    sg_device device;
    sg_alt_source alt_source;
    bool time_relative;               /* times are device-uptime seconds, not UTC */
    char *name;                       /* activity name when the file has one */
    char *source_format;              /* "fit", "gpx", "tcx" */

    sg_raw_motion accel, gyro;        /* empty (n == 0) when the file had none */

    size_t n_timer;                   /* timer starts/stops in file order; 0 when the */
    sg_timer_event *timer;            /* file had none (GPX, TCX, most simple FIT)  */

    const sg_allocator *alloc;        /* never NULL after sg_activity_new */
} sg_activity;

/* Creates an empty activity. `a` may be NULL (default allocator); it must
 * outlive the activity. Returns NULL on allocation failure. */
sg_activity *sg_activity_new(const sg_allocator *a);

/* Frees the activity and everything it owns. NULL is a no-op. */
void sg_activity_free(sg_activity *act);

/* Appends one sample with every channel NaN and returns its index in *idx.
 * Fails with SG_ENOMEM or SG_ELIMIT (more than SG_ACTIVITY_MAX_SAMPLES);
 * on failure the activity is unchanged. */
int sg_activity_append(sg_activity *act, size_t *idx, sg_err *err);

/* Sets channel ch of sample idx (< n), creating the column (NaN-filled) on
 * first use. Fails only with SG_ENOMEM. */
int sg_activity_set(sg_activity *act, sg_channel ch, size_t idx, double v, sg_err *err);

/* Value or NaN when the column does not exist. idx must be < n. */
double sg_activity_get(const sg_activity *act, sg_channel ch, size_t idx);

/* True when the column exists and holds at least one non-NaN value. */
bool sg_activity_has(const sg_activity *act, sg_channel ch);

/* Finds or creates the developer column `name` (NaN-filled); returns its
 * index in *out. units/app_id may be NULL. SG_ELIMIT past
 * SG_ACTIVITY_MAX_DEVFIELDS. */
int sg_activity_devfield(sg_activity *act, const char *name, const char *units,
                         const char *app_id, size_t *out, sg_err *err);

/* Appends a lap / session (copied). */
int sg_activity_add_lap(sg_activity *act, const sg_totals *lap, sg_err *err);
int sg_activity_add_session(sg_activity *act, const sg_session *s, sg_err *err);

/* Appends a raw motion sample to act->accel or act->gyro (pass the member). */
int sg_activity_add_motion(sg_activity *act, sg_raw_motion *m, double t, double x,
                           double y, double z, sg_err *err);

/* Appends a timer start (running) or stop. Fails only with SG_ENOMEM or
 * SG_ELIMIT (more than SG_ACTIVITY_MAX_SAMPLES events). */
int sg_activity_add_timer(sg_activity *act, double t, bool running, sg_err *err);

/* Seconds of (t0, t1] during which the device's timer was stopped, from the
 * timer events (0 when the activity has none; a stop without a later start
 * lasts to the end). t0 <= t1. */
double sg_activity_stopped_s(const sg_activity *act, double t0, double t1);

/* Replaces a string member (e.g. &act->name) with a copy of s (NULL clears). */
int sg_activity_set_string(sg_activity *act, char **member, const char *s, sg_err *err);

/* Totals initialised to NaN everywhere. */
void sg_totals_init(sg_totals *t);

/* First and last non-NaN time; NaN when there is none. */
double sg_activity_start_time(const sg_activity *act);
double sg_activity_end_time(const sg_activity *act);

/* Faster than this (m/s) is a GPS or sensor spike, not running [D]
 * (docs/science.md); the run analysis' spike limit. */
#define SG_ACTIVITY_VMAX 12.0

/* Whether a recording's first cumulative distance, first_m, reached
 * since_s seconds after its first sample, is distance covered (cumulative
 * distance counts from the start of the recording; docs/formats.md "Start
 * distance") rather than a carried-over odometer: positive and no faster
 * than SG_ACTIVITY_VMAX over at least 10 s. Pure; no errors. */
bool sg_activity_start_distance_counts(double first_m, double since_s);

#ifdef __cplusplus
}
#endif
#endif
