/* SPDX-License-Identifier: MIT */
/* wlconf: workload definitions - the built-in burners and the [workload.NAME] sections of
 * jtune.ini.
 *
 *   [workload.infer]
 *   command = /opt/app/infer --model "my model.onnx" --frames 64   ; argv, quoting: words.h
 *   batches = 20          ; 1..1000000
 *   idle_ms = 1500        ; idle time between batches (DVFS clocks down)
 *   cpus = 4-5            ; cpu list the workload may run on
 *   cpu_quota_pct = 150   ; CPU time limit, % of one core (cgroup v2 cpu.max)
 *   env = OMP_NUM_THREADS=2 "LABEL=a b"
 *
 * Batch boundaries, two ways:
 *   - one command run per batch (no batch_ms): jtune starts the command N times, idle_ms
 *     apart; a run is a batch. A run that exits non-zero ends the workload.
 *   - the command runs every batch itself (batch_ms given, or mode = lines): it prints
 *     "jtune-batch begin K" / "jtune-batch end K" lines on stdout (burn.h).
 * Placeholders replaced in every argv word: {batches}, {batch_ms}, {idle_ms} and, for one
 * run per batch, {batch} (1..N). Other keys: baseline_ms (idle measurement before the first
 * launch, 0..600000), output (where the workload's own output goes: "-" = jtune's stderr,
 * "null", or a file path), mode (run | lines).
 *
 * Built-ins (always defined): cpu-gemm, cpu-copy (jtune-burn-cpu) and gpu-gemm, gpu-copy
 * (the CUDA jtune-burn). A section named like a built-in without `command` changes only
 * the keys it sets; with `command` it replaces the built-in.
 *
 * Parsing is pure: wlconf_key has the signature of the UI config's section hook, so the
 * same file is read once; wlconf_parse reads a whole text on its own (other sections are
 * skipped silently). Bad values are errors ("file:line: msg") and leave the workload
 * unusable; unknown keys warn.
 */
#ifndef JTUNE_WORKLOAD_WLCONF_H
#define JTUNE_WORKLOAD_WLCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jtune/core/diag.h"
#include "jtune/workload/words.h"

#define WL_MAX  32
#define WL_NAME 32
#define WL_PATH 256

#define WL_SECTION_PREFIX "workload."

typedef enum { WL_BATCH_RUN, WL_BATCH_LINES } WlBatchMode;
typedef enum { WL_OUT_INHERIT, WL_OUT_NULL, WL_OUT_FILE } WlOutput;

typedef struct {
    char name[WL_NAME];
    bool builtin;      /* command[0] is a jtune burner, found at launch (wlfind.h) */
    bool gpu;          /* needs a CUDA device */
    bool bad;          /* a definition error was reported: not runnable */
    char desc[80];     /* one line for lists ("" for user workloads) */
    Words command;     /* argv, placeholders not yet replaced */
    WlBatchMode mode;  /* how batch boundaries are known */
    int batches;       /* >= 1 */
    int batch_ms;      /* lines mode: the batch length handed to the command; -1 unset */
    int idle_ms;       /* between batches */
    int baseline_ms;   /* idle measurement before the first launch */
    uint64_t cpus;     /* allowed cpus; 0 = no restriction */
    int cpu_quota_pct; /* % of one core; 0 = no limit */
    Words env;         /* KEY=VALUE words added to the environment */
    WlOutput output;   /* where other output goes */
    char output_path[WL_PATH];
    char file[WL_PATH]; /* where it was defined ("" for a built-in) */
    int line;           /* its section's line */
    unsigned set;       /* keys given in the file (internal) */
} WlDef;

typedef struct {
    int n;
    WlDef def[WL_MAX];
} WlSet;

/* Defaults common to every workload. */
#define WL_DEFAULT_BATCHES     10
#define WL_DEFAULT_BATCH_MS    2000
#define WL_DEFAULT_IDLE_MS     2000
#define WL_DEFAULT_BASELINE_MS 2000

/* Fill s with the built-in workloads only. */
void wlconf_defaults(WlSet *s);

/* One key of a [workload.NAME] section (user is the WlSet). Returns 1, or 0 with an error
 * in d (file:line) for a bad section name or value; unknown keys warn and return 1. */
int wlconf_key(void *user, const char *section, const char *key, const char *value,
               const char *file, int line, Diag *d);

/* Parse INI text named file: every [workload.*] section through wlconf_key, every other
 * section ignored; then wlconf_check. 0, -EINVAL when any error was recorded, -ENOMEM. */
int wlconf_parse(WlSet *s, const char *text, const char *file, Diag *d);

/* After the keys: fill derived defaults (mode) and check each workload is complete and
 * consistent (a command, placeholders that fit the mode). 0 or -EINVAL (errors in d). */
int wlconf_check(WlSet *s, Diag *d);

/* The workload called name, or NULL. */
const WlDef *wlconf_find(const WlSet *s, const char *name);

/* Values for the placeholders of one launch. */
typedef struct {
    int batch; /* {batch}: 1..N for one run per batch; 0 otherwise */
} WlVars;

/* The argv of one launch: d->command with every placeholder replaced. 0, or -E2BIG /
 * -EINVAL with a reason in why. */
int wlconf_expand(const WlDef *d, const WlVars *v, Words *out, char *why, size_t whysz);

/* "10 batches x 2000 ms, 2000 ms idle" / "20 runs, 1500 ms idle"; returns out. */
const char *wlconf_describe(const WlDef *d, char *out, size_t outsz);

#endif
