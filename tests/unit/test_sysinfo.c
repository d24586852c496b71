/* SPDX-License-Identifier: MIT */
/* sysinfo: the board information behind the info page and jtune --info - the parsers (dpkg
 * status, CUDA version files, fib_trie + route, if_inet6), the serial redaction, and
 * `jtune --info` on every simulated board and on a real-board fixture. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "jtune/core/sysinfo.h"
#include "jtune/platform/jetson/inforead.h"
#include "simtest.h"

/* ---- parsers ---- */

static const char dpkg_text[] =
    "Package: libcudnn9-dev-cuda-12\nStatus: install ok installed\nVersion: 9.3.0.75-1\n\n"
    "Package: libcudnn9-cuda-12\nStatus: install ok installed\nArchitecture: arm64\n"
    "Version: 9.3.0.75-1\nDescription: cuDNN\n continued description line\n\n"
    "Package: libnvinfer10\nStatus: install ok installed\nVersion: 10.3.0.30-1+cuda12.5\n\n"
    "Package: tensorrt\nStatus: install ok installed\nVersion: 10.3.0.30-1+cuda12.5\n\n"
    "Package: libnvvpi3\nStatus: install ok installed\nVersion: 3.2.4\n\n"
    "Package: libopencv-core4.5d\nStatus: install ok installed\nVersion: 4.5.4+dfsg-9ubuntu4\n\n"
    "Package: libopencv\nStatus: install ok installed\nVersion: 4.8.0-1-g6371ee1\n\n"
    "Package: libvulkan1\nStatus: install ok installed\nVersion: 1.3.204.1-2\n\n"
    "Package: cuda-cudart-12-6\nStatus: install ok installed\nVersion: 12.6.68-1\n";

static void test_dpkg(void **state) {
    (void)state;
    SysInfo si;
    memset(&si, 0, sizeof si);
    sysinfo_parse_dpkg(dpkg_text, &si);
    assert_true(si.dpkg_read);
    assert_string_equal(si.lib[SYSV_CUDA], "12.6.68");
    assert_string_equal(si.lib[SYSV_CUDNN], "9.3.0.75");
    assert_string_equal(si.lib[SYSV_TENSORRT], "10.3.0.30");
    assert_string_equal(si.lib_src[SYSV_TENSORRT], "package tensorrt"); /* before libnvinfer */
    assert_string_equal(si.lib[SYSV_VPI], "3.2.4");
    assert_string_equal(si.lib[SYSV_OPENCV], "4.8.0"); /* NVIDIA's build before Ubuntu's */
    assert_string_equal(si.lib_src[SYSV_OPENCV], "package libopencv");
    assert_string_equal(si.lib[SYSV_VULKAN], "1.3.204.1");

    /* removed packages (config files left) are not installed; a version file wins for CUDA */
    memset(&si, 0, sizeof si);
    snprintf(si.lib[SYSV_CUDA], sizeof si.lib[SYSV_CUDA], "12.6.77");
    sysinfo_parse_dpkg("Package: libcudnn8\nStatus: deinstall ok config-files\nVersion: 8.6.0\n\n"
                       "Package: cuda-cudart-12-6\nStatus: install ok installed\n"
                       "Version: 12.6.68-1\n\nPackage: libnvinfer8\nStatus: install ok "
                       "installed\nVersion: 8.5.2-1+cuda11.4\n",
                       &si);
    assert_string_equal(si.lib[SYSV_CUDNN], "");
    assert_string_equal(si.lib[SYSV_CUDA], "12.6.77");
    assert_string_equal(si.lib[SYSV_TENSORRT], "8.5.2");
    assert_string_equal(si.lib_src[SYSV_TENSORRT], "package libnvinfer8");
}

static void test_cuda_files(void **state) {
    (void)state;
    char v[32];
    assert_int_equal(sysinfo_parse_cuda("{\n \"cuda\" : {\n  \"name\" : \"CUDA SDK\",\n"
                                        "  \"version\" : \"11.4.315\"\n },\n}\n",
                                        v, sizeof v),
                     0);
    assert_string_equal(v, "11.4.315");
    assert_int_equal(sysinfo_parse_cuda("CUDA Version 10.2.300\n", v, sizeof v), 0);
    assert_string_equal(v, "10.2.300");
    assert_int_equal(sysinfo_parse_cuda("garbage\n", v, sizeof v), -EINVAL);
    assert_int_equal(sysinfo_parse_cuda("{\"cuda\": {}}", v, sizeof v), -EINVAL);
}

static const char fib_trie[] = "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n"
                               "        /0 universe UNICAST\n"
                               "           |-- 127.0.0.1\n              /32 host LOCAL\n"
                               "     +-- 192.168.1.0/24 2 0 2\n        |-- 192.168.1.0\n"
                               "           /24 link UNICAST\n        |-- 192.168.1.20\n"
                               "           /32 host LOCAL\n        |-- 192.168.1.255\n"
                               "           /32 link BROADCAST\n        |-- 10.42.0.1\n"
                               "           /32 host LOCAL\nLocal:\n        |-- 192.168.1.20\n"
                               "           /32 host LOCAL\n";

static const char route[] =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
    "eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
    "wlan0\t00002A0A\t00000000\t0001\t0\t0\t600\t0000FFFF\t0\t0\t0\n";

static void test_addresses(void **state) {
    (void)state;
    SysInfo si;
    memset(&si, 0, sizeof si);
    sysinfo_parse_ipv4(fib_trie, route, &si);
    assert_int_equal(si.n_addrs, 2); /* loopback skipped, the Local copy not repeated */
    assert_string_equal(si.addrs[0].ifname, "eth0");
    assert_string_equal(si.addrs[0].addr, "192.168.1.20/24");
    assert_string_equal(si.addrs[1].ifname, "wlan0");
    assert_string_equal(si.addrs[1].addr, "10.42.0.1/16");
    sysinfo_parse_if_inet6("00000000000000000000000000000001 01 80 10 80       lo\n"
                           "fe800000000000004ab02dfffe123457 03 40 20 80     eth0\n"
                           "20010db8000000000000000000000001 03 80 00 00     eth0\n",
                           &si);
    assert_int_equal(si.n_addrs, 4);
    assert_string_equal(si.addrs[2].addr, "fe80::4ab0:2dff:fe12:3457/64");
    assert_string_equal(si.addrs[3].addr, "2001:db8::1/128");
    assert_string_equal(si.addrs[3].ifname, "eth0");
}

static void test_serial_redaction(void **state) {
    (void)state;
    char out[40];
    sysinfo_serial_text("1421123456789", false, out, sizeof out);
    assert_string_equal(out, "*********6789");
    sysinfo_serial_text("1421123456789", true, out, sizeof out);
    assert_string_equal(out, "1421123456789");
    sysinfo_serial_text("abc", false, out, sizeof out);
    assert_string_equal(out, "**c");
    sysinfo_serial_text("", false, out, sizeof out);
    assert_string_equal(out, "");
}

static void test_format_na(void **state) {
    (void)state;
    SysInfo si;
    memset(&si, 0, sizeof si);
    si.uptime_s = val_of(93784);
    char text[4096];
    sysinfo_format(&si, false, text, sizeof text);
    assert_non_null(strstr(text, "CUDA:       n/a (no usr/local/cuda/version.json or version.txt, "
                                 "no var/lib/dpkg/status)\n"));
    assert_non_null(strstr(text, "cuDNN:      n/a (no var/lib/dpkg/status)\n"));
    assert_non_null(strstr(text, "serial:     n/a (no device-tree serial-number)\n"));
    assert_non_null(strstr(text, "uptime:     1 d 02:03:04\n"));
    assert_non_null(strstr(text, "disk /:     n/a"));
    si.dpkg_read = true;
    sysinfo_format(&si, false, text, sizeof text);
    assert_non_null(strstr(text, "VPI:        n/a (not installed per var/lib/dpkg/status)\n"));
}

/* ---- jtune --info ---- */

static int info(const char *root, bool keep, char *out, size_t outsz) {
    char exe[PATH_MAX];
    snprintf(exe, sizeof exe, "%s/jtune", test_build_dir());
    const char *argv[] = {exe, "--info", "--root", root, keep ? "--keep-serial" : NULL, NULL};
    return simtest_run(argv, NULL, out, outsz);
}

static const char *line_of(const char *text, const char *key) {
    static char line[256];
    char want[32];
    snprintf(want, sizeof want, "\n%s:", key);
    const char *p = strstr(text, want);
    if (!p) {
        return "";
    }
    p += 1;
    size_t n = strcspn(p, "\n");
    snprintf(line, sizeof line, "%.*s", (int)n, p);
    return line;
}

/* Every simulated board: the versions of its JetPack, its addresses, the serial redacted. */
static void test_info_sim_boards(void **state) {
    (void)state;
    static const struct {
        const char *board, *jetpack, *cuda, *trt;
    } want[] = {
        {"nano", "4.6.4", "10.2.300", "8.2.1.9"},
        {"xavier-nx", "5.1.2", "11.4.315", "8.5.2.2"},
        {"orin-nano", "5.1.1", "11.4.315", "8.5.2.2"},
        {"orin-nano-super", "6.2", "12.6.68", "10.3.0.30"},
        {"orin-nx-16gb", "6.2", "12.6.68", "10.3.0.30"},
        {"agx-orin", "6.2", "12.6.68", "10.3.0.30"},
        {"thor", "7.0", "13.0.48", "10.13.3.9"},
    };
    static char out[16384];
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char root[PATH_MAX];
        assert_int_equal(simtest_build(want[i].board, 1, 0, root, sizeof root), 0);
        char text[1024];
        snprintf(text, sizeof text, "%s",
                 simtest_read(root,
                              "sys/firmware/devicetree/base/"
                              "serial-number",
                              NULL));
        assert_int_equal(info(root, false, out, sizeof out), 0);
        print_message("%s:\n%s", want[i].board, out);
        char buf[160];
        snprintf(buf, sizeof buf, "JetPack:    %s", want[i].jetpack);
        assert_string_equal(line_of(out, "JetPack"), buf);
        assert_non_null(strstr(line_of(out, "CUDA"), want[i].cuda));
        assert_non_null(strstr(line_of(out, "TensorRT"), want[i].trt));
        for (const char *lib = "cuDNN"; lib; lib = strcmp(lib, "cuDNN") == 0    ? "VPI"
                                                   : strcmp(lib, "VPI") == 0    ? "OpenCV"
                                                   : strcmp(lib, "OpenCV") == 0 ? "Vulkan"
                                                                                : NULL) {
            assert_null(strstr(line_of(out, lib), "n/a"));
        }
        snprintf(buf, sizeof buf, "hostname:   %s", want[i].board);
        assert_string_equal(line_of(out, "hostname"), buf);
        assert_non_null(strstr(out, "192.168.10.100/24"));
        assert_non_null(strstr(out, "/64\n")); /* a link-local IPv6 address */
        assert_null(strstr(line_of(out, "disk /"), "n/a"));
        assert_null(strstr(line_of(out, "uptime"), "n/a"));
        assert_non_null(strstr(line_of(out, "kernel"), "-tegra"));
        /* redacted: the whole serial never appears; --keep-serial shows it */
        assert_true(strlen(text) > 5);
        assert_null(strstr(out, text));
        assert_non_null(strstr(line_of(out, "serial"), text + strlen(text) - 4));
        assert_int_equal(info(root, true, out, sizeof out), 0);
        assert_non_null(strstr(line_of(out, "serial"), text));
        rm_rf(root);
    }
}

/* A real board's fixture (JetPack 6.2 Orin Nano Super) with the package files its jetson-stats
 * report lists [C] (jetson_release on JetPack 6.2: CUDA 12.6.68, cuDNN 9.3.0.75, TensorRT
 * 10.3.0.30, VPI 3.2.4, Vulkan 1.3.204); nothing about OpenCV: n/a with the reason. */
static void test_info_real_fixture(void **state) {
    (void)state;
    Fixture fx;
    char tree[PATH_MAX];
    snprintf(tree, sizeof tree, "%s/tests/fixtures/real/jp6-orin-nano-super.tree",
             test_source_dir());
    assert_int_equal(fixture_load(&fx, tree), 0);
    static char out[16384];
    assert_int_equal(info(fx.root, false, out, sizeof out), 0);
    assert_string_equal(line_of(out, "L4T"), "L4T:        36.4.3");
    assert_string_equal(line_of(out, "JetPack"), "JetPack:    6.2");
    assert_string_equal(line_of(out, "module"), "module:     p3767-0005");
    assert_string_equal(line_of(out, "SoC"), "SoC:        tegra234");
    assert_string_equal(line_of(out, "kernel"), "kernel:     5.15.148-tegra"); /* proc/version */
    assert_non_null(strstr(line_of(out, "cuDNN"), "n/a (no var/lib/dpkg/status)"));
    assert_non_null(strstr(line_of(out, "address"), "n/a"));

    assert_int_equal(fixture_put(&fx, "usr/local/cuda/version.json",
                                 "{\n   \"cuda\" : {\n      \"name\" : \"CUDA SDK\",\n      "
                                 "\"version\" : \"12.6.68\"\n   }\n}\n"),
                     0);
    assert_int_equal(
        fixture_put(&fx, "var/lib/dpkg/status",
                    "Package: libcudnn9-cuda-12\nStatus: install ok installed\nVersion: "
                    "9.3.0.75-1\n\nPackage: tensorrt\nStatus: install ok installed\nVersion: "
                    "10.3.0.30-1+cuda12.5\n\nPackage: libnvvpi3\nStatus: install ok "
                    "installed\nVersion: 3.2.4\n\nPackage: libvulkan1\nStatus: install ok "
                    "installed\nVersion: 1.3.204.1-2\n"),
        0);
    assert_int_equal(fixture_put(&fx, "proc/net/if_inet6",
                                 "fe800000000000004ab02dfffe123457 02 40 20 80 enP8p1s0\n"),
                     0);
    assert_int_equal(info(fx.root, false, out, sizeof out), 0);
    print_message("%s", out);
    assert_string_equal(line_of(out, "CUDA"), "CUDA:       12.6.68 (/usr/local/cuda/version.json)");
    assert_string_equal(line_of(out, "cuDNN"), "cuDNN:      9.3.0.75 (package libcudnn9-cuda-12)");
    assert_string_equal(line_of(out, "TensorRT"), "TensorRT:   10.3.0.30 (package tensorrt)");
    assert_string_equal(line_of(out, "VPI"), "VPI:        3.2.4 (package libnvvpi3)");
    assert_string_equal(line_of(out, "Vulkan"), "Vulkan:     1.3.204.1 (package libvulkan1)");
    assert_string_equal(line_of(out, "OpenCV"),
                        "OpenCV:     n/a (not installed per var/lib/dpkg/status)");
    assert_string_equal(line_of(out, "ip enP8p1s0"), "ip enP8p1s0: fe80::4ab0:2dff:fe12:3457/64");
    fixture_cleanup(&fx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dpkg),
        cmocka_unit_test(test_cuda_files),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_serial_redaction),
        cmocka_unit_test(test_format_na),
        cmocka_unit_test(test_info_sim_boards),
        cmocka_unit_test(test_info_real_fixture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
