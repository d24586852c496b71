/* SPDX-License-Identifier: MIT */
/* uiactions: UiActions over the helper client and the recorder. Indexes come from the
 * screens as Inventory indexes; the helper wants kernel numbers (policyN by first cpu,
 * rfkillN), so they are translated here. */
#include "jtune/app/uiwire/uiactions.h"
#include "jtune/ipc/tunemsg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static UiSession *S(void *ctx) {
    return ctx;
}

/* Bookkeeping after a tuning call: note the change and re-probe, or keep the message. */
static int after(UiSession *s, int rc) {
    if (rc == 0) {
        s->changed = true;
        s->error[0] = '\0';
        sampler_request_rescan(s->sampler); /* a parked core, a new governor: look again */
    } else {
        const char *m = tune_last_error(s->tune);
        snprintf(s->error, sizeof s->error, "%s", m && *m ? m : tunemsg_strerror(-rc));
    }
    return rc;
}

static const Inventory *inv(UiSession *s) {
    return sampler_inventory(s->sampler);
}

static int first_cpu(UiSession *s, int policy) {
    return policy >= 0 && policy < inv(s)->cpu.n_policies ? inv(s)->cpu.policies[policy].first_cpu
                                                          : -1;
}

static int a_online(void *c, int cpu, bool on) {
    return after(S(c), tune_cpu_online(S(c)->tune, cpu, on));
}

static int a_governor(void *c, int policy, const char *name) {
    int g = proto_governor_parse(name, strlen(name));
    if (g < 0) {
        snprintf(S(c)->error, sizeof S(c)->error, "governor %s cannot be set by jtune", name);
        return -EINVAL;
    }
    return after(S(c), tune_cpu_governor(S(c)->tune, first_cpu(S(c), policy), (TuneGovernor)g));
}

static int a_cpu_max(void *c, int policy, int64_t khz) {
    return after(S(c), tune_cpu_max_khz(S(c)->tune, first_cpu(S(c), policy), khz));
}

static int a_cpu_min(void *c, int policy, int64_t khz) {
    return after(S(c), tune_cpu_min_khz(S(c)->tune, first_cpu(S(c), policy), khz));
}

static int a_gpu_railgate(void *c, bool on) {
    return after(S(c), tune_gpu_railgate(S(c)->tune, on));
}

static int a_gpu_3d(void *c, bool on) {
    return after(S(c), tune_gpu_3d_scaling(S(c)->tune, on));
}

static int a_gpu_max(void *c, int64_t hz) {
    return after(S(c), tune_gpu_max_hz(S(c)->tune, hz));
}

static int a_emc_cap(void *c, int64_t hz) {
    return after(S(c), tune_emc_cap_hz(S(c)->tune, hz));
}

static int a_idle(void *c, int cpu, int state, bool disabled) {
    return after(S(c), tune_cpuidle_disable(S(c)->tune, cpu, state, disabled));
}

static int a_pwm(void *c, int pwm) {
    return after(S(c), tune_fan_pwm(S(c)->tune, pwm));
}

static int a_fan_auto(void *c) {
    return after(S(c), tune_fan_auto(S(c)->tune));
}

static int a_radio(void *c, int radio, bool blocked) {
    const Inventory *i = inv(S(c));
    int n = radio >= 0 && radio < i->n_radios ? i->radios[radio].index : -1;
    return after(S(c), tune_radio_block(S(c)->tune, n, blocked));
}

static int a_nvp(void *c, int id) {
    return after(S(c), tune_nvpmodel(S(c)->tune, id));
}

static int a_undo(void *c) {
    UiSession *s = S(c);
    int restored = 0, failed = 0;
    int rc = tune_restore(s->tune, &restored, &failed);
    if (rc == 0) {
        s->changed = false;
        sampler_request_rescan(s->sampler);
    } else {
        snprintf(s->error, sizeof s->error, "%d restored, %d failed: %s", restored, failed,
                 tune_last_error(s->tune));
    }
    return rc;
}

/* Keep the changes AND their journal: 'jtune --restore' can undo them later (the helper's
 * KEEP op, which forgets the originals, is for callers that mean to forget them). */
static int a_keep(void *c) {
    S(c)->changed = false;
    return 0;
}

static int a_recorded(void *c) {
    return tune_changes(S(c)->tune);
}

static bool a_pending(void *c) {
    return S(c)->changed;
}

static const char *a_last_error(void *c) {
    return S(c)->error;
}

static const char *a_status(void *c) {
    return tune_connected(S(c)->tune) ? "helper connected" : "monitor only";
}

static const char *a_why(void *c, ActionId a) {
    const ActionInfo *info = keymap_info(a);
    return info && info->group == AG_TUNING ? tune_status(S(c)->tune) : NULL;
}

static int a_record(void *c, bool on, int interval_ms) {
    UiSession *s = S(c);
    int rc = on ? uirecord_start(s->rec, NULL, interval_ms) : uirecord_stop(s->rec);
    s->error[0] = '\0';
    return rc;
}

static bool a_recording(void *c) {
    return uirecord_active(S(c)->rec);
}

static const char *a_record_path(void *c) {
    return uirecord_path(S(c)->rec);
}

void uiactions_fill(UiActions *acts, UiSession *s) {
    *acts = (UiActions){.ctx = s,
                        .tuning_status = a_status,
                        .why_unavailable = a_why,
                        .record_set = a_record,
                        .recording = a_recording,
                        .record_path = a_record_path,
                        .last_error = a_last_error};
    if (!tune_connected(s->tune)) {
        return;
    }
    acts->cpu_set_online = a_online;
    acts->cpu_set_governor = a_governor;
    acts->cpu_set_max_khz = a_cpu_max;
    acts->cpu_set_min_khz = a_cpu_min;
    acts->gpu_set_max_hz = a_gpu_max;
    acts->gpu_set_railgate = a_gpu_railgate;
    acts->gpu_set_3d_scaling = a_gpu_3d;
    acts->emc_set_cap_hz = a_emc_cap;
    acts->idle_set_disabled = a_idle;
    acts->fan_set_pwm = a_pwm;
    acts->fan_set_auto = a_fan_auto;
    acts->radio_set_blocked = a_radio;
    acts->nvp_set_mode = a_nvp;
    acts->undo_all = a_undo;
    acts->changes_pending = a_pending;
    acts->keep_all = a_keep;
    acts->changes_recorded = a_recorded;
    s->changed = tune_pending(s->tune) > 0; /* left behind by an earlier session */
}

static const Inventory *source_inventory(void *ctx) {
    return sampler_inventory(S(ctx)->sampler);
}

/* The recorder is fed at the end of the monitor's source chain (after the workload runner
 * has stamped the batch), not here. */
static int source_take(void *ctx, Sample *out) {
    return sampler_take(S(ctx)->sampler, out);
}

UiSource uiactions_source(UiSession *s) {
    return (UiSource){.ctx = s, .inventory = source_inventory, .take = source_take};
}
