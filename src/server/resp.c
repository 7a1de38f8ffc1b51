/* The response helpers of the server (declared with sg_http_resp in
 * src/server/http.h): the front (http.c) and the routes (api.c) both answer
 * through them, so they sit apart from both and neither calls back into the
 * other for them. */
#include "server/http.h"

#include <stdlib.h>
#include <string.h>

#include "model/jsonw.h"

void sg_http_resp_release(sg_http_resp *resp)
{
    if (resp->body_owned)
        free(resp->body);
    resp->body = NULL;
    resp->body_owned = 0;
    free(resp->set_cookie);
    resp->set_cookie = NULL;
}

void sg_http_error(sg_http_resp *resp, int status, const char *msg)
{
    sg_http_resp_release(resp);
    sg_jw w;
    sg_jw_init_buf(&w, 4096, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kstr(&w, "error", msg);
    sg_jw_kint(&w, "status", status);
    sg_jw_obj_end(&w);
    size_t len = 0;
    char *b = sg_jw_take_buf(&w, &len);
    resp->status = status;
    resp->content_type = "application/json";
    if (b) {
        resp->body = b;
        resp->body_len = len;
        resp->body_owned = 1;
    } else {
        resp->body = (char *)"{\"error\":\"internal error\"}";
        resp->body_len = strlen(resp->body);
        resp->body_owned = 0;
    }
}

void sg_http_json(sg_http_resp *resp, char *json, size_t len)
{
    sg_http_resp_release(resp);
    resp->status = 200;
    resp->content_type = "application/json";
    resp->body = json;
    resp->body_len = len;
    resp->body_owned = 1;
    resp->cache_control = "no-store";
}
