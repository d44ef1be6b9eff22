package io.liftoff.control;

import static io.liftoff.StoreFixture.claim;
import static io.liftoff.StoreFixture.end;
import static io.liftoff.StoreFixture.record;
import static io.liftoff.StoreFixture.run;
import static io.liftoff.StoreFixture.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.FakeQueue;
import io.liftoff.Records;
import io.liftoff.StoreFixture;
import io.liftoff.launch.BatchQueue;
import io.liftoff.process.LiveProcesses;
import io.liftoff.process.Liveness;
import io.liftoff.store.Experiment;
import io.liftoff.store.RunRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What liftoff-abort stops: this host's runs, the queue's jobs and their runs; what it can only name: another host's. */
class AbortTest {
    @TempDir
    Path dir;

    Experiment experiment;
    FakeQueue queue;

    @BeforeEach
    void setUp() {
        experiment = StoreFixture.experiment(dir, 1, 3, 0);
        record(run(experiment, 0, 0), claim("slurm-1a2b", 1, 0, "17_0"), start());
        record(run(experiment, 0, 1), claim("session-a", 1, 0, null), start());
        record(run(experiment, 0, 2), claim("session-a", 1, 0, null), start(), end(0));
        queue = new FakeQueue(Liveness.ALIVE, List.of(), List.of(new BatchQueue.Job("slurm-1a2b", "Slurm submission slurm-1a2b  jobs 17",
                "Slurm submission slurm-1a2b  job 17  tasks: 1 running, 0 pending")));
    }

    @Test
    void theQueuesJobsAndTheirRunsAreStoppedAndAnotherHostsRunsNamed() {
        Abort.Plan plan = Abort.plan(experiment, new LiveProcesses(), queue);
        assertEquals(List.of("slurm-1a2b"), plan.jobs().stream().map(BatchQueue.Job::id).toList());
        assertEquals(List.of("0000_v0/0"), plan.queuedRuns().stream().map(v -> v.run().name()).toList());
        assertEquals(List.of("0000_v0/1"), plan.remoteRuns().stream().map(v -> v.run().name()).toList());
        assertTrue(plan.runs().isEmpty(), "nothing runs on this host");
        assertTrue(!plan.isEmpty());
    }

    @Test
    void anAbortCancelsTheJobsAndRecordsTheirRunsAborted() {
        List<String> said = new ArrayList<>();
        Abort.Outcome outcome = Abort.execute(Abort.plan(experiment, new LiveProcesses(), queue), 100, said::add);
        assertEquals(List.of("slurm-1a2b"), queue.cancelled);
        assertTrue(RunRecord.read(run(experiment, 0, 0).record()).aborted());
        assertEquals(1, outcome.runs());
        assertTrue(said.contains("run 0000_v0/1 runs on host elsewhere: run liftoff-abort there"), String.join("\n", said));
        assertEquals(false, Records.record(run(experiment, 0, 1)).aborted(), "another host's run is only named");
    }

    @Test
    void anExperimentWhoseRunsHaveEndedHasNothingToStop() {
        Experiment ended = StoreFixture.experiment(dir.resolve("other"), 1, 1, 0);
        record(run(ended, 0, 0), claim("session-a", 1, 0, null), start(), end(0));
        assertTrue(Abort.plan(ended, new LiveProcesses(), BatchQueue.NONE).isEmpty());
    }
}
