/* `strideguard clinic create NAME` and `strideguard clinic code (--role
 * clinician|runner --clinic NAME | --reset LOGIN)` (docs/cli.md): clinics
 * of the clinic server and the one-time codes that invite an account into
 * one or reset a password, run by the store's operator (issue #16). A code
 * is printed once; only its hash is stored. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/accounts.h"
#include "cli/cli.h"
#include "cli/opts.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard clinic create NAME [--json]\n"
          "       strideguard clinic code --role clinician|runner --clinic NAME [--json]\n"
          "       strideguard clinic code --reset LOGIN [--json]\n"
          "  a code is shown once and is good for one use within 72 hours; a reset of a\n"
          "  disabled account is refused (strideguard admin enable it first), and\n"
          "  disabling an account voids its unused resets and the codes it issued\n",
          f);
}

typedef struct clinic_opts {
    const char *verb, *name, *role, *clinic, *reset;
} clinic_opts;

static int opt(void *state, const char *a, const char *v)
{
    clinic_opts *o = state;
    const sg_cli_optdef defs[] = {{"--role", &o->role, NULL},
                                  {"--clinic", &o->clinic, NULL},
                                  {"--reset", &o->reset, NULL},
                                  {NULL, NULL, NULL}};
    const char **const pos[] = {&o->verb, &o->name};
    return sg_cli_opt_table(defs, pos, 2, a, v);
}

static int create(sg_store *st, const clinic_opts *o, const sg_cli_ctx *ctx, int json,
                  sg_err *err)
{
    long long id = 0;
    int rc = sg_app_clinic_create(st, o->name, (long long)time(NULL), &id, err);
    if (rc)
        return rc;
    if (json) {
        sg_jw w;
        sg_cli_json_begin(&w, ctx);
        sg_jw_obj_begin(&w);
        sg_jw_kint(&w, "clinic_id", id);
        sg_jw_kstr(&w, "name", o->name);
        sg_jw_obj_end(&w);
        return sg_cli_json_end(&w) ? SG_EIO : SG_OK;
    }
    printf("clinic %lld created: %s\n", id, o->name);
    return SG_OK;
}

static int code(sg_store *st, const clinic_opts *o, const sg_cli_ctx *ctx, int json, sg_err *err)
{
    sg_code_req q = {o->reset ? "reset" : "invite", sg_role_parse(o->role), 0, 0, 0,
                     (long long)time(NULL)};
    sg_code_res res;
    int rc = sg_app_code_target(st, o->clinic, o->reset, &q, err);
    if (!rc)
        rc = sg_app_code_issue(st, &q, &res, err);
    if (rc)
        return rc;
    if (json) {
        sg_jw w;
        sg_cli_json_begin(&w, ctx);
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "code", res.code);
        sg_jw_kstr(&w, "kind", q.kind);
        sg_jw_kstr(&w, "role", sg_role_name(q.role));
        sg_jw_kint(&w, "expires_utc", res.expires_utc);
        sg_jw_obj_end(&w);
        return sg_cli_json_end(&w) ? SG_EIO : SG_OK;
    }
    printf("%s\n%s code for a %s, good once for 72 hours; it is not shown again\n", res.code,
           q.kind, sg_role_name(q.role));
    return SG_OK;
}

int sg_cmd_clinic(int argc, char **argv, const sg_cli_ctx *ctx)
{
    clinic_opts o = {0};
    sg_cli_common co = {0};
    int rc = sg_cli_parse(argc, argv, "clinic", usage, &co, opt, &o);
    if (rc != SG_CLI_GO_ON)
        return rc;
    int is_create = o.verb && strcmp(o.verb, "create") == 0 && o.name && !o.role && !o.clinic &&
                    !o.reset;
    int is_code = o.verb && strcmp(o.verb, "code") == 0 && !o.name &&
                  ((o.role && o.clinic && !o.reset) || (o.reset && !o.role && !o.clinic));
    if (!is_create && !is_code) {
        sg_cli_errorf("clinic: expected 'create NAME', 'code --role R --clinic NAME' or "
                      "'code --reset LOGIN' (see 'strideguard clinic --help')");
        return SG_EXIT_USAGE;
    }
    if (is_code && o.role && strcmp(o.role, "clinician") != 0 && strcmp(o.role, "runner") != 0) {
        sg_cli_errorf("clinic code: --role is clinician or runner, got '%s'", o.role);
        return SG_EXIT_USAGE;
    }
    sg_store *st = NULL;
    sg_err err;
    sg_err_clear(&err);
    if ((rc = sg_store_open(ctx->db_path, &st, &err)) == SG_OK)
        rc = is_create ? create(st, &o, ctx, co.json, &err) : code(st, &o, ctx, co.json, &err);
    sg_store_close(st);
    if (rc == SG_EIO && !err.msg[0])
        return SG_EXIT_FAIL;
    return rc ? sg_cli_store_failed(ctx, rc, &err) : SG_EXIT_OK;
}
