/* The generic half of the store: opening by path, argument checks,
 * transactions and the ingest rules. Backend primitives do the SQL. */
#include "strideguard/store.h"
#include "bytes/file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "store/backend.h"
#include "store/store_internal.h"

int sg_store_default_path(char *buf, size_t cap, sg_err *err)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(buf, cap, "%s/strideguard/strideguard.db", xdg);
    else if (home && *home)
        n = snprintf(buf, cap, "%s/.local/share/strideguard/strideguard.db", home);
    else
        return sg_err_set(err, SG_EUSAGE, -1,
                          "neither XDG_DATA_HOME nor HOME is set; pass --db PATH");
    if (n < 0 || (size_t)n >= cap)
        return sg_err_set(err, SG_EUSAGE, -1, "database path too long");
    return SG_OK;
}

/* mkdir -p of the directory holding `path`. */
static int make_parents(const char *path, sg_err *err)
{
    char dir[4096];
    size_t n = strlen(path);
    if (n >= sizeof dir)
        return sg_err_set(err, SG_EUSAGE, -1, "database path too long");
    memcpy(dir, path, n + 1);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return SG_OK;
    *slash = '\0';
    return sg_file_mkdir_p(dir, err);
}

/* ---- summary refresh (SG_STORE_SUMMARY_VERSION) ------------------------- */

#define SUMMARY_VERSION_KEY SG_STORE_SUMMARY_VERSION_KEY

typedef struct refresh_ctx {
    long long *ids;
    size_t n, cap;
    sg_store *st;
    long long id;
    void *blob;
    size_t len;
    sg_err *err;
} refresh_ctx;

static int refresh_id_fn(void *ctx, const sg_store_row *row)
{
    refresh_ctx *r = ctx;
    if (r->n == r->cap) {
        long long *p = sg_grow(NULL, r->ids, &r->cap, sizeof *p, 64, SIZE_MAX);
        if (!p)
            return SG_ENOMEM;
        r->ids = p;
    }
    r->ids[r->n++] = row->id;
    return 0;
}

/* Copies the stored blob: the row is rewritten after the read finishes. */
static int refresh_blob_fn(void *ctx, const void *blob, size_t len)
{
    refresh_ctx *r = ctx;
    r->blob = malloc(len ? len : 1);
    if (!r->blob)
        return SG_ENOMEM;
    memcpy(r->blob, blob, len);
    r->len = len;
    return 0;
}

/* Recomputes one row's figures from its samples (the rest of the row kept). */
static int refresh_one(refresh_ctx *r)
{
    sg_store *st = r->st;
    sg_store_row row;
    sg_activity *act = NULL;
    r->blob = NULL;
    int rc = st->be->blob(st->impl, r->id, refresh_blob_fn, r, r->err);
    if (!rc && !(rc = st->be->get(st->impl, r->id, &row, r->err)) &&
        !(rc = sg_store_blob_decode(r->blob, r->len, NULL, &act, r->err))) {
        sg_store_summary fresh;
        sg_store_summarize(act, &fresh);
        sg_activity_free(act);
        row.s.distance_m = fresh.distance_m;
        row.s.moving_time_s = fresh.moving_time_s;
        row.s.ascent_m = fresh.ascent_m;
        row.s.descent_m = fresh.descent_m;
        row.s.avg_hr = fresh.avg_hr;
        rc = st->be->update_activity(st->impl, r->id, &row.s, r->blob, r->len, row.updated_at,
                                     r->err);
    } else if (rc == SG_EFORMAT || rc == SG_ENOTFOUND) {
        sg_err_clear(r->err);  /* an unreadable row keeps its old figures */
        rc = SG_OK;
    }
    free(r->blob);
    r->blob = NULL;
    return rc;
}

static int refresh_tx(sg_store *st, sg_err *err)
{
    char *v = NULL;
    int rc = st->be->kv_get(st->impl, SUMMARY_VERSION_KEY, &v, err);
    if (rc && rc != SG_ENOTFOUND)
        return rc;
    long cur = v ? strtol(v, NULL, 10) : 0;
    free(v);
    sg_err_clear(err);
    if (cur >= SG_STORE_SUMMARY_VERSION)
        return SG_OK;
    refresh_ctx r = {.st = st, .err = err};
    sg_store_filter f;
    sg_store_filter_init(&f);
    if ((rc = st->be->list(st->impl, &f, refresh_id_fn, &r, err)) == SG_OK)
        for (size_t i = 0; i < r.n && rc == SG_OK; i++) {
            r.id = r.ids[i];
            rc = refresh_one(&r);
        }
    free(r.ids);
    char buf[16];
    snprintf(buf, sizeof buf, "%d", SG_STORE_SUMMARY_VERSION);
    if (rc == SG_OK)
        rc = st->be->kv_put(st->impl, SUMMARY_VERSION_KEY, buf, (long long)time(NULL), err);
    return rc;
}

/* Brings the current athlete's stored summaries to SG_STORE_SUMMARY_VERSION,
 * in one transaction; a cheap read when they are current. */
static int refresh_athlete(sg_store *st, sg_err *err)
{
    char *v = NULL;
    int rc = st->be->kv_get(st->impl, SUMMARY_VERSION_KEY, &v, err);
    if (rc == SG_OK && strtol(v, NULL, 10) >= SG_STORE_SUMMARY_VERSION) {
        free(v);
        return SG_OK;
    }
    free(v);
    if (rc && rc != SG_ENOTFOUND)
        return rc;
    sg_err_clear(err);
    if ((rc = st->be->begin(st->impl, err)))
        return rc;
    if ((rc = refresh_tx(st, err))) {
        st->be->rollback(st->impl, NULL);
        return rc;
    }
    return st->be->commit(st->impl, err);
}

static int athlete_id_fn(void *ctx, const sg_store_athlete_row *row)
{
    refresh_ctx *r = ctx;
    return refresh_id_fn(r, &(sg_store_row){.id = row->id});
}

/* refresh_athlete for every athlete (each keeps its own version key), then
 * back to the first athlete. */
static int refresh_summaries(sg_store *st, sg_err *err)
{
    refresh_ctx r = {.st = st, .err = err};
    int rc = st->be->athlete_list(st->impl, 0, athlete_id_fn, &r, err);
    for (size_t i = 0; i < r.n && rc == SG_OK; i++) {
        st->be->use_athlete(st->impl, r.ids[i]);
        rc = refresh_athlete(st, err);
    }
    free(r.ids);
    st->be->use_athlete(st->impl, SG_STORE_FIRST_ATHLETE);
    return rc;
}

int sg_store_open(const char *path, sg_store **out, sg_err *err)
{
    *out = NULL;
    char def[4096];
    int rc;
    if (!path) {
        if ((rc = sg_store_default_path(def, sizeof def, err)))
            return rc;
        path = def;
    }
    /* The backend by the path's scheme; SQLite (a file path) is the default. */
    int pg = strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0;
    if (!pg && strcmp(path, ":memory:") != 0 && (rc = make_parents(path, err)))
        return rc;
    sg_store *st = calloc(1, sizeof *st);
    if (!st)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory opening the store");
    st->be = pg ? &sg_store_pg_backend : &sg_store_sqlite_backend;
    st->rows = pg ? &sg_store_pg_rows : &sg_store_sqlite_rows;
    if ((rc = st->be->open(path, &st->impl, &st->schema, err))) {
        free(st);
        return rc;
    }
    st->athlete = SG_STORE_FIRST_ATHLETE;
    st->be->use_athlete(st->impl, st->athlete);
    /* A store that cannot be written now (read-only file, disk full, a
     * partial schema) still opens: its rows keep their older figures and the
     * next writable open refreshes them. */
    if (refresh_summaries(st, err) != SG_OK)
        sg_err_clear(err);
    *out = st;
    return SG_OK;
}

void sg_store_close(sg_store *st)
{
    if (!st)
        return;
    if (st->in_tx)
        st->be->rollback(st->impl, NULL);
    st->be->close(st->impl);
    free(st);
}

int sg_store_schema_version(const sg_store *st) { return st->schema; }

const char *sg_store_backend_name(const sg_store *st) { return st->be->name; }

int sg_store_describe(sg_store *st,
                      int (*fn)(void *ctx, const char *table, const char *column,
                                const char *type, bool notnull),
                      void *ctx, sg_err *err)
{
    return st->rows->describe(st->impl, fn, ctx, err);
}

int sg_store_begin(sg_store *st, sg_err *err)
{
    if (st->in_tx)
        return sg_err_set(err, SG_EUSAGE, -1, "a transaction is already open");
    int rc = st->be->begin(st->impl, err);
    if (!rc)
        st->in_tx = 1;
    return rc;
}

int sg_store_commit(sg_store *st, sg_err *err)
{
    if (!st->in_tx)
        return sg_err_set(err, SG_EUSAGE, -1, "no transaction is open");
    int rc = st->be->commit(st->impl, err);
    if (rc) {
        st->be->rollback(st->impl, NULL);
    }
    st->in_tx = 0;
    return rc;
}

int sg_store_rollback(sg_store *st, sg_err *err)
{
    if (!st->in_tx)
        return sg_err_set(err, SG_EUSAGE, -1, "no transaction is open");
    st->in_tx = 0;
    return st->be->rollback(st->impl, err);
}

int sg_store_check(sg_store *st, sg_err *err) { return st->be->check(st->impl, err); }

/* ---- athletes ---------------------------------------------------------- */

void sg_store_use_athlete(sg_store *st, long long athlete_id)
{
    st->athlete = athlete_id;
    st->be->use_athlete(st->impl, athlete_id);
}

long long sg_store_athlete(const sg_store *st) { return st->athlete; }

int sg_store_athlete_add(sg_store *st, const char *name, long long *id, sg_err *err)
{
    if (!name || !*name || strlen(name) > SG_STORE_ATHLETE_NAME_MAX)
        return sg_err_set(err, SG_EUSAGE, -1, "an athlete needs a name of 1 to %d bytes",
                          SG_STORE_ATHLETE_NAME_MAX);
    long long tmp, *out = id ? id : &tmp;
    long long now = (long long)time(NULL);
    int rc = st->be->athlete_add(st->impl, name, now, out, err);
    if (rc)
        return rc;
    /* A new athlete has no runs, so its summaries are current: saying so
     * spares the next open a refresh of everything it will store (which
     * made a clinic's first request after a restart rewrite every run). */
    char buf[16];
    snprintf(buf, sizeof buf, "%d", SG_STORE_SUMMARY_VERSION);
    st->be->use_athlete(st->impl, *out);
    rc = st->be->kv_put(st->impl, SUMMARY_VERSION_KEY, buf, now, err);
    st->be->use_athlete(st->impl, st->athlete);
    return rc;
}

int sg_store_athlete_list(sg_store *st, int (*fn)(void *ctx, const sg_store_athlete_row *row),
                          void *ctx, sg_err *err)
{
    return st->be->athlete_list(st->impl, 0, fn, ctx, err);
}

static int copy_athlete(void *ctx, const sg_store_athlete_row *row)
{
    *(sg_store_athlete_row *)ctx = *row;
    return 1;
}

int sg_store_athlete_get(sg_store *st, long long id, sg_store_athlete_row *row, sg_err *err)
{
    if (id <= 0)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no athlete %lld", id);
    int rc = st->be->athlete_list(st->impl, id, copy_athlete, row, err);
    if (rc == 1)
        return SG_OK;
    return rc ? rc : sg_err_set(err, SG_ENOTFOUND, -1, "no athlete %lld", id);
}

static int athlete_delete_tx(sg_store *st, void *arg, sg_err *err)
{
    return st->be->athlete_delete(st->impl, *(long long *)arg, err);
}

static int in_tx(sg_store *st, int (*fn)(sg_store *, void *, sg_err *), void *arg, sg_err *err);

int sg_store_athlete_delete(sg_store *st, long long id, sg_err *err)
{
    if (id == SG_STORE_FIRST_ATHLETE)
        return sg_err_set(err, SG_EUSAGE, -1,
                          "athlete %lld is the store's own runner and cannot be deleted", id);
    return in_tx(st, athlete_delete_tx, &id, err);
}

void sg_store_filter_init(sg_store_filter *f)
{
    f->since = NAN;
    f->until = NAN;
    f->sport = -1;
}

/* ---- IMU links --------------------------------------------------------- */

typedef struct best_ctx {
    double from, to;
    long long current;
    long long id;
    double overlap, start;
} best_ctx;

static int best_fn(void *ctx, const sg_store_row *row)
{
    best_ctx *b = ctx;
    double ov = fmin(b->to, row->s.start + row->s.duration_s) - fmax(b->from, row->s.start);
    if (!(ov > 0))
        return 0;
    /* Longest overlap; a tie keeps the current link, then the earlier start,
     * then the lower id (rows arrive by start, id), so re-running is stable. */
    bool better = !b->id || ov > b->overlap ||
                  (ov == b->overlap && row->id == b->current && b->id != b->current);
    if (better) {
        b->id = row->id;
        b->overlap = ov;
        b->start = row->s.start;
    }
    return 0;
}

/* The activity a recording overlaps longest (0 = none). */
static int best_activity(sg_store *st, double start, double dur, long long current,
                         long long *id, sg_err *err)
{
    *id = 0;
    if (!isfinite(start) || !(dur > 0))
        return SG_OK;
    best_ctx b = {start, start + dur, current, 0, 0, 0};
    int rc = st->be->overlapping(st->impl, b.from, b.to, best_fn, &b, err);
    if (!rc)
        *id = b.id;
    return rc;
}

#define RELINK_MAX 100000

typedef struct ids_ctx {
    long long *id;
    long long *link;
    bool *pinned;
    double *start, *dur;
    size_t n, cap;
} ids_ctx;

static void ids_free(ids_ctx *c)
{
    free(c->id);
    free(c->link);
    free(c->pinned);
    free(c->start);
    free(c->dur);
}

/* Collected first: updating the rows a SELECT is walking is not portable. */
static int ids_fn(void *ctx, const sg_store_imu_row *r)
{
    ids_ctx *c = ctx;
    if (c->n == c->cap) {
        size_t nc = sg_grow_cap(c->cap, 16, RELINK_MAX, sizeof(double));
        if (!nc)
            return SG_ELIMIT;
        long long *a = realloc(c->id, nc * sizeof *a);
        if (a)
            c->id = a;
        long long *l = realloc(c->link, nc * sizeof *l);
        if (l)
            c->link = l;
        bool *p = realloc(c->pinned, nc * sizeof *p);
        if (p)
            c->pinned = p;
        double *s = realloc(c->start, nc * sizeof *s);
        if (s)
            c->start = s;
        double *d = realloc(c->dur, nc * sizeof *d);
        if (d)
            c->dur = d;
        if (!a || !l || !p || !s || !d)
            return SG_ENOMEM;
        c->cap = nc;
    }
    c->id[c->n] = r->id;
    c->link[c->n] = r->linked_activity_id;
    c->pinned[c->n] = r->link_pinned;
    c->start[c->n] = r->start;
    c->dur[c->n] = r->duration_s;
    c->n++;
    return 0;
}

static int collect(sg_store *st, const sg_store_imu_query *q, ids_ctx *c, sg_err *err)
{
    int rc = st->be->imu_list(st->impl, q, ids_fn, c, err);
    if (rc == SG_ENOMEM || rc == SG_ELIMIT)
        return sg_err_set(err, rc, -1, "too many IMU recordings to re-link");
    return rc;
}

/* Recomputes the automatic links of the collected recordings. */
static int relink(sg_store *st, const ids_ctx *c, bool unpin, sg_err *err)
{
    int rc = SG_OK;
    for (size_t i = 0; i < c->n && !rc; i++) {
        if (c->pinned[i] && !unpin)
            continue;
        long long best;
        if ((rc = best_activity(st, c->start[i], c->dur[i], c->link[i], &best, err)))
            break;
        if (best != c->link[i] || c->pinned[i])
            rc = st->be->imu_set_link(st->impl, c->id[i], best, false, err);
    }
    return rc;
}

/* After an activity covering [from, to] appeared or changed. */
static int relink_window(sg_store *st, double from, double to, sg_err *err)
{
    if (!isfinite(from) || !isfinite(to))
        return SG_OK;
    sg_store_imu_query q = {0, from, to, 0};
    ids_ctx c = {0};
    int rc = collect(st, &q, &c, err);
    if (!rc)
        rc = relink(st, &c, false, err);
    ids_free(&c);
    return rc;
}

/* ---- ingest ----------------------------------------------------------- */

typedef struct match_ctx {
    const sg_store_summary *s;
    sg_store_row best;
    int found;
} match_ctx;

static int match_fn(void *ctx, const sg_store_row *row)
{
    match_ctx *m = ctx;
    if (!sg_store_same_run(m->s, &row->s))
        return 0;
    /* Of several candidates, the closest start wins (two runs can start
     * within a minute only in contrived data, but be deterministic). */
    if (!m->found || fabs(row->s.start - m->s->start) < fabs(m->best.s.start - m->s->start)) {
        m->best = *row;
        m->found = 1;
    }
    return 0;
}

static int ingest_tx(sg_store *st, const sg_store_summary *sum, const void *blob,
                     size_t blob_len, const sg_store_source *src, sg_ingest_result *res,
                     sg_err *err)
{
    int rc;
    long long id = 0;
    rc = st->be->find_hash(st->impl, src->sha256, &id, err);
    if (rc == SG_OK) {
        int exists = 0;
        if ((rc = st->be->source_exists(st->impl, src->sha256, src->path, &exists, err)))
            return rc;
        if (!exists && (rc = st->be->insert_source(st->impl, id, src, err)))
            return rc;
        res->outcome = SG_INGEST_DUPLICATE;
        res->activity_id = id;
        return SG_OK;
    }
    if (rc != SG_ENOTFOUND)
        return rc;
    sg_err_clear(err);
    if (!blob || !blob_len)
        return sg_err_set(err, SG_EUSAGE, -1, "no samples to store");
    match_ctx m = {.s = sum};
    if (isfinite(sum->start)) {
        sg_store_filter f;
        sg_store_filter_init(&f);
        f.since = sum->start - 60.0;
        f.until = nextafter(sum->start + 60.0, INFINITY);
        if ((rc = st->be->list(st->impl, &f, match_fn, &m, err)))
            return rc;
    }
    if (m.found) {
        id = m.best.id;
        if (sg_store_richer(sum, &m.best.s) > 0) {
            sg_store_summary merged = *sum;
            /* A name or sport given by the user (e.g. Strava's activities.csv)
             * outlives the choice of samples. */
            if (!merged.name[0])
                memcpy(merged.name, m.best.s.name, sizeof merged.name);
            if ((rc = st->be->update_activity(st->impl, id, &merged, blob, blob_len,
                                              src->imported_at, err)) ||
                (rc = relink_window(st, fmin(sum->start, m.best.s.start),
                                    fmax(sum->start + sum->duration_s,
                                         m.best.s.start + m.best.s.duration_s),
                                    err)))
                return rc;
            res->outcome = SG_INGEST_SAME_RUN_REPLACED;
        } else {
            res->outcome = SG_INGEST_SAME_RUN_KEPT;
        }
    } else {
        if ((rc = st->be->insert_activity(st->impl, sum, blob, blob_len, src->imported_at, &id,
                                          err)) ||
            (rc = relink_window(st, sum->start, sum->start + sum->duration_s, err)))
            return rc;
        res->outcome = SG_INGEST_NEW;
    }
    res->activity_id = id;
    return st->be->insert_source(st->impl, id, src, err);
}

int sg_store_ingest(sg_store *st, const sg_store_summary *sum, const void *blob,
                    size_t blob_len, const sg_store_source *src, sg_ingest_result *res,
                    sg_err *err)
{
    if (!src || !src->path || !src->file_name || !src->format || strlen(src->sha256) != 64)
        return sg_err_set(err, SG_EUSAGE, -1, "ingest needs a source with path, name and hash");
    int own = !st->in_tx;
    int rc;
    if (own && (rc = st->be->begin(st->impl, err)))
        return rc;
    rc = ingest_tx(st, sum, blob, blob_len, src, res, err);
    if (own) {
        if (rc)
            st->be->rollback(st->impl, NULL);
        else if ((rc = st->be->commit(st->impl, err)))
            st->be->rollback(st->impl, NULL);
    }
    return rc;
}

int sg_store_find_hash(sg_store *st, const char *sha256, long long *activity_id, sg_err *err)
{
    long long id = 0;
    int rc = st->be->find_hash(st->impl, sha256, &id, err);
    if (!rc && activity_id)
        *activity_id = id;
    return rc;
}

int sg_store_each_hash(sg_store *st, int (*fn)(void *ctx, const char *sha256), void *ctx,
                       sg_err *err)
{
    return st->be->each_hash(st->impl, fn, ctx, err);
}

int sg_store_list(sg_store *st, const sg_store_filter *f,
                  int (*fn)(void *ctx, const sg_store_row *row), void *ctx, sg_err *err)
{
    sg_store_filter all;
    if (!f) {
        sg_store_filter_init(&all);
        f = &all;
    }
    return st->be->list(st->impl, f, fn, ctx, err);
}

int sg_store_count(sg_store *st, long long *n, sg_err *err)
{
    return st->be->count(st->impl, n, err);
}

int sg_store_get(sg_store *st, long long id, sg_store_row *row, sg_err *err)
{
    return st->be->get(st->impl, id, row, err);
}

int sg_store_sources(sg_store *st, long long activity_id,
                     int (*fn)(void *ctx, const sg_store_source *src), void *ctx, sg_err *err)
{
    return st->be->sources(st->impl, activity_id, fn, ctx, err);
}

typedef struct load_ctx {
    const sg_allocator *a;
    sg_activity *act;
    sg_err *err;
} load_ctx;

static int load_fn(void *ctx, const void *blob, size_t len)
{
    load_ctx *l = ctx;
    return sg_store_blob_decode(blob, len, l->a, &l->act, l->err);
}

int sg_store_load(sg_store *st, long long id, const sg_allocator *a, sg_activity **out,
                  sg_err *err)
{
    load_ctx l = {a, NULL, err};
    *out = NULL;
    int rc = st->be->blob(st->impl, id, load_fn, &l, err);
    if (!rc)
        *out = l.act;
    return rc;
}

/* Runs fn in a transaction unless the caller opened one. */
static int in_tx(sg_store *st, int (*fn)(sg_store *, void *, sg_err *), void *arg, sg_err *err)
{
    int own = !st->in_tx;
    int rc;
    if (own && (rc = st->be->begin(st->impl, err)))
        return rc;
    rc = fn(st, arg, err);
    if (own) {
        if (rc)
            st->be->rollback(st->impl, NULL);
        else if ((rc = st->be->commit(st->impl, err)))
            st->be->rollback(st->impl, NULL);
    }
    return rc;
}

/* Removes activity id (into the trash when `keep`, which keeps it for undo)
 * and sends its recordings (pinned ones too: the pin pointed here) back to
 * automatic linking. */
static int remove_activity(sg_store *st, long long id, bool keep, sg_err *err)
{
    sg_store_imu_query q = {0, NAN, NAN, id};
    ids_ctx c = {0};
    int rc = collect(st, &q, &c, err);
    if (!rc)
        rc = keep ? st->be->trash(st->impl, id, (long long)time(NULL), err)
                  : st->be->remove(st->impl, id, err);
    for (size_t i = 0; i < c.n && !rc; i++)
        c.link[i] = 0;
    if (!rc)
        rc = relink(st, &c, true, err);
    ids_free(&c);
    return rc;
}

static int delete_tx(sg_store *st, void *arg, sg_err *err)
{
    return remove_activity(st, *(long long *)arg, false, err);
}

int sg_store_delete(sg_store *st, long long id, sg_err *err)
{
    return in_tx(st, delete_tx, &id, err);
}

static int trash_tx(sg_store *st, void *arg, sg_err *err)
{
    return remove_activity(st, *(long long *)arg, true, err);
}

int sg_store_trash(sg_store *st, long long id, sg_err *err)
{
    return in_tx(st, trash_tx, &id, err);
}

static int untrash_tx(sg_store *st, void *arg, sg_err *err)
{
    long long *id = arg;
    int rc = st->be->trash_last(st->impl, id, err);
    return rc ? rc : st->be->untrash(st->impl, *id, (long long)time(NULL), err);
}

int sg_store_untrash_last(sg_store *st, long long *id, sg_err *err)
{
    long long tmp = 0;
    int rc = in_tx(st, untrash_tx, &tmp, err);
    if (id)
        *id = rc ? 0 : tmp;
    return rc;
}

int sg_store_changes(sg_store *st, int (*fn)(void *ctx, const sg_store_change *c), void *ctx,
                     sg_err *err)
{
    return st->be->changes(st->impl, fn, ctx, err);
}

/* ---- IMU recordings --------------------------------------------------- */

void sg_store_imu_describe(const sg_imu *rec, sg_store_imu_row *row)
{
    memset(row, 0, sizeof *row);
    row->start = rec->time_relative ? NAN : rec->t0;
    row->sample_rate_hz = rec->fs;
    row->n_samples = (long long)rec->n;
    row->duration_s = rec->n ? sg_imu_time(rec, rec->n - 1) - rec->t0 + 1.0 / rec->fs : 0.0;
    row->has_gyro = rec->gyr[0] != NULL;
    snprintf(row->reader, sizeof row->reader, "%s", rec->source ? rec->source : "unknown");
}

typedef struct put_args {
    const sg_store_imu_row *meta;
    const void *blob;
    size_t len;
    long long link;
    sg_store_imu_put_result *res;
} put_args;

static int put_tx(sg_store *st, void *arg, sg_err *err)
{
    put_args *a = arg;
    long long id = 0;
    int rc = st->be->imu_find_hash(st->impl, a->meta->sha256, &id, err);
    if (rc == SG_OK) {
        sg_store_imu_query q = {id, NAN, NAN, 0};
        ids_ctx c = {0};
        rc = collect(st, &q, &c, err);
        a->res->id = id;
        a->res->duplicate = true;
        a->res->linked_activity_id = (!rc && c.n) ? c.link[0] : 0;
        ids_free(&c);
        return rc;
    }
    if (rc != SG_ENOTFOUND)
        return rc;
    sg_err_clear(err);
    if ((rc = st->be->imu_insert(st->impl, a->meta, a->blob, a->len, &id, err)))
        return rc;
    long long link = a->link;
    if (link <= 0 && (rc = best_activity(st, a->meta->start, a->meta->duration_s, 0, &link, err)))
        return rc;
    if (link > 0 && (rc = st->be->imu_set_link(st->impl, id, link, false, err)))
        return rc;
    a->res->id = id;
    a->res->duplicate = false;
    a->res->linked_activity_id = link;
    return SG_OK;
}

int sg_store_imu_put(sg_store *st, const sg_store_imu_row *meta, const void *blob, size_t len,
                     long long link_activity, sg_store_imu_put_result *res, sg_err *err)
{
    if (!meta || !meta->file_name[0] || !meta->path[0] || strlen(meta->sha256) != 64 ||
        !(meta->sample_rate_hz > 0))
        return sg_err_set(err, SG_EUSAGE, -1,
                          "an IMU recording needs a file name, path, hash and sample rate");
    if (!blob || !len)
        return sg_err_set(err, SG_EUSAGE, -1, "no IMU samples to store");
    put_args a = {meta, blob, len, link_activity, res};
    memset(res, 0, sizeof *res);
    return in_tx(st, put_tx, &a, err);
}

int sg_store_imu_find_hash(sg_store *st, const char *sha256, long long *id, sg_err *err)
{
    long long tmp = 0;
    int rc = st->be->imu_find_hash(st->impl, sha256, &tmp, err);
    if (!rc && id)
        *id = tmp;
    return rc;
}

int sg_store_imu_list(sg_store *st, int (*fn)(void *ctx, const sg_store_imu_row *row),
                      void *ctx, sg_err *err)
{
    sg_store_imu_query q = {0, NAN, NAN, 0};
    return st->be->imu_list(st->impl, &q, fn, ctx, err);
}

static int copy_row(void *ctx, const sg_store_imu_row *r)
{
    *(sg_store_imu_row *)ctx = *r;
    return 1;
}

int sg_store_imu_get(sg_store *st, long long id, sg_store_imu_row *row, sg_err *err)
{
    sg_store_imu_query q = {id, NAN, NAN, 0};
    if (id <= 0)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no IMU recording %lld", id);
    row->id = 0;
    int rc = st->be->imu_list(st->impl, &q, copy_row, row, err);
    if (rc == 1)
        return SG_OK;
    if (rc)
        return rc;
    return sg_err_set(err, SG_ENOTFOUND, -1, "no IMU recording %lld", id);
}

typedef struct imu_load_ctx {
    const sg_allocator *a;
    sg_imu *rec;
    sg_err *err;
} imu_load_ctx;

static int imu_load_fn(void *ctx, const void *blob, size_t len)
{
    imu_load_ctx *l = ctx;
    return sg_store_imu_blob_decode(blob, len, l->a, &l->rec, l->err);
}

int sg_store_imu_load(sg_store *st, long long id, const sg_allocator *a, sg_imu **out,
                      sg_err *err)
{
    imu_load_ctx l = {a, NULL, err};
    *out = NULL;
    int rc = st->be->imu_blob(st->impl, id, imu_load_fn, &l, err);
    if (!rc)
        *out = l.rec;
    return rc;
}

typedef struct link_args {
    long long id, activity;
} link_args;

static int link_tx(sg_store *st, void *arg, sg_err *err)
{
    link_args *a = arg;
    sg_store_imu_row *row = malloc(sizeof *row);
    if (!row)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    int rc = sg_store_imu_get(st, a->id, row, err);
    if (rc)
        goto out;
    if (a->activity == SG_STORE_IMU_LINK_AUTO) {
        long long best;
        if (!(rc = best_activity(st, row->start, row->duration_s, row->linked_activity_id, &best,
                                 err)))
            rc = st->be->imu_set_link(st->impl, a->id, best, false, err);
        goto out;
    }
    if (a->activity > 0) {
        sg_store_row act;
        if ((rc = st->be->get(st->impl, a->activity, &act, err)))
            goto out;
    }
    rc = st->be->imu_set_link(st->impl, a->id, a->activity > 0 ? a->activity : 0, true, err);
out:
    free(row);
    return rc;
}

int sg_store_imu_link(sg_store *st, long long id, long long activity_id, sg_err *err)
{
    if (activity_id < 0 && activity_id != SG_STORE_IMU_LINK_AUTO)
        return sg_err_set(err, SG_EUSAGE, -1, "bad activity id %lld", activity_id);
    link_args a = {id, activity_id};
    return in_tx(st, link_tx, &a, err);
}

int sg_store_imu_delete(sg_store *st, long long id, sg_err *err)
{
    return st->be->imu_remove(st->impl, id, err);
}

int sg_store_imu_cache_put(sg_store *st, long long id, const char *name, int version,
                           const char *json, sg_err *err)
{
    if (!name || !json)
        return sg_err_set(err, SG_EUSAGE, -1, "name and json are required");
    return st->be->imu_cache_put(st->impl, id, name, version, json, err);
}

int sg_store_imu_cache_get(sg_store *st, long long id, const char *name, int version,
                           char **json, sg_err *err)
{
    *json = NULL;
    if (!name)
        return sg_err_set(err, SG_EUSAGE, -1, "name is required");
    return st->be->imu_cache_get(st->impl, id, name, version, json, err);
}

/* ---- kv / journal / cache -------------------------------------------- */

static int need(const char *s, const char *what, sg_err *err)
{
    if (!s)
        return sg_err_set(err, SG_EUSAGE, -1, "%s is required", what);
    return SG_OK;
}

int sg_store_kv_put(sg_store *st, const char *key, const char *value, sg_err *err)
{
    int rc;
    if ((rc = need(key, "key", err)) || (rc = need(value, "value", err)))
        return rc;
    return st->be->kv_put(st->impl, key, value, (long long)time(NULL), err);
}

int sg_store_kv_get(sg_store *st, const char *key, char **value, sg_err *err)
{
    *value = NULL;
    int rc = need(key, "key", err);
    return rc ? rc : st->be->kv_get(st->impl, key, value, err);
}

int sg_store_kv_delete(sg_store *st, const char *key, sg_err *err)
{
    int rc = need(key, "key", err);
    return rc ? rc : st->be->kv_delete(st->impl, key, err);
}

int sg_store_kv_list(sg_store *st, const char *prefix,
                     int (*fn)(void *ctx, const char *key, const char *value), void *ctx,
                     sg_err *err)
{
    return st->be->kv_list(st->impl, prefix ? prefix : "", fn, ctx, err);
}

int sg_store_gear_put(sg_store *st, long long id, const char *payload, long long *out,
                      sg_err *err)
{
    int rc;
    if ((rc = need(payload, "payload", err)))
        return rc;
    long long tmp;
    return st->be->gear_put(st->impl, id, payload, (long long)time(NULL), out ? out : &tmp, err);
}

int sg_store_gear_delete(sg_store *st, long long id, sg_err *err)
{
    return st->be->gear_delete(st->impl, id, err);
}

int sg_store_gear_list(sg_store *st, int (*fn)(void *ctx, long long id, const char *payload),
                       void *ctx, sg_err *err)
{
    return st->be->gear_list(st->impl, fn, ctx, err);
}

int sg_store_gear_assign(sg_store *st, long long activity_id, long long gear_id, sg_err *err)
{
    return st->be->gear_assign(st->impl, activity_id, gear_id, err);
}

int sg_store_gear_assignments(sg_store *st,
                              int (*fn)(void *ctx, long long activity_id, long long gear_id),
                              void *ctx, sg_err *err)
{
    return st->be->gear_assignments(st->impl, fn, ctx, err);
}

int sg_store_journal_add(sg_store *st, const char *kind, const char *date, const char *payload,
                         long long *id, sg_err *err)
{
    int rc;
    if ((rc = need(kind, "kind", err)) || (rc = need(date, "date", err)))
        return rc;
    long long tmp;
    return st->be->journal_add(st->impl, kind, date, payload ? payload : "{}",
                               (long long)time(NULL), id ? id : &tmp, err);
}

int sg_store_journal_update(sg_store *st, long long id, const char *kind, const char *date,
                            const char *payload, sg_err *err)
{
    int rc;
    if ((rc = need(kind, "kind", err)) || (rc = need(date, "date", err)))
        return rc;
    return st->be->journal_update(st->impl, id, kind, date, payload ? payload : "{}", err);
}

int sg_store_journal_delete(sg_store *st, long long id, sg_err *err)
{
    return st->be->journal_delete(st->impl, id, err);
}

typedef struct one_ctx {
    int (*fn)(void *, const sg_journal_row *);
    void *ctx;
    int seen;
} one_ctx;

static int one_fn(void *ctx, const sg_journal_row *row)
{
    one_ctx *o = ctx;
    o->seen = 1;
    return o->fn(o->ctx, row);
}

int sg_store_journal_get(sg_store *st, long long id,
                         int (*fn)(void *ctx, const sg_journal_row *row), void *ctx, sg_err *err)
{
    one_ctx o = {fn, ctx, 0};
    int rc = st->be->journal_list(st->impl, id, NULL, NULL, NULL, one_fn, &o, err);
    if (rc)
        return rc;
    return o.seen ? SG_OK : sg_err_set(err, SG_ENOTFOUND, -1, "no journal entry %lld", id);
}

int sg_store_journal_list(sg_store *st, const char *kind, const char *from, const char *to,
                          int (*fn)(void *ctx, const sg_journal_row *row), void *ctx,
                          sg_err *err)
{
    return st->be->journal_list(st->impl, 0, kind, from, to, fn, ctx, err);
}

int sg_store_cache_put_inputs(sg_store *st, long long activity_id, const char *name, int version,
                              const char *inputs, const char *json, sg_err *err)
{
    int rc;
    if ((rc = need(name, "name", err)) || (rc = need(json, "json", err)))
        return rc;
    return st->be->cache_put(st->impl, activity_id, name, version, inputs ? inputs : "", json,
                             err);
}

int sg_store_cache_get_inputs(sg_store *st, long long activity_id, const char *name, int version,
                              const char *inputs, char **json, sg_err *err)
{
    *json = NULL;
    int rc = need(name, "name", err);
    return rc ? rc
              : st->be->cache_get(st->impl, activity_id, name, version, inputs ? inputs : "",
                                  json, err);
}

int sg_store_cache_put(sg_store *st, long long activity_id, const char *name, int version,
                       const char *json, sg_err *err)
{
    return sg_store_cache_put_inputs(st, activity_id, name, version, "", json, err);
}

int sg_store_cache_get(sg_store *st, long long activity_id, const char *name, int version,
                       char **json, sg_err *err)
{
    return sg_store_cache_get_inputs(st, activity_id, name, version, "", json, err);
}

int sg_store_cache_delete(sg_store *st, long long activity_id, const char *name, sg_err *err)
{
    return st->be->cache_delete(st->impl, activity_id, name, err);
}

int sg_store_cache_list(sg_store *st, long long activity_id,
                        int (*fn)(void *ctx, const char *name, int version, const char *json),
                        void *ctx, sg_err *err)
{
    return st->be->cache_list(st->impl, activity_id, fn, ctx, err);
}
