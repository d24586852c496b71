/* SPDX-License-Identifier: MIT */
/* derive: trip points, alerts and small aggregates for the screens. */
#include "jtune/ui/derive.h"

#include "jtune/core/fmt.h"

#include <stdio.h>
#include <string.h>

/* Only trips where the kernel throttles (passive) or shuts down (critical) count: "active"
 * trips start fans, "hot" ones only notify. */
static bool trip_counts(const TripInfo *t) {
    return t->temp_mc.ok && t->temp_mc.v > 0 && !t->alert_only &&
           (strcmp(t->type, "passive") == 0 || strcmp(t->type, "critical") == 0);
}

void derive_trip(const ZoneInfo *z, Val temp_mc, TripView *out) {
    *out = (TripView){.trip = -1, .trip_mc = val_na(), .headroom_mc = val_na()};
    out->heat = temp_mc.ok ? HEAT_COOL : HEAT_NA;
    int above = -1, passed = -1;
    for (int i = 0; i < z->n_trips && i < JT_MAX_TRIPS; i++) {
        const TripInfo *t = &z->trips[i];
        if (!trip_counts(t)) {
            continue;
        }
        if (!temp_mc.ok || t->temp_mc.v > temp_mc.v) {
            if (above < 0 || t->temp_mc.v < z->trips[above].temp_mc.v) {
                above = i;
            }
        } else if (passed < 0 || t->temp_mc.v > z->trips[passed].temp_mc.v) {
            passed = i;
        }
    }
    int pick = passed >= 0 ? passed : above;
    if (pick < 0) {
        return;
    }
    out->trip = pick;
    out->trip_mc = z->trips[pick].temp_mc;
    if (!temp_mc.ok) {
        return;
    }
    int64_t room = out->trip_mc.v - temp_mc.v;
    out->headroom_mc = val_of(room);
    out->heat = room < DERIVE_HOT_MC ? HEAT_HOT : room < DERIVE_WARM_MC ? HEAT_WARM : HEAT_COOL;
}

int derive_alerts(const Inventory *inv, const Sample *s, TempUnit unit, bool utf8, Alert *out,
                  int max) {
    int n = 0;
    if (s->throttling.ok && s->throttling.v && n < max) {
        snprintf(out[n++].text, sizeof out[0].text, "throttling");
    }
    for (int z = 0; z < inv->n_zones && z < JT_MAX_ZONES && n < max; z++) {
        TripView tv;
        if (inv->zones[z].fixed) {
            continue; /* a fixed value (PMIC-Die at 100 degC), not a temperature */
        }
        derive_trip(&inv->zones[z], s->zone_mc[z], &tv);
        if (tv.heat != HEAT_HOT) {
            continue;
        }
        char t[24], trip[24];
        fmt_temp_mc(s->zone_mc[z], unit, utf8, t, sizeof t);
        fmt_temp_mc(tv.trip_mc, unit, utf8, trip, sizeof trip);
        const char *name = inv->zones[z].name[0] ? inv->zones[z].name : inv->zones[z].type;
        snprintf(out[n++].text, sizeof out[0].text, "%s %s, trip %s", name, t, trip);
    }
    return n;
}

Val derive_cpu_freq_khz(const Inventory *inv, const Sample *s) {
    int64_t sum = 0;
    int n = 0;
    for (int c = 0; c < inv->cpu.n_cpus && c < JT_MAX_CPUS; c++) {
        const CoreSample *cs = &s->cpu[c];
        bool online = !cs->online.ok || cs->online.v;
        if (online && cs->freq_khz.ok) {
            sum += cs->freq_khz.v;
            n++;
        }
    }
    return n ? val_of((sum + n / 2) / n) : val_na();
}

Val derive_temp_max_mc(const Inventory *inv, const Sample *s, int *zone) {
    return sample_temp_max_mc(inv, s, zone);
}

void derive_cores_online(const Inventory *inv, const Sample *s, int *online, int *known) {
    *online = *known = 0;
    for (int c = 0; c < inv->cpu.n_cpus && c < JT_MAX_CPUS; c++) {
        if (s->cpu[c].online.ok) {
            (*known)++;
            *online += s->cpu[c].online.v != 0;
        }
    }
}

void derive_mode_name(const Inventory *inv, Val mode, char *out, size_t outsz) {
    if (!mode.ok) {
        snprintf(out, outsz, FMT_NA);
        return;
    }
    int i = inventory_mode_index(inv, mode.v);
    if (i >= 0 && inv->nvp.modes[i].name[0]) {
        snprintf(out, outsz, "%s", inv->nvp.modes[i].name);
    } else {
        snprintf(out, outsz, "mode %lld", (long long)mode.v);
    }
}

/* Remove every occurrence of word from s (in place), collapsing the blank it leaves. */
static void cut(char *s, const char *word) {
    size_t n = strlen(word);
    for (char *p = strstr(s, word); p; p = strstr(s, word)) {
        memmove(p, p + n, strlen(p + n) + 1);
    }
}

void derive_board_name(const Inventory *inv, bool compact, char *out, size_t outsz) {
    char buf[sizeof inv->id.model];
    snprintf(buf, sizeof buf, "%s", inv->id.model);
    if (strncmp(buf, "NVIDIA ", 7) == 0) {
        memmove(buf, buf + 7, strlen(buf + 7) + 1);
    }
    cut(buf, " Engineering Reference");
    if (compact) {
        cut(buf, " Developer Kit");
    }
    if (!buf[0]) {
        snprintf(out, outsz, "unknown board");
        return;
    }
    snprintf(out, outsz, "%s", buf);
}
