/* `strideguard imu FILE [--gyro FILE] [--json] [--columns ...] [unit options]`,
 * `imu --list [--json]`, `imu ID [--json] [--link ACTIVITY|none|auto]`:
 * trunk and pelvis analysis of a lower-back IMU recording, from a file (CSV
 * or FIT) or from the store (issue #7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/imu.h"
#include "app/imu_store.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "render/docs.h"
#include "render/trunk_json.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: strideguard imu FILE [--gyro FILE] [--json] [--columns t,ax,ay,az[,gx,gy,gz]]\n"
            "                       [--accel-unit g|mps2] [--gyro-unit dps|rads]\n"
            "                       [--time-unit s|ms|iso] [--rate HZ] [--window S]\n"
            "       strideguard [--db PATH] imu --list [--json]\n"
            "       strideguard [--db PATH] imu ID [--json] [--window S]\n"
            "       strideguard [--db PATH] imu ID --link ACTIVITY|none|auto\n"
            "Reads phyphox, Shimmer, Xsens and ISO-time CSV recordings (or any CSV with\n"
            "--columns) and FIT files with raw accelerometer data from a sensor at the lower\n"
            "back and reports running cadence, step times, regularity, impact, trunk and\n"
            "pelvis motion and their drift. ID is a recording stored by 'import'.\n");
}

static const char *optval(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (!strcmp(argv[*i], name) && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static int parse_pos(const char *v, double *out, const char *name)
{
    char *end;
    double d = strtod(v, &end);
    if (*end || !(d > 0) || d > 100000) {
        sg_cli_errorf("%s: expected a positive number, got '%s'", name, v);
        return -1;
    }
    *out = d;
    return 0;
}

/* A bare positive number that is not an existing file names a stored recording. */
static long long stored_id(const char *a)
{
    char *end;
    long long id = strtoll(a, &end, 10);
    struct stat sb;
    if (*a < '0' || *a > '9' || *end || id <= 0 || stat(a, &sb) == 0)
        return 0;
    return id;
}

static sg_store *open_store(const sg_cli_ctx *ctx)
{
    sg_store *st = NULL;
    return sg_cli_store_open(ctx, &st) ? st : NULL;
}

static int exit_for(int rc) { return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL; }

static int cmd_list(const sg_cli_ctx *ctx, bool json)
{
    sg_store *st = open_store(ctx);
    if (!st)
        return SG_EXIT_FAIL;
    sg_err err;
    sg_err_clear(&err);
    int ex = SG_EXIT_OK;
    sg_app_imu_list_result l;
    int rc = sg_app_imu_list(st, &l, &err);
    if (!rc && json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, ctx->tty_out ? 2 : 0);
        sg_imu_list_json(&w, &l);
        sg_jw_newline(&w);
        if (sg_jw_error(&w))
            ex = SG_EXIT_FAIL;
    } else if (!rc) {
        sg_imu_list_text(stdout, &l);
        if (ferror(stdout))
            rc = sg_err_set(&err, SG_EIO, -1, "cannot write the list");
    }
    sg_app_imu_list_free(&l);
    if (rc) {
        sg_cli_error("imu --list", &err);
        ex = exit_for(rc);
    }
    sg_store_close(st);
    return ex;
}

/* `--link`: "none" pins no link, "auto" returns to automatic linking. */
static int cmd_link(const sg_cli_ctx *ctx, long long id, const char *v, bool json)
{
    long long aid;
    char *end;
    if (!strcmp(v, "none")) {
        aid = 0;
    } else if (!strcmp(v, "auto")) {
        aid = SG_APP_IMU_LINK_AUTO;
    } else {
        aid = strtoll(v, &end, 10);
        if (*end || aid <= 0) {
            sg_cli_errorf("--link: expected an activity id, none or auto, got '%s'", v);
            return SG_EXIT_USAGE;
        }
    }
    sg_store *st = open_store(ctx);
    if (!st)
        return SG_EXIT_FAIL;
    sg_err err;
    sg_err_clear(&err);
    sg_app_imu_link_res link;
    int rc = sg_app_imu_link(st, id, aid, &link, &err);
    int ex = SG_EXIT_OK;
    if (rc) {
        sg_cli_error("imu --link", &err);
        ex = exit_for(rc);
    } else if (json) {
        printf("{\"id\":%lld,\"linked_activity_id\":", id);
        if (link.linked_activity_id > 0)
            printf("%lld", link.linked_activity_id);
        else
            printf("null");
        printf(",\"link\":\"%s\"}\n", link.pinned ? "pinned" : "auto");
    } else if (link.linked_activity_id > 0) {
        printf("recording %lld linked to activity %lld (%s)\n", id, link.linked_activity_id,
               link.pinned ? "pinned" : "automatic");
    } else {
        printf("recording %lld not linked (%s)\n", id, link.pinned ? "pinned" : "automatic");
    }
    sg_store_close(st);
    return ex;
}

static int cmd_stored(const sg_cli_ctx *ctx, long long id, const sg_trunk_opts *to, bool json)
{
    sg_store *st = open_store(ctx);
    if (!st)
        return SG_EXIT_FAIL;
    sg_err err;
    sg_err_clear(&err);
    char what[48];
    snprintf(what, sizeof what, "IMU recording %lld", id);
    int rc, ex = SG_EXIT_OK;
    /* The cache holds the default analysis; another window is computed fresh. */
    if (json && !(to->window_s > 0)) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, 0);
        rc = sg_app_imu_view_json(st, sg_render_docs(), id, &w, &err);
        sg_jw_newline(&w);
        if (!rc && sg_jw_error(&w))
            ex = SG_EXIT_FAIL;
    } else {
        sg_store_imu_row *row = malloc(sizeof *row);
        sg_imu *rec = NULL;
        sg_trunk_result *res = NULL;
        rc = row ? sg_app_imu_analyze_stored(st, id, to, row, &rec, &res, &err)
                 : sg_err_set(&err, SG_ENOMEM, -1, "out of memory");
        if (!rc && json) {
            sg_jw w;
            sg_jw_init_file(&w, stdout, ctx->tty_out ? 2 : 0);
            sg_trunk_json(&w, row->path, rec, res);
            sg_jw_newline(&w);
            if (sg_jw_error(&w))
                ex = SG_EXIT_FAIL;
        } else if (!rc) {
            sg_trunk_text(stdout, row->path, rec, res);
            if (row->linked_activity_id > 0)
                printf("linked activity: %lld (strideguard show %lld)\n", row->linked_activity_id,
                       row->linked_activity_id);
            else
                printf("linked activity: none\n");
        }
        sg_trunk_result_free(res);
        sg_imu_free(rec);
        free(row);
    }
    if (rc) {
        sg_cli_error(what, &err);
        ex = exit_for(rc);
    }
    sg_store_close(st);
    return ex;
}

int sg_cmd_imu(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_imu_csv_opts o = {0};
    sg_trunk_opts to = {0};
    const char *file = NULL, *gyro = NULL, *link = NULL, *v;
    bool json = false, list = false, csv_opts = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (!strcmp(a, "--json")) {
            json = true;
        } else if (!strcmp(a, "--list")) {
            list = true;
        } else if ((v = optval(argc, argv, &i, "--link"))) {
            link = v;
        } else if ((v = optval(argc, argv, &i, "--columns"))) {
            o.columns = v;
            csv_opts = true;
        } else if ((v = optval(argc, argv, &i, "--gyro"))) {
            gyro = v;
            csv_opts = true;
        } else if ((v = optval(argc, argv, &i, "--accel-unit"))) {
            int u = sg_imu_acc_unit_parse(v);
            if (u < 0) {
                sg_cli_errorf("--accel-unit: expected g or mps2, got '%s'", v);
                return SG_EXIT_USAGE;
            }
            o.acc_unit = (sg_imu_acc_unit)u;
            csv_opts = true;
        } else if ((v = optval(argc, argv, &i, "--gyro-unit"))) {
            int u = sg_imu_gyr_unit_parse(v);
            if (u < 0) {
                sg_cli_errorf("--gyro-unit: expected dps or rads, got '%s'", v);
                return SG_EXIT_USAGE;
            }
            o.gyr_unit = (sg_imu_gyr_unit)u;
            csv_opts = true;
        } else if ((v = optval(argc, argv, &i, "--time-unit"))) {
            int u = sg_imu_time_unit_parse(v);
            if (u < 0) {
                sg_cli_errorf("--time-unit: expected s, ms or iso, got '%s'", v);
                return SG_EXIT_USAGE;
            }
            o.time_unit = (sg_imu_time_unit)u;
            csv_opts = true;
        } else if ((v = optval(argc, argv, &i, "--rate"))) {
            if (parse_pos(v, &o.rate_hz, "--rate"))
                return SG_EXIT_USAGE;
            csv_opts = true;
        } else if ((v = optval(argc, argv, &i, "--window"))) {
            if (parse_pos(v, &to.window_s, "--window"))
                return SG_EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            sg_cli_errorf("imu: unknown option '%s' (see 'strideguard imu --help')", a);
            return SG_EXIT_USAGE;
        } else if (!file) {
            file = a;
        } else {
            sg_cli_errorf("imu: one recording at a time ('%s' is extra)", a);
            return SG_EXIT_USAGE;
        }
    }
    if (list) {
        if (file || link || csv_opts) {
            sg_cli_errorf("imu --list takes no recording and only --json");
            return SG_EXIT_USAGE;
        }
        return cmd_list(ctx, json);
    }
    if (!file) {
        usage(stderr);
        return SG_EXIT_USAGE;
    }
    long long id = stored_id(file);
    if (link && !id) {
        sg_cli_errorf("--link needs a stored recording's id (see 'strideguard imu --list')");
        return SG_EXIT_USAGE;
    }
    if (id) {
        if (csv_opts) {
            sg_cli_errorf("imu %lld: a stored recording takes only --json, --window and --link",
                          id);
            return SG_EXIT_USAGE;
        }
        return link ? cmd_link(ctx, id, link, json) : cmd_stored(ctx, id, &to, json);
    }
    sg_imu *rec;
    sg_trunk_result *res;
    sg_err err;
    sg_err_clear(&err);
    int in_gyro = 0;
    int rc = sg_app_imu_analyze(file, gyro, &o, &to, &rec, &res, &in_gyro, &err);
    if (rc) {
        sg_cli_error(in_gyro ? gyro : file, &err);
        return rc == SG_EUSAGE ? SG_EXIT_USAGE : SG_EXIT_FAIL;
    }
    int ex = SG_EXIT_OK;
    if (json) {
        sg_jw w;
        sg_jw_init_file(&w, stdout, ctx->tty_out ? 2 : 0);
        sg_trunk_json(&w, file, rec, res);
        sg_jw_newline(&w);
        if (sg_jw_error(&w))
            ex = SG_EXIT_FAIL;
    } else {
        sg_trunk_text(stdout, file, rec, res);
    }
    sg_trunk_result_free(res);
    sg_imu_free(rec);
    return ex;
}
