/* FIT decoder: bytes -> sg_activity (include/strideguard/fit.h).
 *
 * ---- The FIT format, as this decoder reads it -------------------------------
 *
 * A FIT file is one or more "sections" back to back (chained FIT files; a
 * multisport watch or an export tool may concatenate several). Each section:
 *
 *   header   12 or 14 bytes, little-endian:
 *            [0] header size (12 or 14; larger sizes carry extra bytes we skip)
 *            [1] protocol version (major<<4 | minor)
 *            [2..3] profile version (major*100 + minor)
 *            [4..7] data size: bytes of records that follow the header
 *            [8..11] ".FIT"
 *            [12..13] (14-byte header) CRC of bytes 0..11; 0 means "not set"
 *   records  data-size bytes of messages
 *   CRC      2 bytes, little-endian: CRC-16 (poly 0xA001 reflected, init 0) of
 *            header + records. Checked; a mismatch is damage.
 *
 * Every message starts with a one-byte record header:
 *
 *   bit 7 = 0  normal header
 *              bit 6: 1 = definition message, 0 = data message
 *              bit 5: (definition) developer fields follow the field list
 *              bits 0-3: local message type 0..15
 *   bit 7 = 1  compressed-timestamp header (always a data message)
 *              bits 5-6: local message type 0..3
 *              bits 0-4: time offset. The timestamp is the last full
 *              timestamp seen (field 253 of any message, or the previous
 *              compressed one) with its low 5 bits replaced by the offset,
 *              plus 32 s when the offset is smaller than those low bits
 *              (the 5-bit counter rolled over).
 *
 * A definition message binds a local type to a layout until it is redefined
 * (redefinition mid-file is normal) or the section ends:
 *   reserved(1) architecture(1: 0 little, 1 big endian for this message's
 *   multi-byte values) global message number(2, in that endianness)
 *   field count(1) then per field: number(1) size(1) base type(1)
 *   [developer field count(1) then per field: number(1) size(1) dev index(1)]
 * A data message is the fields' bytes in definition order. A field whose size
 * is a multiple of its base type's size is an array; one whose size is not
 * is kept only as bytes. A data message for a local type never defined in
 * this section is damage.
 *
 * Base types and their invalid ("not set") sentinels: enum/uint8/uint16/
 * uint32/uint64 all ones; sint8/16/32/64 the largest positive value
 * (0x7F, 0x7FFF, ...); uint8z/16z/32z/64z zero; float32/64 all ones (NaN);
 * string empty; byte every byte 0xFF. An invalid field is absent.
 *
 * Profile semantics applied here (numbers in formats/fit_profile.h):
 *   value = raw / scale - offset; lat/lon semicircles * 180 / 2^31;
 *   date_time = s since 1989-12-31T00:00:00Z, except below 0x10000000, which
 *   is device-relative (s since power-on): act->time_relative.
 *   Components: record.altitude -> enhanced_altitude, record.speed ->
 *   enhanced_speed, record.compressed_speed_distance (3 bytes, bits 0-11 speed
 *   /100 m/s, bits 12-23 distance /16 m, accumulated), record.cycles ->
 *   total_cycles and compressed_accumulated_power -> accumulated_power
 *   (accumulated). Accumulation: total = raw + (total & ~mask), + 2^bits when
 *   raw < (total & mask); the total restarts at each definition holding the
 *   source field. A field the file gives itself wins over its component.
 *   Developer fields: developer_data_id (index -> application id) and
 *   field_description (index + field number -> name, units, base type,
 *   optional scale/offset) describe the developer fields that definitions
 *   then reference; they become extra columns by name. Those whose name
 *   and units match dev_map below (Stryd, Connect IQ) also fill the model
 *   channel, in the channel's unit, when the record has no native value
 *   for it: native fields win (docs/formats.md, "Developer fields").
 *
 * Damage policy: the walk stops at the first damage (bad CRC, truncation,
 * undefined local type, bytes that are not a FIT header). Records decoded
 * before it are kept and the damage is reported (rep->errors,
 * rep->first_error); with no record before it the decode fails.
 * --------------------------------------------------------------------------- */
#include "strideguard/figures.h"
#include "strideguard/fit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats/fit_profile.h"
#include "formats/fit_stream.h"

typedef struct cal3d {
    bool have;
    double factor, divisor, level_shift;
    double offset[3];
    double m[9];
} cal3d;

typedef struct dctx {
    sg_activity *act;
    int32_t *desc_col;          /* description index -> column + 1 (0 = not yet) */
    size_t n_desc_col;
    int sport_msg, sub_sport_msg; /* from a sport message, -1 none */
    bool have_creator;          /* device_info of the creating device seen */
    bool have_file_id;
    double creator_sw;          /* file_creator software version, NaN */
    size_t presized;            /* samples appended before the run (0 = append per record) */
    size_t next;                /* next presized sample to fill */
    bool mismatch;              /* more records than the count: redo without presizing */
    cal3d cal[2];               /* accelerometer, gyroscope */
    /* per developer column: mapped channel + 1 (0 none) and factor to the
     * channel's unit; set when the column is first resolved */
    uint8_t col_ch[SG_ACTIVITY_MAX_DEVFIELDS];
    double col_factor[SG_ACTIVITY_MAX_DEVFIELDS];
} dctx;

/* A field value as an enum/id in [lo, hi], or -1 (absent, or a file that
 * declared the field with a type that yields something else). */
static int int_in(double v, int lo, int hi)
{
    return (v >= lo && v <= hi) ? (int)v : -1;
}

static double fit_time(dctx *c, double t)
{
    if (isnan(t))
        return t;
    if (t < SG_FIT_DATE_TIME_MIN) {
        c->act->time_relative = true;
        return t;
    }
    return t + SG_FIT_EPOCH_UNIX;
}

static inline int put(sg_activity *act, sg_channel ch, size_t i, double v, sg_err *err)
{
    if (isnan(v))
        return SG_OK;
    if (act->ch[ch]) {
        act->ch[ch][i] = v;
        return SG_OK;
    }
    return sg_activity_set(act, ch, i, v, err);
}

static void hex_app_id(const sg_fit_devdesc *d, char *out, size_t cap)
{
    out[0] = '\0';
    if (!d->has_app_id || cap < 33)
        return;
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", d->app_id[i]);
}

/* Developer fields that are a model channel. A field maps when its name
 * (trimmed, case-insensitive) is in dev_names and its units (same rule) are
 * a row of dev_units for the same channel; the factor converts to the
 * model's unit. Other names or units stay developer columns only (Form
 * Power and Leg Spring Stiffness have no model channel). The table is
 * documented in docs/formats.md, "Developer fields". */
static const struct {
    const char *name;
    sg_channel ch;
} dev_names[] = {
    {"Ground Time", SG_CH_STANCE_TIME},      /* Stryd */
    {"GCT", SG_CH_STANCE_TIME},
    {"Vertical Oscillation", SG_CH_VERT_OSC}, /* Stryd: cm */
    {"Heart Rate", SG_CH_HEART_RATE},
    {"Power", SG_CH_POWER},                   /* Stryd */
    {"Garmin Running Power", SG_CH_POWER},    /* Connect IQ */
    {"RP_Power", SG_CH_POWER},                /* Connect IQ Running Power */
};

static const struct {
    const char *units;
    sg_channel ch;
    double factor;
} dev_units[] = {
    {"ms", SG_CH_STANCE_TIME, 1e-3},          {"Milliseconds", SG_CH_STANCE_TIME, 1e-3},
    {"cm", SG_CH_VERT_OSC, 1e-2},             {"Centimeters", SG_CH_VERT_OSC, 1e-2},
    {"mm", SG_CH_VERT_OSC, 1e-3},             {"Millimeters", SG_CH_VERT_OSC, 1e-3},
    {"bpm", SG_CH_HEART_RATE, 1},             {"beats/min", SG_CH_HEART_RATE, 1},
    {"W", SG_CH_POWER, 1},                    {"Watts", SG_CH_POWER, 1},
};

/* a (trimmed of spaces) equals b, ASCII case-insensitive. */
static bool same_word(const char *a, const char *b)
{
    if (!a)
        return false;
    while (*a == ' ' || *a == '\t')
        a++;
    size_t n = strlen(a);
    while (n && (a[n - 1] == ' ' || a[n - 1] == '\t'))
        n--;
    if (strlen(b) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

/* The channel (+ 1, 0 = none) and factor for a developer field. */
static unsigned dev_map(const char *name, const char *units, double *factor)
{
    for (size_t i = 0; i < sizeof dev_names / sizeof *dev_names; i++) {
        if (!same_word(name, dev_names[i].name))
            continue;
        for (size_t k = 0; k < sizeof dev_units / sizeof *dev_units; k++) {
            if (dev_units[k].ch == dev_names[i].ch && same_word(units, dev_units[k].units)) {
                *factor = dev_units[k].factor;
                return (unsigned)dev_names[i].ch + 1;
            }
        }
        return 0;
    }
    return 0;
}

static int dev_column(dctx *c, const sg_fit_msg *m, const sg_fit_devdesc *d, size_t *col,
                      sg_err *err)
{
    size_t di = sg_fit_devdesc_index(m->s, d);
    if (di >= c->n_desc_col) {
        size_t nn = SG_FIT_MAX_DEV_DESC;
        int32_t *p = sg_realloc_array(c->act->alloc, c->desc_col, nn, sizeof *p);
        if (!p)
            return sg_err_set(err, SG_ENOMEM, (long long)m->offset,
                              "out of memory for developer fields");
        memset(p + c->n_desc_col, 0, (nn - c->n_desc_col) * sizeof *p);
        c->desc_col = p;
        c->n_desc_col = nn;
    }
    if (c->desc_col[di]) {
        *col = (size_t)c->desc_col[di] - 1;
        return SG_OK;
    }
    char app[40];
    hex_app_id(d, app, sizeof app);
    int rc = sg_activity_devfield(c->act, d->name, d->units[0] ? d->units : NULL,
                                  app[0] ? app : NULL, col, err);
    if (rc)
        return rc;
    c->desc_col[di] = (int32_t)*col + 1;
    if (*col < SG_ACTIVITY_MAX_DEVFIELDS) {
        double f = 1;
        c->col_ch[*col] = (uint8_t)dev_map(d->name, d->units, &f);
        c->col_factor[*col] = f;
    }
    return SG_OK;
}

static int on_record(dctx *c, const sg_fit_msg *m, sg_err *err)
{
    sg_activity *act = c->act;
    const double *r = m->rec;
    size_t i;
    int rc;
    if (c->presized) {
        if (c->next >= c->presized) {
            c->mismatch = true;
            return SG_EUNSUPPORTED;
        }
        i = c->next++;
    } else if ((rc = sg_activity_append(act, &i, err))) {
        return rc;
    }
    double cad = r[SG_FIT_R_CADENCE];
    if (!isnan(cad) && !isnan(r[SG_FIT_R_FRACTIONAL_CADENCE]))
        cad += r[SG_FIT_R_FRACTIONAL_CADENCE];
    if ((rc = put(act, SG_CH_TIME, i, fit_time(c, r[SG_FIT_R_TIMESTAMP]), err)) ||
        (rc = put(act, SG_CH_LAT, i, r[SG_FIT_R_LAT], err)) ||
        (rc = put(act, SG_CH_LON, i, r[SG_FIT_R_LON], err)) ||
        (rc = put(act, SG_CH_DISTANCE, i, r[SG_FIT_R_DISTANCE], err)) ||
        (rc = put(act, SG_CH_ALTITUDE, i, r[SG_FIT_R_ALTITUDE], err)) ||
        (rc = put(act, SG_CH_SPEED, i, r[SG_FIT_R_SPEED], err)) ||
        (rc = put(act, SG_CH_HEART_RATE, i, r[SG_FIT_R_HEART_RATE], err)) ||
        (rc = put(act, SG_CH_CADENCE, i, cad, err)) ||
        (rc = put(act, SG_CH_VERT_OSC, i, r[SG_FIT_R_VERTICAL_OSCILLATION] / 1000.0, err)) ||
        (rc = put(act, SG_CH_STANCE_TIME, i, r[SG_FIT_R_STANCE_TIME] / 1000.0, err)) ||
        (rc = put(act, SG_CH_STANCE_BALANCE, i, r[SG_FIT_R_STANCE_TIME_BALANCE], err)) ||
        (rc = put(act, SG_CH_VERT_RATIO, i, r[SG_FIT_R_VERTICAL_RATIO], err)) ||
        (rc = put(act, SG_CH_STEP_LENGTH, i, r[SG_FIT_R_STEP_LENGTH] / 1000.0, err)) ||
        (rc = put(act, SG_CH_POWER, i, r[SG_FIT_R_POWER], err)) ||
        (rc = put(act, SG_CH_TEMPERATURE, i, r[SG_FIT_R_TEMPERATURE], err)))
        return rc;
    size_t nd = sg_fit_msg_ndev(m);
    for (size_t k = 0; k < nd; k++) {
        sg_fit_view v;
        const sg_fit_devdesc *d = sg_fit_msg_dev(m, k, &v);
        double x;
        if (!d || !sg_fit_view_num(&v, 0, &x))
            continue;
        if (!isnan(d->scale) && d->scale != 0)
            x /= d->scale;
        if (!isnan(d->offset))
            x -= d->offset;
        size_t col;
        if ((rc = dev_column(c, m, d, &col, err)))
            return rc;
        act->dev[col].v[i] = x;
        /* a mapped field fills its channel unless the record gave it natively
         * (or an earlier developer field of this record did) */
        if (col < SG_ACTIVITY_MAX_DEVFIELDS && c->col_ch[col] && !isnan(x)) {
            sg_channel ch = (sg_channel)(c->col_ch[col] - 1);
            if ((!act->ch[ch] || isnan(act->ch[ch][i])) &&
                (rc = put(act, ch, i, x * c->col_factor[col], err)))
                return rc;
        }
    }
    return SG_OK;
}

static int set_num_string(sg_activity *act, char **member, double v, bool version,
                          sg_err *err)
{
    char b[32];
    if (version)
        snprintf(b, sizeof b, "%.2f", v);
    else
        snprintf(b, sizeof b, "%.0f", v);
    return sg_activity_set_string(act, member, b, err);
}

/* An id the profile tables do not name, printed as "<what> <id>". */
static int set_labelled_num(sg_activity *act, char **member, const char *what, int id,
                            sg_err *err)
{
    char b[48];
    snprintf(b, sizeof b, "%s %d", what, id);
    return sg_activity_set_string(act, member, b, err);
}

static int set_product(dctx *c, const sg_fit_msg *m, uint8_t f_manu, uint8_t f_prod,
                       uint8_t f_name, sg_err *err)
{
    sg_activity *act = c->act;
    int manu = int_in(sg_fit_msg_num(m, f_manu), 0, 65535);
    int prod = int_in(sg_fit_msg_num(m, f_prod), 0, 65535);
    int rc;
    if (manu >= 0 && act->device.manufacturer_id < 0) {
        act->device.manufacturer_id = manu;
        const char *n = sg_fit_manufacturer_name((unsigned)manu);
        if (n)
            rc = sg_activity_set_string(act, &act->device.manufacturer, n, err);
        else
            rc = set_labelled_num(act, &act->device.manufacturer, "manufacturer", manu, err);
        if (rc)
            return rc;
    }
    char name[64];
    sg_fit_view v;
    name[0] = '\0';
    if (sg_fit_msg_field(m, f_name, &v))
        sg_fit_view_str(&v, name, sizeof name);
    if (act->device.product)
        return SG_OK;
    if (prod >= 0)
        act->device.product_id = prod;
    if (name[0])
        return sg_activity_set_string(act, &act->device.product, name, err);
    if (prod < 0)
        return SG_OK;
    int mid = act->device.manufacturer_id;
    const char *pn = NULL;
    if (mid == SG_FIT_MANUFACTURER_GARMIN || mid == 13 /* dynastream_oem */ ||
        mid == 15 /* dynastream */)
        pn = sg_fit_garmin_product_name((unsigned)prod);
    if (pn)
        return sg_activity_set_string(act, &act->device.product, pn, err);
    /* never a bare number: "garmin product 4024", not "garmin 4024" (#11) */
    return set_labelled_num(act, &act->device.product, "product", prod, err);
}

static int on_file_id(dctx *c, const sg_fit_msg *m, sg_err *err)
{
    if (c->have_file_id)
        return SG_OK; /* chained sections: the first file names the device */
    c->have_file_id = true;
    int rc = set_product(c, m, SG_FIT_FILE_ID_MANUFACTURER, SG_FIT_FILE_ID_PRODUCT,
                         SG_FIT_FILE_ID_PRODUCT_NAME, err);
    if (rc)
        return rc;
    double serial = sg_fit_msg_num(m, SG_FIT_FILE_ID_SERIAL_NUMBER);
    if (!isnan(serial) && !c->act->device.serial)
        return set_num_string(c->act, &c->act->device.serial, serial, false, err);
    return SG_OK;
}

static int on_device_info(dctx *c, const sg_fit_msg *m, sg_err *err)
{
    double idx = sg_fit_msg_num(m, SG_FIT_DEVICE_INFO_DEVICE_INDEX);
    if (c->have_creator || (!isnan(idx) && idx != SG_FIT_DEVICE_INDEX_CREATOR))
        return SG_OK;
    if (isnan(idx) && isnan(sg_fit_msg_num(m, SG_FIT_DEVICE_INFO_SOFTWARE_VERSION)))
        return SG_OK;
    c->have_creator = true;
    sg_activity *act = c->act;
    int rc = set_product(c, m, SG_FIT_DEVICE_INFO_MANUFACTURER, SG_FIT_DEVICE_INFO_PRODUCT,
                         SG_FIT_DEVICE_INFO_PRODUCT_NAME, err);
    if (rc)
        return rc;
    double sw = sg_fit_msg_num(m, SG_FIT_DEVICE_INFO_SOFTWARE_VERSION);
    if (!isnan(sw) && !act->device.software &&
        (rc = set_num_string(act, &act->device.software, sw / SG_FIT_SOFTWARE_VERSION_SCALE,
                             true, err)))
        return rc;
    double serial = sg_fit_msg_num(m, SG_FIT_DEVICE_INFO_SERIAL_NUMBER);
    if (!isnan(serial) && !act->device.serial)
        return set_num_string(act, &act->device.serial, serial, false, err);
    return SG_OK;
}

static sg_sport map_sport(int s)
{
    switch (s) {
    case -1:
    case SG_FIT_SPORT_GENERIC: return SG_SPORT_UNKNOWN;
    case SG_FIT_SPORT_RUNNING: return SG_SPORT_RUNNING;
    case SG_FIT_SPORT_CYCLING: return SG_SPORT_CYCLING;
    case SG_FIT_SPORT_WALKING: return SG_SPORT_WALKING;
    case SG_FIT_SPORT_HIKING: return SG_SPORT_HIKING;
    case SG_FIT_SPORT_SWIMMING: return SG_SPORT_SWIMMING;
    default: return SG_SPORT_OTHER;
    }
}

static sg_sub_sport map_sub_sport(int s)
{
    switch (s) {
    case -1:
    case SG_FIT_SUB_GENERIC: return SG_SUB_NONE;
    case SG_FIT_SUB_TREADMILL: return SG_SUB_TREADMILL;
    case SG_FIT_SUB_STREET:
    case SG_FIT_SUB_ROAD: return SG_SUB_ROAD;
    case SG_FIT_SUB_TRAIL: return SG_SUB_TRAIL;
    case SG_FIT_SUB_TRACK: return SG_SUB_TRACK;
    case SG_FIT_SUB_SPIN:
    case SG_FIT_SUB_INDOOR_CYCLING:
    case SG_FIT_SUB_INDOOR_ROWING:
    case SG_FIT_SUB_INDOOR_WALKING:
    case SG_FIT_SUB_INDOOR_RUNNING: return SG_SUB_INDOOR;
    case SG_FIT_SUB_VIRTUAL_ACTIVITY: return SG_SUB_VIRTUAL;
    default: return SG_SUB_OTHER;
    }
}

/* Both sport enums count steps for running and walking: cadence is strides
 * (one foot) per minute there, so the model's steps/min doubles it. */
static bool counts_strides(int fit_sport)
{
    return fit_sport == SG_FIT_SPORT_RUNNING || fit_sport == SG_FIT_SPORT_WALKING;
}

static double cadence_of(const sg_fit_msg *m, uint8_t f_cad, uint8_t f_frac)
{
    double cad = sg_fit_msg_num(m, f_cad);
    double frac = sg_fit_msg_num(m, f_frac);
    if (!isnan(cad) && !isnan(frac))
        cad += frac / SG_FIT_SCALE_FRACTIONAL_CADENCE;
    return cad; /* raw rpm; doubled for running in finish() */
}

static double scaled(const sg_fit_msg *m, uint8_t f, double scale)
{
    return sg_fit_msg_num(m, f) / scale;
}

static void speed_of(const sg_fit_msg *m, uint8_t f_enh, uint8_t f_legacy, double *out)
{
    double v = scaled(m, f_enh, SG_FIT_SCALE_SPEED);
    *out = isnan(v) ? scaled(m, f_legacy, SG_FIT_SCALE_SPEED) : v;
}

static int on_lap(dctx *c, const sg_fit_msg *m, sg_err *err)
{
    sg_totals t;
    sg_totals_init(&t);
    t.start_time = fit_time(c, sg_fit_msg_num(m, SG_FIT_LAP_START_TIME));
    t.elapsed_s = scaled(m, SG_FIT_LAP_TOTAL_ELAPSED_TIME, SG_FIT_SCALE_TIME_MS);
    t.timer_s = scaled(m, SG_FIT_LAP_TOTAL_TIMER_TIME, SG_FIT_SCALE_TIME_MS);
    t.distance_m = scaled(m, SG_FIT_LAP_TOTAL_DISTANCE, SG_FIT_SCALE_DISTANCE);
    t.ascent_m = sg_fit_msg_num(m, SG_FIT_LAP_TOTAL_ASCENT);
    t.descent_m = sg_fit_msg_num(m, SG_FIT_LAP_TOTAL_DESCENT);
    t.avg_hr = sg_fit_msg_num(m, SG_FIT_LAP_AVG_HEART_RATE);
    t.max_hr = sg_fit_msg_num(m, SG_FIT_LAP_MAX_HEART_RATE);
    t.avg_cadence = cadence_of(m, SG_FIT_LAP_AVG_CADENCE, SG_FIT_LAP_AVG_FRACTIONAL_CADENCE);
    speed_of(m, SG_FIT_LAP_ENHANCED_AVG_SPEED, SG_FIT_LAP_AVG_SPEED, &t.avg_speed);
    t.calories = sg_fit_msg_num(m, SG_FIT_LAP_TOTAL_CALORIES);
    if (isnan(t.start_time) && m->has_ts && !isnan(t.elapsed_s))
        t.start_time = fit_time(c, m->ts) - t.elapsed_s;
    return sg_activity_add_lap(c->act, &t, err);
}

static int on_session(dctx *c, const sg_fit_msg *m, sg_err *err)
{
    sg_session s;
    sg_totals *t = &s.totals;
    sg_totals_init(t);
    t->start_time = fit_time(c, sg_fit_msg_num(m, SG_FIT_SESSION_START_TIME));
    t->elapsed_s = scaled(m, SG_FIT_SESSION_TOTAL_ELAPSED_TIME, SG_FIT_SCALE_TIME_MS);
    t->timer_s = scaled(m, SG_FIT_SESSION_TOTAL_TIMER_TIME, SG_FIT_SCALE_TIME_MS);
    t->distance_m = scaled(m, SG_FIT_SESSION_TOTAL_DISTANCE, SG_FIT_SCALE_DISTANCE);
    t->ascent_m = sg_fit_msg_num(m, SG_FIT_SESSION_TOTAL_ASCENT);
    t->descent_m = sg_fit_msg_num(m, SG_FIT_SESSION_TOTAL_DESCENT);
    t->avg_hr = sg_fit_msg_num(m, SG_FIT_SESSION_AVG_HEART_RATE);
    t->max_hr = sg_fit_msg_num(m, SG_FIT_SESSION_MAX_HEART_RATE);
    t->avg_cadence =
        cadence_of(m, SG_FIT_SESSION_AVG_CADENCE, SG_FIT_SESSION_AVG_FRACTIONAL_CADENCE);
    speed_of(m, SG_FIT_SESSION_ENHANCED_AVG_SPEED, SG_FIT_SESSION_AVG_SPEED, &t->avg_speed);
    t->calories = sg_fit_msg_num(m, SG_FIT_SESSION_TOTAL_CALORIES);
    if (isnan(t->start_time) && m->has_ts && !isnan(t->elapsed_s))
        t->start_time = fit_time(c, m->ts) - t->elapsed_s;
    double sp = sg_fit_msg_num(m, SG_FIT_SESSION_SPORT);
    double sub = sg_fit_msg_num(m, SG_FIT_SESSION_SUB_SPORT);
    s.fit_sport = int_in(sp, 0, 255);
    s.fit_sub_sport = int_in(sub, 0, 255);
    s.sport = map_sport(s.fit_sport);
    s.sub_sport = map_sub_sport(s.fit_sub_sport);
    if (counts_strides(s.fit_sport))
        t->avg_cadence *= 2;
    return sg_activity_add_session(c->act, &s, err);
}

/* event message fields (FIT profile: event 0, event_type 1) and the
 * event types that stop the timer besides stop / stop_all */
enum { FIT_EVENT_EVENT = 0, FIT_EVENT_EVENT_TYPE = 1 };
#define FIT_EVENT_TYPE_STOP_DISABLE 8
#define FIT_EVENT_TYPE_STOP_DISABLE_ALL 9

/* Timer starts and stops, so that a pause is neither moving time nor the
 * weight of the sample after it (docs/formats.md "Pauses"). Other events
 * (laps, markers, alerts) say nothing about the timer. */
static int on_event(dctx *c, const sg_fit_msg *m, sg_err *err)
{
    if (!m->has_ts || sg_fit_msg_num(m, FIT_EVENT_EVENT) != SG_FIT_EVENT_TIMER)
        return SG_OK;
    double type = sg_fit_msg_num(m, FIT_EVENT_EVENT_TYPE);
    bool start = type == SG_FIT_EVENT_TYPE_START;
    bool stop = type == SG_FIT_EVENT_TYPE_STOP || type == SG_FIT_EVENT_TYPE_STOP_ALL ||
                type == FIT_EVENT_TYPE_STOP_DISABLE || type == FIT_EVENT_TYPE_STOP_DISABLE_ALL;
    if (!start && !stop)
        return SG_OK;
    return sg_activity_add_timer(c->act, fit_time(c, m->ts), start, err);
}

static void on_calibration(dctx *c, const sg_fit_msg *m)
{
    double type = sg_fit_msg_num(m, SG_FIT_CAL3D_SENSOR_TYPE);
    if (isnan(type) || (type != SG_FIT_SENSOR_ACCELEROMETER && type != SG_FIT_SENSOR_GYROSCOPE))
        return;
    cal3d *k = &c->cal[(int)type];
    k->factor = sg_fit_msg_num(m, SG_FIT_CAL3D_CALIBRATION_FACTOR);
    k->divisor = sg_fit_msg_num(m, SG_FIT_CAL3D_CALIBRATION_DIVISOR);
    k->level_shift = sg_fit_msg_num(m, SG_FIT_CAL3D_LEVEL_SHIFT);
    if (isnan(k->level_shift))
        k->level_shift = 0;
    sg_fit_view v;
    bool have_off = sg_fit_msg_field(m, SG_FIT_CAL3D_OFFSET_CAL, &v);
    for (int a = 0; a < 3; a++)
        if (!have_off || !sg_fit_view_num(&v, (size_t)a, &k->offset[a]))
            k->offset[a] = 0;
    bool have_m = sg_fit_msg_field(m, SG_FIT_CAL3D_ORIENTATION_MATRIX, &v);
    for (int i = 0; i < 9; i++) {
        double x;
        if (have_m && sg_fit_view_num(&v, (size_t)i, &x))
            k->m[i] = x / SG_FIT_ORIENTATION_SCALE;
        else
            k->m[i] = (i % 4 == 0) ? 1 : 0; /* identity */
    }
    k->have = !isnan(k->factor) && !isnan(k->divisor) && k->divisor != 0;
}

/* accelerometer_data / gyroscope_data: up to N samples per message, at
 * timestamp + timestamp_ms + sample_time_offset[k]. Calibrated float fields
 * are used when the device wrote them; otherwise the raw counts go through
 * the three_d_sensor_calibration seen before (offset, gain, orientation). */
static int on_motion(dctx *c, const sg_fit_msg *m, int sensor, sg_err *err)
{
    sg_activity *act = c->act;
    sg_raw_motion *dst = sensor == SG_FIT_SENSOR_ACCELEROMETER ? &act->accel : &act->gyro;
    double unit = sensor == SG_FIT_SENSOR_ACCELEROMETER ? SG_FIT_STANDARD_GRAVITY : M_PI / 180.0;
    if (!m->has_ts)
        return SG_OK;
    double t0 = fit_time(c, m->ts);
    double ms = sg_fit_msg_num(m, SG_FIT_MOTION_TIMESTAMP_MS);
    if (!isnan(ms))
        t0 += ms / 1000.0;
    sg_fit_view cv[3], rv[3], off;
    bool have_cal = true, have_raw = true;
    for (int a = 0; a < 3; a++) {
        have_cal = sg_fit_msg_field(m, (uint8_t)(SG_FIT_MOTION_CALIBRATED_X + a), &cv[a]) && have_cal;
        have_raw = sg_fit_msg_field(m, (uint8_t)(SG_FIT_MOTION_X + a), &rv[a]) && have_raw;
    }
    bool have_off = sg_fit_msg_field(m, SG_FIT_MOTION_SAMPLE_TIME_OFFSET, &off);
    const cal3d *k = &c->cal[sensor];
    size_t n = have_cal ? sg_fit_view_count(&cv[0]) : have_raw ? sg_fit_view_count(&rv[0]) : 0;
    for (size_t s = 0; s < n; s++) {
        double xyz[3];
        bool ok = true;
        if (have_cal) {
            for (int a = 0; a < 3 && ok; a++)
                ok = sg_fit_view_num(&cv[a], s, &xyz[a]);
        } else if (k->have) {
            double raw[3];
            for (int a = 0; a < 3 && ok; a++) {
                ok = sg_fit_view_num(&rv[a], s, &raw[a]);
                raw[a] = (raw[a] - k->level_shift - k->offset[a]) * k->factor / k->divisor;
            }
            for (int a = 0; a < 3 && ok; a++)
                xyz[a] = k->m[3 * a] * raw[0] + k->m[3 * a + 1] * raw[1] + k->m[3 * a + 2] * raw[2];
        } else {
            ok = false; /* raw counts without a calibration mean nothing */
        }
        if (!ok)
            continue;
        double dt = 0;
        if (have_off && sg_fit_view_num(&off, s, &dt))
            dt /= 1000.0;
        else
            dt = 0;
        int rc = sg_activity_add_motion(act, dst, t0 + dt, xyz[0] * unit, xyz[1] * unit,
                                        xyz[2] * unit, err);
        if (rc)
            return rc;
    }
    return SG_OK;
}

static int on_msg(void *ctx, const sg_fit_msg *m, sg_err *err)
{
    dctx *c = ctx;
    switch (m->global) {
    case SG_FIT_MESG_RECORD: return on_record(c, m, err);
    case SG_FIT_MESG_FILE_ID: return on_file_id(c, m, err);
    case SG_FIT_MESG_DEVICE_INFO: return on_device_info(c, m, err);
    case SG_FIT_MESG_FILE_CREATOR:
        if (isnan(c->creator_sw))
            c->creator_sw = sg_fit_msg_num(m, SG_FIT_FILE_CREATOR_SOFTWARE_VERSION);
        return SG_OK;
    case SG_FIT_MESG_LAP: return on_lap(c, m, err);
    case SG_FIT_MESG_SESSION: return on_session(c, m, err);
    case SG_FIT_MESG_EVENT: return on_event(c, m, err);
    case SG_FIT_MESG_SPORT:
        if (c->sport_msg < 0) {
            double sp = sg_fit_msg_num(m, SG_FIT_SPORT_SPORT);
            double sub = sg_fit_msg_num(m, SG_FIT_SPORT_SUB_SPORT);
            c->sport_msg = int_in(sp, 0, 255);
            c->sub_sport_msg = int_in(sub, 0, 255);
        }
        return SG_OK;
    case SG_FIT_MESG_THREE_D_SENSOR_CALIBRATION: on_calibration(c, m); return SG_OK;
    case SG_FIT_MESG_ACCELEROMETER_DATA: return on_motion(c, m, SG_FIT_SENSOR_ACCELEROMETER, err);
    case SG_FIT_MESG_GYROSCOPE_DATA: return on_motion(c, m, SG_FIT_SENSOR_GYROSCOPE, err);
    default: return SG_OK;
    }
}

/* FIT sport in force at time t: the session whose span holds t, else the
 * file's. */
static int sport_at(const sg_activity *act, double t, int fallback)
{
    if (!isnan(t)) {
        for (size_t k = 0; k < act->n_sessions; k++) {
            const sg_totals *s = &act->sessions[k].totals;
            if (isnan(s->start_time) || isnan(s->elapsed_s))
                continue;
            if (t >= s->start_time && t <= s->start_time + s->elapsed_s + 1)
                return act->sessions[k].fit_sport;
        }
    }
    return fallback;
}

/* Garmin products (file_id product numbers) with and without a barometric
 * altimeter, from the makers' spec sheets; see docs/science.md §1. */
static const uint16_t garmin_baro[] = {
    1036 /* edge500 */, 1169 /* edge800 */, 1328 /* fr910xt */, 1551 /* fenix */,
    1561 /* edge510 */, 1567 /* edge810 */, 1765 /* fr920xt */, 1836 /* edge1000 */,
    1967 /* fenix2 */, 2050 /* fenix3 */, 2337 /* vivoactive hr */, 2530 /* edge820 */,
    2544 /* fenix5s */, 2604 /* fenix5x */, 2691 /* fr935 */, 2697 /* fenix5 */,
    3113 /* fr945 */, 3122 /* edge830 */, 4024 /* fr955 */,
};
static const uint16_t garmin_gps_only[] = {
    717 /* fr405 */, 1018 /* fr310xt */, 1124 /* fr110 */, 1325 /* edge200 */,
    1345 /* fr610 */, 1436 /* fr70 */, 1623 /* fr620 */, 1632 /* fr220 */, 1907 /* vivoactive */,
    1932 /* fr15 */, 2153 /* fr225 */, 2156 /* fr630 */, 2157 /* fr230 */, 3869 /* fr55 */,
};

static bool in_list(const uint16_t *l, size_t n, int v)
{
    for (size_t i = 0; i < n; i++)
        if (l[i] == v)
            return true;
    return false;
}

/* Altitude source heuristic (docs/science.md §1, [D]): FIT does not say
 * where altitude came from. 1) A Garmin product known to have (or lack) a
 * barometric altimeter decides. 2) Altitude in a file without a single
 * position fix cannot be GPS altitude: barometric. 3) Otherwise GPS, the
 * conservative choice (larger hysteresis, fewer phantom climbs). */
static sg_alt_source alt_source(const sg_activity *act)
{
    if (!sg_activity_has(act, SG_CH_ALTITUDE))
        return SG_ALT_UNKNOWN;
    const sg_device *d = &act->device;
    if (d->manufacturer_id == SG_FIT_MANUFACTURER_GARMIN) {
        if (in_list(garmin_baro, sizeof garmin_baro / sizeof *garmin_baro, d->product_id))
            return SG_ALT_BAROMETRIC;
        if (in_list(garmin_gps_only, sizeof garmin_gps_only / sizeof *garmin_gps_only,
                    d->product_id))
            return SG_ALT_GPS;
    }
    if (!sg_activity_has(act, SG_CH_LAT))
        return SG_ALT_BAROMETRIC;
    return SG_ALT_GPS;
}

static int finish(dctx *c, sg_err *err)
{
    sg_activity *act = c->act;
    int file_sport = c->sport_msg;
    int file_sub = c->sub_sport_msg;
    if (act->n_sessions) {
        file_sport = act->sessions[0].fit_sport;
        file_sub = act->sessions[0].fit_sub_sport;
    }
    act->sport = map_sport(file_sport);
    act->sub_sport = map_sub_sport(file_sub);
    double *cad = act->ch[SG_CH_CADENCE];
    const double *t = act->ch[SG_CH_TIME];
    if (cad) {
        for (size_t i = 0; i < act->n; i++)
            if (!isnan(cad[i]) && counts_strides(sport_at(act, t ? t[i] : NAN, file_sport)))
                cad[i] *= 2;
    }
    for (size_t k = 0; k < act->n_laps; k++)
        if (counts_strides(sport_at(act, act->laps[k].start_time, file_sport)))
            act->laps[k].avg_cadence *= 2;
    act->alt_source = alt_source(act);
    if (!act->device.software && !isnan(c->creator_sw)) {
        int rc = set_num_string(act, &act->device.software,
                                c->creator_sw / SG_FIT_SOFTWARE_VERSION_SCALE, true, err);
        if (rc)
            return rc;
    }
    return sg_activity_set_string(act, &act->source_format, "fit", err);
}

int sg_fit_decode(const uint8_t *buf, size_t len, const sg_allocator *a, sg_activity **out,
                  sg_fit_report *rep, sg_err *err)
{
    sg_fit_report local_rep;
    if (!rep)
        rep = &local_rep;
    memset(rep, 0, sizeof *rep);
    sg_err_clear(&rep->first_error);
    rep->bytes = len;
    *out = NULL;
    sg_err e;
    sg_err_clear(&e);
    dctx c;
    memset(&c, 0, sizeof c);
    c.sport_msg = c.sub_sport_msg = -1;
    c.creator_sw = NAN;
    sg_fit_stream *s = NULL;
    int rc;
    if (!sg_fit_sniff(buf, len)) {
        rc = sg_err_set(&e, SG_EFORMAT, 0, "not a FIT file (no .FIT header)");
        rep->errors = 1;
        rep->first_error = e;
        goto out;
    }
    s = sg_fit_stream_new(a);
    if (!s) {
        rc = sg_err_set(&e, SG_ENOMEM, -1, "out of memory starting a FIT decode");
        goto out;
    }
    /* Sizing the columns once (a quick count of the records first) saves
     * the regrowth copies and page faults that otherwise cost more than the
     * decode; if the count and the decode ever disagree, decode again the
     * plain way. */
    size_t expect = sg_fit_stream_count_records(s, buf, len);
    for (int attempt = 0; attempt < 2; attempt++) {
        c.act = sg_activity_new(a);
        if (!c.act) {
            rc = sg_err_set(&e, SG_ENOMEM, -1, "out of memory starting a FIT decode");
            goto out;
        }
        c.presized = attempt == 0 ? expect : 0;
        c.next = 0;
        c.mismatch = false;
        for (size_t k = 0; k < c.presized; k++) {
            if ((rc = sg_activity_append(c.act, NULL, &e)))
                goto out;
        }
        rc = sg_fit_stream_run(s, buf, len, on_msg, &c, rep, &e);
        if (!c.mismatch && c.next == c.presized)
            break;
        sg_free(c.act->alloc, c.desc_col);
        c.desc_col = NULL;
        c.n_desc_col = 0;
        sg_activity_free(c.act);
        c.act = NULL;
        c.sport_msg = c.sub_sport_msg = -1;
        c.have_creator = c.have_file_id = false;
        c.creator_sw = NAN;
        memset(c.cal, 0, sizeof c.cal);
    }
    if (!c.act) {
        rc = sg_err_set(&e, SG_EFORMAT, -1, "record count changed between passes");
        goto out;
    }
    if (rc && rep->errors == 0)
        goto out; /* our own failure (memory, limits), not the file's */
    if (rc && c.act->n == 0)
        goto out; /* damage before anything usable */
    rc = finish(&c, &e);
    if (rc)
        goto out;
    /* Session written before the final lap (Suunto Ambit 3): said here, the
     * figures come from the records anyway (docs/formats.md "Late
     * sessions"). */
    rep->late_session_s = sg_activity_late_session_s(c.act);
    *out = c.act;
    c.act = NULL;
out:
    if (rc && err)
        *err = e;
    sg_free(c.act ? c.act->alloc : a, c.desc_col);
    sg_activity_free(c.act);
    sg_fit_stream_free(s);
    return rc;
}

int sg_fit_sniff(const uint8_t *buf, size_t len)
{
    return len >= SG_FIT_HEADER_MIN && buf[0] >= SG_FIT_HEADER_MIN &&
           memcmp(buf + 8, ".FIT", 4) == 0;
}
