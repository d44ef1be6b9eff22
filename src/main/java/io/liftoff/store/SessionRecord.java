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
 * and host, and the supervisor process that starts its runs and records their ends (it outlives the
 * launcher while runs it started go on). The file goes when the session ends; a file whose
 * processes are gone is a dead session.
 */
public record SessionRecord(String id, ProcessIdentity launcher, ProcessIdentity supervisor, long started,
        List<String> commandLine) {
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("session_id", id);
        map.put("pid", launcher.pid());
        map.put("start_ticks", launcher.startTicks());
        map.put("host", launcher.host());
        map.put("supervisor_pid", supervisor == null ? null : supervisor.pid());
        map.put("supervisor_ticks", supervisor == null ? null : supervisor.startTicks());
        map.put("started", started);
        map.put("command_line", commandLine);
        return map;
    }

    public SessionRecord withSupervisor(ProcessIdentity process) {
        return new SessionRecord(id, launcher, process, started, commandLine);
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
        String host = String.valueOf(map.get("host"));
        ProcessIdentity launcher = new ProcessIdentity((Long) map.get("pid"), number(map, "start_ticks"), host);
        ProcessIdentity supervisor = map.get("supervisor_pid") instanceof Long
                ? new ProcessIdentity((Long) map.get("supervisor_pid"), number(map, "supervisor_ticks"), host) : null;
        long started = map.get("started") instanceof Long ? (Long) map.get("started") : 0;
        List<String> commandLine = map.get("command_line") instanceof List ? (List<String>) map.get("command_line") : List.of();
        return new SessionRecord(id, launcher, supervisor, started, commandLine);
    }

    private static long number(Map<String, Object> map, String key) {
        return map.get(key) instanceof Long ? (Long) map.get(key) : -1;
    }

    /** Whether the launcher itself still runs. */
    public Liveness launcherLiveness() {
        return ProcessTable.liveness(launcher);
    }

    /**
     * Whether the session can still start or finish runs: its launcher, or its supervisor (which
     * starts every run the launcher handed it, also after the launcher died).
     */
    public Liveness liveness() {
        Liveness launcherState = launcherLiveness();
        if (launcherState != Liveness.DEAD || supervisor == null) {
            return launcherState;
        }
        return ProcessTable.liveness(supervisor);
    }
}
