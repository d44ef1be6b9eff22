package io.liftoff.slurm;

import java.util.List;

/**
 * What a Slurm submission asks for, each task: GPUs ({@code --gres=gpu:G}), CPUs, memory, a time limit
 * in Slurm's own format, partition, account and QOS, the signal sent before the limit (as
 * {@code --signal=B:SIG@S}, so the wrapper gets it and passes it on), requeue after preemption, how
 * many times a run cut short by its time limit is requeued to resume ({@code --requeue-on-timeout}), how
 * many runs a task takes one after the other, any other sbatch arguments verbatim, whether to wait
 * for the end, and the java and liftoff JAR the nodes run.
 */
public record SlurmOptions(Integer gpusPerRun, Integer cpusPerRun, String memPerRun, String time, String partition,
        String account, String qos, String signal, boolean requeue, int requeueOnTimeout, int runsPerTask, List<String> sbatchArguments,
        boolean waitForEnd, String java, String jar) {
}
