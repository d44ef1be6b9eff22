package io.liftoff.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.InheritedSignals;
import io.liftoff.TestFiles;
import io.liftoff.store.Layout;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One count of what happened (DESIGN §7) and exit codes as documented (DESIGN §2): the launcher's own
 * lines, its summary and status agree on how every run ended, and a launcher that a signal or
 * liftoff-abort stopped exits 128+N, never 0 while runs it was given were not started.
 */
@Timeout(120)
class CountsAttackIT {
    @TempDir
    Path dir;

    AttackLab lab;
    Path script;

    @BeforeEach
    void setUp() {
        lab = new AttackLab(dir);
        script = lab.script("hold.sh", "note start\nhold\n");
    }

    @AfterEach
    void tearDown() {
        lab.close();
    }

    @Test
    void ctrlCOnAnAttachedLauncherIsCountedAbortedEverywhere() {
        InheritedSignals.assumeNoneIgnored("INT");
        Process launcher = lab.launch("launcher.log", script, "--runs-no", "2", "--procs-no", "2", "--no-detach", "--grace", "1");
        Path experiment = lab.experiment();
        AttackLab.await("both runs to start", 30, () -> AttackLab.started(experiment, 0) && AttackLab.started(experiment, 1));
        AttackLab.kill("INT", launcher.pid());
        assertEquals(130, AttackLab.waitFor(launcher, 20), "Ctrl-C ends a launcher as it ends a shell's command");
        String log = lab.read("launcher.log");
        assertTrue(log.contains("0 done, 0 failed, 2 aborted"), "the summary:\n" + log);
        assertTrue(log.contains("0 crashed, 2 aborted"), "the progress line:\n" + log);
        assertFalse(log.matches("(?s).*[12] crashed.*"), "an aborted run is not a crash:\n" + log);
        Map<String, Object> status = lab.status(experiment);
        assertEquals(2, AttackLab.count(status, "aborted"));
        assertEquals(0, AttackLab.count(status, "crashed"));
    }

    @Test
    void aRetriedCrashIsCountedOnceByItsLastAttempt() {
        Path crash = lab.script("crash.sh", "note start\nexit 3\n");
        AttackLab.Result result = lab.liftoff(crash, "--retries", "1").expect(1);
        assertTrue(result.all().contains("exit 3 after"), result.all());
        assertTrue(result.all().contains(", retrying"), "the first attempt says it is retried:\n" + result.all());
        assertTrue(result.all().contains("0 done, 1 failed (1 crashed)"), result.all());
        Map<String, Object> status = lab.status(lab.experiment());
        assertEquals(1, AttackLab.count(status, "crashed"));
        assertEquals(1, AttackLab.count(status, "retried"));
    }

    @Test
    void aLauncherThatSeesTheAbortBeforeItsTermExitsAsTermWouldEndIt() {
        Path quick = lab.script("quick.sh", "note start\nsleep 0.2\n");
        Process launcher = lab.launch("launcher.log", quick, "--runs-no", "200", "--procs-no", "2");
        Path experiment = lab.experiment();
        AttackLab.await("a run to start", 30, () -> AttackLab.started(experiment, 0));
        // What liftoff-abort writes before it signals: the launcher stops launching on its own.
        TestFiles.write(experiment.resolve(Layout.ABORTS), "1\n" + System.currentTimeMillis() + "\n" + io.liftoff.process.Host.name() + "\n");
        assertEquals(143, AttackLab.waitFor(launcher, 30), lab.read("launcher.log"));
        assertTrue(lab.read("launcher.log").contains("not started (liftoff-abort stopped the experiment)"), lab.read("launcher.log"));
    }

    @Test
    void aLauncherStoppedByLiftoffAbortExits143() {
        for (int attempt = 0; attempt < 2; attempt++) {
            Process launcher = lab.launch("launcher-" + attempt + ".log", script, "--runs-no", "50", "--procs-no", "2");
            int made = attempt + 1;
            AttackLab.await("the experiment", 30, () -> lab.experiments().size() == made);
            Path experiment = lab.experiments().get(attempt);
            AttackLab.await("both runs to start", 30, () -> AttackLab.started(experiment, 0) && AttackLab.started(experiment, 1));
            lab.run("liftoff-abort", "-y", experiment.toString()).expect(0);
            assertEquals(143, AttackLab.waitFor(launcher, 30), lab.read("launcher-" + attempt + ".log"));
        }
    }

    @Test
    void helpListsTheExitCodesAndTheSignalOnes() {
        String help = lab.run("liftoff", "--help").expect(0).out();
        assertTrue(help.contains("128+N"), help);
        assertTrue(help.contains("143 TERM"), help);
    }
}
