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

#include "app/clinic.h"
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

/* One owner's job: the upload being received or imported, or the last
 * report. Every field is under the service's mu. */
typedef struct job {
    struct sg_imports *im;
    long long owner;              /* the athlete it imports into */
    job_state state;
    unsigned long gen;            /* of the current or last upload */
    unsigned long long ended;     /* when it finished, in the service's count (eviction) */
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
    /* the thread of the last import, joined before the slot is used again */
    pthread_t thread;
    bool has_thread;
} job;

struct sg_imports {
    sg_store_pool *pool;
    char dir[4096];               /* where temporary files go */
    pthread_mutex_t mu;
    /* under mu */
    unsigned long gen;            /* the last upload's number */
    unsigned long long ends;      /* jobs finished so far */
    job *jobs[SG_UPLOAD_MAX_REPORTS]; /* allocated on first use, freed by sg_imports_stop */
};

static void clear_named(job *j)
{
    for (size_t i = 0; i < j->nf; i++) {
        free(j->f[i].file);
        free(j->f[i].reason);
    }
    free(j->f);
    j->f = NULL;
    j->nf = j->more_named = 0;
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
    pthread_mutex_init(&im->mu, NULL);
    *out = im;
    return SG_OK;
}

/* Under mu: closes and removes the temporary file. */
static void drop_tmp(job *j)
{
    if (j->fd >= 0)
        close(j->fd);
    j->fd = -1;
    if (j->tmp[0])
        unlink(j->tmp);
    if (j->tmpdir[0])
        rmdir(j->tmpdir);
    j->tmp[0] = j->tmpdir[0] = '\0';
}

void sg_imports_stop(sg_imports *im)
{
    if (!im)
        return;
    for (size_t i = 0; i < SG_UPLOAD_MAX_REPORTS; i++) {
        job *j = im->jobs[i];
        if (!j)
            continue;
        if (j->has_thread)
            pthread_join(j->thread, NULL);
        drop_tmp(j);
        clear_named(j);
        free(j);
    }
    pthread_mutex_destroy(&im->mu);
    free(im);
}

static bool active(const job *j)
{
    return j && (j->state == JOB_RECEIVING || j->state == JOB_IMPORTING);
}

/* Under mu: the slot for owner's next upload: theirs, an unused one, or the
 * one whose report finished longest ago. NULL with *code set: SG_EEXISTS the
 * owner's own job is under way, SG_EDENIED SG_UPLOAD_MAX_JOBS are, SG_ENOMEM. */
static job *slot_for(sg_imports *im, long long owner, int *code)
{
    size_t busy = 0, empty = SG_UPLOAD_MAX_REPORTS;
    job *mine = NULL, *oldest = NULL;
    for (size_t i = 0; i < SG_UPLOAD_MAX_REPORTS; i++) {
        job *j = im->jobs[i];
        if (!j) {
            if (empty == SG_UPLOAD_MAX_REPORTS)
                empty = i;
            continue;
        }
        if (active(j))
            busy++;
        if (j->owner == owner)
            mine = j;
        else if (!active(j) && (!oldest || j->ended < oldest->ended))
            oldest = j;
    }
    if (mine && active(mine)) {
        *code = SG_EEXISTS;
        return NULL;
    }
    if (busy >= SG_UPLOAD_MAX_JOBS) {
        *code = SG_EDENIED;
        return NULL;
    }
    if (mine)
        return mine;
    if (empty < SG_UPLOAD_MAX_REPORTS) {
        job *j = calloc(1, sizeof *j);
        if (!j) {
            *code = SG_ENOMEM;
            return NULL;
        }
        j->im = im;
        j->fd = -1;
        im->jobs[empty] = j;
        return j;
    }
    if (!oldest) /* cannot happen while SG_UPLOAD_MAX_JOBS < SG_UPLOAD_MAX_REPORTS */
        *code = SG_EDENIED;
    return oldest; /* its owner's report is forgotten */
}

/* Under mu: owner's slot, or NULL. */
static job *job_of(sg_imports *im, long long owner)
{
    for (size_t i = 0; i < SG_UPLOAD_MAX_REPORTS; i++)
        if (im->jobs[i] && im->jobs[i]->owner == owner)
            return im->jobs[i];
    return NULL;
}

/* Under mu: the job receiving upload gen, or NULL. */
static job *receiving(sg_imports *im, unsigned long gen)
{
    for (size_t i = 0; i < SG_UPLOAD_MAX_REPORTS; i++) {
        job *j = im->jobs[i];
        if (j && j->state == JOB_RECEIVING && j->gen == gen && gen)
            return j;
    }
    return NULL;
}

/* Under mu: ends the job; its report stays until the slot is used again. */
static void finish(job *j)
{
    j->state = JOB_FINISHED;
    j->ended = ++j->im->ends;
}

int sg_imports_begin(sg_imports *im, long long owner, const char *name, long long declared,
                     unsigned long *gen, sg_err *err)
{
    if (owner <= 0)
        return sg_err_set(err, SG_EUSAGE, -1, "an import needs the runner it belongs to");
    if (!sg_file_name_ok(name, SG_UPLOAD_NAME_MAX))
        return sg_err_set(err, SG_EUSAGE, -1,
                          "name: expected the file's name (1 to %d bytes, no '/', '\\' or "
                          "control characters)", SG_UPLOAD_NAME_MAX);
    if (declared > 0 && (unsigned long long)declared > SG_UPLOAD_MAX_BYTES)
        return sg_err_set(err, SG_ELIMIT, -1, "the file is larger than %llu MiB, the most one "
                          "import takes", (unsigned long long)SG_UPLOAD_MAX_BYTES >> 20);
    /* the slot is taken (state receiving, no file yet) before the mutex is
     * let go, so a second upload of the owner is refused from here on */
    pthread_mutex_lock(&im->mu);
    int code = SG_OK;
    job *j = slot_for(im, owner, &code);
    if (!j) {
        pthread_mutex_unlock(&im->mu);
        if (code == SG_EEXISTS)
            return sg_err_set(err, SG_EEXISTS, -1,
                              "another import is under way: wait until it has finished");
        if (code == SG_EDENIED)
            return sg_err_set(err, SG_EDENIED, -1, "the server is already importing %d "
                              "uploads: try again in a minute", SG_UPLOAD_MAX_JOBS);
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    }
    bool join = j->has_thread;
    pthread_t t = j->thread;
    j->has_thread = false;
    clear_named(j);
    memset(&j->stats, 0, sizeof j->stats);
    j->owner = owner;
    j->state = JOB_RECEIVING;
    j->gen = ++im->gen;
    snprintf(j->name, sizeof j->name, "%s", name);
    j->received = j->files_total = j->files_done = 0;
    j->counted = false;
    j->current[0] = j->error[0] = '\0';
    unsigned long g = j->gen;
    pthread_mutex_unlock(&im->mu);
    if (join)
        pthread_join(t, NULL); /* finished: its state said so */

    char tmpdir[sizeof j->tmpdir], tmp[sizeof j->tmp];
    int fd = -1;
    if ((size_t)snprintf(tmpdir, sizeof tmpdir, "%s/.sg-upload-XXXXXX", im->dir) >= sizeof tmpdir)
        sg_err_set(err, SG_EIO, -1, "the store's folder name is too long");
    else if (!mkdtemp(tmpdir))
        sg_err_set(err, SG_EIO, -1, "cannot create a temporary folder beside the store: %s",
                   strerror(errno));
    else {
        snprintf(tmp, sizeof tmp, "%s/%s", tmpdir, name);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            int e = errno;
            rmdir(tmpdir);
            sg_err_set(err, SG_EIO, -1, "cannot create a temporary file beside the store: %s",
                       strerror(e));
        }
    }
    pthread_mutex_lock(&im->mu);
    if (fd < 0) {
        snprintf(j->error, sizeof j->error, "%s", err ? err->msg : "cannot keep the upload");
        finish(j);
        pthread_mutex_unlock(&im->mu);
        return SG_EIO;
    }
    memcpy(j->tmp, tmp, sizeof tmp);
    memcpy(j->tmpdir, tmpdir, sizeof tmpdir);
    j->fd = fd;
    *gen = g;
    pthread_mutex_unlock(&im->mu);
    return SG_OK;
}

/* Under mu: ends the upload with nothing imported. */
static void fail_upload(job *j, const char *why)
{
    drop_tmp(j);
    snprintf(j->error, sizeof j->error, "%s", why);
    finish(j);
}

int sg_imports_write(sg_imports *im, unsigned long gen, const void *data, size_t len,
                     sg_err *err)
{
    pthread_mutex_lock(&im->mu);
    job *j = receiving(im, gen);
    if (!j) {
        pthread_mutex_unlock(&im->mu);
        return sg_err_set(err, SG_EUSAGE, -1, "the upload was dropped");
    }
    if (j->received + len > SG_UPLOAD_MAX_BYTES) {
        sg_err_set(err, SG_ELIMIT, -1, "the file is larger than %llu MiB, the most one import "
                   "takes", (unsigned long long)SG_UPLOAD_MAX_BYTES >> 20);
        fail_upload(j, "the file is larger than the most one import takes: nothing was imported");
        pthread_mutex_unlock(&im->mu);
        return SG_ELIMIT;
    }
    int fd = j->fd;
    j->received += len;
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
            char why[300];
            snprintf(why, sizeof why, "cannot keep the upload beside the store: %s",
                     strerror(errno));
            sg_err_set(err, code, -1, "%s", why);
            pthread_mutex_lock(&im->mu);
            if (receiving(im, gen) == j)
                fail_upload(j, why);
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
    job *j = receiving(im, gen);
    if (j)
        fail_upload(j, "the upload was cut short: nothing was imported");
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
static void shown(const job *j, const char *path, char *out, size_t cap)
{
    size_t k = strlen(j->tmpdir);
    if (k && strncmp(path, j->tmpdir, k) == 0 && path[k] == '/')
        path += k + 1;
    sg_name_escape(path, out, cap);
}

static void keep(job *j, const sg_import_event *ev, const char *file)
{
    if (j->nf >= SG_UPLOAD_MAX_NAMED) {
        j->more_named++;
        return;
    }
    if (j->nf % 16 == 0) {
        named *q = realloc(j->f, (j->nf + 16) * sizeof *q);
        if (!q) {
            j->more_named++;
            return;
        }
        j->f = q;
    }
    char reason[400] = "";
    if (ev->err)
        sg_import_reason(ev->err, reason, sizeof reason);
    named x = {ev->status, strdup(file), strdup(reason), ev->duplicate_of, ev->activity_id};
    if (!x.file || !x.reason) {
        free(x.file);
        free(x.reason);
        j->more_named++;
        return;
    }
    j->f[j->nf++] = x;
}

static void on_event(void *ctx, const sg_import_event *ev)
{
    job *j = ctx;
    pthread_mutex_lock(&j->im->mu);
    char file[sizeof j->current];
    shown(j, ev->path, file, sizeof file);
    memcpy(j->current, file, sizeof file);
    j->files_done++;
    switch (ev->status) {
    case SG_IMPORT_IMPORTED: j->stats.imported++; break;
    case SG_IMPORT_DUPLICATE: j->stats.duplicates++; break;
    case SG_IMPORT_SAME_RUN: j->stats.same_run++; break;
    case SG_IMPORT_IMU: j->stats.imu++; break;
    case SG_IMPORT_SKIPPED: j->stats.skipped++; keep(j, ev, file); break;
    case SG_IMPORT_FAILED: j->stats.failed++; keep(j, ev, file); break;
    case SG_IMPORT_DAMAGED: j->stats.damaged++; keep(j, ev, file); break;
    default: break;
    }
    pthread_mutex_unlock(&j->im->mu);
}

static void on_progress(void *ctx, const sg_import_progress *p)
{
    job *j = ctx;
    pthread_mutex_lock(&j->im->mu);
    if (p->files_done > j->files_done)
        j->files_done = p->files_done;
    pthread_mutex_unlock(&j->im->mu);
}

static void *run(void *arg)
{
    job *j = arg;
    sg_imports *im = j->im;
    pthread_mutex_lock(&im->mu);
    char path[sizeof j->tmp];
    memcpy(path, j->tmp, sizeof path);
    long long owner = j->owner;
    pthread_mutex_unlock(&im->mu);

    /* the total for the bar: the walker's entries (an archive's files) */
    unsigned long long total = 0;
    sg_walk(path, NULL, count_entry, &total);
    pthread_mutex_lock(&im->mu);
    j->files_total = total;
    j->counted = true;
    pthread_mutex_unlock(&im->mu);

    sg_err err;
    sg_err_clear(&err);
    sg_store *st = NULL;
    int rc = sg_pool_get(im->pool, &st, &err);
    sg_import_stats stats;
    memset(&stats, 0, sizeof stats);
    if (!rc) {
        /* every row the import writes is the owner's (store.h); the pool
         * puts the handle back on athlete 1 */
        sg_app_use_athlete(st, owner);
        sg_import_opts o;
        sg_import_opts_init(&o);
        o.threads = 2; /* beside the server's own threads */
        o.on_event = on_event;
        o.on_progress = on_progress;
        o.ctx = j;
        const char *paths[1] = {path};
        rc = sg_import_run(st, paths, 1, &o, &stats, &err);
        sg_pool_put(im->pool, st, rc == SG_ESTORE || rc == SG_ENOSPC);
    }
    pthread_mutex_lock(&im->mu);
    if (rc == SG_OK || rc == SG_ENOSPC)
        j->stats = stats; /* the use case's own count */
    if (rc) {
        snprintf(j->error, sizeof j->error, "%s", err.msg[0] ? err.msg : sg_code_name(rc));
        if (rc == SG_ENOSPC) {
            size_t k = strlen(j->error);
            snprintf(j->error + k, sizeof j->error - k,
                     "; import stopped, %llu file(s) read but not attempted, the rest not read",
                     (unsigned long long)stats.not_attempted);
        }
    }
    if (j->files_done > j->files_total)
        j->files_total = j->files_done;
    drop_tmp(j);
    finish(j);
    pthread_mutex_unlock(&im->mu);
    return NULL;
}

int sg_imports_start(sg_imports *im, long long owner, unsigned long gen, sg_err *err)
{
    pthread_mutex_lock(&im->mu);
    job *j = receiving(im, gen);
    if (!j || j->owner != owner) {
        pthread_mutex_unlock(&im->mu);
        return sg_err_set(err, SG_EUSAGE, -1, "no upload to import");
    }
    close(j->fd);
    j->fd = -1;
    j->state = JOB_IMPORTING;
    if (pthread_create(&j->thread, NULL, run, j) != 0) {
        fail_upload(j, "cannot start the import");
        pthread_mutex_unlock(&im->mu);
        return sg_err_set(err, SG_EIO, -1, "cannot start the import");
    }
    j->has_thread = true;
    pthread_mutex_unlock(&im->mu);
    return SG_OK;
}

const char *sg_imports_dir(const sg_imports *im)
{
    return im->dir;
}

void sg_imports_json(sg_imports *im, long long owner, sg_jw *w)
{
    static const char *const state[] = {"idle", "receiving", "importing", "finished"};
    static const job none = {.state = JOB_IDLE};
    pthread_mutex_lock(&im->mu);
    const job *mine = job_of(im, owner);
    const job *jb = mine ? mine : &none;
    const sg_import_stats *s = &jb->stats;
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "state", state[jb->state]);
    sg_jw_kbool(w, "finished", jb->state == JOB_FINISHED);
    sg_jw_kstr(w, "upload", jb->state == JOB_IDLE ? NULL : jb->name);
    sg_jw_kint(w, "bytes_received", (long long)jb->received);
    sg_jw_key(w, "files_total");
    if (jb->counted)
        sg_jw_int(w, (long long)jb->files_total);
    else
        sg_jw_null(w);
    sg_jw_kint(w, "files_done", (long long)jb->files_done);
    sg_jw_kstr(w, "current", jb->current[0] ? jb->current : NULL);
    sg_jw_kint(w, "imported", (long long)s->imported);
    sg_jw_kint(w, "duplicates", (long long)(s->duplicates + s->same_run));
    sg_jw_kint(w, "skipped", (long long)s->skipped);
    sg_jw_kint(w, "failed", (long long)s->failed);
    sg_jw_kint(w, "damaged", (long long)s->damaged);
    sg_jw_kint(w, "imu_recordings", (long long)s->imu);
    sg_jw_kint(w, "not_attempted", (long long)s->not_attempted);
    sg_jw_key(w, "damaged_files");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < jb->nf; i++) {
        const named *x = &jb->f[i];
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
    for (size_t i = 0; i < jb->nf; i++) {
        if (jb->f[i].status != SG_IMPORT_SKIPPED)
            continue;
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "file", jb->f[i].file);
        sg_jw_kstr(w, "reason", jb->f[i].reason);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_key(w, "failed_files");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < jb->nf; i++) {
        if (jb->f[i].status != SG_IMPORT_FAILED)
            continue;
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "file", jb->f[i].file);
        sg_jw_kstr(w, "error", jb->f[i].reason);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_kint(w, "more_files_not_named", (long long)jb->more_named);
    sg_jw_kstr(w, "error", jb->error[0] ? jb->error : NULL);
    sg_jw_obj_end(w);
    pthread_mutex_unlock(&im->mu);
}
