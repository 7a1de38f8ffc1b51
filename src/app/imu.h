#ifndef SG_APP_IMU_H
#define SG_APP_IMU_H
/* Use case: an IMU recording file (+ optional separate gyroscope file, as
 * phyphox exports them; or a FIT file with raw motion) -> recording ->
 * trunk analysis. */

#include "analysis/trunk_analysis.h"
#include "formats/imu_csv.h"
#include "strideguard/imu.h"

/* Reads `path` (and `gyro_path`, may be NULL) with the CSV options and
 * analyses it. A FIT file (recognised by content) gives its raw
 * accelerometer/gyroscope streams instead (SG_ENODATA when it has none;
 * SG_EUSAGE with gyro_path). On success *rec and *res are owned by the caller (free with
 * sg_imu_free / sg_trunk_result_free). Errors: those of sg_file_read,
 * sg_imu_csv_parse/build (with line:col) and sg_trunk_analyze; err names no
 * file (the caller prints it). `*err_in_gyro` tells which file failed. */
int sg_app_imu_analyze(const char *path, const char *gyro_path, const sg_imu_csv_opts *o,
                       const sg_trunk_opts *to, sg_imu **rec, sg_trunk_result **res,
                       int *err_in_gyro, sg_err *err);

#endif
