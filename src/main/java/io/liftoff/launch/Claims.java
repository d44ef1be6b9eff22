package io.liftoff.launch;

import io.liftoff.process.Host;
import io.liftoff.store.Attempts;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.Watch;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;

/**
 * How a launcher (a local session or a Slurm task) takes a run for itself, so that no run ever
 * executes twice: by creating its record, which succeeds for one claimer only; by taking over the
 * claim of an owner that ended before starting it, which only the one that creates the
 * {@code <run>.reclaim-<owner>} marker may do (it lasts only as long as the take-over); or, for a
 * retry, by archiving the failed attempt ({@link Attempts}), whose numbered folder only one claimer
 * can create.
 */
public final class Claims {
    /** What a claim did. */
    public enum Outcome { CLAIMED, TAKEN_OVER, RETRIED, LOST_RACE }

    private final String owner;

    public Claims(String owner) {
        this.owner = owner;
    }

    public String owner() {
        return owner;
    }

    /** Claims the candidate; {@code watches} gives a look at what is alive, taken only when a claim must be judged. */
    public Outcome claim(RunQueue.Candidate candidate, java.util.function.Supplier<Watch> watches, RunRecord.Launch launch)
            throws IOException {
        // Runs are on their way: a new experiment's other run folders may be made now, beside them.
        io.liftoff.store.RunFolders.claimed();
        Run run = candidate.run();
        if (candidate.retry()) {
            Watch watch = watches.get();
            RunRecord record = RunRecord.read(run.record());
            RunSnapshot now = new RunSnapshot(run, record, candidate.snapshot().held(), candidate.snapshot().archivedAttempts());
            // Only the failed attempt this launcher saw is retried, and only while it is still failed: another
            // launcher may have retried it since (a new claim), or it looked lost and recorded its end since.
            if (record == null || !record.isSameClaim(candidate.snapshot().record()) || !now.state(watch).failed()
                    || watch.hasLeftovers(run, record)) {
                return Outcome.LOST_RACE;
            }
            return Attempts.retry(run, record, owner, Host.name(), launch) != null ? Outcome.RETRIED : Outcome.LOST_RACE;
        }
        if (RunRecord.create(run.record(), owner, Host.name(), launch)) {
            return Outcome.CLAIMED;
        }
        RunSnapshot now = run.snapshot();
        if (!now.isAbandonedClaim(watches.get())) {
            return Outcome.LOST_RACE;
        }
        String previous = holder(run, now.record());
        java.nio.file.Path taken = run.record().resolveSibling(run.id() + Layout.RECLAIM_INFIX + previous);
        try {
            Files.createFile(taken);
        } catch (FileAlreadyExistsException e) {
            return Outcome.LOST_RACE;
        }
        try {
            // A launcher that judged the old claim may create the marker only after the take-over removed it:
            // it then finds the claim changed and backs off.
            if (!previous.equals(holder(run, RunRecord.read(run.record())))) {
                return Outcome.LOST_RACE;
            }
            RunRecord.replace(run.record(), owner, Host.name(), launch);
            return Outcome.TAKEN_OVER;
        } finally {
            // Only held during the take-over: the layout keeps no trace of it.
            Files.deleteIfExists(taken);
        }
    }

    /** Who holds a claim, as the take-over marker names it: its owner, or that (and when) it was unreadable. */
    private static String holder(Run run, RunRecord record) {
        return record != null && record.owner() != null ? record.owner() : "unreadable-" + run.record().toFile().lastModified();
    }

    /**
     * Gives back a claim of this owner that never became a start (its run could not be started): the
     * record goes, and the run is pending again. Nobody else writes to a claim whose owner is alive.
     */
    public void release(Run run) {
        RunRecord record = RunRecord.read(run.record());
        if (record != null && owner.equals(record.owner()) && record.start() == null && record.end() == null) {
            try {
                Files.deleteIfExists(run.record());
            } catch (IOException e) {
                // it stays claimed until this session ends; then it is an abandoned claim, pending again
            }
        }
    }
}
