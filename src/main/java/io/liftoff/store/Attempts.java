package io.liftoff.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one way an attempt of a run is put aside, shared by liftoff-clean, automatic retries and
 * Slurm requeues: the attempt's record, out, err and metrics move to {@code .__attempts/<run>/<N>/}, where N
 * is the attempt's number; files the script wrote stay in its folder, so the next attempt can resume
 * from its checkpoints. Creating that numbered folder is the claim of the archive: of two launchers
 * retrying one run, one creates it and the other finds it there and leaves the run alone.
 */
public final class Attempts {
    private Attempts() {
    }

    /**
     * Puts the run's current attempt aside and leaves the run pending (liftoff-clean). Returns the
     * folder the attempt went to, or null when another process archived it first.
     */
    public static Path reset(Run run, RunRecord record) throws IOException {
        Path attempt = claimArchive(run, record);
        if (attempt == null) {
            return null;
        }
        moveFiles(run, attempt);
        Files.createLink(attempt.resolve(Layout.RECORD), run.record());
        // Last: without its record the run is runnable again.
        Files.deleteIfExists(run.record());
        return attempt;
    }

    /**
     * Puts the run's current attempt aside and claims the run again for {@code owner} in one step,
     * so no other launcher can take it in between (a retry, or a requeued Slurm task). Returns the
     * attempt's folder, or null when another process archived it first.
     */
    public static Path retry(Run run, RunRecord record, String owner, String host, RunRecord.Launch launch) throws IOException {
        Path attempt = claimArchive(run, record);
        if (attempt == null) {
            return null;
        }
        moveFiles(run, attempt);
        Files.createLink(attempt.resolve(Layout.RECORD), run.record());
        RunRecord.replace(run.record(), owner, host, launch);
        return attempt;
    }

    /**
     * The one rule of automatic retries, for a local launcher, a Slurm task and a look for runs to
     * start: an attempt that failed (crashed, timed out or lost; an aborted one never) is followed by
     * another while its run has had fewer than {@code allowed} retries.
     */
    public static boolean mayRetry(RunState state, RunRecord.Launch attempt, int allowed) {
        return state.failed() && attempt.retry() < allowed;
    }

    /** The number of the attempt that follows {@code attempt}, which is put aside under its own number. */
    public static int after(RunRecord.Launch attempt) {
        return attempt.attempt() + 1;
    }

    /** The number of a run's attempt when none of it is to be put aside (a first claim, a take-over): 1 + those archived. */
    public static int next(RunSnapshot snapshot) {
        return snapshot.archivedAttempts() + 1;
    }

    /** The number the next attempt of a run gets: 1 + the attempts archived before it. */
    public static int next(Run run) {
        String[] names = run.attempts().toFile().list();
        return 1 + (names == null ? 0 : names.length);
    }

    private static Path claimArchive(Run run, RunRecord record) throws IOException {
        int number = record != null && record.claim() != null ? record.launch().attempt() : next(run);
        Files.createDirectories(run.attempts());
        try {
            return Files.createDirectory(run.attempts().resolve(Integer.toString(number)));
        } catch (FileAlreadyExistsException e) {
            return null;
        }
    }

    /**
     * Moves the attempt's out, err and metrics: liftoff's own files only, never a folder or link a script put
     * in their place. The next attempt reports into a fresh metrics file, so steps it repeats do not mix.
     */
    private static void moveFiles(Run run, Path attempt) throws IOException {
        Path[][] moves = {{run.out(), attempt.resolve(Layout.OUT)}, {run.err(), attempt.resolve(Layout.ERR)},
            {run.metrics(), attempt.resolve(Layout.METRICS)}};
        for (Path[] move : moves) {
            Path file = move[0];
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.move(file, move[1]);
            } catch (NoSuchFileException e) {
                // its script removed the file meanwhile
            }
        }
    }
}
