#ifndef STRIDEGUARD_DECODE_H
#define STRIDEGUARD_DECODE_H
/* One entry point for every activity format: detects FIT, GPX or TCX from
 * the bytes (file name only as a fallback) and calls the right reader.
 * Everything that turns a file into activities (import, show FILE, decode,
 * the race course) goes through here, so a new format is added in one place. */

#include <stddef.h>
#include <stdint.h>

#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/err.h"
#include "strideguard/fit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes every activity in buf (a multisport TCX holds several; FIT and GPX
 * one). On SG_OK *outs is a new array of *n_out >= 1 activities, all owned by
 * the caller: free each with sg_activity_free and the array with sg_free(a, .).
 * rep (may be NULL) receives the FIT decoder's report (damage found after
 * usable records is a warning there, not an error). Errors: SG_EUNSUPPORTED
 * when the bytes are no activity format strideguard reads; otherwise the
 * reader's own (SG_EFORMAT with offset or line:col, SG_ENODATA, ...). */
int sg_decode_all(const uint8_t *buf, size_t len, const char *name_hint, const sg_allocator *a,
                  sg_activity ***outs, size_t *n_out, sg_fit_report *rep, sg_err *err);

/* As sg_decode_all, keeping one activity: the only one, or of several the
 * running one with the most samples (else the one with the most samples). */
int sg_decode_one(const uint8_t *buf, size_t len, const char *name_hint, const sg_allocator *a,
                  sg_activity **out, sg_fit_report *rep, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
