/* Trunk analysis against the real recordings in ../shared/data (SOURCES.md:
 * recurrent-grf-prediction, adeptdata, ipol-gait-dataset-1). Skips cleanly
 * when the shared folder is absent. */
#include "support/sg_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/trunk_analysis.h"
#include "bytes/file.h"
#include "formats/imu_csv.h"
#include "strideguard/imu.h"

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmpd);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Reads a headerless numeric CSV of rows x cols (trailing commas allowed). */
static double *read_matrix(const char *path, size_t rows, size_t cols)
{
    unsigned char *d;
    size_t len;
    assert_int_equal(sg_file_read(NULL, path, 0, &d, &len, NULL), SG_OK);
    double *m = malloc(rows * cols * sizeof *m);
    char *p = (char *)d;
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            char *end;
            m[r * cols + c] = strtod(p, &end);
            assert_true(end != p);
            p = end;
            while (*p == ',' || *p == '\n' || *p == '\r')
                p++;
        }
    free(d);
    return m;
}

static sg_imu *read_imu(const char *path)
{
    unsigned char *d;
    size_t len;
    sg_err e;
    assert_int_equal(sg_file_read(NULL, path, 0, &d, &len, &e), SG_OK);
    sg_imu *r = NULL;
    int rc = sg_imu_csv_read(NULL, (const char *)d, len, NULL, &r, &e);
    if (rc)
        fail_msg("%s: line %d: %s", path, e.line, e.msg);
    free(d);
    return r;
}

/* Sacral accelerometer vs force plate, 31 running trials at 500 Hz:
 * contacts from the sacrum agree with contacts from vertical GRF. */
static void test_grf_contacts(void **state)
{
    (void)state;
    const char *pa = sg_test_shared("recurrent-grf-prediction/Accelerometer_one_sub.csv");
    SG_REQUIRE_SHARED(pa);
    const char *pg = sg_test_shared("recurrent-grf-prediction/GRF_one_sub.csv");
    SG_REQUIRE_SHARED(pg);
    enum { T = 31, N = 2480 };
    double *A = read_matrix(pa, T, 2 * N), *G = read_matrix(pg, T, N);
    double *errs = malloc(T * 40 * sizeof *errs);
    size_t ne = 0, matched = 0, detected = 0, plate = 0;
    for (int t = 0; t < T; t++) {
        sg_imu *r;
        assert_int_equal(sg_imu_new(NULL, N, 500, false, &r, NULL), SG_OK);
        for (int i = 0; i < N; i++) {
            /* columns: vertical (g, incl. gravity), anteroposterior (g); no ML */
            r->acc[0][i] = A[t * 2 * N + N + i] * SG_IMU_G;
            r->acc[1][i] = 0;
            r->acc[2][i] = A[t * 2 * N + i] * SG_IMU_G;
        }
        sg_trunk_opts o = {.min_bout_steps = 6};
        sg_trunk_result *res;
        assert_int_equal(sg_trunk_analyze(r, &o, NULL, &res, NULL), SG_OK);
        /* plate contacts: vertical GRF above 0.05 body weights */
        const double *g = G + t * N, th = 0.05;
        double gic[40], gte[40];
        int ng = 0, on = -1;
        for (int i = 1; i < N; i++) {
            if (g[i] > th && g[i - 1] <= th && on < 0)
                on = i;
            if (g[i] <= th && on >= 0) {
                if (i - on > 30 && ng < 40) {
                    gic[ng] = (on - 1 + (th - g[on - 1]) / (g[on] - g[on - 1])) / 500.0;
                    gte[ng] = (i - 1 + (th - g[i - 1]) / (g[i] - g[i - 1])) / 500.0;
                    ng++;
                }
                on = -1;
            }
        }
        plate += (size_t)ng;
        double first = 1e9, last = -1;
        int nm = 0;
        for (size_t k = 0; k < res->n_steps; k++) {
            const sg_trunk_step *s = &res->steps[k];
            if (!s->running)
                continue;
            detected++;
            for (int j = 0; j < ng; j++)
                if (fabs(gic[j] - s->t_ic) < 0.06) {
                    errs[ne++] = ((s->t_te - s->t_ic) - (gte[j] - gic[j])) * 1000.0;
                    first = fmin(first, gic[j]);
                    last = fmax(last, gic[j]);
                    nm++;
                }
        }
        matched += (size_t)nm;
        assert_true(nm >= 6);
        double plate_cad = 60.0 * (nm - 1) / (last - first);
        if (fabs(res->overall.cadence_spm - plate_cad) > 1.0)
            fail_msg("trial %d: cadence %.2f vs force plate %.2f", t, res->overall.cadence_spm,
                     plate_cad);
        sg_trunk_result_free(res);
        sg_imu_free(r);
    }
    double med_signed = median(errs, ne);
    for (size_t i = 0; i < ne; i++)
        errs[i] = fabs(errs[i]);
    double med_abs = median(errs, ne);
    print_message("GRF: %zu plate contacts, %zu detected, %zu matched; contact time error "
                  "median %.1f ms, median |error| %.1f ms\n",
                  plate, detected, matched, med_signed, med_abs);
    assert_true(matched >= plate * 9 / 10);
    assert_true(fabs(med_signed) <= 20.0);
    assert_true(med_abs <= 20.0);
    free(errs);
    free(A);
    free(G);
    free((void *)pa); /* sg_test_shared's paths are heap: freed for LeakSanitizer */
    free((void *)pg);
}

/* 25-minute hip-belt run: cadence within the running bouts agrees with the
 * strides counted by the ankle sensor worn alongside (same clock). */
static void test_hip_vs_ankle(void **state)
{
    (void)state;
    const char *ph = sg_test_shared("adeptdata/acc_running_left_hip.csv");
    SG_REQUIRE_SHARED(ph);
    const char *pk = sg_test_shared("adeptdata/acc_running_left_ankle.csv");
    SG_REQUIRE_SHARED(pk);
    sg_imu *hip = read_imu(ph), *ank = read_imu(pk);
    assert_close(hip->fs, 100, 1e-9);
    assert_close(ank->t0, hip->t0, 1e-9);
    sg_trunk_result *res;
    assert_int_equal(sg_trunk_analyze(hip, NULL, NULL, &res, NULL), SG_OK);
    assert_true(res->running_s > 900);
    /* ankle: one impact per stride of the left foot: peaks of |a| above 3 g */
    size_t n = ank->n;
    double *mag = malloc(n * sizeof *mag);
    for (size_t i = 0; i < n; i++)
        mag[i] = sqrt(ank->acc[0][i] * ank->acc[0][i] + ank->acc[1][i] * ank->acc[1][i] +
                      ank->acc[2][i] * ank->acc[2][i]) / SG_IMU_G;
    double steps_ank = 0, time_ank = 0;
    for (size_t b = 0; b < res->n_bouts; b++) {
        const sg_trunk_metrics *m = &res->bouts[b];
        size_t i0 = (size_t)((m->t_start - ank->t0) * 100), i1 = (size_t)((m->t_end - ank->t0) * 100);
        /* greedy: within 0.55 s (shorter than any stride) keep the highest peak,
         * so the swing-phase peak between two impacts is not counted */
        size_t cnt = 0, lastpk = 0, firstpk = 0;
        for (size_t i = i0 + 1; i + 1 < i1 && i + 1 < n; i++) {
            if (!(mag[i] > 3.0 && mag[i] >= mag[i - 1] && mag[i] > mag[i + 1]))
                continue;
            if (cnt > 0 && i - lastpk < 55) {
                if (mag[i] > mag[lastpk]) {
                    if (cnt == 1)
                        firstpk = i;
                    lastpk = i;
                }
                continue;
            }
            if (cnt == 0)
                firstpk = i;
            lastpk = i;
            cnt++;
        }
        double tf = (double)firstpk / 100, tl = (double)lastpk / 100;
        if (cnt >= 3) {
            steps_ank += 2.0 * (double)(cnt - 1);
            time_ank += tl - tf;
        }
    }
    double cad_ank = 60 * steps_ank / time_ank;
    print_message("hip: running %.0f s in %zu bouts, cadence %.2f; ankle %.2f steps/min\n",
                  res->running_s, res->n_bouts, res->overall.cadence_spm, cad_ank);
    assert_near(res->overall.cadence_spm, cad_ank, 1.0);
    free(mag);
    sg_trunk_result_free(res);
    sg_imu_free(hip);
    sg_imu_free(ank);
    free((void *)ph);
    free((void *)pk);
}

/* Reads "Key": [[a, b], ...] pairs from the IPOL metadata (not strict JSON:
 * 2-1.json has a bare NaN, so no JSON parser is used). Returns the count. */
static int read_events(const char *json, const char *key, int *ends, int max)
{
    const char *p = strstr(json, key);
    if (!p)
        return 0;
    p = strchr(p, '[');
    int n = 0, depth = 0;
    for (; *p; p++) {
        if (*p == '[') {
            depth++;
            if (depth == 2 && n < max) {
                long a = strtol(p + 1, (char **)&p, 10);
                (void)a;
                while (*p == ',' || *p == ' ')
                    p++;
                ends[n++] = (int)strtol(p, (char **)&p, 10);
                p--;
            }
        } else if (*p == ']') {
            if (--depth == 0)
                break;
        }
    }
    return n;
}

/* Lower-back walking with annotated footsteps: walking is recognised, not
 * counted as running, and its steps match the annotated heel strikes. */
static void test_ipol_walking(void **state)
{
    (void)state;
    const char *names[] = {"1-1", "2-1", "3-1"};
    for (int f = 0; f < 3; f++) {
        char rel[128];
        snprintf(rel, sizeof rel, "ipol-gait-dataset-1/%s_lb.txt", names[f]);
        const char *pl = sg_test_shared(rel);
        SG_REQUIRE_SHARED(pl);
        snprintf(rel, sizeof rel, "ipol-gait-dataset-1/%s.json", names[f]);
        const char *pj = sg_test_shared(rel);
        unsigned char *jd;
        size_t jl;
        assert_int_equal(sg_file_read(NULL, pj, 0, &jd, &jl, NULL), SG_OK);
        int ev[80];
        int ne = read_events((const char *)jd, "\"LeftFootEvents\"", ev, 40);
        ne += read_events((const char *)jd, "\"RightFootEvents\"", ev + ne, 40);
        free(jd);
        free((void *)pj);
        assert_true(ne > 20);
        sg_imu *r = read_imu(pl);
        assert_string_equal(r->source, "xsens");
        assert_non_null(r->gyr[0]);
        sg_trunk_result *res;
        assert_int_equal(sg_trunk_analyze(r, NULL, NULL, &res, NULL), SG_OK);
        assert_int_equal(res->n_bouts, 0);
        assert_close(res->running_s, 0, 0);
        assert_true(res->walking_s > 10);
        /* each annotated heel strike (end of a footstep, sample index at 100 Hz)
         * has a detected walking step within 200 ms; offsets reported */
        int hit = 0;
        double off[80];
        for (int i = 0; i < ne; i++) {
            double t = r->t0 + ev[i] / 100.0, best = 1e9;
            for (size_t k = 0; k < res->n_steps; k++)
                if (res->steps[k].walking && fabs(res->steps[k].t_ic - t) < fabs(best))
                    best = res->steps[k].t_ic - t;
            if (fabs(best) <= 0.2)
                off[hit++] = best;
        }
        double mo = median(off, (size_t)hit);
        print_message("%s: %d annotated contacts, %zu walking steps found, %d matched, median "
                      "offset %.0f ms\n",
                      names[f], ne, res->walking_steps, hit, mo * 1000);
        assert_true(hit >= ne * 8 / 10);
        assert_true(res->walking_steps <= (size_t)ne + 4);
        sg_trunk_result_free(res);
        sg_imu_free(r);
        free((void *)pl);
    }
}

/* The raw sacral Shimmer file: ms timestamps and m/s^2 recognised, running found. */
static void test_shimmer_sample(void **state)
{
    (void)state;
    const char *p = sg_test_shared("recurrent-grf-prediction/Sample_test_data.csv");
    SG_REQUIRE_SHARED(p);
    sg_imu *r = read_imu(p);
    assert_string_equal(r->source, "shimmer");
    assert_close(r->fs, 512, 1e-9);
    sg_trunk_result *res;
    assert_int_equal(sg_trunk_analyze(r, NULL, NULL, &res, NULL), SG_OK);
    assert_int_equal(res->n_bouts, 1);
    assert_true(res->overall.cadence_spm > 150 && res->overall.cadence_spm < 175);
    assert_true(res->overall.contact_time_ms > 150 && res->overall.contact_time_ms < 320);
    sg_trunk_result_free(res);
    sg_imu_free(r);
    free((void *)p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grf_contacts),
        cmocka_unit_test(test_hip_vs_ankle),
        cmocka_unit_test(test_ipol_walking),
        cmocka_unit_test(test_shimmer_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
