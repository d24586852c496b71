/* SPDX-License-Identifier: MIT */
/* knobs_discover: the helper finds its own nodes (never trusting a path from the client): the GPU
 * devfreq node, the EMC cap file, the fan, and the thermal headroom for the fan floor. */
#include "jtune/helper/knobs.h"

#include "jtune/core/parse.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* GPU devfreq names per JetPack (orin-sysfs.md section 4): JP6 Orin, JP5 Orin, Xavier, Nano. */
static const char *const gpu_names[] = {"17000000.gpu", "17000000.ga10b", "17000000.gv11b",
                                        "57000000.gpu", "17000000.gp10b", "gpu-gpc-0"};

/* EMC cap file: JP6 first, then JP5 (orin-sysfs.md section 16). */
static const char *const emc_caps[] = {"kernel/nvpmodel_clk_cap/emc",
                                       "kernel/nvpmodel_emc_cap/emc_iso_cap"};

static bool sys_exists(KnobEnv *e, const char *rel) {
    char p[KNOB_PATH + 8];
    return sysfs_path(p, sizeof p, "sys/%s", rel) == 0 && sysfs_exists(e->fs, p);
}

static void find_gpu(KnobEnv *e) {
    char rel[KNOB_PATH];
    for (size_t i = 0; i < sizeof gpu_names / sizeof gpu_names[0]; i++) {
        snprintf(rel, sizeof rel, "class/devfreq/%s", gpu_names[i]);
        if (sys_exists(e, rel)) {
            snprintf(e->gpu_dir, sizeof e->gpu_dir, "%s", rel);
            return;
        }
    }
    /* an unknown board: any devfreq node named "*.gpu" */
    DIR *d = sysfs_opendir(e->fs, "sys/class/devfreq");
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n > 4 && n < 64 && strcmp(de->d_name + n - 4, ".gpu") == 0) {
            snprintf(e->gpu_dir, sizeof e->gpu_dir, "class/devfreq/%s", de->d_name);
            break;
        }
    }
    if (d) {
        closedir(d);
    }
}

/* "hwmonN" -> N, or -1. */
static int hwmon_number(const char *name) {
    int64_t n;
    if (strncmp(name, "hwmon", 5) != 0 || parse_i64(name + 5, strlen(name + 5), &n) < 0 || n < 0 ||
        n > 9999) {
        return -1;
    }
    return (int)n;
}

/* The pwm-fan hwmon (name "pwmfan") with the lowest number, found by name: numbers change
 * per boot. */
static void find_fan_hwmon(KnobEnv *e) {
    DIR *d = sysfs_opendir(e->fs, "sys/class/hwmon");
    if (!d) {
        return;
    }
    int best = -1;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        int n = hwmon_number(de->d_name);
        char p[64], name[32];
        if (n < 0 || (best >= 0 && n > best)) {
            continue;
        }
        snprintf(p, sizeof p, "sys/class/hwmon/hwmon%d/name", n);
        if (sysfs_read_str(e->fs, p, name, sizeof name) < 0 || strcmp(name, "pwmfan") != 0) {
            continue;
        }
        snprintf(p, sizeof p, "class/hwmon/hwmon%d/pwm1", n);
        if (sys_exists(e, p)) {
            best = n;
        }
    }
    closedir(d);
    if (best >= 0) {
        e->fan_kind = KNOB_FAN_HWMON;
        snprintf(e->fan_pwm, sizeof e->fan_pwm, "class/hwmon/hwmon%d/pwm1", best);
    }
}

/* The zone whose governor drives the pwm-fan cooling device while nvfancontrol is stopped:
 * "tj-thermal" (JetPack 6), "tj-therm"/"Tj-therm" (JetPack 5 Orin), "thermal-fan-est"
 * (Xavier). */
static bool fan_zone_type(const char *type) {
    return strncasecmp(type, "tj-therm", 8) == 0 || strcmp(type, "thermal-fan-est") == 0;
}

/* That zone's policy file. */
static void find_tj_policy(KnobEnv *e) {
    DIR *d = sysfs_opendir(e->fs, "sys/class/thermal");
    if (!d) {
        return;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL && !e->fan_tj_policy[0]) {
        char p[96], type[32];
        if (strncmp(de->d_name, "thermal_zone", 12) != 0 || strlen(de->d_name) > 24) {
            continue;
        }
        snprintf(p, sizeof p, "sys/class/thermal/%s/type", de->d_name);
        if (sysfs_read_str(e->fs, p, type, sizeof type) < 0 || !fan_zone_type(type)) {
            continue;
        }
        snprintf(p, sizeof p, "class/thermal/%s/policy", de->d_name);
        if (sys_exists(e, p)) {
            snprintf(e->fan_tj_policy, sizeof e->fan_tj_policy, "%s", p);
        }
    }
    closedir(d);
}

void knobs_discover(KnobEnv *e) {
    e->gpu_dir[0] = e->emc_cap[0] = e->fan_pwm[0] = e->fan_mode[0] = '\0';
    e->fan_tj_policy[0] = '\0';
    e->fan_kind = KNOB_FAN_NONE;
    find_gpu(e);
    for (size_t i = 0; i < sizeof emc_caps / sizeof emc_caps[0]; i++) {
        if (sys_exists(e, emc_caps[i])) {
            snprintf(e->emc_cap, sizeof e->emc_cap, "%s", emc_caps[i]);
            break;
        }
    }
    find_fan_hwmon(e);
    if (e->fan_kind == KNOB_FAN_HWMON) {
        find_tj_policy(e);
    }
    if (e->fan_kind == KNOB_FAN_NONE && sys_exists(e, "devices/pwm-fan/target_pwm")) {
        /* JetPack 4 (Nano, TX2, Xavier): target_pwm, with temp_control choosing auto/manual */
        e->fan_kind = KNOB_FAN_LEGACY;
        snprintf(e->fan_pwm, sizeof e->fan_pwm, "devices/pwm-fan/target_pwm");
        if (sys_exists(e, "devices/pwm-fan/temp_control")) {
            snprintf(e->fan_mode, sizeof e->fan_mode, "devices/pwm-fan/temp_control");
        }
    }
}

/* The zone's first trip point: the lowest trip temperature it has, i.e. the first one it
 * would cross while heating (JP6 lists 99 C passive before 70 C passive, so index order is
 * not temperature order). Returns false when the zone has no usable trip. */
static bool zone_first_trip(KnobEnv *e, const char *zone, int64_t *trip_mc) {
    bool found = false;
    for (int t = 0; t < 16; t++) {
        char p[96];
        int64_t v;
        snprintf(p, sizeof p, "sys/class/thermal/%s/trip_point_%d_temp", zone, t);
        if (sysfs_read_i64(e->fs, p, &v) < 0) {
            break;
        }
        if (v > 0 && (!found || v < *trip_mc)) {
            *trip_mc = v;
            found = true;
        }
    }
    return found;
}

bool knobs_near_trip(KnobEnv *e) {
    DIR *d = sysfs_opendir(e->fs, "sys/class/thermal");
    if (!d) {
        return false;
    }
    bool near = false;
    struct dirent *de;
    while (!near && (de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, "thermal_zone", 12) != 0 || strlen(de->d_name) > 24) {
            continue;
        }
        char p[96];
        int64_t temp, trip = 0;
        snprintf(p, sizeof p, "sys/class/thermal/%s/temp", de->d_name);
        /* a power-gated zone (EAGAIN) or an unreadable one says nothing about heat */
        if (sysfs_read_i64(e->fs, p, &temp) < 0 || !zone_first_trip(e, de->d_name, &trip)) {
            continue;
        }
        near = temp >= trip - e->fan_margin_mc;
    }
    closedir(d);
    return near;
}
