/* `strideguard show ID|FILE... [--json]`: what each run did to the spine and
 * hips (issue #4). Printing only; the work is in app/show.c. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/show.h"
#include "cli/cli.h"
#include "render/run_json.h"
#include "render/run_text.h"

int sg_cmd_show(int argc, char **argv, const sg_cli_ctx *ctx);

static void usage(FILE *f)
{
    fprintf(f, "usage: strideguard show [--json] FILE|ID...\n"
               "  Analyses a run: terrain and grade, grade-adjusted pace, impact and descent\n"
               "  exposure, mechanics, fatigue drift, flags. FILE is a FIT, GPX or TCX file; ID a stored\n"
               "  activity (needs the store). --json prints the schema in docs/cli.md.\n");
}

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int sg_cmd_show(int argc, char **argv, const sg_cli_ctx *ctx)
{
    bool json = false;
    int first = 0, n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            sg_cli_errorf("show: unknown option '%s'", argv[i]);
            usage(stderr);
            return SG_EXIT_USAGE;
        } else {
            if (!n)
                first = i;
            n++;
        }
    }
    if (!n) {
        usage(stderr);
        return SG_EXIT_USAGE;
    }
    int status = SG_EXIT_OK, shown = 0;
    for (int i = first; i < argc; i++) {
        const char *t = argv[i];
        if (t[0] == '-' && t[1])
            continue;
        if (!is_file(t)) {
            sg_cli_errorf("%s: no such file (showing a stored activity by id needs the store: "
                          "issue #3)", t);
            status = SG_EXIT_FAIL;
            continue;
        }
        sg_run_result r;
        sg_err err;
        sg_err_clear(&err);
        size_t warn = 0;
        if (sg_show_file(t, NULL, NULL, &r, &warn, &err) != SG_OK) {
            sg_cli_error(t, &err);
            status = SG_EXIT_FAIL;
            continue;
        }
        if (warn)
            fprintf(stderr, "strideguard: %s: %zu damaged part(s) skipped; analysed the rest\n", t, warn);
        if (json) {
            sg_jw w;
            sg_jw_init_file(&w, stdout, n == 1 && ctx->tty_out ? 2 : 0);
            sg_run_json_write(&w, &r);
            fputc('\n', stdout);
            if (sg_jw_error(&w))
                status = SG_EXIT_FAIL;
        } else {
            if (shown)
                fputc('\n', stdout);
            sg_run_text_write(stdout, &r, t, ctx->units == SG_UNITS_IMPERIAL);
        }
        shown++;
        sg_run_result_free(&r);
    }
    if (fflush(stdout) != 0)
        status = SG_EXIT_FAIL;
    return status;
}
