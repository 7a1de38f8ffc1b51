/* `strideguard race`: taper and race readiness (docs/cli.md "race"). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/athlete.h"
#include "app/load.h"
#include "cli/cli.h"
#include "cli/load_cli.h"
#include "render/jsonw.h"
#include "render/load_json.h"
#include "render/load_text.h"

int sg_cmd_race(int argc, char **argv, const sg_cli_ctx *ctx);

static void usage(FILE *f)
{
    fputs("usage: strideguard race [--date YYYY-MM-DD] [--course FILE] [--today YYYY-MM-DD] [--json]\n"
          "  Taper and race readiness for the race in your profile (strideguard athlete set\n"
          "  --race-date D --course FILE), or for --date/--course as a what-if.\n",
          f);
}

int sg_cmd_race(int argc, char **argv, const sg_cli_ctx *ctx)
{
    const char *today_arg = NULL;
    bool json = false;
    sg_app_load_opts o;
    sg_app_load_opts_init(&o, NAN);
    sg_err err;
    sg_err_clear(&err);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--today") == 0 && v) {
            today_arg = v;
            i++;
        } else if (strcmp(a, "--date") == 0 && v) {
            if (sg_app_date_parse(v, &o.race_date, &err)) {
                sg_cli_errorf("race: --date: '%s' is not a date (expected YYYY-MM-DD)", v);
                return SG_EXIT_USAGE;
            }
            i++;
        } else if (strcmp(a, "--course") == 0 && v) {
            o.course_path = v;
            i++;
        } else {
            sg_cli_errorf("race: unknown or incomplete option '%s' (see 'strideguard race --help')",
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
    if (!r->has_race && json)   /* text says so itself */
        sg_cli_errorf("no race date set (strideguard athlete set --race-date YYYY-MM-DD "
                      "[--course FILE], or race --date YYYY-MM-DD)");
    if (json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, ctx->tty_out ? 2 : 0);
        sg_load_json_race(&w, r);
        sg_jw_newline(&w);
        if (sg_jw_error(&w))
            rc = SG_EXIT_FAIL;
    } else if (sg_load_text_race(stdout, r, ctx->units == SG_UNITS_IMPERIAL)) {
        rc = SG_EXIT_FAIL;
    }
    if (fflush(stdout) != 0)
        rc = SG_EXIT_FAIL;
    sg_load_result_free(r);
    return rc;
}
