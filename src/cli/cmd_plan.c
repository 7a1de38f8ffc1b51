/* `strideguard plan [--week D] [--today D] [--run D:KIND ...] [--taper|--no-taper]
 * [--library FILE] [--ics FILE] [--json]` (docs/cli.md "plan"). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/journal.h"
#include "app/plan.h"
#include "bytes/file.h"
#include "cli/cli.h"
#include "cli/entry_opts.h"
#include "render/ics.h"
#include "render/journal_render.h"

int sg_cmd_plan(int argc, char **argv, const sg_cli_ctx *ctx);

static void usage(FILE *f)
{
    fputs("usage: strideguard plan [--week D] [--today D] [--run D:easy|long|hard|race]...\n"
          "                        [--taper|--no-taper] [--library FILE] [--ics FILE] [--json]\n"
          "Plans the week containing D (default: this week) around your runs: those recorded,\n"
          "the weekday pattern of the last 4 weeks, your race date, and any --run given.\n",
          f);
}

static int run_arg(const char *v, sg_planned_run *r)
{
    char day[16];
    const char *colon = strchr(v, ':');
    if (!colon || (size_t)(colon - v) >= sizeof day) {
        sg_cli_errorf("plan: --run expects DATE:KIND, got '%s'", v);
        return 0;
    }
    memcpy(day, v, (size_t)(colon - v));
    day[colon - v] = '\0';
    if (!sg_cli_day_arg("plan", "--run", day, &r->day))
        return 0;
    r->kind = sg_run_kind_parse(colon + 1);
    if (!r->kind) {
        sg_cli_errorf("plan: unknown run kind '%s' (use easy, long, hard or race)", colon + 1);
        return 0;
    }
    return 1;
}

static json_t *plan_json(const sg_app_plan *p)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_plan_write_json(&w, &p->plan);
    json_t *j = NULL;
    if (!sg_jw_error(&w)) {
        size_t len = 0;
        char *s = sg_jw_take_buf(&w, &len);
        j = json_loadb(s, len, 0, NULL);
        free(s);
    }
    sg_jw_dispose(&w);
    if (!j)
        return NULL;
    /* what the plan was built from */
    json_t *runs = json_array();
    char d[11];
    for (size_t i = 0; i < p->n_runs; i++)
        json_array_append_new(
            runs, json_pack("{s:s, s:s, s:s}", "date",
                            sg_journal_date_format(p->runs[i].day, d), "kind",
                            sg_run_kind_name(p->runs[i].kind), "source",
                            sg_app_run_source_name(p->run_source[i])));
    json_object_set_new(j, "runs", runs);
    json_t *b = json_object();
    json_object_set_new(b, "pattern_weeks", json_integer(p->pattern_weeks));
    json_object_set_new(b, "runs_considered", json_integer(p->finding_runs));
    json_object_set_new(b, "descent_heavy_runs", json_integer(p->descent_runs));
    json_object_set_new(b, "max_descent_m",
                        p->max_descent_m == p->max_descent_m ? json_real(p->max_descent_m)
                                                             : json_null());
    json_object_set_new(b, "balance_left_pct",
                        p->balance_left_pct == p->balance_left_pct
                            ? json_real(p->balance_left_pct)
                            : json_null());
    json_object_set_new(b, "breakdown_runs", json_integer(p->breakdown_runs));
    json_object_set_new(b, "taper_reason",
                        p->taper_reason ? json_string(p->taper_reason) : json_null());
    json_object_set_new(j, "basis", b);
    return j;
}

int sg_cmd_plan(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_planned_run given[SG_APP_PLAN_MAX_RUNS];
    size_t n_given = 0;
    sg_app_plan_opts o;
    sg_app_plan_opts_init(&o, sg_app_today());
    const char *ics = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        }
        if (strcmp(a, "--json") == 0) {
            json = 1;
            continue;
        }
        if (strcmp(a, "--taper") == 0 || strcmp(a, "--no-taper") == 0) {
            o.taper = strcmp(a, "--taper") == 0;
            continue;
        }
        if (!v) {
            sg_cli_errorf("plan: unknown or incomplete option '%s' (see --help)", a);
            return SG_EXIT_USAGE;
        }
        i++;
        if (strcmp(a, "--week") == 0) {
            if (!sg_cli_day_arg("plan", a, v, &o.week))
                return SG_EXIT_USAGE;
        } else if (strcmp(a, "--today") == 0) {
            if (!sg_cli_day_arg("plan", a, v, &o.today))
                return SG_EXIT_USAGE;
        } else if (strcmp(a, "--run") == 0) {
            if (n_given >= SG_APP_PLAN_MAX_RUNS) {
                sg_cli_errorf("plan: at most %d --run options", SG_APP_PLAN_MAX_RUNS);
                return SG_EXIT_USAGE;
            }
            if (!run_arg(v, &given[n_given++]))
                return SG_EXIT_USAGE;
        } else if (strcmp(a, "--library") == 0) {
            o.library_path = v;
        } else if (strcmp(a, "--ics") == 0) {
            ics = v;
        } else {
            sg_cli_errorf("plan: unknown option '%s' (see --help)", a);
            return SG_EXIT_USAGE;
        }
    }
    o.runs = given;
    o.n_runs = n_given;

    int rc = SG_EXIT_OK;
    sg_store *st = NULL;
    sg_app_plan *p = calloc(1, sizeof *p);
    char *cal = NULL;
    sg_err err;
    sg_err_clear(&err);
    if (!p) {
        sg_cli_errorf("plan: out of memory");
        return SG_EXIT_FAIL;
    }
    if (sg_store_open(ctx->db_path, &st, &err)) {
        sg_cli_error(ctx->db_path, &err);
        rc = SG_EXIT_FAIL;
        goto out;
    }
    if (sg_app_plan_make(st, &o, p, &err)) {
        if (o.library_path && (err.code == SG_EFORMAT || err.code == SG_EIO ||
                               err.code == SG_ELIMIT || err.code == SG_EUNSUPPORTED))
            sg_cli_error(o.library_path, &err);
        else
            sg_cli_errorf("plan: %s", err.msg);
        rc = sg_cli_exit_for(err.code);
        goto out;
    }
    if (ics) {
        size_t len = 0;
        if (sg_ics_plan(&p->plan, (long long)time(NULL), NULL, &cal, &len, &err) ||
            sg_file_write_atomic(ics, cal, len, &err)) {
            sg_cli_error(ics, &err);
            rc = SG_EXIT_FAIL;
            goto out;
        }
    }
    if (json) {
        json_t *j = plan_json(p);
        if (!j || json_dumpf(j, stdout, JSON_COMPACT) || putchar('\n') == EOF) {
            sg_cli_errorf("plan: could not write the JSON");
            rc = SG_EXIT_FAIL;
        }
        json_decref(j);
    } else {
        sg_plan_write_text(stdout, &p->plan);
        if (p->n_runs) {
            char d[11];
            fputs("\nRuns the plan works around:", stdout);
            for (size_t i = 0; i < p->n_runs; i++)
                printf(" %s %s (%s)%s", sg_journal_date_format(p->runs[i].day, d),
                       sg_run_kind_name(p->runs[i].kind), sg_app_run_source_name(p->run_source[i]),
                       i + 1 < p->n_runs ? ";" : "");
            putchar('\n');
        }
        if (p->taper_reason)
            printf("Taper week: %s.\n", p->taper_reason);
        if (ics)
            printf("Calendar written to %s\n", ics);
    }
out:
    free(cal);
    sg_app_plan_free(p);
    free(p);
    sg_store_close(st);
    return rc;
}
