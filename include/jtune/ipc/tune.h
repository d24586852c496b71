/* SPDX-License-Identifier: MIT */
/* tune: jtune's side of the helper - start it, ask it to change things, never crash.
 *
 * Use:
 *   TuneClient *t;
 *   tune_start(&t, &opts);            // always gives a client, connected or monitor-only
 *   if (!tune_connected(t)) show(tune_status(t));  // "monitor only: <why>; <how to enable>"
 *   int rc = tune_cpu_online(t, 5, false);
 *   if (rc < 0) show(tune_last_error(t));          // "cpu0 cannot be taken offline"
 *   ...
 *   tune_restore(t, &n, &failed) or tune_keep(t); // on quit: undo everything, or keep it
 *   tune_stop(t);
 *
 * Every tuning call returns 0 or -errno. When the helper is not running (monitor-only, or it
 * died: EPIPE/ECONNRESET/EOF are caught, SIGPIPE is never raised) calls return -ENOTCONN and
 * tune_status() says why; monitoring goes on. The client is not thread-safe: one caller at a
 * time. Calls block until the helper answers (nvpmodel can take seconds).
 *
 * Instances: cpu numbers, cpufreq policies by their first cpu (policy4), rfkill devices by
 * their rfkillN number, USB devices by name ("1-2.3"), cpuidle states by number.
 */
#ifndef JTUNE_IPC_TUNE_H
#define JTUNE_IPC_TUNE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "jtune/ipc/proto.h"

typedef struct TuneClient TuneClient;

typedef struct {
    const char *helper_path; /* absolute path of the jtune-helper executable to run */
    const char *root;        /* --root for the helper (NULL: "/") */
    const char *state_dir;   /* --state-dir (NULL: the helper's default) */
    int fan_floor_pwm;       /* -1: the helper's default */
    int fan_margin_mc;       /* -1: the helper's default */
    int timeout_ms;          /* wait for the greeting / any answer; 0: 60000 */
} TuneStartOpts;

/* Defaults: no path, root "/", helper defaults. */
void tune_opts_init(TuneStartOpts *o);

/* Start the helper: socketpair, fork, exec o->helper_path with a minimal environment and the
 * socket on fd 3, wait for its greeting. *out is always set (NULL only when out of memory):
 * on failure it is a monitor-only client whose status says why. Returns 0 or -errno. */
int tune_start(TuneClient **out, const TuneStartOpts *o);

/* A client that never connects: status "monitor only: <why>; <how>". NULL when out of memory. */
TuneClient *tune_offline(const char *why, const char *how);

/* Close the connection (the helper exits on EOF; it is killed if it does not within a few
 * seconds) and free. Journaled changes stay as they are. NULL is ignored. */
void tune_stop(TuneClient *c);

/* True while the helper answers. */
bool tune_connected(const TuneClient *c);

/* "helper connected (privileged)" or "monitor only: <why>; <how to enable>". Borrowed. */
const char *tune_status(const TuneClient *c);

/* The human message for the last failed call ("" after a success). Borrowed. */
const char *tune_last_error(const TuneClient *c);

/* True when the helper holds capabilities (it can change a real board). */
bool tune_privileged(const TuneClient *c);

/* True when the helper found an unreadable journal at start and set it aside as
 * "journal.bad" (its changes can no longer be restored automatically). */
bool tune_journal_bad(const TuneClient *c);

/* Journal entries a previous session left behind (found when the helper started). */
int tune_pending(const TuneClient *c);

/* Nodes with an original value on record now (changed by this or an earlier session and not
 * restored or kept): the UI's "keep changes or restore?" on quit asks when this is > 0. */
int tune_changes(const TuneClient *c);

/* The helper's pid (0 when none). */
pid_t tune_helper_pid(const TuneClient *c);

/* ---- typed calls: 0 or -errno (see tunemsg_explain for each errno) ---- */

int tune_cpu_online(TuneClient *c, int cpu, bool online);
int tune_cpu_governor(TuneClient *c, int policy, TuneGovernor g);
int tune_cpu_min_khz(TuneClient *c, int policy, int64_t khz);
int tune_cpu_max_khz(TuneClient *c, int policy, int64_t khz);
int tune_gpu_min_hz(TuneClient *c, int64_t hz);
int tune_gpu_max_hz(TuneClient *c, int64_t hz);
int tune_emc_cap_hz(TuneClient *c, int64_t hz);
/* cpu -1: every core. */
int tune_cpuidle_disable(TuneClient *c, int cpu, int state, bool disable);
int tune_fan_pwm(TuneClient *c, int pwm);
/* Hand the fan back to its automatic controller (undoing a manual PWM). */
int tune_fan_auto(TuneClient *c);
int tune_radio_block(TuneClient *c, int rfkill, bool blocked);
/* GPU rail-gating (power-gate the idle GPU) and 3D scaling on or off, where the board has
 * the node (-ENODEV otherwise). */
int tune_gpu_railgate(TuneClient *c, bool on);
int tune_gpu_3d_scaling(TuneClient *c, bool on);
/* -ECANCELED: the mode needs a reboot, nothing was changed. */
int tune_nvpmodel(TuneClient *c, int mode);
int tune_usb_power(TuneClient *c, const char *device, TuneUsbPower p);
int tune_thp(TuneClient *c, TuneThp t);
int tune_vm_swappiness(TuneClient *c, int value);
int tune_vm_dirty_ratio(TuneClient *c, int pct);
int tune_vm_dirty_background_ratio(TuneClient *c, int pct);

/* Any target: SET target[index, sub] = value. */
int tune_set(TuneClient *c, TuneTarget t, uint32_t index, uint16_t sub, int64_t value);

/* Read a node through the helper (for nodes only root can read). 0 or -errno. */
int tune_get(TuneClient *c, TuneTarget t, uint32_t index, uint16_t sub, int64_t *value);

/* Put every changed node back (also those a crashed session left). *restored and *failed
 * (may be NULL) get the counts. 0, or the -errno of a node that could not be restored. */
int tune_restore(TuneClient *c, int *restored, int *failed);

/* Keep the changes: forget the originals (the journal is deleted). 0 or -errno. */
int tune_keep(TuneClient *c);

/* Transactions: between begin and commit the SETs either all stay or none does. A SET that
 * fails rolls back everything since begin; later SETs answer -ECANCELED; commit then returns
 * the first failure. abort rolls back explicitly. 0 or -errno. */
int tune_txn_begin(TuneClient *c);
int tune_txn_commit(TuneClient *c);
int tune_txn_abort(TuneClient *c);

/* ---- for tests and fuzzing ---- */

/* Send bytes to the helper exactly as given (a malformed message ends the helper). Returns
 * 0 or -errno. The client's own sequence counter is not changed. */
int tune_send_raw(TuneClient *c, const void *buf, size_t len);

/* Next sequence number the client would use. */
uint32_t tune_next_seq(const TuneClient *c);

/* Wait until the helper has exited (it must be on its way out: the socket is shut down
 * first); *status gets the wait status. 0 or -errno. */
int tune_wait_exit(TuneClient *c, int *status);

#endif
