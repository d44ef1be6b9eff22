package io.liftoff.store;

import io.liftoff.process.Liveness;

/**
 * What a batch system (Slurm, say) knows that records cannot tell: whether the task that owns a claim is
 * still queued or running, which unclaimed runs wait in an open submission's queue, and why a task
 * it ended died. Without Slurm there is nothing to ask: {@link #NONE}.
 */
public interface QueueView {
    QueueView NONE = new QueueView() {
        @Override
        public Liveness owner(RunRecord record) {
            return Liveness.UNKNOWN;
        }

        @Override
        public Waiting waiting(Run run, RunRecord record) {
            return null;
        }

        @Override
        public String reason(RunRecord record) {
            return null;
        }

        @Override
        public String problem() {
            return null;
        }

        @Override
        public boolean holdsNone() {
            return true;
        }
    };

    /** Whether the Slurm task owning a claim is queued or running (ALIVE), gone (DEAD), or cannot be asked (UNKNOWN). */
    Liveness owner(RunRecord record);

    /**
     * The state the queue gives a run its record cannot tell: queued (unclaimed, in an open
     * submission), requeued (its task is waiting in the queue again), or lost (its task is gone
     * without an end recorded), with Slurm's reason; null when the record decides.
     */
    Waiting waiting(Run run, RunRecord record);

    /** Why Slurm ended the task of a run that failed (TIMEOUT, CANCELLED, PREEMPTED, OUT_OF_MEMORY, NODE_FAIL), or null. */
    String reason(RunRecord record);

    /** What went wrong asking Slurm ("Slurm unreachable: ..."), or null. */
    String problem();

    /**
     * True for a queue that holds none of the experiment's runs ({@link #NONE}, and every backend's
     * empty queue): then no ended run can wait again, and what a look summarised of it stands.
     */
    default boolean holdsNone() {
        return false;
    }

    /** A state the queue gives a run, and Slurm's reason (Priority, Resources, JobArrayTaskLimit, TIMEOUT...). */
    record Waiting(RunState state, String reason) {
    }

    /**
     * Whether a claim's owner is a task of a batch queue, not a launcher session of the experiment: a
     * session's id is {@code session-…} ({@link SessionIds}); every other owner is a backend's task,
     * whose liveness only its queue can tell.
     */
    static boolean isQueued(String owner) {
        return owner != null && !owner.startsWith(SessionIds.PREFIX);
    }
}
