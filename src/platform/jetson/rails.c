/* SPDX-License-Identifier: MIT */
/* rails: INA3221 power monitors, hwmon and legacy iio layouts. */
#include "jtune/platform/jetson/rails.h"

#include "jtune/core/boardtotal.h"
#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"

#include <string.h>

#define IIO_DRIVER "sys/bus/i2c/drivers/ina3221x"

/* A rail found by this probe, before merging into the inventory. */
typedef struct {
    RailInfo info;
    AttrId mv, ma, mw;
    bool uw;
} Found;

typedef struct {
    Found r[JT_MAX_RAILS * 2];
    int n;
} FoundList;

int64_t rails_mw(int64_t mv, int64_t ma) {
    int64_t p = mv * ma;
    return p >= 0 ? (p + 500) / 1000 : -((-p + 500) / 1000);
}

static bool skip_label(const char *label) {
    return label[0] == '\0' || strcmp(label, "NC") == 0 ||
           strcmp(label, "sum of shunt voltages") == 0;
}

static void probe_hwmon_chip(Sysfs *fs, const char *dir, int chip, FoundList *fl) {
    for (int ch = 1; ch <= 3 && fl->n < (int)(sizeof fl->r / sizeof fl->r[0]); ch++) {
        char leaf[32];
        Found *f = &fl->r[fl->n];
        memset(f, 0, sizeof *f);
        sysfs_path(leaf, sizeof leaf, "in%d_label", ch);
        if (discover_str(fs, dir, leaf, f->info.label, sizeof f->info.label) < 0 ||
            skip_label(f->info.label)) {
            continue;
        }
        f->info.chip = chip;
        f->info.channel = ch;
        sysfs_path(leaf, sizeof leaf, "in%d_input", ch);
        f->mv = discover_attr(fs, dir, leaf);
        sysfs_path(leaf, sizeof leaf, "curr%d_input", ch);
        f->ma = discover_attr(fs, dir, leaf);
        f->mw = -1;
        sysfs_path(leaf, sizeof leaf, "curr%d_crit", ch);
        f->info.crit_ma = discover_val(fs, dir, leaf);
        sysfs_path(leaf, sizeof leaf, "curr%d_max", ch);
        f->info.max_ma = discover_val(fs, dir, leaf);
        fl->n++;
    }
}

/* INA238: one channel whose power file counts uW. */
static void probe_ina238(Sysfs *fs, const char *dir, int chip, FoundList *fl) {
    if (fl->n >= (int)(sizeof fl->r / sizeof fl->r[0])) {
        return;
    }
    Found *f = &fl->r[fl->n];
    memset(f, 0, sizeof *f);
    if (discover_str(fs, dir, "in1_label", f->info.label, sizeof f->info.label) < 0 ||
        f->info.label[0] == '\0') {
        discover_copy(f->info.label, sizeof f->info.label, "VIN");
    }
    f->info.chip = chip;
    f->info.channel = 1;
    f->mv = discover_attr(fs, dir, "in1_input");
    f->ma = discover_attr(fs, dir, "curr1_input");
    f->mw = discover_attr(fs, dir, "power1_input");
    f->uw = true;
    f->info.crit_ma = discover_val(fs, dir, "curr1_crit");
    f->info.max_ma = discover_val(fs, dir, "curr1_max");
    fl->n++;
}

static void probe_iio_dev(Sysfs *fs, const char *dir, int chip, FoundList *fl) {
    for (int ch = 0; ch < 3 && fl->n < (int)(sizeof fl->r / sizeof fl->r[0]); ch++) {
        char leaf[40];
        Found *f = &fl->r[fl->n];
        memset(f, 0, sizeof *f);
        sysfs_path(leaf, sizeof leaf, "rail_name_%d", ch);
        if (discover_str(fs, dir, leaf, f->info.label, sizeof f->info.label) < 0 ||
            skip_label(f->info.label)) {
            continue;
        }
        f->info.chip = chip;
        f->info.channel = ch + 1;
        f->info.legacy_iio = true;
        sysfs_path(leaf, sizeof leaf, "in_voltage%d_input", ch);
        f->mv = discover_attr(fs, dir, leaf);
        sysfs_path(leaf, sizeof leaf, "in_current%d_input", ch);
        f->ma = discover_attr(fs, dir, leaf);
        sysfs_path(leaf, sizeof leaf, "in_power%d_input", ch);
        f->mw = discover_attr(fs, dir, leaf);
        sysfs_path(leaf, sizeof leaf, "crit_current_limit_%d", ch);
        f->info.crit_ma = discover_val(fs, dir, leaf);
        sysfs_path(leaf, sizeof leaf, "warn_current_limit_%d", ch);
        f->info.max_ma = discover_val(fs, dir, leaf);
        fl->n++;
    }
}

static void add_chip(RailAttrs *a, const char *dir) {
    if (a->n_chips < RAILS_MAX_CHIPS) {
        discover_copy(a->chip_dir[a->n_chips++], JT_PATH, dir);
    }
}

static void probe_hwmon(Sysfs *fs, RailAttrs *a, FoundList *fl) {
    char dirs[RAILS_MAX_CHIPS][JT_PATH];
    int n = discover_hwmon(fs, "ina3221", dirs, RAILS_MAX_CHIPS);
    for (int i = 0; i < n; i++) {
        probe_hwmon_chip(fs, dirs[i], a->n_chips, fl);
        add_chip(a, dirs[i]);
    }
    n = discover_hwmon(fs, "ina238", dirs, RAILS_MAX_CHIPS - a->n_chips);
    for (int i = 0; i < n; i++) {
        probe_ina238(fs, dirs[i], a->n_chips, fl);
        add_chip(a, dirs[i]);
    }
}

/* JetPack 4: <driver>/<bus>-<addr>/iio:deviceN */
static void probe_iio(Sysfs *fs, RailAttrs *a, FoundList *fl) {
    DirEntry devs[16];
    int n = discover_entries(fs, IIO_DRIVER, devs, 16);
    for (int i = 0; i < n && a->n_chips < RAILS_MAX_CHIPS; i++) {
        char devdir[JT_PATH];
        DirEntry iio[4];
        if (!strchr(devs[i].name, '-') ||
            discover_join(devdir, sizeof devdir, IIO_DRIVER, devs[i].name) < 0) {
            continue; /* bind, unbind, module, uevent */
        }
        int k = discover_numbered(fs, devdir, "iio:device", iio, 4);
        for (int j = 0; j < k && a->n_chips < RAILS_MAX_CHIPS; j++) {
            char dir[JT_PATH];
            if (discover_join(dir, sizeof dir, devdir, iio[j].name) == 0) {
                probe_iio_dev(fs, dir, a->n_chips, fl);
                add_chip(a, dir);
            }
        }
    }
}

static void reset_attrs(RailAttrs *a) {
    for (int i = 0; i < JT_MAX_RAILS; i++) {
        a->mv[i] = a->ma[i] = a->mw[i] = -1;
        a->mw_in_uw[i] = false;
    }
    a->n_chips = 0;
}

/* Put each found rail at its old index (same label), new ones at the end. */
static void merge(Inventory *inv, RailAttrs *a, const FoundList *fl) {
    for (int i = 0; i < fl->n; i++) {
        const Found *f = &fl->r[i];
        int at = inventory_rail_index(inv, f->info.label);
        if (at < 0 || a->mv[at] >= 0 || a->ma[at] >= 0) {
            if (inv->n_rails == JT_MAX_RAILS) {
                inv->capped |= INV_CAPPED_RAILS;
                continue;
            }
            at = inv->n_rails++; /* new, or a second rail with the same label */
        }
        inv->rails[at] = f->info;
        a->mv[at] = f->mv;
        a->ma[at] = f->ma;
        a->mw[at] = f->mw;
        a->mw_in_uw[at] = f->uw;
    }
}

int rails_probe(Sysfs *fs, Inventory *inv, RailAttrs *a) {
    FoundList fl;
    fl.n = 0;
    reset_attrs(a);
    probe_hwmon(fs, a, &fl);
    probe_iio(fs, a, &fl);
    inv->capped &= ~(uint32_t)INV_CAPPED_RAILS;
    merge(inv, a, &fl);
    boardtotal_decide(inv);
    return 0;
}

void rails_read(Sysfs *fs, const Inventory *inv, const RailAttrs *a, Sample *out) {
    for (int i = 0; i < inv->n_rails; i++) {
        RailSample *r = &out->rail[i];
        r->mv = attrval_i64(fs, a->mv[i]);
        r->ma = attrval_i64(fs, a->ma[i]);
        r->mw = attrval_i64(fs, a->mw[i]);
        if (r->mw.ok && a->mw_in_uw[i]) {
            r->mw.v = r->mw.v >= 0 ? (r->mw.v + 500) / 1000 : -((-r->mw.v + 500) / 1000);
        }
        if (!r->mw.ok && r->mv.ok && r->ma.ok) {
            r->mw = val_of(rails_mw(r->mv.v, r->ma.v));
        }
    }
    out->input_mw = boardtotal_value(inv, out->rail);
}
