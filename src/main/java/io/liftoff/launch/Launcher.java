package io.liftoff.launch;

import io.liftoff.LiftoffException;
import io.liftoff.config.Variation;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentMeta;
import io.liftoff.store.ExperimentWriter;
import io.liftoff.store.HostIndex;
import io.liftoff.store.RunFolders;
import io.liftoff.store.VariationFolder;
import io.liftoff.store.Watch;
import io.liftoff.process.LiveProcesses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Makes the experiment a launch works on: a new one from its variations, or an existing one with the
 * variations and runs it lacks added; and notes it in this host's index so that status, procs and
 * abort find it from any folder.
 */
public final class Launcher {
    private Launcher() {
    }

    /** What to add: new variations (or none), runs per variation, and whether every variation gets the missing runs. */
    public record Additions(VariationSource source, int runsNo, boolean everyVariation) {
    }

    /**
     * A new experiment in {@code results} ({@code source} must not be null), or {@code existing} with
     * the additions; {@code say} hears what was added.
     */
    public static Experiment prepare(Path results, Experiment existing, ExperimentMeta meta, Additions additions,
            Consumer<String> say) {
        Experiment experiment;
        if (existing == null) {
            experiment = ExperimentWriter.create(results, meta, additions.source(), additions.source().count(),
                    additions.runsNo());
        } else {
            experiment = existing;
            ExperimentWriter.Additions added = ExperimentWriter.extend(experiment,
                    additions.source() == null ? List.<Variation>of() : additions.source(), additions.runsNo(),
                    additions.everyVariation());
            experiment.writeMeta(meta);
            if (added.variations() > 0 || added.runs() > 0) {
                say.accept("added " + added.variations() + " variations and " + added.runs() + " runs to " + experiment);
            }
        }
        HostIndex.local().addExperiment(experiment.dir());
        RunFolders.fillInBackground(experiment);
        return experiment;
    }

    /**
     * What {@link #prepare} and a launch would do, without writing anything (--dry-run): the experiment
     * (for a new one, a placeholder {@code <timestamp>_<name>} folder), its variations and runs, and the
     * runs a launch would start (those runnable now, as a local launcher sees them, and those the
     * additions bring, at most {@code maxRuns}); {@code backend} plans how to run that many in a folder.
     */
    public static LaunchPreview preview(Path results, Experiment existing, ExperimentMeta meta, Additions additions,
            RunFilter filter, Integer maxRuns, java.util.function.BiFunction<Path, Long, LaunchPreview.Backend> backend) {
        long variations;
        long runs;
        long runnable;
        Path folder;
        if (existing == null) {
            folder = results.toAbsolutePath().resolve("<timestamp>_" + meta.name());
            variations = additions.source().count();
            runs = variations * additions.runsNo();
            runnable = runs;
        } else {
            folder = existing.dir();
            ExperimentWriter.Additions added = ExperimentWriter.wouldAdd(existing,
                    additions.source() == null ? List.<Variation>of() : additions.source(), additions.runsNo(),
                    additions.everyVariation());
            variations = existing.variations().size() + added.variations();
            runs = existing.variations().stream().mapToLong(VariationFolder::runsNo).sum() + added.runs();
            Watch watch = new Watch(existing.sessions(), new LiveProcesses());
            runnable = new RunQueue(existing, filter, meta.retries(), null, line -> { }).scan(watch, run -> false).size()
                    + added.runs();
        }
        long toStart = maxRuns == null ? runnable : Math.min(maxRuns, runnable);
        return new LaunchPreview(io.liftoff.Display.path(folder), existing == null, variations, runs, toStart,
                backend.apply(folder, toStart));
    }

    /**
     * A filter key that no config has is a typo: say so before anything is created. The configs are
     * those of the new variations and of the experiment's variations (each read once).
     */
    public static void checkFilter(RunFilter filter, Experiment existing, Iterable<Variation> variations) {
        if (filter.isEmpty()) {
            return;
        }
        List<Map<String, Object>> configs = new ArrayList<>();
        for (Variation variation : variations) {
            configs.add(variation.config());
        }
        if (existing != null) {
            for (VariationFolder folder : existing.variations()) {
                configs.add(folder.config());
            }
        }
        String missing = filter.keyMissingFromAll(configs);
        if (missing != null) {
            throw LiftoffException.usage("--filters " + missing + ": no run's config has this key");
        }
    }
}
