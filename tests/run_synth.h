#ifndef SG_TESTS_RUN_SYNTH_H
#define SG_TESTS_RUN_SYNTH_H
/* Synthetic runs with known answers for the run-analysis tests: 1 Hz samples
 * along a straight line, a grade profile by distance, and mechanics that the
 * test sets per sample. Header-only (each test is its own executable). */
#include <math.h>
#include <stdint.h>

#include "strideguard/activity.h"

/* Deterministic noise in [-1, 1] (LCG), so tests never depend on a seed. */
static inline double synth_noise(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return ((double)(*s >> 8) / (double)(1u << 24)) * 2.0 - 1.0;
}

typedef double (*synth_grade_fn)(double dist_m, void *ctx);

typedef struct synth {
    size_t seconds;
    double speed;                  /* m/s */
    synth_grade_fn grade;          /* NULL = flat */
    void *grade_ctx;
    bool gps, distance, altitude;  /* channels to write */
    sg_alt_source alt_source;
    double t0;
} synth;

/* Builds the run (time, distance, speed, lat/lon along a meridian, altitude
 * integrated from the grade). Mechanics are left to the test. */
static inline sg_activity *synth_build(const synth *s, const sg_allocator *a)
{
    sg_activity *act = sg_activity_new(a);
    if (!act)
        return NULL;
    double d = 0, alt = 100;
    for (size_t i = 0; i < s->seconds; i++) {
        size_t idx;
        if (sg_activity_append(act, &idx, NULL))
            goto fail;
        if (i) {
            double g = s->grade ? s->grade(d + s->speed / 2, s->grade_ctx) : 0;
            d += s->speed;
            alt += g * s->speed;
        }
        int rc = sg_activity_set(act, SG_CH_TIME, idx, s->t0 + 1e9 + (double)i, NULL);
        rc |= sg_activity_set(act, SG_CH_SPEED, idx, s->speed, NULL);
        if (s->distance)
            rc |= sg_activity_set(act, SG_CH_DISTANCE, idx, d, NULL);
        if (s->gps) {
            rc |= sg_activity_set(act, SG_CH_LAT, idx, 45.0 + d / 111195.0799, NULL);
            rc |= sg_activity_set(act, SG_CH_LON, idx, 7.0, NULL);
        }
        if (s->altitude)
            rc |= sg_activity_set(act, SG_CH_ALTITUDE, idx, alt, NULL);
        if (rc)
            goto fail;
    }
    act->sport = SG_SPORT_RUNNING;
    act->alt_source = s->alt_source;
    return act;
fail:
    sg_activity_free(act);
    return NULL;
}

static inline synth synth_default(size_t seconds, double speed)
{
    synth s = {seconds, speed, NULL, NULL, true, true, true, SG_ALT_BAROMETRIC, 0};
    return s;
}

static inline double grade_const(double d, void *ctx)
{
    (void)d;
    return *(const double *)ctx;
}

#endif
