/* SPDX-License-Identifier: MIT */
/* thermal: zones, hwmon temperature sensors, trips and throttle alerts. */
#include "jtune/platform/jetson/thermal.h"

#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"

#include <ctype.h>
#include <string.h>

#define THERMAL      "sys/class/thermal"
#define HWMON        "sys/class/hwmon"
#define OFFLINE_MC   (-256000) /* JetPack 5 reports a power-gated zone as -256 °C */
#define MAX_BINDINGS 64

/* A zone's binding of a throttle-alert cooling device, seen while probing the zones. */
typedef struct {
    int zone; /* index in inv->zones */
    int64_t trip_mc;
    char type[JT_NAME];
} Binding;

typedef struct {
    Binding e[MAX_BINDINGS];
    int n;
} Bindings;

/* A cooling device that reports throttling: its type ends in "-throttle-alert". */
static bool throttle_alert(const char *type) {
    static const char suffix[] = "-throttle-alert";
    size_t n = strlen(type);
    return n > sizeof suffix - 1 && strcmp(type + n - (sizeof suffix - 1), suffix) == 0;
}

void thermal_short_name(const char *type, char *out, size_t n) {
    size_t o = 0;
    for (size_t i = 0; type[i] && type[i] != '-' && type[i] != '_' && o + 1 < n; i++) {
        out[o++] = (char)tolower((unsigned char)type[i]);
    }
    out[o] = '\0';
}

static bool name_taken(const Inventory *inv, const char *name) {
    for (int i = 0; i < inv->n_zones; i++) {
        if (strcmp(inv->zones[i].name, name) == 0) {
            return true;
        }
    }
    return false;
}

/* Short name of type, made unique among the zones so far ("nvme", "nvme1", ...). */
static void unique_short(const Inventory *inv, const char *type, char *out, size_t n) {
    char base[16];
    thermal_short_name(type, base, sizeof base);
    if (base[0] == '\0') {
        discover_copy(base, sizeof base, "zone");
    }
    discover_copy(out, n, base);
    for (int k = 1; k < 100 && name_taken(inv, out); k++) {
        char tmp[16];
        discover_copy(tmp, sizeof tmp - 2, base);
        sysfs_path(out, n, "%s%d", tmp, k);
    }
}

/* A cooling device that only signals (hot-surface-alert), not one that throttles. */
static bool alert_device(const char *type) {
    static const char alert[] = "-alert";
    size_t n = strlen(type);
    return n >= sizeof alert - 1 && strcmp(type + n - (sizeof alert - 1), alert) == 0 &&
           !throttle_alert(type);
}

/* Note that zone (index in inv->zones) binds the cooling device of this type at trip_mc. */
static void note_binding(Bindings *b, int zone, const char *type, Val trip_mc) {
    if (!throttle_alert(type) || !trip_mc.ok || b->n >= MAX_BINDINGS) {
        return;
    }
    Binding *e = &b->e[b->n++];
    e->zone = zone;
    e->trip_mc = trip_mc.v;
    discover_copy(e->type, sizeof e->type, type);
}

/* Mark the trips bound only to alert devices (thermal_zoneN/cdevK + cdevK_trip_point): at such
 * a trip nothing throttles, so it is no headroom limit (the 70 degC hot-surface trip). Each
 * binding of a throttle alert is noted in b. */
static void probe_bindings(const Sysfs *fs, const char *dir, ZoneInfo *z, int zone, Bindings *b) {
    bool any[JT_MAX_TRIPS] = {false}, real[JT_MAX_TRIPS] = {false};
    for (int k = 0; k < 32; k++) {
        char leaf[40], type[JT_NAME];
        sysfs_path(leaf, sizeof leaf, "cdev%d_trip_point", k);
        Val trip = discover_val(fs, dir, leaf);
        if (!trip.ok) {
            break;
        }
        sysfs_path(leaf, sizeof leaf, "cdev%d/type", k);
        if (trip.v < 0 || trip.v >= z->n_trips ||
            discover_str(fs, dir, leaf, type, sizeof type) < 0) {
            continue;
        }
        any[trip.v] = true;
        real[trip.v] = real[trip.v] || !alert_device(type);
        note_binding(b, zone, type, z->trips[trip.v].temp_mc);
    }
    for (int t = 0; t < z->n_trips; t++) {
        z->trips[t].alert_only = any[t] && !real[t];
    }
}

static void probe_trips(const Sysfs *fs, const char *dir, ZoneInfo *z, int zone, Bindings *b) {
    for (int k = 0; k < JT_MAX_TRIPS; k++) {
        char leaf[32];
        TripInfo *t = &z->trips[z->n_trips];
        sysfs_path(leaf, sizeof leaf, "trip_point_%d_type", k);
        if (discover_str(fs, dir, leaf, t->type, sizeof t->type) < 0) {
            break;
        }
        sysfs_path(leaf, sizeof leaf, "trip_point_%d_temp", k);
        t->temp_mc = discover_val(fs, dir, leaf);
        sysfs_path(leaf, sizeof leaf, "trip_point_%d_hyst", k);
        t->hyst_mc = discover_val(fs, dir, leaf);
        z->n_trips++;
    }
    probe_bindings(fs, dir, z, zone, b);
}

static void probe_zones(Sysfs *fs, Inventory *inv, ThermalAttrs *a, Bindings *b) {
    DirEntry e[64];
    int n = discover_numbered(fs, THERMAL, "thermal_zone", e, 64);
    inv->capped |= n > JT_MAX_ZONES ? INV_CAPPED_ZONES : 0;
    for (int i = 0; i < n && inv->n_zones < JT_MAX_ZONES; i++) {
        char dir[JT_PATH];
        ZoneInfo *z = &inv->zones[inv->n_zones];
        memset(z, 0, sizeof *z);
        discover_join(dir, sizeof dir, THERMAL, e[i].name);
        if (discover_str(fs, dir, "type", z->type, sizeof z->type) < 0) {
            discover_copy(z->type, sizeof z->type, e[i].name);
        }
        unique_short(inv, z->type, z->name, sizeof z->name);
        z->fixed = zone_type_fixed(z->type);
        z->index = (int)e[i].num;
        probe_trips(fs, dir, z, inv->n_zones, b);
        a->temp[inv->n_zones++] = discover_attr(fs, dir, "temp");
    }
}

static void add_hwmon_trip(const Sysfs *fs, const char *dir, int k, const char *what,
                           const char *type, ZoneInfo *z) {
    char leaf[32];
    sysfs_path(leaf, sizeof leaf, "temp%d_%s", k, what);
    Val v = discover_val(fs, dir, leaf);
    if (v.ok && z->n_trips < JT_MAX_TRIPS) {
        TripInfo *t = &z->trips[z->n_trips++];
        discover_copy(t->type, sizeof t->type, type);
        t->temp_mc = v;
        t->hyst_mc = val_na();
    }
}

static void probe_hwmon_dir(Sysfs *fs, Inventory *inv, ThermalAttrs *a, const char *dir) {
    char hname[JT_NAME];
    if (discover_str(fs, dir, "name", hname, sizeof hname) < 0) {
        return;
    }
    for (int k = 1; k <= 8 && inv->n_zones < JT_MAX_ZONES; k++) {
        char leaf[32];
        sysfs_path(leaf, sizeof leaf, "temp%d_input", k);
        AttrId id = discover_attr(fs, dir, leaf);
        if (id < 0) {
            continue;
        }
        ZoneInfo *z = &inv->zones[inv->n_zones];
        memset(z, 0, sizeof *z);
        sysfs_path(leaf, sizeof leaf, "temp%d_label", k);
        if (discover_str(fs, dir, leaf, z->type, sizeof z->type) < 0) {
            discover_copy(z->type, sizeof z->type, hname);
        }
        unique_short(inv, hname, z->name, sizeof z->name);
        z->index = -1;
        z->hwmon = true;
        add_hwmon_trip(fs, dir, k, "max", "hot", z);
        add_hwmon_trip(fs, dir, k, "crit", "critical", z);
        a->temp[inv->n_zones++] = id;
    }
}

static void probe_hwmon(Sysfs *fs, Inventory *inv, ThermalAttrs *a) {
    DirEntry e[64];
    int n = discover_numbered(fs, HWMON, "hwmon", e, 64);
    for (int i = 0; i < n; i++) {
        char dir[JT_PATH];
        if (discover_join(dir, sizeof dir, HWMON, e[i].name) == 0) {
            probe_hwmon_dir(fs, inv, a, dir);
        }
    }
}

/* The zones bound to alert i (the device of this type), each with its lowest trip. 0 when
 * there are none or more than fit: the device is then read every sample. */
static int guard_alert(const Bindings *b, const char *type, AlertGuard *g) {
    int n = 0;
    for (int k = 0; k < b->n; k++) {
        const Binding *e = &b->e[k];
        if (strcmp(e->type, type) != 0) {
            continue;
        }
        int j = 0;
        while (j < n && g[j].zone != e->zone) {
            j++;
        }
        if (j == THERMAL_MAX_GUARDS) {
            return 0;
        }
        if (j == n) {
            g[n++] = (AlertGuard){e->zone, e->trip_mc};
        } else if (e->trip_mc < g[j].trip_mc) {
            g[j].trip_mc = e->trip_mc;
        }
    }
    return n;
}

static void probe_alerts(Sysfs *fs, ThermalAttrs *a, const Bindings *b) {
    DirEntry e[64];
    int n = discover_numbered(fs, THERMAL, "cooling_device", e, 64);
    for (int i = 0; i < n && a->n_alerts < THERMAL_MAX_ALERTS; i++) {
        char dir[JT_PATH];
        char type[JT_NAME];
        discover_join(dir, sizeof dir, THERMAL, e[i].name);
        if (discover_str(fs, dir, "type", type, sizeof type) < 0 || !throttle_alert(type)) {
            continue;
        }
        AttrId id = discover_attr(fs, dir, "cur_state");
        if (id < 0) {
            continue;
        }
        int k = a->n_alerts++;
        a->n_guards[k] = guard_alert(b, type, a->guard[k]);
        a->alert[k] = a->n_guards[k] > 0 ? sysfs_attr_setting(fs, id) : id;
    }
}

int thermal_probe(Sysfs *fs, Inventory *inv, ThermalAttrs *a) {
    inv->n_zones = 0;
    inv->capped &= ~(uint32_t)INV_CAPPED_ZONES;
    a->n_alerts = 0;
    for (int i = 0; i < JT_MAX_ZONES; i++) {
        a->temp[i] = -1;
    }
    Bindings b = {.n = 0};
    probe_zones(fs, inv, a, &b);
    probe_hwmon(fs, inv, a);
    probe_alerts(fs, a, &b);
    return 0;
}

/* Whether alert i may have changed: a zone bound to it is near (or past) the trip that
 * binds them. A zone without a temperature cannot trip. */
static bool alert_near(const ThermalAttrs *a, int i, const Sample *out) {
    for (int g = 0; g < a->n_guards[i]; g++) {
        const AlertGuard *gd = &a->guard[i][g];
        Val t = out->zone_mc[gd->zone];
        if (t.ok && t.v >= gd->trip_mc - THERMAL_ALERT_MARGIN_MC) {
            return true;
        }
    }
    return false;
}

void thermal_read(Sysfs *fs, const Inventory *inv, const ThermalAttrs *a, Sample *out) {
    for (int i = 0; i < inv->n_zones; i++) {
        Val t = attrval_i64(fs, a->temp[i]);
        out->zone_mc[i] = (t.ok && t.v > OFFLINE_MC) ? t : val_na();
    }
    int known = 0;
    bool active = false;
    for (int i = 0; i < a->n_alerts; i++) {
        bool held = a->n_guards[i] > 0;
        if (held && alert_near(a, i, out)) {
            sysfs_attr_unhold(fs, a->alert[i]);
        }
        Val s = attrval_i64(fs, a->alert[i]);
        if (held && s.ok && s.v != 0) {
            sysfs_attr_unhold(fs, a->alert[i]); /* active: read until it reads 0 */
        }
        known += s.ok;
        active = active || (s.ok && s.v > 0);
    }
    out->throttling = known > 0 ? val_of(active) : val_na();
}
