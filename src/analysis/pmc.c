/* Daily-load recurrences: Williams 2017 EWMA, the fitness/fatigue/form model
 * (GoldenCheetah's exponential form) and Foster 1998 monotony/strain.
 * Sources and the choice between variants: docs/science.md §7.4-7.5. */
#include "analysis/load_internal.h"

#include <math.h>

double sg_ewma_lambda(double n_days) { return 2.0 / (n_days + 1.0); }

void sg_ewma(const double *load, size_t n, double lambda, double *out)
{
    if (n == 0)
        return;
    out[0] = load[0];
    for (size_t t = 1; t < n; t++)
        out[t] = lambda * load[t] + (1.0 - lambda) * out[t - 1];
}

void sg_pmc(const double *load, size_t n, double *ctl, double *atl, double *tsb)
{
    /* 1 - e^(-1/tau) is the exact daily step of Banister's continuous decay
     * e^(-t/tau); see science §7.5 for why this form and not 1/tau. */
    const double a_ctl = 1.0 - exp(-1.0 / 42.0);
    const double a_atl = 1.0 - exp(-1.0 / 7.0);
    double c = 0, a = 0;
    for (size_t t = 0; t < n; t++) {
        if (tsb)
            tsb[t] = c - a;
        c += a_ctl * (load[t] - c);
        a += a_atl * (load[t] - a);
        if (ctl)
            ctl[t] = c;
        if (atl)
            atl[t] = a;
    }
}

void sg_monotony(const double *load, size_t n, double *monotony, double *strain)
{
    *monotony = *strain = NAN;
    if (n < 2)
        return;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(load[i]))
            return;
        sum += load[i];
    }
    double mean = sum / (double)n, ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (load[i] - mean) * (load[i] - mean);
    double sd = sqrt(ss / (double)n);
    /* identical loads every day: the ratio is undefined, not infinite */
    if (!(sd > 1e-12 * (fabs(mean) + 1.0)))
        return;
    *monotony = mean / sd;
    *strain = sum * *monotony;
}
