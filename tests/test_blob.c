/* The sample blob decoder against lying headers: a sample count the payload
 * cannot hold is refused before the columns are allocated. */
#include "support/sg_test.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include "strideguard/store.h"

/* Largest single request seen by the allocator. */
typedef struct {
    sg_allocator base;
    size_t largest;
} peak_alloc;

static void *pa_malloc(size_t n, void *ctx)
{
    peak_alloc *p = ctx;
    if (n > p->largest)
        p->largest = n;
    return malloc(n);
}

static void *pa_realloc(void *q, size_t n, void *ctx)
{
    peak_alloc *p = ctx;
    if (n > p->largest)
        p->largest = n;
    return realloc(q, n);
}

static void pa_free(void *q, void *ctx)
{
    (void)ctx;
    free(q);
}

/* A blob whose payload is u64 n, u32 mask, then `body` pseudo-random bytes
 * (incompressible, so the size ceiling per stored byte is not what refuses
 * it). */
static unsigned char *lying_blob(uint64_t n, uint32_t mask, size_t body, size_t *len)
{
    size_t plen = 12 + body;
    unsigned char *payload = calloc(1, plen);
    assert_non_null(payload);
    for (int k = 0; k < 8; k++)
        payload[k] = (unsigned char)(n >> (8 * k));
    for (int k = 0; k < 4; k++)
        payload[8 + k] = (unsigned char)(mask >> (8 * k));
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < body; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        payload[12 + i] = (unsigned char)x;
    }
    size_t bound = ZSTD_compressBound(plen);
    unsigned char *blob = calloc(1, 16 + bound);
    assert_non_null(blob);
    memcpy(blob, "SGAB", 4);
    blob[4] = 1; /* version */
    blob[5] = 1; /* zstd */
    for (int k = 0; k < 8; k++)
        blob[8 + k] = (unsigned char)((uint64_t)plen >> (8 * k));
    size_t zn = ZSTD_compress(blob + 16, bound, payload, plen, 3);
    assert_false(ZSTD_isError(zn));
    free(payload);
    *len = 16 + zn;
    return blob;
}

/* Decodes blob with a peak-measuring allocator; asserts a clean SG_EFORMAT
 * refusal and returns the largest single allocation. */
static size_t refused_peak(const unsigned char *blob, size_t len, sg_err *err)
{
    peak_alloc pa = {{pa_malloc, pa_realloc, pa_free, NULL}, 0};
    pa.base.ctx = &pa;
    sg_activity *act = NULL;
    memset(err, 0, sizeof *err);
    int rc = sg_store_blob_decode(blob, len, &pa.base, &act, err);
    assert_int_equal(rc, SG_EFORMAT);
    assert_null(act);
    assert_int_equal(err->code, SG_EFORMAT);
    return pa.largest;
}

static void test_count_larger_than_payload(void **state)
{
    (void)state;
    /* 1,000,000 samples in 3 columns claimed, 1.5 MB of body: enough for
     * one column of one-byte values, not for three */
    size_t len;
    unsigned char *blob = lying_blob(1000000, 0x7u, 1500000, &len);
    sg_err err;
    size_t largest = refused_peak(blob, len, &err);
    assert_true(err.msg[0] != '\0');
    /* the payload itself (1.5 MB) is read; no 8 MB column is allocated */
    assert_true(largest < 2u * 1000 * 1000);
    free(blob);
}

/* The bomb: a header claiming 160,000,000 bytes, honestly backed by
 * a zstd frame of 160 MB of zeros (a few KB stored). Refused from the sizes
 * alone: the decoder allocates nothing over 1 MB. */
static void test_ratio_ceiling(void **state)
{
    (void)state;
    const uint64_t plen = 160000000u;
    const size_t chunk = 1u << 20;
    unsigned char *zeros = calloc(1, chunk);
    size_t cap = 1u << 20;
    unsigned char *blob = calloc(1, 16 + cap);
    assert_non_null(zeros);
    assert_non_null(blob);
    memcpy(blob, "SGAB", 4);
    blob[4] = 1; /* version */
    blob[5] = 1; /* zstd */
    for (int k = 0; k < 8; k++)
        blob[8 + k] = (unsigned char)(plen >> (8 * k));
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    assert_non_null(cc);
    assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 19)));
    assert_false(ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(cc, plen)));
    ZSTD_outBuffer ob = {blob + 16, cap, 0};
    for (uint64_t done = 0; done < plen; done += chunk) {
        size_t n = plen - done < chunk ? (size_t)(plen - done) : chunk;
        ZSTD_inBuffer ib = {zeros, n, 0};
        ZSTD_EndDirective end = done + n == plen ? ZSTD_e_end : ZSTD_e_continue;
        size_t left;
        do {
            left = ZSTD_compressStream2(cc, &ob, &ib, end);
            assert_false(ZSTD_isError(left));
        } while (end == ZSTD_e_end ? left != 0 : ib.pos < ib.size);
    }
    ZSTD_freeCCtx(cc);
    free(zeros);
    size_t len = 16 + ob.pos;
    assert_true(len < 100000);
    assert_int_equal(ZSTD_getFrameContentSize(blob + 16, len - 16), plen);

    sg_err err;
    size_t largest = refused_peak(blob, len, &err);
    assert_true(strstr(err.msg, "claims 160000000 bytes") != NULL);
    assert_true(largest < 1000u * 1000);
    free(blob);
}

/* The store never writes what its decoder refuses: 3,000,000 samples of a
 * constant time step compress far past 128:1 and are padded to fit. */
static void test_encoder_stays_under_ceiling(void **state)
{
    (void)state;
    sg_activity *act = sg_activity_new(NULL);
    assert_non_null(act);
    const size_t n = 3000000;
    for (size_t i = 0; i < n; i++) {
        size_t idx;
        assert_int_equal(sg_activity_append(act, &idx, NULL), SG_OK);
        assert_int_equal(sg_activity_set(act, SG_CH_TIME, idx, 1.7e9 + (double)i, NULL), SG_OK);
    }
    unsigned char *blob = NULL;
    size_t len = 0;
    sg_err err = {0};
    assert_int_equal(sg_store_blob_encode(act, &blob, &len, &err), SG_OK);
    uint64_t plen = 0;
    for (int k = 0; k < 8; k++)
        plen |= (uint64_t)blob[8 + k] << (8 * k);
    assert_true(plen <= (uint64_t)len * 128 + 65536);
    sg_activity *back = NULL;
    assert_int_equal(sg_store_blob_decode(blob, len, NULL, &back, &err), SG_OK);
    assert_int_equal(back->n, n);
    assert_true(sg_activity_get(back, SG_CH_TIME, n - 1) == 1.7e9 + (double)(n - 1));
    sg_activity_free(back);
    sg_activity_free(act);
    free(blob);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_larger_than_payload),
        cmocka_unit_test(test_ratio_ceiling),
        cmocka_unit_test(test_encoder_stays_under_ceiling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
