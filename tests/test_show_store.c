/* `show ID`: a stored run is analysed against the baseline of the runs
 * before it, and its JSON cached under the algorithm version. Synthetic
 * runs, one a day; the last one takes 6 % fewer steps at the same speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/docs.h"
#include "support/sg_test.h"

#include "app/show.h"
#include "run_synth.h"

static long long put(sg_store *st, int day, double cad)
{
    synth s = synth_default(1800, 3.2);
    s.t0 = day * 86400.0;
    sg_activity *a = synth_build(&s, NULL);
    uint32_t seed = 100u + (uint32_t)day;
    for (size_t i = 0; i < a->n; i++)
        sg_activity_set(a, SG_CH_CADENCE, i, cad + 2 * synth_noise(&seed), NULL);
    sg_session ses;
    memset(&ses, 0, sizeof ses);
    sg_totals_init(&ses.totals);
    ses.totals.start_time = a->ch[SG_CH_TIME][0];
    ses.totals.elapsed_s = 1799;
    ses.sport = SG_SPORT_RUNNING;
    ses.fit_sport = ses.fit_sub_sport = -1;
    assert_int_equal(sg_activity_add_session(a, &ses, NULL), SG_OK);
    unsigned char *blob;
    size_t len;
    assert_int_equal(sg_store_blob_encode(a, &blob, &len, NULL), SG_OK);
    sg_store_summary sum;
    sg_store_summarize(a, &sum);
    sg_store_source src;
    memset(&src, 0, sizeof src);
    char name[32];
    snprintf(name, sizeof name, "day%d.fit", day);
    src.file_name = src.path = name;
    snprintf(src.sha256, sizeof src.sha256, "%064d", day);
    src.format = "fit";
    src.size = (long long)len;
    sg_ingest_result res;
    sg_err e;
    if (sg_store_ingest(st, &sum, blob, len, &src, &res, &e))
        fail_msg("ingest: %s", e.msg);
    free(blob);
    sg_activity_free(a);
    return res.activity_id;
}

static void test_show_id(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/show_store_%ld.db", sg_test_tmpdir(), (long)getpid());
    unlink(path);
    sg_store *st;
    sg_err e;
    if (sg_store_open(path, &st, &e))
        fail_msg("open: %s", e.msg);
    for (int d = 1; d <= 6; d++)
        put(st, d, 172);
    long long last = put(st, 7, 161.7);

    sg_run_baseline b;
    assert_int_equal(sg_show_baseline(st, last, NULL, &b, NULL), SG_OK);
    assert_int_equal(b.runs, 6);
    sg_run_result r;
    char *json = NULL;
    assert_int_equal(sg_show_id(st, sg_render_docs(), last, NULL, &r, &json, &e), SG_OK);
    assert_near(r.mech.vs_baseline[SG_RM_CADENCE], -6.0, 0.4);
    bool flagged = false;
    for (size_t i = 0; i < r.n_flags; i++)
        flagged |= strcmp(r.flags[i].code, "cadence_below_baseline") == 0;
    assert_true(flagged);
    assert_non_null(strstr(json, "\"cadence_below_baseline\""));

    /* cached under this algorithm version and this baseline window only */
    char *cached = NULL;
    sg_show_key k;
    assert_int_equal(sg_show_key_of(st, last, &k, NULL), SG_OK);
    assert_int_equal(k.n, 6);
    assert_int_equal(sg_store_cache_get_inputs(st, last, SG_SHOW_CACHE_NAME,
                                               SG_RUN_ALGORITHM_VERSION, k.inputs, &cached, NULL),
                     SG_OK);
    assert_string_equal(cached, json);
    free(cached);
    assert_int_equal(sg_store_cache_get_inputs(st, last, SG_SHOW_CACHE_NAME,
                                               SG_RUN_ALGORITHM_VERSION + 1, k.inputs, &cached,
                                               NULL),
                     SG_ENOTFOUND);
    assert_int_equal(sg_store_cache_get(st, last, SG_SHOW_CACHE_NAME, SG_RUN_ALGORITHM_VERSION,
                                        &cached, NULL),
                     SG_ENOTFOUND);
    free(json);

    /* the first run has no history */
    assert_int_equal(sg_show_id(st, sg_render_docs(), 1, NULL, &r, NULL, NULL), SG_OK);
    assert_true(r.missing & SG_RUN_MISSING_BASELINE);
    assert_int_equal(sg_show_id(st, sg_render_docs(), 999, NULL, &r, NULL, &e), SG_ENOTFOUND);
    sg_store_close(st);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_show_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
