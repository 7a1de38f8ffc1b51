#ifndef SG_STORE_BACKEND_H
#define SG_STORE_BACKEND_H
/* The seam between the generic store (store.c: argument checks, dedup rules,
 * transactions of a whole ingest) and a database backend. A backend
 * implements these primitives with its own SQL dialect; SQLite is the one
 * in src/store/sqlite.c, PostgreSQL the one in src/store/pg.c
 * (docs/internals-store.md lists what each must guarantee). store.c picks
 * one by the path's scheme (`open_table` there). Each backend also provides
 * an sg_store_rows: whole tables as typed rows, for `db copy` and the schema
 * parity test.
 *
 * All string/row arguments follow store.h's borrowing rules. Every primitive
 * runs inside the caller's transaction when one is open. */

#include "strideguard/store.h"

/* Activities longer than this are not considered for linking, so the
 * overlap query can bound its index range. */
#define SG_STORE_LINK_MAX_ACTIVITY_S (7.0 * 86400.0)

/* Which IMU recordings imu_list returns; every condition is optional. */
typedef struct sg_store_imu_query {
    long long id;             /* > 0: only this one */
    double from, to;          /* NaN = open: [start, start + duration] overlaps (from, to) */
    long long linked_to;      /* > 0: only those linked to this activity */
} sg_store_imu_query;

struct sg_store_param;
struct sg_store_value;

typedef struct sg_store_backend {
    const char *name;
    int (*open)(const char *path, void **impl, int *schema, sg_err *err);
    void (*close)(void *impl);
    int (*begin)(void *impl, sg_err *err);
    int (*commit)(void *impl, sg_err *err);
    int (*rollback)(void *impl, sg_err *err);
    int (*check)(void *impl, sg_err *err);

    /* Athletes (schema 7). use_athlete sets the impl's current athlete: every
     * other primitive works on its rows only (another athlete's id is
     * SG_ENOTFOUND, as a missing one). The backend binds it in one place
     * (sqlite.c's prepc, pg.c's qrun: parameter 1 of every statement). */
    void (*use_athlete)(void *impl, long long athlete_id);
    int (*athlete_add)(void *impl, const char *name, long long now, long long *id, sg_err *err);
    /* id > 0: that one only (nothing called when absent); 0: all, by id. */
    int (*athlete_list)(void *impl, long long id,
                        int (*fn)(void *, const sg_store_athlete_row *), void *ctx, sg_err *err);
    /* Removes the athlete; its rows follow by foreign key. SG_ENOTFOUND. */
    int (*athlete_delete)(void *impl, long long id, sg_err *err);

    int (*find_hash)(void *impl, const char *sha256, long long *id, sg_err *err);
    int (*source_exists)(void *impl, const char *sha256, const char *path, int *exists,
                         sg_err *err);
    int (*insert_activity)(void *impl, const sg_store_summary *s, const void *blob, size_t len,
                           long long now, long long *id, sg_err *err);
    int (*update_activity)(void *impl, long long id, const sg_store_summary *s,
                           const void *blob, size_t len, long long now, sg_err *err);
    int (*insert_source)(void *impl, long long activity_id, const sg_store_source *src,
                         sg_err *err);
    int (*each_hash)(void *impl, int (*fn)(void *, const char *), void *ctx, sg_err *err);
    int (*list)(void *impl, const sg_store_filter *f, int (*fn)(void *, const sg_store_row *),
                void *ctx, sg_err *err);
    int (*count)(void *impl, long long *n, sg_err *err);
    int (*get)(void *impl, long long id, sg_store_row *row, sg_err *err);
    int (*sources)(void *impl, long long id, int (*fn)(void *, const sg_store_source *),
                   void *ctx, sg_err *err);
    /* Calls fn with the stored blob (borrowed). SG_ENOTFOUND. */
    int (*blob)(void *impl, long long id, int (*fn)(void *, const void *, size_t), void *ctx,
                sg_err *err);
    int (*remove)(void *impl, long long id, sg_err *err);

    /* Trash and change log (schema 6; docs/internals-store.md "Trash and
     * change log"). trash: logs a "delete" change, copies the activity's row,
     * samples, sources, shoe and IMU links into the trash and removes the
     * activity (its caches go by cascade); keeps the newest
     * SG_STORE_TRASH_KEEP deletions. SG_ENOTFOUND. */
    int (*trash)(void *impl, long long id, long long now, sg_err *err);
    /* The most recently deleted activity still in the trash. SG_ENOTFOUND. */
    int (*trash_last)(void *impl, long long *id, sg_err *err);
    /* Puts it back under its id with its samples, sources (new source ids,
     * same order), shoe (if the shoe still exists) and IMU links (recordings
     * not pinned elsewhere since), logs an "undo" change and empties its trash
     * entry. SG_ENOTFOUND when not in the trash; SG_EEXISTS when the id is
     * taken or one of its source files is stored again. */
    int (*untrash)(void *impl, long long id, long long now, sg_err *err);
    /* Every change, oldest first. */
    int (*changes)(void *impl, int (*fn)(void *, const sg_store_change *), void *ctx,
                   sg_err *err);

    int (*kv_put)(void *impl, const char *k, const char *v, long long now, sg_err *err);
    int (*kv_get)(void *impl, const char *k, char **v, sg_err *err);
    int (*kv_delete)(void *impl, const char *k, sg_err *err);
    int (*kv_list)(void *impl, const char *prefix, int (*fn)(void *, const char *, const char *),
                   void *ctx, sg_err *err);

    int (*journal_add)(void *impl, const char *kind, const char *date, const char *payload,
                       long long now, long long *id, sg_err *err);
    int (*journal_update)(void *impl, long long id, const char *kind, const char *date,
                          const char *payload, sg_err *err);
    int (*journal_delete)(void *impl, long long id, sg_err *err);
    int (*journal_list)(void *impl, long long id, const char *kind, const char *from,
                        const char *to, int (*fn)(void *, const sg_journal_row *), void *ctx,
                        sg_err *err);

    /* inputs: never NULL ("" = none); get matches it exactly */
    int (*cache_put)(void *impl, long long id, const char *name, int version, const char *inputs,
                     const char *json, sg_err *err);
    int (*cache_get)(void *impl, long long id, const char *name, int version, const char *inputs,
                     char **json, sg_err *err);
    int (*cache_delete)(void *impl, long long id, const char *name, sg_err *err);
    int (*cache_list)(void *impl, long long id,
                      int (*fn)(void *, const char *, int, const char *), void *ctx,
                      sg_err *err);

    /* Activities whose [start, start + duration] overlaps (from, to) and that
     * started at most SG_STORE_LINK_MAX_ACTIVITY_S before `from`. */
    int (*overlapping)(void *impl, double from, double to,
                       int (*fn)(void *, const sg_store_row *), void *ctx, sg_err *err);

    /* IMU recordings (schema 3). */
    int (*imu_find_hash)(void *impl, const char *sha256, long long *id, sg_err *err);
    int (*imu_insert)(void *impl, const sg_store_imu_row *r, const void *blob, size_t len,
                      long long *id, sg_err *err);
    int (*imu_list)(void *impl, const sg_store_imu_query *q,
                    int (*fn)(void *, const sg_store_imu_row *), void *ctx, sg_err *err);
    int (*imu_blob)(void *impl, long long id, int (*fn)(void *, const void *, size_t),
                    void *ctx, sg_err *err);
    /* activity_id 0 = NULL. SG_ENOTFOUND when the recording does not exist. */
    int (*imu_set_link)(void *impl, long long id, long long activity_id, bool pinned,
                        sg_err *err);
    int (*imu_remove)(void *impl, long long id, sg_err *err);
    int (*imu_cache_put)(void *impl, long long id, const char *name, int version,
                         const char *json, sg_err *err);
    int (*imu_cache_get)(void *impl, long long id, const char *name, int version, char **json,
                         sg_err *err);

    /* Gear (schema 4): items as JSON; one item per activity. id 0 inserts. */
    int (*gear_put)(void *impl, long long id, const char *payload, long long now,
                    long long *out, sg_err *err);
    int (*gear_delete)(void *impl, long long id, sg_err *err);
    int (*gear_list)(void *impl, int (*fn)(void *, long long, const char *), void *ctx,
                     sg_err *err);
    /* gear_id 0 clears. SG_ENOTFOUND for an unknown activity or item. */
    int (*gear_assign)(void *impl, long long activity_id, long long gear_id, sg_err *err);
    int (*gear_assignments)(void *impl, int (*fn)(void *, long long, long long), void *ctx,
                            sg_err *err);

    /* Accounts (schema 7, src/store/accounts.c): the one generic primitive.
     * Runs `sql`, a string literal (its address keys the statement cache),
     * written once for both backends with $1..$n placeholders, with the n
     * parameters p; calls fn (may be NULL) once per result row with its
     * columns (borrowed; every value as text, with i and r parsed from it),
     * fn's nonzero return stops and is returned. *changed (may be NULL) is
     * the number of rows the statement inserted, updated or deleted. */
    int (*sql)(void *impl, const char *sql, const struct sg_store_param *p, int n,
               int (*fn)(void *, const struct sg_store_value *cols, int ncols), void *ctx,
               long long *changed, sg_err *err);
} sg_store_backend;

/* One parameter of the `sql` primitive: an integer, a text (NULL = SQL NULL)
 * or NULL. */
typedef enum sg_param_kind { SG_PARAM_NULL, SG_PARAM_INT, SG_PARAM_TEXT } sg_param_kind;
typedef struct sg_store_param {
    sg_param_kind kind;
    long long i;
    const char *s;
} sg_store_param;
#define SG_STORE_SQL_MAX_PARAMS 16

/* ---- whole tables ------------------------------------------------------
 * What `db copy` moves (src/store/copy.c holds the list of tables, in the
 * order their foreign keys need). Column and table names come only from that
 * constant list, so a backend may build SQL from them; values are always
 * parameters. */

#define SG_STORE_TABLE_MAX 24 /* columns */

typedef enum sg_col_type { SG_COL_INT, SG_COL_REAL, SG_COL_TEXT, SG_COL_BLOB } sg_col_type;

typedef struct sg_store_table {
    const char *name;
    const char *cols;   /* "id, start_utc, ...": the same names in every backend */
    const char *order;  /* ORDER BY of a dump: the primary key */
    int n;              /* number of columns */
    unsigned char types[SG_STORE_TABLE_MAX]; /* sg_col_type of each column */
    bool identity;      /* its `id` comes from a sequence the backend must advance after a load */
    bool counter;       /* kept by triggers as other tables change (athlete_changes): not
                           content of its own, emptied again just before its rows load */
} sg_store_table;

/* One column of a row; borrowed for the duration of a callback. */
typedef struct sg_store_value {
    bool null;
    long long i;        /* SG_COL_INT */
    double r;           /* SG_COL_REAL */
    const char *s;      /* SG_COL_TEXT, NUL-terminated */
    const void *b;      /* SG_COL_BLOB */
    size_t len;
} sg_store_value;

typedef struct sg_store_rows {
    /* Every column of every table, by table (byte order) then column position:
     * type normalised to "integer", "real", "text" or "blob"; notnull true for
     * NOT NULL and primary-key columns. */
    int (*describe)(void *impl,
                    int (*fn)(void *, const char *table, const char *col, const char *type,
                              bool notnull),
                    void *ctx, sg_err *err);
    int (*count)(void *impl, const sg_store_table *t, long long *n, sg_err *err);
    /* Every row in `order`; fn's nonzero return stops and is returned. */
    int (*dump)(void *impl, const sg_store_table *t, int (*fn)(void *, const sg_store_value *),
                void *ctx, sg_err *err);
    /* Inserts one row with every column given (ids kept). */
    int (*load)(void *impl, const sg_store_table *t, const sg_store_value *v, sg_err *err);
    /* Deletes every row. */
    int (*clear)(void *impl, const sg_store_table *t, sg_err *err);
    /* After a table's load: ids given explicitly, the next generated one follows them. */
    int (*loaded)(void *impl, const sg_store_table *t, sg_err *err);
} sg_store_rows;

extern const sg_store_backend sg_store_sqlite_backend;
extern const sg_store_rows sg_store_sqlite_rows;
extern const sg_store_backend sg_store_pg_backend;
extern const sg_store_rows sg_store_pg_rows;

/* The connection of an open SQLite handle (for src/store/sqlite_rows.c). */
struct sqlite3 *sg_store_sqlite_db(void *impl);

#endif
