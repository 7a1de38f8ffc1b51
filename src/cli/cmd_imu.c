/* `strideguard imu FILE [--gyro FILE] [--json] [--columns ...] [unit options]`:
 * trunk and pelvis analysis of a lower-back IMU recording (issue #7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/imu.h"
#include "cli/cli.h"
#include "render/trunk_json.h"

int sg_cmd_imu(int argc, char **argv, const sg_cli_ctx *ctx);

static void usage(FILE *f)
{
    fprintf(f,
            "usage: strideguard imu FILE [--gyro FILE] [--json] [--columns t,ax,ay,az[,gx,gy,gz]]\n"
            "                       [--accel-unit g|mps2] [--gyro-unit dps|rads]\n"
            "                       [--time-unit s|ms|iso] [--rate HZ] [--window S]\n"
            "Reads phyphox, Shimmer, Xsens and ISO-time CSV recordings (or any CSV with\n"
            "--columns) from a sensor at the lower back and reports running cadence, step\n"
            "times, regularity, impact, trunk and pelvis motion and their drift.\n");
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

int sg_cmd_imu(int argc, char **argv, const sg_cli_ctx *ctx)
{
    sg_imu_csv_opts o = {0};
    sg_trunk_opts to = {0};
    const char *file = NULL, *gyro = NULL, *v;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (!strcmp(a, "--json")) {
            json = true;
        } else if ((v = optval(argc, argv, &i, "--columns"))) {
            o.columns = v;
        } else if ((v = optval(argc, argv, &i, "--gyro"))) {
            gyro = v;
        } else if ((v = optval(argc, argv, &i, "--accel-unit"))) {
            int u = sg_imu_acc_unit_parse(v);
            if (u < 0) {
                sg_cli_errorf("--accel-unit: expected g or mps2, got '%s'", v);
                return SG_EXIT_USAGE;
            }
            o.acc_unit = (sg_imu_acc_unit)u;
        } else if ((v = optval(argc, argv, &i, "--gyro-unit"))) {
            int u = sg_imu_gyr_unit_parse(v);
            if (u < 0) {
                sg_cli_errorf("--gyro-unit: expected dps or rads, got '%s'", v);
                return SG_EXIT_USAGE;
            }
            o.gyr_unit = (sg_imu_gyr_unit)u;
        } else if ((v = optval(argc, argv, &i, "--time-unit"))) {
            int u = sg_imu_time_unit_parse(v);
            if (u < 0) {
                sg_cli_errorf("--time-unit: expected s, ms or iso, got '%s'", v);
                return SG_EXIT_USAGE;
            }
            o.time_unit = (sg_imu_time_unit)u;
        } else if ((v = optval(argc, argv, &i, "--rate"))) {
            if (parse_pos(v, &o.rate_hz, "--rate"))
                return SG_EXIT_USAGE;
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
    if (!file) {
        usage(stderr);
        return SG_EXIT_USAGE;
    }
    size_t fl = strlen(file);
    if (fl > 4 && !strcasecmp(file + fl - 4, ".fit")) {
        sg_cli_errorf("%s: FIT accelerometer data is not wired into 'imu' yet (issue #7)", file);
        return SG_EXIT_FAIL;
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
