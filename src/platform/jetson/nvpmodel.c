/* nvpmodel: power mode names (conf) and the active mode (status file). */
#include "jtune/platform/jetson/nvpmodel.h"

#include "jtune/core/parse.h"
#include "jtune/platform/jetson/attrval.h"
#include "jtune/platform/jetson/discover.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NVP_CONF   "etc/nvpmodel.conf"
#define NVP_STATUS "var/lib/nvpmodel/status"
#define CONF_BYTES (256 * 1024)

/* The value of KEY=value among the words of a header, or an empty view. */
static StrView header_value(const StrView *w, size_t n, const char *key) {
    size_t kl = strlen(key);
    for (size_t i = 0; i < n; i++) {
        if (w[i].n > kl && memcmp(w[i].p, key, kl) == 0 && w[i].p[kl] == '=') {
            return (StrView){w[i].p + kl + 1, w[i].n - kl - 1};
        }
    }
    return (StrView){"", 0};
}

/* One "< KIND KEY=V ... >" header line. 0 (not a mode header, or handled) or -EINVAL. */
static int parse_header(StrView line, NvpInfo *nvp) {
    StrView w[8];
    size_t n = 0;
    parse_words(line.p, line.n, w, 8, &n);
    if (n < 3 || !strview_eq(w[0], "<") || !strview_eq(w[n - 1], ">")) {
        return 0;
    }
    int64_t id;
    if (strview_eq(w[1], "POWER_MODEL")) {
        StrView idv = header_value(w, n, "ID");
        StrView name = header_value(w, n, "NAME");
        if (parse_i64(idv.p, idv.n, &id) < 0 || name.n == 0 || id < 0 || id > INT32_MAX) {
            return -EINVAL;
        }
        if (nvp->n_modes < JT_MAX_MODES) {
            NvpModeInfo *m = &nvp->modes[nvp->n_modes];
            m->id = (int)id;
            if (strview_copy(name, m->name, sizeof m->name) < 0) {
                strview_copy((StrView){name.p, sizeof m->name - 1}, m->name, sizeof m->name);
            }
            nvp->n_modes++;
        }
    } else if (strview_eq(w[1], "PM_CONFIG")) {
        StrView d = header_value(w, n, "DEFAULT");
        if (parse_i64(d.p, d.n, &id) < 0 || id < 0 || id > INT32_MAX) {
            return -EINVAL;
        }
        nvp->default_id = (int)id;
    }
    return 0;
}

int nvpmodel_parse_conf(const char *text, size_t len, NvpInfo *nvp, int *bad_line) {
    memset(nvp, 0, sizeof *nvp);
    nvp->default_id = -1;
    size_t at = 0;
    int lineno = 0;
    while (at < len) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        StrView line = parse_first_line(text + at, n);
        at += n + 1;
        lineno++;
        if (line.n > 0 && line.p[0] == '<' && parse_header(line, nvp) < 0) {
            if (bad_line) {
                *bad_line = lineno;
            }
            return -EINVAL;
        }
    }
    nvp->present = nvp->n_modes > 0;
    return nvp->n_modes;
}

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

int nvpmodel_probe(Sysfs *fs, Inventory *inv, NvpAttrs *a) {
    memset(&inv->nvp, 0, sizeof inv->nvp);
    inv->nvp.default_id = -1;
    a->status = sysfs_attr(fs, NVP_STATUS);
    char *buf = malloc(CONF_BYTES);
    if (!buf) {
        return 0;
    }
    ssize_t n = sysfs_read(fs, NVP_CONF, buf, CONF_BYTES);
    if (n > 0 && nvpmodel_parse_conf(buf, (size_t)n, &inv->nvp, NULL) < 0) {
        /* a malformed header: keep what parsed before it, shown as is */
        inv->nvp.present = inv->nvp.n_modes > 0;
    }
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
