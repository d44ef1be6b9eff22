package io.liftoff.slurm;

import io.liftoff.process.Liveness;
import io.liftoff.store.Experiment;
import io.liftoff.store.QueueView;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Slurm says of an experiment's submissions, asked only when a record cannot tell and at most
 * once per look: one squeue for every open submission, and one sacct for tasks gone from the queue.
 * A submission whose tasks have all left the queue is marked closed and not asked about again. When
 * Slurm cannot be asked, claims of its tasks count as alive and nothing turns lost.
 */
public final class SlurmQueue implements QueueView {
    private final Experiment experiment;
    private final List<Submission> submissions;
    private Map<String, SlurmCli.QueueEntry> queued;
    private Map<String, SlurmCli.AccountingEntry> accounting;
    private Map<String, Submission> byIndexLine;
    private String problem;

    private SlurmQueue(Experiment experiment, List<Submission> submissions) {
        this.experiment = experiment;
        this.submissions = submissions;
    }

    /** The view of an experiment's submissions; {@link QueueView#NONE} for one never submitted to Slurm. */
    public static QueueView of(Experiment experiment) {
        List<Submission> submissions = Submission.readAll(experiment.dir(), experiment.entries());
        return submissions.isEmpty() ? QueueView.NONE : new SlurmQueue(experiment, submissions);
    }

    public List<Submission> submissions() {
        return submissions;
    }

    /** The tasks of a submission still in the queue (empty for a closed one, or when Slurm cannot be asked). */
    public List<SlurmCli.QueueEntry> tasks(Submission submission) {
        List<SlurmCli.QueueEntry> tasks = new ArrayList<>();
        if (!submission.closed()) {
            Set<String> jobs = new HashSet<>(submission.jobIds());
            for (SlurmCli.QueueEntry entry : queue().values()) {
                if (jobs.contains(entry.arrayJob())) {
                    tasks.add(entry);
                }
            }
        }
        return tasks;
    }

    /** The open submissions (some task still queued or running, or Slurm cannot say). */
    public List<Submission> open() {
        queue();
        return submissions.stream().filter(s -> !s.closed()).toList();
    }

    private synchronized Map<String, SlurmCli.QueueEntry> queue() {
        if (queued == null) {
            queued = new HashMap<>();
            List<String> jobs = new ArrayList<>();
            submissions.stream().filter(s -> !s.closed()).forEach(s -> jobs.addAll(s.jobIds()));
            if (jobs.isEmpty()) {
                return queued;
            }
            try {
                for (SlurmCli.QueueEntry entry : SlurmCli.queue(jobs)) {
                    queued.put(entry.taskId(), entry);
                }
                closeFinished();
            } catch (SlurmCli.Unreachable e) {
                problem = "Slurm unreachable (" + e.getMessage() + "): runs of Slurm tasks are shown as their records say";
            }
        }
        return queued;
    }

    /** Marks submissions none of whose tasks is in the queue any more as closed. */
    private void closeFinished() {
        for (int i = 0; i < submissions.size(); i++) {
            Submission submission = submissions.get(i);
            if (!submission.closed() && queued.values().stream().noneMatch(e -> submission.jobIds().contains(e.arrayJob()))) {
                Submission closed = submission.closed(true);
                submissions.set(i, closed);
                try {
                    closed.write(experiment.dir());
                } catch (IOException e) {
                    // asked again next time
                }
            }
        }
    }

    @Override
    public synchronized Liveness owner(RunRecord record) {
        String task = record.launch().task();
        Map<String, SlurmCli.QueueEntry> tasks = queue();
        if (problem != null || task == null) {
            return Liveness.UNKNOWN;
        }
        return tasks.containsKey(task) ? Liveness.ALIVE : Liveness.DEAD;
    }

    @Override
    public synchronized Waiting waiting(Run run, RunRecord record) {
        Map<String, SlurmCli.QueueEntry> tasks = queue();
        if (record == null) {
            Submission submission = indexLines().get(run.variation() + "/" + run.id());
            if (submission == null) {
                return null;
            }
            for (SlurmCli.QueueEntry entry : tasks(submission)) {
                if (entry.state().equals("PENDING")) {
                    return new Waiting(RunState.QUEUED, entry.reason());
                }
            }
            return tasks(submission).isEmpty() ? null : new Waiting(RunState.QUEUED, "waiting for a task");
        }
        if (!QueueView.isSlurm(record.owner()) || problem != null || record.launch().task() == null) {
            return null;
        }
        SlurmCli.QueueEntry entry = tasks.get(record.launch().task());
        boolean succeeded = record.end() != null && record.end().code() == 0;
        if (entry != null) {
            boolean requeued = entry.state().equals("PENDING") && record.start() != null && !succeeded;
            return requeued ? new Waiting(RunState.REQUEUED, entry.reason()) : null;
        }
        if (record.start() == null || record.end() != null) {
            return null;
        }
        String reason = reason(record);
        return new Waiting(RunState.LOST, reason == null ? "its Slurm task ended without an exit recorded" : reason);
    }

    @Override
    public synchronized String reason(RunRecord record) {
        String task = record.launch().task();
        if (!QueueView.isSlurm(record.owner()) || task == null) {
            return null;
        }
        if (accounting == null) {
            accounting = new HashMap<>();
            try {
                List<String> jobs = new ArrayList<>();
                submissions.forEach(s -> jobs.addAll(s.jobIds()));
                accounting.putAll(SlurmCli.accounting(jobs));
            } catch (SlurmCli.Unreachable e) {
                // without accounting, reasons are unknown
            }
        }
        SlurmCli.AccountingEntry entry = accounting.get(task);
        if (entry == null || entry.state().equals("COMPLETED") || entry.state().equals("RUNNING") || entry.state().equals("PENDING")) {
            return null;
        }
        return entry.state();
    }

    @Override
    public String problem() {
        return problem;
    }

    /** Which submission each index line of an open submission belongs to. */
    private Map<String, Submission> indexLines() {
        if (byIndexLine == null) {
            byIndexLine = new HashMap<>();
            for (Submission submission : submissions) {
                if (submission.closed()) {
                    continue;
                }
                try {
                    for (String line : Files.readAllLines(Submission.index(experiment.dir(), submission.id()), StandardCharsets.UTF_8)) {
                        byIndexLine.put(line.strip(), submission);
                    }
                } catch (IOException e) {
                    // an index that cannot be read queues nothing
                }
            }
        }
        return byIndexLine;
    }
}
