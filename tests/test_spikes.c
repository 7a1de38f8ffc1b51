/* Single-session spikes in Frandsen 2025's categories (science §7.7):
 * every boundary exactly and just above, the 30-day window, no baseline,
 * and the return from a break (no run in the 30 days before, earlier runs). */
#include "support/sg_test.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/load_internal.h"
#include "model/jsonw.h"
#include "render/load_json.h"
#include "render/load_text.h"

static void test_categorize_boundaries(void **state)
{
    (void)state;
    assert_int_equal(sg_spike_categorize(NAN), SG_SPIKE_NO_BASELINE);
    assert_int_equal(sg_spike_categorize(-50), SG_SPIKE_NONE);
    assert_int_equal(sg_spike_categorize(10), SG_SPIKE_NONE);
    assert_int_equal(sg_spike_categorize(10.01), SG_SPIKE_SMALL);
    assert_int_equal(sg_spike_categorize(30), SG_SPIKE_SMALL);
    assert_int_equal(sg_spike_categorize(30.01), SG_SPIKE_MODERATE);
    assert_int_equal(sg_spike_categorize(100), SG_SPIKE_MODERATE);
    assert_int_equal(sg_spike_categorize(100.01), SG_SPIKE_LARGE);
    assert_string_equal(sg_spike_category_name(SG_SPIKE_NO_BASELINE), "no_baseline");
    assert_string_equal(sg_spike_category_name(SG_SPIKE_MODERATE), "moderate");
    double lo, hi;
    assert_close(sg_spike_hazard_ratio(SG_SPIKE_SMALL, &lo, &hi), 1.64, 0);
    assert_close(lo, 1.31, 0);
    assert_close(hi, 2.05, 0);
    assert_close(sg_spike_hazard_ratio(SG_SPIKE_MODERATE, NULL, NULL), 1.52, 0);
    assert_close(sg_spike_hazard_ratio(SG_SPIKE_LARGE, NULL, NULL), 2.28, 0);
    assert_true(isnan(sg_spike_hazard_ratio(SG_SPIKE_NO_BASELINE, NULL, NULL)));
}

static sg_run_summary run(double start, double dist)
{
    sg_run_summary r;
    sg_run_summary_init(&r);
    r.start = start;
    r.distance_m = dist;
    r.sport = SG_SPORT_RUNNING;
    return r;
}

/* Distances computed from a 10 km baseline, exactly at each boundary (where
 * 11000/10000 - 1 is not exactly 0.1 in binary) and 1 m above it. */
static void test_boundaries_from_distances(void **state)
{
    (void)state;
    const double t0 = 1.7e9, day = 86400;
    const double d[] = {11000, 11001, 13000, 13001, 20000, 20001};
    const sg_spike_cat want[] = {SG_SPIKE_NONE,     SG_SPIKE_SMALL,    SG_SPIKE_SMALL,
                                 SG_SPIKE_MODERATE, SG_SPIKE_MODERATE, SG_SPIKE_LARGE};
    for (size_t k = 0; k < 6; k++) {
        sg_run_summary r[2] = {run(t0, 10000), run(t0 + 3 * day, d[k])};
        sg_load_spike s[2];
        sg_spikes_compute(r, 2, NULL, 0, 0, s);
        assert_int_equal(s[0].category, SG_SPIKE_NO_BASELINE);
        assert_true(isnan(s[0].spike_pct));
        assert_int_equal(s[1].category, want[k]);
        assert_close(s[1].longest30_m, 10000, 0);
    }
}

static void test_window(void **state)
{
    (void)state;
    const double t0 = 1.7e9, day = 86400;
    /* the 20 km run is exactly 30 days before: inside [t - 30 d, t) */
    sg_run_summary r[4] = {run(t0, 20000), run(t0 + 10 * day, 5000), run(t0 + 30 * day, 12000),
                           run(t0 + 30 * day + 1, 12000)};
    sg_load_spike s[4];
    sg_spikes_compute(r, 4, NULL, 0, 0, s);
    assert_close(s[2].longest30_m, 20000, 0);
    assert_int_equal(s[2].category, SG_SPIKE_NONE);
    /* one second later the 20 km run has left the window */
    assert_close(s[3].longest30_m, 12000, 0);
    assert_close(s[3].spike_pct, 0, 1e-12);
    /* a run 31 days after the previous one has no 30-day baseline: it is a
     * return from a break, not "no baseline" (that is the first run only) */
    sg_run_summary q[2] = {run(t0, 5000), run(t0 + 31 * day, 5000)};
    sg_spikes_compute(q, 2, NULL, 0, 0, s);
    assert_int_equal(s[0].category, SG_SPIKE_NO_BASELINE);
    assert_int_equal(s[0].days_without_run, -1);
    assert_int_equal(s[1].category, SG_SPIKE_RETURN);
    assert_int_equal(s[1].days_without_run, 30);
    assert_true(isnan(s[1].spike_pct));
    assert_true(isnan(s[1].longest30_m));
}

/* Issue #13: 35 days off, then a 12 km run: a return from a break, with the
 * days off; not silently "no baseline". */
static void test_return_from_break(void **state)
{
    (void)state;
    const double day = 86400;
    const int32_t d0 = 19723; /* 2024-01-01 */
    /* a regular block, then 35 days without a run, then 12 km */
    sg_run_summary r[6] = {run(d0 * day + 3600, 10000),        run((d0 + 3) * day + 3600, 8000),
                           run((d0 + 6) * day + 3600, 14000),  run((d0 + 9) * day + 3600, 8000),
                           run((d0 + 45) * day + 3600, 12000), run((d0 + 47) * day + 3600, 6000)};
    sg_load_spike s[6];
    sg_spikes_compute(r, 6, NULL, 0, 0, s);
    assert_int_equal(s[4].category, SG_SPIKE_RETURN);
    assert_int_equal(s[4].days_without_run, 35);
    assert_string_equal(sg_spike_category_name(SG_SPIKE_RETURN), "return_from_break");
    assert_true(isnan(sg_spike_hazard_ratio(SG_SPIKE_RETURN, NULL, NULL)));
    /* the run after it is measured against it again */
    assert_int_equal(s[5].category, SG_SPIKE_NONE);
    assert_int_equal(s[5].days_without_run, 1);
    /* 29 days off is within the 30-day window: an ordinary comparison */
    sg_run_summary q[2] = {run(d0 * day + 3600, 10000), run((d0 + 30) * day + 3600, 12000)};
    sg_spikes_compute(q, 2, NULL, 0, 0, s);
    assert_int_equal(s[1].category, SG_SPIKE_SMALL);
    assert_int_equal(s[1].days_without_run, 29);
}

/* The same through the load analysis: a watch flag in the text and the
 * category in the JSON, and no "nan" anywhere a person reads. */
static void test_return_from_break_flag(void **state)
{
    (void)state;
    const double day = 86400;
    const int32_t d0 = 19723;
    sg_run_summary r[5];
    for (int i = 0; i < 4; i++) {
        r[i] = run((d0 + 3 * i) * day + 3600, 10000);
        r[i].activity_id = i + 1;
        r[i].moving_time_s = r[i].duration_s = 3300;
    }
    r[4] = run((d0 + 45) * day + 3600, 12000);
    r[4].activity_id = 5;
    r[4].moving_time_s = r[4].duration_s = 4000;
    sg_load_opts o;
    sg_load_opts_init(&o, (d0 + 46) * day);
    sg_load_result *res = NULL;
    assert_int_equal(sg_load_analyze(r, 5, &o, NULL, &res, NULL), SG_OK);
    const sg_load_flag *f = NULL;
    for (size_t i = 0; i < res->n_flags; i++)
        if (strcmp(res->flags[i].code, "return_from_break") == 0)
            f = &res->flags[i];
    assert_non_null(f);
    assert_int_equal(f->severity, SG_FLAG_WATCH);
    assert_non_null(strstr(f->msg, "12.0 km"));
    assert_non_null(strstr(f->msg, "35 days"));
    for (size_t i = 0; i < res->n_flags; i++)
        assert_true(strcmp(res->flags[i].code, "session_spike") != 0);

    char *txt = NULL;
    size_t tlen = 0;
    FILE *m = open_memstream(&txt, &tlen);
    assert_non_null(m);
    assert_int_equal(sg_load_text(m, res, false), 0);
    fclose(m);
    assert_non_null(strstr(txt, "return from a break"));
    assert_null(strstr(txt, "nan"));
    free(txt);

    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_load_json(&w, res, false);
    char *js = sg_jw_take_buf(&w, NULL);
    assert_non_null(js);
    assert_non_null(strstr(js, "\"category\":\"return_from_break\""));
    assert_non_null(strstr(js, "\"days_without_run\":35"));
    free(js);
    sg_load_result_free(res);
}

static void test_baseline_gap_marked(void **state)
{
    (void)state;
    const double day = 86400;
    const int32_t d0 = 19723;
    sg_run_summary r[2] = {run(d0 * day, 8000), run((d0 + 20) * day, 16000)};
    uint8_t gap[21] = {0};
    gap[10] = 1;
    sg_load_spike s[2];
    sg_spikes_compute(r, 2, gap, d0, 21, s);
    assert_true(s[1].baseline_gap);
    assert_int_equal(s[1].category, SG_SPIKE_MODERATE);
    assert_close(s[1].spike_pct, 100, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_categorize_boundaries),
        cmocka_unit_test(test_boundaries_from_distances),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_baseline_gap_marked),
        cmocka_unit_test(test_return_from_break),
        cmocka_unit_test(test_return_from_break_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
