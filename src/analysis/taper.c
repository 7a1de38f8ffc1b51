/* Taper and long-run timing before a race (docs/science.md §7.6).
 *
 * Weeks here are 7-day blocks counted back from race day (block 0 = the 7
 * days before the race, block 1 = the 7 before those, ...), not calendar
 * weeks: a taper is defined relative to the race, whatever weekday it is. */
#include "analysis/load_internal.h"

#include <math.h>

#define TAPER_DAYS 14         /* Bosquet 2007: ~2-week taper */
#define BLOCKS 12             /* a marathon build: the 12 weeks before the race */
#define TAPER_MISSING_PCT 20.0
#define TAPER_LOW_PCT 41.0    /* Bosquet 2007: 41-60 % reduction */
#define TAPER_HIGH_PCT 60.0
#define LONG_RUN_MIN_OUT 21   /* longest run 3-5 weeks out [D] */
#define LONG_RUN_MAX_OUT 35
#define LONG_RUN_WINDOW 56    /* the long run of the build: of the final 8 weeks [D] */

/* A run on foot: running, or no sport at all (GPX files without one are
 * mostly runs, as in sg_load_on_foot); walks and hikes are not long runs. */
static int is_run(sg_sport s) { return s == SG_SPORT_RUNNING || s == SG_SPORT_UNKNOWN; }

static double day_distance(const sg_load_day *days, size_t n_days, int32_t d, int32_t today)
{
    if (!n_days || d > today || d < days[0].day || (size_t)(d - days[0].day) >= n_days)
        return 0;
    return days[d - days[0].day].distance_m;
}

void sg_taper_evaluate(const sg_run_summary *runs, size_t n, const sg_load_day *days,
                       size_t n_days, int32_t today, sg_race_result *race)
{
    char ds[11];
    int32_t rd = race->race_day;
    race->longest_run_m = race->peak_block_m = NAN;
    race->pre_taper_weekly_m = race->taper_weekly_m = race->taper_reduction_pct = NAN;
    race->longest_run_day = 0;
    race->longest_run_days_out = -1;
    race->peak_block = -1;

    if (race->days_to_race < 0) {
        sg_flag_add(race->flags, &race->n_flags, "race_past", SG_FLAG_INFO,
                    "Race day %s has passed; set the next race with 'strideguard athlete set "
                    "--race-date'.", sg_load_day_str(rd, ds));
        return;
    }

    /* the long run of the build: the longest run (not a walk or hike) of the
     * final 8 weeks before the race, so far; an early spike is not the long
     * run the race builds on */
    for (size_t i = 0; i < n; i++) {
        int32_t d = sg_load_day_of(runs[i].start);
        if (d < rd - LONG_RUN_WINDOW || d >= rd || d > today || !is_run(runs[i].sport))
            continue;
        if (isfinite(runs[i].distance_m) && !(runs[i].distance_m <= race->longest_run_m)) {
            race->longest_run_m = runs[i].distance_m;
            race->longest_run_day = d;
            race->longest_run_days_out = (int)(rd - d);
        }
    }
    /* block volumes; a block counts for the peak once it has begun */
    for (int k = 0; k < BLOCKS; k++) {
        int32_t b0 = rd - 7 * (k + 1);
        if (b0 > today)
            continue;
        double v = 0;
        for (int32_t d = b0; d < b0 + 7; d++)
            v += day_distance(days, n_days, d, today);
        if (!(v <= race->peak_block_m)) {
            race->peak_block_m = v;
            race->peak_block = k;
        }
    }
    if (today >= rd - TAPER_DAYS) {
        double pre = 0;
        for (int32_t d = rd - 35; d < rd - TAPER_DAYS; d++)
            pre += day_distance(days, n_days, d, today);
        race->pre_taper_weekly_m = pre / 3.0;
        int32_t last = today < rd - 1 ? today : rd - 1;
        int nd = (int)(last - (rd - TAPER_DAYS) + 1);
        double tv = 0;
        for (int32_t d = rd - TAPER_DAYS; d <= last; d++)
            tv += day_distance(days, n_days, d, today);
        if (nd >= 7) {
            race->taper_weekly_m = tv / nd * 7.0;
            if (race->pre_taper_weekly_m > 0)
                race->taper_reduction_pct =
                    100.0 * (1.0 - race->taper_weekly_m / race->pre_taper_weekly_m);
        }
    }

    if (race->days_to_race > 21) {
        sg_flag_add(race->flags, &race->n_flags, "build_phase", SG_FLAG_INFO,
                    "%d days to race day: a taper usually starts about 2 weeks out; the long "
                    "run usually comes 3-5 weeks out.", race->days_to_race);
        return;
    }
    double red = race->taper_reduction_pct;
    if (isfinite(red)) {
        if (red < TAPER_MISSING_PCT)
            sg_flag_add(race->flags, &race->n_flags, "taper_missing", SG_FLAG_WATCH,
                        "The last 2 weeks ran at %.1f km/week against %.1f km/week before "
                        "(%+.0f %%): no taper. Reducing volume by 41-60 %% over about 2 weeks, "
                        "keeping intensity and frequency, gave the best performance gains "
                        "(Bosquet 2007).", race->taper_weekly_m / 1000,
                        race->pre_taper_weekly_m / 1000, -red);
        else if (red < TAPER_LOW_PCT)
            sg_flag_add(race->flags, &race->n_flags, "taper_light", SG_FLAG_INFO,
                        "Volume over the last 2 weeks is down %.0f %%; the taper literature's "
                        "best results came with 41-60 %% (Bosquet 2007).", red);
        else if (red <= TAPER_HIGH_PCT)
            sg_flag_add(race->flags, &race->n_flags, "taper_ok", SG_FLAG_INFO,
                        "Volume over the last 2 weeks is down %.0f %%, within the 41-60 %% of "
                        "Bosquet 2007.", red);
        else
            sg_flag_add(race->flags, &race->n_flags, "taper_deep", SG_FLAG_INFO,
                        "Volume over the last 2 weeks is down %.0f %%, more than the 41-60 %% "
                        "of Bosquet 2007; keep some intensity and frequency.", red);
    } else if (!(race->pre_taper_weekly_m > 0) && today >= rd - TAPER_DAYS) {
        sg_flag_add(race->flags, &race->n_flags, "taper_unknown", SG_FLAG_INFO,
                    "No running recorded 3-5 weeks before the race; the taper cannot be judged.");
    }
    if (race->peak_block == 0 || race->peak_block == 1)
        sg_flag_add(race->flags, &race->n_flags, "peak_week_in_taper", SG_FLAG_WATCH,
                    "Your biggest week of the build (%.1f km) is inside the final 2 weeks; "
                    "the peak week usually comes before them.", race->peak_block_m / 1000);
    if (race->longest_run_days_out >= 0 && race->longest_run_days_out < LONG_RUN_MIN_OUT)
        sg_flag_add(race->flags, &race->n_flags, "long_run_late", SG_FLAG_WATCH,
                    "Your longest run (%.1f km on %s) was %d days before race day; it usually "
                    "comes 3-5 weeks out so that you arrive recovered.", race->longest_run_m / 1000,
                    sg_load_day_str(race->longest_run_day, ds), race->longest_run_days_out);
    else if (race->longest_run_days_out > LONG_RUN_MAX_OUT)
        sg_flag_add(race->flags, &race->n_flags, "long_run_early", SG_FLAG_INFO,
                    "Your longest run of the build (%.1f km) was %d days before race day, "
                    "earlier than the usual 3-5 weeks.", race->longest_run_m / 1000,
                    race->longest_run_days_out);
}
