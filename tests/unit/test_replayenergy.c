/* SPDX-License-Identifier: MIT */
/* replayenergy: the session energy up to any row of a recording equals what playing it
 * from the start integrates - across kept meters, after seeks forward and back, over unknown
 * samples and a long gap - and a viewer seeded with it after a jump ends with the totals of
 * a viewer that played every row. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/record/replayenergy.h"
#include "recsynth.h"
#include "jtune/ui/uimodel.h"

#define S     1000000000LL
#define NROWS (2 * REPLAYENERGY_STEP + 300)
#define GAP   (5 * S)

/* Row k: one second apart with a 30 s hole after row 3000; VDD_IN varies with the row,
 * VDD_SOC is unknown on every 7th row. */
static void fill(int k, Sample *s, void *ctx) {
    (void)ctx;
    int64_t t = (int64_t)k * S + (k > 3000 ? 30 * S : 0);
    s->mono_ns = 100 * S + t;
    s->wall_ms = 1700000000000LL + t / 1000000;
    s->rail[0].mw = val_of(4000 + (k * 37) % 1500);
    s->rail[1].mw = k % 7 == 3 ? val_na() : val_of(900 + k % 50);
    s->input_mw = s->rail[0].mw;
}

static Recording *make(void) {
    static Inventory inv;
    memset(&inv, 0, sizeof inv);
    inv.n_rails = 2;
    inv.input_rail = 0;
    snprintf(inv.rails[0].label, sizeof inv.rails[0].label, "VDD_IN");
    snprintf(inv.rails[1].label, sizeof inv.rails[1].label, "VDD_SOC");
    return recsynth_csv(&inv, NROWS, fill, NULL, "energy.csv");
}

/* Rows [from, to) fed in order into m. */
static void play(const Recording *r, size_t from, size_t to, EnergyMeter *m) {
    Sample s;
    for (size_t i = from; i < to; i++) {
        assert_int_equal(recording_sample(r, i, &s), 0);
        energy_meter_add(m, &s);
    }
}

static void assert_acc_equal(const EnergyAcc *a, const EnergyAcc *b) {
    assert_true(energy_j(a) == energy_j(b)); /* same additions in the same order: exact */
    assert_int_equal(a->covered_ns, b->covered_ns);
    assert_int_equal(a->n_known, b->n_known);
    assert_int_equal(a->n_restarts, b->n_restarts);
    assert_int_equal(a->n_bridged, b->n_bridged);
    assert_int_equal(a->peak_mw.ok, b->peak_mw.ok);
    assert_int_equal(a->peak_mw.v, b->peak_mw.v);
    assert_int_equal(a->have_prev, b->have_prev);
    assert_int_equal(a->prev_ns, b->prev_ns);
}

static void assert_meter_equal(const EnergyMeter *a, const EnergyMeter *b) {
    assert_int_equal(a->n_rails, b->n_rails);
    assert_acc_equal(&a->input, &b->input);
    for (int i = 0; i < a->n_rails; i++) {
        assert_acc_equal(&a->rail[i], &b->rail[i]);
    }
}

static void test_matches_playback(void **state) {
    (void)state;
    Recording *r = make();
    ReplayEnergy e;
    replayenergy_init(&e, r, GAP);
    /* far ahead first, then back, then around the kept meters */
    const size_t rows[] = {NROWS - 1,
                           0,
                           1,
                           REPLAYENERGY_STEP - 1,
                           REPLAYENERGY_STEP,
                           REPLAYENERGY_STEP + 1,
                           3001,
                           3002,
                           NROWS,
                           2 * REPLAYENERGY_STEP,
                           17};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        EnergyMeter got, want;
        energy_meter_init(&want, &r->meta.inv, GAP);
        play(r, 0, rows[k], &want);
        assert_int_equal(replayenergy_before(&e, rows[k], &got), 0);
        assert_meter_equal(&got, &want);
    }
    /* the data is not trivial: energy grows, the hole restarted the integration, the
     * unknown VDD_SOC samples were bridged */
    EnergyMeter all;
    assert_int_equal(replayenergy_before(&e, NROWS, &all), 0);
    assert_true(energy_j(&all.input) > 4.0 * (NROWS - 31));
    assert_int_equal(all.input.n_restarts, 1);
    assert_true(all.rail[1].n_bridged > 100);
    assert_true(e.n_kept <= NROWS / REPLAYENERGY_STEP + 1);
    replayenergy_free(&e);
    recording_free(r);
}

static void test_past_the_end(void **state) {
    (void)state;
    Recording *r = make();
    ReplayEnergy e;
    replayenergy_init(&e, r, GAP);
    EnergyMeter m;
    assert_int_equal(replayenergy_before(&e, NROWS + 1, &m), -EINVAL);
    replayenergy_free(&e);
    replayenergy_free(&e); /* twice is harmless */
    recording_free(r);
}

/* A viewer that jumps (reset, seeded with the energy before the jump, then the rows from
 * there) ends with the session totals of one that played every row. */
static void test_seeded_viewer(void **state) {
    (void)state;
    Recording *r = make();
    const int interval_ms = 1000;
    ReplayEnergy e;
    replayenergy_init(&e, r, energy_gap_limit_ns((int64_t)interval_ms * 1000000));
    static UiModel played, jumped;
    assert_int_equal(uimodel_init(&played, &r->meta.inv, 60, interval_ms), 0);
    assert_int_equal(uimodel_init(&jumped, &r->meta.inv, 60, interval_ms), 0);
    Sample s;
    for (size_t i = 0; i < NROWS; i++) {
        assert_int_equal(recording_sample(r, i, &s), 0);
        uimodel_update(&played, &s);
        if (i < 500) {
            uimodel_update(&jumped, &s); /* played a while, then jumps back to row 2500 */
        }
    }
    const size_t jump = 2500;
    uimodel_reset(&jumped);
    EnergyMeter base;
    assert_int_equal(replayenergy_before(&e, jump, &base), 0);
    uimodel_seed_energy(&jumped, &base);
    for (size_t i = jump; i < NROWS; i++) {
        assert_int_equal(recording_sample(r, i, &s), 0);
        uimodel_update(&jumped, &s);
    }
    for (int rail = -1; rail < r->meta.inv.n_rails; rail++) {
        Val a = uimodel_energy_mj(&played, rail), b = uimodel_energy_mj(&jumped, rail);
        assert_true(a.ok && b.ok);
        assert_int_equal(a.v, b.v);
        Val pa = uimodel_avg_mw(&played, rail), pb = uimodel_avg_mw(&jumped, rail);
        assert_true(pa.ok && pb.ok);
        assert_int_equal(pa.v, pb.v);
    }
    /* without the seed the session would cover only the rows after the jump */
    uimodel_reset(&jumped);
    for (size_t i = jump; i < NROWS; i++) {
        assert_int_equal(recording_sample(r, i, &s), 0);
        uimodel_update(&jumped, &s);
    }
    assert_true(uimodel_energy_mj(&jumped, -1).v < uimodel_energy_mj(&played, -1).v / 2);
    /* a meter of another board (rail count) is not taken */
    EnergyMeter other = base;
    other.n_rails = 1;
    Val before = uimodel_energy_mj(&jumped, -1);
    uimodel_seed_energy(&jumped, &other);
    assert_int_equal(uimodel_energy_mj(&jumped, -1).v, before.v);
    uimodel_free(&played);
    uimodel_free(&jumped);
    replayenergy_free(&e);
    recording_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_playback),
        cmocka_unit_test(test_past_the_end),
        cmocka_unit_test(test_seeded_viewer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
