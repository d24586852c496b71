# SPDX-License-Identifier: MIT
# bash completion for jtune-sim(1)                               -*- shell-script -*-
# Installed as <datadir>/bash-completion/completions/jtune-sim (loaded on first use by
# bash-completion), or source it from ~/.bashrc. Self-contained. Every option of
# "jtune-sim --help" and of "jtune-sim nvpmodel" is offered, and no other:
# tests/docs/completion.sh checks that against the program.

_jtune_sim_opts_main='--root --board --seed --hz --once --ticks --ready-fd --list --help'
_jtune_sim_opts_nvpmodel='--root -q --query -p --print -m --mode -f --conf --verbose'
_jtune_sim_commands='nvpmodel'

# COMPREPLY += the words of $1 that start with $2.
_jtune_sim_words() {
    local IFS=$' \t\n' w
    for w in $1; do
        [[ $w == "$2"* ]] && COMPREPLY+=("$w")
    done
}

# COMPREPLY += file names (-f) or directory names (-d) that start with $2.
_jtune_sim_files() {
    local IFS=$'\n' f
    compopt -o filenames 2>/dev/null
    for f in $(compgen "$1" -- "$2"); do
        COMPREPLY+=("$f")
    done
}

_jtune_sim() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    ((COMP_CWORD > 1)) && [[ ${COMP_WORDS[1]} == nvpmodel ]] && cmd=nvpmodel
    COMPREPLY=()
    case $prev in
    --root) _jtune_sim_files -d "$cur"; return 0 ;;
    --board)
        # the boards of this jtune-sim, and board files
        local sim=${COMP_WORDS[0]} names
        [[ $sim == */* && -x $sim ]] || sim=jtune-sim
        names=$("$sim" --list 2>/dev/null | while read -r n _; do printf '%s\n' "$n"; done)
        _jtune_sim_words "$names" "$cur"
        _jtune_sim_files -f "$cur"
        return 0
        ;;
    -f | --conf) _jtune_sim_files -f "$cur"; return 0 ;;
    --seed | --hz | --ticks | --ready-fd | -m | --mode) return 0 ;;
    esac
    if [[ $cur == -* ]]; then
        local var=_jtune_sim_opts_${cmd:-main}
        _jtune_sim_words "${!var}" "$cur"
    elif ((COMP_CWORD == 1)); then
        _jtune_sim_words "$_jtune_sim_commands" "$cur"
    fi
    return 0
}
complete -F _jtune_sim jtune-sim
