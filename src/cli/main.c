/* strideguard's entry point: global options, then dispatch to a command. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/db_copy.h"
#include "bytes/file.h"
#include "cli/cli.h"

void sg_cli_error(const char *file, const sg_err *err)
{
    fputs("strideguard: ", stderr);
    if (file) {
        /* a --db postgresql:// URL is shown without its password */
        char redacted[1024], shown[1024];
        sg_db_redact(file, redacted, sizeof redacted);
        fprintf(stderr, "%s: ", sg_name_escape(redacted, shown, sizeof shown));
    }
    if (err->line > 0)
        fprintf(stderr, "line %d:%d: ", err->line, err->col);
    else if (err->offset >= 0)
        fprintf(stderr, "offset %lld: ", err->offset);
    fprintf(stderr, "%s\n", err->msg[0] ? err->msg : sg_code_name(err->code));
}

void sg_cli_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("strideguard: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int sg_cli_not_yet(const char *command, int issue)
{
    sg_cli_errorf("%s: not available yet (planned in issue #%d)", command, issue);
    return SG_EXIT_FAIL;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: strideguard [--db PATH] [--units metric|imperial] <command> [options]\n\n"
               "commands:\n");
    int width = 9; /* the column of the summaries: the longest name, at least 9 */
    for (const sg_cmd *c = sg_commands; c->name; c++)
        if ((int)strlen(c->name) > width)
            width = (int)strlen(c->name);
    for (const sg_cmd *c = sg_commands; c->name; c++)
        fprintf(f, "  %-*s %s\n", width, c->name, c->summary);
    fprintf(f, "\nRun 'strideguard <command> --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
    sg_cli_ctx ctx = {0};
    ctx.tty_out = isatty(STDOUT_FILENO);
    ctx.tty_err = isatty(STDERR_FILENO);
    const char *env_units = getenv("STRIDEGUARD_UNITS");
    if (env_units && strcmp(env_units, "imperial") == 0)
        ctx.units = SG_UNITS_IMPERIAL;

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--db") == 0 && i + 1 < argc) {
            ctx.db_path = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            ctx.db_path = a + 5;
        } else if (strcmp(a, "--units") == 0 && i + 1 < argc) {
            const char *u = argv[++i];
            if (strcmp(u, "metric") == 0)
                ctx.units = SG_UNITS_METRIC;
            else if (strcmp(u, "imperial") == 0)
                ctx.units = SG_UNITS_IMPERIAL;
            else {
                sg_cli_errorf("--units: expected metric or imperial, got '%s'", u);
                return SG_EXIT_USAGE;
            }
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("strideguard %s\n", SG_VERSION);
            return SG_EXIT_OK;
        } else {
            sg_cli_errorf("unknown option '%s' (see 'strideguard --help')", a);
            return SG_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return SG_EXIT_USAGE;
    }
    for (const sg_cmd *c = sg_commands; c->name; c++)
        if (strcmp(c->name, argv[i]) == 0)
            return c->fn(argc - i, argv + i, &ctx);
    sg_cli_errorf("unknown command '%s' (see 'strideguard --help')", argv[i]);
    return SG_EXIT_USAGE;
}
