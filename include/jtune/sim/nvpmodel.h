/* SPDX-License-Identifier: MIT */
/* nvpmodel (sim): nvpmodel for a simulated root - what <root>/usr/sbin/nvpmodel runs.
 *
 *   jtune-sim nvpmodel --root DIR [-f /etc/nvpmodel.conf] -q [--verbose]   current mode
 *   jtune-sim nvpmodel --root DIR -p [--verbose]                            print the table
 *   jtune-sim nvpmodel --root DIR -m N                                      set mode N
 *
 * It reads the tree's nvpmodel table (NVIDIA syntax, parsed with core/nvpconf) and the status
 * file var/lib/nvpmodel/status, and applies a mode exactly as nvpmodel does: it writes the
 * mode's values to the knob files the table names (cores online/offline, CPU and GPU min/max,
 * EMC cap, TPC mask, ...), preferring the "_KNEXT" paths when they exist in the tree, rounding
 * clock values into the node's FREQ_TABLE and turning -1 into the node's maximum. A mode that
 * changes the online cores or the TPC mask asks for a reboot on stdin (YES/yes applies it,
 * anything else fails with "NVPM ERROR: optMask is 1, no request for power mode").
 */
#ifndef JTUNE_SIM_NVPMODEL_H
#define JTUNE_SIM_NVPMODEL_H

#include <stdio.h>

/* argv[0] is the command name; the rest as above. Prompts read from in; output (including
 * NVPM ERROR lines, which callers grep there) goes to out; usage errors to err.
 * Returns the exit status (0 success). */
int simnvpmodel_main(int argc, char **argv, FILE *in, FILE *out, FILE *err);

#endif
