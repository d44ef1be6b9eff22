package io.liftoff.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Slurm task's JVM decides after a run under {@code --requeue-on-timeout}, without a cluster:
 * only the decisions that ask Slurm nothing (a requeue itself calls scontrol, which SlurmIT covers). The
 * task's job id is beyond Slurm's MaxJobId, so that a wrong decision could never requeue a real job.
 */
class ArrayTaskTimeLimitTest {
    @TempDir
    Path dir;

    private static final String CLAIM = "{\"event\":\"claim\",\"owner\":\"slurm-test\",\"host\":\"n\",\"time\":100,"
            + "\"launch\":{\"attempt\":%d,\"retry\":0,\"task\":\"99999999_0\"}}\n";
    private static final String START = "{\"event\":\"start\",\"time\":101,\"pid\":5,\"ticks\":1,\"host\":\"n\"}\n";

    private Experiment experiment() {
        TestFiles.write(dir.resolve(Layout.EXPERIMENT), "{}");
        TestFiles.write(dir.resolve("v/r0/cfg.yaml"), "x: 1\n");
        return Experiment.open(dir);
    }

    private ArrayTask task(Experiment experiment, int requeueOnTimeout) {
        Submission submission = new Submission("slurm-test", List.of(new Submission.Array("99999999", 0, 1)), 1, 1, requeueOnTimeout,
                List.of("--requeue"), List.of("bash", "s.sh"), dir.toString(), "n", 0, false);
        return new ArrayTask(experiment, submission, Map.of("SLURM_ARRAY_JOB_ID", "99999999", "SLURM_ARRAY_TASK_ID", "0"));
    }

    private RunRecord record() {
        return RunRecord.read(dir.resolve("v/" + Layout.RUNS + "/r0"));
    }

    @Test
    void afterKRequeuesARunThatExitsOnTheSignalIsLostNotDone() throws Exception {
        Experiment experiment = experiment();
        // Attempt 1 was requeued for its time limit already; attempt 2 exited 0 on the signal again.
        TestFiles.write(dir.resolve("v/" + Layout.ATTEMPTS + "/r0/1/" + Layout.RECORD), String.format(CLAIM, 1) + START
                + "{\"event\":\"signal\",\"time\":150,\"signal\":\"USR2\"}\n{\"event\":\"end\",\"time\":151,\"code\":0}\n"
                + "{\"event\":\"timelimit\",\"time\":152,\"requeue\":true}\n");
        TestFiles.write(dir.resolve("v/" + Layout.RUNS + "/r0"), String.format(CLAIM, 2) + START
                + "{\"event\":\"signal\",\"time\":150,\"signal\":\"USR2\"}\n{\"event\":\"end\",\"time\":151,\"code\":0}\n");
        assertEquals(RunState.DONE, record().endedState(), "before the task judges it");
        assertNull(task(experiment, 1).next(0, 1, "v/r0"), "no run more for this task");
        RunRecord record = record();
        assertTrue(record.timeLimited() && !record.requeuedForTimeLimit(), "K=1 requeues were spent");
        assertEquals(RunState.LOST, record.endedState());
        assertTrue(TestFiles.read(dir.resolve(Layout.JOURNAL)).contains("after 1 requeues (--requeue-on-timeout 1): lost"));
    }

    @Test
    void aRunThatEndedBeforeTheSignalOrWithoutTheOptionIsNeverJudged() throws Exception {
        Experiment experiment = experiment();
        TestFiles.write(dir.resolve("v/" + Layout.RUNS + "/r0"), String.format(CLAIM, 1) + START
                + "{\"event\":\"end\",\"time\":151,\"code\":0}\n");
        assertNull(task(experiment, 3).next(0, 1, "v/r0"));
        assertFalse(record().timeLimited(), "it ended before any signal: done");
        assertEquals(RunState.DONE, record().endedState());
        TestFiles.write(dir.resolve("v/" + Layout.RUNS + "/r0"), String.format(CLAIM, 1) + START
                + "{\"event\":\"signal\",\"time\":150,\"signal\":\"USR2\"}\n{\"event\":\"end\",\"time\":151,\"code\":0}\n");
        assertNull(task(experiment, 0).next(0, 1, "v/r0"));
        assertFalse(record().timeLimited(), "without --requeue-on-timeout an exit on the signal is the script's own end");
        assertEquals(RunState.DONE, record().endedState());
    }
}
