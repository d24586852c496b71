/* SPDX-License-Identifier: MIT */
/* audit: evaluate the low-power checklist from gathered evidence (pure). */
#include "jtune/core/audit.h"

#include "jtune/core/parse.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    const char *title;
} info[AUD_COUNT] = {
    [AUD_NVP_CAPPED] = {"nvp_capped", "nvpmodel mode capped (not MAXN)"},
    [AUD_CLOCKS_DYNAMIC] = {"clocks_dynamic", "clocks not pinned (min < max)"},
    [AUD_CPU_GOVERNOR] = {"cpu_governor", "CPU governor powersave or schedutil"},
    [AUD_CPU_PARKED] = {"cpu_parked", "big cores parked"},
    [AUD_CPU_CAPPED] = {"cpu_capped", "CPU maximum frequency capped"},
    [AUD_GPU_DVFS] = {"gpu_dvfs", "GPU DVFS active"},
    [AUD_EMC_DVFS] = {"emc_dvfs", "EMC DVFS active"},
    [AUD_IDLE_ENABLED] = {"idle_enabled", "deep idle states enabled"},
    [AUD_HEADLESS_TARGET] = {"headless_target", "boots to multi-user.target (headless)"},
    [AUD_NO_DISPLAY_MANAGER] = {"no_display_manager", "no display manager enabled"},
    [AUD_WIFI_POWERSAVE] = {"wifi_powersave", "Wi-Fi blocked or in power save"},
    [AUD_BT_BLOCKED] = {"bt_blocked", "Bluetooth blocked"},
    [AUD_WOL_OFF] = {"wol_off", "Ethernet Wake-on-LAN off"},
    [AUD_USB_AUTOSUSPEND] = {"usb_autosuspend", "USB autosuspend on every device"},
    [AUD_NOATIME] = {"noatime", "root filesystem mounted noatime"},
    [AUD_JOURNALD] = {"journald", "journald size bounded"},
    [AUD_SERVICES] = {"services", "no unneeded services enabled"},
    [AUD_THP] = {"thp", "transparent hugepages not always"},
    [AUD_VM_SYSCTL] = {"vm_sysctl", "vm.swappiness and vm.dirty_* tuned"},
    [AUD_WAKEUPS] = {"wakeups", "no process waking above 50/s"},
    [AUD_RUNNING_SERVICES] = {"running_services", "no unneeded daemons running"},
};

/* Daemons the guides name (cups, avahi, bluetooth, ModemManager, display managers) by their
 * process name, with the unit that starts them on Ubuntu. */
static const struct {
    const char *comm, *unit;
} daemons[] = {
    {"cupsd", "cups"},
    {"cups-browsed", "cups-browsed"},
    {"avahi-daemon", "avahi-daemon"},
    {"bluetoothd", "bluetooth"},
    {"ModemManager", "ModemManager"},
    {"gdm3", "gdm3"},
    {"gdm", "gdm"},
    {"lightdm", "lightdm"},
    {"sddm", "sddm"},
};

const char *audit_daemon_unit(const char *comm) {
    for (size_t i = 0; i < sizeof daemons / sizeof daemons[0]; i++) {
        if (strcmp(daemons[i].comm, comm) == 0) {
            return daemons[i].unit;
        }
    }
    return NULL;
}

static const char *const unneeded[] = {
    "cups.service",         "cups-browsed.service", "avahi-daemon.service", "bluetooth.service",
    "ModemManager.service", "whoopsie.service",     "kerneloops.service",
};

const char *audit_title(AuditId id) {
    return (unsigned)id < AUD_COUNT ? info[id].title : "?";
}

const char *audit_name(AuditId id) {
    return (unsigned)id < AUD_COUNT ? info[id].name : "?";
}

const char *audit_status_name(AuditStatus s) {
    return s == AUDIT_PASS ? "pass" : s == AUDIT_FAIL ? "FAIL" : "n/a";
}

const char *audit_target_name(AuditTarget t) {
    return t == AUDIT_PERFORMANCE ? "performance" : "low-power";
}

const char *const *audit_unneeded_services(int *n) {
    *n = (int)(sizeof unneeded / sizeof unneeded[0]);
    return unneeded;
}

int audit_parse_size(const char *s, int64_t *bytes) {
    size_t len = strlen(s);
    int64_t mult = 1;
    static const char units[] = "KMGTPE";
    const char *u = len ? strchr(units, s[len - 1]) : NULL;
    if (u && *u) {
        for (const char *k = units; k <= u; k++) {
            mult *= 1024;
        }
        len--;
    }
    int64_t v;
    if (parse_i64(s, len, &v) < 0 || v < 0 || v > INT64_MAX / mult) {
        return -EINVAL;
    }
    *bytes = v * mult;
    return 0;
}

/* ---- helpers ---- */

static void say(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(char *out, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, AUDIT_TEXT, fmt, ap);
    va_end(ap);
}

/* Append ", text" (or text when empty) to out. */
static void append(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(char *out, const char *fmt, ...) {
    size_t used = strlen(out);
    if (used + 3 >= AUDIT_TEXT) {
        return;
    }
    if (used) {
        memcpy(out + used, ", ", 3);
        used += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out + used, AUDIT_TEXT - used, fmt, ap);
    va_end(ap);
}

/* Items that only make sense for a low-power target: n/a otherwise. */
static bool not_low_power(AuditTarget t, AuditItem *it) {
    if (t == AUDIT_LOW_POWER) {
        return false;
    }
    it->status = AUDIT_NA;
    say(it->evidence, "not checked for a %s target", audit_target_name(t));
    return true;
}

static bool cpu_online(const ProfBoard *b, int cpu) {
    Val on = b->cur.cpu[cpu].online;
    return !b->inv->cpu.has_online[cpu] || !on.ok || on.v;
}

static bool policy_active(const ProfBoard *b, int k) {
    const PolicyInfo *pi = &b->inv->cpu.policies[k];
    for (int cpu = 0; cpu < b->inv->cpu.n_cpus && cpu < JT_MAX_CPUS; cpu++) {
        if ((pi->cpus & (1ULL << cpu)) && cpu_online(b, cpu)) {
            return true;
        }
    }
    return false;
}

static int mhz(int64_t khz) {
    return (int)((khz + 500) / 1000);
}

/* ---- power mode and clocks ---- */

static bool is_maxn(const char *name) {
    return strncasecmp(name, "MAXN", 4) == 0;
}

static const PbMode *mode_of(const ProfBoard *b, int64_t id) {
    for (int i = 0; i < b->n_modes; i++) {
        if (b->modes[i].id == id) {
            return &b->modes[i];
        }
    }
    return NULL;
}

/* The mode a fix switches to: the default when it is capped and needs no reboot, else the
 * first capped one that needs none. */
static const PbMode *capped_mode(const ProfBoard *b) {
    const PbMode *m = mode_of(b, b->inv->nvp.default_id);
    if (m && !is_maxn(m->name) && !m->needs_reboot) {
        return m;
    }
    for (int i = 0; i < b->n_modes; i++) {
        if (!is_maxn(b->modes[i].name) && !b->modes[i].needs_reboot) {
            return &b->modes[i];
        }
    }
    return NULL;
}

static void chk_nvp(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    const ProfBoard *b = e->b;
    if (not_low_power(t, it)) {
        return;
    }
    const PbMode *m = b->cur.nvp_mode.ok ? mode_of(b, b->cur.nvp_mode.v) : NULL;
    if (!m) {
        it->status = AUDIT_NA;
        say(it->evidence, "%s", b->n_modes ? "current mode unknown" : "no nvpmodel table");
        return;
    }
    say(it->evidence, "mode %d %s", m->id, m->name);
    it->status = is_maxn(m->name) ? AUDIT_FAIL : AUDIT_PASS;
    const PbMode *fix = capped_mode(b);
    if (it->status == AUDIT_FAIL && fix) {
        say(it->fix, "nvpmodel=%d", fix->id);
    }
}

static void chk_clocks(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    const ProfBoard *b = e->b;
    if (not_low_power(t, it)) {
        return;
    }
    bool cpu_pinned = false, gpu_pinned = false;
    for (int k = 0; k < b->inv->cpu.n_policies && k < JT_MAX_POLICIES; k++) {
        const PolicySample *ps = &b->cur.policy[k];
        if (!policy_active(b, k) || !ps->min_khz.ok || !ps->max_khz.ok) {
            continue;
        }
        bool pinned = ps->min_khz.v >= ps->max_khz.v && b->inv->cpu.policies[k].n_freqs > 1;
        cpu_pinned |= pinned;
        append(it->evidence, "policy%d %d-%d MHz", b->inv->cpu.policies[k].first_cpu,
               mhz(ps->min_khz.v), mhz(ps->max_khz.v));
    }
    const GpuSample *g = &b->cur.gpu;
    if (b->inv->gpu.present && g->min_hz.ok && g->max_hz.ok) {
        gpu_pinned = g->min_hz.v >= g->max_hz.v && b->inv->gpu.n_freqs > 1;
        append(it->evidence, "GPU %d-%d MHz", mhz(g->min_hz.v / 1000), mhz(g->max_hz.v / 1000));
    }
    bool emc_locked = e->emc_locked.ok && e->emc_locked.v;
    if (e->emc_locked.ok) {
        append(it->evidence, "EMC %s", emc_locked ? "locked" : "not locked");
    }
    it->status = cpu_pinned || gpu_pinned || emc_locked ? AUDIT_FAIL : AUDIT_PASS;
    if (!it->evidence[0]) {
        it->status = AUDIT_NA;
        say(it->evidence, "no clock limits readable");
    }
    if (cpu_pinned || gpu_pinned) {
        say(it->fix, "%s%s%s", cpu_pinned ? "cpu.min_khz=min" : "",
            cpu_pinned && gpu_pinned ? "," : "", gpu_pinned ? "gpu.min_hz=min" : "");
    }
    if (emc_locked) {
        say(it->command, "echo 0 | sudo tee /sys/kernel/debug/bpmp/debug/clk/emc/mrq_rate_locked");
    }
}

/* ---- CPU ---- */

static void chk_governor(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    const ProfBoard *b = e->b;
    if (not_low_power(t, it)) {
        return;
    }
    bool bad = false, any = false, has_schedutil = false;
    for (int k = 0; k < b->inv->cpu.n_policies && k < JT_MAX_POLICIES; k++) {
        const PolicySample *ps = &b->cur.policy[k];
        if (!policy_active(b, k) || !ps->governor_ok) {
            continue;
        }
        any = true;
        bad |= strcmp(ps->governor, "powersave") != 0 && strcmp(ps->governor, "schedutil") != 0;
        append(it->evidence, "policy%d %s", b->inv->cpu.policies[k].first_cpu, ps->governor);
        for (int i = 0; i < b->inv->cpu.policies[k].n_govs; i++) {
            has_schedutil |= strcmp(b->inv->cpu.policies[k].govs[i], "schedutil") == 0;
        }
    }
    it->status = !any ? AUDIT_NA : bad ? AUDIT_FAIL : AUDIT_PASS;
    if (!any) {
        say(it->evidence, "no governor readable");
    }
    if (bad) {
        say(it->fix, "cpu.governor=%s", has_schedutil ? "schedutil" : "powersave");
    }
}

static void chk_parked(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    const ProfBoard *b = e->b;
    const CpuInfo *ci = &b->inv->cpu;
    if (not_low_power(t, it)) {
        return;
    }
    if (ci->n_policies < 2) {
        it->status = AUDIT_NA;
        say(it->evidence, "one CPU cluster");
        return;
    }
    uint64_t online = 0, keep = ci->policies[0].cpus, parkable = 0;
    for (int cpu = 0; cpu < ci->n_cpus && cpu < JT_MAX_CPUS; cpu++) {
        online |= cpu_online(b, cpu) ? 1ULL << cpu : 0;
        parkable |= ci->has_online[cpu] ? 1ULL << cpu : 0;
    }
    char on[64], first[64];
    format_cpulist(online, on, sizeof on);
    format_cpulist(keep, first, sizeof first);
    say(it->evidence, "online %s (first cluster %s)", on, first);
    bool bad = (online & ~keep & parkable) != 0;
    it->status = bad ? AUDIT_FAIL : AUDIT_PASS;
    if (bad) {
        say(it->fix, "cpu.online=%s", first);
    }
}

static void chk_capped(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    const ProfBoard *b = e->b;
    if (not_low_power(t, it)) {
        return;
    }
    bool bad = false, any = false;
    int64_t cap = 0;
    for (int k = 0; k < b->inv->cpu.n_policies && k < JT_MAX_POLICIES; k++) {
        const PolicyInfo *pi = &b->inv->cpu.policies[k];
        const Val *mx = &b->cur.policy[k].max_khz;
        if (!policy_active(b, k) || !mx->ok || pi->n_freqs < 2) {
            continue;
        }
        int64_t top = pi->freqs_khz[pi->n_freqs - 1];
        any = true;
        bad |= mx->v >= top;
        append(it->evidence, "policy%d max %d of %d MHz", pi->first_cpu, mhz(mx->v), mhz(top));
        int64_t want =
            profplan_round_down(pi->freqs_khz, pi->n_freqs, top * AUDIT_CPU_CAP_PCT / 100);
        cap = cap == 0 || want < cap ? want : cap;
    }
    it->status = !any ? AUDIT_NA : bad ? AUDIT_FAIL : AUDIT_PASS;
    if (!any) {
        say(it->evidence, "no CPU limits readable");
    }
    if (bad) {
        say(it->fix, "cpu.max_khz=%lld", (long long)cap);
    }
}

/* ---- GPU, EMC, idle ---- */

static void chk_gpu(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    const ProfBoard *b = e->b;
    const GpuInfo *gi = &b->inv->gpu;
    const GpuSample *g = &b->cur.gpu;
    if (not_low_power(t, it)) {
        return;
    }
    if (!gi->present) {
        it->status = AUDIT_NA;
        say(it->evidence, "no GPU devfreq node");
        return;
    }
    bool gov_bad = g->governor_ok && (strcmp(g->governor, "performance") == 0 ||
                                      strcmp(g->governor, "userspace") == 0);
    bool pinned = g->min_hz.ok && g->max_hz.ok && g->min_hz.v >= g->max_hz.v && gi->n_freqs > 1;
    say(it->evidence, "governor %s", g->governor_ok ? g->governor : "n/a");
    if (g->min_hz.ok && g->max_hz.ok) {
        append(it->evidence, "%d-%d MHz", mhz(g->min_hz.v / 1000), mhz(g->max_hz.v / 1000));
    }
    it->status = gov_bad || pinned ? AUDIT_FAIL : AUDIT_PASS;
    if (pinned) {
        say(it->fix, "gpu.min_hz=min");
    }
    if (gov_bad) {
        say(it->command, "echo nvhost_podgov | sudo tee /sys/class/devfreq/%s/governor", gi->name);
    }
}

static void chk_emc(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    const ProfBoard *b = e->b;
    const EmcInfo *ei = &b->inv->emc;
    if (not_low_power(t, it)) {
        return;
    }
    Val cap = b->cur.emc.cap_hz;
    if (!ei->has_cap && !e->emc_locked.ok) {
        it->status = AUDIT_NA;
        say(it->evidence, "no EMC cap or lock readable");
        return;
    }
    bool locked = e->emc_locked.ok && e->emc_locked.v;
    bool floor = cap.ok && ei->min_hz.ok && cap.v > 0 && cap.v <= ei->min_hz.v;
    say(it->evidence, "%s", locked ? "rate locked" : e->emc_locked.ok ? "not locked" : "lock n/a");
    if (cap.ok) {
        append(it->evidence, "cap %d MHz", mhz(cap.v / 1000));
    }
    if (ei->min_hz.ok && ei->max_hz.ok) {
        append(it->evidence, "range %d-%d MHz", mhz(ei->min_hz.v / 1000), mhz(ei->max_hz.v / 1000));
    }
    it->status = locked || floor ? AUDIT_FAIL : AUDIT_PASS;
    if (floor) {
        say(it->fix, "emc.cap_hz=max");
    }
    if (locked) {
        say(it->command, "echo 0 | sudo tee /sys/kernel/debug/bpmp/debug/clk/emc/mrq_rate_locked");
    }
}

static void chk_idle(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    const ProfBoard *b = e->b;
    const IdleInfo *ii = &b->inv->idle;
    if (not_low_power(t, it)) {
        return;
    }
    if (ii->n_states == 0) {
        it->status = AUDIT_NA;
        say(it->evidence, "no cpuidle states");
        return;
    }
    bool bad = false;
    for (int k = 0; k < ii->n_states && k < JT_MAX_IDLE; k++) {
        int off = 0, cores = 0;
        for (int cpu = 0; cpu < b->inv->cpu.n_cpus && cpu < JT_MAX_CPUS; cpu++) {
            Val d = b->cur.idle[cpu][k].disabled;
            if (cpu_online(b, cpu) && d.ok) {
                cores++;
                off += d.v != 0;
            }
        }
        bad |= off > 0;
        if (off) {
            append(it->evidence, "%s disabled on %d of %d cores", ii->states[k].name, off, cores);
        } else {
            append(it->evidence, "%s enabled", ii->states[k].name);
        }
    }
    it->status = bad ? AUDIT_FAIL : AUDIT_PASS;
    if (bad) {
        say(it->fix, "cpuidle.disable=none");
    }
}

/* ---- the OS ---- */

static void chk_target(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    if (!e->default_target[0]) {
        it->status = AUDIT_NA;
        say(it->evidence, "default.target not found");
        return;
    }
    say(it->evidence, "default.target -> %s", e->default_target);
    it->status = strcmp(e->default_target, "multi-user.target") == 0 ? AUDIT_PASS : AUDIT_FAIL;
    if (it->status == AUDIT_FAIL) {
        say(it->command, "sudo systemctl set-default multi-user.target");
    }
}

static void chk_dm(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    if (!e->systemd) {
        it->status = AUDIT_NA;
        say(it->evidence, "no /etc/systemd/system");
        return;
    }
    if (!e->display_manager[0]) {
        it->status = AUDIT_PASS;
        say(it->evidence, "display-manager.service not enabled");
        return;
    }
    it->status = AUDIT_FAIL;
    say(it->evidence, "display-manager.service -> %s", e->display_manager);
    say(it->command, "sudo systemctl disable %s", e->display_manager);
}

static void chk_wifi(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    const ProfBoard *b = e->b;
    int wlan = 0, blocked = 0;
    for (int i = 0; i < b->inv->n_radios && i < JT_MAX_RADIOS; i++) {
        if (strcmp(b->inv->radios[i].type, "wlan") == 0) {
            wlan++;
            blocked += b->cur.radio[i].soft.ok && b->cur.radio[i].soft.v;
        }
    }
    if (wlan == 0) {
        it->status = AUDIT_NA;
        say(it->evidence, "no Wi-Fi radio");
        return;
    }
    if (blocked == wlan) {
        it->status = AUDIT_PASS;
        say(it->evidence, "Wi-Fi blocked");
        return;
    }
    static const char *const ps[] = {"0 (default)", "1 (ignore)", "2 (disable)", "3 (enable)"};
    int v = e->wifi_powersave;
    if (v >= 0 && v <= 3) {
        say(it->evidence, "wifi.powersave = %s in %s", ps[v], e->wifi_powersave_file);
    } else {
        say(it->evidence, "wifi.powersave not set%s",
            e->networkmanager ? "" : " (no NetworkManager configuration)");
    }
    it->status = v == 3 ? AUDIT_PASS : AUDIT_FAIL;
    if (it->status == AUDIT_FAIL) {
        say(it->command, "printf '[connection]\\nwifi.powersave = 3\\n' | sudo tee "
                         "/etc/NetworkManager/conf.d/default-wifi-powersave-on.conf");
    }
}

static void chk_bt(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    const ProfBoard *b = e->b;
    int bt = 0, blocked = 0;
    for (int i = 0; i < b->inv->n_radios && i < JT_MAX_RADIOS; i++) {
        if (strcmp(b->inv->radios[i].type, "bluetooth") == 0) {
            bool bl = b->cur.radio[i].soft.ok && b->cur.radio[i].soft.v;
            bt++;
            blocked += bl;
            append(it->evidence, "%s %s", b->inv->radios[i].name, bl ? "blocked" : "on");
        }
    }
    it->status = bt == 0 ? AUDIT_NA : blocked == bt ? AUDIT_PASS : AUDIT_FAIL;
    if (bt == 0) {
        say(it->evidence, "no Bluetooth radio");
    }
    if (it->status == AUDIT_FAIL) {
        say(it->fix, "radio.bluetooth=off");
    }
}

static void chk_wol(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    int known = 0, bad = -1;
    for (int i = 0; i < e->n_eth; i++) {
        Val w = e->eth_wakeup[i];
        if (!w.ok) {
            continue;
        }
        known++;
        bad = w.v && bad < 0 ? i : bad;
        append(it->evidence, "%s wakeup %s", e->eth[i], w.v ? "enabled" : "disabled");
    }
    it->status = known == 0 ? AUDIT_NA : bad >= 0 ? AUDIT_FAIL : AUDIT_PASS;
    if (known == 0) {
        say(it->evidence, "no wired interface with a wakeup setting");
    }
    if (bad >= 0) {
        say(it->command, "sudo ethtool -s %s wol d", e->eth[bad]);
    }
}

static bool has_option_sep(const char *opts, const char *opt, char sep);

/* usbcore's autosuspend parameter: -1 turns autosuspend off for every device. */
static void usb_param(const AuditEvidence *e, AuditItem *it) {
    Val p = e->usb_autosuspend_s;
    if (!p.ok) {
        return;
    }
    char was[AUDIT_TEXT];
    snprintf(was, sizeof was, "%s", it->evidence);
    say(it->evidence, "usbcore.autosuspend=%lld", (long long)p.v);
    if (was[0]) {
        append(it->evidence, "%s", was);
    }
    if (p.v < 0) {
        it->status = AUDIT_FAIL;
        say(it->command, "echo 2 | sudo tee /sys/module/usbcore/parameters/autosuspend (and "
                         "drop usbcore.autosuspend=-1 from the kernel command line)");
    } else if (it->status == AUDIT_NA) {
        it->status = AUDIT_PASS;
    }
}

static void chk_usb(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    const ProfBoard *b = e->b;
    int on = 0, known = 0;
    for (int i = 0; i < b->n_usb; i++) {
        Val a = b->usb[i].autosuspend;
        known += a.ok;
        if (a.ok && !a.v) {
            on++;
            append(it->evidence, "%s on", b->usb[i].name);
        }
    }
    it->status = known == 0 ? AUDIT_NA : on ? AUDIT_FAIL : AUDIT_PASS;
    if (known == 0) {
        say(it->evidence, "no USB devices");
    } else if (!on) {
        say(it->evidence, "%d devices auto", known);
    } else {
        say(it->fix, "usb.autosuspend=on");
    }
    usb_param(e, it);
}

/* opt is one of the sep-separated words of opts. */
static bool has_option_sep(const char *opts, const char *opt, char sep) {
    size_t n = strlen(opt);
    char seps[2] = {sep, '\0'};
    for (const char *p = opts; *p;) {
        size_t len = strcspn(p, seps);
        if (len == n && strncmp(p, opt, n) == 0) {
            return true;
        }
        p += len + (p[len] == sep);
    }
    return false;
}

static bool has_option(const char *opts, const char *opt) {
    return has_option_sep(opts, opt, ',');
}

static void chk_noatime(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    if (!e->root_found) {
        it->status = AUDIT_NA;
        say(it->evidence, "/ not found in /proc/mounts");
        return;
    }
    say(it->evidence, "/ %s", e->root_opts);
    it->status = has_option(e->root_opts, "noatime") ? AUDIT_PASS : AUDIT_FAIL;
    if (it->status == AUDIT_FAIL) {
        say(it->command, "add noatime to / in /etc/fstab, then: sudo mount -o remount,noatime /");
    }
}

static void chk_journald(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    if (!e->systemd) {
        it->status = AUDIT_NA;
        say(it->evidence, "no systemd configuration");
        return;
    }
    Val mx = e->journal_max_bytes;
    if (e->journal_volatile) {
        say(it->evidence, "Storage=volatile");
    } else if (mx.ok) {
        say(it->evidence, "SystemMaxUse=%lld MiB", (long long)(mx.v >> 20));
    } else {
        say(it->evidence, "SystemMaxUse not set (up to 10%% of the filesystem)");
    }
    bool ok = e->journal_volatile || (mx.ok && mx.v <= AUDIT_JOURNAL_MAX_BYTES);
    it->status = ok ? AUDIT_PASS : AUDIT_FAIL;
    if (!ok) {
        say(it->command, "set SystemMaxUse=64M in /etc/systemd/journald.conf, then: sudo "
                         "systemctl restart systemd-journald");
    }
}

static void chk_services(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    if (!e->systemd) {
        it->status = AUDIT_NA;
        say(it->evidence, "no /etc/systemd/system");
        return;
    }
    it->status = e->n_services ? AUDIT_FAIL : AUDIT_PASS;
    if (!e->n_services) {
        say(it->evidence, "none of cups, avahi-daemon, bluetooth, ModemManager ... enabled");
        return;
    }
    say(it->command, "sudo systemctl disable --now");
    for (int i = 0; i < e->n_services; i++) {
        char unit[AUDIT_NAME];
        snprintf(unit, sizeof unit, "%s", e->services[i]);
        char *dot = strrchr(unit, '.');
        if (dot && strcmp(dot, ".service") == 0) {
            *dot = '\0';
        }
        append(it->evidence, "%s", unit);
        size_t used = strlen(it->command);
        snprintf(it->command + used, AUDIT_TEXT - used, " %s", unit);
    }
}

static void chk_thp(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    Val thp = e->b->thp;
    if (!thp.ok) {
        it->status = AUDIT_NA;
        say(it->evidence, "no transparent hugepages");
        return;
    }
    say(it->evidence, "enabled = %s", profile_thp_name((ProfThp)thp.v));
    it->status = thp.v == PROF_THP_ALWAYS ? AUDIT_FAIL : AUDIT_PASS;
    if (it->status == AUDIT_FAIL) {
        say(it->fix, "thp=madvise");
    }
}

static void vm_one(AuditItem *it, const char *name, Val v, int max, bool *bad, bool *any) {
    if (!v.ok) {
        return;
    }
    *any = true;
    append(it->evidence, "%s %lld", name, (long long)v.v);
    if (v.v > max) {
        *bad = true;
        size_t used = strlen(it->fix);
        snprintf(it->fix + used, AUDIT_TEXT - used, "%svm.%s=%d", used ? "," : "", name, max);
    }
}

static void chk_vm(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    const ProfBoard *b = e->b;
    bool bad = false, any = false;
    vm_one(it, "swappiness", b->swappiness, AUDIT_SWAPPINESS_MAX, &bad, &any);
    vm_one(it, "dirty_ratio", b->dirty_ratio, AUDIT_DIRTY_RATIO_MAX, &bad, &any);
    vm_one(it, "dirty_background_ratio", b->dirty_bg_ratio, AUDIT_DIRTY_BG_RATIO_MAX, &bad, &any);
    it->status = !any ? AUDIT_NA : bad ? AUDIT_FAIL : AUDIT_PASS;
    if (!any) {
        say(it->evidence, "no vm sysctls readable");
    }
}

/* ---- processes ---- */

static void chk_wakeups(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    if (!e->procs_read) {
        it->status = AUDIT_NA;
        say(it->evidence, "no proc/<pid>/status readable");
        return;
    }
    int bad = -1;
    for (int i = 0; i < e->n_wake && i < AUDIT_MAX_WAKE; i++) {
        const AuditWaker *w = &e->wake[i];
        append(it->evidence, "%s (%d) %lld/s", w->comm, w->pid, (long long)w->per_s);
        bad = bad < 0 && w->per_s > AUDIT_WAKEUPS_MAX_HZ ? i : bad;
    }
    if (e->n_wake == 0) {
        say(it->evidence, "no process woke");
    } else {
        append(it->evidence, "%s", e->wake_interval ? "last interval" : "since start");
    }
    it->status = bad >= 0 ? AUDIT_FAIL : AUDIT_PASS;
    if (bad >= 0) {
        say(it->command,
            "sudo strace -c -f -p %d (what it polls; make it block on events or "
            "sleep longer)",
            e->wake[bad].pid);
    }
}

static void chk_running(const AuditEvidence *e, AuditTarget t, AuditItem *it) {
    (void)t;
    if (!e->procs_read) {
        it->status = AUDIT_NA;
        say(it->evidence, "no proc/<pid>/comm readable");
        return;
    }
    it->status = e->n_running ? AUDIT_FAIL : AUDIT_PASS;
    if (!e->n_running) {
        say(it->evidence, "none of cupsd, avahi-daemon, bluetoothd, ModemManager, gdm ... running");
        return;
    }
    say(it->command, "sudo systemctl disable --now");
    for (int i = 0; i < e->n_running && i < AUDIT_MAX_SVCS; i++) {
        append(it->evidence, "%s (%d)", e->running[i], e->running_pid[i]);
        const char *unit = audit_daemon_unit(e->running[i]);
        size_t used = strlen(it->command);
        if (unit && !has_option_sep(it->command, unit, ' ')) {
            snprintf(it->command + used, AUDIT_TEXT - used, " %s", unit);
        }
    }
}

/* ---- the report ---- */

typedef void (*Check)(const AuditEvidence *e, AuditTarget t, AuditItem *it);

void audit_evaluate(const AuditEvidence *e, AuditTarget target, AuditReport *out) {
    static const Check checks[AUD_COUNT] = {
        [AUD_NVP_CAPPED] = chk_nvp,
        [AUD_CLOCKS_DYNAMIC] = chk_clocks,
        [AUD_CPU_GOVERNOR] = chk_governor,
        [AUD_CPU_PARKED] = chk_parked,
        [AUD_CPU_CAPPED] = chk_capped,
        [AUD_GPU_DVFS] = chk_gpu,
        [AUD_EMC_DVFS] = chk_emc,
        [AUD_IDLE_ENABLED] = chk_idle,
        [AUD_HEADLESS_TARGET] = chk_target,
        [AUD_NO_DISPLAY_MANAGER] = chk_dm,
        [AUD_WIFI_POWERSAVE] = chk_wifi,
        [AUD_BT_BLOCKED] = chk_bt,
        [AUD_WOL_OFF] = chk_wol,
        [AUD_USB_AUTOSUSPEND] = chk_usb,
        [AUD_NOATIME] = chk_noatime,
        [AUD_JOURNALD] = chk_journald,
        [AUD_SERVICES] = chk_services,
        [AUD_THP] = chk_thp,
        [AUD_VM_SYSCTL] = chk_vm,
        [AUD_WAKEUPS] = chk_wakeups,
        [AUD_RUNNING_SERVICES] = chk_running,
    };
    memset(out, 0, sizeof *out);
    out->target = target;
    for (int i = 0; i < AUD_COUNT; i++) {
        AuditItem *it = &out->items[i];
        it->id = (AuditId)i;
        checks[i](e, target, it);
        out->n_pass += it->status == AUDIT_PASS;
        out->n_fail += it->status == AUDIT_FAIL;
        out->n_na += it->status == AUDIT_NA;
    }
}

int audit_format_score(const AuditReport *r, char *out, size_t outsz) {
    int n = snprintf(out, outsz, "%d/%d pass", r->n_pass, r->n_pass + r->n_fail);
    return n < 0 ? 0 : n;
}
