/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the helper's journal on a real file. Each input plants a journal (a
 * regular file with the input's text, none, a symlink out of the state directory, a FIFO or
 * a directory) and then runs a sequence of operations on it: load, add, remove, save, set
 * aside, a format/parse round trip, and a whole helper start-up (which loads or sets aside
 * the journal) followed by a restore. Nothing may crash or leak (memory or descriptors), no
 * temporary file may stay behind, and nothing outside the state directory may change.
 *
 * Input: byte 0 picks what "journal" is; bytes 1-2 give the length L of the file text that
 * follows ("@ROOT@" in it becomes the board root, so the helper accepts the journal); the
 * bytes after the text are operations (see run_op). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jtune/helper/helper.h"
#include "jtune/helper/journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char base[PATH_MAX];    /* the scratch directory holding the three below */
static char root[PATH_MAX];    /* an empty board root (canonical) */
static char state[PATH_MAX];   /* the state directory */
static char outside[PATH_MAX]; /* a directory nothing may touch */
static char board[PATH_MAX];   /* <state>/board-<hash of root>: the journal's directory */
static Journal j, k;
static char text[70000];
static char fmt[JOURNAL_MAX * 80 + PATH_MAX + 64];

static void die(const char *what) {
    perror(what);
    abort();
}

static void setup(void) {
    const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(base, sizeof base, "%s/jtune-fuzz-jio-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(base)) {
        die("mkdtemp");
    }
    char p[PATH_MAX + 16];
    snprintf(p, sizeof p, "%s/root", base);
    if (mkdir(p, 0755) < 0 || !realpath(p, root)) {
        die("root");
    }
    snprintf(state, sizeof state, "%s/state", base);
    snprintf(outside, sizeof outside, "%s/outside", base);
    if (mkdir(state, 0700) < 0 || mkdir(outside, 0755) < 0) {
        die("mkdir");
    }
    char name[32];
    helper_board_dirname(root, name, sizeof name);
    snprintf(board, sizeof board, "%s/%s", state, name);
    snprintf(p, sizeof p, "%s/canary", outside);
    FILE *f = fopen(p, "w");
    if (!f || fputs("canary\n", f) < 0 || fclose(f) != 0) {
        die("canary");
    }
}

/* Remove everything in dir (one level of subdirectories, which is all a run can make). */
static void empty_dir(const char *dir, bool keep_dir) {
    DIR *d = opendir(dir);
    if (!d) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        char p[PATH_MAX + 256];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            empty_dir(p, false);
        } else {
            unlink(p);
        }
    }
    closedir(d);
    if (!keep_dir) {
        rmdir(dir);
    }
}

/* Plant the journal as kind says, with text (len bytes) for a regular file. */
static void plant(int kind, const char *t, size_t len) {
    if (mkdir(board, 0700) < 0) {
        die("board dir");
    }
    char p[PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/journal", board);
    switch (kind % 6) {
    case 0: {
        int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || write(fd, t, len) != (ssize_t)len || close(fd) < 0) {
            die("journal");
        }
        break;
    }
    case 1: break; /* no journal */
    case 2: {
        char target[PATH_MAX + 16];
        snprintf(target, sizeof target, "%s/canary", outside);
        if (symlink(target, p) < 0) {
            die("symlink");
        }
        break;
    }
    case 3:
        if (mkfifo(p, 0600) < 0) {
            die("mkfifo");
        }
        break;
    case 4:
        if (mkdir(p, 0700) < 0) {
            die("mkdir journal");
        }
        break;
    case 5: { /* a stale temporary file that leads outside */
        char tmp[PATH_MAX + 32], target[PATH_MAX + 16];
        snprintf(tmp, sizeof tmp, "%s/journal.tmp", board);
        snprintf(target, sizeof target, "%s/planted", outside);
        if (symlink(target, tmp) < 0) {
            die("symlink tmp");
        }
        break;
    }
    }
}

/* Replace "@ROOT@" by the board root, so a fuzzed journal can belong to this board. */
static size_t expand(const uint8_t *in, size_t n, char *out, size_t outsz) {
    size_t o = 0;
    for (size_t i = 0; i < n && o + PATH_MAX + 1 < outsz; i++) {
        if (n - i >= 6 && memcmp(in + i, "@ROOT@", 6) == 0) {
            size_t rl = strlen(root);
            memcpy(out + o, root, rl);
            o += rl;
            i += 5;
        } else {
            out[o++] = (char)in[i];
        }
    }
    return o;
}

static void start_and_restore(void) {
    HelperConfig cfg;
    helper_config_init(&cfg);
    cfg.root = root;
    cfg.state_dir = state;
    Helper *h = NULL;
    char err[512];
    if (helper_open(&h, &cfg, err, sizeof err) != 0) {
        return;
    }
    TuneRequest r;
    TuneReply rep;
    proto_request_init(&r, TUNE_OP_RESTORE, 1, TUNE_T_NONE, 0, 0, 0);
    helper_handle(h, &r, &rep);
    if (rep.err == 0 && rep.aux != 0) {
        abort(); /* nodes left on record are an error */
    }
    helper_close(h);
}

/* One operation; returns the bytes it used. */
static size_t run_op(int dirfd, const uint8_t *p, size_t n) {
    int bad = 0;
    switch (p[0] % 8) {
    case 0: {
        int rc = journal_load(dirfd, &j, &bad);
        if (rc == -EINVAL && bad < 0) {
            abort();
        }
        if (rc < 0) {
            journal_init(&j, root); /* as the helper does: a rejected file leaves nothing */
        }
        return 1;
    }
    case 1:
        if (n < 8) {
            return n;
        }
        journal_add(&j, (TuneTarget)(p[1] % (TUNE_T_COUNT + 1)), p[2], p[3],
                    (int64_t)(int32_t)((uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
                                       (uint32_t)p[7] << 24));
        return 8;
    case 2:
        if (n < 2) {
            return n;
        }
        journal_remove(&j, (int)p[1] - 1);
        return 2;
    case 3: journal_save(dirfd, &j); return 1;
    case 4: journal_set_aside(dirfd); return 1;
    case 5: start_and_restore(); return 1;
    case 6: {
        int len = journal_format(&j, fmt, sizeof fmt);
        if (len >= 0 && (journal_parse(fmt, (size_t)len, &k, &bad) != 0 || k.n != j.n)) {
            fprintf(stderr, "journal written (line %d bad):\n%s", bad, fmt);
            abort(); /* what the helper writes it can read back */
        }
        return 1;
    }
    default: journal_init(&j, p[0] & 0x80 ? root : "/"); return 1;
    }
}

/* Nothing outside the state directory changed, and no temporary file stayed behind. */
static void check_after(void) {
    DIR *d = opendir(outside);
    if (!d) {
        die("outside");
    }
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "canary")) {
            fprintf(stderr, "written outside the state directory: %s\n", e->d_name);
            abort();
        }
        n++;
    }
    closedir(d);
    char p[PATH_MAX + 16], buf[16] = "";
    snprintf(p, sizeof p, "%s/canary", outside);
    int fd = open(p, O_RDONLY);
    ssize_t got = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0) {
        close(fd);
    }
    if (n != 3 || got != 7 || memcmp(buf, "canary\n", 7) != 0) {
        fprintf(stderr, "the file outside the state directory changed\n");
        abort();
    }
    d = opendir(root);
    int in_root = 0;
    while (d && (e = readdir(d))) {
        in_root++;
    }
    if (d) {
        closedir(d);
    }
    snprintf(p, sizeof p, "%s/journal.tmp", board);
    struct stat st;
    if (in_root != 2 || (lstat(p, &st) == 0 && S_ISREG(st.st_mode))) {
        fprintf(stderr, "a file was left in the root or a temporary journal stayed\n");
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!base[0]) {
        setup();
    }
    if (size < 3) {
        return 0;
    }
    int fd_mark = dup(0);
    close(fd_mark);
    size_t len = (size_t)data[1] | (size_t)data[2] << 8;
    if (len > size - 3) {
        len = size - 3;
    }
    size_t tlen = expand(data + 3, len, text, sizeof text);
    plant(data[0], text, tlen);
    int dirfd = open(board, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        die("open board dir");
    }
    journal_init(&j, root);
    for (size_t i = 3 + len; i < size;) {
        i += run_op(dirfd, data + i, size - i);
    }
    close(dirfd);
    check_after();
    empty_dir(state, true);
    int fd_now = dup(0);
    close(fd_now);
    if (fd_now != fd_mark) {
        fprintf(stderr, "descriptor leak: next fd %d, was %d\n", fd_now, fd_mark);
        abort();
    }
    return 0;
}
