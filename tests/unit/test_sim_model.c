/* SPDX-License-Identifier: MIT */
/* sim model: the simulator stepped in-process (sim_tick, no sleeping) reacts to writes like
 * the kernel, keeps counters monotonic, and turns demand into load, power and heat. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/core/parse.h"
#include "jtune/platform/sampler.h"
#include "jtune/ui/derive.h"
#include "jtune/sim/board.h"
#include "jtune/sim/demand.h"
#include "jtune/sim/sim.h"
#include "simtest.h"

#define CPU  "sys/devices/system/cpu"
#define POL0 CPU "/cpufreq/policy0"
#define POL4 CPU "/cpufreq/policy4"
#define GPU  "sys/class/devfreq/17000000.gpu"

typedef struct {
    Fixture fx;
    Sim *sim;
    char ina[256];  /* hwmon dir of the INA3221 */
    char fan[256];  /* hwmon dir of pwmfan */
    char tach[256]; /* hwmon dir of pwm_tach */
} Ctx;

static Ctx *open_board(const char *name, uint64_t seed) {
    Ctx *c = calloc(1, sizeof *c);
    SimBoard *b = malloc(sizeof *b);
    char path[4096];
    Diag d = {0};
    assert_int_equal(simboard_locate(name, path, sizeof path), 0);
    assert_int_equal(simboard_load(path, b, &d), 0);
    assert_int_equal(fixture_mkroot(&c->fx), 0);
    SimConfig cfg = {.root = c->fx.root, .seed = seed, .hz = 10};
    const char *why = NULL;
    assert_int_equal(sim_open(&c->sim, b, &cfg, &why), 0);
    free(b);
    const char *r = c->fx.root;
    simtest_find(r, "sys/class/hwmon", "name", "ina3221", 0, c->ina, sizeof c->ina);
    simtest_find(r, "sys/class/hwmon", "name", "pwmfan", 0, c->fan, sizeof c->fan);
    simtest_find(r, "sys/class/hwmon", "name", "pwm_tach", 0, c->tach, sizeof c->tach);
    return c;
}

static int setup(void **state) {
    *state = open_board("orin-nano-super", 5);
    return 0;
}

static int teardown(void **state) {
    Ctx *c = *state;
    sim_close(c->sim);
    fixture_cleanup(&c->fx);
    free(c);
    return 0;
}

static void tick(Ctx *c, int n) {
    for (int i = 0; i < n; i++) {
        assert_int_equal(sim_tick(c->sim), 0);
    }
}

static const char *rd(Ctx *c, const char *rel) {
    return simtest_read(c->fx.root, rel, NULL);
}

static int64_t num(Ctx *c, const char *rel) {
    return simtest_i64(c->fx.root, rel);
}

static void wr(Ctx *c, const char *rel, const char *text) {
    assert_int_equal(simtest_write(c->fx.root, rel, text), 0);
}

/* Power of INA channel ch in mW, as a reader computes it (mV x mA). */
static double rail_mw(Ctx *c, int ch) {
    char v[300], i[300];
    snprintf(v, sizeof v, "%s/in%d_input", c->ina, ch);
    snprintf(i, sizeof i, "%s/curr%d_input", c->ina, ch);
    return (double)num(c, v) * (double)num(c, i) / 1000.0;
}

/* Mean rail power over n ticks. */
static double mean_mw(Ctx *c, int ch, int n) {
    double sum = 0;
    for (int k = 0; k < n; k++) {
        tick(c, 1);
        sum += rail_mw(c, ch);
    }
    return sum / n;
}

static void demand(Ctx *c, const char *text) {
    wr(c, SIMDEMAND_PATH, text);
}

/* ------------------------------------------------------------------ counters */

static void test_counters_only_grow(void **state) {
    Ctx *c = *state;
    enum { N = 6 * 2 * 2 + 2 };
    int64_t prev[N] = {0}, first[N] = {0};
    char paths[N][128];
    int k = 0;
    for (int cpu = 0; cpu < 6; cpu++) {
        for (int s = 0; s < 2; s++) {
            snprintf(paths[k++], 128, CPU "/cpu%d/cpuidle/state%d/usage", cpu, s);
            snprintf(paths[k++], 128, CPU "/cpu%d/cpuidle/state%d/time", cpu, s);
        }
    }
    demand(c, "cpu 1 40\n");
    for (int t = 0; t < 300; t++) {
        tick(c, 1);
        if (t == 150) {
            wr(c, CPU "/cpu5/online", "0"); /* an offline core's counters freeze */
        }
        for (int i = 0; i < k; i++) {
            int64_t v = num(c, paths[i]);
            assert_true(v >= prev[i]);
            first[i] = t == 0 ? v : first[i];
            prev[i] = v;
        }
        /* /proc/stat: the aggregate line and uptime never go back */
        const char *st = rd(c, "proc/stat");
        int64_t f[10];
        size_t n = 0;
        assert_int_equal(parse_i64_list(st + 4, strcspn(st, "\n") - 4, f, 10, &n), 0);
        int64_t total = 0;
        for (size_t i = 0; i < n; i++) {
            total += f[i];
        }
        static int64_t last_total, last_up;
        assert_true(total >= last_total);
        last_total = total;
        int64_t up;
        const char *ut = rd(c, "proc/uptime");
        assert_int_equal(parse_fixed(ut, strcspn(ut, " "), 2, &up), 0);
        assert_true(up > last_up);
        last_up = up;
    }
    for (int i = 0; i < 4; i++) { /* cpu0 counters moved */
        assert_true(prev[i] > first[i]);
    }
    assert_null(strstr(rd(c, "proc/stat"), "\ncpu5 "));
}

/* ------------------------------------------------------------------ cores */

static void test_parked_cores_lower_power(void **state) {
    Ctx *c = *state;
    demand(c, "cpu 0-5 45\n");
    tick(c, 40);
    double before = mean_mw(c, 1, 30);
    wr(c, CPU "/cpu4/online", "0");
    wr(c, CPU "/cpu5/online", "0");
    tick(c, 1);
    assert_string_equal(rd(c, CPU "/online"), "0-3\n");
    assert_string_equal(rd(c, CPU "/offline"), "4-5\n");
    assert_null(strstr(rd(c, "proc/stat"), "\ncpu4 "));
    assert_non_null(strstr(rd(c, "proc/stat"), "\ncpu3 "));
    assert_string_equal(rd(c, POL4 "/scaling_cur_freq"), ""); /* inactive policy */
    assert_string_equal(rd(c, POL4 "/affected_cpus"), "\n");
    assert_string_equal(rd(c, POL0 "/affected_cpus"), "0 1 2 3\n");
    tick(c, 10);
    double after = mean_mw(c, 1, 30);
    print_message("VDD_IN %.0f mW with 6 cores, %.0f mW with 4\n", before, after);
    assert_true(after < before - 300);
    wr(c, CPU "/cpu4/online", "1");
    tick(c, 2);
    assert_string_equal(rd(c, CPU "/online"), "0-4\n");
    assert_non_null(strstr(rd(c, "proc/stat"), "\ncpu4 "));
    assert_true(num(c, POL4 "/scaling_cur_freq") > 0);
}

static void test_cpu0_refuses_offline(void **state) {
    Ctx *c = *state;
    wr(c, CPU "/cpu0/online", "0");
    tick(c, 1);
    assert_int_equal(num(c, CPU "/cpu0/online"), 1);
    assert_string_equal(rd(c, CPU "/online"), "0-5\n");
    wr(c, CPU "/cpu3/online", "2"); /* not a boolean */
    tick(c, 1);
    assert_int_equal(num(c, CPU "/cpu3/online"), 1);
}

static void test_cpufreq_limits_clamp_and_round(void **state) {
    Ctx *c = *state;
    wr(c, POL0 "/scaling_max_freq", "1500000");
    tick(c, 1);
    assert_int_equal(num(c, POL0 "/scaling_max_freq"), 1497600); /* rounded down */
    /* any cpu of the policy reaches it through its cpufreq link */
    wr(c, CPU "/cpu2/cpufreq/scaling_max_freq", "1000000");
    tick(c, 1);
    assert_int_equal(num(c, CPU "/cpu0/cpufreq/scaling_max_freq"), 960000);
    assert_int_equal(num(c, POL4 "/scaling_max_freq"), 1344000); /* other policy untouched */
    wr(c, POL0 "/scaling_min_freq", "1000000");                  /* above max: max wins */
    tick(c, 1);
    assert_int_equal(num(c, POL0 "/scaling_min_freq"), 960000);
    assert_int_equal(num(c, POL0 "/scaling_cur_freq"), 960000);
    wr(c, POL0 "/scaling_max_freq", "99999999");
    tick(c, 1);
    assert_int_equal(num(c, POL0 "/scaling_max_freq"), 1728000);
    assert_int_equal(num(c, POL0 "/scaling_min_freq"), 1036800); /* the request (rounded up) */
    wr(c, POL0 "/scaling_max_freq", "fast");
    tick(c, 1);
    assert_int_equal(num(c, POL0 "/scaling_max_freq"), 1728000); /* refused: put back */
    demand(c, "cpu 0-5 100\n");
    tick(c, 5);
    assert_int_equal(num(c, POL0 "/scaling_cur_freq"), 1728000);
    assert_int_equal(num(c, POL4 "/scaling_cur_freq"), 1344000);
    assert_int_equal(sim_cpu_khz(c->sim, 5), 1344000);
}

static void test_governors(void **state) {
    Ctx *c = *state;
    wr(c, POL0 "/scaling_governor", "turbo");
    tick(c, 1);
    assert_string_equal(rd(c, POL0 "/scaling_governor"), "schedutil\n");
    wr(c, POL0 "/scaling_governor", "performance");
    tick(c, 1);
    assert_int_equal(num(c, POL0 "/scaling_cur_freq"), 1344000);
    wr(c, POL0 "/scaling_governor", "powersave");
    tick(c, 1);
    assert_int_equal(num(c, POL0 "/scaling_cur_freq"), 729600);
    assert_string_equal(rd(c, POL0 "/scaling_setspeed"), "<unsupported>\n");
    wr(c, POL0 "/scaling_setspeed", "1000000");
    tick(c, 1);
    assert_string_equal(rd(c, POL0 "/scaling_setspeed"), "<unsupported>\n");
    wr(c, POL0 "/scaling_governor", "userspace");
    tick(c, 1);
    wr(c, POL0 "/scaling_setspeed", "1000000");
    tick(c, 2);
    assert_int_equal(num(c, POL0 "/scaling_setspeed"), 1036800);
    assert_int_equal(num(c, POL0 "/scaling_cur_freq"), 1036800);
    wr(c, GPU "/governor", "warp");
    tick(c, 1);
    assert_string_equal(rd(c, GPU "/governor"), "nvhost_podgov\n");
    wr(c, GPU "/governor", "performance");
    tick(c, 2);
    assert_int_equal(num(c, GPU "/cur_freq"), 918000000);
}

/* ------------------------------------------------------------------ GPU, EMC */

static void test_gpu_limits_through_aliases(void **state) {
    Ctx *c = *state;
    /* nvpmodel's path: /sys/devices/platform/17000000.gpu/devfreq_dev (two links deep) */
    wr(c, "sys/devices/platform/17000000.gpu/devfreq_dev/max_freq", "700000000");
    wr(c, "sys/devices/platform/17000000.gpu/devfreq_dev/min_freq", "0");
    tick(c, 1);
    assert_int_equal(num(c, GPU "/max_freq"), 612000000);
    assert_int_equal(num(c, GPU "/min_freq"), 306000000);
    demand(c, "gpu 100\n");
    tick(c, 10);
    assert_int_equal(num(c, GPU "/cur_freq"), 612000000);
    assert_true(num(c, "sys/devices/platform/gpu.0/load") > 900);
    wr(c, "sys/devices/platform/gpu.0/tpc_pg_mask", "255"); /* would gate every TPC */
    tick(c, 1);
    assert_int_equal(num(c, "sys/devices/platform/gpu.0/tpc_pg_mask"), 240);
    wr(c, "sys/devices/platform/gpu.0/tpc_pg_mask", "252");
    tick(c, 1);
    assert_int_equal(num(c, "sys/devices/platform/gpu.0/tpc_pg_mask"), 252);
}

static void test_gpu_railgate(void **state) {
    Ctx *c = *state;
    tick(c, 10);
    double gated = mean_mw(c, 2, 20);
    wr(c, "sys/devices/platform/gpu.0/railgate_enable", "0");
    tick(c, 2);
    double powered = mean_mw(c, 2, 20);
    print_message("VDD_CPU_GPU_CV %.0f mW rail-gated, %.0f mW powered\n", gated, powered);
    assert_true(powered > gated + 150);
}

static void test_emc_cap(void **state) {
    Ctx *c = *state;
    demand(c, "emc 80\n");
    tick(c, 3);
    assert_int_equal(num(c, "sys/kernel/debug/bpmp/debug/clk/emc/rate"), 3199000000LL);
    wr(c, "sys/kernel/nvpmodel_clk_cap/emc", "665600000");
    tick(c, 2);
    assert_int_equal(num(c, "sys/kernel/nvpmodel_clk_cap/emc"), 665600000);
    assert_int_equal(num(c, "sys/kernel/debug/bpmp/debug/clk/emc/rate"), 665600000);
    assert_true(num(c, "sys/kernel/debug/cactmon/mc_all") > 0);
    wr(c, "sys/kernel/nvpmodel_clk_cap/emc", "0"); /* 0: no cap */
    tick(c, 2);
    assert_int_equal(num(c, "sys/kernel/nvpmodel_clk_cap/emc"), 3199000000LL);
}

/* ------------------------------------------------------------------ idle states */

static void test_disabled_idle_state_costs_power(void **state) {
    Ctx *c = *state;
    tick(c, 20);
    double with_c7 = mean_mw(c, 2, 40);
    int64_t c7_before = num(c, CPU "/cpu1/cpuidle/state1/usage");
    for (int cpu = 0; cpu < 6; cpu++) {
        char p[96];
        snprintf(p, sizeof p, CPU "/cpu%d/cpuidle/state1/disable", cpu);
        wr(c, p, "1");
    }
    tick(c, 2);
    int64_t c7_mid = num(c, CPU "/cpu1/cpuidle/state1/usage");
    int64_t wfi_mid = num(c, CPU "/cpu1/cpuidle/state0/usage");
    double without = mean_mw(c, 2, 40);
    print_message("VDD_CPU_GPU_CV %.0f mW with c7, %.0f mW without\n", with_c7, without);
    assert_true(without > with_c7 + 50);
    assert_int_equal(num(c, CPU "/cpu1/cpuidle/state1/usage"), c7_mid); /* no more c7 entries */
    assert_true(c7_mid >= c7_before);
    assert_true(num(c, CPU "/cpu1/cpuidle/state0/usage") > wfi_mid);
    assert_int_equal(num(c, CPU "/cpu1/cpuidle/state1/disable"), 1);
}

/* ------------------------------------------------------------------ fan, radios, USB */

/* The tj zone's directory and the files of the simulated nvfancontrol. */
static void tj_policy_path(Ctx *c, char *out, size_t n) {
    char tj[256];
    assert_int_equal(
        simtest_find(c->fx.root, "sys/class/thermal", "type", "tj-thermal", 0, tj, sizeof tj), 0);
    snprintf(out, n, "%s/policy", tj);
}

static bool exists(Ctx *c, const char *rel) {
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", c->fx.root, rel);
    return access(p, F_OK) == 0;
}

static bool daemon_proc(Ctx *c, const char *pid) {
    char p[64];
    snprintf(p, sizeof p, "proc/%s/comm", pid);
    return exists(c, p) && strcmp(rd(c, p), "nvfancontrol\n") == 0;
}

/* nvfancontrol runs from boot and rewrites pwm1 from its curve, whatever was written by hand
 * (jetson_stats #409: 20 % decayed to 0.39 %). */
static void test_nvfancontrol_rewrites_pwm(void **state) {
    Ctx *c = *state;
    char pwm[300];
    snprintf(pwm, sizeof pwm, "%s/pwm1", c->fan);
    assert_string_equal(rd(c, SIM_NVFAN_UNIT_PATH), "active\n");
    assert_true(daemon_proc(c, "873"));
    tick(c, 40);
    int64_t curve = num(c, pwm);
    wr(c, pwm, "255");
    tick(c, 1);
    assert_int_equal(num(c, pwm), 255); /* the write lands... */
    tick(c, 100);                       /* five polls, STEP_SIZE 10 each */
    assert_true(num(c, pwm) < 230);     /* ...and nvfancontrol steps back toward its curve */
    tick(c, 400);
    assert_true(llabs(num(c, pwm) - curve) <= 20);
    assert_non_null(strstr(rd(c, "var/lib/nvfancontrol/status"), "FAN1:FAN_CONTROL:close_loop"));
    /* while it runs it owns its status file: a write is put back */
    wr(c, "var/lib/nvfancontrol/status", "FAN1:FAN_PROFILE:cool\n");
    tick(c, 1);
    assert_non_null(strstr(rd(c, "var/lib/nvfancontrol/status"), "FAN1:FAN_PROFILE:quiet"));
}

/* Stopped: the kernel's governor on tj-thermal drives pwm1 through the pwm-fan cooling
 * device; with the zone's policy at user_space a written PWM holds. */
static void test_kernel_governor_and_user_space(void **state) {
    Ctx *c = *state;
    char pwm[300], pol[300];
    snprintf(pwm, sizeof pwm, "%s/pwm1", c->fan);
    tj_policy_path(c, pol, sizeof pol);
    wr(c, SIM_NVFAN_UNIT_PATH, "stop");
    tick(c, 2);
    assert_string_equal(rd(c, SIM_NVFAN_UNIT_PATH), "inactive\n");
    assert_false(exists(c, "proc/873")); /* the process is gone */
    assert_string_equal(rd(c, pol), "step_wise\n");
    wr(c, pwm, "200");
    tick(c, 1);
    assert_int_equal(num(c, pwm), 200);
    tick(c, 20); /* the governor polls the zone every 0.5 s: it writes its level again */
    int64_t level = num(c, pwm);
    assert_true(level != 200);
    assert_true(level % 85 == 0); /* one of the pwm-fan cooling device's 4 levels */
    wr(c, pol, "user_space");
    wr(c, pwm, "200");
    tick(c, 100);
    assert_int_equal(num(c, pwm), 200); /* nothing rewrites it */
    wr(c, pol, "nonsense");
    tick(c, 1);
    assert_string_equal(rd(c, pol), "user_space\n"); /* not a governor: put back */
    wr(c, pol, "step_wise");                         /* handed back: the governor again */
    tick(c, 20);
    assert_int_equal(num(c, pwm), level);
}

/* A new FAN_DEFAULT_PROFILE applies after the status file is removed and the service
 * restarted (NVIDIA's "Fan profile control"); a restart alone keeps the saved profile. */
static void test_nvfancontrol_profile_switch(void **state) {
    Ctx *c = *state;
    char pwm[300], conf[300];
    snprintf(pwm, sizeof pwm, "%s/pwm1", c->fan);
    snprintf(conf, sizeof conf, "etc/nvpower/nvfancontrol/nvfancontrol_p3767_0000.conf");
    tick(c, 200);
    int64_t quiet = num(c, pwm);
    char *text = strdup(rd(c, conf));
    char *at = strstr(text, "FAN_DEFAULT_PROFILE quiet");
    assert_non_null(at);
    memcpy(at + strlen("FAN_DEFAULT_PROFILE "), "cool ", 5);
    wr(c, conf, text);
    free(text);
    wr(c, SIM_NVFAN_UNIT_PATH, "restart");
    tick(c, 2);
    assert_non_null(strstr(rd(c, "var/lib/nvfancontrol/status"), "FAN1:FAN_PROFILE:quiet"));
    assert_true(daemon_proc(c, "890")); /* a new process */
    wr(c, SIM_NVFAN_UNIT_PATH, "stop");
    tick(c, 1);
    char status[PATH_MAX];
    snprintf(status, sizeof status, "%s/var/lib/nvfancontrol/status", c->fx.root);
    assert_int_equal(unlink(status), 0);
    wr(c, SIM_NVFAN_UNIT_PATH, "start");
    tick(c, 200);
    assert_non_null(strstr(rd(c, "var/lib/nvfancontrol/status"), "FAN1:FAN_PROFILE:cool"));
    assert_true(num(c, pwm) > quiet); /* "cool" runs the fan harder at the same temperature */
    /* stopped, a written status file is what the next start picks up */
    wr(c, SIM_NVFAN_UNIT_PATH, "stop");
    tick(c, 1);
    wr(c, "var/lib/nvfancontrol/status", "FAN1:FAN_PROFILE:quiet\n");
    tick(c, 2);
    wr(c, SIM_NVFAN_UNIT_PATH, "start");
    tick(c, 2);
    assert_non_null(strstr(rd(c, "var/lib/nvfancontrol/status"), "FAN1:FAN_PROFILE:quiet"));
    wr(c, "var/lib/nvfancontrol/status", "FAN1:FAN_PROFILE:loud\n");
    tick(c, 1);
    assert_non_null(strstr(rd(c, "var/lib/nvfancontrol/status"), "FAN1:FAN_PROFILE:quiet"));
}

static void test_radios_and_usb(void **state) {
    Ctx *c = *state;
    const char *rf = "sys/class/rfkill/rfkill0";
    tick(c, 5);
    double on = mean_mw(c, 1, 40);
    wr(c, "sys/class/rfkill/rfkill0/soft", "1");
    tick(c, 1);
    assert_int_equal(num(c, "sys/class/rfkill/rfkill0/state"), 0);
    double off = mean_mw(c, 1, 40);
    print_message("VDD_IN %.0f mW with Wi-Fi, %.0f mW blocked\n", on, off);
    assert_true(off < on - 60);
    (void)rf;
    wr(c, "sys/class/rfkill/rfkill0/state", "2"); /* hard-blocked cannot be written */
    tick(c, 1);
    assert_int_equal(num(c, "sys/class/rfkill/rfkill0/state"), 0);
    wr(c, "sys/class/rfkill/rfkill0/state", "1");
    tick(c, 1);
    assert_int_equal(num(c, "sys/class/rfkill/rfkill0/soft"), 0);
    assert_string_equal(rd(c, "sys/bus/usb/devices/1-3/power/runtime_status"), "active\n");
    wr(c, "sys/bus/usb/devices/1-3/power/control", "auto");
    tick(c, 1);
    assert_string_equal(rd(c, "sys/bus/usb/devices/1-3/power/runtime_status"), "suspended\n");
    wr(c, "sys/bus/usb/devices/1-3/power/control", "sometimes");
    tick(c, 1);
    assert_string_equal(rd(c, "sys/bus/usb/devices/1-3/power/control"), "auto\n");
}

/* ------------------------------------------------------------------ demand, heat */

static void test_demand_raises_rails_and_temperatures(void **state) {
    Ctx *c = *state;
    tick(c, 10);
    double idle_in = mean_mw(c, 1, 20);
    double idle_t = sim_zone_mc(c->sim, "cpu-thermal");
    assert_true(idle_in > 4300 && idle_in < 5300);
    demand(c, "cpu 0-5 100\ngpu 100\nemc 50\n");
    tick(c, 300);
    double load_in = mean_mw(c, 1, 20);
    double load_cv = mean_mw(c, 2, 20);
    double load_t = sim_zone_mc(c->sim, "cpu-thermal");
    print_message("VDD_IN %.0f -> %.0f mW, VDD_CPU_GPU_CV %.0f mW, cpu %.1f -> %.1f C\n", idle_in,
                  load_in, load_cv, idle_t / 1000, load_t / 1000);
    assert_true(load_in > 3 * idle_in);
    assert_true(load_cv > 6000);
    assert_true(load_t > idle_t + 10000);
    assert_true(num(c, "sys/devices/platform/bus@0/17000000.gpu/load") > 900);
    assert_true(strstr(rd(c, "proc/meminfo"), "NvMapMemUsed:") != NULL);
    /* the voltage droops a little under load */
    char v[300];
    snprintf(v, sizeof v, "%s/in1_input", c->ina);
    assert_true(num(c, v) < 5064 && num(c, v) > 4900);
    demand(c, "");
    tick(c, 300);
    assert_true(sim_zone_mc(c->sim, "cpu-thermal") < load_t - 5000);
}

static void test_throttling_when_hot(void **state) {
    Ctx *c = *state;
    char pwm[300], alert[256], cool[256], p[300];
    snprintf(pwm, sizeof pwm, "%s/pwm1", c->fan);
    char pol[300];
    tj_policy_path(c, pol, sizeof pol);
    wr(c, SIM_NVFAN_UNIT_PATH, "stop"); /* nothing may spin the fan up again */
    wr(c, pol, "user_space");
    wr(c, pwm, "0"); /* a stopped fan */
    wr(c, POL0 "/scaling_max_freq", "1728000");
    demand(c, "cpu 0-5 100\ngpu 100\nemc 60\n");
    assert_int_equal(simtest_find(c->fx.root, "sys/class/thermal", "type", "cpu-throttle-alert", 0,
                                  alert, sizeof alert),
                     0);
    assert_int_equal(
        simtest_find(c->fx.root, "sys/class/thermal", "type", "cpufreq-cpu0", 0, cool, sizeof cool),
        0);
    snprintf(p, sizeof p, "%s/cur_state", alert);
    int t = 0;
    while (num(c, p) == 0 && t < 3000) {
        tick(c, 1);
        t++;
    }
    print_message("throttle alert after %d ticks at %.1f C\n", t,
                  sim_zone_mc(c->sim, "cpu-thermal") / 1000);
    assert_int_equal(num(c, p), 1);
    tick(c, 100);
    snprintf(p, sizeof p, "%s/cur_state", cool);
    assert_true(num(c, p) > 0);
    assert_true(num(c, POL0 "/scaling_cur_freq") < 1728000);     /* throttled below the cap */
    assert_int_equal(num(c, POL0 "/scaling_max_freq"), 1728000); /* the user's cap stays */
}

static void test_write_in_progress_is_not_reverted_at_once(void **state) {
    Ctx *c = *state;
    wr(c, POL0 "/scaling_governor", "");       /* truncated, the text not written yet */
    int grace = (int)(SIM_EMPTY_GRACE_S * 10); /* ticks at 10 Hz */
    assert_true(grace >= 2);
    tick(c, grace - 1); /* a writer preempted this long still gets its write in */
    assert_string_equal(rd(c, POL0 "/scaling_governor"), "");
    tick(c, 1); /* still empty after the grace: a refused write, put back */
    assert_string_equal(rd(c, POL0 "/scaling_governor"), "schedutil\n");
}

/* ------------------------------------------------------------------ determinism */

static void run_script(Ctx *c) {
    tick(c, 40);
    demand(c, "cpu 2-3 70\ngpu 30\n");
    wr(c, CPU "/cpu5/online", "0");
    tick(c, 60);
}

static void test_same_seed_same_files(void **state) {
    (void)state;
    Ctx *a = open_board("orin-nano-super", 99);
    Ctx *b = open_board("orin-nano-super", 99);
    run_script(a);
    run_script(b);
    const char *files[] = {
        "proc/stat",     "proc/meminfo",           "proc/uptime",
        GPU "/cur_freq", POL0 "/scaling_cur_freq", "sys/kernel/debug/cactmon/mc_all"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char first[65536];
        snprintf(first, sizeof first, "%s", rd(a, files[i]));
        assert_string_equal(first, rd(b, files[i]));
    }
    char pa[300], pb[300], ta[64];
    for (int ch = 1; ch <= 3; ch++) {
        snprintf(pa, sizeof pa, "%s/curr%d_input", a->ina, ch);
        snprintf(pb, sizeof pb, "%s/curr%d_input", b->ina, ch);
        snprintf(ta, sizeof ta, "%s", rd(a, pa));
        assert_string_equal(ta, rd(b, pb));
    }
    void *sa = a, *sb = b;
    teardown(&sa);
    teardown(&sb);
}

static void test_other_boards_react(void **state) {
    (void)state;
    /* JetPack 4 Nano: iio rails respond to demand, the legacy fan follows temp_control */
    Ctx *c = open_board("nano", 3);
    const char *iio = "sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0";
    char p[200];
    snprintf(p, sizeof p, "%s/in_power0_input", iio);
    tick(c, 5);
    int64_t idle = num(c, p);
    demand(c, "cpu 0-3 100\ngpu 100\n");
    tick(c, 600);
    int64_t busy = num(c, p);
    print_message("nano POM_5V_IN %lld -> %lld mW, fan %lld\n", (long long)idle, (long long)busy,
                  (long long)num(c, "sys/devices/pwm-fan/target_pwm"));
    assert_true(busy > 3 * idle);
    assert_true(num(c, "sys/devices/pwm-fan/target_pwm") > 0); /* the kernel curve spun it up */
    wr(c, "sys/devices/pwm-fan/temp_control", "0");
    wr(c, "sys/devices/pwm-fan/target_pwm", "33");
    tick(c, 50);
    assert_int_equal(num(c, "sys/devices/pwm-fan/target_pwm"), 33);
    void *sc = c;
    teardown(&sc);
    /* AGX Orin boots MODE_30W: cores 8-11 offline until written online */
    c = open_board("agx-orin", 3);
    assert_string_equal(rd(c, CPU "/online"), "0-7\n");
    wr(c, CPU "/cpu9/online", "1");
    tick(c, 1);
    assert_string_equal(rd(c, CPU "/online"), "0-7,9\n");
    assert_true(num(c, CPU "/cpufreq/policy8/scaling_cur_freq") > 0);
    sc = c;
    teardown(&sc);
}

/* Mean board total as jtune reads it (the platform's rails and boardtotal), n samples. */
static double total_mw(Ctx *c, Sampler *sp, int n) {
    static Sample smp;
    double sum = 0;
    for (int k = 0; k < n; k++) {
        tick(c, 1);
        assert_int_equal(sampler_take(sp, &smp), 0);
        assert_true(smp.input_mw.ok);
        sum += (double)smp.input_mw.v;
    }
    return sum / n;
}

/* AGX Orin: the board total is GPU_SOC + CPU_CV + SYS_5V0, VDDQ is drawn through SYS_5V0,
 * and a CPU workload raises the total by watts (a clearly positive net energy per batch). */
static void test_agx_orin_total(void **state) {
    (void)state;
    Ctx *c = open_board("agx-orin", 4);
    Sampler *sp = NULL;
    assert_int_equal(sampler_open(&sp, c->fx.root, NULL), 0);
    const Inventory *inv = sampler_inventory(sp);
    assert_int_equal(inv->total.kind, TOTAL_SUM);
    assert_int_equal(inv->total.n, 3);
    tick(c, 10);
    double idle = total_mw(c, sp, 20);
    double sim_idle = sim_total_mw(c->sim);
    demand(c, "cpu 0-7 100\n");
    tick(c, 300);
    double load = total_mw(c, sp, 20);
    print_message("agx-orin board total %.0f -> %.0f mW (simulator %.0f at idle)\n", idle, load,
                  sim_idle);
    assert_true(idle > 8000 && idle < 12000); /* 3205 + 1450 + 4767 at boot */
    assert_true(load > idle + 3000);
    assert_true(sim_idle > 0.95 * idle && sim_idle < 1.05 * idle);
    sampler_close(sp);
    void *sc = c;
    teardown(&sc);
}

/* AGX Orin's cpu-thermal: the 70 degC trip is bound only to hot-surface-alert (nothing throttles
 * there), so at a normal full-load 78 degC the nearest limit is still the 99 degC passive trip:
 * no alert. Past 94 degC it is. */
static void test_hot_surface_trip_is_no_limit(void **state) {
    (void)state;
    Ctx *c = open_board("agx-orin", 4);
    Sampler *sp = NULL;
    assert_int_equal(sampler_open(&sp, c->fx.root, NULL), 0);
    const Inventory *inv = sampler_inventory(sp);
    const ZoneInfo *z = &inv->zones[inventory_zone_index(inv, "cpu")];
    assert_int_equal(z->n_trips, 3);
    assert_false(z->trips[0].alert_only); /* 99 degC, cpu-throttle-alert */
    assert_false(z->trips[1].alert_only); /* 104.5 degC critical, unbound */
    assert_true(z->trips[2].alert_only);  /* 70 degC, hot-surface-alert only */
    TripView tv;
    derive_trip(z, val_of(78000), &tv);
    assert_int_equal(tv.trip, 0);
    assert_int_equal(tv.headroom_mc.v, 21000);
    assert_int_not_equal(tv.heat, HEAT_HOT);
    derive_trip(z, val_of(96000), &tv);
    assert_int_equal(tv.heat, HEAT_HOT);
    sampler_close(sp);
    void *sc = c;
    teardown(&sc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_counters_only_grow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parked_cores_lower_power, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpu0_refuses_offline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpufreq_limits_clamp_and_round, setup, teardown),
        cmocka_unit_test_setup_teardown(test_governors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gpu_limits_through_aliases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gpu_railgate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_emc_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disabled_idle_state_costs_power, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nvfancontrol_rewrites_pwm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kernel_governor_and_user_space, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nvfancontrol_profile_switch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_radios_and_usb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demand_raises_rails_and_temperatures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttling_when_hot, setup, teardown),
        cmocka_unit_test(test_agx_orin_total),
        cmocka_unit_test(test_hot_surface_trip_is_no_limit),
        cmocka_unit_test_setup_teardown(test_write_in_progress_is_not_reverted_at_once, setup,
                                        teardown),
        cmocka_unit_test(test_same_seed_same_files),
        cmocka_unit_test(test_other_boards_react),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
