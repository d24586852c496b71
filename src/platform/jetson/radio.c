/* SPDX-License-Identifier: MIT */
/* radio: rfkill switches. */
#include "jtune/platform/jetson/radio.h"

#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"

#include <string.h>

#define RFKILL "sys/class/rfkill"

int radio_probe(Sysfs *fs, Inventory *inv, RadioAttrs *a) {
    DirEntry e[32];
    int n = discover_numbered(fs, RFKILL, "rfkill", e, 32);
    inv->n_radios = 0;
    for (int i = 0; i < n && inv->n_radios < JT_MAX_RADIOS; i++) {
        char dir[JT_PATH];
        RadioInfo *r = &inv->radios[inv->n_radios];
        memset(r, 0, sizeof *r);
        discover_join(dir, sizeof dir, RFKILL, e[i].name);
        discover_str(fs, dir, "name", r->name, sizeof r->name);
        discover_str(fs, dir, "type", r->type, sizeof r->type);
        r->index = (int)e[i].num;
        a->soft[inv->n_radios] = discover_setting(fs, dir, "soft");
        a->hard[inv->n_radios] = discover_setting(fs, dir, "hard");
        inv->n_radios++;
    }
    return 0;
}

static Val flag(Sysfs *fs, AttrId id) {
    Val v = attrval_i64(fs, id);
    return (v.ok && (v.v == 0 || v.v == 1)) ? v : val_na();
}

void radio_read(Sysfs *fs, const Inventory *inv, const RadioAttrs *a, Sample *out) {
    for (int i = 0; i < inv->n_radios; i++) {
        out->radio[i].soft = flag(fs, a->soft[i]);
        out->radio[i].hard = flag(fs, a->hard[i]);
    }
}
