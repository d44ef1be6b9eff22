package io.liftoff.store;

import io.liftoff.process.Liveness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions recorded in one experiment folder, read once per look, with their liveness. */
public final class Sessions {
    private final Map<String, SessionRecord> records = new HashMap<>();
    private final Map<String, Liveness> liveness = new ConcurrentHashMap<>();

    private Sessions() {
    }

    /** Reads the session files among {@code names}, the entries of the experiment folder. */
    public static Sessions read(Path experiment, String[] names) {
        Sessions sessions = new Sessions();
        for (String name : names) {
            String id = Layout.sessionIdOf(name);
            if (id != null) {
                SessionRecord record = SessionRecord.read(experiment.resolve(name), id);
                if (record != null) {
                    sessions.records.put(id, record);
                }
            }
        }
        return sessions;
    }

    /**
     * Whether a session can still start or finish runs (its launcher or its supervisor runs). A
     * session without a file has ended; one on another host counts as alive.
     */
    public Liveness liveness(String sessionId) {
        if (sessionId == null || !records.containsKey(sessionId)) {
            return Liveness.DEAD;
        }
        return liveness.computeIfAbsent(sessionId, id -> records.get(id).liveness());
    }

    public boolean isAlive(String sessionId) {
        return liveness(sessionId) != Liveness.DEAD;
    }

    /** Sessions whose launcher runs (or may run, on another host), oldest first. */
    public List<SessionRecord> live() {
        List<SessionRecord> live = new ArrayList<>();
        for (SessionRecord record : records.values()) {
            if (record.launcherLiveness() != Liveness.DEAD) {
                live.add(record);
            }
        }
        live.sort((a, b) -> Long.compare(a.started(), b.started()));
        return live;
    }

    public SessionRecord get(String sessionId) {
        return records.get(sessionId);
    }
}
