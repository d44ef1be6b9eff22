package io.liftoff.launch;

import io.liftoff.store.Experiment;
import java.nio.file.Path;

/**
 * Where an experiment's runs run, for the whole of their life: on this machine ({@code launch.local})
 * or as a Slurm job array ({@code slurm}). A backend previews and starts runs, follows what it handed
 * to a queue, and answers for its queue: what status, liftoff-procs, liftoff-abort and liftoff-clean
 * ask of it ({@link BatchQueue}). All backends claim runs the same way ({@link Claims}), start each
 * through the same wrapper ({@link RunWrapper}) and leave the same records, so status, abort and clean
 * read one format whichever started a run. {@code cli/Backends} is the one place that chooses them.
 */
public interface Backend {
    /** How many runs run at once when the launch does not say (--procs-no): this backend's default. */
    int defaultProcsNo();

    /** How {@code runs} runs of the experiment in {@code folder} would start (--dry-run); nothing is created. */
    LaunchPreview.Backend preview(Path folder, String name, LaunchPlan plan, long runs);

    /**
     * Starts the experiment's pending runs: returns when they have ended (this machine), or once they
     * are in the queue (a batch system).
     */
    LaunchOutcome start(Experiment experiment, LaunchPlan plan, LaunchContext context);

    /**
     * Follows what {@link #start} handed to the queue until it has left it, when the launch asked to
     * wait, and reports the outcome of its runs; otherwise (and on this machine) {@code started} itself.
     */
    LaunchOutcome follow(Experiment experiment, LaunchOutcome started, LaunchContext context);

    /**
     * What this backend's queue holds of an experiment, {@link BatchQueue#NONE} when none of its runs
     * is there; {@code mayAsk} false: from the last look only, asking the batch system nothing.
     */
    BatchQueue queue(Experiment experiment, boolean mayAsk);
}
