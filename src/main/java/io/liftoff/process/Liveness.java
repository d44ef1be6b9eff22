package io.liftoff.process;

/** Whether a recorded process still runs: only a process on this host can be checked. */
public enum Liveness {
    ALIVE,
    DEAD,
    /** On another host: liftoff cannot tell from here. */
    UNKNOWN
}
