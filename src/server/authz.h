#ifndef SG_SERVER_AUTHZ_H
#define SG_SERVER_AUTHZ_H
/* Authorisation in one place (issue #16): every route of the API declares who
 * may call it (an sg_who in api.c's route table) and sg_authz_decide, pure
 * and unit-tested (tests/test_authz.c), answers for every request. The one
 * finer decision a handler asks for itself, which codes a caller may issue,
 * goes through the same function (SG_WHO_ISSUE_CODE) once the body names
 * the target. */

#include "app/accounts.h"

typedef enum sg_who {
    SG_WHO_UNKNOWN = 0,     /* never allowed: a route without a rule */
    SG_WHO_PUBLIC,          /* anyone, in either mode (health) */
    SG_WHO_CLINIC_PUBLIC,   /* anyone, clinic mode only (login, accept a code) */
    SG_WHO_SESSION,         /* any signed-in account (logout, me, own sessions) */
    SG_WHO_RUNNER_SELF,     /* the runner's own data: the local server's runner, or a
                             * runner account on its own athlete */
    SG_WHO_CLINICIAN_READ,  /* a clinician of the athlete's clinic, reading (audited) */
    SG_WHO_CLINICIAN_WRITE, /* the same, writing (audited) */
    SG_WHO_STAFF,           /* a clinician or an admin (issue codes) */
    SG_WHO_ADMIN,           /* an admin (clinics) */
    SG_WHO_ISSUE_CODE,      /* the code in the target: admin any invite or reset of a
                             * non-admin; clinician a runner invite for, or a reset of a
                             * runner of, their own clinic */
    SG_WHO_RUNNER_READ,     /* reading a runner's data: the runner themself (the local
                             * server's runner, or a runner account on its own athlete),
                             * or a clinician of the athlete's clinic (audited) */
    SG_WHO_CLINICIAN,       /* a clinician of a clinic, about their clinic (the roster) */
    SG_WHO_COUNT            /* not a rule: the number of them */
} sg_who;

typedef enum sg_authz {
    SG_AUTHZ_DENY = 0,      /* 403 */
    SG_AUTHZ_ALLOW,
    SG_AUTHZ_SIGN_IN,       /* 401: nobody signed in, and someone must be */
    SG_AUTHZ_ABSENT         /* 404: the route does not exist in this mode */
} sg_authz;

/* Who calls: a session's account, or the local server's single runner. */
typedef struct sg_authz_caller {
    int clinic;             /* the server runs with --clinic */
    sg_principal p;         /* account_id 0: nobody signed in */
} sg_authz_caller;

/* What a request is about. */
typedef struct sg_authz_target {
    long long athlete_id;   /* whose data (0 = none named) */
    long long clinic_id;    /* the athlete's or the code's clinic (0 = none) */
    const char *kind;       /* SG_WHO_ISSUE_CODE: "invite" or "reset" */
    sg_role role;           /* SG_WHO_ISSUE_CODE: the account's role */
} sg_authz_target;

/* Whether a route of this rule is about one athlete's data (the request is
 * then scoped to it: server/auth.c). */
int sg_authz_athlete_rule(sg_who rule);

/* The decision; an unknown rule, or a missing caller or target, is DENY.
 * A clinician's target is the athlete the request names (athlete=ID) with
 * the clinic of the runner account that owns it; a runner's is their own
 * athlete and clinic. */
sg_authz sg_authz_decide(sg_who rule, const sg_authz_caller *who, const sg_authz_target *t);

#endif
