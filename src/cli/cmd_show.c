/* `strideguard show ID|FILE... [--json]` and `show --all [--json] [--since
 * DATE] [--until DATE] [--sport S] [--stats]`: what each run did to the
 * spine and hips (issue #4). Printing only; the work is in app/show.c and
 * app/show_all.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/runs.h"
#include "app/show.h"
#include "app/show_all.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "render/docs.h"
#include "render/run_json.h"
#include "render/run_text.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: strideguard show [--json] FILE|ID...\n"
               "       strideguard show --all [--json] [--since DATE] [--until DATE] [--sport SPORT]"
               " [--stats]\n"
               "  Analyses a run: terrain and grade, grade-adjusted pace, impact and descent\n"
               "  exposure, mechanics, fatigue drift, flags. FILE is a FIT, GPX or TCX file; ID a stored\n"
               "  activity (see 'runs'), compared with your last 90 days of runs and cached.\n"
               "  --all analyses every stored activity (one line each; --json: one array).\n"
               "  --stats prints what came from the cache on stderr.\n"
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

/* show ID: with --json the cached document when it is fresh (app/show.h),
 * else load, analyse against the baseline, cache. */
static int show_id(sg_store *st, long long id, const char *arg, bool json, const sg_cli_ctx *ctx)
{
    sg_err err;
    sg_err_clear(&err);
    sg_run_result r;
    char *js = NULL;
    int rc = json ? sg_show_id_json(st, sg_render_docs(), id, &js, NULL, &err)
                  : sg_show_id(st, sg_render_docs(), id, NULL, &r, NULL, &err);
    if (rc != SG_OK) {
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

/* ---- show --all --------------------------------------------------------- */

typedef struct all_out {
    bool json, imperial, tty_err, progress_drawn, failed;
    size_t n;
} all_out;

static void all_text(const sg_show_all_item *it, const sg_show_line *l, bool imp)
{
    char when[32], dist[32], updown[48], imp_km[32];
    sg_runs_format_time(isfinite(l->start_time) ? l->start_time : it->ref->start, when,
                        sizeof when);
    if (when[0])
        when[10] = '\0'; /* the date */
    else
        snprintf(when, sizeof when, "-");
    const double lu = imp ? 1609.344 : 1000, au = imp ? 0.3048 : 1;
    const char *ls = imp ? "mi" : "km", *as = imp ? "ft" : "m";
    if (isfinite(l->distance_m))
        snprintf(dist, sizeof dist, "%.2f %s", l->distance_m / lu, ls);
    else
        snprintf(dist, sizeof dist, "-");
    if (isfinite(l->ascent_m) && isfinite(l->descent_m))
        snprintf(updown, sizeof updown, "+%.0f/-%.0f %s", l->ascent_m / au, l->descent_m / au, as);
    else
        snprintf(updown, sizeof updown, "-");
    if (isfinite(l->impact_weighted_km))
        snprintf(imp_km, sizeof imp_km, "%.1f", l->impact_weighted_km);
    else
        snprintf(imp_km, sizeof imp_km, "-");
    printf("%6lld  %-10s  %10s  %15s  %10s  %5zu  %s\n", it->ref->id, when, dist, updown, imp_km,
           l->n_flags, l->codes);
}

static int all_item(void *ctx, const sg_show_all_item *it)
{
    all_out *o = ctx;
    if (o->progress_drawn) {
        fputs("\r\033[K", stderr);
        o->progress_drawn = false;
    }
    if (it->rc != SG_OK) {
        char what[48];
        snprintf(what, sizeof what, "activity %lld", it->ref->id);
        sg_cli_error(what, it->err);
        o->failed = true;
        return 0;
    }
    if (o->json) {
        /* the document with "id" first; streamed, never gathered */
        const char *body = it->json + 1;
        while (*body == ' ' || *body == '\n')
            body++;
        printf("%s{\"id\":%lld%s%s", o->n ? ",\n" : "[\n", it->ref->id, *body == '}' ? "" : ",",
               body);
    } else {
        sg_show_line l;
        if (it->result) {
            sg_show_line_of_result(it->result, &l);
        } else {
            sg_err e;
            if (sg_show_line_of_json(it->json, &l, &e) != SG_OK) {
                char what[48];
                snprintf(what, sizeof what, "activity %lld (cached)", it->ref->id);
                sg_cli_error(what, &e);
                o->failed = true;
                return 0;
            }
        }
        if (o->n == 0)
            printf("%6s  %-10s  %10s  %15s  %10s  %5s  %s\n", "id", "date", "distance",
                   "ascent/descent", "impact km", "flags", "codes");
        all_text(it, &l, o->imperial);
    }
    o->n++;
    return ferror(stdout) ? SG_EIO : 0;
}

/* A progress line on a terminal while misses are being computed. */
static void all_progress(void *ctx, const sg_show_all_stats *s)
{
    all_out *o = ctx;
    if (!o->tty_err || s->computed == 0 || (s->done % 8 && s->done != s->total))
        return;
    fprintf(stderr, "\r\033[Kanalysing runs: %zu/%zu (%zu from cache)", s->done, s->total,
            s->cached);
    fflush(stderr);
    o->progress_drawn = s->done != s->total;
    if (s->done == s->total)
        fputs("\r\033[K", stderr);
}

static int show_all(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_store_filter f;
    sg_store_filter_init(&f);
    all_out o = {.imperial = ctx->units == SG_UNITS_IMPERIAL, .tty_err = ctx->tty_err};
    bool stats = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        sg_err e;
        if (strcmp(a, "--all") == 0)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            o.json = true;
        } else if (strcmp(a, "--stats") == 0) {
            stats = true;
        } else if ((strcmp(a, "--since") == 0 || strcmp(a, "--until") == 0) && i + 1 < argc) {
            if (sg_runs_parse_date(argv[++i], a[2] == 's' ? &f.since : &f.until, &e)) {
                sg_cli_errorf("%s: %s", a, e.msg);
                return SG_EXIT_USAGE;
            }
        } else if (strcmp(a, "--sport") == 0 && i + 1 < argc) {
            sg_sport sp = sg_sport_parse(argv[++i]);
            if (sp == SG_SPORT_UNKNOWN && strcmp(argv[i], "unknown") != 0) {
                sg_cli_errorf("--sport: unknown sport '%s'", argv[i]);
                return SG_EXIT_USAGE;
            }
            f.sport = (int)sp;
        } else {
            sg_cli_errorf("show --all: unexpected '%s'", a);
            usage(stderr);
            return SG_EXIT_USAGE;
        }
    }
    sg_store *st = NULL;
    sg_err err;
    sg_err_clear(&err);
    if (!sg_cli_store_open(ctx, &st))
        return SG_EXIT_FAIL;
    sg_show_all_stats s;
    int rc = sg_show_all(st, sg_render_docs(), &f, all_item, all_progress, &o, &s, &err);
    sg_store_close(st);
    if (o.progress_drawn)
        fputs("\r\033[K", stderr);
    if (o.json)
        fputs(o.n ? "\n]\n" : "[]\n", stdout);
    if (stats)
        fprintf(stderr, "show: %zu activities, %zu from cache, %zu analysed, %zu failed, "
                        "%zu earlier runs analysed for baselines\n",
                s.total, s.cached, s.computed, s.failed, s.window_loads);
    if (rc != SG_OK && rc != SG_EIO) {
        sg_cli_error("show --all", &err);
        return SG_EXIT_FAIL;
    }
    if (fflush(stdout) != 0 || rc == SG_EIO || o.failed)
        return SG_EXIT_FAIL;
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
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--all") == 0)
            return show_all(argc, argv, ctx);
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
            if (!st && !sg_cli_store_open(ctx, &st))
                return SG_EXIT_FAIL;
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
