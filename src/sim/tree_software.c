/* SPDX-License-Identifier: MIT */
/* tree_software: what `jtune --info` reads beyond identity - the package database with the
 * NVIDIA libraries of the board's JetPack, the CUDA version file, kernel release, hostname
 * and the addresses of the interfaces that are up (proc/net/fib_trie, route, if_inet6).
 *
 * Versions per L4T line, with their sources:
 *   [C] jetson_release output of jetson-stats on real boards (GitHub SnapDragonfly/jetson-fpv
 *       doc/TESTENV.md: JetPack 6.2 / L4T 36.4.3: CUDA 12.6.68, cuDNN 9.3.0.75, TensorRT
 *       10.3.0.30, VPI 3.2.4, Vulkan 1.3.204; JetPack 5.1.4: cuDNN 8.6.0.166, TensorRT 8.5.2.2;
 *       ykawa2/jetson-setup README: JetPack 4.6: cuDNN 8.2.1.32, OpenCV 4.1.1, CUDA 10.2.300);
 *   [D] NVIDIA's JetPack release notes (4.6.1+: TensorRT 8.2.1, VPI 1.2; 5.1.1: CUDA 11.4,
 *       VPI 2.2, OpenCV 4.5.4; 5.1.2: VPI 2.3; 6.x: OpenCV 4.8.0);
 *   [I] inferred: package revisions, the Vulkan loader of each Ubuntu release, JetPack 7.
 */
#include "sim_internal.h"

#include "jtune/core/parse.h"
#include "jtune/platform/jetson/identity.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *l4t;        /* release prefix ("36.4.") */
    const char *cuda_file;  /* usr/local/cuda/version.json or version.txt */
    const char *cuda;       /* [C]/[D] */
    const char *cudart_pkg; /* cuda-cudart-12-6 */
    const char *cudnn_pkg, *cudnn;
    const char *trt;
    const char *vpi_pkg, *vpi;
    const char *opencv;
    const char *vulkan; /* libvulkan1 of the Ubuntu release [I] */
} SwSet;

static const SwSet SETS[] = {
    {"32.7.", "version.txt", "10.2.300", "cuda-cudart-10-2", "libcudnn8", "8.2.1.32-1+cuda10.2",
     "8.2.1.9-1+cuda10.2", "libnvvpi1", "1.2.3", "4.1.1-2-gd5a58aa75",
     "1.1.70+dfsg1-1ubuntu0.18.04.1"},
    {"35.3.", "version.json", "11.4.315", "cuda-cudart-11-4", "libcudnn8", "8.6.0.166-1+cuda11.4",
     "8.5.2.2-1+cuda11.4", "libnvvpi2", "2.2.7", "4.5.4-8-g3e4c170df4", "1.2.131.2-1"},
    {"35.", "version.json", "11.4.315", "cuda-cudart-11-4", "libcudnn8", "8.6.0.166-1+cuda11.4",
     "8.5.2.2-1+cuda11.4", "libnvvpi2", "2.3.9", "4.5.4-8-g3e4c170df4", "1.2.131.2-1"},
    {"36.", "version.json", "12.6.68", "cuda-cudart-12-6", "libcudnn9-cuda-12", "9.3.0.75-1",
     "10.3.0.30-1+cuda12.5", "libnvvpi3", "3.2.4", "4.8.0-1-g6371ee1", "1.3.204.1-2"},
    {"38.", "version.json", "13.0.48", "cuda-cudart-13-0", "libcudnn9-cuda-13", "9.12.0.46-1",
     "10.13.3.9-1+cuda13.0", "libnvvpi4", "4.0.11", "4.8.0-1-g6371ee1", "1.3.275.0-1build1"},
};

static const SwSet *set_of(const char *l4t) {
    for (size_t i = 0; i < sizeof SETS / sizeof SETS[0]; i++) {
        if (strncmp(l4t, SETS[i].l4t, strlen(SETS[i].l4t)) == 0) {
            return &SETS[i];
        }
    }
    return NULL;
}

typedef struct {
    char *buf;
    size_t len, cap;
} Text;

static void add(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(Text *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
    va_end(ap);
    t->len = n < 0 || (size_t)n >= t->cap - t->len ? t->cap - 1 : t->len + (size_t)n;
}

static void pkg(Text *t, const char *name, const char *status, const char *version,
                const char *desc) {
    add(t,
        "Package: %s\nStatus: %s\nPriority: optional\nSection: libs\nMaintainer: NVIDIA "
        "Corporation\nArchitecture: arm64\nVersion: %s\nDescription: %s\n\n",
        name, status, version, desc);
}

#define OK "install ok installed"

static int dpkg(Sim *s, const SwSet *w) {
    Text t = {malloc(16384), 0, 16384};
    if (!t.buf) {
        return -ENOMEM;
    }
    char cudart_ver[32];
    snprintf(cudart_ver, sizeof cudart_ver, "%s-1", w->cuda);
    pkg(&t, "adduser", OK, "3.118ubuntu5", "add and remove users and groups");
    pkg(&t, w->cudart_pkg, OK, cudart_ver, "CUDA Runtime native Libraries");
    pkg(&t, w->cudnn_pkg, OK, w->cudnn, "cuDNN runtime libraries");
    pkg(&t, "libnvinfer-bin", OK, w->trt, "TensorRT binaries");
    pkg(&t, "tensorrt", OK, w->trt, "Meta package for TensorRT");
    pkg(&t, w->vpi_pkg, OK, w->vpi, "NVIDIA Vision Programming Interface library");
    pkg(&t, "libopencv", OK, w->opencv, "Open Computer Vision Library");
    pkg(&t, "libvulkan1", OK, w->vulkan, "Vulkan loader library");
    /* removed, its configuration kept: never reported as installed */
    pkg(&t, "libcudnn7", "deinstall ok config-files", "7.6.5.32-1+cuda10.2", "cuDNN 7");
    int rc = simfs_write(s, "var/lib/dpkg/status", t.buf, t.len, 0644);
    free(t.buf);
    return rc;
}

static int cuda_file(Sim *s, const SwSet *w) {
    char p[64];
    snprintf(p, sizeof p, "usr/local/cuda/%s", w->cuda_file);
    if (strcmp(w->cuda_file, "version.txt") == 0) {
        return simfs_printf(s, p, 0644, "CUDA Version %s\n", w->cuda);
    }
    return simfs_printf(s, p, 0644,
                        "{\n   \"cuda\" : {\n      \"name\" : \"CUDA SDK\",\n      \"version\" : "
                        "\"%s\"\n   },\n   \"cuda_cudart\" : {\n      \"name\" : \"CUDA Runtime "
                        "(cudart)\",\n      \"version\" : \"%s\"\n   }\n}\n",
                        w->cuda, w->cuda);
}

/* The address of the i-th interface that is up: 192.168.(10+i).(100+i)/24 [I]. */
static void net_addr(int i, unsigned char a[4]) {
    a[0] = 192;
    a[1] = 168;
    a[2] = (unsigned char)(10 + i);
    a[3] = (unsigned char)(100 + i);
}

static void trie_block(Text *t, const SimBoard *b) {
    add(t, "  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\n"
           "     +-- 127.0.0.0/8 2 0 2\n        +-- 127.0.0.0/31 1 0 0\n"
           "           |-- 127.0.0.0\n              /8 host LOCAL\n"
           "           |-- 127.0.0.1\n              /32 host LOCAL\n"
           "        |-- 127.255.255.255\n           /32 link BROADCAST\n");
    for (int i = 0, up = 0; i < b->n_net; i++) {
        if (strcmp(b->net[i].operstate, "up") != 0) {
            continue;
        }
        unsigned char a[4];
        net_addr(up++, a);
        add(t,
            "     +-- %d.%d.%d.0/24 2 0 2\n        |-- %d.%d.%d.0\n           /24 link UNICAST\n"
            "        |-- %d.%d.%d.%d\n           /32 host LOCAL\n"
            "        |-- %d.%d.%d.255\n           /32 link BROADCAST\n",
            a[0], a[1], a[2], a[0], a[1], a[2], a[0], a[1], a[2], a[3], a[0], a[1], a[2]);
    }
}

/* fe80:: + the EUI-64 of the MAC address ("48:b0:2d:12:34:57" -> 4ab02dfffe123457). */
static bool eui64(const char *mac, char out[17]) {
    unsigned m[6];
    const char *p = mac;
    for (int i = 0; i < 6; i++) {
        size_t n = strcspn(p, ":");
        uint64_t b;
        if (parse_hex_u64(p, n, &b) < 0 || b > 0xff || p[n] != (i < 5 ? ':' : '\0')) {
            return false;
        }
        m[i] = (unsigned)b;
        p += n + 1;
    }
    snprintf(out, 17, "%02x%02x%02xfffe%02x%02x%02x", (m[0] ^ 2u) & 0xff, m[1], m[2], m[3], m[4],
             m[5]);
    return true;
}

static int addresses(Sim *s) {
    const SimBoard *b = &s->board;
    Text trie = {malloc(8192), 0, 8192}, route = {malloc(4096), 0, 4096},
         v6 = {malloc(4096), 0, 4096};
    int rc = trie.buf && route.buf && v6.buf ? 0 : -ENOMEM;
    if (rc == 0) {
        add(&trie, "Main:\n");
        trie_block(&trie, b);
        add(&trie, "Local:\n");
        trie_block(&trie, b);
        add(&route, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\t"
                    "Window\tIRTT\n");
        add(&v6, "00000000000000000000000000000001 01 80 10 80       lo\n");
        for (int i = 0, up = 0; i < b->n_net; i++) {
            const SbNet *n = &b->net[i];
            char e[17];
            if (strcmp(n->operstate, "up") != 0) {
                continue;
            }
            unsigned char a[4];
            net_addr(up, a);
            if (up == 0) { /* the default route through the first interface */
                add(&route, "%s\t00000000\t01%02X%02X%02X\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
                    n->name, a[2], a[1], a[0]);
            }
            add(&route, "%s\t00%02X%02X%02X\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n",
                n->name, a[2], a[1], a[0]);
            if (eui64(n->address, e)) {
                add(&v6, "fe80000000000000%s %02x 40 20 80 %8s\n", e, i + 2, n->name);
            }
            up++;
        }
        rc = simfs_write(s, "proc/net/fib_trie", trie.buf, trie.len, 0444);
        rc = rc ? rc : simfs_write(s, "proc/net/route", route.buf, route.len, 0444);
        rc = rc ? rc : simfs_write(s, "proc/net/if_inet6", v6.buf, v6.len, 0444);
    }
    free(trie.buf);
    free(route.buf);
    free(v6.buf);
    return rc;
}

/* "Linux version 5.15.148-tegra (...)" -> "5.15.148-tegra". */
static int osrelease(Sim *s) {
    char rel[64];
    if (identity_parse_kernel(s->board.kernel, strlen(s->board.kernel), rel, sizeof rel) < 0) {
        return 0;
    }
    return simfs_printf(s, "proc/sys/kernel/osrelease", 0444, "%s\n", rel);
}

int tree_software(Sim *s) {
    char l4t[24];
    const SimBoard *b = &s->board;
    int rc = osrelease(s);
    rc = rc ? rc : simfs_printf(s, "proc/sys/kernel/hostname", 0644, "%s\n", b->name);
    rc = rc ? rc : simfs_printf(s, "etc/hostname", 0644, "%s\n", b->name);
    rc = rc ? rc : addresses(s);
    const SwSet *w = identity_parse_l4t(b->release, strlen(b->release), l4t, sizeof l4t) == 0
                         ? set_of(l4t)
                         : NULL;
    if (rc == 0 && w) {
        rc = dpkg(s, w);
        rc = rc ? rc : cuda_file(s, w);
    }
    return rc;
}
