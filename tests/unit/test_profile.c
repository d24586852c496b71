/* SPDX-License-Identifier: MIT */
/* profile + profplan: parsing profile files and inline lists (errors and warnings with
 * file:line), board families, and resolving against a synthetic board: rounding, order,
 * unsupported values reported and skipped, the nvpmodel prediction, matching. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/conf/profilefile.h"
#include "jtune/core/profile.h"
#include "jtune/core/profplan.h"

/* ---- helpers ---- */

static bool diag_has(const Diag *d, const char *needle) {
    for (int i = 0; i < d->n; i++) {
        if (strstr(d->msg[i], needle)) {
            return true;
        }
    }
    return false;
}

static void print_diag(const Diag *d) {
    for (int i = 0; i < d->n; i++) {
        print_message("  %s\n", d->msg[i]);
    }
}

static int parse(const char *text, Profile *p, Diag *d) {
    profile_init(p, "t", "t.ini");
    memset(d, 0, sizeof *d);
    return profilefile_parse(text, p, d);
}

/* ---- parsing ---- */

static void test_parse_good_file(void **state) {
    (void)state;
    Profile p;
    Diag d;
    const char *text = "; a comment\n"
                       "[profile]\n"
                       "description = Low power\n"
                       "intent = low-power\n"
                       "[settings]\n"
                       "nvpmodel = 15W\n"
                       "cpu.online = 0-3\n"
                       "cpu.governor = powersave\n"
                       "cpu.max_khz = 1200000   ; rounded later\n"
                       "cpu.min_khz = min\n"
                       "gpu.min_hz = max\n"
                       "gpu.max_hz = 612000000\n"
                       "emc.cap_hz = max\n"
                       "cpuidle.disable = c7, c6\n"
                       "fan.pwm = auto\n"
                       "radio.wifi = off\n"
                       "radio.bluetooth = on\n"
                       "usb.autosuspend = on\n"
                       "thp = never\n"
                       "vm.swappiness = 10\n"
                       "vm.dirty_ratio = 15\n"
                       "vm.dirty_background_ratio = 5\n";
    assert_int_equal(parse(text, &p, &d), 0);
    print_diag(&d);
    assert_int_equal(d.n, 0);
    assert_int_equal(p.n, PK_COUNT);
    assert_string_equal(p.description, "Low power");
    assert_int_equal(p.intent, PROF_INTENT_LOW_POWER);
    const ProfSetting *s = profile_find(&p, PK_NVPMODEL);
    assert_int_equal(s->kind, PV_WORD);
    assert_string_equal(s->word, "15W");
    assert_int_equal(s->line, 6);
    assert_int_equal(profile_find(&p, PK_CPU_ONLINE)->mask, 0xf);
    assert_int_equal(profile_find(&p, PK_CPU_MAX_KHZ)->num, 1200000);
    assert_int_equal(profile_find(&p, PK_CPU_MIN_KHZ)->kind, PV_MIN);
    assert_int_equal(profile_find(&p, PK_GPU_MIN_HZ)->kind, PV_MAX);
    assert_int_equal(profile_find(&p, PK_EMC_CAP_HZ)->kind, PV_MAX);
    assert_string_equal(profile_find(&p, PK_CPUIDLE_DISABLE)->word, "c7 c6");
    assert_int_equal(profile_find(&p, PK_FAN_PWM)->kind, PV_AUTO);
    assert_int_equal(profile_find(&p, PK_RADIO_WIFI)->num, 0);
    assert_int_equal(profile_find(&p, PK_RADIO_BLUETOOTH)->num, 1);
    assert_int_equal(profile_find(&p, PK_THP)->num, PROF_THP_NEVER);
    assert_int_equal(profile_find(&p, PK_VM_DIRTY_RATIO)->num, 15);
}

static void test_unknown_keys_warn_with_line(void **state) {
    (void)state;
    Profile p;
    Diag d;
    const char *text = "[settings]\n"
                       "cpu.governor = schedutil\n"
                       "cpu.turbo = on\n"
                       "[extras]\n"
                       "x = 1\n"
                       "y = 2\n"
                       "[profile]\n"
                       "colour = blue\n";
    assert_int_equal(parse(text, &p, &d), 0); /* warnings only */
    print_diag(&d);
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(d.n_warnings, 3);
    assert_true(diag_has(&d, "t.ini:3: warning: unknown setting 'cpu.turbo'"));
    assert_true(diag_has(&d, "t.ini:5: warning: unknown section [extras]"));
    assert_true(diag_has(&d, "t.ini:8: warning: unknown key 'colour' in [profile]"));
    assert_int_equal(p.n, 1);
}

static void test_bad_values_are_errors_with_line(void **state) {
    (void)state;
    static const struct {
        const char *line;
        const char *msg;
    } bad[] = {
        {"cpu.max_khz = fast", "cpu.max_khz: expected kHz, min or max, got 'fast'"},
        {"cpu.max_khz = -5", "cpu.max_khz: expected"},
        {"cpu.online = 0-", "cpu.online: expected a cpu list"},
        {"fan.pwm = 256", "fan.pwm: expected 0-255, max or auto"},
        {"radio.wifi = maybe", "radio.wifi: expected on or off"},
        {"thp = sometimes", "thp: expected always, madvise or never"},
        {"vm.swappiness = 201", "vm.swappiness: expected 0-200"},
        {"emc.cap_hz = min", "emc.cap_hz: expected Hz or max"},
        {"cpu.governor = power save", "cpu.governor: expected a governor name"},
        {"nvpmodel = 15 W", "nvpmodel: expected a mode id or name"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[200];
        snprintf(text, sizeof text, "[settings]\nvm.dirty_ratio = 10\n%s\n", bad[i].line);
        Profile p;
        Diag d;
        assert_int_equal(parse(text, &p, &d), -EINVAL);
        char want[160];
        snprintf(want, sizeof want, "t.ini:3: %s", bad[i].msg);
        if (!diag_has(&d, want)) {
            print_diag(&d);
            fail_msg("'%s' should be reported as '%s'", bad[i].line, want);
        }
        assert_int_equal(p.n, 1); /* the good line stays */
    }
    Profile p;
    Diag d;
    assert_int_equal(parse("[profile]\nintent = fast\n", &p, &d), -EINVAL);
    assert_true(diag_has(&d, "t.ini:2: intent: expected low-power, performance or stock"));
}

static void test_duplicate_key_last_counts(void **state) {
    (void)state;
    Profile p;
    Diag d;
    assert_int_equal(parse("cpu.governor = powersave\ncpu.governor = schedutil\n", &p, &d), 0);
    assert_true(diag_has(&d, "t.ini:2: warning: cpu.governor is also set on line 1"));
    assert_int_equal(p.n, 1);
    assert_string_equal(profile_find(&p, PK_CPU_GOVERNOR)->word, "schedutil");
}

static void test_inline_lists(void **state) {
    (void)state;
    Profile p;
    Diag d = {0};
    profile_init(&p, NULL, NULL);
    assert_true(profile_is_inline("cpu.max_khz=1190400"));
    assert_false(profile_is_inline("cruise"));
    assert_int_equal(profile_parse_inline(
                         " cpu.max_khz = 1190400 ,gpu.max_hz=612000000,cpu.online=0-1,4", &p, &d),
                     0);
    assert_int_equal(d.n, 0);
    assert_int_equal(p.n, 3);
    assert_int_equal(profile_find(&p, PK_CPU_MAX_KHZ)->num, 1190400);
    assert_int_equal(profile_find(&p, PK_GPU_MAX_HZ)->num, 612000000);
    assert_int_equal(profile_find(&p, PK_CPU_ONLINE)->mask, 0x13);
    assert_string_equal(p.name, "<settings>");

    char text[256];
    assert_true(profile_format_inline(&p, text, sizeof text) > 0);
    assert_string_equal(text, "cpu.max_khz=1190400,gpu.max_hz=612000000,cpu.online=0-1,4");

    memset(&d, 0, sizeof d);
    profile_init(&p, NULL, NULL);
    assert_int_equal(profile_parse_inline("cpu.max_khz=1190400,bogus,thp=huge", &p, &d), -EINVAL);
    assert_true(diag_has(&d, "<settings>:1: cpu.max_khz=1190400,bogus") ||
                diag_has(&d, "thp: expected"));
    assert_true(diag_has(&d, "<settings>:2: thp: expected always, madvise or never"));

    memset(&d, 0, sizeof d);
    profile_init(&p, NULL, NULL);
    assert_int_equal(profile_parse_inline("", &p, &d), -ENOENT);
}

static void test_format_roundtrip(void **state) {
    (void)state;
    Profile a, b;
    Diag d;
    const char *text = "cpu.online = all\ncpuidle.disable = none\nfan.pwm = max\nthp = madvise\n"
                       "radio.wifi = off\nnvpmodel = 2\ngpu.min_hz = min\n";
    assert_int_equal(parse(text, &a, &d), 0);
    char list[512];
    assert_true(profile_format_inline(&a, list, sizeof list) > 0);
    profile_init(&b, NULL, NULL);
    assert_int_equal(profile_parse_inline(list, &b, &d), 0);
    assert_int_equal(a.n, b.n);
    for (int i = 0; i < a.n; i++) {
        assert_int_equal(a.s[i].key, b.s[i].key);
        assert_int_equal(a.s[i].kind, b.s[i].kind);
        assert_int_equal(a.s[i].num, b.s[i].num);
        assert_int_equal(a.s[i].mask, b.s[i].mask);
        assert_string_equal(a.s[i].word, b.s[i].word);
    }
}

static void test_family(void **state) {
    (void)state;
    static const struct {
        const char *soc, *module;
        bool super;
        const char *family;
    } cases[] = {
        {"tegra234", "p3767-0005", true, "orin-nano-super"},
        {"tegra234", "p3767-0003", false, "orin-nano"},
        {"tegra234", "p3767-0000", true, "orin-nx-super"},
        {"tegra234", "p3767-0001", false, "orin-nx"},
        {"tegra234", "p3701-0005", false, "agx-orin"},
        {"tegra194", "p3668-0001", false, "xavier-nx"},
        {"tegra194", "p2888-0001", false, ""},
        {"tegra210", "p3448-0000", false, "nano"},
        {"", "", false, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Identity id = {0};
        snprintf(id.soc, sizeof id.soc, "%s", cases[i].soc);
        snprintf(id.module, sizeof id.module, "%s", cases[i].module);
        id.super = cases[i].super;
        assert_string_equal(profile_family(&id), cases[i].family);
    }
}

/* ---- a synthetic board: 6 cores in two clusters (0-3, 4-5), a 4-entry table ---- */

static const int64_t freqs[] = {115200, 729600, 1190400, 1344000, 1728000};

static void board(Inventory *inv, ProfBoard *b) {
    memset(inv, 0, sizeof *inv);
    memset(b, 0, sizeof *b);
    inv->cpu.n_cpus = 6;
    inv->cpu.n_policies = 2;
    for (int cpu = 0; cpu < 6; cpu++) {
        inv->cpu.policy_of[cpu] = cpu < 4 ? 0 : 1;
        inv->cpu.has_online[cpu] = cpu != 0;
        b->cur.cpu[cpu].online = val_of(1);
        for (int k = 0; k < 2; k++) {
            b->cur.idle[cpu][k].disabled = val_of(0);
        }
    }
    for (int k = 0; k < 2; k++) {
        PolicyInfo *pi = &inv->cpu.policies[k];
        pi->first_cpu = k * 4;
        pi->cpus = k ? 0x30 : 0x0f;
        pi->n_freqs = 5;
        memcpy(pi->freqs_khz, freqs, sizeof freqs);
        pi->n_govs = 3;
        snprintf(pi->govs[0], 16, "schedutil");
        snprintf(pi->govs[1], 16, "powersave");
        snprintf(pi->govs[2], 16, "performance");
        b->cur.policy[k].min_khz = val_of(729600);
        b->cur.policy[k].max_khz = val_of(1344000);
        snprintf(b->cur.policy[k].governor, 16, "schedutil");
        b->cur.policy[k].governor_ok = true;
    }
    inv->gpu.present = true;
    inv->gpu.n_freqs = 3;
    inv->gpu.freqs_hz[0] = 306000000;
    inv->gpu.freqs_hz[1] = 612000000;
    inv->gpu.freqs_hz[2] = 918000000;
    b->cur.gpu.min_hz = val_of(306000000);
    b->cur.gpu.max_hz = val_of(918000000);
    inv->emc.has_cap = true;
    inv->emc.min_hz = val_of(204000000);
    inv->emc.max_hz = val_of(3199000000LL);
    b->cur.emc.cap_hz = val_of(3199000000LL);
    inv->idle.n_states = 2;
    snprintf(inv->idle.states[0].name, 16, "WFI");
    snprintf(inv->idle.states[1].name, 16, "c7");
    inv->fan.kind = FAN_HWMON;
    b->cur.fan.pwm = val_of(80);
    snprintf(b->cur.fan.control, sizeof b->cur.fan.control, "nvfancontrol:quiet");
    b->cur.fan.control_ok = true;
    inv->n_radios = 2;
    snprintf(inv->radios[0].type, 16, "wlan");
    snprintf(inv->radios[0].name, JT_NAME, "phy0");
    inv->radios[1].index = 1;
    snprintf(inv->radios[1].type, 16, "bluetooth");
    snprintf(inv->radios[1].name, JT_NAME, "hci0");
    b->cur.radio[0].soft = val_of(0);
    b->cur.radio[1].soft = val_of(0);
    b->inv = inv;
    b->n_usb = 2;
    snprintf(b->usb[0].name, PB_USB_NAME, "1-2");
    b->usb[0].autosuspend = val_of(1);
    snprintf(b->usb[1].name, PB_USB_NAME, "1-3");
    b->usb[1].autosuspend = val_of(0);
    b->thp_choices = 7;
    b->thp = val_of(PROF_THP_MADVISE);
    b->swappiness = val_of(60);
    b->dirty_ratio = val_of(20);
    b->dirty_bg_ratio = val_of(10);
    /* modes: 0 15W (caps 1344000 kHz... predicted), 1 25W (current), 2 MAXN, 3 7W (reboot) */
    static const char *const names[] = {"15W", "25W", "MAXN", "7W"};
    b->n_modes = 4;
    for (int m = 0; m < 4; m++) {
        PbMode *pm = &b->modes[m];
        pm->id = m;
        snprintf(pm->name, sizeof pm->name, "%s", names[m]);
        pm->caps_known = true;
        pm->cores_set = 0x3f;
        pm->cores_online = m == 3 ? 0x0f : 0x3f;
        pm->needs_reboot = m == 3;
        int64_t cpu_max = m == 0 ? 1190400 : m == 1 ? 1344000 : 1728000;
        for (int k = 0; k < 2; k++) {
            pm->pol_min_khz[k] = val_of(729600);
            pm->pol_max_khz[k] = val_of(cpu_max);
        }
        pm->gpu_min_hz = val_of(306000000);
        pm->gpu_max_hz = val_of(m == 0 ? 612000000 : 918000000);
        pm->emc_cap_hz = val_of(m == 0 ? 2133000000 : 3199000000LL);
    }
    b->cur.nvp_mode = val_of(1);
}

static int resolve(const char *text, const ProfBoard *b, ProfPlan *plan, Diag *d) {
    static Profile p;
    profile_init(&p, "t", "t.ini");
    memset(d, 0, sizeof *d);
    assert_int_equal(profilefile_parse(text, &p, d), 0);
    return profplan_resolve(&p, b, plan, d);
}

/* The index of the first step with op (and index when >= 0), or -1. */
static int find_step(const ProfPlan *plan, ProfOp op, int index) {
    for (int i = 0; i < plan->n; i++) {
        if (plan->steps[i].op == op && (index < 0 || plan->steps[i].index == index)) {
            return i;
        }
    }
    return -1;
}

static ProfPlan plan;

static void test_plan_rounds_and_orders(void **state) {
    (void)state;
    Inventory inv;
    ProfBoard b;
    board(&inv, &b);
    Diag d;
    const char *text = "cpuidle.disable = c7\n"
                       "cpu.max_khz = 1200000\n"
                       "cpu.governor = powersave\n"
                       "cpu.online = 0-3\n"
                       "nvpmodel = 15W\n"
                       "gpu.max_hz = 700000000\n";
    assert_int_equal(resolve(text, &b, &plan, &d), 0);
    print_diag(&d);
    assert_int_equal(plan.n_skipped, 0);
    /* nvpmodel first, whatever the file order */
    assert_int_equal(plan.steps[0].op, PO_NVPMODEL);
    assert_int_equal(plan.steps[0].value, 0);
    assert_string_equal(plan.steps[0].from, "1 25W");
    assert_string_equal(plan.steps[0].to, "0 15W");
    /* 1200000 rounds down to 1190400, on cluster 0 only (cluster 1 is parked) */
    int mx = find_step(&plan, PO_CPU_MAX_KHZ, 0);
    assert_true(mx > 0);
    assert_int_equal(plan.steps[mx].value, 1190400);
    assert_string_equal(plan.steps[mx].to, "1190.4 MHz");
    assert_int_equal(find_step(&plan, PO_CPU_MAX_KHZ, 4), -1);
    assert_int_equal(find_step(&plan, PO_CPU_GOVERNOR, 4), -1);
    int gov = find_step(&plan, PO_CPU_GOVERNOR, 0);
    assert_string_equal(plan.steps[gov].arg, "powersave");
    /* park after the cluster settings, cpu4 then cpu5 */
    int p4 = find_step(&plan, PO_CPU_ONLINE, 4), p5 = find_step(&plan, PO_CPU_ONLINE, 5);
    assert_true(p4 > mx && p4 > gov && p5 == p4 + 1);
    assert_int_equal(plan.steps[p4].value, 0);
    assert_int_equal(plan.steps[p5].online_after, 0x0f);
    /* then cpuidle: c7 disabled, WFI kept enabled (unchanged) */
    int c7 = find_step(&plan, PO_CPUIDLE_DISABLE, -1);
    assert_true(c7 > p5);
    assert_int_equal(plan.steps[c7].sub, 0);
    assert_false(plan.steps[c7].change);
    assert_int_equal(plan.steps[c7 + 1].sub, 1);
    assert_true(plan.steps[c7 + 1].change);
    /* GPU 700 MHz rounds down to 612: the 15W mode already leaves it there, so it is kept
     * as a change (the node moves from 918) */
    int g = find_step(&plan, PO_GPU_MAX_HZ, -1);
    assert_int_equal(plan.steps[g].value, 612000000);
    assert_true(plan.steps[g].change);
}

static void test_unsupported_values_are_skipped(void **state) {
    (void)state;
    Inventory inv;
    ProfBoard b;
    board(&inv, &b);
    inv.fan.kind = FAN_NONE;
    inv.n_radios = 1; /* Wi-Fi only */
    Diag d;
    const char *text = "nvpmodel = 7W\n"
                       "cpu.governor = ondemand\n"
                       "cpuidle.disable = c9\n"
                       "fan.pwm = max\n"
                       "radio.bluetooth = off\n"
                       "cpu.online = 1-7\n"
                       "vm.swappiness = 10\n";
    assert_int_equal(resolve(text, &b, &plan, &d), 0);
    print_diag(&d);
    assert_true(diag_has(&d, "t.ini:1: warning: nvpmodel: switching to 7W changes the cores"));
    assert_true(diag_has(&d, "t.ini:2: warning: cpu.governor: governor ondemand is not offered"));
    assert_true(diag_has(&d, "t.ini:3: warning: cpuidle.disable: this board has no cpuidle "
                             "state 'c9': skipped"));
    assert_true(diag_has(&d, "t.ini:4: warning: fan.pwm: this board has no fan: skipped"));
    assert_true(diag_has(&d, "t.ini:5: warning: radio.bluetooth: no bluetooth radio"));
    assert_true(diag_has(&d, "t.ini:6: warning: cpu.online: cpu 6-7 does not exist"));
    assert_true(diag_has(&d, "t.ini:6: warning: cpu.online: cpu0 cannot be parked"));
    assert_int_equal(d.n_errors, 0);
    assert_int_equal(plan.n_skipped, 7 + 1); /* the governor is skipped on both clusters */
    /* what the board can do is still planned */
    assert_int_equal(find_step(&plan, PO_NVPMODEL, -1), -1);
    assert_int_equal(find_step(&plan, PO_FAN_PWM, -1), -1);
    int vm = find_step(&plan, PO_VM_SWAPPINESS, -1);
    assert_true(vm >= 0 && plan.steps[vm].change && plan.steps[vm].value == 10);
    assert_int_equal(find_step(&plan, PO_CPU_ONLINE, 0), -1); /* cpu0 stays */
}

static void test_limits_keep_min_below_max(void **state) {
    (void)state;
    Inventory inv;
    ProfBoard b;
    board(&inv, &b);
    Diag d;
    /* locked clocks (burst): raise max first, then min = max */
    assert_int_equal(
        resolve("cpu.max_khz = max\ncpu.min_khz = max\ngpu.min_hz = max\n", &b, &plan, &d), 0);
    int mx = find_step(&plan, PO_CPU_MAX_KHZ, 0), mn = find_step(&plan, PO_CPU_MIN_KHZ, 0);
    assert_true(mx >= 0 && mn == mx + 1);
    assert_int_equal(plan.steps[mx].value, 1728000);
    assert_int_equal(plan.steps[mn].value, 1728000);
    int gmin = find_step(&plan, PO_GPU_MIN_HZ, -1);
    assert_int_equal(plan.steps[gmin].value, 918000000); /* the maximum in effect */

    /* from locked clocks down below the old minimum: min first */
    for (int k = 0; k < 2; k++) {
        b.cur.policy[k].min_khz = val_of(1728000);
        b.cur.policy[k].max_khz = val_of(1728000);
    }
    assert_int_equal(resolve("cpu.max_khz = 1190400\ncpu.min_khz = 729600\n", &b, &plan, &d), 0);
    mx = find_step(&plan, PO_CPU_MAX_KHZ, 0);
    mn = find_step(&plan, PO_CPU_MIN_KHZ, 0);
    assert_true(mn >= 0 && mx == mn + 1);
    /* only the max, below the minimum: the helper would refuse it, so it is skipped */
    assert_int_equal(resolve("cpu.max_khz = 1190400\n", &b, &plan, &d), 0);
    assert_true(diag_has(&d, "below the current minimum"));
    assert_int_equal(find_step(&plan, PO_CPU_MAX_KHZ, -1), -1);
    /* below the table: the lowest entry, with a warning */
    assert_int_equal(resolve("cpu.min_khz = 1000\ncpu.max_khz = 1344000\n", &b, &plan, &d), 0);
    assert_true(diag_has(&d, "1000 is below the lowest policy0 frequency: using 115200"));
}

static void test_unpark_before_cluster_settings(void **state) {
    (void)state;
    Inventory inv;
    ProfBoard b;
    board(&inv, &b);
    b.cur.cpu[4].online = val_of(0);
    b.cur.cpu[5].online = val_of(0);
    Diag d;
    assert_int_equal(resolve("cpu.governor = performance\ncpu.online = all\n", &b, &plan, &d), 0);
    int u4 = find_step(&plan, PO_CPU_ONLINE, 4), u5 = find_step(&plan, PO_CPU_ONLINE, 5);
    int g4 = find_step(&plan, PO_CPU_GOVERNOR, 4);
    assert_true(u4 >= 0 && u5 > u4 && g4 > u5);
    assert_int_equal(plan.steps[u4].online_after, 0x1f);
    assert_int_equal(plan.steps[u5].online_after, 0x3f);
    /* without cpu.online, a parked cluster is left alone */
    assert_int_equal(resolve("cpu.governor = performance\n", &b, &plan, &d), 0);
    assert_int_equal(find_step(&plan, PO_CPU_GOVERNOR, 4), -1);
    assert_true(find_step(&plan, PO_CPU_GOVERNOR, 0) >= 0);
}

static void test_nvpmodel_moves_nodes(void **state) {
    (void)state;
    Inventory inv;
    ProfBoard b;
    board(&inv, &b);
    Diag d;
    /* the max already reads 1344000, but MAXN will raise it: the write must stay */
    assert_int_equal(resolve("nvpmodel = MAXN\ncpu.max_khz = 1344000\n", &b, &plan, &d), 0);
    int mx = find_step(&plan, PO_CPU_MAX_KHZ, 0);
    assert_true(mx > 0 && plan.steps[mx].change);
    assert_int_equal(plan.n_changes, 3);
    /* without the mode change the same write changes nothing */
    assert_int_equal(resolve("nvpmodel = 25W\ncpu.max_khz = 1344000\n", &b, &plan, &d), 0);
    assert_int_equal(plan.n_changes, 0);
    assert_true(profplan_matches(&plan));
    /* by id, and an unknown mode */
    assert_int_equal(resolve("nvpmodel = 2\n", &b, &plan, &d), 0);
    assert_string_equal(plan.steps[0].to, "2 MAXN");
    assert_int_equal(resolve("nvpmodel = 9\n", &b, &plan, &d), 0);
    assert_true(diag_has(&d, "nvpmodel: no mode '9' in this board's nvpmodel table"));
}

static void test_matching_and_rest(void **state) {
    (void)state;
    Inventory inv;
    ProfBoard b;
    board(&inv, &b);
    Diag d;
    const char *same = "nvpmodel = 25W\ncpu.online = all\ncpu.governor = schedutil\n"
                       "cpu.min_khz = 729600\ncpu.max_khz = 1344000\ngpu.min_hz = min\n"
                       "gpu.max_hz = max\nemc.cap_hz = max\ncpuidle.disable = none\n"
                       "fan.pwm = auto\nradio.wifi = on\nradio.bluetooth = on\nthp = madvise\n"
                       "vm.swappiness = 60\nvm.dirty_ratio = 20\nvm.dirty_background_ratio = 10\n";
    assert_int_equal(resolve(same, &b, &plan, &d), 0);
    print_diag(&d);
    assert_int_equal(d.n, 0);
    assert_true(profplan_matches(&plan));
    /* USB: only the device that is not "auto" yet; radios by type; fan */
    const char *more = "usb.autosuspend = on\nradio.wifi = off\nfan.pwm = 200\nthp = never\n";
    assert_int_equal(resolve(more, &b, &plan, &d), 0);
    int u = find_step(&plan, PO_USB_POWER, -1);
    assert_string_equal(plan.steps[u].arg, "1-3");
    assert_int_equal(plan.steps[u].value, 1);
    assert_int_equal(find_step(&plan, PO_USB_POWER, -1), u);
    int r = find_step(&plan, PO_RADIO_BLOCK, -1);
    assert_int_equal(plan.steps[r].index, 0);
    assert_int_equal(plan.steps[r].value, 1);
    /* nvfancontrol owns the fan: a manual PWM would not hold, the step is skipped with the
     * command that frees the fan */
    assert_int_equal(find_step(&plan, PO_FAN_PWM, -1), -1);
    assert_true(diag_has(&d, "fan.pwm: nvfancontrol drives the fan: stop it with `sudo "
                             "systemctl stop nvfancontrol` to set PWM by hand: skipped"));
    assert_int_equal(plan.n_changes, 3);
    char line[128];
    profplan_format_step(&plan.steps[r], line, sizeof line);
    assert_non_null(strstr(line, "wlan phy0"));
    assert_non_null(strstr(line, "on -> blocked"));
    /* stopped: the kernel's governor, which the helper holds off, so the step is planned */
    snprintf(b.cur.fan.control, sizeof b.cur.fan.control, "kernel");
    assert_int_equal(resolve(more, &b, &plan, &d), 0);
    int f = find_step(&plan, PO_FAN_PWM, -1);
    assert_int_equal(plan.steps[f].value, 200);
    assert_int_equal(plan.n_changes, 4);
    assert_false(diag_has(&d, "nvfancontrol drives the fan"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good_file),
        cmocka_unit_test(test_unknown_keys_warn_with_line),
        cmocka_unit_test(test_bad_values_are_errors_with_line),
        cmocka_unit_test(test_duplicate_key_last_counts),
        cmocka_unit_test(test_inline_lists),
        cmocka_unit_test(test_format_roundtrip),
        cmocka_unit_test(test_family),
        cmocka_unit_test(test_plan_rounds_and_orders),
        cmocka_unit_test(test_unsupported_values_are_skipped),
        cmocka_unit_test(test_limits_keep_min_below_max),
        cmocka_unit_test(test_unpark_before_cluster_settings),
        cmocka_unit_test(test_nvpmodel_moves_nodes),
        cmocka_unit_test(test_matching_and_rest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
