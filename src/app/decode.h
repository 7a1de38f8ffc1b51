#ifndef SG_APP_DECODE_H
#define SG_APP_DECODE_H
/* The `decode` use cases: what a FIT file says, as typed results for
 * render/decode_render.h (the command prints nothing of its own).
 *
 *   sg_app_decode_records  the interop view: every record message in FIT
 *                          profile units (the file's own fields and units,
 *                          which the activity model has already converted),
 *                          then the message counts
 *   sg_app_decode_summary  the activity plus the decoder's report, the
 *                          message counts and the FIT names of the sessions'
 *                          sports
 *   sg_app_decode_stats    decodes files into the activity model, timing the
 *                          decoder (what bench/ measures)
 *
 * Damage after some records is not an error of the call: what was decoded is
 * handed out and the damage is reported beside it. */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/activity.h"
#include "strideguard/err.h"

/* ---- message counts ---- */

typedef struct sg_app_fit_count {
    char name[24];          /* the FIT profile's name, else "unknown_<number>" */
    size_t count;
} sg_app_fit_count;

typedef struct sg_app_fit_counts {
    sg_app_fit_count *v;    /* in the decoder's order (first seen first) */
    size_t n;
} sg_app_fit_counts;

/* Frees c's array and empties it (c itself is the caller's). */
void sg_app_fit_counts_free(sg_app_fit_counts *c);

/* ---- the interop view ---- */

/* A record's columns, in this order (FIT profile units; NaN = absent). */
enum {
    SG_APP_FIT_LAT_DEG, SG_APP_FIT_LON_DEG, SG_APP_FIT_DISTANCE_M, SG_APP_FIT_ALTITUDE_M,
    SG_APP_FIT_SPEED_MPS, SG_APP_FIT_HEART_RATE, SG_APP_FIT_CADENCE,
    SG_APP_FIT_FRACTIONAL_CADENCE, SG_APP_FIT_VERTICAL_OSCILLATION_MM,
    SG_APP_FIT_STANCE_TIME_MS, SG_APP_FIT_STANCE_TIME_BALANCE_PCT,
    SG_APP_FIT_VERTICAL_RATIO_PCT, SG_APP_FIT_STEP_LENGTH_MM,
    SG_APP_FIT_COLS
};

/* A developer field's value as the file holds it. */
typedef enum sg_app_fit_kind {
    SG_APP_FIT_INVALID,     /* the field's invalid value */
    SG_APP_FIT_TEXT,        /* text */
    SG_APP_FIT_BYTES,       /* v[0..n): bytes */
    SG_APP_FIT_NUM,         /* v[0] (NaN: invalid) */
    SG_APP_FIT_NUMS         /* v[0..n) (NaN: an invalid element) */
} sg_app_fit_kind;

#define SG_APP_FIT_VALUES 255  /* a field holds at most 255 bytes */

typedef struct sg_app_fit_dev {
    const char *name;       /* the description's name, unique in the file */
    sg_app_fit_kind kind;
    size_t n;
    double v[SG_APP_FIT_VALUES];
    char text[256];
} sg_app_fit_dev;

/* One record message; everything borrowed for the callback. */
typedef struct sg_app_fit_record {
    size_t index;           /* 0, 1, ... */
    double time;            /* FIT date_time; NaN: none */
    bool time_relative;     /* time is device-relative seconds, not a date */
    double unix_time;       /* the date as Unix seconds (when not relative) */
    double col[SG_APP_FIT_COLS];
    const sg_app_fit_dev *dev;   /* the message's developer fields */
    size_t n_dev;
} sg_app_fit_record;

typedef int (*sg_app_fit_record_fn)(void *ctx, const sg_app_fit_record *r);

/* Walks the FIT file in buf, calling fn for each record message (fn's
 * non-zero return stops the walk and is returned). *records counts them,
 * *counts (caller frees: sg_app_fit_counts_free) the messages of each type.
 * Errors: SG_EFORMAT (not a FIT file), the decoder's (SG_ECRC, SG_ETRUNC,
 * ...; with the byte offset), SG_ENOMEM; the counts and records are filled
 * for what came before the damage. */
int sg_app_decode_records(const unsigned char *buf, size_t len, sg_app_fit_record_fn fn,
                          void *ctx, size_t *records, sg_app_fit_counts *counts, sg_err *err);

/* ---- the summary ---- */

typedef struct sg_app_decode_summary {
    sg_activity *act;
    size_t sections;        /* chained FIT files */
    size_t errors;          /* damage after some records (0: clean) */
    sg_err first_error;
    double late_session_s;  /* records past the session's end; 0 none */
    bool have_counts;       /* counts could be taken (else out of memory) */
    sg_app_fit_counts counts;
    const char **session_sport, **session_sub_sport;  /* FIT names per session; NULL unknown */
} sg_app_decode_summary;

/* Decodes buf into out (release with sg_app_decode_summary_free). Errors: the
 * decoder's when nothing usable was found, SG_ENOMEM. */
int sg_app_decode_summary_of(const unsigned char *buf, size_t len, sg_app_decode_summary *out,
                             sg_err *err);
void sg_app_decode_summary_free(sg_app_decode_summary *s);

/* ---- --stats ---- */

/* One file of the first pass. */
typedef struct sg_app_decode_stat {
    const char *file;
    size_t bytes, records, messages, errors;
    int rc;                 /* SG_OK, else why it could not be read or decoded */
    const sg_err *err;      /* rc's error, else the first damage when errors > 0 */
} sg_app_decode_stat;

typedef struct sg_app_decode_totals {
    size_t files, bytes, records;
    double decode_s;        /* CPU seconds decoding, first pass */
    double warm_decode_s;   /* the fastest later pass; NaN when repeat is 1 */
    bool failed;            /* some file failed or was damaged */
} sg_app_decode_totals;

/* Reads and decodes each of files[0..n) `repeat` times in this process,
 * timing only the decoder (CPU time); fn (may be NULL) sees each file of the
 * first pass. Never fails as a whole: a file's failure is in its stat. */
void sg_app_decode_stats(char *const *files, size_t n, int repeat,
                         void (*fn)(void *ctx, const sg_app_decode_stat *s), void *ctx,
                         sg_app_decode_totals *out);

#endif
