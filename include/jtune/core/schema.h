/* SPDX-License-Identifier: MIT */
/* schema: THE mapping between log column names and Sample fields.
 *
 * A Schema is built from an Inventory: an ordered list of columns, each with a stable,
 * sanitized name ([A-Za-z0-9_], safe in CSV, JSON and Prometheus) that ends in its unit,
 * a unit string, and an accessor (get/set) on Sample. The same board gives the same
 * columns in the same order on every run (discovery order is stable, labels are kept
 * verbatim after sanitizing, duplicates get "_2", "_3" suffixes).
 *
 * Values are integers scaled by 10^decimals: a column with decimals 1 holds tenths
 * (cpu0_load_pct 153 is written "15.3"). Naming convention (SCHEMA_VERSION 1):
 *   seq, wall_ms, mono_us, uptime_ms
 *   cpuN_online, cpuN_load_pct, cpuN_user_pct, cpuN_sys_pct, cpuN_iowait_pct, cpuN_irq_pct,
 *   cpuN_freq_khz, cpu_load_pct, policyN_min_khz, policyN_max_khz (N = first cpu),
 *   policyN_governor_idx
 *   gpu_freq_hz, gpu_min_hz, gpu_max_hz, gpu_load_pct, gpu_railgate, gpu_tpc_pg_mask,
 *   gpu_governor_idx
 *   emc_freq_hz, emc_util_pct, emc_cap_hz, eng_<NAME>_freq_hz, eng_<NAME>_on
 *   rail_<LABEL>_mv, rail_<LABEL>_ma, rail_<LABEL>_mw, input_mw, temp_<zone>_mc
 *   cpuN_idle_<state>_pct, cpuN_idle_<state>_per_s, cpuN_idle_<state>_disabled
 *   fan_pwm, fan_pwm_pct, fan_rpm, mem_*_kib, swap_*_kib, zram_*_kib
 *   radio_<type>_soft, radio_<type>_hard, nvp_mode, clocks_pinned, throttling
 *   batch (SCHEMA_BATCH only: logs of workload runs; 0 idle, K inside batch K)
 *   wakeK_pid, wakeK_comm, wakeK_per_s, wakeK_cpu_pct (K = 1..JT_TOP_PROCS: the processes
 *   with the most wakeups, busiest first), irqK_name, irqK_per_s (the busiest interrupts),
 *   cpuN_timer_per_s, cpuN_ipi_per_s (local timer and IPI rates per core). Added in jtune
 *   0.x without a version bump: columns are matched by name, so older logs replay with these
 *   unknown and older readers skip them.
 *   Logs imported from tegrastats add what tegrastats prints and no live reading gives
 *   (Inventory.log_cols): rail_<LABEL>_avg_mw, rail_<LABEL>_max_mw, temp_<zone>_max_mc,
 *   eng_<NAME>_load_pct, gpu2_load_pct, gpu2_freq_hz, mem_lfb_blocks, iram_used_kib,
 *   iram_total_kib, iram_lfb_kib, mts_fg_pct, mts_bg_pct.
 * Text fields are mostly not columns: a governor is logged as its index in the governor list that
 * the metadata carries ("governors", "gpu_governors"); the fan control owner is not logged.
 * The names of the top lists are the only text columns (wakeK_comm, irqK_name: unit "text",
 * safe characters only, see procs_safe_name).
 */
#ifndef JTUNE_CORE_SCHEMA_H
#define JTUNE_CORE_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jtune/core/sample.h"

#define SCHEMA_VERSION  1
#define SCHEMA_MAX_COLS 640
#define SCHEMA_NAME     56

/* Build flags. */
#define SCHEMA_RAILS_ONLY 0x1u /* time, rails and input power only (--rails-only logs) */
#define SCHEMA_BATCH      0x2u /* add the "batch" column after the time columns (workload runs) */

typedef enum {
    SG_TIME,
    SG_CPU,
    SG_CPU_TOTAL,
    SG_POLICY,
    SG_GPU,
    SG_EMC,
    SG_ENGINE,
    SG_RAIL,
    SG_INPUT,
    SG_ZONE,
    SG_IDLE,
    SG_FAN,
    SG_MEM,
    SG_RADIO,
    SG_STATE,
    SG_WORKLOAD,
    SG_PROCS, /* the top processes by wakeups */
    SG_IRQ,   /* the top interrupts and the per-core timer/IPI rates */
} SchemaGroup;

/* What a column holds; with (index, sub) it identifies the column. */
typedef enum {
    SF_SEQ,
    SF_WALL_MS,
    SF_MONO_US,
    SF_UPTIME_MS,
    SF_CPU_ONLINE,
    SF_CPU_LOAD,
    SF_CPU_USER,
    SF_CPU_SYS,
    SF_CPU_IOWAIT,
    SF_CPU_IRQ,
    SF_CPU_FREQ,
    SF_CPU_TOTAL_LOAD,
    SF_POLICY_MIN,
    SF_POLICY_MAX,
    SF_GPU_FREQ,
    SF_GPU_MIN,
    SF_GPU_MAX,
    SF_GPU_LOAD,
    SF_GPU_RAILGATE,
    SF_GPU_TPC_MASK,
    SF_EMC_FREQ,
    SF_EMC_UTIL,
    SF_EMC_CAP,
    SF_ENG_FREQ,
    SF_ENG_ON,
    SF_RAIL_MV,
    SF_RAIL_MA,
    SF_RAIL_MW,
    SF_INPUT_MW,
    SF_ZONE_MC,
    SF_IDLE_RES,
    SF_IDLE_ENTRIES,
    SF_IDLE_DISABLED,
    SF_FAN_PWM,
    SF_FAN_PWM_PCT,
    SF_FAN_RPM,
    SF_MEM_TOTAL,
    SF_MEM_FREE,
    SF_MEM_AVAIL,
    SF_MEM_BUFFERS,
    SF_MEM_CACHED,
    SF_MEM_USED,
    SF_MEM_NVMAP,
    SF_MEM_CMA_TOTAL,
    SF_MEM_CMA_FREE,
    SF_SWAP_TOTAL,
    SF_SWAP_FREE,
    SF_SWAP_CACHED,
    SF_ZRAM_TOTAL,
    SF_ZRAM_USED,
    SF_MEM_LFB,
    SF_RADIO_SOFT,
    SF_RADIO_HARD,
    SF_NVP_MODE,
    SF_CLOCKS_PINNED,
    SF_THROTTLING,
    SF_BATCH,
    SF_RAIL_AVG,
    SF_RAIL_MAX,
    SF_ZONE_MAX,
    SF_MEM_LFB_BLOCKS,
    SF_IRAM_USED,
    SF_IRAM_TOTAL,
    SF_IRAM_LFB,
    SF_MTS_FG,
    SF_MTS_BG,
    SF_GPU2_LOAD,
    SF_GPU2_FREQ,
    SF_ENG_LOAD,
    SF_POLICY_GOV,
    SF_GPU_GOV,
    SF_WAKE_PID,
    SF_WAKE_COMM, /* text */
    SF_WAKE_RATE,
    SF_WAKE_CPU,
    SF_IRQ_NAME, /* text */
    SF_IRQ_RATE,
    SF_CPU_TIMER,
    SF_CPU_IPI,
} SchemaField;

typedef struct {
    char name[SCHEMA_NAME]; /* e.g. "rail_VDD_IN_mw" */
    const char *unit;       /* static: "mW", "kHz", "%", "mC", "KiB", "bool", ... */
    uint32_t off;           /* byte offset of the Val in Sample (Val-backed fields) */
    uint8_t field;          /* SchemaField */
    uint8_t group;          /* SchemaGroup */
    uint8_t decimals;       /* the value v is written as v / 10^decimals */
    int8_t index;           /* cpu, policy, engine, rail, zone or radio index; -1 none */
    int8_t sub;             /* idle state index; -1 none */
} SchemaCol;

typedef struct {
    int version;    /* SCHEMA_VERSION */
    unsigned flags; /* build flags */
    int n;
    SchemaCol col[SCHEMA_MAX_COLS];
} Schema;

/* Build the columns for inv (flags: SCHEMA_*). 0, or -ENOSPC if they do not fit. */
int schema_build(Schema *sc, const Inventory *inv, unsigned flags);

/* Index of the column named name, or -1. */
int schema_find(const Schema *sc, const char *name);

/* Index of the column holding field for (index, sub) (-1 where unused), or -1. */
int schema_find_field(const Schema *sc, SchemaField field, int index, int sub);

/* The column's value in s (seq, wall_ms and mono_us are always known). */
Val schema_get(const SchemaCol *c, const Sample *s);

/* Store v into s (an unknown v clears the field; time fields ignore unknown). */
void schema_set(const SchemaCol *c, Sample *s, Val v);

/* True for a text column (unit "text"): schema_get says unknown; use schema_get_text. */
bool schema_is_text(const SchemaCol *c);

/* A text column's value in s ("" unknown; borrowed from s). */
const char *schema_get_text(const SchemaCol *c, const Sample *s);

/* Store text (len bytes, made safe: procs_safe_name) into a text column of s. */
void schema_set_text(const SchemaCol *c, Sample *s, const char *text, size_t len);

/* Copy label into out keeping [A-Za-z0-9_] and turning anything else into '_'
 * ("cpu-thermal" -> "cpu_thermal"; "" -> "x"). Truncates to outsz-1. */
void schema_sanitize(const char *label, char *out, size_t outsz);

/* Format v scaled by 10^decimals ("153", 1 -> "15.3"; "-5", 1 -> "-0.5") into out,
 * which needs room for 24 bytes. Returns the length (no NUL counted; NUL written). */
int schema_format_num(int64_t v, int decimals, char *out);

/* Parse text written by schema_format_num for column c. 0 or -EINVAL/-ERANGE/-ENODATA. */
int schema_parse_num(const SchemaCol *c, const char *s, size_t len, int64_t *out);

#endif
