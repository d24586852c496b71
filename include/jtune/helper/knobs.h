/* SPDX-License-Identifier: MIT */
/* knobs: the helper's allowlisted tunables - one table row per protocol target.
 *
 * A row says where the target lives (a base directory the write may not leave: "sys" or
 * "proc/sys", and a path built from the request's integers only), how the node's text maps to
 * the protocol value and back, and which values are legal right now (re-read from what the
 * kernel advertises on every request: frequency tables, governors, the online mask, trip
 * points, the nvpmodel conf). Writes go through sysfs_write_beneath, so a symlink planted in
 * the tree can never lead a write outside the base (-EXDEV).
 *
 * Adding a knob: one row in knobs.c plus, when the generic ones do not fit, one small check or
 * path function.
 */
#ifndef JTUNE_HELPER_KNOBS_H
#define JTUNE_HELPER_KNOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jtune/ipc/proto.h"
#include "jtune/platform/sysfs.h"

#define KNOB_PATH 256

/* One node: a target and its instance numbers. */
typedef struct {
    TuneTarget target;
    uint32_t index;
    uint16_t sub;
} KnobKey;

typedef enum { KNOB_FAN_NONE, KNOB_FAN_HWMON, KNOB_FAN_LEGACY } KnobFanKind;

/* What the knobs need: the root, the safety policy and what discovery found. */
typedef struct {
    Sysfs *fs;               /* borrowed */
    int fan_floor_pwm;       /* lowest manual PWM allowed while a zone is near its trip */
    int fan_margin_mc;       /* "near": within this many milli-degC of the first trip point */
    uint64_t child_caps;     /* capabilities made ambient for nvpmodel (0: none) */
    bool trusted_exec_only;  /* privileged: run nvpmodel only from a root-only path */
    int nvpmodel_timeout_ms; /* how long nvpmodel may run */
    /* discovery, paths relative to "sys" ("" when absent) */
    char gpu_dir[KNOB_PATH]; /* "class/devfreq/17000000.gpu" */
    char emc_cap[KNOB_PATH]; /* "kernel/nvpmodel_clk_cap/emc" (JP6) or the JP5 file */
    KnobFanKind fan_kind;
    char fan_pwm[KNOB_PATH];       /* "class/hwmon/hwmon0/pwm1" or "devices/pwm-fan/target_pwm" */
    char fan_mode[KNOB_PATH];      /* legacy "devices/pwm-fan/temp_control", else "" */
    char fan_tj_policy[KNOB_PATH]; /* pwm-fan boards: "class/thermal/thermal_zoneN/policy" of
                                      the tj zone, else "" */
    int64_t detail;                /* a number explaining the last refusal (fan floor, mode id) */
} KnobEnv;

/* Flags for knobs_check / knobs_write. */
#define KNOB_RESTORE                                                                               \
    0x1 /* putting an original value back: skip policy-only limits (the fan                        \
           floor); what the kernel advertises is still checked */

/* Find the GPU devfreq node, the EMC cap file and the fan. Never fails: absent parts stay "".
 */
void knobs_discover(KnobEnv *e);

/* Read the node's current value in the target's encoding. 0, -ENODEV (no such node on this
 * board), -EOPNOTSUPP (a value the protocol cannot name, e.g. an unknown governor), -errno. */
int knobs_get(KnobEnv *e, const KnobKey *k, int64_t *value);

/* Is value legal for the node now? 0 or -errno: EINVAL (not offered by the kernel or outside
 * the static range), ERANGE (min above max or max below min), EPERM (cpu0 offline), EBUSY
 * (last online core), EAGAIN (fan below the floor near a trip point; e->detail = floor),
 * ENODEV (not on this board), ENODATA (the kernel does not say what is legal). */
int knobs_check(KnobEnv *e, const KnobKey *k, int64_t value, int flags);

/* knobs_check, then write the value (nvpmodel: run the tool). 0 or -errno; -EXDEV when the
 * path would leave its base, -ECANCELED when an nvpmodel mode needs a reboot. */
int knobs_write(KnobEnv *e, const KnobKey *k, int64_t value, int flags);

/* Possible cpus ("sys/devices/system/cpu/possible") as a mask. 0 or -errno. */
int knobs_possible_cpus(KnobEnv *e, uint64_t *mask);

/* True when some thermal zone is within e->fan_margin_mc of its first (lowest) trip point. */
bool knobs_near_trip(KnobEnv *e);

#endif
