/* Streaming FIT reader (src/formats/fit_stream.h). The format is described
 * in the spec comment at the top of fit_decode.c; this file is the walk over
 * it. Design for speed: the whole file is in memory, the CRC of a section is
 * one table-driven pass, each definition is turned once into a "plan" (byte
 * offsets, element sizes, invalid-value rules, and for record messages the
 * list of fields the activity model wants with their scale/offset), and a
 * data message then costs a bounds check, a table lookup and the plan's
 * loads. Nothing is allocated per message. */
#include "formats/fit_stream.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formats/fit_profile.h"

#define COUNT_LO 1024          /* message numbers counted in a flat array */
#define COUNT_HI 64            /* distinct larger numbers (manufacturer-specific) */
#define DEV_INDEX_COUNT 256
#define DESC_KEYS (DEV_INDEX_COUNT * 256)   /* developer_data_index x field number */
#define NAME_SLOTS (2 * SG_FIT_MAX_DEV_DESC) /* open-addressing table of names */

/* Internal record slots beyond the public sg_fit_rec ones: legacy fields and
 * compressed sources, folded into the public slots after the plan ran. */
enum {
    X_ALT_LEGACY = SG_FIT_R_COUNT,
    X_SPEED_LEGACY,
    X_CSD,              /* compressed_speed_distance, 3 bytes: its speed */
    X_CSD_DISTANCE,     /* ... and its accumulated distance */
    X_CYCLES,
    X_CAP,              /* compressed_accumulated_power */
    X_COUNT
};

typedef struct plan_entry {
    uint16_t off;
    uint8_t slot;
    uint8_t bt;             /* base type number */
    uint8_t size;           /* element size in bytes */
    uint8_t kind;
    double scale, offset;   /* value = raw / scale - offset */
} plan_entry;

typedef struct fielddef {
    uint16_t off;
    uint8_t num, size, bt;  /* bt: full base type id (BYTE when misaligned) */
} fielddef;

typedef struct devfielddef {
    uint16_t off;
    uint8_t num, size, dev_index, bt;
    int32_t desc;           /* index in the description table, -1 unknown */
} devfielddef;

struct sg_fit_def {
    uint8_t defined;
    uint8_t big_endian;
    uint16_t global;
    uint8_t n_fields, n_dev, n_plan;
    uint32_t size;                  /* data bytes of one message */
    uint8_t index[256];             /* field number -> position + 1 */
    fielddef f[255];
    devfielddef d[255];
    plan_entry plan[X_COUNT];
};

typedef struct hi_count {
    uint16_t global;
    uint32_t count;
} hi_count;

struct sg_fit_stream {
    const sg_allocator *a;
    sg_fit_def defs[SG_FIT_LOCAL_COUNT];
    sg_fit_devdesc *desc;
    size_t n_desc, cap_desc;
    /* Constant-time lookups over the descriptions, so that a file of many
     * descriptions and many definitions decodes in linear time. Allocated
     * with the first description; -1 = empty. */
    int16_t *desc_at;               /* key (index << 8 | number) -> latest description */
    int16_t *name_at;               /* hash slot -> first description holding that name */
    uint8_t app_id[DEV_INDEX_COUNT][16];
    uint8_t has_app_id[DEV_INDEX_COUNT];
    uint8_t has_dev_id[DEV_INDEX_COUNT];
    uint32_t last_ts;
    bool have_ts;
    bool skim;                      /* count records only: no CRC, plans, callbacks */
    uint64_t acc_distance, acc_cycles, acc_power;
    uint32_t count_lo[COUNT_LO];
    hi_count count_hi[COUNT_HI];
    size_t n_hi;
};

/* ---- reading values ---------------------------------------------------- */

static inline uint64_t load(const uint8_t *p, unsigned n, int be)
{
    uint64_t v = 0;
    if (be) {
        for (unsigned i = 0; i < n; i++)
            v = v << 8 | p[i];
    } else {
        for (unsigned i = n; i-- > 0;)
            v = v << 8 | p[i];
    }
    return v;
}

/* Reads one element; false when it is the invalid sentinel. Hot path. */
static inline bool read_elem(const uint8_t *p, unsigned size, unsigned kind, int be,
                             double *out)
{
    uint64_t raw = load(p, size, be);
    unsigned bits = size * 8;
    uint64_t ones = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
    switch (kind) {
    case SG_FIT_K_UINT:
        if (raw == ones)
            return false;
        *out = (double)raw;
        return true;
    case SG_FIT_K_UINTZ:
        if (raw == 0)
            return false;
        *out = (double)raw;
        return true;
    case SG_FIT_K_SINT: {
        if (raw == ones >> 1)
            return false;
        int64_t s;
        if (bits < 64 && (raw >> (bits - 1)) & 1)
            s = (int64_t)(raw | ~ones);
        else
            s = (int64_t)raw;
        *out = (double)s;
        return true;
    }
    case SG_FIT_K_FLOAT:
        if (size == 4) {
            uint32_t u = (uint32_t)raw;
            float f;
            memcpy(&f, &u, sizeof f);
            if (isnan(f))
                return false;
            *out = f;
        } else {
            double d;
            memcpy(&d, &raw, sizeof d);
            if (isnan(d))
                return false;
            *out = d;
        }
        return true;
    default:
        return false;
    }
}

static inline uint32_t load16(const uint8_t *p, int be)
{
    return be ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

static inline uint32_t load32(const uint8_t *p, int be)
{
    return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
              : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

#define OP(kind, size) ((kind) << 4 | (size))

/* read_elem with the common (kind, size) pairs spelled out, for the record
 * plan: the switch on a precomputed op replaces the generic byte loop. */
static inline bool read_op(const uint8_t *p, unsigned op, int be, double *out)
{
    uint32_t u;
    switch (op) {
    case OP(SG_FIT_K_UINT, 1):
        if (p[0] == 0xFF)
            return false;
        *out = p[0];
        return true;
    case OP(SG_FIT_K_SINT, 1):
        if (p[0] == 0x7F)
            return false;
        *out = (int8_t)p[0];
        return true;
    case OP(SG_FIT_K_UINT, 2):
        u = load16(p, be);
        if (u == 0xFFFF)
            return false;
        *out = u;
        return true;
    case OP(SG_FIT_K_SINT, 2):
        u = load16(p, be);
        if (u == 0x7FFF)
            return false;
        *out = (int16_t)u;
        return true;
    case OP(SG_FIT_K_UINT, 4):
        u = load32(p, be);
        if (u == 0xFFFFFFFFu)
            return false;
        *out = u;
        return true;
    case OP(SG_FIT_K_SINT, 4):
        u = load32(p, be);
        if (u == 0x7FFFFFFFu)
            return false;
        *out = (int32_t)u;
        return true;
    default:
        return read_elem(p, op & 0xF, op >> 4, be, out);
    }
}

size_t sg_fit_view_count(const sg_fit_view *v)
{
    const sg_fit_base_type *bt = sg_fit_base_type_get(v->base_type);
    if (!bt)
        return 0;
    if (bt->kind == SG_FIT_K_STRING || bt->kind == SG_FIT_K_BYTE)
        return v->size ? 1 : 0;
    return v->size / bt->size;
}

bool sg_fit_view_num(const sg_fit_view *v, size_t k, double *out)
{
    const sg_fit_base_type *bt = sg_fit_base_type_get(v->base_type);
    if (!bt || bt->kind == SG_FIT_K_STRING || bt->kind == SG_FIT_K_BYTE)
        return false;
    if ((k + 1) * bt->size > v->size)
        return false;
    return read_elem(v->p + k * bt->size, bt->size, bt->kind, v->big_endian, out);
}

bool sg_fit_view_int(const sg_fit_view *v, size_t k, int64_t *out)
{
    const sg_fit_base_type *bt = sg_fit_base_type_get(v->base_type);
    if (!bt || bt->kind == SG_FIT_K_STRING || bt->kind == SG_FIT_K_BYTE ||
        bt->kind == SG_FIT_K_FLOAT)
        return false;
    if ((k + 1) * bt->size > v->size)
        return false;
    double d;
    if (!read_elem(v->p + k * bt->size, bt->size, bt->kind, v->big_endian, &d))
        return false;
    uint64_t raw = load(v->p + k * bt->size, bt->size, v->big_endian);
    /* signed types narrower than 64 bits were sign-extended into d exactly;
     * everything else keeps its bit pattern */
    *out = (bt->kind == SG_FIT_K_SINT && bt->size < 8) ? (int64_t)d : (int64_t)raw;
    return true;
}

size_t sg_fit_view_str(const sg_fit_view *v, char *buf, size_t cap)
{
    if (cap == 0)
        return 0;
    buf[0] = '\0';
    if ((v->base_type & SG_FIT_BT_NUM_MASK) != (SG_FIT_BT_STRING & SG_FIT_BT_NUM_MASK))
        return 0;
    size_t n = 0;
    while (n < v->size && v->p[n] != '\0')
        n++;
    if (n > cap - 1)
        n = cap - 1;
    memcpy(buf, v->p, n);
    buf[n] = '\0';
    return n;
}

bool sg_fit_view_invalid(const sg_fit_view *v)
{
    const sg_fit_base_type *bt = sg_fit_base_type_get(v->base_type);
    if (!bt)
        return true;
    if (bt->kind == SG_FIT_K_STRING)
        return v->size == 0 || v->p[0] == '\0';
    if (bt->kind == SG_FIT_K_BYTE) {
        for (size_t i = 0; i < v->size; i++)
            if (v->p[i] != 0xFF)
                return false;
        return true;
    }
    size_t n = v->size / bt->size;
    for (size_t k = 0; k < n; k++) {
        double d;
        if (read_elem(v->p + k * bt->size, bt->size, bt->kind, v->big_endian, &d))
            return false;
    }
    return true;
}

bool sg_fit_msg_field(const sg_fit_msg *m, uint8_t num, sg_fit_view *out)
{
    unsigned pos = m->def->index[num];
    if (!pos)
        return false;
    const fielddef *f = &m->def->f[pos - 1];
    out->p = m->data + f->off;
    out->size = f->size;
    out->base_type = f->bt;
    out->big_endian = m->def->big_endian;
    return true;
}

double sg_fit_msg_num(const sg_fit_msg *m, uint8_t num)
{
    sg_fit_view v;
    double d;
    if (sg_fit_msg_field(m, num, &v) && sg_fit_view_num(&v, 0, &d))
        return d;
    return NAN;
}

size_t sg_fit_msg_ndev(const sg_fit_msg *m) { return m->def->n_dev; }

const sg_fit_devdesc *sg_fit_msg_dev(const sg_fit_msg *m, size_t i, sg_fit_view *out)
{
    const devfielddef *d = &m->def->d[i];
    out->p = m->data + d->off;
    out->size = d->size;
    out->base_type = d->bt;
    out->big_endian = m->def->big_endian;
    return d->desc >= 0 ? &m->s->desc[d->desc] : NULL;
}

size_t sg_fit_stream_count_records(sg_fit_stream *s, const uint8_t *buf, size_t len)
{
    sg_fit_report rep;
    s->skim = true;
    sg_fit_stream_run(s, buf, len, NULL, NULL, &rep, NULL);
    s->skim = false;
    return rep.records;
}

uint64_t sg_fit_accumulate(uint64_t total, uint64_t raw, unsigned bits)
{
    uint64_t span = (uint64_t)1 << bits, mask = span - 1;
    uint64_t v = raw + (total & ~mask);
    if (raw < (total & mask))
        v += span;
    return v;
}

/* ---- stream state -------------------------------------------------------- */

static void reset_run(sg_fit_stream *s);

sg_fit_stream *sg_fit_stream_new(const sg_allocator *a)
{
    sg_fit_stream *s = sg_malloc(a, sizeof *s);
    if (!s)
        return NULL;
    /* Only the small state is cleared: the definition tables (most of the
     * ~90 KB) are written before they are read, and leaving them untouched
     * spares every decode their page faults. */
    s->a = a;
    s->desc = NULL;
    s->desc_at = s->name_at = NULL;
    s->n_desc = s->cap_desc = 0;
    s->skim = false;
    reset_run(s);
    return s;
}

void sg_fit_stream_free(sg_fit_stream *s)
{
    if (!s)
        return;
    sg_free(s->a, s->desc);
    sg_free(s->a, s->desc_at);
    sg_free(s->a, s->name_at);
    sg_free(s->a, s);
}

static void count_msg(sg_fit_stream *s, unsigned global)
{
    if (global < COUNT_LO) {
        s->count_lo[global]++;
        return;
    }
    for (size_t i = 0; i < s->n_hi; i++) {
        if (s->count_hi[i].global == global) {
            s->count_hi[i].count++;
            return;
        }
    }
    if (s->n_hi < COUNT_HI) {
        /* keep sorted for sg_fit_stream_next_count */
        size_t i = s->n_hi++;
        while (i > 0 && s->count_hi[i - 1].global > global) {
            s->count_hi[i] = s->count_hi[i - 1];
            i--;
        }
        s->count_hi[i].global = (uint16_t)global;
        s->count_hi[i].count = 1;
    }
}

size_t sg_fit_stream_count(const sg_fit_stream *s, unsigned global)
{
    if (global < COUNT_LO)
        return s->count_lo[global];
    for (size_t i = 0; i < s->n_hi; i++)
        if (s->count_hi[i].global == global)
            return s->count_hi[i].count;
    return 0;
}

bool sg_fit_stream_next_count(const sg_fit_stream *s, size_t *cursor, unsigned *global,
                              size_t *count)
{
    while (*cursor < COUNT_LO) {
        size_t g = (*cursor)++;
        if (s->count_lo[g]) {
            *global = (unsigned)g;
            *count = s->count_lo[g];
            return true;
        }
    }
    size_t i = *cursor - COUNT_LO;
    if (i < s->n_hi) {
        (*cursor)++;
        *global = s->count_hi[i].global;
        *count = s->count_hi[i].count;
        return true;
    }
    return false;
}

size_t sg_fit_stream_ndesc(const sg_fit_stream *s) { return s->n_desc; }

const sg_fit_devdesc *sg_fit_stream_desc(const sg_fit_stream *s, size_t i)
{
    return i < s->n_desc ? &s->desc[i] : NULL;
}

size_t sg_fit_devdesc_index(const sg_fit_stream *s, const sg_fit_devdesc *d)
{
    return (size_t)(d - s->desc);
}

/* ---- definitions ------------------------------------------------------ */

typedef struct rec_map {
    uint8_t num;
    uint8_t slot;
    double scale, offset;
} rec_map;

/* Record fields the plan extracts, with the profile's scale and offset. */
static const rec_map record_fields[] = {
    {SG_FIT_RECORD_POSITION_LAT, SG_FIT_R_LAT, 2147483648.0 / 180.0, 0},
    {SG_FIT_RECORD_POSITION_LONG, SG_FIT_R_LON, 2147483648.0 / 180.0, 0},
    {SG_FIT_RECORD_ALTITUDE, X_ALT_LEGACY, SG_FIT_SCALE_ALTITUDE, SG_FIT_OFFSET_ALTITUDE},
    {SG_FIT_RECORD_HEART_RATE, SG_FIT_R_HEART_RATE, 1, 0},
    {SG_FIT_RECORD_CADENCE, SG_FIT_R_CADENCE, 1, 0},
    {SG_FIT_RECORD_DISTANCE, SG_FIT_R_DISTANCE, SG_FIT_SCALE_DISTANCE, 0},
    {SG_FIT_RECORD_SPEED, X_SPEED_LEGACY, SG_FIT_SCALE_SPEED, 0},
    {SG_FIT_RECORD_POWER, SG_FIT_R_POWER, 1, 0},
    {SG_FIT_RECORD_COMPRESSED_SPEED_DISTANCE, X_CSD, 1, 0},
    {SG_FIT_RECORD_TEMPERATURE, SG_FIT_R_TEMPERATURE, 1, 0},
    {SG_FIT_RECORD_CYCLES, X_CYCLES, 1, 0},
    {SG_FIT_RECORD_TOTAL_CYCLES, SG_FIT_R_TOTAL_CYCLES, 1, 0},
    {SG_FIT_RECORD_COMPRESSED_ACCUMULATED_POWER, X_CAP, 1, 0},
    {SG_FIT_RECORD_ACCUMULATED_POWER, SG_FIT_R_ACCUMULATED_POWER, 1, 0},
    {SG_FIT_RECORD_VERTICAL_OSCILLATION, SG_FIT_R_VERTICAL_OSCILLATION,
     SG_FIT_SCALE_VERTICAL_OSCILLATION, 0},
    {SG_FIT_RECORD_STANCE_TIME, SG_FIT_R_STANCE_TIME, SG_FIT_SCALE_STANCE_TIME, 0},
    {SG_FIT_RECORD_FRACTIONAL_CADENCE, SG_FIT_R_FRACTIONAL_CADENCE,
     SG_FIT_SCALE_FRACTIONAL_CADENCE, 0},
    {SG_FIT_RECORD_ENHANCED_SPEED, SG_FIT_R_SPEED, SG_FIT_SCALE_SPEED, 0},
    {SG_FIT_RECORD_ENHANCED_ALTITUDE, SG_FIT_R_ALTITUDE, SG_FIT_SCALE_ALTITUDE,
     SG_FIT_OFFSET_ALTITUDE},
    {SG_FIT_RECORD_VERTICAL_RATIO, SG_FIT_R_VERTICAL_RATIO, SG_FIT_SCALE_PERCENT, 0},
    {SG_FIT_RECORD_STANCE_TIME_BALANCE, SG_FIT_R_STANCE_TIME_BALANCE, SG_FIT_SCALE_PERCENT, 0},
    {SG_FIT_RECORD_STEP_LENGTH, SG_FIT_R_STEP_LENGTH, SG_FIT_SCALE_STEP_LENGTH, 0},
};

static void build_record_plan(sg_fit_stream *s, sg_fit_def *d)
{
    d->n_plan = 0;
    for (size_t i = 0; i < sizeof record_fields / sizeof *record_fields; i++) {
        const rec_map *r = &record_fields[i];
        unsigned pos = d->index[r->num];
        if (!pos)
            continue;
        const fielddef *f = &d->f[pos - 1];
        const sg_fit_base_type *bt = sg_fit_base_type_get(f->bt);
        plan_entry *e = &d->plan[d->n_plan];
        e->off = f->off;
        e->slot = r->slot;
        e->bt = f->bt & SG_FIT_BT_NUM_MASK;
        e->scale = r->scale;
        e->offset = r->offset;
        if (r->slot == X_CSD) {
            /* a bit field: needs its 3 bytes whatever the declared type */
            if (f->size < 3)
                continue;
            e->size = 3;
            e->kind = SG_FIT_K_BYTE;
        } else {
            if (!bt || bt->kind == SG_FIT_K_STRING || bt->kind == SG_FIT_K_BYTE ||
                f->size < bt->size)
                continue;
            /* counters that accumulate must be unsigned integers */
            if ((r->slot == X_CYCLES || r->slot == X_CAP) && bt->kind != SG_FIT_K_UINT &&
                bt->kind != SG_FIT_K_UINTZ)
                continue;
            e->size = bt->size;
            e->kind = bt->kind;
        }
        d->n_plan++;
        /* a definition holding an accumulating source restarts its total */
        if (r->slot == X_CSD)
            s->acc_distance = 0;
        else if (r->slot == X_CYCLES)
            s->acc_cycles = 0;
        else if (r->slot == X_CAP)
            s->acc_power = 0;
    }
}

static size_t desc_key(uint8_t dev_index, uint8_t num) { return (size_t)dev_index << 8 | num; }

/* The latest description of (dev_index, num), or -1. Constant time. */
static int find_desc(const sg_fit_stream *s, uint8_t dev_index, uint8_t num)
{
    return s->desc_at ? s->desc_at[desc_key(dev_index, num)] : -1;
}

/* Reads a definition message at buf[p] (header byte included). */
static int parse_def(sg_fit_stream *s, const uint8_t *buf, size_t p, size_t end, size_t *next,
                     sg_err *err)
{
    uint8_t h = buf[p];
    size_t q = p + 1;
    if (end - q < 5)
        return sg_err_set(err, SG_ETRUNC, (long long)p, "truncated definition message");
    uint8_t arch = buf[q + 1];
    if (arch > SG_FIT_ARCH_BIG)
        return sg_err_set(err, SG_EFORMAT, (long long)(q + 1),
                          "definition message with architecture %u (not 0 or 1)", arch);
    int be = arch == SG_FIT_ARCH_BIG;
    uint16_t global = (uint16_t)load(buf + q + 2, 2, be);
    uint8_t nf = buf[q + 4];
    q += 5;
    if (end - q < (size_t)nf * 3)
        return sg_err_set(err, SG_ETRUNC, (long long)p, "truncated definition message");
    sg_fit_def *d = &s->defs[h & SG_FIT_HDR_LOCAL_MASK];
    d->defined = 0;
    memset(d->index, 0, sizeof d->index);
    d->global = global;
    d->big_endian = (uint8_t)be;
    d->n_fields = nf;
    d->n_dev = 0;
    d->n_plan = 0;
    uint32_t off = 0;
    for (unsigned i = 0; i < nf; i++, q += 3) {
        fielddef *f = &d->f[i];
        f->num = buf[q];
        f->size = buf[q + 1];
        f->bt = buf[q + 2];
        f->off = (uint16_t)off;
        const sg_fit_base_type *bt = sg_fit_base_type_get(f->bt);
        /* an element size that does not divide the field, an unknown type,
         * or a field of no bytes at all (0 is a multiple of every size, but
         * holds no element), leaves only the bytes (as the reference decoder
         * does); every typed read below relies on size >= element size */
        if (!bt || f->size == 0 || f->size % bt->size != 0)
            f->bt = SG_FIT_BT_BYTE;
        if (!d->index[f->num])
            d->index[f->num] = (uint8_t)(i + 1);
        off += f->size;
    }
    if (h & SG_FIT_HDR_DEV_DATA) {
        if (end - q < 1)
            return sg_err_set(err, SG_ETRUNC, (long long)p, "truncated definition message");
        uint8_t nd = buf[q++];
        if (end - q < (size_t)nd * 3)
            return sg_err_set(err, SG_ETRUNC, (long long)p, "truncated definition message");
        for (unsigned i = 0; i < nd; i++, q += 3) {
            devfielddef *df = &d->d[i];
            df->num = buf[q];
            df->size = buf[q + 1];
            df->dev_index = buf[q + 2];
            df->off = (uint16_t)off;
            df->desc = s->skim ? -1 : find_desc(s, df->dev_index, df->num);
            df->bt = SG_FIT_BT_BYTE;
            if (df->desc >= 0) {
                const sg_fit_base_type *bt = sg_fit_base_type_get(s->desc[df->desc].base_type);
                if (bt && df->size != 0 && df->size % bt->size == 0)
                    df->bt = bt->id;
            }
            off += df->size;
        }
        d->n_dev = nd;
    }
    d->size = off;
    if (global == SG_FIT_MESG_RECORD && !s->skim)
        build_record_plan(s, d);
    d->defined = 1;
    *next = q;
    return SG_OK;
}

/* ---- developer data ----------------------------------------------------- */

/* A field value used as a byte-sized number (an index, a field number, a
 * base type): false unless 0..255, whatever type the file declared. */
static bool byte_value(double v, uint8_t *out)
{
    if (!(v >= 0 && v <= 255))
        return false;
    *out = (uint8_t)v;
    return true;
}

static void on_developer_data_id(sg_fit_stream *s, const sg_fit_msg *m)
{
    uint8_t i;
    if (!byte_value(sg_fit_msg_num(m, SG_FIT_DEV_ID_DEVELOPER_DATA_INDEX), &i))
        return;
    s->has_dev_id[i] = 1;
    s->has_app_id[i] = 0;
    sg_fit_view v;
    if (sg_fit_msg_field(m, SG_FIT_DEV_ID_APPLICATION_ID, &v) && v.size >= 16 &&
        !sg_fit_view_invalid(&v)) {
        memcpy(s->app_id[i], v.p, 16);
        s->has_app_id[i] = 1;
    }
}

/* The slot of `name` in the name table: where it is, or the empty slot where
 * it would go (the table has twice as many slots as descriptions). */
static size_t name_slot(const sg_fit_stream *s, const char *name)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const char *c = name; *c; c++)
        h = (h ^ (uint8_t)*c) * 16777619u;
    for (size_t i = h % NAME_SLOTS;; i = (i + 1) % NAME_SLOTS) {
        int16_t j = s->name_at[i];
        if (j < 0 || strcmp(s->desc[j].name, name) == 0)
            return i;
    }
}

static int on_field_description(sg_fit_stream *s, const sg_fit_msg *m, sg_err *err)
{
    uint8_t idx, num, bt;
    if (!byte_value(sg_fit_msg_num(m, SG_FIT_FDESC_DEVELOPER_DATA_INDEX), &idx) ||
        !byte_value(sg_fit_msg_num(m, SG_FIT_FDESC_FIELD_DEFINITION_NUMBER), &num))
        return SG_OK; /* describes nothing addressable */
    if (!byte_value(sg_fit_msg_num(m, SG_FIT_FDESC_FIT_BASE_TYPE_ID), &bt))
        bt = SG_FIT_BT_BYTE;
    if (!s->desc_at) {
        s->desc_at = sg_realloc_array(s->a, NULL, DESC_KEYS, sizeof *s->desc_at);
        s->name_at = sg_realloc_array(s->a, NULL, NAME_SLOTS, sizeof *s->name_at);
        if (!s->desc_at || !s->name_at) {
            sg_free(s->a, s->desc_at);
            sg_free(s->a, s->name_at);
            s->desc_at = s->name_at = NULL;
            return sg_err_set(err, SG_ENOMEM, (long long)m->offset,
                              "out of memory for developer field descriptions");
        }
        memset(s->desc_at, 0xFF, DESC_KEYS * sizeof *s->desc_at);
        memset(s->name_at, 0xFF, NAME_SLOTS * sizeof *s->name_at);
    }
    if (s->n_desc == s->cap_desc) {
        if (s->cap_desc >= SG_FIT_MAX_DEV_DESC)
            return sg_err_set(err, SG_ELIMIT, (long long)m->offset,
                              "more than %d developer field descriptions", SG_FIT_MAX_DEV_DESC);
        size_t nc = s->cap_desc ? s->cap_desc * 2 : 16;
        sg_fit_devdesc *nd = sg_realloc_array(s->a, s->desc, nc, sizeof *nd);
        if (!nd)
            return sg_err_set(err, SG_ENOMEM, (long long)m->offset,
                              "out of memory for developer field descriptions");
        s->desc = nd;
        s->cap_desc = nc;
    }
    sg_fit_devdesc *d = &s->desc[s->n_desc];
    memset(d, 0, sizeof *d);
    d->dev_index = idx;
    d->num = num;
    d->base_type = bt;
    d->has_app_id = s->has_app_id[d->dev_index];
    if (d->has_app_id)
        memcpy(d->app_id, s->app_id[d->dev_index], 16);
    double sc = sg_fit_msg_num(m, SG_FIT_FDESC_SCALE);
    double of = sg_fit_msg_num(m, SG_FIT_FDESC_OFFSET);
    d->scale = sc;
    d->offset = of;
    uint8_t nat;
    d->native_field = byte_value(sg_fit_msg_num(m, SG_FIT_FDESC_NATIVE_FIELD_NUM), &nat) ? nat : -1;
    sg_fit_view v;
    /* 8 bytes short of d->name: room for the "#<field number>" below */
    char name[SG_FIT_DEV_NAME_MAX - 8];
    name[0] = '\0';
    if (sg_fit_msg_field(m, SG_FIT_FDESC_FIELD_NAME, &v))
        sg_fit_view_str(&v, name, sizeof name);
    if (!name[0])
        snprintf(name, sizeof name, "unnamed_dev_field_%hhu", d->num);
    if (sg_fit_msg_field(m, SG_FIT_FDESC_UNITS, &v))
        sg_fit_view_str(&v, d->units, sizeof d->units);
    /* Names are the columns' keys, so two different fields (two sensors of
     * one kind) must not share one: the later gets "#<field number>". The
     * name table remembers the first field to hold each name. */
    size_t slot = name_slot(s, name);
    int16_t owner = s->name_at[slot];
    if (owner >= 0 && (s->desc[owner].dev_index != idx || s->desc[owner].num != num)) {
        snprintf(d->name, sizeof d->name, "%s#%hhu", name, d->num);
        slot = name_slot(s, d->name);
    } else {
        memcpy(d->name, name, sizeof name);
    }
    if (s->name_at[slot] < 0)
        s->name_at[slot] = (int16_t)s->n_desc;
    s->desc_at[desc_key(idx, num)] = (int16_t)s->n_desc;
    s->n_desc++;
    return SG_OK;
}

/* ---- records -------------------------------------------------------------- */

static void run_record_plan(sg_fit_stream *s, const sg_fit_def *d, const uint8_t *data,
                            double *out)
{
    double x[X_COUNT];
    for (int i = 0; i < X_COUNT; i++)
        x[i] = NAN;
    int be = d->big_endian;
    for (unsigned i = 0; i < d->n_plan; i++) {
        const plan_entry *e = &d->plan[i];
        const uint8_t *p = data + e->off;
        if (e->slot == X_CSD) {
            if (p[0] == 0xFF && p[1] == 0xFF && p[2] == 0xFF)
                continue;
            /* bit field over the bytes in file order (not the architecture) */
            uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
            uint32_t sp = v & ((1u << SG_FIT_CSD_SPEED_BITS) - 1);
            uint32_t di = (v >> SG_FIT_CSD_SPEED_BITS) & ((1u << SG_FIT_CSD_DISTANCE_BITS) - 1);
            s->acc_distance = sg_fit_accumulate(s->acc_distance, di, SG_FIT_CSD_DISTANCE_BITS);
            x[X_CSD] = (double)sp / SG_FIT_CSD_SPEED_SCALE;
            x[X_CSD_DISTANCE] = (double)s->acc_distance / SG_FIT_CSD_DISTANCE_SCALE;
            continue;
        }
        double v;
        if (!read_op(p, OP(e->kind, e->size), be, &v))
            continue;
        if (e->slot == X_CYCLES) {
            s->acc_cycles = sg_fit_accumulate(s->acc_cycles, (uint64_t)v, SG_FIT_CYCLES_BITS);
            x[X_CYCLES] = (double)s->acc_cycles;
            continue;
        }
        if (e->slot == X_CAP) {
            s->acc_power = sg_fit_accumulate(s->acc_power, (uint64_t)v, SG_FIT_ACC_POWER_BITS);
            x[X_CAP] = (double)s->acc_power;
            continue;
        }
        if (e->scale != 1)
            v = v / e->scale;
        if (e->offset != 0)
            v = v - e->offset;
        x[e->slot] = v;
    }
    /* Components: a field's own value wins; the legacy or compressed source
     * fills it only when the file did not give it. */
    if (isnan(x[SG_FIT_R_ALTITUDE]))
        x[SG_FIT_R_ALTITUDE] = x[X_ALT_LEGACY];
    if (isnan(x[SG_FIT_R_SPEED]))
        x[SG_FIT_R_SPEED] = isnan(x[X_SPEED_LEGACY]) ? x[X_CSD] : x[X_SPEED_LEGACY];
    if (isnan(x[SG_FIT_R_DISTANCE]))
        x[SG_FIT_R_DISTANCE] = x[X_CSD_DISTANCE];
    if (isnan(x[SG_FIT_R_TOTAL_CYCLES]))
        x[SG_FIT_R_TOTAL_CYCLES] = x[X_CYCLES];
    if (isnan(x[SG_FIT_R_ACCUMULATED_POWER]))
        x[SG_FIT_R_ACCUMULATED_POWER] = x[X_CAP];
    memcpy(out, x, SG_FIT_R_COUNT * sizeof *out);
}

/* ---- the walk ------------------------------------------------------------- */

static void reset_section(sg_fit_stream *s)
{
    for (int i = 0; i < SG_FIT_LOCAL_COUNT; i++)
        s->defs[i].defined = 0;
    s->have_ts = false;
    s->last_ts = 0;
    s->acc_distance = s->acc_cycles = s->acc_power = 0;
}

static void reset_run(sg_fit_stream *s)
{
    reset_section(s);
    /* empties the lookups in time proportional to what the last run put there */
    if (s->desc_at)
        for (size_t i = 0; i < s->n_desc; i++)
            s->desc_at[desc_key(s->desc[i].dev_index, s->desc[i].num)] = -1;
    if (s->name_at && s->n_desc)
        memset(s->name_at, 0xFF, NAME_SLOTS * sizeof *s->name_at);
    s->n_desc = 0;
    memset(s->has_app_id, 0, sizeof s->has_app_id);
    memset(s->has_dev_id, 0, sizeof s->has_dev_id);
    memset(s->count_lo, 0, sizeof s->count_lo);
    s->n_hi = 0;
}

static const char *mesg_label(unsigned global, char *buf, size_t cap)
{
    const char *n = sg_fit_mesg_name(global);
    if (n)
        return n;
    snprintf(buf, cap, "unknown_%u", global);
    return buf;
}

/* Decodes the messages of one section in buf[p, end). `declared_end` is where
 * the header says the data ends (> end when the file is cut short). */
static int walk_messages(sg_fit_stream *s, const uint8_t *buf, size_t p, size_t end,
                         size_t declared_end, size_t section, sg_fit_msg_fn fn, void *ctx,
                         sg_fit_report *rep, bool *cb_stop, sg_err *err)
{
    double rec[SG_FIT_R_COUNT];
    while (p < end) {
        uint8_t h = buf[p];
        unsigned local;
        bool cts = false;
        uint32_t cts_off = 0;
        if (h & SG_FIT_HDR_COMPRESSED) {
            cts = true;
            local = (h >> SG_FIT_CTS_LOCAL_SHIFT) & SG_FIT_CTS_LOCAL_MASK;
            cts_off = h & SG_FIT_CTS_OFFSET_MASK;
        } else if (h & SG_FIT_HDR_DEFINITION) {
            size_t next = p;
            int rc = parse_def(s, buf, p, end, &next, err);
            if (rc) {
                if (rc == SG_ETRUNC && end == declared_end)
                    return sg_err_set(err, SG_EFORMAT, (long long)p,
                                      "definition message runs past the end of the data");
                return rc;
            }
            p = next;
            continue;
        } else {
            local = h & SG_FIT_HDR_LOCAL_MASK;
        }
        const sg_fit_def *d = &s->defs[local];
        if (!d->defined)
            return sg_err_set(err, SG_EFORMAT, (long long)p,
                              "data message for undefined local message type %u", local);
        if (end - p - 1 < d->size) {
            char lb[32];
            if (end == declared_end)
                return sg_err_set(err, SG_EFORMAT, (long long)p,
                                  "a message (%s) runs past the end of the data",
                                  mesg_label(d->global, lb, sizeof lb));
            return sg_err_set(err, SG_ETRUNC, (long long)p, "file ends inside a message (%s)",
                              mesg_label(d->global, lb, sizeof lb));
        }
        if (s->skim) {
            if (d->global == SG_FIT_MESG_RECORD && rep)
                rep->records++;
            p += 1 + d->size;
            continue;
        }
        sg_fit_msg m;
        m.global = d->global;
        m.local = (uint8_t)local;
        m.compressed_ts = cts;
        m.offset = p;
        m.section = section;
        m.def = d;
        m.data = buf + p + 1;
        m.s = s;
        m.rec = NULL;
        m.has_ts = false;
        m.ts = 0;
        unsigned tpos = d->index[SG_FIT_FIELD_TIMESTAMP];
        double tsv;
        if (tpos && d->f[tpos - 1].size >= 4 &&
            read_op(m.data + d->f[tpos - 1].off, OP(SG_FIT_K_UINT, 4), d->big_endian, &tsv)) {
            m.ts = (uint32_t)tsv;
            m.has_ts = true;
            s->last_ts = m.ts;
            s->have_ts = true;
        } else if (cts) {
            uint32_t t = (uint32_t)sg_fit_accumulate(s->last_ts, cts_off, 5);
            s->last_ts = t;
            m.ts = t;
            m.has_ts = s->have_ts;
        }
        count_msg(s, d->global);
        if (rep)
            rep->messages++;
        if (d->global == SG_FIT_MESG_RECORD) {
            run_record_plan(s, d, m.data, rec);
            rec[SG_FIT_R_TIMESTAMP] = m.has_ts ? (double)m.ts : NAN;
            m.rec = rec;
            if (rep)
                rep->records++;
        } else if (d->global == SG_FIT_MESG_DEVELOPER_DATA_ID) {
            on_developer_data_id(s, &m);
        } else if (d->global == SG_FIT_MESG_FIELD_DESCRIPTION) {
            int rc = on_field_description(s, &m, err);
            if (rc)
                return rc;
        }
        if (fn) {
            int rc = fn(ctx, &m, err);
            if (rc) {
                *cb_stop = true;
                return rc;
            }
        }
        p += 1 + d->size;
    }
    return SG_OK;
}

int sg_fit_stream_run(sg_fit_stream *s, const uint8_t *buf, size_t len, sg_fit_msg_fn fn,
                      void *ctx, sg_fit_report *rep, sg_err *err)
{
    sg_err local_err;
    if (!err)
        err = &local_err;
    sg_err_clear(err);
    if (rep) {
        memset(rep, 0, sizeof *rep);
        rep->bytes = len;
        sg_err_clear(&rep->first_error);
    }
    reset_run(s);
    int rc = SG_OK;
    bool cb_stop = false;
    size_t pos = 0;
    size_t section = 0;
    while (pos < len) {
        size_t left = len - pos;
        if (left < SG_FIT_HEADER_MIN || memcmp(buf + pos + 8, ".FIT", 4) != 0 ||
            buf[pos] < SG_FIT_HEADER_MIN) {
            if (left >= SG_FIT_HEADER_MIN && memcmp(buf + pos + 8, ".FIT", 4) == 0)
                rc = sg_err_set(err, SG_EFORMAT, (long long)pos, "FIT header size %u < 12",
                                buf[pos]);
            else if (section == 0 || left >= SG_FIT_HEADER_MIN)
                rc = sg_err_set(err, SG_EFORMAT, (long long)pos, "not a FIT file header");
            else
                rc = sg_err_set(err, SG_ETRUNC, (long long)pos,
                                "%zu stray bytes after the last FIT file", left);
            goto out;
        }
        size_t hs = buf[pos];
        if (hs > left) {
            rc = sg_err_set(err, SG_ETRUNC, (long long)pos, "file ends inside the FIT header");
            goto out;
        }
        uint32_t data_size = (uint32_t)load(buf + pos + 4, 4, 0);
        if (hs >= SG_FIT_HEADER_WITH_CRC && !s->skim) {
            uint16_t hcrc = (uint16_t)load(buf + pos + 12, 2, 0);
            uint16_t calc = sg_fit_crc16(0, buf + pos, SG_FIT_HEADER_MIN);
            if (hcrc != 0 && hcrc != calc) {
                rc = sg_err_set(err, SG_ECRC, (long long)(pos + 12),
                                "header CRC mismatch (computed 0x%04X, stored 0x%04X)", calc,
                                hcrc);
                goto out;
            }
        }
        reset_section(s);
        size_t data_start = pos + hs;
        size_t declared_end = data_start + (size_t)data_size;
        bool complete = declared_end <= len && len - declared_end >= SG_FIT_CRC_SIZE;
        size_t end = declared_end <= len ? declared_end : len;
        if (rep)
            rep->sections++;
        rc = walk_messages(s, buf, data_start, end, declared_end, section, fn, ctx, rep,
                           &cb_stop, err);
        if (rc)
            goto out;
        if (!complete) {
            if (declared_end > len)
                rc = sg_err_set(err, SG_ETRUNC, (long long)len,
                                "file ends %zu bytes before the end its header declares",
                                declared_end + SG_FIT_CRC_SIZE - len);
            else
                rc = sg_err_set(err, SG_ETRUNC, (long long)len, "file CRC missing");
            goto out;
        }
        uint16_t stored = (uint16_t)load(buf + declared_end, 2, 0);
        uint16_t calc = s->skim ? stored : sg_fit_crc16(0, buf + pos, declared_end - pos);
        if (stored != calc) {
            rc = sg_err_set(err, SG_ECRC, (long long)declared_end,
                            "file CRC mismatch (computed 0x%04X, stored 0x%04X)", calc, stored);
            goto out;
        }
        pos = declared_end + SG_FIT_CRC_SIZE;
        section++;
    }
out:
    if (rc && rep && !cb_stop) {
        rep->errors++;
        rep->first_error = *err;
    }
    return rc;
}
