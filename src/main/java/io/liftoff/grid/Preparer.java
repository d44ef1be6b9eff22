package io.liftoff.grid;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.config.ConfigHash;
import io.liftoff.config.ConfigMerge;
import io.liftoff.config.Variation;
import io.liftoff.config.YamlFiles;
import io.liftoff.store.Layout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes the variation files of {@code liftoff-prepare}: every input is read and checked before the
 * first file is written, and a failure half-way removes what this preparation wrote.
 *
 * <p>With {@code --samples N} the files come sample-major: sample 0 of every grid file's points,
 * then sample 1, ... A file's number is its place in that order, so preparing again with a larger N
 * and the same seed and sampler finds the earlier files where it would write them, checks that
 * they are the same byte for byte, and adds only the files of the new samples.
 */
final class Preparer {
    private final GridFolder folder;
    private final Sampling sampling;
    private final Consumer<String> notes;

    Preparer(GridFolder folder, Sampling sampling, Consumer<String> notes) {
        this.folder = folder;
        this.sampling = sampling;
        this.notes = notes;
    }

    GridFolder.Preparation prepare() {
        Map<String, Object> defaults = folder.defaults();
        List<GridSpec> specs = folder.grids(sampling);
        Map<String, Object> sources = folder.sources();
        Map<Long, Path> earlier = earlierFiles();
        for (GridSpec spec : specs) {
            List<List<String>> paths = new ArrayList<>();
            spec.variables().forEach(v -> paths.add(v.path()));
            spec.sampled().forEach(v -> paths.add(v.path()));
            for (List<String> path : paths) {
                if (!hasPath(defaults, path)) {
                    notes.accept(Display.path(spec.file()) + ": " + String.join(".", path) + " is not in " + GridFolder.DEFAULT
                            + "; the variations add it");
                }
            }
        }
        long total = 0;
        List<Grid> grids = new ArrayList<>();
        for (GridSpec spec : specs) {
            Grid grid = new Grid(spec, sampling);
            grids.add(grid);
            total += spec.combinations() * grid.samples();
        }
        int width = earlier.isEmpty() ? Layout.indexWidth(total)
                : earlier.values().iterator().next().getFileName().toString().indexOf('_');
        long samples = sampling == null ? 1 : sampling.samples();
        List<String> headers = new ArrayList<>();
        for (GridSpec spec : specs) {
            headers.add(new GeneratedHeader(sources, null).text(spec.file().getFileName().toString(), folder.experiment()));
        }
        long[] kept = new long[specs.size()];
        List<Path> written = new ArrayList<>();
        Set<String> seen = specs.size() > 1 || sampling != null ? new HashSet<>() : null;
        long index = 0;
        long duplicates = 0;
        try {
            for (long sample = 0; sample < samples; sample++) {
                for (int g = 0; g < specs.size(); g++) {
                    GridSpec spec = specs.get(g);
                    if (sample > 0 && spec.sampled().isEmpty()) {
                        continue;
                    }
                    String header = headers.get(g) + (sampling == null ? "" : new GeneratedHeader.Sample(sampling.method().label(), sampling.seed(), sample).line());
                    for (Variation variation : grids.get(g).sample(sample)) {
                        kept[g]++;
                        // The merged config's hash is needed only to find duplicates, or to name a long title.
                        Supplier<String> hash = () -> ConfigHash.of(ConfigMerge.merge(defaults, variation.config()));
                        if (seen != null && !seen.add(hash.get())) {
                            duplicates++;
                            continue;
                        }
                        String name = Layout.variationFolder(index, width, variation.title(), hash) + ".yaml";
                        byte[] text = (header + YamlFiles.dump(variation.config())).getBytes(StandardCharsets.UTF_8);
                        Path existing = earlier.get(index);
                        if (existing != null) {
                            checkSame(existing, name, text);
                        } else {
                            written.add(write(folder.path().resolve(name), text));
                        }
                        index++;
                    }
                }
            }
        } catch (RuntimeException | IOException e) {
            written.forEach(Preparer::deleteQuietly);
            if (e instanceof LiftoffException) {
                throw (LiftoffException) e;
            }
            throw LiftoffException.environment("cannot write variation files in " + Display.path(folder.path()) + ": " + e.getMessage(), e);
        }
        List<GridFolder.GridCount> counts = new ArrayList<>();
        for (int g = 0; g < specs.size(); g++) {
            counts.add(new GridFolder.GridCount(specs.get(g), kept[g]));
        }
        return new GridFolder.Preparation(counts, written.size(), earlier.size(), duplicates);
    }

    /** Sampled variables need {@code --samples}, {@code --samples} needs one, and Sobol has only so many dimensions. */
    static void checkSampling(GridFolder folder, List<GridSpec> specs, Sampling sampling) {
        GridSpec sampled = specs.stream().filter(s -> !s.sampled().isEmpty()).findFirst().orElse(null);
        if (sampled != null && sampling == null) {
            SampledVariable first = sampled.sampled().get(0);
            throw LiftoffException.usage(Display.path(sampled.file()) + ": " + first.dotted() + " is sampled ("
                    + first.distribution().describe() + "); pass --samples N to draw N samples");
        }
        if (sampled == null && sampling != null) {
            throw LiftoffException.usage("--samples: no config*.yaml in " + Display.path(folder.path())
                    + " has a sampled variable (a value tagged !uniform, !loguniform, !randint or !choice)");
        }
        if (sampling == null) {
            return;
        }
        long total = 0;
        for (GridSpec spec : specs) {
            if (sampling.method() == Sampler.Method.SOBOL && spec.sampled().size() > Sobol.MAX_DIMENSIONS) {
                throw LiftoffException.usage("--sampler sobol: " + Display.path(spec.file()) + " has " + spec.sampled().size()
                        + " sampled variables, more than the " + Sobol.MAX_DIMENSIONS + " it supports; use --sampler random");
            }
            long copies = spec.sampled().isEmpty() ? 1 : sampling.samples();
            total += spec.combinations() > GridSpec.MAX_COMBINATIONS / copies ? GridSpec.MAX_COMBINATIONS + 1 : spec.combinations() * copies;
        }
        if (total > GridSpec.MAX_COMBINATIONS) {
            throw LiftoffException.usage("--samples " + sampling.samples() + ": more than " + String.format("%,d", GridSpec.MAX_COMBINATIONS)
                    + " variations to draw, liftoff's limit for one grid");
        }
    }

    /**
     * The generated files already here, by number. Without {@code --samples} there must be none; with
     * it, they must be current and drawn with the same seed and sampler, and hold no sample past N.
     */
    private Map<Long, Path> earlierFiles() {
        List<Path> files = folder.generatedFiles();
        Map<Long, Path> byIndex = new TreeMap<>();
        if (files.isEmpty()) {
            return byIndex;
        }
        String clean = "; run liftoff-prepare " + folder.experiment() + " --clean first";
        String holds = Display.path(folder.path()) + " already holds " + files.size() + " generated variation files";
        if (sampling == null) {
            throw LiftoffException.usage(holds + clean);
        }
        folder.staleness().ifPresent(stale -> {
            throw LiftoffException.usage(stale.message());
        });
        long last = -1;
        for (Path file : files) {
            GeneratedHeader header = GeneratedHeader.read(file);
            GeneratedHeader.Sample sample = header == null ? null : header.sample();
            if (sample == null) {
                throw LiftoffException.usage(holds + ", prepared without --samples" + clean);
            }
            if (!sample.drawnAs(sampling)) {
                throw LiftoffException.usage(holds + ", drawn with --seed " + sample.seed() + " --sampler " + sample.sampler()
                        + " (not --seed " + sampling.seed() + " --sampler " + sampling.method().label() + ")" + clean);
            }
            last = Math.max(last, sample.index());
            byIndex.put(Layout.variationIndex(file.getFileName().toString()), file);
        }
        if (last >= sampling.samples()) {
            throw LiftoffException.usage(holds + ", with samples up to number " + (last + 1) + "; --samples " + sampling.samples()
                    + " would drop some" + clean + ", or ask for --samples " + (last + 1) + " or more");
        }
        return byIndex;
    }

    /** An earlier file must be what this preparation would write there, name and bytes. */
    private void checkSame(Path existing, String name, byte[] text) throws IOException {
        if (!existing.getFileName().toString().equals(name) || !Arrays.equals(Files.readAllBytes(existing), text)) {
            throw LiftoffException.usage(Display.path(existing) + " is not what liftoff-prepare " + folder.experiment()
                    + " writes there now (expected " + name + "); run liftoff-prepare " + folder.experiment() + " --clean first");
        }
    }

    private Path write(Path file, byte[] text) throws IOException {
        OutputStream out;
        try {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            // Empty, or with liftoff-prepare's header: another liftoff-prepare of this grid got there first.
            if (GeneratedHeader.isGenerated(file) || Files.size(file) == 0) {
                throw LiftoffException.usage("another liftoff-prepare " + folder.experiment() + " is writing (or just wrote) the variations in "
                        + Display.path(folder.path()) + "; this one stops and leaves them be");
            }
            throw LiftoffException.usage(Display.path(file) + " exists and was not generated by liftoff-prepare; move it away");
        }
        // Created here, so ours to remove if writing it fails half-way (a full disk).
        try (out) {
            out.write(text);
        } catch (IOException e) {
            deleteQuietly(file);
            throw e;
        }
        return file;
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
