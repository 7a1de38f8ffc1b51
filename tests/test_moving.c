/* Pauses: the device's timer stops and recording gaps are neither moving
 * time nor the weight of the sample after them (docs/formats.md "Pauses").
 *
 * Synthetic runs with a known answer, the timer events' round trip through
 * the sample blob, and real files from ../shared/data whose session timer
 * is well below their elapsed time (paused rides: the analysis is the same
 * for any sport):
 *   2019-02-17-062644-ELEMNT-297E-195-0.fit  Wahoo ELEMNT, timer 13,471 s of
 *       23,591 s elapsed, device average HR 124 (before: 16,745 s moving,
 *       HR 119.0, every pause counted and weighting the sample after it)
 *   garmin-edge-500-activity.fit             Edge 500, timer 10,641 s of
 *       12,691 s, HR 162 (before: 10,967 s)
 *   sample-activity.fit                      Edge 500, timer 10,699 s of
 *       11,741 s, HR 166 (before: 11,005 s) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/sg_test.h"

#include "run_synth.h"
#include "strideguard/decode.h"
#include "strideguard/run_analysis.h"
#include "strideguard/store.h"

/* 600 s at 3 m/s and HR 120, a 600 s pause at HR 180 on the first sample
 * after it, then 600 s more at HR 120. with_events: the timer stops and
 * starts (FIT); otherwise the gap alone says it (GPX, TCX). speed_after:
 * the speed sensor reads 3 m/s on the sample after the gap (a watch's
 * last speed) while the distance did not move. */
static sg_activity *paused_run(bool with_events, bool speed_after)
{
    synth s = synth_default(1200, 3.0);
    s.altitude = false;
    sg_activity *act = synth_build(&s, NULL);
    assert_non_null(act);
    double t0 = act->ch[SG_CH_TIME][0];
    for (size_t i = 0; i < act->n; i++) {
        assert_int_equal(sg_activity_set(act, SG_CH_HEART_RATE, i, 120, NULL), SG_OK);
        if (i >= 600)
            act->ch[SG_CH_TIME][i] += 600; /* the pause: 600 s without records */
        if (i >= 600) {                    /* nothing moved during the pause */
            act->ch[SG_CH_DISTANCE][i] -= 3.0;
            act->ch[SG_CH_LAT][i] -= 3.0 / 111195.0799;
        }
    }
    act->ch[SG_CH_HEART_RATE][600] = 180;
    if (!speed_after)
        act->ch[SG_CH_SPEED][600] = 0;
    if (with_events) {
        assert_int_equal(sg_activity_add_timer(act, t0, true, NULL), SG_OK);
        assert_int_equal(sg_activity_add_timer(act, t0 + 599.5, false, NULL), SG_OK);
        assert_int_equal(sg_activity_add_timer(act, t0 + 1199.5, true, NULL), SG_OK);
        assert_int_equal(sg_activity_add_timer(act, t0 + 1799, false, NULL), SG_OK);
    }
    return act;
}

static void check_paused(sg_activity *act)
{
    sg_run_result r;
    sg_err e;
    sg_err_clear(&e);
    assert_int_equal(sg_run_analyze(act, NULL, &r, &e), SG_OK);
    print_message("moving %.1f elapsed %.1f hr %.2f\n", r.moving_time_s, r.elapsed_s, r.avg_hr);
    assert_near(r.elapsed_s, 1799, 1e-9);
    /* 1198 one-second steps moving; the pause step at most its 0.5 s of timer */
    assert_true(r.moving_time_s >= 1198 && r.moving_time_s <= 1199);
    /* the HR 180 sample stands for at most 0.5 s, not 600 s */
    assert_true(r.avg_hr < 120.1);
    assert_near(r.distance_m, 1198 * 3.0, 1e-6);
    sg_run_result_free(&r);
    sg_activity_free(act);
}

static void test_timer_stop_is_a_pause(void **state)
{
    (void)state;
    check_paused(paused_run(true, true));
}

static void test_gap_without_events_is_a_pause(void **state)
{
    (void)state;
    check_paused(paused_run(false, true));
    check_paused(paused_run(false, false));
}

static void test_stopped_seconds(void **state)
{
    (void)state;
    sg_activity *act = sg_activity_new(NULL);
    assert_non_null(act);
    assert_near(sg_activity_stopped_s(act, 0, 100), 0, 0);
    assert_int_equal(sg_activity_add_timer(act, 10, true, NULL), SG_OK);
    assert_int_equal(sg_activity_add_timer(act, 20, false, NULL), SG_OK);
    assert_int_equal(sg_activity_add_timer(act, 50, true, NULL), SG_OK);
    assert_int_equal(sg_activity_add_timer(act, 60, false, NULL), SG_OK); /* stop_all */
    assert_near(sg_activity_stopped_s(act, 0, 100), 30 + 40, 1e-12);
    assert_near(sg_activity_stopped_s(act, 25, 30), 5, 1e-12);
    assert_near(sg_activity_stopped_s(act, 15, 55), 30, 1e-12);
    assert_near(sg_activity_stopped_s(act, 50, 60), 0, 1e-12);
    sg_activity_free(act);
}

static void test_timer_events_survive_the_store(void **state)
{
    (void)state;
    sg_activity *act = paused_run(true, true);
    unsigned char *blob = NULL;
    size_t len = 0;
    assert_int_equal(sg_store_blob_encode(act, &blob, &len, NULL), SG_OK);
    sg_activity *back = NULL;
    assert_int_equal(sg_store_blob_decode(blob, len, NULL, &back, NULL), SG_OK);
    assert_int_equal(back->n_timer, act->n_timer);
    for (size_t i = 0; i < act->n_timer; i++) {
        assert_true(back->timer[i].t == act->timer[i].t);
        assert_int_equal(back->timer[i].running, act->timer[i].running);
    }
    free(blob);
    sg_activity_free(back);
    sg_activity_free(act);
}

static sg_activity *decode_shared(const char *rel)
{
    const char *p = sg_test_shared(rel);
    if (!p)
        return NULL;
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    sg_activity *act = NULL;
    sg_err e;
    sg_err_clear(&e);
    int rc = sg_decode_one(buf, (size_t)n, rel, NULL, &act, NULL, &e);
    free(buf);
    if (rc)
        fail_msg("%s: %s", rel, e.msg);
    return act;
}

static void test_real_paused_files(void **state)
{
    (void)state;
    static const char *const files[] = {
        "python-fitparse/2019-02-17-062644-ELEMNT-297E-195-0.fit",
        "python-fitparse/garmin-edge-500-activity.fit",
        "python-fitparse/sample-activity.fit",
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        sg_activity *act = decode_shared(files[i]);
        SG_REQUIRE_SHARED(act);
        assert_true(act->n_timer >= 2);
        assert_int_equal(act->n_sessions, 1);
        const sg_totals *s = &act->sessions[0].totals;
        sg_run_result r;
        assert_int_equal(sg_run_analyze(act, NULL, &r, NULL), SG_OK);
        print_message("%s: moving %.0f (timer %.0f, elapsed %.0f), HR %.1f (device %.0f)\n",
                      files[i], r.moving_time_s, s->timer_s, s->elapsed_s, r.avg_hr, s->avg_hr);
        /* moving time also leaves out slow crawling the timer counted */
        assert_true(r.moving_time_s <= s->timer_s * 1.01);
        assert_true(r.moving_time_s >= s->timer_s * 0.94);
        assert_near(r.avg_hr, s->avg_hr, 2.0);
        sg_run_result_free(&r);
        sg_activity_free(act);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stopped_seconds),
        cmocka_unit_test(test_timer_stop_is_a_pause),
        cmocka_unit_test(test_gap_without_events_is_a_pause),
        cmocka_unit_test(test_timer_events_survive_the_store),
        cmocka_unit_test(test_real_paused_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
