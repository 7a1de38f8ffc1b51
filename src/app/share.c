/* Sharing, the runner's side (src/app/share.h): join, push, status, stop
 * over bytes/http_client.h. */
#include "app/share.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/athlete.h"
#include "app/course.h"
#include "app/journal.h"
#include "bytes/base64.h"
#include "bytes/file.h"
#include "bytes/http_client.h"
#include "bytes/sha256.h"
#include "strideguard/alloc.h"
#include "strideguard/fit.h"

#define KEY_URL "share.url"
#define KEY_LOGIN "share.login"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The code of an HTTP refusal: what the front end decides by. */
static int status_code(long status)
{
    switch (status) {
    case 400: case 413: case 415: return SG_EUSAGE;
    case 401: case 403: case 429: return SG_EDENIED;
    case 404: return SG_ENOTFOUND;
    case 409: return SG_EEXISTS;
    case 422: return SG_ENODATA;
    case 503: return SG_ELIMIT; /* busy (e.g. receiving other large files): the next push */
    default: return SG_EIO;
    }
}

/* One request: SG_OK with *out (the JSON answer, may be NULL when out is)
 * for a 2xx status, else the status's code with the server's sentence. */
static int call_type(sg_http_client *h, const char *method, const char *path, const char *type,
                     const void *body, size_t len, json_t **out, sg_err *err)
{
    if (out)
        *out = NULL;
    sg_http_client_response res;
    int rc = sg_http_client_send_type(h, method, path, type, body, len, &res, err);
    if (rc)
        return rc;
    if (res.status < 200 || res.status > 299) {
        char why[300];
        sg_http_client_error_of(&res, why, sizeof why);
        long st = res.status;
        sg_http_client_response_free(&res);
        return sg_err_set(err, status_code(st), -1, "the clinic refused %s %s: %s (HTTP %ld)",
                          method, path, why, st);
    }
    if (out) {
        json_error_t je;
        *out = json_loadb(res.body, res.len, 0, &je);
        if (!*out) {
            sg_http_client_response_free(&res);
            return sg_err_set(err, SG_EIO, -1, "%s %s: the clinic's answer is not JSON", method,
                              path);
        }
    }
    sg_http_client_response_free(&res);
    return SG_OK;
}

static int call(sg_http_client *h, const char *method, const char *path, const char *body,
                size_t len, json_t **out, sg_err *err)
{
    return call_type(h, method, path, "application/json", body, len, out, err);
}

/* POSTs the JSON value v (stolen). */
static int call_json(sg_http_client *h, const char *method, const char *path, json_t *v,
                     json_t **out, uint64_t *bytes, sg_err *err)
{
    char *body = v ? json_dumps(v, JSON_COMPACT) : NULL;
    json_decref(v);
    if (!body)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    size_t len = strlen(body);
    if (bytes)
        *bytes += len;
    int rc = call(h, method, path, body, len, out, err);
    free(body);
    return rc;
}

/* Signs in: the session cookie stays in the client, the CSRF token goes
 * into every later request. */
static int sign_in(sg_http_client *h, const char *login, const char *password, sg_err *err)
{
    json_t *ans = NULL;
    int rc = call_json(h, "POST", "/api/login",
                       json_pack("{s:s, s:s}", "login", login, "password", password), &ans,
                       NULL, err);
    if (rc)
        return rc;
    const char *csrf = json_string_value(json_object_get(ans, "csrf"));
    rc = csrf ? sg_http_client_header(h, "X-CSRF-Token", csrf, err)
              : sg_err_set(err, SG_EIO, -1, "the clinic's sign-in answer has no CSRF token");
    json_decref(ans);
    return rc;
}

int sg_share_where(sg_store *st, char *url, size_t url_cap, char *login, size_t login_cap,
                   sg_err *err)
{
    char *u = NULL, *l = NULL;
    int rc = sg_store_kv_get(st, KEY_URL, &u, err);
    if (!rc)
        rc = sg_store_kv_get(st, KEY_LOGIN, &l, err);
    if (!rc) {
        snprintf(url, url_cap, "%s", u);
        snprintf(login, login_cap, "%s", l);
    }
    free(u);
    free(l);
    if (rc == SG_ENOTFOUND)
        return sg_err_set(err, SG_ENOTFOUND, -1,
                          "not sharing with a clinic: run `strideguard share join` first");
    return rc;
}

/* A signed-in client for the remembered clinic. */
static int connect_clinic(sg_store *st, const char *password, sg_http_client **h,
                          char *url, size_t url_cap, char *login, size_t login_cap, sg_err *err)
{
    *h = NULL;
    if (!password)
        return sg_err_set(err, SG_EUSAGE, -1, "a password is needed to sign in to the clinic");
    int rc = sg_share_where(st, url, url_cap, login, login_cap, err);
    if (!rc)
        rc = sg_http_client_new(url, h, err);
    if (!rc)
        rc = sign_in(*h, login, password, err);
    if (rc) {
        sg_http_client_free(*h);
        *h = NULL;
    }
    return rc;
}

int sg_share_join(sg_store *st, const char *url, const char *code, const char *login,
                  const char *password, sg_err *err)
{
    if (!url || !code || !login || !password)
        return sg_err_set(err, SG_EUSAGE, -1, "share join needs the address, code, login and "
                          "password");
    sg_http_client *h = NULL;
    int rc = sg_http_client_new(url, &h, err);
    if (rc)
        return rc;
    rc = call_json(h, "POST", "/api/accept",
                   json_pack("{s:s, s:s, s:s}", "code", code, "login", login, "password",
                             password),
                   NULL, NULL, err);
    if (!rc)
        rc = sign_in(h, login, password, err);
    sg_http_client_free(h);
    if (!rc)
        rc = sg_store_kv_put(st, KEY_URL, url, err);
    if (!rc)
        rc = sg_store_kv_put(st, KEY_LOGIN, login, err);
    return rc;
}

/* ---- push ---- */

typedef struct push {
    sg_store *st;
    sg_http_client *h;
    const sg_share_push_opts *o;
    sg_share_push_result *r;
    sg_share_have have;
    /* local activity id -> its FIT file's content hash */
    long long *ids;
    char (*sha)[SG_SHARE_HASH_HEX];
    size_t n_ids, cap_ids;
    size_t done;
    const struct act_list *acts; /* sorted by id */
} push;

static int cmp_hex(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int held(char (*v)[SG_SHARE_HASH_HEX], size_t n, const char *hex)
{
    return n && bsearch(hex, v, n, sizeof *v, cmp_hex);
}

static void failed(sg_share_push_result *r, const char *what, const char *why)
{
    if (r->n_failed < SG_SHARE_MAX_FAILED) {
        if (!r->failed)
            r->failed = calloc(SG_SHARE_MAX_FAILED, sizeof *r->failed);
        if (r->failed) {
            snprintf(r->failed[r->n_failed].what, sizeof r->failed->what, "%s", what);
            snprintf(r->failed[r->n_failed].why, sizeof r->failed->why, "%s", why);
        }
    }
    r->n_failed++;
}

/* Where one item's request `rc` leaves the push: the clinic's refusal of
 * this item alone (SG_EUSAGE, a 4xx; SG_ENODATA, no answer) counts as failed
 * and sets *done (SG_OK); any other error ends the push (e copied to err);
 * SG_OK with *done 0: the answer is there to read. */
static int item_call(sg_share_push_result *r, int rc, const char *what, const sg_err *e,
                     sg_err *err, int *done)
{
    *done = rc != SG_OK;
    if (rc == SG_EUSAGE || rc == SG_ENODATA) {
        failed(r, what, e->msg);
        return SG_OK;
    }
    if (rc)
        *err = *e;
    return rc;
}

static void tick(push *p)
{
    p->done++;
    if (p->o->on_progress)
        p->o->on_progress(p->o->ctx, p->done, p->r->total, p->r->bytes);
}

static int budget_left(const push *p)
{
    return !p->o->max_items || p->r->sent < p->o->max_items;
}

static int remember(push *p, long long id, const char *hex)
{
    if (p->n_ids == p->cap_ids) {
        size_t cap = p->cap_ids ? 2 * p->cap_ids : 256;
        long long *ids = realloc(p->ids, cap * sizeof *ids);
        if (ids)
            p->ids = ids;
        void *sha = ids ? realloc(p->sha, cap * sizeof *p->sha) : NULL;
        if (!sha)
            return SG_ENOMEM;
        p->sha = sha;
        p->cap_ids = cap;
    }
    p->ids[p->n_ids] = id;
    memcpy(p->sha[p->n_ids++], hex, SG_SHARE_HASH_HEX);
    return SG_OK;
}

static const char *sha_of_run(const push *p, long long id)
{
    for (size_t i = 0; i < p->n_ids; i++)
        if (p->ids[i] == id)
            return p->sha[i];
    return NULL;
}

/* POSTs one file (len bytes) to path as its octet-stream body: SG_OK with
 * *done 0 and *ans the answer; SG_OK with *done 1 when the item failed
 * (named in r as `what`: over SG_SHARE_FILE_MAX_BYTES, refused by the
 * clinic, or past 1 MiB while its large files' budget was full); else an
 * error that ends the push (the clinic went away). */
static int send_file(push *p, const char *what, const char *path, const void *d, size_t len,
                     json_t **ans, int *done, sg_err *err)
{
    *ans = NULL;
    *done = 1;
    if (len > SG_SHARE_FILE_MAX_BYTES) {
        char why[160];
        snprintf(why, sizeof why, "its file is %.1f MiB, over the %zu MiB a clinic takes: not "
                 "sent", (double)len / (1 << 20), SG_SHARE_FILE_MAX_BYTES >> 20);
        failed(p->r, what, why);
        return SG_OK;
    }
    sg_err e;
    sg_err_clear(&e);
    p->r->bytes += len;
    int rc = call_type(p->h, "POST", path, "application/octet-stream", d, len, ans, &e);
    if (rc == SG_ELIMIT && len > SG_SHARE_FILE_BIG) { /* the large files' budget: this one */
        failed(p->r, what, e.msg);
        return SG_OK;
    }
    return item_call(p->r, rc, what, &e, err, done);
}

/* Sends one activity file: SG_OK (sent, held or failed in r), or an error
 * that ends the push (the clinic went away). */
static int send_activity(push *p, long long id, const uint8_t *fit, size_t len, const char *hex,
                         sg_err *err)
{
    char path[128], what[64];
    snprintf(what, sizeof what, "activity %lld", id);
    /* the name is for the clinic's sources list: the hash's start is unique enough */
    snprintf(path, sizeof path, "/api/share/activity?name=strideguard-%.16s.fit", hex);
    json_t *ans;
    int done, rc = send_file(p, what, path, fit, len, &ans, &done, err);
    if (rc || done)
        return rc;
    const char *status = json_string_value(json_object_get(ans, "status"));
    if (status && (strcmp(status, "imported") == 0 || strcmp(status, "damaged") == 0)) {
        p->r->sent++;
        p->r->activities++;
    } else if (status && (strcmp(status, "duplicate") == 0 || strcmp(status, "same_run") == 0)) {
        p->r->held++;
    } else {
        const char *why = json_string_value(json_object_get(ans, "reason"));
        failed(p->r, what, why && *why ? why : status ? status : "no status in the answer");
    }
    json_decref(ans);
    return SG_OK;
}

/* The local activities, with the content hash of each one's FIT file as
 * the last push computed it (kv "share.fit.<id>" = "<updated_at> <hash>"):
 * an activity whose row has not changed since is not loaded and encoded
 * again just to learn that the clinic holds it. */
typedef struct act {
    long long id, updated_at;
    double start;                /* the run's start (UTC s, NaN unknown): its journal key */
    char sha[SG_SHARE_HASH_HEX]; /* "" when not known */
    int fresh;                   /* sha computed in this push: remember it */
    int known;                   /* the clinic holds sha: no file needed */
} act;

typedef struct act_list {
    act *v;
    size_t n, cap;
} act_list;

/* The key of run id in journal entries' identity (share.h). */
static void run_key_of(const push *p, long long id, char key[SG_SHARE_RUN_KEY]);

#define KEY_FIT "share.fit."

static int on_row(void *ctx, const sg_store_row *row)
{
    act_list *l = ctx;
    if (sg_grow_room(&l->v, l->n, &l->cap, sizeof *l->v, 256, SIZE_MAX / sizeof *l->v, "runs",
                     NULL))
        return SG_ENOMEM;
    act a = {row->id, row->updated_at, row->s.start, "", 0, 0};
    l->v[l->n++] = a;
    return 0;
}

static int cmp_act(const void *a, const void *b)
{
    long long x = ((const act *)a)->id, y = ((const act *)b)->id;
    return x < y ? -1 : x > y;
}

/* kv rows of KEY_FIT into the list (sorted by id for the lookup). */
static int on_cached(void *ctx, const char *key, const char *value)
{
    act_list *l = ctx;
    act k = {strtoll(key + strlen(KEY_FIT), NULL, 10), 0, 0, "", 0, 0};
    act *a = bsearch(&k, l->v, l->n, sizeof *l->v, cmp_act);
    char *end = NULL;
    long long at = value ? strtoll(value, &end, 10) : 0;
    if (a && end && *end == ' ' && at == a->updated_at && strlen(end + 1) == SG_SHARE_HASH_HEX - 1)
        memcpy(a->sha, end + 1, SG_SHARE_HASH_HEX);
    return 0;
}

/* Keeps the hashes computed in this push, in one transaction (none when
 * nothing is new): item(list, i, key, value) fills the i-th key and value
 * and returns 0 for an item that was not computed in this push. */
typedef int (*remember_item)(const void *list, size_t i, char key[64], char value[160]);

static int remember_all(sg_store *st, const void *list, size_t n, remember_item item, sg_err *err)
{
    int rc = SG_OK, begun = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        char key[64], value[160];
        if (!item(list, i, key, value))
            continue;
        if (!begun && (rc = sg_store_begin(st, err)))
            return rc;
        begun = 1;
        rc = sg_store_kv_put(st, key, value, err);
    }
    if (!begun)
        return SG_OK;
    if (rc) {
        sg_store_rollback(st, NULL);
        return rc;
    }
    return sg_store_commit(st, err);
}

static int act_hash_item(const void *list, size_t i, char key[64], char value[160])
{
    const act *a = &((const act_list *)list)->v[i];
    if (!a->fresh)
        return 0;
    snprintf(key, 64, KEY_FIT "%lld", a->id);
    snprintf(value, 160, "%lld %s", a->updated_at, a->sha);
    return 1;
}

/* An activity's file as the encoder writes it, prepared ahead of the
 * sending by a second thread, so that encoding the next file overlaps the
 * clinic importing this one. The thread alone uses the store while the
 * activities are sent. */
typedef struct prep {
    size_t i;            /* index in the list */
    uint8_t *fit;        /* NULL when rc */
    size_t len;
    int rc;
    sg_err e;
} prep;

#define AHEAD 4

typedef struct pipeline {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    prep q[AHEAD];
    size_t head, count;
    int stop, done;
    sg_store *st;
    act_list *l;
} pipeline;

/* Whether the clinic is known to hold activity a without encoding it. */
static int known_held(const push *p, const act *a)
{
    return a->sha[0] && held(p->have.activities, p->have.n_activities, a->sha);
}

static void *prepare(void *arg)
{
    pipeline *pl = arg;
    for (size_t i = 0; i < pl->l->n; i++) {
        act *a = &pl->l->v[i];
        if (a->known) /* set before the thread started, read-only since */
            continue;
        prep x = {i, NULL, 0, SG_OK, {0}};
        sg_err_clear(&x.e);
        sg_activity *loaded = NULL;
        x.rc = sg_store_load(pl->st, a->id, NULL, &loaded, &x.e);
        if (!x.rc)
            x.rc = sg_fit_encode(loaded, NULL, NULL, &x.fit, &x.len, &x.e);
        sg_activity_free(loaded);
        if (x.rc) {
            free(x.fit);
            x.fit = NULL;
        }
        pthread_mutex_lock(&pl->mu);
        while (pl->count == AHEAD && !pl->stop)
            pthread_cond_wait(&pl->cv, &pl->mu);
        if (pl->stop) {
            pthread_mutex_unlock(&pl->mu);
            free(x.fit);
            break;
        }
        pl->q[(pl->head + pl->count++) % AHEAD] = x;
        pthread_cond_broadcast(&pl->cv);
        pthread_mutex_unlock(&pl->mu);
    }
    pthread_mutex_lock(&pl->mu);
    pl->done = 1;
    pthread_cond_broadcast(&pl->cv);
    pthread_mutex_unlock(&pl->mu);
    return NULL;
}

/* The next prepared file (SG_OK), or SG_ENOTFOUND when the thread ended. */
static int next_prep(pipeline *pl, prep *out)
{
    pthread_mutex_lock(&pl->mu);
    while (!pl->count && !pl->done)
        pthread_cond_wait(&pl->cv, &pl->mu);
    int rc = SG_ENOTFOUND;
    if (pl->count) {
        *out = pl->q[pl->head];
        pl->head = (pl->head + 1) % AHEAD;
        pl->count--;
        rc = SG_OK;
        pthread_cond_broadcast(&pl->cv);
    }
    pthread_mutex_unlock(&pl->mu);
    return rc;
}

static void end_pipeline(pipeline *pl, pthread_t t)
{
    pthread_mutex_lock(&pl->mu);
    pl->stop = 1;
    pthread_cond_broadcast(&pl->cv);
    pthread_mutex_unlock(&pl->mu);
    pthread_join(t, NULL);
    for (size_t k = 0; k < pl->count; k++)
        free(pl->q[(pl->head + k) % AHEAD].fit);
    pthread_cond_destroy(&pl->cv);
    pthread_mutex_destroy(&pl->mu);
}

/* One prepared file: hashed, then sent unless held. */
static int take(push *p, act *a, prep *x, sg_err *err)
{
    char what[64];
    snprintf(what, sizeof what, "activity %lld", a->id);
    if (x->rc == SG_ESTORE || x->rc == SG_ENOMEM) {
        *err = x->e;
        return x->rc;
    }
    if (x->rc) {
        failed(p->r, what, x->e.msg);
        return SG_OK;
    }
    sg_sha256_hex(x->fit, x->len, a->sha);
    a->fresh = 1;
    if (remember(p, a->id, a->sha))
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    if (held(p->have.activities, p->have.n_activities, a->sha)) {
        p->r->held++;
        return SG_OK;
    }
    return send_activity(p, a->id, x->fit, x->len, a->sha, err);
}

/* Every local activity: encoded (ahead, by the thread of `prepare`),
 * hashed, sent unless held. */
static int push_activities(push *p, act_list *l, sg_err *err)
{
    for (size_t i = 0; i < l->n; i++)
        l->v[i].known = known_held(p, &l->v[i]);
    pipeline pl = {.st = p->st, .l = l};
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.cv, NULL);
    pthread_t t;
    if (pthread_create(&t, NULL, prepare, &pl) != 0) {
        pthread_cond_destroy(&pl.cv);
        pthread_mutex_destroy(&pl.mu);
        return sg_err_set(err, SG_ENOMEM, -1, "cannot start a thread");
    }
    int rc = SG_OK;
    for (size_t i = 0; i < l->n && !rc; i++) {
        act *a = &l->v[i];
        if (a->known) {
            if (remember(p, a->id, a->sha)) {
                rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
                break;
            }
            p->r->held++;
            tick(p);
            continue;
        }
        if (!budget_left(p)) {
            p->r->stopped = 1;
            break;
        }
        prep x = {l->n, NULL, 0, SG_OK, {0}};
        if (next_prep(&pl, &x) != SG_OK || x.i != i) {
            if (x.i != i)
                free(x.fit);
            rc = sg_err_set(err, SG_ENOMEM, -1, "the encoding thread stopped early");
            break;
        }
        rc = take(p, a, &x, err);
        free(x.fit);
        tick(p);
    }
    end_pipeline(&pl, t);
    return rc;
}

/* ---- IMU recordings ---- */

/* The local recordings, with the content hash of each one's blob as the last
 * push computed it (kv "share.imu.<id>" = "<the row's sha256> <blob hash>":
 * a recording is never changed in place, and a row of the same id but
 * another file does not match). */
#define KEY_IMU "share.imu."

typedef struct rec {
    long long id, linked;
    int pinned;
    char row_sha[SG_SHARE_HASH_HEX];
    char file_name[256];
    char sha[SG_SHARE_HASH_HEX]; /* the blob's, "" when not known */
    int fresh;
} rec;

typedef struct rec_list {
    rec *v;
    size_t n, cap;
} rec_list;

static int on_imu(void *ctx, const sg_store_imu_row *row)
{
    rec_list *l = ctx;
    if (sg_grow_room(&l->v, l->n, &l->cap, sizeof *l->v, 16, SIZE_MAX / sizeof *l->v,
                     "recordings", NULL))
        return SG_ENOMEM;
    rec *r = &l->v[l->n++];
    memset(r, 0, sizeof *r);
    r->id = row->id;
    r->linked = row->linked_activity_id;
    r->pinned = row->link_pinned;
    snprintf(r->row_sha, sizeof r->row_sha, "%s", row->sha256);
    snprintf(r->file_name, sizeof r->file_name, "%s", row->file_name);
    return 0;
}

static int on_imu_cached(void *ctx, const char *key, const char *value)
{
    rec_list *l = ctx;
    long long id = strtoll(key + strlen(KEY_IMU), NULL, 10);
    const char *sp = value ? strchr(value, ' ') : NULL;
    for (size_t i = 0; sp && i < l->n; i++)
        if (l->v[i].id == id && (size_t)(sp - value) == strlen(l->v[i].row_sha) &&
            strncmp(value, l->v[i].row_sha, (size_t)(sp - value)) == 0 &&
            strlen(sp + 1) == SG_SHARE_HASH_HEX - 1)
            memcpy(l->v[i].sha, sp + 1, SG_SHARE_HASH_HEX);
    return 0;
}

static int imu_hash_item(const void *list, size_t i, char key[64], char value[160])
{
    const rec *r = &((const rec_list *)list)->v[i];
    if (!r->fresh)
        return 0;
    snprintf(key, 64, KEY_IMU "%lld", r->id);
    snprintf(value, 160, "%s %s", r->row_sha, r->sha);
    return 1;
}

/* One recording's blob, chunk by chunk, from where the clinic's part of it
 * ends. SG_OK (sent, held or failed in r), or an error that ends the push. */
static int send_imu(push *p, const rec *m, const unsigned char *blob, size_t len, sg_err *err)
{
    char what[64];
    snprintf(what, sizeof what, "IMU recording %lld", m->id);
    const char *run = m->linked > 0 ? sha_of_run(p, m->linked) : NULL;
    size_t off = 0;
    int ask = 1; /* first an empty chunk: where the clinic's part of it ends */
    /* every answer moves forward or names an offset the clinic holds; the
     * bound only stops a clinic that answers nonsense */
    size_t tries = 2 * (len / SG_SHARE_IMU_CHUNK) + 4;
    while (tries--) {
        size_t n = ask ? 0 : len - off < SG_SHARE_IMU_CHUNK ? len - off : SG_SHARE_IMU_CHUNK;
        ask = 0;
        char *b64 = NULL;
        int rc = sg_base64_encode(blob + off, n, NULL, &b64, NULL, err);
        if (rc)
            return rc;
        json_t *body = json_pack("{s:s, s:I, s:I, s:s, s:s, s:s?, s:b}", "sha256", m->sha,
                                 "size", (json_int_t)len, "offset", (json_int_t)off, "data_base64", b64,
                                 "file_name", m->file_name[0] ? m->file_name : "recording.imu",
                                 "run_sha256", run, "pinned", m->pinned);
        sg_free(NULL, b64);
        json_t *ans = NULL;
        sg_err e;
        sg_err_clear(&e);
        rc = call_json(p->h, "POST", "/api/share/imu", body, &ans, &p->r->bytes, &e);
        int done;
        if ((rc = item_call(p->r, rc, what, &e, err, &done)) || done)
            return rc;
        const char *status = json_string_value(json_object_get(ans, "status"));
        json_int_t next = json_integer_value(json_object_get(ans, "next"));
        if (status && strcmp(status, "imported") == 0) {
            p->r->sent++;
            p->r->imu++;
        } else if (status && strcmp(status, "held") == 0) {
            p->r->held++;
        } else if (status && strcmp(status, "partial") == 0 && next >= 0 &&
                   (size_t)next < len) {
            off = (size_t)next;
            json_decref(ans);
            continue;
        } else {
            const char *why = json_string_value(json_object_get(ans, "reason"));
            failed(p->r, what, why && *why ? why : status ? status : "no status in the answer");
        }
        json_decref(ans);
        return SG_OK;
    }
    failed(p->r, what, "the clinic did not take the recording's parts in order");
    return SG_OK;
}

/* Every local recording: encoded (unless its hash is known and held),
 * hashed, sent unless held. */
static int push_imu(push *p, rec_list *l, sg_err *err)
{
    int rc = SG_OK;
    for (size_t i = 0; i < l->n && !rc; i++) {
        rec *m = &l->v[i];
        if (m->sha[0] && held(p->have.imu, p->have.n_imu, m->sha)) {
            p->r->held++;
            tick(p);
            continue;
        }
        if (!budget_left(p)) {
            p->r->stopped = 1;
            break;
        }
        char what[64];
        snprintf(what, sizeof what, "IMU recording %lld", m->id);
        sg_imu *loaded = NULL;
        unsigned char *blob = NULL;
        size_t len = 0;
        sg_err e;
        sg_err_clear(&e);
        int lrc = sg_store_imu_load(p->st, m->id, NULL, &loaded, &e);
        if (!lrc)
            lrc = sg_store_imu_blob_encode(loaded, &blob, &len, &e);
        sg_imu_free(loaded);
        if (lrc == SG_ESTORE || lrc == SG_ENOMEM) {
            *err = e;
            rc = lrc;
        } else if (lrc) {
            failed(p->r, what, e.msg);
        } else {
            sg_sha256_hex(blob, len, m->sha);
            m->fresh = 1;
            if (held(p->have.imu, p->have.n_imu, m->sha)) {
                p->r->held++;
            } else if (len > SG_SHARE_IMU_MAX_BYTES) {
                char why[160];
                snprintf(why, sizeof why, "%.1f MiB, over the %zu MiB a clinic takes: not sent",
                         (double)len / (1 << 20), SG_SHARE_IMU_MAX_BYTES >> 20);
                failed(p->r, what, why);
            } else {
                rc = send_imu(p, m, blob, len, err);
            }
        }
        free(blob);
        tick(p);
    }
    return rc;
}

/* ---- journal ---- */

typedef struct entries {
    sg_entry *v;
    size_t n, cap;
    push *p;
} entries;

static int on_entry(void *ctx, const sg_journal_row *row)
{
    entries *l = ctx;
    sg_entry e;
    sg_err pe;
    sg_err_clear(&pe);
    if (sg_entry_from_json(row->payload, strlen(row->payload), &e, &pe)) {
        char what[64];
        snprintf(what, sizeof what, "journal entry %lld", row->id);
        failed(l->p->r, what, pe.msg);
        return 0;
    }
    e.id = row->id;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        sg_entry *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return SG_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = e;
    return 0;
}

static double run_start(const push *p, long long id)
{
    act k = {id, 0, 0, "", 0, 0};
    const act *a = p->acts && p->acts->n
                       ? bsearch(&k, p->acts->v, p->acts->n, sizeof *p->acts->v, cmp_act)
                       : NULL;
    return a ? a->start : NAN;
}

static void run_key_of(const push *p, long long id, char key[SG_SHARE_RUN_KEY])
{
    sg_share_run_key(run_start(p, id), key);
}

static long long run_of(const sg_entry *e)
{
    return e->kind == SG_ENTRY_PAIN ? e->u.pain.run_id
           : e->kind == SG_ENTRY_RPE ? e->u.rpe.run_id
                                     : 0;
}

/* Sends one batch (an array of items, stolen) and counts its answer. */
static int send_batch(push *p, json_t *items, const long long *ids, sg_err *err)
{
    size_t n = json_array_size(items);
    json_t *ans = NULL;
    int rc = call_json(p->h, "POST", "/api/share/journal", json_pack("{s:o}", "entries", items),
                       &ans, &p->r->bytes, err);
    if (rc)
        return rc;
    size_t added = (size_t)json_integer_value(json_object_get(ans, "added"));
    p->r->sent += added;
    p->r->journal += added;
    p->r->held += (size_t)json_integer_value(json_object_get(ans, "held"));
    json_t *f = json_object_get(ans, "failed"), *x;
    size_t i;
    json_array_foreach(f, i, x) {
        json_int_t k = json_integer_value(json_object_get(x, "entry"));
        const char *why = json_string_value(json_object_get(x, "error"));
        char what[64];
        snprintf(what, sizeof what, "journal entry %lld", k >= 0 && (size_t)k < n ? ids[k] : 0LL);
        failed(p->r, what, why ? why : "refused");
    }
    size_t more = (size_t)json_integer_value(json_object_get(ans, "failed_count"));
    if (more > json_array_size(f))
        p->r->n_failed += more - json_array_size(f);
    json_decref(ans);
    for (size_t k = 0; k < n; k++)
        tick(p);
    return SG_OK;
}

static int push_journal(push *p, entries *l, sg_err *err)
{
    json_t *items = NULL;
    long long ids[SG_SHARE_JOURNAL_BATCH];
    int rc = SG_OK;
    for (size_t i = 0; i < l->n && !rc; i++) {
        const sg_entry *e = &l->v[i];
        long long run = run_of(e);
        const char *sha = run ? sha_of_run(p, run) : NULL;
        char key[SG_SHARE_RUN_KEY] = "", hex[SG_SHARE_HASH_HEX];
        double start = NAN;
        if (run) {
            run_key_of(p, run, key);
            start = run_start(p, run);
        }
        if ((rc = sg_share_entry_hash(e, key, hex, err)))
            break;
        if (held(p->have.journal, p->have.n_journal, hex)) {
            p->r->held++;
            tick(p);
            continue;
        }
        size_t queued = json_array_size(items);
        if (!budget_left(p) || (p->o->max_items && p->r->sent + queued >= p->o->max_items)) {
            p->r->stopped = 1;
            break;
        }
        char *text = NULL;
        if ((rc = sg_entry_to_json(e, &text, err)))
            break;
        json_error_t je;
        json_t *ej = json_loads(text, 0, &je);
        free(text);
        if (!items)
            items = json_array();
        json_t *item = ej ? json_pack("{s:o, s:s?, s:o}", "entry", ej, "run_sha256", sha,
                                      "run_start", isfinite(start) && fabs(start) < 1e15
                                                       ? json_integer(llround(start))
                                                       : json_null())
                          : NULL;
        if (!items || !item || json_array_append_new(items, item)) {
            rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
            break;
        }
        ids[queued] = e->id;
        if (json_array_size(items) == SG_SHARE_JOURNAL_BATCH) {
            rc = send_batch(p, items, ids, err);
            items = NULL;
        }
    }
    if (!rc && json_array_size(items))
        rc = send_batch(p, items, ids, err);
    else
        json_decref(items);
    return rc;
}

/* The runner's profile (race date and name, history, heart rates, ...): the
 * clinic's plan, check and taper state read it, as they do on the runner's
 * own machine. Sent whole each push (a few hundred bytes; the clinic keeps the
 * last), without course_path (a path on the runner's computer): the course
 * itself follows (push_course). */
static int push_profile(push *p, sg_err *err)
{
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    int found = 0;
    int rc = sg_app_athlete_load(p->st, &a, &found, err);
    if (rc || !found) {
        sg_athlete_clear(&a);
        return rc;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_app_athlete_json(&w, &a);
    sg_athlete_clear(&a);
    size_t len = 0;
    char *doc = sg_jw_take_buf(&w, &len);
    json_t *o = doc ? json_loadb(doc, len, 0, NULL) : NULL;
    free(doc);
    if (!o)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    json_object_del(o, "course_path");
    return call_json(p->h, "POST", "/api/athlete", o, NULL, &p->r->bytes, err);
}

/* The race course (app/course.c keeps its file base64 in kv "course.file";
 * an older profile names a file by course_path instead): sent when the
 * clinic's differs from it, removed there when the runner has none. Not an
 * item of the counts: r->course says what happened. */
#define KEY_COURSE_FILE "course.file"

/* Sends the course file (len bytes called name) as itself: POST
 * /api/course?name=NAME, application/octet-stream. */
static int send_course(push *p, const char *name, const unsigned char *d, size_t len,
                       sg_err *err)
{
    char q[3 * 255 + 1], path[3 * 255 + 32];
    if (!sg_http_client_query_escape(name, q, sizeof q))
        snprintf(q, sizeof q, "course");
    snprintf(path, sizeof path, "/api/course?name=%s", q);
    json_t *ans;
    int done, rc = send_file(p, "race course", path, d, len, &ans, &done, err);
    json_decref(ans);
    if (!rc && !done)
        p->r->course = 1;
    return rc;
}

static int push_course(push *p, sg_err *err)
{
    sg_activity *course = NULL;
    sg_app_course_info info;
    sg_err e;
    sg_err_clear(&e);
    int rc = sg_app_course_get(p->st, NULL, &course, &info, &e);
    sg_activity_free(course);
    if (rc == SG_ENOTFOUND) {
        if (!p->have.course[0])
            return SG_OK;
        rc = call_json(p->h, "DELETE", "/api/course", json_object(), NULL, &p->r->bytes, err);
        if (!rc)
            p->r->course = -1;
        return rc;
    }
    if (rc == SG_ESTORE || rc == SG_ENOMEM) {
        *err = e;
        return rc;
    }
    if (rc) {
        failed(p->r, "race course", e.msg);
        return SG_OK;
    }
    unsigned char *d = NULL;
    size_t len = 0;
    char hex[SG_SHARE_HASH_HEX];
    if (info.stored) {
        char *b64 = NULL;
        rc = sg_store_kv_get(p->st, KEY_COURSE_FILE, &b64, err);
        if (!rc)
            rc = sg_base64_decode(b64, strlen(b64), NULL, &d, &len, err);
        free(b64);
        if (rc == SG_EFORMAT) { /* the store's copy is damaged */
            failed(p->r, "race course", err->msg);
            return SG_OK;
        }
        snprintf(hex, sizeof hex, "%s", info.sha256);
    } else { /* info.name is the older profile's course_path */
        rc = sg_file_read(NULL, info.name, SG_COURSE_MAX_BYTES, &d, &len, err);
        if (!rc)
            sg_sha256_hex(d, len, hex);
        if (rc == SG_EIO || rc == SG_ELIMIT) {
            sg_free(NULL, d);
            failed(p->r, "race course", err->msg);
            return SG_OK;
        }
    }
    if (!rc && strcmp(hex, p->have.course) != 0)
        rc = send_course(p, sg_path_basename(info.name), d, len, err);
    sg_free(NULL, d);
    return rc;
}

static int load_have(push *p, sg_err *err)
{
    json_t *ans = NULL;
    int rc = call(p->h, "GET", "/api/share/have", NULL, 0, &ans, err);
    if (rc)
        return rc;
    const char *course = json_string_value(json_object_get(ans, "course"));
    if (course && strlen(course) == SG_SHARE_HASH_HEX - 1)
        memcpy(p->have.course, course, SG_SHARE_HASH_HEX);
    json_t *sets[3] = {json_object_get(ans, "activities"), json_object_get(ans, "journal"),
                       json_object_get(ans, "imu")};
    char (**dst[3])[SG_SHARE_HASH_HEX] = {&p->have.activities, &p->have.journal, &p->have.imu};
    size_t *cnt[3] = {&p->have.n_activities, &p->have.n_journal, &p->have.n_imu};
    for (int k = 0; k < 3 && !rc; k++) {
        size_t n = json_array_size(sets[k]), i;
        json_t *x;
        *dst[k] = n ? calloc(n, sizeof **dst[k]) : NULL;
        if (n && !*dst[k]) {
            rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
            break;
        }
        json_array_foreach(sets[k], i, x) {
            const char *s = json_string_value(x);
            if (s && strlen(s) == SG_SHARE_HASH_HEX - 1)
                memcpy((*dst[k])[(*cnt[k])++], s, SG_SHARE_HASH_HEX);
        }
        if (*cnt[k])
            qsort(*dst[k], *cnt[k], SG_SHARE_HASH_HEX, cmp_hex);
    }
    json_decref(ans);
    return rc;
}

int sg_share_push(sg_store *st, const sg_share_push_opts *o, sg_share_push_result *r,
                  sg_err *err)
{
    memset(r, 0, sizeof *r);
    double t0 = now_s();
    char url[2048], login[256];
    push p = {st, NULL, o, r, {0}, NULL, NULL, 0, 0, 0, NULL};
    act_list acts = {0};
    rec_list recs = {0};
    p.acts = &acts;
    entries ents = {NULL, 0, 0, &p};
    sg_store_filter f;
    sg_store_filter_init(&f);
    int rc = connect_clinic(st, o->password, &p.h, url, sizeof url, login, sizeof login, err);
    if (!rc)
        rc = load_have(&p, err);
    if (!rc)
        rc = sg_store_list(st, &f, on_row, &acts, err);
    if (!rc && acts.n) {
        qsort(acts.v, acts.n, sizeof *acts.v, cmp_act);
        rc = sg_store_kv_list(st, KEY_FIT, on_cached, &acts, err);
    }
    if (!rc)
        rc = sg_store_imu_list(st, on_imu, &recs, err);
    if (!rc && recs.n)
        rc = sg_store_kv_list(st, KEY_IMU, on_imu_cached, &recs, err);
    if (!rc)
        rc = sg_store_journal_list(st, NULL, NULL, NULL, on_entry, &ents, err);
    if (rc == SG_ENOMEM)
        sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    r->total = acts.n + recs.n + ents.n;
    if (!rc)
        rc = push_activities(&p, &acts, err);
    if (!rc)
        rc = push_imu(&p, &recs, err);
    if (!rc)
        rc = push_journal(&p, &ents, err);
    if (!rc && !r->stopped)
        rc = push_profile(&p, err);
    if (!rc && !r->stopped)
        rc = push_course(&p, err);
    /* what was learnt stays learnt, also when the push stopped early */
    sg_err e2;
    sg_err_clear(&e2);
    int rc2 = acts.n ? remember_all(st, &acts, acts.n, act_hash_item, &e2) : SG_OK;
    if (!rc && rc2) {
        rc = rc2;
        *err = e2;
    }
    rc2 = remember_all(st, &recs, recs.n, imu_hash_item, &e2);
    if (!rc && rc2) {
        rc = rc2;
        *err = e2;
    }
    free(recs.v);
    sg_http_client_free(p.h);
    sg_share_have_free(&p.have);
    free(acts.v);
    free(ents.v);
    free(p.ids);
    free(p.sha);
    r->seconds = now_s() - t0;
    return rc;
}

void sg_share_push_result_free(sg_share_push_result *r)
{
    if (r) {
        free(r->failed);
        r->failed = NULL;
    }
}

/* ---- status, stop ---- */

static void counts_of(json_t *o, sg_share_counts *c)
{
    c->activities = json_integer_value(json_object_get(o, "activities"));
    c->journal = json_integer_value(json_object_get(o, "journal"));
    c->imu = json_integer_value(json_object_get(o, "imu"));
}

int sg_share_status_get(sg_store *st, const char *password, sg_share_status *s, sg_err *err)
{
    memset(s, 0, sizeof *s);
    sg_http_client *h = NULL;
    char url[2048];
    int rc = connect_clinic(st, password, &h, url, sizeof url, s->login, sizeof s->login, err);
    sg_http_client_redact(url, s->url, sizeof s->url);
    json_t *ans = NULL;
    if (!rc)
        rc = call(h, "GET", "/api/share", NULL, 0, &ans, err);
    sg_http_client_free(h);
    if (!rc)
        counts_of(ans, &s->clinic);
    json_decref(ans);
    if (!rc)
        rc = sg_share_counts_get(st, &s->local, err);
    return rc;
}

int sg_share_stop(sg_store *st, const char *password, sg_share_counts *deleted, sg_err *err)
{
    memset(deleted, 0, sizeof *deleted);
    sg_http_client *h = NULL;
    char url[2048], login[256];
    int rc = connect_clinic(st, password, &h, url, sizeof url, login, sizeof login, err);
    json_t *ans = NULL;
    if (!rc)
        rc = call_json(h, "DELETE", "/api/share", json_object(), &ans, NULL, err);
    sg_http_client_free(h);
    if (!rc)
        counts_of(json_object_get(ans, "deleted"), deleted);
    json_decref(ans);
    if (!rc)
        rc = sg_store_kv_delete(st, KEY_URL, err);
    if (!rc)
        rc = sg_store_kv_delete(st, KEY_LOGIN, err);
    return rc;
}
