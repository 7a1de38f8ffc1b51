#ifndef SG_APP_RUN_VIEW_H
#define SG_APP_RUN_VIEW_H
/* One stored run as the dashboard shows it: the run analysis (the `show
 * --json` document) plus "series", the downsampled chart profile. Both are
 * cached in the store by algorithm version, so a page view is two cache
 * reads, not a decode and an analysis. */

#include "app/docs.h"
#include "strideguard/store.h"

#define SG_RUN_VIEW_POINTS 600
#define SG_RUN_SERIES_CACHE "run_series"

/* *json (malloc, caller frees) = the analysis object with a "series" member
 * {time_s, distance_m, altitude_m, grade_pct, speed_mps, heart_rate,
 *  cadence_spm, balance_left_pct}: arrays of equal length, null = no value.
 * Both are written by `docs` (render's, sg_render_docs()) when the cache has
 * none. Errors: SG_ENOTFOUND (no such run), SG_ENODATA (nothing to analyse),
 * SG_EUSAGE (no docs), the store's, SG_ENOMEM. */
int sg_app_run_view(sg_store *st, const sg_app_docs *docs, long long id, char **json,
                    sg_err *err);

#endif
