package io.liftoff.launch;

import java.nio.file.Path;

/**
 * What one launch asks of whichever backend runs it: the script and where it runs, at most
 * {@code procsNo} runs at once (a Slurm array's throttle; {@link Integer#MAX_VALUE}: no limit), which
 * runs ({@code maxRuns} of those {@code filter} keeps, run-major or shuffled by {@code shuffleSeed}),
 * how each run ends ({@code timeoutSeconds}, {@code graceSeconds}, {@code keepLeftovers}: what a
 * run's script leaves running when it ends is left running), its automatic retries and early
 * stopping ({@code pruning}, null: none). What only one backend takes is that backend's own part,
 * given to it by {@code cli/Backends}: {@code launch.local.LocalOptions}, {@code slurm.SlurmOptions}.
 */
public record LaunchPlan(ScriptCommand script, int procsNo, Integer maxRuns, RunFilter filter, Path workingDirectory,
        Path pythonPath, int retries, Double timeoutSeconds, double graceSeconds, boolean keepLeftovers, Long shuffleSeed,
        Pruning.Settings pruning) {
    /** The same plan for runs that find the Python helper in {@code path}. */
    public LaunchPlan withPythonPath(Path path) {
        return new LaunchPlan(script, procsNo, maxRuns, filter, workingDirectory, path, retries, timeoutSeconds, graceSeconds,
                keepLeftovers, shuffleSeed, pruning);
    }
}
