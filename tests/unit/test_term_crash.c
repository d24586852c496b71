/* SPDX-License-Identifier: MIT */
/* term: a fatal signal in the full-screen UI gives the terminal back (the alternate screen
 * left, the tty modes restored) and then chains to the handler that was installed before
 * term_init - or, with none, ends the process by the signal. Each case runs term_init in a
 * child on a fresh pseudo-terminal and raises the signal there. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cmocka.h>

#include "jtune/ui/term.h"

#define RMCUP "\033[?1049l" /* xterm's "leave the alternate screen" */

enum { PREV_NONE, PREV_SIGINFO, PREV_RETURNS };

static int report_fd = -1;
static struct termios before; /* the tty modes before term_init */

/* The earlier handler: proves it runs after the terminal was given back. */
static void prev_siginfo(int sig, siginfo_t *info, void *uctx) {
    (void)uctx;
    struct termios now;
    int restored = tcgetattr(STDIN_FILENO, &now) == 0 && now.c_lflag == before.c_lflag;
    char msg[64];
    int n = snprintf(msg, sizeof msg, "prev %d code %d restored %d\n", sig,
                     info->si_code == SI_TKILL || info->si_code == SI_USER, restored);
    ssize_t w = write(report_fd, msg, (size_t)n);
    (void)w;
    w = write(STDOUT_FILENO, "PREV-HANDLER", 12);
    (void)w;
    _exit(42);
}

static void prev_returns(int sig) {
    char msg[32];
    int n = snprintf(msg, sizeof msg, "returned %d\n", sig);
    ssize_t w = write(report_fd, msg, (size_t)n);
    (void)w;
}

static void child(const char *slave, int prev, int sig) {
    setsid();
    int fd = open(slave, O_RDWR);
    if (fd < 0) {
        _exit(90);
    }
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    struct rlimit nocore = {0, 0};
    setrlimit(RLIMIT_CORE, &nocore);
    setenv("TERM", "xterm", 1);
    setlocale(LC_ALL, "");
    tcgetattr(STDIN_FILENO, &before);
    signal(sig, SIG_DFL); /* cmocka's own handlers are inherited from the runner */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (prev == PREV_SIGINFO) {
        sa.sa_sigaction = prev_siginfo;
        sa.sa_flags = SA_SIGINFO;
        sigaction(sig, &sa, NULL);
    } else if (prev == PREV_RETURNS) {
        sa.sa_handler = prev_returns;
        sigaction(sig, &sa, NULL);
    }
    TermInfo ti;
    if (term_init(&ti) != 0) {
        _exit(91);
    }
    raise(sig);
    _exit(92); /* not reached: the signal ends the process */
}

typedef struct {
    int status;
    char tty[8192];   /* what the child wrote to its terminal */
    char report[256]; /* what the earlier handler reported */
} Outcome;

static void drain(int fd, char *buf, size_t cap, size_t *len) {
    for (;;) {
        ssize_t n = read(fd, buf + *len, cap - 1 - *len);
        if (n <= 0) {
            break;
        }
        *len += (size_t)n;
    }
    buf[*len] = '\0';
}

static void run(int prev, int sig, Outcome *o) {
    memset(o, 0, sizeof *o);
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(master >= 0);
    assert_int_equal(grantpt(master), 0);
    assert_int_equal(unlockpt(master), 0);
    char slave[128];
    snprintf(slave, sizeof slave, "%s", ptsname(master));
    struct winsize ws = {.ws_row = 24, .ws_col = 80};
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(master);
        close(p[0]);
        report_fd = p[1];
        child(slave, prev, sig);
    }
    close(p[1]);
    int sfd = open(slave, O_RDWR | O_NOCTTY); /* keeps the pty readable after the child ends */
    assert_true(sfd >= 0);
    ioctl(sfd, TIOCSWINSZ, &ws);
    size_t tlen = 0;
    fcntl(master, F_SETFL, O_NONBLOCK);
    while (waitpid(pid, &o->status, WNOHANG) == 0) {
        struct pollfd pf = {.fd = master, .events = POLLIN};
        poll(&pf, 1, 100);
        drain(master, o->tty, sizeof o->tty, &tlen);
    }
    drain(master, o->tty, sizeof o->tty, &tlen);
    size_t rlen = 0;
    drain(p[0], o->report, sizeof o->report, &rlen);
    close(p[0]);
    close(sfd);
    close(master);
}

static void test_chains_to_siginfo_handler(void **state) {
    (void)state;
    Outcome o;
    run(PREV_SIGINFO, SIGSEGV, &o);
    assert_true(WIFEXITED(o.status));
    assert_int_equal(WEXITSTATUS(o.status), 42);
    char want[64];
    snprintf(want, sizeof want, "prev %d code 1 restored 1\n", SIGSEGV);
    assert_string_equal(o.report, want);
    /* the terminal was given back before the earlier handler wrote */
    char *rmcup = strstr(o.tty, RMCUP);
    char *mark = strstr(o.tty, "PREV-HANDLER");
    assert_non_null(rmcup);
    assert_non_null(mark);
    assert_true(rmcup < mark);
}

static void test_handler_that_returns_then_default(void **state) {
    (void)state;
    Outcome o;
    run(PREV_RETURNS, SIGABRT, &o);
    char want[32];
    snprintf(want, sizeof want, "returned %d\n", SIGABRT);
    assert_string_equal(o.report, want);
    assert_true(WIFSIGNALED(o.status));
    assert_int_equal(WTERMSIG(o.status), SIGABRT);
    assert_non_null(strstr(o.tty, RMCUP));
}

static void test_no_previous_handler_default_action(void **state) {
    (void)state;
    int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        Outcome o;
        run(PREV_NONE, sigs[i], &o);
        assert_true(WIFSIGNALED(o.status));
        assert_int_equal(WTERMSIG(o.status), sigs[i]);
        assert_non_null(strstr(o.tty, RMCUP));
        assert_string_equal(o.report, "");
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chains_to_siginfo_handler),
        cmocka_unit_test(test_handler_that_returns_then_default),
        cmocka_unit_test(test_no_previous_handler_default_action),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
