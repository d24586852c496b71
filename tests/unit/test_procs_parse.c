/* SPDX-License-Identifier: MIT */
/* procs parsers: stat (comm with blanks and parentheses), status, schedstat, interrupts
 * (arm64 and x86 rows, IPIs, Err), nvmap clients; ordering, filtering and the Sample's top
 * lists. Lines are in the kernel's own format. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jtune/core/procs.h"

#define S(x) x, sizeof(x) - 1

static void test_stat_plain(void **state) {
    (void)state;
    ProcStat st;
    assert_int_equal(procs_parse_stat(S("1187 (Xorg) S 702 1187 1187 1025 1187 4194560 93384 0 "
                                        "452 0 29117 7512 0 0 20 0 3 0 1620 311537664 15300 "
                                        "18446744073709551615 1 1 0 0 0 0 0 4096 1098933999 0 0 "
                                        "0 17 2 0 0 0 0 0\n"),
                                      &st),
                     0);
    assert_int_equal(st.pid, 1187);
    assert_string_equal(st.comm, "Xorg");
    assert_int_equal(st.state, 'S');
    assert_int_equal(st.utime_ticks, 29117);
    assert_int_equal(st.stime_ticks, 7512);
    assert_int_equal(st.threads, 3);
    assert_int_equal(st.rss_pages, 15300);
}

static void test_stat_comm_blanks_parens(void **state) {
    (void)state;
    ProcStat st;
    /* "(sd-pam)" is shown as ((sd-pam)); a comm may even hold ") S 1 (" */
    assert_int_equal(procs_parse_stat(S("1405 ((sd-pam)) S 1 1404 1404 0 -1 1077936448 60 0 0 0 "
                                        "3 1 0 0 20 0 1 0 900 177508352 1275 "
                                        "18446744073709551615\n"),
                                      &st),
                     0);
    assert_string_equal(st.comm, "(sd-pam)");
    assert_int_equal(st.utime_ticks, 3);
    assert_int_equal(st.rss_pages, 1275);
    assert_int_equal(procs_parse_stat(S("1733 (Web Content) R 1290 1 1 0 -1 0 0 0 0 0 500 20 0 0 "
                                        "20 0 30 0 9 9 4242\n"),
                                      &st),
                     0);
    assert_string_equal(st.comm, "Web Content");
    assert_int_equal(st.state, 'R');
    assert_int_equal(st.threads, 30);
    assert_int_equal(st.utime_ticks, 500);
    assert_int_equal(procs_parse_stat(S("66 (x) S) R 1 1 1 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 1 1 "
                                        "12\n"),
                                      &st),
                     0);
    assert_string_equal(st.comm, "x) S");
    assert_int_equal(st.state, 'R');
    assert_int_equal(st.utime_ticks, 7);
    assert_int_equal(st.rss_pages, 12);
    /* garbage and short lines */
    assert_int_equal(procs_parse_stat(S("12 foo S 1\n"), &st), -EINVAL);
    assert_int_equal(procs_parse_stat(S("12 (foo) S 1 2 3\n"), &st), -EINVAL);
    assert_int_equal(procs_parse_stat(S("x (foo) S 1 1 1 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 1 1 "
                                        "12\n"),
                                      &st),
                     -EINVAL);
}

static const char STATUS[] = "Name:\ttmux: server\nUmask:\t0002\nState:\tS (sleeping)\n"
                             "Tgid:\t1402\nPid:\t1402\nPPid:\t1\nVmPeak:\t   12000 kB\n"
                             "VmRSS:\t    4200 kB\nThreads:\t1\n"
                             "voluntary_ctxt_switches:\t123456\n"
                             "nonvoluntary_ctxt_switches:\t78\n";

static void test_status(void **state) {
    (void)state;
    ProcStatus st;
    assert_int_equal(procs_parse_status(S(STATUS), &st), 0);
    assert_string_equal(st.name, "tmux: server");
    assert_int_equal(st.state, 'S');
    assert_true(st.has_rss);
    assert_int_equal(st.rss_kib, 4200);
    assert_true(st.has_ctxt);
    assert_int_equal(st.vol_ctxt, 123456);
    assert_int_equal(st.nonvol_ctxt, 78);
    assert_int_equal(st.threads, 1);
    assert_int_equal(procs_parse_status(S("Name:\tgnome-shell\nState:\tS (sleeping)\n"
                                          "Threads:\t23\n"),
                                        &st),
                     0);
    assert_int_equal(st.threads, 23);
    assert_false(st.has_ctxt);
    /* a kernel thread: no VmRSS; no Threads line: unknown (0) */
    assert_int_equal(procs_parse_status(S("Name:\tkworker/0:1-events\nState:\tI (idle)\n"
                                          "voluntary_ctxt_switches:\t5\n"
                                          "nonvoluntary_ctxt_switches:\t0\n"),
                                        &st),
                     0);
    assert_false(st.has_rss);
    assert_int_equal(st.state, 'I');
    assert_int_equal(st.threads, 0);
    assert_int_equal(procs_parse_status(S("Umask:\t0022\n"), &st), -EINVAL);
}

static void test_schedstat(void **state) {
    (void)state;
    ProcSched st;
    assert_int_equal(procs_parse_schedstat(S("84938122 1289304 977\n"), &st), 0);
    assert_int_equal(st.run_ns, 84938122);
    assert_int_equal(st.wait_ns, 1289304);
    assert_int_equal(st.slices, 977);
    assert_int_equal(procs_parse_schedstat(S("1 2\n"), &st), -EINVAL);
    assert_int_equal(procs_parse_schedstat(S("1 -2 3\n"), &st), -EINVAL);
}

static void test_loadavg(void **state) {
    (void)state;
    ProcTasks t;
    assert_int_equal(procs_parse_loadavg(S("0.18 1.18 1.83 1/123 25991\n"), &t), 0);
    assert_int_equal(t.threads, 123);
    assert_int_equal(t.last_pid, 25991);
    assert_int_equal(procs_parse_loadavg(S("0.18 1.18 1.83 123 25991\n"), &t), -EINVAL);
    assert_int_equal(procs_parse_loadavg(S("0.18 1.18 1.83 1/123\n"), &t), -EINVAL);
    assert_int_equal(procs_parse_loadavg(S("0.18 1.18 1.83 1/x 25991\n"), &t), -EINVAL);
}

static void test_interrupts_arm64(void **state) {
    (void)state;
    assert_int_equal(procs_parse_irq_header(S("           CPU0       CPU1       CPU2\n")), 3);
    assert_int_equal(procs_parse_irq_header(S("  11:  1 2 3 GICv3 x\n")), -EINVAL);
    IrqLine l;
    assert_int_equal(procs_parse_irq_line(S(" 11:    1913741    1020003     998877     GICv3  30 "
                                            "Level     arch_timer\n"),
                                          3, &l),
                     0);
    assert_string_equal(l.label, "11");
    assert_string_equal(l.name, "arch_timer");
    assert_int_equal(l.n_cpus, 3);
    assert_int_equal(l.count[1], 1020003);
    assert_int_equal(l.total, 1913741ull + 1020003 + 998877);
    assert_true(l.timer);
    assert_false(l.ipi);
    assert_int_equal(procs_parse_irq_line(S("IPI0:     24969      25150      30000       "
                                            "Rescheduling interrupts\n"),
                                          3, &l),
                     0);
    assert_string_equal(l.label, "IPI0");
    assert_string_equal(l.name, "Rescheduling interrupts");
    assert_true(l.ipi);
    assert_int_equal(l.count[2], 30000);
    assert_int_equal(
        procs_parse_irq_line(S("189:   5  6  7   ITS-MSI 1 Edge      eth0, eth0-tx\n"), 3, &l), 0);
    assert_string_equal(l.name, "eth0, eth0-tx");
    assert_int_equal(procs_parse_irq_line(S("Err:          0\n"), 3, &l), 0);
    assert_int_equal(l.total, 0);
    assert_string_equal(l.name, "");
    assert_int_equal(procs_parse_irq_line(S("   \n"), 3, &l), -ENODATA);
    assert_int_equal(procs_parse_irq_line(S("no colon here\n"), 3, &l), -EINVAL);
    /* a count past 2^64 - 1 is not a count; the largest is */
    assert_int_equal(procs_parse_irq_line(S("12:  18446744073709551616  0  0  GICv3 x\n"), 3, &l),
                     -EINVAL);
    assert_int_equal(procs_parse_irq_line(S("12:  18446744073709551615  0  0  GICv3 x\n"), 3, &l),
                     0);
    assert_true(l.count[0] == UINT64_MAX);
    /* fewer counts than cores, or a word that starts with digits: the description starts */
    assert_int_equal(procs_parse_irq_line(S("13:  4  5  2x-chip  7 Edge  gpio-keys\n"), 3, &l), 0);
    assert_int_equal(l.n_cpus, 2);
    assert_int_equal(l.total, 9);
    assert_string_equal(l.name, "gpio-keys");
    assert_int_equal(procs_parse_irq_line(S("14:  4\n"), 3, &l), 0);
    assert_int_equal(l.n_cpus, 1);
    assert_string_equal(l.name, "");
}

static void test_interrupts_x86(void **state) {
    (void)state;
    IrqLine l;
    assert_int_equal(procs_parse_irq_line(S("  0:         36          0   IO-APIC   2-edge      "
                                            "timer\n"),
                                          2, &l),
                     0);
    assert_string_equal(l.name, "timer");
    assert_false(l.timer); /* the legacy PIT, not the per-core tick */
    assert_int_equal(
        procs_parse_irq_line(S(" LOC:   40123   39876   Local timer interrupts\n"), 2, &l), 0);
    assert_true(l.timer);
    assert_int_equal(
        procs_parse_irq_line(S(" RES:    812    700   Rescheduling interrupts\n"), 2, &l), 0);
    assert_true(l.ipi);
}

static void test_nvmap(void **state) {
    (void)state;
    int32_t pid = -1;
    int64_t kib = -1;
    assert_int_equal(
        procs_parse_nvmap_line(S("CLIENT                        PROCESS      PID        "
                                 "SIZE"),
                               &pid, &kib),
        0);
    assert_int_equal(procs_parse_nvmap_line(S("user                     gnome-shell     1290      "
                                              "65536K"),
                                            &pid, &kib),
                     1);
    assert_int_equal(pid, 1290);
    assert_int_equal(kib, 65536);
    assert_int_equal(procs_parse_nvmap_line(S("user                     Web Content     1733      "
                                              "16384K"),
                                            &pid, &kib),
                     1);
    assert_int_equal(pid, 1733);
    assert_int_equal(procs_parse_nvmap_line(S("total                                          "
                                              "106496K"),
                                            &pid, &kib),
                     2);
    assert_int_equal(kib, 106496);
    assert_int_equal(procs_parse_nvmap_line(S("        0x0000000080000000 4096K"), &pid, &kib), 0);
}

static void fill(ProcTable *t) {
    memset(t, 0, sizeof *t);
    t->enabled = t->have = true;
    const struct {
        int pid;
        const char *comm;
        int64_t wake, cpu;
        char st;
    } rows[] = {{10, "Xorg", 600, 12, 'S'},
                {20, "gnome-shell", 1180, 31, 'S'},
                {30, "kthreadd", 2, 0, 'S'},
                {40, "burn", 30, 1000, 'R'}};
    for (int i = 0; i < 4; i++) {
        ProcRow *r = &t->rows[t->n++];
        r->pid = rows[i].pid;
        strcpy(r->comm, rows[i].comm);
        strcpy(r->cmd, rows[i].comm);
        r->state = rows[i].st;
        r->wakeups_ps10 = val_of(rows[i].wake);
        r->cpu_pct10 = val_of(rows[i].cpu);
        r->rss_kib = i == 2 ? val_na() : val_of(1000 * (i + 1));
    }
}

static void test_sort_filter(void **state) {
    (void)state;
    static ProcTable t;
    fill(&t);
    int idx[4] = {0, 1, 2, 3};
    procs_sort(&t, PSORT_WAKEUPS, true, idx, 4);
    assert_int_equal(t.rows[idx[0]].pid, 20);
    assert_int_equal(t.rows[idx[3]].pid, 30);
    procs_sort(&t, PSORT_CPU, true, idx, 4);
    assert_int_equal(t.rows[idx[0]].pid, 40);
    procs_sort(&t, PSORT_RSS, true, idx, 4);
    assert_int_equal(t.rows[idx[0]].pid, 40);
    assert_int_equal(t.rows[idx[3]].pid, 30); /* unknown last */
    procs_sort(&t, PSORT_RSS, false, idx, 4);
    assert_int_equal(t.rows[idx[0]].pid, 10);
    assert_int_equal(t.rows[idx[3]].pid, 30); /* unknown last either way */
    procs_sort(&t, PSORT_COMMAND, false, idx, 4);
    assert_int_equal(t.rows[idx[0]].pid, 40); /* burn, gnome-shell, kthreadd, Xorg */
    assert_int_equal(t.rows[idx[3]].pid, 10);
    procs_sort(&t, PSORT_PID, true, idx, 4);
    assert_int_equal(t.rows[idx[0]].pid, 40);
    procs_sort(&t, PSORT_STATE, false, idx, 4);
    assert_int_equal(t.rows[idx[0]].pid, 40);
    assert_int_equal(procs_filter(&t, "SHELL", idx), 1);
    assert_int_equal(t.rows[idx[0]].pid, 20);
    assert_int_equal(procs_filter(&t, "", idx), 4);
    assert_int_equal(procs_filter(&t, "nothing", idx), 0);
}

/* The top interrupts of a table with more rows than a sample holds, ties and unknown rates
 * among them, against a plain selection: the highest known rate first, of equal rates the
 * earlier row first. */
static void test_sample_top_order(void **state) {
    (void)state;
    static IrqTable it;
    memset(&it, 0, sizeof it);
    it.enabled = it.have = true;
    const int64_t rates[] = {50, 700, 50, -1, 900, 700, 10, 0, 50, 300, -1, 900, 20, 50};
    it.n = (int)(sizeof rates / sizeof rates[0]);
    for (int i = 0; i < it.n; i++) {
        snprintf(it.rows[i].label, sizeof it.rows[i].label, "%d", 100 + i);
        strcpy(it.rows[i].name, "x");
        it.rows[i].rate_ps10 = rates[i] < 0 ? val_na() : val_of(rates[i]);
    }
    Sample s;
    sample_clear(&s);
    procs_fill_sample(NULL, &it, &s);
    bool used[64] = {false};
    for (int k = 0; k < JT_TOP_IRQS; k++) {
        int best = -1;
        for (int i = 0; i < it.n; i++) {
            if (!used[i] && rates[i] >= 0 && (best < 0 || rates[i] > rates[best])) {
                best = i;
            }
        }
        assert_true(best >= 0);
        used[best] = true;
        char want[32];
        snprintf(want, sizeof want, "%d:x", 100 + best);
        assert_string_equal(s.irq_top[k].name, want);
        assert_int_equal(s.irq_top[k].rate_ps10.v, rates[best]);
    }
    /* fewer known rows than places: the rest stay unknown */
    it.n = 3;
    sample_clear(&s);
    procs_fill_sample(NULL, &it, &s);
    assert_string_equal(s.irq_top[0].name, "101:x");
    assert_string_equal(s.irq_top[1].name, "100:x");
    assert_string_equal(s.irq_top[2].name, "102:x");
    assert_false(s.irq_top[3].rate_ps10.ok);
}

static void test_sample_top(void **state) {
    (void)state;
    static ProcTable t, back;
    static IrqTable it, iback;
    fill(&t);
    memset(&it, 0, sizeof it);
    it.enabled = it.have = true;
    it.n = 2;
    strcpy(it.rows[0].label, "11");
    strcpy(it.rows[0].name, "arch_timer");
    it.rows[0].rate_ps10 = val_of(2500);
    strcpy(it.rows[1].label, "IPI0");
    strcpy(it.rows[1].name, "Rescheduling interrupts");
    it.rows[1].rate_ps10 = val_of(9000);
    it.timer_ps10[1] = val_of(1234);
    Sample s;
    sample_clear(&s);
    procs_fill_sample(&t, &it, &s);
    assert_int_equal(s.proc_top[0].pid.v, 20);
    assert_string_equal(s.proc_top[0].comm, "gnome-shell");
    assert_int_equal(s.proc_top[1].pid.v, 10);
    assert_int_equal(s.proc_top[3].pid.v, 30);
    assert_false(s.proc_top[4].pid.ok);
    assert_string_equal(s.irq_top[0].name, "IPI0:Rescheduling_interrupts");
    assert_int_equal(s.irq_top[1].rate_ps10.v, 2500);
    assert_int_equal(s.timer_ps10[1].v, 1234);
    procs_from_sample(&s, &back, &iback);
    assert_int_equal(back.n, 4);
    assert_int_equal(back.rows[0].wakeups_ps10.v, 1180);
    assert_false(back.gpu_ok);
    assert_true(back.gpu_why[0] != '\0');
    assert_int_equal(iback.n, 2);
    assert_string_equal(iback.rows[0].label, "IPI0");
    assert_true(iback.rows[0].ipi);
    assert_true(iback.rows[1].timer);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stat_plain),       cmocka_unit_test(test_stat_comm_blanks_parens),
        cmocka_unit_test(test_status),           cmocka_unit_test(test_schedstat),
        cmocka_unit_test(test_loadavg),          cmocka_unit_test(test_interrupts_arm64),
        cmocka_unit_test(test_interrupts_x86),   cmocka_unit_test(test_nvmap),
        cmocka_unit_test(test_sort_filter),      cmocka_unit_test(test_sample_top),
        cmocka_unit_test(test_sample_top_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
