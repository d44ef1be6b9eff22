package io.liftoff.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes shell completion for {@code liftoff} and every wrapper in bin/, made from the command model
 * so that options never drift from the code (run by the build): {@code liftoff.bash}, {@code _liftoff}
 * (zsh) and {@code liftoff.fish} in the folder given. Words naming things on disk (experiments,
 * timestamps, configs, grids) are asked of {@code liftoff complete} ({@link CompleteCommand}) on TAB.
 */
public final class Completion {
    /** What a word completes to; the scripts know each kind by its {@link #word}. */
    enum Kind {
        /** An option without a value. */
        FLAG(""),
        /** A value no list can offer (a number, a duration): nothing. */
        TEXT("text"),
        /** The values picocli knows ({@code --color}). */
        WORDS("words"),
        FILES("files"),
        DIRECTORIES("directories"),
        EXPERIMENTS("experiments"),
        TIMESTAMPS("timestamps"),
        CONFIGS("configs"),
        GRIDS("grids"),
        /** A name, or a path when the word holds a slash (or no name matches it). */
        EXPERIMENTS_OR_DIRECTORIES("experiments+directories"),
        CONFIGS_OR_FILES("configs+files"),
        GRIDS_OR_DIRECTORIES("grids+directories");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    /**
     * An option: its names (with the {@code --no-} form of a negatable one), what its value completes
     * to, and, for options that take several words ({@link WordListConsumer}), a bash pattern of the
     * words after the first.
     */
    record Option(List<String> names, String label, String description, Kind kind, List<String> words,
            boolean repeatable, String continues) {
    }

    /** Positional parameters {@code from} to {@code to} (0-based; -1: all that follow). */
    record Positional(int from, int to, String label, Kind kind) {
    }

    /** A subcommand ({@code status}) and the wrapper that runs it ({@code liftoff-status}). */
    record Command(String name, String program, String description, List<Option> options, List<Positional> positionals) {
    }

    private Completion() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        Files.createDirectories(folder);
        List<Command> commands = commands();
        Files.writeString(folder.resolve("liftoff.bash"), BashCompletion.script(commands), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("_liftoff"), ZshCompletion.script(commands), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("liftoff.fish"), FishCompletion.script(commands), StandardCharsets.UTF_8);
    }

    /** Every subcommand, in the order of {@link Commands#NAMES}. */
    static List<Command> commands() {
        List<Command> commands = new ArrayList<>();
        for (String name : Commands.NAMES) {
            commands.add(command(name, Commands.create(name).getCommandSpec()));
        }
        return commands;
    }

    private static Command command(String name, CommandSpec spec) {
        boolean selecting = spec.mixins().values().stream().anyMatch(mixin -> mixin.userObject() instanceof SelectionMixin);
        List<Option> options = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            List<String> names = new ArrayList<>(List.of(option.names()));
            if (option.negatable()) {
                for (String optionName : option.names()) {
                    if (optionName.startsWith("--")) {
                        names.add(spec.negatableOptionTransformer().makeNegative(optionName, spec));
                    }
                }
            }
            Kind kind = kind(option, selecting);
            List<String> words = new ArrayList<>();
            if (kind == Kind.WORDS) {
                option.completionCandidates().forEach(words::add);
            }
            options.add(new Option(names, option.paramLabel(), summary(option.description()), kind, words,
                    option.isMultiValue(), continues(option)));
        }
        List<Positional> positionals = new ArrayList<>();
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (!positional.hidden()) {
                positionals.add(new Positional(positional.index().min(),
                        positional.index().max() == Integer.MAX_VALUE ? -1 : positional.index().max(),
                        positional.paramLabel(), kind(positional, selecting)));
            }
        }
        return new Command(name, Commands.programName(name), summary(spec.usageMessage().description()), options, positionals);
    }

    /**
     * What the value of an option or positional completes to. In commands that select existing
     * experiments ({@link SelectionMixin}), EXPERIMENT and -e name one; elsewhere ({@code liftoff -e},
     * {@code liftoff-prepare EXPERIMENT}) they name a grid in the configs folder.
     */
    static Kind kind(ArgSpec arg, boolean selecting) {
        if (arg.arity().max() == 0) {
            return Kind.FLAG;
        }
        if (arg.completionCandidates() != null) {
            return Kind.WORDS;
        }
        List<String> names = arg.isOption() ? List.of(((OptionSpec) arg).names()) : List.of();
        String label = arg.paramLabel();
        if (names.contains("--experiment")) {
            return selecting ? Kind.EXPERIMENTS : Kind.GRIDS;
        }
        if (!arg.isOption() && label.equals("EXPERIMENT")) {
            return selecting ? Kind.EXPERIMENTS_OR_DIRECTORIES : Kind.GRIDS_OR_DIRECTORIES;
        }
        if (names.contains("--timestamp")) {
            return Kind.TIMESTAMPS;
        }
        if (names.contains("--config-file") || names.contains("--default-config-file")) {
            return Kind.CONFIGS_OR_FILES;
        }
        if (Path.class.isAssignableFrom(arg.type())) {
            return label.endsWith("DIR") ? Kind.DIRECTORIES : Kind.FILES;
        }
        if (label.equals("SCRIPT") || label.equals("PATH")) {
            return Kind.FILES;
        }
        return Kind.TEXT;
    }

    /** The words after the first of an option that takes several, as a bash pattern; null for other options. */
    private static String continues(OptionSpec option) {
        if (option.parameterConsumer() instanceof WordListConsumer.KeyValues) {
            return "?*=*";
        }
        if (option.parameterConsumer() instanceof WordListConsumer.GpuWords) {
            return "@([0-9]*|auto|GPU-*|MIG-*)";
        }
        return null;
    }

    /** The hand-written part of a script, from {@code src/main/resources/io/liftoff/cli/completion/}. */
    static String resource(String name) {
        try (java.io.InputStream in = Completion.class.getResourceAsStream("completion/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first sentence of a description, at most about 80 characters: what zsh and fish show beside a name. */
    static String summary(String[] description) {
        if (description.length == 0) {
            return "";
        }
        String text = description[0].strip().replaceAll("\\s+", " ");
        int end = text.indexOf(". ");
        text = end >= 0 ? text.substring(0, end) : text.replaceFirst("\\.$", "");
        if (text.length() > 80) {
            text = text.substring(0, text.lastIndexOf(' ', 77)) + "...";
        }
        return text;
    }
}
