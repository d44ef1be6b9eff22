package io.liftoff.inspect;

import io.liftoff.process.ProcessIdentity;
import io.liftoff.store.RunFolder;
import io.liftoff.store.RunState;
import java.util.LinkedHashMap;
import java.util.Map;

/** One run as status and procs show it. Times are epoch milliseconds, -1 when unknown. */
public record RunView(RunFolder run, RunState state, long startMillis, long endMillis, Integer exitCode, String gpu,
        ProcessIdentity process, String session) {

    /** The run as {@code --json} shows it. */
    public Map<String, Object> toMap(long nowMillis) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("run", run.name());
        map.put("path", run.path().toString());
        map.put("state", state.label());
        map.put("exit_code", exitCode);
        map.put("gpu", gpu);
        map.put("pid", process == null ? null : process.pid());
        map.put("host", process == null ? null : process.host());
        map.put("session_id", session);
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
