/* JSON rendering of the training-load result (docs/cli.md "load"). */
#include "render/load_json.h"

#include <math.h>

static void kdate(sg_jw *w, const char *k, int32_t day)
{
    char b[11];
    sg_jw_kstr(w, k, sg_load_day_str(day, b));
}

static void flags(sg_jw *w, const sg_load_flag *f, size_t n)
{
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < n; i++) {
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "code", f[i].code);
        sg_jw_kstr(w, "severity", f[i].severity == SG_FLAG_WATCH ? "watch" : "info");
        sg_jw_kstr(w, "message", f[i].msg);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
}

static void course(sg_jw *w, const sg_course *c)
{
    sg_jw_obj_begin(w);
    sg_jw_kbool(w, "has_elevation", c->has_elevation);
    sg_jw_knumf(w, "hysteresis_m", c->hysteresis_m, 1);
    sg_jw_knumf(w, "distance_m", c->distance_m, 0);
    sg_jw_knumf(w, "ascent_m", c->ascent_m, 0);
    sg_jw_knumf(w, "descent_m", c->descent_m, 0);
    sg_jw_knumf(w, "max_descent_segment_m", c->max_descent_segment_m, 0);
    sg_jw_knumf(w, "max_descent_segment_len_m", c->max_descent_segment_len_m, 0);
    sg_jw_knumf(w, "max_descent_segment_grade_pct", c->max_descent_segment_grade_pct, 1);
    sg_jw_knumf(w, "steepest_descent_grade_pct", c->steepest_descent_grade_pct, 1);
    sg_jw_knumf(w, "steepest_descent_drop_m", c->steepest_descent_drop_m, 0);
    sg_jw_knumf(w, "steepest_descent_len_m", c->steepest_descent_len_m, 0);
    sg_jw_obj_end(w);
}

void sg_load_json_race(sg_jw *w, const sg_load_result *r)
{
    if (!r->has_race) {
        sg_jw_null(w);
        return;
    }
    const sg_race_result *rr = &r->race;
    sg_jw_obj_begin(w);
    kdate(w, "date", rr->race_day);
    sg_jw_kint(w, "days_to_race", rr->days_to_race);
    sg_jw_knumf(w, "weeks_to_race", rr->weeks_to_race, 1);
    sg_jw_key(w, "course");
    if (rr->has_course)
        course(w, &rr->course);
    else
        sg_jw_null(w);
    sg_jw_key(w, "prepared");
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "max_run_descent_m", rr->max_run_descent_m, 0);
    sg_jw_knumf(w, "max_week_descent_m", rr->max_week_descent_m, 0);
    sg_jw_kint(w, "window_days", 56);
    sg_jw_obj_end(w);
    sg_jw_key(w, "taper");
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "longest_run_m", rr->longest_run_m, 0);
    if (isfinite(rr->longest_run_m)) {
        kdate(w, "longest_run_date", rr->longest_run_day);
        sg_jw_kint(w, "longest_run_days_out", rr->longest_run_days_out);
    } else {
        sg_jw_knull(w, "longest_run_date");
        sg_jw_knull(w, "longest_run_days_out");
    }
    if (rr->peak_block >= 0)
        sg_jw_kint(w, "peak_week_weeks_out", rr->peak_block);
    else
        sg_jw_knull(w, "peak_week_weeks_out");
    sg_jw_knumf(w, "peak_week_distance_m", rr->peak_block_m, 0);
    sg_jw_knumf(w, "pre_taper_weekly_m", rr->pre_taper_weekly_m, 0);
    sg_jw_knumf(w, "taper_weekly_m", rr->taper_weekly_m, 0);
    sg_jw_knumf(w, "reduction_pct", rr->taper_reduction_pct, 1);
    sg_jw_obj_end(w);
    sg_jw_key(w, "progression");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < rr->n_progression; i++) {
        sg_jw_obj_begin(w);
        kdate(w, "week_start", rr->progression[i].week_start);
        sg_jw_knumf(w, "descent_m", rr->progression[i].descent_m, 0);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_key(w, "flags");
    flags(w, rr->flags, rr->n_flags);
    sg_jw_obj_end(w);
}

/* The header keys and the "window" object. */
static void load_head(sg_jw *w, const sg_load_result *r, bool all_days)
{
    sg_jw_kstr(w, "schema", "strideguard.load/1");
    kdate(w, "today", r->today_day);
    sg_jw_kstr(w, "metric", sg_load_metric_name(r->metric));
    sg_jw_kstr(w, "day_boundary", "UTC");
    sg_jw_key(w, "window");
    sg_jw_obj_begin(w);
    if (all_days && r->n_days)
        kdate(w, "from", r->days[0].day);
    else
        kdate(w, "from", r->out_first_day);
    kdate(w, "to", r->today_day);
    sg_jw_obj_end(w);
}

/* The "heart_rate" object. */
static void load_heart_rate(sg_jw *w, const sg_load_result *r)
{
    sg_jw_key(w, "heart_rate");
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "hr_rest", r->hr_rest, 0);
    sg_jw_kbool(w, "hr_rest_default", r->hr_rest_default);
    sg_jw_knumf(w, "hr_max", r->hr_max, 0);
    sg_jw_kbool(w, "hr_max_estimated", r->hr_max_estimated);
    sg_jw_obj_end(w);
}

/* The "activities" object (counts, exclusions, duplicates) and the gap threshold. */
static void load_activities(sg_jw *w, const sg_load_result *r)
{
    sg_jw_key(w, "activities");
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "used", (long long)r->n_used);
    sg_jw_kint(w, "imputed", (long long)r->n_imputed);
    sg_jw_key(w, "excluded");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_excluded; i++) {
        const sg_load_excluded *e = &r->excluded[i];
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "activity_id", e->activity_id);
        sg_jw_knum(w, "start", e->start);
        sg_jw_kstr(w, "reason", sg_excl_reason_name(e->reason));
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_key(w, "duplicates");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_duplicates; i++) {
        const sg_load_duplicate *d = &r->duplicates[i];
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "kept_id", d->kept_id);
        sg_jw_kint(w, "dropped_id", d->dropped_id);
        sg_jw_knumf(w, "overlap_s", d->overlap_s, 0);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
    sg_jw_kint(w, "gap_threshold_days", r->gap_threshold_days);
}

/* The "days" array, from day `from` on. */
static void load_days(sg_jw *w, const sg_load_result *r, int32_t from)
{
    char b[11];
    sg_jw_key(w, "days");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_days; i++) {
        const sg_load_day *d = &r->days[i];
        if (d->day < from)
            continue;
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "date", sg_load_day_str(d->day, b));
        sg_jw_knumf(w, "distance_m", d->distance_m, 0);
        sg_jw_knumf(w, "time_s", d->time_s, 0);
        sg_jw_knumf(w, "ascent_m", d->ascent_m, 0);
        sg_jw_knumf(w, "descent_m", d->descent_m, 0);
        sg_jw_knumf(w, "impact_weighted_km", d->impact_weighted_km, 2);
        sg_jw_knumf(w, "trimp", d->trimp, 1);
        sg_jw_knumf(w, "srpe_load", d->srpe_load, 0);
        sg_jw_knumf(w, "load", d->load, 2);
        sg_jw_kint(w, "activities", d->activities);
        sg_jw_kbool(w, "gap", d->gap);
        sg_jw_knumf(w, "ewma_acute", d->ewma_acute, 3);
        sg_jw_knumf(w, "ewma_chronic", d->ewma_chronic, 3);
        sg_jw_knumf(w, "acwr", d->acwr, 3);
        sg_jw_knumf(w, "ctl", d->ctl, 2);
        sg_jw_knumf(w, "atl", d->atl, 2);
        sg_jw_knumf(w, "tsb", d->tsb, 2);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
}

/* The "weeks" array, weeks ending on or after day `from`. */
static void load_weeks(sg_jw *w, const sg_load_result *r, int32_t from)
{
    char b[11];
    sg_jw_key(w, "weeks");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_weeks; i++) {
        const sg_load_week *k = &r->weeks[i];
        if (k->week_start + 6 < from)
            continue;
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "week_start", sg_load_day_str(k->week_start, b));
        sg_jw_knumf(w, "distance_m", k->distance_m, 0);
        sg_jw_knumf(w, "time_s", k->time_s, 0);
        sg_jw_knumf(w, "ascent_m", k->ascent_m, 0);
        sg_jw_knumf(w, "descent_m", k->descent_m, 0);
        sg_jw_knumf(w, "longest_run_m", k->longest_run_m, 0);
        sg_jw_knumf(w, "load", k->load, 2);
        sg_jw_knumf(w, "change_pct", k->change_pct, 1);
        sg_jw_knumf(w, "monotony", k->monotony, 3);
        sg_jw_knumf(w, "strain", k->strain, 1);
        sg_jw_kint(w, "activities", k->activities);
        sg_jw_kint(w, "gap_days", k->gap_days);
        sg_jw_kbool(w, "partial", k->partial);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
}

/* The "spikes" array, from day `from` on. */
static void load_spikes(sg_jw *w, const sg_load_result *r, int32_t from)
{
    char b[11];
    sg_jw_key(w, "spikes");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_spikes; i++) {
        const sg_load_spike *s = &r->spikes[i];
        if (s->day < from)
            continue;
        double lo, hi, hr = sg_spike_hazard_ratio(s->category, &lo, &hi);
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "activity_id", s->activity_id);
        sg_jw_kstr(w, "date", sg_load_day_str(s->day, b));
        sg_jw_knumf(w, "distance_m", s->distance_m, 0);
        sg_jw_knumf(w, "longest30_m", s->longest30_m, 0);
        sg_jw_knumf(w, "spike_pct", s->spike_pct, 1);
        sg_jw_kstr(w, "category", sg_spike_category_name(s->category));
        sg_jw_knum(w, "hazard_ratio", hr);
        sg_jw_key(w, "hazard_ratio_ci");
        if (isfinite(hr)) {
            sg_jw_arr_begin(w);
            sg_jw_num(w, lo);
            sg_jw_num(w, hi);
            sg_jw_arr_end(w);
        } else {
            sg_jw_null(w);
        }
        sg_jw_kbool(w, "baseline_gap", s->baseline_gap);
        if (s->days_without_run >= 0)
            sg_jw_kint(w, "days_without_run", s->days_without_run);
        else
            sg_jw_knull(w, "days_without_run");
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
}

/* The "acwr_ewma" object and the ctl/atl/tsb keys. */
static void load_acwr(sg_jw *w, const sg_load_result *r)
{
    sg_jw_key(w, "acwr_ewma");
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "value", r->acwr, 3);
    sg_jw_knumf(w, "acute", r->ewma_acute, 3);
    sg_jw_knumf(w, "chronic", r->ewma_chronic, 3);
    sg_jw_kint(w, "acute_days", 7);
    sg_jw_kint(w, "chronic_days", 28);
    sg_jw_kstr(w, "use", "descriptive");
    sg_jw_kstr(w, "limitations", sg_load_acwr_limitations());
    sg_jw_obj_end(w);
    sg_jw_knumf(w, "ctl", r->ctl, 2);
    sg_jw_knumf(w, "atl", r->atl, 2);
    sg_jw_knumf(w, "tsb", r->tsb, 2);
}

void sg_load_json(sg_jw *w, const sg_load_result *r, bool all_days)
{
    int32_t from = all_days ? INT32_MIN : r->out_first_day;
    sg_jw_obj_begin(w);
    load_head(w, r, all_days);
    load_heart_rate(w, r);
    load_activities(w, r);
    load_days(w, r, from);
    load_weeks(w, r, from);
    load_spikes(w, r, from);
    load_acwr(w, r);

    sg_jw_key(w, "race");
    sg_load_json_race(w, r);
    sg_jw_key(w, "flags");
    flags(w, r->flags, r->n_flags);
    sg_jw_obj_end(w);
}

char *sg_course_profile_json(const sg_app_course_profile *p)
{
    sg_jw w;
    sg_jw_init_buf(&w, 0, 0);
    sg_jw_obj_begin(&w);
    for (int col = 0; col < 2; col++) {
        const double *v = col ? p->altitude_m : p->distance_m;
        sg_jw_key(&w, col ? "altitude_m" : "distance_m");
        sg_jw_arr_begin(&w);
        for (size_t b = 0; b < p->n; b++)
            sg_jw_numf(&w, v[b], 1);
        sg_jw_arr_end(&w);
    }
    sg_jw_obj_end(&w);
    return sg_jw_take_buf(&w, NULL);
}
