/* SPDX-License-Identifier: MIT */
/* burn: the duty-cycled batch loop shared by the built-in burners (jtune-burn-cpu and the
 * CUDA jtune-burn): N batches of work, each announced on stdout, with idle time between, so
 * jtune can attribute energy per batch. Optionally tells a simulated board its demand. */
#ifndef JTUNE_WORKLOAD_BURN_H
#define JTUNE_WORKLOAD_BURN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Batch boundary lines on stdout (one line each, flushed):
 *   "jtune-batch begin K"  and  "jtune-batch end K"   (K = 1..N) */
#define BURN_LINE_PREFIX "jtune-batch "

typedef enum { BURN_GEMM, BURN_COPY } BurnKind;

typedef struct {
    int batches;             /* --batches N (>= 1) */
    int batch_ms;            /* --batch-ms MS */
    int idle_ms;             /* --idle-ms MS */
    BurnKind kind;           /* --kind gemm|copy */
    int threads;             /* --threads N (CPU burner; 0 = one per allowed cpu) */
    const char *demand_file; /* --demand-file PATH: a simulator's demand control file */
} BurnArgs;

/* Parse the burner command line. Returns 0, or 2 with a one-line message in err. */
int burn_parse_args(int argc, char **argv, BurnArgs *a, char *err, size_t errsz);

/* Print the usage text of program prog. */
void burn_usage(FILE *out, const char *prog, bool gpu);

/* Do work until the monotonic deadline (ns); return 0 or -errno. */
typedef int (*BurnWork)(void *ctx, int64_t deadline_ns);

/* Run the batch loop: for each batch print the begin line, write busy_demand to the demand
 * file (if any), call work until the batch deadline, print the end line, write idle_demand,
 * then idle. SIGINT/SIGTERM stop after the current batch. Returns 0, 130 when interrupted,
 * or 1 on a work error. */
int burn_run(const BurnArgs *a, BurnWork work, void *ctx, const char *busy_demand,
             const char *idle_demand, FILE *out);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t burn_now_ns(void);

/* True once SIGINT or SIGTERM was received during burn_run. */
bool burn_stopping(void);

#ifdef __cplusplus
}
#endif

#endif
