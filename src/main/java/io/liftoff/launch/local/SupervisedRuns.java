package io.liftoff.launch.local;

import io.liftoff.launch.Session;
import io.liftoff.launch.Slots;
import io.liftoff.process.LiveProcesses;
import io.liftoff.process.Liveness;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTable;
import io.liftoff.process.ProcessTree;
import io.liftoff.store.Run;
import io.liftoff.store.RunEvents;
import io.liftoff.store.RunRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs a session has handed to its {@link Supervisor}, and the supervisor itself: started on the
 * first run, started again if it dies, told when the session has no more runs. Its events say when
 * a run started and ended; a run whose wrapper was killed (so no end will come) is found by looking.
 */
final class SupervisedRuns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedRuns.class);
    /** How long a handed run may wait for its start before a dead supervisor is suspected. */
    static final long CHECK_MILLIS = 2000;

    /** A run handed to the supervisor. */
    static final class Started {
        final int id;
        final Run run;
        final Slots.Slot slot;
        final RunRecord.Launch launch;
        final String note;
        final long handedMillis = System.currentTimeMillis();

        Started(int id, Run run, Slots.Slot slot, RunRecord.Launch launch, String note) {
            this.id = id;
            this.run = run;
            this.slot = slot;
            this.launch = launch;
            this.note = note;
        }
    }

    private final Session session;
    private final Supervisor.Settings settings;
    private final BlockingQueue<Supervisor.Event> events = new LinkedBlockingQueue<>();
    private final Map<Integer, Started> running = new LinkedHashMap<>();
    private Supervisor supervisor;
    private int nextId;

    SupervisedRuns(Session session, Supervisor.Settings settings) {
        this.session = session;
        this.settings = settings;
    }

    boolean isEmpty() {
        return running.isEmpty();
    }

    int size() {
        return running.size();
    }

    Collection<Started> all() {
        return running.values();
    }

    Started get(int id) {
        return running.get(id);
    }

    void remove(Started started) {
        running.remove(started.id);
    }

    /** Hands a run to the supervisor; its events come with the returned run's id. */
    Started hand(Run run, Slots.Slot slot, RunRecord.Launch launch, String note) {
        Started started = new Started(nextId++, run, slot, launch, note);
        running.put(started.id, started);
        hand(started);
        return started;
    }

    /** Gives a run to the supervisor, starting a new supervisor when there is none or it has gone. */
    private void hand(Started started) {
        String variation = started.run.variationPath().getFileName().toString();
        if (supervisor == null || !supervisor.start(started.id, variation, started.run.id(), started.slot.gpu(),
                started.launch.endBy(), started.launch.attempt())) {
            supervisor = Supervisor.start(settings, events);
            session.recordSupervisor(supervisor.identity());
            LOG.debug("supervisor {} started", supervisor.identity().pid());
            if (!supervisor.start(started.id, variation, started.run.id(), started.slot.gpu(), started.launch.endBy(),
                    started.launch.attempt())) {
                LOG.warn("the supervisor died as it started; {} stays claimed", started.run.name());
            }
        }
    }

    /** Wakes the launcher's loop from {@link #next}, from any thread (several wakes before it looks count as one). */
    void wake() {
        if (!events.contains(WAKE)) {
            events.offer(WAKE);
        }
    }

    private static final Supervisor.Event WAKE = new Supervisor.Event(Supervisor.Event.Kind.WOKEN, -2, 0, null);

    /** The next event, or null after {@code millis}; an id of -1 means every wrapper has gone. */
    Supervisor.Event next(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Looks for runs whose wrapper was killed (no end will come from it): {@code ended} hears of each
     * run that ended meanwhile, with its exit code, or -1 for a run whose processes have all gone with
     * no exit recorded (lost). One whose script still runs keeps its slot, so the experiment never runs
     * more at once than asked. A run handed to a supervisor that died before starting it is handed again.
     */
    void checkWrappers(BiConsumer<Started, Integer> ended) {
        LiveProcesses live = new LiveProcesses();
        for (Started started : new ArrayList<>(running.values())) {
            RunRecord record = RunRecord.read(started.run.record());
            if (record != null && record.end() != null) {
                ended.accept(started, record.end().code());
                continue;
            }
            if (record == null || record.start() == null) {
                boolean stale = System.currentTimeMillis() - started.handedMillis > CHECK_MILLIS;
                if (stale && (supervisor == null || !supervisor.isAlive())) {
                    LOG.debug("{} was handed to a supervisor that has gone; handing it again", started.run.name());
                    hand(started);
                }
                continue;
            }
            ProcessIdentity wrapper = record.wrapper();
            if (wrapper != null && ProcessTable.liveness(wrapper) != Liveness.DEAD) {
                continue;
            }
            RunRecord again = RunRecord.read(started.run.record());
            if (again != null && again.end() != null) {
                ended.accept(started, again.end().code());
            } else if (ProcessTree.of(null, record.script(), started.run.folder().toString(), live).isEmpty()) {
                ended.accept(started, -1);
            }
        }
    }

    /** Stops every run still going (TERM, then KILL after the grace period), recording each as aborted; returns how many. */
    int abortAll(String by, long graceMillis) {
        for (Started started : running.values()) {
            try {
                RunEvents.appendAbort(started.run.record(), by);
            } catch (IOException e) {
                // the run is stopped all the same; status will call it crashed instead
            }
        }
        // A wrapper that finds the abort in the record does not start its script; one that read the record
        // just before records its start within moments: wait for those, so that their scripts are stopped too.
        long deadline = System.currentTimeMillis() + START_MILLIS;
        while (System.currentTimeMillis() < deadline && running.values().stream().anyMatch(s -> isStarting(s.run))) {
            pause(20);
        }
        LiveProcesses live = new LiveProcesses();
        List<ProcessTree> trees = new ArrayList<>();
        for (Started started : running.values()) {
            RunRecord record = RunRecord.read(started.run.record());
            if (record != null) {
                trees.add(ProcessTree.of(record.wrapper(), record.script(), started.run.folder().toString(), live));
            }
        }
        ProcessTree.terminate(trees, graceMillis);
        return trees.size();
    }

    /** How long a run handed to the supervisor may take to record its start when the launcher is stopping. */
    private static final long START_MILLIS = 1000;

    /** Handed to a live supervisor and its start not recorded yet (a wrapper that found the abort never records one). */
    private boolean isStarting(Run run) {
        RunRecord record = RunRecord.read(run.record());
        return supervisor != null && supervisor.isAlive() && record != null && record.start() == null;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** No more runs: the supervisor exits once those it started have ended. */
    @Override
    public void close() {
        if (supervisor != null) {
            supervisor.close();
        }
    }
}
