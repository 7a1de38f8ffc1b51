/* `serve --watch DIR` (src/server/watch.h). */
#include "server/watch.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/import.h"
#include "bytes/file.h"
#include "strideguard/alloc.h"

typedef struct seen {
    char *name;
    long long size;
    long long mtime_ns;
    bool stable_once;          /* same size and mtime as the poll before */
    bool done;                 /* imported at this size and mtime */
} seen;

struct sg_watch {
    const char *dir;
    sg_store_pool *pool;
    FILE *log;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    seen *v;
    size_t n, cap;
    bool warned_full;
};

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static bool ignored(const char *name)
{
    static const char *const suffix[] = {".part", ".crdownload", ".tmp", ".partial", "~"};
    if (name[0] == '.')
        return true;
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        size_t k = strlen(suffix[i]);
        if (n >= k && strcmp(name + n - k, suffix[i]) == 0)
            return true;
    }
    return false;
}

/* The tracked names are kept sorted: a lookup is a binary search, so a poll
 * of a large folder costs n log n, not n squared. *at: where name is or
 * would go. */
static seen *find(sg_watch *w, const char *name, size_t *at)
{
    size_t lo = 0, hi = w->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(w->v[mid].name, name);
        if (c == 0) {
            *at = mid;
            return &w->v[mid];
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *at = lo;
    return NULL;
}

static seen *add(sg_watch *w, const char *name, size_t at)
{
    if (w->n >= SG_WATCH_MAX_FILES) {
        if (!w->warned_full) {
            char d[256];
            fprintf(w->log, "strideguard: watch: %s: more than %d files; new ones are ignored\n",
                    sg_name_escape(w->dir, d, sizeof d), SG_WATCH_MAX_FILES);
            w->warned_full = true;
        }
        return NULL;
    }
    if (w->n == w->cap) {
        seen *nv = sg_grow(NULL, w->v, &w->cap, sizeof *nv, 64, SG_WATCH_MAX_FILES);
        if (!nv)
            return NULL;
        w->v = nv;
    }
    char *copy = strdup(name);
    if (!copy)
        return NULL;
    memmove(&w->v[at + 1], &w->v[at], (w->n - at) * sizeof *w->v);
    w->n++;
    seen *s = &w->v[at];
    memset(s, 0, sizeof *s);
    s->name = copy;
    s->size = -1;
    return s;
}

typedef struct logctx {
    FILE *log;
} logctx;

static void on_event(void *ctx, const sg_import_event *ev)
{
    const logctx *l = ctx;
    char name[512];
    sg_name_escape(ev->path, name, sizeof name);
    switch (ev->status) {
    case SG_IMPORT_IMPORTED:
        fprintf(l->log, "strideguard: watch: %s: imported as run %lld\n", name, ev->activity_id);
        break;
    case SG_IMPORT_DUPLICATE:
    case SG_IMPORT_SAME_RUN:
        fprintf(l->log, "strideguard: watch: %s: already stored (run %lld)\n", name,
                ev->activity_id);
        break;
    case SG_IMPORT_IMU:
        fprintf(l->log, "strideguard: watch: %s: imported as lower-back recording %lld\n", name,
                ev->imu_id);
        break;
    case SG_IMPORT_DAMAGED: {
        /* the watch imports strictly: a file read only in part is stored
         * only when it is a copy of a stored run (then nothing new) */
        const char *what = ev->duplicate_of ? "a damaged copy of a stored run, not stored"
                                            : "damaged, not stored (read again if it changes)";
        if (ev->err && ev->err->offset >= 0)
            fprintf(l->log, "strideguard: watch: %s: offset %lld: %s: %s\n", name,
                    ev->err->offset, ev->err->msg, what);
        else
            fprintf(l->log, "strideguard: watch: %s: %s: %s\n", name,
                    ev->err ? ev->err->msg : "read in part", what);
        break;
    }
    case SG_IMPORT_SKIPPED:
        fprintf(l->log, "strideguard: watch: %s: skipped: %s\n", name,
                ev->err ? ev->err->msg : "not an activity");
        break;
    default:
        if (ev->err && ev->err->offset >= 0)
            fprintf(l->log, "strideguard: watch: %s: offset %lld: %s\n", name, ev->err->offset,
                    ev->err->msg);
        else
            fprintf(l->log, "strideguard: watch: %s: %s\n", name,
                    ev->err ? ev->err->msg : "not imported");
        break;
    }
    fflush(l->log);
}

static void import_one(sg_watch *w, const char *path)
{
    sg_store *st = NULL;
    sg_err err;
    sg_err_clear(&err);
    char d[512];
    if (sg_pool_get(w->pool, &st, &err)) {
        fprintf(w->log, "strideguard: watch: %s: %s\n", sg_name_escape(path, d, sizeof d),
                err.msg);
        return;
    }
    logctx l = {w->log};
    sg_import_opts o;
    sg_import_opts_init(&o);
    o.threads = 1;     /* beside the server's own threads */
    o.strict = true;   /* a file caught mid-copy is refused, and read again once it changes */
    o.on_event = on_event;
    o.ctx = &l;
    sg_import_stats stats;
    const char *paths[1] = {path};
    int rc = sg_import_run(st, paths, 1, &o, &stats, &err);
    if (rc)
        fprintf(w->log, "strideguard: watch: %s: %s\n", sg_name_escape(path, d, sizeof d),
                err.msg);
    sg_pool_put(w->pool, st, rc == SG_ESTORE);
}

/* One pass over the folder: records sizes and times, imports what settled. */
static void poll_once(sg_watch *w)
{
    DIR *dh = opendir(w->dir);
    if (!dh)
        return;
    struct dirent *de;
    const long long now = now_ns();
    while ((de = readdir(dh))) {
        if (ignored(de->d_name))
            continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", w->dir, de->d_name) >= sizeof path)
            continue;
        struct stat sb;
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        const long long mt = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
        size_t at;
        seen *s = find(w, de->d_name, &at);
        if (!s && !(s = add(w, de->d_name, at)))
            continue;
        if (s->size != (long long)sb.st_size || s->mtime_ns != mt) {
            s->size = (long long)sb.st_size;
            s->mtime_ns = mt;
            s->stable_once = false;
            s->done = false;
            continue;
        }
        s->stable_once = true;
        if (s->done || now - mt < (long long)SG_WATCH_SETTLE_MS * 1000000LL)
            continue;
        s->done = true;
        import_one(w, path);
        pthread_mutex_lock(&w->mu);
        bool stop = w->stop;
        pthread_mutex_unlock(&w->mu);
        if (stop)
            break;
    }
    closedir(dh);
}

static void *run(void *arg)
{
    sg_watch *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        pthread_mutex_unlock(&w->mu);
        poll_once(w);
        pthread_mutex_lock(&w->mu);
        if (w->stop)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += (long)SG_WATCH_POLL_MS % 1000 * 1000000L;
        ts.tv_sec += SG_WATCH_POLL_MS / 1000 + ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&w->cv, &w->mu, &ts);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

int sg_watch_start(const char *dir, sg_store_pool *pool, FILE *log, sg_watch **out, sg_err *err)
{
    *out = NULL;
    char d[512];
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return sg_err_set(err, SG_EIO, -1, "--watch: %s: %s", sg_name_escape(dir, d, sizeof d),
                          errno && stat(dir, &sb) != 0 ? strerror(errno) : "not a folder");
    DIR *probe = opendir(dir);
    if (!probe)
        return sg_err_set(err, SG_EIO, -1, "--watch: %s: %s", sg_name_escape(dir, d, sizeof d),
                          strerror(errno));
    closedir(probe);
    sg_watch *w = calloc(1, sizeof *w);
    if (!w)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    w->dir = dir;
    w->pool = pool;
    w->log = log ? log : stderr;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        free(w);
        return sg_err_set(err, SG_EIO, -1, "--watch: cannot start the watching thread");
    }
    *out = w;
    return SG_OK;
}

void sg_watch_stop(sg_watch *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i].name);
    free(w->v);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
}
