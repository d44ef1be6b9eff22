package io.liftoff.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's record, {@code <variation>/.__runs/<run_id>}: one JSON object per line, each an event,
 * appended as the run goes. Creating the file is the claim (it succeeds for one session only), and
 * the claimer writes the launch with it; the run's wrapper appends {@code start}, {@code script} (the
 * script's pid) and {@code end}; {@code timeout} and {@code abort} say why it ended. One file per
 * run, never rewritten in place: readers take what they can parse and ignore a line cut short.
 *
 * <p>The shell wrapper writes its events with printf (see {@code RunWrapper}); a test reads what it
 * wrote back through {@link #parse}.
 */
public final class RunRecord {
    public static final String CLAIM = "claim";
    public static final String START = "start";
    public static final String SCRIPT = "script";
    public static final String TIMEOUT = "timeout";
    public static final String END = "end";
    public static final String ABORT = "abort";
    /** Early stopping stopped the run: written by the launcher that decided it, before it stops the script. */
    public static final String PRUNE = "prune";
    /** The wrapper got USR1 or USR2 while the script ran (on Slurm, the time-limit signal of {@code --signal}) and passed it on. */
    public static final String SIGNAL = "signal";
    /**
     * A Slurm task judged the run interrupted by its time limit ({@code --requeue-on-timeout}): with
     * {@code "requeue": true} it asked Slurm to requeue the task, otherwise the run is lost.
     */
    public static final String TIME_LIMIT = "timelimit";
    /** In an {@code end} event: how many processes the script left running were stopped (absent: none). */
    public static final String STOPPED = "stopped";

    /** Who claimed the run: a session id ({@code session-…}) or a Slurm submission ({@code slurm-…}). */
    public record Claim(String owner, String host, double time, Launch launch) {
    }

    /** The wrapper's process, when it started the run. */
    public record Start(double time, long pid, long ticks, String host) {
    }

    /** How the script ended: its exit code, and how many processes it left running were stopped then. */
    public record End(double time, int code, int stoppedLeftovers) {
    }

    private Claim claim;
    private Start start;
    private long scriptPid = -1;
    private long scriptTicks = -1;
    private double timeout = Double.NaN;
    private End end;
    private double abort = Double.NaN;
    private boolean abortedBeforeEnd;
    private boolean pruned;
    private double signalled = Double.NaN;
    private Boolean timeLimitRequeue;

    private RunRecord() {
    }

    /** The record at {@code file}; null when there is none (the run was never claimed). */
    public static RunRecord read(Path file) {
        String text = text(file);
        return text == null ? null : parse(text);
    }

    /** A record's text: null when there is none, empty when it cannot be read (garbled bytes, a folder in its place). */
    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            // unreadable: a claimed run whose state is unknown
            return "";
        }
    }

    public static RunRecord parse(String text) {
        RunRecord record = new RunRecord();
        for (String line : text.split("\n")) {
            Map<String, Object> event = line.isBlank() ? null : Json.parseObject(line);
            if (event != null) {
                record.apply(event);
            }
        }
        return record;
    }

    private void apply(Map<String, Object> event) {
        String kind = String.valueOf(event.get("event"));
        double time = number(event, "time", Double.NaN);
        switch (kind) {
            case CLAIM:
                @SuppressWarnings("unchecked")
                Map<String, Object> launch = event.get("launch") instanceof Map ? (Map<String, Object>) event.get("launch") : Map.of();
                claim = new Claim(text(event, "owner"), text(event, "host"), time, Launch.fromMap(launch));
                break;
            case START:
                start = new Start(time, (long) number(event, "pid", -1), (long) number(event, "ticks", -1), text(event, "host"));
                break;
            case SCRIPT:
                scriptPid = (long) number(event, "pid", -1);
                scriptTicks = (long) number(event, "ticks", -1);
                break;
            case TIMEOUT:
                timeout = time;
                break;
            case END:
                end = new End(time, (int) number(event, "code", -1), (int) number(event, STOPPED, 0));
                break;
            case ABORT:
                abort = time;
                abortedBeforeEnd = end == null;
                break;
            case PRUNE:
                pruned = pruned || end == null;
                break;
            case SIGNAL:
                signalled = time;
                break;
            case TIME_LIMIT:
                timeLimitRequeue = Boolean.TRUE.equals(event.get("requeue"));
                break;
            default:
                break;
        }
    }

    private static double number(Map<String, Object> event, String key, double fallback) {
        Object value = event.get(key);
        return value instanceof Number ? ((Number) value).doubleValue() : fallback;
    }

    private static String text(Map<String, Object> event, String key) {
        Object value = event.get(key);
        return value == null ? null : value.toString();
    }

    /** Null for a record that could not be read at all. */
    public Claim claim() {
        return claim;
    }

    public Start start() {
        return start;
    }

    public End end() {
        return end;
    }

    /** The script's own process (the wrapper's child), as the wrapper recorded it; null before that. */
    public io.liftoff.process.ProcessIdentity script() {
        if (scriptPid <= 0 || start == null) {
            return null;
        }
        return new io.liftoff.process.ProcessIdentity(scriptPid, scriptTicks, start.host());
    }

    public io.liftoff.process.ProcessIdentity wrapper() {
        if (start == null || start.pid() <= 0) {
            return null;
        }
        return new io.liftoff.process.ProcessIdentity(start.pid(), start.ticks(), start.host());
    }

    /** Whether the wrapper ended the script for passing its --timeout. */
    public boolean timedOut() {
        return !Double.isNaN(timeout);
    }

    /** When the wrapper last passed USR1/USR2 on to the script (NaN: never). */
    public double signalTime() {
        return signalled;
    }

    /** Whether a Slurm task judged the run interrupted by its time limit (--requeue-on-timeout): it is not done. */
    public boolean timeLimited() {
        return timeLimitRequeue != null;
    }

    /** Whether the run's task was requeued for its time limit, to resume the run. */
    public boolean requeuedForTimeLimit() {
        return Boolean.TRUE.equals(timeLimitRequeue);
    }

    /** Aborted: liftoff-abort (or an attached launcher's Ctrl-C) came before the run ended on its own. */
    public boolean aborted() {
        return !Double.isNaN(abort) && abortedBeforeEnd;
    }

    /** Whether early stopping stopped the run before it ended on its own. */
    public boolean pruned() {
        return pruned;
    }

    /**
     * How a run that no longer runs ended, by its record alone (the one rule for status, the launcher
     * and the report): aborted, pruned, timed out, done or crashed by its end, and lost when no end was recorded or
     * a Slurm task judged it cut short by its time limit (its script's exit after the time-limit signal is no completion).
     */
    public RunState endedState() {
        if (aborted()) {
            return RunState.ABORTED;
        }
        if (pruned) {
            return RunState.PRUNED;
        }
        if (timedOut()) {
            return RunState.TIMED_OUT;
        }
        if (end == null || timeLimited()) {
            return RunState.LOST;
        }
        return end.code() == 0 ? RunState.DONE : RunState.CRASHED;
    }

    public double abortTime() {
        return abort;
    }

    /** Whether both records hold the same claim (same owner, same time): the same attempt of the run. */
    public boolean isSameClaim(RunRecord other) {
        return other != null && claim != null && other.claim != null && java.util.Objects.equals(claim.owner(), other.claim.owner())
                && Double.compare(claim.time(), other.claim.time()) == 0;
    }

    /** The owner of the claim (a session or a Slurm submission), or null. */
    public String owner() {
        return claim == null ? null : claim.owner();
    }

    public Launch launch() {
        return claim == null ? Launch.NONE : claim.launch();
    }

    /**
     * Claims a run: creates its record, which succeeds for one claimer only. False when the run was
     * claimed already.
     */
    public static boolean create(Path file, String owner, String host, Launch launch) throws IOException {
        byte[] line = (claimLine(owner, host, launch) + "\n").getBytes(StandardCharsets.UTF_8);
        OutputStream out;
        try {
            out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        try (out) {
            out.write(line);
            return true;
        } catch (IOException e) {
            // A claim that could not be written (a full disk) is no claim: the file is ours, and must not hold the run.
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Replaces an abandoned claim by a new one in a single step (readers see the old or the new). */
    public static void replace(Path file, String owner, String host, Launch launch) throws IOException {
        Path fresh = file.resolveSibling(file.getFileName() + ".tmp-" + owner);
        try {
            Files.writeString(fresh, claimLine(owner, host, launch) + "\n", StandardCharsets.UTF_8);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(fresh);
            throw e;
        }
    }

    private static String claimLine(String owner, String host, Launch launch) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", CLAIM);
        event.put("owner", owner);
        event.put("host", host);
        event.put("time", now());
        event.put("launch", launch.toMap());
        return Json.line(event);
    }

    /** Appends one event (a line shorter than a pipe buffer: appends of several writers do not interleave). */
    public static void append(Path file, Map<String, Object> event) throws IOException {
        Files.writeString(file, Json.line(event) + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /** Epoch seconds with a fraction, as the records hold them. */
    public static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /**
     * What the claimer recorded about how it starts the run: the GPU, the command, the attempt number
     * (1 + the attempts archived before it), how many automatic retries led to it since the run was
     * last reset, the deadline and timeout it was given, and for Slurm the array task.
     */
    public record Launch(String gpu, List<String> argv, String cwd, int attempt, int retry, Long endBy, Double timeout,
            Boolean detached, String task) {
        public static final Launch NONE = new Launch(null, List.of(), null, 1, 0, null, null, null, null);

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("gpu", gpu);
            map.put("argv", argv);
            map.put("cwd", cwd);
            map.put("attempt", attempt);
            map.put("retry", retry);
            map.put("endby", endBy);
            map.put("timeout", timeout);
            map.put("detached", detached);
            if (task != null) {
                map.put("task", task);
            }
            return map;
        }

        @SuppressWarnings("unchecked")
        static Launch fromMap(Map<String, Object> map) {
            Object argv = map.get("argv");
            return new Launch(map.get("gpu") == null ? null : map.get("gpu").toString(),
                    argv instanceof List ? (List<String>) argv : List.of(),
                    map.get("cwd") == null ? null : map.get("cwd").toString(),
                    map.get("attempt") instanceof Number ? ((Number) map.get("attempt")).intValue() : 1,
                    map.get("retry") instanceof Number ? ((Number) map.get("retry")).intValue() : 0,
                    map.get("endby") instanceof Number ? ((Number) map.get("endby")).longValue() : null,
                    map.get("timeout") instanceof Number ? ((Number) map.get("timeout")).doubleValue() : null,
                    map.get("detached") instanceof Boolean ? (Boolean) map.get("detached") : null,
                    map.get("task") == null ? null : map.get("task").toString());
        }
    }
}
