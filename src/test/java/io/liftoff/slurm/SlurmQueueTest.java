package io.liftoff.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.liftoff.StoreFixture;
import io.liftoff.launch.BatchQueue;
import io.liftoff.store.Experiment;
import io.liftoff.store.QueueView;
import io.liftoff.store.Run;
import io.liftoff.store.RunEvents;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the queue says of a run its record cannot decide, from a view of a fake Slurm. */
class SlurmQueueTest {
    private static final long INTERVAL = 200;

    @TempDir
    Path dir;

    private final SlurmViewTest.FakeSlurm slurm = new SlurmViewTest.FakeSlurm();

    /** A fresh look, as a new command takes it: the view this host shares, refreshed when older than the interval. */
    private QueueView.Waiting look(Experiment experiment, Run run) {
        SlurmView view = new SlurmView(dir.resolve("host/slurm-view.json"), dir.resolve("host/slurm-view.lock"), INTERVAL, slurm);
        BatchQueue queue = SlurmQueue.of(Experiment.open(experiment.dir()), true, () -> view);
        return queue.waiting(run, RunRecord.read(run.record()));
    }

    @Test
    void aRunRequeuedForItsTimeLimitWaitsWhileItsTaskIsBrieflyOutOfTheQueueAndIsLostOnceItHasLeft() throws Exception {
        Experiment experiment = StoreFixture.experiment(dir, 1, 1, 0);
        long created = System.currentTimeMillis() / 1000 - 100;
        new Submission("slurm-0a1b2c3d", List.of(new Submission.Array("42", 0, 1)), 1, 1, 5, List.of(), List.of("train.py"),
                dir.toString(), "login", created, false).write(experiment.dir());
        Run run = experiment.variations().get(0).run(0);
        RunRecord.create(run.record(), "slurm-0a1b2c3d", "node1",
                new RunRecord.Launch(null, List.of("train.py"), dir.toString(), 1, 0, 60L, null, null, "42_0"));
        Files.writeString(run.record(), "{\"event\":\"start\",\"time\":" + RunRecord.now() + ",\"pid\":1,\"ticks\":1,\"host\":\"node1\"}\n"
                + "{\"event\":\"end\",\"time\":" + RunRecord.now() + ",\"code\":0}\n", StandardOpenOption.APPEND);
        RunEvents.appendTimeLimit(run.record(), true, "exited after the time-limit signal");

        slurm.queue = List.of(SlurmViewTest.task("42", "0", "RUNNING"));
        assertEquals(RunState.REQUEUED, look(experiment, run).state(), "its task runs again and has not claimed it yet");
        // Between two looks the task is not in the queue (Slurm moving it, or squeue answering without it).
        slurm.queue = List.of();
        Thread.sleep(INTERVAL + 10);
        QueueView.Waiting out = look(experiment, run);
        assertEquals(RunState.REQUEUED, out == null ? null : out.state(), "one look without its task is no lost run");
        // Gone for the bound every task gone from the queue gets: it will not resume the run, which is lost.
        Thread.sleep(SlurmView.ENDING_INTERVALS * INTERVAL + 10);
        assertNull(look(experiment, run), "the record decides");
        assertEquals(RunState.LOST, RunRecord.read(run.record()).endedState());
    }
}
