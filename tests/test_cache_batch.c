/* sg_store_cache_get_all (src/store/cache_batch.c): every cached result of a
 * name and version of the current athlete's runs, in one statement, exactly
 * what sg_store_cache_get gives run by run. Runs on SQLite, and on
 * PostgreSQL as cache_batch_pg (tests/CMakeLists.txt). */
#include "support/sg_test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes/sha256.h"
#include "strideguard/store.h"
#include "test_store_backend.h"
#include "test_store_fixture.h"

#define DAY 86400.0

/* A stored run starting at t0, its file named by `tag`; its id. */
static long long add_run(sg_store *st, double t0, const char *tag)
{
    sg_activity *a = fx_run(30, t0, 0, 1, "fit");
    assert_non_null(a);
    sg_store_source s;
    memset(&s, 0, sizeof s);
    s.path = tag;
    s.file_name = tag;
    sg_sha256_hex(tag, strlen(tag), s.sha256);
    s.format = "fit";
    s.size = (long long)strlen(tag);
    s.imported_at = 1700000000;
    sg_store_summary sum;
    sg_store_summarize(a, &sum);
    unsigned char *blob;
    size_t len;
    assert_int_equal(sg_store_blob_encode(a, &blob, &len, NULL), SG_OK);
    sg_ingest_result r;
    sg_err err;
    assert_int_equal(sg_store_ingest(st, &sum, blob, len, &s, &r, &err), SG_OK);
    free(blob);
    sg_activity_free(a);
    return r.activity_id;
}

typedef struct seen {
    long long ids[16];
    char json[16][64];
    int n;
    int stop_after;   /* 0 = never */
} seen;

static int seen_fn(void *ctx, long long id, const char *json)
{
    seen *s = ctx;
    if (s->n == 16)
        return 1;
    s->ids[s->n] = id;
    snprintf(s->json[s->n], sizeof s->json[s->n], "%s", json);
    s->n++;
    return s->stop_after && s->n == s->stop_after ? 42 : 0;
}

/* The batch gives what sg_store_cache_get gives for each run, by id, and
 * nothing of another name, version or inputs fingerprint. */
static void test_same_as_one_by_one(void **state)
{
    (void)state;
    char *path;
    sg_store *st = fx_store_new("cache_batch", "same", &path);
    long long id[5];
    for (int i = 0; i < 5; i++) {
        char tag[32];
        snprintf(tag, sizeof tag, "run%d.fit", i);
        /* started newest first: the listing's order is not the ids' */
        id[i] = add_run(st, 1.7e9 - i * DAY, tag);
    }
    assert_int_equal(sg_store_cache_put(st, id[3], "load_inputs", 7, "{\"r\":3}", NULL), SG_OK);
    assert_int_equal(sg_store_cache_put(st, id[0], "load_inputs", 7, "{\"r\":0}", NULL), SG_OK);
    assert_int_equal(sg_store_cache_put(st, id[1], "load_inputs", 6, "{\"old\":1}", NULL), SG_OK);
    assert_int_equal(sg_store_cache_put(st, id[2], "run", 7, "{\"other\":2}", NULL), SG_OK);
    assert_int_equal(
        sg_store_cache_put_inputs(st, id[4], "load_inputs", 7, "b1-x", "{\"fp\":4}", NULL),
        SG_OK);

    seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(sg_store_cache_get_all(st, "load_inputs", 7, seen_fn, &s, NULL), SG_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.ids[0], id[0]);
    assert_int_equal(s.ids[1], id[3]);
    for (int k = 0; k < 5; k++) {
        char *one = NULL;
        int rc = sg_store_cache_get(st, id[k], "load_inputs", 7, &one, NULL);
        int found = -1;
        for (int j = 0; j < s.n; j++)
            if (s.ids[j] == id[k])
                found = j;
        if (found < 0) {
            assert_int_equal(rc, SG_ENOTFOUND);
        } else {
            assert_int_equal(rc, SG_OK);
            assert_string_equal(one, s.json[found]);
        }
        free(one);
    }

    /* a deleted run takes its result out of the batch */
    assert_int_equal(sg_store_delete(st, id[0], NULL), SG_OK);
    memset(&s, 0, sizeof s);
    assert_int_equal(sg_store_cache_get_all(st, "load_inputs", 7, seen_fn, &s, NULL), SG_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ids[0], id[3]);
    assert_string_equal(s.json[0], "{\"r\":3}");

    /* nothing cached: no call, no error */
    memset(&s, 0, sizeof s);
    assert_int_equal(sg_store_cache_get_all(st, "none", 7, seen_fn, &s, NULL), SG_OK);
    assert_int_equal(s.n, 0);
    sg_store_close(st);
    free(path);
}

/* Only the current athlete's runs; a stop from fn is returned as is. */
static void test_athletes_and_stop(void **state)
{
    (void)state;
    char *path;
    sg_store *st = fx_store_new("cache_batch", "athletes", &path);
    long long a1 = add_run(st, 1.7e9, "mine.fit");
    long long a1b = add_run(st, 1.7e9 + DAY, "mine2.fit");
    long long other;
    assert_int_equal(sg_store_athlete_add(st, "other", &other, NULL), SG_OK);
    sg_store_use_athlete(st, other);
    long long b1 = add_run(st, 1.7e9, "theirs.fit");
    assert_int_equal(sg_store_cache_put(st, b1, "load_inputs", 1, "{\"b\":1}", NULL), SG_OK);
    sg_store_use_athlete(st, 1);
    assert_int_equal(sg_store_cache_put(st, a1, "load_inputs", 1, "{\"a\":1}", NULL), SG_OK);
    assert_int_equal(sg_store_cache_put(st, a1b, "load_inputs", 1, "{\"a\":2}", NULL), SG_OK);

    seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(sg_store_cache_get_all(st, "load_inputs", 1, seen_fn, &s, NULL), SG_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.ids[0], a1);
    assert_int_equal(s.ids[1], a1b);

    memset(&s, 0, sizeof s);
    s.stop_after = 1;
    assert_int_equal(sg_store_cache_get_all(st, "load_inputs", 1, seen_fn, &s, NULL), 42);
    assert_int_equal(s.n, 1);

    sg_store_use_athlete(st, other);
    memset(&s, 0, sizeof s);
    assert_int_equal(sg_store_cache_get_all(st, "load_inputs", 1, seen_fn, &s, NULL), SG_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ids[0], b1);
    assert_string_equal(s.json[0], "{\"b\":1}");

    sg_err err;
    assert_int_equal(sg_store_cache_get_all(st, NULL, 1, seen_fn, &s, &err), SG_EUSAGE);
    assert_int_equal(sg_store_cache_get_all(st, "load_inputs", 1, NULL, NULL, &err), SG_EUSAGE);
    assert_int_equal(sg_store_cache_get_all(NULL, "load_inputs", 1, seen_fn, &s, &err),
                     SG_EUSAGE);
    sg_store_close(st);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_one_by_one),
        cmocka_unit_test(test_athletes_and_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
