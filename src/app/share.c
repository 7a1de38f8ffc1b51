/* Sharing, the runner's side (src/app/share.h): join, push, status, stop
 * over bytes/http_client.h. */
#include "app/share.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/journal.h"
#include "bytes/base64.h"
#include "bytes/http_client.h"
#include "bytes/sha256.h"
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
    default: return SG_EIO;
    }
}

/* One request: SG_OK with *out (the JSON answer, may be NULL when out is)
 * for a 2xx status, else the status's code with the server's sentence. */
static int call(sg_http_client *h, const char *method, const char *path, const char *body,
                size_t len, json_t **out, sg_err *err)
{
    if (out)
        *out = NULL;
    sg_http_client_response res;
    int rc = sg_http_client_send(h, method, path, body, len, &res, err);
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
} push;

static int held(char (*v)[SG_SHARE_HASH_HEX], size_t n, const char *hex)
{
    return n && bsearch(hex, v, n, sizeof *v, (int (*)(const void *, const void *))strcmp);
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

/* Sends one activity file: SG_OK (sent, held or failed in r), or an error
 * that ends the push (the clinic went away). */
static int send_activity(push *p, long long id, const uint8_t *fit, size_t len, const char *hex,
                         sg_err *err)
{
    char *b64 = NULL, name[64], what[64];
    size_t b64_len = 0;
    snprintf(what, sizeof what, "activity %lld", id);
    int rc = sg_base64_encode(fit, len, NULL, &b64, &b64_len, err);
    if (rc)
        return rc;
    snprintf(name, sizeof name, "strideguard-%.16s.fit", hex);
    json_t *ans = NULL;
    sg_err e;
    sg_err_clear(&e);
    rc = call_json(p->h, "POST", "/api/share/activity",
                   json_pack("{s:s, s:s%}", "name", name, "content_base64", b64, b64_len), &ans,
                   &p->r->bytes, &e);
    free(b64);
    if (rc == SG_EUSAGE || rc == SG_ENODATA) {
        failed(p->r, what, e.msg);
        return SG_OK;
    }
    if (rc) {
        *err = e;
        return rc;
    }
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

typedef struct act_list {
    long long *ids;
    size_t n, cap;
} act_list;

static int on_row(void *ctx, const sg_store_row *row)
{
    act_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        long long *v = realloc(l->ids, cap * sizeof *v);
        if (!v)
            return SG_ENOMEM;
        l->ids = v;
        l->cap = cap;
    }
    l->ids[l->n++] = row->id;
    return 0;
}

/* Every local activity: encoded, hashed, sent unless held. */
static int push_activities(push *p, const act_list *l, sg_err *err)
{
    for (size_t i = 0; i < l->n; i++) {
        sg_activity *act = NULL;
        uint8_t *fit = NULL;
        size_t len = 0;
        char what[64];
        snprintf(what, sizeof what, "activity %lld", l->ids[i]);
        sg_err e;
        sg_err_clear(&e);
        int rc = sg_store_load(p->st, l->ids[i], NULL, &act, &e);
        if (!rc)
            rc = sg_fit_encode(act, NULL, NULL, &fit, &len, &e);
        sg_activity_free(act);
        if (rc == SG_ESTORE || rc == SG_ENOMEM) {
            free(fit);
            *err = e;
            return rc;
        }
        if (rc) {
            failed(p->r, what, e.msg);
            free(fit);
            tick(p);
            continue;
        }
        char hex[SG_SHARE_HASH_HEX];
        sg_sha256_hex(fit, len, hex);
        rc = remember(p, l->ids[i], hex);
        if (!rc && held(p->have.activities, p->have.n_activities, hex))
            p->r->held++;
        else if (!rc && budget_left(p))
            rc = send_activity(p, l->ids[i], fit, len, hex, err);
        else if (!rc)
            p->r->stopped = 1;
        free(fit);
        if (rc == SG_ENOMEM)
            return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        if (rc)
            return rc;
        tick(p);
    }
    return SG_OK;
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
        char hex[SG_SHARE_HASH_HEX];
        if ((rc = sg_share_entry_hash(e, sha, hex, err)))
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
        json_t *item = ej ? json_pack("{s:o, s:s?}", "entry", ej, "run_sha256", sha) : NULL;
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

static int load_have(push *p, sg_err *err)
{
    json_t *ans = NULL;
    int rc = call(p->h, "GET", "/api/share/have", NULL, 0, &ans, err);
    if (rc)
        return rc;
    json_t *sets[2] = {json_object_get(ans, "activities"), json_object_get(ans, "journal")};
    char (**dst[2])[SG_SHARE_HASH_HEX] = {&p->have.activities, &p->have.journal};
    size_t *cnt[2] = {&p->have.n_activities, &p->have.n_journal};
    for (int k = 0; k < 2 && !rc; k++) {
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
            qsort(*dst[k], *cnt[k], SG_SHARE_HASH_HEX,
                  (int (*)(const void *, const void *))strcmp);
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
    push p = {st, NULL, o, r, {0}, NULL, NULL, 0, 0, 0};
    act_list acts = {0};
    entries ents = {NULL, 0, 0, &p};
    sg_store_filter f;
    sg_store_filter_init(&f);
    int rc = connect_clinic(st, o->password, &p.h, url, sizeof url, login, sizeof login, err);
    if (!rc)
        rc = load_have(&p, err);
    if (!rc)
        rc = sg_store_list(st, &f, on_row, &acts, err);
    if (!rc)
        rc = sg_store_journal_list(st, NULL, NULL, NULL, on_entry, &ents, err);
    if (rc == SG_ENOMEM)
        sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    r->total = acts.n + ents.n;
    if (!rc)
        rc = push_activities(&p, &acts, err);
    if (!rc)
        rc = push_journal(&p, &ents, err);
    sg_http_client_free(p.h);
    sg_share_have_free(&p.have);
    free(acts.ids);
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
