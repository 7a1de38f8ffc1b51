/* IMU CSV reader: header recognition, separators and decimal comma, ISO
 * time, units, gaps, error positions, and clean failure of every allocation. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/imu_csv.h"

/* n rows of a still sensor (gravity g on z, in the file's unit) at 100 Hz,
 * separated by sep, each row ending with `tail` (extra columns) */
static char *still_csv(const char *header, char sep, const char *tail, int n, double g,
                       int skip_at)
{
    size_t cap = (size_t)n * 80 + 256, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s + len, cap - len, "%s\n", header);
    for (int i = 0; i < n; i++) {
        double t = i * 0.01 + (i >= skip_at ? 1.0 : 0);
        len += (size_t)snprintf(s + len, cap - len, "%.3f%c0.01%c-0.02%c%.3f%s\n", t, sep, sep,
                                sep, g, tail);
    }
    return s;
}

static void test_phyphox_and_gaps(void **state)
{
    (void)state;
    char *s = still_csv("\"Time (s)\"\t\"Acceleration x (m/s^2)\"\t\"Acceleration y (m/s^2)\"\t"
                        "\"Acceleration z (m/s^2)\"\t\"Absolute acceleration (m/s^2)\"",
                        '\t', "\t9.81", 600, 9.81, 300);
    sg_imu *r;
    sg_err e;
    assert_int_equal(sg_imu_csv_read(NULL, s, strlen(s), NULL, &r, &e), SG_OK);
    assert_string_equal(r->source, "phyphox");
    assert_close(r->fs, 100, 0);
    assert_int_equal(r->n_gaps, 1);
    assert_int_equal(r->gaps[0].index, 300);
    assert_near(r->gaps[0].duration_s, 1.0, 1e-6);
    assert_near(sg_imu_time(r, 300), 4.0, 1e-9);
    assert_null(r->gyr[0]);
    assert_near(r->acc[2][10], 9.81, 1e-9);
    sg_imu_free(r);
    free(s);
}

static void test_iso_g_and_decimal_comma(void **state)
{
    (void)state;
    const char *iso = "date_time,x,y,z\n2018-10-25T17:57:30.000Z,0.01,-1.0,0.02\n"
                      "2018-10-25T17:57:30.010Z,0.01,-1.0,0.02\n"
                      "2018-10-25T17:57:30.020+00:00,0.01,-1.0,0.02\n";
    sg_imu *r;
    sg_err e;
    assert_int_equal(sg_imu_csv_read(NULL, iso, strlen(iso), NULL, &r, &e), SG_OK);
    assert_false(r->time_relative);
    assert_close(r->t0, 1540490250.0, 1e-12);
    assert_near(r->acc[1][0], -SG_IMU_G, 1e-9); /* g recognised from gravity */
    sg_imu_free(r);
    const char *dc = "t;ax;ay;az\n0;0,1;0;9,8\n0,01;0,1;0;9,8\n0,02;0,1;0;9,8\n";
    assert_int_equal(sg_imu_csv_read(NULL, dc, strlen(dc), NULL, &r, &e), SG_OK);
    assert_near(r->acc[0][1], 0.1, 1e-12);
    sg_imu_free(r);
}

static void test_errors(void **state)
{
    (void)state;
    sg_imu *r;
    sg_err e;
    const char *lin = "Time (s),Linear Acceleration x (m/s^2),Linear Acceleration y (m/s^2),"
                      "Linear Acceleration z (m/s^2)\n0,0,0,0\n0.01,0,0,0\n";
    assert_int_equal(sg_imu_csv_read(NULL, lin, strlen(lin), NULL, &r, &e), SG_EFORMAT);
    assert_non_null(strstr(e.msg, "Acceleration with g"));
    const char *bad = "t,ax,ay,az\n0,0,0,9.8\n0.01,0,0,x\n";
    assert_int_equal(sg_imu_csv_read(NULL, bad, strlen(bad), NULL, &r, &e), SG_EFORMAT);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.col, 10);
    sg_imu_csv_opts o = {.columns = "t,ax,ay,bogus"};
    assert_int_equal(sg_imu_csv_read(NULL, bad, strlen(bad), &o, &r, &e), SG_EUSAGE);
    char *dps = still_csv("t,ax,ay,az,gx,gy,gz", ',', ",100,0,0", 100, 9.81, 1000);
    assert_int_equal(sg_imu_csv_read(NULL, dps, strlen(dps), NULL, &r, &e), SG_EFORMAT);
    assert_non_null(strstr(e.msg, "--gyro-unit dps"));
    o = (sg_imu_csv_opts){.gyr_unit = SG_GYR_DPS};
    assert_int_equal(sg_imu_csv_read(NULL, dps, strlen(dps), &o, &r, &e), SG_OK);
    assert_near(r->gyr[0][5], 100 * M_PI / 180, 1e-12);
    sg_imu_free(r);
    free(dps);
    char *two = still_csv("t,ax,ay,az", ',', "", 100, 2.0, 1000);
    assert_int_equal(sg_imu_csv_read(NULL, two, strlen(two), NULL, &r, &e), SG_EFORMAT);
    assert_non_null(strstr(e.msg, "--accel-unit"));
    free(two);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    char *s = still_csv("t,ax,ay,az,gx,gy,gz", ',', ",0.1,0,0", 5000, 9.81, 2500);
    for (long n = 1; n < 60; n++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, n);
        sg_imu *r = NULL;
        int rc = sg_imu_csv_read(&fa.base, s, strlen(s), NULL, &r, NULL);
        assert_true(rc == SG_OK || rc == SG_ENOMEM);
        sg_imu_free(r);
        assert_int_equal(fa.live, 0);
    }
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phyphox_and_gaps),
        cmocka_unit_test(test_iso_g_and_decimal_comma),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
