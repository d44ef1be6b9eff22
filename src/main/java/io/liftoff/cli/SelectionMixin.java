package io.liftoff.cli;

import io.liftoff.store.Experiment;
import io.liftoff.store.Results;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --results-path}, {@code -e NAME} and {@code -t TIMESTAMP}: which experiments a command looks at. */
public final class SelectionMixin {
    @Option(names = "--results-path", paramLabel = "DIR", defaultValue = "results", description = "Results folder (default: ./results).")
    Path resultsPath;

    @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Only experiments whose name contains NAME.")
    String name;

    @Option(names = {"-t", "--timestamp"}, paramLabel = "TS", description = "Only the experiment whose timestamp starts with TS.")
    String timestamp;

    Results results() {
        return new Results(resultsPath);
    }

    List<Experiment> selected() {
        return results().select(name, timestamp);
    }

    boolean isNarrowed() {
        return name != null || timestamp != null;
    }

    /** How the selection reads in messages: {@code named test} {@code with timestamp 2026Nov24}. */
    String describe() {
        return (name != null ? " named *" + name + "*" : "") + (timestamp != null ? " with timestamp " + timestamp : "");
    }
}
