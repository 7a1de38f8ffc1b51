/* Check and plan documents (src/render/views.h). */
#include "render/views.h"
#include "render/clinic_json.h"

#include <math.h>
#include <stdlib.h>

#include "render/journal_render.h"
#include "model/jsonw.h"

char *sg_view_check_json(const sg_app_check_result *r)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_triage_write_json(&w, &r->triage, r->today);
    char *triage = sg_jw_take_buf(&w, NULL);
    char *links = NULL;
    if (r->has_links) {
        sg_jw_init_buf(&w, 0, 0);
        sg_links_write_json(&w, &r->links);
        links = sg_jw_take_buf(&w, NULL);
    }
    sg_jw_init_buf(&w, 0, 0);
    sg_screen_write_json(&w, &r->screen, &r->answers);
    char *screen = sg_jw_take_buf(&w, NULL);
    char *with_links = triage && (links || !r->has_links)
                           ? sg_json_add_member(triage, "links", links ? links : "null")
                           : NULL;
    char *out = with_links && screen ? sg_json_add_member(with_links, "screen", screen) : NULL;
    free(triage);
    free(links);
    free(screen);
    free(with_links);
    return out;
}

char *sg_view_plan_json(const sg_app_plan *p)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_plan_write_json(&w, &p->plan);
    char *plan = sg_jw_take_buf(&w, NULL);

    /* what the plan was built from */
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_arr_begin(&w);
    char d[11];
    for (size_t i = 0; i < p->n_runs; i++) {
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "date", sg_journal_date_format(p->runs[i].day, d));
        sg_jw_kstr(&w, "kind", sg_run_kind_name(p->runs[i].kind));
        sg_jw_kstr(&w, "source", sg_app_run_source_name(p->run_source[i]));
        sg_jw_obj_end(&w);
    }
    sg_jw_arr_end(&w);
    char *runs = sg_jw_take_buf(&w, NULL);

    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kint(&w, "pattern_weeks", p->pattern_weeks);
    sg_jw_kint(&w, "runs_considered", p->finding_runs);
    sg_jw_kint(&w, "descent_heavy_runs", p->descent_runs);
    sg_jw_knum(&w, "max_descent_m", p->max_descent_m);
    sg_jw_knum(&w, "balance_left_pct", p->balance_left_pct);
    sg_jw_knum(&w, "balance_baseline_pct", p->balance_baseline_pct);
    sg_jw_kint(&w, "breakdown_runs", p->breakdown_runs);
    sg_jw_kstr(&w, "taper_reason", p->taper_reason);
    sg_jw_obj_end(&w);
    char *basis = sg_jw_take_buf(&w, NULL);

    char *with_runs = plan && runs ? sg_json_add_member(plan, "runs", runs) : NULL;
    char *out = with_runs && basis ? sg_json_add_member(with_runs, "basis", basis) : NULL;
    free(plan);
    free(runs);
    free(basis);
    free(with_runs);
    if (out && p->assigned.n) {
        /* the clinician's assignments, labelled as theirs (clinic server only) */
        sg_jw_init_buf(&w, 0, 0);
        sg_assignments_array_json(&w, &p->assigned);
        char *assigned = sg_jw_take_buf(&w, NULL);
        char *with = assigned ? sg_json_add_member(out, "clinician_assignments", assigned) : NULL;
        free(assigned);
        free(out);
        out = with;
    }
    return out;
}
