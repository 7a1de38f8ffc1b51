#ifndef STRIDEGUARD_IMU_H
#define STRIDEGUARD_IMU_H
/* The IMU recording model: what a body-worn inertial sensor measured, on a
 * uniform time grid, in SI units and in the sensor's own axes.
 *
 * - acc[0..2]: specific force (acceleration including gravity) in m/s^2.
 * - gyr[0..2]: angular rate in rad/s; all three NULL when the recording has no
 *   gyroscope.
 * - Sample i was taken at sg_imu_time(rec, i) = t0 + i/fs + (the length of every
 *   gap before i). A gap is a stretch where the source had no samples; it is
 *   listed, never interpolated across, and analyses treat it as a break.
 *
 * Ownership: an sg_imu owns its arrays and its gap list; sg_imu_free() releases
 * all of it. Memory comes from the allocator given at creation (NULL = malloc),
 * which must outlive the recording. Size is bounded by SG_IMU_MAX_SAMPLES.
 * Not thread-safe; distinct recordings are independent. */

#include <stdbool.h>
#include <stddef.h>

#include "strideguard/activity.h"
#include "strideguard/alloc.h"
#include "strideguard/err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SG_IMU_MAX_SAMPLES ((size_t)50 * 1000 * 1000) /* ~2.9 days at 200 Hz */
#define SG_IMU_MAX_GAPS 100000
#define SG_IMU_G 9.80665 /* standard gravity, m/s^2 */

typedef struct sg_imu_gap {
    size_t index;       /* first sample after the gap */
    double duration_s;  /* time missing between sample index-1 and index, beyond 1/fs */
} sg_imu_gap;

typedef struct sg_imu {
    size_t n;                /* samples */
    double fs;               /* Hz, > 0 */
    double t0;               /* time of sample 0: s since epoch, or s from start when time_relative */
    bool time_relative;
    double *acc[3];          /* m/s^2, sensor axes x, y, z */
    double *gyr[3];          /* rad/s, or NULL (all three) without gyroscope */
    size_t n_gaps;
    sg_imu_gap *gaps;        /* sorted by index */
    const char *source;      /* static name of the reader ("phyphox", "generic csv", ...) */
    const sg_allocator *alloc;
} sg_imu;

/* Creates a recording of n samples (arrays uninitialised) at fs Hz, with or
 * without gyroscope arrays. Errors: SG_EUSAGE (n == 0, fs not > 0),
 * SG_ELIMIT (n > SG_IMU_MAX_SAMPLES), SG_ENOMEM. On failure *out is NULL. */
int sg_imu_new(const sg_allocator *a, size_t n, double fs, bool gyro, sg_imu **out, sg_err *err);

/* Frees the recording and everything it owns. NULL is a no-op. */
void sg_imu_free(sg_imu *rec);

/* Records a gap before sample `index` (indices must be added in increasing
 * order). SG_ELIMIT past SG_IMU_MAX_GAPS, SG_ENOMEM. */
int sg_imu_add_gap(sg_imu *rec, size_t index, double duration_s, sg_err *err);

/* Time of sample i (see above). O(log gaps). */
double sg_imu_time(const sg_imu *rec, size_t i);

/* Duration covered by samples (n/fs), gaps excluded. */
double sg_imu_duration(const sg_imu *rec);

/* Irregularly sampled raw streams, as a reader or a device file gives them.
 * Borrowed pointers: nothing here is owned. Times in s, strictly increasing.
 * The gyroscope may have its own time base (gt, gn) or share the
 * accelerometer's (gt == NULL, then gn is ignored and gyr has n values). */
typedef struct sg_imu_raw {
    size_t n;
    const double *t;
    const double *acc[3];    /* m/s^2 */
    size_t gn;
    const double *gt;
    const double *gyr[3];    /* rad/s; all NULL = no gyroscope */
    bool time_relative;
} sg_imu_raw;

/* Resamples raw streams onto a uniform grid by linear interpolation.
 * fs == 0 picks the rate from the median sample interval (rounded to a whole
 * Hz above 20 Hz). An interval longer than 5 median intervals (and 50 ms)
 * becomes a gap: no sample is invented inside it. The gyroscope is
 * interpolated onto the accelerometer's grid; grid points outside the
 * gyroscope's time span take its nearest value.
 * Errors: SG_ENODATA (fewer than 2 samples), SG_EFORMAT (time not strictly
 * increasing or not finite; message names the sample index), SG_ELIMIT,
 * SG_ENOMEM. *out owns a new recording. */
int sg_imu_resample(const sg_allocator *a, const sg_imu_raw *raw, double fs, sg_imu **out,
                    sg_err *err);

/* Builds a recording from the raw accelerometer/gyroscope streams of an
 * activity (act->accel, act->gyro; FIT accelerometer_data/gyroscope_data),
 * resampled as sg_imu_resample does. The activity is only read.
 * Errors: SG_ENODATA when act->accel is empty, else as sg_imu_resample. */
int sg_imu_from_activity(const sg_activity *act, const sg_allocator *a, double fs, sg_imu **out,
                         sg_err *err);

#ifdef __cplusplus
}
#endif
#endif
