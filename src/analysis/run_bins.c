/* The grade bands and speed bins of the run analysis (run_analysis.h), used
 * by the pipeline (run.c) and by its stages (terrain, impact, mechanics,
 * fatigue's matched comparison): a module of their own so that the stages
 * need not reach back into the pipeline that calls them. */
#include <math.h>

#include "analysis/run_internal.h"

static const double band_edges[SG_RUN_N_BANDS + 1] = {-45, -15, -8, -3, 3, 8, 15, 45};

int sg_run_band_of(double pct)
{
    if (isnan(pct))
        return SG_RUN_FLAT;
    if (pct <= -15)
        return 0;
    if (pct <= -8)
        return 1;
    if (pct <= -3)
        return 2;
    if (pct < 3)
        return 3;
    if (pct < 8)
        return 4;
    if (pct < 15)
        return 5;
    return 6;
}

double sg_run_band_from_pct(int b)
{
    return b >= 0 && b < SG_RUN_N_BANDS ? band_edges[b] : NAN;
}

double sg_run_band_to_pct(int b)
{
    return b >= 0 && b < SG_RUN_N_BANDS ? band_edges[b + 1] : NAN;
}

/* 1.5 * 1.1^k, k = 0..SG_RUN_SPEED_BINS: a table, because a log() per
 * sample was a measurable share of the analysis. */
static const double speed_edges[SG_RUN_SPEED_BINS + 1] = {
    1.5, 1.6500000000000001, 1.8150000000000004, 1.9965000000000006, 2.1961500000000007,
    2.4157650000000008, 2.6573415000000011, 2.9230756500000017, 3.2153832150000023,
    3.5369215365000031, 3.8906136901500035, 4.2796750591650037, 4.707642565081505,
    5.1784068215896557, 5.6962475037486211, 6.2658722541234848, 6.8924594795358329,
    7.5817054274894176,
};

int sg_runi_bin(const double *edges, int nbins, double v)
{
    if (!(v >= edges[0]) || !(v < edges[nbins]))
        return -1;
    int lo = 0, hi = nbins; /* edges[lo] <= v < edges[hi] */
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (v >= edges[mid])
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int sg_run_speed_bin(double v) { return sg_runi_bin(speed_edges, SG_RUN_SPEED_BINS, v); }

double sg_run_speed_bin_lo(int k)
{
    return k >= 0 && k <= SG_RUN_SPEED_BINS ? speed_edges[k] : NAN;
}
