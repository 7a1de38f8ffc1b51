/* The clinician's view (src/app/clinic.h). The roster's signals and their
 * thresholds are design choices [D] of this project, documented in
 * docs/cli.md "serve --clinic" (the clinician's view). */
#include "app/clinic.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "app/journal.h"
#include "app/triage.h"
#include "strideguard/load.h"
#include "strideguard/ostrc.h"

#define NO_DAY SG_JOURNAL_NO_DAY
#define PAIN_STEP 1.0       /* pain points that make a trend */
#define OSTRC_STEP 10       /* OSTRC severity points that make a trend */
#define ASYM_STEP 0.5       /* balance points (distance from 50 %) that make a trend */

const char *sg_trend_name(sg_trend t)
{
    switch (t) {
    case SG_TREND_BETTER: return "better";
    case SG_TREND_SAME: return "same";
    case SG_TREND_WORSE: return "worse";
    default: return "unknown";
    }
}

/* worse when `recent` exceeds `before` by step or more (higher is worse) */
static sg_trend trend_of(double recent, double before, double step)
{
    if (!isfinite(recent) || !isfinite(before))
        return SG_TREND_UNKNOWN;
    if (recent >= before + step)
        return SG_TREND_WORSE;
    if (recent <= before - step)
        return SG_TREND_BETTER;
    return SG_TREND_SAME;
}

static int run_signals(const sg_roster_row *r)
{
    return r->spike_runs + r->breakdown_runs + (r->asymmetric ? 1 : 0);
}

int sg_roster_cmp(const void *pa, const void *pb)
{
    const sg_roster_row *a = pa, *b = pb;
    if (a->tier != b->tier)
        return a->tier > b->tier ? -1 : 1;
    if (a->n_signs != b->n_signs)
        return a->n_signs > b->n_signs ? -1 : 1;
    int sa = run_signals(a), sb = run_signals(b);
    if (sa != sb)
        return sa > sb ? -1 : 1;
    if (a->last_day != b->last_day) {
        /* no activity at all sorts last */
        if (a->last_day == NO_DAY || b->last_day == NO_DAY)
            return a->last_day == NO_DAY ? 1 : -1;
        return a->last_day > b->last_day ? -1 : 1;
    }
    return (a->athlete_id > b->athlete_id) - (a->athlete_id < b->athlete_id);
}

/* ---- one runner's row ------------------------------------------------------ */

static void later(int *last, int day)
{
    if (day != NO_DAY && (*last == NO_DAY || day > *last))
        *last = day;
}

static double mean_or_nan(double sum, int n) { return n ? sum / n : NAN; }

/* spikes, breakdown and balance of the window's runs */
static void runs_into(sg_roster_row *row, const sg_app_run *runs, size_t n, int today)
{
    double sum = 0, dev_new = 0, dev_old = 0;
    int nb = 0, n_new = 0, n_old = 0;
    for (size_t i = 0; i < n; i++) {
        const sg_run_fact *f = &runs[i].fact;
        row->runs++;
        later(&row->last_day, f->day);
        if (f->spike == SG_SPIKE_MODERATE || f->spike == SG_SPIKE_LARGE)
            row->spike_runs++;
        if (f->fatigue_breakdown)
            row->breakdown_runs++;
        if (!isfinite(f->balance_left_pct))
            continue;
        sum += f->balance_left_pct;
        nb++;
        double dev = fabs(f->balance_left_pct - 50.0);
        if (f->day > today - SG_ROSTER_TREND_DAYS) {
            dev_new += dev;
            n_new++;
        } else {
            dev_old += dev;
            n_old++;
        }
    }
    row->balance_left_pct = mean_or_nan(sum, nb);
    row->asymmetric = nb && fabs(row->balance_left_pct - 50.0) > SG_ROSTER_ASYM_PCT - 50.0;
    row->asym_trend = trend_of(mean_or_nan(dev_new, n_new), mean_or_nan(dev_old, n_old),
                               ASYM_STEP);
}

/* pain and OSTRC of the journal's last 28 days */
static void journal_into(sg_roster_row *row, const sg_entry *e, size_t n, int today)
{
    double pain_new = NAN, pain_old = NAN;
    int ostrc_new = -1, ostrc_old = -1;
    for (size_t i = 0; i < n; i++) {
        int day = sg_entry_day(&e[i]);
        later(&row->last_day, day);
        int recent = day > today - SG_ROSTER_TREND_DAYS;
        if (e[i].kind == SG_ENTRY_PAIN) {
            double *p = recent ? &pain_new : &pain_old;
            if (!isfinite(*p) || e[i].u.pain.severity > *p)
                *p = e[i].u.pain.severity;
        } else if (e[i].kind == SG_ENTRY_OSTRC) {
            sg_ostrc_score s = sg_ostrc_score_week(&e[i].u.ostrc);
            if (s.complete)
                *(recent ? &ostrc_new : &ostrc_old) = s.severity; /* oldest first: the latest */
        }
    }
    row->pain_recent = pain_new;
    row->pain_trend = trend_of(pain_new, pain_old, PAIN_STEP);
    row->ostrc_recent = ostrc_new;
    row->ostrc_trend = trend_of(ostrc_new < 0 ? NAN : ostrc_new, ostrc_old < 0 ? NAN : ostrc_old,
                                OSTRC_STEP);
}

static void triage_into(sg_roster_row *row, const sg_triage_result *t)
{
    row->tier = t->tier;
    row->n_signs = (int)t->n_reasons;
    row->n_rules = 0;
    for (size_t i = 0; i < t->n_reasons && row->n_rules < SG_ROSTER_MAX_RULES; i++)
        snprintf(row->rules[row->n_rules++], SG_ROSTER_RULE_MAX, "%s", t->reasons[i].rule);
}

static void signals_clear(sg_roster_row *row)
{
    row->tier = SG_TIER_SELF_CARE;
    row->n_signs = row->n_rules = 0;
    row->runs = row->spike_runs = row->breakdown_runs = 0;
    row->balance_left_pct = NAN;
    row->asymmetric = false;
    row->asym_trend = row->pain_trend = row->ostrc_trend = SG_TREND_UNKNOWN;
    row->pain_recent = NAN;
    row->ostrc_recent = -1;
    row->days_to_race = -1;
    row->taper = false;
    row->last_day = NO_DAY;
}

int sg_app_roster_row(sg_store *st, int today, sg_roster_row *row, sg_err *err)
{
    signals_clear(row);
    sg_athlete ath;
    sg_athlete_init(&ath, NULL);
    int found = 0;
    sg_app_check_result *chk = calloc(1, sizeof *chk);
    sg_app_run *runs = NULL;
    sg_entry *log = NULL;
    size_t nr = 0, nl = 0;
    int rc = chk ? SG_OK : sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    if (!rc)
        rc = sg_app_athlete_load(st, &ath, &found, err);
    if (!rc)
        rc = sg_app_check(st, NULL, today, chk, err);
    if (!rc)
        rc = sg_app_run_facts(st, today - SG_ROSTER_WINDOW_DAYS + 1, today,
                              found ? &ath : NULL, &runs, &nr, err);
    if (!rc)
        rc = sg_app_journal_load(st, SG_ENTRY_NONE, today - 2 * SG_ROSTER_TREND_DAYS + 1, today,
                                 &log, &nl, err);
    if (!rc) {
        triage_into(row, &chk->triage);
        runs_into(row, runs, nr, today);
        journal_into(row, log, nl, today);
        if (found && isfinite(ath.race_date)) {
            int race = (int)floor(ath.race_date / 86400.0);
            if (race >= today) {
                row->days_to_race = race - today;
                row->taper = row->days_to_race <= SG_ROSTER_TAPER_DAYS;
            }
        }
    }
    free(chk);
    free(runs);
    free(log);
    sg_athlete_clear(&ath);
    return rc;
}

/* ---- the cached row: a storage format this file alone reads back ---------- */

/* the row's members, in one order for the writer and the reader */
#define ROW_FORMAT "{s:i,s:i,s:o,s:i,s:i,s:i,s:o,s:b,s:i,s:o,s:i,s:i,s:i,s:i,s:b,s:i}"

static json_t *real_or_null(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static char *row_dump(const sg_roster_row *r)
{
    json_t *rules = json_array();
    for (int i = 0; rules && i < r->n_rules; i++)
        json_array_append_new(rules, json_string(r->rules[i]));
    json_t *o = json_pack(ROW_FORMAT,
                          "tier", (int)r->tier, "n_signs", r->n_signs, "rules", rules,
                          "runs", r->runs, "spike_runs", r->spike_runs,
                          "breakdown_runs", r->breakdown_runs,
                          "balance", real_or_null(r->balance_left_pct), "asym", r->asymmetric,
                          "asym_trend", (int)r->asym_trend,
                          "pain", real_or_null(r->pain_recent), "pain_trend", (int)r->pain_trend,
                          "ostrc", r->ostrc_recent, "ostrc_trend", (int)r->ostrc_trend,
                          "race", r->days_to_race, "taper", r->taper, "last", r->last_day);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return s;
}

static double num_or_nan(json_t *v) { return json_is_number(v) ? json_number_value(v) : NAN; }

/* 0 when s is a row this file wrote */
static int row_load(const char *s, sg_roster_row *r)
{
    json_t *o = json_loads(s, 0, NULL), *rules = NULL, *bal = NULL, *pain = NULL;
    int tier = 0, at = 0, pt = 0, ot = 0, asym = 0, taper = 0;
    int bad = !o || json_unpack(o, ROW_FORMAT,
                                "tier", &tier, "n_signs", &r->n_signs, "rules", &rules,
                                "runs", &r->runs, "spike_runs", &r->spike_runs,
                                "breakdown_runs", &r->breakdown_runs, "balance", &bal,
                                "asym", &asym, "asym_trend", &at, "pain", &pain,
                                "pain_trend", &pt, "ostrc", &r->ostrc_recent,
                                "ostrc_trend", &ot, "race", &r->days_to_race, "taper", &taper,
                                "last", &r->last_day) != 0;
    if (!bad && tier >= 0 && tier < SG_TIER_COUNT && json_is_array(rules)) {
        r->tier = (sg_tier)tier;
        r->asym_trend = (sg_trend)at;
        r->pain_trend = (sg_trend)pt;
        r->ostrc_trend = (sg_trend)ot;
        r->asymmetric = asym;
        r->taper = taper;
        r->balance_left_pct = num_or_nan(bal);
        r->pain_recent = num_or_nan(pain);
        r->n_rules = 0;
        size_t i;
        json_t *v;
        json_array_foreach(rules, i, v) {
            if (r->n_rules < SG_ROSTER_MAX_RULES && json_is_string(v))
                snprintf(r->rules[r->n_rules++], SG_ROSTER_RULE_MAX, "%s", json_string_value(v));
        }
    } else {
        bad = 1;
    }
    json_decref(o);
    return bad;
}

/* ---- the roster ---------------------------------------------------------------- */

#define KEY_MAX (SG_ROSTER_FP_MAX + 32)

typedef struct roster_fill {
    sg_roster *r;
    size_t cap;
    int today;
    char (*keys)[KEY_MAX];        /* each row's cache key; "" once served from the cache */
    int rc;
} roster_fill;

static int roster_grow(roster_fill *f)
{
    size_t cap = f->cap ? f->cap * 2 : 16;
    sg_roster_row *rows = realloc(f->r->rows, cap * sizeof *rows);
    if (rows)
        f->r->rows = rows;
    char (*keys)[KEY_MAX] = rows ? realloc(f->keys, cap * sizeof *keys) : NULL;
    if (!keys)
        return f->rc = SG_ENOMEM;
    f->keys = keys;
    f->cap = cap;
    return 0;
}

/* One runner: its row from the cache when the key (day and data
 * fingerprint) matches, else only its names (computed afterwards). */
static int roster_add(void *ctx, const sg_clinic_runner *cr)
{
    roster_fill *f = ctx;
    if (f->r->n >= SG_ROSTER_MAX)
        return f->rc = SG_ELIMIT;
    if (f->r->n == f->cap && roster_grow(f))
        return f->rc;
    size_t i = f->r->n++;
    sg_roster_row *row = &f->r->rows[i];
    memset(row, 0, sizeof *row);
    row->athlete_id = cr->athlete_id;
    row->account_id = cr->account_id;
    snprintf(row->login, sizeof row->login, "%s", cr->login);
    snprintf(row->name, sizeof row->name, "%s", cr->name);
    snprintf(f->keys[i], KEY_MAX, "v%d|%d|%s", SG_ROSTER_CACHE_VERSION, f->today,
             cr->fingerprint);
    if (cr->cached_fp && cr->cached_payload && strcmp(cr->cached_fp, f->keys[i]) == 0 &&
        row_load(cr->cached_payload, row) == 0) {
        f->keys[i][0] = '\0';
        f->r->cached++;
    }
    return 0;
}

/* A row the cache did not have: computed, then cached under the key taken
 * before (a change of the runner's data since is never hidden). */
static int roster_compute(sg_store *st, int today, sg_roster_row *row, const char *key,
                          sg_err *err)
{
    sg_store_use_athlete(st, row->athlete_id);
    int rc = sg_app_roster_row(st, today, row, err);
    if (rc)
        return rc;
    char *payload = row_dump(row);
    if (!payload)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    rc = sg_store_roster_cache_put(st, row->athlete_id, key, payload, err);
    free(payload);
    return rc;
}

/* The roster; with `compute` false, *missing counts the rows the cache did
 * not have and the roster is returned only when that is 0. */
static int roster(sg_store *st, long long clinic_id, int today, bool compute, sg_roster *out,
                  size_t *missing, sg_err *err)
{
    memset(out, 0, sizeof *out);
    long long was = sg_store_athlete(st);
    roster_fill f = {out, 0, today, NULL, 0};
    int rc = sg_store_clinic_runners(st, clinic_id, roster_add, &f, err);
    if (rc && f.rc)
        rc = sg_err_set(err, f.rc, -1, f.rc == SG_ELIMIT ? "too many runners" : "out of memory");
    if (missing)
        *missing = rc ? 0 : out->n - out->cached;
    if (!compute && !rc && out->n > out->cached) {
        free(f.keys);
        sg_roster_free(out);
        return SG_OK;
    }
    for (size_t i = 0; !rc && i < out->n; i++)
        if (f.keys[i][0])
            rc = roster_compute(st, today, &out->rows[i], f.keys[i], err);
    free(f.keys);
    sg_store_use_athlete(st, was);
    if (rc) {
        sg_roster_free(out);
        return rc;
    }
    if (out->n > 1)
        qsort(out->rows, out->n, sizeof *out->rows, sg_roster_cmp);
    return SG_OK;
}

int sg_app_roster(sg_store *st, long long clinic_id, int today, sg_roster *out, sg_err *err)
{
    return roster(st, clinic_id, today, true, out, NULL, err);
}

int sg_app_roster_key(sg_store *st, long long clinic_id, int today,
                      char out[SG_ROSTER_KEY_MAX], sg_err *err)
{
    char k[SG_CLINIC_KEY_MAX];
    int rc = sg_store_clinic_key(st, clinic_id, k, err);
    if (!rc)
        snprintf(out, SG_ROSTER_KEY_MAX, "v%d|%lld|%d|%s", SG_ROSTER_CACHE_VERSION, clinic_id,
                 today, k);
    return rc;
}

int sg_app_roster_cached(sg_store *st, long long clinic_id, int today, sg_roster *out,
                         size_t *missing, sg_err *err)
{
    return roster(st, clinic_id, today, false, out, missing, err);
}

int sg_app_roster_audit(sg_store *st, long long now, long long account_id, long long clinic_id,
                        const char *what, sg_err *err)
{
    return sg_store_audit_roster(st, now, account_id, clinic_id, what, err);
}

void sg_roster_free(sg_roster *r)
{
    if (!r)
        return;
    free(r->rows);
    memset(r, 0, sizeof *r);
}

int sg_app_athlete_clinic(sg_store *st, long long athlete_id, long long *clinic_id,
                          sg_err *err)
{
    return sg_store_athlete_clinic(st, athlete_id, clinic_id, err);
}

int sg_app_audit_add(sg_store *st, long long now, long long account_id, long long athlete_id,
                     bool writes, const char *what, sg_err *err)
{
    return sg_store_audit_add(st, now, account_id, athlete_id, writes ? "write" : "read", what,
                              err);
}

int sg_app_audit_list(sg_store *st, long long athlete_id,
                      int (*fn)(void *ctx, const sg_audit_row *row), void *ctx, sg_err *err)
{
    return sg_store_audit_list(st, athlete_id, fn, ctx, err);
}

void sg_app_use_athlete(sg_store *st, long long athlete_id)
{
    sg_store_use_athlete(st, athlete_id);
}

/* ---- findings ------------------------------------------------------------------ */

/* A "YYYY-MM-DD" date, normalised into out. */
static int date_ok(const char *s, const char *what, char out[11], int *day, sg_err *err)
{
    int d;
    sg_err e;
    sg_err_clear(&e);
    if (!s || sg_journal_date_parse(s, &d, &e))
        return sg_err_set(err, SG_EUSAGE, -1, "%s: expected a date YYYY-MM-DD", what);
    sg_journal_date_format(d, out);
    if (day)
        *day = d;
    return SG_OK;
}

static int text_ok(const char *s, size_t min, size_t max, const char *what, sg_err *err)
{
    size_t n = s ? strlen(s) : 0;
    if (n < min || n > max)
        return sg_err_set(err, SG_EUSAGE, -1, "%s: %zu to %zu bytes", what, min, max);
    return SG_OK;
}

int sg_app_finding_add(sg_store *st, const sg_finding_req *req, long long *id, sg_err *err)
{
    char date[11];
    if (!sg_finding_region_ok(req->region))
        return sg_err_set(err, SG_EUSAGE, -1, "region: one of upper_cervical, cervical, "
                          "thoracic, thoracolumbar, lumbar, lumbosacral, sacroiliac, hip");
    if (!sg_finding_side_ok(req->side))
        return sg_err_set(err, SG_EUSAGE, -1, "side: one of left, right, both, central");
    int rc = date_ok(req->date, "date", date, NULL, err);
    if (!rc)
        rc = text_ok(req->text, 1, SG_FINDING_TEXT_MAX, "text", err);
    if (rc)
        return rc;
    sg_finding_row f = {0, req->athlete_id, req->account_id, date, req->region, req->side,
                        req->text, req->now, req->now};
    return sg_store_finding_add(st, &f, id, err);
}

typedef struct finding_fill {
    sg_finding_list *l;
    size_t cap;
} finding_fill;

static int finding_add(void *ctx, const sg_finding_row *r)
{
    finding_fill *f = ctx;
    if (f->l->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        sg_finding *items = realloc(f->l->items, cap * sizeof *items);
        if (!items)
            return SG_ENOMEM;
        f->l->items = items;
        f->cap = cap;
    }
    sg_finding *it = &f->l->items[f->l->n];
    memset(it, 0, sizeof *it);
    it->text = strdup(r->text);
    if (!it->text)
        return SG_ENOMEM;
    f->l->n++;
    it->id = r->id;
    it->account_id = r->account_id;
    snprintf(it->date, sizeof it->date, "%s", r->date);
    snprintf(it->region, sizeof it->region, "%s", r->region);
    snprintf(it->side, sizeof it->side, "%s", r->side);
    it->created_utc = r->created_utc;
    return 0;
}

int sg_app_finding_list(sg_store *st, long long athlete_id, sg_finding_list *out, sg_err *err)
{
    memset(out, 0, sizeof *out);
    finding_fill f = {out, 0};
    int rc = sg_store_finding_list(st, athlete_id, finding_add, &f, err);
    if (rc == SG_ENOMEM)
        sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    if (rc)
        sg_finding_list_free(out);
    return rc;
}

int sg_app_finding_delete(sg_store *st, long long athlete_id, long long id, sg_err *err)
{
    return sg_store_finding_delete(st, athlete_id, id, err);
}

void sg_finding_list_free(sg_finding_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].text);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ---- assignments ------------------------------------------------------------- */

int sg_app_assignment_add(sg_store *st, const sg_assignment_req *req, long long *id,
                          sg_err *err)
{
    char from[11], to[11];
    int dfrom = 0, dto = 0;
    int rc = text_ok(req->exercise, 1, 63, "exercise", err);
    if (!rc)
        rc = text_ok(req->dose, 1, SG_ASSIGN_TEXT_MAX, "dose", err);
    if (!rc)
        rc = text_ok(req->notes, 0, SG_ASSIGN_TEXT_MAX, "notes", err);
    if (!rc)
        rc = date_ok(req->from_date, "from", from, &dfrom, err);
    if (!rc && req->to_date)
        rc = date_ok(req->to_date, "to", to, &dto, err);
    if (!rc && req->to_date && dto < dfrom)
        rc = sg_err_set(err, SG_EUSAGE, -1, "to: not before from");
    if (rc)
        return rc;
    sg_prehab_lib *lib = NULL;
    if ((rc = sg_app_prehab_lib(NULL, &lib, err)))
        return rc;
    int known = sg_prehab_lib_find(lib, req->exercise) != NULL;
    sg_prehab_lib_free(lib);
    if (!known)
        return sg_err_set(err, SG_EUSAGE, -1, "exercise: not an id of the prehab library");
    sg_assignment_row a = {0, req->athlete_id, req->account_id, req->exercise, req->dose,
                           req->notes ? req->notes : "", from, req->to_date ? to : NULL,
                           req->now, req->now};
    return sg_store_assignment_add(st, &a, id, err);
}

typedef struct assignment_fill {
    sg_assignment_list *l;
    size_t cap;
    int today;
    const sg_prehab_lib *lib;
} assignment_fill;

static int in_force(const sg_assignment_row *r, int today)
{
    int from = 0, to = 0;
    if (today == NO_DAY)
        return 1;
    if (sg_journal_date_parse(r->from_date, &from, NULL) || from > today)
        return 0;
    return !r->to_date || (sg_journal_date_parse(r->to_date, &to, NULL) == SG_OK && to >= today);
}

static int assignment_add(void *ctx, const sg_assignment_row *r)
{
    assignment_fill *f = ctx;
    if (!in_force(r, f->today))
        return 0;
    if (f->l->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        sg_assignment *items = realloc(f->l->items, cap * sizeof *items);
        if (!items)
            return SG_ENOMEM;
        f->l->items = items;
        f->cap = cap;
    }
    sg_assignment *it = &f->l->items[f->l->n];
    memset(it, 0, sizeof *it);
    const sg_exercise *ex = sg_prehab_lib_find(f->lib, r->exercise);
    it->exercise_name = strdup(ex ? ex->name : "");
    it->dose = strdup(r->dose);
    it->notes = strdup(r->notes);
    f->l->n++;
    if (!it->exercise_name || !it->dose || !it->notes)
        return SG_ENOMEM;
    it->id = r->id;
    it->account_id = r->account_id;
    snprintf(it->exercise, sizeof it->exercise, "%s", r->exercise);
    snprintf(it->from_date, sizeof it->from_date, "%s", r->from_date);
    snprintf(it->to_date, sizeof it->to_date, "%s", r->to_date ? r->to_date : "");
    it->created_utc = r->created_utc;
    return 0;
}

int sg_app_assignment_list(sg_store *st, long long athlete_id, int today,
                           sg_assignment_list *out, sg_err *err)
{
    memset(out, 0, sizeof *out);
    sg_prehab_lib *lib = NULL;
    int rc = sg_app_prehab_lib(NULL, &lib, err);
    if (rc)
        return rc;
    assignment_fill f = {out, 0, today, lib};
    rc = sg_store_assignment_list(st, athlete_id, assignment_add, &f, err);
    sg_prehab_lib_free(lib);
    if (rc == SG_ENOMEM)
        sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    if (rc)
        sg_assignment_list_free(out);
    return rc;
}

int sg_app_assignment_delete(sg_store *st, long long athlete_id, long long id, sg_err *err)
{
    return sg_store_assignment_delete(st, athlete_id, id, err);
}

void sg_assignment_list_free(sg_assignment_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].exercise_name);
        free(l->items[i].dose);
        free(l->items[i].notes);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

int sg_app_exercise_library(sg_prehab_lib **out, sg_err *err)
{
    return sg_app_prehab_lib(NULL, out, err);
}

/* ---- the visit summary ----------------------------------------------------------- */

int sg_app_visit(sg_store *st, long long athlete_id, int today, sg_visit *out, sg_err *err)
{
    memset(out, 0, sizeof *out);
    out->athlete_id = athlete_id;
    out->today = today;
    sg_store_athlete_row a;
    int rc = sg_store_athlete_get(st, athlete_id, &a, err);
    if (rc)
        return rc;
    snprintf(out->name, sizeof out->name, "%s", a.name);
    out->row.athlete_id = athlete_id;
    snprintf(out->row.name, sizeof out->row.name, "%s", a.name);
    rc = sg_app_roster_row(st, today, &out->row, err);
    if (!rc)
        rc = sg_app_finding_list(st, athlete_id, &out->findings, err);
    if (!rc)
        rc = sg_app_assignment_list(st, athlete_id, NO_DAY, &out->assignments, err);
    if (rc)
        sg_visit_free(out);
    return rc;
}

void sg_visit_free(sg_visit *v)
{
    if (!v)
        return;
    sg_finding_list_free(&v->findings);
    sg_assignment_list_free(&v->assignments);
}
