package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.InheritedSignals;
import io.liftoff.Lab;
import io.liftoff.TestFiles;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import io.liftoff.store.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a separate process: the tutorial through bin/, kill -9, Ctrl-C, and two launchers on one experiment. */
class LauncherIT {
    @TempDir
    Path dir;

    Lab lab;
    Path fixture;

    @BeforeEach
    void setUp() throws Exception {
        lab = new Lab(dir);
        fixture = Files.copy(Lab.fixture("fixture.py"), dir.resolve("fixture.py"));
        lab.defaults("x: 2\nyz:\n  y: 3\n  z: 4\nlog: " + lab.log + "\nsleep: 0\n");
    }

    @AfterEach
    void tearDown() {
        lab.killLeftovers();
    }

    private static Map<RunState, Long> states(Experiment experiment) {
        return io.liftoff.Records.states(experiment);
    }

    private long started(Experiment experiment) {
        return experiment.runs().stream().filter(r -> io.liftoff.Records.started(r)).count();
    }

    @Test
    void theTutorialWorksThroughTheWrappers() throws Exception {
        Path script = Files.copy(Bin.HOME.resolve("examples/smart_example.py"), dir.resolve("smart_example.py"));
        Files.copy(Bin.HOME.resolve("configs/default.yaml"), lab.configs.resolve("default.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Bin.Result once = Bin.run(dir, "liftoff", script.toString()).expect(0);
        assertTrue(once.out().contains("2 + 3 + 4 = 9"), once.out() + once.err());
        assertTrue(Bin.run(dir, "liftoff", script.toString(), "-c", "diff").expect(0).out().contains("10 + 3 + 40 = 53"));
        Bin.run(dir, "liftoff-prepare", "test_experiment").expect(0);
        Bin.Result grid = Bin.run(dir, "liftoff", script.toString(), "-e", "test_experiment", "--procs-no", "9",
                "--comment", "My first experiment").expect(0);
        assertTrue(grid.out().contains("9 done, 0 failed"), grid.out());
        assertEquals(3, lab.experiments().size());
        Bin.Result version = Bin.run(dir, "liftoff", "--version").expect(0);
        assertTrue(version.out().startsWith("liftoff 0."), version.out());
    }

    @Test
    void runsOutliveALauncherKilledWithSigkillAndARelaunchFinishesTheRest() throws Exception {
        Process launcher = Bin.start(dir, dir.resolve("first.log"), "liftoff", fixture.toString(), "--runs-no", "12",
                "--procs-no", "3", "--args", "sleep=1.5");
        Bin.await("an experiment", 30, () -> !lab.experiments().isEmpty());
        Experiment experiment = lab.only();
        Bin.await("three runs to start", 30, () -> started(experiment) >= 3);
        launcher.destroyForcibly().waitFor();
        List<Run> orphans = experiment.runs().stream().filter(r -> io.liftoff.Records.started(r)).collect(Collectors.toList());
        assertTrue(orphans.size() >= 3 && orphans.size() < 12, "started before the kill: " + orphans.size());
        Bin.await("the orphaned runs to end", 30, () -> orphans.stream().allMatch(r -> io.liftoff.Records.done(r)));
        assertEquals(orphans.size(), lab.executions().size(), "every started run finished and was recorded");

        Bin.Result relaunch = Bin.run(dir, "liftoff", fixture.toString(), experiment.dir().toString(), "--procs-no", "4").expect(0);
        assertTrue(relaunch.out().contains((12 - orphans.size()) + " done, 0 failed"), relaunch.out());
        assertEquals(12, lab.executions().size());
        assertEquals(12, lab.executions().stream().map(Lab.Execution::outDir).distinct().count(), "each run exactly once");
        assertEquals(Map.of(RunState.DONE, 12L), states(experiment));
    }

    @Test
    void twoLaunchersShareOneExperimentAndRunEachRunOnce() throws Exception {
        Bin.run(dir, "liftoff", fixture.toString(), "--runs-no", "300", "--max-runs", "1").expect(0);
        Experiment experiment = lab.only();
        Process a = Bin.start(dir, dir.resolve("a.log"), "liftoff", fixture.toString(), experiment.dir().toString(), "--procs-no", "4");
        Process b = Bin.start(dir, dir.resolve("b.log"), "liftoff", fixture.toString(), experiment.dir().toString(), "--procs-no", "4");
        assertEquals(0, a.waitFor(), TestFiles.read(dir.resolve("a.log")));
        assertEquals(0, b.waitFor(), TestFiles.read(dir.resolve("b.log")));
        List<Lab.Execution> executions = lab.executions();
        assertEquals(300, executions.size());
        assertEquals(300, executions.stream().map(Lab.Execution::outDir).distinct().count(), "no run executed twice");
        assertEquals(Map.of(RunState.DONE, 300L), states(experiment));
        String logs = TestFiles.read(dir.resolve("a.log")) + TestFiles.read(dir.resolve("b.log"));
        assertTrue(logs.matches("(?s).*experiment .*: \\d+ done, 0 failed.*experiment .*: \\d+ done, 0 failed.*"), logs);
    }

    @Test
    void ctrlCStopsLaunchingAndLeavesDetachedRunsGoing() throws Exception {
        InheritedSignals.assumeNoneIgnored("INT");
        Process launcher = Bin.start(dir, dir.resolve("launcher.log"), "liftoff", fixture.toString(), "--runs-no", "8",
                "--procs-no", "2", "--args", "sleep=2");
        Bin.await("an experiment", 30, () -> !lab.experiments().isEmpty());
        Experiment experiment = lab.only();
        Bin.await("two runs to start", 30, () -> started(experiment) >= 2);
        Bin.signal(launcher, "INT");
        launcher.waitFor();
        String said = TestFiles.read(dir.resolve("launcher.log"));
        assertTrue(said.contains("stopped launching; 2 runs go on in the background"), said);
        assertTrue(said.contains("liftoff-abort -t " + experiment.timestamp()), said);
        Bin.await("the detached runs to end", 30, () -> lab.executions().size() == 2);
        Bin.await("their end markers", 10, () -> states(experiment).getOrDefault(RunState.DONE, 0L) == 2);
        assertEquals(Map.of(RunState.DONE, 2L, RunState.PENDING, 6L), states(experiment));
        assertTrue(List.of(experiment.entries()).stream().noneMatch(n -> n.startsWith(".__session")), "the session ended");
    }
}
