package io.liftoff.launch.local;

import io.liftoff.Display;
import io.liftoff.launch.Claims;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.RunQueue;
import io.liftoff.launch.Session;
import io.liftoff.store.Attempts;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentWriter;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.Watch;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one session takes a run it is about to hand over: the attempt's launch record (its number and
 * retry by {@link Attempts}' rule, the GPU, the deadline), the claim, and the run's folder made ready.
 * Only the claimer touches a run's folder: another launcher may be running it, its script wiping it.
 */
final class SessionClaims {
    private static final Logger LOG = LoggerFactory.getLogger(SessionClaims.class);
    private final Experiment experiment;
    private final Session session;
    private final LaunchPlan plan;
    private final Claims claims;
    private final Supplier<Watch> watches;

    /** A run taken: the launch its record holds, and a note on why it starts (a retry, a take-over), or null. */
    record Taken(RunRecord.Launch launch, String note) {
    }

    SessionClaims(Experiment experiment, Session session, LaunchPlan plan, Supplier<Watch> watches) {
        this.experiment = experiment;
        this.session = session;
        this.plan = plan;
        this.claims = new Claims(session.id());
        this.watches = watches;
    }

    /**
     * Takes the candidate for a run on {@code gpu}; null when another launcher took it first, or it could
     * not be claimed or its folder written (then {@code misses} names it as skipped).
     */
    Taken take(RunQueue.Candidate candidate, String gpu, Long endBy, boolean detached, boolean attached, Misses misses) {
        Run run = candidate.run();
        RunSnapshot snapshot = candidate.snapshot();
        RunRecord previous = snapshot.record();
        int attempt = candidate.retry() ? Attempts.after(previous.launch()) : Attempts.next(snapshot);
        int retry = candidate.retry() ? previous.launch().retry() + 1 : 0;
        RunRecord.Launch launch = new RunRecord.Launch(gpu, plan.script().argv(run.cfg(), session.id()),
                plan.workingDirectory().toString(), attempt, retry, endBy, plan.timeoutSeconds(), detached, null);
        Claims.Outcome claimed = null;
        try {
            FaultPoints.reached("before-claim");
            claimed = claims.claim(candidate, watches, launch);
            if (claimed != Claims.Outcome.LOST_RACE) {
                ExperimentWriter.readyRun(experiment, run, attached);
            }
        } catch (IOException e) {
            if (claimed != null) {
                claims.release(run);
            }
            misses.skip(run, (claimed == null ? "cannot claim it (" : "cannot write its folder (") + Display.problem(e) + ")");
            return null;
        }
        if (claimed == Claims.Outcome.LOST_RACE) {
            LOG.debug("{} was taken by another session", run.name());
            return null;
        }
        FaultPoints.reached("after-claim");
        return new Taken(launch, claimed == Claims.Outcome.RETRIED ? "(retry " + retry + " of " + plan.retries() + ")"
                : claimed == Claims.Outcome.TAKEN_OVER ? "(taken over from a session that ended before starting it)" : null);
    }

    /** Gives back the claim of a run this session could not start: it is pending again. */
    void release(Run run) {
        claims.release(run);
    }
}
