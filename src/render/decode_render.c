/* The writers of `strideguard decode` (render/decode_render.h). */
#include "render/decode_render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/format.h"

/* ---- --jsonl ---- */

void sg_decode_jsonl_head(sg_jw *w, const char *file, size_t bytes, const char *version)
{
    char dec[64];
    snprintf(dec, sizeof dec, "strideguard %s", version);
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "t", "file");
    sg_jw_kstr(w, "file", file);
    sg_jw_kint(w, "bytes", (long long)bytes);
    sg_jw_kstr(w, "decoder", dec);
    sg_jw_obj_end(w);
    sg_jw_newline(w);
}

static void write_fit_time(sg_jw *w, const sg_app_fit_record *r)
{
    if (isnan(r->time)) {
        sg_jw_null(w);
        return;
    }
    if (r->time_relative) {
        sg_jw_int(w, (long long)r->time);
        return;
    }
    time_t u = (time_t)r->unix_time;
    struct tm tm;
    char b[40];
    gmtime_r(&u, &tm);
    strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    sg_jw_str(w, b);
}

static void write_dev_value(sg_jw *w, const sg_app_fit_dev *d)
{
    switch (d->kind) {
    case SG_APP_FIT_TEXT: sg_jw_str(w, d->text); return;
    case SG_APP_FIT_NUM: sg_jw_num(w, d->v[0]); return;
    case SG_APP_FIT_BYTES:
    case SG_APP_FIT_NUMS:
        sg_jw_arr_begin(w);
        for (size_t k = 0; k < d->n; k++) {
            if (d->kind == SG_APP_FIT_BYTES)
                sg_jw_int(w, (long long)d->v[k]);
            else
                sg_jw_num(w, d->v[k]);
        }
        sg_jw_arr_end(w);
        return;
    default: sg_jw_null(w); return;
    }
}

void sg_decode_jsonl_record(sg_jw *w, const sg_app_fit_record *r)
{
    static const char *const keys[SG_APP_FIT_COLS] = {
        "lat_deg", "lon_deg", "distance_m", "enhanced_altitude_m", "enhanced_speed_mps",
        "heart_rate_bpm", "cadence", "fractional_cadence", "vertical_oscillation_mm",
        "stance_time_ms", "stance_time_balance_pct", "vertical_ratio_pct", "step_length_mm",
    };
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "t", "record");
    sg_jw_kint(w, "i", (long long)r->index);
    sg_jw_key(w, "timestamp");
    write_fit_time(w, r);
    for (int k = 0; k < SG_APP_FIT_COLS; k++)
        sg_jw_knum(w, keys[k], r->col[k]);
    sg_jw_key(w, "developer");
    if (r->n_dev == 0) {
        sg_jw_null(w);
    } else {
        sg_jw_obj_begin(w);
        for (size_t k = 0; k < r->n_dev; k++) {
            sg_jw_key(w, r->dev[k].name);
            write_dev_value(w, &r->dev[k]);
        }
        sg_jw_obj_end(w);
    }
    sg_jw_obj_end(w);
    sg_jw_newline(w);
}

static int by_name(const void *a, const void *b)
{
    const sg_app_fit_count *const *x = a, *const *y = b;
    return strcmp((*x)->name, (*y)->name);
}

/* The counts as one object, names sorted as text (as the reference decodes
 * list them); null when there are none to show. */
static void write_counts_sorted(sg_jw *w, const sg_app_fit_counts *c)
{
    const sg_app_fit_count **order = malloc((c->n ? c->n : 1) * sizeof *order);
    if (!order) {
        sg_jw_null(w);
        return;
    }
    for (size_t i = 0; i < c->n; i++)
        order[i] = &c->v[i];
    /* a stable order for equal names is not needed: names are unique */
    qsort(order, c->n, sizeof *order, by_name);
    sg_jw_obj_begin(w);
    for (size_t i = 0; i < c->n; i++)
        sg_jw_kint(w, order[i]->name, (long long)order[i]->count);
    sg_jw_obj_end(w);
    free(order);
}

static void err_text(const sg_err *e, char *b, size_t cap)
{
    if (e->offset >= 0)
        snprintf(b, cap, "offset %lld: %s", e->offset, e->msg);
    else
        snprintf(b, cap, "%s", e->msg);
}

/* "errors": [the first damage] or []. */
static void write_errors(sg_jw *w, const sg_err *e)
{
    sg_jw_key(w, "errors");
    sg_jw_arr_begin(w);
    if (e) {
        char b[320];
        err_text(e, b, sizeof b);
        sg_jw_str(w, b);
    }
    sg_jw_arr_end(w);
}

void sg_decode_jsonl_tail(sg_jw *w, size_t records, const sg_app_fit_counts *counts, int rc,
                          const sg_err *err)
{
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "t", "summary");
    sg_jw_kint(w, "records", (long long)records);
    sg_jw_key(w, "messages");
    write_counts_sorted(w, counts);
    write_errors(w, rc ? err : NULL);
    sg_jw_kbool(w, "ok", rc == SG_OK);
    sg_jw_obj_end(w);
    sg_jw_newline(w);
}

/* ---- --summary / --json ---- */

static const char *alt_source_name(sg_alt_source a)
{
    switch (a) {
    case SG_ALT_BAROMETRIC: return "barometric";
    case SG_ALT_GPS: return "gps";
    case SG_ALT_CORRECTED: return "corrected";
    default: return "unknown";
    }
}

static void fmt_time(double t, bool relative, char *b, size_t cap)
{
    if (isnan(t)) {
        snprintf(b, cap, "-");
        return;
    }
    if (relative) {
        snprintf(b, cap, "+%.0f s (device time)", t);
        return;
    }
    time_t u = (time_t)t;
    struct tm tm;
    gmtime_r(&u, &tm);
    strftime(b, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static void json_totals(sg_jw *w, const sg_totals *t)
{
    sg_jw_knum(w, "start_time", t->start_time);
    sg_jw_knum(w, "elapsed_s", t->elapsed_s);
    sg_jw_knum(w, "timer_s", t->timer_s);
    sg_jw_knum(w, "distance_m", t->distance_m);
    sg_jw_knum(w, "ascent_m", t->ascent_m);
    sg_jw_knum(w, "descent_m", t->descent_m);
    sg_jw_knum(w, "avg_hr", t->avg_hr);
    sg_jw_knum(w, "max_hr", t->max_hr);
    sg_jw_knum(w, "avg_cadence", t->avg_cadence);
    sg_jw_knum(w, "avg_speed", t->avg_speed);
    sg_jw_knum(w, "calories", t->calories);
}

/* device, sport, times, altitude source, channels */
static void summary_json_head(sg_jw *w, const sg_activity *act)
{
    sg_jw_key(w, "device");
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "manufacturer", act->device.manufacturer);
    sg_jw_kstr(w, "product", act->device.product);
    sg_jw_kstr(w, "serial", act->device.serial);
    sg_jw_kstr(w, "software", act->device.software);
    sg_jw_obj_end(w);
    sg_jw_kstr(w, "sport", sg_sport_name(act->sport));
    sg_jw_kstr(w, "sub_sport", sg_sub_sport_name(act->sub_sport));
    sg_jw_kbool(w, "time_relative", act->time_relative);
    sg_jw_knum(w, "start_time", sg_activity_start_time(act));
    sg_jw_knum(w, "end_time", sg_activity_end_time(act));
    sg_jw_kstr(w, "altitude_source", alt_source_name(act->alt_source));
    sg_jw_key(w, "channels");
    sg_jw_arr_begin(w);
    for (int ch = 0; ch < SG_CH_COUNT; ch++)
        if (sg_activity_has(act, (sg_channel)ch))
            sg_jw_str(w, sg_channel_name((sg_channel)ch));
    sg_jw_arr_end(w);
}

void sg_decode_summary_json(sg_jw *w, const char *file, size_t bytes,
                            const sg_app_decode_summary *s)
{
    const sg_activity *act = s->act;
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "file", file);
    sg_jw_kint(w, "bytes", (long long)bytes);
    sg_jw_kint(w, "sections", (long long)s->sections);
    sg_jw_kint(w, "records", (long long)act->n);
    summary_json_head(w, act);
    sg_jw_key(w, "sessions");
    sg_jw_arr_begin(w);
    for (size_t k = 0; k < act->n_sessions; k++) {
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "sport", act->sessions[k].fit_sport >= 0 ? s->session_sport[k] : NULL);
        sg_jw_kstr(w, "sub_sport",
                   act->sessions[k].fit_sub_sport >= 0 ? s->session_sub_sport[k] : NULL);
        json_totals(w, &act->sessions[k].totals);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_kint(w, "laps", (long long)act->n_laps);
    sg_jw_key(w, "developer_fields");
    sg_jw_arr_begin(w);
    for (size_t k = 0; k < act->n_dev; k++) {
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "name", act->dev[k].name);
        sg_jw_kstr(w, "units", act->dev[k].units);
        sg_jw_kstr(w, "app_id", act->dev[k].app_id);
        sg_jw_obj_end(w);
    }
    sg_jw_arr_end(w);
    sg_jw_kint(w, "accelerometer_samples", (long long)act->accel.n);
    sg_jw_kint(w, "gyroscope_samples", (long long)act->gyro.n);
    sg_jw_key(w, "messages");
    if (s->have_counts)
        write_counts_sorted(w, &s->counts);
    else
        sg_jw_null(w);
    write_errors(w, s->errors ? &s->first_error : NULL);
    sg_jw_kbool(w, "ok", s->errors == 0);
    /* seconds of records past the session's end (docs/formats.md
     * "Late sessions"); null when the session covers them */
    sg_jw_key(w, "late_session_s");
    if (s->late_session_s > 0)
        sg_jw_num(w, s->late_session_s);
    else
        sg_jw_null(w);
    sg_jw_obj_end(w);
    sg_jw_newline(w);
}

static void text_sessions(FILE *f, const sg_app_decode_summary *s, bool metric)
{
    const sg_activity *act = s->act;
    for (size_t k = 0; k < act->n_sessions; k++) {
        const sg_totals *t = &act->sessions[k].totals;
        const char *fs = s->session_sport[k];
        char dist[32], el[32], tm[32], hr[32], mhr[32], up[32], kc[32];
        fprintf(f, "session %zu: %s, %s in %s (timer %s), avg HR %s, max HR %s, ascent %s, %s\n",
                k + 1, fs ? fs : "?", sg_fmt_distance(dist, sizeof dist, t->distance_m, !metric, 2),
                sg_fmt_duration(el, sizeof el, t->elapsed_s),
                sg_fmt_duration(tm, sizeof tm, t->timer_s),
                sg_fmt_num(hr, sizeof hr, t->avg_hr, 0, NULL),
                sg_fmt_num(mhr, sizeof mhr, t->max_hr, 0, NULL),
                sg_fmt_elevation(up, sizeof up, t->ascent_m, !metric),
                sg_fmt_num(kc, sizeof kc, t->calories, 0, " kcal"));
    }
}

/* laps, the late-session note, developer fields, motion samples, counts */
static void text_tail(FILE *f, const sg_app_decode_summary *s)
{
    const sg_activity *act = s->act;
    fprintf(f, "laps:      %zu\n", act->n_laps);
    if (s->late_session_s > 0) {
        char late[32];
        fprintf(f, "note:      the records run %s past the session's end (session written "
                   "before the final lap): strideguard uses the records\n",
                sg_fmt_duration(late, sizeof late, s->late_session_s));
    }
    if (act->n_dev) {
        fprintf(f, "developer:");
        for (size_t k = 0; k < act->n_dev; k++)
            fprintf(f, "%s %s%s%s%s", k ? "," : "", act->dev[k].name,
                    act->dev[k].units ? " [" : "", act->dev[k].units ? act->dev[k].units : "",
                    act->dev[k].units ? "]" : "");
        fprintf(f, "\n");
    }
    if (act->accel.n || act->gyro.n)
        fprintf(f, "motion:    %zu accelerometer, %zu gyroscope samples\n", act->accel.n,
                act->gyro.n);
    if (s->have_counts) {
        fprintf(f, "messages: ");
        for (size_t i = 0; i < s->counts.n; i++)
            fprintf(f, " %s=%zu", s->counts.v[i].name, s->counts.v[i].count);
        fprintf(f, "\n");
    }
}

void sg_decode_summary_text(FILE *f, const char *file, size_t bytes,
                            const sg_app_decode_summary *s, bool metric)
{
    const sg_activity *act = s->act;
    char t0[64], t1[64];
    fprintf(f, "file:      %s (%zu bytes, %zu FIT section%s)\n", file, bytes, s->sections,
            s->sections == 1 ? "" : "s");
    fprintf(f, "device:    %s %s", act->device.manufacturer ? act->device.manufacturer : "?",
            act->device.product ? act->device.product : "?");
    if (act->device.serial)
        fprintf(f, ", serial %s", act->device.serial);
    if (act->device.software)
        fprintf(f, ", software %s", act->device.software);
    fprintf(f, "\nsport:     %s", sg_sport_name(act->sport));
    if (act->sub_sport != SG_SUB_NONE)
        fprintf(f, " / %s", sg_sub_sport_name(act->sub_sport));
    fmt_time(sg_activity_start_time(act), act->time_relative, t0, sizeof t0);
    fmt_time(sg_activity_end_time(act), act->time_relative, t1, sizeof t1);
    fprintf(f, "\nrecords:   %zu, %s .. %s\n", act->n, t0, t1);
    fprintf(f, "channels: ");
    for (int ch = 0; ch < SG_CH_COUNT; ch++)
        if (sg_activity_has(act, (sg_channel)ch))
            fprintf(f, " %s", sg_channel_name((sg_channel)ch));
    fprintf(f, "\naltitude:  %s\n", alt_source_name(act->alt_source));
    text_sessions(f, s, metric);
    text_tail(f, s);
}

/* ---- --stats ---- */

void sg_decode_stat_write(sg_jw *w, FILE *f, bool json, const sg_app_decode_stat *s)
{
    if (json) {
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "file", s->file);
        sg_jw_kint(w, "bytes", (long long)s->bytes);
        sg_jw_kint(w, "records", (long long)s->records);
        sg_jw_kint(w, "messages", (long long)s->messages);
        sg_jw_kint(w, "errors", (long long)s->errors);
        sg_jw_obj_end(w);
        sg_jw_newline(w);
    } else {
        fprintf(f, "%s: bytes=%zu records=%zu messages=%zu errors=%zu\n", s->file, s->bytes,
                s->records, s->messages, s->errors);
    }
}

void sg_decode_totals_write(sg_jw *w, FILE *f, bool json, const sg_app_decode_totals *t,
                            int repeat)
{
    double mb = (double)t->bytes / 1e6, first_s = t->decode_s, best_s = t->warm_decode_s;
    double recs = (double)t->records;
    if (json) {
        sg_jw_obj_begin(w);
        sg_jw_kstr(w, "file", "total");
        sg_jw_kint(w, "files", (long long)t->files);
        sg_jw_kint(w, "bytes", (long long)t->bytes);
        sg_jw_kint(w, "records", (long long)t->records);
        sg_jw_knum(w, "decode_s", first_s);
        sg_jw_knumf(w, "mb_per_s", first_s > 0 ? mb / first_s : NAN, 1);
        sg_jw_knumf(w, "records_per_s", first_s > 0 ? recs / first_s : NAN, 0);
        if (repeat > 1) {
            sg_jw_knum(w, "warm_decode_s", best_s);
            sg_jw_knumf(w, "warm_mb_per_s", best_s > 0 ? mb / best_s : NAN, 1);
            sg_jw_knumf(w, "warm_records_per_s", best_s > 0 ? recs / best_s : NAN, 0);
        }
        sg_jw_obj_end(w);
        sg_jw_newline(w);
        return;
    }
    fprintf(f, "total: files=%zu bytes=%zu records=%zu decode_s=%.6f MB/s=%.1f records/s=%.0f",
            t->files, t->bytes, t->records, first_s, first_s > 0 ? mb / first_s : NAN,
            first_s > 0 ? recs / first_s : NAN);
    if (repeat > 1)
        fprintf(f, " warm_decode_s=%.6f warm_MB/s=%.1f warm_records/s=%.0f", best_s,
                best_s > 0 ? mb / best_s : NAN, best_s > 0 ? recs / best_s : NAN);
    fprintf(f, "\n");
}
