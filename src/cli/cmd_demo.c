/* `strideguard demo`: the simulated marathon build, end to end.
 *
 * Without options: generates the block as FIT files in the demo folder
 * ($XDG_DATA_HOME/strideguard/demo), imports them into the demo database
 * there (rebuilt from scratch each time, never the runner's own database
 * unless --db names it), sets a demo athlete profile with the race course,
 * prints the runs and starts the dashboard (--no-serve stops before it).
 * --files-only DIR only writes the files (for tests and benchmarks). */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/athlete.h"
#include "app/demo.h"
#include "app/import.h"
#include "app/runs.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "render/docs.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard [--db PATH] demo [--no-serve] [--listen ADDR:PORT] [--dir DIR]\n"
          "                                   [--seed N] [--weeks N] [--no-taper] [--spike-week N|none]\n"
          "                                   [--race] [--race-date YYYY-MM-DD] [--today YYYY-MM-DD]\n"
          "       strideguard demo --files-only DIR [same generation options]\n"
          "Generates a clearly labelled SIMULATED 16-week marathon build for a hilly road\n"
          "marathon, writes it as FIT files, imports it and shows it.\n",
          f);
}

/* Removes the demo's own generated files (sim-*.fit) so a re-run with another
 * date leaves no stale runs behind. Nothing else in the folder is touched. */
static void clear_fit_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[4400];
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "sim-", 4) == 0 && n > 4 && strcmp(e->d_name + n - 4, ".fit") == 0) {
            /* a path cut short could name another file: skip it instead */
            int w = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (w > 0 && (size_t)w < sizeof path)
                unlink(path);
        }
    }
    closedir(d);
}

static int default_dir(char *buf, size_t cap)
{
    const char *x = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;
    if (x && *x)
        n = snprintf(buf, cap, "%s/strideguard/demo", x);
    else if (home && *home)
        n = snprintf(buf, cap, "%s/.local/share/strideguard/demo", home);
    else
        n = snprintf(buf, cap, "strideguard-demo");
    return n > 0 && (size_t)n < cap;
}

static void on_progress(void *c, const sg_import_progress *p)
{
    (void)c;
    fprintf(stderr, "\rimporting: %llu files", (unsigned long long)p->files_done);
}

/* What the command line said besides the generation options. */
typedef struct demo_cli {
    const char *files_only, *dir, *listen;
    int serve;
    double today;   /* NaN = the clock's day */
} demo_cli;

/* Parses argv into *o and *d. Returns SG_CLI_GO_ON, or an exit status. */
static int parse_args(int argc, char **argv, sg_demo_opts *o, demo_cli *d)
{
    sg_err err;
    sg_err_clear(&err);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (strcmp(a, "--no-serve") == 0) {
            d->serve = 0;
        } else if (strcmp(a, "--no-taper") == 0) {
            o->taper = 0;
        } else if (strcmp(a, "--race") == 0) {
            o->race = 1;
        } else if (!v) {
            sg_cli_errorf("demo: unknown or incomplete option '%s'", a);
            return SG_EXIT_USAGE;
        } else if (strcmp(a, "--files-only") == 0) {
            d->files_only = v, i++;
        } else if (strcmp(a, "--dir") == 0) {
            d->dir = v, i++;
        } else if (strcmp(a, "--listen") == 0) {
            d->listen = v, i++;
        } else if (strcmp(a, "--seed") == 0) {
            unsigned long long s = strtoull(v, &end, 10);
            if (*end) {
                sg_cli_errorf("demo: --seed expects a number");
                return SG_EXIT_USAGE;
            }
            o->seed = s, i++;
        } else if (strcmp(a, "--weeks") == 0) {
            long w = strtol(v, &end, 10);
            if (*end || w < 1 || w > 1040) {
                sg_cli_errorf("demo: --weeks expects 1..1040");
                return SG_EXIT_USAGE;
            }
            o->weeks = (int)w, i++;
        } else if (strcmp(a, "--spike-week") == 0) {
            long w = strcmp(v, "none") == 0 ? -1 : strtol(v, &end, 10);
            if ((end && *end) || w < -1 || w > 1039) {
                sg_cli_errorf("demo: --spike-week expects a week number or 'none'");
                return SG_EXIT_USAGE;
            }
            o->spike_week = (int)w, i++;
        } else if (strcmp(a, "--race-date") == 0 || strcmp(a, "--today") == 0) {
            double t;
            if (sg_app_date_parse(v, &t, &err)) {
                sg_cli_error(NULL, &err);
                return SG_EXIT_USAGE;
            }
            if (a[2] == 'r')
                o->race_date = t;
            else
                d->today = t;
            i++;
        } else {
            sg_cli_errorf("demo: unknown option '%s'", a);
            return SG_EXIT_USAGE;
        }
    }
    if (o->spike_week >= o->weeks)
        o->spike_week = -1;
    return SG_CLI_GO_ON;
}

/* --files-only DIR: everything the block holds, dates as given. */
static int files_only(sg_demo_opts *o, const demo_cli *d)
{
    sg_err err;
    sg_err_clear(&err);
    o->dir = d->files_only;
    o->today = d->today;
    if (isnan(o->race_date) && !isnan(d->today))
        o->race_date = d->today + 13 * 86400.0;
    if (isnan(o->race_date))
        o->race_date = floor((double)time(NULL) / 86400) * 86400 + 13 * 86400.0;
    sg_demo_result r;
    if (sg_demo_generate(o, &r, &err)) {
        sg_cli_error(d->files_only, &err);
        return SG_EXIT_FAIL;
    }
    printf("wrote %zu simulated runs to %s, the course to %s, what was planted to %s\n",
           r.files, r.fit_dir, r.course_path, r.planted_path);
    return SG_EXIT_OK;
}

/* The demo folder and database: the runs of an earlier
 * demo are removed, and so is its database unless --db names one. */
static int prepare_dir(const sg_cli_ctx *ctx, const demo_cli *d, char dir[4096], char db[4200])
{
    if (d->dir)
        snprintf(dir, 4096, "%s", d->dir);
    else if (!default_dir(dir, 4096)) {
        sg_cli_errorf("demo: cannot work out a folder for the demo (set HOME or --dir)");
        return SG_EXIT_USAGE;
    }
    char fitdir[4200];
    snprintf(fitdir, sizeof fitdir, "%s/fit", dir);
    clear_fit_dir(fitdir);
    if (ctx->db_path) {
        snprintf(db, 4200, "%s", ctx->db_path);
        return SG_EXIT_OK;
    }
    /* the demo database is ours: start it afresh */
    snprintf(db, 4200, "%s/demo.db", dir);
    const char *sfx[] = {"", "-wal", "-shm"};
    for (int k = 0; k < 3; k++) {
        char p[4300];
        snprintf(p, sizeof p, "%s%s", db, sfx[k]);
        unlink(p);
    }
    return SG_EXIT_OK;
}

/* What the store part of the demo did (app/demo.h: sg_demo_store), printed
 * step by step up to the one that failed (named by its file or database). */
static int print_store_part(const sg_cli_ctx *ctx, const sg_demo_store_res *s,
                            const sg_demo_result *r, const char *db, const char *report,
                            int rc, const sg_err *err)
{
    if (s->reached == SG_DEMO_STEP_OPEN || s->reached == SG_DEMO_STEP_IMPORT) {
        sg_cli_error(s->reached == SG_DEMO_STEP_OPEN ? db : r->fit_dir, err);
        return SG_EXIT_FAIL;
    }
    if (ctx->tty_err)
        fputc('\n', stderr);
    printf("imported %llu runs into %s (%llu already there, %llu failed)\n",
           (unsigned long long)s->import.imported, s->db_shown,
           (unsigned long long)(s->import.duplicates + s->import.same_run),
           (unsigned long long)s->import.failed);
    if (s->profile_set)
        printf("set a demo athlete profile (male, HR 52/186, race on the simulated course)\n");
    if (s->reached > SG_DEMO_STEP_JOURNAL && s->journal_added)
        printf("logged %zu simulated journal entries (pain, stiffness, prehab)\n",
               s->journal_added);
    if (s->reached > SG_DEMO_STEP_TRUNK && s->imu_id)
        printf("stored a simulated 20-minute lower-back sensor recording (imu %lld)\n",
               s->imu_id);
    if (rc) {
        sg_cli_error(s->reached == SG_DEMO_STEP_REPORT ? report : db, err);
        return SG_EXIT_FAIL;
    }
    printf("wrote the clinician report: %s\n", report);
    /* the last runs, as a taste of `runs` */
    printf("\nlatest runs (%lld in all; 'strideguard --db %s runs' lists them):\n", s->count,
           s->db_shown);
    for (size_t i = 0; i < s->n_latest; i++) {
        const sg_store_summary *x = &s->latest[i];
        char t[32];
        sg_runs_format_time(x->start, t, sizeof t);
        printf("  %-10.10s  %6.1f km  %3.0f min  %5.0f m climb  %s\n", t, x->distance_m / 1000,
               x->duration_s / 60, x->ascent_m, x->name);
    }
    return SG_EXIT_OK;
}

int sg_cmd_demo(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_demo_opts o;
    sg_demo_opts_init(&o);
    demo_cli d = {NULL, NULL, "127.0.0.1:8080", 1, NAN};
    int code = parse_args(argc, argv, &o, &d);
    if (code != SG_CLI_GO_ON)
        return code;
    if (d.files_only)
        return files_only(&o, &d);

    /* the full demo: today from the clock unless given; the race two weeks
     * out, so the dashboard shows a build in its taper */
    double today = isnan(d.today) ? floor((double)time(NULL) / 86400) * 86400 : d.today;
    o.today = today;
    if (isnan(o.race_date))
        o.race_date = today + 13 * 86400.0;
    char dir[4096], db[4200];
    if ((code = prepare_dir(ctx, &d, dir, db)))
        return code;
    o.dir = dir;
    printf("strideguard demo: SIMULATED data (not a real runner): a %d-week build for a hilly road marathon\n",
           o.weeks);
    sg_err err;
    sg_err_clear(&err);
    sg_demo_result r;
    if (sg_demo_generate(&o, &r, &err)) {
        sg_cli_error(dir, &err);
        return SG_EXIT_FAIL;
    }
    printf("wrote %zu FIT files to %s\n", r.files, r.fit_dir);
    char report[4300];
    snprintf(report, sizeof report, "%s/report.html", dir);
    sg_demo_store_req req = {db, &o, &r, today, report, (double)time(NULL), sg_render_docs(),
                             ctx->tty_err ? on_progress : NULL, NULL};
    sg_demo_store_res *s = malloc(sizeof *s);
    if (!s) {
        sg_err_set(&err, SG_ENOMEM, -1, "out of memory");
        sg_cli_error(db, &err);
        return SG_EXIT_FAIL;
    }
    int rc = sg_demo_store(&req, s, &err);
    code = print_store_part(ctx, s, &r, db, report, rc, &err);
    char shown[4200];
    snprintf(shown, sizeof shown, "%s", s->db_shown);
    free(s);
    if (code)
        return code;
    if (d.serve) {
        putchar('\n');
        return sg_cli_serve(d.listen, db, 0);
    }
    printf("\nnext: strideguard --db %s serve   (the dashboard)\n", shown);
    return SG_EXIT_OK;
}
