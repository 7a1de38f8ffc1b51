/* The journal and check use cases on a real store: validation, duplicates,
 * "nothing stored changes on any error", RPE dates, the run-facts cache. */
#include "support/sg_test.h"

#include <stdlib.h>
#include <string.h>

#include "app/journal.h"
#include "app/triage.h"
#include "app_fixture.h"
#include "render/journal_render.h"

typedef struct fx {
    sg_store *st;
    long long ids[64];
    int n_runs;
    sg_prehab_lib *lib;
} fx;

static int today_2025_10_20(void) { return sg_journal_day_from_civil(2025, 10, 20); }

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->st = fx_open(sg_test_tmpdir(), "journal.db");
    sg_sim_block_params bp;
    sg_sim_block_defaults(&bp);
    bp.weeks = 2;
    bp.race = false;
    bp.taper = false;
    bp.spike_week = -1;
    bp.sample_interval_s = 10;
    f->n_runs = fx_store_block(f->st, &bp, f->ids, 64, NULL);
    sg_err e;
    if (!f->st || f->n_runs <= 0 || sg_app_prehab_lib(NULL, &f->lib, &e))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    sg_prehab_lib_free(f->lib);
    sg_store_close(f->st);
    free(f);
    return 0;
}

/* The whole journal as JSON text: compared before and after a refused write. */
static char *snapshot(sg_store *st)
{
    sg_entry *es = NULL;
    size_t n = 0;
    sg_err e;
    assert_int_equal(sg_app_journal_load(st, SG_ENTRY_NONE, SG_JOURNAL_NO_DAY, SG_JOURNAL_NO_DAY,
                                         &es, &n, &e),
                     SG_OK);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_arr_begin(&w);
    for (size_t i = 0; i < n; i++)
        sg_entry_write_json(&w, &es[i]);
    sg_jw_arr_end(&w);
    free(es);
    char *s = sg_jw_take_buf(&w, NULL);
    sg_jw_dispose(&w);
    return s;
}

static sg_entry pain(int day, sg_region r, sg_side s, int sev, sg_timing t)
{
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_PAIN);
    e.u.pain.day = day;
    e.u.pain.region = r;
    e.u.pain.side = s;
    e.u.pain.severity = sev;
    e.u.pain.timing = t;
    return e;
}

static void expect_refused(fx *f, sg_entry *e, int edit, int code, const char *words)
{
    char *before = snapshot(f->st);
    sg_err err;
    sg_err_clear(&err);
    int rc = edit ? sg_app_journal_edit(f->st, e, today_2025_10_20(), f->lib, &err)
                  : sg_app_journal_add(f->st, e, today_2025_10_20(), f->lib, &err);
    if (rc != code)
        fail_msg("expected code %d, got %d (%s)", code, rc, err.msg);
    if (!strstr(err.msg, words))
        fail_msg("message '%s' lacks '%s'", err.msg, words);
    char *after = snapshot(f->st);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void add_list_edit_delete(void **state)
{
    fx *f = *state;
    const int d = sg_journal_day_from_civil(2025, 9, 14);
    sg_err err;
    sg_entry a = pain(d, SG_REGION_LUMBAR, SG_SIDE_LEFT, 3, SG_TIMING_DURING);
    a.u.pain.run_id = f->ids[0];
    assert_int_equal(sg_app_journal_add(f->st, &a, today_2025_10_20(), f->lib, &err), SG_OK);
    assert_true(a.id > 0);
    sg_entry b;
    sg_entry_init(&b, SG_ENTRY_PREHAB);
    b.u.prehab.day = d;
    assert_int_equal(sg_entry_set_exercise(&b, f->lib->ex[0].id, &err), SG_OK);
    assert_int_equal(sg_app_journal_add(f->st, &b, today_2025_10_20(), f->lib, &err), SG_OK);

    sg_entry *es = NULL;
    size_t n = 0;
    assert_int_equal(sg_app_journal_load(f->st, SG_ENTRY_PAIN, SG_JOURNAL_NO_DAY,
                                         SG_JOURNAL_NO_DAY, &es, &n, &err), SG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(es[0].id, a.id);
    assert_int_equal(es[0].u.pain.run_id, f->ids[0]);
    free(es);
    /* date bounds are inclusive */
    assert_int_equal(sg_app_journal_load(f->st, SG_ENTRY_NONE, d, d, &es, &n, &err), SG_OK);
    assert_int_equal(n, 2);
    free(es);
    assert_int_equal(sg_app_journal_load(f->st, SG_ENTRY_NONE, d + 1, SG_JOURNAL_NO_DAY, &es, &n,
                                         &err), SG_OK);
    assert_int_equal(n, 0);
    assert_null(es);
    /* the export: every kind in the period, by date then id; a period
     * that ends before it starts is the caller's error */
    sg_app_journal_export_req q = {d, d};
    sg_app_journal_export_result x;
    assert_int_equal(sg_app_journal_export(f->st, &q, &x, &err), SG_OK);
    assert_int_equal(x.n, 2);
    assert_int_equal(x.from_day, d);
    assert_int_equal(x.entries[0].id, a.id);
    assert_int_equal(x.entries[1].id, b.id);
    sg_app_journal_export_free(&x);
    assert_null(x.entries);
    q.from_day = d + 1;
    assert_int_equal(sg_app_journal_export(f->st, &q, &x, &err), SG_EUSAGE);
    assert_non_null(strstr(err.msg, "after it ends"));
    assert_null(x.entries);

    sg_entry g;
    assert_int_equal(sg_app_journal_get(f->st, a.id, &g, &err), SG_OK);
    g.u.pain.severity = 5;
    g.u.pain.radiates = true;
    assert_int_equal(sg_app_journal_edit(f->st, &g, today_2025_10_20(), f->lib, &err), SG_OK);
    assert_int_equal(sg_app_journal_get(f->st, a.id, &g, &err), SG_OK);
    assert_int_equal(g.u.pain.severity, 5);
    assert_true(g.u.pain.radiates);

    assert_int_equal(sg_app_journal_delete(f->st, b.id, &err), SG_OK);
    assert_int_equal(sg_app_journal_delete(f->st, b.id, &err), SG_ENOTFOUND);
    assert_int_equal(sg_app_journal_get(f->st, b.id, &g, &err), SG_ENOTFOUND);
}

static void refused_writes_change_nothing(void **state)
{
    fx *f = *state;
    const int d = sg_journal_day_from_civil(2025, 9, 20);
    sg_err err;
    sg_entry base = pain(d, SG_REGION_HIP, SG_SIDE_RIGHT, 2, SG_TIMING_AFTER);
    assert_int_equal(sg_app_journal_add(f->st, &base, today_2025_10_20(), f->lib, &err), SG_OK);

    sg_entry e = pain(d, SG_REGION_HIP, SG_SIDE_RIGHT, 11, SG_TIMING_AFTER);
    expect_refused(f, &e, 0, SG_EUSAGE, "severity 11");
    e = pain(d, SG_REGION_UNKNOWN, SG_SIDE_RIGHT, 2, SG_TIMING_AFTER);
    expect_refused(f, &e, 0, SG_EUSAGE, "region");
    e = pain(d, SG_REGION_HIP, SG_SIDE_UNKNOWN, 2, SG_TIMING_AFTER);
    expect_refused(f, &e, 0, SG_EUSAGE, "side");
    e = pain(today_2025_10_20() + 1, SG_REGION_HIP, SG_SIDE_RIGHT, 2, SG_TIMING_AFTER);
    expect_refused(f, &e, 0, SG_EUSAGE, "future");
    e = pain(d, SG_REGION_HIP, SG_SIDE_RIGHT, 4, SG_TIMING_AFTER);
    expect_refused(f, &e, 0, SG_EEXISTS, "duplicate");
    e = pain(d, SG_REGION_HIP, SG_SIDE_RIGHT, 4, SG_TIMING_DURING);
    e.u.pain.run_id = 999999;
    expect_refused(f, &e, 0, SG_ENOTFOUND, "no run with id 999999");
    sg_entry_init(&e, SG_ENTRY_PREHAB);
    e.u.prehab.day = d;
    assert_int_equal(sg_entry_set_exercise(&e, "no_such_exercise", &err), SG_OK);
    expect_refused(f, &e, 0, SG_EUSAGE, "unknown exercise");
    sg_entry_init(&e, SG_ENTRY_RPE);
    e.u.rpe.run_id = 999999;
    e.u.rpe.rpe = 5;
    expect_refused(f, &e, 0, SG_ENOTFOUND, "999999");

    /* an edit into a duplicate of another entry, a kind change, a missing id */
    sg_entry other = pain(d, SG_REGION_HIP, SG_SIDE_LEFT, 2, SG_TIMING_AFTER);
    assert_int_equal(sg_app_journal_add(f->st, &other, today_2025_10_20(), f->lib, &err), SG_OK);
    e = other;
    e.u.pain.side = SG_SIDE_RIGHT;
    expect_refused(f, &e, 1, SG_EEXISTS, "duplicate");
    sg_entry_init(&e, SG_ENTRY_RPE);
    e.id = other.id;
    e.u.rpe.run_id = f->ids[0];
    e.u.rpe.rpe = 4;
    expect_refused(f, &e, 1, SG_EUSAGE, "kind cannot change");
    e = pain(d, SG_REGION_FOOT, SG_SIDE_RIGHT, 2, SG_TIMING_AFTER);
    e.id = 424242;
    expect_refused(f, &e, 1, SG_ENOTFOUND, "424242");
}

static void rpe_takes_the_run_day(void **state)
{
    fx *f = *state;
    sg_err err;
    int day;
    assert_int_equal(sg_app_run_day(f->st, f->ids[1], &day, &err), SG_OK);
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_RPE);
    e.u.rpe.run_id = f->ids[1];
    e.u.rpe.rpe = 6;
    assert_int_equal(sg_app_journal_add(f->st, &e, today_2025_10_20(), f->lib, &err), SG_OK);
    assert_int_equal(e.u.rpe.day, day);
    /* a second RPE for the same run is a duplicate */
    sg_entry again = e;
    again.u.rpe.rpe = 7;
    expect_refused(f, &again, 0, SG_EEXISTS, "duplicate");
}

static void damaged_entry_is_reported(void **state)
{
    fx *f = *state;
    sg_err err;
    long long id;
    assert_int_equal(sg_store_journal_add(f->st, "pain", "2025-09-01", "{\"kind\":\"pain\",\"x\":1}",
                                          &id, &err), SG_OK);
    sg_entry *es = NULL;
    size_t n = 0;
    assert_int_equal(sg_app_journal_load(f->st, SG_ENTRY_NONE, SG_JOURNAL_NO_DAY,
                                         SG_JOURNAL_NO_DAY, &es, &n, &err), SG_EFORMAT);
    assert_null(es);
    assert_non_null(strstr(err.msg, "damaged"));
    assert_int_equal(sg_app_journal_delete(f->st, id, &err), SG_OK);
}

static void run_facts_are_cached(void **state)
{
    fx *f = *state;
    sg_err err;
    sg_app_run *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    assert_int_equal(sg_app_run_facts(f->st, 0, 40000, NULL, &a, &na, &err), SG_OK);
    assert_int_equal(na, (size_t)f->n_runs);
    char *json = NULL;
    assert_int_equal(sg_store_cache_get(f->st, f->ids[0], SG_APP_RUN_FACTS_CACHE,
                                        SG_APP_RUN_FACTS_VERSION, &json, &err), SG_OK);
    assert_non_null(strstr(json, "descent_m"));
    free(json);
    assert_int_equal(sg_app_run_facts(f->st, 0, 40000, NULL, &b, &nb, &err), SG_OK);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_true(a[i].analysed);
        assert_true(a[i].fact.distance_m > 5000);
        assert_true(a[i].fact.descent_m >= 0);
        assert_close(a[i].fact.balance_left_pct, b[i].fact.balance_left_pct, 1e-12);
        assert_int_equal(a[i].fact.spike, b[i].fact.spike);
    }
    /* the first run has no 30-day history: no baseline for a spike */
    assert_int_equal(a[0].fact.spike, SG_SPIKE_NO_BASELINE);
    free(a);
    free(b);
    /* an empty window */
    assert_int_equal(sg_app_run_facts(f->st, 10, 20, NULL, &a, &na, &err), SG_OK);
    assert_null(a);
    assert_int_equal(na, 0);
}

static void check_tiers(void **state)
{
    fx *f = *state;
    sg_err err;
    sg_app_check_result *r = calloc(1, sizeof *r);
    sg_redflag_answers ans = {SG_RF_BIT(SG_RF_SADDLE_NUMBNESS), SG_RF_ALL, 0};
    assert_int_equal(sg_app_check(f->st, &ans, today_2025_10_20(), r, &err), SG_OK);
    assert_int_equal(r->triage.tier, SG_TIER_EMERGENCY);
    assert_string_equal(r->triage.reasons[0].rule, "saddle_numbness");
    assert_true(r->triage.reasons[0].from_answer);
    assert_false(r->triage.screen_incomplete);
    assert_non_null(strstr(r->triage.caveat, "If in doubt, get checked"));
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_list_edit_delete),
        cmocka_unit_test(refused_writes_change_nothing),
        cmocka_unit_test(rpe_takes_the_run_day),
        cmocka_unit_test(damaged_entry_is_reported),
        cmocka_unit_test(run_facts_are_cached),
        cmocka_unit_test(check_tiers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
