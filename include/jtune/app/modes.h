/* SPDX-License-Identifier: MIT */
/* modes: one entry point per way of running jtune; each returns the exit status. */
#ifndef JTUNE_APP_MODES_H
#define JTUNE_APP_MODES_H

#include "jtune/app/options.h"
#include "jtune/core/sample.h"

#include <stdbool.h>

/* Full-screen UI on o->root. */
int mode_ui(const Options *o);

/* Headless sampling to stdout or o->log_path. */
int mode_headless(const Options *o);

/* True when inv found something to sample (CPUs, power rails or thermal zones) under root;
 * otherwise prints why not (naming root and what is missing) and returns false, so a log is
 * never a file of empty columns. */
bool mode_board_found(const Inventory *inv, const char *root);

/* --demo: start the simulator on a private temp root, run the UI (or headless) on it,
 * clean up on exit. */
int mode_demo(const Options *o);

/* --restore: roll every journaled change back. */
int mode_restore(const Options *o);

/* --apply-profile NAME [--dry-run]. */
int mode_apply_profile(const Options *o);

/* --run-workload NAME. */
int mode_run_workload(const Options *o);

/* experiment --workload NAME --a X --b Y --repeats N. */
int mode_experiment(const Options *o);

/* --info: the board information (sysinfo.h) as plain text on stdout. */
int mode_info(const Options *o);

/* replay FILE. */
int mode_replay(const Options *o);

/* plot FILE -o OUT.svg. */
int mode_plot(const Options *o);

/* import FILE -o OUT.csv. */
int mode_import(const Options *o);

/* capture [-o FILE] [--keep-serial]: the board's files as a tar.gz. */
int mode_capture(const Options *o);

#endif
