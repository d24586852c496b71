/* SPDX-License-Identifier: MIT */
/* board: a simulated Jetson described as data (config/boards/<name>.ini).
 *
 * A board file is an INI file (see docs/simulator.md for every section and key). It names
 * the identity strings, the JetPack path layout, CPU clusters and tables, the GPU, EMC,
 * engines, INA3221 chips and rails, thermal zones and cooling devices, the fan and
 * nvfancontrol, cpuidle states, radios, USB and network devices, memory, nvpmodel modes,
 * and the coefficients of the power and thermal model. Parsing is strict: every problem is
 * reported as "file:line: message".
 */
#ifndef JTUNE_SIM_BOARD_H
#define JTUNE_SIM_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jtune/core/diag.h"
#include "jtune/core/nvpconf.h"

#define SB_MAX_CPUS     16
#define SB_MAX_CLUSTERS 4
#define SB_MAX_FREQS    192 /* Thor's GPU has about 170 steps */
#define SB_MAX_GOVS     8
#define SB_MAX_IDLE     4
#define SB_MAX_INA      3
#define SB_MAX_RAILS    9
#define SB_MAX_ZONES    16
#define SB_MAX_TRIPS    4
#define SB_MAX_ALERTS   3
#define SB_MAX_COOLING  24
#define SB_MAX_ENGINES  10
#define SB_MAX_CLKS     16
#define SB_MAX_RADIOS   4
#define SB_MAX_USB      10
#define SB_MAX_NET      4
#define SB_MAX_BLOCKS   4
#define SB_MAX_MODES    12
#define SB_MAX_PROFILES 4
#define SB_MAX_POINTS   10
#define SB_MAX_GROUP    8
#define SB_MAX_LINKS    4
#define SB_NAME         32
#define SB_PATH         160
#define SB_TEXT         600

/* Power components of the model; rails are weighted sums of them. */
typedef enum {
    COMP_CPU,  /* CPU cores and cluster logic */
    COMP_GPU,  /* GPU */
    COMP_CV,   /* DLA/PVA (idle in the simulation) */
    COMP_SOC,  /* SoC logic and the memory controller */
    COMP_DRAM, /* DRAM and its I/O */
    COMP_IO,   /* radios, USB devices, board I/O */
    COMP_N
} SimComp;

typedef struct {
    char name[16];
    char desc[SB_NAME];
    int64_t latency_us;
    int64_t residency_us;
    int64_t power;
} SbIdleState;

typedef struct {
    char name[16];         /* short name ("vic") */
    char devfreq[SB_NAME]; /* devfreq node name ("15340000.vic") */
    char dir[SB_PATH];     /* device dir, root-relative */
    int n_freqs;
    int64_t freqs_hz[SB_MAX_FREQS];
    char governor[24];
} SbEngine;

typedef struct {
    char name[24];
    int64_t rate_hz;
} SbClock;

typedef struct {
    char addr[16];     /* "1-0040" */
    char dir[SB_PATH]; /* i2c device dir, root-relative */
    char driver[16];   /* "ina3221" or "ina3221x" */
    bool iio;          /* JetPack 4 iio:device0 layout instead of hwmon */
    int64_t shunt_uohm;
    int64_t samples;
    int64_t update_interval;
} SbIna;

typedef struct {
    int chip;    /* index into ina[] */
    int channel; /* 1..3 */
    char label[SB_NAME];
    double mv;             /* nominal bus voltage */
    double droop_mv_per_w; /* bus voltage drop per watt on this rail */
    int64_t crit_ma, max_ma;
    double idle_mw;       /* calibration: power at the boot idle state */
    bool input;           /* module input: carries every other rail / efficiency */
    char parent[SB_NAME]; /* label of the rail that feeds this one ("" none): the parent
                             carries this rail / efficiency, and the board total counts it
                             once, in the parent (AGX Orin: VDDQ_VDD2_1V8AO on VIN_SYS_5V0) */
    double feeds[COMP_N]; /* weight of each component on this rail */
} SbRail;

typedef struct {
    int64_t temp_mc;
    int64_t hyst_mc;
    char type[16]; /* "passive", "critical", "hot", "active" */
} SbTrip;

typedef struct {
    int trip;              /* index into trips[] */
    char cooling[SB_NAME]; /* cooling device type set to 1 while the trip is passed */
} SbAlert;

typedef struct {
    char key[16];          /* the section suffix ("cpu") */
    char type[SB_NAME];    /* thermal zone type ("cpu-thermal", "CPU-therm") */
    int64_t idle_mc;       /* calibration: temperature at the boot idle state */
    bool gated;            /* power-gated sensor: read() fails with EAGAIN */
    bool max_of_all;       /* junction: the hottest other zone plus an offset */
    bool fixed;            /* always reads idle_mc (a PMIC die sensor stuck at 100 degC) */
    double couple[COMP_N]; /* local heating, degC per W of each component */
    int n_trips;
    SbTrip trips[SB_MAX_TRIPS];
    int n_alerts;
    SbAlert alerts[SB_MAX_ALERTS];
} SbZone;

typedef struct {
    char type[SB_NAME];
    int max_state;
} SbCooling;

typedef struct {
    int temp; /* degC (or margin below the group maximum with TMARGIN) */
    int hyst;
    int pwm;
    int rpm;
} SbFanPoint;

typedef struct {
    char name[16];
    int n_points;
    SbFanPoint points[SB_MAX_POINTS];
} SbFanProfile;

typedef enum { FANKIND_NONE, FANKIND_HWMON, FANKIND_LEGACY } SbFanKind;

typedef struct {
    SbFanKind kind;
    char pwm_dir[SB_PATH];  /* hwmon: device dir of the pwmfan hwmon; legacy: the fan dir */
    char tach_dir[SB_PATH]; /* hwmon: device dir of the pwm_tach hwmon ("" = rpm beside pwm1) */
    int pwm;                /* PWM at boot */
    double rpm_tau_s;       /* RPM lag behind PWM */
    bool nvfancontrol;      /* nvfancontrol drives the fan (else the kernel / temp_control) */
    char conf[64];          /* nvfancontrol conf file name in etc/nvpower/nvfancontrol/ */
    int polling_s;
    char profile[16]; /* FAN_DEFAULT_PROFILE */
    char governor[16];
    char control[16];
    int kickstart_pwm;
    int step_size;
    int rpm_tolerance;
    bool tmargin; /* profile temps are margins below group_max_temp */
    int group_max_temp;
    int n_group;
    char group[SB_MAX_GROUP][SB_NAME]; /* zone types of THERMAL_GROUP 0 */
    int n_profiles;
    SbFanProfile profiles[SB_MAX_PROFILES];
} SbFan;

typedef struct {
    char name[SB_NAME];
    char type[16];
    double mw; /* power while unblocked */
} SbRadio;

typedef struct {
    char id[16]; /* "usb1", "1-3" */
    char vendor[8];
    char product_id[8];
    char product[48];
    char control[8];  /* power/control at boot: "on" or "auto" */
    double mw;        /* power while active */
    bool can_suspend; /* autosuspends when control is "auto" */
} SbUsb;

typedef struct {
    char name[24];
    char device[SB_PATH]; /* device dir the interface hangs off, root-relative */
    char operstate[12];
    bool wireless;
    char address[24];
} SbNet;

typedef struct {
    char name[16];
    char scheduler[48];
} SbBlock;

typedef struct {
    int id;
    char name[NVP_MODE_NAME];
    uint64_t cores;                   /* online cores */
    int64_t cpu_min_khz, cpu_max_khz; /* NVP_NO_CAP = -1 */
    int64_t gpu_min_hz, gpu_max_hz;
    int64_t emc_max_hz;
    int64_t tpc_pg_mask; /* -1: not set */
} SbMode;

typedef struct {
    char file[64];   /* name in etc/nvpmodel/ */
    char title[120]; /* first header line */
    int default_id;
    int n_modes;
    SbMode modes[SB_MAX_MODES];
} SbTable;

typedef struct {
    bool present;
    char cpu_param[16];     /* CPU clock parameter prefix ("CPU_A78_") */
    bool per_core;          /* one CPU parameter per core (else per cluster) */
    bool knext;             /* write "_KNEXT" argument names (JetPack 6 tables) */
    char gpu_path[SB_PATH]; /* absolute devfreq dir nvpmodel writes ("/sys/...") */
    char tpc_path[SB_PATH]; /* absolute tpc_pg_mask path ("" = none) */
    char emc_path[SB_PATH]; /* absolute EMC cap path */
    SbTable main;           /* /etc/nvpmodel.conf links to this one */
    bool has_alt;
    SbTable alt; /* a second table shipped beside it (the other device tree) */
} SbNvp;

typedef struct {
    double ambient_c;
    double r_c_per_w;          /* board to ambient, fan stopped */
    double fan_gain;           /* full airflow divides the resistance by (1 + fan_gain) */
    double tau_s;              /* thermal time constant */
    double input_eff_pct;      /* regulator efficiency from the input rail to the others */
    double cpu_dyn_mw_per_ghz; /* one core, fully busy, at 1 V */
    double cpu_leak_mw;        /* one online core at 1 V and 50 degC */
    double cpu_cluster_mw_per_ghz;
    double cpu_vmin_mv, cpu_vmax_mv;
    double gpu_dyn_mw_per_ghz; /* the whole GPU (boot TPC set), fully loaded, at 1 V */
    double gpu_static_mw;      /* powered (not rail-gated), boot TPC set */
    double gpu_vmin_mv, gpu_vmax_mv;
    double emc_mw_per_ghz;      /* memory controller + DRAM at the EMC rate, idle */
    double emc_util_mw_per_ghz; /* extra at 100 % utilisation */
    double temp_step_mc;        /* sensor resolution (BPMP: 31.25 m degC) */
} SbPower;

typedef struct {
    int64_t total_kib, free_kib, available_kib, buffers_kib, cached_kib, shmem_kib;
    int64_t cma_total_kib, cma_free_kib, nvmap_kib;
    int zram_devices;
    int64_t zram_disksize; /* bytes per device */
    char zram_algorithms[64];
    int swap_priority;
    int64_t min_free_kbytes;
} SbMem;

typedef struct {
    char name[SB_NAME];
    char description[120];
    char file[512]; /* where it was loaded from */
    int jetpack;    /* path layout: 4, 5 or 6 */

    /* identity */
    char model[120];
    char compatible[200];  /* NUL-separated strings */
    size_t compatible_len; /* bytes including the last NUL */
    char serial[32];
    char boardids[32];
    char soc[16];
    char soc_family[16];
    char soc_id[8];
    char release[SB_TEXT]; /* etc/nv_tegra_release, lines joined with '\n' */
    char kernel[SB_TEXT];  /* proc/version */
    char nvrm[SB_TEXT];    /* proc/driver/nvidia/version ("" = absent) */
    char root_dev[32];     /* the root file system's device in proc/mounts */

    /* CPU */
    int n_cpus;
    int n_clusters;
    uint64_t clusters[SB_MAX_CLUSTERS];
    int n_freqs;
    int64_t freqs_khz[SB_MAX_FREQS];
    int n_govs;
    char govs[SB_MAX_GOVS][16];
    char governor[16];
    char cpufreq_driver[24];
    int64_t transition_latency;
    int64_t boot_min_khz, boot_max_khz; /* 0: from the default nvpmodel mode */
    char idle_driver[24];
    char idle_governor[16];
    int n_idle;
    SbIdleState idle[SB_MAX_IDLE];

    /* GPU */
    struct {
        bool present;
        char devfreq[SB_NAME];
        char dir[SB_PATH];
        int n_links;
        char links[SB_MAX_LINKS][SB_PATH]; /* aliases: links to dir */
        bool devfreq_dev;                  /* dir/devfreq_dev -> devfreq/<name> */
        char of_node[SB_PATH];
        char of_name[16];
        char compatible[32];
        int n_freqs;
        int64_t freqs_hz[SB_MAX_FREQS];
        char governor[24];
        int n_govs;
        char govs[SB_MAX_GOVS][24];
        int64_t polling_ms;
        int tpcs;            /* bits of tpc_pg_mask that gate a TPC */
        int64_t tpc_pg_mask; /* -1: no file */
        int64_t fbp_pg_mask; /* -1: no file */
        bool has_3d_scaling;
        bool no_load;                     /* no "load" file (JetPack 7: the load comes from NVML) */
        int64_t boot_min_hz, boot_max_hz; /* 0: from the default nvpmodel mode */
    } gpu;

    /* EMC */
    struct {
        int n_freqs;
        int64_t freqs_hz[SB_MAX_FREQS];
        int64_t min_hz, max_hz;
        int64_t floor_hz;        /* the lowest rate the bandwidth manager picks */
        char cap_path[SB_PATH];  /* root-relative nvpmodel EMC cap file ("" = none) */
        char util_path[SB_PATH]; /* root-relative mc_all file */
        bool bpmp;               /* debugfs bpmp clk/emc (JetPack 5/6) or clk/emc (JetPack 4) */
        char bwmgr_dir[SB_PATH]; /* JetPack 7: devfreq node "bwmgr" in this device dir ("" none) */
    } emc;

    int n_engines;
    SbEngine engines[SB_MAX_ENGINES];
    int n_clks;
    SbClock clks[SB_MAX_CLKS];
    char host1x_dir[SB_PATH];

    int n_ina;
    SbIna ina[SB_MAX_INA];
    int n_rails;
    SbRail rails[SB_MAX_RAILS];
    bool soctherm_oc; /* an hwmon "soctherm_oc" with oc*_event_cnt/oc*_throt_en */

    int n_zones;
    SbZone zones[SB_MAX_ZONES];
    int n_cooling;
    SbCooling cooling[SB_MAX_COOLING];

    SbFan fan;

    int n_radios;
    SbRadio radios[SB_MAX_RADIOS];
    char usb_controller[SB_PATH];
    int n_usb;
    SbUsb usb[SB_MAX_USB];
    int n_net;
    SbNet net[SB_MAX_NET];
    int n_blocks;
    SbBlock blocks[SB_MAX_BLOCKS];

    SbMem mem;
    SbNvp nvp;
    SbPower power;
} SimBoard;

/* Parse board text (NUL-terminated) into b. file is used in messages and b->file. Returns 0,
 * or -EINVAL with every problem in diag ("file:line: msg"). */
int simboard_parse(const char *text, const char *file, SimBoard *b, Diag *diag);

/* Read and parse a board file. 0, -errno for I/O errors (reported in diag), -EINVAL. */
int simboard_load(const char *path, SimBoard *b, Diag *diag);

/* Find a board: name may be a path (contains '/' or ends in ".ini"); otherwise NAME.ini is
 * looked up in $JTUNE_DATADIR/boards, the source tree (when running from the build tree),
 * the installed data dir, then the source tree. 0 or -ENOENT. */
int simboard_locate(const char *name, char *out, size_t outsz);

/* Call fn for every board found in the search directories (each name once, sorted):
 * name, one-line description, path. Returns the number of boards or -errno. */
int simboard_list(void (*fn)(void *user, const char *name, const char *desc, const char *path),
                  void *user);

/* Build table (the main one, or the alternative when alt is true) in NVIDIA's syntax into c.
 * 0, -ENOENT when the board has no such table, -ERANGE when it does not fit. */
int simboard_nvpconf(const SimBoard *b, bool alt, NvpConf *c);

/* The header comment of a table (lines separated by '\n') into out. */
void simboard_nvp_header(const SbTable *t, char *out, size_t outsz);

/* Index of the policy (cluster) that cpu belongs to, or -1. */
int simboard_cluster_of(const SimBoard *b, int cpu);

/* Index of the default mode in the main table, or -1. */
int simboard_default_mode(const SimBoard *b);

#endif
