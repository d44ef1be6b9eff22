package io.liftoff.launch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a launch would do ({@code --dry-run}), worked out without creating, claiming or submitting
 * anything: the experiment (a placeholder for its folder when it would be new), its variations and
 * runs, how many runs would start, and how the backend would run them: for people ({@link #lines})
 * and for scripts ({@link #toMap}, schema 1).
 */
public record LaunchPreview(String experiment, boolean created, long variations, long runs, long toStart, Backend backend) {
    /** The backend's part: its name ({@code local}, {@code slurm}), its plan for scripts and for people. */
    public record Backend(String name, Map<String, Object> details, List<String> lines) {
    }

    /** The --json shape's version: a key removed or renamed bumps it, a key added does not. */
    public static final int SCHEMA = 1;

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("schema", SCHEMA);
        map.put("dry_run", true);
        map.put("experiment", experiment);
        map.put("new", created);
        map.put("variations", variations);
        map.put("runs", runs);
        map.put("to_start", toStart);
        map.put("backend", backend.name());
        map.put(backend.name(), backend.details());
        return map;
    }

    public List<String> lines() {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("dry run: nothing is created, claimed or submitted");
        lines.add("experiment  " + experiment + (created ? " (new)" : ""));
        lines.add("variations  " + variations + (created ? "" : " (after what this launch would add)"));
        lines.add("runs        " + runs);
        lines.add("to start    " + toStart);
        lines.addAll(backend.lines());
        return lines;
    }
}
