/* SPDX-License-Identifier: MIT */
/* actions: availability of the pluggable actions and the built-in reasons. */
#include "jtune/ui/actions.h"

const char *actions_default_reason(ActionId a) {
    const ActionInfo *info = keymap_info(a);
    if (!info) {
        return "not available";
    }
    switch (info->group) {
    case AG_TUNING:
        return "tuning needs jtune-helper: run jtune with sudo, or install the helper with "
               "file capabilities (setcap)";
    default: break;
    }
    switch (a) {
    case ACT_RECORD:
        return "recording is not available in this session: use jtune --headless --log FILE";
    case ACT_WORKLOAD: return "no workload runner in this session: see jtune --run-workload";
    case ACT_AUDIT: return "the audit is not available in this session";
    case ACT_INFO: return "no board to read in this session (a replay): see jtune --info";
    case ACT_REPLAY_BACK:
    case ACT_REPLAY_FWD:
    case ACT_REPLAY_SPEED:
    case ACT_REPLAY_GOTO: return "replay keys work in jtune replay FILE";
    default: return "not available";
    }
}

bool actions_available(const UiActions *acts, ActionId a) {
    if (!acts) {
        return false;
    }
    switch (a) {
    case ACT_PARK: return acts->cpu_set_online != NULL;
    case ACT_GOVERNOR: return acts->cpu_set_governor != NULL;
    case ACT_CPU_CAP: return acts->cpu_set_max_khz != NULL;
    case ACT_CPU_MIN: return acts->cpu_set_min_khz != NULL;
    case ACT_GPU_CAP: return acts->gpu_set_max_hz != NULL;
    case ACT_GPU_RAILGATE: return acts->gpu_set_railgate != NULL;
    case ACT_GPU_3D: return acts->gpu_set_3d_scaling != NULL;
    case ACT_EMC_CAP: return acts->emc_set_cap_hz != NULL;
    case ACT_IDLE_TOGGLE:
    case ACT_IDLE_ALL: return acts->idle_set_disabled != NULL;
    case ACT_FAN_UP:
    case ACT_FAN_DOWN: return acts->fan_set_pwm != NULL;
    case ACT_FAN_AUTO: return acts->fan_set_auto != NULL;
    case ACT_RADIO_TOGGLE: return acts->radio_set_blocked != NULL;
    case ACT_NVP_MODE: return acts->nvp_set_mode != NULL;
    case ACT_UNDO_ALL: return acts->undo_all != NULL;
    case ACT_PROFILES: return acts->profile_list != NULL && acts->profile_apply != NULL;
    case ACT_MAX_CLOCKS: return acts->profile_apply != NULL;
    case ACT_AUDIT: return acts->audit_run != NULL;
    case ACT_INFO: return acts->info_read != NULL;
    case ACT_RECORD: return acts->record_set != NULL;
    case ACT_WORKLOAD: return acts->workload_view != NULL;
    case ACT_REPLAY_BACK:
    case ACT_REPLAY_FWD: return acts->replay_seek != NULL;
    case ACT_REPLAY_SPEED: return acts->replay_speed != NULL;
    case ACT_REPLAY_GOTO: return acts->replay_marks != NULL && acts->replay_goto != NULL;
    default: return true; /* navigation and general keys are always there */
    }
}
