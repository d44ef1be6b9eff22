package io.liftoff.launch;

import io.liftoff.LiftoffException;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTable;
import io.liftoff.store.AbortMark;
import io.liftoff.store.Experiment;
import io.liftoff.store.HostIndex;
import io.liftoff.store.Layout;
import io.liftoff.store.Markers;
import io.liftoff.store.SessionIds;
import io.liftoff.store.SessionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * One launcher working on one experiment, visible to others through its file {@code .__session-<id>}.
 * It notes the experiment's {@link AbortMark} when it began: when a liftoff-abort has come since, the
 * session launches nothing more (also one whose launcher was still starting as the abort ran). A
 * liftoff-abort without a selection, which cannot know the experiment of a launcher still starting,
 * leaves its mark in the host's index instead ({@link HostIndex#abortStops}).
 */
public final class Session implements AutoCloseable {
    private final Experiment experiment;
    private final AbortMark abortsAtStart;
    private final long processStart = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli())
            .orElse(System.currentTimeMillis());
    private SessionRecord record;

    private Session(Experiment experiment, SessionRecord record, AbortMark abortsAtStart) {
        this.experiment = experiment;
        this.record = record;
        this.abortsAtStart = abortsAtStart;
    }

    public static Session start(Experiment experiment, List<String> commandLine, AbortMark abortsAtStart) {
        SessionRecord record = new SessionRecord(SessionIds.next(), ProcessTable.self(), null, Markers.now(), commandLine);
        write(experiment, record);
        HostIndex.local().addSession(record.id(), experiment.dir());
        return new Session(experiment, record, abortsAtStart);
    }

    private static void write(Experiment experiment, SessionRecord record) {
        try {
            record.write(experiment.dir());
        } catch (IOException e) {
            throw LiftoffException.environment("cannot write the session file in " + experiment + ": " + e.getMessage(), e);
        }
    }

    public String id() {
        return record.id();
    }

    /** Records the process that starts this session's runs: while it lives, so does the session's claim on them. */
    public void recordSupervisor(ProcessIdentity supervisor) {
        record = record.withSupervisor(supervisor);
        write(experiment, record);
    }

    /** Whether liftoff-abort ran on the experiment since the session began, or on this host while it was starting. */
    public boolean aborted() {
        return experiment.abortMark().stops(abortsAtStart, processStart) || HostIndex.local().abortStops(record.launcher());
    }

    /** Removes the session file: the session has ended. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(experiment.dir().resolve(Layout.sessionFile(record.id())));
        } catch (IOException e) {
            // a leftover file is judged dead by its pids and start times; nothing is lost
        }
        HostIndex.local().removeSession(record.id());
    }
}
