#ifndef STRIDEGUARD_FIT_H
#define STRIDEGUARD_FIT_H
/* FIT (Flexible and Interoperable Data Transfer) codec: bytes <-> sg_activity.
 *
 * Written from the public FIT protocol description; Garmin's SDK is neither
 * used nor copied. See src/formats/fit_decode.c for the format's spec comment.
 *
 * Ownership: decoded activities belong to the caller (sg_activity_free);
 * encoded buffers belong to the caller (sg_free with the same allocator).
 *
 * Inside the tree, src/formats/fit_stream.h offers the layer below: a
 * streaming reader that calls back per data message with the file's own
 * fields (used by `strideguard decode --jsonl`). Units and the damage policy
 * are in docs/formats.md "FIT". */

#include <stddef.h>
#include <stdint.h>

#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a decode saw, beside the activity. Damage found after some records
 * were decoded is a warning (records before it are kept), not an error. */
typedef struct sg_fit_report {
    size_t bytes;            /* input size */
    size_t sections;         /* chained FIT files found */
    size_t messages;         /* data messages decoded */
    size_t records;          /* record messages */
    size_t errors;           /* damage found (0 when clean) */
    sg_err first_error;      /* the first damage (code SG_OK when none) */
    double late_session_s;   /* records past the session's end (sg_activity_late_session_s),
                              * 0 when the session covers them */
} sg_fit_report;

/* Decodes a whole FIT buffer (all chained sections) into a new activity.
 * Returns SG_OK with *out set, possibly with rep->errors > 0 when the tail is
 * damaged (a watch that died mid-run); returns an error code and *out = NULL
 * when nothing usable was found (bad header, not FIT, damage before any
 * record). `a` may be NULL. `rep` may be NULL. */
int sg_fit_decode(const uint8_t *buf, size_t len, const sg_allocator *a,
                  sg_activity **out, sg_fit_report *rep, sg_err *err);

/* Quick check: does buf start with a FIT file header (size byte >= 12 and
 * ".FIT" at offset 8)? Non-zero when it does. Reads at most 12 bytes. */
int sg_fit_sniff(const uint8_t *buf, size_t len);

typedef struct sg_fit_encode_opts {
    int big_endian;            /* write definitions big-endian (architecture 1) */
    int compressed_timestamps; /* use compressed-timestamp record headers where possible */
    int header_size;           /* 12 or 14 (default 14 when 0) */
} sg_fit_encode_opts;

/* Encodes an activity as an activity FIT file (file_id, device_info,
 * developer data ids and field descriptions, records, laps, sessions,
 * activity), with header and file CRC. opts may be NULL (defaults). The
 * buffer is allocated with `a` (NULL = default) and owned by the caller. */
int sg_fit_encode(const sg_activity *act, const sg_fit_encode_opts *opts,
                  const sg_allocator *a, uint8_t **out, size_t *len, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
