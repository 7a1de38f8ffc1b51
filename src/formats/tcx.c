/* TCX reader: Garmin TrainingCenterDatabase v2 (include/strideguard/formats.h).
 *
 * Spec (TrainingCenterDatabasev2.xsd, ActivityExtensionv2.xsd):
 *
 *   TrainingCenterDatabase
 *     Activities > Activity [Sport = Running | Biking | Other]
 *                | MultiSportSession > FirstSport | NextSport > Activity
 *       Activity > Id          xsd:dateTime, the start time
 *                  Lap [StartTime]* > TotalTimeSeconds  s (timer time)
 *                                     DistanceMeters    m
 *                                     Calories          kcal
 *                                     AverageHeartRateBpm > Value, MaximumHeartRateBpm > Value
 *                                     Cadence           rpm (bike)
 *                                     Track* > Trackpoint*
 *                                     Extensions > LX > AvgSpeed (m/s), AvgRunCadence
 *                  Creator > Name, UnitId, ProductID, Version > VersionMajor, VersionMinor
 *     Courses > Course > Name, Lap*, Track* > Trackpoint*   (a planned route)
 *
 *   Trackpoint > Time, Position > LatitudeDegrees / LongitudeDegrees,
 *                AltitudeMeters, DistanceMeters (cumulative), HeartRateBpm > Value,
 *                Cadence (rpm), SensorState (ignored),
 *                Extensions > TPX > Speed (m/s), RunCadence, Watts (W)
 *
 * Namespaces are ignored (local names): Garmin binds TPX as ns3: or as a
 * default namespace on the element itself.
 *
 * Cadence: RunCadence and AvgRunCadence should be per-foot (strides/min) like
 * FIT, but some foot pods write steps/min there; so every cadence, plain or
 * running, keeps its written value and goes through the unit inference of
 * sg_xml_finish_channels (docs/formats.md "Cadence units").
 * Recording breaks: a second <Track> inside one <Lap> (Garmin writes one per
 * pause/resume) opens a new segment ("segment" developer column).
 * Each activity gets one session whose totals are the laps' sums (time,
 * distance, calories), max (max HR) and time-weighted means (avg HR,
 * cadence); elapsed_s is the span of the trackpoint times (derived). */
#include "strideguard/formats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats/xml_util.h"

#define SG_TCX_MAX_ACTIVITIES 10000

enum tcx_id {
    T_OTHER = 0,
    T_ROOT,
    T_ACTIVITY,
    T_COURSE,
    T_ID,
    T_NAME,
    T_LAP,
    T_LAP_TIME,
    T_LAP_DIST,
    T_LAP_CAL,
    T_LAP_CAD,
    T_AVGHR,
    T_MAXHR,
    T_VALUE,
    T_TRACK,
    T_TP,
    T_TIME,
    T_POSITION,
    T_LAT,
    T_LON,
    T_ALT,
    T_TP_DIST,
    T_HRBPM,
    T_TP_CAD,
    T_EXT,
    T_TPX,
    T_SPEED,
    T_RUNCAD,
    T_WATTS,
    T_LX,
    T_AVGSPEED,
    T_AVGRUNCAD,
    T_CREATOR,
    T_CR_NAME,
    T_UNITID,
    T_PRODUCTID,
    T_VERSION,
    T_VMAJ,
    T_VMIN,
};

enum { P_TIME, P_LAT, P_LON, P_ALT, P_DIST, P_HR, P_CAD, P_SPEED, P_POWER, P_COUNT };

static const sg_channel p_channel[P_COUNT] = {
    SG_CH_TIME,       SG_CH_LAT,     SG_CH_LON,   SG_CH_ALTITUDE, SG_CH_DISTANCE,
    SG_CH_HEART_RATE, SG_CH_CADENCE, SG_CH_SPEED, SG_CH_POWER,
};

typedef struct {
    const sg_allocator *a;
    bool root_seen;
    sg_activity **list;
    size_t n_list, cap_list;
    size_t n_points;

    /* the open <Activity> or <Course> */
    sg_activity *cur;
    sg_xml_segs segs;
    bool is_course;
    double id_time;
    bool run_cadence;          /* cadence came from RunCadence: a running cadence */
    bool lap_cad_raw;          /* some lap cadence is as written (factor not applied) */
    bool track_in_container;   /* a <Track> was seen in the current lap/course */
    long vmaj, vmin;

    bool in_lap;
    sg_totals lap;
    bool in_tp;
    double pt[P_COUNT];
    double runcad;
} tcx_state;

static void reset_point(tcx_state *t)
{
    for (int i = 0; i < P_COUNT; i++)
        t->pt[i] = NAN;
    t->runcad = NAN;
}

static int open_container(tcx_state *t, sg_xml *x, bool course, const char **attrs)
{
    if (t->n_list >= SG_TCX_MAX_ACTIVITIES)
        return sg_xml_fail(x, SG_ELIMIT, "more than %d activities", SG_TCX_MAX_ACTIVITIES);
    t->cur = sg_activity_new(t->a);
    if (!t->cur)
        return sg_xml_fail(x, SG_ENOMEM, "out of memory for an activity");
    t->is_course = course;
    t->id_time = NAN;
    t->run_cadence = t->lap_cad_raw = t->track_in_container = false;
    t->vmaj = t->vmin = -1;
    memset(&t->segs, 0, sizeof t->segs);
    const char *sport = course ? NULL : sg_xml_attr(attrs, "Sport");
    t->cur->sport = sport ? sg_xml_sport(sport) : SG_SPORT_UNKNOWN;
    return SG_OK;
}

static int tcx_start(void *ud, sg_xml *x, const char *local, const char **attrs, int *id)
{
    tcx_state *t = ud;
    int parent = sg_xml_up(x, 1);
    if (!t->root_seen) {
        t->root_seen = true;
        if (strcmp(local, "TrainingCenterDatabase") != 0)
            return sg_xml_fail(x, SG_EFORMAT, "root element <%s> is not <TrainingCenterDatabase>",
                               local);
        *id = T_ROOT;
        return SG_OK;
    }
    if (!t->cur) {
        if (strcmp(local, "Activity") == 0) {
            *id = T_ACTIVITY;
            return open_container(t, x, false, attrs);
        }
        if (strcmp(local, "Course") == 0) {
            *id = T_COURSE;
            return open_container(t, x, true, attrs);
        }
        return SG_OK;
    }
    /* per-element (name, required parent, id, capture text) */
    static const struct {
        const char *name;
        int parent, id;
        bool text;
    } rules[] = {
        {"Id", T_ACTIVITY, T_ID, true},
        {"Name", T_COURSE, T_NAME, true},
        {"Lap", T_ACTIVITY, T_LAP, false},
        {"Lap", T_COURSE, T_LAP, false},
        {"TotalTimeSeconds", T_LAP, T_LAP_TIME, true},
        {"DistanceMeters", T_LAP, T_LAP_DIST, true},
        {"Calories", T_LAP, T_LAP_CAL, true},
        {"Cadence", T_LAP, T_LAP_CAD, true},
        {"AverageHeartRateBpm", T_LAP, T_AVGHR, false},
        {"MaximumHeartRateBpm", T_LAP, T_MAXHR, false},
        {"Value", T_AVGHR, T_VALUE, true},
        {"Value", T_MAXHR, T_VALUE, true},
        {"Value", T_HRBPM, T_VALUE, true},
        {"Track", T_LAP, T_TRACK, false},
        {"Track", T_ACTIVITY, T_TRACK, false},
        {"Track", T_COURSE, T_TRACK, false},
        {"Trackpoint", T_TRACK, T_TP, false},
        {"Time", T_TP, T_TIME, true},
        {"Position", T_TP, T_POSITION, false},
        {"LatitudeDegrees", T_POSITION, T_LAT, true},
        {"LongitudeDegrees", T_POSITION, T_LON, true},
        {"AltitudeMeters", T_TP, T_ALT, true},
        {"DistanceMeters", T_TP, T_TP_DIST, true},
        {"HeartRateBpm", T_TP, T_HRBPM, false},
        {"Cadence", T_TP, T_TP_CAD, true},
        {"Extensions", T_TP, T_EXT, false},
        {"Extensions", T_LAP, T_EXT, false},
        {"TPX", T_EXT, T_TPX, false},
        {"Speed", T_TPX, T_SPEED, true},
        {"RunCadence", T_TPX, T_RUNCAD, true},
        {"Watts", T_TPX, T_WATTS, true},
        {"LX", T_EXT, T_LX, false},
        {"AvgSpeed", T_LX, T_AVGSPEED, true},
        {"AvgRunCadence", T_LX, T_AVGRUNCAD, true},
        {"Creator", T_ACTIVITY, T_CREATOR, false},
        {"Name", T_CREATOR, T_CR_NAME, true},
        {"UnitId", T_CREATOR, T_UNITID, true},
        {"ProductID", T_CREATOR, T_PRODUCTID, true},
        {"Version", T_CREATOR, T_VERSION, false},
        {"VersionMajor", T_VERSION, T_VMAJ, true},
        {"VersionMinor", T_VERSION, T_VMIN, true},
    };
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        if (rules[i].parent != parent || strcmp(rules[i].name, local) != 0)
            continue;
        *id = rules[i].id;
        x->capture = rules[i].text;
        break;
    }
    /* <TPX>/<LX> belong to a trackpoint / lap respectively */
    if ((*id == T_TPX && !t->in_tp) || (*id == T_LX && (t->in_tp || !t->in_lap)))
        *id = T_OTHER;
    switch (*id) {
    case T_LAP: {
        double st;
        const char *s = sg_xml_attr(attrs, "StartTime");
        sg_totals_init(&t->lap);
        if (s && sg_xml_activity_time(s, &st))
            t->lap.start_time = st;
        t->in_lap = true;
        t->track_in_container = false;
        break;
    }
    case T_TRACK:
        if (t->track_in_container)
            t->segs.pending = true;
        t->track_in_container = true;
        break;
    case T_TP:
        if (t->n_points >= SG_XML_MAX_POINTS)
            return sg_xml_fail(x, SG_ELIMIT, "more than %zu points", (size_t)SG_XML_MAX_POINTS);
        t->in_tp = true;
        reset_point(t);
        break;
    default:
        break;
    }
    return SG_OK;
}

static int push_point(tcx_state *t, sg_xml *x)
{
    sg_err e;
    sg_err_clear(&e);
    if (!isnan(t->runcad)) {
        t->pt[P_CAD] = t->runcad; /* unit inferred in close_container */
        t->run_cadence = true;
    }
    size_t idx;
    int rc = sg_xml_segs_mark(&t->segs, t->a, t->cur->n, &e);
    if (!rc)
        rc = sg_activity_append(t->cur, &idx, &e);
    for (int f = 0; f < P_COUNT && !rc; f++)
        if (!isnan(t->pt[f]))
            rc = sg_activity_set(t->cur, p_channel[f], idx, t->pt[f], &e);
    if (rc)
        return sg_xml_fail(x, rc, "%s", e.msg);
    t->n_points++;
    return SG_OK;
}

static void wmean_add(double *sum, double *w, double v, double weight)
{
    if (!isnan(v) && weight > 0) {
        *sum += v * weight;
        *w += weight;
    }
}

/* Closes the open activity: post-processing, session, and into the list. */
static int close_container(tcx_state *t, sg_xml *x)
{
    sg_activity *act = t->cur;
    sg_err e;
    sg_err_clear(&e);
    int rc = SG_OK;
    if (act->n == 0 && act->n_laps == 0)
        goto drop; /* nothing recorded: not an activity */
    double f = sg_xml_finish_channels(act, t->run_cadence);
    if (!act->ch[SG_CH_CADENCE] && t->lap_cad_raw && act->n_laps) {
        sg_sport sp = t->run_cadence && act->sport == SG_SPORT_UNKNOWN ? SG_SPORT_RUNNING
                                                                       : act->sport;
        f = sg_xml_cadence_factor(sp, act->laps[0].avg_cadence, act->laps[0].avg_speed);
    }
    sg_session s = {0};
    sg_totals *tot = &s.totals;
    sg_totals_init(tot);
    s.sport = act->sport;
    s.fit_sport = s.fit_sub_sport = -1;
    double hr_sum = 0, hr_w = 0, cad_sum = 0, cad_w = 0;
    for (size_t i = 0; i < act->n_laps; i++) {
        sg_totals *l = &act->laps[i];
        if (t->lap_cad_raw)
            l->avg_cadence *= f;
        if (!isnan(l->timer_s))
            tot->timer_s = (isnan(tot->timer_s) ? 0 : tot->timer_s) + l->timer_s;
        if (!isnan(l->distance_m))
            tot->distance_m = (isnan(tot->distance_m) ? 0 : tot->distance_m) + l->distance_m;
        if (!isnan(l->calories))
            tot->calories = (isnan(tot->calories) ? 0 : tot->calories) + l->calories;
        if (!isnan(l->max_hr) && !(l->max_hr <= tot->max_hr))
            tot->max_hr = l->max_hr;
        wmean_add(&hr_sum, &hr_w, l->avg_hr, l->timer_s);
        wmean_add(&cad_sum, &cad_w, l->avg_cadence, l->timer_s);
        if (isnan(tot->start_time))
            tot->start_time = l->start_time;
    }
    if (hr_w > 0)
        tot->avg_hr = hr_sum / hr_w;
    if (cad_w > 0)
        tot->avg_cadence = cad_sum / cad_w;
    if (tot->timer_s > 0 && tot->distance_m >= 0)
        tot->avg_speed = tot->distance_m / tot->timer_s;
    if (!isnan(t->id_time))
        tot->start_time = t->id_time;
    double t0 = sg_activity_start_time(act), t1 = sg_activity_end_time(act);
    if (isnan(tot->start_time))
        tot->start_time = t0;
    if (!isnan(t1) && !isnan(tot->start_time) && t1 >= tot->start_time)
        tot->elapsed_s = t1 - tot->start_time;
    rc = sg_xml_segs_apply(&t->segs, act, &e);
    if (!rc)
        rc = sg_activity_set_string(act, &act->source_format, "tcx", &e);
    if (!rc)
        rc = sg_activity_add_session(act, &s, &e);
    if (!rc && t->vmaj >= 0) {
        char sw[48];
        snprintf(sw, sizeof sw, "%ld.%02ld", t->vmaj, t->vmin >= 0 ? t->vmin : 0L);
        rc = sg_activity_set_string(act, &act->device.software, sw, &e);
    }
    if (!rc && t->n_list == t->cap_list) {
        size_t nc = t->cap_list ? t->cap_list * 2 : 4;
        sg_activity **nl = sg_realloc_array(t->a, t->list, nc, sizeof *nl);
        if (!nl)
            rc = sg_err_set(&e, SG_ENOMEM, -1, "out of memory for the activity list");
        else
            t->list = nl, t->cap_list = nc;
    }
    if (rc) {
        sg_xml_fail(x, rc, "%s", e.msg);
        goto drop;
    }
    t->list[t->n_list++] = act;
    t->cur = NULL;
    sg_xml_segs_free(&t->segs, t->a);
    return SG_OK;
drop:
    sg_activity_free(act);
    t->cur = NULL;
    sg_xml_segs_free(&t->segs, t->a);
    return rc;
}

/* A lap total (time, distance, calories, cadence, speed): false when id is
 * none of them. */
static bool lap_value(tcx_state *t, int id, bool num, double v)
{
    switch (id) {
    case T_LAP_TIME:
        if (num && v >= 0)
            t->lap.timer_s = v;
        return true;
    case T_LAP_DIST:
        if (num && v >= 0)
            t->lap.distance_m = v;
        return true;
    case T_LAP_CAL:
        if (num && v >= 0)
            t->lap.calories = v;
        return true;
    case T_LAP_CAD:
        if (num && v >= 0 && isnan(t->lap.avg_cadence)) {
            t->lap.avg_cadence = v;
            t->lap_cad_raw = true;
        }
        return true;
    case T_AVGSPEED:
        if (num && v >= 0)
            t->lap.avg_speed = v;
        return true;
    case T_AVGRUNCAD:
        if (num && v >= 0) {
            t->lap.avg_cadence = v; /* unit inferred with the samples' */
            t->lap_cad_raw = true;
            t->run_cadence = true;
        }
        return true;
    default:
        return false;
    }
}

/* A trackpoint value (position, altitude, distance, cadence, speed, power):
 * false when id is none of them. */
static bool point_value(tcx_state *t, int id, bool num, double v)
{
    switch (id) {
    case T_LAT:
        if (num && fabs(v) <= 90)
            t->pt[P_LAT] = v;
        return true;
    case T_LON:
        if (num && fabs(v) <= 180)
            t->pt[P_LON] = v;
        return true;
    case T_ALT:
        if (num)
            t->pt[P_ALT] = v;
        return true;
    case T_TP_DIST:
        if (num && v >= 0)
            t->pt[P_DIST] = v;
        return true;
    case T_TP_CAD:
        if (num && v >= 0)
            t->pt[P_CAD] = v;
        return true;
    case T_SPEED:
        if (num && v >= 0)
            t->pt[P_SPEED] = v;
        return true;
    case T_RUNCAD:
        if (num && v >= 0)
            t->runcad = v;
        return true;
    case T_WATTS:
        if (num && v >= 0)
            t->pt[P_POWER] = v;
        return true;
    default:
        return false;
    }
}

static int tcx_end(void *ud, sg_xml *x, int id, const char *text, size_t len)
{
    tcx_state *t = ud;
    (void)len;
    int parent = sg_xml_up(x, 1);
    sg_err e;
    sg_err_clear(&e);
    int rc = SG_OK;
    double v = NAN;
    bool num = *text && sg_xml_number(text, &v);
    switch (id) {
    case T_ACTIVITY:
    case T_COURSE:
        return t->cur ? close_container(t, x) : SG_OK;
    case T_ID:
        if (sg_xml_activity_time(text, &v))
            t->id_time = v;
        break;
    case T_NAME:
        rc = sg_activity_set_string(t->cur, &t->cur->name, text, &e);
        break;
    case T_LAP:
        t->in_lap = false;
        t->track_in_container = false;
        rc = sg_activity_add_lap(t->cur, &t->lap, &e);
        break;
    case T_VALUE:
        if (!num || v <= 0)
            break;
        if (parent == T_AVGHR)
            t->lap.avg_hr = v;
        else if (parent == T_MAXHR)
            t->lap.max_hr = v;
        else if (parent == T_HRBPM)
            t->pt[P_HR] = v;
        break;
    case T_TP:
        t->in_tp = false;
        return push_point(t, x);
    case T_TIME:
        if (sg_xml_activity_time(text, &v))
            t->pt[P_TIME] = v;
        break;
    case T_CR_NAME:
        rc = sg_xml_set_device(t->cur, text, &e);
        break;
    case T_UNITID:
        if (*text)
            rc = sg_activity_set_string(t->cur, &t->cur->device.serial, text, &e);
        break;
    case T_PRODUCTID:
        if (num && v >= 0 && v <= 65535)
            t->cur->device.product_id = (int)v;
        break;
    case T_VMAJ:
        if (num && v >= 0 && v < 1e6)
            t->vmaj = (long)v;
        break;
    case T_VMIN:
        if (num && v >= 0 && v < 1e6)
            t->vmin = (long)v;
        break;
    default:
        if (!lap_value(t, id, num, v))
            point_value(t, id, num, v);
        break;
    }
    return rc ? sg_xml_fail(x, rc, "%s", e.msg) : SG_OK;
}

int sg_tcx_decode_chunked(const uint8_t *buf, size_t len, size_t chunk, const sg_allocator *a,
                          sg_activity ***outs, size_t *n_out, sg_err *err)
{
    if (!a)
        a = sg_alloc_default();
    if (!outs || !n_out)
        return sg_err_set(err, SG_EUSAGE, -1, "NULL output");
    *outs = NULL;
    *n_out = 0;
    sg_err_clear(err);
    tcx_state t = {0};
    t.a = a;
    static const sg_xml_handlers h = {tcx_start, tcx_end};
    int rc = sg_xml_run(buf, len, chunk, &h, &t, a, err);
    if (rc)
        goto out;
    if (t.n_list == 0) {
        rc = sg_err_set(err, SG_ENODATA, -1, "no activity or course with trackpoints or laps");
        goto out;
    }
    *outs = t.list;
    *n_out = t.n_list;
    t.list = NULL;
    t.n_list = 0;
out:
    sg_activity_free(t.cur); /* an <Activity> left open by a failure */
    sg_xml_segs_free(&t.segs, a);
    for (size_t i = 0; i < t.n_list; i++)
        sg_activity_free(t.list[i]);
    sg_free(a, t.list);
    return rc;
}

int sg_tcx_decode(const uint8_t *buf, size_t len, const sg_allocator *a, sg_activity ***outs,
                  size_t *n_out, sg_err *err)
{
    return sg_tcx_decode_chunked(buf, len, 0, a, outs, n_out, err);
}
