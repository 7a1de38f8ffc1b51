#ifndef STRIDEGUARD_FORMATS_H
#define STRIDEGUARD_FORMATS_H
/* Activity file formats other than FIT's codec (strideguard/fit.h): format
 * detection, and the GPX and TCX readers (expat, streaming, from memory).
 *
 * What each reader takes from a file, and every quirk it handles, is in
 * docs/formats.md ("GPX", "TCX"). In short, both produce sg_activity in SI
 * units with source_format "gpx"/"tcx", NaN where a point lacks a value,
 * and a "segment" developer column when the recording has breaks.
 *
 * Ownership: decoded activities belong to the caller (sg_activity_free);
 * the array of sg_tcx_decode belongs to the caller too (sg_free with the
 * same allocator). Nothing is returned on failure. Thread-safe: no shared
 * state; distinct calls are independent. */

#include <stddef.h>
#include <stdint.h>

#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { SG_FMT_UNKNOWN, SG_FMT_FIT, SG_FMT_GPX, SG_FMT_TCX, SG_FMT_CSV } sg_format;

/* Guesses the format of a file's bytes. In order:
 *   1. FIT: ".FIT" at bytes 8..11 (the FIT header's data type tag);
 *   2. XML: the root element's local name, after an optional BOM (UTF-8 or
 *      UTF-16, either order), the XML declaration, comments, processing
 *      instructions and a DOCTYPE: "gpx" -> GPX, "TrainingCenterDatabase"
 *      -> TCX (only the first 64 KiB are looked at);
 *   3. the extension of name_hint (case-insensitive .fit .gpx .tcx .csv).
 * buf may be NULL when len is 0; name_hint may be NULL. Never fails: returns
 * SG_FMT_UNKNOWN when nothing matches. */
sg_format sg_format_detect(const uint8_t *buf, size_t len, const char *name_hint);

/* Stable lower-case name of a format ("gpx"); "unknown" otherwise. */
const char *sg_format_name(sg_format f);

/* Decodes a GPX 1.0/1.1 document into one activity.
 * Samples are all track points (<trkpt>) of all tracks and segments, in file
 * order; when the file has no track point, all route points (<rtept>) of all
 * routes instead (a course drawn in a planner). Waypoints are never samples.
 * Returns SG_OK with *out set, or: SG_ENODATA (well-formed but no track or
 * route point: metadata-only or waypoint-only files), SG_EFORMAT (malformed
 * XML or not a <gpx> root; err->line/col and expat's message), SG_ELIMIT,
 * SG_EUNSUPPORTED (entity declarations), SG_ENOMEM. *out is NULL on any
 * failure. `a` may be NULL (malloc); err may be NULL. */
int sg_gpx_decode(const uint8_t *buf, size_t len, const sg_allocator *a, sg_activity **out,
                  sg_err *err);

/* Decodes a Garmin TrainingCenterDatabase v2 document: one activity per
 * <Activity> (multisport files give several) and per <Course>, in file
 * order. On SG_OK, *outs is a new array of *n_out (>= 1) activities, each
 * owned by the caller:
 *     for (size_t i = 0; i < n; i++) sg_activity_free(acts[i]);
 *     sg_free(a, acts);
 * An <Activity> with neither trackpoints nor laps is skipped. Errors as for
 * sg_gpx_decode (SG_ENODATA when nothing is left); on failure *outs is NULL
 * and *n_out 0, nothing to free. */
int sg_tcx_decode(const uint8_t *buf, size_t len, const sg_allocator *a, sg_activity ***outs,
                  size_t *n_out, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
