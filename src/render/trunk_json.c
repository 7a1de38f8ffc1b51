/* JSON and text output of the trunk analysis (render/trunk_json.h). */
#include "render/trunk_json.h"
#include "render/format.h"

#include <math.h>
#include <stdio.h>

#include "app/runs.h"

/* The metrics of a whole recording, a bout or a window. `part` adds what
 * only a part has beside them: its running time and steps, and regularity
 * on every axis. The overall metrics go to the document's top level. */
static void metrics_fields(sg_jw *w, const sg_trunk_metrics *m, bool part)
{
    if (part) {
        sg_jw_knumf(w, "running_s", m->duration_s, 1);
        sg_jw_kint(w, "steps", (long long)m->steps);
    }
    sg_jw_knumf(w, "cadence_spm", m->cadence_spm, 1);
    sg_jw_key(w, "step_time_ms");
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "left", m->step_time_ms[0], 1);
    sg_jw_knumf(w, "right", m->step_time_ms[1], 1);
    sg_jw_obj_end(w);
    sg_jw_knumf(w, "step_time_asymmetry_pct", m->step_time_asym_pct, 2);
    sg_jw_knumf(w, "contact_time_ms", m->contact_time_ms, 1);
    sg_jw_knumf(w, "step_regularity", m->step_reg[SG_AX_VT], 3);
    sg_jw_knumf(w, "stride_regularity", m->stride_reg[SG_AX_VT], 3);
    sg_jw_knumf(w, "step_symmetry", m->step_symmetry, 3);
    static const char *ax[3] = {"vt", "ml", "ap"};
    if (part) {
        sg_jw_key(w, "regularity_by_axis");
        sg_jw_obj_begin(w);
        for (int a = 0; a < 3; a++) {
            sg_jw_key(w, ax[a]);
            sg_jw_obj_begin(w);
            sg_jw_knumf(w, "step", m->step_reg[a], 3);
            sg_jw_knumf(w, "stride", m->stride_reg[a], 3);
            sg_jw_obj_end(w);
        }
        sg_jw_obj_end(w);
    }
    sg_jw_key(w, "rms_ratio");
    sg_jw_obj_begin(w);
    for (int a = 0; a < 3; a++)
        sg_jw_knumf(w, ax[a], m->rms_ratio[a], 3);
    sg_jw_obj_end(w);
    sg_jw_key(w, "impact_g");
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "median", m->impact_med_g, 2);
    sg_jw_knumf(w, "p95", m->impact_p95_g, 2);
    sg_jw_obj_end(w);
    sg_jw_knumf(w, "trunk_vertical_displacement_mm", m->vdisp_mm, 1);
    sg_jw_key(w, "pelvis_deg");
    sg_jw_obj_begin(w);
    sg_jw_knumf(w, "tilt_range", m->pelvis_tilt_deg, 1);
    sg_jw_knumf(w, "obliquity_range", m->pelvis_obliquity_deg, 1);
    sg_jw_knumf(w, "rotation_range", m->pelvis_rotation_deg, 1);
    sg_jw_knumf(w, "obliquity_lr_diff", m->obliquity_lr_diff_deg, 1);
    sg_jw_obj_end(w);
}

/* A part's metrics as an open object (the caller closes it). */
static void metrics_obj(sg_jw *w, const sg_trunk_metrics *m, bool with_time)
{
    sg_jw_obj_begin(w);
    if (with_time) {
        sg_jw_knumf(w, "t_start", m->t_start, 3);
        sg_jw_knumf(w, "t_end", m->t_end, 3);
    }
    metrics_fields(w, m, true);
}

void sg_trunk_json(sg_jw *w, const char *file, const sg_imu *rec, const sg_trunk_result *r)
{
    sg_jw_obj_begin(w);
    if (file)
        sg_jw_kstr(w, "file", file);
    sg_jw_kstr(w, "source", rec->source);
    sg_jw_knum(w, "sample_rate_hz", r->fs);
    sg_jw_knumf(w, "duration_s", r->duration_s, 2);
    sg_jw_kbool(w, "gyroscope", r->has_gyro);
    sg_jw_kint(w, "gaps", (long long)rec->n_gaps);
    sg_jw_knumf(w, "running_s", r->running_s, 1);
    sg_jw_knumf(w, "walking_s", r->walking_s, 1);
    sg_jw_kint(w, "walking_steps", (long long)r->walking_steps);
    sg_jw_kint(w, "running_steps", (long long)r->overall.steps);
    metrics_fields(w, &r->overall, false);
    sg_jw_key(w, "bouts");
    sg_jw_arr_begin(w);
    for (size_t b = 0; b < r->n_bouts; b++)
        metrics_obj(w, &r->bouts[b], true), sg_jw_obj_end(w);
    sg_jw_arr_end(w);
    sg_jw_key(w, "windows");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_windows; i++)
        metrics_obj(w, &r->windows[i], true), sg_jw_obj_end(w);
    sg_jw_arr_end(w);
    sg_jw_key(w, "fatigue");
    if (!r->fatigue_available) {
        sg_jw_null(w);
    } else {
        sg_jw_obj_begin(w);
        sg_jw_key(w, "first");
        metrics_obj(w, &r->fatigue_first, true);
        sg_jw_obj_end(w);
        sg_jw_key(w, "last");
        metrics_obj(w, &r->fatigue_last, true);
        sg_jw_obj_end(w);
        /* matched for speed and grade from the linked run (docs/science.md §8.4) */
        sg_jw_kbool(w, "matched", r->fatigue_matched);
        if (r->fatigue_matched) {
            sg_jw_knumf(w, "matched_s", r->fatigue_matched_s, 1);
            sg_jw_kint(w, "matched_strata", (long long)r->fatigue_matched_strata);
        } else {
            sg_jw_knull(w, "matched_s");
            sg_jw_knull(w, "matched_strata");
        }
        sg_jw_key(w, "change");
        sg_jw_obj_begin(w);
        for (int i = 0; i < SG_TRUNK_N_FATIGUE; i++)
            sg_jw_knumf(w, r->fatigue[i].metric, r->fatigue[i].change, 3);
        sg_jw_obj_end(w);
        sg_jw_key(w, "noise");
        sg_jw_obj_begin(w);
        for (int i = 0; i < SG_TRUNK_N_FATIGUE; i++)
            sg_jw_knumf(w, r->fatigue[i].metric, r->fatigue[i].noise, 3);
        sg_jw_obj_end(w);
        sg_jw_key(w, "significant");
        sg_jw_obj_begin(w);
        for (int i = 0; i < SG_TRUNK_N_FATIGUE; i++)
            sg_jw_kbool(w, r->fatigue[i].metric, r->fatigue[i].significant);
        sg_jw_obj_end(w);
        sg_jw_key(w, "trend_per_10min");
        sg_jw_obj_begin(w);
        for (int i = 0; i < SG_TRUNK_N_FATIGUE; i++)
            sg_jw_knumf(w, r->fatigue[i].metric, r->fatigue[i].slope_per_10min, 3);
        sg_jw_obj_end(w);
        sg_jw_obj_end(w);
    }
    sg_jw_key(w, "flags");
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < r->n_flags; i++) {
        const sg_trunk_flag *f = &r->flags[i];
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "code", f->code);
        sg_jw_kstr(w, "severity", f->severity);
        sg_jw_kstr(w, "message", f->message);
        sg_jw_kstr(w, "evidence", f->evidence);
        sg_jw_kstr(w, "source", f->source);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_obj_end(w);
}

/* why: said after "not measured" when the value is missing (may be ""). */
static void num_why(FILE *f, const char *label, double v, const char *fmt_unit, int dec,
                    const char *why)
{
    if (isfinite(v))
        fprintf(f, "  %-30s %.*f%s\n", label, dec, v, fmt_unit);
    else
        fprintf(f, "  %-30s %s%s\n", label, SG_FMT_NOT_MEASURED, why);
}

static void num(FILE *f, const char *label, double v, const char *fmt_unit, int dec)
{
    num_why(f, label, v, fmt_unit, dec, "");
}

void sg_trunk_text(FILE *f, const char *file, const sg_imu *rec, const sg_trunk_result *r)
{
    const sg_trunk_metrics *m = &r->overall;
    fprintf(f, "%s: %s, %.0f Hz, %.1f min%s%s\n", file ? file : "recording", rec->source, r->fs,
            r->duration_s / 60, r->has_gyro ? ", gyroscope" : ", no gyroscope",
            rec->n_gaps ? ", with gaps" : "");
    fprintf(f, "  running %.1f min in %zu bout(s); walking %.1f min (%zu steps, not counted)\n",
            r->running_s / 60, r->n_bouts, r->walking_s / 60, r->walking_steps);
    const char *no_gyro = r->has_gyro ? "" : " (no gyroscope)";
    if (r->n_bouts) {
        num(f, "cadence", m->cadence_spm, " steps/min", 1);
        char l[32], rt[32], as[32];
        fprintf(f, "  %-30s %s / %s (asymmetry %s)\n", "step time left / right",
                sg_fmt_num(l, sizeof l, m->step_time_ms[0], 0, ""),
                sg_fmt_num(rt, sizeof rt, m->step_time_ms[1], 0, " ms"),
                sg_fmt_num(as, sizeof as, m->step_time_asym_pct, 1, " %"));
        num(f, "contact time", m->contact_time_ms, " ms", 0);
        num(f, "step / stride regularity (VT)", m->step_reg[SG_AX_VT], "", 2);
        num(f, "  stride", m->stride_reg[SG_AX_VT], "", 2);
        num(f, "step symmetry (Ad1/Ad2)", m->step_symmetry, "", 2);
        char vt[32], ml[32], ap[32], med[32], p95[32];
        fprintf(f, "  %-30s VT %s  ML %s  AP %s\n", "RMS ratio",
                sg_fmt_num(vt, sizeof vt, m->rms_ratio[0], 2, ""),
                sg_fmt_num(ml, sizeof ml, m->rms_ratio[1], 2, ""),
                sg_fmt_num(ap, sizeof ap, m->rms_ratio[2], 2, ""));
        fprintf(f, "  %-30s median %s, p95 %s\n", "impact (peak vertical)",
                sg_fmt_num(med, sizeof med, m->impact_med_g, 2, " g"),
                sg_fmt_num(p95, sizeof p95, m->impact_p95_g, 2, " g"));
        num(f, "trunk vertical displacement", m->vdisp_mm, " mm", 0);
        num_why(f, "pelvis tilt range", m->pelvis_tilt_deg, " deg", 1, no_gyro);
        num_why(f, "pelvis obliquity (drop) range", m->pelvis_obliquity_deg, " deg", 1, no_gyro);
        num_why(f, "pelvis rotation range", m->pelvis_rotation_deg, " deg", 1, no_gyro);
        num_why(f, "obliquity left - right", m->obliquity_lr_diff_deg, " deg", 1, no_gyro);
    }
    if (r->fatigue_available) {
        char ms[32];
        if (r->fatigue_matched && r->fatigue_matched_strata == 0)
            fprintf(f, "  early -> late (first / last quarter of running; the linked run's early "
                       "and late parts share no speed and grade, so no change is compared):\n");
        else if (r->fatigue_matched)
            fprintf(f, "  early -> late (first / last quarter of running; changes compared at "
                       "matched speed and grade from the linked run over %s):\n",
                    sg_fmt_duration(ms, sizeof ms, r->fatigue_matched_s));
        else
            fprintf(f, "  early -> late (first / last quarter of running; not matched for "
                       "speed or grade, which the sensor does not record):\n");
        for (int i = 0; i < SG_TRUNK_N_FATIGUE; i++) {
            if (!isfinite(r->fatigue[i].first) || !isfinite(r->fatigue[i].last)) {
                fprintf(f, "    %-28s %s%s\n", r->fatigue[i].metric, SG_FMT_NOT_MEASURED,
                        r->has_gyro ? "" : " (no gyroscope)");
                continue;
            }
            fprintf(f, "    %-28s %8.2f -> %8.2f\n", r->fatigue[i].metric, r->fatigue[i].first,
                    r->fatigue[i].last);
        }
    }
    for (size_t i = 0; i < r->n_flags; i++)
        fprintf(f, "  [%s] %s\n", r->flags[i].severity, r->flags[i].message);
}

/* ---- the stored recordings ---- */

static void time_or_null(sg_jw *w, const char *k, double t)
{
    char buf[32];
    sg_runs_format_time(t, buf, sizeof buf);
    sg_jw_kstr(w, k, buf[0] ? buf : NULL);
}

static void list_item_json(sg_jw *w, const sg_app_imu_item *it)
{
    const sg_store_imu_row *r = &it->row;
    sg_jw_obj_begin(w);
    sg_jw_kint(w, "id", r->id);
    time_or_null(w, "start", r->start);
    sg_jw_knumf(w, "duration_s", r->duration_s, 2);
    sg_jw_knum(w, "sample_rate_hz", r->sample_rate_hz);
    sg_jw_kint(w, "samples", r->n_samples);
    sg_jw_kbool(w, "gyroscope", r->has_gyro);
    sg_jw_kstr(w, "reader", r->reader);
    sg_jw_kstr(w, "file", r->file_name);
    sg_jw_kstr(w, "path", r->path);
    sg_jw_kstr(w, "sha256", r->sha256);
    time_or_null(w, "imported", (double)r->created_at);
    if (r->linked_activity_id > 0)
        sg_jw_kint(w, "linked_activity_id", r->linked_activity_id);
    else
        sg_jw_knull(w, "linked_activity_id");
    sg_jw_kstr(w, "link", r->link_pinned ? "pinned" : "auto");
    sg_jw_key(w, "activity");
    if (it->has_activity) {
        const sg_store_row *a = &it->activity;
        sg_jw_obj_begin(w);
        sg_jw_kint(w, "id", a->id);
        time_or_null(w, "start", a->s.start);
        sg_jw_kstr(w, "sport", sg_sport_name(a->s.sport));
        sg_jw_kstr(w, "name", a->s.name[0] ? a->s.name : NULL);
        sg_jw_knumf(w, "distance_m", a->s.distance_m, 1);
        sg_jw_knumf(w, "duration_s", a->s.duration_s, 1);
        sg_jw_obj_end(w);
    } else {
        sg_jw_null(w);
    }
    sg_jw_obj_end(w);
}

void sg_imu_list_json(sg_jw *w, const sg_app_imu_list_result *l)
{
    sg_jw_arr_begin(w);
    for (size_t i = 0; i < l->n; i++)
        list_item_json(w, &l->v[i]);
    sg_jw_arr_end(w);
}

void sg_imu_list_text(FILE *f, const sg_app_imu_list_result *l)
{
    fprintf(f, "%5s  %-20s  %10s  %8s  %-4s  %-12s  %-28s  %s\n", "id", "start (UTC)",
            "duration", "rate", "gyro", "reader", "file", "linked");
    for (size_t i = 0; i < l->n; i++) {
        const sg_store_imu_row *r = &l->v[i].row;
        char start[32], link[96];
        sg_runs_format_time(r->start, start, sizeof start);
        if (!start[0])
            snprintf(start, sizeof start, "(relative time)");
        if (l->v[i].has_activity) {
            char as[32];
            sg_runs_format_time(l->v[i].activity.s.start, as, sizeof as);
            snprintf(link, sizeof link, "activity %lld (%s)%s", l->v[i].activity.id, as,
                     r->link_pinned ? " pinned" : "");
        } else {
            snprintf(link, sizeof link, "-");
        }
        fprintf(f, "%5lld  %-20s  %8.1f s  %5.0f Hz  %-4s  %-12s  %-28s  %s\n", r->id, start,
                r->duration_s, r->sample_rate_hz, r->has_gyro ? "gyro" : "-", r->reader,
                r->file_name, link);
    }
}

