package io.liftoff.collect;

import io.liftoff.LiftoffException;
import io.liftoff.config.YamlFiles;
import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import io.liftoff.store.Metrics;
import io.liftoff.store.Run;
import io.liftoff.store.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a collected experiment.
 *
 * @param run the run (its folder is {@code run.folder()})
 * @param state its state, as status shows it
 * @param exitCode its exit code, null while it runs or when none was recorded
 * @param seconds how long it ran, for a run that ended with a known end; otherwise null
 * @param varied the values its variation varies, by dotted name ({@code yz.y}); empty outside a grid
 * @param file what became of the file asked for
 * @param values the file's values as read (nested); null unless {@code file} is {@link FileState#READ}
 * @param problem why the file could not be read, for {@link FileState#UNREADABLE}
 * @param metrics what the run reported ({@code $LIFTOFF_METRICS}); {@link Metrics#NONE} when nothing
 */
public record RunResult(Run run, RunState state, Integer exitCode, Double seconds, Map<String, Object> varied,
        FileState file, Map<String, Object> values, String problem, Metrics metrics) {

    /** What became of the file a collection asked each run for. */
    public enum FileState {
        /** No file was asked for. */
        NOT_ASKED,
        READ,
        MISSING,
        UNREADABLE
    }

    /** The file's values with nested names dotted ({@code metrics.acc}); empty unless it was read. */
    public Map<String, Object> flatValues() {
        return values == null ? Map.of() : ValueFiles.flatten(values);
    }

    /**
     * The config the run got: its {@code cfg.json}, else its {@code cfg.yaml}; an empty mapping when its
     * script removed both and they were not written again yet.
     */
    public Map<String, Object> config() {
        Path json = run.folder().resolve(Layout.CFG_JSON);
        try {
            if (Files.isRegularFile(json) && Json.readPythonic(json) instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> config = (Map<String, Object>) map;
                return config;
            }
        } catch (IOException e) {
            // a cfg.json cut short: the YAML has the same
        }
        try {
            return Files.isRegularFile(run.cfg()) ? YamlFiles.loadMapping(run.cfg()) : new LinkedHashMap<>();
        } catch (LiftoffException e) {
            return new LinkedHashMap<>();
        }
    }
}
