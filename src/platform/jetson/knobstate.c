/* SPDX-License-Identifier: MIT */
/* knobstate: what profiles and the audit need beyond the sampler's view of the board. */
#include "jtune/platform/jetson/knobstate.h"

#include "jtune/core/parse.h"
#include "jtune/platform/jetson/discover.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USB_DIR    "sys/bus/usb/devices"
#define THP_FILE   "sys/kernel/mm/transparent_hugepage/enabled"
#define NVP_CONF   "etc/nvpmodel.conf"
#define CONF_BYTES ((size_t)256 * 1024)

int knobstate_parse_thp(const char *text, size_t len, unsigned *choices, int *current) {
    StrView w[8];
    size_t n = 0;
    parse_words(text, len, w, 8, &n);
    unsigned offered = 0;
    int sel = -1;
    for (size_t i = 0; i < n; i++) {
        bool bracketed = w[i].n >= 2 && w[i].p[0] == '[' && w[i].p[w[i].n - 1] == ']';
        StrView word = bracketed ? (StrView){w[i].p + 1, w[i].n - 2} : w[i];
        for (int t = 0; t < PROF_THP_COUNT; t++) {
            if (strview_eq(word, profile_thp_name((ProfThp)t))) {
                offered |= 1u << t;
                sel = bracketed || n == 1 ? t : sel;
            }
        }
    }
    if (sel < 0) {
        return -EINVAL;
    }
    *choices = n == 1 ? 0 : offered;
    *current = sel;
    return 0;
}

/* The lowest table entry at or above v (the top when v is above every entry). */
static int64_t round_up(const int64_t *t, int n, int64_t v) {
    for (int i = 0; i < n; i++) {
        if (t[i] >= v) {
            return t[i];
        }
    }
    return n > 0 ? t[n - 1] : v;
}

/* A mode's limit as the kernel leaves it: -1 is the top, minimums round up, maximums down. */
static Val rounded(const int64_t *t, int n, int64_t v, bool is_min) {
    if (n <= 0) {
        return val_na();
    }
    if (v == NVP_NO_CAP) {
        return val_of(t[n - 1]);
    }
    return val_of(is_min ? round_up(t, n, v) : profplan_round_down(t, n, v));
}

static void mode_cpu_caps(const NvpCaps *caps, const Inventory *inv, PbMode *out) {
    for (int i = 0; i < caps->n_cpu; i++) {
        const NvpCpuCap *cc = &caps->cpu[i];
        if (cc->cpu < 0 || cc->cpu >= JT_MAX_CPUS || cc->cpu >= inv->cpu.n_cpus) {
            continue;
        }
        int k = inv->cpu.policy_of[cc->cpu];
        if (k < 0 || k >= JT_MAX_POLICIES) {
            continue;
        }
        const PolicyInfo *pi = &inv->cpu.policies[k];
        if (cc->has_min) {
            out->pol_min_khz[k] = rounded(pi->freqs_khz, pi->n_freqs, cc->min_khz, true);
        }
        if (cc->has_max) {
            out->pol_max_khz[k] = rounded(pi->freqs_khz, pi->n_freqs, cc->max_khz, false);
        }
    }
}

static void knobstate_mode_caps(const NvpConf *conf, int m, const Inventory *inv, PbMode *out) {
    memset(out, 0, sizeof *out);
    out->id = conf->modes[m].id;
    discover_copy(out->name, sizeof out->name, conf->modes[m].name);
    NvpCaps caps;
    if (nvpconf_mode_caps(conf, m, &caps) < 0) {
        return;
    }
    out->caps_known = true;
    out->cores_set = caps.cores_set;
    out->cores_online = caps.cores_online;
    mode_cpu_caps(&caps, inv, out);
    const GpuInfo *g = &inv->gpu;
    if (caps.has_gpu_min) {
        out->gpu_min_hz = rounded(g->freqs_hz, g->n_freqs, caps.gpu_min_hz, true);
    }
    if (caps.has_gpu_max) {
        out->gpu_max_hz = rounded(g->freqs_hz, g->n_freqs, caps.gpu_max_hz, false);
    }
    if (caps.has_emc_cap) {
        out->emc_cap_hz = caps.emc_cap_hz == NVP_NO_CAP ? inv->emc.max_hz : val_of(caps.emc_cap_hz);
    }
}

/* Every mode of the table; needs_reboot against the current (or default) mode. */
static int read_modes(Sysfs *fs, const Inventory *inv, ProfBoard *b) {
    char *text = malloc(CONF_BYTES);
    NvpConf *conf = nvpconf_new();
    Diag *d = calloc(1, sizeof *d);
    int rc = text && conf && d ? 0 : -ENOMEM;
    if (rc == 0 && sysfs_read(fs, NVP_CONF, text, CONF_BYTES) > 0) {
        nvpconf_parse(text, "/" NVP_CONF, conf, d); /* what was understood is used */
        int64_t cur_id = b->cur.nvp_mode.ok ? b->cur.nvp_mode.v : conf->default_id;
        int cur = nvpconf_find_mode(conf, (int)cur_id);
        NvpCaps from, to;
        bool have_from = cur >= 0 && nvpconf_mode_caps(conf, cur, &from) == 0;
        for (int m = 0; m < conf->n_modes && b->n_modes < JT_MAX_MODES; m++) {
            PbMode *pm = &b->modes[b->n_modes++];
            knobstate_mode_caps(conf, m, inv, pm);
            if (have_from && nvpconf_mode_caps(conf, m, &to) == 0) {
                pm->needs_reboot = nvpconf_needs_reboot(&from, &to);
            }
        }
    }
    free(d);
    nvpconf_free(conf);
    free(text);
    return rc;
}

/* USB devices (not interfaces: "1-2:1.0" has a colon), sorted by name. */
static void read_usb(Sysfs *fs, ProfBoard *b) {
    DirEntry e[64];
    int n = discover_entries(fs, USB_DIR, e, 64);
    for (int i = 0; i < n && b->n_usb < PB_MAX_USB; i++) {
        if (strchr(e[i].name, ':') || strlen(e[i].name) >= PB_USB_NAME) {
            continue;
        }
        PbUsb *u = &b->usb[b->n_usb++];
        discover_copy(u->name, sizeof u->name, e[i].name);
        char base[PB_USB_NAME + 32], ctl[16];
        snprintf(base, sizeof base, USB_DIR "/%s", e[i].name);
        u->autosuspend = val_na();
        if (discover_str(fs, base, "power/control", ctl, sizeof ctl) == 0) {
            u->autosuspend = strcmp(ctl, "auto") == 0 ? val_of(1)
                             : strcmp(ctl, "on") == 0 ? val_of(0)
                                                      : val_na();
        }
    }
}

static void read_thp(Sysfs *fs, ProfBoard *b) {
    char buf[256];
    int cur;
    ssize_t n = sysfs_read(fs, THP_FILE, buf, sizeof buf);
    b->thp = val_na();
    if (n > 0 && knobstate_parse_thp(buf, (size_t)n, &b->thp_choices, &cur) == 0) {
        b->thp = val_of(cur);
    }
}

int knobstate_read(Sysfs *fs, const Inventory *inv, const Sample *cur, ProfBoard *out) {
    memset(out, 0, sizeof *out);
    out->inv = inv;
    out->cur = *cur;
    read_usb(fs, out);
    read_thp(fs, out);
    out->swappiness = discover_val(fs, "proc/sys/vm", "swappiness");
    out->dirty_ratio = discover_val(fs, "proc/sys/vm", "dirty_ratio");
    out->dirty_bg_ratio = discover_val(fs, "proc/sys/vm", "dirty_background_ratio");
    return read_modes(fs, inv, out);
}
