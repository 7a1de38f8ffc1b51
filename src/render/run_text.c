/* The human report of a run analysis. Population bands are printed as
 * context beside the runner's numbers, never as verdicts. */
#include <math.h>
#include <time.h>

#include "render/format.h"
#include "render/run_text.h"

typedef struct units {
    bool imp;
    double km;        /* m per displayed distance unit */
    const char *dist; /* "km" / "mi" */
    double elev;      /* displayed elevation units per m */
    const char *el;   /* "m" / "ft" */
} units;

static void dur(char *b, size_t n, double s) { sg_fmt_duration(b, n, s); }

static void pace(char *b, size_t n, double s_per_km, const units *u)
{
    sg_fmt_pace(b, n, s_per_km, u->imp);
}

static char *signed_pct(char *b, size_t n, double v)
{
    if (isfinite(v))
        snprintf(b, n, "%+.1f %%", v);
    else
        snprintf(b, n, "%s", SG_FMT_NOT_MEASURED);
    return b;
}

static const char *alt_name(sg_alt_source s)
{
    return s == SG_ALT_BAROMETRIC ? "barometric" : s == SG_ALT_GPS ? "GPS" :
           s == SG_ALT_CORRECTED ? "corrected" : "unknown";
}

static void metric_line(FILE *f, const char *label, const sg_run_stat *s, double scale,
                        const char *unit, int dec, const char *band)
{
    if (isnan(s->median)) {
        fprintf(f, "  %-22s %s\n", label, SG_FMT_NOT_MEASURED);
        return;
    }
    fprintf(f, "  %-22s %7.*f %-4s (IQR %.*f-%.*f)", label, dec, s->median * scale, unit, dec,
            s->q1 * scale, dec, s->q3 * scale);
    if (band)
        fprintf(f, "   population: %s", band);
    fputc('\n', f);
}

/* The title, the date and sport line, and the distance, pace, ascent and heart-rate summary. */
static void run_summary(FILE *f, const sg_run_result *r, const char *title, units u)
{
    const sg_run_terrain *t = &r->terrain;
    char b1[32], b2[32], b3[32];

    if (title)
        fprintf(f, "%s\n", title);
    char when[40] = "";
    if (r->start_time > 631065600.0) { /* before the FIT epoch it is device-relative */
        time_t tt = (time_t)r->start_time;
        struct tm tmv;
        if (gmtime_r(&tt, &tmv))
            strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tmv);
    }
    fprintf(f, "%s%s%s%s\n", when, when[0] ? " - " : "", sg_sport_name(r->sport),
            r->treadmill ? " (treadmill/indoor)" : "");
    dur(b1, sizeof b1, r->moving_time_s);
    pace(b2, sizeof b2, r->pace_s_per_km, &u);
    pace(b3, sizeof b3, r->gap_pace_s_per_km, &u);
    char bd[32];
    sg_fmt_distance(bd, sizeof bd, r->distance_m, u.imp, 2);
    fprintf(f, "Distance %s   moving %s   pace %s   grade-adjusted %s\n", bd, b1, b2, b3);
    if (!isnan(t->ascent_m))
        fprintf(f, "Ascent %.0f %s   descent %.0f %s   (%s altitude, %.0f m hysteresis)\n",
                t->ascent_m * u.elev, u.el, t->descent_m * u.elev, u.el,
                alt_name(t->alt_source), t->hysteresis_m);
    if (!isnan(r->avg_hr))
        fprintf(f, "Heart rate %.0f bpm (moving average)\n", r->avg_hr);
}

/* The "Terrain" table: distance and time by grade band, then the notable climbs and descents. */
static void run_terrain(FILE *f, const sg_run_result *r, units u)
{
    const sg_run_terrain *t = &r->terrain;
    char b1[32];

    if (!isnan(t->band[0].distance_m)) {
        fprintf(f, "\nTerrain: distance and moving time by grade\n");
        for (int b = 0; b < SG_RUN_N_BANDS; b++) {
            char lab[32];
            if (b == 0)
                snprintf(lab, sizeof lab, "<= %.0f %%", sg_run_band_to_pct(b));
            else if (b == SG_RUN_N_BANDS - 1)
                snprintf(lab, sizeof lab, ">= %.0f %%", sg_run_band_from_pct(b));
            else
                snprintf(lab, sizeof lab, "%.0f..%.0f %%", sg_run_band_from_pct(b),
                         sg_run_band_to_pct(b));
            dur(b1, sizeof b1, t->band[b].time_s);
            fprintf(f, "  %-12s %7.2f %s %9s\n", lab, t->band[b].distance_m / u.km, u.dist, b1);
        }
        const sg_run_segment *segs[4] = {&t->longest_climb, &t->steepest_climb,
                                         &t->longest_descent, &t->steepest_descent};
        const char *names[4] = {"Longest climb", "Steepest 200 m up", "Longest descent",
                                "Steepest 200 m down"};
        for (int i = 0; i < 4; i++)
            if (!isnan(segs[i]->distance_m))
                fprintf(f, "  %-20s %.2f %s at %+.1f %% (%+.0f %s), from %s %.2f\n", names[i],
                        segs[i]->distance_m / u.km, u.dist, segs[i]->grade_pct,
                        segs[i]->elevation_m * u.elev, u.el, u.dist, segs[i]->start_m / u.km);
    }
}

/* The "Impact and braking exposure" section. */
static void run_impact(FILE *f, const sg_run_result *r, units u)
{
    const sg_run_terrain *t = &r->terrain;
    char b1[32], b2[32];

    fprintf(f, "\nImpact and braking exposure (model, docs/science.md §4)\n");
    char ib[32], xb[32];
    if (isfinite(r->impact_weighted_km) && r->distance_m > 0)
        fprintf(f, "  impact-weighted distance (a strideguard index, not a force) %s "
                   "flat-equivalent (x%s of the distance)\n",
                sg_fmt_num(ib, sizeof ib, r->impact_weighted_km, 2, " km"),
                sg_fmt_num(xb, sizeof xb, r->impact_weighted_km * 1000 / r->distance_m, 2, NULL));
    else
        fprintf(f, "  impact-weighted distance %s (no distance or grade in the data)\n",
                SG_FMT_NOT_MEASURED);
    if (!isnan(t->descent_m_below_3pct)) {
        dur(b1, sizeof b1, t->descent_time_s_below_3pct);
        dur(b2, sizeof b2, t->descent_time_s_below_8pct);
        fprintf(f, "  below -3 %%: %.0f %s down over %.2f %s, %s\n", t->descent_m_below_3pct * u.elev,
                u.el, t->descent_dist_m_below_3pct / u.km, u.dist, b1);
        fprintf(f, "  below -8 %%: %.0f %s down over %.2f %s, %s\n", t->descent_m_below_8pct * u.elev,
                u.el, t->descent_dist_m_below_8pct / u.km, u.dist, b2);
    }
}

/* The "Mechanics on the flat" section. */
static void run_mechanics(FILE *f, const sg_run_result *r)
{
    const sg_run_mechanics *mc = &r->mech;
    fprintf(f, "\nMechanics on the flat (|grade| < 3 %%): median, IQR; population = Garmin "
               "percentile band, context only, not an injury threshold\n");
    metric_line(f, "cadence", &mc->flat[SG_RM_CADENCE], 1, "spm", 0,
                sg_run_garmin_band(SG_RM_CADENCE, mc->flat[SG_RM_CADENCE].median));
    metric_line(f, "step length", &mc->flat[SG_RM_STEP_LENGTH], 1, "m", 2, NULL);
    metric_line(f, "vertical oscillation", &mc->flat[SG_RM_VERT_OSC], 100, "cm", 1,
                sg_run_garmin_band(SG_RM_VERT_OSC, mc->flat[SG_RM_VERT_OSC].median));
    metric_line(f, "vertical ratio", &mc->flat[SG_RM_VERT_RATIO], 1, "%", 1,
                sg_run_garmin_band(SG_RM_VERT_RATIO, mc->flat[SG_RM_VERT_RATIO].median));
    metric_line(f, "ground contact time", &mc->flat[SG_RM_STANCE_TIME], 1000, "ms", 0,
                sg_run_garmin_band(SG_RM_STANCE_TIME, mc->flat[SG_RM_STANCE_TIME].median));
    metric_line(f, "contact balance (left)", &mc->flat[SG_RM_BALANCE], 1, "%", 1,
                sg_run_garmin_band(SG_RM_BALANCE, mc->flat[SG_RM_BALANCE].median));
    if (!isnan(mc->symmetry_index_pct))
        fprintf(f, "  %-22s %7.1f %%\n", "symmetry index", mc->symmetry_index_pct);
    if (!isnan(mc->vs_baseline[SG_RM_CADENCE])) {
        char c1[32], c2[32], c3[32];
        fprintf(f, "  vs your usual at the same speed and grade: cadence %s, ground contact "
                   "%s, vertical ratio %s\n",
                signed_pct(c1, sizeof c1, mc->vs_baseline[SG_RM_CADENCE]),
                signed_pct(c2, sizeof c2, mc->vs_baseline[SG_RM_STANCE_TIME]),
                signed_pct(c3, sizeof c3, mc->vs_baseline[SG_RM_VERT_RATIO]));
    }
}

/* The "Fatigue" section: drift from the first to the last quarter. */
static void run_fatigue(FILE *f, const sg_run_result *r)
{
    const sg_run_fatigue *fa = &r->fatigue;
    fprintf(f, "\nFatigue: last vs first quarter at matched grade and pace (+- = noise)\n");
    const struct {
        const char *name;
        const sg_run_drift *d;
        const char *unit;
    } dr[] = {{"cadence", &fa->cadence_pct, "%"},
              {"ground contact time", &fa->stance_time_pct, "%"},
              {"vertical ratio", &fa->vertical_ratio_pct, "%"},
              {"balance (left)", &fa->balance_pp, "points"},
              {"asymmetry", &fa->asymmetry_pp, "points"}};
    for (size_t i = 0; i < sizeof dr / sizeof dr[0]; i++) {
        if (isnan(dr[i].d->change))
            fprintf(f, "  %-22s %s\n", dr[i].name, SG_FMT_NOT_MEASURED);
        else
            fprintf(f, "  %-22s %+6.1f %s (+-%.1f)%s\n", dr[i].name, dr[i].d->change, dr[i].unit,
                    dr[i].d->noise, dr[i].d->significant ? "  beyond noise" : "");
    }
    if (!isnan(fa->decoupling_pct))
        fprintf(f, "  %-22s %+6.1f %%\n", "aerobic decoupling", fa->decoupling_pct);
}

/* The "Flags" list and what was not in the data. */
static void run_flags(FILE *f, const sg_run_result *r)
{
    fprintf(f, "\nFlags\n");
    if (!r->n_flags)
        fprintf(f, "  none\n");
    for (size_t i = 0; i < r->n_flags; i++) {
        const sg_run_flag *fl = &r->flags[i];
        fprintf(f, "  [%s] %s\n    %s\n    evidence: %s\n    what to do: %s\n    source: %s\n",
                sg_run_severity_name(fl->severity), fl->code, fl->message, fl->evidence,
                fl->action, fl->source);
    }
    if (r->missing) {
        fprintf(f, "\nNot in the data:");
        for (int i = 0; i < SG_RUN_N_MISSING; i++)
            if (r->missing & (1u << i))
                fprintf(f, " %s", sg_run_missing_name(1u << i));
        fputc('\n', f);
    }
}

/* The repaired-samples count and the closing disclaimer. */
static void run_repairs(FILE *f, const sg_run_result *r)
{
    const sg_run_repairs *p = &r->repaired;
    size_t nrep = p->time_backwards + p->duplicate_time + p->no_time + p->distance_backwards +
                  p->speed_spikes + p->altitude_outliers + p->altitude_steps + p->mechanics_excluded;
    if (nrep)
        fprintf(f, "Repaired or excluded samples: %zu (time backwards %zu, duplicate time %zu, "
                   "speed spikes %zu, altitude outliers %zu, altitude steps %zu, implausible dynamics %zu)\n",
                nrep, p->time_backwards, p->duplicate_time, p->speed_spikes,
                p->altitude_outliers, p->altitude_steps, p->mechanics_excluded);
    fprintf(f, "This report flags patterns; it does not diagnose. If in doubt, seek care.\n");
}

int sg_run_text_write(FILE *f, const sg_run_result *r, const char *title, bool imperial)
{
    units u = imperial ? (units){true, 1609.344, "mi", 3.28084, "ft"}
                       : (units){false, 1000.0, "km", 1.0, "m"};

    run_summary(f, r, title, u);
    run_terrain(f, r, u);
    run_impact(f, r, u);
    run_mechanics(f, r);
    run_fatigue(f, r);
    run_flags(f, r);
    run_repairs(f, r);
    return ferror(f) ? -1 : 0;
}
