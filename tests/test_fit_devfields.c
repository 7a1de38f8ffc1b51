/* Developer fields that are model channels (issue #11 item 4; the table is in
 * src/formats/fit_decode.c and docs/formats.md, "Developer fields"): Stryd
 * and Connect IQ fields fill ground contact time, vertical oscillation,
 * heart rate and power by name and units; native fields win; units that do
 * not match, and fields without a model channel, stay developer columns. */
#include "support/sg_test.h"

#include <stdlib.h>
#include <string.h>

#include "bytes/file.h"
#include "strideguard/fit.h"

#define EPOCH_2024 1704067200.0
#define N 20

static size_t devcol(sg_activity *a, const char *name, const char *units)
{
    size_t d;
    assert_int_equal(sg_activity_devfield(a, name, units, NULL, &d, NULL), SG_OK);
    return d;
}

static sg_activity *new_run(void)
{
    sg_activity *a = sg_activity_new(NULL);
    assert_non_null(a);
    return a;
}

static size_t add_sample(sg_activity *a, size_t i)
{
    size_t k;
    assert_int_equal(sg_activity_append(a, &k, NULL), SG_OK);
    sg_activity_set(a, SG_CH_TIME, k, EPOCH_2024 + (double)i, NULL);
    return k;
}

/* encode with the project's encoder (which writes developer columns as
 * developer fields), decode back */
static sg_activity *roundtrip(const sg_activity *a)
{
    uint8_t *buf = NULL;
    size_t len = 0;
    assert_int_equal(sg_fit_encode(a, NULL, NULL, &buf, &len, NULL), SG_OK);
    sg_activity *b = NULL;
    sg_err e;
    if (sg_fit_decode(buf, len, NULL, &b, NULL, &e) != SG_OK)
        fail_msg("decode: %s", e.msg);
    sg_free(NULL, buf);
    return b;
}

static double at(const sg_activity *a, sg_channel ch, size_t i)
{
    return a->ch[ch] && i < a->n ? a->ch[ch][i] : NAN;
}

static void near(double got, double want, double tol, const char *what, size_t i)
{
    if (isnan(got) || fabs(got - want) > tol)
        fail_msg("%s[%zu]: %.9g, want %.9g", what, i, got, want);
}

static size_t find_dev(const sg_activity *a, const char *name)
{
    for (size_t d = 0; d < a->n_dev; d++)
        if (strcmp(a->dev[d].name, name) == 0)
            return d;
    fail_msg("developer column %s missing", name);
    return 0;
}

/* Only developer fields: each mapped one fills its channel in the model's
 * unit; names and units match trimmed and case-insensitively. */
static void test_dev_only_fill_channels(void **state)
{
    (void)state;
    sg_activity *a = new_run();
    size_t rp = devcol(a, "RP_Power", "kJ"); /* units do not match: not power */
    size_t gt = devcol(a, "Ground Time", "Milliseconds");
    size_t vo = devcol(a, "vertical OSCILLATION", " CM ");
    size_t hr = devcol(a, "Heart Rate", "bpm");
    size_t pw = devcol(a, " Power", "Watts");
    size_t fp = devcol(a, "Form Power", "Watts");
    size_t lss = devcol(a, "Leg Spring Stiffness", "kN/m");
    for (size_t i = 0; i < N; i++) {
        size_t k = add_sample(a, i);
        a->dev[rp].v[k] = 999;
        a->dev[gt].v[k] = 240 + (double)i;
        a->dev[vo].v[k] = 8.5 + 0.1 * (double)(i % 3);
        a->dev[hr].v[k] = i == 5 ? NAN : 140 + (double)i;
        a->dev[pw].v[k] = 250 + (double)i;
        a->dev[fp].v[k] = 60;
        a->dev[lss].v[k] = 11.5;
    }
    sg_activity *b = roundtrip(a);
    assert_int_equal(b->n, N);
    for (size_t i = 0; i < N; i++) {
        near(at(b, SG_CH_STANCE_TIME, i), (240 + (double)i) / 1000, 1e-6, "stance", i);
        near(at(b, SG_CH_VERT_OSC, i), (8.5 + 0.1 * (double)(i % 3)) / 100, 1e-6, "vo", i);
        if (i == 5)
            assert_true(isnan(at(b, SG_CH_HEART_RATE, i)));
        else
            near(at(b, SG_CH_HEART_RATE, i), 140 + (double)i, 1e-6, "hr", i);
        near(at(b, SG_CH_POWER, i), 250 + (double)i, 1e-6, "power", i);
    }
    /* the developer columns stay, unmapped ones included */
    assert_int_equal(b->n_dev, 7);
    near(b->dev[find_dev(b, "Form Power")].v[0], 60, 1e-6, "form power", 0);
    near(b->dev[find_dev(b, "Leg Spring Stiffness")].v[0], 11.5, 1e-6, "lss", 0);
    near(b->dev[find_dev(b, "Ground Time")].v[3], 243, 1e-4, "ground time", 3);
    assert_false(sg_activity_has(b, SG_CH_CADENCE));
    sg_activity_free(a);
    sg_activity_free(b);
}

/* Both native and developer: the native value of the record wins; where the
 * record has no native value the developer field fills it. */
static void test_native_wins(void **state)
{
    (void)state;
    sg_activity *a = new_run();
    size_t gt = devcol(a, "GCT", "ms");
    size_t vo = devcol(a, "Vertical Oscillation", "mm");
    size_t pw = devcol(a, "Garmin Running Power", "W");
    for (size_t i = 0; i < N; i++) {
        size_t k = add_sample(a, i);
        if (i < N / 2) {
            sg_activity_set(a, SG_CH_STANCE_TIME, k, 0.250, NULL);
            sg_activity_set(a, SG_CH_VERT_OSC, k, 0.090, NULL);
            sg_activity_set(a, SG_CH_POWER, k, 300, NULL);
        }
        a->dev[gt].v[k] = 210;
        a->dev[vo].v[k] = 75;
        a->dev[pw].v[k] = 280;
    }
    sg_activity *b = roundtrip(a);
    for (size_t i = 0; i < N; i++) {
        bool native = i < N / 2;
        near(at(b, SG_CH_STANCE_TIME, i), native ? 0.250 : 0.210, 1e-6, "stance", i);
        near(at(b, SG_CH_VERT_OSC, i), native ? 0.090 : 0.075, 1e-6, "vo", i);
        near(at(b, SG_CH_POWER, i), native ? 300 : 280, 1e-6, "power", i);
    }
    sg_activity_free(a);
    sg_activity_free(b);
}

/* Units that are not in the table leave the channel alone. */
static void test_units_mismatch_not_mapped(void **state)
{
    (void)state;
    sg_activity *a = new_run();
    size_t gt = devcol(a, "Ground Time", "s");
    size_t vo = devcol(a, "Vertical Oscillation", NULL);
    size_t hr = devcol(a, "Heart Rate", "%");
    for (size_t i = 0; i < N; i++) {
        size_t k = add_sample(a, i);
        a->dev[gt].v[k] = 0.25;
        a->dev[vo].v[k] = 8;
        a->dev[hr].v[k] = 70;
    }
    sg_activity *b = roundtrip(a);
    assert_false(sg_activity_has(b, SG_CH_STANCE_TIME));
    assert_false(sg_activity_has(b, SG_CH_VERT_OSC));
    assert_false(sg_activity_has(b, SG_CH_HEART_RATE));
    assert_int_equal(b->n_dev, 3);
    sg_activity_free(a);
    sg_activity_free(b);
}

static size_t count_valid(const sg_activity *a, sg_channel ch)
{
    size_t n = 0;
    for (size_t i = 0; a->ch[ch] && i < a->n; i++)
        n += !isnan(a->ch[ch][i]);
    return n;
}

/* Real FR920XT + Stryd run (GoldenCheetah's test ride): ground contact and
 * oscillation present wherever Stryd recorded them. The watch's own running
 * dynamics cover most records and win; the records it left without them
 * (23 for ground contact, 12 for oscillation) take Stryd's values. A native
 * 0 (the watch saw no step) is a value and is kept. */
static void test_real_fr920xt_stryd(void **state)
{
    (void)state;
    const char *path = sg_test_shared("goldencheetah/Garmin920_withFirstbeat.fit");
    SG_REQUIRE_SHARED(path);
    unsigned char *raw = NULL;
    size_t rlen = 0;
    assert_int_equal(sg_file_read(NULL, path, 0, &raw, &rlen, NULL), SG_OK);
    free((void *)path);
    sg_activity *a = NULL;
    assert_int_equal(sg_fit_decode(raw, rlen, NULL, &a, NULL, NULL), SG_OK);
    size_t gt = find_dev(a, "Ground Time"), vo = find_dev(a, "Vertical Oscillation");
    size_t n_gt = 0, n_vo = 0, from_dev = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (a->dev[gt].v[i] > 0) { /* Stryd writes 0 while standing */
            n_gt++;
            double s = at(a, SG_CH_STANCE_TIME, i);
            from_dev += fabs(s - a->dev[gt].v[i] / 1000) < 1e-9;
            if (!(s >= 0 && s < 2)) /* walking steps reach 1 s */
                fail_msg("stance time[%zu] %.6g s (Stryd %.6g ms)", i, s, a->dev[gt].v[i]);
        }
        if (a->dev[vo].v[i] > 0) {
            n_vo++;
            double v = at(a, SG_CH_VERT_OSC, i);
            from_dev += fabs(v - a->dev[vo].v[i] / 100) < 1e-9;
            if (!(v >= 0 && v < 0.3))
                fail_msg("vertical oscillation[%zu] %.6g m (Stryd %.6g cm)", i, v,
                         a->dev[vo].v[i]);
        }
    }
    print_message("%zu records, Stryd ground time in %zu, oscillation in %zu, %zu values "
                  "from Stryd\n", a->n, n_gt, n_vo, from_dev);
    assert_true(from_dev > 0);
    assert_true(n_gt > a->n / 2);
    assert_true(n_vo > a->n / 2);
    assert_true(count_valid(a, SG_CH_STANCE_TIME) >= n_gt);
    assert_true(count_valid(a, SG_CH_VERT_OSC) >= n_vo);
    sg_activity_free(a);
    free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dev_only_fill_channels),
        cmocka_unit_test(test_native_wins),
        cmocka_unit_test(test_units_mismatch_not_mapped),
        cmocka_unit_test(test_real_fr920xt_stryd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
