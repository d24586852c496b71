/* SPDX-License-Identifier: MIT */
/* proto: message framing checks, the target allowlist and the small enum <-> word tables. */
#include "jtune/ipc/proto.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* One row per TuneTarget, in enum order. min/max are the static value limits; what the kernel
 * advertises (frequency tables, governors, modes) narrows them in the helper. */
static const TuneTargetInfo targets[TUNE_T_COUNT] = {
    [TUNE_T_NONE] = {"none", "nothing", 0, 0},
    [TUNE_T_CPU_ONLINE] = {"cpu_online", "CPU core online", 0, 1},
    [TUNE_T_CPU_GOVERNOR] = {"cpu_governor", "CPU governor", 0, TUNE_GOV_COUNT - 1},
    [TUNE_T_CPU_MIN_KHZ] = {"cpu_min_khz", "CPU minimum frequency", 1, INT32_MAX},
    [TUNE_T_CPU_MAX_KHZ] = {"cpu_max_khz", "CPU maximum frequency", 1, INT32_MAX},
    [TUNE_T_GPU_MIN_HZ] = {"gpu_min_hz", "GPU minimum frequency", 0, INT64_MAX},
    [TUNE_T_GPU_MAX_HZ] = {"gpu_max_hz", "GPU maximum frequency", 1, INT64_MAX},
    [TUNE_T_EMC_CAP_HZ] = {"emc_cap_hz", "memory (EMC) frequency cap", 1, INT64_MAX},
    [TUNE_T_CPUIDLE_DISABLE] = {"cpuidle_disable", "CPU idle state", 0, 1},
    [TUNE_T_FAN_PWM] = {"fan_pwm", "fan PWM", 0, 255},
    [TUNE_T_FAN_MODE] = {"fan_mode", "fan control", 0, TUNE_FAN_MODE_COUNT - 1},
    [TUNE_T_RADIO_BLOCK] = {"radio_block", "radio", 0, 1},
    [TUNE_T_NVPMODEL] = {"nvpmodel", "power mode", 0, 255},
    [TUNE_T_USB_POWER] = {"usb_power", "USB runtime power control", 0, TUNE_USB_POWER_COUNT - 1},
    [TUNE_T_THP_ENABLED] = {"thp_enabled", "transparent huge pages", 0, TUNE_THP_COUNT - 1},
    [TUNE_T_VM_SWAPPINESS] = {"vm_swappiness", "vm.swappiness", 0, 200},
    [TUNE_T_VM_DIRTY_RATIO] = {"vm_dirty_ratio", "vm.dirty_ratio", 0, 100},
    [TUNE_T_VM_DIRTY_BG_RATIO] = {"vm_dirty_background_ratio", "vm.dirty_background_ratio", 0, 100},
    [TUNE_T_FAN_TJ_POLICY] = {"fan_tj_policy", "tj thermal zone policy", 0, TUNE_TZ_COUNT - 1},
    [TUNE_T_GPU_RAILGATE] = {"gpu_railgate", "GPU rail-gating", 0, 1},
    [TUNE_T_GPU_3D_SCALING] = {"gpu_3d_scaling", "GPU 3D scaling", 0, 1},
};

static const char *const op_names[TUNE_OP_COUNT] = {
    [TUNE_OP_HELLO] = "hello",
    [TUNE_OP_SET] = "set",
    [TUNE_OP_GET] = "get",
    [TUNE_OP_RESTORE] = "restore",
    [TUNE_OP_KEEP] = "keep",
    [TUNE_OP_TXN_BEGIN] = "txn-begin",
    [TUNE_OP_TXN_COMMIT] = "txn-commit",
    [TUNE_OP_TXN_ABORT] = "txn-abort",
};

static const char *const governors[TUNE_GOV_COUNT] = {
    [TUNE_GOV_CONSERVATIVE] = "conservative", [TUNE_GOV_ONDEMAND] = "ondemand",
    [TUNE_GOV_USERSPACE] = "userspace",       [TUNE_GOV_POWERSAVE] = "powersave",
    [TUNE_GOV_PERFORMANCE] = "performance",   [TUNE_GOV_SCHEDUTIL] = "schedutil",
    [TUNE_GOV_INTERACTIVE] = "interactive",
};

static const char *const usb_power[TUNE_USB_POWER_COUNT] = {
    [TUNE_USB_ON] = "on", [TUNE_USB_AUTO] = "auto"};
static const char *const thp[TUNE_THP_COUNT] = {
    [TUNE_THP_ALWAYS] = "always", [TUNE_THP_MADVISE] = "madvise", [TUNE_THP_NEVER] = "never"};

void proto_request_init(TuneRequest *r, TuneOp op, uint32_t seq, TuneTarget target, uint32_t index,
                        uint16_t sub, int64_t value) {
    memset(r, 0, sizeof *r);
    r->magic = TUNE_MAGIC;
    r->version = TUNE_VERSION;
    r->op = (uint16_t)op;
    r->seq = seq;
    r->target = (uint16_t)target;
    r->index = index;
    r->sub = sub;
    r->value = value;
}

void proto_reply_init(TuneReply *r, uint16_t op, uint32_t seq, int err) {
    memset(r, 0, sizeof *r);
    r->magic = TUNE_MAGIC;
    r->version = TUNE_VERSION;
    r->op = op;
    r->seq = seq;
    r->err = err;
}

bool proto_op_has_target(TuneOp op) {
    return op == TUNE_OP_SET || op == TUNE_OP_GET;
}

int proto_decode_request(const void *buf, size_t len, uint32_t expect_seq, TuneRequest *out) {
    TuneRequest r;
    if (buf == NULL || len != sizeof r) {
        return PROTO_E_SIZE;
    }
    memcpy(&r, buf, sizeof r); /* the buffer may be unaligned */
    if (r.magic != TUNE_MAGIC) {
        return PROTO_E_MAGIC;
    }
    if (r.version != TUNE_VERSION) {
        return PROTO_E_VERSION;
    }
    if (r.seq != expect_seq) {
        return PROTO_E_SEQ;
    }
    if (r.op <= TUNE_OP_HELLO || r.op >= TUNE_OP_COUNT) {
        return PROTO_E_OP;
    }
    if (r.flags != 0) {
        return PROTO_E_FIELDS;
    }
    if (proto_op_has_target((TuneOp)r.op)) {
        if (r.target == TUNE_T_NONE || r.target >= TUNE_T_COUNT) {
            return PROTO_E_TARGET;
        }
    } else {
        if (r.target != TUNE_T_NONE) {
            return PROTO_E_TARGET;
        }
        if (r.index != 0 || r.sub != 0 || r.value != 0) {
            return PROTO_E_FIELDS;
        }
    }
    *out = r;
    return 0;
}

int proto_decode_reply(const void *buf, size_t len, uint16_t op, uint32_t seq, TuneReply *out) {
    TuneReply r;
    if (buf == NULL || len != sizeof r) {
        return PROTO_E_SIZE;
    }
    memcpy(&r, buf, sizeof r);
    if (r.magic != TUNE_MAGIC) {
        return PROTO_E_MAGIC;
    }
    if (r.version != TUNE_VERSION) {
        return PROTO_E_VERSION;
    }
    if (r.op != op) {
        return PROTO_E_OP;
    }
    if (r.seq != seq) {
        return PROTO_E_SEQ;
    }
    if (r.err < 0 || r.reserved != 0) {
        return PROTO_E_FIELDS;
    }
    *out = r;
    return 0;
}

const char *proto_strerror(int code) {
    switch (code) {
    case 0: return "ok";
    case PROTO_E_SIZE: return "wrong message size";
    case PROTO_E_MAGIC: return "wrong magic";
    case PROTO_E_VERSION: return "wrong protocol version";
    case PROTO_E_SEQ: return "wrong sequence number";
    case PROTO_E_OP: return "unknown operation";
    case PROTO_E_TARGET: return "unknown or misplaced target";
    case PROTO_E_FIELDS: return "unexpected fields";
    default: return "malformed message";
    }
}

const TuneTargetInfo *proto_target_info(TuneTarget t) {
    if (t <= TUNE_T_NONE || t >= TUNE_T_COUNT) {
        return NULL;
    }
    return &targets[t];
}

TuneTarget proto_target_by_name(const char *name) {
    for (int t = TUNE_T_NONE + 1; t < TUNE_T_COUNT; t++) {
        if (strcmp(targets[t].name, name) == 0) {
            return (TuneTarget)t;
        }
    }
    return TUNE_T_NONE;
}

const char *proto_op_name(TuneOp op) {
    return (op > 0 && op < TUNE_OP_COUNT && op_names[op]) ? op_names[op] : "?";
}

const char *proto_governor_name(TuneGovernor g) {
    return ((int)g >= 0 && g < TUNE_GOV_COUNT) ? governors[g] : NULL;
}

int proto_governor_parse(const char *s, size_t len) {
    for (int g = 0; g < TUNE_GOV_COUNT; g++) {
        if (strlen(governors[g]) == len && memcmp(governors[g], s, len) == 0) {
            return g;
        }
    }
    return -1;
}

const char *proto_usb_power_name(TuneUsbPower p) {
    return ((int)p >= 0 && p < TUNE_USB_POWER_COUNT) ? usb_power[p] : NULL;
}

const char *proto_thp_name(TuneThp t) {
    return ((int)t >= 0 && t < TUNE_THP_COUNT) ? thp[t] : NULL;
}

/* A decimal number without sign or leading zero; *p advances past it. */
static int usb_number(const char **p, unsigned max, unsigned *out) {
    const char *s = *p;
    if (*s < '1' || *s > '9') {
        return -EINVAL;
    }
    unsigned v = 0;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (unsigned)(*s - '0');
        if (v > 1000) {
            return -ERANGE;
        }
        s++;
    }
    if (v > max) {
        return -ERANGE;
    }
    *p = s;
    *out = v;
    return 0;
}

int proto_usb_id_parse(const char *name, uint32_t *id) {
    unsigned bus;
    const char *p = name;
    if (strncmp(p, "usb", 3) == 0) {
        p += 3;
        int rc = usb_number(&p, 255, &bus);
        if (rc < 0) {
            return rc;
        }
        if (*p != '\0') {
            return -EINVAL;
        }
        *id = (uint32_t)bus << 24;
        return 0;
    }
    int rc = usb_number(&p, 255, &bus);
    if (rc < 0 || *p != '-') {
        return rc < 0 ? rc : -EINVAL;
    }
    uint32_t v = (uint32_t)bus << 24;
    for (int level = 0;; level++) {
        p++; /* past '-' or '.' */
        unsigned port;
        if (level == 6) {
            return -ERANGE;
        }
        if ((rc = usb_number(&p, 15, &port)) < 0) {
            return rc;
        }
        v |= (uint32_t)port << (20 - 4 * level);
        if (*p == '\0') {
            break;
        }
        if (*p != '.') {
            return -EINVAL; /* ':' marks an interface, anything else is garbage */
        }
    }
    *id = v;
    return 0;
}

int proto_usb_id_format(uint32_t id, char *out, size_t outsz) {
    unsigned bus = id >> 24;
    if (bus == 0) {
        return -EINVAL;
    }
    uint32_t ports = id & 0xffffffu;
    if (ports == 0) {
        int n = snprintf(out, outsz, "usb%u", bus);
        return (n < 0 || (size_t)n >= outsz) ? -ERANGE : 0;
    }
    int n = snprintf(out, outsz, "%u", bus);
    bool ended = false;
    for (int level = 0; level < 6; level++) {
        unsigned port = (ports >> (20 - 4 * level)) & 0xfu;
        if (port == 0) {
            ended = true;
            continue;
        }
        if (ended) {
            return -EINVAL; /* a hole in the chain */
        }
        if (n < 0 || (size_t)n >= outsz) {
            return -ERANGE;
        }
        n += snprintf(out + n, outsz - (size_t)n, "%c%u", level == 0 ? '-' : '.', port);
    }
    return (n < 0 || (size_t)n >= outsz) ? -ERANGE : 0;
}
