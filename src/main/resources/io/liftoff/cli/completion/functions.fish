
# The subcommand a command line runs: status for `liftoff-status ...` and for `liftoff status ...`.
function __liftoff_subcommand
    set -l tokens (commandline -opc)
    set -l program (string replace -r '.*/' '' -- $tokens[1])
    if test "$program" != liftoff
        string replace -r '^liftoff-' '' -- $program
    else if set -q tokens[2]; and contains -- $tokens[2] $__liftoff_subcommands
        echo $tokens[2]
    else
        echo launch
    end
end

# Whether the command line runs subcommand $argv[1].
function __liftoff_runs
    test (__liftoff_subcommand) = $argv[1]
end

# Whether the word at the cursor is liftoff's first: a subcommand, or the script to launch.
function __liftoff_first
    set -l tokens (commandline -opc)
    test (count $tokens) -eq 1; and test (string replace -r '.*/' '' -- $tokens[1]) = liftoff
end

# Whether the word at the cursor is no option (so a positional's names are worth asking for).
function __liftoff_positional
    not string match -q -- '-*' (commandline -ct)
end

# Prints the values of a kind (one of io.liftoff.cli.Completion.Kind); fish matches them to the word.
function __liftoff_values --argument-names kind
    set -l word (commandline -ct | string replace -r -- '^--[^=]*=' '')
    # A name, or a path when the word holds a slash or no name matches it.
    if string match -q -- '*+*' $kind
        if not string match -q -- '*/*' $word
            set -l names (__liftoff_values (string replace -r '\+.*' '' -- $kind))
            if set -q names[1]
                printf '%s\n' $names
                return
            end
        end
        set kind (string replace -r '.*\+' '' -- $kind)
    end
    switch $kind
        case files
            __fish_complete_path $word
        case directories
            __fish_complete_directories $word
        case experiments timestamps configs grids
            set -l tokens (commandline -opc)
            set -l liftoff liftoff
            # A wrapper typed with its path (bin/liftoff-status) asks the liftoff beside it.
            set -l beside (string replace -r '[^/]*$' '' -- $tokens[1])liftoff
            if string match -q -- '*/*' $tokens[1]; and test -x $beside
                set liftoff $beside
            end
            set -l options
            for i in (seq 2 (count $tokens))
                switch $tokens[$i]
                    case --results-path --configs-dir
                        set -l next (math $i + 1)
                        if set -q tokens[$next]
                            set -a options $tokens[$i]=(string replace -r '^~/' "$HOME/" -- $tokens[$next])
                        end
                    case '--results-path=*' '--configs-dir=*'
                        set -a options (string replace -r '=~/' "=$HOME/" -- $tokens[$i])
                end
            end
            $liftoff complete $options -- $kind 2>/dev/null
    end
end
