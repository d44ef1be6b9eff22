
# Completes the word at the cursor for liftoff and each wrapper.
_liftoff() {
    local __liftoff_command=$words[1] subcommand=${words[1]:t} ret=1
    if [[ $subcommand != liftoff ]]; then
        subcommand=${subcommand#liftoff-}
    elif (( CURRENT > 2 && ${__liftoff_subcommands[(Ie)$words[2]]} )); then
        subcommand=$words[2]
        shift words
        (( CURRENT-- ))
    else
        subcommand=launch
        if (( CURRENT == 2 )) && [[ $PREFIX != -* ]]; then
            _describe -t subcommands subcommand __liftoff_subcommand_descriptions && ret=0
        fi
    fi
    local table=__liftoff_args_${subcommand//-/_}
    (( $+functions[$table] )) && $table && ret=0
    return ret
}

# Offers the values of a kind (one of io.liftoff.cli.Completion.Kind) for the word at the cursor.
__liftoff_values() {
    local kind=$1 liftoff=liftoff i value expl
    local -a options names
    # A name, or a path when the word holds a slash or no name matches it.
    if [[ $kind == *+* ]]; then
        if [[ $PREFIX != */* ]]; then
            __liftoff_values ${kind%+*} && return 0
        fi
        kind=${kind#*+}
    fi
    case $kind in
        (files) _files; return ;;
        (directories) _files -/; return ;;
    esac
    # An option is being typed, not a name: no need to ask.
    [[ $PREFIX == -* ]] && return 1
    # A wrapper typed with its path (bin/liftoff-status) asks the liftoff beside it.
    if [[ $__liftoff_command == */* && -x ${__liftoff_command:h}/liftoff ]]; then
        liftoff=${__liftoff_command:h}/liftoff
    fi
    for (( i = 2; i < CURRENT; i++ )); do
        case $words[i] in
            (--results-path|--configs-dir)
                value=${(Q)words[i+1]}
                (( i + 1 < CURRENT )) && options+=($words[i]=${value/#\~/$HOME})
                ;;
            (--results-path=*|--configs-dir=*)
                value=${(Q)words[i]#*=}
                options+=(${words[i]%%=*}=${value/#\~/$HOME})
                ;;
        esac
    done
    names=(${(f)"$($liftoff complete $options -- $kind ${(Q)PREFIX} 2>/dev/null)"})
    (( $#names )) || return 1
    _wanted $kind expl ${kind%s} compadd -a names
}
