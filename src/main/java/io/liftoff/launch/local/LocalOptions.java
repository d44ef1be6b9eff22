package io.liftoff.launch.local;

import java.util.List;

/**
 * What only a launch on this machine takes: the GPUs runs are spread over and how many runs each
 * takes at once ({@code perGpu}, one number per GPU), whether runs are detached from the launcher
 * (null: when more than one run starts), and the deadlines after which it starts no run, in seconds
 * after the session began ({@code endBy} also gives each run ENDBY, the seconds left).
 */
public record LocalOptions(List<String> gpus, int[] perGpu, Boolean detach, Double startBySeconds, Double endBySeconds) {
    /** Runs at once when --procs-no is not given: one, or with GPUs as many as their caps allow. */
    int defaultProcsNo() {
        return gpus.isEmpty() ? 1 : Integer.MAX_VALUE;
    }

    /** Whether {@code runs} runs start detached. */
    boolean detached(long runs) {
        return detach != null ? detach : runs > 1;
    }

    /** {@code 12 runs to start, 4 at a time on GPUs 0,1, detached}: the first line of a launch on this machine. */
    String describe(int planned, int atOnce, boolean detached) {
        if (planned == 0) {
            return "nothing to run";
        }
        String where = gpus.isEmpty() ? "" : " on GPUs " + String.join(",", gpus);
        return planned + " run" + (planned == 1 ? "" : "s") + " to start, " + atOnce + " at a time" + where + (detached ? ", detached" : "");
    }
}
