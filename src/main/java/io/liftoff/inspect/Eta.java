package io.liftoff.inspect;

import java.util.List;

/**
 * Time left for an experiment, from the mean duration of its finished runs and the parallelism it
 * actually gets. Without a finished run there is no honest estimate: "unknown".
 */
public final class Eta {
    public static final long UNKNOWN = -1;

    private Eta() {
    }

    /**
     * @param meanSeconds mean duration of finished runs, or a negative number when none finished
     * @param runningElapsed seconds each running run has run so far
     * @param pending runs not started yet
     * @param parallelism how many runs go at once
     */
    public static long estimate(double meanSeconds, List<Long> runningElapsed, long pending, double parallelism) {
        if (pending == 0 && runningElapsed.isEmpty()) {
            return 0;
        }
        if (meanSeconds < 0 || parallelism <= 0) {
            return UNKNOWN;
        }
        double runningLeft = 0;
        double longestRunningLeft = 0;
        for (long elapsed : runningElapsed) {
            double left = Math.max(0, meanSeconds - elapsed);
            runningLeft += left;
            longestRunningLeft = Math.max(longestRunningLeft, left);
        }
        double work = runningLeft + pending * meanSeconds;
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
