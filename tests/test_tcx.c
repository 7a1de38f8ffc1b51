/* TCX reader: every TCX file in ../shared/data with independently checked
 * expectations (Python xml.etree + its own haversine, R = 6371008.8 m;
 * trackpoint counts also with `grep -o '<Trackpoint>' FILE | wc -l`), inline
 * documents per feature and bad input, chunk sizes, allocation failures. */
#include "xml_test_common.h"

#include "formats/xml_util.h"
#include "strideguard/formats.h"

static void free_all(sg_activity **acts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sg_activity_free(acts[i]);
    sg_free(NULL, acts);
}

static int decode_str(const char *doc, sg_activity ***acts, size_t *n, sg_err *e)
{
    return sg_tcx_decode((const uint8_t *)doc, strlen(doc), NULL, acts, n, e);
}

/* ---------- every shared TCX file ---------- */

typedef struct {
    const char *file;
    size_t index;    /* which <Activity> of the file */
    size_t n;        /* trackpoints */
    double t0, t1;   /* first / last trackpoint time */
    double hav_m;    /* haversine over positions in order */
    double dist_m;   /* last DistanceMeters, NaN = none */
    size_t laps;
    sg_sport sport;
    bool hr, cad;
    const char *quirk;
} tcx_case;

static const tcx_case cases[] = {
    {"python-tcxparser/no_hr.tcx", 0, 384, 1356557393, 1356559385, 4688.01, 4686.31103516, 3,
     SG_SPORT_RUNNING, false, false, "test.tcx with heart rate removed; 1 point without position"},
    {"python-tcxparser/sup_activity_1.tcx", 0, 111, 1657987705, 1657988817, 1138.43, 1157.510009765625, 2,
     SG_SPORT_OTHER, true, false, "vivoactive HR stand-up paddle, Sport=Other, ns3:TPX Speed"},
    {"python-tcxparser/test.tcx", 0, 384, 1356557393, 1356559385, 4688.01, 4686.31103516, 3,
     SG_SPORT_RUNNING, true, false, "Forerunner 410 run, 3 laps"},
    {"goldencheetah/10kUNLP2014-Garmin15.tcx", 0, 686, 1413050925, 1413053149, 10012.40,
     10010.8203125, 11, SG_SPORT_RUNNING, false, false,
     "Forerunner 15 10 km race, pairs with the .fit; TPX with default namespace"},
    {"goldencheetah/2008_12_28_08_13_27.tcx", 0, 6653, 1230480806, 1230509229, 161300.20,
     161301.797, 3, SG_SPORT_CYCLING, false, false,
     "Edge 705, altitude below sea level, points without position"},
    {"goldencheetah/2009_01_09_11_13_14.tcx", 0, 1439, 1231528393, 1231536160, 383.43, 238.742, 1,
     SG_SPORT_CYCLING, false, false,
     "first trackpoint 1 s before Id/Lap StartTime (crashed GoldenCheetah); 61 positions"},
    {"goldencheetah/2009_08_30_21_17_25.tcx", 0, 4111, 1251681446, 1251685729, 18711.57,
     18660.498, 1, SG_SPORT_CYCLING, true, false, "7 <Track> in one lap: 7 segments"},
    {"goldencheetah/2009_09_19_09_22_42.tcx", 0, 1863, 1253366563, 1253375248, 50744.49,
     50970.934, 1, SG_SPORT_CYCLING, true, true, "smart recording, Watts in TPX, one line"},
    {"goldencheetah/2010-04-05-21-45-04.tcx", 0, 5517, 1270503908, 1270509688, 45168.13,
     45256.441, 1, SG_SPORT_CYCLING, false, true, "short stops: 14 tracks in one lap"},
    {"goldencheetah/2020-02-05_17-25-14_Training-with-Notes.tcx", 0, 6862, 1580919915.909,
     1580926868.775, 0, NAN, 3, SG_SPORT_CYCLING, true, true,
     "Polar Vantage V indoor: no positions, no trackpoint distance, SensorState"},
    {"goldencheetah/GarminHRMswim.tcx", 0, 2630, 1448305910, 1448308539, 0, 1350.0, 11,
     SG_SPORT_OTHER, true, false, "fenix 3 pool swim, HRM-Swim; distance on 44 points only"},
    {"goldencheetah/OWswim.tcx", 0, 2870, 1658661496, 1658663185, 2008.42, 975.0, 2,
     SG_SPORT_OTHER, true, true, "COROS open-water swim: 1586 positions, no Creator version"},
    {"goldencheetah/activity_165850259_multi-session.tcx", 0, 656, 1322568720, 1322572321, 7685.07,
     7651.0292969, 1, SG_SPORT_RUNNING, true, false, "MultiSportSession: FirstSport run"},
    {"goldencheetah/activity_165850259_multi-session.tcx", 1, 235, 1322744377, 1322747145, 0, 0,
     1, SG_SPORT_CYCLING, true, false, "NextSport bike without positions"},
    {"goldencheetah/activity_165850259_multi-session.tcx", 2, 733, 1323012388, 1323016011, 9446.14,
     9405.0283203, 1, SG_SPORT_RUNNING, true, false, "NextSport run"},
    {"goldencheetah/activity_165850259_multi-session.tcx", 3, 269, 1323260059, 1323262657, 0, 0, 1,
     SG_SPORT_CYCLING, true, false, "NextSport bike"},
    {"goldencheetah/argmac_Garmin_FR910XT_2015_01_31_10_17_02.tcx", 0, 85, 1422695822, 1422698076,
     0, 2000.0, 8, SG_SPORT_OTHER, false, false, "910XT pool swim: 8 laps, 4 tracks, no GPS"},
};

static const struct {
    const char *file;
    size_t activities;
} file_counts[] = {
    {"python-tcxparser/no_hr.tcx", 1},
    {"python-tcxparser/sup_activity_1.tcx", 1},
    {"python-tcxparser/test.tcx", 1},
    {"goldencheetah/10kUNLP2014-Garmin15.tcx", 1},
    {"goldencheetah/2008_12_28_08_13_27.tcx", 1},
    {"goldencheetah/2009_01_09_11_13_14.tcx", 1},
    {"goldencheetah/2009_08_30_21_17_25.tcx", 1},
    {"goldencheetah/2009_09_19_09_22_42.tcx", 1},
    {"goldencheetah/2010-04-05-21-45-04.tcx", 1},
    {"goldencheetah/2020-02-05_17-25-14_Training-with-Notes.tcx", 1},
    {"goldencheetah/GarminHRMswim.tcx", 1},
    {"goldencheetah/OWswim.tcx", 1},
    {"goldencheetah/activity_165850259_multi-session.tcx", 4},
    {"goldencheetah/argmac_Garmin_FR910XT_2015_01_31_10_17_02.tcx", 1},
};

static void test_shared_files(void **state)
{
    (void)state;
    for (size_t f = 0; f < sizeof file_counts / sizeof *file_counts; f++) {
        size_t len;
        unsigned char *buf = read_shared(file_counts[f].file, &len);
        assert_int_equal(sg_format_detect(buf, len, NULL), SG_FMT_TCX);
        sg_activity **acts = NULL;
        size_t n = 0;
        sg_err e;
        int rc = sg_tcx_decode(buf, len, NULL, &acts, &n, &e);
        free(buf);
        if (rc)
            fail_msg("%s: %s", file_counts[f].file, e.msg);
        assert_int_equal(n, file_counts[f].activities);
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            const tcx_case *c = &cases[i];
            if (strcmp(c->file, file_counts[f].file) != 0)
                continue;
            const sg_activity *a = acts[c->index];
            print_message("%-58s #%zu n=%zu (%s)\n", c->file, c->index, a->n, c->quirk);
            assert_int_equal(a->n, c->n);
            assert_close(sg_activity_start_time(a), c->t0, 1e-12);
            assert_close(sg_activity_end_time(a), c->t1, 1e-12);
            assert_near(path_m(a), c->hav_m, 0.01);
            assert_close(last_value(a, SG_CH_DISTANCE), c->dist_m, 1e-9);
            assert_int_equal(a->n_laps, c->laps);
            assert_int_equal(a->sport, c->sport);
            assert_int_equal(sg_activity_has(a, SG_CH_HEART_RATE), c->hr);
            assert_int_equal(sg_activity_has(a, SG_CH_CADENCE), c->cad);
            assert_string_equal(a->source_format, "tcx");
            assert_int_equal(a->n_sessions, 1);
        }
        free_all(acts, n);
    }
}

/* The pair of 10kUNLP2014-Garmin15.fit: what the cross-format dedup test
 * compares against. */
static void test_10k_pair(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = read_shared("goldencheetah/10kUNLP2014-Garmin15.tcx", &len);
    sg_activity **acts;
    size_t n;
    sg_err e;
    assert_int_equal(sg_tcx_decode(buf, len, NULL, &acts, &n, &e), SG_OK);
    free(buf);
    const sg_activity *a = acts[0];
    const sg_totals *s = &a->sessions[0].totals;
    assert_close(s->start_time, 1413050925, 0); /* Id 2014-10-11T18:08:45.000Z */
    assert_close(s->elapsed_s, 2224, 0);        /* last trackpoint 18:45:49Z */
    assert_near(s->timer_s, 2223.803, 1e-9);    /* sum of 11 laps' TotalTimeSeconds */
    assert_near(s->distance_m, 10010.82, 1e-9); /* sum of lap DistanceMeters */
    assert_close(s->calories, 676, 0);
    assert_near(s->avg_speed, 10010.82 / 2223.803, 1e-12);
    assert_close(a->laps[0].timer_s, 212.152, 0);
    assert_close(a->laps[0].distance_m, 1000, 0);
    assert_close(a->laps[0].start_time, 1413050925, 0);
    assert_true(a->laps[0].avg_speed > 0); /* LX AvgSpeed */
    assert_close(a->ch[SG_CH_SPEED][1], 5.5879998207092285, 0);
    assert_string_equal(a->device.product, "Forerunner 15");
    assert_string_equal(a->device.manufacturer, "garmin");
    assert_string_equal(a->device.serial, "3885435205");
    assert_int_equal(a->device.product_id, 1903);
    assert_int_equal(a->sport, SG_SPORT_RUNNING);
    free_all(acts, n);
}

static void test_shared_details(void **state)
{
    (void)state;
    size_t len, n;
    sg_activity **acts;
    sg_err e;

    unsigned char *buf = read_shared("python-tcxparser/test.tcx", &len);
    assert_int_equal(sg_tcx_decode(buf, len, NULL, &acts, &n, &e), SG_OK);
    free(buf);
    const sg_activity *a = acts[0];
    assert_close(a->sessions[0].totals.max_hr, 189, 0);
    assert_near(a->sessions[0].totals.timer_s, 1992.78, 1e-9);
    assert_near(a->sessions[0].totals.distance_m, 4689.24267578, 1e-7);
    assert_close(a->sessions[0].totals.calories, 379, 0);
    assert_close(a->laps[0].timer_s, 608.47, 0);
    assert_string_equal(a->device.software, "2.20");
    assert_int_equal(a->device.product_id, 1250);
    free_all(acts, n);

    /* 7 tracks in one lap: pause/resume segments */
    buf = read_shared("goldencheetah/2009_08_30_21_17_25.tcx", &len);
    assert_int_equal(sg_tcx_decode(buf, len, NULL, &acts, &n, &e), SG_OK);
    free(buf);
    a = acts[0];
    const double *seg = devcol(a, "segment");
    assert_non_null(seg);
    assert_close(seg[a->n - 1], 6, 0);
    free_all(acts, n);

    /* bike cadence and watts stay as written */
    buf = read_shared("goldencheetah/2009_09_19_09_22_42.tcx", &len);
    assert_int_equal(sg_tcx_decode(buf, len, NULL, &acts, &n, &e), SG_OK);
    free(buf);
    a = acts[0];
    assert_close(a->ch[SG_CH_CADENCE][0], 32, 0);
    assert_close(a->ch[SG_CH_POWER][0], 140, 0);
    assert_close(a->ch[SG_CH_HEART_RATE][0], 101, 0);
    assert_close(a->ch[SG_CH_ALTITUDE][0], 836.533, 0);
    assert_close(a->laps[0].avg_cadence, 81, 0);
    assert_close(a->laps[0].avg_hr, 134, 0);
    free_all(acts, n);
}

/* ---------- inline documents ---------- */

static const char *run_doc =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"\n"
    " xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">\n"
    "<Activities><Activity Sport=\"Running\"><Id>2021-03-01T07:00:00.000+01:00</Id>\n"
    "<Lap StartTime=\"2021-03-01T06:00:00Z\"><TotalTimeSeconds>60</TotalTimeSeconds>\n"
    "<DistanceMeters>200</DistanceMeters><Calories>15</Calories>\n"
    "<AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm>\n"
    "<MaximumHeartRateBpm><Value>160</Value></MaximumHeartRateBpm>\n"
    "<Track><Trackpoint><Time>2021-03-01T06:00:00Z</Time>\n"
    "<Position><LatitudeDegrees>50.0</LatitudeDegrees><LongitudeDegrees>8.0</LongitudeDegrees></Position>\n"
    "<AltitudeMeters>110.5</AltitudeMeters><DistanceMeters>0</DistanceMeters>\n"
    "<HeartRateBpm><Value>148</Value></HeartRateBpm><SensorState>Present</SensorState>\n"
    "<Extensions><ns3:TPX><ns3:Speed>3.3</ns3:Speed><ns3:RunCadence>88</ns3:RunCadence>\n"
    "<ns3:Watts>260</ns3:Watts></ns3:TPX></Extensions></Trackpoint></Track>\n"
    "<Track><Trackpoint><Time>2021-03-01T06:01:00Z</Time><DistanceMeters>200</DistanceMeters>\n"
    "</Trackpoint></Track>\n"
    "<Extensions><ns3:LX><ns3:AvgSpeed>3.33</ns3:AvgSpeed><ns3:AvgRunCadence>87</ns3:AvgRunCadence>\n"
    "</ns3:LX></Extensions></Lap>\n"
    "<Lap StartTime=\"2021-03-01T06:01:00Z\"><TotalTimeSeconds>120</TotalTimeSeconds>\n"
    "<DistanceMeters>300</DistanceMeters><Calories>20</Calories>\n"
    "<AverageHeartRateBpm><Value>156</Value></AverageHeartRateBpm>\n"
    "<MaximumHeartRateBpm><Value>170</Value></MaximumHeartRateBpm>\n"
    "<Track><Trackpoint><Time>2021-03-01T06:03:00Z</Time></Trackpoint></Track></Lap>\n"
    "<Creator><Name>Forerunner 265</Name><UnitId>12345</UnitId><ProductID>4257</ProductID>\n"
    "<Version><VersionMajor>19</VersionMajor><VersionMinor>8</VersionMinor></Version></Creator>\n"
    "</Activity>\n"
    "<Activity Sport=\"Other\"><Id>2021-03-02T00:00:00Z</Id></Activity>\n"
    "<Activity Sport=\"Biking\"><Id>2021-03-03T10:00:00Z</Id><Lap StartTime=\"2021-03-03T10:00:00Z\">\n"
    "<TotalTimeSeconds>10</TotalTimeSeconds><Cadence>90</Cadence></Lap></Activity>\n"
    "</Activities>\n"
    "<Author><Name>Not the device</Name></Author></TrainingCenterDatabase>\n";

static void test_features(void **state)
{
    (void)state;
    sg_activity **acts;
    size_t n;
    sg_err e;
    assert_int_equal(decode_str(run_doc, &acts, &n, &e), SG_OK);
    assert_int_equal(n, 2); /* the empty Activity is skipped */
    sg_activity *a = acts[0];
    assert_int_equal(a->n, 3);
    assert_int_equal(a->sport, SG_SPORT_RUNNING);
    assert_close(a->ch[SG_CH_TIME][0], 1614578400, 0);
    assert_close(a->ch[SG_CH_LAT][0], 50, 0);
    assert_true(isnan(a->ch[SG_CH_LAT][1]));
    assert_close(a->ch[SG_CH_ALTITUDE][0], 110.5, 0);
    assert_close(a->ch[SG_CH_HEART_RATE][0], 148, 0);
    assert_close(a->ch[SG_CH_SPEED][0], 3.3, 0);
    assert_close(a->ch[SG_CH_CADENCE][0], 176, 0); /* RunCadence is per foot */
    assert_close(a->ch[SG_CH_POWER][0], 260, 0);
    assert_close(a->ch[SG_CH_DISTANCE][1], 200, 0);
    /* second Track in lap 1 = a new segment; lap 2's Track is not */
    const double *seg = devcol(a, "segment");
    assert_non_null(seg);
    assert_close(seg[0], 0, 0);
    assert_close(seg[1], 1, 0);
    assert_close(seg[2], 1, 0);
    assert_int_equal(a->n_laps, 2);
    assert_close(a->laps[0].avg_cadence, 174, 0);
    assert_close(a->laps[0].avg_speed, 3.33, 0);
    assert_close(a->laps[1].start_time, 1614578460, 0);
    const sg_totals *s = &a->sessions[0].totals;
    assert_close(s->start_time, 1614578400, 0); /* Id with +01:00 */
    assert_close(s->elapsed_s, 180, 0);
    assert_close(s->timer_s, 180, 0);
    assert_close(s->distance_m, 500, 0);
    assert_close(s->calories, 35, 0);
    assert_close(s->max_hr, 170, 0);
    assert_close(s->avg_hr, (150 * 60 + 156 * 120) / 180.0, 1e-12);
    assert_string_equal(a->device.product, "Forerunner 265");
    assert_string_equal(a->device.serial, "12345");
    assert_string_equal(a->device.software, "19.08");
    assert_int_equal(a->device.product_id, 4257);

    /* laps only, bike cadence kept as rpm */
    a = acts[1];
    assert_int_equal(a->n, 0);
    assert_int_equal(a->sport, SG_SPORT_CYCLING);
    assert_close(a->laps[0].avg_cadence, 90, 0);
    assert_close(a->sessions[0].totals.start_time, 1614765600, 0);
    assert_null(a->device.product);
    free_all(acts, n);

    /* a course: planned route with positions and no times */
    const char *course =
        "<TrainingCenterDatabase><Courses><Course><Name>Race course</Name>"
        "<Lap><TotalTimeSeconds>3600</TotalTimeSeconds><DistanceMeters>10000</DistanceMeters></Lap>"
        "<Track><Trackpoint><Position><LatitudeDegrees>1</LatitudeDegrees>"
        "<LongitudeDegrees>2</LongitudeDegrees></Position><AltitudeMeters>5</AltitudeMeters>"
        "</Trackpoint><Trackpoint><Position><LatitudeDegrees>1.001</LatitudeDegrees>"
        "<LongitudeDegrees>2</LongitudeDegrees></Position></Trackpoint></Track>"
        "<CoursePoint><Name>Water</Name></CoursePoint></Course></Courses></TrainingCenterDatabase>";
    assert_int_equal(decode_str(course, &acts, &n, &e), SG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(acts[0]->n, 2);
    assert_string_equal(acts[0]->name, "Race course");
    assert_null(acts[0]->ch[SG_CH_TIME]);
    assert_close(acts[0]->sessions[0].totals.distance_m, 10000, 0);
    free_all(acts, n);

    /* plain <Cadence> on a run: per-foot heuristic (median 85 < 120) */
    const char *cad =
        "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Lap>"
        "<Cadence>84</Cadence><TotalTimeSeconds>2</TotalTimeSeconds><Track>"
        "<Trackpoint><Cadence>84</Cadence></Trackpoint><Trackpoint><Cadence>86</Cadence></Trackpoint>"
        "<Trackpoint><Cadence>0</Cadence></Trackpoint>"
        "</Track></Lap></Activity></Activities></TrainingCenterDatabase>";
    assert_int_equal(decode_str(cad, &acts, &n, &e), SG_OK);
    assert_close(acts[0]->ch[SG_CH_CADENCE][1], 172, 0);
    assert_close(acts[0]->ch[SG_CH_CADENCE][2], 0, 0);
    assert_close(acts[0]->laps[0].avg_cadence, 168, 0);
    free_all(acts, n);
}

static void expect_fail(const char *doc, int code, int line, const char *msg_part)
{
    sg_activity **acts = (sg_activity **)1;
    size_t n = 7;
    sg_err e;
    int rc = decode_str(doc, &acts, &n, &e);
    if (rc != code)
        fail_msg("rc %d (%s), expected %d", rc, e.msg, code);
    assert_null(acts);
    assert_int_equal(n, 0);
    if (line)
        assert_int_equal(e.line, line);
    if (msg_part && !strstr(e.msg, msg_part))
        fail_msg("message '%s' lacks '%s'", e.msg, msg_part);
}

/* a literal, so that -Wformat-nonliteral checks it at -O0 too */
#define RUN_CADENCE_TCX \
    "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Lap>" \
    "<TotalTimeSeconds>3</TotalTimeSeconds><Extensions><LX><AvgRunCadence>%d</AvgRunCadence>" \
    "</LX></Extensions><Track>" \
    "<Trackpoint><Time>2024-05-01T06:00:00Z</Time><Extensions><TPX><Speed>2.8</Speed>" \
    "<RunCadence>%d</RunCadence></TPX></Extensions></Trackpoint>" \
    "<Trackpoint><Time>2024-05-01T06:00:01Z</Time><Extensions><TPX><Speed>2.8</Speed>" \
    "<RunCadence>%d</RunCadence></TPX></Extensions></Trackpoint>" \
    "<Trackpoint><Time>2024-05-01T06:00:02Z</Time><Extensions><TPX><Speed>2.8</Speed>" \
    "<RunCadence>%d</RunCadence></TPX></Extensions></Trackpoint>" \
    "</Track></Lap></Activity></Activities></TrainingCenterDatabase>"

/* A treadmill foot pod that writes steps/min into RunCadence (118 at
 * 2.8 m/s) keeps them; a watch writing strides (88) is doubled; the lap's
 * AvgRunCadence follows the samples' unit. */
static void test_run_cadence_units(void **state)
{
    (void)state;
    static const int written[] = {118, 88};
    static const double expect[] = {118, 176};
    for (int k = 0; k < 2; k++) {
        char doc[2048];
        int w = written[k];
        snprintf(doc, sizeof doc, RUN_CADENCE_TCX, w, w, w, w);
        sg_activity **acts;
        size_t n;
        sg_err e;
        sg_err_clear(&e);
        assert_int_equal(decode_str(doc, &acts, &n, &e), SG_OK);
        assert_close(acts[0]->ch[SG_CH_CADENCE][1], expect[k], 0);
        assert_close(acts[0]->laps[0].avg_cadence, expect[k], 0);
        assert_close(acts[0]->sessions[0].totals.avg_cadence, expect[k], 0);
        free_all(acts, n);
    }
}

static void test_bad_input(void **state)
{
    (void)state;
    expect_fail("<TrainingCenterDatabase><Activities>\n<Activity Sport=\"Running\"><Lap>\n"
                "</Activity></Activities></TrainingCenterDatabase>",
                SG_EFORMAT, 3, "mismatched tag");
    /* the error comes after a complete activity: nothing is returned */
    expect_fail("<TrainingCenterDatabase><Activities><Activity><Lap/></Activity>\n"
                "<Activity><Lap>\x80</Lap></Activity></Activities></TrainingCenterDatabase>",
                SG_EFORMAT, 2, NULL);
    expect_fail("<gpx/>", SG_EFORMAT, 1, "not <TrainingCenterDatabase>");
    expect_fail("<TrainingCenterDatabase><Activities/></TrainingCenterDatabase>", SG_ENODATA, 0,
                "no activity");
    expect_fail("<TrainingCenterDatabase><Activities><Activity><Id>x</Id></Activity>"
                "</Activities></TrainingCenterDatabase>", SG_ENODATA, 0, NULL);
    expect_fail("<!DOCTYPE x [<!ENTITY e \"e\">]><TrainingCenterDatabase/>", SG_EUNSUPPORTED, 1,
                "entity");
    expect_fail("", SG_EFORMAT, 1, NULL);
}

/* ---------- chunk sizes ---------- */

static void chunk_check(const uint8_t *buf, size_t len)
{
    sg_activity **whole = NULL;
    size_t nw = 0;
    sg_err e;
    int rc0 = sg_tcx_decode_chunked(buf, len, 0, NULL, &whole, &nw, &e);
    for (size_t chunk = 1; chunk <= 5; chunk++) {
        sg_activity **part = NULL;
        size_t np = 0;
        int rc = sg_tcx_decode_chunked(buf, len, chunk, NULL, &part, &np, &e);
        assert_int_equal(rc, rc0);
        assert_int_equal(np, nw);
        for (size_t i = 0; i < np; i++)
            assert_same_activity(whole[i], part[i]);
        free_all(part, np);
    }
    free_all(whole, nw);
}

static void test_chunk_sizes(void **state)
{
    (void)state;
    chunk_check((const uint8_t *)run_doc, strlen(run_doc));
    const char *files[] = {"python-tcxparser/sup_activity_1.tcx",
                           "goldencheetah/argmac_Garmin_FR910XT_2015_01_31_10_17_02.tcx",
                           "python-tcxparser/test.tcx"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t len;
        unsigned char *buf = read_shared(files[i], &len);
        chunk_check(buf, len);
        free(buf);
    }
}

/* ---------- allocation failures ---------- */

static void test_alloc_failures(void **state)
{
    (void)state;
    bool succeeded = false;
    for (long k = 1; k < 1000 && !succeeded; k++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, k);
        sg_activity **acts = NULL;
        size_t n = 0;
        sg_err e;
        int rc = sg_tcx_decode((const uint8_t *)run_doc, strlen(run_doc), &fa.base, &acts, &n, &e);
        if (rc == SG_OK) {
            succeeded = true;
            assert_int_equal(n, 2);
            for (size_t i = 0; i < n; i++)
                sg_activity_free(acts[i]);
            sg_free(&fa.base, acts);
        } else {
            assert_int_equal(rc, SG_ENOMEM);
            assert_null(acts);
        }
        assert_int_equal(fa.live, 0);
    }
    assert_true(succeeded);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_files), cmocka_unit_test(test_10k_pair),
        cmocka_unit_test(test_shared_details), cmocka_unit_test(test_features),
        cmocka_unit_test(test_bad_input),    cmocka_unit_test(test_chunk_sizes),
        cmocka_unit_test(test_alloc_failures), cmocka_unit_test(test_run_cadence_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
