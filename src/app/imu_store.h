#ifndef SG_APP_IMU_STORE_H
#define SG_APP_IMU_STORE_H
/* Use case: IMU recordings kept in the store (imported by `import`), for
 * `strideguard imu --list` / `imu ID` and the web API.
 *
 * The trunk analysis of a stored recording is cached in the store
 * (sg_store_imu_cache_*, name SG_IMU_TRUNK_CACHE, or SG_IMU_TRUNK_CACHE
 * "_run<id>" while linked to run <id>, whose speed and grade match the
 * fatigue comparison; version SG_IMU_TRUNK_CACHE_VERSION): the samples of the
 * recording and the run never change, so the cache only goes stale when an
 * analysis does; the version follows the run analysis's, bump it for the
 * trunk analysis. */

#include <stdbool.h>
#include <stdio.h>

#include "analysis/trunk_analysis.h"
#include "app/docs.h"
#include "model/jsonw.h"
#include "strideguard/imu.h"
#include "strideguard/run_analysis.h"
#include "strideguard/store.h"

#define SG_IMU_TRUNK_CACHE "trunk"
#define SG_IMU_TRUNK_CACHE_VERSION (200 + SG_RUN_ALGORITHM_VERSION)

/* The cache name of a recording's trunk analysis while linked to run
 * `linked_activity_id` (0 = none) into buf. */
#define SG_IMU_TRUNK_CACHE_NAME_MAX 48
void sg_app_imu_trunk_cache_name(long long linked_activity_id,
                                 char buf[SG_IMU_TRUNK_CACHE_NAME_MAX]);

/* One stored recording and the activity it is linked to (when it is). */
typedef struct sg_app_imu_item {
    sg_store_imu_row row;
    bool has_activity;            /* linked, and the activity is stored */
    sg_store_row activity;        /* when has_activity */
} sg_app_imu_item;

typedef struct sg_app_imu_list_result {
    sg_app_imu_item *v;           /* oldest first */
    size_t n, cap;
} sg_app_imu_list_result;

/* The stored recordings, oldest first, each with its linked activity
 * (`imu --list`, GET /api/imu; written by render/trunk_json.h). *out is the
 * caller's (sg_app_imu_list_free), empty on error. Errors: the store's,
 * SG_ELIMIT (more than 100000), SG_ENOMEM. */
int sg_app_imu_list(sg_store *st, sg_app_imu_list_result *out, sg_err *err);
void sg_app_imu_list_free(sg_app_imu_list_result *l);

/* Writes the `imu --json` document of stored recording `id` with "id" and
 * "linked_activity_id" (null when unlinked) added in front; "file" is the
 * stored path. Computed once (written by docs->trunk, render's table:
 * sg_render_docs()), then served from the cache. Errors: SG_ENOTFOUND (no
 * such recording), SG_EFORMAT (damaged blob), the analysis' (SG_ENODATA:
 * shorter than 2 s), SG_EUSAGE (no docs), the store's. */
int sg_app_imu_view_json(sg_store *st, const sg_app_docs *docs, long long id, sg_jw *w,
                         sg_err *err);

/* Loads and analyses a stored recording (not cached: for the text summary).
 * *row (caller's storage) receives its row; *rec and *res belong to the
 * caller (sg_imu_free, sg_trunk_result_free). Errors as sg_app_imu_view_json. */
int sg_app_imu_analyze_stored(sg_store *st, long long id, const sg_trunk_opts *to,
                              sg_store_imu_row *row, sg_imu **rec, sg_trunk_result **res,
                              sg_err *err);

/* `imu ID --link`: activity_id > 0 pins the recording's link to that
 * activity, 0 pins "no link", SG_APP_IMU_LINK_AUTO returns to automatic
 * linking (recomputed now); then the link as it stands. Errors: SG_ENOTFOUND
 * (no such recording or activity), SG_ENOMEM, the store's. */
#define SG_APP_IMU_LINK_AUTO SG_STORE_IMU_LINK_AUTO

typedef struct sg_app_imu_link_res {
    long long linked_activity_id;   /* <= 0: none */
    bool pinned;                    /* set by hand (else automatic) */
} sg_app_imu_link_res;

int sg_app_imu_link(sg_store *st, long long id, long long activity_id, sg_app_imu_link_res *out,
                    sg_err *err);

#endif
