/* SPDX-License-Identifier: MIT */
/* helper: what jtune-helper does with requests - validation, journaled writes, transactions,
 * restore - independent of sockets and privileges (main_helper.c does those), so tests can
 * drive it in-process on a fixture tree.
 *
 * Capabilities the privileged helper keeps (HELPER_CAPS), and why:
 *   CAP_DAC_OVERRIDE  open root-owned 0644 sysfs attributes (cpuN/online, scaling_*_freq,
 *                     devfreq min/max, the EMC cap, cpuidle disable, pwm1, USB power/control,
 *                     THP) for writing as a non-root uid; read root-only nodes (the JP5 EMC cap,
 *                     debugfs EMC limits); write the journal in its root-owned 0700 directory;
 *                     made ambient for the nvpmodel child only.
 *   CAP_NET_ADMIN     rfkill's "soft" attribute checks capable(CAP_NET_ADMIN) in the kernel
 *                     (net/rfkill/core.c), on top of the file permissions.
 * Nothing else. Note: sysctl files (proc/sys/vm/...) are checked by the kernel against the
 * effective uid (proc_sysctl.c test_perm), not capabilities, so the vm.* targets work only on
 * simulated trees or with an unprivileged helper that owns them; on a real board they answer
 * EACCES (see docs/helper.md).
 */
#ifndef JTUNE_HELPER_HELPER_H
#define JTUNE_HELPER_HELPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jtune/ipc/proto.h"
#include "jtune/platform/sysfs.h"

#define HELPER_CAP_DAC_OVERRIDE 1  /* CAP_DAC_OVERRIDE, linux/capability.h */
#define HELPER_CAP_NET_ADMIN    12 /* CAP_NET_ADMIN */
#define HELPER_CAPS             ((1ULL << HELPER_CAP_DAC_OVERRIDE) | (1ULL << HELPER_CAP_NET_ADMIN))
#define HELPER_CHILD_CAPS       (1ULL << HELPER_CAP_DAC_OVERRIDE) /* ambient for nvpmodel */

/* The socket jtune hands to the helper (the only fd it keeps). */
#define HELPER_SOCKET_FD 3

/* Fan safety policy defaults: manual PWM below 80 (of 255) is refused while any thermal zone
 * is within 10 C of its first trip point. The privileged helper only makes them stricter. */
#define HELPER_FAN_FLOOR_PWM   80
#define HELPER_FAN_MARGIN_MC   10000
#define HELPER_NVPM_TIMEOUT_MS 30000

typedef struct Helper Helper;

typedef struct {
    Sysfs *fs;             /* pre-opened root, owned by the helper from now on; NULL: open root */
    const char *root;      /* used when fs is NULL ("/" when NULL) */
    int state_dirfd;       /* pre-opened journal directory (owned); -1: open/create state_dir */
    const char *state_dir; /* used when state_dirfd is -1 */
    int fan_floor_pwm;     /* 0..255 */
    int fan_margin_mc;     /* >= 0 */
    uint64_t child_caps;   /* ambient capabilities for nvpmodel (0 when unprivileged) */
    int nvpmodel_timeout_ms;
    bool privileged; /* reported in the greeting */
    uint64_t caps;   /* reported in the greeting */
} HelperConfig;

/* Fill cfg with defaults (no root, no state dir, default fan policy). */
void helper_config_init(HelperConfig *cfg);

/* Open the root and the journal directory (created 0700 when missing; refused with -EPERM
 * unless owned by this uid or root and writable by its owner only), take the board lock, load a
 * journal left by a crashed session (an unreadable one is set aside), discover the board. On
 * failure writes a one-line reason to err and returns -errno: -EBUSY (another helper holds the
 * lock), -EXDEV (the journal belongs to another root), -errno. */
int helper_open(Helper **out, const HelperConfig *cfg, char *err, size_t errsz);

/* helper_open, also saying which step failed (*stage, a TuneStage) for the greeting. */
int helper_open_stage(Helper **out, const HelperConfig *cfg, int *stage, char *err, size_t errsz);

/* The directory, relative to the state directory, that holds the journal and lock of the
 * board at canon_root (a canonical path): "." for "/", else "board-<16 hex digits>". 0 or
 * -ENAMETOOLONG. */
int helper_board_dirname(const char *canon_root, char *out, size_t outsz);

/* Release everything (the journal stays on disk). NULL is ignored. */
void helper_close(Helper *h);

/* The greeting sent once after start-up. */
void helper_hello(const Helper *h, TuneReply *rep);

/* Handle one well-formed request (see proto_decode_request) and fill the reply. */
void helper_handle(Helper *h, const TuneRequest *req, TuneReply *rep);

/* Number of journal entries (nodes with an original value recorded). */
int helper_journal_count(const Helper *h);

/* Serve requests on a SOCK_SEQPACKET fd until EOF (returns 0), a malformed message (returns
 * its PROTO_E_* code: the session ends), or a socket error (-errno). */
int helper_serve(Helper *h, int fd);

#endif
