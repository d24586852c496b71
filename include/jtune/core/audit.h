/* SPDX-License-Identifier: MIT */
/* audit: the low-power checklist - each item pass / fail / n/a, with the evidence read from
 * the board and a way to fix it.
 *
 * Pure: the evidence is gathered elsewhere (platform/jetson/auditread.h reads the files under
 * the root; the knob state comes from core/profplan's ProfBoard) and evaluated here.
 *
 * A fix is either
 *   - settings jtune manages (an inline settings list, e.g. "usb.autosuspend=on"): the fix
 *     key resolves and applies it like a profile, through the helper, journaled (undo and
 *     jtune --restore cover it); or
 *   - a command for the user to run (systemd units, fstab, journald, NetworkManager, ethtool):
 *     shown, never run.
 *
 * Intent. Some items depend on what the board is for: "nvpmodel not MAXN", "clocks not
 * pinned", "governor powersave/schedutil", "big cores parked", "CPU capped", "GPU/EMC DVFS
 * active" and "idle states enabled" are low-power goals that a performance setup (burst)
 * breaks on purpose. The target is AUDIT_LOW_POWER unless the caller says otherwise; the app
 * picks AUDIT_PERFORMANCE when a profile whose intent is performance is in effect (its plan
 * would change nothing), and the audit page lets the user switch. Under AUDIT_PERFORMANCE
 * those items are n/a.
 *
 * Thresholds marked [I] are jtune's recommendations, inferred, not NVIDIA's numbers.
 */
#ifndef JTUNE_CORE_AUDIT_H
#define JTUNE_CORE_AUDIT_H

#include "jtune/core/profplan.h"
#include "jtune/core/sample.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Recommended values [I]: a CPU cap at 70 % of the top frequency; the vm sysctls keep the
 * working set in RAM (zram swapping costs CPU) and write back in short bursts (no long
 * stalls on eMMC/SD); a bounded persistent journal. */
#define AUDIT_CPU_CAP_PCT        70
#define AUDIT_SWAPPINESS_MAX     10
#define AUDIT_DIRTY_RATIO_MAX    10
#define AUDIT_DIRTY_BG_RATIO_MAX 5
#define AUDIT_JOURNAL_MAX_BYTES  (64LL * 1024 * 1024)
/* A process that wakes more often than this per second keeps cores out of deep idle [I]
 * (powertop lists such processes at the top; the guides' "prefer sleeps over polling"). */
#define AUDIT_WAKEUPS_MAX_HZ 50

typedef enum {
    AUD_NVP_CAPPED,         /* nvpmodel mode is not MAXN                        (low-power) */
    AUD_CLOCKS_DYNAMIC,     /* no min == max on CPU/GPU, EMC not locked          (low-power) */
    AUD_CPU_GOVERNOR,       /* powersave or schedutil                           (low-power) */
    AUD_CPU_PARKED,         /* cores outside the first cluster parked           (low-power) */
    AUD_CPU_CAPPED,         /* scaling_max_freq below the table's top           (low-power) */
    AUD_GPU_DVFS,           /* GPU governor scales, min < max                    (low-power) */
    AUD_EMC_DVFS,           /* EMC not locked, cap above the minimum rate        (low-power) */
    AUD_IDLE_ENABLED,       /* no cpuidle state disabled                         (low-power) */
    AUD_HEADLESS_TARGET,    /* default.target is multi-user.target */
    AUD_NO_DISPLAY_MANAGER, /* no display-manager.service */
    AUD_WIFI_POWERSAVE,     /* Wi-Fi blocked, or NetworkManager wifi.powersave = 3 */
    AUD_BT_BLOCKED,         /* Bluetooth radios blocked */
    AUD_WOL_OFF,            /* Ethernet Wake-on-LAN off (device power/wakeup disabled) */
    AUD_USB_AUTOSUSPEND,    /* every USB device power/control = auto */
    AUD_NOATIME,            /* root filesystem mounted noatime */
    AUD_JOURNALD,           /* journald volatile or SystemMaxUse bounded */
    AUD_SERVICES,           /* no known-unneeded service enabled */
    AUD_THP,                /* transparent hugepages not "always" */
    AUD_VM_SYSCTL,          /* vm.swappiness and vm.dirty_* at most the recommendation */
    AUD_WAKEUPS,            /* no process above AUDIT_WAKEUPS_MAX_HZ wakeups per second */
    AUD_RUNNING_SERVICES,   /* none of the named daemons running (proc/<pid>/comm) */
    AUD_COUNT
} AuditId;

typedef enum { AUDIT_NA, AUDIT_PASS, AUDIT_FAIL } AuditStatus;
typedef enum { AUDIT_LOW_POWER, AUDIT_PERFORMANCE, AUDIT_TARGET_COUNT } AuditTarget;

#define AUDIT_NAME     64
#define AUDIT_MAX_ETH  8
#define AUDIT_MAX_SVCS 16
#define AUDIT_MAX_WAKE 4

typedef struct {
    int pid;
    char comm[16];
    int64_t per_s; /* voluntary context switches per second (each one is a sleep and a wakeup) */
} AuditWaker;

/* What auditread found under the root (beyond the ProfBoard). */
typedef struct {
    const ProfBoard *b;               /* knob state (inventory, sample, USB, THP, vm, modes) */
    Val emc_locked;                   /* debugfs emc/mrq_rate_locked (root-only: often unknown) */
    bool systemd;                     /* etc/systemd/system exists (else the unit items are n/a) */
    char default_target[AUDIT_NAME];  /* unit default.target points to ("" unknown) */
    char display_manager[AUDIT_NAME]; /* unit display-manager.service points to ("" none) */
    int wifi_powersave;               /* NetworkManager [connection] wifi.powersave, -1 not set */
    char wifi_powersave_file[160];    /* the file that set it */
    bool networkmanager;              /* a NetworkManager configuration exists */
    int n_eth;
    char eth[AUDIT_MAX_ETH][16];   /* wired interfaces */
    Val eth_wakeup[AUDIT_MAX_ETH]; /* device power/wakeup: 1 enabled, 0 disabled */
    bool root_found;               /* proc/mounts has "/" */
    char root_opts[160];           /* its options */
    bool journal_volatile;         /* Storage=volatile (or none) */
    Val journal_max_bytes;         /* SystemMaxUse */
    int n_services;
    char services[AUDIT_MAX_SVCS][AUDIT_NAME]; /* known-unneeded units that are enabled */
    Val usb_autosuspend_s; /* usbcore autosuspend parameter (seconds; -1: autosuspend off) */
    /* processes (platform/jetson/wakeaudit.h): filled after auditread_collect */
    bool procs_read;                  /* proc/<pid>/status files were readable */
    bool wake_interval;               /* rates over the last interval, else since start */
    int n_wake;                       /* busiest first */
    AuditWaker wake[AUDIT_MAX_WAKE];  /* the processes waking most often */
    int n_running;                    /* named daemons found running */
    char running[AUDIT_MAX_SVCS][16]; /* their comm ("cupsd") */
    int running_pid[AUDIT_MAX_SVCS];
} AuditEvidence;

#define AUDIT_TEXT 160

typedef struct {
    AuditId id;
    AuditStatus status;
    char evidence[AUDIT_TEXT]; /* what was read: "default.target -> graphical.target" */
    char fix[AUDIT_TEXT];      /* settings the fix key applies ("" none) */
    char command[AUDIT_TEXT];  /* a command for the user ("" none) */
} AuditItem;

typedef struct {
    AuditTarget target;
    char profile[48]; /* the profile in effect ("" none): set by the caller, for the page */
    int n_pass, n_fail, n_na;
    AuditItem items[AUD_COUNT]; /* indexed by AuditId */
} AuditReport;

/* Evaluate every item. Pure. */
void audit_evaluate(const AuditEvidence *e, AuditTarget target, AuditReport *out);

/* One line naming the item ("Wi-Fi blocked or in power save"). Static; "?" out of range. */
const char *audit_title(AuditId id);

/* Stable short name ("wifi_powersave"), for tests and logs. */
const char *audit_name(AuditId id);

/* "pass", "FAIL", "n/a". */
const char *audit_status_name(AuditStatus s);

/* "low-power", "performance". */
const char *audit_target_name(AuditTarget t);

/* The systemd units the audit calls known-unneeded on a headless low-power board (cups,
 * avahi-daemon, bluetooth, ModemManager ...). *n gets the count. Static. */
const char *const *audit_unneeded_services(int *n);

/* The systemd unit of a daemon the audit names by its process name (comm: "cupsd" ->
 * "cups", "bluetoothd" -> "bluetooth", "gdm3" -> "gdm3"), or NULL when it is not one. */
const char *audit_daemon_unit(const char *comm);

/* Score as "12/17 pass" (n/a items not counted). Returns the length. */
int audit_format_score(const AuditReport *r, char *out, size_t outsz);

/* Parse a journald size ("64M", "1G", "500K", "1048576"; base 1024). 0 or -EINVAL. */
int audit_parse_size(const char *s, int64_t *bytes);

#endif
