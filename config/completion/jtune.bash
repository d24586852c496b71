# SPDX-License-Identifier: MIT
# bash completion for jtune(1)                                   -*- shell-script -*-
# Installed as <datadir>/bash-completion/completions/jtune (loaded on first use by
# bash-completion), or source it from ~/.bashrc. Self-contained: needs no bash-completion
# helper functions. Every option of "jtune --help" is offered, and no other:
# tests/docs/completion.sh checks that against the program.

# Options per context: no subcommand, and each subcommand.
_jtune_opts_main='--root --demo --board --seed --interval --display-interval --theme --config --no-color --page
 --monitor-only --no-procs --info --keep-serial --headless --count --duration --log --format --rails-only --realtime --log-max-mb
 --prom-textfile --restore --state-dir --apply-profile --dry-run --yes --run-workload
 -o --output -h --help -V --version'
_jtune_opts_replay='--interval --tz --strict --theme --config --no-color --page -h --help'
_jtune_opts_plot='-o --output --metrics --from --to --interval --tz --strict -h --help'
_jtune_opts_import='-o --output --format --interval --tz --strict -h --help'
_jtune_opts_experiment='--workload --a --b --repeats --settle -o --output --root --demo
 --board --seed --interval --config --log --state-dir -h --help'
_jtune_opts_capture='-o --output --keep-serial --root -h --help'
_jtune_commands='replay plot import experiment capture'
# The options that take a value.
_jtune_valued='--root --state-dir --board --format --theme --apply-profile --a --b
 --run-workload --workload --metrics --config --log -o --output --prom-textfile --seed
 --interval --display-interval --page --count --duration --log-max-mb --from --to --repeats --settle --tz'

# Whether option $1 takes a value.
_jtune_takes_value() {
    local o
    for o in $_jtune_valued; do
        [[ $o == "$1" ]] && return 0
    done
    return 1
}

# COMPREPLY from a list of words (one per line or blank-separated) that start with $2.
_jtune_words() {
    local IFS=$' \t\n' w
    COMPREPLY=()
    for w in $1; do
        [[ $w == "$2"* ]] && COMPREPLY+=("$w")
    done
}

# Append file names (or, with -d, directory names) that start with $2.
_jtune_files() {
    local IFS=$'\n' f
    compopt -o filenames 2>/dev/null
    for f in $(compgen "$1" -- "$2"); do
        COMPREPLY+=("$f")
    done
}

# The board names of jtune-sim --list: the jtune-sim beside the jtune being completed, else
# the one on PATH.
_jtune_boards() {
    local sim=jtune-sim dir=${1%/*}
    if [[ $1 == */* && -x $dir/jtune-sim ]]; then
        sim=$dir/jtune-sim
    fi
    "$sim" --list 2>/dev/null | while read -r name _; do printf '%s\n' "$name"; done
}

# Profile names: the shipped three and the .ini files of the profile directories.
_jtune_profiles() {
    local d f base=${XDG_CONFIG_HOME:-$HOME/.config}/jtune/profiles
    printf '%s\n' cruise burst stock max-clocks
    for d in "$base" /etc/jtune/profiles; do
        for f in "$d"/*.ini "$d"/*/*.ini; do
            [[ -f $f ]] || continue
            f=${f##*/}
            printf '%s\n' "${f%.ini}"
        done
    done
}

# Theme names: the shipped four and the .theme files of the user and installed directories.
_jtune_themes() {
    local d f
    printf '%s\n' default light mono solarized
    for d in "${XDG_CONFIG_HOME:-$HOME/.config}/jtune/themes" /usr/share/jtune/themes \
        /usr/local/share/jtune/themes; do
        for f in "$d"/*.theme; do
            [[ -f $f ]] || continue
            f=${f##*/}
            printf '%s\n' "${f%.theme}"
        done
    done
}

# Workloads: the built-ins and the [workload.NAME] sections of the configuration.
_jtune_workloads() {
    printf '%s\n' cpu-gemm cpu-copy gpu-gemm gpu-copy
    sed -n 's/^[[:space:]]*\[workload\.\([^]]*\)\][[:space:]]*$/\1/p' \
        "${XDG_CONFIG_HOME:-$HOME/.config}/jtune/jtune.ini" /etc/jtune/jtune.ini 2>/dev/null
}

# Complete the value of option $1 from the current word $2 (subcommand $3). 0 when $1 takes
# a value (COMPREPLY set, possibly empty), 1 when it does not.
_jtune_value() {
    local opt=$1 cur=$2 cmd=$3 prog=$4
    COMPREPLY=()
    case $opt in
    --root | --state-dir) _jtune_files -d "$cur" ;;
    --board) _jtune_words "$(_jtune_boards "$prog")" "$cur" ;;
    --format)
        if [[ $cmd == import ]]; then
            _jtune_words 'csv jsonl' "$cur"
        else
            _jtune_words 'csv jsonl tegrastats' "$cur"
        fi
        ;;
    --theme)
        _jtune_words "$(_jtune_themes)" "$cur"
        _jtune_files -f "$cur"
        ;;
    --apply-profile | --a | --b)
        _jtune_words "$(_jtune_profiles)" "$cur"
        _jtune_files -f "$cur"
        ;;
    --run-workload | --workload) _jtune_words "$(_jtune_workloads)" "$cur" ;;
    --metrics)
        # a comma-separated list: complete the last element
        local head= last=$cur g
        if [[ $cur == *,* ]]; then
            head=${cur%,*},
            last=${cur##*,}
        fi
        for g in power temp cpu gpu emc fan mem; do
            [[ $g == "$last"* ]] && COMPREPLY+=("$head$g")
        done
        compopt -o nospace 2>/dev/null
        ;;
    --config | --log | -o | --output | --prom-textfile) _jtune_files -f "$cur" ;;
    *) _jtune_takes_value "$opt" || return 1 ;;
    esac
    return 0
}

_jtune() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= i w
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --opt=value: bash splits the word at '='
    if [[ $cur == = ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    if ((COMP_CWORD > 1)); then
        w=${COMP_WORDS[1]}
        case " $_jtune_commands " in *" $w "*) cmd=$w ;; esac
    fi
    if _jtune_value "$prev" "$cur" "$cmd" "${COMP_WORDS[0]}"; then
        return 0
    fi
    if [[ $cur == -* ]]; then
        local var=_jtune_opts_${cmd:-main}
        _jtune_words "${!var}" "$cur"
        return 0
    fi
    COMPREPLY=()
    if ((COMP_CWORD == 1)); then
        _jtune_words "$_jtune_commands" "$cur"
        return 0
    fi
    # the FILE of replay, plot and import: the first word after the subcommand that is not
    # an option or an option's value
    case $cmd in
    replay | plot | import)
        local have_file=
        for ((i = 2; i < COMP_CWORD; i++)); do
            w=${COMP_WORDS[i]}
            [[ $w == -* || $w == = ]] && continue
            w=${COMP_WORDS[i - 1]}
            [[ $w == = ]] && continue
            _jtune_takes_value "$w" && continue
            have_file=1
        done
        COMPREPLY=()
        [[ -z $have_file ]] && _jtune_files -f "$cur"
        ;;
    esac
    return 0
}
complete -F _jtune jtune
