package io.liftoff.grid;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.config.ConfigHash;
import io.liftoff.config.ConfigMerge;
import io.liftoff.config.Variation;
import io.liftoff.config.YamlFiles;
import io.liftoff.store.Layout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** What {@link #prepare} did: per grid file, how many variations it kept; how many files were written. */
    public record Preparation(List<GridCount> grids, long written, long duplicates) {
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
    private Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
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
        Map<String, String> now = sources();
        for (Map.Entry<String, Object> source : recorded.entrySet()) {
            String current = now.get(source.getKey());
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
     * The sources line of the first generated file, or null when there is none. One preparation wrote
     * them all (prepare refuses to add to earlier files), so the first speaks for every one.
     */
    private Map<String, Object> recordedSources() {
        for (Path file : variationFileNames()) {
            if (!isGenerated(file)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                reader.readLine();
                String line = reader.readLine();
                Object sources = line != null && line.startsWith(SOURCES)
                        ? YamlFiles.parseValue(line.substring(SOURCES.length()), Display.path(file)) : null;
                @SuppressWarnings("unchecked")
                Map<String, Object> map = sources instanceof Map ? (Map<String, Object>) sources : null;
                return map;
            } catch (IOException | java.io.UncheckedIOException | LiftoffException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Writes one file per variation. Every input is read and checked before the first file is
     * written; earlier generated files make it refuse; a failure half-way removes what it wrote.
     */
    public Preparation prepare(Consumer<String> notes) {
        Map<String, Object> defaults = defaults();
        List<GridSpec> specs = grids();
        String sources = SOURCES + YamlFiles.inline(sources()) + "\n";
        List<Path> earlier = generatedFiles();
        if (!earlier.isEmpty()) {
            throw LiftoffException.usage(Display.path(folder) + " already holds " + earlier.size()
                    + " generated variation files; run liftoff-prepare " + experiment + " --clean first");
        }
        for (GridSpec spec : specs) {
            for (Variable variable : spec.variables()) {
                if (!hasPath(defaults, variable.path())) {
                    notes.accept(Display.path(spec.file()) + ": " + variable.dotted() + " is not in " + DEFAULT
                            + "; the variations add it");
                }
            }
        }
        long combinations = 0;
        for (GridSpec spec : specs) {
            combinations += spec.combinations();
        }
        int width = Layout.indexWidth(combinations);
        List<GridCount> grids = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        Set<String> seen = specs.size() > 1 ? new HashSet<>() : null;
        long duplicates = 0;
        try {
            for (GridSpec spec : specs) {
                long kept = 0;
                for (Variation variation : new Grid(spec)) {
                    kept++;
                    // The merged config's hash is needed only to find duplicates across files, or to name a long title.
                    java.util.function.Supplier<String> hash = () -> ConfigHash.of(ConfigMerge.merge(defaults, variation.config()));
                    if (seen != null && !seen.add(hash.get())) {
                        duplicates++;
                        continue;
                    }
                    written.add(write(variation, Layout.variationFolder(written.size(), width, variation.title(), hash), spec, sources));
                }
                grids.add(new GridCount(spec, kept));
            }
        } catch (RuntimeException | IOException e) {
            written.forEach(GridFolder::deleteQuietly);
            if (e instanceof LiftoffException) {
                throw (LiftoffException) e;
            }
            throw LiftoffException.environment("cannot write variation files in " + Display.path(folder) + ": " + e.getMessage(), e);
        }
        return new Preparation(grids, written.size(), duplicates);
    }

    private Path write(Variation variation, String name, GridSpec spec, String sources) throws IOException {
        Path file = folder.resolve(name + ".yaml");
        StringWriter text = new StringWriter();
        text.write(Layout.GENERATED_HEADER + " from " + spec.file().getFileName() + "; `liftoff-prepare "
                + experiment + " --clean` removes it\n");
        text.write(sources);
        YamlFiles.dump(variation.config(), text);
        OutputStream out;
        try {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            // Empty, or with liftoff-prepare's header: another liftoff-prepare of this grid got there first.
            if (isGenerated(file) || Files.size(file) == 0) {
                throw LiftoffException.usage("another liftoff-prepare " + experiment + " is writing (or just wrote) the variations in "
                        + Display.path(folder) + "; this one stops and leaves them be");
            }
            throw LiftoffException.usage(Display.path(file) + " exists and was not generated by liftoff-prepare; move it away");
        }
        // Created here, so ours to remove if writing it fails half-way (a full disk).
        try (out) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            deleteQuietly(file);
            throw e;
        }
        return file;
    }

    /** The files liftoff-prepare generated here: named {@code NNNN_*.yaml} and starting with its header. */
    public List<Path> generatedFiles() {
        List<Path> files = new ArrayList<>();
        for (Path file : variationFileNames()) {
            if (isGenerated(file)) {
                files.add(file);
            }
        }
        return files;
    }

    /** The files named like generated ones ({@code NNNN_*.yaml}), in name order, whoever wrote them. */
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
        files.sort(null);
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

    private static boolean isGenerated(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first != null && first.startsWith(Layout.GENERATED_HEADER);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean hasPath(Map<String, Object> config, List<String> path) {
        Object node = config;
        for (String key : path) {
            if (!(node instanceof Map) || !((Map<String, Object>) node).containsKey(key)) {
                return false;
            }
            node = ((Map<String, Object>) node).get(key);
        }
        return true;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the error that made us clean up is the one the user needs to see
        }
    }
}
