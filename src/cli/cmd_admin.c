/* `strideguard admin create LOGIN [--password-stdin] [--json]` (docs/cli.md):
 * the clinic server's first admin (issue #16). Later accounts come by
 * one-time codes (`strideguard clinic code`, POST /api/codes). The password
 * is read from standard input (one line), or asked for twice without echo
 * when standard input is a terminal; it never appears in argv. */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app/accounts.h"
#include "cli/cli.h"
#include "cli/opts.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard admin create LOGIN [--password-stdin] [--json]\n"
          "  creates the clinic server's first admin (refused when one exists);\n"
          "  the password (12 to 1024 bytes) is one line of standard input with\n"
          "  --password-stdin, else it is asked for on the terminal without echo\n",
          f);
}

typedef struct admin_opts {
    const char *verb, *login;
    int from_stdin;
} admin_opts;

static int opt(void *state, const char *a, const char *v)
{
    (void)v;
    admin_opts *o = state;
    if (strcmp(a, "--password-stdin") == 0) {
        o->from_stdin = 1;
        return 1;
    }
    if (a[0] == '-')
        return 0;
    if (!o->verb)
        o->verb = a;
    else if (!o->login)
        o->login = a;
    else
        return 0;
    return 1;
}

/* One line of f into buf (newline dropped); 0 when none, or longer than cap - 2. */
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
static int prompt(const char *what, char *buf, size_t cap)
{
    struct termios old, quiet;
    if (tcgetattr(STDIN_FILENO, &old) != 0)
        return 0;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    fprintf(stderr, "%s: ", what);
    fflush(stderr);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    int ok = read_line(stdin, buf, cap);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return ok;
}

static int get_password(int from_stdin, char *pw, size_t cap)
{
    if (from_stdin) {
        if (!read_line(stdin, pw, cap)) {
            sg_cli_errorf("admin create: no password line on standard input (or over %d bytes)",
                          SG_PASSWORD_MAX);
            return 0;
        }
        return 1;
    }
    if (!isatty(STDIN_FILENO)) {
        sg_cli_errorf("admin create: give the password on standard input with --password-stdin");
        return 0;
    }
    char again[SG_PASSWORD_MAX + 2];
    int ok = prompt("Password", pw, cap) && prompt("Again", again, sizeof again);
    if (ok && strcmp(pw, again) != 0) {
        sg_cli_errorf("admin create: the two passwords differ");
        ok = 0;
    }
    memset(again, 0, sizeof again);
    return ok;
}

int sg_cmd_admin(int argc, char **argv, const sg_cli_ctx *ctx)
{
    admin_opts o = {NULL, NULL, 0};
    sg_cli_common co = {0};
    int rc = sg_cli_parse(argc, argv, "admin", usage, &co, opt, &o);
    if (rc != SG_CLI_GO_ON)
        return rc;
    if (!o.verb || strcmp(o.verb, "create") != 0 || !o.login) {
        sg_cli_errorf("admin: expected 'create LOGIN' (see 'strideguard admin --help')");
        return SG_EXIT_USAGE;
    }
    char pw[SG_PASSWORD_MAX + 2];
    if (!get_password(o.from_stdin, pw, sizeof pw))
        return SG_EXIT_USAGE;
    sg_store *st = NULL;
    sg_err err;
    sg_err_clear(&err);
    long long id = 0;
    sg_admin_create_req req = {o.login, pw, (long long)time(NULL)};
    if ((rc = sg_store_open(ctx->db_path, &st, &err)) == SG_OK)
        rc = sg_app_admin_create(st, &req, &id, &err);
    memset(pw, 0, sizeof pw);
    sg_store_close(st);
    if (rc)
        return sg_cli_store_failed(ctx, rc, &err);
    if (co.json) {
        sg_jw w;
        sg_cli_json_begin(&w, ctx);
        sg_jw_obj_begin(&w);
        sg_jw_kint(&w, "account_id", id);
        sg_jw_kstr(&w, "role", "admin");
        sg_jw_obj_end(&w);
        return sg_cli_json_end(&w);
    }
    printf("admin account %lld created\n", id);
    return SG_EXIT_OK;
}
