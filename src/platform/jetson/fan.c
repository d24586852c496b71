/* SPDX-License-Identifier: MIT */
/* fan: PWM, RPM and the fan's controller. */
#include "jtune/platform/jetson/fan.h"

#include "jtune/core/parse.h"
#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LEGACY_DIR "sys/devices/pwm-fan"
#define FAN_CONF   "etc/nvfancontrol.conf"
#define FAN_STATUS "var/lib/nvfancontrol/status"
#define STATUS_KEY "FAN1:FAN_PROFILE:"
#define CONF_BYTES 32768
#define DAEMON     "nvfancontrol"

static const char *const RPM_LEAVES[] = {"rpm", "fan1_input", "rpm_measured"};

/* The pwm hwmon: "pwmfan" first, else any hwmon with a pwm1 file. */
static bool find_pwm_dir(const Sysfs *fs, char *out) {
    char dirs[1][JT_PATH];
    if (discover_hwmon(fs, "pwmfan", dirs, 1) == 1) {
        memcpy(out, dirs[0], JT_PATH);
        return true;
    }
    DirEntry e[64];
    int n = discover_numbered(fs, "sys/class/hwmon", "hwmon", e, 64);
    for (int i = 0; i < n; i++) {
        char dir[JT_PATH];
        discover_join(dir, sizeof dir, "sys/class/hwmon", e[i].name);
        if (discover_exists(fs, dir, "pwm1")) {
            memcpy(out, dir, JT_PATH);
            return true;
        }
    }
    return false;
}

static void find_rpm(const Sysfs *fs, const char *pwmdir, FanInfo *f) {
    char dirs[1][JT_PATH];
    if (discover_hwmon(fs, "pwm_tach", dirs, 1) == 1) {
        for (size_t i = 0; i < sizeof RPM_LEAVES / sizeof RPM_LEAVES[0]; i++) {
            if (discover_exists(fs, dirs[0], RPM_LEAVES[i])) {
                discover_join(f->rpm_path, sizeof f->rpm_path, dirs[0], RPM_LEAVES[i]);
                return;
            }
        }
    }
    for (size_t i = 0; i < sizeof RPM_LEAVES / sizeof RPM_LEAVES[0]; i++) {
        if (discover_exists(fs, pwmdir, RPM_LEAVES[i])) {
            discover_join(f->rpm_path, sizeof f->rpm_path, pwmdir, RPM_LEAVES[i]);
            return;
        }
    }
}

static void probe_hwmon(Sysfs *fs, FanInfo *f, FanAttrs *a) {
    char dir[JT_PATH];
    if (!find_pwm_dir(fs, dir)) {
        return;
    }
    f->kind = FAN_HWMON;
    discover_join(f->pwm_path, sizeof f->pwm_path, dir, "pwm1");
    find_rpm(fs, dir, f);
    a->enable = discover_setting(fs, dir, "pwm1_enable");
    f->has_pwm_enable = a->enable >= 0;
}

static void probe_legacy(Sysfs *fs, FanInfo *f, FanAttrs *a) {
    if (!discover_exists(fs, LEGACY_DIR, "target_pwm")) {
        return;
    }
    f->kind = FAN_LEGACY;
    discover_join(f->pwm_path, sizeof f->pwm_path, LEGACY_DIR, "target_pwm");
    if (discover_exists(fs, LEGACY_DIR, "rpm_measured")) {
        discover_join(f->rpm_path, sizeof f->rpm_path, LEGACY_DIR, "rpm_measured");
    }
    a->temp_control = discover_setting(fs, LEGACY_DIR, "temp_control");
}

/* The policy file of the zone whose governor drives the pwm-fan cooling device: "tj"
 * (tj-thermal, Tj-therm on Orin) or thermal-fan-est (Xavier). user_space there (jtune's manual
 * PWM, jetson_clocks --fan) leaves the PWM to whoever wrote it. */
static AttrId find_tj_policy(Sysfs *fs, const Inventory *inv) {
    for (int i = 0; i < inv->n_zones; i++) {
        const ZoneInfo *z = &inv->zones[i];
        if (!z->hwmon && (strcmp(z->name, "tj") == 0 || strcmp(z->type, "thermal-fan-est") == 0)) {
            char dir[JT_PATH];
            sysfs_path(dir, sizeof dir, "sys/class/thermal/thermal_zone%d", z->index);
            return discover_setting(fs, dir, "policy");
        }
    }
    return -1;
}

static void probe_conf(const Sysfs *fs, FanInfo *f) {
    char *buf = malloc(CONF_BYTES);
    if (!buf) {
        return;
    }
    ssize_t n = sysfs_read(fs, FAN_CONF, buf, CONF_BYTES);
    if (n > 0) {
        fan_parse_conf(buf, (size_t)n, f);
    }
    free(buf);
}

static bool all_digits(const char *s) {
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
    }
    return *s != '\0';
}

int fan_daemon_find(const Sysfs *fs, char *comm, size_t n) {
    int fd = sysfs_openat(fs, "proc", O_RDONLY | O_DIRECTORY, 0);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        int e = fd >= 0 ? errno : -fd;
        if (fd >= 0) {
            close(fd);
        }
        return -e;
    }
    int pid = -ENOENT;
    struct dirent *e;
    while (pid < 0 && (e = readdir(d)) != NULL) {
        char path[64], name[32];
        if (!all_digits(e->d_name) || strlen(e->d_name) > 10 ||
            sysfs_path(path, sizeof path, "proc/%s/comm", e->d_name) < 0 ||
            sysfs_read_str(fs, path, name, sizeof name) < 0 || strcmp(name, DAEMON) != 0) {
            continue;
        }
        pid = (int)strtol(e->d_name, NULL, 10);
        if (comm) {
            discover_copy(comm, n, path);
        }
    }
    closedir(d);
    return pid;
}

/* Look for the daemon again (a restart has a new pid). Its comm is held like a setting:
 * whether it runs is read again once per settings period. */
static void daemon_scan(Sysfs *fs, FanAttrs *a, int64_t now_ns) {
    char comm[64];
    a->next_scan_ns = now_ns + FAN_SCAN_NS;
    a->daemon_comm = fan_daemon_find(fs, comm, sizeof comm) > 0
                         ? sysfs_attr_setting(fs, sysfs_attr(fs, comm))
                         : -1;
}

/* Whether nvfancontrol runs: its comm still reads so (a dead task's comm fails, or reads
 * empty; read once per settings period), else a paced scan. */
static bool daemon_running(Sysfs *fs, FanAttrs *a, int64_t now_ns) {
    char name[32];
    if (a->daemon_comm >= 0 && sysfs_attr_str(fs, a->daemon_comm, name, sizeof name) == 0 &&
        strcmp(name, DAEMON) == 0) {
        return true;
    }
    if (a->daemon_comm >= 0 || now_ns >= a->next_scan_ns) {
        daemon_scan(fs, a, now_ns);
    }
    return a->daemon_comm >= 0;
}

int fan_probe(Sysfs *fs, Inventory *inv, FanAttrs *a) {
    FanInfo *f = &inv->fan;
    memset(f, 0, sizeof *f);
    *a = (FanAttrs){-1, -1, -1, -1, -1, -1, -1, 0};
    probe_hwmon(fs, f, a);
    if (f->kind == FAN_NONE) {
        probe_legacy(fs, f, a);
    }
    if (f->kind == FAN_NONE) {
        return 0;
    }
    a->pwm = sysfs_attr(fs, f->pwm_path);
    a->rpm = f->rpm_path[0] ? sysfs_attr(fs, f->rpm_path) : -1;
    probe_conf(fs, f);
    a->status = discover_setting(fs, FAN_STATUS, NULL);
    a->tj_policy = find_tj_policy(fs, inv);
    if (f->kind == FAN_HWMON) {
        daemon_scan(fs, a, 0);
        a->next_scan_ns = 0; /* the first sample looks again */
    }
    return 0;
}

/* ---------------------------------------------------------------- parsing */

static void add_profile(FanInfo *f, StrView name) {
    for (int i = 0; i < f->n_profiles; i++) {
        if (strview_eq(name, f->profiles[i])) {
            return;
        }
    }
    if (f->n_profiles < JT_MAX_PROFILES &&
        strview_copy(name, f->profiles[f->n_profiles], sizeof f->profiles[0]) == 0) {
        f->n_profiles++;
    }
}

void fan_parse_conf(const char *text, size_t len, FanInfo *f) {
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        StrView w[3];
        size_t k = 0;
        parse_words(text + at, n, w, 3, &k);
        at += n + 1;
        if (k >= 2 && strview_eq(w[0], "FAN_PROFILE")) {
            add_profile(f, w[1]); /* "FAN_PROFILE quiet {" */
        } else if (k >= 2 && strview_eq(w[0], "FAN_DEFAULT_PROFILE")) {
            strview_copy(w[1], f->default_profile, sizeof f->default_profile);
        }
    }
}

int fan_parse_status(const char *text, size_t len, const char *key, char *out, size_t n) {
    char want[48];
    if (sysfs_path(want, sizeof want, "FAN1:%s:", key) < 0) {
        return -EINVAL;
    }
    size_t kl = strlen(want);
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t l = nl ? (size_t)(nl - (text + at)) : len - at;
        if (l > kl && memcmp(text + at, want, kl) == 0) {
            return parse_str(text + at + kl, l - kl, out, n);
        }
        at += l + 1;
    }
    return -ENOENT;
}

/* ---------------------------------------------------------------- read */

static void set_control(FanSample *fs, const char *a, const char *b) {
    size_t la = strlen(a);
    discover_copy(fs->control, sizeof fs->control, a);
    if (b && la + 1 < sizeof fs->control) {
        discover_copy(fs->control + la, sizeof fs->control - la, b);
    }
    fs->control_ok = true;
}

/* An nvfancontrol status key's value into out; false when there is none. */
static bool status_value(const char *buf, ssize_t n, const char *key, char *out, size_t sz) {
    return n > 0 && fan_parse_status(buf, (size_t)n, key, out, sz) == 0;
}

static void read_control(Sysfs *sfs, const Inventory *inv, FanAttrs *a, int64_t now_ns,
                         FanSample *out) {
    char buf[256];
    char val[16];
    if (inv->fan.kind == FAN_LEGACY) {
        Val tc = attrval_i64(sfs, a->temp_control);
        if (tc.ok) {
            set_control(out, tc.v ? "kernel" : "manual", NULL);
        }
        return;
    }
    if (daemon_running(sfs, a, now_ns)) {
        ssize_t n = attrval_text(sfs, a->status, buf, sizeof buf);
        const char *p = status_value(buf, n, "FAN_PROFILE", val, sizeof val) ? val
                        : inv->fan.default_profile[0] ? inv->fan.default_profile
                                                      : "default";
        set_control(out, "nvfancontrol:", p);
    } else if (attrval_str(sfs, a->tj_policy, val, sizeof val) && strcmp(val, "user_space") == 0) {
        set_control(out, "manual", NULL);
    } else {
        set_control(out, "kernel", NULL);
    }
}

void fan_read(Sysfs *fs, const Inventory *inv, FanAttrs *a, int64_t now_ns, Sample *out) {
    if (inv->fan.kind == FAN_NONE) {
        return;
    }
    FanSample *f = &out->fan;
    Val pwm = attrval_i64(fs, a->pwm);
    if (pwm.ok && pwm.v >= 0 && pwm.v <= 255) {
        f->pwm = pwm;
        f->pwm_pct10 = val_of((pwm.v * 1000 + 127) / 255);
    }
    f->rpm = attrval_i64(fs, a->rpm);
    read_control(fs, inv, a, now_ns, f);
}
