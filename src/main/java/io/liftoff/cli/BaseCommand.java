package io.liftoff.cli;

import io.liftoff.ExitCode;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ParseResult.GroupMatch;
import picocli.CommandLine.ParseResult.GroupMatchContainer;
import picocli.CommandLine.Spec;

/**
 * What every liftoff command shares: {@code --help}, {@code --version}, {@code --color},
 * {@code --verbose}, its output streams (picocli's, so tests run commands in-process), and an
 * {@link ExitCode} as its result. A command implements {@link #execute()}; errors are thrown as
 * {@link io.liftoff.LiftoffException} and printed by {@link Commands}.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        usageHelpAutoWidth = true)
public abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    OutputMixin output;

    @Override
    public final Integer call() {
        onlyOnce(spec.commandLine().getParseResult());
        output.apply();
        return execute().code();
    }

    protected abstract ExitCode execute();

    /**
     * An option given twice is bad usage, in an argument group as outside one. Groups only sort {@code --help}
     * into sections, but picocli starts a second instance of a group whose option comes again (dropping what
     * the first one held), so the rule picocli applies to other options is applied here, with its words.
     */
    static void onlyOnce(ParseResult parsed) {
        Set<ArgSpec> seen = new HashSet<>();
        for (GroupMatch match : parsed.getGroupMatches()) {
            onlyOnce(parsed.commandSpec(), match, seen);
        }
    }

    private static void onlyOnce(CommandSpec command, GroupMatch match, Set<ArgSpec> seen) {
        for (GroupMatchContainer container : match.matchedSubgroups().values()) {
            for (GroupMatch inner : container.matches()) {
                for (ArgSpec arg : container.group().args()) {
                    if (!inner.matchedValues(arg).isEmpty() && !seen.add(arg)) {
                        throw new OverwrittenOptionException(command.commandLine(), arg, "option '"
                                + ((OptionSpec) arg).longestName() + "'" + (arg.arity().max > 0 ? " (" + arg.paramLabel() + ")" : "")
                                + " should be specified only once");
                    }
                }
                onlyOnce(command, inner, seen);
            }
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected Ansi ansi() {
        return output.ansi();
    }

    /** The command as users type it: {@code liftoff-status}. */
    protected String program() {
        return spec.commandLine().getCommandName();
    }
}
