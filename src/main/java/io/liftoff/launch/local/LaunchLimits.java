package io.liftoff.launch.local;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.launch.Durations;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.Session;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import java.nio.file.Files;

/**
 * Why a session may start no new run now: it was interrupted, its experiment is gone, a {@code .STOP}
 * file, liftoff-abort, a deadline or {@code --max-runs}. Each reason carries the exit code it calls
 * for: none for the limits a user set, 143 for an abort (as its TERM would end the launcher), 3 for an
 * experiment deleted under it.
 */
final class LaunchLimits {
    /** A reason to stop launching, in words, and the launcher's exit code it calls for. */
    record Stop(String why, ExitCode code) {
        /** Said as it happens; an experiment that is gone is said once, by the launcher's summary. */
        boolean sayAtOnce() {
            return code != ExitCode.ENVIRONMENT;
        }
    }

    private final Experiment experiment;
    private final Session session;
    private final LaunchPlan plan;
    private final LocalOptions options;
    private final long startMillis = System.currentTimeMillis();

    LaunchLimits(Experiment experiment, Session session, LaunchPlan plan, LocalOptions options) {
        this.experiment = experiment;
        this.session = session;
        this.plan = plan;
        this.options = options;
    }

    /** Why no new run may start now, or null. */
    Stop check(boolean interrupted, int launched) {
        if (interrupted) {
            return new Stop("interrupted", ExitCode.OK);
        }
        if (!Files.exists(experiment.dir().resolve(Layout.EXPERIMENT))) {
            return gone();
        }
        if (Files.exists(experiment.stopFile())) {
            return new Stop("found " + Display.path(experiment.stopFile()) + " (remove it to launch again)", ExitCode.OK);
        }
        if (session.aborted()) {
            return new Stop("liftoff-abort stopped the experiment", ExitCode.TERMINATED);
        }
        double elapsed = (System.currentTimeMillis() - startMillis) / 1000.0;
        if (options.startBySeconds() != null && elapsed >= options.startBySeconds()) {
            return new Stop("--start-by " + Durations.format(options.startBySeconds()) + " has passed", ExitCode.OK);
        }
        if (options.endBySeconds() != null && endByLeft() < 1) {
            return new Stop("--end-by " + Durations.format(options.endBySeconds()) + " has passed", ExitCode.OK);
        }
        if (plan.maxRuns() != null && launched >= plan.maxRuns()) {
            return new Stop("--max-runs " + plan.maxRuns() + " reached", ExitCode.OK);
        }
        return null;
    }

    /** The experiment was deleted under the launcher (by a run's script, say): nothing of it is recorded or made again. */
    Stop gone() {
        return new Stop("the experiment folder " + Display.path(experiment.dir()) + " is gone (deleted while its runs ran), "
                + "so nothing more was recorded or made there", ExitCode.ENVIRONMENT);
    }

    /** Seconds left before --end-by (the ENDBY a run gets), or null without one. */
    Long endByLeft() {
        return options.endBySeconds() == null ? null
                : (long) (options.endBySeconds() - (System.currentTimeMillis() - startMillis) / 1000.0);
    }
}
