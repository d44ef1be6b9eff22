package io.liftoff.slurm;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.inspect.ExperimentStatus;
import io.liftoff.inspect.StatusScanner;
import io.liftoff.launch.Backend;
import io.liftoff.launch.LaunchOutcome;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.Progress;
import io.liftoff.launch.RunQueue;
import io.liftoff.launch.RunProtocol;
import io.liftoff.process.Host;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.Experiment;
import io.liftoff.store.HostIndex;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import io.liftoff.store.SessionIds;
import io.liftoff.store.Watch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an experiment on a Slurm cluster: the runs pending now go into an index, and a throttled job
 * array (several, chained, beyond MaxArraySize) whose tasks each claim runs from it and run them
 * with the same wrapper and records as local runs. It submits and returns at once (login nodes forbid
 * long processes), or with {@code --wait} follows the submission until every task has left the queue.
 */
public final class SlurmBackend implements Backend {
    private static final long WAIT_POLL_MILLIS = 3000;

    private final Experiment experiment;
    private final LaunchPlan plan;
    private final SlurmOptions options;
    private final Progress progress;

    public SlurmBackend(Experiment experiment, LaunchPlan plan, SlurmOptions options, Progress progress) {
        this.experiment = experiment;
        this.plan = plan;
        this.options = options;
        this.progress = progress;
    }

    @Override
    public LaunchOutcome run() {
        Watch watch = new Watch(experiment.sessions(), new LiveProcesses(), SlurmQueue.of(experiment));
        RunQueue queue = new RunQueue(experiment, plan.filter(), 0, plan.shuffleSeed(), progress::say);
        List<Run> runs = new ArrayList<>();
        for (RunQueue.Candidate candidate : queue.scan(watch, r -> false)) {
            if (plan.maxRuns() == null || runs.size() < plan.maxRuns()) {
                runs.add(candidate.run());
            }
        }
        if (runs.isEmpty()) {
            progress.say("experiment " + experiment + ": nothing to submit (no run is pending)");
            return LaunchOutcome.submitted(0);
        }
        String id = Submission.PREFIX + SessionIds.next().substring(SessionIds.PREFIX.length());
        Submission submission = submit(id, runs);
        HostIndex.local().addSubmission(id, experiment.dir());
        progress.say("submitted " + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " of " + experiment + " to Slurm as "
                + describe(submission));
        progress.say("watch: liftoff-status " + Display.path(experiment.dir()) + "   stop: liftoff-abort " + Display.path(experiment.dir()));
        if (!options.waitForEnd()) {
            return LaunchOutcome.submitted(runs.size());
        }
        return waitForEnd(submission, runs);
    }

    private String describe(Submission submission) {
        List<String> arrays = new ArrayList<>();
        for (Submission.Array array : submission.arrays()) {
            arrays.add("job " + array.jobId() + " (array 0-" + (array.tasks() - 1)
                    + (plan.procsNo() < Integer.MAX_VALUE ? "%" + plan.procsNo() : "") + ")");
        }
        return String.join(", then ", arrays) + (submission.runsPerTask() > 1 ? ", " + submission.runsPerTask() + " runs per task" : "");
    }

    private Submission submit(String id, List<Run> runs) {
        Path folder = Submission.folder(experiment.dir(), id);
        int perTask = options.runsPerTask();
        int tasks = (runs.size() + perTask - 1) / perTask;
        int maxTasks = Math.max(1, SlurmCli.maxArraySize());
        List<Submission.Array> arrays = new ArrayList<>();
        List<String> sbatch = sbatchArguments(folder);
        Submission submission = new Submission(id, arrays, runs.size(), perTask, sbatch, plan.script().command(),
                plan.workingDirectory().toString(), Host.name(), System.currentTimeMillis() / 1000, false);
        try {
            Files.createDirectories(folder);
            List<String> index = new ArrayList<>();
            runs.forEach(run -> index.add(run.name()));
            Files.write(Submission.index(experiment.dir(), id), index, StandardCharsets.UTF_8);
            Path script = folder.resolve("task");
            Files.writeString(script, TaskScript.TEXT, StandardCharsets.UTF_8);
            script.toFile().setExecutable(true);
            String previous = null;
            for (int first = 0; first < tasks; first += maxTasks) {
                int count = Math.min(maxTasks, tasks - first);
                List<String> arguments = new ArrayList<>(sbatch);
                arguments.add("--array=0-" + (count - 1) + (plan.procsNo() < Integer.MAX_VALUE ? "%" + plan.procsNo() : ""));
                if (previous != null) {
                    // The next array starts when the previous one has ended: never more than --procs-no at once.
                    arguments.add("--dependency=afterany:" + previous);
                }
                arguments.add(script.toString());
                arguments.addAll(taskArguments(id, first * perTask));
                previous = SlurmCli.submit(arguments);
                arrays.add(new Submission.Array(previous, first * perTask, count));
                submission.write(experiment.dir());
            }
        } catch (IOException e) {
            throw LiftoffException.environment("cannot write the submission in " + experiment + ": " + e.getMessage(), e);
        } catch (SlurmCli.Unreachable e) {
            throw LiftoffException.environment("Slurm unreachable: " + e.getMessage()
                    + (arrays.isEmpty() ? "" : " (submitted before it failed: " + describe(submission) + ")"));
        }
        return submission;
    }

    private List<String> sbatchArguments(Path folder) {
        List<String> arguments = new ArrayList<>();
        arguments.add("--job-name=liftoff-" + experiment.name());
        arguments.add("--output=" + folder.resolve("%A_%a.log"));
        arguments.add("--open-mode=append");
        arguments.add("--chdir=" + plan.workingDirectory());
        arguments.add(options.requeue() ? "--requeue" : "--no-requeue");
        if (options.gpusPerRun() != null) {
            arguments.add("--gres=gpu:" + options.gpusPerRun());
        }
        if (options.cpusPerRun() != null) {
            arguments.add("--cpus-per-task=" + options.cpusPerRun());
        }
        if (options.memPerRun() != null) {
            arguments.add("--mem=" + options.memPerRun());
        }
        if (options.time() != null) {
            arguments.add("--time=" + options.time());
        }
        if (options.partition() != null) {
            arguments.add("--partition=" + options.partition());
        }
        if (options.account() != null) {
            arguments.add("--account=" + options.account());
        }
        if (options.qos() != null) {
            arguments.add("--qos=" + options.qos());
        }
        if (options.signal() != null) {
            arguments.add("--signal=B:" + options.signal());
        }
        arguments.addAll(options.sbatchArguments());
        return arguments;
    }

    private List<String> taskArguments(String id, int offset) {
        List<String> arguments = new ArrayList<>();
        arguments.add(options.java());
        arguments.add(options.jar());
        arguments.add(experiment.dir().toString());
        arguments.add(id);
        arguments.add(Integer.toString(offset));
        arguments.add(plan.timeoutSeconds() == null ? "" : Long.toString(Math.round(plan.timeoutSeconds())));
        arguments.add(Long.toString(Math.round(plan.graceSeconds())));
        arguments.add(HostIndex.stateDir().toString());
        arguments.add(plan.keepLeftovers() ? RunProtocol.KEEP_LEFTOVERS : RunProtocol.STOP_LEFTOVERS);
        arguments.addAll(plan.script().command());
        return arguments;
    }

    /** --wait: follows the submission until every task has left the queue; the outcome of its runs. */
    private LaunchOutcome waitForEnd(Submission submission, List<Run> runs) {
        String last = "";
        String said = "";
        while (true) {
            // The view this host shares: a --wait costs Slurm nothing more than a terminal watching status.
            SlurmView view = SlurmView.local().look(0).lookFor(submission);
            String unreachable = view.problem() == null ? "" : "Slurm unreachable (" + view.problem() + "); asking again";
            if (!unreachable.isEmpty() && !unreachable.equals(said)) {
                progress.say(unreachable);
            }
            said = unreachable;
            boolean left = view.sees(submission) && view.tasks().stream().noneMatch(t -> submission.jobIds().contains(t.arrayJob()));
            ExperimentStatus status = StatusScanner.scan(experiment, false);
            String now = status.count(RunState.DONE) + " done, " + status.count(RunState.RUNNING) + " running, "
                    + status.failed() + " failed, " + status.waiting() + " waiting";
            if (!now.equals(last)) {
                progress.say(now);
                last = now;
            }
            if (left) {
                break;
            }
            try {
                Thread.sleep(WAIT_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Map<RunState, Integer> ended = new EnumMap<>(RunState.class);
        int waiting = 0;
        for (Run run : runs) {
            RunRecord record = RunRecord.read(run.record());
            if (record == null || record.start() == null && !record.aborted()) {
                waiting++;
            } else {
                ended.merge(record.endedState(), 1, Integer::sum);
            }
        }
        return new LaunchOutcome(runs.size(), ended, waiting == 0 ? null : "their Slurm tasks left the queue without starting them",
                waiting, true, List.of(), List.of(), waiting == 0 ? ExitCode.OK : ExitCode.RUNS_FAILED);
    }
}
