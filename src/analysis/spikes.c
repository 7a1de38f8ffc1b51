/* Single-session spikes: each run's distance against the longest run of the
 * 30 days before it, in Frandsen et al. 2025's categories
 * (docs/science.md §7.7). A run with no run in those 30 days but earlier
 * runs is a return from a break: its own category, because the baseline
 * the spike is measured against is gone (§7.7 gives the basis). */
#include "analysis/load_internal.h"

#include <math.h>

#define WINDOW_S (30.0 * 86400.0)
/* Relative slack for the category boundaries, so a run of exactly 110 % of
 * the baseline is "none" although 11000/10000 - 1 is 0.1000000000000001. */
#define BOUNDARY_EPS 1e-9

const char *sg_spike_category_name(sg_spike_cat c)
{
    switch (c) {
    case SG_SPIKE_NONE: return "none";
    case SG_SPIKE_SMALL: return "small";
    case SG_SPIKE_MODERATE: return "moderate";
    case SG_SPIKE_LARGE: return "large";
    case SG_SPIKE_RETURN: return "return_from_break";
    case SG_SPIKE_NO_BASELINE: break;
    }
    return "no_baseline";
}

sg_spike_cat sg_spike_categorize(double pct)
{
    if (!isfinite(pct))
        return SG_SPIKE_NO_BASELINE;
    if (pct <= 10.0 + BOUNDARY_EPS)
        return SG_SPIKE_NONE;
    if (pct <= 30.0 + BOUNDARY_EPS)
        return SG_SPIKE_SMALL;
    if (pct <= 100.0 + BOUNDARY_EPS)
        return SG_SPIKE_MODERATE;
    return SG_SPIKE_LARGE;
}

double sg_spike_hazard_ratio(sg_spike_cat c, double *lo, double *hi)
{
    /* Frandsen 2025, single-session spike, adjusted HRR (95 % CI) [V] */
    double v = NAN, l = NAN, h = NAN;
    switch (c) {
    case SG_SPIKE_NONE: v = l = h = 1.0; break;
    case SG_SPIKE_SMALL: v = 1.64; l = 1.31; h = 2.05; break;
    case SG_SPIKE_MODERATE: v = 1.52; l = 1.16; h = 2.00; break;
    case SG_SPIKE_LARGE: v = 2.28; l = 1.50; h = 3.48; break;
    case SG_SPIKE_RETURN:
    case SG_SPIKE_NO_BASELINE: break;
    }
    if (lo)
        *lo = l;
    if (hi)
        *hi = h;
    return v;
}

void sg_spikes_compute(const sg_run_summary *runs, size_t n, const uint8_t *gap,
                       int32_t gap_first, size_t gap_n, sg_load_spike *out)
{
    for (size_t i = 0; i < n; i++) {
        const sg_run_summary *r = &runs[i];
        sg_load_spike *s = &out[i];
        s->activity_id = r->activity_id;
        s->start = r->start;
        s->day = sg_load_day_of(r->start);
        s->distance_m = r->distance_m;
        s->longest30_m = NAN;
        s->spike_pct = NAN;
        s->category = SG_SPIKE_NO_BASELINE;
        s->baseline_gap = false;
        s->days_without_run = -1;
        /* runs are sorted; the window holds only a handful, so a backward
         * scan is cheaper than a monotonic deque and obviously right */
        double best = NAN;
        bool earlier = false, in_window = false;   /* a run before / inside the window */
        for (size_t j = i; j-- > 0;) {
            if (runs[j].start >= r->start)
                continue;     /* same start instant: not "before" */
            if (s->days_without_run < 0)
                s->days_without_run = s->day - sg_load_day_of(runs[j].start) - 1;
            if (runs[j].start < r->start - WINDOW_S) {
                earlier = true;
                break;
            }
            in_window = true;
            if (isfinite(runs[j].distance_m) && runs[j].distance_m > 0 && !(runs[j].distance_m <= best))
                best = runs[j].distance_m;
        }
        if (gap) {
            int32_t d1 = sg_load_day_of(r->start - WINDOW_S), d2 = s->day;
            for (int32_t d = d1; d < d2; d++) {
                if (d >= gap_first && (size_t)(d - gap_first) < gap_n && gap[d - gap_first]) {
                    s->baseline_gap = true;
                    break;
                }
            }
        }
        if (isfinite(best) && isfinite(r->distance_m)) {
            s->longest30_m = best;
            s->spike_pct = 100.0 * (r->distance_m / best - 1.0);
            s->category = sg_spike_categorize(s->spike_pct);
        } else if (earlier && !in_window) {
            s->category = SG_SPIKE_RETURN;
        }
    }
}
