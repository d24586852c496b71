/* SPDX-License-Identifier: MIT */
/* ui_synth: synthetic board data for UI tests. */
#include "ui_synth.h"

#include <stdio.h>
#include <string.h>

static void cpus(Inventory *inv) {
    CpuInfo *c = &inv->cpu;
    c->n_cpus = 6;
    c->n_policies = 2;
    static const int64_t grid[] = {115200,  192000,  268800,  345600,  422400,  499200,
                                   576000,  652800,  729600,  806400,  883200,  960000,
                                   1036800, 1113600, 1190400, 1267200, 1344000, 1420800,
                                   1497600, 1574400, 1651200, 1728000};
    static const char *const govs[] = {"conservative", "ondemand",    "userspace",
                                       "powersave",    "performance", "schedutil"};
    for (int p = 0; p < 2; p++) {
        PolicyInfo *pi = &c->policies[p];
        pi->first_cpu = p * 4;
        pi->cpus = p == 0 ? 0x0f : 0x30;
        pi->n_freqs = 22;
        memcpy(pi->freqs_khz, grid, sizeof grid);
        pi->n_govs = 6;
        for (int g = 0; g < 6; g++) {
            snprintf(pi->govs[g], sizeof pi->govs[g], "%s", govs[g]);
        }
        pi->cpuinfo_min_khz = val_of(115200);
        pi->cpuinfo_max_khz = val_of(1728000);
        snprintf(pi->driver, sizeof pi->driver, "tegra194");
    }
    for (int i = 0; i < 6; i++) {
        c->policy_of[i] = i < 4 ? 0 : 1;
        c->cluster_of[i] = i < 4 ? 0 : 1;
        c->has_online[i] = i != 0;
    }
}

static void zones(Inventory *inv) {
    static const char *const names[] = {"cpu",  "gpu",  "cv0",  "cv1", "cv2",
                                        "soc0", "soc1", "soc2", "tj"};
    inv->n_zones = 9;
    for (int z = 0; z < 9; z++) {
        ZoneInfo *zi = &inv->zones[z];
        snprintf(zi->type, sizeof zi->type, "%s-thermal", names[z]);
        snprintf(zi->name, sizeof zi->name, "%s", names[z]);
        zi->index = z;
        zi->n_trips = 2;
        snprintf(zi->trips[0].type, sizeof zi->trips[0].type, "passive");
        zi->trips[0].temp_mc = val_of(99000);
        snprintf(zi->trips[1].type, sizeof zi->trips[1].type, "critical");
        zi->trips[1].temp_mc = val_of(104500);
    }
    ZoneInfo *cpu = &inv->zones[0];
    cpu->n_trips = 3;
    snprintf(cpu->trips[2].type, sizeof cpu->trips[2].type, "passive");
    cpu->trips[2].temp_mc = val_of(70000);
}

static void rails(Inventory *inv) {
    static const char *const labels[] = {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"};
    inv->n_rails = 3;
    for (int r = 0; r < 3; r++) {
        RailInfo *ri = &inv->rails[r];
        snprintf(ri->label, sizeof ri->label, "%s", labels[r]);
        ri->chip = 0;
        ri->channel = r + 1;
        ri->is_input = r == 0;
    }
    inv->input_rail = 0;
}

static void misc(Inventory *inv) {
    inv->idle.n_states = 2;
    snprintf(inv->idle.states[0].name, sizeof inv->idle.states[0].name, "WFI");
    inv->idle.states[0].residency_us = val_of(1);
    snprintf(inv->idle.states[1].name, sizeof inv->idle.states[1].name, "c7");
    inv->idle.states[1].residency_us = val_of(30000);
    inv->fan.kind = FAN_HWMON;
    snprintf(inv->fan.rpm_path, sizeof inv->fan.rpm_path, "sys/class/hwmon/hwmon2/rpm");
    inv->fan.n_profiles = 2;
    snprintf(inv->fan.profiles[0], sizeof inv->fan.profiles[0], "quiet");
    snprintf(inv->fan.profiles[1], sizeof inv->fan.profiles[1], "cool");
    snprintf(inv->fan.default_profile, sizeof inv->fan.default_profile, "quiet");
    inv->n_radios = 2;
    snprintf(inv->radios[0].name, sizeof inv->radios[0].name, "phy0");
    snprintf(inv->radios[0].type, sizeof inv->radios[0].type, "wlan");
    snprintf(inv->radios[1].name, sizeof inv->radios[1].name, "hci0");
    snprintf(inv->radios[1].type, sizeof inv->radios[1].type, "bluetooth");
    inv->radios[1].index = 1;
    static const char *const modes[] = {"15W", "25W", "MAXN_SUPER"};
    inv->nvp.present = true;
    inv->nvp.n_modes = 3;
    for (int i = 0; i < 3; i++) {
        inv->nvp.modes[i].id = i;
        snprintf(inv->nvp.modes[i].name, sizeof inv->nvp.modes[i].name, "%s", modes[i]);
    }
    inv->nvp.default_id = 1;
}

void uisynth_inventory(Inventory *inv) {
    memset(inv, 0, sizeof *inv);
    Identity *id = &inv->id;
    snprintf(id->model, sizeof id->model,
             "NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super");
    snprintf(id->module, sizeof id->module, "p3767-0005");
    snprintf(id->soc, sizeof id->soc, "tegra234");
    snprintf(id->l4t, sizeof id->l4t, "36.4.3");
    snprintf(id->jetpack, sizeof id->jetpack, "6.2");
    id->super = true;
    cpus(inv);
    GpuInfo *g = &inv->gpu;
    g->present = true;
    snprintf(g->name, sizeof g->name, "17000000.gpu");
    static const int64_t gf[] = {306000000, 408000000, 510000000, 612000000,
                                 714000000, 816000000, 918000000, 1020000000};
    g->n_freqs = 8;
    memcpy(g->freqs_hz, gf, sizeof gf);
    g->has_load = g->has_railgate = true;
    inv->emc.present = true;
    inv->emc.rate_errno = 13; /* EACCES */
    inv->emc.util_src = EMC_UTIL_CACTMON;
    inv->emc.has_cap = true;
    rails(inv);
    zones(inv);
    misc(inv);
    inv->generation = 1;
}

void uisynth_sample(const Inventory *inv, uint64_t seq, int interval_ms, Sample *s) {
    memset(s, 0, sizeof *s);
    int k = (int)(seq % 17);
    s->seq = seq;
    s->mono_ns = (int64_t)seq * interval_ms * 1000000;
    s->uptime_ms = val_of(3723000 + (int64_t)seq * interval_ms);
    for (int c = 0; c < inv->cpu.n_cpus; c++) {
        s->cpu[c].online = val_of(1);
        s->cpu[c].util_pct10 = val_of(100 + 50 * c + 30 * k);
        s->cpu[c].user_pct10 = val_of(60 + 10 * k);
        s->cpu[c].system_pct10 = val_of(40);
        s->cpu[c].iowait_pct10 = val_of(0);
        s->cpu[c].irq_pct10 = val_of(5);
        s->cpu[c].freq_khz = val_of(c < 4 ? 1190400 : 729600);
    }
    s->cpu_total_pct10 = val_of(230 + 10 * k);
    for (int p = 0; p < inv->cpu.n_policies; p++) {
        s->policy[p].min_khz = val_of(729600);
        s->policy[p].max_khz = val_of(1344000);
        snprintf(s->policy[p].governor, sizeof s->policy[p].governor, "schedutil");
        s->policy[p].governor_ok = true;
    }
    s->gpu.freq_hz = val_of(612000000);
    s->gpu.min_hz = val_of(306000000);
    s->gpu.max_hz = val_of(918000000);
    s->gpu.load_pm = val_of(450 + 20 * k);
    s->gpu.railgate = val_of(1);
    snprintf(s->gpu.governor, sizeof s->gpu.governor, "nvhost_podgov");
    s->gpu.governor_ok = true;
    s->emc.util_pct10 = val_of(120 + k);
    s->emc.cap_hz = val_of(3199000000LL);
    static const int64_t mv[] = {5080, 5072, 5076}, ma[] = {1230, 420, 610};
    for (int r = 0; r < inv->n_rails; r++) {
        int64_t a = ma[r] + 10 * k;
        s->rail[r].mv = val_of(mv[r]);
        s->rail[r].ma = val_of(a);
        s->rail[r].mw = val_of(mv[r] * a / 1000);
    }
    s->input_mw = s->rail[0].mw;
    for (int z = 0; z < inv->n_zones; z++) {
        bool gated = z >= 2 && z <= 4;
        s->zone_mc[z] = gated ? val_na() : val_of(49000 + 250 * z + 100 * k);
    }
    for (int c = 0; c < inv->cpu.n_cpus; c++) {
        s->idle[c][0].residency_pct10 = val_of(120 + k);
        s->idle[c][0].entries_ps10 = val_of(4530);
        s->idle[c][0].disabled = val_of(0);
        s->idle[c][1].residency_pct10 = val_of(700 - k);
        s->idle[c][1].entries_ps10 = val_of(210);
        s->idle[c][1].disabled = val_of(0);
    }
    s->fan.pwm = val_of(69);
    s->fan.pwm_pct10 = val_of(271);
    s->fan.rpm = val_of(2300 + k);
    snprintf(s->fan.control, sizeof s->fan.control, "nvfancontrol:quiet");
    s->fan.control_ok = true;
    MemSample *m = &s->mem;
    m->total_kib = val_of(7802880);
    m->free_kib = val_of(3891200);
    m->avail_kib = val_of(5529600);
    m->buffers_kib = val_of(65536);
    m->cached_kib = val_of(1843200);
    m->used_kib = val_of(2002944 + 1024 * k);
    m->nvmap_kib = val_of(98304);
    m->cma_total_kib = val_of(262144);
    m->cma_free_kib = val_of(251904);
    m->swap_total_kib = val_of(3901440);
    m->swap_free_kib = val_of(3901440);
    m->swap_cached_kib = val_of(0);
    for (int r = 0; r < inv->n_radios; r++) {
        s->radio[r].soft = val_of(r == 1);
        s->radio[r].hard = val_of(0);
    }
    s->nvp_mode = val_of(1);
    s->clocks_pinned = val_of(0);
    s->throttling = val_of(0);
}
