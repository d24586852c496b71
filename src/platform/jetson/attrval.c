/* SPDX-License-Identifier: MIT */
/* attrval: hot-path reads of registered attributes (no allocation). */
#include "jtune/platform/jetson/attrval.h"

#include "jtune/core/parse.h"

#include <errno.h>

Val attrval_i64(Sysfs *fs, AttrId id) {
    int64_t v;
    if (id < 0 || sysfs_attr_i64(fs, id, &v) < 0) {
        return val_na();
    }
    return val_of(v);
}

bool attrval_str(Sysfs *fs, AttrId id, char *out, size_t n) {
    if (n == 0) {
        return false;
    }
    if (id < 0 || sysfs_attr_str(fs, id, out, n) < 0) {
        out[0] = '\0';
        return false;
    }
    return true;
}

ssize_t attrval_text(Sysfs *fs, AttrId id, char *buf, size_t n) {
    if (id < 0) {
        if (n > 0) {
            buf[0] = '\0';
        }
        return -ENOENT;
    }
    ssize_t r = sysfs_attr_read(fs, id, buf, n);
    if (r < 0 && n > 0) {
        buf[0] = '\0';
    }
    return r;
}
