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
#include "app/course.h"
#include "app/demo.h"
#include "app/import.h"
#include "app/report.h"
#include "app/runs.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "strideguard/store.h"

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
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
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

static int print_run(void *c, const sg_run_row *r)
{
    int *left = c;
    if (*left > 0) {
        (*left)--;
        return 0;
    }
    char t[32];
    sg_runs_format_time(r->row->s.start, t, sizeof t);
    printf("  %-10.10s  %6.1f km  %3.0f min  %5.0f m climb  %s\n", t, r->row->s.distance_m / 1000,
           r->row->s.duration_s / 60, r->row->s.ascent_m, r->row->s.name);
    return 0;
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

/* Imports the generated runs into st. */
static int import_runs(const sg_cli_ctx *ctx, sg_store *st, const sg_demo_result *r,
                       const char *db)
{
    sg_err err;
    sg_err_clear(&err);
    sg_import_opts io;
    sg_import_opts_init(&io);
    if (ctx->tty_err)
        io.on_progress = on_progress;
    const char *paths[1] = {r->fit_dir};
    sg_import_stats s;
    if (sg_import_run(st, paths, 1, &io, &s, &err)) {
        sg_cli_error(r->fit_dir, &err);
        return SG_EXIT_FAIL;
    }
    if (ctx->tty_err)
        fputc('\n', stderr);
    char shown[4200];
    sg_store_redact(db, shown, sizeof shown); /* a postgresql:// URL may hold a password */
    printf("imported %llu runs into %s (%llu already there, %llu failed)\n",
           (unsigned long long)s.imported, shown, (unsigned long long)(s.duplicates + s.same_run),
           (unsigned long long)s.failed);
    return SG_EXIT_OK;
}

/* The demo athlete (when the store has no profile yet), racing on the
 * simulated course. */
static int set_profile(sg_store *st, const sg_demo_opts *o, const sg_demo_result *r,
                       const char *db)
{
    sg_err err;
    sg_err_clear(&err);
    sg_athlete prof;
    sg_athlete_init(&prof, NULL);
    int found = 0, code = SG_EXIT_OK;
    if (sg_app_athlete_load(st, &prof, &found, &err) == SG_OK && !found) {
        prof.sex = SG_SEX_MALE;
        prof.hr_rest = 52;
        prof.hr_max = 186;
        prof.birth_year = 1984;
        prof.height_m = 1.78;
        prof.mass_kg = 72;
        prof.race_date = o->race_date;
        prof.race_name = sg_strdup(prof.alloc, "Simulated hilly road marathon");
        prof.course_path = sg_strdup(prof.alloc, r->course_path);
        prof.history = SG_HIST_BACK_STRAIN;
        if (sg_app_athlete_save(st, &prof, &err) ||
            sg_app_course_put_file(st, r->course_path, NULL, &err)) {
            sg_cli_error(db, &err);
            code = SG_EXIT_FAIL;
        } else {
            printf("set a demo athlete profile (male, HR 52/186, race on the simulated course)\n");
        }
    }
    sg_athlete_clear(&prof);
    return code;
}

/* The simulated journal, lower-back recording and clinician report. */
static int add_extras(sg_store *st, double today, const char *dir, const char *db)
{
    sg_err err;
    sg_err_clear(&err);
    size_t added = 0;
    if (sg_demo_journal(st, today, &added, &err)) {
        sg_cli_error(db, &err);
        return SG_EXIT_FAIL;
    }
    if (added)
        printf("logged %zu simulated journal entries (pain, stiffness, prehab)\n", added);
    long long imu_id = 0;
    if (sg_demo_trunk(st, &imu_id, &err)) {
        sg_cli_error(db, &err);
        return SG_EXIT_FAIL;
    }
    if (imu_id)
        printf("stored a simulated 20-minute lower-back sensor recording (imu %lld)\n", imu_id);
    sg_app_report_opts ro;
    sg_app_report_opts_init(&ro, today + 86399);
    ro.now = (double)time(NULL);
    char report[4300];
    snprintf(report, sizeof report, "%s/report.html", dir);
    if (sg_app_report_write(st, &ro, report, &err)) {
        sg_cli_error(report, &err);
        return SG_EXIT_FAIL;
    }
    printf("wrote the clinician report: %s\n", report);
    return SG_EXIT_OK;
}

/* The last 8 runs, as a taste of `runs`. */
static void print_latest(sg_store *st, const char *db)
{
    sg_err err;
    sg_err_clear(&err);
    long long count = 0;
    sg_store_count(st, &count, NULL);
    int skip = count > 8 ? (int)count - 8 : 0;
    char shown[4200];
    sg_store_redact(db, shown, sizeof shown);
    printf("\nlatest runs (%lld in all; 'strideguard --db %s runs' lists them):\n", count, shown);
    sg_runs_list(st, NULL, print_run, &skip, &err);
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
    sg_store *st = NULL;
    if (sg_store_open(db, &st, &err)) {
        sg_cli_error(db, &err);
        return SG_EXIT_FAIL;
    }
    code = import_runs(ctx, st, &r, db);
    if (!code)
        code = set_profile(st, &o, &r, db);
    if (!code)
        code = add_extras(st, today, dir, db);
    if (!code)
        print_latest(st, db);
    sg_store_close(st);
    if (code)
        return code;
    if (d.serve) {
        putchar('\n');
        return sg_cli_serve(d.listen, db, 0);
    }
    char shown[4200];
    sg_store_redact(db, shown, sizeof shown);
    printf("\nnext: strideguard --db %s serve   (the dashboard)\n", shown);
    return SG_EXIT_OK;
}
