/* SPDX-License-Identifier: MIT */
/* synth: synthetic inventories and samples for tests. */
#include "synth.h"

#include <stdio.h>
#include <string.h>

static void set_rail(Inventory *inv, int i, const char *label, int channel) {
    RailInfo *r = &inv->rails[i];
    snprintf(r->label, sizeof r->label, "%s", label);
    r->chip = i / 3;
    r->channel = channel;
}

static void set_zone(Inventory *inv, int i, const char *name, const char *type) {
    ZoneInfo *z = &inv->zones[i];
    snprintf(z->name, sizeof z->name, "%s", name);
    snprintf(z->type, sizeof z->type, "%s", type);
    z->index = i;
}

void synth_inventory(Inventory *inv) {
    memset(inv, 0, sizeof *inv);
    snprintf(inv->id.model, sizeof inv->id.model, "%s",
             "NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super");
    snprintf(inv->id.compatible, sizeof inv->id.compatible, "%s",
             "nvidia,p3768-0000+p3767-0005-super, nvidia,p3767-0005, nvidia,tegra234");
    snprintf(inv->id.module, sizeof inv->id.module, "p3767-0005");
    snprintf(inv->id.soc, sizeof inv->id.soc, "tegra234");
    snprintf(inv->id.l4t, sizeof inv->id.l4t, "36.4.3");
    snprintf(inv->id.jetpack, sizeof inv->id.jetpack, "6.2");
    snprintf(inv->id.kernel, sizeof inv->id.kernel, "5.15.148-tegra");
    inv->id.super = true;
    inv->cpu.n_cpus = 6;
    inv->cpu.n_policies = 2;
    inv->cpu.policies[0].first_cpu = 0;
    inv->cpu.policies[0].cpus = 0x0f;
    inv->cpu.policies[1].first_cpu = 4;
    inv->cpu.policies[1].cpus = 0x30;
    for (int c = 0; c < JT_MAX_CPUS; c++) {
        inv->cpu.policy_of[c] = c < 4 ? 0 : c < 6 ? 1 : -1;
        inv->cpu.cluster_of[c] = inv->cpu.policy_of[c];
    }
    inv->gpu.present = true;
    snprintf(inv->gpu.name, sizeof inv->gpu.name, "17000000.gpu");
    inv->emc.present = true;
    const char *eng[] = {"NVDEC", "NVJPG", "NVJPG1", "VIC", "OFA"};
    inv->n_engines = 5;
    for (int i = 0; i < 5; i++) {
        snprintf(inv->engines[i].name, sizeof inv->engines[i].name, "%s", eng[i]);
    }
    inv->n_rails = 5;
    set_rail(inv, 0, "VDD_IN", 1);
    set_rail(inv, 1, "VDD_CPU_GPU_CV", 2);
    set_rail(inv, 2, "VDD_SOC", 3);
    set_rail(inv, 3, "NC", 1);
    set_rail(inv, 4, "NC", 3);
    inv->rails[0].is_input = true;
    inv->input_rail = 0;
    const char *zn[] = {"cpu", "gpu", "cv0", "cv1", "cv2", "soc0", "soc1", "soc2", "tj"};
    inv->n_zones = 9;
    for (int i = 0; i < 9; i++) {
        char type[32];
        snprintf(type, sizeof type, "%s-thermal", zn[i]);
        set_zone(inv, i, zn[i], type);
    }
    inv->idle.n_states = 2;
    snprintf(inv->idle.states[0].name, sizeof inv->idle.states[0].name, "WFI");
    snprintf(inv->idle.states[1].name, sizeof inv->idle.states[1].name, "c7");
    inv->fan.kind = FAN_HWMON;
    inv->n_radios = 2;
    snprintf(inv->radios[0].name, sizeof inv->radios[0].name, "phy0");
    snprintf(inv->radios[0].type, sizeof inv->radios[0].type, "wlan");
    snprintf(inv->radios[1].name, sizeof inv->radios[1].name, "hci0");
    snprintf(inv->radios[1].type, sizeof inv->radios[1].type, "bluetooth");
    const char *modes[] = {"15W", "25W", "MAXN_SUPER", "7W"};
    inv->nvp.present = true;
    inv->nvp.n_modes = 4;
    for (int i = 0; i < 4; i++) {
        inv->nvp.modes[i].id = i;
        snprintf(inv->nvp.modes[i].name, sizeof inv->nvp.modes[i].name, "%s", modes[i]);
    }
    inv->nvp.default_id = 1;
}

static void synth_cpus(const Inventory *inv, int k, Sample *s) {
    int64_t total = 0;
    for (int c = 0; c < inv->cpu.n_cpus; c++) {
        CoreSample *cs = &s->cpu[c];
        cs->online = val_of(1);
        cs->util_pct10 = val_of((k * 37 + c * 101) % 1001);
        cs->user_pct10 = val_of(cs->util_pct10.v / 2);
        cs->system_pct10 = val_of(cs->util_pct10.v / 4);
        cs->iowait_pct10 = val_of(k % 3);
        cs->irq_pct10 = val_of(c);
        cs->freq_khz = val_of(729600 + 76800 * ((k + c) % 8));
        total += cs->util_pct10.v;
        for (int st = 0; st < inv->idle.n_states; st++) {
            s->idle[c][st].residency_pct10 = val_of((k * 13 + st * 300 + c) % 1001);
            s->idle[c][st].entries_ps10 = val_of(k * 10 + st);
            s->idle[c][st].disabled = val_of(0);
        }
    }
    s->cpu_total_pct10 = val_of(total / inv->cpu.n_cpus);
    for (int p = 0; p < inv->cpu.n_policies; p++) {
        s->policy[p].min_khz = val_of(729600);
        s->policy[p].max_khz = val_of(1344000);
    }
}

void synth_sample(const Inventory *inv, int k, Sample *s) {
    sample_clear(s);
    s->seq = (uint64_t)k;
    s->mono_ns = 1000000000LL * (1000 + k) + 123456; /* sub-us part is lost in logs */
    s->wall_ms = 1736300977123LL + 1000LL * k;
    s->uptime_ms = val_of(1000000 + 1000LL * k);
    synth_cpus(inv, k, s);
    s->gpu.freq_hz = val_of(306000000LL + 102000000LL * (k % 4));
    s->gpu.min_hz = val_of(306000000);
    s->gpu.max_hz = val_of(918000000);
    s->gpu.load_pm = val_of((k * 77) % 1001);
    s->gpu.railgate = val_of(1);
    s->gpu.tpc_pg_mask = val_of(240);
    s->emc.freq_hz = (k % 2) ? val_na() : val_of(2133000000LL);
    s->emc.util_pct10 = val_of(k * 3 % 1000);
    s->emc.cap_hz = val_of(3199000000LL);
    for (int e = 0; e < inv->n_engines; e++) {
        s->engine[e].on = val_of(e == 3 && k % 2);
        s->engine[e].freq_hz = s->engine[e].on.v ? val_of(115200000) : val_na();
    }
    int64_t in = 0;
    for (int r = 0; r < inv->n_rails; r++) {
        s->rail[r].mv = val_of(5072 - r);
        s->rail[r].ma = val_of(r == 0 ? 900 + 10 * k : 100 + r * k);
        s->rail[r].mw = val_of(s->rail[r].mv.v * s->rail[r].ma.v / 1000);
    }
    in = s->rail[0].mw.v;
    s->input_mw = val_of(in);
    for (int z = 0; z < inv->n_zones; z++) {
        bool cv = strncmp(inv->zones[z].name, "cv", 2) == 0;
        s->zone_mc[z] = cv ? val_na() : val_of(48000 + 125 * z + 31 * k);
        if (z == 7 && k % 3 == 0) {
            s->zone_mc[z] = val_of(-256000); /* JP5 prints offline zones as -256 C */
        }
    }
    s->fan.pwm = val_of(60 + k % 10);
    s->fan.pwm_pct10 = val_of(s->fan.pwm.v * 1000 / 255);
    s->fan.rpm = val_of(1600 + k);
    s->mem.total_kib = val_of(7802880);
    s->mem.free_kib = val_of(3891200 - k);
    s->mem.avail_kib = val_of(5529600);
    s->mem.used_kib = val_of(7802880 - 5529600 + k);
    s->mem.nvmap_kib = val_of(98304);
    s->mem.swap_total_kib = val_of(3901440);
    s->mem.swap_free_kib = val_of(3901440);
    s->radio[0].soft = val_of(0);
    s->radio[0].hard = val_of(0);
    s->radio[1].soft = val_of(k % 2);
    s->radio[1].hard = val_of(0);
    s->nvp_mode = val_of(1);
    s->clocks_pinned = val_of(0);
    s->throttling = val_of(k % 2);
}
