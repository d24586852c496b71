/* SPDX-License-Identifier: MIT */
/* profgen: the built-in profiles cruise, burst and stock, derived at run time from the board's
 * own nvpmodel table, frequency tables and topology, so that every board (and an unknown
 * future one) has them. A profile file of the same name overrides the derived one.
 *
 *   stock  - the nvpmodel default mode, the cores, CPU and GPU limits it sets (read from the
 *            table), schedutil, every idle state on, the fan on its controller;
 *   cruise - the limits of the board's most frugal mode, applied at run time without
 *            switching modes (no reboot): its online cores and CPU, GPU and EMC caps, the
 *            powersave governor, every idle state on, the fan on its controller. Without an
 *            nvpmodel table: the first cluster, about 60 % of the CPU and half the GPU top;
 *   burst  - every core, the performance governor, CPU and GPU locked at their top, no EMC
 *            cap, the deepest idle state off. The fan is left to its controller: a PWM
 *            written by hand does not hold where nvfancontrol runs.
 * The most frugal mode is the one whose online cores x CPU cap plus GPU cap (MHz) is least.
 * Pure: the board comes in as a ProfBoard.
 */
#ifndef JTUNE_CORE_PROFGEN_H
#define JTUNE_CORE_PROFGEN_H

#include "jtune/core/profile.h"
#include "jtune/core/profplan.h"

#include <stdbool.h>

/* True for the names profgen derives ("cruise", "burst", "stock"). */
bool profgen_known(const char *name);

/* Derive profile name for board b into out (file "<derived>"). 0, or -ENOENT for a name
 * profgen does not know. */
int profgen_derive(const ProfBoard *b, const char *name, Profile *out);

/* Index (into b->modes) of the most frugal mode with known caps, or -1. */
int profgen_frugal_mode(const ProfBoard *b);

#endif
