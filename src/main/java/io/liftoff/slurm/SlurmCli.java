package io.liftoff.slurm;

import io.liftoff.launch.ScriptCommand;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's commands, run from argument lists with a time limit: sbatch, squeue, sacct, scancel and
 * scontrol, always with machine-readable output ({@code --parsable}, {@code -h -o}, {@code -P}; not
 * {@code --json}, whose layout changes between versions). A command that fails or hangs is
 * {@link Unreachable}: callers say so and never turn a run lost on a failed query.
 */
public final class SlurmCli {
    private static final long TIMEOUT_SECONDS = 30;

    /** Slurm could not be asked (munge down, slurmctld gone, a command timing out). */
    public static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    /**
     * A task as squeue shows it: its array job, its task id, state and reason, when its time limit
     * ends ({@code %e}: local time, {@code N/A} while pending) and the limit itself ({@code %l}).
     */
    public record QueueEntry(String arrayJob, String task, String state, String reason, String end, String limit) {
        public String taskId() {
            return arrayJob + "_" + task;
        }
    }

    /** A task as sacct last recorded it. */
    public record AccountingEntry(String taskId, String state, String exitCode) {
    }

    private SlurmCli() {
    }

    /** Whether sbatch is on the PATH: without it {@code --slurm} is bad usage. */
    public static boolean available() {
        return ScriptCommand.onPath("sbatch") != null;
    }

    /** Submits; returns the job id (sbatch --parsable prints {@code id[;cluster]}). */
    public static String submit(List<String> sbatchArguments) throws Unreachable {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(sbatchArguments);
        String output = run(command).strip();
        String id = output.lines().reduce((a, b) -> b).orElse("").split(";")[0].strip();
        if (!id.matches("\\d+")) {
            throw new Unreachable("sbatch printed no job id: " + output);
        }
        return id;
    }

    /** Every task of this user in the queue (arrays expanded): one squeue for all of the user's submissions. */
    public static List<QueueEntry> queueOfUser() throws Unreachable {
        return parseQueue(run(List.of("squeue", "--me", "-h", "-r", "-o", QUEUE_FORMAT)));
    }

    private static final String QUEUE_FORMAT = "%F|%K|%T|%r|%e|%l";

    private static List<QueueEntry> parseQueue(String output) {
        List<QueueEntry> entries = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] fields = line.strip().split("\\|", -1);
            if (fields.length == 6) {
                entries.add(new QueueEntry(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]));
            }
        }
        return entries;
    }

    /** The last accounting record of each task of the given jobs; empty without accounting. */
    public static Map<String, AccountingEntry> accounting(List<String> jobIds) throws Unreachable {
        Map<String, AccountingEntry> entries = new LinkedHashMap<>();
        if (jobIds.isEmpty()) {
            return entries;
        }
        String output = run(List.of("sacct", "-X", "-n", "-P", "-j", String.join(",", jobIds),
                "--format=JobID,State,ExitCode"));
        for (String line : output.split("\n")) {
            String[] fields = line.strip().split("\\|", -1);
            if (fields.length == 3 && fields[0].contains("_")) {
                String state = fields[1].split(" ")[0];
                entries.put(fields[0], new AccountingEntry(fields[0], state, fields[2]));
            }
        }
        return entries;
    }

    public static void cancel(List<String> jobIds) throws Unreachable {
        if (!jobIds.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("scancel"));
            command.addAll(jobIds);
            run(command);
        }
    }

    /**
     * Puts a running task back in the queue ({@code <array job>_<task>}): Slurm ends it (TERM, then KILL after
     * KillWait) and holds it about two minutes before it may start again ({@link #release}). A task submitted
     * with {@code --no-requeue} is made requeueable first: that option is about preemption, not this.
     */
    public static void requeue(String task, boolean requeueable) throws Unreachable {
        if (!requeueable) {
            run(List.of("scontrol", "update", "JobId=" + task, "Requeue=1"));
        }
        run(List.of("scontrol", "requeue", task));
    }

    /**
     * Lifts the hold Slurm puts on a requeued task (its BeginTime), so that it starts as soon as resources
     * allow; a task submitted with {@code --no-requeue} gets that back, so a preemption does not requeue it.
     */
    public static void release(String task, boolean requeueable) throws Unreachable {
        List<String> command = new ArrayList<>(List.of("scontrol", "update", "JobId=" + task, "StartTime=now"));
        if (!requeueable) {
            command.add("Requeue=0");
        }
        run(command);
    }

    /** The largest array index the cluster allows plus one (MaxArraySize), 1001 when it cannot say. */
    public static int maxArraySize() {
        try {
            return Integer.parseInt(config().getOrDefault("MaxArraySize", "1001"));
        } catch (Unreachable | NumberFormatException e) {
            // the default of Slurm itself
        }
        return 1001;
    }

    /** The controller's configuration ({@code scontrol show config}): name to value. */
    static Map<String, String> config() throws Unreachable {
        Map<String, String> config = new LinkedHashMap<>();
        for (String line : run(List.of("scontrol", "show", "config")).split("\n")) {
            String[] parts = line.split("=", 2);
            if (parts.length == 2) {
                config.put(parts[0].strip(), parts[1].strip());
            }
        }
        return config;
    }

    /** A QOS's limit on the jobs (array tasks count one each) a user may have queued and running at once. */
    public record SubmitLimit(String qos, int maxSubmitJobsPerUser) {
    }

    /**
     * The limit a submission under {@code qos} (null: the user's default QOS) meets, when the cluster
     * enforces QOS limits ({@code AccountingStorageEnforce} with limits, safe or all) and the QOS sets
     * MaxSubmitJobsPerUser; null otherwise, or when accounting cannot say (Slurm then enforces it alone).
     */
    public static SubmitLimit submitLimit(String qos) {
        try {
            String enforce = config().getOrDefault("AccountingStorageEnforce", "none");
            if (!enforce.matches(".*\\b(limits|safe|all)\\b.*")) {
                return null;
            }
            String name = qos;
            if (name == null) {
                // The user's associations: their default QOS, else "normal" where allowed, else the first allowed.
                List<String> allowed = new ArrayList<>();
                for (String line : run(List.of("sacctmgr", "-n", "-P", "show", "assoc", "where",
                        "user=" + System.getProperty("user.name"), "format=DefaultQOS,QOS")).split("\n")) {
                    String[] fields = line.strip().split("\\|", -1);
                    if (fields.length == 2 && !fields[0].isEmpty()) {
                        name = fields[0];
                        break;
                    }
                    if (fields.length == 2) {
                        allowed.addAll(List.of(fields[1].split(",")));
                    }
                }
                if (name == null) {
                    name = allowed.contains("normal") || allowed.isEmpty() ? "normal" : allowed.get(0);
                }
            }
            String value = run(List.of("sacctmgr", "-n", "-P", "show", "qos", "where", "name=" + name, "format=MaxSubmitPU"))
                    .strip();
            return value.matches("\\d+") ? new SubmitLimit(name, Integer.parseInt(value)) : null;
        } catch (Unreachable e) {
            return null;
        }
    }

    private static String run(List<String> command) throws Unreachable {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(new File("/dev/null")).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new Unreachable(command.get(0) + ": " + e.getMessage());
        }
        java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new Unreachable(command.get(0) + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(output.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new Unreachable(command.get(0) + " failed (exit " + process.exitValue() + "): "
                        + text.strip().lines().findFirst().orElse("no output"));
            }
            return text;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new Unreachable(command.get(0) + " did not finish writing its output");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(command.get(0) + " was interrupted");
        }
    }
}
