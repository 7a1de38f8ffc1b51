/* The `report` use case (app/report.h): gathers the other use cases' results
 * into an sg_report and renders it. */
#include "app/report.h"

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
#include "model/strbuf.h"
#include "strideguard/alloc.h"

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

/* A flag of a run of `day` (sg_show_flag_fn's arguments): counted under its
 * code, with the wording of its most recent occurrence. */
static void add_flag(runs_ctx *c, int day, const char *code, const char *sev, const char *msg,
                     const char *src)
{
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
    snprintf(f->severity, sizeof f->severity, "%s", sev ? sev : "info");
    snprintf(f->message, sizeof f->message, "%s", msg ? msg : "");
    snprintf(f->source, sizeof f->source, "%s", src ? src : "");
}

/* The run being read and where its flags go. */
typedef struct run_flags {
    runs_ctx *c;
    sg_report_run *u;
    int day;
} run_flags;

static void on_flag(void *ctx, const char *code, const char *sev, const char *msg,
                    const char *src)
{
    run_flags *rf = ctx;
    if (code)
        sg_show_codes_add(rf->u->codes, sizeof rf->u->codes, ", ", code);
    add_flag(rf->c, rf->day, code, sev, msg, src);
}

static int on_run(void *ctx, const sg_show_all_item *it)
{
    runs_ctx *c = ctx;
    int sp = it->ref->sport;
    if (sp != SG_SPORT_RUNNING && sp != SG_SPORT_WALKING && sp != SG_SPORT_HIKING)
        return 0;
    if ((c->rc = sg_grow_room(&c->v, c->n, &c->cap, sizeof *c->v, 64, SG_SHOW_ALL_MAX_ROWS,
                              "runs in the report", c->err)))
        return 1;
    sg_report_run *u = &c->v[c->n++];
    memset(u, 0, sizeof *u);
    u->id = it->ref->id;
    u->start = it->ref->start;
    u->distance_m = u->moving_time_s = u->ascent_m = u->descent_m = NAN;
    u->impact_weighted_km = u->cadence_spm = u->balance_left_pct = NAN;
    run_flags rf = {c, u, (int)floor(u->start / DAY_S)};
    sg_show_digest d;
    if (it->rc != SG_OK || sg_show_digest_of_json(it->json, &d, on_flag, &rf, NULL) != SG_OK) {
        u->failed = true;   /* shown as "could not be analysed"; the rest of the report stands */
        return 0;
    }
    u->distance_m = d.distance_m;
    u->moving_time_s = d.moving_time_s;
    u->ascent_m = d.ascent_m;
    u->descent_m = d.descent_m;
    u->impact_weighted_km = d.impact_weighted_km;
    u->cadence_spm = d.cadence_spm;
    u->balance_left_pct = d.balance_left_pct;
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

/* The state of one sg_app_report call, shared by its steps below (each in
 * the order the use case runs them); r points into it. */
typedef struct report_call {
    sg_store *st;
    const sg_app_report_opts *o;
    sg_err *err;
    int from_day, to_day;
    sg_athlete ath;
    sg_app_check_result *chk;
    sg_entry *entries;
    size_t n_entries;
    sg_load_result *load;
    runs_ctx runs;
    sg_app_plan plan;
    bool have_plan;
    char plan_error[256];
    sg_report_prehab_week pweeks[SG_APP_REPORT_MAX_WEEKS];
    sg_report r;
} report_call;

static void report_head(report_call *R)
{
    const sg_app_report_opts *o = R->o;
    sg_report *r = &R->r;
    r->weeks = o->weeks ? o->weeks : SG_APP_REPORT_DEFAULT_WEEKS;
    r->from_day = R->from_day;
    r->to_day = R->to_day;
    r->generated_day = isfinite(o->now) ? (int)floor(o->now / DAY_S) : R->to_day;
    r->version = o->version;
#ifdef SG_VERSION
    if (!r->version)
        r->version = SG_VERSION;
#endif
    r->age_years = -1;
}

/* The profile, and the age reached in the report's year. */
static int report_athlete(report_call *R)
{
    int found = 0;
    int rc = sg_app_athlete_load(R->st, &R->ath, &found, R->err);
    if (rc)
        return rc;
    if (found) {
        R->r.athlete = &R->ath;
        if (R->ath.birth_year > 0) {
            int y;
            sg_journal_civil_from_day(R->to_day, &y, NULL, NULL);
            R->r.age_years = y - R->ath.birth_year;   /* the age reached in the report's year */
        }
    }
    return SG_OK;
}

static int report_simulated(report_call *R)
{
    int rc = sg_store_list(R->st, NULL, sim_row, &R->r.simulated, R->err);
    if (rc == 1)
        rc = SG_OK;
    return rc;
}

static int report_check(report_call *R)
{
    R->chk = calloc(1, sizeof *R->chk);
    if (!R->chk)
        return sg_err_set(R->err, SG_ENOMEM, -1, "report: out of memory");
    int rc = sg_app_check(R->st, NULL, R->to_day, R->chk, R->err);
    if (rc)
        return rc;
    R->r.triage = &R->chk->triage;
    R->r.screen = &R->chk->screen;
    return SG_OK;
}

static int report_journal(report_call *R)
{
    int rc = sg_app_journal_load(R->st, SG_ENTRY_NONE, R->from_day - JOURNAL_LOOKBACK_DAYS,
                                 R->to_day, &R->entries, &R->n_entries, R->err);
    if (rc)
        return rc;
    R->r.entries = R->entries;
    R->r.n_entries = R->n_entries;
    return SG_OK;
}

static int report_load(report_call *R)
{
    sg_app_load_opts lo;
    sg_app_load_opts_init(&lo, R->o->today);
    lo.now = R->o->now;
    lo.weeks = R->r.weeks;
    int rc = sg_app_load(R->st, &lo, NULL, &R->load, NULL, R->err);
    if (rc)
        return rc;
    R->r.load = R->load;
    return SG_OK;
}

/* The period's runs from their cached analyses, and their flags by code. */
static int report_runs(report_call *R)
{
    sg_store_filter f;
    sg_store_filter_init(&f);
    f.since = R->from_day * DAY_S;
    f.until = (R->to_day + 1) * DAY_S;
    R->runs.err = R->err;
    int rc = sg_show_all(R->st, R->o->docs, &f, on_run, NULL, &R->runs, NULL, R->err);
    if (R->runs.rc)
        rc = R->runs.rc;
    if (rc)
        return rc;
    qsort(R->runs.flags, R->runs.n_flags, sizeof R->runs.flags[0], flag_cmp);
    R->r.runs = R->runs.v;
    R->r.n_runs = R->runs.n;
    R->r.flags = R->runs.flags;
    R->r.n_flags = R->runs.n_flags;
    return SG_OK;
}

/* Prehab logged per week of the period. */
static void report_prehab(report_call *R)
{
    sg_report_prehab_week *pweeks = R->pweeks;
    int first_monday = R->from_day;   /* from_day is a Monday */
    size_t nw = (size_t)((sg_load_monday(R->to_day) - first_monday) / 7 + 1);
    if (nw > SG_APP_REPORT_MAX_WEEKS)
        nw = SG_APP_REPORT_MAX_WEEKS;
    for (size_t w = 0; w < nw; w++) {
        pweeks[w].week_start = first_monday + 7 * (int)w;
        pweeks[w].entries = pweeks[w].days = 0;
        int last = SG_JOURNAL_NO_DAY;
        for (size_t i = 0; i < R->n_entries; i++) {
            const sg_entry *e = &R->entries[i];
            int d = e->u.prehab.day;
            if (e->kind != SG_ENTRY_PREHAB || d < pweeks[w].week_start ||
                d >= pweeks[w].week_start + 7 || d > R->to_day)
                continue;
            pweeks[w].entries++;
            if (d != last)   /* entries are sorted by date: a new day starts here */
                pweeks[w].days++;
            last = d;
        }
    }
    R->r.prehab_weeks = pweeks;
    R->r.n_prehab_weeks = nw;
}

/* The plan, or why there is none (no profile, nothing to plan with). */
static int report_plan(report_call *R)
{
    sg_app_plan_opts po;
    sg_app_plan_opts_init(&po, R->to_day);
    sg_err perr;
    sg_err_clear(&perr);
    int prc = sg_app_plan_make(R->st, &po, &R->plan, &perr);
    if (prc == SG_OK) {
        R->have_plan = true;
        R->r.plan = &R->plan.plan;
    } else if (prc == SG_ENODATA || prc == SG_EUSAGE) {
        /* no profile (or nothing to plan with): the section says so */
        snprintf(R->plan_error, sizeof R->plan_error, "%s", perr.msg);
        R->r.plan_error = R->plan_error;
    } else {
        if (R->err)
            *R->err = perr;
        return prc;
    }
    return SG_OK;
}

static int report_render(report_call *R, char **html, size_t *len)
{
    int rc = SG_OK;
    sg_sb b;
    sg_sb_init(&b, SG_APP_REPORT_MAX_BYTES);
    R->o->docs->report(&b, &R->r);
    if (sg_sb_error(&b)) {
        rc = sg_err_set(R->err, SG_ELIMIT, -1, "report: the document would exceed %zu MiB",
                        SG_APP_REPORT_MAX_BYTES >> 20);
    } else {
        *html = sg_sb_take(&b, len);
        if (!*html)
            rc = sg_err_set(R->err, SG_ENOMEM, -1, "report: out of memory");
    }
    sg_sb_dispose(&b);
    return rc;
}

int sg_app_report(sg_store *st, const sg_app_report_opts *o, char **html, size_t *len,
                  sg_err *err)
{
    if (html)
        *html = NULL;
    if (len)
        *len = 0;
    if (!st || !o || !html)
        return sg_err_set(err, SG_EUSAGE, -1, "report: NULL argument");
    if (!o->docs || !o->docs->report)
        return sg_err_set(err, SG_EUSAGE, -1, "report: no document writer given");
    int from_day, to_day;
    int rc = sg_app_report_period(o, &from_day, &to_day, err);
    if (rc)
        return rc;

    report_call *R = calloc(1, sizeof *R);
    if (!R)
        return sg_err_set(err, SG_ENOMEM, -1, "report: out of memory");
    R->st = st;
    R->o = o;
    R->err = err;
    R->from_day = from_day;
    R->to_day = to_day;
    sg_athlete_init(&R->ath, NULL);
    report_head(R);

    if ((rc = report_athlete(R)) || (rc = report_simulated(R)) || (rc = report_check(R)) ||
        (rc = report_journal(R)) || (rc = report_load(R)) || (rc = report_runs(R)))
        goto out;
    report_prehab(R);
    if ((rc = report_plan(R)))
        goto out;

    /* TODO(imu): when the store keeps lower-back IMU recordings
     * (include/strideguard/store.h sg_store_imu_*, src/app/imu_store.h), count
     * those of the period into r.n_imu and summarise their trunk analyses in
     * r.imu_summary. Until then the section says there are none. */
    R->r.n_imu = 0;
    R->r.imu_summary = NULL;

    rc = report_render(R, html, len);

out:
    if (R->have_plan)
        sg_app_plan_free(&R->plan);
    free(R->runs.v);
    sg_load_result_free(R->load);
    free(R->entries);
    free(R->chk);
    sg_athlete_clear(&R->ath);
    free(R);
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
