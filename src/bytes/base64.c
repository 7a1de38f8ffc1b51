/* Base64, RFC 4648 §4 (src/bytes/base64.h). */
#include "bytes/base64.h"

#include <stdint.h>

static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sg_base64_encode(const void *data, size_t len, const sg_allocator *a, char **out,
                     size_t *out_len, sg_err *err)
{
    *out = NULL;
    if (len / 3 >= (SIZE_MAX - 1) / 4 - 1)
        return sg_err_set(err, SG_ELIMIT, -1, "base64: input too large");
    size_t n = (len + 2) / 3 * 4;
    char *s = sg_malloc(a, n + 1);
    if (!s)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    const unsigned char *p = data;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        s[o++] = ALPHABET[v >> 18 & 63];
        s[o++] = ALPHABET[v >> 12 & 63];
        s[o++] = i + 1 < len ? ALPHABET[v >> 6 & 63] : '=';
        s[o++] = i + 2 < len ? ALPHABET[v & 63] : '=';
    }
    s[o] = '\0';
    *out = s;
    if (out_len)
        *out_len = o;
    return SG_OK;
}

static int value_of(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

int sg_base64_decode(const char *text, size_t len, const sg_allocator *a, unsigned char **out,
                     size_t *out_len, sg_err *err)
{
    *out = NULL;
    *out_len = 0;
    if (len % 4)
        return sg_err_set(err, SG_EFORMAT, (long long)len,
                          "base64: length %zu is not a multiple of 4", len);
    size_t pad = len && text[len - 1] == '=' ? (text[len - 2] == '=' ? 2 : 1) : 0;
    size_t n = len / 4 * 3 - pad;
    unsigned char *b = sg_malloc(a, n ? n : 1);
    if (!b)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        uint32_t v = 0;
        int last = i + 4 == len;
        for (size_t k = 0; k < 4; k++) {
            int d = value_of(text[i + k]);
            if (d < 0 && !(last && text[i + k] == '=' && k >= 4 - pad)) {
                sg_free(a, b);
                return sg_err_set(err, SG_EFORMAT, (long long)(i + k),
                                  "base64: offset %zu: not a base64 character", i + k);
            }
            v = v << 6 | (uint32_t)(d < 0 ? 0 : d);
        }
        /* the bits the padding leaves unused must be zero (one encoding per input) */
        if ((last && pad == 2 && (v & 0xFFFF)) || (last && pad == 1 && (v & 0xFF))) {
            sg_free(a, b);
            return sg_err_set(err, SG_EFORMAT, (long long)(i + 3 - pad),
                              "base64: offset %zu: unused bits are not zero", i + 3 - pad);
        }
        b[o++] = (unsigned char)(v >> 16);
        if (o < n)
            b[o++] = (unsigned char)(v >> 8 & 0xFF);
        if (o < n)
            b[o++] = (unsigned char)(v & 0xFF);
    }
    *out = b;
    *out_len = n;
    return SG_OK;
}
