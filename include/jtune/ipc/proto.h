/* SPDX-License-Identifier: MIT */
/* proto: the wire protocol between jtune and jtune-helper. Pure: no I/O, both sides link it.
 *
 * Messages are fixed-size structs sent whole over a SOCK_SEQPACKET socketpair (one message per
 * packet). A request names an operation and a target as enum ids into the compile-time
 * allowlist below, plus two small integers that pick the instance (a cpu, a cpufreq policy,
 * an rfkill device, a cpuidle state) and one integer value. There are no paths and no strings
 * on the wire: the helper builds every path itself from these integers.
 *
 * Framing rules (the helper ends the session on any of them, see proto_decode_request):
 * wrong size, wrong magic, wrong version, a sequence number that is not the previous one
 * plus one, an unknown op, an unknown target (or a target on an op that takes none), non-zero
 * flags or reserved fields. A value outside the legal set is not a framing error: it gets an
 * error reply with a positive errno in TuneReply.err.
 *
 * Both ends run on the same machine: fields are in host byte order.
 */
#ifndef JTUNE_IPC_PROTO_H
#define JTUNE_IPC_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TUNE_MAGIC   0x4c48544aU /* "JTHL" as little-endian bytes */
#define TUNE_VERSION 2

/* index value meaning "every instance" (cpuidle on all cores). */
#define TUNE_ALL 0xffffffffU

typedef enum {
    TUNE_OP_HELLO = 1,  /* helper -> client only: greeting after the privilege drop (seq 0) */
    TUNE_OP_SET,        /* set target[index, sub] = value */
    TUNE_OP_GET,        /* read target[index, sub] back (with the helper's access rights) */
    TUNE_OP_RESTORE,    /* put every node this helper (or a crashed one) changed back */
    TUNE_OP_KEEP,       /* keep the changes: discard the journal */
    TUNE_OP_TXN_BEGIN,  /* start a transaction: the SETs up to COMMIT succeed or none stays */
    TUNE_OP_TXN_COMMIT, /* end it; err is the first failure (everything was rolled back) */
    TUNE_OP_TXN_ABORT,  /* roll back every SET since TXN_BEGIN */
    TUNE_OP_COUNT
} TuneOp;

/* The allowlist. Each row is one writable knob; the helper maps it to a path by discovery. */
typedef enum {
    TUNE_T_NONE = 0,
    TUNE_T_CPU_ONLINE,        /* index cpu; value 0 offline, 1 online (never cpu0, never last) */
    TUNE_T_CPU_GOVERNOR,      /* index policy (policyN); value TuneGovernor */
    TUNE_T_CPU_MIN_KHZ,       /* index policy; value from scaling_available_frequencies */
    TUNE_T_CPU_MAX_KHZ,       /* index policy; value from scaling_available_frequencies */
    TUNE_T_GPU_MIN_HZ,        /* value from the GPU devfreq available_frequencies */
    TUNE_T_GPU_MAX_HZ,        /* value from the GPU devfreq available_frequencies */
    TUNE_T_EMC_CAP_HZ,        /* nvpmodel EMC cap (JP5 emc_iso_cap or JP6 clk_cap/emc) */
    TUNE_T_CPUIDLE_DISABLE,   /* index cpu or TUNE_ALL; sub state; value 1 disables */
    TUNE_T_FAN_PWM,           /* value 0..255 (manual control) */
    TUNE_T_FAN_MODE,          /* value TuneFanMode */
    TUNE_T_RADIO_BLOCK,       /* index rfkillN; value 1 soft-blocks, 0 unblocks */
    TUNE_T_NVPMODEL,          /* value: a mode id of the nvpmodel conf */
    TUNE_T_USB_POWER,         /* index tune_usb_id; value TuneUsbPower */
    TUNE_T_THP_ENABLED,       /* value TuneThp */
    TUNE_T_VM_SWAPPINESS,     /* value 0..200 */
    TUNE_T_VM_DIRTY_RATIO,    /* value 0..100 (percent) */
    TUNE_T_VM_DIRTY_BG_RATIO, /* value 0..100 (percent) */
    TUNE_T_FAN_TJ_POLICY,     /* the tj thermal zone's governor, value TuneTzPolicy: the helper
                                 sets user_space before a manual PWM on a pwm-fan board (else
                                 the governor rewrites pwm1) and puts it back on hand-back */
    TUNE_T_GPU_RAILGATE,      /* value 1: the GPU may be power-gated when idle (railgate_enable) */
    TUNE_T_GPU_3D_SCALING,    /* value 1: GPU frequency follows 3D load (enable_3d_scaling) */
    TUNE_T_COUNT
} TuneTarget;

/* cpufreq governors, a fixed enum (no strings on the wire); the helper checks each against
 * scaling_available_governors. */
typedef enum {
    TUNE_GOV_CONSERVATIVE,
    TUNE_GOV_ONDEMAND,
    TUNE_GOV_USERSPACE,
    TUNE_GOV_POWERSAVE,
    TUNE_GOV_PERFORMANCE,
    TUNE_GOV_SCHEDUTIL,
    TUNE_GOV_INTERACTIVE,
    TUNE_GOV_COUNT
} TuneGovernor;

typedef enum { TUNE_FAN_AUTO, TUNE_FAN_MANUAL, TUNE_FAN_MODE_COUNT } TuneFanMode;
typedef enum { TUNE_USB_ON, TUNE_USB_AUTO, TUNE_USB_POWER_COUNT } TuneUsbPower;
typedef enum {
    TUNE_TZ_STEP_WISE,
    TUNE_TZ_USER_SPACE,
    TUNE_TZ_POWER_ALLOCATOR,
    TUNE_TZ_FAIR_SHARE,
    TUNE_TZ_BANG_BANG,
    TUNE_TZ_COUNT
} TuneTzPolicy;
typedef enum { TUNE_THP_ALWAYS, TUNE_THP_MADVISE, TUNE_THP_NEVER, TUNE_THP_COUNT } TuneThp;

/* TuneReply.flags */
#define TUNE_RF_PRIVILEGED  0x1u /* HELLO: the helper holds capabilities (real tuning) */
#define TUNE_RF_ROLLED_BACK 0x2u /* SET/COMMIT: a transaction failed and was rolled back */
#define TUNE_RF_JOURNAL_BAD 0x4u /* HELLO: an unreadable journal was set aside */

/* A greeting with an error carries in aux the start-up step that failed, so the message can
 * name the real cause. */
typedef enum {
    TUNE_STAGE_UNKNOWN = 0,
    TUNE_STAGE_ARGS,      /* --root / --state-dir refused (a capable helper run by a user) */
    TUNE_STAGE_ACCOUNT,   /* no unprivileged account to run as */
    TUNE_STAGE_ROOT,      /* the board root could not be opened */
    TUNE_STAGE_DROP,      /* the privilege drop or its proof failed */
    TUNE_STAGE_STATE_DIR, /* the state directory: create, open, owner or mode */
    TUNE_STAGE_LOCK,      /* the board lock (another session tunes this board) */
    TUNE_STAGE_JOURNAL,   /* the journal could not be read, or belongs to another root */
    TUNE_STAGE_CAPS,      /* the helper lacks capabilities it needs (greeting value: their mask) */
    TUNE_STAGE_COUNT
} TuneStage;

typedef struct {
    uint32_t magic;   /* TUNE_MAGIC */
    uint16_t version; /* TUNE_VERSION */
    uint16_t op;      /* TuneOp */
    uint32_t seq;     /* 1 for the first request, then +1 each */
    uint16_t target;  /* TuneTarget (TUNE_T_NONE for ops without one) */
    uint16_t sub;     /* second instance number (cpuidle state) */
    uint32_t index;   /* instance: cpu, policy, rfkill, usb id; TUNE_ALL = every one */
    uint32_t flags;   /* must be 0 */
    int64_t value;
} TuneRequest;

typedef struct {
    uint32_t magic;   /* TUNE_MAGIC */
    uint16_t version; /* TUNE_VERSION */
    uint16_t op;      /* echoes the request (TUNE_OP_HELLO for the greeting) */
    uint32_t seq;     /* echoes the request (0 for the greeting) */
    int32_t err;      /* 0, or a positive errno */
    int64_t value;    /* GET: the value; RESTORE: nodes restored; HELLO: kept capability mask */
    int64_t aux;      /* success (any op) and HELLO: journal entries (nodes with an original
                         value on record); RESTORE: nodes that failed (they stay on record);
                         other errors: a detail for the message (the fan floor, the mode id) */
    uint32_t flags;   /* TUNE_RF_* */
    uint32_t reserved;
} TuneReply;

_Static_assert(sizeof(TuneRequest) == 32, "TuneRequest is 32 bytes on the wire");
_Static_assert(sizeof(TuneReply) == 40, "TuneReply is 40 bytes on the wire");
_Static_assert(offsetof(TuneRequest, value) == 24, "TuneRequest has no padding");
_Static_assert(offsetof(TuneReply, value) == 16, "TuneReply has no padding");
_Static_assert(offsetof(TuneReply, reserved) == 36, "TuneReply has no padding");

/* Why a request was rejected as malformed (negative codes from proto_decode_request). */
/* Why a request was rejected as malformed (negative codes from proto_decode_request, kept
 * apart from -errno values so both can travel through one return value). */
#define PROTO_E_SIZE    (-1001) /* not exactly sizeof(TuneRequest) bytes */
#define PROTO_E_MAGIC   (-1002)
#define PROTO_E_VERSION (-1003)
#define PROTO_E_SEQ     (-1004) /* not the expected sequence number */
#define PROTO_E_OP      (-1005) /* unknown op, or HELLO (the helper's own) */
#define PROTO_E_TARGET                                                                             \
    (-1006)                    /* unknown target, none where one is needed, or one where none is   \
                                */
#define PROTO_E_FIELDS (-1007) /* non-zero flags, or arguments on an op that takes none */

/* True for a PROTO_E_* code. */
#define PROTO_IS_MALFORMED(rc) ((rc) <= PROTO_E_SIZE && (rc) >= PROTO_E_FIELDS)

/* Static facts about a target (the helper adds what the kernel advertises). */
typedef struct {
    const char *name;  /* stable name (journal records, messages): "cpu_max_khz" */
    const char *label; /* words for messages: "CPU maximum frequency" */
    int64_t min, max;  /* the value's static range; values outside get EINVAL */
} TuneTargetInfo;

/* Fill a request (magic, version set; flags 0). */
void proto_request_init(TuneRequest *r, TuneOp op, uint32_t seq, TuneTarget target, uint32_t index,
                        uint16_t sub, int64_t value);

/* Fill a reply for request op/seq with err (positive errno or 0). */
void proto_reply_init(TuneReply *r, uint16_t op, uint32_t seq, int err);

/* Check a received request of len bytes; expect_seq is the sequence number it must carry.
 * On success copies it to *out and returns 0; otherwise a PROTO_E_* code. Never reads past
 * len. */
int proto_decode_request(const void *buf, size_t len, uint32_t expect_seq, TuneRequest *out);

/* Check a received reply: size, magic, version, and that it answers op/seq (HELLO: seq 0).
 * 0 or a PROTO_E_* code. */
int proto_decode_reply(const void *buf, size_t len, uint16_t op, uint32_t seq, TuneReply *out);

/* Name of a PROTO_E_* code ("wrong magic"). */
const char *proto_strerror(int code);

/* Static facts for t, or NULL for TUNE_T_NONE and unknown ids. */
const TuneTargetInfo *proto_target_info(TuneTarget t);

/* Target by its stable name; TUNE_T_NONE when unknown. */
TuneTarget proto_target_by_name(const char *name);

/* True for the ops that take a target (SET, GET). */
bool proto_op_has_target(TuneOp op);

/* Name of an op ("set"), "?" when unknown. */
const char *proto_op_name(TuneOp op);

/* Kernel name of a governor ("schedutil"), NULL when out of range. */
const char *proto_governor_name(TuneGovernor g);

/* Governor enum of a kernel name (len bytes, need not be NUL-terminated); -1 when unknown. */
int proto_governor_parse(const char *s, size_t len);

/* Kernel words of the enums above ("auto", "madvise"), NULL when out of range. */
const char *proto_usb_power_name(TuneUsbPower p);
const char *proto_thp_name(TuneThp t);

/* USB device names ("usb1" root hub, "1-2.3" device) <-> a 32-bit id: bus 1..255 in the top
 * byte, up to six port numbers 1..15, one per nibble from bit 20 down. Interfaces ("1-2:1.0")
 * are not devices. Returns 0, or -EINVAL for a malformed name, -ERANGE for a bus or port
 * outside those limits. */
int proto_usb_id_parse(const char *name, uint32_t *id);

/* Format an id back into its device name. 0, -EINVAL for an invalid id, -ERANGE if out is
 * too small. */
int proto_usb_id_format(uint32_t id, char *out, size_t outsz);

#endif
