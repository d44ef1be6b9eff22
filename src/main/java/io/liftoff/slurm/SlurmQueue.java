package io.liftoff.slurm;

import io.liftoff.launch.BatchQueue;
import io.liftoff.process.Liveness;
import io.liftoff.store.Experiment;
import io.liftoff.store.Journal;
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
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What Slurm says of an experiment's submissions, from the view all commands of this user share on
 * this host ({@link SlurmView}): asked only what a record cannot tell, so a run with an end in its
 * record needs no query. A submission whose tasks have all left the queue is marked closed and not
 * looked for again. A view taken before a claim or a submission cannot tell about it: such claims
 * count as alive. When Slurm cannot be asked, the last view stands and nothing turns lost; a task
 * gone from the queue is "ending" until accounting or the view's bound says it ended.
 */
public final class SlurmQueue implements BatchQueue {
    private final Experiment experiment;
    private final List<Submission> submissions;
    private final boolean mayAsk;
    /** The view this host's commands share, taken (and refreshed or not) on this queue's first question. */
    private final Supplier<SlurmView> shared;
    private SlurmView view;
    private Map<String, Submission> byIndexLine;

    private SlurmQueue(Experiment experiment, List<Submission> submissions, boolean mayAsk, Supplier<SlurmView> shared) {
        this.experiment = experiment;
        this.submissions = submissions;
        this.mayAsk = mayAsk;
        this.shared = shared;
    }

    /**
     * The view of an experiment's submissions, {@link BatchQueue#NONE} for one never submitted to Slurm;
     * with {@code mayAsk} false, from the last view, asking Slurm nothing (abort cancels by job id).
     */
    public static BatchQueue of(Experiment experiment, boolean mayAsk) {
        return of(experiment, mayAsk, SlurmView::local);
    }

    /** The same, from a given view of Slurm (a test's, fed by a fake Slurm). */
    static BatchQueue of(Experiment experiment, boolean mayAsk, Supplier<SlurmView> shared) {
        List<Submission> submissions = Submission.readAll(experiment.dir(), experiment.entries());
        return submissions.isEmpty() ? BatchQueue.NONE : new SlurmQueue(experiment, new ArrayList<>(submissions), mayAsk, shared);
    }

    public List<Submission> submissions() {
        return submissions;
    }

    /** The tasks of a submission still in the queue (empty for a closed one, or one the view cannot see yet). */
    public List<SlurmCli.QueueEntry> tasks(Submission submission) {
        List<SlurmCli.QueueEntry> tasks = new ArrayList<>();
        if (!submission.closed()) {
            Set<String> jobs = new HashSet<>(submission.jobIds());
            for (SlurmCli.QueueEntry entry : view().tasks()) {
                if (jobs.contains(entry.arrayJob())) {
                    tasks.add(entry);
                }
            }
        }
        return tasks;
    }

    /** The open submissions (some task still queued or running, or the view cannot say). */
    public List<Submission> open() {
        view();
        return submissions.stream().filter(s -> !s.closed()).toList();
    }

    @Override
    public List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        for (Submission submission : open()) {
            jobs.add(new Job(submission.id(), "Slurm submission " + submission.id() + "  jobs " + String.join(", ", submission.jobIds()),
                    describe(submission, tasks(submission))));
        }
        return jobs;
    }

    /** {@code Slurm submission slurm-1a2b3c4d  jobs 17  tasks: 4 running, 10 pending (JobArrayTaskLimit)}. */
    private static String describe(Submission submission, List<SlurmCli.QueueEntry> tasks) {
        long running = tasks.stream().filter(t -> t.state().equals("RUNNING")).count();
        List<SlurmCli.QueueEntry> pending = tasks.stream().filter(t -> t.state().equals("PENDING")).toList();
        return "Slurm submission " + submission.id() + "  job" + (submission.jobIds().size() == 1 ? " " : "s ")
                + String.join(", ", submission.jobIds()) + "  tasks: " + running + " running, " + pending.size() + " pending"
                + (pending.isEmpty() ? "" : " (" + pending.get(0).reason() + ")")
                + (tasks.size() > running + pending.size() ? ", " + (tasks.size() - running - pending.size()) + " other" : "");
    }

    /** Cancels exactly the jobs of one open submission. */
    @Override
    public void cancel(Job job, Consumer<String> say) {
        Submission submission = submissions.stream().filter(s -> s.id().equals(job.id())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no submission " + job.id()));
        List<String> ids = submission.jobIds();
        try {
            SlurmCli.cancel(ids);
            say.accept("cancelled Slurm job" + (ids.size() == 1 ? " " : "s ") + String.join(", ", ids)
                    + " (submission " + submission.id() + ")");
            Journal.note(experiment.dir(), "liftoff-abort", "cancelled Slurm jobs " + String.join(", ", ids));
        } catch (SlurmCli.Unreachable e) {
            say.accept("Slurm unreachable, jobs " + String.join(", ", ids) + " not cancelled: " + e.getMessage());
        }
    }

    @Override
    public Long viewAgeSeconds() {
        SlurmView v = view();
        return open().isEmpty() || v.taken() == 0 ? null : v.ageSeconds();
    }

    private synchronized SlurmView view() {
        if (view == null) {
            List<Submission> open = submissions.stream().filter(s -> !s.closed()).toList();
            view = open.isEmpty() || !mayAsk ? shared.get().last() : shared.get().look(0);
            if (mayAsk) {
                open.forEach(view::lookFor);
            }
            closeFinished();
        }
        return view;
    }

    /** Marks submissions none of whose tasks is in the queue any more as closed. */
    private void closeFinished() {
        for (int i = 0; i < submissions.size(); i++) {
            Submission submission = submissions.get(i);
            if (!submission.closed() && view.sees(submission)
                    && view.tasks().stream().noneMatch(e -> submission.jobIds().contains(e.arrayJob()))) {
                Submission closed = submission.closed(true);
                submissions.set(i, closed);
                try {
                    closed.write(experiment.dir());
                } catch (IOException e) {
                    // looked for again next time
                }
            }
        }
    }

    @Override
    public synchronized Liveness owner(RunRecord record) {
        String task = record.launch().task();
        if (task == null) {
            return Liveness.UNKNOWN;
        }
        SlurmView v = view();
        if (v.task(task) != null) {
            return Liveness.ALIVE;
        }
        return gone(record) ? Liveness.DEAD : Liveness.UNKNOWN;
    }

    /**
     * Whether the task of a claim not in the queue has ended for good: the view was taken after the
     * claim, and accounting says it ended, or (Slurm answering) it left the queue long enough ago.
     */
    private boolean gone(RunRecord record) {
        String task = record.launch().task();
        long claimed = millis(record.claim() == null ? 0 : record.claim().time());
        if (view.taken() <= claimed) {
            return false;
        }
        if (mayAsk) {
            view.account(List.of(task));
        }
        if (view.ended(task)) {
            return true;
        }
        long last = Math.max(Math.max(claimed, millis(record.start() == null ? 0 : record.start().time())),
                millis(record.end() == null ? 0 : record.end().time()));
        return view.problem() == null && view.over(task, last);
    }

    private static long millis(double seconds) {
        return Math.round(seconds * 1000);
    }

    @Override
    public synchronized Waiting waiting(Run run, RunRecord record) {
        SlurmView v = view();
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
        String task = record.launch().task();
        if (!Submission.isOwner(record.owner()) || task == null) {
            return null;
        }
        SlurmCli.QueueEntry entry = v.task(task);
        boolean succeeded = record.end() != null && record.end().code() == 0 && !record.requeuedForTimeLimit();
        if (record.requeuedForTimeLimit()) {
            // Requeued by its task for its time limit (--requeue-on-timeout): waiting to resume, never lost meanwhile.
            if (entry == null) {
                // Not in this view: lost only once it has left the queue for good, as any task ("ending" above).
                return gone(record) ? null : new Waiting(RunState.REQUEUED, "time limit");
            }
            boolean pending = entry.state().equals("PENDING");
            if (pending && entry.reason().equals("BeginTime")) {
                liftHold(record);
            }
            return new Waiting(RunState.REQUEUED, pending ? entry.reason() : "time limit");
        }
        if (entry != null) {
            // Pending in a view taken after the run started: Slurm requeued its task.
            boolean requeued = entry.state().equals("PENDING") && record.start() != null && !succeeded
                    && v.taken() > millis(record.start().time());
            return requeued ? new Waiting(RunState.REQUEUED, entry.reason()) : null;
        }
        if (record.start() == null || record.end() != null || v.taken() <= millis(record.start().time())) {
            return null;
        }
        if (!gone(record)) {
            return new Waiting(RunState.RUNNING, "ending");
        }
        String reason = reason(record);
        return new Waiting(RunState.LOST, reason == null ? "its Slurm task ended without an exit recorded" : reason);
    }

    /**
     * Lifts Slurm's hold (about two minutes on 22.05) on a task requeued for its time limit, once per
     * attempt, whichever liftoff command on the host sees it first: the task starts as soon as resources
     * allow. The dying task cannot do it itself: Slurm sets the hold when the task has ended.
     */
    private void liftHold(RunRecord record) {
        Submission submission = submissions.stream().filter(s -> s.id().equals(record.owner())).findFirst().orElse(null);
        if (!mayAsk || submission == null) {
            return;
        }
        String task = record.launch().task();
        java.nio.file.Path once = Submission.folder(experiment.dir(), submission.id())
                .resolve("released-" + task + "-" + record.launch().attempt());
        try {
            Files.createFile(once);
        } catch (IOException e) {
            // released already (or the folder is not writable here: Slurm's own hold then applies)
            return;
        }
        try {
            SlurmCli.release(task, !submission.sbatchArguments().contains("--no-requeue"));
        } catch (SlurmCli.Unreachable e) {
            try {
                Files.deleteIfExists(once);
            } catch (IOException ignored) {
                // tried again by nobody: Slurm's own hold ends it
            }
        }
    }

    /** Why Slurm ended a run's task, as far as accounting was asked already: a run with an end in its record asks nothing. */
    @Override
    public synchronized String reason(RunRecord record) {
        String task = record.launch().task();
        if (!Submission.isOwner(record.owner()) || task == null) {
            return null;
        }
        if (record.timeLimited()) {
            // Its script exited on the time-limit signal, or Slurm ended it there: what accounting says may be COMPLETED.
            return "TIMEOUT";
        }
        SlurmCli.AccountingEntry entry = view().accounting(task);
        return entry == null || !view.ended(task) || entry.state().equals("COMPLETED") ? null : entry.state();
    }

    @Override
    public String problem() {
        if (open().isEmpty()) {
            return null;
        }
        String age = view.taken() == 0 ? "" : "Slurm view " + view.ageSeconds() + " s old ";
        if (view.problem() != null) {
            return age + "(Slurm unreachable: " + view.problem() + "): runs of Slurm tasks are shown as their records say";
        }
        return view.isOld() ? age + "(another liftoff command is asking Slurm)" : null;
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
