package io.liftoff;

import io.liftoff.launch.BatchQueue;
import io.liftoff.process.Liveness;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A backend's queue as a test says it is: whether its tasks are alive, which unclaimed runs wait in it
 * (with a reason), its jobs; it records which jobs were cancelled.
 */
public final class FakeQueue implements BatchQueue {
    private final Liveness tasks;
    private final List<String> queued;
    private final List<Job> jobs;
    public final List<String> cancelled = new ArrayList<>();

    /** {@code queued}: the names of unclaimed runs waiting in it ({@code 0000_v0/1}). */
    public FakeQueue(Liveness tasks, List<String> queued, List<Job> jobs) {
        this.tasks = tasks;
        this.queued = queued;
        this.jobs = jobs;
    }

    @Override
    public Liveness owner(RunRecord record) {
        return tasks;
    }

    @Override
    public Waiting waiting(Run run, RunRecord record) {
        return record == null && queued.contains(run.name()) ? new Waiting(RunState.QUEUED, "Priority") : null;
    }

    @Override
    public String reason(RunRecord record) {
        return "TIMEOUT";
    }

    @Override
    public String problem() {
        return null;
    }

    @Override
    public List<Job> jobs() {
        return jobs;
    }

    @Override
    public Long viewAgeSeconds() {
        return 3L;
    }

    @Override
    public void cancel(Job job, Consumer<String> say) {
        cancelled.add(job.id());
        say.accept("cancelled " + job.id());
    }
}
