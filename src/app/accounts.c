/* Account use cases (src/app/accounts.h): Argon2id passwords, sessions and
 * one-time codes over the store's account tables. */
#include "app/accounts.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "bytes/sha256.h"
#include "strideguard/clinic_store.h"

static int sodium_ready(sg_err *err)
{
    /* idempotent and thread-safe; libsodium's own initialisation */
    if (sodium_init() < 0)
        return sg_err_set(err, SG_EIO, -1, "cannot initialise libsodium");
    return SG_OK;
}

int sg_app_login_fold(const char *login, char out[SG_LOGIN_MAX + 1], sg_err *err)
{
    size_t n = login ? strlen(login) : 0;
    if (n < 3 || n > SG_LOGIN_MAX)
        return sg_err_set(err, SG_EUSAGE, -1, "a login is 3 to %d characters", SG_LOGIN_MAX);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)login[i];
        if (!(isalnum(c) && c < 0x80) && c != '.' && c != '_' && c != '-' && c != '@')
            return sg_err_set(err, SG_EUSAGE, -1,
                              "a login holds only letters, digits, '.', '_', '-' and '@'");
        out[i] = (char)tolower(c);
    }
    out[n] = '\0';
    return SG_OK;
}

static int password_ok(const char *pw, sg_err *err)
{
    size_t n = pw ? strlen(pw) : 0;
    if (n < SG_PASSWORD_MIN || n > SG_PASSWORD_MAX)
        return sg_err_set(err, SG_EUSAGE, -1, "a password is %d to %d bytes", SG_PASSWORD_MIN,
                          SG_PASSWORD_MAX);
    return SG_OK;
}

int sg_app_password_hash(const char *password, char out[SG_PWHASH_MAX], sg_err *err)
{
    int rc;
    if ((rc = password_ok(password, err)) || (rc = sodium_ready(err)))
        return rc;
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return sg_err_set(err, SG_ENOMEM, -1, "not enough memory to hash a password");
    return SG_OK;
}

int sg_app_dummy_hash(char out[SG_PWHASH_MAX], sg_err *err)
{
    int rc = sodium_ready(err);
    if (rc)
        return rc;
    unsigned char pw[24];
    char hex[sizeof pw * 2 + 1];
    randombytes_buf(pw, sizeof pw);
    sodium_bin2hex(hex, sizeof hex, pw, sizeof pw);
    return sg_app_password_hash(hex, out, err);
}

/* 32 random bytes as 64 hex digits. */
static void random_hex(char out[SG_SECRET_HEX + 1])
{
    unsigned char b[SG_SECRET_HEX / 2];
    randombytes_buf(b, sizeof b);
    sodium_bin2hex(out, SG_SECRET_HEX + 1, b, sizeof b);
    sodium_memzero(b, sizeof b);
}

static void principal_of(const sg_account *a, sg_principal *who)
{
    memset(who, 0, sizeof *who);
    who->account_id = a->id;
    who->role = a->role;
    who->clinic_id = a->clinic_id;
    who->athlete_id = a->athlete_id;
    snprintf(who->login, sizeof who->login, "%s", a->login);
}

/* Runs fn inside one store transaction (committed on SG_OK, else rolled back). */
static int in_tx(sg_store *st, int (*fn)(sg_store *, void *, sg_err *), void *ctx, sg_err *err)
{
    int rc = sg_store_begin(st, err);
    if (rc)
        return rc;
    rc = fn(st, ctx, err);
    if (rc) {
        sg_store_rollback(st, NULL);
        return rc;
    }
    return sg_store_commit(st, err);
}

/* ---- first admin, clinics ------------------------------------------------ */

typedef struct admin_call {
    sg_account a;
    long long id;
} admin_call;

static int admin_tx(sg_store *st, void *ctx, sg_err *err)
{
    admin_call *c = ctx;
    long long n = 0;
    int rc = sg_store_account_count(st, SG_ROLE_ADMIN, &n, err);
    if (rc)
        return rc;
    if (n > 0)
        return sg_err_set(err, SG_EEXISTS, -1,
                          "an admin exists already: further accounts come by invitation");
    return sg_store_account_add(st, &c->a, &c->id, err);
}

int sg_app_admin_create(sg_store *st, const sg_admin_create_req *req, long long *account_id,
                        sg_err *err)
{
    admin_call c;
    memset(&c, 0, sizeof c);
    int rc;
    if ((rc = sg_app_login_fold(req->login, c.a.login, err)) ||
        (rc = sg_app_password_hash(req->password, c.a.pwhash, err)))
        return rc;
    c.a.role = SG_ROLE_ADMIN;
    c.a.created_utc = req->now;
    rc = in_tx(st, admin_tx, &c, err);
    sodium_memzero(c.a.pwhash, sizeof c.a.pwhash);
    if (!rc)
        *account_id = c.id;
    return rc;
}

int sg_app_clinic_create(sg_store *st, const char *name, long long now, long long *clinic_id,
                         sg_err *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n < 1 || n > SG_CLINIC_NAME_MAX)
        return sg_err_set(err, SG_EUSAGE, -1, "a clinic's name is 1 to %d bytes",
                          SG_CLINIC_NAME_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return sg_err_set(err, SG_EUSAGE, -1, "a clinic's name holds no control characters");
    return sg_store_clinic_add(st, name, now, clinic_id, err);
}

/* ---- login and sessions --------------------------------------------------- */

static int denied(sg_err *err)
{
    return sg_err_set(err, SG_EDENIED, -1, "wrong login or password");
}

/* Verifies pw against the account's string (or the dummy one when a is
 * NULL); 1 when it matches a usable account. */
static int verify(const sg_account *a, const char *dummy, const char *pw)
{
    const char *h = a ? a->pwhash : dummy;
    int ok = crypto_pwhash_str_verify(h, pw, strlen(pw)) == 0;
    return ok && a && !a->disabled;
}

static int open_session(sg_store *st, const sg_account *a, long long now, sg_login_res *res,
                        sg_err *err)
{
    sg_session_row s;
    memset(&s, 0, sizeof s);
    random_hex(res->token);
    random_hex(res->csrf);
    sg_sha256_hex(res->token, SG_SECRET_HEX, s.id);
    memcpy(s.csrf, res->csrf, sizeof s.csrf);
    s.account_id = a->id;
    s.created_utc = s.seen_utc = now;
    s.expires_utc = now + SG_SESSION_MAX_S;
    res->expires_utc = s.expires_utc;
    principal_of(a, &res->who);
    return sg_store_session_add(st, &s, err);
}

int sg_app_login(sg_store *st, const sg_login_req *req, sg_login_res *res, sg_err *err)
{
    memset(res, 0, sizeof *res);
    char login[SG_LOGIN_MAX + 1], dummy[SG_PWHASH_MAX];
    int rc = sodium_ready(err);
    if (rc)
        return rc;
    if (!req->password || password_ok(req->password, NULL) ||
        sg_app_login_fold(req->login, login, NULL))
        return denied(err);
    if (!req->dummy_hash && (rc = sg_app_dummy_hash(dummy, err)))
        return rc;
    sg_account a;
    rc = sg_store_account_by_login(st, login, &a, err);
    if (rc && rc != SG_ENOTFOUND)
        return rc;
    int ok = verify(rc ? NULL : &a, req->dummy_hash ? req->dummy_hash : dummy, req->password);
    if (!ok && !rc && a.disabled) {
        /* the answer is a wrong password's; the attempt is the account's to see */
        int arc = sg_store_audit_add_once(st, req->now, a.id, a.athlete_id, "refused",
                                          "sign-in: account disabled", SG_REFUSED_AUDIT_S, NULL,
                                          err);
        if (arc)
            return arc;
    }
    if (!ok)
        return denied(err);
    if (crypto_pwhash_str_needs_rehash(a.pwhash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        char fresh[SG_PWHASH_MAX];
        if (sg_app_password_hash(req->password, fresh, NULL) == SG_OK)
            sg_store_account_set_pwhash(st, a.id, fresh, NULL); /* next login tries again */
    }
    return open_session(st, &a, req->now, res, err);
}

static int token_ok(const char *token)
{
    return token && strlen(token) == SG_SECRET_HEX &&
           strspn(token, "0123456789abcdef") == SG_SECRET_HEX;
}

int sg_app_session_check(sg_store *st, const char *token, long long now, sg_principal *who,
                         char csrf[SG_SECRET_HEX + 1], sg_err *err)
{
    memset(who, 0, sizeof *who);
    if (!token_ok(token))
        return sg_err_set(err, SG_EDENIED, -1, "not signed in");
    char id[SG_HEX_KEY + 1];
    sg_sha256_hex(token, SG_SECRET_HEX, id);
    sg_session_row s;
    sg_account a;
    int rc = sg_store_session_account(st, id, &s, &a, err);
    if (rc == SG_ENOTFOUND)
        return sg_err_set(err, SG_EDENIED, -1, "not signed in");
    if (rc)
        return rc;
    if (s.revoked_utc || now >= s.expires_utc || now - s.seen_utc >= SG_SESSION_IDLE_S ||
        a.disabled)
        return sg_err_set(err, SG_EDENIED, -1, "the session has ended: sign in again");
    if (now - s.seen_utc >= SG_SESSION_TOUCH_S &&
        (rc = sg_store_session_touch(st, id, now, err)))
        return rc;
    principal_of(&a, who);
    if (csrf)
        memcpy(csrf, s.csrf, SG_SECRET_HEX + 1);
    return SG_OK;
}

int sg_app_logout(sg_store *st, const char *token, long long now, sg_err *err)
{
    if (!token_ok(token))
        return sg_err_set(err, SG_EDENIED, -1, "not signed in");
    char id[SG_HEX_KEY + 1];
    sg_sha256_hex(token, SG_SECRET_HEX, id);
    int rc = sg_store_session_revoke(st, id, now, err);
    return rc == SG_ENOTFOUND ? sg_err_set(err, SG_EDENIED, -1, "not signed in") : rc;
}

int sg_app_sessions_revoke(sg_store *st, long long account_id, long long now, long long *n,
                           sg_err *err)
{
    return sg_store_sessions_revoke_account(st, account_id, now, n, err);
}

int sg_app_sessions_revoke_login(sg_store *st, const char *login, long long now, long long *n,
                                 sg_err *err)
{
    char folded[SG_LOGIN_MAX + 1];
    sg_account a;
    int rc = sg_app_login_fold(login, folded, err);
    if (!rc && (rc = sg_store_account_by_login(st, folded, &a, err)) == SG_ENOTFOUND)
        return sg_err_set(err, rc, -1, "no account '%s'", folded);
    return rc ? rc : sg_store_sessions_revoke_account(st, a.id, now, n, err);
}

/* ---- disabling an account ------------------------------------------------ */

typedef struct disable_call {
    const sg_account_disable_req *req;
    sg_account_disable_res *res;
} disable_call;

static int disable_tx(sg_store *st, void *ctx, sg_err *err)
{
    disable_call *c = ctx;
    sg_account a;
    int rc = sg_store_account_by_login(st, c->res->login, &a, err);
    if (rc == SG_ENOTFOUND)
        return sg_err_set(err, rc, -1, "no account '%s'", c->res->login);
    if (rc)
        return rc;
    c->res->account_id = a.id;
    c->res->role = a.role;
    c->res->changed = a.disabled != c->req->disabled;
    if (c->req->disabled && !a.disabled && a.role == SG_ROLE_ADMIN) {
        long long n = 0;
        if ((rc = sg_store_account_count_enabled(st, SG_ROLE_ADMIN, &n, err)))
            return rc;
        if (n <= 1)
            return sg_err_set(err, SG_EDENIED, -1,
                              "'%s' is the last enabled admin and stays enabled",
                              a.login);
    }
    if (c->res->changed &&
        (rc = sg_store_account_set_disabled(st, a.id, c->req->disabled, err)))
        return rc;
    if (!c->req->disabled)
        return SG_OK;
    /* again when it was disabled already: nothing is left live */
    if ((rc = sg_store_sessions_revoke_account(st, a.id, c->req->now, &c->res->sessions_revoked,
                                               err)))
        return rc;
    return sg_store_codes_void_account(st, a.id, c->req->now, &c->res->codes_voided, err);
}

int sg_app_account_set_disabled(sg_store *st, const sg_account_disable_req *req,
                                sg_account_disable_res *res, sg_err *err)
{
    memset(res, 0, sizeof *res);
    int rc = sg_app_login_fold(req->login, res->login, err);
    if (rc)
        return rc;
    disable_call c = {req, res};
    rc = in_tx(st, disable_tx, &c, err);
    if (rc) {
        char login[SG_LOGIN_MAX + 1];
        memcpy(login, res->login, sizeof login);
        memset(res, 0, sizeof *res);
        memcpy(res->login, login, sizeof login);
    }
    return rc;
}

/* ---- refusals in the audit log ------------------------------------------- */

int sg_app_audit_refused(sg_store *st, long long now, long long account_id, long long athlete_id,
                         const char *detail, int *added, sg_err *err)
{
    if (added)
        *added = 0;
    if (account_id <= 0 || athlete_id <= 0)
        return SG_OK;
    long long clinic = 0;
    int rc = sg_store_athlete_clinic(st, athlete_id, &clinic, err);
    if (rc || clinic <= 0) /* no runner's athlete: nothing to tell anyone */
        return rc;
    return sg_store_audit_add_once(st, now, account_id, athlete_id, "refused", detail,
                                   SG_REFUSED_AUDIT_S, added, err);
}

/* ---- one-time codes ------------------------------------------------------- */

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* 10 bytes as 16 base32 digits in groups of four: "ABCD-EFGH-IJKL-MNOP". */
static void code_text(const unsigned char b[10], char out[SG_CODE_TEXT + 1])
{
    int o = 0;
    for (int g = 0; g < 2; g++) {
        unsigned long long v = 0;
        for (int i = 0; i < 5; i++)
            v = v << 8 | b[g * 5 + i];
        for (int d = 7; d >= 0; d--) {
            if (o == 4 || o == 9 || o == 14)
                out[o++] = '-';
            out[o++] = B32[(v >> (5 * d)) & 31];
        }
    }
    out[o] = '\0';
}

/* The hash a code is stored under: of its 16 digits, upper case, without
 * dashes or spaces. 0 when the text is not 16 base32 digits. */
static int code_hash(const char *text, char hex[SG_HEX_KEY + 1])
{
    char norm[17];
    int n = 0;
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == '-' || *p == ' ')
            continue;
        char c = (char)toupper((unsigned char)*p);
        if (n == 16 || !strchr(B32, c) || c == '\0')
            return 0;
        norm[n++] = c;
    }
    if (n != 16)
        return 0;
    norm[n] = '\0';
    sg_sha256_hex(norm, 16, hex);
    return 1;
}

int sg_app_code_target(sg_store *st, const char *clinic, const char *login, sg_code_req *req,
                       sg_err *err)
{
    int rc;
    if (!req->kind || (strcmp(req->kind, "invite") != 0 && strcmp(req->kind, "reset") != 0))
        return sg_err_set(err, SG_EUSAGE, -1, "a code is an \"invite\" or a \"reset\"");
    if (strcmp(req->kind, "reset") == 0) {
        char folded[SG_LOGIN_MAX + 1];
        sg_account a;
        if ((rc = sg_app_login_fold(login, folded, err)))
            return rc;
        if ((rc = sg_store_account_by_login(st, folded, &a, err)))
            return rc == SG_ENOTFOUND ? sg_err_set(err, rc, -1, "no account '%s'", folded) : rc;
        req->account_id = a.id;
        req->role = a.role;
        req->clinic_id = a.clinic_id;
        return SG_OK;
    }
    if (req->role != SG_ROLE_RUNNER && req->role != SG_ROLE_CLINICIAN)
        return sg_err_set(err, SG_EUSAGE, -1, "an invitation is for a runner or a clinician");
    if (clinic && (rc = sg_store_clinic_find(st, clinic, &req->clinic_id, err)))
        return rc;
    if (!req->clinic_id)
        return sg_err_set(err, SG_EUSAGE, -1, "an invitation names its clinic");
    req->account_id = 0;
    return SG_OK;
}

int sg_app_code_issue(sg_store *st, const sg_code_req *req, sg_code_res *res, sg_err *err)
{
    memset(res, 0, sizeof *res);
    int rc = sodium_ready(err);
    if (rc)
        return rc;
    sg_code_row c;
    memset(&c, 0, sizeof c);
    snprintf(c.kind, sizeof c.kind, "%s", req->kind ? req->kind : "");
    if (strcmp(c.kind, "invite") != 0 && strcmp(c.kind, "reset") != 0)
        return sg_err_set(err, SG_EUSAGE, -1, "a code is an \"invite\" or a \"reset\"");
    if (strcmp(c.kind, "reset") == 0) {
        /* after the issuer was found entitled: it may learn the state */
        sg_account a;
        if ((rc = sg_store_account_get(st, req->account_id, &a, err)))
            return rc;
        if (a.disabled)
            return sg_err_set(err, SG_EDENIED, -1,
                              "the account '%s' is disabled: no reset code for it until it is "
                              "enabled",
                              a.login);
    }
    unsigned char b[10];
    randombytes_buf(b, sizeof b);
    code_text(b, res->code);
    sodium_memzero(b, sizeof b);
    code_hash(res->code, c.hash);
    c.clinic_id = req->clinic_id;
    c.role = req->role;
    c.account_id = req->account_id;
    c.issued_by = req->issued_by;
    c.created_utc = req->now;
    c.expires_utc = req->now + SG_CODE_TTL_S;
    res->expires_utc = c.expires_utc;
    if ((rc = sg_store_code_add(st, &c, err)))
        memset(res, 0, sizeof *res);
    return rc;
}

typedef struct redeem_call {
    const sg_redeem_req *req;
    char hash[SG_HEX_KEY + 1];
    sg_account a;                   /* login and pwhash filled before the transaction */
    sg_redeem_res *res;
} redeem_call;

static int redeem_tx(sg_store *st, void *ctx, sg_err *err)
{
    redeem_call *c = ctx;
    sg_code_row code;
    int rc = sg_store_code_take(st, c->hash, c->req->now, &code, err);
    if (rc == SG_ENOTFOUND)
        return sg_err_set(err, SG_EDENIED, -1, "no such code, or it was used or has expired");
    if (rc)
        return rc;
    c->res->role = code.role;
    if (strcmp(code.kind, "reset") == 0) {
        sg_account a;
        if ((rc = sg_store_account_get(st, code.account_id, &a, err)) == SG_ENOTFOUND ||
            (!rc && a.disabled)) /* rolled back; its codes were voided when it was disabled */
            return sg_err_set(err, SG_EDENIED, -1, "no such code, or it was used or has expired");
        if (rc)
            return rc;
        c->res->reset = true;
        c->res->account_id = code.account_id;
        if ((rc = sg_store_account_set_pwhash(st, code.account_id, c->a.pwhash, err)))
            return rc;
        return sg_store_sessions_revoke_account(st, code.account_id, c->req->now,
                                                &c->res->revoked, err);
    }
    if (!c->a.login[0]) /* rolled back: the code stays usable */
        return sg_err_set(err, SG_EUSAGE, -1, "an invitation needs a login for the new account");
    c->a.role = code.role;
    c->a.clinic_id = code.clinic_id;
    /* A runner's account gets its own athlete (every row of the runner's data
     * belongs to it); staff accounts have none. */
    c->a.athlete_id = 0;
    if (code.role == SG_ROLE_RUNNER) {
        int arc = sg_store_athlete_add(st, c->a.login, &c->a.athlete_id, err);
        if (arc)
            return arc;
    }
    c->a.created_utc = c->req->now;
    return sg_store_account_add(st, &c->a, &c->res->account_id, err);
}

int sg_app_code_redeem(sg_store *st, const sg_redeem_req *req, sg_redeem_res *res, sg_err *err)
{
    memset(res, 0, sizeof *res);
    redeem_call c;
    memset(&c, 0, sizeof c);
    c.req = req;
    c.res = res;
    if (!code_hash(req->code, c.hash))
        return sg_err_set(err, SG_EDENIED, -1, "no such code, or it was used or has expired");
    int rc;
    if ((rc = password_ok(req->password, err)))
        return rc;
    /* the login is checked for an invite only, once the code says which */
    if (req->login && *req->login && (rc = sg_app_login_fold(req->login, c.a.login, err)))
        return rc;
    if ((rc = sg_app_password_hash(req->password, c.a.pwhash, err)))
        return rc;
    rc = in_tx(st, redeem_tx, &c, err);
    sodium_memzero(c.a.pwhash, sizeof c.a.pwhash);
    if (rc)
        memset(res, 0, sizeof *res);
    return rc;
}
