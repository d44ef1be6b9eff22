package io.liftoff.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * Time left for an experiment, the one estimate status and the launcher's progress line both show:
 * the mean duration of finished runs (of successful ones when there are any) times the work left,
 * over the parallelism the experiment actually got (busy run-time over wall time since its first
 * start, at least what runs now). Without a finished run there is no honest estimate: "unknown".
 */
public final class Eta {
    public static final long UNKNOWN = -1;

    private double doneSeconds;
    private int doneCount;
    private double endedSeconds;
    private int endedCount;
    private double busySeconds;
    private long firstStart = -1;
    private long lastEnd = -1;
    private final List<Long> runningElapsed = new ArrayList<>();

    /** An estimate that goes on from this one (what ended is kept; what runs is added to the copy). */
    public Eta copy() {
        Eta copy = new Eta();
        copy.doneSeconds = doneSeconds;
        copy.doneCount = doneCount;
        copy.endedSeconds = endedSeconds;
        copy.endedCount = endedCount;
        copy.busySeconds = busySeconds;
        copy.firstStart = firstStart;
        copy.lastEnd = lastEnd;
        copy.runningElapsed.addAll(runningElapsed);
        return copy;
    }

    /** A run that started at {@code start} (epoch ms) and ended at {@code end} ({@code -1} while it runs). */
    public void add(long start, long end, boolean succeeded, long now) {
        if (start < 0) {
            return;
        }
        firstStart = firstStart < 0 ? start : Math.min(firstStart, start);
        if (end >= start) {
            double seconds = (end - start) / 1000.0;
            lastEnd = Math.max(lastEnd, end);
            busySeconds += seconds;
            endedSeconds += seconds;
            endedCount++;
            if (succeeded) {
                doneSeconds += seconds;
                doneCount++;
            }
        } else if (end < 0) {
            long elapsed = Math.max(0, (now - start) / 1000);
            runningElapsed.add(elapsed);
            busySeconds += elapsed;
        }
    }

    /** When the first run started (epoch ms), or -1. */
    public long firstStart() {
        return firstStart;
    }

    /** When the last run ended (epoch ms), or -1. */
    public long lastEnd() {
        return lastEnd;
    }

    /**
     * Seconds left for {@code pending} runs not started yet and the running ones; 0 when nothing is
     * left, {@link #UNKNOWN} before any run finished or when nothing works on the experiment.
     */
    public long estimate(long pending, boolean worked, long now) {
        if (pending == 0 && runningElapsed.isEmpty()) {
            return 0;
        }
        double mean = doneCount > 0 ? doneSeconds / doneCount : endedCount > 0 ? endedSeconds / endedCount : -1;
        if (!worked || mean < 0) {
            return UNKNOWN;
        }
        long spanEnd = runningElapsed.isEmpty() && lastEnd >= 0 ? lastEnd : now;
        double span = firstStart < 0 ? 0 : (spanEnd - firstStart) / 1000.0;
        double parallelism = Math.max(span > 0 ? busySeconds / span : 0, Math.max(1, runningElapsed.size()));
        double runningLeft = 0;
        double longestRunningLeft = 0;
        for (long elapsed : runningElapsed) {
            double left = Math.max(0, mean - elapsed);
            runningLeft += left;
            longestRunningLeft = Math.max(longestRunningLeft, left);
        }
        double work = runningLeft + pending * mean;
        // The runs at hand cannot finish before the longest of them, however many slots there are.
        return Math.round(Math.max(longestRunningLeft, work / parallelism));
    }

    /** {@code 1:02:03}, {@code 2d 01:00:00}, or {@code unknown}. */
    public static String format(long seconds) {
        if (seconds < 0) {
            return "unknown";
        }
        long days = seconds / 86400;
        long rest = seconds % 86400;
        String clock = String.format("%d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
        return days > 0 ? days + "d " + clock : clock;
    }
}
