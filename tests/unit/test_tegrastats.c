/* SPDX-License-Identifier: MIT */
/* tegrastats: every reference line parses with the right values; formatter round trip. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/core/tegrastats.h"

#define S(x) (x), strlen(x)

/* Expected facts per reference line, read off the lines by hand. */
typedef struct {
    int n_cpus;
    int n_off;
    int64_t ram_used, ram_total;
    int n_rails;
    const char *rail0;
    int64_t rail0_cur_mw, rail0_avg_mw;
    int n_temps;
    const char *temp_name;
    int64_t temp_mc;
    bool has_time;
} Expect;

static const Expect expect[] = {
    {4, 0, 1179, 3983, 3, "VDD_IN", 2532, 2698, 8, "Tdiode", 42750, false},      /* TX1 */
    {4, 0, 534, 3964, 3, "POM_5V_IN", 1022, 1022, 6, "thermal", 36250, false},   /* Nano */
    {6, 0, 4412, 7772, 3, "VDD_IN", 4067, 4067, 6, "CPU", 43500, false},         /* Xavier NX */
    {8, 4, 6334, 15388, 3, "VDD_IN", 5299, 5299, 9, "tj", 48875, false},         /* Orin NX JP5 */
    {12, 0, 29114, 30697, 3, "VDD_GPU_SOC", 3205, 3205, 6, "gpu", 47812, false}, /* AGX Orin JP6 */
    {6, 0, 3645, 7620, 3, "VDD_IN", 2957, 2957, 6, "gpu", 44531, true},          /* Orin Nano JP6 */
    {6, 0, 1343, 7620, 3, "VDD_IN", 5251, 8535, 6, "soc2", 46593, true},         /* Nano Super */
    {6, 0, 2850, 7486, 3, "VDD_IN", 3582, 3582, 6, "tj", 46843, true},           /* JP7.2.1 */
};

static const TsTemp *find_temp(const TsLine *t, const char *name) {
    for (int i = 0; i < t->n_temps; i++) {
        if (strcmp(t->temps[i].name, name) == 0) {
            return &t->temps[i];
        }
    }
    return NULL;
}

static void test_reference_lines(void **state) {
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/tegrastats-samples.txt", test_source_dir());
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[4096];
    size_t k = 0;
    while (fgets(line, sizeof line, f)) {
        TsLine t;
        int rc = tegrastats_parse(S(line), 0, &t);
        if (line[0] == '#') {
            assert_int_equal(rc, -ENODATA);
            continue;
        }
        assert_true(k < sizeof expect / sizeof expect[0]);
        const Expect *e = &expect[k++];
        assert_int_equal(rc, 0);
        assert_int_equal(t.n_cpus, e->n_cpus);
        int off = 0;
        for (int i = 0; i < t.n_cpus; i++) {
            off += t.cpu[i].off;
            assert_true(t.cpu[i].off || t.cpu[i].load_pct.ok);
        }
        assert_int_equal(off, e->n_off);
        assert_true(t.ram_used_mb.ok && t.ram_total_mb.ok);
        assert_int_equal(t.ram_used_mb.v, e->ram_used);
        assert_int_equal(t.ram_total_mb.v, e->ram_total);
        assert_int_equal(t.n_rails, e->n_rails);
        assert_string_equal(t.rails[0].name, e->rail0);
        assert_int_equal(t.rails[0].cur_mw.v, e->rail0_cur_mw);
        assert_int_equal(t.rails[0].avg_mw.v, e->rail0_avg_mw);
        assert_int_equal(t.n_temps, e->n_temps);
        const TsTemp *z = find_temp(&t, e->temp_name);
        assert_non_null(z);
        assert_int_equal(z->temp_mc.v, e->temp_mc);
        assert_int_equal(t.time_s.ok, e->has_time);
        assert_int_equal(t.n_unknown, 0);
        assert_true(t.emc_pct.ok && t.gr3d_pct.ok);
    }
    fclose(f);
    assert_int_equal(k, sizeof expect / sizeof expect[0]);
}

static void test_variant_details(void **state) {
    (void)state;
    TsLine t;
    /* JetPack 7: three-value rails and cur/max temperatures */
    assert_int_equal(
        tegrastats_parse(S("RAM 1/2MB CPU [2%@729] tj@46.843C/47.5C VDD_IN 3582mW/3500mW/3900mW"),
                         0, &t),
        0);
    assert_int_equal(t.rails[0].max_mw.v, 3900);
    assert_true(t.rails[0].max_mw.ok);
    assert_int_equal(t.temps[0].max_mc.v, 47500);
    /* JetPack 6 per-GPC clocks, engines off / busy */
    assert_int_equal(
        tegrastats_parse(
            S("RAM 1/2MB GR3D_FREQ 12%@[305,611] NVDLA0_FREQ @1600 NVENC off VIC_FREQ 729 APE 174"),
            0, &t),
        0);
    assert_int_equal(t.gr3d_pct.v, 12);
    assert_int_equal(t.n_gpc, 2);
    assert_int_equal(t.gr3d_freq_mhz[1].v, 611);
    assert_int_equal(t.n_engines, 4);
    assert_string_equal(t.engines[0].name, "NVDLA0");
    assert_int_equal(t.engines[0].freq_mhz.v, 1600);
    assert_true(t.engines[1].off);
    assert_string_equal(t.engines[2].name, "VIC");
    assert_int_equal(t.engines[2].freq_mhz.v, 729);
    /* non-root: no clocks */
    assert_int_equal(tegrastats_parse(S("RAM 1/2MB CPU [5%,7%] EMC_FREQ 3% GR3D_FREQ 33%"), 0, &t),
                     0);
    assert_int_equal(t.cpu[1].load_pct.v, 7);
    assert_false(t.cpu[1].freq_mhz.ok);
    assert_int_equal(t.emc_pct.v, 3);
    assert_false(t.emc_freq_mhz.ok);
    assert_false(t.gr3d_freq_mhz[0].ok);
    /* JetPack 5 offline zone */
    assert_int_equal(tegrastats_parse(S("RAM 1/2MB CV0@-256C CPU@47.937C"), 0, &t), 0);
    assert_true(t.temps[0].offline);
    assert_false(t.temps[0].temp_mc.ok);
    /* MTS and IRAM (JetPack 4) */
    assert_int_equal(
        tegrastats_parse(S("RAM 1/2MB IRAM 0/252kB(lfb 252kB) MTS fg 3% bg 7%"), 0, &t), 0);
    assert_int_equal(t.iram_total_kb.v, 252);
    assert_int_equal(t.iram_lfb_kb.v, 252);
    assert_int_equal(t.mts_fg_pct.v, 3);
    assert_int_equal(t.mts_bg_pct.v, 7);
    /* the timestamp is read as UTC */
    assert_int_equal(tegrastats_parse(S("01-02-2026 03:04:05 RAM 1/2MB"), 0, &t), 0);
    assert_int_equal(t.time_s.v, 1767323045);
}

static void test_unknown_tokens_kept(void **state) {
    (void)state;
    TsLine t;
    assert_int_equal(tegrastats_parse(S("RAM 10/20MB NEWTHING zz VDD_IN 5mW/6mW"), 0, &t), 0);
    assert_int_equal(t.n_unknown, 2);
    assert_string_equal(t.unknown[0], "NEWTHING");
    assert_string_equal(t.unknown[1], "zz");
    assert_int_equal(t.n_rails, 1);
    assert_int_equal(tegrastats_parse(S("hello world"), 0, &t), -EINVAL);
    assert_int_equal(tegrastats_parse(S("   \n"), 0, &t), -ENODATA);
    /* a truncated line keeps what it has */
    assert_int_equal(tegrastats_parse(S("RAM 10/20MB (lfb"), 0, &t), 0);
    assert_int_equal(t.ram_total_mb.v, 20);
}

static void make_board(Inventory *inv, Sample *s) {
    memset(inv, 0, sizeof *inv);
    sample_clear(s);
    inv->cpu.n_cpus = 4;
    inv->gpu.present = true;
    inv->emc.present = true;
    inv->n_rails = 2;
    snprintf(inv->rails[0].label, JT_NAME, "VDD_IN");
    snprintf(inv->rails[1].label, JT_NAME, "VDD_SOC");
    inv->input_rail = 0;
    inv->n_zones = 2;
    snprintf(inv->zones[0].name, 16, "cpu");
    snprintf(inv->zones[0].type, JT_NAME, "cpu");
    snprintf(inv->zones[1].name, 16, "tj");
    snprintf(inv->zones[1].type, JT_NAME, "tj");
    inv->n_engines = 2;
    snprintf(inv->engines[0].name, 16, "NVDEC");
    snprintf(inv->engines[1].name, 16, "VIC");
    s->wall_ms = 1767323045000;
    for (int i = 0; i < 4; i++) {
        s->cpu[i].online = val_of(i != 3);
        s->cpu[i].util_pct10 = val_of(100 * (i + 1));
        s->cpu[i].freq_khz = val_of(729000 + 1000 * i);
    }
    s->mem.total_kib = val_of(7620 * 1024);
    s->mem.used_kib = val_of(3645 * 1024);
    s->mem.lfb_kib = val_of(4096);
    s->mem.lfb_blocks = val_of(63);
    s->mem.swap_total_kib = val_of(3810 * 1024);
    s->mem.swap_free_kib = val_of((3810 - 236) * 1024);
    s->mem.swap_cached_kib = val_of(0);
    s->emc.util_pct10 = val_of(150);
    s->emc.freq_hz = val_of(2133000000);
    s->gpu.load_pm = val_of(420);
    s->gpu.freq_hz = val_of(918000000);
    s->engine[0].on = val_of(0);
    s->engine[1].on = val_of(1);
    s->engine[1].freq_hz = val_of(729000000);
    s->zone_mc[0] = val_of(44531);
    s->zone_mc[1] = val_of(-1250);
    s->rail[0].mw = val_of(4812);
    s->rail[1].mw = val_of(1398);
}

static void test_format_round_trip(void **state) {
    (void)state;
    Inventory inv;
    Sample s;
    make_board(&inv, &s);
    int64_t avg[2] = {5000, 1400};
    char line[1024];
    int n = tegrastats_format(&inv, &s, avg, line, sizeof line);
    assert_true(n > 0);
    assert_int_equal((size_t)n, strlen(line));
    assert_non_null(strstr(line, "01-02-2026 03:04:05 RAM 3645/7620MB (lfb 63x4MB)"));
    assert_non_null(strstr(line, "CPU [10%@729,20%@730,30%@731,off]"));
    assert_non_null(strstr(line, "GR3D_FREQ 42%@[918]"));
    assert_non_null(strstr(line, "VDD_IN 4812mW/5000mW"));
    assert_non_null(strstr(line, "NVDEC off VIC 729"));
    TsLine t;
    assert_int_equal(tegrastats_parse(line, (size_t)n, 0, &t), 0);
    assert_int_equal(t.n_unknown, 0);
    Sample back;
    tegrastats_sample(&t, &inv, &back);
    assert_int_equal(back.wall_ms, s.wall_ms);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(back.cpu[i].util_pct10.v, s.cpu[i].util_pct10.v);
        assert_int_equal(back.cpu[i].freq_khz.v, s.cpu[i].freq_khz.v);
    }
    assert_int_equal(back.cpu[3].online.v, 0);
    assert_int_equal(back.mem.used_kib.v, s.mem.used_kib.v);
    assert_int_equal(back.mem.total_kib.v, s.mem.total_kib.v);
    assert_int_equal(back.mem.lfb_kib.v, 4096);
    assert_int_equal(back.mem.lfb_blocks.v, 63);
    assert_int_equal(back.mem.swap_free_kib.v, s.mem.swap_free_kib.v);
    assert_int_equal(back.emc.util_pct10.v, 150);
    assert_int_equal(back.emc.freq_hz.v, 2133000000);
    assert_int_equal(back.gpu.load_pm.v, 420);
    assert_int_equal(back.gpu.freq_hz.v, 918000000);
    assert_int_equal(back.zone_mc[0].v, 44531);
    assert_int_equal(back.zone_mc[1].v, -1250);
    assert_int_equal(back.rail[0].mw.v, 4812);
    assert_int_equal(back.rail[1].mw.v, 1398);
    assert_int_equal(back.input_mw.v, 4812);
    assert_int_equal(back.engine[0].on.v, 0);
    assert_int_equal(back.engine[1].freq_hz.v, 729000000);
    /* too small a buffer is an error, never a truncated line */
    assert_int_equal(tegrastats_format(&inv, &s, NULL, line, 40), -ERANGE);
}

static void test_inventory_from_line(void **state) {
    (void)state;
    TsLine t;
    const char *l = "RAM 534/3964MB CPU [16%@204,9%@204,0%@204,0%@204] EMC_FREQ 0%@204 "
                    "GR3D_FREQ 0%@76 APE 25 PLL@34C CPU@36.5C PMIC@100C POM_5V_IN 1022/1022 "
                    "POM_5V_GPU 0/0";
    assert_int_equal(tegrastats_parse(S(l), 0, &t), 0);
    Inventory inv;
    tegrastats_inventory(&t, &inv);
    assert_int_equal(inv.cpu.n_cpus, 4);
    assert_int_equal(inv.n_rails, 2);
    assert_int_equal(inv.input_rail, 0);
    assert_int_equal(inv.n_zones, 2); /* PMIC is a placeholder, not a sensor */
    assert_string_equal(inv.zones[1].name, "cpu");
    Sample s;
    tegrastats_sample(&t, &inv, &s);
    assert_int_equal(s.input_mw.v, 1022);
    assert_int_equal(s.zone_mc[1].v, 36500);
    assert_int_equal(s.cpu[0].util_pct10.v, 160);
    assert_int_equal(s.cpu_total_pct10.v, (160 + 90 + 2) / 4); /* 62.5 rounds to 63 */
    assert_int_equal(s.mem.used_kib.v, 534 * 1024);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_lines),     cmocka_unit_test(test_variant_details),
        cmocka_unit_test(test_unknown_tokens_kept), cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_inventory_from_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
