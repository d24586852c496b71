/* SPDX-License-Identifier: MIT */
/* energy: integrals of synthetic power series with known answers; gaps, windows, clock
 * going backwards. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/energy.h"

#define MS 1000000LL
#define S  1000000000LL

/* Deterministic jitter source (xorshift64). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static int64_t jitter_ns(int64_t span) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (int64_t)(rng_state % (uint64_t)(2 * span + 1)) - span;
}

static void assert_near(double got, double want, double rel) {
    if (fabs(got - want) > fabs(want) * rel) {
        fail_msg("got %.6f, want %.6f within %.3f%%", got, want, rel * 100);
    }
}

static void test_gap_limit(void **state) {
    (void)state;
    assert_int_equal(energy_gap_limit_ns(1 * MS), 10 * MS);
    assert_int_equal(energy_gap_limit_ns(100 * MS), 1 * S);
    assert_int_equal(energy_gap_limit_ns(1 * S), 5 * S);
    assert_int_equal(energy_gap_limit_ns(60 * S), 180 * S);
    assert_int_equal(energy_gap_limit_ns(0), 5 * S);
}

/* 5 W for 2 s is 10 J, with jittered sample times (+-20 ms at 100 ms) and one lost
 * sample in the middle. */
static void test_constant_5w_jitter_and_missing(void **state) {
    (void)state;
    EnergyAcc e;
    energy_init(&e, energy_gap_limit_ns(100 * MS));
    for (int k = 0; k <= 20; k++) {
        int64_t t = k * 100 * MS + ((k == 0 || k == 20) ? 0 : jitter_ns(20 * MS));
        energy_add(&e, t + 7 * S, k == 9 ? val_na() : val_of(5000));
    }
    assert_near(energy_j(&e), 10.0, 0.005);
    assert_near(energy_wh(&e), 10.0 / 3600.0, 0.005);
    assert_near(energy_covered_s(&e), 2.0, 1e-9);
    assert_int_equal(energy_avg_mw(&e).v, 5000);
    assert_int_equal(e.peak_mw.v, 5000);
    assert_int_equal(e.n_known, 20);
    assert_int_equal(e.n_bridged, 1);
    assert_int_equal(e.n_restarts, 0);
}

/* A varying power with a known integral: 5 W + 2 W sin(2 pi t / 2 s) over one period
 * is 10 J; samples every 50 ms +- 10 ms, a few missing. */
static void test_sine_jitter(void **state) {
    (void)state;
    EnergyAcc e;
    energy_init(&e, energy_gap_limit_ns(50 * MS));
    for (int k = 0; k <= 40; k++) {
        int64_t t = k * 50 * MS + ((k == 0 || k == 40) ? 0 : jitter_ns(10 * MS));
        double p = 5000.0 + 2000.0 * sin(2.0 * M_PI * (double)t / (double)(2 * S));
        bool lost = k == 5 || k == 17 || k == 18 || k == 33;
        energy_add(&e, t, lost ? val_na() : val_of((int64_t)lround(p)));
    }
    assert_near(energy_j(&e), 10.0, 0.005);
    assert_int_equal(e.n_bridged, 3); /* 17 and 18 are one bridged segment */
    assert_true(e.peak_mw.v > 6900 && e.peak_mw.v <= 7000);
}

/* A gap longer than the limit restarts: no energy is invented for it. */
static void test_gap_restarts(void **state) {
    (void)state;
    EnergyAcc e;
    energy_init(&e, energy_gap_limit_ns(100 * MS)); /* 1 s */
    for (int k = 0; k <= 10; k++) {
        energy_add(&e, k * 100 * MS, val_of(5000)); /* 0 .. 1 s: 5 J */
    }
    for (int k = 11; k < 70; k++) {
        energy_add(&e, k * 100 * MS, val_na()); /* 1.1 .. 6.9 s: unknown */
    }
    for (int k = 70; k <= 80; k++) {
        energy_add(&e, k * 100 * MS, val_of(3000)); /* 7 .. 8 s: 3 J */
    }
    assert_near(energy_j(&e), 8.0, 1e-9);
    assert_near(energy_covered_s(&e), 2.0, 1e-9);
    assert_int_equal(e.n_restarts, 1);
    assert_int_equal(e.n_bridged, 0);
    assert_int_equal(energy_avg_mw(&e).v, 4000);
    /* a gap just under the limit is bridged instead */
    EnergyAcc b;
    energy_init(&b, 1 * S);
    energy_add(&b, 0, val_of(1000));
    energy_add(&b, 500 * MS, val_na());
    energy_add(&b, 1 * S, val_of(3000));
    assert_near(energy_j(&b), 2.0, 1e-9);
    assert_int_equal(b.n_bridged, 1);
}

static void test_non_monotonic_ignored(void **state) {
    (void)state;
    EnergyAcc e;
    energy_init(&e, 5 * S);
    energy_add(&e, 1 * S, val_of(2000));
    energy_add(&e, 2 * S, val_of(2000));
    energy_add(&e, 2 * S, val_of(900000));     /* same time: ignored */
    energy_add(&e, 1500 * MS, val_of(900000)); /* backwards: ignored */
    energy_add(&e, 3 * S, val_of(2000));
    assert_near(energy_j(&e), 4.0, 1e-9);
    assert_int_equal(e.n_ignored, 2);
    assert_int_equal(e.peak_mw.v, 2000);
    /* nothing known: no energy, average unknown */
    EnergyAcc z;
    energy_init(&z, 5 * S);
    energy_add(&z, 0, val_na());
    energy_add(&z, 1 * S, val_na());
    assert_true(energy_j(&z) == 0.0);
    assert_false(energy_avg_mw(&z).ok);
    assert_false(z.peak_mw.ok);
}

/* Windows: energy, average and peak between two timestamps that fall between samples. */
static void test_window(void **state) {
    (void)state;
    EnergyAcc e;
    energy_init(&e, 5 * S);
    energy_set_window(&e, 2500 * MS, 4500 * MS);
    /* P(t) = 1000 mW per second of t: linear, so the trapezoid is exact */
    for (int k = 0; k <= 10; k++) {
        energy_add(&e, k * S, val_of(k * 1000));
    }
    /* integral of t from 2.5 to 4.5 = (4.5^2 - 2.5^2) / 2 = 7 J */
    assert_near(energy_j(&e), 7.0, 1e-9);
    assert_near(energy_covered_s(&e), 2.0, 1e-9);
    assert_int_equal(energy_avg_mw(&e).v, 3500);
    assert_int_equal(e.peak_mw.v, 4000); /* samples at 3 s and 4 s are inside */
    assert_int_equal(e.n_known, 2);
}

static void test_meter(void **state) {
    (void)state;
    static Inventory inv;
    memset(&inv, 0, sizeof inv);
    inv.n_rails = 2;
    EnergyMeter m;
    energy_meter_init(&m, &inv, 5 * S);
    static Sample sample;
    for (int k = 0; k <= 10; k++) {
        Sample *s = &sample;
        sample_clear(s);
        s->mono_ns = 100 * S + k * S;
        s->rail[0].mw = val_of(3000);
        s->rail[1].mw = k == 4 ? val_na() : val_of(1000);
        s->input_mw = val_of(4000);
        energy_meter_add(&m, s);
    }
    assert_near(energy_j(&m.rail[0]), 30.0, 1e-9);
    assert_near(energy_j(&m.rail[1]), 10.0, 1e-9);
    assert_near(energy_j(&m.input), 40.0, 1e-9);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gap_limit),
        cmocka_unit_test(test_constant_5w_jitter_and_missing),
        cmocka_unit_test(test_sine_jitter),
        cmocka_unit_test(test_gap_restarts),
        cmocka_unit_test(test_non_monotonic_ignored),
        cmocka_unit_test(test_window),
        cmocka_unit_test(test_meter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
