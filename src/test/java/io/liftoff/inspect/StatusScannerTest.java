package io.liftoff.inspect;

import static io.liftoff.StoreFixture.abort;
import static io.liftoff.StoreFixture.claim;
import static io.liftoff.StoreFixture.end;
import static io.liftoff.StoreFixture.record;
import static io.liftoff.StoreFixture.run;
import static io.liftoff.StoreFixture.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liftoff.FakeQueue;
import io.liftoff.launch.BatchQueue;
import io.liftoff.StoreFixture;
import io.liftoff.process.LiveProcesses;
import io.liftoff.process.Liveness;
import io.liftoff.store.Experiment;
import io.liftoff.store.QueueView;
import io.liftoff.store.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One look at an experiment: each run's state from its record, and from the queue what records cannot tell. */
class StatusScannerTest {
    @TempDir
    Path dir;

    Experiment experiment;

    @BeforeEach
    void setUp() {
        experiment = StoreFixture.experiment(dir, 2, 4, 0);
        record(run(experiment, 0, 0), claim("session-a", 1, 0, null), start(), end(0));
        record(run(experiment, 0, 1), claim("session-a", 1, 0, null), start(), end(2));
        record(run(experiment, 0, 2), claim("session-a", 1, 0, null), start(), abort(), end(143));
        record(run(experiment, 0, 3), claim("session-a", 1, 0, null), start());
        record(run(experiment, 1, 0), claim("slurm-1a2b", 1, 0, "17_0"), start());
        record(run(experiment, 1, 1), claim("slurm-1a2b", 1, 0, "17_1"));
    }

    private static Map<String, String> states(ExperimentStatus status) {
        Map<String, String> states = new TreeMap<>();
        status.runs().forEach(view -> states.put(view.run().name(), view.state().key()
                + (view.reason() == null ? "" : " " + view.reason())));
        return states;
    }

    @Test
    void withNothingQueuedALookTakesEndedRunsFromTheSummaryWithoutReadingTheirRecords() throws Exception {
        List<QueueView> empty = List.of(QueueView.NONE, BatchQueue.NONE);
        for (int i = 0; i < empty.size(); i++) {
            // Enough ended runs that a look summarises them (a few are cheaper to read than to summarise).
            Experiment many = StoreFixture.experiment(dir.resolve("many-" + i), 1, 40, 0);
            for (int id = 0; id < 40; id++) {
                record(run(many, 0, id), claim("session-a", 1, 0, null), start(), end(0));
            }
            StatusScanner.scan(many, false, new LiveProcesses(), empty.get(i));
            // Same length, same modification time: only reading the record could tell that it changed.
            Path record = run(many, 0, 0).record();
            FileTime modified = Files.getLastModifiedTime(record);
            Files.writeString(record, "x".repeat((int) Files.size(record)));
            Files.setLastModifiedTime(record, modified);
            assertEquals(40, StatusScanner.scan(many, false, new LiveProcesses(), empty.get(i)).count(RunState.DONE),
                    empty.get(i).toString());
        }
    }

    @Test
    void recordsSayHowRunsEndedAndARunOnAnotherHostRunsUntilItsEnd() {
        ExperimentStatus status = StatusScanner.scan(experiment, true, new LiveProcesses(), QueueView.NONE);
        assertEquals(1, status.count(RunState.DONE));
        assertEquals(1, status.count(RunState.CRASHED));
        assertEquals(1, status.count(RunState.ABORTED));
        assertEquals(2, status.count(RunState.PENDING), "never claimed");
        assertEquals("running", states(status).get("0000_v0/3"));
        assertEquals(1, status.failed());
    }

    @Test
    void theQueueSaysWhetherItsTasksAreAliveAndWhichRunsWaitInIt() {
        FakeQueue alive = new FakeQueue(Liveness.ALIVE, List.of("0001_v1/2"), List.of());
        Map<String, String> states = states(StatusScanner.scan(experiment, true, new LiveProcesses(), alive));
        assertEquals("running", states.get("0001_v1/0"));
        assertEquals("running", states.get("0001_v1/1"), "claimed by a task still in the queue");
        assertEquals("queued Priority", states.get("0001_v1/2"));
        assertEquals("pending", states.get("0001_v1/3"));

        FakeQueue gone = new FakeQueue(Liveness.DEAD, List.of(), List.of());
        states = states(StatusScanner.scan(experiment, true, new LiveProcesses(), gone));
        assertEquals("pending", states.get("0001_v1/1"), "claimed by a task that left the queue without starting it");
    }
}
