/* The weekly prehab plan for a terminal. */
#include "render/journal_render.h"

static const char *const wd[8] = {"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

void sg_plan_write_text(FILE *f, const sg_plan *p)
{
    char d[11];
    fprintf(f, "Prehab plan, week of %s%s\n", sg_journal_date_format(p->week_start, d),
            p->taper ? " (taper week)" : "");
    if (p->race_day != SG_JOURNAL_NO_DAY)
        fprintf(f, "Race: %s\n", sg_journal_date_format(p->race_day, d));
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
        }
    }
    fprintf(f, "\nLogged this week: strength on %d day(s), mobility on %d day(s).\n",
            p->adherence.strength_days_done, p->adherence.mobility_days_done);
    for (size_t i = 0; i < p->n_notes; i++)
        fprintf(f, "* %s\n", p->notes[i]);
}
