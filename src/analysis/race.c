/* Race course demands against what training prepared, and a gradual descent
 * progression when the gap is large (docs/science.md §7.8).
 *
 * The course's ascent and descent are the model's one elevation computation
 * (strideguard/figures.h: repair, smoothing, hysteresis by altitude source),
 * the same the runs it is compared with get, so readiness compares like with
 * like (issue #13 item 6). A course has no times of its own that matter: it
 * is timed at SG_ELEV_COURSE_MPS along its distance for the smoothing window.
 * The descent segments are the turning points of that smoothed profile with
 * a wider band (SEG_BAND_*), so a bump of a metre or two does not split a
 * long descent. */
#include "strideguard/geo.h"
#include "analysis/load_internal.h"
#include "strideguard/figures.h"

#include <math.h>
#include <string.h>

#define STEEP_MIN_LEN_M 200.0
#define PREP_DAYS 56          /* "the last 8 weeks" */
#define GAP_RATIO 1.5         /* course descent > 1.5x the largest recent run descent [D] */
#define GAP_MIN_DESCENT_M 100.0
#define TARGET_SHARE 0.8      /* progression aims at 80 % of the course descent [D] */
#define WEEKLY_GROWTH 1.2     /* at most +20 % per week [D] */
#define FIRST_STEP_MAX_M 100.0
#define LAST_STEP_DAYS_OUT 21 /* repeated-bout protection seen 1-3 weeks later */
#define SEG_BAND_BARO 3.0     /* m: turning-point band of the descent segments [D] */
#define SEG_BAND_GPS 10.0


static void descent_segment(sg_course *c, double drop, double len)
{
    c->descent_m += drop;
    if (!(drop <= c->max_descent_segment_m)) {
        c->max_descent_segment_m = drop;
        c->max_descent_segment_len_m = len;
        c->max_descent_segment_grade_pct = len > 0 ? 100.0 * drop / len : NAN;
    }
    if (isfinite(len) && len >= STEEP_MIN_LEN_M) {
        double g = 100.0 * drop / len;
        if (!(g <= c->steepest_descent_grade_pct)) {
            c->steepest_descent_grade_pct = g;
            c->steepest_descent_drop_m = drop;
            c->steepest_descent_len_m = len;
        }
    }
}

int sg_course_summarize(const sg_activity *act, sg_course *c, sg_err *err)
{
    if (!act || !c)
        return sg_err_set(err, SG_EUSAGE, -1, "course: missing input");
    memset(c, 0, sizeof *c);
    c->distance_m = c->ascent_m = c->descent_m = c->hysteresis_m = NAN;
    c->max_descent_segment_m = c->max_descent_segment_len_m = c->max_descent_segment_grade_pct = NAN;
    c->steepest_descent_grade_pct = c->steepest_descent_drop_m = c->steepest_descent_len_m = NAN;
    c->points = act->n;
    const double *alt = act->ch[SG_CH_ALTITUDE], *dist = act->ch[SG_CH_DISTANCE];
    const double *lat = act->ch[SG_CH_LAT], *lon = act->ch[SG_CH_LON];
    int use_dist = sg_activity_has(act, SG_CH_DISTANCE);
    int use_ll = !use_dist && sg_activity_has(act, SG_CH_LAT) && sg_activity_has(act, SG_CH_LON);
    c->has_track = use_dist || use_ll;

    size_t n = act->n, n_alt = 0;
    for (size_t i = 0; alt && i < n; i++)
        n_alt += isfinite(alt[i]) != 0;
    c->has_elevation = n_alt >= 2;

    /* cumulative distance, non-decreasing; the smoothed profile */
    double *cum = NULL, *t = NULL, *prof = NULL, *scratch = NULL;
    if (n) {
        cum = sg_realloc_array(act->alloc, NULL, n, 4 * sizeof *cum);
        if (!cum)
            return sg_err_set(err, SG_ENOMEM, -1, "course: out of memory for %zu points", n);
        t = cum + n;
        prof = cum + 2 * n;
        scratch = cum + 3 * n;
    }
    double x = c->has_track ? 0 : NAN, plat = NAN, plon = NAN;
    for (size_t i = 0; i < n; i++) {
        if (use_dist && isfinite(dist[i]) && !(dist[i] < x))
            x = dist[i];
        else if (use_ll && isfinite(lat[i]) && isfinite(lon[i])) {
            if (isfinite(plat))
                x += sg_geo_haversine_m(plat, plon, lat[i], lon[i]);
            plat = lat[i];
            plon = lon[i];
        }
        cum[i] = x;
        /* no track: one point a second */
        t[i] = c->has_track ? x / SG_ELEV_COURSE_MPS : (double)i;
    }
    if (c->has_track)
        c->distance_m = n ? cum[n - 1] : 0;
    sg_elevation e;
    if (!c->has_elevation ||
        !sg_elevation_profile(alt, NULL, t, n, act->alt_source, lat != NULL, prof, scratch, &e)) {
        sg_free(act->alloc, cum);
        return SG_OK;
    }
    c->hysteresis_m = e.hysteresis_m;
    c->ascent_m = e.ascent_m;
    c->descent_m = e.descent_m;

    /* descent segments between the turning points of the smoothed profile */
    const double H = e.source == SG_ALT_GPS ? SEG_BAND_GPS : SEG_BAND_BARO;
    int trend = 0;
    double pivot = prof[0], pivot_d = cum[0], ext = prof[0], ext_d = cum[0];
    c->descent_m = 0;   /* descent_segment() sums here; the total is e's */
    for (size_t i = 1; i < n; i++) {
        double a = prof[i];
        if (trend == 0) {
            if (a > pivot + H || a < pivot - H) {
                trend = a > pivot ? 1 : -1;
                ext = a;
                ext_d = cum[i];
            }
        } else if (trend > 0) {
            if (a > ext) {   /* strict: keep the first point of a plateau */
                ext = a;
                ext_d = cum[i];
            } else if (a < ext - H) {        /* peak confirmed */
                pivot = ext;
                pivot_d = ext_d;
                trend = -1;
                ext = a;
                ext_d = cum[i];
            }
        } else {
            if (a < ext) {
                ext = a;
                ext_d = cum[i];
            } else if (a > ext + H) {        /* trough confirmed */
                descent_segment(c, pivot - ext, ext_d - pivot_d);
                pivot = ext;
                pivot_d = ext_d;
                trend = 1;
                ext = a;
                ext_d = cum[i];
            }
        }
    }
    if (trend < 0)
        descent_segment(c, pivot - ext, ext_d - pivot_d);
    c->descent_m = e.descent_m;
    sg_free(act->alloc, cum);
    return SG_OK;
}

void sg_race_prepare(const sg_run_summary *runs, size_t n, const sg_load_day *days,
                     size_t n_days, int32_t today, const sg_course *course, sg_race_result *race)
{
    char ds[11];
    race->max_run_descent_m = race->max_week_descent_m = NAN;
    for (size_t i = 0; i < n; i++) {
        int32_t d = sg_load_day_of(runs[i].start);
        if (d <= today - PREP_DAYS || d > today || !sg_load_on_foot(runs[i].sport))
            continue;
        if (isfinite(runs[i].descent_m) && !(runs[i].descent_m <= race->max_run_descent_m))
            race->max_run_descent_m = runs[i].descent_m;
    }
    /* largest descent in any 7 consecutive days ending within the window */
    if (n_days) {
        int32_t first = days[0].day;
        for (int32_t end = today - PREP_DAYS + 1; end <= today; end++) {
            double s = 0;
            int any = 0;
            for (int32_t d = end - 6; d <= end; d++) {
                if (d < first || (size_t)(d - first) >= n_days)
                    continue;
                s += days[d - first].descent_m;
                any = 1;
            }
            if (any && !(s <= race->max_week_descent_m))
                race->max_week_descent_m = s;
        }
    }
    if (isfinite(race->max_week_descent_m) && !isfinite(race->max_run_descent_m))
        race->max_week_descent_m = NAN;   /* no run had descent data: zeros mean unknown */

    if (!course) {
        sg_flag_add(race->flags, &race->n_flags, "no_course", SG_FLAG_INFO,
                    "No race course set; add one with 'strideguard athlete set --course FILE' "
                    "to compare its climbs and descents with your training.");
        return;
    }
    race->has_course = true;
    race->course = *course;
    if (!course->has_elevation) {
        sg_flag_add(race->flags, &race->n_flags, "course_no_elevation", SG_FLAG_INFO,
                    "The race course has no elevation data; its descents cannot be compared "
                    "with your training.");
        return;
    }
    double need = course->descent_m, have = race->max_run_descent_m;
    if (!(need >= GAP_MIN_DESCENT_M))
        return;
    if (isfinite(have) && need <= GAP_RATIO * have) {
        sg_flag_add(race->flags, &race->n_flags, "descent_prepared", SG_FLAG_INFO,
                    "The course descends %.0f m; your largest single-run descent of the last 8 "
                    "weeks was %.0f m.", need, have);
        return;
    }
    if (race->days_to_race < 0)
        return;
    sg_flag_add(race->flags, &race->n_flags, "descent_underprepared", SG_FLAG_WATCH,
                "The course descends %.0f m in total (longest descent %.0f m over %.1f km); "
                "your largest single-run descent of the last 8 weeks was %s%.0f m. Unaccustomed "
                "downhill running causes the most muscle damage; prior downhill exposure is the "
                "best-supported protection (Bontemps 2020; Khassetarash 2022).",
                need, course->max_descent_segment_m, course->max_descent_segment_len_m / 1000,
                isfinite(have) ? "" : "unknown, counted as ", isfinite(have) ? have : 0.0);

    /* one descent-focused run a week, growing gradually, finished 3 weeks out */
    double target = TARGET_SHARE * need;
    double step = isfinite(have) && have > 0 ? have * WEEKLY_GROWTH
                                              : fmin(FIRST_STEP_MAX_M, target / 4);
    int32_t w = sg_load_monday(today) + 7;
    int32_t last = race->race_day - LAST_STEP_DAYS_OUT;
    while (w <= last && race->n_progression < SG_RACE_MAX_PROGRESSION) {
        sg_race_step *s = &race->progression[race->n_progression++];
        s->week_start = w;
        s->descent_m = fmin(step, target);
        if (step >= target)
            break;
        step *= WEEKLY_GROWTH;
        w += 7;
    }
    if (!race->n_progression)
        sg_flag_add(race->flags, &race->n_flags, "descent_no_time", SG_FLAG_WATCH,
                    "Too close to race day (%s) to build descent tolerance gradually; take the "
                    "long descents conservatively.", sg_load_day_str(race->race_day, ds));
    else if (race->progression[race->n_progression - 1].descent_m < target)
        sg_flag_add(race->flags, &race->n_flags, "descent_target_unreached", SG_FLAG_INFO,
                    "At +20 %% a week the descent runs reach %.0f m by 3 weeks out, short of "
                    "%.0f m (80 %% of the course); take the long descents conservatively.",
                    race->progression[race->n_progression - 1].descent_m, target);
    else
        sg_flag_add(race->flags, &race->n_flags, "descent_progression", SG_FLAG_INFO,
                    "Suggested: one run a week with a planned descent, from %.0f m up to %.0f m "
                    "by %s (+20 %% a week at most), then keep it through the taper.",
                    race->progression[0].descent_m, target,
                    sg_load_day_str(race->progression[race->n_progression - 1].week_start, ds));
}
