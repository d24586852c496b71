/* SPDX-License-Identifier: MIT */
/* demand: the workload demand file a simulated board reads every tick.
 *
 * Path: <root>/run/jtune-sim/demand (SIMDEMAND_PATH). Plain text, one directive a line,
 * '#' starts a comment, blank lines are ignored:
 *
 *   cpu <cpulist> <pct>    e.g. "cpu 0-3 80": each listed core gets 80 % of its capacity at
 *                          the top of its frequency table as extra demand
 *   gpu <pct>              extra GPU demand, % of the GPU at its top frequency
 *   emc <pct>              extra memory traffic, % of the peak EMC bandwidth
 *
 * pct is 0..100 (decimals allowed). A later line for the same core replaces an earlier one.
 * Demand ADDS to the simulator's synthetic background load (each total is capped at 100 %).
 * Writers (workload burners) should replace the whole file in one write; the simulator
 * re-reads it whenever its text changes. An unparsable line is ignored with a warning.
 */
#ifndef JTUNE_SIM_DEMAND_H
#define JTUNE_SIM_DEMAND_H

#include <stddef.h>
#include <stdint.h>

#define SIMDEMAND_PATH     "run/jtune-sim/demand"
#define SIMDEMAND_MAX_CPUS 64
#define SIMDEMAND_MAX_TEXT 4096

typedef struct {
    double cpu_pct[SIMDEMAND_MAX_CPUS]; /* per core, 0..100 */
    double gpu_pct;
    double emc_pct;
} SimDemand;

/* Parse demand text (NUL-terminated) into d (zeroed first). Returns the number of ignored
 * lines (0 = all understood); *bad_line gets the first one's number (may be NULL). */
int simdemand_parse(const char *text, SimDemand *d, int *bad_line);

/* Format d as demand text (only non-zero entries; cores with equal demand share a line).
 * Returns the length, or -ERANGE when out is too small. */
int simdemand_format(const SimDemand *d, int n_cpus, char *out, size_t outsz);

#endif
