/* SPDX-License-Identifier: MIT */
/* react: a user wrote a knob file; apply it the way the kernel would, or refuse it.
 * A refused write is put back by the next render (a plain file cannot fail the write). */
#include "sim_internal.h"

#include "jtune/core/parse.h"

#include <stdio.h>
#include <string.h>

bool react_is_knob(Role r) {
    switch (r) {
    case R_CPU_ONLINE:
    case R_POL_MIN:
    case R_POL_MAX:
    case R_POL_GOV:
    case R_POL_SETSPEED:
    case R_IDLE_DISABLE:
    case R_GPU_MIN:
    case R_GPU_MAX:
    case R_GPU_GOV:
    case R_GPU_RAILGATE:
    case R_GPU_TPC:
    case R_GPU_PWRCTL:
    case R_GPU_3D:
    case R_EMC_RATE:
    case R_EMC_LOCK:
    case R_EMC_CAP:
    case R_FAN_PWM:
    case R_FAN_TEMP_CONTROL:
    case R_NVFAN_STATUS:
    case R_NVFAN_UNIT:
    case R_ZONE_POLICY:
    case R_RF_SOFT:
    case R_RF_STATE:
    case R_USB_CONTROL: return true;
    default: return false;
    }
}

static bool int_in(const char *t, size_t n, int64_t lo, int64_t hi, int64_t *v) {
    return parse_i64(t, n, v) == 0 && *v >= lo && *v <= hi;
}

static bool word_of(const char *t, size_t n, char *out, size_t outsz) {
    return parse_str(t, n, out, outsz) == 0;
}

static bool cpu_online(Sim *s, int cpu, const char *t, size_t n) {
    int64_t v;
    if (!int_in(t, n, 0, 1, &v) || (cpu == 0 && v == 0)) {
        return false; /* cpu0 cannot be taken offline */
    }
    CoreState *cs = &s->st.core[cpu];
    cs->online = v == 1;
    if (!cs->online) {
        cs->busy = 0;
    }
    model_apply_online(s);
    return true;
}

static bool policy_limit(Sim *s, int k, bool max, const char *t, size_t n) {
    int64_t v;
    PolicyState *p = &s->st.pol[k];
    if (!p->active || !int_in(t, n, 0, INT32_MAX, &v)) {
        return false; /* an inactive policy answers EBUSY */
    }
    *(max ? &p->req_max : &p->req_min) = v;
    model_apply_cpu_limits(s, k);
    return true;
}

static bool policy_governor(Sim *s, int k, const char *t, size_t n) {
    char g[16];
    PolicyState *p = &s->st.pol[k];
    if (!p->active || !word_of(t, n, g, sizeof g)) {
        return false;
    }
    for (int i = 0; i < s->board.n_govs; i++) {
        if (!strcmp(s->board.govs[i], g)) {
            if (strcmp(p->gov, "userspace") != 0 && !strcmp(g, "userspace")) {
                p->setspeed = p->cur; /* userspace starts where the policy is */
            }
            memcpy(p->gov, g, sizeof p->gov);
            return true;
        }
    }
    return false;
}

static bool policy_setspeed(Sim *s, int k, const char *t, size_t n) {
    int64_t v;
    PolicyState *p = &s->st.pol[k];
    if (!p->active || strcmp(p->gov, "userspace") != 0 || !int_in(t, n, 0, INT32_MAX, &v)) {
        return false;
    }
    /* CPUFREQ_RELATION_L: the lowest table frequency at or above the request, within limits */
    int64_t f = model_table_round_up(s->board.freqs_khz, s->board.n_freqs, v);
    p->setspeed = f > p->max ? p->max : f < p->min ? p->min : f;
    return true;
}

static bool gpu_governor(Sim *s, const char *t, size_t n) {
    char g[24];
    if (!word_of(t, n, g, sizeof g)) {
        return false;
    }
    for (int i = 0; i < s->board.gpu.n_govs; i++) {
        if (!strcmp(s->board.gpu.govs[i], g)) {
            memcpy(s->st.gpu.gov, g, sizeof s->st.gpu.gov);
            return true;
        }
    }
    return false;
}

static bool gpu_tpc(Sim *s, const char *t, size_t n) {
    int64_t v;
    int64_t all = (INT64_C(1) << s->board.gpu.tpcs) - 1;
    if (!int_in(t, n, 0, all, &v) || model_active_tpcs(s, v) == 0) {
        return false;
    }
    s->st.gpu.tpc_mask = v;
    return true;
}

static bool gpu_pwrctl(Sim *s, const char *t, size_t n) {
    char w[8];
    if (!word_of(t, n, w, sizeof w) || (strcmp(w, "on") != 0 && strcmp(w, "auto") != 0)) {
        return false;
    }
    memcpy(s->st.gpu.pwrctl, w, sizeof w);
    return true;
}

static bool emc_cap(Sim *s, const char *t, size_t n) {
    int64_t v;
    const SimBoard *b = &s->board;
    if (!int_in(t, n, 0, INT64_MAX, &v)) {
        return false;
    }
    /* 0 (and anything above the top rate) means "no cap"; below the bottom rate clamps */
    s->st.emc.cap = (v == 0 || v > b->emc.max_hz) ? b->emc.max_hz
                    : v < b->emc.min_hz           ? b->emc.min_hz
                                                  : v;
    return true;
}

static bool emc_rate(Sim *s, const char *t, size_t n) {
    int64_t v;
    const SimBoard *b = &s->board;
    if (!s->st.emc.locked || !int_in(t, n, 1, INT64_MAX, &v)) {
        return false; /* the bandwidth manager owns the rate unless it is locked */
    }
    s->st.emc.locked_rate = model_table_round_down(b->emc.freqs_hz, b->emc.n_freqs, v);
    return true;
}

static bool fan_pwm(Sim *s, const char *t, size_t n) {
    int64_t v;
    if (!int_in(t, n, 0, 255, &v)) {
        return false;
    }
    /* the PWM changes now; whoever drives the fan (nvfancontrol, or the kernel's governor
     * unless the tj zone's policy is user_space) writes it again at its next poll */
    s->st.fan.pwm = (int)v;
    return true;
}

/* The nvfancontrol status file: FAN1:FAN_PROFILE:x, FAN1:FAN_GOVERNOR:x, FAN1:FAN_CONTROL:x.
 * The daemon reads it only when it starts: while it runs it owns the file (a write is put
 * back); while it is stopped a write is what the next start picks up. */
static bool nvfan_status(Sim *s, const char *t, size_t len) {
    FanState next = s->st.fan;
    if (next.daemon) {
        return false;
    }
    const SbFan *f = &s->board.fan;
    for (const char *p = t; p < t + len;) {
        const char *nl = memchr(p, '\n', (size_t)(t + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(t + len - p);
        char line[96], *v;
        StrView sv = parse_first_line(p, n);
        p += n + 1;
        if (sv.n == 0) {
            continue;
        }
        if (strview_copy(sv, line, sizeof line) < 0 || strncmp(line, "FAN1:", 5) != 0 ||
            !(v = strchr(line + 5, ':'))) {
            return false;
        }
        *v++ = '\0';
        const char *key = line + 5;
        if (!strcmp(key, "FAN_PROFILE")) {
            bool known = false;
            for (int i = 0; i < f->n_profiles; i++) {
                known = known || !strcmp(f->profiles[i].name, v);
            }
            if (!known || strlen(v) >= sizeof next.profile) {
                return false;
            }
            snprintf(next.profile, sizeof next.profile, "%s", v);
        } else if (!strcmp(key, "FAN_GOVERNOR") && (!strcmp(v, "pid") || !strcmp(v, "cont"))) {
            snprintf(next.governor, sizeof next.governor, "%s", v);
        } else if (!strcmp(key, "FAN_CONTROL") &&
                   (!strcmp(v, "close_loop") || !strcmp(v, "open_loop"))) {
            snprintf(next.control, sizeof next.control, "%s", v);
        } else {
            return false;
        }
    }
    s->st.fan = next;
    return true;
}

/* The simulator's stand-in for "systemctl start|stop|restart nvfancontrol". */
static bool nvfan_unit(Sim *s, const char *t, size_t n) {
    char w[16];
    if (!word_of(t, n, w, sizeof w)) {
        return false;
    }
    if (!strcmp(w, "stop")) {
        nvfand_stop(s);
    } else if (!strcmp(w, "start")) {
        nvfand_start(s);
    } else if (!strcmp(w, "restart")) {
        nvfand_stop(s);
        nvfand_start(s);
    } else {
        return false; /* the render puts "active" or "inactive" back either way */
    }
    return true;
}

/* thermal_zoneN/policy: one of the governors available_policies lists. */
static bool zone_policy(Sim *s, int z, const char *t, size_t n) {
    static const char *const govs[] = {"power_allocator", "fair_share", "bang_bang", "step_wise",
                                       "user_space"};
    char w[16];
    if (!word_of(t, n, w, sizeof w)) {
        return false;
    }
    for (size_t i = 0; i < sizeof govs / sizeof govs[0]; i++) {
        if (!strcmp(w, govs[i])) {
            snprintf(s->st.zone_policy[z], sizeof s->st.zone_policy[z], "%s", w);
            return true;
        }
    }
    return false;
}

static bool usb_control(Sim *s, int i, const char *t, size_t n) {
    char w[8];
    if (!word_of(t, n, w, sizeof w) || (strcmp(w, "on") != 0 && strcmp(w, "auto") != 0)) {
        return false;
    }
    memcpy(s->st.usb_control[i], w, sizeof w);
    return true;
}

static bool set_flag(int *dst, const char *t, size_t n, int64_t max) {
    int64_t v;
    if (!int_in(t, n, 0, max, &v)) {
        return false;
    }
    *dst = (int)v;
    return true;
}

bool react_knob(Sim *s, const SimNode *n, const char *t, size_t len) {
    SimState *st = &s->st;
    int64_t v;
    switch (n->role) {
    case R_CPU_ONLINE: return cpu_online(s, n->a, t, len);
    case R_POL_MIN: return policy_limit(s, n->a, false, t, len);
    case R_POL_MAX: return policy_limit(s, n->a, true, t, len);
    case R_POL_GOV: return policy_governor(s, n->a, t, len);
    case R_POL_SETSPEED: return policy_setspeed(s, n->a, t, len);
    case R_IDLE_DISABLE:
        if (parse_i64(t, len, &v) < 0 || v < 0) {
            return false;
        }
        st->core[n->a].idle_disabled[n->b] = v != 0;
        return true;
    case R_GPU_MIN:
    case R_GPU_MAX:
        if (!int_in(t, len, 0, INT64_MAX, &v)) {
            return false;
        }
        *(n->role == R_GPU_MAX ? &st->gpu.req_max : &st->gpu.req_min) = v;
        model_apply_gpu_limits(s);
        return true;
    case R_GPU_GOV: return gpu_governor(s, t, len);
    case R_GPU_RAILGATE: return set_flag(&st->gpu.railgate_enable, t, len, 1);
    case R_GPU_TPC: return gpu_tpc(s, t, len);
    case R_GPU_PWRCTL: return gpu_pwrctl(s, t, len);
    case R_GPU_3D: return set_flag(&st->gpu.scaling_3d, t, len, 1);
    case R_EMC_RATE: return emc_rate(s, t, len);
    case R_EMC_CAP: return emc_cap(s, t, len);
    case R_EMC_LOCK: {
        int lock;
        if (!set_flag(&lock, t, len, 1)) {
            return false;
        }
        st->emc.locked = lock;
        st->emc.locked_rate = st->emc.rate;
        return true;
    }
    case R_FAN_PWM: return fan_pwm(s, t, len);
    case R_FAN_TEMP_CONTROL: return set_flag(&st->fan.temp_control, t, len, 1);
    case R_NVFAN_STATUS: return nvfan_status(s, t, len);
    case R_NVFAN_UNIT: return nvfan_unit(s, t, len);
    case R_ZONE_POLICY: return zone_policy(s, n->a, t, len);
    case R_RF_SOFT: return set_flag(&st->rf_soft[n->a], t, len, 1);
    case R_RF_STATE:
        if (!int_in(t, len, 0, 1, &v)) {
            return false; /* 2 (hard-blocked) cannot be written */
        }
        st->rf_soft[n->a] = v == 0;
        return true;
    case R_USB_CONTROL: return usb_control(s, n->a, t, len);
    default: return false;
    }
}
