/* The clinician's view as JSON (src/render/clinic_json.h). */
#include "render/clinic_json.h"

#include "render/format.h"
#include "strideguard/journal.h"

void sg_roster_row_json(sg_jw *w, const sg_roster_row *r)
{
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "athlete_id", r->athlete_id);
    sg_jw_kstr(w, "login", r->login);
    sg_jw_kstr(w, "name", r->name);
    sg_jw_kstr(w, "tier", sg_tier_name(r->tier));
    sg_jw_kint(w, "warning_signs", r->n_signs);
    sg_jw_key(w, "rules");
    sg_jw_arr_begin(w);
    for (int i = 0; i < r->n_rules; i++)
        sg_jw_str(w, r->rules[i]);
    sg_jw_arr_end(w);
    sg_jw_kint(w, "runs_28d", r->runs);
    sg_jw_kint(w, "spike_runs", r->spike_runs);
    sg_jw_kint(w, "breakdown_runs", r->breakdown_runs);
    sg_jw_knumf(w, "balance_left_pct", r->balance_left_pct, 1);
    sg_jw_kbool(w, "asymmetric", r->asymmetric);
    sg_jw_kstr(w, "asymmetry_trend", sg_trend_name(r->asym_trend));
    sg_jw_knumf(w, "pain_max_14d", r->pain_recent, 0);
    sg_jw_kstr(w, "pain_trend", sg_trend_name(r->pain_trend));
    if (r->ostrc_recent >= 0)
        sg_jw_kint(w, "ostrc_severity", r->ostrc_recent);
    else
        sg_jw_knull(w, "ostrc_severity");
    sg_jw_kstr(w, "ostrc_trend", sg_trend_name(r->ostrc_trend));
    if (r->days_to_race >= 0)
        sg_jw_kint(w, "days_to_race", r->days_to_race);
    else
        sg_jw_knull(w, "days_to_race");
    sg_jw_kbool(w, "taper", r->taper);
    sg_jw_kday(w, "last_activity", r->last_day);
    sg_jw_obj_end(w);
}

void sg_roster_json(sg_jw *w, const sg_roster *r, int today)
{
    sg_jw_obj_begin(w);
    sg_jw_kday(w, "today", today);
    sg_jw_kstr(w, "source", "strideguard");
    sg_jw_kstr(w, "note", "Sorted by the triage tier, then warning signs, then strideguard's own "
                          "run signals, then recency. Signals, not a diagnosis.");
    sg_jw_kint(w, "cached", (long long)r->cached);
    sg_jw_key(w, "runners");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n; i++)
        sg_roster_row_json(w, &r->rows[i]);
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}

void sg_findings_json(sg_jw *w, const sg_finding_list *l)
{
    sg_jw_obj_begin(w);
    sg_jw_key(w, "findings");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < l->n; i++) {
        const sg_finding *f = &l->items[i];
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "id", f->id);
        sg_jw_kstr(w, "date", f->date);
        sg_jw_kstr(w, "region", f->region);
        sg_jw_kstr(w, "side", f->side);
        sg_jw_kstr(w, "text", f->text);
        sg_jw_kint(w, "clinician_account_id", f->account_id);
        sg_jw_kint(w, "created_utc", f->created_utc);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}

void sg_assignments_array_json(sg_jw *w, const sg_assignment_list *l)
{
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < l->n; i++) {
        const sg_assignment *a = &l->items[i];
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "id", a->id);
        sg_jw_kstr(w, "by", "clinician");
        sg_jw_kint(w, "clinician_account_id", a->account_id);
        sg_jw_kstr(w, "exercise", a->exercise);
        sg_jw_kstr(w, "exercise_name", a->exercise_name);
        sg_jw_kstr(w, "dose", a->dose);
        sg_jw_kstr(w, "notes", a->notes);
        sg_jw_kstr(w, "from", a->from_date);
        sg_jw_kstr(w, "to", a->to_date[0] ? a->to_date : NULL);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
}

void sg_assignments_json(sg_jw *w, const sg_assignment_list *l)
{
    sg_jw_obj_begin(w);
    sg_jw_key(w, "assignments");
    sg_assignments_array_json(w, l);
    sg_jw_obj_end(w);
}

void sg_exercises_json(sg_jw *w, const sg_prehab_lib *lib)
{
    sg_jw_obj_begin(w);
    sg_jw_key(w, "exercises");
    sg_jw_arr_begin(w);
    for (size_t i = 0; lib && i < lib->n; i++) {
        const sg_exercise *e = &lib->ex[i];
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "id", e->id);
        sg_jw_kstr(w, "name", e->name);
        sg_jw_kstr(w, "category", sg_ex_category_name(e->category));
        sg_jw_kstr(w, "purpose", e->purpose);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}
