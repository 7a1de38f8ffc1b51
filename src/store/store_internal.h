#ifndef SG_STORE_INTERNAL_H
#define SG_STORE_INTERNAL_H
/* The store handle, shared by store.c (the primitives' callers) and copy.c
 * (whole-store copy); nothing outside src/store sees it. */
#include "store/backend.h"

/* The kv key under which the store records its summaries' version
 * (SG_STORE_SUMMARY_VERSION): written by every open, so it is bookkeeping,
 * not content (copy.c does not count it when asking whether a store is empty). */
#define SG_STORE_SUMMARY_VERSION_KEY "store.summary_version"

struct sg_store {
    const sg_store_backend *be;
    const sg_store_rows *rows;
    void *impl;
    int schema;
    int in_tx;
    long long athlete;        /* the current athlete (sg_store_use_athlete) */
};

/* The athlete a store's rows from before schema 7 belong to, and the
 * current athlete of a newly opened handle. */
#define SG_STORE_FIRST_ATHLETE 1LL

/* The athletes row of SQL, in the same words in both backends (migration 7):
 * athletes(id, name, created_utc); every top-level table names its athlete
 * in an `athlete_id` column (the last), children through their parent. */
#define SG_STORE_ATHLETE_COLS "id, name, created_utc"
#define SG_STORE_ATHLETE_NAME_MAX 255

/* An activity's columns after its id, in table order: the same words in
 * both backends' SQL, in the trash's copy of a row and in copy.c's list. */
#define SG_STORE_ACT_COLS                                                                     \
    "start_utc, sport, sub_sport, distance_m, duration_s, moving_time_s, ascent_m, device,"  \
    " name, format, n_samples, n_channels, created_at, updated_at, descent_m, avg_hr"
/* What a listing reads of an activity (read_row in each backend). */
#define SG_STORE_ROW_COLS "id, " SG_STORE_ACT_COLS
/* What a listing reads of an IMU recording (imu_list in each backend). */
#define SG_STORE_IMU_COLS                                                                     \
    "id, start_utc, duration_s, sample_rate_hz, n_samples, has_gyro, reader, file_name, path," \
    " sha256, linked_activity_id, link_pinned, created_at"
/* A source row after its id (sources and trash_sources). */
#define SG_STORE_SOURCE_COLS "activity_id, file_name, path, sha256, format, size, imported_at"

/* One numbered schema change; each backend has its list, with the same
 * numbers and names (docs/internals-store.md). */
typedef struct sg_store_migration {
    int version;
    const char *name;
    const char *sql;
} sg_store_migration;

/* ---- the generic statement's helpers (backend.h `sql`): the account and
 * clinic SQL (accounts.c, clinic_store.c) is written once, portable, with
 * $1..$n parameters; these are its parameter builders and row readers. */

/* An integer parameter. */
sg_store_param sg_sql_int(long long i);
/* A text parameter (borrowed until the statement ran); NULL is SQL NULL. */
sg_store_param sg_sql_text(const char *s);
/* An optional id: 0 is SQL NULL. */
sg_store_param sg_sql_id(long long i);
/* Runs sql with p[0..n) through the backend; fn (may be NULL) per row,
 * *changed (may be NULL) the rows a write changed. The backend's errors. */
int sg_sql_run(sg_store *st, const char *sql, const sg_store_param *p, int n,
               int (*fn)(void *, const sg_store_value *, int), void *ctx, long long *changed,
               sg_err *err);
/* A row callback that counts rows and keeps the first one's integer column 0. */
typedef struct sg_sql_first_int {
    int rows;
    long long v;
} sg_sql_first_int;
int sg_sql_first_int_fn(void *ctx, const sg_store_value *c, int n);
/* A text column, "" for NULL (borrowed for the callback). */
const char *sg_sql_value_text(const sg_store_value *v);

#endif
