/* promfile: atomic textfile-collector metrics. See promfile.h. */
#include "jtune/app/promfile.h"

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
    char tmp[PATH_MAX]; /* DIR/.NAME.PID.tmp */
    char *buf;
    size_t cap;
};

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The temporary name beside path: hidden, and not ending in .prom. */
static int temp_name(const char *path, char *out, size_t outsz) {
    const char *slash = strrchr(path, '/');
    int dlen = slash ? (int)(slash - path + 1) : 0;
    int n = snprintf(out, outsz, "%.*s.%s.%ld.tmp", dlen, path, slash ? slash + 1 : path,
                     (long)getpid());
    return n < 0 || (size_t)n >= outsz ? -ENAMETOOLONG : 0;
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
                 : temp_name(path, pf->tmp, sizeof pf->tmp);
    if (!rc) {
        /* prove now that the directory takes files, before any sampling */
        int fd = open(pf->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        rc = fd < 0 ? -errno : 0;
        if (fd >= 0) {
            close(fd);
            unlink(pf->tmp);
        }
    }
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

static int replace(PromFile *pf, const char *data, size_t len) {
    int fd = open(pf->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return -errno;
    }
    /* readable by the collector's user whatever the umask */
    int rc = fchmod(fd, 0644) < 0 ? -errno : fileio_write_all(fd, data, len);
    if (close(fd) < 0 && rc == 0) {
        rc = -errno;
    }
    if (rc == 0 && rename(pf->tmp, pf->path) < 0) {
        rc = -errno;
    }
    if (rc) {
        unlink(pf->tmp);
    }
    return rc;
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
    return n < 0 ? n : replace(pf, pf->buf, (size_t)n);
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
