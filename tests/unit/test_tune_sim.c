/* SPDX-License-Identifier: MIT */
/* tune_sim: end to end - client -> jtune-helper -> a simulated Orin Nano Super -> the simulator
 * reacts as the kernel would. The simulator runs in-process and is stepped one tick at a time
 * (deterministic, no sleeping); a second test runs it as its own animated process, kills a
 * tuning session with SIGKILL and restores with "jtune --restore". */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "helperfx.h"
#include "jtune/ipc/tune.h"
#include "jtune/sim/board.h"
#include "jtune/sim/sim.h"
#include "jtune/sim/simproc.h"

#define CPU  "sys/devices/system/cpu/"
#define POL0 CPU "cpufreq/policy0/"
#define GPU  "sys/class/devfreq/17000000.gpu/"
#define NVP  "var/lib/nvpmodel/status"

typedef struct {
    char root[PATH_MAX];
    char state[PATH_MAX];
    Sim *sim;
    TuneClient *t;
} Ctx;

static int setup(void **state) {
    Ctx *c = calloc(1, sizeof *c);
    snprintf(c->root, sizeof c->root, "/tmp/jtune-simroot-XXXXXX");
    snprintf(c->state, sizeof c->state, "/tmp/jtune-simstate-XXXXXX");
    assert_non_null(mkdtemp(c->root));
    assert_non_null(mkdtemp(c->state));
    char path[PATH_MAX];
    assert_int_equal(simboard_locate("orin-nano-super", path, sizeof path), 0);
    SimBoard *b = calloc(1, sizeof *b);
    Diag d = {0};
    assert_int_equal(simboard_load(path, b, &d), 0);
    SimConfig cfg = {.root = c->root, .seed = 7, .hz = 10};
    const char *why = NULL;
    int rc = sim_open(&c->sim, b, &cfg, &why);
    free(b);
    if (rc < 0) {
        fail_msg("sim_open: %s", why ? why : strerror(-rc));
    }
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = c->root;
    o.state_dir = c->state;
    rc = tune_start(&c->t, &o);
    if (rc < 0) {
        fail_msg("tune_start: %s", tune_status(c->t));
    }
    *state = c;
    return 0;
}

static int teardown(void **state) {
    Ctx *c = *state;
    tune_stop(c->t);
    sim_close(c->sim);
    rm_rf(c->root);
    rm_rf(c->state);
    free(c);
    return 0;
}

static void ticks(Ctx *c, int n) {
    for (int i = 0; i < n; i++) {
        assert_int_equal(sim_tick(c->sim), 0);
    }
}

static const char *node(const char *root, const char *rel) {
    static char buf[8192];
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    snprintf(buf, sizeof buf, "%s", slurp_static(p));
    return buf;
}

static int64_t node_i64(const char *root, const char *rel) {
    return strtoll(node(root, rel), NULL, 10);
}

/* "sys/class/<cls>/<prefix>N/<key>" whose content starts with want -> N, or -1. */
static int find_by(const char *root, const char *cls, const char *prefix, const char *key,
                   const char *want) {
    char dir[PATH_MAX * 2];
    snprintf(dir, sizeof dir, "%s/sys/class/%s", root, cls);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    int found = -1;
    size_t pl = strlen(prefix);
    while ((de = readdir(d)) != NULL) {
        char rel[512];
        if (strncmp(de->d_name, prefix, pl) != 0) {
            continue;
        }
        snprintf(rel, sizeof rel, "sys/class/%s/%s/%s", cls, de->d_name, key);
        if (strncmp(node(root, rel), want, strlen(want)) == 0) {
            found = atoi(de->d_name + pl);
        }
    }
    closedir(d);
    return found;
}

static void test_core_parked(void **state) {
    Ctx *c = *state;
    ticks(c, 2);
    assert_non_null(strstr(node(c->root, "proc/stat"), "\ncpu5 "));
    assert_int_equal(tune_cpu_online(c->t, 5, false), 0);
    assert_int_equal(tune_cpu_online(c->t, 0, false), -EPERM);
    ticks(c, 2);
    assert_string_equal(node(c->root, CPU "online"), "0-4\n");
    assert_string_equal(node(c->root, CPU "offline"), "5\n");
    assert_null(strstr(node(c->root, "proc/stat"), "\ncpu5 ")); /* gone from /proc/stat */
    assert_int_equal(tune_restore(c->t, NULL, NULL), 0);
    ticks(c, 2);
    assert_string_equal(node(c->root, CPU "online"), "0-5\n");
}

static void test_caps_applied(void **state) {
    Ctx *c = *state;
    assert_int_equal(tune_cpu_max_khz(c->t, 0, 960000), 0);
    assert_int_equal(tune_gpu_max_hz(c->t, 408000000), 0);
    assert_int_equal(tune_emc_cap_hz(c->t, 2133000000), 0);
    for (int i = 0; i < 30; i++) {
        ticks(c, 1);
        assert_true(sim_cpu_khz(c->sim, 0) <= 960000);
        assert_true(node_i64(c->root, POL0 "scaling_cur_freq") <= 960000);
        assert_true(node_i64(c->root, GPU "cur_freq") <= 408000000);
    }
    assert_string_equal(node(c->root, POL0 "scaling_max_freq"), "960000\n");
    assert_string_equal(node(c->root, "sys/kernel/nvpmodel_clk_cap/emc"), "2133000000\n");
    /* a value the kernel's table does not have never reaches the simulator */
    assert_int_equal(tune_cpu_max_khz(c->t, 0, 1000000), -EINVAL);
    assert_string_equal(node(c->root, POL0 "scaling_max_freq"), "960000\n");
}

static void fan_unit(Ctx *c, const char *what) {
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/%s", c->root, SIM_NVFAN_UNIT_PATH);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(what, f);
    fclose(f);
}

/* The fan on a JetPack 6 board: while nvfancontrol runs a manual PWM would not hold, so it is
 * refused with the command that frees the fan; once stopped, jtune holds the kernel governor
 * off (tj zone user_space) and automatic or --restore give the fan back. */
static void test_fan_pwm(void **state) {
    Ctx *c = *state;
    int fan = find_by(c->root, "hwmon", "hwmon", "name", "pwmfan");
    int tach = find_by(c->root, "hwmon", "hwmon", "name", "pwm_tach");
    int tj = find_by(c->root, "thermal", "thermal_zone", "type", "tj-thermal");
    assert_true(fan >= 0 && tach >= 0 && tj >= 0);
    char pwm[64], rpm[64], pol[64];
    snprintf(pwm, sizeof pwm, "sys/class/hwmon/hwmon%d/pwm1", fan);
    snprintf(rpm, sizeof rpm, "sys/class/hwmon/hwmon%d/rpm", tach);
    snprintf(pol, sizeof pol, "sys/class/thermal/thermal_zone%d/policy", tj);
    ticks(c, 5);
    char was[16];
    snprintf(was, sizeof was, "%s", node(c->root, pwm));
    assert_int_equal(tune_fan_pwm(c->t, 255), -EBUSY);
    assert_non_null(strstr(tune_last_error(c->t), "stop it with `sudo systemctl stop "
                                                  "nvfancontrol` to set PWM by hand"));
    ticks(c, 2);
    assert_string_equal(node(c->root, pwm), was);
    fan_unit(c, "stop");
    ticks(c, 2);
    int64_t rpm_before = node_i64(c->root, rpm);
    assert_int_equal(tune_fan_pwm(c->t, 255), 0);
    assert_string_equal(node(c->root, pol), "user_space\n");
    ticks(c, 60);
    assert_string_equal(node(c->root, pwm), "255\n"); /* nothing rewrites it */
    assert_true(node_i64(c->root, rpm) > rpm_before);
    assert_int_equal(tune_fan_pwm(c->t, 256), -EINVAL);
    /* automatic: the governor has the fan again and moves it */
    assert_int_equal(tune_fan_auto(c->t), 0);
    assert_string_equal(node(c->root, pol), "step_wise\n");
    ticks(c, 30);
    assert_true(node_i64(c->root, pwm) < 255);
    /* and again by hand, then --restore */
    assert_int_equal(tune_fan_pwm(c->t, 200), 0);
    ticks(c, 10);
    assert_string_equal(node(c->root, pwm), "200\n");
    assert_int_equal(tune_restore(c->t, NULL, NULL), 0);
    assert_string_equal(node(c->root, pol), "step_wise\n");
    ticks(c, 30);
    assert_true(node_i64(c->root, pwm) < 200);
    /* nvfancontrol started again takes the fan back from the governor */
    fan_unit(c, "start");
    ticks(c, 5);
    assert_string_equal(node(c->root, SIM_NVFAN_UNIT_PATH), "active\n");
}

static void test_radio(void **state) {
    Ctx *c = *state;
    int bt = find_by(c->root, "rfkill", "rfkill", "type", "bluetooth");
    assert_true(bt >= 0);
    char soft[64], st[64];
    snprintf(soft, sizeof soft, "sys/class/rfkill/rfkill%d/soft", bt);
    snprintf(st, sizeof st, "sys/class/rfkill/rfkill%d/state", bt);
    assert_string_equal(node(c->root, st), "1\n");
    assert_int_equal(tune_radio_block(c->t, bt, true), 0);
    ticks(c, 2);
    assert_string_equal(node(c->root, soft), "1\n");
    assert_string_equal(node(c->root, st), "0\n"); /* soft-blocked */
    assert_int_equal(tune_restore(c->t, NULL, NULL), 0);
    ticks(c, 2);
    assert_string_equal(node(c->root, st), "1\n");
}

/* GPU rail-gating and 3D scaling: switched through the helper, journaled, put back. */
static void test_gpu_switches(void **state) {
    Ctx *c = *state;
    const char *rg = "sys/class/devfreq/17000000.gpu/device/railgate_enable";
    const char *s3 = "sys/class/devfreq/17000000.gpu/device/enable_3d_scaling";
    char rg0[16], s30[16];
    snprintf(rg0, sizeof rg0, "%s", node(c->root, rg));
    snprintf(s30, sizeof s30, "%s", node(c->root, s3));
    bool rg_on = strcmp(rg0, "1\n") == 0, s3_on = strcmp(s30, "1\n") == 0;
    assert_int_equal(tune_gpu_railgate(c->t, !rg_on), 0);
    assert_int_equal(tune_gpu_3d_scaling(c->t, !s3_on), 0);
    ticks(c, 2);
    assert_string_equal(node(c->root, rg), rg_on ? "0\n" : "1\n");
    assert_string_equal(node(c->root, s3), s3_on ? "0\n" : "1\n");
    assert_int_equal(tune_restore(c->t, NULL, NULL), 0);
    ticks(c, 2);
    assert_string_equal(node(c->root, rg), rg0);
    assert_string_equal(node(c->root, s3), s30);
}

static void test_nvpmodel_mode(void **state) {
    Ctx *c = *state;
    /* the table has ID=3 NAME=7W, as R36.4.x has (cores 4-5 parked, TPC mask 252) */
    ticks(c, 1);
    assert_string_equal(node(c->root, NVP), "pmode:0001\n");
    assert_int_equal(tune_nvpmodel(c->t, 0), 0); /* 25W -> 15W */
    ticks(c, 2);
    assert_string_equal(node(c->root, NVP), "pmode:0000\n");
    assert_string_equal(node(c->root, POL0 "scaling_max_freq"), "1497600\n");
    assert_string_equal(node(c->root, GPU "max_freq"), "612000000\n");
    /* 7W parks two cores: nvpmodel wants a reboot; nothing changes */
    assert_int_equal(tune_nvpmodel(c->t, 3), -ECANCELED);
    assert_non_null(strstr(tune_last_error(c->t), "reboot"));
    ticks(c, 2);
    assert_string_equal(node(c->root, NVP), "pmode:0000\n");
    assert_string_equal(node(c->root, CPU "online"), "0-5\n");
    assert_int_equal(tune_nvpmodel(c->t, 9), -EINVAL);
    int restored = 0;
    assert_int_equal(tune_restore(c->t, &restored, NULL), 0);
    assert_true(restored > 1); /* the mode and every node it may change */
    ticks(c, 2);
    assert_string_equal(node(c->root, NVP), "pmode:0001\n");
    assert_string_equal(node(c->root, POL0 "scaling_max_freq"), "1344000\n");
    assert_string_equal(node(c->root, GPU "max_freq"), "918000000\n");
}

/* Every node a mode switch may change, on the simulated Orin Nano Super. */
static const char *const mode_nodes[] = {
    CPU "online",
    CPU "cpu1/online",
    CPU "cpu2/online",
    CPU "cpu3/online",
    CPU "cpu4/online",
    CPU "cpu5/online",
    POL0 "scaling_min_freq",
    POL0 "scaling_max_freq",
    POL0 "scaling_governor",
    CPU "cpufreq/policy4/scaling_min_freq",
    CPU "cpufreq/policy4/scaling_max_freq",
    CPU "cpufreq/policy4/scaling_governor",
    GPU "min_freq",
    GPU "max_freq",
    "sys/kernel/nvpmodel_clk_cap/emc",
    NVP,
};
#define N_MODE_NODES (sizeof mode_nodes / sizeof mode_nodes[0])

static void put_node(Ctx *c, const char *rel, const char *text) {
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/%s", c->root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A board someone tuned before jtune: a mode switch and then undo (or --restore) must give
 * back exactly that state, not the defaults of the mode the board was in. */
static void test_nvpmodel_undo_exact_on_pretuned_board(void **state) {
    Ctx *c = *state;
    put_node(c, POL0 "scaling_max_freq", "1651200\n");
    put_node(c, GPU "max_freq", "714000000\n");
    put_node(c, "sys/kernel/nvpmodel_clk_cap/emc", "2133000000\n");
    ticks(c, 2);
    char before[N_MODE_NODES][64];
    for (size_t i = 0; i < N_MODE_NODES; i++) {
        snprintf(before[i], sizeof before[i], "%s", node(c->root, mode_nodes[i]));
    }
    assert_string_equal(before[7], "1651200\n"); /* the simulator kept the custom values */
    assert_int_equal(tune_nvpmodel(c->t, 0), 0);
    assert_int_equal(tune_gpu_max_hz(c->t, 306000000), 0); /* a change after the switch */
    ticks(c, 2);
    assert_string_equal(node(c->root, POL0 "scaling_max_freq"), "1497600\n");
    int failed = -1;
    assert_int_equal(tune_restore(c->t, NULL, &failed), 0);
    assert_int_equal(failed, 0);
    ticks(c, 2);
    for (size_t i = 0; i < N_MODE_NODES; i++) {
        if (strcmp(node(c->root, mode_nodes[i]), before[i]) != 0) {
            fail_msg("%s: %s after restore, %s before", mode_nodes[i], node(c->root, mode_nodes[i]),
                     before[i]);
        }
    }
    assert_int_equal(tune_changes(c->t), 0);
}

/* ---- a live, animated simulator; SIGKILL the session; jtune --restore ---- */

static const char *const knobs[] = {
    CPU "online",
    POL0 "scaling_max_freq",
    CPU "cpufreq/policy4/scaling_governor",
    GPU "max_freq",
    "sys/kernel/nvpmodel_clk_cap/emc",
    CPU "cpu3/cpuidle/state1/disable",
    NVP,
    "proc/sys/vm/swappiness",
};

static void session(const char *root, const char *state_dir, int fd) {
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = root;
    o.state_dir = state_dir;
    TuneClient *t;
    if (tune_start(&t, &o) < 0 || tune_cpu_online(t, 4, false) < 0 ||
        tune_cpu_max_khz(t, 0, 729600) < 0 || tune_cpu_governor(t, 4, TUNE_GOV_POWERSAVE) < 0 ||
        tune_gpu_max_hz(t, 306000000) < 0 || tune_emc_cap_hz(t, 665600000) < 0 ||
        tune_cpuidle_disable(t, -1, 1, true) < 0 || tune_nvpmodel(t, 0) < 0 ||
        tune_vm_swappiness(t, 5) < 0) {
        _exit(10);
    }
    pid_t helper = tune_helper_pid(t);
    if (write(fd, &helper, sizeof helper) != sizeof helper) {
        _exit(11);
    }
    for (;;) {
        pause();
    }
}

/* Wait up to timeout_ms until pid has exited (gone, or a zombie of another parent: its files,
 * and so its locks, are closed either way). No subreaper needed (qemu-user has none). */
static bool pid_wait_dead(pid_t pid, int timeout_ms) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    for (int waited = 0; waited < timeout_ms; waited += 10) {
        FILE *f = fopen(path, "r");
        if (!f) {
            return true;
        }
        char line[512];
        bool zombie = fgets(line, sizeof line, f) && strrchr(line, ')') &&
                      strrchr(line, ')')[1] == ' ' && strrchr(line, ')')[2] == 'Z';
        fclose(f);
        if (zombie) {
            return true;
        }
        usleep(10000);
    }
    return false;
}

static void test_live_sigkill_restore(void **state) {
    (void)state;
    SimProc sp;
    SimProcOptions so = {.board = "orin-nano-super", .seed = 3, .hz = 50, .quiet = true};
    assert_int_equal(simproc_start(&sp, &so), 0);
    char sdir[PATH_MAX];
    snprintf(sdir, sizeof sdir, "/tmp/jtune-simstate-XXXXXX");
    assert_non_null(mkdtemp(sdir));
    char before[8][64];
    for (size_t i = 0; i < 8; i++) {
        snprintf(before[i], sizeof before[i], "%s", node(sp.root, knobs[i]));
    }
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    pid_t ui = fork();
    if (ui == 0) {
        close(pfd[0]);
        session(sp.root, sdir, pfd[1]);
    }
    close(pfd[1]);
    pid_t helper = 0;
    bool ok = read(pfd[0], &helper, sizeof helper) == sizeof helper;
    close(pfd[0]);
    if (ok) {
        kill(helper, SIGKILL);
    }
    kill(ui, SIGKILL);
    int status;
    waitpid(ui, &status, 0);
    ok = ok && pid_wait_dead(helper, 10000);
    ok = ok && strcmp(node(sp.root, POL0 "scaling_max_freq"), before[1]) != 0;
    int rc = -1;
    if (ok) {
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            execl(helperfx_program("jtune"), "jtune", "--restore", "--root", sp.root, "--state-dir",
                  sdir, (char *)NULL);
            _exit(127);
        }
        waitpid(pid, &status, 0);
        rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    /* the restore writes the knobs; the animated simulator derives some files from them on
     * its next tick (the "online" list follows cpu4/online): poll with a deadline */
    char after[8][64];
    struct timespec t0, now, nap = {0, 20 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        bool same = true;
        for (size_t i = 0; i < 8; i++) {
            snprintf(after[i], sizeof after[i], "%s", node(sp.root, knobs[i]));
            same = same && strcmp(after[i], before[i]) == 0;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (same || rc != 0 || now.tv_sec - t0.tv_sec >= 10) {
            break;
        }
        nanosleep(&nap, NULL);
    }
    /* stop the simulator before any assertion can end the test */
    assert_int_equal(simproc_stop(&sp), 0);
    rm_rf(sdir);
    if (!ok) {
        fail_msg("the tuning session did not complete its changes");
    }
    assert_int_equal(rc, 0);
    for (size_t i = 0; i < 8; i++) {
        assert_string_equal(after[i], before[i]);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_core_parked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caps_applied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fan_pwm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_radio, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nvpmodel_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nvpmodel_undo_exact_on_pretuned_board, setup,
                                        teardown),
        cmocka_unit_test(test_live_sigkill_restore),
        cmocka_unit_test_setup_teardown(test_gpu_switches, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
