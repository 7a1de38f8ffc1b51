/* The one authorisation decision (src/server/authz.h). */
#include "server/authz.h"

#include <string.h>

static int is(const sg_principal *p, sg_role r) { return p->account_id > 0 && p->role == r; }

static sg_authz issue_code(const sg_principal *p, const sg_authz_target *t)
{
    int invite = t->kind && strcmp(t->kind, "invite") == 0;
    int reset = t->kind && strcmp(t->kind, "reset") == 0;
    if (!invite && !reset)
        return SG_AUTHZ_DENY;
    if (is(p, SG_ROLE_ADMIN)) {
        if (invite)
            return (t->role == SG_ROLE_RUNNER || t->role == SG_ROLE_CLINICIAN) && t->clinic_id > 0
                       ? SG_AUTHZ_ALLOW : SG_AUTHZ_DENY;
        return t->role == SG_ROLE_RUNNER || t->role == SG_ROLE_CLINICIAN ? SG_AUTHZ_ALLOW
                                                                         : SG_AUTHZ_DENY;
    }
    if (is(p, SG_ROLE_CLINICIAN) && p->clinic_id > 0 && t->clinic_id == p->clinic_id &&
        t->role == SG_ROLE_RUNNER)
        return SG_AUTHZ_ALLOW;
    return SG_AUTHZ_DENY;
}

/* A runner account on its own athlete. */
static int runner_self(const sg_principal *p, const sg_authz_target *t)
{
    return is(p, SG_ROLE_RUNNER) && p->athlete_id > 0 && t->athlete_id == p->athlete_id;
}

/* A clinician of the clinic of the target's athlete. */
static int clinician_of(const sg_principal *p, const sg_authz_target *t)
{
    return is(p, SG_ROLE_CLINICIAN) && p->clinic_id > 0 && t->clinic_id == p->clinic_id &&
           t->athlete_id > 0;
}

int sg_authz_athlete_rule(sg_who rule)
{
    return rule == SG_WHO_RUNNER_SELF || rule == SG_WHO_RUNNER_READ ||
           rule == SG_WHO_CLINICIAN_READ || rule == SG_WHO_CLINICIAN_WRITE;
}

/* Clinic mode, someone signed in. */
static sg_authz signed_in(sg_who rule, const sg_principal *p, const sg_authz_target *t)
{
    switch (rule) {
    case SG_WHO_SESSION:
        return SG_AUTHZ_ALLOW;
    case SG_WHO_RUNNER_SELF:
        return runner_self(p, t) ? SG_AUTHZ_ALLOW : SG_AUTHZ_DENY;
    case SG_WHO_CLINICIAN_READ:
    case SG_WHO_CLINICIAN_WRITE:
        return clinician_of(p, t) ? SG_AUTHZ_ALLOW : SG_AUTHZ_DENY;
    case SG_WHO_RUNNER_READ:
        return runner_self(p, t) || clinician_of(p, t) ? SG_AUTHZ_ALLOW : SG_AUTHZ_DENY;
    case SG_WHO_CLINICIAN:
        return is(p, SG_ROLE_CLINICIAN) && p->clinic_id > 0 ? SG_AUTHZ_ALLOW : SG_AUTHZ_DENY;
    case SG_WHO_STAFF:
        return is(p, SG_ROLE_CLINICIAN) || is(p, SG_ROLE_ADMIN) ? SG_AUTHZ_ALLOW : SG_AUTHZ_DENY;
    case SG_WHO_ADMIN:
        return is(p, SG_ROLE_ADMIN) ? SG_AUTHZ_ALLOW : SG_AUTHZ_DENY;
    case SG_WHO_ISSUE_CODE:
        return issue_code(p, t);
    default:
        return SG_AUTHZ_DENY;
    }
}

sg_authz sg_authz_decide(sg_who rule, const sg_authz_caller *who, const sg_authz_target *t)
{
    if (!who || !t)
        return SG_AUTHZ_DENY;
    if (rule == SG_WHO_PUBLIC)
        return SG_AUTHZ_ALLOW;
    if (!who->clinic) {
        /* the local server: its one runner owns everything it serves */
        switch (rule) {
        case SG_WHO_RUNNER_SELF:
        case SG_WHO_RUNNER_READ:
            return SG_AUTHZ_ALLOW;
        case SG_WHO_CLINIC_PUBLIC:
        case SG_WHO_SESSION:
        case SG_WHO_CLINICIAN_READ:
        case SG_WHO_CLINICIAN_WRITE:
        case SG_WHO_STAFF:
        case SG_WHO_ADMIN:
        case SG_WHO_ISSUE_CODE:
        case SG_WHO_CLINICIAN:
            return SG_AUTHZ_ABSENT;
        default:
            return SG_AUTHZ_DENY;
        }
    }
    if (rule == SG_WHO_CLINIC_PUBLIC)
        return SG_AUTHZ_ALLOW;
    if (rule < SG_WHO_SESSION || rule >= SG_WHO_COUNT)
        return SG_AUTHZ_DENY;
    if (who->p.account_id <= 0)
        return SG_AUTHZ_SIGN_IN;
    return signed_in(rule, &who->p, t);
}
