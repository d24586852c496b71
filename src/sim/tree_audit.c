/* SPDX-License-Identifier: MIT */
/* tree_audit: the OS-level files - nvpmodel tables, status and stand-in, systemd units as a
 * stock Ubuntu image has them, mounts, journald, NetworkManager's Wi-Fi power-save setting,
 * the wired NICs' wakeup flag (Wake-on-LAN), and the simulator's own run directory. */
#include "jtune/core/emuexec.h"
#include "sim_internal.h"

#include "jtune/core/nvpconf.h"
#include "jtune/sim/simproc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNITS "usr/lib/systemd/system"

static int nvp_table(Sim *s, bool alt) {
    const SimBoard *b = &s->board;
    const SbTable *t = alt ? &b->nvp.alt : &b->nvp.main;
    NvpConf *c = nvpconf_new();
    char *text = malloc(65536);
    char header[1024], path[PATH_MAX];
    int rc = (c && text) ? simboard_nvpconf(b, alt, c) : -ENOMEM;
    if (rc == 0) {
        simboard_nvp_header(t, header, sizeof header);
        int n = nvpconf_format(c, header, text, 65536);
        snprintf(path, sizeof path, "etc/nvpmodel/%s", t->file);
        rc = n < 0 ? n : simfs_write(s, path, text, (size_t)n, 0644);
    }
    nvpconf_free(c);
    free(text);
    return rc;
}

/* Quote a word for sh: '...' with every ' written as '\''. */
static int sh_quote(const char *in, char *out, size_t n) {
    size_t o = 0;
    if (n < 3) {
        return -ENAMETOOLONG;
    }
    out[o++] = '\'';
    for (; *in; in++) {
        const char *piece = *in == '\'' ? "'\\''" : NULL;
        size_t len = piece ? 4 : 1;
        if (o + len + 2 > n) {
            return -ENAMETOOLONG;
        }
        if (piece) {
            memcpy(out + o, piece, len);
        } else {
            out[o] = *in;
        }
        o += len;
    }
    out[o++] = '\'';
    out[o] = '\0';
    return 0;
}

static int nvp_standin(Sim *s, const char *exe) {
    char qexe[PATH_MAX * 2], qroot[PATH_MAX * 2];
    if (sh_quote(exe, qexe, sizeof qexe) < 0 || sh_quote(s->root, qroot, sizeof qroot) < 0) {
        return -ENAMETOOLONG;
    }
    return simfs_printf(
        s, "usr/sbin/nvpmodel", 0755,
        "#!/bin/sh\n"
        "# nvpmodel for a simulated Jetson: applies this tree's nvpmodel table to\n"
        "# its knob files the way nvpmodel does on a board (see jtune-sim --help).\n"
        "exec %s%s nvpmodel --root %s \"$@\"\n",
        emuexec_shell_prefix(exe), qexe, qroot);
}

static int tree_nvpmodel(Sim *s, const char *exe) {
    const SbNvp *n = &s->board.nvp;
    if (!n->present) {
        return 0;
    }
    char target[PATH_MAX];
    int rc = nvp_table(s, false);
    if (rc == 0 && n->has_alt) {
        rc = nvp_table(s, true);
    }
    snprintf(target, sizeof target, "/etc/nvpmodel/%s", n->main.file);
    rc = rc ? rc : simfs_link(s, "etc/nvpmodel.conf", target);
    rc = rc ? rc
            : simfs_printf(s, "var/lib/nvpmodel/status", 0644, "pmode:%04d\n", n->main.default_id);
    if (rc == 0 && exe && exe[0]) {
        rc = nvp_standin(s, exe);
    }
    return rc;
}

static int unit(Sim *s, const char *name, const char *desc, const char *wants_dir) {
    char p[PATH_MAX], target[PATH_MAX];
    snprintf(p, sizeof p, UNITS "/%s", name);
    int rc = simfs_printf(s, p, 0644, "[Unit]\nDescription=%s\n\n[Install]\nWantedBy=%s\n", desc,
                          wants_dir ? wants_dir : "multi-user.target");
    if (rc == 0 && wants_dir) {
        snprintf(p, sizeof p, "etc/systemd/system/%s.wants/%s", wants_dir, name);
        snprintf(target, sizeof target, "/lib/systemd/system/%s", name);
        rc = simfs_link(s, p, target);
    }
    return rc;
}

/* What a freshly flashed Jetson image (Ubuntu with the desktop) has enabled. */
static int systemd(Sim *s) {
    int rc = simfs_link(s, "lib", "usr/lib");
    rc = rc ? rc
            : simfs_printf(s, UNITS "/graphical.target", 0644,
                           "[Unit]\nDescription=Graphical Interface\n");
    rc = rc ? rc
            : simfs_printf(s, UNITS "/multi-user.target", 0644,
                           "[Unit]\nDescription=Multi-User System\n");
    rc = rc ? rc
            : simfs_link(s, "etc/systemd/system/default.target",
                         "/lib/systemd/system/graphical.target");
    rc = rc ? rc : unit(s, "gdm3.service", "GNOME Display Manager", NULL);
    rc = rc ? rc
            : simfs_link(s, "etc/systemd/system/display-manager.service",
                         "/lib/systemd/system/gdm3.service");
    rc = rc ? rc : unit(s, "cups.service", "CUPS Scheduler", "multi-user.target");
    rc = rc ? rc : unit(s, "avahi-daemon.service", "Avahi mDNS/DNS-SD Stack", "multi-user.target");
    rc = rc ? rc : unit(s, "ModemManager.service", "Modem Manager", "multi-user.target");
    rc = rc ? rc : unit(s, "bluetooth.service", "Bluetooth service", "bluetooth.target");
    if (rc == 0 && s->board.nvp.present) {
        rc = unit(s, "nvpmodel.service", "nvpmodel service", "multi-user.target");
    }
    if (rc == 0 && s->board.fan.nvfancontrol) {
        rc = unit(s, "nvfancontrol.service", "nvfancontrol service", "multi-user.target");
    }
    return rc;
}

static const char journald[] =
    "# journald settings as a stock image ships them: every option commented out at its\n"
    "# default (see journald.conf(5)).\n"
    "\n"
    "[Journal]\n"
    "#Storage=auto\n#Compress=yes\n#Seal=yes\n#SplitMode=uid\n#SyncIntervalSec=5m\n"
    "#RateLimitIntervalSec=30s\n#RateLimitBurst=10000\n#SystemMaxUse=\n#SystemKeepFree=\n"
    "#SystemMaxFileSize=\n#SystemMaxFiles=100\n#RuntimeMaxUse=\n#RuntimeKeepFree=\n"
    "#RuntimeMaxFileSize=\n#RuntimeMaxFiles=100\n#MaxRetentionSec=\n#MaxFileSec=1month\n"
    "#ForwardToSyslog=yes\n#ForwardToKMsg=no\n#ForwardToConsole=no\n#ForwardToWall=yes\n"
    "#TTYPath=/dev/console\n#MaxLevelStore=debug\n#MaxLevelSyslog=debug\n#MaxLevelKMsg=notice\n"
    "#MaxLevelConsole=info\n#MaxLevelWall=emerg\n#LineMax=48K\n#ReadKMsg=yes\n#Audit=no\n";

static int mounts(Sim *s) {
    return simfs_printf(
        s, "proc/mounts", 0444,
        "%s / ext4 rw,relatime 0 0\n"
        "devtmpfs /dev devtmpfs rw,relatime,size=3551228k,nr_inodes=887807,mode=755 0 0\n"
        "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
        "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
        "securityfs /sys/kernel/security securityfs rw,nosuid,nodev,noexec,relatime 0 0\n"
        "tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0\n"
        "devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n"
        "tmpfs /run tmpfs rw,nosuid,nodev,size=780288k,nr_inodes=819200,mode=755 0 0\n"
        "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0\n"
        "debugfs /sys/kernel/debug debugfs rw,nosuid,nodev,noexec,relatime 0 0\n"
        "tracefs /sys/kernel/tracing tracefs rw,nosuid,nodev,noexec,relatime 0 0\n",
        s->board.root_dev);
}

/* NetworkManager as Ubuntu ships it: the main file and the conf.d drop-in that turns Wi-Fi
 * power saving on (wifi.powersave: 0 default, 1 ignore, 2 disable, 3 enable). */
static int networkmanager(Sim *s) {
    int rc = simfs_printf(s, "etc/NetworkManager/NetworkManager.conf", 0644,
                          "[main]\nplugins=ifupdown,keyfile\n\n[ifupdown]\nmanaged=false\n\n"
                          "[device]\nwifi.scan-rand-mac-address=no\n");
    return rc ? rc
              : simfs_printf(s, "etc/NetworkManager/conf.d/default-wifi-powersave-on.conf", 0644,
                             "[connection]\nwifi.powersave = 3\n");
}

/* Every network device's power/wakeup (the PM core's per-device flag). r8169 arms it with
 * Wake-on-LAN, which the firmware of a stock board leaves on [I]; Wi-Fi devices off [I]. */
static int wakeup(Sim *s) {
    int rc = 0;
    for (int i = 0; rc == 0 && i < s->board.n_net; i++) {
        const SbNet *n = &s->board.net[i];
        if (n->device[0]) {
            char p[PATH_MAX + 16];
            snprintf(p, sizeof p, "%s/power/wakeup", n->device);
            rc = simfs_printf(s, p, 0644, "%s\n", n->wireless ? "disabled" : "enabled");
        }
    }
    return rc;
}

/* Daemons of a stock desktop image that the audit names, and one user process that polls,
 * as the guides warn against [I]: pid, name, wakeups per second [I], started this many
 * seconds after boot. Their status files count voluntary context switches at that rate. */
static const struct {
    int pid;
    const char *comm;
    double per_s;
    int start_s;
} daemons[] = {
    /* avahi-daemon (598) and gdm3 (702) are among the simulated processes (tree_procs.c) */
    {655, "cupsd", 0.2, 10},
    {688, "ModemManager", 1.1, 10},
    {701, "bluetoothd", 0.6, 11},
    {2217, "python3", 240.0, 95},
};

#define N_DAEMONS (int)(sizeof daemons / sizeof daemons[0])

static int64_t vcsw_of(const Sim *s, int i) {
    double age = s->st.uptime_s - daemons[i].start_s;
    return age > 0 ? (int64_t)(age * daemons[i].per_s) : 0;
}

int tree_audit_proc_status(const Sim *s, int i, char *out, size_t outsz) {
    if (i < 0 || i >= N_DAEMONS) {
        return -EINVAL;
    }
    int n = snprintf(out, outsz,
                     "Name:\t%s\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t%d\nNgid:\t0\n"
                     "Pid:\t%d\nPPid:\t1\nTracerPid:\t0\nThreads:\t1\n"
                     "voluntary_ctxt_switches:\t%lld\nnonvoluntary_ctxt_switches:\t%lld\n",
                     daemons[i].comm, daemons[i].pid, daemons[i].pid, (long long)vcsw_of(s, i),
                     (long long)(vcsw_of(s, i) / 20));
    return n < 0 || (size_t)n >= outsz ? -ENOSPC : 0;
}

/* The stat's 40 + 25 ticks of start-up, then WAKE_RUN_S a wakeup, as tree_procs.c's. */
int tree_audit_proc_sched(const Sim *s, int i, char *out, size_t outsz) {
    if (i < 0 || i >= N_DAEMONS) {
        return -EINVAL;
    }
    long long wakes = (long long)vcsw_of(s, i);
    long long run_ns = 650000000LL + (long long)((double)wakes * WAKE_RUN_S * 1e9);
    int n = snprintf(out, outsz, "%lld %lld %lld\n", run_ns, run_ns / 8, wakes + 40);
    return n < 0 || (size_t)n >= outsz ? -ENOSPC : 0;
}

static int processes(Sim *s) {
    int rc = 0;
    for (int i = 0; rc == 0 && i < N_DAEMONS; i++) {
        char p[64];
        snprintf(p, sizeof p, "proc/%d/comm", daemons[i].pid);
        rc = simfs_printf(s, p, 0444, "%s\n", daemons[i].comm);
        snprintf(p, sizeof p, "proc/%d/stat", daemons[i].pid);
        rc = rc ? rc
                : simfs_printf(s, p, 0444,
                               "%d (%s) S 1 %d %d 0 -1 4194560 1200 0 12 0 40 25 0 0 20 0 1 0 "
                               "%d 245760000 2800 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 "
                               "0 0 17 0 0 0 0 0 0\n",
                               daemons[i].pid, daemons[i].comm, daemons[i].pid, daemons[i].pid,
                               daemons[i].start_s * 100);
        snprintf(p, sizeof p, "proc/%d/status", daemons[i].pid);
        rc = rc ? rc : simfs_node(s, p, 0444, R_AUDIT_PROC_STATUS, i, 0);
        snprintf(p, sizeof p, "proc/%d/schedstat", daemons[i].pid);
        rc = rc ? rc : simfs_node(s, p, 0444, R_AUDIT_PROC_SCHED, i, 0);
    }
    return rc;
}

int tree_audit(Sim *s, const char *exe) {
    int rc = tree_nvpmodel(s, exe);
    rc = rc ? rc : processes(s);
    rc = rc ? rc : systemd(s);
    rc = rc ? rc : simfs_write(s, "etc/systemd/journald.conf", journald, sizeof journald - 1, 0644);
    rc = rc ? rc : mounts(s);
    rc = rc ? rc : networkmanager(s);
    rc = rc ? rc : wakeup(s);
    rc =
        rc ? rc
           : simfs_printf(s, "run/jtune-sim/board", 0644, "%s\n%s\n", s->board.name, s->board.file);
    return rc;
}
