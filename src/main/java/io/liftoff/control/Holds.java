package io.liftoff.control;

import io.liftoff.launch.RunFilter;
import io.liftoff.store.Experiment;
import io.liftoff.store.Journal;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.VariationFolder;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * liftoff-lock and liftoff-unlock: a hold is a marker of its own beside the run's record
 * ({@code .__runs/<run>.hold}), never the claim, so no launcher (local or a Slurm task) starts or
 * retries a held run, a run already claimed or running goes on untouched, and clean and abort ignore
 * holds. Runs are chosen by {@code --filters} on their config, as the launcher's.
 */
public final class Holds {
    /** What was done: runs newly held or released, and matching runs left as they were. */
    public record Outcome(int changed, int unchanged) {
    }

    private Holds() {
    }

    /** Holds the matching runs that have not started yet (claimed or running ones are left alone). */
    public static Outcome hold(Experiment experiment, RunFilter filter) throws IOException {
        int held = 0;
        int skipped = 0;
        for (RunSnapshot snapshot : matching(experiment, filter)) {
            boolean started = snapshot.record() != null && snapshot.record().end() == null;
            if (started) {
                skipped++;
                continue;
            }
            try {
                Files.createFile(snapshot.run().hold());
                held++;
            } catch (FileAlreadyExistsException e) {
                skipped++;
            }
        }
        Journal.note(experiment.dir(), "liftoff-lock", "held " + held + " runs" + (filter.isEmpty() ? "" : " matching " + filter));
        return new Outcome(held, skipped);
    }

    public static Outcome release(Experiment experiment, RunFilter filter) throws IOException {
        int released = 0;
        int untouched = 0;
        for (RunSnapshot snapshot : matching(experiment, filter)) {
            if (Files.deleteIfExists(snapshot.run().hold())) {
                released++;
            } else {
                untouched++;
            }
        }
        Journal.note(experiment.dir(), "liftoff-unlock", "released " + released + " runs"
                + (filter.isEmpty() ? "" : " matching " + filter));
        return new Outcome(released, untouched);
    }

    private static List<RunSnapshot> matching(Experiment experiment, RunFilter filter) {
        List<RunSnapshot> matching = new ArrayList<>();
        for (VariationFolder variation : experiment.variations()) {
            Map<String, Object> config = filter.isEmpty() ? null : variation.config();
            for (RunSnapshot snapshot : variation.snapshots()) {
                if (config == null || filter.matches(config, snapshot.run().number())) {
                    matching.add(snapshot);
                }
            }
        }
        return matching;
    }
}
