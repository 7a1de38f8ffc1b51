/* A generated 16-week marathon build (deterministic, built here) with one
 * planted single-session spike and no taper: the result must report the
 * spike in the right category on the right date and flag the taper. Also the
 * same build with a proper taper, the course summary, and the descent
 * progression (science §7.6-7.8). */
#include "support/sg_test.h"

#include <jansson.h>
#include <string.h>

#include "model/jsonw.h"
#include "render/load_json.h"
#include "render/load_text.h"
#include "strideguard/figures.h"
#include "strideguard/load.h"

#define M0 19723              /* Monday 2024-01-01 */
#define RACE (M0 + 7 * 16 + 6) /* Sunday 2024-04-28 */
#define SPIKE_DAY (M0 + 7 * 8 + 2)  /* Wednesday 2024-02-28 */
#define SPIKE_ID 9999
#define MAXR 128

typedef struct build {
    sg_run_summary r[MAXR];
    size_t n;
} build;

static void add(build *b, int64_t id, int32_t day, double km, double descent)
{
    assert_true(b->n < MAXR);
    sg_run_summary *r = &b->r[b->n++];
    sg_run_summary_init(r);
    r->activity_id = id;
    r->start = day * 86400.0 + 7 * 3600;
    r->sport = SG_SPORT_RUNNING;
    r->distance_m = km * 1000;
    r->moving_time_s = r->duration_s = km * 345;
    r->ascent_m = descent;
    r->descent_m = descent;
}

/* Tue 8, Thu 8, Sat 6 km and a Sunday long run growing 0.8 km a week from
 * 12 km (never +10 % on the longest of 30 days); the history opens with a
 * Sunday 12 km. taper: the final 14 days at half volume. spike: a 30 km run
 * on SPIKE_DAY when the longest of the 30 days before was 17.6 km (+70 %). */
static void make_build(build *b, int taper, int spike)
{
    b->n = 0;
    for (int32_t d = M0 - 1; d < RACE; d++) {
        int wd = (d - M0 + 7) % 7;   /* 0 = Monday */
        int w = (d - M0) / 7;
        double km = 0;
        if (wd == 1 || wd == 3)
            km = 8;
        else if (wd == 5)
            km = 6;
        else if (wd == 6)
            km = d < M0 ? 12 : 12 + 0.8 * w;
        if (!km)
            continue;
        if (taper && d >= RACE - 14)
            km *= 0.5;
        add(b, 1000 + d, d, km, km * 4);
    }
    if (spike)
        add(b, SPIKE_ID, SPIKE_DAY, 30, 120);
}

static const sg_load_flag *find_flag(const sg_load_flag *f, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].code, code) == 0)
            return &f[i];
    return NULL;
}

static void test_spike_and_missing_taper(void **state)
{
    (void)state;
    static build b;
    make_build(&b, 0, 1);
    sg_load_opts o;
    sg_load_opts_init(&o, (RACE - 1) * 86400.0 + 20 * 3600);
    o.race_date = RACE * 86400.0;
    sg_load_result *r = NULL;
    assert_int_equal(sg_load_analyze(b.r, b.n, &o, NULL, &r, NULL), SG_OK);

    size_t flagged = 0;
    const sg_load_spike *hit = NULL;
    for (size_t i = 0; i < r->n_spikes; i++) {
        if (r->spikes[i].category >= SG_SPIKE_SMALL) {
            flagged++;
            hit = &r->spikes[i];
        }
    }
    assert_int_equal(flagged, 1);
    assert_non_null(hit);
    assert_int_equal(hit->activity_id, SPIKE_ID);
    assert_int_equal(hit->day, SPIKE_DAY);
    assert_int_equal(hit->category, SG_SPIKE_MODERATE);
    assert_close(hit->longest30_m, 17600, 1e-9);
    assert_close(hit->spike_pct, 100 * (30.0 / 17.6 - 1), 1e-9);
    char ds[11];
    assert_string_equal(sg_load_day_str(hit->day, ds), "2024-02-28");
    assert_int_equal(r->spikes[0].category, SG_SPIKE_NO_BASELINE);

    assert_true(r->has_race);
    assert_int_equal(r->race.days_to_race, 1);
    assert_true(r->race.taper_reduction_pct < 20);
    assert_non_null(find_flag(r->race.flags, r->race.n_flags, "taper_missing"));
    assert_null(find_flag(r->race.flags, r->race.n_flags, "taper_ok"));
    /* the spike's 7-day block (8 weeks out) is the biggest of the build */
    assert_int_equal(r->race.peak_block, 8);
    /* the 30 km spike, 60 days out, is before the final 8 weeks: the long run
     * of the build is the Sunday run a week out (science §7.6) */
    assert_int_equal(RACE - SPIKE_DAY, 60);
    assert_int_equal(r->race.longest_run_days_out, 7);
    assert_non_null(find_flag(r->race.flags, r->race.n_flags, "long_run_late"));
    assert_null(find_flag(r->race.flags, r->race.n_flags, "long_run_early"));
    /* a spike older than 14 days is in the list, not in "watch out" */
    assert_null(find_flag(r->flags, r->n_flags, "session_spike"));

    /* the JSON says the same */
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_load_json(&w, r, false);
    assert_int_equal(sg_jw_error(&w), 0);
    size_t len;
    char *txt = sg_jw_take_buf(&w, &len);
    json_error_t je;
    json_t *root = json_loads(txt, 0, &je);
    assert_non_null(root);
    json_t *spikes = json_object_get(root, "spikes");
    size_t i;
    json_t *s;
    int seen = 0;
    json_array_foreach(spikes, i, s)
    {
        if (json_integer_value(json_object_get(s, "activity_id")) != SPIKE_ID)
            continue;
        seen = 1;
        assert_string_equal(json_string_value(json_object_get(s, "date")), "2024-02-28");
        assert_string_equal(json_string_value(json_object_get(s, "category")), "moderate");
        assert_close(json_real_value(json_object_get(s, "hazard_ratio")), 1.52, 0);
    }
    assert_true(seen);
    json_t *race = json_object_get(root, "race");
    assert_string_equal(json_string_value(json_object_get(race, "date")), "2024-04-28");
    json_t *rf = json_object_get(race, "flags");
    int taper = 0;
    json_array_foreach(rf, i, s)
    {
        if (strcmp(json_string_value(json_object_get(s, "code")), "taper_missing") == 0) {
            taper = 1;
            assert_string_equal(json_string_value(json_object_get(s, "severity")), "watch");
        }
    }
    assert_true(taper);
    assert_true(json_is_string(json_object_get(json_object_get(root, "acwr_ewma"), "limitations")));
    json_t *weeks = json_object_get(root, "weeks");
    assert_int_equal(json_array_size(weeks), 16);
    json_decref(root);
    free(txt);

    /* the human summary names the missing taper under "before race day" */
    char *buf = NULL;
    size_t blen = 0;
    FILE *f = open_memstream(&buf, &blen);
    assert_int_equal(sg_load_text(f, r, false), 0);
    fclose(f);
    assert_non_null(strstr(buf, "This week"));
    assert_non_null(strstr(buf, "Watch out"));
    assert_non_null(strstr(buf, "Before race day"));
    assert_non_null(strstr(buf, "no taper"));
    free(buf);
    sg_load_result_free(r);
}

/* No spike, no taper: the build peaks in the final 2 weeks and the longest run
 * is the Sunday before the race. */
static void test_no_taper_peak_late(void **state)
{
    (void)state;
    static build b;
    make_build(&b, 0, 0);
    sg_load_opts o;
    sg_load_opts_init(&o, (RACE - 1) * 86400.0 + 20 * 3600);
    o.race_date = RACE * 86400.0;
    sg_load_result *r = NULL;
    assert_int_equal(sg_load_analyze(b.r, b.n, &o, NULL, &r, NULL), SG_OK);
    assert_non_null(find_flag(r->race.flags, r->race.n_flags, "taper_missing"));
    assert_non_null(find_flag(r->race.flags, r->race.n_flags, "peak_week_in_taper"));
    assert_non_null(find_flag(r->race.flags, r->race.n_flags, "long_run_late"));
    assert_int_equal(r->race.longest_run_days_out, 7);
    sg_load_result_free(r);
}

static void test_good_taper(void **state)
{
    (void)state;
    static build b;
    make_build(&b, 1, 0);
    sg_load_opts o;
    sg_load_opts_init(&o, (RACE - 1) * 86400.0 + 20 * 3600);
    o.race_date = RACE * 86400.0;
    sg_load_result *r = NULL;
    assert_int_equal(sg_load_analyze(b.r, b.n, &o, NULL, &r, NULL), SG_OK);
    for (size_t i = 0; i < r->n_spikes; i++)
        assert_true(r->spikes[i].category <= SG_SPIKE_NONE);
    assert_near(r->race.taper_reduction_pct, 50, 3);
    assert_non_null(find_flag(r->race.flags, r->race.n_flags, "taper_ok"));
    assert_null(find_flag(r->race.flags, r->race.n_flags, "taper_missing"));
    assert_null(find_flag(r->race.flags, r->race.n_flags, "peak_week_in_taper"));
    assert_null(find_flag(r->race.flags, r->race.n_flags, "long_run_late"));
    assert_int_equal(r->race.longest_run_days_out, 21);
    assert_true(r->race.peak_block >= 2);
    sg_load_result_free(r);
}

/* "Longest run of the build" means the long runs of the final build weeks:
 * a spike 12 weeks out (the demo's planted 39.9 km) and a longer hike 4 weeks
 * out must not stand for the long run 3 weeks out (science §7.6). */
static void test_long_run_final_weeks_on_foot(void **state)
{
    (void)state;
    static build b;
    make_build(&b, 1, 0);
    add(&b, 9001, RACE - 84, 40, 100);
    add(&b, 9002, RACE - 28, 45, 300);
    b.r[b.n - 1].sport = SG_SPORT_HIKING;
    sg_load_opts o;
    sg_load_opts_init(&o, (RACE - 1) * 86400.0 + 20 * 3600);
    o.race_date = RACE * 86400.0;
    sg_load_result *r = NULL;
    assert_int_equal(sg_load_analyze(b.r, b.n, &o, NULL, &r, NULL), SG_OK);
    assert_int_equal(r->race.longest_run_days_out, 21);
    assert_close(r->race.longest_run_m, (12 + 0.8 * 13) * 1000, 1e-6);
    assert_null(find_flag(r->race.flags, r->race.n_flags, "long_run_early"));
    sg_load_result_free(r);
}

/* A course: 2 km rising 100 m, 3 km falling 300 m, 5 km flat with 1 m of
 * noise (below the 3 m barometric hysteresis). */
static sg_activity *make_course(int with_alt)
{
    sg_activity *a = sg_activity_new(NULL);
    assert_non_null(a);
    a->alt_source = SG_ALT_BAROMETRIC;
    for (int i = 0; i <= 1000; i++) {
        size_t idx;
        double x = i * 10.0, alt;
        if (x <= 2000)
            alt = 200 + x * 0.05;
        else if (x <= 5000)
            alt = 300 - (x - 2000) * 0.1;
        else
            alt = (i % 2) ? 0 : 1;   /* ends high: a smoothed trace's last point is raw */
        assert_int_equal(sg_activity_append(a, &idx, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_DISTANCE, idx, x, NULL), SG_OK);
        if (with_alt)
            assert_int_equal(sg_activity_set(a, SG_CH_ALTITUDE, idx, alt, NULL), SG_OK);
    }
    return a;
}

static void test_course_summary(void **state)
{
    (void)state;
    sg_activity *a = make_course(1);
    sg_course c;
    assert_int_equal(sg_course_summarize(a, &c, NULL), SG_OK);
    assert_true(c.has_elevation && c.has_track);
    /* the runs' own elevation computation (strideguard/figures.h): smoothed
     * over +-5 s at 3 m/s (3 points here), 1 m hysteresis for a barometric
     * trace. Smoothing rounds the summit by half a metre and the flat's 1 m
     * noise to 1/3 m, below the band; the 1 m steps of the band can leave
     * up to a metre of each total uncounted. */
    assert_close(c.hysteresis_m, SG_ELEV_HYST_BARO, 0);
    assert_close(c.distance_m, 10000, 0);
    assert_near(c.ascent_m, 99.5, 1.0);
    assert_near(c.descent_m, 299, 1.0);
    assert_near(c.max_descent_segment_m, 299, 1.0);
    assert_near(c.max_descent_segment_len_m, 3000, 20);
    assert_near(c.max_descent_segment_grade_pct, 10, 0.1);
    assert_near(c.steepest_descent_grade_pct, 10, 0.1);
    sg_activity_free(a);

    /* lat/lon only: haversine distance, 0.001 deg of latitude ~ 111.2 m */
    a = sg_activity_new(NULL);
    for (int i = 0; i < 11; i++) {
        size_t idx;
        assert_int_equal(sg_activity_append(a, &idx, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_LAT, idx, 45 + i * 0.001, NULL), SG_OK);
        assert_int_equal(sg_activity_set(a, SG_CH_LON, idx, 7, NULL), SG_OK);
    }
    assert_int_equal(sg_course_summarize(a, &c, NULL), SG_OK);
    assert_near(c.distance_m, 1111.95, 0.1);
    assert_false(c.has_elevation);
    assert_true(isnan(c.descent_m));
    sg_activity_free(a);
    assert_int_equal(sg_course_summarize(NULL, &c, NULL), SG_EUSAGE);
}

static void test_descent_progression(void **state)
{
    (void)state;
    static build b;
    make_build(&b, 1, 0);   /* descents of 4 m per km: at most ~100 m a run */
    sg_activity *a = make_course(1);
    sg_course c;
    assert_int_equal(sg_course_summarize(a, &c, NULL), SG_OK);
    c.descent_m = 900;      /* a hillier race than the shape above */
    sg_load_opts o;
    /* today 10 weeks before race day, so the build so far is the history */
    int32_t today = RACE - 70;
    sg_load_opts_init(&o, today * 86400.0 + 20 * 3600);
    o.race_date = RACE * 86400.0;
    o.course = &c;
    size_t n = 0;
    while (n < b.n && b.r[n].start <= o.today)
        n++;
    sg_load_result *r = NULL;
    assert_int_equal(sg_load_analyze(b.r, n, &o, NULL, &r, NULL), SG_OK);
    const sg_race_result *rr = &r->race;
    assert_close(rr->max_run_descent_m, 4 * (12 + 0.8 * 6), 1e-9);   /* today's long run */
    assert_non_null(find_flag(rr->flags, rr->n_flags, "descent_underprepared"));
    assert_true(rr->n_progression >= 3);
    assert_close(rr->progression[0].descent_m, rr->max_run_descent_m * 1.2, 1e-9);
    for (size_t i = 1; i < rr->n_progression; i++) {
        assert_true(rr->progression[i].descent_m <= rr->progression[i - 1].descent_m * 1.2 + 1e-9);
        assert_int_equal(rr->progression[i].week_start, rr->progression[i - 1].week_start + 7);
    }
    assert_true(rr->progression[rr->n_progression - 1].week_start <= RACE - 21);
    assert_int_equal(sg_load_monday(rr->progression[0].week_start), rr->progression[0].week_start);
    sg_load_result_free(r);

    /* no elevation: reported, nothing computed, no crash */
    sg_activity_free(a);
    a = make_course(0);
    assert_int_equal(sg_course_summarize(a, &c, NULL), SG_OK);
    assert_int_equal(sg_load_analyze(b.r, n, &o, NULL, &r, NULL), SG_OK);
    assert_non_null(find_flag(r->race.flags, r->race.n_flags, "course_no_elevation"));
    assert_int_equal(r->race.n_progression, 0);
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_load_json_race(&w, r);
    assert_int_equal(sg_jw_error(&w), 0);
    sg_jw_dispose(&w);
    sg_load_result_free(r);
    sg_activity_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spike_and_missing_taper),
        cmocka_unit_test(test_no_taper_peak_late),
        cmocka_unit_test(test_good_taper),
        cmocka_unit_test(test_long_run_final_weeks_on_foot),
        cmocka_unit_test(test_course_summary),
        cmocka_unit_test(test_descent_progression),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
