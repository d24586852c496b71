/* SPDX-License-Identifier: MIT */
/* profplan: a profile resolved against one board - the ordered list of knob writes.
 *
 * The resolver turns settings by meaning into concrete steps ("policy0 scaling_max_freq
 * 1344000 -> 1190400") using what the board offers (ProfBoard: the sampler's inventory and
 * sample plus the few files the sampler does not read). Values the board does not offer are
 * reported (file:line, as warnings) and skipped: a profile written for another board still
 * applies what it can.
 *
 * Order (why it matters):
 *   1. nvpmodel first: a mode rewrites the caps and the online cores, so everything after it
 *      is planned against what the mode leaves (predicted from the nvpmodel table); a mode
 *      that needs a reboot is skipped (jtune never reboots a board);
 *   2. unpark cores before touching their cluster (an offline cluster refuses writes);
 *   3. per cluster: governor, then the frequency limits in the order that keeps min <= max;
 *   4. park cores (their clusters' settings were skipped: nothing to write there);
 *   5. cpuidle, GPU limits (same min/max order), EMC cap, fan, radios, USB, THP, vm sysctls.
 * A step whose node already holds the value is kept but marked unchanged (the preview hides
 * it; applying it again is harmless), except after an nvpmodel step, which may move the node.
 *
 * Pure: the board snapshot is handed in; no I/O.
 */
#ifndef JTUNE_CORE_PROFPLAN_H
#define JTUNE_CORE_PROFPLAN_H

#include "jtune/core/diag.h"
#include "jtune/core/profile.h"
#include "jtune/core/sample.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PB_MAX_USB  24
#define PB_USB_NAME 24

/* One USB device ("1-2", "usb1") and its runtime PM control. */
typedef struct {
    char name[PB_USB_NAME];
    Val autosuspend; /* power/control: 1 "auto", 0 "on" */
} PbUsb;

/* What an nvpmodel mode sets (from the nvpmodel table), for planning the steps after it. */
typedef struct {
    int id;
    char name[24];
    bool caps_known;                  /* the table could be read: the fields below are valid */
    bool needs_reboot;                /* switching to it from the current mode needs a reboot */
    uint64_t cores_set, cores_online; /* CORE_n the mode names, and those it puts online */
    Val pol_min_khz[JT_MAX_POLICIES], pol_max_khz[JT_MAX_POLICIES]; /* after rounding */
    Val gpu_min_hz, gpu_max_hz, emc_cap_hz;
} PbMode;

/* The board as profiles and the audit see it. inv is borrowed; the rest is a copy. */
typedef struct {
    const Inventory *inv;
    Sample cur; /* current values (emc.cap_hz may be filled in through the helper) */
    int n_usb;
    PbUsb usb[PB_MAX_USB];
    unsigned thp_choices; /* bit per ProfThp the kernel offers (0: unknown) */
    Val thp;              /* the current ProfThp */
    Val swappiness, dirty_ratio, dirty_bg_ratio;
    int n_modes;
    PbMode modes[JT_MAX_MODES]; /* indexed like inv->nvp.modes */
} ProfBoard;

/* What a step writes: one helper call each. */
typedef enum {
    PO_NVPMODEL,     /* value: mode id */
    PO_CPU_ONLINE,   /* index: cpu; value 0/1 */
    PO_CPU_GOVERNOR, /* index: policy's first cpu; arg: governor */
    PO_CPU_MIN_KHZ,  /* index: policy's first cpu */
    PO_CPU_MAX_KHZ,  /* index: policy's first cpu */
    PO_GPU_MIN_HZ,
    PO_GPU_MAX_HZ,
    PO_EMC_CAP_HZ,
    PO_CPUIDLE_DISABLE, /* index: cpu or -1 (every core); sub: state; value 0/1 */
    PO_FAN_PWM,         /* value 0..255 */
    PO_FAN_AUTO,        /* hand the fan back to its controller */
    PO_RADIO_BLOCK,     /* index: rfkillN; value 1 blocks */
    PO_USB_POWER,       /* arg: device name; value 1 auto, 0 on */
    PO_THP,             /* value: ProfThp */
    PO_VM_SWAPPINESS,
    PO_VM_DIRTY_RATIO,
    PO_VM_DIRTY_BG_RATIO,
    PO_COUNT
} ProfOp;

typedef struct {
    ProfOp op;
    int index;
    int sub;
    int64_t value;
    char arg[PB_USB_NAME]; /* governor or USB device name */
    char node[40];         /* what is written: "policy0 max", "cpu4 online" */
    char from[32];         /* current value as text ("n/a" when unknown) */
    char to[32];           /* new value as text */
    bool change;           /* the node will change (or may, after an nvpmodel step) */
    uint64_t online_after; /* cpu online/nvpmodel steps: the online cpus once it is done
                              (0: not an online change); later steps need the cores up */
    ProfKey key;           /* the setting that asked for it */
    int line;              /* its line in the profile */
} ProfStep;

#define PLAN_MAX_STEPS 96

typedef struct {
    int n;
    int n_changes; /* steps with change set */
    int n_skipped; /* settings (or parts) skipped as unsupported */
    ProfStep steps[PLAN_MAX_STEPS];
} ProfPlan;

/* Resolve p against b into plan (emptied first). Unsupported values are warnings in d
 * (at p->file:line) and counted in plan->n_skipped. Returns 0, or -ENOSPC when the plan
 * would exceed PLAN_MAX_STEPS. */
int profplan_resolve(const Profile *p, const ProfBoard *b, ProfPlan *plan, Diag *d);

/* One preview line for a step: "policy0 max            1344 MHz -> 1190 MHz". Returns the
 * length (truncated to outsz). */
int profplan_format_step(const ProfStep *s, char *out, size_t outsz);

/* True when the plan changes nothing: the profile is in effect on the board (settings the
 * board cannot do were skipped and do not count). */
bool profplan_matches(const ProfPlan *plan);

/* The highest entry of an ascending table at or below v (the lowest when v is below every
 * entry); 0 for an empty table. */
int64_t profplan_round_down(const int64_t *table, int n, int64_t v);

#endif
