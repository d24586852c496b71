# SPDX-License-Identifier: MIT
# Man pages and shell completion against the programs' --help (read at test time), and the
# Yocto recipe.
# docs_man: tests/docs/man_pages.sh renders config/man/* with man -l, fails on any groff
# warning and on an option or subcommand of --help missing from the page (skipped without
# man-db). docs_completion: tests/docs/completion.sh drives the bash completion functions and
# checks the zsh specs (zsh part skipped without zsh).
add_test(NAME docs_man COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/docs/man_pages.sh)
set_tests_properties(docs_man PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" SKIP_RETURN_CODE 77
                     TIMEOUT 120)
add_test(NAME docs_completion COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/docs/completion.sh)
set_tests_properties(docs_completion PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" TIMEOUT 120)
# docs_yocto_recipe: tests/docs/yocto_recipe.sh checks config/yocto/jtune_git.bb as far as it
# can without bitbake (statements, variables, capabilities against the README's setcap line,
# FILES against a DESTDIR "cmake --install --prefix /usr").
add_test(NAME docs_yocto_recipe COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/docs/yocto_recipe.sh)
set_tests_properties(docs_yocto_recipe PROPERTIES ENVIRONMENT "${JTUNE_TEST_ENV}" TIMEOUT 120)
