# SPDX-License-Identifier: MIT
# Profiles: installing them and the boot-time unit (tests/profile/install.sh). The parsing,
# planning, live and audit tests are cmocka runners (tests/unit/test_profile*.c, test_audit.c).
add_test(NAME profile_install COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/profile/install.sh
                                      ${CMAKE_BINARY_DIR})
set_tests_properties(profile_install PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" TIMEOUT 120)

# The audit page and the profile preview in the real monitor (tmux), tuning through the helper.
add_test(NAME profile_tmux COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/profile/tmux_profiles.sh)
set_tests_properties(profile_tmux PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 300)

# An install under a prefix chosen at install time works, carries no build path.
add_test(NAME install_paths COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/install_paths.sh
                                   ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
set_tests_properties(install_paths PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" TIMEOUT 300)
