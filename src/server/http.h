#ifndef SG_SERVER_HTTP_H
#define SG_SERVER_HTTP_H
/* The dashboard's HTTP layer: a transport-free router (testable without
 * sockets) and a libmicrohttpd front that feeds it. Routes under /api/ answer
 * JSON; everything else is a static asset compiled into the binary.
 *
 * Before routing, every request passes sg_http_guard (docs/threat-model.md):
 * its Host must name this server, a write must be same-origin JSON, and an
 * API call must carry the access token when the server wants one.
 *
 * Errors are always a proper 4xx/5xx with a JSON body {"error": "..."}; a bad
 * request never stops the server. */

#include <signal.h>
#include <stddef.h>

#include "strideguard/err.h"

#define SG_HTTP_MAX_BODY ((size_t)1 << 20) /* 1 MiB: journal entries are tiny */
/* The one route whose body is a file, streamed to disk (server/upload.h):
 * its write wants Content-Type application/octet-stream, every other write
 * application/json. */
#define SG_HTTP_UPLOAD_PATH "/api/import"
/* A runner's one activity file for the clinic (`share push`), and a race
 * course sent as a file (POST /api/course, application/octet-stream,
 * ?name=FILE): octet-stream like an upload, held in memory (api.c). The
 * bodies that may pass SG_HTTP_MAX_BODY: up to SG_SHARE_FILE_MAX_BYTES
 * (app/share.h) when the Content-Length says so and the caller is admitted
 * as a runner before a byte of it is read; such bodies share
 * SG_HTTP_SHARE_FILE_BUDGET bytes on the whole server (past it: 503 with
 * Retry-After), so they add at most that to what the ordinary ceiling
 * allows, and each must keep up the rate below. */
#define SG_HTTP_SHARE_FILE_PATH "/api/share/activity"
#define SG_HTTP_COURSE_PATH "/api/course"
#define SG_HTTP_SHARE_FILE_BUDGET ((size_t)64 << 20)
/* Such a body, and an upload streamed to disk (SG_HTTP_UPLOAD_PATH), must
 * arrive at an average of at least 32 KiB/s once its first 10 s have passed
 * (8 MiB: within about 4 minutes), else the connection is dropped and its
 * share of the budget, or its import slot, comes back: a client trickling
 * bytes (each within SG_HTTP_IDLE_SECS) cannot hold either. */
#define SG_HTTP_FILE_MIN_RATE 32768.0
#define SG_HTTP_FILE_GRACE_SECS 10.0

typedef struct sg_http_req {
    const char *method;           /* "GET", "POST", ... */
    const char *path;             /* decoded path, no query string */
    /* query parameter lookup; returns NULL when absent */
    const char *(*query)(void *qctx, const char *key);
    void *qctx;
    const char *body;             /* request body (may be NULL) */
    size_t body_len;
    /* What sg_http_guard checks (NULL/0 when absent). */
    const char *host;             /* the Host header */
    int host_count;               /* how many Host headers came */
    const char *origin;           /* Origin */
    const char *content_type;     /* Content-Type */
    const char *sec_fetch_site;   /* Sec-Fetch-Site */
    const char *token;            /* the cookie's or "Authorization: Bearer" token */
    const char *local_ip;         /* address the client connected to (text) */
    unsigned local_port;          /* port the client connected to */
    /* POST /api/import: the upload the front streamed to a temporary file
     * (server/upload.h), 0 = none; the body is then not in `body` */
    unsigned long upload;
    /* clinic mode (server/auth.h): the sg_session cookie, the X-CSRF-Token
     * header and the client's address as text (NULL when absent) */
    const char *session;
    const char *csrf;
    const char *client_ip;
} sg_http_req;

typedef struct sg_http_resp {
    int status;
    const char *content_type;     /* static string */
    char *body;                   /* owned (free()) when body_owned, else static */
    size_t body_len;
    int body_owned;
    const char *cache_control;    /* static string or NULL */
    const char *location;         /* static string or NULL (redirects) */
    char *set_cookie;             /* owned (free()) or NULL */
    int www_authenticate;         /* 401: add WWW-Authenticate */
    long long retry_after;        /* 429: seconds for Retry-After (0 = none) */
} sg_http_resp;

#include "server/guard.h"
#include "app/pool.h"

/* What handlers may use: configuration and the store handle pool (the only
 * shared mutable thing, and it locks itself). */
typedef struct sg_server_ctx {
    const char *db_path;          /* NULL = default store */
    sg_store_pool *pool;          /* NULL in router tests without a store */
    const sg_http_policy *policy; /* NULL = no token, no extra host names */
    struct sg_imports *imports;   /* the dashboard's import (server/upload.h; locks itself), or NULL */
    struct sg_clinic *clinic;     /* serve --clinic: accounts and sessions (server/auth.h; locks
                                   * itself), NULL = the local single-runner server */
} sg_server_ctx;

/* The checks before routing. Returns 1 when the request may be routed; else
 * fills resp with the refusal and returns 0:
 *   400 missing, repeated or malformed Host;  421 a Host that is not this
 *   server (DNS rebinding);  415 a write (any method but GET/HEAD) whose
 *   Content-Type is not application/json (application/octet-stream for a
 *   POST to SG_HTTP_UPLOAD_PATH): neither is a type a cross-site page may
 *   send without a preflight;  403 a write whose Origin is not
 *   the server's own or whose Sec-Fetch-Site is not same-origin/none;
 *   401 an /api/ call without the access token when the policy wants one.
 * GET /pair?token=T (query key "token") answers here too: 303 to "/" with
 * the token as an HttpOnly SameSite=Strict cookie, or 401. Call it once the
 * headers are in (body may still be NULL); sg_http_route calls it again. */
int sg_http_guard(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp);

/* The cookie that carries the token for a server on `port`:
 * "sg_token_PORT" (cookies ignore ports, so two servers on one host must
 * not overwrite each other's). Writes into buf[cap]. */
void sg_http_cookie_name(unsigned port, char *buf, size_t cap);

/* Guards, then routes one request. Always fills resp (never fails); release
 * with sg_http_resp_release. Thread-safe: no shared mutable state. */
void sg_http_route(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp);
void sg_http_resp_release(sg_http_resp *resp);

/* Fills resp with {"error": msg} and the status. */
void sg_http_error(sg_http_resp *resp, int status, const char *msg);
/* Hands a NUL-terminated malloc'd JSON document to resp (status 200). */
void sg_http_json(sg_http_resp *resp, char *json, size_t len);

/* True when an asset path is safe to look up: starts with '/', no "..", no
 * "//", no backslash, no control bytes, at most 256 bytes. */
int sg_http_path_ok(const char *path);

/* Limits against connection exhaustion (docs/threat-model.md). */
#define SG_HTTP_CONN_LIMIT 512u       /* all connections */
#define SG_HTTP_PER_IP_LIMIT 32u      /* from one address: the rest stay for others */
#define SG_HTTP_IDLE_SECS 15u         /* libmicrohttpd's idle timeout */
#define SG_HTTP_HEADER_SECS 10.0      /* a request head must arrive within this */

typedef struct sg_server_opts {
    const char *listen;           /* "127.0.0.1:8080" (default), "[::1]:8080", ":8080" */
    const char *db_path;
    unsigned threads;             /* 0 = number of cores */
    int require_token;            /* want the token even on loopback */
    int new_token;                /* replace the stored token (unpairs every device) */
    const char *allow_hosts[SG_GUARD_MAX_ALLOW]; /* extra Host names (borrowed) */
    size_t n_allow;
    const char *watch_dir;        /* import files appearing here (server/watch.h); NULL = off */
    int clinic;                   /* accounts and sessions instead of the access token */
    int behind_tls;               /* clinic: a TLS proxy in front: Secure cookies, https Origin */
} sg_server_opts;

#define SG_SERVER_MAX_URLS 8

/* What a started server tells its front end (valid during on_ready only). */
typedef struct sg_server_info {
    const char *url;              /* "http://127.0.0.1:8080/" */
    const char *listen;           /* the address as bound, "0.0.0.0:8080" */
    int exposed;                  /* listening beyond loopback */
    int clinic;                   /* serve --clinic */
    int token_required;
    const char *token_path;       /* when token_required */
    int token_created;            /* generated on this start */
    /* when token_required: "http://ADDR:PORT/pair?token=..." for each
     * address a phone may use (every interface's for a wildcard listen) */
    const char *pair_urls[SG_SERVER_MAX_URLS];
    size_t n_pair;
} sg_server_info;

/* Calls on_ready once it listens, then serves until *stop becomes non-zero
 * (set it from a signal handler). A listen address other than loopback, or
 * opts->require_token, makes the API want the access token (token.h).
 * Errors: SG_EUSAGE for a bad listen address or --allow-host name, SG_EIO
 * when the port cannot be bound, and the token file's errors. */
int sg_server_run(const sg_server_opts *opts, volatile sig_atomic_t *stop,
                  void (*on_ready)(const sg_server_info *info, void *arg), void *arg,
                  sg_err *err);

#endif
