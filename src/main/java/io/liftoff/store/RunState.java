package io.liftoff.store;

/** A run's state, derived from its markers and from whether its process is alive (SPEC §4). */
public enum RunState {
    PENDING,
    RUNNING,
    DONE,
    CRASHED,
    /** Started, never ended, and its process is gone (its wrapper was killed with it). */
    LOST,
    ABORTED;

    /** Whether the run has ended one way or another. */
    public boolean ended() {
        return this == DONE || this == CRASHED || this == LOST || this == ABORTED;
    }

    public String label() {
        return name().toLowerCase();
    }
}
