#ifndef SG_RENDER_JOURNAL_RENDER_H
#define SG_RENDER_JOURNAL_RENDER_H
/* JSON and text renderings of the journal, triage, links and the prehab
 * plan. JSON goes through the streaming writer (schemas in docs/cli.md);
 * text is for a terminal. None of these fail on their own: JSON errors are
 * sticky in the writer (sg_jw_error), text errors in the FILE (ferror). */

#include <stdio.h>

#include "app/clinic.h"
#include "app/journal.h"
#include "model/jsonw.h"
#include "model/strbuf.h"
#include "render/format.h"
#include "strideguard/journal.h"
#include "strideguard/links.h"
#include "strideguard/prehab.h"
#include "strideguard/triage.h"

/* {"id":N,"kind":"pain",...} : the storage JSON plus the id. */

void sg_entry_write_json(sg_jw *w, const sg_entry *e);
/* One line: "#12 2025-03-01 pain lumbar left 4/10 during ...". */
void sg_entry_write_text(FILE *f, const sg_entry *e);

/* The journal export (app/journal.h), every entry for a clinician
 * (src/render/journal_render.c; docs/cli.md "export-journal"):
 * JSON {"from": "D" or null, "to": "D" or null, "count": N,
 *       "entries": [each as `journal --json` writes it]};
 * CSV (RFC 4180): a header line, then one line per entry, CRLF line ends; a
 * field holding a comma, a double quote or a line break is quoted, quotes
 * doubled; a note that begins with =, +, -, @, a tab or a CR gets a leading
 * ' so that a spreadsheet shows it as text and never runs it as a formula.
 * Numbers go through render/format.c; a value not given is an empty field. */
void sg_journal_export_write_json(sg_jw *w, const sg_app_journal_export_result *x);
void sg_journal_export_write_csv(sg_sb *b, const sg_app_journal_export_result *x);

void sg_triage_write_json(sg_jw *w, const sg_triage_result *r, int today);
void sg_triage_write_text(FILE *f, const sg_triage_result *r);
/* The numbers behind a training or pace drop reason (rule
 * "training_dropped_with_pain" / "pace_dropped_with_pain") as one plain
 * line into buf, for the text and the report; 0 (buf "") for other rules. */
size_t sg_triage_drop_text(char *buf, size_t n, const sg_triage_result *r, const char *rule);
/* The screen as the dashboard draws it: {"last_answered","status",
 * "valid_days","questions":[{"name","group","question","tier_if_yes",
 * "source","answer":"yes|no|unsure|unanswered","asked_again"}]}; `used` are
 * the answers the triage counted (stored ones and those given now). */
void sg_screen_write_json(sg_jw *w, const sg_screen_state *s, const sg_redflag_answers *used);
/* "Questions last answered on D" / "never answered", and why they are asked again. */
void sg_screen_write_text(FILE *f, const sg_screen_state *s);

void sg_links_write_json(sg_jw *w, const sg_links_result *r);
void sg_links_write_text(FILE *f, const sg_links_result *r);

void sg_plan_write_json(sg_jw *w, const sg_plan *p);
void sg_plan_write_text(FILE *f, const sg_plan *p);
/* The clinician's assignments in force (sg_app_plan.assigned), after the
 * plan's text and labelled as the clinic's, not the plan's: exercise, dose,
 * dates, who, notes. Nothing when the list is empty. The clinician's free
 * text is printed with control characters as spaces (no terminal escapes). */
void sg_plan_assigned_write_text(FILE *f, const sg_assignment_list *l);

#endif
