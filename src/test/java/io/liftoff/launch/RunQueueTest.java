package io.liftoff.launch;

import static io.liftoff.StoreFixture.abort;
import static io.liftoff.StoreFixture.claim;
import static io.liftoff.StoreFixture.end;
import static io.liftoff.StoreFixture.record;
import static io.liftoff.StoreFixture.run;
import static io.liftoff.StoreFixture.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liftoff.StoreFixture;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.Experiment;
import io.liftoff.store.Watch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runs a launcher may start now, and in which order: read from records alone. */
class RunQueueTest {
    @TempDir
    Path dir;

    /** v0/0 done, v0/1 crashed, v1/0 never claimed, v1/1 claimed by a session that ended before starting it. */
    private Experiment experiment(int retries) {
        Experiment experiment = StoreFixture.experiment(dir, 2, 2, retries);
        record(run(experiment, 0, 0), claim("session-a", 1, 0, null), start(), end(0));
        record(run(experiment, 0, 1), claim("session-a", 1, 0, null), start(), end(1));
        record(run(experiment, 1, 1), claim("session-gone", 1, 0, null));
        return experiment;
    }

    private static List<String> scan(Experiment experiment, int retries, Long seed) {
        RunQueue queue = new RunQueue(experiment, RunFilter.parse(List.of()), retries, seed, line -> { });
        return queue.scan(new Watch(experiment.sessions(), new LiveProcesses()), run -> false).stream()
                .map(c -> c.run().name() + (c.retry() ? " retry" : "")).toList();
    }

    @Test
    void pendingRunsAbandonedClaimsAndRetriesComeRunMajor() {
        assertEquals(List.of("0001_v1/0", "0000_v0/1 retry", "0001_v1/1"), scan(experiment(1), 1, null),
                "every variation's run 0 before any run 1");
    }

    @Test
    void aFailedRunComesBackOnlyWhileRetriesAreLeft() {
        Experiment experiment = experiment(0);
        assertEquals(List.of("0001_v1/0", "0001_v1/1"), scan(experiment, 0, null));
        record(run(experiment, 0, 1), claim("session-a", 2, 1, null), start(), end(1));
        assertEquals(List.of("0001_v1/0", "0001_v1/1"), scan(experiment, 1, null), "its one retry was made");
        assertEquals(List.of("0001_v1/0", "0000_v0/1 retry", "0001_v1/1"), scan(experiment, 2, null));
    }

    @Test
    void anAbortedRunIsNeverRetried() {
        Experiment experiment = experiment(3);
        record(run(experiment, 0, 1), claim("session-a", 1, 0, null), start(), abort(), end(143));
        assertEquals(List.of("0001_v1/0", "0001_v1/1"), scan(experiment, 3, null));
    }

    @Test
    void aShuffleWithASeedRepeatsItsOrder() {
        Experiment experiment = StoreFixture.experiment(dir, 5, 4, 0);
        List<String> first = scan(experiment, 0, 42L);
        assertEquals(first, scan(experiment, 0, 42L));
        assertEquals(20, first.size());
    }
}
