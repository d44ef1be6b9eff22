package io.liftoff.store;

import io.liftoff.process.Liveness;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A launcher session as its file {@code .__session-<id>} records it: the launcher's pid, start time
 * and host. The file goes when the session ends; a file whose process is gone is a dead session.
 */
public record SessionRecord(String id, ProcessIdentity launcher, long started, List<String> commandLine) {
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("session_id", id);
        map.put("pid", launcher.pid());
        map.put("start_ticks", launcher.startTicks());
        map.put("host", launcher.host());
        map.put("started", started);
        map.put("command_line", commandLine);
        return map;
    }

    public void write(Path experiment) throws IOException {
        Json.writeAtomically(experiment.resolve(Layout.sessionFile(id)), toMap());
    }

    /** The session recorded in {@code file}; null when the file is gone or garbled. */
    @SuppressWarnings("unchecked")
    public static SessionRecord read(Path file, String id) {
        Map<String, Object> map = Json.readObject(file);
        if (map == null || !(map.get("pid") instanceof Long)) {
            return null;
        }
        ProcessIdentity launcher = new ProcessIdentity((Long) map.get("pid"),
                map.get("start_ticks") instanceof Long ? (Long) map.get("start_ticks") : -1,
                String.valueOf(map.get("host")));
        long started = map.get("started") instanceof Long ? (Long) map.get("started") : 0;
        List<String> commandLine = map.get("command_line") instanceof List ? (List<String>) map.get("command_line") : List.of();
        return new SessionRecord(id, launcher, started, commandLine);
    }

    public Liveness liveness() {
        return ProcessTable.liveness(launcher);
    }
}
