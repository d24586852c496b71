/* SPDX-License-Identifier: MIT */
/* boardtotal: the board total power, declared per board by its rails. */
#include "jtune/core/boardtotal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define RULE_RAILS 6

/* Rails that measure the whole module on their own [C] (tegrastats, jtop); Thor's carrier
 * INA238 "VIN" measures the whole board (jtop PR #900). */
static const char *const INPUTS[] = {"VIN", "VDD_IN", "POM_5V_IN"};

/* Boards without an input rail: their total is the sum of exactly these rails. */
typedef struct {
    const char *board;
    const char *rails[RULE_RAILS];
} SumRule;

static const SumRule SUMS[] = {
    /* VDDQ_VDD2_1V8AO is fed by VIN_SYS_5V0: adding it counts it twice [D] */
    {"AGX Orin", {"VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0"}},
    {"AGX Xavier", {"GPU", "CPU", "SOC", "CV", "VDDRQ", "SYS5V"}},
};

static void set_input(Inventory *inv, int i) {
    inv->input_rail = i;
    inv->rails[i].is_input = true;
    inv->total.kind = TOTAL_INPUT;
    inv->total.n = 1;
    inv->total.rail[0] = i;
}

static bool try_rule(Inventory *inv, const SumRule *r) {
    int idx[RULE_RAILS], n = 0;
    for (int k = 0; k < RULE_RAILS && r->rails[k]; k++) {
        if ((idx[n++] = inventory_rail_index(inv, r->rails[k])) < 0) {
            return false;
        }
    }
    inv->total.kind = TOTAL_SUM;
    inv->total.n = n;
    memcpy(inv->total.rail, idx, sizeof idx[0] * (size_t)n);
    return true;
}

void boardtotal_decide(Inventory *inv) {
    memset(&inv->total, 0, sizeof inv->total);
    inv->input_rail = -1;
    for (int i = 0; i < inv->n_rails; i++) {
        inv->rails[i].is_input = false;
    }
    for (size_t k = 0; k < sizeof INPUTS / sizeof INPUTS[0]; k++) {
        int i = inventory_rail_index(inv, INPUTS[k]);
        if (i >= 0) {
            set_input(inv, i);
            return;
        }
    }
    for (size_t k = 0; k < sizeof SUMS / sizeof SUMS[0]; k++) {
        if (try_rule(inv, &SUMS[k])) {
            return;
        }
    }
    if (inv->n_rails > 0) {
        inv->total.kind = TOTAL_SUM;
        inv->total.assumed = true;
        inv->total.n = inv->n_rails;
        for (int i = 0; i < inv->n_rails; i++) {
            inv->total.rail[i] = i;
        }
    }
}

Val boardtotal_value(const Inventory *inv, const RailSample *rail) {
    if (inv->total.kind == TOTAL_NONE || inv->total.n == 0) {
        return val_na();
    }
    int64_t sum = 0;
    for (int k = 0; k < inv->total.n; k++) {
        int i = inv->total.rail[k];
        if (i < 0 || i >= inv->n_rails || !rail[i].mw.ok) {
            return val_na();
        }
        sum += rail[i].mw.v;
    }
    return val_of(sum);
}

bool boardtotal_has(const Inventory *inv, int i) {
    for (int k = 0; k < inv->total.n; k++) {
        if (inv->total.rail[k] == i) {
            return true;
        }
    }
    return false;
}

/* "A<sep>B<sep>C" into out at *len. */
static void join(const Inventory *inv, const char *sep, char *out, size_t outsz, size_t *len) {
    for (int k = 0; k < inv->total.n && *len < outsz; k++) {
        int i = inv->total.rail[k];
        int w = snprintf(out + *len, outsz - *len, "%s%s", k ? sep : "",
                         i >= 0 && i < inv->n_rails ? inv->rails[i].label : "?");
        *len += w > 0 ? (size_t)w : 0;
    }
}

const char *boardtotal_describe(const Inventory *inv, char *out, size_t outsz) {
    if (outsz == 0) {
        return out;
    }
    out[0] = '\0';
    if (inv->total.kind == TOTAL_NONE) {
        snprintf(out, outsz, "none");
        return out;
    }
    if (inv->total.kind == TOTAL_INPUT) {
        join(inv, "", out, outsz, &(size_t){0});
        return out;
    }
    int w = snprintf(out, outsz, "sum of %d rails (", inv->total.n);
    size_t len = w > 0 ? (size_t)w : 0;
    join(inv, " + ", out, outsz, &len);
    if (len < outsz) {
        snprintf(out + len, outsz - len, ")%s", inv->total.assumed ? ", assumed" : "");
    }
    return out;
}

const char *boardtotal_format(const Inventory *inv, char *out, size_t outsz) {
    size_t len = 0;
    if (outsz == 0) {
        return out;
    }
    out[0] = '\0';
    if (inv->total.kind == TOTAL_SUM) {
        len = (size_t)snprintf(out, outsz, "%s", inv->total.assumed ? "sum?:" : "sum:");
    }
    if (inv->total.kind != TOTAL_NONE && len < outsz) {
        join(inv, "+", out, outsz, &len);
    }
    return out;
}

/* One label (n bytes at s) into the total. */
static int parse_member(Inventory *inv, const char *s, size_t n) {
    char label[JT_NAME];
    if (n == 0 || n >= sizeof label || inv->total.n >= JT_MAX_RAILS) {
        return -EINVAL;
    }
    memcpy(label, s, n);
    label[n] = '\0';
    int i = inventory_rail_index(inv, label);
    if (i < 0) {
        return -EINVAL;
    }
    inv->total.rail[inv->total.n++] = i;
    return 0;
}

int boardtotal_parse(Inventory *inv, const char *text) {
    if (!*text) {
        return 0; /* written by a board without rails: keep what input_rail said */
    }
    BoardTotal keep = inv->total;
    memset(&inv->total, 0, sizeof inv->total);
    bool sum = strncmp(text, "sum:", 4) == 0, assumed = strncmp(text, "sum?:", 5) == 0;
    const char *p = text + (sum ? 4 : assumed ? 5 : 0);
    while (*p) {
        const char *e = strchr(p, '+');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (parse_member(inv, p, n) < 0) {
            inv->total = keep;
            return -EINVAL;
        }
        p += n + (e ? 1 : 0);
    }
    bool input = !sum && !assumed;
    if (inv->total.n == 0 || (input && inv->total.n > 1)) {
        inv->total = keep;
        return -EINVAL;
    }
    inv->total.kind = input ? TOTAL_INPUT : TOTAL_SUM;
    inv->total.assumed = assumed;
    inv->input_rail = inv->total.kind == TOTAL_INPUT ? inv->total.rail[0] : -1;
    for (int i = 0; i < inv->n_rails; i++) {
        inv->rails[i].is_input = i == inv->input_rail;
    }
    return 0;
}
