
# Completes the word at the cursor for liftoff and each wrapper. Reads COMP_WORDS with
# --option=value as one word again (bash splits it at = when = is in COMP_WORDBREAKS, its default).
_liftoff() {
    local words=() cword=0 i word glued=
    for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
        word=${COMP_WORDS[i]}
        if [[ -n $glued || ($word == = && ${#words[@]} -gt 1 && ${words[${#words[@]} - 1]} == --*) ]]; then
            words[${#words[@]} - 1]+=$word
            [[ $word == = ]] && glued=1 || glued=
        else
            words+=("$word")
            glued=
        fi
        ((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
    done
    local cur=${words[cword]} program=${words[0]##*/} subcommand start=1
    if [[ $program != liftoff ]]; then
        subcommand=${program#liftoff-}
    elif ((cword > 1)) && [[ " $__liftoff_subcommands " == *" ${words[1]} "* ]]; then
        subcommand=${words[1]}
        start=2
    else
        subcommand=launch
    fi
    local table=__liftoff_args_${subcommand//-/_}
    declare -F "$table" >/dev/null || return 0

    # What the words before the cursor leave to it: the value of an option, or the next positional.
    local value_of= more= positional=0 ended=
    for ((i = start; i < cword; i++)); do
        word=${words[i]}
        if [[ -n $value_of ]]; then
            value_of=
        elif [[ -n $more && $word != -* && $word == $more ]]; then
            : # one more word of an option that takes several
        elif [[ -z $ended && $word == -- ]]; then
            ended=1
            more=
        elif [[ -z $ended && $word == -?* ]]; then
            "$table" "${word%%=*}"
            [[ -n $__liftoff_kind && $word != *=* ]] && value_of=$word
            more=$__liftoff_more
        else
            positional=$((positional + 1))
            more=
        fi
    done

    COMPREPLY=()
    if [[ -n $value_of ]]; then
        "$table" "$value_of"
        __liftoff_values "$__liftoff_kind" "$cur" ""
    elif [[ -z $ended && $cur == --*=* ]]; then
        "$table" "${cur%%=*}"
        # Where = breaks words, bash replaces only what follows it.
        if [[ $COMP_WORDBREAKS == *=* ]]; then
            __liftoff_values "$__liftoff_kind" "${cur#*=}" ""
        else
            __liftoff_values "$__liftoff_kind" "${cur#*=}" "${cur%%=*}="
        fi
    elif [[ -z $ended && $cur == -* ]]; then
        "$table" options
        COMPREPLY=($(compgen -W "$__liftoff_kind" -- "$cur"))
    else
        "$table" "@$positional"
        __liftoff_values "$__liftoff_kind" "$cur" ""
        if [[ $subcommand == launch ]] && ((cword == 1)); then
            COMPREPLY+=($(compgen -W "$__liftoff_subcommands" -- "$cur"))
        fi
    fi
}

# Sets COMPREPLY to the values of a kind that start with $2, each after $3.
__liftoff_values() {
    local kind=$1 prefix=$2 before=$3 values=() value
    # A name, or a path when the word holds a slash or no name matches it.
    if [[ $kind == *+* ]]; then
        if [[ $prefix != */* ]]; then
            __liftoff_values "${kind%+*}" "$prefix" "$before"
            ((${#COMPREPLY[@]} > 0)) && return
        fi
        kind=${kind#*+}
    fi
    case $kind in
        files)
            compopt -o filenames 2>/dev/null
            mapfile -t values < <(compgen -f -- "$prefix")
            ;;
        directories)
            compopt -o filenames 2>/dev/null
            mapfile -t values < <(compgen -d -- "$prefix")
            ;;
        words:*)
            mapfile -t values < <(compgen -W "${kind#words:}" -- "$prefix")
            ;;
        experiments | timestamps | configs | grids)
            while IFS= read -r value; do
                printf -v value %q "$value"
                values+=("$value")
            done < <(__liftoff_ask "$kind" "$prefix")
            ;;
    esac
    COMPREPLY=("${values[@]/#/$before}")
}

# Prints the names of a kind that start with $2, as `liftoff complete` finds them, given the
# --results-path and --configs-dir on the command line (words and cword of _liftoff).
__liftoff_ask() {
    local liftoff=liftoff options=() i word
    # A wrapper typed with its path (bin/liftoff-status) asks the liftoff beside it.
    if [[ ${words[0]} == */* && -x ${words[0]%/*}/liftoff ]]; then
        liftoff=${words[0]%/*}/liftoff
    fi
    for ((i = 1; i < cword; i++)); do
        word=${words[i]}
        case $word in
            --results-path | --configs-dir)
                ((i + 1 < cword)) && options+=("$word=$(__liftoff_unquote "${words[i + 1]}")")
                ;;
            --results-path=* | --configs-dir=*)
                options+=("${word%%=*}=$(__liftoff_unquote "${word#*=}")")
                ;;
        esac
    done
    "$liftoff" complete "${options[@]}" -- "$1" "$2" 2>/dev/null
}

# A word as the shell passes it, in the usual cases: surrounding quotes and backslashes removed, ~/ expanded.
__liftoff_unquote() {
    local word=$1
    if [[ $word == \'*\' || $word == \"*\" ]]; then
        word=${word:1:${#word}-2}
    fi
    word=${word//\\/}
    [[ $word == "~/"* ]] && word=$HOME/${word#"~/"}
    printf %s "$word"
}
