/* SPDX-License-Identifier: MIT */
/* uifiles: where the UI's user files are, and reading them.
 *
 * Config: --config PATH, else $XDG_CONFIG_HOME/jtune/jtune.ini (XDG_CONFIG_HOME defaults to
 * ~/.config), else JTUNE_INSTALL_SYSCONFDIR/jtune.ini, else the built-in defaults. The
 * first file that exists is read; files are not merged.
 * Theme: a spec with a '/' or ending in ".theme" is a path; a name is looked up as
 * NAME.theme in $XDG_CONFIG_HOME/jtune/themes/, then in the installed themes folder
 * (DATADIR/themes beside the installed program, or the source tree's themes/ when jtune
 * runs from its build tree: platform/selfpath.h), else the built-in default theme is used.
 */
#ifndef JTUNE_UI_UIFILES_H
#define JTUNE_UI_UIFILES_H

#include "jtune/conf/config.h"
#include "jtune/ui/theme.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define UIFILES_MAX 4

/* Where to look, as the environment and the build describe it. */
typedef struct {
    const char *xdg_config_home; /* $XDG_CONFIG_HOME or NULL */
    const char *home;            /* $HOME or NULL */
    const char *sysconfdir;      /* JTUNE_INSTALL_SYSCONFDIR */
    const char *datadir;         /* the installed data directory */
    const char *srcdir;          /* the source tree, when run from a build tree */
    bool from_build_tree;        /* the running program lives in a build tree */
    char store[2][PATH_MAX];     /* what datadir and srcdir point to after uifiles_places */
} UiPlaces;

/* The places of this process (environment, buildinfo.h, /proc/self/exe). out must not be
 * copied afterwards (datadir and srcdir point into it). */
void uifiles_places(UiPlaces *out);

/* Config candidates in search order (cli alone when given). Returns the count. PURE. */
int uifiles_config_candidates(const UiPlaces *pl, const char *cli, char out[][PATH_MAX], int max);

/* Theme candidates for spec (a path, or a name). Returns the count. PURE. */
int uifiles_theme_candidates(const UiPlaces *pl, const char *spec, char out[][PATH_MAX], int max);

/* Defaults, then the first existing candidate parsed over them (hooks may be NULL).
 * 0 (also when no file exists: c->path is "" then), or -errno when --config names a file
 * that cannot be read. Problems in the file go to d. */
int uifiles_load_config(const UiPlaces *pl, const char *cli, const ConfigHooks *hooks, Config *c,
                        Diag *d);

/* The built-in default theme, then the first existing candidate parsed over it. 0, or
 * -ENOENT when no candidate exists (t is the built-in default then, and d says where it
 * looked). used gets the file read ("" for none). */
int uifiles_load_theme(const UiPlaces *pl, const char *spec, Theme *t, Diag *d, char *used,
                       size_t usedsz);

#endif
