package io.liftoff.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The results folder: every experiment in it, oldest first, and selection by name and timestamp. */
public final class Results {
    private final Path dir;

    public Results(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Every experiment, oldest first; a missing results folder holds none. */
    public List<Experiment> experiments() {
        List<Experiment> experiments = new ArrayList<>();
        String[] names = dir.toFile().list();
        if (names == null) {
            return experiments;
        }
        for (String name : names) {
            Path folder = dir.resolve(name);
            if (!name.startsWith(".") && Experiment.isExperiment(folder)) {
                experiments.add(Experiment.open(folder));
            }
        }
        experiments.sort(Comparator.comparingLong((Experiment e) -> e.meta().created()).thenComparing(Experiment::folderName));
        return experiments;
    }

    /**
     * The experiments whose name contains {@code name} and whose timestamp starts with (or folder
     * name contains) {@code timestamp}; null selects everything.
     */
    public List<Experiment> select(String name, String timestamp) {
        List<Experiment> selected = new ArrayList<>();
        for (Experiment experiment : experiments()) {
            if (matches(experiment, name, timestamp)) {
                selected.add(experiment);
            }
        }
        return selected;
    }

    public static boolean matches(Experiment experiment, String name, String timestamp) {
        if (name != null && !experiment.name().contains(name)) {
            return false;
        }
        return timestamp == null || experiment.timestamp().startsWith(timestamp)
                || experiment.folderName().contains(timestamp)
                || Long.toString(experiment.meta().created()).startsWith(timestamp);
    }
}
