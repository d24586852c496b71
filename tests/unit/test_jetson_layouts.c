/* SPDX-License-Identifier: MIT */
/* Discovery on every fixture layout: JetPack 6 Orin Nano Super, JetPack 5 Orin Nano (7W,
 * no debugfs), JetPack 4 Nano (iio rails, legacy fan, debugfs engines) and a JetPack 6 AGX
 * Orin (three clusters, two INA3221 chips, DLA/PVA, hwmon temperature). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sampler_ctx.h"

static SCtx *open_tree(const char *tree) {
    SCtx *c = sctx_new(tree, 1000, false);
    sctx_step(c, 0);
    sctx_step(c, 1000);
    return c;
}

static void assert_engines(const Inventory *inv, const char *const *names, int n) {
    assert_int_equal(inv->n_engines, n);
    for (int i = 0; i < n; i++) {
        assert_string_equal(inv->engines[i].name, names[i]);
    }
}

static void assert_zone_names(const Inventory *inv, const char *const *names, int n) {
    assert_int_equal(inv->n_zones, n);
    for (int i = 0; i < n; i++) {
        assert_string_equal(inv->zones[i].name, names[i]);
    }
}

static void test_orin_nano_super_jp6(void **state) {
    (void)state;
    SCtx *c = open_tree("orin-nano-super.tree");
    const Inventory *inv = sctx_inv(c);
    assert_int_equal(inv->cpu.n_cpus, 6);
    assert_int_equal(inv->cpu.n_policies, 2);
    assert_int_equal(inv->idle.n_states, 2);
    assert_int_equal(inv->n_rails, 3);
    assert_int_equal(inv->n_zones, 9);
    assert_int_equal(inv->n_engines, 5);
    assert_int_equal(inv->n_radios, 2);
    assert_int_equal(inv->fan.kind, FAN_HWMON);
    assert_int_equal(inv->nvp.n_modes, 4);
    assert_true(inv->gpu.present);
    sctx_free(c);
}

static void test_orin_nano_jp5(void **state) {
    (void)state;
    SCtx *c = open_tree("orin-nano-jp5.tree");
    const Inventory *inv = sctx_inv(c);
    assert_string_equal(inv->id.l4t, "35.3.1");
    assert_string_equal(inv->id.jetpack, "5.1.1");
    assert_string_equal(inv->id.model, "NVIDIA Orin Nano Developer Kit");
    assert_false(inv->id.super);
    assert_string_equal(inv->id.kernel, "5.10.104-tegra");
    /* 7W: cpu4-5 parked, their cluster's policy answers nothing but related_cpus */
    assert_int_equal(inv->cpu.n_cpus, 6);
    assert_int_equal(inv->cpu.n_policies, 2);
    assert_int_equal(inv->cpu.policies[1].cpus, 0x30);
    assert_int_equal(inv->cpu.policies[0].n_freqs, 20);
    assert_int_equal(inv->cpu.policies[0].freqs_khz[19], 1510400);
    assert_val(c->b.cpu[3].online, 1);
    assert_val(c->b.cpu[4].online, 0);
    assert_na(c->b.cpu[4].freq_khz);
    assert_na(c->b.policy[1].max_khz);
    assert_val(c->b.policy[0].max_khz, 960000);
    assert_val(c->b.clocks_pinned, 0);
    /* JP5 GPU node, of_node ga10b, no bus@0 */
    assert_string_equal(inv->gpu.name, "17000000.ga10b");
    assert_string_equal(inv->gpu.device_dir, "sys/devices/platform/17000000.ga10b");
    assert_val(c->b.gpu.load_pm, 125);
    assert_val(c->b.gpu.max_hz, 408000000);
    assert_val(c->b.gpu.tpc_pg_mask, 252);
    /* no debugfs at all: the rate is unknown with ENOENT; actmon and the JP5 cap are there */
    assert_true(inv->emc.present);
    assert_false(inv->emc.rate_readable);
    assert_int_equal(inv->emc.rate_errno, ENOENT);
    assert_int_equal(inv->emc.util_src, EMC_UTIL_ACTMON);
    assert_string_equal(inv->emc.cap_path, "sys/kernel/nvpmodel_emc_cap/emc_iso_cap");
    assert_val(c->b.emc.cap_hz, 2133000000);
    assert_na(c->b.emc.freq_hz);
    assert_na(c->b.emc.util_pct10); /* no rate to scale mc_all with */
    static const char *const eng[] = {"VIC", "NVJPG", "NVDEC", "NVJPG1", "OFA"};
    assert_engines(inv, eng, 5);
    assert_int_equal(inv->n_rails, 3);
    assert_string_equal(inv->rails[0].label, "VDD_IN");
    assert_val(c->b.input_mw, 6654); /* 5072 mV x 1312 mA = 6654.46 mW */
    /* capitalised JP5 types keep tegrastats' short names; gated zones read -256 C */
    static const char *const zn[] = {"cv0", "cpu", "soc2", "soc0", "cv1",
                                     "gpu", "tj",  "soc1", "cv2"};
    assert_zone_names(inv, zn, 9);
    assert_string_equal(inv->zones[1].type, "CPU-therm");
    assert_na(c->b.zone_mc[0]);
    assert_val(c->b.zone_mc[1], 45500);
    assert_val(inv->zones[1].trips[1].temp_mc, 99000);
    assert_string_equal(inv->fan.pwm_path, "sys/class/hwmon/hwmon2/pwm1");
    assert_string_equal(inv->fan.rpm_path, "sys/class/hwmon/hwmon0/rpm");
    assert_val(c->b.fan.rpm, 2010);
    /* no status file: the conf's default profile */
    assert_string_equal(c->b.fan.control, "nvfancontrol:quiet");
    assert_val(c->b.nvp_mode, 1);
    assert_string_equal(inv->nvp.modes[inventory_mode_index(inv, 1)].name, "7W");
    sctx_free(c);
}

static void test_nano_jp4(void **state) {
    (void)state;
    SCtx *c = open_tree("nano-jp4.tree");
    const Inventory *inv = sctx_inv(c);
    assert_string_equal(inv->id.soc, "tegra210");
    assert_string_equal(inv->id.module, "p3448-0000");
    assert_string_equal(inv->id.l4t, "32.7.1");
    assert_string_equal(inv->id.jetpack, "4.6.1");
    assert_int_equal(inv->cpu.n_cpus, 4);
    assert_int_equal(inv->cpu.n_policies, 1);
    assert_false(inv->cpu.has_online[0]); /* cpu0 has no online file: online */
    assert_true(inv->cpu.has_online[1]);
    assert_val(c->b.cpu[0].online, 1);
    assert_val(c->b.cpu[0].freq_khz, 1479000);
    assert_int_equal(inv->cpu.policies[0].n_freqs, 15);
    /* GPU without a devfreq device link: the device dir is above the node */
    assert_string_equal(inv->gpu.name, "57000000.gpu");
    assert_string_equal(inv->gpu.device_dir, "sys/devices/57000000.gpu");
    assert_val(c->b.gpu.freq_hz, 76800000);
    assert_val(c->b.gpu.railgate, 1);
    assert_false(inv->gpu.has_tpc_mask);
    /* legacy EMC clock in the common-clock debugfs */
    assert_true(inv->emc.rate_readable);
    assert_val(c->b.emc.freq_hz, 1600000000);
    assert_val(inv->emc.max_hz, 1600000000);
    assert_val(c->b.emc.util_pct10, 20); /* 3200000 / 1600000 kHz = 2.0 % */
    assert_false(inv->emc.has_cap);
    /* engines from debugfs clocks; "off" = enable count 0 */
    static const char *const eng[] = {"NVENC", "NVDEC", "NVJPG", "VIC"};
    assert_engines(inv, eng, 4);
    assert_false(inv->engines[0].devfreq);
    assert_val(c->b.engine[1].on, 1);
    assert_val(c->b.engine[1].freq_hz, 716800000);
    assert_val(c->b.engine[3].on, 0);
    /* iio rails with their own power files */
    assert_int_equal(inv->n_rails, 3);
    assert_string_equal(inv->rails[0].label, "POM_5V_IN");
    assert_true(inv->rails[0].legacy_iio);
    assert_true(inv->rails[0].is_input);
    assert_int_equal(inv->rails[2].channel, 3);
    assert_val(c->b.rail[0].mw, 2104); /* the in_power file, not 5000 x 420 / 1000 */
    assert_val(c->b.rail[2].ma, 82);
    assert_val(c->b.input_mw, 2104);
    assert_val(inv->rails[1].crit_ma, 32760);
    static const char *const zn[] = {"ao", "cpu", "gpu", "pll", "pmic", "thermal"};
    assert_zone_names(inv, zn, 6);
    assert_na(c->b.throttling); /* no throttle-alert cooling devices on this kernel */
    assert_int_equal(inv->fan.kind, FAN_LEGACY);
    assert_val(c->b.fan.pwm, 0);
    assert_val(c->b.fan.rpm, 0);
    assert_string_equal(c->b.fan.control, "kernel");
    assert_int_equal(fixture_put(&c->fx, "sys/devices/pwm-fan/temp_control", "0\n"), 0);
    sctx_step_settings(c);
    assert_string_equal(c->b.fan.control, "manual");
    assert_int_equal(inv->n_radios, 0);
    assert_na(c->b.mem.nvmap_kib);
    assert_val(c->b.nvp_mode, 0);
    sctx_free(c);
}

static void test_agx_orin_jp6(void **state) {
    (void)state;
    SCtx *c = open_tree("agx-orin-jp6.tree");
    const Inventory *inv = sctx_inv(c);
    assert_string_equal(inv->id.module, "p3701-0005");
    assert_string_equal(inv->id.jetpack, "6.0");
    assert_int_equal(inv->cpu.n_cpus, 12);
    assert_int_equal(inv->cpu.n_policies, 3);
    assert_int_equal(inv->cpu.policies[2].first_cpu, 8);
    assert_int_equal(inv->cpu.policies[2].cpus, 0xf00);
    assert_int_equal(inv->cpu.policy_of[11], 2);
    assert_int_equal(inv->cpu.policies[0].n_freqs, 29);
    assert_val(c->b.cpu[9].freq_khz, 2201600);
    /* two chips; hwmon numbers are in reverse address order: chip 0 is still 1-0040 */
    assert_int_equal(inv->n_rails, 4);
    static const char *const rails[] = {"VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0",
                                        "VDDQ_VDD2_1V8AO"};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(inv->rails[i].label, rails[i]);
        assert_int_equal(inv->rails[i].chip, i < 3 ? 0 : 1);
    }
    assert_int_equal(inv->rails[3].channel, 2);
    /* no input rail: the total is GPU_SOC + CPU_CV + SYS_5V0; VDDQ hangs off SYS_5V0 */
    assert_int_equal(inv->input_rail, -1);
    assert_int_equal(inv->total.kind, TOTAL_SUM);
    assert_int_equal(inv->total.n, 3);
    assert_false(inv->total.assumed);
    assert_val(c->b.rail[2].mw, 4735); /* 4968 x 953 / 1000 = 4734.5 -> 4735 */
    assert_val(c->b.rail[0].mw, 5201);
    assert_true(c->b.rail[1].mw.ok && c->b.rail[3].mw.ok);
    assert_val(c->b.input_mw, 5201 + c->b.rail[1].mw.v + 4735);
    static const char *const eng[] = {"VIC", "NVJPG", "NVDEC", "NVENC", "NVJPG1",
                                      "OFA", "DLA0",  "DLA1",  "PVA0"};
    assert_engines(inv, eng, 9);
    assert_val(c->b.engine[6].on, 1);
    assert_val(c->b.engine[6].freq_hz, 1600000000);
    assert_val(c->b.engine[7].on, 0);
    static const char *const zn[] = {"cpu",  "gpu",  "cv0", "cv1",    "cv2",    "soc0",
                                     "soc1", "soc2", "tj",  "tboard", "tdiode", "nvme"};
    assert_zone_names(inv, zn, 12);
    assert_true(inv->zones[11].hwmon);
    assert_string_equal(inv->zones[11].type, "Composite");
    assert_int_equal(inv->zones[11].index, -1);
    assert_val(c->b.zone_mc[11], 38850);
    assert_int_equal(inv->zones[11].n_trips, 2);
    assert_val(inv->zones[11].trips[1].temp_mc, 84850);
    assert_na(c->b.zone_mc[2]);
    assert_true(inv->fan.has_pwm_enable);
    assert_string_equal(inv->fan.default_profile, "cool");
    assert_string_equal(c->b.fan.control, "nvfancontrol:cool");
    assert_val(c->b.fan.pwm, 120);
    assert_val(c->b.emc.util_pct10, 200);
    assert_val(c->b.gpu.max_hz, 828750000);
    assert_int_equal(inv->gpu.n_freqs, 11);
    assert_val(c->b.nvp_mode, 2);
    assert_string_equal(inv->nvp.modes[2].name, "MODE_30W");
    assert_int_equal(inv->n_radios, 2);
    sctx_free(c);
}

/* A board total formed as a sum stays right when one rail is unreadable: n/a when the
 * rail is in the sum (never a smaller total), unaffected when it is not. */
static void test_agx_orin_sum_unreadable_rail(void **state) {
    (void)state;
    static const char *const hw4 =
        "sys/devices/platform/bus@0/c240000.i2c/i2c-1/1-0040/hwmon/hwmon4";
    static const char *const hw2 =
        "sys/devices/platform/bus@0/c240000.i2c/i2c-1/1-0041/hwmon/hwmon2";
    char p[256];
    SCtx *c = sctx_load("agx-orin-jp6.tree");
    snprintf(p, sizeof p, "%s/curr2_input", hw4); /* VDD_CPU_CV, in the sum */
    assert_int_equal(fixture_eagain(&c->fx, p), 0);
    sctx_open(c, 1000, false);
    sctx_step(c, 0);
    assert_na(c->b.rail[1].mw);
    assert_val(c->b.rail[0].mw, 5201);
    assert_na(c->b.input_mw);
    sctx_free(c);
    c = sctx_load("agx-orin-jp6.tree");
    snprintf(p, sizeof p, "%s/curr2_input", hw2); /* VDDQ_VDD2_1V8AO, not in the sum */
    assert_int_equal(fixture_eagain(&c->fx, p), 0);
    sctx_open(c, 1000, false);
    sctx_step(c, 0);
    assert_na(c->b.rail[3].mw);
    assert_true(c->b.input_mw.ok);
    assert_int_equal(c->b.input_mw.v, 5201 + c->b.rail[1].mw.v + 4735);
    sctx_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orin_nano_super_jp6),
        cmocka_unit_test(test_orin_nano_jp5),
        cmocka_unit_test(test_nano_jp4),
        cmocka_unit_test(test_agx_orin_jp6),
        cmocka_unit_test(test_agx_orin_sum_unreadable_rail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
