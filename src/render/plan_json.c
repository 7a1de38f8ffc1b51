/* The weekly prehab plan as JSON (schema: docs/cli.md "plan"). */
#include <stdio.h>

#include "render/journal_render.h"

static void write_stage(sg_jw *w, int stage)
{
    const sg_rtr_stage *st = sg_rtr_stage_of(stage);
    if (!st) {
        sg_jw_null(w);
        return;
    }
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "stage", stage);
    sg_jw_kint(w, "run_min", st->run_min);
    sg_jw_kint(w, "walk_min", st->walk_min);
    sg_jw_kint(w, "repeats", st->reps);
    sg_jw_kint(w, "total_min", (long long)(st->run_min + st->walk_min) * st->reps);
    sg_jw_obj_end(w);
}

/* The walk-run return to running (docs/science.md §10 "Return to run"). */
static void write_rtr(sg_jw *w, const sg_plan_rtr *r)
{
    if (r->reason == SG_RTR_NONE) {
        sg_jw_null(w);
        return;
    }
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "reason", sg_rtr_reason_name(r->reason));
    sg_jw_kday(w, "counted_from", r->start_day);
    sg_jw_kint(w, "stage", r->stage);
    sg_jw_kint(w, "stages", SG_RTR_N_STAGES);
    sg_jw_key(w, "session");
    write_stage(w, r->stage);
    sg_jw_key(w, "next");
    write_stage(w, r->stage + 1);
    sg_jw_kint(w, "sessions_at_stage", r->sessions_at_stage);
    sg_jw_kint(w, "sessions_needed", SG_RTR_SESSIONS);
    sg_jw_kint(w, "sessions_total", r->sessions_total);
    sg_jw_kstr(w, "decision", sg_rtr_decision_name(r->decision));
    sg_jw_kday(w, "last_session", r->last_day);
    if (r->last_pain_max >= 0)
        sg_jw_kint(w, "last_session_pain_max", r->last_pain_max);
    else
        sg_jw_knull(w, "last_session_pain_max");
    sg_jw_key(w, "advance_when");
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "sessions", SG_RTR_SESSIONS);
    sg_jw_kint(w, "pain_max", SG_RTR_PAIN_MAX);
    sg_jw_kstr(w, "text", "2 sessions at this stage with pain at most 2/10 during, after and the "
                          "next morning; pain above that: one stage back");
    sg_jw_obj_end(w);
    sg_jw_kstr(w, "source", "pain-monitoring model (Thomee 1997; Silbernagel et al. 2007), "
                            "graded walk-run return (Warden, Edwards & Willy 2021); stages "
                            "[D] (docs/science.md §10)");
    sg_jw_obj_end(w);
}

/* The plan's header keys: week, taper, race, findings, tier and care. */
static void plan_head(sg_jw *w, const sg_plan *p)
{
    /* a rolling 7 days from week_start (the day the plan was made for),
     * not a calendar week */
    sg_jw_kday(w, "week_start", p->week_start);
    sg_jw_kday(w, "last_day", p->week_start + 6);
    sg_jw_kstr(w, "period", "rolling_7_days");
    sg_jw_kbool(w, "taper", p->taper);
    sg_jw_kday(w, "race_date", p->race_day);
    sg_jw_key(w, "findings");
    sg_jw_arr_begin(w);
    if (p->findings & SG_FIND_DESCENT_HEAVY)
        sg_jw_str(w, "descent_heavy");
    if (p->findings & SG_FIND_ASYMMETRY)
        sg_jw_str(w, "asymmetry");
    if (p->findings & SG_FIND_LATE_BREAKDOWN)
        sg_jw_str(w, "late_breakdown");
    sg_jw_arr_end(w);
    if (p->weaker_side)
        sg_jw_kstr(w, "assumed_weaker_side", sg_side_name(p->weaker_side));
    else
        sg_jw_knull(w, "assumed_weaker_side");
    sg_jw_kint(w, "strength_sessions", p->n_strength);
    sg_jw_kstr(w, "tier", sg_tier_name(p->tier));
    sg_jw_kbool(w, "on_hold", p->on_hold);
    sg_jw_kstr(w, "care", p->care); /* null below tier evaluate */
}

/* The "review" object: last week's decision and the pain it was based on. */
static void plan_review(sg_jw *w, const sg_plan *p)
{
    sg_jw_key(w, "review");
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "decision", sg_plan_review_name(p->review));
    sg_jw_kday(w, "from", p->review_from);
    sg_jw_kday(w, "to", p->review_to);
    sg_jw_kint(w, "strength_days", p->adherence.prev_strength_days_done);
    sg_jw_kint(w, "adherent_days", SG_PLAN_ADHERENT_DAYS);
    if (p->review_pain_max >= 0)
        sg_jw_kint(w, "pain_max", p->review_pain_max);
    else
        sg_jw_knull(w, "pain_max");
    if (p->review_morning_max >= 0)
        sg_jw_kint(w, "next_morning_pain_max", p->review_morning_max);
    else
        sg_jw_knull(w, "next_morning_pain_max");
    if (p->prev_morning_max >= 0)
        sg_jw_kint(w, "prev_next_morning_pain_max", p->prev_morning_max);
    else
        sg_jw_knull(w, "prev_next_morning_pain_max");
    sg_jw_kint(w, "pain_threshold", SG_PLAN_PAIN_MAX);
    sg_jw_kstr(w, "model", "pain-monitoring model (Silbernagel et al. 2007; Thomee 1997)");
    sg_jw_obj_end(w);
}

/* The "skipped" array: exercises left out because of logged pain. */
static void plan_skipped(sg_jw *w, const sg_plan *p)
{
    sg_jw_key(w, "skipped");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < p->n_skipped; i++) {
        const sg_plan_skip *k = &p->skipped[i];
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "exercise", k->ex->id);
        sg_jw_kstr(w, "name", k->ex->name);
        sg_jw_kstr(w, "region", sg_region_name(k->rule.region));
        sg_jw_kstr(w, "side", k->rule.side ? sg_side_name(k->rule.side) : "any");
        sg_jw_kday(w, "pain_date", k->pain_day);
        sg_jw_kstr(w, "pain_side", sg_side_name(k->pain_side));
        sg_jw_kint(w, "pain_severity", k->pain_severity);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
}

/* The "sessions" array, each with its items. */
static void plan_sessions(sg_jw *w, const sg_plan *p)
{
    sg_jw_key(w, "sessions");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < p->n_sessions; i++) {
        const sg_plan_session *s = &p->sessions[i];
        sg_jw_obj_begin(w);
        sg_jw_kday(w, "date", s->day);
        sg_jw_kstr(w, "kind", s->kind == SG_SESSION_STRENGTH ? "strength" : "mobility");
        sg_jw_kint(w, "minutes", s->minutes);
        sg_jw_kstr(w, "focus", s->focus);
        sg_jw_key(w, "items");
        sg_jw_arr_begin(w);
        for (size_t k = 0; k < s->n_items; k++) {
            const sg_plan_item *it = &s->items[k];
            sg_jw_obj_begin(w);
            sg_jw_kstr(w, "exercise", it->ex->id);
            sg_jw_kstr(w, "name", it->ex->name);
            sg_jw_kint(w, "sets", it->sets);
            sg_jw_kstr(w, "reps", it->ex->reps);
            if (it->bias)
                sg_jw_kstr(w, "extra_set_side", sg_side_name(it->bias));
            else
                sg_jw_knull(w, "extra_set_side");
            sg_jw_kstr(w, "why", it->why);
            sg_jw_kbool(w, "done", it->done);
            sg_jw_kint(w, "step", it->step);
            sg_jw_kstr(w, "variant", it->variant);
            sg_jw_key(w, "stop_if");
            sg_jw_arr_begin(w);
            for (size_t c = 0; c < it->ex->n_contraindications; c++)
                sg_jw_str(w, it->ex->contraindications[c]);
            sg_jw_arr_end(w);
            sg_jw_obj_end(w);
        }
        sg_jw_arr_end(w);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
}

/* The same sessions by day, in the shape the dashboard's prehab page reads. */
static void plan_days(sg_jw *w, const sg_plan *p)
{
    sg_jw_key(w, "days");
    sg_jw_arr_begin(w);
    for (int d = 0; d < 7; d++) {
        const int day = p->week_start + d;
        sg_jw_obj_begin(w);
        sg_jw_kday(w, "date", day);
        sg_jw_key(w, "items");
        sg_jw_arr_begin(w);
        for (size_t i = 0; i < p->n_sessions; i++) {
            const sg_plan_session *s = &p->sessions[i];
            if (s->day != day)
                continue;
            for (size_t k = 0; k < s->n_items; k++) {
                const sg_plan_item *it = &s->items[k];
                char dose[400];
                snprintf(dose, sizeof dose, "%d x %.150s%s%s%s%.200s", it->sets, it->ex->reps,
                         it->bias ? ", +1 set " : "", it->bias ? sg_side_name(it->bias) : "",
                         it->step > 0   ? "; progression: "
                         : it->step < 0 ? "; easier version: "
                                        : "",
                         it->variant ? it->variant : "");
                sg_jw_obj_begin(w);
                sg_jw_kstr(w, "exercise_id", it->ex->id);
                sg_jw_kstr(w, "name", it->ex->name);
                sg_jw_kstr(w, "session", s->kind == SG_SESSION_STRENGTH ? "strength" : "mobility");
                sg_jw_kstr(w, "dose", dose);
                sg_jw_kbool(w, "done", it->done);
                sg_jw_kstr(w, "variant", it->variant);
                sg_jw_obj_end(w);
            }
        }
        sg_jw_arr_end(w);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
}

/* The "adherence" object. */
static void plan_adherence(sg_jw *w, const sg_plan *p)
{
    sg_jw_key(w, "adherence");
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "strength_days_done", p->adherence.strength_days_done);
    sg_jw_kint(w, "mobility_days_done", p->adherence.mobility_days_done);
    sg_jw_kint(w, "prev_week_strength_days_done", p->adherence.prev_strength_days_done);
    sg_jw_kint(w, "entries_this_week", p->adherence.entries_this_week);
    sg_jw_obj_end(w);
}

void sg_plan_write_json(sg_jw *w, const sg_plan *p)
{
    sg_jw_obj_begin(w);
    plan_head(w, p);
    plan_review(w, p);
    plan_skipped(w, p);
    plan_sessions(w, p);
    plan_days(w, p);
    plan_adherence(w, p);
    sg_jw_key(w, "return_to_run");
    write_rtr(w, &p->rtr);
    sg_jw_key(w, "notes");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < p->n_notes; i++)
        sg_jw_str(w, p->notes[i]);
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}
