/* `strideguard [--db PATH] import [--json] [--jobs N] PATH...` (docs/cli.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/import.h"
#include "cli/cli.h"
#include "render/jsonw.h"
#include "render/progress.h"
#include "strideguard/store.h"

#define MAX_FAILED_KEPT 100000

typedef struct failed {
    char *file;
    char *error;
} failed;

typedef struct run {
    bool json;
    bool progress;
    sg_progress bar;
    failed *f;
    size_t nf, capf;
} run;

/* "offset N: cause" / "line L:C: cause" / "cause", as the CLI prints it. */
static void err_text(const sg_err *e, char *buf, size_t cap)
{
    const char *m = e->msg[0] ? e->msg : sg_code_name(e->code);
    if (e->line > 0)
        snprintf(buf, cap, "line %d:%d: %s", e->line, e->col, m);
    else if (e->offset >= 0)
        snprintf(buf, cap, "offset %lld: %s", e->offset, m);
    else
        snprintf(buf, cap, "%s", m);
}

static void on_event(void *ctx, const sg_import_event *ev)
{
    run *r = ctx;
    if (ev->status != SG_IMPORT_FAILED)
        return;
    if (r->progress)
        sg_progress_clear(&r->bar);
    sg_cli_error(ev->path, ev->err);
    if (!r->json || r->nf >= MAX_FAILED_KEPT)
        return;
    if (r->nf == r->capf) {
        size_t nc = r->capf ? r->capf * 2 : 16;
        failed *q = realloc(r->f, nc * sizeof *q);
        if (!q)
            return;
        r->f = q;
        r->capf = nc;
    }
    char text[400];
    err_text(ev->err, text, sizeof text);
    failed x = {strdup(ev->path), strdup(text)};
    if (!x.file || !x.error) {
        free(x.file);
        free(x.error);
        return;
    }
    r->f[r->nf++] = x;
}

static void on_progress(void *ctx, const sg_import_progress *p)
{
    run *r = ctx;
    sg_progress_update(&r->bar, p->files_done, p->bytes_done, p->elapsed_s);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: strideguard [--db PATH] import [--json] [--jobs N] PATH...\n"
               "  PATH: activity files (FIT, GPX, TCX), IMU recordings (phyphox, Shimmer,\n"
               "  Xsens, ISO-time CSV; FIT motion files), folders (searched recursively)\n"
               "  and archives (zip, nested zip, tar, .gz; Garmin and Strava bulk exports).\n");
}

int sg_cmd_import(int argc, char **argv, const sg_cli_ctx *ctx);
int sg_cmd_import(int argc, char **argv, const sg_cli_ctx *ctx)
{
    run r;
    memset(&r, 0, sizeof r);
    sg_import_opts o;
    sg_import_opts_init(&o);
    const char **paths = calloc((size_t)argc, sizeof *paths);
    size_t np = 0;
    int code = SG_EXIT_OK;
    sg_store *st = NULL;
    if (!paths) {
        sg_cli_errorf("out of memory");
        return SG_EXIT_FAIL;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            r.json = true;
        } else if (strcmp(a, "--jobs") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 64) {
                sg_cli_errorf("--jobs: expected 1..64, got '%s'", argv[i]);
                code = SG_EXIT_USAGE;
                goto out;
            }
            o.threads = (int)n;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            goto out;
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                paths[np++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            sg_cli_errorf("import: unknown option '%s'", a);
            usage(stderr);
            code = SG_EXIT_USAGE;
            goto out;
        } else {
            paths[np++] = a;
        }
    }
    if (!np) {
        usage(stderr);
        code = SG_EXIT_USAGE;
        goto out;
    }
    sg_err err;
    sg_err_clear(&err);
    if (sg_store_open(ctx->db_path, &st, &err)) {
        sg_cli_error(ctx->db_path ? ctx->db_path : "database", &err);
        code = SG_EXIT_FAIL;
        goto out;
    }
    r.progress = ctx->tty_err;
    if (r.progress) {
        uint64_t files = 0, bytes = 0;
        for (size_t i = 0; i < np; i++) {
            uint64_t f, b;
            sg_walk_measure(paths[i], &f, &b);
            files += f;
            bytes += b;
        }
        sg_progress_init(&r.bar, stderr, files, bytes);
        o.on_progress = on_progress;
    }
    o.on_event = on_event;
    o.ctx = &r;
    sg_import_stats s;
    if (sg_import_run(st, paths, np, &o, &s, &err)) {
        if (r.progress)
            sg_progress_clear(&r.bar);
        sg_cli_error(NULL, &err);
        code = SG_EXIT_FAIL;
        goto out;
    }
    if (r.progress)
        sg_progress_clear(&r.bar);
    if (r.json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, 0);
        sg_jw_obj_begin(&w);
        sg_jw_kint(&w, "imported", (long long)s.imported);
        sg_jw_kint(&w, "duplicates", (long long)(s.duplicates + s.same_run));
        sg_jw_kint(&w, "skipped", (long long)s.skipped);
        sg_jw_kint(&w, "imu_recordings", (long long)s.imu);
        sg_jw_key(&w, "failed");
        sg_jw_arr_begin(&w);
        for (size_t i = 0; i < r.nf; i++) {
            sg_jw_obj_begin(&w);
            sg_jw_kstr(&w, "file", r.f[i].file);
            sg_jw_kstr(&w, "error", r.f[i].error);
            sg_jw_obj_end(&w);
        }
        sg_jw_arr_end(&w);
        sg_jw_obj_end(&w);
        sg_jw_newline(&w);
    } else {
        printf("imported %llu, duplicates %llu", (unsigned long long)s.imported,
               (unsigned long long)(s.duplicates + s.same_run));
        if (s.same_run)
            printf(" (%llu same run in another file)", (unsigned long long)s.same_run);
        printf(", skipped %llu (not activities), failed %llu, IMU recordings %llu\n",
               (unsigned long long)s.skipped, (unsigned long long)s.failed,
               (unsigned long long)s.imu);
    }
    if (s.failed)
        code = SG_EXIT_FAIL;
out:
    for (size_t i = 0; i < r.nf; i++) {
        free(r.f[i].file);
        free(r.f[i].error);
    }
    free(r.f);
    sg_store_close(st);
    free(paths);
    return code;
}
