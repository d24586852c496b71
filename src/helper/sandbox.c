/* SPDX-License-Identifier: MIT */
/* sandbox: Landlock (writes beneath a few directories) and a seccomp allowlist. */
#include "jtune/helper/sandbox.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<linux/landlock.h>)
#include <linux/landlock.h>
#define JTUNE_HAVE_LINUX_LANDLOCK_H 1
#endif
#endif
#ifndef JTUNE_HAVE_LINUX_LANDLOCK_H
/* include/uapi/linux/landlock.h of Linux 5.13 (ABI 1) */
struct landlock_ruleset_attr {
    uint64_t handled_access_fs;
};
struct landlock_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#define LANDLOCK_RULE_PATH_BENEATH      1
#define LANDLOCK_ACCESS_FS_WRITE_FILE   (1ULL << 1)
#define LANDLOCK_ACCESS_FS_REMOVE_DIR   (1ULL << 4)
#define LANDLOCK_ACCESS_FS_REMOVE_FILE  (1ULL << 5)
#define LANDLOCK_ACCESS_FS_MAKE_CHAR    (1ULL << 6)
#define LANDLOCK_ACCESS_FS_MAKE_DIR     (1ULL << 7)
#define LANDLOCK_ACCESS_FS_MAKE_REG     (1ULL << 8)
#define LANDLOCK_ACCESS_FS_MAKE_SOCK    (1ULL << 9)
#define LANDLOCK_ACCESS_FS_MAKE_FIFO    (1ULL << 10)
#define LANDLOCK_ACCESS_FS_MAKE_BLOCK   (1ULL << 11)
#define LANDLOCK_ACCESS_FS_MAKE_SYM     (1ULL << 12)
#endif
/* ABI 2 and 3 additions (Linux 5.19, 6.2), by number for older headers */
#define SANDBOX_FS_REFER    (1ULL << 13)
#define SANDBOX_FS_TRUNCATE (1ULL << 14)
/* landlock syscalls have the same numbers on every architecture */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#ifndef SYS_landlock_add_rule
#define SYS_landlock_add_rule 445
#endif
#ifndef SYS_landlock_restrict_self
#define SYS_landlock_restrict_self 446
#endif

#define WRITE_ACCESS                                                                               \
    (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |                               \
     LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | \
     LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |   \
     LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM)

/* The write rights this ABI knows (all of them handled, so none is left open). */
static uint64_t write_access(int abi) {
    uint64_t a = WRITE_ACCESS;
    if (abi >= 2) {
        a |= SANDBOX_FS_REFER;
    }
    if (abi >= 3) {
        a |= SANDBOX_FS_TRUNCATE;
    }
    return a;
}

int sandbox_landlock(const int *dirfds, int n, char *msg, size_t msgsz) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi <= 0) {
        snprintf(msg, msgsz, "landlock: not available (%s)",
                 errno == EOPNOTSUPP ? "disabled at boot" : strerror(errno));
        return 0;
    }
    struct landlock_ruleset_attr ra = {.handled_access_fs = write_access((int)abi)};
    int rs = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
    if (rs < 0) {
        int e = errno;
        snprintf(msg, msgsz, "landlock: cannot create a ruleset: %s", strerror(e));
        return -e;
    }
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        struct landlock_path_beneath_attr pb = {.allowed_access = ra.handled_access_fs,
                                                .parent_fd = dirfds[i]};
        if (dirfds[i] >= 0 &&
            syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) < 0) {
            rc = -errno;
        }
    }
    if (rc == 0 && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
                    syscall(SYS_landlock_restrict_self, rs, 0) < 0)) {
        rc = -errno;
    }
    close(rs);
    if (rc < 0) {
        snprintf(msg, msgsz, "landlock: cannot restrict: %s", strerror(-rc));
        return rc;
    }
    snprintf(msg, msgsz,
             "landlock: ABI %ld, writes only beneath the board's sys, proc/sys, "
             "var/lib/nvpmodel and the state directory",
             abi);
    return (int)abi;
}

/* The system calls the helper and nvpmodel make (generated list; each where the
 * architecture has it). */
static const long allowed_calls[] = {
#ifdef __NR_read
    __NR_read,
#endif
#ifdef __NR_write
    __NR_write,
#endif
#ifdef __NR_readv
    __NR_readv,
#endif
#ifdef __NR_writev
    __NR_writev,
#endif
#ifdef __NR_pread64
    __NR_pread64,
#endif
#ifdef __NR_pwrite64
    __NR_pwrite64,
#endif
#ifdef __NR_preadv
    __NR_preadv,
#endif
#ifdef __NR_pwritev
    __NR_pwritev,
#endif
#ifdef __NR_preadv2
    __NR_preadv2,
#endif
#ifdef __NR_pwritev2
    __NR_pwritev2,
#endif
#ifdef __NR_lseek
    __NR_lseek,
#endif
#ifdef __NR__llseek
    __NR__llseek,
#endif
#ifdef __NR_close
    __NR_close,
#endif
#ifdef __NR_close_range
    __NR_close_range,
#endif
#ifdef __NR_open
    __NR_open,
#endif
#ifdef __NR_openat
    __NR_openat,
#endif
#ifdef __NR_openat2
    __NR_openat2,
#endif
#ifdef __NR_creat
    __NR_creat,
#endif
#ifdef __NR_stat
    __NR_stat,
#endif
#ifdef __NR_stat64
    __NR_stat64,
#endif
#ifdef __NR_fstat
    __NR_fstat,
#endif
#ifdef __NR_fstat64
    __NR_fstat64,
#endif
#ifdef __NR_lstat
    __NR_lstat,
#endif
#ifdef __NR_lstat64
    __NR_lstat64,
#endif
#ifdef __NR_newfstatat
    __NR_newfstatat,
#endif
#ifdef __NR_fstatat64
    __NR_fstatat64,
#endif
#ifdef __NR_statx
    __NR_statx,
#endif
#ifdef __NR_fstatfs
    __NR_fstatfs,
#endif
#ifdef __NR_fstatfs64
    __NR_fstatfs64,
#endif
#ifdef __NR_statfs
    __NR_statfs,
#endif
#ifdef __NR_statfs64
    __NR_statfs64,
#endif
#ifdef __NR_access
    __NR_access,
#endif
#ifdef __NR_faccessat
    __NR_faccessat,
#endif
#ifdef __NR_faccessat2
    __NR_faccessat2,
#endif
#ifdef __NR_readlink
    __NR_readlink,
#endif
#ifdef __NR_readlinkat
    __NR_readlinkat,
#endif
#ifdef __NR_getdents
    __NR_getdents,
#endif
#ifdef __NR_getdents64
    __NR_getdents64,
#endif
#ifdef __NR_mkdir
    __NR_mkdir,
#endif
#ifdef __NR_mkdirat
    __NR_mkdirat,
#endif
#ifdef __NR_rmdir
    __NR_rmdir,
#endif
#ifdef __NR_unlink
    __NR_unlink,
#endif
#ifdef __NR_unlinkat
    __NR_unlinkat,
#endif
#ifdef __NR_rename
    __NR_rename,
#endif
#ifdef __NR_renameat
    __NR_renameat,
#endif
#ifdef __NR_renameat2
    __NR_renameat2,
#endif
#ifdef __NR_link
    __NR_link,
#endif
#ifdef __NR_linkat
    __NR_linkat,
#endif
#ifdef __NR_symlink
    __NR_symlink,
#endif
#ifdef __NR_symlinkat
    __NR_symlinkat,
#endif
#ifdef __NR_chmod
    __NR_chmod,
#endif
#ifdef __NR_fchmod
    __NR_fchmod,
#endif
#ifdef __NR_fchmodat
    __NR_fchmodat,
#endif
#ifdef __NR_utimensat
    __NR_utimensat,
#endif
#ifdef __NR_ftruncate
    __NR_ftruncate,
#endif
#ifdef __NR_ftruncate64
    __NR_ftruncate64,
#endif
#ifdef __NR_truncate
    __NR_truncate,
#endif
#ifdef __NR_fsync
    __NR_fsync,
#endif
#ifdef __NR_fdatasync
    __NR_fdatasync,
#endif
#ifdef __NR_flock
    __NR_flock,
#endif
#ifdef __NR_fcntl
    __NR_fcntl,
#endif
#ifdef __NR_fcntl64
    __NR_fcntl64,
#endif
#ifdef __NR_dup
    __NR_dup,
#endif
#ifdef __NR_dup2
    __NR_dup2,
#endif
#ifdef __NR_dup3
    __NR_dup3,
#endif
#ifdef __NR_pipe
    __NR_pipe,
#endif
#ifdef __NR_pipe2
    __NR_pipe2,
#endif
#ifdef __NR_ioctl
    __NR_ioctl,
#endif
#ifdef __NR_poll
    __NR_poll,
#endif
#ifdef __NR_ppoll
    __NR_ppoll,
#endif
#ifdef __NR_ppoll_time64
    __NR_ppoll_time64,
#endif
#ifdef __NR_select
    __NR_select,
#endif
#ifdef __NR__newselect
    __NR__newselect,
#endif
#ifdef __NR_pselect6
    __NR_pselect6,
#endif
#ifdef __NR_pselect6_time64
    __NR_pselect6_time64,
#endif
#ifdef __NR_epoll_create
    __NR_epoll_create,
#endif
#ifdef __NR_epoll_create1
    __NR_epoll_create1,
#endif
#ifdef __NR_epoll_ctl
    __NR_epoll_ctl,
#endif
#ifdef __NR_epoll_wait
    __NR_epoll_wait,
#endif
#ifdef __NR_epoll_pwait
    __NR_epoll_pwait,
#endif
#ifdef __NR_epoll_pwait2
    __NR_epoll_pwait2,
#endif
#ifdef __NR_eventfd
    __NR_eventfd,
#endif
#ifdef __NR_eventfd2
    __NR_eventfd2,
#endif
#ifdef __NR_socket
    __NR_socket,
#endif
#ifdef __NR_socketpair
    __NR_socketpair,
#endif
#ifdef __NR_bind
    __NR_bind,
#endif
#ifdef __NR_connect
    __NR_connect,
#endif
#ifdef __NR_sendto
    __NR_sendto,
#endif
#ifdef __NR_recvfrom
    __NR_recvfrom,
#endif
#ifdef __NR_send
    __NR_send,
#endif
#ifdef __NR_recv
    __NR_recv,
#endif
#ifdef __NR_sendmsg
    __NR_sendmsg,
#endif
#ifdef __NR_recvmsg
    __NR_recvmsg,
#endif
#ifdef __NR_shutdown
    __NR_shutdown,
#endif
#ifdef __NR_getsockopt
    __NR_getsockopt,
#endif
#ifdef __NR_setsockopt
    __NR_setsockopt,
#endif
#ifdef __NR_getsockname
    __NR_getsockname,
#endif
#ifdef __NR_getpeername
    __NR_getpeername,
#endif
#ifdef __NR_mmap
    __NR_mmap,
#endif
#ifdef __NR_mmap2
    __NR_mmap2,
#endif
#ifdef __NR_munmap
    __NR_munmap,
#endif
#ifdef __NR_mremap
    __NR_mremap,
#endif
#ifdef __NR_mprotect
    __NR_mprotect,
#endif
#ifdef __NR_madvise
    __NR_madvise,
#endif
#ifdef __NR_brk
    __NR_brk,
#endif
#ifdef __NR_rt_sigaction
    __NR_rt_sigaction,
#endif
#ifdef __NR_rt_sigprocmask
    __NR_rt_sigprocmask,
#endif
#ifdef __NR_rt_sigreturn
    __NR_rt_sigreturn,
#endif
#ifdef __NR_sigreturn
    __NR_sigreturn,
#endif
#ifdef __NR_rt_sigpending
    __NR_rt_sigpending,
#endif
#ifdef __NR_rt_sigtimedwait
    __NR_rt_sigtimedwait,
#endif
#ifdef __NR_rt_sigtimedwait_time64
    __NR_rt_sigtimedwait_time64,
#endif
#ifdef __NR_rt_sigsuspend
    __NR_rt_sigsuspend,
#endif
#ifdef __NR_sigaltstack
    __NR_sigaltstack,
#endif
#ifdef __NR_kill
    __NR_kill,
#endif
#ifdef __NR_tgkill
    __NR_tgkill,
#endif
#ifdef __NR_tkill
    __NR_tkill,
#endif
#ifdef __NR_getpid
    __NR_getpid,
#endif
#ifdef __NR_getppid
    __NR_getppid,
#endif
#ifdef __NR_gettid
    __NR_gettid,
#endif
#ifdef __NR_getuid
    __NR_getuid,
#endif
#ifdef __NR_geteuid
    __NR_geteuid,
#endif
#ifdef __NR_getgid
    __NR_getgid,
#endif
#ifdef __NR_getegid
    __NR_getegid,
#endif
#ifdef __NR_getuid32
    __NR_getuid32,
#endif
#ifdef __NR_geteuid32
    __NR_geteuid32,
#endif
#ifdef __NR_getgid32
    __NR_getgid32,
#endif
#ifdef __NR_getegid32
    __NR_getegid32,
#endif
#ifdef __NR_getresuid
    __NR_getresuid,
#endif
#ifdef __NR_getresgid
    __NR_getresgid,
#endif
#ifdef __NR_getresuid32
    __NR_getresuid32,
#endif
#ifdef __NR_getresgid32
    __NR_getresgid32,
#endif
#ifdef __NR_getgroups
    __NR_getgroups,
#endif
#ifdef __NR_getgroups32
    __NR_getgroups32,
#endif
#ifdef __NR_getpgrp
    __NR_getpgrp,
#endif
#ifdef __NR_getpgid
    __NR_getpgid,
#endif
#ifdef __NR_getsid
    __NR_getsid,
#endif
#ifdef __NR_setsid
    __NR_setsid,
#endif
#ifdef __NR_setpgid
    __NR_setpgid,
#endif
#ifdef __NR_uname
    __NR_uname,
#endif
#ifdef __NR_sysinfo
    __NR_sysinfo,
#endif
#ifdef __NR_getrlimit
    __NR_getrlimit,
#endif
#ifdef __NR_ugetrlimit
    __NR_ugetrlimit,
#endif
#ifdef __NR_setrlimit
    __NR_setrlimit,
#endif
#ifdef __NR_prlimit64
    __NR_prlimit64,
#endif
#ifdef __NR_getrusage
    __NR_getrusage,
#endif
#ifdef __NR_times
    __NR_times,
#endif
#ifdef __NR_clock_gettime
    __NR_clock_gettime,
#endif
#ifdef __NR_clock_gettime64
    __NR_clock_gettime64,
#endif
#ifdef __NR_clock_getres
    __NR_clock_getres,
#endif
#ifdef __NR_clock_getres_time64
    __NR_clock_getres_time64,
#endif
#ifdef __NR_clock_nanosleep
    __NR_clock_nanosleep,
#endif
#ifdef __NR_clock_nanosleep_time64
    __NR_clock_nanosleep_time64,
#endif
#ifdef __NR_nanosleep
    __NR_nanosleep,
#endif
#ifdef __NR_gettimeofday
    __NR_gettimeofday,
#endif
#ifdef __NR_time
    __NR_time,
#endif
#ifdef __NR_getrandom
    __NR_getrandom,
#endif
#ifdef __NR_getcwd
    __NR_getcwd,
#endif
#ifdef __NR_chdir
    __NR_chdir,
#endif
#ifdef __NR_fchdir
    __NR_fchdir,
#endif
#ifdef __NR_umask
    __NR_umask,
#endif
#ifdef __NR_futex
    __NR_futex,
#endif
#ifdef __NR_futex_time64
    __NR_futex_time64,
#endif
#ifdef __NR_set_robust_list
    __NR_set_robust_list,
#endif
#ifdef __NR_get_robust_list
    __NR_get_robust_list,
#endif
#ifdef __NR_set_tid_address
    __NR_set_tid_address,
#endif
#ifdef __NR_rseq
    __NR_rseq,
#endif
#ifdef __NR_arch_prctl
    __NR_arch_prctl,
#endif
#ifdef __NR_prctl
    __NR_prctl,
#endif
#ifdef __NR_capget
    __NR_capget,
#endif
#ifdef __NR_capset
    __NR_capset,
#endif
#ifdef __NR_sched_yield
    __NR_sched_yield,
#endif
#ifdef __NR_sched_getaffinity
    __NR_sched_getaffinity,
#endif
#ifdef __NR_membarrier
    __NR_membarrier,
#endif
#ifdef __NR_exit
    __NR_exit,
#endif
#ifdef __NR_exit_group
    __NR_exit_group,
#endif
#ifdef __NR_wait4
    __NR_wait4,
#endif
#ifdef __NR_waitid
    __NR_waitid,
#endif
#ifdef __NR_fork
    __NR_fork,
#endif
#ifdef __NR_vfork
    __NR_vfork,
#endif
#ifdef __NR_clone
    __NR_clone,
#endif
#ifdef __NR_clone3
    __NR_clone3,
#endif
#ifdef __NR_execve
    __NR_execve,
#endif
#ifdef __NR_execveat
    __NR_execveat,
#endif
#ifdef __NR_restart_syscall
    __NR_restart_syscall,
#endif
#ifdef __NR_getxattr
    __NR_getxattr,
#endif
#ifdef __NR_lgetxattr
    __NR_lgetxattr,
#endif
#ifdef __NR_fgetxattr
    __NR_fgetxattr,
#endif
#ifdef __NR_sync_file_range
    __NR_sync_file_range,
#endif
#ifdef __NR_fallocate
    __NR_fallocate,
#endif
};

#if defined(__x86_64__)
#define SANDBOX_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SANDBOX_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__arm__) && defined(__ARMEL__)
#define SANDBOX_AUDIT_ARCH AUDIT_ARCH_ARM
#elif defined(__riscv) && __riscv_xlen == 64
#define SANDBOX_AUDIT_ARCH AUDIT_ARCH_RISCV64
#endif

#define N_ALLOWED (sizeof allowed_calls / sizeof allowed_calls[0])

/* Sanitizer builds (CI's ASan + UBSan run): LeakSanitizer stops the world with ptrace from a
 * cloned thread at exit, which no allowlist of the helper's own calls should grant. */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_SANITIZED 1
#endif
#endif

int sandbox_seccomp(char *msg, size_t msgsz) {
#if defined(SANDBOX_SANITIZED)
    if (N_ALLOWED > 0) { /* always: the list stays compiled and checked */
        snprintf(msg, msgsz, "seccomp: off in this sanitizer build (LeakSanitizer needs ptrace)");
        return 0;
    }
#endif
#if !defined(SANDBOX_AUDIT_ARCH)
    snprintf(msg, msgsz, "seccomp: not available (no allowlist for this architecture)");
    return 0;
#else
    /* arch check, then one jump per allowed call; anything else fails with EPERM (a call
     * some libc makes that the list lacks then fails cleanly instead of killing the helper
     * in the middle of a change) */
    struct sock_filter prog[4 + N_ALLOWED + 2];
    size_t k = 0;
    prog[k++] =
        (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    prog[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_AUDIT_ARCH, 1, 0);
    prog[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    prog[k++] =
        (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    for (size_t i = 0; i < N_ALLOWED; i++) {
        /* on a match jump to the ALLOW at the end, past the remaining tests and the deny */
        prog[k] = (struct sock_filter)BPF_JUMP(
            BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)allowed_calls[i], (uint8_t)(N_ALLOWED - i), 0);
        k++;
    }
    prog[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
    prog[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog fp = {.len = (unsigned short)k, .filter = prog};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp, 0, 0) < 0) {
        int e = errno;
        if (e == EINVAL || e == ENOSYS) { /* no CONFIG_SECCOMP_FILTER, or qemu-user */
            snprintf(msg, msgsz, "seccomp: not available (%s)", strerror(e));
            return 0;
        }
        snprintf(msg, msgsz, "seccomp: cannot install the filter: %s", strerror(e));
        return -e;
    }
    snprintf(msg, msgsz, "seccomp: allowlist of %zu system calls, others fail with EPERM",
             N_ALLOWED);
    return (int)N_ALLOWED;
#endif
}
