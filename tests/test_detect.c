/* Format detection: magic bytes, XML root element past BOMs, declarations,
 * comments and DOCTYPEs, extension fallback, and every real file. */
#include "support/sg_test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bytes/file.h"
#include "strideguard/formats.h"

static sg_format det(const char *s, const char *hint)
{
    return sg_format_detect((const uint8_t *)s, strlen(s), hint);
}

static void test_content(void **state)
{
    (void)state;
    uint8_t fit[14] = {14, 0x10, 0x2E, 0x08, 0, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0};
    assert_int_equal(sg_format_detect(fit, sizeof fit, NULL), SG_FMT_FIT);
    assert_int_equal(sg_format_detect(fit, 11, NULL), SG_FMT_UNKNOWN); /* too short */
    /* content wins over a wrong extension */
    assert_int_equal(sg_format_detect(fit, sizeof fit, "run.gpx"), SG_FMT_FIT);
    assert_int_equal(det("<gpx version=\"1.1\"/>", "x.tcx"), SG_FMT_GPX);

    assert_int_equal(det("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- a <gpx> in a comment -->\n"
                         "<?xml-stylesheet href=\"x\"?><TrainingCenterDatabase/>", NULL),
                     SG_FMT_TCX);
    assert_int_equal(det("  \n<g:gpx xmlns:g=\"http://www.topografix.com/GPX/1/1\"/>", NULL),
                     SG_FMT_GPX);
    assert_int_equal(det("<!DOCTYPE gpx [ <!ELEMENT gpx ANY> ]><gpx/>", NULL), SG_FMT_GPX);
    assert_int_equal(det("<gpxx/>", NULL), SG_FMT_UNKNOWN);
    assert_int_equal(det("<kml/>", "track.kml"), SG_FMT_UNKNOWN);
    assert_int_equal(det("<!-- never closed", NULL), SG_FMT_UNKNOWN);
    assert_int_equal(sg_format_detect(NULL, 0, NULL), SG_FMT_UNKNOWN);

    /* UTF-16 with and without BOM, both byte orders */
    const char *x = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><gpx/>";
    size_t n = strlen(x);
    uint8_t le[200], be[200];
    le[0] = 0xFF, le[1] = 0xFE, be[0] = 0xFE, be[1] = 0xFF;
    for (size_t i = 0; i < n; i++) {
        le[2 + 2 * i] = (uint8_t)x[i], le[3 + 2 * i] = 0;
        be[2 + 2 * i] = 0, be[3 + 2 * i] = (uint8_t)x[i];
    }
    assert_int_equal(sg_format_detect(le, 2 + 2 * n, NULL), SG_FMT_GPX);
    assert_int_equal(sg_format_detect(be, 2 + 2 * n, NULL), SG_FMT_GPX);
    assert_int_equal(sg_format_detect(le + 2, 2 * n, NULL), SG_FMT_GPX);
    assert_int_equal(sg_format_detect(be + 2, 2 * n, NULL), SG_FMT_GPX);
}

static void test_extension(void **state)
{
    (void)state;
    assert_int_equal(det("", "dir.x/RUN.FIT"), SG_FMT_FIT);
    assert_int_equal(det("garbage", "a.Gpx"), SG_FMT_GPX);
    assert_int_equal(det("garbage", "a.tcx"), SG_FMT_TCX);
    assert_int_equal(det("t,ax,ay\n1,2,3\n", "imu.csv"), SG_FMT_CSV);
    assert_int_equal(det("garbage", "a.fit.gz"), SG_FMT_UNKNOWN);
    assert_int_equal(det("garbage", "gpx"), SG_FMT_UNKNOWN);
    assert_int_equal(det("garbage", "a.gpx/b"), SG_FMT_UNKNOWN);
    assert_string_equal(sg_format_name(SG_FMT_TCX), "tcx");
    assert_string_equal(sg_format_name((sg_format)99), "unknown");
}

/* Every .fit/.gpx/.tcx in the shared folders is detected from its bytes
 * alone (no name hint). */
static void test_shared_files(void **state)
{
    (void)state;
    const char *dirs[] = {"gpxpy", "python-tcxparser", "goldencheetah", "python-fitparse",
                          "fitdecode"};
    size_t seen = 0;
    static const char *root; /* one harness string, kept reachable (see xml_test_common.h) */
    if (!root)
        root = sg_test_shared(".");
    SG_REQUIRE_SHARED(root);
    for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", root, dirs[d]);
        DIR *dir = opendir(path);
        if (!dir)
            continue;
        struct dirent *ent;
        while ((ent = readdir(dir))) {
            const char *dot = strrchr(ent->d_name, '.');
            if (!dot)
                continue;
            sg_format want = !strcasecmp(dot, ".fit")   ? SG_FMT_FIT
                           : !strcasecmp(dot, ".gpx") ? SG_FMT_GPX
                           : !strcasecmp(dot, ".tcx") ? SG_FMT_TCX
                                                      : SG_FMT_UNKNOWN;
            if (want == SG_FMT_UNKNOWN)
                continue;
            char full[2048 + 512];
            snprintf(full, sizeof full, "%s/%s", path, ent->d_name);
            unsigned char *buf;
            size_t len;
            sg_err e;
            assert_int_equal(sg_file_read(NULL, full, 0, &buf, &len, &e), SG_OK);
            sg_format got = sg_format_detect(buf, len, NULL);
            sg_free(NULL, buf);
            if (got != want)
                fail_msg("%s detected as %s", full, sg_format_name(got));
            seen++;
        }
        closedir(dir);
    }
    print_message("%zu files detected from content\n", seen);
    assert_true(seen >= 48); /* 34 GPX + 14 TCX, plus the FIT files */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content),
        cmocka_unit_test(test_extension),
        cmocka_unit_test(test_shared_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
