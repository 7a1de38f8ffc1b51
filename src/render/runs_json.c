/* The runs list object (src/render/runs_json.h). */
#include "render/runs_json.h"

void sg_runs_json_row(sg_jw *w, const sg_run_row *r)
{
    const sg_store_summary *s = &r->row->s;
    char when[32];
    sg_runs_format_time(s->start, when, sizeof when);
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "id", r->row->id);
    if (when[0])
        sg_jw_kstr(w, "start", when);
    else
        sg_jw_knull(w, "start");
    sg_jw_kstr(w, "sport", sg_sport_name(s->sport));
    sg_jw_kstr(w, "sub_sport", sg_sub_sport_name(s->sub_sport));
    /* centimetres and hundredths of a second are beyond any device's precision */
    sg_jw_knumf(w, "distance_m", s->distance_m, 2);
    sg_jw_knumf(w, "duration_s", s->duration_s, 2);
    sg_jw_knumf(w, "moving_time_s", s->moving_time_s, 2);
    sg_jw_knumf(w, "ascent_m", s->ascent_m, 1);
    sg_jw_knumf(w, "descent_m", s->descent_m, 1);
    sg_jw_knumf(w, "avg_hr_bpm", s->avg_hr, 1);
    sg_jw_kstr(w, "device", s->device[0] ? s->device : NULL);
    sg_jw_kstr(w, "name", s->name[0] ? s->name : NULL);
    sg_jw_key(w, "sources");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_sources && i < SG_RUNS_MAX_SOURCES; i++)
        sg_jw_str(w, r->sources[i]);
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}

void sg_runs_json_change(sg_jw *w, const sg_store_change *c)
{
    char at[32], when[32];
    sg_runs_format_time((double)c->at, at, sizeof at);
    sg_runs_format_time(c->start, when, sizeof when);
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "id", c->id);
    sg_jw_kstr(w, "at", at);
    sg_jw_kstr(w, "kind", c->kind);
    sg_jw_kint(w, "run_id", c->activity_id);
    if (when[0])
        sg_jw_kstr(w, "start", when);
    else
        sg_jw_knull(w, "start");
    sg_jw_kstr(w, "sport", sg_sport_name(c->sport));
    sg_jw_kstr(w, "name", c->name[0] ? c->name : NULL);
    sg_jw_kbool(w, "undoable", c->undoable);
    sg_jw_obj_end(w);
}
