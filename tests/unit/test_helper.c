/* SPDX-License-Identifier: MIT */
/* helper: every op, in-process on the Orin Nano Super fixture - legal values write the node and
 * journal its original, each out-of-range value is refused with its errno and changes nothing,
 * planted symlinks never lead a write out of its base, restore/keep/transactions. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "helperfx.h"
#include "jtune/helper/helper.h"
#include "jtune/helper/journal.h"
#include "jtune/ipc/tune.h"
#include "jtune/ipc/tunemsg.h"

#define CPU      "sys/devices/system/cpu/"
#define POL0     CPU "cpufreq/policy0/"
#define POL4     CPU "cpufreq/policy4/"
#define GPU      "sys/devices/platform/bus@0/17000000.gpu/devfreq/17000000.gpu/"
#define PWM      "sys/devices/platform/pwm-fan/hwmon/hwmon0/pwm1"
#define ZONE0    "sys/devices/virtual/thermal/thermal_zone0/"
#define TJ_POL   "sys/devices/virtual/thermal/thermal_zone8/policy"
#define NVFAN    "proc/873/comm" /* the fixture's running nvfancontrol */
#define RFKILL1  "sys/devices/virtual/rfkill/rfkill1/soft"
#define EMC_CAP  "sys/kernel/nvpmodel_clk_cap/emc"
#define NVP_STAT "var/lib/nvpmodel/status"

typedef struct {
    HelperFx hx;
    Helper *h;
    uint32_t seq;
} Ctx;

static Helper *open_helper(Ctx *c, const char *root, int expect_rc) {
    HelperConfig cfg;
    helper_config_init(&cfg);
    cfg.root = root;
    cfg.state_dir = c->hx.state;
    Helper *h = NULL;
    char err[512] = "";
    int rc = helper_open(&h, &cfg, err, sizeof err);
    if (rc != expect_rc) {
        fail_msg("helper_open: %d (%s), expected %d", rc, err, expect_rc);
    }
    return h;
}

/* The fixture with nvfancontrol running (as it does from boot on JetPack 5 and 6). */
static int setup_nvfan(void **state) {
    Ctx *c = calloc(1, sizeof *c);
    assert_int_equal(helperfx_load(&c->hx, "orin-nano-super.tree"), 0);
    assert_int_equal(helperfx_fake_nvpmodel(&c->hx), 0);
    c->h = open_helper(c, c->hx.fx.root, 0);
    *state = c;
    return 0;
}

/* The fixture after "systemctl stop nvfancontrol": the kernel's governor drives the fan. */
static int setup(void **state) {
    setup_nvfan(state);
    Ctx *c = *state;
    assert_int_equal(fixture_remove(&c->hx.fx, NVFAN), 0);
    return 0;
}

static int teardown(void **state) {
    Ctx *c = *state;
    helper_close(c->h);
    helperfx_cleanup(&c->hx);
    free(c);
    return 0;
}

static TuneReply req(Ctx *c, TuneOp op, TuneTarget t, uint32_t index, uint16_t sub, int64_t v) {
    TuneRequest r;
    TuneReply rep;
    proto_request_init(&r, op, ++c->seq, t, index, sub, v);
    helper_handle(c->h, &r, &rep);
    assert_int_equal(rep.seq, r.seq);
    assert_int_equal(rep.op, op);
    return rep;
}

/* SET; returns the reply's errno (0 on success). */
static int set(Ctx *c, TuneTarget t, uint32_t index, uint16_t sub, int64_t v) {
    return req(c, TUNE_OP_SET, t, index, sub, v).err;
}

static const char *node(Ctx *c, const char *rel) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s", slurp_static(fixture_path(&c->hx.fx, rel)));
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

static const char *journal_text(Ctx *c) {
    char p[PATH_MAX + 16];
    snprintf(p, sizeof p, "%s", helperfx_journal_path(c->hx.state, c->hx.fx.root, "journal"));
    return slurp_static(p);
}

static void test_cpu_online(void **state) {
    Ctx *c = *state;
    TuneReply r = req(c, TUNE_OP_SET, TUNE_T_CPU_ONLINE, 5, 0, 0);
    assert_int_equal(r.err, 0);
    assert_int_equal(r.aux, 1); /* journal entries now */
    assert_int_equal(req(c, TUNE_OP_SET, TUNE_T_CPU_ONLINE, 5, 0, 0).aux, 1);
    assert_string_equal(node(c, CPU "cpu5/online"), "0");
    /* the original was made durable before the write */
    assert_non_null(strstr(journal_text(c), "\ncpu_online 5 0 1\n"));
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 0, 0, 0), EPERM); /* never cpu0 */
    assert_string_equal(node(c, CPU "cpu0/online"), "1");
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 9, 0, 0), ENODEV);
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 4, 0, 2), EINVAL);
    /* never the last online core */
    assert_int_equal(fixture_put(&c->hx.fx, CPU "online", "4\n"), 0);
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 4, 0, 0), EBUSY);
    assert_string_equal(node(c, CPU "cpu4/online"), "1");
    assert_int_equal(helper_journal_count(c->h), 1);
}

static void test_governor(void **state) {
    Ctx *c = *state;
    assert_int_equal(set(c, TUNE_T_CPU_GOVERNOR, 4, 0, TUNE_GOV_POWERSAVE), 0);
    assert_string_equal(node(c, POL4 "scaling_governor"), "powersave");
    /* not in scaling_available_governors */
    assert_int_equal(set(c, TUNE_T_CPU_GOVERNOR, 0, 0, TUNE_GOV_INTERACTIVE), EINVAL);
    assert_int_equal(set(c, TUNE_T_CPU_GOVERNOR, 0, 0, TUNE_GOV_COUNT), EINVAL);
    assert_int_equal(set(c, TUNE_T_CPU_GOVERNOR, 2, 0, TUNE_GOV_POWERSAVE), ENODEV);
    /* a current governor the protocol cannot name could never be restored: refused */
    assert_int_equal(fixture_put(&c->hx.fx, POL0 "scaling_governor", "vendorgov\n"), 0);
    assert_int_equal(set(c, TUNE_T_CPU_GOVERNOR, 0, 0, TUNE_GOV_PERFORMANCE), EOPNOTSUPP);
    assert_string_equal(node(c, POL0 "scaling_governor"), "vendorgov");
}

static void test_cpu_freq(void **state) {
    Ctx *c = *state;
    assert_int_equal(set(c, TUNE_T_CPU_MAX_KHZ, 4, 0, 960000), 0);
    assert_string_equal(node(c, POL4 "scaling_max_freq"), "960000");
    assert_int_equal(set(c, TUNE_T_CPU_MAX_KHZ, 4, 0, 1000000), EINVAL); /* not in the table */
    assert_int_equal(set(c, TUNE_T_CPU_MIN_KHZ, 4, 0, 1344000), ERANGE); /* min > max */
    assert_int_equal(set(c, TUNE_T_CPU_MAX_KHZ, 0, 0, 652800), ERANGE);  /* max < min */
    assert_string_equal(node(c, POL0 "scaling_max_freq"), "1344000");
    assert_int_equal(set(c, TUNE_T_CPU_MIN_KHZ, 0, 0, 115200), 0);
    assert_string_equal(node(c, POL0 "scaling_min_freq"), "115200");
    assert_int_equal(set(c, TUNE_T_CPU_MIN_KHZ, 6, 0, 115200), ENODEV);
}

static void test_gpu_and_emc(void **state) {
    Ctx *c = *state;
    assert_int_equal(set(c, TUNE_T_GPU_MAX_HZ, 0, 0, 612000000), 0);
    assert_string_equal(node(c, GPU "max_freq"), "612000000");
    assert_int_equal(set(c, TUNE_T_GPU_MAX_HZ, 0, 0, 600000000), EINVAL);
    assert_int_equal(set(c, TUNE_T_GPU_MIN_HZ, 0, 0, 714000000), ERANGE);
    assert_int_equal(set(c, TUNE_T_GPU_MIN_HZ, 1, 0, 306000000), ENODEV); /* one GPU */
    assert_int_equal(set(c, TUNE_T_EMC_CAP_HZ, 0, 0, 2133000000), 0);
    assert_string_equal(node(c, EMC_CAP), "2133000000");
    assert_int_equal(set(c, TUNE_T_EMC_CAP_HZ, 0, 0, 5000000000), EINVAL); /* above max_rate */
    assert_int_equal(set(c, TUNE_T_EMC_CAP_HZ, 0, 0, 100000000), EINVAL);  /* below min_rate */
}

static void test_cpuidle(void **state) {
    Ctx *c = *state;
    assert_int_equal(set(c, TUNE_T_CPUIDLE_DISABLE, 2, 1, 1), 0);
    assert_string_equal(node(c, CPU "cpu2/cpuidle/state1/disable"), "1");
    assert_string_equal(node(c, CPU "cpu3/cpuidle/state1/disable"), "0");
    assert_int_equal(set(c, TUNE_T_CPUIDLE_DISABLE, TUNE_ALL, 0, 1), 0);
    for (int cpu = 0; cpu < 6; cpu++) {
        char p[96];
        snprintf(p, sizeof p, CPU "cpu%d/cpuidle/state0/disable", cpu);
        assert_string_equal(node(c, p), "1");
    }
    assert_int_equal(set(c, TUNE_T_CPUIDLE_DISABLE, 2, 7, 1), ENODEV);
    assert_int_equal(set(c, TUNE_T_CPUIDLE_DISABLE, TUNE_ALL, 7, 1), ENODEV);
    assert_int_equal(set(c, TUNE_T_CPUIDLE_DISABLE, 2, 1, 3), EINVAL);
    assert_int_equal(helper_journal_count(c->h), 7);
}

static void test_fan(void **state) {
    Ctx *c = *state;
    assert_int_equal(set(c, TUNE_T_FAN_PWM, 0, 0, 256), EINVAL);
    assert_int_equal(set(c, TUNE_T_FAN_PWM, 0, 0, -1), EINVAL);
    /* zones at ~50 C, lowest trip 70 C: not near, so a low PWM is fine */
    assert_int_equal(set(c, TUNE_T_FAN_PWM, 0, 0, 30), 0);
    assert_string_equal(node(c, PWM), "30");
    /* the tj zone's governor would write pwm1 again: it is held with user_space */
    assert_string_equal(node(c, TJ_POL), "user_space");
    assert_int_equal(req(c, TUNE_OP_GET, TUNE_T_FAN_MODE, 0, 0, 0).value, TUNE_FAN_MANUAL);
    /* 65 C is within 10 C of cpu-thermal's 70 C trip: below the floor (80) is refused */
    assert_int_equal(fixture_put(&c->hx.fx, ZONE0 "temp", "65000\n"), 0);
    TuneReply r = req(c, TUNE_OP_SET, TUNE_T_FAN_PWM, 0, 0, 40);
    assert_int_equal(r.err, EAGAIN);
    assert_int_equal(r.aux, HELPER_FAN_FLOOR_PWM);
    assert_string_equal(node(c, PWM), "30");
    assert_int_equal(set(c, TUNE_T_FAN_PWM, 0, 0, 120), 0);
    /* back to automatic: the PWM the controller had set, and nothing left to restore */
    assert_int_equal(set(c, TUNE_T_FAN_MODE, 0, 0, TUNE_FAN_AUTO), 0);
    assert_string_equal(node(c, PWM), "69");
    assert_string_equal(node(c, TJ_POL), "step_wise"); /* the governor has the fan again */
    assert_int_equal(req(c, TUNE_OP_GET, TUNE_T_FAN_MODE, 0, 0, 0).value, TUNE_FAN_AUTO);
    assert_int_equal(helper_journal_count(c->h), 0);
    assert_int_equal(set(c, TUNE_T_FAN_MODE, 0, 0, 2), EINVAL);
}

/* While nvfancontrol runs a manual PWM would not hold (it rewrites pwm1 every few seconds),
 * and only systemctl stops it: the helper refuses and says what to run. */
static void test_fan_nvfancontrol(void **state) {
    Ctx *c = *state;
    TuneReply r = req(c, TUNE_OP_SET, TUNE_T_FAN_PWM, 0, 0, 200);
    assert_int_equal(r.err, EBUSY);
    assert_string_equal(node(c, PWM), "69");
    assert_string_equal(node(c, TJ_POL), "step_wise");
    assert_int_equal(helper_journal_count(c->h), 0);
    char msg[256];
    tunemsg_explain(TUNE_T_FAN_PWM, EBUSY, 0, msg, sizeof msg);
    assert_non_null(strstr(msg, "nvfancontrol drives the fan: stop it with `sudo systemctl stop "
                                "nvfancontrol` to set PWM by hand"));
    /* automatic is what it has: nothing to do */
    assert_int_equal(set(c, TUNE_T_FAN_MODE, 0, 0, TUNE_FAN_AUTO), 0);
    /* stopped: the write goes through and --restore hands the fan back */
    assert_int_equal(fixture_remove(&c->hx.fx, NVFAN), 0);
    assert_int_equal(set(c, TUNE_T_FAN_PWM, 0, 0, 200), 0);
    assert_string_equal(node(c, TJ_POL), "user_space");
    assert_int_equal(req(c, TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0).value, 2);
    assert_string_equal(node(c, PWM), "69");
    assert_string_equal(node(c, TJ_POL), "step_wise");
}

static void test_radio_usb_thp_vm(void **state) {
    Ctx *c = *state;
    assert_int_equal(set(c, TUNE_T_RADIO_BLOCK, 1, 0, 1), 0);
    assert_string_equal(node(c, RFKILL1), "1");
    assert_int_equal(set(c, TUNE_T_RADIO_BLOCK, 7, 0, 1), ENODEV);
    assert_int_equal(set(c, TUNE_T_RADIO_BLOCK, 0, 0, 2), EINVAL);
    uint32_t id;
    assert_int_equal(proto_usb_id_parse("1-3", &id), 0);
    assert_int_equal(set(c, TUNE_T_USB_POWER, id, 0, TUNE_USB_AUTO), 0);
    assert_string_equal(node(c, "sys/bus/usb/devices/1-3/power/control"), "auto");
    assert_int_equal(proto_usb_id_parse("1-4", &id), 0);
    assert_int_equal(set(c, TUNE_T_USB_POWER, id, 0, TUNE_USB_ON), ENODEV);
    assert_int_equal(set(c, TUNE_T_THP_ENABLED, 0, 0, TUNE_THP_NEVER), 0);
    assert_string_equal(node(c, "sys/kernel/mm/transparent_hugepage/enabled"), "never");
    assert_int_equal(req(c, TUNE_OP_GET, TUNE_T_THP_ENABLED, 0, 0, 0).value, TUNE_THP_NEVER);
    assert_int_equal(set(c, TUNE_T_VM_SWAPPINESS, 0, 0, 10), 0);
    assert_string_equal(node(c, "proc/sys/vm/swappiness"), "10");
    assert_int_equal(set(c, TUNE_T_VM_SWAPPINESS, 0, 0, 201), EINVAL);
    assert_int_equal(set(c, TUNE_T_VM_DIRTY_RATIO, 0, 0, 101), EINVAL);
    assert_int_equal(set(c, TUNE_T_VM_DIRTY_BG_RATIO, 0, 0, 5), 0);
    assert_string_equal(node(c, "proc/sys/vm/dirty_background_ratio"), "5");
}

static void test_nvpmodel(void **state) {
    Ctx *c = *state;
    TuneReply r = req(c, TUNE_OP_SET, TUNE_T_NVPMODEL, 0, 0, 7);
    assert_int_equal(r.err, EINVAL); /* not a mode of etc/nvpmodel.conf */
    assert_int_equal(r.aux, 7);
    /* the power mode has one instance: another index or sub would be a second journal key
     * for the same node, one restore never finds (found by fuzz_session) */
    assert_int_equal(set(c, TUNE_T_NVPMODEL, 0, 3, 0), ENODEV);
    assert_int_equal(set(c, TUNE_T_NVPMODEL, 1, 0, 0), ENODEV);
    assert_int_equal(req(c, TUNE_OP_GET, TUNE_T_NVPMODEL, 0, 2, 0).err, ENODEV);
    assert_string_equal(node(c, NVP_STAT), "pmode:0001");
    assert_int_equal(helper_journal_count(c->h), 0);
    assert_int_equal(set(c, TUNE_T_NVPMODEL, 0, 0, 0), 0);
    assert_string_equal(node(c, NVP_STAT), "pmode:0000");
    assert_non_null(strstr(journal_text(c), "\nnvpmodel 0 0 1\n"));
    /* fixed argv, no shell, minimal environment, stdin /dev/null */
    assert_string_equal(node(c, "var/lib/nvpmodel/test.args"), "2 -m 0");
    const char *env = slurp_static(fixture_path(&c->hx.fx, "var/lib/nvpmodel/test.env"));
    assert_non_null(strstr(env, "PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
    assert_null(strstr(env, "JTUNE_SOURCE_DIR")); /* nothing of the caller's environment */
    /* a mode that wants a reboot: refused, nothing changed */
    r = req(c, TUNE_OP_SET, TUNE_T_NVPMODEL, 0, 0, 2);
    assert_int_equal(r.err, ECANCELED);
    assert_int_equal(r.aux, 2);
    assert_string_equal(node(c, NVP_STAT), "pmode:0000");
    assert_int_equal(req(c, TUNE_OP_GET, TUNE_T_NVPMODEL, 0, 0, 0).value, 0);
    r = req(c, TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0);
    assert_int_equal(r.err, 0);
    assert_string_equal(node(c, NVP_STAT), "pmode:0001");
}

static void test_restore_everything(void **state) {
    Ctx *c = *state;
    char *before = helperfx_snapshot(&c->hx);
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 5, 0, 0), 0);
    /* min raised to the old max, then max raised, then min again: restoring the max first
     * would put it below the raised min, so restore needs a second pass */
    assert_int_equal(set(c, TUNE_T_CPU_MIN_KHZ, 0, 0, 1344000), 0);
    assert_int_equal(set(c, TUNE_T_CPU_MAX_KHZ, 0, 0, 1497600), 0);
    assert_int_equal(set(c, TUNE_T_CPU_MIN_KHZ, 0, 0, 1497600), 0);
    assert_int_equal(set(c, TUNE_T_CPU_GOVERNOR, 0, 0, TUNE_GOV_PERFORMANCE), 0);
    assert_int_equal(set(c, TUNE_T_GPU_MAX_HZ, 0, 0, 408000000), 0);
    assert_int_equal(set(c, TUNE_T_EMC_CAP_HZ, 0, 0, 665600000), 0);
    assert_int_equal(set(c, TUNE_T_CPUIDLE_DISABLE, TUNE_ALL, 1, 1), 0);
    assert_int_equal(set(c, TUNE_T_FAN_PWM, 0, 0, 255), 0);
    assert_int_equal(set(c, TUNE_T_RADIO_BLOCK, 0, 0, 1), 0);
    assert_int_equal(set(c, TUNE_T_THP_ENABLED, 0, 0, TUNE_THP_ALWAYS), 0);
    assert_int_equal(set(c, TUNE_T_VM_SWAPPINESS, 0, 0, 100), 0);
    assert_int_equal(set(c, TUNE_T_NVPMODEL, 0, 0, 0), 0);
    char *changed = helperfx_snapshot(&c->hx);
    assert_non_null(helperfx_snapshot_diff(before, changed));
    TuneReply r = req(c, TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0);
    assert_int_equal(r.err, 0);
    /* 11 single nodes + the tj zone's policy (held for the manual PWM) + state1 on 6 cores +
     * 8 the mode switch may change (cpu1-4 online, policy4 governor/min/max, GPU min) */
    assert_int_equal(r.value, 26);
    assert_int_equal(r.aux, 0);
    /* THP: the kernel lists every choice with the current one bracketed; a fixture's plain
     * file holds just the word written. Check the word, then render it as the kernel would. */
    assert_string_equal(node(c, "sys/kernel/mm/transparent_hugepage/enabled"), "madvise");
    assert_int_equal(req(c, TUNE_OP_GET, TUNE_T_THP_ENABLED, 0, 0, 0).value, TUNE_THP_MADVISE);
    fixture_put(&c->hx.fx, "sys/kernel/mm/transparent_hugepage/enabled",
                "always [madvise] never\n");
    char *after = helperfx_snapshot(&c->hx);
    const char *diff = helperfx_snapshot_diff(before, after);
    if (diff) {
        fail_msg("tree not restored:\n%s", diff);
    }
    char p[PATH_MAX + 16];
    snprintf(p, sizeof p, "%s", helperfx_journal_path(c->hx.state, c->hx.fx.root, "journal"));
    assert_int_equal(access(p, F_OK), -1); /* an empty journal is no file */
    assert_int_equal(req(c, TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0).value, 0);
    free(before);
    free(changed);
    free(after);
}

static void test_keep(void **state) {
    Ctx *c = *state;
    assert_int_equal(set(c, TUNE_T_CPU_MAX_KHZ, 4, 0, 960000), 0);
    TuneReply r = req(c, TUNE_OP_KEEP, TUNE_T_NONE, 0, 0, 0);
    assert_int_equal(r.err, 0);
    assert_int_equal(r.value, 1);
    assert_int_equal(helper_journal_count(c->h), 0);
    assert_int_equal(req(c, TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0).value, 0);
    assert_string_equal(node(c, POL4 "scaling_max_freq"), "960000");
    /* a later change journals the kept value as the new original */
    assert_int_equal(set(c, TUNE_T_CPU_MAX_KHZ, 4, 0, 729600), 0);
    assert_non_null(strstr(journal_text(c), "\ncpu_max_khz 4 0 960000\n"));
}

static void test_transactions(void **state) {
    Ctx *c = *state;
    /* a failing SET rolls back everything since begin */
    assert_int_equal(req(c, TUNE_OP_TXN_BEGIN, TUNE_T_NONE, 0, 0, 0).err, 0);
    assert_int_equal(req(c, TUNE_OP_TXN_BEGIN, TUNE_T_NONE, 0, 0, 0).err, EBUSY);
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 5, 0, 0), 0);
    assert_int_equal(set(c, TUNE_T_CPU_MAX_KHZ, 0, 0, 960000), 0);
    assert_string_equal(node(c, POL0 "scaling_max_freq"), "960000");
    TuneReply r = req(c, TUNE_OP_SET, TUNE_T_GPU_MAX_HZ, 0, 0, 1);
    assert_int_equal(r.err, EINVAL);
    assert_true(r.flags & TUNE_RF_ROLLED_BACK);
    assert_string_equal(node(c, CPU "cpu5/online"), "1");
    assert_string_equal(node(c, POL0 "scaling_max_freq"), "1344000");
    assert_int_equal(helper_journal_count(c->h), 0);
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 4, 0, 0), ECANCELED);
    assert_string_equal(node(c, CPU "cpu4/online"), "1");
    assert_int_equal(req(c, TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0).err, EBUSY);
    r = req(c, TUNE_OP_TXN_COMMIT, TUNE_T_NONE, 0, 0, 0);
    assert_int_equal(r.err, EINVAL);
    assert_true(r.flags & TUNE_RF_ROLLED_BACK);
    /* abort */
    assert_int_equal(req(c, TUNE_OP_TXN_BEGIN, TUNE_T_NONE, 0, 0, 0).err, 0);
    assert_int_equal(set(c, TUNE_T_RADIO_BLOCK, 0, 0, 1), 0);
    assert_int_equal(req(c, TUNE_OP_TXN_ABORT, TUNE_T_NONE, 0, 0, 0).err, 0);
    assert_string_equal(node(c, "sys/devices/virtual/rfkill/rfkill0/soft"), "0");
    /* commit keeps every change, journaled */
    assert_int_equal(req(c, TUNE_OP_TXN_BEGIN, TUNE_T_NONE, 0, 0, 0).err, 0);
    assert_int_equal(set(c, TUNE_T_RADIO_BLOCK, 0, 0, 1), 0);
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 5, 0, 0), 0);
    assert_int_equal(req(c, TUNE_OP_TXN_COMMIT, TUNE_T_NONE, 0, 0, 0).err, 0);
    assert_string_equal(node(c, "sys/devices/virtual/rfkill/rfkill0/soft"), "1");
    assert_string_equal(node(c, CPU "cpu5/online"), "0");
    assert_int_equal(helper_journal_count(c->h), 2);
    assert_int_equal(req(c, TUNE_OP_TXN_COMMIT, TUNE_T_NONE, 0, 0, 0).err, EINVAL);
}

static Helper *open_helper_in(const char *root, const char *state_dir, int expect_rc) {
    HelperConfig cfg;
    helper_config_init(&cfg);
    cfg.root = root;
    cfg.state_dir = state_dir;
    Helper *h = NULL;
    char err[512] = "";
    int rc = helper_open(&h, &cfg, err, sizeof err);
    if (rc != expect_rc) {
        fail_msg("helper_open: %d (%s), expected %d", rc, err, expect_rc);
    }
    return h;
}

static void test_journal_survives_and_locks(void **state) {
    Ctx *c = *state;
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 5, 0, 0), 0);
    assert_int_equal(set(c, TUNE_T_FAN_PWM, 0, 0, 200), 0);
    /* one session per board, whatever its state directory */
    open_helper(c, c->hx.fx.root, -EBUSY);
    char other_state[] = "/tmp/jtune-state2-XXXXXX";
    assert_non_null(mkdtemp(other_state));
    open_helper_in(c->hx.fx.root, other_state, -EBUSY);
    /* another board at the same time, in the same state directory: its own journal */
    Fixture other;
    assert_int_equal(fixture_load(&other, "orin-nano-super.tree"), 0);
    Helper *h2 = open_helper_in(other.root, c->hx.state, 0);
    assert_int_equal(helper_journal_count(h2), 0);
    helper_close(h2);
    h2 = open_helper_in(other.root, other_state, 0);
    helper_close(h2);
    fixture_cleanup(&other);
    rm_rf(other_state);
    helper_close(c->h); /* as after a crash: the journal stays */
    c->h = open_helper(c, c->hx.fx.root, 0);
    TuneReply hello;
    helper_hello(c->h, &hello);
    assert_int_equal(hello.aux, 3); /* cpu5, the PWM and the tj zone's policy */
    assert_int_equal(req(c, TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0).value, 3);
    assert_string_equal(node(c, CPU "cpu5/online"), "1");
    assert_string_equal(node(c, PWM), "69");
}

/* A restore that fails for one node says so (err, restored, failed) and keeps that entry. */
static void test_partial_restore_reply(void **state) {
    Ctx *c = *state;
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 5, 0, 0), 0);
    assert_int_equal(set(c, TUNE_T_RADIO_BLOCK, 1, 0, 1), 0);
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", fixture_path(&c->hx.fx, CPU "cpu5/online"));
    assert_int_equal(unlink(p), 0);
    assert_int_equal(symlink("/proc/self/nonexistent", p), 0);
    TuneReply r = req(c, TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0);
    assert_int_not_equal(r.err, 0);
    assert_int_equal(r.value, 1); /* the radio */
    assert_int_equal(r.aux, 1);   /* the core */
    assert_int_equal(helper_journal_count(c->h), 1);
    assert_non_null(strstr(journal_text(c), "\ncpu_online 5 0 1\n"));
    assert_string_equal(node(c, RFKILL1), "0");
}

static void test_corrupt_journal_set_aside(void **state) {
    Ctx *c = *state;
    helper_close(c->h);
    char p[PATH_MAX + 16];
    snprintf(p, sizeof p, "%s", helperfx_journal_path(c->hx.state, c->hx.fx.root, "journal"));
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("jtune-journal 1\nroot /x\ncpu_online five 0 1\n", f);
    fclose(f);
    c->h = open_helper(c, c->hx.fx.root, 0);
    TuneReply hello;
    helper_hello(c->h, &hello);
    assert_true(hello.flags & TUNE_RF_JOURNAL_BAD);
    assert_int_equal(hello.aux, 0);
    snprintf(p, sizeof p, "%s", helperfx_journal_path(c->hx.state, c->hx.fx.root, "journal.bad"));
    assert_non_null(strstr(slurp_static(p), "five"));
}

/* A journal (edited by hand) whose power-mode entry names an instance the mode does not have:
 * restore puts everything else back and reports that entry as failed, kept on record - never
 * "success" with an entry silently left behind (found by fuzz_journal_io). */
static void test_restore_reports_odd_mode_entry(void **state) {
    Ctx *c = *state;
    helper_close(c->h);
    char p[PATH_MAX + 16];
    snprintf(p, sizeof p, "%s", helperfx_journal_path(c->hx.state, c->hx.fx.root, "journal"));
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fprintf(f, "jtune-journal 1\nroot %s\nnvpmodel 0 3 0\ncpu_max_khz 4 0 960000\n", c->hx.fx.root);
    fclose(f);
    c->h = open_helper(c, c->hx.fx.root, 0);
    TuneReply r = req(c, TUNE_OP_RESTORE, TUNE_T_NONE, 0, 0, 0);
    assert_int_equal(r.err, ENODEV);
    assert_int_equal(r.value, 1); /* the CPU maximum went back */
    assert_int_equal(r.aux, 1);   /* the odd entry stays on record */
    assert_string_equal(node(c, POL4 "scaling_max_freq"), "960000");
    assert_string_equal(node(c, NVP_STAT), "pmode:0001");
    assert_non_null(strstr(journal_text(c), "\nnvpmodel 0 3 0\n"));
}

/* A FIFO named journal must not hang the helper: it is set aside like an unreadable one. */
static void test_fifo_journal_set_aside(void **state) {
    Ctx *c = *state;
    helper_close(c->h);
    const char *p = helperfx_journal_path(c->hx.state, c->hx.fx.root, "journal");
    assert_int_equal(mkfifo(p, 0600), 0);
    c->h = open_helper(c, c->hx.fx.root, 0); /* returns: does not block on the FIFO */
    TuneReply hello;
    helper_hello(c->h, &hello);
    assert_true(hello.flags & TUNE_RF_JOURNAL_BAD);
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 5, 0, 0), 0); /* a fresh journal works */
}

/* A link planted in the tree must never lead a write outside its base. */
static void test_planted_symlinks(void **state) {
    Ctx *c = *state;
    char victim[PATH_MAX + 16];
    snprintf(victim, sizeof victim, "%s/victim", c->hx.state);
    FILE *f = fopen(victim, "w");
    assert_non_null(f);
    fputs("untouched\n", f);
    fclose(f);
    /* an absolute link to a file outside the root */
    assert_int_equal(fixture_remove(&c->hx.fx, CPU "cpu5/online"), 0);
    assert_int_equal(symlink(victim, fixture_path(&c->hx.fx, CPU "cpu5/online")), 0);
    assert_int_equal(set(c, TUNE_T_CPU_ONLINE, 5, 0, 0), EXDEV);
    /* a relative link climbing out of sys/ (to a file inside the root, but outside the base) */
    assert_int_equal(fixture_remove(&c->hx.fx, "sys/class/rfkill/rfkill1"), 0);
    assert_int_equal(symlink("../../../etc", fixture_path(&c->hx.fx, "sys/class/rfkill/rfkill1")),
                     0);
    assert_int_equal(fixture_put(&c->hx.fx, "etc/soft", "0\n"), 0);
    assert_int_equal(set(c, TUNE_T_RADIO_BLOCK, 1, 0, 1), EXDEV);
    assert_string_equal(node(c, "etc/soft"), "0");
    /* a link out of proc/sys */
    assert_int_equal(fixture_remove(&c->hx.fx, "proc/sys/vm/swappiness"), 0);
    assert_int_equal(symlink(victim, fixture_path(&c->hx.fx, "proc/sys/vm/swappiness")), 0);
    assert_int_equal(set(c, TUNE_T_VM_SWAPPINESS, 0, 0, 1), EXDEV);
    assert_string_equal(slurp_static(victim), "untouched\n");
    assert_int_equal(helper_journal_count(c->h), 0);
}

static void test_get(void **state) {
    Ctx *c = *state;
    TuneReply r = req(c, TUNE_OP_GET, TUNE_T_CPU_MAX_KHZ, 4, 0, 0);
    assert_int_equal(r.err, 0);
    assert_int_equal(r.value, 1344000);
    assert_int_equal(req(c, TUNE_OP_GET, TUNE_T_CPU_GOVERNOR, 0, 0, 0).value, TUNE_GOV_SCHEDUTIL);
    assert_int_equal(req(c, TUNE_OP_GET, TUNE_T_NVPMODEL, 0, 0, 0).value, 1);
    assert_int_equal(req(c, TUNE_OP_GET, TUNE_T_EMC_CAP_HZ, 0, 0, 0).value, 3199000000);
    assert_int_equal(req(c, TUNE_OP_GET, TUNE_T_CPU_ONLINE, 42, 0, 0).err, ENODEV);
}

static void test_absent_parts(void **state) {
    Ctx *c = *state;
    helper_close(c->h);
    assert_int_equal(fixture_remove(&c->hx.fx, "sys/kernel/nvpmodel_clk_cap"), 0);
    assert_int_equal(fixture_remove(&c->hx.fx, "sys/class/devfreq/17000000.gpu"), 0);
    assert_int_equal(fixture_remove(&c->hx.fx, "usr/sbin/nvpmodel"), 0);
    c->h = open_helper(c, c->hx.fx.root, 0);
    assert_int_equal(set(c, TUNE_T_EMC_CAP_HZ, 0, 0, 2133000000), ENODEV);
    assert_int_equal(set(c, TUNE_T_GPU_MAX_HZ, 0, 0, 612000000), ENODEV);
    assert_int_equal(set(c, TUNE_T_NVPMODEL, 0, 0, 0), ENODEV);
    assert_int_equal(helper_journal_count(c->h), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cpu_online, setup, teardown),
        cmocka_unit_test_setup_teardown(test_governor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpu_freq, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gpu_and_emc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpuidle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fan_nvfancontrol, setup_nvfan, teardown),
        cmocka_unit_test_setup_teardown(test_radio_usb_thp_vm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nvpmodel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_journal_survives_and_locks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_restore_reply, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_journal_set_aside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_journal_set_aside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_reports_odd_mode_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_symlinks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_absent_parts, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
