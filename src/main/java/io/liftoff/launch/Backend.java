package io.liftoff.launch;

/**
 * How an experiment's runs are started and watched: on this machine ({@code launch.local}) or as a
 * Slurm job array ({@code slurm}). Both claim runs the same way ({@link Claims}), start each through
 * the same wrapper ({@link RunWrapper}) and leave the same records, so status, abort and clean read
 * one format whichever started a run.
 */
public interface Backend {
    LaunchOutcome run();
}
