/* `strideguard admin create LOGIN [--password-stdin] [--json]` (docs/cli.md):
 * the clinic server's first admin (issue #16). Later accounts come by
 * one-time codes (`strideguard clinic code`, POST /api/codes). The password
 * is read from standard input (one line), or asked for twice without echo
 * when standard input is a terminal; it never appears in argv.
 * `strideguard admin disable|enable LOGIN [--json]`: any account, run by
 * the store's operator (sg_app_account_set_disabled). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/accounts.h"
#include "cli/cli.h"
#include "cli/opts.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard admin create LOGIN [--password-stdin] [--json]\n"
          "       strideguard admin disable LOGIN [--json]\n"
          "       strideguard admin enable LOGIN [--json]\n"
          "  create: the clinic server's first admin (refused when one exists);\n"
          "  the password (12 to 1024 bytes) is one line of standard input with\n"
          "  --password-stdin, else it is asked for on the terminal without echo\n"
          "  disable: the account can no longer sign in (answered as a wrong\n"
          "  password, and audited), its sessions end now, its unused one-time\n"
          "  codes (its resets, and those it issued) stop working, and a runner\n"
          "  leaves the roster; the last enabled admin cannot be disabled\n"
          "  enable: the account may sign in again (new codes and sessions only)\n",
          f);
}

typedef struct admin_opts {
    const char *verb, *login;
    int from_stdin;
} admin_opts;

static int opt(void *state, const char *a, const char *v)
{
    admin_opts *o = state;
    const sg_cli_optdef defs[] = {{"--password-stdin", NULL, &o->from_stdin}, {NULL, NULL, NULL}};
    const char **const pos[] = {&o->verb, &o->login};
    return sg_cli_opt_table(defs, pos, 2, a, v);
}

/* admin disable|enable LOGIN */
static int set_disabled(const admin_opts *o, const sg_cli_common *co, const sg_cli_ctx *ctx)
{
    if (o->from_stdin) {
        sg_cli_errorf("admin %s: --password-stdin is for 'create'", o->verb);
        return SG_EXIT_USAGE;
    }
    sg_account_disable_req req = {o->login, strcmp(o->verb, "disable") == 0,
                                  (long long)time(NULL)};
    sg_account_disable_res res;
    sg_store *st = NULL;
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_store_open(ctx->db_path, &st, &err);
    if (rc == SG_OK)
        rc = sg_app_account_set_disabled(st, &req, &res, &err);
    sg_store_close(st);
    if (rc)
        return sg_cli_store_failed(ctx, rc, &err);
    if (co->json) {
        sg_jw w;
        sg_cli_json_begin(&w, ctx);
        sg_jw_obj_begin(&w);
        sg_jw_kint(&w, "account_id", res.account_id);
        sg_jw_kstr(&w, "login", res.login);
        sg_jw_kstr(&w, "role", sg_role_name(res.role));
        sg_jw_kbool(&w, "disabled", req.disabled);
        sg_jw_kbool(&w, "changed", res.changed);
        sg_jw_kint(&w, "sessions_revoked", res.sessions_revoked);
        sg_jw_kint(&w, "codes_voided", res.codes_voided);
        sg_jw_obj_end(&w);
        return sg_cli_json_end(&w);
    }
    printf("%s account %lld (%s) %s%s\n", sg_role_name(res.role), res.account_id, res.login,
           res.changed ? "" : "was already ", req.disabled ? "disabled" : "enabled");
    if (req.disabled)
        printf("sessions ended: %lld, one-time codes voided: %lld\n", res.sessions_revoked,
               res.codes_voided);
    return SG_EXIT_OK;
}

int sg_cmd_admin(int argc, char **argv, const sg_cli_ctx *ctx)
{
    admin_opts o = {NULL, NULL, 0};
    sg_cli_common co = {0};
    int rc = sg_cli_parse(argc, argv, "admin", usage, &co, opt, &o);
    if (rc != SG_CLI_GO_ON)
        return rc;
    if (o.verb && o.login &&
        (strcmp(o.verb, "disable") == 0 || strcmp(o.verb, "enable") == 0))
        return set_disabled(&o, &co, ctx);
    if (!o.verb || strcmp(o.verb, "create") != 0 || !o.login) {
        sg_cli_errorf("admin: expected 'create LOGIN', 'disable LOGIN' or 'enable LOGIN' "
                      "(see 'strideguard admin --help')");
        return SG_EXIT_USAGE;
    }
    char pw[SG_PASSWORD_MAX + 2];
    if (!sg_cli_password("admin create", "Password", o.from_stdin, 1, pw, sizeof pw))
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
