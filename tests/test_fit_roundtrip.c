/* Encoder round trips: decode(encode(activity)) gives the activity back to
 * the profile's resolution, for generated activities in both endiannesses,
 * with and without compressed timestamps, 12- and 14-byte headers, developer
 * fields; and for real files re-encoded. */
#include "support/sg_test.h"

#include <stdlib.h>
#include <string.h>

#include "bytes/file.h"
#include "formats/fit_profile.h"
#include "strideguard/fit.h"

#define EPOCH_2024 1704067200.0

/* Per-channel tolerance: half the profile's resolution in model units. */
static const double tol[SG_CH_COUNT] = {
    [SG_CH_TIME] = 0,        [SG_CH_LAT] = 1e-7,        [SG_CH_LON] = 1e-7,
    [SG_CH_DISTANCE] = 0.005, [SG_CH_ALTITUDE] = 0.1,   [SG_CH_SPEED] = 0.0005,
    [SG_CH_HEART_RATE] = 0,  [SG_CH_CADENCE] = 1.0 / 64, [SG_CH_VERT_OSC] = 0.00005,
    [SG_CH_STANCE_TIME] = 0.00005, [SG_CH_STANCE_BALANCE] = 0.005,
    [SG_CH_VERT_RATIO] = 0.005, [SG_CH_STEP_LENGTH] = 0.00005, [SG_CH_POWER] = 0.5,
    [SG_CH_TEMPERATURE] = 0.5,
};

static sg_activity *generate(size_t n)
{
    sg_activity *a = sg_activity_new(NULL);
    assert_non_null(a);
    size_t d1, d2;
    assert_int_equal(sg_activity_devfield(a, "Form Power", "Watts",
                                          "0123456789abcdef0123456789abcdef", &d1, NULL), SG_OK);
    assert_int_equal(sg_activity_devfield(a, "core_temperature", "C", NULL, &d2, NULL), SG_OK);
    double t = EPOCH_2024;
    for (size_t i = 0; i < n; i++) {
        size_t k;
        assert_int_equal(sg_activity_append(a, &k, NULL), SG_OK);
        t += (i == n / 2) ? 45 : 1; /* a pause longer than a compressed offset */
        double x = (double)i;
        sg_activity_set(a, SG_CH_TIME, k, t, NULL);
        sg_activity_set(a, SG_CH_LAT, k, 48.1 + x * 1e-5, NULL);
        sg_activity_set(a, SG_CH_LON, k, -11.5 - x * 2e-5, NULL);
        sg_activity_set(a, SG_CH_DISTANCE, k, x * 3.21, NULL);
        sg_activity_set(a, SG_CH_ALTITUDE, k, 400 + 20 * sin(x / 50), NULL);
        sg_activity_set(a, SG_CH_SPEED, k, 3.2 + 0.3 * cos(x / 30), NULL);
        if (i % 50 != 7) /* a few holes */
            sg_activity_set(a, SG_CH_HEART_RATE, k, 120 + (double)(i % 40), NULL);
        sg_activity_set(a, SG_CH_CADENCE, k, 170 + (double)(i % 7) * 0.5, NULL);
        sg_activity_set(a, SG_CH_VERT_OSC, k, 0.085 + 0.0001 * (double)(i % 10), NULL);
        sg_activity_set(a, SG_CH_STANCE_TIME, k, 0.245 + 0.0001 * (double)(i % 10), NULL);
        sg_activity_set(a, SG_CH_STANCE_BALANCE, k, 49.5 + 0.01 * (double)(i % 100), NULL);
        sg_activity_set(a, SG_CH_VERT_RATIO, k, 7.8, NULL);
        sg_activity_set(a, SG_CH_STEP_LENGTH, k, 1.12 + 0.0001 * (double)(i % 10), NULL);
        sg_activity_set(a, SG_CH_POWER, k, 250 + (double)(i % 30), NULL);
        sg_activity_set(a, SG_CH_TEMPERATURE, k, 18 + (double)(i % 3), NULL);
        a->dev[d1].v[k] = 60 + (double)(i % 5);
        a->dev[d2].v[k] = (i % 9 == 0) ? NAN : 37.25 + 0.001 * x;
    }
    sg_totals lap;
    sg_totals_init(&lap);
    lap.start_time = EPOCH_2024 + 1;
    lap.elapsed_s = 300;
    lap.timer_s = 299.5;
    lap.distance_m = 962.5;
    lap.avg_hr = 141;
    lap.max_hr = 160;
    lap.avg_cadence = 171.5;
    lap.avg_speed = 3.208;
    lap.ascent_m = 12;
    lap.descent_m = 9;
    lap.calories = 70;
    assert_int_equal(sg_activity_add_lap(a, &lap, NULL), SG_OK);
    sg_session s;
    s.totals = lap;
    s.totals.elapsed_s = t - EPOCH_2024;
    s.totals.timer_s = t - EPOCH_2024 - 45;
    s.sport = SG_SPORT_RUNNING;
    s.sub_sport = SG_SUB_TRAIL;
    s.fit_sport = s.fit_sub_sport = -1;
    assert_int_equal(sg_activity_add_session(a, &s, NULL), SG_OK);
    a->sport = SG_SPORT_RUNNING;
    a->sub_sport = SG_SUB_TRAIL;
    a->device.manufacturer_id = SG_FIT_MANUFACTURER_GARMIN;
    a->device.product_id = 2691;
    sg_activity_set_string(a, &a->device.software, "12.30", NULL);
    sg_activity_set_string(a, &a->device.serial, "3912345678", NULL);
    return a;
}

static void compare(const sg_activity *want, const sg_activity *got)
{
    assert_int_equal(got->n, want->n);
    for (int ch = 0; ch < SG_CH_COUNT; ch++) {
        if (!want->ch[ch])
            continue;
        if (!got->ch[ch])
            fail_msg("channel %s lost", sg_channel_name((sg_channel)ch));
        for (size_t i = 0; i < want->n; i++) {
            double a = want->ch[ch][i], b = got->ch[ch][i];
            if (isnan(a) != isnan(b) || (!isnan(a) && fabs(a - b) > tol[ch] + 1e-9))
                fail_msg("%s[%zu]: %.9g, decoded %.9g", sg_channel_name((sg_channel)ch), i, a,
                         b);
        }
    }
    assert_int_equal(got->n_dev, want->n_dev);
    for (size_t d = 0; d < want->n_dev; d++) {
        assert_string_equal(got->dev[d].name, want->dev[d].name);
        if (want->dev[d].units)
            assert_string_equal(got->dev[d].units, want->dev[d].units);
        for (size_t i = 0; i < want->n; i++) {
            double a = want->dev[d].v[i], b = got->dev[d].v[i];
            if (isnan(a) != isnan(b) || (!isnan(a) && !sg_test_close(a, b, 1e-6)))
                fail_msg("%s[%zu]: %.9g, decoded %.9g", want->dev[d].name, i, a, b);
        }
    }
    assert_int_equal(got->time_relative, want->time_relative);
    assert_int_equal(got->sport, want->sport);
}

static void test_generated_all_options(void **state)
{
    (void)state;
    sg_activity *a = generate(700);
    for (int opt = 0; opt < 8; opt++) {
        sg_fit_encode_opts o = {opt & 1, (opt >> 1) & 1, (opt & 4) ? 12 : 14};
        uint8_t *buf = NULL;
        size_t len = 0;
        sg_err e;
        assert_int_equal(sg_fit_encode(a, &o, NULL, &buf, &len, &e), SG_OK);
        assert_true(sg_fit_sniff(buf, len));
        assert_int_equal(buf[0], o.header_size);
        sg_activity *b = NULL;
        sg_fit_report rep;
        if (sg_fit_decode(buf, len, NULL, &b, &rep, &e) != SG_OK)
            fail_msg("option set %d: %s", opt, e.msg);
        assert_int_equal(rep.errors, 0);
        compare(a, b);
        assert_int_equal(b->n_laps, 1);
        assert_int_equal(b->n_sessions, 1);
        assert_close(b->sessions[0].totals.distance_m, 962.5, 1e-9);
        assert_close(b->sessions[0].totals.avg_cadence, 171.5, 1e-9);
        assert_close(b->laps[0].avg_cadence, 171.5, 1e-9);
        assert_close(b->laps[0].timer_s, 299.5, 1e-9);
        assert_int_equal(b->sub_sport, SG_SUB_TRAIL);
        assert_string_equal(b->device.manufacturer, "garmin");
        assert_string_equal(b->device.product, "fr935");
        assert_string_equal(b->device.software, "12.30");
        assert_string_equal(b->device.serial, "3912345678");
        assert_string_equal(b->dev[0].app_id, "0123456789abcdef0123456789abcdef");
        if (o.compressed_timestamps) {
            /* compressed headers make the file smaller */
            sg_fit_encode_opts plain = o;
            plain.compressed_timestamps = 0;
            uint8_t *p2 = NULL;
            size_t l2 = 0;
            assert_int_equal(sg_fit_encode(a, &plain, NULL, &p2, &l2, NULL), SG_OK);
            assert_true(len < l2);
            sg_free(NULL, p2);
        }
        sg_activity_free(b);
        sg_free(NULL, buf);
    }
    sg_activity_free(a);
}

static void test_relative_time_and_no_sessions(void **state)
{
    (void)state;
    sg_activity *a = sg_activity_new(NULL);
    a->time_relative = true;
    for (int i = 0; i < 50; i++) {
        size_t k;
        sg_activity_append(a, &k, NULL);
        sg_activity_set(a, SG_CH_TIME, k, 17217864 + 5.0 * i, NULL);
        sg_activity_set(a, SG_CH_HEART_RATE, k, 93 + i, NULL);
    }
    uint8_t *buf = NULL;
    size_t len = 0;
    sg_fit_encode_opts o = {0, 1, 12};
    assert_int_equal(sg_fit_encode(a, &o, NULL, &buf, &len, NULL), SG_OK);
    sg_activity *b = NULL;
    assert_int_equal(sg_fit_decode(buf, len, NULL, &b, NULL, NULL), SG_OK);
    compare(a, b);
    assert_int_equal(b->n_sessions, 1); /* the encoder adds the one a file needs */
    sg_activity_free(a);
    sg_activity_free(b);
    sg_free(NULL, buf);
}

static void test_encode_allocation_failures(void **state)
{
    (void)state;
    sg_activity *a = generate(200);
    bool ok = false;
    for (long n = 1; n < 200 && !ok; n++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, n);
        uint8_t *buf = NULL;
        size_t len = 0;
        int rc = sg_fit_encode(a, NULL, &fa.base, &buf, &len, NULL);
        if (rc == SG_OK) {
            ok = true;
            sg_free(&fa.base, buf);
        } else {
            assert_int_equal(rc, SG_ENOMEM);
            assert_null(buf);
        }
        assert_int_equal(fa.live, 0);
    }
    assert_true(ok);
    sg_activity_free(a);
}

/* Real files: decode, encode, decode again; the two models agree. */
static void test_real_files(void **state)
{
    (void)state;
    static const char *files[] = {
        "python-fitparse/developer-types-sample.fit",
        "goldencheetah/Fr955v19.28andStryd.fit",
        "python-fitparse/compressed-speed-distance.fit",
        "python-fitparse/sample_mulitple_header.fit",
    };
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        const char *path = sg_test_shared(files[f]);
        SG_REQUIRE_SHARED(path);
        unsigned char *raw = NULL;
        size_t rlen = 0;
        assert_int_equal(sg_file_read(NULL, path, 0, &raw, &rlen, NULL), SG_OK);
        free((void *)path); /* sg_test_shared's string is ours to free (LSan) */
        sg_activity *a = NULL;
        assert_int_equal(sg_fit_decode(raw, rlen, NULL, &a, NULL, NULL), SG_OK);
        for (int be = 0; be < 2; be++) {
            sg_fit_encode_opts o = {be, !be, 14};
            uint8_t *buf = NULL;
            size_t len = 0;
            assert_int_equal(sg_fit_encode(a, &o, NULL, &buf, &len, NULL), SG_OK);
            sg_activity *b = NULL;
            sg_err e;
            if (sg_fit_decode(buf, len, NULL, &b, NULL, &e) != SG_OK)
                fail_msg("%s: %s", files[f], e.msg);
            compare(a, b);
            sg_activity_free(b);
            sg_free(NULL, buf);
        }
        sg_activity_free(a);
        free(raw);
    }
}

/* docs/science.md §1: the altitude-source heuristic. */
static void test_altitude_source(void **state)
{
    (void)state;
    static const struct {
        bool lat;
        int manufacturer, product;
        sg_alt_source want;
    } cases[] = {
        {false, -1, -1, SG_ALT_BAROMETRIC},                 /* altitude, never a fix */
        {true, -1, -1, SG_ALT_GPS},                         /* fixes, unknown device */
        {true, SG_FIT_MANUFACTURER_GARMIN, 1967, SG_ALT_BAROMETRIC}, /* fenix2 */
        {false, SG_FIT_MANUFACTURER_GARMIN, 1124, SG_ALT_GPS},       /* fr110 */
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        sg_activity *a = sg_activity_new(NULL);
        for (int i = 0; i < 10; i++) {
            size_t k;
            sg_activity_append(a, &k, NULL);
            sg_activity_set(a, SG_CH_TIME, k, EPOCH_2024 + i, NULL);
            sg_activity_set(a, SG_CH_ALTITUDE, k, 100 + i, NULL);
            if (cases[c].lat)
                sg_activity_set(a, SG_CH_LAT, k, 45, NULL);
        }
        a->device.manufacturer_id = cases[c].manufacturer;
        a->device.product_id = cases[c].product;
        uint8_t *buf = NULL;
        size_t len = 0;
        assert_int_equal(sg_fit_encode(a, NULL, NULL, &buf, &len, NULL), SG_OK);
        sg_activity *b = NULL;
        assert_int_equal(sg_fit_decode(buf, len, NULL, &b, NULL, NULL), SG_OK);
        assert_int_equal(b->alt_source, cases[c].want);
        sg_activity_free(a);
        sg_activity_free(b);
        sg_free(NULL, buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_all_options),
        cmocka_unit_test(test_relative_time_and_no_sessions),
        cmocka_unit_test(test_encode_allocation_failures),
        cmocka_unit_test(test_real_files),
        cmocka_unit_test(test_altitude_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
