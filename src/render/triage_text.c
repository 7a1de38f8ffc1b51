/* Journal entries and triage results for a terminal. */
#include <math.h>

#include <string.h>

#include "render/format.h"
#include "render/journal_render.h"
#include "strideguard/ostrc.h"

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
        if (p->worse_during)
            fputs(" worse-as-run-went-on", f);
        if (p->eases == 1)
            fputs(" eased-with-movement", f);
        else if (p->eases == 0)
            fputs(" did-not-ease", f);
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
    case SG_ENTRY_SCREEN: {
        int y = 0, no = 0, u = 0;
        for (int q = 0; q < SG_RF_COUNT; q++) {
            y += (e->u.screen.yes >> q) & 1u;
            no += (e->u.screen.no >> q) & 1u;
            u += (e->u.screen.unsure >> q) & 1u;
        }
        fprintf(f, "red-flag questions: %d yes, %d no, %d not sure", y, no, u);
        for (int q = 0; q < SG_RF_COUNT; q++)
            if ((e->u.screen.yes | e->u.screen.unsure) & SG_RF_BIT(q))
                fprintf(f, " %s%s", sg_redflag_name((sg_redflag)q),
                        (e->u.screen.yes & SG_RF_BIT(q)) ? "" : "?");
        break;
    }
    case SG_ENTRY_OSTRC: {
        sg_ostrc_score sc = sg_ostrc_score_week(&e->u.ostrc);
        if (sc.complete)
            fprintf(f, "OSTRC-O2 %s: severity %d/100%s", sg_ostrc_area_name(e->u.ostrc.area),
                    sc.severity, sc.substantial ? " (substantial problem)" : "");
        else
            fprintf(f, "OSTRC-O2 %s: incomplete (not scored)", sg_ostrc_area_name(e->u.ostrc.area));
        break;
    }
    default:
        break;
    }
    fputc('\n', f);
}

static const char *const banner[SG_TIER_COUNT] = {
    "SELF-CARE", "BOOK AN EVALUATION", "SEE A DOCTOR WITHIN DAYS", "URGENT: SAME DAY",
    "EMERGENCY: GO NOW"};

/* "lumbar and hip pain logged" */
static void regions_text(char *buf, size_t n, unsigned regions)
{
    size_t o = 0;
    int k = 0;
    buf[0] = '\0';
    for (int g = 0; g < SG_REGION_COUNT && o < n; g++)
        if (regions & (1u << g)) {
            int w = snprintf(buf + o, n - o, "%s%s", k++ ? " and " : "",
                             g == SG_REGION_UNKNOWN ? "unplaced" : sg_region_name((sg_region)g));
            o += w > 0 ? (size_t)w : 0;
        }
    if (o < n)
        snprintf(buf + o, n - o, " pain logged");
}

size_t sg_triage_drop_text(char *buf, size_t n, const sg_triage_result *r, const char *rule)
{
    char a[32], b[32], c[32], d[32], reg[200];
    int w = 0;
    if (!n)
        return 0;
    buf[0] = '\0';
    regions_text(reg, sizeof reg, r->drop_pain_regions);
    if (r->has_drop && strcmp(rule, "training_dropped_with_pain") == 0)
        w = snprintf(buf, n,
                     "weekly distance %s -> %s (-%s) in the last 7 days, with %s (before: the "
                     "weekly mean of the 4 weeks before)",
                     sg_fmt_num(b, sizeof b, r->drop_base_km, 1, ""),
                     sg_fmt_num(a, sizeof a, r->drop_last7_km, 1, " km"),
                     sg_fmt_num(c, sizeof c, r->drop_pct, 0, " %"), reg);
    else if (r->has_pace_drop && strcmp(rule, "pace_dropped_with_pain") == 0)
        w = snprintf(buf, n,
                     "pace on near-flat ground %s -> %s (%s slower; noise +-%s) over %d run%s in "
                     "the last 7 days against %d before, with %s",
                     sg_fmt_pace(b, sizeof b, r->pace_base_s_per_km, false),
                     sg_fmt_pace(a, sizeof a, r->pace_last7_s_per_km, false),
                     sg_fmt_num(c, sizeof c, r->pace_slower_pct, 0, " %"),
                     sg_fmt_num(d, sizeof d, r->pace_noise_pct, 1, " %"), r->pace_runs_last7,
                     r->pace_runs_last7 == 1 ? "" : "s", r->pace_runs_base, reg);
    return w > 0 ? strlen(buf) : 0;
}

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
            char numbers[400];
            if (sg_triage_drop_text(numbers, sizeof numbers, r, x->rule))
                fprintf(f, "\n      %s", numbers);
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

void sg_screen_write_text(FILE *f, const sg_screen_state *s)
{
    char d[11];
    switch (s->stale) {
    case SG_SCREEN_NONE:
        fputs("\nThe red-flag questions have never been answered.\n", f);
        break;
    case SG_SCREEN_EXPIRED:
        fprintf(f, "\nThe red-flag questions were last answered on %s, more than %d days ago: "
                   "please answer them again.\n",
                sg_journal_date_format(s->last_day, d), SG_TRIAGE_SCREEN_VALID_DAYS);
        break;
    case SG_SCREEN_NEW_PAIN:
        fprintf(f, "\nThe red-flag questions were last answered on %s; pain was logged since, "
                   "so the questions answered no are asked again.\n",
                sg_journal_date_format(s->last_day, d));
        break;
    default:
        fprintf(f, "\nRed-flag questions last answered on %s.\n",
                sg_journal_date_format(s->last_day, d));
        break;
    }
}
