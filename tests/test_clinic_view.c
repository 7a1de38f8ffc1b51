/* The clinician's view (issue #16, part E): the roster's order (tier, then
 * warning signs, then our run signals, then recency), the store rows of
 * migration 9 (findings by region and side, assignments of library
 * exercises, per athlete, cascade with the athlete), the roster cache keyed
 * by the athlete's data fingerprint, and the clinic lookups; against SQLite,
 * and against PostgreSQL when SG_TEST_PG_URL is set (CTest's clinic_view_pg). */
#include "support/sg_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts.h"
#include "app/clinic.h"
#include "app/journal.h"
#include "test_store_fixture.h"

static const long long T0 = 1800000000LL;
static const char *PW = "a long enough password";

static sg_roster_row row(long long id, sg_tier tier, int signs, int spikes, int last)
{
    sg_roster_row r;
    memset(&r, 0, sizeof r);
    r.athlete_id = id;
    r.tier = tier;
    r.n_signs = signs;
    r.spike_runs = spikes;
    r.last_day = last;
    return r;
}

static void test_roster_order(void **state)
{
    (void)state;
    sg_roster_row rows[] = {
        row(1, SG_TIER_SELF_CARE, 0, 0, 100),
        row(2, SG_TIER_EVALUATE, 1, 0, 90),
        row(3, SG_TIER_EMERGENCY, 1, 0, 10),
        row(4, SG_TIER_EVALUATE, 2, 0, 50),
        row(5, SG_TIER_EVALUATE, 1, 2, 80),
        row(6, SG_TIER_SELF_CARE, 0, 0, SG_JOURNAL_NO_DAY),
        row(7, SG_TIER_SELF_CARE, 0, 0, 120),
        row(8, SG_TIER_EVALUATE, 1, 0, 95),
    };
    size_t n = sizeof rows / sizeof *rows;
    qsort(rows, n, sizeof *rows, sg_roster_cmp);
    /* emergency first; then evaluate by signs (4), run signals (5), recency
     * (8, 2); self-care by recency, no activity last */
    const long long want[] = {3, 4, 5, 8, 2, 7, 1, 6};
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rows[i].athlete_id, want[i]);
    assert_string_equal(sg_trend_name(SG_TREND_WORSE), "worse");
    assert_string_equal(sg_trend_name((sg_trend)42), "unknown");
}

/* Two clinics; ann and bob runners of North, cy of South. */
typedef struct world {
    char *path;
    sg_store *st;
    long long north, south, ann, bob, cy; /* athlete ids */
} world;

static long long runner(world *w, long long clinic, const char *login)
{
    sg_err err;
    sg_code_req q = {"invite", SG_ROLE_RUNNER, clinic, 0, 0, T0};
    sg_code_res code;
    if (sg_app_code_issue(w->st, &q, &code, &err))
        fail_msg("code: %s", err.msg);
    sg_redeem_req r = {code.code, login, PW, T0 + 1};
    sg_redeem_res res;
    assert_int_equal(sg_app_code_redeem(w->st, &r, &res, &err), SG_OK);
    sg_account a;
    assert_int_equal(sg_store_account_get(w->st, res.account_id, &a, &err), SG_OK);
    assert_true(a.athlete_id > 0);
    return a.athlete_id;
}

static void make_world(world *w, const char *name)
{
    sg_err err;
    w->st = fx_store_new("clinicview", name, &w->path);
    assert_int_equal(sg_app_clinic_create(w->st, "North", T0, &w->north, &err), SG_OK);
    assert_int_equal(sg_app_clinic_create(w->st, "South", T0, &w->south, &err), SG_OK);
    w->ann = runner(w, w->north, "ann");
    w->bob = runner(w, w->north, "bob");
    w->cy = runner(w, w->south, "cyd");
}

static void free_world(world *w)
{
    sg_store_close(w->st);
    free(w->path);
}

static void test_findings(void **state)
{
    (void)state;
    world w;
    make_world(&w, "findings");
    sg_err err;
    long long id = 0, id2 = 0;
    sg_finding_req q = {w.ann, 7, "2026-03-01", "lumbar", "left", "Tender on palpation", T0};
    assert_int_equal(sg_app_finding_add(w.st, &q, &id, &err), SG_OK);
    sg_finding_req q2 = {w.ann, 7, "2026-03-05", "upper_cervical", "central", "Stiff", T0};
    assert_int_equal(sg_app_finding_add(w.st, &q2, &id2, &err), SG_OK);
    sg_finding_req bad = q;
    bad.region = "knee";
    assert_int_equal(sg_app_finding_add(w.st, &bad, &id, &err), SG_EUSAGE);
    bad = q;
    bad.side = "up";
    assert_int_equal(sg_app_finding_add(w.st, &bad, &id, &err), SG_EUSAGE);
    bad = q;
    bad.date = "March";
    assert_int_equal(sg_app_finding_add(w.st, &bad, &id, &err), SG_EUSAGE);
    bad = q;
    bad.text = "";
    assert_int_equal(sg_app_finding_add(w.st, &bad, &id, &err), SG_EUSAGE);

    sg_finding_list l;
    assert_int_equal(sg_app_finding_list(w.st, w.ann, &l, &err), SG_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].region, "upper_cervical"); /* newest date first */
    assert_string_equal(l.items[1].text, "Tender on palpation");
    assert_string_equal(l.items[1].side, "left");
    sg_finding_list_free(&l);
    assert_int_equal(sg_app_finding_list(w.st, w.bob, &l, &err), SG_OK);
    assert_int_equal(l.n, 0);
    sg_finding_list_free(&l);
    /* another athlete's id is not found */
    assert_int_equal(sg_app_finding_delete(w.st, w.bob, id, &err), SG_ENOTFOUND);
    assert_int_equal(sg_app_finding_delete(w.st, w.ann, id, &err), SG_OK);
    assert_int_equal(sg_app_finding_delete(w.st, w.ann, id, &err), SG_ENOTFOUND);
    /* the athlete's deletion takes its findings */
    assert_int_equal(sg_store_athlete_delete(w.st, w.ann, &err), SG_OK);
    sg_store_use_athlete(w.st, 1);
    assert_int_equal(fx_sql_int(w.path, "SELECT count(*) FROM findings"), 0);
    free_world(&w);
}

static void test_assignments(void **state)
{
    (void)state;
    world w;
    make_world(&w, "assign");
    sg_err err;
    long long id = 0;
    sg_assignment_req q = {w.ann, 7, "dead_bug", "3 x 8", "slow", "2026-03-01", "2026-03-10", T0};
    assert_int_equal(sg_app_assignment_add(w.st, &q, &id, &err), SG_OK);
    sg_assignment_req open = {w.ann, 7, "dead_bug", "2 x 10", "", "2026-03-05", NULL, T0};
    assert_int_equal(sg_app_assignment_add(w.st, &open, &id, &err), SG_OK);
    sg_assignment_req bad = q;
    bad.exercise = "no_such_exercise";
    assert_int_equal(sg_app_assignment_add(w.st, &bad, &id, &err), SG_EUSAGE);
    bad = q;
    bad.to_date = "2026-02-01";
    assert_int_equal(sg_app_assignment_add(w.st, &bad, &id, &err), SG_EUSAGE);
    bad = q;
    bad.dose = "";
    assert_int_equal(sg_app_assignment_add(w.st, &bad, &id, &err), SG_EUSAGE);

    int d;
    sg_assignment_list l;
    assert_int_equal(sg_app_assignment_list(w.st, w.ann, SG_JOURNAL_NO_DAY, &l, &err), SG_OK);
    assert_int_equal(l.n, 2);
    assert_true(l.items[0].exercise_name[0] != '\0');
    assert_string_equal(l.items[0].to_date, "2026-03-10");
    assert_string_equal(l.items[1].to_date, "");
    sg_assignment_list_free(&l);
    /* in force on a day: the first ends on the 10th, the second is open */
    assert_int_equal(sg_journal_date_parse("2026-03-12", &d, &err), SG_OK);
    assert_int_equal(sg_app_assignment_list(w.st, w.ann, d, &l, &err), SG_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].dose, "2 x 10");
    sg_assignment_list_free(&l);
    assert_int_equal(sg_journal_date_parse("2026-02-28", &d, &err), SG_OK);
    assert_int_equal(sg_app_assignment_list(w.st, w.ann, d, &l, &err), SG_OK);
    assert_int_equal(l.n, 0);
    sg_assignment_list_free(&l);
    assert_int_equal(sg_app_assignment_delete(w.st, w.bob, id, &err), SG_ENOTFOUND);
    assert_int_equal(sg_app_assignment_delete(w.st, w.ann, id, &err), SG_OK);
    free_world(&w);
}

static void test_clinic_lookups_and_cache(void **state)
{
    (void)state;
    world w;
    make_world(&w, "roster");
    sg_err err;
    long long c = -1;
    assert_int_equal(sg_app_athlete_clinic(w.st, w.ann, &c, &err), SG_OK);
    assert_int_equal(c, w.north);
    assert_int_equal(sg_app_athlete_clinic(w.st, w.cy, &c, &err), SG_OK);
    assert_int_equal(c, w.south);
    assert_int_equal(sg_app_athlete_clinic(w.st, 999999, &c, &err), SG_OK);
    assert_int_equal(c, 0);
    assert_int_equal(sg_app_athlete_clinic(w.st, 1, &c, &err), SG_OK); /* no runner account */
    assert_int_equal(c, 0);

    int today;
    assert_int_equal(sg_journal_date_parse("2026-03-10", &today, &err), SG_OK);
    sg_roster r;
    size_t missing = 0;
    char k0[SG_ROSTER_KEY_MAX], k1[SG_ROSTER_KEY_MAX], k2[SG_ROSTER_KEY_MAX];
    assert_int_equal(sg_app_roster_key(w.st, w.north, today, k0, &err), SG_OK);
    /* nothing cached yet: the cache-only roster says how many are missing */
    assert_int_equal(sg_app_roster_cached(w.st, w.north, today, &r, &missing, &err), SG_OK);
    assert_int_equal(missing, 2);
    assert_int_equal(r.n, 0);
    assert_null(r.rows);
    assert_int_equal(sg_app_roster(w.st, w.north, today, &r, &err), SG_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.cached, 0);
    sg_roster_free(&r);
    assert_int_equal(sg_app_roster(w.st, w.north, today, &r, &err), SG_OK);
    assert_int_equal(r.cached, 2);
    sg_roster_free(&r);
    assert_int_equal(sg_app_roster_cached(w.st, w.north, today, &r, &missing, &err), SG_OK);
    assert_int_equal(missing, 0);
    assert_int_equal(r.n, 2);
    sg_roster_free(&r);
    /* computing wrote only the roster cache: the key is as before; another
     * day or clinic is another key */
    assert_int_equal(sg_app_roster_key(w.st, w.north, today, k1, &err), SG_OK);
    assert_string_equal(k0, k1);
    assert_int_equal(sg_app_roster_key(w.st, w.north, today + 1, k2, &err), SG_OK);
    assert_string_not_equal(k1, k2);
    assert_int_equal(sg_app_roster_key(w.st, w.south, today, k2, &err), SG_OK);
    assert_string_not_equal(k1, k2);
    /* the handle's current athlete is left as it was */
    assert_int_equal(sg_store_athlete(w.st), 1);

    /* a pain entry of bob's changes bob's fingerprint only */
    char fa[SG_ROSTER_FP_MAX], fb[SG_ROSTER_FP_MAX], fb2[SG_ROSTER_FP_MAX];
    assert_int_equal(sg_store_athlete_fingerprint(w.st, w.ann, fa, &err), SG_OK);
    assert_int_equal(sg_store_athlete_fingerprint(w.st, w.bob, fb, &err), SG_OK);
    sg_store_use_athlete(w.st, w.bob);
    sg_entry e;
    memset(&e, 0, sizeof e);
    e.kind = SG_ENTRY_PAIN;
    e.u.pain.day = today;
    e.u.pain.region = SG_REGION_LUMBAR;
    e.u.pain.side = SG_SIDE_LEFT;
    e.u.pain.severity = 7;
    e.u.pain.timing = SG_TIMING_DURING;
    e.u.pain.km = NAN;
    e.u.pain.stiffness_min = -1;
    e.u.pain.eases = -1;
    assert_int_equal(sg_app_journal_add(w.st, &e, today, NULL, &err), SG_OK);
    sg_store_use_athlete(w.st, 1);
    assert_int_equal(sg_store_athlete_fingerprint(w.st, w.bob, fb2, &err), SG_OK);
    assert_string_not_equal(fb, fb2);
    char fa2[SG_ROSTER_FP_MAX];
    assert_int_equal(sg_store_athlete_fingerprint(w.st, w.ann, fa2, &err), SG_OK);
    assert_string_equal(fa, fa2);
    assert_int_equal(sg_app_roster_key(w.st, w.north, today, k2, &err), SG_OK);
    assert_string_not_equal(k1, k2); /* bob's entry changes the clinic's key */
    assert_int_equal(sg_app_roster_cached(w.st, w.north, today, &r, &missing, &err), SG_OK);
    assert_int_equal(missing, 1);
    assert_int_equal(sg_app_roster(w.st, w.north, today, &r, &err), SG_OK);
    assert_int_equal(r.cached, 1);
    assert_int_equal(r.rows[0].athlete_id, w.bob); /* bob has pain now: first by recency */
    assert_true(r.rows[0].pain_recent == 7.0);
    sg_roster_free(&r);
    assert_int_equal(sg_app_roster(w.st, w.south, today, &r, &err), SG_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.rows[0].athlete_id, w.cy);
    sg_roster_free(&r);
    /* the roster's audit: one read row per runner of the clinic */
    assert_int_equal(sg_app_roster_audit(w.st, T0, 9, w.north, "GET /api/clinic/roster", &err),
                     SG_OK);
    assert_int_equal(fx_sql_int(w.path, "SELECT count(*) FROM audit WHERE account_id = 9"), 2);
    free_world(&w);
}

/* The roster's key is the clinic's change counter (schema 12): it moves
 * with everything the roster shows, for that clinic only, when the change
 * commits (by any process: here a second handle), and not for what the
 * roster does not show (a password). */
static void key_moves(world *w, long long clinic, char key[SG_ROSTER_KEY_MAX], bool moved,
                      const char *what)
{
    char now[SG_ROSTER_KEY_MAX];
    sg_err err;
    assert_int_equal(sg_app_roster_key(w->st, clinic, 100, now, &err), SG_OK);
    if (moved == (strcmp(key, now) == 0))
        fail_msg("%s: key %s -> %s", what, key, now);
    memcpy(key, now, SG_ROSTER_KEY_MAX);
}

/* a journal row of the athlete's (the store's own write: it may run inside
 * a transaction the caller opened) */
static void pain_of(sg_store *st, long long athlete, int severity)
{
    sg_err err;
    char payload[32];
    snprintf(payload, sizeof payload, "{\"nrs\":%d}", severity);
    long long was = sg_store_athlete(st), id;
    sg_store_use_athlete(st, athlete);
    int rc = sg_store_journal_add(st, "pain", "2026-03-10", payload, &id, &err);
    if (rc)
        fail_msg("journal row of athlete %lld: %s", athlete, err.msg);
    sg_store_use_athlete(st, was);
}

static void test_roster_key_moves(void **state)
{
    (void)state;
    world w;
    make_world(&w, "keymoves");
    sg_err err;
    char kn[SG_ROSTER_KEY_MAX], ks[SG_ROSTER_KEY_MAX];
    assert_int_equal(sg_app_roster_key(w.st, w.north, 100, kn, &err), SG_OK);
    assert_int_equal(sg_app_roster_key(w.st, w.south, 100, ks, &err), SG_OK);
    assert_string_not_equal(kn, ks);
    char none[SG_ROSTER_KEY_MAX];
    assert_int_equal(sg_app_roster_key(w.st, 999999, 100, none, &err), SG_OK);

    pain_of(w.st, w.ann, 3);
    key_moves(&w, w.north, kn, true, "ann's pain entry");
    key_moves(&w, w.south, ks, false, "ann's pain entry, for South");
    pain_of(w.st, w.cy, 3);
    key_moves(&w, w.south, ks, true, "cy's pain entry");
    key_moves(&w, w.north, kn, false, "cy's pain entry, for North");

    long long dee = runner(&w, w.north, "dee");
    key_moves(&w, w.north, kn, true, "a new runner");
    key_moves(&w, w.south, ks, false, "a new runner of North, for South");
    sg_account ann;
    assert_int_equal(sg_store_account_by_login(w.st, "ann", &ann, &err), SG_OK);
    assert_int_equal(sg_store_account_set_disabled(w.st, ann.id, true, &err), SG_OK);
    key_moves(&w, w.north, kn, true, "ann disabled");
    assert_int_equal(sg_store_account_set_disabled(w.st, ann.id, false, &err), SG_OK);
    key_moves(&w, w.north, kn, true, "ann enabled");
    assert_int_equal(sg_store_account_set_pwhash(w.st, ann.id, ann.pwhash, &err), SG_OK);
    key_moves(&w, w.north, kn, false, "a password set (the roster does not show it)");
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE athletes SET name = 'Dee R' WHERE id = %lld RETURNING 1",
             dee);
    assert_int_equal(fx_sql_int(w.path, sql), 1);
    key_moves(&w, w.north, kn, true, "a runner renamed");

    /* another handle's transaction: seen when it commits, not before */
    sg_store *other = NULL;
    assert_int_equal(sg_store_open(w.path, &other, &err), SG_OK);
    assert_int_equal(sg_store_begin(other, &err), SG_OK);
    pain_of(other, w.bob, 4);
    pain_of(other, w.ann, 4);
    key_moves(&w, w.north, kn, false, "another handle's open transaction");
    assert_int_equal(sg_store_commit(other, &err), SG_OK);
    key_moves(&w, w.north, kn, true, "another handle's transaction, committed");
    sg_store_close(other);

    /* the clinic's copy of a runner deleted (stop sharing) */
    assert_int_equal(sg_store_athlete_delete(w.st, dee, &err), SG_OK);
    key_moves(&w, w.north, kn, true, "a runner's athlete deleted");
    key_moves(&w, w.south, ks, false, "North's runner deleted, for South");
    free_world(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roster_order),
        cmocka_unit_test(test_findings),
        cmocka_unit_test(test_assignments),
        cmocka_unit_test(test_clinic_lookups_and_cache),
        cmocka_unit_test(test_roster_key_moves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
