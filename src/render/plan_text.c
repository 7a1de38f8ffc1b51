/* The weekly prehab plan for a terminal. */
#include "render/journal_render.h"

static const char *const wd[8] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

void sg_plan_write_text(FILE *f, const sg_plan *p)
{
    char d[11], e[11];
    fprintf(f, "Prehab plan for the 7 days from %s to %s%s\n", sg_journal_date_format(p->week_start, d),
            sg_journal_date_format(p->week_start + 6, e), p->taper ? " (taper week)" : "");
    if (p->race_day != SG_JOURNAL_NO_DAY)
        fprintf(f, "Race: %s\n", sg_journal_date_format(p->race_day, d));
    if (p->care)
        fprintf(f, "\n%s: %s\n", p->on_hold ? "NO EXERCISE PLANNED" : "GET CHECKED", p->care);
    if (p->on_hold) {
        for (size_t i = 0; i < p->n_notes; i++)
            if (p->notes[i] != p->care)
                fprintf(f, "* %s\n", p->notes[i]);
        return;
    }
    for (size_t i = 0; i < p->n_sessions; i++) {
        const sg_plan_session *s = &p->sessions[i];
        fprintf(f, "\n%s %s  %s, %d min: %s\n", wd[sg_journal_weekday(s->day)],
                sg_journal_date_format(s->day, d),
                s->kind == SG_SESSION_STRENGTH ? "STRENGTH" : "mobility", s->minutes, s->focus);
        for (size_t k = 0; k < s->n_items; k++) {
            const sg_plan_item *it = &s->items[k];
            fprintf(f, "    %-34s %d x %s", it->ex->name, it->sets, it->ex->reps);
            if (it->bias)
                fprintf(f, " (+1 set %s)", sg_side_name(it->bias));
            fputc('\n', f);
            if (it->variant)
                fprintf(f, "      %s: %s\n", it->step > 0 ? "progression" : "easier version",
                        it->variant);
        }
    }
    for (size_t i = 0; i < p->n_skipped; i++) {
        const sg_plan_skip *k = &p->skipped[i];
        fprintf(f, "%s%s left out: %s pain logged %s (%s, %d/10); its library entry says to "
                   "skip it while %s pain is present.\n",
                i ? "" : "\n", k->ex->name, sg_region_name(k->rule.region),
                sg_journal_date_format(k->pain_day, d), sg_side_name(k->pain_side),
                k->pain_severity, sg_region_name(k->rule.region));
    }
    if (p->review == SG_REVIEW_PROGRESS || p->review == SG_REVIEW_HOLD ||
        p->review == SG_REVIEW_REGRESS) {
        fprintf(f, "\nReview of %s to %s: strength on %d day(s), worst pain ",
                sg_journal_date_format(p->review_from, d),
                sg_journal_date_format(p->review_from + 6, e), p->adherence.prev_strength_days_done);
        if (p->review_pain_max >= 0)
            fprintf(f, "%d/10", p->review_pain_max);
        else
            fputs("none logged", f);
        fputs(", worst next-morning pain ", f);
        if (p->review_morning_max >= 0)
            fprintf(f, "%d/10", p->review_morning_max);
        else
            fputs("none logged", f);
        fprintf(f, " (threshold %d/10): %s.\n", SG_PLAN_PAIN_MAX,
                p->review == SG_REVIEW_PROGRESS ? "progress"
                : p->review == SG_REVIEW_HOLD   ? "hold"
                                                : "easier versions");
    }
    if (p->rtr.reason != SG_RTR_NONE) {
        const sg_rtr_stage *st = sg_rtr_stage_of(p->rtr.stage);
        fprintf(f, "\nReturn to running (%s): stage %d of %d: ",
                p->rtr.reason == SG_RTR_BREAK ? "after a break" : "pain settling", p->rtr.stage,
                SG_RTR_N_STAGES);
        if (st && st->walk_min)
            fprintf(f, "%d x (run %d min, walk %d min), %d min", st->reps, st->run_min,
                    st->walk_min, st->reps * (st->run_min + st->walk_min));
        else if (st)
            fprintf(f, "run %d min continuously, easy", st->run_min);
        fprintf(f, ".\n  %d of %d session(s) at this stage met the criterion", p->rtr.sessions_at_stage,
                SG_RTR_SESSIONS);
        if (p->rtr.last_day != SG_JOURNAL_NO_DAY) {
            fprintf(f, "; last session %s (%s", sg_journal_date_format(p->rtr.last_day, d),
                    sg_rtr_decision_name(p->rtr.decision));
            if (p->rtr.last_pain_max >= 0)
                fprintf(f, ", worst pain %d/10", p->rtr.last_pain_max);
            fputc(')', f);
        }
        fprintf(f, ".\n  Advance after %d sessions with pain at most %d/10 during, after and the "
                   "next morning; pain above that: one stage back.\n",
                SG_RTR_SESSIONS, SG_RTR_PAIN_MAX);
    }
    fprintf(f, "\nLogged so far in these 7 days: strength on %d day(s), mobility on %d day(s).\n",
            p->adherence.strength_days_done, p->adherence.mobility_days_done);
    for (size_t i = 0; i < p->n_notes; i++)
        if (p->notes[i] != p->care)
            fprintf(f, "* %s\n", p->notes[i]);
}

/* A clinician's free text on one line: control characters (C0, DEL) as
 * spaces, so nothing typed at the clinic drives the runner's terminal. */
static void put_clean(FILE *f, const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        fputc(*c < 0x20 || *c == 0x7f ? ' ' : *c, f);
}

void sg_plan_assigned_write_text(FILE *f, const sg_assignment_list *l)
{
    if (!l || !l->n)
        return;
    fputs("\nFrom your clinician (assigned by the clinic, not part of the plan above):\n", f);
    for (size_t i = 0; i < l->n; i++) {
        const sg_assignment *a = &l->items[i];
        fputs("    ", f);
        put_clean(f, a->exercise_name && a->exercise_name[0] ? a->exercise_name : a->exercise);
        fputs(": ", f);
        put_clean(f, a->dose ? a->dose : "");
        fprintf(f, "\n      from %s%s%s, assigned by clinician account %lld\n", a->from_date,
                a->to_date[0] ? " to " : ", open-ended", a->to_date, a->account_id);
        if (a->notes && a->notes[0]) {
            fputs("      notes: ", f);
            put_clean(f, a->notes);
            fputc('\n', f);
        }
    }
}
