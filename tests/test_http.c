/* The dashboard router without sockets: assets, path traversal, API errors,
 * and the checks before routing (Host, cross-site writes, the access token;
 * docs/threat-model.md). */
#include "support/sg_test.h"

#include <stdio.h>
#include <string.h>

#include "server/http.h"

static const char *no_query(void *q, const char *k)
{
    (void)q;
    (void)k;
    return NULL;
}

/* A request as the dashboard sends it: right Host and local address; a
 * write is same-origin JSON. */
static sg_http_req req_of(const char *method, const char *path)
{
    sg_http_req req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = path;
    req.query = no_query;
    req.host = "127.0.0.1:8080";
    req.host_count = 1;
    req.local_ip = "127.0.0.1";
    req.local_port = 8080;
    if (sg_http_method_writes(method))
        req.content_type = "application/json";
    return req;
}

static int route_status(const sg_server_ctx *ctx, const sg_http_req *req)
{
    sg_http_resp resp;
    sg_http_route(ctx, req, &resp);
    int s = resp.status;
    assert_non_null(resp.body);
    if (s >= 400)
        assert_non_null(strstr(resp.body, "\"error\""));
    sg_http_resp_release(&resp);
    return s;
}

static int status_of(const char *method, const char *path)
{
    sg_server_ctx ctx = {NULL, NULL, NULL, NULL, NULL};
    sg_http_req req = req_of(method, path);
    sg_http_resp resp;
    sg_http_route(&ctx, &req, &resp);
    int s = resp.status;
    assert_non_null(resp.body);
    if (s >= 400)
        assert_non_null(strstr(resp.body, "\"error\""));
    sg_http_resp_release(&resp);
    return s;
}

static void test_assets(void **state)
{
    (void)state;
    assert_int_equal(status_of("GET", "/"), 200);
    assert_int_equal(status_of("GET", "/index.html"), 200);
    assert_int_equal(status_of("GET", "/nope.js"), 404);
    assert_int_equal(status_of("POST", "/index.html"), 405);
}

static void test_traversal(void **state)
{
    (void)state;
    assert_int_equal(status_of("GET", "/../etc/passwd"), 400);
    assert_int_equal(status_of("GET", "/a/../../x"), 400);
    assert_int_equal(status_of("GET", "//etc/passwd"), 400);
    assert_int_equal(status_of("GET", "/a\\b"), 400);
    assert_int_equal(status_of("GET", "/\x01"), 400);
    assert_false(sg_http_path_ok("relative"));
    assert_true(sg_http_path_ok("/app.js"));
}

static void test_api_errors(void **state)
{
    (void)state;
    assert_int_equal(status_of("GET", "/api/health"), 200);
    assert_int_equal(status_of("GET", "/api/nothing"), 404);
    assert_int_equal(status_of("DELETE", "/api/health"), 405);
    assert_int_equal(status_of("GET", "/api/runs/abc"), 400);
    assert_int_equal(status_of("GET", "/api/runs/123456789012345678901234"), 400);
}

static void test_host_split(void **state)
{
    (void)state;
    char n[300];
    unsigned port;
    assert_true(sg_http_host_split("127.0.0.1:8080", n, sizeof n, &port));
    assert_string_equal(n, "127.0.0.1");
    assert_int_equal(port, 8080);
    assert_true(sg_http_host_split("localhost", n, sizeof n, &port));
    assert_int_equal(port, 80);
    assert_true(sg_http_host_split("[::1]:9", n, sizeof n, &port));
    assert_string_equal(n, "::1");
    assert_int_equal(port, 9);
    const char *bad[] = {"", ":8080", "a:", "a:0", "a:65536", "a:123456", "a:80x", "a b:80",
                         "a@b:80", "a/b", "[::1", "[]:80", "[::1]x", "[g::1]:80", "a:+80",
                         "a:-1", "a:80:80", "evil.example\r\n:80"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(sg_http_host_split(bad[i], n, sizeof n, &port));
    char longname[300];
    memset(longname, 'a', 254);
    longname[254] = '\0';
    assert_false(sg_http_host_split(longname, n, sizeof n, &port));
    assert_false(sg_http_host_split("abcdef", n, 4, &port)); /* does not fit */
    assert_false(sg_http_host_split(NULL, n, sizeof n, &port));
}

static void test_host_allowed(void **state)
{
    (void)state;
    sg_http_policy p;
    memset(&p, 0, sizeof p);
    p.allow_hosts[0] = "runner-laptop.local";
    p.n_allow = 1;
    assert_true(sg_http_host_allowed(&p, "127.0.0.1:8080", "127.0.0.1", 8080));
    assert_true(sg_http_host_allowed(&p, "localhost:8080", "127.0.0.1", 8080));
    assert_true(sg_http_host_allowed(&p, "LocalHost:8080", "127.0.0.1", 8080));
    assert_true(sg_http_host_allowed(&p, "[::1]:8080", "::1", 8080));
    assert_true(sg_http_host_allowed(&p, "192.168.1.20:8080", "192.168.1.20", 8080));
    assert_true(sg_http_host_allowed(&p, "RUNNER-laptop.local:8080", "192.168.1.20", 8080));
    assert_true(sg_http_host_allowed(&p, "localhost", "127.0.0.1", 80));
    /* DNS rebinding: a foreign name, with or without the port */
    assert_false(sg_http_host_allowed(&p, "evil.example", "127.0.0.1", 8080));
    assert_false(sg_http_host_allowed(&p, "evil.example:8080", "127.0.0.1", 8080));
    assert_false(sg_http_host_allowed(&p, "127.0.0.1.evil.example:8080", "127.0.0.1", 8080));
    assert_false(sg_http_host_allowed(&p, "localhost.evil.example:8080", "127.0.0.1", 8080));
    /* the right name on another port, or no port on a non-80 server */
    assert_false(sg_http_host_allowed(&p, "127.0.0.1:8081", "127.0.0.1", 8080));
    assert_false(sg_http_host_allowed(&p, "localhost", "127.0.0.1", 8080));
    /* another machine's address, and an allowed name without the policy */
    assert_false(sg_http_host_allowed(&p, "192.168.1.21:8080", "192.168.1.20", 8080));
    assert_false(sg_http_host_allowed(NULL, "runner-laptop.local:8080", "127.0.0.1", 8080));
    assert_false(sg_http_host_allowed(&p, NULL, "127.0.0.1", 8080));
    assert_false(sg_http_host_allowed(&p, "", "", 8080));
    /* behind a TLS proxy (serve --clinic --behind-tls) the browser's Host
     * arrives as the proxy got it: an allowed name without the port, or :443;
     * nothing else loosens */
    assert_false(sg_http_host_allowed(&p, "runner-laptop.local", "127.0.0.1", 8080));
    p.behind_proxy = 1;
    assert_true(sg_http_host_allowed(&p, "runner-laptop.local", "127.0.0.1", 8080));
    assert_true(sg_http_host_allowed(&p, "runner-laptop.local:443", "127.0.0.1", 8080));
    assert_true(sg_http_host_allowed(&p, "runner-laptop.local:8080", "127.0.0.1", 8080));
    assert_false(sg_http_host_allowed(&p, "runner-laptop.local:8443", "127.0.0.1", 8080));
    assert_false(sg_http_host_allowed(&p, "localhost", "127.0.0.1", 8080));
    assert_false(sg_http_host_allowed(&p, "evil.example", "127.0.0.1", 8080));
    assert_false(sg_http_host_allowed(&p, "evil.example:443", "127.0.0.1", 8080));
}

static void test_write_checks_pure(void **state)
{
    (void)state;
    assert_true(sg_http_is_json_type("application/json"));
    assert_true(sg_http_is_json_type("Application/JSON; charset=utf-8"));
    assert_true(sg_http_is_json_type("application/json ;charset=utf-8"));
    assert_false(sg_http_is_json_type(NULL));
    assert_false(sg_http_is_json_type(""));
    assert_false(sg_http_is_json_type("text/plain"));
    assert_false(sg_http_is_json_type("application/x-www-form-urlencoded"));
    assert_false(sg_http_is_json_type("multipart/form-data; boundary=x"));
    assert_false(sg_http_is_json_type("application/jsonx"));
    assert_false(sg_http_is_json_type("application/json-patch+json"));
    assert_false(sg_http_is_json_type("text/plain; x=application/json"));

    assert_true(sg_http_origin_matches("http://127.0.0.1:8080", "127.0.0.1:8080"));
    assert_true(sg_http_origin_matches("HTTP://LOCALHOST:8080", "localhost:8080"));
    assert_true(sg_http_origin_matches("http://localhost", "localhost:80"));
    assert_false(sg_http_origin_matches("http://evil.example", "127.0.0.1:8080"));
    assert_false(sg_http_origin_matches("null", "127.0.0.1:8080"));
    assert_false(sg_http_origin_matches("https://127.0.0.1:8080", "127.0.0.1:8080"));
    assert_false(sg_http_origin_matches("http://127.0.0.1:8081", "127.0.0.1:8080"));
    assert_false(sg_http_origin_matches("http://localhost:8080", "127.0.0.1:8080"));
    assert_false(sg_http_origin_matches("http://127.0.0.1:8080/", "127.0.0.1:8080"));
    assert_false(sg_http_origin_matches(NULL, "127.0.0.1:8080"));

    assert_true(sg_http_fetch_site_ok(NULL));
    assert_true(sg_http_fetch_site_ok("same-origin"));
    assert_true(sg_http_fetch_site_ok("none"));
    assert_false(sg_http_fetch_site_ok("cross-site"));
    assert_false(sg_http_fetch_site_ok("same-site"));
    assert_false(sg_http_fetch_site_ok("Same-Origin, cross-site"));

    assert_false(sg_http_method_writes("GET"));
    assert_false(sg_http_method_writes("HEAD"));
    assert_true(sg_http_method_writes("POST"));
    assert_true(sg_http_method_writes("OPTIONS"));
    assert_true(sg_http_method_writes("get"));
}

static void test_token_pure(void **state)
{
    (void)state;
    const char *t = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    char copy[80];
    snprintf(copy, sizeof copy, "%s", t);
    assert_true(sg_http_token_eq(copy, t));
    copy[63] = '0';
    assert_false(sg_http_token_eq(copy, t));
    copy[63] = '\0';
    assert_false(sg_http_token_eq(copy, t)); /* shorter */
    snprintf(copy, sizeof copy, "%s0", t);
    assert_false(sg_http_token_eq(copy, t)); /* longer */
    assert_false(sg_http_token_eq("", t));
    assert_false(sg_http_token_eq(NULL, t));
    assert_false(sg_http_token_eq("", ""));
    assert_string_equal(sg_http_bearer("Bearer abc"), "abc");
    assert_string_equal(sg_http_bearer("bearer  abc"), "abc");
    assert_null(sg_http_bearer("Basic abc"));
    assert_null(sg_http_bearer("Bearer "));
    assert_null(sg_http_bearer(NULL));
    assert_true(sg_http_allow_name_ok("runner-laptop.local"));
    assert_true(sg_http_allow_name_ok("192.168.1.20"));
    assert_false(sg_http_allow_name_ok("host:8080"));
    assert_false(sg_http_allow_name_ok("[::1]"));
    assert_false(sg_http_allow_name_ok("a b"));
    assert_false(sg_http_allow_name_ok(""));
}

static void test_unescape(void **state)
{
    (void)state;
    char a[] = "/api/runs/%31%32";
    assert_int_equal(sg_http_unescape(a), strlen("/api/runs/12"));
    assert_string_equal(a, "/api/runs/12");
    char b[] = "/api/runs/1%00x";
    sg_http_unescape(b);
    assert_string_equal(b, "/api/runs/1%00x"); /* an encoded NUL stays encoded */
    char c[] = "%2e%2E/%zz%4";
    sg_http_unescape(c);
    assert_string_equal(c, "../%zz%4");
}

/* The guard in the router: refusals come before routing. */
static void test_guard_host(void **state)
{
    (void)state;
    sg_server_ctx ctx = {NULL, NULL, NULL, NULL, NULL};
    sg_http_req r = req_of("GET", "/api/health");
    assert_int_equal(route_status(&ctx, &r), 200);
    r.host = "evil.example";
    assert_int_equal(route_status(&ctx, &r), 421);
    r.path = "/index.html";
    assert_int_equal(route_status(&ctx, &r), 421);
    r = req_of("GET", "/api/health");
    r.host = NULL;
    r.host_count = 0;
    assert_int_equal(route_status(&ctx, &r), 400);
    r = req_of("GET", "/api/health");
    r.host_count = 2;
    assert_int_equal(route_status(&ctx, &r), 400);
    r = req_of("GET", "/api/health");
    r.host = "127.0.0.1:8080 ";
    assert_int_equal(route_status(&ctx, &r), 421);
}

static void test_guard_writes(void **state)
{
    (void)state;
    sg_server_ctx ctx = {NULL, NULL, NULL, NULL, NULL};
    const char *body = "{\"kind\":\"pain\"}";
    sg_http_req r = req_of("POST", "/api/journal");
    r.body = body;
    r.body_len = strlen(body);
    r.content_type = NULL;
    assert_int_equal(route_status(&ctx, &r), 415); /* no Content-Type */
    r.content_type = "text/plain";
    r.origin = "http://evil.example";
    assert_int_equal(route_status(&ctx, &r), 415);
    r.content_type = "application/x-www-form-urlencoded";
    r.origin = NULL;
    assert_int_equal(route_status(&ctx, &r), 415);
    r.content_type = "application/json";
    r.origin = "http://evil.example";
    assert_int_equal(route_status(&ctx, &r), 403);
    r.origin = "null";
    assert_int_equal(route_status(&ctx, &r), 403);
    r.origin = NULL;
    r.sec_fetch_site = "cross-site";
    assert_int_equal(route_status(&ctx, &r), 403);
    r.method = "DELETE";
    assert_int_equal(route_status(&ctx, &r), 403);
    /* same-origin JSON reaches the route (no store here: 503) */
    r.method = "POST";
    r.sec_fetch_site = "same-origin";
    r.origin = "http://127.0.0.1:8080";
    assert_int_equal(route_status(&ctx, &r), 503);
    r.origin = NULL;
    r.sec_fetch_site = NULL;
    assert_int_equal(route_status(&ctx, &r), 503);
    /* reads need none of it */
    r = req_of("GET", "/api/health");
    r.origin = "http://evil.example";
    r.sec_fetch_site = "cross-site";
    assert_int_equal(route_status(&ctx, &r), 200);
}

static const char *token_query(void *q, const char *k)
{
    return strcmp(k, "token") == 0 ? (const char *)q : NULL;
}

/* POST /api/import takes a file: application/octet-stream (not a type a
 * cross-site page may send without a preflight), never JSON or a form;
 * every other write still wants JSON. */
static void test_guard_upload(void **state)
{
    (void)state;
    sg_server_ctx ctx = {NULL, NULL, NULL, NULL, NULL};
    sg_http_req req = req_of("POST", "/api/import");
    const char *refused[] = {"application/json", "text/plain", "multipart/form-data; boundary=x",
                             "application/x-www-form-urlencoded", NULL};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        req.content_type = refused[i];
        assert_int_equal(route_status(&ctx, &req), 415);
    }
    req.content_type = "application/octet-stream";
    req.origin = "http://evil.example";
    assert_int_equal(route_status(&ctx, &req), 403);
    req.origin = "http://127.0.0.1:8080";
    /* through the guard; without a streamed upload the route refuses it */
    assert_int_equal(route_status(&ctx, &req), 400);
    req = req_of("POST", "/api/journal");
    req.content_type = "application/octet-stream";
    assert_int_equal(route_status(&ctx, &req), 415);
    assert_true(sg_http_is_octet_type("Application/Octet-Stream ; x=y"));
    assert_false(sg_http_is_octet_type("application/octet-streamx"));
}

static void test_guard_token(void **state)
{
    (void)state;
    sg_http_policy p;
    memset(&p, 0, sizeof p);
    p.require_token = 1;
    snprintf(p.token, sizeof p.token, "%s", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    sg_server_ctx ctx = {NULL, NULL, &p, NULL, NULL};
    sg_http_req r = req_of("GET", "/api/health");
    sg_http_resp resp;
    sg_http_route(&ctx, &r, &resp);
    assert_int_equal(resp.status, 401);
    assert_true(resp.www_authenticate);
    sg_http_resp_release(&resp);
    r.token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdee";
    assert_int_equal(route_status(&ctx, &r), 401);
    r.token = p.token;
    assert_int_equal(route_status(&ctx, &r), 200);
    r.host = "evil.example:8080"; /* the token does not excuse the Host */
    assert_int_equal(route_status(&ctx, &r), 421);
    /* the page itself holds no data */
    r = req_of("GET", "/");
    assert_int_equal(route_status(&ctx, &r), 200);
    /* pairing */
    r = req_of("GET", "/pair");
    r.query = token_query;
    r.qctx = (void *)"wrong";
    sg_http_route(&ctx, &r, &resp);
    assert_int_equal(resp.status, 401);
    assert_null(resp.set_cookie);
    assert_null(resp.location);
    sg_http_resp_release(&resp);
    r.qctx = p.token;
    sg_http_route(&ctx, &r, &resp);
    assert_int_equal(resp.status, 303);
    assert_string_equal(resp.location, "/");
    assert_non_null(resp.set_cookie);
    assert_non_null(strstr(resp.set_cookie, "sg_token_8080=0123456789abcdef"));
    assert_non_null(strstr(resp.set_cookie, "HttpOnly"));
    assert_non_null(strstr(resp.set_cookie, "SameSite=Strict"));
    sg_http_resp_release(&resp);
    assert_null(resp.set_cookie);
    /* no token wanted: /pair just leads home, with no cookie */
    p.require_token = 0;
    sg_http_route(&ctx, &r, &resp);
    assert_int_equal(resp.status, 303);
    assert_null(resp.set_cookie);
    sg_http_resp_release(&resp);
    r = req_of("GET", "/api/health");
    assert_int_equal(route_status(&ctx, &r), 200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assets),
        cmocka_unit_test(test_traversal),
        cmocka_unit_test(test_api_errors),
        cmocka_unit_test(test_host_split),
        cmocka_unit_test(test_host_allowed),
        cmocka_unit_test(test_write_checks_pure),
        cmocka_unit_test(test_token_pure),
        cmocka_unit_test(test_unescape),
        cmocka_unit_test(test_guard_host),
        cmocka_unit_test(test_guard_writes),
        cmocka_unit_test(test_guard_token),
        cmocka_unit_test(test_guard_upload),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
