package io.liftoff.store;

import io.liftoff.process.Liveness;
import java.io.File;
import java.nio.file.Files;

/**
 * What one look at a run shows: its record (null when never claimed), whether it is held, and how
 * many earlier attempts were archived. The run's state follows from it and a {@link Watch}.
 */
public final class RunSnapshot {
    /**
     * How long a claim of a session that has ended may wait for its run's start before it counts as
     * abandoned: the supervisor starts a run within milliseconds of being handed it.
     */
    public static final long LAUNCH_GRACE_SECONDS = 2;

    private final Run run;
    private RunRecord record;
    /** What a look shows of an ended run ({@link EndedRuns}); its record is read only when asked for. */
    private EndedRuns.Entry copied;
    private final boolean held;
    private final int attempts;

    public RunSnapshot(Run run, RunRecord record, boolean held, int attempts) {
        this.run = run;
        this.record = record;
        this.held = held;
        this.attempts = attempts;
    }

    /**
     * A run whose record ended, known from its copy: the record is parsed only when asked for (a
     * launcher's look at which runs it may start needs no ended record, only that it ended).
     */
    static RunSnapshot ended(Run run, EndedRuns.Entry copy, boolean held, int attempts) {
        RunSnapshot snapshot = new RunSnapshot(run, null, held, attempts);
        snapshot.copied = copy;
        return snapshot;
    }

    /** Looks at one run on its own (several runs are looked at per variation: {@link VariationFolder}). */
    public static RunSnapshot of(Run run) {
        String[] attempts = run.attempts().toFile().list();
        return new RunSnapshot(run, RunRecord.read(run.record()), Files.exists(run.hold()),
                attempts == null ? 0 : attempts.length);
    }

    public Run run() {
        return run;
    }

    /** Null when the run was never claimed. */
    public RunRecord record() {
        if (record == null && copied != null) {
            java.nio.file.attribute.BasicFileAttributes now = EndedRuns.attributes(run.record());
            String text = now == null ? null : RunRecord.text(run.record());
            record = text == null ? null : RunRecord.parse(text);
            if (text == null || !copied.matches(now, attempts)
                    || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length != now.size()) {
                // Written since the look: this snapshot now shows the record as read, its state included.
                copied = null;
            }
        }
        return record;
    }

    public boolean held() {
        return held;
    }

    /** How many earlier attempts were archived (by retries, requeues or liftoff-clean). */
    public int archivedAttempts() {
        return attempts;
    }

    public RunState state(Watch watch) {
        // Only a Slurm queue can make an ended run wait again (a requeued task): ask it with the record.
        if (copied != null && watch.queue().holdsNone()) {
            return copied.state();
        }
        RunRecord record = record();
        if (record == null) {
            QueueView.Waiting waiting = held ? null : watch.queue().waiting(run, null);
            if (waiting != null) {
                return waiting.state();
            }
            return held ? RunState.HELD : RunState.PENDING;
        }
        if (record.aborted()) {
            return RunState.ABORTED;
        }
        // The queue first: a requeued Slurm task's run waits again, even after its interrupted attempt ended.
        QueueView.Waiting waiting = watch.queue().waiting(run, record);
        if (waiting != null) {
            return waiting.state();
        }
        if (record.end() != null) {
            return record.endedState();
        }
        if (record.start() != null) {
            // Not running and no end: its timer stopped it (timed out), or it was killed with whoever would record the end (lost).
            // isAlive may have found the record changed since it was read: the state is the record's as read last.
            return isAlive(watch) ? RunState.RUNNING : this.record.endedState();
        }
        return isAbandonedClaim(watch) ? RunState.PENDING : RunState.RUNNING;
    }

    /**
     * Whether a started run still runs: its wrapper, or (when someone killed the wrapper) any process
     * that carries the run. Runs on another host count as running until they record an end.
     */
    private boolean isAlive(Watch watch) {
        RunRecord record = record();
        Liveness wrapper = watch.process(record.wrapper());
        if (wrapper != Liveness.DEAD) {
            return true;
        }
        if (QueueView.isQueued(record.owner())) {
            return watch.owner(record) != Liveness.DEAD;
        }
        // It may have ended between reading the record and checking: read it once more, and show that record
        // when it has an end (a wrapper that exited after recording its end is no lost run, nor one to retry).
        RunRecord again = RunRecord.read(run.record());
        if (again != null && again.end() != null) {
            this.record = again;
            return false;
        }
        return watch.hasProcesses(run);
    }

    /** Whether a launcher may claim the run now: never claimed and not held, or claimed by an owner that is gone. */
    public boolean isRunnable(Watch watch) {
        if (copied != null) {
            return false;
        }
        RunRecord record = record();
        if (record == null) {
            return !held;
        }
        return record.start() == null && record.end() == null && isAbandonedClaim(watch);
    }

    /**
     * A claim whose owner has ended before starting the run: nothing will start it any more. A claim
     * of a session whose processes are gone is given a moment (its supervisor may have been starting
     * the run as it died), measured both ways so that a clock set ahead on another host cannot make it
     * wait forever.
     */
    public boolean isAbandonedClaim(Watch watch) {
        if (copied != null) {
            return false;
        }
        RunRecord record = record();
        if (record == null || record.start() != null || record.end() != null) {
            return false;
        }
        if (record.owner() != null && watch.owner(record) != Liveness.DEAD) {
            return false;
        }
        return Math.abs(ageSeconds()) > LAUNCH_GRACE_SECONDS && !watch.hasProcesses(run);
    }

    /** A claim of an ended owner that may still become a start: claimed moments ago. */
    public boolean isClaimInGrace(Watch watch) {
        if (copied != null) {
            return false;
        }
        RunRecord record = record();
        return record != null && record.start() == null && record.end() == null && !isAbandonedClaim(watch)
                && watch.owner(record) == Liveness.DEAD;
    }

    private long ageSeconds() {
        long modified = new File(run.record().toString()).lastModified();
        return modified == 0 ? 0 : (System.currentTimeMillis() - modified) / 1000;
    }

    /** When the run started, in epoch milliseconds, or -1. */
    public long startMillis() {
        if (copied != null) {
            return copied.startMillis();
        }
        RunRecord record = record();
        return record == null || record.start() == null ? -1 : millis(record.start().time());
    }

    /** When the run ended (done, crashed, timed out or aborted), in epoch milliseconds, or -1. */
    public long endMillis() {
        if (copied != null) {
            return copied.endMillis();
        }
        RunRecord record = record();
        if (record == null) {
            return -1;
        }
        if (record.aborted() && record.end() == null) {
            return millis(record.abortTime());
        }
        return record.end() == null ? -1 : millis(record.end().time());
    }

    /** The exit code recorded at the end (128 + N for a signal N), or null. */
    public Integer exitCode() {
        if (copied != null) {
            return copied.code();
        }
        RunRecord record = record();
        return record == null || record.end() == null ? null : record.end().code();
    }

    /** How many times the run was retried automatically before this attempt (its launch's retry). */
    public int retries() {
        if (copied != null) {
            return copied.retry();
        }
        RunRecord record = record();
        return record == null ? 0 : record.launch().retry();
    }

    /** Whether the run's wrapper ran on this host (false when it never started). */
    public boolean hasLocalWrapper() {
        Boolean local = copied == null ? null : copied.localWrapper();
        if (local != null) {
            return local;
        }
        RunRecord record = record();
        return record != null && record.wrapper() != null && record.wrapper().isLocal();
    }

    private static long millis(double seconds) {
        return Double.isNaN(seconds) ? -1 : Math.round(seconds * 1000);
    }
}
