#ifndef SG_SERVER_API_H
#define SG_SERVER_API_H
/* The JSON API under /api/: a table of routes to app/ use cases. Handlers
 * only translate HTTP to app calls and app results to JSON (no SQL, no
 * science here). */

#include "server/http.h"

/* Routes an /api/ request; fills resp (404/405 JSON for unknown routes). */
void sg_api_route(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp);

#endif
