package io.liftoff.store;

/**
 * A run's state (DESIGN §7), the one list every command and {@code --json} use. It is derived from the
 * run's record and hold, from whether its processes are alive, and for Slurm from the queue.
 * Progress counts ended runs over all runs that are not held.
 */
public enum RunState {
    /** Not started; any launcher may claim it. */
    PENDING("pending"),
    /** Put on hold with liftoff-lock: no launcher starts it until liftoff-unlock. */
    HELD("held"),
    /** Waiting in a Slurm submission's queue (counted with pending in totals). */
    QUEUED("queued"),
    RUNNING("running"),
    /** Its Slurm task was preempted or its node failed, and Slurm queued it again. */
    REQUEUED("requeued"),
    DONE("done"),
    CRASHED("crashed"),
    /** Ended by the wrapper for passing its --timeout. */
    TIMED_OUT("timed out"),
    /** Started, never ended, and nothing of it runs any more (its wrapper was killed with it). */
    LOST("lost"),
    ABORTED("aborted"),
    /** Stopped by early stopping (--prune) for falling behind: not a failure, never resumed or retried. */
    PRUNED("pruned");

    private final String label;

    RunState(String label) {
        this.label = label;
    }

    /** How users read it: {@code timed out}. */
    public String label() {
        return label;
    }

    /** How {@code --json} and scripts name it: {@code timed_out}. */
    public String key() {
        return label.replace(' ', '_');
    }

    /** Whether the run has ended one way or another. */
    public boolean ended() {
        return this == DONE || failed() || this == ABORTED || this == PRUNED;
    }

    /** Whether it ended badly (what makes a launcher exit 1). */
    public boolean failed() {
        return this == CRASHED || this == TIMED_OUT || this == LOST;
    }

    /** Whether it is waiting to start (what the ETA has yet to do). */
    public boolean waiting() {
        return this == PENDING || this == QUEUED || this == REQUEUED;
    }

    /** Whether it counts in progress: every run but a held one. */
    public boolean counted() {
        return this != HELD;
    }
}
