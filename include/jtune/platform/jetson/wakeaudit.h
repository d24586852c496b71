/* SPDX-License-Identifier: MIT */
/* wakeaudit: the process facts of the low-power audit - which processes wake most often and
 * which of the daemons the guides name (cups, avahi, bluetooth, ModemManager, display
 * managers) are running.
 *
 * One walk of proc/<pid>/ under the root per call:
 *   comm                     the process name, matched against audit_daemon_unit(): a daemon
 *                            that runs is what costs power (an enabled unit that is not
 *                            running costs nothing; systemd's own run state has no stable file
 *                            interface, proc/<pid>/comm does, unprivileged and root-relative)
 *   status                   voluntary_ctxt_switches: each one is the task going to sleep and
 *                            being woken again, so its rate is the wakeup rate powertop shows
 *                            (of the main thread: a process's other threads are in
 *                            task/<tid>/, left out to keep one read per process); PPid 2
 *                            marks a kernel thread, skipped (nothing to fix in user space)
 *   stat                     starttime (field 22, clock ticks; USER_HZ is 100 on arm64)
 * Rates: over the interval since the previous call when the process was seen then, else its
 * average since it started (proc/uptime - starttime), so the first call already has one.
 * Minimal on purpose: a cold path (the audit page) until a processes sampler can feed it.
 */
#ifndef JTUNE_PLATFORM_JETSON_WAKEAUDIT_H
#define JTUNE_PLATFORM_JETSON_WAKEAUDIT_H

#include "jtune/core/audit.h"
#include "jtune/platform/sysfs.h"

#include <stdint.h>

#define WAKEAUDIT_MAX_PROCS 2048
#define WAKEAUDIT_USER_HZ   100

typedef struct {
    int pid;
    int64_t vcsw; /* voluntary context switches at the last call */
} WakeSeen;

typedef struct {
    int n;
    WakeSeen seen[WAKEAUDIT_MAX_PROCS]; /* sorted by pid */
    int64_t t_ms;                       /* when they were read (monotonic) */
    bool have;
} WakeAudit;

/* Walk proc/ and fill e's process fields (procs_read, wake[], running[]); w keeps the counts
 * for the next call's interval rates. now_ms: a monotonic clock. */
void wakeaudit_collect(Sysfs *fs, WakeAudit *w, int64_t now_ms, AuditEvidence *e);

/* voluntary_ctxt_switches of proc/<pid>/status text. 0 or -EINVAL. Pure. */
int wakeaudit_parse_vcsw(const char *status, int64_t *out);

/* starttime (field 22) of proc/<pid>/stat text, the comm in parentheses skipped whatever it
 * holds. 0 or -EINVAL. Pure. */
int wakeaudit_parse_start(const char *stat, int64_t *ticks);

/* Insert (pid, comm, per_s) into e->wake[] (busiest first, at most AUDIT_MAX_WAKE). Pure. */
void wakeaudit_rank(AuditEvidence *e, int pid, const char *comm, int64_t per_s);

#endif
