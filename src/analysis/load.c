/* The training-load analysis: cleaning (clock-wrong activities, duplicates
 * from two devices), the daily series with data gaps, weekly totals,
 * EWMA/ACWR, fitness/fatigue/form, spikes, and the race section.
 * Rules and sources: docs/science.md §7. */
#include "analysis/load_internal.h"
#include "strideguard/civil.h"
#include "strideguard/stats.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_S 86400.0
/* 2000-01-01T00:00:00Z: earlier starts are a watch that lost its clock (FIT
 * time 0 is 1989-12-31) [D] */
#define CLOCK_FLOOR 946684800.0
#define MAX_ACTIVITY_S (48.0 * 3600.0)
#define GAP_MIN_DAYS 14
#define GAP_MEDIAN_FACTOR 3.0
#define AUTO_SHARE 0.7
#define HR_REST_DEFAULT 60.0
#define DEFAULT_WEEKS 16

/* ---- small public helpers -------------------------------------------- */

void sg_run_summary_init(sg_run_summary *r)
{
    memset(r, 0, sizeof *r);
    r->start = r->distance_m = r->moving_time_s = r->duration_s = NAN;
    r->ascent_m = r->descent_m = r->impact_weighted_km = r->trimp = r->srpe = r->hr_peak = NAN;
}

void sg_load_opts_init(sg_load_opts *o, double today)
{
    memset(o, 0, sizeof *o);
    o->today = today;
    o->race_date = NAN;
}

const char *sg_load_metric_name(sg_load_metric m)
{
    switch (m) {
    case SG_LOAD_TRIMP: return "trimp";
    case SG_LOAD_SRPE: return "srpe";
    case SG_LOAD_DISTANCE: return "distance_km";
    case SG_LOAD_TIME: return "time_min";
    case SG_LOAD_AUTO: break;
    }
    return "auto";
}

const char *sg_excl_reason_name(sg_excl_reason r)
{
    switch (r) {
    case SG_EXCL_BEFORE_2000: return "clock_before_2000";
    case SG_EXCL_FUTURE: return "future";
    case SG_EXCL_INVALID: break;
    }
    return "invalid";
}

const char *sg_load_acwr_limitations(void)
{
    return "The acute:chronic workload ratio is shown as a description, not as an injury "
           "threshold: an exponentially weighted average of daily load with a 7-day span "
           "divided by one with a 28-day span (Williams 2017), so recent days weigh most and "
           "older ones fade rather than drop out. The recent days are part of the longer "
           "average, which couples the two mathematically (Lolli 2019); the ratio "
           "is a rescaling of acute load and added little prediction in re-analyses "
           "(Impellizzeri 2021); a randomised trial of ACWR-guided load management found no "
           "effect (Dalen-Lorentsen 2021); and in 5200 runners higher ACWR went with fewer, not "
           "more, injuries (Frandsen 2025). Single-run spikes are the better-supported signal.";
}

void sg_load_result_free(sg_load_result *r)
{
    if (!r)
        return;
    const sg_allocator *a = r->alloc;
    sg_free(a, r->days);
    sg_free(a, r->weeks);
    sg_free(a, r->spikes);
    sg_free(a, r->excluded);
    sg_free(a, r->duplicates);
    sg_free(a, r);
}

void sg_load_summary_from_activity(const sg_activity *act, int64_t id, double hr_rest,
                                   double hr_max, sg_sex sex, sg_run_summary *out)
{
    sg_run_summary_init(out);
    out->activity_id = id;
    if (!act)
        return;
    const sg_totals *t = act->n_sessions ? &act->sessions[0].totals : NULL;
    out->sport = act->sport;
    out->start = t && isfinite(t->start_time) ? t->start_time : sg_activity_start_time(act);
    if (act->time_relative)
        out->start = NAN;   /* device uptime, not a date: excluded as invalid */
    double end = sg_activity_end_time(act);
    if (t) {
        out->distance_m = t->distance_m;
        out->moving_time_s = t->timer_s;
        out->duration_s = t->elapsed_s;
        out->ascent_m = t->ascent_m;
        out->descent_m = t->descent_m;
    }
    if (!isfinite(out->distance_m) && act->ch[SG_CH_DISTANCE])
        for (size_t i = act->n; i-- > 0;)
            if (isfinite(act->ch[SG_CH_DISTANCE][i])) {
                out->distance_m = act->ch[SG_CH_DISTANCE][i];
                break;
            }
    if (!isfinite(out->duration_s) && isfinite(end) && isfinite(out->start))
        out->duration_s = end - out->start;
    out->trimp = sg_trimp_activity(act, hr_rest, hr_max, sex);
    out->hr_peak = sg_trimp_hr_peak(act);
    out->device = act->device.product;
}

/* ---- cleaning -------------------------------------------------------- */

static int cmp_start(const void *pa, const void *pb)
{
    const sg_run_summary *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (a->activity_id > b->activity_id) - (a->activity_id < b->activity_id);
}

static double span_of(const sg_run_summary *r)
{
    if (isfinite(r->duration_s) && r->duration_s > 0)
        return fmin(r->duration_s, MAX_ACTIVITY_S);
    if (isfinite(r->moving_time_s) && r->moving_time_s > 0)
        return fmin(r->moving_time_s, MAX_ACTIVITY_S);
    return 0;
}

static int richness(const sg_run_summary *r)
{
    return isfinite(r->trimp) + isfinite(r->impact_weighted_km) + isfinite(r->ascent_m) +
           isfinite(r->descent_m) + isfinite(r->srpe) + isfinite(r->hr_peak) +
           isfinite(r->moving_time_s) + isfinite(r->distance_m);
}

/* True when b (kept) is a better record of the run than a. */
static int richer(const sg_run_summary *a, const sg_run_summary *b)
{
    int ra = richness(a), rb = richness(b);
    if (ra != rb)
        return ra > rb;
    double da = isfinite(a->distance_m) ? a->distance_m : 0;
    double db = isfinite(b->distance_m) ? b->distance_m : 0;
    if (da != db)
        return da > db;
    return a->activity_id < b->activity_id;
}

static int invalid_numbers(const sg_run_summary *r)
{
    const double v[] = {r->distance_m, r->moving_time_s, r->duration_s, r->ascent_m,
                        r->descent_m,  r->impact_weighted_km, r->trimp};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (v[i] < 0 || isinf(v[i]))
            return 1;
    if (isfinite(r->srpe) && (r->srpe < 0 || r->srpe > 10))
        return 1;
    /* 1000 km in one activity is a broken distance field, not a run */
    if (r->distance_m > 1e6)
        return 1;
    return 0;
}

/* Removes duplicates in place from sorted runs; returns the new count. */
static size_t dedupe(sg_run_summary *runs, size_t n, sg_load_duplicate *dups, size_t *n_dups)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        sg_run_summary *r = &runs[i];
        double rs = span_of(r);
        int merged = 0;
        for (size_t j = k; j-- > 0;) {
            sg_run_summary *q = &runs[j];
            if (q->start < r->start - MAX_ACTIVITY_S)
                break;
            double qs = span_of(q);
            double overlap = fmin(q->start + qs, r->start + rs) - r->start;
            int dup;
            if (rs > 0 && qs > 0)
                dup = overlap >= 0.5 * fmin(rs, qs);
            else
                dup = fabs(r->start - q->start) <= 60.0;
            if (!dup)
                continue;
            sg_load_duplicate *d = &dups[(*n_dups)++];
            if (overlap < 0)
                overlap = 0;
            d->overlap_s = overlap;
            /* keep the richer record; a session RPE logged against the other
             * copy is carried over, since it describes the same run */
            if (richer(r, q)) {
                double srpe = q->srpe;
                d->kept_id = r->activity_id;
                d->dropped_id = q->activity_id;
                *q = *r;
                if (!isfinite(q->srpe))
                    q->srpe = srpe;
            } else {
                d->kept_id = q->activity_id;
                d->dropped_id = r->activity_id;
                if (!isfinite(q->srpe))
                    q->srpe = r->srpe;
            }
            merged = 1;
            break;
        }
        if (!merged)
            runs[k++] = *r;
    }
    return k;
}

/* ---- metric ---------------------------------------------------------- */

static double minutes_of(const sg_run_summary *r)
{
    if (isfinite(r->moving_time_s))
        return r->moving_time_s / 60.0;
    if (isfinite(r->duration_s))
        return r->duration_s / 60.0;
    return NAN;
}

static double raw_load(const sg_run_summary *r, sg_load_metric m)
{
    switch (m) {
    case SG_LOAD_TRIMP: return r->trimp;
    case SG_LOAD_SRPE: return r->srpe * minutes_of(r);
    case SG_LOAD_DISTANCE:
        return sg_load_on_foot(r->sport) ? (isfinite(r->distance_m) ? r->distance_m / 1000.0 : NAN) : 0;
    case SG_LOAD_TIME: return minutes_of(r);
    case SG_LOAD_AUTO: break;
    }
    return NAN;
}

/* Per-activity load in the chosen metric; activities without it get the
 * median load per minute of those with it times their minutes [D]. */
static int metric_loads(const sg_run_summary *runs, size_t n, sg_load_metric m,
                        const sg_allocator *a, double *load, size_t *n_imputed)
{
    double *rate = sg_calloc_array(a, n ? n : 1, sizeof *rate);
    if (!rate)
        return SG_ENOMEM;
    size_t nr = 0;
    for (size_t i = 0; i < n; i++) {
        load[i] = raw_load(&runs[i], m);
        double mins = minutes_of(&runs[i]);
        if (isfinite(load[i]) && isfinite(mins) && mins > 0)
            rate[nr++] = load[i] / mins;
    }
    double med = sg_median_mean(rate, nr);
    for (size_t i = 0; i < n; i++) {
        if (isfinite(load[i]))
            continue;
        double mins = minutes_of(&runs[i]);
        if (isfinite(med) && isfinite(mins)) {
            load[i] = med * mins;
            (*n_imputed)++;
        } else {
            load[i] = 0;   /* counted in n_imputed too: nothing to go on */
            (*n_imputed)++;
        }
    }
    sg_free(a, rate);
    return SG_OK;
}

static sg_load_metric choose_metric(const sg_run_summary *runs, size_t n, sg_load_metric want)
{
    if (want != SG_LOAD_AUTO)
        return want;
    size_t t = 0, s = 0;
    for (size_t i = 0; i < n; i++) {
        t += isfinite(runs[i].trimp);
        s += isfinite(runs[i].srpe);
    }
    if (n && (double)t >= AUTO_SHARE * (double)n)
        return SG_LOAD_TRIMP;
    if (n && (double)s >= AUTO_SHARE * (double)n)
        return SG_LOAD_SRPE;
    return SG_LOAD_DISTANCE;
}

/* ---- series ---------------------------------------------------------- */

static void add_nan(double *acc, double v)
{
    if (!isfinite(v))
        return;
    *acc = isfinite(*acc) ? *acc + v : v;
}

/* Gap rule (science §7.2): a stretch of empty days at least
 * max(14, 3 x median interval between activity days) long, between
 * activities or from the last one to today. Returns the threshold. */
static int mark_gaps(sg_load_day *days, size_t n)
{
    /* median interval between consecutive activity days */
    size_t n_int = 0, prev = SIZE_MAX;
    int hist[GAP_MIN_DAYS * 40 + 1] = {0};   /* intervals are capped for the median */
    for (size_t i = 0; i < n; i++) {
        if (!days[i].activities)
            continue;
        if (prev != SIZE_MAX) {
            size_t iv = i - prev;
            if (iv > GAP_MIN_DAYS * 40)
                iv = GAP_MIN_DAYS * 40;
            hist[iv]++;
            n_int++;
        }
        prev = i;
    }
    int thr = GAP_MIN_DAYS;
    if (n_int) {
        size_t half = (n_int + 1) / 2, acc = 0;
        for (int iv = 0; iv <= GAP_MIN_DAYS * 40; iv++) {
            acc += (size_t)hist[iv];
            if (acc >= half) {
                int t = (int)ceil(GAP_MEDIAN_FACTOR * iv);
                if (t > thr)
                    thr = t;
                break;
            }
        }
    }
    size_t i = 0;
    while (i < n) {
        if (days[i].activities) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !days[j].activities)
            j++;
        if (j - i >= (size_t)thr)
            for (size_t k = i; k < j; k++)
                days[k].gap = true;
        i = j;
    }
    return thr;
}

static void compute_weeks(sg_load_result *r)
{
    if (!r->n_days)
        return;
    int32_t first = r->days[0].day;
    int32_t m0 = sg_load_monday(first);
    size_t nw = (size_t)((r->today_day - m0) / 7 + 1);
    r->n_weeks = nw;
    for (size_t w = 0; w < nw; w++) {
        sg_load_week *wk = &r->weeks[w];
        memset(wk, 0, sizeof *wk);
        wk->week_start = m0 + (int32_t)(7 * w);
        double loads[7];
        for (int k = 0; k < 7; k++) {
            int32_t d = wk->week_start + k;
            loads[k] = NAN;
            if (d < first || d > r->today_day)
                continue;
            const sg_load_day *dy = &r->days[d - first];
            wk->days++;
            wk->distance_m += dy->distance_m;
            wk->time_s += dy->time_s;
            wk->ascent_m += dy->ascent_m;
            wk->descent_m += dy->descent_m;
            wk->load += dy->load;
            wk->activities += dy->activities;
            wk->longest_run_m = fmax(wk->longest_run_m, dy->longest_run_m);
            wk->gap_days += dy->gap;
            loads[k] = dy->load;
        }
        wk->partial = wk->days < 7;
        wk->monotony = wk->strain = NAN;
        if (!wk->partial && !wk->gap_days)
            sg_monotony(loads, 7, &wk->monotony, &wk->strain);
        wk->change_pct = NAN;
        if (w > 0) {
            const sg_load_week *pw = &r->weeks[w - 1];
            if (!wk->partial && !pw->partial && !wk->gap_days && !pw->gap_days && pw->distance_m > 0)
                wk->change_pct = 100.0 * (wk->distance_m / pw->distance_m - 1.0);
        }
    }
}

static void general_flags(sg_load_result *r)
{
    char d1[11];
    if (r->n_excluded)
        sg_flag_add(r->flags, &r->n_flags, "activities_excluded", SG_FLAG_INFO,
                    "%zu activit%s with an impossible date (before 2000 or after today) %s "
                    "left out of the series.",
                    r->n_excluded, r->n_excluded == 1 ? "y" : "ies",
                    r->n_excluded == 1 ? "was" : "were");
    if (r->n_duplicates)
        sg_flag_add(r->flags, &r->n_flags, "duplicates_merged", SG_FLAG_INFO,
                    "%zu activit%s recorded twice (overlapping in time, e.g. two devices) "
                    "counted once.",
                    r->n_duplicates, r->n_duplicates == 1 ? "y" : "ies");
    if (r->n_imputed && r->metric != SG_LOAD_DISTANCE)
        sg_flag_add(r->flags, &r->n_flags, "load_imputed", SG_FLAG_INFO,
                    "%zu of %zu activities had no %s; their load was estimated from your "
                    "median load per minute.",
                    r->n_imputed, r->n_used, sg_load_metric_name(r->metric));
    if (r->hr_rest_default)
        sg_flag_add(r->flags, &r->n_flags, "hr_rest_default", SG_FLAG_INFO,
                    "Resting heart rate not set; %.0f bpm assumed (strideguard athlete set "
                    "--hr-rest).", r->hr_rest);
    if (r->hr_max_estimated)
        sg_flag_add(r->flags, &r->n_flags, "hr_max_estimated", SG_FLAG_INFO,
                    "Maximum heart rate not set; estimated at %.0f bpm from your highest "
                    "recorded run peaks (likely an underestimate).", r->hr_max);
    else if (!isfinite(r->hr_max))
        sg_flag_add(r->flags, &r->n_flags, "hr_max_unknown", SG_FLAG_INFO,
                    "Maximum heart rate unknown and no heart-rate data to estimate it.");
    if (!r->n_days) {
        sg_flag_add(r->flags, &r->n_flags, "no_data", SG_FLAG_INFO, "No usable activities.");
        return;
    }
    /* gaps inside the window the reader sees */
    size_t gap_days = 0;
    int32_t first_gap = -1;
    for (size_t i = 0; i < r->n_days; i++)
        if (r->days[i].gap && r->days[i].day >= r->out_first_day) {
            if (!gap_days)
                first_gap = r->days[i].day;
            gap_days++;
        }
    if (gap_days)
        sg_flag_add(r->flags, &r->n_flags, "data_gap", SG_FLAG_INFO,
                    "%zu day%s from %s without any recorded activity look like missing data, "
                    "not rest; load there is unknown (counted as zero).",
                    gap_days, gap_days == 1 ? "" : "s", sg_load_day_str(first_gap, d1));
    /* spikes of the last 14 days */
    for (size_t i = 0; i < r->n_spikes; i++) {
        const sg_load_spike *s = &r->spikes[i];
        if (s->day <= r->today_day - 14)
            continue;
        if (s->category == SG_SPIKE_RETURN) {
            sg_flag_add(r->flags, &r->n_flags, "return_from_break", SG_FLAG_WATCH,
                        "%s: %.1f km, the first run after %d days without a recorded run: a "
                        "return from a break. There is no recent run to compare it with, and "
                        "after 4 weeks or more without training, fitness gained in training "
                        "declines (Mujika & Padilla 2000); build back gradually.",
                        sg_load_day_str(s->day, d1), s->distance_m / 1000,
                        (int)s->days_without_run);
            continue;
        }
        if (s->category < SG_SPIKE_SMALL)
            continue;
        double hr = sg_spike_hazard_ratio(s->category, NULL, NULL);
        sg_flag_add(r->flags, &r->n_flags, "session_spike", SG_FLAG_WATCH,
                    "%s: %.1f km was %.0f %% longer than your longest run of the previous 30 "
                    "days (%.1f km), a %s spike; in 5200 runners such runs went with %.2fx the "
                    "injury rate (Frandsen 2025).",
                    sg_load_day_str(s->day, d1), s->distance_m / 1000, s->spike_pct,
                    s->longest30_m / 1000, sg_spike_category_name(s->category), hr);
    }
}

/* 1. exclusions: invalid, before 2000 or in the future; the rest into
 *    clean, sorted by start, duplicates merged. */
static int load_exclusions(sg_load_result *r, const sg_run_summary *runs, size_t n,
                           const sg_load_opts *opts, const sg_allocator *a,
                           sg_run_summary *clean, size_t *n_clean, sg_err *err)
{
    r->excluded = sg_calloc_array(a, n ? n : 1, sizeof *r->excluded);
    r->duplicates = sg_calloc_array(a, n ? n : 1, sizeof *r->duplicates);
    if (!r->excluded || !r->duplicates)
        return sg_err_set(err, SG_ENOMEM, -1, "load: out of memory");
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        const sg_run_summary *s = &runs[i];
        sg_excl_reason why = 0;
        if (!isfinite(s->start) || invalid_numbers(s))
            why = SG_EXCL_INVALID;
        else if (s->start < CLOCK_FLOOR)
            why = SG_EXCL_BEFORE_2000;
        else if (s->start > opts->today)
            why = SG_EXCL_FUTURE;
        if (why) {
            sg_load_excluded *e = &r->excluded[r->n_excluded++];
            e->activity_id = s->activity_id;
            e->start = s->start;
            e->reason = why;
            continue;
        }
        clean[nc++] = *s;
    }
    qsort(clean, nc, sizeof *clean, cmp_start);
    nc = dedupe(clean, nc, r->duplicates, &r->n_duplicates);
    /* a kept copy may have taken a later start from its richer twin */
    qsort(clean, nc, sizeof *clean, cmp_start);
    r->n_used = nc;
    *n_clean = nc;
    return SG_OK;
}

/* 2. heart-rate context: the profile's, else the default rest and the
 *    estimated maximum */
static void hr_context(sg_load_result *r, const sg_athlete *ath, const sg_run_summary *clean,
                       size_t nc, double today)
{
    r->hr_rest = ath && isfinite(ath->hr_rest) ? ath->hr_rest : HR_REST_DEFAULT;
    r->hr_rest_default = !(ath && isfinite(ath->hr_rest));
    if (ath && isfinite(ath->hr_max)) {
        r->hr_max = ath->hr_max;
    } else {
        r->hr_max = sg_load_estimate_hr_max(clean, nc, today, NULL);
        r->hr_max_estimated = isfinite(r->hr_max);
    }
}

/* 4a. each day's sums from the activities of that day */
static void fill_days(sg_load_result *r, int32_t first, const sg_run_summary *clean, size_t nc,
                      const double *act_load)
{
    for (size_t i = 0; i < r->n_days; i++) {
        sg_load_day *d = &r->days[i];
        d->day = first + (int32_t)i;
        d->impact_weighted_km = d->trimp = d->srpe_load = NAN;
    }
    for (size_t i = 0; i < nc; i++) {
        const sg_run_summary *s = &clean[i];
        sg_load_day *d = &r->days[sg_load_day_of(s->start) - first];
        d->activities++;
        d->load += act_load[i];
        double mins = minutes_of(s);
        if (isfinite(mins))
            d->time_s += mins * 60.0;
        add_nan(&d->trimp, s->trimp);
        add_nan(&d->srpe_load, s->srpe * mins);
        if (sg_load_on_foot(s->sport)) {
            if (isfinite(s->distance_m)) {
                d->distance_m += s->distance_m;
                d->longest_run_m = fmax(d->longest_run_m, s->distance_m);
            }
            if (isfinite(s->ascent_m))
                d->ascent_m += s->ascent_m;
            if (isfinite(s->descent_m))
                d->descent_m += s->descent_m;
            add_nan(&d->impact_weighted_km, s->impact_weighted_km);
        }
    }
}

/* 4b. gaps, EWMA ratio and PMC over the daily load; gapv gets each day's
 *     gap mark (for the spikes) */
static int day_series(sg_load_result *r, const sg_allocator *a, uint8_t *gapv, sg_err *err)
{
    size_t nd = r->n_days;
    int rc = SG_OK;
    double *series = sg_calloc_array(a, nd, sizeof *series);
    double *ea = sg_calloc_array(a, nd, sizeof *ea);
    double *ec = sg_calloc_array(a, nd, sizeof *ec);
    double *ctl = sg_calloc_array(a, nd, sizeof *ctl);
    double *atl = sg_calloc_array(a, nd, sizeof *atl);
    double *tsb = sg_calloc_array(a, nd, sizeof *tsb);
    if (!series || !ea || !ec || !ctl || !atl || !tsb) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "load: out of memory");
        goto out;
    }
    r->gap_threshold_days = mark_gaps(r->days, nd);
    for (size_t i = 0; i < nd; i++) {
        series[i] = r->days[i].load;
        gapv[i] = r->days[i].gap;
    }
    sg_ewma(series, nd, sg_ewma_lambda(7), ea);
    sg_ewma(series, nd, sg_ewma_lambda(28), ec);
    sg_pmc(series, nd, ctl, atl, tsb);
    size_t last_gap = SIZE_MAX;   /* index of the latest gap day so far */
    for (size_t i = 0; i < nd; i++) {
        sg_load_day *d = &r->days[i];
        if (d->gap)
            last_gap = i;
        d->ewma_acute = ea[i];
        d->ewma_chronic = ec[i];
        d->ctl = ctl[i];
        d->atl = atl[i];
        d->tsb = tsb[i];
        /* a ratio needs a full chronic window without missing data */
        int window_ok = i >= 27 && (last_gap == SIZE_MAX || last_gap + 27 < i);
        d->acwr = window_ok && ec[i] > 0 ? ea[i] / ec[i] : NAN;
    }
    const sg_load_day *td = &r->days[nd - 1];
    r->ewma_acute = td->ewma_acute;
    r->ewma_chronic = td->ewma_chronic;
    r->acwr = td->acwr;
    r->ctl = td->ctl;
    r->atl = td->atl;
    r->tsb = td->tsb;
    compute_weeks(r);
out:
    sg_free(a, series);
    sg_free(a, ea);
    sg_free(a, ec);
    sg_free(a, ctl);
    sg_free(a, atl);
    sg_free(a, tsb);
    return rc;
}

/* 5. spikes over runs (running or no sport) with a distance */
static int load_spikes(sg_load_result *r, const sg_run_summary *clean, size_t nc,
                       const uint8_t *gapv, int32_t first, const sg_allocator *a, sg_err *err)
{
    sg_run_summary *onfoot = sg_calloc_array(a, nc, sizeof *onfoot);
    r->spikes = sg_calloc_array(a, nc, sizeof *r->spikes);
    if (!onfoot || !r->spikes) {
        sg_free(a, onfoot);
        return sg_err_set(err, SG_ENOMEM, -1, "load: out of memory");
    }
    size_t no = 0;
    for (size_t i = 0; i < nc; i++)
        if (clean[i].sport == SG_SPORT_RUNNING || clean[i].sport == SG_SPORT_UNKNOWN)
            if (isfinite(clean[i].distance_m) && clean[i].distance_m > 0)
                onfoot[no++] = clean[i];
    sg_spikes_compute(onfoot, no, gapv, first, r->n_days, r->spikes);
    r->n_spikes = no;
    sg_free(a, onfoot);
    return SG_OK;
}

/* 4 and 5: the daily series from the first activity's day to today, its
 * weeks, and the spikes. */
static int load_days(sg_load_result *r, const sg_run_summary *clean, size_t nc,
                     const double *act_load, const sg_allocator *a, sg_err *err)
{
    int32_t first = sg_load_day_of(clean[0].start);
    long span = (long)r->today_day - first + 1;
    if (span > SG_LOAD_MAX_DAYS)
        return sg_err_set(err, SG_ELIMIT, -1, "load: history of %ld days exceeds %d", span,
                          SG_LOAD_MAX_DAYS);
    size_t nd = (size_t)span;
    /* weeks cover nd days plus up to 6 before the first Monday */
    r->days = sg_calloc_array(a, nd, sizeof *r->days);
    r->weeks = sg_calloc_array(a, nd / 7 + 2, sizeof *r->weeks);
    uint8_t *gapv = sg_calloc_array(a, nd, sizeof *gapv);
    int rc = SG_OK;
    if (!r->days || !r->weeks || !gapv) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "load: out of memory");
        goto out;
    }
    r->n_days = nd;
    fill_days(r, first, clean, nc, act_load);
    rc = day_series(r, a, gapv, err);
    if (!rc)
        rc = load_spikes(r, clean, nc, gapv, first, a, err);
out:
    sg_free(a, gapv);
    return rc;
}

/* 6. race: taper and preparation against the race day, when there is one
 *    within 100 years of today */
static void load_race(sg_load_result *r, const sg_load_opts *opts, const sg_run_summary *clean,
                      size_t nc)
{
    const sg_athlete *ath = opts->athlete;
    double race_date = isfinite(opts->race_date) ? opts->race_date
                       : (ath ? ath->race_date : NAN);
    if (isfinite(race_date) && fabs(race_date - opts->today) > SG_LOAD_MAX_DAYS * DAY_S) {
        sg_flag_add(r->flags, &r->n_flags, "race_date_invalid", SG_FLAG_INFO,
                    "The race date is more than 100 years from today and was ignored.");
    } else if (isfinite(race_date)) {
        sg_race_result *rr = &r->race;
        r->has_race = true;
        rr->race_day = sg_load_day_of(race_date);
        rr->days_to_race = (int)(rr->race_day - r->today_day);
        rr->weeks_to_race = rr->days_to_race / 7.0;
        sg_taper_evaluate(clean, nc, r->days, r->n_days, r->today_day, rr);
        sg_race_prepare(clean, nc, r->days, r->n_days, r->today_day, opts->course, rr);
    }
}

int sg_load_analyze(const sg_run_summary *runs, size_t n, const sg_load_opts *opts,
                    const sg_allocator *a, sg_load_result **out, sg_err *err)
{
    int rc = SG_OK;
    sg_run_summary *clean = NULL;
    double *act_load = NULL;
    sg_load_result *r = NULL;

    if (out)
        *out = NULL;
    /* |today| < 1e11 s (about year 5000) keeps every day number in int32 */
    if (!out || !opts || (n && !runs) || !isfinite(opts->today) || fabs(opts->today) > 1e11)
        return sg_err_set(err, SG_EUSAGE, -1, "load: missing input or today");
    if (n > SG_LOAD_MAX_RUNS)
        return sg_err_set(err, SG_ELIMIT, -1, "load: %zu activities exceed the limit of %zu", n,
                          SG_LOAD_MAX_RUNS);
    if (!a)
        a = sg_alloc_default();

    r = sg_calloc_array(a, 1, sizeof *r);
    if (r)
        r->alloc = a;
    clean = sg_calloc_array(a, n ? n : 1, sizeof *clean);
    if (!r || !clean) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "load: out of memory");
        goto out;
    }
    r->today_day = sg_load_day_of(opts->today);
    int weeks = opts->weeks > 0 ? opts->weeks : DEFAULT_WEEKS;
    r->out_first_day = sg_load_monday(r->today_day) - 7 * (weeks - 1);
    r->ewma_acute = r->ewma_chronic = r->acwr = r->ctl = r->atl = r->tsb = NAN;

    size_t nc = 0;
    rc = load_exclusions(r, runs, n, opts, a, clean, &nc, err);
    if (rc)
        goto out;
    hr_context(r, opts->athlete, clean, nc, opts->today);

    /* 3. metric and per-activity load */
    r->metric = choose_metric(clean, nc, opts->metric);
    act_load = sg_calloc_array(a, nc ? nc : 1, sizeof *act_load);
    if (!act_load || (rc = metric_loads(clean, nc, r->metric, a, act_load, &r->n_imputed))) {
        rc = sg_err_set(err, SG_ENOMEM, -1, "load: out of memory");
        goto out;
    }

    if (nc && (rc = load_days(r, clean, nc, act_load, a, err)))
        goto out;
    general_flags(r);
    load_race(r, opts, clean, nc);

out:
    sg_free(a, clean);
    sg_free(a, act_load);
    if (rc) {
        sg_load_result_free(r);
        r = NULL;
    }
    if (out)
        *out = r;
    return rc;
}
