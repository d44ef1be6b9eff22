package io.liftoff.launch.local;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.collect.ResultTable;
import io.liftoff.launch.Backend;
import io.liftoff.launch.Claims;
import io.liftoff.launch.LaunchOutcome;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.Progress;
import io.liftoff.launch.Pruning;
import io.liftoff.launch.RunQueue;
import io.liftoff.launch.Session;
import io.liftoff.launch.Slots;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentWriter;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.RunState;
import io.liftoff.store.Watch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment on this machine for one session: it claims runs (so sessions sharing the
 * experiment never run one twice), hands each to the session's {@link Supervisor} in a free slot on
 * the least loaded GPU, and sleeps until a run ends: the supervisor's event wakes it and the freed
 * slot is refilled at once. Only a run whose wrapper was killed is noticed by looking (every two
 * seconds, while one is suspected).
 *
 * <p>Longer than most classes: it is the launcher's one loop, and its steps (fill slots, claim, hand
 * over, finish, retry, look again, stop) share one state (slots, queue, counts, why it stopped).
 */
public final class LocalBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);
    private static final String ABORTED = "liftoff-abort stopped the experiment";
    /** How long a stopped launcher waits for its summary beyond the runs' grace period. */
    private static final long SUMMARY_WAIT_MILLIS = 3000;
    private final Experiment experiment;
    private final Session session;
    private final LaunchPlan plan;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final picocli.CommandLine.Help.Ansi ansi;
    private final Slots slots;
    private final Claims claims;
    private final RunQueue runQueue;
    private final long startMillis = System.currentTimeMillis();
    private final ReentrantLock launching = new ReentrantLock();
    private final Consumer<LaunchOutcome> summary;
    private final CountDownLatch summarised = new CountDownLatch(1);
    private Deque<RunQueue.Candidate> queue = new ArrayDeque<>();
    private SupervisedRuns running;
    private AttachedOutput attached;
    private Progress progress;
    private boolean detached;
    private volatile boolean stopping;
    private String stoppedBecause;
    private boolean endedSinceScan = true;
    private boolean waitedForClaims;
    private int launched;
    private final List<String> unstartable = new ArrayList<>();
    private final List<String> unrecorded = new ArrayList<>();
    /** Runs this session could not start: named once, and not tried again by this session. */
    private final java.util.Set<Run> skipped = new java.util.HashSet<>();
    /** Early stopping, or null; looked at every {@link #PRUNE_MILLIS} while runs run, never while filling slots. */
    private final Pruning pruning;
    private static final long PRUNE_MILLIS = 250;
    private long prunedAtMillis;
    private long lookedAtMillis;

    /**
     * {@code summary} says what the launch did; it is said before {@link #run} returns, also when a
     * signal stops the launcher (which then waits for it before it exits).
     */
    public LocalBackend(Experiment experiment, Session session, LaunchPlan plan, PrintWriter out, PrintWriter err,
            boolean terminal, picocli.CommandLine.Help.Ansi ansi, Consumer<LaunchOutcome> summary) {
        this.summary = summary;
        this.experiment = experiment;
        this.session = session;
        this.plan = plan;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.ansi = ansi;
        this.slots = new Slots(plan.procsNo(), plan.gpus(), plan.perGpu());
        this.claims = new Claims(session.id());
        this.runQueue = new RunQueue(experiment, plan.filter(), plan.retries(), plan.shuffleSeed(), line -> progress.say(line));
        this.pruning = plan.pruning() == null ? null : new Pruning(experiment, plan.pruning());
    }

    @Override
    public LaunchOutcome run() {
        progress = new Progress(err, false, ansi);
        queue = new ArrayDeque<>(scan());
        int planned = plan.maxRuns() == null ? queue.size() : Math.min(plan.maxRuns(), queue.size());
        detached = plan.detach() != null ? plan.detach() : planned > 1;
        boolean single = !detached && planned <= 1;
        // Attached runs own the terminal's standard output: liftoff itself speaks on stderr then.
        progress = new Progress(detached ? out : err, detached && terminal, ansi);
        progress.setPending(queue.size());
        progress.say("experiment " + experiment + ": " + describePlan(planned));
        if (!detached) {
            attached = new AttachedOutput(out, err, !single);
        }
        running = new SupervisedRuns(session, Supervisor.Settings.of(experiment, session.id(), plan, single));
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
            running.close();
            if (attached != null) {
                attached.close();
            }
            progress.close();
        }
        ExitCode stop = ABORTED.equals(stoppedBecause) ? ExitCode.TERMINATED
                : stoppedBecause != null && stoppedBecause.equals(gone()) ? ExitCode.ENVIRONMENT : ExitCode.OK;
        LaunchOutcome outcome = new LaunchOutcome(launched, progress.ended(), stoppedBecause, queue.size(), detached, unstartable,
                unrecorded, stop);
        summary.accept(outcome);
        summarised.countDown();
        return outcome;
    }

    private String describePlan(int planned) {
        String where = plan.gpus().isEmpty() ? "" : " on GPUs " + String.join(",", plan.gpus());
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
            if (stopping && detached) {
                // Stopped by a signal: detached runs go on without the launcher.
                stoppedBecause = stoppedBecause == null ? refusal() : stoppedBecause;
                return;
            }
            if (running.isEmpty()) {
                if (stoppedBecause != null || stopping || queue.isEmpty() && !rescanFindsWork()) {
                    return;
                }
                continue;
            }
            if (queue.isEmpty()) {
                FaultPoints.reached("waiting-for-last");
            }
            long look = terminal && detached ? 1000 : SupervisedRuns.CHECK_MILLIS;
            Supervisor.Event event = running.next(pruning != null ? PRUNE_MILLIS : look);
            prune();
            if (event == null) {
                // Pruning wakes the loop more often; the wrappers are still looked at as often as without it.
                if (System.currentTimeMillis() - lookedAtMillis >= look - PRUNE_MILLIS) {
                    lookedAtMillis = System.currentTimeMillis();
                    progress.tick();
                    running.checkWrappers(this::finish);
                }
                continue;
            }
            handle(event);
        }
    }

    private void handle(Supervisor.Event event) {
        if (event.id() < 0) {
            // The supervisor and every wrapper it forked have gone: what is still running lost its wrapper.
            running.checkWrappers(this::finish);
            return;
        }
        SupervisedRuns.Started started = running.get(event.id());
        if (started == null) {
            return;
        }
        switch (event.kind()) {
            case STARTED:
                progress.started(started.run, event.value(), started.slot.gpu(), started.note);
                LOG.debug("{} started by wrapper {}", started.run.name(), event.value());
                break;
            case ENDED:
                finish(started, (int) event.value());
                break;
            case UNRECORDED:
                unrecordedEnd(started, (int) event.value());
                break;
            case GONE:
                // The wrapper recorded nothing: the experiment (or the run's variation) was deleted while it ran.
                running.remove(started);
                slots.release(started.slot);
                progress.unrecorded(started.run);
                if (attached != null) {
                    attached.finish(started.run);
                }
                if (Files.exists(experiment.dir().resolve(Layout.EXPERIMENT))) {
                    String why = started.run.name() + " (exit " + event.value() + "; its variation folder "
                            + Display.path(started.run.variationPath()) + " is gone, so nothing was recorded or made there)";
                    unrecorded.add(why);
                    progress.say("@|red could not record|@ the end of " + why);
                } else if (stoppedBecause == null) {
                    stoppedBecause = gone();
                }
                break;
            default:
                notStarted(started, event.detail());
                break;
        }
    }

    /** The wrapper could not record the run's end (a full disk): try once more, else say so and never call it done. */
    private void unrecordedEnd(SupervisedRuns.Started started, int code) {
        try {
            RunRecord.appendEnd(started.run.record(), code);
            finish(started, code);
            return;
        } catch (IOException e) {
            String why = started.run.name() + " (exit " + code + "; " + Display.problem(e) + ")";
            unrecorded.add(why);
            progress.say("@|red could not record|@ the end of " + why + "; status will call it lost");
            progress.unrecorded(started.run);
        }
        running.remove(started);
        slots.release(started.slot);
        endedSinceScan = true;
        if (attached != null) {
            attached.finish(started.run);
        }
    }

    /** The wrapper did not start the run: it could not open its output or record its start, or found it aborted. */
    private void notStarted(SupervisedRuns.Started started, String what) {
        running.remove(started);
        slots.release(started.slot);
        launched--;
        if (attached != null) {
            attached.finish(started.run);
        }
        if ("aborted".equals(what)) {
            return;
        }
        String why = "output".equals(what) ? "cannot write its out and err in " + Display.path(started.run.folder()) + why(started.run)
                : "cannot record its start in " + Display.path(started.run.record());
        claims.release(started.run);
        skip(started.run, why);
    }

    /** Why a run's output cannot be written, as the system says it (the wrapper could only say that it cannot). */
    private String why(Run run) {
        try {
            ExperimentWriter.readyRun(experiment, run, true);
            return "";
        } catch (IOException e) {
            return " (" + Display.problem(e) + ")";
        }
    }

    /** Names a run this session could not start, once; it is not tried again by this session. */
    private void skip(Run run, String why) {
        if (skipped.add(run)) {
            unstartable.add(run.name() + " (" + why + ")");
            progress.say("@|yellow skipped|@ " + run.name() + ": " + why);
        }
    }

    private void fillSlots() {
        while (slots.hasFree() && stoppedBecause == null) {
            String refusal = refusal();
            if (refusal != null) {
                stoppedBecause = refusal;
                // The summary says that the experiment is gone, in one line.
                if ((!queue.isEmpty() || !running.isEmpty()) && !refusal.equals(gone())) {
                    progress.say("stopped launching: " + refusal);
                }
                return;
            }
            launching.lock();
            try {
                if (stopping) {
                    return;
                }
                RunQueue.Candidate candidate = queue.poll();
                if (candidate == null) {
                    if (!rescanFindsWork()) {
                        return;
                    }
                    continue;
                }
                progress.setPending(queue.size());
                start(candidate);
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
        if (!Files.exists(experiment.dir().resolve(Layout.EXPERIMENT))) {
            return gone();
        }
        if (Files.exists(experiment.stopFile())) {
            return "found " + Display.path(experiment.stopFile()) + " (remove it to launch again)";
        }
        if (session.aborted()) {
            return ABORTED;
        }
        double elapsed = (System.currentTimeMillis() - startMillis) / 1000.0;
        if (plan.startBySeconds() != null && elapsed >= plan.startBySeconds()) {
            return "--start-by " + io.liftoff.launch.Durations.format(plan.startBySeconds()) + " has passed";
        }
        if (plan.endBySeconds() != null && endByLeft() < 1) {
            return "--end-by " + io.liftoff.launch.Durations.format(plan.endBySeconds()) + " has passed";
        }
        if (plan.maxRuns() != null && launched >= plan.maxRuns()) {
            return "--max-runs " + plan.maxRuns() + " reached";
        }
        return null;
    }

    /** Why a launcher whose experiment was deleted under it stops: nothing of it is recorded or made again. */
    private String gone() {
        return "the experiment folder " + Display.path(experiment.dir()) + " is gone (deleted while its runs ran), "
                + "so nothing more was recorded or made there";
    }

    private long endByLeft() {
        return (long) (plan.endBySeconds() - (System.currentTimeMillis() - startMillis) / 1000.0);
    }

    /** Claims the candidate in a free slot and hands it to the supervisor; a run it cannot start is named. */
    private void start(RunQueue.Candidate candidate) {
        Run run = candidate.run();
        Slots.Slot slot = slots.take();
        RunSnapshot snapshot = candidate.snapshot();
        RunRecord previous = snapshot.record();
        int attempt = snapshot.archivedAttempts() + (candidate.retry() ? 2 : 1);
        int retry = candidate.retry() ? previous.launch().retry() + 1 : 0;
        Long endBy = plan.endBySeconds() == null ? null : endByLeft();
        RunRecord.Launch launch = new RunRecord.Launch(slot.gpu(), plan.script().argv(run.cfg(), session.id()),
                plan.workingDirectory().toString(), attempt, retry, endBy, plan.timeoutSeconds(), detached, null);
        Claims.Outcome claimed = null;
        try {
            FaultPoints.reached("before-claim");
            claimed = claims.claim(candidate, this::watch, launch);
            if (claimed != Claims.Outcome.LOST_RACE) {
                // Only the claimer touches a run's folder (another launcher may be running it, its script wiping it).
                ExperimentWriter.readyRun(experiment, run, attached != null);
            }
        } catch (IOException e) {
            slots.release(slot);
            if (claimed != null) {
                claims.release(run);
            }
            skip(run, (claimed == null ? "cannot claim it (" : "cannot write its folder (") + Display.problem(e) + ")");
            return;
        }
        if (claimed == Claims.Outcome.LOST_RACE) {
            slots.release(slot);
            LOG.debug("{} was taken by another session", run.name());
            return;
        }
        FaultPoints.reached("after-claim");
        launched++;
        String note = claimed == Claims.Outcome.RETRIED ? "(retry " + retry + " of " + plan.retries() + ")"
                : claimed == Claims.Outcome.TAKEN_OVER ? "(taken over from a session that ended before starting it)" : null;
        if (attached != null) {
            attached.follow(run);
        }
        running.hand(run, slot, launch, note);
    }

    /**
     * Early stopping: the running runs whose metrics file grew are judged, and those that fall behind are
     * recorded pruned, then stopped as a timeout stops a run (TERM, --grace, KILL) off the loop's thread.
     */
    private void prune() {
        long now = System.currentTimeMillis();
        if (pruning == null || now - prunedAtMillis < PRUNE_MILLIS) {
            return;
        }
        prunedAtMillis = now;
        List<Run> runs = running.all().stream().map(s -> s.run).toList();
        for (Pruning.Decision decision : pruning.check(runs)) {
            Run run = decision.run();
            RunRecord record = RunRecord.read(run.record());
            if (record == null || record.script() == null || record.end() != null || record.pruned()) {
                continue;
            }
            try {
                RunRecord.appendPrune(run.record(), plan.pruning().rule().key(), plan.pruning().metric(), decision.step(),
                        decision.value());
            } catch (IOException e) {
                progress.say("could not record that " + run.name() + " is pruned (" + Display.problem(e) + "); it goes on");
                continue;
            }
            double step = decision.step();
            progress.say("pruning " + run.name() + ": " + plan.pruning().metric() + " " + ResultTable.shortText(decision.value())
                    + " at step " + (step == Math.rint(step) ? Long.toString((long) step) : Double.toString(step)) + " falls behind ("
                    + plan.pruning().rule().key() + ")");
            io.liftoff.process.ProcessTree tree = io.liftoff.process.ProcessTree.of(null, record.script(), run.folder().toString(),
                    new LiveProcesses());
            Thread stop = new Thread(() -> io.liftoff.process.ProcessTree.terminate(List.of(tree), Math.round(plan.graceSeconds() * 1000)),
                    "liftoff-prune");
            stop.setDaemon(true);
            stop.start();
        }
    }

    /** A run that ended: its wrapper reported it, or (-1: its exit is unknown) it was found ended by looking. */
    private void finish(SupervisedRuns.Started done, int code) {
        LOG.debug("{} ended with {}; refilling its slot", done.run.name(), code);
        if (pruning != null) {
            pruning.forget(done.run);
        }
        running.remove(done);
        slots.release(done.slot);
        endedSinceScan = true;
        if (attached != null) {
            attached.finish(done.run);
        }
        RunRecord record = RunRecord.read(done.run.record());
        // The state status will show: the record says how it ended (a -1 code: its wrapper was killed, so no end is recorded).
        RunState state = record != null ? record.endedState() : code == 0 ? RunState.DONE : code < 0 ? RunState.LOST : RunState.CRASHED;
        boolean retry = state.failed() && !stopping && done.launch.retry() < plan.retries();
        if (retry && watch().hasLeftovers(done.run, record)) {
            // Its first attempt still runs in the processes it left: a retry now would run the run twice at once.
            retry = false;
            progress.say("not retrying " + done.run.name() + ": processes it started still run (liftoff-abort stops them, "
                    + "liftoff-clean then resets it)");
        }
        progress.ended(done.run, state, code, retry, Display.path(done.run.err()));
        int stopped = record == null || record.end() == null ? 0 : record.end().stoppedLeftovers();
        if (stopped > 0) {
            progress.say("stopped " + stopped + " process" + (stopped == 1 ? "" : "es") + " that " + done.run.name()
                    + " left running when its script ended (--keep-leftovers keeps them)");
        }
        if (retry) {
            // Retried at once, in the slot it just freed.
            RunSnapshot snapshot = new RunSnapshot(done.run, record, false, done.launch.attempt() - 1);
            queue.addFirst(new RunQueue.Candidate(snapshot, true));
        }
    }

    private Watch watch() {
        return new Watch(experiment.sessions(), new LiveProcesses());
    }

    /** Looks at the experiment again (runs added, cleaned or abandoned meanwhile); once per run that ended. */
    private boolean rescanFindsWork() {
        if (!endedSinceScan) {
            return false;
        }
        endedSinceScan = false;
        queue = new ArrayDeque<>(scan());
        if (queue.isEmpty() && running.isEmpty() && runQueue.claimsInGrace() > 0 && !waitedForClaims) {
            // A launcher that died a moment ago may have left a claim its run never took up: once
            // that can no longer start, it is this session's to run. Wait for that moment, once.
            waitedForClaims = true;
            LOG.debug("waiting {}s for {} claims of ended sessions", RunSnapshot.LAUNCH_GRACE_SECONDS + 1,
                    runQueue.claimsInGrace());
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

    private List<RunQueue.Candidate> scan() {
        java.util.Set<Run> mine = new java.util.HashSet<>(skipped);
        if (running != null) {
            running.all().forEach(s -> mine.add(s.run));
        }
        return runQueue.scan(watch(), mine::contains);
    }

    /**
     * On Ctrl-C, SIGTERM or SIGHUP: launch nothing more (waiting for a start in progress to complete),
     * and either leave detached runs going, saying how to stop them, or stop attached runs and record
     * them aborted.
     */
    private void onShutdown() {
        stopping = true;
        launching.lock();
        try {
            if (detached && session.aborted()) {
                err.println();
                err.println("liftoff: liftoff-abort is stopping this experiment; this launcher stops too");
            } else if (detached) {
                if (!running.isEmpty()) {
                    err.println();
                    err.println("liftoff: stopped launching; " + running.size() + " run" + (running.size() == 1 ? " goes" : "s go")
                            + " on in the background (watch: liftoff-status; stop: liftoff-abort -t " + experiment.timestamp() + ")");
                }
            } else {
                stopAttached();
            }
            err.flush();
            running.close();
            session.close();
        } finally {
            launching.unlock();
        }
        // The launcher's last words (how its runs ended) come from the loop, which sees the ends the abort caused.
        try {
            summarised.await(Math.round(plan.graceSeconds() * 1000) + SUMMARY_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopAttached() {
        if (!running.isEmpty()) {
            err.println();
            err.println("liftoff: stopping " + running.size() + " attached run" + (running.size() == 1 ? "" : "s"));
            running.abortAll("liftoff (interrupted)", Math.round(plan.graceSeconds() * 1000));
        }
        if (attached != null) {
            attached.close();
        }
    }
}
