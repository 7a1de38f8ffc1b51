/* `strideguard athlete set [...]` and `strideguard athlete show [--json]`. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "app/course.h"
#include "cli/cli.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard athlete set [--sex female|male] [--birth-year YYYY]\n"
          "                               [--height-cm N] [--mass-kg N] [--hr-rest N] [--hr-max N]\n"
          "                               [--race-date YYYY-MM-DD] [--race-name TEXT] [--course FILE|none]\n"
          "                               [--history NAME[,NAME...]] [--clear-history]\n"
          "       strideguard athlete show [--json]\n"
          "history names: disc back_strain hip ankle knee si_joint stress_fracture\n"
          "--course keeps the course file's content in the store (moving the file later is fine);\n"
          "--course none removes it.\n",
          f);
}

/* Parses a number within [lo, hi]; prints the error itself. */
static int num_arg(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi)) {
        sg_cli_errorf("athlete: %s expects a number from %g to %g, got '%s'", opt, lo, hi, s);
        return 0;
    }
    *out = v;
    return 1;
}

/* The course line: the stored course's name, or the older profile's path. */
static void show_course(sg_store *st)
{
    sg_activity *act = NULL;
    sg_app_course_info info;
    sg_err err;
    sg_err_clear(&err);
    int rc = sg_app_course_get(st, NULL, &act, &info, &err);
    sg_activity_free(act);
    if (rc == SG_ENOTFOUND)
        printf("course        not set\n");
    else if (rc)
        printf("course        cannot be used: %s\n", err.msg);
    else if (info.stored)
        printf("course        %s (%zu points, kept in the store)\n", info.name, info.points);
    else
        printf("course        %s (read from this file; set it again to keep it in the store)\n",
               info.name);
}

static int show(sg_store *st, const sg_athlete *p, int found, int json)
{
    if (json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, 2);
        sg_app_athlete_json(&w, p);
        sg_jw_newline(&w);
        return SG_EXIT_OK;
    }
    if (!found) {
        printf("No athlete profile yet. Set one with 'strideguard athlete set --sex ... --hr-max ...'.\n");
        return SG_EXIT_OK;
    }
    char d[11] = "not set";
    if (!isnan(p->race_date))
        sg_app_date_format(p->race_date, d);
    printf("sex           %s\n", p->sex == SG_SEX_FEMALE ? "female" : p->sex == SG_SEX_MALE ? "male" : "not set");
    if (p->birth_year)
        printf("born          %d\n", p->birth_year);
    if (!isnan(p->height_m))
        printf("height        %.0f cm\n", p->height_m * 100);
    if (!isnan(p->mass_kg))
        printf("mass          %.1f kg\n", p->mass_kg);
    if (isnan(p->hr_rest))
        printf("resting HR    not set\n");
    else
        printf("resting HR    %.0f bpm\n", p->hr_rest);
    if (isnan(p->hr_max))
        printf("max HR        not set (estimated from your runs, with a warning)\n");
    else
        printf("max HR        %.0f bpm\n", p->hr_max);
    printf("race          %s%s%s\n", d, p->race_name ? " " : "", p->race_name ? p->race_name : "");
    show_course(st);
    printf("history      ");
    if (!p->history)
        printf(" none");
    for (unsigned bit = 1; bit <= SG_HIST_STRESS_FRACTURE; bit <<= 1)
        if (p->history & bit)
            printf(" %s", sg_athlete_history_name(bit));
    printf("\n");
    return SG_EXIT_OK;
}

/* `--course FILE|none`: stores the file's content (src/app/course.h) or
 * removes the course; the profile keeps the absolute path only to say where
 * it came from. Returns an exit status, having printed the error. */
static int set_course(sg_store *st, sg_athlete *p, const char *course, const char *db)
{
    sg_err err;
    sg_err_clear(&err);
    if (strcmp(course, "none") == 0) {
        sg_free(p->alloc, p->course_path);
        p->course_path = NULL;
        if (sg_app_course_delete(st, &err)) {
            sg_cli_error(db, &err);
            return SG_EXIT_FAIL;
        }
        return SG_EXIT_OK;
    }
    if (sg_app_course_put_file(st, course, NULL, &err)) {
        sg_cli_error(course, &err);
        return SG_EXIT_FAIL;
    }
    char abs[PATH_MAX];
    if (!realpath(course, abs))
        snprintf(abs, sizeof abs, "%s", course);
    sg_free(p->alloc, p->course_path);
    p->course_path = sg_strdup(p->alloc, abs);
    return SG_EXIT_OK;
}

/* One option of `athlete set` with its value into *p. Returns an exit
 * status (SG_EXIT_OK when taken), having printed the error. */
static int set_opt(sg_athlete *p, const char *o, const char *v, const char **course)
{
    sg_err err;
    sg_err_clear(&err);
    double x;
    if (strcmp(o, "--sex") == 0) {
        if (strcmp(v, "female") == 0)
            p->sex = SG_SEX_FEMALE;
        else if (strcmp(v, "male") == 0)
            p->sex = SG_SEX_MALE;
        else {
            sg_cli_errorf("athlete: --sex expects female or male, got '%s'", v);
            return SG_EXIT_USAGE;
        }
    } else if (strcmp(o, "--birth-year") == 0) {
        if (!num_arg(o, v, SG_ATHLETE_BIRTH_YEAR_MIN, SG_ATHLETE_BIRTH_YEAR_MAX, &x))
            return SG_EXIT_USAGE;
        p->birth_year = (int)x;
    } else if (strcmp(o, "--height-cm") == 0) {
        if (!num_arg(o, v, SG_ATHLETE_HEIGHT_M_MIN * 100, SG_ATHLETE_HEIGHT_M_MAX * 100, &x))
            return SG_EXIT_USAGE;
        p->height_m = x / 100;
    } else if (strcmp(o, "--mass-kg") == 0) {
        if (!num_arg(o, v, SG_ATHLETE_MASS_KG_MIN, SG_ATHLETE_MASS_KG_MAX, &x))
            return SG_EXIT_USAGE;
        p->mass_kg = x;
    } else if (strcmp(o, "--hr-rest") == 0) {
        if (!num_arg(o, v, SG_ATHLETE_HR_REST_MIN, SG_ATHLETE_HR_REST_MAX, &x))
            return SG_EXIT_USAGE;
        p->hr_rest = x;
    } else if (strcmp(o, "--hr-max") == 0) {
        if (!num_arg(o, v, SG_ATHLETE_HR_MAX_MIN, SG_ATHLETE_HR_MAX_MAX, &x))
            return SG_EXIT_USAGE;
        p->hr_max = x;
    } else if (strcmp(o, "--race-date") == 0) {
        if (sg_app_date_parse(v, &p->race_date, &err)) {
            sg_cli_error(NULL, &err);
            return SG_EXIT_USAGE;
        }
    } else if (strcmp(o, "--race-name") == 0) {
        sg_free(p->alloc, p->race_name);
        p->race_name = sg_strdup(p->alloc, v);
    } else if (strcmp(o, "--course") == 0) {
        *course = v; /* stored once every option has been checked */
    } else if (strcmp(o, "--history") == 0) {
        char tmp[256];
        snprintf(tmp, sizeof tmp, "%s", v);
        for (char *save = NULL, *tok = strtok_r(tmp, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            unsigned f = sg_athlete_history_parse(tok);
            if (!f) {
                sg_cli_errorf("athlete: unknown history item '%s' (see --help)", tok);
                return SG_EXIT_USAGE;
            }
            p->history |= f;
        }
    } else {
        sg_cli_errorf("athlete: unknown option '%s'", o);
        return SG_EXIT_USAGE;
    }
    return SG_EXIT_OK;
}

int sg_cmd_athlete(int argc, char **argv, const sg_cli_ctx *ctx)
{
    if (argc < 2) {
        usage(stderr);
        return SG_EXIT_USAGE;
    }
    /* --help anywhere (`athlete set --help`) answers before the store is opened */
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        }
    int is_set = strcmp(argv[1], "set") == 0, is_show = strcmp(argv[1], "show") == 0;
    if (!is_set && !is_show) {
        sg_cli_errorf("athlete: expected 'set' or 'show', got '%s'", argv[1]);
        return SG_EXIT_USAGE;
    }
    sg_store *st = NULL;
    sg_err err;
    sg_err_clear(&err);
    sg_athlete p;
    sg_athlete_init(&p, NULL);
    int rc = SG_EXIT_OK, found = 0, json = 0;
    const char *course = NULL;
    if (sg_store_open(ctx->db_path, &st, &err) || sg_app_athlete_load(st, &p, &found, &err)) {
        sg_cli_error(ctx->db_path, &err);
        rc = SG_EXIT_FAIL;
        goto out;
    }
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (is_show && strcmp(o, "--json") == 0) {
            json = 1;
            continue;
        }
        if (is_set && strcmp(o, "--clear-history") == 0) {
            p.history = 0;
            continue;
        }
        if (!is_set || !v) {
            sg_cli_errorf("athlete: unknown or incomplete option '%s'", o);
            rc = SG_EXIT_USAGE;
            goto out;
        }
        i++;
        rc = set_opt(&p, o, v, &course);
        if (rc)
            goto out;
    }
    if (is_set) {
        /* the checks the dashboard's POST /api/athlete makes too */
        if (sg_app_athlete_validate(&p, &err)) {
            sg_cli_errorf("athlete: %s", err.msg);
            rc = SG_EXIT_USAGE;
            goto out;
        }
        if (course && (rc = set_course(st, &p, course, ctx->db_path)))
            goto out;
        if (sg_app_athlete_save(st, &p, &err)) {
            sg_cli_error(ctx->db_path, &err);
            rc = SG_EXIT_FAIL;
            goto out;
        }
        found = 1;
    }
    rc = show(st, &p, found, json);
out:
    sg_athlete_clear(&p);
    sg_store_close(st);
    return rc;
}
