#ifndef SG_FORMATS_FIT_STREAM_H
#define SG_FORMATS_FIT_STREAM_H
/* Low-level streaming FIT reader: one pass over a memory buffer, one callback
 * per data message, constant working memory (16 local definitions, the
 * developer field descriptions, message counters), no allocation per message
 * or per field. sg_fit_decode (the activity model) and `strideguard decode
 * --jsonl` (the interop view) are both callbacks on top of this.
 *
 * The format itself is described at the top of fit_decode.c.
 *
 * Ownership: an sg_fit_stream is created and freed by the caller; the views
 * handed to the callback (sg_fit_msg, sg_fit_view, sg_fit_devdesc) point into
 * the input buffer and the stream and are valid only during the callback.
 * Errors: see sg_fit_stream_run. Not thread-safe; distinct streams are
 * independent. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strideguard/alloc.h"
#include "strideguard/err.h"
#include "strideguard/fit.h"

#define SG_FIT_MAX_DEV_DESC 4096      /* field_description messages per file */
#define SG_FIT_DEV_NAME_MAX 64        /* bytes kept of a developer field name */
#define SG_FIT_DEV_UNITS_MAX 32

/* A field's bytes and how to read them. */
typedef struct sg_fit_view {
    const uint8_t *p;
    uint16_t size;          /* bytes */
    uint8_t base_type;      /* full id; BYTE when the size is not a multiple of the type */
    uint8_t big_endian;
} sg_fit_view;

/* Elements in the field (size / element size). */
size_t sg_fit_view_count(const sg_fit_view *v);
/* Element k as a number (no scale). False when it holds the base type's
 * invalid sentinel, is out of range, or the type is string/byte. */
bool sg_fit_view_num(const sg_fit_view *v, size_t k, double *out);
/* Element k as an unsigned/signed integer (bit pattern of the element,
 * sign-extended for signed types). False when invalid or not an integer. */
bool sg_fit_view_int(const sg_fit_view *v, size_t k, int64_t *out);
/* String field copied (NUL-terminated, truncated to cap-1); returns the length
 * (0 when invalid or not a string). */
size_t sg_fit_view_str(const sg_fit_view *v, char *buf, size_t cap);
/* True when every element is invalid (FIT's "field not set"). */
bool sg_fit_view_invalid(const sg_fit_view *v);

/* A developer field, as described by a field_description message. */
typedef struct sg_fit_devdesc {
    uint8_t dev_index;      /* developer_data_index */
    uint8_t num;            /* field_definition_number */
    uint8_t base_type;      /* fit_base_type_id */
    uint8_t has_app_id;     /* the developer_data_id carried an application_id */
    uint8_t app_id[16];
    double scale, offset;   /* NaN when the description gives none */
    int native_field;       /* native_field_num, -1 when none */
    char name[SG_FIT_DEV_NAME_MAX];   /* display name, unique in the file (see docs/formats.md) */
    char units[SG_FIT_DEV_UNITS_MAX];
} sg_fit_devdesc;

/* Record fields in FIT profile units (what the reference decodes print),
 * NaN when absent or invalid. Enhanced fields are filled from the legacy ones
 * and from compressed_speed_distance as the profile's components say. */
typedef enum sg_fit_rec {
    SG_FIT_R_TIMESTAMP = 0,          /* FIT date_time (s since FIT epoch or relative) */
    SG_FIT_R_LAT,                    /* degrees */
    SG_FIT_R_LON,                    /* degrees */
    SG_FIT_R_DISTANCE,               /* m */
    SG_FIT_R_ALTITUDE,               /* m (enhanced_altitude) */
    SG_FIT_R_SPEED,                  /* m/s (enhanced_speed) */
    SG_FIT_R_HEART_RATE,             /* bpm */
    SG_FIT_R_CADENCE,                /* rpm (strides/min for running) */
    SG_FIT_R_FRACTIONAL_CADENCE,     /* rpm */
    SG_FIT_R_VERTICAL_OSCILLATION,   /* mm */
    SG_FIT_R_STANCE_TIME,            /* ms */
    SG_FIT_R_STANCE_TIME_BALANCE,    /* % */
    SG_FIT_R_VERTICAL_RATIO,         /* % */
    SG_FIT_R_STEP_LENGTH,            /* mm */
    SG_FIT_R_POWER,                  /* W */
    SG_FIT_R_TEMPERATURE,            /* C */
    SG_FIT_R_ACCUMULATED_POWER,      /* W (accumulated, from compressed_accumulated_power) */
    SG_FIT_R_TOTAL_CYCLES,           /* cycles (accumulated, from cycles) */
    SG_FIT_R_COUNT
} sg_fit_rec;

typedef struct sg_fit_def sg_fit_def;
typedef struct sg_fit_stream sg_fit_stream;

/* One data message, during the callback. */
typedef struct sg_fit_msg {
    uint16_t global;            /* global message number */
    uint8_t local;
    bool compressed_ts;         /* came with a compressed-timestamp header */
    bool has_ts;                /* a timestamp is known (field 253 or compressed) */
    uint32_t ts;                /* FIT date_time */
    size_t offset;              /* byte offset of the record header in the input */
    size_t section;             /* 0-based chained-file index */
    const sg_fit_def *def;
    const uint8_t *data;        /* the message's field bytes */
    const sg_fit_stream *s;
    const double *rec;          /* record messages only: SG_FIT_R_COUNT values */
} sg_fit_msg;

/* The field `num` of the message (false when the definition lacks it). */
bool sg_fit_msg_field(const sg_fit_msg *m, uint8_t num, sg_fit_view *out);
/* First element of field `num` as a number, NaN when absent or invalid. */
double sg_fit_msg_num(const sg_fit_msg *m, uint8_t num);
/* Developer fields of the message, in definition order. Returns the
 * description (NULL when the file never described the field) and the bytes. */
size_t sg_fit_msg_ndev(const sg_fit_msg *m);
const sg_fit_devdesc *sg_fit_msg_dev(const sg_fit_msg *m, size_t i, sg_fit_view *out);

/* Return non-zero (an sg_code, with *err filled) to stop the decode. */
typedef int (*sg_fit_msg_fn)(void *ctx, const sg_fit_msg *m, sg_err *err);

/* Creates a stream reader; NULL on allocation failure. `a` may be NULL. */
sg_fit_stream *sg_fit_stream_new(const sg_allocator *a);
void sg_fit_stream_free(sg_fit_stream *s);

/* Runs over every chained FIT file in buf, calling fn for each data message.
 * Damage (bad CRC, truncation, undefined local message, bytes that are not a
 * FIT header) ends the walk: it is counted in rep->errors and described in
 * rep->first_error and *err, and the function returns its code. Messages
 * before the damage have already been delivered. A callback's non-zero return
 * is passed through unchanged (not counted as damage). Returns SG_OK for a
 * clean file. rep may be NULL. The stream may be run again (state resets). */
int sg_fit_stream_run(sg_fit_stream *s, const uint8_t *buf, size_t len, sg_fit_msg_fn fn,
                      void *ctx, sg_fit_report *rep, sg_err *err);

/* Record messages a run would deliver, found by a quick walk that skips the
 * CRC and reads only headers and definitions (for sizing the output once).
 * Damage ends the count where a run would end. Resets the stream's state. */
size_t sg_fit_stream_count_records(sg_fit_stream *s, const uint8_t *buf, size_t len);

/* Data messages counted per global number during the last run. */
size_t sg_fit_stream_count(const sg_fit_stream *s, unsigned global);
/* Iterates the non-zero counters in increasing message number: pass *cursor = 0
 * first; returns false when done. */
bool sg_fit_stream_next_count(const sg_fit_stream *s, size_t *cursor, unsigned *global,
                              size_t *count);

/* Developer field descriptions seen so far (index from sg_fit_devdesc_index). */
size_t sg_fit_stream_ndesc(const sg_fit_stream *s);
const sg_fit_devdesc *sg_fit_stream_desc(const sg_fit_stream *s, size_t i);
/* Index of d in the stream's description table (stable within a run). */
size_t sg_fit_devdesc_index(const sg_fit_stream *s, const sg_fit_devdesc *d);

/* FIT's accumulation rule for a component of `bits` bits: the new raw value
 * extends the running total, wrapping at 2^bits. Returns the new total. */
uint64_t sg_fit_accumulate(uint64_t total, uint64_t raw, unsigned bits);

#endif
