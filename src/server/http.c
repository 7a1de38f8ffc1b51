/* Router and libmicrohttpd front of the dashboard (src/server/http.h). */
#include "server/http.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <netinet/in.h>
#include <ifaddrs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
/* microhttpd.h wants the socket headers first */
#include <microhttpd.h>

#include "app/share.h"
#include "model/jsonw.h"
#include "server/api.h"
#include "server/auth.h"
#include "server/conns.h"
#include "server/token.h"
#include "server/upload.h"
#include "server/watch.h"
#include "bytes/embedded.h"

int sg_http_path_ok(const char *path)
{
    size_t n = strlen(path);
    if (n == 0 || n > 256 || path[0] != '/')
        return 0;
    if (strstr(path, "..") || strstr(path, "//") || strchr(path, '\\'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f)
            return 0;
    return 1;
}

static void serve_asset(const sg_http_req *req, sg_http_resp *resp)
{
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        sg_http_error(resp, 405, "method not allowed");
        return;
    }
    const char *path = req->path;
    if (!sg_http_path_ok(path)) {
        sg_http_error(resp, 400, "bad path");
        return;
    }
    if (strcmp(path, "/") == 0)
        path = "/index.html";
    for (const sg_asset *a = sg_assets; a->path; a++) {
        if (strcmp(a->path, path) == 0) {
            resp->status = 200;
            resp->content_type = a->mime;
            resp->body = (char *)a->data;
            resp->body_len = a->len;
            resp->body_owned = 0;
            resp->cache_control = "no-cache";
            return;
        }
    }
    sg_http_error(resp, 404, "not found");
}

void sg_http_cookie_name(unsigned port, char *buf, size_t cap)
{
    snprintf(buf, cap, "sg_token_%u", port);
}

static int is_api(const char *path)
{
    return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

/* GET /pair?token=T: the token for a cookie, and a redirect that takes it
 * out of the address bar (and out of any Referer). */
static void pair(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp)
{
    const sg_http_policy *p = ctx->policy;
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        sg_http_error(resp, 405, "method not allowed");
        return;
    }
    if (p && p->require_token) {
        const char *given = req->query ? req->query(req->qctx, "token") : NULL;
        if (!sg_http_token_eq(given, p->token)) {
            sg_http_error(resp, 401, "wrong or missing access token: open the pairing address "
                                     "`strideguard serve` printed");
            resp->cache_control = "no-store";
            return;
        }
        char name[32], cookie[200];
        sg_http_cookie_name(req->local_port, name, sizeof name);
        snprintf(cookie, sizeof cookie,
                 "%s=%s; Path=/; Max-Age=31536000; HttpOnly; SameSite=Strict", name, p->token);
        sg_http_resp_release(resp);
        resp->set_cookie = strdup(cookie);
        if (!resp->set_cookie) {
            sg_http_error(resp, 500, "out of memory");
            return;
        }
    }
    /* without a token to pair with, /pair just leads to the dashboard */
    static const char ok[] = "{\"paired\":true}";
    resp->status = 303;
    resp->content_type = "application/json";
    resp->body = (char *)ok;
    resp->body_len = sizeof ok - 1;
    resp->body_owned = 0;
    resp->location = "/";
    resp->cache_control = "no-store";
}

/* POST /api/import: the body is a file (server/upload.h). */
static int is_upload(const sg_http_req *req)
{
    return strcmp(req->method, "POST") == 0 && strcmp(req->path, SG_HTTP_UPLOAD_PATH) == 0;
}

/* POST /api/share/activity (`share push`): a file as the body too, taken
 * in memory by its handler (begin_share_file bounds it). */
static int is_share_file(const sg_http_req *req)
{
    return strcmp(req->method, "POST") == 0 && strcmp(req->path, SG_HTTP_SHARE_FILE_PATH) == 0;
}

/* POST /api/course with the file itself as the body (its other form is
 * JSON with the file in base64, which the ordinary ceiling bounds). */
static int is_course_file(const sg_http_req *req)
{
    return strcmp(req->method, "POST") == 0 && strcmp(req->path, SG_HTTP_COURSE_PATH) == 0 &&
           sg_http_is_octet_type(req->content_type);
}

/* The Origin of a write: the server's own; behind a TLS proxy (serve --clinic
 * --behind-tls) the browser's origin is https:// with the same name and port. */
static int origin_ok(const sg_server_ctx *ctx, const sg_http_req *req)
{
    if (ctx->clinic && ctx->clinic->behind_tls && strncmp(req->origin, "https://", 8) == 0) {
        char plain[300];
        int n = snprintf(plain, sizeof plain, "http://%s", req->origin + 8);
        return n > 0 && (size_t)n < sizeof plain && sg_http_origin_matches(plain, req->host);
    }
    return sg_http_origin_matches(req->origin, req->host);
}

int sg_http_guard(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp)
{
    const sg_http_policy *p = ctx->policy;
    if (req->host_count != 1 || !req->host) {
        sg_http_error(resp, 400, "expected exactly one Host header");
        return 0;
    }
    if (!sg_http_host_allowed(p, req->host, req->local_ip, req->local_port)) {
        /* a page whose name was rebound to this machine, or a typo */
        sg_http_error(resp, 421, "this server does not answer to that Host name "
                                 "(see --allow-host)");
        return 0;
    }
    if (sg_http_method_writes(req->method)) {
        /* A cross-site page can send text/plain or a form without asking;
         * application/json (and the upload's application/octet-stream) needs
         * a preflight, which this server never grants. */
        if (is_upload(req) || is_share_file(req)) {
            if (!sg_http_is_octet_type(req->content_type)) {
                sg_http_error(resp, 415, "an upload needs Content-Type: application/octet-stream");
                return 0;
            }
        } else if (!is_course_file(req) && !sg_http_is_json_type(req->content_type)) {
            sg_http_error(resp, 415, "a write needs Content-Type: application/json");
            return 0;
        }
        if ((req->origin && !origin_ok(ctx, req)) || !sg_http_fetch_site_ok(req->sec_fetch_site)) {
            sg_http_error(resp, 403, "cross-origin write refused");
            return 0;
        }
    }
    if (strcmp(req->path, "/pair") == 0) {
        pair(ctx, req, resp);
        return 0;
    }
    if (p && p->require_token && is_api(req->path) && !sg_http_token_eq(req->token, p->token)) {
        sg_http_error(resp, 401, "this server wants its access token: open the pairing address "
                                 "`strideguard serve` printed");
        resp->www_authenticate = 1;
        return 0;
    }
    return 1;
}

void sg_http_route(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp)
{
    memset(resp, 0, sizeof *resp);
    if (!sg_http_guard(ctx, req, resp)) {
        if (!resp->body)
            sg_http_error(resp, 500, "no response");
        return;
    }
    if (strncmp(req->path, "/api/", 5) == 0 || strcmp(req->path, "/api") == 0)
        sg_api_route(ctx, req, resp);
    else
        serve_asset(req, resp);
    if (!resp->body)
        sg_http_error(resp, 500, "no response");
}

/* ---------------- libmicrohttpd front ---------------- */

/* What the front keeps beside the router's context. */
typedef struct front {
    sg_server_ctx ctx;
    sg_conns conns;
    atomic_size_t big_bodies; /* bytes reserved by share files past SG_HTTP_MAX_BODY */
} front;

typedef struct upload {
    char *buf;
    size_t len, cap;
    size_t ceiling;      /* of the body in memory: 0 = SG_HTTP_MAX_BODY */
    size_t reserved;     /* of front.big_bodies, given back when the request ends */
    double body_at;      /* a file body (upload, share, course): sg_conns_now() at its head, else 0 */
    unsigned long long received; /* its bytes so far */
    int too_big;
    unsigned long file;  /* POST /api/import: the upload streamed to disk, else 0 */
    int file_err;        /* its HTTP status once it failed (413, 507, 500), else 0 */
    char file_msg[256];
    char client_ip[INET6_ADDRSTRLEN];
} upload;

static const char *mhd_query(void *qctx, const char *key)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)qctx, MHD_GET_ARGUMENT_KIND, key);
}

/* On every response, the assets', the API's and the errors': no framing
 * (clickjacking), no Referer (the pairing token), no cross-origin reads of
 * a response (CORP), no MIME sniffing, and scripts only from this server.
 * style-src allows inline styles because the dashboard's DOM builder sets
 * style attributes; no script is inline. */
static const char csp[] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                          "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static enum MHD_Result send_resp(struct MHD_Connection *con, sg_http_resp *r)
{
    struct MHD_Response *mr =
        MHD_create_response_from_buffer(r->body_len, r->body,
                                        r->body_owned ? MHD_RESPMEM_MUST_FREE
                                                      : MHD_RESPMEM_PERSISTENT);
    if (!mr) {
        sg_http_resp_release(r);
        return MHD_NO;
    }
    r->body_owned = 0; /* MHD frees it now */
    MHD_add_response_header(mr, "Content-Type", r->content_type);
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(mr, "Content-Security-Policy", csp);
    MHD_add_response_header(mr, "X-Frame-Options", "DENY");
    MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(mr, "Cross-Origin-Resource-Policy", "same-origin");
    if (r->cache_control)
        MHD_add_response_header(mr, "Cache-Control", r->cache_control);
    if (r->location)
        MHD_add_response_header(mr, "Location", r->location);
    if (r->set_cookie)
        MHD_add_response_header(mr, "Set-Cookie", r->set_cookie);
    if (r->www_authenticate)
        MHD_add_response_header(mr, "WWW-Authenticate", "Bearer realm=\"strideguard\"");
    if (r->retry_after > 0) {
        char ra[24];
        snprintf(ra, sizeof ra, "%lld", r->retry_after);
        MHD_add_response_header(mr, "Retry-After", ra);
    }
    sg_http_resp_release(r);
    enum MHD_Result ret = MHD_queue_response(con, (unsigned)r->status, mr);
    MHD_destroy_response(mr);
    return ret;
}

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    (void)value;
    if (strcasecmp(key, "Host") == 0)
        ++*(int *)cls;
    return MHD_YES;
}

static sg_conn *conn_of(struct MHD_Connection *con)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* The request as the router sees it: headers, the token, the local address. */
/* The client's address as text into buf (empty when unknown). */
static void client_ip(struct MHD_Connection *con, char *buf, size_t cap)
{
    buf[0] = '\0';
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
                  (socklen_t)cap);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
                  (socklen_t)cap);
}

static void fill_req(struct MHD_Connection *con, const char *method, const char *url,
                     upload *up, char *cookie_name, size_t cn, sg_http_req *req)
{
    memset(req, 0, sizeof *req);
    req->method = method;
    req->path = url;
    req->query = mhd_query;
    req->qctx = con;
    req->body = up->buf;
    req->body_len = up->len;
    req->upload = up->file;
    MHD_get_connection_values(con, MHD_HEADER_KIND, count_host, &req->host_count);
    req->host = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Host");
    req->origin = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Origin");
    req->content_type = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type");
    req->sec_fetch_site = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Sec-Fetch-Site");
    const sg_conn *c = conn_of(con);
    if (c) {
        req->local_ip = c->local_ip;
        req->local_port = c->local_port;
    }
    sg_http_cookie_name(req->local_port, cookie_name, cn);
    req->token = MHD_lookup_connection_value(con, MHD_COOKIE_KIND, cookie_name);
    req->session = MHD_lookup_connection_value(con, MHD_COOKIE_KIND, SG_SESSION_COOKIE);
    req->csrf = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "X-CSRF-Token");
    client_ip(con, up->client_ip, sizeof up->client_ip);
    req->client_ip = up->client_ip;
    if (!req->token)
        req->token = sg_http_bearer(
            MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Authorization"));
}

/* The clinic server admits an upload from its head, before a byte of the
 * body is read: the route table's rule for POST /api/import (a runner on
 * their own athlete), the session, and the X-CSRF-Token of a write, through
 * the one admission every route passes (sg_auth_admit). Returns 1 with
 * *owner the athlete the upload is for (SG_IMPORTS_LOCAL on the local
 * server, whose guard has checked the token), else 0 with resp filled (401,
 * 403, 404, 400, 503). */
static int admit_upload(const sg_server_ctx *ctx, const sg_http_req *req, long long *owner,
                        sg_http_resp *resp)
{
    *owner = SG_IMPORTS_LOCAL;
    if (!ctx->clinic)
        return 1;
    sg_who rule = SG_WHO_UNKNOWN; /* no rule in the table: denied */
    sg_api_route_info info;
    for (size_t i = 0; sg_api_route_get(i, &info, NULL) == SG_OK; i++)
        if (!info.takes_id && strcmp(info.method, req->method) == 0 &&
            strcmp(info.path, req->path) == 0)
            rule = info.rule;
    sg_store *st = NULL;
    sg_err err;
    sg_err_clear(&err);
    if (!ctx->pool || sg_pool_get(ctx->pool, &st, &err)) {
        sg_http_error(resp, 503, ctx->pool ? err.msg : "no store");
        return 0;
    }
    sg_principal who;
    char csrf[SG_SECRET_HEX + 1];
    int ok = sg_auth_admit(ctx, req, st, rule, &who, csrf, resp);
    sg_pool_put(ctx->pool, st, 0);
    if (!ok)
        return 0;
    if (who.role != SG_ROLE_RUNNER || who.athlete_id <= 0) { /* the rule says so already */
        sg_http_error(resp, 403, "only a runner uploads, into their own data");
        return 0;
    }
    *owner = who.athlete_id;
    return 1;
}

/* share push knows which refusals are the large files' budget by size */
_Static_assert(SG_SHARE_FILE_BIG == SG_HTTP_MAX_BODY, "one ceiling for ordinary bodies");

/* The request's Content-Length, or -1 when absent or not a number. */
static long long content_length(struct MHD_Connection *con)
{
    const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
    if (!cl)
        return -1;
    char *end = NULL;
    long long v = strtoll(cl, &end, 10);
    return !end || end == cl || *end || v < 0 ? -1 : v;
}

/* A file body (an upload streamed to disk, a large share or course file in
 * memory) must keep up SG_HTTP_FILE_MIN_RATE bytes a second on average once
 * SG_HTTP_FILE_GRACE_SECS have passed: a client trickling bytes (each within
 * the idle timeout) would otherwise hold an import slot or its share of the
 * budget for as long as it liked. Counts `more` into up->received. */
static int too_slow(upload *up, size_t more, double now)
{
    up->received += more;
    double t = now - up->body_at;
    return up->body_at > 0 && t > SG_HTTP_FILE_GRACE_SECS &&
           (double)up->received < t * SG_HTTP_FILE_MIN_RATE;
}

/* After the guard passed the head of a file held in memory (a share file,
 * a course file): a body declared past SG_HTTP_MAX_BODY is taken only up to
 * SG_SHARE_FILE_MAX_BYTES, from an admitted runner, within the server's
 * budget (http.h). Returns 1 to read the body (up->ceiling, up->reserved
 * set), 0 with resp filled. */
static int begin_share_file(front *f, struct MHD_Connection *con, const sg_http_req *req,
                            upload *up, sg_http_resp *resp)
{
    long long declared = content_length(con);
    if (declared <= (long long)SG_HTTP_MAX_BODY)
        return 1; /* the ordinary ceiling (an undeclared length gets only that) */
    if ((unsigned long long)declared > SG_SHARE_FILE_MAX_BYTES) {
        char msg[160];
        snprintf(msg, sizeof msg, "the file is %.1f MiB; this server takes a file of at most "
                 "%zu MiB in one request", (double)declared / (1 << 20),
                 SG_SHARE_FILE_MAX_BYTES >> 20);
        sg_http_error(resp, 413, msg);
        return 0;
    }
    long long owner = 0;
    if (!admit_upload(&f->ctx, req, &owner, resp))
        return 0;
    size_t n = (size_t)declared;
    size_t cur = atomic_load(&f->big_bodies);
    do {
        if (cur > SG_HTTP_SHARE_FILE_BUDGET - n) {
            sg_http_error(resp, 503, "the server is receiving other large files: try again "
                                     "in a minute");
            resp->retry_after = 60;
            return 0;
        }
    } while (!atomic_compare_exchange_weak(&f->big_bodies, &cur, cur + n));
    up->reserved = n;
    up->ceiling = n;
    up->body_at = sg_conns_now();
    return 1;
}

/* After the guard passed a POST /api/import head: admits the caller
 * (admit_upload), then refuses at once what cannot be taken (a bad name, a
 * declared size over the ceiling, another import of the same runner under
 * way, the server's imports all taken), else opens the temporary file the
 * body streams to. Returns 1 to read the body, 0 with resp filled. */
static int begin_upload(const sg_server_ctx *ctx, struct MHD_Connection *con,
                        const sg_http_req *req, upload *up, sg_http_resp *resp)
{
    if (!ctx->imports) {
        sg_http_error(resp, 503, "this server cannot import");
        return 0;
    }
    long long owner = 0;
    if (!admit_upload(ctx, req, &owner, resp))
        return 0;
    long long declared = content_length(con);
    const char *name = req->query ? req->query(req->qctx, "name") : NULL;
    sg_err err;
    sg_err_clear(&err);
    if (sg_imports_begin(ctx->imports, owner, name, declared, &up->file, &err)) {
        int status = err.code == SG_EUSAGE ? 400 : err.code == SG_ELIMIT ? 413
                   : err.code == SG_EEXISTS ? 409 : err.code == SG_EDENIED ? 503 : 500;
        sg_http_error(resp, status, err.msg);
        if (status == 503)
            resp->retry_after = 60;
        up->file = 0;
        return 0;
    }
    up->body_at = sg_conns_now();
    return 1;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    front *f = cls;
    upload *up = *con_cls;
    char cookie_name[32];
    sg_http_req req;
    sg_http_resp resp;
    memset(&resp, 0, sizeof resp);
    if (!up) {
        /* the request head is in: the deadline stops, and the checks run
         * before a byte of the body is read */
        sg_conns_busy(&f->conns, conn_of(con));
        up = calloc(1, sizeof *up);
        if (!up)
            return MHD_NO;
        *con_cls = up;
        fill_req(con, method, url, up, cookie_name, sizeof cookie_name, &req);
        if (!sg_http_guard(&f->ctx, &req, &resp))
            return send_resp(con, &resp);
        if (is_upload(&req) && !begin_upload(&f->ctx, con, &req, up, &resp))
            return send_resp(con, &resp);
        if ((is_share_file(&req) || is_course_file(&req)) &&
            !begin_share_file(f, con, &req, up, &resp))
            return send_resp(con, &resp);
        return MHD_YES;
    }
    if (*upload_size && too_slow(up, *upload_size, sg_conns_now()))
        return MHD_NO; /* dropped; on_completed gives back the slot or the share */
    if (*upload_size && up->file) {
        /* the file goes to disk as it comes; past a failure the rest is read and dropped */
        if (!up->file_err) {
            sg_err err;
            sg_err_clear(&err);
            int rc = sg_imports_write(f->ctx.imports, up->file, upload_data, *upload_size, &err);
            if (rc) {
                up->file_err = rc == SG_ELIMIT ? 413 : rc == SG_ENOSPC ? 507 : 500;
                snprintf(up->file_msg, sizeof up->file_msg, "%s", err.msg);
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!up->too_big) {
            if (up->len + *upload_size > (up->ceiling ? up->ceiling : SG_HTTP_MAX_BODY)) {
                up->too_big = 1;
            } else {
                if (up->len + *upload_size + 1 > up->cap) {
                    size_t nc = up->cap ? up->cap : 1024;
                    while (nc < up->len + *upload_size + 1)
                        nc *= 2;
                    char *nb = realloc(up->buf, nc);
                    if (!nb)
                        return MHD_NO;
                    up->buf = nb;
                    up->cap = nc;
                }
                memcpy(up->buf + up->len, upload_data, *upload_size);
                up->len += *upload_size;
                up->buf[up->len] = '\0';
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (up->too_big) {
        sg_http_error(&resp, 413, "request body too large");
    } else if (up->file_err) {
        sg_http_error(&resp, up->file_err, up->file_msg);
    } else {
        fill_req(con, method, url, up, cookie_name, sizeof cookie_name, &req);
        sg_http_route(&f->ctx, &req, &resp);
    }
    if (up->file) {
        /* started by the route, or dropped here (a no-op once started) */
        sg_imports_abort(f->ctx.imports, up->file);
        up->file = 0;
    }
    return send_resp(con, &resp);
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    front *f = cls;
    upload *up = *con_cls;
    if (up) {
        if (up->file) /* the client left mid-upload */
            sg_imports_abort(f->ctx.imports, up->file);
        if (up->reserved)
            atomic_fetch_sub(&f->big_bodies, up->reserved);
        free(up->buf);
        free(up);
        *con_cls = NULL;
    }
    /* a kept-alive connection owes its next request head within the deadline */
    sg_conns_idle(&f->conns, conn_of(con), sg_conns_now());
}

static void on_connection(void *cls, struct MHD_Connection *con, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    front *f = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = ci ? sg_conns_open(&f->conns, ci->connect_fd, sg_conns_now()) : NULL;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        sg_conns_close(&f->conns, *socket_context);
        *socket_context = NULL;
    }
}

/* The unescape callback: sg_http_unescape (an encoded NUL stays encoded). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return sg_http_unescape(s);
}

/* Parses "host:port", "[v6]:port" or ":port" into a socket address. */
static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *sl, sg_err *err)
{
    char host[128] = "127.0.0.1";
    const char *colon;
    if (s[0] == '[') {
        const char *end = strchr(s, ']');
        if (!end || end[1] != ':' || (size_t)(end - s - 1) >= sizeof host)
            return sg_err_set(err, SG_EUSAGE, -1, "--listen: expected [ADDR]:PORT, got '%s'", s);
        memcpy(host, s + 1, (size_t)(end - s - 1));
        host[end - s - 1] = '\0';
        colon = end + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon)
            return sg_err_set(err, SG_EUSAGE, -1, "--listen: expected HOST:PORT, got '%s'", s);
        if (colon != s) {
            if ((size_t)(colon - s) >= sizeof host)
                return sg_err_set(err, SG_EUSAGE, -1, "--listen: host too long");
            memcpy(host, s, (size_t)(colon - s));
            host[colon - s] = '\0';
        }
    }
    char *end = NULL;
    long port = strtol(colon + 1, &end, 10);
    if (!end || *end || port < 0 || port > 65535)
        return sg_err_set(err, SG_EUSAGE, -1, "--listen: bad port in '%s'", s);
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (strcmp(host, "localhost") == 0)
        memcpy(host, "127.0.0.1", 10);
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        *sl = sizeof *v4;
    } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        *sl = sizeof *v6;
    } else {
        return sg_err_set(err, SG_EUSAGE, -1, "--listen: '%s' is not an IP address", host);
    }
    return SG_OK;
}

static int addr_is_loopback(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET) {
        uint32_t a = ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr);
        return (a >> 24) == 127;
    }
    const struct in6_addr *a6 = &((const struct sockaddr_in6 *)ss)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(a6))
        return 1;
    return IN6_IS_ADDR_V4MAPPED(a6) && a6->s6_addr[12] == 127;
}

static int addr_is_wildcard(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET)
        return ((const struct sockaddr_in *)ss)->sin_addr.s_addr == htonl(INADDR_ANY);
    return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

static void fmt_url(char *buf, size_t cap, int family, const char *host, unsigned port,
                    const char *path)
{
    snprintf(buf, cap, family == AF_INET6 ? "http://[%s]:%u%s" : "http://%s:%u%s", host, port,
             path);
}

/* Pairing URLs: the listen address, or for a wildcard every interface
 * address of its family (IPv6 link-local ones left out: they need a zone). */
static size_t pair_urls(const struct sockaddr_storage *ss, const char *host, unsigned port,
                        const char *token, char urls[][160], size_t max)
{
    char path[96];
    snprintf(path, sizeof path, "/pair?token=%s", token);
    size_t n = 0;
    if (!addr_is_wildcard(ss)) {
        fmt_url(urls[n++], 160, ss->ss_family, host, port, path);
        return n;
    }
    struct ifaddrs *ifs = NULL;
    if (getifaddrs(&ifs) == 0) {
        for (struct ifaddrs *i = ifs; i && n < max; i = i->ifa_next) {
            if (!i->ifa_addr)
                continue;
            int fam = i->ifa_addr->sa_family;
            if (fam != AF_INET && !(fam == AF_INET6 && ss->ss_family == AF_INET6))
                continue;
            struct sockaddr_storage a;
            memset(&a, 0, sizeof a);
            memcpy(&a, i->ifa_addr, fam == AF_INET ? sizeof(struct sockaddr_in)
                                                   : sizeof(struct sockaddr_in6));
            if (addr_is_loopback(&a))
                continue;
            if (fam == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&((struct sockaddr_in6 *)&a)->sin6_addr))
                continue;
            char h[INET6_ADDRSTRLEN];
            const void *src = fam == AF_INET ? (const void *)&((struct sockaddr_in *)&a)->sin_addr
                                             : (const void *)&((struct sockaddr_in6 *)&a)->sin6_addr;
            if (!inet_ntop(fam, src, h, sizeof h))
                continue;
            fmt_url(urls[n++], 160, fam, h, port, path);
        }
        freeifaddrs(ifs);
    }
    if (n == 0)
        fmt_url(urls[n++], 160, AF_INET, "127.0.0.1", port, path);
    return n;
}

/* Copies the --allow-host names into the policy, refusing too many or a bad one. */
static int server_allow_hosts(const sg_server_opts *opts, sg_http_policy *policy, sg_err *err)
{
    for (size_t i = 0; i < opts->n_allow; i++) {
        if (i >= SG_GUARD_MAX_ALLOW)
            return sg_err_set(err, SG_EUSAGE, -1, "--allow-host: at most %d names",
                              SG_GUARD_MAX_ALLOW);
        if (!sg_http_allow_name_ok(opts->allow_hosts[i]))
            return sg_err_set(err, SG_EUSAGE, -1,
                              "--allow-host: '%s' is not a host name (letters, digits, '.', '-'; "
                              "no port)", opts->allow_hosts[i]);
        policy->allow_hosts[policy->n_allow++] = opts->allow_hosts[i];
    }
    return SG_OK;
}

/* Starts the libmicrohttpd daemon on ss with the front's callbacks (NULL if it cannot listen). */
static struct MHD_Daemon *server_start_daemon(const sg_server_opts *opts,
                                              const struct sockaddr_storage *ss, front *f)
{
    unsigned threads = opts->threads;
    if (!threads) {
        /* one per core; two in clinic mode, whose requests mostly wait on
         * the database (PostgreSQL's own processes): a core stays busy
         * while a thread waits (docs/performance.md "Clinic scale") */
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = (n > 0 ? (unsigned)n : 1) * (opts->clinic ? 2u : 1u);
    }
    /* epoll + turbo: the fastest event loop libmicrohttpd has on Linux.
     * Limits: SG_HTTP_PER_IP_LIMIT per address under SG_HTTP_CONN_LIMIT in
     * all keeps slots for other addresses; the idle timeout drops silent
     * connections, and sg_conns_sweep drops ones too slow to finish a head. */
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_TURBO | MHD_USE_ERROR_LOG;
    /* behind a TLS proxy every connection comes from the proxy: a limit per
     * address would be a limit on the whole clinic, so the proxy limits its
     * clients (docs/operations.md) and this server only the total */
    unsigned per_ip = opts->clinic && opts->behind_tls ? SG_HTTP_CONN_LIMIT : SG_HTTP_PER_IP_LIMIT;
    if (ss->ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    return MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, f,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)ss,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, SG_HTTP_CONN_LIMIT,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, SG_HTTP_IDLE_SECS,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, f,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, f,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
        MHD_OPTION_END);
}

/* Tells on_ready (if any) the bound URL, address, token state and pairing URLs. */
static void server_announce(struct MHD_Daemon *d, const struct sockaddr_storage *ss, int exposed,
                            int clinic, const sg_http_policy *policy, const char *token_path,
                            int token_created,
                            void (*on_ready)(const sg_server_info *info, void *arg), void *arg)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    char host[INET6_ADDRSTRLEN] = "127.0.0.1";
    if (ss->ss_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, host, sizeof host);
    else
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, host, sizeof host);
    char url[128], bound[128];
    fmt_url(url, sizeof url, ss->ss_family, host, port, "/");
    snprintf(bound, sizeof bound, ss->ss_family == AF_INET6 ? "[%s]:%u" : "%s:%u", host, port);
    if (on_ready) {
        sg_server_info si;
        memset(&si, 0, sizeof si);
        char urls[SG_SERVER_MAX_URLS][160];
        si.url = url;
        si.listen = bound;
        si.exposed = exposed;
        si.clinic = clinic;
        si.token_required = policy->require_token;
        si.token_path = token_path;
        si.token_created = token_created;
        if (policy->require_token) {
            si.n_pair = pair_urls(ss, host, port, policy->token, urls, SG_SERVER_MAX_URLS);
            for (size_t i = 0; i < si.n_pair; i++)
                si.pair_urls[i] = urls[i];
        }
        on_ready(&si, arg);
    }
}

int sg_server_run(const sg_server_opts *opts, volatile sig_atomic_t *stop,
                  void (*on_ready)(const sg_server_info *info, void *arg), void *arg, sg_err *err)
{
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    int rc = parse_listen(opts->listen ? opts->listen : "127.0.0.1:8080", &ss, &sl, err);
    if (rc)
        return rc;
    sg_http_policy policy;
    memset(&policy, 0, sizeof policy);
    if ((rc = server_allow_hosts(opts, &policy, err)))
        return rc;
    policy.behind_proxy = opts->clinic && opts->behind_tls;
    int exposed = !addr_is_loopback(&ss);
    /* the clinic server authenticates every account instead (server/auth.h) */
    policy.require_token = !opts->clinic && (exposed || opts->require_token);
    if (opts->clinic && opts->watch_dir)
        return sg_err_set(err, SG_EUSAGE, -1, "--watch imports for one runner: not with --clinic");
    char token_path[4200] = "";
    int token_created = 0;
    if (policy.require_token) {
        if ((rc = sg_token_path(opts->db_path, token_path, sizeof token_path, err)) ||
            (rc = sg_token_load(token_path, opts->new_token, policy.token, &token_created, err)))
            return rc;
    }

    front *f = calloc(1, sizeof *f);
    if (!f)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    atomic_init(&f->big_bodies, 0);
    if (opts->clinic && (rc = sg_clinic_new(opts->behind_tls, &f->ctx.clinic, err))) {
        free(f);
        return rc;
    }
    sg_store_pool pool;
    sg_pool_init(&pool, opts->db_path);
    f->ctx.db_path = opts->db_path;
    f->ctx.pool = &pool;
    f->ctx.policy = &policy;
    if ((rc = sg_imports_new(opts->db_path, &pool, &f->ctx.imports, err))) {
        sg_pool_destroy(&pool);
        sg_clinic_free(f->ctx.clinic);
        free(f);
        return rc;
    }
    sg_conns_init(&f->conns, SG_HTTP_HEADER_SECS);
    struct MHD_Daemon *d = server_start_daemon(opts, &ss, f);
    if (!d) {
        sg_imports_stop(f->ctx.imports);
        sg_pool_destroy(&pool);
        sg_conns_destroy(&f->conns);
        sg_clinic_free(f->ctx.clinic);
        free(f);
        return sg_err_set(err, SG_EIO, -1, "cannot listen on %s (port in use?)",
                          opts->listen ? opts->listen : "127.0.0.1:8080");
    }
    sg_watch *watch = NULL;
    if (opts->watch_dir && (rc = sg_watch_start(opts->watch_dir, &pool, stderr, &watch, err))) {
        MHD_stop_daemon(d);
        sg_imports_stop(f->ctx.imports);
        sg_pool_destroy(&pool);
        sg_conns_destroy(&f->conns);
        sg_clinic_free(f->ctx.clinic);
        free(f);
        return rc;
    }
    server_announce(d, &ss, exposed, opts->clinic, &policy, token_path, token_created, on_ready, arg);
    while (!*stop) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
        sg_conns_sweep(&f->conns, sg_conns_now());
    }
    sg_watch_stop(watch);
    MHD_stop_daemon(d);
    sg_imports_stop(f->ctx.imports);
    sg_pool_destroy(&pool);
    sg_conns_destroy(&f->conns);
    memset(&policy, 0, sizeof policy);
    sg_clinic_free(f->ctx.clinic);
    free(f);
    return SG_OK;
}
