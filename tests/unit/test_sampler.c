/* SPDX-License-Identifier: MIT */
/* sampler on the Orin Nano Super (JP6.2) fixture: every value read matches the tree. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/platform/jetson/fan.h"
#include "sampler_ctx.h"

#define TREE "orin-nano-super.tree"

static int setup(void **state) {
    SCtx *c = sctx_new(TREE, 1000, false);
    sctx_step(c, 0);
    sctx_step(c, 1000);
    *state = c;
    return 0;
}

static int teardown(void **state) {
    sctx_free(*state);
    return 0;
}

static void test_identity(void **state) {
    SCtx *c = *state;
    const Identity *id = &sctx_inv(c)->id;
    assert_string_equal(id->model,
                        "NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super");
    assert_string_equal(id->compatible,
                        "nvidia,p3768-0000+p3767-0005-super, nvidia,p3767-0005, nvidia,tegra234");
    assert_string_equal(id->module, "p3767-0005");
    assert_string_equal(id->soc, "tegra234");
    assert_string_equal(id->l4t, "36.4.3");
    assert_string_equal(id->jetpack, "6.2");
    assert_string_equal(id->kernel, "5.15.148-tegra");
    assert_true(id->super);
}

static void test_cpu(void **state) {
    SCtx *c = *state;
    const CpuInfo *ci = &sctx_inv(c)->cpu;
    assert_int_equal(ci->n_cpus, 6);
    assert_int_equal(ci->n_policies, 2);
    assert_int_equal(ci->policies[0].first_cpu, 0);
    assert_int_equal(ci->policies[0].cpus, 0x0f);
    assert_int_equal(ci->policies[1].first_cpu, 4);
    assert_int_equal(ci->policies[1].cpus, 0x30);
    for (int p = 0; p < 2; p++) {
        const PolicyInfo *pi = &ci->policies[p];
        assert_int_equal(pi->n_freqs, 22);
        assert_int_equal(pi->freqs_khz[0], 115200);
        assert_int_equal(pi->freqs_khz[8], 729600);
        assert_int_equal(pi->freqs_khz[21], 1728000);
        assert_int_equal(pi->n_govs, 6);
        assert_string_equal(pi->govs[0], "conservative");
        assert_string_equal(pi->govs[5], "schedutil");
        assert_val(pi->cpuinfo_min_khz, 115200);
        assert_val(pi->cpuinfo_max_khz, 1728000);
        assert_string_equal(pi->driver, "tegra194");
        assert_val(c->b.policy[p].min_khz, 729600);
        assert_val(c->b.policy[p].max_khz, 1344000);
        assert_true(c->b.policy[p].governor_ok);
        assert_string_equal(c->b.policy[p].governor, "schedutil");
    }
    for (int i = 0; i < 6; i++) {
        assert_int_equal(ci->policy_of[i], i < 4 ? 0 : 1);
        assert_int_equal(ci->cluster_of[i], i < 4 ? 0 : 1);
        assert_true(ci->has_online[i]);
        assert_val(c->b.cpu[i].online, 1);
        assert_val(c->b.cpu[i].freq_khz, i < 4 ? 729600 : 1190400);
        /* the tree's counters did not move between the two samples: no tick, unknown */
        assert_na(c->b.cpu[i].util_pct10);
    }
    assert_na(c->b.cpu[6].online);
    assert_val(c->b.clocks_pinned, 0);
}

static void test_gpu(void **state) {
    SCtx *c = *state;
    const GpuInfo *g = &sctx_inv(c)->gpu;
    assert_true(g->present);
    assert_string_equal(g->name, "17000000.gpu");
    assert_string_equal(g->devfreq_dir, "sys/class/devfreq/17000000.gpu");
    assert_string_equal(g->device_dir, "sys/devices/platform/bus@0/17000000.gpu");
    assert_int_equal(g->n_freqs, 8);
    assert_int_equal(g->freqs_hz[0], 306000000);
    assert_int_equal(g->freqs_hz[7], 1020000000);
    assert_int_equal(g->n_govs, 4);
    assert_string_equal(g->govs[0], "nvhost_podgov");
    assert_true(g->has_load && g->has_railgate && g->has_tpc_mask && g->has_3d_scaling);
    const GpuSample *s = &c->b.gpu;
    assert_val(s->freq_hz, 306000000);
    assert_val(s->min_hz, 306000000);
    assert_val(s->max_hz, 918000000);
    assert_val(s->load_pm, 0);
    assert_val(s->railgate, 1);
    assert_val(s->tpc_pg_mask, 240);
    assert_string_equal(s->governor, "nvhost_podgov");
    /* load follows the file (per-mille) */
    assert_int_equal(fixture_put(&c->fx, "sys/devices/platform/bus@0/17000000.gpu/load", "537\n"),
                     0);
    sctx_step(c, 100);
    assert_val(c->b.gpu.load_pm, 537);
}

static void test_emc_engines(void **state) {
    SCtx *c = *state;
    const Inventory *inv = sctx_inv(c);
    assert_true(inv->emc.present);
    assert_true(inv->emc.rate_readable);
    assert_int_equal(inv->emc.rate_errno, 0);
    assert_int_equal(inv->emc.util_src, EMC_UTIL_CACTMON);
    assert_true(inv->emc.has_cap);
    assert_string_equal(inv->emc.cap_path, "sys/kernel/nvpmodel_clk_cap/emc");
    assert_val(inv->emc.min_hz, 204000000);
    assert_val(inv->emc.max_hz, 3199000000);
    assert_val(c->b.emc.freq_hz, 2133000000);
    assert_val(c->b.emc.cap_hz, 3199000000);
    /* mc_all 2133000 at 2133 MHz: 1.0 % with jtop's scale */
    assert_val(c->b.emc.util_pct10, 10);
    static const char *const names[] = {"VIC", "NVJPG", "NVDEC", "NVJPG1", "OFA"};
    assert_int_equal(inv->n_engines, 5);
    for (int i = 0; i < 5; i++) {
        assert_string_equal(inv->engines[i].name, names[i]);
        assert_true(inv->engines[i].devfreq);
        assert_val(c->b.engine[i].freq_hz, 115200000);
        assert_val(c->b.engine[i].on, 0); /* idle at the floor of its table */
    }
    assert_string_equal(inv->engines[3].dir, "sys/class/devfreq/15540000.nvjpg");
    const char *vic =
        "sys/devices/platform/bus@0/13e00000.host1x/15340000.vic/devfreq/15340000.vic/"
        "cur_freq";
    assert_int_equal(fixture_put(&c->fx, vic, "576000000\n"), 0);
    sctx_step(c, 100);
    assert_val(c->b.engine[0].freq_hz, 576000000);
    assert_val(c->b.engine[0].on, 1);
}

static void test_rails(void **state) {
    SCtx *c = *state;
    const Inventory *inv = sctx_inv(c);
    static const char *const labels[] = {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"};
    static const int64_t ma[] = {960, 240, 285};
    assert_int_equal(inv->n_rails, 3);
    assert_int_equal(inv->input_rail, 0);
    for (int i = 0; i < 3; i++) {
        const RailInfo *r = &inv->rails[i];
        assert_string_equal(r->label, labels[i]);
        assert_int_equal(r->chip, 0);
        assert_int_equal(r->channel, i + 1);
        assert_false(r->legacy_iio);
        assert_int_equal(r->is_input, i == 0);
        assert_val(r->crit_ma, i == 0 ? 5920 : 32760);
        assert_val(r->max_ma, i == 0 ? 4936 : 32760);
        assert_val(c->b.rail[i].mv, 5064);
        assert_val(c->b.rail[i].ma, ma[i]);
    }
    /* 5064 mV x 960 mA = 4861.44 mW; x 240 = 1215.36; x 285 = 1443.24 */
    assert_val(c->b.rail[0].mw, 4861);
    assert_val(c->b.rail[1].mw, 1215);
    assert_val(c->b.rail[2].mw, 1443);
    assert_val(c->b.input_mw, 4861);
    const char *cur = "sys/class/hwmon/hwmon1/curr1_input";
    assert_int_equal(fixture_put(&c->fx, cur, "1500\n"), 0);
    sctx_step(c, 1);
    assert_val(c->b.rail[0].mw, 7596); /* 5064 x 1500 / 1000 */
    assert_val(c->b.input_mw, 7596);
}

static void test_thermal(void **state) {
    SCtx *c = *state;
    const Inventory *inv = sctx_inv(c);
    static const char *const names[] = {"cpu",  "gpu",  "cv0",  "cv1", "cv2",
                                        "soc0", "soc1", "soc2", "tj"};
    static const int64_t mc[] = {49468, 50125, -1, -1, -1, 50031, 50531, 48906, 50531};
    assert_int_equal(inv->n_zones, 9);
    for (int i = 0; i < 9; i++) {
        const ZoneInfo *z = &inv->zones[i];
        assert_string_equal(z->name, names[i]);
        assert_int_equal(z->index, i);
        assert_false(z->hwmon);
        if (mc[i] < 0) {
            assert_na(c->b.zone_mc[i]); /* EAGAIN: a power-gated CV cluster */
        } else {
            assert_val(c->b.zone_mc[i], mc[i]);
        }
    }
    assert_string_equal(inv->zones[8].type, "tj-thermal");
    assert_int_equal(inventory_zone_index(inv, "tj"), 8);
    const ZoneInfo *cpu = &inv->zones[0];
    assert_int_equal(cpu->n_trips, 3);
    assert_string_equal(cpu->trips[0].type, "passive");
    assert_val(cpu->trips[0].temp_mc, 99000);
    assert_string_equal(cpu->trips[1].type, "critical");
    assert_val(cpu->trips[1].temp_mc, 104500);
    assert_val(cpu->trips[2].temp_mc, 70000);
    assert_val(cpu->trips[2].hyst_mc, 8000);
    assert_int_equal(inv->zones[1].n_trips, 2);
    assert_val(c->b.throttling, 0);
    const char *alert = "sys/class/thermal/cooling_device1/cur_state"; /* gpu-throttle-alert */
    assert_int_equal(fixture_put(&c->fx, alert, "1\n"), 0);
    sctx_step(c, 1);
    assert_val(c->b.throttling, 1);
    /* pwm-fan is a cooling device too, but not a throttle alert */
    assert_int_equal(fixture_put(&c->fx, alert, "0\n"), 0);
    assert_int_equal(fixture_put(&c->fx, "sys/class/thermal/cooling_device9/cur_state", "3\n"), 0);
    sctx_step(c, 1);
    assert_val(c->b.throttling, 0);
}

static void test_idle_states(void **state) {
    SCtx *c = *state;
    const IdleInfo *id = &sctx_inv(c)->idle;
    assert_int_equal(id->n_states, 2);
    assert_string_equal(id->states[0].name, "WFI");
    assert_string_equal(id->states[0].desc, "ARM WFI");
    assert_val(id->states[0].latency_us, 1);
    assert_val(id->states[0].residency_us, 1);
    assert_string_equal(id->states[1].name, "c7");
    assert_string_equal(id->states[1].desc, "c7-cpu-powergated");
    assert_val(id->states[1].latency_us, 1000);
    assert_val(id->states[1].residency_us, 30000);
    for (int cpu = 0; cpu < 6; cpu++) {
        for (int s = 0; s < 2; s++) {
            assert_val(c->b.idle[cpu][s].disabled, 0);
            assert_val(c->b.idle[cpu][s].residency_pct10, 0); /* counters unchanged */
            assert_val(c->b.idle[cpu][s].entries_ps10, 0);
        }
    }
    assert_na(c->a.idle[0][0].residency_pct10); /* (a is the second sample: has a base) */
}

static void test_fan(void **state) {
    SCtx *c = *state;
    const FanInfo *f = &sctx_inv(c)->fan;
    assert_int_equal(f->kind, FAN_HWMON);
    assert_string_equal(f->pwm_path, "sys/class/hwmon/hwmon0/pwm1");
    assert_string_equal(f->rpm_path, "sys/class/hwmon/hwmon2/rpm");
    assert_false(f->has_pwm_enable);
    assert_int_equal(f->n_profiles, 2);
    assert_string_equal(f->profiles[0], "quiet");
    assert_string_equal(f->profiles[1], "cool");
    assert_string_equal(f->default_profile, "quiet");
    assert_val(c->b.fan.pwm, 69);
    assert_val(c->b.fan.pwm_pct10, 271); /* 69 / 255 = 27.06 % */
    assert_val(c->b.fan.rpm, 1636);
    assert_true(c->b.fan.control_ok);
    assert_string_equal(c->b.fan.control, "nvfancontrol:quiet");
    /* the status file overrides the conf default */
    assert_int_equal(fixture_put(&c->fx, "var/lib/nvfancontrol/status",
                                 "FAN1:FAN_PROFILE:cool\nFAN1:FAN_GOVERNOR:cont\n"),
                     0);
    sctx_step_settings(c);
    assert_string_equal(c->b.fan.control, "nvfancontrol:cool");
    /* a PWM written by hand does not stop nvfancontrol: it still owns the fan */
    assert_int_equal(fixture_put(&c->fx, "sys/class/hwmon/hwmon0/pwm1", "200\n"), 0);
    sctx_step(c, 1);
    assert_string_equal(c->b.fan.control, "nvfancontrol:cool");
    /* systemctl stop nvfancontrol: its process is gone, the kernel's governor drives pwm1 */
    /* (a dead task's comm fails with ESRCH on a real proc; here it reads empty, then goes) */
    assert_int_equal(fixture_put(&c->fx, "proc/873/comm", ""), 0);
    assert_int_equal(fixture_remove(&c->fx, "proc/873"), 0);
    /* whether it runs is held like a setting: seen when the settings are read again */
    sctx_step(c, 1);
    assert_string_equal(c->b.fan.control, "nvfancontrol:cool");
    sctx_step_settings(c);
    assert_string_equal(c->b.fan.control, "kernel");
    /* the tj zone goes user_space (jetson_clocks --fan, jtune's manual PWM): held by hand */
    assert_int_equal(fixture_put(&c->fx, "sys/class/thermal/thermal_zone8/policy", "user_space\n"),
                     0);
    assert_int_equal(fixture_put(&c->fx, "sys/class/hwmon/hwmon0/pwm1", "255\n"), 0);
    sctx_step_settings(c);
    assert_string_equal(c->b.fan.control, "manual");
    assert_val(c->b.fan.pwm_pct10, 1000);
    /* started again under a new pid: found by the next scan of proc */
    assert_int_equal(fixture_put(&c->fx, "proc/890/comm", "nvfancontrol\n"), 0);
    sctx_step(c, 1);
    assert_string_equal(c->b.fan.control, "manual"); /* the scan is paced */
    sctx_step(c, FAN_SCAN_NS / 1000000);
    assert_string_equal(c->b.fan.control, "nvfancontrol:cool");
}

static void test_memory(void **state) {
    SCtx *c = *state;
    const MemSample *m = &c->b.mem;
    assert_val(m->total_kib, 7802880);
    assert_val(m->free_kib, 3891200);
    assert_val(m->avail_kib, 5529600);
    assert_val(m->buffers_kib, 65536);
    assert_val(m->cached_kib, 1843200);
    assert_val(m->used_kib, 7802880 - 5529600);
    assert_val(m->nvmap_kib, 98304);
    assert_val(m->cma_total_kib, 262144);
    assert_val(m->cma_free_kib, 251904);
    assert_val(m->swap_total_kib, 3901440);
    assert_val(m->swap_free_kib, 3901440);
    assert_val(m->swap_cached_kib, 0);
    assert_val(m->zram_total_kib, 6 * 650240);
    assert_val(m->zram_used_kib, 0);
    /* buddyinfo: order 10 has free blocks in both zones -> 4 KiB << 10 */
    assert_val(m->lfb_kib, 4096);
    assert_int_equal(fixture_put(&c->fx, "proc/buddyinfo",
                                 "Node 0, zone      DMA      5      4      3      0      0      0"
                                 "      0      0      0      0      0\n"
                                 "Node 0, zone   Normal    811    402    233    121     66     41"
                                 "     22      0      0      0      0\n"),
                     0);
    sctx_step(c, 1);
    assert_val(c->b.mem.lfb_kib, 4 << 6);
}

static void test_radios_and_mode(void **state) {
    SCtx *c = *state;
    const Inventory *inv = sctx_inv(c);
    assert_int_equal(inv->n_radios, 2);
    assert_string_equal(inv->radios[0].name, "phy0");
    assert_string_equal(inv->radios[0].type, "wlan");
    assert_string_equal(inv->radios[1].name, "hci0");
    assert_string_equal(inv->radios[1].type, "bluetooth");
    assert_val(c->b.radio[0].soft, 0);
    assert_val(c->b.radio[1].hard, 0);
    assert_int_equal(fixture_put(&c->fx, "sys/class/rfkill/rfkill1/soft", "1\n"), 0);
    assert_true(inv->nvp.present);
    assert_int_equal(inv->nvp.n_modes, 4);
    assert_int_equal(inv->nvp.default_id, 1);
    assert_val(c->b.nvp_mode, 1);
    int m = inventory_mode_index(inv, c->b.nvp_mode.v);
    assert_true(m >= 0);
    assert_string_equal(inv->nvp.modes[m].name, "25W");
    assert_string_equal(inv->nvp.modes[2].name, "MAXN_SUPER");
    assert_int_equal(fixture_put(&c->fx, "var/lib/nvpmodel/status", "pmode:0002 fmode:quiet\n"), 0);
    sctx_step_settings(c);
    assert_val(c->b.radio[1].soft, 1);
    assert_val(c->b.nvp_mode, 2);
    /* no status file: the conf's default mode is the active one */
    assert_int_equal(fixture_remove(&c->fx, "var/lib/nvpmodel/status"), 0);
    sampler_request_rescan(c->s);
    sctx_step(c, 1);
    assert_val(c->b.nvp_mode, 1);
}

/* Settings are read every settings_ms (default 5 s) and held in between; a frequency is
 * read every sample; a refresh or a rescan request reads them at the next sample. */
static void test_settings_period(void **state) {
    SCtx *c = *state; /* settings read at the first sample, 1 s ago */
    const char *gov = "sys/devices/system/cpu/cpufreq/policy0/scaling_governor";
    const char *cur = "sys/devices/system/cpu/cpufreq/policy0/scaling_cur_freq";
    const char *max = "sys/devices/system/cpu/cpufreq/policy4/scaling_max_freq";
    assert_string_equal(c->b.policy[0].governor, "schedutil");
    assert_int_equal(fixture_put(&c->fx, gov, "performance\n"), 0);
    assert_int_equal(fixture_put(&c->fx, cur, "1190400\n"), 0);
    sctx_step(c, 1000);
    assert_string_equal(c->b.policy[0].governor, "schedutil"); /* held */
    assert_val(c->b.cpu[0].freq_khz, 1190400);
    sctx_step(c, SCTX_SETTINGS_MS - 2001);
    assert_string_equal(c->b.policy[0].governor, "schedutil");
    sctx_step(c, 1); /* 5 s after the last read */
    assert_string_equal(c->b.policy[0].governor, "performance");
    /* a write of one's own: read at once */
    assert_int_equal(fixture_put(&c->fx, max, "1190400\n"), 0);
    sctx_step(c, 1);
    assert_val(c->b.policy[1].max_khz, 1344000);
    sampler_refresh_settings(c->s);
    sctx_step(c, 1);
    assert_val(c->b.policy[1].max_khz, 1190400);
    assert_int_equal(fixture_put(&c->fx, gov, "powersave\n"), 0);
    sampler_request_rescan(c->s);
    sctx_step(c, 1);
    assert_string_equal(c->b.policy[0].governor, "powersave");
    /* settings_ms < 0: every sample */
    Sampler *every = NULL;
    SamplerConfig cfg = {.settings_ms = -1};
    assert_int_equal(sampler_open(&every, c->fx.root, &cfg), 0);
    Sample s;
    assert_int_equal(sampler_take(every, &s), 0);
    assert_string_equal(s.policy[0].governor, "powersave");
    assert_int_equal(fixture_put(&c->fx, gov, "schedutil\n"), 0);
    assert_int_equal(sampler_take(every, &s), 0);
    assert_string_equal(s.policy[0].governor, "schedutil");
    sampler_close(every);
}

static void test_clocks_pinned(void **state) {
    SCtx *c = *state;
    const char *p0 = "sys/devices/system/cpu/cpufreq/policy0/scaling_min_freq";
    const char *p4 = "sys/devices/system/cpu/cpufreq/policy4/scaling_min_freq";
    assert_val(c->b.clocks_pinned, 0);
    /* one cluster pinned is not enough */
    assert_int_equal(fixture_put(&c->fx, p0, "1344000\n"), 0);
    sctx_step_settings(c);
    assert_val(c->b.clocks_pinned, 0);
    assert_int_equal(fixture_put(&c->fx, p4, "1344000\n"), 0);
    sctx_step_settings(c);
    assert_val(c->b.clocks_pinned, 1);
    assert_int_equal(fixture_put(&c->fx, p0, "729600\n"), 0);
    assert_int_equal(fixture_put(&c->fx, p4, "729600\n"), 0);
    sctx_step_settings(c);
    assert_val(c->b.clocks_pinned, 0);
    /* the GPU alone pinned counts too */
    const char *gmin = "sys/class/devfreq/17000000.gpu/min_freq";
    assert_int_equal(fixture_put(&c->fx, gmin, "918000000\n"), 0);
    sctx_step_settings(c);
    assert_val(c->b.clocks_pinned, 1);
}

static void test_sequence_and_time(void **state) {
    SCtx *c = *state;
    uint64_t seq = c->b.seq;
    int64_t t = c->b.mono_ns;
    sctx_step(c, 250);
    assert_int_equal(c->b.seq, seq + 1);
    assert_int_equal(c->b.mono_ns, t + 250000000);
    assert_true(c->b.wall_ms > 1600000000000LL); /* a real wall clock, after 2020 */
    assert_val(c->b.uptime_ms, 7808520);
    assert_int_equal(sctx_inv(c)->generation, 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gpu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_emc_engines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_thermal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_idle_states, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_radios_and_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clocks_pinned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sequence_and_time, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
