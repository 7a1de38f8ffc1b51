/* Router and libmicrohttpd front of the dashboard (src/server/http.h). */
#include "server/http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
/* microhttpd.h wants the socket headers first */
#include <microhttpd.h>

#include "render/jsonw.h"
#include "server/api.h"
#include "bytes/embedded.h"

void sg_http_resp_release(sg_http_resp *resp)
{
    if (resp->body_owned)
        free(resp->body);
    resp->body = NULL;
    resp->body_owned = 0;
}

void sg_http_error(sg_http_resp *resp, int status, const char *msg)
{
    sg_http_resp_release(resp);
    sg_jw w;
    sg_jw_init_buf(&w, 4096, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kstr(&w, "error", msg);
    sg_jw_kint(&w, "status", status);
    sg_jw_obj_end(&w);
    size_t len = 0;
    char *b = sg_jw_take_buf(&w, &len);
    resp->status = status;
    resp->content_type = "application/json";
    if (b) {
        resp->body = b;
        resp->body_len = len;
        resp->body_owned = 1;
    } else {
        resp->body = (char *)"{\"error\":\"internal error\"}";
        resp->body_len = strlen(resp->body);
        resp->body_owned = 0;
    }
}

void sg_http_json(sg_http_resp *resp, char *json, size_t len)
{
    sg_http_resp_release(resp);
    resp->status = 200;
    resp->content_type = "application/json";
    resp->body = json;
    resp->body_len = len;
    resp->body_owned = 1;
    resp->cache_control = "no-store";
}

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

void sg_http_route(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp)
{
    memset(resp, 0, sizeof *resp);
    if (strncmp(req->path, "/api/", 5) == 0 || strcmp(req->path, "/api") == 0)
        sg_api_route(ctx, req, resp);
    else
        serve_asset(req, resp);
    if (!resp->body)
        sg_http_error(resp, 500, "no response");
}

/* ---------------- libmicrohttpd front ---------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

typedef struct upload {
    char *buf;
    size_t len, cap;
    int too_big;
} upload;

static const char *mhd_query(void *qctx, const char *key)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)qctx, MHD_GET_ARGUMENT_KIND, key);
}

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
    MHD_add_response_header(mr, "Content-Security-Policy",
                            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
    if (r->cache_control)
        MHD_add_response_header(mr, "Cache-Control", r->cache_control);
    enum MHD_Result ret = MHD_queue_response(con, (unsigned)r->status, mr);
    MHD_destroy_response(mr);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    const sg_server_ctx *ctx = cls;
    upload *up = *con_cls;
    if (!up) {
        up = calloc(1, sizeof *up);
        if (!up)
            return MHD_NO;
        *con_cls = up;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!up->too_big) {
            if (up->len + *upload_size > SG_HTTP_MAX_BODY) {
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
    sg_http_resp resp = {0};
    if (up->too_big) {
        sg_http_error(&resp, 413, "request body too large");
    } else {
        sg_http_req req = {method, url, mhd_query, con, up->buf, up->len};
        sg_http_route(ctx, &req, &resp);
    }
    return send_resp(con, &resp);
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)con;
    (void)toe;
    upload *up = *con_cls;
    if (up) {
        free(up->buf);
        free(up);
        *con_cls = NULL;
    }
}

/* Percent-decoding of the URL and query, in place, except that an encoded
 * NUL stays encoded: decoded, it would silently cut the path short
 * ("/api/runs/1%00x" would read as run 1). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    char *w = s;
    for (const char *r = s; *r; r++) {
        int hi, lo;
        if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 && (hi | lo)) {
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
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

int sg_server_run(const sg_server_opts *opts, volatile sig_atomic_t *stop,
                  void (*on_ready)(const char *url, void *arg), void *arg, sg_err *err)
{
    struct sockaddr_storage ss;
    socklen_t sl = 0;
    int rc = parse_listen(opts->listen ? opts->listen : "127.0.0.1:8080", &ss, &sl, err);
    if (rc)
        return rc;
    sg_store_pool pool;
    sg_pool_init(&pool, opts->db_path);
    sg_server_ctx ctx = {opts->db_path, &pool};
    unsigned threads = opts->threads;
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 1;
    }
    /* epoll + turbo: the fastest event loop libmicrohttpd has on Linux */
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_TURBO | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &ctx,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, 512u,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
        MHD_OPTION_END);
    if (!d) {
        sg_pool_destroy(&pool);
        return sg_err_set(err, SG_EIO, -1, "cannot listen on %s (port in use?)",
                          opts->listen ? opts->listen : "127.0.0.1:8080");
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    char host[INET6_ADDRSTRLEN] = "127.0.0.1";
    if (ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
    else
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
    char url[128];
    snprintf(url, sizeof url, ss.ss_family == AF_INET6 ? "http://[%s]:%u/" : "http://%s:%u/",
             host, port);
    if (on_ready)
        on_ready(url, arg);
    while (!*stop) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    sg_pool_destroy(&pool);
    return SG_OK;
}
