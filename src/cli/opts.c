/* Options and output shared by several commands (src/cli/opts.h). */
#include "cli/opts.h"

#include <errno.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/load.h"

int sg_cli_parse(int argc, char **argv, const char *cmd, void (*usage)(FILE *), sg_cli_common *co,
                 sg_cli_opt_fn opt, void *state)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int took = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            co->json = true;
            took = 1;
        } else if (co->takes_today && strcmp(a, "--today") == 0 && v) {
            co->today = v;
            took = 2;
        } else if (opt) {
            took = opt(state, a, v);
        }
        if (took < 0)
            return SG_EXIT_USAGE;
        if (took == 0) {
            sg_cli_errorf("%s: unknown or incomplete option '%s' (see 'strideguard %s --help')",
                          cmd, a, cmd);
            return SG_EXIT_USAGE;
        }
        i += took - 1;
    }
    return SG_CLI_GO_ON;
}

int sg_cli_opt_table(const sg_cli_optdef *defs, const char **const *pos, int n_pos,
                     const char *a, const char *v)
{
    for (const sg_cli_optdef *d = defs; d->name; d++) {
        if (strcmp(a, d->name) != 0)
            continue;
        if (d->flag) {
            *d->flag = 1;
            return 1;
        }
        if (!v)
            return 0;
        *d->value = v;
        return 2;
    }
    if (a[0] == '-')
        return 0;
    for (int i = 0; i < n_pos; i++)
        if (!*pos[i]) {
            *pos[i] = a;
            return 1;
        }
    return 0;
}

int sg_cli_int_arg(const char *cmd, const char *opt, const char *v, int lo, int hi, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < lo || x > hi) {
        sg_cli_errorf("%s: %s expects a whole number from %d to %d, got '%s'", cmd, opt, lo, hi, v);
        return 0;
    }
    *out = (int)x;
    return 1;
}

int sg_cli_today(const char *arg, double *now, double *today)
{
    sg_err err;
    sg_err_clear(&err);
    *now = (double)time(NULL);
    if (sg_app_load_today(arg, *now, today, &err)) {
        sg_cli_error(NULL, &err);
        return 0;
    }
    return 1;
}

int sg_cli_id_arg(const char *cmd, const char *what, const char *v, long long *id)
{
    char *end;
    errno = 0;
    long long x = strtoll(v ? v : "", &end, 10);
    if (!v || end == v || *end || errno || x < 1) {
        sg_cli_errorf("%s: expected %s, got '%s'", cmd, what, v ? v : "");
        return 0;
    }
    *id = x;
    return 1;
}

int sg_cli_store_failed(const sg_cli_ctx *ctx, int code, const sg_err *err)
{
    char path[PATH_MAX];
    const char *where = ctx->db_path;
    if (!where && sg_store_default_path(path, sizeof path, NULL) == SG_OK)
        where = path;
    sg_cli_error(where, err);
    return code == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL;
}

int sg_cli_store_open(const sg_cli_ctx *ctx, sg_store **st)
{
    sg_err err;
    sg_err_clear(&err);
    *st = NULL;
    if (sg_store_open(ctx->db_path, st, &err) == SG_OK)
        return 1;
    sg_cli_store_failed(ctx, err.code, &err);
    return 0;
}

void sg_cli_json_begin(sg_jw *w, const sg_cli_ctx *ctx)
{
    sg_jw_init_file(w, stdout, ctx->tty_out ? 2 : 0);
}

int sg_cli_json_end(sg_jw *w)
{
    sg_jw_newline(w);
    return sg_jw_error(w) ? SG_EXIT_FAIL : SG_EXIT_OK;
}

/* One line of f into buf (newline and a CR before it dropped); 0 when none,
 * or longer than cap - 2 bytes. */
static int read_line(FILE *f, char *buf, size_t cap)
{
    if (!fgets(buf, (int)cap, f))
        return 0;
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '\n')
        buf[--n] = '\0';
    else if (n == cap - 1)
        return 0;
    if (n && buf[n - 1] == '\r')
        buf[--n] = '\0';
    return 1;
}

/* Asks on the terminal without echo. */
static int prompt(const char *label, char *buf, size_t cap)
{
    struct termios old, quiet;
    if (tcgetattr(STDIN_FILENO, &old) != 0)
        return 0;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    fprintf(stderr, "%s: ", label);
    fflush(stderr);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    int ok = read_line(stdin, buf, cap);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return ok;
}

int sg_cli_password(const char *cmd, const char *label, int from_stdin, int confirm, char *pw,
                    size_t cap)
{
    if (from_stdin) {
        if (read_line(stdin, pw, cap))
            return 1;
        sg_cli_errorf("%s: no password line on standard input (or over %zu bytes)", cmd,
                      cap - 2);
        return 0;
    }
    if (!isatty(STDIN_FILENO)) {
        sg_cli_errorf("%s: give the password on standard input with --password-stdin", cmd);
        return 0;
    }
    if (!prompt(label, pw, cap))
        return 0;
    if (!confirm)
        return 1;
    char again[1100];
    int ok = cap <= sizeof again && prompt("Again", again, cap);
    if (ok && strcmp(pw, again) != 0) {
        sg_cli_errorf("%s: the two passwords differ", cmd);
        ok = 0;
    }
    memset(again, 0, sizeof again);
    return ok;
}
