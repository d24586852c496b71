/* SPDX-License-Identifier: MIT */
/* promfile: atomic textfile-collector metrics. See promfile.h. */
#include "jtune/record/promfile.h"

#include "jtune/buildinfo.h"
#include "jtune/core/prom.h"
#include "jtune/platform/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROM_BUF_START (64u << 10)
#define PROM_BUF_MAX   (4u << 20)

struct PromFile {
    char path[PATH_MAX];
    char *buf;
    size_t cap;
};

/* Prove now that the directory takes files, before any sampling. 0 or -errno. */
static int probe_dir(const char *path) {
    const char *name;
    int dfd = fileio_open_parent(path, &name);
    if (dfd < 0) {
        return dfd;
    }
    char tmp[NAME_MAX + 1];
    int fd = fileio_temp_createat(dfd, name, 0644, tmp, sizeof tmp);
    if (fd >= 0) {
        close(fd);
        unlinkat(dfd, tmp, 0);
    }
    close(dfd);
    return fd < 0 ? fd : 0;
}

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int promfile_open(PromFile **out, const char *path) {
    *out = NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!ends_with(base, ".prom") || strlen(base) == strlen(".prom")) {
        return -EINVAL;
    }
    PromFile *pf = calloc(1, sizeof *pf);
    if (!pf) {
        return -ENOMEM;
    }
    int rc = snprintf(pf->path, sizeof pf->path, "%s", path) >= (int)sizeof pf->path
                 ? -ENAMETOOLONG
                 : probe_dir(path);
    pf->cap = PROM_BUF_START;
    pf->buf = rc ? NULL : malloc(pf->cap);
    if (!rc && !pf->buf) {
        rc = -ENOMEM;
    }
    if (rc) {
        free(pf->buf);
        free(pf);
        return rc;
    }
    *out = pf;
    return 0;
}

/* Format into pf->buf, growing it when the board has more series than it holds. */
static int format(PromFile *pf, const Inventory *inv, const Sample *s, const PromExtra *x) {
    for (;;) {
        int n = prom_format(inv, s, x, pf->buf, pf->cap);
        if (n != -ERANGE) {
            return n;
        }
        if (pf->cap >= PROM_BUF_MAX) {
            return -ERANGE;
        }
        char *nb = realloc(pf->buf, pf->cap * 2);
        if (!nb) {
            return -ENOMEM;
        }
        pf->buf = nb;
        pf->cap *= 2;
    }
}

int promfile_write(PromFile *pf, const Inventory *inv, const Sample *s, const EnergyMeter *energy) {
    double rail_j[JT_MAX_RAILS] = {0};
    PromExtra x = {.version = JTUNE_VERSION};
    if (energy) {
        for (int i = 0; i < inv->n_rails && i < energy->n_rails; i++) {
            rail_j[i] = energy_j(&energy->rail[i]);
        }
        x.rail_j = energy->n_rails == inv->n_rails ? rail_j : NULL;
        x.input_j_ok = true;
        x.input_j = energy_j(&energy->input);
    }
    int n = format(pf, inv, s, &x);
    /* readable by the collector's user whatever the umask; fsynced, so a power cut never
     * leaves the scraper an empty file */
    return n < 0 ? n : fileio_replace(pf->path, pf->buf, (size_t)n, 0644, FILEIO_EXACT_MODE);
}

void promfile_close(PromFile *pf, bool remove_file) {
    if (!pf) {
        return;
    }
    if (remove_file) {
        unlink(pf->path);
    }
    free(pf->buf);
    free(pf);
}

const char *promfile_path(const PromFile *pf) {
    return pf->path;
}
