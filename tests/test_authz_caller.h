#ifndef SG_TEST_AUTHZ_CALLER_H
#define SG_TEST_AUTHZ_CALLER_H
/* A caller as sg_authz_decide sees it, for the authorisation tests
 * (test_authz.c, test_authz_matrix.c): server mode (1 = clinic), role,
 * account id, clinic id and athlete id (0 = none). */
#include <string.h>

#include "server/authz.h"

static inline sg_authz_caller fx_caller(int clinic, sg_role role, long long id,
                                        long long clinic_id, long long athlete)
{
    sg_authz_caller c;
    memset(&c, 0, sizeof c);
    c.clinic = clinic;
    c.p.account_id = id;
    c.p.role = role;
    c.p.clinic_id = clinic_id;
    c.p.athlete_id = athlete;
    return c;
}

#endif
