/* SPDX-License-Identifier: MIT */
/* jtune-burn-cpu: a CPU burner with the same flags as the CUDA burner, so every machine (and
 * every simulated board) has a duty-cycled workload to measure. */
#include "jtune/core/parse.h"
#include "jtune/workload/burn.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define GEMM_N    96
#define COPY_SIZE (8u << 20)

typedef struct {
    BurnKind kind;
    int64_t deadline_ns;
    int err;
    pthread_t tid;
    float *a, *b, *c; /* gemm operands */
    char *src, *dst;  /* copy buffers */
    volatile float sink;
} Worker;

static void gemm_once(Worker *w) {
    for (int i = 0; i < GEMM_N; i++) {
        for (int j = 0; j < GEMM_N; j++) {
            float acc = 0;
            for (int k = 0; k < GEMM_N; k++) {
                acc += w->a[i * GEMM_N + k] * w->b[k * GEMM_N + j];
            }
            w->c[i * GEMM_N + j] = acc;
        }
    }
    w->sink = w->c[GEMM_N + 1];
}

static void copy_once(Worker *w) {
    memcpy(w->dst, w->src, COPY_SIZE);
    w->src[0]++;
    w->sink = (float)w->dst[COPY_SIZE / 2]; // NOLINT(bugprone-integer-division): an index
}

static void *worker_main(void *arg) {
    Worker *w = arg;
    while (burn_now_ns() < w->deadline_ns && !burn_stopping()) {
        if (w->kind == BURN_GEMM) {
            gemm_once(w);
        } else {
            copy_once(w);
        }
    }
    return NULL;
}

static int worker_init(Worker *w, BurnKind kind) {
    memset(w, 0, sizeof *w);
    w->kind = kind;
    if (kind == BURN_GEMM) {
        size_t n = (size_t)GEMM_N * GEMM_N;
        w->a = calloc(n, sizeof(float));
        w->b = calloc(n, sizeof(float));
        w->c = calloc(n, sizeof(float));
        if (!w->a || !w->b || !w->c) {
            return -ENOMEM;
        }
        for (size_t i = 0; i < n; i++) {
            w->a[i] = (float)(i % 7) * 0.5f;
            w->b[i] = (float)(i % 5) * 0.25f;
        }
    } else {
        w->src = malloc(COPY_SIZE);
        w->dst = malloc(COPY_SIZE);
        if (!w->src || !w->dst) {
            return -ENOMEM;
        }
        memset(w->src, 0x5a, COPY_SIZE);
    }
    return 0;
}

static void worker_free(Worker *w) {
    free(w->a);
    free(w->b);
    free(w->c);
    free(w->src);
    free(w->dst);
}

typedef struct {
    Worker *w;
    int n;
} Pool;

/* One batch: every worker burns until the deadline. */
static int pool_work(void *ctx, int64_t deadline_ns) {
    Pool *p = ctx;
    int started = 0, rc = 0;
    for (; started < p->n; started++) {
        p->w[started].deadline_ns = deadline_ns;
        int e = pthread_create(&p->w[started].tid, NULL, worker_main, &p->w[started]);
        if (e) {
            rc = -e;
            break;
        }
    }
    for (int i = 0; i < started; i++) {
        pthread_join(p->w[i].tid, NULL);
    }
    return rc;
}

static int allowed_cpus(uint64_t *mask) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) < 0) {
        return 1;
    }
    *mask = 0;
    for (int c = 0; c < 64; c++) {
        if (CPU_ISSET(c, &set)) {
            *mask |= 1ull << c;
        }
    }
    return CPU_COUNT(&set) > 0 ? CPU_COUNT(&set) : 1;
}

int main(int argc, char **argv) {
    BurnArgs a;
    char err[256];
    int rc = burn_parse_args(argc, argv, &a, err, sizeof err);
    if (rc == 1) {
        burn_usage(stdout, "jtune-burn-cpu", false);
        return 0;
    }
    if (rc) {
        fprintf(stderr, "jtune-burn-cpu: %s\n", err);
        return 2;
    }
    uint64_t mask = 0;
    int ncpu = allowed_cpus(&mask);
    Pool pool = {.n = a.threads ? a.threads : ncpu};
    pool.w = calloc((size_t)pool.n, sizeof *pool.w);
    for (int i = 0; pool.w && i < pool.n; i++) {
        if (worker_init(&pool.w[i], a.kind) < 0) {
            fprintf(stderr, "jtune-burn-cpu: out of memory\n");
            for (int j = 0; j < i; j++) {
                worker_free(&pool.w[j]);
            }
            free(pool.w);
            return 1;
        }
    }
    if (!pool.w) {
        fprintf(stderr, "jtune-burn-cpu: out of memory\n");
        return 1;
    }
    char list[128], busy[192], idle[192];
    if (format_cpulist(mask, list, sizeof list) < 0) {
        snprintf(list, sizeof list, "0");
    }
    int pct = pool.n >= ncpu ? 100 : 100 * pool.n / ncpu;
    snprintf(busy, sizeof busy, "cpu %s %d\n%s", list, pct, a.kind == BURN_COPY ? "emc 60\n" : "");
    snprintf(idle, sizeof idle, "cpu %s 0\n", list);
    rc = burn_run(&a, pool_work, &pool, busy, idle, stdout);
    for (int i = 0; i < pool.n; i++) {
        worker_free(&pool.w[i]);
    }
    free(pool.w);
    return rc;
}
