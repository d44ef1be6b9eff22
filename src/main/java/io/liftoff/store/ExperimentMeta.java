package io.liftoff.store;

import java.util.List;
import java.util.Map;

/**
 * What {@code .__experiment} records: enough to know what an experiment was and to resume it
 * without the configs folder, and how many automatic retries its failed runs get (the latest
 * launcher's {@code --retries}, which every launcher on the experiment follows).
 */
public record ExperimentMeta(String name, String timestamp, long created, String comment, String script,
        String workingDirectory, List<String> commandLine, String version, String gitCommit, int runsNo, int retries) {

    /** The record as {@code .__experiment} holds it: each component in snake_case ({@link Json#fields}). */
    public Map<String, Object> toMap() {
        return Json.fields(this);
    }

    @SuppressWarnings("unchecked")
    public static ExperimentMeta fromMap(Map<String, Object> map, String folderName) {
        Map<String, Object> m = map == null ? Map.of() : map;
        return new ExperimentMeta(
                string(m, "name", Layout.nameOf(folderName)),
                string(m, "timestamp", Layout.timestampOf(folderName) == null ? "" : Layout.timestampOf(folderName)),
                m.get("created") instanceof Long ? (Long) m.get("created") : 0,
                string(m, "comment", null),
                string(m, "script", null),
                string(m, "working_directory", null),
                m.get("command_line") instanceof List ? (List<String>) m.get("command_line") : List.of(),
                string(m, "version", null),
                string(m, "git_commit", null),
                m.get("runs_no") instanceof Long ? ((Long) m.get("runs_no")).intValue() : 1,
                m.get("retries") instanceof Long ? ((Long) m.get("retries")).intValue() : 0);
    }

    /** The record a later launch leaves: its script, runs per variation, comment and retries. */
    public ExperimentMeta continued(String newScript, int newRunsNo, String newComment, int newRetries) {
        return new ExperimentMeta(name, timestamp, created, newComment, newScript, workingDirectory, commandLine, version,
                gitCommit, newRunsNo, newRetries);
    }

    private static String string(Map<String, Object> map, String key, String fallback) {
        Object value = map.get(key);
        return value == null ? fallback : value.toString();
    }
}
