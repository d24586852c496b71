/* SPDX-License-Identifier: MIT */
/* tegrastats: parse every tegrastats line variant into a TsLine, format a jtune sample as a
 * JetPack 6 style tegrastats line, and convert parsed lines into the sample model.
 *
 * Variants understood: JetPack 4 (Nano, TX1/TX2, Xavier: unit-less "cur/avg" rails, IRAM,
 * MTS), JetPack 5 Orin ("mW" rails, capitalised zones, -256C = offline), JetPack 6
 * ("GR3D_FREQ p%@[f,f]", engines "off", lower-case zones), JetPack 7 ("cur/avg/max" rails,
 * "name@cur/maxC" temperatures), lines without clocks (non-root), lines with or without the
 * leading "MM-DD-YYYY HH:MM:SS" timestamp and with irregular spacing, the documented CPU forms
 * "[p%@f,...]", "[p%,...]@f" and "[p%,...]", and the L4T 28.1 names "cpu", "EMC", "GR3D".
 *
 * A line starts with its optional timestamp and "RAM"; anything else is not a tegrastats
 * line (a "Killed", "^C" or "nohup:" line, the tail of a line cut by a power loss).
 * Fields come in tegrastats' order: NAME VALUE pairs before the first temperature are
 * engines, after it rails, so a damaged rail never becomes an engine. Every number is
 * parsed overflow-safe and range-checked; a value that fails stays unknown and is counted
 * (n_rejected, the first reason in rejected). Unknown tokens are counted, never a failure
 * of the line. Pure: no I/O.
 */
#ifndef JTUNE_CORE_TEGRASTATS_H
#define JTUNE_CORE_TEGRASTATS_H

#include "jtune/core/sample.h"

#include <stddef.h>

#define TS_MAX_CPUS    JT_MAX_CPUS
#define TS_MAX_ITEMS   24
#define TS_MAX_UNKNOWN 8
#define TS_NAME        24

/* tegrastats_parse flags */
#define TS_CUT                                                                                     \
    0x1u /* the line was cut short (end of file, a power loss): its last token may                 \
            be incomplete, so it is not used unless a blank follows it */

typedef struct {
    char name[TS_NAME];
    Val cur_mw, avg_mw, max_mw; /* max only on JetPack 7 */
} TsRail;

typedef struct {
    char name[TS_NAME];
    Val temp_mc, max_mc; /* max only on JetPack 7 */
    bool offline;        /* -256C: a power-gated sensor */
} TsTemp;

typedef struct {
    char name[TS_NAME]; /* "NVDEC", "VIC", "APE", "NVDLA0" (a "_FREQ" suffix is dropped) */
    Val freq_mhz;
    Val load_pct; /* "NVENC 1%@115" (JetPack 6 with a busy engine) */
    bool off;
} TsEngine;

typedef struct {
    bool off;
    Val load_pct;
    Val freq_mhz;
} TsCpu;

typedef struct {
    Val time_s; /* leading timestamp as printed, in seconds since the epoch read as UTC
                   (tegrastats prints local time: the reader applies the zone) */
    Val ram_used_mb, ram_total_mb;
    Val lfb_blocks, lfb_block_kb; /* "(lfb NxZ)": N free blocks of the largest size Z */
    Val swap_used_mb, swap_total_mb, swap_cached_mb;
    Val iram_used_kb, iram_total_kb, iram_lfb_kb;
    int n_cpus;
    TsCpu cpu[TS_MAX_CPUS];
    Val emc_pct, emc_freq_mhz;
    Val gr3d_pct;
    int n_gpc;
    Val gr3d_freq_mhz[4];
    Val gr3d2_pct, gr3d2_freq_mhz;
    Val mts_fg_pct, mts_bg_pct;
    int n_engines;
    TsEngine engines[TS_MAX_ITEMS];
    int n_temps;
    TsTemp temps[TS_MAX_ITEMS];
    int n_rails;
    TsRail rails[TS_MAX_ITEMS];
    int n_unknown; /* unknown tokens, kept as printed (first TS_MAX_UNKNOWN) */
    char unknown[TS_MAX_UNKNOWN][TS_NAME];
    int n_rejected;    /* values that did not parse or were out of range (left unknown) */
    char rejected[96]; /* why the first one was rejected */
    int n_dropped;     /* cores, zones, rails or engines beyond the arrays above */
    bool cut;          /* TS_CUT was given: a cut last token was left out, and a name whose
                          value the cut took is not counted as unknown */
} TsLine;

/* Parse one line (it ends at len, a newline or a NUL). flags: TS_CUT or 0. Returns 0 for a
 * tegrastats line (unknown tokens and rejected values do not fail it), -ENODATA for an
 * empty or comment line, -EINVAL for a line that does not start like tegrastats' lines. */
int tegrastats_parse(const char *line, size_t len, unsigned flags, TsLine *out);

/* The length of line[0..len) that keeps only its whole tokens when the line was cut short:
 * len when it ends in a blank, else the offset where its last token starts. */
size_t tegrastats_cut_len(const char *line, size_t len);

/* Where a second tegrastats line starts inside line[0..len): a run restarted after a power
 * loss appends to the cut last line without a newline. Returns that offset (> 0), or len
 * when the line holds one line start only. */
size_t tegrastats_restart(const char *line, size_t len);

/* Format s as a JetPack 6 style tegrastats line (no newline) into buf, so that
 * tegrastats_parse reads back every value it printed. A rail's average is the sample's own
 * avg_mw when known (a log imported from tegrastats), else avg_mw[i] (may be NULL, then
 * cur is used), indexed like inv->rails. "lfb" is printed only when its block count is
 * known; the PMIC placeholder zone as "PMIC@100C".
 * Returns the length, or -ERANGE when buf is too small. */
int tegrastats_format(const Inventory *inv, const Sample *s, const int64_t *avg_mw, char *buf,
                      size_t bufsz);

/* Fill an Inventory from a parsed line (cores, rails, zones, engines as named in it). */
void tegrastats_inventory(const TsLine *t, Inventory *inv);

/* Add to inv what line t shows and inv lacks (more cores, GPU/EMC, rails, zones, engines by
 * name, appended in order of appearance; a second "NC" rail is another rail), so a whole
 * log maps onto one Inventory. Returns how many of t's cores, rails, zones and engines
 * found no room in inv (JT_MAX_*); *what (may be NULL) then names the first, e.g.
 * "rail VDD_X". */
int tegrastats_inventory_merge(const TsLine *t, Inventory *inv, char *what, size_t whatsz);

/* The line's board total: its first input rail (VDD_IN, POM_5V_IN); else, when inv's total
 * is a known sum of rails (AGX Orin: VDD_GPU_SOC + VDD_CPU_CV + VIN_SYS_5V0, see
 * core/boardtotal.h), those rails of the line (unknown when one is missing); else the sum of
 * its rails; unknown without rails. What tegrastats_sample gives as input_mw. */
Val tegrastats_input_mw(const TsLine *t, const Inventory *inv);

/* The line's hottest temperature (the PMIC placeholder and offline zones left out). */
Val tegrastats_hottest_mc(const TsLine *t);

/* Convert a parsed line into a Sample for inv (fields matched by name; the rest unknown). */
void tegrastats_sample(const TsLine *t, const Inventory *inv, Sample *s);

#endif
