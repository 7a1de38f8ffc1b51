/* Format detection (include/strideguard/formats.h).
 *
 * Content beats the file name: a ".gpx" that is really TCX (exports get
 * renamed) is read as what it is. FIT is recognised by its header tag
 * ".FIT" at bytes 8..11 (FIT protocol: header size, protocol version,
 * profile version (2), data size (4), ".FIT"). XML is recognised by the
 * local name of its root element, reached by skipping what may legally
 * precede it; UTF-16 documents are projected to ASCII (low byte of each
 * code unit) for that scan. The scan is bounded to DETECT_WINDOW bytes so a
 * comment bomb cannot make detection slow. */
#include "strideguard/formats.h"

#include <stdbool.h>
#include <string.h>

#define DETECT_WINDOW ((size_t)64 * 1024)

const char *sg_format_name(sg_format f)
{
    switch (f) {
    case SG_FMT_FIT: return "fit";
    case SG_FMT_GPX: return "gpx";
    case SG_FMT_TCX: return "tcx";
    case SG_FMT_CSV: return "csv";
    default: return "unknown";
    }
}

typedef struct {
    const uint8_t *b;
    size_t len;  /* bytes available */
    int unit;    /* 1 = byte encoding, 2 = UTF-16 */
    int lo;      /* offset of the ASCII byte inside a UTF-16 unit */
    size_t pos;  /* in characters */
} scan;

static size_t chars(const scan *s) { return s->len / (size_t)s->unit; }

/* The character at pos+k as ASCII, 0 past the end, '?' for non-ASCII. */
static char at(const scan *s, size_t k)
{
    size_t i = s->pos + k;
    if (i >= chars(s))
        return 0;
    if (s->unit == 1)
        return (char)s->b[i];
    uint8_t lo = s->b[i * 2 + (size_t)s->lo], hi = s->b[i * 2 + (size_t)(1 - s->lo)];
    return hi ? '?' : (char)lo;
}

static bool starts(const scan *s, const char *lit)
{
    for (size_t k = 0; lit[k]; k++)
        if (at(s, k) != lit[k])
            return false;
    return true;
}

/* Advances past the first occurrence of lit; false when absent. */
static bool skip_past(scan *s, const char *lit)
{
    size_t n = strlen(lit);
    while (s->pos < chars(s)) {
        if (starts(s, lit)) {
            s->pos += n;
            return true;
        }
        s->pos++;
    }
    return false;
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static bool name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == ':' || c == '_' || c == '-' || c == '.';
}

static sg_format root_format(scan *s)
{
    while (s->pos < chars(s)) {
        while (is_ws(at(s, 0)))
            s->pos++;
        if (starts(s, "<?")) {
            if (!skip_past(s, "?>"))
                return SG_FMT_UNKNOWN;
        } else if (starts(s, "<!--")) {
            if (!skip_past(s, "-->"))
                return SG_FMT_UNKNOWN;
        } else if (starts(s, "<!")) {
            int depth = 0; /* DOCTYPE with an internal subset [ ... ] */
            for (;; s->pos++) {
                char c = at(s, 0);
                if (!c)
                    return SG_FMT_UNKNOWN;
                if (c == '[')
                    depth++;
                else if (c == ']')
                    depth--;
                else if (c == '>' && depth <= 0)
                    break;
            }
            s->pos++;
        } else if (at(s, 0) == '<' && name_char(at(s, 1))) {
            char name[64];
            size_t n = 0;
            for (s->pos++; name_char(at(s, 0)) && n + 1 < sizeof name; s->pos++)
                name[n++] = at(s, 0);
            name[n] = '\0';
            const char *local = strrchr(name, ':');
            local = local ? local + 1 : name;
            if (strcmp(local, "gpx") == 0)
                return SG_FMT_GPX;
            if (strcmp(local, "TrainingCenterDatabase") == 0)
                return SG_FMT_TCX;
            return SG_FMT_UNKNOWN;
        } else {
            return SG_FMT_UNKNOWN;
        }
    }
    return SG_FMT_UNKNOWN;
}

static bool ext_is(const char *ext, const char *want)
{
    for (; *ext && *want; ext++, want++) {
        char c = *ext;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != *want)
            return false;
    }
    return *ext == *want;
}

sg_format sg_format_detect(const uint8_t *buf, size_t len, const char *name_hint)
{
    if (buf && len >= 12 && memcmp(buf + 8, ".FIT", 4) == 0)
        return SG_FMT_FIT;
    if (buf && len) {
        scan s = {buf, len < DETECT_WINDOW ? len : DETECT_WINDOW, 1, 0, 0};
        if (s.len >= 2 && buf[0] == 0xFF && buf[1] == 0xFE) {
            s.b += 2, s.len -= 2, s.unit = 2, s.lo = 0;
        } else if (s.len >= 2 && buf[0] == 0xFE && buf[1] == 0xFF) {
            s.b += 2, s.len -= 2, s.unit = 2, s.lo = 1;
        } else if (s.len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
            s.b += 3, s.len -= 3;
        } else if (s.len >= 2 && buf[0] == '<' && buf[1] == 0) {
            s.unit = 2, s.lo = 0; /* UTF-16LE without BOM */
        } else if (s.len >= 2 && buf[0] == 0 && buf[1] == '<') {
            s.unit = 2, s.lo = 1; /* UTF-16BE without BOM */
        }
        sg_format f = root_format(&s);
        if (f != SG_FMT_UNKNOWN)
            return f;
    }
    if (name_hint) {
        const char *slash = strrchr(name_hint, '/');
        const char *base = slash ? slash + 1 : name_hint;
        const char *dot = strrchr(base, '.');
        if (dot) {
            if (ext_is(dot + 1, "fit"))
                return SG_FMT_FIT;
            if (ext_is(dot + 1, "gpx"))
                return SG_FMT_GPX;
            if (ext_is(dot + 1, "tcx"))
                return SG_FMT_TCX;
            if (ext_is(dot + 1, "csv"))
                return SG_FMT_CSV;
        }
    }
    return SG_FMT_UNKNOWN;
}
