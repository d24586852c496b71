/* tegrastats: parse every tegrastats line variant into a TsLine, format a jtune sample as a
 * JetPack 6 style tegrastats line, and convert parsed lines into the sample model.
 *
 * Variants understood: JetPack 4 (Nano, TX1/TX2, Xavier: unit-less "cur/avg" rails, IRAM,
 * MTS), JetPack 5 Orin ("mW" rails, capitalised zones, -256C = offline), JetPack 6
 * ("GR3D_FREQ p%@[f,f]", engines "off", lower-case zones), JetPack 7 ("cur/avg/max" rails,
 * "name@cur/maxC" temperatures), lines without clocks (non-root), lines with or without the
 * leading "MM-DD-YYYY HH:MM:SS" timestamp and with irregular spacing. Unknown tokens are kept,
 * never a failure of the line. Pure: no I/O.
 */
#ifndef JTUNE_CORE_TEGRASTATS_H
#define JTUNE_CORE_TEGRASTATS_H

#include "jtune/core/sample.h"

#include <stddef.h>

#define TS_MAX_CPUS    JT_MAX_CPUS
#define TS_MAX_ITEMS   24
#define TS_MAX_UNKNOWN 8
#define TS_NAME        24

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
    bool off;
} TsEngine;

typedef struct {
    bool off;
    Val load_pct;
    Val freq_mhz;
} TsCpu;

typedef struct {
    Val time_s; /* leading timestamp as seconds since the epoch (read as UTC) */
    Val ram_used_mb, ram_total_mb, lfb_count, lfb_block_mb;
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
} TsLine;

/* Parse one line. Returns 0 when at least one known field was found (unknown tokens do not
 * fail the line), -ENODATA for an empty/comment line, -EINVAL when nothing was recognised. */
int tegrastats_parse(const char *line, size_t len, TsLine *out);

/* Format s as a JetPack 6 style tegrastats line (no newline) into buf; avg_mw (may be NULL,
 * then cur is used) gives each rail's running average, indexed like inv->rails.
 * Returns the length, or -ERANGE when buf is too small. */
int tegrastats_format(const Inventory *inv, const Sample *s, const int64_t *avg_mw, char *buf,
                      size_t bufsz);

/* Fill an Inventory from a parsed line (cores, rails, zones, engines as named in it). */
void tegrastats_inventory(const TsLine *t, Inventory *inv);

/* Add to inv what line t shows and inv lacks (more cores, GPU/EMC, rails, zones, engines by
 * name, appended in order of appearance), so a whole log maps onto one Inventory. */
void tegrastats_inventory_merge(const TsLine *t, Inventory *inv);

/* Convert a parsed line into a Sample for inv (fields matched by name; the rest unknown). */
void tegrastats_sample(const TsLine *t, const Inventory *inv, Sample *s);

#endif
