package io.liftoff.cli;

import io.liftoff.store.ExperimentSelector;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The one way commands select existing experiments ({@link ExperimentSelector}): a folder, -e NAME, -t TIMESTAMP. */
public final class SelectionMixin {
    @Parameters(index = "0", arity = "0..1", paramLabel = "EXPERIMENT", description = "An experiment folder (or name).")
    String folder;

    @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Experiments named NAME (or whose name contains NAME).")
    String name;

    @Option(names = {"-t", "--timestamp"}, paramLabel = "TS", description = "Experiments whose timestamp starts with TS.")
    String timestamp;

    @Option(names = "--results-path", paramLabel = "DIR", defaultValue = "results", description = "Results folder (default: ./results).")
    Path resultsPath;

    ExperimentSelector selector() {
        return new ExperimentSelector(resultsPath, folder, name, timestamp);
    }
}
