/* SPDX-License-Identifier: MIT */
/* board_values: the board-file values that are more than one number or word (component
 * weights, trip points, alerts, cooling devices, fan curves, cpu lists, compatible strings). */
#include "board_internal.h"

#include "jtune/core/parse.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ custom values */

static const char *const comp_names[COMP_N] = {"cpu", "gpu", "cv", "soc", "dram", "io"};

/* "cpu:1 gpu:0.5" -> weights per component. */
int board_set_weights(BoardCtx *c, int line, const char *key, const char *v, double *w) {
    StrView words[COMP_N * 2];
    size_t n = 0;
    if (parse_words(v, strlen(v), words, sizeof words / sizeof words[0], &n) < 0) {
        diag_error(c->diag, c->file, line, "%s: too many entries", key);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char item[48];
        char *colon;
        double d;
        if (strview_copy(words[i], item, sizeof item) < 0 || !(colon = strchr(item, ':')) ||
            !board_parse_double(colon + 1, &d)) {
            diag_error(c->diag, c->file, line, "%s: expected COMPONENT:WEIGHT, got \"%.*s\"", key,
                       (int)words[i].n, words[i].p);
            return 0;
        }
        *colon = '\0';
        int k = 0;
        while (k < COMP_N && strcmp(comp_names[k], item) != 0) {
            k++;
        }
        if (k == COMP_N) {
            diag_error(c->diag, c->file, line,
                       "%s: unknown component \"%s\" (cpu gpu cv soc dram io)", key, item);
            return 0;
        }
        w[k] = d;
    }
    return 1;
}

/* Split "a:b:c" into at most max fields (in place). Returns the field count. */
static int split_colon(char *s, char **f, int max) {
    int n = 0;
    f[n++] = s;
    for (char *p = s; *p && n < max + 1; p++) {
        if (*p == ':') {
            *p = '\0';
            f[n++] = p + 1;
        }
    }
    return n;
}

static bool field_i64(const char *s, int64_t *out) {
    return parse_i64(s, strlen(s), out) == 0;
}

/* "99000:passive:0 104500:critical:0" */
int board_set_trips(BoardCtx *c, int line, SbZone *z, const char *v) {
    StrView w[SB_MAX_TRIPS];
    size_t n = 0;
    if (parse_words(v, strlen(v), w, SB_MAX_TRIPS, &n) < 0) {
        diag_error(c->diag, c->file, line, "trips: more than %d trip points", SB_MAX_TRIPS);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char item[64];
        char *f[4];
        SbTrip *t = &z->trips[i];
        if (strview_copy(w[i], item, sizeof item) < 0 || split_colon(item, f, 3) != 3 ||
            !field_i64(f[0], &t->temp_mc) || !field_i64(f[2], &t->hyst_mc) ||
            strlen(f[1]) >= sizeof t->type || f[1][0] == '\0') {
            diag_error(c->diag, c->file, line, "trips: expected TEMP_MC:TYPE:HYST_MC, got \"%.*s\"",
                       (int)w[i].n, w[i].p);
            return 0;
        }
        snprintf(t->type, sizeof t->type, "%s", f[1]);
    }
    z->n_trips = (int)n;
    return 1;
}

/* "0:cpu-throttle-alert 2:hot-surface-alert" */
int board_set_alerts(BoardCtx *c, int line, SbZone *z, const char *v) {
    StrView w[SB_MAX_ALERTS];
    size_t n = 0;
    if (parse_words(v, strlen(v), w, SB_MAX_ALERTS, &n) < 0) {
        diag_error(c->diag, c->file, line, "alerts: more than %d entries", SB_MAX_ALERTS);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char item[64];
        char *f[3];
        int64_t trip;
        SbAlert *a = &z->alerts[i];
        if (strview_copy(w[i], item, sizeof item) < 0 || split_colon(item, f, 2) != 2 ||
            !field_i64(f[0], &trip) || trip < 0 || trip >= SB_MAX_TRIPS ||
            strlen(f[1]) >= sizeof a->cooling || f[1][0] == '\0') {
            diag_error(c->diag, c->file, line, "alerts: expected TRIP:COOLING_TYPE, got \"%.*s\"",
                       (int)w[i].n, w[i].p);
            return 0;
        }
        a->trip = (int)trip;
        snprintf(a->cooling, sizeof a->cooling, "%s", f[1]);
    }
    z->n_alerts = (int)n;
    return 1;
}

/* "cpu-throttle-alert:1 pwm-fan:3" */
int board_set_cooling(BoardCtx *c, int line, const char *v) {
    SimBoard *b = c->b;
    StrView w[SB_MAX_COOLING];
    size_t n = 0;
    if (parse_words(v, strlen(v), w, SB_MAX_COOLING, &n) < 0) {
        diag_error(c->diag, c->file, line, "devices: more than %d cooling devices", SB_MAX_COOLING);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char item[64];
        char *f[3];
        int64_t max;
        SbCooling *cd = &b->cooling[i];
        if (strview_copy(w[i], item, sizeof item) < 0 || split_colon(item, f, 2) != 2 ||
            !field_i64(f[1], &max) || max < 0 || max > 1000 || strlen(f[0]) >= sizeof cd->type ||
            f[0][0] == '\0') {
            diag_error(c->diag, c->file, line, "devices: expected TYPE:MAX_STATE, got \"%.*s\"",
                       (int)w[i].n, w[i].p);
            return 0;
        }
        snprintf(cd->type, sizeof cd->type, "%s", f[0]);
        cd->max_state = (int)max;
    }
    b->n_cooling = (int)n;
    c->line_cooling = line;
    return 1;
}

/* "0:0:255:3650 15:0:178:2600" */
int board_set_points(BoardCtx *c, int line, SbFanProfile *p, const char *v) {
    StrView w[SB_MAX_POINTS];
    size_t n = 0;
    if (parse_words(v, strlen(v), w, SB_MAX_POINTS, &n) < 0 || n == 0) {
        diag_error(c->diag, c->file, line, "points: 1 to %d points expected", SB_MAX_POINTS);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char item[64];
        char *f[5];
        int64_t x[4];
        if (strview_copy(w[i], item, sizeof item) < 0 || split_colon(item, f, 4) != 4 ||
            !field_i64(f[0], &x[0]) || !field_i64(f[1], &x[1]) || !field_i64(f[2], &x[2]) ||
            !field_i64(f[3], &x[3]) || x[2] < 0 || x[2] > 255 || x[3] < 0 || x[3] > 100000 ||
            x[0] < -50 || x[0] > 200 || x[1] < 0 || x[1] > 100 ||
            (i > 0 && x[0] <= p->points[i - 1].temp)) {
            diag_error(c->diag, c->file, line,
                       "points: expected ascending TEMP:HYST:PWM(0-255):RPM, got \"%.*s\"",
                       (int)w[i].n, w[i].p);
            return 0;
        }
        p->points[i] = (SbFanPoint){(int)x[0], (int)x[1], (int)x[2], (int)x[3]};
    }
    p->n_points = (int)n;
    return 1;
}

/* "0-3 4-5" -> cluster masks. */
int board_set_clusters(BoardCtx *c, int line, const char *v) {
    SimBoard *b = c->b;
    StrView w[SB_MAX_CLUSTERS];
    size_t n = 0;
    if (parse_words(v, strlen(v), w, SB_MAX_CLUSTERS, &n) < 0 || n == 0) {
        diag_error(c->diag, c->file, line, "clusters: 1 to %d cpu lists expected", SB_MAX_CLUSTERS);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t m = 0;
        if (parse_cpulist(w[i].p, w[i].n, &m) < 0 || m == 0) {
            diag_error(c->diag, c->file, line, "clusters: \"%.*s\" is not a cpu list", (int)w[i].n,
                       w[i].p);
            return 0;
        }
        b->clusters[i] = m;
    }
    b->n_clusters = (int)n;
    return 1;
}

int board_set_compatible(BoardCtx *c, int line, const char *v) {
    SimBoard *b = c->b;
    StrView w[8];
    size_t n = 0;
    size_t len = 0;
    if (parse_words(v, strlen(v), w, 8, &n) < 0 || n == 0) {
        diag_error(c->diag, c->file, line, "compatible: 1 to 8 strings expected");
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (len + w[i].n + 1 > sizeof b->compatible) {
            diag_error(c->diag, c->file, line, "compatible: too long");
            return 0;
        }
        memcpy(b->compatible + len, w[i].p, w[i].n);
        len += w[i].n;
        b->compatible[len++] = '\0';
    }
    b->compatible_len = len;
    return 1;
}

int board_set_fan_kind(BoardCtx *c, int line, const char *v) {
    static const char *const kinds[] = {"none", "hwmon", "legacy"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(v, kinds[i]) == 0) {
            c->b->fan.kind = (SbFanKind)i;
            return 1;
        }
    }
    diag_error(c->diag, c->file, line, "kind: expected none, hwmon or legacy");
    return 0;
}

int board_set_cores(BoardCtx *c, int line, SbMode *m, const char *v) {
    uint64_t mask = 0;
    if (parse_cpulist(v, strlen(v), &mask) < 0 || mask == 0) {
        diag_error(c->diag, c->file, line, "cores: \"%s\" is not a cpu list", v);
        return 0;
    }
    m->cores = mask;
    return 1;
}
