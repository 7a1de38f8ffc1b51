/* Authorisation in one place (src/server/authz.h): the decision table of
 * sg_authz_decide for every rule and kind of caller, in the local server and
 * the clinic server, and which codes a caller may issue. Unknown is denied. */
#include "support/sg_test.h"

#include <string.h>

#include "server/auth.h"
#include "server/authz.h"
#include "test_authz_caller.h"
#include "server/http.h"

static void test_local_server(void **state)
{
    (void)state;
    sg_authz_caller me = fx_caller(0, SG_ROLE_NONE, 0, 0, 0);
    sg_authz_target t = {0, 0, NULL, SG_ROLE_NONE};
    assert_int_equal(sg_authz_decide(SG_WHO_PUBLIC, &me, &t), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_SELF, &me, &t), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &me, &t), SG_AUTHZ_ALLOW);
    for (sg_who w = SG_WHO_CLINIC_PUBLIC; w < SG_WHO_COUNT; w++)
        if (w != SG_WHO_RUNNER_SELF && w != SG_WHO_RUNNER_READ)
            assert_int_equal(sg_authz_decide(w, &me, &t), SG_AUTHZ_ABSENT);
    assert_int_equal(sg_authz_decide(SG_WHO_COUNT, &me, &t), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_UNKNOWN, &me, &t), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide((sg_who)99, &me, &t), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_PUBLIC, NULL, &t), SG_AUTHZ_DENY);
}

static void test_clinic_table(void **state)
{
    (void)state;
    sg_authz_caller anon = fx_caller(1, SG_ROLE_NONE, 0, 0, 0);
    sg_authz_caller ann = fx_caller(1, SG_ROLE_RUNNER, 3, 1, 30);
    sg_authz_caller bob = fx_caller(1, SG_ROLE_RUNNER, 4, 1, 40);
    sg_authz_caller newbie = fx_caller(1, SG_ROLE_RUNNER, 5, 1, 0); /* no athlete yet */
    sg_authz_caller dr = fx_caller(1, SG_ROLE_CLINICIAN, 6, 1, 0);
    sg_authz_caller dr2 = fx_caller(1, SG_ROLE_CLINICIAN, 7, 2, 0);
    sg_authz_caller boss = fx_caller(1, SG_ROLE_ADMIN, 1, 0, 0);
    sg_authz_target anns = {30, 1, NULL, SG_ROLE_NONE}, none = {0, 0, NULL, SG_ROLE_NONE};

    assert_int_equal(sg_authz_decide(SG_WHO_PUBLIC, &anon, &none), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINIC_PUBLIC, &anon, &none), SG_AUTHZ_ALLOW);
    for (sg_who w = SG_WHO_SESSION; w < SG_WHO_COUNT; w++)
        assert_int_equal(sg_authz_decide(w, &anon, &anns), SG_AUTHZ_SIGN_IN);
    assert_int_equal(sg_authz_decide(SG_WHO_COUNT, &ann, &anns), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_UNKNOWN, &ann, &anns), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_SESSION, &bob, &none), SG_AUTHZ_ALLOW);

    /* a runner's own data: only that runner, never another, a clinician
     * (that is CLINICIAN_READ's), or an admin */
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_SELF, &ann, &anns), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_SELF, &bob, &anns), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_SELF, &newbie, &none), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_SELF, &dr, &anns), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_SELF, &boss, &anns), SG_AUTHZ_DENY);

    /* a clinician of the athlete's clinic, no other */
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN_READ, &dr, &anns), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN_WRITE, &dr, &anns), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN_READ, &dr2, &anns), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN_READ, &dr, &none), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN_READ, &ann, &anns), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN_READ, &boss, &anns), SG_AUTHZ_DENY);

    /* reading a runner's data: the runner, or a clinician of the runner's
     * clinic (admission audits the clinician); no second clinic, no other
     * runner, no admin, no clinician without a target */
    sg_authz_target bobs = {40, 1, NULL, SG_ROLE_NONE}, other = {50, 2, NULL, SG_ROLE_NONE};
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &ann, &anns), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &ann, &bobs), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &newbie, &none), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &dr, &anns), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &dr, &bobs), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &dr, &other), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &dr2, &anns), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &dr2, &other), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &dr, &none), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_RUNNER_READ, &boss, &anns), SG_AUTHZ_DENY);
    /* writes of the runner's data stay the runner's, also for their clinician */
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN_WRITE, &dr2, &anns), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN_WRITE, &ann, &anns), SG_AUTHZ_DENY);
    /* the roster: a clinician with a clinic */
    sg_authz_caller loose = fx_caller(1, SG_ROLE_CLINICIAN, 8, 0, 0);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN, &dr, &none), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN, &loose, &none), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN, &ann, &none), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_CLINICIAN, &boss, &none), SG_AUTHZ_DENY);
    /* which rules scope a request to an athlete */
    assert_true(sg_authz_athlete_rule(SG_WHO_RUNNER_READ));
    assert_true(sg_authz_athlete_rule(SG_WHO_RUNNER_SELF));
    assert_true(sg_authz_athlete_rule(SG_WHO_CLINICIAN_WRITE));
    assert_false(sg_authz_athlete_rule(SG_WHO_CLINICIAN));
    assert_false(sg_authz_athlete_rule(SG_WHO_SESSION));

    assert_int_equal(sg_authz_decide(SG_WHO_STAFF, &dr, &none), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_STAFF, &boss, &none), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_STAFF, &ann, &none), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_ADMIN, &boss, &none), SG_AUTHZ_ALLOW);
    assert_int_equal(sg_authz_decide(SG_WHO_ADMIN, &dr, &none), SG_AUTHZ_DENY);
    assert_int_equal(sg_authz_decide(SG_WHO_ADMIN, &ann, &none), SG_AUTHZ_DENY);
}

static sg_authz code(const sg_authz_caller *c, const char *kind, sg_role role, long long clinic)
{
    sg_authz_target t = {0, clinic, kind, role};
    return sg_authz_decide(SG_WHO_ISSUE_CODE, c, &t);
}

static void test_issue_codes(void **state)
{
    (void)state;
    sg_authz_caller dr = fx_caller(1, SG_ROLE_CLINICIAN, 6, 1, 0);
    sg_authz_caller boss = fx_caller(1, SG_ROLE_ADMIN, 1, 0, 0);
    sg_authz_caller ann = fx_caller(1, SG_ROLE_RUNNER, 3, 1, 30);
    assert_int_equal(code(&boss, "invite", SG_ROLE_CLINICIAN, 2), SG_AUTHZ_ALLOW);
    assert_int_equal(code(&boss, "invite", SG_ROLE_RUNNER, 1), SG_AUTHZ_ALLOW);
    assert_int_equal(code(&boss, "invite", SG_ROLE_ADMIN, 1), SG_AUTHZ_DENY);
    assert_int_equal(code(&boss, "invite", SG_ROLE_RUNNER, 0), SG_AUTHZ_DENY);
    assert_int_equal(code(&boss, "reset", SG_ROLE_CLINICIAN, 2), SG_AUTHZ_ALLOW);
    assert_int_equal(code(&boss, "reset", SG_ROLE_ADMIN, 0), SG_AUTHZ_DENY);
    assert_int_equal(code(&dr, "invite", SG_ROLE_RUNNER, 1), SG_AUTHZ_ALLOW);
    assert_int_equal(code(&dr, "invite", SG_ROLE_RUNNER, 2), SG_AUTHZ_DENY);
    assert_int_equal(code(&dr, "invite", SG_ROLE_CLINICIAN, 1), SG_AUTHZ_DENY);
    assert_int_equal(code(&dr, "reset", SG_ROLE_RUNNER, 1), SG_AUTHZ_ALLOW);
    assert_int_equal(code(&dr, "reset", SG_ROLE_RUNNER, 2), SG_AUTHZ_DENY);
    assert_int_equal(code(&dr, "reset", SG_ROLE_CLINICIAN, 1), SG_AUTHZ_DENY);
    assert_int_equal(code(&dr, "other", SG_ROLE_RUNNER, 1), SG_AUTHZ_DENY);
    assert_int_equal(code(&dr, NULL, SG_ROLE_RUNNER, 1), SG_AUTHZ_DENY);
    assert_int_equal(code(&ann, "invite", SG_ROLE_RUNNER, 1), SG_AUTHZ_DENY);
}

static const char *no_query(void *ctx, const char *key)
{
    (void)ctx;
    (void)key;
    return NULL;
}

static int route(const sg_server_ctx *ctx, const char *method, const char *path,
                 const char *origin)
{
    sg_http_req req;
    memset(&req, 0, sizeof req);
    req.method = method;
    req.path = path;
    req.query = no_query;
    req.host = "127.0.0.1:8080";
    req.host_count = 1;
    req.local_port = 8080;
    req.origin = origin;
    req.content_type = strcmp(path, SG_HTTP_UPLOAD_PATH) == 0 ? "application/octet-stream"
                                                              : "application/json";
    sg_http_resp resp;
    sg_http_route(ctx, &req, &resp);
    int status = resp.status;
    sg_http_resp_release(&resp);
    return status;
}

/* Through the router, without a store: every request meets the decision. */
static void test_router(void **state)
{
    (void)state;
    sg_server_ctx local = {NULL, NULL, NULL, NULL, NULL};
    assert_int_equal(route(&local, "POST", "/api/login", NULL), 404);
    assert_int_equal(route(&local, "GET", "/api/me", NULL), 404);
    assert_int_equal(route(&local, "POST", "/api/clinics", NULL), 404);
    assert_int_equal(route(&local, "GET", "/api/health", NULL), 200);
    assert_int_equal(route(&local, "GET", "/api/clinic/roster", NULL), 404);

    sg_clinic *cl = NULL;
    assert_int_equal(sg_clinic_new(1, &cl, NULL), SG_OK);
    sg_server_ctx clinic = {NULL, NULL, NULL, NULL, cl};
    assert_int_equal(route(&clinic, "GET", "/api/health", NULL), 200);
    /* an upload passes the guard's checks of Host, Origin and type; the
     * front then admits its caller from the head, before any body is taken
     * (http.c admit_upload: tests/e2e/clinic_upload.sh) */
    sg_http_req up;
    memset(&up, 0, sizeof up);
    up.method = "POST";
    up.path = SG_HTTP_UPLOAD_PATH;
    up.host = "127.0.0.1:8080";
    up.host_count = 1;
    up.local_port = 8080;
    up.content_type = "application/octet-stream";
    sg_http_resp resp;
    memset(&resp, 0, sizeof resp);
    assert_int_equal(sg_http_guard(&clinic, &up, &resp), 1);
    up.origin = "http://evil.example:8080";
    assert_int_equal(sg_http_guard(&clinic, &up, &resp), 0);
    assert_int_equal(resp.status, 403);
    sg_http_resp_release(&resp);
    up.origin = NULL;
    /* behind TLS an https Origin of this Host passes the guard, a foreign one does not */
    up.path = "/api/login";
    up.content_type = "application/json";
    up.origin = "https://127.0.0.1:8080";
    memset(&resp, 0, sizeof resp);
    assert_int_equal(sg_http_guard(&clinic, &up, &resp), 1);
    up.origin = "https://evil.example:8080";
    assert_int_equal(sg_http_guard(&clinic, &up, &resp), 0);
    assert_int_equal(resp.status, 403);
    sg_http_resp_release(&resp);
    sg_clinic_free(cl);
}

/* The roster's audit: once per clinician per SG_ROSTER_AUDIT_S. */
static void test_roster_audit_throttle(void **state)
{
    (void)state;
    sg_clinic *cl = NULL;
    assert_int_equal(sg_clinic_new(0, &cl, NULL), SG_OK);
    const long long t = 1800000000LL;
    assert_true(sg_auth_roster_audit_due(cl, 6, t));
    assert_false(sg_auth_roster_audit_due(cl, 6, t + 1));
    assert_true(sg_auth_roster_audit_due(cl, 7, t + 1)); /* another clinician */
    assert_false(sg_auth_roster_audit_due(cl, 6, t + SG_ROSTER_AUDIT_S - 1));
    assert_true(sg_auth_roster_audit_due(cl, 6, t + SG_ROSTER_AUDIT_S));
    assert_true(sg_auth_roster_audit_due(cl, 6, t)); /* the clock went back: logged */
    /* more clinicians than slots: the oldest are forgotten (and logged again) */
    for (long long a = 100; a < 100 + SG_ROSTER_AUDIT_SLOTS; a++)
        assert_true(sg_auth_roster_audit_due(cl, a, t + 10 + a));
    assert_true(sg_auth_roster_audit_due(cl, 7, t + 2));
    sg_clinic_free(cl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_local_server),
        cmocka_unit_test(test_clinic_table),
        cmocka_unit_test(test_issue_codes),
        cmocka_unit_test(test_router),
        cmocka_unit_test(test_roster_audit_throttle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
