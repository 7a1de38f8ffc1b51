/* The format dispatcher on real files of each format. */
#include "support/sg_test.h"

#include "bytes/file.h"
#include "strideguard/decode.h"

static void check(const char *rel, size_t want_n, sg_sport sport)
{
    const char *p = sg_test_shared(rel);
    SG_REQUIRE_SHARED(p);
    unsigned char *buf;
    size_t len;
    assert_int_equal(sg_file_read(NULL, p, 0, &buf, &len, NULL), SG_OK);
    sg_activity **all;
    size_t n;
    sg_err err;
    assert_int_equal(sg_decode_all(buf, len, p, NULL, &all, &n, NULL, &err), SG_OK);
    assert_int_equal(n, want_n);
    sg_activity *one;
    assert_int_equal(sg_decode_one(buf, len, p, NULL, &one, NULL, &err), SG_OK);
    assert_int_equal(one->sport, sport);
    assert_true(one->n > 0);
    sg_activity_free(one);
    for (size_t i = 0; i < n; i++)
        sg_activity_free(all[i]);
    sg_free(NULL, all);
    sg_free(NULL, buf);
}

static void test_fit(void **s) { (void)s; check("python-fitparse/activity-small-fenix2-run.fit", 1, SG_SPORT_RUNNING); }
static void test_gpx(void **s) { (void)s; check("gpxpy/korita-zbevnica.gpx", 1, SG_SPORT_UNKNOWN); }
static void test_tcx_multi(void **s)
{
    (void)s;
    check("goldencheetah/activity_165850259_multi-session.tcx", 4, SG_SPORT_RUNNING);
}

static void test_unknown(void **s)
{
    (void)s;
    const uint8_t junk[] = "hello, not an activity";
    sg_activity **all;
    size_t n;
    sg_err err;
    assert_int_equal(sg_decode_all(junk, sizeof junk - 1, "x.txt", NULL, &all, &n, NULL, &err),
                     SG_EUNSUPPORTED);
    assert_null(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_gpx),
        cmocka_unit_test(test_tcx_multi),
        cmocka_unit_test(test_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
