/* GPX 1.0 / 1.1 reader (include/strideguard/formats.h).
 *
 * Spec (Topografix GPX 1.0 and 1.1 schemas; Garmin TrackPointExtension v1/v2;
 * cluetrust gpxdata 1.0):
 *
 *   gpx [version, creator]
 *     metadata (1.1) > name, time          | name, time directly (1.0)
 *     wpt*  [lat, lon]                     waypoints: counted, never samples
 *     rte*  > name, type, rtept* [lat, lon] > ele, time, ...
 *     trk*  > name, type, trkseg* > trkpt* [lat, lon]
 *              trkpt > ele      m (WGS-84 geoid per the schema; taken as is)
 *                      time     xsd:dateTime, any zone, fractional seconds
 *                      speed    m/s (GPX 1.0 only; 1.1 moved it to extensions)
 *                      extensions > anything; recognised by local name,
 *                                   case-insensitive, at any depth:
 *                        hr heartrate heart_rate            -> heart rate, bpm
 *                        cad cadence                        -> cadence (rpm as written)
 *                        atemp temp temperature             -> temperature, deg C
 *                        speed                              -> speed, m/s
 *                        power PowerInWatts watts           -> power, W
 *                        distance                           -> cumulative distance, m
 *
 * File-level heart rate (SportTracks): anywhere outside a point,
 *   heartRate [time, bpm]   (<extensions><st:activity><st:heartRateTrack>)
 * is a reading by time; a sample without its own heart rate takes the
 * reading nearest in time, when one is at most 10 s away.
 *
 * Namespaces are ignored (local names only): exporters bind the same schema
 * to gpxtpx:, ns3:, tp1: or nothing at all, and some never declare it.
 *
 * Samples: every trkpt of every trk/trkseg in file order. A file with no
 * trkpt but with rtept (a race course from a planner) yields the route points
 * instead. Segment breaks are kept as a "segment" developer column (0-based
 * index of the non-empty trkseg / rte) when there is more than one.
 *
 * Absent values are NaN: a point without <time> keeps NaN time, without
 * <ele> NaN altitude. A heart rate <= 0 is "no reading" (NaN). lat/lon
 * outside [-90, 90] / [-180, 180] or not numbers are NaN. Everything else is
 * post-processed by sg_xml_finish_channels (all-zero elevation dropped,
 * per-foot running cadence doubled) - see docs/formats.md. */
#include "strideguard/formats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formats/xml_util.h"

enum gpx_id {
    G_OTHER = 0,
    G_GPX,
    G_METADATA,
    G_NAME,
    G_TIME,
    G_TYPE,
    G_TRK,
    G_TRKSEG,
    G_RTE,
    G_PT,
    G_ELE,
    G_SPEED,
    G_EXT,
    /* extension leaves, one per field */
    G_X_HR,
    G_X_CAD,
    G_X_TEMP,
    G_X_SPEED,
    G_X_POWER,
    G_X_DIST,
};

enum { PT_NONE, PT_TRK, PT_RTE };

enum { F_LAT, F_LON, F_ELE, F_TIME, F_SPEED, F_HR, F_CAD, F_TEMP, F_POWER, F_DIST, F_COUNT };

static const sg_channel field_channel[F_COUNT] = {
    SG_CH_LAT,        SG_CH_LON,     SG_CH_ALTITUDE,    SG_CH_TIME,  SG_CH_SPEED,
    SG_CH_HEART_RATE, SG_CH_CADENCE, SG_CH_TEMPERATURE, SG_CH_POWER, SG_CH_DISTANCE,
};

/* One sequence of samples (all tracks, or all routes) with its segments. */
typedef struct {
    sg_activity *act;
    sg_xml_segs segs;
} gpx_seq;

typedef struct {
    const sg_allocator *a;
    gpx_seq trk, rte;
    int pt_kind;
    int ext_depth;     /* open <extensions> inside the current point */
    double pt[F_COUNT];
    size_t n_points, n_wpt;
    bool root_seen;
    char *meta_name, *seq_name, *creator;
    double meta_time;
    sg_sport sport;
    size_t n_hr, cap_hr;   /* file-level heart-rate track (time, bpm) pairs */
    double *hr_track;
} gpx_state;

/* A file-level reading further than this from a sample is not its heart rate. */
#define GPX_HR_TRACK_MAX_S 10.0

static int set_string(sg_xml *x, char **dst, const char *text)
{
    if (*dst || !*text)
        return SG_OK; /* the first non-empty one wins */
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    size_t n = strlen(text);
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\n' ||
                 text[n - 1] == '\r'))
        n--;
    if (!n)
        return SG_OK;
    *dst = sg_strndup(x->a, text, n);
    return *dst ? SG_OK : sg_xml_fail(x, SG_ENOMEM, "out of memory for a name");
}

static int ext_field(const char *local)
{
    static const struct {
        const char *name;
        int id;
    } names[] = {
        {"hr", G_X_HR},         {"heartrate", G_X_HR},  {"heart_rate", G_X_HR},
        {"cad", G_X_CAD},       {"cadence", G_X_CAD},   {"atemp", G_X_TEMP},
        {"temp", G_X_TEMP},     {"temperature", G_X_TEMP}, {"speed", G_X_SPEED},
        {"power", G_X_POWER},   {"powerinwatts", G_X_POWER}, {"watts", G_X_POWER},
        {"distance", G_X_DIST},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (sg_xml_ieq(local, names[i].name))
            return names[i].id;
    return G_OTHER;
}

static double coord(const char *s, double limit)
{
    double v;
    if (!s || !sg_xml_number(s, &v) || fabs(v) > limit)
        return NAN;
    return v;
}

static int gpx_start(void *ud, sg_xml *x, const char *local, const char **attrs, int *id)
{
    gpx_state *g = ud;
    int parent = sg_xml_up(x, 1);
    if (!g->root_seen) {
        g->root_seen = true;
        if (strcmp(local, "gpx") != 0)
            return sg_xml_fail(x, SG_EFORMAT, "root element <%s> is not <gpx>", local);
        *id = G_GPX;
        const char *creator = sg_xml_attr(attrs, "creator");
        return creator ? set_string(x, &g->creator, creator) : SG_OK;
    }
    if (g->pt_kind != PT_NONE) {
        if (g->ext_depth > 0) {
            *id = ext_field(local);
            x->capture = *id != G_OTHER;
            if (strcmp(local, "extensions") == 0)
                g->ext_depth++, *id = G_EXT;
            return SG_OK;
        }
        if (parent != G_PT)
            return SG_OK;
        if (strcmp(local, "ele") == 0)
            *id = G_ELE;
        else if (strcmp(local, "time") == 0)
            *id = G_TIME;
        else if (strcmp(local, "speed") == 0)
            *id = G_SPEED;
        else if (strcmp(local, "extensions") == 0) {
            *id = G_EXT;
            g->ext_depth++;
            return SG_OK;
        }
        x->capture = *id != G_OTHER;
        return SG_OK;
    }
    if (strcmp(local, "trkpt") == 0 || strcmp(local, "rtept") == 0) {
        bool trk = local[1] == 'r' && local[2] == 'k';
        /* a <trkpt> straight under <trk> (no <trkseg>) is invalid GPX that
         * some writers produce; it is kept */
        if ((trk && parent != G_TRKSEG && parent != G_TRK) || (!trk && parent != G_RTE))
            return SG_OK;
        if (g->n_points >= SG_XML_MAX_POINTS)
            return sg_xml_fail(x, SG_ELIMIT, "more than %zu points", (size_t)SG_XML_MAX_POINTS);
        *id = G_PT;
        g->pt_kind = trk ? PT_TRK : PT_RTE;
        g->ext_depth = 0;
        for (int f = 0; f < F_COUNT; f++)
            g->pt[f] = NAN;
        g->pt[F_LAT] = coord(sg_xml_attr(attrs, "lat"), 90);
        g->pt[F_LON] = coord(sg_xml_attr(attrs, "lon"), 180);
        return SG_OK;
    }
    if (sg_xml_ieq(local, "heartRate")) {
        double t, bpm;
        const char *ts = sg_xml_attr(attrs, "time"), *bs = sg_xml_attr(attrs, "bpm");
        if (!ts || !bs || !sg_xml_activity_time(ts, &t) || !sg_xml_number(bs, &bpm) || !(bpm > 0))
            return SG_OK;
        if (g->n_hr >= SG_XML_MAX_POINTS)
            return sg_xml_fail(x, SG_ELIMIT, "more than %zu heart-rate readings",
                               (size_t)SG_XML_MAX_POINTS);
        if (g->n_hr == g->cap_hr) {
            size_t nc = g->cap_hr ? 2 * g->cap_hr : 256;
            double *p = sg_realloc_array(g->a, g->hr_track, nc, 2 * sizeof(double));
            if (!p)
                return sg_xml_fail(x, SG_ENOMEM, "out of memory for the heart-rate track");
            g->hr_track = p;
            g->cap_hr = nc;
        }
        g->hr_track[2 * g->n_hr] = t;
        g->hr_track[2 * g->n_hr + 1] = bpm;
        g->n_hr++;
        return SG_OK;
    }
    if (strcmp(local, "wpt") == 0) {
        g->n_wpt += parent == G_GPX;
    } else if (strcmp(local, "metadata") == 0 && parent == G_GPX) {
        *id = G_METADATA;
    } else if (strcmp(local, "trk") == 0 && parent == G_GPX) {
        *id = G_TRK;
    } else if (strcmp(local, "trkseg") == 0 && parent == G_TRK) {
        *id = G_TRKSEG;
        g->trk.segs.pending = true;
    } else if (strcmp(local, "rte") == 0 && parent == G_GPX) {
        *id = G_RTE;
        g->rte.segs.pending = true;
    } else if (strcmp(local, "name") == 0 && (parent == G_GPX || parent == G_METADATA ||
                                               parent == G_TRK || parent == G_RTE)) {
        *id = G_NAME;
        x->capture = true;
    } else if (strcmp(local, "time") == 0 && (parent == G_GPX || parent == G_METADATA)) {
        *id = G_TIME;
        x->capture = true;
    } else if (strcmp(local, "type") == 0 && (parent == G_TRK || parent == G_RTE)) {
        *id = G_TYPE;
        x->capture = true;
    }
    return SG_OK;
}

static int push_point(gpx_state *g, sg_xml *x, gpx_seq *q)
{
    sg_err e;
    sg_err_clear(&e);
    size_t idx;
    int rc = sg_xml_segs_mark(&q->segs, g->a, q->act->n, &e);
    if (!rc)
        rc = sg_activity_append(q->act, &idx, &e);
    for (int f = 0; f < F_COUNT && !rc; f++)
        if (!isnan(g->pt[f]))
            rc = sg_activity_set(q->act, field_channel[f], idx, g->pt[f], &e);
    if (rc)
        return sg_xml_fail(x, rc, "%s", e.msg);
    g->n_points++;
    return SG_OK;
}

static int gpx_end(void *ud, sg_xml *x, int id, const char *text, size_t len)
{
    gpx_state *g = ud;
    (void)len;
    int parent = sg_xml_up(x, 1);
    double v;
    switch (id) {
    case G_PT: {
        int kind = g->pt_kind;
        g->pt_kind = PT_NONE;
        return push_point(g, x, kind == PT_TRK ? &g->trk : &g->rte);
    }
    case G_EXT:
        if (g->ext_depth > 0)
            g->ext_depth--;
        return SG_OK;
    case G_ELE:
        if (sg_xml_number(text, &v))
            g->pt[F_ELE] = v;
        return SG_OK;
    case G_SPEED:
        if (sg_xml_number(text, &v) && v >= 0)
            g->pt[F_SPEED] = v;
        return SG_OK;
    case G_TIME:
        if (parent == G_PT) {
            if (sg_xml_activity_time(text, &v))
                g->pt[F_TIME] = v;
        } else if (isnan(g->meta_time) && sg_xml_activity_time(text, &v)) {
            g->meta_time = v;
        }
        return SG_OK;
    case G_NAME:
        return set_string(x, (parent == G_TRK || parent == G_RTE) ? &g->seq_name : &g->meta_name,
                          text);
    case G_TYPE:
        if (g->sport == SG_SPORT_UNKNOWN)
            g->sport = sg_xml_sport(text);
        return SG_OK;
    case G_X_HR:
        if (sg_xml_number(text, &v) && v > 0)
            g->pt[F_HR] = v;
        return SG_OK;
    case G_X_CAD:
        if (sg_xml_number(text, &v) && v >= 0)
            g->pt[F_CAD] = v;
        return SG_OK;
    case G_X_TEMP:
        if (sg_xml_number(text, &v))
            g->pt[F_TEMP] = v;
        return SG_OK;
    case G_X_SPEED:
        if (sg_xml_number(text, &v) && v >= 0)
            g->pt[F_SPEED] = v;
        return SG_OK;
    case G_X_POWER:
        if (sg_xml_number(text, &v) && v >= 0)
            g->pt[F_POWER] = v;
        return SG_OK;
    case G_X_DIST:
        if (sg_xml_number(text, &v) && v >= 0)
            g->pt[F_DIST] = v;
        return SG_OK;
    default:
        return SG_OK;
    }
}

static int by_time(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Gives each sample without a heart rate the file-level reading nearest in
 * time (at most GPX_HR_TRACK_MAX_S away). Readings are sorted first. */
static int apply_hr_track(gpx_state *g, sg_activity *act, sg_err *err)
{
    if (!g->n_hr || !act->ch[SG_CH_TIME])
        return SG_OK;
    qsort(g->hr_track, g->n_hr, 2 * sizeof(double), by_time);
    const double *T = act->ch[SG_CH_TIME];
    for (size_t i = 0; i < act->n; i++) {
        if (isnan(T[i]) || !isnan(sg_activity_get(act, SG_CH_HEART_RATE, i)))
            continue;
        size_t lo = 0, hi = g->n_hr; /* first reading with time >= T[i] */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (g->hr_track[2 * mid] < T[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        double best = NAN, gap = GPX_HR_TRACK_MAX_S;
        for (size_t k = lo ? lo - 1 : 0; k <= lo && k < g->n_hr; k++) {
            double d = fabs(g->hr_track[2 * k] - T[i]);
            if (d <= gap) {
                gap = d;
                best = g->hr_track[2 * k + 1];
            }
        }
        if (!isnan(best)) {
            int rc = sg_activity_set(act, SG_CH_HEART_RATE, i, best, err);
            if (rc)
                return rc;
        }
    }
    return SG_OK;
}

static int finish(gpx_state *g, sg_activity **out, sg_err *err)
{
    gpx_seq *q = g->trk.act->n ? &g->trk : g->rte.act->n ? &g->rte : NULL;
    if (!q)
        return sg_err_set(err, SG_ENODATA, -1, "no track points (no <trkpt> or <rtept>; %zu waypoints)",
                          g->n_wpt);
    sg_activity *act = q->act;
    int rc = sg_xml_segs_apply(&q->segs, act, err);
    if (!rc)
        rc = sg_activity_set_string(act, &act->source_format, "gpx", err);
    if (!rc)
        rc = sg_activity_set_string(act, &act->name, g->seq_name ? g->seq_name : g->meta_name,
                                    err);
    if (!rc && g->creator)
        rc = sg_xml_set_device(act, g->creator, err);
    if (!rc)
        rc = apply_hr_track(g, act, err);
    if (rc)
        return rc;
    act->sport = g->sport;
    act->alt_source = SG_ALT_UNKNOWN;
    sg_xml_finish_channels(act, false);
    sg_session s = {0};
    sg_totals_init(&s.totals);
    s.sport = g->sport;
    s.sub_sport = SG_SUB_NONE;
    s.fit_sport = s.fit_sub_sport = -1;
    double t0 = sg_activity_start_time(act), t1 = sg_activity_end_time(act);
    s.totals.start_time = isnan(t0) ? g->meta_time : t0;
    if (!isnan(t0) && !isnan(t1))
        s.totals.elapsed_s = t1 - t0;
    rc = sg_activity_add_session(act, &s, err);
    if (rc)
        return rc;
    q->act = NULL;
    *out = act;
    return SG_OK;
}

int sg_gpx_decode_chunked(const uint8_t *buf, size_t len, size_t chunk, const sg_allocator *a,
                          sg_activity **out, sg_err *err)
{
    if (!a)
        a = sg_alloc_default();
    if (!out)
        return sg_err_set(err, SG_EUSAGE, -1, "NULL output");
    *out = NULL;
    sg_err_clear(err);
    gpx_state g = {0};
    g.a = a;
    g.meta_time = NAN;
    int rc = SG_ENOMEM;
    g.trk.act = sg_activity_new(a);
    g.rte.act = sg_activity_new(a);
    if (!g.trk.act || !g.rte.act) {
        sg_err_set(err, rc, -1, "out of memory for the activity");
        goto out;
    }
    static const sg_xml_handlers h = {gpx_start, gpx_end};
    rc = sg_xml_run(buf, len, chunk, &h, &g, a, err);
    if (rc)
        goto out;
    rc = finish(&g, out, err);
out:
    sg_activity_free(g.trk.act);
    sg_activity_free(g.rte.act);
    sg_xml_segs_free(&g.trk.segs, a);
    sg_xml_segs_free(&g.rte.segs, a);
    sg_free(a, g.meta_name);
    sg_free(a, g.seq_name);
    sg_free(a, g.creator);
    sg_free(a, g.hr_track);
    return rc;
}

int sg_gpx_decode(const uint8_t *buf, size_t len, const sg_allocator *a, sg_activity **out,
                  sg_err *err)
{
    return sg_gpx_decode_chunked(buf, len, 0, a, out, err);
}
