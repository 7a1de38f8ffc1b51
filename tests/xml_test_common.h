#ifndef SG_XML_TEST_COMMON_H
#define SG_XML_TEST_COMMON_H
/* Helpers shared by test_gpx.c and test_tcx.c (static: each test is one
 * executable). */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bytes/file.h"
#include "strideguard/activity.h"
#include "strideguard/geo.h"

/* The shared data folder, asked once: sg_test_shared() returns a new heap
 * string per call that nobody frees, which LeakSanitizer reports when the
 * pointer is dropped; a static keeps the one copy reachable. */
static const char *shared_root(void)
{
    static const char *root;
    if (!root)
        root = sg_test_shared(".");
    return root;
}

/* Reads ../shared/data/<rel>; skips the test when the data folder or the
 * file is absent. Free with free(). */
static unsigned char *read_shared(const char *rel, size_t *len)
{
    const char *root = shared_root();
    SG_REQUIRE_SHARED(root);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    struct stat st;
    if (stat(path, &st) != 0) {
        print_message("skipped: %s is absent\n", path);
        skip();
    }
    unsigned char *d = NULL;
    sg_err e;
    if (sg_file_read(NULL, path, 0, &d, len, &e) != SG_OK)
        fail_msg("cannot read %s: %s", path, e.msg);
    return d;
}

static const double *devcol(const sg_activity *a, const char *name)
{
    for (size_t i = 0; i < a->n_dev; i++)
        if (strcmp(a->dev[i].name, name) == 0)
            return a->dev[i].v;
    return NULL;
}

static double last_value(const sg_activity *a, sg_channel ch)
{
    if (a->ch[ch])
        for (size_t i = a->n; i-- > 0;)
            if (!isnan(a->ch[ch][i]))
                return a->ch[ch][i];
    return NAN;
}

/* Whole-polyline haversine length (segment gaps included). */
static double path_m(const sg_activity *a)
{
    return sg_geo_path_m(a->ch[SG_CH_LAT], a->ch[SG_CH_LON], NULL, a->n);
}

static bool same_double(double x, double y)
{
    return (isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof x) == 0;
}

static bool same_str(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

static bool same_totals(const sg_totals *x, const sg_totals *y)
{
    const double *px = &x->start_time, *py = &y->start_time;
    for (size_t k = 0; k < sizeof *x / sizeof(double); k++)
        if (!same_double(px[k], py[k]))
            return false;
    return true;
}

/* Field-by-field equality of two decoded activities (bitwise on doubles). */
static void assert_same_activity(const sg_activity *x, const sg_activity *y)
{
    assert_int_equal(x->n, y->n);
    for (int c = 0; c < SG_CH_COUNT; c++) {
        assert_int_equal(x->ch[c] != NULL, y->ch[c] != NULL);
        for (size_t i = 0; x->ch[c] && i < x->n; i++)
            if (!same_double(x->ch[c][i], y->ch[c][i]))
                fail_msg("channel %s sample %zu differs", sg_channel_name(c), i);
    }
    assert_int_equal(x->n_dev, y->n_dev);
    for (size_t d = 0; d < x->n_dev; d++) {
        assert_string_equal(x->dev[d].name, y->dev[d].name);
        for (size_t i = 0; i < x->n; i++)
            assert_true(same_double(x->dev[d].v[i], y->dev[d].v[i]));
    }
    assert_int_equal(x->n_laps, y->n_laps);
    for (size_t l = 0; l < x->n_laps; l++)
        assert_true(same_totals(&x->laps[l], &y->laps[l]));
    assert_int_equal(x->n_sessions, y->n_sessions);
    for (size_t s = 0; s < x->n_sessions; s++)
        assert_true(same_totals(&x->sessions[s].totals, &y->sessions[s].totals));
    assert_int_equal(x->sport, y->sport);
    assert_true(same_str(x->name, y->name));
    assert_true(same_str(x->device.product, y->device.product));
    assert_true(same_str(x->device.manufacturer, y->device.manufacturer));
    assert_true(same_str(x->device.serial, y->device.serial));
    assert_true(same_str(x->device.software, y->device.software));
    assert_int_equal(x->device.product_id, y->device.product_id);
}

#endif
