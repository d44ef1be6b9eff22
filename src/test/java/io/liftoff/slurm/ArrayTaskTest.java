package io.liftoff.slurm;

import static io.liftoff.StoreFixture.claim;
import static io.liftoff.StoreFixture.end;
import static io.liftoff.StoreFixture.record;
import static io.liftoff.StoreFixture.run;
import static io.liftoff.StoreFixture.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.StoreFixture;
import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which run a Slurm array task starts next (its claim loop), from the submission's index and the records: no Slurm. */
class ArrayTaskTest {
    private static final String ID = "slurm-1a2b";

    @TempDir
    Path dir;

    Experiment experiment;
    Submission submission;

    @BeforeEach
    void setUp() throws Exception {
        experiment = StoreFixture.experiment(dir, 1, 4, 1);
        for (Run run : experiment.runs()) {
            TestFiles.write(run.cfg(), "lr: 0.1\n");
        }
        submission = new Submission(ID, List.of(new Submission.Array("17", 0, 2)), 4, 2, 0, List.of(), List.of("python3", "train.py"),
                dir.toString(), "login", StoreFixture.PAST, false);
        Files.createDirectories(Submission.folder(experiment.dir(), ID));
        Files.write(Submission.index(experiment.dir(), ID), experiment.runs().stream().map(Run::name).toList());
        submission.write(experiment.dir());
    }

    private ArrayTask task(int index, int restarts) {
        return new ArrayTask(experiment, submission, Map.of("SLURM_ARRAY_JOB_ID", "17", "SLURM_ARRAY_TASK_ID", Integer.toString(index),
                "SLURM_RESTART_COUNT", Integer.toString(restarts),
                "SLURM_JOB_END_TIME", Long.toString(System.currentTimeMillis() / 1000 + 3600)));
    }

    @Test
    void eachTaskClaimsItsOwnShareFirstThenHelpsWithWhatIsLeft() throws Exception {
        ArrayTask.Next first = task(1, 0).next(0, 0, null);
        assertEquals("2", first.run(), "task 1 of 2 runs per task starts at line 2");
        assertEquals(1, first.attempt());
        assertTrue(first.fresh());
        RunRecord record = RunRecord.read(run(experiment, 0, 2).record());
        assertEquals(ID, record.owner());
        assertEquals("17_1", record.launch().task());
        assertEquals("3", task(1, 0).next(0, 1, null).run());
        assertEquals("0", task(1, 0).next(0, 1, null).run(), "its share taken, it helps with task 0's");
        assertNull(task(1, 0).next(0, 2, null), "it has run its runs per task");
    }

    @Test
    void aFailedRunIsRetriedByItsTaskWhileRetriesAreLeft() throws Exception {
        Run run = run(experiment, 0, 0);
        record(run, claim(ID, 1, 0, "17_0"), start(), end(1));
        ArrayTask.Next retry = task(0, 0).next(0, 1, run.name());
        assertEquals("0", retry.run());
        assertEquals(2, retry.attempt());
        assertFalse(retry.fresh());
        assertEquals(1, RunRecord.read(run.record()).launch().retry());
        record(run, claim(ID, 2, 1, "17_0"), start(), end(1));
        assertEquals("1", task(0, 0).next(0, 1, run.name()).run(), "its one retry was made: the next line instead");
    }

    @Test
    void aRequeuedTaskStartsItsUnfinishedRunAgainAndNeverAFinishedOne() throws Exception {
        record(run(experiment, 0, 0), claim(ID, 1, 0, "17_0"), start(), end(0));
        record(run(experiment, 0, 1), claim(ID, 1, 0, "17_0"), start());
        ArrayTask.Next again = task(0, 1).next(0, 0, null);
        assertEquals("1", again.run());
        assertEquals(2, again.attempt());
        assertEquals(1, run(experiment, 0, 1).snapshot().archivedAttempts(), "the interrupted attempt is kept");
    }

    @Test
    void aStopFileStopsTheTask() throws Exception {
        Files.writeString(experiment.stopFile(), "");
        assertNull(task(0, 0).next(0, 0, null));
    }
}
