/* File -> IMU recording -> trunk analysis (app/imu.h). */
#include "app/imu.h"

#include <stdlib.h>

#include "bytes/file.h"
#include "strideguard/fit.h"

/* A FIT file's raw accelerometer (+ gyroscope) streams as a recording. */
static int read_fit(const unsigned char *d, size_t len, sg_imu **rec, sg_err *err)
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
        if (gyro_path)
            rc = sg_err_set(err, SG_EUSAGE, -1,
                            "--gyro is for CSV recordings; a FIT file carries its own gyroscope");
        else
            rc = read_fit(d, len, rec, err);
        sg_free(NULL, d);
        if (rc)
            return rc;
        rc = sg_trunk_analyze(*rec, to, NULL, res, err);
        if (rc) {
            sg_imu_free(*rec);
            *rec = NULL;
        }
        return rc;
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
