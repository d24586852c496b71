# SPDX-License-Identifier: MIT
# Man pages and shell completion against the programs' --help (read at test time), and the
# Yocto recipe.
# docs_man: tests/docs/man_pages.sh renders config/man/* with man -l, fails on any groff
# warning and on an option or subcommand of --help missing from the page (skipped without
# man-db). docs_completion: tests/docs/completion.sh drives the bash completion functions and
# checks the zsh specs (zsh part skipped without zsh).
jtune_script_test(docs_man docs/man_pages.sh TIMEOUT 120)
jtune_script_test(docs_completion docs/completion.sh TIMEOUT 120 SHELL bash)
# docs_yocto_recipe: tests/docs/yocto_recipe.sh checks config/yocto/jtune_git.bb as far as it
# can without bitbake (statements, variables, capabilities against the README's setcap line,
# FILES against a DESTDIR "cmake --install --prefix /usr").
jtune_script_test(docs_yocto_recipe docs/yocto_recipe.sh TIMEOUT 120)
