# SPDX-License-Identifier: MIT
# Profiles: installing them and the boot-time unit (tests/profile/install.sh). The parsing,
# planning, live and audit tests are cmocka runners (tests/unit/test_profile*.c, test_audit.c).
jtune_script_test(profile_install profile/install.sh TIMEOUT 120 ARGS ${CMAKE_BINARY_DIR})

# The audit page and the profile preview in the real monitor (tmux), tuning through the helper.
jtune_tmux_test(profile_tmux profile/tmux_profiles.sh)

# An install under a prefix chosen at install time works, carries no build path.
jtune_script_test(install_paths install_paths.sh ARGS ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
