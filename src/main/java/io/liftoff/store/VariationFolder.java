package io.liftoff.store;

import io.liftoff.config.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A variation's folder {@code NNNN_title}: its config, its hash, and one folder per run. */
public record VariationFolder(Path path, long index) {
    public String name() {
        return path.getFileName().toString();
    }

    /** The hash that identifies the variation's config; empty when the file is missing. */
    public String hash() {
        return Markers.text(Markers.lines(path.resolve(Layout.CFG_HASH)), 0);
    }

    public Map<String, Object> config() {
        return YamlFiles.loadMapping(path.resolve(Layout.CFG));
    }

    /** The run folders, in run-id order (numbers without leading zeros sort by length, then text). */
    public List<RunFolder> runs() {
        List<RunFolder> runs = new ArrayList<>();
        String[] names = path.toFile().list();
        if (names == null) {
            return runs;
        }
        String variation = name();
        java.util.Arrays.sort(names, (a, b) -> a.length() != b.length() ? a.length() - b.length() : a.compareTo(b));
        for (String name : names) {
            if (Layout.isRunFolder(name)) {
                runs.add(new RunFolder(path.resolve(name), variation, name));
            }
        }
        return runs;
    }
}
