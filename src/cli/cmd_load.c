/* `strideguard load` and the helpers `race` shares with it (docs/cli.md
 * "load", "race"). Parsing and printing only; the work is src/app/load.c. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/load.h"
#include "cli/cli.h"
#include "cli/load_cli.h"
#include "render/jsonw.h"
#include "render/load_json.h"
#include "render/load_text.h"

int sg_cmd_load(int argc, char **argv, const sg_cli_ctx *ctx);

int sg_load_cli_today(const char *arg, sg_app_load_opts *o)
{
    sg_err err;
    sg_err_clear(&err);
    /* the one place the clock is read: analysis gets "today" as a number */
    o->now = (double)time(NULL);
    if (sg_app_load_today(arg, o->now, &o->today, &err)) {
        sg_cli_error(NULL, &err);
        return 0;
    }
    return 1;
}

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
    if (rc) {
        char path[PATH_MAX];
        const char *where = ctx->db_path;
        if (!where && sg_store_default_path(path, sizeof path, NULL) == SG_OK)
            where = path;
        sg_cli_error(where, &err);
        return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL;
    }
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

int sg_cmd_load(int argc, char **argv, const sg_cli_ctx *ctx)
{
    const char *today_arg = NULL;
    bool json = false, all = false;
    sg_app_load_opts o;
    sg_app_load_opts_init(&o, NAN);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--all") == 0) {
            all = true;
        } else if (strcmp(a, "--no-cache") == 0) {
            o.no_cache = true;
        } else if (strcmp(a, "--today") == 0 && v) {
            today_arg = v;
            i++;
        } else if (strcmp(a, "--weeks") == 0 && v) {
            char *end;
            long w = strtol(v, &end, 10);
            if (end == v || *end || w < 1 || w > 520) {
                sg_cli_errorf("load: --weeks expects a whole number from 1 to 520, got '%s'", v);
                return SG_EXIT_USAGE;
            }
            o.weeks = (int)w;
            i++;
        } else if (strcmp(a, "--metric") == 0 && v) {
            if (!parse_metric(v, &o.metric)) {
                sg_cli_errorf("load: --metric expects auto, trimp, srpe, distance or time, got '%s'",
                              v);
                return SG_EXIT_USAGE;
            }
            i++;
        } else {
            sg_cli_errorf("load: unknown or incomplete option '%s' (see 'strideguard load --help')",
                          a);
            return SG_EXIT_USAGE;
        }
    }
    if (!sg_load_cli_today(today_arg, &o))
        return SG_EXIT_USAGE;
    sg_load_result *r = NULL;
    int rc = sg_load_cli_run(ctx, &o, &r);
    if (rc)
        return rc;
    if (json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, ctx->tty_out ? 2 : 0);
        sg_load_json(&w, r, all);
        sg_jw_newline(&w);
        if (sg_jw_error(&w))
            rc = SG_EXIT_FAIL;
    } else if (sg_load_text(stdout, r, ctx->units == SG_UNITS_IMPERIAL)) {
        rc = SG_EXIT_FAIL;
    }
    if (fflush(stdout) != 0)
        rc = SG_EXIT_FAIL;
    sg_load_result_free(r);
    return rc;
}
