#ifndef SG_SIM_SIM_TRUNK_H
#define SG_SIM_SIM_TRUNK_H
/* A simulated lower-back IMU recording of a run, for the demo: a sensor on
 * the sacrum, tilted in its belt, sampling acceleration and angular rate
 * while the runner's steps, pelvic drop, tilt and rotation follow a simple
 * stance/flight model, with a left/right asymmetry and pelvic drop that grow
 * with fatigue. Model assumptions only (docs/science.md §11): it exists to
 * exercise the real readers and analysis, never as evidence. */

#include <stdint.h>

#include "strideguard/imu.h"

typedef struct sg_sim_trunk_params {
    uint64_t seed;
    double t0;              /* UTC s of the first sample */
    double duration_s;
    double fs;              /* Hz */
    double cadence_spm;     /* steps/min at the start */
    double asym_ms;         /* left step minus right step at the start, ms */
    double asym_growth_ms;  /* added by the end (fatigue) */
    double drop_l_deg, drop_r_deg;  /* pelvic obliquity excursion in left/right stance */
    double drop_growth_deg; /* added to the weaker (right-stance) drop by the end */
    double tilt_deg, rot_deg;       /* amplitudes (range = 2 x) */
    double mount_pitch_deg; /* sensor tilted forward in its belt */
    double noise;           /* m/s^2 (gyro gets 2 % of it in rad/s) */
} sg_sim_trunk_params;

void sg_sim_trunk_defaults(sg_sim_trunk_params *p);

/* Generates the recording (gyroscope included). *out owned by the caller
 * (sg_imu_free). Errors: SG_EUSAGE (non-positive rate/duration/cadence),
 * SG_ELIMIT, SG_ENOMEM. */
int sg_sim_trunk(const sg_sim_trunk_params *p, const sg_allocator *a, sg_imu **out, sg_err *err);

#endif
