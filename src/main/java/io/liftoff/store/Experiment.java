package io.liftoff.store;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An experiment folder under the results folder, marked by {@code .__experiment}. */
public final class Experiment {
    private final Path dir;
    private ExperimentMeta meta;

    private Experiment(Path dir) {
        this.dir = dir;
    }

    public static boolean isExperiment(Path dir) {
        return Files.isRegularFile(dir.resolve(Layout.EXPERIMENT));
    }

    /** The experiment in {@code dir}; a folder that is not one is bad input. */
    public static Experiment open(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw LiftoffException.usage(Display.path(dir) + ": not a folder (an experiment folder was expected)");
        }
        if (!Files.isDirectory(dir)) {
            throw LiftoffException.usage(Display.path(dir) + ": no such experiment folder");
        }
        if (!isExperiment(dir)) {
            throw LiftoffException.usage(Display.path(dir) + ": not a liftoff experiment (it has no " + Layout.EXPERIMENT + ")");
        }
        return new Experiment(dir.toAbsolutePath().normalize());
    }

    public Path dir() {
        return dir;
    }

    public String folderName() {
        return dir.getFileName().toString();
    }

    public ExperimentMeta meta() {
        if (meta == null) {
            meta = ExperimentMeta.fromMap(Json.readObject(dir.resolve(Layout.EXPERIMENT)), folderName());
        }
        return meta;
    }

    public void writeMeta(ExperimentMeta updated) {
        try {
            Json.writeAtomically(dir.resolve(Layout.EXPERIMENT), updated.toMap());
            meta = updated;
        } catch (IOException e) {
            throw LiftoffException.environment("cannot write " + Display.path(dir.resolve(Layout.EXPERIMENT)) + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return meta().name();
    }

    public String timestamp() {
        return meta().timestamp();
    }

    /** The variation folders, in index order. */
    public List<VariationFolder> variations() {
        List<VariationFolder> variations = new ArrayList<>();
        for (String name : entries()) {
            long index = Layout.variationIndex(name);
            if (index >= 0) {
                variations.add(new VariationFolder(dir.resolve(name), index));
            }
        }
        variations.sort((a, b) -> {
            int byIndex = Long.compare(a.index(), b.index());
            return byIndex != 0 ? byIndex : a.name().compareTo(b.name());
        });
        return variations;
    }

    /** Every run of every variation, variation by variation. */
    public List<Run> runs() {
        List<Run> runs = new ArrayList<>();
        for (VariationFolder variation : variations()) {
            runs.addAll(variation.runs());
        }
        return runs;
    }

    /** A look at every run, variation by variation (the variations looked at on every core). */
    public List<RunSnapshot> snapshots() {
        List<RunSnapshot> snapshots = new ArrayList<>();
        variations().parallelStream().map(VariationFolder::snapshots).forEachOrdered(snapshots::addAll);
        return snapshots;
    }

    /** The names in the experiment folder (one listing). */
    public String[] entries() {
        String[] names = dir.toFile().list();
        return names == null ? new String[0] : names;
    }

    public Sessions sessions() {
        return Sessions.read(dir, entries());
    }

    public Path stopFile() {
        return dir.resolve(Layout.STOP);
    }

    public AbortMark abortMark() {
        return AbortMark.read(dir);
    }

    @Override
    public String toString() {
        return Display.path(dir);
    }
}
