package io.liftoff.launch;

import io.liftoff.LiftoffException;
import io.liftoff.process.ProcessTable;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import io.liftoff.store.Markers;
import io.liftoff.store.SessionIds;
import io.liftoff.store.SessionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** One launcher working on one experiment, visible to others through its file {@code .__session-<id>}. */
public final class Session implements AutoCloseable {
    private final Experiment experiment;
    private final SessionRecord record;

    private Session(Experiment experiment, SessionRecord record) {
        this.experiment = experiment;
        this.record = record;
    }

    public static Session start(Experiment experiment, List<String> commandLine) {
        SessionRecord record = new SessionRecord(SessionIds.next(), ProcessTable.self(), Markers.now(), commandLine);
        try {
            record.write(experiment.dir());
        } catch (IOException e) {
            throw LiftoffException.failure("cannot write the session file in " + experiment + ": " + e.getMessage(), e);
        }
        return new Session(experiment, record);
    }

    public String id() {
        return record.id();
    }

    /** Removes the session file: the session has ended. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(experiment.dir().resolve(Layout.sessionFile(record.id())));
        } catch (IOException e) {
            // a leftover file is judged dead by its pid and start time; nothing is lost
        }
    }
}
