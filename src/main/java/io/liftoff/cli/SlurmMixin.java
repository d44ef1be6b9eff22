package io.liftoff.cli;

import io.liftoff.LiftoffException;
import io.liftoff.slurm.SlurmCli;
import io.liftoff.slurm.SlurmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The launcher's Slurm options (README, "On a Slurm cluster"); none of them calls Slurm without {@code --slurm}. */
public final class SlurmMixin {
    @Option(names = "--slurm", description = "Run on a Slurm cluster: submit the pending runs as a job array and return "
            + "(--wait to follow it). --procs-no throttles the array.")
    boolean slurm;

    @Option(names = "--gpus-per-run", paramLabel = "G", description = "With --slurm: GPUs each run gets (--gres=gpu:G).")
    Integer gpusPerRun;

    @Option(names = "--cpus-per-run", paramLabel = "C", description = "With --slurm: CPUs each run gets.")
    Integer cpusPerRun;

    @Option(names = "--mem-per-run", paramLabel = "M", description = "With --slurm: memory each run gets (16G).")
    String memPerRun;

    @Option(names = "--time", paramLabel = "T", description = "With --slurm: each task's time limit, as Slurm reads it "
            + "(90 is minutes, 1:30:00, 2-00:00:00); runs get ENDBY from it.")
    String time;

    @Option(names = "--partition", paramLabel = "P", description = "With --slurm: the partition.")
    String partition;

    @Option(names = "--account", paramLabel = "A", description = "With --slurm: the account.")
    String account;

    @Option(names = "--qos", paramLabel = "Q", description = "With --slurm: the quality of service.")
    String qos;

    @Option(names = "--signal", paramLabel = "SIG@S", description = "With --slurm: send SIG (USR2 is a good choice) S seconds "
            + "before the time limit; the wrapper passes it to the script.")
    String signal;

    @Option(names = "--no-requeue", description = "With --slurm: do not requeue a preempted task (for scripts that cannot resume).")
    boolean noRequeue;

    @Option(names = "--requeue-on-timeout", paramLabel = "K", defaultValue = "0", description = "With --slurm and --signal "
            + "USR1|USR2@S: a run that exits after the signal, or that Slurm ends at its --time, is requeued (at most K times) "
            + "and resumes from its checkpoint as attempt 2, 3, ...; after K requeues it is lost (TIMEOUT).")
    int requeueOnTimeout;

    @Option(names = "--runs-per-task", paramLabel = "K", defaultValue = "1",
            description = "With --slurm: each array task runs up to K runs one after the other (for short runs).")
    int runsPerTask = 1;

    @Option(names = "--sbatch-arg", paramLabel = "ARG", description = "With --slurm: one more sbatch argument, verbatim (repeatable).")
    List<String> sbatchArguments;

    @Option(names = "--wait", description = "With --slurm: wait until every task has left the queue and no run is still ending or about to resume; exit as a local launch would.")
    boolean waitForEnd;

    @Option(names = "--java", paramLabel = "PATH", description = "With --slurm: java on the nodes (default: this one).")
    String java;

    @Option(names = "--jar", paramLabel = "PATH", description = "With --slurm: liftoff's JAR on the nodes (default: this one).")
    String jar;

    boolean enabled() {
        return slurm;
    }

    /**
     * Checks the options before anything is created; null without --slurm. Which options need --slurm,
     * and which do not apply with it, is {@link BackendOptions}' one table.
     */
    SlurmOptions options() {
        if (!slurm) {
            return null;
        }
        if (!SlurmCli.available()) {
            throw LiftoffException.usage("--slurm: sbatch is not on the PATH (is this a Slurm login node?)");
        }
        if (runsPerTask < 1 || gpusPerRun != null && gpusPerRun < 0 || cpusPerRun != null && cpusPerRun < 1) {
            throw LiftoffException.usage("--runs-per-task, --gpus-per-run and --cpus-per-run take positive numbers");
        }
        if (signal != null && !signal.matches("(SIG)?[A-Z0-9]+(@\\d+)?")) {
            throw LiftoffException.usage("--signal " + signal + ": write SIG@SECONDS, for example USR2@120");
        }
        if (requeueOnTimeout < 0) {
            throw LiftoffException.usage("--requeue-on-timeout takes a number of requeues, 0 or more");
        }
        if (requeueOnTimeout > 0 && (signal == null || !signal.matches("(SIG)?USR[12]@\\d+"))) {
            throw LiftoffException.usage("--requeue-on-timeout needs --signal USR1@S or USR2@S: the warning the script "
                    + "checkpoints on before its time limit");
        }
        String javaPath = java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jarPath = jar != null ? jar : io.liftoff.launch.ScriptCommand.liftoffJar();
        if (jarPath == null || jar == null && !Files.isRegularFile(Path.of(jarPath))) {
            throw LiftoffException.usage("--slurm: liftoff is not running from its JAR; give --jar PATH");
        }
        return new SlurmOptions(gpusPerRun, cpusPerRun, memPerRun, time, partition, account, qos,
                signal == null ? null : signal.replaceFirst("^SIG", ""), !noRequeue, requeueOnTimeout, runsPerTask,
                sbatchArguments == null ? List.of() : sbatchArguments, waitForEnd, javaPath, jarPath);
    }
}
