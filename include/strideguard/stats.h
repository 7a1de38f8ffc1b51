#ifndef STRIDEGUARD_STATS_H
#define STRIDEGUARD_STATS_H
/* Order statistics, once for the project. Each function states its
 * definition; two medians with different arithmetic are not interchangeable
 * (the last bit of a result would change), so each caller uses the one its
 * documents were computed with. NaN must not be among the values. */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* qsort comparator: ascending doubles. */
int sg_cmp_double(const void *a, const void *b);

/* The k-th smallest of v[0..n) (k < n) by Wirth's selection with a
 * median-of-three pivot; reorders v so that everything left of k is <= and
 * everything right of it >= v[k]. */
double sg_select_k(double *v, size_t n, size_t k);

/* Quantile p in [0,1] of v[0..n) by linear interpolation between order
 * statistics (R's type 7, numpy's default): with h = p (n - 1),
 * x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). Reorders v; NaN
 * when n == 0. */
double sg_quantile(double *v, size_t n, double p);

/* The type-7 quartiles (p = 0.25, 0.5, 0.75) of v[0..n), with the same
 * arithmetic as sg_quantile but one selection for the median and each
 * quartile selected inside its half. Reorders v; NaN when n == 0. */
void sg_quartiles(double *v, size_t n, double *q1, double *med, double *q3);

/* Median of v[0..n) by sorting v: the middle value, or 0.5 (a + b) of the
 * two middle values when n is even (not sg_quantile's a + 0.5 (b - a)).
 * NaN when n == 0. */
double sg_median_mean(double *v, size_t n);

#ifdef __cplusplus
}
#endif
#endif
