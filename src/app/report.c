/* The `report` use case (app/report.h): gathers the other use cases' results
 * into an sg_report and renders it. */
#include "app/report.h"

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "app/journal.h"
#include "app/load.h"
#include "app/plan.h"
#include "app/show_all.h"
#include "app/triage.h"
#include "bytes/file.h"
#include "render/report_html.h"
#include "model/strbuf.h"

#define DAY_S 86400.0
/* Journal entries before the period that triage reasons may name (its
 * longest look-back is SG_TRIAGE_NEW_ONSET_DAYS). */
#define JOURNAL_LOOKBACK_DAYS 60
#define MAX_FLAG_CODES 32
/* What the demo simulator writes as the device manufacturer (docs/science.md
 * §11): any such activity makes the report say the data are simulated. */
#define SIM_DEVICE_PREFIX "development"

void sg_app_report_opts_init(sg_app_report_opts *o, double today)
{
    memset(o, 0, sizeof *o);
    o->today = today;
    o->now = NAN;
}

int sg_app_report_period(const sg_app_report_opts *o, int *from_day, int *to_day, sg_err *err)
{
    if (!o)
        return sg_err_set(err, SG_EUSAGE, -1, "report: no options");
    int weeks = o->weeks ? o->weeks : SG_APP_REPORT_DEFAULT_WEEKS;
    if (weeks < 1 || weeks > SG_APP_REPORT_MAX_WEEKS)
        return sg_err_set(err, SG_EUSAGE, -1, "report: weeks must be 1 to %d, got %d",
                          SG_APP_REPORT_MAX_WEEKS, weeks);
    if (!isfinite(o->today) || fabs(o->today) > 1e11)
        return sg_err_set(err, SG_EUSAGE, -1, "report: today is not a valid time");
    int to = (int)floor(o->today / DAY_S);
    if (from_day)
        *from_day = sg_load_monday(to) - 7 * (weeks - 1);
    if (to_day)
        *to_day = to;
    return SG_OK;
}

/* ---- simulated data ---- */

static int sim_row(void *ctx, const sg_store_row *row)
{
    if (strncmp(row->s.device, SIM_DEVICE_PREFIX, sizeof SIM_DEVICE_PREFIX - 1) == 0) {
        *(bool *)ctx = true;
        return 1;   /* one is enough */
    }
    return 0;
}

/* ---- runs of the period from the cached analyses ---- */

typedef struct runs_ctx {
    sg_report_run *v;
    size_t n, cap;
    sg_report_flag flags[MAX_FLAG_CODES];
    size_t n_flags;
    int rc;
    sg_err *err;
} runs_ctx;

static double jnum(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static void add_code(sg_report_run *u, const char *code)
{
    size_t len = strlen(u->codes), add = strlen(code) + (len ? 2 : 0);
    if (len + add + 1 > sizeof u->codes)
        return;   /* cut at a code, never inside one */
    snprintf(u->codes + len, sizeof u->codes - len, "%s%s", len ? ", " : "", code);
}

static void add_flag(runs_ctx *c, const json_t *fl, int day)
{
    const char *code = json_string_value(json_object_get(fl, "code"));
    if (!code)
        return;
    sg_report_flag *f = NULL;
    for (size_t i = 0; i < c->n_flags; i++)
        if (strcmp(c->flags[i].code, code) == 0)
            f = &c->flags[i];
    if (!f) {
        if (c->n_flags == MAX_FLAG_CODES)
            return;
        f = &c->flags[c->n_flags++];
        memset(f, 0, sizeof *f);
        snprintf(f->code, sizeof f->code, "%s", code);
    }
    f->count++;
    f->last_day = day;   /* runs come oldest first: the last one seen is the latest */
    const char *sev = json_string_value(json_object_get(fl, "severity"));
    const char *msg = json_string_value(json_object_get(fl, "message"));
    const char *src = json_string_value(json_object_get(fl, "source"));
    snprintf(f->severity, sizeof f->severity, "%s", sev ? sev : "info");
    snprintf(f->message, sizeof f->message, "%s", msg ? msg : "");
    snprintf(f->source, sizeof f->source, "%s", src ? src : "");
}

static int on_run(void *ctx, const sg_show_all_item *it)
{
    runs_ctx *c = ctx;
    int sp = it->ref->sport;
    if (sp != SG_SPORT_RUNNING && sp != SG_SPORT_WALKING && sp != SG_SPORT_HIKING)
        return 0;
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        if (nc > SG_SHOW_ALL_MAX_ROWS) {
            c->rc = sg_err_set(c->err, SG_ELIMIT, -1, "report: more than %d runs",
                               SG_SHOW_ALL_MAX_ROWS);
            return 1;
        }
        sg_report_run *nv = realloc(c->v, nc * sizeof *nv);
        if (!nv) {
            c->rc = sg_err_set(c->err, SG_ENOMEM, -1, "report: out of memory");
            return 1;
        }
        c->v = nv;
        c->cap = nc;
    }
    sg_report_run *u = &c->v[c->n++];
    memset(u, 0, sizeof *u);
    u->id = it->ref->id;
    u->start = it->ref->start;
    u->distance_m = u->moving_time_s = u->ascent_m = u->descent_m = NAN;
    u->impact_weighted_km = u->cadence_spm = u->balance_left_pct = NAN;
    json_t *o = it->rc == SG_OK && it->json ? json_loads(it->json, 0, NULL) : NULL;
    if (!json_is_object(o)) {
        u->failed = true;   /* shown as "could not be analysed"; the rest of the report stands */
        json_decref(o);
        return 0;
    }
    u->distance_m = jnum(o, "distance_m");
    u->moving_time_s = jnum(o, "moving_time_s");
    u->ascent_m = jnum(o, "ascent_m");
    u->descent_m = jnum(o, "descent_m");
    u->impact_weighted_km = jnum(o, "impact_weighted_km");
    const json_t *mech = json_object_get(o, "mechanics");
    u->cadence_spm = jnum(mech, "cadence_spm");
    u->balance_left_pct = jnum(mech, "stance_time_balance_left_pct");
    int day = (int)floor(u->start / DAY_S);
    size_t i;
    const json_t *fl;
    json_array_foreach(json_object_get(o, "flags"), i, fl) {
        const char *code = json_string_value(json_object_get(fl, "code"));
        if (code)
            add_code(u, code);
        add_flag(c, fl, day);
    }
    json_decref(o);
    return 0;
}

static int flag_cmp(const void *a, const void *b)
{
    const sg_report_flag *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    if (x->last_day != y->last_day)
        return x->last_day > y->last_day ? -1 : 1;
    return strcmp(x->code, y->code);
}

/* ---- the use case ---- */

int sg_app_report(sg_store *st, const sg_app_report_opts *o, char **html, size_t *len,
                  sg_err *err)
{
    if (html)
        *html = NULL;
    if (len)
        *len = 0;
    if (!st || !o || !html)
        return sg_err_set(err, SG_EUSAGE, -1, "report: NULL argument");
    int from_day, to_day;
    int rc = sg_app_report_period(o, &from_day, &to_day, err);
    if (rc)
        return rc;

    sg_athlete ath;
    sg_athlete_init(&ath, NULL);
    sg_app_check_result *chk = NULL;
    sg_entry *entries = NULL;
    size_t n_entries = 0;
    sg_load_result *load = NULL;
    runs_ctx rc_runs = {0};
    sg_app_plan plan;
    memset(&plan, 0, sizeof plan);
    bool have_plan = false;
    char plan_error[256] = "";
    sg_report_prehab_week pweeks[SG_APP_REPORT_MAX_WEEKS];
    sg_sb b;
    sg_sb_init(&b, SG_APP_REPORT_MAX_BYTES);

    sg_report r;
    memset(&r, 0, sizeof r);
    r.weeks = o->weeks ? o->weeks : SG_APP_REPORT_DEFAULT_WEEKS;
    r.from_day = from_day;
    r.to_day = to_day;
    r.generated_day = isfinite(o->now) ? (int)floor(o->now / DAY_S) : to_day;
    r.version = o->version;
#ifdef SG_VERSION
    if (!r.version)
        r.version = SG_VERSION;
#endif
    r.age_years = -1;

    int found = 0;
    rc = sg_app_athlete_load(st, &ath, &found, err);
    if (rc)
        goto out;
    if (found) {
        r.athlete = &ath;
        if (ath.birth_year > 0) {
            int y;
            sg_journal_civil_from_day(to_day, &y, NULL, NULL);
            r.age_years = y - ath.birth_year;   /* the age reached in the report's year */
        }
    }

    rc = sg_store_list(st, NULL, sim_row, &r.simulated, err);
    if (rc == 1)
        rc = SG_OK;
    if (rc)
        goto out;

    chk = calloc(1, sizeof *chk);
    if (!chk) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "report: out of memory");
        goto out;
    }
    rc = sg_app_check(st, NULL, to_day, chk, err);
    if (rc)
        goto out;
    r.triage = &chk->triage;
    r.screen = &chk->screen;

    rc = sg_app_journal_load(st, SG_ENTRY_NONE, from_day - JOURNAL_LOOKBACK_DAYS, to_day,
                             &entries, &n_entries, err);
    if (rc)
        goto out;
    r.entries = entries;
    r.n_entries = n_entries;

    sg_app_load_opts lo;
    sg_app_load_opts_init(&lo, o->today);
    lo.now = o->now;
    lo.weeks = r.weeks;
    rc = sg_app_load(st, &lo, NULL, &load, NULL, err);
    if (rc)
        goto out;
    r.load = load;

    sg_store_filter f;
    sg_store_filter_init(&f);
    f.since = from_day * DAY_S;
    f.until = (to_day + 1) * DAY_S;
    rc_runs.err = err;
    rc = sg_show_all(st, &f, on_run, NULL, &rc_runs, NULL, err);
    if (rc_runs.rc)
        rc = rc_runs.rc;
    if (rc)
        goto out;
    qsort(rc_runs.flags, rc_runs.n_flags, sizeof rc_runs.flags[0], flag_cmp);
    r.runs = rc_runs.v;
    r.n_runs = rc_runs.n;
    r.flags = rc_runs.flags;
    r.n_flags = rc_runs.n_flags;

    /* prehab logged per week of the period */
    int first_monday = from_day;   /* from_day is a Monday */
    size_t nw = (size_t)((sg_load_monday(to_day) - first_monday) / 7 + 1);
    if (nw > SG_APP_REPORT_MAX_WEEKS)
        nw = SG_APP_REPORT_MAX_WEEKS;
    for (size_t w = 0; w < nw; w++) {
        pweeks[w].week_start = first_monday + 7 * (int)w;
        pweeks[w].entries = pweeks[w].days = 0;
        int last = SG_JOURNAL_NO_DAY;
        for (size_t i = 0; i < n_entries; i++) {
            const sg_entry *e = &entries[i];
            int d = e->u.prehab.day;
            if (e->kind != SG_ENTRY_PREHAB || d < pweeks[w].week_start ||
                d >= pweeks[w].week_start + 7 || d > to_day)
                continue;
            pweeks[w].entries++;
            if (d != last)   /* entries are sorted by date: a new day starts here */
                pweeks[w].days++;
            last = d;
        }
    }
    r.prehab_weeks = pweeks;
    r.n_prehab_weeks = nw;

    sg_app_plan_opts po;
    sg_app_plan_opts_init(&po, to_day);
    sg_err perr;
    sg_err_clear(&perr);
    int prc = sg_app_plan_make(st, &po, &plan, &perr);
    if (prc == SG_OK) {
        have_plan = true;
        r.plan = &plan.plan;
    } else if (prc == SG_ENODATA || prc == SG_EUSAGE) {
        /* no profile (or nothing to plan with): the section says so */
        snprintf(plan_error, sizeof plan_error, "%s", perr.msg);
        r.plan_error = plan_error;
    } else {
        if (err)
            *err = perr;
        rc = prc;
        goto out;
    }

    /* TODO(imu): when the store keeps lower-back IMU recordings
     * (include/strideguard/store.h sg_store_imu_*, src/app/imu_store.h), count
     * those of the period into r.n_imu and summarise their trunk analyses in
     * r.imu_summary. Until then the section says there are none. */
    r.n_imu = 0;
    r.imu_summary = NULL;

    sg_report_html(&b, &r);
    if (sg_sb_error(&b)) {
        rc = sg_err_set(err, SG_ELIMIT, -1, "report: the document would exceed %zu MiB",
                        SG_APP_REPORT_MAX_BYTES >> 20);
        goto out;
    }
    *html = sg_sb_take(&b, len);
    if (!*html)
        rc = sg_err_set(err, SG_ENOMEM, -1, "report: out of memory");

out:
    sg_sb_dispose(&b);
    if (have_plan)
        sg_app_plan_free(&plan);
    free(rc_runs.v);
    sg_load_result_free(load);
    free(entries);
    free(chk);
    sg_athlete_clear(&ath);
    return rc;
}

int sg_app_report_write(sg_store *st, const sg_app_report_opts *o, const char *path, sg_err *err)
{
    if (!path)
        return sg_err_set(err, SG_EUSAGE, -1, "report: no output path");
    char *html = NULL;
    size_t len = 0;
    int rc = sg_app_report(st, o, &html, &len, err);
    if (rc == SG_OK)
        rc = sg_file_write_atomic(path, html, len, err);
    free(html);
    return rc;
}
