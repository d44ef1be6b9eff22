package io.liftoff.store;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which existing experiments a command is about, with one meaning for every command that selects
 * them (status, procs, abort, clean, collect, report, lock, unlock):
 *
 * <ul>
 * <li>{@code EXPERIMENT} (a folder) is that experiment; a word that is no folder is read as a name;
 * <li>{@code -e NAME}: the experiments named exactly NAME, or, when there are none, those whose name
 *     contains NAME;
 * <li>{@code -t TIMESTAMP}: those whose timestamp starts with TIMESTAMP (or whose folder name contains it);
 * <li>several matches: commands that show (status, procs) show all of them; commands that act on one
 *     experiment take the most recent.
 * </ul>
 *
 * Experiments are looked for in the results folder and, where a command works host-wide, among the
 * experiments launched from this host ({@link HostIndex}).
 */
public record ExperimentSelector(Path resultsPath, String folder, String name, String timestamp) {
    public static final String HELP = "EXPERIMENT is a folder (or a name, as -e). -e NAME: the experiments named "
            + "NAME, or if none, those whose name contains NAME. -t TS: those whose timestamp starts with TS. "
            + "When several match, commands that show (status, procs) show them all; the others act on the most recent.";

    public boolean isNarrowed() {
        return folder != null || name != null || timestamp != null;
    }

    /** How the selection reads in messages: {@code named test with timestamp 2026Nov24}. */
    public String describe() {
        String what = folder != null ? " " + folder : "";
        return what + (name != null ? " named " + name : "") + (timestamp != null ? " with timestamp " + timestamp : "");
    }

    /** Every experiment to choose from, oldest first: the results folder's and, {@code hostWide}, this host's. */
    public List<Experiment> candidates(boolean hostWide) {
        Map<Path, Experiment> all = new LinkedHashMap<>();
        for (Experiment experiment : new Results(resultsPath).experiments()) {
            all.put(experiment.dir(), experiment);
        }
        if (hostWide) {
            for (Path dir : HostIndex.local().experiments()) {
                Path normalized = dir.toAbsolutePath().normalize();
                if (!all.containsKey(normalized)) {
                    try {
                        all.put(normalized, Experiment.open(normalized));
                    } catch (LiftoffException e) {
                        // deleted meanwhile
                    }
                }
            }
        }
        List<Experiment> sorted = new ArrayList<>(all.values());
        sorted.sort(Comparator.comparingLong((Experiment e) -> e.meta().created()).thenComparing(Experiment::folderName));
        return sorted;
    }

    /** The experiments selected, oldest first (all candidates when nothing narrows the selection). */
    public List<Experiment> select(boolean hostWide) {
        if (folder != null && Experiment.isExperiment(Path.of(folder))) {
            return List.of(Experiment.open(Path.of(folder)));
        }
        String wanted = name != null ? name : folder;
        List<Experiment> byTime = new ArrayList<>();
        for (Experiment experiment : candidates(hostWide)) {
            if (timestamp == null || matchesTimestamp(experiment, timestamp)) {
                byTime.add(experiment);
            }
        }
        if (wanted == null) {
            return byTime;
        }
        List<Experiment> exact = byTime.stream().filter(e -> e.name().equals(wanted)).toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        return byTime.stream().filter(e -> e.name().contains(wanted) || e.folderName().contains(wanted)).toList();
    }

    /** The one experiment a command acts on: the most recent match; none is bad usage. */
    public Experiment one(boolean hostWide) {
        if (!isNarrowed()) {
            throw LiftoffException.usage("which experiment? give its folder, or -e NAME / -t TIMESTAMP");
        }
        List<Experiment> selected = select(hostWide);
        if (selected.isEmpty()) {
            throw LiftoffException.usage(missing(hostWide));
        }
        return selected.get(selected.size() - 1);
    }

    /** Why nothing was selected, with the name that was probably meant. */
    public String missing(boolean hostWide) {
        String wanted = name != null ? name : folder;
        String hint = wanted == null ? "" : io.liftoff.Suggest.hint(wanted,
                candidates(hostWide).stream().map(Experiment::name).distinct().toList());
        return "no experiment" + describe() + " in " + Display.path(resultsPath)
                + (hostWide ? " or among those launched from this host" : "") + hint;
    }

    private static boolean matchesTimestamp(Experiment experiment, String timestamp) {
        return experiment.timestamp().startsWith(timestamp) || experiment.folderName().contains(timestamp)
                || Long.toString(experiment.meta().created()).startsWith(timestamp);
    }
}
