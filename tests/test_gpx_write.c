/* GPX writer: escaping, structure (parsed back with expat), values, the
 * course round trip, and clean failure for every allocation. */
#include "support/sg_test.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strideguard/gpx_write.h"
#include "strideguard/sim.h"

typedef struct parsed {
    int rtept, trkpt, ele, time, hr, depth_err;
    char name[256];
    size_t name_len;
    int in_name, name_done;
    double first_lat, first_lon, first_ele;
    int in_ele, got_first_ele;
    char creator[128];
    char text[64];
    size_t text_len;
} parsed;

static void XMLCALL on_start(void *ud, const XML_Char *el, const XML_Char **attr)
{
    parsed *p = ud;
    int pt = 0;
    if (strcmp(el, "http://www.topografix.com/GPX/1/1|rtept") == 0)
        p->rtept++, pt = 1;
    else if (strcmp(el, "http://www.topografix.com/GPX/1/1|trkpt") == 0)
        p->trkpt++, pt = 1;
    else if (strcmp(el, "http://www.topografix.com/GPX/1/1|ele") == 0) {
        p->ele++;
        p->in_ele = 1;
        p->text_len = 0;
    } else if (strcmp(el, "http://www.topografix.com/GPX/1/1|time") == 0)
        p->time++;
    else if (strcmp(el, "http://www.garmin.com/xmlschemas/TrackPointExtension/v1|hr") == 0)
        p->hr++;
    else if (strcmp(el, "http://www.topografix.com/GPX/1/1|name") == 0 && !p->name_done)
        p->in_name = 1;
    else if (strcmp(el, "http://www.topografix.com/GPX/1/1|gpx") == 0) {
        for (int i = 0; attr[i]; i += 2)
            if (strcmp(attr[i], "creator") == 0)
                snprintf(p->creator, sizeof p->creator, "%s", attr[i + 1]);
    }
    if (pt && p->rtept + p->trkpt == 1) {
        for (int i = 0; attr[i]; i += 2) {
            if (strcmp(attr[i], "lat") == 0)
                p->first_lat = strtod(attr[i + 1], NULL);
            if (strcmp(attr[i], "lon") == 0)
                p->first_lon = strtod(attr[i + 1], NULL);
        }
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *el)
{
    parsed *p = ud;
    if (p->in_name) {
        p->in_name = 0;
        p->name_done = 1;
    }
    if (p->in_ele) {
        p->in_ele = 0;
        if (!p->got_first_ele) {
            p->text[p->text_len] = '\0';
            p->first_ele = strtod(p->text, NULL);
            p->got_first_ele = 1;
        }
    }
    (void)el;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int n)
{
    parsed *p = ud;
    if (p->in_name && p->name_len + (size_t)n < sizeof p->name) {
        memcpy(p->name + p->name_len, s, (size_t)n);
        p->name_len += (size_t)n;
        p->name[p->name_len] = '\0';
    }
    if (p->in_ele && p->text_len + (size_t)n < sizeof p->text) {
        memcpy(p->text + p->text_len, s, (size_t)n);
        p->text_len += (size_t)n;
    }
}

/* Parses doc; fails the test when it is not well-formed XML. */
static void parse(const char *doc, size_t len, parsed *p)
{
    memset(p, 0, sizeof *p);
    XML_Parser x = XML_ParserCreateNS("UTF-8", '|');
    XML_SetUserData(x, p);
    XML_SetElementHandler(x, on_start, on_end);
    XML_SetCharacterDataHandler(x, on_text);
    if (XML_Parse(x, doc, (int)len, 1) != XML_STATUS_OK)
        fail_msg("GPX does not parse: %s at line %lu", XML_ErrorString(XML_GetErrorCode(x)),
                 (unsigned long)XML_GetCurrentLineNumber(x));
    XML_ParserFree(x);
}

static sg_activity *small_activity(void)
{
    sg_activity *a = sg_activity_new(NULL);
    for (int i = 0; i < 5; i++) {
        size_t k;
        assert_int_equal(sg_activity_append(a, &k, NULL), SG_OK);
        sg_activity_set(a, SG_CH_TIME, k, 1760857200.0 + i, NULL); /* 2025-10-19T07:00:00Z */
        sg_activity_set(a, SG_CH_LAT, k, i == 2 ? NAN : 47.05 + i * 1e-4, NULL);
        sg_activity_set(a, SG_CH_LON, k, 8.31 - i * 1e-4, NULL);
        sg_activity_set(a, SG_CH_ALTITUDE, k, 440.26 + i, NULL);
        sg_activity_set(a, SG_CH_HEART_RATE, k, 140 + i, NULL);
    }
    return a;
}

static void test_escaping(void **state)
{
    (void)state;
    sg_activity *a = small_activity();
    /* markup characters, a control byte, an invalid UTF-8 byte, valid UTF-8 */
    const char *evil = "Tom & Jerry's <\"Run\"> \x01\xff Zürich";
    sg_gpx_write_opts o = {.kind = SG_GPX_ROUTE, .name = evil, .creator = "a\"b"};
    char *doc;
    size_t len;
    assert_int_equal(sg_gpx_write(a, &o, NULL, &doc, &len, NULL), SG_OK);
    assert_int_equal(strlen(doc), len);
    assert_non_null(strstr(doc, "Tom &amp; Jerry&apos;s &lt;&quot;Run&quot;&gt;"));
    assert_null(strchr(doc, '\x01'));
    parsed p;
    parse(doc, len, &p);
    assert_string_equal(p.name, "Tom & Jerry's <\"Run\"> \xEF\xBF\xBD Z\xC3\xBCrich");
    assert_string_equal(p.creator, "a\"b");
    assert_int_equal(p.rtept, 4); /* the sample without latitude is skipped */
    assert_int_equal(p.trkpt, 0);
    assert_int_equal(p.ele, 4);
    assert_int_equal(p.time, 4 + 1); /* points + metadata */
    assert_near(p.first_lat, 47.05, 1e-9);
    assert_near(p.first_lon, 8.31, 1e-9);
    assert_near(p.first_ele, 440.3, 1e-9); /* 440.26 rounds to one decimal */
    assert_non_null(strstr(doc, "<time>2025-10-19T07:00:00Z</time>"));
    sg_free(NULL, doc);
    sg_activity_free(a);
}

static void test_track_with_hr(void **state)
{
    (void)state;
    sg_activity *a = small_activity();
    sg_activity_set_string(a, &a->name, "Morning run", NULL);
    sg_gpx_write_opts o = {.kind = SG_GPX_TRACK, .heart_rate = 1};
    char *doc;
    size_t len;
    assert_int_equal(sg_gpx_write(a, &o, NULL, &doc, &len, NULL), SG_OK);
    parsed p;
    parse(doc, len, &p);
    assert_int_equal(p.trkpt, 4);
    assert_int_equal(p.rtept, 0);
    assert_int_equal(p.hr, 4);
    assert_string_equal(p.name, "Morning run");
    assert_non_null(strstr(doc, "<gpxtpx:hr>143</gpxtpx:hr>"));
    sg_free(NULL, doc);
    sg_activity_free(a);
}

static void test_no_position(void **state)
{
    (void)state;
    sg_activity *a = sg_activity_new(NULL);
    size_t k;
    sg_activity_append(a, &k, NULL);
    sg_activity_set(a, SG_CH_HEART_RATE, k, 120, NULL);
    char *doc = (char *)1;
    size_t len = 1;
    sg_err e;
    assert_int_equal(sg_gpx_write(a, NULL, NULL, &doc, &len, &e), SG_ENODATA);
    assert_null(doc);
    assert_int_equal(len, 0);
    sg_activity_free(a);
}

/* The demo course as a route: every point written, the first point at the
 * start, elevation matches the course column. */
static void test_course_route(void **state)
{
    (void)state;
    sg_activity *c;
    assert_int_equal(sg_sim_course(0, NULL, &c, NULL), SG_OK);
    char *doc;
    size_t len;
    assert_int_equal(sg_gpx_write(c, NULL, NULL, &doc, &len, NULL), SG_OK);
    parsed p;
    parse(doc, len, &p);
    assert_int_equal(p.rtept, (int)c->n);
    assert_int_equal(p.time, 0);
    assert_string_equal(p.name, "Simulated hilly road marathon course (demo)");
    assert_near(p.first_lat, c->ch[SG_CH_LAT][0], 1e-7);
    assert_near(p.first_ele, c->ch[SG_CH_ALTITUDE][0], 0.05);
    sg_free(NULL, doc);
    sg_activity_free(c);
}

static void test_alloc_failures(void **state)
{
    (void)state;
    sg_activity *a = small_activity();
    for (long n = 1; n < 50; n++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, n);
        char *doc;
        size_t len;
        int rc = sg_gpx_write(a, NULL, &fa.base, &doc, &len, NULL);
        if (rc == SG_OK) {
            sg_free(&fa.base, doc);
            assert_int_equal(fa.live, 0);
            break;
        }
        assert_int_equal(rc, SG_ENOMEM);
        assert_null(doc);
        assert_int_equal(fa.live, 0);
    }
    sg_activity_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_track_with_hr),
        cmocka_unit_test(test_no_position),
        cmocka_unit_test(test_course_route),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
