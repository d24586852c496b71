/* SPDX-License-Identifier: MIT */
/* audit: the low-power checklist on simulated trees - every item passes on a tree prepared to
 * pass and fails (with its evidence) on one prepared to fail; the performance target makes
 * the low-power-only items n/a; the fix keys change the tree through the helper (journaled:
 * a restore brings the failures back); the parsers behind the evidence. */
#include <errno.h>
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
#include "helperfx.h"
#include "jtune/app/profiles.h"
#include "jtune/platform/fileio.h"
#include "jtune/conf/auditread.h"
#include "jtune/platform/jetson/knobstate.h"
#include "jtune/platform/jetson/wakeaudit.h"
#include "simtest.h"

#define CPU "sys/devices/system/cpu"
#define GPU "sys/class/devfreq/17000000.gpu"
#define EMC "sys/kernel/debug/bpmp/debug/clk/emc"

/* ---- parsers ---- */

/* The process facts: status and stat fields, the ranking, the daemon names. */
static void test_wakeaudit_parsers(void **state) {
    (void)state;
    int64_t v;
    assert_int_equal(wakeaudit_parse_vcsw("Name:\tx\nvoluntary_ctxt_switches:\t123\n"
                                          "nonvoluntary_ctxt_switches:\t9\n",
                                          &v),
                     0);
    assert_int_equal(v, 123);
    assert_int_equal(wakeaudit_parse_vcsw("nonvoluntary_ctxt_switches:\t9\n", &v), -EINVAL);
    /* a comm with spaces and ')' */
    assert_int_equal(wakeaudit_parse_start("42 (a) b (c) S 1 42 42 0 -1 4194560 1 0 0 0 1 2 0 0 "
                                           "20 0 1 0 9500 1000 10\n",
                                           &v),
                     0);
    assert_int_equal(v, 9500);
    assert_int_equal(wakeaudit_parse_start("42 (short) S 1 2 3\n", &v), -EINVAL);
    AuditEvidence e;
    memset(&e, 0, sizeof e);
    static const int64_t rates[] = {5, 300, 1, 70, 900, 2};
    for (int i = 0; i < 6; i++) {
        wakeaudit_rank(&e, 100 + i, "p", rates[i]);
    }
    assert_int_equal(e.n_wake, AUDIT_MAX_WAKE);
    assert_int_equal(e.wake[0].per_s, 900);
    assert_int_equal(e.wake[0].pid, 104);
    assert_int_equal(e.wake[1].per_s, 300);
    assert_int_equal(e.wake[2].per_s, 70);
    assert_int_equal(e.wake[3].per_s, 5);
    assert_string_equal(audit_daemon_unit("cupsd"), "cups");
    assert_string_equal(audit_daemon_unit("bluetoothd"), "bluetooth");
    assert_string_equal(audit_daemon_unit("sddm"), "sddm");
    assert_null(audit_daemon_unit("sshd"));
}

static void test_parsers(void **state) {
    (void)state;
    int64_t b;
    assert_int_equal(audit_parse_size("64M", &b), 0);
    assert_int_equal(b, 64LL << 20);
    assert_int_equal(audit_parse_size("1G", &b), 0);
    assert_int_equal(b, 1LL << 30);
    assert_int_equal(audit_parse_size("4096", &b), 0);
    assert_int_equal(b, 4096);
    assert_int_equal(audit_parse_size("12Q", &b), -EINVAL);
    assert_int_equal(audit_parse_size("M", &b), -EINVAL);

    assert_int_equal(auditread_parse_nm("[main]\nplugins=keyfile\n"), -1);
    assert_int_equal(auditread_parse_nm("[connection]\nwifi.powersave = 3\n"), 3);
    assert_int_equal(auditread_parse_nm("[connection]\nwifi.powersave=3\n[connection-x]\n"
                                        "wifi.powersave = 2\n"),
                     2);
    assert_int_equal(auditread_parse_nm("[device]\nwifi.powersave = 2\n"), -1);

    AuditEvidence e = {0};
    e.journal_max_bytes = val_na();
    auditread_parse_journald("[Journal]\n#SystemMaxUse=\nStorage=auto\n", &e);
    assert_false(e.journal_max_bytes.ok);
    auditread_parse_journald("[Journal]\nSystemMaxUse=50M\n", &e);
    assert_int_equal(e.journal_max_bytes.v, 50LL << 20);
    auditread_parse_journald("[Journal]\nStorage=volatile\n", &e);
    assert_true(e.journal_volatile);

    unsigned ch;
    int cur;
    assert_int_equal(knobstate_parse_thp("always [madvise] never\n", 23, &ch, &cur), 0);
    assert_int_equal(ch, 7);
    assert_int_equal(cur, PROF_THP_MADVISE);
    assert_int_equal(knobstate_parse_thp("never\n", 6, &ch, &cur), 0);
    assert_int_equal(ch, 0);
    assert_int_equal(cur, PROF_THP_NEVER);
    assert_int_equal(knobstate_parse_thp("[huge]\n", 7, &ch, &cur), -EINVAL);
}

/* ---- trees ---- */

typedef struct {
    char root[PATH_MAX];
    char xdg[PATH_MAX];
    HelperFx hx; /* only its state directory is used */
    bool have_state;
    TuneClient *tune;
    ProfSession *ps;
    AuditReport rep;
} Fx;

static int setup(void **state) {
    Fx *f = calloc(1, sizeof *f);
    Fixture x;
    if (!f || fixture_mkroot(&x) < 0) {
        free(f);
        return -1;
    }
    snprintf(f->xdg, sizeof f->xdg, "%s", x.root);
    setenv("XDG_CONFIG_HOME", f->xdg, 1);
    if (simtest_build("orin-nano-super", 3, 0, f->root, sizeof f->root) != 0) {
        rm_rf(f->xdg);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    Fx *f = *state;
    profiles_close(f->ps);
    tune_stop(f->tune);
    rm_rf(f->root);
    rm_rf(f->xdg);
    if (f->have_state) {
        rm_rf(f->hx.state);
    }
    free(f);
    return 0;
}

static void put(Fx *f, const char *rel, const char *text) {
    int rc = simtest_write(f->root, rel, text);
    if (rc != 0) {
        fail_msg("cannot write %s: %s", rel, strerror(-rc));
    }
}

/* A new file (and its directory) inside the root. */
static void create(Fx *f, const char *rel, const char *text) {
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/%s", f->root, rel);
    *strrchr(p, '/') = '\0';
    assert_int_equal(fileio_mkdirs(p, 0755), 0);
    p[strlen(p)] = '/';
    assert_int_equal(fileio_write_atomic(p, text, strlen(text), 0644), 0);
}

static void unlink_rel(Fx *f, const char *rel) {
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/%s", f->root, rel);
    assert_int_equal(unlink(p), 0);
}

static void relink(Fx *f, const char *rel, const char *target) {
    char p[PATH_MAX * 2];
    snprintf(p, sizeof p, "%s/%s", f->root, rel);
    assert_int_equal(unlink(p), 0);
    assert_int_equal(symlink(target, p), 0);
}

/* The rfkill entry of the Bluetooth radio ("sys/class/rfkill/rfkill1"). */
static const char *bt_rfkill(Fx *f) {
    static char dir[PATH_MAX];
    assert_int_equal(
        simtest_find(f->root, "sys/class/rfkill", "type", "bluetooth", 0, dir, sizeof dir), 0);
    return dir;
}

static void each_cpu_idle(Fx *f, int state, const char *v) {
    for (int cpu = 0; cpu < 6; cpu++) {
        char p[96];
        snprintf(p, sizeof p, CPU "/cpu%d/cpuidle/state%d/disable", cpu, state);
        put(f, p, v);
    }
}

/* python3 (pid 2217) of the simulated image with this many voluntary context switches. */
static void poller(Fx *f, long long vcsw) {
    char text[256];
    snprintf(text, sizeof text,
             "Name:\tpython3\nState:\tS (sleeping)\nPid:\t2217\nvoluntary_ctxt_switches:\t%lld\n"
             "nonvoluntary_ctxt_switches:\t12\n",
             vcsw);
    put(f, "proc/2217/status", text);
}

/* The stock image fails most items already; make the rest fail, in ways a fix can repair. */
static void prepare_fail(Fx *f) {
    put(f, "var/lib/nvpmodel/status", "pmode:0002\n");
    for (int k = 0; k <= 4; k += 4) {
        char p[96];
        snprintf(p, sizeof p, CPU "/cpufreq/policy%d/scaling_max_freq", k);
        put(f, p, "1728000\n");
        snprintf(p, sizeof p, CPU "/cpufreq/policy%d/scaling_min_freq", k);
        put(f, p, "1728000\n");
    }
    put(f, CPU "/cpufreq/policy0/scaling_governor", "performance\n");
    put(f, GPU "/max_freq", "1020000000\n");
    put(f, GPU "/min_freq", "1020000000\n");
    put(f, "sys/kernel/nvpmodel_clk_cap/emc", "204000000\n");
    each_cpu_idle(f, 1, "1\n");
    create(f, "etc/NetworkManager/conf.d/zz-wifi.conf", "[connection]\nwifi.powersave = 2\n");
    put(f, "sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n");
    poller(f, 1000000); /* python3 (2217): a million wakeups since it started 95 s in */
    /* a kernel thread waking far more often: not a process a user can fix, left out */
    create(f, "proc/14/comm", "rcu_preempt\n");
    create(f, "proc/14/status",
           "Name:\trcu_preempt\nPid:\t14\nPPid:\t2\nvoluntary_ctxt_switches:\t90000000\n");
    create(f, "proc/14/stat",
           "14 (rcu_preempt) I 2 0 0 0 -1 2129984 0 0 0 0 0 900 0 0 20 0 1 0 "
           "12 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 1 "
           "0 0 0 0 0\n");
}

static void prepare_pass(Fx *f) {
    put(f, "var/lib/nvpmodel/status", "pmode:0000\n");
    put(f, CPU "/cpufreq/policy0/scaling_max_freq", "1190400\n");
    put(f, CPU "/cpu4/online", "0\n");
    put(f, CPU "/cpu5/online", "0\n");
    put(f, "sys/kernel/nvpmodel_clk_cap/emc", "2133000000\n");
    relink(f, "etc/systemd/system/default.target", "/lib/systemd/system/multi-user.target");
    unlink_rel(f, "etc/systemd/system/display-manager.service");
    char p[PATH_MAX + 16];
    snprintf(p, sizeof p, "%s/soft", bt_rfkill(f));
    put(f, p, "1\n");
    put(f, "sys/class/net/enP8p1s0/device/power/wakeup", "disabled\n");
    put(f, "sys/bus/usb/devices/1-3/power/control", "auto\n");
    put(f, "proc/mounts",
        "/dev/nvme0n1p1 / ext4 rw,noatime 0 0\n"
        "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n");
    create(f, "etc/systemd/journald.conf.d/size.conf", "[Journal]\nSystemMaxUse=50M\n");
    unlink_rel(f, "etc/systemd/system/multi-user.target.wants/cups.service");
    unlink_rel(f, "etc/systemd/system/multi-user.target.wants/avahi-daemon.service");
    unlink_rel(f, "etc/systemd/system/multi-user.target.wants/ModemManager.service");
    unlink_rel(f, "etc/systemd/system/bluetooth.target.wants/bluetooth.service");
    put(f, "proc/sys/vm/swappiness", "10\n");
    put(f, "proc/sys/vm/dirty_ratio", "10\n");
    put(f, "proc/sys/vm/dirty_background_ratio", "5\n");
    static const char *const daemons[] = {"598", "655", "688", "701", "702"};
    for (size_t i = 0; i < sizeof daemons / sizeof daemons[0]; i++) {
        char dir[64 + PATH_MAX];
        snprintf(dir, sizeof dir, "%s/proc/%s", f->root, daemons[i]);
        rm_rf(dir);
    }
    poller(f, 40); /* well under 50/s since it started */
}

static void audit(Fx *f, int target) {
    if (!f->ps) {
        assert_int_equal(profiles_open(&f->ps, f->root, f->tune), 0);
    }
    assert_int_equal(profiles_audit(f->ps, target, &f->rep), 0);
}

static void print_report(const AuditReport *r) {
    for (int i = 0; i < AUD_COUNT; i++) {
        const AuditItem *it = &r->items[i];
        print_message("  %-4s %-20s %s%s%s%s%s\n", audit_status_name(it->status),
                      audit_name(it->id), it->evidence, it->fix[0] ? "  fix: " : "", it->fix,
                      it->command[0] ? "  run: " : "", it->command);
    }
}

static void expect_all(Fx *f, AuditStatus want) {
    for (int i = 0; i < AUD_COUNT; i++) {
        if (f->rep.items[i].status != want) {
            print_report(&f->rep);
            fail_msg("%s is %s, expected %s", audit_name((AuditId)i),
                     audit_status_name(f->rep.items[i].status), audit_status_name(want));
        }
    }
}

static void expect_evidence(Fx *f, AuditId id, const char *text) {
    if (!strstr(f->rep.items[id].evidence, text)) {
        fail_msg("%s evidence '%s' lacks '%s'", audit_name(id), f->rep.items[id].evidence, text);
    }
}

static void test_every_item_fails(void **state) {
    Fx *f = *state;
    prepare_fail(f);
    audit(f, AUDIT_LOW_POWER);
    expect_all(f, AUDIT_FAIL);
    assert_int_equal(f->rep.n_fail, AUD_COUNT);
    char score[32];
    audit_format_score(&f->rep, score, sizeof score);
    assert_string_equal(score, "0/21 pass");
    expect_evidence(f, AUD_NVP_CAPPED, "mode 2 MAXN_SUPER");
    expect_evidence(f, AUD_CLOCKS_DYNAMIC, "policy0 1728-1728 MHz");
    expect_evidence(f, AUD_CPU_GOVERNOR, "policy0 performance");
    expect_evidence(f, AUD_CPU_PARKED, "online 0-5");
    expect_evidence(f, AUD_GPU_DVFS, "1020-1020 MHz");
    expect_evidence(f, AUD_EMC_DVFS, "cap 204 MHz");
    expect_evidence(f, AUD_IDLE_ENABLED, "c7 disabled on 6 of 6 cores");
    expect_evidence(f, AUD_HEADLESS_TARGET, "default.target -> graphical.target");
    expect_evidence(f, AUD_NO_DISPLAY_MANAGER, "display-manager.service -> gdm3.service");
    expect_evidence(f, AUD_WIFI_POWERSAVE, "2 (disable) in /etc/NetworkManager/conf.d/zz-wifi");
    expect_evidence(f, AUD_BT_BLOCKED, "hci0 on");
    expect_evidence(f, AUD_WOL_OFF, "enP8p1s0 wakeup enabled");
    expect_evidence(f, AUD_USB_AUTOSUSPEND, "1-3 on");
    expect_evidence(f, AUD_NOATIME, "/ rw,relatime");
    expect_evidence(f, AUD_SERVICES, "cups");
    expect_evidence(f, AUD_SERVICES, "bluetooth");
    expect_evidence(f, AUD_THP, "always");
    expect_evidence(f, AUD_VM_SYSCTL, "swappiness 60");
    expect_evidence(f, AUD_WAKEUPS, "python3 (2217)");
    expect_evidence(f, AUD_WAKEUPS, "since start");
    assert_null(strstr(f->rep.items[AUD_WAKEUPS].evidence, "rcu_preempt"));
    expect_evidence(f, AUD_RUNNING_SERVICES, "cupsd (655)");
    expect_evidence(f, AUD_RUNNING_SERVICES, "gdm3 (702)");
    assert_string_equal(f->rep.items[AUD_WAKEUPS].command,
                        "sudo strace -c -f -p 2217 (what it polls; make it block on events or "
                        "sleep longer)");
    assert_non_null(
        strstr(f->rep.items[AUD_RUNNING_SERVICES].command, "sudo systemctl disable --now "));
    assert_non_null(strstr(f->rep.items[AUD_RUNNING_SERVICES].command, " cups"));
    assert_non_null(strstr(f->rep.items[AUD_RUNNING_SERVICES].command, " avahi-daemon"));
    assert_non_null(strstr(f->rep.items[AUD_RUNNING_SERVICES].command, " ModemManager"));
    /* the next audit measures over the interval: still polling, now per interval */
    poller(f, 2000000);
    /* what to run where jtune does not manage the knob */
    assert_string_equal(f->rep.items[AUD_HEADLESS_TARGET].command,
                        "sudo systemctl set-default multi-user.target");
    assert_string_equal(f->rep.items[AUD_NO_DISPLAY_MANAGER].command,
                        "sudo systemctl disable gdm3.service");
    assert_non_null(strstr(f->rep.items[AUD_SERVICES].command,
                           "sudo systemctl disable --now cups avahi-daemon"));
    assert_string_equal(f->rep.items[AUD_WOL_OFF].command, "sudo ethtool -s enP8p1s0 wol d");
    assert_string_equal(f->rep.items[AUD_VM_SYSCTL].fix,
                        "vm.swappiness=10,vm.dirty_ratio=10,vm.dirty_background_ratio=5");
    assert_string_equal(f->rep.items[AUD_CPU_CAPPED].fix, "cpu.max_khz=1190400");
    assert_string_equal(f->rep.items[AUD_NVP_CAPPED].fix, "nvpmodel=1");

    /* a performance target: the low-power goals are not checked */
    audit(f, AUDIT_PERFORMANCE);
    for (int i = 0; i < AUD_COUNT; i++) {
        bool low_power_only = i <= AUD_IDLE_ENABLED;
        assert_int_equal(f->rep.items[i].status, low_power_only ? AUDIT_NA : AUDIT_FAIL);
    }
    assert_int_equal(f->rep.target, AUDIT_PERFORMANCE);
    expect_evidence(f, AUD_WAKEUPS, "last interval");
}

static void test_every_item_passes(void **state) {
    Fx *f = *state;
    prepare_pass(f);
    audit(f, -1); /* no profile in effect: low-power */
    assert_int_equal(f->rep.target, AUDIT_LOW_POWER);
    expect_all(f, AUDIT_PASS);
    char score[32];
    audit_format_score(&f->rep, score, sizeof score);
    assert_string_equal(score, "21/21 pass");
    expect_evidence(f, AUD_JOURNALD, "SystemMaxUse=50 MiB");
    expect_evidence(f, AUD_WIFI_POWERSAVE, "3 (enable)");
    /* Wi-Fi blocked passes without NetworkManager's power save; the EMC lock and a GPU
     * performance governor fail with a command, not a fix */
    put(f, "etc/NetworkManager/conf.d/default-wifi-powersave-on.conf", "[connection]\n");
    put(f, "sys/class/rfkill/rfkill0/soft", "1\n");
    put(f, EMC "/mrq_rate_locked", "1\n");
    put(f, GPU "/governor", "performance\n");
    put(f, "sys/module/usbcore/parameters/autosuspend", "-1\n"); /* off for every device */
    audit(f, AUDIT_LOW_POWER);
    assert_int_equal(f->rep.items[AUD_USB_AUTOSUSPEND].status, AUDIT_FAIL);
    expect_evidence(f, AUD_USB_AUTOSUSPEND, "usbcore.autosuspend=-1");
    assert_non_null(strstr(f->rep.items[AUD_USB_AUTOSUSPEND].command,
                           "echo 2 | sudo tee /sys/module/usbcore/parameters/autosuspend"));
    assert_int_equal(f->rep.items[AUD_WIFI_POWERSAVE].status, AUDIT_PASS);
    expect_evidence(f, AUD_WIFI_POWERSAVE, "Wi-Fi blocked");
    assert_int_equal(f->rep.items[AUD_EMC_DVFS].status, AUDIT_FAIL);
    assert_string_equal(f->rep.items[AUD_EMC_DVFS].fix, "");
    assert_non_null(strstr(f->rep.items[AUD_EMC_DVFS].command, "mrq_rate_locked"));
    assert_int_equal(f->rep.items[AUD_CLOCKS_DYNAMIC].status, AUDIT_FAIL);
    assert_int_equal(f->rep.items[AUD_GPU_DVFS].status, AUDIT_FAIL);
    assert_non_null(strstr(f->rep.items[AUD_GPU_DVFS].command, "nvhost_podgov"));
}

/* The value of a file, trimmed (static). */
static const char *rd(Fx *f, const char *rel) {
    static char buf[256];
    snprintf(buf, sizeof buf, "%s", simtest_read(f->root, rel, NULL));
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

static void start_helper(Fx *f) {
    assert_int_equal(fixture_mkroot(&f->hx.fx), 0);
    snprintf(f->hx.state, sizeof f->hx.state, "%s", f->hx.fx.root);
    f->have_state = true;
    TuneStartOpts o;
    tune_opts_init(&o);
    o.helper_path = helperfx_program("jtune-helper");
    o.root = f->root;
    o.state_dir = f->hx.state;
    assert_int_equal(tune_start(&f->tune, &o), 0);
    assert_true(tune_connected(f->tune));
}

/* Fix item id: it failed, the fix applies, the node moved, the item passes. */
static void fix(Fx *f, AuditId id, const char *rel, const char *want) {
    audit(f, AUDIT_LOW_POWER);
    assert_int_equal(f->rep.items[id].status, AUDIT_FAIL);
    ProfResult res;
    if (profiles_fix(f->ps, &f->rep, id, &res) != 0) {
        fail_msg("fix %s: %s", audit_name(id), res.msg);
    }
    if (strcmp(rd(f, rel), want) != 0) {
        fail_msg("fix %s: %s reads '%s', expected '%s'", audit_name(id), rel, rd(f, rel), want);
    }
    audit(f, AUDIT_LOW_POWER);
    if (f->rep.items[id].status != AUDIT_PASS) {
        print_report(&f->rep);
        fail_msg("%s still fails after its fix", audit_name(id));
    }
}

static void test_fix_keys_change_the_tree(void **state) {
    Fx *f = *state;
    prepare_fail(f);
    start_helper(f);
    /* a cap below a pinned minimum cannot be set: that fix says so and changes nothing */
    audit(f, AUDIT_LOW_POWER);
    ProfResult res;
    assert_int_equal(profiles_fix(f->ps, &f->rep, AUD_CPU_CAPPED, &res), -EAGAIN);
    assert_non_null(strstr(res.msg, "below the current minimum"));
    assert_string_equal(rd(f, CPU "/cpufreq/policy0/scaling_max_freq"), "1728000");
    fix(f, AUD_GPU_DVFS, GPU "/min_freq", "306000000");
    fix(f, AUD_CLOCKS_DYNAMIC, CPU "/cpufreq/policy0/scaling_min_freq", "115200");
    fix(f, AUD_CPU_GOVERNOR, CPU "/cpufreq/policy0/scaling_governor", "schedutil");
    fix(f, AUD_CPU_CAPPED, CPU "/cpufreq/policy0/scaling_max_freq", "1190400");
    fix(f, AUD_CPU_PARKED, CPU "/cpu5/online", "0");
    fix(f, AUD_EMC_DVFS, "sys/kernel/nvpmodel_clk_cap/emc", "3199000000");
    fix(f, AUD_IDLE_ENABLED, CPU "/cpu3/cpuidle/state1/disable", "0");
    char soft[PATH_MAX + 16];
    snprintf(soft, sizeof soft, "%s/soft", bt_rfkill(f));
    fix(f, AUD_BT_BLOCKED, soft, "1");
    fix(f, AUD_USB_AUTOSUSPEND, "sys/bus/usb/devices/1-3/power/control", "auto");
    fix(f, AUD_THP, "sys/kernel/mm/transparent_hugepage/enabled", "madvise");
    fix(f, AUD_VM_SYSCTL, "proc/sys/vm/dirty_background_ratio", "5");
    fix(f, AUD_NVP_CAPPED, "var/lib/nvpmodel/status", "pmode:0001");
    /* items jtune does not manage say what to run instead */
    assert_int_equal(profiles_fix(f->ps, &f->rep, AUD_HEADLESS_TARGET, &res), -ENOENT);
    assert_non_null(strstr(res.msg, "run: sudo systemctl set-default multi-user.target"));
    /* every fix went through the helper's journal: a restore brings the failures back */
    int restored = 0, failed = 0;
    assert_int_equal(tune_restore(f->tune, &restored, &failed), 0);
    assert_true(restored >= 12);
    assert_int_equal(failed, 0);
    poller(f, 5000000); /* the poller kept waking since the last audit */
    audit(f, AUDIT_LOW_POWER);
    expect_all(f, AUDIT_FAIL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parsers),
        cmocka_unit_test(test_wakeaudit_parsers),
        cmocka_unit_test_setup_teardown(test_every_item_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_item_passes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fix_keys_change_the_tree, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
