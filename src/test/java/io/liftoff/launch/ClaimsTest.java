package io.liftoff.launch;

import static io.liftoff.StoreFixture.claim;
import static io.liftoff.StoreFixture.end;
import static io.liftoff.StoreFixture.record;
import static io.liftoff.StoreFixture.run;
import static io.liftoff.StoreFixture.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.StoreFixture;
import io.liftoff.process.LiveProcesses;
import io.liftoff.store.Experiment;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunSnapshot;
import io.liftoff.store.RunState;
import io.liftoff.store.Watch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a launcher takes a run: exactly one of several launchers gets each claim, retry and take-over. */
class ClaimsTest {
    @TempDir
    Path dir;

    Experiment experiment;
    Supplier<Watch> watches;

    @BeforeEach
    void setUp() {
        experiment = StoreFixture.experiment(dir, 1, 3, 1);
        watches = () -> new Watch(experiment.sessions(), new LiveProcesses());
    }

    private static RunRecord.Launch launch(int attempt, int retry) {
        return new RunRecord.Launch(null, List.of("train.py"), "/tmp", attempt, retry, null, null, false, null);
    }

    private RunQueue.Candidate candidate(Run run, boolean retry) {
        return new RunQueue.Candidate(run.snapshot(), retry);
    }

    @Test
    void aPendingRunGoesToTheFirstClaimAndNotToASecond() throws Exception {
        Run run = run(experiment, 0, 0);
        RunQueue.Candidate seen = candidate(run, false);
        assertEquals(Claims.Outcome.CLAIMED, new Claims("session-a").claim(seen, watches, launch(1, 0)));
        assertEquals(Claims.Outcome.LOST_RACE, new Claims("session-b").claim(seen, watches, launch(1, 0)),
                "a claim made a moment ago is the claimer's, even of a session that has ended: it may still start it");
        assertEquals("session-a", RunRecord.read(run.record()).owner());
    }

    @Test
    void aClaimItsOwnerLeftUnstartedIsTakenOverOnce() throws Exception {
        Run run = run(experiment, 0, 1);
        record(run, claim("session-gone", 1, 0, null));
        RunQueue.Candidate seen = candidate(run, false);
        assertEquals(Claims.Outcome.TAKEN_OVER, new Claims("session-a").claim(seen, watches, launch(1, 0)));
        assertEquals(Claims.Outcome.LOST_RACE, new Claims("session-b").claim(seen, watches, launch(1, 0)));
        assertEquals("session-a", RunRecord.read(run.record()).owner());
        assertEquals(List.of(run.id()), List.of(run.record().getParent().toFile().list()), "no take-over marker is left");
    }

    @Test
    void aFailedAttemptIsPutAsideAndRetriedByOneLauncher() throws Exception {
        Run run = run(experiment, 0, 2);
        record(run, claim("session-gone", 1, 0, null), start(), end(1));
        RunQueue.Candidate seen = candidate(run, true);
        assertEquals(Claims.Outcome.RETRIED, new Claims("session-a").claim(seen, watches, launch(2, 1)));
        assertEquals(Claims.Outcome.LOST_RACE, new Claims("session-b").claim(seen, watches, launch(2, 1)),
                "the attempt it saw fail is no longer the run's");
        RunRecord now = RunRecord.read(run.record());
        assertEquals("session-a", now.owner());
        assertEquals(2, now.launch().attempt());
        assertTrue(Files.exists(run.attempts().resolve("1")), "the failed attempt is kept under its number");
        assertEquals(1, run.snapshot().archivedAttempts());
    }

    /** A start by a wrapper of this host that has exited (no process has this pid). */
    private static String exitedLocalStart() {
        return "{\"event\":\"start\",\"time\":" + (StoreFixture.PAST + 1) + ",\"pid\":999999999,\"ticks\":1,\"host\":\""
                + io.liftoff.process.Host.name() + "\"}";
    }

    @Test
    void aRunWhoseEndIsRecordedAfterItsRecordWasReadEndedAsRecorded() throws Exception {
        Run run = run(experiment, 0, 1);
        record(run, claim("session-gone", 1, 0, null), exitedLocalStart());
        RunSnapshot seen = run.snapshot();
        // The wrapper records the end, then exits; the look read the record before the one and checks it after the other.
        Files.writeString(run.record(), end(0) + "\n", StandardOpenOption.APPEND);
        assertEquals(RunState.DONE, seen.state(watches.get()), "not lost: it recorded its end");
        assertEquals(0, seen.record().end().code(), "the look shows the record with its end");
    }

    @Test
    void aRunThatLookedLostButRecordedItsEndIsNotRetried() throws Exception {
        Run run = run(experiment, 0, 2);
        record(run, claim("session-gone", 1, 0, null), exitedLocalStart());
        RunSnapshot seen = run.snapshot();
        assertEquals(RunState.LOST, seen.state(watches.get()), "a started run whose wrapper is gone, no end recorded");
        RunQueue.Candidate retry = new RunQueue.Candidate(seen, true);
        Files.writeString(run.record(), end(0) + "\n", StandardOpenOption.APPEND);
        assertEquals(Claims.Outcome.LOST_RACE, new Claims("session-a").claim(retry, watches, launch(2, 1)),
                "it ended well before the retry could claim it: two launchers once ran it a third time so");
        assertEquals("session-gone", RunRecord.read(run.record()).owner());
        assertTrue(Files.notExists(run.attempts()), "nothing archived");
    }

    @Test
    void aClaimNeverStartedIsGivenBackOnlyByItsOwner() throws Exception {
        Run run = run(experiment, 0, 0);
        new Claims("session-a").claim(candidate(run, false), watches, launch(1, 0));
        new Claims("session-b").release(run);
        assertTrue(Files.exists(run.record()));
        new Claims("session-a").release(run);
        assertTrue(Files.notExists(run.record()), "pending again");
    }
}
