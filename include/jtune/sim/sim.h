/* SPDX-License-Identifier: MIT */
/* sim: the board simulator as a library - build a tree under a root and animate it.
 *
 * sim_open() writes a complete tree for a board (every file with its real name, format and
 * permissions) and keeps the files that change open. Each sim_tick() then:
 *   1. reads back every knob file (cpufreq limits, online, governors, GPU devfreq, EMC cap,
 *      cpuidle disable, pwm1, rfkill, USB power/control, ...) and applies a changed value the
 *      way the kernel would - clamped, rounded to a table, or refused (the old value is put
 *      back, since a plain file cannot refuse a write); an empty knob file is a write in
 *      progress (truncated, not written yet) for SIM_EMPTY_GRACE_S of simulated time, and
 *      only then a refused write;
 *   2. reads the workload demand file (run/jtune-sim/demand, see demand.h);
 *   3. advances the model by 1/hz seconds of simulated time;
 *   4. rewrites in place (pwrite at 0, ftruncate) every file whose text changed.
 * Nothing here sleeps or reads a clock: the same seed and the same writes give the same tree.
 */
#ifndef JTUNE_SIM_SIM_H
#define JTUNE_SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>

/* The simulator's nvfancontrol.service: reads "active" or "inactive"; write "start", "stop"
 * or "restart" (what systemctl does on a real board). Root-relative. */
#define SIM_NVFAN_UNIT_PATH "run/jtune-sim/nvfancontrol.service"

#include "jtune/sim/board.h"

typedef struct Sim Sim;

/* How long an empty knob file waits for its writer before it is put back (see above):
 * long enough for a writer preempted between its truncate and its write on a busy machine. */
#define SIM_EMPTY_GRACE_S 0.5

typedef struct {
    const char *root; /* directory to build the tree in (created if missing) */
    uint64_t seed;    /* numbering of hwmon/thermal devices and every random draw */
    int hz;           /* ticks per simulated second (default 10) */
    const char *exe;  /* jtune-sim run by <root>/usr/sbin/nvpmodel (NULL: simproc_find_exe) */
} SimConfig;

/* Build the tree for board under cfg->root. The board is copied. *out owns the open files.
 * Returns 0 or -errno; on error *msg (if not NULL) gets a short reason (static buffer). */
int sim_open(Sim **out, const SimBoard *board, const SimConfig *cfg, const char **msg);

/* Advance one tick (see above). Returns 0 or -errno for a fatal I/O error. */
int sim_tick(Sim *s);

/* Close every file; the tree stays on disk. NULL is ignored. */
void sim_close(Sim *s);

/* The newest warning (a board calibration note, an ignored demand line), or NULL; each is
 * returned once. Static storage. */
const char *sim_warning(Sim *s);

/* Model readouts for tests and demos: input (or summed) power in mW, the temperature of the
 * zone with this type in m degC (NaN-free; -1e9 when unknown), the current frequency of the
 * policy that holds cpu (kHz, 0 when inactive). */
double sim_total_mw(const Sim *s);
double sim_zone_mc(const Sim *s, const char *type);
int64_t sim_cpu_khz(const Sim *s, int cpu);

#endif
