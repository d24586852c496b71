/* SPDX-License-Identifier: MIT */
/* nvpconf: nvpmodel configuration text (NVIDIA's syntax) <-> a table of parameters and modes.
 *
 * The syntax, as nvpmodel reads /etc/nvpmodel.conf:
 *
 *   # comment (to the end of the line)
 *   < PARAM TYPE=FILE NAME=CPU_ONLINE >          a parameter block: "ARG PATH" lines follow
 *   CORE_0 /sys/devices/system/cpu/cpu0/online
 *   < PARAM TYPE=CLOCK NAME=GPU >
 *   MAX_FREQ_KNEXT /sys/devices/platform/17000000.gpu/devfreq_dev/max_freq
 *   < POWER_MODEL ID=1 NAME=25W >                a mode block: "PARAM ARG VALUE" lines follow
 *   CPU_ONLINE CORE_0 1
 *   GPU MAX_FREQ 918000000
 *   < PM_CONFIG DEFAULT=1 >                      the default mode
 *
 * An ARG may exist twice, plain for the JetPack 5 kernel and with a "_KNEXT" suffix for the
 * JetPack 6 kernel ("kernel next"); a mode names the plain ARG and nvpmodel picks the variant.
 * Values: kHz for CPU clocks, Hz for GPU/EMC/DLA/PVA clocks, -1 = no cap (the node's maximum);
 * "EMC MAX_FREQ 0" in older tables also means no cap. FILE values are written verbatim.
 *
 * Pure: no I/O. An NvpConf is large (tens of KiB): get one from nvpconf_new().
 */
#ifndef JTUNE_CORE_NVPCONF_H
#define JTUNE_CORE_NVPCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jtune/core/diag.h"

#define NVP_MAX_PARAMS   48
#define NVP_MAX_ARGS     192 /* ARG PATH lines over all parameters */
#define NVP_MAX_MODES    16
#define NVP_MAX_SETTINGS 512 /* PARAM ARG VALUE lines over all modes */
#define NVP_MAX_CPU      16  /* CPU clock parameters and CORE_n indices */
#define NVP_NAME         32
#define NVP_MODE_NAME    24
#define NVP_VALUE        24
#define NVP_PATH         160

/* "No cap": the largest value the node accepts. nvpmodel -q --verbose prints it as INT64_MAX. */
#define NVP_NO_CAP (-1)

typedef enum { NVP_PARAM_FILE, NVP_PARAM_CLOCK } NvpParamType;

typedef struct {
    char name[NVP_NAME];
    NvpParamType type;
} NvpParam;

typedef struct {
    int param;           /* index into params[] */
    char arg[NVP_NAME];  /* as written, "_KNEXT" suffix included */
    char path[NVP_PATH]; /* absolute path on the board ("/sys/...") */
    int line;            /* line in the text (0 when built in memory) */
} NvpArg;

typedef struct {
    int mode;              /* index into modes[] */
    int param;             /* index into params[] */
    char arg[NVP_NAME];    /* plain ARG name ("MAX_FREQ") */
    char value[NVP_VALUE]; /* as written ("-1", "on") */
    bool is_int;
    int64_t ival; /* parsed when is_int */
    int line;
} NvpSetting;

typedef struct {
    int id;
    char name[NVP_MODE_NAME];
    int line;
} NvpMode;

typedef struct {
    int n_params;
    NvpParam params[NVP_MAX_PARAMS];
    int n_args;
    NvpArg args[NVP_MAX_ARGS];
    int n_modes;
    NvpMode modes[NVP_MAX_MODES];
    int n_settings;
    NvpSetting settings[NVP_MAX_SETTINGS]; /* grouped by mode, in file order */
    int default_id;                        /* PM_CONFIG DEFAULT, -1 when absent */
} NvpConf;

/* One CPU clock parameter's caps in a mode (kHz; NVP_NO_CAP = uncapped). */
typedef struct {
    char param[NVP_NAME]; /* "CPU_A78_0" */
    int cpu;              /* the cpuN its paths name, -1 when they name none */
    bool has_min, has_max;
    int64_t min_khz, max_khz;
} NvpCpuCap;

/* What a mode sets, in jtune's terms. Fields with has_* false are left alone by the mode. */
typedef struct {
    uint64_t cores_set;    /* CORE_n the mode names in CPU_ONLINE */
    uint64_t cores_online; /* ... and the ones it sets to 1 */
    int n_cpu;
    NvpCpuCap cpu[NVP_MAX_CPU];
    bool has_gpu_min, has_gpu_max, has_emc_cap, has_tpc_mask, has_fbp_mask;
    int64_t gpu_min_hz; /* 0 = the lowest table entry (devfreq clamps) */
    int64_t gpu_max_hz; /* NVP_NO_CAP = uncapped */
    int64_t emc_cap_hz; /* NVP_NO_CAP = uncapped (a written 0 reads as NVP_NO_CAP) */
    int64_t tpc_pg_mask;
    int64_t fbp_pg_mask;
} NvpCaps;

/* A zeroed conf (default_id -1), or NULL when out of memory. Free with nvpconf_free. */
NvpConf *nvpconf_new(void);

/* Free a conf from nvpconf_new. NULL is ignored. */
void nvpconf_free(NvpConf *c);

/* Empty c (default_id -1). */
void nvpconf_clear(NvpConf *c);

/* Parse NUL-terminated conf text into c (cleared first). Problems are reported in diag as
 * "file:line: msg"; unknown block kinds are warnings. Returns 0, or -EINVAL when diag holds
 * at least one error (c then holds what was understood), -ERANGE when a table limit is hit. */
int nvpconf_parse(const char *text, const char *file, NvpConf *c, Diag *diag);

/* Append c in NVIDIA's syntax to out (NUL-terminated), after header (lines that are written
 * as "# " comments; may be NULL). Returns the length written or -ERANGE if it does not fit. */
int nvpconf_format(const NvpConf *c, const char *header, char *out, size_t outsz);

/* ---- building a table in memory (the simulator writes its synthetic tables this way) ---- */

/* Add a parameter; returns its index, -EEXIST for a duplicate name, -ERANGE when full. */
int nvpconf_add_param(NvpConf *c, NvpParamType type, const char *name);

/* Add "arg path" to parameter p. 0, -EINVAL (bad p or names), -ERANGE (full or too long). */
int nvpconf_add_arg(NvpConf *c, int p, const char *arg, const char *path);

/* Add a mode; returns its index, -EEXIST for a duplicate id, -ERANGE when full. */
int nvpconf_add_mode(NvpConf *c, int id, const char *name);

/* Add "param arg value" to the LAST mode added (modes are built one after another).
 * 0, -ENOENT (unknown param or arg), -EINVAL (no mode yet), -ERANGE (full or too long). */
int nvpconf_add_setting(NvpConf *c, const char *param, const char *arg, const char *value);

/* ---- lookups ---- */

/* Index of the parameter called name, or -1. */
int nvpconf_find_param(const NvpConf *c, const char *name);

/* Index of the mode with this id, or -1. */
int nvpconf_find_mode(const NvpConf *c, int id);

/* The path of arg ("MAX_FREQ") of parameter p: the "_KNEXT" variant when knext is true and it
 * exists, else the plain one, else the other variant. Borrowed; NULL when neither exists. */
const char *nvpconf_arg_path(const NvpConf *c, int p, const char *arg, bool knext);

/* Settings of mode index m: *first gets the index of its first setting in settings[]; returns
 * how many there are (0 for a bad m). */
int nvpconf_mode_settings(const NvpConf *c, int m, int *first);

/* Summarise mode index m into caps. 0, or -EINVAL for a bad m. */
int nvpconf_mode_caps(const NvpConf *c, int m, NvpCaps *caps);

/* True when switching from one mode to another needs a reboot (as nvpmodel decides it): a core
 * the target names changes online state (a core the current mode does not name counts as
 * online), or both set a TPC mask and the masks differ. */
bool nvpconf_needs_reboot(const NvpCaps *from, const NvpCaps *to);

/* Value as nvpmodel prints CONF_VAL: -1 becomes 9223372036854775807, anything else verbatim.
 * Returns s->value or a static string (never NULL). */
const char *nvpconf_conf_val(const NvpSetting *s);

#endif
