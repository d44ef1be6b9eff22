package io.liftoff.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code .__experiment} records: enough to know what an experiment was and to resume it
 * without the configs folder, and how many automatic retries its failed runs get (the latest
 * launcher's {@code --retries}, which every launcher on the experiment follows).
 */
public record ExperimentMeta(String name, String timestamp, long created, String comment, String script,
        String workingDirectory, List<String> commandLine, String version, String gitCommit, int runsNo, int retries) {

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("timestamp", timestamp);
        map.put("created", created);
        map.put("comment", comment);
        map.put("script", script);
        map.put("working_directory", workingDirectory);
        map.put("command_line", commandLine);
        map.put("version", version);
        map.put("git_commit", gitCommit);
        map.put("runs_no", runsNo);
        map.put("retries", retries);
        return map;
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
