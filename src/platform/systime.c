/* SPDX-License-Identifier: MIT */
/* systime: monotonic and wall clock reads. See systime.h. */
#include "jtune/platform/systime.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <time.h>

static int64_t read_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts); /* cannot fail for these two clocks */
    return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

int64_t systime_mono_ns(void) {
    return read_ns(CLOCK_MONOTONIC);
}

int64_t systime_mono_ms(void) {
    return read_ns(CLOCK_MONOTONIC) / NS_PER_MS;
}

int64_t systime_real_ns(void) {
    return read_ns(CLOCK_REALTIME);
}

int64_t systime_real_ms(void) {
    return read_ns(CLOCK_REALTIME) / NS_PER_MS;
}

struct timespec systime_timespec(int64_t ns) {
    struct timespec ts = {.tv_sec = (time_t)(ns / NS_PER_S), .tv_nsec = (long)(ns % NS_PER_S)};
    return ts;
}

void systime_sleep_until_ns(int64_t deadline_ns, const volatile sig_atomic_t *stop) {
    struct timespec ts = systime_timespec(deadline_ns);
    while (!(stop && *stop) &&
           clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
}

int systime_realtime_thread(int prio) {
    struct sched_param sp = {.sched_priority = prio};
    return -pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
}

int systime_lock_memory(void) {
    return mlockall(MCL_CURRENT) == 0 ? 0 : -errno;
}
