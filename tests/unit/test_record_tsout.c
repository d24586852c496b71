/* SPDX-License-Identifier: MIT */
/* tegrastats output round trip on the live simulator: samples formatted as headless mode
 * does (tsout) parse back (core/tegrastats) to the same values within tegrastats' precision
 * - cores, load, clocks, RAM, every thermal zone and rail exactly, rail averages equal to the
 * running mean of the printed values - and a log of those lines loads as a recording whose
 * samples carry the same rails, zones and memory. The first sample (CPU load not known
 * yet) is held back rather than printed as 0%. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "jtune/record/recording.h"
#include "jtune/record/tsout.h"
#include "jtune/core/tegrastats.h"
#include "jtune/platform/sampler.h"
#include "jtune/sim/simproc.h"

#define NLINES 8

static SimProc sim;

static int setup(void **state) {
    (void)state;
    SimProcOptions o = {.board = "orin-nano-super", .seed = 11, .hz = 50, .quiet = true};
    int rc = simproc_start(&sim, &o);
    if (rc) {
        fprintf(stderr, "cannot start jtune-sim: %s\n", strerror(-rc));
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    return simproc_stop(&sim);
}

static const TsTemp *temp_named(const TsLine *t, const char *name) {
    for (int i = 0; i < t->n_temps; i++) {
        if (strcmp(t->temps[i].name, name) == 0) {
            return &t->temps[i];
        }
    }
    return NULL;
}

static const TsRail *rail_named(const TsLine *t, const char *name) {
    for (int i = 0; i < t->n_rails; i++) {
        if (strcmp(t->rails[i].name, name) == 0) {
            return &t->rails[i];
        }
    }
    return NULL;
}

/* A value printed in a coarser unit (MHz for kHz, % for tenths) is within one unit. */
static void near(int64_t printed_scaled, int64_t exact, int64_t unit) {
    if (llabs(printed_scaled - exact) >= unit) {
        fail_msg("printed %lld, sampled %lld (unit %lld)", (long long)printed_scaled,
                 (long long)exact, (long long)unit);
    }
}

static void check_cpus(const Inventory *inv, const Sample *s, const TsLine *t) {
    assert_int_equal(t->n_cpus, inv->cpu.n_cpus);
    for (int i = 0; i < inv->cpu.n_cpus; i++) {
        const CoreSample *c = &s->cpu[i];
        if (c->online.ok && c->online.v == 0) {
            assert_true(t->cpu[i].off);
            continue;
        }
        assert_true(t->cpu[i].load_pct.ok);
        near(t->cpu[i].load_pct.v * 10, c->util_pct10.v, 6); /* rounded to whole % */
        near(t->cpu[i].freq_mhz.v * 1000, c->freq_khz.v, 1000);
    }
}

static void check_clocks(const Sample *s, const TsLine *t) {
    assert_true(t->gr3d_pct.ok);
    near(t->gr3d_pct.v * 10, s->gpu.load_pm.v, 6);
    assert_int_equal(t->n_gpc, 1);
    near(t->gr3d_freq_mhz[0].v * 1000000, s->gpu.freq_hz.v, 1000000);
    assert_true(t->emc_pct.ok);
    near(t->emc_pct.v * 10, s->emc.util_pct10.v, 6);
    if (s->emc.freq_hz.ok) {
        near(t->emc_freq_mhz.v * 1000000, s->emc.freq_hz.v, 1000000);
    }
}

static void check_line(const Inventory *inv, const Sample *s, const TsLine *t,
                       const double *mean_mw) {
    assert_int_equal(t->time_s.v, s->wall_ms / 1000);
    near(t->ram_used_mb.v * 1024, s->mem.used_kib.v, 1024);
    near(t->ram_total_mb.v * 1024, s->mem.total_kib.v, 1024);
    check_cpus(inv, s, t);
    check_clocks(s, t);
    int zones = 0;
    for (int i = 0; i < inv->n_zones; i++) {
        if (inv->zones[i].hwmon || !s->zone_mc[i].ok) {
            continue;
        }
        const TsTemp *z = temp_named(t, inv->zones[i].name);
        assert_non_null(z);
        assert_int_equal(z->temp_mc.v, s->zone_mc[i].v); /* millidegrees survive exactly */
        zones++;
    }
    assert_true(zones >= 6);
    assert_int_equal(t->n_rails, inv->n_rails);
    for (int i = 0; i < inv->n_rails; i++) {
        const TsRail *r = rail_named(t, inv->rails[i].label);
        assert_non_null(r);
        assert_int_equal(r->cur_mw.v, s->rail[i].mw.v);
        assert_true(fabs((double)r->avg_mw.v - mean_mw[i]) <= 0.5);
    }
    assert_int_equal(t->n_unknown, 0);
}

static void test_round_trip(void **state) {
    (void)state;
    Sampler *sp;
    assert_int_equal(sampler_open(&sp, sim.root, NULL), 0);
    const Inventory *inv = sampler_inventory(sp);
    static Sample taken[NLINES];
    static char text[NLINES * TSOUT_LINE];
    size_t len = 0;
    TsOut out;
    tsout_init(&out);
    double sum_mw[JT_MAX_RAILS] = {0};
    Sample s;
    assert_int_equal(sampler_take(sp, &s), 0);
    assert_false(tsout_ready(inv, &s)); /* load needs two readings */
    for (int k = 0; k < NLINES; k++) {
        struct timespec gap = {0, 30 * 1000 * 1000}; /* let the simulated board move */
        nanosleep(&gap, NULL);
        assert_int_equal(sampler_take(sp, &taken[k]), 0);
        assert_true(tsout_ready(inv, &taken[k]));
        int n = tsout_format(&out, inv, &taken[k], text + len, sizeof text - len);
        assert_true(n > 0 && text[len + (size_t)n - 1] == '\n');
        TsLine t;
        assert_int_equal(tegrastats_parse(text + len, (size_t)n - 1, 0, &t), 0);
        double mean[JT_MAX_RAILS];
        for (int i = 0; i < inv->n_rails; i++) {
            sum_mw[i] += (double)taken[k].rail[i].mw.v;
            mean[i] = sum_mw[i] / (k + 1);
        }
        check_line(inv, &taken[k], &t, mean);
        len += (size_t)n;
    }
    /* the lines as a log: a recording with the same rails, zones and memory */
    char *copy = malloc(len);
    assert_non_null(copy);
    memcpy(copy, text, len);
    Recording *r = NULL;
    char err[256];
    assert_int_equal(recording_parse(&r, "ts.log", copy, len, NULL, err, sizeof err), 0);
    assert_int_equal(r->fmt, REC_TEGRASTATS);
    assert_true(r->has_timestamps);
    assert_int_equal(r->n, NLINES);
    for (int k = 0; k < NLINES; k++) {
        Sample got;
        assert_int_equal(recording_sample(r, (size_t)k, &got), 0);
        for (int i = 0; i < inv->n_rails; i++) {
            int j = inventory_rail_index(&r->meta.inv, inv->rails[i].label);
            assert_true(j >= 0);
            assert_int_equal(got.rail[j].mw.v, taken[k].rail[i].mw.v);
        }
        for (int i = 0; i < inv->n_zones; i++) {
            if (!inv->zones[i].hwmon && taken[k].zone_mc[i].ok) {
                int j = inventory_zone_index(&r->meta.inv, inv->zones[i].name);
                assert_true(j >= 0);
                assert_int_equal(got.zone_mc[j].v, taken[k].zone_mc[i].v);
            }
        }
        assert_int_equal(got.input_mw.v, taken[k].input_mw.v);
        assert_int_equal(got.mem.used_kib.v, taken[k].mem.used_kib.v / 1024 * 1024);
        assert_int_equal(got.wall_ms / 1000, taken[k].wall_ms / 1000);
    }
    recording_free(r);
    sampler_close(sp);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
