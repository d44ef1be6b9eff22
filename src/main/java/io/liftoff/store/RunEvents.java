package io.liftoff.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events liftoff's Java side appends to a run's record ({@link RunRecord}, which reads them): an
 * abort, an early stop, a Slurm time limit's verdict, and an end its wrapper could not record. The
 * wrapper appends its own (start, script, end, timeout) from bash, under the same names.
 */
public final class RunEvents {
    private RunEvents() {
    }

    /** Records that the run was aborted; its wrapper records the end that follows. */
    public static void appendAbort(Path file, String by) throws IOException {
        Map<String, Object> event = event(RunRecord.ABORT);
        event.put("by", by);
        RunRecord.append(file, event);
    }

    /** Records that early stopping stops the run ({@code rule} at {@code step}, where {@code metric} was {@code value}). */
    public static void appendPrune(Path file, String rule, String metric, double step, double value) throws IOException {
        Map<String, Object> event = event(RunRecord.PRUNE);
        event.put("rule", rule);
        event.put("metric", metric);
        event.put("rung", step == Math.rint(step) ? (Object) (long) step : (Object) step);
        event.put("value", value);
        RunRecord.append(file, event);
    }

    /** Records that the run met its Slurm time limit, and whether its task was requeued to resume it. */
    public static void appendTimeLimit(Path file, boolean requeue, String why) throws IOException {
        Map<String, Object> event = event(RunRecord.TIME_LIMIT);
        event.put("requeue", requeue);
        event.put("why", why);
        RunRecord.append(file, event);
    }

    /** Records the run's end, for a wrapper that could not (the launcher tries once more). */
    public static void appendEnd(Path file, int code) throws IOException {
        Map<String, Object> event = event(RunRecord.END);
        event.put("code", code);
        RunRecord.append(file, event);
    }

    /** An event of this moment, named {@code name}, to which its fields are added. */
    private static Map<String, Object> event(String name) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", name);
        event.put("time", RunRecord.now());
        return event;
    }
}
