/* `strideguard race`: taper and race readiness (docs/cli.md "race"). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/athlete.h"
#include "app/load.h"
#include "cli/cli.h"
#include "cli/load_cli.h"
#include "cli/opts.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard race [--date YYYY-MM-DD] [--course FILE] [--today YYYY-MM-DD] [--json]\n"
          "  Taper and race readiness for the race in your profile (strideguard athlete set\n"
          "  --race-date D --course FILE), or for --date/--course as a what-if.\n",
          f);
}

/* race's own options (sg_cli_opt_fn) */
static int race_opt(void *state, const char *a, const char *v)
{
    sg_app_load_opts *o = state;
    if (strcmp(a, "--date") == 0 && v) {
        if (sg_app_date_parse(v, &o->race_date, NULL)) {
            sg_cli_errorf("race: --date: '%s' is not a date (expected YYYY-MM-DD)", v);
            return -1;
        }
        return 2;
    } else if (strcmp(a, "--course") == 0 && v) {
        o->course_path = v;
        return 2;
    }
    return 0;
}

int sg_cmd_race(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_cli_common co = {.takes_today = true};
    sg_app_load_opts o;
    sg_app_load_opts_init(&o, NAN);
    int rc = sg_cli_parse(argc, argv, "race", usage, &co, race_opt, &o);
    if (rc != SG_CLI_GO_ON)
        return rc;
    return sg_load_cli_print(ctx, &o, &co, 1, 0);
}
