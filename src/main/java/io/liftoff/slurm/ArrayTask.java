package io.liftoff.slurm;

import io.liftoff.launch.Claims;
import io.liftoff.launch.RunProtocol;
import io.liftoff.launch.RunQueue;
import io.liftoff.process.Host;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.Attempts;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentWriter;
import io.liftoff.store.Journal;
import io.liftoff.store.Run;
import io.liftoff.store.RunEvents;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.Watch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one Slurm array task does between runs (its batch program asks, the JVM answers): which run
 * to start next. In order: none, when the run it just ran met its time limit under
 * {@code --requeue-on-timeout} (the task goes back to the queue for it, or the run is lost); the run this
 * very task was running when Slurm requeued it (its attempt is archived and it starts again, resuming
 * from what its script saved); the run it just finished,
 * when it failed and has automatic retries left; else the next unclaimed line of its array's part
 * of the index, claimed with the same record as local launchers use. None when the task has taken
 * its share, the experiment was stopped, or every line is taken.
 */
public final class ArrayTask {
    /** A run to start: its variation folder and id, its attempt, ENDBY (or null), and whether it is new to this task. */
    public record Next(String variation, String run, int attempt, Long endBy, boolean fresh) {
        /** The line the batch program reads: {@code <variation> <run> <attempt> <endby or -> new|again}. */
        public String line() {
            return RunProtocol.answer(variation, run, attempt, endBy, fresh);
        }
    }

    private final Experiment experiment;
    private final Submission submission;
    private final Map<String, String> env;
    private final String task;

    public ArrayTask(Experiment experiment, Submission submission, Map<String, String> env) {
        this.experiment = experiment;
        this.submission = submission;
        this.env = env;
        this.task = env.getOrDefault("SLURM_ARRAY_JOB_ID", "0") + "_" + env.getOrDefault("SLURM_ARRAY_TASK_ID", "0");
    }

    /**
     * The next run for this task, which has claimed {@code claimed} runs so far and just ran
     * {@code after} ({@code <variation>/<run>}, or null at its start) in the array at {@code offset}.
     */
    public Next next(int offset, int claimed, String after) throws IOException {
        Watch watch = new Watch(experiment.sessions(), new LiveProcesses());
        if (after != null) {
            if (metTimeLimit(run(after), false)) {
                return null;
            }
            Next retry = retry(run(after), watch);
            if (retry != null) {
                return retry;
            }
        }
        if (claimed == 0 && restarts() > 0) {
            Next requeued = requeued(offset);
            if (requeued != null) {
                return requeued;
            }
        }
        if (claimed >= submission.runsPerTask() || Files.exists(experiment.stopFile())) {
            return null;
        }
        List<String> lines = Files.readAllLines(Submission.index(experiment.dir(), submission.id()), StandardCharsets.UTF_8);
        Submission.Array array = arrayAt(offset);
        int from = offset;
        int to = Math.min(lines.size(), offset + array.tasks() * submission.runsPerTask());
        int own = from + taskIndex() * submission.runsPerTask();
        Claims claims = new Claims(submission.id());
        // Its own share of lines first, then any line of its array still unclaimed (tasks that ran faster help).
        for (int i = 0; i < to - from; i++) {
            int line = from + (own - from + i) % Math.max(1, to - from);
            Run run = run(lines.get(line).strip());
            RunSnapshot snapshot = run.snapshot();
            if (!snapshot.isRunnable(watch)) {
                continue;
            }
            int attempt = Attempts.next(snapshot);
            if (claims.claim(new RunQueue.Candidate(snapshot, false), () -> watch, launch(run, attempt, 0)) != Claims.Outcome.LOST_RACE) {
                restoreFiles(run);
                return new Next(run.variation(), run.id(), attempt, endBy(), true);
            }
        }
        return null;
    }

    /**
     * The task got a TERM after the time-limit signal, while running {@code after}: Slurm's end at the
     * time limit when the job's end has come (else a cancel or a preemption, which this leaves alone).
     */
    public void ending(String after) throws IOException {
        if (after == null) {
            return;
        }
        Run run = run(after);
        RunRecord record = RunRecord.read(run.record());
        // The job's end as the claim recorded it (ENDBY, counted from the claim): no need to ask Slurm.
        Long left = record == null || record.claim() == null ? null : record.launch().endBy();
        if (left != null && RunRecord.now() >= record.claim().time() + left - TIME_LIMIT_SLACK_SECONDS) {
            metTimeLimit(run, true);
        }
    }

    /** A TERM this close to the job's end (seconds) is the time limit's: Slurm sends it at the end, the JVM starts after. */
    private static final long TIME_LIMIT_SLACK_SECONDS = 10;

    /**
     * With {@code --requeue-on-timeout K}: whether the run this task just ran met its time limit (its
     * script exited after the time-limit signal, whatever its code, or Slurm's TERM at the limit ended it).
     * Its task then goes back to the queue and resumes the run, unless K requeues of this submission came
     * before: then the run is lost. A run that ended before the signal never counts; nor an aborted one.
     */
    private boolean metTimeLimit(Run run, boolean terminated) throws IOException {
        if (submission.requeueOnTimeout() <= 0) {
            return false;
        }
        RunRecord record = RunRecord.read(run.record());
        if (record == null || record.aborted() || record.start() == null || !submission.id().equals(record.owner())
                || !task.equals(record.launch().task())) {
            return false;
        }
        if (record.timeLimited()) {
            // Judged already: this TERM is the requeue's.
            return true;
        }
        if (!(record.signalTime() >= record.start().time())) {
            return false;
        }
        int before = requeuesForTimeLimit(run);
        boolean requeue = before < submission.requeueOnTimeout();
        String why = terminated ? "ended by Slurm at its time limit" : "exited after the time-limit signal";
        RunEvents.appendTimeLimit(run.record(), requeue, why);
        if (!requeue) {
            Journal.note(experiment.dir(), "slurm task " + task, run.name() + " " + why + " after " + before
                    + " requeues (--requeue-on-timeout " + submission.requeueOnTimeout() + "): lost");
            return true;
        }
        Journal.note(experiment.dir(), "slurm task " + task, run.name() + " " + why + ": requeued to resume (requeue "
                + (before + 1) + " of " + submission.requeueOnTimeout() + ")");
        try {
            SlurmCli.requeue(task, !submission.sbatchArguments().contains("--no-requeue"));
        } catch (SlurmCli.Unreachable e) {
            RunEvents.appendTimeLimit(run.record(), false, "Slurm did not requeue its task: " + e.getMessage());
        }
        return true;
    }

    /** How many earlier attempts of the run this submission requeued for their time limit (their records are archived). */
    private int requeuesForTimeLimit(Run run) {
        String[] attempts = run.attempts().toFile().list();
        int count = 0;
        for (String attempt : attempts == null ? new String[0] : attempts) {
            RunRecord record = RunRecord.read(run.attempts().resolve(attempt).resolve(io.liftoff.store.Layout.RECORD));
            if (record != null && submission.id().equals(record.owner()) && record.requeuedForTimeLimit()) {
                count++;
            }
        }
        return count;
    }

    /** The run this task just ran, again, when it failed and has retries left (archived in one step). */
    private Next retry(Run run, Watch watch) throws IOException {
        RunRecord record = RunRecord.read(run.record());
        int retries = experiment.meta().retries();
        if (record == null || record.aborted() || !submission.id().equals(record.owner()) || !task.equals(record.launch().task())
                || Files.exists(experiment.stopFile()) || !Attempts.mayRetry(run.snapshot().state(watch), record.launch(), retries)) {
            return null;
        }
        int attempt = Attempts.after(record.launch());
        if (Attempts.retry(run, record, submission.id(), Host.name(), launch(run, attempt, record.launch().retry() + 1)) == null) {
            return null;
        }
        Journal.note(experiment.dir(), "slurm task " + task, "retries " + run.name() + " (attempt " + attempt + ")");
        restoreFiles(run);
        return new Next(run.variation(), run.id(), attempt, endBy(), false);
    }

    /**
     * After a requeue (preemption, a node failure, its time limit under --requeue-on-timeout) Slurm starts this task again: the run it had claimed
     * and not finished starts again from its checkpoint, its interrupted attempt archived. A run that
     * recorded its end is never run again.
     */
    private Next requeued(int offset) throws IOException {
        List<String> lines = Files.readAllLines(Submission.index(experiment.dir(), submission.id()), StandardCharsets.UTF_8);
        Submission.Array array = arrayAt(offset);
        int to = Math.min(lines.size(), offset + array.tasks() * submission.runsPerTask());
        for (int line = offset; line < to; line++) {
            Run run = run(lines.get(line).strip());
            RunRecord record = RunRecord.read(run.record());
            boolean mine = record != null && submission.id().equals(record.owner()) && task.equals(record.launch().task());
            if (!mine || record.aborted() || record.end() != null && record.end().code() == 0 && !record.requeuedForTimeLimit()) {
                continue;
            }
            int attempt = Attempts.after(record.launch());
            if (Attempts.retry(run, record, submission.id(), Host.name(), launch(run, attempt, record.launch().retry())) != null) {
                Journal.note(experiment.dir(), "slurm task " + task, "requeued by Slurm (restart " + restarts() + "): "
                        + run.name() + " starts again (attempt " + attempt + ")");
                restoreFiles(run);
                return new Next(run.variation(), run.id(), attempt, endBy(), true);
            }
        }
        return null;
    }

    private RunRecord.Launch launch(Run run, int attempt, int retry) {
        List<String> argv = new java.util.ArrayList<>(submission.command());
        argv.add(run.cfg().toString());
        argv.add("--session-id");
        argv.add(submission.id());
        return new RunRecord.Launch(env.get(RunProtocol.GPUS), argv, submission.workingDirectory(), attempt, retry,
                endBy(), null, null, task);
    }

    /**
     * Seconds left before the job's time limit: from SLURM_JOB_END_TIME, else the view of Slurm this
     * host shares (one squeue per interval, whichever task or command asks); null when unknown.
     */
    private Long endBy() {
        long end = -1;
        String variable = env.get("SLURM_JOB_END_TIME");
        if (variable != null && variable.matches("\\d+")) {
            end = Long.parseLong(variable);
        } else if (env.containsKey("SLURM_ARRAY_JOB_ID")) {
            long started = ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli)
                    .orElse(System.currentTimeMillis());
            end = SlurmView.local().look(0).endTime(task, started);
        }
        return end <= 0 ? null : Math.max(0, end - System.currentTimeMillis() / 1000);
    }

    private int restarts() {
        String count = env.get("SLURM_RESTART_COUNT");
        return count != null && count.matches("\\d+") ? Integer.parseInt(count) : 0;
    }

    private int taskIndex() {
        String id = env.get("SLURM_ARRAY_TASK_ID");
        return id != null && id.matches("\\d+") ? Integer.parseInt(id) : 0;
    }

    private Submission.Array arrayAt(int offset) {
        for (Submission.Array array : submission.arrays()) {
            if (array.offset() == offset) {
                return array;
            }
        }
        return new Submission.Array("", offset, 1);
    }

    private Run run(String line) {
        int slash = line.indexOf('/');
        String variation = line.substring(0, slash);
        Path variationPath = experiment.dir().resolve(variation);
        return new Run(variationPath, variation, line.substring(slash + 1));
    }

    private void restoreFiles(Run run) throws IOException {
        if (!Files.exists(run.cfg())) {
            ExperimentWriter.restoreRunFiles(experiment, run);
        }
    }
}
