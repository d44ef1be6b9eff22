package io.liftoff.launch;

import io.liftoff.process.Liveness;
import io.liftoff.store.QueueView;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one backend's queue holds of an experiment: the questions status asks of it ({@link QueueView}),
 * its open jobs (liftoff-procs describes them, liftoff-abort names and cancels them) and how old its
 * view is. A backend without a queue (this machine) has {@link #NONE}.
 */
public interface BatchQueue extends QueueView {
    BatchQueue NONE = new BatchQueue() {
        @Override
        public Liveness owner(RunRecord record) {
            return QueueView.NONE.owner(record);
        }

        @Override
        public Waiting waiting(Run run, RunRecord record) {
            return QueueView.NONE.waiting(run, record);
        }

        @Override
        public String reason(RunRecord record) {
            return QueueView.NONE.reason(record);
        }

        @Override
        public String problem() {
            return QueueView.NONE.problem();
        }

        @Override
        public boolean holdsNone() {
            return true;
        }

        @Override
        public List<Job> jobs() {
            return List.of();
        }

        @Override
        public Long viewAgeSeconds() {
            return null;
        }

        @Override
        public void cancel(Job job, Consumer<String> say) {
            throw new IllegalArgumentException("no queue holds " + job.id());
        }
    };

    /**
     * A job that holds runs of the experiment in the queue: its id, the line liftoff-abort names it by
     * ({@code Slurm submission slurm-1a2b  jobs 17, 18}) and the line liftoff-procs describes it by
     * (with its tasks' states).
     */
    record Job(String id, String named, String described) {
    }

    /** The jobs still in the queue (some task queued or running, or the queue cannot say). */
    List<Job> jobs();

    /** How old the queue's view is, in seconds; null when no job is open (nothing was looked at). */
    Long viewAgeSeconds();

    /** Cancels a job of {@link #jobs}, saying what it did or could not do, and noting it in the experiment's journal. */
    void cancel(Job job, Consumer<String> say);
}
