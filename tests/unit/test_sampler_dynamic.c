/* SPDX-License-Identifier: MIT */
/* sampler over time on the Orin Nano Super fixture: exact rates from synthetic counter
 * deltas, a core going offline, a power monitor vanishing and returning, a late GPU node,
 * EAGAIN zones, counter resets, rails-only mode and an unreadable debugfs (non-root). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "sampler_ctx.h"

#define TREE      "orin-nano-super.tree"
#define RESCAN_MS 200

#define HWMON_LINK "sys/class/hwmon/hwmon1"
#define HWMON_DIR  "sys/devices/platform/bus@0/c240000.i2c/i2c-1/1-0040/hwmon/hwmon1"
#define HWMON_REL  "../../devices/platform/bus@0/c240000.i2c/i2c-1/1-0040/hwmon/hwmon1"

/* user nice system idle iowait irq softirq steal, per core; present = has a line */
typedef struct {
    uint64_t f[8];
    bool present;
} StatLine;

static void put_stat(SCtx *c, const StatLine *l, int n) {
    char buf[2048];
    size_t o = (size_t)snprintf(buf, sizeof buf, "cpu  1 2 3 4 5 6 7 8 0 0\n");
    for (int i = 0; i < n; i++) {
        if (l[i].present) {
            o += (size_t)snprintf(
                buf + o, sizeof buf - o, "cpu%d %lu %lu %lu %lu %lu %lu %lu %lu 0 0\n", i,
                (unsigned long)l[i].f[0], (unsigned long)l[i].f[1], (unsigned long)l[i].f[2],
                (unsigned long)l[i].f[3], (unsigned long)l[i].f[4], (unsigned long)l[i].f[5],
                (unsigned long)l[i].f[6], (unsigned long)l[i].f[7]);
        }
    }
    snprintf(buf + o, sizeof buf - o, "intr 91823412 0 0 0\nctxt 183746521\nbtime 1767225600\n");
    assert_int_equal(fixture_put(&c->fx, "proc/stat", buf), 0);
}

static void base_stat(StatLine *l) {
    for (int i = 0; i < 6; i++) {
        l[i] = (StatLine){{10000, 48, 5100, 780400, 270, 0, 410, 0}, true};
    }
}

static void test_util_exact(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, RESCAN_MS, false);
    StatLine l[6];
    base_stat(l);
    put_stat(c, l, 6);
    sctx_step(c, 0);
    /* cpu0: +30 user, +20 system, +200 idle, +40 iowait, +5 irq, +5 softirq = 300 ticks;
     * busy = 300 - 200 - 40 = 60 -> 20.0 %; system 20/300 = 6.67 % -> 67; iowait 13.33 %
     * -> 133; irq+softirq 10/300 = 3.33 % -> 33; user 30/300 = 10.0 % -> 100 */
    l[0].f[0] += 30, l[0].f[2] += 20, l[0].f[3] += 200, l[0].f[4] += 40;
    l[0].f[5] += 5, l[0].f[6] += 5;
    /* cpu1: fully busy in user+nice (+70 user, +30 nice) -> 1000 */
    l[1].f[0] += 70, l[1].f[1] += 30;
    /* cpu2..5: 1 busy tick of 8 -> 12.5 % -> 125 (rounded half up) */
    for (int i = 2; i < 6; i++) {
        l[i].f[2] += 1, l[i].f[3] += 7;
    }
    put_stat(c, l, 6);
    sctx_step(c, 1000);
    const CoreSample *p = &c->b.cpu[0];
    assert_val(p->util_pct10, 200);
    assert_val(p->user_pct10, 100);
    assert_val(p->system_pct10, 67);
    assert_val(p->iowait_pct10, 133);
    assert_val(p->irq_pct10, 33);
    assert_val(c->b.cpu[1].util_pct10, 1000);
    assert_val(c->b.cpu[1].user_pct10, 1000);
    for (int i = 2; i < 6; i++) {
        assert_val(c->b.cpu[i].util_pct10, 125);
    }
    /* mean over the six cores: (200 + 1000 + 4 x 125) / 6 = 283.3 -> 283 */
    assert_val(c->b.cpu_total_pct10, 283);
    /* a counter going backwards (reset) is unknown for that interval, known after */
    l[3].f[3] -= 100;
    put_stat(c, l, 6);
    sctx_step(c, 1000);
    assert_na(c->b.cpu[3].util_pct10);
    l[3].f[0] += 1, l[3].f[3] += 3;
    put_stat(c, l, 6);
    sctx_step(c, 1000);
    assert_val(c->b.cpu[3].util_pct10, 250);
    sctx_free(c);
}

static void put_idle(SCtx *c, int cpu, int st, int64_t time_us, int64_t usage) {
    char p[128], v[32];
    snprintf(p, sizeof p, "sys/devices/system/cpu/cpu%d/cpuidle/state%d/time", cpu, st);
    snprintf(v, sizeof v, "%lld\n", (long long)time_us);
    assert_int_equal(fixture_put(&c->fx, p, v), 0);
    snprintf(p, sizeof p, "sys/devices/system/cpu/cpu%d/cpuidle/state%d/usage", cpu, st);
    snprintf(v, sizeof v, "%lld\n", (long long)usage);
    assert_int_equal(fixture_put(&c->fx, p, v), 0);
}

static void test_idle_residency_exact(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, RESCAN_MS, false);
    put_idle(c, 0, 0, 1000000, 5000);
    put_idle(c, 0, 1, 9000000, 100);
    put_idle(c, 2, 1, 400000000, 98000);
    sctx_step(c, 0);
    assert_na(c->b.idle[0][0].residency_pct10); /* the first sample has no interval */
    /* 500 ms later: WFI +125 ms (25.0 %) over 1234 entries (2468/s), c7 +300 ms (60.0 %)
     * over 7 entries (14/s); cpu2 c7 +0.4999 s of 0.5 s -> 999.8 -> 1000 */
    put_idle(c, 0, 0, 1000000 + 125000, 5000 + 1234);
    put_idle(c, 0, 1, 9000000 + 300000, 100 + 7);
    put_idle(c, 2, 1, 400000000 + 499900, 98001);
    sctx_step(c, 500);
    assert_val(c->b.idle[0][0].residency_pct10, 250);
    assert_val(c->b.idle[0][0].entries_ps10, 24680);
    assert_val(c->b.idle[0][1].residency_pct10, 600);
    assert_val(c->b.idle[0][1].entries_ps10, 140);
    assert_val(c->b.idle[2][1].residency_pct10, 1000);
    assert_val(c->b.idle[2][1].entries_ps10, 20);
    assert_val(c->b.idle[1][0].residency_pct10, 0);
    /* jetson_clocks disables every state */
    assert_int_equal(
        fixture_put(&c->fx, "sys/devices/system/cpu/cpu0/cpuidle/state1/disable", "1\n"), 0);
    /* a counter that goes backwards: unknown for that interval only */
    put_idle(c, 0, 0, 10, 1);
    sctx_step_settings(c);
    assert_val(c->b.idle[0][1].disabled, 1);
    assert_na(c->b.idle[0][0].residency_pct10);
    assert_na(c->b.idle[0][0].entries_ps10);
    put_idle(c, 0, 0, 10 + 50000, 11);
    sctx_step(c, 500);
    assert_val(c->b.idle[0][0].residency_pct10, 100);
    assert_val(c->b.idle[0][0].entries_ps10, 200);
    sctx_free(c);
}

static void set_online(SCtx *c, int cpu, int on, const char *list) {
    char p[64];
    snprintf(p, sizeof p, "sys/devices/system/cpu/cpu%d/online", cpu);
    assert_int_equal(fixture_put(&c->fx, p, on ? "1\n" : "0\n"), 0);
    assert_int_equal(fixture_put(&c->fx, "sys/devices/system/cpu/online", list), 0);
}

static void test_core_offline(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, RESCAN_MS, false);
    StatLine l[6];
    base_stat(l);
    put_stat(c, l, 6);
    sctx_step(c, 0);
    /* cpu5 goes offline: online=0 and its /proc/stat line disappears */
    set_online(c, 5, 0, "0-4\n");
    l[5].present = false;
    for (int i = 0; i < 5; i++) {
        l[i].f[0] += 1, l[i].f[3] += 1;
    }
    put_stat(c, l, 6);
    sctx_step(c, RESCAN_MS); /* the online list changed: re-probed */
    assert_int_equal(sctx_inv(c)->generation, 2);
    assert_int_equal(sctx_inv(c)->cpu.n_cpus, 6);
    assert_val(c->b.cpu[5].online, 0);
    assert_na(c->b.cpu[5].util_pct10);
    assert_na(c->b.cpu[5].freq_khz);
    assert_na(c->b.idle[5][0].residency_pct10);
    assert_val(c->b.cpu[4].util_pct10, 500);
    assert_val(c->b.cpu[4].freq_khz, 1190400);
    assert_val(c->b.cpu_total_pct10, 500);
    /* back online with more ticks: no base yet, then known again */
    set_online(c, 5, 1, "0-5\n");
    l[5] = (StatLine){{20000, 0, 6000, 790000, 300, 0, 500, 0}, true};
    put_stat(c, l, 6);
    sctx_step(c, RESCAN_MS);
    assert_val(c->b.cpu[5].online, 1);
    assert_na(c->b.cpu[5].util_pct10);
    l[5].f[0] += 3, l[5].f[3] += 1;
    put_stat(c, l, 6);
    sctx_step(c, RESCAN_MS);
    assert_val(c->b.cpu[5].util_pct10, 750);
    assert_int_equal(sctx_inv(c)->generation, 3);
    sctx_free(c);
}

static void test_cluster_offline(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, RESCAN_MS, false);
    sctx_step(c, 0);
    /* the 7W mode parks cpu4-5: the whole policy4 cluster; its files stop answering */
    set_online(c, 4, 0, "0-3\n");
    set_online(c, 5, 0, "0-3\n");
    const char *files[] = {"scaling_min_freq", "scaling_max_freq", "scaling_cur_freq",
                           "scaling_governor", "related_cpus"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char p[128];
        snprintf(p, sizeof p, "sys/devices/system/cpu/cpufreq/policy4/%s", files[i]);
        assert_int_equal(fixture_remove(&c->fx, p), 0);
    }
    sctx_step(c, RESCAN_MS);
    const Inventory *inv = sctx_inv(c);
    assert_int_equal(inv->cpu.n_policies, 2);
    assert_int_equal(inv->cpu.policies[1].cpus, 1u << 4); /* related_cpus gone: first cpu */
    assert_na(c->b.policy[1].min_khz);
    assert_na(c->b.policy[1].max_khz);
    assert_false(c->b.policy[1].governor_ok);
    assert_na(c->b.cpu[4].freq_khz);
    assert_val(c->b.policy[0].max_khz, 1344000);
    /* pinning the online cluster alone is the jetson_clocks signature now */
    assert_int_equal(
        fixture_put(&c->fx, "sys/devices/system/cpu/cpufreq/policy0/scaling_min_freq", "1344000\n"),
        0);
    sctx_step_settings(c);
    assert_val(c->b.clocks_pinned, 1);
    sctx_free(c);
}

static void check_rails_known(SCtx *c, bool known) {
    const Inventory *inv = sctx_inv(c);
    assert_int_equal(inv->n_rails, 3);
    assert_string_equal(inv->rails[0].label, "VDD_IN");
    assert_string_equal(inv->rails[2].label, "VDD_SOC");
    for (int i = 0; i < 3; i++) {
        assert_int_equal(c->b.rail[i].mv.ok, known);
        assert_int_equal(c->b.rail[i].mw.ok, known);
    }
    assert_int_equal(c->b.input_mw.ok, known);
}

static void test_hwmon_vanishes_and_returns(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, RESCAN_MS, false);
    sctx_step(c, 0);
    check_rails_known(c, true);
    /* the driver unbinds: the class link and the device dir go (fds we hold still read
     * the old content, so only the rescan can notice) */
    char dir[PATH_MAX], gone[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", fixture_path(&c->fx, HWMON_DIR));
    snprintf(gone, sizeof gone, "%s.unbound", dir);
    assert_int_equal(unlink(fixture_path(&c->fx, HWMON_LINK)), 0);
    assert_int_equal(rename(dir, gone), 0);
    sctx_step(c, RESCAN_MS / 2); /* before the rescan gap: not noticed yet */
    assert_int_equal(sctx_inv(c)->generation, 1);
    sctx_step(c, RESCAN_MS);
    assert_int_equal(sctx_inv(c)->generation, 2);
    check_rails_known(c, false);
    /* it binds again under another hwmon number: found by name, same indices */
    assert_int_equal(rename(gone, dir), 0);
    assert_int_equal(symlink(HWMON_REL, fixture_path(&c->fx, "sys/class/hwmon/hwmon7")), 0);
    assert_int_equal(fixture_put(&c->fx, HWMON_DIR "/curr1_input", "1000\n"), 0);
    sctx_step(c, RESCAN_MS);
    assert_int_equal(sctx_inv(c)->generation, 3);
    check_rails_known(c, true);
    assert_val(c->b.rail[0].mw, 5064);
    assert_val(c->b.input_mw, 5064);
    sctx_free(c);
}

static void test_hwmon_dir_vanishes(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, RESCAN_MS, false);
    sctx_step(c, 0);
    /* only the device dir goes; the class link dangles (same entry count) */
    assert_int_equal(fixture_remove(&c->fx, HWMON_DIR), 0);
    sctx_step(c, RESCAN_MS);
    assert_int_equal(sctx_inv(c)->generation, 2);
    check_rails_known(c, false);
    sctx_free(c);
}

static void test_gpu_appears_late(void **state) {
    (void)state;
    SCtx *c = sctx_load(TREE);
    const char *link = "sys/class/devfreq/17000000.gpu";
    assert_int_equal(fixture_remove(&c->fx, link), 0);
    sctx_open(c, RESCAN_MS, false);
    sctx_step(c, 0);
    assert_false(sctx_inv(c)->gpu.present);
    assert_na(c->b.gpu.freq_hz);
    assert_int_equal(sctx_inv(c)->n_engines, 5); /* the engines do not depend on it */
    assert_int_equal(symlink("../../devices/platform/bus@0/17000000.gpu/devfreq/17000000.gpu",
                             fixture_path(&c->fx, link)),
                     0);
    sctx_step(c, RESCAN_MS);
    assert_true(sctx_inv(c)->gpu.present);
    assert_val(c->b.gpu.freq_hz, 306000000);
    assert_val(c->b.gpu.load_pm, 0);
    sctx_free(c);
}

static void test_eagain_zone(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, RESCAN_MS, false);
    sctx_step(c, 0);
    int cv0 = inventory_zone_index(sctx_inv(c), "cv0");
    assert_int_equal(cv0, 2);
    assert_na(c->b.zone_mc[cv0]);
    /* the sensor answers once (the CV cluster woke up), then is gated again */
    assert_int_equal(write(c->fx.fifo_fds[0], "41250\n", 6), 6);
    sctx_step(c, 1);
    assert_val(c->b.zone_mc[cv0], 41250);
    sctx_step(c, 1);
    assert_na(c->b.zone_mc[cv0]);
    assert_val(c->b.zone_mc[0], 49468); /* the others are unaffected throughout */
    /* JetPack 5 reports a gated zone as -256 C: unknown as well */
    assert_int_equal(fixture_put(&c->fx, "sys/class/thermal/thermal_zone1/temp", "-256000\n"), 0);
    sctx_step(c, 1);
    assert_na(c->b.zone_mc[1]);
    sctx_free(c);
}

static void test_rails_only(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, RESCAN_MS, true);
    sctx_step(c, 0);
    sctx_step(c, 1);
    assert_val(c->b.rail[1].mw, 1215);
    assert_val(c->b.input_mw, 4861);
    assert_int_equal(c->b.seq, 1);
    assert_na(c->b.cpu[0].online);
    assert_na(c->b.zone_mc[0]);
    assert_na(c->b.gpu.freq_hz);
    assert_na(c->b.mem.total_kib);
    assert_na(c->b.uptime_ms);
    /* the inventory is complete all the same */
    assert_int_equal(sctx_inv(c)->n_zones, 9);
    sctx_free(c);
}

static void test_request_rescan(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, 100000, false);
    sctx_step(c, 0);
    assert_int_equal(
        fixture_put(&c->fx, "sys/class/thermal/thermal_zone0/trip_point_0_temp", "95000\n"), 0);
    sctx_step(c, 1);
    assert_val(sctx_inv(c)->zones[0].trips[0].temp_mc, 99000); /* probe-time data */
    sampler_request_rescan(c->s);
    sctx_step(c, 1);
    assert_int_equal(sctx_inv(c)->generation, 2);
    assert_val(sctx_inv(c)->zones[0].trips[0].temp_mc, 95000);
    sctx_free(c);
}

/* ---------------------------------------------------------------- rescan only with a reason */

#define GAP_MS 10000 /* the default check gap (rescan_ms = 0) */

static void test_no_check_without_reason(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, 0, false);
    sctx_step(c, 0);
    /* a zone goes (the class link and its device dir): the fds still read old content */
    assert_int_equal(fixture_remove(&c->fx, "sys/class/thermal/thermal_zone8"), 0);
    assert_int_equal(fixture_remove(&c->fx, "sys/devices/virtual/thermal/thermal_zone8"), 0);
    for (int i = 0; i < GAP_MS / 1000 - 1; i++) {
        sctx_step(c, 1000); /* 1 Hz: no check before the gap runs out */
        assert_int_equal(sctx_inv(c)->generation, 1);
        assert_int_equal(sctx_inv(c)->n_zones, 9);
    }
    sctx_step(c, 1000); /* the sample of the check */
    assert_int_equal(sctx_inv(c)->generation, 2);
    assert_int_equal(sctx_inv(c)->n_zones, 8);
    sctx_free(c);
}

static void test_hwmon_appears_at_check(void **state) {
    (void)state;
    SCtx *c = sctx_load(TREE);
    char dir[PATH_MAX], away[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", fixture_path(&c->fx, HWMON_DIR));
    snprintf(away, sizeof away, "%s.unbound", dir);
    assert_int_equal(unlink(fixture_path(&c->fx, HWMON_LINK)), 0);
    assert_int_equal(rename(dir, away), 0);
    sctx_open(c, 0, false);
    sctx_step(c, 0);
    assert_int_equal(sctx_inv(c)->n_rails, 0);
    /* the monitor binds: no read fails, so only the periodic check can see it */
    assert_int_equal(rename(away, dir), 0);
    assert_int_equal(symlink(HWMON_REL, fixture_path(&c->fx, "sys/class/hwmon/hwmon4")), 0);
    sctx_step(c, GAP_MS - 1);
    assert_int_equal(sctx_inv(c)->generation, 1);
    assert_int_equal(sctx_inv(c)->n_rails, 0);
    sctx_step(c, 1);
    assert_int_equal(sctx_inv(c)->generation, 2);
    check_rails_known(c, true);
    sctx_free(c);
}

/* A sampler with the default periods on TREE whose /proc/stat is l (base_stat), sampled once. */
static SCtx *sctx_stat(StatLine *l) {
    SCtx *c = sctx_new(TREE, 0, false);
    base_stat(l);
    put_stat(c, l, 6);
    sctx_step(c, 0);
    return c;
}

static void test_core_offline_next_sample(void **state) {
    (void)state;
    StatLine l[6];
    SCtx *c = sctx_stat(l);
    set_online(c, 5, 0, "0-4\n");
    l[5].present = false; /* the kernel lists online cores only */
    put_stat(c, l, 6);
    sctx_step(c, 1000); /* cpu5/online reads 0: the reason */
    assert_val(c->b.cpu[5].online, 0);
    assert_int_equal(sctx_inv(c)->generation, 1);
    sctx_step(c, 1000); /* checked at the next sample, long before the gap */
    assert_int_equal(sctx_inv(c)->generation, 2);
    sctx_step(c, 1000); /* nothing changed since: no further re-probe */
    assert_int_equal(sctx_inv(c)->generation, 2);
    set_online(c, 5, 1, "0-5\n");
    l[5].present = true;
    put_stat(c, l, 6);
    sctx_step(c, 1000);
    sctx_step(c, 1000);
    assert_int_equal(sctx_inv(c)->generation, 3);
    assert_val(c->b.cpu[5].online, 1);
    sctx_free(c);
}

/* A core's online switch is held like a setting: a change of the file alone shows at the
 * settings refresh; /proc/stat losing or regaining the core's line (the kernel lists online
 * cores only) brings the read at the same sample. */
static void test_online_held_checked_by_stat(void **state) {
    (void)state;
    StatLine l[6];
    SCtx *c = sctx_stat(l);
    assert_val(c->b.cpu[5].online, 1);
    assert_int_equal(fixture_put(&c->fx, "sys/devices/system/cpu/cpu5/online", "0\n"), 0);
    sctx_step(c, 1000);
    assert_val(c->b.cpu[5].online, 1); /* held: /proc/stat still lists cpu5 */
    l[5].present = false;
    put_stat(c, l, 6);
    sctx_step(c, 1000);
    assert_val(c->b.cpu[5].online, 0);
    assert_na(c->b.cpu[5].util_pct10);
    assert_int_equal(fixture_put(&c->fx, "sys/devices/system/cpu/cpu5/online", "1\n"), 0);
    l[5].present = true;
    put_stat(c, l, 6);
    sctx_step(c, 1000);
    assert_val(c->b.cpu[5].online, 1);
    assert_int_equal(fixture_put(&c->fx, "sys/devices/system/cpu/cpu5/online", "0\n"), 0);
    sctx_step(c, 1000);
    assert_val(c->b.cpu[5].online, 1);
    sctx_step_settings(c); /* the settings period: read from the file */
    assert_val(c->b.cpu[5].online, 0);
    sctx_free(c);
}

static void test_read_failure_brings_check_forward(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, 0, false);
    sctx_step(c, 0);
    check_rails_known(c, true);
    /* the monitor unbinds; the held VDD_IN voltage file answers nothing from now on */
    assert_int_equal(fixture_put(&c->fx, HWMON_DIR "/in1_input", ""), 0);
    assert_int_equal(unlink(fixture_path(&c->fx, HWMON_LINK)), 0);
    assert_int_equal(fixture_remove(&c->fx, HWMON_DIR), 0);
    sctx_step(c, 1000); /* the failed read: the reason */
    assert_int_equal(sctx_inv(c)->generation, 1);
    assert_na(c->b.rail[0].mv);
    sctx_step(c, 1000); /* the check, at the next sample */
    assert_int_equal(sctx_inv(c)->generation, 2);
    check_rails_known(c, false);
    sctx_free(c);
}

static void test_failing_sensor_checks_rarely(void **state) {
    (void)state;
    SCtx *c = sctx_new(TREE, 0, false);
    sctx_step(c, 0);
    /* a sensor that fails every read: a reason once, not a re-probe per sample */
    assert_int_equal(fixture_put(&c->fx, "sys/class/thermal/thermal_zone1/temp", ""), 0);
    for (int i = 0; i < 50; i++) {
        sctx_step(c, 10);
        assert_na(c->b.zone_mc[1]);
    }
    assert_int_equal(sctx_inv(c)->generation, 1);
    assert_val(c->b.zone_mc[0], 49468);
    sctx_free(c);
}

/* ---------------------------------------------------------------- non-root */

typedef struct {
    Inventory inv;
    Sample smp;
} Snapshot;

static int write_all(int fd, const void *p, size_t n) {
    const char *b = p;
    while (n > 0) {
        ssize_t w = write(fd, b, n);
        if (w <= 0) {
            return -1;
        }
        b += w, n -= (size_t)w;
    }
    return 0;
}

/* In a child that dropped to nobody: open and sample, send the result up the pipe. */
static void child_sample(const char *root, int fd) {
    static Snapshot snap;
    Sampler *s;
    if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0) {
        _exit(2);
    }
    int rc = sampler_open(&s, root, NULL);
    if (rc == -EACCES) {
        _exit(77); /* the temporary directory is not reachable for nobody */
    }
    if (rc < 0 || sampler_take(s, &snap.smp) < 0 || sampler_take(s, &snap.smp) < 0) {
        _exit(3);
    }
    snap.inv = *sampler_inventory(s);
    sampler_close(s);
    _exit(write_all(fd, &snap, sizeof snap) == 0 ? 0 : 4);
}

static int run_unprivileged(const char *root, Snapshot *snap) {
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        child_sample(root, p[1]);
    }
    close(p[1]);
    size_t got = 0;
    ssize_t n;
    while ((n = read(p[0], (char *)snap + got, sizeof *snap - got)) > 0) {
        got += (size_t)n;
    }
    close(p[0]);
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    if (WEXITSTATUS(st) == 0) {
        assert_int_equal(got, sizeof *snap);
    }
    return WEXITSTATUS(st);
}

static void test_unreadable_debugfs(void **state) {
    (void)state;
    if (geteuid() != 0) {
        print_message("skipped: dropping to uid 65534 needs root\n");
        skip();
    }
    SCtx *c = sctx_load(TREE);
    assert_int_equal(chmod(c->fx.root, 0755), 0);
    static Snapshot snap;
    int rc = run_unprivileged(c->fx.root, &snap);
    if (rc == 77) {
        print_message("skipped: %s is not reachable for uid 65534\n", c->fx.root);
        sctx_free(c);
        skip();
    }
    assert_int_equal(rc, 0);
    const Inventory *inv = &snap.inv;
    const Sample *s = &snap.smp;
    assert_true(inv->emc.present);
    assert_false(inv->emc.rate_readable);
    assert_int_equal(inv->emc.rate_errno, EACCES);
    assert_na(s->emc.freq_hz);
    assert_na(s->emc.util_pct10); /* cactmon is in debugfs too */
    assert_int_equal(inv->emc.util_src, EMC_UTIL_NONE);
    assert_val(s->emc.cap_hz, 3199000000); /* the JP6 cap file is world-readable */
    /* everything else is still read */
    assert_int_equal(inv->cpu.n_cpus, 6);
    assert_val(s->cpu[4].freq_khz, 1190400);
    assert_val(s->policy[0].max_khz, 1344000);
    assert_val(s->gpu.freq_hz, 306000000);
    assert_int_equal(inv->n_rails, 3);
    assert_val(s->input_mw, 4861);
    assert_int_equal(inv->n_zones, 9);
    assert_val(s->zone_mc[0], 49468);
    assert_val(s->fan.rpm, 1636);
    assert_val(s->mem.total_kib, 7802880);
    assert_val(s->nvp_mode, 1);
    assert_int_equal(inv->n_engines, 5);
    assert_val(s->engine[0].freq_hz, 115200000);
    assert_string_equal(inv->id.l4t, "36.4.3");
    sctx_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util_exact),
        cmocka_unit_test(test_idle_residency_exact),
        cmocka_unit_test(test_core_offline),
        cmocka_unit_test(test_cluster_offline),
        cmocka_unit_test(test_hwmon_vanishes_and_returns),
        cmocka_unit_test(test_hwmon_dir_vanishes),
        cmocka_unit_test(test_gpu_appears_late),
        cmocka_unit_test(test_eagain_zone),
        cmocka_unit_test(test_rails_only),
        cmocka_unit_test(test_request_rescan),
        cmocka_unit_test(test_no_check_without_reason),
        cmocka_unit_test(test_hwmon_appears_at_check),
        cmocka_unit_test(test_core_offline_next_sample),
        cmocka_unit_test(test_online_held_checked_by_stat),
        cmocka_unit_test(test_read_failure_brings_check_forward),
        cmocka_unit_test(test_failing_sensor_checks_rarely),
        cmocka_unit_test(test_unreadable_debugfs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
