/* The authorisation matrix in process (issue #16): every route of the table
 * (server/api.h sg_api_route_get) x every kind of caller x ownership, through
 * the one decision the server uses (sg_authz_decide with the rule the table
 * gives), compared with the independent statement of who may do what in
 * tests/authz/spec.tsv. The local server's column also goes through the real
 * dispatcher and admission (sg_api_route_ruled), answering with the refusal's
 * machine code. A route missing from the spec, or a spec line whose route is
 * gone, fails.
 *
 * The tests of the test loosen one rule in a copy of the table (a runner-only
 * write made any session's, a staff or clinician rule made any signed-in
 * account's, a clinic-only route made public) and drop or add a spec line,
 * and assert that the comparison names the route.
 *
 * The runner_other column (a runner naming another athlete with ?athlete=)
 * depends on how admission reads the parameter, which this model does not
 * copy: tests/e2e/clinic_matrix.sh checks it over HTTP. */
#include "support/sg_test.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/api.h"
#include "server/authz.h"
#include "test_authz_caller.h"
#include "server/http.h"

#define MAX_ROWS 256
#define MAX_ROUTES 256
#define REPORT_CAP 16384

enum { C_ANON, C_RUNNER, C_RUNNER_OTHER, C_CLIN, C_CLIN_OTHER, C_CLIN_NONE, C_ADMIN, C_LOCAL,
       N_COLS };
static const char *const col_names[N_COLS] = {"anon", "runner", "runner_other", "clinician",
                                              "clinician_other", "clinician_none", "admin",
                                              "local"};

typedef struct spec_row {
    char method[8];
    char path[96];             /* with "{id}" */
    char want[N_COLS][8];      /* allow, 401, 403, 404 */
} spec_row;

typedef struct spec {
    spec_row rows[MAX_ROWS];
    size_t n;
} spec;

/* Reads tests/authz/spec.tsv; fails the test on a malformed line. */
static void spec_load(spec *s)
{
    const char *src = getenv("SG_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/authz/spec.tsv", src ? src : ".");
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s (set SG_SOURCE_DIR)", path);
    char line[512];
    int lineno = 0;
    s->n = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line + strspn(line, " \t");
        if (*p == '#' || *p == '\n' || *p == '\0')
            continue;
        if (s->n >= MAX_ROWS)
            fail_msg("%s: more than %d lines", path, MAX_ROWS);
        spec_row *r = &s->rows[s->n];
        char *save = NULL, *tok[2 + N_COLS];
        int k = 0;
        for (char *t = strtok_r(p, " \t\n", &save); t && k < 2 + N_COLS;
             t = strtok_r(NULL, " \t\n", &save))
            tok[k++] = t;
        if (k != 2 + N_COLS || strtok_r(NULL, " \t\n", &save))
            fail_msg("%s:%d: expected METHOD PATH and %d outcomes", path, lineno, N_COLS);
        snprintf(r->method, sizeof r->method, "%s", tok[0]);
        snprintf(r->path, sizeof r->path, "%s", tok[1]);
        for (int c = 0; c < N_COLS; c++) {
            const char *w = tok[2 + c];
            if (strcmp(w, "allow") && strcmp(w, "400") && strcmp(w, "401") && strcmp(w, "403") &&
                strcmp(w, "404"))
                fail_msg("%s:%d: outcome '%s': expected allow, 400, 401, 403 or 404", path,
                         lineno, w);
            snprintf(r->want[c], sizeof r->want[c], "%s", w);
        }
        s->n++;
    }
    fclose(f);
    assert_true(s->n > 0);
}

/* The table's routes, and a copy of their rules a test may doctor. */
typedef struct table {
    sg_api_route_info r[MAX_ROUTES];
    char path[MAX_ROUTES][96];  /* the spec's spelling */
    sg_who rules[MAX_ROUTES];
    size_t n;
} table;

static void table_load(table *t)
{
    t->n = sg_api_route_count();
    assert_true(t->n > 0 && t->n <= MAX_ROUTES);
    for (size_t i = 0; i < t->n; i++) {
        sg_err err;
        sg_err_clear(&err);
        assert_int_equal(sg_api_route_get(i, &t->r[i], &err), SG_OK);
        snprintf(t->path[i], sizeof t->path[i], "%s%s", t->r[i].path,
                 t->r[i].takes_id ? "{id}" : "");
        t->rules[i] = t->r[i].rule;
    }
    sg_err err;
    sg_err_clear(&err);
    sg_api_route_info past;
    assert_int_equal(sg_api_route_get(t->n, &past, &err), SG_EUSAGE);
}

static const char *outcome(sg_authz a)
{
    switch (a) {
    case SG_AUTHZ_ALLOW:
        return "allow";
    case SG_AUTHZ_SIGN_IN:
        return "401";
    case SG_AUTHZ_ABSENT:
        return "404";
    case SG_AUTHZ_DENY:
    default:
        return "403";
    }
}

/* The world of the model: runner A (athlete 30) in clinic 1, runner B
 * (athlete 40) in clinic 2, a clinician of each clinic, the admin.
 * The decision for one column (NULL: the column is not modelled here). Two
 * targets where the caller is asked with and without ?athlete=A: both must
 * agree, else "differs". */
static const char *decide_col(int col, sg_who rule)
{
    const sg_authz_target a = {30, 1, NULL, SG_ROLE_NONE}, none = {0, 0, NULL, SG_ROLE_NONE},
                          none1 = {0, 1, NULL, SG_ROLE_NONE};
    sg_authz_caller c;
    const sg_authz_target *t1 = &a, *t2 = NULL;
    switch (col) {
    case C_ANON:
        c = fx_caller(1, SG_ROLE_NONE, 0, 0, 0), t2 = &none;
        break;
    case C_RUNNER:
        c = fx_caller(1, SG_ROLE_RUNNER, 3, 1, 30);
        break;
    case C_CLIN:
        c = fx_caller(1, SG_ROLE_CLINICIAN, 6, 1, 0);
        break;
    case C_CLIN_OTHER:
        c = fx_caller(1, SG_ROLE_CLINICIAN, 7, 2, 0);
        break;
    case C_CLIN_NONE:
        c = fx_caller(1, SG_ROLE_CLINICIAN, 6, 1, 0), t1 = &none1;
        break;
    case C_ADMIN:
        c = fx_caller(1, SG_ROLE_ADMIN, 1, 0, 0), t2 = &none;
        break;
    case C_LOCAL:
        c = fx_caller(0, SG_ROLE_NONE, 0, 0, 0), t1 = &none;
        break;
    default:
        return NULL;
    }
    /* admission's own step before the decision (src/server/auth.c target_of):
     * on a rule about an athlete, a clinician naming another clinic's runner
     * is 404 and one naming nobody 400 */
    if (sg_authz_athlete_rule(rule) && col == C_CLIN_OTHER)
        return "404";
    if (sg_authz_athlete_rule(rule) && col == C_CLIN_NONE)
        return "400";
    const char *o1 = outcome(sg_authz_decide(rule, &c, t1));
    if (t2 && strcmp(o1, outcome(sg_authz_decide(rule, &c, t2))) != 0)
        return "differs";
    return o1;
}

/* The local server's answer through the dispatcher (no store: a route that
 * needs one and is admitted answers 503, which is "allow"). */
static const char *local_dispatch(const table *t, size_t i, const sg_who *rules, char buf[8])
{
    char path[128];
    snprintf(path, sizeof path, "%s%s", t->r[i].path, t->r[i].takes_id ? "1" : "");
    sg_http_req req;
    memset(&req, 0, sizeof req);
    req.method = t->r[i].method;
    req.path = path;
    sg_server_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    sg_http_resp resp;
    memset(&resp, 0, sizeof resp);
    sg_api_route_ruled(&ctx, &req, &resp, rules);
    json_t *o = resp.body ? json_loadb(resp.body, resp.body_len, 0, NULL) : NULL;
    const char *code = json_string_value(json_object_get(o, "code"));
    const char *res = "allow";
    if (code && strcmp(code, "sign_in") == 0)
        res = "401";
    else if (code && (strcmp(code, "forbidden") == 0 || strcmp(code, "csrf") == 0))
        res = "403";
    else if (code && strcmp(code, "absent") == 0)
        res = "404";
    snprintf(buf, 8, "%s", res);
    json_decref(o);
    sg_http_resp_release(&resp);
    return buf;
}

__attribute__((format(printf, 3, 4)))
static void say(char *report, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(report);
    if (len + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(report + len, cap - len, fmt, ap);
    va_end(ap);
}

/* Compares the table (with `rules`) against the spec; returns the number of
 * disagreements, each a line of `report`. */
static int compare(const table *t, const sg_who *rules, const spec *s, char *report, size_t cap)
{
    int bad = 0;
    report[0] = '\0';
    for (size_t i = 0; i < t->n; i++) {
        const spec_row *row = NULL;
        for (size_t k = 0; k < s->n && !row; k++)
            if (!strcmp(s->rows[k].method, t->r[i].method) && !strcmp(s->rows[k].path, t->path[i]))
                row = &s->rows[k];
        if (!row) {
            say(report, cap, "%s %s: route not in tests/authz/spec.tsv\n", t->r[i].method,
                t->path[i]);
            bad++;
            continue;
        }
        for (int c = 0; c < N_COLS; c++) {
            char buf[8];
            const char *got = decide_col(c, rules[i]);
            if (got && strcmp(got, row->want[c]) != 0) {
                say(report, cap, "%s %s as %s: spec says %s, the decision %s\n", row->method,
                    row->path, col_names[c], row->want[c], got);
                bad++;
            }
            got = c == C_LOCAL ? local_dispatch(t, i, rules, buf) : NULL;
            if (got && strcmp(got, row->want[c]) != 0) {
                say(report, cap, "%s %s as %s: spec says %s, the dispatcher %s\n", row->method,
                    row->path, col_names[c], row->want[c], got);
                bad++;
            }
        }
    }
    for (size_t k = 0; k < s->n; k++) {
        int found = 0;
        for (size_t i = 0; i < t->n && !found; i++)
            found = !strcmp(s->rows[k].method, t->r[i].method) &&
                    !strcmp(s->rows[k].path, t->path[i]);
        if (!found) {
            say(report, cap, "%s %s: spec line for a route the table does not have\n",
                s->rows[k].method, s->rows[k].path);
            bad++;
        }
    }
    return bad;
}

static spec the_spec;
static table the_table;
static char report[REPORT_CAP];

static void test_matrix_matches_spec(void **state)
{
    (void)state;
    spec_load(&the_spec);
    table_load(&the_table);
    int bad = compare(&the_table, the_table.rules, &the_spec, report, sizeof report);
    if (bad)
        fail_msg("%d disagreement(s) between the route table and tests/authz/spec.tsv:\n%s", bad,
                 report);
    print_message("%zu routes x %d callers agree with the spec\n", the_table.n, N_COLS);
}

/* Loosens the first route with rule `from` to `to` in a copy of the rules;
 * returns its index, or -1 when no route has that rule. */
static long loosen(sg_who *rules, sg_who from, sg_who to, int writes_only)
{
    for (size_t i = 0; i < the_table.n; i++) {
        if (the_table.r[i].rule != from)
            continue;
        if (writes_only && strcmp(the_table.r[i].method, "GET") == 0)
            continue;
        rules[i] = to;
        return (long)i;
    }
    return -1;
}

static void test_of_the_test_loosened_rule(void **state)
{
    (void)state;
    spec_load(&the_spec);
    table_load(&the_table);
    static const struct { sg_who from, to; int writes; } cases[] = {
        {SG_WHO_RUNNER_SELF, SG_WHO_SESSION, 1},     /* a runner-only write, any session's */
        {SG_WHO_CLINICIAN_READ, SG_WHO_STAFF, 0},    /* a clinician read, no clinic check */
        {SG_WHO_CLINICIAN_WRITE, SG_WHO_STAFF, 0},
        {SG_WHO_STAFF, SG_WHO_SESSION, 0},           /* issuing codes, a runner too */
        {SG_WHO_ADMIN, SG_WHO_PUBLIC, 0},            /* a clinic-only route, public (local too) */
    };
    int tried = 0;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        sg_who rules[MAX_ROUTES];
        memcpy(rules, the_table.rules, sizeof rules);
        long i = loosen(rules, cases[k].from, cases[k].to, cases[k].writes);
        if (i < 0)
            continue; /* no route has that rule (yet) */
        tried++;
        int bad = compare(&the_table, rules, &the_spec, report, sizeof report);
        char name[160];
        snprintf(name, sizeof name, "%s %s ", the_table.r[i].method, the_table.path[i]);
        if (!bad || !strstr(report, name))
            fail_msg("loosening %s to %s: the matrix did not report it:\n%s", name,
                     sg_api_rule_name(cases[k].to), report);
        if (cases[k].to == SG_WHO_PUBLIC && !strstr(report, "the dispatcher"))
            fail_msg("%s made public: the local dispatcher run of the doctored table did not "
                     "report it:\n%s", name, report);
    }
    assert_true(tried >= 3);
}

static void test_of_the_test_spec_coverage(void **state)
{
    (void)state;
    spec_load(&the_spec);
    table_load(&the_table);
    /* a route without a spec line (the last line dropped) */
    spec_row last = the_spec.rows[the_spec.n - 1];
    the_spec.n--;
    char name[160];
    snprintf(name, sizeof name, "%s %s: route not in", last.method, last.path);
    assert_true(compare(&the_table, the_table.rules, &the_spec, report, sizeof report) > 0);
    assert_non_null(strstr(report, name));
    /* a spec line whose route is gone */
    the_spec.rows[the_spec.n] = last;
    snprintf(the_spec.rows[the_spec.n].path, sizeof last.path, "/api/no-such-route");
    the_spec.n++;
    assert_true(compare(&the_table, the_table.rules, &the_spec, report, sizeof report) > 0);
    assert_non_null(strstr(report, "/api/no-such-route: spec line for a route"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix_matches_spec),
        cmocka_unit_test(test_of_the_test_loosened_rule),
        cmocka_unit_test(test_of_the_test_spec_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
