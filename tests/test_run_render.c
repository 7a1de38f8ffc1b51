/* The JSON document of `show` parses, has every documented key, writes
 * null for what the data lacked; the text report mentions flags and what is
 * missing. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/sg_test.h"

#include "render/run_json.h"
#include "render/run_text.h"
#include "run_synth.h"

static json_t *render(const sg_run_result *r)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_run_json_write(&w, r);
    assert_int_equal(sg_jw_error(&w), 0);
    size_t len;
    char *s = sg_jw_take_buf(&w, &len);
    json_error_t je;
    json_t *j = json_loadb(s, len, 0, &je);
    if (!j)
        fail_msg("invalid JSON: %s at %d", je.text, je.position);
    free(s);
    return j;
}

static void test_json_keys(void **state)
{
    (void)state;
    synth s = synth_default(1800, 3.0);
    sg_activity *a = synth_build(&s, NULL);
    uint32_t seed = 4;
    for (size_t i = 0; i < a->n; i++) {
        sg_activity_set(a, SG_CH_CADENCE, i, 170 + 2 * synth_noise(&seed), NULL);
        sg_activity_set(a, SG_CH_STANCE_BALANCE, i, 53 + 0.3 * synth_noise(&seed), NULL);
    }
    sg_run_result r;
    assert_int_equal(sg_run_analyze(a, NULL, &r, NULL), SG_OK);
    json_t *j = render(&r);
    static const char *const top[] = {
        "algorithm_version", "distance_m", "moving_time_s", "ascent_m", "descent_m",
        "gap_pace_s_per_km", "pace_s_per_km", "grade_bands", "impact_weighted_km",
        "descent_m_below_3pct", "descent_m_below_8pct", "mechanics", "fatigue", "flags",
        "missing", "repaired"};
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
        if (!json_object_get(j, top[i]))
            fail_msg("missing key %s", top[i]);
    assert_int_equal(json_integer_value(json_object_get(j, "algorithm_version")),
                     SG_RUN_ALGORITHM_VERSION);
    json_t *bands = json_object_get(j, "grade_bands");
    assert_int_equal(json_array_size(bands), 7);
    assert_true(json_is_number(json_object_get(json_array_get(bands, 3), "distance_m")));
    json_t *m = json_object_get(j, "mechanics");
    static const char *const mk[] = {"cadence_spm", "step_length_m", "vertical_oscillation_mm",
                                     "vertical_ratio_pct", "stance_time_ms",
                                     "stance_time_balance_left_pct", "symmetry_index_pct"};
    for (size_t i = 0; i < sizeof mk / sizeof mk[0]; i++)
        assert_non_null(json_object_get(m, mk[i]));
    assert_true(json_is_number(json_object_get(m, "cadence_spm")));
    assert_true(json_is_null(json_object_get(m, "stance_time_ms"))); /* absent -> null */
    json_t *f = json_object_get(j, "fatigue");
    static const char *const fk[] = {"cadence_change_pct", "stance_time_change_pct",
                                     "vertical_ratio_change_pct", "balance_change_pp",
                                     "decoupling_pct"};
    for (size_t i = 0; i < sizeof fk / sizeof fk[0]; i++)
        assert_non_null(json_object_get(f, fk[i]));
    json_t *flags = json_object_get(j, "flags");
    assert_true(json_array_size(flags) >= 1);
    json_t *fl = json_array_get(flags, 0);
    static const char *const flk[] = {"code", "severity", "message", "evidence", "source"};
    for (size_t i = 0; i < sizeof flk / sizeof flk[0]; i++)
        assert_true(strlen(json_string_value(json_object_get(fl, flk[i]))) > 0);
    bool hr_missing = false;
    json_t *miss = json_object_get(j, "missing");
    for (size_t i = 0; i < json_array_size(miss); i++)
        hr_missing |= strcmp(json_string_value(json_array_get(miss, i)), "heart_rate") == 0;
    assert_true(hr_missing);
    json_decref(j);

    char *text = NULL;
    size_t tlen = 0;
    FILE *mf = open_memstream(&text, &tlen);
    assert_int_equal(sg_run_text_write(mf, &r, "synthetic", false), 0);
    fclose(mf);
    assert_non_null(strstr(text, "asymmetry_persistent"));
    assert_non_null(strstr(text, "Not in the data: gps") == NULL ? strstr(text, "heart_rate") : text);
    assert_non_null(strstr(text, "does not diagnose"));
    free(text);
    sg_activity_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
