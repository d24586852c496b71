/* SPDX-License-Identifier: MIT */
/* model_thermal: temperatures as first-order lags toward ambient + R*P (+ local heating),
 * trip points and throttle alerts, step-wise cpufreq/devfreq cooling, and the fan with RPM
 * lagging behind PWM. Who writes the PWM: nvfancontrol from its profile curve while it runs,
 * whatever was written by hand [C]; when it is stopped, the kernel's governor on the tj zone
 * through the pwm-fan cooling device [C], unless that zone's policy is user_space [D]; on
 * JetPack 4 the kernel curve while temp_control is 1 [C]. Sources in docs/sources.md. */
#include "sim_internal.h"

#include "jtune/core/parse.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#define THERMAL_POLL_S 0.5

static double lag(double dt, double tau) {
    return tau <= 0 ? 1.0 : 1.0 - exp(-dt / tau);
}

/* Board-to-ambient resistance with the current airflow (degC per W). */
static double resistance(const Sim *s) {
    const SbPower *p = &s->board.power;
    double air = s->board.fan.kind == FANKIND_NONE ? 0.0 : s->st.fan.pwm / 255.0;
    return p->r_c_per_w / (1.0 + p->fan_gain * air);
}

/* Where zone z heads with the current power (m degC), before its calibration offset. */
static double zone_target_raw(const Sim *s, int z) {
    const SbZone *zone = &s->board.zones[z];
    double t = s->board.power.ambient_c + resistance(s) * s->st.total_mw / 1000.0;
    for (int k = 0; k < COMP_N; k++) {
        t += zone->couple[k] * s->st.comp_mw[k] / 1000.0;
    }
    return t * 1000.0;
}

static double hottest_other(const Sim *s, int skip) {
    double t = -1e9;
    for (int z = 0; z < s->board.n_zones; z++) {
        const SbZone *zone = &s->board.zones[z];
        if (z != skip && !zone->gated && !zone->max_of_all && !zone->fixed) {
            t = fmax(t, s->st.temp_mc[z]);
        }
    }
    return t;
}

void model_calibrate_thermal(Sim *s) {
    const SimBoard *b = &s->board;
    for (int z = 0; z < b->n_zones; z++) {
        const SbZone *zone = &b->zones[z];
        if (zone->gated) {
            continue;
        }
        s->st.temp_mc[z] = (double)zone->idle_mc;
        bool own = zone->max_of_all || zone->fixed;
        s->zone_offset_mc[z] = own ? 0 : (double)zone->idle_mc - zone_target_raw(s, z);
    }
    for (int z = 0; z < b->n_zones; z++) {
        if (b->zones[z].max_of_all && !b->zones[z].gated) {
            s->zone_offset_mc[z] = (double)b->zones[z].idle_mc - hottest_other(s, z);
        }
    }
}

static void temperatures(Sim *s, double dt) {
    const SimBoard *b = &s->board;
    double k = lag(dt, b->power.tau_s);
    for (int z = 0; z < b->n_zones; z++) {
        const SbZone *zone = &b->zones[z];
        if (zone->gated || zone->max_of_all || zone->fixed) {
            continue;
        }
        double target = zone_target_raw(s, z) + s->zone_offset_mc[z];
        s->st.temp_mc[z] += (target - s->st.temp_mc[z]) * k + 12.0 * rng_sym(&s->rng);
    }
    for (int z = 0; z < b->n_zones; z++) {
        if (b->zones[z].max_of_all && !b->zones[z].gated) {
            s->st.temp_mc[z] = hottest_other(s, z) + s->zone_offset_mc[z];
        }
    }
}

/* Trips: passed at temp, released below temp - hyst. */
static void trips(Sim *s) {
    const SimBoard *b = &s->board;
    for (int z = 0; z < b->n_zones; z++) {
        const SbZone *zone = &b->zones[z];
        for (int t = 0; t < zone->n_trips && !zone->gated && !zone->fixed; t++) {
            double temp = s->st.temp_mc[z];
            bool *p = &s->st.trip_passed[z][t];
            if (temp >= (double)zone->trips[t].temp_mc) {
                *p = true;
            } else if (temp < (double)(zone->trips[t].temp_mc - zone->trips[t].hyst_mc)) {
                *p = false;
            }
        }
    }
}

/* A throttle alert: a cooling device named "*-throttle-alert". */
static bool is_throttle_alert(const char *type) {
    size_t n = strlen(type);
    return n > 15 && !strcmp(type + n - 15, "-throttle-alert");
}

/* Set every alert-type cooling device from the trips bound to it. */
static void alerts(Sim *s) {
    const SimBoard *b = &s->board;
    for (int i = 0; i < b->n_cooling; i++) {
        bool bound = false, on = false;
        for (int z = 0; z < b->n_zones; z++) {
            for (int a = 0; a < b->zones[z].n_alerts; a++) {
                const SbAlert *al = &b->zones[z].alerts[a];
                if (!strcmp(al->cooling, b->cooling[i].type)) {
                    bound = true;
                    on = on || s->st.trip_passed[z][al->trip];
                }
            }
        }
        if (bound) {
            s->st.cool_cur[i] = on ? 1 : 0;
        }
    }
}

/* Throttling: a passed trip bound to a throttle alert, or a passed passive trip of a zone that
 * has no alerts at all (older boards bind cpufreq cooling to the zone directly). */
static bool hot(const Sim *s) {
    const SimBoard *b = &s->board;
    for (int z = 0; z < b->n_zones; z++) {
        const SbZone *zone = &b->zones[z];
        for (int a = 0; a < zone->n_alerts; a++) {
            if (s->st.trip_passed[z][zone->alerts[a].trip] &&
                is_throttle_alert(zone->alerts[a].cooling)) {
                return true;
            }
        }
        for (int t = 0; t < zone->n_trips && zone->n_alerts == 0; t++) {
            if (s->st.trip_passed[z][t] && !strcmp(zone->trips[t].type, "passive")) {
                return true;
            }
        }
    }
    return false;
}

/* All zones at least 5 degC under their first passive trip. */
static bool cooled_down(const Sim *s) {
    const SimBoard *b = &s->board;
    for (int z = 0; z < b->n_zones; z++) {
        for (int t = 0; t < b->zones[z].n_trips && !b->zones[z].gated && !b->zones[z].fixed; t++) {
            if (!strcmp(b->zones[z].trips[t].type, "passive")) {
                if (s->st.temp_mc[z] > (double)b->zones[z].trips[t].temp_mc - 5000.0) {
                    return false;
                }
                break;
            }
        }
    }
    return true;
}

static int step_state(int cur, bool hot, bool cool, int max) {
    if (hot && cur < max) {
        return cur + 1;
    }
    if (cool && !hot && cur > 0) {
        return cur - 1;
    }
    return cur;
}

/* step_wise: every thermal poll, one step deeper while throttling, one back when cool. */
static void throttle(Sim *s, bool is_hot, double dt) {
    const SimBoard *b = &s->board;
    s->st.thermal_poll_s += dt;
    if (s->st.thermal_poll_s < THERMAL_POLL_S) {
        return;
    }
    s->st.thermal_poll_s -= THERMAL_POLL_S;
    bool cool = cooled_down(s);
    for (int k = 0; k < b->n_clusters; k++) {
        s->st.pol[k].cool_state = step_state(s->st.pol[k].cool_state, is_hot, cool, b->n_freqs - 1);
    }
    if (b->gpu.present) {
        s->st.gpu.cool_state = step_state(s->st.gpu.cool_state, is_hot, cool, b->gpu.n_freqs - 1);
    }
}

/* N of a "cpufreq-cpuN" cooling device type, or -1. */
static int cpufreq_cooling_cpu(const char *type) {
    int64_t v;
    if (strncmp(type, "cpufreq-cpu", 11) != 0 || parse_i64(type + 11, strlen(type + 11), &v) < 0 ||
        v < 0 || v >= 64) {
        return -1;
    }
    return (int)v;
}

/* Cooling devices that mirror other state: cpufreq-cpuN, devfreq-*, pwm-fan. */
static void mirrors(Sim *s) {
    const SimBoard *b = &s->board;
    for (int i = 0; i < b->n_cooling; i++) {
        const SbCooling *c = &b->cooling[i];
        int cpu = cpufreq_cooling_cpu(c->type);
        if (cpu >= 0) {
            int k = simboard_cluster_of(b, cpu);
            s->st.cool_cur[i] = k >= 0 ? s->st.pol[k].cool_state : 0;
        } else if (!strncmp(c->type, "devfreq-", 8)) {
            s->st.cool_cur[i] = s->st.gpu.cool_state;
        } else if (!strcmp(c->type, "pwm-fan")) {
            s->st.cool_cur[i] = (int)lround(s->st.fan.pwm * c->max_state / 255.0);
        }
        if (s->st.cool_cur[i] > c->max_state) {
            s->st.cool_cur[i] = c->max_state;
        }
    }
}

/* ------------------------------------------------------------------ fan */

static const SbFanProfile *profile(const Sim *s) {
    const SbFan *f = &s->board.fan;
    for (int i = 0; i < f->n_profiles; i++) {
        if (!strcmp(f->profiles[i].name, s->st.fan.profile)) {
            return &f->profiles[i];
        }
    }
    return f->n_profiles ? &f->profiles[0] : NULL;
}

double model_fan_rpm_for(const Sim *s, int pwm) {
    const SbFanProfile *p = profile(s);
    if (!p || pwm <= 0) {
        return 0;
    }
    /* interpolate over the (PWM, RPM) pairs of the profile, taken in PWM order */
    double lo_p = 0, lo_r = 0, hi_p = 255, hi_r = 0;
    for (int i = 0; i < p->n_points; i++) {
        double pp = p->points[i].pwm, rr = p->points[i].rpm;
        if (pp <= pwm && pp >= lo_p) {
            lo_p = pp;
            lo_r = rr;
        }
        if (pp >= pwm && pp <= hi_p) {
            hi_p = pp;
            hi_r = rr;
        }
    }
    if (hi_p <= lo_p) {
        return lo_r > 0 ? lo_r : hi_r;
    }
    return lo_r + (hi_r - lo_r) * (pwm - lo_p) / (hi_p - lo_p);
}

/* The hottest zone of nvfancontrol's thermal group (or every zone), degC. */
static double group_temp(const Sim *s) {
    const SimBoard *b = &s->board;
    double t = -1e9;
    for (int z = 0; z < b->n_zones; z++) {
        bool in = b->fan.n_group == 0;
        for (int g = 0; g < b->fan.n_group && !in; g++) {
            in = !strcmp(b->fan.group[g], b->zones[z].type);
        }
        if (in && !b->zones[z].gated) {
            t = fmax(t, s->st.temp_mc[z] / 1000.0);
        }
    }
    return t;
}

/* The PWM the profile asks for at temperature t (TMARGIN: margin below the group max). */
static int curve_pwm(const Sim *s, double t) {
    const SbFanProfile *p = profile(s);
    if (!p) {
        return s->st.fan.pwm;
    }
    double x = s->board.fan.tmargin ? s->board.fan.group_max_temp - t : t;
    int pwm = s->board.fan.tmargin ? p->points[0].pwm : 0;
    for (int i = 0; i < p->n_points; i++) {
        if (p->points[i].temp <= x) {
            pwm = p->points[i].pwm;
        }
    }
    return pwm;
}

/* The kernel governor's fan trips on the tj zone: state k from KFAN_FIRST_C + (k-1) *
 * KFAN_STEP_C, one state back below the trip less KFAN_HYST_C [I] (no public listing of the
 * Orin device tree's fan trips was found). */
#define KFAN_FIRST_C 50.0
#define KFAN_STEP_C  10.0
#define KFAN_HYST_C  4.0

/* The zone the pwm-fan cooling device is bound to: tj-thermal (JetPack 6), tj-therm /
 * Tj-therm (JetPack 5 Orin), thermal-fan-est (Xavier) [D]. */
static int fan_zone(const Sim *s) {
    for (int z = 0; z < s->board.n_zones; z++) {
        const char *t = s->board.zones[z].type;
        if ((!strncasecmp(t, "tj-therm", 8) || !strcmp(t, "thermal-fan-est")) &&
            !s->board.zones[z].gated) {
            return z;
        }
    }
    return -1;
}

static int pwm_fan_max_state(const Sim *s) {
    for (int i = 0; i < s->board.n_cooling; i++) {
        if (!strcmp(s->board.cooling[i].type, "pwm-fan") && s->board.cooling[i].max_state > 0) {
            return s->board.cooling[i].max_state;
        }
    }
    return 3; /* [I] no pwm-fan cooling device listed for the board */
}

/* step_wise on the pwm-fan cooling device: one state a poll toward the trips passed; the
 * pwm-fan driver writes the state's level to pwm1 at every poll [I] (so a PWM written by
 * hand lasts until the next poll). With policy user_space nothing is written. */
static void kernel_fan(Sim *s, double dt) {
    FanState *f = &s->st.fan;
    int z = fan_zone(s);
    if (z >= 0 && !strcmp(s->st.zone_policy[z], "user_space")) {
        return;
    }
    f->kpoll_left_s -= dt;
    if (f->kpoll_left_s > 0) {
        return;
    }
    f->kpoll_left_s += THERMAL_POLL_S;
    int max = pwm_fan_max_state(s);
    if (f->kstate < 0) {
        f->kstate = (int)lround(f->pwm * max / 255.0);
    }
    double t = z >= 0 ? s->st.temp_mc[z] / 1000.0 : group_temp(s);
    int want = 0;
    for (int k = 1; k <= max; k++) {
        want = t >= KFAN_FIRST_C + (k - 1) * KFAN_STEP_C ? k : want;
    }
    double off = KFAN_FIRST_C + (f->kstate - 1) * KFAN_STEP_C - KFAN_HYST_C;
    if (want > f->kstate) {
        f->kstate++;
    } else if (want < f->kstate && t < off) {
        f->kstate--;
    }
    f->pwm = (int)lround(f->kstate * 255.0 / max);
}

static void fan(Sim *s, double dt) {
    const SbFan *bf = &s->board.fan;
    FanState *f = &s->st.fan;
    if (bf->kind == FANKIND_NONE) {
        return;
    }
    if (bf->kind == FANKIND_HWMON && !f->daemon) {
        kernel_fan(s, dt);
    }
    bool automatic = bf->kind == FANKIND_LEGACY ? f->temp_control == 1 : f->daemon;
    f->poll_left_s -= dt;
    if (automatic && f->poll_left_s <= 0) {
        f->poll_left_s += bf->polling_s;
        int target = curve_pwm(s, group_temp(s));
        int step = bf->step_size > 0 ? bf->step_size : 255;
        int delta = target - f->pwm;
        f->pwm += delta > step ? step : delta < -step ? -step : delta;
    } else if (f->poll_left_s <= 0) {
        f->poll_left_s += bf->polling_s;
    }
    double want = model_fan_rpm_for(s, f->pwm);
    f->rpm += (want - f->rpm) * lag(dt, bf->rpm_tau_s);
    if (want > 0) {
        f->rpm += want * 0.004 * rng_sym(&s->rng);
    }
    f->rpm = f->rpm < 0 ? 0 : f->rpm;
}

void model_thermal_step(Sim *s, double dt) {
    temperatures(s, dt);
    trips(s);
    alerts(s);
    throttle(s, hot(s), dt);
    fan(s, dt);
    mirrors(s);
}
