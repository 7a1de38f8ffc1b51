/* The IMU recording model and its resampler (include/strideguard/imu.h). */
#include "strideguard/imu.h"
#include "strideguard/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int sg_imu_new(const sg_allocator *a, size_t n, double fs, bool gyro, sg_imu **out, sg_err *err)
{
    *out = NULL;
    if (n == 0 || !(fs > 0) || !isfinite(fs))
        return sg_err_set(err, SG_EUSAGE, -1, "an IMU recording needs samples and a positive rate");
    if (n > SG_IMU_MAX_SAMPLES)
        return sg_err_set(err, SG_ELIMIT, -1, "more than %zu IMU samples", SG_IMU_MAX_SAMPLES);
    sg_imu *r = sg_calloc_array(a, 1, sizeof *r);
    if (!r)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for an IMU recording");
    r->alloc = a ? a : sg_alloc_default();
    r->n = n;
    r->fs = fs;
    r->source = "memory";
    for (int k = 0; k < 3; k++) {
        r->acc[k] = sg_malloc(a, n * sizeof(double));
        if (!r->acc[k])
            goto nomem;
        if (gyro) {
            r->gyr[k] = sg_malloc(a, n * sizeof(double));
            if (!r->gyr[k])
                goto nomem;
        }
    }
    *out = r;
    return SG_OK;
nomem:
    sg_imu_free(r);
    return sg_err_set(err, SG_ENOMEM, -1, "out of memory for %zu IMU samples", n);
}

void sg_imu_free(sg_imu *r)
{
    if (!r)
        return;
    const sg_allocator *a = r->alloc;
    for (int k = 0; k < 3; k++) {
        sg_free(a, r->acc[k]);
        sg_free(a, r->gyr[k]);
    }
    sg_free(a, r->gaps);
    sg_free(a, r);
}

int sg_imu_add_gap(sg_imu *r, size_t index, double duration_s, sg_err *err)
{
    if (r->n_gaps >= SG_IMU_MAX_GAPS)
        return sg_err_set(err, SG_ELIMIT, -1, "more than %d gaps in an IMU recording",
                          SG_IMU_MAX_GAPS);
    if (r->n_gaps > 0 && r->gaps[r->n_gaps - 1].index >= index)
        return sg_err_set(err, SG_EUSAGE, -1, "IMU gaps must be added in order");
    sg_imu_gap *g = sg_realloc_array(r->alloc, r->gaps, r->n_gaps + 1, sizeof *g);
    if (!g)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory for IMU gaps");
    r->gaps = g;
    g[r->n_gaps].index = index;
    g[r->n_gaps].duration_s = duration_s;
    r->n_gaps++;
    return SG_OK;
}

double sg_imu_time(const sg_imu *r, size_t i)
{
    double t = r->t0 + (double)i / r->fs;
    /* gaps are few; a linear walk would do, but binary search keeps it O(log) */
    size_t lo = 0, hi = r->n_gaps;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->gaps[mid].index <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t g = 0; g < lo; g++)
        t += r->gaps[g].duration_s;
    return t;
}

double sg_imu_duration(const sg_imu *r) { return (double)r->n / r->fs; }

/* Median sample interval from up to 20,000 evenly spread intervals: exact for
 * the regular files this meets, and O(n) regardless of length. */
static int median_dt(const sg_allocator *a, const double *t, size_t n, double *out, sg_err *err)
{
    size_t m = n - 1 < 20000 ? n - 1 : 20000;
    double *d = sg_malloc(a, m * sizeof *d);
    if (!d)
        return sg_err_set(err, SG_ENOMEM, -1, "out of memory");
    for (size_t k = 0; k < m; k++) {
        size_t i = (size_t)((double)k * (double)(n - 1) / (double)m);
        d[k] = t[i + 1] - t[i];
    }
    qsort(d, m, sizeof *d, sg_cmp_double);
    *out = d[m / 2];
    sg_free(a, d);
    return SG_OK;
}

static double interp(const double *t, const double *v, size_t n, size_t *j, double tg)
{
    while (*j + 1 < n && t[*j + 1] <= tg)
        (*j)++;
    if (*j + 1 >= n || tg <= t[*j])
        return v[*j];
    double w = (tg - t[*j]) / (t[*j + 1] - t[*j]);
    return v[*j] + w * (v[*j + 1] - v[*j]);
}

int sg_imu_resample(const sg_allocator *a, const sg_imu_raw *raw, double fs, sg_imu **out,
                    sg_err *err)
{
    *out = NULL;
    size_t n = raw->n;
    const double *t = raw->t;
    if (n < 2)
        return sg_err_set(err, SG_ENODATA, -1, "fewer than 2 IMU samples");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]))
            return sg_err_set(err, SG_EFORMAT, -1, "sample %zu: time is not a number", i + 1);
        if (i > 0 && !(t[i] > t[i - 1]))
            return sg_err_set(err, SG_EFORMAT, -1,
                              "sample %zu: time %.6f s does not increase (previous %.6f s)",
                              i + 1, t[i], t[i - 1]);
        for (int k = 0; k < 3; k++)
            if (!isfinite(raw->acc[k][i]))
                return sg_err_set(err, SG_EFORMAT, -1, "sample %zu: acceleration is not a number",
                                  i + 1);
    }
    bool gyro = raw->gyr[0] && raw->gyr[1] && raw->gyr[2];
    const double *gt = raw->gt ? raw->gt : t;
    size_t gn = raw->gt ? raw->gn : n;
    if (gyro) {
        if (gn < 1)
            gyro = false;
        for (size_t i = 0; gyro && i < gn; i++) {
            if (!isfinite(gt[i]) || (i > 0 && !(gt[i] > gt[i - 1])))
                return sg_err_set(err, SG_EFORMAT, -1,
                                  "gyroscope sample %zu: time missing or not increasing", i + 1);
            for (int k = 0; k < 3; k++)
                if (!isfinite(raw->gyr[k][i]))
                    return sg_err_set(err, SG_EFORMAT, -1,
                                      "gyroscope sample %zu: angular rate is not a number", i + 1);
        }
    }
    double med = 0;
    int rc = median_dt(a, t, n, &med, err);
    if (rc)
        return rc;
    if (fs <= 0) {
        fs = 1.0 / med;
        if (fs > 20)
            fs = round(fs);
    }
    if (!isfinite(fs) || fs <= 0 || fs > 100000)
        return sg_err_set(err, SG_EFORMAT, -1, "cannot derive a sample rate from the times");
    double gap_thr = fmax(5 * med, 0.05);
    double dt = 1.0 / fs;

    /* pass 1: count grid points per contiguous segment */
    size_t total = 0;
    for (size_t s = 0; s < n;) {
        size_t e = s;
        while (e + 1 < n && t[e + 1] - t[e] <= gap_thr)
            e++;
        double span = t[e] - t[s];
        size_t cnt = (size_t)floor(span / dt + 1e-9) + 1;
        if (cnt > SG_IMU_MAX_SAMPLES - total)
            return sg_err_set(err, SG_ELIMIT, -1, "more than %zu IMU samples after resampling",
                              SG_IMU_MAX_SAMPLES);
        total += cnt;
        s = e + 1;
    }
    /* a grid 20 times denser than the source invents data rather than
     * resampling it (and bounds memory for hostile time columns) */
    if (total / 20 > n + 1000)
        return sg_err_set(err, SG_EFORMAT, -1,
                          "%.6g Hz would create %zu samples from %zu: the times are irregular "
                          "beyond resampling", fs, total, n);
    sg_imu *r;
    rc = sg_imu_new(a, total, fs, gyro, &r, err);
    if (rc)
        return rc;
    r->t0 = t[0];
    r->time_relative = raw->time_relative;
    size_t o = 0, j = 0, gj = 0;
    double last_t = t[0];
    for (size_t s = 0; s < n;) {
        size_t e = s;
        while (e + 1 < n && t[e + 1] - t[e] <= gap_thr)
            e++;
        size_t cnt = (size_t)floor((t[e] - t[s]) / dt + 1e-9) + 1;
        if (o > 0) {
            rc = sg_imu_add_gap(r, o, t[s] - last_t - dt, err);
            if (rc) {
                sg_imu_free(r);
                return rc;
            }
        }
        j = s;
        for (size_t k = 0; k < cnt; k++, o++) {
            double tg = t[s] + (double)k * dt;
            size_t j0 = j;
            for (int c = 0; c < 3; c++) {
                j = j0;
                r->acc[c][o] = interp(t, raw->acc[c], e + 1, &j, tg);
            }
            if (gyro) {
                size_t g0 = gj;
                for (int c = 0; c < 3; c++) {
                    gj = g0;
                    r->gyr[c][o] = interp(gt, raw->gyr[c], gn, &gj, tg);
                }
            }
            last_t = tg;
        }
        s = e + 1;
    }
    *out = r;
    return SG_OK;
}

int sg_imu_from_activity(const sg_activity *act, const sg_allocator *a, double fs, sg_imu **out,
                         sg_err *err)
{
    *out = NULL;
    const sg_raw_motion *ac = &act->accel, *gy = &act->gyro;
    if (ac->n == 0)
        return sg_err_set(err, SG_ENODATA, -1, "the activity holds no accelerometer samples");
    sg_imu_raw raw = {0};
    raw.n = ac->n;
    raw.t = ac->t;
    raw.acc[0] = ac->x;
    raw.acc[1] = ac->y;
    raw.acc[2] = ac->z;
    raw.time_relative = act->time_relative;
    if (gy->n > 0) {
        raw.gn = gy->n;
        raw.gt = gy->t;
        raw.gyr[0] = gy->x;
        raw.gyr[1] = gy->y;
        raw.gyr[2] = gy->z;
    }
    int rc = sg_imu_resample(a, &raw, fs, out, err);
    if (rc == SG_OK)
        (*out)->source = "fit";
    return rc;
}
