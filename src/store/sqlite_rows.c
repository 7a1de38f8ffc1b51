/* Whole tables of a SQLite store as typed rows (backend.h's sg_store_rows):
 * what `db copy` reads and writes, and the schema description the parity
 * test compares with PostgreSQL's. Kept out of sqlite.c, which owns the
 * primitives and the migrations; it reaches the connection through
 * sg_store_sqlite_db. Statements are prepared per call (copying is rare);
 * table and column names come only from src/store/copy.c's constant list. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/backend.h"

static int fail(sqlite3 *db, sg_err *err, const char *what)
{
    int full = (sqlite3_errcode(db) & 0xff) == SQLITE_FULL;
    return sg_err_set(err, full ? SG_ENOSPC : SG_ESTORE, -1, "%s: %s", what,
                      sqlite3_errmsg(db));
}

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, sg_err *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return fail(db, err, "prepare");
    }
    return SG_OK;
}

static const char *norm_type(const char *t)
{
    if (sqlite3_stricmp(t, "INTEGER") == 0)
        return "integer";
    if (sqlite3_stricmp(t, "REAL") == 0)
        return "real";
    if (sqlite3_stricmp(t, "TEXT") == 0)
        return "text";
    if (sqlite3_stricmp(t, "BLOB") == 0)
        return "blob";
    return "?";
}

static int sr_describe(void *impl,
                       int (*fn)(void *, const char *, const char *, const char *, bool),
                       void *ctx, sg_err *err)
{
    sqlite3 *db = sg_store_sqlite_db(impl);
    sqlite3_stmt *st;
    int rc = prep(db,
                  "SELECT m.name, p.name, p.type, p.\"notnull\" OR p.pk > 0"
                  " FROM sqlite_schema m, pragma_table_info(m.name) p"
                  " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                  " ORDER BY m.name, p.cid",
                  &st, err);
    if (rc)
        return rc;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                     (const char *)sqlite3_column_text(st, 1),
                     norm_type((const char *)sqlite3_column_text(st, 2)),
                     sqlite3_column_int(st, 3) != 0)))
            break;
    if (!rc && r != SQLITE_DONE)
        rc = fail(db, err, "describe schema");
    sqlite3_finalize(st);
    return rc;
}

/* Runs "<verb> FROM <table>": with n, the count(*) it answers. */
static int whole_table(void *impl, const char *verb, const sg_store_table *t, long long *n,
                       sg_err *err)
{
    sqlite3 *db = sg_store_sqlite_db(impl);
    char sql[256];
    snprintf(sql, sizeof sql, "%s FROM %s", verb, t->name);
    sqlite3_stmt *st;
    int rc = prep(db, sql, &st, err);
    if (rc)
        return rc;
    int r = sqlite3_step(st);
    if (n && r == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else if (n || r != SQLITE_DONE)
        rc = fail(db, err, t->name);
    sqlite3_finalize(st);
    return rc;
}

static int sr_count(void *impl, const sg_store_table *t, long long *n, sg_err *err)
{
    return whole_table(impl, "SELECT count(*)", t, n, err);
}

static int sr_dump(void *impl, const sg_store_table *t,
                   int (*fn)(void *, const sg_store_value *), void *ctx, sg_err *err)
{
    sqlite3 *db = sg_store_sqlite_db(impl);
    char sql[1024];
    int n = snprintf(sql, sizeof sql, "SELECT %s FROM %s ORDER BY %s", t->cols, t->name,
                     t->order);
    if (n < 0 || (size_t)n >= sizeof sql)
        return sg_err_set(err, SG_ELIMIT, -1, "statement for %s too long", t->name);
    sqlite3_stmt *st;
    int rc = prep(db, sql, &st, err);
    if (rc)
        return rc;
    sg_store_value v[SG_STORE_TABLE_MAX];
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < t->n; c++) {
            memset(&v[c], 0, sizeof v[c]);
            v[c].null = sqlite3_column_type(st, c) == SQLITE_NULL;
            if (v[c].null)
                continue;
            switch (t->types[c]) {
            case SG_COL_INT: v[c].i = sqlite3_column_int64(st, c); break;
            case SG_COL_REAL: v[c].r = sqlite3_column_double(st, c); break;
            case SG_COL_TEXT: v[c].s = (const char *)sqlite3_column_text(st, c); break;
            default:
                v[c].b = sqlite3_column_blob(st, c);
                v[c].len = (size_t)sqlite3_column_bytes(st, c);
            }
            if (t->types[c] == SG_COL_TEXT && !v[c].s) {
                sqlite3_finalize(st);
                return sg_err_set(err, SG_ENOMEM, -1, "out of memory reading %s", t->name);
            }
        }
        if ((rc = fn(ctx, v)))
            break;
    }
    if (!rc && r != SQLITE_DONE)
        rc = fail(db, err, t->name);
    sqlite3_finalize(st);
    return rc;
}

static int sr_load(void *impl, const sg_store_table *t, const sg_store_value *v, sg_err *err)
{
    sqlite3 *db = sg_store_sqlite_db(impl);
    char sql[1024];
    int n = snprintf(sql, sizeof sql, "INSERT INTO %s(%s) VALUES (", t->name, t->cols);
    for (int i = 0; i < t->n && n > 0 && (size_t)n < sizeof sql; i++)
        n += snprintf(sql + n, sizeof sql - (size_t)n, "%s?", i ? "," : "");
    if (n > 0 && (size_t)n < sizeof sql)
        n += snprintf(sql + n, sizeof sql - (size_t)n, ")");
    if (n < 0 || (size_t)n >= sizeof sql)
        return sg_err_set(err, SG_ELIMIT, -1, "statement for %s too long", t->name);
    sqlite3_stmt *st;
    int rc = prep(db, sql, &st, err);
    if (rc)
        return rc;
    for (int c = 0; c < t->n; c++) {
        if (v[c].null)
            sqlite3_bind_null(st, c + 1);
        else if (t->types[c] == SG_COL_INT)
            sqlite3_bind_int64(st, c + 1, v[c].i);
        else if (t->types[c] == SG_COL_REAL)
            sqlite3_bind_double(st, c + 1, v[c].r);
        else if (t->types[c] == SG_COL_TEXT)
            sqlite3_bind_text(st, c + 1, v[c].s, -1, SQLITE_STATIC);
        else
            sqlite3_bind_blob64(st, c + 1, v[c].len ? v[c].b : "", v[c].len, SQLITE_STATIC);
    }
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = fail(db, err, t->name);
    sqlite3_finalize(st);
    return rc;
}

static int sr_clear(void *impl, const sg_store_table *t, sg_err *err)
{
    return whole_table(impl, "DELETE", t, NULL, err);
}

/* Rowids continue after the largest id by themselves. */
static int sr_loaded(void *impl, const sg_store_table *t, sg_err *err)
{
    (void)impl;
    (void)t;
    (void)err;
    return SG_OK;
}

const sg_store_rows sg_store_sqlite_rows = {
    .describe = sr_describe,
    .count = sr_count,
    .dump = sr_dump,
    .load = sr_load,
    .clear = sr_clear,
    .loaded = sr_loaded,
};
