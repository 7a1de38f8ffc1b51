/* JSON of a run analysis (docs/cli.md, "show"). Keys are stable; adding a
 * key is compatible, renaming one bumps SG_RUN_ALGORITHM_VERSION. */
#include <math.h>

#include "render/run_json.h"

static const char *alt_name(sg_alt_source s)
{
    switch (s) {
    case SG_ALT_BAROMETRIC:
        return "barometric";
    case SG_ALT_GPS:
        return "gps";
    case SG_ALT_CORRECTED:
        return "corrected";
    default:
        return NULL;
    }
}

static void segment(sg_jw *w, const char *k, const sg_run_segment *s)
{
    sg_jw_key(w, k);
    if (isnan(s->distance_m)) {
        sg_jw_null(w);
        return;
    }
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "start_m", s->start_m, 1);
    sg_jw_knumf(w, "distance_m", s->distance_m, 1);
    sg_jw_knumf(w, "time_s", s->time_s, 1);
    sg_jw_knumf(w, "elevation_m", s->elevation_m, 1);
    sg_jw_knumf(w, "grade_pct", s->grade_pct, 2);
    sg_jw_obj_end(w);
}

/* metric key, its scale from SI to the key's unit and decimals */
static const struct {
    const char *key;
    double scale;
    int dec;
} mk[SG_RM_COUNT] = {
    {"cadence_spm", 1, 1},
    {"step_length_m", 1, 3},
    {"vertical_oscillation_mm", 1000, 1},
    {"vertical_ratio_pct", 1, 2},
    {"stance_time_ms", 1000, 1},
    {"stance_time_balance_left_pct", 1, 2},
};

static void stat_obj(sg_jw *w, const sg_run_stat *s, int m)
{
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "median", s->median * mk[m].scale, mk[m].dec);
    sg_jw_knumf(w, "q1", s->q1 * mk[m].scale, mk[m].dec);
    sg_jw_knumf(w, "q3", s->q3 * mk[m].scale, mk[m].dec);
    sg_jw_kint(w, "n", (long long)s->n);
    sg_jw_knumf(w, "time_s", s->time_s, 1);
    sg_jw_obj_end(w);
}

static void drift(sg_jw *w, const char *k, const sg_run_drift *d)
{
    sg_jw_key(w, k);
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "change", d->change, 2);
    sg_jw_knumf(w, "noise", d->noise, 2);
    sg_jw_knumf(w, "matched_time_s", d->matched_s, 1);
    sg_jw_kbool(w, "significant", d->significant);
    sg_jw_obj_end(w);
}

static void mechanics(sg_jw *w, const sg_run_result *r)
{
    const sg_run_mechanics *mc = &r->mech;
    sg_jw_key(w, "mechanics");
    sg_jw_obj_begin(w);
    for (int m = 0; m < SG_RM_COUNT; m++)
        sg_jw_knumf(w, mk[m].key, mc->flat[m].median * mk[m].scale, mk[m].dec);
    sg_jw_knumf(w, "symmetry_index_pct", mc->symmetry_index_pct, 2);
    sg_jw_key(w, "flat");
    sg_jw_obj_begin(w);
    for (int m = 0; m < SG_RM_COUNT; m++) {
        sg_jw_key(w, mk[m].key);
        stat_obj(w, &mc->flat[m], m);
    }
    sg_jw_obj_end(w);
    sg_jw_key(w, "population_band");
    sg_jw_obj_begin(w);
    for (int m = 0; m < SG_RM_COUNT; m++)
        sg_jw_kstr(w, mk[m].key, sg_run_garmin_band((sg_run_metric)m, mc->flat[m].median));
    sg_jw_obj_end(w);
    sg_jw_key(w, "by_grade_band");
    sg_jw_arr_begin(w);
    for (int b = 0; b < SG_RUN_N_BANDS; b++) {
        sg_jw_obj_begin(w);
        sg_jw_knum(w, "from_pct", sg_run_band_from_pct(b));
        sg_jw_knum(w, "to_pct", sg_run_band_to_pct(b));
        for (int m = 0; m < SG_RM_COUNT; m++) {
            sg_jw_key(w, mk[m].key);
            stat_obj(w, &mc->band[b][m], m);
        }
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_key(w, "vs_baseline");
    sg_jw_obj_begin(w);
    static const char *const vk[SG_RM_COUNT] = {
        "cadence_pct", "step_length_pct", "vertical_oscillation_pct", "vertical_ratio_pct",
        "stance_time_pct", "stance_time_balance_pp"};
    for (int m = 0; m < SG_RM_COUNT; m++)
        sg_jw_knumf(w, vk[m], mc->vs_baseline[m], 2);
    sg_jw_knumf(w, "matched_time_s", mc->vs_baseline_time_s[SG_RM_CADENCE], 1);
    sg_jw_obj_end(w);
    sg_jw_obj_end(w);
}

void sg_run_json_write(sg_jw *w, const sg_run_result *r)
{
    const sg_run_terrain *t = &r->terrain;
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "algorithm_version", r->algorithm_version);
    sg_jw_kstr(w, "sport", sg_sport_name(r->sport));
    sg_jw_kstr(w, "sub_sport", sg_sub_sport_name(r->sub_sport));
    sg_jw_kbool(w, "treadmill", r->treadmill);
    sg_jw_knumf(w, "start_time", r->start_time, 3);
    sg_jw_kint(w, "samples", (long long)r->samples);
    sg_jw_kint(w, "samples_used", (long long)r->samples_used);
    sg_jw_knumf(w, "distance_m", r->distance_m, 1);
    sg_jw_knumf(w, "moving_time_s", r->moving_time_s, 1);
    sg_jw_knumf(w, "elapsed_s", r->elapsed_s, 1);
    sg_jw_knumf(w, "ascent_m", t->ascent_m, 1);
    sg_jw_knumf(w, "descent_m", t->descent_m, 1);
    sg_jw_knumf(w, "pace_s_per_km", r->pace_s_per_km, 1);
    sg_jw_knumf(w, "gap_pace_s_per_km", r->gap_pace_s_per_km, 1);
    sg_jw_knumf(w, "gap_distance_m", r->gap_distance_m, 1);
    sg_jw_knumf(w, "avg_hr_bpm", r->avg_hr, 1);
    sg_jw_key(w, "device");
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "distance_m", r->device_distance_m, 1);
    sg_jw_knumf(w, "ascent_m", r->device_ascent_m, 1);
    sg_jw_knumf(w, "descent_m", r->device_descent_m, 1);
    sg_jw_obj_end(w);
    sg_jw_key(w, "altitude");
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "source", alt_name(t->alt_source));
    sg_jw_knum(w, "hysteresis_m", t->hysteresis_m);
    sg_jw_knum(w, "grade_window_m", t->grade_window_m);
    sg_jw_knumf(w, "min_m", t->min_alt_m, 1);
    sg_jw_knumf(w, "max_m", t->max_alt_m, 1);
    sg_jw_obj_end(w);
    sg_jw_key(w, "grade_bands");
    sg_jw_arr_begin(w);
    for (int b = 0; b < SG_RUN_N_BANDS; b++) {
        sg_jw_obj_begin(w);
        sg_jw_knum(w, "from_pct", sg_run_band_from_pct(b));
        sg_jw_knum(w, "to_pct", sg_run_band_to_pct(b));
        sg_jw_knumf(w, "distance_m", t->band[b].distance_m, 1);
        sg_jw_knumf(w, "time_s", t->band[b].time_s, 1);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_key(w, "climbs");
    sg_jw_obj_begin(w);
    segment(w, "longest_climb", &t->longest_climb);
    segment(w, "steepest_climb_200m", &t->steepest_climb);
    segment(w, "longest_descent", &t->longest_descent);
    segment(w, "steepest_descent_200m", &t->steepest_descent);
    sg_jw_obj_end(w);
    sg_jw_knumf(w, "impact_weighted_km", r->impact_weighted_km, 3);
    sg_jw_knumf(w, "descent_m_below_3pct", t->descent_m_below_3pct, 1);
    sg_jw_knumf(w, "descent_m_below_8pct", t->descent_m_below_8pct, 1);
    sg_jw_knumf(w, "descent_distance_m_below_3pct", t->descent_dist_m_below_3pct, 1);
    sg_jw_knumf(w, "descent_distance_m_below_8pct", t->descent_dist_m_below_8pct, 1);
    sg_jw_knumf(w, "descent_time_s_below_3pct", t->descent_time_s_below_3pct, 1);
    sg_jw_knumf(w, "descent_time_s_below_8pct", t->descent_time_s_below_8pct, 1);
    mechanics(w, r);

    const sg_run_fatigue *f = &r->fatigue;
    sg_jw_key(w, "fatigue");
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "cadence_change_pct", f->cadence_pct.change, 2);
    sg_jw_knumf(w, "stance_time_change_pct", f->stance_time_pct.change, 2);
    sg_jw_knumf(w, "vertical_ratio_change_pct", f->vertical_ratio_pct.change, 2);
    sg_jw_knumf(w, "balance_change_pp", f->balance_pp.change, 2);
    sg_jw_knumf(w, "asymmetry_change_pp", f->asymmetry_pp.change, 2);
    sg_jw_knumf(w, "decoupling_pct", f->decoupling_pct, 2);
    sg_jw_key(w, "detail");
    sg_jw_obj_begin(w);
    drift(w, "cadence_pct", &f->cadence_pct);
    drift(w, "stance_time_pct", &f->stance_time_pct);
    drift(w, "vertical_ratio_pct", &f->vertical_ratio_pct);
    drift(w, "balance_pp", &f->balance_pp);
    drift(w, "asymmetry_pp", &f->asymmetry_pp);
    sg_jw_obj_end(w);
    sg_jw_obj_end(w);

    sg_jw_key(w, "flags");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_flags; i++) {
        const sg_run_flag *fl = &r->flags[i];
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "code", fl->code);
        sg_jw_kstr(w, "severity", sg_run_severity_name(fl->severity));
        sg_jw_kstr(w, "message", fl->message);
        sg_jw_kstr(w, "evidence", fl->evidence);
        sg_jw_kstr(w, "action", fl->action);
        sg_jw_kstr(w, "source", fl->source);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);

    sg_jw_key(w, "missing");
    sg_jw_arr_begin(w);
    for (int i = 0; i < SG_RUN_N_MISSING; i++)
        if (r->missing & (1u << i))
            sg_jw_str(w, sg_run_missing_name(1u << i));
    sg_jw_arr_end(w);

    const sg_run_repairs *p = &r->repaired;
    sg_jw_key(w, "repaired");
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "time_backwards", (long long)p->time_backwards);
    sg_jw_kint(w, "duplicate_time", (long long)p->duplicate_time);
    sg_jw_kint(w, "no_time", (long long)p->no_time);
    sg_jw_kint(w, "distance_backwards", (long long)p->distance_backwards);
    sg_jw_kint(w, "speed_spikes", (long long)p->speed_spikes);
    sg_jw_kint(w, "altitude_outliers", (long long)p->altitude_outliers);
    sg_jw_kint(w, "altitude_steps", (long long)p->altitude_steps);
    sg_jw_kint(w, "altitude_gaps", (long long)p->altitude_gaps);
    sg_jw_kint(w, "mechanics_excluded", (long long)p->mechanics_excluded);
    sg_jw_obj_end(w);
    sg_jw_obj_end(w);
}

void sg_run_series_json_write(sg_jw *w, const sg_run_profile *p)
{
    sg_jw_obj_begin(w);
    const char *names[SG_RUN_PROFILE_COLS] = {"time_s", "distance_m", "altitude_m", "grade_pct",
                                              "speed_mps", "heart_rate", "cadence_spm",
                                              "balance_left_pct"};
    const double *cols[SG_RUN_PROFILE_COLS] = {p->time_s, p->distance_m, p->altitude_m,
                                               p->grade_pct, p->speed_mps, p->heart_rate,
                                               p->cadence_spm, p->balance_left_pct};
    for (int j = 0; j < SG_RUN_PROFILE_COLS; j++) {
        sg_jw_key(w, names[j]);
        sg_jw_arr_begin(w);
        for (size_t i = 0; i < p->n; i++)
            sg_jw_numf(w, cols[j][i], j == 3 || j == 4 ? 2 : 1);
        sg_jw_arr_end(w);
    }
    sg_jw_obj_end(w);
}
