package io.liftoff.inspect;

import io.liftoff.process.ProcessIdentity;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run as status, procs, abort and reports show it. Times are epoch milliseconds, -1 when unknown.
 * {@code process} is the run's script (or its wrapper when the script's pid is not known);
 * {@code leftovers} counts processes of the run still alive after it ended, {@code stoppedLeftovers}
 * those its wrapper stopped when the script ended; {@code reason} is what Slurm says of a queued or lost run.
 */
public record RunView(Run run, RunState state, long startMillis, long endMillis, Integer exitCode, RunRecord.Launch launch,
        ProcessIdentity wrapper, ProcessIdentity process, String owner, int attempt, int leftovers, int stoppedLeftovers,
        String reason) {

    public String gpu() {
        return launch.gpu();
    }

    /** The run as {@code --json} shows it. */
    public Map<String, Object> toMap(long nowMillis) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("run", run.name());
        map.put("path", run.folder().toString());
        map.put("state", state.key());
        map.put("exit_code", exitCode);
        map.put("gpu", launch.gpu());
        map.put("pid", process == null ? null : process.pid());
        map.put("host", process == null ? null : process.host());
        map.put("session_id", owner);
        map.put("attempt", attempt);
        map.put("retries", launch.retry());
        map.put("leftover_processes", leftovers);
        map.put("stopped_leftovers", stoppedLeftovers);
        map.put("reason", reason);
        map.put("seconds", seconds(nowMillis) < 0 ? null : seconds(nowMillis));
        return map;
    }

    /** Seconds it ran: until its end, or until now while it runs; -1 when it never started. */
    public long seconds(long nowMillis) {
        if (startMillis < 0) {
            return -1;
        }
        long end = endMillis >= 0 ? endMillis : state == RunState.RUNNING ? nowMillis : -1;
        return end < 0 ? -1 : Math.max(0, (end - startMillis) / 1000);
    }
}
