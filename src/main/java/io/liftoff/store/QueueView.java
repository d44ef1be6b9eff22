package io.liftoff.store;

import io.liftoff.process.Liveness;

/**
 * What a batch system (Slurm) knows that markers cannot tell: whether the task that owns a claim is
 * still queued or running, and which unclaimed runs wait in an open submission's queue. Without
 * Slurm there is nothing to ask: {@link #NONE}.
 */
public interface QueueView {
    /** Claims of Slurm tasks name their submission: {@code slurm-…}. */
    String OWNER_PREFIX = "slurm-";

    QueueView NONE = new QueueView() {
        @Override
        public Liveness owner(String owner) {
            return Liveness.UNKNOWN;
        }

        @Override
        public Waiting waiting(Run run, RunRecord record) {
            return null;
        }
    };

    /** Whether the task owning a claim is queued or running (ALIVE), gone (DEAD), or cannot be asked (UNKNOWN). */
    Liveness owner(String owner);

    /**
     * How a run waits in the queue: queued (unclaimed, in an open submission), requeued (its task was
     * put back in the queue), or lost with Slurm's reason; null when the queue says nothing of it.
     */
    Waiting waiting(Run run, RunRecord record);

    /** A state the queue gives a run, and Slurm's reason (Priority, Resources, PREEMPTED, TIMEOUT...). */
    record Waiting(RunState state, String reason) {
    }
}
