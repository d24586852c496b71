/* SPDX-License-Identifier: MIT */
/* sysinfo: parse the board information (dpkg status, CUDA version file, addresses) and
 * format it as plain text (pure). */
#include "jtune/core/sysinfo.h"

#include "jtune/core/parse.h"
#include "jtune/core/textbuf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const lib_names[SYSV_COUNT] = {
    [SYSV_CUDA] = "CUDA", [SYSV_CUDNN] = "cuDNN",   [SYSV_TENSORRT] = "TensorRT",
    [SYSV_VPI] = "VPI",   [SYSV_OPENCV] = "OpenCV", [SYSV_VULKAN] = "Vulkan",
};

/* ---- dpkg status ---- */

/* Package name patterns per library, in order of preference: "name" exact, "name*" prefix. */
static const struct {
    SysLib lib;
    const char *pattern;
} packages[] = {
    {SYSV_CUDA, "cuda-cudart-*"},     {SYSV_CUDNN, "libcudnn*"},   {SYSV_TENSORRT, "tensorrt"},
    {SYSV_TENSORRT, "libnvinfer*"},   {SYSV_VPI, "libnvvpi*"},     {SYSV_OPENCV, "libopencv"},
    {SYSV_OPENCV, "libopencv-core*"}, {SYSV_VULKAN, "libvulkan1"},
};

#define N_PACKAGES (sizeof packages / sizeof packages[0])

static bool name_matches(StrView name, const char *pattern) {
    size_t n = strlen(pattern);
    if (n && pattern[n - 1] == '*') {
        n--;
        /* any suffix: libcudnn9-cuda-12, libcudnn8-dev - the packages of one release agree */
        return name.n > n && memcmp(name.p, pattern, n) == 0;
    }
    return name.n == n && memcmp(name.p, pattern, n) == 0;
}

/* "9.3.0.75-1" -> "9.3.0.75", "8.5.2.2-1+cuda11.4" -> "8.5.2.2", "1.3.204.1-2" kept whole
 * up to '-'. An epoch ("1:4.5.4") is dropped. */
static void short_version(StrView v, char *out, size_t outsz) {
    const char *colon = memchr(v.p, ':', v.n);
    if (colon) {
        v.n -= (size_t)(colon + 1 - v.p);
        v.p = colon + 1;
    }
    size_t n = 0;
    while (n < v.n && v.p[n] != '-' && v.p[n] != '+' && v.p[n] != '~') {
        n++;
    }
    strview_copy((StrView){v.p, n}, out, outsz);
}

typedef struct {
    StrView name, status, version;
} Para;

/* Best pattern index for the paragraph's package (N_PACKAGES when none). */
static size_t match_of(const Para *p) {
    for (size_t k = 0; k < N_PACKAGES; k++) {
        if (name_matches(p->name, packages[k].pattern)) {
            return k;
        }
    }
    return N_PACKAGES;
}

static bool installed(StrView status) {
    static const char want[] = "install ok installed";
    return status.n == sizeof want - 1 && memcmp(status.p, want, status.n) == 0;
}

static void take_para(const Para *p, size_t best[SYSV_COUNT], SysInfo *si) {
    size_t k = match_of(p);
    if (k == N_PACKAGES || !installed(p->status) || p->version.n == 0) {
        return;
    }
    SysLib l = packages[k].lib;
    if (k >= best[l]) {
        return; /* a better-named package or a version file already gave it */
    }
    best[l] = k;
    short_version(p->version, si->lib[l], sizeof si->lib[l]);
    char name[40];
    strview_copy(p->name, name, sizeof name);
    snprintf(si->lib_src[l], sizeof si->lib_src[l], "package %s", name);
}

static StrView trimmed(const char *p, size_t n) {
    while (n && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r')) {
        n--;
    }
    return (StrView){p, n};
}

void sysinfo_parse_dpkg(const char *text, SysInfo *si) {
    size_t best[SYSV_COUNT];
    for (int l = 0; l < SYSV_COUNT; l++) {
        best[l] = si->lib[l][0] ? 0 : N_PACKAGES; /* a version file said it first (CUDA) */
    }
    si->dpkg_read = true;
    Para p = {{"", 0}, {"", 0}, {"", 0}};
    for (const char *line = text;;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (trimmed(line, n).n == 0) { /* end of a paragraph */
            take_para(&p, best, si);
            p = (Para){{"", 0}, {"", 0}, {"", 0}};
        } else if (n > 8 && memcmp(line, "Package:", 8) == 0) {
            p.name = trimmed(line + 8, n - 8);
        } else if (n > 7 && memcmp(line, "Status:", 7) == 0) {
            p.status = trimmed(line + 7, n - 7);
        } else if (n > 8 && memcmp(line, "Version:", 8) == 0) {
            p.version = trimmed(line + 8, n - 8);
        }
        if (!nl) {
            take_para(&p, best, si);
            break;
        }
        line = nl + 1;
    }
}

/* ---- CUDA version file ---- */

int sysinfo_parse_cuda(const char *text, char *out, size_t outsz) {
    const char *p = strstr(text, "\"cuda\"");
    if (p) { /* version.json: "cuda" : { "name" : "CUDA SDK", "version" : "12.6.68" } */
        const char *v = strstr(p, "\"version\"");
        const char *q1 = v ? strchr(v + 9, '"') : NULL;
        const char *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
        if (q2 && q2 > q1 + 1) {
            return strview_copy((StrView){q1 + 1, (size_t)(q2 - q1 - 1)}, out, outsz) < 0 ? -EINVAL
                                                                                          : 0;
        }
        return -EINVAL;
    }
    p = strstr(text, "CUDA Version ");
    if (!p) {
        return -EINVAL;
    }
    p += 13;
    size_t n = strspn(p, "0123456789.");
    if (n == 0) {
        return -EINVAL;
    }
    return strview_copy((StrView){p, n}, out, outsz) < 0 ? -EINVAL : 0;
}

/* ---- addresses ---- */

void sysinfo_add_addr(SysInfo *si, const char *ifname, const char *addr) {
    for (int i = 0; i < si->n_addrs; i++) {
        if (strcmp(si->addrs[i].ifname, ifname) == 0 && strcmp(si->addrs[i].addr, addr) == 0) {
            return;
        }
    }
    if (si->n_addrs < SYSINFO_MAX_ADDRS) {
        SysAddr *a = &si->addrs[si->n_addrs++];
        snprintf(a->ifname, sizeof a->ifname, "%.15s", ifname);
        snprintf(a->addr, sizeof a->addr, "%.47s", addr);
    }
}

static int hexval(char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* One if_inet6 line: 32 hex digits, ifindex, prefix length, scope, flags, name. */
static void inet6_line(const char *line, size_t n, SysInfo *si) {
    StrView w[6];
    size_t nw = 0;
    parse_words(line, n, w, 6, &nw);
    if (nw < 6 || w[0].n != 32) {
        return;
    }
    unsigned char a[16];
    for (size_t i = 0; i < 16; i++) {
        int hi = hexval(w[0].p[2 * i]), lo = hexval(w[0].p[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return;
        }
        a[i] = (unsigned char)(hi << 4 | lo);
    }
    int plen = 0;
    for (size_t i = 0; i < w[2].n; i++) {
        int d = hexval(w[2].p[i]);
        if (d < 0) {
            return;
        }
        plen = plen * 16 + d;
    }
    char ifname[16], text[INET6_ADDRSTRLEN], both[48];
    strview_copy(w[5], ifname, sizeof ifname);
    if (strcmp(ifname, "lo") == 0 || !inet_ntop(AF_INET6, a, text, sizeof text)) {
        return;
    }
    snprintf(both, sizeof both, "%s/%d", text, plen);
    sysinfo_add_addr(si, ifname, both);
}

void sysinfo_parse_if_inet6(const char *text, SysInfo *si) {
    for (const char *line = text; *line;) {
        size_t n = strcspn(line, "\n");
        inet6_line(line, n, si);
        line += n + (line[n] == '\n');
    }
}

typedef struct {
    char ifname[16];
    uint32_t dest, mask; /* as proc/net/route prints them (network order read as a host u32) */
} Route;

#define MAX_ROUTES 64

static int parse_routes(const char *route, Route *r, int max) {
    int n = 0;
    for (const char *line = route; *line && n < max;) {
        size_t len = strcspn(line, "\n");
        StrView w[8];
        size_t nw = 0;
        uint64_t d, m;
        parse_words(line, len, w, 8, &nw);
        if (nw >= 8 && w[1].n == 8 && w[7].n == 8 && parse_hex_u64(w[1].p, 8, &d) == 0 &&
            parse_hex_u64(w[7].p, 8, &m) == 0) {
            strview_copy(w[0], r[n].ifname, sizeof r[n].ifname);
            r[n].dest = (uint32_t)d;
            r[n].mask = (uint32_t)m;
            n++;
        }
        line += len + (line[len] == '\n');
    }
    return n;
}

static int popcount32(uint32_t v) {
    int c = 0;
    for (; v; v &= v - 1) {
        c++;
    }
    return c;
}

/* The route holding a (route encoding); -1 when none. */
static int route_of(const Route *r, int n, uint32_t a) {
    int best = -1;
    for (int i = 0; i < n; i++) {
        if ((a & r[i].mask) == r[i].dest &&
            (best < 0 || popcount32(r[i].mask) > popcount32(r[best].mask))) {
            best = i;
        }
    }
    return best;
}

static void local_addr(const char *addr, const Route *r, int nr, SysInfo *si) {
    struct in_addr in;
    if (inet_pton(AF_INET, addr, &in) != 1 || strncmp(addr, "127.", 4) == 0) {
        return;
    }
    const unsigned char *b = (const unsigned char *)&in.s_addr;
    uint32_t a = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    int k = route_of(r, nr, a);
    char both[48];
    if (k < 0 || r[k].mask == 0) {
        snprintf(both, sizeof both, "%s", addr);
        sysinfo_add_addr(si, k < 0 ? "?" : r[k].ifname, both);
        return;
    }
    snprintf(both, sizeof both, "%s/%d", addr, popcount32(r[k].mask));
    sysinfo_add_addr(si, r[k].ifname, both);
}

void sysinfo_parse_ipv4(const char *fib_trie, const char *route, SysInfo *si) {
    Route r[MAX_ROUTES];
    int nr = route ? parse_routes(route, r, MAX_ROUTES) : 0;
    char last[INET_ADDRSTRLEN] = "";
    for (const char *line = fib_trie; *line;) {
        size_t len = strcspn(line, "\n");
        StrView w[4];
        size_t nw = 0;
        parse_words(line, len, w, 4, &nw);
        if (nw == 2 && strview_eq(w[0], "|--")) {
            strview_copy(w[1], last, sizeof last);
        } else if (nw >= 3 && strview_eq(w[0], "/32") && strview_eq(w[1], "host") &&
                   strview_eq(w[2], "LOCAL") && last[0]) {
            local_addr(last, r, nr, si);
        }
        line += len + (line[len] == '\n');
    }
}

/* ---- the report ---- */

void sysinfo_serial_text(const char *serial, bool keep, char *out, size_t outsz) {
    size_t n = strlen(serial);
    if (keep || n == 0) {
        snprintf(out, outsz, "%s", serial);
        return;
    }
    size_t show = n > 4 ? 4 : n / 2;
    size_t i = 0;
    for (; i < n - show && i + 1 < outsz; i++) {
        out[i] = '*';
    }
    snprintf(out + i, outsz - i, "%s", serial + (n - show));
}

typedef struct {
    char *buf;
    size_t size, len;
    bool full;
} Out;

static void put(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    (void)textbuf_vappend(o->buf, o->size, &o->len, &o->full, fmt, ap);
    va_end(ap);
}

static void line(Out *o, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void line(Out *o, const char *key, const char *fmt, ...) {
    char k[24];
    snprintf(k, sizeof k, "%s:", key);
    put(o, "%-11s ", k);
    va_list ap;
    va_start(ap, fmt);
    (void)textbuf_vappend(o->buf, o->size, &o->len, &o->full, fmt, ap);
    va_end(ap);
    put(o, "\n");
}

static const char *or_na(const char *s, const char *why, char *tmp, size_t n) {
    if (s[0]) {
        return s;
    }
    snprintf(tmp, n, "n/a (%s)", why);
    return tmp;
}

static void fmt_kib(int64_t kib, char *out, size_t n) {
    if (kib >= 1024LL * 1024) {
        snprintf(out, n, "%.1f GiB", (double)kib / (1024.0 * 1024.0));
    } else {
        snprintf(out, n, "%.1f MiB", (double)kib / 1024.0);
    }
}

static void lib_lines(Out *o, const SysInfo *si) {
    for (int l = 0; l < SYSV_COUNT; l++) {
        if (si->lib[l][0]) {
            line(o, lib_names[l], "%s (%s)", si->lib[l], si->lib_src[l]);
        } else if (l == SYSV_CUDA) {
            line(o, lib_names[l], "n/a (no usr/local/cuda/version.json or version.txt, %s)",
                 si->dpkg_read ? "no cuda-cudart package" : "no var/lib/dpkg/status");
        } else {
            line(o, lib_names[l], "n/a (%s)",
                 si->dpkg_read ? "not installed per var/lib/dpkg/status"
                               : "no var/lib/dpkg/status");
        }
    }
}

static void addr_lines(Out *o, const SysInfo *si) {
    if (si->n_addrs == 0) {
        line(o, "address", "n/a (%s)",
             si->addr_src[0] ? "no address besides loopback" : "no proc/net files under the root");
        return;
    }
    for (int i = 0; i < si->n_addrs; i++) {
        char key[24];
        snprintf(key, sizeof key, "ip %s", si->addrs[i].ifname);
        line(o, key, "%s", si->addrs[i].addr);
    }
}

static void disk_line(Out *o, const SysInfo *si) {
    if (!si->disk_total_kib.ok || !si->disk_used_kib.ok || si->disk_total_kib.v <= 0) {
        line(o, "disk /", "n/a (statvfs of the root failed)");
        return;
    }
    char used[32], total[32], avail[32] = "n/a";
    fmt_kib(si->disk_used_kib.v, used, sizeof used);
    fmt_kib(si->disk_total_kib.v, total, sizeof total);
    if (si->disk_avail_kib.ok) {
        fmt_kib(si->disk_avail_kib.v, avail, sizeof avail);
    }
    line(o, "disk /", "%s used of %s (%lld%%), %s free", used, total,
         (long long)(si->disk_used_kib.v * 100 / si->disk_total_kib.v), avail);
}

static void uptime_line(Out *o, const SysInfo *si) {
    if (!si->uptime_s.ok) {
        line(o, "uptime", "n/a (no proc/uptime)");
        return;
    }
    int64_t s = si->uptime_s.v;
    line(o, "uptime", "%lld d %02lld:%02lld:%02lld", (long long)(s / 86400),
         (long long)(s / 3600 % 24), (long long)(s / 60 % 60), (long long)(s % 60));
}

int sysinfo_format(const SysInfo *si, bool keep_serial, char *out, size_t outsz) {
    Out o = {out, outsz, 0, outsz == 0};
    char tmp[96], ser[40];
    if (outsz) {
        out[0] = '\0';
    }
    const Identity *id = &si->id;
    line(&o, "board", "%s", or_na(id->model, "no device-tree model", tmp, sizeof tmp));
    line(&o, "module", "%s",
         or_na(id->module, "no P-number in the compatible list", tmp, sizeof tmp));
    line(&o, "SoC", "%s", or_na(id->soc, "no tegra entry in the compatible list", tmp, sizeof tmp));
    sysinfo_serial_text(si->serial, keep_serial, ser, sizeof ser);
    if (!si->serial[0]) {
        line(&o, "serial", "n/a (no device-tree serial-number)");
    } else {
        line(&o, "serial", "%s%s", ser, keep_serial ? "" : " (redacted; --keep-serial shows it)");
    }
    line(&o, "L4T", "%s", or_na(id->l4t, "no etc/nv_tegra_release", tmp, sizeof tmp));
    if (id->jetpack[0]) {
        line(&o, "JetPack", "%s", id->jetpack);
    } else {
        line(&o, "JetPack", "n/a (%s)", id->l4t[0] ? "L4T release not in jtune's table" : "no L4T");
    }
    line(&o, "kernel", "%s", or_na(si->kernel, "no proc/sys/kernel/osrelease", tmp, sizeof tmp));
    lib_lines(&o, si);
    line(&o, "hostname", "%s", or_na(si->hostname, "no proc/sys/kernel/hostname", tmp, sizeof tmp));
    addr_lines(&o, si);
    disk_line(&o, si);
    uptime_line(&o, si);
    return (int)o.len;
}
