/* The IMU recording blob: one sg_imu as a compressed float32 columnar record.
 *
 * Layout (all integers little-endian; docs/formats.md "Store schema"):
 *
 *   outer header (16 bytes, not compressed)
 *     0  "SGIM"                 magic
 *     4  u8  version            1
 *     5  u8  codec              1 = zstd
 *     6  u16 reserved           0
 *     8  u64 payload_len        bytes of the decompressed payload
 *    16  zstd frame             the payload
 *
 *   payload
 *     u64 n                     samples on the uniform grid
 *     f64 fs                    Hz
 *     f64 t0                    time of sample 0 (UTC s, or s from start)
 *     u8  flags                 bit 0 time_relative, bit 1 gyroscope present
 *     str source                reader name ("phyphox", "fit", ...)
 *     u32 n_gaps, then per gap: u64 index, f64 duration_s
 *     column acc x, acc y, acc z [, gyr x, gyr y, gyr z]
 *
 *   str     u32 length, then the bytes (no NUL)
 *   column  n float32 values, byte-shuffled: byte 0 of every value, then
 *           byte 1, ... (the exponent bytes of a sensor signal barely change,
 *           so zstd finds long runs in those planes).
 *
 * Why float32: it keeps 24 significant bits, a relative error below 6e-8
 * (6e-7 m/s^2 at 10 m/s^2, 2e-7 rad/s at 3 rad/s), orders of magnitude under
 * the noise of any body-worn MEMS sensor (~1e-2 m/s^2, ~1e-3 rad/s) and the
 * quantisation of the files themselves; doubles would double the size for
 * nothing. Times are not stored per sample: the grid is t0 + i/fs plus the
 * gaps, which are kept as f64 exactly.
 *
 * Ceilings on decode: n <= SG_IMU_MAX_SAMPLES, n_gaps <= SG_IMU_MAX_GAPS,
 * gap indices strictly increasing inside (0, n), fs finite and > 0, the
 * payload exactly as long as its contents, strings <= 64 bytes, every
 * value finite. */
#include "strideguard/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define IMU_BLOB_VERSION 1
#define CODEC_ZSTD 1
#define MAX_SOURCE 64u
#define ZSTD_LEVEL 3
#define FIXED_PAYLOAD (8 + 8 + 8 + 1 + 4 + 4)

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    put_u32(p, (uint32_t)v);
    put_u32(p + 4, (uint32_t)(v >> 32));
}

static void put_f64(unsigned char *p, double v)
{
    uint64_t u;
    memcpy(&u, &v, 8);
    put_u64(p, u);
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

static double get_f64(const unsigned char *p)
{
    uint64_t u = get_u64(p);
    double v;
    memcpy(&v, &u, 8);
    return v;
}

/* The reader names recordings carry are static strings; a decoded blob gets
 * the matching one back (unknown names read "stored"). */
static const char *static_source(const char *s, size_t n)
{
    static const char *const KNOWN[] = {"phyphox", "xsens", "shimmer", "iso-time csv",
                                        "csv",     "fit",   "generic csv", "simulated"};
    for (size_t i = 0; i < sizeof KNOWN / sizeof *KNOWN; i++)
        if (strlen(KNOWN[i]) == n && memcmp(KNOWN[i], s, n) == 0)
            return KNOWN[i];
    return "stored";
}

int sg_store_imu_blob_encode(const sg_imu *rec, unsigned char **out, size_t *len, sg_err *err)
{
    *out = NULL;
    *len = 0;
    if (!rec || !rec->n || !(rec->fs > 0) || !rec->acc[0])
        return sg_err_set(err, SG_EUSAGE, -1, "an empty IMU recording cannot be stored");
    if (rec->n > SG_IMU_MAX_SAMPLES || rec->n_gaps > SG_IMU_MAX_GAPS)
        return sg_err_set(err, SG_ELIMIT, -1, "IMU recording too large to store");
    const char *src = rec->source ? rec->source : "";
    size_t sl = strlen(src);
    if (sl > MAX_SOURCE)
        sl = MAX_SOURCE;
    bool gyro = rec->gyr[0] != NULL;
    int ncol = gyro ? 6 : 3;
    size_t plen = FIXED_PAYLOAD + sl + rec->n_gaps * 16 + (size_t)ncol * rec->n * 4;
    unsigned char *pl = malloc(plen);
    unsigned char *blob = NULL;
    int rc = SG_OK;
    if (!pl) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory encoding an IMU recording");
        goto out;
    }
    unsigned char *p = pl;
    put_u64(p, rec->n);
    put_f64(p + 8, rec->fs);
    put_f64(p + 16, rec->t0);
    p[24] = (unsigned char)((rec->time_relative ? 1 : 0) | (gyro ? 2 : 0));
    put_u32(p + 25, (uint32_t)sl);
    memcpy(p + 29, src, sl);
    p += 29 + sl;
    put_u32(p, (uint32_t)rec->n_gaps);
    p += 4;
    for (size_t g = 0; g < rec->n_gaps; g++, p += 16) {
        put_u64(p, rec->gaps[g].index);
        put_f64(p + 8, rec->gaps[g].duration_s);
    }
    for (int c = 0; c < ncol; c++) {
        const double *v = c < 3 ? rec->acc[c] : rec->gyr[c - 3];
        for (size_t i = 0; i < rec->n; i++) {
            float f = (float)v[i];
            if (!isfinite(f)) {
                rc = sg_err_set(err, SG_EFORMAT, -1, "IMU sample %zu is not a finite float", i);
                goto out;
            }
            uint32_t u;
            memcpy(&u, &f, 4);
            for (int k = 0; k < 4; k++)
                p[(size_t)k * rec->n + i] = (unsigned char)(u >> (8 * k));
        }
        p += 4 * rec->n;
    }
    size_t bound = ZSTD_compressBound(plen);
    blob = malloc(16 + bound);
    if (!blob) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory encoding an IMU recording");
        goto out;
    }
    size_t z = ZSTD_compress(blob + 16, bound, pl, plen, ZSTD_LEVEL);
    if (ZSTD_isError(z)) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "zstd: %s", ZSTD_getErrorName(z));
        goto out;
    }
    memcpy(blob, "SGIM", 4);
    blob[4] = IMU_BLOB_VERSION;
    blob[5] = CODEC_ZSTD;
    blob[6] = blob[7] = 0;
    put_u64(blob + 8, plen);
    *out = blob;
    *len = 16 + z;
    blob = NULL;
out:
    free(pl);
    free(blob);
    return rc;
}

int sg_store_imu_blob_decode(const void *data, size_t len, const sg_allocator *a, sg_imu **out,
                             sg_err *err)
{
    *out = NULL;
    const unsigned char *b = data;
    unsigned char *pl = NULL;
    sg_imu *rec = NULL;
    int rc = SG_OK;
    if (len < 16 || memcmp(b, "SGIM", 4) != 0)
        return sg_err_set(err, SG_EFORMAT, 0, "not an IMU recording blob");
    if (b[4] != IMU_BLOB_VERSION || b[5] != CODEC_ZSTD)
        return sg_err_set(err, SG_EFORMAT, 4, "IMU blob version %u codec %u not supported",
                          b[4], b[5]);
    uint64_t plen = get_u64(b + 8);
    /* the largest legal payload: every sample with gyroscope, every gap */
    uint64_t max = FIXED_PAYLOAD + MAX_SOURCE + (uint64_t)SG_IMU_MAX_GAPS * 16 +
                   (uint64_t)SG_IMU_MAX_SAMPLES * 24;
    if (plen < FIXED_PAYLOAD || plen > max)
        return sg_err_set(err, SG_ELIMIT, 8, "IMU blob payload of %llu bytes",
                          (unsigned long long)plen);
    unsigned long long fcs = ZSTD_getFrameContentSize(b + 16, len - 16);
    if (fcs != plen)
        return sg_err_set(err, SG_EFORMAT, 16, "IMU blob frame does not hold %llu bytes",
                          (unsigned long long)plen);
    pl = malloc((size_t)plen);
    if (!pl)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory decoding an IMU recording");
    size_t got = ZSTD_decompress(pl, (size_t)plen, b + 16, len - 16);
    if (ZSTD_isError(got) || got != plen) {
        rc = sg_err_set(err, SG_EFORMAT, 16, "IMU blob: %s",
                        ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short payload");
        goto out;
    }
    uint64_t n = get_u64(pl);
    double fs = get_f64(pl + 8), t0 = get_f64(pl + 16);
    unsigned flags = pl[24];
    uint32_t sl = get_u32(pl + 25);
    if (n == 0 || n > SG_IMU_MAX_SAMPLES || !isfinite(fs) || !(fs > 0) || flags > 3 ||
        sl > MAX_SOURCE || !isfinite(t0)) {
        rc = sg_err_set(err, SG_EFORMAT, 16, "IMU blob header out of range");
        goto out;
    }
    if ((uint64_t)29 + sl + 4 > plen) {
        rc = sg_err_set(err, SG_EFORMAT, 16, "IMU blob truncated");
        goto out;
    }
    const char *src = static_source((const char *)pl + 29, sl);
    const unsigned char *p = pl + 29 + sl;
    uint32_t ng = get_u32(p);
    p += 4;
    bool gyro = (flags & 2) != 0;
    uint64_t ncol = gyro ? 6 : 3;
    if (ng > SG_IMU_MAX_GAPS || FIXED_PAYLOAD + sl + (uint64_t)ng * 16 + ncol * n * 4 != plen) {
        rc = sg_err_set(err, SG_EFORMAT, 16, "IMU blob sizes do not add up");
        goto out;
    }
    if ((rc = sg_imu_new(a, (size_t)n, fs, gyro, &rec, err)))
        goto out;
    rec->t0 = t0;
    rec->time_relative = (flags & 1) != 0;
    rec->source = src;
    uint64_t last = 0;
    for (uint32_t g = 0; g < ng; g++, p += 16) {
        uint64_t idx = get_u64(p);
        double d = get_f64(p + 8);
        if (idx <= last || idx >= n || !isfinite(d) || d < 0) {
            rc = sg_err_set(err, SG_EFORMAT, 16, "IMU blob gap %u out of range", g);
            goto out;
        }
        last = idx;
        if ((rc = sg_imu_add_gap(rec, (size_t)idx, d, err)))
            goto out;
    }
    for (uint64_t c = 0; c < ncol; c++) {
        double *v = c < 3 ? rec->acc[c] : rec->gyr[c - 3];
        for (uint64_t i = 0; i < n; i++) {
            uint32_t u = 0;
            for (int k = 0; k < 4; k++)
                u |= (uint32_t)p[(uint64_t)k * n + i] << (8 * k);
            float f;
            memcpy(&f, &u, 4);
            if (!isfinite(f)) {
                rc = sg_err_set(err, SG_EFORMAT, 16, "IMU blob sample %llu is not finite",
                                (unsigned long long)i);
                goto out;
            }
            v[i] = (double)f;
        }
        p += 4 * n;
    }
    *out = rec;
    rec = NULL;
out:
    free(pl);
    sg_imu_free(rec);
    return rc;
}
