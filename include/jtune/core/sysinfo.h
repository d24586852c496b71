/* SPDX-License-Identifier: MIT */
/* sysinfo: the board information page and `jtune --info` - board, module, SoC, serial, L4T
 * and JetPack, kernel, the versions of the NVIDIA libraries, hostname, IP addresses, disk use
 * of / and uptime.
 *
 * Pure: the text is read elsewhere (platform/jetson/inforead.h) and handed in; the parsers
 * turn it into a SysInfo and sysinfo_format prints it as "key: value" lines for bug reports.
 *
 * Library versions come from files, never from running a program (jtop runs dpkg -l, nvcc,
 * vulkaninfo and opencv_version; jtune stays subprocess-free and root-relative):
 *   - the package database var/lib/dpkg/status, installed packages only ("install ok
 *     installed"); the version up to its first '-' or '+' ("9.3.0.75-1" -> "9.3.0.75");
 *   - CUDA first from usr/local/cuda/version.json (CUDA 11+, "cuda": {"version": ...}) or
 *     version.txt (CUDA 10: "CUDA Version 10.2.300"), then the cuda-cudart-X-Y package.
 * Packages per library (first match wins): cuDNN libcudnn* (libcudnn9-cuda-12, libcudnn8);
 * TensorRT tensorrt, then libnvinfer*; VPI libnvvpi*; OpenCV NVIDIA's libopencv, then
 * Ubuntu's libopencv-core*; Vulkan libvulkan1 (the loader's version: vulkaninfo reports the
 * same instance version).
 */
#ifndef JTUNE_CORE_SYSINFO_H
#define JTUNE_CORE_SYSINFO_H

#include "jtune/core/sample.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    SYSV_CUDA,
    SYSV_CUDNN,
    SYSV_TENSORRT,
    SYSV_VPI,
    SYSV_OPENCV,
    SYSV_VULKAN,
    SYSV_COUNT
} SysLib;

#define SYSINFO_MAX_ADDRS 16
#define SYSINFO_TEXT      48

typedef struct {
    char ifname[16];
    char addr[48]; /* "192.168.1.20/24" or "fe80::1/64" */
} SysAddr;

typedef struct {
    Identity id;                            /* board, module, SoC, L4T, JetPack */
    char serial[32];                        /* device-tree serial-number ("" unknown) */
    char kernel[64];                        /* proc/sys/kernel/osrelease ("" unknown) */
    char hostname[64];                      /* proc/sys/kernel/hostname ("" unknown) */
    char lib[SYSV_COUNT][SYSINFO_TEXT];     /* version, "" when not found */
    char lib_src[SYSV_COUNT][SYSINFO_TEXT]; /* where it was found ("tensorrt package") */
    bool dpkg_read;                         /* var/lib/dpkg/status was readable */
    int n_addrs;
    SysAddr addrs[SYSINFO_MAX_ADDRS];
    char addr_src[64];  /* "getifaddrs" or "proc/net (root-relative)"; "" none readable */
    Val disk_total_kib; /* statvfs of the root */
    Val disk_avail_kib; /* available to unprivileged users */
    Val disk_used_kib;
    Val uptime_s;
} SysInfo;

/* Installed versions of the libraries from dpkg status text into si->lib (only those still
 * "" are filled; CUDA is left to a version file when one was found). Sets si->dpkg_read. */
void sysinfo_parse_dpkg(const char *text, SysInfo *si);

/* CUDA version from usr/local/cuda/version.json or version.txt text into out. 0 or -EINVAL. */
int sysinfo_parse_cuda(const char *text, char *out, size_t outsz);

/* IPv6 addresses from proc/net/if_inet6 text (link-local included, loopback skipped). */
void sysinfo_parse_if_inet6(const char *text, SysInfo *si);

/* IPv4 addresses: the LOCAL host entries of proc/net/fib_trie, each given the interface of
 * the proc/net/route entry whose network holds it (longest mask wins); 127/8 skipped. */
void sysinfo_parse_ipv4(const char *fib_trie, const char *route, SysInfo *si);

/* Add one address (kept in order, duplicates dropped). */
void sysinfo_add_addr(SysInfo *si, const char *ifname, const char *addr);

/* The serial as shown: itself with keep, else all but its last 4 characters as '*'
 * ("1421123456789" -> "*********6789"); "" stays "". */
void sysinfo_serial_text(const char *serial, bool keep, char *out, size_t outsz);

/* The whole report, "key: value" per line, n/a with the reason for what is unknown.
 * Returns the length (the text is cut at outsz - 1). */
int sysinfo_format(const SysInfo *si, bool keep_serial, char *out, size_t outsz);

#endif
