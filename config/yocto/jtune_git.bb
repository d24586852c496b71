SUMMARY = "Terminal monitor and tuner for NVIDIA Jetson boards"
DESCRIPTION = "jtune shows where a Jetson's power goes (CPU, GPU, EMC, rails, thermal, fan, \
cpuidle, memory, radios, nvpmodel), tunes it through a small capability-dropped helper with \
a rollback journal, applies low-power profiles at boot, and measures the energy per batch of \
a workload. Includes jtune-sim, a board simulator."
SECTION = "console/utils"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://LICENSE;md5=35452eaee2c39f509c1c0fb3cb83fca4"

# Where the sources come from: set JTUNE_GIT_URI (and SRCREV to a commit for reproducible
# builds) in local.conf or a .bbappend, or build a local tree with externalsrc
# (see README.md). Without either, parsing stops with a message saying so.
JTUNE_GIT_URI ??= ""
JTUNE_GIT_BRANCH ??= "main"
# Unpacked into ${BP}, the default S of every release (scarthgap: ${WORKDIR}/${BP}; from
# walnascar on: ${UNPACKDIR}/${BP}), so the recipe sets no S.
SRC_URI = "${JTUNE_GIT_URI};branch=${JTUNE_GIT_BRANCH};destsuffix=${BP}"
SRCREV ?= "${AUTOREV}"
PV = "0.1.0+git"

python () {
    if not d.getVar('JTUNE_GIT_URI') and not d.getVar('EXTERNALSRC'):
        raise bb.parse.SkipRecipe("set JTUNE_GIT_URI (e.g. \"git://HOST/PATH/jtune.git;protocol=https\") "
                                  "or EXTERNALSRC:pn-jtune to a jtune source tree")
}

inherit cmake pkgconfig systemd useradd

# libinih comes from meta-oe (meta-openembedded); ncurses and libcap from oe-core.
DEPENDS = "ncurses libinih libcap"

# No CUDA burner (it needs the host-side nvcc of meta-tegra's CUDA toolchain) and no test
# suite (cmocka, tmux, ... and it runs programs of the target). -Werror stays a developer
# option: compiler versions and security flags differ per Yocto release.
EXTRA_OECMAKE += "-DJTUNE_CUDA=OFF -DJTUNE_TESTS=OFF -DJTUNE_WERROR=OFF \
                  -DJTUNE_SYSCONFDIR=${sysconfdir}/jtune -DJTUNE_STATEDIR=/run/jtune \
                  -DJTUNE_SYSTEMD_UNITDIR=${systemd_system_unitdir} \
                  -DJTUNE_SYSUSERSDIR=${nonarch_libdir}/sysusers.d \
                  -DJTUNE_TMPFILESDIR=${nonarch_libdir}/tmpfiles.d"

# Users and groups, created at rootfs time (and usable by chown in do_install):
# - group jtune: its members may run the helper (mode 0750) and so tune without sudo;
# - user jtune-helper: the unprivileged account the helper drops to (docs/helper.md), with
#   its own group, no home and no shell. Without it the helper falls back to nobody.
USERADD_PACKAGES = "${PN}"
GROUPADD_PARAM:${PN} = "--system jtune"
USERADD_PARAM:${PN} = "--system --no-create-home --home-dir /nonexistent \
                       --shell ${base_sbindir}/nologin --user-group jtune-helper"

# jtune-profile@.service is a template: its instance is a profile name
# (jtune-profile@cruise.service). A template cannot be enabled without an instance, and which
# profile a product wants at boot is the image's decision, so nothing is enabled here: enable
# an instance from the image (SYSTEMD_SERVICE in a .bbappend with the instance name and
# SYSTEMD_AUTO_ENABLE = "enable", or "systemctl enable jtune-profile@cruise" at run time).
SYSTEMD_SERVICE:${PN} = "jtune-profile@.service"
SYSTEMD_AUTO_ENABLE = "disable"

do_install:append() {
    # The unit is installed under ${prefix}/lib/systemd/system by older trees; move it to this
    # distro's unit directory (/lib/systemd/system without usrmerge).
    if [ -d ${D}${prefix}/lib/systemd/system ] && \
       [ "${prefix}/lib/systemd/system" != "${systemd_system_unitdir}" ]; then
        install -d ${D}${systemd_system_unitdir}
        mv ${D}${prefix}/lib/systemd/system/* ${D}${systemd_system_unitdir}/
        rmdir ${D}${prefix}/lib/systemd/system ${D}${prefix}/lib/systemd
        rmdir --ignore-fail-on-non-empty ${D}${prefix}/lib
    fi
    # The helper: group jtune, mode 0750 (capabilities are set at install, below: chgrp
    # would clear them).
    chown root:jtune ${D}${libexecdir}/jtune/jtune-helper
    chmod 0750 ${D}${libexecdir}/jtune/jtune-helper
}

# File capabilities of the helper, permitted only (+p): it raises what it needs itself.
# cap_dac_override (root-owned sysfs files, its journal) and cap_net_admin (rfkill) are kept;
# cap_setuid, cap_setgid and cap_setpcap serve only the privilege drop (docs/helper.md).
# At rootfs time ($D set) setcap comes from libcap-native (PACKAGE_WRITE_DEPS); on a running
# target from libcap-bin. The root filesystem must keep extended attributes (ext4 does).
JTUNE_HELPER_CAPS = "cap_dac_override,cap_net_admin,cap_setuid,cap_setgid,cap_setpcap+p"
PACKAGE_WRITE_DEPS += "libcap-native"
pkg_postinst:${PN}() {
    setcap ${JTUNE_HELPER_CAPS} $D${libexecdir}/jtune/jtune-helper
}

FILES:${PN} = "\
    ${bindir}/jtune \
    ${bindir}/jtune-sim \
    ${bindir}/jtune-burn-cpu \
    ${libexecdir}/jtune \
    ${datadir}/jtune \
    ${sysconfdir}/jtune \
    ${systemd_system_unitdir}/jtune-profile@.service \
    ${nonarch_libdir}/sysusers.d/jtune.conf \
    ${nonarch_libdir}/tmpfiles.d/jtune.conf \
    ${datadir}/bash-completion/completions/jtune \
    ${datadir}/bash-completion/completions/jtune-sim \
    ${datadir}/zsh/vendor-completions/_jtune \
    ${datadir}/zsh/vendor-completions/_jtune-sim \
"
# The man pages go to ${PN}-doc (${mandir} is in its default FILES).
CONFFILES:${PN} = "${sysconfdir}/jtune/jtune.ini"

# setcap for the postinst when the package is installed on a running target.
RDEPENDS:${PN} = "libcap-bin"
