package io.liftoff.cli;

import io.liftoff.cli.Completion.Command;
import io.liftoff.cli.Completion.Kind;
import io.liftoff.cli.Completion.Option;
import io.liftoff.cli.Completion.Positional;
import java.util.ArrayList;
import java.util.List;

/**
 * The zsh script ({@code _liftoff}, for a folder in fpath, or sourced): for each subcommand a function
 * that hands its options and positionals to {@code _arguments}, then the functions that dispatch and
 * ask for names ({@code completion/functions.zsh}).
 */
final class ZshCompletion {
    private ZshCompletion() {
    }

    static String script(List<Command> commands) {
        List<String> programs = new ArrayList<>();
        List<String> subcommands = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (Command command : commands) {
            programs.add(command.program());
            if (!command.name().equals(Commands.LAUNCH)) {
                subcommands.add(command.name());
                described.add(quote(command.name() + ":" + command.description()));
            }
        }
        StringBuilder script = new StringBuilder();
        script.append("#compdef ").append(String.join(" ", programs)).append('\n')
                .append("# Zsh completion for liftoff and its wrappers in bin/, generated from liftoff's command model\n")
                .append("# by io.liftoff.cli.Completion (edit that, not this file). Install: put its folder in fpath\n")
                .append("# before compinit runs, or source it after compinit.\n\n")
                .append("# What liftoff takes as its first word besides a script.\n")
                .append("__liftoff_subcommands=(").append(String.join(" ", subcommands)).append(")\n")
                .append("__liftoff_subcommand_descriptions=(\n");
        described.forEach(line -> script.append("    ").append(line).append('\n'));
        script.append(")\n");
        for (Command command : commands) {
            arguments(script, command);
        }
        script.append(Completion.resource("functions.zsh"))
                .append("\n# Autoloaded from fpath, this file is the body of _liftoff; sourced, it registers it.\n")
                .append("if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n")
                .append("    _liftoff \"$@\"\n")
                .append("else\n")
                .append("    compdef _liftoff ").append(String.join(" ", programs)).append('\n')
                .append("fi\n");
        return script.toString();
    }

    private static void arguments(StringBuilder script, Command command) {
        List<String> specs = new ArrayList<>();
        for (Option option : command.options()) {
            String exclusive = option.repeatable() ? "*" : "(" + String.join(" ", option.names()) + ")";
            for (String name : option.names()) {
                String takes = option.kind() == Kind.FLAG ? "" : name.startsWith("--") ? "=" : "+";
                String value = option.kind() == Kind.FLAG ? "" : ":" + label(option.label()) + ":" + action(option.kind(), option.words());
                specs.add(quote(exclusive + name + takes + "[" + explanation(option.description()) + "]" + value));
            }
        }
        for (Positional positional : command.positionals()) {
            String value = ":" + label(positional.label()) + ":" + action(positional.kind(), List.of());
            for (int index = positional.from(); index <= positional.to(); index++) {
                specs.add(quote((index + 1) + value));
            }
            if (positional.to() < 0) {
                specs.add(quote("*" + value));
            }
        }
        script.append("\n# ").append(command.program()).append(": ").append(command.description()).append('\n')
                .append("__liftoff_args_").append(command.name().replace('-', '_')).append("() {\n")
                .append("    _arguments -s -S : \\\n");
        for (int i = 0; i < specs.size(); i++) {
            script.append("        ").append(specs.get(i)).append(i < specs.size() - 1 ? " \\\n" : "\n");
        }
        script.append("}\n");
    }

    private static String action(Kind kind, List<String> words) {
        switch (kind) {
            case TEXT:
                return " ";
            case WORDS:
                return "(" + String.join(" ", words) + ")";
            case FILES:
                return "_files";
            case DIRECTORIES:
                return "_files -/";
            default:
                return "{__liftoff_values " + kind.word + "}";
        }
    }

    /** An option's explanation goes in brackets, which it must not hold itself. */
    private static String explanation(String text) {
        return text.replace('[', '(').replace(']', ')').replace("\\", "");
    }

    /** A value's message sits between colons. */
    private static String label(String text) {
        return text.replace(":", "\\:");
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
