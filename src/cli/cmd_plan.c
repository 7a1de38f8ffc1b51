/* `strideguard plan [--week D] [--today D] [--run D:KIND ...] [--taper|--no-taper]
 * [--library FILE] [--ics FILE] [--json]` (docs/cli.md "plan"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/journal.h"
#include "app/plan.h"
#include "bytes/file.h"
#include "render/views.h"
#include "cli/cli.h"
#include "cli/entry_opts.h"
#include "render/ics.h"
#include "render/journal_render.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard plan [--week D] [--today D] [--run D:easy|long|hard|race]...\n"
          "                        [--taper|--no-taper] [--library FILE] [--ics FILE] [--json]\n"
          "Plans the 7 days from D (default: today) around your runs: those recorded, the\n"
          "weekday pattern of the last 4 weeks, your race date, and any --run given. It reads\n"
          "your journal and the triage of `check`: exercises are held, eased, left out or\n"
          "progressed according to what you logged. Exercises a clinician assigned at the\n"
          "clinic are listed after the plan, as the clinic's, while they are in force.\n",
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
        char *j = sg_view_plan_json(p);
        if (!j || fputs(j, stdout) == EOF || putchar('\n') == EOF) {
            sg_cli_errorf("plan: could not write the JSON");
            rc = SG_EXIT_FAIL;
        }
        free(j);
    } else {
        sg_plan_write_text(stdout, &p->plan);
        sg_plan_assigned_write_text(stdout, &p->assigned);
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
