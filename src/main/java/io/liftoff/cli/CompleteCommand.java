package io.liftoff.cli;

import io.liftoff.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.SortedSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code liftoff complete KIND [PREFIX]}: what the shell completion scripts ({@link Completion}) offer
 * for a word that names something on disk, one per line. Runs on every TAB, so it only lists folders.
 * Hidden: it is not for people, and neither help nor completion shows it.
 */
@Command(name = "liftoff-complete", hidden = true, description = "Used by liftoff's shell completion.")
public final class CompleteCommand extends BaseCommand {
    /** What to list: experiment names and folder names, their timestamps, config names, grid names, subcommands. */
    enum Kind { experiments, timestamps, configs, grids, commands }

    @Parameters(index = "0", paramLabel = "KIND")
    Kind kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PREFIX", defaultValue = "")
    String prefix;

    @Option(names = "--results-path", paramLabel = "DIR", defaultValue = "results")
    Path resultsPath;

    @Option(names = "--configs-dir", paramLabel = "DIR", defaultValue = "configs")
    Path configsDir;

    @Override
    protected ExitCode execute() {
        PrintWriter out = out();
        for (String candidate : candidates()) {
            out.println(candidate);
        }
        return ExitCode.OK;
    }

    private SortedSet<String> candidates() {
        switch (kind) {
            case experiments:
                return Candidates.experiments(resultsPath, prefix);
            case timestamps:
                return Candidates.timestamps(resultsPath, prefix);
            case configs:
                return Candidates.configs(configsDir, prefix);
            case grids:
                return Candidates.grids(configsDir, prefix);
            default:
                return Candidates.commands(prefix);
        }
    }
}
