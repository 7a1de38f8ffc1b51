/* Shared expat driver and text helpers for the GPX and TCX readers
 * (src/formats/xml_util.h).
 *
 * Hardening, in the order a hostile document meets it:
 *   1. input larger than SG_XML_MAX_BYTES -> SG_ELIMIT before expat sees it;
 *   2. any <!ENTITY ...> declaration -> SG_EUNSUPPORTED (defusedxml's rule:
 *      activity files never declare entities, so refusing them removes
 *      billion-laughs and external-entity attacks at the root);
 *   3. belt and braces: expat's amplification limits (2.4+) set tighter than
 *      the defaults, parameter-entity parsing off, no external entity loader;
 *   4. depth > SG_XML_MAX_DEPTH and captured text > SG_XML_MAX_TEXT ->
 *      SG_ELIMIT; points per file are limited by the readers.
 * Encodings: expat's built-ins (UTF-8, UTF-16, ISO-8859-1, US-ASCII) plus
 * windows-1252, which older Windows tools write; any other declared encoding
 * is SG_EFORMAT "unknown encoding". */
#define XML_DTD 1 /* expat.h declares the amplification setters only with it */
#include "formats/xml_util.h"
#include "strideguard/civil.h"
#include "strideguard/geo.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---------- text helpers ---------- */

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

bool sg_xml_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (lower(*a) != lower(*b))
            return false;
    return *a == *b;
}

const char *sg_xml_local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

const char *sg_xml_attr(const char **attrs, const char *local)
{
    for (size_t i = 0; attrs && attrs[i]; i += 2)
        if (strcmp(sg_xml_local(attrs[i]), local) == 0)
            return attrs[i + 1];
    return NULL;
}

/* 1e0..1e22 are exact in binary64, so mantissa * or / these is correctly
 * rounded when the mantissa fits 53 bits (Clinger's fast path). */
static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

bool sg_xml_number(const char *s, double *out)
{
    while (is_space(*s))
        s++;
    bool neg = false;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    uint64_t m = 0;
    int sig = 0, exp10 = 0, ndig = 0;
    for (; *s >= '0' && *s <= '9'; s++, ndig++) {
        if (sig < 19) {
            m = m * 10 + (uint64_t)(*s - '0');
            if (m)
                sig++;
        } else {
            exp10++; /* digits beyond 19 significant ones only scale */
        }
    }
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++, ndig++) {
            if (sig < 19) {
                m = m * 10 + (uint64_t)(*s - '0');
                if (m)
                    sig++;
                exp10--;
            }
        }
    }
    if (ndig == 0)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        bool eneg = false;
        if (*s == '+' || *s == '-')
            eneg = *s++ == '-';
        if (!(*s >= '0' && *s <= '9'))
            return false;
        int e = 0;
        for (; *s >= '0' && *s <= '9'; s++)
            if (e < 100000)
                e = e * 10 + (*s - '0');
        exp10 += eneg ? -e : e;
    }
    while (is_space(*s))
        s++;
    if (*s)
        return false;
    double v;
    if (m == 0)
        v = 0;
    else if (m <= (1ULL << 53) && exp10 >= -22 && exp10 <= 22)
        v = exp10 >= 0 ? (double)m * pow10_exact[exp10] : (double)m / pow10_exact[-exp10];
    else
        v = (double)m * pow(10.0, exp10);
    if (!isfinite(v))
        return false;
    *out = neg ? -v : v;
    return true;
}


bool sg_xml_activity_time(const char *s, double *out)
{
    double t;
    if (!sg_civil_iso8601(s, &t) || t < SG_XML_MIN_TIME || t >= SG_XML_MAX_TIME)
        return false;
    *out = t;
    return true;
}

sg_sport sg_xml_sport(const char *text)
{
    char low[64];
    size_t n = 0;
    for (; text && text[n] && n + 1 < sizeof low; n++)
        low[n] = lower(text[n]);
    low[n] = '\0';
    if (strstr(low, "swim"))
        return SG_SPORT_SWIMMING;
    if (strstr(low, "run"))
        return SG_SPORT_RUNNING;
    if (strstr(low, "walk"))
        return SG_SPORT_WALKING;
    if (strstr(low, "hik"))
        return SG_SPORT_HIKING;
    if (strstr(low, "bik") || strstr(low, "cycl") || strstr(low, "ride"))
        return SG_SPORT_CYCLING;
    if (strcmp(low, "other") == 0)
        return SG_SPORT_OTHER;
    return SG_SPORT_UNKNOWN;
}

static bool word_prefix(const char *w, size_t wlen, const char *prefix)
{
    size_t pl = strlen(prefix);
    if (wlen < pl)
        return false;
    for (size_t i = 0; i < pl; i++)
        if (lower(w[i]) != prefix[i])
            return false;
    return true;
}

int sg_xml_set_device(sg_activity *act, const char *name, sg_err *err)
{
    static const struct {
        const char *prefix, *maker;
    } makers[] = {{"garmin", "garmin"},       {"forerunner", "garmin"}, {"edge", "garmin"},
                  {"fenix", "garmin"},        {"etrex", "garmin"},      {"vivoactive", "garmin"},
                  {"suunto", "suunto"},       {"movescount", "suunto"}, {"polar", "polar"},
                  {"coros", "coros"},         {"wahoo", "wahoo_fitness"}};
    while (is_space(*name))
        name++;
    size_t len = strlen(name);
    while (len && is_space(name[len - 1]))
        len--;
    if (!len)
        return SG_OK;
    char *copy = sg_strndup(act->alloc, name, len);
    if (!copy)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for device name");
    sg_free(act->alloc, act->device.product);
    act->device.product = copy;
    const char *maker = NULL;
    for (const char *w = copy; *w && !maker;) {
        size_t wl = strcspn(w, " \t-_(");
        for (size_t k = 0; k < sizeof makers / sizeof *makers && !maker; k++)
            if (word_prefix(w, wl, makers[k].prefix))
                maker = makers[k].maker;
        w += wl;
        w += strspn(w, " \t-_(");
    }
    if (maker && !act->device.manufacturer)
        return sg_activity_set_string(act, &act->device.manufacturer, maker, err);
    return SG_OK;
}

/* Median of the positive values by a histogram of `bins` bins `width` wide
 * (the lower median, at its bin's value; the last bin takes everything
 * above), so no allocation is needed. NaN when none is positive. */
enum { MEDIAN_MAX_BINS = 400 };
static double binned_median(const double *v, size_t n, double width, int bins)
{
    size_t hist[MEDIAN_MAX_BINS] = {0}, count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] > 0))
            continue;
        long b = lround(v[i] / width);
        hist[b < bins ? b : bins - 1]++;
        count++;
    }
    if (!count)
        return NAN;
    size_t half = (count + 1) / 2, acc = 0;
    for (int b = 0; b < bins; b++) {
        acc += hist[b];
        if (acc >= half)
            return b * width;
    }
    return (bins - 1) * width;
}

/* Cadence is small and integral in every writer: whole rpm up to 300. */
static double positive_median(const double *v, size_t n) { return binned_median(v, n, 1.0, 301); }

/* Speeds (m/s) in 0.05 m/s bins up to 20 m/s. */
static double speed_median(const double *v, size_t n) { return binned_median(v, n, 0.05, 400); }

/* Speed at every sample that has a positive cadence: the speed channel,
 * else the step of the cumulative distance, else of the positions, over the
 * interval before it (at most 10 s, so a pause says nothing). Writes into
 * out (n values, NaN unknown) and returns the median, NaN when unknown. */
static double cadence_speed(const sg_activity *act, double *out)
{
    const double *cad = act->ch[SG_CH_CADENCE], *S = act->ch[SG_CH_SPEED];
    const double *T = act->ch[SG_CH_TIME], *D = act->ch[SG_CH_DISTANCE];
    const double *LA = act->ch[SG_CH_LAT], *LO = act->ch[SG_CH_LON];
    for (size_t i = 0; i < act->n; i++) {
        out[i] = NAN;
        if (!(cad[i] > 0))
            continue;
        if (S && !isnan(S[i])) {
            out[i] = S[i];
            continue;
        }
        if (!T || i == 0 || isnan(T[i]) || isnan(T[i - 1]))
            continue;
        double dt = T[i] - T[i - 1];
        if (!(dt > 0 && dt <= 10))
            continue;
        if (D && !isnan(D[i]) && !isnan(D[i - 1]) && D[i] >= D[i - 1])
            out[i] = (D[i] - D[i - 1]) / dt;
        else if (LA && LO && !isnan(LA[i]) && !isnan(LA[i - 1]) && !isnan(LO[i]) &&
                 !isnan(LO[i - 1]))
            out[i] = sg_geo_haversine_m(LA[i - 1], LO[i - 1], LA[i], LO[i]) / dt;
    }
    return speed_median(out, act->n);
}

double sg_xml_cadence_factor(sg_sport sport, double c, double v)
{
    if (!(c > 0) || sport == SG_SPORT_CYCLING || sport == SG_SPORT_SWIMMING)
        return 1;
    if (!sg_sport_on_foot(sport)) {
        /* unknown or other: on foot only when the motion says so - slower
         * than 6.5 m/s, and a "stride" (distance per cadence cycle) no
         * longer than 3.5 m; a bike's distance per pedal turn is longer */
        if (!(v > 0) || v > SG_XML_CAD_MAX_FOOT_SPEED ||
            v * 60.0 / c > SG_XML_CAD_MAX_STRIDE_M)
            return 1;
    }
    bool running = v > 0 ? v >= SG_XML_CAD_RUN_SPEED : sport != SG_SPORT_WALKING &&
                                                           sport != SG_SPORT_HIKING;
    /* per foot, people run at 70-105 and walk at 50-65 (both feet: run
     * 140-210, walk 100-130); docs/science.md §12 */
    return c < (running ? SG_XML_CAD_RUN_PER_FOOT_MAX : SG_XML_CAD_WALK_PER_FOOT_MAX) ? 2 : 1;
}

double sg_xml_finish_channels(sg_activity *act, bool run_cadence)
{
    double *alt = act->ch[SG_CH_ALTITUDE];
    if (alt) {
        bool all_zero = true;
        for (size_t i = 0; i < act->n && all_zero; i++)
            if (!isnan(alt[i]) && alt[i] != 0)
                all_zero = false;
        if (all_zero) {
            sg_free(act->alloc, alt);
            act->ch[SG_CH_ALTITUDE] = NULL;
        }
    }
    double *cad = act->ch[SG_CH_CADENCE];
    if (!cad)
        return 1;
    double v = NAN;
    double *scratch = sg_realloc_array(act->alloc, NULL, act->n ? act->n : 1, sizeof(double));
    if (scratch) { /* without memory the speed is unknown: the sport decides */
        v = cadence_speed(act, scratch);
        sg_free(act->alloc, scratch);
    }
    sg_sport sport = run_cadence && act->sport == SG_SPORT_UNKNOWN ? SG_SPORT_RUNNING : act->sport;
    double f = sg_xml_cadence_factor(sport, positive_median(cad, act->n), v);
    if (f != 1)
        for (size_t i = 0; i < act->n; i++)
            cad[i] *= f;
    return f;
}

int sg_xml_segs_mark(sg_xml_segs *s, const sg_allocator *a, size_t at, sg_err *err)
{
    if (!s->pending && s->n)
        return SG_OK;
    if (s->n && s->start[s->n - 1] == at) {
        s->pending = false; /* already opened (an append failed after marking) */
        return SG_OK;
    }
    if (s->n == s->cap) {
        size_t *ns = sg_grow(a, s->start, &s->cap, sizeof *ns, 16, SIZE_MAX);
        if (!ns)
            return sg_err_set(err, SG_ENOMEM, -1, "out of memory for segments");
        s->start = ns;
    }
    s->start[s->n++] = at;
    s->pending = false;
    return SG_OK;
}

int sg_xml_segs_apply(const sg_xml_segs *s, sg_activity *act, sg_err *err)
{
    if (s->n < 2)
        return SG_OK;
    size_t col;
    int rc = sg_activity_devfield(act, "segment", NULL, NULL, &col, err);
    if (rc)
        return rc;
    double *v = act->dev[col].v;
    for (size_t k = 0; k < s->n; k++) {
        size_t end = k + 1 < s->n ? s->start[k + 1] : act->n;
        for (size_t i = s->start[k]; i < end && i < act->n; i++)
            v[i] = (double)k;
    }
    return SG_OK;
}

void sg_xml_segs_free(sg_xml_segs *s, const sg_allocator *a)
{
    sg_free(a, s->start);
    memset(s, 0, sizeof *s);
}

/* ---------- the expat driver ---------- */

int sg_xml_fail(sg_xml *x, int code, const char *fmt, ...)
{
    if (x->rc)
        return x->rc; /* keep the first failure */
    x->rc = code;
    if (x->err) {
        va_list ap;
        va_start(ap, fmt);
        char msg[sizeof x->err->msg];
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        sg_err_set_at(x->err, code, (int)XML_GetCurrentLineNumber(x->p) + x->line_base,
                      (int)XML_GetCurrentColumnNumber(x->p) + 1, "%s", msg);
        x->err->offset = (long long)XML_GetCurrentByteIndex(x->p) + (long long)x->skip;
    }
    XML_StopParser(x->p, XML_FALSE);
    return code;
}

int sg_xml_up(const sg_xml *x, size_t k)
{
    return k >= 1 && k <= x->depth ? x->stack[x->depth - k] : -1;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    sg_xml *x = ud;
    if (x->rc)
        return;
    if (x->depth >= SG_XML_MAX_DEPTH) {
        sg_xml_fail(x, SG_ELIMIT, "elements nested deeper than %d", SG_XML_MAX_DEPTH);
        return;
    }
    x->capture = false;
    x->tlen = 0;
    int id = 0;
    if (x->h->start(x->ud, x, sg_xml_local(name), attrs, &id) != SG_OK) {
        if (!x->rc)
            sg_xml_fail(x, SG_EFORMAT, "reader rejected <%s>", name);
        return;
    }
    x->stack[x->depth++] = id;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    sg_xml *x = ud;
    (void)name;
    if (x->rc || x->depth == 0)
        return;
    int id = x->stack[--x->depth];
    const char *text = "";
    size_t len = 0;
    if (x->capture && x->text) {
        x->text[x->tlen] = '\0';
        text = x->text;
        len = x->tlen;
    }
    x->capture = false;
    x->tlen = 0;
    if (x->h->end(x->ud, x, id, text, len) != SG_OK && !x->rc)
        sg_xml_fail(x, SG_EFORMAT, "reader rejected </%s>", name);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    sg_xml *x = ud;
    if (x->rc || !x->capture || len <= 0)
        return;
    size_t n = (size_t)len;
    if (n > SG_XML_MAX_TEXT - x->tlen) {
        sg_xml_fail(x, SG_ELIMIT, "element text longer than %zu bytes", SG_XML_MAX_TEXT);
        return;
    }
    if (x->tlen + n + 1 > x->tcap) {
        size_t nc = sg_grow_cap_to(x->tcap, x->tlen + n + 1, 256, SG_XML_MAX_TEXT + 1, 1);
        char *t = sg_realloc_array(x->a, x->text, nc, 1);
        if (!t) {
            sg_xml_fail(x, SG_ENOMEM, "out of memory for element text");
            return;
        }
        x->text = t;
        x->tcap = nc;
    }
    memcpy(x->text + x->tlen, s, n);
    x->tlen += n;
}

static void XMLCALL on_entity_decl(void *ud, const XML_Char *name, int is_param,
                                   const XML_Char *value, int value_len, const XML_Char *base,
                                   const XML_Char *system_id, const XML_Char *public_id,
                                   const XML_Char *notation)
{
    (void)is_param, (void)value, (void)value_len, (void)base, (void)system_id;
    (void)public_id, (void)notation;
    sg_xml_fail(ud, SG_EUNSUPPORTED, "entity declaration '%s' refused (GPX/TCX need none)", name);
}

/* windows-1252: ISO-8859-1 except 0x80-0x9F (-1 = undefined byte). */
static const int cp1252_high[32] = {
    0x20AC, -1,     0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, -1,     0x017D, -1,     -1,     0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, -1,     0x017E, 0x0178};

static int XMLCALL on_unknown_encoding(void *data, const XML_Char *name, XML_Encoding *info)
{
    (void)data;
    if (!(sg_xml_ieq(name, "windows-1252") || sg_xml_ieq(name, "cp1252")))
        return XML_STATUS_ERROR;
    for (int i = 0; i < 256; i++)
        info->map[i] = (i >= 0x80 && i < 0xA0) ? cp1252_high[i - 0x80] : i;
    info->data = NULL;
    info->convert = NULL;
    info->release = NULL;
    return XML_STATUS_OK;
}

/* Expat refuses whitespace before "<?xml"; a few exporters write a newline
 * there. Skip it (after an optional UTF-8 BOM) and count the lines so
 * positions still point into the caller's buffer. */
static size_t leading_skip(const uint8_t *buf, size_t len, int *lines)
{
    size_t i = 0;
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
        i = 3;
    size_t j = i;
    int nl = 0;
    while (j < len && is_space((char)buf[j]))
        nl += buf[j++] == '\n';
    if (j > i && len - j >= 5 && memcmp(buf + j, "<?xml", 5) == 0) {
        *lines = nl;
        return j;
    }
    *lines = 0;
    return 0;
}

int sg_xml_run(const uint8_t *buf, size_t len, size_t chunk, const sg_xml_handlers *h,
               void *ud, const sg_allocator *a, sg_err *err)
{
    sg_xml x = {0};
    x.a = a ? a : sg_alloc_default();
    x.err = err;
    x.h = h;
    x.ud = ud;
    if (!buf && len)
        return sg_err_set(err, SG_EUSAGE, -1, "NULL buffer");
    if (len > SG_XML_MAX_BYTES)
        return sg_err_set(err, SG_ELIMIT, -1, "XML input larger than %zu bytes",
                          SG_XML_MAX_BYTES);
    if (!chunk || chunk > SG_XML_CHUNK)
        chunk = SG_XML_CHUNK;
    size_t off = leading_skip(buf, len, &x.line_base);
    x.skip = off;
    x.p = XML_ParserCreate(NULL);
    if (!x.p)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory creating the XML parser");
    XML_SetUserData(x.p, &x);
    XML_SetElementHandler(x.p, on_start, on_end);
    XML_SetCharacterDataHandler(x.p, on_text);
    XML_SetEntityDeclHandler(x.p, on_entity_decl);
    XML_SetUnknownEncodingHandler(x.p, on_unknown_encoding, NULL);
    XML_SetParamEntityParsing(x.p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(x.p, SG_XML_MAX_AMPLIFICATION);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(x.p,
                                                            SG_XML_AMPLIFICATION_THRESHOLD);
    do { /* runs once for empty input: expat reports "no element found" */
        size_t n = len - off < chunk ? len - off : chunk;
        int final = off + n == len;
        if (XML_Parse(x.p, (const char *)buf + off, (int)n, final) == XML_STATUS_ERROR) {
            if (!x.rc) {
                enum XML_Error e = XML_GetErrorCode(x.p);
                x.rc = (e == XML_ERROR_NO_MEMORY) ? SG_ENOMEM
                     : (e == XML_ERROR_AMPLIFICATION_LIMIT_BREACH) ? SG_ELIMIT
                     : SG_EFORMAT;
                sg_err_set_at(err, x.rc, (int)XML_GetCurrentLineNumber(x.p) + x.line_base,
                              (int)XML_GetCurrentColumnNumber(x.p) + 1, "XML: %s",
                              XML_ErrorString(e));
                if (err)
                    err->offset = (long long)XML_GetCurrentByteIndex(x.p) + (long long)x.skip;
            }
            break;
        }
        off += n;
    } while (off < len);
    XML_ParserFree(x.p);
    sg_free(x.a, x.text);
    return x.rc;
}
