package io.liftoff.control;

import io.liftoff.inspect.ExperimentStatus;
import io.liftoff.inspect.RunView;
import io.liftoff.inspect.StatusScanner;
import io.liftoff.launch.BatchQueue;
import io.liftoff.process.LiveProcesses;
import io.liftoff.process.Liveness;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTable;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.AbortMark;
import io.liftoff.store.Attempts;
import io.liftoff.store.Experiment;
import io.liftoff.store.HostIndex;
import io.liftoff.store.Journal;
import io.liftoff.store.Layout;
import io.liftoff.store.QueueView;
import io.liftoff.store.RunEvents;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import io.liftoff.store.SessionRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stops an experiment: first it marks the experiment aborted (so no launcher starts anything more,
 * also one still starting), then stops its launcher sessions, then every run's processes (the run's
 * whole tree, also those that left it with setsid or a double fork), TERM first and KILL after a
 * grace period. Running runs are recorded as aborted before any signal, so status never mistakes them
 * for crashed or lost; a run that ended but left processes behind keeps its end and loses its
 * leftovers. Only processes on this host can be stopped; those on other hosts are named.
 */
public final class Abort {
    /** What will be stopped. */
    public record Plan(Experiment experiment, List<SessionRecord> sessions, Map<RunView, ProcessTree> runs,
            List<SessionRecord> remoteSessions, List<RunView> remoteRuns, BatchQueue queue, List<BatchQueue.Job> jobs,
            List<RunView> queuedRuns) {
        public boolean isEmpty() {
            return sessions.isEmpty() && runs.isEmpty() && remoteSessions.isEmpty() && remoteRuns.isEmpty()
                    && jobs.isEmpty();
        }
    }

    /** What was done. */
    public record Outcome(int sessions, int runs, int processes, int killed) {
    }

    private Abort() {
    }

    /** {@code queue}: what the backends' queues hold of the experiment (cancelling is by job id: their last look is enough). */
    public static Plan plan(Experiment experiment, LiveProcesses live, BatchQueue queue) {
        ExperimentStatus status = StatusScanner.scan(experiment, true, live, queue);
        List<SessionRecord> local = new ArrayList<>();
        List<SessionRecord> remote = new ArrayList<>();
        for (SessionRecord session : status.liveSessions()) {
            (session.launcher().isLocal() ? local : remote).add(session);
        }
        Map<RunView, ProcessTree> runs = new LinkedHashMap<>();
        List<RunView> remoteRuns = new ArrayList<>();
        List<RunView> queuedRuns = new ArrayList<>();
        for (RunView view : status.runs()) {
            if (QueueView.isQueued(view.owner()) && (view.state() == RunState.RUNNING || view.state() == RunState.REQUEUED)) {
                queuedRuns.add(view);
            }
        }
        collectRuns(status, live, runs, remoteRuns);
        remoteRuns.removeAll(queuedRuns);
        return new Plan(experiment, local, runs, remote, remoteRuns, queue, queue.jobs(), queuedRuns);
    }

    /** Running runs, and runs whose processes outlived their wrapper or their end. */
    private static void collectRuns(ExperimentStatus status, LiveProcesses live, Map<RunView, ProcessTree> runs,
            List<RunView> remote) {
        for (RunView view : status.runs()) {
            ProcessIdentity wrapper = view.wrapper();
            if (wrapper == null) {
                // A run claimed but not started has no process: once its session is stopped it is pending again.
                continue;
            }
            if (!wrapper.isLocal()) {
                if (view.state() == RunState.RUNNING) {
                    remote.add(view);
                }
                continue;
            }
            ProcessIdentity script = view.process() != null && view.process().pid() != wrapper.pid() ? view.process() : null;
            ProcessTree tree = ProcessTree.of(wrapper, script, view.run().folder().toString(), live);
            if (!tree.isEmpty()) {
                runs.put(view, tree);
            }
        }
    }

    public static Outcome execute(Plan plan, long graceMillis, Consumer<String> say) {
        Experiment experiment = plan.experiment();
        try {
            AbortMark.next(experiment.dir());
        } catch (IOException e) {
            say.accept("cannot mark " + experiment + " aborted (" + e.getMessage() + "): a launcher starting right now may go on");
        }
        Map<RunView, ProcessTree> runs = new LinkedHashMap<>();
        plan.runs().forEach((view, tree) -> {
            if (!tree.isEmpty()) {
                markAborted(view);
                runs.put(view, tree);
            }
        });
        if (!plan.remoteSessions().isEmpty()) {
            try {
                Files.writeString(experiment.stopFile(), "written by liftoff-abort\n");
                say.accept("created " + experiment.stopFile().getFileName() + " so that sessions on other hosts launch nothing more; remove it to launch again");
            } catch (IOException e) {
                say.accept("cannot create " + experiment.stopFile() + ": " + e.getMessage());
            }
        }
        // Counted before the sessions stop: stopping a session stops its runs' processes too.
        int processes = runs.values().stream().mapToInt(t -> t.alive().size()).sum();
        int sessions = stopSessions(plan, graceMillis, say);
        cancelJobs(plan, say);
        // A local session may have started a run while it was being stopped: look again.
        LiveProcesses live = new LiveProcesses();
        Map<RunView, ProcessTree> late = new LinkedHashMap<>();
        collectRuns(StatusScanner.scan(experiment, true, live, QueueView.NONE), live, late, new ArrayList<>());
        for (Map.Entry<RunView, ProcessTree> entry : late.entrySet()) {
            if (runs.keySet().stream().noneMatch(v -> v.run().equals(entry.getKey().run()))) {
                markAborted(entry.getKey());
                runs.put(entry.getKey(), entry.getValue());
                processes += entry.getValue().alive().size();
            }
        }
        List<ProcessTree> trees = new ArrayList<>(runs.values());
        int killed = ProcessTree.terminate(trees, graceMillis);
        List<RunView> stopped = new ArrayList<>(runs.keySet());
        stopped.addAll(plan.queuedRuns());
        for (RunView view : stopped) {
            String what = view.state().ended() ? "stopped what " + view.run().name() + " left running after it ended"
                    : "aborted " + view.run().name();
            say.accept(what);
            Journal.note(experiment.dir(), "liftoff-abort", what);
        }
        for (SessionRecord session : plan.remoteSessions()) {
            say.accept("session " + session.id() + " runs on host " + session.launcher().host() + ": run liftoff-abort there to stop its runs");
        }
        for (RunView view : plan.remoteRuns()) {
            say.accept("run " + view.run().name() + " runs on host " + view.wrapper().host() + ": run liftoff-abort there");
        }
        return new Outcome(sessions, stopped.size(), processes, killed);
    }

    /**
     * Cancels exactly the experiment's jobs in the queues, after recording their running and
     * requeued runs as aborted (a requeued run's interrupted attempt put aside first): the dying scripts'
     * ends come after the abort, so the runs show aborted; queued tasks vanish and their runs stay pending.
     */
    private static void cancelJobs(Plan plan, Consumer<String> say) {
        for (RunView view : plan.queuedRuns()) {
            if (view.state() == RunState.REQUEUED) {
                // Its interrupted attempt is put aside, and the attempt that will never start is the aborted one.
                try {
                    RunRecord record = RunRecord.read(view.run().record());
                    RunRecord.Launch launch = record.launch();
                    RunRecord.Launch next = new RunRecord.Launch(launch.gpu(), launch.argv(), launch.cwd(), Attempts.after(launch),
                            launch.retry(), launch.endBy(), launch.timeout(), launch.detached(), launch.task());
                    if (Attempts.retry(view.run(), record, record.owner(), io.liftoff.process.Host.name(), next) != null) {
                        RunEvents.appendAbort(view.run().record(), "liftoff-abort (pid " + ProcessHandle.current().pid() + ")");
                    }
                } catch (IOException e) {
                    say.accept("cannot record " + view.run().name() + " as aborted: " + e.getMessage());
                }
            } else {
                markAborted(view);
            }
        }
        for (BatchQueue.Job job : plan.jobs()) {
            plan.queue().cancel(job, say);
        }
    }

    /**
     * Marks experiments aborted although nothing of them runs yet: a launcher still starting on one
     * launches nothing. Says what it could not mark.
     */
    public static void markOnly(List<Experiment> experiments, Consumer<String> say) {
        for (Experiment experiment : experiments) {
            try {
                AbortMark.next(experiment.dir());
            } catch (IOException e) {
                say.accept("cannot mark " + experiment + " aborted (" + e.getMessage() + "): a launcher starting right now may go on");
            }
        }
    }

    /**
     * The launchers of this host that are still starting: alive, running a launch ({@code isLaunch}
     * judges a command line's arguments after the JAR), and not the launcher of any session in
     * {@code visible}. Their experiment cannot be known yet.
     */
    public static List<ProcessIdentity> startingLaunchers(java.util.Set<Long> visible,
            java.util.function.Predicate<List<String>> isLaunch) {
        List<ProcessIdentity> starting = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (ProcessTable.Entry entry : ProcessTable.all()) {
            if (entry.pid() == self || visible.contains(entry.pid())) {
                continue;
            }
            List<String> words = ProcessTable.commandLine(entry.pid());
            int jar = words.indexOf("-jar");
            if (jar >= 0 && jar + 1 < words.size() && words.get(jar + 1).endsWith("liftoff.jar")
                    && isLaunch.test(words.subList(jar + 2, words.size()))) {
                starting.add(entry.identity());
            }
        }
        return starting;
    }

    /** The experiments of live sessions of this host whose launchers are among {@code launchers}. */
    public static List<Experiment> sessionsOf(List<ProcessIdentity> launchers) {
        Map<java.nio.file.Path, Experiment> found = new LinkedHashMap<>();
        for (HostIndex.SessionEntry entry : HostIndex.local().sessions()) {
            SessionRecord record = SessionRecord.read(entry.experiment().resolve(Layout.sessionFile(entry.sessionId())), entry.sessionId());
            if (record != null && launchers.contains(record.launcher()) && !found.containsKey(entry.experiment())) {
                try {
                    found.put(entry.experiment(), Experiment.open(entry.experiment()));
                } catch (io.liftoff.LiftoffException e) {
                    // deleted meanwhile
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    private static int stopSessions(Plan plan, long graceMillis, Consumer<String> say) {
        List<ProcessIdentity> launchers = new ArrayList<>();
        for (SessionRecord session : plan.sessions()) {
            if (ProcessTree.signal(session.launcher(), false)) {
                launchers.add(session.launcher());
            }
        }
        long deadline = System.currentTimeMillis() + graceMillis;
        while (System.currentTimeMillis() < deadline
                && launchers.stream().anyMatch(l -> ProcessTable.liveness(l) == Liveness.ALIVE)) {
            pause();
        }
        HostIndex index = HostIndex.local();
        for (SessionRecord session : plan.sessions()) {
            boolean killed = ProcessTree.signal(session.launcher(), true);
            try {
                Files.deleteIfExists(plan.experiment().dir().resolve(Layout.sessionFile(session.id())));
            } catch (IOException e) {
                // a leftover session file of a dead launcher counts as ended anyway
            }
            index.removeSession(session.id());
            say.accept("stopped session " + session.id() + " (launcher pid " + session.launcher().pid()
                    + (killed ? ", killed after " + graceMillis / 1000 + "s" : "") + ")");
        }
        return plan.sessions().size();
    }

    /** Records a running run as aborted; one that already ended keeps its end. */
    private static void markAborted(RunView view) {
        if (view.state().ended()) {
            return;
        }
        try {
            RunEvents.appendAbort(view.run().record(), "liftoff-abort (pid " + ProcessHandle.current().pid() + ")");
        } catch (IOException e) {
            // the run is still stopped; status will call it crashed or lost instead
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
