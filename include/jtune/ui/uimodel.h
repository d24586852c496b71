/* SPDX-License-Identifier: MIT */
/* uimodel: what the screens draw - the inventory, the newest sample, graph histories, session
 * energy and average power per rail - updated once per sample. No curses, no I/O. */
#ifndef JTUNE_UI_UIMODEL_H
#define JTUNE_UI_UIMODEL_H

#include "jtune/conf/config.h"
#include "jtune/core/energy.h"
#include "jtune/core/procs.h"
#include "jtune/core/sample.h"
#include "jtune/ui/series.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    SER_CPU_LOAD, /* Sample.cpu_total_pct10 */
    SER_CPU_FREQ, /* mean kHz of the online cores */
    SER_GPU_LOAD, /* per-mille */
    SER_GPU_FREQ, /* kHz (Hz / 1000 keeps it in an int32) */
    SER_EMC_UTIL, /* tenths of % */
    SER_EMC_FREQ, /* kHz */
    SER_INPUT_MW,
    SER_TEMP_MAX, /* m°C of the hottest zone */
    SER_FAN_PWM,  /* tenths of % */
    SER_FAN_RPM,
    SER_MEM_USED,                         /* MiB */
    SER_RAIL0,                            /* mW of rail i at SER_RAIL0 + i */
    SER_CORE0 = SER_RAIL0 + JT_MAX_RAILS, /* tenths of % load of core i at SER_CORE0 + i */
    SER_ZONE0 = SER_CORE0 + JT_MAX_CPUS,  /* m°C of zone i at SER_ZONE0 + i */
    SER_COUNT = SER_ZONE0 + JT_MAX_ZONES
} SeriesId;

typedef struct {
    const Inventory *inv; /* borrowed: the source's inventory (updated in place on re-probe) */
    Sample cur;           /* the newest sample */
    bool have;            /* cur holds a sample */
    uint64_t n_samples;
    Series series[SER_COUNT];
    EnergyMeter energy;  /* session energy since start (core/energy.h) */
    uint32_t generation; /* inventory generation the energy meter was set up for */
    int interval_ms;     /* current sampling interval */
    bool paused;
    TempUnit unit;
    bool utf8;              /* the terminal takes UTF-8 (degree sign, block glyphs) */
    const ProcTable *procs; /* borrowed: processes of the newest sample, NULL: not read */
    const IrqTable *irqs;   /* borrowed: interrupts of the newest sample, NULL: not read */
} UiModel;

/* Set up for inv with history points per graph. 0 or -ENOMEM (nothing to free then). */
int uimodel_init(UiModel *m, const Inventory *inv, int history, int interval_ms);

/* Free the histories. */
void uimodel_free(UiModel *m);

/* Take in a new sample (copied). */
void uimodel_update(UiModel *m, const Sample *s);

/* Forget every sample taken in (graphs, session energy, the newest sample), as after a jump
 * in a replay; the next uimodel_update starts afresh. */
void uimodel_reset(UiModel *m);

/* After uimodel_reset: the session energy goes on from base (the energy of the rows before
 * the jump) instead of from nothing. Ignored when base has another count of rails. */
void uimodel_seed_energy(UiModel *m, const EnergyMeter *base);

/* Change the sampling interval (also the longest gap energy integration bridges). */
void uimodel_set_interval(UiModel *m, int interval_ms);

/* Session energy of rail i (i < 0: the board input) in millijoules; unknown before two
 * known samples. */
Val uimodel_energy_mj(const UiModel *m, int rail);

/* Session average power of rail i (i < 0: the board input) in mW. */
Val uimodel_avg_mw(const UiModel *m, int rail);

#endif
