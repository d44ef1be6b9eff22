package io.liftoff.launch;

import io.liftoff.Display;
import io.liftoff.process.LiveProcesses;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.Experiment;
import io.liftoff.store.Metrics;
import io.liftoff.store.Run;
import io.liftoff.store.RunEvents;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.Collection;
import java.util.List;

/**
 * Early stopping for one session: when a running run's metrics file is written (the file system says
 * so, through a {@link WatchService}; where it cannot, every 10 ms), the runs whose file grew
 * are judged ({@link Pruning}), and those that fall behind are recorded pruned, then stopped as a
 * timeout stops a run (TERM, --grace, KILL) off the launcher's thread; their wrappers record their ends.
 */
public final class Pruner {
    /** How often the launcher's loop wakes for it: rarely when writes wake it, often when nothing can. */
    private static final long WATCHED_MILLIS = 250;
    private static final long POLLED_MILLIS = 10;

    private final Pruning pruning;
    private final long graceMillis;
    private final Consumer<String> say;
    private final WatchService watcher;
    private final Set<Path> watched = new HashSet<>();

    private Pruner(Pruning pruning, long graceMillis, Consumer<String> say, WatchService watcher) {
        this.pruning = pruning;
        this.graceMillis = graceMillis;
        this.say = say;
        this.watcher = watcher;
    }

    /**
     * A launcher's pruner, which calls {@code wake} when a metrics file is written and says what it
     * prunes through {@code say}; null without settings (no --prune).
     */
    public static Pruner of(Experiment experiment, Pruning.Settings settings, long graceMillis, Consumer<String> say,
            Runnable wake) {
        if (settings == null) {
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
        return new Pruner(new Pruning(experiment, settings), graceMillis, say, watcher);
    }

    /**
     * For a launcher with no loop of its own (a Slurm task's JVM, between two of its questions): a
     * daemon thread that judges the runs {@code running} gives now, on each write of their metrics and
     * at least every {@link #interval}, for as long as the JVM lives.
     */
    public static void watch(Experiment experiment, Pruning.Settings settings, long graceMillis, Consumer<String> say,
            Supplier<Collection<Run>> running) {
        Semaphore written = new Semaphore(0);
        Pruner pruner = of(experiment, settings, graceMillis, say, written::release);
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    written.tryAcquire(pruner.interval(), TimeUnit.MILLISECONDS);
                    written.drainPermits();
                    pruner.look(running.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "liftoff-prune");
        thread.setDaemon(true);
        thread.start();
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
    public long interval() {
        return watcher != null ? WATCHED_MILLIS : POLLED_MILLIS;
    }

    /** Judges the running runs whose metrics grew. */
    public void look(Collection<Run> running) {
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
        Pruning.Settings settings = pruning.settings();
        try {
            RunEvents.appendPrune(run.record(), settings.rule().key(), settings.metric(), decision.step(), decision.value());
        } catch (IOException e) {
            say.accept("could not record that " + run.name() + " is pruned (" + Display.problem(e) + "); it goes on");
            return;
        }
        double step = decision.step();
        say.accept("pruning " + run.name() + ": " + settings.metric() + " " + Metrics.text(decision.value())
                + " at step " + (step == Math.rint(step) ? Long.toString((long) step) : Double.toString(step)) + " falls behind ("
                + settings.rule().key() + ")");
        ProcessTree tree = ProcessTree.of(null, record.script(), run.folder().toString(), new LiveProcesses());
        Thread stopping = new Thread(() -> ProcessTree.terminate(List.of(tree), graceMillis), "liftoff-prune-stop");
        stopping.setDaemon(true);
        stopping.start();
    }

    /** The run ended: it is judged no more. */
    public void forget(Run run) {
        pruning.forget(run);
    }
}
