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
    char sha[65];
    int known;                 /* hash already in the store: skip decoding */
    sg_store_summary sum;
    unsigned char *blob;
    size_t blob_len;
    const char *format;        /* of the file, by content (static string) */
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
    const char *const *paths;
    size_t n_paths;
    hashset known;             /* read-only while workers run */
} imp;

void sg_import_opts_init(sg_import_opts *o)
{
    memset(o, 0, sizeof *o);
}

/* ---- default decoder -------------------------------------------------- */

static int has_prefix_ci(const unsigned char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        unsigned char a = p[i], b = (unsigned char)s[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return 1;
}

/* Finds the root element of an XML document in its first 4 KiB. */
static const char *xml_root(const unsigned char *d, size_t n)
{
    size_t lim = n < 4096 ? n : 4096;
    size_t i = 0;
    if (lim >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
        i = 3;
    while (i < lim && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    if (i >= lim || d[i] != '<')
        return NULL;
    while (i < lim) {
        if (d[i] == '<' && i + 1 < lim && d[i + 1] != '?' && d[i + 1] != '!') {
            const unsigned char *p = d + i + 1;
            size_t left = lim - i - 1;
            /* skip a namespace prefix ("<gpx:gpx") */
            for (size_t k = 0; k < left && k < 32; k++) {
                if (p[k] == ':') {
                    p += k + 1;
                    left -= k + 1;
                    break;
                }
                if (p[k] == ' ' || p[k] == '>')
                    break;
            }
            if (has_prefix_ci(p, left, "gpx"))
                return "gpx";
            if (has_prefix_ci(p, left, "trainingcenterdatabase"))
                return "tcx";
            return "xml";
        }
        i++;
    }
    return NULL;
}

/* The file's format by content, for the sources table. */
static const char *sniff_format(const unsigned char *data, size_t len)
{
    if (len >= 12 && (data[0] == 12 || data[0] == 14) && memcmp(data + 8, ".FIT", 4) == 0)
        return "fit";
    if (len >= 16 && memcmp(data, "SGAB", 4) == 0)
        return "sgab";
    const char *root = xml_root(data, len);
    return root ? root : "unknown";
}

int sg_import_decode_default(void *ctx, const char *name, const unsigned char *data, size_t len,
                             sg_activity **out, sg_err *err)
{
    (void)ctx;
    (void)name;
    *out = NULL;
    if (len >= 16 && memcmp(data, "SGAB", 4) == 0)
        return sg_store_blob_decode(data, len, NULL, out, err);
    if (len >= 12 && (data[0] == 12 || data[0] == 14) && memcmp(data + 8, ".FIT", 4) == 0)
        return sg_err_set(err, SG_EUNSUPPORTED, -1, "FIT decoding is not built in yet");
    const char *root = xml_root(data, len);
    if (root && strcmp(root, "gpx") == 0)
        return sg_err_set(err, SG_EUNSUPPORTED, -1, "GPX decoding is not built in yet");
    if (root && strcmp(root, "tcx") == 0)
        return sg_err_set(err, SG_EUNSUPPORTED, -1, "TCX decoding is not built in yet");
    return sg_err_set(err, SG_EUNSUPPORTED, -1, "not an activity file");
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
        size_t nc = s->cap ? s->cap * 2 : 1024;
        if (nc > ((size_t)1 << 26))
            return 1; /* beyond 64M files: stop collecting, dedup still works in the writer */
        void *q = realloc(s->h, nc * sizeof *s->h);
        if (!q)
            return 1;
        s->h = q;
        s->cap = nc;
    }
    memcpy(s->h[s->n++], h, 65);
    return 0;
}

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
    while (!m->shutdown && (m->produced - m->written >= m->ring_n ||
                            (m->inflight > 0 && m->inflight + j->charge > m->max_inflight)))
        pthread_cond_wait(&m->space, &m->mu);
    if (m->shutdown) {
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
    int rc = dec(m->o->decode_ctx, j->name, j->data, j->len, &act, &j->err);
    if (rc) {
        if (!j->err.code)
            sg_err_set(&j->err, rc, -1, "%s", sg_code_name(rc));
        j->status = (rc == SG_EUNSUPPORTED || rc == SG_ENODATA) ? SG_IMPORT_SKIPPED
                                                                : SG_IMPORT_FAILED;
        sg_activity_free(act);
        return;
    }
    if (!act || act->n == 0) {
        sg_err_set(&j->err, SG_ENODATA, -1, "activity without samples");
        j->status = SG_IMPORT_SKIPPED;
        sg_activity_free(act);
        return;
    }
    apply_meta(act, j);
    sg_store_summarize(act, &j->sum);
    if (!j->sum.format[0])
        snprintf(j->sum.format, sizeof j->sum.format, "%s", j->format);
    rc = sg_store_blob_encode(act, &j->blob, &j->blob_len, &j->err);
    if (rc)
        j->status = SG_IMPORT_FAILED;
    sg_activity_free(act);
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
        size_t now = j->blob_len + 1024;
        m->inflight = m->inflight - j->charge + now;
        j->charge = now;
        j->done = 1;
        pthread_cond_broadcast(&m->result);
        pthread_cond_signal(&m->space);
    }
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

/* ---- writer (calling thread) ----------------------------------------- */

static void store_job(sg_store *st, const sg_import_opts *o, long long now, job *j,
                      sg_import_stats *stats)
{
    sg_import_event ev = {j->path, j->status, 0, NULL};
    stats->bytes += j->len;
    if (!j->status) {
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
        if (j->known) {
            /* Decoding was skipped; the store only has to add the path. */
            rc = sg_store_ingest(st, &j->sum, NULL, 0, &src, &res, &j->err);
        } else {
            rc = sg_store_ingest(st, &j->sum, j->blob, j->blob_len, &src, &res, &j->err);
        }
        if (rc) {
            ev.status = SG_IMPORT_FAILED;
        } else {
            ev.activity_id = res.activity_id;
            ev.status = res.outcome == SG_INGEST_NEW         ? SG_IMPORT_IMPORTED
                        : res.outcome == SG_INGEST_DUPLICATE ? SG_IMPORT_DUPLICATE
                                                             : SG_IMPORT_SAME_RUN;
        }
    }
    switch (ev.status) {
    case SG_IMPORT_IMPORTED: stats->imported++; break;
    case SG_IMPORT_DUPLICATE: stats->duplicates++; break;
    case SG_IMPORT_SAME_RUN: stats->same_run++; break;
    case SG_IMPORT_SKIPPED: stats->skipped++; break;
    default: stats->failed++; break;
    }
    if (ev.status == SG_IMPORT_SKIPPED || ev.status == SG_IMPORT_FAILED)
        ev.err = &j->err;
    if (o->on_event)
        o->on_event(o->ctx, &ev);
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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
    imp m;
    memset(&m, 0, sizeof m);
    m.o = o;
    m.paths = paths;
    m.n_paths = n_paths;
    m.max_inflight = o->max_inflight_bytes ? o->max_inflight_bytes : DEFAULT_INFLIGHT;
    int nt = o->threads;
    if (nt <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        nt = c > 0 ? (int)c : 1;
    }
    if (nt > MAX_THREADS)
        nt = MAX_THREADS;
    m.ring_n = (size_t)nt * 4 + 8;
    m.ring = calloc(m.ring_n, sizeof *m.ring);
    pthread_t workers[MAX_THREADS];
    pthread_t walker;
    int started = 0, walker_started = 0;
    if (!m.ring)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory starting the import");
    /* Known hashes let workers skip decoding what is already stored (a
     * re-run after an interrupted import). A failure here only costs time. */
    sg_store_each_hash(st, hash_add, &m.known, NULL);
    if (m.known.n)
        qsort(m.known.h, m.known.n, sizeof *m.known.h, hash_cmp);
    pthread_mutex_init(&m.mu, NULL);
    pthread_cond_init(&m.space, NULL);
    pthread_cond_init(&m.work, NULL);
    pthread_cond_init(&m.result, NULL);
    for (; started < nt; started++)
        if (pthread_create(&workers[started], NULL, worker_main, &m) != 0)
            break;
    if (started == 0) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "cannot start decode threads");
        goto out;
    }
    if (pthread_create(&walker, NULL, walker_main, &m) != 0) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "cannot start the file walker");
        goto out;
    }
    walker_started = 1;
    long long now = o->now ? o->now : (long long)time(NULL);
    double t0 = mono_now(), last = 0;
    pthread_mutex_lock(&m.mu);
    for (;;) {
        job *j = m.written < m.produced ? m.ring[m.written % m.ring_n] : NULL;
        if (j && j->done) {
            m.ring[m.written % m.ring_n] = NULL;
            pthread_mutex_unlock(&m.mu);
            store_job(st, o, now, j, stats);
            pthread_mutex_lock(&m.mu);
            m.inflight -= j->charge;
            m.written++;
            pthread_cond_signal(&m.space);
            pthread_mutex_unlock(&m.mu);
            job_free(j);
            pthread_mutex_lock(&m.mu);
        } else if (!j && m.walk_done) {
            break;
        } else {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 100 * 1000 * 1000;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&m.result, &m.mu, &ts);
        }
        if (o->on_progress) {
            double t = mono_now() - t0;
            if (t - last >= 0.1) {
                last = t;
                sg_import_progress p = {m.written, m.bytes_done, t};
                pthread_mutex_unlock(&m.mu);
                o->on_progress(o->ctx, &p);
                pthread_mutex_lock(&m.mu);
            }
        }
    }
    pthread_mutex_unlock(&m.mu);
    if (o->on_progress) {
        sg_import_progress p = {m.written, m.bytes_done, mono_now() - t0};
        o->on_progress(o->ctx, &p);
    }
out:
    pthread_mutex_lock(&m.mu);
    if (rc)
        m.shutdown = 1;
    m.walk_done = m.walk_done || !walker_started;
    pthread_cond_broadcast(&m.work);
    pthread_cond_broadcast(&m.space);
    pthread_mutex_unlock(&m.mu);
    if (walker_started)
        pthread_join(walker, NULL);
    for (int i = 0; i < started; i++)
        pthread_join(workers[i], NULL);
    for (uint64_t s = m.written; s < m.produced; s++)
        job_free(m.ring[s % m.ring_n]);
    free(m.ring);
    free(m.known.h);
    pthread_mutex_destroy(&m.mu);
    pthread_cond_destroy(&m.space);
    pthread_cond_destroy(&m.work);
    pthread_cond_destroy(&m.result);
    return rc;
}
