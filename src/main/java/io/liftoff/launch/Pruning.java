package io.liftoff.launch;

import io.liftoff.store.Mode;
import io.liftoff.store.Experiment;
import io.liftoff.store.Metrics;
import io.liftoff.store.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Early stopping ({@code --prune}): which running runs fall behind, judged from the metrics files of
 * the experiment alone (every run's, whoever launched it), so that decisions hold with several
 * launchers on one experiment and after a restart. A run's value at step s is the last value of the
 * metric it reported at a step up to s, once it reported a step of at least s.
 *
 * <ul>
 * <li>{@code asha} (asynchronous successive halving): rungs at {@code grace·reduction^k} (below
 *     {@code --max-step} when given). When a run reaches a rung, it goes on only if its value there is
 *     among the best {@code max(1, n / reduction)} of the n values recorded at that rung so far
 *     (its own included; the runs that got there first, pruned ones too).
 * <li>{@code median}: from step {@code grace} on, a run whose best value so far is worse than the
 *     median of the other runs' values at its latest step is stopped (when at least two others have one).
 * </ul>
 *
 * A run that reported nothing is never pruned. Only a grown metrics file is read again, and the other
 * runs' files only when a run is due to be judged.
 */
public final class Pruning {
    /** The median rule waits for this many other runs with a value at the step. */
    static final int MEDIAN_OTHERS = 2;
    private static final long LIST_MILLIS = 10_000;
    private static final long OTHERS_MILLIS = 1000;

    public enum Rule {
        ASHA,
        MEDIAN;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code --prune RULE --metric NAME --mode min|max --grace-step G --reduction R --max-step M}. */
    public record Settings(Rule rule, String metric, Mode mode, double graceStep, double reduction, Double maxStep) {
        /** As a Slurm submission keeps them for its tasks ({@link #fromMap} reads them back). */
        public java.util.Map<String, Object> toMap() {
            java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
            map.put("rule", rule.key());
            map.put("metric", metric);
            map.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
            map.put("grace_step", graceStep);
            map.put("reduction", reduction);
            map.put("max_step", maxStep);
            return map;
        }

        /** The settings {@link #toMap} wrote; null when {@code map} is missing or not such settings. */
        public static Settings fromMap(java.util.Map<String, Object> map) {
            try {
                return new Settings(Rule.valueOf(String.valueOf(map.get("rule")).toUpperCase(java.util.Locale.ROOT)),
                        map.get("metric").toString(), Mode.valueOf(String.valueOf(map.get("mode")).toUpperCase(java.util.Locale.ROOT)),
                        ((Number) map.get("grace_step")).doubleValue(), ((Number) map.get("reduction")).doubleValue(),
                        map.get("max_step") instanceof Number ? ((Number) map.get("max_step")).doubleValue() : null);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** A run to stop: at which step (the rung) and with which value. */
    public record Decision(Run run, double step, double value) {
    }

    private final Experiment experiment;
    private final Settings settings;
    /** Every run's metrics as last read, with the file's size then. */
    private final Map<Path, Read> reads = new HashMap<>();
    /** The highest step each running run was judged at. */
    private final Map<Run, Double> judged = new HashMap<>();
    private List<Run> all;
    private long listedMillis;
    private long othersReadMillis;

    private record Read(long size, Metrics metrics) {
    }

    public Pruning(Experiment experiment, Settings settings) {
        this.experiment = experiment;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** The runs among {@code running} (this launcher's) that fall behind now; each is named once. */
    public List<Decision> check(Collection<Run> running) {
        List<Run> grown = new ArrayList<>();
        for (Run run : running) {
            Read before = reads.get(run.metrics());
            Read now = read(run.metrics());
            if (now != null && (before == null || before.size() != now.size())) {
                grown.add(run);
            }
        }
        List<Run> due = grown.stream().filter(this::due).toList();
        if (due.isEmpty()) {
            return List.of();
        }
        // The other runs' files are looked at only when a run is to be judged: at a new rung (ASHA), or at
        // most once a second (median, judged at every step); the list of runs at most every 10 seconds.
        long now = System.currentTimeMillis();
        if (all == null || now - listedMillis >= LIST_MILLIS) {
            all = experiment.runs();
            listedMillis = now;
        }
        if (settings.rule() == Rule.ASHA || now - othersReadMillis >= OTHERS_MILLIS) {
            all.forEach(other -> read(other.metrics()));
            othersReadMillis = now;
        }
        List<Decision> decisions = new ArrayList<>();
        for (Run run : due) {
            Decision decision = judge(run, all);
            if (decision != null) {
                decisions.add(decision);
            }
        }
        return decisions;
    }

    /** Whether the run reached a step it is judged at: a rung it was not judged at yet (ASHA), the grace step (median). */
    private boolean due(Run run) {
        double reached = lastStep(reads.get(run.metrics()).metrics());
        if (Double.isNaN(reached)) {
            return false;
        }
        if (settings.rule() == Rule.MEDIAN) {
            return reached >= settings.graceStep();
        }
        double from = judged.getOrDefault(run, Double.NEGATIVE_INFINITY);
        double rung = settings.graceStep();
        while (rung <= from) {
            rung *= settings.reduction();
        }
        return rung <= reached && (settings.maxStep() == null || rung < settings.maxStep());
    }

    /** Forgets a run that ended (its file is still read as another run's, for comparisons). */
    public void forget(Run run) {
        judged.remove(run);
    }

    private Decision judge(Run run, List<Run> all) {
        Metrics metrics = reads.get(run.metrics()).metrics();
        double reached = lastStep(metrics);
        if (Double.isNaN(reached)) {
            return null;
        }
        double from = judged.getOrDefault(run, Double.NEGATIVE_INFINITY);
        judged.put(run, reached);
        if (settings.rule() == Rule.ASHA) {
            for (double rung = settings.graceStep(); rung <= reached; rung *= settings.reduction()) {
                if (settings.maxStep() != null && rung >= settings.maxStep()) {
                    break;
                }
                if (rung <= from) {
                    continue;
                }
                Double value = valueAt(metrics, rung);
                if (value != null && !promoted(value, othersAt(run, all, rung, true))) {
                    return new Decision(run, rung, value);
                }
            }
            return null;
        }
        if (reached < settings.graceStep()) {
            return null;
        }
        Double best = bestUpTo(metrics, reached);
        List<Double> others = othersAt(run, all, reached, false);
        if (best == null || others.size() < MEDIAN_OTHERS) {
            return null;
        }
        return worse(best, median(others)) ? new Decision(run, reached, best) : null;
    }

    /** ASHA's rule: the value is among the best max(1, n / reduction) of the n values at the rung. */
    private boolean promoted(double value, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(settings.mode().minimizes() ? Double::compare : (a, b) -> Double.compare(b, a));
        int kept = Math.max(1, (int) Math.floor(sorted.size() / settings.reduction()));
        return !worse(value, sorted.get(kept - 1));
    }

    private boolean worse(double value, double than) {
        if (Double.isNaN(value)) {
            return !Double.isNaN(than);
        }
        return settings.mode().minimizes() ? value > than : value < than;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The values at {@code step} of the runs that got there ({@code run} itself too, when {@code withRun}). */
    private List<Double> othersAt(Run run, List<Run> all, double step, boolean withRun) {
        List<Double> values = new ArrayList<>();
        for (Run other : all) {
            if (other.equals(run) && !withRun) {
                continue;
            }
            Read read = reads.get(other.metrics());
            if (read != null && lastStep(read.metrics()) >= step) {
                Double value = valueAt(read.metrics(), step);
                if (value != null && !value.isNaN()) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /** The last step at which the metric was reported; NaN when never. */
    private double lastStep(Metrics metrics) {
        double last = Double.NaN;
        for (Metrics.Line line : metrics.lines()) {
            if (line.values().containsKey(settings.metric()) && !(line.step() <= last)) {
                last = line.step();
            }
        }
        return last;
    }

    /** The last value of the metric reported at a step up to {@code step}. */
    private Double valueAt(Metrics metrics, double step) {
        Double value = null;
        for (Metrics.Line line : metrics.lines()) {
            Double reported = line.values().get(settings.metric());
            if (reported != null && line.step() <= step) {
                value = reported;
            }
        }
        return value;
    }

    private Double bestUpTo(Metrics metrics, double step) {
        Double best = null;
        for (Metrics.Line line : metrics.lines()) {
            Double value = line.values().get(settings.metric());
            if (value != null && !value.isNaN() && line.step() <= step && (best == null || worse(best, value))) {
                best = value;
            }
        }
        return best;
    }

    /** The file read again when its size changed; null when the run has none. */
    private Read read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return null;
        }
        Read read = reads.get(file);
        if (read == null || read.size() != size) {
            read = new Read(size, Metrics.read(file));
            reads.put(file, read);
        }
        return read;
    }
}
