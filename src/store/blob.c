/* The sample blob: one activity as a compressed columnar record.
 *
 * Layout (all integers little-endian):
 *
 *   outer header (16 bytes, not compressed)
 *     0  "SGAB"                 magic
 *     4  u8  version            1
 *     5  u8  codec              1 = zstd
 *     6  u16 reserved           0
 *     8  u64 payload_len        bytes of the decompressed payload
 *    16  zstd frame             the payload, optionally followed by one
 *                               zstd skippable frame of zeros that keeps
 *                               payload_len <= 128 x blob length + 64 KiB
 *
 *   payload
 *     u64 n                     samples
 *     u32 channel_mask          bit c set = column sg_channel c present
 *     column * popcount(mask)   ascending channel order, n values each
 *     u32 n_dev, then per developer column: str name, str units, str app_id, column
 *     u32 n_laps, then per lap: totals
 *     u32 n_sessions, then per session: totals, u8 sport, u8 sub_sport,
 *                                       i32 fit_sport, i32 fit_sub_sport
 *     device: str manufacturer, str product, str serial, str software,
 *             i32 manufacturer_id, i32 product_id
 *     u8 sport, u8 sub_sport, u8 alt_source, u8 time_relative
 *     str name, str source_format
 *     accel: u64 n, column t, column x, column y, column z
 *     gyro:  same
 *     optional, only when the activity has timer events (older blobs end
 *     before it): u32 n_timer, then per event: f64 t, u8 running
 *
 *   str     u32 length (0xFFFFFFFF = NULL), then the bytes (no NUL)
 *   totals  11 raw f64 in sg_totals member order
 *   column  u8 encoding, then
 *     0 RAW     n f64 "byte-shuffled": byte k of every value, for k = 0..7
 *               (slowly varying doubles then share long runs per plane,
 *               which zstd compresses well); bit-exact for any value
 *     1 SCALED  u8 e (scale = 10^e, 0..9), then n LEB128 varints: 0 = NaN,
 *               otherwise zigzag(k_i - k_prev) + 1 where k_i * 10^-e is the
 *               value (k_prev = last non-NaN k, starting at 0). Chosen only
 *               when (double)k / 10^e reproduces every value bit for bit and
 *               every NaN is the default quiet NaN, so the choice never loses
 *               information.
 *
 * Ceilings on decode: n <= SG_ACTIVITY_MAX_SAMPLES, n_dev <=
 * SG_ACTIVITY_MAX_DEVFIELDS, laps/sessions <= 100,000, payload <= 1 GiB,
 * strings <= 64 KiB, payload <= 128 x stored bytes + 64 KiB (checked before
 * anything is allocated); every read is bounds-checked. */
#include "strideguard/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define BLOB_VERSION 1
#define CODEC_ZSTD 1
#define ENC_RAW 0
#define ENC_SCALED 1
#define MAX_PAYLOAD ((uint64_t)1 << 30)
#define MAX_STR 65536u
#define MAX_LAPS 100000u
/* Ceiling on decoded size per stored byte: plen <= stored * RATIO + SLACK.
 * Measured max over every real file in ../shared/data and the demo store:
 * 29.9:1 (docs/internals-store.md); 128 is over 4x that. A bomb claims
 * ~16,700:1. */
#define MAX_RATIO 128u
#define RATIO_SLACK ((uint64_t)64 * 1024)
#define ZSTD_LEVEL 3

/* ---- writer ----------------------------------------------------------- */

typedef struct wbuf {
    unsigned char *p;
    size_t len, cap;
    int failed;
} wbuf;

static unsigned char *wreserve(wbuf *b, size_t n)
{
    if (b->failed)
        return NULL;
    if (n > MAX_PAYLOAD || b->len > MAX_PAYLOAD - n) {
        b->failed = SG_ELIMIT;
        return NULL;
    }
    if (b->len + n > b->cap) {
        size_t nc = b->cap ? b->cap : 4096;
        while (nc < b->len + n)
            nc *= 2;
        unsigned char *q = realloc(b->p, nc);
        if (!q) {
            b->failed = SG_ENOMEM;
            return NULL;
        }
        b->p = q;
        b->cap = nc;
    }
    unsigned char *r = b->p + b->len;
    b->len += n;
    return r;
}

static void wbytes(wbuf *b, const void *src, size_t n)
{
    unsigned char *d = wreserve(b, n);
    if (d && n)
        memcpy(d, src, n);
}

static void wu8(wbuf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    wbytes(b, &c, 1);
}

static void wu32(wbuf *b, uint32_t v)
{
    unsigned char d[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    wbytes(b, d, 4);
}

static void wu64(wbuf *b, uint64_t v)
{
    wu32(b, (uint32_t)v);
    wu32(b, (uint32_t)(v >> 32));
}

static uint64_t dbits(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

static double bitsd(uint64_t u)
{
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

static void wf64(wbuf *b, double v) { wu64(b, dbits(v)); }

static void wstr(wbuf *b, const char *s)
{
    if (!s) {
        wu32(b, 0xFFFFFFFFu);
        return;
    }
    size_t n = strlen(s);
    if (n > MAX_STR)
        n = MAX_STR; /* longer names are cut, never stored unbounded */
    wu32(b, (uint32_t)n);
    wbytes(b, s, n);
}

static void wvarint(wbuf *b, uint64_t v)
{
    unsigned char d[10];
    size_t k = 0;
    do {
        d[k] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            d[k] |= 0x80;
        k++;
    } while (v);
    wbytes(b, d, k);
}

static const double POW10[10] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

/* Can every value be written as an integer multiple of 10^-e and read back
 * bit for bit? */
static bool scaled_exact(const double *v, size_t n, int e)
{
    const uint64_t qnan = dbits(NAN);
    for (size_t i = 0; i < n; i++) {
        double x = v[i];
        if (isnan(x)) {
            if (dbits(x) != qnan)
                return false;
            continue;
        }
        double s = x * POW10[e];
        if (!(fabs(s) < 9007199254740992.0)) /* 2^53: exact integers only */
            return false;
        long long k = llround(s);
        if (dbits((double)k / POW10[e]) != dbits(x))
            return false;
    }
    return true;
}

static void wcolumn(wbuf *b, const double *v, size_t n)
{
    int e = -1;
    for (int t = 0; t < 10 && n > 0; t++) {
        if (scaled_exact(v, n, t)) {
            e = t;
            break;
        }
    }
    if (e < 0) {
        wu8(b, ENC_RAW);
        unsigned char *d = wreserve(b, n * 8);
        if (!d)
            return;
        for (size_t i = 0; i < n; i++) {
            uint64_t u = dbits(v[i]);
            for (int k = 0; k < 8; k++)
                d[(size_t)k * n + i] = (unsigned char)(u >> (8 * k));
        }
        return;
    }
    wu8(b, ENC_SCALED);
    wu8(b, (unsigned)e);
    long long prev = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) {
            wvarint(b, 0);
            continue;
        }
        long long k = llround(v[i] * POW10[e]);
        long long d = k - prev; /* |k| < 2^53, so no overflow */
        prev = k;
        uint64_t z = ((uint64_t)d << 1) ^ (uint64_t)(d >> 63);
        wvarint(b, z + 1);
    }
}

static void wtotals(wbuf *b, const sg_totals *t)
{
    wf64(b, t->start_time);
    wf64(b, t->elapsed_s);
    wf64(b, t->timer_s);
    wf64(b, t->distance_m);
    wf64(b, t->ascent_m);
    wf64(b, t->descent_m);
    wf64(b, t->avg_hr);
    wf64(b, t->max_hr);
    wf64(b, t->avg_cadence);
    wf64(b, t->avg_speed);
    wf64(b, t->calories);
}

static void wmotion(wbuf *b, const sg_raw_motion *m)
{
    wu64(b, m->n);
    if (!m->n)
        return;
    wcolumn(b, m->t, m->n);
    wcolumn(b, m->x, m->n);
    wcolumn(b, m->y, m->n);
    wcolumn(b, m->z, m->n);
}

int sg_store_blob_encode(const sg_activity *act, unsigned char **out, size_t *len, sg_err *err)
{
    *out = NULL;
    *len = 0;
    int rc = SG_OK;
    wbuf b = {0};
    unsigned char *z = NULL;
    uint32_t mask = 0;
    for (int c = 0; c < SG_CH_COUNT; c++)
        if (act->ch[c])
            mask |= 1u << c;
    wu64(&b, act->n);
    wu32(&b, mask);
    for (int c = 0; c < SG_CH_COUNT; c++)
        if (act->ch[c])
            wcolumn(&b, act->ch[c], act->n);
    wu32(&b, (uint32_t)act->n_dev);
    for (size_t i = 0; i < act->n_dev; i++) {
        wstr(&b, act->dev[i].name);
        wstr(&b, act->dev[i].units);
        wstr(&b, act->dev[i].app_id);
        wcolumn(&b, act->dev[i].v, act->n);
    }
    wu32(&b, (uint32_t)act->n_laps);
    for (size_t i = 0; i < act->n_laps; i++)
        wtotals(&b, &act->laps[i]);
    wu32(&b, (uint32_t)act->n_sessions);
    for (size_t i = 0; i < act->n_sessions; i++) {
        const sg_session *s = &act->sessions[i];
        wtotals(&b, &s->totals);
        wu8(&b, (unsigned)s->sport);
        wu8(&b, (unsigned)s->sub_sport);
        wu32(&b, (uint32_t)s->fit_sport);
        wu32(&b, (uint32_t)s->fit_sub_sport);
    }
    wstr(&b, act->device.manufacturer);
    wstr(&b, act->device.product);
    wstr(&b, act->device.serial);
    wstr(&b, act->device.software);
    wu32(&b, (uint32_t)act->device.manufacturer_id);
    wu32(&b, (uint32_t)act->device.product_id);
    wu8(&b, (unsigned)act->sport);
    wu8(&b, (unsigned)act->sub_sport);
    wu8(&b, (unsigned)act->alt_source);
    wu8(&b, act->time_relative ? 1 : 0);
    wstr(&b, act->name);
    wstr(&b, act->source_format);
    wmotion(&b, &act->accel);
    wmotion(&b, &act->gyro);
    if (act->n_timer) {
        wu32(&b, (uint32_t)act->n_timer);
        for (size_t i = 0; i < act->n_timer; i++) {
            wf64(&b, act->timer[i].t);
            wu8(&b, act->timer[i].running ? 1 : 0);
        }
    }
    if (b.failed) {
        rc = sg_err_set(err, b.failed, -1,
                        b.failed == SG_ENOMEM ? "out of memory encoding samples"
                                              : "activity too large to store");
        goto out;
    }
    size_t bound = ZSTD_compressBound(b.len);
    z = malloc(16 + bound);
    if (!z) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory compressing samples");
        goto out;
    }
    memcpy(z, "SGAB", 4);
    z[4] = BLOB_VERSION;
    z[5] = CODEC_ZSTD;
    z[6] = z[7] = 0;
    for (int k = 0; k < 8; k++)
        z[8 + k] = (unsigned char)((uint64_t)b.len >> (8 * k));
    size_t zn = ZSTD_compress(z + 16, bound, b.p, b.len, ZSTD_LEVEL);
    if (ZSTD_isError(zn)) {
        rc = sg_err_set(err, SG_EFORMAT, -1, "zstd: %s", ZSTD_getErrorName(zn));
        goto out;
    }
    /* A run of near-constant columns can compress past the decoder's
     * ceiling; a zstd skippable frame pads it so the store never writes a
     * blob its own decoder refuses (costs < 1 % of the decoded size). */
    uint64_t total = 16 + (uint64_t)zn;
    if ((uint64_t)b.len > total * MAX_RATIO + RATIO_SLACK) {
        uint64_t need = ((uint64_t)b.len - RATIO_SLACK + MAX_RATIO - 1) / MAX_RATIO;
        uint64_t pad = need > total + 8 ? need - total - 8 : 0;
        unsigned char *q = realloc(z, (size_t)(total + 8 + pad));
        if (!q) {
            rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory compressing samples");
            goto out;
        }
        z = q;
        unsigned char *f = z + total;
        f[0] = 0x50; /* ZSTD_MAGIC_SKIPPABLE_START, little-endian */
        f[1] = 0x2A;
        f[2] = 0x4D;
        f[3] = 0x18;
        for (int k = 0; k < 4; k++)
            f[4 + k] = (unsigned char)(pad >> (8 * k));
        memset(f + 8, 0, (size_t)pad);
        total += 8 + pad;
    }
    *out = z;
    *len = (size_t)total;
    z = NULL;
out:
    free(z);
    free(b.p);
    return rc;
}

/* ---- reader ----------------------------------------------------------- */

typedef struct rbuf {
    const unsigned char *p;
    size_t len, pos;
    int failed;
} rbuf;

static const unsigned char *rtake(rbuf *r, size_t n)
{
    if (r->failed || n > r->len - r->pos) {
        r->failed = 1;
        return NULL;
    }
    const unsigned char *q = r->p + r->pos;
    r->pos += n;
    return q;
}

static unsigned ru8(rbuf *r)
{
    const unsigned char *q = rtake(r, 1);
    return q ? q[0] : 0;
}

static uint32_t ru32(rbuf *r)
{
    const unsigned char *q = rtake(r, 4);
    return q ? (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24
             : 0;
}

static uint64_t ru64(rbuf *r)
{
    uint64_t lo = ru32(r);
    return lo | (uint64_t)ru32(r) << 32;
}

static double rf64(rbuf *r) { return bitsd(ru64(r)); }

static uint64_t rvarint(rbuf *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        unsigned c = ru8(r);
        if (r->failed)
            return 0;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->failed = 1;
    return 0;
}

/* Reads a string into *dst (allocated with a); NULL stays NULL. */
static int rstr(rbuf *r, const sg_allocator *a, char **dst)
{
    *dst = NULL;
    uint32_t n = ru32(r);
    if (r->failed)
        return SG_EFORMAT;
    if (n == 0xFFFFFFFFu)
        return SG_OK;
    if (n > MAX_STR)
        return SG_EFORMAT;
    const unsigned char *q = rtake(r, n);
    if (!q)
        return SG_EFORMAT;
    *dst = sg_strndup(a, (const char *)q, n);
    return *dst ? SG_OK : SG_ENOMEM;
}

static int rcolumn(rbuf *r, double *v, size_t n)
{
    unsigned enc = ru8(r);
    if (r->failed)
        return SG_EFORMAT;
    if (enc == ENC_RAW) {
        if (n > (r->len - r->pos) / 8)
            return SG_EFORMAT;
        const unsigned char *d = rtake(r, n * 8);
        for (size_t i = 0; i < n; i++) {
            uint64_t u = 0;
            for (int k = 0; k < 8; k++)
                u |= (uint64_t)d[(size_t)k * n + i] << (8 * k);
            v[i] = bitsd(u);
        }
        return SG_OK;
    }
    if (enc != ENC_SCALED)
        return SG_EFORMAT;
    unsigned e = ru8(r);
    if (r->failed || e > 9)
        return SG_EFORMAT;
    long long prev = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t z = rvarint(r);
        if (r->failed)
            return SG_EFORMAT;
        if (z == 0) {
            v[i] = NAN;
            continue;
        }
        z -= 1;
        long long d = (long long)(z >> 1) ^ -(long long)(z & 1);
        /* Valid blobs keep |k| < 2^53; reject anything that would overflow. */
        if ((d > 0 && prev > (1LL << 53) - d) || (d < 0 && prev < -(1LL << 53) - d))
            return SG_EFORMAT;
        prev += d;
        v[i] = (double)prev / POW10[e];
    }
    return SG_OK;
}

static void rtotals(rbuf *r, sg_totals *t)
{
    t->start_time = rf64(r);
    t->elapsed_s = rf64(r);
    t->timer_s = rf64(r);
    t->distance_m = rf64(r);
    t->ascent_m = rf64(r);
    t->descent_m = rf64(r);
    t->avg_hr = rf64(r);
    t->max_hr = rf64(r);
    t->avg_cadence = rf64(r);
    t->avg_speed = rf64(r);
    t->calories = rf64(r);
}

static int rmotion(rbuf *r, sg_activity *act, sg_raw_motion *m)
{
    uint64_t n = ru64(r);
    if (r->failed)
        return SG_EFORMAT;
    /* four columns of n values, each value at least one byte: a count the
     * payload cannot hold is refused before anything is allocated */
    if (n > SG_ACTIVITY_MAX_SAMPLES || n > (r->len - r->pos) / 4)
        return SG_EFORMAT;
    if (!n)
        return SG_OK;
    double **cols[4] = {&m->t, &m->x, &m->y, &m->z};
    for (int k = 0; k < 4; k++) {
        *cols[k] = sg_realloc_array(act->alloc, NULL, (size_t)n, sizeof(double));
        if (!*cols[k])
            return SG_ENOMEM;
    }
    m->n = m->cap = (size_t)n;
    for (int k = 0; k < 4; k++) {
        int rc = rcolumn(r, *cols[k], (size_t)n);
        if (rc)
            return rc;
    }
    return SG_OK;
}

static int decode_payload(rbuf *r, sg_activity *act)
{
    int rc;
    uint64_t n = ru64(r);
    uint32_t mask = ru32(r);
    if (r->failed || n > SG_ACTIVITY_MAX_SAMPLES || (mask >> SG_CH_COUNT) != 0)
        return SG_EFORMAT;
    /* each value of each present column takes at least one byte, so
     * n * columns is bounded by what is left; checked before allocating */
    unsigned cols = 0;
    for (uint32_t m = mask; m; m &= m - 1)
        cols++;
    if (cols && n > (r->len - r->pos) / cols)
        return SG_EFORMAT;
    act->n = act->cap = (size_t)n;
    for (int c = 0; c < SG_CH_COUNT; c++) {
        if (!(mask & (1u << c)))
            continue;
        act->ch[c] = sg_realloc_array(act->alloc, NULL, n ? (size_t)n : 1, sizeof(double));
        if (!act->ch[c])
            return SG_ENOMEM;
        if ((rc = rcolumn(r, act->ch[c], (size_t)n)))
            return rc;
    }
    uint32_t n_dev = ru32(r);
    if (r->failed || n_dev > SG_ACTIVITY_MAX_DEVFIELDS)
        return SG_EFORMAT;
    if (n_dev) {
        act->dev = sg_calloc_array(act->alloc, n_dev, sizeof *act->dev);
        if (!act->dev)
            return SG_ENOMEM;
    }
    for (uint32_t i = 0; i < n_dev; i++) {
        sg_devfield *f = &act->dev[i];
        act->n_dev = i + 1; /* so a failure below frees what was built */
        if ((rc = rstr(r, act->alloc, &f->name)) || (rc = rstr(r, act->alloc, &f->units)) ||
            (rc = rstr(r, act->alloc, &f->app_id)))
            return rc;
        if (!f->name)
            return SG_EFORMAT; /* a developer column always has a name */
        f->v = sg_realloc_array(act->alloc, NULL, n ? (size_t)n : 1, sizeof(double));
        if (!f->v)
            return SG_ENOMEM;
        if ((rc = rcolumn(r, f->v, (size_t)n)))
            return rc;
    }
    uint32_t n_laps = ru32(r);
    if (r->failed || n_laps > MAX_LAPS || (size_t)n_laps * 88 > r->len - r->pos)
        return SG_EFORMAT;
    if (n_laps) {
        act->laps = sg_calloc_array(act->alloc, n_laps, sizeof *act->laps);
        if (!act->laps)
            return SG_ENOMEM;
        act->n_laps = n_laps;
        for (uint32_t i = 0; i < n_laps; i++)
            rtotals(r, &act->laps[i]);
    }
    uint32_t n_sess = ru32(r);
    if (r->failed || n_sess > MAX_LAPS || (size_t)n_sess * 98 > r->len - r->pos)
        return SG_EFORMAT;
    if (n_sess) {
        act->sessions = sg_calloc_array(act->alloc, n_sess, sizeof *act->sessions);
        if (!act->sessions)
            return SG_ENOMEM;
        act->n_sessions = n_sess;
        for (uint32_t i = 0; i < n_sess; i++) {
            sg_session *s = &act->sessions[i];
            rtotals(r, &s->totals);
            s->sport = (sg_sport)ru8(r);
            s->sub_sport = (sg_sub_sport)ru8(r);
            s->fit_sport = (int)(int32_t)ru32(r);
            s->fit_sub_sport = (int)(int32_t)ru32(r);
        }
    }
    if ((rc = rstr(r, act->alloc, &act->device.manufacturer)) ||
        (rc = rstr(r, act->alloc, &act->device.product)) ||
        (rc = rstr(r, act->alloc, &act->device.serial)) ||
        (rc = rstr(r, act->alloc, &act->device.software)))
        return rc;
    act->device.manufacturer_id = (int)(int32_t)ru32(r);
    act->device.product_id = (int)(int32_t)ru32(r);
    act->sport = (sg_sport)ru8(r);
    act->sub_sport = (sg_sub_sport)ru8(r);
    act->alt_source = (sg_alt_source)ru8(r);
    act->time_relative = ru8(r) != 0;
    if (r->failed)
        return SG_EFORMAT;
    if ((rc = rstr(r, act->alloc, &act->name)) || (rc = rstr(r, act->alloc, &act->source_format)))
        return rc;
    if ((rc = rmotion(r, act, &act->accel)) || (rc = rmotion(r, act, &act->gyro)))
        return rc;
    if (r->pos != r->len) {
        uint32_t nt = ru32(r);
        if (r->failed || nt == 0 || (size_t)nt * 9 != r->len - r->pos)
            return SG_EFORMAT; /* trailing bytes: written by something else */
        for (uint32_t i = 0; i < nt; i++) {
            double t = rf64(r);
            bool running = ru8(r) != 0;
            if ((rc = sg_activity_add_timer(act, t, running, NULL)))
                return rc;
        }
    }
    if (r->pos != r->len)
        return SG_EFORMAT;
    return SG_OK;
}

int sg_store_blob_decode(const void *blob, size_t len, const sg_allocator *a,
                         sg_activity **out, sg_err *err)
{
    *out = NULL;
    const unsigned char *p = blob;
    int rc = SG_OK;
    unsigned char *payload = NULL;
    sg_activity *act = NULL;
    if (len < 16 || memcmp(p, "SGAB", 4) != 0)
        return sg_err_set(err, SG_EFORMAT, 0, "not a strideguard sample blob");
    if (p[4] != BLOB_VERSION || p[5] != CODEC_ZSTD)
        return sg_err_set(err, SG_EFORMAT, 4, "sample blob version %u codec %u not supported",
                          p[4], p[5]);
    uint64_t plen = 0;
    for (int k = 0; k < 8; k++)
        plen |= (uint64_t)p[8 + k] << (8 * k);
    if (plen > MAX_PAYLOAD)
        return sg_err_set(err, SG_ELIMIT, 8, "sample blob payload of %llu bytes is too large",
                          (unsigned long long)plen);
    if (plen > (uint64_t)len * MAX_RATIO + RATIO_SLACK)
        return sg_err_set(err, SG_EFORMAT, 8,
                          "sample blob claims %llu bytes from %llu stored: refused (more than %u:1)",
                          (unsigned long long)plen, (unsigned long long)len, MAX_RATIO);
    unsigned long long fsz = ZSTD_getFrameContentSize(p + 16, len - 16);
    if (fsz != plen)
        return sg_err_set(err, SG_EFORMAT, 16, "sample blob size does not match its frame");
    /* from the caller's allocator: a walk over many runs reuses the block */
    payload = sg_malloc(a, plen ? (size_t)plen : 1);
    if (!payload)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for %llu-byte sample blob",
                          (unsigned long long)plen);
    size_t got = ZSTD_decompress(payload, (size_t)plen, p + 16, len - 16);
    if (ZSTD_isError(got) || got != plen) {
        rc = sg_err_set(err, SG_EFORMAT, 16, "sample blob does not decompress: %s",
                        ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short");
        goto out;
    }
    act = sg_activity_new(a);
    if (!act) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory for activity");
        goto out;
    }
    rbuf r = {payload, (size_t)plen, 0, 0};
    rc = decode_payload(&r, act);
    if (rc) {
        if (rc == SG_ENOMEM)
            sg_err_set(err, rc, -1, "out of memory decoding sample blob");
        else
            sg_err_set(err, rc, (long long)r.pos, "damaged sample blob");
        goto out;
    }
    *out = act;
    act = NULL;
out:
    sg_activity_free(act);
    sg_free(a, payload);
    return rc;
}
