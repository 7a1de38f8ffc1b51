#ifndef SG_BYTES_BASE64_H
#define SG_BYTES_BASE64_H
/* Base64 (RFC 4648 §4, standard alphabet, '=' padding): binary content kept in
 * a text slot (the race course's file bytes in the store's key/value table).
 * Decoding is strict: no whitespace, no other alphabet, padding required, and
 * the unused bits of the last character must be zero, so one byte string has
 * exactly one encoding. */

#include <stddef.h>

#include "strideguard/alloc.h"
#include "strideguard/err.h"

/* Encodes len bytes into a new NUL-terminated string (*out, allocator a;
 * free with sg_free(a, *out)); *out_len (may be NULL) is its length without
 * the NUL. Errors: SG_ELIMIT when the result would not fit a size_t,
 * SG_ENOMEM. */
int sg_base64_encode(const void *data, size_t len, const sg_allocator *a, char **out,
                     size_t *out_len, sg_err *err);

/* Decodes len characters of text into a new buffer (*out, allocator a; free
 * with sg_free(a, *out)), *out_len bytes. Errors: SG_EFORMAT with the
 * offset of the first character that is not valid base64 (or the length when
 * it is not a multiple of 4), SG_ENOMEM. *out is NULL on failure. */
int sg_base64_decode(const char *text, size_t len, const sg_allocator *a, unsigned char **out,
                     size_t *out_len, sg_err *err);

#endif
