package io.liftoff.cli;

import io.liftoff.ExitCode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
        output.apply();
        return execute().code();
    }

    protected abstract ExitCode execute();

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
