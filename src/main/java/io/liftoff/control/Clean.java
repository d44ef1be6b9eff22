package io.liftoff.control;

import io.liftoff.inspect.RunView;
import io.liftoff.inspect.StatusScanner;
import io.liftoff.process.LiveProcesses;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.Attempts;
import io.liftoff.store.Experiment;
import io.liftoff.store.Journal;
import io.liftoff.store.QueueView;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.RunState;
import io.liftoff.store.Watch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes failed and aborted runs runnable again. Each run's attempt is put aside ({@link Attempts}):
 * its record, out and err move to {@code .__attempts/<run>/<N>/}; whatever the script wrote in its
 * folder (checkpoints) stays, so a rerun can resume from it; a line in the experiment's journal says
 * what was done. Running, done, pending and held runs are never touched, nor a run whose processes
 * still run.
 */
public final class Clean {
    /** A run to reset, why it may be, and the record that showed it (only that attempt is reset). */
    public record Reset(Run run, RunState state, Integer exitCode, RunRecord record) {
    }

    /**
     * A run that looks resettable but still has live processes (its wrapper died, its workers did
     * not), or whose Slurm task is queued or running (0 processes here).
     */
    public record Busy(Run run, int processes) {
    }

    public record Plan(Experiment experiment, List<Reset> resets, List<Busy> busy) {
    }

    private Clean() {
    }

    /** {@code queue}: what the backends' queues hold of the experiment (a run whose task is alive there is busy). */
    public static Plan plan(Experiment experiment, boolean crashedOnly, QueueView queue) {
        List<Reset> resets = new ArrayList<>();
        List<Busy> busy = new ArrayList<>();
        LiveProcesses live = new LiveProcesses();
        Watch watch = new Watch(experiment.sessions(), live, queue);
        for (RunView view : StatusScanner.scan(experiment, true, live, queue).runs()) {
            RunState state = view.state();
            boolean failed = state == RunState.CRASHED || state == RunState.TIMED_OUT;
            boolean wanted = failed || !crashedOnly && (state == RunState.LOST || state == RunState.ABORTED);
            if (!wanted) {
                continue;
            }
            RunRecord record = RunRecord.read(view.run().record());
            if (record != null && QueueView.isQueued(record.owner()) && queue.owner(record) != io.liftoff.process.Liveness.DEAD) {
                busy.add(new Busy(view.run(), 0));
                continue;
            }
            if (view.wrapper() != null && view.wrapper().isLocal()) {
                int alive = ProcessTree.of(view.wrapper(), view.process(), view.run().folder().toString(), live).alive().size();
                if (alive > 0) {
                    busy.add(new Busy(view.run(), alive));
                    continue;
                }
            }
            // The record as it is now, if it still says the same: a reset moves only that attempt.
            RunSnapshot snapshot = RunSnapshot.of(view.run());
            if (snapshot.state(watch) == state) {
                resets.add(new Reset(view.run(), state, view.exitCode(), snapshot.record()));
            }
        }
        return new Plan(experiment, resets, busy);
    }

    /**
     * Resets one run; returns the folder its attempt went to, or null when another process got there
     * first (another clean reset it, or a launcher retried it, since the plan was made).
     */
    public static Path apply(Experiment experiment, Reset reset) throws IOException {
        RunRecord now = RunRecord.read(reset.run().record());
        if (now == null || !now.isSameClaim(reset.record())) {
            return null;
        }
        Path attempt = Attempts.reset(reset.run(), now);
        if (attempt != null) {
            Journal.note(experiment.dir(), "liftoff-clean", "reset " + reset.run().name() + ", a " + reset.state().label()
                    + " run" + (reset.exitCode() != null ? " (exit " + reset.exitCode() + ")" : "") + "; its record, out and err are in "
                    + experiment.dir().relativize(attempt) + ", the script's own files were kept");
        }
        return attempt;
    }
}
