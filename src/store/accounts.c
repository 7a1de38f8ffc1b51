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



static void copy_text(char *dst, size_t cap, const sg_store_value *v)
{
    snprintf(dst, cap, "%s", sg_sql_value_text(v));
}



/* ---- clinics ------------------------------------------------------------ */

int sg_store_clinic_find(sg_store *st, const char *name, long long *id, sg_err *err)
{
    sg_store_param p[] = {sg_sql_text(name)};
    sg_sql_first_int f = {0, 0};
    int rc = sg_sql_run(st, "SELECT id FROM clinics WHERE name = $1", p, 1, sg_sql_first_int_fn, &f, NULL, err);
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
    sg_store_param p[] = {sg_sql_text(name), sg_sql_int(now)};
    sg_sql_first_int f = {0, 0};
    rc = sg_sql_run(st, "INSERT INTO clinics(name, created_utc) VALUES ($1, $2) RETURNING id", p, 2,
             sg_sql_first_int_fn, &f, NULL, err);
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
    sg_store_param p[] = {sg_sql_text(login)};
    account_out o = {out, 0};
    int rc = sg_sql_run(st, "SELECT " ACCOUNT_COLS " FROM accounts WHERE login = $1", p, 1, account_fn,
                 &o, NULL, err);
    if (!rc && !o.rows)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such account");
    return rc;
}

int sg_store_account_get(sg_store *st, long long id, sg_account *out, sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(id)};
    account_out o = {out, 0};
    int rc = sg_sql_run(st, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = $1", p, 1, account_fn, &o,
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
    sg_store_param p[] = {sg_sql_text(a->login), sg_sql_text(sg_role_name(a->role)), sg_sql_id(a->clinic_id),
                          sg_sql_id(a->athlete_id), sg_sql_text(a->pwhash), sg_sql_int(a->created_utc),
                          sg_sql_int(a->disabled ? 1 : 0)};
    sg_sql_first_int f = {0, 0};
    int rc = sg_sql_run(st,
                 "INSERT INTO accounts(login, role, clinic_id, athlete_id, pwhash, created_utc,"
                 " disabled) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                 p, 7, sg_sql_first_int_fn, &f, NULL, err);
    if (!rc)
        *id = f.v;
    return rc;
}

int sg_store_account_set_pwhash(sg_store *st, long long id, const char *pwhash, sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(id), sg_sql_text(pwhash)};
    long long changed = 0;
    int rc = sg_sql_run(st, "UPDATE accounts SET pwhash = $2 WHERE id = $1", p, 2, NULL, NULL, &changed,
                 err);
    if (!rc && !changed)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such account");
    return rc;
}

int sg_store_account_count(sg_store *st, sg_role role, long long *n, sg_err *err)
{
    sg_store_param p[] = {sg_sql_text(sg_role_name(role))};
    sg_sql_first_int f = {0, 0};
    int rc = sg_sql_run(st, "SELECT count(*) FROM accounts WHERE role = $1", p, 1, sg_sql_first_int_fn, &f,
                 NULL, err);
    if (!rc)
        *n = f.v;
    return rc;
}

int sg_store_account_count_enabled(sg_store *st, sg_role role, long long *n, sg_err *err)
{
    sg_store_param p[] = {sg_sql_text(sg_role_name(role))};
    sg_sql_first_int f = {0, 0};
    int rc = sg_sql_run(st, "SELECT count(*) FROM accounts WHERE role = $1 AND disabled = 0", p, 1,
                        sg_sql_first_int_fn, &f, NULL, err);
    if (!rc)
        *n = f.v;
    return rc;
}

int sg_store_account_set_disabled(sg_store *st, long long id, bool disabled, sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(id), sg_sql_int(disabled ? 1 : 0)};
    long long changed = 0;
    int rc = sg_sql_run(st, "UPDATE accounts SET disabled = $2 WHERE id = $1", p, 2, NULL, NULL,
                        &changed, err);
    if (!rc && !changed)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such account");
    return rc;
}

/* ---- sessions ----------------------------------------------------------- */

int sg_store_session_add(sg_store *st, const sg_session_row *s, sg_err *err)
{
    sg_store_param p[] = {sg_sql_text(s->id),          sg_sql_int(s->account_id),  sg_sql_text(s->csrf),
                          sg_sql_int(s->created_utc),  sg_sql_int(s->seen_utc),    sg_sql_int(s->expires_utc)};
    return sg_sql_run(st,
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

typedef struct session_account_out {
    session_out s;
    account_out a;
} session_account_out;

static int session_account_fn(void *ctx, const sg_store_value *c, int n)
{
    session_account_out *o = ctx;
    if (n < 15)
        return 0;
    session_fn(&o->s, c, 7);
    return account_fn(&o->a, c + 7, n - 7);
}

int sg_store_session_account(sg_store *st, const char *id, sg_session_row *s, sg_account *a,
                             sg_err *err)
{
    sg_store_param p[] = {sg_sql_text(id)};
    session_account_out o = {{s, 0}, {a, 0}};
    int rc = sg_sql_run(st,
                 "SELECT s.id, s.account_id, s.csrf, s.created_utc, s.seen_utc, s.expires_utc,"
                 " s.revoked_utc, a.id, a.login, a.role, a.clinic_id, a.athlete_id, a.pwhash,"
                 " a.created_utc, a.disabled"
                 " FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id = $1",
                 p, 1, session_account_fn, &o, NULL, err);
    if (!rc && !o.s.rows)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such session");
    return rc;
}

int sg_store_session_touch(sg_store *st, const char *id, long long now, sg_err *err)
{
    sg_store_param p[] = {sg_sql_text(id), sg_sql_int(now)};
    long long changed = 0;
    int rc = sg_sql_run(st, "UPDATE sessions SET seen_utc = $2 WHERE id = $1", p, 2, NULL, NULL,
                 &changed, err);
    if (!rc && !changed)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such session");
    return rc;
}

int sg_store_session_revoke(sg_store *st, const char *id, long long now, sg_err *err)
{
    sg_store_param p[] = {sg_sql_text(id), sg_sql_int(now)};
    long long changed = 0;
    int rc = sg_sql_run(st, "UPDATE sessions SET revoked_utc = $2 WHERE id = $1 AND revoked_utc IS NULL",
                 p, 2, NULL, NULL, &changed, err);
    if (!rc && !changed)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such session");
    return rc;
}

int sg_store_sessions_revoke_account(sg_store *st, long long account_id, long long now,
                                     long long *n, sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(account_id), sg_sql_int(now)};
    return sg_sql_run(st,
               "UPDATE sessions SET revoked_utc = $2 WHERE account_id = $1"
               " AND revoked_utc IS NULL",
               p, 2, NULL, NULL, n, err);
}

/* ---- one-time codes ----------------------------------------------------- */

int sg_store_code_add(sg_store *st, const sg_code_row *c, sg_err *err)
{
    sg_store_param p[] = {sg_sql_text(c->hash),         sg_sql_text(c->kind),        sg_sql_id(c->clinic_id),
                          sg_sql_text(sg_role_name(c->role)), sg_sql_id(c->account_id), sg_sql_int(c->issued_by),
                          sg_sql_int(c->created_utc),   sg_sql_int(c->expires_utc)};
    return sg_sql_run(st,
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
    sg_store_param p[] = {sg_sql_text(hash), sg_sql_int(now)};
    code_out o = {out, 0};
    int rc = sg_sql_run(st,
                 "UPDATE codes SET used_utc = $2 WHERE hash = $1 AND used_utc IS NULL"
                 " AND expires_utc > $2 RETURNING hash, kind, clinic_id, role, account_id,"
                 " issued_by, created_utc, expires_utc, used_utc",
                 p, 2, code_fn, &o, NULL, err);
    if (!rc && !o.rows)
        rc = sg_err_set(err, SG_ENOTFOUND, -1, "no such code, or it was used or has expired");
    return rc;
}

int sg_store_codes_void_account(sg_store *st, long long account_id, long long now, long long *n,
                                sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(account_id), sg_sql_int(now)};
    return sg_sql_run(st,
               "UPDATE codes SET used_utc = $2 WHERE used_utc IS NULL"
               " AND (account_id = $1 OR issued_by = $1)",
               p, 2, NULL, NULL, n, err);
}

/* ---- audit -------------------------------------------------------------- */

int sg_store_audit_add(sg_store *st, long long now, long long account_id, long long athlete_id,
                       const char *action, const char *detail, sg_err *err)
{
    sg_store_param p[] = {sg_sql_int(now), sg_sql_int(account_id), sg_sql_id(athlete_id), sg_sql_text(action),
                          sg_sql_text(detail ? detail : "")};
    return sg_sql_run(st,
               "INSERT INTO audit(at_utc, account_id, athlete_id, action, detail)"
               " VALUES ($1, $2, $3, $4, $5)",
               p, 5, NULL, NULL, NULL, err);
}

int sg_store_audit_add_once(sg_store *st, long long now, long long account_id,
                            long long athlete_id, const char *action, const char *detail,
                            long long window_s, int *added, sg_err *err)
{
    /* typed by CAST: PostgreSQL infers nothing from a bare $n in a select list */
    sg_store_param p[] = {sg_sql_int(now),         sg_sql_int(account_id),
                          sg_sql_id(athlete_id),   sg_sql_text(action),
                          sg_sql_text(detail ? detail : ""), sg_sql_int(window_s)};
    /* the athlete's rows by its index; none's (staff) by the account */
#define AUDIT_SEEN(WHO)                                                                        \
    "SELECT 1 FROM audit WHERE " WHO " AND account_id = CAST($2 AS BIGINT)"                    \
    " AND action = CAST($4 AS TEXT) AND detail = CAST($5 AS TEXT)"                             \
    " AND at_utc > CAST($1 AS BIGINT) - CAST($6 AS BIGINT) AND at_utc <= CAST($1 AS BIGINT)"
#define AUDIT_ONCE(WHO)                                                                        \
    "INSERT INTO audit(at_utc, account_id, athlete_id, action, detail)"                        \
    " SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS BIGINT), CAST($4 AS TEXT),"    \
    " CAST($5 AS TEXT) WHERE NOT EXISTS (" AUDIT_SEEN(WHO) ")"
#define NONE "athlete_id IS NULL AND CAST($3 AS BIGINT) IS NULL"
#define ONE "athlete_id = CAST($3 AS BIGINT)"
    static const char *const seen[2] = {"SELECT count(*) FROM (" AUDIT_SEEN(NONE) ") s",
                                        "SELECT count(*) FROM (" AUDIT_SEEN(ONE) ") s"};
    static const char *const once[2] = {AUDIT_ONCE(NONE), AUDIT_ONCE(ONE)};
#undef ONE
#undef NONE
#undef AUDIT_ONCE
#undef AUDIT_SEEN
    if (added)
        *added = 0;
    /* a repeat is a read only: a flood of them takes no write lock (SQLite
     * serialises writers); the insert checks again, in its one statement */
    sg_sql_first_int f = {0, 0};
    int rc = sg_sql_run(st, seen[athlete_id > 0], p, 6, sg_sql_first_int_fn, &f, NULL, err);
    if (rc || f.v > 0)
        return rc;
    long long changed = 0;
    rc = sg_sql_run(st, once[athlete_id > 0], p, 6, NULL, NULL, &changed, err);
    if (!rc && added)
        *added = changed > 0;
    return rc;
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
    sg_store_param p[] = {sg_sql_int(athlete_id)};
    audit_walk w = {fn, ctx};
    return sg_sql_run(st,
               "SELECT id, at_utc, account_id, athlete_id, action, detail FROM audit"
               " WHERE athlete_id = $1 ORDER BY at_utc, id",
               p, 1, audit_fn, &w, NULL, err);
}
