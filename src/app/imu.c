/* File -> IMU recording -> trunk analysis (app/imu.h). */
#include "app/imu.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bytes/file.h"
#include "strideguard/fit.h"

/* ---- the run's speed and grade ---- */

int sg_app_imu_context_from_activity(const sg_activity *act, sg_app_imu_context *out,
                                     sg_err *err)
{
    memset(out, 0, sizeof *out);
    if (!act || act->time_relative)
        return SG_OK;
    sg_run_result *res = calloc(1, sizeof *res);
    if (!res)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory analysing the linked run");
    sg_err e2;
    sg_err_clear(&e2);
    int rc = sg_run_analyze_profile(act, NULL, res, &out->prof, SG_APP_IMU_CONTEXT_POINTS, &e2);
    const double start = res->start_time;
    sg_run_result_free(res);
    free(res);
    if (rc == SG_ENOMEM)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory analysing the linked run");
    if (rc || !out->prof.n || !isfinite(start))
        return SG_OK; /* a run that cannot be analysed: the comparison stays unmatched */
    out->t = malloc(out->prof.n * sizeof *out->t);
    if (!out->t)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory analysing the linked run");
    for (size_t k = 0; k < out->prof.n; k++)
        out->t[k] = start + out->prof.time_s[k];
    out->ctx.t = out->t;
    out->ctx.speed_mps = out->prof.speed_mps;
    out->ctx.grade_pct = out->prof.grade_pct;
    out->ctx.n = out->prof.n;
    out->have = true;
    return SG_OK;
}

int sg_app_imu_context_from_store(sg_store *st, long long activity_id, sg_app_imu_context *out,
                                  sg_err *err)
{
    memset(out, 0, sizeof *out);
    sg_activity *act = NULL;
    sg_err e2;
    sg_err_clear(&e2);
    if (activity_id <= 0 || sg_store_load(st, activity_id, NULL, &act, &e2) != SG_OK)
        return SG_OK; /* gone or unreadable: unmatched, not an error */
    int rc = sg_app_imu_context_from_activity(act, out, err);
    sg_activity_free(act);
    return rc;
}

void sg_app_imu_context_free(sg_app_imu_context *c)
{
    if (!c)
        return;
    sg_run_profile_free(&c->prof);
    free(c->t);
    memset(c, 0, sizeof *c);
}

/* A FIT file's raw accelerometer (+ gyroscope) streams as a recording. */
static int read_fit(const unsigned char *d, size_t len, sg_imu **rec, sg_app_imu_context *cx,
                    sg_err *err)
{
    sg_activity *act = NULL;
    int rc = sg_fit_decode(d, len, NULL, &act, NULL, err);
    if (rc)
        return rc;
    rc = sg_imu_from_activity(act, NULL, 0, rec, err);
    if (rc == SG_ENODATA)
        rc = sg_err_set(err, SG_ENODATA, -1,
                        "no accelerometer data in this FIT file (the watch did not record raw "
                        "motion)");
    if (!rc && (rc = sg_app_imu_context_from_activity(act, cx, err))) {
        sg_imu_free(*rec);
        *rec = NULL;
    }
    sg_activity_free(act);
    return rc;
}

static int parse_file(const char *path, const sg_imu_csv_opts *o, sg_imu_csv *c, sg_err *err)
{
    unsigned char *d = NULL;
    size_t len = 0;
    int rc = sg_file_read(NULL, path, 0, &d, &len, err);
    if (rc)
        return rc;
    rc = sg_imu_csv_parse(NULL, (const char *)d, len, o, c, err);
    sg_free(NULL, d);
    return rc;
}

int sg_app_imu_analyze_in(sg_imu **rec, const sg_trunk_opts *to, sg_app_imu_context *cx,
                          sg_trunk_result **res, sg_err *err)
{
    sg_trunk_opts o = {0};
    if (to)
        o = *to;
    if (!o.context && cx->have)
        o.context = &cx->ctx;
    int rc = sg_trunk_analyze(*rec, &o, NULL, res, err);
    sg_app_imu_context_free(cx);
    if (rc) {
        sg_imu_free(*rec);
        *rec = NULL;
    }
    return rc;
}

int sg_app_imu_analyze(const char *path, const char *gyro_path, const sg_imu_csv_opts *o,
                       const sg_trunk_opts *to, sg_imu **rec, sg_trunk_result **res,
                       int *err_in_gyro, sg_err *err)
{
    *rec = NULL;
    *res = NULL;
    *err_in_gyro = 0;
    sg_imu_csv acc = {0}, gyr = {0};
    unsigned char *d = NULL;
    size_t len = 0;
    int rc = sg_file_read(NULL, path, 0, &d, &len, err);
    if (rc)
        return rc;
    if (sg_fit_sniff(d, len)) {
        /* By content, whatever the name: FIT carries its own gyroscope. */
        sg_app_imu_context cx;
        memset(&cx, 0, sizeof cx);
        if (gyro_path)
            rc = sg_err_set(err, SG_EUSAGE, -1,
                            "--gyro is for CSV recordings; a FIT file carries its own gyroscope");
        else
            rc = read_fit(d, len, rec, &cx, err);
        sg_free(NULL, d);
        if (rc) {
            sg_app_imu_context_free(&cx);
            return rc;
        }
        /* the FIT file's own run gives the speed and grade */
        return sg_app_imu_analyze_in(rec, to, &cx, res, err);
    }
    rc = sg_imu_csv_parse(NULL, (const char *)d, len, o, &acc, err);
    sg_free(NULL, d);
    if (rc)
        goto out;
    if (gyro_path) {
        rc = parse_file(gyro_path, o, &gyr, err);
        if (rc) {
            *err_in_gyro = 1;
            goto out;
        }
    }
    rc = sg_imu_csv_build(NULL, &acc, gyro_path ? &gyr : NULL, o, rec, err);
    if (rc)
        goto out;
    rc = sg_trunk_analyze(*rec, to, NULL, res, err);
    if (rc) {
        sg_imu_free(*rec);
        *rec = NULL;
    }
out:
    sg_imu_csv_dispose(NULL, &acc);
    sg_imu_csv_dispose(NULL, &gyr);
    return rc;
}
