/* IMU CSV reader.
 *
 * Layout (one recording per file, text, UTF-8 or ASCII, optional BOM):
 *
 *   [preamble]   lines starting with '#', or holding "frequency" (Xsens MT
 *                Manager: "Acquisition frequency: 100 Hz" -> the rate of a
 *                counter-only file)
 *   header       column names, optionally quoted ("Time (s)")
 *   rows         one sample per line, the same field count as the header
 *
 * Separator: the most frequent of tab / ';' / ',' in the header line. With tab
 * or ';' a decimal comma is accepted (phyphox offers "decimal comma" exports).
 *
 * Columns are recognised by name (case-insensitive) unless --columns names
 * them in order (t, ax, ay, az, gx, gy, gz; "-" skips a column):
 *   time:   "Time (s)" (phyphox, s from start), "System_Timestamp..." / names
 *           with "timestamp" or "(ms)" (Shimmer, ms), "date_time" / ISO-8601
 *           values (ActiGraph via R, UTC), "PacketCounter" (Xsens: a counter,
 *           time = counter / rate), "t".
 *   accel:  "Acceleration x (m/s^2)" (phyphox with g), "Linear Acceleration x"
 *           (phyphox without g: refused later, gravity is needed), "Acc_X"
 *           (Xsens, m/s^2), "Accel_LN_X" (Shimmer, m/s^2), bare "x,y,z"
 *           (ActiGraph, g), "ax".
 *   gyro:   "Gyroscope x (rad/s)" (phyphox), "Gyr_X" (Xsens, rad/s), "gx".
 *   Magnitude ("Absolute acceleration"), magnetometer and other columns are
 *   skipped. Units in parentheses are honoured: (g), (m/s^2), (rad/s),
 *   (deg/s), (s), (ms). Unknown acceleration units are decided from gravity
 *   (sg_imu_csv_build); unknown gyroscope units default to rad/s and are
 *   checked for plausibility.
 *
 * Every value must be a finite number: "NaN", empty cells and text are errors
 * with their line and column, never silently skipped. Time must strictly
 * increase. Rows are bounded by SG_IMU_MAX_SAMPLES, fields per row by
 * MAX_FIELDS, field length by MAX_FIELD. */
#include "formats/imu_csv.h"
#include "strideguard/civil.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 64
#define MAX_FIELD 63

enum role { R_SKIP = 0, R_T, R_AX, R_AY, R_AZ, R_GX, R_GY, R_GZ };

typedef struct field {
    size_t s, e; /* byte range in buf, quotes stripped */
} field;

typedef struct colinfo {
    int role[MAX_FIELDS];
    int nf;                       /* expected fields per row */
    sg_imu_time_unit tu;
    sg_imu_acc_unit au;
    sg_imu_gyr_unit gu;
    bool linear;
    const char *source;
} colinfo;

int sg_imu_acc_unit_parse(const char *s)
{
    if (!strcmp(s, "g"))
        return SG_ACC_G;
    if (!strcmp(s, "mps2") || !strcmp(s, "m/s^2") || !strcmp(s, "m/s2"))
        return SG_ACC_MPS2;
    return -1;
}

int sg_imu_gyr_unit_parse(const char *s)
{
    if (!strcmp(s, "dps") || !strcmp(s, "deg/s"))
        return SG_GYR_DPS;
    if (!strcmp(s, "rads") || !strcmp(s, "rad/s"))
        return SG_GYR_RADS;
    return -1;
}

int sg_imu_time_unit_parse(const char *s)
{
    if (!strcmp(s, "s"))
        return SG_TIME_S;
    if (!strcmp(s, "ms"))
        return SG_TIME_MS;
    if (!strcmp(s, "iso"))
        return SG_TIME_ISO;
    return -1;
}

void sg_imu_csv_dispose(const sg_allocator *a, sg_imu_csv *c)
{
    sg_free(a, c->t);
    for (int k = 0; k < 3; k++) {
        sg_free(a, c->acc[k]);
        sg_free(a, c->gyr[k]);
    }
    memset(c, 0, sizeof *c);
}

/* --- lines and fields --- */

static bool next_line(const char *b, size_t len, size_t *pos, size_t *ls, size_t *le)
{
    if (*pos >= len)
        return false;
    size_t s = *pos, e = s;
    while (e < len && b[e] != '\n')
        e++;
    *pos = e < len ? e + 1 : e;
    if (e > s && b[e - 1] == '\r')
        e--;
    *ls = s;
    *le = e;
    return true;
}

static bool blank(const char *b, size_t s, size_t e)
{
    for (; s < e; s++)
        if (!isspace((unsigned char)b[s]))
            return false;
    return true;
}

/* Splits [s,e) at sep; strips surrounding spaces and one pair of double
 * quotes. Returns the field count or -1 when there are too many. */
static int split(const char *b, size_t s, size_t e, char sep, field *f)
{
    int n = 0;
    size_t p = s;
    for (;;) {
        size_t q = p;
        bool inq = false;
        while (q < e && (inq || b[q] != sep)) {
            if (b[q] == '"')
                inq = !inq;
            q++;
        }
        if (n >= MAX_FIELDS)
            return -1;
        size_t fs = p, fe = q;
        while (fs < fe && isspace((unsigned char)b[fs]))
            fs++;
        while (fe > fs && isspace((unsigned char)b[fe - 1]))
            fe--;
        if (fe - fs >= 2 && b[fs] == '"' && b[fe - 1] == '"') {
            fs++;
            fe--;
        }
        f[n].s = fs;
        f[n].e = fe;
        n++;
        if (q >= e)
            break;
        p = q + 1;
    }
    return n;
}

static char pick_sep(const char *b, size_t s, size_t e)
{
    size_t tabs = 0, semis = 0, commas = 0;
    for (size_t i = s; i < e; i++) {
        tabs += b[i] == '\t';
        semis += b[i] == ';';
        commas += b[i] == ',';
    }
    if (tabs && tabs >= semis)
        return '\t';
    if (semis)
        return ';';
    return commas ? ',' : '\t';
}

/* Copies a field into a NUL-terminated buffer; false when too long. */
static bool field_str(const char *b, const field *f, char *out, bool decimal_comma)
{
    size_t n = f->e - f->s;
    if (n > MAX_FIELD)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = b[f->s + i];
        out[i] = (decimal_comma && c == ',') ? '.' : c;
    }
    out[n] = '\0';
    return true;
}

static int parse_num(const char *b, const field *f, bool dc, double *v)
{
    char tmp[MAX_FIELD + 1];
    if (f->e == f->s)
        return 1; /* empty */
    if (!field_str(b, f, tmp, dc))
        return 2;
    char *end;
    *v = strtod(tmp, &end);
    if (end == tmp || *end != '\0')
        return 2;
    if (!isfinite(*v))
        return 3;
    return 0;
}

/* --- ISO-8601 time --- */

/* An ISO-8601 time -> s since epoch (UTC), by the decoders' one parser
 * (sg_civil_iso8601). */
static int parse_iso(const char *b, const field *f, double *out)
{
    char s[MAX_FIELD + 1];
    return field_str(b, f, s, false) && sg_civil_iso8601(s, out) ? 0 : -1;
}

/* --- header recognition --- */

static bool has(const char *s, const char *w) { return strstr(s, w) != NULL; }

/* "name (unit)" -> n = "name ", unit = "unit", for the brackets open and
 * close (an unclosed one runs to the end). false when n has no open. */
static bool split_unit(char *n, char open, char close, char *unit)
{
    char *o = strchr(n, open);
    if (!o)
        return false;
    char *c = strchr(o, close);
    size_t ul = c ? (size_t)(c - o - 1) : strlen(o + 1);
    memcpy(unit, o + 1, ul);
    unit[ul] = '\0';
    *o = '\0';
    return true;
}

/* Classifies one header cell. */
static void classify(const char *raw, colinfo *ci, int idx)
{
    char n[MAX_FIELD + 1], unit[MAX_FIELD + 1] = "";
    size_t k = 0;
    for (; raw[k] && k < MAX_FIELD; k++)
        n[k] = (char)tolower((unsigned char)raw[k]);
    n[k] = '\0';
    if (!split_unit(n, '(', ')', unit))
        split_unit(n, '[', ']', unit);
    size_t L = strlen(n);
    while (L && (isspace((unsigned char)n[L - 1]) || n[L - 1] == '_'))
        n[--L] = '\0';
    ci->role[idx] = R_SKIP;
    if (L == 0)
        return;
    if (has(n, "mag") || has(n, "absolute") || has(n, "norm") || has(n, "temp") ||
        has(n, "quat") || has(n, "roll") || has(n, "pitch") || has(n, "yaw") || has(n, "vm"))
        return;
    char last = n[L - 1];
    if (last == 'x' || last == 'y' || last == 'z') {
        int axis = last - 'x';
        char pre[MAX_FIELD + 1];
        memcpy(pre, n, L - 1);
        pre[L - 1] = '\0';
        size_t pl = strlen(pre);
        while (pl && (pre[pl - 1] == ' ' || pre[pl - 1] == '_' || pre[pl - 1] == '-' ||
                      pre[pl - 1] == '.'))
            pre[--pl] = '\0';
        bool prev_alpha = L >= 2 && isalpha((unsigned char)n[L - 2]) && pl == L - 1;
        int kind = 0; /* 1 acc, 2 gyr */
        if (pl == 0)
            kind = 1;
        else if (!strcmp(pre, "a") || has(pre, "acc"))
            kind = 1;
        else if (!strcmp(pre, "g") || has(pre, "gyr") || has(pre, "angular") ||
                 has(pre, "rot"))
            kind = 2;
        if (prev_alpha && pl > 1 && !has(pre, "acc") && !has(pre, "gyr"))
            kind = 0; /* a word that merely ends in x/y/z ("index") */
        if (kind == 1) {
            if (ci->role[0] == R_SKIP) { /* keep scanning */
            }
            ci->role[idx] = R_AX + axis;
            if (has(pre, "linear"))
                ci->linear = true;
            if (!strcmp(unit, "g"))
                ci->au = SG_ACC_G;
            else if (has(unit, "m/s"))
                ci->au = SG_ACC_MPS2;
            if (has(pre, "accel_ln") || has(pre, "accel_wr"))
                ci->source = "shimmer";
            else if (!strcmp(pre, "acc"))
                ci->source = "xsens";
            else if (has(pre, "acceleration"))
                ci->source = "phyphox";
            return;
        }
        if (kind == 2) {
            ci->role[idx] = R_GX + axis;
            if (has(unit, "rad"))
                ci->gu = SG_GYR_RADS;
            else if (has(unit, "deg") || has(unit, "dps") || has(unit, "/s"))
                ci->gu = has(unit, "rad") ? SG_GYR_RADS : SG_GYR_DPS;
            return;
        }
    }
    if (!strcmp(n, "t") || has(n, "time") || has(n, "date")) {
        ci->role[idx] = R_T;
        if (!strcmp(unit, "ms") || has(n, "_ms") || has(n, " ms") || has(n, "millis") ||
            has(n, "timestamp"))
            ci->tu = SG_TIME_MS;
        else if (!strcmp(unit, "s"))
            ci->tu = SG_TIME_S;
        else if (has(n, "date"))
            ci->tu = SG_TIME_ISO;
        if (has(n, "system_timestamp"))
            ci->source = "shimmer";
        return;
    }
    if (has(n, "packetcounter") || !strcmp(n, "sample") || !strcmp(n, "counter")) {
        ci->role[idx] = R_T;
        ci->tu = SG_TIME_INDEX;
        ci->source = "xsens";
    }
}

/* --columns "t,ax,ay,az,gx,gy,gz" */
static int parse_columns(const char *spec, colinfo *ci, sg_err *err)
{
    static const char *names[] = {"-", "t", "ax", "ay", "az", "gx", "gy", "gz"};
    int n = 0;
    const char *p = spec;
    while (*p) {
        const char *q = p;
        while (*q && *q != ',')
            q++;
        size_t L = (size_t)(q - p);
        int role = -1;
        for (int r = 0; r < 8; r++)
            if (strlen(names[r]) == L && !strncmp(p, names[r], L))
                role = r;
        if (L == 4 && !strncmp(p, "skip", 4))
            role = R_SKIP;
        if (role < 0)
            return sg_err_set(err, SG_EUSAGE, -1,
                              "--columns: unknown name '%.*s' (use t, ax, ay, az, gx, gy, gz or -)",
                              (int)(L > 20 ? 20 : L), p);
        if (n >= MAX_FIELDS)
            return sg_err_set(err, SG_EUSAGE, -1, "--columns: more than %d columns", MAX_FIELDS);
        for (int k = 0; k < n; k++)
            if (role != R_SKIP && ci->role[k] == role)
                return sg_err_set(err, SG_EUSAGE, -1, "--columns: '%s' named twice", names[role]);
        ci->role[n++] = role;
        p = *q ? q + 1 : q;
    }
    ci->nf = n;
    return SG_OK;
}

/* --- rows --- */

typedef struct rows {
    size_t n, cap;
    double *v[7]; /* t, ax, ay, az, gx, gy, gz */
} rows;

static int rows_grow(const sg_allocator *a, rows *r, sg_err *err)
{
    if (r->n < r->cap)
        return SG_OK;
    if (r->cap >= SG_IMU_MAX_SAMPLES)
        return sg_err_set(err, SG_ELIMIT, -1, "more than %zu rows", SG_IMU_MAX_SAMPLES);
    size_t nc = sg_grow_cap(r->cap, 4096, SG_IMU_MAX_SAMPLES, sizeof(double));
    for (int k = 0; k < 7; k++) {
        double *p = sg_realloc_array(a, r->v[k], nc, sizeof(double));
        if (!p)
            return sg_err_set(err, SG_ENOMEM, -1, "out of memory after %zu rows", r->n);
        r->v[k] = p;
    }
    r->cap = nc;
    return SG_OK;
}

static void rows_free(const sg_allocator *a, rows *r)
{
    for (int k = 0; k < 7; k++)
        sg_free(a, r->v[k]);
    memset(r, 0, sizeof *r);
}

/* Shrinks a column to n values and hands it over. */
static double *take(const sg_allocator *a, rows *r, int k)
{
    double *p = r->v[k];
    r->v[k] = NULL;
    if (r->n && r->n < r->cap) {
        double *q = sg_realloc_array(a, p, r->n, sizeof(double));
        if (q)
            p = q;
    }
    return p;
}

static bool is_rate_line(const char *b, size_t s, size_t e, double *rate)
{
    char line[128];
    size_t n = e - s < sizeof line - 1 ? e - s : sizeof line - 1;
    for (size_t i = 0; i < n; i++)
        line[i] = (char)tolower((unsigned char)b[s + i]);
    line[n] = '\0';
    char *p = strstr(line, "frequency");
    if (!p)
        p = strstr(line, "sample rate");
    if (!p)
        return false;
    while (*p && !isdigit((unsigned char)*p))
        p++;
    char *end;
    double v = strtod(p, &end);
    if (end != p && v > 0 && v < 100000)
        *rate = v;
    return true;
}

/* One parse: the text, where it is, and what the header said. */
typedef struct csv_parse {
    const char *b;
    size_t len, pos;
    int line;
    char sep;
    double rate;                 /* Hz, 0 unknown */
    bool have_map;               /* --columns named the columns */
    colinfo ci;
    field f[MAX_FIELDS];
    int col_of[8];               /* column of each role, -1 absent */
    bool has_acc, has_gyr;
} csv_parse;

/* The preamble (comments, a rate line) and the header line, or the first
 * data line when --columns names the columns. */
static int read_header(csv_parse *p, sg_err *err)
{
    const char *b = p->b;
    field *f = p->f;
    size_t ls, le;
    while (next_line(b, p->len, &p->pos, &ls, &le)) {
        p->line++;
        if (blank(b, ls, le) || b[ls] == '#')
            continue;
        double rr = 0;
        if (is_rate_line(b, ls, le, &rr)) {
            if (rr > 0 && p->rate <= 0)
                p->rate = rr;
            continue;
        }
        p->sep = pick_sep(b, ls, le);
        int nf = split(b, ls, le, p->sep, f);
        if (nf < 0)
            return sg_err_set_at(err, SG_EFORMAT, p->line, 1, "more than %d columns", MAX_FIELDS);
        /* a first line whose fields are all numbers is data, not a header */
        bool numeric = true;
        for (int k = 0; k < nf && numeric; k++) {
            double v;
            numeric = parse_num(b, &f[k], p->sep != ',', &v) == 0;
        }
        if (numeric) {
            if (!p->have_map)
                return sg_err_set_at(err, SG_EFORMAT, p->line, 1,
                                     "no header line: name the columns with --columns t,ax,ay,az");
            p->pos = ls; /* re-read as data */
            p->line--;
        } else if (!p->have_map) {
            p->ci.nf = nf;
            for (int k = 0; k < nf; k++) {
                char name[MAX_FIELD + 1];
                if (!field_str(b, &f[k], name, false))
                    name[0] = '\0';
                int before[8] = {0};
                for (int j = 0; j < k; j++)
                    before[p->ci.role[j]]++;
                classify(name, &p->ci, k);
                if (p->ci.role[k] != R_SKIP && before[p->ci.role[k]])
                    p->ci.role[k] = R_SKIP; /* first of a kind wins (Shimmer LN before WR) */
            }
        } else if (nf != p->ci.nf) {
            return sg_err_set_at(err, SG_EFORMAT, p->line, 1,
                                 "--columns names %d columns but the header has %d", p->ci.nf, nf);
        }
        return SG_OK;
    }
    return sg_err_set(err, SG_ENODATA, -1, "no header and no data");
}

/* Which column holds which role, and how time is given. */
static int map_columns(csv_parse *p, const sg_imu_csv_opts *o, sg_err *err)
{
    colinfo *ci = &p->ci;
    for (int k = 0; k < 8; k++)
        p->col_of[k] = -1;
    for (int k = 0; k < ci->nf; k++)
        if (ci->role[k] != R_SKIP)
            p->col_of[ci->role[k]] = k;
    const int *col_of = p->col_of;
    p->has_acc = col_of[R_AX] >= 0 && col_of[R_AY] >= 0 && col_of[R_AZ] >= 0;
    p->has_gyr = col_of[R_GX] >= 0 && col_of[R_GY] >= 0 && col_of[R_GZ] >= 0;
    if (!p->has_acc && !p->has_gyr)
        return sg_err_set_at(err, SG_EFORMAT, p->line, 1,
                             "no accelerometer or gyroscope x/y/z columns recognised in the "
                             "header; name them with --columns t,ax,ay,az[,gx,gy,gz]");
    if (o->time_unit != SG_TIME_AUTO)
        ci->tu = o->time_unit;
    if (col_of[R_T] < 0) {
        if (p->rate <= 0)
            return sg_err_set_at(err, SG_EFORMAT, p->line, 1,
                                 "no time column and no stated sample rate");
        ci->tu = SG_TIME_INDEX;
    }
    if (ci->tu == SG_TIME_INDEX && p->rate <= 0)
        return sg_err_set_at(err, SG_EFORMAT, p->line, 1,
                             "a sample counter but no sample rate (no 'frequency' line)");
    return SG_OK;
}

/* The value of field k in role `role` of the line starting at ls: an
 * ISO-8601 time or a number. */
static int read_value(csv_parse *p, size_t ls, int role, int k, double *v, sg_err *err)
{
    const char *b = p->b;
    const field *fk = &p->f[k];
    int col = (int)(fk->s - ls) + 1;
    int shown = (int)(fk->e - fk->s > 40 ? 40 : fk->e - fk->s);
    if (role == R_T && (p->ci.tu == SG_TIME_ISO ||
                        (p->ci.tu == SG_TIME_AUTO && fk->e - fk->s >= 19 && b[fk->s + 4] == '-'))) {
        if (parse_iso(b, fk, v))
            return sg_err_set_at(err, SG_EFORMAT, p->line, col, "'%.*s' is not an ISO-8601 time",
                                 shown, b + fk->s);
        p->ci.tu = SG_TIME_ISO;
        return SG_OK;
    }
    int pr = parse_num(b, fk, p->sep != ',', v);
    if (pr) {
        const char *why = pr == 1 ? "empty value" : pr == 3 ? "value is NaN or infinite"
                                                            : "not a number";
        return sg_err_set_at(err, SG_EFORMAT, p->line, col, "%s ('%.*s')", why, shown, b + fk->s);
    }
    return SG_OK;
}

/* Every data line into r: the same number of fields as the header, time
 * increasing. */
static int read_rows(csv_parse *p, const sg_allocator *a, rows *r, sg_err *err)
{
    double prev_t = -INFINITY;
    size_t ls, le;
    while (next_line(p->b, p->len, &p->pos, &ls, &le)) {
        p->line++;
        if (blank(p->b, ls, le))
            continue;
        int nf = split(p->b, ls, le, p->sep, p->f);
        if (nf != p->ci.nf)
            return sg_err_set_at(err, SG_EFORMAT, p->line, 1, "%d fields, the header has %d",
                                 nf < 0 ? MAX_FIELDS + 1 : nf, p->ci.nf);
        int rc = rows_grow(a, r, err);
        if (rc)
            return rc;
        size_t i = r->n;
        for (int role = R_T; role <= R_GZ; role++) {
            int k = p->col_of[role];
            double v = 0;
            if (k < 0) {
                r->v[role - 1][i] = role == R_T ? (double)i : NAN;
                continue;
            }
            rc = read_value(p, ls, role, k, &v, err);
            if (rc)
                return rc;
            if (role == R_T) {
                if (!(v > prev_t))
                    return sg_err_set_at(err, SG_EFORMAT, p->line, (int)(p->f[k].s - ls) + 1,
                                         "time does not increase (%.17g after %.17g)", v, prev_t);
                prev_t = v;
            }
            r->v[role - 1][i] = v;
        }
        r->n++;
    }
    if (r->n < 2)
        return sg_err_set(err, SG_ENODATA, -1, "fewer than 2 data rows");
    return SG_OK;
}

/* Times to seconds, units to SI, and the columns handed to out. */
static void hand_over(csv_parse *p, const sg_imu_csv_opts *o, const sg_allocator *a, rows *r,
                      sg_imu_csv *out)
{
    colinfo *ci = &p->ci;
    double *t = r->v[0];
    if (ci->tu == SG_TIME_AUTO) {
        /* numbers without a unit: sensors sample at 1 Hz or faster, so a median
         * step of 0.5 or more means milliseconds */
        double d = (t[r->n - 1] - t[0]) / (double)(r->n - 1);
        ci->tu = d >= 0.5 ? SG_TIME_MS : SG_TIME_S;
    }
    if (ci->tu == SG_TIME_MS || ci->tu == SG_TIME_INDEX) {
        double sc = ci->tu == SG_TIME_MS ? 1e-3 : 1.0 / p->rate;
        for (size_t i = 0; i < r->n; i++)
            t[i] *= sc;
    }
    out->time_relative = ci->tu != SG_TIME_ISO;

    if (o->acc_unit != SG_ACC_AUTO)
        ci->au = o->acc_unit;
    if (o->gyr_unit != SG_GYR_AUTO)
        ci->gu = o->gyr_unit;
    out->n = r->n;
    out->t = take(a, r, 0);
    if (p->has_acc) {
        for (int k = 0; k < 3; k++)
            out->acc[k] = take(a, r, 1 + k);
        if (ci->au == SG_ACC_G)
            for (int k = 0; k < 3; k++)
                for (size_t i = 0; i < out->n; i++)
                    out->acc[k][i] *= SG_IMU_G;
        out->acc_unit_known = ci->au != SG_ACC_AUTO;
        out->acc_linear = ci->linear;
    }
    if (p->has_gyr) {
        for (int k = 0; k < 3; k++)
            out->gyr[k] = take(a, r, 4 + k);
        if (ci->gu == SG_GYR_DPS)
            for (int k = 0; k < 3; k++)
                for (size_t i = 0; i < out->n; i++)
                    out->gyr[k][i] *= M_PI / 180.0;
    }
    out->source = ci->tu == SG_TIME_ISO && !strcmp(ci->source, "csv") ? "iso-time csv" : ci->source;
    if (o->columns)
        out->source = "csv";
}

int sg_imu_csv_parse(const sg_allocator *a, const char *b, size_t len, const sg_imu_csv_opts *o,
                     sg_imu_csv *out, sg_err *err)
{
    memset(out, 0, sizeof *out);
    sg_imu_csv_opts dflt = {0};
    if (!o)
        o = &dflt;
    csv_parse p;
    memset(&p, 0, sizeof p);
    p.b = b;
    p.len = len;
    p.ci.source = "csv";
    p.rate = o->rate_hz;
    p.sep = ',';
    rows r = {0};
    int rc = SG_OK;

    if (len >= 3 && (unsigned char)b[0] == 0xEF && (unsigned char)b[1] == 0xBB &&
        (unsigned char)b[2] == 0xBF)
        p.pos = 3;
    if (o->columns) {
        rc = parse_columns(o->columns, &p.ci, err);
        p.have_map = !rc;
    }
    if (!rc)
        rc = read_header(&p, err);
    if (!rc)
        rc = map_columns(&p, o, err);
    if (!rc)
        rc = read_rows(&p, a, &r, err);
    if (!rc)
        hand_over(&p, o, a, &r, out);
    rows_free(a, &r);
    if (rc)
        sg_imu_csv_dispose(a, out);
    return rc;
}

/* --- units and resampling --- */

/* Gravity as the file reads it. A still stretch (static calibration) is the
 * best witness: the ~1 s block with the least variance, if it is still
 * (spread under 5 % of its mean). Without one, the median over blocks of the
 * length of the block mean: motion of a trunk averages out over whole
 * strides, gravity does not. */
static double gravity_reading(const sg_imu_csv *c)
{
    size_t n = c->n;
    double span = c->t[n - 1] - c->t[0];
    size_t blk = span > 0 ? (size_t)((double)(n - 1) / span) : n;
    if (blk < 8)
        blk = 8;
    if (blk > n)
        blk = n;
    size_t nb = n / blk;
    if (nb > 4096)
        nb = 4096; /* an evenly spread subset of blocks suffices */
    double vals[4096];
    double best_var = INFINITY, best_norm = NAN;
    for (size_t b = 0; b < nb; b++) {
        size_t s = (size_t)((double)b * (double)(n - blk) / (double)(nb > 1 ? nb - 1 : 1));
        double m[3] = {0, 0, 0}, q = 0;
        for (size_t i = s; i < s + blk; i++)
            for (int k = 0; k < 3; k++) {
                m[k] += c->acc[k][i];
                q += c->acc[k][i] * c->acc[k][i];
            }
        double mm = (m[0] * m[0] + m[1] * m[1] + m[2] * m[2]) / ((double)blk * (double)blk);
        vals[b] = sqrt(mm);
        double var = q / (double)blk - mm;
        if (var < best_var) {
            best_var = var;
            best_norm = vals[b];
        }
    }
    if (best_norm > 0 && sqrt(fmax(best_var, 0)) < 0.05 * best_norm)
        return best_norm;
    for (size_t i = 1; i < nb; i++) {
        double v = vals[i];
        size_t j = i;
        while (j > 0 && vals[j - 1] > v) {
            vals[j] = vals[j - 1];
            j--;
        }
        vals[j] = v;
    }
    return nb ? vals[nb / 2] : NAN;
}

int sg_imu_csv_build(const sg_allocator *a, const sg_imu_csv *acc, const sg_imu_csv *gyro,
                     const sg_imu_csv_opts *o, sg_imu **out, sg_err *err)
{
    *out = NULL;
    sg_imu_csv_opts dflt = {0};
    if (!o)
        o = &dflt;
    if (!acc->acc[0])
        return sg_err_set(err, SG_EFORMAT, -1,
                          "no accelerometer columns (a gyroscope file alone cannot be analysed)");
    if (acc->acc_linear)
        return sg_err_set(err, SG_EFORMAT, -1,
                          "the acceleration has gravity removed ('Linear Acceleration'); export "
                          "'Acceleration with g' instead, gravity is needed to find vertical");
    double g = gravity_reading(acc);
    double scale = 1.0;
    bool known = acc->acc_unit_known;
    if (known && g > 0.7 && g < 1.3)
        return sg_err_set(err, SG_EFORMAT, -1,
                          "gravity reads %.3g m/s^2, not about 9.81: the acceleration looks like "
                          "it is in g; try --accel-unit g",
                          g);
    if (known && g / SG_IMU_G > 7.0 && g / SG_IMU_G < 13.0)
        return sg_err_set(err, SG_EFORMAT, -1,
                          "gravity reads %.3g g, not about 1: the acceleration looks like it is "
                          "in m/s^2; try --accel-unit mps2",
                          g / SG_IMU_G);
    if (!(g >= 0.2 * (known ? SG_IMU_G : 1.0)))
        return sg_err_set(err, SG_EFORMAT, -1,
                          "gravity is missing from the acceleration (it reads %.3g at rest); "
                          "strideguard needs acceleration including gravity",
                          g);
    if (known) {
        if (g < 7.0 || g > 13.0)
            return sg_err_set(err, SG_EFORMAT, -1,
                              "gravity reads %.3g m/s^2, not about 9.81: check the acceleration "
                              "unit (--accel-unit g or mps2)",
                              g);
    } else if (g > 0.7 && g < 1.3) {
        scale = SG_IMU_G;
    } else if (g < 7.0 || g > 13.0) {
        return sg_err_set(err, SG_EFORMAT, -1,
                          "gravity reads %.3g in the file's units: neither about 1 g nor 9.81 "
                          "m/s^2; give --accel-unit g or --accel-unit mps2",
                          g);
    }
    const sg_imu_csv *gs = gyro && gyro->gyr[0] ? gyro : (acc->gyr[0] ? acc : NULL);
    if (gs) {
        /* the 99th percentile of |w| over a spread of samples: a trunk never turns
         * at 35 rad/s (2000 deg/s); degrees read as radians do */
        size_t m = gs->n < 4000 ? gs->n : 4000, big = 0;
        for (size_t k = 0; k < m; k++) {
            size_t i = (size_t)((double)k * (double)(gs->n - 1) / (double)(m > 1 ? m - 1 : 1));
            double w = sqrt(gs->gyr[0][i] * gs->gyr[0][i] + gs->gyr[1][i] * gs->gyr[1][i] +
                            gs->gyr[2][i] * gs->gyr[2][i]);
            big += w > 35.0;
        }
        if (big * 100 > m)
            return sg_err_set(err, SG_EFORMAT, -1,
                              "angular rates above 35 rad/s: the gyroscope is probably in "
                              "degrees per second; try --gyro-unit dps");
    }
    double *sc[3] = {NULL, NULL, NULL};
    int rc = SG_OK;
    sg_imu_raw raw = {0};
    raw.n = acc->n;
    raw.t = acc->t;
    raw.time_relative = acc->time_relative;
    for (int k = 0; k < 3; k++) {
        if (scale != 1.0) {
            sc[k] = sg_malloc(a, acc->n * sizeof(double));
            if (!sc[k]) {
                rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
                goto out;
            }
            for (size_t i = 0; i < acc->n; i++)
                sc[k][i] = acc->acc[k][i] * scale;
            raw.acc[k] = sc[k];
        } else {
            raw.acc[k] = acc->acc[k];
        }
    }
    if (gs) {
        if (gs != acc) {
            if (gs->time_relative != acc->time_relative) {
                rc = sg_err_set(err, SG_EFORMAT, -1,
                                "the accelerometer and gyroscope files use different time bases");
                goto out;
            }
            raw.gt = gs->t;
            raw.gn = gs->n;
        }
        for (int k = 0; k < 3; k++)
            raw.gyr[k] = gs->gyr[k];
    }
    rc = sg_imu_resample(a, &raw, 0, out, err);
    if (rc == SG_OK)
        (*out)->source = acc->source;
out:
    for (int k = 0; k < 3; k++)
        sg_free(a, sc[k]);
    return rc;
}

int sg_imu_csv_read(const sg_allocator *a, const char *buf, size_t len,
                    const sg_imu_csv_opts *o, sg_imu **out, sg_err *err)
{
    *out = NULL;
    sg_imu_csv c;
    int rc = sg_imu_csv_parse(a, buf, len, o, &c, err);
    if (rc)
        return rc;
    rc = sg_imu_csv_build(a, &c, NULL, o, out, err);
    sg_imu_csv_dispose(a, &c);
    return rc;
}
