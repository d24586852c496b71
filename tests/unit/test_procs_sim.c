/* SPDX-License-Identifier: MIT */
/* processes and interrupts on the simulator (in-process, stepped clock): the simulated
 * processes appear with their comm names (blanks, parentheses), rates, RSS and GPU memory;
 * demand starts workers whose CPU and wakeups show, raises the GPU and timer interrupt rates,
 * and a worker that exits is removed from the table and its files closed. A JetPack 6 board
 * says why GPU memory is n/a; with processes off nothing is read. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/platform/sampler.h"
#include "jtune/sim/board.h"
#include "jtune/sim/demand.h"
#include "jtune/sim/sim.h"
#include "simtest.h"

typedef struct {
    Fixture fx;
    Sim *sim;
    Sampler *smp;
    int64_t now_ns;
    Sample s;
} Ctx;

static int64_t fake_clock(void *ctx) {
    return *(int64_t *)ctx;
}

static Ctx *open_board(const char *name, bool procs) {
    Ctx *c = calloc(1, sizeof *c);
    SimBoard *b = malloc(sizeof *b);
    char path[4096];
    Diag d = {0};
    assert_int_equal(simboard_locate(name, path, sizeof path), 0);
    assert_int_equal(simboard_load(path, b, &d), 0);
    assert_int_equal(fixture_mkroot(&c->fx), 0);
    SimConfig cfg = {.root = c->fx.root, .seed = 3, .hz = 10};
    const char *why = NULL;
    assert_int_equal(sim_open(&c->sim, b, &cfg, &why), 0);
    free(b);
    SamplerConfig sc = {.procs = procs};
    assert_int_equal(sampler_open(&c->smp, c->fx.root, &sc), 0);
    c->now_ns = 1000000000;
    sampler_set_clock(c->smp, fake_clock, &c->now_ns);
    return c;
}

static void close_board(Ctx *c) {
    sampler_close(c->smp);
    sim_close(c->sim);
    fixture_cleanup(&c->fx);
    free(c);
}

/* One simulated second (10 ticks), then a sample. */
static void second(Ctx *c) {
    for (int i = 0; i < 10; i++) {
        assert_int_equal(sim_tick(c->sim), 0);
    }
    c->now_ns += 1000000000;
    assert_int_equal(sampler_take(c->smp, &c->s), 0);
}

static const ProcRow *find(const ProcTable *t, int pid) {
    for (int i = 0; i < t->n; i++) {
        if (t->rows[i].pid == pid) {
            return &t->rows[i];
        }
    }
    return NULL;
}

/* The row whose command line starts with cmd, or NULL. */
static const ProcRow *find_cmd(const ProcTable *t, const char *cmd) {
    for (int i = 0; i < t->n; i++) {
        if (strncmp(t->rows[i].cmd, cmd, strlen(cmd)) == 0) {
            return &t->rows[i];
        }
    }
    return NULL;
}

/* The row named name (label:name when name holds a ':', as "233:gk20a_stall": an Orin has
 * three gk20a_stall lines), or NULL. */
static const IrqRow *irq(const IrqTable *t, const char *name) {
    const char *colon = strchr(name, ':');
    for (int i = 0; i < t->n; i++) {
        const IrqRow *r = &t->rows[i];
        if (colon ? strncmp(r->label, name, (size_t)(colon - name)) == 0 &&
                        r->label[colon - name] == '\0' && strcmp(r->name, colon + 1) == 0
                  : strcmp(r->name, name) == 0) {
            return &t->rows[i];
        }
    }
    return NULL;
}

static void demand(Ctx *c, const char *text) {
    assert_int_equal(simtest_write(c->fx.root, SIMDEMAND_PATH, text), 0);
}

static void test_processes_appear(void **state) {
    (void)state;
    Ctx *c = open_board("orin-nano", true); /* JetPack 5: nvmap clients readable */
    assert_int_equal(sampler_take(c->smp, &c->s), 0);
    const ProcTable *t = sampler_procs(c->smp);
    assert_non_null(t);
    assert_true(t->have);
    assert_true(t->n >= 10);
    const ProcRow *x = find(t, 1187);
    assert_non_null(x);
    assert_false(x->wakeups_ps10.ok); /* no interval yet */
    second(c);
    x = find(t, 1187);
    if (!x) {
        fail_msg("Xorg (pid 1187) gone after a second");
        return;
    }
    assert_string_equal(x->comm, "Xorg");
    assert_non_null(strstr(x->cmd, "/usr/lib/xorg/Xorg vt1"));
    assert_true(x->wakeups_ps10.ok && x->wakeups_ps10.v > 100); /* about 60/s */
    assert_true(x->cpu_pct10.ok);
    assert_int_equal(x->rss_kib.v, 61200);
    assert_true(t->gpu_ok);
    assert_int_equal(x->gpu_kib.v, 24576);
    assert_string_equal(find(t, 1405)->comm, "(sd-pam)");
    assert_string_equal(find(t, 1402)->comm, "tmux: server");
    assert_string_equal(find(t, 1733)->comm, "Web Content");
    assert_int_equal(find(t, 1405)->gpu_kib.v, 0);
    assert_string_equal(find(t, 2)->cmd, "[kthreadd]");
    /* the Sample carries the busiest by wakeups, in order */
    assert_true(c->s.proc_top[0].pid.ok);
    assert_string_equal(c->s.proc_top[0].comm, "Web_Content");
    assert_true(c->s.proc_top[0].wakeups_ps10.v >= c->s.proc_top[1].wakeups_ps10.v);
    const IrqTable *it = sampler_irqs(c->smp);
    assert_non_null(it);
    assert_true(it->have);
    assert_int_equal(it->n_cpus, 6);
    assert_true(irq(it, "arch_timer")->timer);
    assert_true(it->timer_ps10[0].ok && it->timer_ps10[0].v > 0);
    assert_true(it->ipi_ps10[0].ok);
    assert_true(c->s.irq_top[0].rate_ps10.ok);
    close_board(c);
}

static void test_demand_moves_rates_and_workers_exit(void **state) {
    (void)state;
    Ctx *c = open_board("orin-nano", true);
    second(c);
    second(c);
    const ProcTable *t = sampler_procs(c->smp);
    const IrqTable *it = sampler_irqs(c->smp);
    int base_n = t->n, base_open = t->n;
    int64_t stall0 = irq(it, "233:gk20a_stall")->rate_ps10.v;
    int64_t timer2 = it->timer_ps10[2].v;
    assert_null(find_cmd(t, "jtune-burn-cpu --core 2"));
    demand(c, "cpu 2 90\ngpu 80\n");
    second(c);
    second(c);
    second(c);
    const ProcRow *w = find_cmd(t, "jtune-burn-cpu --core 2");
    assert_non_null(w);
    assert_string_equal(w->comm, "jtune-burn-cpu");
    assert_true(w->cpu_pct10.ok && w->cpu_pct10.v > 700 && w->cpu_pct10.v < 1100);
    int32_t first_pid = w->pid;
    const ProcRow *g = find_cmd(t, "jtune-burn --mode gemm");
    assert_non_null(g);
    assert_int_equal(g->gpu_kib.v, 524288);
    assert_int_equal(t->n, base_n + 2);
    assert_true(irq(it, "233:gk20a_stall")->rate_ps10.v > stall0 + 1000);
    assert_true(it->timer_ps10[2].v > timer2);
    assert_string_equal(c->s.proc_top[0].comm, "jtune-burn"); /* 1600 launches/s */
    demand(c, "");
    second(c);
    assert_null(find_cmd(t, "jtune-burn-cpu"));
    assert_null(find_cmd(t, "jtune-burn --mode gemm"));
    assert_int_equal(t->n, base_n);
    (void)base_open;
    second(c);
    assert_true(irq(it, "233:gk20a_stall")->rate_ps10.v < stall0 + 1000);
    /* demand again: a new worker, with a new pid (as the kernel gives), read afresh */
    demand(c, "cpu 2 90\n");
    second(c);
    second(c);
    w = find_cmd(t, "jtune-burn-cpu --core 2");
    assert_non_null(w);
    assert_true(w->pid > first_pid);
    assert_true(w->cpu_pct10.ok && w->cpu_pct10.v > 700 && w->cpu_pct10.v < 1100);
    close_board(c);
}

static void test_jp6_gpu_na_and_off(void **state) {
    (void)state;
    Ctx *c = open_board("orin-nano-super", true);
    second(c);
    const ProcTable *t = sampler_procs(c->smp);
    assert_false(t->gpu_ok);
    assert_non_null(strstr(t->gpu_why, "JetPack 6"));
    assert_false(find(t, 1187)->gpu_kib.ok);
    close_board(c);
    c = open_board("orin-nano-super", false);
    second(c);
    assert_null(sampler_procs(c->smp));
    assert_null(sampler_irqs(c->smp));
    assert_false(c->s.proc_top[0].pid.ok);
    assert_false(c->s.timer_ps10[0].ok);
    close_board(c);
}

/* Parking a core takes its column out of proc/interrupts, as on a real kernel: the other
 * cores keep their timer rates, the parked one has none until it is back. */
static void test_parked_core_column(void **state) {
    (void)state;
    Ctx *c = open_board("orin-nano", true);
    second(c);
    second(c);
    const IrqTable *it = sampler_irqs(c->smp);
    assert_true(it->timer_ps10[3].ok);
    assert_int_equal(simtest_write(c->fx.root, "sys/devices/system/cpu/cpu3/online", "0"), 0);
    second(c);
    second(c);
    const char *head = slurp_static(fixture_path(&c->fx, "proc/interrupts"));
    assert_null(strstr(head, "CPU3"));
    assert_non_null(strstr(head, "CPU4"));
    assert_int_equal(it->n_cpus, 6);
    assert_false(it->timer_ps10[3].ok);
    for (int k = 0; k < 6; k++) {
        if (k != 3) { /* an idle core's tick: 25/s and more, never a neighbour's counts */
            assert_true(it->timer_ps10[k].ok);
            assert_in_range(it->timer_ps10[k].v, 200, 3000);
        }
    }
    assert_true(irq(it, "arch_timer")->rate_ps10.ok);
    assert_int_equal(simtest_write(c->fx.root, "sys/devices/system/cpu/cpu3/online", "1"), 0);
    second(c);
    second(c);
    assert_true(it->timer_ps10[3].ok);
    close_board(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parked_core_column),
        cmocka_unit_test(test_processes_appear),
        cmocka_unit_test(test_demand_moves_rates_and_workers_exit),
        cmocka_unit_test(test_jp6_gpu_na_and_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
