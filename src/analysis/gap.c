/* Grade-adjusted pace from Minetti et al. 2002 (docs/science.md §3).
 *
 * The energy cost of running per kg per metre, Cr(i), is the published
 * quintic fit over -45 %..+45 %. Holding metabolic power Cr(i)*v equal to
 * the flat gives v_gap = v * Cr(i)/Cr(0); summed over moving intervals it is
 * a flat-equivalent distance, and the GAP pace is moving time over it. */
#include <math.h>

#include "analysis/run_internal.h"

double sg_gap_cr(double i)
{
    if (isnan(i))
        return NAN;
    if (i > SG_RUN_GRADE_CLAMP)
        i = SG_RUN_GRADE_CLAMP;
    if (i < -SG_RUN_GRADE_CLAMP)
        i = -SG_RUN_GRADE_CLAMP;
    /* Horner form of 155.4 i^5 - 30.4 i^4 - 43.3 i^3 + 46.3 i^2 + 19.5 i + 3.6 */
    return ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6;
}

double sg_gap_factor(double i) { return sg_gap_cr(i) / 3.6; }

void sg_runi_gap(const sg_run_ctx *c, sg_run_result *r)
{
    r->gap_distance_m = NAN;
    r->gap_pace_s_per_km = NAN;
    if (!c->have_distance || !c->grade_known)
        return;
    double gd = 0, mt = 0;
    for (size_t k = 1; k < c->n; k++) {
        if (!c->moving[k])
            continue;
        gd += sg_runi_dd(c, k) * sg_gap_factor(sg_runi_g(c, k));
        mt += sg_runi_rdt(c, k);
    }
    r->gap_distance_m = gd;
    if (gd > 0)
        r->gap_pace_s_per_km = mt / gd * 1000.0;
}
