/* The import pipeline with a fake decoder: walk order, dedup across runs and
 * within one, cross-format merge, Strava names, skip vs fail, thread counts
 * and a tiny in-flight budget (no deadlock, same result). */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/import.h"
#include "app/runs.h"
#include "strideguard/store.h"
#include "test_archive_fixture.h"
#include "test_store_fixture.h"

/* "FAKE <t0> <n> <rich> <fmt>" -> fx_run; "FAKE BROKEN" -> format error;
 * anything else -> not an activity. */
static int fake_decode(void *ctx, const char *name, const unsigned char *data, size_t len,
                       sg_activity **out, sg_err *damage, sg_err *err)
{
    (void)ctx;
    (void)damage;
    (void)name;
    *out = NULL;
    char buf[128];
    if (len < 5 || memcmp(data, "FAKE ", 5) != 0)
        return sg_err_set(err, SG_EUNSUPPORTED, -1, "not an activity file");
    snprintf(buf, sizeof buf, "%.*s", (int)(len < 127 ? len : 127), (const char *)data);
    double t0;
    int n, rich;
    char fmt[8];
    if (sscanf(buf, "FAKE %lf %d %d %7s", &t0, &n, &rich, fmt) != 4)
        return sg_err_set(err, SG_EFORMAT, 5, "bad fake header");
    *out = fx_run((size_t)n, t0, rich, 1, fmt);
    return *out ? SG_OK : sg_err_set(err, SG_ENOMEM, -1, "oom");
}

typedef struct log {
    int n;
    char line[64][400];
} log_t;

static void on_event(void *ctx, const sg_import_event *ev)
{
    log_t *l = ctx;
    if (l->n >= 64)
        return;
    /* the path below the test's folder ("tree/x.zip:inner/z.fit" -> "x.zip:inner/z.fit") */
    const char *tail = ev->path;
    size_t tl = strlen(sg_test_tmpdir());
    if (strncmp(tail, sg_test_tmpdir(), tl) == 0 && strchr(tail + tl + 1, '/'))
        tail = strchr(tail + tl + 1, '/') + 1;
    snprintf(l->line[l->n++], sizeof l->line[0], "%d %s%s%s", (int)ev->status, tail,
             ev->err ? " " : "", ev->err ? ev->err->msg : "");
}

static char *mkdirf(const char *a)
{
    char *p = malloc(600);
    snprintf(p, 600, "%s/%s", sg_test_tmpdir(), a);
    mkdir(p, 0700);
    return p;
}

static void put(const char *dir, const char *name, const char *content)
{
    char p[800];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    fx_write_file(p, content, strlen(content));
}

static sg_store *fresh_store(const char *name)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s.db", sg_test_tmpdir(), name);
    unlink(p);
    sg_store *st;
    sg_err err;
    if (sg_store_open(p, &st, &err))
        fail_msg("%s", err.msg);
    return st;
}

static int run(sg_store *st, const char *path, int threads, size_t inflight, log_t *l,
               sg_import_stats *s)
{
    sg_import_opts o;
    sg_import_opts_init(&o);
    o.decode = fake_decode;
    o.threads = threads;
    o.max_inflight_bytes = inflight;
    o.on_event = on_event;
    o.ctx = l;
    o.now = 1700000000;
    memset(l, 0, sizeof *l);
    const char *paths[] = {path};
    return sg_import_run(st, paths, 1, &o, s, NULL);
}

/* A folder with: two runs, the first also gzipped, a FIT+TCX pair of one
 * run, a broken file, a CSV, an empty activity and a zip with one more run. */
static char *build_tree(void)
{
    char *dir = mkdirf("tree");
    put(dir, "a_run.fit", "FAKE 1600000000 600 0 fit");
    put(dir, "b_run.fit", "FAKE 1600100000 600 0 fit");
    put(dir, "c_pair.tcx", "FAKE 1600200000 3600 0 tcx");
    put(dir, "d_pair.fit", "FAKE 1600200030 3600 1 fit");
    put(dir, "e_broken.fit", "FAKE BROKEN");
    put(dir, "f_notes.csv", "date,pain\n2024-01-01,3\n");
    put(dir, "g_empty.fit", "FAKE 1600300000 0 0 fit");
    const char *a = "FAKE 1600000000 600 0 fit";
    fx_member gm[] = {{"data", a, strlen(a)}};
    size_t gl;
    unsigned char *gz = fx_archive(FX_GZ, gm, 1, &gl);
    char p[800];
    snprintf(p, sizeof p, "%s/h_run.fit.gz", dir);
    fx_write_file(p, gz, gl);
    free(gz);
    const char *z = "FAKE 1600400000 600 0 fit";
    fx_member zm[] = {{"inner/z.fit", z, strlen(z)}};
    size_t zl;
    unsigned char *zip = fx_archive(FX_ZIP, zm, 1, &zl);
    snprintf(p, sizeof p, "%s/i_export.zip", dir);
    fx_write_file(p, zip, zl);
    free(zip);
    return dir;
}

static void test_tree(void **state)
{
    (void)state;
    char *dir = build_tree();
    sg_store *st = fresh_store("tree");
    log_t l;
    sg_import_stats s;
    assert_int_equal(run(st, dir, 2, 0, &l, &s), SG_OK);
    assert_int_equal(s.imported, 4); /* a, b, c(+d), z */
    assert_int_equal(s.duplicates, 1); /* h = a gzipped */
    assert_int_equal(s.same_run, 1);   /* d is c in FIT */
    assert_int_equal(s.skipped, 2);    /* csv, empty */
    assert_int_equal(s.failed, 1);
    /* Events arrive in walk order whatever the threads did. */
    assert_int_equal(l.n, 9);
    assert_string_equal(l.line[0], "1 a_run.fit");
    assert_string_equal(l.line[3], "3 d_pair.fit");
    assert_string_equal(l.line[4], "5 e_broken.fit bad fake header");
    assert_string_equal(l.line[5], "4 f_notes.csv not an activity file");
    assert_string_equal(l.line[6], "4 g_empty.fit activity without samples");
    assert_string_equal(l.line[7], "2 h_run.fit.gz");
    assert_string_equal(l.line[8], "1 i_export.zip:inner/z.fit");
    long long n;
    sg_store_count(st, &n, NULL);
    assert_int_equal(n, 4);
    sg_store_row row;
    assert_int_equal(sg_store_get(st, 3, &row, NULL), SG_OK);
    assert_string_equal(row.s.format, "fit"); /* the richer FIT won over the TCX */

    /* Running again adds nothing: every file is a duplicate or skipped again. */
    assert_int_equal(run(st, dir, 2, 0, &l, &s), SG_OK);
    assert_int_equal(s.imported, 0);
    assert_int_equal(s.duplicates + s.same_run, 6);
    assert_int_equal(s.failed, 1);
    sg_store_count(st, &n, NULL);
    assert_int_equal(n, 4);
    assert_int_equal(sg_store_check(st, NULL), SG_OK);
    sg_store_close(st);
    free(dir);
}

typedef struct ids {
    int n;
    double start[64];
    char name[64][256];
    int sport[64];
    size_t nsrc[64];
} ids;

static int collect_runs(void *ctx, const sg_run_row *r)
{
    ids *x = ctx;
    if (x->n < 64) {
        x->start[x->n] = r->row->s.start;
        snprintf(x->name[x->n], sizeof x->name[0], "%s", r->row->s.name);
        x->sport[x->n] = r->row->s.sport;
        x->nsrc[x->n] = r->n_sources;
        x->n++;
    }
    return 0;
}

/* 1 thread, 4 threads and a one-job budget give the same store. */
static void test_threads_and_budget(void **state)
{
    (void)state;
    char *dir = mkdirf("many");
    for (int i = 0; i < 40; i++) {
        char name[32], content[64];
        snprintf(name, sizeof name, "r%02d.fit", i);
        snprintf(content, sizeof content, "FAKE %d %d 1 fit", 1600000000 + i * 86400, 100 + i * 37);
        put(dir, name, content);
    }
    ids ref = {0};
    const int threads[] = {1, 4, 3};
    const size_t budget[] = {0, 0, 1};
    for (int k = 0; k < 3; k++) {
        char name[32];
        snprintf(name, sizeof name, "threads%d", k);
        sg_store *st = fresh_store(name);
        log_t l;
        sg_import_stats s;
        assert_int_equal(run(st, dir, threads[k], budget[k], &l, &s), SG_OK);
        assert_int_equal(s.imported, 40);
        ids got = {0};
        assert_int_equal(sg_runs_list(st, NULL, collect_runs, &got, NULL), SG_OK);
        assert_int_equal(got.n, 40);
        if (k == 0)
            ref = got;
        for (int i = 0; i < 40; i++)
            assert_true(got.start[i] == ref.start[i]);
        sg_store_close(st);
    }
    free(dir);
}

static void test_strava_export(void **state)
{
    (void)state;
    const char *csv = "Activity ID,Activity Date,Activity Name,Activity Type,Filename\n"
                      "1,x,Hill repeats,Run,activities/1.fit.gz\n"
                      "2,x,Commute,Ride,activities/2.fit\n"
                      "3,x,Forest,Trail Run,activities/3.fit\n";
    const char *r1 = "FAKE 1600000000 300 0 fit";
    fx_member g1[] = {{"data", r1, strlen(r1)}};
    size_t gl;
    unsigned char *gz = fx_archive(FX_GZ, g1, 1, &gl);
    fx_member m[] = {{"activities.csv", csv, strlen(csv)},
                     {"activities/1.fit.gz", gz, gl},
                     {"activities/2.fit", "FAKE 1600100000 300 0 fit", 25},
                     {"activities/3.fit", "FAKE 1600200000 300 0 fit", 25},
                     {"profile.jpg", "\xff\xd8\xff", 3}};
    size_t zl;
    unsigned char *zip = fx_archive(FX_ZIP, m, 5, &zl);
    char p[600];
    snprintf(p, sizeof p, "%s/export_42.zip", sg_test_tmpdir());
    fx_write_file(p, zip, zl);
    free(zip);
    free(gz);
    sg_store *st = fresh_store("strava");
    log_t l;
    sg_import_stats s;
    assert_int_equal(run(st, p, 0, 0, &l, &s), SG_OK);
    assert_int_equal(s.imported, 3);
    assert_int_equal(s.skipped, 1);
    ids got = {0};
    sg_runs_list(st, NULL, collect_runs, &got, NULL);
    assert_int_equal(got.n, 3);
    assert_string_equal(got.name[0], "Hill repeats");
    assert_int_equal(got.sport[0], SG_SPORT_RUNNING);
    assert_string_equal(got.name[1], "Commute");
    assert_int_equal(got.sport[1], SG_SPORT_CYCLING);
    assert_string_equal(got.name[2], "Forest");
    sg_store_row row;
    sg_store_get(st, 3, &row, NULL);
    assert_int_equal(row.s.sub_sport, SG_SUB_TRAIL);
    sg_store_close(st);
}

static void test_default_decoder_and_dates(void **state)
{
    (void)state;
    sg_activity *a = fx_run(50, 1.6e9, 0, 1, "fit");
    unsigned char *blob;
    size_t len;
    assert_int_equal(sg_store_blob_encode(a, &blob, &len, NULL), SG_OK);
    sg_activity *b = NULL;
    sg_err err, dmg;
    sg_err_clear(&dmg);
    /* the store's own format is never taken from a file */
    assert_int_equal(sg_import_decode_default(NULL, "x", blob, len, &b, &dmg, &err),
                     SG_EUNSUPPORTED);
    assert_null(b);
    assert_non_null(strstr(err.msg, "sample blob"));
    free(blob);
    sg_activity_free(a);
    assert_int_equal(sg_import_decode_default(NULL, "x.csv", (const unsigned char *)"a,b\n", 4,
                                              &b, &dmg, &err),
                     SG_EUNSUPPORTED);
    assert_int_equal(sg_import_decode_default(NULL, "x.fit", (const unsigned char *)"", 0, &b,
                                              &dmg, &err),
                     SG_ENODATA);
    assert_string_equal(err.msg, "empty file");
    double t;
    assert_int_equal(sg_runs_parse_date("2024-03-01", &t, NULL), SG_OK);
    assert_close(t, 1709251200, 0);
    assert_int_equal(sg_runs_parse_date("2024-03-01T06:30:15Z", &t, NULL), SG_OK);
    assert_close(t, 1709251200 + 6 * 3600 + 30 * 60 + 15, 0);
    assert_int_equal(sg_runs_parse_date("2024-3-1", &t, NULL), SG_EUSAGE);
    assert_int_equal(sg_runs_parse_date("2024-03-01T25:00", &t, NULL), SG_EUSAGE);
    assert_int_equal(sg_runs_parse_date("yesterday", &t, NULL), SG_EUSAGE);
    char buf[32];
    sg_runs_format_time(1709251200.7, buf, sizeof buf);
    assert_string_equal(buf, "2024-03-01T00:00:00Z");
    sg_runs_format_time(NAN, buf, sizeof buf);
    assert_string_equal(buf, "");
    sg_sport sp;
    sg_sub_sport sub;
    sg_import_strava_type("Virtual Ride", &sp, &sub);
    assert_int_equal(sp, SG_SPORT_CYCLING);
    assert_int_equal(sub, SG_SUB_VIRTUAL);
    sg_import_strava_type("Kitesurf", &sp, &sub);
    assert_int_equal(sp, SG_SPORT_OTHER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree),
        cmocka_unit_test(test_threads_and_budget),
        cmocka_unit_test(test_strava_export),
        cmocka_unit_test(test_default_decoder_and_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
