/* The `check` use case and the per-run facts (src/app/triage.h). */
#include "app/triage.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/athlete.h"
#include "app/journal.h"
#include "model/jsonw.h"
#include "strideguard/alloc.h"
#include "strideguard/load.h"

/* ---- collecting stored rows ---- */

typedef struct rows {
    sg_store_row *v;
    size_t n, cap;
    sg_err *err;
    int rc;
} rows;

static int take_row(void *ctx, const sg_store_row *row)
{
    rows *r = ctx;
    if (!sg_sport_on_foot(row->s.sport) || !isfinite(row->s.start))
        return 0;
    if ((r->rc = sg_grow_room(&r->v, r->n, &r->cap, sizeof *r->v, 64, SG_APP_RUN_FACTS_MAX,
                              "runs in the window", r->err)))
        return r->rc;
    r->v[r->n++] = *row;
    return 0;
}

/* ---- the cached fact sheet ---- */

static double jnum(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static int facts_from_cache(const char *json, sg_app_run *r)
{
    json_t *o = json_loads(json, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return 0;
    }
    r->fact.distance_m = jnum(o, "distance_m");
    r->fact.descent_m = jnum(o, "descent_m");
    r->fact.balance_left_pct = jnum(o, "balance_left_pct");
    r->fact.fatigue_breakdown = json_is_true(json_object_get(o, "fatigue_breakdown"));
    r->fact.flat_distance_m = jnum(o, "flat_distance_m");
    r->fact.flat_time_s = jnum(o, "flat_time_s");
    r->avg_hr = jnum(o, "avg_hr");
    r->moving_time_s = jnum(o, "moving_time_s");
    r->analysed = json_is_true(json_object_get(o, "analysed"));
    json_decref(o);
    return 1;
}

static char *facts_to_json(const sg_app_run *r)
{
    sg_jw w;
    sg_jw_init_buf(&w, 4096, 0);
    sg_jw_obj_begin(&w);
    sg_jw_knum(&w, "distance_m", r->fact.distance_m);
    sg_jw_knum(&w, "descent_m", r->fact.descent_m);
    sg_jw_knum(&w, "balance_left_pct", r->fact.balance_left_pct);
    sg_jw_kbool(&w, "fatigue_breakdown", r->fact.fatigue_breakdown);
    sg_jw_knum(&w, "flat_distance_m", r->fact.flat_distance_m);
    sg_jw_knum(&w, "flat_time_s", r->fact.flat_time_s);
    sg_jw_knum(&w, "avg_hr", r->avg_hr);
    sg_jw_knum(&w, "moving_time_s", r->moving_time_s);
    sg_jw_kbool(&w, "analysed", r->analysed);
    sg_jw_obj_end(&w);
    char *s = sg_jw_error(&w) ? NULL : sg_jw_take_buf(&w, NULL);
    sg_jw_dispose(&w);
    return s;
}

/* Decodes and analyses one run; on failure keeps the summary's numbers. */
static int analyse_run(sg_store *st, const sg_store_row *row, sg_app_run *r, sg_err *err)
{
    sg_activity *act = NULL;
    sg_run_result *res = calloc(1, sizeof *res);
    if (!res)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory analysing run %lld", row->id);
    sg_err e2;
    sg_err_clear(&e2);
    if (sg_store_load(st, row->id, NULL, &act, &e2) == SG_OK &&
        sg_run_analyze(act, NULL, res, &e2) == SG_OK) {
        r->analysed = true;
        if (isfinite(res->distance_m))
            r->fact.distance_m = res->distance_m;
        r->fact.descent_m = isfinite(res->terrain.descent_m) ? res->terrain.descent_m
                                                             : res->device_descent_m;
        r->fact.balance_left_pct = res->mech.flat[SG_RM_BALANCE].median;
        for (size_t i = 0; i < res->n_flags; i++)
            if (strcmp(res->flags[i].code, "form_breakdown_late") == 0)
                r->fact.fatigue_breakdown = true;
        /* pace at matched grade: outdoor runs whose grade is known */
        if (res->sport == SG_SPORT_RUNNING && !res->treadmill &&
            !(res->missing & (SG_RUN_MISSING_ALTITUDE | SG_RUN_MISSING_GRADE |
                              SG_RUN_MISSING_DISTANCE))) {
            r->fact.flat_distance_m = res->terrain.band[SG_RUN_FLAT].distance_m;
            r->fact.flat_time_s = res->terrain.band[SG_RUN_FLAT].time_s;
        }
        r->avg_hr = res->avg_hr;
        if (isfinite(res->moving_time_s))
            r->moving_time_s = res->moving_time_s;
    }
    sg_run_result_free(res);
    free(res);
    sg_activity_free(act);
    return SG_OK;
}

int sg_app_run_facts(sg_store *st, int from_day, int to_day, const sg_athlete *athlete,
                     sg_app_run **out, size_t *n_out, sg_err *err)
{
    *out = NULL;
    *n_out = 0;
    rows rw = {NULL, 0, 0, err, SG_OK};
    sg_run_summary *sum = NULL;
    sg_load_result *load = NULL;
    sg_app_run *runs = NULL;
    size_t nr = 0;
    int rc;
    if (to_day < from_day)
        return SG_OK;
    /* the 30 days before the window are the spike baseline */
    sg_store_filter f;
    sg_store_filter_init(&f);
    f.since = (double)(from_day - 31) * 86400.0;
    f.until = (double)(to_day + 1) * 86400.0;
    rc = sg_store_list(st, &f, take_row, &rw, err);
    if (rw.rc)
        rc = rw.rc;
    if (rc || !rw.n)
        goto out;
    sum = calloc(rw.n, sizeof *sum);
    runs = calloc(rw.n, sizeof *runs);
    if (!sum || !runs) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory collecting runs");
        goto out;
    }
    for (size_t i = 0; i < rw.n; i++) {
        const sg_store_summary *s = &rw.v[i].s;
        sg_run_summary_init(&sum[i]);
        sum[i].activity_id = rw.v[i].id;
        sum[i].start = s->start;
        sum[i].sport = s->sport;
        sum[i].distance_m = s->distance_m;
        sum[i].moving_time_s = s->moving_time_s;
        sum[i].duration_s = s->duration_s;
        sum[i].ascent_m = s->ascent_m;
    }
    sg_load_opts lo;
    sg_load_opts_init(&lo, (double)(to_day + 1) * 86400.0 - 1.0);
    lo.athlete = athlete;
    lo.metric = SG_LOAD_DISTANCE;
    sg_err le;
    sg_err_clear(&le);
    /* spikes are context: without a load analysis every run is "no baseline" */
    if (sg_load_analyze(sum, rw.n, &lo, NULL, &load, &le))
        load = NULL;

    for (size_t i = 0; i < rw.n; i++) {
        const sg_store_row *row = &rw.v[i];
        int day = (int)floor(row->s.start / 86400.0);
        if (day < from_day || day > to_day)
            continue;
        sg_app_run *r = &runs[nr++];
        r->fact.run_id = row->id;
        r->fact.day = day;
        r->fact.distance_m = row->s.distance_m;
        r->fact.descent_m = NAN;
        r->fact.balance_left_pct = NAN;
        r->fact.flat_distance_m = NAN;
        r->fact.flat_time_s = NAN;
        r->fact.spike = SG_SPIKE_NO_BASELINE;
        r->start = row->s.start;
        r->moving_time_s = row->s.moving_time_s;
        r->avg_hr = NAN;
        for (size_t k = 0; load && k < load->n_spikes; k++)
            if (load->spikes[k].activity_id == row->id)
                r->fact.spike = load->spikes[k].category;
        char *json = NULL;
        sg_err ce;
        sg_err_clear(&ce);
        if (sg_store_cache_get(st, row->id, SG_APP_RUN_FACTS_CACHE, SG_APP_RUN_FACTS_VERSION,
                               &json, &ce) == SG_OK &&
            facts_from_cache(json, r)) {
            free(json);
            continue;
        }
        free(json);
        rc = analyse_run(st, row, r, err);
        if (rc)
            goto out;
        json = facts_to_json(r);
        /* a cache that cannot be written only costs time next run */
        if (json)
            sg_store_cache_put(st, row->id, SG_APP_RUN_FACTS_CACHE, SG_APP_RUN_FACTS_VERSION,
                               json, NULL);
        free(json);
    }
    if (nr) {
        *out = runs;
        *n_out = nr;
        runs = NULL;
    }
out:
    free(runs);
    sg_load_result_free(load);
    free(sum);
    free(rw.v);
    return rc;
}

int sg_app_check(sg_store *st, const sg_redflag_answers *answers, int today,
                 sg_app_check_result *out, sg_err *err)
{
    sg_athlete ath;
    sg_athlete_init(&ath, NULL);
    sg_entry *es = NULL;
    size_t n = 0, nr = 0;
    sg_app_run *runs = NULL;
    sg_run_fact *facts = NULL;
    int found = 0;
    memset(out, 0, sizeof *out);
    out->today = today;
    int rc = sg_app_athlete_load(st, &ath, &found, err);
    if (rc)
        goto out;
    rc = sg_app_journal_load(st, SG_ENTRY_NONE, SG_JOURNAL_NO_DAY, today, &es, &n, err);
    if (rc)
        goto out;
    out->n_entries = n;
    sg_screen_from_journal(es, n, today, &out->screen);
    out->answers = sg_redflag_answers_merge(&out->screen.answers, answers);
    sg_triage_run(es, n, found ? &ath : NULL, &out->answers, today, &out->triage);

    const int from = sg_load_monday(today) - (SG_APP_LINK_WEEKS - 1) * 7;
    rc = sg_app_run_facts(st, from, today, found ? &ath : NULL, &runs, &nr, err);
    if (rc)
        goto out;
    if (nr) {
        facts = calloc(nr, sizeof *facts);
        if (!facts) {
            rc = sg_err_set(err, SG_ENOMEM, -1, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < nr; i++)
            facts[i] = runs[i].fact;
        sg_links_analyze(es, n, facts, nr, today, SG_APP_LINK_WEEKS, &out->links);
        out->has_links = true;
        sg_triage_training_drop(es, n, facts, nr, today, &out->triage);
    }
out:
    free(facts);
    free(runs);
    free(es);
    sg_athlete_clear(&ath);
    return rc;
}

int sg_app_screen_save(sg_store *st, const sg_redflag_answers *a, int today, long long *id,
                       sg_err *err)
{
    if (id)
        *id = 0;
    if (!a || !((a->asked | a->yes | a->unsure) & SG_RF_ALL))
        return SG_OK;
    if (a->yes & a->unsure)
        return sg_err_set(err, SG_EUSAGE, -1, "a question was answered both yes and not sure");
    sg_entry e;
    sg_entry_init(&e, SG_ENTRY_SCREEN);
    e.u.screen.day = today;
    e.u.screen.yes = a->yes & SG_RF_ALL;
    e.u.screen.unsure = a->unsure & SG_RF_ALL;
    e.u.screen.no = a->asked & ~a->yes & ~a->unsure & SG_RF_ALL;
    int rc = sg_app_journal_add(st, &e, today, NULL, err);
    if (!rc && id)
        *id = e.id;
    return rc;
}
