/* Fuzzes the HTTP layer's own code (src/server/guard.c and http.c): URL
 * decoding, the query parameters the API handlers parse, routing, and the
 * Host/Origin/Content-Type/token checks, on the router without sockets (no
 * store: a handler that gets that far answers 503). Checks: no crash, no
 * leak, every answer is a status 200..599 with a body; properties that must
 * hold whatever the input:
 *   - a Host that sg_http_host_allowed refuses is never answered 2xx;
 *   - a write whose Content-Type is not JSON, or whose Origin is foreign,
 *     never reaches a handler;
 *   - with a token wanted, an /api/ call without it is 401 (or refused
 *     earlier);
 *   - unescaping never lengthens a string and is stable on its output when
 *     no '%' is left.
 * Input: newline-separated fields method, target (path?query), Host, Origin,
 * Content-Type, Sec-Fetch-Site, token, local address, then the body; the
 * first byte's low bit asks for a token. No SEEDS: fuzz/corpus/fuzz_http/
 * holds requests. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/guard.h"
#include "server/http.h"

#define NFIELDS 8
#define MAXQ 8

typedef struct query {
    char *key[MAXQ], *val[MAXQ];
    int n;
} query;

static const char *lookup(void *q, const char *k)
{
    query *qu = q;
    for (int i = 0; i < qu->n; i++)
        if (strcmp(qu->key[i], k) == 0)
            return qu->val[i];
    return NULL;
}

/* "a=b&c=d" in place, each key and value unescaped as libmicrohttpd would
 * with our unescape callback. */
static void parse_query(char *s, query *q)
{
    q->n = 0;
    while (s && *s && q->n < MAXQ) {
        char *amp = strchr(s, '&');
        if (amp)
            *amp = '\0';
        char *eq = strchr(s, '=');
        if (eq)
            *eq = '\0';
        sg_http_unescape(s);
        q->key[q->n] = s;
        q->val[q->n] = eq ? eq + 1 : s + strlen(s);
        if (eq)
            sg_http_unescape(eq + 1);
        q->n++;
        s = amp ? amp + 1 : NULL;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    int want_token = data[0] & 1;
    char *buf = malloc(size);
    if (!buf)
        return 0;
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    char *f[NFIELDS] = {0};
    char *p = buf;
    int n = 0;
    for (; n < NFIELDS && p; n++) {
        f[n] = p;
        char *nl = memchr(p, '\n', (size_t)(buf + size - 1 - p));
        if (nl) {
            *nl = '\0';
            p = nl + 1;
        } else {
            p = NULL;
        }
    }
    const char *body = p;
    size_t body_len = p ? (size_t)(buf + size - 1 - p) : 0;

    /* unescape: never longer, idempotent once no '%' is left */
    char slash[] = "/";
    char *target = f[1] ? f[1] : slash;
    char *qs = strchr(target, '?');
    if (qs)
        *qs++ = '\0';
    size_t before = strlen(target);
    size_t after = sg_http_unescape(target);
    if (after > before || after != strlen(target))
        abort();
    query q;
    parse_query(qs, &q);

    sg_http_policy pol;
    memset(&pol, 0, sizeof pol);
    pol.require_token = want_token;
    memset(pol.token, 'a', SG_TOKEN_HEX);
    pol.token[SG_TOKEN_HEX] = '\0';
    pol.allow_hosts[0] = "runner.local";
    pol.n_allow = 1;
    sg_server_ctx ctx = {NULL, NULL, &pol, NULL, NULL};

    sg_http_req req;
    memset(&req, 0, sizeof req);
    req.method = f[0] && *f[0] ? f[0] : "GET";
    req.path = target;
    req.query = lookup;
    req.qctx = &q;
    req.body = body;
    req.body_len = body_len;
    req.host = f[2];
    req.host_count = f[2] ? 1 : 0;
    req.origin = f[3] && *f[3] ? f[3] : NULL;
    req.content_type = f[4] && *f[4] ? f[4] : NULL;
    req.sec_fetch_site = f[5] && *f[5] ? f[5] : NULL;
    req.token = f[6] && *f[6] ? f[6] : NULL;
    req.local_ip = f[7] ? f[7] : "127.0.0.1";
    req.local_port = 8080;

    sg_http_resp resp;
    sg_http_route(&ctx, &req, &resp);
    if (resp.status < 200 || resp.status > 599 || !resp.body)
        abort();
    int host_ok = req.host && sg_http_host_allowed(&pol, req.host, req.local_ip, 8080);
    if (!host_ok && resp.status < 300)
        abort();
    if (sg_http_method_writes(req.method) &&
        (!sg_http_is_json_type(req.content_type) ||
         (req.origin && !sg_http_origin_matches(req.origin, req.host))) &&
        resp.status != 400 && resp.status != 415 && resp.status != 403 && resp.status != 421)
        abort();
    if (want_token && host_ok && strncmp(req.path, "/api/", 5) == 0 &&
        !sg_http_token_eq(req.token, pol.token) && resp.status < 300)
        abort();
    sg_http_resp_release(&resp);
    free(buf);
    return 0;
}
