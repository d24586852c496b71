/* SPDX-License-Identifier: MIT */
/* bench_sim: what the simulator costs - building a board's tree, and one animation tick
 * (reading back the knobs, the model, rewriting the files that changed), idle and under load.
 *
 *   bench_sim [--ticks N]      (default 2000 ticks per board)
 * Prints figures; asserts nothing about time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"
#include "jtune/core/parse.h"
#include "jtune/sim/board.h"
#include "jtune/sim/demand.h"
#include "jtune/sim/sim.h"
#include "simtest.h"

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int bench_board(const char *name, long ticks) {
    char path[4096];
    Diag d = {0};
    SimBoard *b = malloc(sizeof *b);
    if (!b || simboard_locate(name, path, sizeof path) < 0 || simboard_load(path, b, &d) < 0) {
        free(b);
        return -1;
    }
    Fixture fx;
    if (fixture_mkroot(&fx) < 0) {
        free(b);
        return -1;
    }
    Sim *s;
    SimConfig cfg = {.root = fx.root, .seed = 1, .hz = 10};
    int64_t t0 = now_ns();
    int rc = sim_open(&s, b, &cfg, NULL);
    int64_t t1 = now_ns();
    free(b);
    if (rc < 0) {
        fixture_cleanup(&fx);
        return -1;
    }
    int64_t t2 = now_ns();
    for (long i = 0; i < ticks; i++) {
        sim_tick(s);
    }
    int64_t t3 = now_ns();
    simtest_write(fx.root, SIMDEMAND_PATH, "cpu 0-15 70\ngpu 60\nemc 30\n");
    int64_t t4 = now_ns();
    for (long i = 0; i < ticks; i++) {
        sim_tick(s);
    }
    int64_t t5 = now_ns();
    double build_ms = (double)(t1 - t0) / 1e6;
    double idle_us = (double)(t3 - t2) / 1e3 / (double)ticks;
    double load_us = (double)(t5 - t4) / 1e3 / (double)ticks;
    printf("%-16s tree build %7.1f ms   tick idle %7.1f us   tick loaded %7.1f us\n", name,
           build_ms, idle_us, load_us);
    printf("result %s_build_ms %.1f\nresult %s_tick_us %.1f\n", name, build_ms, name, load_us);
    sim_close(s);
    fixture_cleanup(&fx);
    return 0;
}

int main(int argc, char **argv) {
    long ticks = 2000;
    if (argc == 3 && strcmp(argv[1], "--ticks") == 0) {
        int64_t n;
        if (parse_i64(argv[2], strlen(argv[2]), &n) < 0 || n <= 0) {
            fprintf(stderr, "usage: bench_sim [--ticks N]\n");
            return 2;
        }
        ticks = (long)n;
    }
    char names[16][32];
    int n = simtest_boards(names, 16);
    printf("simulator cost per board (%ld ticks each, idle then loaded; one tick = 100 ms of "
           "simulated time at --hz 10)\n",
           ticks);
    int failed = 0;
    for (int i = 0; i < n; i++) {
        if (bench_board(names[i], ticks) < 0) {
            printf("%-16s failed\n", names[i]);
            failed++;
        }
    }
    return failed ? 1 : 0;
}
