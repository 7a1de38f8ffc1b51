#ifndef SG_MODEL_STRBUF_H
#define SG_MODEL_STRBUF_H
/* A growable text buffer with a ceiling, for HTML/SVG/ICS/text output.
 * Errors are sticky: after a failed growth every append is a no-op and
 * sg_sb_error() is non-zero. The buffer is malloc'd; take it with
 * sg_sb_take() (caller frees with free()) or drop it with sg_sb_dispose(). */

#include <stdarg.h>
#include <stddef.h>

typedef struct sg_sb {
    char *buf;
    size_t len, cap, max;
    int error;
} sg_sb;

/* max_bytes 0 = 64 MiB. */
void sg_sb_init(sg_sb *b, size_t max_bytes);
void sg_sb_put(sg_sb *b, const char *s, size_t n);
void sg_sb_puts(sg_sb *b, const char *s);
void sg_sb_printf(sg_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' escaped (safe in HTML text and attribute values). */
void sg_sb_html(sg_sb *b, const char *s);
char *sg_sb_take(sg_sb *b, size_t *len);
void sg_sb_dispose(sg_sb *b);
int sg_sb_error(const sg_sb *b);

/* The value of one hexadecimal digit (0-9, a-f, A-F), -1 for any other
 * character: the one reader of hex text (FIT developer ids, %XX in URLs). */
int sg_hex_digit(int c);

#endif
