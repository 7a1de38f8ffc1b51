/* The dashboard router without sockets: assets, path traversal, API errors. */
#include "support/sg_test.h"

#include <string.h>

#include "server/http.h"

static const char *no_query(void *q, const char *k)
{
    (void)q;
    (void)k;
    return NULL;
}

static int status_of(const char *method, const char *path)
{
    sg_server_ctx ctx = {NULL, NULL};
    sg_http_req req = {method, path, no_query, NULL, NULL, 0};
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assets),
        cmocka_unit_test(test_traversal),
        cmocka_unit_test(test_api_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
