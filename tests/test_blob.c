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

/* A blob whose payload is u64 n, u32 mask, then `body` zero bytes. */
static unsigned char *lying_blob(uint64_t n, uint32_t mask, size_t body, size_t *len)
{
    size_t plen = 12 + body;
    unsigned char *payload = calloc(1, plen);
    assert_non_null(payload);
    for (int k = 0; k < 8; k++)
        payload[k] = (unsigned char)(n >> (8 * k));
    for (int k = 0; k < 4; k++)
        payload[8 + k] = (unsigned char)(mask >> (8 * k));
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

static void test_count_larger_than_payload(void **state)
{
    (void)state;
    /* 1,000,000 samples in 3 columns claimed, 1.5 MB of body: enough for
     * one column of one-byte values, not for three */
    size_t len;
    unsigned char *blob = lying_blob(1000000, 0x7u, 1500000, &len);
    peak_alloc pa = {{pa_malloc, pa_realloc, pa_free, NULL}, 0};
    pa.base.ctx = &pa;
    sg_activity *act = NULL;
    sg_err err = {0};
    int rc = sg_store_blob_decode(blob, len, &pa.base, &act, &err);
    assert_int_equal(rc, SG_EFORMAT);
    assert_null(act);
    assert_int_equal(err.code, SG_EFORMAT);
    assert_true(err.msg[0] != '\0');
    /* the payload itself (1.5 MB) is read; no 8 MB column is allocated */
    assert_true(pa.largest < 2u * 1000 * 1000);
    free(blob);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_larger_than_payload),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
