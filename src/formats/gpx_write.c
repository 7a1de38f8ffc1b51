/* GPX 1.1 writer (include/strideguard/gpx_write.h).
 *
 * Output shape (GPX 1.1 schema order: metadata, then rte or trk; inside a
 * point ele before time before extensions):
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <gpx version="1.1" creator="..." xmlns="http://www.topografix.com/GPX/1/1" ...>
 *     <metadata><name>..</name><desc>..</desc><time>..</time></metadata>
 *     <rte><name>..</name><rtept lat=".." lon=".."><ele>..</ele></rtept>...</rte>
 *   or
 *     <trk><name>..</name><type>running</type><trkseg>
 *       <trkpt lat=".." lon=".."><ele>..</ele><time>..</time>
 *         <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>..</gpxtpx:hr>
 *         </gpxtpx:TrackPointExtension></extensions></trkpt>...</trkseg></trk>
 *   </gpx>
 *
 * Coordinates get 7 decimals (~1 cm), elevation 1 decimal: finer than any
 * watch measures, so a round trip through a GPX reader loses nothing real. */
#include "strideguard/gpx_write.h"
#include "strideguard/civil.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct gbuf {
    const sg_allocator *a;
    char *p;
    size_t len, cap;
    int rc;       /* first failure; later appends are no-ops */
    sg_err *err;
} gbuf;

static void put(gbuf *b, const char *s, size_t n)
{
    if (b->rc)
        return;
    if (n > SG_GPX_WRITE_MAX_BYTES - b->len) {
        b->rc = sg_err_set(b->err, SG_ELIMIT, -1, "GPX output larger than %zu bytes",
                           (size_t)SG_GPX_WRITE_MAX_BYTES);
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t nc = sg_grow_cap_to(b->cap, b->len + n + 1, 4096, SG_GPX_WRITE_MAX_BYTES + 1, 1);
        char *np = sg_realloc_array(b->a, b->p, nc, 1);
        if (!np) {
            b->rc = sg_err_set(b->err, SG_ENOMEM, -1, "out of memory writing GPX");
            return;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void puts_(gbuf *b, const char *s) { put(b, s, strlen(s)); }

__attribute__((format(printf, 2, 3)))
static void putf(gbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        if (!b->rc)
            b->rc = sg_err_set(b->err, SG_ELIMIT, -1, "GPX number field too long");
        return;
    }
    put(b, tmp, (size_t)n);
}

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 when malformed
 * (overlong forms, surrogates and code points above U+10FFFF included). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 4, min = 0x10000;
    else
        return 0;
    if (n < need)
        return 0;
    unsigned cp = c & (0x7F >> need);
    for (size_t k = 1; k < need; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

static void put_text(gbuf *b, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), i = 0;
    while (i < n) {
        unsigned char c = s[i];
        switch (c) {
        case '&': puts_(b, "&amp;"); i++; continue;
        case '<': puts_(b, "&lt;"); i++; continue;
        case '>': puts_(b, "&gt;"); i++; continue;
        case '"': puts_(b, "&quot;"); i++; continue;
        case '\'': puts_(b, "&apos;"); i++; continue;
        default: break;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            i++; /* not allowed anywhere in an XML 1.0 document */
            continue;
        }
        size_t k = utf8_seq(s + i, n - i);
        if (k == 0) {
            puts_(b, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        put(b, text + i, k);
        i += k;
    }
}

static void put_elem(gbuf *b, const char *tag, const char *text)
{
    putf(b, "<%s>", tag);
    put_text(b, text);
    putf(b, "</%s>", tag);
}

static void put_time(gbuf *b, double t)
{
    double whole = floor(t);
    char s[21];
    if (!*sg_civil_iso8601_format(t, s))
        return;
    puts_(b, "<time>");
    put(b, s, 19); /* without the Z: the milliseconds come first */
    int ms = (int)lround((t - whole) * 1000);
    if (ms > 0 && ms < 1000)
        putf(b, ".%03d", ms);
    puts_(b, "Z</time>");
}

int sg_gpx_write(const sg_activity *act, const sg_gpx_write_opts *opts, const sg_allocator *a,
                 char **out, size_t *len, sg_err *err)
{
    *out = NULL;
    *len = 0;
    sg_gpx_write_opts def = {0};
    if (!opts)
        opts = &def;
    const double *lat = act->ch[SG_CH_LAT], *lon = act->ch[SG_CH_LON];
    const double *ele = act->ch[SG_CH_ALTITUDE], *hr = act->ch[SG_CH_HEART_RATE];
    const double *t = act->time_relative ? NULL : act->ch[SG_CH_TIME];
    size_t first = act->n;
    if (lat && lon)
        for (size_t i = 0; i < act->n; i++)
            if (isfinite(lat[i]) && isfinite(lon[i])) {
                first = i;
                break;
            }
    if (first == act->n)
        return sg_err_set(err, SG_ENODATA, -1, "no sample has a position to write as GPX");

    gbuf b = {.a = a, .err = err};
    const int track = opts->kind == SG_GPX_TRACK;
    const int with_hr = track && opts->heart_rate && hr;
    const char *name = opts->name ? opts->name : act->name;

    puts_(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"");
    put_text(&b, opts->creator ? opts->creator : "strideguard");
    puts_(&b, "\" xmlns=\"http://www.topografix.com/GPX/1/1\""
              " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
    if (with_hr)
        puts_(&b, " xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"");
    puts_(&b, " xsi:schemaLocation=\"http://www.topografix.com/GPX/1/1"
              " http://www.topografix.com/GPX/1/1/gpx.xsd\">\n");
    if (name || opts->desc || (t && isfinite(t[first]))) {
        puts_(&b, " <metadata>");
        if (name)
            put_elem(&b, "name", name);
        if (opts->desc)
            put_elem(&b, "desc", opts->desc);
        if (t && isfinite(t[first]))
            put_time(&b, t[first]);
        puts_(&b, "</metadata>\n");
    }
    puts_(&b, track ? " <trk>" : " <rte>");
    if (name)
        put_elem(&b, "name", name);
    if (track)
        puts_(&b, "<type>running</type>\n  <trkseg>\n");
    else
        puts_(&b, "\n");
    const char *pt = track ? "trkpt" : "rtept";
    for (size_t i = first; i < act->n && !b.rc; i++) {
        if (!isfinite(lat[i]) || !isfinite(lon[i]))
            continue;
        putf(&b, "   <%s lat=\"%.7f\" lon=\"%.7f\">", pt, lat[i], lon[i]);
        if (ele && isfinite(ele[i]))
            putf(&b, "<ele>%.1f</ele>", ele[i]);
        if (t && isfinite(t[i]))
            put_time(&b, t[i]);
        if (with_hr && isfinite(hr[i]))
            putf(&b,
                 "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%.0f</gpxtpx:hr>"
                 "</gpxtpx:TrackPointExtension></extensions>",
                 hr[i]);
        putf(&b, "</%s>\n", pt);
    }
    puts_(&b, track ? "  </trkseg>\n </trk>\n</gpx>\n" : " </rte>\n</gpx>\n");
    if (b.rc) {
        sg_free(a, b.p);
        return b.rc;
    }
    *out = b.p;
    *len = b.len;
    return SG_OK;
}
