package io.liftoff.launch.local;

import io.liftoff.Display;
import io.liftoff.launch.Progress;
import io.liftoff.launch.RunProtocol;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentWriter;
import io.liftoff.store.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a session missed, each named once as it happens and summed up at its end: the runs it could
 * not start (a full disk, a folder it could not write; they stay pending and this session does not
 * try them again) and the runs whose end it could not record (neither done nor failed: status calls
 * them lost). Either ends the launcher with the environment's exit code.
 */
final class Misses {
    private final Experiment experiment;
    private final Progress progress;
    private final List<String> unstartable = new ArrayList<>();
    private final List<String> unrecorded = new ArrayList<>();
    private final Set<Run> skipped = new HashSet<>();

    Misses(Experiment experiment, Progress progress) {
        this.experiment = experiment;
        this.progress = progress;
    }

    /** Names a run this session could not start, once; it is not tried again by this session. */
    void skip(Run run, String why) {
        if (skipped.add(run)) {
            unstartable.add(run.name() + " (" + why + ")");
            progress.say("@|yellow skipped|@ " + run.name() + ": " + why);
        }
    }

    /** The wrapper did not start the run: it could not open its output ({@link RunProtocol#NO_OUTPUT}) or record its start. */
    void notStarted(Run run, String what) {
        skip(run, RunProtocol.NO_OUTPUT.equals(what) ? "cannot write its out and err in " + Display.path(run.folder()) + whyNoOutput(run)
                : "cannot record its start in " + Display.path(run.record()));
    }

    /** Why a run's output cannot be written, as the system says it (the wrapper could only say that it cannot). */
    private String whyNoOutput(Run run) {
        try {
            ExperimentWriter.readyRun(experiment, run, true);
            return "";
        } catch (IOException e) {
            return " (" + Display.problem(e) + ")";
        }
    }

    /** A run ended with {@code code} and its end could not be recorded, for {@code why}; {@code after} says what follows. */
    void unrecorded(Run run, long code, String why, String after) {
        String named = run.name() + " (exit " + code + "; " + why + ")";
        unrecorded.add(named);
        progress.say("@|red could not record|@ the end of " + named + after);
        progress.unrecorded(run);
    }

    /** The runs this session gave up on: it does not claim them again. */
    Set<Run> skippedRuns() {
        return skipped;
    }

    List<String> unstartable() {
        return unstartable;
    }

    List<String> unrecorded() {
        return unrecorded;
    }
}
