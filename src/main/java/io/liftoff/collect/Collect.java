package io.liftoff.collect;

import io.liftoff.LiftoffException;
import io.liftoff.collect.RunResult.FileState;
import io.liftoff.config.MetaKeys;
import io.liftoff.config.YamlFiles;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import io.liftoff.store.Metrics;
import io.liftoff.store.Mode;
import io.liftoff.store.QueueView;
import io.liftoff.store.Run;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.RunState;
import io.liftoff.store.Watch;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * An experiment as one table ({@code liftoff-collect}): a row per run with its state, exit code and
 * duration, the values its variation varies ({@code experiment_arguments}, by dotted name), the
 * values it left in a file of its folder, and the metrics it reported ({@code store/Metrics}): its last
 * step and each metric's last and best value ({@code loss.last}, {@code loss.best}; best by {@link Mode}).
 * {@link #grouped()} aggregates the runs of each variation; {@link #steps()} has a row per reported step.
 *
 * <pre>
 * Collect results = Collect.of(experiment, "summary.json");
 * ResultTable table = results.table();          // or results.grouped()
 * </pre>
 */
public final class Collect {
    /** The columns every row starts with. */
    public static final List<String> RUN_COLUMNS = List.of("variation", "run", "state", "exit_code", "seconds");
    /** Names {@code --json} adds to a row with {@code --with-config}; a value column never takes them. */
    public static final List<String> EXTRA_KEYS = List.of("path", "config", "values");
    /** What a metric's column is prefixed with when a run column or the file has its name. */
    private static final String METRICS_PREFIX = "metrics.";

    private final Experiment experiment;
    private final String file;
    private final List<RunResult> runs;
    /** The column each varied value goes to, by its dotted name: that name unless a run column has it. */
    private final Map<String, String> variedColumns;
    /** The column each of the file's (flattened) names goes to: its own name unless another column has it. */
    private final Map<String, String> valueColumns;
    /** Which way each metric improves: the mode given, else guessed from its name. */
    private final Mode mode;
    /** The columns of each reported metric: its last and its best value. */
    private final Map<String, List<String>> metricColumns;
    /** The column of the last step reported, when any run reported metrics. */
    private final String stepColumn;

    private Collect(Experiment experiment, String file, Mode mode, List<RunResult> runs) {
        this.experiment = experiment;
        this.file = file;
        this.mode = mode;
        this.runs = List.copyOf(runs);
        Set<String> taken = new LinkedHashSet<>(RUN_COLUMNS);
        taken.addAll(EXTRA_KEYS);
        this.variedColumns = new LinkedHashMap<>();
        for (RunResult run : runs) {
            for (String name : run.varied().keySet()) {
                if (!variedColumns.containsKey(name)) {
                    variedColumns.put(name, unique(name, "config.", taken));
                }
            }
        }
        this.valueColumns = new LinkedHashMap<>();
        String prefix = file == null ? "file." : Path.of(file).getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".";
        for (RunResult run : runs) {
            for (String name : run.flatValues().keySet()) {
                if (!valueColumns.containsKey(name)) {
                    valueColumns.put(name, unique(name, prefix, taken));
                }
            }
        }
        this.metricColumns = new LinkedHashMap<>();
        for (RunResult run : runs) {
            for (String name : run.metrics().names()) {
                if (!metricColumns.containsKey(name)) {
                    metricColumns.put(name, List.of(unique(name + ".last", METRICS_PREFIX, taken),
                            unique(name + ".best", METRICS_PREFIX, taken)));
                }
            }
        }
        this.stepColumn = runs.stream().anyMatch(r -> !r.metrics().isEmpty()) ? unique(Metrics.STEP, METRICS_PREFIX, taken) : null;
    }

    private static String unique(String name, String prefix, Set<String> taken) {
        String column = name;
        while (taken.contains(column)) {
            column = prefix + column;
        }
        taken.add(column);
        return column;
    }

    /** Every run of the experiment; with a file name (relative to each run's folder), the values each left there. */
    public static Collect of(Experiment experiment, String file) {
        return of(experiment, file, null, new LiveProcesses());
    }

    /** The same, with every metric's best value taken by {@code mode} (null: guessed from each metric's name). */
    public static Collect of(Experiment experiment, String file, Mode mode, LiveProcesses processes) {
        if (file != null) {
            checkFileName(file);
        }
        // What status shows of each run (its summary when it ended: no record is read), then each run's
        // files read on every core: at this scale collect is reading files, as cat would.
        List<RunSnapshot> snapshots = experiment.snapshots();
        Watch watch = new Watch(experiment.sessions(), processes, QueueView.NONE);
        Map<Path, Map<String, Object>> variedByVariation = new HashMap<>();
        Map<Path, Set<String>> recordsByVariation = new HashMap<>();
        RunState[] states = new RunState[snapshots.size()];
        for (int i = 0; i < states.length; i++) {
            RunSnapshot snapshot = snapshots.get(i);
            states[i] = snapshot.state(watch);
            variedByVariation.computeIfAbsent(snapshot.run().variationPath(), Collect::varied);
            recordsByVariation.computeIfAbsent(snapshot.run().variationPath(), Collect::recordNames);
        }
        List<RunResult> results = IntStream.range(0, states.length).parallel().mapToObj(i -> {
            RunSnapshot snapshot = snapshots.get(i);
            Run run = snapshot.run();
            RunState state = states[i];
            long start = snapshot.startMillis();
            long end = state.ended() ? snapshot.endMillis() : -1;
            Double seconds = state.ended() && start >= 0 && end >= start ? Math.round(end - start) / 1000.0 : null;
            FileState fileState = FileState.NOT_ASKED;
            Map<String, Object> values = null;
            String problem = null;
            if (file != null) {
                try {
                    values = ValueFiles.read(run.folder().resolve(file));
                    fileState = FileState.READ;
                } catch (NoSuchFileException e) {
                    fileState = FileState.MISSING;
                } catch (IOException e) {
                    fileState = FileState.UNREADABLE;
                    problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                }
            }
            boolean reported = recordsByVariation.get(run.variationPath()).contains(run.metrics().getFileName().toString());
            Metrics metrics = state.waiting() || state == RunState.HELD || !reported ? Metrics.NONE : Metrics.read(run.metrics());
            return new RunResult(run, state, snapshot.exitCode(), seconds, variedByVariation.get(run.variationPath()), fileState, values,
                    problem, metrics);
        }).toList();
        return new Collect(experiment, file, mode, results);
    }

    /** A file name inside a run's folder: relative, without {@code ..}, of a known kind. */
    static void checkFileName(String file) {
        Path path = Path.of(file);
        if (file.isBlank() || path.isAbsolute() || path.normalize().startsWith("..") || path.toString().contains("\0")) {
            throw LiftoffException.usage("--file " + file + ": name a file inside each run's folder (relative, no ..)");
        }
        ValueFiles.formatOf(path.getFileName().toString());
    }

    /** The names in a variation's {@code .__runs} (one listing): which runs reported metrics. */
    private static Set<String> recordNames(Path variation) {
        String[] names = variation.resolve(Layout.RUNS).toFile().list();
        return names == null ? Set.of() : new HashSet<>(Arrays.asList(names));
    }

    /** The values a variation varies, flattened; none when its config cannot be read. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> varied(Path variation) {
        try {
            Object arguments = YamlFiles.loadMapping(variation.resolve(Layout.CFG)).get(MetaKeys.EXPERIMENT_ARGUMENTS);
            return arguments instanceof Map ? ValueFiles.flatten((Map<String, Object>) arguments) : Map.of();
        } catch (LiftoffException e) {
            return Map.of();
        }
    }

    public Experiment experiment() {
        return experiment;
    }

    /** The file asked for, or null. */
    public String file() {
        return file;
    }

    /** Every run, variation by variation, in run-id order. */
    public List<RunResult> runs() {
        return runs;
    }

    /** Runs that ended without the file (runs that have not ended yet are not counted). */
    public List<RunResult> missing() {
        return runs.stream().filter(r -> r.file() == FileState.MISSING && r.state().ended()).toList();
    }

    /** Runs whose file could not be read as its kind, with {@link RunResult#problem()} saying why. */
    public List<RunResult> unreadable() {
        return runs.stream().filter(r -> r.file() == FileState.UNREADABLE).toList();
    }

    /** The dotted names of the varied values, as columns. */
    public List<String> variedColumns() {
        return List.copyOf(variedColumns.values());
    }

    /** The columns of the file's values. */
    public List<String> valueColumns() {
        return List.copyOf(valueColumns.values());
    }

    /** The columns of the reported metrics: the last step, then each metric's last and best value. */
    public List<String> metricColumns() {
        List<String> columns = new ArrayList<>();
        if (stepColumn != null) {
            columns.add(stepColumn);
        }
        metricColumns.values().forEach(columns::addAll);
        return columns;
    }

    /** Which way {@code metric} improves in this collection. */
    public Mode mode(String metric) {
        return Mode.of(mode, metric);
    }

    /** A row per run: {@link #RUN_COLUMNS}, the varied values, the file's values, then the metrics. */
    public ResultTable table() {
        List<String> columns = new ArrayList<>(RUN_COLUMNS);
        columns.addAll(variedColumns.values());
        columns.addAll(valueColumns.values());
        columns.addAll(metricColumns());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunResult run : runs) {
            rows.add(row(run));
        }
        return new ResultTable(columns, rows);
    }

    /** The row of one run, keyed by column. */
    public Map<String, Object> row(RunResult run) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("variation", run.run().variation());
        row.put("run", Long.parseLong(run.run().id()));
        row.put("state", run.state().key());
        row.put("exit_code", run.exitCode());
        row.put("seconds", run.seconds());
        for (Map.Entry<String, String> column : variedColumns.entrySet()) {
            row.put(column.getValue(), run.varied().get(column.getKey()));
        }
        Map<String, Object> values = run.flatValues();
        for (Map.Entry<String, String> column : valueColumns.entrySet()) {
            row.put(column.getValue(), values.get(column.getKey()));
        }
        if (stepColumn != null) {
            Metrics.Line last = run.metrics().lastLine();
            row.put(stepColumn, last == null ? null : last.stepValue());
        }
        Map<String, Double> latest = run.metrics().latest();
        for (Map.Entry<String, List<String>> metric : metricColumns.entrySet()) {
            row.put(metric.getValue().get(0), latest.get(metric.getKey()));
            row.put(metric.getValue().get(1), run.metrics().best(metric.getKey(), mode(metric.getKey()).minimizes()));
        }
        return row;
    }

    /**
     * A row per step each run reported, for plots: the run's variation, id and state, its varied values,
     * the step, its time (epoch seconds) and the metrics of that line (empty where the line has none).
     */
    public ResultTable steps() {
        List<String> columns = new ArrayList<>(List.of("variation", "run", "state"));
        columns.addAll(variedColumns.values());
        Set<String> taken = new LinkedHashSet<>(columns);
        String step = unique(Metrics.STEP, METRICS_PREFIX, taken);
        String time = unique(Metrics.TIME, METRICS_PREFIX, taken);
        columns.add(step);
        columns.add(time);
        Map<String, String> metricNames = new LinkedHashMap<>();
        for (String metric : metricColumns.keySet()) {
            metricNames.put(metric, unique(metric, METRICS_PREFIX, taken));
        }
        columns.addAll(metricNames.values());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunResult run : runs) {
            for (Metrics.Line line : run.metrics().lines()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("variation", run.run().variation());
                row.put("run", Long.parseLong(run.run().id()));
                row.put("state", run.state().key());
                for (Map.Entry<String, String> column : variedColumns.entrySet()) {
                    row.put(column.getValue(), run.varied().get(column.getKey()));
                }
                row.put(step, line.stepValue());
                row.put(time, Double.isNaN(line.time()) ? null : line.time());
                for (Map.Entry<String, String> metric : metricNames.entrySet()) {
                    row.put(metric.getValue(), line.values().get(metric.getKey()));
                }
                rows.add(row);
            }
        }
        return new ResultTable(columns, rows);
    }

    /**
     * A row per variation: its varied values, how many runs it has and how many are done, and for
     * {@code seconds} and each numeric value column: count, mean, std (of a sample: n - 1; empty with
     * fewer than two values), min and max over the runs that have a number there (NaN is skipped).
     */
    public ResultTable grouped() {
        List<String> candidates = new ArrayList<>(valueColumns.values());
        candidates.addAll(metricColumns());
        return Grouped.byVariation(table(), List.copyOf(variedColumns.values()), candidates);
    }
}
