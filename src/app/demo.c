/* The demo block generator (src/app/demo.h). */
#include "app/demo.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include "app/athlete.h"
#include "app/course.h"
#include "app/journal.h"
#include "app/report.h"
#include "app/runs.h"
#include "sim/sim_trunk.h"
#include "bytes/sha256.h"
#include "bytes/file.h"
#include "model/jsonw.h"
#include "strideguard/fit.h"
#include "strideguard/gpx_write.h"

void sg_demo_opts_init(sg_demo_opts *o)
{
    static const sg_demo_opts d = {
        .seed = 2026, .weeks = 16, .taper = 1, .spike_week = 3, .race = 0, .race_date = NAN,
        .today = NAN,
    };
    *o = d;
}

typedef struct writer {
    const sg_demo_opts *o;
    sg_demo_result *r;
    char last_day[11];
    int same_day;
} writer;

static int write_run(void *ctx, size_t index, sg_activity *act, sg_err *err)
{
    (void)index;
    writer *w = ctx;
    int rc = SG_OK;
    uint8_t *fit = NULL;
    size_t len = 0;
    double start = sg_activity_start_time(act);
    if (!isnan(w->o->today) && start >= w->o->today) {
        w->r->skipped_future++;
        goto out;
    }
    char day[11];
    sg_app_date_format(start, day);
    w->same_day = strcmp(day, w->last_day) == 0 ? w->same_day + 1 : 1;
    memcpy(w->last_day, day, sizeof day);
    char path[4200];
    snprintf(path, sizeof path, "%s/sim-%s-%02d.fit", w->r->fit_dir, day, w->same_day);
    if ((rc = sg_fit_encode(act, NULL, NULL, &fit, &len, err)))
        goto out;
    if ((rc = sg_file_write_atomic(path, fit, len, err)))
        goto out;
    w->r->files++;
out:
    sg_free(NULL, fit);
    sg_activity_free(act);
    return rc;
}

static int write_course(const char *dir, sg_demo_result *r, sg_err *err)
{
    sg_activity *course = NULL;
    char *gpx = NULL;
    size_t len = 0;
    int rc = sg_sim_course(0, NULL, &course, err);
    if (rc)
        goto out;
    sg_gpx_write_opts go = {0};
    go.kind = SG_GPX_ROUTE;
    go.name = "Simulated hilly road marathon (strideguard demo)";
    go.desc = "Simulated course: 42.195 km, about 900 m of climb and descent.";
    if ((rc = sg_gpx_write(course, &go, NULL, &gpx, &len, err)))
        goto out;
    snprintf(r->course_path, sizeof r->course_path, "%s/course.gpx", dir);
    rc = sg_file_write_atomic(r->course_path, gpx, len, err);
out:
    sg_free(NULL, gpx);
    sg_activity_free(course);
    return rc;
}

static int write_planted(const sg_demo_opts *o, sg_demo_result *r, sg_err *err)
{
    const sg_sim_planted *p = &r->planted;
    char d[11];
    sg_jw w;
    sg_jw_init_buf(&w, 0, 2);
    sg_jw_obj_begin(&w);
    sg_jw_kstr(&w, "note", "Simulated data (strideguard demo), not a real runner.");
    sg_jw_kint(&w, "seed", (long long)o->seed);
    sg_jw_kint(&w, "weeks", o->weeks);
    sg_jw_kint(&w, "files", (long long)r->files);
    sg_app_date_format(p->start_date, d);
    sg_jw_kstr(&w, "start_date", d);
    sg_app_date_format(p->race_date, d);
    sg_jw_kstr(&w, "race_date", d);
    if (p->spike_index >= 0) {
        sg_app_date_format(p->spike_start, d);
        sg_jw_kstr(&w, "spike_date", d);
        sg_jw_knum(&w, "spike_start", p->spike_start);
        sg_jw_knum(&w, "spike_distance_m", p->spike_distance_m);
        sg_jw_knum(&w, "spike_baseline_m", p->spike_baseline_m);
        sg_jw_knum(&w, "spike_pct", 100.0 * (p->spike_distance_m / p->spike_baseline_m - 1));
    } else {
        sg_jw_knull(&w, "spike_date");
    }
    sg_jw_kint(&w, "peak_week", p->peak_week);
    sg_jw_kint(&w, "taper_from_week", p->taper_from_week);
    sg_jw_kbool(&w, "taper", o->taper != 0);
    sg_jw_knum(&w, "balance_first_pct", p->balance_first);
    sg_jw_knum(&w, "balance_last_pct", p->balance_last);
    sg_jw_kint(&w, "skipped_future_runs", (long long)r->skipped_future);
    sg_jw_obj_end(&w);
    sg_jw_newline(&w);
    size_t len;
    char *json = sg_jw_take_buf(&w, &len);
    if (!json)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    snprintf(r->planted_path, sizeof r->planted_path, "%s/planted.json", o->dir);
    int rc = sg_file_write_atomic(r->planted_path, json, len, err);
    free(json);
    return rc;
}

int sg_demo_generate(const sg_demo_opts *o, sg_demo_result *r, sg_err *err)
{
    memset(r, 0, sizeof *r);
    int n = snprintf(r->fit_dir, sizeof r->fit_dir, "%s/fit", o->dir);
    if (n < 0 || (size_t)n >= sizeof r->fit_dir - 64)
        return sg_err_set(err, SG_EUSAGE, -1, "output folder path too long");
    int rc = sg_file_mkdir_p(r->fit_dir, err);
    if (rc)
        return rc;
    sg_sim_block_params p;
    sg_sim_block_defaults(&p);
    p.seed = o->seed;
    p.weeks = o->weeks;
    p.taper = o->taper != 0;
    p.spike_week = o->spike_week;
    p.race = o->race != 0;
    p.asymmetry = true;
    if (!isnan(o->race_date)) {
        p.race_date = o->race_date;
        p.start_date = NAN;
    }
    writer w = {o, r, "", 0};
    if ((rc = sg_sim_block_each(&p, NULL, write_run, &w, &r->planted, err)))
        return rc;
    if ((rc = write_course(o->dir, r, err)))
        return rc;
    return write_planted(o, r, err);
}

typedef struct pain_spec {
    int days_ago;
    sg_region region;
    sg_side side;
    int severity;
    sg_timing timing;
    double km;
    int stiffness_min;
    bool changed_run;
    const char *note;
} pain_spec;

static const pain_spec demo_pain[] = {
    {44, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, SG_TIMING_NEXT_MORNING, NAN, 15, false,
     "Simulated demo entry: stiff low back the morning after the long run, loosened by lunch."},
    {30, SG_REGION_SACROILIAC, SG_SIDE_LEFT, 3, SG_TIMING_DURING, 21, -1, false,
     "Simulated demo entry: ache low on the left on the long descent."},
    {30, SG_REGION_SACROILIAC, SG_SIDE_LEFT, 4, SG_TIMING_AFTER, NAN, -1, false,
     "Simulated demo entry: worse after the run than during it."},
    {16, SG_REGION_SACROILIAC, SG_SIDE_LEFT, 3, SG_TIMING_DURING, 26, -1, true,
     "Simulated demo entry: eased the pace on the descents because of it."},
    {9, SG_REGION_LUMBAR, SG_SIDE_CENTRAL, 2, SG_TIMING_NEXT_MORNING, NAN, 20, false,
     "Simulated demo entry: morning stiffness again."},
};

static const char *const demo_prehab[] = {"dead_bug", "side_plank", "single_leg_bridge",
                                          "pallof_press", "bird_dog"};

int sg_demo_journal(sg_store *st, double today, size_t *added, sg_err *err)
{
    *added = 0;
    int day0 = (int)floor(today / 86400.0);
    for (size_t i = 0; i < sizeof demo_pain / sizeof *demo_pain; i++) {
        const pain_spec *p = &demo_pain[i];
        sg_entry e;
        sg_entry_init(&e, SG_ENTRY_PAIN);
        e.u.pain.day = day0 - p->days_ago;
        e.u.pain.region = p->region;
        e.u.pain.side = p->side;
        e.u.pain.severity = p->severity;
        e.u.pain.timing = p->timing;
        e.u.pain.km = p->km;
        e.u.pain.stiffness_min = p->stiffness_min;
        e.u.pain.changed_run = p->changed_run;
        int rc = sg_entry_set_note(&e, p->note, err);
        if (!rc)
            rc = sg_app_journal_add(st, &e, day0, NULL, err);
        if (rc == SG_EEXISTS)
            continue; /* already logged by an earlier demo */
        if (rc)
            return rc;
        (*added)++;
    }
    /* prehab about twice a week over the last five weeks, with gaps */
    for (int week = 5; week >= 1; week--) {
        for (int k = 0; k < (week == 3 ? 1 : 2); k++) {
            sg_entry e;
            sg_entry_init(&e, SG_ENTRY_PREHAB);
            e.u.prehab.day = day0 - week * 7 + 1 + 3 * k;
            int rc = sg_entry_set_exercise(&e, demo_prehab[(week + k) % 5], err);
            if (!rc)
                rc = sg_app_journal_add(st, &e, day0, NULL, err);
            if (rc == SG_EEXISTS)
                continue;
            if (rc)
                return rc;
            (*added)++;
        }
    }
    return SG_OK;
}

typedef struct long_run {
    long long id;
    double start;
} long_run;

static int pick_long(void *ctx, const sg_store_row *row)
{
    long_run *l = ctx;
    if (row->s.distance_m >= 15000 && isfinite(row->s.start) && row->s.start > l->start) {
        l->id = row->id;
        l->start = row->s.start;
    }
    return 0;
}

int sg_demo_trunk(sg_store *st, long long *id, sg_err *err)
{
    *id = 0;
    long_run lr = {0, -INFINITY};
    int rc = sg_store_list(st, NULL, pick_long, &lr, err);
    if (rc || !lr.id)
        return rc;
    sg_sim_trunk_params p;
    sg_sim_trunk_defaults(&p);
    p.t0 = lr.start + 300;
    p.seed = (uint64_t)lr.id;
    sg_imu *rec = NULL;
    unsigned char *blob = NULL;
    size_t len = 0;
    if ((rc = sg_sim_trunk(&p, NULL, &rec, err)) ||
        (rc = sg_store_imu_blob_encode(rec, &blob, &len, err)))
        goto out;
    sg_store_imu_row meta;
    sg_store_imu_describe(rec, &meta);
    char day[11];
    sg_app_date_format(lr.start, day);
    snprintf(meta.file_name, sizeof meta.file_name, "simulated-lower-back-%s.imu", day);
    snprintf(meta.path, sizeof meta.path, "(simulated by strideguard demo)");
    sg_sha256_hex(blob, len, meta.sha256);
    meta.created_at = (long long)time(NULL);
    sg_store_imu_put_result res;
    if ((rc = sg_store_imu_put(st, &meta, blob, len, lr.id, &res, err)))
        goto out;
    if (!res.duplicate)
        *id = res.id;
out:
    free(blob);
    sg_imu_free(rec);
    return rc;
}

/* ---- the full demo's store part ---- */

/* The demo athlete (when the store has no profile yet), racing on the
 * simulated course. A profile that cannot be read is left alone. */
static int set_profile(sg_store *st, const sg_demo_opts *o, const sg_demo_result *r, int *set,
                       sg_err *err)
{
    sg_athlete prof;
    sg_athlete_init(&prof, NULL);
    int found = 0, rc = SG_OK;
    sg_err lerr;
    sg_err_clear(&lerr);
    if (sg_app_athlete_load(st, &prof, &found, &lerr) == SG_OK && !found) {
        prof.sex = SG_SEX_MALE;
        prof.hr_rest = 52;
        prof.hr_max = 186;
        prof.birth_year = 1984;
        prof.height_m = 1.78;
        prof.mass_kg = 72;
        prof.race_date = o->race_date;
        prof.race_name = sg_strdup(prof.alloc, "Simulated hilly road marathon");
        prof.course_path = sg_strdup(prof.alloc, r->course_path);
        prof.history = SG_HIST_BACK_STRAIN;
        if (!(rc = sg_app_athlete_save(st, &prof, err)))
            rc = sg_app_course_put_file(st, r->course_path, NULL, err);
        *set = rc == SG_OK;
    }
    sg_athlete_clear(&prof);
    return rc;
}

typedef struct latest_ctx {
    long long skip;
    sg_demo_store_res *res;
} latest_ctx;

static int keep_latest(void *c, const sg_run_row *r)
{
    latest_ctx *l = c;
    if (l->skip > 0) {
        l->skip--;
        return 0;
    }
    if (l->res->n_latest < SG_DEMO_LATEST)
        l->res->latest[l->res->n_latest++] = r->row->s;
    return 0;
}

/* The steps after the import, each stopping the demo when it fails. */
static int demo_extras(sg_store *st, const sg_demo_store_req *req, sg_demo_store_res *res,
                       sg_err *err)
{
    int rc;
    res->reached = SG_DEMO_STEP_PROFILE;
    if ((rc = set_profile(st, req->opts, req->gen, &res->profile_set, err)))
        return rc;
    res->reached = SG_DEMO_STEP_JOURNAL;
    if ((rc = sg_demo_journal(st, req->today, &res->journal_added, err)))
        return rc;
    res->reached = SG_DEMO_STEP_TRUNK;
    if ((rc = sg_demo_trunk(st, &res->imu_id, err)))
        return rc;
    res->reached = SG_DEMO_STEP_REPORT;
    sg_app_report_opts ro;
    sg_app_report_opts_init(&ro, req->today + 86399);
    ro.now = req->now;
    ro.docs = req->docs;
    if ((rc = sg_app_report_write(st, &ro, req->report_path, err)))
        return rc;
    res->reached = SG_DEMO_STEP_DONE;
    /* the last runs, as a taste of `runs` */
    sg_err lerr;
    sg_err_clear(&lerr);
    sg_store_count(st, &res->count, NULL);
    latest_ctx l = {res->count > SG_DEMO_LATEST ? res->count - SG_DEMO_LATEST : 0, res};
    sg_runs_list(st, NULL, keep_latest, &l, &lerr);
    return SG_OK;
}

int sg_demo_store(const sg_demo_store_req *req, sg_demo_store_res *res, sg_err *err)
{
    memset(res, 0, sizeof *res);
    res->reached = SG_DEMO_STEP_OPEN;
    sg_store_redact(req->db, res->db_shown, sizeof res->db_shown);
    sg_store *st = NULL;
    int rc = sg_store_open(req->db, &st, err);
    if (rc)
        return rc;
    res->reached = SG_DEMO_STEP_IMPORT;
    sg_import_opts io;
    sg_import_opts_init(&io);
    io.on_progress = req->on_progress;
    io.ctx = req->ctx;
    const char *paths[1] = {req->gen->fit_dir};
    rc = sg_import_run(st, paths, 1, &io, &res->import, err);
    if (!rc)
        rc = demo_extras(st, req, res, err);
    sg_store_close(st);
    return rc;
}
