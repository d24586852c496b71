/* SPDX-License-Identifier: MIT */
/* no_openat2 CMD [ARGS...]: run CMD with openat2 answering ENOSYS (a seccomp filter), as on a
 * kernel before 5.6 or under qemu-user, so that whole programs and tests exercise jtune's
 * user-space path confinement. Exit 77 (skipped) when no filter can be installed. */
#include "noopenat2.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: no_openat2 CMD [ARGS...]\n");
        return 2;
    }
    int rc = noopenat2_install();
    if (rc < 0) {
        fprintf(stderr, "skipped: cannot deny openat2 here: %s\n", strerror(-rc));
        return 77;
    }
    execvp(argv[1], argv + 1);
    perror(argv[1]);
    return 127;
}
