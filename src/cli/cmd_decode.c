/* `strideguard decode`: what a FIT file says.
 *
 *   decode FILE --jsonl        the interop view (docs/formats.md "FIT"): one JSON
 *                              line per record in FIT profile units, comparable
 *                              line by line with the reference decodes
 *   decode FILE [--summary]    a human overview (device, sport, totals, counts)
 *   decode FILE --json         the same overview as one JSON object
 *   decode --stats [--json] [--repeat N] FILE...
 *                              decode every file into the activity model in one
 *                              process and print one line per file (what bench/
 *                              times)
 *
 * The work is src/app/decode.c (the --jsonl view shows the file's own fields
 * and units, which the activity model has already converted; everything
 * else goes through the FIT decoder), the writers src/render/decode_render.c.
 * Damage prints "strideguard: FILE: offset N: cause" on stderr
 * and the command exits 1, after printing what was decoded before it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/decode.h"
#include "bytes/file.h"
#include "cli/cli.h"
#include "model/jsonw.h"
#include "render/decode_render.h"
#include "strideguard/alloc.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard decode FILE [--summary | --jsonl | --json]\n"
          "       strideguard decode --stats [--json] [--repeat N] FILE...\n",
          f);
}

/* The whole file at path into *buf (sg_free) and *len; prints the error. */
static int read_input(const char *path, unsigned char **buf, size_t *len)
{
    sg_err err;
    sg_err_clear(&err);
    if (sg_file_read(NULL, path, 0, buf, len, &err)) {
        sg_cli_error(path, &err);
        return 0;
    }
    return 1;
}

/* ---- --jsonl ---- */

static int jl_record(void *ctx, const sg_app_fit_record *r)
{
    sg_jw *w = ctx;
    sg_decode_jsonl_record(w, r);
    return sg_jw_error(w) ? SG_EIO : SG_OK;
}

static int do_jsonl(const char *path)
{
    unsigned char *buf = NULL;
    size_t len = 0, records = 0;
    if (!read_input(path, &buf, &len))
        return SG_EXIT_FAIL;
    sg_err err;
    sg_err_clear(&err);
    sg_jw w;
    sg_jw_init_file(&w, stdout, 0);
    sg_decode_jsonl_head(&w, sg_path_basename(path), len, SG_VERSION);
    sg_app_fit_counts counts;
    int rc = sg_app_decode_records(buf, len, jl_record, &w, &records, &counts, &err);
    sg_decode_jsonl_tail(&w, records, &counts, rc, &err);
    fflush(stdout);
    if (rc)
        sg_cli_error(path, &err);
    sg_app_fit_counts_free(&counts);
    sg_free(NULL, buf);
    return rc ? SG_EXIT_FAIL : SG_EXIT_OK;
}

/* ---- --summary / --json ---- */

static int do_summary(const char *path, bool json, const sg_cli_ctx *ctx)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    if (!read_input(path, &buf, &len))
        return SG_EXIT_FAIL;
    sg_err err;
    sg_err_clear(&err);
    sg_app_decode_summary s;
    if (sg_app_decode_summary_of(buf, len, &s, &err)) {
        sg_cli_error(path, &err);
        sg_free(NULL, buf);
        return SG_EXIT_FAIL;
    }
    if (json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, 2);
        sg_decode_summary_json(&w, sg_path_basename(path), len, &s);
    } else {
        sg_decode_summary_text(stdout, sg_path_basename(path), len, &s,
                               ctx->units == SG_UNITS_METRIC);
    }
    if (s.errors)
        sg_cli_error(path, &s.first_error);
    int status = s.errors ? SG_EXIT_FAIL : SG_EXIT_OK;
    sg_app_decode_summary_free(&s);
    sg_free(NULL, buf);
    return status;
}

/* ---- --stats ---- */

typedef struct stats_out {
    sg_jw w;
    bool json;
} stats_out;

static void stat_line(void *ctx, const sg_app_decode_stat *s)
{
    stats_out *o = ctx;
    if (s->rc || s->errors)
        sg_cli_error(s->file, s->err);
    sg_decode_stat_write(&o->w, stdout, o->json, s);
}

/* Decodes every file `repeat` times in this one process (sg_app_decode_stats):
 * a line per file of the first pass, then the total. */
static int do_stats(int nfiles, char **files, bool json, int repeat)
{
    stats_out o;
    o.json = json;
    sg_jw_init_file(&o.w, stdout, 0);
    sg_app_decode_totals t;
    sg_app_decode_stats(files, (size_t)nfiles, repeat, stat_line, &o, &t);
    sg_decode_totals_write(&o.w, stdout, json, &t, repeat);
    return t.failed ? SG_EXIT_FAIL : SG_EXIT_OK;
}

int sg_cmd_decode(int argc, char **argv, const sg_cli_ctx *ctx)
{
    bool jsonl = false, json = false, stats = false, summary = false;
    int first_file = -1, nfiles = 0, repeat = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--jsonl") == 0)
            jsonl = true;
        else if (strcmp(a, "--json") == 0)
            json = true;
        else if (strcmp(a, "--stats") == 0)
            stats = true;
        else if (strcmp(a, "--summary") == 0)
            summary = true;
        else if (strcmp(a, "--repeat") == 0 && i + 1 < argc) {
            char *end;
            long r = strtol(argv[++i], &end, 10);
            if (*end || r < 1 || r > 1000) {
                sg_cli_errorf("decode: --repeat takes 1..1000");
                return SG_EXIT_USAGE;
            }
            repeat = (int)r;
        }
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (a[0] == '-' && a[1] != '\0') {
            sg_cli_errorf("decode: unknown option '%s'", a);
            usage(stderr);
            return SG_EXIT_USAGE;
        } else {
            /* files are collected in place: move them to the front */
            argv[1 + nfiles++] = argv[i];
            if (first_file < 0)
                first_file = 1;
        }
    }
    if (nfiles == 0 || (jsonl + summary + stats) > 1 || (jsonl && json)) {
        usage(stderr);
        return SG_EXIT_USAGE;
    }
    if (stats)
        return do_stats(nfiles, argv + 1, json, repeat);
    if (nfiles != 1) {
        sg_cli_errorf("decode: one FILE at a time (use --stats for several)");
        return SG_EXIT_USAGE;
    }
    if (jsonl)
        return do_jsonl(argv[1]);
    return do_summary(argv[1], json, ctx);
}
