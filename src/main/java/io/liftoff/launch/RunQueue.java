package io.liftoff.launch;

import io.liftoff.LiftoffException;
import io.liftoff.store.Attempts;
import io.liftoff.store.Experiment;
import io.liftoff.store.Run;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.VariationFolder;
import io.liftoff.store.Watch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The runs a launcher may start now, in the order it starts them: run-major (every variation's run 0
 * first, so a grid's corners all get a first result early), or shuffled with a seed. Failed runs with
 * retries left come along, marked as retries. Shared by the local launcher and Slurm submissions.
 */
public final class RunQueue {
    /** A run to start, and whether starting it is a retry of a failed attempt. */
    public record Candidate(RunSnapshot snapshot, boolean retry) {
        public Run run() {
            return snapshot.run();
        }
    }

    private final Experiment experiment;
    private final RunFilter filter;
    private final int retries;
    private final Long shuffleSeed;
    private final Consumer<String> say;
    private final Map<java.nio.file.Path, Map<String, Object>> configs = new HashMap<>();
    private int claimsInGrace;

    public RunQueue(Experiment experiment, RunFilter filter, int retries, Long shuffleSeed, Consumer<String> say) {
        this.experiment = experiment;
        this.filter = filter;
        this.retries = retries;
        this.shuffleSeed = shuffleSeed;
        this.say = say;
    }

    /** The runs that can be claimed now, except those {@code skip} names (runs this session already runs). */
    public List<Candidate> scan(Watch watch, Predicate<Run> skip) {
        record Ordered(int runId, long variation, Candidate candidate) {
        }
        List<Ordered> found = new ArrayList<>();
        claimsInGrace = 0;
        for (VariationFolder variation : experiment.variations()) {
            Map<String, Object> config = null;
            if (!filter.isEmpty()) {
                config = variationConfig(variation);
                if (config == null) {
                    continue;
                }
            }
            for (RunSnapshot snapshot : variation.snapshots()) {
                Run run = snapshot.run();
                if (skip.test(run) || config != null && !filter.matches(config, run.number())) {
                    continue;
                }
                Candidate candidate = null;
                if (snapshot.isRunnable(watch)) {
                    candidate = new Candidate(snapshot, false);
                } else if (isRetryable(snapshot, watch)) {
                    candidate = new Candidate(snapshot, true);
                } else if (snapshot.isClaimInGrace(watch)) {
                    claimsInGrace++;
                }
                if (candidate != null) {
                    found.add(new Ordered(run.number(), variation.index(), candidate));
                }
            }
        }
        found.sort(Comparator.comparingInt(Ordered::runId).thenComparingLong(Ordered::variation));
        List<Candidate> runs = new ArrayList<>(found.size());
        found.forEach(o -> runs.add(o.candidate()));
        if (shuffleSeed != null) {
            Collections.shuffle(runs, new Random(shuffleSeed));
        }
        return runs;
    }

    /** Claims of ended sessions that may still become starts; counted by the last {@link #scan}. */
    public int claimsInGrace() {
        return claimsInGrace;
    }

    /** A run that failed (not aborted), has automatic retries left, and left no process running. */
    public boolean isRetryable(RunSnapshot snapshot, Watch watch) {
        if (retries <= 0 || snapshot.held()) {
            return false;
        }
        // The state first: a run that ended well is known from its summary, without reading its record.
        if (!snapshot.state(watch).failed() || snapshot.record() == null || snapshot.record().aborted()) {
            return false;
        }
        // Once more: a record written since the summary was read is what the snapshot shows now.
        return Attempts.mayRetry(snapshot.state(watch), snapshot.record().launch(), retries)
                && !watch.hasLeftovers(snapshot.run(), snapshot.record());
    }

    private Map<String, Object> variationConfig(VariationFolder variation) {
        return configs.computeIfAbsent(variation.path(), p -> {
            try {
                return variation.config();
            } catch (LiftoffException e) {
                say.accept("@|yellow skipped|@ " + variation.name() + ": " + e.getMessage());
                return null;
            }
        });
    }
}
