/* SPDX-License-Identifier: MIT */
/* sim_internal: the simulator's shared state. Modules:
 *   simfs.c   files under the root (create, link, FIFO, rewrite in place) and the node table
 *   tree_*.c  write the static tree and register the files that change ("nodes")
 *   model.c   the physics of one tick (loads, governors, power, heat, fan, counters)
 *   render.c  a node's text from the state
 *   react.c   writes to knob files, applied like the kernel would (or reverted)
 *   sim.c     open / tick / close
 */
#ifndef JTUNE_SIM_INTERNAL_H
#define JTUNE_SIM_INTERNAL_H

#include "jtune/sim/board.h"
#include "jtune/sim/demand.h"
#include "jtune/sim/sim.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ------------------------------------------------------------------ random numbers */

typedef struct {
    uint64_t s;
} Rng;

void rng_seed(Rng *r, uint64_t seed);
uint64_t rng_next(Rng *r);
/* Uniform in [0, 1). */
double rng_unit(Rng *r);
/* Uniform in [-1, 1). */
double rng_sym(Rng *r);

/* ------------------------------------------------------------------ nodes */

/* What a node's text is made of; a and b of the node pick the cpu/policy/rail/zone... */
typedef enum {
    R_CPU_ONLINE_LIST,
    R_CPU_OFFLINE_LIST,
    R_CPU_ONLINE, /* a = cpu (knob) */
    R_POL_CUR,    /* a = policy */
    R_POL_AFFECTED,
    R_POL_INFO_CUR,
    R_POL_MIN,      /* knob */
    R_POL_MAX,      /* knob */
    R_POL_GOV,      /* knob */
    R_POL_SETSPEED, /* knob */
    R_IDLE_DISABLE, /* a = cpu, b = state (knob) */
    R_IDLE_USAGE,
    R_IDLE_TIME,
    R_IDLE_ABOVE,
    R_IDLE_BELOW,
    R_PROC_STAT,
    R_PROC_UPTIME,
    R_PROC_MEMINFO,
    R_PROC_BUDDYINFO,
    R_GPU_CUR,
    R_GPU_TARGET,
    R_GPU_MIN, /* knob */
    R_GPU_MAX, /* knob */
    R_GPU_GOV, /* knob */
    R_GPU_LOAD,
    R_GPU_RAILGATE, /* knob */
    R_GPU_TPC,      /* knob */
    R_GPU_PWRCTL,   /* knob */
    R_GPU_3D,       /* knob */
    R_GPU_TRANS,
    R_EMC_RATE, /* knob while mrq_rate_locked is 1 */
    R_EMC_LOCK, /* knob */
    R_EMC_CLK_RATE,
    R_EMC_CAP, /* knob */
    R_EMC_UTIL,
    R_RAIL_MV, /* a = rail */
    R_RAIL_MA,
    R_RAIL_SHUNT,
    R_RAIL_MW,
    R_RAIL_UW,   /* INA238 power1_input */
    R_SUM_SHUNT, /* a = chip */
    R_SUM_MA,
    R_ZONE_TEMP,   /* a = zone */
    R_ZONE_POLICY, /* a = zone (knob: the thermal governor) */
    R_COOL_CUR,    /* a = cooling device */
    R_FAN_PWM,     /* knob */
    R_FAN_RPM,
    R_FAN_TEMP_CONTROL, /* knob (legacy fan) */
    R_NVFAN_STATUS,     /* knob */
    R_NVFAN_UNIT,       /* knob: the simulator's nvfancontrol.service (start/stop/restart) */
    R_RF_SOFT,          /* a = radio (knob) */
    R_RF_STATE,         /* knob */
    R_USB_CONTROL,      /* a = usb device (knob) */
    R_USB_STATUS,
    R_AUDIT_PROC_STATUS, /* a = daemon of tree_audit.c: proc/<pid>/status */
    R_AUDIT_PROC_SCHED,  /* a = daemon of tree_audit.c: proc/<pid>/schedstat */
    R_COUNT
} Role;

typedef struct {
    char *rel; /* root-relative path (for messages) */
    int fd;    /* kept open: O_RDWR */
    Role role;
    int a, b;
    bool knob;       /* written by users: read back every tick */
    int empty_ticks; /* consecutive ticks a knob read back empty (a write in progress) */
    char *last;      /* what the simulator last wrote */
    size_t last_len;
    size_t last_cap;
} SimNode;

/* ------------------------------------------------------------------ state */

typedef struct {
    bool online;
    double bg;   /* synthetic demand, fraction of the core at the top frequency */
    double ext;  /* demand file */
    double busy; /* busy share at the current frequency */
    double burst_level, burst_left_s;
    double phase[3];
    double jiffies[10]; /* user nice system idle iowait irq softirq steal guest guest_nice */
    double idle_usage[SB_MAX_IDLE], idle_time_us[SB_MAX_IDLE];
    double idle_above[SB_MAX_IDLE], idle_below[SB_MAX_IDLE];
    bool idle_disabled[SB_MAX_IDLE];
} CoreState;

typedef struct {
    char gov[16];
    int64_t req_min, req_max; /* what was written (kernel QoS requests) */
    int64_t min, max;         /* effective limits shown in scaling_min/max_freq */
    int64_t cur;
    int64_t setspeed;
    int cool_state; /* cpufreq cooling: steps below the top of the table */
    bool active;    /* at least one core online */
} PolicyState;

typedef struct {
    double bg, ext, burst_level, burst_left_s;
    int64_t req_min, req_max, min, max, cur;
    char gov[24];
    int load_pm;
    bool railgated;
    double unloaded_s; /* time without load (rail-gating delay) */
    int railgate_enable;
    int64_t tpc_mask;
    char pwrctl[8];
    int scaling_3d;
    int cool_state;
    double time_ms[SB_MAX_FREQS];
    uint32_t trans[SB_MAX_FREQS][SB_MAX_FREQS];
    uint32_t total_trans;
} GpuState;

typedef struct {
    int64_t cap; /* nvpmodel cap (effective, Hz) */
    int64_t rate;
    bool locked; /* mrq_rate_locked */
    int64_t locked_rate;
    double util_pct;
    double ext;
} EmcState;

typedef struct {
    int pwm;
    double rpm;
    int temp_control; /* legacy fan: 1 = kernel curve */
    bool daemon;      /* nvfancontrol runs (a PWM written by hand does not stop it) */
    int pid;          /* its process id while it runs (proc/<pid>/comm) */
    char profile[16]; /* the status file: the daemon's state, read back when it starts */
    char governor[16];
    char control[16];
    double poll_left_s;
    int kstate;          /* the kernel governor's pwm-fan cooling state (nvfancontrol stopped) */
    double kpoll_left_s; /* until the governor's next look at the tj zone */
} FanState;

typedef struct {
    double free_kib, cached_kib, buffers_kib, nvmap_kib, cma_free_kib;
    double drift_phase;
} MemState;

typedef struct {
    uint64_t tick;
    double t_s;
    double uptime_s, idle_total_s;
    double ctxt, intr, softirq, processes;
    CoreState core[SB_MAX_CPUS];
    PolicyState pol[SB_MAX_CLUSTERS];
    GpuState gpu;
    EmcState emc;
    double comp_mw[COMP_N];
    double rail_mw[SB_MAX_RAILS], rail_mv[SB_MAX_RAILS], rail_ma[SB_MAX_RAILS];
    double total_mw; /* input rail, or the sum of rails */
    double temp_mc[SB_MAX_ZONES];
    bool trip_passed[SB_MAX_ZONES][SB_MAX_TRIPS];
    int cool_cur[SB_MAX_COOLING];
    char zone_policy[SB_MAX_ZONES][16]; /* thermal_zoneN/policy */
    double thermal_poll_s;
    FanState fan;
    int rf_soft[SB_MAX_RADIOS];
    char usb_control[SB_MAX_USB][8];
    MemState mem;
} SimState;

/* ------------------------------------------------------------------ the simulator */

/* hwmon device slots: INA3221 chips first (by index), then these. */
enum { HW_FAN_PWM = SB_MAX_INA, HW_FAN_TACH, HW_SOCTHERM, HW_SLOTS };

typedef struct SimProcs SimProcs; /* tree_procs.c */

struct Sim {
    SimBoard board;
    char root[PATH_MAX];
    int rootfd;
    uint64_t seed;
    int hz;
    double dt;
    Rng rng; /* physics */
    SimState st;
    SimNode *nodes;
    int n_nodes, cap_nodes;
    int fifo_fds[SB_MAX_ZONES];
    int n_fifos;
    int demand_fd;
    char demand_text[SIMDEMAND_MAX_TEXT];
    SimDemand demand;
    int hwmon_num[HW_SLOTS];
    int zone_num[SB_MAX_ZONES];
    int cool_num[SB_MAX_COOLING];
    double rail_base_mw[SB_MAX_RAILS];
    double zone_offset_mc[SB_MAX_ZONES];
    int cpu_zone;    /* the zone whose temperature scales CPU leakage (-1: none) */
    int boot_tpcs;   /* active TPCs at boot */
    char msg[256];   /* last warning, for the caller */
    SimProcs *procs; /* simulated processes and interrupts (NULL before tree_procs) */
};

/* ---- simfs.c ---- */

/* mkdir -p of a root-relative directory. 0 or -errno. */
int simfs_mkdirs(Sim *s, const char *rel);
/* Create (replace) a file with content and mode. 0 or -errno. */
int simfs_write(Sim *s, const char *rel, const void *data, size_t n, mode_t mode);
/* printf into a fresh file with mode. 0 or -errno. */
int simfs_printf(Sim *s, const char *rel, mode_t mode, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Create (replace) a symlink rel -> target. 0 or -errno. */
int simfs_link(Sim *s, const char *rel, const char *target);
/* A relative link from rel to the root-relative path to ("../../devices/..."). */
int simfs_link_rel(Sim *s, const char *rel, const char *to);
/* A FIFO whose reads fail with EAGAIN while the simulator holds it open. 0 or -errno. */
int simfs_fifo(Sim *s, const char *rel);
/* Register a node: create the file (mode), keep it open. 0 or -errno. */
int simfs_node(Sim *s, const char *rel, mode_t mode, Role role, int a, int b);
/* Rewrite fd in place with data (pwrite at 0, ftruncate). 0 or -errno. */
int simfs_rewrite(int fd, const void *data, size_t n);
/* Make the root empty: nothing to do when it is, the previous tree removed when it holds one
 * (run/jtune-sim/board marks it), -ENOTEMPTY for any other directory. 0 or -errno. */
int simfs_clear(Sim *s);
/* Close every node and FIFO. */
void simfs_close_all(Sim *s);

/* ---- tree_*.c: each writes its part of the tree and registers its nodes ---- */
int tree_identity(Sim *s);
int tree_cpu(Sim *s);
int tree_gpu(Sim *s);
int tree_emc(Sim *s);
int tree_power(Sim *s);
int tree_thermal(Sim *s);
int tree_fan(Sim *s);
/* nvfancontrol.service: start (the status file's profile, or the conf's FAN_DEFAULT_PROFILE
 * when the status file was removed), stop or restart, with its proc/<pid>/comm entry. 0 or
 * -errno (the state changes even when the proc entry cannot be written). */
int nvfand_start(Sim *s);
int nvfand_stop(Sim *s);
int tree_system(Sim *s);
int tree_audit(Sim *s, const char *exe);
/* [I] CPU time a simulated process spends on one wakeup: handle the event, sleep again. */
#define WAKE_RUN_S 20e-6
/* Processes, proc/interrupts, nvmap clients (tree_procs.c): build, one step of dt seconds
 * (after model_step: it follows the demand and the loads), free. 0 or -errno. */
int tree_procs(Sim *s);
int tree_procs_step(Sim *s, double dt);
void tree_procs_free(Sim *s);
/* proc/<pid>/status of tree_audit.c's daemon i at the current uptime into out. */
int tree_audit_proc_status(const Sim *s, int i, char *out, size_t outsz);
/* proc/<pid>/schedstat of tree_audit.c's daemon i at the current uptime into out. */
int tree_audit_proc_sched(const Sim *s, int i, char *out, size_t outsz);
/* Package database, CUDA version file, kernel release, hostname, addresses (jtune --info). */
int tree_software(Sim *s);

/* ---- model.c ---- */
void model_init(Sim *s);
void model_calibrate(Sim *s);
void model_step(Sim *s, double dt);
/* model_thermal.c: zone offsets for the boot idle state; one tick of heat, trips, cooling
 * and fan; the RPM a PWM settles at. */
void model_calibrate_thermal(Sim *s);
void model_thermal_step(Sim *s, double dt);
double model_fan_rpm_for(const Sim *s, int pwm);
void model_apply_cpu_limits(Sim *s, int pol);
void model_apply_gpu_limits(Sim *s);
void model_apply_online(Sim *s);
/* Table helpers: the first entry >= v (or the last), the last entry <= v (or the first). */
int64_t model_table_round_up(const int64_t *t, int n, int64_t v);
int64_t model_table_round_down(const int64_t *t, int n, int64_t v);
int model_active_tpcs(const Sim *s, int64_t mask);

/* ---- render.c ---- */
/* The text of node n into buf; returns its length. */
size_t render_node(const Sim *s, const SimNode *n, char *buf, size_t bufsz);

/* ---- react.c ---- */
/* A knob's file now holds text (not what the simulator wrote): apply it like the kernel, or
 * reject it (the next render puts the old value back). Returns true when accepted. */
bool react_knob(Sim *s, const SimNode *n, const char *text, size_t len);
/* True for the roles users write (read back every tick). */
bool react_is_knob(Role r);

/* ---- layout (tree_power.c) ---- */
/* Number hwmon devices, thermal zones and cooling devices (a seeded permutation). */
void tree_layout(Sim *s);
/* Create <devdir>/hwmon/hwmonN with its name file and class link; the dir into out. */
int tree_hwmon_dir(Sim *s, int slot, const char *devdir, const char *name, char *out, size_t outsz);

#endif
