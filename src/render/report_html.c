/* The clinician report as one self-contained HTML file (render/report_html.h).
 *
 * Layout rules, because the document is read on paper as often as on screen:
 * one <section> per topic, each opening with what matters (the triage tier,
 * the worst pain, the flags) before the tables; short tables and figures do
 * not break across pages (@media print); long tables repeat their header.
 * Nothing here fetches anything: no src/href to anywhere, no script, no web
 * font, and the SVG namespace URI is dropped (inline SVG in HTML does not
 * need it), so the only "http" in the file would be one a runner typed. */
#include "render/report_html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/journal_render.h"
#include "render/svg.h"
#include "strideguard/ostrc.h"

#define DAY_S 86400.0

size_t sg_report_sections(const char *const **names)
{
    static const char *const ids[] = {"header", "triage", "journal", "ostrc", "load",
                                      "runs", "prehab", "imu", "footer"};
    if (names)
        *names = ids;
    return sizeof ids / sizeof ids[0];
}

/* ---- small formatting helpers ---- */

static const char *ds(int day, char buf[11])
{
    if (day == SG_JOURNAL_NO_DAY)
        return "----------";
    return sg_journal_date_format(day, buf);
}

static int day_of(double t) { return (int)floor(t / DAY_S); }

static void num(sg_sb *b, double v, int prec)
{
    if (!isfinite(v))
        sg_sb_puts(b, "&ndash;");
    else
        sg_sb_printf(b, "%.*f", prec, fabs(v) < 0.5 * pow(10, -prec) ? 0.0 : v);
}

/* Stable snake_case names read as words ("lower_leg" -> "lower leg"). */
static void words(sg_sb *b, const char *s)
{
    char tmp[128];
    size_t i = 0;
    for (; s && s[i] && i + 1 < sizeof tmp; i++)
        tmp[i] = s[i] == '_' ? ' ' : s[i];
    tmp[i] = '\0';
    sg_sb_html(b, tmp);
}

static void duration(sg_sb *b, double s)
{
    if (!isfinite(s) || s < 0) {
        sg_sb_puts(b, "&ndash;");
        return;
    }
    long m = lround(s / 60.0);
    sg_sb_printf(b, "%ld:%02ld", m / 60, m % 60);
}

/* Appends an SVG chart without its xmlns attribute (see the file comment). */
static void chart(sg_sb *b, const double *x, size_t n, const sg_svg_series *s, size_t ns,
                  const sg_svg_opts *o, const char *caption)
{
    static const char ns_attr[] = " xmlns=\"http://www.w3.org/2000/svg\"";
    sg_sb t;
    sg_sb_init(&t, 4u << 20);
    sg_svg_chart(&t, x, n, s, ns, o);
    sg_sb_puts(b, "<figure>");
    if (sg_sb_error(&t)) {
        sg_sb_puts(b, "<p class=\"muted\">(chart too large to draw)</p>");
    } else if (t.buf) {
        const char *p = strstr(t.buf, ns_attr);
        if (p) {
            sg_sb_put(b, t.buf, (size_t)(p - t.buf));
            sg_sb_puts(b, p + sizeof ns_attr - 1);
        } else {
            sg_sb_puts(b, t.buf);
        }
    }
    if (caption) {
        sg_sb_puts(b, "<figcaption>");
        sg_sb_html(b, caption);
        sg_sb_puts(b, "</figcaption>");
    }
    sg_sb_puts(b, "</figure>\n");
    sg_sb_dispose(&t);
}

static const sg_entry *entry_by_id(const sg_report *r, long long id)
{
    for (size_t i = 0; i < r->n_entries; i++)
        if (r->entries[i].id == id)
            return &r->entries[i];
    return NULL;
}

static bool in_period(const sg_report *r, int day) { return day >= r->from_day && day <= r->to_day; }

static int n_unanswered(const sg_triage_result *t)
{
    int n = 0;
    for (int q = 0; t->screen_incomplete && q < SG_RF_COUNT; q++)
        n += (t->unanswered >> q) & 1u;
    return n;
}

/* Self-care with questions unanswered: the tier's advice ("no warning sign
 * in what you logged and answered") would read as reassurance, so the report
 * says what is missing instead. */
static bool self_care_incomplete(const sg_triage_result *t)
{
    return t->tier == SG_TIER_SELF_CARE && t->screen_incomplete;
}

/* ---- the stylesheet ---- */

static void style(sg_sb *b, const sg_report *r)
{
    char f[11], t[11];
    sg_sb_puts(b,
        "<style>\n"
        "*{box-sizing:border-box}\n"
        "body{font:13px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
        "sans-serif;color:#1d2730;margin:0 auto;max-width:980px;padding:16px 20px}\n"
        "h1{font-size:20px;margin:0 0 2px}\n"
        "h2{font-size:16px;border-bottom:2px solid #1f6fb2;padding-bottom:2px;margin:22px 0 8px}\n"
        "h3{font-size:13.5px;margin:12px 0 4px}\n"
        "p{margin:4px 0 6px}\n"
        "table{border-collapse:collapse;width:100%;font-size:12px;margin:4px 0 10px}\n"
        "th,td{border-bottom:1px solid #d5dbe0;padding:2px 6px;text-align:left;vertical-align:top}\n"
        "th{background:#f1f4f6;font-weight:600}\n"
        ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
        ".nw{white-space:nowrap}\n"
        "th.fl{width:36%}\n"
        ".sim{border:2px solid #b26a00;background:#fff4e0;color:#6b3f00;padding:6px 10px;"
        "font-weight:700;margin:8px 0}\n"
        ".tier{padding:8px 12px;border-left:6px solid #2e7d32;background:#eef7ee;margin:6px 0}\n"
        ".sub{font-weight:700;color:#8e0000}\n"
        ".tier b{font-size:14px;letter-spacing:.02em}\n"
        ".t1{border-color:#b26a00;background:#fff6e5}\n"
        ".t2,.t3,.t4{border-color:#b3261e;background:#fdecea}\n"
        ".caveat{font-weight:600}\n"
        ".muted{color:#5f6b76}.small{font-size:11.5px}\n"
        ".glance{border:1px solid #d5dbe0;background:#f7f9fa;padding:6px 12px;margin:8px 0}\n"
        ".glance ul{margin:2px 0}\n"
        "figure{margin:6px 0 10px}\n"
        "figcaption{font-size:11.5px;color:#5f6b76}\n"
        "svg.chart{width:100%;height:auto;max-height:250px;display:block}\n"
        "dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:1px 14px;margin:4px 0}\n"
        "dl.kv dt{color:#5f6b76}dl.kv dd{margin:0}\n"
        "ul{margin:4px 0 8px;padding-left:20px}li{margin:1px 0}\n"
        "ul.rf{columns:2;column-gap:22px}\n"
        ".sev-warning,.sev-watch{color:#b3261e;font-weight:600}.sev-caution{color:#8a5300;font-weight:600}\n"
        "footer{margin-top:24px;border-top:1px solid #d5dbe0;padding-top:6px;font-size:11.5px}\n");
    /* A4 with a running header: who/what/when on every printed page */
    sg_sb_printf(b,
        "@page{size:A4;margin:17mm 13mm 15mm 13mm;"
        "@top-left{content:\"strideguard clinician report \\2014  %s to %s%s\";"
        "font:8.5pt sans-serif;color:#5f6b76}"
        "@bottom-right{content:\"page \" counter(page) \" of \" counter(pages);"
        "font:8.5pt sans-serif;color:#5f6b76}}\n",
        ds(r->from_day, f), ds(r->to_day, t), r->simulated ? " \\2014  SIMULATED DEMO DATA" : "");
    sg_sb_puts(b,
        "@media print{body{max-width:none;padding:0;font-size:9.5pt}"
        "h2{break-after:avoid;margin-top:14px}h3{break-after:avoid}"
        "figure,.keep,.tier,.sim,.glance,dl.kv,li{break-inside:avoid}"
        "tr{break-inside:avoid}thead{display:table-header-group}"
        "svg.chart{max-height:62mm}"
        "table{font-size:8.5pt}th,td{padding:1px 4px}"
        "section{break-inside:auto}}\n"
        "</style>\n");
}

/* ---- 1. header ---- */

/* The heading, the period and version line, and the simulated-data notice. */
static void header_period(sg_sb *b, const sg_report *r)
{
    char d1[11], d2[11], d3[11];
    sg_sb_puts(b, "<section id=\"header\">\n<h1>Running, training load and back/hip pain "
                  "report</h1>\n<p class=\"muted\">");
    sg_sb_printf(b, "Period %s to %s (%d week%s) &middot; generated %s", ds(r->from_day, d1),
                 ds(r->to_day, d2), r->weeks, r->weeks == 1 ? "" : "s",
                 ds(r->generated_day, d3));
    if (r->version) {
        sg_sb_puts(b, " &middot; strideguard ");
        sg_sb_html(b, r->version);
    }
    sg_sb_puts(b, "</p>\n");
    if (r->simulated)
        sg_sb_puts(b, "<div class=\"sim\">Simulated demo data &mdash; not a real runner. The runs "
                      "were generated by strideguard's demo simulator.</div>\n");
}

/* The "Runner" entry: sex, age, height, mass and heart-rate range. */
static void header_runner(sg_sb *b, const sg_report *r, const sg_athlete *a)
{
    sg_sb_puts(b, "<dl class=\"kv\">\n<dt>Runner</dt><dd>");
    if (!a) {
        sg_sb_puts(b, "no athlete profile stored (sex, age and heart-rate range unknown)");
    } else {
        sg_sb_puts(b, a->sex == SG_SEX_FEMALE ? "female" : a->sex == SG_SEX_MALE ? "male"
                                                                             : "sex not given");
        if (r->age_years >= 0)
            sg_sb_printf(b, ", %d years", r->age_years);
        if (a->birth_year > 0)
            sg_sb_printf(b, " (born %d)", a->birth_year);
        if (isfinite(a->height_m))
            sg_sb_printf(b, ", %.0f cm", a->height_m * 100.0);
        if (isfinite(a->mass_kg))
            sg_sb_printf(b, ", %.1f kg", a->mass_kg);
        if (isfinite(a->hr_rest) || isfinite(a->hr_max)) {
            sg_sb_puts(b, "; heart rate rest/max ");
            num(b, a->hr_rest, 0);
            sg_sb_puts(b, "/");
            num(b, a->hr_max, 0);
            sg_sb_puts(b, " bpm");
        }
    }
}

/* The "Injury history" entry, as reported by the runner. */
static void header_history(sg_sb *b, const sg_athlete *a)
{
    sg_sb_puts(b, "</dd>\n<dt>Injury history</dt><dd>");
    if (!a || !a->history) {
        sg_sb_puts(b, a ? "none reported" : "not recorded");
    } else {
        int first = 1;
        for (unsigned bit = 1; bit && bit <= (1u << 15); bit <<= 1) {
            if (!(a->history & bit) || !sg_athlete_history_name(bit))
                continue;
            sg_sb_puts(b, first ? "" : ", ");
            words(b, sg_athlete_history_name(bit));
            first = 0;
        }
        sg_sb_puts(b, " (as reported by the runner)");
    }
}

/* The "Race" entry: date, name and distance from the end of the period. */
static void header_race(sg_sb *b, const sg_report *r, const sg_athlete *a)
{
    char d1[11];
    sg_sb_puts(b, "</dd>\n<dt>Race</dt><dd>");
    if (a && isfinite(a->race_date)) {
        int rd = day_of(a->race_date);
        sg_sb_puts(b, ds(rd, d1));
        if (a->race_name && a->race_name[0]) {
            sg_sb_puts(b, " &middot; ");
            sg_sb_html(b, a->race_name);
        }
        int dd = rd - r->to_day;
        if (dd >= 0)
            sg_sb_printf(b, " (%d day%s after the period ends)", dd, dd == 1 ? "" : "s");
        else
            sg_sb_printf(b, " (%d day%s before the period ends)", -dd, dd == -1 ? "" : "s");
    } else {
        sg_sb_puts(b, "none set");
    }
    sg_sb_puts(b, "</dd>\n</dl>\n");
}

/* At a glance: the triage line. */
static void glance_triage(sg_sb *b, const sg_report *r)
{
    sg_sb_puts(b, "<div class=\"glance\"><b>At a glance</b><ul>\n<li>Triage: ");
    if (r->triage && self_care_incomplete(r->triage)) {
        int n = n_unanswered(r->triage);
        sg_sb_printf(b, "self-care for what was logged; %d red-flag question%s not yet answered "
                        "(section 1)", n, n == 1 ? "" : "s");
    } else if (r->triage) {
        sg_sb_html(b, sg_tier_action(r->triage->tier));
        if (r->triage->screen_incomplete) {
            int n = n_unanswered(r->triage);
            sg_sb_printf(b, " (%d red-flag question%s not yet answered)", n, n == 1 ? "" : "s");
        }
    } else {
        sg_sb_puts(b, "not available");
    }
}

/* At a glance: the pain line (entries and the worst one). */
static void glance_pain(sg_sb *b, const sg_report *r)
{
    char d1[11];
    sg_sb_puts(b, "</li>\n<li>Pain: ");
    int n_pain = 0, worst = -1, worst_day = 0;
    const sg_pain_entry *wp = NULL;
    for (size_t i = 0; i < r->n_entries; i++) {
        const sg_entry *e = &r->entries[i];
        if (e->kind != SG_ENTRY_PAIN || !in_period(r, e->u.pain.day))
            continue;
        n_pain++;
        if (e->u.pain.severity >= worst) {
            worst = e->u.pain.severity;
            worst_day = e->u.pain.day;
            wp = &e->u.pain;
        }
    }
    if (!n_pain) {
        sg_sb_puts(b, "no pain logged in the period");
    } else {
        sg_sb_printf(b, "%d entr%s; worst %d/10 (", n_pain, n_pain == 1 ? "y" : "ies", worst);
        words(b, sg_region_name(wp->region));
        sg_sb_puts(b, " ");
        words(b, sg_side_name(wp->side));
        sg_sb_printf(b, ", %s)", ds(worst_day, d1));
    }
}

/* At a glance: the running line (runs, distance, descent). */
static void glance_running(sg_sb *b, const sg_report *r)
{
    sg_sb_puts(b, "</li>\n<li>Running: ");
    double km = 0, desc = 0;
    for (size_t i = 0; i < r->n_runs; i++) {
        if (r->runs[i].failed)
            continue;
        if (isfinite(r->runs[i].distance_m))
            km += r->runs[i].distance_m / 1000.0;
        if (isfinite(r->runs[i].descent_m))
            desc += r->runs[i].descent_m;
    }
    sg_sb_printf(b, "%zu run%s, %.0f km, %.0f m of descent in the period", r->n_runs,
                 r->n_runs == 1 ? "" : "s", km, desc);
    if (r->weeks > 0)
        sg_sb_printf(b, " (%.1f km a week on average)", km / r->weeks);
}

/* At a glance: the flags line (training-load items and run flags). */
static void glance_flags(sg_sb *b, const sg_report *r)
{
    sg_sb_puts(b, "</li>\n<li>Flags: ");
    size_t watch = 0;
    if (r->load) {
        for (size_t i = 0; i < r->load->n_flags; i++)
            watch += r->load->flags[i].severity == SG_FLAG_WATCH;
        for (size_t i = 0; r->load->has_race && i < r->load->race.n_flags; i++)
            watch += r->load->race.flags[i].severity == SG_FLAG_WATCH;
    }
    size_t run_flags = 0;
    for (size_t i = 0; i < r->n_flags; i++)
        run_flags += r->flags[i].count;
    sg_sb_printf(b, "%zu training-load item%s to watch; %zu run flag%s raised", watch,
                 watch == 1 ? "" : "s", run_flags, run_flags == 1 ? "" : "s");
    if (r->n_flags) {
        sg_sb_puts(b, " (");
        for (size_t i = 0; i < r->n_flags && i < 4; i++) {
            sg_sb_puts(b, i ? ", " : "");
            words(b, r->flags[i].code);
            sg_sb_printf(b, " &times;%zu", r->flags[i].count);
        }
        sg_sb_puts(b, r->n_flags > 4 ? ", &hellip;)" : ")");
    }
    sg_sb_puts(b, "</li>\n</ul></div>\n</section>\n");
}

static void header(sg_sb *b, const sg_report *r)
{
    header_period(b, r);
    const sg_athlete *a = r->athlete;
    header_runner(b, r, a);
    header_history(b, a);
    header_race(b, r, a);

    /* at a glance: the four lines a clinician needs before anything else */
    glance_triage(b, r);
    glance_pain(b, r);
    glance_running(b, r);
    glance_flags(b, r);
}

/* ---- 2. triage ---- */

static const char *const tier_banner[SG_TIER_COUNT] = {
    "Self-care: no warning sign in what was logged", "Book an evaluation",
    "See a doctor within days", "Urgent: same day", "Emergency: go now"};

/* When the red-flag questions were last answered and why they are asked
 * again (the dashboard's and `check`'s wording). */
static void screen_status(sg_sb *b, const sg_screen_state *s)
{
    char d[11];
    if (!s)
        return;
    sg_sb_puts(b, "<p class=\"screen\">");
    switch (s->stale) {
    case SG_SCREEN_NONE:
        sg_sb_puts(b, "The red-flag questions have never been answered.");
        break;
    case SG_SCREEN_EXPIRED:
        sg_sb_printf(b, "Red-flag questions last answered on %s, more than %d days before this "
                        "report, so they are asked again.",
                     ds(s->last_day, d), SG_TRIAGE_SCREEN_VALID_DAYS);
        break;
    case SG_SCREEN_NEW_PAIN:
        sg_sb_printf(b, "Red-flag questions last answered on %s; pain was logged after them, so "
                        "the questions answered no are asked again.",
                     ds(s->last_day, d));
        break;
    default:
        sg_sb_printf(b, "Red-flag questions last answered on %s (answers count for %d days).",
                     ds(s->last_day, d), SG_TRIAGE_SCREEN_VALID_DAYS);
        break;
    }
    sg_sb_puts(b, "</p>\n");
}

static void triage(sg_sb *b, const sg_report *r)
{
    char d[11];
    sg_sb_puts(b, "<section id=\"triage\">\n<h2>1. Triage status</h2>\n");
    const sg_triage_result *t = r->triage;
    if (!t) {
        sg_sb_puts(b, "<p>Triage could not be computed");
        if (r->triage_error) {
            sg_sb_puts(b, ": ");
            sg_sb_html(b, r->triage_error);
        }
        sg_sb_puts(b, ".</p>\n<p class=\"caveat\">If in doubt, get checked. A clear screen is not "
                      "an all-clear.</p>\n</section>\n");
        return;
    }
    int tier = t->tier >= 0 && t->tier < SG_TIER_COUNT ? (int)t->tier : 0;
    const int missing = n_unanswered(t);
    sg_sb_printf(b, "<div class=\"tier t%d\"><b>", tier);
    if (self_care_incomplete(t)) {
        sg_sb_printf(b, "Self-care for what was logged; %d red-flag question%s not yet answered"
                        "</b><br>The check is not complete until they are answered: an "
                        "unanswered question is not a no.",
                     missing, missing == 1 ? "" : "s");
    } else {
        sg_sb_html(b, tier_banner[tier]);
        sg_sb_puts(b, "</b><br>");
        sg_sb_html(b, sg_tier_action((sg_tier)tier));
        if (t->advice && strcmp(t->advice, sg_tier_action((sg_tier)tier)) != 0) {
            sg_sb_puts(b, "<br>");
            sg_sb_html(b, t->advice);
        }
    }
    sg_sb_puts(b, "</div>\n");
    screen_status(b, r->screen);
    if (t->n_reasons) {
        sg_sb_puts(b, "<h3>Why</h3>\n<ul>\n");
        for (size_t i = 0; i < t->n_reasons; i++) {
            const sg_triage_reason *x = &t->reasons[i];
            sg_sb_puts(b, "<li><b>");
            words(b, sg_tier_name(x->tier));
            sg_sb_puts(b, ":</b> ");
            sg_sb_html(b, x->why);
            char numbers[400];
            if (sg_triage_drop_text(numbers, sizeof numbers, t, x->rule)) {
                sg_sb_puts(b, " <span class=\"drop-numbers\">");
                sg_sb_html(b, numbers);
                sg_sb_puts(b, ".</span>");
            }
            if (x->from_answer)
                sg_sb_puts(b, " (answered yes)");
            if (x->n_entries) {
                sg_sb_puts(b, " <span class=\"nw\">Entries:</span> ");
                for (size_t k = 0; k < x->n_entries; k++) {
                    const sg_entry *e = entry_by_id(r, x->entries[k]);
                    sg_sb_puts(b, k ? ", " : "");
                    if (e)
                        sg_sb_printf(b, "<span class=\"nw\">%s (#%lld)</span>",
                                     ds(sg_entry_day(e), d), x->entries[k]);
                    else
                        sg_sb_printf(b, "#%lld", x->entries[k]);
                }
                if (x->n_entries_total > x->n_entries)
                    sg_sb_printf(b, " and %zu more", x->n_entries_total - x->n_entries);
                sg_sb_puts(b, ".");
            }
            if (x->source) {
                sg_sb_puts(b, "<br><span class=\"small muted\">Source: ");
                sg_sb_html(b, x->source);
                sg_sb_puts(b, "</span>");
            }
            sg_sb_puts(b, "</li>\n");
        }
        sg_sb_puts(b, "</ul>\n");
    } else if (!t->screen_incomplete) {
        sg_sb_printf(b, "<p>No warning sign among the %zu pain entr%s of the last %d days and "
                        "the answers given.</p>\n",
                     t->n_pain_considered, t->n_pain_considered == 1 ? "y" : "ies",
                     SG_TRIAGE_WINDOW_DAYS);
    } else {
        sg_sb_printf(b, "<p>The %zu pain entr%s of the last %d days met no warning-sign rule; "
                        "the questions below are still open.</p>\n",
                     t->n_pain_considered, t->n_pain_considered == 1 ? "y" : "ies",
                     SG_TRIAGE_WINDOW_DAYS);
    }
    if (t->screen_incomplete) {
        sg_sb_printf(b, "<div class=\"keep\"><p><b>Red-flag screen incomplete: %d of %d "
                        "questions not yet answered</b> when this report was made, and an "
                        "unanswered question is not a no. Please ask:</p>\n<ul class=\"small rf\">\n",
                     missing, SG_RF_COUNT);
        for (int q = 0; q < SG_RF_COUNT; q++) {
            if (!(t->unanswered & SG_RF_BIT(q)))
                continue;
            sg_sb_puts(b, "<li>");
            sg_sb_html(b, sg_redflag_question((sg_redflag)q));
            sg_sb_puts(b, "</li>\n");
        }
        sg_sb_puts(b, "</ul></div>\n");
    }
    sg_sb_puts(b, "<p class=\"small\">");
    sg_sb_html(b, t->caveat);
    sg_sb_puts(b, "</p>\n<p class=\"caveat\">If in doubt, get checked. A clear screen is not an "
                  "all-clear.</p>\n<p class=\"small muted\">Rules and sources: docs/science.md "
                  "&sect;9 (red flags from UK primary-care pathways and Verhagen 2016; "
                  "red flags screen poorly: Cook 2017; warning signs are design choices, [D]).</p>\n</section>\n");
}

/* ---- 3. pain journal ---- */

static void journal(sg_sb *b, const sg_report *r)
{
    char d[11];
    sg_sb_puts(b, "<section id=\"journal\">\n<h2>2. Pain journal</h2>\n");
    size_t n = 0;
    for (size_t i = 0; i < r->n_entries; i++)
        n += r->entries[i].kind == SG_ENTRY_PAIN && in_period(r, r->entries[i].u.pain.day);
    if (!n) {
        sg_sb_puts(b, "<p>No pain entries logged in the period.</p>\n</section>\n");
        return;
    }
    /* worst severity per day, and per region */
    size_t nd = (size_t)(r->to_day - r->from_day + 1);
    double xs[SG_REPORT_MAX_WEEKS * 7 + 7], ys[SG_REPORT_MAX_WEEKS * 7 + 7];
    if (nd > sizeof xs / sizeof xs[0])
        nd = sizeof xs / sizeof xs[0];
    for (size_t i = 0; i < nd; i++) {
        xs[i] = (r->from_day + (double)i) * DAY_S;
        ys[i] = NAN;
    }
    int worst[SG_REGION_COUNT], count[SG_REGION_COUNT], last[SG_REGION_COUNT];
    unsigned sides[SG_REGION_COUNT];
    for (int k = 0; k < SG_REGION_COUNT; k++) {
        worst[k] = -1;
        count[k] = 0;
        last[k] = SG_JOURNAL_NO_DAY;
        sides[k] = 0;
    }
    sg_sb_printf(b, "<p>%zu pain entr%s in the period, as logged by the runner (severity on a "
                    "0&ndash;10 numeric rating scale).</p>\n",
                 n, n == 1 ? "y" : "ies");
    sg_sb_printf(b, "<table%s>\n<thead><tr><th>Date</th><th>Region</th><th>Side</th>"
                    "<th class=\"n\">Severity</th><th>Timing</th><th>Radiates / numbness / "
                    "stiffness</th><th>Note</th></tr></thead>\n<tbody>\n",
                 n <= 15 ? " class=\"keep\"" : "");
    for (size_t i = 0; i < r->n_entries; i++) {
        const sg_entry *e = &r->entries[i];
        if (e->kind != SG_ENTRY_PAIN || !in_period(r, e->u.pain.day))
            continue;
        const sg_pain_entry *p = &e->u.pain;
        size_t di = (size_t)(p->day - r->from_day);
        if (di < nd && (isnan(ys[di]) || p->severity > ys[di]))
            ys[di] = p->severity;
        int rg = p->region >= 0 && p->region < SG_REGION_COUNT ? (int)p->region : 0;
        count[rg]++;
        if (p->severity > worst[rg])
            worst[rg] = p->severity;
        if (p->day > last[rg] || last[rg] == SG_JOURNAL_NO_DAY)
            last[rg] = p->day;
        if (p->side >= 0 && p->side < SG_SIDE_COUNT)
            sides[rg] |= 1u << p->side;
        sg_sb_printf(b, "<tr><td class=\"nw\">%s</td><td>", ds(p->day, d));
        words(b, sg_region_name(p->region));
        sg_sb_puts(b, "</td><td>");
        words(b, sg_side_name(p->side));
        sg_sb_printf(b, "</td><td class=\"n\">%d/10</td><td>", p->severity);
        if (p->timing) {
            words(b, sg_timing_name(p->timing));
            if (p->timing == SG_TIMING_DURING && isfinite(p->km))
                sg_sb_printf(b, " at %.1f km", p->km);
        } else {
            sg_sb_puts(b, "&ndash;");
        }
        sg_sb_puts(b, "</td><td>");
        int any = 0;
        if (p->radiates) {
            sg_sb_puts(b, "radiates");
            any = 1;
        }
        if (p->numbness) {
            sg_sb_puts(b, any ? "; numbness" : "numbness");
            any = 1;
        }
        if (p->stiffness_min >= 0) {
            sg_sb_printf(b, "%sstiffness %d min", any ? "; " : "", p->stiffness_min);
            any = 1;
        }
        if (p->changed_run) {
            sg_sb_puts(b, any ? "; changed the run" : "changed the run");
            any = 1;
        }
        if (!any)
            sg_sb_puts(b, "&ndash;");
        sg_sb_puts(b, "</td><td>");
        sg_sb_html(b, p->note);
        sg_sb_puts(b, "</td></tr>\n");
    }
    sg_sb_puts(b, "</tbody></table>\n");
    sg_svg_series s = {"Worst pain that day (0-10)", ys, "#c62828", 1, 0};
    sg_svg_opts o = {720, 180, "Pain severity over the period", NULL, 1};
    chart(b, xs, nd, &s, 1, &o, "Worst logged severity per day (0-10); days without a bar had "
                                "no pain entry.");
    sg_sb_puts(b, "<div class=\"keep\"><h3>Body regions</h3>\n<table class=\"keep\"><thead><tr><th>Region</th>"
                  "<th>Sides</th><th class=\"n\">Entries</th><th class=\"n\">Worst</th>"
                  "<th>Last logged</th></tr></thead>\n<tbody>\n");
    for (int k = 0; k < SG_REGION_COUNT; k++) {
        if (!count[k])
            continue;
        sg_sb_puts(b, "<tr><td>");
        words(b, sg_region_name((sg_region)k));
        sg_sb_puts(b, "</td><td>");
        int first = 1;
        for (int s2 = 0; s2 < SG_SIDE_COUNT; s2++) {
            if (!(sides[k] & (1u << s2)))
                continue;
            sg_sb_puts(b, first ? "" : ", ");
            words(b, sg_side_name((sg_side)s2));
            first = 0;
        }
        sg_sb_printf(b, "</td><td class=\"n\">%d</td><td class=\"n\">%d/10</td><td>%s</td></tr>\n",
                     count[k], worst[k], ds(last[k], d));
    }
    sg_sb_puts(b, "</tbody></table></div>\n</section>\n");
}

/* ---- 3. OSTRC-O2 ---- */

static const char *area_label(sg_ostrc_area a)
{
    return a == SG_OSTRC_LOWER_BACK ? "Lower back" : a == SG_OSTRC_HIP_GROIN ? "Hips or groin" : "?";
}

static void ostrc_section(sg_sb *b, const sg_report *r)
{
    char d[11];
    sg_sb_puts(b, "<section id=\"ostrc\">\n<h2>3. Function: OSTRC-O2 weekly questionnaire</h2>\n");
    size_t n = 0, per[SG_OSTRC_AREA_COUNT] = {0};
    for (size_t i = 0; i < r->n_entries; i++) {
        const sg_entry *e = &r->entries[i];
        if (e->kind != SG_ENTRY_OSTRC || !in_period(r, e->u.ostrc.day) ||
            e->u.ostrc.area <= SG_OSTRC_AREA_UNKNOWN || e->u.ostrc.area >= SG_OSTRC_AREA_COUNT)
            continue;
        n++;
        per[e->u.ostrc.area]++;
    }
    if (!n) {
        sg_sb_puts(b, "<p>OSTRC-O2 not recorded in the period (lower back, hips or groin).</p>\n"
                      "</section>\n");
        return;
    }
    sg_sb_puts(b, "<p>The runner's weekly answers to the OSTRC-O2 questionnaire about the past "
                  "week, per area; severity 0&ndash;100 is the sum of the published points of "
                  "the four answers (Clarsen et al. 2020; item values Clarsen et al. 2013). A "
                  "substantial problem: moderate or greater reduction of training or performance, "
                  "or unable to take part.</p>\n");
    for (int a = SG_OSTRC_LOWER_BACK; a < SG_OSTRC_AREA_COUNT; a++)
        if (!per[a])
            sg_sb_printf(b, "<p>%s: not recorded in the period.</p>\n", area_label((sg_ostrc_area)a));
    sg_sb_printf(b, "<table%s>\n<thead><tr><th>Week ending</th><th>Area</th><th class=\"n\">"
                    "Severity (0&ndash;100)</th><th>Substantial</th><th>Answers (Q1&ndash;Q4)"
                    "</th></tr></thead>\n<tbody>\n",
                 n <= 15 ? " class=\"keep\"" : "");
    /* severity per Monday-based week of the period, per area (the last
     * questionnaire of the week counts) */
    size_t nw = (size_t)((r->to_day - r->from_day) / 7 + 1);
    if (nw > SG_REPORT_MAX_WEEKS + 1)
        nw = SG_REPORT_MAX_WEEKS + 1;
    double xs[SG_REPORT_MAX_WEEKS + 1], ys[2][SG_REPORT_MAX_WEEKS + 1];
    for (size_t w = 0; w < nw; w++) {
        xs[w] = (r->from_day + 7.0 * (double)w + 3.5) * DAY_S;   /* mid-week */
        ys[0][w] = ys[1][w] = NAN;
    }
    for (size_t i = 0; i < r->n_entries; i++) {
        const sg_entry *e = &r->entries[i];
        const sg_ostrc_entry *o = &e->u.ostrc;
        if (e->kind != SG_ENTRY_OSTRC || !in_period(r, o->day) ||
            o->area <= SG_OSTRC_AREA_UNKNOWN || o->area >= SG_OSTRC_AREA_COUNT)
            continue;
        sg_ostrc_score sc = sg_ostrc_score_week(o);
        sg_sb_printf(b, "<tr><td class=\"nw\">%s</td><td>%s</td><td class=\"n\">", ds(o->day, d),
                     area_label(o->area));
        if (sc.complete)
            sg_sb_printf(b, "%d", sc.severity);
        else
            sg_sb_puts(b, "not scored (incomplete)");
        sg_sb_printf(b, "</td>%s</td><td class=\"small\">",
                     sc.substantial ? "<td class=\"sub\">substantial problem" : "<td>&ndash;");
        for (int q = 0; q < SG_OSTRC_QUESTIONS; q++) {
            const char *opt = sg_ostrc_option(q, o->answer[q]);
            sg_sb_printf(b, "%s%d: ", q ? "; " : "", q + 1);
            if (opt)
                sg_sb_html(b, opt);
            else
                sg_sb_puts(b, "not asked");
        }
        sg_sb_puts(b, "</td></tr>\n");
        size_t w = (size_t)((o->day - r->from_day) / 7);
        if (sc.complete && w < nw)
            ys[o->area == SG_OSTRC_LOWER_BACK ? 0 : 1][w] = sc.severity;
    }
    sg_sb_puts(b, "</tbody></table>\n");
    sg_svg_series s[2] = {{"Lower back", ys[0], "#1f6fb2", 1, 0},
                          {"Hips or groin", ys[1], "#c62828", 1, 0}};
    sg_svg_opts so = {720, 180, "OSTRC-O2 severity (Clarsen 2020)", NULL, 1};
    chart(b, xs, nw, s, 2, &so, "OSTRC-O2 severity (Clarsen 2020), 0-100, one bar per Monday-based "
                               "week of the period; a week without a bar had no "
                               "questionnaire or a severity of 0 (see the table).");
    sg_sb_puts(b, "</section>\n");
}

/* ---- 4. training load ---- */

static void load_charts(sg_sb *b, const sg_report *r, const sg_load_result *L)
{
    int first = sg_load_monday(r->from_day);
    int lastd = sg_load_monday(r->to_day) + 6;
    size_t nd = (size_t)(lastd - first + 1);
    if (nd > SG_REPORT_MAX_WEEKS * 7 + 7)
        nd = SG_REPORT_MAX_WEEKS * 7 + 7;
    double x[SG_REPORT_MAX_WEEKS * 7 + 7], dist[SG_REPORT_MAX_WEEKS * 7 + 7],
        asc[SG_REPORT_MAX_WEEKS * 7 + 7], desc[SG_REPORT_MAX_WEEKS * 7 + 7];
    for (size_t i = 0; i < nd; i++) {
        x[i] = (first + (double)i) * DAY_S;
        dist[i] = asc[i] = desc[i] = NAN;
    }
    /* three bars side by side in the middle of each week */
    for (size_t w = 0; w < L->n_weeks; w++) {
        const sg_load_week *k = &L->weeks[w];
        long o = (long)k->week_start - first;
        if (o < 0 || o + 4 >= (long)nd)
            continue;
        dist[o + 2] = k->distance_m / 1000.0;
        asc[o + 3] = k->ascent_m;
        desc[o + 4] = k->descent_m;
    }
    sg_svg_series s[3] = {{"Distance (km, left)", dist, "#1f6fb2", 1, 0},
                          {"Ascent (m, right)", asc, "#2e7d32", 1, 1},
                          {"Descent (m, right)", desc, "#8d5a2b", 1, 1}};
    sg_svg_opts o = {720, 200, "Weekly distance, ascent and descent", NULL, 1};
    chart(b, x, nd, s, 3, &o, "On-foot distance, ascent and descent per Monday-based week; the "
                              "last week may be partial.");

    /* daily fitness/fatigue with the day's distance for context */
    size_t n2 = (size_t)(r->to_day - r->from_day + 1);
    if (n2 > nd)
        n2 = nd;
    double ctl[SG_REPORT_MAX_WEEKS * 7 + 7], atl[SG_REPORT_MAX_WEEKS * 7 + 7];
    for (size_t i = 0; i < n2; i++) {
        x[i] = (r->from_day + (double)i) * DAY_S;
        ctl[i] = atl[i] = dist[i] = NAN;
    }
    for (size_t i = 0; i < L->n_days; i++) {
        long o2 = (long)L->days[i].day - r->from_day;
        if (o2 < 0 || o2 >= (long)n2)
            continue;
        ctl[o2] = L->days[i].ctl;
        atl[o2] = L->days[i].atl;
        dist[o2] = L->days[i].distance_m > 0 ? L->days[i].distance_m / 1000.0 : NAN;
    }
    char cap2[200];
    snprintf(cap2, sizeof cap2,
             "Fitness (CTL, 42-day) and fatigue (ATL, 7-day) of the daily %s load (Banister "
             "model; docs/science.md 7.5), with each day's distance.",
             sg_load_metric_name(L->metric));
    sg_svg_series s2[3] = {{"Distance per day (km, right)", dist, "#9aa5ae", 1, 1},
                           {"Fitness CTL", ctl, "#1f6fb2", 0, 0},
                           {"Fatigue ATL", atl, "#c62828", 0, 0}};
    sg_svg_opts o2 = {720, 200, "Fitness and fatigue, daily", NULL, 1};
    chart(b, x, n2, s2, 3, &o2, cap2);
}

static void load_flag_li(sg_sb *b, const sg_load_flag *f)
{
    sg_sb_printf(b, "<li><span class=\"sev-%s\">%s</span> ",
                 f->severity == SG_FLAG_WATCH ? "watch" : "info",
                 f->severity == SG_FLAG_WATCH ? "Watch:" : "Note:");
    sg_sb_html(b, f->msg);
    sg_sb_puts(b, "</li>\n");
}

static void race_part(sg_sb *b, const sg_load_result *L)
{
    char d[11];
    sg_sb_puts(b, "<div class=\"keep\"><h3>Taper and race readiness</h3>\n");
    if (!L->has_race) {
        sg_sb_puts(b, "<p>No race date set.</p></div>\n");
        return;
    }
    const sg_race_result *rr = &L->race;
    sg_sb_puts(b, "<dl class=\"kv\">\n<dt>Race day</dt><dd>");
    sg_sb_puts(b, ds(rr->race_day, d));
    if (rr->days_to_race >= 0)
        sg_sb_printf(b, ", %d day%s (%.1f weeks) after the period ends", rr->days_to_race,
                     rr->days_to_race == 1 ? "" : "s", rr->weeks_to_race);
    else
        sg_sb_printf(b, ", %d days before the period ends", -rr->days_to_race);
    sg_sb_puts(b, "</dd>\n<dt>Longest run of the final 8 weeks</dt><dd>");
    if (isfinite(rr->longest_run_m))
        sg_sb_printf(b, "%.1f km on %s, %d days before race day", rr->longest_run_m / 1000.0,
                     ds(rr->longest_run_day, d), rr->longest_run_days_out);
    else
        sg_sb_puts(b, "&ndash;");
    sg_sb_puts(b, "</dd>\n<dt>Taper</dt><dd>");
    if (isfinite(rr->taper_reduction_pct))
        sg_sb_printf(b, "%.1f km a week in the final two weeks vs %.1f before (%.0f %% %s)",
                     rr->taper_weekly_m / 1000.0, rr->pre_taper_weekly_m / 1000.0,
                     fabs(rr->taper_reduction_pct), rr->taper_reduction_pct >= 0 ? "less" : "more");
    else if (rr->days_to_race > 13)
        sg_sb_puts(b, "not started (the final two weeks have not begun)");
    else
        sg_sb_puts(b, "too early to measure (fewer than 7 taper days so far)");
    sg_sb_puts(b, "</dd>\n</dl>\n");
    if (rr->has_course) {
        const sg_course *c = &rr->course;
        sg_sb_puts(b, "<table class=\"keep\"><thead><tr><th>Course demand</th><th class=\"n\">"
                      "Course</th><th>What training prepared (8 weeks before the report)</th>"
                      "</tr></thead>\n<tbody>\n<tr><td>Distance</td><td class=\"n\">");
        num(b, c->distance_m / 1000.0, 1);
        sg_sb_puts(b, " km</td><td>longest run of the build ");
        num(b, rr->longest_run_m / 1000.0, 1);
        sg_sb_puts(b, " km</td></tr>\n<tr><td>Total descent</td><td class=\"n\">");
        num(b, c->descent_m, 0);
        sg_sb_puts(b, " m</td><td>largest single-run descent ");
        num(b, rr->max_run_descent_m, 0);
        sg_sb_puts(b, " m; largest descent in any 7 days ");
        num(b, rr->max_week_descent_m, 0);
        sg_sb_puts(b, " m</td></tr>\n<tr><td>Longest continuous descent</td><td class=\"n\">");
        num(b, c->max_descent_segment_m, 0);
        sg_sb_puts(b, " m over ");
        num(b, c->max_descent_segment_len_m / 1000.0, 1);
        sg_sb_puts(b, " km</td><td rowspan=\"3\" class=\"muted\">compare with the runs table "
                      "(section 4): descent per run</td></tr>\n<tr><td>Steepest descent (200 m or "
                      "longer)</td><td class=\"n\">");
        num(b, c->steepest_descent_grade_pct, 1);
        sg_sb_puts(b, " %</td></tr>\n<tr><td>Total ascent</td><td class=\"n\">");
        num(b, c->ascent_m, 0);
        sg_sb_puts(b, " m</td></tr>\n</tbody></table>\n");
    } else {
        sg_sb_puts(b, "<p>No race course stored: course demands cannot be compared.</p>\n");
    }
    if (rr->n_flags) {
        sg_sb_puts(b, "<ul>\n");
        for (size_t i = 0; i < rr->n_flags; i++)
            load_flag_li(b, &rr->flags[i]);
        sg_sb_puts(b, "</ul>\n");
    }
    sg_sb_puts(b, "<p class=\"small muted\">Taper and long-run timing: docs/science.md &sect;7.6 "
                  "(Bosquet 2007); course demands and descent preparation: &sect;7.8 (Bontemps "
                  "2020; Khassetarash 2022).</p></div>\n");
}

/* The daily load metric note (with the heart-rate range for TRIMP). */
static void load_metric_note(sg_sb *b, const sg_load_result *L)
{
    sg_sb_printf(b, "<p class=\"small muted\">Daily load metric: %s", sg_load_metric_name(L->metric));
    if (L->metric == SG_LOAD_TRIMP) {
        sg_sb_puts(b, " (Banister TRIMP; heart rate rest ");
        num(b, L->hr_rest, 0);
        sg_sb_puts(b, L->hr_rest_default ? " bpm assumed" : " bpm");
        sg_sb_puts(b, ", max ");
        num(b, L->hr_max, 0);
        sg_sb_puts(b, L->hr_max_estimated ? " bpm estimated from the runs)" : " bpm)");
    }
    sg_sb_puts(b, ". docs/science.md &sect;7.3.</p>\n");
}

/* The "Weekly ramp" table. */
static void load_weekly_ramp(sg_sb *b, const sg_report *r, const sg_load_result *L)
{
    char d[11];
    sg_sb_puts(b, "<div class=\"keep\"><h3>Weekly ramp</h3>\n<table class=\"keep\"><thead><tr><th>Week of</th>"
                  "<th class=\"n\">Distance km</th><th class=\"n\">Change</th><th class=\"n\">"
                  "Ascent m</th><th class=\"n\">Descent m</th><th class=\"n\">Activities</th>"
                  "<th class=\"n\">Longest km</th><th class=\"n\">Monotony</th><th class=\"n\">"
                  "Strain</th><th>Note</th></tr></thead>\n<tbody>\n");
    for (size_t w = 0; w < L->n_weeks; w++) {
        const sg_load_week *k = &L->weeks[w];
        if (k->week_start + 6 < r->from_day || k->week_start > r->to_day)
            continue;
        sg_sb_printf(b, "<tr><td class=\"nw\">%s</td><td class=\"n\">", ds(k->week_start, d));
        num(b, k->distance_m / 1000.0, 1);
        sg_sb_puts(b, "</td><td class=\"n\">");
        if (isfinite(k->change_pct))
            sg_sb_printf(b, "%+.0f %%", k->change_pct);
        else
            sg_sb_puts(b, "&ndash;");
        sg_sb_puts(b, "</td><td class=\"n\">");
        num(b, k->ascent_m, 0);
        sg_sb_puts(b, "</td><td class=\"n\">");
        num(b, k->descent_m, 0);
        sg_sb_printf(b, "</td><td class=\"n\">%d</td><td class=\"n\">", k->activities);
        num(b, k->longest_run_m > 0 ? k->longest_run_m / 1000.0 : NAN, 1);
        sg_sb_puts(b, "</td><td class=\"n\">");
        num(b, k->monotony, 2);
        sg_sb_puts(b, "</td><td class=\"n\">");
        num(b, k->strain, 0);
        sg_sb_puts(b, "</td><td>");
        if (k->partial)
            sg_sb_printf(b, "partial (%d day%s)", k->days, k->days == 1 ? "" : "s");
        if (k->gap_days)
            sg_sb_printf(b, "%s%d day%s without data", k->partial ? "; " : "", k->gap_days,
                         k->gap_days == 1 ? "" : "s");
        sg_sb_puts(b, "</td></tr>\n");
    }
    sg_sb_puts(b, "</tbody></table>\n<p class=\"small muted\">Monotony and strain: Foster 1998 "
                  "(docs/science.md &sect;7.4); no threshold is implied.</p></div>\n");
}

/* The "Single-run distance spikes" table and its source note. */
static void load_spikes_part(sg_sb *b, const sg_report *r, const sg_load_result *L)
{
    char d[11];
    sg_sb_puts(b, "<div class=\"keep\"><h3>Single-run distance spikes</h3>\n");
    size_t ns = 0;
    for (size_t i = 0; i < L->n_spikes; i++)
        ns += in_period(r, L->spikes[i].day) && L->spikes[i].category >= SG_SPIKE_SMALL;
    if (!ns) {
        sg_sb_puts(b, "<p>No run in the period was more than 10 % longer than the longest run of "
                      "the 30 days before it.</p>\n");
    } else {
        sg_sb_puts(b, "<table class=\"keep\"><thead><tr><th>Date</th><th class=\"n\">Distance km"
                      "</th><th class=\"n\">Longest of previous 30 days km</th><th class=\"n\">"
                      "Spike</th><th>Category</th><th class=\"n\">Hazard rate ratio (95 % CI)</th>"
                      "<th>Note</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < L->n_spikes; i++) {
            const sg_load_spike *s = &L->spikes[i];
            if (!in_period(r, s->day) || s->category < SG_SPIKE_SMALL)
                continue;
            double lo, hi, hrr = sg_spike_hazard_ratio(s->category, &lo, &hi);
            sg_sb_printf(b, "<tr><td class=\"nw\">%s</td><td class=\"n\">", ds(s->day, d));
            num(b, s->distance_m / 1000.0, 1);
            sg_sb_puts(b, "</td><td class=\"n\">");
            num(b, s->longest30_m / 1000.0, 1);
            sg_sb_printf(b, "</td><td class=\"n\">%+.0f %%</td><td>%s</td><td class=\"n\">",
                         s->spike_pct, sg_spike_category_name(s->category));
            num(b, hrr, 2);
            sg_sb_puts(b, " (");
            num(b, lo, 2);
            sg_sb_puts(b, "&ndash;");
            num(b, hi, 2);
            sg_sb_printf(b, ")</td><td>%s</td></tr>\n",
                         s->baseline_gap ? "the 30 days before include days without data" : "");
        }
        sg_sb_puts(b, "</tbody></table>\n");
    }
    sg_sb_puts(b, "<p class=\"small muted\">Categories and hazard rate ratios from Frandsen 2025 "
                  "(5,200 recreational runners): a run more than 10&ndash;30 % (small), "
                  "30&ndash;100 % (moderate) or over 100 % (large) longer than the longest run of "
                  "the previous 30 days, against runs within 10 %. A group association, not a "
                  "prediction for this runner. docs/science.md &sect;7.7.</p></div>\n");
}

/* The acute:chronic workload ratio, with what it cannot say. */
static void load_acwr_part(sg_sb *b, const sg_load_result *L)
{
    char d[11];
    sg_sb_puts(b, "<div class=\"keep\"><h3>Acute:chronic workload ratio</h3>\n<p>");
    if (isfinite(L->acwr))
        sg_sb_printf(b, "EWMA acute:chronic ratio on %s: <b>%.2f</b>. ", ds(L->today_day, d),
                     L->acwr);
    else
        sg_sb_puts(b, "Not computable (too little history or a data gap in the chronic window). ");
    sg_sb_puts(b, "</p>\n<p class=\"small\">");
    sg_sb_html(b, sg_load_acwr_limitations());
    sg_sb_puts(b, " docs/science.md &sect;7.5.</p></div>\n");
}

/* The "Training-load flags" list, if any. */
static void load_flags_list(sg_sb *b, const sg_load_result *L)
{
    if (L->n_flags) {
        sg_sb_puts(b, "<h3>Training-load flags</h3>\n<ul>\n");
        for (size_t i = 0; i < L->n_flags; i++)
            load_flag_li(b, &L->flags[i]);
        sg_sb_puts(b, "</ul>\n");
    }
}

static void load_section(sg_sb *b, const sg_report *r)
{
    sg_sb_puts(b, "<section id=\"load\">\n<h2>4. Training load</h2>\n");
    const sg_load_result *L = r->load;
    if (!L) {
        sg_sb_puts(b, "<p>Training load could not be computed");
        if (r->load_error) {
            sg_sb_puts(b, ": ");
            sg_sb_html(b, r->load_error);
        }
        sg_sb_puts(b, ".</p>\n</section>\n");
        return;
    }
    if (!L->n_days) {
        sg_sb_puts(b, "<p>No activities stored: no training load to show.</p>\n");
        race_part(b, L);
        sg_sb_puts(b, "</section>\n");
        return;
    }
    load_metric_note(b, L);
    load_charts(b, r, L);
    load_weekly_ramp(b, r, L);
    load_spikes_part(b, r, L);
    load_acwr_part(b, L);
    load_flags_list(b, L);
    race_part(b, L);
    sg_sb_puts(b, "</section>\n");
}

/* ---- 5. runs ---- */

static void runs_section(sg_sb *b, const sg_report *r)
{
    char d[11];
    sg_sb_puts(b, "<section id=\"runs\">\n<h2>5. Runs in the period</h2>\n");
    if (!r->n_runs) {
        sg_sb_puts(b, "<p>No runs stored in the period.</p>\n</section>\n");
        return;
    }
    /* short headers leave the flags column room; the caption spells them out */
    sg_sb_printf(b, "<table%s><thead><tr><th>Date</th><th class=\"n\">Dist.<br>km</th>"
                    "<th class=\"n\">Moving<br>h:mm</th><th class=\"n\">Asc.<br>m</th>"
                    "<th class=\"n\">Desc.<br>m</th><th class=\"n\">Impact<br>km</th>"
                    "<th class=\"n\">Cadence<br>spm</th><th class=\"n\">GCT bal.<br>%% L</th>"
                    "<th class=\"fl\">Flags</th></tr></thead>\n<tbody>\n",
                 r->n_runs <= 15 ? " class=\"keep\"" : "");
    size_t np = r->n_runs < 4096 ? r->n_runs : 4096;
    double x[4096], cad[4096], bal[4096];
    size_t nx = 0;
    for (size_t i = 0; i < r->n_runs; i++) {
        const sg_report_run *u = &r->runs[i];
        sg_sb_printf(b, "<tr><td class=\"nw\">%s</td>", isfinite(u->start) ? ds(day_of(u->start), d)
                                                                         : "unknown");
        if (u->failed) {
            sg_sb_puts(b, "<td colspan=\"8\" class=\"muted\">could not be analysed</td></tr>\n");
            continue;
        }
        sg_sb_puts(b, "<td class=\"n\">");
        num(b, u->distance_m / 1000.0, 1);
        sg_sb_puts(b, "</td><td class=\"n\">");
        duration(b, u->moving_time_s);
        sg_sb_puts(b, "</td><td class=\"n\">");
        num(b, u->ascent_m, 0);
        sg_sb_puts(b, "</td><td class=\"n\">");
        num(b, u->descent_m, 0);
        sg_sb_puts(b, "</td><td class=\"n\">");
        num(b, u->impact_weighted_km, 1);
        sg_sb_puts(b, "</td><td class=\"n\">");
        num(b, u->cadence_spm, 0);
        sg_sb_puts(b, "</td><td class=\"n\">");
        num(b, u->balance_left_pct, 1);
        sg_sb_puts(b, "</td><td class=\"small\">");
        words(b, u->codes);
        sg_sb_puts(b, "</td></tr>\n");
        if (nx < np && isfinite(u->start)) {
            x[nx] = u->start;
            cad[nx] = u->cadence_spm;
            bal[nx] = u->balance_left_pct;
            nx++;
        }
    }
    sg_sb_puts(b, "</tbody></table>\n<p class=\"small muted\">Dist.: distance; Asc./Desc.: "
                  "ascent and descent; Impact km: impact-weighted km, a strideguard index (not a force): a flat-equivalent exposure by "
                  "grade (Gottschall &amp; Kram 2005; docs/science.md &sect;4); Cadence and GCT "
                  "bal. (ground-contact-time balance, % of contact on the left foot) are medians "
                  "over flat stretches (&sect;5), 50 % is even.</p>\n");
    sg_svg_series s[2] = {{"Flat cadence (spm, left)", cad, "#1f6fb2", 0, 0},
                          {"GCT balance (% left, right)", bal, "#c62828", 0, 1}};
    sg_svg_opts o = {720, 200, "Cadence and contact-time balance per run", NULL, 1};
    chart(b, x, nx, s, 2, &o, "One point per run. Balance above 50 % means longer ground contact "
                              "on the left foot. Population bands are context, not thresholds.");
    sg_sb_puts(b, "<div class=\"keep\"><h3>Flags raised in the period</h3>\n");
    if (!r->n_flags) {
        sg_sb_puts(b, "<p>No run flag was raised.</p>\n");
    } else {
        sg_sb_puts(b, "<table class=\"keep\"><thead><tr><th>Flag</th><th class=\"n\">Runs</th>"
                      "<th>Last</th><th>What it means (latest)</th><th>Source</th></tr></thead>\n"
                      "<tbody>\n");
        for (size_t i = 0; i < r->n_flags; i++) {
            const sg_report_flag *f = &r->flags[i];
            sg_sb_puts(b, "<tr><td><span class=\"sev-");
            sg_sb_html(b, f->severity);
            sg_sb_puts(b, "\">");
            words(b, f->code);
            sg_sb_printf(b, "</span></td><td class=\"n\">%zu</td><td class=\"nw\">%s</td><td>",
                         f->count, ds(f->last_day, d));
            sg_sb_html(b, f->message);
            sg_sb_puts(b, "</td><td class=\"small\">");
            sg_sb_html(b, f->source);
            sg_sb_puts(b, "</td></tr>\n");
        }
        sg_sb_puts(b, "</tbody></table>\n");
    }
    sg_sb_puts(b, "</div>\n</section>\n");
}

/* ---- 6. prehab ---- */

static const char *const wd[8] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static void prehab_section(sg_sb *b, const sg_report *r)
{
    char d[11];
    sg_sb_puts(b, "<section id=\"prehab\">\n<h2>6. Prehab</h2>\n");
    int total = 0;
    for (size_t i = 0; i < r->n_prehab_weeks; i++)
        total += r->prehab_weeks[i].entries;
    const sg_plan *p = r->plan;
    int planned_str = 0, planned_mob = 0;
    if (p)
        for (size_t i = 0; i < p->n_sessions; i++) {
            if (p->sessions[i].kind == SG_SESSION_STRENGTH)
                planned_str++;
            else
                planned_mob++;
        }
    if (total)
        sg_sb_printf(b, "<p>%d prehab exercise%s logged in the period.</p>\n", total,
                     total == 1 ? "" : "s");
    else
        sg_sb_puts(b, "<p>No prehab exercise logged in the period.</p>\n");
    if (r->n_prehab_weeks && total) {
        /* calendar weeks of the period (Monday to Sunday), unlike the plan
         * below, which covers the 7 days from the report's day */
        sg_sb_puts(b, "<table class=\"keep\"><thead><tr><th>Week (Mon&ndash;Sun) from</th>"
                      "<th class=\"n\">Exercises logged</th><th class=\"n\">Days with prehab"
                      "</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < r->n_prehab_weeks; i++) {
            const sg_report_prehab_week *w = &r->prehab_weeks[i];
            sg_sb_printf(b, "<tr><td class=\"nw\">%s</td><td class=\"n\">%d</td><td class=\"n\">"
                            "%d</td></tr>\n",
                         ds(w->week_start, d), w->entries, w->days);
        }
        sg_sb_puts(b, "</tbody></table>\n");
    }
    if (!p) {
        sg_sb_puts(b, "<p>No prehab plan");
        if (r->plan_error) {
            sg_sb_puts(b, ": ");
            sg_sb_html(b, r->plan_error);
        }
        sg_sb_puts(b, ".</p>\n</section>\n");
        return;
    }
    char d2[11];
    sg_sb_printf(b, "<div class=\"keep\"><h3>Prehab plan for the 7 days from %s to %s%s</h3>\n",
                 ds(p->week_start, d), ds(p->week_start + 6, d2),
                 p->taper ? ", a taper week" : "");
    sg_sb_printf(b, "<p>The plan is a rolling 7 days from the day it was made, not a calendar week "
                    "(%d strength and %d mobility session%s). Logged so far in these 7 days: "
                    "strength on %d day%s, mobility on %d day%s (the 7 days before: strength on "
                    "%d day%s).</p>\n",
                 planned_str, planned_mob, planned_mob == 1 ? "" : "s",
                 p->adherence.strength_days_done, p->adherence.strength_days_done == 1 ? "" : "s",
                 p->adherence.mobility_days_done, p->adherence.mobility_days_done == 1 ? "" : "s",
                 p->adherence.prev_strength_days_done,
                 p->adherence.prev_strength_days_done == 1 ? "" : "s");
    sg_sb_puts(b, "<table class=\"keep\"><thead><tr><th>Day</th><th>Session</th><th>Exercises"
                  "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < p->n_sessions; i++) {
        const sg_plan_session *s = &p->sessions[i];
        int wk = sg_journal_weekday(s->day);
        sg_sb_printf(b, "<tr><td class=\"nw\">%s %s</td><td class=\"nw\">%s, %d min",
                     wd[wk >= 1 && wk <= 7 ? wk : 0], ds(s->day, d),
                     s->kind == SG_SESSION_STRENGTH ? "<b>strength</b>" : "mobility", s->minutes);
        sg_sb_puts(b, "</td><td>");
        for (size_t k = 0; k < s->n_items; k++) {
            const sg_plan_item *it = &s->items[k];
            sg_sb_puts(b, k ? "; " : "");
            sg_sb_html(b, it->ex && it->ex->name ? it->ex->name : "?");
            sg_sb_printf(b, " %d&times;", it->sets);
            sg_sb_html(b, it->ex && it->ex->reps ? it->ex->reps : "");
            if (it->bias == SG_SIDE_LEFT || it->bias == SG_SIDE_RIGHT)
                sg_sb_printf(b, " (+1 set %s)", sg_side_name(it->bias));
            if (it->done)
                sg_sb_puts(b, " &#10003;");
        }
        sg_sb_puts(b, "</td></tr>\n");
    }
    sg_sb_puts(b, "</tbody></table></div>\n");
    if (p->n_notes) {
        sg_sb_puts(b, "<ul class=\"small\">\n");
        for (size_t i = 0; i < p->n_notes; i++) {
            sg_sb_puts(b, "<li>");
            sg_sb_html(b, p->notes[i]);
            sg_sb_puts(b, "</li>\n");
        }
        sg_sb_puts(b, "</ul>\n");
    }
    sg_sb_puts(b, "<p class=\"small muted\">Prehab builds capacity; it does not treat a "
                  "diagnosis. Exercise choice and placement: docs/science.md &sect;10. "
                  "&#10003; = logged on that day.</p>\n</section>\n");
}

/* ---- 7. trunk IMU ---- */

static void imu_section(sg_sb *b, const sg_report *r)
{
    sg_sb_puts(b, "<section id=\"imu\">\n<h2>7. Lower-back sensor (trunk IMU)</h2>\n");
    if (!r->n_imu) {
        sg_sb_puts(b, "<p>No lower-back sensor recordings.</p>\n");
    } else {
        sg_sb_printf(b, "<p>%zu recording%s in the period.", r->n_imu, r->n_imu == 1 ? "" : "s");
        if (r->imu_summary) {
            sg_sb_puts(b, " ");
            sg_sb_html(b, r->imu_summary);
        }
        sg_sb_puts(b, "</p>\n<p class=\"small muted\">Trunk and pelvis motion: docs/science.md "
                      "&sect;8.</p>\n");
    }
    sg_sb_puts(b, "</section>\n");
}

/* ---- 8. footer ---- */

static void footer(sg_sb *b, const sg_report *r)
{
    sg_sb_puts(b, "<footer id=\"footer\">\n<p><b>strideguard flags risks and says when to see a "
                  "clinician; it does not diagnose or treat.</b> Everything here comes from the "
                  "runner's own watch files and journal; associations in one runner's records are "
                  "not causes.</p>\n<p>Sources (sections of docs/science.md in the strideguard "
                  "source, each with its references):</p>\n<ul class=\"small\">\n"
                  "<li>&sect;4 Impact and braking exposure (Gottschall &amp; Kram 2005)</li>\n"
                  "<li>&sect;5 Running mechanics and asymmetry</li>\n"
                  "<li>&sect;6 Fatigue drift</li>\n"
                  "<li>&sect;7 Training load, spikes, taper (Banister TRIMP; Foster 1998; Lolli "
                  "2019; Impellizzeri 2021; Dalen-Lorentsen 2021; Frandsen 2025; Bosquet 2007)</li>\n"
                  "<li>&sect;7.8 Course demands and descent preparation (Bontemps 2020; "
                  "Khassetarash 2022)</li>\n");
    if (r->n_imu)
        sg_sb_puts(b, "<li>&sect;8 Trunk and pelvis motion from a lower-back IMU</li>\n");
    sg_sb_puts(b, "<li>&sect;9 Triage: red flags and warning signs (Verhagen 2016; Cook 2017); "
                  "&sect;9.5 OSTRC-O2 (Clarsen 2020)</li>\n"
                  "<li>&sect;10 Prehab</li>\n");
    if (r->simulated)
        sg_sb_puts(b, "<li>&sect;11 The demo simulator</li>\n");
    sg_sb_puts(b, "</ul>\n<p class=\"muted\">Generated offline by strideguard");
    if (r->version) {
        sg_sb_puts(b, " ");
        sg_sb_html(b, r->version);
    }
    sg_sb_puts(b, ". This file contains no links, scripts or external resources.</p>\n</footer>\n");
}

void sg_report_html(sg_sb *b, const sg_report *r)
{
    char f[11], t[11];
    sg_sb_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>strideguard report ");
    sg_sb_printf(b, "%s to %s%s</title>\n", ds(r->from_day, f), ds(r->to_day, t),
                 r->simulated ? " (simulated demo data)" : "");
    style(b, r);
    sg_sb_puts(b, "</head>\n<body>\n");
    header(b, r);
    triage(b, r);
    journal(b, r);
    ostrc_section(b, r);
    load_section(b, r);
    runs_section(b, r);
    prehab_section(b, r);
    imu_section(b, r);
    footer(b, r);
    sg_sb_puts(b, "</body>\n</html>\n");
}
