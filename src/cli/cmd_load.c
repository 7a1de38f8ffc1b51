/* `strideguard load` and the helpers `race` shares with it (docs/cli.md
 * "load", "race"). Parsing and printing only; the work is src/app/load.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/load.h"
#include "cli/cli.h"
#include "cli/load_cli.h"
#include "cli/opts.h"
#include "model/jsonw.h"
#include "render/load_json.h"
#include "render/load_text.h"

int sg_load_cli_run(const sg_cli_ctx *ctx, const sg_app_load_opts *o, sg_load_result **r)
{
    sg_store *st = NULL;
    sg_err err;
    sg_err_clear(&err);
    sg_app_load_stats stats;
    int rc = sg_store_open(ctx->db_path, &st, &err);
    if (rc == SG_OK)
        rc = sg_app_load(st, o, NULL, r, &stats, &err);
    sg_store_close(st);
    if (rc)
        return sg_cli_store_failed(ctx, rc, &err);
    /* warnings: one line each; the same facts are flags in the output */
    if (stats.course_error[0])
        sg_cli_errorf("warning: %s: race course not used: %s", stats.course_path,
                      stats.course_error);
    if (!stats.profile)
        sg_cli_errorf("warning: no athlete profile; heart-rate defaults used "
                      "(strideguard athlete set --hr-rest N --hr-max N)");
    else if (stats.hr_max_estimated)
        sg_cli_errorf("warning: max heart rate not set; estimated at %.0f bpm from your runs "
                      "(strideguard athlete set --hr-max N)",
                      stats.hr_max);
    if (stats.unreadable)
        sg_cli_errorf("warning: %zu stored activit%s could not be decoded; listed totals used",
                      stats.unreadable, stats.unreadable == 1 ? "y" : "ies");
    return SG_EXIT_OK;
}

int sg_load_cli_print(const sg_cli_ctx *ctx, sg_app_load_opts *o, const sg_cli_common *co,
                      int race, int all)
{
    if (!sg_cli_today(co->today, &o->now, &o->today))
        return SG_EXIT_USAGE;
    sg_load_result *r = NULL;
    int rc = sg_load_cli_run(ctx, o, &r);
    if (rc)
        return rc;
    int imperial = ctx->units == SG_UNITS_IMPERIAL;
    if (race && !r->has_race && co->json) /* text says so itself */
        sg_cli_errorf("no race date set (strideguard athlete set --race-date YYYY-MM-DD "
                      "[--course FILE], or race --date YYYY-MM-DD)");
    if (co->json) {
        sg_jw w;
        sg_cli_json_begin(&w, ctx);
        if (race)
            sg_load_json_race(&w, r);
        else
            sg_load_json(&w, r, all);
        rc = sg_cli_json_end(&w);
    } else if (race ? sg_load_text_race(stdout, r, imperial) : sg_load_text(stdout, r, imperial)) {
        rc = SG_EXIT_FAIL;
    }
    if (fflush(stdout) != 0)
        rc = SG_EXIT_FAIL;
    sg_load_result_free(r);
    return rc;
}

static void usage(FILE *f)
{
    fputs("usage: strideguard load [--today YYYY-MM-DD] [--weeks N] [--all]\n"
          "                        [--metric auto|trimp|srpe|distance|time] [--no-cache] [--json]\n"
          "  Training load over the stored activities: this week, what to watch, the race.\n"
          "  --today   the day to analyse for (default: today, UTC)\n"
          "  --weeks   weeks shown (1-520, default 16); --all shows the whole history in JSON\n"
          "  --no-cache  recompute every activity's inputs (slow; for checks and benchmarks)\n",
          f);
}

static int parse_metric(const char *s, sg_load_metric *m)
{
    static const struct {
        const char *name;
        sg_load_metric m;
    } t[] = {{"auto", SG_LOAD_AUTO},
             {"trimp", SG_LOAD_TRIMP},
             {"srpe", SG_LOAD_SRPE},
             {"distance", SG_LOAD_DISTANCE},
             {"time", SG_LOAD_TIME}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(s, t[i].name) == 0) {
            *m = t[i].m;
            return 1;
        }
    return 0;
}

/* load's own options (sg_cli_opt_fn) */
typedef struct load_args {
    sg_app_load_opts o;
    bool all;
} load_args;

static int load_opt(void *state, const char *a, const char *v)
{
    load_args *l = state;
    if (strcmp(a, "--all") == 0) {
        l->all = true;
        return 1;
    } else if (strcmp(a, "--no-cache") == 0) {
        l->o.no_cache = true;
        return 1;
    } else if (strcmp(a, "--weeks") == 0 && v) {
        return sg_cli_int_arg("load", "--weeks", v, 1, 520, &l->o.weeks) ? 2 : -1;
    } else if (strcmp(a, "--metric") == 0 && v) {
        if (!parse_metric(v, &l->o.metric)) {
            sg_cli_errorf("load: --metric expects auto, trimp, srpe, distance or time, got '%s'",
                          v);
            return -1;
        }
        return 2;
    }
    return 0;
}

int sg_cmd_load(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_cli_common co = {.takes_today = true};
    load_args l;
    l.all = false;
    sg_app_load_opts_init(&l.o, NAN);
    int rc = sg_cli_parse(argc, argv, "load", usage, &co, load_opt, &l);
    if (rc != SG_CLI_GO_ON)
        return rc;
    return sg_load_cli_print(ctx, &l.o, &co, 0, l.all);
}
