package io.liftoff.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults as real life brings them: launchers killed with -9 at every step, racing and dying,
 * interrupted by signals. After each, every run ends exactly once and none is lost.
 */
class FaultIT {
    @TempDir
    Path dir;

    Lab lab;
    Path fixture;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        lab = new Lab(dir);
        fixture = Files.copy(Lab.fixture("fixture.py"), dir.resolve("fixture.py"));
        lab.defaults("log: " + lab.log + "\nsleep: 0.3\n");
    }

    @AfterEach
    void tearDown() {
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        lab.killLeftovers();
    }

    private Process launch(String log, Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(fixture.toString()));
        all.addAll(List.of(args));
        Process process = Bin.start(dir, dir.resolve(log), env, "liftoff", all.toArray(String[]::new));
        started.add(process);
        return process;
    }

    private static Map<RunState, Long> states(Experiment experiment) {
        return io.liftoff.Records.states(experiment);
    }

    private void awaitStartedRunsEnded(Experiment experiment) {
        Bin.await("every started run to end", 60, () -> experiment.runs().stream()
                .filter(r -> io.liftoff.Records.started(r))
                .allMatch(r -> io.liftoff.Records.done(r) || io.liftoff.Records.crashed(r)));
    }

    private void assertEachRunOnceAndAllDone(Experiment experiment, int runs) {
        List<Lab.Execution> executions = lab.executions();
        assertEquals(runs, executions.size(), "executions");
        assertEquals(runs, executions.stream().map(Lab.Execution::outDir).distinct().count(), "no run executed twice");
        assertEquals(Map.of(RunState.DONE, (long) runs), states(experiment));
    }

    @ParameterizedTest(name = "kill -9 {0}")
    @ValueSource(strings = {"before-first-claim", "after-claim", "while-running", "waiting-for-last"})
    void aLauncherKilledAtAnyPointLosesNothing(String point) throws Exception {
        boolean paused = !point.equals("while-running");
        Process launcher = launch("launcher.log", paused ? Map.of("LIFTOFF_FAULT_PAUSE", point) : Map.of(),
                "--runs-no", "6", "--procs-no", point.equals("waiting-for-last") ? "6" : "2");
        Bin.await("the launcher to reach " + point, 60, () -> paused
                ? TestFiles.read(dir.resolve("launcher.log")).contains("fault point " + point + " reached")
                : !lab.experiments().isEmpty() && lab.only().runs().stream().filter(r -> io.liftoff.Records.started(r)).count() >= 2);
        launcher.destroyForcibly().waitFor();
        Experiment experiment = lab.only();
        awaitStartedRunsEnded(experiment);

        Bin.Result relaunch = Bin.run(dir, "liftoff", fixture.toString(), experiment.dir().toString(), "--procs-no", "3").expect(0);
        if (point.equals("after-claim")) {
            assertTrue(relaunch.out().contains("start 0000_default/0") && relaunch.out().contains("(taken over from a session that ended before starting it)"), relaunch.out());
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(experiment.dir())) {
                assertEquals(java.util.List.of(), files.filter(f -> f.getFileName().toString().contains(io.liftoff.store.Layout.RECLAIM_INFIX))
                        .toList(), "a take-over's marker lasts only as long as the take-over");
            }
        }
        assertEachRunOnceAndAllDone(experiment, 6);
    }

    @Test
    void threeLaunchersRaceOnThreeHundredRunsAndOneIsKilledHalfWay() throws Exception {
        lab.defaults("log: " + lab.log + "\nsleep: 0\n");
        Bin.run(dir, "liftoff", fixture.toString(), "--runs-no", "300", "--max-runs", "1").expect(0);
        Experiment experiment = lab.only();
        String path = experiment.dir().toString();
        Process a = launch("a.log", Map.of(), path, "--procs-no", "3");
        Process b = launch("b.log", Map.of(), path, "--procs-no", "3");
        Process c = launch("c.log", Map.of(), path, "--procs-no", "3");
        Bin.await("a third of the runs", 120, () -> lab.executions().size() >= 100);
        b.destroyForcibly().waitFor();
        assertEquals(0, a.waitFor(), TestFiles.read(dir.resolve("a.log")));
        assertEquals(0, c.waitFor(), TestFiles.read(dir.resolve("c.log")));
        awaitStartedRunsEnded(experiment);
        assertEachRunOnceAndAllDone(experiment, 300);
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM", "HUP"})
    void aSignalledLauncherLeavesDetachedRunsGoingAndRecorded(String signal) throws Exception {
        InheritedSignals.assumeNoneIgnored(signal);
        Process launcher = launch("launcher.log", Map.of(), "--runs-no", "5", "--procs-no", "2", "--args", "sleep=1.5");
        Bin.await("two runs to start", 60, () -> !lab.experiments().isEmpty()
                && lab.only().runs().stream().filter(r -> io.liftoff.Records.started(r)).count() == 2);
        Bin.signal(launcher, signal);
        launcher.waitFor();
        String said = TestFiles.read(dir.resolve("launcher.log"));
        assertTrue(said.contains("stopped launching; 2 runs go on in the background"), said);
        Experiment experiment = lab.only();
        awaitStartedRunsEnded(experiment);
        assertEquals(Map.of(RunState.DONE, 2L, RunState.PENDING, 3L), states(experiment));
        assertFalse(List.of(experiment.entries()).stream().anyMatch(n -> n.startsWith(".__session")), "the session ended");
        Bin.run(dir, "liftoff", fixture.toString(), experiment.dir().toString(), "--procs-no", "3").expect(0);
        assertEachRunOnceAndAllDone(experiment, 5);
    }

    @Test
    void aRunKilledWithSigkillIsACrashAndARunFolderDeletedBeforeItsStartIsMadeAgain() throws Exception {
        lab.defaults("log: " + lab.log + "\nsleep: 0.5\nplan: ok,selfkill\n");
        Process launcher = launch("launcher.log", Map.of(), "--runs-no", "5", "--procs-no", "1");
        Bin.await("run 2 to start", 60, () -> !lab.experiments().isEmpty() && lab.only().runs().size() == 5
                && io.liftoff.Records.started(lab.only().runs().get(2)));
        Experiment experiment = lab.only();
        Run wiped = experiment.runs().get(3);
        TestFiles.deleteTree(wiped.folder());
        assertEquals(1, launcher.waitFor(), "a crash among the runs: " + TestFiles.read(dir.resolve("launcher.log")));
        String said = TestFiles.read(dir.resolve("launcher.log"));
        assertTrue(said.contains("crash 0000_default/1 killed by SIGKILL (exit 137)"), said);
        assertEquals(Map.of(RunState.DONE, 4L, RunState.CRASHED, 1L), states(experiment));
        assertTrue(Files.exists(wiped.folder().resolve("seen.json")), "the run whose folder was wiped ran in a new one");
        Bin.run(dir, "liftoff-status", "-a").expect(0);
    }
}
