/* SPDX-License-Identifier: MIT */
/* sample: helpers over the sample model. */
#include "jtune/core/sample.h"

#include <stdio.h>
#include <string.h>

#define JT_STR_(x) #x
#define JT_STR(x)  JT_STR_(x)

void sample_clear(Sample *s) {
    memset(s, 0, sizeof *s); /* every Val.ok becomes false */
}

/* Index of name in a list of n names stride bytes apart, or -1. */
static int name_index(const char *list, size_t stride, int n, const char *name) {
    for (int i = 0; i < n; i++) {
        if (strcmp(list + (size_t)i * stride, name) == 0) {
            return i;
        }
    }
    return -1;
}

static Val index_val(bool ok, const char *list, size_t stride, int n, const char *name) {
    int i = ok ? name_index(list, stride, n, name) : -1;
    return i >= 0 ? val_of(i) : val_na();
}

void sample_index_governors(const Inventory *inv, Sample *s) {
    for (int p = 0; p < inv->cpu.n_policies && p < JT_MAX_POLICIES; p++) {
        const PolicyInfo *pi = &inv->cpu.policies[p];
        PolicySample *ps = &s->policy[p];
        ps->governor_idx =
            index_val(ps->governor_ok, pi->govs[0], sizeof pi->govs[0], pi->n_govs, ps->governor);
    }
    const GpuInfo *g = &inv->gpu;
    s->gpu.governor_idx =
        index_val(s->gpu.governor_ok, g->govs[0], sizeof g->govs[0], g->n_govs, s->gpu.governor);
}

/* Copy entry v of a list into out when v is a valid index; returns whether it did. */
static bool name_of(Val v, const char *list, size_t stride, int n, char *out, size_t outsz) {
    if (!v.ok || v.v < 0 || v.v >= n) {
        return false;
    }
    snprintf(out, outsz, "%s", list + (size_t)v.v * stride);
    return true;
}

void sample_name_governors(const Inventory *inv, Sample *s) {
    for (int p = 0; p < inv->cpu.n_policies && p < JT_MAX_POLICIES; p++) {
        const PolicyInfo *pi = &inv->cpu.policies[p];
        PolicySample *ps = &s->policy[p];
        ps->governor_ok = name_of(ps->governor_idx, pi->govs[0], sizeof pi->govs[0], pi->n_govs,
                                  ps->governor, sizeof ps->governor);
    }
    const GpuInfo *g = &inv->gpu;
    s->gpu.governor_ok = name_of(s->gpu.governor_idx, g->govs[0], sizeof g->govs[0], g->n_govs,
                                 s->gpu.governor, sizeof s->gpu.governor);
}

int inventory_mode_index(const Inventory *inv, int64_t id) {
    for (int i = 0; i < inv->nvp.n_modes; i++) {
        if (inv->nvp.modes[i].id == id) {
            return i;
        }
    }
    return -1;
}

int inventory_rail_index(const Inventory *inv, const char *label) {
    for (int i = 0; i < inv->n_rails; i++) {
        if (strcmp(inv->rails[i].label, label) == 0) {
            return i;
        }
    }
    return -1;
}

int inventory_zone_index(const Inventory *inv, const char *name) {
    for (int i = 0; i < inv->n_zones; i++) {
        if (strcmp(inv->zones[i].name, name) == 0 || strcmp(inv->zones[i].type, name) == 0) {
            return i;
        }
    }
    return -1;
}

const char *fan_rewriter_hint(const Inventory *inv, const FanSample *f) {
    if (inv->fan.kind != FAN_HWMON || !f->control_ok) {
        return NULL;
    }
    if (strncmp(f->control, "nvfancontrol:", 13) == 0) {
        return "nvfancontrol resets it: sudo systemctl stop nvfancontrol";
    }
    return NULL; /* the kernel's governor: the helper sets the tj zone's policy to user_space */
}

bool zone_type_fixed(const char *type) {
    return strcmp(type, "PMIC-Die") == 0;
}

Val sample_temp_max_mc(const Inventory *inv, const Sample *s, int *zone) {
    Val best = val_na();
    *zone = -1;
    for (int z = 0; z < inv->n_zones && z < JT_MAX_ZONES; z++) {
        if (!inv->zones[z].fixed && s->zone_mc[z].ok && (!best.ok || s->zone_mc[z].v > best.v)) {
            best = s->zone_mc[z];
            *zone = z;
        }
    }
    return best;
}

const char *inventory_capped_describe(const Inventory *inv, char *out, size_t outsz) {
    static const struct {
        uint32_t bit;
        const char *what;
    } parts[] = {
        {INV_CAPPED_FREQS, "a frequency table was thinned to its ends and steps between"},
        {INV_CAPPED_CPUS, "cores beyond the first " JT_STR(JT_MAX_CPUS) " are not shown"},
        {INV_CAPPED_RAILS, "power rails beyond the first " JT_STR(JT_MAX_RAILS) " are not shown"},
        {INV_CAPPED_ZONES, "thermal zones beyond the first " JT_STR(JT_MAX_ZONES) " are not shown"},
    };
    size_t len = 0;
    if (outsz == 0) {
        return out;
    }
    out[0] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && len < outsz; i++) {
        if (inv->capped & parts[i].bit) {
            int w = snprintf(out + len, outsz - len, "%s%s", len ? "; " : "", parts[i].what);
            len += w > 0 ? (size_t)w : 0;
        }
    }
    return out;
}
