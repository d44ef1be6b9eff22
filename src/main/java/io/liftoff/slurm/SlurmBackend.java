package io.liftoff.slurm;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.launch.Backend;
import io.liftoff.launch.BatchQueue;
import io.liftoff.launch.LaunchContext;
import io.liftoff.launch.LaunchOutcome;
import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.LaunchPreview;
import io.liftoff.launch.Progress;
import io.liftoff.launch.RunQueue;
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

    private final SlurmOptions options;
    /** What {@link #start} submitted, for {@link #follow}: null when it submitted nothing. */
    private Submission submission;
    private List<Run> submitted = List.of();

    /** The backend of a launch with these options; null options: one that only answers for its queue. */
    public SlurmBackend(SlurmOptions options) {
        this.options = options;
    }

    /** A job array runs all its tasks at once unless --procs-no throttles it. */
    @Override
    public int defaultProcsNo() {
        return Integer.MAX_VALUE;
    }

    @Override
    public BatchQueue queue(Experiment experiment, boolean mayAsk) {
        return SlurmQueue.of(experiment, mayAsk);
    }

    /**
     * How {@code runs} runs would be submitted (--dry-run): the job arrays, split under the cluster's
     * MaxArraySize and chained, and each one's sbatch command line, with {@code <submission>} for the
     * submission's id and {@code <job of array N>} for the job it would wait for.
     */
    @Override
    public LaunchPreview.Backend preview(Path experiment, String name, LaunchPlan plan, long runs) {
        int maxArraySize = SlurmCli.maxArraySize();
        SubmissionPlan submission = SubmissionPlan.of(experiment, name, "<submission>", plan, options, (int) runs, maxArraySize);
        // What the real launch would refuse, a dry run refuses alike (exit 3).
        checkSubmitLimit(options, submission);
        List<Object> arrays = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        lines.add("slurm       " + runs + " run" + (runs == 1 ? "" : "s") + " as " + submission.arrays().size() + " job array"
                + (submission.arrays().size() == 1 ? "" : "s") + " (MaxArraySize " + maxArraySize + "), "
                + (plan.procsNo() < Integer.MAX_VALUE ? plan.procsNo() + " at a time" : "no throttle") + ", "
                + submission.runsPerTask() + " run" + (submission.runsPerTask() == 1 ? "" : "s") + " per task");
        int number = 0;
        for (SubmissionPlan.Array array : submission.arrays()) {
            List<String> argv = new ArrayList<>(List.of("sbatch"));
            argv.addAll(array.arguments(number == 0 ? null : "<job of array " + number + ">"));
            number++;
            Map<String, Object> item = new java.util.LinkedHashMap<>();
            item.put("first_task", array.firstTask());
            item.put("tasks", array.tasks());
            item.put("first_run", array.firstTask() * submission.runsPerTask());
            item.put("command", argv);
            arrays.add(item);
            // Past the first three, arrays differ only in their offset and dependency: the last one is shown too.
            if (number <= 3 || number == submission.arrays().size()) {
                if (number == submission.arrays().size() && number > 4) {
                    lines.add("  ... " + (number - 4) + " more arrays like these");
                }
                lines.add("  array " + number + ": " + array.tasks() + " tasks, runs from " + array.firstTask() * submission.runsPerTask()
                        + " of the index");
                lines.add("    " + String.join(" ", argv.stream().map(SlurmBackend::shown).toList()));
            }
        }
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("max_array_size", maxArraySize);
        details.put("throttle", plan.procsNo() < Integer.MAX_VALUE ? plan.procsNo() : null);
        details.put("runs_per_task", submission.runsPerTask());
        details.put("arrays", arrays);
        return new LaunchPreview.Backend("slurm", details, lines);
    }

    /** An argument as a shell would need it typed: quoted when it holds anything but plain characters. */
    private static String shown(String argument) {
        return argument.matches("[-A-Za-z0-9_./=:%,@+<>]+") && !argument.isEmpty() ? argument
                : "'" + argument.replace("'", "'\\''") + "'";
    }

    @Override
    public LaunchOutcome start(Experiment experiment, LaunchPlan plan, LaunchContext context) {
        Progress progress = new Progress(context.out(), false, context.ansi());
        Watch watch = watch(experiment);
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
        submission = submit(experiment, plan, id, runs);
        submitted = runs;
        HostIndex.local().addSubmission(id, experiment.dir());
        progress.say("submitted " + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " of " + experiment + " to Slurm as "
                + describe(plan, submission));
        progress.say("watch: liftoff-status " + Display.path(experiment.dir()) + "   stop: liftoff-abort " + Display.path(experiment.dir()));
        return LaunchOutcome.submitted(runs.size());
    }

    private static String describe(LaunchPlan plan, Submission submission) {
        List<String> arrays = new ArrayList<>();
        for (Submission.Array array : submission.arrays()) {
            arrays.add("job " + array.jobId() + " (array 0-" + (array.tasks() - 1)
                    + (plan.procsNo() < Integer.MAX_VALUE ? "%" + plan.procsNo() : "") + ")");
        }
        return String.join(", then ", arrays) + (submission.runsPerTask() > 1 ? ", " + submission.runsPerTask() + " runs per task" : "");
    }

    /**
     * Refuses (exit 3) a submission whose tasks, with the jobs the user has in the queue already, pass the
     * QOS's MaxSubmitJobsPerUser: Slurm would reject the array that passes it, after the ones before it
     * were queued. Nothing is submitted; the message names the limit and both counts.
     */
    static void checkSubmitLimit(SlurmOptions options, SubmissionPlan plan) {
        SlurmCli.SubmitLimit limit = SlurmCli.submitLimit(options.qos());
        if (limit == null) {
            return;
        }
        int needs = plan.arrays().stream().mapToInt(SubmissionPlan.Array::tasks).sum();
        // A fresh view (shared with every other command of the user on this host): the limit counts what is queued now.
        SlurmView view = SlurmView.local().look(System.currentTimeMillis());
        int queued = view.problem() == null ? view.tasks().size() : 0;
        if (queued + needs > limit.maxSubmitJobsPerUser()) {
            throw LiftoffException.environment("Slurm QOS " + limit.qos() + ": MaxSubmitJobsPerUser=" + limit.maxSubmitJobsPerUser()
                    + ", you have " + queued + " job" + (queued == 1 ? "" : "s") + " queued and this submission needs " + needs
                    + " (one per array task): nothing submitted" + (plan.runsPerTask() == 1 ? "; --runs-per-task K needs K times fewer" : ""));
        }
    }

    private Submission submit(Experiment experiment, LaunchPlan launch, String id, List<Run> runs) {
        SubmissionPlan plan = SubmissionPlan.of(experiment.dir(), experiment.name(), id, launch, options, runs.size(),
                SlurmCli.maxArraySize());
        checkSubmitLimit(options, plan);
        Path folder = plan.folder();
        List<Submission.Array> arrays = new ArrayList<>();
        Submission submission = new Submission(id, arrays, runs.size(), plan.runsPerTask(), options.requeueOnTimeout(),
                SubmissionPlan.sbatchArguments(experiment.name(), folder, launch, options), launch.script().command(),
                launch.workingDirectory().toString(), Host.name(), System.currentTimeMillis() / 1000, false);
        try {
            Files.createDirectories(folder);
            List<String> index = new ArrayList<>();
            runs.forEach(run -> index.add(run.name()));
            Files.write(Submission.index(experiment.dir(), id), index, StandardCharsets.UTF_8);
            if (launch.pruning() != null) {
                // Each task prunes the run it runs, by the same rule as a local launcher, from the experiment folder.
                java.util.Map<String, Object> pruning = new java.util.LinkedHashMap<>(launch.pruning().toMap());
                pruning.put("grace_seconds", launch.graceSeconds());
                io.liftoff.store.Json.writeAtomically(Submission.pruning(experiment.dir(), id), pruning);
            }
            Path script = folder.resolve("task");
            Files.writeString(script, TaskScript.TEXT, StandardCharsets.UTF_8);
            script.toFile().setExecutable(true);
            String previous = null;
            for (SubmissionPlan.Array array : plan.arrays()) {
                previous = SlurmCli.submit(array.arguments(previous));
                arrays.add(new Submission.Array(previous, array.firstTask() * plan.runsPerTask(), array.tasks()));
                submission.write(experiment.dir());
            }
        } catch (IOException e) {
            throw LiftoffException.environment("cannot write the submission in " + experiment + ": " + e.getMessage(), e);
        } catch (SlurmCli.Unreachable e) {
            // Never half-submitted: the arrays queued before the one Slurm refused are cancelled, the record goes.
            String undone = "";
            if (!arrays.isEmpty()) {
                try {
                    SlurmCli.cancel(submission.jobIds());
                    Files.deleteIfExists(Submission.file(experiment.dir(), id));
                    undone = " (cancelled what was queued before: " + describe(launch, submission) + "; nothing is submitted)";
                } catch (SlurmCli.Unreachable | IOException again) {
                    undone = " (submitted before it failed, and could not be cancelled: " + describe(launch, submission) + ")";
                }
            }
            throw LiftoffException.environment("Slurm unreachable: " + e.getMessage() + undone);
        }
        return submission;
    }

    /** --wait: follows the submission until every task has left the queue and its runs have settled; the outcome of its runs. */
    @Override
    public LaunchOutcome follow(Experiment experiment, LaunchOutcome started, LaunchContext context) {
        if (submission == null || !options.waitForEnd()) {
            return started;
        }
        Progress progress = new Progress(context.out(), false, context.ansi());
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
            String now = context.standing().get();
            if (!now.equals(last)) {
                progress.say(now);
                last = now;
            }
            // Out of the queue, and none of its runs still ending or about to resume: a task out of one look is not the end.
            if (left && settled(experiment)) {
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
        for (Run run : submitted) {
            RunRecord record = RunRecord.read(run.record());
            if (record == null || record.start() == null && !record.aborted()) {
                waiting++;
            } else {
                ended.merge(record.endedState(), 1, Integer::sum);
            }
        }
        LaunchOutcome outcome = new LaunchOutcome(submitted.size(), ended,
                waiting == 0 ? null : "their Slurm tasks left the queue without starting them", waiting, true, List.of(), List.of(),
                waiting == 0 ? ExitCode.OK : ExitCode.RUNS_FAILED);
        context.report().accept(outcome);
        return outcome;
    }

    /** What this host and Slurm say of the experiment's runs now (asking Slurm when the shared view is stale). */
    private static Watch watch(Experiment experiment) {
        return new Watch(experiment.sessions(), new LiveProcesses(), SlurmQueue.of(experiment, true));
    }

    /** Whether none of the submitted runs is running, queued or requeued, as the queue and the records tell now. */
    private boolean settled(Experiment experiment) {
        Watch watch = watch(experiment);
        for (Run run : submitted) {
            RunState state = run.snapshot().state(watch);
            if (state == RunState.RUNNING || state == RunState.QUEUED || state == RunState.REQUEUED) {
                return false;
            }
        }
        return true;
    }
}
