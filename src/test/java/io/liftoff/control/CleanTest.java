package io.liftoff.control;

import static io.liftoff.StoreFixture.abort;
import static io.liftoff.StoreFixture.claim;
import static io.liftoff.StoreFixture.end;
import static io.liftoff.StoreFixture.record;
import static io.liftoff.StoreFixture.run;
import static io.liftoff.StoreFixture.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liftoff.FakeQueue;
import io.liftoff.StoreFixture;
import io.liftoff.process.Liveness;
import io.liftoff.store.Experiment;
import io.liftoff.store.QueueView;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runs liftoff-clean resets, and which it leaves because something may still run them. */
class CleanTest {
    @TempDir
    Path dir;

    Experiment experiment;
    /** A queue whose tasks have all left it. */
    final FakeQueue gone = new FakeQueue(Liveness.DEAD, List.of(), List.of());

    @BeforeEach
    void setUp() {
        experiment = StoreFixture.experiment(dir, 1, 5, 0);
        record(run(experiment, 0, 0), claim("session-a", 1, 0, null), start(), end(0));
        record(run(experiment, 0, 1), claim("session-a", 1, 0, null), start(), end(1));
        record(run(experiment, 0, 2), claim("session-a", 1, 0, null), start(), abort(), end(143));
        record(run(experiment, 0, 3), claim("slurm-1a2b", 1, 0, "17_3"), start(), end(1));
    }

    private static List<String> resets(Clean.Plan plan) {
        return plan.resets().stream().map(r -> r.run().name() + " " + r.state().key()).toList();
    }

    private static List<String> busy(Clean.Plan plan) {
        return plan.busy().stream().map(b -> b.run().name()).toList();
    }

    @Test
    void failedRunsAreResetAndAbortedOnesToo() {
        Clean.Plan plan = Clean.plan(experiment, false, gone);
        assertEquals(List.of("0000_v0/1 crashed", "0000_v0/2 aborted", "0000_v0/3 crashed"), resets(plan));
        assertEquals(List.of(), busy(plan));
    }

    @Test
    void crashedOnlyLeavesAbortedRuns() {
        assertEquals(List.of("0000_v0/1 crashed", "0000_v0/3 crashed"), resets(Clean.plan(experiment, true, gone)));
    }

    @Test
    void aRunOfAQueueThatCannotBeAskedIsLeftAlone() {
        Clean.Plan plan = Clean.plan(experiment, true, QueueView.NONE);
        assertEquals(List.of("0000_v0/1 crashed"), resets(plan));
        assertEquals(List.of("0000_v0/3"), busy(plan));
    }

    @Test
    void aRunWhoseTaskIsStillInTheQueueIsBusy() {
        Clean.Plan plan = Clean.plan(experiment, true, new FakeQueue(Liveness.ALIVE, List.of(), List.of()));
        assertEquals(List.of("0000_v0/1 crashed"), resets(plan));
        assertEquals(List.of("0000_v0/3"), busy(plan));
    }

    @Test
    void aResetPutsTheAttemptAsideAndTheRunIsPendingAgain() throws Exception {
        Clean.Plan plan = Clean.plan(experiment, true, gone);
        for (Clean.Reset reset : plan.resets()) {
            Clean.apply(experiment, reset);
        }
        assertEquals(List.of(), resets(Clean.plan(experiment, true, gone)));
        assertEquals(1, run(experiment, 0, 1).snapshot().archivedAttempts());
    }
}
