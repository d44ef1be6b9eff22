package io.liftoff.cli;

import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentSelector;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The words a shell may complete that only the disk knows, each starting with a prefix and sorted:
 * what {@link CompleteCommand} prints. A missing folder holds no candidates.
 */
final class Candidates {
    private Candidates() {
    }

    /** Names and folder names of the experiments in {@code resultsPath} and of those launched from this host: what -e and EXPERIMENT accept. */
    static SortedSet<String> experiments(Path resultsPath, String prefix) {
        SortedSet<String> words = new TreeSet<>();
        for (Experiment experiment : new ExperimentSelector(resultsPath, null, null, null).candidates(true)) {
            add(words, prefix, experiment.name());
            add(words, prefix, experiment.folderName());
        }
        return words;
    }

    /** Timestamps of the same experiments: what -t accepts. */
    static SortedSet<String> timestamps(Path resultsPath, String prefix) {
        SortedSet<String> words = new TreeSet<>();
        for (Experiment experiment : new ExperimentSelector(resultsPath, null, null, null).candidates(true)) {
            add(words, prefix, experiment.timestamp());
        }
        return words;
    }

    /**
     * Config files of {@code configsDir} by the names -c and -d take: {@code diff} for {@code diff.yaml}, and a
     * {@code .yml} file with its extension (a bare name means {@code .yaml}).
     */
    static SortedSet<String> configs(Path configsDir, String prefix) {
        SortedSet<String> words = new TreeSet<>();
        for (Path entry : list(configsDir)) {
            String name = entry.getFileName().toString();
            if ((name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(entry)) {
                add(words, prefix, name.endsWith(".yaml") ? name.substring(0, name.length() - ".yaml".length()) : name);
            }
        }
        return words;
    }

    /** Folders of {@code configsDir} that hold a grid ({@code config*.yaml}, as liftoff-prepare reads them). */
    static SortedSet<String> grids(Path configsDir, String prefix) {
        SortedSet<String> words = new TreeSet<>();
        for (Path entry : list(configsDir)) {
            if (Files.isDirectory(entry) && !list(entry, "config*.yaml").isEmpty()) {
                add(words, prefix, entry.getFileName().toString());
            }
        }
        return words;
    }

    /** The subcommands {@code liftoff} takes as its first word (launching is what it does without one). */
    static SortedSet<String> commands(String prefix) {
        SortedSet<String> words = new TreeSet<>();
        for (String name : Commands.NAMES) {
            if (!Commands.LAUNCH.equals(name)) {
                add(words, prefix, name);
            }
        }
        return words;
    }

    private static void add(SortedSet<String> words, String prefix, String word) {
        if (word != null && !word.isEmpty() && word.startsWith(prefix)) {
            words.add(word);
        }
    }

    private static List<Path> list(Path folder) {
        return list(folder, "[!.]*");
    }

    /** The entries of a folder matching a glob; none when it is missing or unreadable. */
    private static List<Path> list(Path folder, String glob) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, glob)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            // a missing or unreadable folder offers nothing to complete
        }
        return entries;
    }
}
