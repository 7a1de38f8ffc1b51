#ifndef SG_APP_LOAD_H
#define SG_APP_LOAD_H
/* The training-load use case: the store's activities, the athlete profile
 * and the journal's RPE entries -> sg_load_analyze() -> a result for the
 * `load` and `race` commands and the dashboard.
 *
 * Per activity, load needs a handful of numbers (sg_run_summary) that cost a
 * blob decode and a run analysis to get. They are kept in the store's
 * analysis cache (name SG_APP_LOAD_CACHE_NAME, version
 * sg_app_load_cache_version()), so a warm `load` reads ~3,000 small JSON
 * objects instead of decoding ~3,000 runs: all of them in one statement
 * (sg_store_cache_get_all), read by a reader of exactly the form
 * sg_app_load_inputs_to_json writes (jansson for anything else).
 *
 * TRIMP depends on the athlete's resting/maximum heart rate and sex, which
 * change (and HRmax may be estimated from the data, so it moves when a new
 * peak is recorded). The cache therefore holds no TRIMP: it holds the run's
 * TRIMP-relevant time at each heart rate (a 1-bpm histogram), and TRIMP is
 * evaluated from it on every call for the current settings. Nothing needs
 * invalidating when the profile changes, and the result equals
 * sg_trimp_activity() exactly for integer heart rates (FIT stores bpm as
 * integers) and within a fraction of a percent otherwise.
 *
 * No clock is read here: "today" is a parameter (the CLI reads the clock). */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/err.h"
#include "strideguard/load.h"
#include "strideguard/store.h"

#define SG_APP_LOAD_CACHE_NAME "load_inputs"
/* Bump when anything in the cached inputs may change; the cache version also
 * folds in SG_RUN_ALGORITHM_VERSION (impact and descent come from it). */
#define SG_APP_LOAD_INPUTS_VERSION 1
int sg_app_load_cache_version(void);

/* Resting heart rate assumed when the profile has none; equals the analysis'
 * default (docs/science.md §7.3; tests/test_app_load.c keeps them in step). */
#define SG_APP_LOAD_HR_REST_DEFAULT 60.0

/* Heart-rate histogram: sg_trimp_hr_histogram's 1-bpm bins over 30..240 bpm. */
#define SG_APP_LOAD_HR_LO SG_TRIMP_HR_LO
#define SG_APP_LOAD_HR_BINS SG_TRIMP_HR_BINS

/* What load needs from one stored activity, independent of the athlete. */
typedef struct sg_app_load_inputs {
    sg_run_summary s;            /* trimp and srpe NaN; device NULL (see below) */
    char device[96];             /* product name, "" when unknown */
    bool from_listing;           /* samples unreadable: listing columns only */
    /* Seconds counted by TRIMP at each rounded heart rate, and the
     * time-weighted mean heart rate of those seconds. */
    double hr_s[SG_APP_LOAD_HR_BINS];
    double hr_mean[SG_APP_LOAD_HR_BINS];
} sg_app_load_inputs;

/* Computes the inputs of one decoded activity: sg_load_summary_from_activity
 * for times, distance and HR peak; for on-foot sports sg_run_analyze for the
 * impact-weighted km and ascent/descent (the device's totals when the
 * analysis has no altitude); the heart-rate histogram. A run the analysis
 * cannot use (too few samples) is not an error: its impact stays NaN.
 * Errors: SG_EUSAGE (NULL), SG_ENOMEM. */
int sg_app_load_inputs_compute(const sg_activity *act, long long id, sg_app_load_inputs *in,
                               sg_err *err);

/* Banister TRIMP of the inputs for the given context; NaN without heart-rate
 * time or when hr_max <= hr_rest (as sg_trimp_activity). */
double sg_app_load_trimp(const sg_app_load_inputs *in, double hr_rest, double hr_max, sg_sex sex);

/* The cache form (one JSON object, numbers round-trip exactly). *json is
 * malloc()ed (free()). SG_ENOMEM. */
int sg_app_load_inputs_to_json(const sg_app_load_inputs *in, char **json, sg_err *err);
/* Parses the cache form; the id is not in the JSON and is set from `id`.
 * SG_EFORMAT when the text is not what to_json writes. */
int sg_app_load_inputs_from_json(const char *json, long long id, sg_app_load_inputs *in,
                                 sg_err *err);

/* "today" for the analysis from a --today argument: NULL -> `now` (the
 * caller's clock); "YYYY-MM-DD" -> the last second of that UTC day, so runs
 * of that day count and later ones are "future". SG_EUSAGE with the text in
 * the message on anything else. */
int sg_app_load_today(const char *arg, double now, double *today, sg_err *err);

typedef struct sg_app_load_opts {
    double today;               /* s since epoch UTC (required): the analysis' "now" */
    double now;                 /* the clock (NaN = today). With a what-if today in the
                                 * past, activities between today and now are simply
                                 * not there yet; only those after `now` are clock
                                 * errors ("future") */
    int weeks;                  /* window shown; 0 = 16 */
    sg_load_metric metric;      /* 0 = auto */
    double race_date;           /* s since epoch; NaN = the profile's */
    const char *course_path;    /* NULL = the profile's course */
    bool no_cache;              /* recompute every activity; neither read nor write the cache */
} sg_app_load_opts;

void sg_app_load_opts_init(sg_app_load_opts *o, double today);

typedef struct sg_app_load_stats {
    size_t activities;          /* stored activities considered */
    size_t from_cache;          /* inputs read from the cache */
    size_t computed;            /* inputs computed from the samples */
    size_t cache_written;       /* of those, stored in the cache */
    size_t unreadable;          /* samples did not decode: listing columns used */
    size_t after_today;         /* left out: after a what-if today, before now */
    size_t rpe_used;            /* RPE entries matched to a stored run */
    size_t rpe_ignored;         /* unreadable, out of range or for an unknown run */
    bool profile;               /* an athlete profile is stored */
    bool hr_max_estimated;      /* HRmax came from the data */
    double hr_max;              /* as used for TRIMP (NaN = none) */
    bool course;                /* a course was summarised */
    char course_path[512];      /* the course tried: its stored name or the path ("" = none) */
    char course_error[256];     /* why it could not be used ("" = no problem) */
} sg_app_load_stats;

/* Runs the whole use case. *out (free with sg_load_result_free) gets these
 * flags beside the analysis' own: `no_profile` (info), `hr_max_estimated`
 * (the analysis' code; HRmax estimated here because TRIMP needs it before
 * the analysis runs), `activities_unreadable` (info); and, in the race part,
 * `course_unreadable` (watch) when the course file cannot be read or decoded.
 * Cache writes that fail (read-only database) are skipped silently; the
 * result is the same. `stats` may be NULL.
 * Errors: SG_EUSAGE (NULL, non-finite today), the store's (SG_ESTORE for a
 * broken database), SG_EFORMAT (damaged athlete profile), SG_ENOMEM,
 * sg_load_analyze's. *out is NULL on error. */
int sg_app_load(sg_store *st, const sg_app_load_opts *o, const sg_allocator *a,
                sg_load_result **out, sg_app_load_stats *stats, sg_err *err);

#endif
