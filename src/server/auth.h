#ifndef SG_SERVER_AUTH_H
#define SG_SERVER_AUTH_H
/* The clinic server's sign-in (`serve --clinic`, issue #16;
 * docs/threat-model.md "The clinic server"): the admission of every API
 * request (session cookie, CSRF token, sg_authz_decide) and the account
 * routes' handlers, over the use cases of src/app/accounts.h.
 *
 * The session token travels only in the cookie `sg_session` (HttpOnly,
 * SameSite=Strict, Path=/, and Secure behind TLS); every state-changing
 * request of a signed-in caller must carry the session's CSRF token in
 * X-CSRF-Token. Login and accepting a code are rate limited per login and
 * per client address (server/ratelimit.h). */

#include <pthread.h>

#include "server/authz.h"
#include "server/http.h"
#include "server/ratelimit.h"
#include "server/respcache.h"

#define SG_SESSION_COOKIE "sg_session"
#define SG_LOGIN_MAX_FAILS 5           /* per login, in SG_LOGIN_WINDOW_S */
#define SG_ADDR_MAX_FAILS 20           /* per client address, in SG_LOGIN_WINDOW_S */
#define SG_LOGIN_WINDOW_S (15LL * 60)
#define SG_HASH_CONCURRENCY 4          /* Argon2id checks at once (64 MiB each); others wait */
#define SG_ROSTER_AUDIT_S (15LL * 60)  /* a clinician's roster reads are logged once per 15 min */
#define SG_ROSTER_AUDIT_SLOTS 256      /* clinicians remembered (the oldest forgotten: logged again) */

/* What the clinic server keeps in its context; locks itself. */
typedef struct sg_clinic {
    int behind_tls;
    char dummy_hash[SG_PWHASH_MAX];    /* for unknown logins (sg_login_req) */
    pthread_mutex_t mu;                /* guards the two tables and `hashing` */
    pthread_cond_t hash_free;          /* signalled when a password check ends */
    int hashing;                       /* password checks running */
    sg_ratelimit logins;
    sg_ratelimit addrs;
    /* when each clinician's roster read was last logged (guarded by mu) */
    long long roster_who[SG_ROSTER_AUDIT_SLOTS], roster_at[SG_ROSTER_AUDIT_SLOTS];
    /* held while a roster's uncached rows are computed: one computation at
     * a time, the requests behind it then find the rows cached */
    pthread_mutex_t roster_mu;
    sg_respcache answers;              /* whole answers (the roster) by their key */
} sg_clinic;

/* A new context (*out owned: sg_clinic_free). SG_ENOMEM, libsodium's errors. */
int sg_clinic_new(int behind_tls, sg_clinic **out, sg_err *err);
void sg_clinic_free(sg_clinic *c);

/* One request as an account route sees it. */
typedef struct sg_auth_call {
    const sg_server_ctx *ctx;
    const sg_http_req *req;
    sg_store *st;                      /* a handle from the pool */
    const sg_principal *who;           /* the admitted caller */
    const char *csrf;                  /* its session's CSRF token ("" when none) */
    sg_http_resp *resp;                /* filled on SG_OK (also with a refusal it states) */
    sg_err *err;                       /* on failure */
} sg_auth_call;

/* Decides whether a request of a route with `rule` may run (st may be NULL
 * when the local server's route needs no store): fills *who and csrf (the
 * session's CSRF token, "" when none) and returns 1, or fills resp with the
 * refusal (401 sign in, 403 denied or a missing or wrong X-CSRF-Token on a
 * write of a signed-in caller, 404 not in this mode, 500 store) and returns 0. */
int sg_auth_admit(const sg_server_ctx *ctx, const sg_http_req *req, sg_store *st, sg_who rule,
                  sg_principal *who, char csrf[SG_SECRET_HEX + 1], sg_http_resp *resp);

/* The audit log's one writer: a clinician's read or write of a runner's
 * data (`what`: the method and path). A no-op (SG_OK) for any other caller. */
int sg_auth_audit(sg_store *st, const sg_principal *who, long long athlete_id, int writes,
                  const char *what, long long now, sg_err *err);

/* Whether a clinician's roster read at `now` is to be logged: 1 when it was
 * not logged in the last SG_ROSTER_AUDIT_S seconds (and remembers now), so a
 * dashboard polling the roster writes one audit row per runner per 15
 * minutes, not one per request. */
int sg_auth_roster_audit_due(sg_clinic *c, long long account_id, long long now);

/* The account routes (docs/cli.md "serve --clinic"). Each returns SG_OK with
 * resp filled, or an sg_code with err set for the dispatcher to answer. */
int sg_auth_login(sg_auth_call *c);          /* POST /api/login {login, password} */
int sg_auth_logout(sg_auth_call *c);         /* POST /api/logout */
int sg_auth_me(sg_auth_call *c);             /* GET /api/me (with the CSRF token) */
int sg_auth_revoke(sg_auth_call *c);         /* POST /api/sessions/revoke {} or {login} (admin) */
int sg_auth_codes(sg_auth_call *c);          /* POST /api/codes {kind, role, clinic | login} */
int sg_auth_accept(sg_auth_call *c);         /* POST /api/accept {code, login, password} */
int sg_auth_clinics(sg_auth_call *c);        /* POST /api/clinics {name} */
int sg_auth_audit_list(sg_auth_call *c);     /* GET /api/audit: {audit, refused} of own athlete */

#endif
