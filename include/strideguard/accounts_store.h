#ifndef STRIDEGUARD_ACCOUNTS_STORE_H
#define STRIDEGUARD_ACCOUNTS_STORE_H
/* The clinic server's accounts in the store (issue #16, schema "accounts"):
 * clinics, accounts, sessions, one-time codes and the audit log, on either
 * backend (src/store/accounts.c, through the backend's one generic statement
 * primitive). Plain rows: no hashing, no clock and no policy here; those are
 * the use cases' (src/app/accounts.h).
 *
 * store.h's conventions hold: every function returns SG_OK or an sg_code and
 * fills `err` (may be NULL); SG_ENOTFOUND for a missing row, SG_EEXISTS for a
 * taken unique name, SG_ESTORE when the database refused. Strings passed in
 * are copied by the database; rows filled by these functions are plain values
 * the caller owns; strings given to callbacks are borrowed for the call.
 * Times are seconds since 1970-01-01 UTC. A secret is never stored: sessions
 * and codes are keyed by the hex SHA-256 of their token, and a password only
 * as its crypto_pwhash_str string. */

#include <stdbool.h>

#include "strideguard/err.h"
#include "strideguard/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sg_role { SG_ROLE_NONE = 0, SG_ROLE_RUNNER, SG_ROLE_CLINICIAN, SG_ROLE_ADMIN } sg_role;

/* "runner", "clinician", "admin" ("none" for SG_ROLE_NONE). Static string. */
const char *sg_role_name(sg_role r);
/* The role of a name; SG_ROLE_NONE when it is none of the three (or NULL). */
sg_role sg_role_parse(const char *name);

#define SG_LOGIN_MAX 64        /* bytes of a (case-folded) login */
#define SG_PWHASH_MAX 128      /* crypto_pwhash_STRBYTES, terminator included */
#define SG_CLINIC_NAME_MAX 80
#define SG_HEX_KEY 64          /* a hex SHA-256: session ids, code hashes, CSRF tokens */

typedef struct sg_account {
    long long id;
    char login[SG_LOGIN_MAX + 1];
    sg_role role;
    long long clinic_id;       /* 0 = none (an admin's) */
    long long athlete_id;      /* 0 = none: the runner's athlete, once allocated */
    char pwhash[SG_PWHASH_MAX];
    long long created_utc;
    bool disabled;
} sg_account;

/* A new clinic; *id its id. SG_EEXISTS when the name is taken. */
int sg_store_clinic_add(sg_store *st, const char *name, long long now, long long *id,
                        sg_err *err);
/* The id of the clinic called `name` (exact). SG_ENOTFOUND. */
int sg_store_clinic_find(sg_store *st, const char *name, long long *id, sg_err *err);

/* Inserts a (its id is ignored); *id the new one. SG_EEXISTS when the login
 * is taken. */
int sg_store_account_add(sg_store *st, const sg_account *a, long long *id, sg_err *err);
/* The account with this (already case-folded) login, or this id. SG_ENOTFOUND. */
int sg_store_account_by_login(sg_store *st, const char *login, sg_account *out, sg_err *err);
int sg_store_account_get(sg_store *st, long long id, sg_account *out, sg_err *err);
/* Replaces the stored password hash. SG_ENOTFOUND. */
int sg_store_account_set_pwhash(sg_store *st, long long id, const char *pwhash, sg_err *err);
/* How many accounts have this role. */
int sg_store_account_count(sg_store *st, sg_role role, long long *n, sg_err *err);
/* How many accounts have this role and are not disabled. */
int sg_store_account_count_enabled(sg_store *st, sg_role role, long long *n, sg_err *err);
/* Sets or clears the account's `disabled` flag. SG_ENOTFOUND. */
int sg_store_account_set_disabled(sg_store *st, long long id, bool disabled, sg_err *err);

typedef struct sg_session_row {
    char id[SG_HEX_KEY + 1];   /* hex SHA-256 of the session token */
    long long account_id;
    char csrf[SG_HEX_KEY + 1];
    long long created_utc, seen_utc, expires_utc;
    long long revoked_utc;     /* 0 = not revoked */
} sg_session_row;

int sg_store_session_add(sg_store *st, const sg_session_row *s, sg_err *err);
/* A session and its account in one statement (a request's admission):
 * both filled on SG_OK; SG_ENOTFOUND when no such session (a session's
 * account always exists: it cascades). */
int sg_store_session_account(sg_store *st, const char *id, sg_session_row *s, sg_account *a,
                             sg_err *err);
/* seen_utc = now. SG_ENOTFOUND. */
int sg_store_session_touch(sg_store *st, const char *id, long long now, sg_err *err);
/* Revokes one session (SG_ENOTFOUND when none, or already revoked), or every
 * live session of an account (*n, may be NULL: how many). */
int sg_store_session_revoke(sg_store *st, const char *id, long long now, sg_err *err);
int sg_store_sessions_revoke_account(sg_store *st, long long account_id, long long now,
                                     long long *n, sg_err *err);

typedef struct sg_code_row {
    char hash[SG_HEX_KEY + 1]; /* hex SHA-256 of the one-time code */
    char kind[8];              /* "invite" or "reset" */
    long long clinic_id;       /* 0 = none */
    sg_role role;              /* invite: the new account's; reset: the account's */
    long long account_id;      /* reset: whose password; 0 for an invite */
    long long issued_by;
    long long created_utc, expires_utc;
    long long used_utc;        /* 0 = unused */
} sg_code_row;

int sg_store_code_add(sg_store *st, const sg_code_row *c, sg_err *err);
/* Marks the code used (used_utc = now) and fills *out, in one statement, when
 * it exists, is unused and expires after now; SG_ENOTFOUND otherwise (which
 * of the three is not told). */
int sg_store_code_take(sg_store *st, const char *hash, long long now, sg_code_row *out,
                       sg_err *err);
/* Marks used (used_utc = now) every unused code that resets this account's
 * password or that this account issued; *n (may be NULL) how many. */
int sg_store_codes_void_account(sg_store *st, long long account_id, long long now, long long *n,
                                sg_err *err);

typedef struct sg_audit_row {
    long long id, at_utc, account_id;
    long long athlete_id;      /* 0 = none */
    const char *action;        /* borrowed */
    const char *detail;        /* borrowed */
} sg_audit_row;

/* Appends one audit row ("read" or "write" of a runner's data, and what). */
int sg_store_audit_add(sg_store *st, long long now, long long account_id, long long athlete_id,
                       const char *action, const char *detail, sg_err *err);
/* Appends the row unless one of the same account, athlete (0 = none),
 * action and detail was written in (now - window_s, now]: repeated events
 * within the window are one row, in one statement. *added (may be NULL) 1
 * when a row was written, else 0. The caller checks that the athlete exists. */
int sg_store_audit_add_once(sg_store *st, long long now, long long account_id,
                            long long athlete_id, const char *action, const char *detail,
                            long long window_s, int *added, sg_err *err);
/* The audit rows about one athlete, oldest first (at_utc, then id). fn's
 * nonzero return stops and is returned. */
int sg_store_audit_list(sg_store *st, long long athlete_id,
                        int (*fn)(void *ctx, const sg_audit_row *row), void *ctx, sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
