/* `strideguard gear [list] | add | edit | retire | delete | assign`
 * (docs/cli.md "gear"): shoes through src/app/gear.c. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/gear.h"
#include "app/journal.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/entry_opts.h"
#include "render/gear_render.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard gear [list] [--today D] [--json]\n"
          "       strideguard gear add NAME [--brand B] [--model M] [--sport S] [--since D]\n"
          "                            [--retire-km K] [--default] [--json]\n"
          "       strideguard gear edit ID [--name N] [--brand B] [--model M] [--sport S]\n"
          "                            [--since D|none] [--retire-km K|default]\n"
          "                            [--default|--no-default] [--retired|--active] [--json]\n"
          "       strideguard gear retire ID\n"
          "       strideguard gear delete ID\n"
          "       strideguard gear assign RUN_ID SHOE_ID|none\n"
          "A run counts for its assigned shoe, else for the default shoe of its sport (from\n"
          "--since on). The retirement reminder defaults to 700 km (docs/science.md §10.6).\n",
          f);
}

static int gear_id(const char *v, long long *id)
{
    return sg_cli_id_arg("gear", "an id (a whole number)", v, id);
}

/* Options shared by add and edit; argv[from..] */
static int opts(int argc, char **argv, int from, sg_gear *g, int *json, int *today)
{
    sg_err e;
    sg_err_clear(&e);
    for (int i = from; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "--json")) { *json = 1; continue; }
        if (!strcmp(o, "--default")) { g->is_default = true; continue; }
        if (!strcmp(o, "--no-default")) { g->is_default = false; continue; }
        if (!strcmp(o, "--retired")) { g->retired = true; continue; }
        if (!strcmp(o, "--active")) { g->retired = false; continue; }
        if (!v) {
            sg_cli_errorf("gear: unknown or incomplete option '%s' (see --help)", o);
            return 0;
        }
        i++;
        if (!strcmp(o, "--name") || !strcmp(o, "--brand") || !strcmp(o, "--model")) {
            char *dst = !strcmp(o, "--name") ? g->name : !strcmp(o, "--brand") ? g->brand : g->model;
            if (sg_gear_set_text(dst, v, o + 2, &e)) {
                sg_cli_errorf("gear: %s", e.msg);
                return 0;
            }
        } else if (!strcmp(o, "--sport")) {
            g->sport = sg_sport_parse(v);
            if (g->sport == SG_SPORT_UNKNOWN) {
                sg_cli_errorf("gear: unknown sport '%s' (running, walking, hiking, cycling, ...)", v);
                return 0;
            }
        } else if (!strcmp(o, "--since")) {
            if (!strcmp(v, "none"))
                g->since_day = SG_GEAR_NO_DAY;
            else if (!sg_cli_day_arg("gear", o, v, &g->since_day))
                return 0;
        } else if (!strcmp(o, "--retire-km")) {
            char *end;
            double k = strtod(v, &end);
            if (!strcmp(v, "default"))
                g->retire_km = NAN;
            else if (end == v || *end || !isfinite(k)) {
                sg_cli_errorf("gear: --retire-km expects a number of km or 'default', got '%s'", v);
                return 0;
            } else
                g->retire_km = k;
        } else if (!strcmp(o, "--today")) {
            if (!sg_cli_day_arg("gear", o, v, today))
                return 0;
        } else {
            sg_cli_errorf("gear: unknown option '%s' (see --help)", o);
            return 0;
        }
    }
    return 1;
}

int sg_cmd_gear(int argc, char **argv, const sg_cli_ctx *ctx)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            return SG_EXIT_OK;
        }
    const char *sub = argc > 1 && argv[1][0] != '-' ? argv[1] : "list";
    int first = argc > 1 && argv[1][0] != '-' ? 2 : 1;
    int json = 0, today = sg_app_today(), rc = SG_EXIT_OK;
    sg_gear g;
    sg_gear_init(&g);
    long long id = 0, run = 0;
    /* parse before opening the store: a usage error touches nothing */
    if (!strcmp(sub, "list")) {
        if (!opts(argc, argv, first, &g, &json, &today))
            return SG_EXIT_USAGE;
    } else if (!strcmp(sub, "add")) {
        if (first >= argc || argv[first][0] == '-') {
            sg_cli_errorf("gear add: a name is needed, e.g. gear add \"Pegasus 40\"");
            return SG_EXIT_USAGE;
        }
        sg_err e;
        if (sg_gear_set_text(g.name, argv[first], "name", &e)) {
            sg_cli_errorf("gear add: %s", e.msg);
            return SG_EXIT_USAGE;
        }
        if (!opts(argc, argv, first + 1, &g, &json, &today))
            return SG_EXIT_USAGE;
    } else if (!strcmp(sub, "edit") || !strcmp(sub, "retire") || !strcmp(sub, "delete")) {
        if (first >= argc || !gear_id(argv[first], &id))
            return SG_EXIT_USAGE;
        if (strcmp(sub, "edit") && first + 1 < argc) {
            sg_cli_errorf("gear %s: unexpected '%s'", sub, argv[first + 1]);
            return SG_EXIT_USAGE;
        }
    } else if (!strcmp(sub, "assign")) {
        if (argc != first + 2 || !gear_id(argv[first], &run) ||
            (strcmp(argv[first + 1], "none") && !gear_id(argv[first + 1], &id))) {
            if (argc != first + 2)
                sg_cli_errorf("gear assign: expected RUN_ID SHOE_ID (or none)");
            return SG_EXIT_USAGE;
        }
    } else {
        sg_cli_errorf("gear: unknown subcommand '%s' (list, add, edit, retire, delete, assign)", sub);
        return SG_EXIT_USAGE;
    }

    sg_store *st = NULL;
    sg_err err;
    sg_err_clear(&err);
    if (!sg_cli_store_open(ctx, &st))
        return SG_EXIT_FAIL;
    int r = SG_OK;
    if (!strcmp(sub, "list")) {
        sg_app_gear_result res;
        if (!(r = sg_app_gear_report(st, today, &res, &err))) {
            if (json) {
                sg_jw w;
                sg_jw_init_file(&w, stdout, 0);
                sg_gear_report_write_json(&w, &res);
                sg_jw_newline(&w);
            } else {
                sg_gear_report_write_text(stdout, &res, ctx->units == SG_UNITS_IMPERIAL);
            }
            sg_app_gear_report_free(&res);
        }
    } else if (!strcmp(sub, "add") || !strcmp(sub, "edit") || !strcmp(sub, "retire")) {
        if (id && (r = sg_app_gear_get(st, id, &g, &err)) == SG_OK) {
            if (!strcmp(sub, "retire"))
                g.retired = true;
            else if (!opts(argc, argv, first + 1, &g, &json, &today)) {
                sg_store_close(st);
                return SG_EXIT_USAGE;
            }
        }
        if (!r && !(r = sg_app_gear_save(st, &g, &err))) {
            if (json) {
                sg_jw w;
                sg_jw_init_file(&w, stdout, 0);
                sg_gear_write_json(&w, &g);
                sg_jw_newline(&w);
            } else {
                printf("%s shoe #%lld %s%s%s\n", !strcmp(sub, "add") ? "added" : "saved", g.id,
                       g.name, g.is_default ? " (default)" : "", g.retired ? " (retired)" : "");
            }
        }
    } else if (!strcmp(sub, "delete")) {
        if (!(r = sg_app_gear_delete(st, id, &err)))
            printf("deleted shoe #%lld; its runs have no shoe now\n", id);
    } else {
        if (!(r = sg_app_gear_assign(st, run, id, &err)))
            printf(id ? "run %lld: shoe #%lld\n" : "run %lld: no shoe assigned\n", run, id);
    }
    if (r) {
        sg_cli_errorf("gear %s: %s", sub, err.msg);
        rc = sg_cli_exit_for(err.code);
    }
    sg_store_close(st);
    return rc;
}
