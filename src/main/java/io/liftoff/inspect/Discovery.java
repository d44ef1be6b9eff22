package io.liftoff.inspect;

import io.liftoff.LiftoffException;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentSelector;
import io.liftoff.store.HostIndex;
import io.liftoff.store.Layout;
import io.liftoff.store.SessionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which experiments status, procs and abort look at. Narrowed by a selection, the selected ones;
 * with {@code -a}, the results folder's and every experiment launched from this host; otherwise,
 * wherever the user stands, the results folder's plus every experiment of this host that something
 * works on: a live launcher session ({@link HostIndex}), a process carrying the experiment in its
 * environment (runs, and the supervisors that record their ends), found in /proc, or a Slurm
 * submission made from this host.
 */
public final class Discovery {
    private Discovery() {
    }

    public static List<Experiment> experiments(ExperimentSelector selector, boolean all, LiveProcesses live) {
        if (selector.isNarrowed() || all) {
            return selector.select(true);
        }
        Map<Path, Experiment> found = new LinkedHashMap<>();
        for (Experiment experiment : selector.candidates(false)) {
            found.put(experiment.dir(), experiment);
        }
        List<Path> active = new ArrayList<>();
        HostIndex index = HostIndex.local();
        for (HostIndex.SessionEntry entry : index.sessions()) {
            SessionRecord record = SessionRecord.read(entry.experiment().resolve(Layout.sessionFile(entry.sessionId())),
                    entry.sessionId());
            if (record != null && record.liveness() != io.liftoff.process.Liveness.DEAD) {
                active.add(entry.experiment());
            } else {
                index.removeSession(entry.sessionId());
            }
        }
        for (String dir : live.experiments(HostIndex.stateDir().toString())) {
            active.add(Path.of(dir));
        }
        // Submissions are looked at by status, which asks Slurm whether they still have tasks.
        active.addAll(index.submissions());
        for (Path dir : active) {
            Path normalized = dir.toAbsolutePath().normalize();
            if (!found.containsKey(normalized) && Files.isDirectory(normalized) && Experiment.isExperiment(normalized)) {
                try {
                    found.put(normalized, Experiment.open(normalized));
                } catch (LiftoffException e) {
                    // deleted meanwhile
                }
            }
        }
        List<Experiment> sorted = new ArrayList<>(found.values());
        sorted.sort(Comparator.comparingLong((Experiment e) -> e.meta().created()).thenComparing(Experiment::folderName));
        return sorted;
    }
}
