/* SPDX-License-Identifier: MIT */
/* profile_live: profiles on a running simulator, through the real helper.
 *
 * cruise, then burst, then undo: the tree and the samples show each state; under one constant
 * workload the board input (VDD_IN) averages lower under cruise than under stock and higher
 * under burst; the profile in effect sets the audit's target; undo restores every node.
 * A write that fails mid-profile rolls back the ones already done.
 *
 * Nothing here sleeps for a fixed time: every wait polls the tree or the samples with a
 * deadline, and averages are over samples taken at distinct simulator ticks. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "helperfx.h"
#include "jtune/app/profiles.h"
#include "jtune/platform/sampler.h"
#include "jtune/sim/sim.h"
#include "jtune/sim/simproc.h"
#include "simtest.h"

#define CPU         "sys/devices/system/cpu"
#define GPU         "sys/class/devfreq/17000000.gpu"
#define DEADLINE_MS 20000
#define N_AVG       20

/* The nodes the profiles write (the fan is left out: the kernel's governor moves it once it
 * has it back). */
static const char *const nodes[] = {
    "var/lib/nvpmodel/status",
    CPU "/cpu4/online",
    CPU "/cpu5/online",
    CPU "/cpufreq/policy0/scaling_governor",
    CPU "/cpufreq/policy0/scaling_min_freq",
    CPU "/cpufreq/policy0/scaling_max_freq",
    CPU "/cpufreq/policy4/scaling_governor",
    CPU "/cpufreq/policy4/scaling_min_freq",
    CPU "/cpufreq/policy4/scaling_max_freq",
    GPU "/min_freq",
    GPU "/max_freq",
    "sys/kernel/nvpmodel_clk_cap/emc",
    CPU "/cpu0/cpuidle/state1/disable",
    CPU "/cpu3/cpuidle/state1/disable",
    CPU "/cpu5/cpuidle/state1/disable",
    "sys/class/rfkill/rfkill0/soft",
    "sys/class/rfkill/rfkill1/soft",
    "sys/bus/usb/devices/1-3/power/control",
    "sys/kernel/mm/transparent_hugepage/enabled",
    "proc/sys/vm/swappiness",
    "proc/sys/vm/dirty_ratio",
    "proc/sys/vm/dirty_background_ratio",
};
#define N_NODES (sizeof nodes / sizeof nodes[0])

typedef struct {
    SimProc sp;
    bool sim_up;
    char state[PATH_MAX];
    char xdg[PATH_MAX];
    TuneClient *tune;
    ProfSession *ps;
    Sampler *sampler;
    Sample s;
    Profile prof;
    ProfPlan plan;
    char snap[N_NODES][128];
} Fx;

static int setup(void **state) {
    Fx *f = calloc(1, sizeof *f);
    Fixture a, b;
    if (!f || fixture_mkroot(&a) < 0) {
        free(f);
        return -1;
    }
    snprintf(f->state, sizeof f->state, "%s", a.root);
    if (fixture_mkroot(&b) < 0) {
        rm_rf(f->state);
        free(f);
        return -1;
    }
    snprintf(f->xdg, sizeof f->xdg, "%s", b.root);
    setenv("XDG_CONFIG_HOME", f->xdg, 1);
    SimProcOptions o = {.board = "orin-nano-super", .seed = 5, .quiet = true};
    if (simproc_start(&f->sp, &o) < 0) {
        rm_rf(f->state);
        rm_rf(f->xdg);
        free(f);
        return -1;
    }
    f->sim_up = true;
    /* systemctl stop nvfancontrol: burst's fan.pwm = max can then hold (with nvfancontrol
     * running it is skipped) */
    char unit[PATH_MAX + 64];
    snprintf(unit, sizeof unit, "%s/%s", f->sp.root, SIM_NVFAN_UNIT_PATH);
    FILE *u = fopen(unit, "w");
    if (u) {
        fputs("stop\n", u);
        fclose(u);
    }
    for (int i = 0; i < 200 && strcmp(slurp_static(unit), "inactive\n") != 0; i++) {
        struct timespec ts = {0, 50000000L};
        nanosleep(&ts, NULL);
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    Fx *f = *state;
    profiles_close(f->ps);
    tune_stop(f->tune);
    sampler_close(f->sampler);
    if (f->sim_up) {
        simproc_stop(&f->sp);
    }
    rm_rf(f->state);
    rm_rf(f->xdg);
    free(f);
    return 0;
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pause_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static const char *rd(Fx *f, const char *rel) {
    static char buf[256];
    snprintf(buf, sizeof buf, "%s", simtest_read(f->sp.root, rel, NULL));
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

/* Poll until rel reads want (or the deadline). */
static void wait_for(Fx *f, const char *rel, const char *want) {
    int64_t end = now_ms() + DEADLINE_MS;
    while (strcmp(rd(f, rel), want) != 0) {
        if (now_ms() > end) {
            fail_msg("%s reads '%s', expected '%s'", rel, rd(f, rel), want);
        }
        pause_ms(20);
    }
}

static void start(Fx *f) {
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = f->sp.root;
    o.state_dir = f->state;
    assert_int_equal(tune_start(&f->tune, &o), 0);
    assert_true(tune_connected(f->tune));
    assert_int_equal(profiles_open(&f->ps, f->sp.root, f->tune), 0);
    assert_int_equal(sampler_open(&f->sampler, f->sp.root, NULL), 0);
}

/* The next sample taken at a later simulator tick than the last one. */
static void next_sample(Fx *f) {
    Val before = f->s.uptime_ms;
    int64_t end = now_ms() + DEADLINE_MS;
    for (;;) {
        assert_int_equal(sampler_take(f->sampler, &f->s), 0);
        if (f->s.uptime_ms.ok && (!before.ok || f->s.uptime_ms.v != before.v)) {
            return;
        }
        if (now_ms() > end) {
            fail_msg("the simulator's uptime did not move");
        }
        pause_ms(10);
    }
}

/* Mean board input power over N_AVG samples at distinct ticks, after settling. */
static double avg_input_mw(Fx *f) {
    for (int i = 0; i < 10; i++) {
        next_sample(f); /* let the governors and the rails follow the new state */
    }
    double sum = 0;
    for (int i = 0; i < N_AVG; i++) {
        next_sample(f);
        assert_true(f->s.input_mw.ok);
        sum += (double)f->s.input_mw.v;
    }
    return sum / N_AVG;
}

static void snapshot(Fx *f) {
    for (size_t i = 0; i < N_NODES; i++) {
        snprintf(f->snap[i], sizeof f->snap[i], "%s", rd(f, nodes[i]));
    }
}

/* Poll until every node reads its snapshot again; fail naming the first that does not. */
static void wait_restored(Fx *f) {
    for (size_t i = 0; i < N_NODES; i++) {
        wait_for(f, nodes[i], f->snap[i]);
    }
}

static ProfResult apply(Fx *f, const char *name, int want_rc) {
    Diag d = {0};
    assert_int_equal(profiles_load(f->ps, name, &f->prof, &d), 0);
    assert_int_equal(profiles_plan(f->ps, &f->prof, &f->plan, &d), 0);
    assert_int_equal(f->plan.n_skipped, 0);
    assert_true(f->plan.n_changes > 0);
    ProfResult res;
    int rc = profiles_apply(f->ps, &f->plan, &res);
    if (rc != want_rc) {
        fail_msg("%s: rc %d (%s), expected %d", name, rc, res.msg, want_rc);
    }
    return res;
}

/* The profile in effect once the simulator has taken every write. */
static void expect_in_effect(Fx *f, const char *name, AuditTarget target) {
    ProfIntent intent;
    const char *now = NULL;
    int64_t end = now_ms() + DEADLINE_MS;
    while (!(now = profiles_in_effect(f->ps, &intent)) || strcmp(now, name) != 0) {
        if (now_ms() > end) {
            fail_msg("%s is not in effect (%s is)", name, now ? now : "none");
        }
        pause_ms(50);
    }
    AuditReport r;
    assert_int_equal(profiles_audit(f->ps, -1, &r), 0);
    assert_int_equal(r.target, target);
}

static void test_cruise_burst_undo(void **state) {
    Fx *f = *state;
    start(f);
    /* one constant workload for every phase: 30 % on each core, 20 % GPU */
    assert_int_equal(simtest_write(f->sp.root, "run/jtune-sim/demand", "cpu 0-5 30\ngpu 20\n"), 0);
    snapshot(f);
    double stock = avg_input_mw(f);

    ProfResult res = apply(f, "cruise", 0);
    assert_int_equal(res.applied, f->plan.n_changes);
    wait_for(f, CPU "/online", "0-3");
    wait_for(f, CPU "/cpufreq/policy0/scaling_cur_freq", "729600"); /* powersave: the floor */
    assert_string_equal(rd(f, "var/lib/nvpmodel/status"), "pmode:0000");
    assert_string_equal(rd(f, CPU "/cpufreq/policy0/scaling_governor"), "powersave");
    assert_string_equal(rd(f, CPU "/cpufreq/policy0/scaling_max_freq"), "1190400");
    assert_string_equal(rd(f, GPU "/max_freq"), "612000000");
    assert_string_equal(rd(f, "sys/kernel/nvpmodel_clk_cap/emc"), "2133000000");
    assert_string_equal(rd(f, "sys/class/rfkill/rfkill1/soft"), "1");
    assert_string_equal(rd(f, "sys/bus/usb/devices/1-3/power/control"), "auto");
    assert_string_equal(rd(f, "proc/sys/vm/swappiness"), "10");
    expect_in_effect(f, "cruise", AUDIT_LOW_POWER);
    double cruise = avg_input_mw(f);
    assert_int_equal(f->s.cpu[4].online.v, 0); /* the samples show it too */
    assert_string_equal(f->s.policy[0].governor, "powersave");
    assert_int_equal(f->s.cpu[0].freq_khz.v, 729600);

    apply(f, "burst", 0);
    wait_for(f, CPU "/online", "0-5");
    wait_for(f, CPU "/cpufreq/policy4/scaling_cur_freq", "1728000");
    assert_string_equal(rd(f, "var/lib/nvpmodel/status"), "pmode:0002");
    assert_string_equal(rd(f, CPU "/cpufreq/policy4/scaling_governor"), "performance");
    assert_string_equal(rd(f, CPU "/cpufreq/policy0/scaling_min_freq"), "1728000");
    assert_string_equal(rd(f, GPU "/min_freq"), "1020000000");
    assert_string_equal(rd(f, CPU "/cpu5/cpuidle/state1/disable"), "1");
    char fan[PATH_MAX], pwm[PATH_MAX + 8];
    assert_int_equal(
        simtest_find(f->sp.root, "sys/class/hwmon", "name", "pwmfan", 0, fan, sizeof fan), 0);
    snprintf(pwm, sizeof pwm, "%s/pwm1", fan);
    wait_for(f, pwm, "255");
    expect_in_effect(f, "burst", AUDIT_PERFORMANCE);
    double burst = avg_input_mw(f);
    assert_int_equal(f->s.gpu.min_hz.v, 1020000000);

    print_message("VDD_IN: stock %.0f mW, cruise %.0f mW, burst %.0f mW\n", stock, cruise, burst);
    assert_true(cruise < stock);
    assert_true(burst > stock);

    /* undo: the journal holds what the board had before cruise */
    int restored = 0, failed = 0;
    assert_int_equal(tune_restore(f->tune, &restored, &failed), 0);
    assert_int_equal(failed, 0);
    assert_true(restored > 0);
    wait_restored(f);
    char journal[PATH_MAX + 16];
    snprintf(journal, sizeof journal, "%s/journal", f->state);
    assert_int_equal(access(journal, F_OK), -1);
}

static void test_failed_write_rolls_back(void **state) {
    Fx *f = *state;
    start(f);
    /* the last node cruise writes cannot be read or written any more */
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/proc/sys/vm/dirty_background_ratio", f->sp.root);
    assert_int_equal(unlink(p), 0);
    assert_int_equal(mkdir(p, 0755), 0);
    snapshot(f);
    ProfResult res = apply(f, "cruise", -EISDIR);
    assert_int_equal(res.applied, 0);
    assert_int_equal(res.failed, f->plan.n - 1);
    assert_int_equal(f->plan.steps[res.failed].op, PO_VM_DIRTY_BG_RATIO);
    assert_non_null(strstr(res.msg, "vm.dirty_background_ratio -> 5 failed"));
    assert_non_null(strstr(res.msg, "rolled back"));
    /* every node written before it (nvpmodel, caps, parked cores, radios...) is back */
    wait_restored(f);
    wait_for(f, CPU "/online", "0-5");
    char journal[PATH_MAX + 16];
    snprintf(journal, sizeof journal, "%s/journal", f->state);
    assert_int_equal(access(journal, F_OK), -1); /* nothing left to restore */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cruise_burst_undo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_write_rolls_back, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
