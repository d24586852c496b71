/* SPDX-License-Identifier: MIT */
/* board_find: where board files live, and listing them. */
#include "jtune/sim/board.h"

#include "jtune/platform/selfpath.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIRS 4

/* The search directories in order; returns how many. */
static int search_dirs(char dirs[MAX_DIRS][PATH_MAX]) {
    int n = 0;
    const char *env = getenv("JTUNE_DATADIR");
    if (env && *env) {
        snprintf(dirs[n++], PATH_MAX, "%s/boards", env);
    }
    char base[PATH_MAX];
    if (selfpath_source_dir(base, sizeof base) &&
        snprintf(dirs[n], PATH_MAX, "%s/config/boards", base) < PATH_MAX) {
        n++;
    }
    if (selfpath_data_dir(base, sizeof base) == 0 &&
        snprintf(dirs[n], PATH_MAX, "%s/boards", base) < PATH_MAX) {
        n++;
    }
    return n;
}

static bool is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool looks_like_path(const char *name) {
    size_t n = strlen(name);
    return strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".ini") == 0);
}

int simboard_locate(const char *name, char *out, size_t outsz) {
    if (name == NULL || name[0] == '\0') {
        return -ENOENT;
    }
    if (looks_like_path(name)) {
        if (!is_file(name) || (size_t)snprintf(out, outsz, "%s", name) >= outsz) {
            return -ENOENT;
        }
        return 0;
    }
    char dirs[MAX_DIRS][PATH_MAX];
    int n = search_dirs(dirs);
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/%s.ini", dirs[i], name);
        if (is_file(path) && (size_t)snprintf(out, outsz, "%s", path) < outsz) {
            return 0;
        }
    }
    return -ENOENT;
}

typedef struct {
    char name[SB_NAME];
    char path[PATH_MAX];
} Found;

/* The description of a board file without parsing all of it. */
static void read_description(const char *path, char *out, size_t n) {
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) {
        return;
    }
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (strncmp(p, "description", 11) != 0) {
            continue;
        }
        p += 11;
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (*p++ != '=') {
            continue;
        }
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        p[strcspn(p, "\r\n")] = '\0';
        char *semi = strstr(p, " ;");
        if (semi) {
            *semi = '\0';
        }
        snprintf(out, n, "%s", p);
        break;
    }
    (void)fclose(f); /* read only: nothing to lose */
}

static int cmp_found(const void *a, const void *b) {
    return strcmp(((const Found *)a)->name, ((const Found *)b)->name);
}

/* Add the boards of one directory to list (names not seen yet). */
static int scan_dir(const char *dir, Found *list, int n, int max) {
    DIR *d = opendir(dir);
    if (!d) {
        return n;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < max) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".ini") != 0 || len - 4 >= SB_NAME) {
            continue;
        }
        char name[SB_NAME];
        snprintf(name, sizeof name, "%.*s", (int)(len - 4), e->d_name);
        bool seen = false;
        for (int i = 0; i < n && !seen; i++) {
            seen = strcmp(list[i].name, name) == 0;
        }
        if (!seen) {
            snprintf(list[n].name, sizeof list[n].name, "%s", name);
            snprintf(list[n].path, sizeof list[n].path, "%s/%s", dir, e->d_name);
            n++;
        }
    }
    closedir(d);
    return n;
}

int simboard_list(void (*fn)(void *user, const char *name, const char *desc, const char *path),
                  void *user) {
    enum { MAX_BOARDS = 64 };
    Found *list = calloc(MAX_BOARDS, sizeof *list);
    if (!list) {
        return -ENOMEM;
    }
    char dirs[MAX_DIRS][PATH_MAX];
    int nd = search_dirs(dirs);
    int n = 0;
    for (int i = 0; i < nd; i++) {
        n = scan_dir(dirs[i], list, n, MAX_BOARDS);
    }
    qsort(list, (size_t)n, sizeof *list, cmp_found);
    for (int i = 0; i < n; i++) {
        char desc[160];
        read_description(list[i].path, desc, sizeof desc);
        fn(user, list[i].name, desc, list[i].path);
    }
    free(list);
    return n;
}
