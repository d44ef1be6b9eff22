package io.liftoff.cli;

import io.liftoff.cli.Completion.Command;
import io.liftoff.cli.Completion.Kind;
import io.liftoff.cli.Completion.Option;
import io.liftoff.cli.Completion.Positional;
import java.util.ArrayList;
import java.util.List;

/**
 * The fish script: the functions that tell which subcommand a line runs and ask for names
 * ({@code completion/functions.fish}), then, for each subcommand, its completions for
 * {@code liftoff SUBCOMMAND} and for its wrapper.
 */
final class FishCompletion {
    private FishCompletion() {
    }

    static String script(List<Command> commands) {
        List<String> subcommands = new ArrayList<>();
        StringBuilder first = new StringBuilder("\n# liftoff's first word: a subcommand, or the script to launch.\n");
        for (Command command : commands) {
            if (!command.name().equals(Commands.LAUNCH)) {
                subcommands.add(command.name());
                first.append("complete -c liftoff -n __liftoff_first -a ").append(quote(command.name()))
                        .append(" -d ").append(quote(command.description())).append('\n');
            }
        }
        StringBuilder script = new StringBuilder();
        script.append("# Fish completion for liftoff and its wrappers in bin/, generated from liftoff's command model\n")
                .append("# by io.liftoff.cli.Completion (edit that, not this file). Install: link it into\n")
                .append("# ~/.config/fish/completions/ under the name of each command (README, \"Shell completion\").\n\n")
                .append("# What liftoff takes as its first word besides a script.\n")
                .append("set -g __liftoff_subcommands ").append(String.join(" ", subcommands)).append('\n')
                .append(Completion.resource("functions.fish"))
                .append(first);
        for (Command command : commands) {
            completions(script, command);
        }
        return script.toString();
    }

    private static void completions(StringBuilder script, Command command) {
        String programs = command.name().equals(Commands.LAUNCH) ? "liftoff" : "liftoff " + command.program();
        String when = "complete -c $command -n " + quote("__liftoff_runs " + command.name());
        script.append("\n# ").append(command.program()).append(": ").append(command.description()).append('\n')
                .append("for command in ").append(programs).append('\n');
        boolean paths = command.positionals().stream().anyMatch(p -> p.kind() == Kind.FILES || p.kind() == Kind.DIRECTORIES);
        if (!paths) {
            script.append("    ").append(when).append(" -f\n");
        }
        for (Option option : command.options()) {
            StringBuilder line = new StringBuilder("    ").append(when);
            for (String name : option.names()) {
                line.append(name.startsWith("--") ? " -l " + name.substring(2) : name.length() == 2 ? " -s " + name.substring(1) : " -o " + name.substring(1));
            }
            if (option.kind() != Kind.FLAG) {
                line.append(" -x");
                String values = values(option.kind(), option.words());
                if (!values.isEmpty()) {
                    line.append(" -a ").append(quote(values));
                }
            }
            script.append(line).append(" -d ").append(quote(option.description())).append('\n');
        }
        for (Positional positional : command.positionals()) {
            String values = values(positional.kind(), List.of());
            if (positional.kind() != Kind.FILES && positional.kind() != Kind.DIRECTORIES && !values.isEmpty()) {
                script.append("    complete -c $command -n ").append(quote("__liftoff_runs " + command.name() + "; and __liftoff_positional"))
                        .append(" -a ").append(quote(values)).append(" # ").append(positional.label()).append('\n');
            }
        }
        script.append("end\n");
    }

    private static String values(Kind kind, List<String> words) {
        switch (kind) {
            case TEXT:
                return "";
            case WORDS:
                return String.join(" ", words);
            default:
                return "(__liftoff_values " + kind.word + ")";
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
