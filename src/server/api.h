#ifndef SG_SERVER_API_H
#define SG_SERVER_API_H
/* The JSON API under /api/: a table of routes to app/ use cases. Handlers
 * only translate HTTP to app calls and app results to JSON (no SQL, no
 * science here). */

#include <stddef.h>

#include "server/authz.h"
#include "server/http.h"

/* Routes an /api/ request; fills resp (404/405 JSON for unknown routes). */
void sg_api_route(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp);

/* What the route table says about one route, read only (the authorisation
 * matrix, tests/test_authz_matrix.c and `serve --list-routes`). */
typedef struct sg_api_route_info {
    const char *method;    /* "GET", "POST", "DELETE" (static) */
    const char *path;      /* exact path, or a prefix ending in '/' for takes_id (static) */
    int takes_id;          /* the path goes on with a decimal id */
    sg_who rule;           /* who may call it (server/authz.h) */
} sg_api_route_info;

/* How many routes the table holds. */
size_t sg_api_route_count(void);

/* Route i of the table into *out; SG_OK, or SG_EUSAGE when i is past the end. */
int sg_api_route_get(size_t i, sg_api_route_info *out, sg_err *err);

/* The rule's name as the matrix spec and --list-routes write it
 * ("runner_self", ...; "unknown" for anything else). Static string. */
const char *sg_api_rule_name(sg_who rule);

/* sg_api_route with the table's rules replaced by rules[0..sg_api_route_count())
 * (borrowed; NULL = the table's own): a test runs a doctored copy of the table
 * through the real dispatcher and admission (the matrix's test of the test). */
void sg_api_route_ruled(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp,
                        const sg_who *rules);

#endif
