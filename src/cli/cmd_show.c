/* `strideguard show ID|FILE... [--json]`: what each run did to the spine and
 * hips (issue #4). Printing only; the work is in app/show.c. */
#include <stdio.h>
#include <stdlib.h>
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
               "  activity (see 'runs'), compared with your last 90 days of runs and cached.\n"
               "  --json prints the schema in docs/cli.md.\n");
}

static bool parse_id(const char *s, long long *id)
{
    char *end;
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    *id = strtoll(s, &end, 10);
    return *end == '\0' && *id > 0;
}

static void emit_json(const char *json)
{
    fputs(json, stdout);
    fputc('\n', stdout);
}

/* show ID: the cached JSON when --json and the algorithm version matches,
 * else load, analyse against the baseline, cache. */
static int show_id(sg_store *st, long long id, const char *arg, bool json, const sg_cli_ctx *ctx)
{
    sg_err err;
    sg_err_clear(&err);
    if (json) {
        char *cached = NULL;
        if (sg_store_cache_get(st, id, SG_SHOW_CACHE_NAME, SG_RUN_ALGORITHM_VERSION, &cached,
                               NULL) == SG_OK) {
            emit_json(cached);
            free(cached);
            return SG_EXIT_OK;
        }
    }
    sg_run_result r;
    char *js = NULL;
    if (sg_show_id(st, id, NULL, &r, json ? &js : NULL, &err) != SG_OK) {
        char what[48];
        snprintf(what, sizeof what, "activity %s", arg);
        sg_cli_error(what, &err);
        return SG_EXIT_FAIL;
    }
    if (json) {
        emit_json(js);
        free(js);
    } else {
        char title[48];
        snprintf(title, sizeof title, "activity %s", arg);
        sg_run_text_write(stdout, &r, title, ctx->units == SG_UNITS_IMPERIAL);
    }
    return SG_EXIT_OK;
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
    sg_store *st = NULL;
    for (int i = first; i < argc; i++) {
        const char *t = argv[i];
        long long id;
        if (t[0] == '-' && t[1])
            continue;
        if (!is_file(t) && parse_id(t, &id)) {
            if (!st) {
                sg_err e;
                if (sg_store_open(ctx->db_path, &st, &e) != SG_OK) {
                    sg_cli_error(ctx->db_path ? ctx->db_path : "database", &e);
                    return SG_EXIT_FAIL;
                }
            }
            if (shown && !json)
                fputc('\n', stdout);
            if (show_id(st, id, t, json, ctx) != SG_EXIT_OK)
                status = SG_EXIT_FAIL;
            else
                shown++;
            continue;
        }
        if (!is_file(t)) {
            sg_cli_errorf("%s: no such file or stored activity id", t);
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
    sg_store_close(st);
    if (fflush(stdout) != 0)
        status = SG_EXIT_FAIL;
    return status;
}
