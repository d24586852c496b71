#!/bin/bash
# SPDX-License-Identifier: MIT
# Shell completion (config/completion/) against the programs' --help, read at test time:
# - bash: each script is loaded in bash and its function called with COMP_WORDS/COMP_CWORD
#   as bash does; "PROG [SUBCOMMAND] -<TAB>" in every context offers only options of --help,
#   and all contexts together offer every one; subcommands, FILE, board, format, profile,
#   theme, workload and metrics values complete; with bash-completion installed, its loader
#   finds the scripts under their installed names (jtune, jtune-sim);
# - zsh (when installed): "zsh -n" on _jtune and _jtune-sim, the options of their specs are
#   exactly those of --help, and zsh's own completion system, driven in a zpty
#   (tests/docs/zcomp.zsh), offers the same options per context and completes the values.
# jtune-sim's help set includes "jtune-sim nvpmodel"'s usage; "--help" counts as an option of
# every program (it printed the help).
# Exit 0 pass, 1 fail.
set -u
SRC=${JTUNE_SOURCE_DIR:?JTUNE_SOURCE_DIR not set}
BUILD=${JTUNE_BUILD_DIR:?JTUNE_BUILD_DIR not set}
COMP=$SRC/config/completion
T=$(mktemp -d "${TMPDIR:-/tmp}/jtune-comp-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export PATH="$BUILD:$PATH" HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config"
mkdir -p "$HOME" "$T/cwd/tree" && : >"$T/cwd/run.csv" && : >"$T/cwd/mine.ini"
mkdir -p "$XDG_CONFIG_HOME/jtune/profiles" "$XDG_CONFIG_HOME/jtune/themes"
: >"$XDG_CONFIG_HOME/jtune/profiles/quiet.ini"
: >"$XDG_CONFIG_HOME/jtune/themes/dusk.theme"
printf '[ui]\n[workload.infer]\ncommand = true\n' >"$XDG_CONFIG_HOME/jtune/jtune.ini"
cd "$T/cwd" || exit 1

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }

# The options (opt) and subcommands (cmd) of a program's help, sorted.
help_set() { # PROGRAM KIND
    {
        "$BUILD/$1" --help
        [ "$1" = jtune-sim ] && "$BUILD/jtune-sim" nvpmodel --help 2>&1
    } | sh "$SRC/tests/docs/helpopts.sh" | sed -n "s/^$2 //p"
    [ "$2" = opt ] && echo --help
}

# bash: COMPREPLY, one per line, for the words given (the last one is the word completed).
bcomp() { # SCRIPT FUNCTION WORD...
    local script=$1 fn=$2
    shift 2
    bash --norc --noprofile -c '
        source "$1" || exit 3
        fn=$2; shift 2
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
        "$fn" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"' _ "$script" "$fn" "$@" | sed '/^$/d' | sort
}

# expect_words WHAT ACTUAL-FILE WORD...: every WORD is offered
expect_words() {
    local what=$1 file=$2 w missing=
    shift 2
    for w in "$@"; do grep -qxF -- "$w" "$file" || missing="$missing $w"; done
    if [ -n "$missing" ]; then fail "$what: missing$missing (got: $(tr '\n' ' ' <"$file"))"; else pass "$what"; fi
}
# expect_exact WHAT ACTUAL-FILE WORD...: exactly the WORDs are offered
expect_exact() {
    local what=$1 file=$2
    shift 2
    if [ $# -gt 0 ]; then printf '%s\n' "$@" | sort >"$T/want"; else : >"$T/want"; fi
    if cmp -s "$T/want" "$file"; then pass "$what"; else
        fail "$what: want $(tr '\n' ' ' <"$T/want")got $(tr '\n' ' ' <"$file")"; fi
}

# compare_sets WHAT HELP-FILE OFFERED-FILE
compare_sets() {
    local extra missing
    missing=$(comm -23 "$2" "$3" | tr '\n' ' ')
    extra=$(comm -13 "$2" "$3" | tr '\n' ' ')
    [ -z "$missing" ] || fail "$1: options of --help not offered: $missing"
    [ -z "$extra" ] || fail "$1: offers options --help lacks: $extra"
    [ -z "$missing$extra" ] && pass "$1: the $(wc -l <"$2") options of --help, no other"
}

bash_program() { # PROGRAM SCRIPT FUNCTION
    local prog=$1 script=$COMP/$2 fn=$3 ctx
    [ -f "$script" ] || { fail "$script missing"; return; }
    bash -n "$script" || { fail "bash -n $script"; return; }
    help_set "$prog" opt | sort -u >"$T/$prog.help"
    help_set "$prog" cmd | sort -u >"$T/$prog.cmds"
    : >"$T/$prog.all"
    for ctx in "" $(cat "$T/$prog.cmds"); do
        # shellcheck disable=SC2086
        bcomp "$script" "$fn" "$prog" $ctx - >"$T/ctx"
        [ -s "$T/ctx" ] || fail "bash $prog $ctx -<TAB>: nothing offered"
        extra=$(comm -13 "$T/$prog.help" "$T/ctx" | tr '\n' ' ')
        [ -z "$extra" ] || fail "bash $prog $ctx -<TAB>: offers options --help lacks: $extra"
        cat "$T/ctx" >>"$T/$prog.all"
    done
    sort -u "$T/$prog.all" -o "$T/$prog.all"
    compare_sets "bash $prog (all contexts)" "$T/$prog.help" "$T/$prog.all"
    bcomp "$script" "$fn" "$prog" "" >"$T/out"
    # shellcheck disable=SC2046
    expect_words "bash $prog <TAB>: the subcommands of --help" "$T/out" $(cat "$T/$prog.cmds")
}

# ---- bash ----
bash_program jtune jtune.bash _jtune
bash_program jtune-sim jtune-sim.bash _jtune_sim
J=$COMP/jtune.bash
boards=$(jtune-sim --list | awk '{print $1}')
[ -n "$boards" ] || fail "jtune-sim --list printed no board"
bcomp "$J" _jtune jtune --fo >"$T/out" && expect_exact "bash jtune --fo<TAB>" "$T/out" --format
bcomp "$J" _jtune jtune --format "" >"$T/out" &&
    expect_exact "bash jtune --format <TAB>" "$T/out" csv jsonl tegrastats
bcomp "$J" _jtune jtune --format = "" >"$T/out" &&
    expect_exact "bash jtune --format=<TAB>" "$T/out" csv jsonl tegrastats
bcomp "$J" _jtune jtune import x.log --format "" >"$T/out" &&
    expect_exact "bash jtune import x.log --format <TAB>" "$T/out" csv jsonl
# shellcheck disable=SC2086
bcomp "$J" _jtune "$BUILD/jtune" --board "" >"$T/out" &&
    expect_exact "bash jtune --board <TAB>: jtune-sim --list" "$T/out" $boards
bcomp "$J" _jtune jtune --demo --board orin-n >"$T/out" &&
    expect_exact "bash jtune --board orin-n<TAB> (jtune-sim on PATH)" "$T/out" $(printf '%s\n' $boards | grep '^orin-n')
bcomp "$J" _jtune jtune --apply-profile "" >"$T/out" &&
    expect_words "bash jtune --apply-profile <TAB>: profiles and files" "$T/out" cruise burst stock quiet mine.ini
bcomp "$J" _jtune jtune experiment --workload infer --a "" >"$T/out" &&
    expect_words "bash jtune experiment --a <TAB>" "$T/out" cruise burst stock quiet
bcomp "$J" _jtune jtune --run-workload "" >"$T/out" &&
    expect_exact "bash jtune --run-workload <TAB>" "$T/out" cpu-gemm cpu-copy gpu-gemm gpu-copy infer
bcomp "$J" _jtune jtune --theme "" >"$T/out" &&
    expect_words "bash jtune --theme <TAB>" "$T/out" default light mono solarized dusk
bcomp "$J" _jtune jtune plot run.csv -o x.svg --metrics power,t >"$T/out" &&
    expect_exact "bash jtune plot --metrics power,t<TAB>" "$T/out" power,temp
bcomp "$J" _jtune jtune replay "" >"$T/out" &&
    expect_exact "bash jtune replay <TAB>: files" "$T/out" mine.ini run.csv tree
bcomp "$J" _jtune jtune plot --from 5 r >"$T/out" &&
    expect_exact "bash jtune plot --from 5 r<TAB>: FILE" "$T/out" run.csv
bcomp "$J" _jtune jtune replay run.csv "" >"$T/out" &&
    expect_exact "bash jtune replay run.csv <TAB>: one FILE only" "$T/out"
bcomp "$J" _jtune jtune --root "" >"$T/out" &&
    expect_exact "bash jtune --root <TAB>: directories" "$T/out" tree
bcomp "$J" _jtune jtune --log "" >"$T/out" &&
    expect_exact "bash jtune --log <TAB>: files" "$T/out" mine.ini run.csv tree
bcomp "$J" _jtune jtune --interval "" >"$T/out" &&
    expect_exact "bash jtune --interval <TAB>: a number, nothing offered" "$T/out"
S=$COMP/jtune-sim.bash
# shellcheck disable=SC2086
bcomp "$S" _jtune_sim "$BUILD/jtune-sim" --root t --board "" >"$T/out" &&
    expect_words "bash jtune-sim --board <TAB>: jtune-sim --list" "$T/out" $boards
bcomp "$S" _jtune_sim jtune-sim nvpmodel --root t -"" >"$T/out" &&
    expect_words "bash jtune-sim nvpmodel -<TAB>" "$T/out" -q -p -m --verbose
bcomp "$S" _jtune_sim jtune-sim --ro >"$T/out" && expect_exact "bash jtune-sim --ro<TAB>" "$T/out" --root

# bash-completion's loader finds the scripts under their installed names
BC=/usr/share/bash-completion/bash_completion
if [ -r "$BC" ]; then
    mkdir -p "$T/bc/completions"
    cp "$COMP/jtune.bash" "$T/bc/completions/jtune"
    cp "$COMP/jtune-sim.bash" "$T/bc/completions/jtune-sim"
    for p in jtune jtune-sim; do
        got=$(BASH_COMPLETION_USER_DIR=$T/bc bash --norc --noprofile -i -c \
            "source $BC; __load_completion $p; complete -p $p" 2>/dev/null)
        case $got in
        *"-F _jtune"*" $p") pass "bash-completion loads $p from completions/$p ($got)" ;;
        *) fail "bash-completion did not load completions/$p (complete -p: '$got')" ;;
        esac
    done
else
    echo "skip: bash-completion is not installed: its loader is not checked"
fi

# ---- zsh ----
# The options in the _arguments specs: lines starting with ' then - or (, descriptions [...]
# and everything from the first ':' (the value's message and action) removed.
zsh_opts() {
    grep -E "^[[:space:]]*'[-(]" "$1" | sed -e 's/\[[^]]*\]//g' -e 's/:.*//' |
        grep -oE "(^|[[:space:]'{,()])--?[A-Za-z][A-Za-z0-9-]*" | sed "s/^[[:space:]'{,()]*//" | sort -u
}
# zsh's real completion system (tests/docs/zcomp.zsh types each line and TAB in a zpty):
# the candidates of each line go to $T/zq.N, N counting from 1 in the order given.
zq() {
    local i=0 line rc
    zsh -f "$SRC/tests/docs/zcomp.zsh" "$COMP" "$@" >"$T/zq.all" 2>"$T/zq.err"
    rc=$?
    [ "$rc" -eq 0 ] || { fail "zcomp.zsh failed ($rc): $(cat "$T/zq.err")"; return 1; }
    while IFS= read -r line; do
        case $line in "== "*) i=$((i + 1)); : >"$T/zq.$i"; continue ;; esac
        [ "$i" -gt 0 ] && printf '%s\n' "$line" >>"$T/zq.$i"
    done <"$T/zq.all"
}
zsh_dynamic() {
    local prog ctx i first last
    # one zsh for every line: the context lines of each program first, then the values
    set --
    for prog in jtune jtune-sim; do
        set -- "$@" "$prog -"
        for ctx in $(cat "$T/$prog.cmds"); do set -- "$@" "$prog $ctx -"; done
        echo "$#" >"$T/zlast.$prog"
    done
    ctxs=$#
    zq "$@" "jtune --fo" "jtune --format " "jtune import x.log --format " "jtune " "jtune --board " \
        "jtune --apply-profile " "jtune --run-workload " "jtune plot run.csv --metrics power,t" \
        "jtune replay " "jtune --theme " "jtune-sim " "jtune-sim --board " \
        "jtune-sim nvpmodel --root t -" || return
    first=1
    for prog in jtune jtune-sim; do
        last=$(cat "$T/zlast.$prog")
        : >"$T/z.all"
        for i in $(seq "$first" "$last"); do
            extra=$(comm -13 "$T/$prog.help" "$T/zq.$i" | tr '\n' ' ')
            [ -z "$extra" ] || fail "zsh: $(eval echo "\${$i}")<TAB> offers options --help lacks: $extra"
            cat "$T/zq.$i" >>"$T/z.all"
        done
        sort -u "$T/z.all" -o "$T/z.all"
        compare_sets "zsh $prog -<TAB> (all contexts, completion run)" "$T/$prog.help" "$T/z.all"
        first=$((last + 1))
    done
    z() { echo "$T/zq.$((ctxs + $1))"; }
    expect_exact "zsh jtune --fo<TAB>" "$(z 1)" --format
    expect_exact "zsh jtune --format <TAB>" "$(z 2)" csv jsonl tegrastats
    expect_exact "zsh jtune import x.log --format <TAB>" "$(z 3)" csv jsonl
    # shellcheck disable=SC2046
    expect_words "zsh jtune <TAB>: the subcommands of --help" "$(z 4)" $(cat "$T/jtune.cmds")
    # shellcheck disable=SC2086
    expect_exact "zsh jtune --board <TAB>: jtune-sim --list" "$(z 5)" $boards
    expect_words "zsh jtune --apply-profile <TAB>: profiles and files" "$(z 6)" cruise burst stock quiet mine.ini
    expect_exact "zsh jtune --run-workload <TAB>" "$(z 7)" cpu-gemm cpu-copy gpu-gemm gpu-copy infer
    expect_exact "zsh jtune plot --metrics power,t<TAB>" "$(z 8)" power,temp
    expect_words "zsh jtune replay <TAB>: files" "$(z 9)" run.csv mine.ini
    expect_words "zsh jtune --theme <TAB>" "$(z 10)" default light mono solarized dusk
    # shellcheck disable=SC2046
    expect_words "zsh jtune-sim <TAB>: the subcommands of --help" "$(z 11)" $(cat "$T/jtune-sim.cmds")
    # shellcheck disable=SC2086
    expect_words "zsh jtune-sim --board <TAB>: boards and board files" "$(z 12)" $boards mine.ini
    expect_words "zsh jtune-sim nvpmodel -<TAB>" "$(z 13)" -q -p -m --verbose
}

if command -v zsh >/dev/null 2>&1; then
    for pair in jtune:_jtune jtune-sim:_jtune-sim; do
        prog=${pair%%:*} file=$COMP/${pair#*:}
        [ -f "$file" ] || { fail "$file missing"; continue; }
        if zsh -n "$file"; then pass "zsh -n ${file##*/}"; else fail "zsh -n ${file##*/}"; fi
        head -n 1 "$file" | grep -qx "#compdef $prog" || fail "${file##*/}: first line is not '#compdef $prog'"
        zsh_opts "$file" >"$T/z.opts"
        compare_sets "zsh ${file##*/} (specs)" "$T/$prog.help" "$T/z.opts"
        while read -r c; do
            grep -q "'$c:" "$file" || fail "zsh ${file##*/}: subcommand $c (from --help) missing"
        done <"$T/$prog.cmds"
    done
    zsh_dynamic
else
    echo "skip: zsh is not installed: _jtune and _jtune-sim are not checked"
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "PASS"
