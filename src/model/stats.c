/* Order statistics (include/strideguard/stats.h). */
#include "strideguard/stats.h"

#include <math.h>
#include <stdlib.h>

int sg_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void swapd(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

static double med3(double a, double b, double c)
{
    if (a > b)
        swapd(&a, &b);
    if (b > c)
        swapd(&b, &c);
    if (a > b)
        swapd(&a, &b);
    return b;
}

double sg_select_k(double *a, size_t n, size_t kk)
{
    ptrdiff_t l = 0, m = (ptrdiff_t)n - 1, k = (ptrdiff_t)kk;
    while (l < m) {
        double x = med3(a[l], a[l + (m - l) / 2], a[m]);
        ptrdiff_t i = l, j = m;
        do {
            while (a[i] < x)
                i++;
            while (x < a[j])
                j--;
            if (i <= j) {
                swapd(&a[i], &a[j]);
                i++;
                j--;
            }
        } while (i <= j);
        if (j < k)
            l = i;
        if (k < i)
            m = j;
    }
    return a[k];
}

/* After a selection of index `from - 1`, the next order statistic is the
 * smallest of what lies right of it. */
static double min_of(const double *a, size_t from, size_t to)
{
    double m = a[from];
    for (size_t i = from + 1; i < to; i++)
        if (a[i] < m)
            m = a[i];
    return m;
}

double sg_quantile(double *a, size_t n, double p)
{
    if (!n)
        return NAN;
    double pos = p * (double)(n - 1);
    size_t lo = (size_t)pos;
    double frac = pos - (double)lo;
    double vlo = sg_select_k(a, n, lo);
    if (frac <= 0 || lo + 1 >= n)
        return vlo;
    double vhi = min_of(a, lo + 1, n);
    return vlo + frac * (vhi - vlo);
}

void sg_quartiles(double *v, size_t n, double *q1, double *med, double *q3)
{
    if (!n) {
        *q1 = *med = *q3 = NAN;
        return;
    }
    double pm = 0.5 * (double)(n - 1), p1 = 0.25 * (double)(n - 1), p3 = 0.75 * (double)(n - 1);
    size_t m = (size_t)pm, l1 = (size_t)p1, l3 = (size_t)p3;
    double vm = sg_select_k(v, n, m);
    *med = (pm > (double)m && m + 1 < n) ? vm + (pm - (double)m) * (min_of(v, m + 1, n) - vm) : vm;
    double v3 = sg_select_k(v + m, n - m, l3 - m);
    *q3 = (p3 > (double)l3 && l3 + 1 < n) ? v3 + (p3 - (double)l3) * (min_of(v, l3 + 1, n) - v3) : v3;
    double v1 = sg_select_k(v, m + 1, l1);
    *q1 = (p1 > (double)l1 && l1 + 1 <= m) ? v1 + (p1 - (double)l1) * (min_of(v, l1 + 1, m + 1) - v1) : v1;
}

double sg_median_mean(double *v, size_t n)
{
    if (!n)
        return NAN;
    qsort(v, n, sizeof *v, sg_cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}
