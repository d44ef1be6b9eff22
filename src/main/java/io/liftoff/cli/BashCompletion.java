package io.liftoff.cli;

import io.liftoff.cli.Completion.Command;
import io.liftoff.cli.Completion.Kind;
import io.liftoff.cli.Completion.Option;
import io.liftoff.cli.Completion.Positional;
import java.util.ArrayList;
import java.util.List;

/**
 * The bash script: for each subcommand a table function that says what follows a word, then the
 * functions that read the command line ({@code completion/functions.bash}), then {@code complete}.
 */
final class BashCompletion {
    private BashCompletion() {
    }

    static String script(List<Command> commands) {
        StringBuilder script = new StringBuilder();
        script.append("# Bash completion for liftoff and its wrappers in bin/, generated from liftoff's command model\n")
                .append("# by io.liftoff.cli.Completion (edit that, not this file). Install: in ~/.bashrc,\n")
                .append("#   source /path/to/liftoff/target/completion/liftoff.bash\n\n");
        List<String> subcommands = new ArrayList<>();
        List<String> programs = new ArrayList<>();
        for (Command command : commands) {
            programs.add(command.program());
            if (!command.name().equals(Commands.LAUNCH)) {
                subcommands.add(command.name());
            }
        }
        script.append("# What liftoff takes as its first word besides a script.\n")
                .append("__liftoff_subcommands='").append(String.join(" ", subcommands)).append("'\n\n")
                .append("# __liftoff_args_<subcommand> WORD sets __liftoff_kind to what follows WORD: the value of an option,\n")
                .append("# or positional N for @N (a kind of io.liftoff.cli.Completion.Kind; empty: nothing), and\n")
                .append("# __liftoff_more to a pattern of the further words of an option that takes several.\n")
                .append("# WORD \"options\" sets __liftoff_kind to every option.\n");
        for (Command command : commands) {
            table(script, command);
        }
        script.append(Completion.resource("functions.bash"))
                .append("\ncomplete -F _liftoff ").append(String.join(" ", programs)).append('\n');
        return script.toString();
    }

    private static void table(StringBuilder script, Command command) {
        String function = "__liftoff_args_" + command.name().replace('-', '_');
        List<String> names = new ArrayList<>();
        command.options().forEach(option -> names.addAll(option.names()));
        script.append("\n# ").append(command.program()).append(": ").append(command.description()).append('\n')
                .append(function).append("() {\n")
                .append("    __liftoff_more=\n")
                .append("    case $1 in\n")
                .append("        options) __liftoff_kind='").append(String.join(" ", names)).append("' ;;\n");
        for (Option option : command.options()) {
            if (option.kind() != Kind.FLAG) {
                script.append("        ").append(String.join(" | ", option.names())).append(") __liftoff_kind=").append(value(option.kind(), option.words()));
                if (option.continues() != null) {
                    script.append(" __liftoff_more='").append(option.continues()).append('\'');
                }
                script.append(" ;;\n");
            }
        }
        for (Positional positional : command.positionals()) {
            List<String> indexes = new ArrayList<>();
            for (int index = positional.from(); index <= positional.to(); index++) {
                indexes.add("@" + index);
            }
            if (positional.to() < 0) {
                indexes.add("@*");
            }
            script.append("        ").append(String.join(" | ", indexes)).append(") __liftoff_kind=")
                    .append(value(positional.kind(), List.of())).append(" ;; # ").append(positional.label()).append('\n');
        }
        script.append("        *) __liftoff_kind= ;;\n")
                .append("    esac\n")
                .append("}\n");
    }

    private static String value(Kind kind, List<String> words) {
        return kind == Kind.WORDS ? "'words:" + String.join(" ", words) + "'" : kind.word;
    }
}
