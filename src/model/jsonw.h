#ifndef SG_MODEL_JSONW_H
#define SG_MODEL_JSONW_H
/* A small streaming JSON writer: output goes straight to a FILE* or into a
 * growable memory buffer, so large documents (a run's samples, a 10-year load
 * series) are never built as a tree first.
 *
 * Commas and nesting are tracked by the writer; callers just emit keys and
 * values. Non-finite numbers are written as null (JSON has no NaN), which is
 * the project-wide convention for "not computable". Strings are escaped as
 * RFC 8259 requires; invalid UTF-8 bytes are replaced with U+FFFD.
 *
 * Ownership: sg_jw_init_buf's buffer belongs to the writer until
 * sg_jw_take_buf() hands it to the caller (free with free()). Errors are sticky:
 * after an I/O or allocation failure every call is a no-op and sg_jw_error()
 * returns non-zero. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/strbuf.h"

#define SG_JW_MAX_DEPTH 64

typedef struct sg_jw {
    FILE *f;            /* NULL when writing to memory */
    sg_sb sb;           /* the memory buffer (with its ceiling) */
    int depth;
    bool first[SG_JW_MAX_DEPTH];
    bool after_key;
    int pretty;         /* indent width, 0 = compact */
    int error;
} sg_jw;

void sg_jw_init_file(sg_jw *w, FILE *f, int pretty);
/* max_bytes: ceiling (0 = 256 MiB). */
void sg_jw_init_buf(sg_jw *w, size_t max_bytes, int pretty);
/* Returns the NUL-terminated buffer and its length; the writer forgets it. */
char *sg_jw_take_buf(sg_jw *w, size_t *len);
/* Frees a memory buffer still owned by the writer. */
void sg_jw_dispose(sg_jw *w);
int sg_jw_error(const sg_jw *w);

void sg_jw_obj_begin(sg_jw *w);
void sg_jw_obj_end(sg_jw *w);
void sg_jw_arr_begin(sg_jw *w);
void sg_jw_arr_end(sg_jw *w);
void sg_jw_key(sg_jw *w, const char *k);
void sg_jw_str(sg_jw *w, const char *s);         /* NULL -> null */
void sg_jw_strn(sg_jw *w, const char *s, size_t n);
void sg_jw_num(sg_jw *w, double v);              /* shortest round-trip form; NaN/inf -> null */
void sg_jw_numf(sg_jw *w, double v, int decimals); /* fixed decimals; NaN/inf -> null */
void sg_jw_int(sg_jw *w, long long v);
void sg_jw_bool(sg_jw *w, bool v);
void sg_jw_null(sg_jw *w);
/* Writes pre-formatted JSON text as one value (caller guarantees validity). */
void sg_jw_raw(sg_jw *w, const char *json);
/* Ends a JSON-lines record: writes '\n' at depth 0. */
void sg_jw_newline(sg_jw *w);

/* key + value shorthands */
void sg_jw_kstr(sg_jw *w, const char *k, const char *s);
void sg_jw_knum(sg_jw *w, const char *k, double v);
void sg_jw_knumf(sg_jw *w, const char *k, double v, int decimals);
void sg_jw_kint(sg_jw *w, const char *k, long long v);
void sg_jw_kbool(sg_jw *w, const char *k, bool v);
void sg_jw_knull(sg_jw *w, const char *k);

/* Given a complete JSON object as text ("{...}") and a member's value as
 * JSON text, returns a new malloc'd object with `"key": value` appended
 * before the closing brace (for composing documents whose parts are cached
 * or rendered separately). NULL when obj is not an object or on ENOMEM. */
char *sg_json_add_member(const char *obj, const char *key, const char *value);

#endif
