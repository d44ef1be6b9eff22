package io.liftoff.inspect;

import io.liftoff.process.ProcessIdentity;
import io.liftoff.store.RunFolder;
import io.liftoff.store.RunState;

/** One run as status and procs show it. Times are epoch milliseconds, -1 when unknown. */
public record RunView(RunFolder run, RunState state, long startMillis, long endMillis, Integer exitCode, String gpu,
        ProcessIdentity process, String session) {

    /** Seconds it ran: until its end, or until now while it runs; -1 when it never started. */
    public long seconds(long nowMillis) {
        if (startMillis < 0) {
            return -1;
        }
        long end = endMillis >= 0 ? endMillis : state == RunState.RUNNING ? nowMillis : -1;
        return end < 0 ? -1 : Math.max(0, (end - startMillis) / 1000);
    }
}
