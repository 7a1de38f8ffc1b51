#ifndef SG_APP_ACCOUNTS_H
#define SG_APP_ACCOUNTS_H
/* The clinic server's account use cases (issue #16): the first admin,
 * clinics, login and sessions, one-time codes for invitations and password
 * resets. Passwords are hashed with Argon2id (libsodium's crypto_pwhash_str,
 * INTERACTIVE limits); tokens and codes come from randombytes_buf and only
 * their SHA-256 is stored. No printing, no clock ("now" is a field of each
 * request), no permission checks: who may call what is decided by the
 * caller (the server's sg_authz_decide; the CLI is the store's operator).
 *
 * Every function returns SG_OK or an sg_code with err filled (may be NULL):
 * SG_EUSAGE bad input (a login, a password out of 12..1024 bytes, an unknown
 * role or kind), SG_EDENIED wrong credentials or no valid session or code
 * (never saying which), SG_EEXISTS a taken login or clinic name or an
 * existing admin, SG_ENOTFOUND a named clinic or account that does not exist,
 * SG_ENOMEM when hashing cannot get its memory, and the store's codes.
 * Result structs are plain values the caller owns. */

#include <stdbool.h>

#include "strideguard/accounts_store.h"
#include "strideguard/store.h"

#define SG_PASSWORD_MIN 12
#define SG_PASSWORD_MAX 1024
#define SG_SESSION_IDLE_S (12LL * 3600)      /* a session unused this long ends */
#define SG_SESSION_MAX_S (7LL * 86400)       /* and every session ends this long after login */
#define SG_SESSION_TOUCH_S 60LL              /* seen_utc is written at most once a minute */
#define SG_CODE_TTL_S (72LL * 3600)          /* a one-time code's life */
#define SG_SECRET_HEX 64                     /* a session token or CSRF token: 32 bytes as hex */
#define SG_CODE_TEXT 19                      /* "ABCD-EFGH-IJKL-MNOP": 10 bytes as base32 */
#define SG_REFUSED_AUDIT_S (15LL * 60)       /* identical refusals are one audit row per 15 min */

/* Who is calling (a session's account), as the server's authorisation sees it. */
typedef struct sg_principal {
    long long account_id;      /* 0 = nobody signed in */
    sg_role role;
    long long clinic_id;       /* 0 = none */
    long long athlete_id;      /* 0 = none allocated (yet) */
    char login[SG_LOGIN_MAX + 1];
} sg_principal;

/* Lower-cases (ASCII) a login into out; SG_EUSAGE unless it is 3..64 bytes
 * of letters, digits, '.', '_', '-' and '@'. */
int sg_app_login_fold(const char *login, char out[SG_LOGIN_MAX + 1], sg_err *err);

/* The Argon2id string of a password of 12..1024 bytes (SG_EUSAGE otherwise). */
int sg_app_password_hash(const char *password, char out[SG_PWHASH_MAX], sg_err *err);

/* The first admin: SG_EEXISTS when any admin exists (one transaction). */
typedef struct sg_admin_create_req {
    const char *login, *password;
    long long now;
} sg_admin_create_req;
int sg_app_admin_create(sg_store *st, const sg_admin_create_req *req, long long *account_id,
                        sg_err *err);

/* A clinic of 1..80 printable bytes (no control characters). SG_EEXISTS. */
int sg_app_clinic_create(sg_store *st, const char *name, long long now, long long *clinic_id,
                         sg_err *err);

typedef struct sg_login_req {
    const char *login, *password;
    long long now;
    /* an Argon2id string verified against when the login is unknown or
     * disabled, so the time taken does not tell (sg_app_dummy_hash); NULL =
     * hash one here */
    const char *dummy_hash;
} sg_login_req;

typedef struct sg_login_res {
    char token[SG_SECRET_HEX + 1];  /* the session token: given to the client once */
    char csrf[SG_SECRET_HEX + 1];   /* its CSRF token */
    sg_principal who;
    long long expires_utc;          /* the absolute end (idle ends it sooner) */
} sg_login_res;

/* Checks the password and opens a session (rehashing the stored string when
 * libsodium's limits moved). SG_EDENIED on any mismatch. A disabled account
 * is refused with the same SG_EDENIED after the same password check, and the
 * attempt is audited (action "refused", detail "sign-in: account disabled",
 * about the account's athlete if any; one row per SG_REFUSED_AUDIT_S). */
int sg_app_login(sg_store *st, const sg_login_req *req, sg_login_res *res, sg_err *err);

/* A throwaway Argon2id string for sg_login_req.dummy_hash. */
int sg_app_dummy_hash(char out[SG_PWHASH_MAX], sg_err *err);

/* The principal of a live session token (not revoked, within its idle and
 * absolute limits, account not disabled) and its CSRF token (csrf may be
 * NULL). SG_EDENIED otherwise. Records the use (at most once a minute). */
int sg_app_session_check(sg_store *st, const char *token, long long now, sg_principal *who,
                         char csrf[SG_SECRET_HEX + 1], sg_err *err);

/* Ends one session (SG_EDENIED when it is not live), or every live session
 * of an account (*n how many; may be NULL). */
int sg_app_logout(sg_store *st, const char *token, long long now, sg_err *err);
int sg_app_sessions_revoke(sg_store *st, long long account_id, long long now, long long *n,
                           sg_err *err);
/* The same for the account with this login (case-folded). SG_ENOTFOUND. */
int sg_app_sessions_revoke_login(sg_store *st, const char *login, long long now, long long *n,
                                 sg_err *err);

/* Disabling or enabling an account by login (case-folded), one transaction.
 * Disabling also revokes every live session of the account and voids every
 * unused one-time code that resets its password or that it issued; sign-in,
 * sessions and codes refuse a disabled account (sg_app_login,
 * sg_app_session_check, sg_app_code_redeem), and a disabled runner leaves
 * the roster. SG_EUSAGE a bad login, SG_ENOTFOUND no such account, SG_EDENIED
 * disabling the last enabled admin. Enabling changes nothing else. */
typedef struct sg_account_disable_req {
    const char *login;
    bool disabled;                  /* true: disable, false: enable */
    long long now;
} sg_account_disable_req;

typedef struct sg_account_disable_res {
    long long account_id;
    sg_role role;
    char login[SG_LOGIN_MAX + 1];   /* folded */
    bool changed;                   /* false: it was so already */
    long long sessions_revoked, codes_voided;
} sg_account_disable_res;

int sg_app_account_set_disabled(sg_store *st, const sg_account_disable_req *req,
                                sg_account_disable_res *res, sg_err *err);

/* A signed-in account refused access to a runner's data (server/auth.c):
 * one audit row about that athlete (action "refused", `detail` the route
 * and the refusal's code), written only when the athlete belongs to a
 * runner account of some clinic (never for an id that names no runner, so
 * the log cannot be used to probe ids), and coalesced: identical refusals
 * (account, athlete, detail) within SG_REFUSED_AUDIT_S are one row. *added
 * (may be NULL) 1 when a row was written. The store's codes. */
int sg_app_audit_refused(sg_store *st, long long now, long long account_id, long long athlete_id,
                         const char *detail, int *added, sg_err *err);

/* A one-time code: kind "invite" (a new account of `role` in clinic_id) or
 * "reset" (a new password for account_id). Resolve names first with
 * sg_app_code_target; the caller has decided the issuer may. */
typedef struct sg_code_req {
    const char *kind;
    sg_role role;
    long long clinic_id;
    long long account_id;
    long long issued_by;            /* 0 = the store's operator, at the command line */
    long long now;
} sg_code_req;

typedef struct sg_code_res {
    char code[SG_CODE_TEXT + 1];    /* shown once; only its hash is stored */
    long long expires_utc;
} sg_code_res;

/* Fills req's clinic_id, role and account_id from names: an invite's clinic
 * (by name; NULL keeps req->clinic_id), a reset's account (by login; its role
 * and clinic). SG_ENOTFOUND, SG_EUSAGE for a bad kind or role. */
int sg_app_code_target(sg_store *st, const char *clinic, const char *login, sg_code_req *req,
                       sg_err *err);
/* SG_EDENIED for a reset of a disabled account (after the caller decided
 * the issuer may: the answer tells the account's state). */
int sg_app_code_issue(sg_store *st, const sg_code_req *req, sg_code_res *res, sg_err *err);

/* Redeems a code (dashes, spaces and case ignored): an invite makes the
 * account (login, password); a reset sets the password (login ignored) and
 * revokes every session of the account. One transaction; SG_EDENIED for a
 * code that is unknown, used or expired. */
typedef struct sg_redeem_req {
    const char *code, *login, *password;
    long long now;
} sg_redeem_req;

typedef struct sg_redeem_res {
    long long account_id;
    sg_role role;
    bool reset;                     /* a reset (else an invite) */
    long long revoked;              /* sessions ended by a reset */
} sg_redeem_res;

int sg_app_code_redeem(sg_store *st, const sg_redeem_req *req, sg_redeem_res *res, sg_err *err);

#endif
