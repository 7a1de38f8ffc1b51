#ifndef TEST_STORE_FIXTURE_H
#define TEST_STORE_FIXTURE_H
/* Constructed activities for the store and import tests, and a fresh store on
 * either backend for the tests of what is kept in one (header-only so each
 * test executable stays one .c file). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strideguard/activity.h"
#include "strideguard/store.h"
#include "support/sg_test.h"
#include "test_store_backend.h"

/* A new store's path for the test NAME: a fresh PostgreSQL schema when
 * SG_TEST_PG_URL is set (test_store_backend.h; dropped at exit), else the
 * SQLite file <tmpdir>/PREFIX-NAME-<n>.db, removed first. Heap string; fails
 * the test when the schema cannot be made. */
static inline char *fx_store_path(const char *prefix, const char *name)
{
    static int seq;
    if (fx_pg_url()) {
        char *u = fx_pg_new(name);
        if (!u)
            fail_msg("cannot create a PostgreSQL schema for %s", name);
        return u;
    }
    char *p = malloc(512);
    if (!p)
        fail_msg("out of memory");
    snprintf(p, 512, "%s/%s-%s-%d.db", sg_test_tmpdir(), prefix, name, seq++);
    unlink(p);
    return p;
}

/* fx_store_path's store, opened (the path in *path, for the caller to free). */
static inline sg_store *fx_store_new(const char *prefix, const char *name, char **path)
{
    sg_err err;
    sg_store *st = NULL;
    *path = fx_store_path(prefix, name);
    if (sg_store_open(*path, &st, &err))
        fail_msg("open %s: %s", *path, err.msg);
    return st;
}

/* A 1 Hz run of n samples starting at t0 with time, distance (3 m/s),
 * heart rate, altitude and, when `rich`, cadence, power and a developer
 * column. One session with device totals when `totals`. */
static inline sg_activity *fx_run(size_t n, double t0, int rich, int totals, const char *format)
{
    sg_activity *a = sg_activity_new(NULL);
    if (!a)
        return NULL;
    size_t dev = 0;
    if (rich && sg_activity_devfield(a, "Form Power", "Watts", "0a1b", &dev, NULL))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        size_t k;
        if (sg_activity_append(a, &k, NULL) ||
            sg_activity_set(a, SG_CH_TIME, k, t0 + (double)i, NULL) ||
            sg_activity_set(a, SG_CH_DISTANCE, k, 3.0 * (double)i, NULL) ||
            sg_activity_set(a, SG_CH_HEART_RATE, k, 120 + (double)(i % 40), NULL) ||
            sg_activity_set(a, SG_CH_ALTITUDE, k, 100 + 10 * sin((double)i / 50), NULL))
            goto fail;
        if (rich) {
            if (sg_activity_set(a, SG_CH_CADENCE, k, 170 + (double)(i % 7), NULL) ||
                sg_activity_set(a, SG_CH_POWER, k, (i % 13) ? 250.0 + (double)i / 3 : NAN, NULL))
                goto fail;
            a->dev[dev].v[k] = (i % 5) ? 60.0 + (double)(i % 9) * 0.25 : NAN;
        }
    }
    if (totals) {
        sg_session s;
        sg_totals_init(&s.totals);
        s.totals.start_time = t0;
        s.totals.elapsed_s = (double)(n ? n - 1 : 0);
        s.totals.timer_s = s.totals.elapsed_s;
        s.totals.distance_m = 3.0 * (double)(n ? n - 1 : 0);
        s.totals.ascent_m = 42;
        s.sport = SG_SPORT_RUNNING;
        s.sub_sport = SG_SUB_ROAD;
        s.fit_sport = 1;
        s.fit_sub_sport = -1;
        if (sg_activity_add_session(a, &s, NULL) || sg_activity_add_lap(a, &s.totals, NULL))
            goto fail;
    }
    a->sport = SG_SPORT_RUNNING;
    if (sg_activity_set_string(a, &a->source_format, format, NULL))
        goto fail;
    return a;
fail:
    sg_activity_free(a);
    return NULL;
}

/* Bitwise equality of two doubles (NaN payloads included). */
static inline int fx_same_bits(double x, double y)
{
    uint64_t a, b;
    memcpy(&a, &x, 8);
    memcpy(&b, &y, 8);
    return a == b;
}

static inline int fx_same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static inline int fx_same_col(const double *a, const double *b, size_t n)
{
    if (!a || !b)
        return a == b;
    for (size_t i = 0; i < n; i++)
        if (!fx_same_bits(a[i], b[i]))
            return 0;
    return 1;
}

static inline int fx_same_totals(const sg_totals *a, const sg_totals *b)
{
    const double *x = (const double *)a, *y = (const double *)b;
    for (size_t i = 0; i < sizeof *a / sizeof(double); i++)
        if (!fx_same_bits(x[i], y[i]))
            return 0;
    return 1;
}

/* Returns NULL when identical, else the name of the first difference. */
static inline const char *fx_diff(const sg_activity *a, const sg_activity *b)
{
    if (a->n != b->n)
        return "n";
    for (int c = 0; c < SG_CH_COUNT; c++)
        if (!fx_same_col(a->ch[c], b->ch[c], a->n))
            return sg_channel_name((sg_channel)c);
    if (a->n_dev != b->n_dev)
        return "n_dev";
    for (size_t i = 0; i < a->n_dev; i++)
        if (!fx_same_str(a->dev[i].name, b->dev[i].name) ||
            !fx_same_str(a->dev[i].units, b->dev[i].units) ||
            !fx_same_str(a->dev[i].app_id, b->dev[i].app_id) ||
            !fx_same_col(a->dev[i].v, b->dev[i].v, a->n))
            return "dev";
    if (a->n_laps != b->n_laps || a->n_sessions != b->n_sessions)
        return "laps/sessions";
    for (size_t i = 0; i < a->n_laps; i++)
        if (!fx_same_totals(&a->laps[i], &b->laps[i]))
            return "lap";
    for (size_t i = 0; i < a->n_sessions; i++) {
        const sg_session *x = &a->sessions[i], *y = &b->sessions[i];
        if (!fx_same_totals(&x->totals, &y->totals) || x->sport != y->sport ||
            x->sub_sport != y->sub_sport || x->fit_sport != y->fit_sport ||
            x->fit_sub_sport != y->fit_sub_sport)
            return "session";
    }
    if (!fx_same_str(a->device.manufacturer, b->device.manufacturer) ||
        !fx_same_str(a->device.product, b->device.product) ||
        !fx_same_str(a->device.serial, b->device.serial) ||
        !fx_same_str(a->device.software, b->device.software) ||
        a->device.manufacturer_id != b->device.manufacturer_id ||
        a->device.product_id != b->device.product_id)
        return "device";
    if (a->sport != b->sport || a->sub_sport != b->sub_sport || a->alt_source != b->alt_source ||
        a->time_relative != b->time_relative)
        return "enums";
    if (!fx_same_str(a->name, b->name) || !fx_same_str(a->source_format, b->source_format))
        return "strings";
    const sg_raw_motion *ma[2] = {&a->accel, &a->gyro}, *mb[2] = {&b->accel, &b->gyro};
    for (int k = 0; k < 2; k++) {
        if (ma[k]->n != mb[k]->n)
            return "motion n";
        if (ma[k]->n && (!fx_same_col(ma[k]->t, mb[k]->t, ma[k]->n) ||
                         !fx_same_col(ma[k]->x, mb[k]->x, ma[k]->n) ||
                         !fx_same_col(ma[k]->y, mb[k]->y, ma[k]->n) ||
                         !fx_same_col(ma[k]->z, mb[k]->z, ma[k]->n)))
            return "motion";
    }
    return NULL;
}

#endif
