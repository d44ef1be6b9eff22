package io.liftoff.store;

import io.liftoff.process.LiveProcesses;
import io.liftoff.process.Liveness;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTree;

/**
 * What is alive now, as one look at an experiment finds it: the sessions that own claims, the
 * processes of this host, and (with Slurm) the queue. Each is read once and only when a run needs it,
 * so a look at an experiment whose runs have all ended reads no process at all.
 */
public final class Watch {
    private final Sessions sessions;
    private final LiveProcesses processes;
    private final QueueView queue;

    public Watch(Sessions sessions, LiveProcesses processes, QueueView queue) {
        this.sessions = sessions;
        this.processes = processes;
        this.queue = queue;
    }

    public Watch(Sessions sessions, LiveProcesses processes) {
        this(sessions, processes, QueueView.NONE);
    }

    public Sessions sessions() {
        return sessions;
    }

    public LiveProcesses processes() {
        return processes;
    }

    public QueueView queue() {
        return queue;
    }

    /** Whether the owner of a run's claim (a launcher session, or a Slurm task) can still start or finish it. */
    public Liveness owner(RunRecord record) {
        if (QueueView.isQueued(record.owner())) {
            return queue.owner(record);
        }
        return sessions.liveness(record.owner());
    }

    public Liveness process(ProcessIdentity identity) {
        return identity == null ? Liveness.DEAD : processes.of(identity);
    }

    /** Whether a process of this host still carries the run in its environment. */
    public boolean hasProcesses(Run run) {
        return !processes.ofRun(run.folder().toString()).isEmpty();
    }

    /**
     * Whether processes the run's script started still run on this host (its wrapper, about to exit,
     * left out): a run whose attempt left them must not start again while they run.
     */
    public boolean hasLeftovers(Run run, RunRecord record) {
        return !ProcessTree.of(record == null ? null : record.wrapper(), record == null ? null : record.script(),
                run.folder().toString(), processes).workers().isEmpty();
    }
}
