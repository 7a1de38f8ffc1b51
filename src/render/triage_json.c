/* Journal entries and triage results as JSON (schemas: docs/cli.md "journal",
 * "check"). */
#include <math.h>

#include "render/journal_render.h"
#include "render/ostrc_json.h"
#include "strideguard/ostrc.h"

void sg_entry_write_json(sg_jw *w, const sg_entry *e)
{
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "id", e->id);
    sg_jw_kstr(w, "kind", sg_entry_kind_name(e->kind));
    switch (e->kind) {
    case SG_ENTRY_PAIN: {
        const sg_pain_entry *p = &e->u.pain;
        sg_jw_kday(w, "date", p->day);
        sg_jw_kstr(w, "region", sg_region_name(p->region));
        sg_jw_kstr(w, "side", sg_side_name(p->side));
        sg_jw_kint(w, "severity", p->severity);
        if (p->timing)
            sg_jw_kstr(w, "timing", sg_timing_name(p->timing));
        else
            sg_jw_knull(w, "timing");
        sg_jw_knum(w, "km", p->km);
        sg_jw_kbool(w, "radiates", p->radiates);
        sg_jw_kbool(w, "numbness", p->numbness);
        if (p->stiffness_min >= 0)
            sg_jw_kint(w, "stiffness_min", p->stiffness_min);
        else
            sg_jw_knull(w, "stiffness_min");
        sg_jw_kbool(w, "changed_run", p->changed_run);
        sg_jw_kbool(w, "worse_during", p->worse_during);
        if (p->eases >= 0)
            sg_jw_kbool(w, "eases", p->eases == 1);
        else
            sg_jw_knull(w, "eases");
        if (p->run_id)
            sg_jw_kint(w, "run_id", p->run_id);
        else
            sg_jw_knull(w, "run_id");
        sg_jw_kstr(w, "note", p->note);
        break;
    }
    case SG_ENTRY_PREHAB:
        sg_jw_kday(w, "date", e->u.prehab.day);
        sg_jw_kstr(w, "exercise", e->u.prehab.exercise);
        break;
    case SG_ENTRY_RPE:
        sg_jw_kday(w, "date", e->u.rpe.day);
        sg_jw_kint(w, "run_id", e->u.rpe.run_id);
        sg_jw_kint(w, "rpe", e->u.rpe.rpe);
        break;
    case SG_ENTRY_SCREEN: {
        static const char *const keys[3] = {"yes", "no", "unsure"};
        const unsigned masks[3] = {e->u.screen.yes, e->u.screen.no, e->u.screen.unsure};
        sg_jw_kday(w, "date", e->u.screen.day);
        for (int k = 0; k < 3; k++) {
            sg_jw_key(w, keys[k]);
            sg_jw_arr_begin(w);
            for (int f = 0; f < SG_RF_COUNT; f++)
                if (masks[k] & SG_RF_BIT(f))
                    sg_jw_str(w, sg_redflag_name((sg_redflag)f));
            sg_jw_arr_end(w);
        }
        break;
    }
    case SG_ENTRY_OSTRC: {
        const sg_ostrc_entry *o = &e->u.ostrc;
        sg_jw_kday(w, "date", o->day);
        sg_jw_kstr(w, "area", sg_ostrc_area_name(o->area));
        sg_ostrc_json_week(w, o);
        break;
    }
    default:
        break;
    }
    sg_jw_obj_end(w);
}

/* The regions with pain logged behind a training or pace drop. */
static void write_pain_regions(sg_jw *w, unsigned regions)
{
    sg_jw_key(w, "pain_regions");
    sg_jw_arr_begin(w);
    for (int g = 0; g < SG_REGION_COUNT; g++)
        if (regions & (1u << g))
            sg_jw_str(w, sg_region_name((sg_region)g));
    sg_jw_arr_end(w);
}

void sg_triage_write_json(sg_jw *w, const sg_triage_result *r, int today)
{
    sg_jw_obj_begin(w);
    sg_jw_kday(w, "today", today);
    sg_jw_kstr(w, "tier", sg_tier_name(r->tier));
    sg_jw_kstr(w, "advice", r->advice);
    sg_jw_kstr(w, "caveat", r->caveat);
    sg_jw_key(w, "reasons");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_reasons; i++) {
        const sg_triage_reason *x = &r->reasons[i];
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "rule", x->rule);
        sg_jw_kstr(w, "tier", sg_tier_name(x->tier));
        sg_jw_kstr(w, "message", x->why);
        sg_jw_kstr(w, "source", x->source);
        sg_jw_kbool(w, "from_answer", x->from_answer);
        sg_jw_key(w, "entries");
        sg_jw_arr_begin(w);
        for (size_t k = 0; k < x->n_entries; k++)
            sg_jw_int(w, x->entries[k]);
        sg_jw_arr_end(w);
        sg_jw_kint(w, "entries_total", (long long)x->n_entries_total);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_kbool(w, "screen_incomplete", r->screen_incomplete);
    sg_jw_key(w, "unanswered");
    sg_jw_arr_begin(w);
    for (int f = 0; f < SG_RF_COUNT; f++)
        if (r->unanswered & SG_RF_BIT(f))
            sg_jw_str(w, sg_redflag_name((sg_redflag)f));
    sg_jw_arr_end(w);
    if (r->age_years >= 0)
        sg_jw_kint(w, "age_years", r->age_years);
    else
        sg_jw_knull(w, "age_years");
    sg_jw_kint(w, "pain_entries_considered", (long long)r->n_pain_considered);
    sg_jw_key(w, "training_drop");
    if (r->has_drop) {
        sg_jw_obj_begin(w);
        sg_jw_knum(w, "last_7_days_km", r->drop_last7_km);
        sg_jw_knum(w, "weekly_mean_before_km", r->drop_base_km);
        sg_jw_knum(w, "drop_pct", r->drop_pct);
        write_pain_regions(w, r->drop_pain_regions);
        sg_jw_obj_end(w);
    } else {
        sg_jw_null(w);
    }
    /* pace on near-flat ground (grade within +-3 %) against the runner's own
     * runs of the 4 weeks before */
    sg_jw_key(w, "pace_drop");
    if (r->has_pace_drop) {
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "terrain", "near_flat_grade_within_3_pct");
        sg_jw_knum(w, "last_7_days_s_per_km", r->pace_last7_s_per_km);
        sg_jw_knum(w, "before_median_s_per_km", r->pace_base_s_per_km);
        sg_jw_knum(w, "slower_pct", r->pace_slower_pct);
        sg_jw_knum(w, "noise_pct", r->pace_noise_pct);
        sg_jw_kint(w, "runs_last_7_days", r->pace_runs_last7);
        sg_jw_kint(w, "runs_before", r->pace_runs_base);
        write_pain_regions(w, r->drop_pain_regions);
        sg_jw_obj_end(w);
    } else {
        sg_jw_null(w);
    }
    sg_jw_obj_end(w);
}

static const char *answer_of(const sg_redflag_answers *a, int f)
{
    const unsigned b = SG_RF_BIT(f);
    return (a->yes & b) ? "yes" : (a->unsure & b) ? "unsure" : (a->asked & b) ? "no" : "unanswered";
}

void sg_screen_write_json(sg_jw *w, const sg_screen_state *s, const sg_redflag_answers *used)
{
    sg_jw_obj_begin(w);
    sg_jw_kday(w, "last_answered", s->last_day);
    sg_jw_kstr(w, "status", sg_screen_stale_name(s->stale));
    sg_jw_kint(w, "valid_days", SG_TRIAGE_SCREEN_VALID_DAYS);
    sg_jw_key(w, "questions");
    sg_jw_arr_begin(w);
    for (int f = 0; f < SG_RF_COUNT; f++) {
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "name", sg_redflag_name((sg_redflag)f));
        sg_jw_kstr(w, "group", sg_redflag_group_name(sg_redflag_group_of((sg_redflag)f)));
        sg_jw_kstr(w, "question", sg_redflag_question((sg_redflag)f));
        sg_jw_kstr(w, "tier_if_yes", sg_tier_name(sg_redflag_tier((sg_redflag)f)));
        sg_jw_kstr(w, "source", sg_redflag_source((sg_redflag)f));
        sg_jw_kstr(w, "answer", answer_of(used, f));
        sg_jw_kbool(w, "asked_again", (s->set_aside & SG_RF_BIT(f)) != 0 &&
                                           !((used->asked | used->yes | used->unsure) &
                                             SG_RF_BIT(f)));
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}
