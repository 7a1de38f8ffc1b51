#ifndef SG_SERVER_HTTP_H
#define SG_SERVER_HTTP_H
/* The dashboard's HTTP layer: a transport-free router (testable without
 * sockets) and a libmicrohttpd front that feeds it. Routes under /api/ answer
 * JSON; everything else is a static asset compiled into the binary.
 *
 * Errors are always a proper 4xx/5xx with a JSON body {"error": "..."}; a bad
 * request never stops the server. */

#include <signal.h>
#include <stddef.h>

#include "strideguard/err.h"

#define SG_HTTP_MAX_BODY ((size_t)1 << 20) /* 1 MiB: journal entries are tiny */

typedef struct sg_http_req {
    const char *method;           /* "GET", "POST", ... */
    const char *path;             /* decoded path, no query string */
    /* query parameter lookup; returns NULL when absent */
    const char *(*query)(void *qctx, const char *key);
    void *qctx;
    const char *body;             /* request body (may be NULL) */
    size_t body_len;
} sg_http_req;

typedef struct sg_http_resp {
    int status;
    const char *content_type;     /* static string */
    char *body;                   /* owned (free()) when body_owned, else static */
    size_t body_len;
    int body_owned;
    const char *cache_control;    /* static string or NULL */
} sg_http_resp;

#include "server/pool.h"

/* What handlers may use: configuration and the store handle pool (the only
 * shared mutable thing, and it locks itself). */
typedef struct sg_server_ctx {
    const char *db_path;          /* NULL = default store */
    sg_store_pool *pool;          /* NULL in router tests without a store */
} sg_server_ctx;

/* Routes one request. Always fills resp (never fails); release with
 * sg_http_resp_release. Thread-safe: no shared mutable state. */
void sg_http_route(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp);
void sg_http_resp_release(sg_http_resp *resp);

/* Fills resp with {"error": msg} and the status. */
void sg_http_error(sg_http_resp *resp, int status, const char *msg);
/* Hands a NUL-terminated malloc'd JSON document to resp (status 200). */
void sg_http_json(sg_http_resp *resp, char *json, size_t len);

/* True when an asset path is safe to look up: starts with '/', no "..", no
 * "//", no backslash, no control bytes, at most 256 bytes. */
int sg_http_path_ok(const char *path);

typedef struct sg_server_opts {
    const char *listen;           /* "127.0.0.1:8080" (default), "[::1]:8080", ":8080" */
    const char *db_path;
    unsigned threads;             /* 0 = number of cores */
} sg_server_opts;

/* Serves until *stop becomes non-zero (set it from a signal handler). On
 * start, writes the bound address to `bound` (size n). Errors: SG_EUSAGE for a
 * bad listen address, SG_EIO when the port cannot be bound. */
int sg_server_run(const sg_server_opts *opts, volatile sig_atomic_t *stop,
                  void (*on_ready)(const char *url, void *arg), void *arg, sg_err *err);

#endif
