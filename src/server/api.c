/* /api/ routes (src/server/api.h): one table of routes at the end of this
 * file and one dispatcher (sg_api_route). The dispatcher takes a store
 * handle from the pool for the routes that use one, calls the handler, gives
 * the handle back and turns an error code into the HTTP status (http_status,
 * the one place that mapping lives). A handler only reads the request, calls
 * one app/ use case and renders its result (docs/architecture.md "How to add
 * an API route"). */
#include "server/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/athlete.h"
#include "app/course.h"
#include "bytes/base64.h"
#include "app/gear.h"
#include "render/docs.h"
#include "render/gear_render.h"
#include <jansson.h>
#include "app/course_view.h"
#include "app/load.h"
#include "render/load_json.h"
#include "app/imu_store.h"
#include "app/journal.h"
#include "app/plan.h"
#include "app/triage.h"
#include "render/views.h"
#include "render/journal_render.h"
#include "app/run_view.h"
#include "app/runs.h"
#include "app/share.h"
#include "model/jsonw.h"
#include "render/ostrc_json.h"
#include "render/runs_json.h"
#include "render/trunk_json.h"
#include "app/pool.h"
#include "app/clinic.h"
#include "render/clinic_html.h"
#include "render/clinic_json.h"
#include "render/share_json.h"
#include "server/auth.h"
#include "server/upload.h"

/* One request as a handler sees it. */
typedef struct api_call {
    const sg_server_ctx *ctx;
    const sg_http_req *req;
    long long id;          /* the path's id for routes that take one, else 0 */
    sg_store *st;          /* from the pool for routes with a store, else NULL */
    sg_http_resp *resp;    /* the handler fills it on success only */
    sg_err err;            /* on failure: the message sent with the status */
    sg_principal who;      /* the admitted caller (server/auth.h; clinic mode) */
    char csrf[SG_SECRET_HEX + 1]; /* its session's CSRF token, "" when none */
} api_call;

/* Returns SG_OK after filling c->resp, or an sg_code with c->err set; the
 * dispatcher then answers with http_status(code) and c->err.msg. */
typedef int (*api_fn)(api_call *c);

/* The HTTP status of an error code: bad input 400, missing 404, already
 * there 409, nothing to work on 422, anything else 500. */
static int http_status(int code)
{
    switch (code) {
    case SG_EUSAGE:
    case SG_EFORMAT: return 400;
    case SG_ENOTFOUND: return 404;
    case SG_EEXISTS: return 409;
    case SG_EDENIED: return 403;
    case SG_ENODATA: return 422;
    default: return 500;
    }
}

/* A bad request (400) with a printf-style message. */
__attribute__((format(printf, 2, 3)))
static int bad_request(api_call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err.msg, sizeof c->err.msg, fmt, ap);
    va_end(ap);
    c->err.code = SG_EUSAGE;
    return SG_EUSAGE;
}

static const char *query(const api_call *c, const char *key)
{
    return c->req->query ? c->req->query(c->req->qctx, key) : NULL;
}

/* Answers 200 with the JSON document written into w (or 500). */
static int reply_jw(api_call *c, sg_jw *w)
{
    size_t len;
    char *b = sg_jw_take_buf(w, &len);
    if (!b)
        return sg_err_set(&c->err, SG_ENOMEM, -1, "response too large or out of memory");
    sg_http_json(c->resp, b, len);
    return SG_OK;
}

/* Answers 200 with doc (owned; NULL = out of memory). */
static int reply_doc(api_call *c, char *doc)
{
    if (!doc)
        return sg_err_set(&c->err, SG_ENOMEM, -1, "out of memory");
    sg_http_json(c->resp, doc, strlen(doc));
    return SG_OK;
}

/* A "YYYY-MM-DD" query parameter as a civil day (dflt when absent). */
static int day_param(api_call *c, const char *key, int dflt, int *day)
{
    const char *v = query(c, key);
    *day = dflt;
    if (!v)
        return SG_OK;
    sg_err err;
    sg_err_clear(&err);
    if (sg_journal_date_parse(v, day, &err))
        return bad_request(c, "%s: %s", key, err.msg);
    return SG_OK;
}

static int api_health(api_call *c)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kbool(&w, "ok", true);
    sg_jw_kstr(&w, "version", SG_VERSION);
    /* the dashboard asks for a sign-in only on the clinic server */
    sg_jw_kbool(&w, "clinic", c->ctx->clinic != NULL);
    sg_jw_obj_end(&w);
    return reply_jw(c, &w);
}

static int runs_row(void *c, const sg_run_row *r)
{
    sg_runs_json_row(c, r);
    return sg_jw_error(c) ? SG_ELIMIT : 0;
}

static int api_runs(api_call *c)
{
    sg_store_filter f;
    sg_store_filter_init(&f);
    const char *since = query(c, "since"), *sport = query(c, "sport");
    sg_err err;
    sg_err_clear(&err);
    if (since && sg_runs_parse_date(since, &f.since, &err))
        return bad_request(c, "%s", err.msg);
    if (sport) {
        f.sport = (int)sg_sport_parse(sport);
        if (f.sport == SG_SPORT_UNKNOWN && strcmp(sport, "unknown") != 0)
            return bad_request(c, "unknown sport");
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_arr_begin(&w);
    int rc = sg_runs_list(c->st, &f, runs_row, &w, &c->err);
    sg_jw_arr_end(&w);
    if (rc) {
        sg_jw_dispose(&w);
        return rc;
    }
    return reply_jw(c, &w);
}

/* "course" of GET /api/athlete: the stored course (name, points, whether
 * its content is in the store), null when none, or its problem when the
 * stored bytes (or an older profile's file) cannot be read. */
static int course_json(api_call *c, sg_jw *w)
{
    sg_activity *course = NULL;
    sg_app_course_info info;
    memset(&info, 0, sizeof info);
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_app_course_get(c->st, NULL, &course, &info, &err);
    sg_activity_free(course);
    sg_jw_key(w, "course");
    if (rc == SG_ENOTFOUND) {
        sg_jw_null(w);
        return SG_OK;
    }
    if (rc == SG_ESTORE || rc == SG_ENOMEM)
        return sg_err_set(&c->err, rc, -1, "%s", err.msg);
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "name", info.name[0] ? info.name : NULL);
    sg_jw_kbool(w, "stored", info.stored != 0);
    if (rc) {
        sg_jw_knull(w, "points");
        sg_jw_kstr(w, "problem", err.msg);
    } else {
        sg_jw_kint(w, "points", (long long)info.points);
        sg_jw_kint(w, "bytes", (long long)info.bytes);
    }
    sg_jw_obj_end(w);
    return SG_OK;
}

static int api_athlete(api_call *c)
{
    sg_athlete p;
    sg_athlete_init(&p, NULL);
    int found = 0;
    int rc = sg_app_athlete_load(c->st, &p, &found, &c->err);
    if (rc) {
        sg_athlete_clear(&p);
        return rc;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kbool(&w, "set", found != 0);
    sg_jw_key(&w, "profile");
    sg_app_athlete_json(&w, &p);
    sg_athlete_clear(&p);
    rc = course_json(c, &w);
    sg_jw_obj_end(&w);
    if (rc) {
        sg_jw_dispose(&w);
        return rc;
    }
    return reply_jw(c, &w);
}

/* ---- the dashboard's writes of issue #15: profile, course, journal ---- */

/* POST /api/athlete {member: value, ...}: sg_app_athlete_update_json (the
 * ranges of `athlete set`; course_path refused, docs/threat-model.md), then
 * the profile as GET /api/athlete answers it. */
static int api_athlete_post(api_call *c)
{
    if (!c->req->body || !c->req->body_len)
        return bad_request(c, "expected the profile's fields as JSON in the request body");
    int rc = sg_app_athlete_update_json(c->st, c->req->body, c->req->body_len, NULL, &c->err);
    return rc ? rc : api_athlete(c);
}

/* Stores a course file called name (its folders dropped: only the name is
 * kept, for display and format detection) through sg_app_course_put and
 * answers as GET /api/athlete. */
static int course_store(api_call *c, const char *name, const unsigned char *data, size_t len)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    const char *bs = strrchr(base, '\\');
    base = bs ? bs + 1 : base;
    char fname[256];
    snprintf(fname, sizeof fname, "%s", *base ? base : "course");
    sg_app_course_info info;
    int rc = sg_app_course_put(c->st, fname, data, len, &info, &c->err);
    if (rc == SG_ENODATA) {
        /* no track: the file's fault, as a bad file is (400, not 422) */
        char why[sizeof c->err.msg];
        snprintf(why, sizeof why, "%s", c->err.msg);
        return bad_request(c, "%s: %s", fname, why);
    }
    return rc ? rc : api_athlete(c);
}

/* POST /api/course?name=FILE with the file as an application/octet-stream
 * body (up to SG_SHARE_FILE_MAX_BYTES, bounded by http.c), or {"name":
 * "file.gpx", "content_base64": "..."} as JSON (the ordinary body ceiling,
 * SG_HTTP_MAX_BODY, bounds that file to about 3/4 of it). */
static int api_course_post(api_call *c)
{
    const sg_http_req *req = c->req;
    if (sg_http_is_octet_type(req->content_type)) {
        const char *name = query(c, "name");
        if (!name || !*name || strlen(name) > 255 || !req->body || !req->body_len)
            return bad_request(c, "send the course file as the body, with ?name=FILE");
        return course_store(c, name, (const unsigned char *)req->body, req->body_len);
    }
    json_error_t je;
    json_t *o = req->body ? json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    const char *name = json_string_value(json_object_get(o, "name"));
    json_t *b64 = json_object_get(o, "content_base64");
    if (!json_is_object(o) || json_object_size(o) != 2 || !name || !*name || strlen(name) > 255 ||
        !json_is_string(b64)) {
        json_decref(o);
        return bad_request(c, "expected {\"name\": \"file name\", \"content_base64\": \"...\"}");
    }
    unsigned char *data = NULL;
    size_t len = 0;
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_base64_decode(json_string_value(b64), json_string_length(b64), NULL, &data, &len, &err);
    if (rc == SG_EFORMAT) {
        json_decref(o);
        return bad_request(c, "content_base64: %s", err.msg);
    }
    if (rc) {
        json_decref(o);
        return sg_err_set(&c->err, rc, -1, "%s", err.msg);
    }
    rc = course_store(c, name, data, len);
    json_decref(o);
    sg_free(NULL, data);
    return rc;
}

/* DELETE /api/course: sg_app_course_delete (no course is not an error). */
static int api_course_delete(api_call *c)
{
    int rc = sg_app_course_delete(c->st, &c->err);
    return rc ? rc : api_athlete(c);
}

/* POST /api/journal/ID: the entry's new JSON (as POST /api/journal takes
 * it), through sg_app_journal_edit, the use case of `journal edit ID`. An
 * entry keeps its kind. */
static int api_journal_edit(api_call *c)
{
    const sg_http_req *req = c->req;
    if (!req->body || !req->body_len)
        return bad_request(c, "expected a JSON entry in the request body");
    sg_entry old;
    int rc = sg_app_journal_get(c->st, c->id, &old, &c->err);
    if (rc)
        return rc;
    sg_entry e;
    sg_err err;
    sg_err_clear(&err);
    if (sg_entry_from_json(req->body, req->body_len, &e, &err)) {
        if (err.line > 0)
            return bad_request(c, "line %d:%d: %s", err.line, err.col, err.msg);
        return bad_request(c, "%s", err.msg);
    }
    if (e.kind != old.kind)
        return bad_request(c, "kind: an entry keeps its kind (delete it and log a new one)");
    e.id = c->id;
    sg_prehab_lib *lib = NULL;
    rc = e.kind == SG_ENTRY_PREHAB ? sg_app_prehab_lib(NULL, &lib, &c->err) : SG_OK;
    if (!rc)
        rc = sg_app_journal_edit(c->st, &e, sg_app_today(), lib, &c->err);
    sg_prehab_lib_free(lib);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_entry_write_json(&w, &e);
    return reply_jw(c, &w);
}

/* DELETE /api/journal/ID: sg_app_journal_delete (`journal delete ID`). */
static int api_journal_delete(api_call *c)
{
    int rc = sg_app_journal_delete(c->st, c->id, &c->err);
    return rc ? rc : reply_doc(c, strdup("{\"deleted\":true}"));
}

/* DELETE /api/runs/ID, POST /api/runs/undo: the logged change (runs_json.c) */
static int reply_change(api_call *c, const sg_store_change *ch)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_runs_json_change(&w, ch);
    return reply_jw(c, &w);
}

static int api_run_delete(api_call *c)
{
    sg_store_change ch;
    int rc = sg_runs_delete(c->st, c->id, &ch, &c->err);
    return rc ? rc : reply_change(c, &ch);
}

static int api_runs_undo(api_call *c)
{
    sg_store_change ch;
    int rc = sg_runs_undo(c->st, &ch, &c->err);
    return rc ? rc : reply_change(c, &ch);
}

static int change_row(void *ctx, const sg_store_change *ch)
{
    sg_jw *w = ctx;
    sg_runs_json_change(w, ch);
    return sg_jw_error(w) ? SG_ENOMEM : 0;
}

static int api_runs_changes(api_call *c)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_arr_begin(&w);
    int rc = sg_runs_changes(c->st, change_row, &w, &c->err);
    sg_jw_arr_end(&w);
    if (rc) {
        sg_jw_dispose(&w);
        return rc;
    }
    return reply_jw(c, &w);
}

static int api_run(api_call *c)
{
    char *json = NULL;
    int rc = sg_app_run_view(c->st, sg_render_docs(), c->id, &json, &c->err);
    return rc ? rc : reply_doc(c, json);
}

static int api_journal_get(api_call *c)
{
    int since;
    int rc = day_param(c, "since", SG_JOURNAL_NO_DAY, &since);
    if (rc)
        return rc;
    sg_entry_kind kind = SG_ENTRY_NONE;
    const char *k = query(c, "kind");
    if (k && !(kind = sg_entry_kind_parse(k)))
        return bad_request(c, "kind: expected pain, prehab or rpe");
    sg_entry *e = NULL;
    size_t n = 0;
    rc = sg_app_journal_load(c->st, kind, since, SG_JOURNAL_NO_DAY, &e, &n, &c->err);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_arr_begin(&w);
    for (size_t i = 0; i < n; i++)
        sg_entry_write_json(&w, &e[i]);
    sg_jw_arr_end(&w);
    free(e);
    return reply_jw(c, &w);
}

static int api_journal_post(api_call *c)
{
    const sg_http_req *req = c->req;
    sg_entry e;
    if (!req->body || !req->body_len)
        return bad_request(c, "expected a JSON entry in the request body");
    sg_err err;
    sg_err_clear(&err);
    if (sg_entry_from_json(req->body, req->body_len, &e, &err)) {
        if (err.line > 0)
            return bad_request(c, "line %d:%d: %s", err.line, err.col, err.msg);
        return bad_request(c, "%s", err.msg);
    }
    sg_prehab_lib *lib = NULL;
    int rc = e.kind == SG_ENTRY_PREHAB ? sg_app_prehab_lib(NULL, &lib, &c->err) : SG_OK;
    if (!rc)
        rc = sg_app_journal_add(c->st, &e, sg_app_today(), lib, &c->err);
    sg_prehab_lib_free(lib);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_entry_write_json(&w, &e);
    rc = reply_jw(c, &w);
    if (!rc)
        c->resp->status = 201;
    return rc;
}

/* GET /api/journal/export?from=D&to=D&format=json|csv: `export-journal`
 * (src/cli/cmd_export_journal.c) over HTTP: the same JSON document (default)
 * or, with format=csv, byte for byte the same CSV. */
static int api_journal_export(api_call *c)
{
    sg_app_journal_export_req q;
    int rc = day_param(c, "from", SG_JOURNAL_NO_DAY, &q.from_day);
    if (!rc)
        rc = day_param(c, "to", SG_JOURNAL_NO_DAY, &q.to_day);
    if (rc)
        return rc;
    const char *format = query(c, "format");
    int csv = format && strcmp(format, "csv") == 0;
    if (format && !csv && strcmp(format, "json") != 0)
        return bad_request(c, "format: expected json or csv");
    sg_app_journal_export_result x;
    rc = sg_app_journal_export(c->st, &q, &x, &c->err);
    if (rc)
        return rc;
    if (csv) {
        sg_sb b;
        sg_sb_init(&b, 0);
        sg_journal_export_write_csv(&b, &x);
        sg_app_journal_export_free(&x);
        rc = reply_doc(c, sg_sb_take(&b, NULL));
        if (!rc)
            c->resp->content_type = "text/csv; charset=utf-8";
        return rc;
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_journal_export_write_json(&w, &x);
    sg_app_journal_export_free(&x);
    return reply_jw(c, &w);
}

/* The red-flag answers given now, not stored (?yes=fever&no=night_pain&
 * unsure=hop_pain); the dashboard stores answers as a "screen" journal entry
 * (POST /api/journal) and GET /api/check counts the stored ones. */
static int check_answers(api_call *c, sg_redflag_answers *ans)
{
    static const char *const keys[3] = {"yes", "no", "unsure"};
    unsigned masks[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        const char *v = query(c, keys[k]);
        if (!v)
            continue;
        char buf[1024];
        if (strlen(v) >= sizeof buf)
            return bad_request(c, "answers: too long");
        snprintf(buf, sizeof buf, "%s", v);
        for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            int f = sg_redflag_parse(t);
            if (f < 0)
                return bad_request(c, "answers: unknown question");
            masks[k] |= SG_RF_BIT(f);
        }
    }
    if ((masks[0] & masks[1]) || (masks[0] & masks[2]) || (masks[1] & masks[2]))
        return bad_request(c, "answers: a question was given two answers");
    ans->yes = masks[0];
    ans->unsure = masks[2];
    ans->asked = masks[0] | masks[1] | masks[2];
    return SG_OK;
}

static int api_check(api_call *c)
{
    int today;
    int rc = day_param(c, "today", sg_app_today(), &today);
    sg_redflag_answers ans = {0, 0, 0};
    if (!rc)
        rc = check_answers(c, &ans);
    if (rc)
        return rc;
    sg_app_check_result *r = malloc(sizeof *r);
    if (!r)
        return sg_err_set(&c->err, SG_ENOMEM, -1, "out of memory");
    rc = sg_app_check(c->st, &ans, today, r, &c->err);
    char *json = rc ? NULL : sg_view_check_json(r);
    free(r);
    return rc ? rc : reply_doc(c, json);
}

/* GET /api/ostrc?today=D: the OSTRC-O2 questions, options and skips for the
 * dashboard's weekly form, and the stored questionnaires scored per area
 * (render/ostrc_json.h). Writes go through POST /api/journal. */
static int api_ostrc(api_call *c)
{
    int today;
    int rc = day_param(c, "today", sg_app_today(), &today);
    if (rc)
        return rc;
    sg_entry *e = NULL;
    size_t n = 0;
    rc = sg_app_journal_load(c->st, SG_ENTRY_OSTRC, SG_JOURNAL_NO_DAY, today, &e, &n, &c->err);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_ostrc_write_json(&w, e, n, today);
    free(e);
    return reply_jw(c, &w);
}

static int api_plan(api_call *c)
{
    sg_app_plan_opts o;
    sg_app_plan_opts_init(&o, sg_app_today());
    int rc = day_param(c, "week", SG_JOURNAL_NO_DAY, &o.week);
    if (rc)
        return rc;
    sg_app_plan *p = calloc(1, sizeof *p);
    if (!p)
        return sg_err_set(&c->err, SG_ENOMEM, -1, "out of memory");
    rc = sg_app_plan_make(c->st, &o, p, &c->err);
    char *json = rc ? NULL : sg_view_plan_json(p);
    sg_app_plan_free(p);
    free(p);
    return rc ? rc : reply_doc(c, json);
}

/* GET /api/load?weeks=N&today=D and GET /api/race: the load use case on the
 * clock's today (or a what-if today), rendered as `load --json` /
 * `race --json` print it. The race adds "course_profile" for the chart. */
static int load_common(api_call *c, int race)
{
    sg_app_load_opts o;
    double now = (double)time(NULL);
    sg_app_load_opts_init(&o, now);
    sg_err err;
    sg_err_clear(&err);
    if (sg_app_load_today(query(c, "today"), now, &o.today, &err))
        return bad_request(c, "%s", err.msg);
    o.now = now;
    const char *weeks = query(c, "weeks");
    if (weeks) {
        char *end;
        long wk = strtol(weeks, &end, 10);
        if (end == weeks || *end || wk < 1 || wk > 520)
            return bad_request(c, "weeks: expected a whole number from 1 to 520");
        o.weeks = (int)wk;
    }
    sg_load_result *r = NULL;
    sg_app_load_stats stats;
    int rc = sg_app_load(c->st, &o, NULL, &r, &stats, &c->err);
    if (rc)
        return rc;
    /* the race page's elevation chart: the course as load used it */
    char *prof = NULL;
    sg_app_course_profile cp;
    if (race && stats.course && sg_app_course_profile_of(c->st, 800, &cp, NULL) == SG_OK) {
        prof = sg_course_profile_json(&cp);
        sg_app_course_profile_free(&cp);
    }
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    if (race)
        sg_load_json_race(&w, r);
    else
        sg_load_json(&w, r, 0);
    sg_load_result_free(r);
    char *doc = sg_jw_take_buf(&w, NULL);
    if (doc && prof && strcmp(doc, "null") != 0) {
        char *both = sg_json_add_member(doc, "course_profile", prof);
        if (both) {
            free(doc);
            doc = both;
        }
    }
    free(prof);
    return reply_doc(c, doc);
}

static int api_load(api_call *c)
{
    return load_common(c, 0);
}

static int api_race(api_call *c)
{
    return load_common(c, 1);
}

static int api_imu_list(api_call *c)
{
    sg_app_imu_list_result l;
    int rc = sg_app_imu_list(c->st, &l, &c->err);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_imu_list_json(&w, &l);
    sg_app_imu_list_free(&l);
    return reply_jw(c, &w);
}

static int api_imu_view(api_call *c)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    int rc = sg_app_imu_view_json(c->st, sg_render_docs(), c->id, &w, &c->err);
    if (rc) {
        sg_jw_dispose(&w);
        return rc;
    }
    return reply_jw(c, &w);
}

/* ---- gear (docs/cli.md "gear") ---- */

static int api_gear_list(api_call *c)
{
    int today;
    int rc = day_param(c, "today", sg_app_today(), &today);
    if (rc)
        return rc;
    sg_app_gear_result r;
    rc = sg_app_gear_report(c->st, today, &r, &c->err);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_gear_report_write_json(&w, &r);
    sg_app_gear_report_free(&r);
    return reply_jw(c, &w);
}

/* POST /api/gear (new: 201) and POST /api/gear/ID (replace): the item's JSON. */
static int api_gear_save(api_call *c)
{
    sg_gear g;
    if (!c->req->body || !c->req->body_len)
        return bad_request(c, "expected a shoe as JSON in the request body");
    int rc = sg_gear_from_json(c->req->body, c->req->body_len, &g, &c->err);
    if (rc)
        return rc;
    g.id = c->id;
    rc = sg_app_gear_save(c->st, &g, &c->err);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_gear_write_json(&w, &g);
    rc = reply_jw(c, &w);
    if (!rc && !c->id)
        c->resp->status = 201;
    return rc;
}

static int api_gear_delete(api_call *c)
{
    int rc = sg_app_gear_delete(c->st, c->id, &c->err);
    return rc ? rc : reply_doc(c, strdup("{\"deleted\":true}"));
}

/* POST /api/gear/assign {"run_id":N,"gear_id":N|null} */
static int api_gear_assign(api_call *c)
{
    json_error_t je;
    const sg_http_req *req = c->req;
    json_t *o = req->body ? json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
    json_t *run = json_object_get(o, "run_id"), *gear = json_object_get(o, "gear_id");
    if (!json_is_object(o) || json_object_size(o) != 2 || !json_is_integer(run) ||
        json_integer_value(run) < 1 || !(json_is_null(gear) || (json_is_integer(gear) &&
                                                                 json_integer_value(gear) >= 1))) {
        json_decref(o);
        return bad_request(c, "expected {\"run_id\": N, \"gear_id\": N or null}");
    }
    long long r = json_integer_value(run), g = json_is_null(gear) ? 0 : json_integer_value(gear);
    json_decref(o);
    int rc = sg_app_gear_assign(c->st, r, g, &c->err);
    if (rc)
        return rc;
    char b[96];
    if (g)
        snprintf(b, sizeof b, "{\"run_id\":%lld,\"gear_id\":%lld}", r, g);
    else
        snprintf(b, sizeof b, "{\"run_id\":%lld,\"gear_id\":null}", r);
    return reply_doc(c, strdup(b));
}

/* Whose import a call is about: the local server's runner, or on the clinic
 * server the admitted runner's own athlete (the rule admits no one else). */
static long long import_owner(const api_call *c)
{
    return c->ctx->clinic ? c->who.athlete_id : SG_IMPORTS_LOCAL;
}

/* GET /api/import: the caller's import job (server/upload.h). */
static int api_import_status(api_call *c)
{
    if (!c->ctx->imports)
        return sg_err_set(&c->err, SG_EUNSUPPORTED, -1, "this server cannot import");
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_imports_json(c->ctx->imports, import_owner(c), &w);
    return reply_jw(c, &w);
}

/* POST /api/import?name=FILE, the file as the body: the front admitted the
 * caller and streamed it to disk (c->req->upload); the import runs in the
 * background with the CLI's use case on the caller's athlete, and the answer
 * is the job as GET /api/import reports it. */
static int api_import_start(api_call *c)
{
    if (!c->ctx->imports || !c->req->upload)
        return bad_request(c, "send the file as the body, with ?name=FILE");
    int rc = sg_imports_start(c->ctx->imports, import_owner(c), c->req->upload, &c->err);
    return rc ? rc : api_import_status(c);
}

/* ---- sharing (issue #16, part D; docs/cli.md "share"): a runner's own
 * athlete at the clinic, written by `strideguard share push`. Clinic mode
 * only; the handle is scoped to the caller's athlete by sg_auth_admit. ---- */

static int share_absent(api_call *c)
{
    return sg_err_set(&c->err, SG_ENOTFOUND, -1, "no such endpoint");
}

/* GET /api/share/have: {"activities": [sha256...], "journal": [hash...],
 * "imu": [sha256...], "course": sha256 | null} */
static int api_share_have(api_call *c)
{
    if (!c->ctx->clinic)
        return share_absent(c);
    sg_share_have h;
    int rc = sg_share_have_get(c->st, &h, &c->err);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_share_have_json(&w, &h);
    sg_share_have_free(&h);
    return reply_jw(c, &w);
}

/* POST /api/share/activity?name=FILE, the file as an octet-stream body (held
 * in memory; at most SG_SHARE_FILE_MAX_BYTES, bounded by http.c's
 * begin_share_file): imported in the request, answered
 * {"status", "activity_id", "sha256", "reason"}. */
static int api_share_activity(api_call *c)
{
    if (!c->ctx->clinic || !c->ctx->imports)
        return share_absent(c);
    const char *name = query(c, "name");
    if (!name || !c->req->body || !c->req->body_len)
        return bad_request(c, "send the file as the body, with ?name=FILE");
    sg_share_activity_res res;
    int rc = sg_share_activity_put(c->st, sg_imports_dir(c->ctx->imports), name, c->req->body,
                                   c->req->body_len, sg_app_today(), &res, &c->err);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_share_activity_json(&w, &res);
    return reply_jw(c, &w);
}

/* POST /api/share/journal {"entries": [{"entry": {...}, "run_sha256": ...}]} */
static int api_share_journal(api_call *c)
{
    if (!c->ctx->clinic)
        return share_absent(c);
    sg_share_journal_res res;
    int rc = sg_share_journal_put(c->st, c->req->body, c->req->body_len, sg_app_today(), &res,
                                  &c->err);
    if (rc == SG_EUSAGE)
        return bad_request(c, "%s", c->err.msg);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_share_journal_json(&w, &res);
    return reply_jw(c, &w);
}

/* POST /api/share/imu {"sha256", "size", "offset", "data_base64", ...}: one
 * chunk of an IMU recording (sg_share_imu_put), answered {"status", "next",
 * "imu_id", "linked_activity_id", "reason"}. */
static int api_share_imu(api_call *c)
{
    if (!c->ctx->clinic || !c->ctx->imports)
        return share_absent(c);
    sg_share_imu_res res;
    int rc = sg_share_imu_put(c->st, sg_imports_dir(c->ctx->imports), c->req->body,
                              c->req->body_len, &res, &c->err);
    if (rc == SG_EUSAGE)
        return bad_request(c, "%s", c->err.msg);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_share_imu_json(&w, &res);
    return reply_jw(c, &w);
}

/* GET /api/share: what the clinic holds for the caller's athlete */
static int api_share_get(api_call *c)
{
    if (!c->ctx->clinic)
        return share_absent(c);
    sg_share_counts n;
    int rc = sg_share_counts_get(c->st, &n, &c->err);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_share_counts_json(&w, &n);
    sg_jw_obj_end(&w);
    return reply_jw(c, &w);
}

/* DELETE /api/share: stop sharing. The clinic's copy of the athlete is
 * deleted and every session of the runner ends (the account stays, with
 * no athlete: sharing again takes a new invitation). */
static int api_share_delete(api_call *c)
{
    if (!c->ctx->clinic)
        return share_absent(c);
    sg_share_counts n;
    long long athlete = sg_store_athlete(c->st);
    int rc = sg_share_clinic_delete(c->st, c->who.account_id, (long long)time(NULL), &n,
                                    &c->err);
    if (!rc && c->ctx->imports) /* unfinished IMU recordings go too */
        sg_share_imu_parts_drop(sg_imports_dir(c->ctx->imports), athlete);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_key(&w, "deleted");
    sg_jw_obj_begin(&w);
    sg_share_counts_json(&w, &n);
    sg_jw_obj_end(&w);
    sg_jw_kbool(&w, "sessions_ended", true);
    sg_jw_obj_end(&w);
    return reply_jw(c, &w);
}

/* The account routes of `serve --clinic` (server/auth.h). */
static int auth_call(api_call *c, int (*fn)(sg_auth_call *))
{
    sg_auth_call a = {c->ctx, c->req, c->st, &c->who, c->csrf, c->resp, &c->err};
    return fn(&a);
}
static int api_login(api_call *c) { return auth_call(c, sg_auth_login); }
static int api_logout(api_call *c) { return auth_call(c, sg_auth_logout); }
static int api_me(api_call *c) { return auth_call(c, sg_auth_me); }
static int api_revoke(api_call *c) { return auth_call(c, sg_auth_revoke); }
static int api_codes(api_call *c) { return auth_call(c, sg_auth_codes); }
static int api_accept(api_call *c) { return auth_call(c, sg_auth_accept); }
static int api_clinics(api_call *c) { return auth_call(c, sg_auth_clinics); }
static int api_audit(api_call *c) { return auth_call(c, sg_auth_audit_list); }

/* ---- the clinician's view (issue #16, part E; app/clinic.h) ----------------
 * Clinic mode only: sg_auth_admit has scoped the request to its athlete (a
 * runner's own; a clinician's athlete=ID of their clinic) and audited a
 * clinician's access; c->who.athlete_id is that athlete. */

/* 404 on the local server: these routes exist only with --clinic. */
static int clinic_only(api_call *c)
{
    return c->ctx->clinic ? SG_OK : sg_err_set(&c->err, SG_ENOTFOUND, -1, "no such endpoint");
}

/* The body as an object whose members are all strings (or null) among
 * `keys` (NULL ended); vals[i] borrowed from *o (json_decref it). */
static int body_strings(api_call *c, const char *const *keys, const char **vals, json_t **o)
{
    json_error_t je;
    *o = c->req->body ? json_loadb(c->req->body, c->req->body_len, JSON_REJECT_DUPLICATES, &je)
                      : NULL;
    int ok = json_is_object(*o);
    const char *k;
    json_t *v;
    json_object_foreach(ok ? *o : NULL, k, v) {
        int known = 0;
        for (const char *const *p = keys; *p; p++)
            known |= strcmp(*p, k) == 0;
        ok &= known && (json_is_string(v) || json_is_null(v));
    }
    for (size_t i = 0; ok && keys[i]; i++)
        vals[i] = json_string_value(json_object_get(*o, keys[i]));
    if (ok)
        return SG_OK;
    json_decref(*o);
    *o = NULL;
    return bad_request(c, "expected a JSON object of strings");
}

static int reply_created(api_call *c, long long id)
{
    char b[48];
    snprintf(b, sizeof b, "{\"id\":%lld}", id);
    return reply_doc(c, strdup(b));
}

/* The roster, its uncached rows computed by one request at a time: the
 * others wait and then find them cached (sg_app_roster reads those). */
static int roster_compute(api_call *c, int today, sg_roster *r)
{
    size_t missing = 0;
    int rc = sg_app_roster_cached(c->st, c->who.clinic_id, today, r, &missing, &c->err);
    if (!rc && missing) {
        pthread_mutex_lock(&c->ctx->clinic->roster_mu);
        rc = sg_app_roster(c->st, c->who.clinic_id, today, r, &c->err);
        pthread_mutex_unlock(&c->ctx->clinic->roster_mu);
    }
    return rc;
}

static char *roster_text(const sg_roster *r, int today, size_t *len)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_roster_json(&w, r, today);
    return sg_jw_take_buf(&w, len);
}

/* GET /api/clinic/roster?today=D: the clinician's runners by what needs
 * attention. The whole answer is kept (the clinic's answer cache) under
 * sg_app_roster_key, read from the store on every request and taken before
 * computing, so a change made meanwhile is never hidden. */
static int api_roster(api_call *c)
{
    int today;
    int rc = day_param(c, "today", sg_app_today(), &today);
    char key[SG_ROSTER_KEY_MAX];
    if (!rc)
        rc = sg_app_roster_key(c->st, c->who.clinic_id, today, key, &c->err);
    long long now = (long long)time(NULL);
    if (!rc && sg_auth_roster_audit_due(c->ctx->clinic, c->who.account_id, now))
        rc = sg_app_roster_audit(c->st, now, c->who.account_id, c->who.clinic_id,
                                 "GET /api/clinic/roster", &c->err);
    if (rc)
        return rc;
    char *body;
    size_t len;
    if (sg_rc_get(&c->ctx->clinic->answers, key, &body, &len)) {
        sg_http_json(c->resp, body, len);
        return SG_OK;
    }
    sg_roster r;
    if ((rc = roster_compute(c, today, &r)))
        return rc;
    body = roster_text(&r, today, &len);
    /* kept as a later request will see it: every row cached */
    size_t kept_len = len;
    char *kept = body;
    if (body && r.cached != r.n) {
        r.cached = r.n;
        kept = roster_text(&r, today, &kept_len);
    }
    if (kept)
        sg_rc_put(&c->ctx->clinic->answers, key, kept, kept_len);
    if (kept != body)
        free(kept);
    sg_roster_free(&r);
    if (!body)
        return sg_err_set(&c->err, SG_ENOMEM, -1, "response too large or out of memory");
    sg_http_json(c->resp, body, len);
    return SG_OK;
}

/* GET /api/findings?athlete=ID */
static int api_findings_get(api_call *c)
{
    int rc = clinic_only(c);
    sg_finding_list l;
    if (rc || (rc = sg_app_finding_list(c->st, c->who.athlete_id, &l, &c->err)))
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_findings_json(&w, &l);
    sg_finding_list_free(&l);
    return reply_jw(c, &w);
}

/* POST /api/findings?athlete=ID {date, region, side, text} */
static int api_findings_post(api_call *c)
{
    static const char *const k[] = {"date", "region", "side", "text", NULL};
    const char *v[4] = {NULL};
    json_t *o = NULL;
    int rc = clinic_only(c);
    if (rc || (rc = body_strings(c, k, v, &o)))
        return rc;
    long long now = (long long)time(NULL), id = 0;
    sg_finding_req q = {c->who.athlete_id, c->who.account_id, v[0], v[1], v[2], v[3], now};
    rc = sg_app_finding_add(c->st, &q, &id, &c->err);
    json_decref(o);
    return rc ? rc : reply_created(c, id);
}

/* DELETE /api/findings/ID?athlete=ID */
static int api_findings_delete(api_call *c)
{
    int rc = clinic_only(c);
    if (!rc)
        rc = sg_app_finding_delete(c->st, c->who.athlete_id, c->id, &c->err);
    return rc ? rc : reply_doc(c, strdup("{\"deleted\":true}"));
}

/* GET /api/assignments?athlete=ID: every assignment, past ones too */
static int api_assignments_get(api_call *c)
{
    int rc = clinic_only(c);
    sg_assignment_list l;
    if (rc || (rc = sg_app_assignment_list(c->st, c->who.athlete_id, SG_JOURNAL_NO_DAY, &l,
                                           &c->err)))
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_assignments_json(&w, &l);
    sg_assignment_list_free(&l);
    return reply_jw(c, &w);
}

/* POST /api/assignments?athlete=ID {exercise, dose, notes, from, to} */
static int api_assignments_post(api_call *c)
{
    static const char *const k[] = {"exercise", "dose", "notes", "from", "to", NULL};
    const char *v[5] = {NULL};
    json_t *o = NULL;
    int rc = clinic_only(c);
    if (rc || (rc = body_strings(c, k, v, &o)))
        return rc;
    long long now = (long long)time(NULL), id = 0;
    char today[11];
    sg_assignment_req q = {c->who.athlete_id, c->who.account_id, v[0], v[1], v[2] ? v[2] : "",
                           v[3] ? v[3] : sg_journal_date_format(sg_app_today(), today), v[4],
                           now};
    rc = sg_app_assignment_add(c->st, &q, &id, &c->err);
    json_decref(o);
    return rc ? rc : reply_created(c, id);
}

/* DELETE /api/assignments/ID?athlete=ID */
static int api_assignments_delete(api_call *c)
{
    int rc = clinic_only(c);
    if (!rc)
        rc = sg_app_assignment_delete(c->st, c->who.athlete_id, c->id, &c->err);
    return rc ? rc : reply_doc(c, strdup("{\"deleted\":true}"));
}

/* GET /api/clinic/exercises: the library an assignment picks from */
static int api_exercises(api_call *c)
{
    sg_prehab_lib *lib = NULL;
    int rc = sg_app_exercise_library(&lib, &c->err);
    if (rc)
        return rc;
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_exercises_json(&w, lib);
    sg_prehab_lib_free(lib);
    return reply_jw(c, &w);
}

/* GET /api/visit?athlete=ID&today=D: the printable visit summary (HTML) */
static int api_visit(api_call *c)
{
    int today;
    int rc = clinic_only(c);
    if (!rc)
        rc = day_param(c, "today", sg_app_today(), &today);
    if (rc)
        return rc;
    sg_visit v;
    if ((rc = sg_app_visit(c->st, c->who.athlete_id, today, &v, &c->err)))
        return rc;
    char *page = sg_visit_html(&v, NULL);
    sg_visit_free(&v);
    rc = reply_doc(c, page);
    if (!rc)
        c->resp->content_type = "text/html; charset=utf-8";
    return rc;
}

/* What a route needs from the dispatcher. */
enum { NO_STORE = 0, READS = 1, WRITES = 2 };

typedef struct route {
    const char *method;
    const char *path;      /* exact path, or a prefix ending in '/' followed by an id */
    int takes_id;
    int store;             /* NO_STORE, READS or WRITES the store */
    sg_who who;            /* who may call it: sg_authz_decide (server/authz.h) decides */
    api_fn fn;
    const char *not_found; /* the 404 message for SG_ENOTFOUND (NULL: the error's own) */
} route;

static const route routes[] = {
    {"GET", "/api/health", 0, NO_STORE, SG_WHO_PUBLIC, api_health, NULL},
    {"GET", "/api/runs", 0, READS, SG_WHO_RUNNER_READ, api_runs, NULL},
    {"GET", "/api/athlete", 0, READS, SG_WHO_RUNNER_READ, api_athlete, NULL},
    /* issue #15's writes (profile, course, journal edits) */
    {"POST", "/api/athlete", 0, WRITES, SG_WHO_RUNNER_SELF, api_athlete_post, NULL},
    {"POST", "/api/course", 0, WRITES, SG_WHO_RUNNER_SELF, api_course_post, NULL},
    {"DELETE", "/api/course", 0, WRITES, SG_WHO_RUNNER_SELF, api_course_delete, NULL},
    {"GET", "/api/runs/", 1, READS, SG_WHO_RUNNER_READ, api_run, "no such run"},
    /* deleting a run with undo (#15; docs/internals-store.md "Trash and change log") */
    {"DELETE", "/api/runs/", 1, WRITES, SG_WHO_RUNNER_SELF, api_run_delete, NULL},
    {"POST", "/api/runs/undo", 0, WRITES, SG_WHO_RUNNER_SELF, api_runs_undo, NULL},
    {"GET", "/api/runs/changes", 0, READS, SG_WHO_RUNNER_READ, api_runs_changes, NULL},
    {"GET", "/api/load", 0, READS, SG_WHO_RUNNER_READ, api_load, NULL},
    {"GET", "/api/race", 0, READS, SG_WHO_RUNNER_READ, api_race, NULL},
    {"GET", "/api/imu", 0, READS, SG_WHO_RUNNER_READ, api_imu_list, NULL},
    {"GET", "/api/imu/", 1, READS, SG_WHO_RUNNER_READ, api_imu_view, "no such recording"},
    {"GET", "/api/journal", 0, READS, SG_WHO_RUNNER_READ, api_journal_get, NULL},
    {"POST", "/api/journal", 0, WRITES, SG_WHO_RUNNER_SELF, api_journal_post, NULL},
    {"GET", "/api/journal/export", 0, READS, SG_WHO_RUNNER_READ, api_journal_export, NULL},
    {"POST", "/api/journal/", 1, WRITES, SG_WHO_RUNNER_SELF, api_journal_edit, "no such journal entry"},
    {"DELETE", "/api/journal/", 1, WRITES, SG_WHO_RUNNER_SELF, api_journal_delete, "no such journal entry"},
    {"GET", "/api/check", 0, READS, SG_WHO_RUNNER_READ, api_check, NULL},
    {"GET", "/api/ostrc", 0, READS, SG_WHO_RUNNER_READ, api_ostrc, NULL},
    {"GET", "/api/plan", 0, READS, SG_WHO_RUNNER_READ, api_plan, NULL},
    {"GET", "/api/gear", 0, READS, SG_WHO_RUNNER_READ, api_gear_list, NULL},
    {"POST", "/api/gear", 0, WRITES, SG_WHO_RUNNER_SELF, api_gear_save, NULL},
    {"POST", "/api/gear/assign", 0, WRITES, SG_WHO_RUNNER_SELF, api_gear_assign, NULL},
    {"POST", "/api/gear/", 1, WRITES, SG_WHO_RUNNER_SELF, api_gear_save, NULL},
    {"DELETE", "/api/gear/", 1, WRITES, SG_WHO_RUNNER_SELF, api_gear_delete, NULL},
    /* the body is a file the front streamed to disk (SG_HTTP_UPLOAD_PATH)
     * after admitting the caller by this rule; the import job takes its own
     * store handle, scoped to the caller's athlete (server/upload.h) */
    {"GET", "/api/import", 0, NO_STORE, SG_WHO_RUNNER_SELF, api_import_status, NULL},
    {"POST", "/api/import", 0, NO_STORE, SG_WHO_RUNNER_SELF, api_import_start, NULL},
    /* serve --clinic (issue #16): accounts and sessions (server/auth.h) */
    {"POST", "/api/login", 0, WRITES, SG_WHO_CLINIC_PUBLIC, api_login, NULL},
    {"POST", "/api/accept", 0, WRITES, SG_WHO_CLINIC_PUBLIC, api_accept, NULL},
    {"POST", "/api/logout", 0, WRITES, SG_WHO_SESSION, api_logout, NULL},
    {"GET", "/api/me", 0, NO_STORE, SG_WHO_SESSION, api_me, NULL},
    {"POST", "/api/sessions/revoke", 0, WRITES, SG_WHO_SESSION, api_revoke, NULL},
    {"GET", "/api/audit", 0, READS, SG_WHO_SESSION, api_audit, NULL},
    {"POST", "/api/codes", 0, WRITES, SG_WHO_STAFF, api_codes, NULL},
    {"POST", "/api/clinics", 0, WRITES, SG_WHO_ADMIN, api_clinics, NULL},
    /* sharing (issue #16, part D): the runner's own athlete at the clinic */
    {"GET", "/api/share/have", 0, READS, SG_WHO_RUNNER_SELF, api_share_have, NULL},
    {"POST", "/api/share/activity", 0, WRITES, SG_WHO_RUNNER_SELF, api_share_activity, NULL},
    {"POST", "/api/share/journal", 0, WRITES, SG_WHO_RUNNER_SELF, api_share_journal, NULL},
    {"POST", "/api/share/imu", 0, WRITES, SG_WHO_RUNNER_SELF, api_share_imu, NULL},
    {"GET", "/api/share", 0, READS, SG_WHO_RUNNER_SELF, api_share_get, NULL},
    {"DELETE", "/api/share", 0, WRITES, SG_WHO_RUNNER_SELF, api_share_delete, NULL},
    /* the clinician's view (issue #16, part E): a clinician names the runner
     * with athlete=ID (server/auth.c); reads also the runner's own */
    {"GET", "/api/clinic/roster", 0, WRITES, SG_WHO_CLINICIAN, api_roster, NULL},
    {"GET", "/api/clinic/exercises", 0, NO_STORE, SG_WHO_CLINICIAN, api_exercises, NULL},
    {"GET", "/api/findings", 0, READS, SG_WHO_RUNNER_READ, api_findings_get, NULL},
    {"POST", "/api/findings", 0, WRITES, SG_WHO_CLINICIAN_WRITE, api_findings_post, NULL},
    {"DELETE", "/api/findings/", 1, WRITES, SG_WHO_CLINICIAN_WRITE, api_findings_delete,
     "no such finding"},
    {"GET", "/api/assignments", 0, READS, SG_WHO_RUNNER_READ, api_assignments_get, NULL},
    {"POST", "/api/assignments", 0, WRITES, SG_WHO_CLINICIAN_WRITE, api_assignments_post, NULL},
    {"DELETE", "/api/assignments/", 1, WRITES, SG_WHO_CLINICIAN_WRITE, api_assignments_delete,
     "no such assignment"},
    {"GET", "/api/visit", 0, READS, SG_WHO_CLINICIAN_READ, api_visit, NULL},
};

/* An id is 1..20 decimal digits. */
static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 20)
        return 0;
    return strspn(s, "0123456789") == n;
}

/* The route for method and path; NULL with *status and *msg set when none. */
static const route *match(const sg_http_req *req, const char **id, int *status, const char **msg)
{
    int path_known = 0, bad_id = 0;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        const route *r = &routes[i];
        *id = NULL;
        if (r->takes_id) {
            size_t pl = strlen(r->path);
            if (strncmp(req->path, r->path, pl) != 0)
                continue;
            *id = req->path + pl;
            if (!valid_id(*id)) {
                /* a bad id, unless the path is another route's name
                 * (/api/journal/export beside /api/journal/ID) */
                bad_id = 1;
                continue;
            }
        } else if (strcmp(req->path, r->path) != 0) {
            continue;
        }
        path_known = 1;
        if (strcmp(req->method, r->method) == 0)
            return r;
    }
    *id = NULL;
    if (!path_known && bad_id) {
        *status = 400;
        *msg = "bad id: expected a number";
        return NULL;
    }
    *status = path_known ? 405 : 404;
    *msg = path_known ? "method not allowed" : "no such endpoint";
    return NULL;
}

/* Whether a handle may go back to the pool after a route returned rc: a
 * store or system failure, or any failure of a write, may leave it in a
 * state the next request should not inherit (an open transaction). */
static int handle_broken(const route *r, int rc)
{
    if (rc == SG_OK)
        return 0;
    int users = rc == SG_EUSAGE || rc == SG_EFORMAT || rc == SG_ENOTFOUND || rc == SG_EEXISTS ||
                rc == SG_ENODATA || rc == SG_EDENIED;
    return r->store == WRITES ? !users : rc == SG_ESTORE || rc == SG_EIO || rc == SG_ENOSPC;
}

void sg_api_route(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp)
{
    sg_api_route_ruled(ctx, req, resp, NULL);
}

void sg_api_route_ruled(const sg_server_ctx *ctx, const sg_http_req *req, sg_http_resp *resp,
                        const sg_who *rules)
{
    const char *id = NULL, *msg = NULL;
    int status = 500;
    const route *r = match(req, &id, &status, &msg);
    if (!r) {
        sg_http_error(resp, status, msg);
        return;
    }
    /* the rule that admits: the table's, or a test's doctored copy */
    sg_who who = rules ? rules[r - routes] : r->who;
    api_call c = {ctx, req, id ? strtoll(id, NULL, 10) : 0, NULL, resp, {0}, {0}, ""};
    sg_err_clear(&c.err);
    /* the local server decides before taking a store (a route absent in its
     * mode is 404 even without one); clinic mode reads the session from the
     * store for every rule but PUBLIC, and decides after */
    if (!ctx->clinic && !sg_auth_admit(ctx, req, NULL, who, &c.who, c.csrf, resp))
        return;
    if (r->store != NO_STORE || (ctx->clinic && who != SG_WHO_PUBLIC)) {
        if (!ctx->pool) {
            sg_http_error(resp, 503, "no store");
            return;
        }
        if (sg_pool_get(ctx->pool, &c.st, &c.err)) {
            sg_http_error(resp, 503, c.err.msg);
            return;
        }
    }
    if (ctx->clinic && !sg_auth_admit(ctx, req, c.st, who, &c.who, c.csrf, resp)) {
        if (c.st)
            sg_pool_put(ctx->pool, c.st, 0);
        return;
    }
    int rc = r->fn(&c);
    if (c.st)
        sg_pool_put(ctx->pool, c.st, handle_broken(r, rc));
    if (rc == SG_OK)
        return;
    if (rc == SG_ENOTFOUND && r->not_found)
        msg = r->not_found;
    else
        msg = c.err.msg[0] ? c.err.msg : sg_code_name(rc);
    sg_http_error(resp, http_status(rc), msg);
}

/* ---- the table, read only (server/api.h) ----------------------------------- */

size_t sg_api_route_count(void) { return sizeof routes / sizeof *routes; }

int sg_api_route_get(size_t i, sg_api_route_info *out, sg_err *err)
{
    if (i >= sg_api_route_count())
        return sg_err_set(err, SG_EUSAGE, -1, "no route %zu: the table holds %zu", i,
                          sg_api_route_count());
    out->method = routes[i].method;
    out->path = routes[i].path;
    out->takes_id = routes[i].takes_id;
    out->rule = routes[i].who;
    return SG_OK;
}

const char *sg_api_rule_name(sg_who rule)
{
    /* one name per rule, in the enum's order: a rule added without its name
     * fails to compile */
    static const char *const names[] = {
        [SG_WHO_UNKNOWN] = "unknown",
        [SG_WHO_PUBLIC] = "public",
        [SG_WHO_CLINIC_PUBLIC] = "clinic_public",
        [SG_WHO_SESSION] = "session",
        [SG_WHO_RUNNER_SELF] = "runner_self",
        [SG_WHO_CLINICIAN_READ] = "clinician_read",
        [SG_WHO_CLINICIAN_WRITE] = "clinician_write",
        [SG_WHO_STAFF] = "staff",
        [SG_WHO_ADMIN] = "admin",
        [SG_WHO_ISSUE_CODE] = "issue_code",
        [SG_WHO_RUNNER_READ] = "runner_read",
        [SG_WHO_CLINICIAN] = "clinician",
    };
    _Static_assert(sizeof names / sizeof *names == SG_WHO_COUNT, "a rule without a name");
    return (unsigned)rule < SG_WHO_COUNT && names[rule] ? names[rule] : "unknown";
}
