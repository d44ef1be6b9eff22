package io.liftoff.inspect;

import io.liftoff.launch.Eta;
import io.liftoff.process.LiveProcesses;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.Experiment;
import io.liftoff.store.QueueView;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.RunState;
import io.liftoff.store.Sessions;
import io.liftoff.store.Watch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Looks at an experiment in one pass: a listing of each variation's records, a read of each record,
 * and /proc only for runs whose record cannot tell (started, not ended, wrapper gone) or, with
 * details, for leftovers of ended runs. No process is spawned.
 */
public final class StatusScanner {
    private StatusScanner() {
    }

    /** Counts, times and ETA; with {@code details}, one {@link RunView} per run as well. */
    public static ExperimentStatus scan(Experiment experiment, boolean details, LiveProcesses processes, QueueView queue) {
        long now = System.currentTimeMillis();
        Sessions sessions = experiment.sessions();
        Watch watch = new Watch(sessions, processes, queue);
        Map<RunState, Integer> counts = ExperimentStatus.emptyCounts();
        List<RunView> views = details ? new ArrayList<>() : null;
        Eta eta = new Eta();
        int retried = 0;
        int leftovers = 0;
        for (RunSnapshot snapshot : experiment.snapshots()) {
            RunState state = snapshot.state(watch);
            counts.merge(state, 1, Integer::sum);
            long start = snapshot.startMillis();
            long end = state.ended() ? snapshot.endMillis() : -1;
            eta.add(start, end, state == RunState.DONE, now);
            if (snapshot.retries() > 0 || state.failed() && snapshot.archivedAttempts() > 0) {
                retried++;
            }
            // Processes seen a moment before the end was read may have ended with it: only those alive now count.
            if (state.ended() && snapshot.hasLocalWrapper() && watch.hasProcesses(snapshot.run())
                    && watch.hasLeftovers(snapshot.run(), snapshot.record())) {
                leftovers++;
            }
            if (details) {
                views.add(view(snapshot, state, start, end, watch));
            }
        }
        boolean worked = !sessions.live().isEmpty() || counts.get(RunState.RUNNING) > 0;
        long left = eta.estimate(counts.get(RunState.PENDING) + counts.get(RunState.QUEUED) + counts.get(RunState.REQUEUED),
                worked, now);
        return new ExperimentStatus(experiment, counts, retried, leftovers, sessions.live(), eta.firstStart(), eta.lastEnd(), now, left,
                views);
    }

    private static RunView view(RunSnapshot snapshot, RunState state, long start, long end, Watch watch) {
        RunRecord record = snapshot.record();
        if (record == null) {
            QueueView.Waiting waiting = watch.queue().waiting(snapshot.run(), null);
            return new RunView(snapshot.run(), state, -1, -1, null, RunRecord.Launch.NONE, null, null, null,
                    snapshot.archivedAttempts() + 1, 0, 0, waiting == null ? null : waiting.reason());
        }
        ProcessIdentity wrapper = record.wrapper();
        ProcessIdentity script = record.script();
        int leftovers = 0;
        if (state.ended() && wrapper != null && wrapper.isLocal()) {
            leftovers = ProcessTree.of(null, script, snapshot.run().folder().toString(), watch.processes()).alive().size();
        }
        QueueView.Waiting waiting = watch.queue().waiting(snapshot.run(), record);
        String reason = waiting != null ? waiting.reason() : state.failed() ? watch.queue().reason(record) : null;
        return new RunView(snapshot.run(), state, start, end, snapshot.exitCode(), record.launch(), wrapper,
                script != null ? script : wrapper, record.owner(), record.launch().attempt(), leftovers,
                record.end() == null ? 0 : record.end().stoppedLeftovers(), reason);
    }
}
