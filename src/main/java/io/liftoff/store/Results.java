package io.liftoff.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The results folder: every experiment in it, oldest first. */
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
}
