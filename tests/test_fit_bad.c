/* Bad input never crashes, hangs or leaks: every truncation length of a small
 * real file, every allocation failure, corrupted bytes, and the corrupt files
 * of the shared corpus each end in an error or a warning. */
#include "support/sg_test.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bytes/file.h"
#include "formats/fit_stream.h"
#include "strideguard/fit.h"

static unsigned char *load(const char *rel, size_t *len)
{
    const char *path = sg_test_shared(rel);
    if (!path)
        return NULL;
    unsigned char *buf = NULL;
    sg_err e;
    int rc = sg_file_read(NULL, path, 0, &buf, len, &e);
    free((void *)path); /* sg_test_shared's string is ours to free (LSan) */
    if (rc != SG_OK)
        fail_msg("cannot read %s: %s", rel, e.msg);
    return buf;
}

/* Every prefix of a one-section file is damaged (its header promises more),
 * so each must give an error, or records with a warning. */
static void test_every_truncation(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = load("python-fitparse/garmin-fenix-5-run.fit", &len);
    SG_REQUIRE_SHARED(buf);
    size_t prev_records = 0;
    for (size_t cut = 0; cut < len; cut++) {
        unsigned char *copy = malloc(cut ? cut : 1); /* exact size: ASan sees overreads */
        assert_non_null(copy);
        memcpy(copy, buf, cut);
        sg_activity *a = NULL;
        sg_fit_report rep;
        sg_err e;
        sg_err_clear(&e);
        int rc = sg_fit_decode(copy, cut, NULL, &a, &rep, &e);
        if (rc == SG_OK) {
            assert_non_null(a);
            assert_true(rep.errors > 0);
            assert_true(rep.first_error.code == SG_ETRUNC || rep.first_error.code == SG_EFORMAT);
            assert_true(a->n >= prev_records); /* a longer prefix never loses records */
            prev_records = a->n;
        } else {
            assert_null(a);
            assert_true(e.msg[0] != '\0');
        }
        sg_activity_free(a);
        free(copy);
    }
    sg_activity *a = NULL;
    sg_fit_report rep;
    assert_int_equal(sg_fit_decode(buf, len, NULL, &a, &rep, NULL), SG_OK);
    assert_int_equal(rep.errors, 0);
    assert_int_equal(a->n, 21);
    assert_true(prev_records <= a->n);
    sg_activity_free(a);
    free(buf);
}

/* Fails the n-th allocation for every n: a clean error (SG_ENOMEM) or a
 * complete decode, and never a leaked block. */
static void test_allocation_failures(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = load("python-fitparse/developer-types-sample.fit", &len);
    SG_REQUIRE_SHARED(buf);
    bool succeeded = false;
    for (long n = 1; n < 10000 && !succeeded; n++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, n);
        sg_activity *a = NULL;
        sg_fit_report rep;
        sg_err e;
        int rc = sg_fit_decode(buf, len, &fa.base, &a, &rep, &e);
        if (rc == SG_OK) {
            assert_int_equal(rep.errors, 0);
            assert_int_equal(a->n, 3424);
            assert_int_equal(a->n_dev, 4);
            succeeded = true;
        } else {
            assert_int_equal(rc, SG_ENOMEM);
            assert_null(a);
        }
        sg_activity_free(a);
        if (fa.live != 0)
            fail_msg("fail_at=%ld: %ld blocks leaked", n, fa.live);
    }
    assert_true(succeeded);
    free(buf);
}

/* Flipping bytes anywhere must never crash; CRC damage is reported. */
static void test_corrupted_bytes(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = load("python-fitparse/activity-settings.fit", &len);
    SG_REQUIRE_SHARED(buf);
    unsigned char *copy = malloc(len);
    assert_non_null(copy);
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        memcpy(copy, buf, len);
        int flips = 1 + round % 4;
        for (int k = 0; k < flips; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1103515245u + 12345u;
            copy[at] ^= (unsigned char)(1u << ((seed >> 16) % 8));
        }
        sg_activity *a = NULL;
        sg_fit_report rep;
        int rc = sg_fit_decode(copy, len, NULL, &a, &rep, NULL);
        if (rc == SG_OK && memcmp(copy, buf, len) != 0)
            assert_true(rep.errors > 0 || a->n <= 14);
        sg_activity_free(a);
    }
    free(copy);
    free(buf);
}

/* The corpus's corrupt files: records before the damage, then a warning
 * naming where (SOURCES.md "Odd and corrupt FIT files"). */
static void test_shared_corrupt_files(void **state)
{
    (void)state;
    static const struct {
        const char *rel;
        size_t records;
        int code;
        long long offset;
    } cases[] = {
        {"python-fitparse/activity-filecrc.fit", 14, SG_ECRC, 769},
        {"python-fitparse/activity-activity-filecrc.fit", 28, SG_ECRC, 1540},
        {"python-fitparse/activity-settings-corruptheader.fit", 14, SG_EFORMAT, 771},
        {"python-fitparse/activity-settings-nodata.fit", 14, SG_ETRUNC, 783},
        {"python-fitparse/activity-unexpected-eof.fit", 14, SG_ETRUNC, 751},
        {"python-fitparse/nick.fit", 14391, SG_EFORMAT, 403437},
        {"python-fitparse/strava-android-app-201.10-b1218918.fit", 473, SG_EFORMAT, 7471},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len;
        unsigned char *buf = load(cases[i].rel, &len);
        SG_REQUIRE_SHARED(buf);
        sg_activity *a = NULL;
        sg_fit_report rep;
        assert_int_equal(sg_fit_decode(buf, len, NULL, &a, &rep, NULL), SG_OK);
        if (a->n != cases[i].records || rep.first_error.code != cases[i].code ||
            rep.first_error.offset != cases[i].offset)
            fail_msg("%s: %zu records, code %d at %lld (%s)", cases[i].rel, a->n,
                     rep.first_error.code, rep.first_error.offset, rep.first_error.msg);
        assert_int_equal(rep.errors, 1);
        sg_activity_free(a);
        free(buf);
    }
}

/* Absurd sizes: a header promising 4 GiB of data allocates nothing for it. */
static void test_absurd_declared_size(void **state)
{
    (void)state;
    uint8_t b[14] = {14, 0x20, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, '.', 'F', 'I', 'T', 0, 0};
    sg_failing_alloc fa;
    sg_failing_alloc_init(&fa, 0);
    sg_activity *a = NULL;
    sg_fit_report rep;
    sg_err e;
    assert_int_equal(sg_fit_decode(b, sizeof b, &fa.base, &a, &rep, &e), SG_ETRUNC);
    assert_null(a);
    assert_int_equal(fa.live, 0);
    assert_true(fa.calls < 20);
    /* a definition with 255 fields of 255 bytes and nothing after it */
    uint8_t d[14 + 6 + 255 * 3 + 2];
    memset(d, 0, sizeof d);
    memcpy(d, b, 14);
    size_t data = 6 + 255 * 3;
    d[4] = (uint8_t)data;
    d[5] = (uint8_t)(data >> 8);
    d[6] = d[7] = 0;
    uint8_t *p = d + 14;
    p[0] = 0x40;
    p[4] = 20;
    p[5] = 255;
    for (int i = 0; i < 255; i++) {
        p[6 + 3 * i] = (uint8_t)i;
        p[7 + 3 * i] = 255;
        p[8 + 3 * i] = 0x0D;
    }
    a = NULL;
    int rc = sg_fit_decode(d, sizeof d, NULL, &a, &rep, &e);
    assert_true(rc != SG_OK); /* CRC is wrong and there are no records */
    assert_null(a);
}

/* The fuzzer's heap-buffer-overflows (fuzz/corpus/fuzz_fit/regress-heap-overflow-*.fit):
 * a 17-byte header, then a record definition whose fields have size 0 (a
 * zero-size uint field is a multiple of its element size, so the record plan
 * read a whole element past the message). Each input is placed so that its
 * last byte ends a readable page: an overread faults even without ASan. */
static const uint8_t regress_overflow_1[] = {
    0x11, 0x0e, 0x20, 0x17, 0x60, 0x70, 0x60, 0x60, 0x2e, 0x46, 0x49, 0x54, 0x00, 0x00,
    0x27, 0x20, 0x60, 0x60, 0x49, 0x00, 0x14, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
};
static const uint8_t regress_overflow_2[] = {
    0x11, 0x0e, 0x20, 0x17, 0x62, 0x70, 0x60, 0x60, 0x2e, 0x46, 0x49, 0x54, 0x00, 0x00,
    0x25, 0x20, 0x60, 0x60, 0x49, 0x00, 0x14, 0x00, 0x06, 0x06, 0x06, 0x06, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7a, 0x00, 0xff, 0x24
};

/* A copy of buf whose last byte is the last readable byte before an
 * inaccessible page. Release with guarded_free. */
static uint8_t *guarded_copy(const uint8_t *buf, size_t len, void **map, size_t *maplen)
{
    long pg = sysconf(_SC_PAGESIZE);
    size_t pages = (len + (size_t)pg - 1) / (size_t)pg + 1;
    *maplen = pages * (size_t)pg;
    uint8_t *m = mmap(NULL, *maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m != MAP_FAILED);
    assert_int_equal(mprotect(m + *maplen - (size_t)pg, (size_t)pg, PROT_NONE), 0);
    uint8_t *p = m + *maplen - (size_t)pg - len;
    memcpy(p, buf, len);
    *map = m;
    return p;
}

static void guarded_free(void *map, size_t maplen) { munmap(map, maplen); }

/* Decodes buf from an exact-size heap block (ASan) and from the end of a
 * guarded page (release builds), through the stream reader's views and the
 * activity decoder. Returns the decode's code; *records gets the records. */
static int decode_guarded(const uint8_t *buf, size_t len, size_t *records)
{
    uint8_t *heap = malloc(len);
    assert_non_null(heap);
    memcpy(heap, buf, len);
    void *map;
    size_t maplen;
    uint8_t *g = guarded_copy(buf, len, &map, &maplen);
    int rc = SG_OK;
    for (int k = 0; k < 2; k++) {
        const uint8_t *in = k ? g : heap;
        sg_fit_stream *s = sg_fit_stream_new(NULL);
        assert_non_null(s);
        (void)sg_fit_stream_count_records(s, in, len);
        (void)sg_fit_stream_run(s, in, len, NULL, NULL, NULL, NULL);
        sg_fit_stream_free(s);
        sg_activity *a = NULL;
        sg_fit_report rep;
        sg_err e;
        sg_err_clear(&e);
        rc = sg_fit_decode(in, len, NULL, &a, &rep, &e);
        if (rc == SG_OK) {
            assert_non_null(a);
            *records = a->n;
        } else {
            assert_null(a);
            assert_true(e.msg[0] != '\0');
            *records = 0;
        }
        sg_activity_free(a);
    }
    guarded_free(map, maplen);
    free(heap);
    return rc;
}

static void test_regress_heap_overflow(void **state)
{
    (void)state;
    size_t n;
    (void)decode_guarded(regress_overflow_1, sizeof regress_overflow_1, &n);
    (void)decode_guarded(regress_overflow_2, sizeof regress_overflow_2, &n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_corrupted_bytes),
        cmocka_unit_test(test_shared_corrupt_files),
        cmocka_unit_test(test_absurd_declared_size),
        cmocka_unit_test(test_regress_heap_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
