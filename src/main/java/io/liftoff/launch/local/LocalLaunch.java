package io.liftoff.launch.local;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.launch.LaunchOutcome;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.LaunchContext;
import io.liftoff.launch.Progress;
import io.liftoff.launch.Pruner;
import io.liftoff.launch.RunProtocol;
import io.liftoff.launch.RunQueue;
import io.liftoff.launch.Session;
import io.liftoff.launch.Slots;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.Attempts;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import io.liftoff.store.RunEvents;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.RunState;
import io.liftoff.store.Watch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment on this machine for one session ({@link LocalBackend#start}): it claims runs (so sessions sharing the
 * experiment never run one twice), hands each to the session's {@link Supervisor} in a free slot on
 * the least loaded GPU, and sleeps until a run ends: the supervisor's event wakes it and the freed
 * slot is refilled at once. Only a run whose wrapper was killed is noticed by looking (every two
 * seconds, while one is suspected).
 *
 * <p>It is the launcher's one loop, and its steps (fill slots, hand over, finish, retry, stop) share one
 * state (slots, counts, why it stopped); what it runs next is {@link PendingRuns}', how it takes a run
 * {@link SessionClaims}', how a signal stops it {@link SignalStop}'s.
 */
final class LocalLaunch {
    private static final Logger LOG = LoggerFactory.getLogger(LocalLaunch.class);
    private final Experiment experiment;
    private final Session session;
    private final LaunchPlan plan;
    private final LocalOptions options;
    private final LaunchContext context;
    private final PrintWriter err;
    private final Slots slots;
    private final SessionClaims claims;
    private final LaunchLimits limits;
    private final SignalStop signals = new SignalStop();
    private final PendingRuns queue;
    private SupervisedRuns running;
    private AttachedOutput attached;
    private Progress progress;
    private boolean detached;
    /** Why it stopped launching early; null while it may launch. */
    private LaunchLimits.Stop stopped;
    private int launched;
    /** What this session missed: runs it could not start, ends it could not record. */
    private Misses misses;
    /** Early stopping, or null; it wakes the loop when a metrics file is written, never while filling slots. */
    private Pruner pruner;
    private long lookedAtMillis;

    /**
     * The context's {@code report} says what the launch did; it is said before {@link #run} returns, also
     * when a signal stops the launcher (which then waits for it before it exits).
     */
    LocalLaunch(Experiment experiment, Session session, LaunchPlan plan, LocalOptions options, LaunchContext context) {
        this.experiment = experiment;
        this.session = session;
        this.plan = plan;
        this.context = context;
        this.err = context.err();
        this.options = options;
        this.slots = new Slots(plan.procsNo(), options.gpus(), options.perGpu());
        this.claims = new SessionClaims(experiment, session, plan, this::watch);
        this.limits = new LaunchLimits(experiment, session, plan, options);
        this.queue = new PendingRuns(new RunQueue(experiment, plan.filter(), plan.retries(), plan.shuffleSeed(), line -> progress.say(line)),
                this::watch, this::mine, pending -> progress.setPending(pending));
    }

    LaunchOutcome run() {
        progress = new Progress(err, false, context.ansi());
        queue.look();
        int planned = plan.maxRuns() == null ? queue.size() : Math.min(plan.maxRuns(), queue.size());
        detached = options.detached(planned);
        boolean single = !detached && planned <= 1;
        // Attached runs own the terminal's standard output: liftoff itself speaks on stderr then.
        progress = new Progress(detached ? context.out() : err, detached && context.terminal(), context.ansi());
        misses = new Misses(experiment, progress);
        pruner = Pruner.of(experiment, plan.pruning(), Math.round(plan.graceSeconds() * 1000), progress::say, () -> running.wake());
        progress.setPending(queue.size());
        progress.say("experiment " + experiment + ": " + options.describe(planned, slots.capacity(), detached));
        if (!detached) {
            attached = new AttachedOutput(context.out(), err, !single);
        }
        running = new SupervisedRuns(session, Supervisor.Settings.of(experiment, session.id(), plan, single));
        signals.install(this::onSignal, Math.round(plan.graceSeconds() * 1000));
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            signals.stop();
        } finally {
            signals.remove();
            running.close();
            if (attached != null) {
                attached.close();
            }
            progress.close();
        }
        LaunchOutcome outcome = new LaunchOutcome(launched, progress.ended(), stopped == null ? null : stopped.why(), queue.size(),
                detached, misses.unstartable(), misses.unrecorded(), stopped == null ? ExitCode.OK : stopped.code());
        context.report().accept(outcome);
        signals.summarised();
        return outcome;
    }

    private void loop() throws InterruptedException {
        FaultPoints.reached("before-first-claim");
        while (true) {
            fillSlots();
            if (signals.stopping() && detached) {
                // Stopped by a signal: detached runs go on without the launcher.
                stopped = stopped == null ? limits.check(true, launched) : stopped;
                return;
            }
            if (running.isEmpty()) {
                if (stopped != null || signals.stopping() || queue.isEmpty() && !queue.lookAgain(!running.isEmpty())) {
                    return;
                }
                continue;
            }
            if (queue.isEmpty()) {
                FaultPoints.reached("waiting-for-last");
            }
            long look = context.terminal() && detached ? 1000 : SupervisedRuns.CHECK_MILLIS;
            Supervisor.Event event = running.next(pruner != null ? Math.min(pruner.interval(), look) : look);
            if (pruner != null) {
                pruner.look(running.all().stream().map(started -> started.run).toList());
            }
            if (event == null || event.kind() == Supervisor.Event.Kind.WOKEN) {
                // Pruning wakes the loop more often; the wrappers are still looked at as often as without it.
                if (pruner == null || System.currentTimeMillis() - lookedAtMillis >= look - pruner.interval()) {
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
                release(started);
                if (Files.exists(experiment.dir().resolve(Layout.EXPERIMENT))) {
                    misses.unrecorded(started.run, event.value(), "its variation folder " + Display.path(started.run.variationPath())
                            + " is gone, so nothing was recorded or made there", "");
                } else {
                    progress.unrecorded(started.run);
                    stopped = stopped == null ? limits.gone() : stopped;
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
            RunEvents.appendEnd(started.run.record(), code);
            finish(started, code);
        } catch (IOException e) {
            release(started);
            misses.unrecorded(started.run, code, Display.problem(e), "; status will call it lost");
        }
    }

    /** The wrapper did not start the run: it could not open its output or record its start, or found it aborted. */
    private void notStarted(SupervisedRuns.Started started, String what) {
        release(started);
        launched--;
        if (!RunProtocol.ABORTED.equals(what)) {
            claims.release(started.run);
            misses.notStarted(started.run, what);
        }
    }

    /** A handed run is over for this session: its slot is free, and the experiment is looked at again. */
    private void release(SupervisedRuns.Started started) {
        running.remove(started);
        slots.release(started.slot);
        queue.ended();
        if (attached != null) {
            attached.finish(started.run);
        }
    }

    private void fillSlots() {
        while (slots.hasFree() && stopped == null) {
            LaunchLimits.Stop refusal = limits.check(signals.stopping(), launched);
            if (refusal != null) {
                stopped = refusal;
                if ((!queue.isEmpty() || !running.isEmpty()) && refusal.sayAtOnce()) {
                    progress.say("stopped launching: " + refusal.why());
                }
                return;
            }
            signals.lock();
            try {
                if (signals.stopping()) {
                    return;
                }
                RunQueue.Candidate candidate = queue.poll();
                if (candidate == null) {
                    if (!queue.lookAgain(!running.isEmpty())) {
                        return;
                    }
                    continue;
                }
                progress.setPending(queue.size());
                start(candidate);
            } finally {
                signals.unlock();
            }
        }
    }

    /** Claims the candidate in a free slot and hands it to the supervisor; a run it cannot start is named. */
    private void start(RunQueue.Candidate candidate) {
        Slots.Slot slot = slots.take();
        SessionClaims.Taken taken = claims.take(candidate, slot.gpu(), limits.endByLeft(), detached, attached != null, misses);
        if (taken == null) {
            slots.release(slot);
            return;
        }
        launched++;
        if (attached != null) {
            attached.follow(candidate.run());
        }
        running.hand(candidate.run(), slot, taken.launch(), taken.note());
    }

    /** A run that ended: its wrapper reported it, or (-1: its exit is unknown) it was found ended by looking. */
    private void finish(SupervisedRuns.Started done, int code) {
        LOG.debug("{} ended with {}; refilling its slot", done.run.name(), code);
        if (pruner != null) {
            pruner.forget(done.run);
        }
        release(done);
        RunRecord record = RunRecord.read(done.run.record());
        // The state status will show: the record says how it ended (a -1 code: its wrapper was killed, so no end is recorded).
        RunState state = record != null ? record.endedState() : code == 0 ? RunState.DONE : code < 0 ? RunState.LOST : RunState.CRASHED;
        boolean retry = !signals.stopping() && Attempts.mayRetry(state, done.launch, plan.retries());
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
            queue.retryFirst(new RunQueue.Candidate(snapshot, true));
        }
    }

    private Watch watch() {
        return new Watch(experiment.sessions(), new LiveProcesses());
    }

    /** The runs this session runs or gave up on, which it does not claim again (none before its first look). */
    private java.util.Set<Run> mine() {
        java.util.Set<Run> mine = new java.util.HashSet<>();
        if (running != null) {
            mine.addAll(misses.skippedRuns());
            running.all().forEach(s -> mine.add(s.run));
        }
        return mine;
    }

    /**
     * On Ctrl-C, SIGTERM or SIGHUP, once no start is in progress: either leave detached runs going,
     * saying how to stop them, or stop attached runs and record them aborted.
     */
    private void onSignal() {
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
