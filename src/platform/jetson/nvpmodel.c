/* SPDX-License-Identifier: MIT */
/* nvpmodel: power mode names (conf) and the active mode (status file). */
#include "jtune/platform/jetson/nvpmodel.h"

#include "jtune/core/diag.h"
#include "jtune/core/nvpconf.h"
#include "jtune/core/parse.h"
#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NVP_CONF   "etc/nvpmodel.conf"
#define NVP_STATUS "var/lib/nvpmodel/status"
#define CONF_BYTES ((size_t)256 * 1024)

int nvpmodel_parse_status(const char *text, size_t len, int64_t *id) {
    StrView w[4];
    size_t n = 0;
    parse_words(text, len, w, 4, &n);
    for (size_t i = 0; i < n; i++) {
        if (w[i].n > 6 && memcmp(w[i].p, "pmode:", 6) == 0) {
            int64_t v;
            if (parse_i64(w[i].p + 6, w[i].n - 6, &v) == 0 && v >= 0) {
                *id = v;
                return 0;
            }
        }
    }
    return -EINVAL;
}

/* Modes and default of a parsed table into the inventory. */
static void copy_modes(const NvpConf *conf, NvpInfo *nvp) {
    for (int i = 0; i < conf->n_modes && nvp->n_modes < JT_MAX_MODES; i++) {
        NvpModeInfo *m = &nvp->modes[nvp->n_modes++];
        m->id = conf->modes[i].id;
        discover_copy(m->name, sizeof m->name, conf->modes[i].name);
    }
    nvp->default_id = conf->default_id;
    nvp->present = nvp->n_modes > 0;
}

int nvpmodel_probe(Sysfs *fs, Inventory *inv, NvpAttrs *a) {
    memset(&inv->nvp, 0, sizeof inv->nvp);
    inv->nvp.default_id = -1;
    a->status = sysfs_attr_setting(fs, sysfs_attr(fs, NVP_STATUS));
    char *buf = malloc(CONF_BYTES);
    NvpConf *conf = nvpconf_new();
    Diag *diag = calloc(1, sizeof *diag);
    if (buf && conf && diag && sysfs_read(fs, NVP_CONF, buf, CONF_BYTES) > 0) {
        /* a table with errors keeps what was understood: shown as is, never fatal */
        nvpconf_parse(buf, "/" NVP_CONF, conf, diag);
        copy_modes(conf, &inv->nvp);
    }
    free(diag);
    nvpconf_free(conf);
    free(buf);
    return 0;
}

void nvpmodel_read(Sysfs *fs, const Inventory *inv, const NvpAttrs *a, Sample *out) {
    char buf[128];
    int64_t id;
    ssize_t n = attrval_text(fs, a->status, buf, sizeof buf);
    if (n > 0 && nvpmodel_parse_status(buf, (size_t)n, &id) == 0) {
        out->nvp_mode = val_of(id);
    } else if (n == -ENOENT && inv->nvp.present && inv->nvp.default_id >= 0) {
        out->nvp_mode = val_of(inv->nvp.default_id);
    }
}
