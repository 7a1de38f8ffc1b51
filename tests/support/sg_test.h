#ifndef SG_TEST_H
#define SG_TEST_H
/* Shared helpers for the cmocka unit tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>

/* Absolute path of a file under ../shared/data, or NULL (with a clear skip
 * message printed) when the shared data folder is absent. Static buffer per
 * call site is not used: the result is heap memory owned by the test harness
 * and freed at exit. */
const char *sg_test_shared(const char *relpath);

/* Skips the current test with a message when `path` is NULL. */
#define SG_REQUIRE_SHARED(path)                                                            \
    do {                                                                                   \
        if (!(path)) {                                                                     \
            print_message("skipped: ../shared/data is absent (set SG_SHARED_DATA)\n");     \
            skip();                                                                        \
        }                                                                                  \
    } while (0)

/* A scratch directory for this test process (created), heap string. */
const char *sg_test_tmpdir(void);

/* |a-b| <= tol*max(1,|a|,|b|) ; NaN equals NaN. */
bool sg_test_close(double a, double b, double rel_tol);

#define assert_close(a, b, tol)                                                            \
    do {                                                                                   \
        double _a = (a), _b = (b);                                                         \
        if (!sg_test_close(_a, _b, (tol)))                                                 \
            fail_msg("%s = %.10g, expected %.10g (tolerance %g)", #a, _a, _b, (double)(tol)); \
    } while (0)

/* Absolute tolerance variant. */
#define assert_near(a, b, tol)                                                             \
    do {                                                                                   \
        double _a = (a), _b = (b);                                                         \
        if (!(fabs(_a - _b) <= (tol)))                                                     \
            fail_msg("%s = %.10g, expected %.10g +- %g", #a, _a, _b, (double)(tol));       \
    } while (0)

#endif
