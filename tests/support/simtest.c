/* SPDX-License-Identifier: MIT */
/* simtest: helpers for the simulator's tests (see simtest.h). */
#include "jtune/core/emuexec.h"
#include "simtest.h"

#include "fixture.h"
#include "jtune/core/parse.h"
#include "jtune/platform/sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

static void drain(int fd, char *out, size_t outsz) {
    size_t got = 0;
    char sink[4096];
    for (;;) {
        char *dst = got + 1 < outsz ? out + got : sink;
        size_t room = got + 1 < outsz ? outsz - 1 - got : sizeof sink;
        ssize_t n = read(fd, dst, room);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        if (dst != sink) {
            got += (size_t)n;
        }
    }
    if (outsz) {
        out[got] = '\0';
    }
}

int simtest_run(const char *const argv[], const char *stdin_text, char *out, size_t outsz) {
    int in[2], o[2];
    if (pipe(in) < 0 || pipe(o) < 0) {
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(o[1], 1);
        dup2(o[1], 2);
        close(in[1]);
        close(o[0]);
        emuexec_execve(argv[0], argv, (const char *const *)environ);
        _exit(127);
    }
    close(in[0]);
    close(o[1]);
    if (stdin_text) {
        /* the program may exit without reading: a closed pipe must not kill the test */
        void (*old)(int) = signal(SIGPIPE, SIG_IGN);
        ssize_t w = write(in[1], stdin_text, strlen(stdin_text));
        (void)w;
        signal(SIGPIPE, old);
    }
    close(in[1]);
    drain(o[0], out, outsz);
    close(o[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

const char *simtest_exe(void) {
    static char path[PATH_MAX];
    /* the program itself, not the emulated run's wrapper (emuexec starts it in the emulator) */
    snprintf(path, sizeof path, "%s/jtune-sim", JTUNE_TEST_BUILD_DIR);
    return path;
}

int simtest_build(const char *board, uint64_t seed, long ticks, char *root, size_t rootsz) {
    Fixture fx;
    if (fixture_mkroot(&fx) < 0) {
        return -1;
    }
    snprintf(root, rootsz, "%s", fx.root);
    char s[32], t[32], out[8192];
    snprintf(s, sizeof s, "%llu", (unsigned long long)seed);
    snprintf(t, sizeof t, "%ld", ticks);
    const char *argv[] = {simtest_exe(),
                          "--board",
                          board,
                          "--root",
                          root,
                          "--seed",
                          s,
                          ticks > 0 ? "--ticks" : "--once",
                          ticks > 0 ? t : NULL,
                          NULL};
    int rc = simtest_run(argv, NULL, out, sizeof out);
    if (rc != 0) {
        print_message("jtune-sim %s failed (%d): %s\n", board, rc, out);
    }
    return rc;
}

const char *simtest_read(const char *root, const char *rel, int *err) {
    static char buf[65536];
    Sysfs *fs = NULL;
    buf[0] = '\0';
    int rc = sysfs_open(&fs, root);
    if (rc == 0) {
        ssize_t n = sysfs_read(fs, rel, buf, sizeof buf);
        rc = n < 0 ? (int)n : 0;
        if (n < 0) {
            buf[0] = '\0';
        }
        sysfs_close(fs);
    }
    if (err) {
        *err = rc;
    }
    return buf;
}

int64_t simtest_i64(const char *root, const char *rel) {
    int err;
    const char *t = simtest_read(root, rel, &err);
    int64_t v = 0;
    if (err < 0 || parse_i64(t, strlen(t), &v) < 0) {
        fail_msg("%s: not an integer (\"%s\", %s)", rel, t, strerror(-err));
    }
    return v;
}

int simtest_write(const char *root, const char *rel, const char *text) {
    Sysfs *fs = NULL;
    int rc = sysfs_open(&fs, root);
    if (rc == 0) {
        rc = sysfs_write(fs, rel, text);
        sysfs_close(fs);
    }
    return rc;
}

static int cmp_name(const void *a, const void *b) {
    return strcmp((const char *)a, (const char *)b);
}

int simtest_find(const char *root, const char *dir, const char *attr, const char *value, int nth,
                 char *out, size_t outsz) {
    Sysfs *fs = NULL;
    if (sysfs_open(&fs, root) < 0) {
        return -ENOENT;
    }
    DIR *d = sysfs_opendir(fs, dir);
    int rc = -ENOENT;
    char names[128][64];
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL && n < 128) {
        if (e->d_name[0] != '.') {
            snprintf(names[n++], sizeof names[0], "%s", e->d_name);
        }
    }
    if (d) {
        closedir(d);
    }
    qsort(names, (size_t)n, sizeof names[0], cmp_name);
    for (int i = 0; i < n && rc < 0; i++) {
        char path[PATH_MAX], text[256];
        snprintf(path, sizeof path, "%s/%s/%s", dir, names[i], attr);
        if (sysfs_read_str(fs, path, text, sizeof text) == 0 && strcmp(text, value) == 0 &&
            nth-- == 0) {
            snprintf(out, outsz, "%s/%s", dir, names[i]);
            rc = 0;
        }
    }
    sysfs_close(fs);
    return rc;
}

int simtest_boards(char names[][32], int max) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/config/boards", test_source_dir());
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL && n < max) {
        size_t len = strlen(e->d_name);
        if (len > 4 && len - 4 < 32 && strcmp(e->d_name + len - 4, ".ini") == 0) {
            snprintf(names[n++], 32, "%.*s", (int)(len - 4), e->d_name);
        }
    }
    if (d) {
        closedir(d);
    }
    qsort(names, (size_t)n, 32, cmp_name);
    return n;
}
