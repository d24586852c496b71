/* SPDX-License-Identifier: MIT */
/* tree_system: identity (device tree, release, kernel), procfs, memory and swap, radios,
 * USB devices, network interfaces, block devices and VM tunables. */
#include "sim_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define DT "sys/firmware/devicetree/base"

int tree_identity(Sim *s) {
    const SimBoard *b = &s->board;
    int rc = 0;
    rc = rc ? rc : simfs_printf(s, "etc/nv_tegra_release", 0444, "%s\n", b->release);
    rc = rc ? rc : simfs_link(s, "proc/device-tree", "/" DT);
    rc = rc ? rc : simfs_write(s, DT "/model", b->model, strlen(b->model) + 1, 0444);
    rc = rc ? rc : simfs_write(s, DT "/compatible", b->compatible, b->compatible_len, 0444);
    if (rc == 0 && b->serial[0]) {
        rc = simfs_write(s, DT "/serial-number", b->serial, strlen(b->serial) + 1, 0444);
    }
    if (rc == 0 && b->boardids[0]) {
        rc = simfs_write(s, DT "/nvidia,boardids", b->boardids, strlen(b->boardids) + 1, 0444);
    }
    rc = rc ? rc : simfs_printf(s, "sys/devices/soc0/family", 0444, "%s\n", b->soc_family);
    rc = rc ? rc : simfs_printf(s, "sys/devices/soc0/machine", 0444, "%s\n", b->model);
    if (rc == 0 && b->soc_id[0]) {
        rc = simfs_printf(s, "sys/devices/soc0/soc_id", 0444, "%s\n", b->soc_id);
    }
    if (rc == 0 && b->nvrm[0]) {
        rc = simfs_printf(s, "proc/driver/nvidia/version", 0444, "%s\n", b->nvrm);
    }
    rc = rc ? rc : simfs_printf(s, "proc/version", 0444, "%s\n", b->kernel);
    return rc;
}

static int swaps(Sim *s) {
    const SbMem *m = &s->board.mem;
    char text[4096];
    size_t used =
        (size_t)snprintf(text, sizeof text, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
    for (int i = 0; i < m->zram_devices && used < sizeof text; i++) {
        char dev[32];
        snprintf(dev, sizeof dev, "/dev/zram%d", i);
        used +=
            (size_t)snprintf(text + used, sizeof text - used, "%-40spartition\t%lld\t\t0\t\t%d\n",
                             dev, (long long)(m->zram_disksize / 1024), m->swap_priority);
    }
    int rc = simfs_write(s, "proc/swaps", text, used < sizeof text ? used : sizeof text, 0444);
    for (int i = 0; rc == 0 && i < m->zram_devices; i++) {
        char p[64];
        snprintf(p, sizeof p, "sys/block/zram%d/disksize", i);
        rc = simfs_printf(s, p, 0644, "%lld\n", (long long)m->zram_disksize);
        snprintf(p, sizeof p, "sys/block/zram%d/comp_algorithm", i);
        rc = rc ? rc : simfs_printf(s, p, 0644, "%s\n", m->zram_algorithms);
        snprintf(p, sizeof p, "sys/block/zram%d/queue/scheduler", i);
        rc = rc ? rc : simfs_printf(s, p, 0644, "none\n");
    }
    return rc;
}

static int vm_tunables(Sim *s) {
    static const struct {
        const char *path;
        const char *text;
        mode_t mode;
    } files[] = {
        {"proc/sys/vm/swappiness", "60", 0644},
        {"proc/sys/vm/dirty_ratio", "20", 0644},
        {"proc/sys/vm/dirty_background_ratio", "10", 0644},
        {"proc/sys/vm/vfs_cache_pressure", "100", 0644},
        {"proc/sys/vm/overcommit_memory", "0", 0644},
        {"proc/sys/vm/dirty_expire_centisecs", "3000", 0644},
        {"proc/sys/vm/dirty_writeback_centisecs", "500", 0644},
        {"proc/sys/vm/laptop_mode", "0", 0644},
        {"proc/sys/vm/drop_caches", "", 0200},
        {"sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never", 0644},
        {"sys/kernel/mm/transparent_hugepage/defrag", "always defer defer+madvise [madvise] never",
         0644},
        {"sys/module/usbcore/parameters/autosuspend", "2", 0644},
        {"sys/module/pcie_aspm/parameters/policy", "[default] performance powersave powersupersave",
         0644},
    };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof files / sizeof files[0]; i++) {
        rc = simfs_printf(s, files[i].path, files[i].mode, "%s\n", files[i].text);
    }
    rc = rc ? rc
            : simfs_printf(s, "proc/sys/vm/min_free_kbytes", 0644, "%lld\n",
                           (long long)s->board.mem.min_free_kbytes);
    for (int i = 0; rc == 0 && i < s->board.n_blocks; i++) {
        char p[96];
        snprintf(p, sizeof p, "sys/block/%s/queue/scheduler", s->board.blocks[i].name);
        rc = simfs_printf(s, p, 0644, "%s\n", s->board.blocks[i].scheduler);
        snprintf(p, sizeof p, "sys/block/%s/queue/read_ahead_kb", s->board.blocks[i].name);
        rc = rc ? rc : simfs_printf(s, p, 0644, "128\n");
    }
    return rc;
}

static int radios(Sim *s) {
    int rc = 0;
    for (int i = 0; rc == 0 && i < s->board.n_radios; i++) {
        const SbRadio *r = &s->board.radios[i];
        char dir[64], p[96];
        snprintf(dir, sizeof dir, "sys/devices/virtual/rfkill/rfkill%d", i);
#define P(name) (snprintf(p, sizeof p, "%s/%s", dir, name), p)
        rc = rc ? rc : simfs_printf(s, P("name"), 0444, "%s\n", r->name);
        rc = rc ? rc : simfs_printf(s, P("type"), 0444, "%s\n", r->type);
        rc = rc ? rc : simfs_node(s, P("soft"), 0644, R_RF_SOFT, i, 0);
        rc = rc ? rc : simfs_printf(s, P("hard"), 0444, "0\n");
        rc = rc ? rc : simfs_node(s, P("state"), 0644, R_RF_STATE, i, 0);
        rc = rc ? rc : simfs_printf(s, P("persistent"), 0444, "0\n");
        rc = rc ? rc : simfs_printf(s, P("index"), 0444, "%d\n", i);
#undef P
        snprintf(p, sizeof p, "sys/class/rfkill/rfkill%d", i);
        rc = rc ? rc : simfs_link_rel(s, p, dir);
    }
    return rc;
}

/* usbN hangs off the controller; B-P[.P] hangs off usbB (ports are not nested here). */
static void usb_dir(const SimBoard *b, const SbUsb *u, char *out, size_t n) {
    if (!strncmp(u->id, "usb", 3)) {
        snprintf(out, n, "%s/%s", b->usb_controller, u->id);
    } else {
        snprintf(out, n, "%s/usb%.*s/%s", b->usb_controller, (int)strcspn(u->id, "-"), u->id,
                 u->id);
    }
}

static int usb(Sim *s) {
    const SimBoard *b = &s->board;
    int rc = 0;
    for (int i = 0; rc == 0 && i < b->n_usb; i++) {
        const SbUsb *u = &b->usb[i];
        char dir[PATH_MAX], p[PATH_MAX + 48];
        usb_dir(b, u, dir, sizeof dir);
#define P(name) (snprintf(p, sizeof p, "%s/%s", dir, name), p)
        rc = rc ? rc : simfs_printf(s, P("idVendor"), 0444, "%s\n", u->vendor);
        rc = rc ? rc : simfs_printf(s, P("idProduct"), 0444, "%s\n", u->product_id);
        rc = rc ? rc : simfs_printf(s, P("product"), 0444, "%s\n", u->product);
        rc = rc ? rc : simfs_node(s, P("power/control"), 0644, R_USB_CONTROL, i, 0);
        rc = rc ? rc : simfs_node(s, P("power/runtime_status"), 0444, R_USB_STATUS, i, 0);
        rc = rc ? rc : simfs_printf(s, P("power/autosuspend_delay_ms"), 0644, "2000\n");
#undef P
        snprintf(p, sizeof p, "sys/bus/usb/devices/%s", u->id);
        rc = rc ? rc : simfs_link_rel(s, p, dir);
    }
    return rc;
}

static int net(Sim *s) {
    int rc = 0;
    for (int i = 0; rc == 0 && i < s->board.n_net; i++) {
        const SbNet *n = &s->board.net[i];
        char dir[PATH_MAX], p[PATH_MAX + 32];
        snprintf(dir, sizeof dir, "%s/net/%s", n->device[0] ? n->device : "sys/devices/virtual",
                 n->name);
        bool up = !strcmp(n->operstate, "up");
#define P(name) (snprintf(p, sizeof p, "%s/%s", dir, name), p)
        rc = rc ? rc : simfs_printf(s, P("operstate"), 0444, "%s\n", n->operstate);
        rc = rc ? rc : simfs_printf(s, P("carrier"), 0444, "%d\n", up ? 1 : 0);
        rc = rc ? rc : simfs_printf(s, P("mtu"), 0644, "1500\n");
        rc = rc ? rc : simfs_printf(s, P("type"), 0444, "1\n");
        rc = rc ? rc : simfs_printf(s, P("address"), 0444, "%s\n", n->address);
        rc = rc ? rc : simfs_printf(s, P("flags"), 0644, up ? "0x1003\n" : "0x1002\n");
        if (rc == 0 && n->wireless) {
            rc = simfs_mkdirs(s, P("wireless"));
        }
        if (rc == 0 && n->device[0]) {
            rc = simfs_link_rel(s, P("device"), n->device);
        }
#undef P
        snprintf(p, sizeof p, "sys/class/net/%s", n->name);
        rc = rc ? rc : simfs_link_rel(s, p, dir);
    }
    return rc;
}

int tree_system(Sim *s) {
    int rc = 0;
    rc = rc ? rc : simfs_node(s, "proc/stat", 0444, R_PROC_STAT, 0, 0);
    rc = rc ? rc : simfs_node(s, "proc/uptime", 0444, R_PROC_UPTIME, 0, 0);
    rc = rc ? rc : simfs_node(s, "proc/meminfo", 0444, R_PROC_MEMINFO, 0, 0);
    rc = rc ? rc : simfs_node(s, "proc/buddyinfo", 0444, R_PROC_BUDDYINFO, 0, 0);
    rc = rc ? rc : swaps(s);
    rc = rc ? rc : vm_tunables(s);
    rc = rc ? rc : radios(s);
    rc = rc ? rc : usb(s);
    rc = rc ? rc : net(s);
    return rc;
}
