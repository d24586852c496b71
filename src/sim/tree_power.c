/* SPDX-License-Identifier: MIT */
/* tree_power: device numbering (hwmon, thermal zones, cooling devices - permuted per seed so
 * that readers must look devices up by name/type), INA3221 power monitors (hwmon or the JetPack
 * 4 iio layout) and the soctherm over-current hwmon. */
#include "sim_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* A random permutation of 0..n-1 into out (Fisher-Yates). */
static void permute(Rng *r, int *out, int n) {
    for (int i = 0; i < n; i++) {
        out[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(rng_next(r) % (uint64_t)(i + 1));
        int t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
}

void tree_layout(Sim *s) {
    const SimBoard *b = &s->board;
    Rng r;
    rng_seed(&r, s->seed * UINT64_C(0x9e3779b97f4a7c15) + 17);
    bool used[HW_SLOTS] = {false};
    for (int i = 0; i < b->n_ina; i++) {
        used[i] = !b->ina[i].iio;
    }
    used[HW_FAN_PWM] = b->fan.kind == FANKIND_HWMON;
    used[HW_FAN_TACH] = b->fan.kind == FANKIND_HWMON && b->fan.tach_dir[0];
    used[HW_SOCTHERM] = b->soctherm_oc;
    int slots[HW_SLOTS], n = 0;
    for (int i = 0; i < HW_SLOTS; i++) {
        s->hwmon_num[i] = -1;
        if (used[i]) {
            slots[n++] = i;
        }
    }
    int perm[HW_SLOTS];
    permute(&r, perm, n);
    for (int i = 0; i < n; i++) {
        s->hwmon_num[slots[i]] = perm[i];
    }
    permute(&r, s->zone_num, b->n_zones);
    permute(&r, s->cool_num, b->n_cooling);
}

/* The hwmon directory of a slot: <device dir>/hwmon/hwmonN, plus its class link. */
int tree_hwmon_dir(Sim *s, int slot, const char *devdir, const char *name, char *out,
                   size_t outsz) {
    char cls[64];
    int num = s->hwmon_num[slot];
    if ((size_t)snprintf(out, outsz, "%s/hwmon/hwmon%d", devdir, num) >= outsz) {
        return -ENAMETOOLONG;
    }
    snprintf(cls, sizeof cls, "sys/class/hwmon/hwmon%d", num);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/name", out);
    int rc = simfs_printf(s, path, 0444, "%s\n", name);
    return rc ? rc : simfs_link_rel(s, cls, out);
}

static int ina_channel(Sim *s, const char *hw, int rail) {
    const SbRail *r = &s->board.rails[rail];
    const SbIna *ina = &s->board.ina[r->chip];
    int ch = r->channel;
    char p[PATH_MAX];
    int rc = 0;
#define P(fmt, n) (snprintf(p, sizeof p, "%s/" fmt, hw, n), p)
    rc = rc ? rc : simfs_printf(s, P("in%d_label", ch), 0444, "%s\n", r->label);
    rc = rc ? rc : simfs_node(s, P("in%d_input", ch), 0444, R_RAIL_MV, rail, 0);
    rc = rc ? rc : simfs_node(s, P("curr%d_input", ch), 0444, R_RAIL_MA, rail, 0);
    rc = rc ? rc : simfs_printf(s, P("in%d_enable", ch), 0644, "1\n");
    rc =
        rc ? rc
           : simfs_printf(s, P("shunt%d_resistor", ch), 0644, "%lld\n", (long long)ina->shunt_uohm);
    rc = rc ? rc : simfs_printf(s, P("curr%d_crit", ch), 0644, "%lld\n", (long long)r->crit_ma);
    rc = rc ? rc : simfs_printf(s, P("curr%d_max", ch), 0644, "%lld\n", (long long)r->max_ma);
    rc = rc ? rc : simfs_printf(s, P("curr%d_crit_alarm", ch), 0444, "0\n");
    rc = rc ? rc : simfs_printf(s, P("curr%d_max_alarm", ch), 0444, "0\n");
    rc = rc ? rc : simfs_node(s, P("in%d_input", ch + 3), 0444, R_RAIL_SHUNT, rail, 0);
#undef P
    return rc;
}

/* INA238 (Thor's carrier board input): one channel, power in uW (jtop PR #900; the hwmon
 * layout as the kernel's ina238 driver lists it). */
static int ina238_hwmon(Sim *s, int chip) {
    const SbIna *ina = &s->board.ina[chip];
    char hw[PATH_MAX], p[PATH_MAX + 32];
    int rc = tree_hwmon_dir(s, chip, ina->dir, "ina238", hw, sizeof hw);
    for (int i = 0; rc == 0 && i < s->board.n_rails; i++) {
        if (s->board.rails[i].chip != chip) {
            continue;
        }
#define P(name) (snprintf(p, sizeof p, "%s/%s", hw, name), p)
        rc = rc ? rc : simfs_printf(s, P("in1_label"), 0444, "%s\n", s->board.rails[i].label);
        rc = rc ? rc : simfs_node(s, P("in0_input"), 0444, R_RAIL_SHUNT, i, 0);
        rc = rc ? rc : simfs_node(s, P("in1_input"), 0444, R_RAIL_MV, i, 0);
        rc = rc ? rc : simfs_node(s, P("curr1_input"), 0444, R_RAIL_MA, i, 0);
        rc = rc ? rc : simfs_node(s, P("power1_input"), 0444, R_RAIL_UW, i, 0);
#undef P
    }
    return rc;
}

static int ina_hwmon(Sim *s, int chip) {
    const SbIna *ina = &s->board.ina[chip];
    char hw[PATH_MAX], p[PATH_MAX + 32];
    if (strcmp(ina->driver, "ina238") == 0) {
        return ina238_hwmon(s, chip);
    }
    int rc = tree_hwmon_dir(s, chip, ina->dir, "ina3221", hw, sizeof hw);
    for (int i = 0; rc == 0 && i < s->board.n_rails; i++) {
        if (s->board.rails[i].chip == chip) {
            rc = ina_channel(s, hw, i);
        }
    }
#define P(name) (snprintf(p, sizeof p, "%s/%s", hw, name), p)
    rc = rc ? rc : simfs_printf(s, P("in7_label"), 0444, "sum of shunt voltages\n");
    rc = rc ? rc : simfs_node(s, P("in7_input"), 0444, R_SUM_SHUNT, chip, 0);
    rc = rc ? rc : simfs_node(s, P("curr4_input"), 0444, R_SUM_MA, chip, 0);
    rc = rc ? rc : simfs_printf(s, P("curr4_crit"), 0644, "32760\n");
    rc = rc ? rc : simfs_printf(s, P("curr4_crit_alarm"), 0444, "0\n");
    rc = rc ? rc : simfs_printf(s, P("samples"), 0644, "%lld\n", (long long)ina->samples);
    rc =
        rc ? rc
           : simfs_printf(s, P("update_interval"), 0644, "%lld\n", (long long)ina->update_interval);
#undef P
    return rc;
}

static int ina_iio(Sim *s, int chip) {
    const SbIna *ina = &s->board.ina[chip];
    char io[PATH_MAX], p[PATH_MAX + 64];
    snprintf(io, sizeof io, "%s/iio:device%d", ina->dir, chip);
    snprintf(p, sizeof p, "%s/name", io);
    int rc = simfs_printf(s, p, 0444, "%s\n", ina->driver);
    for (int i = 0; rc == 0 && i < s->board.n_rails; i++) {
        const SbRail *r = &s->board.rails[i];
        if (r->chip != chip) {
            continue;
        }
        int n = r->channel - 1;
#define P(fmt) (snprintf(p, sizeof p, "%s/" fmt, io, n), p)
        rc = rc ? rc : simfs_printf(s, P("rail_name_%d"), 0444, "%s\n", r->label);
        rc = rc ? rc : simfs_node(s, P("in_voltage%d_input"), 0444, R_RAIL_MV, i, 0);
        rc = rc ? rc : simfs_node(s, P("in_current%d_input"), 0444, R_RAIL_MA, i, 0);
        rc = rc ? rc : simfs_node(s, P("in_power%d_input"), 0444, R_RAIL_MW, i, 0);
        rc = rc ? rc
                : simfs_printf(s, P("warn_current_limit_%d"), 0644, "%lld\n", (long long)r->max_ma);
        rc =
            rc ? rc
               : simfs_printf(s, P("crit_current_limit_%d"), 0644, "%lld\n", (long long)r->crit_ma);
#undef P
    }
    snprintf(p, sizeof p, "sys/bus/iio/devices/iio:device%d", chip);
    return rc ? rc : simfs_link_rel(s, p, io);
}

static int soctherm(Sim *s) {
    char hw[PATH_MAX], p[PATH_MAX + 32];
    int rc = tree_hwmon_dir(s, HW_SOCTHERM, "sys/devices/platform/soctherm-oc-event", "soctherm_oc",
                            hw, sizeof hw);
    for (int i = 1; rc == 0 && i <= 3; i++) {
        snprintf(p, sizeof p, "%s/oc%d_event_cnt", hw, i);
        rc = simfs_printf(s, p, 0444, "0\n");
        snprintf(p, sizeof p, "%s/oc%d_throt_en", hw, i);
        rc = rc ? rc : simfs_printf(s, p, 0644, "1\n");
    }
    return rc;
}

int tree_power(Sim *s) {
    const SimBoard *b = &s->board;
    int rc = 0;
    for (int chip = 0; rc == 0 && chip < b->n_ina; chip++) {
        const SbIna *ina = &b->ina[chip];
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/name", ina->dir);
        rc = simfs_printf(s, p, 0444, "%s\n", ina->driver);
        rc = rc ? rc : (ina->iio ? ina_iio(s, chip) : ina_hwmon(s, chip));
        snprintf(p, sizeof p, "sys/bus/i2c/devices/%s", ina->addr);
        rc = rc ? rc : simfs_link_rel(s, p, ina->dir);
        snprintf(p, sizeof p, "sys/bus/i2c/drivers/%s/%s", ina->driver, ina->addr);
        rc = rc ? rc : simfs_link_rel(s, p, ina->dir);
    }
    if (rc == 0 && b->soctherm_oc) {
        rc = soctherm(s);
    }
    return rc;
}
