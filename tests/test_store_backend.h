#ifndef TEST_STORE_BACKEND_H
#define TEST_STORE_BACKEND_H
/* Which backend the store tests run against (header-only, like
 * test_store_fixture.h). Without SG_TEST_PG_URL: SQLite files, as the tests
 * always did. With SG_TEST_PG_URL=postgresql://...: every store the tests
 * open is a fresh schema of that database (the URL gets
 * options=-csearch_path=<schema>), and every schema made is dropped when the
 * test process exits. CTest runs the same binaries both ways (store_pg,
 * store_imu_pg; tests/CMakeLists.txt). Test code may keep state here; the
 * library may not. */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline const char *fx_pg_url(void)
{
    const char *u = getenv("SG_TEST_PG_URL");
    return u && *u ? u : NULL;
}

#define FX_MAX_SCHEMAS 256
static char fx_schemas[FX_MAX_SCHEMAS][64];
static int fx_n_schemas;

static inline PGconn *fx_pg_connect(const char *url)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "cannot connect to %s: %s", url, PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    PQclear(PQexec(c, "SET client_min_messages = warning"));
    return c;
}

static inline void fx_drop_schemas(void)
{
    if (!fx_n_schemas || !fx_pg_url())
        return;
    PGconn *c = fx_pg_connect(fx_pg_url());
    if (!c)
        return;
    for (int i = 0; i < fx_n_schemas; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS \"%s\" CASCADE", fx_schemas[i]);
        PQclear(PQexec(c, sql));
    }
    PQfinish(c);
    fx_n_schemas = 0;
}

/* A new empty PostgreSQL schema; returns the heap URL of a store in it. */
static inline char *fx_pg_new(const char *name)
{
    static int seq;
    const char *base = fx_pg_url();
    if (fx_n_schemas == FX_MAX_SCHEMAS)
        return NULL;
    char schema[64];
    int n = snprintf(schema, sizeof schema, "t%ld_%d_", (long)getpid(), seq++);
    for (const char *p = name; *p && n < 60; p++)
        schema[n++] = (char)((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ? *p : '_');
    schema[n] = '\0';
    PGconn *c = fx_pg_connect(base);
    if (!c)
        return NULL;
    char sql[128];
    snprintf(sql, sizeof sql, "CREATE SCHEMA \"%s\"", schema);
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    PQfinish(c);
    if (!ok)
        return NULL;
    if (fx_n_schemas == 0)
        atexit(fx_drop_schemas);
    memcpy(fx_schemas[fx_n_schemas++], schema, sizeof schema);
    size_t cap = strlen(base) + 128;
    char *url = malloc(cap);
    snprintf(url, cap, "%s%coptions=-csearch_path%%3D%s", base, strchr(base, '?') ? '&' : '?',
             schema);
    return url;
}

static inline int fx_is_pg(const char *path) { return strncmp(path, "postgres", 8) == 0; }

/* The first column of the first row of sql (-1 when no row), on either backend. */
static inline long long fx_sql_int(const char *path, const char *sql)
{
    long long v = -1;
    if (fx_is_pg(path)) {
        PGconn *c = fx_pg_connect(path);
        if (!c)
            return -2;
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
        else if (PQntuples(r) > 0)
            v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        PQclear(r);
        PQfinish(c);
        return v;
    }
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -2;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    } else {
        fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
        v = -2;
    }
    sqlite3_close(db);
    return v;
}

/* The first column of the first row of sql as text (malloc()ed; NULL when no
 * row or on error), PostgreSQL only. */
static inline char *fx_pg_text(const char *path, const char *sql)
{
    char *v = NULL;
    PGconn *c = fx_pg_connect(path);
    if (!c)
        return NULL;
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
    else if (PQntuples(r) > 0) {
        const char *s = PQgetisnull(r, 0, 0) ? "" : PQgetvalue(r, 0, 0);
        size_t n = strlen(s) + 1;
        v = malloc(n);
        if (v)
            memcpy(v, s, n);
    }
    PQclear(r);
    PQfinish(c);
    return v;
}

/* Runs sql (several statements allowed); 0 on success. */
static inline int fx_sql_exec(const char *path, const char *sql)
{
    if (fx_is_pg(path)) {
        PGconn *c = fx_pg_connect(path);
        if (!c)
            return -1;
        PGresult *r = PQexec(c, sql);
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok)
            fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
        PQfinish(c);
        return ok ? 0 : -1;
    }
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -1;
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "%s: %s\n", sql, msg);
    sqlite3_free(msg);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

#endif
