/* Agreement with the independent reference decodes (python-fitparse 1.2.0) on
 * EVERY FIT file under ../shared/data.
 *
 * The test walks the shared data folder for *.fit / *.FIT files (so files
 * from devices added later are checked the same way), and for each one that
 * has reference-fitparse/<folder>/<file>.jsonl.gz runs
 * `strideguard decode FILE --jsonl` and compares line by line with jansson:
 *   - every record field equal (numbers within 1e-6 relative, nulls equal),
 *   - developer fields: same names in the same order, same values,
 *   - same record count and same message counts by profile name,
 *   - a file the reference calls damaged (ok:false) must make strideguard exit
 *     non-zero with ok:false; the records it yields must equal the
 *     reference's first records (an incomplete last record is damage here, so
 *     strideguard may yield one record fewer; never more). */
#include "support/sg_test.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <zlib.h>

#define MAX_LINES 200000

typedef struct lines {
    json_t **v;
    size_t n;
} lines;

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        json_decref(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static void lines_push(lines *l, const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &e);
    if (!j)
        fail_msg("bad JSON line (%s): %.200s", e.text, text);
    if (l->n % 1024 == 0) {
        json_t **nv = realloc(l->v, (l->n + 1024) * sizeof *nv);
        assert_non_null(nv);
        l->v = nv;
    }
    assert_true(l->n < MAX_LINES);
    l->v[l->n++] = j;
}

/* Reads a gzipped JSON-lines file with gzgets, lines of any length. */
static void read_gz(const char *path, lines *out)
{
    gzFile g = gzopen(path, "rb");
    assert_non_null(g);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (;;) {
        if (!gzgets(g, buf + len, (int)(cap - len))) {
            if (len) {
                lines_push(out, buf);
                len = 0;
            }
            break;
        }
        len += strlen(buf + len);
        if (len > 0 && buf[len - 1] == '\n') {
            buf[len - 1] = '\0';
            lines_push(out, buf);
            len = 0;
        } else if (len + 1 >= cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            assert_non_null(nb);
            buf = nb;
        }
    }
    free(buf);
    gzclose(g);
}

/* Runs the CLI and collects its stdout lines; returns the exit status. */
static int run_cli(const char *path, lines *out)
{
    const char *cli = getenv("SG_CLI");
    assert_non_null(cli);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' decode '%s' --jsonl 2>/dev/null", cli, path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16;
    char *line = NULL;
    size_t n = 0;
    ssize_t got;
    while ((got = getline(&line, &n, p)) >= 0) {
        if (got > 0 && line[got - 1] == '\n')
            line[got - 1] = '\0';
        lines_push(out, line);
    }
    (void)cap;
    free(line);
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

static bool num_equal(json_t *a, json_t *b)
{
    if (json_is_null(a) || json_is_null(b))
        return json_is_null(a) && json_is_null(b);
    if (json_is_number(a) && json_is_number(b))
        return sg_test_close(json_number_value(a), json_number_value(b), 1e-6);
    return json_equal(a, b);
}

/* Compares one record line; returns a static description of the first
 * difference or NULL. */
static const char *record_diff(json_t *mine, json_t *ref, char *why, size_t cap)
{
    const char *key;
    json_t *rv;
    json_object_foreach(ref, key, rv) {
        json_t *mv = json_object_get(mine, key);
        if (!mv) {
            snprintf(why, cap, "missing key %s", key);
            return why;
        }
        if (strcmp(key, "developer") == 0) {
            if (json_is_null(rv) || json_is_null(mv)) {
                if (!(json_is_null(rv) && json_is_null(mv))) {
                    snprintf(why, cap, "developer null vs object");
                    return why;
                }
                continue;
            }
            if (json_object_size(rv) != json_object_size(mv)) {
                snprintf(why, cap, "developer fields: %zu vs reference %zu",
                         json_object_size(mv), json_object_size(rv));
                return why;
            }
            const char *dk;
            json_t *dv;
            void *it_m = json_object_iter(mv);
            json_object_foreach(rv, dk, dv) {
                const char *mk = it_m ? json_object_iter_key(it_m) : "";
                if (strcmp(mk, dk) != 0) {
                    snprintf(why, cap, "developer field order: %s vs reference %s", mk, dk);
                    return why;
                }
                if (!num_equal(json_object_iter_value(it_m), dv)) {
                    snprintf(why, cap, "developer %s differs", dk);
                    return why;
                }
                it_m = json_object_iter_next(mv, it_m);
            }
            continue;
        }
        if (!num_equal(mv, rv)) {
            char *a = json_dumps(mv, JSON_ENCODE_ANY), *b = json_dumps(rv, JSON_ENCODE_ANY);
            snprintf(why, cap, "%s: %s vs reference %s", key, a ? a : "?", b ? b : "?");
            free(a);
            free(b);
            return why;
        }
    }
    return NULL;
}

typedef struct tally {
    int files, compared, failed;
} tally;

static void check_file(const char *path, const char *rel, tally *t)
{
    const char *root = getenv("SG_SHARED_DATA");
    char folder[512], ref[4096];
    const char *slash = strchr(rel, '/');
    if (!slash || (size_t)(slash - rel) >= sizeof folder)
        return;
    memcpy(folder, rel, (size_t)(slash - rel));
    folder[slash - rel] = '\0';
    const char *base = strrchr(rel, '/') + 1;
    snprintf(ref, sizeof ref, "%s/reference-fitparse/%s/%s.jsonl.gz", root, folder, base);
    t->files++;
    struct stat st;
    if (stat(ref, &st) != 0) {
        print_message("no reference for %s (not compared)\n", rel);
        return;
    }
    t->compared++;
    lines mine = {0}, want = {0};
    int status = run_cli(path, &mine);
    read_gz(ref, &want);
    bool fail = false;
    assert_true(want.n >= 2);
    if (mine.n < 2) {
        print_message("FAIL %s: decoder printed %zu lines (exit %d)\n", rel, mine.n, status);
        t->failed++;
        lines_free(&mine);
        lines_free(&want);
        return;
    }
    json_t *rsum = want.v[want.n - 1], *msum = mine.v[mine.n - 1];
    bool ref_ok = json_is_true(json_object_get(rsum, "ok"));
    bool my_ok = json_is_true(json_object_get(msum, "ok"));
    size_t ref_records = want.n - 2, my_records = mine.n - 2;
    if (ref_ok) {
        if (!my_ok || status != 0 || my_records != ref_records) {
            print_message("FAIL %s: ok=%d exit=%d records %zu vs reference %zu\n", rel, my_ok,
                          status, my_records, ref_records);
            fail = true;
        }
        if (!json_equal(json_object_get(msum, "messages"), json_object_get(rsum, "messages"))) {
            print_message("FAIL %s: message counts differ from the reference\n", rel);
            fail = true;
        }
    } else {
        if (my_ok || status == 0) {
            print_message("FAIL %s: reference reports damage, strideguard ok=%d exit=%d\n", rel,
                          my_ok, status);
            fail = true;
        }
        if (my_records > ref_records || my_records + 1 < ref_records) {
            print_message("FAIL %s: damaged file gave %zu records, reference %zu\n", rel,
                          my_records, ref_records);
            fail = true;
        }
    }
    size_t n = my_records < ref_records ? my_records : ref_records;
    for (size_t i = 0; i < n && !fail; i++) {
        char why[512];
        const char *d = record_diff(mine.v[1 + i], want.v[1 + i], why, sizeof why);
        if (d) {
            print_message("FAIL %s: record %zu: %s\n", rel, i, d);
            fail = true;
        }
    }
    if (fail)
        t->failed++;
    lines_free(&mine);
    lines_free(&want);
}

static bool is_fit_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && (strcmp(name + n - 4, ".fit") == 0 || strcmp(name + n - 4, ".FIT") == 0);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *root, const char *rel, tally *t, int depth)
{
    if (depth > 8)
        return;
    char dir[8192];
    snprintf(dir, sizeof dir, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        assert_non_null(nn);
        names = nn;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char r[2048], full[4096];
        int k1 = snprintf(r, sizeof r, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
        int k2 = snprintf(full, sizeof full, "%s/%s", root, r);
        if (k1 < 0 || (size_t)k1 >= sizeof r || k2 < 0 || (size_t)k2 >= sizeof full) {
            free(names[i]);
            continue;
        }
        struct stat st;
        if (stat(full, &st) == 0) {
            if (S_ISDIR(st.st_mode) && strcmp(r, "reference-fitparse") != 0)
                walk(root, r, t, depth + 1);
            else if (S_ISREG(st.st_mode) && is_fit_name(names[i]))
                check_file(full, r, t);
        }
        free(names[i]);
    }
    free(names);
}

static void test_every_fit_file_matches_reference(void **state)
{
    (void)state;
    const char *probe = sg_test_shared("SOURCES.md");
    SG_REQUIRE_SHARED(probe);
    free((void *)probe); /* sg_test_shared's string is ours to free (LSan) */
    tally t = {0};
    walk(getenv("SG_SHARED_DATA"), "", &t, 0);
    print_message("%d FIT files, %d compared with a reference, %d differ\n", t.files,
                  t.compared, t.failed);
    assert_true(t.compared > 0);
    assert_int_equal(t.failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_fit_file_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
