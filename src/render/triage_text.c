/* Journal entries and triage results for a terminal. */
#include <math.h>

#include "render/journal_render.h"

void sg_entry_write_text(FILE *f, const sg_entry *e)
{
    char d[11];
    int day = sg_entry_day(e);
    fprintf(f, "#%-5lld %s  %-6s ", e->id, day == SG_JOURNAL_NO_DAY ? "----------" :
            sg_journal_date_format(day, d), sg_entry_kind_name(e->kind));
    switch (e->kind) {
    case SG_ENTRY_PAIN: {
        const sg_pain_entry *p = &e->u.pain;
        fprintf(f, "%s %s %d/10", sg_region_name(p->region), sg_side_name(p->side), p->severity);
        if (p->timing)
            fprintf(f, " %s", sg_timing_name(p->timing));
        if (isfinite(p->km))
            fprintf(f, " at %.1f km", p->km);
        if (p->radiates)
            fputs(" radiates", f);
        if (p->numbness)
            fputs(" numbness", f);
        if (p->stiffness_min >= 0)
            fprintf(f, " stiffness %d min", p->stiffness_min);
        if (p->changed_run)
            fputs(" changed-run", f);
        if (p->run_id)
            fprintf(f, " run %lld", p->run_id);
        if (p->note[0])
            fprintf(f, "  \"%s\"", p->note);
        break;
    }
    case SG_ENTRY_PREHAB:
        fputs(e->u.prehab.exercise, f);
        break;
    case SG_ENTRY_RPE:
        fprintf(f, "run %lld RPE %d", e->u.rpe.run_id, e->u.rpe.rpe);
        break;
    default:
        break;
    }
    fputc('\n', f);
}

static const char *const banner[SG_TIER_COUNT] = {
    "SELF-CARE", "BOOK AN EVALUATION", "SEE A DOCTOR WITHIN DAYS", "URGENT: SAME DAY",
    "EMERGENCY: GO NOW"};

void sg_triage_write_text(FILE *f, const sg_triage_result *r)
{
    fprintf(f, "%s\n%s\n", banner[r->tier], r->advice);
    if (r->n_reasons) {
        fputs("\nWhy:\n", f);
        for (size_t i = 0; i < r->n_reasons; i++) {
            const sg_triage_reason *x = &r->reasons[i];
            fprintf(f, "  [%s] %s", sg_tier_name(x->tier), x->why);
            if (x->n_entries) {
                fputs(" (entries", f);
                for (size_t k = 0; k < x->n_entries; k++)
                    fprintf(f, " #%lld", x->entries[k]);
                if (x->n_entries_total > x->n_entries)
                    fprintf(f, " and %zu more", x->n_entries_total - x->n_entries);
                fputc(')', f);
            }
            fprintf(f, "\n      source: %s\n", x->source);
        }
    }
    if (r->screen_incomplete) {
        fputs("\nNot answered yet:", f);
        for (int q = 0; q < SG_RF_COUNT; q++)
            if (r->unanswered & SG_RF_BIT(q))
                fprintf(f, " %s", sg_redflag_name((sg_redflag)q));
        fputs("\nAnswer these red-flag questions too: an unanswered question is not a no.\n", f);
    }
    fprintf(f, "\n%s\n", r->caveat);
}
