/* SPDX-License-Identifier: MIT */
/* selfpath: the running program's own location, its build tree and its install prefix. */
#include "jtune/platform/selfpath.h"

#include "jtune/buildinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int selfpath_exe_dir(char *out, size_t outsz) {
    if (outsz > 0) {
        out[0] = '\0'; /* empty on failure */
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        return n < 0 ? -errno : -ENOENT;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) {
        return -ENOENT;
    }
    *slash = '\0';
    if (snprintf(out, outsz, "%s", slash == exe ? "/" : exe) >= (int)outsz) {
        return -ENAMETOOLONG;
    }
    return 0;
}

/* Read the first line of dir/JTUNE_BUILD_MARKER (the source tree) into out. */
static bool read_marker(const char *dir, char *out, size_t outsz) {
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/" JTUNE_BUILD_MARKER, dir) >= (int)sizeof path) {
        return false;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return false;
    }
    char buf[PATH_MAX];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 1 || buf[0] != '/') {
        return false;
    }
    buf[n] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    return snprintf(out, outsz, "%s", buf) < (int)outsz;
}

/* The directory holding the marker: the executable's or its parent (tests/). */
static bool marker_dir(char *dir, size_t dirsz, char *src, size_t srcsz) {
    if (selfpath_exe_dir(dir, dirsz) < 0) {
        return false;
    }
    for (int up = 0; up < 2; up++) {
        if (read_marker(dir, src, srcsz)) {
            return true;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) {
            return false;
        }
        *slash = '\0';
    }
    return false;
}

bool selfpath_source_dir(char *out, size_t outsz) {
    char dir[PATH_MAX];
    if (marker_dir(dir, sizeof dir, out, outsz)) {
        return true;
    }
    if (outsz) {
        out[0] = '\0';
    }
    return false;
}

/* When the running program lives in a jtune build tree: its top build directory (the one
 * holding the programs) into out and true; false otherwise. */
static bool selfpath_build_dir(char *out, size_t outsz) {
    char dir[PATH_MAX], src[PATH_MAX];
    if (!marker_dir(dir, sizeof dir, src, sizeof src) ||
        snprintf(out, outsz, "%s", dir) >= (int)outsz) {
        if (outsz) {
            out[0] = '\0';
        }
        return false;
    }
    return true;
}

/* exe_dir/rel into out. */
static int from_exe_dir(const char *rel, char *out, size_t outsz) {
    char dir[PATH_MAX];
    int rc = selfpath_exe_dir(dir, sizeof dir);
    if (rc < 0) {
        return rc;
    }
    return snprintf(out, outsz, "%s/%s", dir, rel) >= (int)outsz ? -ENAMETOOLONG : 0;
}

int selfpath_data_dir(char *out, size_t outsz) {
    return from_exe_dir(JTUNE_REL_DATADIR, out, outsz);
}

int selfpath_installed_helper(char *out, size_t outsz) {
    return from_exe_dir(JTUNE_REL_HELPER, out, outsz);
}

static bool executable_in(const char *dir, const char *name, char *out, size_t outsz) {
    if (!dir[0] || snprintf(out, outsz, "%s/%s", dir, name) >= (int)outsz) {
        return false;
    }
    return access(out, X_OK) == 0;
}

int selfpath_find_program(const char *name, char *out, size_t outsz) {
    char dir[PATH_MAX];
    if (selfpath_exe_dir(dir, sizeof dir) == 0 && executable_in(dir, name, out, outsz)) {
        return 0;
    }
    if (selfpath_build_dir(dir, sizeof dir) && executable_in(dir, name, out, outsz)) {
        return 0;
    }
    return -ENOENT;
}
