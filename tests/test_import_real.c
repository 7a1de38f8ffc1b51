/* Import with the real decoders on ../shared/data: one run exported as FIT
 * and TCX is one activity; a Garmin-style nested zip and a Strava-style
 * export, both built here from shared files, import completely. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/import.h"
#include "app/runs.h"
#include "bytes/file.h"
#include "strideguard/store.h"
#include "test_archive_fixture.h"

typedef struct tally {
    int failed;
    char first_fail[400];
} tally;

static void on_event(void *ctx, const sg_import_event *ev)
{
    tally *t = ctx;
    if (ev->status == SG_IMPORT_FAILED && !t->failed++)
        snprintf(t->first_fail, sizeof t->first_fail, "%s: %s", ev->path, ev->err->msg);
}

static sg_store *fresh(const char *name)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s.db", sg_test_tmpdir(), name);
    unlink(p);
    sg_store *st;
    assert_int_equal(sg_store_open(p, &st, NULL), SG_OK);
    return st;
}

static void import(sg_store *st, const char *const *paths, size_t n, sg_import_stats *s)
{
    tally t = {0};
    sg_import_opts o;
    sg_import_opts_init(&o);
    o.on_event = on_event;
    o.ctx = &t;
    assert_int_equal(sg_import_run(st, paths, n, &o, s, NULL), SG_OK);
    if (t.failed)
        fail_msg("%d failed, first: %s", t.failed, t.first_fail);
}

typedef struct rows {
    int n;
    char name[16][256];
    char src[16][4][128];
    size_t nsrc[16];
    int sport[16];
    char format[16][8];
} rows;

static int collect(void *ctx, const sg_run_row *r)
{
    rows *x = ctx;
    if (x->n >= 16)
        return 0;
    int i = x->n++;
    snprintf(x->name[i], sizeof x->name[i], "%s", r->row->s.name);
    snprintf(x->format[i], sizeof x->format[i], "%s", r->row->s.format);
    x->sport[i] = r->row->s.sport;
    x->nsrc[i] = r->n_sources;
    for (size_t k = 0; k < r->n_sources && k < 4; k++)
        snprintf(x->src[i][k], sizeof x->src[i][k], "%s", r->sources[k]);
    return 0;
}

static unsigned char *slurp(const char *rel, size_t *len)
{
    const char *p = sg_test_shared(rel);
    if (!p)
        return NULL;
    unsigned char *d;
    int rc = sg_file_read(NULL, p, 0, &d, len, NULL);
    free((void *)(uintptr_t)p);
    return rc ? NULL : d;
}

static void test_fit_and_tcx_are_one_run(void **state)
{
    (void)state;
    const char *fit = sg_test_shared("goldencheetah/10kUNLP2014-Garmin15.fit");
    const char *tcx = sg_test_shared("goldencheetah/10kUNLP2014-Garmin15.tcx");
    SG_REQUIRE_SHARED(fit);
    /* Both orders: the FIT's samples win either way. */
    for (int order = 0; order < 2; order++) {
        sg_store *st = fresh(order ? "cross_b" : "cross_a");
        const char *paths[2] = {order ? tcx : fit, order ? fit : tcx};
        sg_import_stats s;
        import(st, paths, 2, &s);
        assert_int_equal(s.imported, 1);
        assert_int_equal(s.same_run, 1);
        rows r = {0};
        assert_int_equal(sg_runs_list(st, NULL, collect, &r, NULL), SG_OK);
        assert_int_equal(r.n, 1);
        assert_string_equal(r.format[0], "fit");
        assert_int_equal(r.nsrc[0], 2);
        assert_int_equal(r.sport[0], SG_SPORT_RUNNING);
        sg_store_close(st);
    }
    free((void *)(uintptr_t)fit);
    free((void *)(uintptr_t)tcx);
}

/* Garmin's account export: a zip holding zips of uploaded files. */
static void test_garmin_nested_zip(void **state)
{
    (void)state;
    static const char *const files[] = {
        "goldencheetah/Move_2020_01_15_19_27_16_Running.fit",
        "goldencheetah/Fr955v19.28andStryd.fit",
        "goldencheetah/3386684871.fit",
        "goldencheetah/10kUNLP2014-Garmin15.tcx",
        "goldencheetah/Move_2014_01_16_19_48_44.gpx",
    };
    enum { NF = sizeof files / sizeof *files };
    fx_member m[NF];
    unsigned char *data[NF];
    char names[NF][96];
    for (int i = 0; i < NF; i++) {
        size_t len;
        data[i] = slurp(files[i], &len);
        SG_REQUIRE_SHARED(data[i]);
        snprintf(names[i], sizeof names[i], "%s", strrchr(files[i], '/') + 1);
        m[i] = (fx_member){names[i], data[i], len};
    }
    size_t l1, l2, lo;
    unsigned char *up0 = fx_archive(FX_ZIP, m, 3, &l1);
    unsigned char *up1 = fx_archive(FX_ZIP, m + 3, 2, &l2);
    const char *json = "{\"userProfile\":{}}";
    fx_member outer[] = {
        {"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", up0, l1},
        {"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip", up1, l2},
        {"DI_CONNECT/DI-Connect-User/user_profile.json", json, strlen(json)},
    };
    unsigned char *zip = fx_archive(FX_ZIP, outer, 3, &lo);
    char p[600];
    snprintf(p, sizeof p, "%s/garmin_export.zip", sg_test_tmpdir());
    fx_write_file(p, zip, lo);
    sg_store *st = fresh("garmin");
    const char *paths[] = {p};
    sg_import_stats s;
    import(st, paths, 1, &s);
    assert_int_equal(s.imported, NF);
    assert_int_equal(s.skipped, 1); /* the profile JSON */
    assert_int_equal(s.failed, 0);
    /* again: nothing new */
    import(st, paths, 1, &s);
    assert_int_equal(s.imported, 0);
    assert_int_equal(s.duplicates, NF);
    long long n;
    sg_store_count(st, &n, NULL);
    assert_int_equal(n, NF);
    sg_store_close(st);
    for (int i = 0; i < NF; i++)
        free(data[i]);
    free(up0);
    free(up1);
    free(zip);
}

/* Strava's bulk export: activities.csv names every file; activities are gzipped. */
static void test_strava_export(void **state)
{
    (void)state;
    static const char *const files[] = {
        "goldencheetah/Move_2019_03_17_10_24_32_Running.fit",
        "goldencheetah/Move_2014_01_17_09_33_11.gpx",
        "goldencheetah/2009_08_30_21_17_25.tcx",
    };
    static const char *const inner[] = {"activities/2268001.fit.gz", "activities/1001.gpx.gz",
                                        "activities/555.tcx.gz"};
    unsigned char *data[3], *gz[3];
    fx_member m[4];
    for (int i = 0; i < 3; i++) {
        size_t len, gl;
        data[i] = slurp(files[i], &len);
        SG_REQUIRE_SHARED(data[i]);
        fx_member one[] = {{"data", data[i], len}};
        gz[i] = fx_archive(FX_GZ, one, 1, &gl);
        m[i + 1] = (fx_member){inner[i], gz[i], gl};
    }
    const char *csv =
        "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
        "Elapsed Time,Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,"
        "Activity Gear,Filename\n"
        "2268001,\"Mar 17, 2019, 7:24:32 AM\",Half marathon PB,Run,\"Felt \"\"great\"\"\","
        "6642,20.04,,,false,,,activities/2268001.fit.gz\n"
        "1001,\"Jan 17, 2014, 8:33:11 AM\",Morning hike,Hike,,4510,15.5,,,false,,,"
        "activities/1001.gpx.gz\n"
        "555,\"Aug 30, 2009, 9:17:25 PM\",Evening ride,Ride,,4284,18.7,,,false,,,"
        "activities/555.tcx.gz\n";
    m[0] = (fx_member){"activities.csv", csv, strlen(csv)};
    size_t zl;
    unsigned char *zip = fx_archive(FX_ZIP, m, 4, &zl);
    char p[600];
    snprintf(p, sizeof p, "%s/export_12345.zip", sg_test_tmpdir());
    fx_write_file(p, zip, zl);
    sg_store *st = fresh("strava_real");
    const char *paths[] = {p};
    sg_import_stats s;
    import(st, paths, 1, &s);
    assert_int_equal(s.imported, 3);
    rows r = {0};
    sg_runs_list(st, NULL, collect, &r, NULL);
    assert_int_equal(r.n, 3);
    /* oldest first: 2009 ride, 2014 hike, 2019 run */
    assert_string_equal(r.name[0], "Evening ride");
    assert_int_equal(r.sport[0], SG_SPORT_CYCLING);
    assert_string_equal(r.name[1], "Morning hike");
    assert_int_equal(r.sport[1], SG_SPORT_HIKING);
    assert_string_equal(r.name[2], "Half marathon PB");
    assert_int_equal(r.sport[2], SG_SPORT_RUNNING);
    assert_string_equal(r.src[2][0], "2268001.fit.gz");
    sg_store_close(st);
    for (int i = 0; i < 3; i++) {
        free(data[i]);
        free(gz[i]);
    }
    free(zip);
}

/* Every shared archive and the .gz beside its plain file: duplicates, no failures. */
static void test_shared_archives(void **state)
{
    (void)state;
    const char *a = sg_test_shared("goldencheetah/Move_2019_03_17_10_24_32_Running.fit.zip");
    const char *b = sg_test_shared("goldencheetah/Move_2019_03_17_10_24_32_Running.fit");
    const char *c = sg_test_shared("goldencheetah/14582164182.fit.gz");
    const char *d = sg_test_shared("goldencheetah/14582164182.fit");
    SG_REQUIRE_SHARED(a);
    sg_store *st = fresh("shared_arch");
    const char *paths[] = {a, b, c, d};
    sg_import_stats s;
    import(st, paths, 4, &s);
    assert_int_equal(s.imported, 2);
    assert_int_equal(s.duplicates, 2);
    assert_int_equal(s.skipped, 0); /* the zip's __MACOSX resource fork is not even an entry */
    sg_store_close(st);
    free((void *)(uintptr_t)a);
    free((void *)(uintptr_t)b);
    free((void *)(uintptr_t)c);
    free((void *)(uintptr_t)d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_and_tcx_are_one_run),
        cmocka_unit_test(test_garmin_nested_zip),
        cmocka_unit_test(test_strava_export),
        cmocka_unit_test(test_shared_archives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
