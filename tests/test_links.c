/* Journal-to-training links on constructed histories: which runs came before
 * flare-ups, side matching, and pain against weekly load. */
#include "support/sg_test.h"

#include <string.h>

#include "strideguard/links.h"

static int TODAY; /* a Sunday */

static sg_entry pain(long long id, int day, sg_region r, sg_side s, int sev)
{
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_PAIN);
    e.id = id;
    e.u.pain.day = day;
    e.u.pain.region = r;
    e.u.pain.side = s;
    e.u.pain.severity = sev;
    e.u.pain.timing = SG_TIMING_AFTER;
    return e;
}

static sg_run_fact run(long long id, int day, double km, double descent)
{
    sg_run_fact r = {id, day, km * 1000.0, descent, SG_SPIKE_NONE, 50.0, false, NAN, NAN};
    return r;
}

static int setup(void **state)
{
    (void)state;
    assert_int_equal(sg_journal_date_parse("2025-10-26", &TODAY, NULL), SG_OK);
    assert_int_equal(sg_journal_weekday(TODAY), 7);
    return 0;
}

static void test_run_factors(void **state)
{
    (void)state;
    sg_run_fact r = run(1, TODAY, 10, 199);
    assert_false(sg_link_run_has(&r, SG_LF_DESCENT));
    r.descent_m = 200; /* 20 m/km */
    assert_true(sg_link_run_has(&r, SG_LF_DESCENT));
    r.distance_m = NAN;
    assert_false(sg_link_run_has(&r, SG_LF_DESCENT));
    r.spike = SG_SPIKE_SMALL;
    assert_false(sg_link_run_has(&r, SG_LF_SPIKE));
    r.spike = SG_SPIKE_LARGE;
    assert_true(sg_link_run_has(&r, SG_LF_SPIKE));
    assert_false(sg_link_run_has(&r, SG_LF_RETURN));
    r.spike = SG_SPIKE_RETURN; /* a return is its own factor, not a graded spike */
    assert_false(sg_link_run_has(&r, SG_LF_SPIKE));
    assert_true(sg_link_run_has(&r, SG_LF_RETURN));
    r.spike = SG_SPIKE_LARGE;
    r.balance_left_pct = 50.7;
    assert_false(sg_link_run_has(&r, SG_LF_ASYMMETRY));
    r.balance_left_pct = 49.2;
    assert_true(sg_link_run_has(&r, SG_LF_ASYMMETRY));
    r.fatigue_breakdown = true;
    assert_true(sg_link_run_has(&r, SG_LF_FATIGUE));
    assert_string_equal(sg_link_factor_name(SG_LF_FATIGUE), "fatigue_breakdown");
}

/* Eight weeks: flat easy runs, except three hilly runs each followed within
 * two days by a flare-up; one flare-up follows a flat run. */
static void test_flares_after_descents(void **state)
{
    (void)state;
    sg_run_fact runs[32];
    size_t nr = 0;
    const int start = TODAY - 55; /* Monday eight weeks back */
    for (int w = 0; w < 8; w++) {
        runs[nr] = run(100 + nr, start + 7 * w + 1, 10, 50);
        nr++;
        runs[nr] = run(100 + nr, start + 7 * w + 3, 8, 40);
        nr++;
        runs[nr] = run(100 + nr, start + 7 * w + 5, 18, 90);
        nr++;
    }
    /* weeks 1, 3, 5: the Saturday run is hilly */
    runs[1 * 3 + 2].descent_m = 600;
    runs[3 * 3 + 2].descent_m = 700;
    runs[5 * 3 + 2].descent_m = 650;
    runs[5 * 3 + 2].fatigue_breakdown = true;
    sg_entry es[8];
    size_t n = 0;
    es[n++] = pain(1, start + 7 * 1 + 6, SG_REGION_LUMBAR, SG_SIDE_LEFT, 5);  /* Sun after */
    es[n++] = pain(2, start + 7 * 1 + 7, SG_REGION_LUMBAR, SG_SIDE_LEFT, 6);  /* same flare-up */
    es[n++] = pain(3, start + 7 * 3 + 5, SG_REGION_LUMBAR, SG_SIDE_LEFT, 4);  /* same day */
    es[n++] = pain(4, start + 7 * 5 + 6, SG_REGION_SACROILIAC, SG_SIDE_LEFT, 5);
    es[n++] = pain(5, start + 7 * 6 + 2, SG_REGION_LUMBAR, SG_SIDE_RIGHT, 4); /* after flat run */
    es[n++] = pain(6, start + 7 * 7 + 2, SG_REGION_LUMBAR, SG_SIDE_LEFT, 2);  /* not a flare */
    es[n] = pain(7, start + 7 * 3 + 5, SG_REGION_LUMBAR, SG_SIDE_LEFT, 4);
    es[n].u.pain.timing = SG_TIMING_BEFORE; /* same day, before: continues flare 3 */
    n++;

    sg_links_result r;
    sg_links_analyze(es, n, runs, nr, TODAY, 8, &r);
    assert_int_equal(r.from_day, start);
    assert_int_equal(r.n_flares_total, 4);
    assert_int_equal(r.n_flares, 4);
    assert_int_equal(r.flares[0].entry_id, 1);
    assert_int_equal(r.flares[3].entry_id, 5);
    assert_true(r.flares[0].factors & (1u << SG_LF_DESCENT));
    assert_false(r.flares[3].factors & (1u << SG_LF_DESCENT));
    const sg_link_factor_stat *d = &r.factor[SG_LF_DESCENT];
    assert_int_equal(d->flares_with, 3);
    assert_int_equal(d->flares_with_runs, 4);
    assert_int_equal(d->runs_with, 3);
    assert_int_equal(d->runs_total, 24);
    assert_close(d->flare_share, 0.75, 1e-12);
    assert_close(d->run_share, 0.125, 1e-12);
    assert_int_equal(r.factor[SG_LF_FATIGUE].flares_with, 1);
    assert_int_equal(r.factor[SG_LF_SPIKE].flares_with, 0);
    assert_non_null(strstr(r.caveat, "not causes"));
}

static void test_side_match(void **state)
{
    (void)state;
    sg_run_fact runs[3] = {run(1, TODAY - 6, 10, 0), run(2, TODAY - 4, 10, 0),
                           run(3, TODAY - 2, 10, 0)};
    for (int i = 0; i < 3; i++)
        runs[i].balance_left_pct = 51.5; /* longer contact on the left */
    sg_entry es[3] = {pain(1, TODAY - 5, SG_REGION_SACROILIAC, SG_SIDE_LEFT, 3),
                      pain(2, TODAY - 3, SG_REGION_SACROILIAC, SG_SIDE_LEFT, 3),
                      pain(3, TODAY - 1, SG_REGION_HIP, SG_SIDE_RIGHT, 2)};
    sg_links_result r;
    sg_links_analyze(es, 3, runs, 3, TODAY, 4, &r);
    assert_int_equal(r.side.left_entries, 2);
    assert_int_equal(r.side.right_entries, 1);
    assert_int_equal(r.side.pain_side, SG_SIDE_LEFT);
    assert_int_equal(r.side.longer_contact_side, SG_SIDE_LEFT);
    assert_true(r.side.comparable);
    assert_true(r.side.same_side);
    assert_close(r.side.mean_balance_left, 51.5, 1e-12);

    es[1].u.pain.side = SG_SIDE_RIGHT; /* 1 left, 2 right: below 2/3? 2/3 exactly -> right */
    sg_links_analyze(es, 3, runs, 3, TODAY, 4, &r);
    assert_int_equal(r.side.pain_side, SG_SIDE_RIGHT);
    assert_false(r.side.same_side);

    for (int i = 0; i < 3; i++)
        runs[i].balance_left_pct = 50.3; /* centred */
    sg_links_analyze(es, 3, runs, 3, TODAY, 4, &r);
    assert_false(r.side.comparable);
    assert_false(r.side.same_side);
}

static void test_load_pain_trend(void **state)
{
    (void)state;
    /* six weeks, distance 20, 30, 40, 50, 60, 70 km; pain 1..6 */
    sg_run_fact runs[6];
    sg_entry es[6];
    const int start = TODAY - 41;
    for (int w = 0; w < 6; w++) {
        runs[w] = run(w + 1, start + 7 * w + 2, 20 + 10 * w, 0);
        es[w] = pain(w + 1, start + 7 * w + 3, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 1 + w);
    }
    sg_links_result r;
    sg_links_analyze(es, 6, runs, 6, TODAY, 6, &r);
    assert_int_equal(r.n_weeks, 6);
    assert_int_equal(r.n_weeks_paired, 6);
    assert_close(r.load_pain_r, 1.0, 1e-9);
    assert_close(r.weeks[5].distance_m, 70000, 1e-12);
    assert_int_equal(r.weeks[5].max_severity, 6);

    /* pain falling as load rises */
    for (int w = 0; w < 6; w++)
        es[w].u.pain.severity = 6 - w;
    sg_links_analyze(es, 6, runs, 6, TODAY, 6, &r);
    assert_close(r.load_pain_r, -1.0, 1e-9);

    /* weeks before the journal starts are left out; three weeks are too few */
    sg_links_analyze(es + 3, 3, runs, 6, TODAY, 6, &r);
    assert_int_equal(r.n_weeks_paired, 3);
    assert_true(isnan(r.load_pain_r));

    /* nothing at all */
    sg_links_analyze(NULL, 0, NULL, 0, TODAY, 500, &r);
    assert_int_equal(r.n_weeks, SG_LINK_MAX_WEEKS);
    assert_int_equal(r.n_flares, 0);
    assert_true(isnan(r.factor[0].flare_share));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_run_factors, setup),
        cmocka_unit_test_setup(test_flares_after_descents, setup),
        cmocka_unit_test_setup(test_side_match, setup),
        cmocka_unit_test_setup(test_load_pain_trend, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
