/* /api/ routes (src/server/api.h). Each route names the issue that fills it
 * until the use case exists, so the dashboard can say "not available yet". */
#include "server/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/athlete.h"
#include "app/gear.h"
#include "render/gear_render.h"
#include <jansson.h>
#include "app/course_view.h"
#include "app/load.h"
#include "render/load_json.h"
#include "app/imu_store.h"
#include "app/journal.h"
#include "app/plan.h"
#include "app/triage.h"
#include "app/views.h"
#include "render/journal_render.h"
#include "app/run_view.h"
#include "app/runs.h"
#include "render/jsonw.h"
#include "render/ostrc_json.h"
#include "render/runs_json.h"
#include "server/pool.h"

typedef void (*api_fn)(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                       sg_http_resp *resp);

static void api_health(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                       sg_http_resp *resp)
{
    (void)ctx;
    (void)req;
    (void)id;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kbool(&w, "ok", true);
    sg_jw_kstr(&w, "version", SG_VERSION);
    sg_jw_obj_end(&w);
    size_t len;
    char *b = sg_jw_take_buf(&w, &len);
    if (!b)
        sg_http_error(resp, 500, "out of memory");
    else
        sg_http_json(resp, b, len);
}

/* Finishes a JSON document written into w: 200 with the body, or 500. */
static void finish(sg_jw *w, sg_http_resp *resp)
{
    size_t len;
    char *b = sg_jw_take_buf(w, &len);
    if (!b)
        sg_http_error(resp, 500, "response too large or out of memory");
    else
        sg_http_json(resp, b, len);
}

/* Maps a store/app error to a status: bad input 400, missing 404, nothing
 * to work on 422, a duplicate 409, anything else 500. */
static void fail(sg_http_resp *resp, const sg_err *err)
{
    int st = err->code == SG_EUSAGE || err->code == SG_EFORMAT ? 400
             : err->code == SG_ENOTFOUND                      ? 404
             : err->code == SG_ENODATA                        ? 422
             : err->code == SG_EEXISTS                        ? 409
                                                              : 500;
    sg_http_error(resp, st, err->msg[0] ? err->msg : sg_code_name(err->code));
}

static sg_store *take_store(const sg_server_ctx *ctx, sg_http_resp *resp)
{
    sg_err err;
    sg_err_clear(&err);
    sg_store *st = NULL;
    if (!ctx->pool) {
        sg_http_error(resp, 503, "no store");
        return NULL;
    }
    if (sg_pool_get(ctx->pool, &st, &err)) {
        sg_http_error(resp, 503, err.msg);
        return NULL;
    }
    return st;
}

static int runs_row(void *c, const sg_run_row *r)
{
    sg_runs_json_row(c, r);
    return sg_jw_error(c) ? SG_ELIMIT : 0;
}

static void api_runs(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                     sg_http_resp *resp)
{
    (void)id;
    sg_store_filter f;
    sg_store_filter_init(&f);
    sg_err err;
    sg_err_clear(&err);
    const char *since = req->query ? req->query(req->qctx, "since") : NULL;
    const char *sport = req->query ? req->query(req->qctx, "sport") : NULL;
    if (since && sg_runs_parse_date(since, &f.since, &err)) {
        sg_http_error(resp, 400, err.msg);
        return;
    }
    if (sport) {
        f.sport = (int)sg_sport_parse(sport);
        if (f.sport == SG_SPORT_UNKNOWN && strcmp(sport, "unknown") != 0) {
            sg_http_error(resp, 400, "unknown sport");
            return;
        }
    }
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_arr_begin(&w);
    int rc = sg_runs_list(st, &f, runs_row, &w, &err);
    sg_jw_arr_end(&w);
    sg_pool_put(ctx->pool, st, rc && rc != SG_ELIMIT);
    if (rc) {
        sg_jw_dispose(&w);
        fail(resp, &err);
        return;
    }
    finish(&w, resp);
}

static void api_athlete(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                        sg_http_resp *resp)
{
    (void)req;
    (void)id;
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_athlete p;
    sg_athlete_init(&p, NULL);
    sg_err err;
    sg_err_clear(&err);
    int found = 0;
    int rc = sg_app_athlete_load(st, &p, &found, &err);
    sg_pool_put(ctx->pool, st, 0);
    if (rc) {
        sg_athlete_clear(&p);
        fail(resp, &err);
        return;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kbool(&w, "set", found != 0);
    sg_jw_key(&w, "profile");
    sg_app_athlete_json(&w, &p);
    sg_jw_obj_end(&w);
    sg_athlete_clear(&p);
    finish(&w, resp);
}

static void api_run(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                    sg_http_resp *resp)
{
    (void)req;
    long long rid = strtoll(id, NULL, 10);
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_err err;
    sg_err_clear(&err);
    char *json = NULL;
    int rc = sg_app_run_view(st, rid, &json, &err);
    sg_pool_put(ctx->pool, st, rc && rc != SG_ENOTFOUND && rc != SG_ENODATA);
    if (rc == SG_ENOTFOUND) {
        sg_http_error(resp, 404, "no such run");
        return;
    }
    if (rc == SG_ENODATA) {
        sg_http_error(resp, 422, err.msg);
        return;
    }
    if (rc) {
        fail(resp, &err);
        return;
    }
    sg_http_json(resp, json, strlen(json));
}

/* A "YYYY-MM-DD" query parameter as a civil day; *ok = 0 after a 400. */
static int day_param(const sg_http_req *req, const char *key, int dflt, sg_http_resp *resp, int *ok)
{
    *ok = 1;
    const char *v = req->query ? req->query(req->qctx, key) : NULL;
    if (!v)
        return dflt;
    int day;
    sg_err err;
    sg_err_clear(&err);
    if (sg_journal_date_parse(v, &day, &err)) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s: %s", key, err.msg);
        sg_http_error(resp, 400, msg);
        *ok = 0;
        return dflt;
    }
    return day;
}

static void api_journal_get(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                            sg_http_resp *resp)
{
    (void)id;
    int ok;
    int since = day_param(req, "since", SG_JOURNAL_NO_DAY, resp, &ok);
    if (!ok)
        return;
    sg_entry_kind kind = SG_ENTRY_NONE;
    const char *k = req->query ? req->query(req->qctx, "kind") : NULL;
    if (k && !(kind = sg_entry_kind_parse(k))) {
        sg_http_error(resp, 400, "kind: expected pain, prehab or rpe");
        return;
    }
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_err err;
    sg_err_clear(&err);
    sg_entry *e = NULL;
    size_t n = 0;
    int rc = sg_app_journal_load(st, kind, since, SG_JOURNAL_NO_DAY, &e, &n, &err);
    sg_pool_put(ctx->pool, st, rc != SG_OK);
    if (rc) {
        fail(resp, &err);
        return;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_arr_begin(&w);
    for (size_t i = 0; i < n; i++)
        sg_entry_write_json(&w, &e[i]);
    sg_jw_arr_end(&w);
    free(e);
    finish(&w, resp);
}

static void api_journal_post(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                             sg_http_resp *resp)
{
    (void)id;
    sg_err err;
    sg_err_clear(&err);
    sg_entry e;
    if (!req->body || !req->body_len) {
        sg_http_error(resp, 400, "expected a JSON entry in the request body");
        return;
    }
    if (sg_entry_from_json(req->body, req->body_len, &e, &err)) {
        char msg[320];
        if (err.line > 0)
            snprintf(msg, sizeof msg, "line %d:%d: %s", err.line, err.col, err.msg);
        else
            snprintf(msg, sizeof msg, "%s", err.msg);
        sg_http_error(resp, 400, msg);
        return;
    }
    sg_prehab_lib *lib = NULL;
    if (e.kind == SG_ENTRY_PREHAB && sg_app_prehab_lib(NULL, &lib, &err)) {
        fail(resp, &err);
        return;
    }
    sg_store *st = take_store(ctx, resp);
    if (!st) {
        sg_prehab_lib_free(lib);
        return;
    }
    int rc = sg_app_journal_add(st, &e, sg_app_today(), lib, &err);
    sg_pool_put(ctx->pool, st, 0);
    sg_prehab_lib_free(lib);
    if (rc) {
        fail(resp, &err);
        return;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_entry_write_json(&w, &e);
    finish(&w, resp);
    if (resp->status == 200)
        resp->status = 201;
}

static void api_check(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                      sg_http_resp *resp)
{
    (void)id;
    int ok;
    int today = day_param(req, "today", sg_app_today(), resp, &ok);
    if (!ok)
        return;
    /* answers given now, not stored (?yes=fever&no=night_pain&unsure=hop_pain);
     * the dashboard stores answers as a "screen" journal entry (POST
     * /api/journal) and GET /api/check counts the stored ones */
    sg_redflag_answers ans = {0, 0, 0};
    static const char *const keys[3] = {"yes", "no", "unsure"};
    unsigned masks[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        const char *v = req->query ? req->query(req->qctx, keys[k]) : NULL;
        if (!v)
            continue;
        char buf[1024];
        if (strlen(v) >= sizeof buf) {
            sg_http_error(resp, 400, "answers: too long");
            return;
        }
        snprintf(buf, sizeof buf, "%s", v);
        for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            int f = sg_redflag_parse(t);
            if (f < 0) {
                sg_http_error(resp, 400, "answers: unknown question");
                return;
            }
            masks[k] |= SG_RF_BIT(f);
        }
    }
    if ((masks[0] & masks[1]) || (masks[0] & masks[2]) || (masks[1] & masks[2])) {
        sg_http_error(resp, 400, "answers: a question was given two answers");
        return;
    }
    ans.yes = masks[0];
    ans.unsure = masks[2];
    ans.asked = masks[0] | masks[1] | masks[2];
    sg_app_check_result *r = malloc(sizeof *r);
    if (!r) {
        sg_http_error(resp, 500, "out of memory");
        return;
    }
    sg_store *st = take_store(ctx, resp);
    if (!st) {
        free(r);
        return;
    }
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_app_check(st, &ans, today, r, &err);
    sg_pool_put(ctx->pool, st, 0);
    char *json = rc ? NULL : sg_view_check_json(r);
    free(r);
    if (rc)
        fail(resp, &err);
    else if (!json)
        sg_http_error(resp, 500, "out of memory");
    else
        sg_http_json(resp, json, strlen(json));
}

/* GET /api/ostrc?today=D: the OSTRC-O2 questions, options and skips for the
 * dashboard's weekly form, and the stored questionnaires scored per area
 * (render/ostrc_json.h). Writes go through POST /api/journal. */
static void api_ostrc(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                      sg_http_resp *resp)
{
    (void)id;
    int ok;
    int today = day_param(req, "today", sg_app_today(), resp, &ok);
    if (!ok)
        return;
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_err err;
    sg_err_clear(&err);
    sg_entry *e = NULL;
    size_t n = 0;
    int rc = sg_app_journal_load(st, SG_ENTRY_OSTRC, SG_JOURNAL_NO_DAY, today, &e, &n, &err);
    sg_pool_put(ctx->pool, st, rc != SG_OK);
    if (rc) {
        fail(resp, &err);
        return;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_ostrc_write_json(&w, e, n, today);
    free(e);
    finish(&w, resp);
}

static void api_plan(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                     sg_http_resp *resp)
{
    (void)id;
    int ok;
    sg_app_plan_opts o;
    sg_app_plan_opts_init(&o, sg_app_today());
    o.week = day_param(req, "week", SG_JOURNAL_NO_DAY, resp, &ok);
    if (!ok)
        return;
    sg_app_plan *p = calloc(1, sizeof *p);
    if (!p) {
        sg_http_error(resp, 500, "out of memory");
        return;
    }
    sg_store *st = take_store(ctx, resp);
    if (!st) {
        free(p);
        return;
    }
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_app_plan_make(st, &o, p, &err);
    sg_pool_put(ctx->pool, st, 0);
    char *json = rc ? NULL : sg_view_plan_json(p);
    sg_app_plan_free(p);
    free(p);
    if (rc)
        fail(resp, &err);
    else if (!json)
        sg_http_error(resp, 500, "out of memory");
    else
        sg_http_json(resp, json, strlen(json));
}

/* GET /api/load?weeks=N&today=D and GET /api/race: the load use case on the
 * clock's today (or a what-if today), rendered as `load --json` /
 * `race --json` print it. The race adds "course_profile" for the chart. */
static void load_common(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp,
                        int race)
{
    sg_err err;
    sg_err_clear(&err);
    sg_app_load_opts o;
    double now = (double)time(NULL);
    sg_app_load_opts_init(&o, now);
    const char *today = req->query ? req->query(req->qctx, "today") : NULL;
    if (sg_app_load_today(today, now, &o.today, &err)) {
        sg_http_error(resp, 400, err.msg);
        return;
    }
    o.now = now;
    const char *weeks = req->query ? req->query(req->qctx, "weeks") : NULL;
    if (weeks) {
        char *end;
        long wk = strtol(weeks, &end, 10);
        if (end == weeks || *end || wk < 1 || wk > 520) {
            sg_http_error(resp, 400, "weeks: expected a whole number from 1 to 520");
            return;
        }
        o.weeks = (int)wk;
    }
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_load_result *r = NULL;
    sg_app_load_stats stats;
    int rc = sg_app_load(st, &o, NULL, &r, &stats, &err);
    sg_pool_put(ctx->pool, st, rc == SG_ESTORE);
    if (rc) {
        fail(resp, &err);
        return;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    if (race)
        sg_load_json_race(&w, r);
    else
        sg_load_json(&w, r, 0);
    sg_load_result_free(r);
    char *doc = sg_jw_take_buf(&w, NULL);
    if (!doc) {
        sg_http_error(resp, 500, "out of memory");
        return;
    }
    if (race && stats.course && stats.course_path[0] && strcmp(doc, "null") != 0) {
        char *prof = NULL;
        if (sg_app_course_profile_json(stats.course_path, 800, &prof, NULL) == SG_OK) {
            char *both = sg_json_add_member(doc, "course_profile", prof);
            if (both) {
                free(doc);
                doc = both;
            }
        }
        free(prof);
    }
    sg_http_json(resp, doc, strlen(doc));
}

static void api_load(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                     sg_http_resp *resp)
{
    (void)id;
    load_common(ctx, req, resp, 0);
}

static void api_race(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                     sg_http_resp *resp)
{
    (void)id;
    load_common(ctx, req, resp, 1);
}

static void api_imu_list(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                         sg_http_resp *resp)
{
    (void)req;
    (void)id;
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_err err;
    sg_err_clear(&err);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    int rc = sg_app_imu_list_json(st, &w, &err);
    sg_pool_put(ctx->pool, st, rc == SG_ESTORE);
    if (rc) {
        sg_jw_dispose(&w);
        fail(resp, &err);
        return;
    }
    finish(&w, resp);
}

static void api_imu_view(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                         sg_http_resp *resp)
{
    (void)req;
    long long rid = strtoll(id, NULL, 10);
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_err err;
    sg_err_clear(&err);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    int rc = sg_app_imu_view_json(st, rid, &w, &err);
    sg_pool_put(ctx->pool, st, rc == SG_ESTORE);
    if (rc) {
        sg_jw_dispose(&w);
        if (rc == SG_ENOTFOUND)
            sg_http_error(resp, 404, "no such recording");
        else
            fail(resp, &err);
        return;
    }
    finish(&w, resp);
}

/* ---- gear (docs/cli.md "gear") ---- */

static void api_gear_list(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                          sg_http_resp *resp)
{
    (void)id;
    int ok;
    int today = day_param(req, "today", sg_app_today(), resp, &ok);
    if (!ok)
        return;
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_err err;
    sg_err_clear(&err);
    sg_app_gear_result r;
    int rc = sg_app_gear_report(st, today, &r, &err);
    sg_pool_put(ctx->pool, st, 0);
    if (rc) {
        fail(resp, &err);
        return;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_gear_report_write_json(&w, &r);
    sg_app_gear_report_free(&r);
    finish(&w, resp);
}

/* POST /api/gear (new) and POST /api/gear/ID (replace): the item's JSON. */
static void gear_save(const sg_server_ctx *ctx, const sg_http_req *req, long long gid,
                      sg_http_resp *resp)
{
    sg_err err;
    sg_err_clear(&err);
    sg_gear g;
    if (!req->body || !req->body_len) {
        sg_http_error(resp, 400, "expected a shoe as JSON in the request body");
        return;
    }
    if (sg_gear_from_json(req->body, req->body_len, &g, &err)) {
        fail(resp, &err);
        return;
    }
    g.id = gid;
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    int rc = sg_app_gear_save(st, &g, &err);
    sg_pool_put(ctx->pool, st, 0);
    if (rc) {
        fail(resp, &err);
        return;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_gear_write_json(&w, &g);
    finish(&w, resp);
    if (resp->status == 200 && !gid)
        resp->status = 201;
}

static void api_gear_add(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                         sg_http_resp *resp)
{
    (void)id;
    gear_save(ctx, req, 0, resp);
}

static void api_gear_edit(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                          sg_http_resp *resp)
{
    gear_save(ctx, req, strtoll(id, NULL, 10), resp);
}

static void api_gear_delete(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                            sg_http_resp *resp)
{
    (void)req;
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_app_gear_delete(st, strtoll(id, NULL, 10), &err);
    sg_pool_put(ctx->pool, st, 0);
    if (rc)
        fail(resp, &err);
    else
        sg_http_json(resp, strdup("{\"deleted\":true}"), 16);
}

/* POST /api/gear/assign {"run_id":N,"gear_id":N|null} */
static void api_gear_assign(const sg_server_ctx *ctx, const sg_http_req *req, const char *id,
                            sg_http_resp *resp)
{
    (void)id;
    json_error_t je;
    json_t *o = req->body ? json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    json_t *run = json_object_get(o, "run_id"), *gear = json_object_get(o, "gear_id");
    if (!json_is_object(o) || json_object_size(o) != 2 || !json_is_integer(run) ||
        json_integer_value(run) < 1 || !(json_is_null(gear) || (json_is_integer(gear) &&
                                                                 json_integer_value(gear) >= 1))) {
        json_decref(o);
        sg_http_error(resp, 400, "expected {\"run_id\": N, \"gear_id\": N or null}");
        return;
    }
    long long r = json_integer_value(run), g = json_is_null(gear) ? 0 : json_integer_value(gear);
    json_decref(o);
    sg_store *st = take_store(ctx, resp);
    if (!st)
        return;
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_app_gear_assign(st, r, g, &err);
    sg_pool_put(ctx->pool, st, 0);
    if (rc) {
        fail(resp, &err);
        return;
    }
    char b[96];
    int n = snprintf(b, sizeof b, "{\"run_id\":%lld,\"gear_id\":%s%lld}", r, g ? "" : "null", g);
    if (!g)
        n = snprintf(b, sizeof b, "{\"run_id\":%lld,\"gear_id\":null}", r);
    sg_http_json(resp, strdup(b), (size_t)n);
}

typedef struct route {
    const char *method;
    const char *prefix;   /* exact path, or prefix ending in '/' followed by an id */
    int takes_id;
    api_fn fn;
    int issue;            /* issue that builds it when fn is NULL */
} route;

static const route routes[] = {
    {"GET", "/api/health", 0, api_health, 0},
    {"GET", "/api/runs", 0, api_runs, 3},
    {"GET", "/api/athlete", 0, api_athlete, 5},
    {"GET", "/api/runs/", 1, api_run, 4},
    {"GET", "/api/load", 0, api_load, 5},
    {"GET", "/api/race", 0, api_race, 5},
    {"GET", "/api/imu", 0, api_imu_list, 7},
    {"GET", "/api/imu/", 1, api_imu_view, 7},
    {"GET", "/api/journal", 0, api_journal_get, 6},
    {"POST", "/api/journal", 0, api_journal_post, 6},
    {"GET", "/api/check", 0, api_check, 6},
    {"GET", "/api/ostrc", 0, api_ostrc, 13},
    {"GET", "/api/plan", 0, api_plan, 6},
    {"GET", "/api/gear", 0, api_gear_list, 5},
    {"POST", "/api/gear", 0, api_gear_add, 5},
    /* before the /api/gear/ID routes, whose id would refuse "assign" */
    {"POST", "/api/gear/assign", 0, api_gear_assign, 5},
    {"POST", "/api/gear/", 1, api_gear_edit, 5},
    {"DELETE", "/api/gear/", 1, api_gear_delete, 5},
};

/* An id is 1..20 decimal digits. */
static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 20)
        return 0;
    return strspn(s, "0123456789") == n;
}

void sg_api_route(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp)
{
    int path_known = 0;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        const route *r = &routes[i];
        const char *id = NULL;
        if (r->takes_id) {
            size_t pl = strlen(r->prefix);
            if (strncmp(req->path, r->prefix, pl) != 0)
                continue;
            id = req->path + pl;
            if (!valid_id(id)) {
                sg_http_error(resp, 400, "bad id: expected a number");
                return;
            }
        } else if (strcmp(req->path, r->prefix) != 0) {
            continue;
        }
        path_known = 1;
        if (strcmp(req->method, r->method) != 0)
            continue;
        if (!r->fn) {
            sg_http_error(resp, 501, "not available yet");
            return;
        }
        r->fn(ctx, req, id, resp);
        return;
    }
    sg_http_error(resp, path_known ? 405 : 404, path_known ? "method not allowed" : "no such endpoint");
}
