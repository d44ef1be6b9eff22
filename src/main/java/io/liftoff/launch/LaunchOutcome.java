package io.liftoff.launch;

import io.liftoff.ExitCode;
import io.liftoff.store.RunState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a launch did: runs started, how the runs it saw end ended (by {@link RunState}, the one list
 * status uses too), why it stopped launching early (null when it ran out of runs), how many it left
 * pending, the runs it could not start (a full disk, a folder it could not write) and the runs whose
 * end it could not record (they are neither done nor failed: status calls them lost); either makes
 * the launcher end with the environment's exit code. {@code stop} is the exit code its reason to stop
 * early calls for: none for what the user asked ({@code .STOP}, {@code --start-by}, {@code --max-runs}),
 * {@link ExitCode#TERMINATED} when liftoff-abort stopped it (as abort's TERM would), {@link ExitCode#RUNS_FAILED}
 * for runs that will never start (Slurm tasks that left the queue without them).
 */
public record LaunchOutcome(int launched, Map<RunState, Integer> ended, String stoppedBecause, int notStarted,
        boolean detached, List<String> unstartable, List<String> unrecorded, ExitCode stop) {

    public LaunchOutcome {
        ended = new EnumMap<>(ended.isEmpty() ? Map.of(RunState.DONE, 0) : ended);
    }

    /** Nothing ended (yet): what a launch that only submitted, or found nothing to do, did. */
    public static LaunchOutcome submitted(int launched) {
        return new LaunchOutcome(launched, Map.of(), null, 0, true, List.of(), List.of(), ExitCode.OK);
    }

    public int count(RunState state) {
        return ended.getOrDefault(state, 0);
    }

    /** Runs that ended badly: crashed, timed out or lost. */
    public int failed() {
        return ended.entrySet().stream().filter(e -> e.getKey().failed()).mapToInt(Map.Entry::getValue).sum();
    }

    /**
     * The counts for people: {@code 3 done, 2 failed (1 crashed, 1 timed out), 1 aborted}: done and failed
     * always, what made up the failures, and every other ended state that is not zero.
     */
    public String describe() {
        StringBuilder line = new StringBuilder().append(count(RunState.DONE)).append(" done, ").append(failed()).append(" failed");
        List<String> kinds = new ArrayList<>();
        for (RunState state : RunState.values()) {
            if (state.failed() && count(state) > 0) {
                kinds.add(count(state) + " " + state.label());
            }
        }
        if (!kinds.isEmpty()) {
            line.append(" (").append(String.join(", ", kinds)).append(')');
        }
        for (RunState state : RunState.values()) {
            if (state.ended() && !state.failed() && state != RunState.DONE && count(state) > 0) {
                line.append(", ").append(count(state)).append(' ').append(state.label());
            }
        }
        return line.toString();
    }
}
