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
import io.liftoff.store.Layout;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.Collection;
import java.util.List;

/**
 * Early stopping for one session: when a running run's metrics file is written (the file system says
 * so, through a {@link WatchService}; where it cannot, every 10 ms), the runs whose file grew
 * are judged ({@link Pruning}), and those that fall behind are recorded pruned, then stopped as a
 * timeout stops a run (TERM, --grace, KILL) off the launcher's thread; their wrappers record their ends.
 */
final class Pruner {
    /** How often the launcher's loop wakes for it: rarely when writes wake it, often when nothing can. */
    private static final long WATCHED_MILLIS = 250;
    private static final long POLLED_MILLIS = 10;

    private final Pruning pruning;
    private final LaunchPlan plan;
    private final Progress progress;
    private final WatchService watcher;
    private final Set<Path> watched = new HashSet<>();

    private Pruner(Pruning pruning, LaunchPlan plan, Progress progress, WatchService watcher) {
        this.pruning = pruning;
        this.plan = plan;
        this.progress = progress;
        this.watcher = watcher;
    }

    /** The session's pruner, which calls {@code wake} when a metrics file is written; null without --prune. */
    static Pruner of(Experiment experiment, LaunchPlan plan, Progress progress, Runnable wake) {
        if (plan.pruning() == null) {
            return null;
        }
        WatchService watcher = null;
        try {
            watcher = FileSystems.getDefault().newWatchService();
            WatchService events = watcher;
            Thread thread = new Thread(() -> relay(events, wake), "liftoff-metrics");
            thread.setDaemon(true);
            thread.start();
        } catch (IOException | UnsupportedOperationException e) {
            // looked at every POLLED_MILLIS only
        }
        return new Pruner(new Pruning(experiment, plan.pruning()), plan, progress, watcher);
    }

    /** Wakes the launcher for every write of a metrics file in a watched folder. */
    private static void relay(WatchService events, Runnable wake) {
        try {
            while (true) {
                WatchKey key = events.take();
                boolean metrics = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    metrics |= event.kind() == StandardWatchEventKinds.OVERFLOW
                            || String.valueOf(event.context()).endsWith(Layout.METRICS_SUFFIX);
                }
                key.reset();
                if (metrics) {
                    wake.run();
                }
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
            // the launcher is done
        }
    }

    /** How long the launcher's loop may sleep between two looks. */
    long interval() {
        return watcher != null ? WATCHED_MILLIS : POLLED_MILLIS;
    }

    /** Judges the running runs whose metrics grew. */
    void look(Collection<Run> running) {
        for (Run run : running) {
            Path folder = run.metrics().getParent();
            if (watcher != null && watched.add(folder)) {
                try {
                    folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                } catch (IOException e) {
                    // that folder's runs are looked at when the loop wakes anyway
                }
            }
        }
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
