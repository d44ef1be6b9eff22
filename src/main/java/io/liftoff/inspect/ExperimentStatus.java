package io.liftoff.inspect;

import io.liftoff.store.Experiment;
import io.liftoff.store.RunState;
import io.liftoff.store.SessionRecord;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one look at an experiment shows: how many runs are in each state, how many needed retries,
 * how many ended but left processes behind, since when it runs, and how long is left; with details,
 * every run.
 */
public record ExperimentStatus(Experiment experiment, Map<RunState, Integer> counts, int retried, int leftovers,
        List<SessionRecord> liveSessions, long firstStartMillis, long lastEndMillis, long nowMillis, long etaSeconds,
        List<RunView> runs) {

    public int count(RunState state) {
        return counts.getOrDefault(state, 0);
    }

    /** Every run, held ones included. */
    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int ended() {
        int ended = 0;
        for (RunState state : RunState.values()) {
            if (state.ended()) {
                ended += count(state);
            }
        }
        return ended;
    }

    /** Runs waiting to start: pending, queued and requeued (held ones wait for liftoff-unlock, not counted). */
    public int waiting() {
        return count(RunState.PENDING) + count(RunState.QUEUED) + count(RunState.REQUEUED);
    }

    public int failed() {
        return count(RunState.CRASHED) + count(RunState.TIMED_OUT) + count(RunState.LOST);
    }

    /** Ended runs over all runs that are not held: 1.0 exactly when every such run has ended. */
    public double progress() {
        int counted = total() - count(RunState.HELD);
        return counted == 0 ? 1.0 : (double) ended() / counted;
    }

    /**
     * Whether anything of it works: a live launcher session, a running run, Slurm tasks in the queue,
     * or what an ended run left running on this host.
     */
    public boolean isActive() {
        return !liveSessions.isEmpty() || count(RunState.RUNNING) + count(RunState.QUEUED) + count(RunState.REQUEUED) > 0
                || leftovers > 0;
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
