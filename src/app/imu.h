#ifndef SG_APP_IMU_H
#define SG_APP_IMU_H
/* Use case: an IMU recording file (+ optional separate gyroscope file, as
 * phyphox exports them; or a FIT file with raw motion) -> recording ->
 * trunk analysis. */

#include <stdbool.h>

#include "analysis/trunk_analysis.h"
#include "formats/imu_csv.h"
#include "strideguard/activity.h"
#include "strideguard/imu.h"
#include "strideguard/run_analysis.h"
#include "strideguard/store.h"

/* The speed and grade of the run a recording belongs to, for matching the
 * trunk fatigue comparison (docs/science.md §8.4): the run analysis's chart
 * profile (cleaned speed, the analysis' own grade) on UTC times. `ctx` is
 * what sg_trunk_opts.context points at; it borrows from the other members,
 * so the struct must stay put while it is used. */
#define SG_APP_IMU_CONTEXT_POINTS 20000
typedef struct sg_app_imu_context {
    bool have;               /* false: no usable run (ctx.n == 0) */
    sg_trunk_context ctx;
    double *t;               /* UTC s, owned */
    sg_run_profile prof;
} sg_app_imu_context;

/* From an activity's samples (a FIT file's own run, or a linked run). An
 * activity that cannot be analysed, or whose clock is not UTC, gives
 * have = false and SG_OK. Errors: SG_ENOMEM only. Free with
 * sg_app_imu_context_free (also after an error). */
int sg_app_imu_context_from_activity(const sg_activity *act, sg_app_imu_context *out,
                                     sg_err *err);
/* The same from stored activity `activity_id`; one that cannot be loaded
 * gives have = false and SG_OK. Errors: SG_ENOMEM only. */
int sg_app_imu_context_from_store(sg_store *st, long long activity_id, sg_app_imu_context *out,
                                  sg_err *err);
void sg_app_imu_context_free(sg_app_imu_context *c);

/* Analyses *rec with the options `to` (may be NULL), whose context, when it
 * gives none, is cx's run (when cx has one); then frees cx. On failure *rec
 * is freed and NULL. *res is the caller's (sg_trunk_result_free). Errors:
 * sg_trunk_analyze's. */
int sg_app_imu_analyze_in(sg_imu **rec, const sg_trunk_opts *to, sg_app_imu_context *cx,
                          sg_trunk_result **res, sg_err *err);

/* Reads `path` (and `gyro_path`, may be NULL) with the CSV options and
 * analyses it. A FIT file (recognised by content) gives its raw
 * accelerometer/gyroscope streams instead (SG_ENODATA when it has none;
 * SG_EUSAGE with gyro_path), and its own run's speed and grade as the
 * context of the trunk fatigue comparison (unless `to` gives one). On success *rec and *res are owned by the caller (free with
 * sg_imu_free / sg_trunk_result_free). Errors: those of sg_file_read,
 * sg_imu_csv_parse/build (with line:col) and sg_trunk_analyze; err names no
 * file (the caller prints it). `*err_in_gyro` tells which file failed. */
int sg_app_imu_analyze(const char *path, const char *gyro_path, const sg_imu_csv_opts *o,
                       const sg_trunk_opts *to, sg_imu **rec, sg_trunk_result **res,
                       int *err_in_gyro, sg_err *err);

#endif
