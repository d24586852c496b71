/* SPDX-License-Identifier: MIT */
/* bench_sampler: cost of one sampler_take on the Orin Nano Super fixture (or on --root DIR),
 * full and rails-only, in wall and CPU time. Prints figures; asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "fixture.h"
#include "jtune/platform/sampler.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
           ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

static int run(const char *root, bool rails_only, int n) {
    Sampler *s;
    SamplerConfig cfg = {.rails_only = rails_only, .rescan_ms = 1000};
    int rc = sampler_open(&s, root, &cfg);
    if (rc < 0) {
        fprintf(stderr, "bench_sampler: cannot open %s: %s\n", root, strerror(-rc));
        return 1;
    }
    static Sample smp;
    sampler_take(s, &smp);
    double t0 = now_s();
    double c0 = cpu_s();
    for (int i = 0; i < n; i++) {
        sampler_take(s, &smp);
    }
    double wall = now_s() - t0;
    double cpu = cpu_s() - c0;
    Sysfs *fs = sampler_sysfs(s);
    printf("%-10s %7d takes  %8.1f us/take wall  %8.1f us/take cpu  %9.0f takes/s  "
           "%zu attrs (%zu open)\n",
           rails_only ? "rails-only" : "full", n, wall / n * 1e6, cpu / n * 1e6, n / wall,
           sysfs_attr_count(fs), sysfs_attr_open_count(fs));
    sampler_close(s);
    return 0;
}

int main(int argc, char **argv) {
    Fixture fx;
    const char *root = NULL;
    if (argc == 3 && strcmp(argv[1], "--root") == 0) {
        root = argv[2];
    } else if (fixture_load(&fx, "orin-nano-super.tree") == 0) {
        root = fx.root;
    } else {
        fprintf(stderr, "bench_sampler: cannot load the fixture\n");
        return 1;
    }
    printf("sampler on %s\n", argc == 3 ? root : "the orin-nano-super fixture");
    int rc = run(root, false, 2000) || run(root, true, 20000);
    if (argc != 3) {
        fixture_cleanup(&fx);
    }
    return rc;
}
