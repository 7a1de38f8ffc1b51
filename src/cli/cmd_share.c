/* `strideguard share join|push|status|stop` (docs/cli.md "share"): the
 * runner's side of sharing with a clinic server (src/app/share.h). The
 * password is read from standard input (--password-stdin) or asked on the
 * terminal without echo, and never stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/share.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "render/progress.h"
#include "render/share_json.h"

#define PW_MAX 1026

static void usage(FILE *f)
{
    fputs("usage: strideguard share join URL --code CODE --login NAME [--password-stdin] [--json]\n"
          "       strideguard share push [--password-stdin] [--max-items N] [--json]\n"
          "       strideguard share status [--password-stdin] [--json]\n"
          "       strideguard share stop [--password-stdin] [--json]\n"
          "  join accepts a clinic's invitation and remembers the clinic (never the password);\n"
          "  push sends what the clinic does not hold yet (pushing again finishes a push cut\n"
          "  short); --max-items N stops after sending N items; stop deletes the clinic's copy\n",
          f);
}

typedef struct share_opts {
    const char *verb, *url, *code, *login, *max_items;
    int from_stdin;
} share_opts;

static int opt(void *state, const char *a, const char *v)
{
    share_opts *o = state;
    const sg_cli_optdef defs[] = {{"--code", &o->code, NULL},
                                  {"--login", &o->login, NULL},
                                  {"--max-items", &o->max_items, NULL},
                                  {"--password-stdin", NULL, &o->from_stdin},
                                  {NULL, NULL, NULL}};
    const char **const pos[] = {&o->verb, &o->url};
    return sg_cli_opt_table(defs, pos, 2, a, v);
}

typedef struct bar {
    sg_progress p;
    int on;
} bar;

static void on_progress(void *ctx, size_t done, size_t total, uint64_t bytes)
{
    bar *b = ctx;
    if (!b->on)
        return;
    b->p.total_files = total;
    sg_progress_update(&b->p, done, bytes, 0);
}

static int push_cmd(sg_store *st, const share_opts *o, const char *pw, const sg_cli_ctx *ctx,
                    int json, int *partial, sg_err *err)
{
    sg_share_push_opts po = {pw, 0, on_progress, NULL};
    int max = 0;
    if (o->max_items && !sg_cli_int_arg("share push", "--max-items", o->max_items, 1, 1000000000,
                                        &max))
        return SG_EUSAGE;
    po.max_items = (size_t)max;
    bar b = {{0}, ctx->tty_err};
    sg_progress_init(&b.p, stderr, 0, 0);
    po.ctx = &b;
    sg_share_push_result r;
    int rc = sg_share_push(st, &po, &r, err);
    if (b.on)
        sg_progress_clear(&b.p);
    if (rc) {
        sg_share_push_result_free(&r);
        return rc;
    }
    size_t named = r.n_failed < SG_SHARE_MAX_FAILED ? r.n_failed : SG_SHARE_MAX_FAILED;
    if (json) {
        sg_jw w;
        sg_cli_json_begin(&w, ctx);
        sg_jw_obj_begin(&w);
        sg_jw_kint(&w, "sent", (long long)r.sent);
        sg_jw_kint(&w, "sent_activities", (long long)r.activities);
        sg_jw_kint(&w, "sent_imu", (long long)r.imu);
        sg_jw_kint(&w, "sent_journal", (long long)r.journal);
        sg_jw_kstr(&w, "course", r.course > 0 ? "sent" : r.course < 0 ? "removed" : "unchanged");
        sg_jw_kint(&w, "skipped_already_held", (long long)r.held);
        sg_jw_kbool(&w, "stopped_at_max_items", r.stopped != 0);
        sg_jw_kint(&w, "failed_count", (long long)r.n_failed);
        sg_jw_key(&w, "failed");
        sg_jw_arr_begin(&w);
        for (size_t i = 0; i < named && r.failed; i++) {
            sg_jw_obj_begin(&w);
            sg_jw_kstr(&w, "item", r.failed[i].what);
            sg_jw_kstr(&w, "error", r.failed[i].why);
            sg_jw_obj_end(&w);
        }
        sg_jw_arr_end(&w);
        sg_jw_kint(&w, "bytes", (long long)r.bytes);
        sg_jw_knumf(&w, "seconds", r.seconds, 3);
        sg_jw_obj_end(&w);
        rc = sg_cli_json_end(&w) ? SG_EIO : SG_OK;
    } else {
        printf("sent %zu (%zu activities, %zu IMU recordings, %zu journal entries), %zu already "
               "at the clinic, %zu failed, in %.1f s%s%s\n",
               r.sent, r.activities, r.imu, r.journal, r.held, r.n_failed, r.seconds,
               r.course > 0 ? "; race course sent" : r.course < 0 ? "; race course removed" : "",
               r.stopped ? "; stopped at --max-items: push again for the rest" : "");
        for (size_t i = 0; i < named && r.failed; i++)
            fprintf(stderr, "strideguard: %s: %s\n", r.failed[i].what, r.failed[i].why);
    }
    *partial = r.n_failed > 0;
    sg_share_push_result_free(&r);
    return rc;
}

static void counts_json(sg_jw *w, const char *key, const sg_share_counts *c)
{
    sg_jw_key(w, key);
    sg_jw_obj_begin(w);
    sg_share_counts_json(w, c);
    sg_jw_obj_end(w);
}

static int status_cmd(sg_store *st, const char *pw, const sg_cli_ctx *ctx, int json, sg_err *err)
{
    sg_share_status s;
    int rc = sg_share_status_get(st, pw, &s, err);
    if (rc)
        return rc;
    if (json) {
        sg_jw w;
        sg_cli_json_begin(&w, ctx);
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "clinic_url", s.url);
        sg_jw_kstr(&w, "login", s.login);
        counts_json(&w, "clinic", &s.clinic);
        counts_json(&w, "local", &s.local);
        sg_jw_obj_end(&w);
        return sg_cli_json_end(&w) ? SG_EIO : SG_OK;
    }
    printf("sharing with %s as %s\n", s.url, s.login);
    printf("  activities       %lld at the clinic, %lld here\n", s.clinic.activities,
           s.local.activities);
    printf("  journal entries  %lld at the clinic, %lld here\n", s.clinic.journal, s.local.journal);
    printf("  IMU recordings   %lld at the clinic, %lld here\n", s.clinic.imu,
           s.local.imu);
    return SG_OK;
}

static int run(sg_store *st, const share_opts *o, const char *pw, const sg_cli_ctx *ctx,
               int json, int *partial, sg_err *err)
{
    if (strcmp(o->verb, "join") == 0) {
        int rc = sg_share_join(st, o->url, o->code, o->login, pw, err);
        if (rc)
            return rc;
        if (json) {
            sg_jw w;
            sg_cli_json_begin(&w, ctx);
            sg_jw_obj_begin(&w);
            sg_jw_kbool(&w, "joined", true);
            sg_jw_kstr(&w, "login", o->login);
            sg_jw_obj_end(&w);
            return sg_cli_json_end(&w) ? SG_EIO : SG_OK;
        }
        printf("joined the clinic as %s: `strideguard share push` sends your data\n", o->login);
        return SG_OK;
    }
    if (strcmp(o->verb, "push") == 0)
        return push_cmd(st, o, pw, ctx, json, partial, err);
    if (strcmp(o->verb, "status") == 0)
        return status_cmd(st, pw, ctx, json, err);
    sg_share_counts d;
    int rc = sg_share_stop(st, pw, &d, err);
    if (rc)
        return rc;
    if (json) {
        sg_jw w;
        sg_cli_json_begin(&w, ctx);
        sg_jw_obj_begin(&w);
        sg_jw_kbool(&w, "stopped", true);
        counts_json(&w, "deleted_at_clinic", &d);
        sg_jw_obj_end(&w);
        return sg_cli_json_end(&w) ? SG_EIO : SG_OK;
    }
    printf("stopped sharing: the clinic deleted %lld activities, %lld journal entries and %lld "
           "IMU recordings\n", d.activities, d.journal, d.imu);
    return SG_OK;
}

int sg_cmd_share(int argc, char **argv, const sg_cli_ctx *ctx)
{
    share_opts o = {0};
    sg_cli_common co = {0};
    int rc = sg_cli_parse(argc, argv, "share", usage, &co, opt, &o);
    if (rc != SG_CLI_GO_ON)
        return rc;
    const char *v = o.verb ? o.verb : "";
    int join = strcmp(v, "join") == 0;
    int other = strcmp(v, "push") == 0 || strcmp(v, "status") == 0 || strcmp(v, "stop") == 0;
    if ((join && (!o.url || !o.code || !o.login)) ||
        (other && (o.url || o.code || o.login)) || (!join && !other) ||
        (o.max_items && strcmp(v, "push") != 0)) {
        sg_cli_errorf("share: expected 'join URL --code CODE --login NAME', 'push', 'status' or "
                      "'stop' (see 'strideguard share --help')");
        return SG_EXIT_USAGE;
    }
    char pw[PW_MAX];
    if (!sg_cli_password("share", "Clinic password", o.from_stdin, 0, pw, sizeof pw))
        return SG_EXIT_USAGE;
    sg_store *st = NULL;
    if (!sg_cli_store_open(ctx, &st)) {
        memset(pw, 0, sizeof pw);
        return SG_EXIT_FAIL;
    }
    sg_err err;
    sg_err_clear(&err);
    int partial = 0;
    rc = run(st, &o, pw, ctx, co.json, &partial, &err);
    memset(pw, 0, sizeof pw);
    sg_store_close(st);
    if (!rc && partial)
        return SG_EXIT_FAIL;
    if (rc) {
        sg_cli_errorf("share %s: %s", v, err.msg[0] ? err.msg : sg_code_name(rc));
        return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL;
    }
    return SG_EXIT_OK;
}
