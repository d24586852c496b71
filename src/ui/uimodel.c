/* SPDX-License-Identifier: MIT */
/* uimodel: per-sample bookkeeping for the screens. */
#include "jtune/ui/uimodel.h"

#include "jtune/ui/derive.h"

#include <errno.h>
#include <math.h>
#include <string.h>

int uimodel_init(UiModel *m, const Inventory *inv, int history, int interval_ms) {
    memset(m, 0, sizeof *m);
    for (int i = 0; i < SER_COUNT; i++) {
        int rc = series_init(&m->series[i], history);
        if (rc < 0) {
            uimodel_free(m);
            return rc;
        }
    }
    m->inv = inv;
    m->interval_ms = interval_ms;
    m->generation = inv->generation;
    energy_meter_init(&m->energy, inv, energy_gap_limit_ns((int64_t)interval_ms * 1000000));
    sample_clear(&m->cur);
    return 0;
}

void uimodel_free(UiModel *m) {
    for (int i = 0; i < SER_COUNT; i++) {
        series_free(&m->series[i]);
    }
}

static void set_gap(UiModel *m) {
    int64_t gap = energy_gap_limit_ns((int64_t)m->interval_ms * 1000000);
    for (int i = 0; i < JT_MAX_RAILS; i++) {
        m->energy.rail[i].max_gap_ns = gap;
    }
    m->energy.input.max_gap_ns = gap;
}

void uimodel_set_interval(UiModel *m, int interval_ms) {
    m->interval_ms = interval_ms;
    set_gap(m);
}

void uimodel_reset(UiModel *m) {
    for (int i = 0; i < SER_COUNT; i++) {
        series_clear(&m->series[i]);
    }
    energy_meter_init(&m->energy, m->inv, 0);
    set_gap(m);
    m->generation = m->inv->generation;
    sample_clear(&m->cur);
    m->have = false;
    m->n_samples = 0;
}

void uimodel_seed_energy(UiModel *m, const EnergyMeter *base) {
    if (base->n_rails != m->energy.n_rails) {
        return;
    }
    m->energy = *base;
    set_gap(m);
}

static Val scaled(Val v, int64_t div) {
    return v.ok ? val_of(v.v / div) : v;
}

static void push_series(UiModel *m, const Sample *s) {
    const Inventory *inv = m->inv;
    Series *ser = m->series;
    series_push(&ser[SER_CPU_LOAD], s->cpu_total_pct10);
    series_push(&ser[SER_CPU_FREQ], derive_cpu_freq_khz(inv, s));
    series_push(&ser[SER_GPU_LOAD], s->gpu.load_pm);
    series_push(&ser[SER_GPU_FREQ], scaled(s->gpu.freq_hz, 1000));
    series_push(&ser[SER_EMC_UTIL], s->emc.util_pct10);
    series_push(&ser[SER_EMC_FREQ], scaled(s->emc.freq_hz, 1000));
    series_push(&ser[SER_INPUT_MW], s->input_mw);
    int zone;
    series_push(&ser[SER_TEMP_MAX], derive_temp_max_mc(inv, s, &zone));
    series_push(&ser[SER_FAN_PWM], s->fan.pwm_pct10);
    series_push(&ser[SER_FAN_RPM], s->fan.rpm);
    series_push(&ser[SER_MEM_USED], scaled(s->mem.used_kib, 1024));
    for (int i = 0; i < JT_MAX_RAILS; i++) {
        series_push(&ser[SER_RAIL0 + i], i < inv->n_rails ? s->rail[i].mw : val_na());
    }
    for (int c = 0; c < JT_MAX_CPUS; c++) {
        series_push(&ser[SER_CORE0 + c], c < inv->cpu.n_cpus ? s->cpu[c].util_pct10 : val_na());
    }
    for (int z = 0; z < JT_MAX_ZONES; z++) {
        series_push(&ser[SER_ZONE0 + z], z < inv->n_zones ? s->zone_mc[z] : val_na());
    }
}

void uimodel_update(UiModel *m, const Sample *s) {
    if (m->inv->generation != m->generation) {
        /* re-probed: rails may have changed, so the session energy starts again */
        if (m->inv->n_rails != m->energy.n_rails) {
            energy_meter_init(&m->energy, m->inv, 0);
            set_gap(m);
        }
        m->generation = m->inv->generation;
    }
    m->cur = *s;
    m->have = true;
    m->n_samples++;
    push_series(m, s);
    energy_meter_add(&m->energy, s);
}

static const EnergyAcc *acc(const UiModel *m, int rail) {
    if (rail < 0) {
        return &m->energy.input;
    }
    return rail < m->energy.n_rails ? &m->energy.rail[rail] : NULL;
}

Val uimodel_energy_mj(const UiModel *m, int rail) {
    const EnergyAcc *e = acc(m, rail);
    if (!e || energy_covered_s(e) <= 0) {
        return val_na();
    }
    return val_of((int64_t)llround(energy_j(e) * 1000.0));
}

Val uimodel_avg_mw(const UiModel *m, int rail) {
    const EnergyAcc *e = acc(m, rail);
    return e ? energy_avg_mw(e) : val_na();
}
