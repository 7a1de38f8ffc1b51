/* Trunk analysis on synthetic recordings with known truth: cadence, step-time
 * asymmetry, pelvis ranges, sensor at a random orientation, noise and drift,
 * walking breaks. The generator is independent of the analysis code. */
#include "support/sg_test.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/trunk_analysis.h"
#include "strideguard/activity.h"
#include "strideguard/imu.h"

/* xorshift + Box-Muller: deterministic noise without libc rand state */
typedef struct rng {
    uint64_t s;
} rng;
static double urand(rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (double)(r->s >> 11) / 9007199254740992.0;
}
static double nrand(rng *r)
{
    double u = urand(r) + 1e-12, v = urand(r);
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

enum { RUN, WALK, STAND };
typedef struct phase {
    int kind;
    double dur, cadence;
} phase;

typedef struct gen {
    double fs;
    double asym_ms;             /* left step minus right step, ms */
    double obl_l, obl_r;        /* obliquity excursion in left / right stance, deg */
    double tilt_amp, rot_amp;   /* deg (range = 2 x amp) */
    double noise;               /* m/s^2 and 0.02 x that in rad/s */
    bool gyro;
    uint64_t seed;
    double R[3][3];             /* body -> sensor rotation (sensor = R^T body) */
} gen;

static void random_rotation(rng *r, double R[3][3])
{
    double q[4];
    double n = 0;
    for (int i = 0; i < 4; i++) {
        q[i] = nrand(r);
        n += q[i] * q[i];
    }
    n = sqrt(n);
    double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
    double m[3][3] = {{1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)},
                      {2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)},
                      {2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)}};
    memcpy(R, m, sizeof m);
}

/* Body axes: x forward (AP), y left (ML), z up. Running steps alternate
 * L, R; a step that starts with a right contact ends with the left one and
 * lasts T + asym/2 (the "left step"). Vertical specific force is a half sine
 * over the contact (62 % of the step) with unit mean, zero in flight. */
static sg_imu *generate(gen *g, const phase *ph, int nph)
{
    double total = 0;
    for (int i = 0; i < nph; i++)
        total += ph[i].dur;
    size_t n = (size_t)(total * g->fs);
    sg_imu *rec;
    assert_int_equal(sg_imu_new(NULL, n + 1, g->fs, g->gyro, &rec, NULL), SG_OK);
    rng r = {g->seed * 2654435761u + 12345};
    random_rotation(&r, g->R);
    double dt = 1.0 / g->fs, t0 = 0; /* step boundaries at exact times, not on the grid */
    size_t i = 0;
    double deg = M_PI / 180;
    int side = 0; /* 0 = left contact starts the step */
    for (int p = 0; p < nph; p++) {
        double pend = t0 + ph[p].dur;
        long k = 0;
        while (t0 < pend - 1e-9 && i < n) {
            double T = 60.0 / (ph[p].kind == STAND ? 60 : ph[p].cadence);
            if (ph[p].kind == RUN)
                T += (side == 1 ? 0.5 : -0.5) * g->asym_ms / 1000.0;
            double tc = 0.62 * T;
            double tend = fmin(t0 + T, pend);
            for (; i < n && (double)i * dt < tend - 1e-12; i++) {
                double t = (double)i * dt, tau = t - t0;
                double b[3] = {0, 0, 1}, w[3] = {0, 0, 0};
                double u = tau / T;
                if (ph[p].kind == RUN) {
                    if (tau < tc) {
                        double s = sin(M_PI * tau / tc);
                        b[2] = M_PI * T / (2 * tc) * s;
                        b[0] = -0.6 * sin(2 * M_PI * tau / tc);
                        b[1] = (side == 0 ? -0.3 : 0.3) * s; /* pushed toward the other side */
                    } else {
                        b[2] = 0;
                    }
                    /* pelvis: obliquity up in left stance, down in right stance */
                    double A = side == 0 ? g->obl_l : -g->obl_r;
                    w[0] = A * deg * M_PI * cos(M_PI * u) / T;
                    w[1] = g->tilt_amp * deg * 2 * M_PI * cos(2 * M_PI * u) / T;
                    w[2] = g->rot_amp * deg * M_PI * cos(M_PI * ((double)(k % 2) + u)) / T;
                } else if (ph[p].kind == WALK) {
                    b[2] = 1 + 0.25 * sin(2 * M_PI * u);
                    b[0] = 0.15 * cos(2 * M_PI * u);
                    b[1] = (side == 0 ? -0.08 : 0.08) * sin(M_PI * u);
                }
                for (int d = 0; d < 3; d++) {
                    double a = 0, wd = 0;
                    for (int e = 0; e < 3; e++) {
                        a += g->R[e][d] * b[e];
                        wd += g->R[e][d] * w[e];
                    }
                    /* slow accelerometer drift and a gyroscope bias */
                    double drift = 0.15 * sin(2 * M_PI * t / 300.0 + d);
                    rec->acc[d][i] = a * SG_IMU_G + drift + g->noise * nrand(&r);
                    if (g->gyro)
                        rec->gyr[d][i] = wd + 0.01 * (d + 1) + 0.02 * g->noise * nrand(&r);
                }
            }
            t0 += T;
            side = 1 - side;
            k++;
        }
    }
    rec->n = i;
    return rec;
}

static sg_trunk_result *analyze(const sg_imu *rec)
{
    sg_trunk_result *res;
    sg_err e;
    int rc = sg_trunk_analyze(rec, NULL, NULL, &res, &e);
    if (rc)
        fail_msg("analyze: %s", e.msg);
    return res;
}

/* 140, 180 and 220 steps/min with walking and standing between: three bouts,
 * each within 1 step/min; walking is not running. */
static void test_cadence_range_with_breaks(void **state)
{
    (void)state;
    phase ph[] = {{STAND, 5, 0},  {RUN, 60, 140}, {WALK, 20, 110}, {STAND, 5, 0},
                  {RUN, 60, 180}, {WALK, 20, 105}, {RUN, 60, 220}, {STAND, 5, 0}};
    for (uint64_t seed = 1; seed <= 3; seed++) {
        gen g = {.fs = 100 + 50 * (double)seed, .noise = 0.3, .gyro = false, .seed = seed};
        sg_imu *rec = generate(&g, ph, 8);
        sg_trunk_result *res = analyze(rec);
        assert_int_equal(res->n_bouts, 3);
        assert_near(res->bouts[0].cadence_spm, 140, 1.0);
        assert_near(res->bouts[1].cadence_spm, 180, 1.0);
        assert_near(res->bouts[2].cadence_spm, 220, 1.0);
        assert_near(res->running_s, 180, 3.0);
        assert_true(res->walking_s > 25);
        for (size_t k = 0; k < res->n_steps; k++)
            assert_false(res->steps[k].running && res->steps[k].walking);
        /* contact = 62 % of the step; a half-sine load crosses the 0.5 g
         * threshold ~6 % of the contact after it starts and before it ends
         * (real loads rise faster: the force-plate test holds the accuracy) */
        double tc = 0.62 * 60000 / 180, pk = M_PI / (2 * 0.62);
        assert_near(res->bouts[1].contact_time_ms, tc * (1 - 2 * asin(0.5 / pk) / M_PI), 8);
        assert_true(isnan(res->overall.pelvis_obliquity_deg));
        sg_trunk_result_free(res);
        sg_imu_free(rec);
    }
}

/* Injected step-time asymmetry at a random orientation: within 1 percentage
 * point, and left/right named correctly. */
static void test_step_time_asymmetry(void **state)
{
    (void)state;
    phase ph[] = {{RUN, 120, 170}};
    for (uint64_t seed = 1; seed <= 5; seed++) {
        double asym_ms = 4.0 * (double)seed; /* 4..20 ms */
        gen g = {.fs = 200, .asym_ms = asym_ms, .noise = 0.5, .seed = seed + 10};
        sg_imu *rec = generate(&g, ph, 1);
        sg_trunk_result *res = analyze(rec);
        double T = 60.0 / 170;
        double truth = 100 * asym_ms / 1000 / T;
        assert_int_equal(res->n_bouts, 1);
        assert_near(res->overall.cadence_spm, 170, 1.0);
        assert_near(res->overall.step_time_asym_pct, truth, 1.0);
        assert_near(res->overall.step_time_ms[0] - res->overall.step_time_ms[1], asym_ms, 3.0);
        assert_true(res->overall.step_reg[SG_AX_VT] > 0.9);
        assert_true(res->overall.stride_reg[SG_AX_VT] > 0.9);
        assert_true(res->overall.rms_ratio[SG_AX_VT] > res->overall.rms_ratio[SG_AX_ML]);
        sg_trunk_result_free(res);
        sg_imu_free(rec);
    }
}

/* Pelvis ranges from the gyroscope (with bias and noise) at random
 * orientations: obliquity range = left + right excursions, tilt and
 * rotation ranges = 2 x amplitude, all within 1 degree; the left/right
 * difference in drop has the right sign and size. */
static void test_pelvis_ranges(void **state)
{
    (void)state;
    phase ph[] = {{STAND, 3, 0}, {RUN, 90, 176}, {STAND, 3, 0}};
    for (uint64_t seed = 1; seed <= 5; seed++) {
        gen g = {.fs = 200,
                 .obl_l = 4 + (double)seed,
                 .obl_r = 6,
                 .tilt_amp = 3,
                 .rot_amp = 5,
                 .noise = 0.3,
                 .gyro = true,
                 .seed = seed + 100};
        sg_imu *rec = generate(&g, ph, 3);
        sg_trunk_result *res = analyze(rec);
        assert_int_equal(res->n_bouts, 1);
        const sg_trunk_metrics *m = &res->overall;
        assert_near(m->pelvis_obliquity_deg, g.obl_l + g.obl_r, 1.0);
        assert_near(m->pelvis_tilt_deg, 2 * g.tilt_amp, 1.0);
        assert_near(m->pelvis_rotation_deg, 2 * g.rot_amp, 1.0);
        assert_near(m->obliquity_lr_diff_deg, g.obl_l - g.obl_r, 1.0);
        assert_true(m->vdisp_mm > 20 && m->vdisp_mm < 150);
        sg_trunk_result_free(res);
        sg_imu_free(rec);
    }
}

/* A 20-minute run (8 parts of 150 s) whose step-time asymmetry and left
 * pelvic drop grow part by part (grow) or stay steady. */
static sg_imu *fatigue_recording(int grow)
{
    enum { PARTS = 8 };
    sg_imu *parts[PARTS];
    size_t total = 0;
    for (int p = 0; p < PARTS; p++) {
        phase ph[] = {{RUN, 150, 172}};
        gen g = {.fs = 100,
                 .asym_ms = grow ? 3.0 * p : 4,
                 .obl_l = grow ? 4 + 0.6 * p : 5,
                 .obl_r = 5,
                 .tilt_amp = 2,
                 .rot_amp = 4,
                 .noise = 0.2,
                 .gyro = true,
                 .seed = 7};
        parts[p] = generate(&g, ph, 1);
        total += parts[p]->n;
    }
    sg_imu *rec;
    assert_int_equal(sg_imu_new(NULL, total, 100, true, &rec, NULL), SG_OK);
    size_t o = 0;
    for (int p = 0; p < PARTS; p++) {
        for (int d = 0; d < 3; d++) {
            memcpy(rec->acc[d] + o, parts[p]->acc[d], parts[p]->n * sizeof(double));
            memcpy(rec->gyr[d] + o, parts[p]->gyr[d], parts[p]->n * sizeof(double));
        }
        o += parts[p]->n;
        sg_imu_free(parts[p]);
    }
    return rec;
}

static bool has_flag(const sg_trunk_result *res, const char *code)
{
    for (size_t f = 0; f < res->n_flags; f++)
        if (!strcmp(res->flags[f].code, code))
            return true;
    return false;
}

static const sg_trunk_flag *flag_of(const sg_trunk_result *res, const char *code)
{
    for (size_t f = 0; f < res->n_flags; f++)
        if (!strcmp(res->flags[f].code, code))
            return &res->flags[f];
    return NULL;
}

/* Fatigue: asymmetry and pelvic drop that grow through a 20-minute run are
 * flagged; a steady run raises no fatigue flag. */
static void test_fatigue_flags(void **state)
{
    (void)state;
    for (int grow = 0; grow <= 1; grow++) {
        sg_imu *rec = fatigue_recording(grow);
        sg_trunk_result *res = analyze(rec);
        assert_true(res->fatigue_available);
        for (size_t f = 0; f < res->n_flags; f++)
            assert_non_null(res->flags[f].source);
        assert_int_equal(has_flag(res, "asymmetry_grows"), grow);
        assert_int_equal(has_flag(res, "pelvic_drop_grows"), grow);
        /* without a linked run the comparison is not matched, and says so */
        assert_false(res->fatigue_matched);
        if (grow)
            assert_non_null(strstr(flag_of(res, "asymmetry_grows")->evidence, "not matched"));
        /* the growth is beyond the windows' own spread; the steady run's is not */
        assert_int_equal(res->fatigue[1].significant, grow);
        assert_true(isfinite(res->fatigue[1].noise));
        if (grow)
            assert_true(res->fatigue[1].slope_per_10min > 1.0);
        sg_trunk_result_free(res);
        sg_imu_free(rec);
    }
}

/* The linked run's speed and grade: one sample a second over the 20
 * minutes; from `change_at` s on the speed and grade are `v2`, `g2`. */
enum { CTX_N = 1201 };
static void make_context(double *t, double *v, double *g, double change_at, double v2, double g2,
                         sg_trunk_context *x)
{
    for (int k = 0; k < CTX_N; k++) {
        t[k] = k;
        v[k] = k < change_at ? 3.0 : v2;
        g[k] = k < change_at ? 0.5 : g2;
    }
    x->t = t;
    x->speed_mps = v;
    x->grade_pct = g;
    x->n = CTX_N;
}

static sg_trunk_result *analyze_with(const sg_imu *rec, const sg_trunk_context *x)
{
    sg_trunk_opts o = {0};
    o.context = x;
    sg_trunk_result *res;
    sg_err e;
    if (sg_trunk_analyze(rec, &o, NULL, &res, &e))
        fail_msg("analyze: %s", e.msg);
    return res;
}

/* Issue #13: with the linked run's speed and grade the early-late change is
 * compared at matched speed and grade (the watch fatigue drift's method):
 * growth at a steady pace on the flat is still flagged, and says it was
 * matched; a steady run is not; when the late part of the run was faster or
 * uphill nothing is compared, so nothing is flagged as fatigue. */
static void test_fatigue_matched(void **state)
{
    (void)state;
    static double t[CTX_N], v[CTX_N], g[CTX_N];
    sg_trunk_context x;
    for (int grow = 0; grow <= 1; grow++) {
        sg_imu *rec = fatigue_recording(grow);
        /* the same pace and grade throughout */
        make_context(t, v, g, 1e9, 3.0, 0.5, &x);
        sg_trunk_result *res = analyze_with(rec, &x);
        assert_true(res->fatigue_matched);
        assert_int_equal(res->fatigue_matched_strata, 1);
        assert_true(res->fatigue_matched_s > 500); /* both quarters, ~300 s each */
        assert_int_equal(has_flag(res, "asymmetry_grows"), grow);
        assert_int_equal(res->fatigue[1].significant, grow);
        assert_true(isfinite(res->fatigue[1].noise));
        if (grow) {
            assert_true(res->fatigue[1].change >= 3.0);
            assert_non_null(
                strstr(flag_of(res, "asymmetry_grows")->evidence, "matched speed and grade"));
        }
        assert_false(has_flag(res, "fatigue_not_matched"));
        sg_trunk_result_free(res);

        /* the second half 20 % faster: the quarters share no speed bin */
        make_context(t, v, g, 600, 3.6, 0.5, &x);
        res = analyze_with(rec, &x);
        assert_true(res->fatigue_matched);
        assert_int_equal(res->fatigue_matched_strata, 0);
        assert_false(has_flag(res, "asymmetry_grows"));
        assert_false(has_flag(res, "pelvic_drop_grows"));
        assert_false(res->fatigue[1].significant);
        assert_true(isnan(res->fatigue[1].change));
        assert_true(has_flag(res, "fatigue_not_matched"));
        sg_trunk_result_free(res);

        /* the second half up a 6 % climb at the same speed: another grade band */
        make_context(t, v, g, 600, 3.0, 6.0, &x);
        res = analyze_with(rec, &x);
        assert_int_equal(res->fatigue_matched_strata, 0);
        assert_false(has_flag(res, "asymmetry_grows"));
        sg_trunk_result_free(res);

        /* grade unknown (a treadmill): nothing is matched, not "flat" */
        for (int k = 0; k < CTX_N; k++)
            g[k] = NAN;
        res = analyze_with(rec, &x);
        assert_int_equal(res->fatigue_matched_strata, 0);
        sg_trunk_result_free(res);
        sg_imu_free(rec);
    }
}

/* Standing and walking only: no running, no garbage numbers. */
static void test_no_running(void **state)
{
    (void)state;
    phase ph[] = {{STAND, 10, 0}, {WALK, 30, 110}, {STAND, 10, 0}};
    gen g = {.fs = 100, .noise = 0.2, .gyro = true, .seed = 3};
    sg_imu *rec = generate(&g, ph, 3);
    sg_trunk_result *res = analyze(rec);
    assert_int_equal(res->n_bouts, 0);
    assert_close(res->running_s, 0, 0);
    assert_true(isnan(res->overall.cadence_spm));
    assert_true(res->walking_steps > 40);
    assert_string_equal(res->flags[0].code, "no_running");
    sg_trunk_result_free(res);
    sg_imu_free(rec);
}

/* The FIT raw-motion converter: a hand-filled activity with irregular
 * accelerometer times and a gyroscope on its own clock. */
static void test_from_activity(void **state)
{
    (void)state;
    sg_activity *act = sg_activity_new(NULL);
    double t = 1.0e9;
    for (int i = 0; i < 1000; i++) {
        t += (i % 7 == 0) ? 0.012 : 0.01; /* jitter */
        if (i == 500)
            t += 2.0; /* a gap */
        assert_int_equal(sg_activity_add_motion(act, &act->accel, t, 0, 0, SG_IMU_G, NULL), SG_OK);
        assert_int_equal(sg_activity_add_motion(act, &act->gyro, t + 0.003, 0.1, 0, 0, NULL),
                         SG_OK);
    }
    sg_imu *rec;
    assert_int_equal(sg_imu_from_activity(act, NULL, 0, &rec, NULL), SG_OK);
    assert_close(rec->fs, 100, 0);
    assert_int_equal(rec->n_gaps, 1);
    assert_near(rec->gaps[0].duration_s, 2.0, 0.03);
    assert_near(sg_imu_time(rec, rec->n - 1), t, 0.011);
    assert_near(rec->gyr[0][rec->n / 3], 0.1, 1e-12);
    assert_near(rec->acc[2][rec->n / 2], SG_IMU_G, 1e-12);
    assert_string_equal(rec->source, "fit");
    sg_imu_free(rec);
    sg_activity *empty = sg_activity_new(NULL);
    sg_err e;
    assert_int_equal(sg_imu_from_activity(empty, NULL, 0, &rec, &e), SG_ENODATA);
    sg_activity_free(empty);
    sg_activity_free(act);
}

/* Every allocation failing in turn: clean error, no leak. */
static void test_alloc_failures(void **state)
{
    (void)state;
    phase ph[] = {{RUN, 40, 170}, {WALK, 10, 100}};
    gen g = {.fs = 100, .noise = 0.2, .gyro = true, .seed = 9};
    sg_imu *rec = generate(&g, ph, 2);
    for (long n = 1; n < 60; n++) {
        sg_failing_alloc fa;
        sg_failing_alloc_init(&fa, n);
        sg_trunk_result *res = NULL;
        int rc = sg_trunk_analyze(rec, NULL, &fa.base, &res, NULL);
        assert_true(rc == SG_OK || rc == SG_ENOMEM);
        sg_trunk_result_free(res);
        assert_int_equal(fa.live, 0);
    }
    sg_imu_free(rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cadence_range_with_breaks),
        cmocka_unit_test(test_step_time_asymmetry),
        cmocka_unit_test(test_pelvis_ranges),
        cmocka_unit_test(test_fatigue_flags),
        cmocka_unit_test(test_fatigue_matched),
        cmocka_unit_test(test_no_running),
        cmocka_unit_test(test_from_activity),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
