/* GPX reader: every GPX file in ../shared/data with independently checked
 * expectations, inline documents for each feature and each kind of bad
 * input, chunk-size invariance (expat's practice) and allocation failures.
 *
 * Expected values were cross-checked with Python's xml.etree (a different
 * parser) and its own haversine with R = 6371008.8 m; point counts also with
 * `grep -o '<trkpt' FILE | wc -l` (and '<rtept' for routes). */
#include "xml_test_common.h"

#include "formats/xml_util.h"
#include "strideguard/civil.h"
#include "strideguard/formats.h"

static int decode_str(const char *doc, sg_activity **out, sg_err *e)
{
    return sg_gpx_decode((const uint8_t *)doc, strlen(doc), NULL, out, e);
}

/* ---------- every shared GPX file ---------- */

typedef struct {
    const char *file;
    int rc;          /* SG_OK or SG_ENODATA */
    size_t n;        /* samples */
    double t0;       /* first point time, NaN = none */
    double dist_m;   /* haversine over all points in order */
    bool hr, cad, alt;
    const char *quirk;
} gpx_case;

static const gpx_case cases[] = {
    {"gpxpy/Mojstrovka.gpx", SG_OK, 184, NAN, 2697.63, false, false, true,
     "every point time is 1901-12-13T20:45:52.207Z (INT32_MIN s): a sentinel, read as NaN"},
    {"gpxpy/around-visnjan-with-car.gpx", SG_OK, 104, 1608272150, 2733.24, false, false, true,
     "eTrex 20x, Garmin GpxExtensions v3 track colour"},
    {"gpxpy/cerknicko-jezero-no-creator.gpx", SG_OK, 296, 1281018239, 13665.00, false, false,
     true, "no creator attribute; 8 trk / 7 non-empty segments"},
    {"gpxpy/cerknicko-jezero-with-elevations-zero.gpx", SG_OK, 296, 1281018239, 13665.00, false,
     false, false, "every <ele> is 0: altitude column dropped as bogus"},
    {"gpxpy/cerknicko-jezero-without-elevations.gpx", SG_OK, 296, 1281018239, 13665.00, false,
     false, false, "no <ele> at all"},
    {"gpxpy/cerknicko-jezero.gpx", SG_OK, 296, 1281018239, 13665.00, false, false, true,
     "GPSBabel GPX 1.0, 7 waypoints beside the tracks"},
    {"gpxpy/cerknicko-without-times.gpx", SG_OK, 296, 1281025372, 13665.00, false, false, true,
     "only the last 5 points have <time>; the others keep NaN"},
    {"gpxpy/custom_schema_locations.gpx", SG_ENODATA, 0, NAN, 0, false, false, false,
     "empty <gpx/> with schemaLocation"},
    {"gpxpy/default_schema_locations.gpx", SG_ENODATA, 0, NAN, 0, false, false, false,
     "empty <gpx/>"},
    {"gpxpy/first_and_last_elevation.gpx", SG_OK, 10, 1368865384, 195497.50, false, false, true,
     "only first and last points have <ele>; last time goes backwards"},
    {"gpxpy/gpx-with-node-with-comments.gpx", SG_OK, 1, 1399379373, 0, false, false, true,
     "XML comment after </trkpt>, CDATA name"},
    {"gpxpy/gpx1.0_with_all_fields.gpx", SG_OK, 1, 1357041604, 0, false, false, true,
     "1 trkpt beside 5 rtept: track wins"},
    {"gpxpy/gpx1.1_with_all_fields.gpx", SG_OK, 1, 1357041604, 0, false, false, true,
     "1.1 with arbitrary ext: extensions"},
    {"gpxpy/gpx1.1_with_extensions.gpx", SG_ENODATA, 0, NAN, 0, false, false, false,
     "one waypoint only"},
    {"gpxpy/gpx1.1_with_extensions_without_namespaces.gpx", SG_ENODATA, 0, NAN, 0, false, false,
     false, "one waypoint, undeclared prefixes"},
    {"gpxpy/gpx_with_garmin_extension.gpx", SG_ENODATA, 0, NAN, 0, false, false, false,
     "Runkeeper waypoint with gpxtpx:hr - waypoints are never samples"},
    {"gpxpy/korita-zbevnica.gpx", SG_OK, 871, 1286098590, 27612.86, false, false, true,
     "4 tracks, 357 points without <time>"},
    {"gpxpy/route.gpx", SG_OK, 55, NAN, 6682.92, false, false, false,
     "route only (55 rtept, no time/ele): the route is the sample sequence"},
    {"gpxpy/track-with-empty-segment.gpx", SG_OK, 9, 1373131586, 85.85, false, false, true,
     "an empty <trkseg/>: no segment column (one non-empty segment)"},
    {"gpxpy/track-with-extremes.gpx", SG_OK, 25, NAN, 2203.54, false, false, true,
     "no point times; only <gpx><time>"},
    {"gpxpy/track-with-less-sec-time.gpx", SG_OK, 2, 1449844993, 1.56, false, false, true,
     "NikePlus: +01:00 zone and milliseconds"},
    {"gpxpy/track-with-small-floats.gpx", SG_OK, 3, NAN, 9465.62, false, false, true,
     "exponent notation in lat/lon/ele"},
    {"gpxpy/track_with_dilution_errors.gpx", SG_OK, 1, NAN, 0, false, false, false,
     "hdop/vdop/pdop only"},
    {"gpxpy/track_with_speed.gpx", SG_OK, 3, 1236002752, 18.64, false, false, true,
     "GPX 1.0 <speed>, no namespace, no version"},
    {"gpxpy/unicode.gpx", SG_ENODATA, 0, NAN, 0, false, false, false, "6 waypoints, UTF-8 names"},
    {"gpxpy/unicode2.gpx", SG_ENODATA, 0, NAN, 0, false, false, false,
     "a track whose only segment is empty"},
    {"gpxpy/unicode_with_bom.gpx", SG_ENODATA, 0, NAN, 0, false, false, false,
     "UTF-8 BOM, one waypoint"},
    {"gpxpy/unicode_with_bom_noencoding.gpx", SG_ENODATA, 0, NAN, 0, false, false, false,
     "UTF-8 BOM without encoding declaration"},
    {"goldencheetah/1292585194-20906.gpx", SG_OK, 5935, 1269208501, 40815.37, false, false, true,
     "GPS Visualizer, 16 segments, 14 lap waypoints"},
    {"goldencheetah/A_ride_mapped_on_11_22_2011.gpx", SG_OK, 9722, NAN, 96276.03, false, false,
     false, "MapMyFitness: self-closing <trkpt/>, no time/ele"},
    {"goldencheetah/MetadataOnly.gpx", SG_ENODATA, 0, NAN, 0, false, false, false,
     "Strava: metadata time only"},
    {"goldencheetah/Move_2014_01_16_19_48_44.gpx", SG_OK, 669, 1389898124.34, 8541.26, false,
     false, true, "Movescount: gpxdata temp/distance, millisecond times"},
    {"goldencheetah/Move_2014_01_17_09_33_11.gpx", SG_OK, 1405, 1389947591.15, 15538.59, true,
     false, true, "Movescount: gpxdata hr (fractional bpm)"},
    {"goldencheetah/UrbanBiker2019-04-18_16-12.gpx", SG_OK, 2870, 1555596739, 21116.39, true,
     true, true, "TrackPointExtension v2 hr/cad/atemp/speed + PowerInWatts; first trkseg empty"},
};

static void test_shared_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const gpx_case *c = &cases[i];
        size_t len;
        unsigned char *buf = read_shared(c->file, &len);
        assert_int_equal(sg_format_detect(buf, len, NULL), SG_FMT_GPX);
        sg_activity *a = NULL;
        sg_err e;
        int rc = sg_gpx_decode(buf, len, NULL, &a, &e);
        free(buf);
        if (rc != c->rc)
            fail_msg("%s: rc %d (%s), expected %d", c->file, rc, e.msg, c->rc);
        if (rc) {
            assert_null(a);
            assert_true(strstr(e.msg, "no track points") != NULL);
            continue;
        }
        print_message("%-50s n=%zu  (%s)\n", c->file, a->n, c->quirk);
        assert_int_equal(a->n, c->n);
        assert_close(sg_activity_start_time(a), c->t0, 1e-12); /* ~1 ms; NaN == NaN */
        assert_near(path_m(a), c->dist_m, 0.01);
        assert_int_equal(sg_activity_has(a, SG_CH_HEART_RATE), c->hr);
        assert_int_equal(sg_activity_has(a, SG_CH_CADENCE), c->cad);
        assert_int_equal(sg_activity_has(a, SG_CH_ALTITUDE), c->alt);
        assert_string_equal(a->source_format, "gpx");
        assert_int_equal(a->n_sessions, 1);
        sg_activity_free(a);
    }
}

/* Files with a quirk worth a closer look. */
static void test_shared_details(void **state)
{
    (void)state;
    size_t len;
    sg_activity *a;
    sg_err e;

    /* segments: 8 tracks, 7 of them with points; the gaps between them are
     * not distance run (gpxpy's length_2d sums per segment the same way) */
    unsigned char *buf = read_shared("gpxpy/cerknicko-jezero.gpx", &len);
    assert_int_equal(sg_gpx_decode(buf, len, NULL, &a, &e), SG_OK);
    free(buf);
    const double *seg = devcol(a, "segment");
    assert_non_null(seg);
    assert_close(seg[0], 0, 0);
    assert_close(seg[a->n - 1], 6, 0);
    assert_near(sg_geo_path_m(a->ch[SG_CH_LAT], a->ch[SG_CH_LON], seg, a->n), 4575.02, 0.01);
    assert_string_equal(a->device.product, "GPSBabel - http://www.gpsbabel.org");
    sg_activity_free(a);

    /* missing times stay NaN; the present ones are kept in place */
    buf = read_shared("gpxpy/cerknicko-without-times.gpx", &len);
    assert_int_equal(sg_gpx_decode(buf, len, NULL, &a, &e), SG_OK);
    free(buf);
    size_t with_time = 0;
    for (size_t i = 0; i < a->n; i++)
        with_time += !isnan(a->ch[SG_CH_TIME][i]);
    assert_int_equal(with_time, 5); /* the 6th <time> in the file is <gpx>'s */
    assert_true(isnan(a->ch[SG_CH_TIME][0]));
    sg_activity_free(a);

    /* a route gives lat/lon samples and no time */
    buf = read_shared("gpxpy/route.gpx", &len);
    assert_int_equal(sg_gpx_decode(buf, len, NULL, &a, &e), SG_OK);
    free(buf);
    assert_near(a->ch[SG_CH_LAT][0], 45.2787641494, 1e-10);
    assert_near(a->ch[SG_CH_LON][0], 13.726695478, 1e-10);
    assert_null(a->ch[SG_CH_TIME]);
    sg_activity_free(a);

    /* Garmin TPX v2 on a bike app: cadence stays rpm (sport unknown) */
    buf = read_shared("goldencheetah/UrbanBiker2019-04-18_16-12.gpx", &len);
    assert_int_equal(sg_gpx_decode(buf, len, NULL, &a, &e), SG_OK);
    free(buf);
    assert_close(a->ch[SG_CH_HEART_RATE][0], 125, 0);
    assert_close(a->ch[SG_CH_CADENCE][0], 7, 0);
    assert_close(a->ch[SG_CH_TEMPERATURE][0], 26.9, 1e-12);
    assert_true(sg_activity_has(a, SG_CH_POWER));
    assert_true(sg_activity_has(a, SG_CH_SPEED));
    assert_close(a->ch[SG_CH_TIME][1], 1555596741.009, 1e-12);
    assert_close(devcol(a, "segment")[a->n - 1], 1, 0); /* 2 non-empty segments */
    assert_string_equal(a->name, "Rose X-Lite CRS Force \xe2\x80\x93 Do., 18. Apr. 2019, 16:12");
    sg_activity_free(a);

    /* cluetrust gpxdata: hr with fractions, temperature, cumulative distance */
    buf = read_shared("goldencheetah/Move_2014_01_17_09_33_11.gpx", &len);
    assert_int_equal(sg_gpx_decode(buf, len, NULL, &a, &e), SG_OK);
    free(buf);
    assert_close(a->ch[SG_CH_HEART_RATE][1], 101.289987711843, 1e-12);
    assert_close(a->ch[SG_CH_TEMPERATURE][0], 20.7000007629395, 1e-12);
    assert_close(last_value(a, SG_CH_DISTANCE), 15552, 0);
    assert_string_equal(a->device.manufacturer, "suunto");
    sg_activity_free(a);

    /* Mojstrovka: sentinel point times; the session start falls back to
     * the <gpx><time> of the file */
    buf = read_shared("gpxpy/Mojstrovka.gpx", &len);
    assert_int_equal(sg_gpx_decode(buf, len, NULL, &a, &e), SG_OK);
    free(buf);
    assert_null(a->ch[SG_CH_TIME]);
    assert_close(a->sessions[0].totals.start_time, 1292307424, 0); /* 2010-12-14T06:17:04Z */
    sg_activity_free(a);
}

/* ---------- inline documents: one feature each ---------- */

static void test_features(void **state)
{
    (void)state;
    const char *doc =
        "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- exported -->\n"
        "<gpx version=\"1.1\" creator=\"Garmin Connect\" xmlns=\"http://www.topografix.com/GPX/1/1\"\n"
        "     xmlns:ns3=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">\n"
        " <metadata><name>Meta</name><time>2020-05-01T06:00:00Z</time></metadata>\n"
        " <trk><name>Morning Run \xC3\xA9</name><type>running</type>\n"
        "  <trkseg>\n"
        "   <trkpt lat=\"45.0\" lon=\"14.0\"><ele>100.5</ele><time>2020-05-01T08:00:00+02:00</time>\n"
        "    <extensions><ns3:TrackPointExtension><ns3:hr>140</ns3:hr><ns3:cad>85</ns3:cad>\n"
        "     <ns3:atemp>21.5</ns3:atemp><ns3:speed>3.2</ns3:speed></ns3:TrackPointExtension>\n"
        "     <power>250</power></extensions></trkpt>\n"
        "   <trkpt lat=\"45.001\" lon=\"14.0\"><time>2020-05-01T06:00:01.250Z</time>\n"
        "    <extensions><heartrate>141</heartrate><cadence>86</cadence></extensions></trkpt>\n"
        "  </trkseg>\n"
        "  <trkseg>\n"
        "   <trkpt lat=\"45.002\" lon=\"14.0\"><!-- no time, no ele --></trkpt>\n"
        "   <trkpt lat=\"95\" lon=\"14.0\"><time>2020-05-01T01:00:03-05:00</time>\n"
        "    <extensions><gpxdata:hr>0</gpxdata:hr></extensions></trkpt>\n"
        "  </trkseg>\n"
        " </trk>\n"
        " <wpt lat=\"1\" lon=\"2\"><time>2020-05-01T06:00:00Z</time></wpt>\n"
        "</gpx>\n";
    sg_activity *a;
    sg_err e;
    assert_int_equal(decode_str(doc, &a, &e), SG_OK);
    assert_int_equal(a->n, 4);
    double *t = a->ch[SG_CH_TIME];
    assert_close(t[0], 1588312800, 0); /* 08:00+02:00 = 06:00Z */
    assert_close(t[1], 1588312801.25, 0);
    assert_true(isnan(t[2]));
    assert_close(t[3], 1588312803, 0); /* 01:00:03-05:00 = 06:00:03Z */
    assert_close(a->ch[SG_CH_ALTITUDE][0], 100.5, 0);
    assert_true(isnan(a->ch[SG_CH_ALTITUDE][1]));
    assert_close(a->ch[SG_CH_HEART_RATE][0], 140, 0);
    assert_close(a->ch[SG_CH_HEART_RATE][1], 141, 0);
    assert_true(isnan(a->ch[SG_CH_HEART_RATE][3])); /* hr 0 = no reading */
    /* running: per-foot cadence (median 85.5 < 120) doubled to steps/min */
    assert_close(a->ch[SG_CH_CADENCE][0], 170, 0);
    assert_close(a->ch[SG_CH_CADENCE][1], 172, 0);
    assert_close(a->ch[SG_CH_TEMPERATURE][0], 21.5, 0);
    assert_close(a->ch[SG_CH_SPEED][0], 3.2, 0);
    assert_close(a->ch[SG_CH_POWER][0], 250, 0);
    assert_true(isnan(a->ch[SG_CH_LAT][3])); /* lat 95 is out of range */
    assert_close(a->ch[SG_CH_LON][3], 14, 0);
    const double *seg = devcol(a, "segment");
    assert_non_null(seg);
    assert_close(seg[1], 0, 0);
    assert_close(seg[2], 1, 0);
    assert_int_equal(a->sport, SG_SPORT_RUNNING);
    assert_string_equal(a->name, "Morning Run \xC3\xA9");
    assert_string_equal(a->device.product, "Garmin Connect");
    assert_string_equal(a->device.manufacturer, "garmin");
    assert_close(a->sessions[0].totals.start_time, 1588312800, 0);
    assert_close(a->sessions[0].totals.elapsed_s, 3, 0);
    sg_activity_free(a);

    /* GPX 1.0: <speed> in the point, name/time on <gpx>, full-step cadence
     * on a run stays (median >= 120) */
    const char *v10 =
        "<gpx version=\"1.0\"><name>Ten</name><time>2009-03-02T14:00:00Z</time>"
        "<trk><type>Run</type><trkseg>"
        "<trkpt lat=\"1\" lon=\"2\"><speed>1.5</speed><extensions><cad>172</cad></extensions></trkpt>"
        "<trkpt lat=\"1\" lon=\"2.001\"><speed>2.5</speed></trkpt>"
        "</trkseg></trk></gpx>";
    assert_int_equal(decode_str(v10, &a, &e), SG_OK);
    assert_close(a->ch[SG_CH_SPEED][1], 2.5, 0);
    assert_close(a->ch[SG_CH_CADENCE][0], 172, 0);
    assert_string_equal(a->name, "Ten");
    assert_close(a->sessions[0].totals.start_time, 1236002400, 0);
    assert_null(devcol(a, "segment"));
    sg_activity_free(a);

    /* all-zero elevation is dropped; one non-zero keeps the column */
    const char *zero = "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"1\"><ele>0</ele></trkpt>"
                       "<trkpt lat=\"1\" lon=\"1\"><ele>0.0</ele></trkpt></trkseg></trk></gpx>";
    assert_int_equal(decode_str(zero, &a, &e), SG_OK);
    assert_null(a->ch[SG_CH_ALTITUDE]);
    sg_activity_free(a);
    const char *low = "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"1\"><ele>0</ele></trkpt>"
                      "<trkpt lat=\"1\" lon=\"1\"><ele>-2</ele></trkpt></trkseg></trk></gpx>";
    assert_int_equal(decode_str(low, &a, &e), SG_OK);
    assert_close(a->ch[SG_CH_ALTITUDE][1], -2, 0);
    sg_activity_free(a);

    /* two routes: both concatenated, segment per route */
    const char *rte = "<gpx><rte><name>Course</name><rtept lat=\"1\" lon=\"1\"><ele>5</ele></rtept>"
                      "</rte><rte><rtept lat=\"1\" lon=\"1.01\"/></rte></gpx>";
    assert_int_equal(decode_str(rte, &a, &e), SG_OK);
    assert_int_equal(a->n, 2);
    assert_close(devcol(a, "segment")[1], 1, 0);
    assert_string_equal(a->name, "Course");
    sg_activity_free(a);

    /* windows-1252 declared: bytes 0x80 (euro) and 0xE9 (e acute) */
    const char *cp = "<?xml version=\"1.0\" encoding=\"windows-1252\"?>"
                     "<gpx><trk><name>\x80 caf\xE9</name><trkseg><trkpt lat=\"1\" lon=\"1\"/>"
                     "</trkseg></trk></gpx>";
    assert_int_equal(decode_str(cp, &a, &e), SG_OK);
    assert_string_equal(a->name, "\xE2\x82\xAC caf\xC3\xA9");
    sg_activity_free(a);

    /* <trkpt> without <trkseg> (invalid, but written by some tools) */
    assert_int_equal(decode_str("<gpx><trk><trkpt lat=\"1\" lon=\"1\"/></trk></gpx>", &a, &e), SG_OK);
    assert_int_equal(a->n, 1);
    sg_activity_free(a);

    /* leading blank lines before the declaration are tolerated */
    const char *blank = "\n\n<?xml version=\"1.0\"?><gpx><trk><trkseg><trkpt lat=\"1\" lon=\"1\"/>"
                        "</trkseg></trk></gpx>";
    assert_int_equal(decode_str(blank, &a, &e), SG_OK);
    sg_activity_free(a);
}

/* An untyped GPX track (Strava, Movescount) of n 1-s points at speed v
 * along a meridian, every point with cadence cad and, when sport is not
 * NULL, a <type>. */
static char *untyped_track(const char *sport, double v, double cad, int n)
{
    size_t cap = 256 + (size_t)n * 200;
    char *doc = malloc(cap);
    assert_non_null(doc);
    int off = snprintf(doc, cap, "<gpx><trk>%s%s%s<trkseg>", sport ? "<type>" : "",
                       sport ? sport : "", sport ? "</type>" : "");
    for (int i = 0; i < n; i++)
        off += snprintf(doc + off, cap - (size_t)off,
                        "<trkpt lat=\"%.8f\" lon=\"7\"><time>2024-05-01T06:%02d:%02dZ</time>"
                        "<extensions><cad>%.0f</cad></extensions></trkpt>",
                        45.0 + v * i / 111195.0799, i / 60, i % 60, cad);
    snprintf(doc + off, cap - (size_t)off, "</trkseg></trk></gpx>");
    return doc;
}

static double untyped_cadence(const char *sport, double v, double cad)
{
    char *doc = untyped_track(sport, v, cad, 120);
    sg_activity *a = NULL;
    sg_err e;
    sg_err_clear(&e);
    assert_int_equal(decode_str(doc, &a, &e), SG_OK);
    free(doc);
    double c = a->ch[SG_CH_CADENCE][60];
    sg_activity_free(a);
    return c;
}

static void test_cadence_units_from_data(void **state)
{
    (void)state;
    /* no <type>: the motion decides (docs/formats.md "Cadence units") */
    assert_close(untyped_cadence(NULL, 3.0, 89), 178, 0);  /* run, per foot */
    assert_close(untyped_cadence(NULL, 3.0, 172), 172, 0); /* run, steps/min */
    assert_close(untyped_cadence(NULL, 1.4, 56), 112, 0);  /* walk, per foot */
    assert_close(untyped_cadence(NULL, 1.4, 112), 112, 0); /* walk, steps/min */
    assert_close(untyped_cadence(NULL, 8.0, 85), 85, 0);   /* ride: rpm */
    assert_close(untyped_cadence(NULL, 5.5, 80), 80, 0);   /* 4.1 m per turn: rpm */
    /* a typed run: same answer; a typed ride never doubles */
    assert_close(untyped_cadence("running", 3.0, 89), 178, 0);
    assert_close(untyped_cadence("cycling", 3.0, 89), 89, 0);
    /* 118 at running speed is steps/min, not 236 */
    assert_close(untyped_cadence("running", 2.8, 118), 118, 0);
}

/* SportTracks keeps heart rate in a file-level track keyed by time; each
 * point takes the reading nearest in time (at most 10 s away), and a
 * point's own heart rate wins. */
static void test_sporttracks_heart_rate_track(void **state)
{
    (void)state;
    const char *doc =
        "<gpx xmlns:st=\"urn:uuid:D0EB2ED5-49B6-44e3-B13C-CF15BE7DD7DD\"><trk><trkseg>"
        "<trkpt lat=\"45\" lon=\"7\"><time>2009-06-01T06:00:00Z</time></trkpt>"
        "<trkpt lat=\"45.0001\" lon=\"7\"><time>2009-06-01T06:00:05Z</time></trkpt>"
        "<trkpt lat=\"45.0002\" lon=\"7\"><time>2009-06-01T06:00:10Z</time>"
        "<extensions><hr>150</hr></extensions></trkpt>"
        "<trkpt lat=\"45.0003\" lon=\"7\"><time>2009-06-01T06:01:00Z</time></trkpt>"
        "</trkseg></trk>"
        "<extensions><st:activity><st:heartRateTrack>"
        "<st:heartRate time=\"2009-06-01T06:00:06Z\" bpm=\"131\"/>"
        "<st:heartRate time=\"2009-06-01T06:00:00Z\" bpm=\"120\"/>"
        "<st:heartRate time=\"2009-06-01T06:00:09Z\" bpm=\"140\"/>"
        "</st:heartRateTrack></st:activity></extensions></gpx>";
    sg_activity *a = NULL;
    sg_err e;
    sg_err_clear(&e);
    assert_int_equal(decode_str(doc, &a, &e), SG_OK);
    assert_close(a->ch[SG_CH_HEART_RATE][0], 120, 0);
    assert_close(a->ch[SG_CH_HEART_RATE][1], 131, 0);
    assert_close(a->ch[SG_CH_HEART_RATE][2], 150, 0); /* its own */
    assert_true(isnan(a->ch[SG_CH_HEART_RATE][3]));  /* 51 s from any reading */
    sg_activity_free(a);
}

static void test_utf16(void **state)
{
    (void)state;
    const char *doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><gpx><trk><trkseg>"
                      "<trkpt lat=\"10.5\" lon=\"20.25\"><time>2021-01-01T00:00:00Z</time></trkpt>"
                      "</trkseg></trk></gpx>";
    size_t n = strlen(doc);
    uint8_t *u = malloc(2 * n + 2);
    u[0] = 0xFF, u[1] = 0xFE;
    for (size_t i = 0; i < n; i++)
        u[2 + 2 * i] = (uint8_t)doc[i], u[3 + 2 * i] = 0;
    assert_int_equal(sg_format_detect(u, 2 * n + 2, NULL), SG_FMT_GPX);
    sg_activity *a;
    sg_err e;
    assert_int_equal(sg_gpx_decode(u, 2 * n + 2, NULL, &a, &e), SG_OK);
    assert_close(a->ch[SG_CH_LON][0], 20.25, 0);
    assert_close(a->ch[SG_CH_TIME][0], 1609459200, 0);
    sg_activity_free(a);
    free(u);
}

/* ---------- the text helpers ---------- */

static void test_xml_helpers(void **state)
{
    (void)state;
    double v = -1;
    assert_true(sg_civil_iso8601("1970-01-01T00:00:00Z", &v));
    assert_close(v, 0, 0);
    assert_true(sg_civil_iso8601(" 2016-02-29T23:59:59.999+05:30 ", &v));
    assert_near(v, 1456790399.999 - 19800, 1e-6); /* 2016-02-29 is day 16860 */
    assert_true(sg_civil_iso8601("2000-03-01t00:00:00-0100", &v));
    assert_close(v, 951868800 + 3600, 0);
    assert_true(sg_civil_iso8601("2000-03-01 00:00:00+01", &v));
    assert_close(v, 951868800 - 3600, 0);
    assert_true(sg_civil_iso8601("2020-12-31T24:00:00Z", &v));
    assert_close(v, 1609459200, 0);
    assert_true(sg_civil_iso8601("2020-01-01T10:11", &v)); /* no seconds, no zone = UTC */
    assert_close(v, 1577873460, 0);
    const char *bad[] = {"2015-02-29T00:00:00Z", "2020-13-01T00:00:00Z", "2020-01-01",
                         "2020-01-01T25:00:00Z", "2020-01-01T24:00:01Z", "2020-01-01T00:00:00.Z",
                         "2020-01-01T00:00:00+24:00", "2020-01-01T00:00:00Zjunk", "", "x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (sg_civil_iso8601(bad[i], &v))
            fail_msg("'%s' accepted", bad[i]);
    assert_false(sg_xml_activity_time("1901-12-13T20:45:52.207Z", &v)); /* INT32_MIN sentinel */
    assert_true(sg_xml_activity_time("1980-01-06T00:00:00Z", &v));

    assert_true(sg_xml_number(" 46.57608333\n", &v));
    assert_close(v, 46.57608333, 0);
    assert_true(sg_xml_number("-1.5e-3", &v));
    assert_close(v, -0.0015, 0);
    assert_true(sg_xml_number(".5", &v));
    assert_close(v, 0.5, 0);
    assert_true(sg_xml_number("123456789012345678901234567890", &v));
    assert_close(v, 1.2345678901234568e29, 1e-15);
    assert_true(sg_xml_number("0.000000000000000000000000001", &v));
    assert_close(v, 1e-27, 1e-15);
    const char *nan_like[] = {"nan", "inf", "0x10", "1e", "-", "", "1,5", "1.5.2", "1e400"};
    for (size_t i = 0; i < sizeof nan_like / sizeof *nan_like; i++)
        if (sg_xml_number(nan_like[i], &v))
            fail_msg("'%s' accepted", nan_like[i]);

    assert_int_equal(sg_xml_sport("Trail Running"), SG_SPORT_RUNNING);
    assert_int_equal(sg_xml_sport("Biking"), SG_SPORT_CYCLING);
    assert_int_equal(sg_xml_sport("Hike"), SG_SPORT_HIKING);
    assert_int_equal(sg_xml_sport("9"), SG_SPORT_UNKNOWN);
    assert_string_equal(sg_xml_local("gpxtpx:hr"), "hr");
    assert_string_equal(sg_xml_local("hr"), "hr");
}

/* ---------- bad input ---------- */

static void expect_fail(const char *doc, int code, int line, const char *msg_part)
{
    sg_activity *a = (sg_activity *)1;
    sg_err e;
    int rc = decode_str(doc, &a, &e);
    if (rc != code)
        fail_msg("rc %d (%s), expected %d", rc, e.msg, code);
    assert_null(a);
    assert_int_equal(e.code, code);
    if (line)
        assert_int_equal(e.line, line);
    if (msg_part && !strstr(e.msg, msg_part))
        fail_msg("message '%s' lacks '%s'", e.msg, msg_part);
}

static void test_bad_input(void **state)
{
    (void)state;
    /* malformed: expat's message and position */
    expect_fail("<gpx>\n<trk>\n</gpx>", SG_EFORMAT, 3, "mismatched tag");
    expect_fail("", SG_EFORMAT, 1, "no element found");
    expect_fail("<gpx><trk>", SG_EFORMAT, 0, "no element found");
    expect_fail("not xml at all", SG_EFORMAT, 1, "syntax error");
    expect_fail("<gpx>&nbsp;</gpx>", SG_EFORMAT, 1, "undefined entity");
    expect_fail("<gpx>\x01</gpx>", SG_EFORMAT, 1, "invalid token");
    expect_fail("<?xml version=\"1.0\" encoding=\"KOI8-R\"?><gpx/>", SG_EFORMAT, 1, "encoding");
    expect_fail("<gpx><trk><name>\xff\xfe</name></trk></gpx>", SG_EFORMAT, 1, NULL);
    /* not GPX */
    expect_fail("<TrainingCenterDatabase/>", SG_EFORMAT, 1, "not <gpx>");
    /* well-formed, nothing to read */
    expect_fail("<gpx><wpt lat=\"1\" lon=\"2\"/></gpx>", SG_ENODATA, 0, "1 waypoints");
    /* entities: refused at the declaration, never expanded or fetched */
    expect_fail("<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [\n"
                "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
                "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
                "]>\n<gpx><trk><name>&c;</name></trk></gpx>",
                SG_EUNSUPPORTED, 3, "entity");
    expect_fail("<!DOCTYPE gpx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><gpx>&x;</gpx>",
                SG_EUNSUPPORTED, 1, "entity");
    /* an external DTD is named but never fetched */
    sg_activity *a;
    sg_err e;
    assert_int_equal(decode_str("<!DOCTYPE gpx SYSTEM \"http://example.invalid/gpx.dtd\"><gpx><trk>"
                                "<trkseg><trkpt lat=\"1\" lon=\"1\"/></trkseg></trk></gpx>",
                                &a, &e),
                     SG_OK);
    sg_activity_free(a);
}

static void test_limits(void **state)
{
    (void)state;
    /* depth */
    char deep[2 * (SG_XML_MAX_DEPTH + 2) * 4 + 32];
    size_t p = 0;
    p += (size_t)snprintf(deep + p, sizeof deep - p, "<gpx>");
    for (int i = 0; i < SG_XML_MAX_DEPTH + 1; i++)
        p += (size_t)snprintf(deep + p, sizeof deep - p, "<a>");
    deep[p] = '\0';
    expect_fail(deep, SG_ELIMIT, 1, "deeper");

    /* text of a wanted element */
    size_t big = SG_XML_MAX_TEXT + 100;
    char *doc = malloc(big + 64);
    memcpy(doc, "<gpx><trk><name>", 16);
    memset(doc + 16, 'x', big);
    memcpy(doc + 16 + big, "</name></trk></gpx>", sizeof "</name></trk></gpx>");
    expect_fail(doc, SG_ELIMIT, 1, "text longer");
    /* the same length in an element nobody reads is fine */
    memcpy(doc, "<gpx><trk><desc>", 16);
    memcpy(doc + 16 + big, "</desc>", 7);
    sg_activity *a;
    sg_err e;
    assert_int_equal(decode_str(doc, &a, &e), SG_ENODATA);
    free(doc);
}

/* ---------- chunk sizes 1..5 give what the whole buffer gives ---------- */

static void chunk_check(const uint8_t *buf, size_t len)
{
    sg_activity *whole = NULL;
    sg_err e;
    int rc0 = sg_gpx_decode_chunked(buf, len, 0, NULL, &whole, &e);
    for (size_t chunk = 1; chunk <= 5; chunk++) {
        sg_activity *part = NULL;
        int rc = sg_gpx_decode_chunked(buf, len, chunk, NULL, &part, &e);
        assert_int_equal(rc, rc0);
        if (!rc)
            assert_same_activity(whole, part);
        sg_activity_free(part);
    }
    sg_activity_free(whole);
}

static void test_chunk_sizes(void **state)
{
    (void)state;
    const char *files[] = {"gpxpy/cerknicko-without-times.gpx", "gpxpy/track-with-less-sec-time.gpx",
                           "gpxpy/track_with_speed.gpx",        "gpxpy/route.gpx",
                           "gpxpy/unicode_with_bom.gpx",        "gpxpy/gpx-with-node-with-comments.gpx",
                           "gpxpy/korita-zbevnica.gpx"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        size_t len;
        unsigned char *buf = read_shared(files[i], &len);
        chunk_check(buf, len);
        free(buf);
    }
    /* extensions and segments, without the shared folder too */
    const char *doc = "<?xml version=\"1.0\"?><gpx creator=\"x\"><trk><type>running</type><trkseg>"
                      "<trkpt lat=\"1.5\" lon=\"2.25\"><ele>3</ele><time>2020-01-01T00:00:00.5+01:00</time>"
                      "<extensions><a:TrackPointExtension><a:hr>150</a:hr><a:cad>88</a:cad>"
                      "</a:TrackPointExtension></extensions></trkpt></trkseg><trkseg>"
                      "<trkpt lat=\"1.6\" lon=\"2.35\"><!-- c --><ele>4</ele></trkpt>"
                      "</trkseg></trk></gpx>";
    chunk_check((const uint8_t *)doc, strlen(doc));
}

/* ---------- every allocation failing in turn ---------- */

static void test_alloc_failures(void **state)
{
    (void)state;
    const char *doc = "<gpx creator=\"Garmin\"><metadata><name>m</name></metadata>"
                      "<trk><name>t</name><type>run</type><trkseg>"
                      "<trkpt lat=\"1\" lon=\"2\"><ele>3</ele><time>2020-01-01T00:00:00Z</time>"
                      "<extensions><hr>150</hr><cad>88</cad><atemp>20</atemp></extensions></trkpt>"
                      "</trkseg><trkseg><trkpt lat=\"1\" lon=\"2.1\"/></trkseg></trk>"
                      "<rte><rtept lat=\"1\" lon=\"2\"/></rte></gpx>";
    bool succeeded = false;
    for (long n = 1; n < 400 && !succeeded; n++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, n);
        sg_activity *a = NULL;
        sg_err e;
        int rc = sg_gpx_decode((const uint8_t *)doc, strlen(doc), &fa.base, &a, &e);
        if (rc == SG_OK) {
            succeeded = true;
            assert_int_equal(a->n, 2);
            sg_activity_free(a);
        } else {
            assert_int_equal(rc, SG_ENOMEM);
            assert_null(a);
        }
        assert_int_equal(fa.live, 0);
    }
    assert_true(succeeded);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_files),   cmocka_unit_test(test_shared_details),
        cmocka_unit_test(test_features),       cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_xml_helpers),    cmocka_unit_test(test_cadence_units_from_data),
        cmocka_unit_test(test_sporttracks_heart_rate_track),
        cmocka_unit_test(test_bad_input),      cmocka_unit_test(test_limits),
        cmocka_unit_test(test_chunk_sizes),    cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
