/* The clinic server's accounts (issue #16): the store's rows and the use
 * cases of src/app/accounts.h, against SQLite, and against PostgreSQL when
 * SG_TEST_PG_URL is set (CTest's accounts_pg): only an Argon2id string is
 * stored, never the password or a token; sessions end by idle time, absolute
 * time, logout and revocation; codes are single use and expire; the first
 * admin is the only one made without a code; the audit log lists by athlete;
 * a disabled account signs in nowhere (audited), its sessions and codes end,
 * and the last admin stays; refusals are audited once per 15 minutes, and
 * only about a runner that exists. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts.h"
#include "server/auth.h"
#include "test_store_backend.h"

static const long long T0 = 1800000000LL;
static const char *PW = "a long enough password";

static char *db_path(const char *name)
{
    static int seq;
    if (fx_pg_url()) {
        char *u = fx_pg_new(name);
        if (!u)
            fail_msg("cannot create a PostgreSQL schema for %s", name);
        return u;
    }
    char *p = malloc(512);
    snprintf(p, 512, "%s/acct-%s-%d.db", sg_test_tmpdir(), name, seq++);
    unlink(p);
    return p;
}

static sg_store *open_new(const char *name, char **path)
{
    *path = db_path(name);
    sg_store *st = NULL;
    sg_err err;
    if (sg_store_open(*path, &st, &err))
        fail_msg("open %s: %s", *path, err.msg);
    return st;
}

/* An admin, a clinic and a runner of it (by an invite code). */
typedef struct world {
    char *path;
    sg_store *st;
    long long admin, clinic, runner;
} world;

static void make_world(world *w, const char *name)
{
    sg_err err;
    w->st = open_new(name, &w->path);
    sg_admin_create_req a = {"Boss", PW, T0};
    assert_int_equal(sg_app_admin_create(w->st, &a, &w->admin, &err), SG_OK);
    assert_int_equal(sg_app_clinic_create(w->st, "North", T0, &w->clinic, &err), SG_OK);
    sg_code_req q = {"invite", SG_ROLE_RUNNER, 0, 0, w->admin, T0};
    sg_code_res code;
    assert_int_equal(sg_app_code_target(w->st, "North", NULL, &q, &err), SG_OK);
    assert_int_equal(sg_app_code_issue(w->st, &q, &code, &err), SG_OK);
    sg_redeem_req r = {code.code, "ann", PW, T0 + 1};
    sg_redeem_res res;
    assert_int_equal(sg_app_code_redeem(w->st, &r, &res, &err), SG_OK);
    w->runner = res.account_id;
    assert_int_equal(res.role, SG_ROLE_RUNNER);
}

static void free_world(world *w)
{
    sg_store_close(w->st);
    free(w->path);
}

static void test_password_stored_as_argon2id(void **state)
{
    (void)state;
    world w;
    make_world(&w, "argon");
    sg_account a;
    sg_err err;
    assert_int_equal(sg_store_account_by_login(w.st, "boss", &a, &err), SG_OK);
    assert_int_equal(a.role, SG_ROLE_ADMIN);
    assert_true(strncmp(a.pwhash, "$argon2id$", 10) == 0);
    assert_null(strstr(a.pwhash, PW));
    /* read the row itself, outside the store's API */
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM accounts WHERE pwhash LIKE '$argon2id$%%' AND login = 'ann'");
    assert_int_equal(fx_sql_int(w.path, sql), 1);
    assert_int_equal(fx_sql_int(w.path, "SELECT count(*) FROM accounts WHERE pwhash LIKE "
                                        "'%long enough%'"),
                     0);
    /* a second admin is refused, bad logins and passwords too */
    long long id;
    sg_admin_create_req again = {"other", PW, T0};
    assert_int_equal(sg_app_admin_create(w.st, &again, &id, &err), SG_EEXISTS);
    sg_admin_create_req shortpw = {"x1y", "short", T0};
    assert_int_equal(sg_app_admin_create(w.st, &shortpw, &id, &err), SG_EUSAGE);
    sg_admin_create_req badlogin = {"no spaces", PW, T0};
    assert_int_equal(sg_app_admin_create(w.st, &badlogin, &id, &err), SG_EUSAGE);
    free_world(&w);
}

static void test_login_and_session_life(void **state)
{
    (void)state;
    world w;
    make_world(&w, "session");
    sg_err err;
    sg_login_res res;
    sg_login_req bad = {"ann", "not the password!", T0, NULL};
    assert_int_equal(sg_app_login(w.st, &bad, &res, &err), SG_EDENIED);
    sg_login_req nobody = {"nobody", PW, T0, NULL};
    assert_int_equal(sg_app_login(w.st, &nobody, &res, &err), SG_EDENIED);
    sg_login_req good = {"ANN", PW, T0, NULL};
    assert_int_equal(sg_app_login(w.st, &good, &res, &err), SG_OK);
    assert_int_equal(res.who.account_id, w.runner);
    assert_int_equal(res.who.clinic_id, w.clinic);
    assert_int_equal(strlen(res.token), SG_SECRET_HEX);
    /* the token is not stored: only its hash */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sessions WHERE id = '%s' OR csrf = '%s'",
             res.token, res.token);
    assert_int_equal(fx_sql_int(w.path, sql), 0);

    sg_principal p;
    char csrf[SG_SECRET_HEX + 1];
    assert_int_equal(sg_app_session_check(w.st, res.token, T0 + 10, &p, csrf, &err), SG_OK);
    assert_string_equal(csrf, res.csrf);
    assert_int_equal(p.role, SG_ROLE_RUNNER);
    /* used within the idle limit, again and again, up to the absolute limit */
    long long t = T0;
    while (t + SG_SESSION_IDLE_S - 1 < T0 + SG_SESSION_MAX_S) {
        t += SG_SESSION_IDLE_S - 1;
        assert_int_equal(sg_app_session_check(w.st, res.token, t, &p, NULL, &err), SG_OK);
    }
    assert_int_equal(sg_app_session_check(w.st, res.token, T0 + SG_SESSION_MAX_S, &p, NULL, &err),
                     SG_EDENIED);
    /* idle too long */
    assert_int_equal(sg_app_login(w.st, &good, &res, &err), SG_OK);
    assert_int_equal(sg_app_session_check(w.st, res.token, T0 + SG_SESSION_IDLE_S, &p, NULL, &err),
                     SG_EDENIED);
    /* logout, and revoking every session */
    sg_login_res a, b;
    good.now = T0 + 100;
    assert_int_equal(sg_app_login(w.st, &good, &a, &err), SG_OK);
    assert_int_equal(sg_app_login(w.st, &good, &b, &err), SG_OK);
    assert_int_equal(sg_app_logout(w.st, a.token, T0 + 101, &err), SG_OK);
    assert_int_equal(sg_app_session_check(w.st, a.token, T0 + 102, &p, NULL, &err), SG_EDENIED);
    assert_int_equal(sg_app_session_check(w.st, b.token, T0 + 102, &p, NULL, &err), SG_OK);
    long long n = 0;
    assert_int_equal(sg_app_sessions_revoke(w.st, w.runner, T0 + 103, &n, &err), SG_OK);
    assert_int_equal(n, 3); /* every one not revoked yet: b and the two that ran out */
    assert_int_equal(sg_app_session_check(w.st, b.token, T0 + 104, &p, NULL, &err), SG_EDENIED);
    assert_int_equal(sg_app_session_check(w.st, "not-a-token", T0, &p, NULL, &err), SG_EDENIED);
    free_world(&w);
}

static void test_codes_single_use_and_expiry(void **state)
{
    (void)state;
    world w;
    make_world(&w, "codes");
    sg_err err;
    sg_code_req q = {"invite", SG_ROLE_CLINICIAN, 0, 0, w.admin, T0};
    sg_code_res c;
    assert_int_equal(sg_app_code_target(w.st, "North", NULL, &q, &err), SG_OK);
    assert_int_equal(sg_app_code_issue(w.st, &q, &c, &err), SG_OK);
    assert_int_equal(strlen(c.code), SG_CODE_TEXT);
    /* stored hashed only */
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM codes WHERE hash = '%s' OR length(hash) <> 64",
             c.code);
    assert_int_equal(fx_sql_int(w.path, sql), 0);
    assert_int_equal(fx_sql_int(w.path, "SELECT count(*) FROM codes"), 2);
    sg_redeem_res res;
    /* expired */
    sg_redeem_req late = {c.code, "dr.late", PW, T0 + SG_CODE_TTL_S};
    assert_int_equal(sg_app_code_redeem(w.st, &late, &res, &err), SG_EDENIED);
    /* an invite needs a login; the code stays usable after that refusal */
    sg_redeem_req nologin = {c.code, NULL, PW, T0 + 5};
    assert_int_equal(sg_app_code_redeem(w.st, &nologin, &res, &err), SG_EUSAGE);
    /* a taken login: refused, the code stays usable */
    sg_redeem_req taken = {c.code, "ann", PW, T0 + 5};
    assert_int_equal(sg_app_code_redeem(w.st, &taken, &res, &err), SG_EEXISTS);
    sg_redeem_req ok = {c.code, "dr.north", PW, T0 + 6};
    assert_int_equal(sg_app_code_redeem(w.st, &ok, &res, &err), SG_OK);
    assert_int_equal(res.role, SG_ROLE_CLINICIAN);
    sg_redeem_req twice = {c.code, "dr.twice", PW, T0 + 7};
    assert_int_equal(sg_app_code_redeem(w.st, &twice, &res, &err), SG_EDENIED);
    sg_redeem_req junk = {"not a code", "dr.junk", PW, T0 + 7};
    assert_int_equal(sg_app_code_redeem(w.st, &junk, &res, &err), SG_EDENIED);

    /* a reset: new password, every session revoked */
    sg_login_req li = {"ann", PW, T0 + 10, NULL};
    sg_login_res s;
    assert_int_equal(sg_app_login(w.st, &li, &s, &err), SG_OK);
    sg_code_req rq = {"reset", SG_ROLE_NONE, 0, 0, w.admin, T0 + 11};
    assert_int_equal(sg_app_code_target(w.st, NULL, "Ann", &rq, &err), SG_OK);
    assert_int_equal(rq.account_id, w.runner);
    assert_int_equal(rq.role, SG_ROLE_RUNNER);
    assert_int_equal(rq.clinic_id, w.clinic);
    assert_int_equal(sg_app_code_issue(w.st, &rq, &c, &err), SG_OK);
    sg_redeem_req rr = {c.code, NULL, "the new password here", T0 + 12};
    assert_int_equal(sg_app_code_redeem(w.st, &rr, &res, &err), SG_OK);
    assert_true(res.reset);
    assert_int_equal(res.revoked, 1);
    sg_principal p;
    assert_int_equal(sg_app_session_check(w.st, s.token, T0 + 13, &p, NULL, &err), SG_EDENIED);
    assert_int_equal(sg_app_login(w.st, &li, &s, &err), SG_EDENIED);
    li.password = "the new password here";
    assert_int_equal(sg_app_login(w.st, &li, &s, &err), SG_OK);
    /* unknown targets */
    sg_code_req nq = {"reset", SG_ROLE_NONE, 0, 0, w.admin, T0};
    assert_int_equal(sg_app_code_target(w.st, NULL, "nobody", &nq, &err), SG_ENOTFOUND);
    sg_code_req cq = {"invite", SG_ROLE_RUNNER, 0, 0, w.admin, T0};
    assert_int_equal(sg_app_code_target(w.st, "Nowhere", NULL, &cq, &err), SG_ENOTFOUND);
    sg_code_req aq = {"invite", SG_ROLE_ADMIN, 0, 0, w.admin, T0};
    assert_int_equal(sg_app_code_target(w.st, "North", NULL, &aq, &err), SG_EUSAGE);
    free_world(&w);
}

static int count_audit(void *ctx, const sg_audit_row *r)
{
    int *n = ctx;
    assert_string_equal(r->action, *n ? "write" : "read");
    ++*n;
    return 0;
}

static void test_audit_and_clinics(void **state)
{
    (void)state;
    char *path;
    sg_store *st = open_new("audit", &path);
    sg_err err;
    long long id;
    assert_int_equal(sg_app_clinic_create(st, "West", T0, &id, &err), SG_OK);
    assert_int_equal(sg_app_clinic_create(st, "West", T0, &id, &err), SG_EEXISTS);
    assert_int_equal(sg_app_clinic_create(st, "", T0, &id, &err), SG_EUSAGE);
    assert_int_equal(sg_store_audit_add(st, T0, 5, 7, "read", "GET /api/runs", &err), SG_OK);
    assert_int_equal(sg_store_audit_add(st, T0 + 1, 5, 7, "write", "POST /api/journal", &err),
                     SG_OK);
    assert_int_equal(sg_store_audit_add(st, T0, 5, 8, "read", "GET /api/runs", &err), SG_OK);
    /* the server's one writer records clinicians only */
    sg_principal dr = {6, SG_ROLE_CLINICIAN, 1, 0, "dr"}, ann = {3, SG_ROLE_RUNNER, 1, 9, "ann"};
    assert_int_equal(sg_auth_audit(st, &dr, 9, 0, "GET /api/runs", T0, &err), SG_OK);
    assert_int_equal(sg_auth_audit(st, &ann, 9, 1, "POST /api/journal", T0, &err), SG_OK);
    int n = 0;
    assert_int_equal(sg_store_audit_list(st, 9, count_audit, &n, &err), SG_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(sg_store_audit_list(st, 7, count_audit, &n, &err), SG_OK);
    assert_int_equal(n, 2);
    assert_string_equal(sg_role_name(sg_role_parse("clinician")), "clinician");
    assert_int_equal(sg_role_parse("root"), SG_ROLE_NONE);
    sg_store_close(st);
    free(path);
}

typedef struct refused_rows {
    int n;
    long long account;
    char detail[120];
} refused_rows;

static int collect_refused(void *ctx, const sg_audit_row *r)
{
    refused_rows *o = ctx;
    if (strcmp(r->action, "refused") == 0) {
        o->n++;
        o->account = r->account_id;
        snprintf(o->detail, sizeof o->detail, "%s", r->detail);
    }
    return 0;
}

/* A clinician of North with an account (by an admin's invite). */
static long long add_clinician(world *w, const char *login, long long *clinic)
{
    sg_err err;
    sg_code_req q = {"invite", SG_ROLE_CLINICIAN, 0, 0, w->admin, T0};
    sg_code_res code;
    assert_int_equal(sg_app_code_target(w->st, "North", NULL, &q, &err), SG_OK);
    assert_int_equal(sg_app_code_issue(w->st, &q, &code, &err), SG_OK);
    sg_redeem_req r = {code.code, login, PW, T0 + 1};
    sg_redeem_res res;
    assert_int_equal(sg_app_code_redeem(w->st, &r, &res, &err), SG_OK);
    *clinic = q.clinic_id;
    return res.account_id;
}

static void test_disable_account(void **state)
{
    (void)state;
    world w;
    make_world(&w, "disable");
    sg_err err;
    long long clinic = 0, dr = add_clinician(&w, "dr.north", &clinic);
    /* two sessions and an unused reset code of the runner, an invite dr issued */
    sg_login_req li = {"ann", PW, T0 + 10, NULL};
    sg_login_res s1, s2;
    assert_int_equal(sg_app_login(w.st, &li, &s1, &err), SG_OK);
    assert_int_equal(sg_app_login(w.st, &li, &s2, &err), SG_OK);
    sg_code_req rq = {"reset", SG_ROLE_NONE, 0, 0, w.admin, T0 + 11};
    sg_code_res reset;
    assert_int_equal(sg_app_code_target(w.st, NULL, "ann", &rq, &err), SG_OK);
    assert_int_equal(sg_app_code_issue(w.st, &rq, &reset, &err), SG_OK);
    sg_code_req iq = {"invite", SG_ROLE_RUNNER, clinic, 0, dr, T0 + 11};
    sg_code_res invite;
    assert_int_equal(sg_app_code_issue(w.st, &iq, &invite, &err), SG_OK);

    sg_account_disable_req dq = {"ANN", true, T0 + 20};
    sg_account_disable_res dres;
    assert_int_equal(sg_app_account_set_disabled(w.st, &dq, &dres, &err), SG_OK);
    assert_int_equal(dres.account_id, w.runner);
    assert_int_equal(dres.role, SG_ROLE_RUNNER);
    assert_true(dres.changed);
    assert_int_equal(dres.sessions_revoked, 2);
    assert_int_equal(dres.codes_voided, 1);
    sg_principal p;
    assert_int_equal(sg_app_session_check(w.st, s1.token, T0 + 21, &p, NULL, &err), SG_EDENIED);
    assert_int_equal(sg_app_session_check(w.st, s2.token, T0 + 21, &p, NULL, &err), SG_EDENIED);
    /* sign-in: a wrong password's answer, with the right password too; audited
     * once per 15 minutes, about the runner's own athlete */
    sg_login_res s3;
    li.now = T0 + 30;
    assert_int_equal(sg_app_login(w.st, &li, &s3, &err), SG_EDENIED);
    assert_string_equal(err.msg, "wrong login or password");
    sg_login_req wrong = {"ann", "not the password!", T0 + 31, NULL};
    assert_int_equal(sg_app_login(w.st, &wrong, &s3, &err), SG_EDENIED);
    assert_string_equal(err.msg, "wrong login or password");
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT athlete_id FROM accounts WHERE id = %lld", w.runner);
    long long athlete = fx_sql_int(w.path, sql);
    refused_rows rows = {0, 0, ""};
    assert_int_equal(sg_store_audit_list(w.st, athlete, collect_refused, &rows, &err), SG_OK);
    assert_int_equal(rows.n, 1);
    assert_int_equal(rows.account, w.runner);
    assert_string_equal(rows.detail, "sign-in: account disabled");
    li.now = T0 + 30 + SG_REFUSED_AUDIT_S;
    assert_int_equal(sg_app_login(w.st, &li, &s3, &err), SG_EDENIED);
    rows.n = 0;
    assert_int_equal(sg_store_audit_list(w.st, athlete, collect_refused, &rows, &err), SG_OK);
    assert_int_equal(rows.n, 2);
    /* the reset code is void (a fresh one too, while disabled) */
    sg_redeem_res rr;
    sg_redeem_req use = {reset.code, NULL, "the new password here", T0 + 40};
    assert_int_equal(sg_app_code_redeem(w.st, &use, &rr, &err), SG_EDENIED);
    rq.now = T0 + 41;
    assert_int_equal(sg_app_code_issue(w.st, &rq, &reset, &err), SG_EDENIED);
    assert_int_equal(fx_sql_int(w.path, "SELECT count(*) FROM codes WHERE used_utc IS NULL"
                                        " AND kind = 'reset'"),
                     0);
    /* a code that escaped the voiding (the flag set in the store alone) is
     * refused at redemption too, and stays unused */
    assert_int_equal(sg_store_account_set_disabled(w.st, w.runner, false, &err), SG_OK);
    assert_int_equal(sg_app_code_issue(w.st, &rq, &reset, &err), SG_OK);
    assert_int_equal(sg_store_account_set_disabled(w.st, w.runner, true, &err), SG_OK);
    use.code = reset.code;
    assert_int_equal(sg_app_code_redeem(w.st, &use, &rr, &err), SG_EDENIED);
    assert_int_equal(fx_sql_int(w.path, "SELECT count(*) FROM codes WHERE used_utc IS NULL"
                                        " AND kind = 'reset'"),
                     1);
    /* a disabled runner leaves the roster's list */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM accounts WHERE clinic_id = %lld AND role = 'runner'"
             " AND disabled = 0",
             clinic);
    assert_int_equal(fx_sql_int(w.path, sql), 0);
    /* again: nothing changes; then enabled, the old password works again */
    assert_int_equal(sg_app_account_set_disabled(w.st, &dq, &dres, &err), SG_OK);
    assert_false(dres.changed);
    sg_account_disable_req eq = {"ann", false, T0 + 50};
    assert_int_equal(sg_app_account_set_disabled(w.st, &eq, &dres, &err), SG_OK);
    assert_true(dres.changed);
    li.now = T0 + 51;
    assert_int_equal(sg_app_login(w.st, &li, &s3, &err), SG_OK);
    assert_int_equal(sg_app_session_check(w.st, s1.token, T0 + 52, &p, NULL, &err), SG_EDENIED);

    /* a clinician disabled: the invite they issued stops working */
    sg_account_disable_req dd = {"dr.north", true, T0 + 60};
    assert_int_equal(sg_app_account_set_disabled(w.st, &dd, &dres, &err), SG_OK);
    assert_int_equal(dres.codes_voided, 1);
    sg_redeem_req join = {invite.code, "bob", PW, T0 + 61};
    assert_int_equal(sg_app_code_redeem(w.st, &join, &rr, &err), SG_EDENIED);

    /* the last enabled admin stays; unknown and bad logins */
    sg_account_disable_req da = {"boss", true, T0 + 70};
    assert_int_equal(sg_app_account_set_disabled(w.st, &da, &dres, &err), SG_EDENIED);
    sg_login_req bl = {"boss", PW, T0 + 71, NULL};
    assert_int_equal(sg_app_login(w.st, &bl, &s3, &err), SG_OK);
    sg_account_disable_req dn = {"nobody", true, T0 + 70};
    assert_int_equal(sg_app_account_set_disabled(w.st, &dn, &dres, &err), SG_ENOTFOUND);
    sg_account_disable_req db = {"no spaces", true, T0 + 70};
    assert_int_equal(sg_app_account_set_disabled(w.st, &db, &dres, &err), SG_EUSAGE);
    free_world(&w);
}

static void test_refusals_audited(void **state)
{
    (void)state;
    world w;
    make_world(&w, "refused");
    sg_err err;
    long long clinic = 0, dr = add_clinician(&w, "dr.north", &clinic);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT athlete_id FROM accounts WHERE id = %lld", w.runner);
    long long athlete = fx_sql_int(w.path, sql);
    int added = -1;
    assert_int_equal(sg_app_audit_refused(w.st, T0, dr, athlete, "GET /api/plan: no_runner",
                                          &added, &err),
                     SG_OK);
    assert_int_equal(added, 1);
    /* the same refusal within 15 minutes: one row; another route: its own */
    for (int i = 1; i < 50; i++) {
        assert_int_equal(sg_app_audit_refused(w.st, T0 + i * 10, dr, athlete,
                                              "GET /api/plan: no_runner", &added, &err),
                         SG_OK);
        assert_int_equal(added, 0);
    }
    assert_int_equal(sg_app_audit_refused(w.st, T0 + 10, dr, athlete,
                                          "GET /api/runs/ID: no_runner", &added, &err),
                     SG_OK);
    assert_int_equal(added, 1);
    assert_int_equal(sg_app_audit_refused(w.st, T0 + SG_REFUSED_AUDIT_S, dr, athlete,
                                          "GET /api/plan: no_runner", &added, &err),
                     SG_OK);
    assert_int_equal(added, 1);
    refused_rows rows = {0, 0, ""};
    assert_int_equal(sg_store_audit_list(w.st, athlete, collect_refused, &rows, &err), SG_OK);
    assert_int_equal(rows.n, 3);
    assert_int_equal(rows.account, dr);
    /* never for an athlete that names no runner: nothing is written */
    long long before = fx_sql_int(w.path, "SELECT count(*) FROM audit");
    assert_int_equal(sg_app_audit_refused(w.st, T0, dr, athlete + 1000, "GET /api/plan: no_runner",
                                          &added, &err),
                     SG_OK);
    assert_int_equal(added, 0);
    assert_int_equal(sg_app_audit_refused(w.st, T0, dr, 0, "GET /api/plan: no_runner", &added,
                                          &err),
                     SG_OK);
    assert_int_equal(fx_sql_int(w.path, "SELECT count(*) FROM audit"), before);
    free_world(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_stored_as_argon2id),
        cmocka_unit_test(test_login_and_session_life),
        cmocka_unit_test(test_codes_single_use_and_expiry),
        cmocka_unit_test(test_audit_and_clinics),
        cmocka_unit_test(test_disable_account),
        cmocka_unit_test(test_refusals_audited),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
