package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.InheritedSignals;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signals to the launcher (DESIGN §6): Ctrl-C, TERM and HUP leave detached runs going and recorded, and
 * stop attached runs and record them aborted; after kill -9 attached runs go on, their output still
 * lands in out and err and their end is recorded; a stopped and continued launcher, or one asked for
 * a thread dump, carries on.
 */
@Timeout(120)
class SignalAttackIT {
    @TempDir
    Path dir;

    AttackLab lab;
    Path script;

    @BeforeEach
    void setUp() {
        lab = new AttackLab(dir);
        script = lab.script("hold.sh", "note start\necho \"run $run says hello\"\nhold\necho \"run $run says bye\"\necho \"run $run warns\" >&2\n");
    }

    @AfterEach
    void tearDown() {
        lab.close();
    }

    private void awaitBothStarted(Path experiment) {
        AttackLab.await("both runs to start", 30, () -> lab.starts().size() == 2 && AttackLab.started(experiment, 0)
                && AttackLab.started(experiment, 1));
    }

    private static boolean hasSessionFile(Path experiment) {
        String[] names = experiment.toFile().list((d, n) -> n.startsWith(".__session-"));
        return names != null && names.length > 0;
    }

    @ParameterizedTest(name = "SIG{0} to a detached launcher leaves its runs going and recorded")
    @ValueSource(strings = {"INT", "TERM", "HUP"})
    void aSignalledDetachedLauncherLeavesRunsGoing(String signal) {
        InheritedSignals.assumeNoneIgnored(signal);
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2");
        Path experiment = lab.experiment();
        awaitBothStarted(experiment);
        AttackLab.kill(signal, launcher.pid());
        AttackLab.waitFor(launcher, 10);
        assertTrue(lab.read("launcher.log").contains("2 runs go on"), lab.read("launcher.log"));
        assertFalse(hasSessionFile(experiment), "the session ended");
        assertEquals(Map.of("0", "running", "1", "running"), lab.states(experiment));
        lab.release();
        AttackLab.await("both ends", 30, () -> AttackLab.ended(experiment, 0) && AttackLab.ended(experiment, 1));
        assertEquals(Map.of("0", "done", "1", "done"), lab.states(experiment));
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEquals(Map.of("0", 1L, "1", 1L), lab.starts());
    }

    @ParameterizedTest(name = "SIG{0} to an attached launcher stops its runs and records them aborted")
    @ValueSource(strings = {"INT", "TERM", "HUP"})
    void aSignalledAttachedLauncherStopsItsRuns(String signal) {
        InheritedSignals.assumeNoneIgnored(signal);
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2", "--no-detach", "--grace", "1");
        Path experiment = lab.experiment();
        awaitBothStarted(experiment);
        AttackLab.kill(signal, launcher.pid());
        AttackLab.waitFor(launcher, 15);
        assertEquals(Map.of("0", "aborted", "1", "aborted"), lab.states(experiment));
        AttackLab.await("nothing of the runs left", 5, () -> lab.alive().isEmpty());
    }

    @Test
    void twoTermsInARowStillStopEverything() {
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2", "--no-detach", "--grace", "1");
        Path experiment = lab.experiment();
        awaitBothStarted(experiment);
        AttackLab.kill("TERM", launcher.pid());
        AttackLab.pause(50);
        AttackLab.kill("TERM", launcher.pid());
        AttackLab.waitFor(launcher, 15);
        assertEquals(Map.of("0", "aborted", "1", "aborted"), lab.states(experiment));
        AttackLab.await("nothing of the runs left", 5, () -> lab.alive().isEmpty());
    }

    @Test
    void afterKillMinusNineOfAnAttachedLauncherRunsGoOnAndTheirOutputAndEndsAreRecorded() {
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2", "--no-detach");
        Path experiment = lab.experiment();
        awaitBothStarted(experiment);
        AttackLab.kill("KILL", launcher.pid());
        AttackLab.waitFor(launcher, 10);
        AttackLab.pause(200);
        lab.release();
        AttackLab.await("both ends", 30, () -> AttackLab.ended(experiment, 0) && AttackLab.ended(experiment, 1));
        assertEquals(Map.of("0", "done", "1", "done"), lab.states(experiment), "no run died of a broken pipe");
        for (int run = 0; run < 2; run++) {
            Path folder = AttackLab.runDir(experiment, run);
            assertEquals("run " + run + " says hello\nrun " + run + " says bye\n", AttackLab.read(folder.resolve("out")));
            assertEquals("run " + run + " warns\n", AttackLab.read(folder.resolve("err")));
        }
        lab.liftoff(script, experiment.toString()).expect(0);
        assertEquals(Map.of("0", 1L, "1", 1L), lab.starts(), "a relaunch runs nothing again");
    }

    @Test
    void afterKillMinusNineOfASingleRunsLauncherTheRunGoesOn() {
        Process launcher = lab.launch("launcher.log", script);
        Path experiment = lab.experiment();
        AttackLab.await("the run to start", 30, () -> AttackLab.started(experiment, 0));
        AttackLab.kill("KILL", launcher.pid());
        AttackLab.waitFor(launcher, 10);
        lab.release();
        AttackLab.await("its end", 30, () -> AttackLab.ended(experiment, 0));
        assertEquals("done", lab.states(experiment).get("0"));
        assertTrue(AttackLab.read(AttackLab.runDir(experiment, 0).resolve("out")).endsWith("says bye\n"));
    }

    @Test
    void aStoppedAndContinuedLauncherCarriesOn() {
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "3", "--procs-no", "2");
        Path experiment = lab.experiment();
        awaitBothStarted(experiment);
        AttackLab.kill("STOP", launcher.pid());
        lab.release();
        AttackLab.await("both ends while the launcher is stopped", 30,
                () -> AttackLab.ended(experiment, 0) && AttackLab.ended(experiment, 1));
        AttackLab.kill("CONT", launcher.pid());
        assertEquals(0, AttackLab.waitFor(launcher, 30), lab.read("launcher.log"));
        assertEquals(Map.of("0", "done", "1", "done", "2", "done"), lab.states(experiment));
    }

    @Test
    void aThreadDumpRequestDoesNotStopTheLauncher() {
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2");
        Path experiment = lab.experiment();
        awaitBothStarted(experiment);
        AttackLab.kill("QUIT", launcher.pid());
        AttackLab.pause(300);
        assertTrue(launcher.isAlive());
        lab.release();
        assertEquals(0, AttackLab.waitFor(launcher, 30), lab.read("launcher.log"));
    }

    @Test
    void ctrlCWhileAnAttachedLauncherIsStartingLeavesNoRunBehind() {
        InheritedSignals.assumeNoneIgnored("INT");
        // Interrupted at different moments of its start: whatever it had started, nothing goes on without it.
        for (int delay : new int[] {300, 600, 900, 1200}) {
            Process launcher = lab.launch("launcher-" + delay + ".log", script, "--runs-no", "2", "--procs-no", "2",
                    "--no-detach", "--grace", "1");
            AttackLab.pause(delay);
            AttackLab.kill("INT", launcher.pid());
            AttackLab.waitFor(launcher, 15);
            AttackLab.pause(300);
            assertEquals(java.util.List.of(), lab.alive(), "after Ctrl-C at " + delay + " ms:\n" + lab.read("launcher-" + delay + ".log"));
            for (Path experiment : lab.experiments()) {
                assertFalse(lab.states(experiment).containsValue("running"), lab.states(experiment).toString());
            }
        }
    }
}
