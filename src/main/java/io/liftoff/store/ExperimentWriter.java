package io.liftoff.store;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.config.MetaKeys;
import io.liftoff.config.Variation;
import io.liftoff.config.YamlFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Creates experiment folders and adds variations and runs to them. A new experiment is built in a
 * staging folder and moved into place whole, so a failure leaves nothing half-written; an existing
 * one only ever gains folders, never two for the same config (variations are known by hash), and
 * nothing in it is ever deleted: a run folder is the script's.
 */
public final class ExperimentWriter {
    /** What was added: new variation folders and new runs (in new and existing variations). */
    public record Additions(long variations, long runs) {
    }

    private ExperimentWriter() {
    }

    /**
     * Creates {@code <results>/<timestamp>_<name>/} holding {@code runsNo} runs of each variation.
     * {@code expected} is the number of variations, for the width of their indices.
     */
    public static Experiment create(Path results, ExperimentMeta meta, Iterable<Variation> variations, long expected,
            int runsNo) {
        Path claimed = claimName(results, meta);
        Path staging = results.resolve(Layout.STAGING_PREFIX + claimed.getFileName() + "-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(staging);
            Json.writeAtomically(staging.resolve(Layout.EXPERIMENT), meta.toMap());
            int width = Layout.indexWidth(expected);
            long index = 0;
            // The first runs' folders now, the others while runs go (RunFolders): every variation and its count of runs now.
            long eager = RunFolders.EAGER;
            for (Variation variation : variations) {
                String name = Layout.variationFolder(index, width, variation.title(), variation::hash);
                int folders = (int) Math.min(runsNo, eager);
                writeVariation(staging.resolve(name), claimed.resolve(name), claimed.getFileName().toString(), variation,
                        index, runsNo, folders, meta.comment());
                eager -= folders;
                index++;
            }
            Files.move(staging, claimed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Experiment.open(claimed);
        } catch (IOException | RuntimeException e) {
            deleteOwnTree(staging);
            deleteOwnTree(claimed);
            if (e instanceof LiftoffException) {
                throw (LiftoffException) e;
            }
            throw LiftoffException.environment("cannot create the experiment in " + Display.path(results) + ": "
                    + message(e), e);
        }
    }

    /** Reserves the experiment's folder name with an atomic mkdir; {@code .2}, {@code .3}... when taken. */
    private static Path claimName(Path results, ExperimentMeta meta) {
        try {
            Files.createDirectories(results);
            for (int attempt = 1; ; attempt++) {
                Path folder = results.resolve(Layout.experimentFolder(meta.timestamp(), attempt, meta.name()));
                try {
                    return Files.createDirectory(folder);
                } catch (FileAlreadyExistsException taken) {
                    // another experiment of that name began in the same second
                }
            }
        } catch (IOException e) {
            throw LiftoffException.environment("cannot create the experiment in " + Display.path(results) + ": "
                    + message(e), e);
        }
    }

    /**
     * Adds to an existing experiment the variations it lacks and the runs they lack to reach
     * {@code runsNo}; with {@code everyVariation}, every variation already there gets its missing runs
     * too. Concurrent sessions take turns through an OS file lock.
     */
    public static Additions extend(Experiment experiment, Iterable<Variation> variations, int runsNo, boolean everyVariation) {
        Path lockFile = experiment.dir().resolve(Layout.STRUCTURE_LOCK);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Map<String, VariationFolder> known = new HashMap<>();
            long next = 0;
            for (VariationFolder folder : experiment.variations()) {
                known.putIfAbsent(folder.hash(), folder);
                next = Math.max(next, folder.index() + 1);
            }
            long addedVariations = 0;
            long addedRuns = 0;
            String comment = experiment.meta().comment();
            for (Variation variation : variations) {
                VariationFolder existing = known.get(variation.hash());
                if (existing != null) {
                    addedRuns += ensureRuns(existing, experiment.folderName(), runsNo, comment);
                    continue;
                }
                String name = Layout.variationFolder(next, Layout.indexWidth(next + 1), variation.title(), variation::hash);
                Path staging = experiment.dir().resolve(Layout.STAGING_PREFIX + name);
                Path target = experiment.dir().resolve(name);
                try {
                    writeVariation(staging, target, experiment.folderName(), variation, next, runsNo, runsNo, comment);
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException | RuntimeException e) {
                    deleteOwnTree(staging);
                    throw e;
                }
                known.put(variation.hash(), new VariationFolder(target, next));
                next++;
                addedVariations++;
                addedRuns += runsNo;
            }
            if (everyVariation) {
                for (VariationFolder folder : experiment.variations()) {
                    addedRuns += ensureRuns(folder, experiment.folderName(), runsNo, comment);
                }
            }
            return new Additions(addedVariations, addedRuns);
        } catch (IOException | UncheckedIOException e) {
            throw LiftoffException.environment("cannot add to " + experiment + ": " + message(e), e);
        }
    }

    /** What {@link #extend} would add, worked out without writing anything (a dry run). */
    public static Additions wouldAdd(Experiment experiment, Iterable<Variation> variations, int runsNo, boolean everyVariation) {
        Map<String, VariationFolder> known = new HashMap<>();
        experiment.variations().forEach(folder -> known.putIfAbsent(folder.hash(), folder));
        java.util.Set<String> grown = new java.util.HashSet<>();
        java.util.Set<String> fresh = new java.util.HashSet<>();
        long addedVariations = 0;
        long addedRuns = 0;
        for (Variation variation : variations) {
            VariationFolder existing = known.get(variation.hash());
            if (existing == null) {
                if (fresh.add(variation.hash())) {
                    addedVariations++;
                    addedRuns += runsNo;
                }
            } else if (grown.add(existing.name())) {
                addedRuns += Math.max(0, runsNo - existing.runsNo());
            }
        }
        if (everyVariation) {
            for (VariationFolder folder : experiment.variations()) {
                if (grown.add(folder.name())) {
                    addedRuns += Math.max(0, runsNo - folder.runsNo());
                }
            }
        }
        return new Additions(addedVariations, addedRuns);
    }

    /** A variation's folder with {@code runsNo} runs, of which the first {@code folders} get their folders now. */
    private static void writeVariation(Path folder, Path finalFolder, String experimentFolder, Variation variation,
            long index, int runsNo, int folders, String comment) throws IOException {
        Files.createDirectory(folder);
        Map<String, Object> config = new LinkedHashMap<>(variation.config());
        config.putIfAbsent(MetaKeys.TITLE, variation.title());
        config.putIfAbsent(MetaKeys.EXPERIMENT_ARGUMENTS, new LinkedHashMap<>());
        Files.writeString(folder.resolve(Layout.CFG), YamlFiles.dump(config), StandardCharsets.UTF_8);
        Files.createDirectory(folder.resolve(Layout.RUNS));
        for (int run = 0; run < folders; run++) {
            writeRun(folder.resolve(Integer.toString(run)), finalFolder.resolve(Integer.toString(run)), experimentFolder,
                    config, index, run, comment);
        }
        VariationFolder.writeRecord(folder, variation.hash(), runsNo);
    }

    /**
     * Adds the runs a variation lacks up to {@code runsNo}: their folders and configs first, then the
     * count in its record that makes them runs. A folder left by an interrupted addition gets its
     * config again; whatever else is in it stays. Returns how many runs were added.
     */
    private static long ensureRuns(VariationFolder variation, String experimentFolder, int runsNo, String comment)
            throws IOException {
        int existing = variation.runsNo();
        if (existing >= runsNo) {
            return 0;
        }
        Map<String, Object> config = variation.config();
        Files.createDirectories(variation.path().resolve(Layout.RUNS));
        for (int run = existing; run < runsNo; run++) {
            Path folder = variation.path().resolve(Integer.toString(run));
            writeRun(folder, folder, experimentFolder, config, variation.index(), run, comment);
        }
        VariationFolder.writeRecord(variation.path(), variation.hash(), runsNo);
        return runsNo - existing;
    }

    /** A run folder with the run's config, as YAML for people and as JSON for the Python helper. */
    static void writeRun(Path folder, Path finalFolder, String experimentFolder, Map<String, Object> variation,
            long index, int run, String comment) throws IOException {
        // java.io.File asks without an exception, which Files would throw and catch on Java 17 (costly per run).
        if (!folder.toFile().isDirectory()) {
            Files.createDirectories(folder);
        }
        Map<String, Object> config = runConfig(finalFolder, experimentFolder, variation, index, run, comment);
        Files.writeString(folder.resolve(Layout.CFG), YamlFiles.dump(config), StandardCharsets.UTF_8);
        Json.writeConfig(folder.resolve(Layout.CFG_JSON), config);
    }

    /** The variation's config plus what liftoff tells each run (DESIGN §3). */
    public static Map<String, Object> runConfig(Path runFolder, String experimentFolder, Map<String, Object> variation,
            long index, int run, String comment) {
        Map<String, Object> config = new LinkedHashMap<>(variation);
        config.put(MetaKeys.OUT_DIR, runFolder.toAbsolutePath().normalize().toString());
        config.put(MetaKeys.RUN_ID, run);
        config.put(MetaKeys.CFG_ID, index);
        config.put(MetaKeys.FULL_TITLE, experimentFolder + "/" + runFolder.getParent().getFileName() + "/" + run);
        if (comment != null) {
            config.put(MetaKeys.COMMENT, comment);
        }
        return config;
    }

    /**
     * Writes a run's config files again when its script removed them (a run folder wiped and made
     * anew keeps its run): a retry or a late start finds them where it expects them.
     */
    public static void restoreRunFiles(Experiment experiment, Run run) throws IOException {
        VariationFolder variation = new VariationFolder(run.variationPath(), Layout.variationIndex(run.variation()));
        writeRun(run.folder(), run.folder(), experiment.folderName(), variation.config(), variation.index(), run.number(),
                experiment.meta().comment());
    }

    /**
     * Makes a run ready to start: its config files (its script may have removed them with its folder)
     * and, with {@code output}, its {@code out} and {@code err} (an attached launcher holds them open
     * before the run starts; otherwise the run's wrapper creates them). A run folder that cannot take
     * them (read-only, no space, no inodes) fails here. Only the run's claimer may call it.
     */
    public static void readyRun(Experiment experiment, Run run, boolean output) throws IOException {
        if (!Files.exists(run.cfg())) {
            restoreRunFiles(experiment, run);
        }
        if (output) {
            for (Path file : new Path[] {run.out(), run.err()}) {
                Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
            }
        }
    }

    private static String message(Exception e) {
        Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** Removes a folder liftoff made itself moments ago (a staging folder); never a user's. */
    public static void deleteOwnTree(Path root) {
        if (!root.toFile().exists()) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: the error that made us clean up is the one to report
        }
    }
}
