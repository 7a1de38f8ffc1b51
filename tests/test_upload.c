/* The dashboard's import service without sockets (src/server/upload.h): the
 * name checks, the one ceiling (a chunk that would pass it is refused before
 * it is written, and the temporary folder goes), one upload at a time per
 * owner and SG_UPLOAD_MAX_JOBS on the service, each owner seeing only their
 * own report, and a small GPX imported to the end with the report of GET
 * /api/import. */
#include "support/sg_test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/upload.h"

#define L SG_IMPORTS_LOCAL

typedef struct fixture {
    char db[4200];
    sg_store_pool pool;
    sg_imports *im;
} fixture;

static int setup(void **state)
{
    static int n;
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->db, sizeof f->db, "%s/upload%d.db", sg_test_tmpdir(), n++);
    remove(f->db);
    sg_pool_init(&f->pool, f->db);
    sg_err err;
    sg_err_clear(&err);
    if (sg_imports_new(f->db, &f->pool, &f->im, &err))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    sg_imports_stop(f->im);
    sg_pool_destroy(&f->pool);
    free(f);
    return 0;
}

/* Temporary upload folders left in the test's folder. */
static int leftovers(void)
{
    DIR *d = opendir(sg_test_tmpdir());
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strncmp(e->d_name, ".sg-upload-", 11) == 0;
    if (d)
        closedir(d);
    return n;
}

static char *report_of(sg_imports *im, long long owner)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_imports_json(im, owner, &w);
    size_t len;
    return sg_jw_take_buf(&w, &len);
}

static char *report(sg_imports *im) { return report_of(im, L); }

static void test_names(void **state)
{
    fixture *f = *state;
    char long_name[300];
    memset(long_name, 'a', 256);
    long_name[256] = '\0';
    const char *bad[] = {NULL, "", ".", "..", "a/b.fit", "a\\b.fit", "a\x01.fit", "a\x7f", long_name};
    unsigned long gen = 0;
    sg_err err;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        sg_err_clear(&err);
        assert_int_equal(sg_imports_begin(f->im, L, bad[i], -1, &gen, &err), SG_EUSAGE);
    }
    sg_err_clear(&err);
    assert_int_equal(sg_imports_begin(f->im, L, "big.zip", (long long)SG_UPLOAD_MAX_BYTES + 1, &gen,
                                      &err),
                     SG_ELIMIT);
    assert_int_equal(leftovers(), 0);
    char *r = report(f->im);
    assert_non_null(strstr(r, "\"state\":\"idle\""));
    free(r);
}

static void test_ceiling_streamed(void **state)
{
    fixture *f = *state;
    unsigned long gen = 0;
    sg_err err;
    sg_err_clear(&err);
    assert_int_equal(sg_imports_begin(f->im, L, "export.zip", -1, &gen, &err), SG_OK);
    assert_int_equal(leftovers(), 1);
    const char ten[10] = "0123456789";
    assert_int_equal(sg_imports_write(f->im, gen, ten, sizeof ten, &err), SG_OK);
    /* a chunk that would pass the ceiling is refused before a byte of it is
     * read (a streamed body without Content-Length) */
    assert_int_equal(sg_imports_write(f->im, gen, ten, (size_t)SG_UPLOAD_MAX_BYTES - 9, &err),
                     SG_ELIMIT);
    assert_int_equal(leftovers(), 0);
    char *r = report(f->im);
    assert_non_null(strstr(r, "\"state\":\"finished\""));
    assert_non_null(strstr(r, "larger than"));
    free(r);
    /* dropped: it cannot be started, and the slot is free again */
    assert_int_equal(sg_imports_start(f->im, L, gen, &err), SG_EUSAGE);
    assert_int_equal(sg_imports_write(f->im, gen, ten, sizeof ten, &err), SG_EUSAGE);
    unsigned long gen2 = 0;
    assert_int_equal(sg_imports_begin(f->im, L, "again.zip", -1, &gen2, &err), SG_OK);
    assert_true(gen2 != gen);
    sg_imports_abort(f->im, gen2);
    assert_int_equal(leftovers(), 0);
}

static void test_one_at_a_time(void **state)
{
    fixture *f = *state;
    unsigned long a = 0, b = 0;
    sg_err err;
    sg_err_clear(&err);
    assert_int_equal(sg_imports_begin(f->im, L, "a.fit", -1, &a, &err), SG_OK);
    assert_int_equal(sg_imports_begin(f->im, L, "b.fit", -1, &b, &err), SG_EEXISTS);
    sg_imports_abort(f->im, a);
    sg_imports_abort(f->im, a); /* a no-op the second time */
    char *r = report(f->im);
    assert_non_null(strstr(r, "cut short"));
    free(r);
    assert_int_equal(sg_imports_begin(f->im, L, "b.fit", -1, &b, &err), SG_OK);
    sg_imports_abort(f->im, b);
    assert_int_equal(leftovers(), 0);
}

/* Owners (the clinic's runners, by athlete): one job each, at most
 * SG_UPLOAD_MAX_JOBS at once on the service, an upload started only by its
 * owner, a report seen only by its owner, and the oldest report forgotten
 * when more owners than SG_UPLOAD_MAX_REPORTS have uploaded. */
static void test_owners(void **state)
{
    fixture *f = *state;
    unsigned long g[SG_UPLOAD_MAX_JOBS + 1];
    sg_err err;
    sg_err_clear(&err);
    assert_int_equal(sg_imports_begin(f->im, 0, "a.fit", -1, &g[0], &err), SG_EUSAGE);
    for (long long o = 0; o < SG_UPLOAD_MAX_JOBS; o++)
        assert_int_equal(sg_imports_begin(f->im, 10 + o, "secret-name.fit", -1, &g[o], &err),
                         SG_OK);
    assert_int_equal(sg_imports_begin(f->im, 10, "b.fit", -1, &g[SG_UPLOAD_MAX_JOBS], &err),
                     SG_EEXISTS);
    assert_int_equal(sg_imports_begin(f->im, 99, "b.fit", -1, &g[SG_UPLOAD_MAX_JOBS], &err),
                     SG_EDENIED);
    /* another owner's upload is not theirs to start */
    assert_int_equal(sg_imports_start(f->im, 11, g[0], &err), SG_EUSAGE);
    char *r = report_of(f->im, 99);
    assert_non_null(strstr(r, "\"state\":\"idle\""));
    assert_null(strstr(r, "secret-name"));
    free(r);
    r = report_of(f->im, 10);
    assert_non_null(strstr(r, "\"state\":\"receiving\""));
    assert_non_null(strstr(r, "secret-name.fit"));
    free(r);
    sg_imports_abort(f->im, g[0]);
    /* a slot is free again: owner 99 goes on */
    unsigned long x = 0;
    assert_int_equal(sg_imports_begin(f->im, 99, "b.fit", -1, &x, &err), SG_OK);
    sg_imports_abort(f->im, x);
    for (long long o = 1; o < SG_UPLOAD_MAX_JOBS; o++)
        sg_imports_abort(f->im, g[o]);
    /* owner 10's report ("cut short") stays, the longest finished, until
     * SG_UPLOAD_MAX_REPORTS other owners have reports */
    r = report_of(f->im, 10);
    assert_non_null(strstr(r, "cut short"));
    free(r);
    for (long long o = 0; o < SG_UPLOAD_MAX_REPORTS; o++) {
        assert_int_equal(sg_imports_begin(f->im, 1000 + o, "c.fit", -1, &x, &err), SG_OK);
        sg_imports_abort(f->im, x);
    }
    r = report_of(f->im, 10);
    assert_non_null(strstr(r, "\"state\":\"idle\""));
    free(r);
    assert_int_equal(leftovers(), 0);
}

static void test_import_gpx(void **state)
{
    fixture *f = *state;
    unsigned long gen = 0;
    sg_err err;
    sg_err_clear(&err);
    assert_int_equal(sg_imports_begin(f->im, L, "hills.gpx", -1, &gen, &err), SG_OK);
    char line[256];
    const char *head = "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"t\" "
                       "xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>\n";
    assert_int_equal(sg_imports_write(f->im, gen, head, strlen(head), &err), SG_OK);
    for (int i = 0; i < 300; i++) {
        int n = snprintf(line, sizeof line,
                         "<trkpt lat=\"46.%06d\" lon=\"14.%06d\"><ele>%d</ele>"
                         "<time>2024-05-01T%02d:%02d:%02dZ</time></trkpt>\n",
                         100000 + i * 37, 200000 + i * 23, 300 + i % 11, 7 + i * 5 / 3600,
                         (i * 5 / 60) % 60, i * 5 % 60);
        assert_int_equal(sg_imports_write(f->im, gen, line, (size_t)n, &err), SG_OK);
    }
    const char *tail = "</trkseg></trk></gpx>\n";
    assert_int_equal(sg_imports_write(f->im, gen, tail, strlen(tail), &err), SG_OK);
    assert_int_equal(sg_imports_start(f->im, L, gen, &err), SG_OK);
    sg_imports_abort(f->im, gen); /* started: a no-op */
    char *r = NULL;
    for (int i = 0; i < 600; i++) {
        free(r);
        r = report(f->im);
        if (strstr(r, "\"finished\":true"))
            break;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    assert_non_null(strstr(r, "\"finished\":true"));
    assert_non_null(strstr(r, "\"imported\":1,"));
    assert_non_null(strstr(r, "\"files_total\":1,\"files_done\":1,\"current\":\"hills.gpx\""));
    assert_non_null(strstr(r, "\"error\":null"));
    free(r);
    assert_int_equal(leftovers(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ceiling_streamed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_at_a_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_owners, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_gpx, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
