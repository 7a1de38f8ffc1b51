/* `strideguard [--db PATH] import [--json] [--jobs N] PATH...` (docs/cli.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/import.h"
#include "bytes/file.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "render/format.h"
#include "render/import_text.h"
#include "model/jsonw.h"
#include "render/progress.h"
#include "strideguard/alloc.h"

#define MAX_KEPT 100000

/* A file the summary names (--json): failed, damaged, skipped or shifted. */
typedef struct named {
    sg_import_status status;
    char *file;
    char *error;
    long long duplicate_of, stored_as;
    double shift_s;
} named;

typedef struct run {
    bool json;
    bool progress;
    sg_progress bar;
    named *f;
    size_t nf, capf;
    const char **paths;
    size_t np;
} run;

/* "+2:00" for a shift of 7200 s. */
static void shift_text(double s, char *buf, size_t cap)
{
    long long m = llround(fabs(s) / 60.0);
    snprintf(buf, cap, "%c%lld:%02lld", s < 0 ? '-' : '+', m / 60, m % 60);
}

static void keep(run *r, const sg_import_event *ev, const char *text)
{
    if (!r->json || r->nf >= MAX_KEPT)
        return;
    if (r->nf == r->capf) {
        named *q = sg_grow(NULL, r->f, &r->capf, sizeof *q, 16, MAX_KEPT);
        if (!q)
            return;
        r->f = q;
    }
    named x = {ev->status, strdup(ev->path), strdup(text), ev->duplicate_of, ev->activity_id,
               ev->shift_s};
    if (!x.file || !x.error) {
        free(x.file);
        free(x.error);
        return;
    }
    r->f[r->nf++] = x;
}

/* A session that ends before its records (docs/formats.md "Late sessions"):
 * one warning line on stderr, and the file in --json's "warnings". */
static void warn_late(run *r, const sg_import_event *ev)
{
    if (r->progress)
        sg_progress_clear(&r->bar);
    char d[32];
    sg_err e;
    sg_err_clear(&e);
    snprintf(e.msg, sizeof e.msg,
             "warning: the records run %s past the session's end (session written before the "
             "final lap): the figures use the records",
             sg_fmt_duration(d, sizeof d, ev->late_session_s));
    sg_cli_error(ev->path, &e);
    sg_import_event w = *ev;
    w.status = 0; /* in no other list */
    keep(r, &w, e.msg + strlen("warning: "));
}

static void on_event(void *ctx, const sg_import_event *ev)
{
    run *r = ctx;
    if (ev->late_session_s > 0)
        warn_late(r, ev);
    bool shifted = ev->status == SG_IMPORT_DUPLICATE && ev->shift_s != 0;
    if (ev->status != SG_IMPORT_FAILED && ev->status != SG_IMPORT_DAMAGED &&
        ev->status != SG_IMPORT_SKIPPED && !shifted)
        return;
    if (r->progress)
        sg_progress_clear(&r->bar);
    char text[400], name[1024];
    text[0] = '\0';
    if (ev->err)
        sg_import_reason(ev->err, text, sizeof text);
    if (ev->status == SG_IMPORT_DAMAGED) {
        /* one line: where the damage is, then what became of the file */
        sg_err e = *ev->err;
        size_t k = strlen(e.msg);
        if (ev->duplicate_of)
            snprintf(e.msg + k, sizeof e.msg - k,
                     " (damaged copy of activity %lld: not stored)", ev->duplicate_of);
        else if (ev->activity_id)
            snprintf(e.msg + k, sizeof e.msg - k,
                     " (read in part: stored what was read as activity %lld)", ev->activity_id);
        else
            snprintf(e.msg + k, sizeof e.msg - k, " (read in part: refused, --strict)");
        sg_cli_error(ev->path, &e);
    } else if (ev->status == SG_IMPORT_FAILED) {
        sg_cli_error(ev->path, ev->err);
    } else if (!r->json) {
        sg_name_escape(ev->path, name, sizeof name);
        if (shifted) {
            char sh[32];
            shift_text(ev->shift_s, sh, sizeof sh);
            printf("duplicate: %s: activity %lld with every time shifted by %s h "
                   "(time zone mislabelled?)\n",
                   name, ev->duplicate_of, sh);
        } else {
            printf("skipped: %s: %s\n", name, text);
        }
    }
    keep(r, ev, text);
}

static void on_progress(void *ctx, const sg_import_progress *p)
{
    run *r = ctx;
    sg_progress_update(&r->bar, p->files_done, p->bytes_done, p->elapsed_s);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: strideguard [--db PATH] import [--json] [--strict] [--jobs N] PATH...\n"
               "  PATH: activity files (FIT, GPX, TCX), IMU recordings (phyphox, Shimmer,\n"
               "  Xsens, ISO-time CSV; FIT motion files), folders (searched recursively)\n"
               "  and archives (zip, nested zip, tar, .gz; Garmin and Strava bulk exports).\n"
               "  --strict: refuse files that can be read only in part (damaged).\n"
               "  Exit status: 0 every activity file taken whole, 1 a file failed or was\n"
               "  damaged, or the import stopped (named on stderr), 2 usage error.\n");
}

/* Parses argv: options into *r and *o, the paths into paths[*np]. Returns
 * SG_CLI_GO_ON, or an exit status. */
static int parse_args(int argc, char **argv, run *r, sg_import_opts *o, const char **paths,
                      size_t *np)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            r->json = true;
        } else if (strcmp(a, "--strict") == 0) {
            o->strict = true;
        } else if (strcmp(a, "--jobs") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 64) {
                sg_cli_errorf("--jobs: expected 1..64, got '%s'", argv[i]);
                return SG_EXIT_USAGE;
            }
            o->threads = (int)n;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                paths[(*np)++] = argv[i];
        } else if (a[0] == '-' && a[1]) {
            sg_cli_errorf("import: unknown option '%s'", a);
            usage(stderr);
            return SG_EXIT_USAGE;
        } else {
            paths[(*np)++] = a;
        }
    }
    if (!*np) {
        usage(stderr);
        return SG_EXIT_USAGE;
    }
    return SG_CLI_GO_ON;
}

/* A progress bar on a terminal, sized by a first walk of the paths (once
 * the store is open). */
static void start_progress(void *ctx, sg_import_opts *o)
{
    run *r = ctx;
    uint64_t files = 0, bytes = 0;
    for (size_t i = 0; i < r->np; i++) {
        uint64_t f, b;
        sg_walk_measure(r->paths[i], &f, &b);
        files += f;
        bytes += b;
    }
    sg_progress_init(&r->bar, stderr, files, bytes);
    o->on_progress = on_progress;
}

/* The --json summary: counts and the files named by status. */
static void print_json(const run *r, const sg_import_stats *st)
{
    sg_jw w;
    sg_jw_init_file(&w, stdout, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kint(&w, "imported", (long long)st->imported);
    sg_jw_kint(&w, "duplicates", (long long)(st->duplicates + st->same_run));
    sg_jw_kint(&w, "skipped", (long long)st->skipped);
    sg_jw_kint(&w, "imu_recordings", (long long)st->imu);
    sg_jw_key(&w, "failed");
    sg_jw_arr_begin(&w);
    for (size_t i = 0; i < r->nf; i++) {
        if (r->f[i].status != SG_IMPORT_FAILED)
            continue;
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "file", r->f[i].file);
        sg_jw_kstr(&w, "error", r->f[i].error);
        sg_jw_obj_end(&w);
    }
    sg_jw_arr_end(&w);
    sg_jw_kint(&w, "damaged", (long long)st->damaged);
    sg_jw_key(&w, "damaged_files");
    sg_jw_arr_begin(&w);
    for (size_t i = 0; i < r->nf; i++) {
        if (r->f[i].status != SG_IMPORT_DAMAGED)
            continue;
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "file", r->f[i].file);
        sg_jw_kstr(&w, "error", r->f[i].error);
        sg_jw_key(&w, "duplicate_of");
        if (r->f[i].duplicate_of)
            sg_jw_int(&w, r->f[i].duplicate_of);
        else
            sg_jw_null(&w);
        sg_jw_key(&w, "stored_partial_as");
        if (r->f[i].stored_as)
            sg_jw_int(&w, r->f[i].stored_as);
        else
            sg_jw_null(&w);
        sg_jw_obj_end(&w);
    }
    sg_jw_arr_end(&w);
    sg_jw_key(&w, "skipped_files");
    sg_jw_arr_begin(&w);
    for (size_t i = 0; i < r->nf; i++) {
        if (r->f[i].status != SG_IMPORT_SKIPPED)
            continue;
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "file", r->f[i].file);
        sg_jw_kstr(&w, "reason", r->f[i].error);
        sg_jw_obj_end(&w);
    }
    sg_jw_arr_end(&w);
    sg_jw_key(&w, "shifted_duplicates");
    sg_jw_arr_begin(&w);
    for (size_t i = 0; i < r->nf; i++) {
        if (r->f[i].status != SG_IMPORT_DUPLICATE)
            continue;
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "file", r->f[i].file);
        sg_jw_kint(&w, "duplicate_of", r->f[i].duplicate_of);
        sg_jw_kint(&w, "shift_s", llround(r->f[i].shift_s));
        sg_jw_obj_end(&w);
    }
    sg_jw_arr_end(&w);
    sg_jw_key(&w, "warnings");
    sg_jw_arr_begin(&w);
    for (size_t i = 0; i < r->nf; i++) {
        if (r->f[i].status != 0)
            continue;
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "file", r->f[i].file);
        sg_jw_kstr(&w, "warning", r->f[i].error);
        sg_jw_obj_end(&w);
    }
    sg_jw_arr_end(&w);
    sg_jw_kint(&w, "not_attempted", (long long)st->not_attempted);
    sg_jw_obj_end(&w);
    sg_jw_newline(&w);
}

/* The one-line summary. */
static void print_text(const sg_import_stats *st)
{
    printf("imported %llu, duplicates %llu", (unsigned long long)st->imported,
           (unsigned long long)(st->duplicates + st->same_run));
    if (st->same_run)
        printf(" (%llu same run in another file)", (unsigned long long)st->same_run);
    printf(", skipped %llu (not activities), failed %llu, damaged %llu, IMU recordings %llu",
           (unsigned long long)st->skipped, (unsigned long long)st->failed,
           (unsigned long long)st->damaged, (unsigned long long)st->imu);
    if (st->not_attempted)
        printf(", not attempted %llu", (unsigned long long)st->not_attempted);
    printf("\n");
}

int sg_cmd_import(int argc, char **argv, const sg_cli_ctx *ctx)
{
    run r;
    memset(&r, 0, sizeof r);
    sg_import_opts o;
    sg_import_opts_init(&o);
    const char **paths = calloc((size_t)argc, sizeof *paths);
    size_t np = 0;
    if (!paths) {
        sg_cli_errorf("out of memory");
        return SG_EXIT_FAIL;
    }
    int code = parse_args(argc, argv, &r, &o, paths, &np);
    if (code != SG_CLI_GO_ON)
        goto out;
    code = SG_EXIT_OK;
    sg_err err;
    sg_err_clear(&err);
    r.progress = ctx->tty_err;
    r.paths = paths;
    r.np = np;
    o.on_event = on_event;
    o.ctx = &r;
    sg_import_req req = {ctx->db_path, paths, np, &o, r.progress ? start_progress : NULL, &r};
    sg_import_stats s;
    bool opened;
    int irc = sg_import_into(&req, &s, &opened, &err);
    if (!opened) {
        sg_cli_error(ctx->db_path ? ctx->db_path : "database", &err);
        code = SG_EXIT_FAIL;
        goto out;
    }
    if (r.progress)
        sg_progress_clear(&r.bar);
    if (irc && irc != SG_ENOSPC) {
        sg_cli_error(NULL, &err);
        code = SG_EXIT_FAIL;
        goto out;
    }
    if (irc) {
        /* the store cannot be written: one line, then what was done */
        size_t k = strlen(err.msg);
        snprintf(err.msg + k, sizeof err.msg - k,
                 "; import stopped, %llu file(s) read but not attempted, the rest not read",
                 (unsigned long long)s.not_attempted);
        sg_cli_error(ctx->db_path ? ctx->db_path : "database", &err);
    }
    if (r.json)
        print_json(&r, &s);
    else
        print_text(&s);
    if (s.failed || s.damaged || irc)
        code = SG_EXIT_FAIL;
out:
    for (size_t i = 0; i < r.nf; i++) {
        free(r.f[i].file);
        free(r.f[i].error);
    }
    free(r.f);
    free(paths);
    return code;
}
