/* The human summary of the training-load result. Numbers only where they
 * help a decision; every claim's source is in docs/science.md §7. */
#include "render/load_text.h"

#include "render/format.h"

#include <math.h>

static double dist_u(double m, bool imp) { return imp ? m / 1609.344 : m / 1000.0; }
static double elev_u(double m, bool imp) { return imp ? m / 0.3048 : m; }

static int race_part(FILE *f, const sg_load_result *r, bool imp)
{
    const char *du = imp ? "mi" : "km", *eu = imp ? "ft" : "m";
    char b[11];
    fprintf(f, "Before race day\n");
    if (!r->has_race) {
        fprintf(f, "  No race set (strideguard athlete set --race-date YYYY-MM-DD).\n");
        return ferror(f) ? -1 : 0;
    }
    const sg_race_result *rr = &r->race;
    if (rr->days_to_race >= 0)
        fprintf(f, "  Race on %s: %d day%s (%.1f weeks) away.\n", sg_load_day_str(rr->race_day, b),
                rr->days_to_race, rr->days_to_race == 1 ? "" : "s", rr->weeks_to_race);
    else
        fprintf(f, "  Race on %s: %d days ago.\n", sg_load_day_str(rr->race_day, b),
                -rr->days_to_race);
    if (isfinite(rr->longest_run_m))
        fprintf(f, "  Longest run of the final 8 weeks: %.1f %s, %d days out.\n",
                dist_u(rr->longest_run_m, imp), du, rr->longest_run_days_out);
    if (isfinite(rr->taper_reduction_pct))
        fprintf(f, "  Taper: %.1f %s/week in the final 2 weeks vs %.1f before (%.0f %% %s).\n",
                dist_u(rr->taper_weekly_m, imp), du, dist_u(rr->pre_taper_weekly_m, imp),
                fabs(rr->taper_reduction_pct), rr->taper_reduction_pct >= 0 ? "less" : "more");
    if (rr->has_course && rr->course.has_elevation) {
        char up[32], down[32], seg[32], mine[96];
        sg_fmt_elevation(up, sizeof up, rr->course.ascent_m, imp);
        sg_fmt_elevation(down, sizeof down, rr->course.descent_m, imp);
        sg_fmt_elevation(seg, sizeof seg, rr->course.max_descent_segment_m, imp);
        if (isfinite(rr->max_run_descent_m))
            sg_fmt_elevation(mine, sizeof mine, rr->max_run_descent_m, imp);
        else
            snprintf(mine, sizeof mine, "%s (no run with elevation data in those 8 weeks)",
                     SG_FMT_NOT_MEASURED);
        fprintf(f, "  Course: %s up, %s down; longest descent %s. "
                   "Your largest run descent in 8 weeks: %s.\n", up, down, seg, mine);
    }
    for (size_t i = 0; i < rr->n_flags; i++)
        fprintf(f, "  %s %s\n", rr->flags[i].severity == SG_FLAG_WATCH ? "!" : "-",
                rr->flags[i].msg);
    if (rr->n_progression) {
        fprintf(f, "  Descent progression (one run a week):\n");
        for (size_t i = 0; i < rr->n_progression; i++)
            fprintf(f, "    week of %s: about %.0f %s of descent\n",
                    sg_load_day_str(rr->progression[i].week_start, b),
                    elev_u(rr->progression[i].descent_m, imp), eu);
    }
    return ferror(f) ? -1 : 0;
}

int sg_load_text_race(FILE *f, const sg_load_result *r, bool imperial)
{
    return race_part(f, r, imperial);
}

int sg_load_text(FILE *f, const sg_load_result *r, bool imp)
{
    const char *du = imp ? "mi" : "km", *eu = imp ? "ft" : "m";
    char b[11];
    fprintf(f, "This week\n");
    if (!r->n_weeks) {
        fprintf(f, "  No activities yet.\n");
    } else {
        const sg_load_week *w = &r->weeks[r->n_weeks - 1];
        fprintf(f, "  Since Monday %s: %.1f %s in %d activit%s, %.0f %s up, %.0f %s down.\n",
                sg_load_day_str(w->week_start, b), dist_u(w->distance_m, imp), du, w->activities,
                w->activities == 1 ? "y" : "ies", elev_u(w->ascent_m, imp), eu,
                elev_u(w->descent_m, imp), eu);
        if (r->n_weeks >= 2) {
            const sg_load_week *p = &r->weeks[r->n_weeks - 2];
            fprintf(f, "  Last week: %.1f %s", dist_u(p->distance_m, imp), du);
            if (isfinite(p->change_pct))
                fprintf(f, " (%+.0f %% on the week before)", p->change_pct);
            if (isfinite(p->monotony))
                fprintf(f, ", monotony %.2f, strain %.0f", p->monotony, p->strain);
            fprintf(f, ".\n");
        }
        fprintf(f, "  Fitness %.1f, fatigue %.1f, form %+.1f (%s load, 42/7-day).\n", r->ctl,
                r->atl, r->tsb, sg_load_metric_name(r->metric));
        if (isfinite(r->acwr))
            fprintf(f, "  Acute:chronic ratio %.2f (a description, not an injury threshold).\n",
                    r->acwr);
    }
    fprintf(f, "\nWatch out\n");
    int any = 0;
    for (size_t i = 0; i < r->n_flags; i++) {
        if (r->flags[i].severity != SG_FLAG_WATCH)
            continue;
        fprintf(f, "  ! %s\n", r->flags[i].msg);
        any = 1;
    }
    /* race flags are listed once, under "Before race day" */
    size_t race_watch = 0;
    for (size_t i = 0; r->has_race && i < r->race.n_flags; i++)
        race_watch += r->race.flags[i].severity == SG_FLAG_WATCH;
    if (race_watch)
        fprintf(f, "  ! %zu item%s for the race below.\n", race_watch, race_watch == 1 ? "" : "s");
    else if (!any)
        fprintf(f, "  Nothing flagged in the last 2 weeks.\n");
    for (size_t i = 0; i < r->n_flags; i++)
        if (r->flags[i].severity == SG_FLAG_INFO)
            fprintf(f, "  - %s\n", r->flags[i].msg);
    fprintf(f, "\n");
    return race_part(f, r, imp) || ferror(f) ? -1 : 0;
}
