package io.liftoff.slurm;

import io.liftoff.launch.LaunchPlan;
import io.liftoff.launch.RunProtocol;
import io.liftoff.store.HostIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a submission of {@code runs} runs is made, before anything is written or submitted: its job
 * arrays, split so that no index passes the cluster's MaxArraySize (each array's indexes start at 0;
 * its task finds its runs at {@code offset} in the index) and chained so that no more than
 * {@code --procs-no} run at once, and each array's sbatch command line. {@link SlurmBackend} submits
 * it; {@code --dry-run} prints it with placeholders for the experiment folder and submission id.
 */
record SubmissionPlan(Path folder, List<Array> arrays, int runsPerTask) {
    /** One array: its first task in the index, how many tasks, sbatch's options and the task's command. */
    record Array(int firstTask, int tasks, List<String> options, List<String> command) {
        /** sbatch's arguments; an array after the first starts once {@code previousJob} has ended (null: none). */
        List<String> arguments(String previousJob) {
            List<String> arguments = new ArrayList<>(options);
            if (previousJob != null) {
                // Chained: never more than --procs-no at once.
                arguments.add("--dependency=afterany:" + previousJob);
            }
            arguments.addAll(command);
            return arguments;
        }
    }

    static SubmissionPlan of(Path experiment, String name, String id, LaunchPlan plan, SlurmOptions options, int runs,
            int maxArraySize) {
        Path folder = Submission.folder(experiment, id);
        int perTask = options.runsPerTask();
        int tasks = (runs + perTask - 1) / perTask;
        int maxTasks = Math.max(1, maxArraySize);
        List<Array> arrays = new ArrayList<>();
        for (int first = 0; first < tasks; first += maxTasks) {
            int count = Math.min(maxTasks, tasks - first);
            List<String> sbatch = sbatchArguments(name, folder, plan, options);
            sbatch.add("--array=0-" + (count - 1) + (plan.procsNo() < Integer.MAX_VALUE ? "%" + plan.procsNo() : ""));
            List<String> command = new ArrayList<>();
            command.add(folder.resolve("task").toString());
            command.addAll(taskArguments(experiment, id, first * perTask, plan, options));
            arrays.add(new Array(first, count, sbatch, command));
        }
        return new SubmissionPlan(folder, arrays, perTask);
    }

    /** What every array of the submission is given: recorded with the submission. */
    static List<String> sbatchArguments(String name, Path folder, LaunchPlan plan, SlurmOptions options) {
        List<String> arguments = new ArrayList<>();
        arguments.add("--job-name=liftoff-" + name);
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

    /** The task program's arguments (slurm-task.bash): everything it needs arrives so, nothing as text to interpret. */
    private static List<String> taskArguments(Path experiment, String id, int offset, LaunchPlan plan, SlurmOptions options) {
        List<String> arguments = new ArrayList<>();
        arguments.add(options.java());
        arguments.add(options.jar());
        arguments.add(experiment.toString());
        arguments.add(id);
        arguments.add(Integer.toString(offset));
        arguments.add(plan.timeoutSeconds() == null ? "" : Long.toString(Math.round(plan.timeoutSeconds())));
        arguments.add(Long.toString(Math.round(plan.graceSeconds())));
        arguments.add(HostIndex.stateDir().toString());
        arguments.add(plan.keepLeftovers() ? RunProtocol.KEEP_LEFTOVERS : RunProtocol.STOP_LEFTOVERS);
        arguments.addAll(plan.script().command());
        return arguments;
    }
}
