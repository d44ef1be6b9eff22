package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import io.liftoff.Lab;
import io.liftoff.Records;
import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.Run;
import io.liftoff.store.RunRecord;
import io.liftoff.store.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, per-run timeouts, shuffled order and holds (DESIGN §6, §8). */
class LaunchFeaturesTest {
    @TempDir
    Path dir;

    Lab lab;

    /** Fails until its checkpoint says it ran twice before; keeps the checkpoint in its run folder. */
    Path stubborn;

    @BeforeEach
    void setUp() {
        lab = new Lab(dir);
        lab.defaults("x: 1\n");
        stubborn = TestFiles.write(dir.resolve("stubborn.py"), String.join("\n",
                "import os, sys",
                "from liftoff import parse_opts",
                "opts = parse_opts()",
                "checkpoint = os.path.join(opts.out_dir, 'checkpoint')",
                "done = int(open(checkpoint).read()) if os.path.exists(checkpoint) else 0",
                "open(checkpoint, 'w').write(str(done + 1))",
                "print('attempt', os.environ['LIFTOFF_ATTEMPT'], 'after', done)",
                "sys.exit(0 if done >= 2 else 1)",
                ""));
    }

    @AfterEach
    void tearDown() {
        lab.killLeftovers();
    }

    private Cli.Result launch(Path script, String... args) {
        return Cli.run(List.of("launch", script.toString(), "--configs-dir", lab.configs.toString(), "--results-path",
                lab.results.toString()), args);
    }

    @Test
    void aRunFailingTwiceIsDoneWithTwoRetriesAndKeepsItsCheckpoint() {
        Cli.Result result = launch(stubborn, "--retries", "2").ok();
        assertTrue(result.err().contains("(retry 2 of 2)") || result.out().contains("(retry 2 of 2)"), result.out() + result.err());
        Experiment experiment = lab.only();
        Run run = experiment.runs().get(0);
        assertEquals(RunState.DONE, Records.state(experiment, run));
        assertEquals("3", TestFiles.read(run.folder().resolve("checkpoint")), "the script's checkpoint stayed across attempts");
        assertEquals("attempt 3 after 2\n", TestFiles.read(run.out()));
        assertEquals(3, Records.record(run).launch().attempt());
        assertEquals(2, Records.record(run).launch().retry());
        for (String attempt : List.of("1", "2")) {
            RunRecord archived = RunRecord.read(run.attempts().resolve(attempt).resolve("record"));
            assertEquals(1, archived.end().code(), "attempt " + attempt + " failed and was kept");
            assertEquals("attempt " + attempt + " after " + (Integer.parseInt(attempt) - 1) + "\n",
                    TestFiles.read(run.attempts().resolve(attempt).resolve("out")));
        }
        String status = lab.command("status", "-a").ok().out();
        assertTrue(status.matches("(?s).*retried.*\\n.*_default\\s+1\\s+0\\s+1\\s+0\\s+0\\s+0\\s+0\\s+1\\s+100\\.0%.*"), status);
    }

    @Test
    void withOneRetryItEndsCrashedAndANewLauncherFollowsTheRecordedRetries() {
        launch(stubborn, "--retries", "1").expect(1);
        Experiment experiment = lab.only();
        Run run = experiment.runs().get(0);
        assertEquals(RunState.CRASHED, Records.state(experiment, run));
        assertEquals(2, Records.record(run).launch().attempt());
        // A later launcher with more retries takes the crashed run up again; its K is recorded.
        launch(stubborn, experiment.dir().toString(), "--retries", "3").ok();
        assertEquals(RunState.DONE, Records.state(experiment, run));
        assertEquals(3, Experiment.open(experiment.dir()).meta().retries());
        assertEquals("3", TestFiles.read(run.folder().resolve("checkpoint")));
    }

    @Test
    void anAbortedRunIsNeverRetried() throws Exception {
        lab.defaults("release: " + dir.resolve("never") + "\nplan: hang\n");
        Thread launcher = new Thread(() -> lab.liftoff("--detach", "--retries", "3"));
        launcher.start();
        io.liftoff.Waits.await(() -> !lab.experiments().isEmpty() && Records.started(lab.only().runs().get(0)));
        lab.command("abort", "-y", "--grace", "1").ok();
        launcher.join(30_000);
        Experiment experiment = lab.only();
        assertEquals(RunState.ABORTED, Records.state(experiment, experiment.runs().get(0)));
        assertEquals(1, Records.record(experiment.runs().get(0)).launch().attempt());
    }

    @Test
    void aTimeoutStopsARunWithinSecondsAndCountsAsTimedOut() {
        Path sleeper = TestFiles.write(dir.resolve("sleeper.sh"), "trap '' TERM\nsleep 30\n");
        long begin = System.currentTimeMillis();
        Cli.Result result = launch(sleeper, "--timeout", "1s", "--grace", "1").expect(1);
        long took = System.currentTimeMillis() - begin;
        assertTrue(took < 10_000, "TERM after 1 s, KILL a second later: " + took + " ms");
        assertTrue(result.err().contains("timed out"), result.out() + result.err());
        Experiment experiment = lab.only();
        assertEquals(RunState.TIMED_OUT, Records.state(experiment, experiment.runs().get(0)));
        String crashes = lab.command("status", "-a", "--crashes").ok().out();
        assertTrue(crashes.contains("timed out (--timeout)"), crashes);
        assertTrue(crashes.matches("(?s).*timed out\\s.*\\n.*_default\\s+1\\s+0\\s+0\\s+0\\s+1\\s.*"), crashes);
    }

    @Test
    void shuffledRunsStartOutOfOrderAndASeedRepeatsTheOrder() {
        lab.defaults("x: 1\n");
        List<String> first = startOrder(launch(Lab.fixture("fixture.py"), "--runs-no", "40", "--shuffle-seed", "7").ok(), lab.only());
        List<String> sorted = first.stream().sorted(Comparator.comparingInt(n -> Integer.parseInt(n.substring(n.indexOf('/') + 1)))).toList();
        assertNotEquals(sorted, first, "a shuffled order");
        TestFiles.deleteTree(lab.results);
        List<String> again = startOrder(launch(Lab.fixture("fixture.py"), "--runs-no", "40", "--shuffle-seed", "7").ok(), lab.only());
        assertEquals(first, again, "the same seed, the same order");
    }

    private static List<String> startOrder(Cli.Result result, Experiment experiment) {
        return experiment.runs().stream().sorted(Comparator.comparingDouble(r -> Records.record(r).start().time()))
                .map(Run::name).toList();
    }

    @Test
    void heldRunsWaitUntilReleased() {
        lab.defaults("x: 1\n");
        launch(Lab.fixture("fixture.py"), "--runs-no", "4", "--max-runs", "1").ok();
        Experiment experiment = lab.only();
        Cli.Result locked = lab.command("lock", experiment.dir().toString(), "--filters", "run_id=2").ok();
        assertEquals("held 1 run matching run_id=2 of " + experiment, locked.out().strip());
        lab.command("lock", "-e", "default", "--filters", "run_id=0").ok();
        launch(Lab.fixture("fixture.py"), experiment.dir().toString()).ok();
        Map<RunState, Long> states = Records.states(experiment);
        assertEquals(Map.of(RunState.DONE, 3L, RunState.HELD, 1L), states);
        String status = lab.command("status", "-a").ok().out();
        assertTrue(status.contains("held") && status.contains("100.0%"), "held runs are left out of progress:\n" + status);
        assertTrue(Files.exists(experiment.runs().get(0).hold()), "a hold on a run that ended stays, and does nothing");
        assertEquals("released 2 runs of " + experiment, lab.command("unlock", "-e", "default").ok().out().strip());
        launch(Lab.fixture("fixture.py"), experiment.dir().toString()).ok();
        assertEquals(Map.of(RunState.DONE, 4L), Records.states(experiment));
    }
}
