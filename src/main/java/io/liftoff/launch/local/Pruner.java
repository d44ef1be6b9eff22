package io.liftoff.launch.local;

import io.liftoff.Display;
import io.liftoff.collect.ResultTable;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.Progress;
import io.liftoff.launch.Pruning;
import io.liftoff.process.LiveProcesses;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.Experiment;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Early stopping for one session: every {@link #MILLIS}, the running runs whose metrics file grew are
 * judged ({@link Pruning}), and those that fall behind are recorded pruned, then stopped as a timeout
 * stops a run (TERM, --grace, KILL) off the launcher's thread; their wrappers record their ends.
 */
final class Pruner {
    /** How often the launcher's loop wakes for it (a pruned run stops within about this of its rung). */
    static final long MILLIS = 10;

    private final Pruning pruning;
    private final LaunchPlan plan;
    private final Progress progress;
    private long lookedAtMillis;

    private Pruner(Pruning pruning, LaunchPlan plan, Progress progress) {
        this.pruning = pruning;
        this.plan = plan;
        this.progress = progress;
    }

    /** The session's pruner; null without --prune. */
    static Pruner of(Experiment experiment, LaunchPlan plan, Progress progress) {
        return plan.pruning() == null ? null : new Pruner(new Pruning(experiment, plan.pruning()), plan, progress);
    }

    /** Judges the running runs, at most every {@link #MILLIS}. */
    void look(Collection<Run> running) {
        long now = System.currentTimeMillis();
        if (now - lookedAtMillis < MILLIS) {
            return;
        }
        lookedAtMillis = now;
        for (Pruning.Decision decision : pruning.check(running)) {
            stop(decision);
        }
    }

    private void stop(Pruning.Decision decision) {
        Run run = decision.run();
        RunRecord record = RunRecord.read(run.record());
        if (record == null || record.script() == null || record.end() != null || record.pruned()) {
            return;
        }
        Pruning.Settings settings = plan.pruning();
        try {
            RunRecord.appendPrune(run.record(), settings.rule().key(), settings.metric(), decision.step(), decision.value());
        } catch (IOException e) {
            progress.say("could not record that " + run.name() + " is pruned (" + Display.problem(e) + "); it goes on");
            return;
        }
        double step = decision.step();
        progress.say("pruning " + run.name() + ": " + settings.metric() + " " + ResultTable.shortText(decision.value())
                + " at step " + (step == Math.rint(step) ? Long.toString((long) step) : Double.toString(step)) + " falls behind ("
                + settings.rule().key() + ")");
        ProcessTree tree = ProcessTree.of(null, record.script(), run.folder().toString(), new LiveProcesses());
        Thread stopping = new Thread(() -> ProcessTree.terminate(List.of(tree), Math.round(plan.graceSeconds() * 1000)),
                "liftoff-prune");
        stopping.setDaemon(true);
        stopping.start();
    }

    /** The run ended: it is judged no more. */
    void forget(Run run) {
        pruning.forget(run);
    }
}
