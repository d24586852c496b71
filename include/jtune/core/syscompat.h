/* SPDX-License-Identifier: MIT */
/* syscompat: what newer kernel headers and glibc provide, for the oldest toolchain jtune
 * builds with (Ubuntu 20.04: glibc 2.31, kernel headers 5.4). Header only, no I/O.
 *
 * The run-time fallbacks live where the calls are: an ENOSYS from openat2 or close_range
 * (kernels before 5.6 / 5.9, qemu-user) takes the older path. openat2 (437) and close_range
 * (436) have the same number on every Linux architecture. */
#ifndef JTUNE_CORE_SYSCOMPAT_H
#define JTUNE_CORE_SYSCOMPAT_H

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define JTUNE_HAVE_LINUX_OPENAT2_H 1
#endif
#endif
#ifndef JTUNE_HAVE_LINUX_OPENAT2_H
/* include/uapi/linux/openat2.h of Linux 5.6 */
struct open_how {
    uint64_t flags;
    uint64_t mode;
    uint64_t resolve;
};
#define RESOLVE_NO_XDEV       0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS   0x04
#define RESOLVE_BENEATH       0x08
#define RESOLVE_IN_ROOT       0x10
#endif

/* Close (or with CLOSE_RANGE_CLOEXEC in flags, mark close-on-exec) every fd from lowfd up:
 * close_range where the kernel has it, else one fd at a time up to the fd limit. Safe in a
 * forked child (async-signal-safe calls only). */
static inline void syscompat_close_from(int lowfd, unsigned flags) {
    if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, flags) == 0) {
        return;
    }
    long max = sysconf(_SC_OPEN_MAX);
    for (long fd = lowfd; fd < (max > 0 && max < 65536 ? max : 65536); fd++) {
        if (flags & CLOSE_RANGE_CLOEXEC) {
            fcntl((int)fd, F_SETFD, FD_CLOEXEC);
        } else {
            close((int)fd);
        }
    }
}

/* The signal's abbreviation without "SIG" ("TERM"), or NULL: sigabbrev_np where glibc has it
 * (2.32), else the common signals by name. */
static inline const char *syscompat_sigabbrev(int sig) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
    return sigabbrev_np(sig);
#else
    static const struct {
        int sig;
        const char *name;
    } names[] = {{SIGHUP, "HUP"},       {SIGINT, "INT"},   {SIGQUIT, "QUIT"},   {SIGILL, "ILL"},
                 {SIGTRAP, "TRAP"},     {SIGABRT, "ABRT"}, {SIGBUS, "BUS"},     {SIGFPE, "FPE"},
                 {SIGKILL, "KILL"},     {SIGUSR1, "USR1"}, {SIGSEGV, "SEGV"},   {SIGUSR2, "USR2"},
                 {SIGPIPE, "PIPE"},     {SIGALRM, "ALRM"}, {SIGTERM, "TERM"},   {SIGCHLD, "CHLD"},
                 {SIGCONT, "CONT"},     {SIGSTOP, "STOP"}, {SIGTSTP, "TSTP"},   {SIGTTIN, "TTIN"},
                 {SIGTTOU, "TTOU"},     {SIGURG, "URG"},   {SIGXCPU, "XCPU"},   {SIGXFSZ, "XFSZ"},
                 {SIGVTALRM, "VTALRM"}, {SIGPROF, "PROF"}, {SIGWINCH, "WINCH"}, {SIGIO, "IO"},
                 {SIGPWR, "PWR"},       {SIGSYS, "SYS"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (names[i].sig == sig) {
            return names[i].name;
        }
    }
    return NULL;
#endif
}

#endif
