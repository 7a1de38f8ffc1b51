/* Flags: what in this run deserves the runner's attention, each with the
 * numbers behind it, what to do, and its source (docs/science.md §4-§6).
 * Wording rules: no diagnosis, no treatment claims; population bands are
 * context, the runner's own history is the comparison. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/run_internal.h"

static sg_run_flag *add(sg_run_result *r, const char *code, sg_run_severity sev,
                        const char *message, const char *action, const char *source)
{
    if (r->n_flags >= SG_RUN_MAX_FLAGS)
        return NULL;
    sg_run_flag *f = &r->flags[r->n_flags++];
    memset(f, 0, sizeof *f);
    snprintf(f->code, sizeof f->code, "%s", code);
    f->severity = sev;
    snprintf(f->message, sizeof f->message, "%s", message);
    snprintf(f->action, sizeof f->action, "%s", action);
    snprintf(f->source, sizeof f->source, "%s", source);
    return f;
}

static void descent(const sg_run_ctx *c, sg_run_result *r)
{
    const sg_run_terrain *t = &r->terrain;
    double x = t->descent_m_below_8pct;
    if (!c->grade_known || isnan(x))
        return;
    const char *src = "Gottschall & Kram 2005, J Biomech 38:445 (impact +54 %, braking +73 % at "
                      "-9 deg); Bontemps et al. 2020, Sports Med 50:2083 (docs/science.md §4)";
    const sg_run_baseline *b = c->base;
    if (b && b->descent_runs >= 5) {
        if (x < 50 || !(x > 1.5 * b->descent8_median_m) || !(x > b->descent8_p90_m))
            return;
        sg_run_flag *f = add(r, "descent_heavy", x > 2 * b->descent8_p90_m ? SG_SEV_WARNING : SG_SEV_CAUTION,
                             "Much more steep downhill than you usually run. Steep descents raise "
                             "impact and braking forces, which load the hips, knees and lower back, "
                             "and unaccustomed downhill running causes the most muscle soreness.",
                             "Expect soreness for a day or two and keep the next runs easy and flat. "
                             "Build downhill running gradually with short, repeated descents rather "
                             "than avoiding it.",
                             src);
        if (f)
            snprintf(f->evidence, sizeof f->evidence,
                     "%.0f m descended on grades steeper than -8 %% (%.2f km, %.0f min); "
                     "your usual: median %.0f m, 90th percentile %.0f m over %zu runs",
                     x, t->descent_dist_m_below_8pct / 1000, t->descent_time_s_below_8pct / 60,
                     b->descent8_median_m, b->descent8_p90_m, b->descent_runs);
    } else if (x >= 200) {
        sg_run_flag *f = add(r, "descent_large", SG_SEV_INFO,
                             "A lot of steep downhill, and not enough history yet to say whether "
                             "that is usual for you. Steep descents raise impact and braking forces.",
                             "If downhill running is new to you, expect soreness and keep the next "
                             "runs easy; build descents up gradually.",
                             src);
        if (f)
            snprintf(f->evidence, sizeof f->evidence,
                     "%.0f m descended on grades steeper than -8 %% (%.2f km, %.0f min); "
                     "%zu earlier runs with altitude to compare (5 needed)",
                     x, t->descent_dist_m_below_8pct / 1000, t->descent_time_s_below_8pct / 60,
                     b ? b->descent_runs : 0);
    }
}

static void cadence(sg_run_result *r)
{
    double p = r->mech.vs_baseline[SG_RM_CADENCE], tm = r->mech.vs_baseline_time_s[SG_RM_CADENCE];
    if (isnan(p) || p > -3.0 || tm < 600)
        return;
    sg_run_flag *f = add(r, "cadence_below_baseline", SG_SEV_CAUTION,
                         "Your step rate was lower than your own usual at the same speed and grade. "
                         "At a given speed a lower step rate means longer steps, and in the lab "
                         "more energy absorbed at the hip and knee.",
                         "Try a slightly quicker, shorter step on easy runs: about 5 % (up to 10 %) "
                         "above your usual step rate at this pace, e.g. with a metronome.",
                         "Heiderscheit et al. 2011, Med Sci Sports Exerc 43:296 (docs/science.md §5)");
    if (f)
        snprintf(f->evidence, sizeof f->evidence,
                 "cadence %.1f %% below your baseline at matched speed and grade, over %.0f min; "
                 "flat median %.0f steps/min",
                 -p, tm / 60, r->mech.flat[SG_RM_CADENCE].median);
}

static void asymmetry(const sg_run_ctx *c, sg_run_result *r)
{
    const sg_run_stat *s = &r->mech.flat[SG_RM_BALANCE];
    if (isnan(s->median) || s->time_s < 600 || fabs(s->median - 50) <= 2.2)
        return;
    /* persistent: the middle half of the samples stays on one side */
    if ((s->q1 - 50) * (s->q3 - 50) <= 0)
        return;
    const sg_run_baseline *b = c->base;
    bool own = b && !isnan(b->flat_balance_pct);
    bool shifted = own && fabs(s->median - b->flat_balance_pct) >= 1.5;
    sg_run_flag *f = add(r, "asymmetry_persistent", shifted ? SG_SEV_CAUTION : SG_SEV_INFO,
                         "Ground contact time was uneven between your left and right foot on flat "
                         "running for most of the run. Fewer than 5 % of runners in Garmin's data "
                         "are this uneven, but no injury threshold for running asymmetry has been "
                         "validated.",
                         "Watch whether it persists across runs. If it comes with pain, a recent "
                         "injury or a change you can feel, have a physiotherapist look at it. Camber, "
                         "terrain or a loose sensor can also cause it.",
                         "Garmin running dynamics manual (GCT balance bands); symmetry index, Herzog "
                         "et al. 1989, Med Sci Sports Exerc 21:110 (docs/science.md §5)");
    if (f) {
        int len = snprintf(f->evidence, sizeof f->evidence,
                           "flat ground-contact balance median %.1f %% left (IQR %.1f-%.1f) over "
                           "%.0f min, symmetry index %.1f %%; Garmin's red band starts beyond 52.2 %%",
                           s->median, s->q1, s->q3, s->time_s / 60, r->mech.symmetry_index_pct);
        if (own && len > 0 && (size_t)len < sizeof f->evidence)
            snprintf(f->evidence + len, sizeof f->evidence - (size_t)len,
                     "; your usual %.1f %% left", b->flat_balance_pct);
    }
}

static void form(sg_run_result *r)
{
    const sg_run_fatigue *fa = &r->fatigue;
    int n = 0;
    n += fa->cadence_pct.significant && fa->cadence_pct.change < 0;
    n += fa->stance_time_pct.significant && fa->stance_time_pct.change > 0;
    n += fa->vertical_ratio_pct.significant && fa->vertical_ratio_pct.change > 0;
    if (n) {
        sg_run_flag *f = add(r, "form_breakdown_late", n >= 2 ? SG_SEV_CAUTION : SG_SEV_INFO,
                             "In the last quarter of the run your running form changed at the same "
                             "pace and grade as in the first: a common sign of fatigue, when the "
                             "muscles that steady the hips and trunk do less of the work.",
                             "Consider keeping long runs to a length where form holds, building "
                             "distance gradually, and adding hip and trunk strength work.",
                             "Schütte et al. 2016, ISBS Proc. (longer contact time late in a 3200 m "
                             "time trial); Schütte et al. 2015, PLoS ONE 10:e0141957 (docs/science.md §6)");
        if (f) {
            const struct {
                const char *name;
                const sg_run_drift *d;
            } m[3] = {{"cadence", &fa->cadence_pct},
                      {"ground contact", &fa->stance_time_pct},
                      {"vertical ratio", &fa->vertical_ratio_pct}};
            size_t len = (size_t)snprintf(f->evidence, sizeof f->evidence,
                                          "last vs first quarter at matched grade and pace:");
            for (int i = 0; i < 3 && len < sizeof f->evidence; i++) {
                if (isnan(m[i].d->change))
                    continue; /* not recorded, or no matched data */
                int w = snprintf(f->evidence + len, sizeof f->evidence - len, " %s %+.1f %% (+-%.1f)",
                                 m[i].name, m[i].d->change, m[i].d->noise);
                if (w < 0)
                    break;
                len += (size_t)w;
            }
        }
    }
    if (fa->asymmetry_pp.significant && fa->asymmetry_pp.change > 0) {
        sg_run_flag *f = add(r, "asymmetry_grows", SG_SEV_CAUTION,
                             "Left-right ground contact became more uneven as the run went on, at "
                             "matched pace and grade.",
                             "Note whether one side feels tired or sore late in long runs; if this "
                             "repeats or comes with pain, have a physiotherapist look at it.",
                             "Schütte et al. 2016, ISBS Proc. (lower step symmetry in the final lap); "
                             "symmetry index, Herzog et al. 1989 (docs/science.md §6)");
        if (f)
            snprintf(f->evidence, sizeof f->evidence,
                     "distance of balance from 50/50 grew by %.1f points (+-%.1f) from the first "
                     "to the last quarter (balance %+.1f points left)",
                     fa->asymmetry_pp.change, fa->asymmetry_pp.noise, fa->balance_pp.change);
    }
    if (!isnan(fa->decoupling_pct) && fa->decoupling_pct > 5 && r->moving_time_s >= 2700) {
        sg_run_flag *f = add(r, "cardiac_drift", SG_SEV_INFO,
                             "Heart rate rose relative to grade-adjusted pace in the second half. "
                             "Fatigue, heat and too little fluid all do this.",
                             "Nothing to change for one run; if it is common on long runs, pace "
                             "them easier at first and drink on the way.",
                             "Aerobic decoupling (pace:heart-rate), Friel; 5 % rule of thumb "
                             "(docs/science.md §6)");
        if (f)
            snprintf(f->evidence, sizeof f->evidence,
                     "grade-adjusted speed per heartbeat fell %.1f %% from the first to the second "
                     "half of %.0f min moving",
                     fa->decoupling_pct, r->moving_time_s / 60);
    }
}

void sg_runi_flags(const sg_run_ctx *c, sg_run_result *r)
{
    descent(c, r);
    cadence(r);
    asymmetry(c, r);
    form(r);
}
