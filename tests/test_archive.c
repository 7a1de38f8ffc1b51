/* Walking files, directories and archives: zip, nested zip, gzip, tar,
 * ceilings (zip bomb, entry count, nesting, names), hostile names, directory
 * loops, Strava's activities.csv, and the real archives in ../shared/data. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytes/archive.h"
#include "bytes/file.h"
#include "test_archive_fixture.h"

typedef struct got {
    int n, errors;
    char path[400][160];
    char content[400][32];
    char meta[400][48];
    size_t len[400];
    int code[400];
} got;

static int collect(void *ctx, sg_walk_entry *e)
{
    got *g = ctx;
    if (g->n >= 400) {
        free(e->data);
        return 0;
    }
    int i = g->n++;
    snprintf(g->path[i], sizeof g->path[i], "%s", e->path);
    if (e->err) {
        g->errors++;
        g->code[i] = e->err->code;
        snprintf(g->content[i], sizeof g->content[i], "ERR");
        return 0;
    }
    snprintf(g->content[i], sizeof g->content[i], "%.*s", (int)(e->len < 31 ? e->len : 31),
             (const char *)e->data);
    snprintf(g->meta[i], sizeof g->meta[i], "%s|%s", e->meta_name ? e->meta_name : "",
             e->meta_type ? e->meta_type : "");
    g->len[i] = e->len;
    free(e->data);
    return 0;
}

static got *walk_buf(const char *name, const unsigned char *buf, size_t len,
                     const sg_walk_limits *lim)
{
    got *g = calloc(1, sizeof *g);
    assert_int_equal(sg_walk_buffer(name, buf, len, lim, collect, g), 0);
    return g;
}

static int find(const got *g, const char *path)
{
    for (int i = 0; i < g->n; i++)
        if (strcmp(g->path[i], path) == 0)
            return i;
    return -1;
}

static void test_plain_and_zip(void **state)
{
    (void)state;
    got *g = walk_buf("run.fit", (const unsigned char *)"hello", 5, NULL);
    assert_int_equal(g->n, 1);
    assert_string_equal(g->path[0], "run.fit");
    assert_string_equal(g->content[0], "hello");
    free(g);

    fx_member m[] = {{"a/b.fit", "BEE", 3}, {"c.gpx", "<gpx/>", 6}, {"empty.tcx", "", 0}};
    size_t len;
    unsigned char *zip = fx_archive(FX_ZIP, m, 3, &len);
    g = walk_buf("x.zip", zip, len, NULL);
    assert_int_equal(g->n, 3);
    assert_int_equal(g->errors, 0);
    int i = find(g, "x.zip:a/b.fit");
    assert_true(i >= 0);
    assert_string_equal(g->content[i], "BEE");
    assert_true(find(g, "x.zip:c.gpx") >= 0);
    assert_int_equal(g->len[find(g, "x.zip:empty.tcx")], 0);
    free(g);
    free(zip);
}

static void test_nested_zip_gz_tar(void **state)
{
    (void)state;
    fx_member gzm[] = {{"data", "GZIPPED CONTENT", 15}};
    size_t gzlen;
    unsigned char *gz = fx_archive(FX_GZ, gzm, 1, &gzlen);
    assert_true(gz[0] == 0x1f && gz[1] == 0x8b);
    got *g = walk_buf("run.fit.gz", gz, gzlen, NULL);
    assert_int_equal(g->n, 1);
    assert_string_equal(g->path[0], "run.fit.gz"); /* the gz is the file, not a folder */
    assert_string_equal(g->content[0], "GZIPPED CONTENT");
    free(g);

    fx_member inner[] = {{"run1.fit", "ONE", 3}, {"run2.fit.gz", gz, gzlen}};
    size_t ilen;
    unsigned char *izip = fx_archive(FX_ZIP, inner, 2, &ilen);
    fx_member outer[] = {{"DI_CONNECT/DI-Connect-Fitness/u_0.zip", izip, ilen},
                         {"readme.txt", "hi", 2}};
    size_t olen;
    unsigned char *ozip = fx_archive(FX_ZIP, outer, 2, &olen);
    g = walk_buf("garmin.zip", ozip, olen, NULL);
    assert_int_equal(g->errors, 0);
    assert_int_equal(g->n, 3);
    int i = find(g, "garmin.zip:DI_CONNECT/DI-Connect-Fitness/u_0.zip:run1.fit");
    assert_true(i >= 0);
    assert_string_equal(g->content[i], "ONE");
    i = find(g, "garmin.zip:DI_CONNECT/DI-Connect-Fitness/u_0.zip:run2.fit.gz");
    assert_true(i >= 0);
    assert_string_equal(g->content[i], "GZIPPED CONTENT");
    free(g);

    fx_member tm[] = {{"t/one.fit", "T1", 2}, {"t/two.gpx", "T2", 2}};
    for (int kind = FX_TAR; kind <= FX_TGZ; kind++) {
        size_t tlen;
        unsigned char *tar = fx_archive(kind, tm, 2, &tlen);
        g = walk_buf("x.tar", tar, tlen, NULL);
        assert_int_equal(g->n, 2);
        assert_int_equal(g->errors, 0);
        assert_string_equal(g->content[find(g, "x.tar:t/two.gpx")], "T2");
        free(g);
        free(tar);
    }
    free(gz);
    free(izip);
    free(ozip);
}

static void test_zip_bomb(void **state)
{
    (void)state;
    size_t big = 20u << 20;
    unsigned char *zeros = calloc(1, big);
    fx_member m[] = {{"ok.fit", "fine", 4}, {"zeros.bin", zeros, big}, {"after.fit", "next", 4}};
    size_t len;
    unsigned char *zip = fx_archive(FX_ZIP, m, 3, &len);
    assert_true(len < big / 50); /* it really is a bomb: highly compressed */
    sg_walk_limits lim;
    sg_walk_limits_default(&lim);
    lim.max_entry_bytes = 1u << 20;
    got *g = walk_buf("bomb.zip", zip, len, &lim);
    int i = find(g, "bomb.zip:zeros.bin");
    assert_true(i >= 0);
    assert_int_equal(g->code[i], SG_ELIMIT);
    assert_string_equal(g->content[find(g, "bomb.zip:ok.fit")], "fine");
    assert_string_equal(g->content[find(g, "bomb.zip:after.fit")], "next"); /* walk goes on */
    free(g);

    /* The declared size can lie (streamed entries): the reader still stops. */
    fx_member gm[] = {{"data", zeros, big}};
    size_t glen;
    unsigned char *gz = fx_archive(FX_GZ, gm, 1, &glen);
    g = walk_buf("bomb.fit.gz", gz, glen, &lim);
    assert_int_equal(g->n, 1);
    assert_int_equal(g->code[0], SG_ELIMIT);
    free(g);

    /* Total over one file: each entry fits, together they do not. */
    lim.max_entry_bytes = 16u << 20;
    lim.max_total_bytes = 30u << 20;
    fx_member two[] = {{"z1", zeros, big}, {"z2", zeros, big}, {"z3", "x", 1}};
    size_t tlen;
    unsigned char *tz = fx_archive(FX_ZIP, two, 3, &tlen);
    lim.max_entry_bytes = 32u << 20;
    g = walk_buf("two.zip", tz, tlen, &lim);
    assert_int_equal(g->len[find(g, "two.zip:z1")], big);
    assert_int_equal(g->code[find(g, "two.zip:z2")], SG_ELIMIT);
    assert_int_equal(find(g, "two.zip:z3"), -1); /* stopped: the budget is spent */
    free(g);
    free(tz);
    free(gz);
    free(zip);
    free(zeros);
}

static void test_many_entries_and_depth(void **state)
{
    (void)state;
    enum { N = 300 };
    fx_member m[N];
    char names[N][16];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "f%03d.fit", i);
        m[i] = (fx_member){names[i], "x", 1};
    }
    size_t len;
    unsigned char *zip = fx_archive(FX_ZIP, m, N, &len);
    got *g = walk_buf("many.zip", zip, len, NULL);
    assert_int_equal(g->n, N);
    assert_int_equal(g->errors, 0);
    free(g);
    sg_walk_limits lim;
    sg_walk_limits_default(&lim);
    lim.max_entries = 100;
    g = walk_buf("many.zip", zip, len, &lim);
    assert_int_equal(g->n, 101);
    assert_int_equal(g->errors, 1);
    assert_int_equal(g->code[100], SG_ELIMIT);
    assert_string_equal(g->path[100], "many.zip");
    free(g);
    free(zip);

    /* zip in zip in zip ...: the 5th level is refused. */
    size_t cur_len = 4;
    unsigned char *cur = malloc(4);
    memcpy(cur, "LEAF", 4);
    for (int d = 0; d < 6; d++) {
        fx_member one[] = {{d ? "inner.zip" : "leaf.fit", cur, cur_len}};
        size_t nl;
        unsigned char *next = fx_archive(FX_ZIP, one, 1, &nl);
        free(cur);
        cur = next;
        cur_len = nl;
    }
    g = walk_buf("deep.zip", cur, cur_len, NULL);
    assert_int_equal(g->n, 1);
    assert_int_equal(g->code[0], SG_ELIMIT);
    assert_non_null(strstr(g->path[0], "deep.zip:inner.zip:inner.zip:inner.zip"));
    free(g);
    free(cur);
}

static void test_hostile_names(void **state)
{
    (void)state;
    fx_member m[] = {{"../../etc/passwd", "P", 1},
                     {"/abs/x.fit", "A", 1},
                     {"a/./b/../c.fit", "C", 1},
                     {"ctl\x01\x1b[31m.fit", "E", 1},
                     {"..", "D", 1}};
    size_t len;
    unsigned char *zip = fx_archive(FX_ZIP, m, 5, &len);
    got *g = walk_buf("evil.zip", zip, len, NULL);
    assert_int_equal(g->errors, 0);
    assert_int_equal(g->n, 5);
    assert_true(find(g, "evil.zip:etc/passwd") >= 0);
    assert_true(find(g, "evil.zip:abs/x.fit") >= 0);
    assert_true(find(g, "evil.zip:a/b/c.fit") >= 0);
    assert_true(find(g, "evil.zip:ctl??[31m.fit") >= 0);
    assert_true(find(g, "evil.zip:unnamed") >= 0);
    for (int i = 0; i < g->n; i++)
        assert_null(strstr(g->path[i], ".."));
    free(g);

    /* A name longer than the limit is an error for that entry only. */
    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    fx_member lm[] = {{longname, "L", 1}, {"short.fit", "S", 1}};
    unsigned char *lz = fx_archive(FX_ZIP, lm, 2, &len);
    sg_walk_limits lim;
    sg_walk_limits_default(&lim);
    lim.max_path = 100;
    g = walk_buf("long.zip", lz, len, &lim);
    assert_int_equal(g->errors, 1);
    assert_true(find(g, "long.zip:short.fit") >= 0);
    free(g);
    free(lz);
    free(zip);
}

static void test_damaged_archives(void **state)
{
    (void)state;
    fx_member m[] = {{"a.fit", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 32},
                     {"b.fit", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", 32}};
    size_t len;
    unsigned char *zip = fx_archive(FX_ZIP, m, 2, &len);
    /* Every truncation: errors name the archive, nothing crashes or leaks. */
    for (size_t cut = 1; cut < len; cut++) {
        got *g = walk_buf("cut.zip", zip, cut, NULL);
        for (int i = 0; i < g->n; i++)
            assert_non_null(strstr(g->path[i], "cut.zip"));
        free(g);
    }
    /* Flipped bytes in the middle. */
    for (size_t i = 30; i < len; i += 7) {
        zip[i] ^= 0xff;
        got *g = walk_buf("flip.zip", zip, len, NULL);
        free(g);
        zip[i] ^= 0xff;
    }
    /* A gzip header followed by garbage. */
    unsigned char bad[64] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7};
    got *g = walk_buf("bad.fit.gz", bad, sizeof bad, NULL);
    assert_int_equal(g->n, 1);
    assert_int_equal(g->errors, 1);
    assert_string_equal(g->path[0], "bad.fit.gz");
    free(g);
    free(zip);
}

static void test_strava_csv(void **state)
{
    (void)state;
    const char *csv =
        "\xEF\xBB\xBF" "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
        "Elapsed Time,Distance,Filename,Elapsed Time\r\n"
        "1,\"Jan 1, 2024\",\"Morning \"\"easy\"\" run\",Run,\"two\nlines\",3600,10.0,"
        "activities/1.fit.gz,3600\r\n"
        "2,\"Jan 2, 2024\",Ride home,Ride,,1800,12.0,activities/2.gpx,1800\r\n"
        "3,\"Jan 3, 2024\",Manual,Run,,600,2.0,,600\r\n";
    fx_member m[] = {{"activities.csv", csv, strlen(csv)},
                     {"activities/1.fit.gz", "ONE", 3},
                     {"activities/2.gpx", "TWO", 3},
                     {"activities/9.tcx", "NINE", 4},
                     {"media/a.jpg", "JPG", 3}};
    size_t len;
    unsigned char *zip = fx_archive(FX_ZIP, m, 5, &len);
    got *g = walk_buf("export_123.zip", zip, len, NULL);
    assert_int_equal(g->errors, 0);
    assert_int_equal(g->n, 4); /* activities.csv is consumed, not handed out */
    assert_string_equal(g->meta[find(g, "export_123.zip:activities/1.fit.gz")],
                        "Morning \"easy\" run|Run");
    assert_string_equal(g->meta[find(g, "export_123.zip:activities/2.gpx")], "Ride home|Ride");
    assert_string_equal(g->meta[find(g, "export_123.zip:activities/9.tcx")], "|");
    free(g);

    /* The same export unpacked into a folder. */
    char dir[512], p[600];
    snprintf(dir, sizeof dir, "%s/strava", sg_test_tmpdir());
    mkdir(dir, 0700);
    snprintf(p, sizeof p, "%s/activities", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/activities.csv", dir);
    fx_write_file(p, csv, strlen(csv));
    snprintf(p, sizeof p, "%s/activities/2.gpx", dir);
    fx_write_file(p, "TWO", 3);
    g = calloc(1, sizeof *g);
    assert_int_equal(sg_walk(dir, NULL, collect, g), 0);
    assert_int_equal(g->n, 1);
    assert_string_equal(g->meta[0], "Ride home|Ride");
    free(g);

    /* No Filename column: a format error with a position. */
    sg_err err;
    assert_int_equal(sg_strava_csv_parse("a,b\n1,2\n", 8, NULL, NULL, &err), SG_EFORMAT);
    assert_int_equal(err.line, 1);
    assert_int_equal(sg_strava_csv_parse("Filename\n\"open", 14, NULL, NULL, &err), SG_EFORMAT);
    free(zip);
}

static void test_directories_and_loops(void **state)
{
    (void)state;
    char dir[512], p[700];
    snprintf(dir, sizeof dir, "%s/tree", sg_test_tmpdir());
    mkdir(dir, 0700);
    snprintf(p, sizeof p, "%s/b", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/b/c", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/a.fit", dir);
    fx_write_file(p, "A", 1);
    snprintf(p, sizeof p, "%s/b/c/d.fit", dir);
    fx_write_file(p, "D", 1);
    snprintf(p, sizeof p, "%s/b/c/up", dir);
    unlink(p);
    assert_int_equal(symlink("../..", p), 0); /* loops back to tree/ */
    snprintf(p, sizeof p, "%s/b/dangling", dir);
    unlink(p);
    assert_int_equal(symlink("nowhere.fit", p), 0);
    fx_member zm[] = {{"z.fit", "Z", 1}};
    size_t zl;
    unsigned char *zip = fx_archive(FX_ZIP, zm, 1, &zl);
    snprintf(p, sizeof p, "%s/b/z.zip", dir);
    fx_write_file(p, zip, zl);
    free(zip);

    got *g = calloc(1, sizeof *g);
    assert_int_equal(sg_walk(dir, NULL, collect, g), 0);
    /* a.fit, b/c/d.fit, b/z.zip:z.fit, once each; a loop error; a dangling link error */
    char want[600];
    snprintf(want, sizeof want, "%s/a.fit", dir);
    assert_true(find(g, want) >= 0);
    snprintf(want, sizeof want, "%s/b/c/d.fit", dir);
    assert_true(find(g, want) >= 0);
    snprintf(want, sizeof want, "%s/b/z.zip:z.fit", dir);
    assert_true(find(g, want) >= 0);
    snprintf(want, sizeof want, "%s/b/c/up", dir);
    int i = find(g, want);
    assert_true(i >= 0);
    assert_int_equal(g->code[i], SG_ELIMIT);
    snprintf(want, sizeof want, "%s/b/dangling", dir);
    assert_int_equal(g->code[find(g, want)], SG_EIO);
    assert_int_equal(g->n, 5);
    assert_int_equal(g->errors, 2);
    free(g);

    uint64_t files, bytes;
    sg_walk_measure(dir, &files, &bytes);
    assert_int_equal(files, 3);
    assert_int_equal(bytes, 2 + zl);

    g = calloc(1, sizeof *g);
    snprintf(p, sizeof p, "%s/missing.fit", dir);
    sg_walk(p, NULL, collect, g);
    assert_int_equal(g->n, 1);
    assert_int_equal(g->code[0], SG_EIO);
    free(g);
}

/* Real archives: the zip's .fit and the .gz's content are byte-identical to
 * the unpacked files beside them. */
static void test_shared_archives(void **state)
{
    (void)state;
    const char *pairs[][3] = {
        {"goldencheetah/Move_2019_03_17_10_24_32_Running.fit.zip",
         "goldencheetah/Move_2019_03_17_10_24_32_Running.fit", "Move_2019_03_17_10_24_32_Running.fit"},
        {"goldencheetah/14582164182.fit.gz", "goldencheetah/14582164182.fit", NULL},
        {"goldencheetah/TacxNeo.fit.zip",
         "goldencheetah/2019-11-21T12_57_39+00_00_4271854808.fit", NULL},
    };
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
        const char *arch = sg_test_shared(pairs[k][0]);
        const char *plain = sg_test_shared(pairs[k][1]);
        SG_REQUIRE_SHARED(arch);
        unsigned char *want;
        size_t wlen;
        assert_int_equal(sg_file_read(NULL, plain, 0, &want, &wlen, NULL), SG_OK);
        got *g = calloc(1, sizeof *g);
        assert_int_equal(sg_walk(arch, NULL, collect, g), 0);
        assert_int_equal(g->errors, 0);
        int hit = 0;
        for (int i = 0; i < g->n; i++)
            if (g->len[i] == wlen && memcmp(g->content[i], want, strlen(g->content[i])) == 0)
                hit = 1;
        assert_true(hit);
        free(g);
        free(want);
        free((void *)(uintptr_t)arch);
        free((void *)(uintptr_t)plain);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_zip),
        cmocka_unit_test(test_nested_zip_gz_tar),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_many_entries_and_depth),
        cmocka_unit_test(test_hostile_names),
        cmocka_unit_test(test_damaged_archives),
        cmocka_unit_test(test_strava_csv),
        cmocka_unit_test(test_directories_and_loops),
        cmocka_unit_test(test_shared_archives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
