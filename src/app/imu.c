/* File -> IMU recording -> trunk analysis (app/imu.h). */
#include "app/imu.h"

#include <stdlib.h>

#include "bytes/file.h"

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
    int rc = parse_file(path, o, &acc, err);
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
