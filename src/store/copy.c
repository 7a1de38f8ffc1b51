/* Whole-store copy (`strideguard db copy`): every row of every table, ids,
 * timestamps and blobs kept, between any two backends.
 *
 * Both stores are opened by the caller. The source is read inside its own
 * write transaction (no importer can change it half-way), the target is
 * written inside one transaction (a failed copy leaves it as it was). Before
 * anything is written, both schemas are described and must be identical, and
 * every table and column must be one this list knows: a migration that adds a
 * column without adding it here makes the copy refuse, never drop it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "store/store_internal.h"

#define I SG_COL_INT
#define R SG_COL_REAL
#define T SG_COL_TEXT
#define B SG_COL_BLOB

/* Parents before children (the order foreign keys need); schema 7: the
 * athletes first, every top-level table with its athlete_id. The
 * analysis caches are derived but copied too: they are keyed by ids and
 * fingerprints that the copy keeps, so they stay valid and the copy is exact. */
static const sg_store_table TABLES[] = {
    {"athletes", SG_STORE_ATHLETE_COLS, "id", 3, {I, T, I}, true, false},
    {"activities", SG_STORE_ROW_COLS ", athlete_id", "id", 18,
     {I, R, T, T, R, R, R, R, T, T, T, I, I, I, I, R, R, I}, true, false},
    {"activity_samples", "activity_id, blob", "activity_id", 2, {I, B}, false, false},
    {"sources", "id, " SG_STORE_SOURCE_COLS ", athlete_id", "id", 9,
     {I, I, T, T, T, T, I, I, I}, true, false},
    {"analysis_cache", "activity_id, name, version, json, inputs", "activity_id, name", 5,
     {I, T, I, T, T}, false, false},
    {"gear", "id, payload, created_at, athlete_id", "id", 4, {I, T, I, I}, true, false},
    {"activity_gear", "activity_id, gear_id", "activity_id", 2, {I, I}, false, false},
    {"imu_recordings",
     "id, start_utc, duration_s, sample_rate_hz, n_samples, has_gyro, reader, file_name, path,"
     " sha256, blob, linked_activity_id, link_pinned, created_at, athlete_id",
     "id", 15, {I, R, R, R, I, I, T, T, T, T, B, I, I, I, I}, true, false},
    {"imu_cache", "imu_id, name, version, json", "imu_id, name", 4, {I, T, I, T}, false, false},
    {"kv", "key, value, updated_at, athlete_id", "athlete_id, key", 4, {T, T, I, I}, false, false},
    {"journal", "id, kind, date, created_at, payload, athlete_id", "id", 6, {I, T, T, I, T, I},
     true, false},
    {"run_changes", "id, changed_at, kind, activity_id, start_utc, sport, name, athlete_id", "id",
     8, {I, I, T, I, R, T, T, I}, true, false},
    {"trash_activities",
     "id, change_id, start_utc, sport, sub_sport, distance_m, duration_s, moving_time_s,"
     " ascent_m, device, name, format, n_samples, n_channels, created_at, updated_at,"
     " descent_m, avg_hr, gear_id, blob, athlete_id",
     "id", 21, {I, I, R, T, T, R, R, R, R, T, T, T, I, I, I, I, R, R, I, B, I}, false, false},
    {"trash_sources", "id, activity_id, file_name, path, sha256, format, size, imported_at",
     "id", 8, {I, I, T, T, T, T, I, I}, true, false},
    {"trash_imu_links", "imu_id, activity_id, link_pinned", "imu_id, activity_id", 3,
     {I, I, I}, false, false},
    /* accounts (schema 8, src/store/accounts.c) */
    {"clinics", "id, name, created_utc", "id", 3, {I, T, I}, true, false},
    {"accounts", "id, login, role, clinic_id, athlete_id, pwhash, created_utc, disabled", "id",
     8, {I, T, T, I, I, T, I, I}, true, false},
    {"sessions", "id, account_id, csrf, created_utc, seen_utc, expires_utc, revoked_utc", "id",
     7, {T, I, T, I, I, I, I}, false, false},
    {"codes",
     "hash, kind, clinic_id, role, account_id, issued_by, created_utc, expires_utc, used_utc",
     "hash", 9, {T, T, I, T, I, I, I, I, I}, false, false},
    {"audit", "id, at_utc, account_id, athlete_id, action, detail", "id", 6,
     {I, I, I, I, T, T}, true, false},
    /* the clinician's view (schema 9, src/store/clinic_store.c) */
    {"findings", "id, athlete_id, account_id, date, region, side, text, created_utc, updated_utc",
     "id", 9, {I, I, I, T, T, T, T, I, I}, true, false},
    {"assignments",
     "id, athlete_id, account_id, exercise, dose, notes, from_date, to_date, created_utc,"
     " updated_utc",
     "id", 10, {I, I, I, T, T, T, T, T, I, I}, true, false},
    {"roster_cache", "athlete_id, fingerprint, payload", "athlete_id", 3, {I, T, T}, false, false},
    /* schemas 10 and 12: last, so the counts are the source's and not what the
     * copy's own inserts made the target's triggers count */
    {"athlete_changes", "athlete_id, seq", "athlete_id", 2, {I, I}, false, true},
    {"clinic_changes", "clinic_id, seq", "clinic_id", 2, {I, I}, false, true},
};
#define N_TABLES ((int)(sizeof TABLES / sizeof *TABLES))
_Static_assert(N_TABLES <= SG_STORE_COPY_TABLES, "sg_store_copy_result holds every table");

#undef I
#undef R
#undef T
#undef B

/* ---- schema check ------------------------------------------------------- */

typedef struct desc {
    char text[16384]; /* "table.column type notnull\n" lines */
    size_t len;
    int overflow;
    const char *unknown_table, *unknown_col;
    char unknown[160];
} desc;

/* Position of `col` in the comma-separated list `cols`, or -1. */
static int col_index(const char *cols, const char *col)
{
    size_t n = strlen(col);
    int i = 0;
    const char *p = cols;
    for (;;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, col, n) == 0)
            return i;
        if (!p[len])
            return -1;
        p += len + 1;
        i++;
    }
}

static int desc_fn(void *ctx, const char *table, const char *col, const char *type, bool notnull)
{
    desc *d = ctx;
    int n = snprintf(d->text + d->len, sizeof d->text - d->len, "%s.%s %s%s\n", table, col, type,
                     notnull ? " not null" : "");
    if (n < 0 || (size_t)n >= sizeof d->text - d->len) {
        d->overflow = 1;
        return 1;
    }
    d->len += (size_t)n;
    if (strcmp(table, "migrations") == 0 || d->unknown[0])
        return 0;
    for (int i = 0; i < N_TABLES; i++)
        if (strcmp(TABLES[i].name, table) == 0) {
            if (col_index(TABLES[i].cols, col) < 0)
                snprintf(d->unknown, sizeof d->unknown, "column %s.%s", table, col);
            return 0;
        }
    snprintf(d->unknown, sizeof d->unknown, "table %s", table);
    return 0;
}

static int describe(sg_store *st, desc *d, sg_err *err)
{
    memset(d, 0, sizeof *d);
    int rc = st->rows->describe(st->impl, desc_fn, d, err);
    if (d->overflow)
        return sg_err_set(err, SG_ELIMIT, -1, "schema description too long");
    if (rc)
        return rc;
    if (d->unknown[0])
        return sg_err_set(err, SG_EUNSUPPORTED, -1,
                          "db copy does not know %s (schema %d): refusing to drop it",
                          d->unknown, st->schema);
    return SG_OK;
}

/* ---- copy --------------------------------------------------------------- */

typedef struct copy_ctx {
    sg_store *to;
    const sg_store_table *t;
    long long done, total, bytes;
    sg_store_copy_progress progress;
    void *pctx;
    sg_err *err;
} copy_ctx;

static int row_fn(void *ctx, const sg_store_value *v)
{
    copy_ctx *c = ctx;
    int rc = c->to->rows->load(c->to->impl, c->t, v, c->err);
    if (rc)
        return rc;
    for (int i = 0; i < c->t->n; i++)
        if (c->t->types[i] == SG_COL_BLOB && !v[i].null)
            c->bytes += (long long)v[i].len;
    c->done++;
    if (c->progress && (c->done % 256) == 0)
        return c->progress(c->pctx, c->t->name, c->done, c->total);
    return 0;
}

static int athlete_fn(void *ctx, const sg_store_athlete_row *row)
{
    *(sg_store_athlete_row *)ctx = *row;
    return 1;
}

static int copy_all(sg_store *from, sg_store *to, bool replace, sg_store_copy_progress progress,
                    void *pctx, sg_store_copy_result *res, sg_err *err)
{
    desc *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    int rc = SG_OK;
    if (!a || !b) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
        goto out;
    }
    if ((rc = describe(from, a, err)) || (rc = describe(to, b, err)))
        goto out;
    if (from->schema != to->schema || a->len != b->len || memcmp(a->text, b->text, a->len) != 0) {
        rc = sg_err_set(err, SG_EUNSUPPORTED, -1,
                        "the two stores' schemas differ (%s schema %d, %s schema %d)",
                        from->be->name, from->schema, to->be->name, to->schema);
        goto out;
    }
    /* Every open records the summaries' version in kv: a store holding only
     * that is empty. */
    long long in_target = 0;
    for (int i = 0; i < N_TABLES && !rc; i++) {
        long long n = 0;
        if (!TABLES[i].counter)
            rc = to->rows->count(to->impl, &TABLES[i], &n, err);
        in_target += n;
    }
    /* Athlete 1 is the migration's own (a new store has it); the source's
     * replaces it. */
    sg_store_athlete_row first;
    if (!rc && in_target) {
        int got = to->be->athlete_list(to->impl, SG_STORE_FIRST_ATHLETE, athlete_fn, &first, err);
        if (got == 1)
            in_target--;
        else
            rc = got;
    }
    char *v = NULL;
    if (!rc) {
        int got = to->be->kv_get(to->impl, SG_STORE_SUMMARY_VERSION_KEY, &v, err);
        if (got == SG_OK)
            in_target--;
        else if (got != SG_ENOTFOUND)
            rc = got;
        else
            sg_err_clear(err);
        free(v);
    }
    if (rc)
        goto out;
    if (in_target && !replace) {
        rc = sg_err_set(err, SG_EUSAGE, -1,
                        "the target store is not empty (%lld rows): refusing to mix two stores"
                        " (--replace empties it first)",
                        in_target);
        goto out;
    }
    /* The target's own bookkeeping too: the source's comes along. */
    for (int i = N_TABLES - 1; i >= 0 && !rc; i--)
        rc = to->rows->clear(to->impl, &TABLES[i], err);
    for (int i = 0; i < N_TABLES && !rc; i++) {
        copy_ctx c = {to, &TABLES[i], 0, 0, 0, progress, pctx, err};
        if (c.t->counter && (rc = to->rows->clear(to->impl, c.t, err)))
            break;
        if ((rc = from->rows->count(from->impl, c.t, &c.total, err)))
            break;
        if (progress && (rc = progress(pctx, c.t->name, 0, c.total)))
            break;
        if ((rc = from->rows->dump(from->impl, c.t, row_fn, &c, err)) ||
            (rc = to->rows->loaded(to->impl, c.t, err)))
            break;
        if (progress && (rc = progress(pctx, c.t->name, c.done, c.total)))
            break;
        res->table[res->n_tables] = c.t->name;
        res->rows[res->n_tables++] = c.done;
        res->blob_bytes += c.bytes;
    }
out:
    free(a);
    free(b);
    return rc;
}

int sg_store_copy(sg_store *from, sg_store *to, bool replace, sg_store_copy_progress progress,
                  void *ctx, sg_store_copy_result *res, sg_err *err)
{
    memset(res, 0, sizeof *res);
    if (from == to || from->in_tx || to->in_tx)
        return sg_err_set(err, SG_EUSAGE, -1,
                          "db copy needs two distinct stores with no transaction open");
    int rc = sg_store_begin(from, err);
    if (rc)
        return rc;
    if ((rc = sg_store_begin(to, err))) {
        sg_store_rollback(from, NULL);
        return rc;
    }
    rc = copy_all(from, to, replace, progress, ctx, res, err);
    if (rc)
        sg_store_rollback(to, NULL);
    else
        rc = sg_store_commit(to, err);
    sg_store_rollback(from, NULL);
    if (rc)
        memset(res, 0, sizeof *res);
    return rc;
}
