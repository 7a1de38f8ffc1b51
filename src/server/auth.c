/* The clinic server's sign-in, admission and account routes
 * (src/server/auth.h). */
#include "server/auth.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/clinic.h"
#include "model/jsonw.h"

int sg_clinic_new(int behind_tls, sg_clinic **out, sg_err *err)
{
    *out = NULL;
    sg_clinic *c = calloc(1, sizeof *c);
    if (!c)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    int rc = sg_app_dummy_hash(c->dummy_hash, err);
    if (rc) {
        free(c);
        return rc;
    }
    c->behind_tls = behind_tls;
    pthread_mutex_init(&c->mu, NULL);
    pthread_mutex_init(&c->roster_mu, NULL);
    sg_rc_init(&c->answers);
    pthread_cond_init(&c->hash_free, NULL);
    sg_rl_init(&c->logins, SG_LOGIN_MAX_FAILS, SG_LOGIN_WINDOW_S);
    sg_rl_init(&c->addrs, SG_ADDR_MAX_FAILS, SG_LOGIN_WINDOW_S);
    *out = c;
    return SG_OK;
}

void sg_clinic_free(sg_clinic *c)
{
    if (!c)
        return;
    pthread_cond_destroy(&c->hash_free);
    pthread_mutex_destroy(&c->roster_mu);
    sg_rc_destroy(&c->answers);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static long long now_utc(void) { return (long long)time(NULL); }

/* ---- admission ------------------------------------------------------------ */

/* The one writer of an admission refusal: sg_http_error's body with a
 * machine code beside the message, so a client or a test tells a refusal
 * from a handler's own 403/404 by code, never by text ("sign_in" 401,
 * "forbidden" 403, "csrf" 403, "absent" 404; docs/threat-model.md). */
static void refuse(sg_http_resp *resp, int status, const char *code, const char *msg)
{
    sg_http_error(resp, status, msg);
    sg_jw w;
    sg_jw_init_buf(&w, 4096, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kstr(&w, "error", msg);
    sg_jw_kint(&w, "status", status);
    sg_jw_kstr(&w, "code", code);
    sg_jw_obj_end(&w);
    size_t len = 0;
    char *b = sg_jw_take_buf(&w, &len);
    if (!b)
        return; /* out of memory: sg_http_error's body stands */
    sg_http_resp_release(resp);
    resp->status = status;
    resp->content_type = "application/json";
    resp->body = b;
    resp->body_len = len;
    resp->body_owned = 1;
}

/* 1 when the request's X-CSRF-Token is the session's (constant time). */
static int csrf_ok(const char *given, const char csrf[SG_SECRET_HEX + 1])
{
    return given && csrf[0] && strlen(given) == SG_SECRET_HEX &&
           sodium_memcmp(given, csrf, SG_SECRET_HEX) == 0;
}

/* The athlete a request is about (docs/cli.md "serve --clinic"): a
 * runner's own; for a clinician the one named by athlete=ID, with the clinic
 * of the runner account that owns it. 0 when the target is settled, else the
 * HTTP status of the refusal with *msg: 400 a bad or missing athlete=, 404
 * an athlete of another clinic or none at all (the same answer, so ids do
 * not tell whether a runner exists), 500 store. */
static int target_of(const sg_http_req *req, sg_store *st, sg_who rule, const sg_principal *p,
                     sg_authz_target *t, long long *asked, const char **msg)
{
    *asked = 0;
    t->athlete_id = p->athlete_id;
    t->clinic_id = p->clinic_id;
    if (p->account_id <= 0) /* nobody signed in: the decision says 401 */
        return 0;
    const char *v = req->query ? req->query(req->qctx, "athlete") : NULL;
    long long named = 0;
    if (v) {
        size_t n = strlen(v);
        if (n == 0 || n > 18 || strspn(v, "0123456789") != n ||
            (named = strtoll(v, NULL, 10)) < 1) {
            *msg = "bad athlete: expected athlete=ID, a runner's athlete id";
            return 400;
        }
        *asked = named;
    }
    if (!sg_authz_athlete_rule(rule))
        return 0;
    if (p->role != SG_ROLE_CLINICIAN) {
        /* a runner names only themself; anyone else is decided by the rule */
        if (p->role == SG_ROLE_RUNNER && named && named != p->athlete_id) {
            *msg = "no such runner";
            return 404;
        }
        return 0;
    }
    if (!named) {
        *msg = "name the runner with ?athlete=ID";
        return 400;
    }
    long long clinic = 0;
    sg_err err;
    sg_err_clear(&err);
    if (sg_app_athlete_clinic(st, named, &clinic, &err)) {
        *msg = "cannot read the store";
        return 500;
    }
    if (clinic <= 0 || clinic != p->clinic_id) {
        *msg = "no such runner";
        return 404;
    }
    t->athlete_id = named;
    t->clinic_id = clinic;
    return 0;
}

/* The route of a request for the audit log: its method and path, with an id
 * after the last '/' written "ID", so that the rows a client can cause are
 * bounded by the route table (admission runs only for a matched route). */
static void route_text(const sg_http_req *req, char *out, size_t cap)
{
    const char *slash = strrchr(req->path, '/');
    size_t digits = slash ? strlen(slash + 1) : 0;
    if (digits && strspn(slash + 1, "0123456789") == digits)
        snprintf(out, cap, "%s %.*s/ID", req->method, (int)(slash - req->path), req->path);
    else
        snprintf(out, cap, "%s %s", req->method, req->path);
}

/* A signed-in runner or clinician refused access to another runner's data
 * (`code`: "forbidden" or "no_runner"): an audit row for that runner, when
 * the athlete exists, coalesced per account, athlete and route
 * (sg_app_audit_refused). The refusal stands whatever happens here: a
 * failure to log it is not told to the client. */
static void audit_refusal(sg_store *st, const sg_principal *p, long long athlete_id,
                          const sg_http_req *req, const char *code, long long now)
{
    if (!st || p->account_id <= 0 || athlete_id <= 0 || athlete_id == p->athlete_id ||
        (p->role != SG_ROLE_RUNNER && p->role != SG_ROLE_CLINICIAN))
        return;
    char route[300], detail[340];
    route_text(req, route, sizeof route);
    snprintf(detail, sizeof detail, "%s: %s", route, code);
    sg_app_audit_refused(st, now, p->account_id, athlete_id, detail, NULL, NULL);
}

int sg_auth_admit(const sg_server_ctx *ctx, const sg_http_req *req, sg_store *st, sg_who rule,
                  sg_principal *who, char csrf[SG_SECRET_HEX + 1], sg_http_resp *resp)
{
    sg_authz_caller caller;
    memset(&caller, 0, sizeof caller);
    caller.clinic = ctx->clinic != NULL;
    csrf[0] = '\0';
    long long now = now_utc();
    if (caller.clinic && req->session && st) {
        sg_err err;
        sg_err_clear(&err);
        int rc = sg_app_session_check(st, req->session, now, &caller.p, csrf, &err);
        if (rc && rc != SG_EDENIED) {
            sg_http_error(resp, 500, err.msg);
            return 0;
        }
    }
    sg_authz_target t = {caller.p.athlete_id, caller.p.clinic_id, NULL, SG_ROLE_NONE};
    const char *why = NULL;
    long long asked = 0;
    int status = caller.clinic && st ? target_of(req, st, rule, &caller.p, &t, &asked, &why) : 0;
    if (status == 400 || status == 404) { /* the athlete named: refused by code too */
        if (status == 404)
            audit_refusal(st, &caller.p, asked, req, "no_runner", now);
        refuse(resp, status, status == 404 ? "no_runner" : "athlete_param", why);
        return 0;
    }
    if (status) {
        sg_http_error(resp, status, why);
        return 0;
    }
    switch (sg_authz_decide(rule, &caller, &t)) {
    case SG_AUTHZ_ALLOW:
        break;
    case SG_AUTHZ_SIGN_IN:
        refuse(resp, 401, "sign_in", "sign in first (POST /api/login)");
        return 0;
    case SG_AUTHZ_ABSENT:
        refuse(resp, 404, "absent", "no such endpoint");
        return 0;
    default:
        /* the athlete concerned: the one named and settled (a clinician's own
         * clinic's runner on a route not theirs); a runner's own is skipped */
        if (caller.clinic && sg_authz_athlete_rule(rule))
            audit_refusal(st, &caller.p, t.athlete_id, req, "forbidden", now);
        refuse(resp, 403, "forbidden", "this account may not do that");
        return 0;
    }
    /* login and accepting a code make no use of a session, so want no token */
    if (caller.clinic && caller.p.account_id && rule != SG_WHO_CLINIC_PUBLIC &&
        sg_http_method_writes(req->method) && !csrf_ok(req->csrf, csrf)) {
        refuse(resp, 403, "csrf", "a write needs the session's X-CSRF-Token header");
        return 0;
    }
    /* The one place a request is scoped to its athlete: every store call of
     * the handler then sees that athlete's rows only (store.h). The local
     * server's runner is athlete 1, where a pooled handle starts. */
    if (caller.clinic && st && sg_authz_athlete_rule(rule)) {
        if (t.athlete_id <= 0) {
            refuse(resp, 403, "forbidden", "this account has no runner's data");
            return 0;
        }
        sg_app_use_athlete(st, t.athlete_id);
        char what[300];
        snprintf(what, sizeof what, "%s %s", req->method, req->path);
        sg_err err;
        sg_err_clear(&err);
        if (sg_auth_audit(st, &caller.p, t.athlete_id, sg_http_method_writes(req->method), what,
                          now, &err)) {
            sg_http_error(resp, 500, "cannot write the audit log");
            return 0;
        }
    }
    caller.p.athlete_id = caller.p.role == SG_ROLE_CLINICIAN ? t.athlete_id : caller.p.athlete_id;
    *who = caller.p;
    return 1;
}

int sg_auth_audit(sg_store *st, const sg_principal *who, long long athlete_id, int writes,
                  const char *what, long long now, sg_err *err)
{
    if (!who || who->account_id <= 0 || who->role != SG_ROLE_CLINICIAN)
        return SG_OK;
    return sg_app_audit_add(st, now, who->account_id, athlete_id, writes != 0, what, err);
}

int sg_auth_roster_audit_due(sg_clinic *c, long long account_id, long long now)
{
    int due = 1;
    pthread_mutex_lock(&c->mu);
    size_t slot = 0;
    for (size_t i = 0; i < SG_ROSTER_AUDIT_SLOTS; i++) {
        if (c->roster_who[i] == account_id) {
            slot = i;
            due = now - c->roster_at[i] >= SG_ROSTER_AUDIT_S || now < c->roster_at[i];
            break;
        }
        if (c->roster_at[i] < c->roster_at[slot])
            slot = i; /* the oldest (or an empty) slot, if the account has none */
    }
    if (due) {
        c->roster_who[slot] = account_id;
        c->roster_at[slot] = now;
    }
    pthread_mutex_unlock(&c->mu);
    return due;
}

/* ---- replies ---------------------------------------------------------------- */

static int reply(sg_auth_call *c, sg_jw *w)
{
    size_t len;
    char *b = sg_jw_take_buf(w, &len);
    if (!b)
        return sg_err_set(c->err, SG_ENOMEM, -1, "out of memory");
    sg_http_json(c->resp, b, len);
    return SG_OK;
}

static void principal_json(sg_jw *w, const sg_principal *p)
{
    sg_jw_kint(w, "account_id", p->account_id);
    sg_jw_kstr(w, "login", p->login);
    sg_jw_kstr(w, "role", sg_role_name(p->role));
    if (p->clinic_id)
        sg_jw_kint(w, "clinic_id", p->clinic_id);
    else
        sg_jw_knull(w, "clinic_id");
    if (p->athlete_id)
        sg_jw_kint(w, "athlete_id", p->athlete_id);
    else
        sg_jw_knull(w, "athlete_id");
}

/* The body as an object whose members are all strings among `keys` (NULL
 * ended); NULL after setting a 400 error. Free with json_decref. */
static json_t *body_object(sg_auth_call *c, const char *const *keys)
{
    json_error_t je;
    const sg_http_req *req = c->req;
    json_t *o = req->body ? json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je)
                          : NULL;
    const char *k;
    json_t *v;
    int ok = json_is_object(o);
    json_object_foreach(ok ? o : NULL, k, v) {
        int known = 0;
        for (const char *const *p = keys; *p; p++)
            known |= strcmp(*p, k) == 0;
        if (!known || !json_is_string(v))
            ok = 0;
    }
    if (!ok) {
        json_decref(o);
        sg_err_set(c->err, SG_EUSAGE, -1, "expected a JSON object of strings");
        return NULL;
    }
    return o;
}

static const char *member(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static void too_many(sg_http_resp *resp, long long wait)
{
    sg_http_error(resp, 429, "too many failed attempts: try again later");
    resp->retry_after = wait;
}

/* The rate-limit keys of a login attempt. */
static void keys(const sg_http_req *req, const char *login, char kl[SG_RL_KEY],
                 char ka[SG_RL_KEY])
{
    char folded[SG_LOGIN_MAX + 1];
    if (sg_app_login_fold(login, folded, NULL))
        snprintf(folded, sizeof folded, "%.*s", SG_LOGIN_MAX, login ? login : "");
    snprintf(kl, SG_RL_KEY, "l:%s", folded);
    snprintf(ka, SG_RL_KEY, "a:%s", req->client_ip ? req->client_ip : "?");
}

/* Counts the attempt as a failure before it runs (parallel attempts cannot
 * pass the limit); 0 when it may run, else the seconds to wait. kl may be
 * NULL (no per-login key). */
static long long attempt(sg_clinic *cl, const char *kl, const char *ka, long long now)
{
    pthread_mutex_lock(&cl->mu);
    long long wait = sg_rl_wait(&cl->addrs, ka, now), w2 = kl ? sg_rl_wait(&cl->logins, kl, now) : 0;
    if (w2 > wait)
        wait = w2;
    if (!wait) {
        sg_rl_fail(&cl->addrs, ka, now);
        if (kl)
            sg_rl_fail(&cl->logins, kl, now);
    }
    pthread_mutex_unlock(&cl->mu);
    return wait;
}

/* A success: the login's failures are forgotten, the address's attempt taken back. */
static void succeeded(sg_clinic *cl, const char *kl, const char *ka)
{
    pthread_mutex_lock(&cl->mu);
    sg_rl_forgive(&cl->addrs, ka);
    if (kl)
        sg_rl_clear(&cl->logins, kl);
    pthread_mutex_unlock(&cl->mu);
}

/* At most SG_HASH_CONCURRENCY password checks at once: each takes 64 MiB. */
static void hash_enter(sg_clinic *cl)
{
    pthread_mutex_lock(&cl->mu);
    while (cl->hashing >= SG_HASH_CONCURRENCY)
        pthread_cond_wait(&cl->hash_free, &cl->mu);
    cl->hashing++;
    pthread_mutex_unlock(&cl->mu);
}

static void hash_leave(sg_clinic *cl)
{
    pthread_mutex_lock(&cl->mu);
    cl->hashing--;
    pthread_cond_signal(&cl->hash_free);
    pthread_mutex_unlock(&cl->mu);
}

static int set_cookie(sg_auth_call *c, const char *token, int end)
{
    char cookie[200];
    snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
             SG_SESSION_COOKIE, end ? "" : token, end ? "; Max-Age=0" : "",
             c->ctx->clinic->behind_tls ? "; Secure" : "");
    free(c->resp->set_cookie);
    c->resp->set_cookie = strdup(cookie);
    return c->resp->set_cookie ? SG_OK : sg_err_set(c->err, SG_ENOMEM, -1, "out of memory");
}

/* ---- routes ------------------------------------------------------------------ */

int sg_auth_login(sg_auth_call *c)
{
    static const char *const k[] = {"login", "password", NULL};
    json_t *o = body_object(c, k);
    if (!o)
        return SG_EUSAGE;
    sg_login_req lr = {member(o, "login"), member(o, "password"), now_utc(),
                       c->ctx->clinic->dummy_hash};
    char kl[SG_RL_KEY], ka[SG_RL_KEY];
    keys(c->req, lr.login, kl, ka);
    long long wait = attempt(c->ctx->clinic, kl, ka, lr.now);
    if (wait) {
        json_decref(o);
        too_many(c->resp, wait);
        return SG_OK;
    }
    sg_login_res res;
    hash_enter(c->ctx->clinic);
    int rc = sg_app_login(c->st, &lr, &res, c->err);
    hash_leave(c->ctx->clinic);
    json_decref(o);
    if (rc == SG_EDENIED) {
        sg_http_error(c->resp, 401, "wrong login or password");
        return SG_OK;
    }
    if (rc)
        return rc;
    succeeded(c->ctx->clinic, kl, ka);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kstr(&w, "csrf", res.csrf);
    principal_json(&w, &res.who);
    sg_jw_kint(&w, "expires_utc", res.expires_utc);
    sg_jw_kint(&w, "idle_s", SG_SESSION_IDLE_S);
    sg_jw_obj_end(&w);
    if ((rc = reply(c, &w)) == SG_OK)
        rc = set_cookie(c, res.token, 0);
    memset(&res, 0, sizeof res);
    return rc;
}

int sg_auth_logout(sg_auth_call *c)
{
    int rc = sg_app_logout(c->st, c->req->session, now_utc(), c->err);
    if (rc)
        return rc;
    static const char ok[] = "{\"signed_out\":true}";
    char *b = strdup(ok);
    if (!b)
        return sg_err_set(c->err, SG_ENOMEM, -1, "out of memory");
    sg_http_json(c->resp, b, strlen(b));
    return set_cookie(c, NULL, 1);
}

int sg_auth_me(sg_auth_call *c)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    /* a reloaded page gets its CSRF token back (a same-origin read only) */
    sg_jw_kstr(&w, "csrf", c->csrf);
    principal_json(&w, c->who);
    sg_jw_obj_end(&w);
    return reply(c, &w);
}

int sg_auth_revoke(sg_auth_call *c)
{
    static const char *const k[] = {"login", NULL};
    json_t *o = body_object(c, k);
    if (!o)
        return SG_EUSAGE;
    const char *login = member(o, "login");
    long long n = 0;
    int rc;
    if (login) {
        /* another account's sessions: an admin's decision */
        sg_authz_caller caller = {1, *c->who};
        sg_authz_target none = {0, 0, NULL, SG_ROLE_NONE};
        rc = sg_authz_decide(SG_WHO_ADMIN, &caller, &none) == SG_AUTHZ_ALLOW
                 ? sg_app_sessions_revoke_login(c->st, login, now_utc(), &n, c->err)
                 : sg_err_set(c->err, SG_EDENIED, -1, "only an admin ends another account's "
                                                      "sessions");
    } else {
        rc = sg_app_sessions_revoke(c->st, c->who->account_id, now_utc(), &n, c->err);
    }
    json_decref(o);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kint(&w, "revoked", n);
    sg_jw_obj_end(&w);
    if ((rc = reply(c, &w)) == SG_OK && !login)
        rc = set_cookie(c, NULL, 1);
    return rc;
}

int sg_auth_codes(sg_auth_call *c)
{
    static const char *const k[] = {"kind", "role", "clinic", "login", NULL};
    json_t *o = body_object(c, k);
    if (!o)
        return SG_EUSAGE;
    const char *role = member(o, "role");
    sg_code_req q = {member(o, "kind"), sg_role_parse(role), 0, 0, c->who->account_id, now_utc()};
    /* a clinician's invitation is for their own clinic unless it names one */
    if (c->who->role == SG_ROLE_CLINICIAN)
        q.clinic_id = c->who->clinic_id;
    int rc = sg_app_code_target(c->st, member(o, "clinic"), member(o, "login"), &q, c->err);
    if (rc == SG_ENOTFOUND && c->who->role != SG_ROLE_ADMIN)
        rc = sg_err_set(c->err, SG_EDENIED, -1, "this account may not issue that code");
    if (rc) {
        json_decref(o);
        return rc;
    }
    sg_authz_caller caller = {1, *c->who};
    sg_authz_target t = {0, q.clinic_id, q.kind, q.role};
    if (sg_authz_decide(SG_WHO_ISSUE_CODE, &caller, &t) != SG_AUTHZ_ALLOW) {
        json_decref(o);
        return sg_err_set(c->err, SG_EDENIED, -1, "this account may not issue that code");
    }
    sg_code_res res;
    rc = sg_app_code_issue(c->st, &q, &res, c->err);
    if (rc) {
        json_decref(o);
        return rc;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kstr(&w, "code", res.code);
    sg_jw_kstr(&w, "kind", q.kind); /* borrowed from o */
    sg_jw_kstr(&w, "role", sg_role_name(q.role));
    sg_jw_kint(&w, "expires_utc", res.expires_utc);
    sg_jw_obj_end(&w);
    json_decref(o);
    return reply(c, &w);
}

int sg_auth_accept(sg_auth_call *c)
{
    static const char *const k[] = {"code", "login", "password", NULL};
    json_t *o = body_object(c, k);
    if (!o)
        return SG_EUSAGE;
    char kl[SG_RL_KEY], ka[SG_RL_KEY];
    keys(c->req, NULL, kl, ka);
    long long now = now_utc(), wait = attempt(c->ctx->clinic, NULL, ka, now);
    if (wait) {
        json_decref(o);
        too_many(c->resp, wait);
        return SG_OK;
    }
    sg_redeem_req q = {member(o, "code"), member(o, "login"), member(o, "password"), now};
    sg_redeem_res res;
    hash_enter(c->ctx->clinic);
    int rc = sg_app_code_redeem(c->st, &q, &res, c->err);
    hash_leave(c->ctx->clinic);
    json_decref(o);
    if (rc)
        return rc;
    succeeded(c->ctx->clinic, NULL, ka);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kint(&w, "account_id", res.account_id);
    sg_jw_kstr(&w, "role", sg_role_name(res.role));
    sg_jw_kstr(&w, "kind", res.reset ? "reset" : "invite");
    sg_jw_kint(&w, "sessions_revoked", res.revoked);
    sg_jw_obj_end(&w);
    return reply(c, &w);
}

int sg_auth_clinics(sg_auth_call *c)
{
    static const char *const k[] = {"name", NULL};
    json_t *o = body_object(c, k);
    if (!o)
        return SG_EUSAGE;
    long long id = 0;
    int rc = sg_app_clinic_create(c->st, member(o, "name"), now_utc(), &id, c->err);
    json_decref(o);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kint(&w, "clinic_id", id);
    sg_jw_obj_end(&w);
    return reply(c, &w);
}

typedef struct audit_out {
    sg_jw *w;
    int refused;                       /* this pass writes the "refused" rows, else the others */
} audit_out;

static int audit_row(void *ctx, const sg_audit_row *r)
{
    audit_out *o = ctx;
    if ((strcmp(r->action, "refused") == 0) != o->refused)
        return 0;
    sg_jw *w = o->w;
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "at_utc", r->at_utc);
    sg_jw_kint(w, "account_id", r->account_id);
    sg_jw_kstr(w, "action", r->action);
    sg_jw_kstr(w, "detail", r->detail);
    sg_jw_obj_end(w);
    return sg_jw_error(w) ? SG_ELIMIT : 0;
}

int sg_auth_audit_list(sg_auth_call *c)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    /* a clinician's principal carries no athlete here (no athlete= route):
     * the log is the runner's own. "audit" lists the reads and writes made,
     * "refused" the attempts refused (and a disabled account's sign-ins), so
     * neither list is mistaken for the other. */
    int rc = SG_OK, mine = c->who->athlete_id && c->who->role == SG_ROLE_RUNNER;
    for (int refused = 0; refused < 2; refused++) {
        audit_out o = {&w, refused};
        sg_jw_key(&w, refused ? "refused" : "audit");
        sg_jw_arr_begin(&w);
        if (mine && !rc)
            rc = sg_app_audit_list(c->st, c->who->athlete_id, audit_row, &o, c->err);
        sg_jw_arr_end(&w);
    }
    sg_jw_obj_end(&w);
    if (rc) {
        sg_jw_dispose(&w);
        return rc;
    }
    return reply(c, &w);
}
