#ifndef SG_SIM_SIM_INTERNAL_H
#define SG_SIM_SIM_INTERNAL_H
/* Shared between the simulator's files (sim.c, sim_block.c); not public. */

#include "strideguard/sim.h"

/* Where the demo course (and every simulated run) starts: a lakeside town
 * at 440 m; the numbers are arbitrary, not a real race. */
#define SG_SIM_HOME_LAT 47.05
#define SG_SIM_HOME_LON 8.31
#define SG_SIM_HOME_ALT 440.0
#define SG_SIM_COURSE_M 42195.0
#define SG_SIM_COURSE_HEADING 30.0

/* Radius for turning metres into degrees; any sphere will do for a
 * simulator (the analyses measure with their own formula). */
#define SG_SIM_EARTH_R 6371008.8

/* Heading (rad) at distance d along a simulated path: turns through a full
 * circle every loop_m (0 = never) plus two wiggles whose phases come from the
 * start heading, so the course and a race on it follow the same line. */
double sg_sim_path_heading(double heading0_rad, double loop_m, double d);

/* Elevation hysteresis for the totals: the barometric 3 m of GoldenCheetah
 * (docs/science.md §2 and §11). */
#define SG_SIM_HYSTERESIS_M 3.0

/* Totals over samples i0..i1 (inclusive) from whichever columns exist:
 * elapsed = t[i1]-t[i0], timer = sum of gaps capped at dt_s (so a pause
 * counts in elapsed only), distance = d[i1]-d[i0], ascent/descent with
 * SG_SIM_HYSTERESIS_M, averages over the samples. Missing columns give NaN.
 * Calories are left NaN (the caller knows the energy). */
void sg_sim_totals_range(const sg_activity *act, size_t i0, size_t i1, double dt_s,
                         sg_totals *out);

/* Adds the one session of a simulated road run over all samples (totals by
 * sg_sim_totals_range with dt_s, the given calories, NaN for none). */
int sg_sim_add_road_session(sg_activity *act, double dt_s, double calories, sg_err *err);

/* Sets the simulator's device, sport and labels on a fresh activity. */
int sg_sim_label(sg_activity *act, const char *name, sg_err *err);

#endif
