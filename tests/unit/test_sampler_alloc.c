/* SPDX-License-Identifier: MIT */
/* sampler hot path: zero heap allocations per sample after the first. In the plain build
 * they are counted by a malloc interposer in this test binary (glibc's __libc_* entry
 * points underneath); under AddressSanitizer, which owns malloc, by its allocation hook.
 * The rescan check runs on every take here (the fake clock jumps past the gap each time),
 * so it is covered too. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sampler_ctx.h"

#if defined(__SANITIZE_ADDRESS__)
#define ALLOC_INTERPOSE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ALLOC_INTERPOSE 0
#endif
#endif
#ifndef ALLOC_INTERPOSE
#define ALLOC_INTERPOSE 1
#endif

static volatile unsigned long n_allocs;

#if !ALLOC_INTERPOSE
/* libasan exports this; GCC ships no header declaring it */
int __sanitizer_install_malloc_and_free_hooks(void (*on_malloc)(const volatile void *, size_t),
                                              void (*on_free)(const volatile void *));

static void on_malloc(const volatile void *p, size_t n) {
    (void)p;
    (void)n;
    n_allocs++;
}

static void on_free(const volatile void *p) {
    (void)p;
}
#endif

#if ALLOC_INTERPOSE
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t sz);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

void *malloc(size_t n) {
    n_allocs++;
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t sz) {
    n_allocs++;
    return __libc_calloc(n, sz);
}

void *realloc(void *p, size_t n) {
    n_allocs++;
    return __libc_realloc(p, n);
}

void *aligned_alloc(size_t align, size_t n) {
    n_allocs++;
    return __libc_memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n) {
    n_allocs++;
    void *p = __libc_memalign(align, n);
    if (!p) {
        return ENOMEM;
    }
    *out = p;
    return 0;
}

void free(void *p) {
    __libc_free(p);
}
#endif

#define TREE "orin-nano-super.tree"

/* Allocations made by n takes, each 150 ms after the previous (past the 100 ms gap). */
static unsigned long allocs_over(SCtx *c, int n) {
    unsigned long before = n_allocs;
    for (int i = 0; i < n; i++) {
        c->now_ns += 150000000;
        if (sampler_take(c->s, &c->b) < 0) {
            return (unsigned long)-1;
        }
    }
    return n_allocs - before;
}

static void run(bool rails_only) {
#if !ALLOC_INTERPOSE
    assert_int_not_equal(__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free), 0);
#endif
    SCtx *c = sctx_new(TREE, 100, rails_only);
    sctx_step(c, 0); /* the first sample opens the files */
    sctx_step(c, 150);
    assert_int_equal(allocs_over(c, 1000), 0);
    assert_int_equal(c->b.seq, 1001);
    assert_true(c->b.rail[0].mw.ok);
    /* control: the counter does see allocations (a re-probe registers attributes) */
    sampler_request_rescan(c->s);
    assert_true(allocs_over(c, 1) > 0);
    assert_int_equal(allocs_over(c, 1000), 0);
    sctx_free(c);
}

/* A process as the kernel shows it (the parts jtune reads). */
static void put_proc(SCtx *c, int pid, const char *comm) {
    char rel[64], text[512];
    snprintf(rel, sizeof rel, "proc/%d/stat", pid);
    snprintf(text, sizeof text,
             "%d (%s) S 1 1 1 0 -1 0 0 0 0 0 %d 3 0 0 20 0 1 0 100 1000 250 "
             "18446744073709551615\n",
             pid, comm, pid);
    assert_int_equal(fixture_put(&c->fx, rel, text), 0);
    snprintf(rel, sizeof rel, "proc/%d/status", pid);
    snprintf(text, sizeof text,
             "Name:\t%s\nState:\tS (sleeping)\nVmRSS:\t 1000 kB\n"
             "voluntary_ctxt_switches:\t%d\nnonvoluntary_ctxt_switches:\t1\n",
             comm, pid * 10);
    assert_int_equal(fixture_put(&c->fx, rel, text), 0);
    snprintf(rel, sizeof rel, "proc/%d/cmdline", pid);
    assert_int_equal(fixture_put(&c->fx, rel, comm), 0);
}

/* Processes and interrupts on: still no allocation per sample, also when a process
 * appears (its files opened) and when one exits (closed). */
static void test_full_sample_with_procs(void **state) {
    (void)state;
#if !ALLOC_INTERPOSE
    assert_int_not_equal(__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free), 0);
#endif
    SCtx *c = sctx_new(TREE, 100, false);
    put_proc(c, 100, "Web Content");
    put_proc(c, 200, "(sd-pam)");
    assert_int_equal(fixture_put(&c->fx, "proc/interrupts",
                                 "   CPU0 CPU1\n 11: 10 20 GICv3 30 Level arch_timer\n"
                                 "IPI0: 1 2 Rescheduling interrupts\n"),
                     0);
    assert_int_equal(sampler_set_procs(c->s, true), 0);
    sctx_step(c, 0);
    sctx_step(c, 150);
    assert_int_equal(allocs_over(c, 500), 0);
    const ProcTable *t = sampler_procs(c->s);
    assert_int_equal(t->n, 2);
    put_proc(c, 300, "late");
    assert_int_equal(allocs_over(c, 5), 0);
    assert_int_equal(t->n, 3);
    assert_int_equal(rm_rf(fixture_path(&c->fx, "proc/100")), 0);
    assert_int_equal(allocs_over(c, 5), 0);
    assert_int_equal(t->n, 2);
    assert_true(sampler_irqs(c->s)->have);
    sctx_free(c);
}

static void test_full_sample(void **state) {
    (void)state;
    run(false);
}

static void test_rails_only(void **state) {
    (void)state;
    run(true);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_sample),
        cmocka_unit_test(test_full_sample_with_procs),
        cmocka_unit_test(test_rails_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
