/* SPDX-License-Identifier: MIT */
/* mode_info: jtune --info - the board information as plain text for bug reports (stdout,
 * exit 0). The serial number is redacted unless --keep-serial. */
#include "jtune/app/modes.h"

#include "jtune/core/sysinfo.h"
#include "jtune/platform/jetson/inforead.h"
#include "jtune/platform/sysfs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INFO_TEXT 8192

int mode_info(const Options *o) {
    Sysfs *fs = NULL;
    int rc = sysfs_open(&fs, o->root);
    if (rc < 0) {
        fprintf(stderr, "jtune: cannot read the board under %s: %s\n", o->root ? o->root : "/",
                strerror(-rc));
        return 1;
    }
    SysInfo *si = malloc(sizeof *si);
    char *text = malloc(INFO_TEXT);
    rc = si && text ? inforead_collect(fs, si) : -ENOMEM;
    if (rc == 0) {
        sysinfo_format(si, o->keep_serial, text, INFO_TEXT);
        fputs(text, stdout);
    } else {
        fprintf(stderr, "jtune: --info: %s\n", strerror(-rc));
    }
    free(text);
    free(si);
    sysfs_close(fs);
    return rc == 0 ? 0 : 1;
}
