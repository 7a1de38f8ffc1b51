/* Impact and braking exposure: an impact-weighted, flat-equivalent distance
 * (docs/science.md §4). Each metre run counts with a factor for
 *   grade  - Gottschall & Kram 2005 at 3 m/s: at -9 deg (-15.8 %) the normal
 *            impact peak is +54 % and the parallel braking peak +73 %; uphill
 *            the impact peak falls and is absent at +9 deg [V], which the
 *            index does not credit: uphill counts as flat [D]. Between 0 and
 *            +-9 deg we interpolate linearly and hold the +-9 deg values beyond,
 *            where nothing was measured: a labelled model assumption [D].
 *            Uphill braking was not reported; held at level [D].
 *   speed  - Keller et al. 1996: peak vertical force rises linearly from
 *            1.2 BW at 1.5 m/s to about 2.5 BW at 6.0 m/s [S]; relative to the
 *            3 m/s of Gottschall & Kram, clamped to that speed range.
 *   step   - Willson et al. 2014: +10 % step length raised patellofemoral
 *            stress per mile by 14 %, -10 % lowered it by 7.5 % [V]; the step
 *            length is compared with the runner's own baseline at that speed
 *            and grade; without one the step factor is 1 (no population
 *            cadence stands in for the runner's own) [D].
 * The product is a relative exposure index, not a force. */
#include <math.h>

#include "analysis/run_internal.h"

#define G_9DEG 0.15838444032453627 /* tan(9 deg) */

static double steep_share(double i)
{
    double s = fabs(i) / G_9DEG;
    return s > 1 ? 1 : s;
}

double sg_impact_peak_factor(double i)
{
    if (isnan(i))
        return 1;
    return i < 0 ? 1 + 0.54 * steep_share(i) : 1 - steep_share(i);
}

double sg_impact_braking_factor(double i)
{
    if (isnan(i))
        return 1;
    return i < 0 ? 1 + 0.73 * steep_share(i) : 1;
}

double sg_impact_grade_factor(double i)
{
    /* Uphill the index stays at the flat value: the impact peak falls, but
     * propulsive forces, hip work and lumbar extension rise, and no study
     * gives one load for both; crediting climbs as easier (the earlier 0.5
     * at +9 deg) would contradict the concern about climbs (docs/science.md
     * §4) [D]. */
    if (!(i < 0))
        return 1;
    return 0.5 * (sg_impact_peak_factor(i) + sg_impact_braking_factor(i));
}

double sg_impact_speed_factor(double v)
{
    if (isnan(v))
        return 1;
    if (v < 1.5)
        v = 1.5;
    if (v > 6.0)
        v = 6.0;
    double slope = (2.5 - 1.2) / (6.0 - 1.5);
    return (1.2 + slope * (v - 1.5)) / (1.2 + slope * (3.0 - 1.5));
}

double sg_impact_step_factor(double ratio)
{
    if (isnan(ratio))
        return 1;
    if (ratio > 1.2)
        ratio = 1.2;
    if (ratio < 0.8)
        ratio = 0.8;
    return ratio >= 1 ? 1 + 1.4 * (ratio - 1) : 1 + 0.75 * (ratio - 1);
}

void sg_runi_impact(const sg_run_ctx *c, sg_run_result *r)
{
    r->impact_weighted_km = NAN;
    if (!c->have_distance)
        return;
    const double *cad = c->metric[SG_RM_CADENCE];
    double sum = 0;
    for (size_t k = 1; k < c->n; k++) {
        double dd = sg_runi_dd(c, k);
        if (dd <= 0)
            continue;
        double dt = sg_runi_dt(c, k), v = dd / dt, g = sg_runi_g(c, k);
        double f = sg_impact_grade_factor(g) * sg_impact_speed_factor(v);
        double cd = cad ? cad[k] : NAN;
        if (!isnan(cd) && v >= SG_RUN_VRUN) {
            double lref = NAN;
            int sb = sg_run_speed_bin(v);
            if (c->base && sb >= 0)
                lref = c->base->cell[sb][sg_run_band_of(g * 100)].median[SG_RM_STEP_LENGTH];
            if (!isnan(lref))
                f *= sg_impact_step_factor((v / (cd / 60.0)) / lref);
        }
        sum += dd * f;
    }
    r->impact_weighted_km = sum / 1000.0;
}
