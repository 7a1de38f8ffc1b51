#ifndef SG_APP_RUN_VIEW_H
#define SG_APP_RUN_VIEW_H
/* One stored run as the dashboard shows it: the run analysis (the `show
 * --json` document) plus "series", the downsampled chart profile. Both are
 * cached in the store by algorithm version, so a page view is two cache
 * reads, not a decode and an analysis. */

#include "strideguard/store.h"

#define SG_RUN_VIEW_POINTS 600
#define SG_RUN_SERIES_CACHE "run_series"

/* *json (malloc, caller frees) = the analysis object with a "series" member
 * {time_s, distance_m, altitude_m, grade_pct, speed_mps, heart_rate,
 *  cadence_spm, balance_left_pct}: arrays of equal length, null = no value.
 * Errors: SG_ENOTFOUND (no such run), SG_ENODATA (nothing to analyse), the
 * store's, SG_ENOMEM. */
int sg_app_run_view(sg_store *st, long long id, char **json, sg_err *err);

#endif
