/* The dashboard's import (src/server/upload.h). */
#include "server/upload.h"
#include "bytes/file.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/import.h"
#include "bytes/archive.h"
#include "render/import_text.h"
#include "server/token.h"

typedef enum job_state { JOB_IDLE, JOB_RECEIVING, JOB_IMPORTING, JOB_FINISHED } job_state;

/* A file the report names: damaged, skipped or failed. */
typedef struct named {
    sg_import_status status;
    char *file;
    char *reason;
    long long duplicate_of, stored_as;
} named;

struct sg_imports {
    sg_store_pool *pool;
    char dir[4096];               /* where temporary files go */
    pthread_mutex_t mu;
    /* the job, under mu */
    job_state state;
    unsigned long gen;            /* of the current or last upload */
    char name[SG_UPLOAD_NAME_MAX + 1];
    char tmpdir[4120];            /* its private folder, "" when none */
    char tmp[4400];               /* the temporary file, "" when none: tmpdir/name, so
                                   * the stored sources carry the file's own name */
    int fd;                       /* while receiving, else -1 */
    unsigned long long received;
    unsigned long long files_total, files_done;
    bool counted;                 /* files_total is known */
    char current[1024];
    sg_import_stats stats;
    named *f;
    size_t nf, more_named;
    char error[512];              /* the job could not run or was cut short */
    /* the thread of the last job, joined before the next starts */
    pthread_t thread;
    bool has_thread;
};

static void clear_named(sg_imports *im)
{
    for (size_t i = 0; i < im->nf; i++) {
        free(im->f[i].file);
        free(im->f[i].reason);
    }
    free(im->f);
    im->f = NULL;
    im->nf = im->more_named = 0;
}

/* The folder of the database at db_path (NULL = the default store), or the
 * temporary folder for a store without one (":memory:", PostgreSQL). The
 * token file's path is the database's own plus a suffix (token.h), and
 * fails exactly for a store without a folder. */
static int pick_dir(const char *db_path, char *dir, size_t cap, sg_err *err)
{
    char tok[4200];
    sg_err e;
    sg_err_clear(&e);
    if (sg_token_path(db_path, tok, sizeof tok, &e)) {
        if (db_path && (strcmp(db_path, ":memory:") == 0 || strstr(db_path, "://"))) {
            const char *t = getenv("TMPDIR");
            snprintf(dir, cap, "%s", t && t[0] == '/' ? t : "/tmp");
            return SG_OK;
        }
        *err = e;
        return e.code;
    }
    db_path = tok;
    const char *slash = strrchr(db_path, '/');
    if (!slash) {
        snprintf(dir, cap, ".");
        return SG_OK;
    }
    size_t n = slash == db_path ? 1 : (size_t)(slash - db_path);
    if (n >= cap)
        return sg_err_set(err, SG_EUSAGE, -1, "database path too long");
    memcpy(dir, db_path, n);
    dir[n] = '\0';
    return SG_OK;
}

int sg_imports_new(const char *db_path, sg_store_pool *pool, sg_imports **out, sg_err *err)
{
    *out = NULL;
    sg_imports *im = calloc(1, sizeof *im);
    if (!im)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    int rc = pick_dir(db_path, im->dir, sizeof im->dir, err);
    if (rc) {
        free(im);
        return rc;
    }
    im->pool = pool;
    im->fd = -1;
    pthread_mutex_init(&im->mu, NULL);
    *out = im;
    return SG_OK;
}

/* Under mu: closes and removes the temporary file. */
static void drop_tmp(sg_imports *im)
{
    if (im->fd >= 0)
        close(im->fd);
    im->fd = -1;
    if (im->tmp[0])
        unlink(im->tmp);
    if (im->tmpdir[0])
        rmdir(im->tmpdir);
    im->tmp[0] = im->tmpdir[0] = '\0';
}

void sg_imports_stop(sg_imports *im)
{
    if (!im)
        return;
    if (im->has_thread)
        pthread_join(im->thread, NULL);
    drop_tmp(im);
    clear_named(im);
    pthread_mutex_destroy(&im->mu);
    free(im);
}

int sg_imports_begin(sg_imports *im, const char *name, long long declared, unsigned long *gen,
                     sg_err *err)
{
    if (!sg_file_name_ok(name, SG_UPLOAD_NAME_MAX))
        return sg_err_set(err, SG_EUSAGE, -1,
                          "name: expected the file's name (1 to %d bytes, no '/', '\\' or "
                          "control characters)", SG_UPLOAD_NAME_MAX);
    if (declared > 0 && (unsigned long long)declared > SG_UPLOAD_MAX_BYTES)
        return sg_err_set(err, SG_ELIMIT, -1, "the file is larger than %llu MiB, the most one "
                          "import takes", (unsigned long long)SG_UPLOAD_MAX_BYTES >> 20);
    pthread_mutex_lock(&im->mu);
    if (im->state == JOB_RECEIVING || im->state == JOB_IMPORTING) {
        pthread_mutex_unlock(&im->mu);
        return sg_err_set(err, SG_EEXISTS, -1,
                          "another import is under way: wait until it has finished");
    }
    bool join = im->has_thread;
    pthread_t t = im->thread;
    im->has_thread = false;
    pthread_mutex_unlock(&im->mu);
    if (join)
        pthread_join(t, NULL); /* finished: its state says so */

    char tmpdir[sizeof im->tmpdir], tmp[sizeof im->tmp];
    if ((size_t)snprintf(tmpdir, sizeof tmpdir, "%s/.sg-upload-XXXXXX", im->dir) >= sizeof tmpdir)
        return sg_err_set(err, SG_EIO, -1, "the store's folder name is too long");
    if (!mkdtemp(tmpdir))
        return sg_err_set(err, SG_EIO, -1, "cannot create a temporary folder beside the store: %s",
                          strerror(errno));
    snprintf(tmp, sizeof tmp, "%s/%s", tmpdir, name);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        rmdir(tmpdir);
        return sg_err_set(err, SG_EIO, -1, "cannot create a temporary file beside the store: %s",
                          strerror(e));
    }
    pthread_mutex_lock(&im->mu);
    if (im->state == JOB_RECEIVING || im->state == JOB_IMPORTING) { /* lost a race */
        pthread_mutex_unlock(&im->mu);
        close(fd);
        unlink(tmp);
        rmdir(tmpdir);
        return sg_err_set(err, SG_EEXISTS, -1,
                          "another import is under way: wait until it has finished");
    }
    clear_named(im);
    memset(&im->stats, 0, sizeof im->stats);
    im->state = JOB_RECEIVING;
    *gen = ++im->gen;
    snprintf(im->name, sizeof im->name, "%s", name);
    memcpy(im->tmp, tmp, sizeof tmp);
    memcpy(im->tmpdir, tmpdir, sizeof tmpdir);
    im->fd = fd;
    im->received = im->files_total = im->files_done = 0;
    im->counted = false;
    im->current[0] = im->error[0] = '\0';
    pthread_mutex_unlock(&im->mu);
    return SG_OK;
}

/* Under mu: upload gen is the one being received. */
static bool receiving(const sg_imports *im, unsigned long gen)
{
    return im->state == JOB_RECEIVING && im->gen == gen;
}

/* Under mu: ends the upload with nothing imported. */
static void fail_upload(sg_imports *im, const char *why)
{
    drop_tmp(im);
    snprintf(im->error, sizeof im->error, "%s", why);
    im->state = JOB_FINISHED;
}

int sg_imports_write(sg_imports *im, unsigned long gen, const void *data, size_t len,
                     sg_err *err)
{
    pthread_mutex_lock(&im->mu);
    if (!receiving(im, gen)) {
        pthread_mutex_unlock(&im->mu);
        return sg_err_set(err, SG_EUSAGE, -1, "the upload was dropped");
    }
    if (im->received + len > SG_UPLOAD_MAX_BYTES) {
        sg_err_set(err, SG_ELIMIT, -1, "the file is larger than %llu MiB, the most one import "
                   "takes", (unsigned long long)SG_UPLOAD_MAX_BYTES >> 20);
        fail_upload(im, err->msg);
        pthread_mutex_unlock(&im->mu);
        return SG_ELIMIT;
    }
    int fd = im->fd;
    im->received += len;
    pthread_mutex_unlock(&im->mu);
    /* only this upload's connection writes to fd, and it is closed only by
     * a call of that connection (abort, start) or a later failure here */
    const unsigned char *p = data;
    while (len) {
        ssize_t k = write(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            int code = errno == ENOSPC || errno == EDQUOT ? SG_ENOSPC : SG_EIO;
            sg_err_set(err, code, -1, "cannot keep the upload beside the store: %s",
                       strerror(errno));
            pthread_mutex_lock(&im->mu);
            if (receiving(im, gen))
                fail_upload(im, err->msg);
            pthread_mutex_unlock(&im->mu);
            return code;
        }
        p += k;
        len -= (size_t)k;
    }
    return SG_OK;
}

void sg_imports_abort(sg_imports *im, unsigned long gen)
{
    pthread_mutex_lock(&im->mu);
    if (receiving(im, gen))
        fail_upload(im, "the upload was cut short: nothing was imported");
    pthread_mutex_unlock(&im->mu);
}

/* ---- the job's thread ---- */

static int count_entry(void *ctx, sg_walk_entry *e)
{
    ++*(unsigned long long *)ctx;
    free(e->data);
    e->data = NULL;
    return 0;
}

/* The name a person knows an event's path by: the upload's own name in
 * place of the temporary file's, escaped for display. */
static void shown(const sg_imports *im, const char *path, char *out, size_t cap)
{
    size_t k = strlen(im->tmpdir);
    if (k && strncmp(path, im->tmpdir, k) == 0 && path[k] == '/')
        path += k + 1;
    sg_name_escape(path, out, cap);
}

static void keep(sg_imports *im, const sg_import_event *ev, const char *file)
{
    if (im->nf >= SG_UPLOAD_MAX_NAMED) {
        im->more_named++;
        return;
    }
    if (im->nf % 16 == 0) {
        named *q = realloc(im->f, (im->nf + 16) * sizeof *q);
        if (!q) {
            im->more_named++;
            return;
        }
        im->f = q;
    }
    char reason[400] = "";
    if (ev->err)
        sg_import_reason(ev->err, reason, sizeof reason);
    named x = {ev->status, strdup(file), strdup(reason), ev->duplicate_of, ev->activity_id};
    if (!x.file || !x.reason) {
        free(x.file);
        free(x.reason);
        im->more_named++;
        return;
    }
    im->f[im->nf++] = x;
}

static void on_event(void *ctx, const sg_import_event *ev)
{
    sg_imports *im = ctx;
    pthread_mutex_lock(&im->mu);
    char file[sizeof im->current];
    shown(im, ev->path, file, sizeof file);
    memcpy(im->current, file, sizeof file);
    im->files_done++;
    switch (ev->status) {
    case SG_IMPORT_IMPORTED: im->stats.imported++; break;
    case SG_IMPORT_DUPLICATE: im->stats.duplicates++; break;
    case SG_IMPORT_SAME_RUN: im->stats.same_run++; break;
    case SG_IMPORT_IMU: im->stats.imu++; break;
    case SG_IMPORT_SKIPPED: im->stats.skipped++; keep(im, ev, file); break;
    case SG_IMPORT_FAILED: im->stats.failed++; keep(im, ev, file); break;
    case SG_IMPORT_DAMAGED: im->stats.damaged++; keep(im, ev, file); break;
    default: break;
    }
    pthread_mutex_unlock(&im->mu);
}

static void on_progress(void *ctx, const sg_import_progress *p)
{
    sg_imports *im = ctx;
    pthread_mutex_lock(&im->mu);
    if (p->files_done > im->files_done)
        im->files_done = p->files_done;
    pthread_mutex_unlock(&im->mu);
}

static void *run(void *arg)
{
    sg_imports *im = arg;
    pthread_mutex_lock(&im->mu);
    char path[sizeof im->tmp];
    memcpy(path, im->tmp, sizeof path);
    pthread_mutex_unlock(&im->mu);

    /* the total for the bar: the walker's entries (an archive's files) */
    unsigned long long total = 0;
    sg_walk(path, NULL, count_entry, &total);
    pthread_mutex_lock(&im->mu);
    im->files_total = total;
    im->counted = true;
    pthread_mutex_unlock(&im->mu);

    sg_err err;
    sg_err_clear(&err);
    sg_store *st = NULL;
    int rc = sg_pool_get(im->pool, &st, &err);
    sg_import_stats stats;
    memset(&stats, 0, sizeof stats);
    if (!rc) {
        sg_import_opts o;
        sg_import_opts_init(&o);
        o.threads = 2; /* beside the server's own threads */
        o.on_event = on_event;
        o.on_progress = on_progress;
        o.ctx = im;
        const char *paths[1] = {path};
        rc = sg_import_run(st, paths, 1, &o, &stats, &err);
        sg_pool_put(im->pool, st, rc == SG_ESTORE || rc == SG_ENOSPC);
    }
    pthread_mutex_lock(&im->mu);
    if (rc == SG_OK || rc == SG_ENOSPC)
        im->stats = stats; /* the use case's own count */
    if (rc) {
        snprintf(im->error, sizeof im->error, "%s", err.msg[0] ? err.msg : sg_code_name(rc));
        if (rc == SG_ENOSPC) {
            size_t k = strlen(im->error);
            snprintf(im->error + k, sizeof im->error - k,
                     "; import stopped, %llu file(s) read but not attempted, the rest not read",
                     (unsigned long long)stats.not_attempted);
        }
    }
    if (im->files_done > im->files_total)
        im->files_total = im->files_done;
    drop_tmp(im);
    im->state = JOB_FINISHED;
    pthread_mutex_unlock(&im->mu);
    return NULL;
}

int sg_imports_start(sg_imports *im, unsigned long gen, sg_err *err)
{
    pthread_mutex_lock(&im->mu);
    if (!receiving(im, gen)) {
        pthread_mutex_unlock(&im->mu);
        return sg_err_set(err, SG_EUSAGE, -1, "no upload to import");
    }
    close(im->fd);
    im->fd = -1;
    im->state = JOB_IMPORTING;
    if (pthread_create(&im->thread, NULL, run, im) != 0) {
        fail_upload(im, "cannot start the import");
        pthread_mutex_unlock(&im->mu);
        return sg_err_set(err, SG_EIO, -1, "cannot start the import");
    }
    im->has_thread = true;
    pthread_mutex_unlock(&im->mu);
    return SG_OK;
}

const char *sg_imports_dir(const sg_imports *im)
{
    return im->dir;
}

void sg_imports_json(sg_imports *im, sg_jw *w)
{
    static const char *const state[] = {"idle", "receiving", "importing", "finished"};
    pthread_mutex_lock(&im->mu);
    const sg_import_stats *s = &im->stats;
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "state", state[im->state]);
    sg_jw_kbool(w, "finished", im->state == JOB_FINISHED);
    sg_jw_kstr(w, "upload", im->state == JOB_IDLE ? NULL : im->name);
    sg_jw_kint(w, "bytes_received", (long long)im->received);
    sg_jw_key(w, "files_total");
    if (im->counted)
        sg_jw_int(w, (long long)im->files_total);
    else
        sg_jw_null(w);
    sg_jw_kint(w, "files_done", (long long)im->files_done);
    sg_jw_kstr(w, "current", im->current[0] ? im->current : NULL);
    sg_jw_kint(w, "imported", (long long)s->imported);
    sg_jw_kint(w, "duplicates", (long long)(s->duplicates + s->same_run));
    sg_jw_kint(w, "skipped", (long long)s->skipped);
    sg_jw_kint(w, "failed", (long long)s->failed);
    sg_jw_kint(w, "damaged", (long long)s->damaged);
    sg_jw_kint(w, "imu_recordings", (long long)s->imu);
    sg_jw_kint(w, "not_attempted", (long long)s->not_attempted);
    sg_jw_key(w, "damaged_files");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < im->nf; i++) {
        const named *x = &im->f[i];
        if (x->status != SG_IMPORT_DAMAGED)
            continue;
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "file", x->file);
        sg_jw_kstr(w, "error", x->reason);
        sg_jw_key(w, "duplicate_of");
        if (x->duplicate_of)
            sg_jw_int(w, x->duplicate_of);
        else
            sg_jw_null(w);
        sg_jw_key(w, "stored_partial_as");
        if (x->stored_as)
            sg_jw_int(w, x->stored_as);
        else
            sg_jw_null(w);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_key(w, "skipped_files");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < im->nf; i++) {
        if (im->f[i].status != SG_IMPORT_SKIPPED)
            continue;
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "file", im->f[i].file);
        sg_jw_kstr(w, "reason", im->f[i].reason);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_key(w, "failed_files");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < im->nf; i++) {
        if (im->f[i].status != SG_IMPORT_FAILED)
            continue;
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "file", im->f[i].file);
        sg_jw_kstr(w, "error", im->f[i].reason);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_kint(w, "more_files_not_named", (long long)im->more_named);
    sg_jw_kstr(w, "error", im->error[0] ? im->error : NULL);
    sg_jw_obj_end(w);
    pthread_mutex_unlock(&im->mu);
}
