package io.liftoff.launch;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.config.MetaKeys;
import io.liftoff.process.Host;
import io.liftoff.store.Experiment;
import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import io.liftoff.store.Markers;
import io.liftoff.store.RunFolder;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.Sessions;
import io.liftoff.store.VariationFolder;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the runnable runs of one experiment for one session. It claims a run by creating its
 * {@code .__lock} (so sessions sharing the experiment never run one twice), starts it in a free
 * slot on the least loaded GPU, and sleeps until a run ends: a process-exit notification wakes it
 * and the freed slot is refilled at once. No polling decides anything.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    /** How one session launches. {@code detach} null means: detached when it will start more than one run. */
    public record Options(ScriptCommand script, int procsNo, List<String> gpus, int[] perGpu, Long startBySeconds,
            Long endBySeconds, Integer maxRuns, RunFilter filter, Boolean detach, Path workingDirectory, Path pythonPath) {
    }

    /** What the session did. */
    public record Summary(int launched, int succeeded, int failed, String stoppedBecause, int notStarted, boolean detached) {
    }

    private record Started(RunFolder run, Process process, Slots.Slot slot, CompletableFuture<Void> finished) {
    }

    private final Experiment experiment;
    private final Session session;
    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final picocli.CommandLine.Help.Ansi ansi;
    private final Slots slots;
    private final long startMillis = System.currentTimeMillis();
    private final BlockingQueue<Started> ended = new LinkedBlockingQueue<>();
    private final Map<RunFolder, Started> running = new ConcurrentHashMap<>();
    private final ReentrantLock launching = new ReentrantLock();
    private final Map<Path, Map<String, Object>> variationConfigs = new HashMap<>();
    private Deque<RunFolder> queue = new ArrayDeque<>();
    private Progress progress;
    private boolean detached;
    private boolean single;
    private volatile boolean stopping;
    private String stoppedBecause;
    private boolean endedSinceScan = true;
    private int claimsInGrace;
    private boolean waitedForClaims;
    private int launched;
    private int succeeded;
    private int failed;

    public Scheduler(Experiment experiment, Session session, Options options, PrintWriter out, PrintWriter err,
            boolean terminal, picocli.CommandLine.Help.Ansi ansi) {
        this.experiment = experiment;
        this.session = session;
        this.options = options;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.ansi = ansi;
        this.slots = new Slots(options.procsNo(), options.gpus(), options.perGpu());
    }

    public Summary run() {
        queue = new ArrayDeque<>(scan());
        int planned = options.maxRuns() == null ? queue.size() : Math.min(options.maxRuns(), queue.size());
        detached = options.detach() != null ? options.detach() : planned > 1;
        if (detached && !RunWrapper.canDetach()) {
            err.println("liftoff: note: setsid is not installed; detached runs stay in the launcher's process session");
        }
        single = !detached && planned <= 1;
        // A single attached run owns the terminal: liftoff itself only speaks on stderr then.
        progress = new Progress(single ? err : out, terminal && !single, ansi);
        progress.setCapacity(Math.min(slots.capacity(), Math.max(1, planned)));
        progress.setPending(queue.size());
        progress.say("experiment " + experiment + ": " + describePlan(planned));
        Thread hook = new Thread(this::onShutdown, "liftoff-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and finishes the session itself
            }
            progress.close();
        }
        return new Summary(launched, succeeded, failed, stoppedBecause, queue.size(), detached);
    }

    private String describePlan(int planned) {
        String where = options.gpus().isEmpty() ? "" : " on GPUs " + String.join(",", options.gpus());
        if (planned == 0) {
            return "nothing to run";
        }
        return planned + " run" + (planned == 1 ? "" : "s") + " to start, " + slots.capacity() + " at a time" + where
                + (detached ? ", detached" : "");
    }

    private void loop() throws InterruptedException {
        FaultPoints.reached("before-first-claim");
        while (true) {
            fillSlots();
            if (running.isEmpty()) {
                if (stoppedBecause != null || stopping || queue.isEmpty() && !rescanFindsWork()) {
                    return;
                }
                continue;
            }
            if (queue.isEmpty()) {
                FaultPoints.reached("waiting-for-last");
            }
            Started done = terminal ? ended.poll(1, TimeUnit.SECONDS) : ended.take();
            if (done == null) {
                progress.tick();
                continue;
            }
            finish(done);
        }
    }

    private void fillSlots() {
        while (slots.hasFree() && stoppedBecause == null) {
            String refusal = refusal();
            if (refusal != null) {
                stoppedBecause = refusal;
                if (!queue.isEmpty() || !running.isEmpty()) {
                    progress.say("stopped launching: " + refusal);
                }
                return;
            }
            launching.lock();
            try {
                if (stopping) {
                    return;
                }
                RunFolder run = claimNext();
                if (run == null) {
                    return;
                }
                start(run, slots.take());
            } finally {
                launching.unlock();
            }
        }
    }

    /** Why no new run may start now, or null. */
    private String refusal() {
        if (stopping) {
            return "interrupted";
        }
        if (Files.exists(experiment.stopFile())) {
            return "found " + Display.path(experiment.stopFile()) + " (remove it to launch again)";
        }
        long elapsed = System.currentTimeMillis() - startMillis;
        if (options.startBySeconds() != null && elapsed >= options.startBySeconds() * 1000) {
            return "--start-by " + options.startBySeconds() + "s has passed";
        }
        if (options.endBySeconds() != null && endByLeft() < 1) {
            return "--end-by " + options.endBySeconds() + "s has passed";
        }
        if (options.maxRuns() != null && launched >= options.maxRuns()) {
            return "--max-runs " + options.maxRuns() + " reached";
        }
        return null;
    }

    private long endByLeft() {
        return (options.endBySeconds() * 1000 - (System.currentTimeMillis() - startMillis)) / 1000;
    }

    /** The next run this session could claim; runs claimed meanwhile by another session are skipped. */
    private RunFolder claimNext() {
        while (true) {
            while (!queue.isEmpty()) {
                RunFolder run = queue.poll();
                progress.setPending(queue.size());
                if (claim(run)) {
                    return run;
                }
            }
            if (!rescanFindsWork()) {
                return null;
            }
        }
    }

    /** Looks at the experiment again (runs added, cleaned or abandoned meanwhile); once per run that ended. */
    private boolean rescanFindsWork() {
        if (!endedSinceScan) {
            return false;
        }
        endedSinceScan = false;
        queue = new ArrayDeque<>(scan());
        if (queue.isEmpty() && running.isEmpty() && claimsInGrace > 0 && !waitedForClaims) {
            // A launcher that died a moment ago may have left a claim its run never took up: once
            // that can no longer start, it is this session's to run. Wait for that moment, once.
            waitedForClaims = true;
            LOG.debug("waiting {}s for {} claims of ended sessions", RunSnapshot.LAUNCH_GRACE_SECONDS + 1, claimsInGrace);
            try {
                Thread.sleep((RunSnapshot.LAUNCH_GRACE_SECONDS + 1) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            queue = new ArrayDeque<>(scan());
        }
        LOG.debug("looked again: {} runnable runs", queue.size());
        progress.setPending(queue.size());
        return !queue.isEmpty();
    }

    /**
     * Claims a run by creating its lock, which succeeds for one session only. A lock left by a dead
     * session before its run started is taken over, by one session only: the one that creates the
     * {@code .__reclaim-<dead session>} marker.
     */
    private boolean claim(RunFolder run) {
        try {
            if (Markers.createNew(run.marker(Layout.LOCK), session.id(), Host.name(), Long.toString(Markers.now()))) {
                LOG.debug("claimed {}", run.name());
                return true;
            }
            RunSnapshot snapshot = run.snapshot();
            if (!snapshot.isAbandonedClaim(experiment.sessions())) {
                LOG.debug("{} is claimed by {}", run.name(), snapshot.claimedBy());
                return false;
            }
            String owner = snapshot.claimedBy();
            String reclaim = Layout.RECLAIM_PREFIX + (owner != null ? owner
                    : "unreadable-" + run.marker(Layout.LOCK).toFile().lastModified());
            if (!Markers.createNew(run.marker(reclaim), session.id())) {
                return false;
            }
            Path fresh = run.marker(Layout.LOCK + ".tmp-" + session.id());
            Files.writeString(fresh, session.id() + "\n" + Host.name() + "\n" + Markers.now() + "\n", StandardCharsets.UTF_8);
            Files.move(fresh, run.marker(Layout.LOCK), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(run.marker(Layout.LAUNCH));
            progress.say("took over " + run.name() + ", claimed by " + (owner != null ? owner : "an unreadable lock")
                    + " that ended before starting it");
            return true;
        } catch (IOException e) {
            progress.say("@|yellow skipped|@ " + run.name() + ": cannot claim it (" + e.getMessage() + ")");
            return false;
        }
    }

    private void start(RunFolder run, Slots.Slot slot) {
        List<String> argv = options.script().argv(run.path().resolve(Layout.CFG), session.id());
        Long endBy = options.endBySeconds() == null ? null : endByLeft();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("session_id", session.id());
        record.put("host", Host.name());
        record.put("gpu", slot.gpu());
        record.put("argv", argv);
        record.put("working_directory", options.workingDirectory().toString());
        record.put("detached", detached);
        record.put("endby", endBy);
        record.put("launched", System.currentTimeMillis());
        launched++;
        try {
            FaultPoints.reached("after-claim");
            // Only the session holding the lock writes this record; readers accept a partial one.
            Json.write(run.marker(Layout.LAUNCH), record);
            ProcessBuilder builder = new ProcessBuilder(RunWrapper.command(run.path(), argv, detached))
                    .directory(options.workingDirectory().toFile());
            environment(builder.environment(), run, slot, endBy);
            File outFile = run.marker(Layout.OUT).toFile();
            File errFile = run.marker(Layout.ERR).toFile();
            if (detached) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile))
                        .redirectError(ProcessBuilder.Redirect.appendTo(errFile));
            } else {
                builder.redirectInput(single ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process process = builder.start();
            CompletableFuture<Void> finished = process.onExit().thenApply(p -> null);
            if (!detached) {
                String prefix = single ? "" : "[" + run.name() + "] ";
                finished = CompletableFuture.allOf(finished,
                        OutputPump.start(process.getInputStream(), new FileOutputStream(outFile, true), out, prefix, "out " + run.name()),
                        OutputPump.start(process.getErrorStream(), new FileOutputStream(errFile, true), err, prefix, "err " + run.name()));
            }
            Started started = new Started(run, process, slot, finished);
            LOG.debug("started {} as pid {}{}: {}", run.name(), process.pid(), slot.gpu() == null ? "" : " on GPU " + slot.gpu(), argv);
            running.put(run, started);
            progress.started(run, slot, process.pid());
            finished.thenRun(() -> ended.add(started));
        } catch (IOException e) {
            slots.release(slot);
            failed++;
            recordUnstartable(run, argv, e);
            progress.ended(run, 127, Display.path(run.marker(Layout.ERR)));
        }
    }

    private void environment(Map<String, String> env, RunFolder run, Slots.Slot slot, Long endBy) {
        env.remove("BASH_ENV");
        if (slot.gpu() != null) {
            env.put("CUDA_VISIBLE_DEVICES", slot.gpu());
        }
        if (endBy != null) {
            env.put("ENDBY", Long.toString(endBy));
        }
        env.put("LIFTOFF_RUN_DIR", run.path().toString());
        env.put("LIFTOFF_SESSION_ID", session.id());
        env.put("LIFTOFF_EXPERIMENT_DIR", experiment.dir().toString());
        String pythonPath = env.get("PYTHONPATH");
        env.put("PYTHONPATH", options.pythonPath() + (pythonPath == null || pythonPath.isEmpty() ? "" : File.pathSeparator + pythonPath));
    }

    /** A run whose process could not even start ends as crashed, with the reason in its err. */
    private void recordUnstartable(RunFolder run, List<String> argv, IOException e) {
        try {
            Files.writeString(run.marker(Layout.ERR), "liftoff: cannot start " + String.join(" ", argv) + " in "
                    + options.workingDirectory() + ": " + e.getMessage() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Markers.write(run.marker(Layout.START), "", "", Host.name());
            Markers.write(run.marker(Layout.CRASH), "127");
        } catch (IOException ignored) {
            // the run folder itself is unwritable: the launch record tells what was tried
        }
    }

    private void finish(Started done) {
        LOG.debug("{} ended; refilling its slot", done.run().name());
        running.remove(done.run());
        slots.release(done.slot());
        endedSinceScan = true;
        int code = exitCode(done);
        if (code == 0) {
            succeeded++;
        } else {
            failed++;
        }
        progress.ended(done.run(), code, Display.path(done.run().marker(Layout.ERR)));
    }

    /** The exit code as the wrapper recorded it, or the wrapper's own when it recorded none. */
    private static int exitCode(Started done) {
        Integer recorded = done.run().snapshot().exitCode();
        return recorded != null ? recorded : done.process().exitValue();
    }

    /** The runs this session may claim, in run-major order (every variation's run 0 first). */
    private List<RunFolder> scan() {
        Sessions sessions = experiment.sessions();
        record Candidate(int runId, long variation, RunFolder run) {
        }
        List<Candidate> candidates = new ArrayList<>();
        claimsInGrace = 0;
        for (VariationFolder variation : experiment.variations()) {
            Map<String, Object> config = null;
            if (!options.filter().isEmpty()) {
                config = variationConfig(variation);
                if (config == null) {
                    continue;
                }
            }
            for (RunFolder run : variation.runs()) {
                if (running.containsKey(run) || config != null && !options.filter().matches(withRunId(config, run))) {
                    continue;
                }
                RunSnapshot snapshot = run.snapshot();
                if (snapshot.isRunnable(sessions)) {
                    candidates.add(new Candidate(Integer.parseInt(run.id()), variation.index(), run));
                } else if (snapshot.isClaimInGrace(sessions)) {
                    claimsInGrace++;
                }
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::runId).thenComparingLong(Candidate::variation));
        List<RunFolder> runs = new ArrayList<>();
        candidates.forEach(c -> runs.add(c.run()));
        return runs;
    }

    private Map<String, Object> variationConfig(VariationFolder variation) {
        return variationConfigs.computeIfAbsent(variation.path(), p -> {
            try {
                return variation.config();
            } catch (LiftoffException e) {
                progress.say("@|yellow skipped|@ " + variation.name() + ": " + e.getMessage());
                return null;
            }
        });
    }

    private static Map<String, Object> withRunId(Map<String, Object> config, RunFolder run) {
        Map<String, Object> withId = new LinkedHashMap<>(config);
        withId.put(MetaKeys.RUN_ID, Integer.parseInt(run.id()));
        return withId;
    }

    /**
     * On Ctrl-C or SIGTERM: launch nothing more (waiting for a start in progress to complete), and
     * either leave detached runs going, saying how to stop them, or stop attached runs.
     */
    private void onShutdown() {
        stopping = true;
        launching.lock();
        try {
            if (detached) {
                if (!running.isEmpty()) {
                    err.println();
                    err.println("liftoff: stopped launching; " + running.size() + " run" + (running.size() == 1 ? " goes" : "s go")
                            + " on in the background (watch: liftoff-status; stop: liftoff-abort -t " + experiment.timestamp() + ")");
                }
            } else {
                stopAttached();
            }
            err.flush();
            session.close();
        } finally {
            launching.unlock();
        }
    }

    private void stopAttached() {
        for (Started started : running.values()) {
            started.process().descendants().forEach(ProcessHandle::destroy);
        }
        long deadline = System.currentTimeMillis() + 5000;
        for (Started started : running.values()) {
            try {
                started.process().onExit().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                started.process().descendants().forEach(ProcessHandle::destroyForcibly);
                started.process().destroyForcibly();
            }
        }
    }
}
