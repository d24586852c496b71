/* SPDX-License-Identifier: MIT */
/* tunemsg: the words jtune shows when a tuning request is refused (pure). */
#include "jtune/ipc/tunemsg.h"

#include "jtune/buildinfo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tunemsg_strerror(int err) {
    switch (abs(err)) {
    case 0: return "ok";
    case EINVAL: return "value not offered by the kernel";
    case ERANGE: return "minimum would be above maximum";
    case EPERM: return "not allowed";
    case EBUSY: return "busy";
    case EAGAIN: return "refused near a trip point";
    case ENODEV: return "not present on this board";
    case ENODATA: return "the kernel does not say which values are legal";
    case EOPNOTSUPP: return "the current value cannot be restored later";
    case ECANCELED: return "needs a reboot; nothing was changed";
    case EXDEV: return "path leaves the allowed tree";
    case ENOTCONN: return "helper not connected";
    case ETIMEDOUT: return "the helper did not answer in time";
    case EACCES: return "permission denied by the kernel";
    case E2BIG: return "too many changes to track";
    case ENOSPC: return "no space left to record the original value (the journal's disk is full)";
    case EPROTO: return "the helper answered nonsense";
    case EIO: return "the kernel or tool reported an error";
    default: return strerror(abs(err));
    }
}

static const char *label(TuneTarget t) {
    const TuneTargetInfo *ti = proto_target_info(t);
    return ti ? ti->label : "setting";
}

const char *tunemsg_explain(TuneTarget t, int err, int64_t detail, char *out, size_t outsz) {
    err = abs(err);
    if (t == TUNE_T_CPU_ONLINE && err == EPERM) {
        snprintf(out, outsz, "cpu0 cannot be taken offline");
    } else if (t == TUNE_T_CPU_ONLINE && err == EBUSY) {
        snprintf(out, outsz, "the last online core cannot be taken offline");
    } else if (t == TUNE_T_FAN_PWM && err == EAGAIN) {
        snprintf(out, outsz,
                 "fan PWM below %lld is refused while a thermal zone is near its trip point",
                 (long long)detail);
    } else if (t == TUNE_T_FAN_PWM && err == EBUSY) {
        snprintf(out, outsz,
                 "nvfancontrol drives the fan: stop it with `sudo systemctl stop nvfancontrol` "
                 "to set PWM by hand (`sudo systemctl start nvfancontrol` hands it back)");
    } else if (t == TUNE_T_NVPMODEL && err == ECANCELED) {
        snprintf(out, outsz,
                 "power mode %lld needs a reboot: jtune does not reboot; run "
                 "'sudo nvpmodel -m %lld' and reboot",
                 (long long)detail, (long long)detail);
    } else if (t == TUNE_T_NVPMODEL && err == EPERM) {
        snprintf(out, outsz,
                 "power mode: nvpmodel is not trusted (it or a directory above it is not "
                 "root-owned, or group or others may write it): jtune runs nothing a user "
                 "could have replaced");
    } else if (t == TUNE_T_NVPMODEL && err == EINVAL) {
        snprintf(out, outsz, "power mode %lld is not in /etc/nvpmodel.conf", (long long)detail);
    } else if ((t == TUNE_T_VM_SWAPPINESS || t == TUNE_T_VM_DIRTY_RATIO ||
                t == TUNE_T_VM_DIRTY_BG_RATIO) &&
               err == EACCES) {
        snprintf(out, outsz,
                 "%s: the kernel lets only uid 0 write sysctls; set it in /etc/sysctl.d", label(t));
    } else if (err == ERANGE) {
        snprintf(out, outsz, "%s: the minimum would be above the maximum", label(t));
    } else {
        snprintf(out, outsz, "%s: %s", label(t), tunemsg_strerror(err));
    }
    return out;
}

const char *tunemsg_hello_strerror(int err) {
    switch (abs(err)) {
    case EACCES:
        return "this jtune-helper holds capabilities and was started by an ordinary user: it "
               "accepts --root other than / and --state-dir only from root (simulated boards "
               "use the unprivileged jtune-helper of a build tree)";
    case EPERM:
        return "jtune-helper could not prove its privilege drop; run "
               "'jtune-helper --self-test' to see which check failed";
    case EBUSY: return "another jtune is already tuning this board; quit it first";
    case EXDEV:
        return "a journal for another --root is pending; run 'jtune --restore --root DIR' "
               "for that root first";
    case ENOENT: return "no unprivileged account (jtune-helper or nobody) to run the helper as";
    default: return "the helper failed to start; see docs/helper.md";
    }
}

/* Names of the capabilities a helper may hold (linux/capability.h numbers). */
static const char *cap_name(int n) {
    static const char *const names[] = {
        [0] = "cap_chown",    [1] = "cap_dac_override", [2] = "cap_dac_read_search",
        [3] = "cap_fowner",   [6] = "cap_setgid",       [7] = "cap_setuid",
        [8] = "cap_setpcap",  [12] = "cap_net_admin",   [21] = "cap_sys_admin",
        [23] = "cap_sys_nice"};
    return n >= 0 && n < (int)(sizeof names / sizeof names[0]) ? names[n] : NULL;
}

const char *tunemsg_hello_explain_caps(uint64_t missing, const char *helper_path, char *out,
                                       size_t outsz) {
    char list[256] = "";
    size_t len = 0;
    for (int n = 0; n < 64 && len < sizeof list; n++) {
        if (missing & (UINT64_C(1) << n)) {
            const char *name = cap_name(n);
            int w = name ? snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", name)
                         : snprintf(list + len, sizeof list - len, "%scapability %d",
                                    len ? ", " : "", n);
            len += w > 0 ? (size_t)w : 0;
        }
    }
    snprintf(out, outsz,
             "jtune-helper lacks %s (its file capabilities are incomplete); give them back: "
             "sudo setcap " JTUNE_HELPER_FILECAPS_TEXT " %s",
             list[0] ? list : "capabilities", helper_path ? helper_path : "PATH/jtune-helper");
    return out;
}

const char *tunemsg_hello_explain(int err, int stage, const char *state_dir, char *out,
                                  size_t outsz) {
    err = abs(err);
    const char *dir = state_dir ? state_dir : JTUNE_STATEDIR;
    switch (stage) {
    case TUNE_STAGE_ROOT:
        snprintf(out, outsz, "the helper cannot open the board root: %s", strerror(err));
        break;
    case TUNE_STAGE_STATE_DIR:
        if (err == EPERM) {
            snprintf(out, outsz,
                     "the helper's state directory %s has the wrong owner or mode (it must "
                     "belong to the helper's account or root, and only its owner may write "
                     "it); remove it and start jtune again",
                     dir);
        } else {
            snprintf(out, outsz,
                     "the helper cannot create or open its state directory %s: %s (see "
                     "config/tmpfiles.d/jtune.conf)",
                     dir, strerror(err));
        }
        break;
    case TUNE_STAGE_LOCK:
        if (err == EBUSY) {
            snprintf(out, outsz, "another jtune is already tuning this board; quit it first");
        } else {
            snprintf(out, outsz, "the helper cannot take the board lock in %s: %s", dir,
                     strerror(err));
        }
        break;
    case TUNE_STAGE_JOURNAL:
        if (err == EXDEV) {
            snprintf(out, outsz, "%s", tunemsg_hello_strerror(err));
        } else {
            snprintf(out, outsz, "the helper cannot read its journal in %s: %s", dir,
                     strerror(err));
        }
        break;
    default: snprintf(out, outsz, "%s", tunemsg_hello_strerror(err)); break;
    }
    return out;
}
