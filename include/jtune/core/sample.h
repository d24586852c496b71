/* SPDX-License-Identifier: MIT */
/* sample: what jtune knows about a board. Two parts:
 *   Inventory - what discovery found (names, tables, limits); changes only on re-probe.
 *   Sample    - the values of one instant; every field carries a validity flag (Val.ok).
 * Arrays in Sample are indexed like the matching arrays in Inventory (rails[i] is the
 * rail inv.rails[i]); counts live in the Inventory. Units are in the field names.
 * Pure data: no pointers, so a Sample can be copied into a ring buffer with memcpy.
 */
#ifndef JTUNE_CORE_SAMPLE_H
#define JTUNE_CORE_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JT_MAX_CPUS     16
#define JT_MAX_POLICIES 8
#define JT_MAX_FREQS    192 /* Thor's GPU has about 170 steps */
#define JT_MAX_GOVS     8
#define JT_MAX_IDLE     6
#define JT_MAX_RAILS    24 /* TX2 has 12 */
#define JT_MAX_ZONES    24
#define JT_MAX_TRIPS    6
#define JT_MAX_ENGINES  16
#define JT_MAX_RADIOS   8
#define JT_MAX_MODES    16
#define JT_MAX_PROFILES 8
#define JT_NAME         32
#define JT_PATH         160
#define JT_TOP_PROCS    8  /* processes by wakeups carried in a Sample (core/procs.h) */
#define JT_TOP_IRQS     8  /* interrupts by rate carried in a Sample */
#define JT_TOP_NAME     40 /* their names: safe text (procs_safe_name) */

/* A sampled value and whether it is known. Unknown is not zero: print "n/a". */
typedef struct {
    int64_t v;
    bool ok;
} Val;

/* ------------------------------------------------------------------ Inventory */

typedef struct {
    char model[96];       /* device-tree model, e.g. "NVIDIA Jetson Orin Nano ... Super" */
    char compatible[192]; /* device-tree compatible, NULs turned into ", " */
    char module[32];      /* module P-number from compatible, e.g. "p3767-0005" ("" unknown) */
    char soc[16];         /* "tegra234", "tegra194", "tegra210" ("" unknown) */
    char l4t[24];         /* "36.4.3" from /etc/nv_tegra_release ("" unknown) */
    char jetpack[16];     /* "6.2" when the release is known, else "" (shown as is) */
    char kernel[64];      /* kernel release from /proc/version ("" unknown) */
    bool super;           /* "super" device tree (Orin Nano/NX Super) */
} Identity;

typedef struct {
    int first_cpu; /* policyN */
    uint64_t cpus; /* related_cpus mask */
    int n_freqs;
    int64_t freqs_khz[JT_MAX_FREQS]; /* scaling_available_frequencies, ascending */
    bool freqs_capped;               /* the table was longer: thinned, ends kept */
    int n_govs;
    char govs[JT_MAX_GOVS][16]; /* scaling_available_governors */
    Val cpuinfo_min_khz;
    Val cpuinfo_max_khz;
    char driver[24];
} PolicyInfo;

typedef struct {
    int n_cpus;                   /* possible cpus (cpu0..n-1) */
    int policy_of[JT_MAX_CPUS];   /* index into policies[], -1 if none */
    int cluster_of[JT_MAX_CPUS];  /* topology/cluster_id or policy index */
    bool has_online[JT_MAX_CPUS]; /* cpuN/online exists (cpu0 may lack it) */
    int n_policies;
    PolicyInfo policies[JT_MAX_POLICIES];
} CpuInfo;

typedef struct {
    bool present;
    char name[JT_NAME];        /* devfreq name: "17000000.gpu", "17000000.ga10b", "57000000.gpu" */
    char devfreq_dir[JT_PATH]; /* root-relative, e.g. "sys/class/devfreq/17000000.gpu" */
    char device_dir[JT_PATH];  /* root-relative resolved device dir (load, railgate, masks) */
    int n_freqs;
    int64_t freqs_hz[JT_MAX_FREQS];
    bool freqs_capped; /* the table was longer: thinned, ends kept */
    int n_govs;
    char govs[JT_MAX_GOVS][24];
    bool has_load, has_railgate, has_tpc_mask, has_3d_scaling;
    bool load_nvml;    /* no load file: the load comes from NVML (JetPack 7) */
    char load_why[64]; /* why the load is n/a ("" when it is read) */
} GpuInfo;

typedef enum { EMC_UTIL_NONE, EMC_UTIL_ACTMON, EMC_UTIL_CACTMON } EmcUtilSource;

typedef struct {
    bool present;       /* some EMC information exists */
    bool rate_readable; /* debugfs bpmp emc rate could be read at probe */
    int rate_errno;     /* why not (EACCES without root, ENOENT without debugfs) */
    EmcUtilSource util_src;
    char cap_path[JT_PATH]; /* JP6 nvpmodel_clk_cap/emc or JP5 nvpmodel_emc_cap/emc_iso_cap */
    bool has_cap;
    Val min_hz, max_hz; /* from debugfs min_rate/max_rate when readable */
} EmcInfo;

typedef struct {
    char name[16];     /* "NVDEC", "NVJPG", "NVJPG1", "VIC", "OFA", "NVENC", "DLA0", "PVA0" */
    char dir[JT_PATH]; /* devfreq dir or debugfs clk dir, root-relative */
    bool devfreq;      /* true: devfreq node; false: debugfs clock */
} EngineInfo;

typedef struct {
    char label[JT_NAME]; /* "VDD_IN", "POM_5V_IN", "VDD_GPU_SOC" */
    int chip;            /* index of the INA3221 (0, 1) in discovery order */
    int channel;         /* 1..3 */
    bool legacy_iio;     /* JetPack 4 iio:device layout */
    bool is_input;       /* the board/module input rail (VDD_IN, POM_5V_IN) */
    Val crit_ma, max_ma; /* curr*_crit / curr*_max or crit/warn_current_limit */
} RailInfo;

/* How the board total is formed (core/boardtotal.h decides it from the rails found). */
typedef enum {
    TOTAL_NONE,  /* no power monitor */
    TOTAL_INPUT, /* one input rail measures the whole module (VDD_IN, POM_5V_IN) */
    TOTAL_SUM    /* the sum of named rails (AGX Orin: no input rail) */
} TotalKind;

typedef struct {
    TotalKind kind;
    int n;                  /* rails in the total */
    int rail[JT_MAX_RAILS]; /* their indices in Inventory.rails */
    bool assumed;           /* no rule knows this board: every rail is summed */
} BoardTotal;

typedef struct {
    char type[16]; /* "passive", "critical", "hot", "active" */
    Val temp_mc;
    Val hyst_mc;
    bool alert_only; /* bound only to alert cooling devices (hot-surface-alert): nothing
                        throttles there, so it is no headroom limit */
} TripInfo;

typedef struct {
    char type[JT_NAME]; /* thermal zone type ("cpu-thermal", "CPU-therm") or hwmon label */
    char name[16];      /* short name as tegrastats prints it: "cpu", "tj", "soc0" */
    int index;          /* thermal_zoneN (or -1 for an hwmon sensor) */
    bool hwmon;         /* an hwmon temp*_input rather than a thermal zone */
    bool fixed;         /* reports a fixed value, not a temperature (PMIC-Die at 100 degC):
                           shown as such, never the maximum, an alert or a plot maximum */
    int n_trips;
    TripInfo trips[JT_MAX_TRIPS];
} ZoneInfo;

typedef struct {
    char name[16]; /* "WFI", "c7" */
    char desc[JT_NAME];
    Val latency_us;
    Val residency_us; /* target residency */
} IdleStateInfo;

typedef struct {
    int n_states; /* states of cpu0 (every core has the same set on Jetson) */
    IdleStateInfo states[JT_MAX_IDLE];
} IdleInfo;

typedef enum { FAN_NONE, FAN_HWMON, FAN_LEGACY } FanKind;

typedef struct {
    FanKind kind; /* hwmon pwmfan (JP5/JP6) or legacy target_pwm (JP4) */
    char pwm_path[JT_PATH];
    char rpm_path[JT_PATH]; /* "" when there is no tachometer */
    bool has_pwm_enable;
    int n_profiles;
    char profiles[JT_MAX_PROFILES][16]; /* nvfancontrol FAN_PROFILE names */
    char default_profile[16];
} FanInfo;

typedef struct {
    char name[JT_NAME]; /* rfkill name: "phy0", "hci0" */
    char type[16];      /* "wlan", "bluetooth" */
    int index;          /* rfkillN */
} RadioInfo;

typedef struct {
    int id;
    char name[24]; /* "15W", "25W", "MAXN_SUPER" */
} NvpModeInfo;

typedef struct {
    bool present; /* a readable nvpmodel conf */
    int n_modes;
    NvpModeInfo modes[JT_MAX_MODES];
    int default_id; /* PM_CONFIG DEFAULT, -1 unknown */
} NvpInfo;

typedef struct {
    Identity id;
    CpuInfo cpu;
    GpuInfo gpu;
    EmcInfo emc;
    int n_engines;
    EngineInfo engines[JT_MAX_ENGINES];
    int n_rails;
    RailInfo rails[JT_MAX_RAILS];
    int input_rail;   /* index of the board input rail, -1 when none (sum instead) */
    BoardTotal total; /* how Sample.input_mw is formed */
    int n_zones;
    ZoneInfo zones[JT_MAX_ZONES];
    IdleInfo idle;
    FanInfo fan;
    int n_radios;
    RadioInfo radios[JT_MAX_RADIOS];
    NvpInfo nvp;
    unsigned log_cols;   /* LOGCOL_* columns only imported tegrastats logs carry (0 live) */
    uint32_t capped;     /* INV_CAPPED_* bits: what did not fit the limits above */
    uint32_t generation; /* bumped on every re-probe */
} Inventory;

/* Inventory.log_cols: values tegrastats prints that no live reading gives. */
#define LOGCOL_RAIL_AVG  0x01u /* rail_<L>_avg_mw */
#define LOGCOL_RAIL_MAX  0x02u /* rail_<L>_max_mw */
#define LOGCOL_ZONE_MAX  0x04u /* temp_<z>_max_mc */
#define LOGCOL_IRAM      0x08u /* iram_used_kib, iram_total_kib, iram_lfb_kib */
#define LOGCOL_MTS       0x10u /* mts_fg_pct, mts_bg_pct */
#define LOGCOL_GPU2      0x20u /* gpu2_load_pct, gpu2_freq_hz */
#define LOGCOL_ENG_LOAD  0x40u /* eng_<NAME>_load_pct */
#define LOGCOL_LFB_COUNT 0x80u /* mem_lfb_blocks */
#define LOGCOL_ALL       0xffu

/* Inventory.capped: a board with more than jtune holds. A frequency table too long is thinned
 * keeping its lowest and highest entries (never a wrong minimum or maximum); the rest keep
 * the first ones found. */
enum {
    INV_CAPPED_FREQS = 1u << 0, /* a CPU, GPU or engine frequency table over JT_MAX_FREQS */
    INV_CAPPED_CPUS = 1u << 1,  /* more than JT_MAX_CPUS cores */
    INV_CAPPED_RAILS = 1u << 2, /* more than JT_MAX_RAILS rails or RAILS_MAX_CHIPS monitors */
    INV_CAPPED_ZONES = 1u << 3  /* more than JT_MAX_ZONES thermal zones */
};

/* What inv->capped says, as one line ("" when nothing was capped). Returns out. */
const char *inventory_capped_describe(const Inventory *inv, char *out, size_t outsz);

/* ------------------------------------------------------------------ Sample */

typedef struct {
    Val online;     /* 1 online, 0 parked */
    Val util_pct10; /* busy share of the interval, 0..1000 (tenths of %) */
    Val user_pct10; /* user + nice */
    Val system_pct10;
    Val iowait_pct10;
    Val irq_pct10; /* irq + softirq */
    Val freq_khz;  /* scaling_cur_freq */
} CoreSample;

typedef struct {
    Val min_khz; /* scaling_min_freq */
    Val max_khz; /* scaling_max_freq */
    char governor[16];
    bool governor_ok;
    Val governor_idx; /* governor's index in PolicyInfo.govs: how logs record it */
} PolicySample;

typedef struct {
    Val freq_hz;
    Val min_hz;
    Val max_hz;
    Val load_pm;    /* per-mille 0..1000 */
    Val railgate;   /* railgate_enable 0/1 */
    Val scaling_3d; /* enable_3d_scaling 0/1 */
    Val tpc_pg_mask;
    char governor[24];
    bool governor_ok;
    Val governor_idx; /* governor's index in GpuInfo.govs: how logs record it */
} GpuSample;

typedef struct {
    Val freq_hz;    /* debugfs rate; invalid without root (Inventory.emc.rate_errno) */
    Val util_pct10; /* actmon/cactmon, 0..1000 */
    Val cap_hz;     /* nvpmodel EMC cap */
} EmcSample;

typedef struct {
    Val freq_hz;
    Val on;         /* 0 = clock gated ("off") */
    Val load_pct10; /* tegrastats logs only ("NVENC 1%@115"), 0..1000 */
} EngineSample;

typedef struct {
    Val mv;
    Val ma;
    Val mw;
    Val avg_mw; /* tegrastats logs only: the average tegrastats printed ("cur/avg") */
    Val max_mw; /* tegrastats logs only: JetPack 7's maximum ("cur/avg/max") */
} RailSample;

typedef struct {
    Val residency_pct10; /* share of the interval spent in the state, 0..1000 */
    Val entries_ps10;    /* entries per second x10 */
    Val disabled;        /* stateN/disable */
} IdleSample;

typedef struct {
    Val pwm;       /* 0..255 */
    Val pwm_pct10; /* 0..1000 */
    Val rpm;
    char control[24]; /* "nvfancontrol:quiet", "kernel", "manual" */
    bool control_ok;
} FanSample;

typedef struct {
    Val total_kib, free_kib, avail_kib, buffers_kib, cached_kib, used_kib;
    Val nvmap_kib; /* NvMapMemUsed: GPU allocations */
    Val cma_total_kib, cma_free_kib;
    Val swap_total_kib, swap_free_kib, swap_cached_kib;
    Val zram_total_kib, zram_used_kib;
    Val lfb_kib;    /* size of the largest free block (buddyinfo, highest non-empty order) */
    Val lfb_blocks; /* how many free blocks of that size ("lfb NxZ": N) */
    Val iram_used_kib, iram_total_kib, iram_lfb_kib; /* tegrastats logs of TX1/Nano only */
} MemSample;

typedef struct {
    Val soft; /* 1 soft-blocked */
    Val hard; /* 1 hard-blocked */
} RadioSample;

/* One of the processes with the most wakeups (core/procs.h says what a wakeup is). */
typedef struct {
    Val pid;
    Val wakeups_ps10; /* per second x10 */
    Val cpu_pct10;
    char comm[JT_TOP_NAME]; /* "" unknown */
} TopProcSample;

/* One of the busiest interrupts ("11:arch_timer", "IPI0:Rescheduling_interrupts"). */
typedef struct {
    Val rate_ps10;          /* per second x10, every cpu */
    char name[JT_TOP_NAME]; /* "" unknown */
} TopIrqSample;

typedef struct {
    uint64_t seq;    /* 0, 1, 2 ... since the sampler started */
    int64_t mono_ns; /* monotonic clock at the sample */
    int64_t wall_ms; /* realtime clock at the sample (for logs) */
    Val uptime_ms;

    CoreSample cpu[JT_MAX_CPUS];
    Val cpu_total_pct10; /* mean over online cores */
    PolicySample policy[JT_MAX_POLICIES];
    GpuSample gpu;
    EmcSample emc;
    EngineSample engine[JT_MAX_ENGINES];
    RailSample rail[JT_MAX_RAILS];
    Val input_mw; /* the board total (Inventory.total): the input rail or a sum of rails;
                     unknown when any of its rails is */
    Val zone_mc[JT_MAX_ZONES];
    Val zone_max_mc[JT_MAX_ZONES];  /* tegrastats logs only: JetPack 7's "cur/maxC" maximum */
    Val gpu2_load_pm, gpu2_freq_hz; /* tegrastats logs only: "GR3D2_FREQ p%@f" */
    Val mts_fg_pct10, mts_bg_pct10; /* tegrastats logs only: "MTS fg x% bg y%" (Xavier, TX2) */
    IdleSample idle[JT_MAX_CPUS][JT_MAX_IDLE];
    FanSample fan;
    MemSample mem;
    RadioSample radio[JT_MAX_RADIOS];
    Val nvp_mode;      /* nvpmodel mode id */
    Val clocks_pinned; /* 1 when CPU or GPU min == max (the jetson_clocks signature) */
    Val throttling;    /* 1 when a *-throttle-alert cooling device is active */
    TopProcSample proc_top[JT_TOP_PROCS]; /* most wakeups first (processes read) */
    TopIrqSample irq_top[JT_TOP_IRQS];    /* busiest first */
    Val timer_ps10[JT_MAX_CPUS];          /* local timer interrupts per second x10, per core */
    Val ipi_ps10[JT_MAX_CPUS];            /* IPIs per second x10, per core */
    Val batch; /* workload runs only: 0 idle, K inside batch K (set by the run,
                  never by the sampler; unknown otherwise) */
} Sample;

/* The value n, known. */
static inline Val val_of(int64_t n) {
    return (Val){n, true};
}

/* Unknown. */
static inline Val val_na(void) {
    return (Val){0, false};
}

/* Reset every field of s to unknown (keeps nothing). */
void sample_clear(Sample *s);

/* Set each governor_idx in s from its governor name and inv's lists (n/a when not listed). */
void sample_index_governors(const Inventory *inv, Sample *s);

/* The reverse, for a sample read from a log: each governor name from a valid governor_idx. */
void sample_name_governors(const Inventory *inv, Sample *s);

/* Index of the mode with this id in inv->nvp, or -1. */
int inventory_mode_index(const Inventory *inv, int64_t id);

/* Index of the rail with this label, or -1. */
int inventory_rail_index(const Inventory *inv, const char *label);

/* True for zone types that report a fixed value rather than a temperature: the PMIC-Die
 * zone of Nano, TX1/TX2 and Xavier reads 100 degC always (tegrastats PMIC@100C) [C]. */
bool zone_type_fixed(const char *type);

/* The hottest known zone that is not fixed-value, its index in *zone (-1 when none). */
Val sample_temp_max_mc(const Inventory *inv, const Sample *s, int *zone);

/* Index of the zone whose short name or type equals name, or -1. */
int inventory_zone_index(const Inventory *inv, const char *name);

/* Who writes a pwm-fan's PWM again after a manual write, going by f's control mode: a
 * sentence fragment with the way to stop it, or NULL when nobody does (manual control, an
 * unknown mode, a JetPack 4 fan whose temp_control the helper switches off). */
const char *fan_rewriter_hint(const Inventory *inv, const FanSample *f);

#endif
