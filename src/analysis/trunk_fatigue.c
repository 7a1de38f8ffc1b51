/* Fatigue drift within a run and the flags (docs/science.md §8.4).
 *
 * Early vs late: the first and the last quarter of the running windows
 * (at least one each), aggregated like a bout. Trend: least-squares slope of
 * each window's value against window time, per 10 minutes. Noise: the
 * standard error of the change from the spread of the quarters' 30-s
 * windows (the watch's fatigue drift uses the same 30-s unit); a change is
 * significant beyond twice it. Flags are raised only for runs of 10 minutes
 * or more and significant changes; thresholds are design choices [D]
 * because no validated injury threshold for these measures exists.
 *
 * Speed and grade: the sensor records neither. Given the linked run's
 * context (sg_trunk_opts.context), each window gets the run's mean speed and
 * grade over it, and the change, its noise and the test come from the
 * watch fatigue drift's matched method (analysis/matched.h): only windows of
 * the first and last quarter in the same (speed bin, grade band) stratum
 * are compared, a window being one independent block. Without it the
 * comparison is unmatched, and the flags say so. Flags stay at "info". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/matched.h"
#include "analysis/trunk_internal.h"

#define FATIGUE_MIN_RUN_S 600.0
#define ASYM_GROW_PP 3.0
#define IMPACT_GROW_FRAC 0.10
#define DROP_GROW_DEG 2.0
#define DROP_GROW_FRAC 0.20
#define ML_RMS_GROW 0.05
#define ASYM_HIGH_PCT 10.0

static const char *SRC_D_FATIGUE =
    "[D] threshold (no validated cut-off); fatigue raises ML RMS ratio and lowers regularity: "
    "Schuette et al. 2015, PLoS ONE 10:e0141957";
static const char *SRC_ASYM = "[D] 10 % cut-off, widespread but arbitrary (Biomch-L; Herzog et "
                              "al. 1989); no validated injury threshold for running asymmetry";

static double metric_of(const sg_trunk_metrics *m, int which)
{
    switch (which) {
    case 0: return m->cadence_spm;
    case 1: return m->step_time_asym_pct;
    case 2: return m->impact_med_g;
    case 3: return m->pelvis_obliquity_deg;
    case 4: return m->rms_ratio[SG_AX_ML];
    default: return m->step_reg[SG_AX_AP];
    }
}

static const char *metric_names[SG_TRUNK_N_FATIGUE] = {
    "cadence_spm",          "step_time_asymmetry_pct", "impact_median_g",
    "pelvis_obliquity_deg", "rms_ratio_ml",            "step_regularity_ap"};

/* Mean and variance of metric i over windows [a, b). */
static void window_stats(const sg_trunk_result *r, size_t a, size_t b, int i, double *mean,
                         double *var, size_t *n)
{
    double s = 0, ss = 0;
    size_t k = 0;
    for (size_t w = a; w < b; w++) {
        double y = metric_of(&r->windows[w], i);
        if (!isfinite(y))
            continue;
        s += y;
        ss += y * y;
        k++;
    }
    *n = k;
    *mean = k ? s / (double)k : NAN;
    *var = k >= 2 ? (ss - s * s / (double)k) / (double)(k - 1) : NAN;
    if (*var < 0)
        *var = 0;
}

static const char UNMATCHED[] = "; not matched for speed or grade, which the sensor does not record";
static const char MATCHED[] = "; at matched speed and grade from the linked run";

/* The linked run's mean speed and grade over a window, as a matching
 * stratum; -1 when the run says nothing about it (no samples, or speed or
 * grade unknown: an unknown grade is not taken as flat). */
static int window_stratum(const sg_trunk_context *x, const sg_trunk_metrics *w)
{
    if (!isfinite(w->t_start) || !isfinite(w->t_end))
        return -1;
    size_t lo = 0, hi = x->n; /* first sample at or after t_start */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->t[mid] < w->t_start)
            lo = mid + 1;
        else
            hi = mid;
    }
    double sv = 0, sg = 0;
    size_t nv = 0, ng = 0;
    for (size_t k = lo; k < x->n && x->t[k] <= w->t_end; k++) {
        if (isfinite(x->speed_mps[k])) {
            sv += x->speed_mps[k];
            nv++;
        }
        if (isfinite(x->grade_pct[k])) {
            sg += x->grade_pct[k];
            ng++;
        }
    }
    if (!nv || !ng)
        return -1;
    return sg_match_stratum(sv / (double)nv, sg / (double)ng);
}

/* Median and IQR of metric i over the windows [a, b) of stratum st. */
static sg_match_group stratum_group(const sg_trunk_result *r, const int *strat, size_t a,
                                    size_t b, int st, int i, double *buf)
{
    sg_match_group g = {NAN, NAN, 0, 0, 0};
    for (size_t w = a; w < b; w++) {
        double y = metric_of(&r->windows[w], i);
        if (strat[w] != st || !isfinite(y))
            continue;
        buf[g.n++] = y;
        g.time += isfinite(r->windows[w].duration_s) ? r->windows[w].duration_s : 0;
    }
    g.blocks = g.n; /* a window is one block */
    if (g.n) {
        double q1 = sg_trunk_quantile(buf, g.n, 0.25), q3 = sg_trunk_quantile(buf, g.n, 0.75);
        g.med = sg_trunk_quantile(buf, g.n, 0.5);
        g.iqr = q3 - q1;
    }
    return g;
}

/* Replaces change/noise/significant with the comparison at matched speed
 * and grade. False (nothing changed) when the context cannot be used. */
static bool match_fatigue(tk_ctx *c, sg_trunk_result *r, size_t q)
{
    const size_t nw = r->n_windows;
    int *strat = sg_malloc(c->a, nw * sizeof *strat);
    double *buf = sg_malloc(c->a, nw * sizeof *buf);
    if (!strat || !buf) {
        sg_free(c->a, strat);
        sg_free(c->a, buf);
        return false;
    }
    for (size_t w = 0; w < nw; w++)
        strat[w] = window_stratum(c->context, &r->windows[w]);
    r->fatigue_matched_s = 0;
    r->fatigue_matched_strata = 0;
    for (int i = 0; i < SG_TRUNK_N_FATIGUE; i++) {
        sg_match_pool pool;
        sg_match_pool_init(&pool);
        for (size_t w = 0; w < q; w++) {
            const int st = strat[w];
            bool seen = st < 0;
            for (size_t v = 0; v < w && !seen; v++)
                seen = strat[v] == st;
            if (seen)
                continue; /* each stratum once */
            sg_match_group a = stratum_group(r, strat, 0, q, st, i, buf);
            sg_match_group b = stratum_group(r, strat, nw - q, nw, st, i, buf);
            if (a.n < 2 || b.n < 2)
                continue;
            sg_match_pool_add(&pool, &a, &b, false);
        }
        sg_trunk_trend *t = &r->fatigue[i];
        sg_match_pool_result(&pool, 0.0, &t->change, &t->noise, &t->significant);
        if (pool.matched_s > r->fatigue_matched_s) {
            r->fatigue_matched_s = pool.matched_s;
            r->fatigue_matched_strata = pool.strata;
        }
    }
    sg_free(c->a, strat);
    sg_free(c->a, buf);
    return true;
}

static void add_flag(sg_trunk_result *r, const char *code, const char *sev, const char *src,
                     const char *msg, const char *evid)
{
    if (r->n_flags >= SG_TRUNK_MAX_FLAGS)
        return;
    sg_trunk_flag *f = &r->flags[r->n_flags++];
    snprintf(f->code, sizeof f->code, "%s", code);
    f->severity = sev;
    f->source = src;
    snprintf(f->message, sizeof f->message, "%s", msg);
    snprintf(f->evidence, sizeof f->evidence, "%s", evid);
}

/* The early-late trends of the fatigue metrics: first and last quarter of
 * the windows, their noise and slope, and the speed-and-grade matched
 * comparison when the run is linked to an activity. */
static void trunk_fatigue(tk_ctx *c, sg_trunk_result *r, const size_t *wk0, const size_t *wk1)
{
    size_t nw = r->n_windows;
    for (int i = 0; i < SG_TRUNK_N_FATIGUE; i++) {
        r->fatigue[i].metric = metric_names[i];
        r->fatigue[i].first = r->fatigue[i].last = r->fatigue[i].change = NAN;
        r->fatigue[i].slope_per_10min = NAN;
        r->fatigue[i].noise = NAN;
        r->fatigue[i].significant = false;
    }
    sg_trunk_metrics_nan(&r->fatigue_first);
    sg_trunk_metrics_nan(&r->fatigue_last);
    if (nw >= 4) {
        r->fatigue_available = true;
        size_t q = nw / 4;
        /* a quarter may span bouts: aggregate window by window */
        sg_trunk_metrics *f = &r->fatigue_first, *l = &r->fatigue_last;
        sg_trunk_aggregate(c, wk0[0], wk1[q - 1], r->windows, q, f);
        sg_trunk_aggregate(c, wk0[nw - q], wk1[nw - 1], r->windows + (nw - q), q, l);
        for (int i = 0; i < SG_TRUNK_N_FATIGUE; i++) {
            sg_trunk_trend *t = &r->fatigue[i];
            t->first = metric_of(f, i);
            t->last = metric_of(l, i);
            t->change = t->last - t->first;
            double m1, v1, m4, v4;
            size_t n1, n4;
            window_stats(r, 0, q, i, &m1, &v1, &n1);
            window_stats(r, nw - q, nw, i, &m4, &v4, &n4);
            if (n1 >= 2 && n4 >= 2) {
                t->noise = sqrt(v1 / (double)n1 + v4 / (double)n4);
                t->significant = isfinite(t->change) && fabs(t->change) > 2 * t->noise;
            }
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            size_t n = 0;
            for (size_t w = 0; w < nw; w++) {
                double y = metric_of(&r->windows[w], i);
                double x = (r->windows[w].t_start + r->windows[w].t_end) / 2 / 600.0;
                if (!isfinite(y) || !isfinite(x))
                    continue;
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                n++;
            }
            double den = (double)n * sxx - sx * sx;
            if (n >= 3 && den > 0)
                t->slope_per_10min = ((double)n * sxy - sx * sy) / den;
        }
        if (c->context)
            r->fatigue_matched = match_fatigue(c, r, q);
    }
}

/* The flags of the run: no running, no gyroscope, asymmetry, and the
 * fatigue trends that grew beyond their cut-offs. */
static void trunk_flags(sg_trunk_result *r)
{
    char msg[200], ev[200];
    const char *matching = r->fatigue_matched ? MATCHED : UNMATCHED;

    if (r->n_bouts == 0) {
        add_flag(r, "no_running", "info", "[D]",
                 "No running was detected: the recording holds no stretch of 10 or more steps "
                 "with a flight phase.",
                 r->walking_steps ? "walking steps were found and are not counted as running"
                                  : "no periodic steps found");
        return;
    }
    if (!r->has_gyro)
        add_flag(r, "no_gyroscope", "info", "[D]",
                 "The recording has no gyroscope: pelvis tilt, obliquity and rotation are not "
                 "computed.",
                 "no angular-rate columns");
    double asym = r->overall.step_time_asym_pct;
    if (isfinite(asym) && asym > ASYM_HIGH_PCT) {
        snprintf(msg, sizeof msg,
                 "Left and right step times differ by %.1f %% over the run; worth watching, "
                 "and worth raising with a clinician if it comes with pain.",
                 asym);
        snprintf(ev, sizeof ev, "step time left %.0f ms, right %.0f ms (cut-off %.0f %%)",
                 r->overall.step_time_ms[0], r->overall.step_time_ms[1], ASYM_HIGH_PCT);
        add_flag(r, "step_time_asymmetry", "info", SRC_ASYM, msg, ev);
    }
    if (!r->fatigue_available || r->running_s < FATIGUE_MIN_RUN_S)
        return;
    if (r->fatigue_matched && r->fatigue_matched_strata == 0)
        add_flag(r, "fatigue_not_matched", "info", "[D]",
                 "The early and the late part of the run were at different speeds or grades, "
                 "so no change from fatigue could be compared.",
                 "no speed bin and grade band with 2 or more windows in both the first and the "
                 "last quarter of the linked run");
    const sg_trunk_trend *ta = &r->fatigue[1], *ti = &r->fatigue[2], *to = &r->fatigue[3],
                         *tm = &r->fatigue[4];
    if (ta->significant && ta->change >= ASYM_GROW_PP) {
        snprintf(msg, sizeof msg,
                 "Step-time asymmetry grew from %.1f %% early in the run to %.1f %% late in it.",
                 ta->first, ta->last);
        snprintf(ev, sizeof ev, "change %+.1f percentage points (flag at +%.0f; noise %.1f)%s",
                 ta->change, ASYM_GROW_PP, ta->noise, matching);
        add_flag(r, "asymmetry_grows", "info", SRC_D_FATIGUE, msg, ev);
    }
    if (ti->significant && ti->first > 0 && ti->change >= IMPACT_GROW_FRAC * ti->first) {
        snprintf(msg, sizeof msg,
                 "Peak vertical trunk acceleration per step grew from %.2f g to %.2f g "
                 "between the early and the late part of the run.",
                 ti->first, ti->last);
        snprintf(ev, sizeof ev, "median impact change %+.0f %% (flag at +%.0f %%)%s",
                 100 * ti->change / ti->first, 100 * IMPACT_GROW_FRAC, matching);
        add_flag(r, "impact_grows", "info", SRC_D_FATIGUE, msg, ev);
    }
    if (to->significant &&
        (to->change >= DROP_GROW_DEG || (to->first > 0 && to->change >= DROP_GROW_FRAC * to->first))) {
        snprintf(msg, sizeof msg,
                 "Pelvic obliquity (drop) range per stride grew from %.1f to %.1f degrees "
                 "between the early and the late part of the run.",
                 to->first, to->last);
        snprintf(ev, sizeof ev, "change %+.1f deg (flag at +%.0f deg or +%.0f %%)%s", to->change,
                 DROP_GROW_DEG, 100 * DROP_GROW_FRAC, matching);
        add_flag(r, "pelvic_drop_grows", "info", SRC_D_FATIGUE, msg, ev);
    }
    if (tm->significant && tm->change >= ML_RMS_GROW) {
        snprintf(msg, sizeof msg,
                 "Side-to-side trunk sway (ML RMS ratio) grew from %.2f to %.2f, a pattern "
                 "reported with running fatigue.",
                 tm->first, tm->last);
        snprintf(ev, sizeof ev, "change %+.2f (flag at +%.2f)%s", tm->change, ML_RMS_GROW,
                 matching);
        add_flag(r, "ml_sway_grows", "info", SRC_D_FATIGUE, msg, ev);
    }
}

void sg_trunk_fatigue_and_flags(tk_ctx *c, sg_trunk_result *r, const size_t *wk0, const size_t *wk1)
{
    trunk_fatigue(c, r, wk0, wk1);
    trunk_flags(r);
}
