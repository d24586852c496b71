/* SPDX-License-Identifier: MIT */
/* replay: the play head - real time to recording time at every speed, pause and resume
 * without jumps, steps, seeks, peaks of power and temperature, the end of the recording,
 * the rows a viewer is handed (in order, or a fresh history after a jump), and the seek
 * time syntax. Time is injected: no sleeping. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/record/replay.h"
#include "recsynth.h"

#define S      1000000000LL
#define NROWS  11
#define T0     (5 * S) /* the viewer's clock at the start */
#define PEAK_P 7
#define PEAK_T 3

/* Row k: one second apart; power peaks at row PEAK_P, temperature at PEAK_T (ctx: a bool,
 * with temperatures or every one unknown). */
static void fill(int k, Sample *s, void *ctx) {
    bool with_temp = *(const bool *)ctx;
    s->mono_ns = 100 * S + k * S;
    s->wall_ms = 1700000000000LL + 1000 * k;
    s->rail[0].mw = val_of(k == PEAK_P ? 9000 : 4000 + k);
    s->input_mw = s->rail[0].mw;
    s->zone_mc[0] = with_temp ? val_of(k == PEAK_T ? 70000 : 50000 + k) : val_na();
}

/* 11 rows; with_temp = false leaves every temperature unknown. */
static Recording *make(bool with_temp) {
    static Inventory inv;
    memset(&inv, 0, sizeof inv);
    inv.n_rails = 1;
    inv.input_rail = 0;
    snprintf(inv.rails[0].label, sizeof inv.rails[0].label, "VDD_IN");
    inv.n_zones = 1;
    snprintf(inv.zones[0].name, sizeof inv.zones[0].name, "tj");
    snprintf(inv.zones[0].type, sizeof inv.zones[0].type, "tj-thermal");
    return recsynth_csv(&inv, NROWS, fill, &with_temp, "replay.csv");
}

static void test_play_and_speed(void **state) {
    (void)state;
    Recording *r = make(true);
    Replay p;
    replay_init(&p, r, T0);
    assert_true(p.playing);
    assert_true(replay_speed(&p) == 1.0);
    assert_false(replay_advance(&p, T0 + S / 2));
    assert_int_equal(p.pos, 0);
    assert_int_equal(replay_due_ns(&p, T0 + S / 2), T0 + S);
    assert_true(replay_advance(&p, T0 + S));
    assert_int_equal(p.pos, 1);
    assert_true(replay_advance(&p, T0 + 3 * S + S / 5)); /* 3.2 s */
    assert_int_equal(p.pos, 3);
    /* x2 from 3.2 s: one more real second reaches 5.2 s, no jump at the change */
    assert_int_equal(replay_change_speed(&p, +1, T0 + 3 * S + S / 5), 2);
    assert_int_equal(p.pos, 3);
    assert_int_equal(replay_due_ns(&p, T0 + 3 * S + S / 5), T0 + 3 * S + S / 5 + 4 * S / 10);
    replay_advance(&p, T0 + 4 * S + S / 5);
    assert_int_equal(p.pos, 5);
    /* x0.5 then x16, clamped at both ends */
    assert_int_equal(replay_change_speed(&p, -10, T0 + 4 * S + S / 5), 0);
    assert_true(replay_speed(&p) == 0.5);
    replay_advance(&p, T0 + 5 * S + S / 5); /* 5.2 + 0.5 */
    assert_int_equal(p.pos, 5);
    replay_advance(&p, T0 + 6 * S + S / 5); /* 5.2 + 1.0 */
    assert_int_equal(p.pos, 6);
    assert_int_equal(replay_change_speed(&p, +10, T0 + 6 * S + S / 5), REPLAY_SPEEDS - 1);
    assert_true(replay_speed(&p) == 16.0);
    /* 6.2 s + 16 x 0.3 s = 11 s: past the end, so it stops on the last row */
    assert_true(replay_advance(&p, T0 + 6 * S + S / 2));
    assert_int_equal(p.pos, NROWS - 1);
    assert_false(p.playing);
    assert_int_equal(replay_due_ns(&p, T0 + 7 * S), INT64_MAX);
    /* play at the end starts over */
    replay_set_playing(&p, true, T0 + 20 * S);
    assert_int_equal(p.pos, 0);
    assert_true(p.playing);
    recording_free(r);
}

static void test_pause_resume(void **state) {
    (void)state;
    Recording *r = make(true);
    Replay p;
    replay_init(&p, r, T0);
    replay_set_playing(&p, false, T0 + 2 * S + S / 2); /* pauses on row 2 */
    assert_int_equal(p.pos, 2);
    assert_false(replay_advance(&p, T0 + 50 * S));
    assert_int_equal(replay_due_ns(&p, T0 + 50 * S), INT64_MAX);
    /* resuming plays on from the row shown, not from where the wall clock went */
    replay_set_playing(&p, true, T0 + 50 * S);
    assert_int_equal(replay_due_ns(&p, T0 + 50 * S), T0 + 51 * S);
    replay_advance(&p, T0 + 51 * S);
    assert_int_equal(p.pos, 3);
    recording_free(r);
}

static void test_steps_seeks_and_feed(void **state) {
    (void)state;
    Recording *r = make(true);
    Replay p;
    ReplayFeed f;
    replay_init(&p, r, T0);
    /* first: a fresh history up to the head */
    assert_true(replay_pending(&p, 100, &f));
    assert_true(f.reset);
    assert_int_equal(f.from, 0);
    assert_int_equal(f.to, 0);
    assert_false(replay_pending(&p, 100, &f));
    /* playing on: the rows in between, in order */
    replay_advance(&p, T0 + 4 * S);
    assert_true(replay_pending(&p, 100, &f));
    assert_false(f.reset);
    assert_int_equal(f.from, 1);
    assert_int_equal(f.to, 4);
    /* one step forward: incremental and paused */
    replay_step(&p, 1, T0 + 4 * S);
    assert_false(p.playing);
    assert_int_equal(p.pos, 5);
    assert_true(replay_pending(&p, 100, &f));
    assert_false(f.reset);
    assert_int_equal(f.from, 5);
    assert_int_equal(f.to, 5);
    /* a step back: the viewer starts over with at most `history` rows */
    replay_step(&p, -2, T0 + 4 * S);
    assert_int_equal(p.pos, 3);
    assert_true(replay_pending(&p, 2, &f));
    assert_true(f.reset);
    assert_int_equal(f.from, 2);
    assert_int_equal(f.to, 3);
    replay_step(&p, -100, T0);
    assert_int_equal(p.pos, 0);
    replay_step(&p, 100, T0);
    assert_int_equal(p.pos, NROWS - 1);
    /* seeks: to the row at or before the time, clamped */
    replay_seek(&p, 7 * S + S / 2, T0);
    assert_int_equal(p.pos, 7);
    assert_int_equal(replay_time_ns(&p), 7 * S);
    assert_true(replay_pending(&p, 100, &f));
    assert_true(f.reset);
    assert_int_equal(f.from, 0);
    assert_int_equal(f.to, 7);
    replay_seek(&p, -3 * S, T0);
    assert_int_equal(p.pos, 0);
    replay_set_playing(&p, true, T0);
    replay_seek(&p, 99 * S, T0);
    assert_int_equal(p.pos, NROWS - 1);
    assert_false(p.playing);
    recording_free(r);
}

static void test_peaks(void **state) {
    (void)state;
    Recording *r = make(true);
    Replay p;
    replay_init(&p, r, T0);
    assert_int_equal(replay_peak(&p, REPLAY_PEAK_POWER, T0), 0);
    assert_int_equal(p.pos, PEAK_P);
    assert_false(p.playing);
    assert_int_equal(replay_peak(&p, REPLAY_PEAK_TEMP, T0), 0);
    assert_int_equal(p.pos, PEAK_T);
    recording_free(r);
    r = make(false);
    replay_init(&p, r, T0);
    assert_int_equal(replay_peak(&p, REPLAY_PEAK_TEMP, T0), -ENODATA);
    assert_int_equal(p.pos, 0);
    recording_free(r);
}

static void test_time_syntax(void **state) {
    (void)state;
    char b[64];
    replay_format_time(3 * S, b, sizeof b);
    assert_string_equal(b, "00:03.0");
    replay_format_time(3723 * S + S / 2, b, sizeof b);
    assert_string_equal(b, "1:02:03.5");
    Recording *r = make(true);
    Replay p;
    replay_init(&p, r, T0);
    replay_advance(&p, T0 + 3 * S);
    replay_format_status(&p, b, sizeof b);
    assert_string_equal(b, "REPLAY > x1  00:03.0/00:10.0  row 4/11");
    replay_change_speed(&p, -1, T0 + 3 * S);
    replay_set_playing(&p, false, T0 + 3 * S);
    replay_format_status(&p, b, sizeof b);
    assert_string_equal(b, "REPLAY = x0.5  00:03.0/00:10.0  row 4/11");
    recording_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_play_and_speed),       cmocka_unit_test(test_pause_resume),
        cmocka_unit_test(test_steps_seeks_and_feed), cmocka_unit_test(test_peaks),
        cmocka_unit_test(test_time_syntax),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
