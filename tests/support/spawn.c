/* SPDX-License-Identifier: MIT */
/* spawn: run a built program from a test. */
#include "jtune/core/emuexec.h"
#include "spawn.h"

#include "fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#define SPAWN_MAX_ARGS 64

static int redirect(const char *path, int fd) {
    if (!path) {
        return 0;
    }
    int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    return (f < 0 || dup2(f, fd) < 0) ? -1 : 0;
}

pid_t spawn_program(const char *prog, const char *const *args, const char *out_path,
                    const char *err_path) {
    char exe[PATH_MAX];
    snprintf(exe, sizeof exe, "%s/%s", test_build_dir(), prog);
    const char *argv[SPAWN_MAX_ARGS] = {exe};
    int n = 1;
    for (; args[n - 1] && n < SPAWN_MAX_ARGS - 1; n++) {
        argv[n] = args[n - 1];
    }
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        if (redirect(out_path, STDOUT_FILENO) < 0 || redirect(err_path, STDERR_FILENO) < 0) {
            _exit(126);
        }
        emuexec_execve(exe, argv, (const char *const *)environ);
        _exit(127);
    }
    assert_true(pid > 0);
    return pid;
}

int spawn_wait(pid_t pid) {
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        assert_int_equal(errno, EINTR);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
