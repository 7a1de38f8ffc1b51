/* Banister TRIMP and heart-rate helpers (docs/science.md §7.3). */
#include "strideguard/load.h"

#include <math.h>

/* Longest sample interval counted as effort: auto-pause and smart recording
 * leave longer holes in which the heart rate is unknown [D]. */
#define TRIMP_MAX_DT_S 20.0
#define HR_MIN_PLAUSIBLE ((double)SG_TRIMP_HR_LO)
#define HR_MAX_PLAUSIBLE ((double)(SG_TRIMP_HR_LO + SG_TRIMP_HR_BINS - 1))

double sg_trimp_per_minute(double hrr, sg_sex sex)
{
    double a = 0.64, b = 1.92;     /* men (and unknown) */
    if (sex == SG_SEX_FEMALE) {
        a = 0.86;
        b = 1.67;
    }
    return hrr * a * exp(b * hrr);
}

static int hr_ok(double hr) { return isfinite(hr) && hr >= HR_MIN_PLAUSIBLE && hr <= HR_MAX_PLAUSIBLE; }

/* The seconds interval i counts as effort: its length up to TRIMP_MAX_DT_S,
 * or 0 when its heart rate is implausible or its times are unknown. */
static double counted_dt(const double *t, const double *hr, size_t i)
{
    if (!hr_ok(hr[i]) || !isfinite(t[i]) || !isfinite(t[i + 1]))
        return 0;
    double dt = t[i + 1] - t[i];
    if (!(dt > 0))
        return 0;
    return dt > TRIMP_MAX_DT_S ? TRIMP_MAX_DT_S : dt;
}

double sg_trimp_activity(const sg_activity *act, double hr_rest, double hr_max, sg_sex sex)
{
    if (!act || act->n < 2 || !act->ch[SG_CH_HEART_RATE] || !act->ch[SG_CH_TIME])
        return NAN;
    if (!isfinite(hr_rest) || !isfinite(hr_max) || hr_max <= hr_rest)
        return NAN;
    const double *t = act->ch[SG_CH_TIME], *hr = act->ch[SG_CH_HEART_RATE];
    double sum = 0;
    int any = 0;
    for (size_t i = 0; i + 1 < act->n; i++) {
        double dt = counted_dt(t, hr, i);
        if (!(dt > 0))
            continue;
        double hrr = (hr[i] - hr_rest) / (hr_max - hr_rest);
        if (hrr < 0)
            hrr = 0;
        if (hrr > 1)
            hrr = 1;
        sum += dt / 60.0 * sg_trimp_per_minute(hrr, sex);
        any = 1;
    }
    return any ? sum : NAN;
}

void sg_trimp_hr_histogram(const sg_activity *act, double hr_s[SG_TRIMP_HR_BINS],
                           double hr_mean[SG_TRIMP_HR_BINS])
{
    for (int b = 0; b < SG_TRIMP_HR_BINS; b++)
        hr_s[b] = hr_mean[b] = 0;
    if (!act || act->n < 2 || !act->ch[SG_CH_HEART_RATE] || !act->ch[SG_CH_TIME])
        return;
    const double *t = act->ch[SG_CH_TIME], *hr = act->ch[SG_CH_HEART_RATE];
    double wsum[SG_TRIMP_HR_BINS] = {0};
    for (size_t i = 0; i + 1 < act->n; i++) {
        double h = hr[i], dt = counted_dt(t, hr, i);
        if (!(dt > 0))
            continue;
        long b = lround(h) - SG_TRIMP_HR_LO;
        if (b < 0)
            b = 0;
        if (b >= SG_TRIMP_HR_BINS)
            b = SG_TRIMP_HR_BINS - 1;
        hr_s[b] += dt;
        wsum[b] += dt * h;
    }
    for (int b = 0; b < SG_TRIMP_HR_BINS; b++)
        hr_mean[b] = hr_s[b] > 0 ? wsum[b] / hr_s[b] : 0;
}

double sg_trimp_from_histogram(const double hr_s[SG_TRIMP_HR_BINS],
                               const double hr_mean[SG_TRIMP_HR_BINS], double hr_rest,
                               double hr_max, sg_sex sex)
{
    if (!isfinite(hr_rest) || !isfinite(hr_max) || hr_max <= hr_rest)
        return NAN;
    double sum = 0;
    int any = 0;
    for (int b = 0; b < SG_TRIMP_HR_BINS; b++) {
        if (!(hr_s[b] > 0))
            continue;
        double hrr = (hr_mean[b] - hr_rest) / (hr_max - hr_rest);
        hrr = hrr < 0 ? 0 : hrr > 1 ? 1 : hrr;
        sum += hr_s[b] / 60.0 * sg_trimp_per_minute(hrr, sex);
        any = 1;
    }
    return any ? sum : NAN;
}

double sg_trimp_hr_peak(const sg_activity *act)
{
    if (!act || !act->ch[SG_CH_HEART_RATE])
        return NAN;
    /* a 1-bpm histogram gives the percentile without sorting or allocating */
    unsigned long hist[SG_TRIMP_HR_LO + SG_TRIMP_HR_BINS] = {0};
    unsigned long total = 0;
    const double *hr = act->ch[SG_CH_HEART_RATE];
    for (size_t i = 0; i < act->n; i++) {
        if (!hr_ok(hr[i]))
            continue;
        hist[(int)lround(hr[i])]++;
        total++;
    }
    if (total < 60)
        return NAN;
    /* the smallest value with at least 99 % of samples at or below it */
    unsigned long need = (unsigned long)ceil(0.99 * (double)total), acc = 0;
    for (int b = 0; b <= (int)HR_MAX_PLAUSIBLE; b++) {
        acc += hist[b];
        if (acc >= need)
            return b;
    }
    return NAN;
}

double sg_load_estimate_hr_max(const sg_run_summary *runs, size_t n, double today,
                               size_t *n_used)
{
    double best_recent = NAN, best_all = NAN;
    size_t recent = 0, all = 0;
    for (size_t i = 0; i < n; i++) {
        double p = runs[i].hr_peak;
        if (!isfinite(p) || p < 120 || p > 230 || !isfinite(runs[i].start) || runs[i].start > today)
            continue;
        all++;
        if (!(p <= best_all))
            best_all = p;
        if (runs[i].start >= today - 365.0 * 86400.0) {
            recent++;
            if (!(p <= best_recent))
                best_recent = p;
        }
    }
    if (recent >= 3) {
        if (n_used)
            *n_used = recent;
        return best_recent;
    }
    if (n_used)
        *n_used = all;
    return best_all;
}
