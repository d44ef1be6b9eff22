package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.config.Overrides;
import io.liftoff.grid.GridFolder;
import io.liftoff.launch.Backend;
import io.liftoff.launch.Durations;
import io.liftoff.launch.LaunchContext;
import io.liftoff.launch.LaunchOutcome;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.LaunchPreview;
import io.liftoff.launch.Launcher;
import io.liftoff.launch.Provenance;
import io.liftoff.launch.PythonLib;
import io.liftoff.launch.RunFilter;
import io.liftoff.launch.ScriptCommand;
import io.liftoff.launch.TimestampFormat;
import io.liftoff.launch.VariationSource;
import io.liftoff.launch.Pruning;
import io.liftoff.store.AbortMark;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentMeta;
import io.liftoff.store.ExperimentSelector;
import io.liftoff.store.RunFolders;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "liftoff",
        description = {
            "Runs SCRIPT on configs/default.yaml (-c merges another config over it), on every variation "
                    + "liftoff-prepare made for a grid (-e), or continues an experiment (EXPERIMENT_DIR, --resume).",
            "Each run gets its own folder under the results folder, its config as cfg.yaml, and its output in out and err.",
            "Durations (--start-by, --end-by, --timeout, --grace): 90 (seconds), 90s, 45m, 2h, 1:30:00."},
        optionListHeading = "%nCommon options:%n",
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

    @ArgGroup(validate = false, heading = "%nWhat to run:%n", order = 1)
    LaunchOptions.What what = new LaunchOptions.What();

    @ArgGroup(validate = false, heading = "%nScheduling:%n", order = 2)
    LaunchOptions.Scheduling scheduling = new LaunchOptions.Scheduling();

    @ArgGroup(validate = false, heading = "%nSlurm options:%n", order = 3)
    SlurmMixin slurm = new SlurmMixin();

    @ArgGroup(validate = false, heading = "%nEarly stopping:%n", order = 4)
    PruneMixin prune = new PruneMixin();

    @ArgGroup(validate = false, heading = "%nResults folder:%n", order = 5)
    LaunchOptions.Results results = new LaunchOptions.Results();

    @Override
    protected ExitCode execute() {
        PrintWriter out = out();
        PrintWriter err = err();
        checkNumbers();
        Backend backend = Backends.of(spec, slurm, scheduling);
        Pruning.Settings pruning = prune.settings();
        Double timeoutSeconds = scheduling.timeout == null ? null : Durations.positive("--timeout", scheduling.timeout);
        double graceSeconds = Durations.parse("--grace", scheduling.grace);
        Experiment existing = existingExperiment();
        AbortMark abortsAtStart = existing == null ? AbortMark.NONE : existing.abortMark();
        String scriptText = script != null ? script : existing != null ? existing.meta().script() : null;
        if (scriptText == null) {
            throw LiftoffException.usage("missing SCRIPT (for example: liftoff examples/smart_example.py)");
        }
        ScriptCommand command = ScriptCommand.resolve(scriptText, what.python, Commands.NAMES);
        RunFilter filter = RunFilter.parse(scheduling.filters == null ? List.of() : scheduling.filters);
        Overrides args = Overrides.parse(what.overrides == null ? List.of() : what.overrides, "--args");
        List<String> notes = new ArrayList<>();
        VariationSource source = variationSource(existing, args, notes::add);
        if (source != null && !filter.isEmpty()) {
            source = source.kept();
        }
        Launcher.checkFilter(filter, existing, source == null ? List.of() : source);
        notes.forEach(note -> err.println("liftoff: note: " + note));

        Path cwd = Path.of("").toAbsolutePath();
        int runs = what.runsNo != null ? what.runsNo : existing != null ? existing.meta().runsNo() : 1;
        int retriesK = scheduling.retries != null ? scheduling.retries : existing != null ? existing.meta().retries() : 0;
        ExperimentMeta meta = existing == null ? newMeta(source, command, cwd, runs, retriesK)
                : existing.meta().continued(command.script().toString(), runs,
                        what.comment != null ? what.comment : existing.meta().comment(), retriesK);
        Long seed = scheduling.shuffleSeed != null ? scheduling.shuffleSeed : scheduling.shuffle ? Long.valueOf(System.nanoTime()) : null;
        LaunchPlan plan = new LaunchPlan(command, scheduling.procsNo != null ? scheduling.procsNo : backend.defaultProcsNo(),
                scheduling.maxRuns, filter, cwd, null, retriesK, timeoutSeconds, graceSeconds, scheduling.keepLeftovers, seed, pruning);
        Launcher.Additions additions = new Launcher.Additions(source, runs, what.runsNo != null);
        if (what.dryRun) {
            LaunchPreview preview = Launcher.preview(results.resultsPath, existing, meta, additions, filter, scheduling.maxRuns,
                    (folder, count) -> backend.preview(folder, meta.name(), plan, count));
            if (what.json) {
                JsonOutput.print(out, preview.toMap());
            } else {
                preview.lines().forEach(out::println);
            }
            return ExitCode.OK;
        }
        Experiment experiment = Launcher.prepare(results.resultsPath, existing, meta, additions, out::println);
        LaunchPlan installed = plan.withPythonPath(PythonLib.install(experiment));
        LaunchContext context = new LaunchContext(out, err, OutputMixin.isTerminal(), ansi(), commandLine(), abortsAtStart,
                done -> report(done, experiment, done.detached() ? out : err), () -> Backends.standing(experiment));
        LaunchOutcome outcome = backend.follow(experiment, backend.start(experiment, installed, context), context);
        // Run folders still being made while the runs went (a large new experiment): the experiment is left whole.
        RunFolders.awaitFilled();
        ExitCode result = outcome.failed() > 0 ? ExitCode.RUNS_FAILED : ExitCode.OK;
        if (!outcome.unstartable().isEmpty() || !outcome.unrecorded().isEmpty()) {
            result = result.and(ExitCode.ENVIRONMENT);
        }
        // Stopped by liftoff-abort: whether this launcher saw the abort or abort's TERM first, it ends as TERM ends it.
        return result.and(outcome.stop());
    }

    private void checkNumbers() {
        if (what.json && !what.dryRun) {
            throw LiftoffException.usage("--json goes with --dry-run (liftoff-status --json shows what runs)");
        }
        positive("--runs-no", what.runsNo);
        positive("--procs-no", scheduling.procsNo);
        positive("--max-runs", scheduling.maxRuns);
        if (scheduling.retries != null && scheduling.retries < 0) {
            throw LiftoffException.usage("--retries " + scheduling.retries + ": must not be negative");
        }
        if (what.gridName != null && what.configFile != null) {
            throw LiftoffException.usage("-e and -c cannot be used together: -e runs a prepared grid, -c one config");
        }
        if (what.gridName != null && what.sweep != null) {
            throw LiftoffException.usage("-e and --sweep cannot be used together: -e runs a prepared grid, --sweep makes one");
        }
        if (what.gridName != null && what.defaultConfigFile != null) {
            throw LiftoffException.usage("-e and -d cannot be used together: a grid's default is configs/" + what.gridName + "/default.yaml");
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
            if (what.resume || what.timestamp != null) {
                throw LiftoffException.usage("an EXPERIMENT_DIR and --resume/-t cannot be used together: each selects the experiment");
            }
            return Experiment.open(experimentDir);
        }
        if (!what.resume && what.timestamp == null) {
            return null;
        }
        String wanted = results.name != null ? results.name : what.gridName;
        List<Experiment> candidates = new ExperimentSelector(results.resultsPath, null, null, what.timestamp).select(false).stream()
                .filter(e -> wanted == null || e.name().equals(wanted)).toList();
        if (candidates.isEmpty()) {
            throw LiftoffException.usage("--resume: no experiment" + (wanted != null ? " named " + wanted : "")
                    + (what.timestamp != null ? " with timestamp " + what.timestamp : "") + " in " + Display.path(results.resultsPath));
        }
        return candidates.get(candidates.size() - 1);
    }

    /** New variations: from -e or -c (or the default config for a new experiment); none when only continuing. */
    private VariationSource variationSource(Experiment existing, Overrides args, java.util.function.Consumer<String> notes) {
        if (what.gridName != null) {
            GridFolder grid = new GridFolder(what.configs.configsDir, what.gridName);
            if (existing != null && grid.generatedFiles().isEmpty()) {
                return null;
            }
            return VariationSource.prepared(grid, args, notes);
        }
        if (existing != null && what.configFile == null && what.sweep == null) {
            if (!args.isEmpty()) {
                throw LiftoffException.usage("--args changes configs, so it needs -c, -e or --sweep when continuing an experiment");
            }
            return null;
        }
        VariationSource single = VariationSource.single(what.configs.configsDir,
                what.defaultConfigFile != null ? what.defaultConfigFile : "default", what.configFile, args, notes);
        return what.sweep == null ? single : VariationSource.sweep(single, what.sweep, notes);
    }

    private ExperimentMeta newMeta(VariationSource source, ScriptCommand command, Path cwd, int runs, int retriesK) {
        LocalDateTime now = LocalDateTime.now();
        String stamp = TimestampFormat.format(results.timestampFmt != null ? results.timestampFmt : TimestampFormat.DEFAULT, now);
        return new ExperimentMeta(results.name != null ? results.name : source.name(), stamp, System.currentTimeMillis() / 1000, what.comment,
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
