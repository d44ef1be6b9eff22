package io.liftoff.inspect;

import io.liftoff.store.Experiment;
import io.liftoff.store.RunFolder;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.RunState;
import io.liftoff.store.Sessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Looks at an experiment in one pass: a directory listing per run, a stat per marker whose time
 * matters, and a /proc read per run that claims to run. No process is spawned.
 */
public final class StatusScanner {
    private StatusScanner() {
    }

    /** What one run folder showed; null for a folder that is not a run (yet). */
    private record Look(RunState state, long start, long end, RunView view) {
    }

    private static Look look(RunFolder run, Sessions sessions, boolean details) {
        RunSnapshot snapshot = run.snapshot();
        if (!snapshot.isRun()) {
            return null;
        }
        RunState state = snapshot.state(sessions);
        long start = snapshot.startMillis();
        long end = state.ended() ? snapshot.endMillis() : -1;
        RunView view = null;
        if (details) {
            Map<String, Object> launch = snapshot.launchRecord();
            Object gpu = launch.get("gpu");
            Object session = launch.get("session_id");
            view = new RunView(run, state, start, end, snapshot.exitCode(), gpu == null ? null : gpu.toString(),
                    snapshot.process(), session == null ? snapshot.claimedBy() : session.toString());
        }
        return new Look(state, start, end, view);
    }

    /** Counts, times and ETA; with {@code details}, one {@link RunView} per run as well. */
    public static ExperimentStatus scan(Experiment experiment, boolean details) {
        long now = System.currentTimeMillis();
        Sessions sessions = experiment.sessions();
        Map<RunState, Integer> counts = ExperimentStatus.emptyCounts();
        List<RunView> views = details ? new ArrayList<>() : null;
        long firstStart = -1;
        long lastEnd = -1;
        double doneSeconds = 0;
        int doneCount = 0;
        double endedSeconds = 0;
        int endedCount = 0;
        double busySeconds = 0;
        List<Long> runningElapsed = new ArrayList<>();
        // Listing run folders is system calls only: look at them on every core, then add up in order.
        List<Look> looks = experiment.runs().parallelStream().map(run -> look(run, sessions, details)).toList();
        for (Look look : looks) {
            if (look == null) {
                continue;
            }
            RunState state = look.state();
            counts.merge(state, 1, Integer::sum);
            long start = look.start();
            long end = look.end();
            if (start >= 0) {
                firstStart = firstStart < 0 ? start : Math.min(firstStart, start);
            }
            if (end >= 0) {
                lastEnd = Math.max(lastEnd, end);
            }
            if (start >= 0 && end >= start) {
                double seconds = (end - start) / 1000.0;
                busySeconds += seconds;
                endedSeconds += seconds;
                endedCount++;
                if (state == RunState.DONE) {
                    doneSeconds += seconds;
                    doneCount++;
                }
            } else if (state == RunState.RUNNING && start >= 0) {
                long elapsed = Math.max(0, (now - start) / 1000);
                runningElapsed.add(elapsed);
                busySeconds += elapsed;
            }
            if (details) {
                views.add(look.view());
            }
        }
        double mean = doneCount > 0 ? doneSeconds / doneCount : endedCount > 0 ? endedSeconds / endedCount : -1;
        long pending = counts.get(RunState.PENDING);
        long eta;
        boolean worked = !sessions.live().isEmpty() || !runningElapsed.isEmpty();
        if (pending == 0 && runningElapsed.isEmpty()) {
            eta = 0;
        } else if (!worked) {
            eta = Eta.UNKNOWN;
        } else {
            long spanEnd = runningElapsed.isEmpty() && lastEnd >= 0 ? lastEnd : now;
            double span = firstStart < 0 ? 0 : (spanEnd - firstStart) / 1000.0;
            double parallelism = span > 0 ? busySeconds / span : runningElapsed.size();
            // What runs now is a floor for the parallelism; the average over the span covers runs that came and went.
            eta = Eta.estimate(mean, runningElapsed, pending, Math.max(parallelism, Math.max(1, runningElapsed.size())));
        }
        return new ExperimentStatus(experiment, counts, sessions.live(), firstStart, lastEnd, now, eta, views);
    }
}
