package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.LiftoffException;
import io.liftoff.config.Overrides;
import io.liftoff.config.Variation;
import io.liftoff.grid.GridFolder;
import io.liftoff.launch.Gpus;
import io.liftoff.launch.PythonLib;
import io.liftoff.launch.RunFilter;
import io.liftoff.launch.Scheduler;
import io.liftoff.launch.ScriptCommand;
import io.liftoff.launch.Session;
import io.liftoff.launch.TimestampFormat;
import io.liftoff.launch.VariationSource;
import io.liftoff.launch.Provenance;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentMeta;
import io.liftoff.store.ExperimentWriter;
import io.liftoff.store.Results;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "liftoff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs SCRIPT on configs/default.yaml (-c merges another config over it), on every variation "
                    + "liftoff-prepare made for a grid (-e), or continues an experiment (EXPERIMENT_DIR, --resume).",
            "Each run gets its own folder under the results folder, its config as cfg.yaml, and its output in out and err."},
        footer = {"", "Also: liftoff-prepare, liftoff-status, liftoff-procs, liftoff-abort, liftoff-clean (each has --help)."})
public final class LaunchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT",
            description = "The script to run: *.py (with --python), *.sh, *.jar, *.java or any executable. "
                    + "Optional when continuing an experiment.")
    String script;

    @Parameters(index = "1", arity = "0..1", paramLabel = "EXPERIMENT_DIR",
            description = "An existing experiment folder to continue (adds missing variations and runs).")
    Path experimentDir;

    @Option(names = {"-c", "--config-file"}, paramLabel = "NAME", description = "Config merged over the default: configs/NAME.yaml or a path.")
    String configFile;

    @Option(names = {"-d", "--default-config-file"}, paramLabel = "NAME", description = "The default config (default: default).")
    String defaultConfigFile;

    @Option(names = {"-e", "--experiment"}, paramLabel = "NAME", description = "Run the variations prepared in configs/NAME/.")
    String gridName;

    @Option(names = "--runs-no", paramLabel = "N", description = "Runs of each variation (default 1).")
    Integer runsNo;

    @Option(names = "--procs-no", paramLabel = "P", description = "At most P runs at once (default 1; with --gpus, as many as the GPU caps allow).")
    Integer procsNo;

    @Option(names = "--gpus", paramLabel = "IDS", parameterConsumer = WordListConsumer.GpuWords.class,
            description = "GPUs to spread runs over: 0,1,2 or 0 1 2 or 0-3 or auto. Each run gets CUDA_VISIBLE_DEVICES.")
    List<String> gpus;

    @Option(names = "--per-gpu", paramLabel = "N[,N...]", description = "Runs per GPU at once: one number, or one per GPU (default 1).")
    String perGpu;

    @Option(names = "--results-path", paramLabel = "DIR", defaultValue = "results", description = "Results folder (default: ./results).")
    Path resultsPath;

    @Mixin
    ConfigsMixin configs;

    @Option(names = "--name", paramLabel = "NAME", description = "Experiment name (default: the config's or the grid's name).")
    String name;

    @Option(names = "--timestamp-fmt", paramLabel = "FMT", description = "Timestamp of the experiment folder, strftime or Java pattern (default: %%Y%%b%%d-%%H%%M%%S).")
    String timestampFmt;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A note kept with the experiment and given to its runs.")
    String comment;

    @Option(names = "--args", paramLabel = "KEY=VALUE", parameterConsumer = WordListConsumer.KeyValues.class,
            description = "Override config values (YAML-typed): --args lr=0.1 net.depth=3")
    List<String> overrides;

    @Option(names = "--resume", description = "Continue the latest experiment (with -e NAME: the latest of that name; -t selects by timestamp).")
    boolean resume;

    @Option(names = {"-t", "--timestamp"}, paramLabel = "TS", description = "With --resume: the experiment whose timestamp starts with TS.")
    String timestamp;

    @Option(names = "--start-by", paramLabel = "SECONDS", description = "Start no run after SECONDS.")
    Long startBy;

    @Option(names = "--end-by", paramLabel = "SECONDS", description = "Start no run after SECONDS; each run gets ENDBY, the seconds left.")
    Long endBy;

    @Option(names = "--max-runs", paramLabel = "N", description = "Start at most N runs in this session.")
    Integer maxRuns;

    @Option(names = "--filters", paramLabel = "KEY=VALUE", parameterConsumer = WordListConsumer.KeyValues.class,
            description = "Only start runs whose config has these values: --filters yz.y=10 run_id=0")
    List<String> filters;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "python3", description = "Interpreter for *.py scripts (default: python3).")
    String python;

    @Option(names = "--detach", negatable = true, description = "Detach runs from the launcher (default: when more than one run starts).")
    Boolean detach;

    @Mixin
    ColorMixin color;

    @Mixin
    VerboseMixin verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (verbose.verbose) {
            verbose.enableDebugLog();
        }
        checkNumbers();
        Experiment existing = existingExperiment();
        String scriptText = script != null ? script : existing != null ? existing.meta().script() : null;
        if (scriptText == null) {
            throw LiftoffException.usage("missing SCRIPT (for example: liftoff examples/smart_example.py)");
        }
        ScriptCommand command = ScriptCommand.resolve(scriptText, python);
        List<String> gpuList = gpus == null ? List.of() : Gpus.parse(gpus);
        if (perGpu != null && gpuList.isEmpty()) {
            throw LiftoffException.usage("--per-gpu needs --gpus");
        }
        int[] caps = Gpus.perGpu(perGpu, gpuList.size());
        RunFilter filter = RunFilter.parse(filters == null ? List.of() : filters);
        Overrides args = Overrides.parse(overrides == null ? List.of() : overrides, "--args");
        List<String> notes = new ArrayList<>();
        VariationSource source = variationSource(existing, args, notes::add);
        checkFilter(filter, existing, source);
        notes.forEach(note -> err.println("liftoff: note: " + note));

        Path cwd = Path.of("").toAbsolutePath();
        Experiment experiment;
        if (existing == null) {
            experiment = ExperimentWriter.create(resultsPath, newMeta(source, command, cwd), source, source.count(),
                    runsNo == null ? 1 : runsNo);
        } else {
            experiment = existing;
            int runs = runsNo != null ? runsNo : experiment.meta().runsNo();
            ExperimentWriter.Additions added = ExperimentWriter.extend(experiment,
                    source == null ? List.<Variation>of() : source, runs, runsNo != null);
            experiment.writeMeta(experiment.meta().withScript(command.script().toString(), runs)
                    .withComment(comment != null ? comment : experiment.meta().comment()));
            if (added.variations() > 0 || added.runs() > 0) {
                out.println("added " + added.variations() + " variations and " + added.runs() + " runs to " + experiment);
            }
        }
        Path pythonPath = PythonLib.install(experiment);
        Scheduler.Options options = new Scheduler.Options(command, procsNo != null ? procsNo : gpuList.isEmpty() ? 1 : Integer.MAX_VALUE,
                gpuList, caps, startBy, endBy, maxRuns, filter, detach, cwd, pythonPath);
        Scheduler.Summary summary;
        try (Session session = Session.start(experiment, commandLine())) {
            summary = new Scheduler(experiment, session, options, out, err, ColorMixin.isTerminal(), color.ansi()).run();
        }
        report(summary, experiment, summary.detached() || summary.launched() != 1 ? out : err);
        return summary.failed() > 0 ? LiftoffException.FAILURE : 0;
    }

    private void checkNumbers() {
        positive("--runs-no", runsNo);
        positive("--procs-no", procsNo);
        positive("--max-runs", maxRuns);
        positive("--start-by", startBy);
        positive("--end-by", endBy);
        if (gridName != null && configFile != null) {
            throw LiftoffException.usage("-e and -c cannot be used together: -e runs a prepared grid, -c one config");
        }
        if (gridName != null && defaultConfigFile != null) {
            throw LiftoffException.usage("-e and -d cannot be used together: a grid's default is configs/" + gridName + "/default.yaml");
        }
    }

    private static void positive(String option, Number value) {
        if (value != null && value.longValue() < 1) {
            throw LiftoffException.usage(option + " " + value + ": must be at least 1");
        }
    }

    /** The experiment to continue: a folder given on the command line, or the one --resume selects. */
    private Experiment existingExperiment() {
        if (script != null && experimentDir == null && Experiment.isExperiment(Path.of(script))) {
            experimentDir = Path.of(script);
            script = null;
        }
        if (experimentDir != null) {
            if (resume || timestamp != null) {
                throw LiftoffException.usage("an EXPERIMENT_DIR and --resume/-t cannot be used together: each selects the experiment");
            }
            return Experiment.open(experimentDir);
        }
        if (!resume && timestamp == null) {
            return null;
        }
        List<Experiment> candidates = new ArrayList<>();
        for (Experiment experiment : new Results(resultsPath).select(null, timestamp)) {
            if (gridName == null || experiment.name().equals(gridName) || name != null && experiment.name().equals(name)) {
                candidates.add(experiment);
            }
        }
        if (candidates.isEmpty()) {
            throw LiftoffException.usage("--resume: no experiment" + (gridName != null ? " named " + gridName : "")
                    + (timestamp != null ? " with timestamp " + timestamp : "") + " in " + Display.path(resultsPath));
        }
        return candidates.get(candidates.size() - 1);
    }

    /** New variations: from -e or -c (or the default config for a new experiment); none when only continuing. */
    private VariationSource variationSource(Experiment existing, Overrides args, java.util.function.Consumer<String> notes) {
        if (gridName != null) {
            GridFolder grid = new GridFolder(configs.configsDir, gridName);
            if (existing != null && grid.generatedFiles().isEmpty()) {
                return null;
            }
            return VariationSource.prepared(grid, args, notes);
        }
        if (existing != null && configFile == null) {
            if (!args.isEmpty()) {
                throw LiftoffException.usage("--args changes configs, so it needs -c or -e when continuing an experiment");
            }
            return null;
        }
        return VariationSource.single(configs.configsDir, defaultConfigFile != null ? defaultConfigFile : "default",
                configFile, args, notes);
    }

    /** A filter key that no config has is a typo: say so before anything is created. */
    private void checkFilter(RunFilter filter, Experiment existing, VariationSource source) {
        if (filter.isEmpty()) {
            return;
        }
        List<Map<String, Object>> configs = new ArrayList<>();
        if (source != null) {
            source.forEach(v -> configs.add(withRunId(v.config())));
        }
        if (existing != null) {
            existing.variations().forEach(v -> configs.add(withRunId(v.config())));
        }
        String missing = filter.keyMissingFromAll(configs);
        if (missing != null) {
            throw LiftoffException.usage("--filters " + missing + ": no run's config has this key");
        }
    }

    private static Map<String, Object> withRunId(Map<String, Object> config) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(config);
        copy.put("run_id", 0);
        return copy;
    }

    private ExperimentMeta newMeta(VariationSource source, ScriptCommand command, Path cwd) {
        LocalDateTime now = LocalDateTime.now();
        String stamp = TimestampFormat.format(timestampFmt != null ? timestampFmt : TimestampFormat.DEFAULT, now);
        return new ExperimentMeta(name != null ? name : source.name(), stamp, System.currentTimeMillis() / 1000, comment,
                command.script().toString(), cwd.toString(), commandLine(), VersionProvider.version(),
                Provenance.gitCommit(cwd), runsNo == null ? 1 : runsNo);
    }

    private List<String> commandLine() {
        List<String> line = new ArrayList<>();
        line.add("liftoff");
        line.addAll(spec.commandLine().getParseResult().originalArgs());
        return line;
    }

    private static void report(Scheduler.Summary summary, Experiment experiment, PrintWriter out) {
        StringBuilder line = new StringBuilder("experiment ").append(experiment).append(": ");
        line.append(summary.succeeded()).append(" done, ").append(summary.failed()).append(" crashed");
        if (summary.stoppedBecause() != null && summary.notStarted() > 0) {
            line.append("; ").append(summary.notStarted()).append(" not started (").append(summary.stoppedBecause())
                    .append("); continue with: liftoff ").append(Display.path(experiment.dir()));
        }
        out.println(line);
    }
}
