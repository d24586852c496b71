/* SPDX-License-Identifier: MIT */
/* term: curses start/stop, signals, key input with a race-free wait. */
#include "jtune/ui/term.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t quit_flag;
static volatile sig_atomic_t winch_flag;

static bool active;
static SCREEN *screen;
static struct termios saved_tios;
static bool have_tios;
static sigset_t wait_mask; /* the mask while waiting: ours unblocked */
static sigset_t old_mask;

/* What a fatal-signal handler writes to give the terminal back (captured at init, since
 * terminfo cannot be queried from a signal handler). */
static char fatal_seq[256];
static size_t fatal_len;

static const int quit_sigs[] = {SIGINT, SIGTERM, SIGHUP};
static const int fatal_sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
#define N_QUIT  (sizeof quit_sigs / sizeof quit_sigs[0])
#define N_FATAL (sizeof fatal_sigs / sizeof fatal_sigs[0])
static struct sigaction old_quit[N_QUIT], old_fatal[N_FATAL], old_winch;

static void on_quit(int sig) {
    (void)sig;
    quit_flag = 1;
}

static void on_winch(int sig) {
    (void)sig;
    winch_flag = 1;
}

/* The disposition a fatal signal had before term_init (NULL for a signal not ours). */
static const struct sigaction *previous_fatal(int sig) {
    for (size_t i = 0; i < N_FATAL; i++) {
        if (fatal_sigs[i] == sig) {
            return &old_fatal[i];
        }
    }
    return NULL;
}

/* Async-signal-safe: write(), tcsetattr(), sigaction() and raise() only. The terminal is
 * given back first, then the handler that was there before runs (a crash reporter, a
 * sanitizer) with the original siginfo; when there was none, or it returns, the default
 * action is put back and the re-raised signal ends the process as it would have. */
static void on_fatal(int sig, siginfo_t *info, void *uctx) {
    if (fatal_len) {
        ssize_t n = write(STDOUT_FILENO, fatal_seq, fatal_len);
        (void)n;
    }
    if (have_tios) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tios);
    }
    const struct sigaction *prev = previous_fatal(sig);
    if (prev) {
        sigaction(sig, prev, NULL); /* as if term_init had never been */
        if (prev->sa_flags & SA_SIGINFO) {
            if (prev->sa_sigaction) {
                prev->sa_sigaction(sig, info, uctx);
            }
        } else if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
            prev->sa_handler(sig);
        }
    }
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    (void)raise(sig); /* blocked while this handler runs: delivered as it returns */
}

/* Append a terminfo string without its "$<..>" padding markers. */
static void capture(const char *cap) {
    const char *s = tigetstr(cap);
    if (!s || s == (const char *)-1) {
        return;
    }
    for (; *s && fatal_len < sizeof fatal_seq - 1; s++) {
        if (s[0] == '$' && s[1] == '<') {
            const char *end = strchr(s, '>');
            if (end) {
                s = end;
                continue;
            }
        }
        fatal_seq[fatal_len++] = *s;
    }
}

static void install_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_quit;
    for (size_t i = 0; i < N_QUIT; i++) {
        sigaction(quit_sigs[i], &sa, &old_quit[i]);
    }
    sa.sa_handler = on_winch;
    sigaction(SIGWINCH, &sa, &old_winch);
    sa.sa_sigaction = on_fatal;
    sa.sa_flags = SA_SIGINFO;
    for (size_t i = 0; i < N_FATAL; i++) {
        sigaction(fatal_sigs[i], &sa, &old_fatal[i]);
    }
    sigset_t block;
    sigemptyset(&block);
    for (size_t i = 0; i < N_QUIT; i++) {
        sigaddset(&block, quit_sigs[i]);
    }
    sigaddset(&block, SIGWINCH);
    sigprocmask(SIG_BLOCK, &block, &old_mask);
    wait_mask = old_mask;
    for (size_t i = 0; i < N_QUIT; i++) {
        sigdelset(&wait_mask, quit_sigs[i]);
    }
    sigdelset(&wait_mask, SIGWINCH);
}

static void restore_signals(void) {
    /* unblock first: a pending SIGINT still only sets the flag */
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    for (size_t i = 0; i < N_QUIT; i++) {
        sigaction(quit_sigs[i], &old_quit[i], NULL);
    }
    sigaction(SIGWINCH, &old_winch, NULL);
    for (size_t i = 0; i < N_FATAL; i++) {
        sigaction(fatal_sigs[i], &old_fatal[i], NULL);
    }
}

int term_init(TermInfo *out) {
    if (active) {
        return -EBUSY;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        return -ENOTTY;
    }
    have_tios = tcgetattr(STDIN_FILENO, &saved_tios) == 0;
    quit_flag = winch_flag = 0;
    /* our SIGWINCH handler goes in first, so curses does not install its own */
    install_signals();
    screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        restore_signals();
        return -EIO;
    }
    set_term(screen);
    /* ncurses (6.x) writes out its buffer after every cursor move until the screen has once
     * come back from endwin(): some 50 write(2) calls a frame at 1 Hz, each a packet over SSH.
     * One round trip now, on a blank screen, lets every frame leave in one write. */
    endwin();
    doupdate();
    active = true;
    fatal_len = 0;
    capture("sgr0");
    capture("cnorm");
    capture("rmkx");
    capture("rmcup");
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    /* no poll(2) of the keyboard every five lines of a frame: a frame is a few hundred bytes */
    typeahead(-1);
    set_escdelay(25);
    /* the cursor hidden: never spend bytes moving it back; a terminal that cannot hide it
     * (vt100 has no civis) gets it parked in the corner after every frame instead */
    leaveok(stdscr, curs_set(0) != ERR);
    bool color = has_colors() && start_color() == OK;
    if (color) {
        use_default_colors();
    }
    const char *cs = nl_langinfo(CODESET);
    *out = (TermInfo){.utf8 = cs && strcmp(cs, "UTF-8") == 0,
                      .color = color && COLORS >= 8,
                      .cols = COLS,
                      .rows = LINES};
    return 0;
}

void term_done(void) {
    if (!active) {
        return;
    }
    active = false;
    curs_set(1);
    endwin();
    delscreen(screen);
    screen = NULL;
    restore_signals();
}

static KeyCode term_map_key(int rc, unsigned int wch) {
    if (rc == KEY_CODE_YES) {
        switch (wch) {
        case KEY_UP: return KEYC_UP;
        case KEY_DOWN: return KEYC_DOWN;
        case KEY_LEFT: return KEYC_LEFT;
        case KEY_RIGHT: return KEYC_RIGHT;
        case KEY_HOME: return KEYC_HOME;
        case KEY_END: return KEYC_END;
        case KEY_PPAGE: return KEYC_PGUP;
        case KEY_NPAGE: return KEYC_PGDN;
        case KEY_BTAB: return KEYC_BTAB;
        case KEY_ENTER: return KEYC_ENTER;
        case KEY_BACKSPACE: return KEYC_BACKSPACE;
        case KEY_DC: return KEYC_DELETE;
        case KEY_RESIZE: return KEYC_RESIZE;
        default: break;
        }
        if (wch >= (unsigned)KEY_F(1) && wch <= (unsigned)KEY_F(24)) {
            return KEYC_F((int)(wch - (unsigned)KEY_F(0)));
        }
        return 0;
    }
    switch (wch) {
    case '\r':
    case '\n': return KEYC_ENTER;
    case 127:
    case 8: return KEYC_BACKSPACE;
    default: return wch < KEYC_SPECIAL ? (KeyCode)wch : 0;
    }
}

int term_wait_key(int timeout_ms, const int *fds, int n_fds, KeyCode *key) {
    if (!active) {
        return 0;
    }
    for (int round = 0; round < 2; round++) {
        wint_t wch;
        int rc;
        while ((rc = wget_wch(stdscr, &wch)) != ERR) {
            KeyCode k = term_map_key(rc, (unsigned)wch);
            if (k) {
                *key = k;
                return 1;
            }
        }
        if (round == 1 || quit_flag || winch_flag) {
            return 0;
        }
        struct pollfd pfds[3] = {{.fd = STDIN_FILENO, .events = POLLIN}};
        int n_poll = 1;
        for (int i = 0; i < n_fds && n_poll < 3; i++) {
            pfds[n_poll++] = (struct pollfd){.fd = fds[i], .events = POLLIN};
        }
        struct pollfd *pfd = &pfds[0];
        struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
        int n = ppoll(pfds, (nfds_t)n_poll, timeout_ms < 0 ? NULL : &ts, &wait_mask);
        if (n <= 0) {
            return 0; /* timeout, or a signal set a flag */
        }
        if (!pfd->revents) {
            return 0; /* one of the other fds */
        }
        if (pfd->revents & (POLLHUP | POLLERR | POLLNVAL)) {
            quit_flag = 1; /* the terminal went away */
            return 0;
        }
    }
    return 0;
}

bool term_quit_requested(void) {
    return quit_flag != 0;
}

bool term_take_resize(int *cols, int *rows) {
    if (!winch_flag || !active) {
        return false;
    }
    winch_flag = 0;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
        resize_term(ws.ws_row, ws.ws_col);
    }
    *cols = COLS;
    *rows = LINES;
    return true;
}
