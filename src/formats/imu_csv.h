#ifndef SG_FORMATS_IMU_CSV_H
#define SG_FORMATS_IMU_CSV_H
/* Readers for raw IMU recordings in delimited text: phyphox exports, Shimmer
 * and Xsens text exports, ActiGraph-style ISO-time CSV, and any CSV with a
 * header given a column mapping. The format notes are at the top of
 * imu_csv.c and in docs/formats.md ("IMU CSV"). */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/alloc.h"
#include "strideguard/err.h"
#include "strideguard/imu.h"

typedef enum sg_imu_acc_unit { SG_ACC_AUTO = 0, SG_ACC_G, SG_ACC_MPS2 } sg_imu_acc_unit;
typedef enum sg_imu_gyr_unit { SG_GYR_AUTO = 0, SG_GYR_RADS, SG_GYR_DPS } sg_imu_gyr_unit;
typedef enum sg_imu_time_unit {
    SG_TIME_AUTO = 0,
    SG_TIME_S,
    SG_TIME_MS,
    SG_TIME_ISO,
    SG_TIME_INDEX      /* a sample counter: time = value / rate */
} sg_imu_time_unit;

typedef struct sg_imu_csv_opts {
    const char *columns;        /* "t,ax,ay,az[,gx,gy,gz]" naming the file's columns in
                                   order ("-" skips one); NULL = detect from the header */
    sg_imu_acc_unit acc_unit;
    sg_imu_gyr_unit gyr_unit;
    sg_imu_time_unit time_unit;
    double rate_hz;             /* for counter-only files without a stated rate; 0 = none */
} sg_imu_csv_opts;

/* One parsed file: the streams in the file's units converted to SI
 * (s, m/s^2, rad/s) as far as the units are known. Owned arrays. */
typedef struct sg_imu_csv {
    size_t n;
    double *t;                  /* s (epoch when time_relative is false) */
    double *acc[3];             /* NULL when the file has no accelerometer columns */
    double *gyr[3];             /* NULL when the file has no gyroscope columns */
    bool time_relative;
    bool acc_unit_known;        /* false: acc still in file units, decided by gravity */
    bool acc_linear;            /* phyphox "Linear Acceleration" (gravity removed) */
    const char *source;         /* static: "phyphox", "xsens", "shimmer", "iso-time csv", "csv" */
} sg_imu_csv;

/* Parses delimited text (comma, tab or semicolon; decimal comma accepted with
 * tab/semicolon). buf need not be NUL-terminated. Errors carry line:col:
 * SG_EFORMAT (field count, not a number, NaN, time not increasing, no
 * usable columns), SG_EUSAGE (bad --columns text), SG_ELIMIT, SG_ENOMEM,
 * SG_ENODATA (no rows). On failure *out is empty (nothing to dispose). */
int sg_imu_csv_parse(const sg_allocator *a, const char *buf, size_t len,
                     const sg_imu_csv_opts *o, sg_imu_csv *out, sg_err *err);

/* Frees the arrays of a parsed file; leaves it empty. */
void sg_imu_csv_dispose(const sg_allocator *a, sg_imu_csv *c);

/* Checks units (gravity must read ~1 g or ~9.81 m/s^2 in the file's units,
 * else SG_EFORMAT naming the --accel-unit option; implausible angular rates
 * name --gyro-unit) and resamples into a recording (sg_imu_resample).
 * `gyro` may be NULL, or a second parsed file holding the gyroscope (phyphox
 * exports one file per sensor). Neither input is modified. */
int sg_imu_csv_build(const sg_allocator *a, const sg_imu_csv *accel, const sg_imu_csv *gyro,
                     const sg_imu_csv_opts *o, sg_imu **out, sg_err *err);

/* parse + build in one call. */
int sg_imu_csv_read(const sg_allocator *a, const char *buf, size_t len,
                    const sg_imu_csv_opts *o, sg_imu **out, sg_err *err);

/* Parses "g"/"mps2", "dps"/"rads", "s"/"ms"/"iso" option values; -1 when unknown. */
int sg_imu_acc_unit_parse(const char *s);
int sg_imu_gyr_unit_parse(const char *s);
int sg_imu_time_unit_parse(const char *s);

#endif
