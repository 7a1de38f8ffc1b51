/* `strideguard [--db PATH] runs [--json] [--since DATE] [--until DATE] [--sport S]`,
 * `runs delete ID`, `runs undo`, `runs changes` (docs/cli.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/runs.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "model/jsonw.h"
#include "render/runs_json.h"

typedef struct out {
    bool json;
    sg_units units;
    sg_jw w;
    long n;
} out;

static int json_row(void *ctx, const sg_run_row *r)
{
    out *o = ctx;
    sg_runs_json_row(&o->w, r);
    o->n++;
    return sg_jw_error(&o->w) ? SG_EIO : 0;
}

static void fmt_hms(double s, char *buf, size_t cap)
{
    if (!isfinite(s) || s < 0) {
        snprintf(buf, cap, "-");
        return;
    }
    long t = lround(s);
    snprintf(buf, cap, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
}

static int text_row(void *ctx, const sg_run_row *r)
{
    out *o = ctx;
    const sg_store_summary *s = &r->row->s;
    char when[32], dur[32], dist[32], asc[32];
    sg_runs_format_time(s->start, when, sizeof when);
    if (when[0]) {
        when[10] = ' ';
        when[16] = '\0'; /* "YYYY-MM-DD HH:MM" */
    } else {
        snprintf(when, sizeof when, "-");
    }
    fmt_hms(s->duration_s, dur, sizeof dur);
    bool imp = o->units == SG_UNITS_IMPERIAL;
    if (isfinite(s->distance_m))
        snprintf(dist, sizeof dist, imp ? "%.2f mi" : "%.2f km",
                 imp ? s->distance_m / 1609.344 : s->distance_m / 1000);
    else
        snprintf(dist, sizeof dist, "-");
    if (isfinite(s->ascent_m))
        snprintf(asc, sizeof asc, imp ? "%.0f ft" : "%.0f m", imp ? s->ascent_m / 0.3048 : s->ascent_m);
    else
        snprintf(asc, sizeof asc, "-");
    if (o->n == 0)
        printf("%5s  %-16s  %-9s %10s %9s %7s  %-18s %s\n", "id", "start (UTC)", "sport",
               "distance", "duration", "ascent", "device", "name");
    printf("%5lld  %-16s  %-9s %10s %9s %7s  %-18.18s %s\n", r->row->id, when,
           sg_sport_name(s->sport), dist, dur, asc, s->device[0] ? s->device : "-",
           s->name[0] ? s->name : (r->n_sources ? r->sources[0] : ""));
    o->n++;
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: strideguard [--db PATH] runs [--json] [--since DATE] [--until DATE]"
               " [--sport SPORT]\n"
               "  DATE: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC); SPORT: running, cycling,"
               " walking, hiking, swimming, other\n"
               "       strideguard [--db PATH] runs delete ID [--json]   (to the trash; undoable)\n"
               "       strideguard [--db PATH] runs undo [--json]        (restores the last deletion)\n"
               "       strideguard [--db PATH] runs changes [--json]     (every delete and undo)\n");
}

/* "2025-03-02 08:00" or "-" */
static void short_time(double t, char *buf, size_t cap)
{
    sg_runs_format_time(t, buf, cap);
    if (buf[0]) {
        buf[10] = ' ';
        buf[16] = '\0';
    } else {
        snprintf(buf, cap, "-");
    }
}

static void print_change(const char *verb, const sg_store_change *c)
{
    char when[32];
    short_time(c->start, when, sizeof when);
    printf("%s run %lld (%s, %s%s%s)\n", verb, c->activity_id, when, sg_sport_name(c->sport),
           c->name[0] ? ", " : "", c->name);
}

static int change_row(void *ctx, const sg_store_change *c)
{
    out *o = ctx;
    if (o->json) {
        sg_runs_json_change(&o->w, c);
    } else {
        char at[32], when[32];
        short_time((double)c->at, at, sizeof at);
        short_time(c->start, when, sizeof when);
        if (o->n == 0)
            printf("%5s  %-16s  %-6s  %5s  %-16s  %-9s %s\n", "#", "when (UTC)", "change", "run",
                   "start (UTC)", "sport", "name");
        printf("%5lld  %-16s  %-6s  %5lld  %-16s  %-9s%s%s%s\n", c->id, at, c->kind,
               c->activity_id, when, sg_sport_name(c->sport), c->name[0] ? " " : "", c->name,
               c->undoable ? " (in the trash: 'runs undo' restores it)" : "");
    }
    o->n++;
    return o->json && sg_jw_error(&o->w) ? SG_EIO : 0;
}

/* runs delete|undo|changes */
static int runs_change(int argc, char **argv, const sg_cli_ctx *ctx)
{
    const char *sub = argv[1];
    char cmd[32];
    snprintf(cmd, sizeof cmd, "runs %s", sub);
    bool del = strcmp(sub, "delete") == 0;
    long long id = 0;
    if (del) {
        if (argc < 3 || argv[2][0] == '-') {
            if (argc >= 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
                usage(stdout);
                return SG_EXIT_OK;
            }
            sg_cli_errorf("runs delete: expected a run id (see 'strideguard runs')");
            return SG_EXIT_USAGE;
        }
        if (!sg_cli_id_arg(cmd, "a run id", argv[2], &id))
            return SG_EXIT_USAGE;
    }
    sg_cli_common co = {0};
    int first = del ? 2 : 1;
    int pr = sg_cli_parse(argc - first, argv + first, cmd, usage, &co, NULL, NULL);
    if (pr != SG_CLI_GO_ON)
        return pr;
    sg_store *st;
    sg_err err;
    sg_err_clear(&err);
    if (sg_store_open(ctx->db_path, &st, &err))
        return sg_cli_store_failed(ctx, err.code, &err);
    out o;
    memset(&o, 0, sizeof o);
    o.json = co.json;
    int rc;
    if (strcmp(sub, "changes") == 0) {
        if (o.json) {
            sg_cli_json_begin(&o.w, ctx);
            sg_jw_arr_begin(&o.w);
        }
        rc = sg_runs_changes(st, change_row, &o, &err);
        if (o.json) {
            sg_jw_arr_end(&o.w);
            int jr = sg_cli_json_end(&o.w);
            if (!rc && jr)
                rc = SG_EIO;
        } else if (!rc && o.n == 0) {
            printf("no run changes recorded\n");
        }
    } else {
        sg_store_change c;
        rc = del ? sg_runs_delete(st, id, &c, &err) : sg_runs_undo(st, &c, &err);
        if (!rc && o.json) {
            sg_cli_json_begin(&o.w, ctx);
            sg_runs_json_change(&o.w, &c);
            if (sg_cli_json_end(&o.w))
                rc = SG_EIO;
        } else if (!rc) {
            print_change(del ? "deleted" : "restored", &c);
            if (del)
                printf("undo with 'strideguard runs undo'\n");
        }
    }
    sg_store_close(st);
    if (rc == SG_EIO && !err.msg[0])
        return SG_EXIT_FAIL;
    if (rc) {
        sg_cli_error(NULL, &err);
        return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL;
    }
    return SG_EXIT_OK;
}

int sg_cmd_runs(int argc, char **argv, const sg_cli_ctx *ctx)
{
    out o;
    memset(&o, 0, sizeof o);
    o.units = ctx->units;
    sg_store_filter f;
    sg_store_filter_init(&f);
    sg_err err;
    sg_err_clear(&err);
    if (argc > 1 && (strcmp(argv[1], "delete") == 0 || strcmp(argv[1], "undo") == 0 ||
                     strcmp(argv[1], "changes") == 0))
        return runs_change(argc, argv, ctx);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            o.json = true;
        } else if ((strcmp(a, "--since") == 0 || strcmp(a, "--until") == 0) && i + 1 < argc) {
            if (sg_runs_parse_date(argv[++i], a[2] == 's' ? &f.since : &f.until, &err)) {
                sg_cli_error(NULL, &err);
                return SG_EXIT_USAGE;
            }
        } else if (strcmp(a, "--sport") == 0 && i + 1 < argc) {
            const char *s = argv[++i];
            sg_sport sp = sg_sport_parse(s);
            if (sp == SG_SPORT_UNKNOWN && strcmp(s, "unknown") != 0) {
                sg_cli_errorf("--sport: unknown sport '%s'", s);
                usage(stderr);
                return SG_EXIT_USAGE;
            }
            f.sport = (int)sp;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else {
            sg_cli_errorf("runs: unexpected argument '%s'", a);
            usage(stderr);
            return SG_EXIT_USAGE;
        }
    }
    sg_store *st;
    if (!sg_cli_store_open(ctx, &st))
        return SG_EXIT_FAIL;
    int rc;
    if (o.json) {
        sg_jw_init_file(&o.w, stdout, 0);
        sg_jw_arr_begin(&o.w);
        rc = sg_runs_list(st, &f, json_row, &o, &err);
        sg_jw_arr_end(&o.w);
        sg_jw_newline(&o.w);
    } else {
        rc = sg_runs_list(st, &f, text_row, &o, &err);
        if (!rc && o.n == 0)
            printf("no activities stored%s\n",
                   isnan(f.since) && isnan(f.until) && f.sport < 0 ? "; try 'strideguard import'"
                                                                   : " match");
    }
    sg_store_close(st);
    if (rc) {
        sg_cli_error(NULL, &err);
        return SG_EXIT_FAIL;
    }
    return SG_EXIT_OK;
}
