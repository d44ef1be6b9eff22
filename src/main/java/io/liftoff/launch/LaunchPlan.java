package io.liftoff.launch;

import java.nio.file.Path;
import java.util.List;

/**
 * How one session launches runs, whatever the backend. Deadlines are seconds after the session
 * began; {@code detach} null means: detached when it will start more than one run; {@code
 * keepLeftovers}: what a run's script leaves running when it ends is left running; {@code
 * shuffleSeed} null keeps the run-major order; {@code pruning} null: no early stopping.
 */
public record LaunchPlan(ScriptCommand script, int procsNo, List<String> gpus, int[] perGpu, Double startBySeconds,
        Double endBySeconds, Integer maxRuns, RunFilter filter, Boolean detach, Path workingDirectory, Path pythonPath,
        int retries, Double timeoutSeconds, double graceSeconds, boolean keepLeftovers, Long shuffleSeed,
        Pruning.Settings pruning) {
}
