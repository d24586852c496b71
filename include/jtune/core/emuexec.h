/* SPDX-License-Identifier: MIT */
/* emuexec: execve for builds that run their tests under a user-mode emulator.
 *
 * A cross build for aarch64 runs its test suite under qemu-aarch64-static without
 * binfmt_misc (cmake/toolchains/aarch64-linux-gnu.cmake sets JTUNE_EXEC_EMULATOR). There the
 * host kernel cannot start an aarch64 program that an emulated program executes (ENOEXEC), so
 * such a build runs it through the emulator instead. In every other build - everything that
 * ships - emuexec_execve is execve. Header only; emuexec_execve is async-signal-safe (for a
 * forked child). */
#ifndef JTUNE_CORE_EMUEXEC_H
#define JTUNE_CORE_EMUEXEC_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The shell prefix that runs the program at path from a script: "'EMULATOR' " for a program
 * of an emulated build, "" for everything else (a script, such as a test's wrapper, runs as is). */
static inline const char *emuexec_shell_prefix(const char *path) {
#ifdef JTUNE_EXEC_EMULATOR
    char magic[4] = {0};
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(magic, 1, sizeof magic, f) : 0;
    if (f) {
        fclose(f);
    }
    return n == sizeof magic && memcmp(magic, "\177ELF", 4) == 0 ? "'" JTUNE_EXEC_EMULATOR "' "
                                                                 : "";
#else
    (void)path;
    return "";
#endif
}

/* execve's prototype is older than const: POSIX guarantees it changes neither the strings
 * nor the arrays, so the one cast that drops the qualifier lives here (through uintptr_t,
 * which is what says "on purpose" to -Wcast-qual). */
#define EMUEXEC_UNCONST(v) ((char *const *)(uintptr_t)(v))

/* execve(path, argv, envp); only returns on failure (-1, errno set). */
static inline int emuexec_execve(const char *path, const char *const argv[],
                                 const char *const envp[]) {
    execve(path, EMUEXEC_UNCONST(argv), EMUEXEC_UNCONST(envp));
#ifdef JTUNE_EXEC_EMULATOR
    if (errno == ENOEXEC) {
        const char *eargv[256];
        int n = 0;
        eargv[n++] = JTUNE_EXEC_EMULATOR;
        eargv[n++] = path;
        for (int i = 1; argv[0] && argv[i] && n < 255; i++) {
            eargv[n++] = argv[i];
        }
        eargv[n] = NULL;
        execve(JTUNE_EXEC_EMULATOR, EMUEXEC_UNCONST(eargv), EMUEXEC_UNCONST(envp));
    }
#endif
    return -1;
}

#endif
