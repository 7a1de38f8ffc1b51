/* Gear as JSON and text (src/render/gear_render.h). */
#include "render/gear_render.h"

#include <math.h>

#include "render/format.h"
#include "render/journal_render.h"

static const char caveat[] =
    "Distances are the sum of the runs counted for each shoe (assigned, or the default shoe of "
    "the sport). The retirement distance is a reminder, not a rule: evidence that a distance "
    "makes a shoe harmful is weak (docs/science.md §10.6). Pain logged after runs in a shoe is "
    "an association in your own records, not a cause.";

static void gear_fields(sg_jw *w, const sg_gear *g)
{
    sg_jw_kint(w, "id", g->id);
    sg_jw_kstr(w, "name", g->name);
    sg_jw_kstr(w, "brand", g->brand);
    sg_jw_kstr(w, "model", g->model);
    sg_jw_kstr(w, "sport", sg_sport_name(g->sport));
    sg_jw_kday(w, "since", g->since_day == SG_GEAR_NO_DAY ? SG_JOURNAL_NO_DAY : g->since_day);
    sg_jw_knum(w, "retire_km", g->retire_km);
    sg_jw_kbool(w, "retired", g->retired);
    sg_jw_kbool(w, "default", g->is_default);
}

void sg_gear_write_json(sg_jw *w, const sg_gear *g)
{
    sg_jw_obj_begin(w);
    gear_fields(w, g);
    sg_jw_obj_end(w);
}

void sg_gear_report_write_json(sg_jw *w, const sg_app_gear_result *r)
{
    sg_jw_obj_begin(w);
    sg_jw_kday(w, "today", r->today);
    sg_jw_kstr(w, "caveat", caveat);
    sg_jw_kint(w, "runs_without_shoe", r->runs_without);
    sg_jw_key(w, "shoes");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n; i++) {
        const sg_app_gear_item *x = &r->items[i];
        sg_jw_obj_begin(w);
        gear_fields(w, &x->gear);
        sg_jw_kint(w, "runs", x->runs);
        sg_jw_kint(w, "runs_assigned", x->assigned);
        sg_jw_knum(w, "distance_m", x->distance_m);
        sg_jw_knum(w, "moving_time_s", x->moving_time_s);
        sg_jw_kday(w, "first_run", x->first_day == SG_GEAR_NO_DAY ? SG_JOURNAL_NO_DAY : x->first_day);
        sg_jw_kday(w, "last_run", x->last_day == SG_GEAR_NO_DAY ? SG_JOURNAL_NO_DAY : x->last_day);
        sg_jw_knum(w, "share_8_weeks_pct", x->share_pct);
        sg_jw_knum(w, "retire_km_in_effect", x->retire_km);
        sg_jw_kbool(w, "retire_km_is_default", x->retire_default);
        sg_jw_kstr(w, "status", sg_gear_status_name(x->status));
        sg_jw_kint(w, "pain_entries_after_runs", x->pain_after);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}

static const char *status_words(sg_gear_status s)
{
    switch (s) {
    case SG_GEAR_DUE_SOON: return "near its retirement distance";
    case SG_GEAR_DUE: return "past its retirement distance: time to think about a new pair";
    case SG_GEAR_RETIRED: return "retired";
    default: return "";
    }
}

void sg_gear_report_write_text(FILE *f, const sg_app_gear_result *r, bool miles)
{
    if (!r->n) {
        fputs("No shoes yet. Add one with: strideguard gear add NAME [--default]\n", f);
        return;
    }
    for (size_t i = 0; i < r->n; i++) {
        const sg_app_gear_item *x = &r->items[i];
        char d[32], t[32], k[32], s[32];
        fprintf(f, "#%lld %s", x->gear.id, x->gear.name);
        if (x->gear.brand[0] || x->gear.model[0])
            fprintf(f, " (%s%s%s)", x->gear.brand, x->gear.brand[0] && x->gear.model[0] ? " " : "",
                    x->gear.model);
        if (x->gear.is_default)
            fprintf(f, " [default for %s]", sg_sport_name(x->gear.sport));
        fputc('\n', f);
        fprintf(f, "    %s in %lld run%s (%lld assigned), moving time %s", 
                sg_fmt_distance(d, sizeof d, x->distance_m, miles, 1), x->runs,
                x->runs == 1 ? "" : "s", x->assigned, sg_fmt_duration(t, sizeof t, x->moving_time_s));
        if (isfinite(x->share_pct))
            fprintf(f, ", %s of runs in the last 8 weeks", sg_fmt_num(s, sizeof s, x->share_pct, 0, " %"));
        fputc('\n', f);
        fprintf(f, "    retirement reminder at %s%s", sg_fmt_distance(k, sizeof k, x->retire_km * 1000, miles, 0),
                x->retire_default ? " (default; set yours with --retire-km)" : "");
        if (status_words(x->status)[0])
            fprintf(f, " - %s", status_words(x->status));
        fputc('\n', f);
        if (x->pain_after)
            fprintf(f, "    %lld pain entr%s on a run's day or the 2 days after (an association, "
                       "not a cause)\n",
                    x->pain_after, x->pain_after == 1 ? "y" : "ies");
    }
    if (r->runs_without)
        fprintf(f, "%lld run%s without a shoe (assign with: strideguard gear assign RUN SHOE)\n",
                r->runs_without, r->runs_without == 1 ? "" : "s");
    fprintf(f, "\n%s\n", caveat);
}
