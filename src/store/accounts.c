/* Accounts, sessions, one-time codes and the audit log in the store
 * (include/strideguard/accounts_store.h). The SQL is written once, for both
 * backends, with $1..$n placeholders, and runs through the backend's generic
 * `sql` primitive (src/store/backend.h); values are always parameters. */
#include <stdio.h>
#include <string.h>

#include "store/backend.h"
#include "store/store_internal.h"
#include "strideguard/accounts_store.h"

static const char *const ROLE_NAMES[] = {"none", "runner", "clinician", "admin"};

const char *sg_role_name(sg_role r)
{
    return (unsigned)r < sizeof ROLE_NAMES / sizeof *ROLE_NAMES ? ROLE_NAMES[r] : "none";
}

sg_role sg_role_parse(const char *name)
{
    for (int i = SG_ROLE_RUNNER; name && i <= SG_ROLE_ADMIN; i++)
        if (strcmp(name, ROLE_NAMES[i]) == 0)
            return (sg_role)i;
    return SG_ROLE_NONE;
}

static sg_store_param pint(long long i) { return (sg_store_param){SG_PARAM_INT, i, NULL}; }
static sg_store_param ptext(const char *s) { return (sg_store_param){SG_PARAM_TEXT, 0, s}; }
/* 0 as NULL (an optional id) */
static sg_store_param pid(long long i)
{
    return i ? pint(i) : (sg_store_param){SG_PARAM_NULL, 0, NULL};
}

static int run(sg_store *st, const char *sql, const sg_store_param *p, int n,
               int (*fn)(void *, const sg_store_value *, int), void *ctx, long long *changed,
               sg_err *err)
{
    return st->be->sql(st->impl, sql, p, n, fn, ctx, changed, err);
}

static void copy_text(char *dst, size_t cap, const sg_store_value *v)
{
    snprintf(dst, cap, "%s", v->null || !v->s ? "" : v->s);
}

/* A row callback that counts rows and keeps the first one's integer column 0. */
typedef struct first_int {
    int rows;
    long long v;
} first_int;

static int first_int_fn(void *ctx, const sg_store_value *c, int n)
{
    first_int *f = ctx;
    if (f->rows++ == 0 && n > 0)
        f->v = c[0].null ? 0 : c[0].i;
    return 0;
}

/* ---- clinics ------------------------------------------------------------ */

int sg_store_clinic_find(sg_store *st, const char *name, long long *id, sg_err *err)
{
    sg_store_param p[] = {ptext(name)};
    first_int f = {0, 0};
    int rc = run(st, "SELECT id FROM clinics WHERE name = $1", p, 1, first_int_fn, &f, NULL, err);
    if (rc)
        return rc;
    if (!f.rows)
        return sg_err_set(err, SG_ENOTFOUND, -1, "no clinic called '%s'", name);
    *id = f.v;
    return SG_OK;
}

int sg_store_clinic_add(sg_store *st, const char *name, long long now, long long *id,
                        sg_err *err)
{
    long long found;
    int rc = sg_store_clinic_find(st, name, &found, NULL);
    if (rc == SG_OK)
        return sg_err_set(err, SG_EEXISTS, -1, "a clinic called '%s' exists", name);
    sg_store_param p[] = {ptext(name), pint(now)};
    first_int f = {0, 0};
    rc = run(st, "INSERT INTO clinics(name, created_utc) VALUES ($1, $2) RETURNING id", p, 2,
             first_int_fn, &f, NULL, err);
    if (!rc)
        *id = f.v;
    return rc;
}

/* ---- accounts ----------------------------------------------------------- */

#define ACCOUNT_COLS "id, login, role, clinic_id, athlete_id, pwhash, created_utc, disabled"

typedef struct account_out {
    sg_account *a;
    int rows;
} account_out;

static int account_fn(void *ctx, const sg_store_value *c, int n)
{
    account_out *o = ctx;
    if (n < 8 || o->rows++)
        return 0;
    sg_account *a = o->a;
    memset(a, 0, sizeof *a);
    a->id = c[0].i;
    copy_text(a->login, sizeof a->login, &c[1]);
    a->role = sg_role_parse(c[2].s);
    a->clinic_id = c[3].null ? 0 : c[3].i;
    a->athlete_id = c[4].null ? 0 : c[4].i;
    copy_text(a->pwhash, sizeof a->pwhash, &c[5]);
    a->created_utc = c[6].i;
    a->disabled = c[7].i != 0;
    return 0;
}

int sg_store_account_by_login(sg_store *st, const char *login, sg_account *out, sg_err *err)
{
    sg_store_param p[] = {ptext(login)};
    account_out o = {out, 0};
    int rc = run(st, "SELECT " ACCOUNT_COLS " FROM accounts WHERE login = $1", p, 1, account_fn,
                 &o, NULL, err);
    if (!rc && !o.rows)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such account");
    return rc;
}

int sg_store_account_get(sg_store *st, long long id, sg_account *out, sg_err *err)
{
    sg_store_param p[] = {pint(id)};
    account_out o = {out, 0};
    int rc = run(st, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = $1", p, 1, account_fn, &o,
                 NULL, err);
    if (!rc && !o.rows)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such account");
    return rc;
}

int sg_store_account_add(sg_store *st, const sg_account *a, long long *id, sg_err *err)
{
    sg_account found;
    if (sg_store_account_by_login(st, a->login, &found, NULL) == SG_OK)
        return sg_err_set(err, SG_EEXISTS, -1, "the login '%s' is taken", a->login);
    sg_store_param p[] = {ptext(a->login), ptext(sg_role_name(a->role)), pid(a->clinic_id),
                          pid(a->athlete_id), ptext(a->pwhash), pint(a->created_utc),
                          pint(a->disabled ? 1 : 0)};
    first_int f = {0, 0};
    int rc = run(st,
                 "INSERT INTO accounts(login, role, clinic_id, athlete_id, pwhash, created_utc,"
                 " disabled) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                 p, 7, first_int_fn, &f, NULL, err);
    if (!rc)
        *id = f.v;
    return rc;
}

int sg_store_account_set_pwhash(sg_store *st, long long id, const char *pwhash, sg_err *err)
{
    sg_store_param p[] = {pint(id), ptext(pwhash)};
    long long changed = 0;
    int rc = run(st, "UPDATE accounts SET pwhash = $2 WHERE id = $1", p, 2, NULL, NULL, &changed,
                 err);
    if (!rc && !changed)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such account");
    return rc;
}

int sg_store_account_count(sg_store *st, sg_role role, long long *n, sg_err *err)
{
    sg_store_param p[] = {ptext(sg_role_name(role))};
    first_int f = {0, 0};
    int rc = run(st, "SELECT count(*) FROM accounts WHERE role = $1", p, 1, first_int_fn, &f,
                 NULL, err);
    if (!rc)
        *n = f.v;
    return rc;
}

/* ---- sessions ----------------------------------------------------------- */

int sg_store_session_add(sg_store *st, const sg_session_row *s, sg_err *err)
{
    sg_store_param p[] = {ptext(s->id),          pint(s->account_id),  ptext(s->csrf),
                          pint(s->created_utc),  pint(s->seen_utc),    pint(s->expires_utc)};
    return run(st,
               "INSERT INTO sessions(id, account_id, csrf, created_utc, seen_utc, expires_utc)"
               " VALUES ($1, $2, $3, $4, $5, $6)",
               p, 6, NULL, NULL, NULL, err);
}

typedef struct session_out {
    sg_session_row *s;
    int rows;
} session_out;

static int session_fn(void *ctx, const sg_store_value *c, int n)
{
    session_out *o = ctx;
    if (n < 7 || o->rows++)
        return 0;
    sg_session_row *s = o->s;
    memset(s, 0, sizeof *s);
    copy_text(s->id, sizeof s->id, &c[0]);
    s->account_id = c[1].i;
    copy_text(s->csrf, sizeof s->csrf, &c[2]);
    s->created_utc = c[3].i;
    s->seen_utc = c[4].i;
    s->expires_utc = c[5].i;
    s->revoked_utc = c[6].null ? 0 : c[6].i;
    return 0;
}

int sg_store_session_get(sg_store *st, const char *id, sg_session_row *out, sg_err *err)
{
    sg_store_param p[] = {ptext(id)};
    session_out o = {out, 0};
    int rc = run(st,
                 "SELECT id, account_id, csrf, created_utc, seen_utc, expires_utc, revoked_utc"
                 " FROM sessions WHERE id = $1",
                 p, 1, session_fn, &o, NULL, err);
    if (!rc && !o.rows)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such session");
    return rc;
}

int sg_store_session_touch(sg_store *st, const char *id, long long now, sg_err *err)
{
    sg_store_param p[] = {ptext(id), pint(now)};
    long long changed = 0;
    int rc = run(st, "UPDATE sessions SET seen_utc = $2 WHERE id = $1", p, 2, NULL, NULL,
                 &changed, err);
    if (!rc && !changed)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such session");
    return rc;
}

int sg_store_session_revoke(sg_store *st, const char *id, long long now, sg_err *err)
{
    sg_store_param p[] = {ptext(id), pint(now)};
    long long changed = 0;
    int rc = run(st, "UPDATE sessions SET revoked_utc = $2 WHERE id = $1 AND revoked_utc IS NULL",
                 p, 2, NULL, NULL, &changed, err);
    if (!rc && !changed)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such session");
    return rc;
}

int sg_store_sessions_revoke_account(sg_store *st, long long account_id, long long now,
                                     long long *n, sg_err *err)
{
    sg_store_param p[] = {pint(account_id), pint(now)};
    long long changed = 0;
    int rc = run(st,
                 "UPDATE sessions SET revoked_utc = $2 WHERE account_id = $1"
                 " AND revoked_utc IS NULL",
                 p, 2, NULL, NULL, &changed, err);
    if (!rc && n)
        *n = changed;
    return rc;
}

/* ---- one-time codes ----------------------------------------------------- */

int sg_store_code_add(sg_store *st, const sg_code_row *c, sg_err *err)
{
    sg_store_param p[] = {ptext(c->hash),         ptext(c->kind),        pid(c->clinic_id),
                          ptext(sg_role_name(c->role)), pid(c->account_id), pint(c->issued_by),
                          pint(c->created_utc),   pint(c->expires_utc)};
    return run(st,
               "INSERT INTO codes(hash, kind, clinic_id, role, account_id, issued_by,"
               " created_utc, expires_utc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
               p, 8, NULL, NULL, NULL, err);
}

typedef struct code_out {
    sg_code_row *c;
    int rows;
} code_out;

static int code_fn(void *ctx, const sg_store_value *v, int n)
{
    code_out *o = ctx;
    if (n < 9 || o->rows++)
        return 0;
    sg_code_row *c = o->c;
    memset(c, 0, sizeof *c);
    copy_text(c->hash, sizeof c->hash, &v[0]);
    copy_text(c->kind, sizeof c->kind, &v[1]);
    c->clinic_id = v[2].null ? 0 : v[2].i;
    c->role = sg_role_parse(v[3].s);
    c->account_id = v[4].null ? 0 : v[4].i;
    c->issued_by = v[5].i;
    c->created_utc = v[6].i;
    c->expires_utc = v[7].i;
    c->used_utc = v[8].null ? 0 : v[8].i;
    return 0;
}

int sg_store_code_take(sg_store *st, const char *hash, long long now, sg_code_row *out,
                       sg_err *err)
{
    sg_store_param p[] = {ptext(hash), pint(now)};
    code_out o = {out, 0};
    int rc = run(st,
                 "UPDATE codes SET used_utc = $2 WHERE hash = $1 AND used_utc IS NULL"
                 " AND expires_utc > $2 RETURNING hash, kind, clinic_id, role, account_id,"
                 " issued_by, created_utc, expires_utc, used_utc",
                 p, 2, code_fn, &o, NULL, err);
    if (!rc && !o.rows)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such code, or it was used or has expired");
    return rc;
}

/* ---- audit -------------------------------------------------------------- */

int sg_store_audit_add(sg_store *st, long long now, long long account_id, long long athlete_id,
                       const char *action, const char *detail, sg_err *err)
{
    sg_store_param p[] = {pint(now), pint(account_id), pid(athlete_id), ptext(action),
                          ptext(detail ? detail : "")};
    return run(st,
               "INSERT INTO audit(at_utc, account_id, athlete_id, action, detail)"
               " VALUES ($1, $2, $3, $4, $5)",
               p, 5, NULL, NULL, NULL, err);
}

typedef struct audit_walk {
    int (*fn)(void *, const sg_audit_row *);
    void *ctx;
} audit_walk;

static int audit_fn(void *ctx, const sg_store_value *c, int n)
{
    audit_walk *w = ctx;
    if (n < 6)
        return 0;
    sg_audit_row r = {c[0].i, c[1].i, c[2].i, c[3].null ? 0 : c[3].i, c[4].s, c[5].s};
    return w->fn(w->ctx, &r);
}

int sg_store_audit_list(sg_store *st, long long athlete_id,
                        int (*fn)(void *ctx, const sg_audit_row *row), void *ctx, sg_err *err)
{
    sg_store_param p[] = {pint(athlete_id)};
    audit_walk w = {fn, ctx};
    return run(st,
               "SELECT id, at_utc, account_id, athlete_id, action, detail FROM audit"
               " WHERE athlete_id = $1 ORDER BY at_utc, id",
               p, 1, audit_fn, &w, NULL, err);
}
