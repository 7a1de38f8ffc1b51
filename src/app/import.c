/* The import pipeline (src/app/import.h).
 *
 * Jobs live in a ring indexed by sequence number: the walker appends at
 * `produced`, workers claim at `claimed`, the writer consumes at `written`,
 * always written <= claimed <= produced and produced - written <= ring size.
 * One mutex guards the counters; three condition variables wake the walker
 * (space), the workers (work) and the writer (a result). */
#include "app/import.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bytes/sha256.h"
#include "formats/imu_csv.h"
#include "strideguard/alloc.h"
#include "strideguard/decode.h"
#include "strideguard/figures.h"
#include "strideguard/formats.h"
#include "strideguard/imu.h"

#define DEFAULT_INFLIGHT ((size_t)64 << 20)
#define MAX_THREADS 64

typedef struct job {
    char *path;
    char *name;
    unsigned char *data;
    size_t len;
    char *meta_name, *meta_type;
    int done;
    sg_import_status status;   /* SKIPPED / FAILED set by the worker; 0 = store it */
    sg_err err;
    sg_err damage;             /* code set: the decoder read only part of the file */
    sg_activity *act;          /* kept for a damaged file, to compare with stored runs */
    char sha[65];
    int known;                 /* hash already in the store: skip decoding */
    sg_store_summary sum;
    double late_s;             /* sg_activity_late_session_s of the decoded file */
    unsigned char *blob;
    size_t blob_len;
    const char *format;        /* of the file, by content (static string) */
    sg_store_imu_row *imu;     /* the file's IMU recording (described), or NULL */
    unsigned char *imu_blob;
    size_t imu_len;
    size_t charge;             /* bytes counted in flight */
} job;

typedef struct hashset {
    char (*h)[65];
    size_t n, cap;
} hashset;

typedef struct imp {
    const sg_import_opts *o;
    pthread_mutex_t mu;
    pthread_cond_t space, work, result;
    job **ring;
    size_t ring_n;
    uint64_t produced, claimed, written;
    size_t inflight;
    size_t max_inflight;
    int walk_done;
    int shutdown;
    uint64_t bytes_done;
    uint64_t dropped;          /* files read after the import had to stop */
    const char *const *paths;
    size_t n_paths;
    hashset known;             /* read-only while workers run */
} imp;

void sg_import_opts_init(sg_import_opts *o)
{
    memset(o, 0, sizeof *o);
}

/* ---- default decoder -------------------------------------------------- */

/* The file's format by content, for the sources table. */
static const char *sniff_format(const unsigned char *data, size_t len)
{
    return sg_format_name(sg_format_detect(data, len, NULL));
}

int sg_import_decode_default(void *ctx, const char *name, const unsigned char *data, size_t len,
                             sg_activity **out, sg_err *damage, sg_err *err)
{
    (void)ctx;
    *out = NULL;
    if (len == 0)
        return sg_err_set(err, SG_ENODATA, -1, "empty file");
    /* The store's own format: a file that claims it is either a copy of a
     * database's insides or made to exploit its decoder (a 10 KB blob that
     * decodes to gigabytes). Never user data. */
    if (len >= 4 && memcmp(data, "SGAB", 4) == 0)
        return sg_err_set(err, SG_EUNSUPPORTED, -1,
                          "a strideguard sample blob (the store's internal format), "
                          "not an activity file: not imported");
    /* Only content decides: a file called .fit that is not FIT (a resource
     * fork, a renamed image) is not an activity, not a broken one. */
    if (sg_format_detect(data, len, NULL) == SG_FMT_UNKNOWN)
        return sg_err_set(err, SG_EUNSUPPORTED, -1, "not an activity file");
    /* A multisport TCX holds several activities; the running one is kept. */
    sg_fit_report rep;
    memset(&rep, 0, sizeof rep);
    sg_err_clear(&rep.first_error);
    int rc = sg_decode_one(data, len, name, NULL, out, &rep, err);
    if (!rc && rep.errors > 0 && damage) {
        *damage = rep.first_error;
        if (!damage->code)
            damage->code = SG_EFORMAT;
    }
    return rc;
}

void sg_import_strava_type(const char *type, sg_sport *sport, sg_sub_sport *sub)
{
    static const struct {
        const char *type;
        sg_sport sport;
        sg_sub_sport sub;
    } MAP[] = {
        {"Run", SG_SPORT_RUNNING, SG_SUB_NONE},
        {"Trail Run", SG_SPORT_RUNNING, SG_SUB_TRAIL},
        {"Virtual Run", SG_SPORT_RUNNING, SG_SUB_VIRTUAL},
        {"Ride", SG_SPORT_CYCLING, SG_SUB_NONE},
        {"Virtual Ride", SG_SPORT_CYCLING, SG_SUB_VIRTUAL},
        {"E-Bike Ride", SG_SPORT_CYCLING, SG_SUB_NONE},
        {"Mountain Bike Ride", SG_SPORT_CYCLING, SG_SUB_TRAIL},
        {"Gravel Ride", SG_SPORT_CYCLING, SG_SUB_NONE},
        {"Walk", SG_SPORT_WALKING, SG_SUB_NONE},
        {"Hike", SG_SPORT_HIKING, SG_SUB_NONE},
        {"Swim", SG_SPORT_SWIMMING, SG_SUB_NONE},
    };
    *sport = SG_SPORT_OTHER;
    *sub = SG_SUB_NONE;
    for (size_t i = 0; i < sizeof MAP / sizeof *MAP; i++) {
        if (type && strcmp(type, MAP[i].type) == 0) {
            *sport = MAP[i].sport;
            *sub = MAP[i].sub;
            return;
        }
    }
}

/* ---- known hashes ----------------------------------------------------- */

static int hash_add(void *ctx, const char *h)
{
    hashset *s = ctx;
    if (s->n == s->cap) {
        /* beyond 64M files: stop collecting, dedup still works in the writer */
        void *q = sg_grow(NULL, s->h, &s->cap, sizeof *s->h, 1024, (size_t)1 << 26);
        if (!q)
            return 1;
        s->h = q;
    }
    memcpy(s->h[s->n++], h, 65);
    return 0;
}

static int imu_hash_add(void *ctx, const sg_store_imu_row *r) { return hash_add(ctx, r->sha256); }

static int hash_cmp(const void *a, const void *b) { return strcmp(a, b); }

static int hash_known(const hashset *s, const char *h)
{
    return s->n && bsearch(h, s->h, s->n, sizeof *s->h, hash_cmp) != NULL;
}

/* ---- walker thread ---------------------------------------------------- */

static void job_free(job *j)
{
    if (!j)
        return;
    free(j->path);
    free(j->name);
    free(j->data);
    free(j->meta_name);
    free(j->meta_type);
    free(j->blob);
    free(j->imu);
    free(j->imu_blob);
    sg_activity_free(j->act);
    free(j);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int on_entry(void *ctx, sg_walk_entry *e)
{
    imp *m = ctx;
    job *j = calloc(1, sizeof *j);
    if (j) {
        j->path = strdup(e->path);
        j->name = strdup(e->name ? e->name : e->path);
        j->meta_name = dup_or_null(e->meta_name);
        j->meta_type = dup_or_null(e->meta_type);
    }
    if (!j || !j->path || !j->name || (e->meta_name && !j->meta_name) ||
        (e->meta_type && !j->meta_type)) {
        free(e->data);
        job_free(j);
        return 0; /* out of memory: this entry is lost, keep walking */
    }
    sg_err_clear(&j->err);
    if (e->err) {
        j->err = *e->err;
        j->status = SG_IMPORT_FAILED;
    } else {
        j->data = e->data;
        j->len = e->len;
    }
    j->charge = e->len + 1024;
    pthread_mutex_lock(&m->mu);
    if (m->shutdown) {
        /* the import stopped (disk full): count what is left, read nothing more */
        m->dropped++;
        pthread_mutex_unlock(&m->mu);
        job_free(j);
        return 1;
    }
    while (!m->shutdown && (m->produced - m->written >= m->ring_n ||
                            (m->inflight > 0 && m->inflight + j->charge > m->max_inflight)))
        pthread_cond_wait(&m->space, &m->mu);
    if (m->shutdown) {
        m->dropped++;
        pthread_mutex_unlock(&m->mu);
        job_free(j);
        return 1;
    }
    m->ring[m->produced % m->ring_n] = j;
    m->produced++;
    m->inflight += j->charge;
    pthread_cond_signal(&m->work);
    pthread_mutex_unlock(&m->mu);
    return 0;
}

static void on_bytes(void *ctx, uint64_t b)
{
    imp *m = ctx;
    pthread_mutex_lock(&m->mu);
    m->bytes_done += b;
    pthread_mutex_unlock(&m->mu);
}

static void *walker_main(void *arg)
{
    imp *m = arg;
    sg_walk_limits lim;
    if (m->o->limits)
        lim = *m->o->limits;
    else
        sg_walk_limits_default(&lim);
    lim.on_bytes = on_bytes;
    for (size_t i = 0; i < m->n_paths; i++)
        if (sg_walk(m->paths[i], &lim, on_entry, m))
            break;
    pthread_mutex_lock(&m->mu);
    m->walk_done = 1;
    pthread_cond_broadcast(&m->work);
    pthread_cond_broadcast(&m->result);
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

/* ---- workers ---------------------------------------------------------- */

static void apply_meta(sg_activity *act, const job *j)
{
    if (j->meta_name && *j->meta_name)
        sg_activity_set_string(act, &act->name, j->meta_name, NULL);
    if (j->meta_type && *j->meta_type) {
        sg_sport sp;
        sg_sub_sport sub;
        sg_import_strava_type(j->meta_type, &sp, &sub);
        act->sport = sp;
        if (sub != SG_SUB_NONE)
            act->sub_sport = sub;
    }
}

/* Describes and encodes a recording for the writer; takes rec. */
static void keep_imu(job *j, sg_imu *rec)
{
    j->imu = malloc(sizeof *j->imu);
    if (!j->imu) {
        sg_err_set(&j->err, SG_ENOMEM, -1, "out of memory");
        j->status = SG_IMPORT_FAILED;
    } else {
        sg_store_imu_describe(rec, j->imu);
        if (sg_store_imu_blob_encode(rec, &j->imu_blob, &j->imu_len, &j->err))
            j->status = SG_IMPORT_FAILED;
    }
    sg_imu_free(rec);
}

#define IMU_PROBE_BYTES 16384

/* Bytes of the first `lines` lines of d (at most len). */
static size_t first_lines(const unsigned char *d, size_t len, int lines)
{
    size_t i = 0;
    for (int k = 0; k < lines && i < len; k++) {
        const unsigned char *nl = memchr(d + i, '\n', len - i);
        i = nl ? (size_t)(nl - d) + 1 : len;
    }
    return i;
}

/* Parses the start of a file as an IMU CSV. SG_OK with the column kinds
 * found; else the parser's error in *e. */
static int probe(const unsigned char *d, size_t len, bool *no_acc, bool *linear, sg_err *e)
{
    sg_imu_csv_opts o;
    memset(&o, 0, sizeof o);
    sg_imu_csv c;
    memset(&c, 0, sizeof c);
    int rc = sg_imu_csv_parse(NULL, (const char *)d, len, &o, &c, e);
    if (!rc) {
        *no_acc = !c.acc[0];
        *linear = c.acc_linear;
        sg_imu_csv_dispose(NULL, &c);
    }
    return rc;
}

/* A text file whose header the IMU CSV reader recognises is an IMU
 * recording. The header decides: the first lines (up to 16 KiB) must parse
 * on their own, else the file is not one (skipped, not failed) -- unless the
 * lines before the first bad one parse, in which case the header was fine
 * and the data is broken (failed, with line:col). Returns 1 when the file was
 * classified here (kept, failed or skipped with a reason of its own), 0 when
 * it is not an IMU recording. */
static int try_imu_csv(job *j)
{
    size_t n = j->len < IMU_PROBE_BYTES ? j->len : IMU_PROBE_BYTES;
    if (!n || memchr(j->data, 0, n))
        return 0;
    if (n < j->len) {
        while (n > 0 && j->data[n - 1] != '\n')
            n--;
        if (!n)
            return 0;
    }
    bool no_acc = false, linear = false;
    sg_err e;
    sg_err_clear(&e);
    if (probe(j->data, n, &no_acc, &linear, &e)) {
        sg_err e2;
        if (e.line <= 3 || probe(j->data, first_lines(j->data, n, e.line - 1), &no_acc, &linear,
                                 &e2))
            return 0;
        j->err = e; /* a recognised header with broken data */
        j->status = SG_IMPORT_FAILED;
        return 1;
    }
    if (no_acc || linear) {
        sg_err_set(&j->err, SG_ENODATA, -1,
                   no_acc ? "a gyroscope file without accelerometer (phyphox Gyroscope.csv): "
                            "analyse it with 'strideguard imu ACCEL.csv --gyro FILE'"
                          : "acceleration without gravity ('Linear Acceleration'): not usable");
        j->status = SG_IMPORT_SKIPPED;
        return 1;
    }
    sg_imu_csv_opts o;
    memset(&o, 0, sizeof o);
    sg_imu *rec = NULL;
    if (sg_imu_csv_read(NULL, (const char *)j->data, j->len, &o, &rec, &j->err)) {
        j->status = SG_IMPORT_FAILED;
        return 1;
    }
    j->format = "imu-csv";
    keep_imu(j, rec);
    return 1;
}

/* An activity's raw accelerometer stream as a recording; a motion stream
 * that cannot be resampled is dropped (the activity is still good). */
static void motion_of(job *j, const sg_activity *act)
{
    sg_imu *rec = NULL;
    sg_err e;
    sg_err_clear(&e);
    if (sg_imu_from_activity(act, NULL, 0, &rec, &e) != SG_OK)
        return;
    keep_imu(j, rec);
    if (j->status) {
        j->status = 0;
        free(j->imu);
        free(j->imu_blob);
        j->imu = NULL;
        j->imu_blob = NULL;
        j->imu_len = 0;
        sg_err_clear(&j->err);
    }
}

static void process(imp *m, job *j)
{
    sg_sha256_hex(j->data, j->len, j->sha);
    j->format = sniff_format(j->data, j->len);
    if (hash_known(&m->known, j->sha)) {
        j->known = 1;
        return;
    }
    sg_activity *act = NULL;
    sg_import_decode_fn dec = m->o->decode ? m->o->decode : sg_import_decode_default;
    sg_err_clear(&j->damage);
    int rc = dec(m->o->decode_ctx, j->name, j->data, j->len, &act, &j->damage, &j->err);
    if (rc) {
        sg_activity_free(act);
        if ((rc == SG_EUNSUPPORTED || rc == SG_ENODATA)) {
            sg_err saved = j->err;
            sg_err_clear(&j->err);
            if (try_imu_csv(j))
                return;
            j->err = saved;
        }
        if (!j->err.code)
            sg_err_set(&j->err, rc, -1, "%s", sg_code_name(rc));
        j->status = (rc == SG_EUNSUPPORTED || rc == SG_ENODATA) ? SG_IMPORT_SKIPPED
                                                                : SG_IMPORT_FAILED;
        return;
    }
    if (act && act->n == 0 && act->accel.n > 0) {
        /* A sensor file: raw motion and no track (a FIT from a motion pod). */
        sg_imu *rec = NULL;
        if (sg_imu_from_activity(act, NULL, 0, &rec, &j->err))
            j->status = SG_IMPORT_FAILED;
        else
            keep_imu(j, rec);
        sg_activity_free(act);
        return;
    }
    if (!act || act->n == 0) {
        sg_err_set(&j->err, SG_ENODATA, -1, "activity without samples");
        j->status = SG_IMPORT_SKIPPED;
        sg_activity_free(act);
        return;
    }
    if (act->accel.n > 0)
        motion_of(j, act);
    apply_meta(act, j);
    sg_store_summarize(act, &j->sum);
    j->late_s = sg_activity_late_session_s(act);
    if (!j->sum.format[0])
        snprintf(j->sum.format, sizeof j->sum.format, "%s", j->format);
    rc = sg_store_blob_encode(act, &j->blob, &j->blob_len, &j->err);
    if (rc)
        j->status = SG_IMPORT_FAILED;
    if (!rc && j->damage.code)
        j->act = act; /* compared with the stored runs once the import's whole files are in */
    else
        sg_activity_free(act);
}

/* Bytes an activity's columns hold (what decoding a file cost in memory). */
static size_t act_bytes(const sg_activity *a)
{
    if (!a)
        return 0;
    size_t cols = a->n_dev;
    for (int c = 0; c < SG_CH_COUNT; c++)
        cols += a->ch[c] != NULL;
    return a->cap * cols * sizeof(double) + (a->accel.cap + a->gyro.cap) * 4 * sizeof(double);
}

static void *worker_main(void *arg)
{
    imp *m = arg;
    pthread_mutex_lock(&m->mu);
    for (;;) {
        while (!m->shutdown && m->claimed == m->produced && !m->walk_done)
            pthread_cond_wait(&m->work, &m->mu);
        if (m->shutdown || (m->claimed == m->produced && m->walk_done))
            break;
        job *j = m->ring[m->claimed % m->ring_n];
        m->claimed++;
        pthread_mutex_unlock(&m->mu);
        if (!j->status)
            process(m, j);
        /* The file's bytes are no longer needed once hashed and decoded. */
        free(j->data);
        j->data = NULL;
        pthread_mutex_lock(&m->mu);
        /* decoded bytes still held count against the budget, not file bytes */
        size_t now = j->blob_len + j->imu_len + act_bytes(j->act) + 1024;
        m->inflight = m->inflight - j->charge + now;
        j->charge = now;
        j->done = 1;
        pthread_cond_broadcast(&m->result);
        pthread_cond_signal(&m->space);
    }
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

/* ---- recognising one recording in another file ------------------------ */

#define SHIFT_STEP_S 900.0        /* time zones differ by quarter hours */
#define SHIFT_MAX_S (26 * 3600.0) /* UTC+14 labelled as UTC-12 */
#define DAMAGED_MATCH 0.9         /* share of a damaged copy's samples that must match */
#define SHIFTED_MATCH 0.99        /* ... of a complete re-export's */

/* Channels compared, with what counts as equal (the same recording written
 * twice gives equal values; two runs on one route never do, sample by
 * sample). Not cadence: its unit follows the sport, and a file cut before
 * its session message has no sport. */
static const struct {
    int ch;
    double tol;
} CMP_CH[] = {
    {SG_CH_LAT, 1e-6},       {SG_CH_LON, 1e-6},       {SG_CH_DISTANCE, 0.05},
    {SG_CH_HEART_RATE, 0.5}, {SG_CH_ALTITUDE, 0.05}, {SG_CH_POWER, 0.5},
};

/* Share of c's samples i < min(c->n, o->n) whose time is o's plus shift_s
 * (within 0.5 s) and whose compared channels equal o's; 0 when the two
 * share no compared channel with data or have no time column. */
static double share_same(const sg_activity *c, const sg_activity *o, double shift_s)
{
    const double *tc = c->ch[SG_CH_TIME], *to = o->ch[SG_CH_TIME];
    size_t n = c->n < o->n ? c->n : o->n;
    if (!tc || !to || n == 0)
        return 0;
    int used[sizeof CMP_CH / sizeof *CMP_CH], nused = 0;
    for (size_t k = 0; k < sizeof CMP_CH / sizeof *CMP_CH; k++)
        if (c->ch[CMP_CH[k].ch] && o->ch[CMP_CH[k].ch])
            used[nused++] = (int)k;
    if (!nused)
        return 0;
    size_t same = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(fabs(tc[i] - to[i] - shift_s) <= 0.5))
            continue;
        bool eq = true;
        for (int u = 0; u < nused && eq; u++) {
            double a = c->ch[CMP_CH[used[u]].ch][i], b = o->ch[CMP_CH[used[u]].ch][i];
            eq = (isnan(a) && isnan(b)) || fabs(a - b) <= CMP_CH[used[u]].tol;
        }
        same += eq;
    }
    return (double)same / (double)c->n;
}

typedef struct cand {
    long long id[16];
    double start[16];
    int n;
    const sg_store_summary *s;
    bool shifted;              /* look for whole-quarter-hour shifts, else same start */
} cand;

static int cand_fn(void *ctx, const sg_store_row *row)
{
    cand *c = ctx;
    if (c->n >= 16)
        return 0;
    double d = c->s->start - row->s.start;
    sg_store_summary moved = row->s;
    if (c->shifted) {
        double k = round(d / SHIFT_STEP_S);
        if (k == 0 || fabs(d - k * SHIFT_STEP_S) > 60)
            return 0;
        moved.start += k * SHIFT_STEP_S;
        if (!sg_store_same_run(c->s, &moved))
            return 0;
    } else if (fabs(d) > 60) {
        return 0;
    }
    c->id[c->n] = row->id;
    c->start[c->n] = row->s.start;
    c->n++;
    return 0;
}

/* Stored activities that may hold the recording `s` (around the same start,
 * or `shifted`: a whole number of quarter hours away with the same duration
 * and distance). */
static int candidates(sg_store *st, const sg_store_summary *s, bool shifted, cand *c,
                      sg_err *err)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->shifted = shifted;
    if (!isfinite(s->start))
        return SG_OK;
    double w = shifted ? SHIFT_MAX_S + 60 : 60;
    sg_store_filter f;
    sg_store_filter_init(&f);
    f.since = s->start - w;
    f.until = nextafter(s->start + w, INFINITY);
    return sg_store_list(st, &f, cand_fn, c, err);
}

/* The stored activity a complete file re-exports with shifted times, or 0. */
static long long find_shifted(sg_store *st, const job *j, double *shift, sg_err *err)
{
    cand c;
    if (candidates(st, &j->sum, true, &c, err) || !c.n)
        return 0;
    sg_activity *mine = NULL;
    if (sg_store_blob_decode(j->blob, j->blob_len, NULL, &mine, NULL))
        return 0;
    long long found = 0;
    for (int i = 0; i < c.n && !found; i++) {
        sg_activity *o = NULL;
        if (sg_store_load(st, c.id[i], NULL, &o, NULL))
            continue;
        double sh = round((j->sum.start - c.start[i]) / SHIFT_STEP_S) * SHIFT_STEP_S;
        size_t big = mine->n > o->n ? mine->n : o->n, small = mine->n < o->n ? mine->n : o->n;
        if ((double)small >= 0.99 * (double)big && share_same(mine, o, sh) >= SHIFTED_MATCH) {
            found = c.id[i];
            *shift = sh;
        }
        sg_activity_free(o);
    }
    sg_activity_free(mine);
    return found;
}

/* The stored activity a damaged file is a copy of, or 0: one starting within
 * a minute that the store already calls the same run, or whose samples the
 * readable part repeats. */
static long long find_original(sg_store *st, const job *j, sg_err *err)
{
    cand c;
    if (candidates(st, &j->sum, false, &c, err) || !c.n)
        return 0;
    for (int i = 0; i < c.n; i++) {
        sg_store_row row;
        if (sg_store_get(st, c.id[i], &row, NULL) == SG_OK && sg_store_same_run(&j->sum, &row.s))
            return c.id[i];
    }
    for (int i = 0; i < c.n; i++) {
        sg_activity *o = NULL;
        if (sg_store_load(st, c.id[i], NULL, &o, NULL))
            continue;
        bool same = j->act && share_same(j->act, o, 0) >= DAMAGED_MATCH;
        sg_activity_free(o);
        if (same)
            return c.id[i];
    }
    return 0;
}

/* ---- writer (calling thread) ----------------------------------------- */

/* Stores one file's activity and/or IMU recording in one transaction. */
static int store_tx(sg_store *st, long long now, bool o_strict, job *j, sg_import_event *ev)
{
    sg_store_source src;
    memset(&src, 0, sizeof src);
    src.file_name = j->name;
    src.path = j->path;
    memcpy(src.sha256, j->sha, sizeof src.sha256);
    src.format = j->format ? j->format : "unknown";
    src.size = (long long)j->len;
    src.imported_at = now;
    sg_ingest_result res = {0};
    int rc;
    bool act = j->blob != NULL;
    if (j->known) {
        /* Decoding was skipped: the bytes are an activity's, a recording's or
         * both; the store only has to add the path. */
        long long id;
        act = sg_store_find_hash(st, j->sha, &id, NULL) == SG_OK;
        if (sg_store_imu_find_hash(st, j->sha, &id, NULL) == SG_OK) {
            sg_store_imu_row *r = malloc(sizeof *r);
            if (!r)
                return sg_err_set(&j->err, SG_ENOMEM, -1, "out of memory");
            if (!(rc = sg_store_imu_get(st, id, r, &j->err))) {
                ev->imu_id = id;
                ev->imu_linked_activity_id = r->linked_activity_id;
            }
            free(r);
            if (rc)
                return rc;
            ev->status = SG_IMPORT_DUPLICATE;
        } else if (!act) {
            return sg_err_set(&j->err, SG_ENOTFOUND, -1,
                              "the stored copy of this file vanished during the import; "
                              "import it again");
        }
    }
    if (act && !j->known && !j->damage.code && sg_store_find_hash(st, j->sha, NULL, NULL)) {
        double shift = 0;
        long long orig = find_shifted(st, j, &shift, NULL);
        if (orig) {
            ev->status = SG_IMPORT_DUPLICATE;
            ev->activity_id = orig;
            ev->duplicate_of = orig;
            ev->shift_s = shift;
            return SG_OK; /* the same samples with wrong times: nothing to add */
        }
    }
    if (act && j->damage.code) {
        ev->status = SG_IMPORT_DAMAGED;
        ev->err = &j->damage;
        long long orig = find_original(st, j, NULL);
        if (orig) {
            ev->duplicate_of = orig;
            return SG_OK;
        }
        if (o_strict)
            return SG_OK;
        if ((rc = sg_store_ingest(st, &j->sum, j->blob, j->blob_len, &src, &res, &j->err)))
            return rc;
        ev->activity_id = res.activity_id;
        act = false; /* stored; the IMU part below still applies */
    }
    if (act) {
        if ((rc = sg_store_ingest(st, &j->sum, j->known ? NULL : j->blob,
                                  j->known ? 0 : j->blob_len, &src, &res, &j->err)))
            return rc;
        ev->activity_id = res.activity_id;
        ev->status = res.outcome == SG_INGEST_NEW         ? SG_IMPORT_IMPORTED
                     : res.outcome == SG_INGEST_DUPLICATE ? SG_IMPORT_DUPLICATE
                                                          : SG_IMPORT_SAME_RUN;
    }
    if (j->imu && !j->known) {
        snprintf(j->imu->file_name, sizeof j->imu->file_name, "%s", j->name);
        snprintf(j->imu->path, sizeof j->imu->path, "%s", j->path);
        memcpy(j->imu->sha256, j->sha, sizeof j->imu->sha256);
        j->imu->created_at = now;
        sg_store_imu_put_result ir;
        if ((rc = sg_store_imu_put(st, j->imu, j->imu_blob, j->imu_len, res.activity_id, &ir,
                                   &j->err)))
            return rc;
        ev->imu_id = ir.id;
        ev->imu_linked_activity_id = ir.linked_activity_id;
        j->imu->id = ir.duplicate ? 0 : ir.id; /* tells the caller it is new */
        if (!act && !res.activity_id)
            ev->status = ir.duplicate ? SG_IMPORT_DUPLICATE : SG_IMPORT_IMU;
    }
    return SG_OK;
}

/* Stores one job and reports it. Returns SG_ENOSPC (with j->err) when the
 * store is full: the import must stop. */
static int store_job(sg_store *st, const sg_import_opts *o, long long now, job *j,
                     sg_import_stats *stats)
{
    sg_import_event ev = {j->path, j->status, 0, 0, 0, NULL, 0, 0, 0};
    int full = 0;
    stats->bytes += j->len;
    if (!j->status) {
        int rc = sg_store_begin(st, &j->err);
        if (!rc) {
            rc = store_tx(st, now, o->strict, j, &ev);
            if (rc)
                sg_store_rollback(st, NULL);
            else
                rc = sg_store_commit(st, &j->err);
        }
        if (rc) {
            ev.status = SG_IMPORT_FAILED;
            ev.activity_id = ev.imu_id = ev.imu_linked_activity_id = ev.duplicate_of = 0;
            ev.shift_s = 0;
            full = rc == SG_ENOSPC;
        } else if (j->imu && j->imu->id > 0) {
            stats->imu++;
        }
    }
    switch (ev.status) {
    case SG_IMPORT_IMPORTED: stats->imported++; break;
    case SG_IMPORT_DUPLICATE:
        stats->duplicates++;
        stats->shifted += ev.shift_s != 0;
        break;
    case SG_IMPORT_SAME_RUN: stats->same_run++; break;
    case SG_IMPORT_SKIPPED: stats->skipped++; break;
    case SG_IMPORT_IMU: break;
    case SG_IMPORT_DAMAGED: stats->damaged++; break;
    default: stats->failed++; break;
    }
    if (ev.status == SG_IMPORT_SKIPPED || ev.status == SG_IMPORT_FAILED)
        ev.err = &j->err;
    else if (ev.status == SG_IMPORT_DAMAGED)
        ev.err = &j->damage;
    if (ev.status != SG_IMPORT_FAILED && ev.status != SG_IMPORT_SKIPPED)
        ev.late_session_s = j->late_s;
    if (o->on_event && !full) /* a full store is reported once, by the caller */
        o->on_event(o->ctx, &ev);
    if (full)
        stats->not_attempted++;
    return full ? SG_ENOSPC : SG_OK;
}

/* Damaged files wait until the whole files of the import are stored, so a
 * damaged copy is recognised whichever order the files came in. Bounded:
 * past the budget they are stored in walk order. */
typedef struct deferred {
    job **j;
    size_t n, cap, bytes;
} deferred;

static bool defer(deferred *d, job *j, size_t budget)
{
    size_t b = j->blob_len + act_bytes(j->act);
    if (d->bytes + b > budget)
        return false;
    if (d->n == d->cap) {
        job **q = sg_grow(NULL, d->j, &d->cap, sizeof *q, 16, SIZE_MAX);
        if (!q)
            return false;
        d->j = q;
    }
    d->j[d->n++] = j;
    d->bytes += b;
    return true;
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The state of one sg_import_run call, shared by its steps below (each in
 * the order the import runs them). The threads get &R->m. */
typedef struct import_call {
    sg_store *st;
    const sg_import_opts *o;
    sg_import_stats *stats;
    sg_err *err;
    imp m;
    pthread_t workers[MAX_THREADS];
    pthread_t walker;
    int started, walker_started;
    deferred later;
    long long now;
    double t0, last;
} import_call;

/* Decode threads: as asked, else one per online CPU; at most MAX_THREADS. */
static int thread_count(const sg_import_opts *o)
{
    int nt = o->threads;
    if (nt <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        nt = c > 0 ? (int)c : 1;
    }
    if (nt > MAX_THREADS)
        nt = MAX_THREADS;
    return nt;
}

/* Known hashes let workers skip decoding what is already stored (a re-run
 * after an interrupted import). A failure here only costs time. */
static void known_hashes(sg_store *st, hashset *known)
{
    sg_store_each_hash(st, hash_add, known, NULL);
    sg_store_imu_list(st, imu_hash_add, known, NULL);
    if (known->n)
        qsort(known->h, known->n, sizeof *known->h, hash_cmp);
}

static int start_threads(import_call *R, int nt)
{
    imp *m = &R->m;
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->space, NULL);
    pthread_cond_init(&m->work, NULL);
    pthread_cond_init(&m->result, NULL);
    for (; R->started < nt; R->started++)
        if (pthread_create(&R->workers[R->started], NULL, worker_main, m) != 0)
            break;
    if (R->started == 0)
        return sg_err_set(R->err, SG_ENOMEM, -1, "cannot start decode threads");
    if (pthread_create(&R->walker, NULL, walker_main, m) != 0)
        return sg_err_set(R->err, SG_ENOMEM, -1, "cannot start the file walker");
    R->walker_started = 1;
    return SG_OK;
}

/* Stores the decoded job j (the next in walk order), or keeps it for later
 * when damaged. Called and returns with m->mu held, but on failure (SG_ENOSPC,
 * the store is full), when it returns with m->mu released. */
static int write_done(import_call *R, job *j)
{
    imp *m = &R->m;
    m->ring[m->written % m->ring_n] = NULL;
    pthread_mutex_unlock(&m->mu);
    bool kept = !j->status && j->damage.code && defer(&R->later, j, m->max_inflight / 2);
    int full = kept ? SG_OK : store_job(R->st, R->o, R->now, j, R->stats);
    pthread_mutex_lock(&m->mu);
    m->inflight -= j->charge; /* deferred jobs have their own budget */
    m->written++;
    pthread_cond_signal(&m->space);
    pthread_mutex_unlock(&m->mu);
    if (full) {
        int rc = sg_err_set(R->err, SG_ENOSPC, -1, "%s (while storing %s)", j->err.msg, j->path);
        job_free(j);
        return rc;
    }
    if (!kept)
        job_free(j);
    pthread_mutex_lock(&m->mu);
    return SG_OK;
}

/* Waits up to 100 ms for a worker's result (m->mu held). */
static void wait_result(imp *m)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 100 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&m->result, &m->mu, &ts);
}

/* Progress at most every 0.1 s (m->mu held; released around the callback). */
static void progress_tick(import_call *R)
{
    const sg_import_opts *o = R->o;
    imp *m = &R->m;
    if (o->on_progress) {
        double t = mono_now() - R->t0;
        if (t - R->last >= 0.1) {
            R->last = t;
            sg_import_progress p = {m->written, m->bytes_done, t};
            pthread_mutex_unlock(&m->mu);
            o->on_progress(o->ctx, &p);
            pthread_mutex_lock(&m->mu);
        }
    }
}

/* Stores the workers' results in walk order until the walk is done.
 * Returns with m->mu released. */
static int write_results(import_call *R)
{
    imp *m = &R->m;
    int rc;
    pthread_mutex_lock(&m->mu);
    for (;;) {
        job *j = m->written < m->produced ? m->ring[m->written % m->ring_n] : NULL;
        if (j && j->done) {
            if ((rc = write_done(R, j)))
                return rc;
        } else if (!j && m->walk_done) {
            break;
        } else {
            wait_result(m);
        }
        progress_tick(R);
    }
    pthread_mutex_unlock(&m->mu);
    return SG_OK;
}

/* The damaged files kept for last, in walk order. */
static int write_deferred(import_call *R)
{
    deferred *later = &R->later;
    for (size_t i = 0; i < later->n; i++) {
        job *j = later->j[i];
        later->j[i] = NULL;
        if (store_job(R->st, R->o, R->now, j, R->stats)) {
            int rc = sg_err_set(R->err, SG_ENOSPC, -1, "%s (while storing %s)", j->err.msg,
                                j->path);
            job_free(j);
            return rc;
        }
        job_free(j);
    }
    return SG_OK;
}

/* Stops the threads (all of them at once after a failure rc), counts what
 * was never attempted and frees the call's state. */
static void finish(import_call *R, int rc)
{
    imp *m = &R->m;
    sg_import_stats *stats = R->stats;
    pthread_mutex_lock(&m->mu);
    if (rc)
        m->shutdown = 1;
    m->walk_done = m->walk_done || !R->walker_started;
    pthread_cond_broadcast(&m->work);
    pthread_cond_broadcast(&m->space);
    pthread_mutex_unlock(&m->mu);
    if (R->walker_started)
        pthread_join(R->walker, NULL);
    for (int i = 0; i < R->started; i++)
        pthread_join(R->workers[i], NULL);
    for (uint64_t s = m->written; s < m->produced; s++) {
        if (m->ring[s % m->ring_n])
            stats->not_attempted++;
        job_free(m->ring[s % m->ring_n]);
    }
    for (size_t i = 0; i < R->later.n; i++) {
        stats->not_attempted += R->later.j[i] != NULL;
        job_free(R->later.j[i]);
    }
    free(R->later.j);
    stats->not_attempted += m->dropped;
    free(m->ring);
    free(m->known.h);
    pthread_mutex_destroy(&m->mu);
    pthread_cond_destroy(&m->space);
    pthread_cond_destroy(&m->work);
    pthread_cond_destroy(&m->result);
}

int sg_import_run(sg_store *st, const char *const *paths, size_t n_paths,
                  const sg_import_opts *o, sg_import_stats *stats, sg_err *err)
{
    sg_import_opts defaults;
    if (!o) {
        sg_import_opts_init(&defaults);
        o = &defaults;
    }
    memset(stats, 0, sizeof *stats);
    int rc = SG_OK;
    import_call *R = calloc(1, sizeof *R);
    if (!R)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory starting the import");
    R->st = st;
    R->o = o;
    R->stats = stats;
    R->err = err;
    imp *m = &R->m;
    m->o = o;
    m->paths = paths;
    m->n_paths = n_paths;
    m->max_inflight = o->max_inflight_bytes ? o->max_inflight_bytes : DEFAULT_INFLIGHT;
    int nt = thread_count(o);
    m->ring_n = (size_t)nt * 4 + 8;
    m->ring = calloc(m->ring_n, sizeof *m->ring);
    if (!m->ring) {
        free(R);
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory starting the import");
    }
    known_hashes(st, &m->known);
    if ((rc = start_threads(R, nt)))
        goto out;
    R->now = o->now ? o->now : (long long)time(NULL);
    R->t0 = mono_now();
    if ((rc = write_results(R)) || (rc = write_deferred(R)))
        goto out;
    if (o->on_progress) {
        sg_import_progress p = {m->written, m->bytes_done, mono_now() - R->t0};
        o->on_progress(o->ctx, &p);
    }
out:
    finish(R, rc);
    free(R);
    return rc;
}

int sg_import_into(const sg_import_req *req, sg_import_stats *stats, bool *opened, sg_err *err)
{
    memset(stats, 0, sizeof *stats);
    *opened = false;
    sg_store *st = NULL;
    int rc = sg_store_open(req->db, &st, err);
    if (rc)
        return rc;
    *opened = true;
    if (req->before)
        req->before(req->before_ctx, req->opts);
    rc = sg_import_run(st, req->paths, req->n_paths, req->opts, stats, err);
    sg_store_close(st);
    return rc;
}
