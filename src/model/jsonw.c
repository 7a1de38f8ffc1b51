/* Streaming JSON writer (src/model/jsonw.h). */
#include "model/jsonw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX ((size_t)256 << 20)

static void init(sg_jw *w, int pretty)
{
    memset(w, 0, sizeof *w);
    w->first[0] = true;
    w->pretty = pretty;
}

void sg_jw_init_file(sg_jw *w, FILE *f, int pretty)
{
    init(w, pretty);
    w->f = f;
}

void sg_jw_init_buf(sg_jw *w, size_t max_bytes, int pretty)
{
    init(w, pretty);
    sg_sb_init(&w->sb, max_bytes ? max_bytes : DEFAULT_MAX);
}

char *sg_jw_take_buf(sg_jw *w, size_t *len)
{
    if (w->error || w->f) {
        sg_jw_dispose(w);
        return NULL;
    }
    return sg_sb_take(&w->sb, len);
}

void sg_jw_dispose(sg_jw *w) { sg_sb_dispose(&w->sb); }

int sg_jw_error(const sg_jw *w) { return w->error; }

static void put(sg_jw *w, const char *s, size_t n)
{
    if (w->error || n == 0)
        return;
    if (w->f) {
        if (fwrite(s, 1, n, w->f) != n)
            w->error = 1;
        return;
    }
    sg_sb_put(&w->sb, s, n);
    if (sg_sb_error(&w->sb))
        w->error = 1;
}

static void puts_(sg_jw *w, const char *s) { put(w, s, strlen(s)); }

static void indent(sg_jw *w)
{
    if (!w->pretty)
        return;
    put(w, "\n", 1);
    for (int i = 0; i < w->depth * w->pretty; i++)
        put(w, " ", 1);
}

/* Called before every value or key: writes the separating comma. */
static void pre_value(sg_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (!w->first[w->depth])
        put(w, ",", 1);
    w->first[w->depth] = false;
    if (w->depth > 0)
        indent(w);
}

static void open(sg_jw *w, char c)
{
    pre_value(w);
    put(w, &c, 1);
    if (w->depth + 1 >= SG_JW_MAX_DEPTH) {
        w->error = 1;
        return;
    }
    w->depth++;
    w->first[w->depth] = true;
}

static void close_(sg_jw *w, char c)
{
    if (w->depth == 0) {
        w->error = 1;
        return;
    }
    bool empty = w->first[w->depth];
    w->depth--;
    if (!empty)
        indent(w);
    put(w, &c, 1);
}

void sg_jw_obj_begin(sg_jw *w) { open(w, '{'); }
void sg_jw_obj_end(sg_jw *w) { close_(w, '}'); }
void sg_jw_arr_begin(sg_jw *w) { open(w, '['); }
void sg_jw_arr_end(sg_jw *w) { close_(w, ']'); }

/* Length of a valid UTF-8 sequence at s (max n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; c &= 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; c &= 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; c &= 0x07; }
    else return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    return len;
}

static void write_string(sg_jw *w, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    put(w, "\"", 1);
    size_t run = 0; /* bytes that need no escaping, flushed in one put */
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        const char *esc = NULL;
        char ubuf[8];
        size_t ul = 1;
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c < 0x20) {
            snprintf(ubuf, sizeof ubuf, "\\u%04x", c);
            esc = ubuf;
        } else if (c >= 0x80) {
            ul = utf8_len(p + i, n - i);
            if (ul == 0)
                esc = "\xEF\xBF\xBD"; /* U+FFFD */
        }
        if (esc) {
            put(w, (const char *)p + i - run, run);
            run = 0;
            puts_(w, esc);
            i += 1;
        } else {
            run += ul;
            i += ul;
        }
    }
    put(w, (const char *)p + n - run, run);
    put(w, "\"", 1);
}

void sg_jw_key(sg_jw *w, const char *k)
{
    pre_value(w);
    write_string(w, k, strlen(k));
    put(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
    w->after_key = true;
}

void sg_jw_strn(sg_jw *w, const char *s, size_t n)
{
    pre_value(w);
    write_string(w, s, n);
}

void sg_jw_str(sg_jw *w, const char *s)
{
    if (!s) {
        sg_jw_null(w);
        return;
    }
    sg_jw_strn(w, s, strlen(s));
}

void sg_jw_num(sg_jw *w, double v)
{
    if (!isfinite(v)) {
        sg_jw_null(w);
        return;
    }
    char b[40];
    /* shortest representation that round-trips */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(b, sizeof b, "%.*g", prec, v);
        if (strtod(b, NULL) == v)
            break;
    }
    pre_value(w);
    puts_(w, b);
}

/* Fixed-point formatting without printf for the common case (|v| below
 * 1e15 / 10^decimals, up to 9 decimals): the dashboard's lists print
 * thousands of numbers per request and printf's exact decimal conversion was
 * a fifth of the time. The value is rounded once, ties to even as printf does, after
 * scaling; printf would round the exact binary value instead, which differs
 * only for ties that the binary value cannot represent anyway. */
static size_t fixed(char *out, double v, int d)
{
    static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    double scaled = nearbyint(v * p10[d]);
    unsigned long long u = (unsigned long long)fabs(scaled);
    char tmp[32];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u || n <= (size_t)d);
    size_t k = 0;
    if (scaled < 0)
        out[k++] = '-';
    while (n > (size_t)d)
        out[k++] = tmp[--n];
    if (d > 0) {
        out[k++] = '.';
        while (n > 0)
            out[k++] = tmp[--n];
    }
    out[k] = '\0';
    return k;
}

void sg_jw_numf(sg_jw *w, double v, int decimals)
{
    if (!isfinite(v)) {
        sg_jw_null(w);
        return;
    }
    char b[64];
    size_t n;
    if (decimals >= 0 && decimals <= 9 && fabs(v) < 1e15 / (decimals > 6 ? 1e9 : 1e6)) {
        n = fixed(b, v, decimals);
    } else {
        snprintf(b, sizeof b, "%.*f", decimals, v);
        if (b[0] == '-' && strspn(b + 1, "0.") == strlen(b + 1))
            memmove(b, b + 1, strlen(b)); /* no "-0.0" in output */
        n = strlen(b);
    }
    pre_value(w);
    put(w, b, n);
}

void sg_jw_int(sg_jw *w, long long v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    pre_value(w);
    puts_(w, b);
}

void sg_jw_bool(sg_jw *w, bool v)
{
    pre_value(w);
    puts_(w, v ? "true" : "false");
}

void sg_jw_null(sg_jw *w)
{
    pre_value(w);
    puts_(w, "null");
}

void sg_jw_raw(sg_jw *w, const char *json)
{
    pre_value(w);
    puts_(w, json);
}

void sg_jw_newline(sg_jw *w)
{
    put(w, "\n", 1);
    if (w->depth == 0)
        w->first[0] = true;
}

void sg_jw_kstr(sg_jw *w, const char *k, const char *s) { sg_jw_key(w, k); sg_jw_str(w, s); }
void sg_jw_knum(sg_jw *w, const char *k, double v) { sg_jw_key(w, k); sg_jw_num(w, v); }
void sg_jw_knumf(sg_jw *w, const char *k, double v, int d) { sg_jw_key(w, k); sg_jw_numf(w, v, d); }
void sg_jw_kint(sg_jw *w, const char *k, long long v) { sg_jw_key(w, k); sg_jw_int(w, v); }
void sg_jw_kbool(sg_jw *w, const char *k, bool v) { sg_jw_key(w, k); sg_jw_bool(w, v); }
void sg_jw_knull(sg_jw *w, const char *k) { sg_jw_key(w, k); sg_jw_null(w); }

char *sg_json_add_member(const char *obj, const char *key, const char *value)
{
    size_t lo = strlen(obj), lv = strlen(value);
    while (lo && (obj[lo - 1] == ' ' || obj[lo - 1] == '\n'))
        lo--;
    if (lo < 2 || obj[0] != '{' || obj[lo - 1] != '}')
        return NULL;
    /* an empty object takes no comma */
    size_t inner = lo - 1;
    int empty = 1;
    for (size_t i = 1; i < inner; i++)
        if (obj[i] != ' ' && obj[i] != '\n')
            empty = 0;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    put(&w, obj, inner);
    if (!empty)
        put(&w, ",", 1);
    write_string(&w, key, strlen(key));
    put(&w, ":", 1);
    put(&w, value, lv);
    put(&w, "}", 1);
    return sg_jw_take_buf(&w, NULL);
}
