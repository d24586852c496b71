/* SPDX-License-Identifier: MIT */
/* auditread: the files the low-power audit reads under the root. */
#include "jtune/conf/inifile.h"
#include "jtune/conf/auditread.h"

#include "jtune/core/diag.h"
#include "jtune/core/parse.h"
#include "jtune/platform/jetson/discover.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define UNITS      "etc/systemd/system"
#define TEXT_BYTES ((size_t)64 * 1024)
#define MAX_CONFS  32

/* ---- pure parsers ---- */

typedef struct {
    int powersave;
} NmCtx;

static int nm_line(void *user, const char *section, const char *key, const char *value, int line) {
    (void)line;
    NmCtx *c = user;
    int64_t v;
    if (strncmp(section, "connection", 10) == 0 && strcmp(key, "wifi.powersave") == 0 &&
        parse_i64(value, strlen(value), &v) == 0 && v >= 0 && v <= 3) {
        c->powersave = (int)v;
    }
    return 1;
}

int auditread_parse_nm(const char *text) {
    NmCtx c = {.powersave = -1};
    inifile_parse(text, nm_line, &c);
    return c.powersave;
}

static int journald_line(void *user, const char *section, const char *key, const char *value,
                         int line) {
    (void)line;
    AuditEvidence *e = user;
    int64_t bytes;
    if (strcmp(section, "Journal") != 0) {
        return 1;
    }
    if (strcmp(key, "Storage") == 0) {
        e->journal_volatile = strcmp(value, "volatile") == 0 || strcmp(value, "none") == 0;
    } else if (strcmp(key, "SystemMaxUse") == 0 && audit_parse_size(value, &bytes) == 0) {
        e->journal_max_bytes = val_of(bytes);
    }
    return 1;
}

void auditread_parse_journald(const char *text, AuditEvidence *e) {
    inifile_parse(text, journald_line, e);
}

/* ---- files ---- */

/* Read rel into a heap buffer (caller frees); NULL when missing or empty. */
static char *read_text(Sysfs *fs, const char *rel) {
    char *buf = malloc(TEXT_BYTES);
    if (buf && sysfs_read(fs, rel, buf, TEXT_BYTES) <= 0) {
        free(buf);
        buf = NULL;
    }
    return buf;
}

/* The base name of what dir/name links to ("graphical.target"); false when it is no link. */
static bool link_target(Sysfs *fs, const char *dir, const char *name, char *out, size_t outsz) {
    int dfd = sysfs_openat(fs, dir, O_PATH | O_DIRECTORY, 0);
    if (dfd < 0) {
        return false;
    }
    char target[PATH_MAX];
    ssize_t n = readlinkat(dfd, name, target, sizeof target - 1);
    close(dfd);
    if (n <= 0) {
        return false;
    }
    target[n] = '\0';
    const char *slash = strrchr(target, '/');
    snprintf(out, outsz, "%s", slash ? slash + 1 : target);
    return true;
}

/* dir/name exists as an entry (a dangling link counts: the unit is still enabled). */
static bool entry_exists(Sysfs *fs, const char *dir, const char *name) {
    int dfd = sysfs_openat(fs, dir, O_PATH | O_DIRECTORY, 0);
    if (dfd < 0) {
        return false;
    }
    struct stat st;
    bool ok = fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
    close(dfd);
    return ok;
}

static void read_units(Sysfs *fs, AuditEvidence *e) {
    e->systemd = sysfs_is_dir(fs, UNITS);
    if (!link_target(fs, UNITS, "default.target", e->default_target, sizeof e->default_target) &&
        !link_target(fs, "usr/lib/systemd/system", "default.target", e->default_target,
                     sizeof e->default_target)) {
        e->default_target[0] = '\0';
    }
    if (!link_target(fs, UNITS, "display-manager.service", e->display_manager,
                     sizeof e->display_manager)) {
        /* a unit file of its own (not a link) is enabled just the same */
        bool here = entry_exists(fs, UNITS, "display-manager.service");
        snprintf(e->display_manager, sizeof e->display_manager, "%s",
                 here ? "display-manager.service" : "");
    }
}

/* Known-unneeded units linked from any *.wants directory. */
static void read_services(Sysfs *fs, AuditEvidence *e) {
    DirEntry d[64];
    int nd = discover_entries(fs, UNITS, d, 64);
    int nu;
    const char *const *units = audit_unneeded_services(&nu);
    for (int u = 0; u < nu && e->n_services < AUDIT_MAX_SVCS; u++) {
        for (int i = 0; i < nd; i++) {
            size_t len = strlen(d[i].name);
            if (len < 6 || strcmp(d[i].name + len - 6, ".wants") != 0) {
                continue;
            }
            char wants[PATH_MAX];
            snprintf(wants, sizeof wants, UNITS "/%s", d[i].name);
            if (entry_exists(fs, wants, units[u])) {
                snprintf(e->services[e->n_services++], AUDIT_NAME, "%s", units[u]);
                break;
            }
        }
    }
}

/* The *.conf files of dir, sorted by name, applied in order. */
static void each_conf(Sysfs *fs, const char *dir,
                      void (*fn)(const char *text, const char *rel, AuditEvidence *e),
                      AuditEvidence *e) {
    DirEntry d[MAX_CONFS];
    int n = discover_entries(fs, dir, d, MAX_CONFS);
    for (int i = 0; i < n; i++) {
        size_t len = strlen(d[i].name);
        if (len < 5 || strcmp(d[i].name + len - 5, ".conf") != 0) {
            continue;
        }
        char rel[PATH_MAX];
        snprintf(rel, sizeof rel, "%s/%s", dir, d[i].name);
        char *text = read_text(fs, rel);
        if (text) {
            fn(text, rel, e);
            free(text);
        }
    }
}

static void nm_conf(const char *text, const char *rel, AuditEvidence *e) {
    e->networkmanager = true;
    int v = auditread_parse_nm(text);
    if (v >= 0) {
        e->wifi_powersave = v;
        snprintf(e->wifi_powersave_file, sizeof e->wifi_powersave_file, "/%s", rel);
    }
}

static void journald_conf(const char *text, const char *rel, AuditEvidence *e) {
    (void)rel;
    auditread_parse_journald(text, e);
}

static void read_confs(Sysfs *fs, AuditEvidence *e) {
    e->wifi_powersave = -1;
    char *text = read_text(fs, "etc/NetworkManager/NetworkManager.conf");
    if (text) {
        nm_conf(text, "etc/NetworkManager/NetworkManager.conf", e);
        free(text);
    }
    e->networkmanager |= sysfs_is_dir(fs, "etc/NetworkManager");
    each_conf(fs, "usr/lib/NetworkManager/conf.d", nm_conf, e);
    each_conf(fs, "etc/NetworkManager/conf.d", nm_conf, e);
    e->journal_max_bytes = val_na();
    if ((text = read_text(fs, "etc/systemd/journald.conf"))) {
        auditread_parse_journald(text, e);
        free(text);
    }
    each_conf(fs, "usr/lib/systemd/journald.conf.d", journald_conf, e);
    each_conf(fs, "etc/systemd/journald.conf.d", journald_conf, e);
}

/* Wired interfaces: not loopback, no wireless directory, with a device. */
static void read_net(Sysfs *fs, AuditEvidence *e) {
    DirEntry d[32];
    int n = discover_entries(fs, "sys/class/net", d, 32);
    for (int i = 0; i < n && e->n_eth < AUDIT_MAX_ETH; i++) {
        char base[PATH_MAX], w[16];
        snprintf(base, sizeof base, "sys/class/net/%s", d[i].name);
        if (strcmp(d[i].name, "lo") == 0 || discover_exists(fs, base, "wireless") ||
            discover_exists(fs, base, "phy80211") || !discover_exists(fs, base, "device")) {
            continue;
        }
        int k = e->n_eth++;
        snprintf(e->eth[k], sizeof e->eth[k], "%.15s", d[i].name);
        e->eth_wakeup[k] = val_na();
        if (discover_str(fs, base, "device/power/wakeup", w, sizeof w) == 0) {
            e->eth_wakeup[k] = strcmp(w, "enabled") == 0    ? val_of(1)
                               : strcmp(w, "disabled") == 0 ? val_of(0)
                                                            : val_na();
        }
    }
}

/* The options of the last "/" mount (a later mount covers an earlier one). */
static void read_mounts(Sysfs *fs, AuditEvidence *e) {
    char *text = read_text(fs, "proc/mounts");
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
        }
        StrView w[6];
        size_t n = 0;
        parse_words(line, strlen(line), w, 6, &n);
        if (n >= 4 && strview_eq(w[1], "/")) {
            e->root_found = true;
            strview_copy(w[3], e->root_opts, sizeof e->root_opts);
        }
        line = nl ? nl + 1 : line + strlen(line);
    }
    free(text);
}

int auditread_collect(Sysfs *fs, AuditEvidence *e) {
    const ProfBoard *b = e->b;
    memset(e, 0, sizeof *e);
    e->b = b;
    e->emc_locked = discover_val(fs, "sys/kernel/debug/bpmp/debug/clk/emc", "mrq_rate_locked");
    read_units(fs, e);
    read_services(fs, e);
    read_confs(fs, e);
    read_net(fs, e);
    read_mounts(fs, e);
    e->usb_autosuspend_s = discover_val(fs, "sys/module/usbcore/parameters", "autosuspend");
    return 0;
}
