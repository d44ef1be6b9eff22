package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.config.Overrides;
import io.liftoff.grid.GridFolder;
import io.liftoff.launch.Durations;
import io.liftoff.launch.Gpus;
import io.liftoff.launch.LaunchOutcome;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.Launcher;
import io.liftoff.launch.Provenance;
import io.liftoff.launch.PythonLib;
import io.liftoff.launch.RunFilter;
import io.liftoff.launch.ScriptCommand;
import io.liftoff.launch.Session;
import io.liftoff.launch.TimestampFormat;
import io.liftoff.launch.VariationSource;
import io.liftoff.launch.Progress;
import io.liftoff.launch.Pruning;
import io.liftoff.launch.local.LocalBackend;
import io.liftoff.slurm.SlurmBackend;
import io.liftoff.slurm.SlurmOptions;
import io.liftoff.store.AbortMark;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentMeta;
import io.liftoff.store.ExperimentSelector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "liftoff",
        description = {
            "Runs SCRIPT on configs/default.yaml (-c merges another config over it), on every variation "
                    + "liftoff-prepare made for a grid (-e), or continues an experiment (EXPERIMENT_DIR, --resume).",
            "Each run gets its own folder under the results folder, its config as cfg.yaml, and its output in out and err.",
            "Durations (--start-by, --end-by, --timeout, --grace): 90 (seconds), 90s, 45m, 2h, 1:30:00."},
        footer = {"", "Also: liftoff-prepare, liftoff-status, liftoff-procs, liftoff-abort, liftoff-clean, liftoff-lock, "
                + "liftoff-unlock, liftoff-collect, liftoff-report, liftoff-config, liftoff-pythonpath (each has --help)."})
public final class LaunchCommand extends BaseCommand {
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

    @Option(names = "--sweep", paramLabel = "KEY=V1,V2", parameterConsumer = WordListConsumer.KeyValues.class,
            description = "A grid on the command line: --sweep lr=0.1,0.01 seed=1,2 runs 4 variations (quote a value "
                    + "holding a comma: 'a,b', or write \\,).")
    List<String> sweep;

    @Option(names = "--resume", description = "Continue the latest experiment (with -e NAME: the latest of that name; -t selects by timestamp).")
    boolean resume;

    @Option(names = {"-t", "--timestamp"}, paramLabel = "TS", description = "With --resume: the experiment whose timestamp starts with TS.")
    String timestamp;

    @Option(names = "--start-by", paramLabel = "DURATION", description = "Start no run after DURATION.")
    String startBy;

    @Option(names = "--end-by", paramLabel = "DURATION", description = "Start no run after DURATION; each run gets ENDBY, the seconds left.")
    String endBy;

    @Option(names = "--max-runs", paramLabel = "N", description = "Start at most N runs in this session.")
    Integer maxRuns;

    @Option(names = "--filters", paramLabel = "KEY=VALUE", parameterConsumer = WordListConsumer.KeyValues.class,
            description = "Only start runs whose config has these values: --filters yz.y=10 run_id=0")
    List<String> filters;

    @Option(names = "--retries", paramLabel = "K", description = "Start a failed run again, up to K times (kept with the experiment).")
    Integer retries;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop a run that runs longer (TERM, then KILL after --grace); it counts as timed out.")
    String timeout;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "10",
            description = "Between TERM and KILL, for --timeout, for the processes a run leaves and for Ctrl-C of attached runs "
                    + "(default: ${DEFAULT-VALUE}s).")
    String grace;

    @Option(names = "--keep-leftovers", description = "Leave running what a run's script started and left when it ended "
            + "(a server, a daemon); by default liftoff stops it then (TERM, --grace, KILL).")
    boolean keepLeftovers;

    @Option(names = "--shuffle", description = "Start pending runs in random order.")
    boolean shuffle;

    @Option(names = "--shuffle-seed", paramLabel = "N", description = "With --shuffle: the seed, to repeat an order.")
    Long shuffleSeed;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "python3", description = "Interpreter for *.py scripts (default: python3).")
    String python;

    @Option(names = "--detach", negatable = true, description = "Detach runs from the launcher (default: when more than one run starts).")
    Boolean detach;

    @Mixin
    SlurmMixin slurm;

    @Mixin
    PruneMixin prune;

    @Override
    protected ExitCode execute() {
        PrintWriter out = out();
        PrintWriter err = err();
        checkNumbers();
        String localOnly = gpus != null ? "--gpus" : perGpu != null ? "--per-gpu" : detach != null ? "--detach/--no-detach"
                : startBy != null ? "--start-by" : endBy != null ? "--end-by" : null;
        SlurmOptions slurmOptions = slurm.options(localOnly != null, localOnly);
        Pruning.Settings pruning = prune.settings(slurmOptions != null);
        Double startBySeconds = startBy == null ? null : Durations.positive("--start-by", startBy);
        Double endBySeconds = endBy == null ? null : Durations.positive("--end-by", endBy);
        if (endBySeconds != null && endBySeconds < 1) {
            // Runs get ENDBY in whole seconds: a deadline under one has passed before any run could start.
            throw LiftoffException.usage("--end-by " + endBy + ": shorter than a second, so no run could start (ENDBY counts whole seconds)");
        }
        Double timeoutSeconds = timeout == null ? null : Durations.positive("--timeout", timeout);
        double graceSeconds = Durations.parse("--grace", grace);
        Experiment existing = existingExperiment();
        AbortMark abortsAtStart = existing == null ? AbortMark.NONE : existing.abortMark();
        String scriptText = script != null ? script : existing != null ? existing.meta().script() : null;
        if (scriptText == null) {
            throw LiftoffException.usage("missing SCRIPT (for example: liftoff examples/smart_example.py)");
        }
        ScriptCommand command = ScriptCommand.resolve(scriptText, python, Commands.NAMES);
        List<String> gpuList = gpus == null ? List.of() : Gpus.parse(gpus);
        if (perGpu != null && gpuList.isEmpty()) {
            throw LiftoffException.usage("--per-gpu needs --gpus");
        }
        int[] caps = Gpus.perGpu(perGpu, gpuList.size());
        RunFilter filter = RunFilter.parse(filters == null ? List.of() : filters);
        Overrides args = Overrides.parse(overrides == null ? List.of() : overrides, "--args");
        List<String> notes = new ArrayList<>();
        VariationSource source = variationSource(existing, args, notes::add);
        if (source != null && !filter.isEmpty()) {
            source = source.kept();
        }
        Launcher.checkFilter(filter, existing, source == null ? List.of() : source);
        notes.forEach(note -> err.println("liftoff: note: " + note));

        Path cwd = Path.of("").toAbsolutePath();
        int runs = runsNo != null ? runsNo : existing != null ? existing.meta().runsNo() : 1;
        int retriesK = retries != null ? retries : existing != null ? existing.meta().retries() : 0;
        ExperimentMeta meta = existing == null ? newMeta(source, command, cwd, runs, retriesK)
                : existing.meta().continued(command.script().toString(), runs,
                        comment != null ? comment : existing.meta().comment(), retriesK);
        Experiment experiment = Launcher.prepare(resultsPath, existing, meta,
                new Launcher.Additions(source, runs, runsNo != null), out::println);
        Path pythonPath = PythonLib.install(experiment);
        Long seed = shuffle || shuffleSeed != null ? (shuffleSeed != null ? shuffleSeed : System.nanoTime()) : null;
        int parallel = procsNo != null ? procsNo : gpuList.isEmpty() && slurmOptions == null ? 1 : Integer.MAX_VALUE;
        LaunchPlan plan = new LaunchPlan(command, parallel,
                gpuList, caps, startBySeconds, endBySeconds, maxRuns, filter, detach, cwd, pythonPath, retriesK,
                timeoutSeconds, graceSeconds, keepLeftovers, seed, pruning);
        LaunchOutcome outcome;
        if (slurmOptions != null) {
            outcome = new SlurmBackend(experiment, plan, slurmOptions, new Progress(out, false, ansi())).run();
        } else {
            try (Session session = Session.start(experiment, commandLine(), abortsAtStart)) {
                outcome = new LocalBackend(experiment, session, plan, out, err, OutputMixin.isTerminal(), ansi(),
                        done -> report(done, experiment, done.detached() ? out : err)).run();
            }
        }
        if (slurmOptions != null && slurmOptions.waitForEnd()) {
            report(outcome, experiment, out);
        }
        ExitCode result = outcome.failed() > 0 ? ExitCode.RUNS_FAILED : ExitCode.OK;
        if (!outcome.unstartable().isEmpty() || !outcome.unrecorded().isEmpty()) {
            result = result.and(ExitCode.ENVIRONMENT);
        }
        // Stopped by liftoff-abort: whether this launcher saw the abort or abort's TERM first, it ends as TERM ends it.
        return result.and(outcome.stop());
    }

    private void checkNumbers() {
        positive("--runs-no", runsNo);
        positive("--procs-no", procsNo);
        positive("--max-runs", maxRuns);
        if (retries != null && retries < 0) {
            throw LiftoffException.usage("--retries " + retries + ": must not be negative");
        }
        if (gridName != null && configFile != null) {
            throw LiftoffException.usage("-e and -c cannot be used together: -e runs a prepared grid, -c one config");
        }
        if (gridName != null && sweep != null) {
            throw LiftoffException.usage("-e and --sweep cannot be used together: -e runs a prepared grid, --sweep makes one");
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
        String wanted = name != null ? name : gridName;
        List<Experiment> candidates = new ExperimentSelector(resultsPath, null, null, timestamp).select(false).stream()
                .filter(e -> wanted == null || e.name().equals(wanted)).toList();
        if (candidates.isEmpty()) {
            throw LiftoffException.usage("--resume: no experiment" + (wanted != null ? " named " + wanted : "")
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
        if (existing != null && configFile == null && sweep == null) {
            if (!args.isEmpty()) {
                throw LiftoffException.usage("--args changes configs, so it needs -c, -e or --sweep when continuing an experiment");
            }
            return null;
        }
        VariationSource single = VariationSource.single(configs.configsDir,
                defaultConfigFile != null ? defaultConfigFile : "default", configFile, args, notes);
        return sweep == null ? single : VariationSource.sweep(single, sweep, notes);
    }

    private ExperimentMeta newMeta(VariationSource source, ScriptCommand command, Path cwd, int runs, int retriesK) {
        LocalDateTime now = LocalDateTime.now();
        String stamp = TimestampFormat.format(timestampFmt != null ? timestampFmt : TimestampFormat.DEFAULT, now);
        return new ExperimentMeta(name != null ? name : source.name(), stamp, System.currentTimeMillis() / 1000, comment,
                command.script().toString(), cwd.toString(), commandLine(), VersionProvider.version(),
                Provenance.gitCommit(cwd), runs, retriesK);
    }

    private List<String> commandLine() {
        List<String> line = new ArrayList<>();
        line.add("liftoff");
        line.addAll(spec.commandLine().getParseResult().originalArgs());
        return line;
    }

    private static void report(LaunchOutcome outcome, Experiment experiment, PrintWriter out) {
        StringBuilder line = new StringBuilder("experiment ").append(experiment).append(": ");
        line.append(outcome.describe());
        if (outcome.stoppedBecause() != null && outcome.stop() == ExitCode.ENVIRONMENT) {
            line.append("; stopped: ").append(outcome.stoppedBecause());
        } else if (outcome.stoppedBecause() != null && outcome.notStarted() > 0) {
            line.append("; ").append(outcome.notStarted()).append(" not started (").append(outcome.stoppedBecause())
                    .append("); continue with: liftoff ").append(Display.path(experiment.dir()));
        }
        out.println(line);
        if (!outcome.unstartable().isEmpty()) {
            out.println("could not start " + fewOf(outcome.unstartable(), "skipped") + "; they stay pending: liftoff-status --runs "
                    + Display.path(experiment.dir()));
        }
        if (!outcome.unrecorded().isEmpty()) {
            out.println("could not record the end of " + fewOf(outcome.unrecorded(), "could not record")
                    + "; status shows them lost: liftoff-status --runs " + Display.path(experiment.dir()));
        }
    }

    /** {@code 171 runs: a (why); b (why); c (why) and 168 more (each named above, "skipped")}: a summary stays one short line. */
    private static String fewOf(List<String> runs, String namedAs) {
        int shown = Math.min(runs.size(), 3);
        return runs.size() + " run" + (runs.size() == 1 ? "" : "s") + ": " + String.join("; ", runs.subList(0, shown))
                + (runs.size() > shown ? " and " + (runs.size() - shown) + " more (each named above, \"" + namedAs + "\")" : "");
    }
}
