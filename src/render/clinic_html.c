/* The printable visit summary (src/render/clinic_html.h). */
#include "render/clinic_html.h"

#include <math.h>
#include <stdio.h>

#include "model/strbuf.h"
#include "strideguard/journal.h"

#define PAGE_MAX (4u << 20)

static void cell(sg_sb *b, const char *label, const char *value)
{
    sg_sb_puts(b, "<tr><th>");
    sg_sb_html(b, label);
    sg_sb_puts(b, "</th><td>");
    sg_sb_html(b, value);
    sg_sb_puts(b, "</td></tr>\n");
}

static void signals(sg_sb *b, const sg_roster_row *r)
{
    char v[96];
    sg_sb_puts(b, "<h2>Signals (strideguard's own composites, not a diagnosis)</h2>\n"
                  "<table>\n");
    cell(b, "Triage tier", sg_tier_name(r->tier));
    snprintf(v, sizeof v, "%d", r->n_signs);
    cell(b, "Warning signs", v);
    for (int i = 0; i < r->n_rules; i++)
        cell(b, "Warning sign", r->rules[i]);
    snprintf(v, sizeof v, "%d runs; %d with a distance spike; %d with late-run form breakdown",
             r->runs, r->spike_runs, r->breakdown_runs);
    cell(b, "Last 28 days", v);
    if (isfinite(r->balance_left_pct))
        snprintf(v, sizeof v, "%.1f %% left (%s)%s", r->balance_left_pct,
                 sg_trend_name(r->asym_trend), r->asymmetric ? ", beyond 52.2 %" : "");
    else
        snprintf(v, sizeof v, "not recorded");
    cell(b, "Ground-contact balance", v);
    if (isfinite(r->pain_recent))
        snprintf(v, sizeof v, "max %.0f/10 in 14 days (%s)", r->pain_recent,
                 sg_trend_name(r->pain_trend));
    else
        snprintf(v, sizeof v, "none logged in 14 days");
    cell(b, "Pain (runner's log)", v);
    if (r->ostrc_recent >= 0)
        snprintf(v, sizeof v, "%d/100 (%s)", r->ostrc_recent, sg_trend_name(r->ostrc_trend));
    else
        snprintf(v, sizeof v, "no questionnaire in 14 days");
    cell(b, "OSTRC-O2 severity", v);
    if (r->days_to_race >= 0)
        snprintf(v, sizeof v, "%d days%s", r->days_to_race, r->taper ? " (taper time)" : "");
    else
        snprintf(v, sizeof v, "no race ahead");
    cell(b, "Race", v);
    sg_sb_puts(b, "</table>\n");
}

static void findings(sg_sb *b, const sg_finding_list *l)
{
    sg_sb_puts(b, "<h2>Clinician's findings</h2>\n");
    if (!l->n) {
        sg_sb_puts(b, "<p>None recorded.</p>\n");
        return;
    }
    sg_sb_puts(b, "<table>\n<tr><th>Date</th><th>Region</th><th>Side</th><th>Notes</th></tr>\n");
    for (size_t i = 0; i < l->n; i++) {
        const sg_finding *f = &l->items[i];
        sg_sb_puts(b, "<tr><td>");
        sg_sb_html(b, f->date);
        sg_sb_puts(b, "</td><td>");
        sg_sb_html(b, f->region);
        sg_sb_puts(b, "</td><td>");
        sg_sb_html(b, f->side);
        sg_sb_puts(b, "</td><td>");
        sg_sb_html(b, f->text);
        sg_sb_puts(b, "</td></tr>\n");
    }
    sg_sb_puts(b, "</table>\n");
}

static void assignments(sg_sb *b, const sg_assignment_list *l)
{
    sg_sb_puts(b, "<h2>Exercises assigned by the clinician</h2>\n");
    if (!l->n) {
        sg_sb_puts(b, "<p>None assigned.</p>\n");
        return;
    }
    sg_sb_puts(b, "<table>\n<tr><th>Exercise</th><th>Dose</th><th>Notes</th><th>From</th>"
                  "<th>To</th></tr>\n");
    for (size_t i = 0; i < l->n; i++) {
        const sg_assignment *a = &l->items[i];
        sg_sb_puts(b, "<tr><td>");
        sg_sb_html(b, a->exercise_name[0] ? a->exercise_name : a->exercise);
        sg_sb_puts(b, "</td><td>");
        sg_sb_html(b, a->dose);
        sg_sb_puts(b, "</td><td>");
        sg_sb_html(b, a->notes);
        sg_sb_puts(b, "</td><td>");
        sg_sb_html(b, a->from_date);
        sg_sb_puts(b, "</td><td>");
        sg_sb_html(b, a->to_date[0] ? a->to_date : "open");
        sg_sb_puts(b, "</td></tr>\n");
    }
    sg_sb_puts(b, "</table>\n");
}

char *sg_visit_html(const sg_visit *v, size_t *len)
{
    sg_sb b;
    sg_sb_init(&b, PAGE_MAX);
    char day[11];
    sg_journal_date_format(v->today, day);
    sg_sb_puts(&b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                   "<title>Visit summary</title>\n<style>\n"
                   "body{font:11pt/1.4 sans-serif;max-width:48em;margin:1em auto;color:#000}\n"
                   "table{border-collapse:collapse;width:100%;margin-bottom:1em}\n"
                   "th,td{border:1px solid #999;padding:.2em .4em;text-align:left;"
                   "vertical-align:top}\n"
                   "@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}\n"
                   "</style></head><body>\n<h1>Visit summary: ");
    sg_sb_html(&b, v->name);
    sg_sb_puts(&b, "</h1>\n<p>");
    sg_sb_html(&b, day);
    sg_sb_puts(&b, "</p>\n");
    signals(&b, &v->row);
    findings(&b, &v->findings);
    assignments(&b, &v->assignments);
    sg_sb_puts(&b, "<footer><p><b>strideguard flags risks and says when to see a clinician; it "
                   "does not diagnose or treat.</b> The signals come from the runner's own "
                   "watch files and journal; the findings are the clinician's own notes.</p>"
                   "</footer>\n</body></html>\n");
    return sg_sb_take(&b, len);
}
