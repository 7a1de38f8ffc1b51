/* Growable text buffer (src/model/strbuf.h). */
#include "model/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sg_sb_init(sg_sb *b, size_t max_bytes)
{
    memset(b, 0, sizeof *b);
    b->max = max_bytes ? max_bytes : ((size_t)64 << 20);
}

static int reserve(sg_sb *b, size_t extra)
{
    if (b->error)
        return 0;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < b->len + extra + 1)
        nc *= 2;
    if (nc > b->max) {
        b->error = 1;
        return 0;
    }
    char *nb = realloc(b->buf, nc);
    if (!nb) {
        b->error = 1;
        return 0;
    }
    b->buf = nb;
    b->cap = nc;
    return 1;
}

void sg_sb_put(sg_sb *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

void sg_sb_puts(sg_sb *b, const char *s) { sg_sb_put(b, s, strlen(s)); }

void sg_sb_printf(sg_sb *b, const char *fmt, ...)
{
    if (b->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n)) {
        b->error = 1;
        va_end(ap2);
        return;
    }
    vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

void sg_sb_html(sg_sb *b, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *e = NULL;
        switch (*p) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\'': e = "&#39;"; break;
        default: break;
        }
        if (e) {
            sg_sb_put(b, run, (size_t)(p - run));
            sg_sb_puts(b, e);
            run = p + 1;
        }
    }
    sg_sb_puts(b, run);
}

char *sg_sb_take(sg_sb *b, size_t *len)
{
    if (b->error) {
        sg_sb_dispose(b);
        return NULL;
    }
    if (!b->buf && !reserve(b, 0))
        return NULL;
    if (b->len == 0)
        b->buf[0] = '\0';
    char *r = b->buf;
    if (len)
        *len = b->len;
    b->buf = NULL;
    b->len = b->cap = 0;
    return r;
}

void sg_sb_dispose(sg_sb *b)
{
    free(b->buf);
    b->buf = NULL;
    b->len = b->cap = 0;
}

int sg_sb_error(const sg_sb *b) { return b->error; }

int sg_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
