/* FIT encoder: sg_activity -> an activity FIT file (include/strideguard/fit.h).
 *
 * Layout written (the reader's view is the spec comment in fit_decode.c):
 *   header (14 bytes with header CRC, or 12), protocol 2.0
 *   file_id, device_info (creator), developer_data_id + field_description for
 *   every developer column, then records, laps, sessions, activity, then the
 *   file CRC.
 * Local message types: 0 = record with timestamp, 1 = record without one
 * (used with compressed-timestamp headers, which can only address locals
 * 0-3), 2.. = the other messages. Every definition carries the architecture
 * chosen in the options, so a big-endian file is big-endian throughout.
 * Values are quantised to the profile's resolution (date_time 1 s, distance
 * 1 cm, altitude 0.2 m, speed 1 mm/s, ...); NaN becomes the invalid sentinel.
 * Developer columns are written as float32. Raw accelerometer/gyroscope
 * streams are not written. */
#include "model/strbuf.h"
#include "strideguard/fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formats/fit_profile.h"

#define ENCODE_MAX ((size_t)1 << 30)
#define NAME_BYTES 64
#define UNITS_BYTES 16
#define PRODUCT_NAME_BYTES 32
#define PROTOCOL_VERSION 0x20       /* 2.0: developer fields */
#define PROFILE_VERSION 2132

enum {
    LOCAL_RECORD = 0,
    LOCAL_RECORD_NO_TS = 1,
    LOCAL_FILE_ID = 2,
    LOCAL_DEVICE_INFO = 3,
    LOCAL_DEV_ID = 4,
    LOCAL_FIELD_DESC = 5,
    LOCAL_LAP = 6,
    LOCAL_SESSION = 7,
    LOCAL_ACTIVITY = 8,
};

typedef struct wbuf {
    const sg_allocator *a;
    uint8_t *p;
    size_t n, cap;
    int err;            /* sticky sg_code */
    int be;
} wbuf;

static void reserve(wbuf *w, size_t more)
{
    if (w->err)
        return;
    if (more > ENCODE_MAX - w->n) {
        w->err = SG_ELIMIT;
        return;
    }
    if (w->n + more <= w->cap)
        return;
    size_t nc = w->cap ? w->cap : 4096;
    while (nc < w->n + more)
        nc *= 2;
    uint8_t *np = sg_realloc_array(w->a, w->p, nc, 1);
    if (!np) {
        w->err = SG_ENOMEM;
        return;
    }
    w->p = np;
    w->cap = nc;
}

static void put_bytes(wbuf *w, const void *src, size_t n)
{
    reserve(w, n);
    if (w->err)
        return;
    memcpy(w->p + w->n, src, n);
    w->n += n;
}

static void put_u8(wbuf *w, unsigned v)
{
    uint8_t b = (uint8_t)v;
    put_bytes(w, &b, 1);
}

static void put_uint(wbuf *w, uint64_t v, unsigned size, int be)
{
    uint8_t b[8];
    for (unsigned i = 0; i < size; i++) {
        unsigned shift = 8 * (be ? size - 1 - i : i);
        b[i] = (uint8_t)(v >> shift);
    }
    put_bytes(w, b, size);
}

/* A field as written: number, base type, and how a model value becomes raw. */
typedef struct fdef {
    uint8_t num;
    uint8_t bt;
    uint8_t size;
    double scale, offset;   /* raw = (value + offset) * scale */
} fdef;

/* Writes value v (already in profile units) as base type bt; NaN or out of
 * range -> the invalid sentinel. */
static void put_value(wbuf *w, const fdef *f, double v)
{
    const sg_fit_base_type *bt = sg_fit_base_type_get(f->bt);
    unsigned size = f->size;
    if (bt->kind == SG_FIT_K_FLOAT) {
        if (size == 4) {
            float x = (float)v;
            uint32_t u;
            if (isnan(v))
                u = 0xFFFFFFFFu;
            else
                memcpy(&u, &x, 4);
            put_uint(w, u, 4, w->be);
        } else {
            uint64_t u;
            if (isnan(v))
                u = UINT64_MAX;
            else
                memcpy(&u, &v, 8);
            put_uint(w, u, 8, w->be);
        }
        return;
    }
    double raw = isnan(v) ? NAN : nearbyint((v + f->offset) * f->scale);
    unsigned bits = 8 * bt->size;
    double hi, lo;
    uint64_t invalid;
    switch (bt->kind) {
    case SG_FIT_K_SINT:
        hi = ldexp(1.0, (int)bits - 1) - 2;
        lo = -ldexp(1.0, (int)bits - 1);
        invalid = ((uint64_t)1 << (bits - 1)) - 1;
        break;
    case SG_FIT_K_UINTZ:
        hi = ldexp(1.0, (int)bits) - 1;
        lo = 1;
        invalid = 0;
        break;
    default:
        hi = ldexp(1.0, (int)bits) - 2;
        lo = 0;
        invalid = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
        break;
    }
    uint64_t u;
    if (isnan(raw) || raw < lo || raw > hi)
        u = invalid;
    else if (raw < 0)
        u = (uint64_t)(int64_t)raw;
    else
        u = (uint64_t)raw;
    put_uint(w, u, bt->size, w->be);
}

static void put_string(wbuf *w, const char *s, size_t size)
{
    char b[256];
    memset(b, 0, sizeof b);
    if (s) {
        size_t n = strlen(s);
        if (n > size - 1)
            n = size - 1;
        memcpy(b, s, n);
    }
    put_bytes(w, b, size);
}

static void put_def(wbuf *w, unsigned local, unsigned global, const fdef *f, size_t nf,
                    const uint8_t (*dev)[3], size_t ndev)
{
    put_u8(w, SG_FIT_HDR_DEFINITION | (ndev ? SG_FIT_HDR_DEV_DATA : 0) | local);
    put_u8(w, 0);
    put_u8(w, w->be ? SG_FIT_ARCH_BIG : SG_FIT_ARCH_LITTLE);
    put_uint(w, global, 2, w->be);
    put_u8(w, (unsigned)nf);
    for (size_t i = 0; i < nf; i++) {
        put_u8(w, f[i].num);
        put_u8(w, f[i].size);
        put_u8(w, f[i].bt);
    }
    if (ndev) {
        put_u8(w, (unsigned)ndev);
        for (size_t i = 0; i < ndev; i++)
            put_bytes(w, dev[i], 3);
    }
}

#define F(num, bt, size) {num, bt, size, 1, 0}
#define FS(num, bt, size, scale, offset) {num, bt, size, scale, offset}

static double fit_date(const sg_activity *act, double t)
{
    if (isnan(t))
        return NAN;
    return act->time_relative ? t : t - SG_FIT_EPOCH_UNIX;
}

static int fit_sport_of(sg_sport s)
{
    switch (s) {
    case SG_SPORT_RUNNING: return SG_FIT_SPORT_RUNNING;
    case SG_SPORT_CYCLING: return SG_FIT_SPORT_CYCLING;
    case SG_SPORT_WALKING: return SG_FIT_SPORT_WALKING;
    case SG_SPORT_HIKING: return SG_FIT_SPORT_HIKING;
    case SG_SPORT_SWIMMING: return SG_FIT_SPORT_SWIMMING;
    default: return SG_FIT_SPORT_GENERIC;
    }
}

static int fit_sub_sport_of(sg_sub_sport s, sg_sport sport)
{
    switch (s) {
    case SG_SUB_TREADMILL: return SG_FIT_SUB_TREADMILL;
    case SG_SUB_ROAD: return sport == SG_SPORT_CYCLING ? SG_FIT_SUB_ROAD : SG_FIT_SUB_STREET;
    case SG_SUB_TRAIL: return SG_FIT_SUB_TRAIL;
    case SG_SUB_TRACK: return SG_FIT_SUB_TRACK;
    case SG_SUB_INDOOR:
        return sport == SG_SPORT_CYCLING ? SG_FIT_SUB_INDOOR_CYCLING
               : sport == SG_SPORT_WALKING ? SG_FIT_SUB_INDOOR_WALKING
                                            : SG_FIT_SUB_INDOOR_RUNNING;
    case SG_SUB_VIRTUAL: return SG_FIT_SUB_VIRTUAL_ACTIVITY;
    default: return SG_FIT_SUB_GENERIC;
    }
}

static int session_fit_sport(const sg_session *s)
{
    return s->fit_sport >= 0 ? s->fit_sport : fit_sport_of(s->sport);
}

/* Does the model's cadence at time t count steps (FIT stores strides)? */
static bool strides_at(const sg_activity *act, double t)
{
    int sp = fit_sport_of(act->sport);
    for (size_t k = 0; k < act->n_sessions; k++) {
        const sg_totals *s = &act->sessions[k].totals;
        if (!isnan(t) && !isnan(s->start_time) && !isnan(s->elapsed_s) && t >= s->start_time &&
            t <= s->start_time + s->elapsed_s + 1) {
            sp = session_fit_sport(&act->sessions[k]);
            break;
        }
    }
    return sp == SG_FIT_SPORT_RUNNING || sp == SG_FIT_SPORT_WALKING;
}


static bool parse_app_id(const char *hex, uint8_t out[16])
{
    if (!hex || strlen(hex) != 32)
        return false;
    for (int i = 0; i < 16; i++) {
        int h = sg_hex_digit(hex[2 * i]), l = sg_hex_digit(hex[2 * i + 1]);
        if (h < 0 || l < 0)
            return false;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return true;
}

static bool all_digits(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static void write_header_messages(wbuf *w, const sg_activity *act, double t0)
{
    const sg_device *d = &act->device;
    double manu = d->manufacturer_id >= 0 ? d->manufacturer_id : NAN;
    double prod = d->product_id >= 0 ? d->product_id
                  : all_digits(d->product) ? strtod(d->product, NULL)
                                           : NAN;
    double serial = all_digits(d->serial) ? strtod(d->serial, NULL) : NAN;
    const fdef fid[] = {
        F(SG_FIT_FILE_ID_TYPE, SG_FIT_BT_ENUM, 1),
        F(SG_FIT_FILE_ID_MANUFACTURER, SG_FIT_BT_UINT16, 2),
        F(SG_FIT_FILE_ID_PRODUCT, SG_FIT_BT_UINT16, 2),
        F(SG_FIT_FILE_ID_SERIAL_NUMBER, SG_FIT_BT_UINT32Z, 4),
        F(SG_FIT_FILE_ID_TIME_CREATED, SG_FIT_BT_UINT32, 4),
    };
    put_def(w, LOCAL_FILE_ID, SG_FIT_MESG_FILE_ID, fid, 5, NULL, 0);
    put_u8(w, LOCAL_FILE_ID);
    put_value(w, &fid[0], SG_FIT_FILE_TYPE_ACTIVITY);
    put_value(w, &fid[1], manu);
    put_value(w, &fid[2], prod);
    put_value(w, &fid[3], serial);
    put_value(w, &fid[4], t0);

    bool named = d->product && !all_digits(d->product) && d->product_id < 0;
    const fdef di[] = {
        F(SG_FIT_FIELD_TIMESTAMP, SG_FIT_BT_UINT32, 4),
        F(SG_FIT_DEVICE_INFO_DEVICE_INDEX, SG_FIT_BT_UINT8, 1),
        F(SG_FIT_DEVICE_INFO_MANUFACTURER, SG_FIT_BT_UINT16, 2),
        F(SG_FIT_DEVICE_INFO_SERIAL_NUMBER, SG_FIT_BT_UINT32Z, 4),
        F(SG_FIT_DEVICE_INFO_PRODUCT, SG_FIT_BT_UINT16, 2),
        FS(SG_FIT_DEVICE_INFO_SOFTWARE_VERSION, SG_FIT_BT_UINT16, 2,
           SG_FIT_SOFTWARE_VERSION_SCALE, 0),
        F(SG_FIT_DEVICE_INFO_PRODUCT_NAME, SG_FIT_BT_STRING, PRODUCT_NAME_BYTES),
    };
    put_def(w, LOCAL_DEVICE_INFO, SG_FIT_MESG_DEVICE_INFO, di, named ? 7 : 6, NULL, 0);
    put_u8(w, LOCAL_DEVICE_INFO);
    put_value(w, &di[0], t0);
    put_value(w, &di[1], SG_FIT_DEVICE_INDEX_CREATOR);
    put_value(w, &di[2], manu);
    put_value(w, &di[3], serial);
    put_value(w, &di[4], prod);
    put_value(w, &di[5], d->software ? strtod(d->software, NULL) : NAN);
    if (named)
        put_string(w, d->product, PRODUCT_NAME_BYTES);
}

/* Developer columns: one developer_data_id per distinct application id (or
 * none), one field_description per column, field numbers 0.. in column
 * order. dev_index[k] receives the column's developer data index. */
static void write_dev_descriptions(wbuf *w, const sg_activity *act, uint8_t *dev_index)
{
    if (!act->n_dev)
        return;
    const fdef id[] = {
        F(SG_FIT_DEV_ID_DEVELOPER_DATA_INDEX, SG_FIT_BT_UINT8, 1),
        F(SG_FIT_DEV_ID_APPLICATION_ID, SG_FIT_BT_BYTE, 16),
    };
    const fdef fd[] = {
        F(SG_FIT_FDESC_DEVELOPER_DATA_INDEX, SG_FIT_BT_UINT8, 1),
        F(SG_FIT_FDESC_FIELD_DEFINITION_NUMBER, SG_FIT_BT_UINT8, 1),
        F(SG_FIT_FDESC_FIT_BASE_TYPE_ID, SG_FIT_BT_UINT8, 1),
        F(SG_FIT_FDESC_FIELD_NAME, SG_FIT_BT_STRING, NAME_BYTES),
        F(SG_FIT_FDESC_UNITS, SG_FIT_BT_STRING, UNITS_BYTES),
    };
    put_def(w, LOCAL_DEV_ID, SG_FIT_MESG_DEVELOPER_DATA_ID, id, 2, NULL, 0);
    uint8_t ids[SG_ACTIVITY_MAX_DEVFIELDS][16];
    bool has[SG_ACTIVITY_MAX_DEVFIELDS];
    size_t n_ids = 0;
    for (size_t k = 0; k < act->n_dev && k < SG_ACTIVITY_MAX_DEVFIELDS; k++) {
        uint8_t app[16];
        bool ok = parse_app_id(act->dev[k].app_id, app);
        size_t j = 0;
        for (; j < n_ids; j++)
            if (has[j] == ok && (!ok || memcmp(ids[j], app, 16) == 0))
                break;
        if (j == n_ids) {
            has[j] = ok;
            if (ok)
                memcpy(ids[j], app, 16);
            else
                memset(ids[j], 0xFF, 16);
            n_ids++;
            put_u8(w, LOCAL_DEV_ID);
            put_value(w, &id[0], (double)j);
            put_bytes(w, ids[j], 16);
        }
        dev_index[k] = (uint8_t)j;
    }
    put_def(w, LOCAL_FIELD_DESC, SG_FIT_MESG_FIELD_DESCRIPTION, fd, 5, NULL, 0);
    for (size_t k = 0; k < act->n_dev && k < SG_ACTIVITY_MAX_DEVFIELDS; k++) {
        put_u8(w, LOCAL_FIELD_DESC);
        put_value(w, &fd[0], dev_index[k]);
        put_value(w, &fd[1], (double)k);
        put_value(w, &fd[2], SG_FIT_BT_FLOAT32);
        put_string(w, act->dev[k].name, NAME_BYTES);
        put_string(w, act->dev[k].units, UNITS_BYTES);
    }
}

/* The record fields for the channels the activity has. */
typedef struct rec_col {
    fdef f;
    int ch;                 /* sg_channel, or -1 for fractional cadence */
    double to_profile;      /* model unit -> profile unit factor */
} rec_col;

static size_t record_columns(const sg_activity *act, rec_col *out)
{
    static const rec_col all[] = {
        {FS(SG_FIT_RECORD_POSITION_LAT, SG_FIT_BT_SINT32, 4, 2147483648.0 / 180.0, 0), SG_CH_LAT, 1},
        {FS(SG_FIT_RECORD_POSITION_LONG, SG_FIT_BT_SINT32, 4, 2147483648.0 / 180.0, 0), SG_CH_LON, 1},
        {FS(SG_FIT_RECORD_DISTANCE, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_DISTANCE, 0), SG_CH_DISTANCE, 1},
        {FS(SG_FIT_RECORD_ENHANCED_ALTITUDE, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_ALTITUDE,
            SG_FIT_OFFSET_ALTITUDE), SG_CH_ALTITUDE, 1},
        {FS(SG_FIT_RECORD_ENHANCED_SPEED, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_SPEED, 0), SG_CH_SPEED, 1},
        {F(SG_FIT_RECORD_HEART_RATE, SG_FIT_BT_UINT8, 1), SG_CH_HEART_RATE, 1},
        {F(SG_FIT_RECORD_CADENCE, SG_FIT_BT_UINT8, 1), SG_CH_CADENCE, 1},
        {FS(SG_FIT_RECORD_FRACTIONAL_CADENCE, SG_FIT_BT_UINT8, 1, SG_FIT_SCALE_FRACTIONAL_CADENCE, 0),
         -1, 1},
        {F(SG_FIT_RECORD_POWER, SG_FIT_BT_UINT16, 2), SG_CH_POWER, 1},
        {F(SG_FIT_RECORD_TEMPERATURE, SG_FIT_BT_SINT8, 1), SG_CH_TEMPERATURE, 1},
        {FS(SG_FIT_RECORD_VERTICAL_OSCILLATION, SG_FIT_BT_UINT16, 2,
            SG_FIT_SCALE_VERTICAL_OSCILLATION, 0), SG_CH_VERT_OSC, 1000},
        {FS(SG_FIT_RECORD_STANCE_TIME, SG_FIT_BT_UINT16, 2, SG_FIT_SCALE_STANCE_TIME, 0),
         SG_CH_STANCE_TIME, 1000},
        {FS(SG_FIT_RECORD_STANCE_TIME_BALANCE, SG_FIT_BT_UINT16, 2, SG_FIT_SCALE_PERCENT, 0),
         SG_CH_STANCE_BALANCE, 1},
        {FS(SG_FIT_RECORD_VERTICAL_RATIO, SG_FIT_BT_UINT16, 2, SG_FIT_SCALE_PERCENT, 0),
         SG_CH_VERT_RATIO, 1},
        {FS(SG_FIT_RECORD_STEP_LENGTH, SG_FIT_BT_UINT16, 2, SG_FIT_SCALE_STEP_LENGTH, 0),
         SG_CH_STEP_LENGTH, 1000},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        int ch = all[i].ch < 0 ? SG_CH_CADENCE : all[i].ch;
        if (act->ch[ch])
            out[n++] = all[i];
    }
    return n;
}

static void write_records(wbuf *w, const sg_activity *act, const uint8_t *dev_index,
                          const sg_fit_encode_opts *o)
{
    rec_col cols[16];
    size_t nc = record_columns(act, cols);
    fdef f[17];
    f[0] = (fdef)F(SG_FIT_FIELD_TIMESTAMP, SG_FIT_BT_UINT32, 4);
    for (size_t i = 0; i < nc; i++)
        f[i + 1] = cols[i].f;
    size_t nd = act->n_dev < SG_ACTIVITY_MAX_DEVFIELDS ? act->n_dev : SG_ACTIVITY_MAX_DEVFIELDS;
    uint8_t dev[SG_ACTIVITY_MAX_DEVFIELDS][3];
    for (size_t k = 0; k < nd; k++) {
        dev[k][0] = (uint8_t)k;
        dev[k][1] = 4;
        dev[k][2] = dev_index[k];
    }
    const fdef devf = F(0, SG_FIT_BT_FLOAT32, 4);
    put_def(w, LOCAL_RECORD, SG_FIT_MESG_RECORD, f, nc + 1, (const uint8_t(*)[3])dev, nd);
    if (o->compressed_timestamps)
        put_def(w, LOCAL_RECORD_NO_TS, SG_FIT_MESG_RECORD, f + 1, nc,
                (const uint8_t(*)[3])dev, nd);
    const double *tcol = act->ch[SG_CH_TIME];
    bool have_last = false;
    double last = 0;
    for (size_t i = 0; i < act->n && !w->err; i++) {
        double t = tcol ? fit_date(act, tcol[i]) : NAN;
        if (!isnan(t))
            t = nearbyint(t);
        if (o->compressed_timestamps && have_last && !isnan(t) && t - last >= 0 &&
            t - last < 32) {
            unsigned off = (unsigned)fmod(t, 32.0);
            put_u8(w, SG_FIT_HDR_COMPRESSED | LOCAL_RECORD_NO_TS << SG_FIT_CTS_LOCAL_SHIFT | off);
        } else {
            put_u8(w, LOCAL_RECORD);
            put_value(w, &f[0], t);
        }
        if (!isnan(t)) {
            last = t;
            have_last = true;
        }
        bool strides = strides_at(act, tcol ? tcol[i] : NAN);
        for (size_t c = 0; c < nc; c++) {
            const rec_col *rc = &cols[c];
            double v;
            if (rc->f.num == SG_FIT_RECORD_CADENCE || rc->f.num == SG_FIT_RECORD_FRACTIONAL_CADENCE) {
                double cad = act->ch[SG_CH_CADENCE][i];
                if (strides)
                    cad /= 2;
                /* whole part in cadence, the rest in 1/128 units */
                double whole = floor(cad);
                v = rc->f.num == SG_FIT_RECORD_CADENCE ? whole : cad - whole;
            } else {
                v = act->ch[rc->ch][i] * rc->to_profile;
            }
            put_value(w, &rc->f, v);
        }
        for (size_t k = 0; k < nd; k++)
            put_value(w, &devf, act->dev[k].v[i]);
    }
}

static void put_data(wbuf *w, unsigned local, const fdef *f, const double *v, size_t n)
{
    put_u8(w, local);
    for (size_t i = 0; i < n; i++)
        put_value(w, &f[i], v[i]);
}

/* Splits a model cadence into FIT's whole and fractional parts. */
static void split_cadence(double cad, bool strides, double *whole, double *frac)
{
    if (strides)
        cad /= 2;
    *whole = floor(cad);
    *frac = cad - *whole;
}

static void write_laps(wbuf *w, const sg_activity *act)
{
    if (!act->n_laps)
        return;
    const fdef f[] = {
        F(SG_FIT_FIELD_TIMESTAMP, SG_FIT_BT_UINT32, 4),
        F(SG_FIT_LAP_EVENT, SG_FIT_BT_ENUM, 1),
        F(SG_FIT_LAP_EVENT_TYPE, SG_FIT_BT_ENUM, 1),
        F(SG_FIT_LAP_START_TIME, SG_FIT_BT_UINT32, 4),
        FS(SG_FIT_LAP_TOTAL_ELAPSED_TIME, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_TIME_MS, 0),
        FS(SG_FIT_LAP_TOTAL_TIMER_TIME, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_TIME_MS, 0),
        FS(SG_FIT_LAP_TOTAL_DISTANCE, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_DISTANCE, 0),
        F(SG_FIT_LAP_TOTAL_CALORIES, SG_FIT_BT_UINT16, 2),
        FS(SG_FIT_LAP_ENHANCED_AVG_SPEED, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_SPEED, 0),
        F(SG_FIT_LAP_AVG_HEART_RATE, SG_FIT_BT_UINT8, 1),
        F(SG_FIT_LAP_MAX_HEART_RATE, SG_FIT_BT_UINT8, 1),
        F(SG_FIT_LAP_AVG_CADENCE, SG_FIT_BT_UINT8, 1),
        FS(SG_FIT_LAP_AVG_FRACTIONAL_CADENCE, SG_FIT_BT_UINT8, 1, SG_FIT_SCALE_FRACTIONAL_CADENCE, 0),
        F(SG_FIT_LAP_TOTAL_ASCENT, SG_FIT_BT_UINT16, 2),
        F(SG_FIT_LAP_TOTAL_DESCENT, SG_FIT_BT_UINT16, 2),
    };
    enum { N = sizeof f / sizeof *f };
    put_def(w, LOCAL_LAP, SG_FIT_MESG_LAP, f, N, NULL, 0);
    for (size_t k = 0; k < act->n_laps; k++) {
        const sg_totals *t = &act->laps[k];
        double whole, frac;
        split_cadence(t->avg_cadence, strides_at(act, t->start_time), &whole, &frac);
        double start = fit_date(act, t->start_time);
        double v[N] = {
            start + (isnan(t->elapsed_s) ? 0 : t->elapsed_s), SG_FIT_EVENT_LAP,
            SG_FIT_EVENT_TYPE_STOP, start, t->elapsed_s, t->timer_s, t->distance_m,
            t->calories, t->avg_speed, t->avg_hr, t->max_hr, whole, frac, t->ascent_m,
            t->descent_m,
        };
        put_data(w, LOCAL_LAP, f, v, N);
    }
}

static void write_sessions(wbuf *w, const sg_activity *act, double *last_ts)
{
    const fdef f[] = {
        F(SG_FIT_FIELD_TIMESTAMP, SG_FIT_BT_UINT32, 4),
        F(SG_FIT_SESSION_EVENT, SG_FIT_BT_ENUM, 1),
        F(SG_FIT_SESSION_EVENT_TYPE, SG_FIT_BT_ENUM, 1),
        F(SG_FIT_SESSION_START_TIME, SG_FIT_BT_UINT32, 4),
        F(SG_FIT_SESSION_SPORT, SG_FIT_BT_ENUM, 1),
        F(SG_FIT_SESSION_SUB_SPORT, SG_FIT_BT_ENUM, 1),
        FS(SG_FIT_SESSION_TOTAL_ELAPSED_TIME, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_TIME_MS, 0),
        FS(SG_FIT_SESSION_TOTAL_TIMER_TIME, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_TIME_MS, 0),
        FS(SG_FIT_SESSION_TOTAL_DISTANCE, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_DISTANCE, 0),
        F(SG_FIT_SESSION_TOTAL_CALORIES, SG_FIT_BT_UINT16, 2),
        FS(SG_FIT_SESSION_ENHANCED_AVG_SPEED, SG_FIT_BT_UINT32, 4, SG_FIT_SCALE_SPEED, 0),
        F(SG_FIT_SESSION_AVG_HEART_RATE, SG_FIT_BT_UINT8, 1),
        F(SG_FIT_SESSION_MAX_HEART_RATE, SG_FIT_BT_UINT8, 1),
        F(SG_FIT_SESSION_AVG_CADENCE, SG_FIT_BT_UINT8, 1),
        FS(SG_FIT_SESSION_AVG_FRACTIONAL_CADENCE, SG_FIT_BT_UINT8, 1,
           SG_FIT_SCALE_FRACTIONAL_CADENCE, 0),
        F(SG_FIT_SESSION_TOTAL_ASCENT, SG_FIT_BT_UINT16, 2),
        F(SG_FIT_SESSION_TOTAL_DESCENT, SG_FIT_BT_UINT16, 2),
    };
    enum { N = sizeof f / sizeof *f };
    put_def(w, LOCAL_SESSION, SG_FIT_MESG_SESSION, f, N, NULL, 0);
    size_t ns = act->n_sessions;
    for (size_t k = 0; k < (ns ? ns : 1); k++) {
        sg_session one;
        const sg_session *s;
        if (ns) {
            s = &act->sessions[k];
        } else {
            /* an activity file needs a session: summarise the samples */
            sg_totals_init(&one.totals);
            double t0 = sg_activity_start_time(act), t1 = sg_activity_end_time(act);
            one.totals.start_time = t0;
            one.totals.elapsed_s = t1 - t0;
            one.totals.timer_s = t1 - t0;
            one.sport = act->sport;
            one.sub_sport = act->sub_sport;
            one.fit_sport = one.fit_sub_sport = -1;
            s = &one;
        }
        const sg_totals *t = &s->totals;
        int sport = session_fit_sport(s);
        int sub = s->fit_sub_sport >= 0 ? s->fit_sub_sport : fit_sub_sport_of(s->sub_sport, s->sport);
        double whole, frac;
        split_cadence(t->avg_cadence,
                      sport == SG_FIT_SPORT_RUNNING || sport == SG_FIT_SPORT_WALKING, &whole,
                      &frac);
        double start = fit_date(act, t->start_time);
        double end = start + (isnan(t->elapsed_s) ? 0 : t->elapsed_s);
        if (!isnan(end) && (isnan(*last_ts) || end > *last_ts))
            *last_ts = end;
        double v[N] = {
            end, SG_FIT_EVENT_SESSION, SG_FIT_EVENT_TYPE_STOP, start, sport, sub,
            t->elapsed_s, t->timer_s, t->distance_m, t->calories, t->avg_speed, t->avg_hr,
            t->max_hr, whole, frac, t->ascent_m, t->descent_m,
        };
        put_data(w, LOCAL_SESSION, f, v, N);
    }
}

static void write_activity(wbuf *w, const sg_activity *act, double ts)
{
    const fdef f[] = {
        F(SG_FIT_FIELD_TIMESTAMP, SG_FIT_BT_UINT32, 4),
        F(SG_FIT_ACTIVITY_NUM_SESSIONS, SG_FIT_BT_UINT16, 2),
        F(SG_FIT_ACTIVITY_TYPE, SG_FIT_BT_ENUM, 1),
        F(SG_FIT_ACTIVITY_EVENT, SG_FIT_BT_ENUM, 1),
        F(SG_FIT_ACTIVITY_EVENT_TYPE, SG_FIT_BT_ENUM, 1),
    };
    double v[] = {ts, act->n_sessions ? (double)act->n_sessions : 1, 0, SG_FIT_EVENT_ACTIVITY,
                  SG_FIT_EVENT_TYPE_STOP};
    put_def(w, LOCAL_ACTIVITY, SG_FIT_MESG_ACTIVITY, f, 5, NULL, 0);
    put_data(w, LOCAL_ACTIVITY, f, v, 5);
}

int sg_fit_encode(const sg_activity *act, const sg_fit_encode_opts *opts, const sg_allocator *a,
                  uint8_t **out, size_t *len, sg_err *err)
{
    *out = NULL;
    *len = 0;
    sg_fit_encode_opts o = {0, 0, 0};
    if (opts)
        o = *opts;
    if (o.header_size == 0)
        o.header_size = SG_FIT_HEADER_WITH_CRC;
    if (o.header_size != SG_FIT_HEADER_MIN && o.header_size != SG_FIT_HEADER_WITH_CRC)
        return sg_err_set(err, SG_EUSAGE, -1, "FIT header size must be 12 or 14, not %d",
                          o.header_size);
    wbuf w = {a, NULL, 0, 0, SG_OK, o.big_endian != 0};
    uint8_t hdr[SG_FIT_HEADER_WITH_CRC] = {0};
    put_bytes(&w, hdr, (size_t)o.header_size); /* filled in at the end */
    double t0 = fit_date(act, sg_activity_start_time(act));
    if (!isnan(t0))
        t0 = nearbyint(t0);
    write_header_messages(&w, act, t0);
    uint8_t dev_index[SG_ACTIVITY_MAX_DEVFIELDS];
    write_dev_descriptions(&w, act, dev_index);
    write_records(&w, act, dev_index, &o);
    write_laps(&w, act);
    double last = fit_date(act, sg_activity_end_time(act));
    write_sessions(&w, act, &last);
    write_activity(&w, act, isnan(last) ? NAN : nearbyint(last));
    reserve(&w, SG_FIT_CRC_SIZE);
    if (w.err) {
        sg_free(a, w.p);
        return sg_err_set(err, w.err, (long long)w.n, "%s while encoding FIT",
                          w.err == SG_ENOMEM ? "out of memory" : "size limit reached");
    }
    size_t data_size = w.n - (size_t)o.header_size;
    if (data_size > UINT32_MAX) {
        sg_free(a, w.p);
        return sg_err_set(err, SG_ELIMIT, -1, "FIT data larger than 4 GiB");
    }
    uint8_t *h = w.p;
    h[0] = (uint8_t)o.header_size;
    h[1] = PROTOCOL_VERSION;
    h[2] = PROFILE_VERSION & 0xFF;
    h[3] = PROFILE_VERSION >> 8;
    for (int i = 0; i < 4; i++)
        h[4 + i] = (uint8_t)(data_size >> (8 * i));
    memcpy(h + 8, ".FIT", 4);
    if (o.header_size == SG_FIT_HEADER_WITH_CRC) {
        uint16_t hc = sg_fit_crc16(0, h, SG_FIT_HEADER_MIN);
        h[12] = (uint8_t)hc;
        h[13] = (uint8_t)(hc >> 8);
    }
    uint16_t crc = sg_fit_crc16(0, w.p, w.n);
    w.p[w.n++] = (uint8_t)crc;
    w.p[w.n++] = (uint8_t)(crc >> 8);
    *out = w.p;
    *len = w.n;
    return SG_OK;
}
