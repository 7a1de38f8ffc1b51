#ifndef SG_ANALYSIS_LOAD_INTERNAL_H
#define SG_ANALYSIS_LOAD_INTERNAL_H
/* Building blocks of the load analysis, exposed for load.c and the unit
 * tests. All pure; arrays are caller-owned. Sources in docs/science.md §7. */

#include <stddef.h>
#include <stdint.h>

#include "strideguard/load.h"

/* ---- pmc.c ---- */

/* Williams 2017 EWMA: out[0] = load[0] (seeded with the first day's load),
 * out[t] = lambda*load[t] + (1-lambda)*out[t-1]. n may be 0. */
void sg_ewma(const double *load, size_t n, double lambda, double *out);

/* lambda = 2 / (N + 1). */
double sg_ewma_lambda(double n_days);

/* Fitness/fatigue/form, GoldenCheetah form: alpha = 1 - e^(-1/tau),
 * x[t] = x[t-1] + alpha (load[t] - x[t-1]), x[-1] = 0, tau 42 (ctl) and 7
 * (atl); tsb[t] = ctl[t-1] - atl[t-1] (form coming into day t; tsb[0] = 0).
 * Any output pointer may be NULL. */
void sg_pmc(const double *load, size_t n, double *ctl, double *atl, double *tsb);

/* Foster 1998 over n daily loads (rest days 0): monotony = mean / SD with the
 * population SD (divide by n), strain = sum * monotony. Both NaN when n < 2,
 * a load is not finite, or SD == 0. */
void sg_monotony(const double *load, size_t n, double *monotony, double *strain);

/* ---- spikes.c ---- */

/* Spike of each run against the longest run that started in the 30 days
 * before it. `runs` sorted by start; out has n entries. day_of_gap may be
 * NULL; else gap_first/gap_n describe a per-day gap array (1 = gap) starting
 * at day gap_first used to set baseline_gap. */
void sg_spikes_compute(const sg_run_summary *runs, size_t n, const uint8_t *gap,
                       int32_t gap_first, size_t gap_n, sg_load_spike *out);

/* ---- taper.c / race.c ---- */

/* Taper and long-run checks; fills the taper fields and flags of *race.
 * runs: the clean activities sorted by start. days: the series. */
void sg_taper_evaluate(const sg_run_summary *runs, size_t n, const sg_load_day *days,
                       size_t n_days, int32_t today_day, sg_race_result *race);

/* Course vs preparation, descent progression; fills those fields/flags. */
void sg_race_prepare(const sg_run_summary *runs, size_t n, const sg_load_day *days,
                     size_t n_days, int32_t today_day, const sg_course *course,
                     sg_race_result *race);

#endif
