/* SPDX-License-Identifier: MIT */
/* tree_thermal: thermal zones, cooling devices, the fan (pwmfan + pwm_tach hwmon or the legacy
 * pwm-fan node) and nvfancontrol's configuration and status. */
#include "sim_internal.h"
#include "jtune/core/textbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define THERMAL "sys/devices/virtual/thermal"

/* The kernel's trip bindings: thermal_zoneN/cdevK -> the cooling device and
 * cdevK_trip_point, one per alert of the zone (cpu-throttle-alert on the passive trip,
 * hot-surface-alert alone on the 70 degC one). */
static int bindings(Sim *s, int i, const char *dir) {
    const SbZone *z = &s->board.zones[i];
    char p[PATH_MAX + 32], target[PATH_MAX];
    int rc = 0;
    for (int k = 0; rc == 0 && k < z->n_alerts; k++) {
        int c = 0;
        while (c < s->board.n_cooling &&
               strcmp(s->board.cooling[c].type, z->alerts[k].cooling) != 0) {
            c++;
        }
        if (c == s->board.n_cooling) {
            continue; /* board_check reports an alert without its cooling device */
        }
        snprintf(target, sizeof target, THERMAL "/cooling_device%d", s->cool_num[c]);
        snprintf(p, sizeof p, "%s/cdev%d", dir, k);
        rc = simfs_link_rel(s, p, target);
        snprintf(p, sizeof p, "%s/cdev%d_trip_point", dir, k);
        rc = rc ? rc : simfs_printf(s, p, 0444, "%d\n", z->alerts[k].trip);
    }
    return rc;
}

static int zone(Sim *s, int i) {
    const SbZone *z = &s->board.zones[i];
    char dir[PATH_MAX], p[PATH_MAX + 32];
    snprintf(dir, sizeof dir, THERMAL "/thermal_zone%d", s->zone_num[i]);
    int rc = 0;
#define P(name) (snprintf(p, sizeof p, "%s/%s", dir, name), p)
    rc = rc ? rc : simfs_printf(s, P("type"), 0444, "%s\n", z->type);
    rc = rc ? rc
            : (z->gated ? simfs_fifo(s, P("temp"))
                        : simfs_node(s, P("temp"), 0444, R_ZONE_TEMP, i, 0));
    rc = rc ? rc : simfs_printf(s, P("mode"), 0644, "enabled\n");
    rc = rc ? rc : simfs_node(s, P("policy"), 0644, R_ZONE_POLICY, i, 0);
    rc = rc ? rc
            : simfs_printf(s, P("available_policies"), 0444,
                           "power_allocator fair_share bang_bang step_wise user_space \n");
#undef P
    for (int t = 0; rc == 0 && t < z->n_trips; t++) {
        snprintf(p, sizeof p, "%s/trip_point_%d_temp", dir, t);
        rc = simfs_printf(s, p, 0444, "%lld\n", (long long)z->trips[t].temp_mc);
        snprintf(p, sizeof p, "%s/trip_point_%d_type", dir, t);
        rc = rc ? rc : simfs_printf(s, p, 0444, "%s\n", z->trips[t].type);
        snprintf(p, sizeof p, "%s/trip_point_%d_hyst", dir, t);
        rc = rc ? rc : simfs_printf(s, p, 0444, "%lld\n", (long long)z->trips[t].hyst_mc);
    }
    rc = rc ? rc : bindings(s, i, dir);
    snprintf(p, sizeof p, "sys/class/thermal/thermal_zone%d", s->zone_num[i]);
    return rc ? rc : simfs_link_rel(s, p, dir);
}

static int cooling(Sim *s, int i) {
    const SbCooling *c = &s->board.cooling[i];
    char dir[PATH_MAX], p[PATH_MAX + 32];
    snprintf(dir, sizeof dir, THERMAL "/cooling_device%d", s->cool_num[i]);
    snprintf(p, sizeof p, "%s/type", dir);
    int rc = simfs_printf(s, p, 0444, "%s\n", c->type);
    snprintf(p, sizeof p, "%s/cur_state", dir);
    rc = rc ? rc : simfs_node(s, p, 0644, R_COOL_CUR, i, 0);
    snprintf(p, sizeof p, "%s/max_state", dir);
    rc = rc ? rc : simfs_printf(s, p, 0444, "%d\n", c->max_state);
    snprintf(p, sizeof p, "sys/class/thermal/cooling_device%d", s->cool_num[i]);
    return rc ? rc : simfs_link_rel(s, p, dir);
}

int tree_thermal(Sim *s) {
    int rc = 0;
    for (int i = 0; rc == 0 && i < s->board.n_zones; i++) {
        rc = zone(s, i);
    }
    for (int i = 0; rc == 0 && i < s->board.n_cooling; i++) {
        rc = cooling(s, i);
    }
    return rc;
}

/* ------------------------------------------------------------------ fan */

typedef struct {
    char *out;
    size_t size, len;
    bool full;
} Text;

static void add(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(Text *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    textbuf_vappend(t->out, t->size, &t->len, &t->full, fmt, ap);
    va_end(ap);
}

/* nvfancontrol.conf in NVIDIA's layout, from the board's fan data. */
static size_t format_nvfancontrol(const SbFan *f, char *out, size_t size) {
    Text t = {out, size, 0, false};
    add(&t, "POLLING_INTERVAL %d\n\n<FAN 1>\n", f->polling_s);
    if (f->tmargin) {
        add(&t, "\tTMARGIN ENABLED\n");
    }
    add(&t, "\tFAN_GOVERNOR pid {\n\t\tSTEP_SIZE %d\n\t}\n", f->step_size);
    add(&t, "\tFAN_GOVERNOR cont {\n\t\tSTEP_SIZE %d\n\t}\n", f->step_size);
    add(&t, "\tFAN_CONTROL close_loop {\n\t\tRPM_TOLERANCE %d\n\t}\n", f->rpm_tolerance);
    for (int i = 0; i < f->n_profiles; i++) {
        const SbFanProfile *p = &f->profiles[i];
        add(&t, "\tFAN_PROFILE %s {\n\t\t#TEMP\tHYST\tPWM\tRPM\n", p->name);
        for (int k = 0; k < p->n_points; k++) {
            const SbFanPoint *q = &p->points[k];
            add(&t, "\t\t%d\t%d\t%d\t%d\n", q->temp, q->hyst, q->pwm, q->rpm);
        }
        add(&t, "\t}\n");
    }
    add(&t, "\tTHERMAL_GROUP 0 {\n\t\tGROUP_MAX_TEMP %d\n\t\t#Thermal-Zone Coeffs Max-Temp\n",
        f->group_max_temp);
    for (int i = 0; i < f->n_group; i++) {
        add(&t, "\t\t%s 20,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 0\n", f->group[i]);
    }
    add(&t, "\t}\n\tFAN_DEFAULT_CONTROL %s\n\tFAN_DEFAULT_PROFILE %s\n", f->control, f->profile);
    add(&t, "\tFAN_DEFAULT_GOVERNOR %s\n\tKICKSTART_PWM %d\n", f->governor, f->kickstart_pwm);
    return t.len;
}

static int fan_nvfancontrol(Sim *s) {
    const SbFan *f = &s->board.fan;
    char path[PATH_MAX], target[PATH_MAX], text[8192];
    snprintf(path, sizeof path, "etc/nvpower/nvfancontrol/%s", f->conf);
    size_t n = format_nvfancontrol(f, text, sizeof text);
    int rc = simfs_write(s, path, text, n, 0644);
    snprintf(target, sizeof target, "/etc/nvpower/nvfancontrol/%s", f->conf);
    rc = rc ? rc : simfs_link(s, "etc/nvfancontrol.conf", target);
    rc = rc ? rc : simfs_node(s, "var/lib/nvfancontrol/status", 0644, R_NVFAN_STATUS, 0, 0);
    rc = rc ? rc : simfs_node(s, SIM_NVFAN_UNIT_PATH, 0644, R_NVFAN_UNIT, 0, 0);
    return rc ? rc : nvfand_start(s); /* enabled: it runs from boot */
}

int tree_fan(Sim *s) {
    const SbFan *f = &s->board.fan;
    char hw[PATH_MAX], p[PATH_MAX + 32];
    int rc = 0;
    if (f->kind == FANKIND_LEGACY) {
        snprintf(p, sizeof p, "%s/target_pwm", f->pwm_dir);
        rc = simfs_node(s, p, 0644, R_FAN_PWM, 0, 0);
        snprintf(p, sizeof p, "%s/rpm_measured", f->pwm_dir);
        rc = rc ? rc : simfs_node(s, p, 0444, R_FAN_RPM, 0, 0);
        snprintf(p, sizeof p, "%s/temp_control", f->pwm_dir);
        rc = rc ? rc : simfs_node(s, p, 0644, R_FAN_TEMP_CONTROL, 0, 0);
        snprintf(p, sizeof p, "%s/pwm_cap", f->pwm_dir);
        rc = rc ? rc : simfs_printf(s, p, 0644, "255\n");
    } else if (f->kind == FANKIND_HWMON) {
        rc = tree_hwmon_dir(s, HW_FAN_PWM, f->pwm_dir, "pwmfan", hw, sizeof hw);
        snprintf(p, sizeof p, "%s/pwm1", hw);
        rc = rc ? rc : simfs_node(s, p, 0644, R_FAN_PWM, 0, 0);
        if (rc == 0 && f->tach_dir[0]) {
            rc = tree_hwmon_dir(s, HW_FAN_TACH, f->tach_dir, "pwm_tach", hw, sizeof hw);
        }
        snprintf(p, sizeof p, "%s/rpm", hw);
        rc = rc ? rc : simfs_node(s, p, 0444, R_FAN_RPM, 0, 0);
    }
    if (rc == 0 && f->kind != FANKIND_NONE && f->nvfancontrol) {
        rc = fan_nvfancontrol(s);
    }
    return rc;
}
