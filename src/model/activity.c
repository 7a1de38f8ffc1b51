/* The columnar activity model (include/strideguard/activity.h).
 *
 * Columns are created lazily: a file without heart rate never allocates a
 * heart-rate column. All columns share one capacity `cap`, grown by doubling,
 * so appending a sample is amortised O(1) and a failed growth leaves every
 * column at the old capacity (nothing half-grown). */
#include "strideguard/activity.h"

#include <math.h>
#include <string.h>

static const char *const channel_names[SG_CH_COUNT] = {
    "time", "lat", "lon", "distance", "altitude", "speed", "heart_rate", "cadence",
    "vertical_oscillation", "stance_time", "stance_time_balance", "vertical_ratio",
    "step_length", "power", "temperature",
};

const char *sg_channel_name(sg_channel ch)
{
    return (unsigned)ch < SG_CH_COUNT ? channel_names[ch] : "unknown";
}

static const char *const sport_names[] = {"unknown", "running", "cycling", "walking",
                                          "hiking", "swimming", "other"};
static const char *const sub_names[] = {"none", "road", "trail", "track", "treadmill",
                                        "indoor", "virtual", "other"};

const char *sg_sport_name(sg_sport s)
{
    return (unsigned)s < sizeof sport_names / sizeof *sport_names ? sport_names[s] : "unknown";
}

bool sg_sport_on_foot(sg_sport s)
{
    return s == SG_SPORT_RUNNING || s == SG_SPORT_WALKING || s == SG_SPORT_HIKING;
}

const char *sg_sub_sport_name(sg_sub_sport s)
{
    return (unsigned)s < sizeof sub_names / sizeof *sub_names ? sub_names[s] : "none";
}

sg_sport sg_sport_parse(const char *name)
{
    if (!name)
        return SG_SPORT_UNKNOWN;
    for (size_t i = 0; i < sizeof sport_names / sizeof *sport_names; i++)
        if (strcmp(name, sport_names[i]) == 0)
            return (sg_sport)i;
    return SG_SPORT_UNKNOWN;
}

void sg_totals_init(sg_totals *t)
{
    t->start_time = t->elapsed_s = t->timer_s = t->distance_m = NAN;
    t->ascent_m = t->descent_m = t->avg_hr = t->max_hr = NAN;
    t->avg_cadence = t->avg_speed = t->calories = NAN;
}

sg_activity *sg_activity_new(const sg_allocator *a)
{
    if (!a)
        a = sg_alloc_default();
    sg_activity *act = sg_malloc(a, sizeof *act);
    if (!act)
        return NULL;
    memset(act, 0, sizeof *act);
    act->alloc = a;
    act->device.manufacturer_id = -1;
    act->device.product_id = -1;
    return act;
}

static void motion_free(const sg_allocator *a, sg_raw_motion *m)
{
    sg_free(a, m->t);
    sg_free(a, m->x);
    sg_free(a, m->y);
    sg_free(a, m->z);
    memset(m, 0, sizeof *m);
}

void sg_activity_free(sg_activity *act)
{
    if (!act)
        return;
    const sg_allocator *a = act->alloc;
    for (int c = 0; c < SG_CH_COUNT; c++)
        sg_free(a, act->ch[c]);
    for (size_t i = 0; i < act->n_dev; i++) {
        sg_free(a, act->dev[i].name);
        sg_free(a, act->dev[i].units);
        sg_free(a, act->dev[i].app_id);
        sg_free(a, act->dev[i].v);
    }
    sg_free(a, act->dev);
    sg_free(a, act->laps);
    sg_free(a, act->sessions);
    sg_free(a, act->device.manufacturer);
    sg_free(a, act->device.product);
    sg_free(a, act->device.serial);
    sg_free(a, act->device.software);
    sg_free(a, act->name);
    sg_free(a, act->source_format);
    motion_free(a, &act->accel);
    motion_free(a, &act->gyro);
    sg_free(a, act->timer);
    sg_free(a, act);
}

static void fill_nan(double *v, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        v[i] = NAN;
}

/* Grows every existing column to new_cap. All-or-nothing: on failure the
 * columns already grown stay valid (realloc keeps contents) and cap is
 * unchanged, so the activity is consistent either way. */
static int grow(sg_activity *act, size_t new_cap, sg_err *err)
{
    for (int c = 0; c < SG_CH_COUNT; c++) {
        if (!act->ch[c])
            continue;
        double *p = sg_realloc_array(act->alloc, act->ch[c], new_cap, sizeof(double));
        if (!p)
            return sg_err_set(err, SG_ENOMEM, -1, "out of memory growing samples");
        act->ch[c] = p;
    }
    for (size_t i = 0; i < act->n_dev; i++) {
        double *p = sg_realloc_array(act->alloc, act->dev[i].v, new_cap, sizeof(double));
        if (!p)
            return sg_err_set(err, SG_ENOMEM, -1, "out of memory growing samples");
        act->dev[i].v = p;
    }
    act->cap = new_cap;
    return SG_OK;
}

int sg_activity_append(sg_activity *act, size_t *idx, sg_err *err)
{
    if (act->n >= SG_ACTIVITY_MAX_SAMPLES)
        return sg_err_set(err, SG_ELIMIT, -1, "more than %zu samples",
                          (size_t)SG_ACTIVITY_MAX_SAMPLES);
    if (act->n == act->cap) {
        size_t nc = sg_grow_cap(act->cap, 1024, SG_ACTIVITY_MAX_SAMPLES, sizeof(double));
        int rc = grow(act, nc, err);
        if (rc)
            return rc;
    }
    size_t i = act->n++;
    for (int c = 0; c < SG_CH_COUNT; c++)
        if (act->ch[c])
            act->ch[c][i] = NAN;
    for (size_t d = 0; d < act->n_dev; d++)
        act->dev[d].v[i] = NAN;
    if (idx)
        *idx = i;
    return SG_OK;
}

static double *new_column(sg_activity *act, sg_err *err)
{
    size_t cap = act->cap ? act->cap : 1;
    double *v = sg_realloc_array(act->alloc, NULL, cap, sizeof(double));
    if (!v) {
        sg_err_set(err, SG_ENOMEM, -1, "out of memory for a new column");
        return NULL;
    }
    /* only the samples that exist: append NaN-fills each new one, and the
     * untouched tail costs no page faults */
    fill_nan(v, 0, act->n);
    return v;
}

int sg_activity_set(sg_activity *act, sg_channel ch, size_t idx, double v, sg_err *err)
{
    if ((unsigned)ch >= SG_CH_COUNT || idx >= act->n)
        return sg_err_set(err, SG_EUSAGE, -1, "sample %zu / channel %d out of range", idx, (int)ch);
    if (!act->ch[ch]) {
        if (isnan(v))
            return SG_OK;
        act->ch[ch] = new_column(act, err);
        if (!act->ch[ch])
            return SG_ENOMEM;
    }
    act->ch[ch][idx] = v;
    return SG_OK;
}

double sg_activity_get(const sg_activity *act, sg_channel ch, size_t idx)
{
    if ((unsigned)ch >= SG_CH_COUNT || !act->ch[ch] || idx >= act->n)
        return NAN;
    return act->ch[ch][idx];
}

bool sg_activity_has(const sg_activity *act, sg_channel ch)
{
    if ((unsigned)ch >= SG_CH_COUNT || !act->ch[ch])
        return false;
    for (size_t i = 0; i < act->n; i++)
        if (!isnan(act->ch[ch][i]))
            return true;
    return false;
}

int sg_activity_devfield(sg_activity *act, const char *name, const char *units,
                         const char *app_id, size_t *out, sg_err *err)
{
    for (size_t i = 0; i < act->n_dev; i++) {
        if (strcmp(act->dev[i].name, name) == 0) {
            *out = i;
            return SG_OK;
        }
    }
    if (act->n_dev >= SG_ACTIVITY_MAX_DEVFIELDS)
        return sg_err_set(err, SG_ELIMIT, -1, "more than %d developer fields",
                          SG_ACTIVITY_MAX_DEVFIELDS);
    sg_devfield *nd = sg_realloc_array(act->alloc, act->dev, act->n_dev + 1, sizeof *nd);
    if (!nd)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for developer field");
    act->dev = nd;
    sg_devfield f = {0};
    f.name = sg_strdup(act->alloc, name);
    f.units = sg_strdup(act->alloc, units);
    f.app_id = sg_strdup(act->alloc, app_id);
    f.v = new_column(act, err);
    if (!f.name || (units && !f.units) || (app_id && !f.app_id) || !f.v) {
        sg_free(act->alloc, f.name);
        sg_free(act->alloc, f.units);
        sg_free(act->alloc, f.app_id);
        sg_free(act->alloc, f.v);
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for developer field");
    }
    act->dev[act->n_dev] = f;
    *out = act->n_dev++;
    return SG_OK;
}

int sg_activity_add_lap(sg_activity *act, const sg_totals *lap, sg_err *err)
{
    sg_totals *nl = sg_realloc_array(act->alloc, act->laps, act->n_laps + 1, sizeof *nl);
    if (!nl)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for lap");
    act->laps = nl;
    act->laps[act->n_laps++] = *lap;
    return SG_OK;
}

int sg_activity_add_session(sg_activity *act, const sg_session *s, sg_err *err)
{
    sg_session *ns = sg_realloc_array(act->alloc, act->sessions, act->n_sessions + 1, sizeof *ns);
    if (!ns)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for session");
    act->sessions = ns;
    act->sessions[act->n_sessions++] = *s;
    return SG_OK;
}

int sg_activity_add_motion(sg_activity *act, sg_raw_motion *m, double t, double x, double y,
                           double z, sg_err *err)
{
    if (m->n >= SG_ACTIVITY_MAX_SAMPLES)
        return sg_err_set(err, SG_ELIMIT, -1, "more than %zu motion samples",
                          (size_t)SG_ACTIVITY_MAX_SAMPLES);
    if (m->n == m->cap) {
        size_t nc = sg_grow_cap(m->cap, 4096, SG_ACTIVITY_MAX_SAMPLES, sizeof(double));
        double **cols[4] = {&m->t, &m->x, &m->y, &m->z};
        for (int k = 0; k < 4; k++) {
            double *p = sg_realloc_array(act->alloc, *cols[k], nc, sizeof(double));
            if (!p)
                return sg_err_set(err, SG_ENOMEM, -1, "out of memory for motion samples");
            *cols[k] = p;
        }
        m->cap = nc;
    }
    m->t[m->n] = t;
    m->x[m->n] = x;
    m->y[m->n] = y;
    m->z[m->n] = z;
    m->n++;
    return SG_OK;
}

int sg_activity_add_timer(sg_activity *act, double t, bool running, sg_err *err)
{
    if (act->n_timer >= SG_ACTIVITY_MAX_SAMPLES)
        return sg_err_set(err, SG_ELIMIT, -1, "more than %zu timer events",
                          (size_t)SG_ACTIVITY_MAX_SAMPLES);
    sg_timer_event *nt =
        sg_realloc_array(act->alloc, act->timer, act->n_timer + 1, sizeof *nt);
    if (!nt)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for timer event");
    act->timer = nt;
    act->timer[act->n_timer].t = t;
    act->timer[act->n_timer].running = running;
    act->n_timer++;
    return SG_OK;
}

double sg_activity_stopped_s(const sg_activity *act, double t0, double t1)
{
    /* The timer runs from the first event on (a file's first event is its
     * start); each stop..start stretch is clipped to (t0, t1]. Events are
     * in file order, which devices write in time order; one out of order is
     * taken as it comes. O(events) per call. */
    double stopped = 0, since = NAN;
    for (size_t i = 0; i < act->n_timer; i++) {
        const sg_timer_event *e = &act->timer[i];
        if (isnan(e->t))
            continue;
        if (!e->running) {
            if (isnan(since))
                since = e->t;
        } else if (!isnan(since)) {
            double a = since > t0 ? since : t0, b = e->t < t1 ? e->t : t1;
            if (b > a)
                stopped += b - a;
            since = NAN;
        }
    }
    if (!isnan(since)) {
        double a = since > t0 ? since : t0;
        if (t1 > a)
            stopped += t1 - a;
    }
    return stopped;
}

int sg_activity_set_string(sg_activity *act, char **member, const char *s, sg_err *err)
{
    char *copy = NULL;
    if (s) {
        copy = sg_strdup(act->alloc, s);
        if (!copy)
            return sg_err_set(err, SG_ENOMEM, -1, "out of memory for string");
    }
    sg_free(act->alloc, *member);
    *member = copy;
    return SG_OK;
}

double sg_activity_start_time(const sg_activity *act)
{
    const double *t = act->ch[SG_CH_TIME];
    if (t)
        for (size_t i = 0; i < act->n; i++)
            if (!isnan(t[i]))
                return t[i];
    return NAN;
}

double sg_activity_end_time(const sg_activity *act)
{
    const double *t = act->ch[SG_CH_TIME];
    if (t)
        for (size_t i = act->n; i-- > 0;)
            if (!isnan(t[i]))
                return t[i];
    return NAN;
}

bool sg_activity_start_distance_counts(double first_m, double since_s)
{
    double t = since_s > 10 ? since_s : 10;
    return first_m > 0 && first_m <= SG_ACTIVITY_VMAX * t;
}
