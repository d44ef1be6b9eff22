package io.liftoff.grid;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.config.YamlFiles;
import io.liftoff.store.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A grid experiment's folder {@code configs/<exp>/}: its {@code default.yaml}, its
 * {@code config*.yaml} grids, and the variation files {@code liftoff-prepare} generates there.
 */
public final class GridFolder {
    public static final String DEFAULT = "default.yaml";
    // The second line of a generated file: the fingerprint of every file the preparation read.
    private static final String SOURCES = "# sources: ";

    private final Path folder;
    private final String experiment;

    public GridFolder(Path configsDir, String experiment) {
        this.folder = configsDir.resolve(experiment);
        this.experiment = experiment;
    }

    public Path path() {
        return folder;
    }

    public String experiment() {
        return experiment;
    }

    /**
     * What {@link #prepare} did: per grid file, how many variations it kept; how many files it wrote,
     * how many earlier files (the first samples) it found as it would have written them, and how many
     * variations it wrote once because they came again (from another grid file, or drawn again).
     */
    public record Preparation(List<GridCount> grids, long written, long kept, long duplicates) {
    }

    /** A grid file and how many of its combinations survived its filters. */
    public record GridCount(GridSpec spec, long kept) {
    }

    /** The default configuration of the grid; a missing file is bad input. */
    public Map<String, Object> defaults() {
        Path file = folder.resolve(DEFAULT);
        if (!Files.isDirectory(folder)) {
            throw LiftoffException.usage(Display.path(folder) + ": no such experiment folder (expected "
                    + Display.path(file) + " and " + Display.path(folder.resolve("config.yaml")) + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw LiftoffException.usage(Display.path(file) + ": no such file (every grid needs a default.yaml)");
        }
        return YamlFiles.loadMapping(file);
    }

    /** Every {@code config*.yaml} of the folder, parsed and checked, in name order. */
    public List<GridSpec> grids() {
        List<Path> files = configFiles();
        if (files.isEmpty()) {
            throw LiftoffException.usage(Display.path(folder.resolve("config.yaml")) + ": no such file (a grid needs a config.yaml)");
        }
        List<GridSpec> specs = new ArrayList<>();
        for (Path file : files) {
            specs.add(GridSpec.load(file));
        }
        return specs;
    }

    /**
     * The grids, checked against the sampling asked for (null without {@code --samples}): sampled
     * variables need samples, samples need a sampled variable, and the total stays within limits.
     */
    public List<GridSpec> grids(Sampling sampling) {
        List<GridSpec> specs = grids();
        Preparer.checkSampling(this, specs, sampling);
        return specs;
    }

    private List<Path> configFiles() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "config*.yaml")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw LiftoffException.usage(Display.path(folder) + ": cannot list (" + e.getMessage() + ")");
        }
        files.sort(null);
        return files;
    }

    /** The files a preparation reads, each with its fingerprint: default.yaml, then every config*.yaml. */
    Map<String, Object> sources() {
        Map<String, Object> sources = new LinkedHashMap<>();
        Path defaults = folder.resolve(DEFAULT);
        if (Files.isRegularFile(defaults)) {
            sources.put(DEFAULT, fingerprint(defaults));
        }
        for (Path file : configFiles()) {
            sources.put(file.getFileName().toString(), fingerprint(file));
        }
        return sources;
    }

    /** The first 64 bits of the SHA-256 of a file's bytes, read in constant memory. */
    private static String fingerprint(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            throw LiftoffException.usage(Display.path(file) + ": cannot read (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Why the prepared variations no longer match the files they were prepared from: a file that
     * changed, a config*.yaml that is new or was removed. Empty when they match, when nothing is
     * prepared, or when the files were prepared by a liftoff that did not record its sources.
     */
    public Optional<Staleness> staleness() {
        Map<String, Object> recorded = recordedSources();
        if (recorded == null) {
            return Optional.empty();
        }
        Map<String, Object> now = sources();
        for (Map.Entry<String, Object> source : recorded.entrySet()) {
            Object current = now.get(source.getKey());
            if (current == null) {
                return Optional.of(new Staleness(folder.resolve(source.getKey()), "was removed", experiment));
            }
            if (!current.equals(source.getValue())) {
                return Optional.of(new Staleness(folder.resolve(source.getKey()), "changed", experiment));
            }
        }
        for (String name : now.keySet()) {
            if (!recorded.containsKey(name)) {
                return Optional.of(new Staleness(folder.resolve(name), "is new", experiment));
            }
        }
        return Optional.empty();
    }

    /** A file of the grid that differs from what the prepared variations were made from. */
    public record Staleness(Path file, String change, String experiment) {
        /** One line for the user: what changed and how to prepare again. */
        public String message() {
            return Display.path(file) + " " + change + " since the variations were prepared; run liftoff-prepare "
                    + experiment + " --clean, then liftoff-prepare " + experiment;
        }
    }

    /**
     * The sources line of the first generated file, or null when there is none. Every preparation
     * checks that the files are current before it adds to them, so the first speaks for every one.
     */
    private Map<String, Object> recordedSources() {
        for (Path file : variationFileNames()) {
            GeneratedHeader header = GeneratedHeader.read(file);
            if (header != null) {
                return header.sources();
            }
        }
        return null;
    }

    /**
     * Writes one file per variation, each sample's after the one before when {@code sampling} is
     * given (null without {@code --samples}). Every input is read and checked before the first file
     * is written; earlier generated files make it refuse, unless they are the first samples of the
     * same seed and sampler; a failure half-way removes what it wrote.
     */
    public Preparation prepare(Sampling sampling, Consumer<String> notes) {
        return new Preparer(this, sampling, notes).prepare();
    }

    /** Writes one file per variation of a grid without sampled variables. */
    public Preparation prepare(Consumer<String> notes) {
        return prepare(null, notes);
    }

    /** The files liftoff-prepare generated here: named {@code NNNN_*.yaml} and starting with its header. */
    public List<Path> generatedFiles() {
        List<Path> files = new ArrayList<>();
        for (Path file : variationFileNames()) {
            if (GeneratedHeader.isGenerated(file)) {
                files.add(file);
            }
        }
        return files;
    }

    /**
     * The files named like generated ones ({@code NNNN_*.yaml}), whoever wrote them, in the order of
     * their numbers (samples added later may have more digits than the first).
     */
    private List<Path> variationFileNames() {
        List<Path> files = new ArrayList<>();
        String[] names = Files.isDirectory(folder) ? folder.toFile().list() : null;
        if (names == null) {
            return files;
        }
        for (String name : names) {
            if (name.endsWith(".yaml") && Layout.variationIndex(name) >= 0) {
                files.add(folder.resolve(name));
            }
        }
        files.sort(java.util.Comparator.comparingLong((Path file) -> Layout.variationIndex(file.getFileName().toString()))
                .thenComparing(java.util.Comparator.naturalOrder()));
        return files;
    }

    /** Removes exactly the generated files; returns how many. */
    public int clean() {
        List<Path> files = generatedFiles();
        for (Path file : files) {
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw LiftoffException.environment("cannot remove " + Display.path(file) + ": " + e.getMessage(), e);
            }
        }
        return files.size();
    }
}
