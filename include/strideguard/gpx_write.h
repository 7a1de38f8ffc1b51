#ifndef STRIDEGUARD_GPX_WRITE_H
#define STRIDEGUARD_GPX_WRITE_H
/* A small GPX 1.1 writer: an activity's positions as a route (<rte>, for a
 * race course) or a track (<trk>), with elevation and, where the activity has
 * them, times and heart rate. Writes to memory; the caller decides where the
 * bytes go (src/bytes/file.h sg_file_write_atomic).
 *
 * Text (names, descriptions) is escaped for XML: & < > " ' become entities,
 * characters XML 1.0 forbids (C0 controls other than tab/LF/CR) are dropped,
 * and bytes that are not well-formed UTF-8 become U+FFFD, so the output always
 * parses. Numbers are written with the C locale's '.' (the library never calls
 * setlocale). */

#include <stddef.h>

#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sg_gpx_kind {
    SG_GPX_ROUTE = 0, /* <rte><rtept>: a planned course */
    SG_GPX_TRACK      /* <trk><trkseg><trkpt>: a recorded activity */
} sg_gpx_kind;

typedef struct sg_gpx_write_opts {
    sg_gpx_kind kind;
    const char *name;     /* NULL = act->name (may be absent) */
    const char *desc;     /* NULL = none */
    const char *creator;  /* NULL = "strideguard" */
    int heart_rate;       /* tracks only: Garmin TrackPointExtension v1 <gpxtpx:hr> */
} sg_gpx_write_opts;

/* Hard ceiling on the document size. */
#define SG_GPX_WRITE_MAX_BYTES ((size_t)512 * 1024 * 1024)

/* Writes act as a GPX 1.1 document into a new NUL-terminated buffer (*out,
 * *len without the NUL), owned by the caller (sg_free(a, *out)). Samples
 * without a finite lat/lon are skipped; <ele> is written where altitude is
 * finite, <time> (UTC, ISO 8601) where time is finite and act->time_relative
 * is false. opts may be NULL (a route named after the activity).
 * Errors: SG_ENODATA (no sample has a position), SG_ELIMIT (over
 * SG_GPX_WRITE_MAX_BYTES), SG_ENOMEM. On error *out is NULL. */
int sg_gpx_write(const sg_activity *act, const sg_gpx_write_opts *opts, const sg_allocator *a,
                 char **out, size_t *len, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
