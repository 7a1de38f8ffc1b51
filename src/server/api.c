/* /api/ routes (src/server/api.h). Each route names the issue that fills it
 * until the use case exists, so the dashboard can say "not available yet". */
#include "server/api.h"

#include <string.h>

#include "render/jsonw.h"

typedef void (*api_fn)(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                       sg_http_resp *resp);

static void api_health(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                       sg_http_resp *resp)
{
    (void)ctx;
    (void)req;
    (void)id;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kbool(&w, "ok", true);
    sg_jw_kstr(&w, "version", SG_VERSION);
    sg_jw_obj_end(&w);
    size_t len;
    char *b = sg_jw_take_buf(&w, &len);
    if (!b)
        sg_http_error(resp, 500, "out of memory");
    else
        sg_http_json(resp, b, len);
}

typedef struct route {
    const char *method;
    const char *prefix;   /* exact path, or prefix ending in '/' followed by an id */
    int takes_id;
    api_fn fn;
    int issue;            /* issue that builds it when fn is NULL */
} route;

static const route routes[] = {
    {"GET", "/api/health", 0, api_health, 0},
    {"GET", "/api/runs", 0, NULL, 3},
    {"GET", "/api/runs/", 1, NULL, 4},
    {"GET", "/api/load", 0, NULL, 5},
    {"GET", "/api/race", 0, NULL, 5},
    {"GET", "/api/imu", 0, NULL, 7},
    {"GET", "/api/journal", 0, NULL, 6},
    {"POST", "/api/journal", 0, NULL, 6},
    {"GET", "/api/check", 0, NULL, 6},
    {"GET", "/api/plan", 0, NULL, 6},
};

/* An id is 1..20 decimal digits. */
static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 20)
        return 0;
    return strspn(s, "0123456789") == n;
}

void sg_api_route(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp)
{
    int path_known = 0;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        const route *r = &routes[i];
        const char *id = NULL;
        if (r->takes_id) {
            size_t pl = strlen(r->prefix);
            if (strncmp(req->path, r->prefix, pl) != 0)
                continue;
            id = req->path + pl;
            if (!valid_id(id)) {
                sg_http_error(resp, 400, "bad id: expected a number");
                return;
            }
        } else if (strcmp(req->path, r->prefix) != 0) {
            continue;
        }
        path_known = 1;
        if (strcmp(req->method, r->method) != 0)
            continue;
        if (!r->fn) {
            sg_http_error(resp, 501, "not available yet");
            return;
        }
        r->fn(ctx, req, id, resp);
        return;
    }
    sg_http_error(resp, path_known ? 405 : 404, path_known ? "method not allowed" : "no such endpoint");
}
