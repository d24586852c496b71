#!/bin/zsh -f
# SPDX-License-Identifier: MIT
# Drives zsh's real completion system: zcomp.zsh FPATH-DIR LINE...
# For each LINE, types it into an interactive zsh (in a zpty, compinit with FPATH-DIR first
# in $fpath) followed by TAB, and prints "== LINE" then every candidate the completion
# functions added (one per line, sorted, unique). Candidates are caught by wrapping the
# builtin compadd; the end of each completion by the widget bound to TAB.
# Exit 0, 2 when the shell did not answer within 20 s.
emulate -L zsh
zmodload zsh/zpty || exit 3
dir=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jtune-zcomp-XXXXXX") || exit 3
trap 'zpty -d jt 2>/dev/null; rm -rf $tmp' EXIT
out=$tmp/out
cat >$tmp/init.zsh <<INIT
PS1='> '
fpath=(${(q)dir} \$fpath)
autoload -Uz compinit && compinit -u -D
bindkey -e
_jt_tab() { zle complete-word; print -r -- @@DONE@@ >>${(q)out}; }
zle -N _jt_tab
bindkey '^I' _jt_tab
zstyle ':completion:*' list-prompt ''
zstyle ':completion:*' menu no
compadd() {
  if (( \${@[(I)-[OAD]]} )); then builtin compadd "\$@"; return; fi
  local -a hits
  builtin compadd -A hits "\$@"
  (( \$#hits )) && print -rl -- "\${IPREFIX}\${(@)^hits}" >>${(q)out}
  builtin compadd "\$@"
}
print -r -- @@READY@@ >>${(q)out}
INIT
: >$out
zpty jt "zsh -f -i"
zpty -w jt "source ${(q)tmp}/init.zsh"
# wait for MARK in $out (draining the terminal meanwhile), up to 20 s
wait_for() {
  local i junk
  for i in {1..400}; do
    grep -q "^$1\$" $out 2>/dev/null && return 0
    while zpty -r -t jt junk 2>/dev/null; do :; done
    sleep 0.05
  done
  return 1
}
wait_for @@READY@@ || { print -u2 "zsh did not start"; exit 2; }
for line in "$@"; do
  : >$out
  zpty -w -n jt "$line"$'\t'
  wait_for @@DONE@@ || { print -u2 "no completion for: $line"; exit 2; }
  print -r -- "== $line"
  grep -v '^@@' $out | sort -u
  zpty -w -n jt $'\C-u'   # clear the line for the next one
  sleep 0.1
  while zpty -r -t jt junk 2>/dev/null; do :; done
done
exit 0
