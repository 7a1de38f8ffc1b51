/* `strideguard decode`: what a FIT file says.
 *
 *   decode FILE --jsonl        the interop view (docs/formats.md "FIT"): one JSON
 *                              line per record in FIT profile units, comparable
 *                              line by line with the reference decodes
 *   decode FILE [--summary]    a human overview (device, sport, totals, counts)
 *   decode FILE --json         the same overview as one JSON object
 *   decode --stats [--json] [--repeat N] FILE...
 *                              decode every file into the activity model in one
 *                              process and print one line per file (what bench/
 *                              times)
 *
 * The --jsonl view talks to the streaming reader (formats/fit_stream.h)
 * directly because it must show the file's own fields and units, which the
 * activity model has already converted; everything else goes through
 * sg_fit_decode. Damage prints "strideguard: FILE: offset N: cause" on stderr
 * and the command exits 1, after printing what was decoded before it. */
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bytes/file.h"
#include "cli/cli.h"
#include "formats/fit_profile.h"
#include "formats/fit_stream.h"
#include "render/format.h"
#include "model/jsonw.h"
#include "strideguard/fit.h"

static void usage(FILE *f)
{
    fputs("usage: strideguard decode FILE [--summary | --jsonl | --json]\n"
          "       strideguard decode --stats [--json] [--repeat N] FILE...\n",
          f);
}

/* ---- --jsonl ------------------------------------------------------------- */

typedef struct jl_ctx {
    sg_jw *w;
    size_t i;
} jl_ctx;

static void write_fit_time(sg_jw *w, double t)
{
    if (isnan(t)) {
        sg_jw_null(w);
        return;
    }
    if (t < SG_FIT_DATE_TIME_MIN) {
        sg_jw_int(w, (long long)t);
        return;
    }
    time_t u = (time_t)(t + SG_FIT_EPOCH_UNIX);
    struct tm tm;
    char b[40];
    gmtime_r(&u, &tm);
    strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    sg_jw_str(w, b);
}

static void write_dev_value(sg_jw *w, const sg_fit_view *v)
{
    if ((v->base_type & SG_FIT_BT_NUM_MASK) == (SG_FIT_BT_STRING & SG_FIT_BT_NUM_MASK)) {
        char b[256];
        if (sg_fit_view_str(v, b, sizeof b))
            sg_jw_str(w, b);
        else
            sg_jw_null(w);
        return;
    }
    size_t n = sg_fit_view_count(v);
    double x;
    if ((v->base_type & SG_FIT_BT_NUM_MASK) == (SG_FIT_BT_BYTE & SG_FIT_BT_NUM_MASK)) {
        if (sg_fit_view_invalid(v)) {
            sg_jw_null(w);
            return;
        }
        sg_jw_arr_begin(w);
        for (size_t k = 0; k < v->size; k++)
            sg_jw_int(w, v->p[k]);
        sg_jw_arr_end(w);
        return;
    }
    if (n == 1) {
        if (sg_fit_view_num(v, 0, &x))
            sg_jw_num(w, x);
        else
            sg_jw_null(w);
        return;
    }
    if (sg_fit_view_invalid(v)) {
        sg_jw_null(w);
        return;
    }
    sg_jw_arr_begin(w);
    for (size_t k = 0; k < n; k++) {
        if (sg_fit_view_num(v, k, &x))
            sg_jw_num(w, x);
        else
            sg_jw_null(w);
    }
    sg_jw_arr_end(w);
}

static int jl_msg(void *vctx, const sg_fit_msg *m, sg_err *err)
{
    (void)err;
    jl_ctx *c = vctx;
    if (m->global != SG_FIT_MESG_RECORD)
        return SG_OK;
    static const struct {
        const char *key;
        int slot;
    } cols[] = {
        {"lat_deg", SG_FIT_R_LAT},
        {"lon_deg", SG_FIT_R_LON},
        {"distance_m", SG_FIT_R_DISTANCE},
        {"enhanced_altitude_m", SG_FIT_R_ALTITUDE},
        {"enhanced_speed_mps", SG_FIT_R_SPEED},
        {"heart_rate_bpm", SG_FIT_R_HEART_RATE},
        {"cadence", SG_FIT_R_CADENCE},
        {"fractional_cadence", SG_FIT_R_FRACTIONAL_CADENCE},
        {"vertical_oscillation_mm", SG_FIT_R_VERTICAL_OSCILLATION},
        {"stance_time_ms", SG_FIT_R_STANCE_TIME},
        {"stance_time_balance_pct", SG_FIT_R_STANCE_TIME_BALANCE},
        {"vertical_ratio_pct", SG_FIT_R_VERTICAL_RATIO},
        {"step_length_mm", SG_FIT_R_STEP_LENGTH},
    };
    sg_jw *w = c->w;
    sg_jw_obj_begin(w);
    sg_jw_kstr(w, "t", "record");
    sg_jw_kint(w, "i", (long long)c->i++);
    sg_jw_key(w, "timestamp");
    write_fit_time(w, m->rec[SG_FIT_R_TIMESTAMP]);
    for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
        sg_jw_knum(w, cols[k].key, m->rec[cols[k].slot]);
    size_t nd = sg_fit_msg_ndev(m);
    sg_jw_key(w, "developer");
    if (nd == 0) {
        sg_jw_null(w);
    } else {
        sg_jw_obj_begin(w);
        for (size_t k = 0; k < nd; k++) {
            sg_fit_view v;
            const sg_fit_devdesc *d = sg_fit_msg_dev(m, k, &v);
            if (!d)
                continue;
            sg_jw_key(w, d->name);
            write_dev_value(w, &v);
        }
        sg_jw_obj_end(w);
    }
    sg_jw_obj_end(w);
    sg_jw_newline(w);
    return sg_jw_error(w) ? SG_EIO : SG_OK;
}

static void write_counts_sorted(sg_jw *w, const sg_fit_stream *s)
{
    /* Names sorted as text, as the reference decodes list them. */
    enum { MAXN = 1024 + 64 };
    char names[MAXN][24];
    const char *ptr[MAXN];
    size_t cnt[MAXN];
    size_t n = 0, cursor = 0, count;
    unsigned g;
    while (n < MAXN && sg_fit_stream_next_count(s, &cursor, &g, &count)) {
        const char *nm = sg_fit_mesg_name(g);
        if (nm)
            snprintf(names[n], sizeof names[n], "%s", nm);
        else
            snprintf(names[n], sizeof names[n], "unknown_%u", g);
        cnt[n] = count;
        ptr[n] = names[n];
        n++;
    }
    /* insertion sort of indices by name: n is a few dozen */
    size_t order[MAXN];
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++) {
        size_t k = order[i], j = i;
        while (j > 0 && strcmp(ptr[order[j - 1]], ptr[k]) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
    sg_jw_obj_begin(w);
    for (size_t i = 0; i < n; i++)
        sg_jw_kint(w, ptr[order[i]], (long long)cnt[order[i]]);
    sg_jw_obj_end(w);
}

static void err_text(const sg_err *e, char *b, size_t cap)
{
    if (e->offset >= 0)
        snprintf(b, cap, "offset %lld: %s", e->offset, e->msg);
    else
        snprintf(b, cap, "%s", e->msg);
}

/* The whole file at path into *buf (sg_free) and *len; prints the error. */
static int read_input(const char *path, unsigned char **buf, size_t *len)
{
    sg_err err;
    sg_err_clear(&err);
    if (sg_file_read(NULL, path, 0, buf, len, &err)) {
        sg_cli_error(path, &err);
        return 0;
    }
    return 1;
}

static int do_jsonl(const char *path)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    if (!read_input(path, &buf, &len))
        return SG_EXIT_FAIL;
    sg_err err;
    sg_err_clear(&err);
    int rc;
    sg_fit_stream *s = sg_fit_stream_new(NULL);
    if (!s) {
        sg_free(NULL, buf);
        sg_cli_errorf("%s: out of memory", path);
        return SG_EXIT_FAIL;
    }
    sg_jw w;
    sg_jw_init_file(&w, stdout, 0);
    sg_jw_obj_begin(&w);
    sg_jw_kstr(&w, "t", "file");
    sg_jw_kstr(&w, "file", sg_path_basename(path));
    sg_jw_kint(&w, "bytes", (long long)len);
    sg_jw_kstr(&w, "decoder", "strideguard " SG_VERSION);
    sg_jw_obj_end(&w);
    sg_jw_newline(&w);
    jl_ctx c = {&w, 0};
    sg_fit_report rep;
    if (!sg_fit_sniff(buf, len)) {
        memset(&rep, 0, sizeof rep);
        rc = sg_err_set(&err, SG_EFORMAT, 0, "not a FIT file (no .FIT header)");
        rep.errors = 1;
    } else {
        rc = sg_fit_stream_run(s, buf, len, jl_msg, &c, &rep, &err);
    }
    sg_jw_obj_begin(&w);
    sg_jw_kstr(&w, "t", "summary");
    sg_jw_kint(&w, "records", (long long)c.i);
    sg_jw_key(&w, "messages");
    write_counts_sorted(&w, s);
    sg_jw_key(&w, "errors");
    sg_jw_arr_begin(&w);
    if (rc) {
        char b[320];
        err_text(&err, b, sizeof b);
        sg_jw_str(&w, b);
    }
    sg_jw_arr_end(&w);
    sg_jw_kbool(&w, "ok", rc == SG_OK);
    sg_jw_obj_end(&w);
    sg_jw_newline(&w);
    fflush(stdout);
    if (rc)
        sg_cli_error(path, &err);
    sg_fit_stream_free(s);
    sg_free(NULL, buf);
    return rc ? SG_EXIT_FAIL : SG_EXIT_OK;
}

/* ---- --summary / --json --------------------------------------------------- */

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

/* decode --summary --json: the file, device, sport, channels, sessions,
 * developer fields, motion samples, message counts (s may be NULL) and the
 * first error. */
static void summary_json(const char *path, size_t len, const sg_activity *act,
                         const sg_fit_report *rep, const sg_fit_stream *s)
{
    sg_jw w;
    sg_jw_init_file(&w, stdout, 2);
    sg_jw_obj_begin(&w);
    sg_jw_kstr(&w, "file", sg_path_basename(path));
    sg_jw_kint(&w, "bytes", (long long)len);
    sg_jw_kint(&w, "sections", (long long)rep->sections);
    sg_jw_kint(&w, "records", (long long)act->n);
    sg_jw_key(&w, "device");
    sg_jw_obj_begin(&w);
    sg_jw_kstr(&w, "manufacturer", act->device.manufacturer);
    sg_jw_kstr(&w, "product", act->device.product);
    sg_jw_kstr(&w, "serial", act->device.serial);
    sg_jw_kstr(&w, "software", act->device.software);
    sg_jw_obj_end(&w);
    sg_jw_kstr(&w, "sport", sg_sport_name(act->sport));
    sg_jw_kstr(&w, "sub_sport", sg_sub_sport_name(act->sub_sport));
    sg_jw_kbool(&w, "time_relative", act->time_relative);
    sg_jw_knum(&w, "start_time", sg_activity_start_time(act));
    sg_jw_knum(&w, "end_time", sg_activity_end_time(act));
    sg_jw_kstr(&w, "altitude_source", alt_source_name(act->alt_source));
    sg_jw_key(&w, "channels");
    sg_jw_arr_begin(&w);
    for (int ch = 0; ch < SG_CH_COUNT; ch++)
        if (sg_activity_has(act, (sg_channel)ch))
            sg_jw_str(&w, sg_channel_name((sg_channel)ch));
    sg_jw_arr_end(&w);
    sg_jw_key(&w, "sessions");
    sg_jw_arr_begin(&w);
    for (size_t k = 0; k < act->n_sessions; k++) {
        sg_jw_obj_begin(&w);
        const char *fs = sg_fit_sport_name((unsigned)act->sessions[k].fit_sport);
        const char *fss = sg_fit_sub_sport_name((unsigned)act->sessions[k].fit_sub_sport);
        sg_jw_kstr(&w, "sport", act->sessions[k].fit_sport >= 0 ? fs : NULL);
        sg_jw_kstr(&w, "sub_sport", act->sessions[k].fit_sub_sport >= 0 ? fss : NULL);
        json_totals(&w, &act->sessions[k].totals);
        sg_jw_obj_end(&w);
    }
    sg_jw_arr_end(&w);
    sg_jw_kint(&w, "laps", (long long)act->n_laps);
    sg_jw_key(&w, "developer_fields");
    sg_jw_arr_begin(&w);
    for (size_t k = 0; k < act->n_dev; k++) {
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "name", act->dev[k].name);
        sg_jw_kstr(&w, "units", act->dev[k].units);
        sg_jw_kstr(&w, "app_id", act->dev[k].app_id);
        sg_jw_obj_end(&w);
    }
    sg_jw_arr_end(&w);
    sg_jw_kint(&w, "accelerometer_samples", (long long)act->accel.n);
    sg_jw_kint(&w, "gyroscope_samples", (long long)act->gyro.n);
    sg_jw_key(&w, "messages");
    if (s)
        write_counts_sorted(&w, s);
    else
        sg_jw_null(&w);
    sg_jw_key(&w, "errors");
    sg_jw_arr_begin(&w);
    if (rep->errors) {
        char b[320];
        err_text(&rep->first_error, b, sizeof b);
        sg_jw_str(&w, b);
    }
    sg_jw_arr_end(&w);
    sg_jw_kbool(&w, "ok", rep->errors == 0);
    /* seconds of records past the session's end (docs/formats.md
     * "Late sessions"); null when the session covers them */
    sg_jw_key(&w, "late_session_s");
    if (rep->late_session_s > 0)
        sg_jw_num(&w, rep->late_session_s);
    else
        sg_jw_null(&w);
    sg_jw_obj_end(&w);
    sg_jw_newline(&w);
}

/* decode --summary as text, the same facts for a terminal. */
static void summary_text(const char *path, size_t len, const sg_activity *act,
                         const sg_fit_report *rep, const sg_fit_stream *s, bool metric)
{
    char t0[64], t1[64];
    printf("file:      %s (%zu bytes, %zu FIT section%s)\n", sg_path_basename(path), len,
           rep->sections, rep->sections == 1 ? "" : "s");
    printf("device:    %s %s", act->device.manufacturer ? act->device.manufacturer : "?",
           act->device.product ? act->device.product : "?");
    if (act->device.serial)
        printf(", serial %s", act->device.serial);
    if (act->device.software)
        printf(", software %s", act->device.software);
    printf("\nsport:     %s", sg_sport_name(act->sport));
    if (act->sub_sport != SG_SUB_NONE)
        printf(" / %s", sg_sub_sport_name(act->sub_sport));
    fmt_time(sg_activity_start_time(act), act->time_relative, t0, sizeof t0);
    fmt_time(sg_activity_end_time(act), act->time_relative, t1, sizeof t1);
    printf("\nrecords:   %zu, %s .. %s\n", act->n, t0, t1);
    printf("channels: ");
    for (int ch = 0; ch < SG_CH_COUNT; ch++)
        if (sg_activity_has(act, (sg_channel)ch))
            printf(" %s", sg_channel_name((sg_channel)ch));
    printf("\naltitude:  %s\n", alt_source_name(act->alt_source));
    for (size_t k = 0; k < act->n_sessions; k++) {
        const sg_session *se = &act->sessions[k];
        const sg_totals *t = &se->totals;
        const char *fs = sg_fit_sport_name((unsigned)se->fit_sport);
        char dist[32], el[32], tm[32], hr[32], mhr[32], up[32], kc[32];
        printf("session %zu: %s, %s in %s (timer %s), avg HR %s, max HR %s, ascent %s, %s\n",
               k + 1, fs ? fs : "?", sg_fmt_distance(dist, sizeof dist, t->distance_m, !metric, 2),
               sg_fmt_duration(el, sizeof el, t->elapsed_s),
               sg_fmt_duration(tm, sizeof tm, t->timer_s),
               sg_fmt_num(hr, sizeof hr, t->avg_hr, 0, NULL),
               sg_fmt_num(mhr, sizeof mhr, t->max_hr, 0, NULL),
               sg_fmt_elevation(up, sizeof up, t->ascent_m, !metric),
               sg_fmt_num(kc, sizeof kc, t->calories, 0, " kcal"));
    }
    printf("laps:      %zu\n", act->n_laps);
    if (rep->late_session_s > 0) {
        char late[32];
        printf("note:      the records run %s past the session's end (session written "
               "before the final lap): strideguard uses the records\n",
               sg_fmt_duration(late, sizeof late, rep->late_session_s));
    }
    if (act->n_dev) {
        printf("developer:");
        for (size_t k = 0; k < act->n_dev; k++)
            printf("%s %s%s%s%s", k ? "," : "", act->dev[k].name,
                   act->dev[k].units ? " [" : "", act->dev[k].units ? act->dev[k].units : "",
                   act->dev[k].units ? "]" : "");
        printf("\n");
    }
    if (act->accel.n || act->gyro.n)
        printf("motion:    %zu accelerometer, %zu gyroscope samples\n", act->accel.n,
               act->gyro.n);
    if (s) {
        printf("messages: ");
        size_t cursor = 0, count;
        unsigned g;
        while (sg_fit_stream_next_count(s, &cursor, &g, &count)) {
            const char *nm = sg_fit_mesg_name(g);
            if (nm)
                printf(" %s=%zu", nm, count);
            else
                printf(" unknown_%u=%zu", g, count);
        }
        printf("\n");
    }
}

static int do_summary(const char *path, bool json, const sg_cli_ctx *ctx)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    if (!read_input(path, &buf, &len))
        return SG_EXIT_FAIL;
    sg_err err;
    sg_err_clear(&err);
    int rc;
    sg_activity *act = NULL;
    sg_fit_report rep;
    rc = sg_fit_decode(buf, len, NULL, &act, &rep, &err);
    /* message counts by name come from a second, callback-free pass: cheap,
     * and it keeps sg_fit_decode's interface small */
    sg_fit_stream *s = sg_fit_stream_new(NULL);
    if (s)
        sg_fit_stream_run(s, buf, len, NULL, NULL, NULL, NULL);
    if (rc) {
        sg_cli_error(path, &err);
        sg_fit_stream_free(s);
        sg_free(NULL, buf);
        return SG_EXIT_FAIL;
    }
    if (json)
        summary_json(path, len, act, &rep, s);
    else
        summary_text(path, len, act, &rep, s, ctx->units == SG_UNITS_METRIC);
    if (rep.errors)
        sg_cli_error(path, &rep.first_error);
    sg_activity_free(act);
    sg_fit_stream_free(s);
    sg_free(NULL, buf);
    return rep.errors ? SG_EXIT_FAIL : SG_EXIT_OK;
}

/* ---- --stats --------------------------------------------------------------- */

/* CPU time of this process: on a shared machine wall time mostly measures
 * the neighbours. Page faults count (as system time). */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Decodes every file `repeat` times in this one process. Per-file lines
 * come from the first pass; the total reports the first pass and, when
 * repeat > 1, the fastest later pass too (memory already faulted in, as in
 * a long-running import). Files are read before the clock starts. */
static int do_stats(int nfiles, char **files, bool json, int repeat)
{
    /* Every file is read and decoded into one arena that is reset between
     * files: fresh page faults for each file's columns otherwise cost more
     * than decoding them (docs/performance.md). The arena reserves address
     * space only; a file that does not fit falls back to malloc. */
    sg_arena arena;
    bool have_arena = sg_arena_init(&arena, (size_t)4 << 30) == SG_OK;
    int status = SG_EXIT_OK;
    size_t tot_bytes = 0, tot_records = 0, tot_files = 0;
    double first_s = 0, best_s = NAN;
    sg_jw w;
    sg_jw_init_file(&w, stdout, 0);
    for (int pass = 0; pass < repeat; pass++) {
        double pass_s = 0;
        for (int i = 0; i < nfiles; i++) {
            unsigned char *buf = NULL;
            size_t len = 0;
            sg_err err;
            sg_err_clear(&err);
            const sg_allocator *al = have_arena ? &arena.base : NULL;
            if (have_arena)
                sg_arena_reset(&arena);
            int rc = sg_file_read(al, files[i], 0, &buf, &len, &err);
            if (rc == SG_ENOMEM && have_arena) { /* larger than the arena */
                al = NULL;
                sg_err_clear(&err);
                rc = sg_file_read(NULL, files[i], 0, &buf, &len, &err);
            }
            sg_fit_report rep;
            memset(&rep, 0, sizeof rep);
            sg_activity *act = NULL;
            if (!rc) {
                double t0 = now_s();
                rc = sg_fit_decode(buf, len, al, &act, &rep, &err);
                pass_s += now_s() - t0;
            }
            if (pass > 0) {
                sg_activity_free(act);
                sg_free(al, buf);
                continue;
            }
            if (rc || rep.errors) {
                sg_cli_error(files[i], rc ? &err : &rep.first_error);
                status = SG_EXIT_FAIL;
            }
            tot_files++;
            tot_bytes += len;
            tot_records += act ? act->n : 0;
            if (json) {
                sg_jw_obj_begin(&w);
                sg_jw_kstr(&w, "file", files[i]);
                sg_jw_kint(&w, "bytes", (long long)len);
                sg_jw_kint(&w, "records", (long long)(act ? act->n : 0));
                sg_jw_kint(&w, "messages", (long long)rep.messages);
                sg_jw_kint(&w, "errors", (long long)(rc ? 1 : rep.errors));
                sg_jw_obj_end(&w);
                sg_jw_newline(&w);
            } else {
                printf("%s: bytes=%zu records=%zu messages=%zu errors=%zu\n", files[i], len,
                       act ? act->n : 0, rep.messages, rc ? (size_t)1 : rep.errors);
            }
            sg_activity_free(act);
            sg_free(al, buf);
        }
        if (pass == 0)
            first_s = pass_s;
        else if (isnan(best_s) || pass_s < best_s)
            best_s = pass_s;
    }
    double mb = (double)tot_bytes / 1e6;
    if (json) {
        sg_jw_obj_begin(&w);
        sg_jw_kstr(&w, "file", "total");
        sg_jw_kint(&w, "files", (long long)tot_files);
        sg_jw_kint(&w, "bytes", (long long)tot_bytes);
        sg_jw_kint(&w, "records", (long long)tot_records);
        sg_jw_knum(&w, "decode_s", first_s);
        sg_jw_knumf(&w, "mb_per_s", first_s > 0 ? mb / first_s : NAN, 1);
        sg_jw_knumf(&w, "records_per_s", first_s > 0 ? (double)tot_records / first_s : NAN, 0);
        if (repeat > 1) {
            sg_jw_knum(&w, "warm_decode_s", best_s);
            sg_jw_knumf(&w, "warm_mb_per_s", best_s > 0 ? mb / best_s : NAN, 1);
            sg_jw_knumf(&w, "warm_records_per_s",
                        best_s > 0 ? (double)tot_records / best_s : NAN, 0);
        }
        sg_jw_obj_end(&w);
        sg_jw_newline(&w);
    } else {
        printf("total: files=%zu bytes=%zu records=%zu decode_s=%.6f MB/s=%.1f records/s=%.0f",
               tot_files, tot_bytes, tot_records, first_s, first_s > 0 ? mb / first_s : NAN,
               first_s > 0 ? (double)tot_records / first_s : NAN);
        if (repeat > 1)
            printf(" warm_decode_s=%.6f warm_MB/s=%.1f warm_records/s=%.0f", best_s,
                   best_s > 0 ? mb / best_s : NAN,
                   best_s > 0 ? (double)tot_records / best_s : NAN);
        printf("\n");
    }
    if (have_arena)
        sg_arena_destroy(&arena);
    return status;
}

int sg_cmd_decode(int argc, char **argv, const sg_cli_ctx *ctx)
{
    bool jsonl = false, json = false, stats = false, summary = false;
    int first_file = -1, nfiles = 0, repeat = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--jsonl") == 0)
            jsonl = true;
        else if (strcmp(a, "--json") == 0)
            json = true;
        else if (strcmp(a, "--stats") == 0)
            stats = true;
        else if (strcmp(a, "--summary") == 0)
            summary = true;
        else if (strcmp(a, "--repeat") == 0 && i + 1 < argc) {
            char *end;
            long r = strtol(argv[++i], &end, 10);
            if (*end || r < 1 || r > 1000) {
                sg_cli_errorf("decode: --repeat takes 1..1000");
                return SG_EXIT_USAGE;
            }
            repeat = (int)r;
        }
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return SG_EXIT_OK;
        } else if (a[0] == '-' && a[1] != '\0') {
            sg_cli_errorf("decode: unknown option '%s'", a);
            usage(stderr);
            return SG_EXIT_USAGE;
        } else {
            /* files are collected in place: move them to the front */
            argv[1 + nfiles++] = argv[i];
            if (first_file < 0)
                first_file = 1;
        }
    }
    if (nfiles == 0 || (jsonl + summary + stats) > 1 || (jsonl && json)) {
        usage(stderr);
        return SG_EXIT_USAGE;
    }
    if (stats)
        return do_stats(nfiles, argv + 1, json, repeat);
    if (nfiles != 1) {
        sg_cli_errorf("decode: one FILE at a time (use --stats for several)");
        return SG_EXIT_USAGE;
    }
    if (jsonl)
        return do_jsonl(argv[1]);
    return do_summary(argv[1], json, ctx);
}
