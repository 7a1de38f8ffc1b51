/* FIT decoder unit tests on hand-built byte buffers: one test per header and
 * field kind (12/14-byte headers and their CRCs, compressed timestamps and
 * their rollover, big-endian definitions, redefinition, every base type's
 * invalid sentinel, scale/offset, developer fields, component expansion,
 * accumulation, raw motion with calibration, damage). */
#include "support/sg_test.h"

#include <string.h>

#include "formats/fit_profile.h"
#include "formats/fit_stream.h"
#include "strideguard/fit.h"

/* ---- a tiny FIT builder ---------------------------------------------------- */

typedef struct fb {
    uint8_t b[8192];
    size_t n;
    int hs;     /* header size */
    int be;     /* architecture of the next definitions */
} fb;

static void fb_init(fb *f, int header_size)
{
    memset(f, 0, sizeof *f);
    f->hs = header_size;
    f->n = (size_t)header_size;
}

static void u8(fb *f, unsigned v) { f->b[f->n++] = (uint8_t)v; }

static void uint_(fb *f, uint64_t v, int size, int be)
{
    for (int i = 0; i < size; i++)
        u8(f, (unsigned)(v >> (8 * (be ? size - 1 - i : i))));
}

/* Definition: fields as triples {num, size, base type}; dev as {num, size, index}. */
static void def(fb *f, unsigned local, unsigned global, const uint8_t (*fl)[3], int nf,
                const uint8_t (*dev)[3], int nd)
{
    u8(f, 0x40 | (nd ? 0x20 : 0) | local);
    u8(f, 0);
    u8(f, (unsigned)f->be);
    uint_(f, global, 2, f->be);
    u8(f, (unsigned)nf);
    for (int i = 0; i < nf; i++)
        for (int k = 0; k < 3; k++)
            u8(f, fl[i][k]);
    if (nd) {
        u8(f, (unsigned)nd);
        for (int i = 0; i < nd; i++)
            for (int k = 0; k < 3; k++)
                u8(f, dev[i][k]);
    }
}

/* Writes header and CRC; returns the length. header_crc: 1 = correct,
 * 0 = zero, -1 = wrong. file_crc_ok false = corrupt CRC. */
static size_t fb_finish(fb *f, int header_crc, bool file_crc_ok)
{
    size_t data = f->n - (size_t)f->hs;
    f->b[0] = (uint8_t)f->hs;
    f->b[1] = 0x20;
    f->b[2] = 0x34;
    f->b[3] = 0x08;
    for (int i = 0; i < 4; i++)
        f->b[4 + i] = (uint8_t)(data >> (8 * i));
    memcpy(f->b + 8, ".FIT", 4);
    if (f->hs == 14) {
        uint16_t c = header_crc > 0 ? sg_fit_crc16(0, f->b, 12) : header_crc < 0 ? 0x1234 : 0;
        f->b[12] = (uint8_t)c;
        f->b[13] = (uint8_t)(c >> 8);
    }
    uint16_t crc = sg_fit_crc16(0, f->b, f->n);
    if (!file_crc_ok)
        crc ^= 0x0101;
    f->b[f->n++] = (uint8_t)crc;
    f->b[f->n++] = (uint8_t)(crc >> 8);
    return f->n;
}

static const uint8_t REC_TS_HR[][3] = {{253, 4, 0x86}, {3, 1, 0x02}};
#define T0 1000000000u /* a FIT date_time (2021-09-09) */

static sg_activity *decode_ok(fb *f, sg_fit_report *rep)
{
    sg_activity *a = NULL;
    sg_err e;
    int rc = sg_fit_decode(f->b, f->n, NULL, &a, rep, &e);
    if (rc)
        fail_msg("decode failed: %s at %lld", e.msg, e.offset);
    return a;
}

/* ---- headers and CRCs ---------------------------------------------------------- */

static void build_two_records(fb *f, int hs)
{
    fb_init(f, hs);
    def(f, 0, SG_FIT_MESG_RECORD, REC_TS_HR, 2, NULL, 0);
    u8(f, 0);
    uint_(f, T0, 4, 0);
    u8(f, 150);
    u8(f, 0);
    uint_(f, T0 + 1, 4, 0);
    u8(f, 151);
}

static void test_header_12_and_14(void **state)
{
    (void)state;
    for (int hs = 12; hs <= 14; hs += 2) {
        fb f;
        build_two_records(&f, hs);
        fb_finish(&f, 1, true);
        sg_fit_report rep;
        sg_activity *a = decode_ok(&f, &rep);
        assert_int_equal(a->n, 2);
        assert_int_equal(rep.errors, 0);
        assert_int_equal(rep.sections, 1);
        assert_close(a->ch[SG_CH_HEART_RATE][1], 151, 0);
        assert_close(a->ch[SG_CH_TIME][0], T0 + SG_FIT_EPOCH_UNIX, 0);
        assert_false(a->time_relative);
        sg_activity_free(a);
    }
}

static void test_header_crc(void **state)
{
    (void)state;
    fb f;
    build_two_records(&f, 14);
    fb_finish(&f, 0, true); /* zero = not set: accepted */
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep);
    sg_activity_free(a);

    build_two_records(&f, 14);
    fb_finish(&f, -1, true);
    sg_err e;
    a = NULL;
    assert_int_equal(sg_fit_decode(f.b, f.n, NULL, &a, &rep, &e), SG_ECRC);
    assert_null(a);
    assert_int_equal(e.offset, 12);
}

static void test_file_crc(void **state)
{
    (void)state;
    fb f;
    build_two_records(&f, 14);
    size_t len = fb_finish(&f, 1, false);
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep); /* records kept ... */
    assert_int_equal(a->n, 2);
    assert_int_equal(rep.errors, 1); /* ... with the damage reported */
    assert_int_equal(rep.first_error.code, SG_ECRC);
    assert_int_equal(rep.first_error.offset, (long long)(len - 2));
    sg_activity_free(a);
}

static void test_chained_sections(void **state)
{
    (void)state;
    fb f, g;
    build_two_records(&f, 12);
    fb_finish(&f, 1, true);
    build_two_records(&g, 14);
    fb_finish(&g, 1, true);
    uint8_t both[16384];
    memcpy(both, f.b, f.n);
    memcpy(both + f.n, g.b, g.n);
    sg_activity *a = NULL;
    sg_fit_report rep;
    assert_int_equal(sg_fit_decode(both, f.n + g.n, NULL, &a, &rep, NULL), SG_OK);
    assert_int_equal(rep.sections, 2);
    assert_int_equal(a->n, 4);
    sg_activity_free(a);
    /* a third "section" of garbage is damage after the good ones */
    memcpy(both + f.n + g.n, "garbage-bytes!", 14);
    a = NULL;
    assert_int_equal(sg_fit_decode(both, f.n + g.n + 14, NULL, &a, &rep, NULL), SG_OK);
    assert_int_equal(a->n, 4);
    assert_int_equal(rep.errors, 1);
    assert_int_equal(rep.first_error.offset, (long long)(f.n + g.n));
    sg_activity_free(a);
}

/* ---- record headers ------------------------------------------------------------ */

static void test_compressed_timestamp_rollover(void **state)
{
    (void)state;
    fb f;
    fb_init(&f, 14);
    def(&f, 0, SG_FIT_MESG_RECORD, REC_TS_HR, 2, NULL, 0);
    static const uint8_t hr_only[][3] = {{3, 1, 0x02}};
    def(&f, 1, SG_FIT_MESG_RECORD, hr_only, 1, NULL, 0);
    uint32_t base = T0 - (T0 & 0x1F) + 28; /* low 5 bits = 28 */
    u8(&f, 0);
    uint_(&f, base, 4, 0);
    u8(&f, 100);
    u8(&f, 0x80 | 1 << 5 | 30); /* +2 s */
    u8(&f, 101);
    u8(&f, 0x80 | 1 << 5 | 3); /* 3 < 30: rolled over, +5 s */
    u8(&f, 102);
    u8(&f, 0x80 | 1 << 5 | 3); /* same offset: same second */
    u8(&f, 103);
    fb_finish(&f, 1, true);
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep);
    assert_int_equal(a->n, 4);
    double e0 = base + SG_FIT_EPOCH_UNIX;
    assert_close(a->ch[SG_CH_TIME][0], e0, 0);
    assert_close(a->ch[SG_CH_TIME][1], e0 + 2, 0);
    assert_close(a->ch[SG_CH_TIME][2], e0 + 7, 0);
    assert_close(a->ch[SG_CH_TIME][3], e0 + 7, 0);
    assert_close(a->ch[SG_CH_HEART_RATE][3], 103, 0);
    sg_activity_free(a);
}

static void test_big_endian_definition(void **state)
{
    (void)state;
    fb f;
    fb_init(&f, 14);
    f.be = 1;
    static const uint8_t fl[][3] = {{253, 4, 0x86}, {5, 4, 0x86}, {0, 4, 0x85}, {7, 2, 0x84}};
    def(&f, 3, SG_FIT_MESG_RECORD, fl, 4, NULL, 0);
    u8(&f, 3);
    uint_(&f, T0, 4, 1);
    uint_(&f, 123456, 4, 1);               /* 1234.56 m */
    uint_(&f, (uint32_t)-477218588, 4, 1); /* -40 degrees */
    uint_(&f, 0x0102, 2, 1);               /* 258 W */
    fb_finish(&f, 1, true);
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep);
    assert_close(a->ch[SG_CH_DISTANCE][0], 1234.56, 1e-12);
    assert_near(a->ch[SG_CH_LAT][0], -40.0, 1e-6);
    assert_close(a->ch[SG_CH_POWER][0], 258, 0);
    assert_close(a->ch[SG_CH_TIME][0], T0 + SG_FIT_EPOCH_UNIX, 0);
    sg_activity_free(a);
}

static void test_redefinition(void **state)
{
    (void)state;
    fb f;
    fb_init(&f, 14);
    def(&f, 0, SG_FIT_MESG_RECORD, REC_TS_HR, 2, NULL, 0);
    u8(&f, 0);
    uint_(&f, T0, 4, 0);
    u8(&f, 140);
    static const uint8_t ev[][3] = {{253, 4, 0x86}, {0, 1, 0x00}};
    def(&f, 0, SG_FIT_MESG_EVENT, ev, 2, NULL, 0); /* local 0 now means event */
    u8(&f, 0);
    uint_(&f, T0 + 1, 4, 0);
    u8(&f, 0);
    f.be = 1;
    static const uint8_t rec2[][3] = {{253, 4, 0x86}, {7, 2, 0x84}};
    def(&f, 0, SG_FIT_MESG_RECORD, rec2, 2, NULL, 0); /* and a record again, big-endian */
    u8(&f, 0);
    uint_(&f, T0 + 2, 4, 1);
    uint_(&f, 300, 2, 1);
    fb_finish(&f, 1, true);
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep);
    assert_int_equal(a->n, 2);
    assert_int_equal(rep.messages, 3);
    assert_close(a->ch[SG_CH_HEART_RATE][0], 140, 0);
    assert_true(isnan(a->ch[SG_CH_HEART_RATE][1]));
    assert_close(a->ch[SG_CH_POWER][1], 300, 0);
    assert_close(a->ch[SG_CH_TIME][1], T0 + 2 + SG_FIT_EPOCH_UNIX, 0);
    sg_activity_free(a);
}

static void test_undefined_local_message(void **state)
{
    (void)state;
    fb f;
    fb_init(&f, 14);
    def(&f, 0, SG_FIT_MESG_RECORD, REC_TS_HR, 2, NULL, 0);
    u8(&f, 0);
    uint_(&f, T0, 4, 0);
    u8(&f, 140);
    size_t bad_at = f.n;
    u8(&f, 5); /* local 5 never defined */
    u8(&f, 0);
    fb_finish(&f, 1, true);
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep);
    assert_int_equal(a->n, 1);
    assert_int_equal(rep.first_error.code, SG_EFORMAT);
    assert_int_equal(rep.first_error.offset, (long long)bad_at);
    assert_non_null(strstr(rep.first_error.msg, "undefined local message type 5"));
    sg_activity_free(a);

    /* ... and before any record it is an error */
    fb_init(&f, 14);
    u8(&f, 2);
    fb_finish(&f, 1, true);
    a = NULL;
    sg_err e;
    assert_int_equal(sg_fit_decode(f.b, f.n, NULL, &a, &rep, &e), SG_EFORMAT);
    assert_null(a);
    assert_int_equal(e.offset, 14);
}

static void test_truncated_tail(void **state)
{
    (void)state;
    fb f;
    build_two_records(&f, 14);
    size_t len = fb_finish(&f, 1, true);
    sg_activity *a = NULL;
    sg_fit_report rep;
    /* cut inside the second record */
    assert_int_equal(sg_fit_decode(f.b, len - 4, NULL, &a, &rep, NULL), SG_OK);
    assert_int_equal(a->n, 1);
    assert_int_equal(rep.first_error.code, SG_ETRUNC);
    sg_activity_free(a);
    /* not a FIT file at all */
    a = NULL;
    assert_int_equal(sg_fit_decode((const uint8_t *)"hello", 5, NULL, &a, &rep, NULL),
                     SG_EFORMAT);
    assert_false(sg_fit_sniff((const uint8_t *)"hello", 5));
    assert_true(sg_fit_sniff(f.b, len));
}

/* ---- base types ------------------------------------------------------------------ */

static void test_invalid_sentinels(void **state)
{
    (void)state;
    static const struct {
        uint8_t bt;
        uint8_t invalid[8];
        uint8_t valid[8];
        double value;
    } cases[] = {
        {SG_FIT_BT_ENUM, {0xFF}, {3}, 3},
        {SG_FIT_BT_SINT8, {0x7F}, {0x80}, -128},
        {SG_FIT_BT_UINT8, {0xFF}, {0xFE}, 254},
        {SG_FIT_BT_SINT16, {0xFF, 0x7F}, {0xFE, 0xFF}, -2},
        {SG_FIT_BT_UINT16, {0xFF, 0xFF}, {0x34, 0x12}, 0x1234},
        {SG_FIT_BT_SINT32, {0xFF, 0xFF, 0xFF, 0x7F}, {0, 0, 0, 0x80}, -2147483648.0},
        {SG_FIT_BT_UINT32, {0xFF, 0xFF, 0xFF, 0xFF}, {1, 0, 0, 0}, 1},
        {SG_FIT_BT_FLOAT32, {0xFF, 0xFF, 0xFF, 0xFF}, {0, 0, 0xC0, 0x3F}, 1.5},
        {SG_FIT_BT_FLOAT64, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
         {0, 0, 0, 0, 0, 0, 0xF8, 0x3F}, 1.5},
        {SG_FIT_BT_UINT8Z, {0}, {0xFF}, 255},
        {SG_FIT_BT_UINT16Z, {0, 0}, {0xFF, 0xFF}, 65535},
        {SG_FIT_BT_UINT32Z, {0, 0, 0, 0}, {2, 0, 0, 0}, 2},
        {SG_FIT_BT_SINT64, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F},
         {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}, -1},
        {SG_FIT_BT_UINT64, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}, {5}, 5},
        {SG_FIT_BT_UINT64Z, {0}, {0, 1}, 256},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const sg_fit_base_type *bt = sg_fit_base_type_get(cases[i].bt);
        assert_non_null(bt);
        for (int be = 0; be < 2; be++) {
            uint8_t inv[8], val[8];
            for (int k = 0; k < bt->size; k++) {
                inv[k] = cases[i].invalid[be ? bt->size - 1 - k : k];
                val[k] = cases[i].valid[be ? bt->size - 1 - k : k];
            }
            sg_fit_view v = {inv, bt->size, cases[i].bt, (uint8_t)be};
            double x;
            assert_false(sg_fit_view_num(&v, 0, &x));
            assert_true(sg_fit_view_invalid(&v));
            v.p = val;
            if (!sg_fit_view_num(&v, 0, &x))
                fail_msg("%s (be=%d): valid value reported invalid", bt->name, be);
            assert_close(x, cases[i].value, 0);
            assert_false(sg_fit_view_invalid(&v));
            int64_t iv;
            if (sg_fit_base_type_get(cases[i].bt)->kind != SG_FIT_K_FLOAT) {
                assert_true(sg_fit_view_int(&v, 0, &iv));
                assert_close((double)iv, cases[i].value, 0);
            }
        }
    }
    /* string: empty is invalid; byte: all 0xFF is invalid */
    uint8_t s0[4] = {0, 'x', 0, 0}, s1[4] = {'a', 'b', 0, 0}, b0[3] = {0xFF, 0xFF, 0xFF},
            b1[3] = {0xFF, 0, 0xFF};
    char out[8];
    sg_fit_view v = {s0, 4, SG_FIT_BT_STRING, 0};
    assert_true(sg_fit_view_invalid(&v));
    v.p = s1;
    assert_int_equal(sg_fit_view_str(&v, out, sizeof out), 2);
    assert_string_equal(out, "ab");
    v = (sg_fit_view){b0, 3, SG_FIT_BT_BYTE, 0};
    assert_true(sg_fit_view_invalid(&v));
    v.p = b1;
    assert_false(sg_fit_view_invalid(&v));
    /* arrays: element k, and an element size that does not divide the field */
    uint8_t arr[4] = {1, 0, 0xFF, 0xFF};
    v = (sg_fit_view){arr, 4, SG_FIT_BT_UINT16, 0};
    double x;
    assert_int_equal(sg_fit_view_count(&v), 2);
    assert_true(sg_fit_view_num(&v, 0, &x));
    assert_false(sg_fit_view_num(&v, 1, &x));
    assert_false(sg_fit_view_num(&v, 2, &x));
    assert_false(sg_fit_view_invalid(&v));
}

/* ---- profile semantics ------------------------------------------------------------ */

static void test_scale_offset_and_components(void **state)
{
    (void)state;
    fb f;
    fb_init(&f, 14);
    /* legacy altitude + speed only: the enhanced channels come from them */
    static const uint8_t leg[][3] = {{253, 4, 0x86}, {2, 2, 0x84}, {6, 2, 0x84}, {4, 1, 0x02},
                                     {53, 1, 0x02}, {39, 2, 0x84}, {41, 2, 0x84}, {85, 2, 0x84},
                                     {83, 2, 0x84}, {84, 2, 0x84}};
    def(&f, 0, SG_FIT_MESG_RECORD, leg, 10, NULL, 0);
    u8(&f, 0);
    uint_(&f, T0, 4, 0);
    uint_(&f, 3000, 2, 0);  /* 3000/5 - 500 = 100 m */
    uint_(&f, 3540, 2, 0);  /* 3.54 m/s */
    u8(&f, 85);             /* 85 strides/min ... */
    u8(&f, 64);             /* ... + 0.5 */
    uint_(&f, 955, 2, 0);   /* 95.5 mm */
    uint_(&f, 2503, 2, 0);  /* 250.3 ms */
    uint_(&f, 11234, 2, 0); /* 1123.4 mm */
    uint_(&f, 845, 2, 0);   /* 8.45 % */
    uint_(&f, 4975, 2, 0);  /* 49.75 % */
    /* enhanced fields given: they win over the legacy ones */
    static const uint8_t both[][3] = {{253, 4, 0x86}, {2, 2, 0x84}, {78, 4, 0x86},
                                      {6, 2, 0x84}, {73, 4, 0x86}};
    def(&f, 1, SG_FIT_MESG_RECORD, both, 5, NULL, 0);
    u8(&f, 1);
    uint_(&f, T0 + 1, 4, 0);
    uint_(&f, 3000, 2, 0);
    uint_(&f, 2600, 4, 0);  /* 20 m */
    uint_(&f, 3540, 2, 0);
    uint_(&f, 70000, 4, 0); /* 70 m/s: beyond uint16 speed */
    static const uint8_t sport[][3] = {{0, 1, 0x00}};
    def(&f, 2, SG_FIT_MESG_SPORT, sport, 1, NULL, 0);
    u8(&f, 2);
    u8(&f, SG_FIT_SPORT_RUNNING);
    fb_finish(&f, 1, true);
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep);
    assert_close(a->ch[SG_CH_ALTITUDE][0], 100, 1e-12);
    assert_close(a->ch[SG_CH_SPEED][0], 3.54, 1e-12);
    assert_close(a->ch[SG_CH_CADENCE][0], 171, 1e-12); /* 2 x 85.5 steps/min */
    assert_close(a->ch[SG_CH_VERT_OSC][0], 0.0955, 1e-12);
    assert_close(a->ch[SG_CH_STANCE_TIME][0], 0.2503, 1e-12);
    assert_close(a->ch[SG_CH_STEP_LENGTH][0], 1.1234, 1e-12);
    assert_close(a->ch[SG_CH_VERT_RATIO][0], 8.45, 1e-12);
    assert_close(a->ch[SG_CH_STANCE_BALANCE][0], 49.75, 1e-12);
    assert_close(a->ch[SG_CH_ALTITUDE][1], 20, 1e-12);
    assert_close(a->ch[SG_CH_SPEED][1], 70, 1e-12);
    assert_int_equal(a->sport, SG_SPORT_RUNNING);
    sg_activity_free(a);
}

static void test_compressed_speed_distance_accumulates(void **state)
{
    (void)state;
    fb f;
    fb_init(&f, 12);
    static const uint8_t fl[][3] = {{253, 4, 0x86}, {8, 3, 0x0D}};
    def(&f, 0, SG_FIT_MESG_RECORD, fl, 2, NULL, 0);
    /* distance in 1/16 m, 12 bits: 4000 -> 4090 -> wraps to 10 (= 4106) */
    static const unsigned dist[] = {4000, 4090, 10, 0xFFF};
    static const unsigned speed[] = {354, 360, 1, 0};
    for (int i = 0; i < 4; i++) {
        u8(&f, 0);
        uint_(&f, T0 + (unsigned)i, 4, 0);
        uint32_t v = speed[i] | dist[i] << 12;
        if (i == 3)
            v = 0xFFFFFF; /* invalid: must not clobber anything */
        u8(&f, v & 0xFF);
        u8(&f, (v >> 8) & 0xFF);
        u8(&f, (v >> 16) & 0xFF);
    }
    fb_finish(&f, 1, true);
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep);
    assert_int_equal(a->n, 4);
    assert_close(a->ch[SG_CH_SPEED][0], 3.54, 1e-12);
    assert_close(a->ch[SG_CH_DISTANCE][0], 4000 / 16.0, 1e-12);
    assert_close(a->ch[SG_CH_DISTANCE][1], 4090 / 16.0, 1e-12);
    assert_close(a->ch[SG_CH_DISTANCE][2], 4106 / 16.0, 1e-12);
    assert_true(isnan(a->ch[SG_CH_DISTANCE][3]));
    assert_true(isnan(a->ch[SG_CH_SPEED][3]));
    sg_activity_free(a);

    /* the rule itself */
    assert_int_equal(sg_fit_accumulate(0, 5, 8), 5);
    assert_int_equal(sg_fit_accumulate(250, 4, 8), 260);
    assert_int_equal(sg_fit_accumulate(260, 4, 8), 260);
    assert_int_equal(sg_fit_accumulate(65535, 1, 16), 65537);
}

/* Collects record values through the streaming interface. */
typedef struct rec_log {
    double cycles[8], power[8];
    int n;
} rec_log;

static int log_records(void *ctx, const sg_fit_msg *m, sg_err *err)
{
    (void)err;
    rec_log *l = ctx;
    if (m->rec && l->n < 8) {
        l->cycles[l->n] = m->rec[SG_FIT_R_TOTAL_CYCLES];
        l->power[l->n] = m->rec[SG_FIT_R_ACCUMULATED_POWER];
        l->n++;
    }
    return SG_OK;
}

static void test_accumulated_fields_values(void **state)
{
    (void)state;
    fb f;
    fb_init(&f, 14);
    static const uint8_t fl[][3] = {{253, 4, 0x86}, {18, 1, 0x02}, {28, 2, 0x84}};
    def(&f, 0, SG_FIT_MESG_RECORD, fl, 3, NULL, 0);
    static const unsigned cyc[] = {250, 254, 3}, pw[] = {65000, 65530, 100};
    for (int i = 0; i < 3; i++) {
        u8(&f, 0);
        uint_(&f, T0 + (unsigned)i, 4, 0);
        u8(&f, cyc[i]);
        uint_(&f, pw[i], 2, 0);
    }
    fb_finish(&f, 1, true);
    sg_fit_stream *s = sg_fit_stream_new(NULL);
    rec_log l = {{0}, {0}, 0};
    assert_int_equal(sg_fit_stream_run(s, f.b, f.n, log_records, &l, NULL, NULL), SG_OK);
    assert_int_equal(l.n, 3);
    assert_close(l.cycles[0], 250, 0);
    assert_close(l.cycles[1], 254, 0);
    assert_close(l.cycles[2], 259, 0); /* 8-bit counter rolled over */
    assert_close(l.power[0], 65000, 0);
    assert_close(l.power[1], 65530, 0);
    assert_close(l.power[2], 65636, 0);
    sg_fit_stream_free(s);
}

/* ---- developer fields ---------------------------------------------------------------- */

static void add_dev_descriptions(fb *f)
{
    static const uint8_t id[][3] = {{3, 1, 0x02}, {1, 16, 0x0D}};
    def(f, 5, SG_FIT_MESG_DEVELOPER_DATA_ID, id, 2, NULL, 0);
    u8(f, 5);
    u8(f, 0);
    for (int i = 0; i < 16; i++)
        u8(f, 0xA0 + (unsigned)i);
    static const uint8_t fd[][3] = {{0, 1, 0x02}, {1, 1, 0x02}, {2, 1, 0x02},
                                    {3, 16, 0x07}, {8, 8, 0x07}, {6, 1, 0x02}};
    def(f, 6, SG_FIT_MESG_FIELD_DESCRIPTION, fd, 6, NULL, 0);
    static const struct {
        unsigned num, bt, scale;
        const char *name, *units;
    } d[] = {{0, 0x84, 0xFF, "Form Power", "Watts"},
             {1, 0x88, 0xFF, "Leg Spring", "KN/m"},
             {2, 0x84, 10, "Form Power", "W"}}; /* same name, second field: renamed */
    for (int k = 0; k < 3; k++) {
        u8(f, 6);
        u8(f, 0);
        u8(f, d[k].num);
        u8(f, d[k].bt);
        char name[16] = {0}, units[8] = {0};
        memcpy(name, d[k].name, strlen(d[k].name));
        memcpy(units, d[k].units, strlen(d[k].units));
        for (int i = 0; i < 16; i++)
            u8(f, (uint8_t)name[i]);
        for (int i = 0; i < 8; i++)
            u8(f, (uint8_t)units[i]);
        u8(f, d[k].scale);
    }
}

static void test_developer_fields(void **state)
{
    (void)state;
    fb f;
    fb_init(&f, 14);
    add_dev_descriptions(&f);
    static const uint8_t dev[][3] = {{0, 2, 0}, {1, 4, 0}, {2, 2, 0}};
    def(&f, 0, SG_FIT_MESG_RECORD, REC_TS_HR, 2, dev, 3);
    u8(&f, 0);
    uint_(&f, T0, 4, 0);
    u8(&f, 150);
    uint_(&f, 61, 2, 0);
    uint_(&f, 0x41200000, 4, 0); /* 10.0f */
    uint_(&f, 655, 2, 0);        /* scale 10 -> 65.5 */
    u8(&f, 0);
    uint_(&f, T0 + 1, 4, 0);
    u8(&f, 151);
    uint_(&f, 0xFFFF, 2, 0); /* invalid */
    uint_(&f, 0x41300000, 4, 0);
    uint_(&f, 0xFFFF, 2, 0);
    fb_finish(&f, 1, true);
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep);
    assert_int_equal(a->n_dev, 3);
    assert_string_equal(a->dev[0].name, "Form Power");
    assert_string_equal(a->dev[0].units, "Watts");
    assert_string_equal(a->dev[0].app_id, "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    assert_string_equal(a->dev[1].name, "Leg Spring");
    assert_string_equal(a->dev[2].name, "Form Power#2");
    assert_close(a->dev[0].v[0], 61, 0);
    assert_true(isnan(a->dev[0].v[1]));
    assert_close(a->dev[1].v[1], 11, 0);
    assert_close(a->dev[2].v[0], 65.5, 1e-12);
    sg_activity_free(a);
}

/* ---- time and motion -------------------------------------------------------------- */

static void test_relative_time(void **state)
{
    (void)state;
    fb f;
    fb_init(&f, 12);
    def(&f, 0, SG_FIT_MESG_RECORD, REC_TS_HR, 2, NULL, 0);
    u8(&f, 0);
    uint_(&f, 17217864, 4, 0); /* below 0x10000000: seconds since power-on */
    u8(&f, 93);
    fb_finish(&f, 1, true);
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep);
    assert_true(a->time_relative);
    assert_close(a->ch[SG_CH_TIME][0], 17217864, 0);
    sg_activity_free(a);
}

static void test_accelerometer_with_calibration(void **state)
{
    (void)state;
    fb f;
    fb_init(&f, 14);
    /* calibration: (raw - 2048 - offset) * 1 / 1000 g, identity orientation
     * with the x axis flipped */
    static const uint8_t cal[][3] = {{253, 4, 0x86}, {0, 1, 0x00}, {1, 4, 0x86}, {2, 4, 0x86},
                                     {3, 4, 0x86}, {4, 12, 0x85}, {5, 36, 0x85}};
    def(&f, 1, SG_FIT_MESG_THREE_D_SENSOR_CALIBRATION, cal, 7, NULL, 0);
    u8(&f, 1);
    uint_(&f, T0, 4, 0);
    u8(&f, SG_FIT_SENSOR_ACCELEROMETER);
    uint_(&f, 1, 4, 0);
    uint_(&f, 1000, 4, 0);
    uint_(&f, 2048, 4, 0);
    uint_(&f, 10, 4, 0);
    uint_(&f, 0, 4, 0);
    uint_(&f, 0, 4, 0);
    static const int32_t m[9] = {-65535, 0, 0, 0, 65535, 0, 0, 0, 65535};
    for (int i = 0; i < 9; i++)
        uint_(&f, (uint32_t)m[i], 4, 0);
    static const uint8_t acc[][3] = {{253, 4, 0x86}, {0, 2, 0x84}, {1, 4, 0x84},
                                     {2, 4, 0x84},   {3, 4, 0x84}, {4, 4, 0x84}};
    def(&f, 2, SG_FIT_MESG_ACCELEROMETER_DATA, acc, 6, NULL, 0);
    u8(&f, 2);
    uint_(&f, T0, 4, 0);
    uint_(&f, 500, 2, 0);   /* +0.5 s */
    uint_(&f, 0, 2, 0);     /* sample offsets 0, 40 ms */
    uint_(&f, 40, 2, 0);
    uint_(&f, 3058, 2, 0);  /* x: (3058-2048-10)/1000 = 1 g, flipped: -1 g */
    uint_(&f, 2058, 2, 0);
    uint_(&f, 2048, 2, 0);  /* y: 0 */
    uint_(&f, 2048, 2, 0);
    uint_(&f, 2048, 2, 0);  /* z: 0, then 1 g */
    uint_(&f, 3048, 2, 0);
    def(&f, 0, SG_FIT_MESG_RECORD, REC_TS_HR, 2, NULL, 0);
    u8(&f, 0);
    uint_(&f, T0, 4, 0);
    u8(&f, 120);
    fb_finish(&f, 1, true);
    sg_fit_report rep;
    sg_activity *a = decode_ok(&f, &rep);
    assert_int_equal(a->accel.n, 2);
    double t0 = T0 + SG_FIT_EPOCH_UNIX + 0.5;
    assert_close(a->accel.t[0], t0, 1e-12);
    assert_close(a->accel.t[1], t0 + 0.04, 1e-12);
    assert_close(a->accel.x[0], -SG_FIT_STANDARD_GRAVITY, 1e-9);
    assert_close(a->accel.x[1], 0, 1e-9);
    assert_close(a->accel.z[1], SG_FIT_STANDARD_GRAVITY, 1e-9);
    assert_int_equal(a->gyro.n, 0);
    sg_activity_free(a);
}

static void test_message_names(void **state)
{
    (void)state;
    assert_string_equal(sg_fit_mesg_name(SG_FIT_MESG_RECORD), "record");
    assert_string_equal(sg_fit_mesg_name(SG_FIT_MESG_FIELD_DESCRIPTION), "field_description");
    assert_null(sg_fit_mesg_name(22));
    assert_string_equal(sg_fit_manufacturer_name(SG_FIT_MANUFACTURER_GARMIN), "garmin");
    /* garmin_product of the FIT SDK profile (#11): old, 4-digit new, unknown */
    assert_string_equal(sg_fit_garmin_product_name(1765), "fr920xt");
    assert_string_equal(sg_fit_garmin_product_name(4024), "fr955");
    assert_string_equal(sg_fit_garmin_product_name(4315), "fr965");
    assert_string_equal(sg_fit_garmin_product_name(3113), "fr945");
    assert_null(sg_fit_garmin_product_name(4999));
    assert_string_equal(sg_fit_manufacturer_name(23), "suunto");
    assert_string_equal(sg_fit_manufacturer_name(95), "stryd");
    assert_string_equal(sg_fit_manufacturer_name(294), "coros");
    /* the CRC of the protocol's check string */
    assert_int_equal(sg_fit_crc16(0, (const uint8_t *)"123456789", 9), 0xBB3D);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_12_and_14),
        cmocka_unit_test(test_header_crc),
        cmocka_unit_test(test_file_crc),
        cmocka_unit_test(test_chained_sections),
        cmocka_unit_test(test_compressed_timestamp_rollover),
        cmocka_unit_test(test_big_endian_definition),
        cmocka_unit_test(test_redefinition),
        cmocka_unit_test(test_undefined_local_message),
        cmocka_unit_test(test_truncated_tail),
        cmocka_unit_test(test_invalid_sentinels),
        cmocka_unit_test(test_scale_offset_and_components),
        cmocka_unit_test(test_compressed_speed_distance_accumulates),
        cmocka_unit_test(test_accumulated_fields_values),
        cmocka_unit_test(test_developer_fields),
        cmocka_unit_test(test_relative_time),
        cmocka_unit_test(test_accelerometer_with_calibration),
        cmocka_unit_test(test_message_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
