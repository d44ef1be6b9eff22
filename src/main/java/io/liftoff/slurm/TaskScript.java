package io.liftoff.slurm;

import io.liftoff.launch.BashProgram;
import io.liftoff.launch.RunProtocol;

/**
 * The batch program of every array task, {@code .__slurm/<sid>/task}: constant text
 * ({@code slurm-task.bash} with the wrapper's functions), everything else arrives as arguments. It
 * asks liftoff (one JVM per task, kept as a coprocess) which run to start, runs it with the same
 * wrapper as local runs, in the batch shell itself and without setsid, so Slurm tracks and signals
 * the whole tree and {@code --signal=B:...} reaches the wrapper, which passes USR1/USR2 on to the
 * script; then it asks again, until its share is done. A TERM from Slurm (cancel, time limit,
 * preemption) ends the task after the run's end is recorded.
 *
 * <p>Arguments: java, liftoff's JAR, the experiment folder, the submission id, the array's offset in
 * the index, the run timeout (empty for none), the grace period, the state folder the launcher used
 * (a run gets {@code LIFTOFF_STATE_DIR} as a local one does), then the script's command.
 */
public final class TaskScript {
    /** Loaded when first used: this class is its own lazy holder. */
    public static final String TEXT = BashProgram.load("/io/liftoff/slurm/slurm-task.bash", RunProtocol.names());

    private TaskScript() {
    }
}
