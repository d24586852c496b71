/* SPDX-License-Identifier: MIT */
/* selfpath: where the running program and its installed companions are.
 *
 * Nothing here is a path compiled in from the build machine: the installed layout is found
 * relative to the running executable, which is installed in bindir (bin/ -> ../share/jtune,
 * ../libexec/jtune/jtune-helper, as configured with GNUInstallDirs), and a program running from its
 * build tree finds the source tree through the marker file JTUNE_BUILD_MARKER that CMake writes
 * into the build directory (and its tests/ directory). So `cmake --install --prefix P` and DESTDIR
 * installs work whatever prefix was configured, and no build path ends up in an installed binary.
 */
#ifndef JTUNE_PLATFORM_SELFPATH_H
#define JTUNE_PLATFORM_SELFPATH_H

#include <stdbool.h>
#include <stddef.h>

#define JTUNE_BUILD_MARKER "jtune-build-tree"

/* The directory of the running executable (resolved, no trailing slash). 0 or -errno (out
 * empty then). */
int selfpath_exe_dir(char *out, size_t outsz);

/* When the running program lives in a jtune build tree: the source tree into out and true.
 * False (out empty) for an installed program. */
bool selfpath_source_dir(char *out, size_t outsz);

/* The installed data directory (themes/, boards/, profiles/) for the running program's
 * install prefix. 0 or -errno (-ENAMETOOLONG). The directory need not exist. */
int selfpath_data_dir(char *out, size_t outsz);

/* The installed jtune-helper for the running program's install prefix (may not exist).
 * 0 or -errno. */
int selfpath_installed_helper(char *out, size_t outsz);

/* An executable named name in the running program's directory (programs install side by
 * side in bindir) or, from a build tree, in the top build directory. 0 or -ENOENT. */
int selfpath_find_program(const char *name, char *out, size_t outsz);

#endif
