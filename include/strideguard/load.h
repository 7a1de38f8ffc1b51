#ifndef STRIDEGUARD_LOAD_H
#define STRIDEGUARD_LOAD_H
/* Training load: daily series, weekly totals, single-session spikes,
 * fitness/fatigue/form, EWMA acute:chronic ratio, taper and race readiness.
 *
 * Pure analysis (no I/O, no clock): the caller passes one summary per
 * activity and "today"; everything else follows deterministically. Formulas,
 * constants and their sources are in docs/science.md §7.
 *
 * Conventions (docs/science.md §7 says why):
 *   - a day is a UTC calendar day, numbered as days since 1970-01-01;
 *     an activity's whole load goes to the day it started;
 *   - weeks start on Monday (UTC);
 *   - NaN means "not computable / unknown" and is written as null in JSON.
 *
 * Ownership: sg_load_analyze() returns a result that owns all its arrays; free
 * it with sg_load_result_free(). Strings inside the inputs are only read
 * during the call. Thread-safe for distinct results. */

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

/* ---- input ------------------------------------------------------------ */

/* What the load analysis needs to know about one activity. Unknown = NaN. */
typedef struct sg_run_summary {
    int64_t activity_id;
    double start;               /* s since 1970-01-01 UTC */
    sg_sport sport;
    double distance_m;
    double moving_time_s;       /* timer/moving time; NaN = unknown */
    double duration_s;          /* elapsed; used for overlap (duplicates) */
    double ascent_m, descent_m;
    double impact_weighted_km;  /* from the terrain analysis; NaN = unknown */
    double trimp;               /* sg_trimp_activity(); NaN = no heart rate */
    double srpe;                /* session RPE, CR-10 (0..10); NaN = not logged */
    double hr_peak;             /* sg_trimp_hr_peak(); NaN = no heart rate */
    const char *device;         /* "garmin fenix2"; may be NULL; not owned */
} sg_run_summary;

/* Initialises every number to NaN, sport to UNKNOWN, id 0, device NULL. */
void sg_run_summary_init(sg_run_summary *r);

/* Fills a summary from a decoded activity: start, sport, distance, times,
 * ascent/descent from the first session's device totals (falling back to the
 * sample columns for start, distance and duration), TRIMP with the given
 * heart-rate context, and the HR peak. impact_weighted_km and srpe stay NaN
 * (terrain analysis and the journal fill them). A device-uptime clock
 * (time_relative) gives a NaN start, which sg_load_analyze excludes.
 * out->device points into act (valid while act lives). act may be NULL. */
void sg_load_summary_from_activity(const sg_activity *act, int64_t id, double hr_rest,
                                   double hr_max, sg_sex sex, sg_run_summary *out);

/* The daily load that drives monotony, fitness/fatigue and ACWR. The
 * absolute numbers of different metrics are not comparable. */
typedef enum sg_load_metric {
    SG_LOAD_AUTO = 0,      /* TRIMP if >= 70 % of activities have it, else
                              sRPE if >= 70 % have it, else distance */
    SG_LOAD_TRIMP,         /* Banister TRIMP (a.u.) */
    SG_LOAD_SRPE,          /* RPE x minutes (a.u.) */
    SG_LOAD_DISTANCE,      /* on-foot km */
    SG_LOAD_TIME           /* minutes of any activity */
} sg_load_metric;
const char *sg_load_metric_name(sg_load_metric m);  /* "trimp", ... static */

/* A race course reduced to what readiness needs (sg_course_summarize). */
typedef struct sg_course {
    bool has_track;             /* lat/lon or distance present */
    bool has_elevation;         /* an altitude column with >= 2 values */
    size_t points;
    double hysteresis_m;        /* the threshold used (strideguard/figures.h: as for runs) */
    double distance_m;          /* NaN without a track */
    double ascent_m, descent_m; /* NaN without elevation */
    /* longest descent = largest drop between two hysteresis turning points */
    double max_descent_segment_m, max_descent_segment_len_m, max_descent_segment_grade_pct;
    /* steepest descent = steepest mean grade among descents of >= 200 m length */
    double steepest_descent_grade_pct, steepest_descent_drop_m, steepest_descent_len_m;
} sg_course;

/* Summarises a course (a GPX/FIT/TCX route or a past race as an activity).
 * A course without elevation or without a track is not an error: the
 * matching fields are NaN and has_* false. Ascent and descent are the
 * runs' own computation (strideguard/figures.h). Fails with SG_EUSAGE (NULL
 * arguments) or SG_ENOMEM (work arrays from the activity's allocator). */
int sg_course_summarize(const sg_activity *course, sg_course *out, sg_err *err);

typedef struct sg_load_opts {
    double today;               /* s since epoch UTC, required (no clock) */
    int weeks;                  /* weeks shown by renderers; 0 = 16 */
    sg_load_metric metric;      /* 0 = AUTO */
    const sg_athlete *athlete;  /* may be NULL (defaults, with warnings) */
    double race_date;           /* s since epoch; NaN = athlete->race_date */
    const sg_course *course;    /* may be NULL */
} sg_load_opts;

/* Sets today, NaN race_date, everything else 0/NULL. */
void sg_load_opts_init(sg_load_opts *o, double today);

/* ---- results ---------------------------------------------------------- */

typedef struct sg_load_day {
    int32_t day;                /* days since 1970-01-01 UTC */
    double distance_m, time_s;  /* on-foot distance; moving time of all sports */
    double ascent_m, descent_m; /* on-foot */
    double longest_run_m;       /* longest single on-foot activity (0 = none) */
    double impact_weighted_km;  /* NaN when no activity that day had it */
    double trimp;               /* NaN when no activity that day had it */
    double srpe_load;           /* NaN when none logged */
    double load;                /* in result->metric (gaps: 0, see `gap`) */
    int activities;
    bool gap;                   /* probably unrecorded, not rest (science §7.2) */
    double ewma_acute, ewma_chronic, acwr;  /* acwr NaN when chronic window has a gap */
    double ctl, atl, tsb;       /* tsb = form coming into the day */
} sg_load_day;

typedef struct sg_load_week {
    int32_t week_start;         /* a Monday */
    double distance_m, time_s, ascent_m, descent_m, load;
    double change_pct;          /* distance vs previous week; NaN when not comparable */
    double monotony, strain;    /* Foster 1998; NaN for partial/gap weeks, SD 0 */
    double longest_run_m;
    int activities, gap_days, days;  /* days = days of the week inside the series */
    bool partial;               /* fewer than 7 days in the series (start or current week) */
} sg_load_week;

/* Ordered so that `>= SG_SPIKE_SMALL` means "one of Frandsen's spike
 * categories"; RETURN sits below it because it has no percentage. */
typedef enum sg_spike_cat {
    SG_SPIKE_NO_BASELINE = 0,   /* the first run: nothing before it at all */
    SG_SPIKE_RETURN,            /* return from a break: no run in the previous 30
                                   days, but earlier runs (docs/science.md §7.7) */
    SG_SPIKE_NONE,              /* <= 10 % (reference) */
    SG_SPIKE_SMALL,             /* > 10 .. 30 % */
    SG_SPIKE_MODERATE,          /* > 30 .. 100 % */
    SG_SPIKE_LARGE              /* > 100 % */
} sg_spike_cat;
/* "no_baseline", "return_from_break", "none", "small", "moderate", "large".
 * Static. */
const char *sg_spike_category_name(sg_spike_cat c);
/* Category of a spike percentage (NaN -> NO_BASELINE; never RETURN, which
 * depends on the runs before, not on a percentage). */
sg_spike_cat sg_spike_categorize(double spike_pct);
/* Frandsen 2025 hazard rate ratio and 95 % CI for a category (NaN for
 * NO_BASELINE and RETURN, which the study did not grade). lo/hi may be NULL. */
double sg_spike_hazard_ratio(sg_spike_cat c, double *lo, double *hi);

typedef struct sg_load_spike {
    int64_t activity_id;
    int32_t day;
    double start, distance_m;
    double longest30_m;         /* NaN = no baseline */
    double spike_pct;           /* 100 (d / longest30 - 1); NaN = no baseline */
    sg_spike_cat category;
    bool baseline_gap;          /* the 30-day window overlaps a data gap */
    int32_t days_without_run;   /* calendar days between the previous on-foot run's
                                   day and this run's day, both excluded; -1 = no
                                   earlier run */
} sg_load_spike;

typedef enum sg_excl_reason { SG_EXCL_BEFORE_2000 = 1, SG_EXCL_FUTURE, SG_EXCL_INVALID } sg_excl_reason;
const char *sg_excl_reason_name(sg_excl_reason r);  /* "clock_before_2000", "future", "invalid" */

typedef struct sg_load_excluded {
    int64_t activity_id;
    double start;
    sg_excl_reason reason;
} sg_load_excluded;

typedef struct sg_load_duplicate {
    int64_t kept_id, dropped_id;
    double overlap_s;
} sg_load_duplicate;

enum { SG_FLAG_INFO = 0, SG_FLAG_WATCH = 1 };

typedef struct sg_load_flag {
    char code[40];              /* stable, snake_case (docs/cli.md) */
    int severity;               /* SG_FLAG_INFO / SG_FLAG_WATCH */
    char msg[400];              /* one or two sentences for people */
} sg_load_flag;

#define SG_LOAD_MAX_FLAGS 32

/* Appends a flag (silently drops past SG_LOAD_MAX_FLAGS): the one flag writer
 * of the analysis and of the load use case (src/app/load.c). */
void sg_flag_add(sg_load_flag *flags, size_t *n, const char *code, int severity,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define SG_RACE_MAX_PROGRESSION 12

typedef struct sg_race_step {
    int32_t week_start;         /* Monday of the week */
    double descent_m;           /* suggested largest single-run descent that week */
} sg_race_step;

typedef struct sg_race_result {
    int32_t race_day;
    int days_to_race;           /* race_day - today (negative = past) */
    double weeks_to_race;       /* days_to_race / 7 */
    bool has_course;
    sg_course course;
    /* what training prepared, over the 8 weeks before today */
    double max_run_descent_m;   /* largest single-run descent */
    double max_week_descent_m;  /* largest descent in any 7 consecutive days */
    /* taper (science §7.6); 7-day blocks counted back from race day */
    double longest_run_m;       /* of the 12 weeks before the race (up to today) */
    int32_t longest_run_day;
    int longest_run_days_out;   /* race_day - longest_run_day */
    int peak_block;             /* 0 = race week, 1 = the week before, ...; -1 none */
    double peak_block_m;
    double pre_taper_weekly_m;  /* mean of blocks 2..4 */
    double taper_weekly_m;      /* blocks 0..1 so far, as a weekly rate */
    double taper_reduction_pct; /* NaN until 7 taper days have passed */
    size_t n_progression;
    sg_race_step progression[SG_RACE_MAX_PROGRESSION];
    size_t n_flags;
    sg_load_flag flags[SG_LOAD_MAX_FLAGS];
} sg_race_result;

typedef struct sg_load_result {
    sg_load_metric metric;      /* the one used (never AUTO) */
    int32_t today_day;
    int32_t out_first_day;      /* first day renderers show (today - weeks) */
    double hr_rest, hr_max;     /* as used for TRIMP context */
    bool hr_rest_default, hr_max_estimated;
    int gap_threshold_days;     /* empty runs this long are gaps */

    size_t n_days;              /* first activity day .. today; 0 = no data */
    sg_load_day *days;
    size_t n_weeks;
    sg_load_week *weeks;
    size_t n_spikes;            /* one per on-foot run with a distance */
    sg_load_spike *spikes;
    size_t n_excluded;
    sg_load_excluded *excluded;
    size_t n_duplicates;
    sg_load_duplicate *duplicates;
    size_t n_used;              /* activities in the series */
    size_t n_imputed;           /* activities whose metric load was imputed */

    /* values on today (NaN when not computable) */
    double ewma_acute, ewma_chronic, acwr, ctl, atl, tsb;

    bool has_race;
    sg_race_result race;

    size_t n_flags;
    sg_load_flag flags[SG_LOAD_MAX_FLAGS];
    const sg_allocator *alloc;
} sg_load_result;

/* The fixed text on what the acute:chronic ratio can and cannot say. Static. */
const char *sg_load_acwr_limitations(void);

/* Analyses n summaries (any order; n may be 0). Clock-wrong activities are
 * excluded and listed; overlapping duplicates (two devices, one run) are
 * merged, keeping the richer record, and listed. Fails with SG_EUSAGE (NULL
 * or non-finite today), SG_ENOMEM, SG_ELIMIT (more than SG_LOAD_MAX_RUNS or a
 * history longer than SG_LOAD_MAX_DAYS). On failure *out is NULL. */
#define SG_LOAD_MAX_RUNS ((size_t)1000000)
#define SG_LOAD_MAX_DAYS 36600
int sg_load_analyze(const sg_run_summary *runs, size_t n, const sg_load_opts *opts,
                    const sg_allocator *a, sg_load_result **out, sg_err *err);

/* Frees a result. NULL is a no-op. */
void sg_load_result_free(sg_load_result *r);

/* ---- TRIMP and heart-rate helpers (trimp.c) --------------------------- */

/* Banister TRIMP weight per minute at heart-rate reserve fraction hrr:
 * hrr * a * e^(b hrr), a/b = 0.64/1.92 (men), 0.86/1.67 (women); unknown sex
 * uses the men's constants. */
double sg_trimp_per_minute(double hrr, sg_sex sex);

/* Banister TRIMP of an activity, summed per sample over its heart-rate column
 * with dt from its time column (each interval takes the heart rate at its
 * start; intervals longer than 20 s count as 20 s, so pauses do not count as
 * effort; HRr clamped to [0, 1]). NaN when the activity has no usable heart
 * rate or time, or hr_max <= hr_rest. */
double sg_trimp_activity(const sg_activity *act, double hr_rest, double hr_max, sg_sex sex);

/* The same TRIMP without the samples, for a store that keeps an activity's
 * heart rate as a histogram so that a new resting or maximum heart rate needs
 * no decoding: 1-bpm bins over the plausible range 30..240 bpm. */
#define SG_TRIMP_HR_LO 30
#define SG_TRIMP_HR_BINS 211

/* Fills hr_s[b] with the seconds sg_trimp_activity counts at heart rate
 * lround(hr) = SG_TRIMP_HR_LO + b (same intervals, same 20 s cap, same
 * plausible range) and hr_mean[b] with their time-weighted mean heart rate
 * (0 for an empty bin). All zero when the activity has no heart rate or time. */
void sg_trimp_hr_histogram(const sg_activity *act, double hr_s[SG_TRIMP_HR_BINS],
                           double hr_mean[SG_TRIMP_HR_BINS]);

/* Banister TRIMP from such a histogram, each bin at its mean heart rate
 * (equal to sg_trimp_activity to about 1e-9 relative). NaN when no bin has
 * time, or hr_max <= hr_rest. */
double sg_trimp_from_histogram(const double hr_s[SG_TRIMP_HR_BINS],
                               const double hr_mean[SG_TRIMP_HR_BINS], double hr_rest,
                               double hr_max, sg_sex sex);

/* On foot: running, walking or hiking (sg_sport_on_foot), or no sport at
 * all, since files without one are mostly runs (GPX). What load counts in
 * distance, ascent, descent and spikes, and what needs the run analysis. */
int sg_load_on_foot(sg_sport s);

/* The run's 99th percentile of plausible heart-rate samples (30..240 bpm),
 * which ignores brief optical-sensor spikes. NaN with fewer than 60 samples. */
double sg_trimp_hr_peak(const sg_activity *act);

/* Estimates HRmax from per-run peaks: the highest hr_peak (120..230 bpm)
 * among runs of the 365 days before today, or of all runs when fewer than 3
 * recent runs have one. Returns NaN when no run has a peak. *n_used (may be
 * NULL) gets the number of runs considered. */
double sg_load_estimate_hr_max(const sg_run_summary *runs, size_t n, double today,
                               size_t *n_used);

/* ---- dates ------------------------------------------------------------ */

/* Day number (days since 1970-01-01 UTC) of a time in s. */
int32_t sg_load_day_of(double t);
/* "YYYY-MM-DD" of a day number into buf (>= 11 bytes). Returns buf. */
char *sg_load_day_str(int32_t day, char *buf);
/* Monday on or before the day. */
int32_t sg_load_monday(int32_t day);

#ifdef __cplusplus
}
#endif
#endif
