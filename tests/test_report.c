/* The clinician report: rendering from a constructed sg_report (escaping,
 * nothing external, every section, empty data, the size ceiling) and the use
 * case over a stored simulated block (period, simulated banner, errors,
 * atomic write). */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/athlete.h"
#include "app/journal.h"
#include "app/report.h"
#include "app_fixture.h"
#include "render/docs.h"
#include "render/report_html.h"
#include "strideguard/load.h"
#include "strideguard/ostrc.h"
#include "strideguard/triage.h"

#define DAY 86400.0

static int day(int y, int m, int d) { return sg_journal_day_from_civil(y, m, d); }

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
        n++;
    return n;
}

/* Nothing in the document may point outside it or run code. */
static void assert_self_contained(const char *html)
{
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    assert_null(strstr(html, "src=\""));
    assert_null(strstr(html, "href=\""));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "url("));
    assert_null(strstr(html, "@import"));
}

/* Elements the renderer opens are all closed (a cheap structural check; the
 * e2e test walks the document with a real HTML parser). */
static void assert_balanced(const char *html)
{
    static const char *const tags[] = {"section", "table", "div", "figure", "ul", "svg",
                                       "tbody", "thead", "dl", "footer"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        char open[32], close[32];
        snprintf(open, sizeof open, "<%s", tags[i]);
        snprintf(close, sizeof close, "</%s>", tags[i]);
        if (count(html, open) != count(html, close))
            fail_msg("<%s> opened %zu times, closed %zu", tags[i], count(html, open),
                     count(html, close));
    }
}

static char *render(const sg_report *r)
{
    sg_sb b;
    sg_sb_init(&b, 0);
    sg_report_html(&b, r);
    assert_false(sg_sb_error(&b));
    char *s = sg_sb_take(&b, NULL);
    assert_non_null(s);
    return s;
}

static void pain(sg_entry *e, long long id, int d, sg_region rg, sg_side sd, int sev,
                 const char *note)
{
    sg_entry_init(e, SG_ENTRY_PAIN);
    e->id = id;
    e->u.pain.day = d;
    e->u.pain.region = rg;
    e->u.pain.side = sd;
    e->u.pain.severity = sev;
    e->u.pain.timing = SG_TIMING_DURING;
    e->u.pain.km = 12.0;
    assert_int_equal(sg_entry_set_note(e, note, NULL), SG_OK);
}

static void base_report(sg_report *r, int today)
{
    memset(r, 0, sizeof *r);
    r->weeks = 8;
    r->to_day = today;
    r->from_day = sg_load_monday(today) - 7 * 7;
    r->generated_day = today;
    r->version = "9.9.9";
    r->age_years = -1;
}

static void test_escaping(void **state)
{
    (void)state;
    int today = day(2025, 10, 19);
    sg_entry es[3];
    pain(&es[0], 1, today - 20, SG_REGION_LUMBAR, SG_SIDE_LEFT, 4,
         "<script>alert(\"x\")</script> & 'q'");
    pain(&es[1], 2, today - 3, SG_REGION_SACROILIAC, SG_SIDE_RIGHT, 7, "</td></tr></table>");
    es[1].u.pain.radiates = true;
    sg_entry_init(&es[2], SG_ENTRY_PREHAB);
    es[2].id = 3;
    es[2].u.prehab.day = today - 1;
    assert_int_equal(sg_entry_set_exercise(&es[2], "side_plank", NULL), SG_OK);

    sg_athlete a;
    sg_athlete_init(&a, NULL);
    a.sex = SG_SEX_FEMALE;
    a.birth_year = 1980;
    a.history = SG_HIST_DISC | SG_HIST_HIP;
    a.race_date = (today + 14) * DAY;
    char race_name[] = "<img src=x onerror=alert(1)> Marathon";
    a.race_name = race_name;
    sg_triage_result t;
    sg_triage_run(es, 3, &a, NULL, today, &t);

    sg_report_run run = {.id = 5, .start = (today - 2) * DAY, .distance_m = 10000,
                         .moving_time_s = 3000, .ascent_m = 100, .descent_m = 110,
                         .impact_weighted_km = 10.5, .cadence_spm = 170,
                         .balance_left_pct = 51.2};
    snprintf(run.codes, sizeof run.codes, "<b>x</b>");
    sg_report_flag fl = {.code = "descent_heavy", .severity = "caution\"><i>",
                         .message = "Steep <descent>", .source = "Someone & Other 2020",
                         .count = 2, .last_day = today - 2};

    sg_report r;
    base_report(&r, today);
    r.athlete = &a;
    r.age_years = 45;
    r.triage = &t;
    r.entries = es;
    r.n_entries = 3;
    r.runs = &run;
    r.n_runs = 1;
    r.flags = &fl;
    r.n_flags = 1;
    r.plan_error = "no <profile>";
    char *html = render(&r);
    assert_self_contained(html);
    assert_balanced(html);
    assert_non_null(strstr(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                                 "&#39;q&#39;"));
    assert_non_null(strstr(html, "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;"));
    assert_non_null(strstr(html, "&lt;img src=x onerror=alert(1)&gt; Marathon"));
    assert_non_null(strstr(html, "&lt;b&gt;x&lt;/b&gt;"));
    assert_non_null(strstr(html, "Steep &lt;descent&gt;"));
    assert_non_null(strstr(html, "Someone &amp; Other 2020"));
    assert_non_null(strstr(html, "sev-caution&quot;&gt;&lt;i&gt;"));
    assert_non_null(strstr(html, "no &lt;profile&gt;"));
    assert_null(strstr(html, "<i>"));
    /* the runner and the triage */
    assert_non_null(strstr(html, "female, 45 years (born 1980)"));
    assert_non_null(strstr(html, "disc, hip (as reported by the runner)"));
    assert_non_null(strstr(html, "If in doubt, get checked. A clear screen is not an all-clear."));
    assert_non_null(strstr(html, "Red-flag screen incomplete"));
    /* a reason names its entries by date */
    char want[64];
    char d[11];
    snprintf(want, sizeof want, "%s (#2)", sg_journal_date_format(today - 3, d));
    assert_non_null(strstr(html, want));
    /* severity chart and run chart (no load: no load charts) */
    assert_int_equal(count(html, "<svg"), 2);
    assert_null(strstr(html, "xmlns="));
    free(html);
}

/* A training history with one large spike, for the load section. */
static sg_load_result *make_load(int today)
{
    sg_run_summary rs[40];
    size_t n = 0;
    for (int k = 0; k < 36; k++) {
        int dd = today - 70 + 2 * k;
        sg_run_summary *s = &rs[n++];
        sg_run_summary_init(s);
        s->activity_id = k + 1;
        s->start = dd * DAY + 7 * 3600;
        s->sport = SG_SPORT_RUNNING;
        s->distance_m = k == 30 ? 30000 : 10000;   /* the spike: 3x the longest before */
        s->moving_time_s = s->duration_s = s->distance_m / 3.0;
        s->ascent_m = 100;
        s->descent_m = 100;
    }
    sg_load_opts o;
    sg_load_opts_init(&o, today * DAY + DAY - 1);
    o.weeks = 8;
    sg_load_result *L = NULL;
    sg_err e;
    assert_int_equal(sg_load_analyze(rs, n, &o, NULL, &L, &e), SG_OK);
    return L;
}

static void test_sections(void **state)
{
    (void)state;
    int today = day(2025, 10, 19);
    sg_load_result *L = make_load(today);
    sg_entry e;
    pain(&e, 1, today - 5, SG_REGION_LUMBAR, SG_SIDE_LEFT, 3, "fine");
    sg_report_run runs[3];
    for (int i = 0; i < 3; i++) {
        memset(&runs[i], 0, sizeof runs[i]);
        runs[i].id = i + 1;
        runs[i].start = (today - 6 + 2 * i) * DAY;
        runs[i].distance_m = 10000;
        runs[i].moving_time_s = 3000;
        runs[i].ascent_m = runs[i].descent_m = 50;
        runs[i].impact_weighted_km = 10.2;
        runs[i].cadence_spm = 168 + i;
        runs[i].balance_left_pct = 50.5 + 0.3 * i;
    }
    runs[2].failed = true;
    sg_report r;
    base_report(&r, today);
    r.simulated = true;
    r.load = L;
    r.entries = &e;
    r.n_entries = 1;
    r.runs = runs;
    r.n_runs = 3;
    char *html = render(&r);
    assert_self_contained(html);
    assert_balanced(html);
    const char *const *names;
    size_t ns = sg_report_sections(&names);
    assert_int_equal(ns, 9);
    for (size_t i = 0; i < ns; i++) {
        char id[40];
        snprintf(id, sizeof id, "id=\"%s\"", names[i]);
        if (!strstr(html, id))
            fail_msg("section %s missing", names[i]);
    }
    assert_non_null(strstr(html, "Simulated demo data &mdash; not a real runner"));
    assert_non_null(strstr(html, "SIMULATED DEMO DATA"));   /* the printed page header */
    assert_non_null(strstr(html, "@media print"));
    assert_non_null(strstr(html, "@page{size:A4"));
    /* pain, weekly load, fitness/fatigue, runs */
    assert_int_equal(count(html, "<svg"), 4);
    assert_int_equal(count(html, "</svg>"), 4);
    /* the spike, with its category and hazard ratio, and the ACWR caveat */
    assert_non_null(strstr(html, "<td>large</td>"));
    assert_non_null(strstr(html, sg_load_acwr_limitations()));
    assert_non_null(strstr(html, "could not be analysed"));
    assert_non_null(strstr(html, "No lower-back sensor recordings."));
    assert_non_null(strstr(html, "strideguard flags risks and says when to see a clinician; it "
                                 "does not diagnose or treat"));
    assert_non_null(strstr(html, "strideguard 9.9.9"));
    free(html);
    sg_load_result_free(L);
}

static void test_empty(void **state)
{
    (void)state;
    sg_report r;
    base_report(&r, day(2025, 1, 1));
    char *html = render(&r);
    assert_self_contained(html);
    assert_balanced(html);
    assert_int_equal(count(html, "<svg"), 0);
    assert_non_null(strstr(html, "no athlete profile stored"));
    assert_non_null(strstr(html, "Triage could not be computed"));
    assert_non_null(strstr(html, "If in doubt, get checked."));
    assert_non_null(strstr(html, "No pain entries logged in the period."));
    assert_non_null(strstr(html, "Training load could not be computed"));
    assert_non_null(strstr(html, "No runs stored in the period."));
    assert_non_null(strstr(html, "No prehab exercise logged in the period."));
    assert_non_null(strstr(html, "No lower-back sensor recordings."));
    assert_null(strstr(html, "Simulated demo data"));
    free(html);

    /* an empty load result (no activities) is not a failure either */
    sg_load_opts o;
    sg_load_opts_init(&o, day(2025, 1, 1) * DAY);
    sg_load_result *L = NULL;
    sg_run_summary none;
    sg_run_summary_init(&none);
    assert_int_equal(sg_load_analyze(&none, 0, &o, NULL, &L, NULL), SG_OK);
    r.load = L;
    html = render(&r);
    assert_balanced(html);
    assert_non_null(strstr(html, "No activities stored"));
    free(html);
    sg_load_result_free(L);
}

static void test_ceiling(void **state)
{
    (void)state;
    sg_report r;
    base_report(&r, day(2025, 1, 1));
    sg_sb b;
    sg_sb_init(&b, 2048);
    sg_report_html(&b, &r);
    assert_true(sg_sb_error(&b));
    assert_null(sg_sb_take(&b, NULL));
    sg_sb_dispose(&b);
}


static void ostrc_entry(sg_entry *e, long long id, int d, sg_ostrc_area area, int a1, int a2,
                        int a3, int a4)
{
    sg_entry_init(e, SG_ENTRY_OSTRC);
    e->id = id;
    e->u.ostrc.day = d;
    e->u.ostrc.area = area;
    e->u.ostrc.answer[0] = a1;
    e->u.ostrc.answer[1] = a2;
    e->u.ostrc.answer[2] = a3;
    e->u.ostrc.answer[3] = a4;
}

/* The section of OSTRC-O2 weeks: its severity per area and week, the weeks
 * of a substantial problem marked, a chart; "not recorded" without any. */
static void test_ostrc_section(void **state)
{
    (void)state;
    int today = day(2025, 10, 19);
    sg_report r;
    base_report(&r, today);
    char *html = render(&r);
    const char *sec = strstr(html, "<section id=\"ostrc\">");
    assert_non_null(sec);
    assert_non_null(strstr(sec, "OSTRC-O2"));
    assert_non_null(strstr(sec, "not recorded"));
    assert_int_equal(count(html, "<svg"), 0);
    free(html);

    sg_entry es[4];
    ostrc_entry(&es[0], 1, today - 120, SG_OSTRC_LOWER_BACK, 3, -1, -1, 3); /* before the period */
    ostrc_entry(&es[1], 2, today - 13, SG_OSTRC_LOWER_BACK, 2, 2, 1, 2);    /* 53, substantial */
    ostrc_entry(&es[2], 3, today - 6, SG_OSTRC_LOWER_BACK, 1, 1, 0, 1);     /* 22 */
    ostrc_entry(&es[3], 4, today - 6, SG_OSTRC_HIP_GROIN, 0, -1, -1, -1);   /* 0 */
    r.entries = es;
    r.n_entries = 4;
    html = render(&r);
    assert_balanced(html);
    assert_self_contained(html);
    sec = strstr(html, "<section id=\"ostrc\">");
    assert_non_null(sec);
    const char *end = strstr(sec, "</section>");
    assert_non_null(end);
    size_t len = (size_t)(end - sec);
    char *part = malloc(len + 1);
    assert_non_null(part);
    memcpy(part, sec, len);
    part[len] = '\0';
    assert_non_null(strstr(part, "Clarsen"));
    assert_non_null(strstr(part, ">53<"));
    assert_non_null(strstr(part, ">22<"));
    assert_non_null(strstr(part, ">0<"));
    assert_null(strstr(part, ">100<"));                     /* the week before the period */
    assert_int_equal(count(part, "substantial problem</td>"), 1);
    assert_int_equal(count(part, "<svg"), 1);
    assert_null(strstr(part, "not recorded"));
    free(part);
    free(html);

    /* one area recorded: the other says so */
    r.n_entries = 3;
    html = render(&r);
    sec = strstr(html, "<section id=\"ostrc\">");
    assert_non_null(strstr(sec, "Hips or groin: not recorded"));
    free(html);
}

/* The triage section says when the questions were last answered, why they
 * are asked again, lists the unanswered ones, and never reassures while any
 * is unanswered. */
static void test_screen_status(void **state)
{
    (void)state;
    int today = day(2025, 10, 19);
    sg_entry es[2];
    pain(&es[0], 1, today - 2, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, "");
    sg_entry_init(&es[1], SG_ENTRY_SCREEN);
    es[1].id = 0;   /* stored before the pain: its "no" answers are set aside */
    es[1].u.screen.day = today - 4;
    es[1].u.screen.no = SG_RF_BIT(SG_RF_SADDLE_NUMBNESS) | SG_RF_BIT(SG_RF_FEVER);
    sg_screen_state ss;
    sg_screen_from_journal(es, 2, today, &ss);
    sg_triage_result t;
    sg_triage_run(es, 1, NULL, &ss.answers, today, &t);
    assert_true(t.screen_incomplete);

    sg_report r;
    base_report(&r, today);
    r.triage = &t;
    r.screen = &ss;
    r.entries = es;
    r.n_entries = 1;
    char *html = render(&r);
    assert_balanced(html);
    char want[128], d[11];
    snprintf(want, sizeof want, "last answered on %s",
             sg_journal_date_format(today - 4, d));
    assert_non_null(strstr(html, want));
    assert_non_null(strstr(html, "pain was logged after them"));
    assert_non_null(strstr(html, sg_redflag_question(SG_RF_SADDLE_NUMBNESS)));
    assert_non_null(strstr(html, "not yet answered"));
    assert_null(strstr(html, "othing flagged"));
    assert_null(strstr(html, "no warning sign in what was logged"));
    assert_null(strstr(html, "No warning sign among"));
    free(html);

    /* never answered */
    sg_screen_from_journal(es, 1, today, &ss);
    html = render(&r);
    assert_non_null(strstr(html, "never been answered"));
    free(html);

    /* all answered no, nothing logged since: fresh, and no list of questions */
    sg_entry_init(&es[1], SG_ENTRY_SCREEN);
    es[1].id = 5;
    es[1].u.screen.day = today - 1;
    es[1].u.screen.no = SG_RF_ALL;
    sg_screen_from_journal(es, 2, today, &ss);
    sg_triage_run(es, 1, NULL, &ss.answers, today, &t);
    assert_false(t.screen_incomplete);
    html = render(&r);
    snprintf(want, sizeof want, "Red-flag questions last answered on %s",
             sg_journal_date_format(today - 1, d));
    assert_non_null(strstr(html, want));
    assert_null(strstr(html, "not yet answered"));
    assert_null(strstr(html, "othing flagged"));
    free(html);
}

/* ---- the use case over a store ---- */

static void test_app_report(void **state)
{
    (void)state;
    const char *dir = sg_test_tmpdir();
    sg_store *st = fx_open(dir, "report.db");
    assert_non_null(st);
    sg_sim_block_params bp;
    sg_sim_block_defaults(&bp);
    bp.weeks = 6;
    bp.race = false;
    bp.taper = false;
    bp.spike_week = -1;
    bp.sample_interval_s = 5;
    assert_true(fx_store_block(st, &bp, NULL, 0, NULL) > 10);
    int today = day(2025, 10, 19);
    sg_err e;
    sg_entry pe;
    pain(&pe, 0, today - 2, SG_REGION_LUMBAR, SG_SIDE_LEFT, 5, "<script>x</script>");
    assert_int_equal(sg_app_journal_add(st, &pe, today, NULL, &e), SG_OK);

    sg_app_report_opts o;
    sg_app_report_opts_init(&o, today * DAY + DAY - 1);
    o.docs = sg_render_docs();
    int from, to;
    assert_int_equal(sg_app_report_period(&o, &from, &to, &e), SG_OK);
    assert_int_equal(to, today);
    assert_int_equal(from, sg_load_monday(today) - 49);   /* 8 weeks, Monday-based */
    assert_int_equal(sg_journal_weekday(from), 1);

    char *html = NULL;
    size_t len = 0;
    assert_int_equal(sg_app_report(st, &o, &html, &len, &e), SG_OK);
    assert_non_null(html);
    assert_int_equal(strlen(html), len);
    assert_self_contained(html);
    assert_balanced(html);
    assert_true(count(html, "<svg") >= 3);
    assert_non_null(strstr(html, "&lt;script&gt;x&lt;/script&gt;"));
    assert_non_null(strstr(html, "Simulated demo data"));   /* the simulator's devices */
    assert_non_null(strstr(html, "no athlete profile stored"));
    assert_non_null(strstr(html, "No prehab plan"));
    assert_non_null(strstr(html, "never been answered"));
    free(html);

    /* stored answers and an OSTRC-O2 week reach the report */
    sg_entry se;
    sg_entry_init(&se, SG_ENTRY_SCREEN);
    se.u.screen.day = today;
    se.u.screen.yes = SG_RF_BIT(SG_RF_FEVER);
    assert_int_equal(sg_app_journal_add(st, &se, today, NULL, &e), SG_OK);
    sg_entry oe;
    ostrc_entry(&oe, 0, today - 1, SG_OSTRC_HIP_GROIN, 2, 2, 1, 2);
    assert_int_equal(sg_app_journal_add(st, &oe, today, NULL, &e), SG_OK);
    assert_int_equal(sg_app_report(st, &o, &html, &len, &e), SG_OK);
    char want[64], d[11];
    snprintf(want, sizeof want, "last answered on %s", sg_journal_date_format(today, d));
    assert_non_null(strstr(html, want));
    assert_non_null(strstr(html, ">53<"));
    assert_non_null(strstr(html, "(answered yes)"));
    free(html);

    /* with a profile the plan is there */
    sg_athlete a;
    sg_athlete_init(&a, NULL);
    a.sex = SG_SEX_MALE;
    a.birth_year = 1985;
    a.race_date = (today + 20) * DAY;
    assert_int_equal(sg_app_athlete_save(st, &a, &e), SG_OK);
    sg_athlete_clear(&a);
    assert_int_equal(sg_app_report(st, &o, &html, &len, &e), SG_OK);
    /* a rolling 7 days from the report's day, never "this week" (issue #13) */
    char d7[11];
    snprintf(want, sizeof want, "Prehab plan for the 7 days from %s to %s",
             sg_journal_date_format(today, d), sg_journal_date_format(today + 6, d7));
    assert_non_null(strstr(html, want));
    assert_null(strstr(html, "This week's plan"));
    assert_null(strstr(html, "so far this week"));
    assert_non_null(strstr(html, "male, 40 years (born 1985)"));
    free(html);

    /* bad options */
    o.weeks = SG_APP_REPORT_MAX_WEEKS + 1;
    assert_int_equal(sg_app_report(st, &o, &html, &len, &e), SG_EUSAGE);
    assert_null(html);
    o.weeks = -1;
    assert_int_equal(sg_app_report(st, &o, &html, &len, &e), SG_EUSAGE);
    o.weeks = 1;
    o.today = NAN;
    assert_int_equal(sg_app_report(st, &o, &html, &len, &e), SG_EUSAGE);
    o.today = today * DAY;

    /* atomic write: the file appears whole, or not at all */
    char path[1024], bad[1024];
    snprintf(path, sizeof path, "%s/report.html", dir);
    snprintf(bad, sizeof bad, "%s/no-such-dir/report.html", dir);
    remove(path);
    assert_int_equal(sg_app_report_write(st, &o, path, &e), SG_OK);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 1000);
    assert_int_equal(sg_app_report_write(st, &o, bad, &e), SG_EIO);
    assert_int_not_equal(stat(bad, &sb), 0);
    remove(path);
    sg_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_ceiling),
        cmocka_unit_test(test_ostrc_section),
        cmocka_unit_test(test_screen_status),
        cmocka_unit_test(test_app_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
