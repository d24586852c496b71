/* SPDX-License-Identifier: MIT */
/* inforead: the files behind the board information page and jtune --info. */
#include "jtune/platform/jetson/inforead.h"

#include "jtune/core/parse.h"
#include "jtune/platform/jetson/identity.h"

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define SMALL_BYTES ((size_t)64 * 1024)
#define DPKG_MAX    ((size_t)64 * 1024 * 1024) /* a desktop image's status file is a few MiB */

/* The whole file rel, NUL-terminated, in a heap buffer (caller frees); NULL when missing,
 * empty or larger than max. */
static char *slurp(Sysfs *fs, const char *rel, size_t max) {
    int fd = sysfs_openat(fs, rel, O_RDONLY, 0);
    if (fd < 0) {
        return NULL;
    }
    size_t cap = (size_t)64 * 1024, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            char *bigger = cap * 2 <= max ? realloc(buf, cap * 2) : NULL;
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0) {
            free(buf);
            buf = NULL;
        } else if (n == 0) {
            break;
        }
        len += n > 0 ? (size_t)n : 0;
    }
    close(fd);
    if (buf && len == 0) {
        free(buf);
        return NULL;
    }
    if (buf) {
        buf[len] = '\0';
    }
    return buf;
}

static void read_line(Sysfs *fs, const char *rel, char *out, size_t outsz) {
    char buf[256];
    ssize_t n = sysfs_read(fs, rel, buf, sizeof buf);
    out[0] = '\0';
    if (n > 0) {
        StrView l = parse_first_line(buf, (size_t)n);
        while (l.n && (l.p[l.n - 1] == ' ' || l.p[l.n - 1] == '\0')) {
            l.n--;
        }
        strview_copy(l, out, outsz);
    }
}

static int read_identity(Sysfs *fs, SysInfo *si) {
    Inventory *inv = calloc(1, sizeof *inv);
    if (!inv) {
        return -ENOMEM;
    }
    identity_probe(fs, inv);
    si->id = inv->id;
    free(inv);
    read_line(fs, "sys/firmware/devicetree/base/serial-number", si->serial, sizeof si->serial);
    read_line(fs, "proc/sys/kernel/osrelease", si->kernel, sizeof si->kernel);
    if (!si->kernel[0]) {
        snprintf(si->kernel, sizeof si->kernel, "%s", si->id.kernel);
    }
    read_line(fs, "proc/sys/kernel/hostname", si->hostname, sizeof si->hostname);
    if (!si->hostname[0]) {
        read_line(fs, "etc/hostname", si->hostname, sizeof si->hostname);
    }
    return 0;
}

static void read_libs(Sysfs *fs, SysInfo *si) {
    static const char *const cuda_files[] = {"usr/local/cuda/version.json",
                                             "usr/local/cuda/version.txt"};
    for (size_t i = 0; i < 2 && !si->lib[SYSV_CUDA][0]; i++) {
        char *text = slurp(fs, cuda_files[i], SMALL_BYTES);
        if (text && sysinfo_parse_cuda(text, si->lib[SYSV_CUDA], sizeof si->lib[SYSV_CUDA]) == 0) {
            snprintf(si->lib_src[SYSV_CUDA], sizeof si->lib_src[SYSV_CUDA], "/%s", cuda_files[i]);
        }
        free(text);
    }
    char *dpkg = slurp(fs, "var/lib/dpkg/status", DPKG_MAX);
    if (dpkg) {
        sysinfo_parse_dpkg(dpkg, si);
        free(dpkg);
    }
}

/* getifaddrs: the real board's own addresses (only meaningful on "/"). */
static void addrs_live(SysInfo *si) {
    struct ifaddrs *list = NULL;
    if (getifaddrs(&list) < 0) {
        return;
    }
    snprintf(si->addr_src, sizeof si->addr_src, "getifaddrs");
    for (struct ifaddrs *a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr || (a->ifa_flags & IFF_LOOPBACK)) {
            continue;
        }
        int fam = a->ifa_addr->sa_family;
        char text[INET6_ADDRSTRLEN] = "", both[64];
        int plen = 0;
        if (fam == AF_INET) {
            inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)a->ifa_addr)->sin_addr, text,
                      sizeof text);
            if (a->ifa_netmask) {
                uint32_t m = ntohl(((struct sockaddr_in *)(void *)a->ifa_netmask)->sin_addr.s_addr);
                for (; m & 0x80000000u; m <<= 1) {
                    plen++;
                }
            }
        } else if (fam == AF_INET6) {
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)a->ifa_addr)->sin6_addr, text,
                      sizeof text);
            if (a->ifa_netmask) {
                const unsigned char *m =
                    ((struct sockaddr_in6 *)(void *)a->ifa_netmask)->sin6_addr.s6_addr;
                for (int i = 0; i < 128 && (m[i / 8] & (0x80 >> (i % 8))); i++) {
                    plen++;
                }
            }
        } else {
            continue;
        }
        snprintf(both, sizeof both, "%s/%d", text, plen);
        sysinfo_add_addr(si, a->ifa_name, both);
    }
    freeifaddrs(list);
}

static void addrs_files(Sysfs *fs, SysInfo *si) {
    char *trie = slurp(fs, "proc/net/fib_trie", (size_t)4 * 1024 * 1024);
    char *route = slurp(fs, "proc/net/route", (size_t)1024 * 1024);
    char *v6 = slurp(fs, "proc/net/if_inet6", (size_t)1024 * 1024);
    if (trie || v6) {
        snprintf(si->addr_src, sizeof si->addr_src, "proc/net under the root");
    }
    if (trie) {
        sysinfo_parse_ipv4(trie, route, si);
    }
    if (v6) {
        sysinfo_parse_if_inet6(v6, si);
    }
    free(trie);
    free(route);
    free(v6);
}

static void read_disk(Sysfs *fs, SysInfo *si) {
    struct statvfs st;
    si->disk_total_kib = si->disk_used_kib = si->disk_avail_kib = val_na();
    if (fstatvfs(sysfs_rootfd(fs), &st) < 0 || st.f_frsize == 0) {
        return;
    }
    int64_t unit = (int64_t)st.f_frsize;
    si->disk_total_kib = val_of((int64_t)st.f_blocks * unit / 1024);
    si->disk_used_kib = val_of((int64_t)(st.f_blocks - st.f_bfree) * unit / 1024);
    si->disk_avail_kib = val_of((int64_t)st.f_bavail * unit / 1024);
}

static void read_uptime(Sysfs *fs, SysInfo *si) {
    char buf[128];
    ssize_t n = sysfs_read(fs, "proc/uptime", buf, sizeof buf);
    int64_t cs;
    StrView w[2];
    size_t nw = 0;
    si->uptime_s = val_na();
    if (n > 0) {
        parse_words(buf, (size_t)n, w, 2, &nw);
    }
    if (nw >= 1 && parse_fixed(w[0].p, w[0].n, 2, &cs) == 0 && cs >= 0) {
        si->uptime_s = val_of(cs / 100);
    }
}

int inforead_collect(Sysfs *fs, SysInfo *si) {
    memset(si, 0, sizeof *si);
    int rc = read_identity(fs, si);
    if (rc < 0) {
        return rc;
    }
    read_libs(fs, si);
    if (sysfs_is_real_root(fs)) {
        addrs_live(si);
    } else {
        addrs_files(fs, si);
    }
    read_disk(fs, si);
    read_uptime(fs, si);
    return 0;
}
