/* SPDX-License-Identifier: MIT */
/* boardtotal: how a board's total power is formed from its power-monitor rails.
 *
 * A board declares its total by the rails it has (a table of rules, first match wins):
 *   - an input rail that measures the whole module: VDD_IN (Orin NX/Nano, Xavier NX, TX2)
 *     or POM_5V_IN (Nano, TX1) [C];
 *   - AGX Orin has none: SYS_VIN_HV feeds VDD_GPU_SOC and VDD_CPU_CV, SYS_VIN_MV feeds
 *     VIN_SYS_5V0, and VDDQ_VDD2_1V8AO hangs off VIN_SYS_5V0, so the total is
 *     VDD_GPU_SOC + VDD_CPU_CV + VIN_SYS_5V0 [D] (jetson_stats #344, energymon);
 *   - AGX Xavier: GPU + CPU + SOC + CV + VDDRQ + SYS5V, the module rails [D] (jtop sums them);
 *   - any other board without an input rail: every rail, marked assumed.
 * A sum is unknown whenever one of its rails is (never a smaller total). Pure.
 */
#ifndef JTUNE_CORE_BOARDTOTAL_H
#define JTUNE_CORE_BOARDTOTAL_H

#include "jtune/core/sample.h"

#include <stdbool.h>
#include <stddef.h>

/* Decide inv->total from inv->rails; set inv->input_rail and each rail's is_input. */
void boardtotal_decide(Inventory *inv);

/* The total of one sample's rails (indexed like inv->rails): unknown when a member is. */
Val boardtotal_value(const Inventory *inv, const RailSample *rail);

/* True when rail i is part of the total. */
bool boardtotal_has(const Inventory *inv, int i);

/* The total's name for people: "VDD_IN", "sum of 3 rails (VDD_GPU_SOC + VDD_CPU_CV +
 * VIN_SYS_5V0)", "... assumed", or "none" (no monitor). Returns out. */
const char *boardtotal_describe(const Inventory *inv, char *out, size_t outsz);

/* The total as a log field: "VDD_IN" (input) or "sum:A+B+C"; "" for none. Returns out. */
const char *boardtotal_format(const Inventory *inv, char *out, size_t outsz);

/* Parse boardtotal_format's text against inv->rails (labels must exist); "" changes
 * nothing. 0 or -EINVAL (inv unchanged). */
int boardtotal_parse(Inventory *inv, const char *text);

#endif
