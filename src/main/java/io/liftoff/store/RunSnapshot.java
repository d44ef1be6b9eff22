package io.liftoff.store;

import io.liftoff.process.Liveness;
import io.liftoff.process.ProcessIdentity;
import io.liftoff.process.ProcessTable;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * What one look at a run folder shows: which markers exist (one directory listing, no stat per
 * marker) and, read only when asked, what they hold. The run's state follows from it.
 */
public final class RunSnapshot {
    /**
     * How long a dead session's claim may stay between its launch record and the run's start before
     * it counts as abandoned (the wrapper writes its start within milliseconds of being started), if
     * no process on this host is the run's wrapper.
     */
    public static final long LAUNCH_GRACE_SECONDS = 2;

    private static final int LEAF = 1;
    private static final int LOCK = 2;
    private static final int LAUNCH = 4;
    private static final int START = 8;
    private static final int END = 16;
    private static final int CRASH = 32;
    private static final int ABORTED = 64;

    private final RunFolder run;
    private final File dir;
    private final int markers;
    private List<String> start;

    private RunSnapshot(RunFolder run, File dir, int markers) {
        this.run = run;
        this.dir = dir;
        this.markers = markers;
    }

    public static RunSnapshot of(RunFolder run) {
        File dir = run.path().toFile();
        String[] names = dir.list();
        int markers = 0;
        if (names != null) {
            for (String name : names) {
                markers |= bit(name);
            }
        }
        return new RunSnapshot(run, dir, markers);
    }

    private static int bit(String name) {
        switch (name) {
            case Layout.LEAF:
                return LEAF;
            case Layout.LOCK:
                return LOCK;
            case Layout.LAUNCH:
                return LAUNCH;
            case Layout.START:
                return START;
            case Layout.END:
                return END;
            case Layout.CRASH:
                return CRASH;
            case Layout.ABORTED:
                return ABORTED;
            default:
                return 0;
        }
    }

    public RunFolder run() {
        return run;
    }

    /** A folder without {@code .__leaf} was not finished being created: not a run (yet). */
    public boolean isRun() {
        return has(LEAF);
    }

    private boolean has(int bit) {
        return (markers & bit) != 0;
    }

    public RunState state(Sessions sessions) {
        if (has(ABORTED) && !endedBeforeAbort()) {
            return RunState.ABORTED;
        }
        if (has(CRASH)) {
            return RunState.CRASHED;
        }
        if (has(END)) {
            return RunState.DONE;
        }
        if (has(START)) {
            if (processLiveness(sessions) != Liveness.DEAD) {
                return RunState.RUNNING;
            }
            // It may have ended between the listing and the check: look once more before calling it lost.
            if (Files.exists(run.path().resolve(Layout.CRASH))) {
                return RunState.CRASHED;
            }
            return Files.exists(run.path().resolve(Layout.END)) ? RunState.DONE : RunState.LOST;
        }
        if (has(LOCK)) {
            return isAbandonedClaim(sessions) ? RunState.PENDING : RunState.RUNNING;
        }
        return RunState.PENDING;
    }

    /** A run that ended on its own just as liftoff-abort came keeps the end it had. */
    private boolean endedBeforeAbort() {
        if (!has(END | CRASH)) {
            return false;
        }
        long ended = modifiedMillis(has(CRASH) ? Layout.CRASH : Layout.END);
        return ended >= 0 && ended < modifiedMillis(Layout.ABORTED);
    }

    /** Whether the run can be claimed now: pending, with no claim or with an abandoned one. */
    public boolean isRunnable(Sessions sessions) {
        return isRun() && !has(START | END | CRASH | ABORTED) && (!has(LOCK) || isAbandonedClaim(sessions));
    }

    /**
     * A claim whose session has died before the run started. When the session got as far as writing
     * the launch record, the run's wrapper may be starting: only after a grace period is it abandoned.
     */
    public boolean isAbandonedClaim(Sessions sessions) {
        if (!has(LOCK) || has(START)) {
            return false;
        }
        String owner = claimedBy();
        if (owner == null || sessions.isAlive(owner)) {
            return owner == null && ageSeconds(Layout.LOCK) > LAUNCH_GRACE_SECONDS;
        }
        return !has(LAUNCH) || ageSeconds(Layout.LAUNCH) > LAUNCH_GRACE_SECONDS
                && !ProcessTable.anyProcessWithArgument(run.path().toString());
    }

    /** A dead session's claim that may still become a start: launched moments ago. */
    public boolean isClaimInGrace(Sessions sessions) {
        return has(LOCK) && !has(START) && has(LAUNCH) && !isAbandonedClaim(sessions) && !sessions.isAlive(claimedBy());
    }

    /** The session that claimed the run; null when unclaimed or the lock is still being written. */
    public String claimedBy() {
        String session = Markers.text(Markers.lines(run.path().resolve(Layout.LOCK)), 0);
        return session.isEmpty() ? null : session;
    }

    private long ageSeconds(String marker) {
        long modified = new File(dir, marker).lastModified();
        return modified == 0 ? 0 : (System.currentTimeMillis() - modified) / 1000;
    }

    private Liveness processLiveness(Sessions sessions) {
        ProcessIdentity process = process();
        if (process != null) {
            return ProcessTable.liveness(process);
        }
        // A start marker without a readable pid: judge by the session that launched the run.
        return sessions.liveness(claimedBy());
    }

    /** The run's wrapper process as its start marker records it; null when unreadable. */
    public ProcessIdentity process() {
        List<String> lines = startLines();
        long pid = Markers.number(lines, 1, -1);
        if (pid <= 0) {
            return null;
        }
        String host = Markers.text(lines, 3);
        return new ProcessIdentity(pid, Markers.number(lines, 2, -1), host.isEmpty() ? io.liftoff.process.Host.name() : host);
    }

    /** When the run started, in epoch milliseconds from its marker's modification time (one stat), or -1. */
    public long startMillis() {
        return has(START) ? modifiedMillis(Layout.START) : -1;
    }

    /** When the run ended (done, crashed or aborted), in epoch milliseconds, or -1. */
    public long endMillis() {
        String marker = endingMarker();
        return marker == null ? -1 : modifiedMillis(marker);
    }

    /** The exit code recorded at the end (128 + N for a signal N), or null. */
    public Integer exitCode() {
        if (!has(END | CRASH)) {
            return null;
        }
        List<String> lines = Markers.lines(run.path().resolve(has(CRASH) ? Layout.CRASH : Layout.END));
        long code = Markers.number(lines, 1, Long.MIN_VALUE);
        return code == Long.MIN_VALUE ? null : (int) code;
    }

    /** What the launcher recorded before starting the run: GPU, argument list, session; empty when none. */
    public Map<String, Object> launchRecord() {
        Map<String, Object> record = has(LAUNCH) ? Json.readObject(run.path().resolve(Layout.LAUNCH)) : null;
        return record == null ? Map.of() : record;
    }

    private String endingMarker() {
        if (has(ABORTED) && !endedBeforeAbort()) {
            return Layout.ABORTED;
        }
        if (has(CRASH)) {
            return Layout.CRASH;
        }
        return has(END) ? Layout.END : null;
    }

    private List<String> startLines() {
        if (start == null) {
            start = Markers.lines(run.path().resolve(Layout.START));
        }
        return start;
    }

    private long modifiedMillis(String marker) {
        long modified = new File(dir, marker).lastModified();
        return modified == 0 ? -1 : modified;
    }
}
