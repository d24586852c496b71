/* SPDX-License-Identifier: MIT */
/* systime: the one place that reads the system clocks. Pure code takes time as an argument;
 * the loops that drive it read it here. */
#ifndef JTUNE_PLATFORM_SYSTIME_H
#define JTUNE_PLATFORM_SYSTIME_H

#include "jtune/core/timeunit.h"

#include <signal.h>
#include <stdint.h>
#include <time.h>

/* CLOCK_MONOTONIC in nanoseconds (intervals, deadlines, sample stamps). */
int64_t systime_mono_ns(void);

/* CLOCK_MONOTONIC in milliseconds. */
int64_t systime_mono_ms(void);

/* CLOCK_REALTIME in nanoseconds since the epoch (deadlines of pthread_cond_timedwait). */
int64_t systime_real_ns(void);

/* CLOCK_REALTIME in milliseconds since the epoch (wall-clock stamps in log headers). */
int64_t systime_real_ms(void);

/* Sleep until the absolute CLOCK_MONOTONIC time deadline_ns. A signal ends the sleep early
 * only once *stop is set (stop NULL: sleep through signals). */
void systime_sleep_until_ns(int64_t deadline_ns, const volatile sig_atomic_t *stop);

/* Run the calling thread under SCHED_FIFO at priority prio (1..99): it preempts every
 * ordinary task the moment its timer fires. Needs root, CAP_SYS_NICE or an RLIMIT_RTPRIO of
 * at least prio. 0 or -errno (-EPERM: not allowed). */
int systime_realtime_thread(int prio);

/* Lock the pages the process has now into memory (no page fault waits on the disk for
 * them). Later allocations are not locked, so none can fail for RLIMIT_MEMLOCK. 0 or -errno
 * (-ENOMEM or -EPERM past RLIMIT_MEMLOCK without CAP_IPC_LOCK). */
int systime_lock_memory(void);

/* ns (from any of these clocks) as a struct timespec. */
struct timespec systime_timespec(int64_t ns);

#endif
