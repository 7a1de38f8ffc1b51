/* The load use case on a real (temporary) store: simulated training blocks
 * are encoded and ingested like `import` does, then sg_app_load runs cold
 * (decode + analyse) and warm (cache), with and without a profile, with RPE
 * entries, clock-wrong files and race courses. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "app/load.h"
#include "bytes/file.h"
#include "bytes/sha256.h"
#include "model/jsonw.h"
#include "render/load_json.h"
#include "strideguard/gpx_write.h"
#include "strideguard/journal.h"
#include "strideguard/sim.h"
#include "strideguard/store.h"

#define DAY 86400.0

/* ---- helpers ---------------------------------------------------------- */

static sg_store *open_store(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.db", sg_test_tmpdir(), name);
    remove(path);
    char wal[1100];
    snprintf(wal, sizeof wal, "%s-wal", path);
    remove(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    remove(wal);
    sg_store *st = NULL;
    sg_err e;
    if (sg_store_open(path, &st, &e))
        fail_msg("store open: %s", e.msg);
    return st;
}

/* Stores an activity as import does; returns its id. */
static long long ingest(sg_store *st, const sg_activity *a, int k)
{
    sg_store_summary sum;
    sg_store_summarize(a, &sum);
    unsigned char *blob;
    size_t len;
    sg_err e;
    if (sg_store_blob_encode(a, &blob, &len, &e))
        fail_msg("encode: %s", e.msg);
    char path[64];
    snprintf(path, sizeof path, "run%04d.fit", k);
    sg_store_source src;
    memset(&src, 0, sizeof src);
    src.path = src.file_name = path;
    sg_sha256_hex(blob, len, src.sha256);
    src.format = "fit";
    src.size = (long long)len;
    src.imported_at = 1700000000;
    sg_ingest_result res;
    if (sg_store_ingest(st, &sum, blob, len, &src, &res, &e))
        fail_msg("ingest: %s", e.msg);
    free(blob);
    return res.activity_id;
}

typedef struct block {
    sg_sim_block_params p;
    sg_sim_planted pl;
    sg_activity **acts;
    size_t n;
    long long *ids;
} block;

static void make_block(block *b, sg_store *st, bool taper, bool race, int spike_week)
{
    memset(b, 0, sizeof *b);
    sg_sim_block_defaults(&b->p);
    b->p.sample_interval_s = 5;   /* keeps the test quick; distances are unchanged */
    b->p.taper = taper;
    b->p.race = race;
    b->p.spike_week = spike_week;
    sg_err e;
    if (sg_sim_block(&b->p, NULL, &b->acts, &b->n, &b->pl, &e))
        fail_msg("sim: %s", e.msg);
    b->ids = calloc(b->n, sizeof *b->ids);
    for (size_t i = 0; i < b->n; i++)
        b->ids[i] = ingest(st, b->acts[i], (int)i);
}

static void free_block(block *b)
{
    sg_sim_block_free(b->acts, b->n, NULL);
    free(b->ids);
}

static void save_profile(sg_store *st, double hr_rest, double hr_max, double race_date,
                         const char *course)
{
    sg_athlete p;
    sg_athlete_init(&p, NULL);
    p.sex = SG_SEX_MALE;
    p.hr_rest = hr_rest;
    p.hr_max = hr_max;
    p.race_date = race_date;
    if (course)
        p.course_path = sg_strdup(NULL, course);
    sg_err e;
    if (sg_app_athlete_save(st, &p, &e))
        fail_msg("athlete save: %s", e.msg);
    sg_athlete_clear(&p);
}

static sg_load_result *run_load(sg_store *st, double today, sg_app_load_stats *stats)
{
    sg_app_load_opts o;
    sg_app_load_opts_init(&o, today);
    sg_load_result *r = NULL;
    sg_err e;
    if (sg_app_load(st, &o, NULL, &r, stats, &e))
        fail_msg("sg_app_load: %s", e.msg);
    return r;
}

static char *to_json(const sg_load_result *r)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_load_json(&w, r, true);
    assert_false(sg_jw_error(&w));
    return sg_jw_take_buf(&w, NULL);
}

static const sg_load_flag *find_flag(const sg_load_flag *f, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].code, code) == 0)
            return &f[i];
    return NULL;
}

/* ---- per-activity inputs ---------------------------------------------- */

static sg_activity *sim_one(uint64_t seed, double start, double dist)
{
    sg_sim_run_params p;
    sg_sim_run_defaults(&p);
    p.seed = seed;
    p.start_time = start;
    p.distance_m = dist;
    p.sample_interval_s = 2;
    sg_activity *a = NULL;
    sg_err e;
    if (sg_sim_run(&p, NULL, &a, &e))
        fail_msg("sim run: %s", e.msg);
    return a;
}

static void test_trimp_from_histogram(void **state)
{
    (void)state;
    sg_activity *a = sim_one(7, 1740000000, 12000);
    sg_app_load_inputs *in = malloc(sizeof *in);
    assert_int_equal(sg_app_load_inputs_compute(a, 5, in, NULL), SG_OK);
    const double ctx[][2] = {{50, 186}, {60, 170}, {45, 200}, {70, 140}};
    for (size_t k = 0; k < 4; k++)
        for (int sex = 0; sex < 3; sex++) {
            double want = sg_trimp_activity(a, ctx[k][0], ctx[k][1], (sg_sex)sex);
            double got = sg_app_load_trimp(in, ctx[k][0], ctx[k][1], (sg_sex)sex);
            assert_true(isfinite(want));
            assert_close(got, want, 2e-3);   /* fractional bpm: within a bin */
        }
    /* integer heart rates (what FIT stores): exact */
    for (size_t i = 0; i < a->n; i++)
        a->ch[SG_CH_HEART_RATE][i] = round(a->ch[SG_CH_HEART_RATE][i]);
    assert_int_equal(sg_app_load_inputs_compute(a, 5, in, NULL), SG_OK);
    for (size_t k = 0; k < 4; k++)
        assert_close(sg_app_load_trimp(in, ctx[k][0], ctx[k][1], SG_SEX_FEMALE),
                     sg_trimp_activity(a, ctx[k][0], ctx[k][1], SG_SEX_FEMALE), 1e-9);
    assert_true(isnan(sg_app_load_trimp(in, 180, 170, SG_SEX_MALE)));
    /* the rest of the summary */
    assert_int_equal(in->s.activity_id, 5);
    assert_close(in->s.start, 1740000000, 0);
    assert_close(in->s.distance_m, 12000, 0.01);
    assert_true(isfinite(in->s.impact_weighted_km));
    assert_true(isfinite(in->s.descent_m));
    assert_true(isfinite(in->s.hr_peak));
    assert_true(isnan(in->s.trimp));
    assert_string_equal(in->device, "strideguard-sim");
    /* no heart rate: no TRIMP */
    for (size_t i = 0; i < a->n; i++)
        a->ch[SG_CH_HEART_RATE][i] = NAN;
    assert_int_equal(sg_app_load_inputs_compute(a, 5, in, NULL), SG_OK);
    assert_true(isnan(sg_app_load_trimp(in, 50, 186, SG_SEX_MALE)));
    assert_true(isnan(in->s.hr_peak));
    free(in);
    sg_activity_free(a);
}

static void test_inputs_json_round_trip(void **state)
{
    (void)state;
    sg_activity *a = sim_one(9, 1740100000, 8000);
    sg_app_load_inputs *in = malloc(sizeof *in), *back = malloc(sizeof *back);
    assert_int_equal(sg_app_load_inputs_compute(a, 3, in, NULL), SG_OK);
    in->s.moving_time_s = NAN;   /* unknowns survive as null */
    char *json = NULL;
    assert_int_equal(sg_app_load_inputs_to_json(in, &json, NULL), SG_OK);
    assert_int_equal(sg_app_load_inputs_from_json(json, 3, back, NULL), SG_OK);
    assert_int_equal(back->s.activity_id, 3);
    assert_true(back->s.start == in->s.start);
    assert_int_equal(back->s.sport, in->s.sport);
    assert_true(back->s.distance_m == in->s.distance_m);
    assert_true(isnan(back->s.moving_time_s));
    assert_true(back->s.duration_s == in->s.duration_s);
    assert_true(back->s.descent_m == in->s.descent_m);
    assert_true(back->s.impact_weighted_km == in->s.impact_weighted_km);
    assert_true(back->s.hr_peak == in->s.hr_peak);
    assert_string_equal(back->device, in->device);
    assert_true(sg_app_load_trimp(back, 50, 186, SG_SEX_MALE) ==
                sg_app_load_trimp(in, 50, 186, SG_SEX_MALE));
    /* the same text with spaces goes through the general reader (jansson)
     * instead of the exact-form one: the same inputs to the bit */
    char *spaced = malloc(2 * strlen(json) + 1), *o = spaced;
    for (const char *c = json; *c; c++) {
        *o++ = *c;
        if (*c == ',' || *c == ':')
            *o++ = ' ';
    }
    *o = '\0';
    sg_app_load_inputs *slow = malloc(sizeof *slow);
    assert_int_equal(sg_app_load_inputs_from_json(spaced, 3, slow, NULL), SG_OK);
    assert_memory_equal(back, slow, sizeof *back);
    free(spaced);
    free(json);
    sg_err e;
    /* -0 as an integer is +0 in both (jansson reads integers as integers);
     * an escaped device name and a real bin number leave the exact form */
    const char *texts[] = {
        "{\"start\":-0,\"sport\":\"running\",\"distance_m\":1.5e3,\"moving_time_s\":null,"
        "\"duration_s\":-0.0,\"ascent_m\":0,\"descent_m\":1E-2,\"impact_weighted_km\":null,"
        "\"hr_peak\":150,\"device\":\"w\",\"from_listing\":true,\"hr\":[90,1,90.5,91,2,91]}",
        "{\"start\":1,\"sport\":\"running\",\"distance_m\":1,\"moving_time_s\":1,"
        "\"duration_s\":1,\"ascent_m\":1,\"descent_m\":1,\"impact_weighted_km\":1,"
        "\"hr_peak\":1,\"device\":\"a\\\"b\",\"from_listing\":false,\"hr\":[]}",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        char *sp = malloc(2 * strlen(texts[t]) + 1), *q = sp;
        for (const char *c = texts[t]; *c; c++) {
            *q++ = *c;
            if (*c == ',' && c[1] == '"')
                *q++ = ' ';
        }
        *q = '\0';
        assert_int_equal(sg_app_load_inputs_from_json(texts[t], 5, back, NULL), SG_OK);
        assert_int_equal(sg_app_load_inputs_from_json(sp, 5, slow, NULL), SG_OK);
        assert_memory_equal(back, slow, sizeof *back);
        free(sp);
    }
    assert_false(signbit(back->s.start));
    assert_string_equal(back->device, "a\"b");
    assert_int_equal(sg_app_load_inputs_from_json(texts[0], 5, back, NULL), SG_OK);
    assert_false(signbit(back->s.start));
    assert_true(signbit(back->s.duration_s));
    assert_true(back->from_listing);
    assert_true(back->hr_mean[90 - SG_APP_LOAD_HR_LO] == 90.5);
    free(slow);
    const char *bad[] = {
        "{\"start\":01,\"sport\":\"running\",\"distance_m\":1,\"moving_time_s\":1,"
        "\"duration_s\":1,\"ascent_m\":1,\"descent_m\":1,\"impact_weighted_km\":1,"
        "\"hr_peak\":1,\"device\":\"\",\"from_listing\":false,\"hr\":[]}",
        "{\"start\":1,\"sport\":\"running\",\"distance_m\":1,\"moving_time_s\":1,"
        "\"duration_s\":1,\"ascent_m\":1,\"descent_m\":1,\"impact_weighted_km\":1,"
        "\"hr_peak\":1,\"device\":\"\",\"from_listing\":false,\"hr\":[91.0,1,1]}",
        "{\"start\":1,\"sport\":\"running\",\"distance_m\":1,\"moving_time_s\":1,"
        "\"duration_s\":1,\"ascent_m\":1,\"descent_m\":1,\"impact_weighted_km\":1,"
        "\"hr_peak\":1,\"device\":\"\",\"from_listing\":false,\"hr\":[91,null,1]}",
        "{\"start\":1,\"sport\":\"running\",\"distance_m\":1,\"moving_time_s\":1,"
        "\"duration_s\":1,\"ascent_m\":1,\"descent_m\":1,\"impact_weighted_km\":1,"
        "\"hr_peak\":1,\"device\":\"\",\"from_listing\":false,\"hr\":[]}x",
        "{\"start\":1,\"sport\":\"running\",\"distance_m\":1e999,\"moving_time_s\":1,"
        "\"duration_s\":1,\"ascent_m\":1,\"descent_m\":1,\"impact_weighted_km\":1,"
        "\"hr_peak\":1,\"device\":\"\",\"from_listing\":false,\"hr\":[]}",
    };
    for (size_t t = 0; t < sizeof bad / sizeof *bad; t++)
        assert_int_equal(sg_app_load_inputs_from_json(bad[t], 1, back, &e), SG_EFORMAT);
    assert_int_equal(sg_app_load_inputs_from_json("[1,2]", 1, back, &e), SG_EFORMAT);
    assert_int_equal(sg_app_load_inputs_from_json("{\"sport\":\"running\",\"hr\":[300,1,1]}", 1,
                                                  back, &e),
                     SG_EFORMAT);
    assert_int_equal(sg_app_load_inputs_from_json("not json", 1, back, &e), SG_EFORMAT);
    free(in);
    free(back);
    sg_activity_free(a);
}

static void test_today(void **state)
{
    (void)state;
    double t;
    sg_err e;
    assert_int_equal(sg_app_load_today(NULL, 1760000000.5, &t, &e), SG_OK);
    assert_close(t, 1760000000.5, 0);
    assert_int_equal(sg_app_load_today("2025-10-19", 0, &t, &e), SG_OK);
    assert_close(t, 1760832000 + 86399, 0);
    assert_int_equal(sg_app_load_today("2025-02-30", 0, &t, &e), SG_EUSAGE);
    assert_non_null(strstr(e.msg, "2025-02-30"));
    assert_int_equal(sg_app_load_today("yesterday", 0, &t, &e), SG_EUSAGE);
    assert_int_equal(sg_app_load_today("2025-10-19T07:00", 0, &t, &e), SG_EUSAGE);
    assert_int_equal(sg_app_load_today("", 0, &t, &e), SG_EUSAGE);
}

/* ---- the use case ------------------------------------------------------ */

/* A 16-week block without taper and one planted spike: cold and warm give
 * the same JSON; the spike is found on its day in its category; the missing
 * taper is flagged. */
static void test_block_spike_taper_cache(void **state)
{
    (void)state;
    sg_store *st = open_store("block");
    block b;
    make_block(&b, st, false, false, 3);
    double race = b.pl.race_date, today = race - 4 * DAY + 86399;
    save_profile(st, 50, 186, race, NULL);

    sg_app_load_stats s1, s2;
    sg_load_result *r1 = run_load(st, today, &s1);
    assert_int_equal(s1.activities, b.n);
    assert_int_equal(s1.computed, b.n);
    assert_int_equal(s1.cache_written, b.n);
    assert_int_equal(s1.from_cache, 0);
    assert_true(s1.profile);
    assert_false(s1.hr_max_estimated);
    sg_load_result *r2 = run_load(st, today, &s2);
    assert_int_equal(s2.from_cache, b.n);
    assert_int_equal(s2.computed, 0);
    char *j1 = to_json(r1), *j2 = to_json(r2);
    assert_string_equal(j1, j2);
    free(j1);
    free(j2);

    assert_int_equal(r1->metric, SG_LOAD_TRIMP);
    long long spike_id = b.ids[b.pl.spike_index];
    const sg_load_spike *sp = NULL;
    for (size_t i = 0; i < r1->n_spikes; i++)
        if (r1->spikes[i].activity_id == spike_id)
            sp = &r1->spikes[i];
    assert_non_null(sp);
    assert_int_equal(sp->day, sg_load_day_of(b.pl.spike_start));
    assert_int_equal(sp->category, SG_SPIKE_LARGE);
    assert_close(sp->longest30_m, b.pl.spike_baseline_m, 0.02);
    /* no other run of the block is a large spike */
    for (size_t i = 0; i < r1->n_spikes; i++)
        if (r1->spikes[i].activity_id != spike_id)
            assert_true(r1->spikes[i].category != SG_SPIKE_LARGE);
    assert_true(r1->has_race);
    assert_non_null(find_flag(r1->race.flags, r1->race.n_flags, "taper_missing"));
    assert_null(find_flag(r1->flags, r1->n_flags, "no_profile"));
    assert_null(find_flag(r1->flags, r1->n_flags, "hr_max_estimated"));
    sg_load_result_free(r1);
    sg_load_result_free(r2);

    /* a profile change needs no recompute, but changes TRIMP */
    save_profile(st, 50, 170, race, NULL);
    sg_load_result *r3 = run_load(st, today, &s2);
    assert_int_equal(s2.from_cache, b.n);
    sg_load_result *r4;
    save_profile(st, 50, 186, race, NULL);
    r4 = run_load(st, today, &s2);
    assert_true(r3->ctl > r4->ctl * 1.05);   /* lower HRmax = harder sessions */
    sg_load_result_free(r3);
    sg_load_result_free(r4);

    /* a what-if today in the past: later runs are "not yet", not clock errors */
    sg_app_load_opts w;
    sg_app_load_opts_init(&w, today);
    w.now = race + 30 * DAY;
    sg_load_result *r6 = NULL;
    assert_int_equal(sg_app_load(st, &w, NULL, &r6, &s2, NULL), SG_OK);
    assert_int_equal(r6->n_excluded, 0);
    assert_true(s2.after_today > 0);
    assert_int_equal(r6->n_used + s2.after_today, b.n);
    sg_load_result_free(r6);

    /* no_cache recomputes and gives the same numbers */
    sg_app_load_opts o;
    sg_app_load_opts_init(&o, today);
    o.no_cache = true;
    sg_load_result *r5 = NULL;
    assert_int_equal(sg_app_load(st, &o, NULL, &r5, &s2, NULL), SG_OK);
    assert_int_equal(s2.computed, b.n);
    assert_int_equal(s2.from_cache, 0);
    r4 = run_load(st, today, &s2);
    j1 = to_json(r4);
    j2 = to_json(r5);
    assert_string_equal(j1, j2);
    free(j1);
    free(j2);
    sg_load_result_free(r4);
    sg_load_result_free(r5);
    free_block(&b);
    sg_store_close(st);
}

/* The cached inputs are read in one statement (sg_store_cache_get_all):
 * runs with none, with a damaged one or with one of another version are
 * computed (and cached), the others read, and the document is the same as
 * a fully cached or an uncached call. */
static void test_partly_cached(void **state)
{
    (void)state;
    sg_store *st = open_store("partly_cached");
    block b;
    make_block(&b, st, false, false, 3);
    double today = b.pl.race_date - 4 * DAY + 86399;
    save_profile(st, 50, 186, b.pl.race_date, NULL);
    sg_app_load_stats s;
    sg_load_result *full = run_load(st, today, &s);
    assert_int_equal(s.computed, b.n);
    assert_true(b.n > 6);
    int ver = sg_app_load_cache_version();
    assert_int_equal(sg_store_cache_delete(st, b.ids[0], SG_APP_LOAD_CACHE_NAME, NULL), SG_OK);
    assert_int_equal(sg_store_cache_delete(st, b.ids[b.n - 1], SG_APP_LOAD_CACHE_NAME, NULL),
                     SG_OK);
    assert_int_equal(sg_store_cache_put(st, b.ids[2], SG_APP_LOAD_CACHE_NAME, ver, "{\"hr\":",
                                        NULL),
                     SG_OK);
    assert_int_equal(sg_store_cache_put(st, b.ids[4], SG_APP_LOAD_CACHE_NAME, ver - 1, "{}", NULL),
                     SG_OK);
    sg_load_result *mixed = run_load(st, today, &s);
    assert_int_equal(s.computed, 4);
    assert_int_equal(s.cache_written, 4);
    assert_int_equal(s.from_cache, b.n - 4);
    sg_load_result *warm = run_load(st, today, &s);
    assert_int_equal(s.computed, 0);
    assert_int_equal(s.from_cache, b.n);
    char *j1 = to_json(full), *j2 = to_json(mixed), *j3 = to_json(warm);
    assert_string_equal(j1, j2);
    assert_string_equal(j1, j3);
    free(j1);
    free(j2);
    free(j3);
    sg_load_result_free(full);
    sg_load_result_free(mixed);
    sg_load_result_free(warm);
    free_block(&b);
    sg_store_close(st);
}

/* With a taper, the analysis says so and does not flag it missing. */
static void test_block_with_taper(void **state)
{
    (void)state;
    sg_store *st = open_store("taper");
    block b;
    make_block(&b, st, true, false, -1);
    save_profile(st, 50, 186, b.pl.race_date, NULL);
    sg_app_load_stats s;
    sg_load_result *r = run_load(st, b.pl.race_date - 1 * DAY + 86399, &s);
    assert_true(r->has_race);
    assert_null(find_flag(r->race.flags, r->race.n_flags, "taper_missing"));
    assert_true(find_flag(r->race.flags, r->race.n_flags, "taper_ok") ||
                find_flag(r->race.flags, r->race.n_flags, "taper_deep") ||
                find_flag(r->race.flags, r->race.n_flags, "taper_light"));
    for (size_t i = 0; i < r->n_spikes; i++)
        assert_true(r->spikes[i].category != SG_SPIKE_LARGE);
    sg_load_result_free(r);
    free_block(&b);
    sg_store_close(st);
}

/* No profile: defaults and an estimated HRmax, with flags; no race. */
static void test_no_profile(void **state)
{
    (void)state;
    sg_store *st = open_store("noprofile");
    long long ids[6];
    for (int k = 0; k < 6; k++) {
        sg_activity *a = sim_one(100 + (uint64_t)k, 1760000000 + k * 2 * DAY, 10000);
        ids[k] = ingest(st, a, k);
        sg_activity_free(a);
    }
    (void)ids;
    sg_app_load_stats s;
    sg_load_result *r = run_load(st, 1760000000 + 20 * DAY, &s);
    assert_false(s.profile);
    assert_true(s.hr_max_estimated);
    assert_true(r->hr_max_estimated);
    assert_close(r->hr_max, s.hr_max, 0);
    assert_close(r->hr_rest, SG_APP_LOAD_HR_REST_DEFAULT, 0);   /* the analysis' default */
    assert_true(r->hr_rest_default);
    assert_non_null(find_flag(r->flags, r->n_flags, "no_profile"));
    assert_non_null(find_flag(r->flags, r->n_flags, "hr_max_estimated"));
    assert_non_null(find_flag(r->flags, r->n_flags, "hr_rest_default"));
    assert_false(r->has_race);
    assert_int_equal(r->metric, SG_LOAD_TRIMP);
    assert_int_equal(r->n_used, 6);
    sg_load_result_free(r);

    /* profile with resting HR only: HRmax still estimated, flagged */
    save_profile(st, 48, NAN, NAN, NULL);
    r = run_load(st, 1760000000 + 20 * DAY, &s);
    assert_true(s.profile);
    assert_true(r->hr_max_estimated);
    assert_non_null(find_flag(r->flags, r->n_flags, "hr_max_estimated"));
    assert_null(find_flag(r->flags, r->n_flags, "no_profile"));
    assert_null(find_flag(r->flags, r->n_flags, "hr_rest_default"));
    sg_load_result_free(r);
    sg_store_close(st);
}

/* No heart rate anywhere and no profile: distance load still works. */
static void test_no_heart_rate(void **state)
{
    (void)state;
    sg_store *st = open_store("nohr");
    for (int k = 0; k < 5; k++) {
        sg_activity *a = sim_one(200 + (uint64_t)k, 1760000000 + k * DAY, 8000 + 1000 * k);
        for (size_t i = 0; i < a->n; i++)
            a->ch[SG_CH_HEART_RATE][i] = NAN;
        ingest(st, a, k);
        sg_activity_free(a);
    }
    sg_app_load_stats s;
    sg_load_result *r = run_load(st, 1760000000 + 10 * DAY, &s);
    assert_false(s.hr_max_estimated);
    assert_int_equal(r->metric, SG_LOAD_DISTANCE);
    assert_non_null(find_flag(r->flags, r->n_flags, "hr_max_unknown"));
    assert_non_null(find_flag(r->flags, r->n_flags, "no_profile"));
    double km = 0;
    for (size_t i = 0; i < r->n_days; i++)
        km += r->days[i].load;
    assert_close(km, 8 + 9 + 10 + 11 + 12, 0.01);
    sg_load_result_free(r);
    sg_store_close(st);
}

/* RPE entries from the journal become session RPE load on the run's day;
 * bad and orphan entries are counted, not fatal. Clock-wrong files are
 * excluded and listed. */
static void test_rpe_and_clock(void **state)
{
    (void)state;
    sg_store *st = open_store("rpe");
    double t0 = 1760000000;
    long long id[4];
    for (int k = 0; k < 4; k++) {
        sg_activity *a = sim_one(300 + (uint64_t)k, t0 + k * DAY, 6000);
        id[k] = ingest(st, a, k);
        sg_activity_free(a);
    }
    sg_activity *old = sim_one(400, 599616000 /* 1989-01-01 */, 5000);
    sg_activity *fut = sim_one(401, t0 + 400 * DAY, 5000);
    long long id_old = ingest(st, old, 10), id_fut = ingest(st, fut, 11);
    sg_activity_free(old);
    sg_activity_free(fut);
    sg_err e;
    char p[128];
    snprintf(p, sizeof p, "{\"kind\":\"rpe\",\"date\":\"2025-10-09\",\"run_id\":%lld,\"rpe\":4}",
             id[0]);
    assert_int_equal(sg_store_journal_add(st, "rpe", "2025-10-09", p, NULL, &e), SG_OK);
    snprintf(p, sizeof p, "{\"kind\":\"rpe\",\"date\":\"2025-10-09\",\"run_id\":%lld,\"rpe\":7}",
             id[0]);   /* a later correction wins */
    assert_int_equal(sg_store_journal_add(st, "rpe", "2025-10-09", p, NULL, &e), SG_OK);
    assert_int_equal(sg_store_journal_add(st, "rpe", "2025-10-10", "{broken", NULL, &e), SG_OK);
    assert_int_equal(sg_store_journal_add(st, "rpe", "2025-10-10",
                                          "{\"kind\":\"rpe\",\"date\":null,\"run_id\":99999,\"rpe\":3}",
                                          NULL, &e),
                     SG_OK);
    sg_app_load_stats s;
    sg_load_result *r = run_load(st, t0 + 10 * DAY, &s);
    assert_int_equal(s.rpe_used, 1);
    assert_int_equal(s.rpe_ignored, 2);
    int32_t d0 = sg_load_day_of(t0);
    const sg_load_day *day = NULL;
    for (size_t i = 0; i < r->n_days; i++)
        if (r->days[i].day == d0)
            day = &r->days[i];
    assert_non_null(day);
    assert_true(isfinite(day->srpe_load));
    assert_close(day->srpe_load / 7.0, day->time_s / 60.0, 0.02);
    assert_int_equal(r->n_excluded, 2);
    int seen = 0;
    for (size_t i = 0; i < r->n_excluded; i++) {
        if (r->excluded[i].activity_id == id_old) {
            assert_int_equal(r->excluded[i].reason, SG_EXCL_BEFORE_2000);
            seen++;
        }
        if (r->excluded[i].activity_id == id_fut) {
            assert_int_equal(r->excluded[i].reason, SG_EXCL_FUTURE);
            seen++;
        }
    }
    assert_int_equal(seen, 2);
    assert_non_null(find_flag(r->flags, r->n_flags, "activities_excluded"));
    sg_load_result_free(r);
    sg_store_close(st);
}

static void write_course(const char *path, bool elevation)
{
    sg_activity *c = NULL;
    sg_err e;
    assert_int_equal(sg_sim_course(50, NULL, &c, &e), SG_OK);
    if (!elevation)
        for (size_t i = 0; i < c->n; i++)
            c->ch[SG_CH_ALTITUDE][i] = NAN;
    char *gpx = NULL;
    size_t len = 0;
    assert_int_equal(sg_gpx_write(c, NULL, NULL, &gpx, &len, &e), SG_OK);
    assert_int_equal(sg_file_write_atomic(path, gpx, len, &e), SG_OK);
    sg_free(NULL, gpx);
    sg_activity_free(c);
}

/* The race part with the profile's course, a course without elevation, a
 * course that cannot be read, and a what-if date. */
static void test_race_course(void **state)
{
    (void)state;
    sg_store *st = open_store("race");
    double t0 = 1760000000;
    for (int k = 0; k < 8; k++) {
        sg_activity *a = sim_one(500 + (uint64_t)k, t0 + k * 2 * DAY, 9000 + 500 * k);
        ingest(st, a, k);
        sg_activity_free(a);
    }
    char hilly[1024], flat[1024], missing[1024];
    snprintf(hilly, sizeof hilly, "%s/course_hilly.gpx", sg_test_tmpdir());
    snprintf(flat, sizeof flat, "%s/course_noele.gpx", sg_test_tmpdir());
    snprintf(missing, sizeof missing, "%s/no_such_course.gpx", sg_test_tmpdir());
    write_course(hilly, true);
    write_course(flat, false);
    double race = 1762041600;   /* 2025-11-02 */
    double today = t0 + 16 * DAY;
    save_profile(st, 50, 186, race, hilly);
    sg_app_load_stats s;
    sg_load_result *r = run_load(st, today, &s);
    assert_true(s.course);
    assert_true(r->has_race);
    assert_true(r->race.has_course);
    assert_true(r->race.course.has_elevation);
    assert_true(r->race.course.descent_m > 500);
    assert_null(find_flag(r->race.flags, r->race.n_flags, "course_unreadable"));
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_load_json_race(&w, r);
    char *j = sg_jw_take_buf(&w, NULL);
    assert_non_null(strstr(j, "\"course\":{\"has_elevation\":true"));
    free(j);
    sg_load_result_free(r);

    save_profile(st, 50, 186, race, flat);
    r = run_load(st, today, &s);
    assert_true(s.course);
    assert_true(r->race.has_course);
    assert_false(r->race.course.has_elevation);
    assert_non_null(find_flag(r->race.flags, r->race.n_flags, "course_no_elevation"));
    sg_load_result_free(r);

    save_profile(st, 50, 186, race, missing);
    r = run_load(st, today, &s);
    assert_false(s.course);
    assert_true(s.course_error[0] != '\0');
    assert_false(r->race.has_course);
    assert_non_null(find_flag(r->race.flags, r->race.n_flags, "course_unreadable"));
    sg_load_result_free(r);

    /* no race at all: null in JSON */
    save_profile(st, 50, 186, NAN, NULL);
    r = run_load(st, today, &s);
    assert_false(r->has_race);
    sg_jw_init_buf(&w, 0, 0);
    sg_load_json_race(&w, r);
    j = sg_jw_take_buf(&w, NULL);
    assert_string_equal(j, "null");
    free(j);
    sg_load_result_free(r);

    /* what-if: --date and --course override the (empty) profile */
    sg_app_load_opts o;
    sg_app_load_opts_init(&o, today);
    o.race_date = race;
    o.course_path = hilly;
    assert_int_equal(sg_app_load(st, &o, NULL, &r, &s, NULL), SG_OK);
    assert_true(r->has_race);
    assert_true(r->race.has_course);
    assert_int_equal(r->race.days_to_race, (int)(sg_load_day_of(race) - sg_load_day_of(today)));
    sg_load_result_free(r);
    sg_store_close(st);
}

/* An empty store is a result (no_data), not an error; bad arguments are. */
static void test_empty_and_usage(void **state)
{
    (void)state;
    sg_store *st = open_store("empty");
    sg_app_load_stats s;
    sg_load_result *r = run_load(st, 1760000000, &s);
    assert_int_equal(s.activities, 0);
    assert_int_equal(r->n_days, 0);
    assert_non_null(find_flag(r->flags, r->n_flags, "no_data"));
    sg_load_result_free(r);
    sg_app_load_opts o;
    sg_app_load_opts_init(&o, NAN);
    sg_err e;
    r = (sg_load_result *)&o;
    assert_int_equal(sg_app_load(st, &o, NULL, &r, NULL, &e), SG_EUSAGE);
    assert_null(r);
    /* a damaged profile is an error, not silently ignored */
    assert_int_equal(sg_store_kv_put(st, SG_ATHLETE_KEY, "{\"hr_max\":", &e), SG_OK);
    sg_app_load_opts_init(&o, 1760000000);
    assert_int_equal(sg_app_load(st, &o, NULL, &r, NULL, &e), SG_EFORMAT);
    sg_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trimp_from_histogram),
        cmocka_unit_test(test_inputs_json_round_trip),
        cmocka_unit_test(test_today),
        cmocka_unit_test(test_block_spike_taper_cache),
        cmocka_unit_test(test_partly_cached),
        cmocka_unit_test(test_block_with_taper),
        cmocka_unit_test(test_no_profile),
        cmocka_unit_test(test_no_heart_rate),
        cmocka_unit_test(test_rpe_and_clock),
        cmocka_unit_test(test_race_course),
        cmocka_unit_test(test_empty_and_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
