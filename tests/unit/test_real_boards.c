/* SPDX-License-Identifier: MIT */
/* Real-board fixtures (tests/fixtures/real/, rebuilt from listings users posted; the sources
 * are in each tree's header and beside each file): discovery finds the listing's devices, a
 * sample gives the listing's values, the board total is formed as the board declares it and
 * has the listing's value, a fixed-value zone never is the maximum, and the profiles cruise,
 * burst and stock (derived, or the shipped overrides) plan cleanly on every board. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/app/profiles.h"
#include "jtune/core/boardtotal.h"
#include "jtune/core/profile.h"
#include "sampler_ctx.h"

#define MAXR 13

typedef struct {
    const char *tree;
    const char *soc, *l4t, *gpu;
    int cpus, policies, online, zones, modes, mode_now;
    const char *rails[MAXR];
    const char *total; /* boardtotal_format */
    int64_t total_mw;  /* the listing's total (rails summed where the board has no input) */
    int64_t cpu0_khz;  /* the listing's clock of the first core */
    int64_t gpu_hz;    /* the GPU clock the listing shows (tegrastats rounds to MHz) */
    const char *zone;  /* a zone and its listed temperature */
    int64_t zone_mc;
    int64_t max_mc;    /* the hottest real zone (a fixed PMIC-Die never counts) */
    const char *fixed; /* the fixed-value zone, or NULL */
    int gated;         /* zones that read n/a (EAGAIN while their block is gated) */
} Board;

static const Board BOARDS[] = {
    {"jp4-nano",
     "tegra210",
     "32.7.1",
     "57000000.gpu",
     4,
     1,
     4,
     6,
     2,
     0,
     {"POM_5V_IN", "POM_5V_GPU", "POM_5V_CPU"},
     "POM_5V_IN",
     1022,
     204000,
     76800000,
     "CPU-therm",
     36500,
     39500,
     "PMIC-Die",
     0},
    {"jp4-tx2",
     "tegra186",
     "32.7.1",
     "17000000.gp10b",
     6,
     2,
     6,
     8,
     5,
     0,
     {"VDD_SYS_GPU", "VDD_SYS_SOC", "VDD_4V0_WIFI", "VDD_IN", "VDD_SYS_CPU", "VDD_SYS_DDR",
      "VDD_MUX", "VDD_5V0_IO_SYS", "VDD_3V3_SYS", "VDD_3V3_IO_SLP", "VDD_1V8_IO", "VDD_3V3_SYS_M2"},
     "VDD_IN",
     3140,
     345600,
     114750000,
     "Tdiode_tegra",
     41250,
     42500,
     "PMIC-Die",
     0},
    {"jp4-xavier-nx",
     "tegra194",
     "32.6.1",
     "17000000.gv11b",
     6,
     3,
     6,
     7,
     5,
     2,
     {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"},
     "VDD_IN",
     4067,
     1190400,
     306000000,
     "CPU-therm",
     43500,
     43500,
     "PMIC-Die",
     0},
    {"jp5-orin-nx",
     "tegra234",
     "35.4.1",
     "17000000.ga10b",
     8,
     2,
     4,
     9,
     4,
     1,
     {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"},
     "VDD_IN",
     5299,
     729600,
     612000000,
     "Tj-therm",
     48875,
     48875,
     NULL,
     0},
    {"jp5-agx-orin",
     "tegra234",
     "35.1.0",
     "17000000.ga10b",
     12,
     3,
     8,
     11,
     4,
     2,
     {"VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0", "VDDQ_VDD2_1V8AO"},
     "sum:VDD_GPU_SOC+VDD_CPU_CV+VIN_SYS_5V0",
     3205 + 4405 + 4767,
     729600,
     306000000,
     "CPU-therm",
     50500,
     50500,
     NULL,
     3},
    {"jp6-orin-nano-super",
     "tegra234",
     "36.4.3",
     "17000000.gpu",
     6,
     2,
     6,
     9,
     4,
     1,
     {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"},
     "VDD_IN",
     5251,
     729600,
     306000000,
     "tj-thermal",
     47000,
     47000,
     NULL,
     3},
    {"jp6-agx-orin",
     "tegra234",
     "36.3.0",
     "17000000.gpu",
     12,
     3,
     12,
     9,
     4,
     2,
     {"VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0", "VDDQ_VDD2_1V8AO"},
     "sum:VDD_GPU_SOC+VDD_CPU_CV+VIN_SYS_5V0",
     3205 + 4405 + 4767,
     729600,
     306000000,
     "cpu-thermal",
     53062,
     53062,
     NULL,
     3},
    /* Thor: the GPU is devfreq gpu-gpc-0 (no of_node/name, no load), the total the
     * carrier's INA238 VIN in uW (23 W), the gpu zone gated */
    {"jp7-agx-thor",
     "tegra264",
     "38.2.0",
     "gpu-gpc-0",
     14,
     1,
     14,
     6, /* five zones and the INA238's die sensor (hwmon temp1) */
     5,
     1,
     {"VDD_GPU", "VDD_CPU_SOC_MSS", "VIN_SYS_5V0", "VIN"},
     "VIN",
     23000,
     972000,
     54000000,
     "tj-thermal",
     48500,
     48500,
     NULL,
     1},
};

static SCtx *open_board(const Board *b) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/tests/fixtures/real/%s.tree", test_source_dir(), b->tree);
    SCtx *c = sctx_new(path, 1000, false);
    sctx_step(c, 0);
    sctx_step(c, 1000);
    return c;
}

/* |got - want| within 0.5 % (rails rebuilt as mV x mA round a little). */
static void assert_near(Val got, int64_t want, const char *what, const char *board) {
    int64_t tol = want / 200 + 2;
    if (!got.ok || got.v < want - tol || got.v > want + tol) {
        fail_msg("%s: %s is %s%lld, the listing says %lld", board, what, got.ok ? "" : "n/a ",
                 (long long)got.v, (long long)want);
    }
}

static void check_discovery(const Board *b, const Inventory *inv) {
    assert_string_equal(inv->id.soc, b->soc);
    assert_string_equal(inv->id.l4t, b->l4t);
    assert_int_equal(inv->cpu.n_cpus, b->cpus);
    assert_int_equal(inv->cpu.n_policies, b->policies);
    assert_true(inv->gpu.present);
    assert_string_equal(inv->gpu.name, b->gpu);
    int n = 0;
    for (; n < MAXR && b->rails[n]; n++) {
        assert_string_equal(inv->rails[n].label, b->rails[n]);
    }
    assert_int_equal(inv->n_rails, n);
    assert_int_equal(inv->n_zones, b->zones);
    assert_true(inv->nvp.present);
    assert_int_equal(inv->nvp.n_modes, b->modes);
    char total[200];
    assert_string_equal(boardtotal_format(inv, total, sizeof total), b->total);
    assert_false(inv->total.assumed);
}

static void check_sample(const Board *b, const Inventory *inv, const Sample *s) {
    int online = 0, gated = 0;
    for (int c = 0; c < inv->cpu.n_cpus; c++) {
        online += !s->cpu[c].online.ok || s->cpu[c].online.v;
    }
    assert_int_equal(online, b->online);
    assert_near(s->cpu[0].freq_khz, b->cpu0_khz, "cpu0 clock", b->tree);
    assert_near(s->gpu.freq_hz, b->gpu_hz, "GPU clock", b->tree);
    assert_near(s->input_mw, b->total_mw, "board total", b->tree);
    int z = inventory_zone_index(inv, b->zone);
    assert_true(z >= 0);
    assert_near(s->zone_mc[z], b->zone_mc, b->zone, b->tree);
    for (int i = 0; i < inv->n_zones; i++) {
        gated += !s->zone_mc[i].ok;
    }
    assert_int_equal(gated, b->gated);
    assert_true(s->nvp_mode.ok);
    assert_int_equal(s->nvp_mode.v, b->mode_now);
}

static void check_fixed_zone(const Board *b, const Inventory *inv, const Sample *s) {
    int hot = -1;
    Val mx = val_na();
    for (int i = 0; i < inv->n_zones; i++) {
        if (inv->zones[i].fixed) {
            assert_non_null(b->fixed);
            assert_string_equal(inv->zones[i].type, b->fixed);
            assert_val(s->zone_mc[i], 100000);
        }
    }
    mx = sample_temp_max_mc(inv, s, &hot);
    assert_near(mx, b->max_mc, "max temperature", b->tree);
    assert_false(inv->zones[hot].fixed);
}

/* cruise, burst and stock load (shipped override or derived) and plan without errors. */
static void check_profiles(const Board *b, const char *root) {
    ProfSession *ps = NULL;
    assert_int_equal(profiles_open(&ps, root, NULL), 0);
    static const char *const names[] = {"cruise", "burst", "stock"};
    for (size_t i = 0; i < 3; i++) {
        Profile p;
        Diag d = {0};
        ProfPlan *plan = malloc(sizeof *plan);
        assert_non_null(plan);
        int rc = profiles_load(ps, names[i], &p, &d);
        if (rc == 0) {
            rc = profiles_plan(ps, &p, plan, &d);
        }
        if (rc != 0 || d.n_errors) {
            fail_msg("%s: %s: rc %d, %d errors: %s", b->tree, names[i], rc, d.n_errors,
                     d.n ? d.msg[0] : "");
        }
        assert_true(plan->n > 0);
        free(plan);
    }
    profiles_close(ps);
}

static void test_board(void **state) {
    const Board *b = *state;
    SCtx *c = open_board(b);
    const Inventory *inv = sctx_inv(c);
    if (strcmp(b->tree, "jp6-orin-nano-super") == 0) {
        /* the 70 degC trip bound to hot-surface-alert only is no throttling limit */
        const ZoneInfo *z = &inv->zones[inventory_zone_index(inv, "cpu-thermal")];
        assert_int_equal(z->n_trips, 3);
        assert_false(z->trips[0].alert_only);
        assert_true(z->trips[2].alert_only);
    }
    check_discovery(b, inv);
    check_sample(b, inv, &c->b);
    check_fixed_zone(b, inv, &c->b);
    check_profiles(b, c->fx.root);
    sctx_free(c);
}

/* A CPU table longer than jtune holds keeps its lowest and highest rate (max stays right) and
 * is reported; a board without caps reports nothing. */
static void test_long_table_is_thinned_and_reported(void **state) {
    (void)state;
    char path[PATH_MAX], table[8192];
    snprintf(path, sizeof path, "%s/tests/fixtures/real/jp6-agx-orin.tree", test_source_dir());
    SCtx *c = sctx_load(path);
    size_t len = 0;
    int n = JT_MAX_FREQS + 57;
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(table + len, sizeof table - len, "%d ", 100000 + 9600 * i);
    }
    assert_int_equal(fixture_put(&c->fx,
                                 "sys/devices/system/cpu/cpufreq/policy0/"
                                 "scaling_available_frequencies",
                                 table),
                     0);
    sctx_open(c, 1000, false);
    const Inventory *inv = sctx_inv(c);
    const PolicyInfo *p = &inv->cpu.policies[0];
    assert_int_equal(p->n_freqs, JT_MAX_FREQS);
    assert_true(p->freqs_capped);
    assert_int_equal(p->freqs_khz[0], 100000);
    assert_int_equal(p->freqs_khz[JT_MAX_FREQS - 1], 100000 + 9600 * (n - 1));
    for (int i = 1; i < JT_MAX_FREQS; i++) {
        assert_true(p->freqs_khz[i] > p->freqs_khz[i - 1]);
    }
    assert_true(inv->capped & INV_CAPPED_FREQS);
    char why[256];
    assert_non_null(strstr(inventory_capped_describe(inv, why, sizeof why), "frequency table"));
    assert_false(inv->cpu.policies[1].freqs_capped);
    sctx_free(c);
    c = open_board(&BOARDS[1]); /* TX2: 12 rails, all kept */
    assert_int_equal(sctx_inv(c)->capped, 0);
    assert_string_equal(inventory_capped_describe(sctx_inv(c), why, sizeof why), "");
    sctx_free(c);
}

/* Thor's JetPack 7 layout: the named board and release, the whole 170-step GPU table, no
 * load file (n/a, not 0), the EMC clock and its ceiling from devfreq bwmgr, the INA238 read
 * in uW as mW, the fan's speed from pwm_tach. */
static void test_thor_jetpack7(void **state) {
    (void)state;
    SCtx *c = open_board(&BOARDS[sizeof BOARDS / sizeof BOARDS[0] - 1]);
    const Inventory *inv = sctx_inv(c);
    const Sample *s = &c->b;
    assert_string_equal(inv->id.jetpack, "7.0");
    assert_string_equal(inv->id.module, "p3834-0008");
    assert_string_equal(profile_family(&inv->id), "agx-thor");
    assert_int_equal(inv->gpu.n_freqs, 170);
    assert_false(inv->gpu.freqs_capped);
    assert_int_equal(inv->gpu.freqs_hz[169], 1575000000);
    assert_false(inv->gpu.has_load);
    assert_false(s->gpu.load_pm.ok);
    assert_string_equal(inv->gpu.load_why, "no load file; NVML only on the real root");
    assert_val(s->gpu.max_hz, 1575000000);
    assert_true(inv->emc.rate_readable);
    assert_val(s->emc.freq_hz, 2133000000);
    assert_val(inv->emc.max_hz, 4266000000);
    int vin = inventory_rail_index(inv, "VIN");
    assert_true(vin >= 0);
    assert_val(s->rail[vin].mw, 23000);
    assert_val(s->rail[vin].mv, 20000);
    assert_val(s->fan.rpm, 1850);
    assert_string_equal(s->fan.control, "nvfancontrol:quiet"); /* its process runs */
    sctx_free(c);
}

static const Board *board_named(const char *tree) {
    for (size_t i = 0; i < sizeof BOARDS / sizeof BOARDS[0]; i++) {
        if (strcmp(BOARDS[i].tree, tree) == 0) {
            return &BOARDS[i];
        }
    }
    fail_msg("no board %s", tree);
    return NULL;
}

/* cpu-throttle-alert is bound to cpu-thermal's 99 degC trip. Far below it, its cur_state is
 * held like a setting; near the trip, or while it reads active, it is read every sample. */
static void test_throttle_alert_follows_trips(void **state) {
    (void)state;
    static const char *alert = "sys/devices/virtual/thermal/cooling_device0/cur_state";
    static const char *temp = "sys/devices/virtual/thermal/thermal_zone0/temp";
    SCtx *c = open_board(board_named("jp6-orin-nano-super"));
    assert_val(c->b.throttling, 0);
    /* 46 degC: a change is seen when the settings are read again, not before */
    assert_int_equal(fixture_put(&c->fx, alert, "1\n"), 0);
    sctx_step(c, 1000);
    assert_val(c->b.throttling, 0);
    sctx_step_settings(c);
    assert_val(c->b.throttling, 1);
    /* active: read every sample, so the end is seen at once */
    assert_int_equal(fixture_put(&c->fx, alert, "0\n"), 0);
    sctx_step(c, 1000);
    assert_val(c->b.throttling, 0);
    /* and, back at 0 and cool, held again */
    assert_int_equal(fixture_put(&c->fx, alert, "1\n"), 0);
    sctx_step(c, 1000);
    assert_val(c->b.throttling, 0);
    /* within 10 degC of the trip: read in the sample that sees the temperature */
    assert_int_equal(fixture_put(&c->fx, temp, "90000\n"), 0);
    sctx_step(c, 1000);
    assert_val(c->b.zone_mc[inventory_zone_index(sctx_inv(c), "cpu-thermal")], 90000);
    assert_val(c->b.throttling, 1);
    assert_int_equal(fixture_put(&c->fx, alert, "0\n"), 0);
    assert_int_equal(fixture_put(&c->fx, temp, "46000\n"), 0);
    sctx_step(c, 1000);
    assert_val(c->b.throttling, 0);
    sctx_free(c);
}

static int group_setup(void **state) {
    (void)state;
    static Fixture cfg;
    if (fixture_mkroot(&cfg) < 0) {
        return -1;
    }
    setenv("XDG_CONFIG_HOME", cfg.root, 1); /* no user profiles */
    return 0;
}

int main(void) {
    enum { N = sizeof BOARDS / sizeof BOARDS[0] };
    struct CMUnitTest tests[N + 3];
    for (size_t i = 0; i < N; i++) {
        tests[i] = (struct CMUnitTest){BOARDS[i].tree, test_board, NULL, NULL,
                                       (void *)(uintptr_t)&BOARDS[i]} /* cmocka state: read only */;
    }
    tests[N] = (struct CMUnitTest){"long_table_is_thinned_and_reported",
                                   test_long_table_is_thinned_and_reported, NULL, NULL, NULL};
    tests[N + 1] = (struct CMUnitTest){"thor_jetpack7", test_thor_jetpack7, NULL, NULL, NULL};
    tests[N + 2] = (struct CMUnitTest){"throttle_alert_follows_trips",
                                       test_throttle_alert_follows_trips, NULL, NULL, NULL};
    return _cmocka_run_group_tests("real_boards", tests, sizeof tests / sizeof tests[0],
                                   group_setup, NULL);
}
