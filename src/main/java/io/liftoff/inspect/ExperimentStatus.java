package io.liftoff.inspect;

import io.liftoff.store.Experiment;
import io.liftoff.store.RunState;
import io.liftoff.store.SessionRecord;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one look at an experiment shows: how many runs are in each state, since when, and how long is left. */
public record ExperimentStatus(Experiment experiment, Map<RunState, Integer> counts, List<SessionRecord> liveSessions,
        long firstStartMillis, long lastEndMillis, long nowMillis, long etaSeconds, List<RunView> runs) {

    public int count(RunState state) {
        return counts.getOrDefault(state, 0);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int ended() {
        return count(RunState.DONE) + count(RunState.CRASHED) + count(RunState.LOST) + count(RunState.ABORTED);
    }

    /** Ended runs over all runs: 1.0 exactly when every run has ended. */
    public double progress() {
        int total = total();
        return total == 0 ? 1.0 : (double) ended() / total;
    }

    /** Whether anything works on it: a live launcher session or a running run. */
    public boolean isActive() {
        return !liveSessions.isEmpty() || count(RunState.RUNNING) > 0;
    }

    /** Wall time from its first run's start to its last run's end (or to now while runs go); -1 before any start. */
    public long elapsedSeconds() {
        if (firstStartMillis < 0) {
            return -1;
        }
        long end = count(RunState.RUNNING) > 0 || lastEndMillis < 0 ? nowMillis : lastEndMillis;
        return Math.max(0, (end - firstStartMillis) / 1000);
    }

    static Map<RunState, Integer> emptyCounts() {
        Map<RunState, Integer> counts = new EnumMap<>(RunState.class);
        for (RunState state : RunState.values()) {
            counts.put(state, 0);
        }
        return counts;
    }
}
